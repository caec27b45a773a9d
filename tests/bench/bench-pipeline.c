/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "bench-common.h"

/*
 * The sample shop's segmentation as a shop owner runs it: RFM from the
 * order lines, then scaling and suggest-k from 2 to 10 with exact
 * silhouettes. Segmenta runs it through segmenta-cli (two processes, as a
 * script would); the same steps run in pandas and scikit-learn, limited
 * to two threads, in the same session as the yardstick. The target is an
 * absolute one: the whole pipeline in at most a second.
 *
 * Usage: bench-pipeline SEGMENTA-CLI ORDERS.CSV
 */

#define TARGET_SECONDS 1.0
#define RUNS 5

static const char *reference =
  "import sys, time, resource, numpy as np, pandas as pd\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn.preprocessing import StandardScaler\n"
  "from sklearn.cluster import KMeans\n"
  "from sklearn.metrics import silhouette_score, calinski_harabasz_score, davies_bouldin_score\n"
  "path, runs = sys.argv[1], int(sys.argv[2])\n"
  "times = []\n"
  "with threadpool_limits(2):\n"
  "    for run in range(runs):\n"
  "        t = time.perf_counter()\n"
  "        o = pd.read_csv(path, parse_dates=['invoice_date'])\n"
  "        o['value'] = o['quantity'] * o['unit_price']\n"
  "        o = o[o['value'] > 0]\n"
  "        as_of = o['invoice_date'].max().normalize() + pd.Timedelta(days=1)\n"
  "        g = o.groupby('customer_id')\n"
  "        rfm = pd.DataFrame({'recency': (as_of - g['invoice_date'].max().dt.normalize()).dt.days,\n"
  "                            'frequency': g['invoice'].nunique(),\n"
  "                            'monetary': g['value'].sum().round(2)})\n"
  "        x = rfm[['recency', 'frequency', 'monetary']].to_numpy(dtype=float)\n"
  "        x[:, 1:] = np.log1p(x[:, 1:])\n"
  "        x = StandardScaler().fit_transform(x)\n"
  "        scores = []\n"
  "        for k in range(2, 11):\n"
  "            m = KMeans(n_clusters=k, n_init=10, random_state=0).fit(x)\n"
  "            scores.append((k, m.inertia_, silhouette_score(x, m.labels_),\n"
  "                           calinski_harabasz_score(x, m.labels_), davies_bouldin_score(x, m.labels_)))\n"
  "        times.append(time.perf_counter() - t)\n"
  "best = max(scores, key=lambda s: s[2])\n"
  "print(sorted(times)[len(times) // 2], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(rfm), best[0])\n"
  "for s in scores:\n"
  "    print(*s)\n";

