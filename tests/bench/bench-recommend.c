/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "bench-common.h"

/*
 * Best-seller offers for every customer, as a shop owner waits for them:
 * `segmenta-cli recommend` reading 1,000,000 order lines of 100,000
 * customers and 2,000 products from the project, choosing ten offers for
 * each and writing the 1,000,000 offers back. The yardstick does the same
 * work in pandas in the same run, from the same project file and back into
 * it (its interpreter start and imports not counted), and then checks that
 * both wrote the same offers.
 *
 * Usage: bench-recommend SEGMENTA-CLI
 */

#define N_LINES     1000000
#define N_CUSTOMERS 100000
#define N_PRODUCTS  2000
#define TOP         10
#define RUNS        3

static const char *reference =
  "import sys, time, sqlite3, resource, pandas as pd\n"
  "path, top, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
  "times = []\n"
  "for run in range(runs):\n"
  "    t = time.perf_counter()\n"
  "    db = sqlite3.connect(path)\n"
  "    o = pd.read_sql('SELECT customer_id, sku FROM orders ORDER BY rowid', db).dropna()\n"
  "    customers = o['customer_id'].drop_duplicates().tolist()\n"
  "    first = {s: i for i, s in enumerate(o['sku'].drop_duplicates())}\n"
  "    pairs = o.drop_duplicates()\n"
  "    buyers = pairs.groupby('sku').size()\n"
  "    ranking = sorted(buyers.index, key=lambda s: (-buyers[s], first[s]))\n"
  "    bought = pairs.groupby('customer_id')['sku'].agg(set)\n"
  "    n = len(customers)\n"
  "    rows = []\n"
  "    for c in customers:\n"
  "        have = bought[c]\n"
  "        rank = 0\n"
  "        for s in ranking:\n"
  "            if s not in have:\n"
  "                rank += 1\n"
  "                rows.append((c, rank, s, buyers[s] / n))\n"
  "                if rank == top:\n"
  "                    break\n"
  "    pd.DataFrame(rows, columns=['customer', 'rank', 'item', 'score']).to_sql('reference_offers', db,\n"
  "                                                                         if_exists='replace', index=False)\n"
  "    db.commit()\n"
  "    db.close()\n"
  "    times.append(time.perf_counter() - t)\n"
  "db = sqlite3.connect(path)\n"
  "same = db.execute('SELECT count(*) FROM offers o JOIN reference_offers r ON o.rowid = r.rowid'\n"
  "                  ' WHERE o.customer = r.customer AND o.rank = r.rank AND o.item = r.item'\n"
  "                  ' AND abs(o.score - r.score) < 1e-12').fetchone()[0]\n"
  "total = db.execute('SELECT count(*) FROM reference_offers').fetchone()[0]\n"
  "print(sorted(times)[len(times) // 2], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, total, same)\n";

/* A deterministic shop: customers buy a few lines each, and products are
 * bought the more often the lower their number, as best sellers are. */