typedef struct
{
  int    k;
  double inertia;
  double silhouette;
} Score;

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autofree char *load = NULL;
  g_autofree char *ref_output = NULL;
  g_autofree char *ours_json = NULL;
  g_autoptr(JsonNode) ours = NULL;
  g_auto(GStrv) ref_lines = NULL;
  double rfm_seconds[RUNS], suggest_seconds[RUNS], total_seconds[RUNS];
  long rss_kib = 0;
  double ref_seconds = 0;
  long ref_rss_kib = 0;
  long ref_rows = 0;
  int ref_k = 0;
  const char *cli, *orders;
  gboolean have_reference;
  JsonArray *scores;

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      g_printerr ("usage: bench-pipeline SEGMENTA-CLI ORDERS.CSV\n");
      return 2;
    }
  cli = argv[1];
  orders = argv[2];

  dir = g_dir_make_tmp ("segmenta-bench-pipeline-XXXXXX", &error);
  g_assert_no_error (error);
  project = g_build_filename (dir, "shop.segmenta", NULL);
  load = load_average ();

  /* The import is not part of the pipeline: it happens once per shop. */
  {
    char *import[] = { (char *) cli, "-p", project, "--quiet", "import", (char *) orders, "--table", "orders", NULL };
    RunResult result;

    if (!run_timed (import, &result, &error))
      g_error ("import: %s", error->message);
    g_print ("Imported the sample shop's %s in %.3f s\n", orders, result.seconds);
  }

  for (int run = 0; run < RUNS; run++)
    {
      char *rfm[] = { (char *) cli, "-p", project, "--quiet", "rfm", "--orders", "orders",
                      "--customer", "customer_id", "--date", "invoice_date", "--quantity", "quantity",
                      "--price", "unit_price", "--invoice", "invoice", "--replace", NULL };
      char *suggest[] = { (char *) cli, "-p", project, "--quiet", "suggest-k", "--table", "rfm",
                          "--columns", "recency,frequency,monetary", "--log", "frequency,monetary",
                          "--scale", "standard", "--k-min", "2", "--k-max", "10", NULL };
      RunResult result;

      if (!run_timed (rfm, &result, &error))
        g_error ("rfm: %s", error->message);
      rfm_seconds[run] = result.seconds;
      rss_kib = MAX (rss_kib, result.maxrss_kib);
      if (!run_timed (suggest, &result, &error))
        g_error ("suggest-k: %s", error->message);
      suggest_seconds[run] = result.seconds;
      rss_kib = MAX (rss_kib, result.maxrss_kib);
      total_seconds[run] = rfm_seconds[run] + suggest_seconds[run];
    }

  {
    char *suggest[] = { (char *) cli, "-p", project, "--json", "suggest-k", "--table", "rfm",
                        "--columns", "recency,frequency,monetary", "--log", "frequency,monetary",
                        "--scale", "standard", "--k-min", "2", "--k-max", "10", NULL };

    ours_json = capture_output (suggest, &error);
    if (ours_json == NULL)
      g_error ("suggest-k: %s", error->message);
    ours = json_from_string (ours_json, &error);
    g_assert_no_error (error);
    scores = json_object_get_array_member (json_node_get_object (ours), "scores");
  }

  have_reference = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE);
  if (have_reference)
    {
      g_autofree char *script = g_build_filename (dir, "reference.py", NULL);
      char runs_text[16];
      char *python[] = { "/usr/bin/python3", script, (char *) orders, runs_text, NULL };

      g_snprintf (runs_text, sizeof runs_text, "%d", RUNS);
      g_assert_true (g_file_set_contents (script, reference, -1, NULL));
      ref_output = capture_output (python, &error);
      if (ref_output == NULL)
        {
          g_print ("Reference unavailable (%s); Segmenta's figures only\n", error->message);
          g_clear_error (&error);
          have_reference = FALSE;
        }
      else
        {
          ref_lines = g_strsplit (ref_output, "\n", -1);
          if (sscanf (ref_lines[0], "%lf %ld %ld %d", &ref_seconds, &ref_rss_kib, &ref_rows, &ref_k) != 4)
            g_error ("reference printed “%s”", ref_lines[0]);
        }
    }

  g_print ("\nSample-shop pipeline: RFM → log1p + standard scaling → suggest-k 2..10 (k-means, 10 restarts,"
           " exact silhouette, Calinski–Harabasz, Davies–Bouldin), median of %d runs\n", RUNS);
  g_print ("Load average before the runs: %s\n\n", load);
  g_print ("  segmenta-cli rfm         %.3f s\n", median (rfm_seconds, RUNS));
  g_print ("  segmenta-cli suggest-k   %.3f s\n", median (suggest_seconds, RUNS));
  g_print ("  whole pipeline           %.3f s   (target ≤ %.1f s: %s)\n", median (total_seconds, RUNS),
           TARGET_SECONDS, median (total_seconds, RUNS) <= TARGET_SECONDS ? "PASS" : "MISS");
  g_print ("  peak memory              %.1f MiB\n", rss_kib / 1024.0);
  g_print ("  customers                %" G_GINT64_FORMAT ", recommended k = %" G_GINT64_FORMAT "\n",
           json_object_get_int_member (json_node_get_object (ours), "rows"),
           json_object_get_int_member (json_node_get_object (ours), "recommended_k"));

  if (have_reference)
    {
      g_print ("\n  pandas + scikit-learn    %.3f s (in-process, without interpreter start), peak memory %.1f MiB\n",
               ref_seconds, ref_rss_kib / 1024.0);
      g_print ("  customers                %ld, recommended k = %d\n", ref_rows, ref_k);
      g_print ("  ratio Segmenta / reference: %.3f\n\n", median (total_seconds, RUNS) / ref_seconds);
      g_print ("   k   inertia (ours / ref)       silhouette (ours / ref)\n");
      for (guint i = 0; i < json_array_get_length (scores) && ref_lines[i + 1] != NULL; i++)
        {
          JsonObject *score = json_array_get_object_element (scores, i);
          Score ref = { 0 };

          if (sscanf (ref_lines[i + 1], "%d %lf %lf", &ref.k, &ref.inertia, &ref.silhouette) != 3)
            break;
          g_print ("  %2d   %9.2f / %9.2f       %.4f / %.4f\n", ref.k,
                   json_object_get_double_member (score, "inertia"), ref.inertia,
                   json_object_get_double_member (score, "silhouette"), ref.silhouette);
        }
    }

  remove_tree (dir);

  return median (total_seconds, RUNS) <= TARGET_SECONDS ? 0 : 1;
}