static void
write_orders (const char *path)
{
  FILE *file = fopen (path, "w");
  guint64 state = 42;

  g_assert_nonnull (file);
  fputs ("invoice,customer_id,sku,quantity\n", file);
  for (guint i = 0; i < N_LINES; i++)
    {
      double u;
      guint customer, product;

      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      customer = (guint) ((state >> 33) % N_CUSTOMERS);
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      u = (double) (state >> 11) / (double) (1ULL << 53);
      product = (guint) (N_PRODUCTS * pow (u, 3.0));
      fprintf (file, "%u,C%06u,P%04u,%u\n", i / 3 + 1, customer, MIN (product, N_PRODUCTS - 1), 1 + i % 3);
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *project = NULL;
  g_autofree char *load = NULL;
  g_autofree char *ours_json = NULL;
  g_autofree char *ref_output = NULL;
  g_autoptr(JsonNode) ours = NULL;
  double seconds[RUNS];
  double ref_seconds = 0;
  long rss_kib = 0, ref_rss_kib = 0, ref_total = 0, ref_same = 0;
  char top_text[16];
  const char *cli;
  gboolean have_reference, same = TRUE;
  JsonObject *answer, *timings;

  setlocale (LC_ALL, "");
  if (argc != 2)
    {
      g_printerr ("usage: bench-recommend SEGMENTA-CLI\n");
      return 2;
    }
  cli = argv[1];
  g_snprintf (top_text, sizeof top_text, "%d", TOP);

  dir = g_dir_make_tmp ("segmenta-bench-recommend-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (dir, "orders.csv", NULL);
  project = g_build_filename (dir, "shop.segmenta", NULL);
  write_orders (csv);
  load = load_average ();

  /* The import happens once per shop: not part of what is compared. */
  {
    char *import[] = { (char *) cli, "-p", project, "--quiet", "import", csv, "--table", "orders", NULL };
    RunResult result;

    if (!run_timed (import, &result, &error))
      g_error ("import: %s", error->message);
    g_print ("Imported %d order lines in %.3f s\n", N_LINES, result.seconds);
  }

  for (int run = 0; run < RUNS; run++)
    {
      char *recommend[] = { (char *) cli, "-p", project, "--quiet", "recommend", "--table", "orders",
                            "--user", "customer_id", "--item", "sku", "--top", top_text,
                            "-o", "offers", "--replace", NULL };
      RunResult result;

      if (!run_timed (recommend, &result, &error))
        g_error ("recommend: %s", error->message);
      seconds[run] = result.seconds;
      rss_kib = MAX (rss_kib, result.maxrss_kib);
    }

  /* Once more for the phases, as the run record has them. */
  {
    char *recommend[] = { (char *) cli, "-p", project, "--json", "recommend", "--table", "orders",
                          "--user", "customer_id", "--item", "sku", "--top", top_text,
                          "-o", "offers", "--replace", NULL };

    ours_json = capture_output (recommend, &error);
    if (ours_json == NULL)
      g_error ("recommend: %s", error->message);
    ours = json_from_string (ours_json, &error);
    g_assert_no_error (error);
    answer = json_node_get_object (ours);
    timings = json_object_get_object_member (answer, "timings");
  }

  have_reference = python_has ("pandas");
  if (have_reference)
    {
      g_autofree char *script = g_build_filename (dir, "reference.py", NULL);
      char runs_text[16];
      char *python[] = { "/usr/bin/python3", script, project, top_text, runs_text, NULL };

      g_snprintf (runs_text, sizeof runs_text, "%d", RUNS);
      g_assert_true (g_file_set_contents (script, reference, -1, NULL));
      ref_output = capture_output (python, &error);
      if (ref_output == NULL ||
          sscanf (ref_output, "%lf %ld %ld %ld", &ref_seconds, &ref_rss_kib, &ref_total, &ref_same) != 4)
        {
          g_print ("Reference unavailable (%s); Segmenta's figures only\n",
                   error != NULL ? error->message : ref_output);
          g_clear_error (&error);
          have_reference = FALSE;
        }
    }

  g_print ("\nBest-seller offers: %d order lines, %d customers, %d products, %d offers each;"
           " median of %d runs of the whole command\n", N_LINES, N_CUSTOMERS, N_PRODUCTS, TOP, RUNS);
  g_print ("Load average before the runs: %s\n\n", load);
  g_print ("  segmenta-cli recommend   %.3f s, peak memory %.1f MiB\n", median (seconds, RUNS), rss_kib / 1024.0);
  g_print ("    read %.3f s · fit %.3f s · measure %.3f s · write %.3f s\n",
           json_object_get_double_member (timings, "load"), json_object_get_double_member (timings, "fit"),
           json_object_get_double_member (timings, "measure"), json_object_get_double_member (timings, "write"));
  g_print ("  offers                   %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " customers\n",
           json_object_get_int_member (answer, "recommendations"), json_object_get_int_member (answer, "customers"));

  if (have_reference)
    {
      same = ref_total == json_object_get_int_member (answer, "recommendations") && ref_same == ref_total;
      g_print ("\n  pandas (read from and write to the same project)   %.3f s, peak memory %.1f MiB\n",
               ref_seconds, ref_rss_kib / 1024.0);
      g_print ("  offers                   %ld, of which the same as Segmenta's: %ld (%s)\n",
               ref_total, ref_same, same ? "all" : "NOT ALL");
      g_print ("  ratio Segmenta / reference: %.3f\n", median (seconds, RUNS) / ref_seconds);
    }

  remove_tree (dir);

  return same ? 0 : 1;
}
