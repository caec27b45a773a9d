/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "bench-common.h"

/*
 * RFM at the scale we promise: `segmenta-cli rfm` on 10,000,000 order
 * lines of 1,000,000 customers, the whole command from fork to exit,
 * against pandas computing the same table from the same lines in the same
 * run: parsing the dates, the per-customer group-by (first and last day,
 * distinct invoices, spend), ranks, scores and segments. pandas' read_csv
 * and its interpreter start are not counted, nor is writing its result;
 * Segmenta's time includes reading the lines from the project and writing
 * the 1,000,000 customers back. Afterwards every customer's row is
 * compared between the two: recency, frequency, spend and segment must
 * agree for every customer.
 *
 * Usage: bench-rfm SEGMENTA-CLI [--lines N] [--customers N] [--runs N] [--keep]
 */

static int n_lines = 10000000;
static int n_customers = 1000000;
static int runs = 3;
static gboolean keep = FALSE;

static const char *reference =
  "import sys, time, resource, sqlite3, numpy as np, pandas as pd\n"
  "csv, project, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
  "o = pd.read_csv(csv, dtype={'invoice': str, 'customer_id': str})\n"
  "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "names = np.array(['Lost', 'Hibernating', 'At risk', \"Can't lose them\", 'About to sleep', 'Need attention',\n"
  "                  'Loyal', 'Promising', 'New', 'Potential loyalist', 'Champions'])\n"
  "def rfm():\n"
  "    day = pd.to_datetime(o['invoice_date'], format='%Y-%m-%d %H:%M:%S').dt.normalize()\n"
  "    value = o['quantity'] * o['unit_price']\n"
  "    as_of = day.max() + pd.Timedelta(days=1)\n"
  "    keep = o['customer_id'].notna() & day.notna() & value.notna() & (value > 0)\n"
  "    lines = pd.DataFrame({'customer': o['customer_id'][keep], 'day': day[keep],\n"
  "                          'invoice': o['invoice'][keep], 'value': value[keep]})\n"
  "    g = lines.groupby('customer', sort=True)\n"
  "    c = pd.DataFrame({'first': g['day'].min(), 'last': g['day'].max(),\n"
  "                      'frequency': g['invoice'].nunique(), 'monetary': g['value'].sum().round(2)})\n"
  "    c = c[c['frequency'] > 0]\n"
  "    c['recency'] = (as_of - c['last']).dt.days\n"
  "    c['tenure'] = (as_of - c['first']).dt.days\n"
  "    n = len(c)\n"
  "    def score(x, ascending):\n"
  "        return 1 + (5 * (x.rank(method='min', ascending=ascending).astype(np.int64) - 1)) // n\n"
  "    r, f, m = score(c['recency'], False), score(c['frequency'], True), score(c['monetary'], True)\n"
  "    c['avg_order_value'] = (c['monetary'] / c['frequency']).round(2)\n"
  "    c['rfm_score'] = r * 100 + f * 10 + m\n"
  "    c['segment'] = np.select([(r == 1) & (f == 1), (r <= 2) & (f <= 2), (r <= 2) & (f <= 4), r <= 2,\n"
  "                              (r == 3) & (f <= 2), (r == 3) & (f == 3), (r <= 4) & (f >= 4),\n"
  "                              (r == 4) & (f == 1), (r == 5) & (f == 1), f <= 3], names[:10], names[10])\n"
  "    return c\n"
  "times = []\n"
  "for run in range(runs):\n"
  "    t = time.perf_counter()\n"
  "    c = rfm()\n"
  "    times.append(time.perf_counter() - t)\n"
  "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "db = sqlite3.connect(project)\n"
  "ours = pd.read_sql('SELECT customer, recency, frequency, monetary, avg_order_value, rfm_score, segment'\n"
  "                   ' FROM rfm', db).set_index('customer')\n"
  "both = c.join(ours, how='inner', rsuffix='_ours')\n"
  "same = ((both['recency'] == both['recency_ours']) & (both['frequency'] == both['frequency_ours'])\n"
  "        & ((both['monetary'] - both['monetary_ours']).abs() < 0.005)\n"
  "        & (both['segment'] == both['segment_ours'])).sum()\n"
  "scores = (both['rfm_score'] == both['rfm_score_ours']).sum()\n"
  "print(sorted(times)[len(times) // 2], peak, base, len(c), len(ours), same, scores)\n";

/* A shop's ledger: invoices of one to eight lines, each of one customer
 * on one day, in time order over two years; a few lines are returns. */
static void
write_orders (const char *path)
{
  FILE *file = fopen (path, "w");
  guint64 state = 7;
  int line = 0;
  guint invoice = 0;

  g_assert_nonnull (file);
  fputs ("invoice,invoice_date,customer_id,quantity,unit_price\n", file);
  while (line < n_lines)
    {
      guint customer, lines, minute;
      gboolean is_return;
      GDateTime *start, *when;
      g_autofree char *stamp = NULL;

#define NEXT() (state = state * 6364136223846793005ULL + 1442695040888963407ULL, state >> 33)
      customer = (guint) (NEXT () % (guint) n_customers);
      lines = 1 + (guint) (NEXT () % 8);
      is_return = NEXT () % 50 == 0;
      invoice++;
      /* Two years of minutes, spread over the invoices in order. */
      minute = (guint) ((double) line / n_lines * 2 * 365 * 24 * 60);
      start = g_date_time_new_utc (2023, 1, 1, 0, 0, 0);
      when = g_date_time_add_minutes (start, minute);
      stamp = g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
      g_date_time_unref (when);
      g_date_time_unref (start);
      for (guint k = 0; k < lines && line < n_lines; k++, line++)
        {
          guint quantity = 1 + (guint) (NEXT () % 5);
          guint cents = 50 + (guint) (NEXT () % 9950);

          fprintf (file, "%s%u,%s,C%07u,%s%u,%u.%02u\n", is_return ? "C" : "", invoice, stamp,
                   customer, is_return ? "-" : "", quantity, cents / 100, cents % 100);
        }
#undef NEXT
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

static const GOptionEntry entries[] = {
  { "lines", 0, 0, G_OPTION_ARG_INT, &n_lines, "Order lines to generate (default 10,000,000)", "N" },
  { "customers", 0, 0, G_OPTION_ARG_INT, &n_customers, "Customers (default 1,000,000)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per program (default 3); medians are reported", "N" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary directory", NULL },
  { NULL }
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("SEGMENTA-CLI");
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *project = NULL;
  g_autofree char *load = NULL;
  g_autofree char *ours_json = NULL;
  g_autofree char *ref_output = NULL;
  g_autofree double *seconds = NULL;
  g_autoptr(JsonNode) ours = NULL;
  JsonObject *answer, *timings;
  double ref_seconds = 0, ratio;
  long rss_kib = 0, ref_rss_kib = 0, ref_base_kib = 0, ref_customers = 0, ref_read = 0, ref_same = 0, ref_scores = 0;
  char runs_text[16];
  gint64 customers;
  const char *cli;
  gboolean same, ratio_ok, rss_ok;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || runs < 1 ||
      n_lines < 1 || n_customers < 1)
    {
      g_printerr ("usage: bench-rfm SEGMENTA-CLI [--lines N] [--customers N] [--runs N] [--keep]%s%s\n",
                  error != NULL ? ": " : "", error != NULL ? error->message : "");
      return 2;
    }
  cli = argv[1];

  if (!python_has ("pandas, numpy"))
    {
      g_print ("bench-rfm: skipped, the reference needs /usr/bin/python3 with pandas (python3-pandas)\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-rfm-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (dir, "orders.csv", NULL);
  project = g_build_filename (dir, "shop.segmenta", NULL);
  g_print ("Writing %d order lines of %d customers…\n", n_lines, n_customers);
  write_orders (csv);

  /* The import happens once per shop: not part of what is compared. */
  {
    char *import[] = { (char *) cli, "-p", project, "--quiet", "import", csv, "--table", "orders", NULL };
    RunResult result;

    if (!run_timed (import, &result, &error))
      g_error ("import: %s", error->message);
    g_print ("Imported them in %.1f s (peak memory %.1f MiB)\n", result.seconds, result.maxrss_kib / 1024.0);
  }

  load = load_average ();
  seconds = g_new (double, runs);
  for (int run = 0; run < runs; run++)
    {
      char *rfm[] = { (char *) cli, "-p", project, "--quiet", "rfm", "--orders", "orders",
                      "--customer", "customer_id", "--date", "invoice_date", "--quantity", "quantity",
                      "--price", "unit_price", "--invoice", "invoice", "--replace", NULL };
      RunResult result;

      sync ();
      if (!run_timed (rfm, &result, &error))
        g_error ("rfm: %s", error->message);
      seconds[run] = result.seconds;
      rss_kib = MAX (rss_kib, result.maxrss_kib);
      g_print ("  run %d: Segmenta %.3f s (CPU %.3f s), peak memory %.1f MiB\n", run + 1, result.seconds,
               result.cpu_seconds, result.maxrss_kib / 1024.0);
    }

  /* Once more for the phases. */
  {
    char *rfm[] = { (char *) cli, "-p", project, "--json", "rfm", "--orders", "orders",
                    "--customer", "customer_id", "--date", "invoice_date", "--quantity", "quantity",
                    "--price", "unit_price", "--invoice", "invoice", "--replace", NULL };

    ours_json = capture_output (rfm, &error);
    if (ours_json == NULL)
      g_error ("rfm: %s", error->message);
    ours = json_from_string (ours_json, &error);
    g_assert_no_error (error);
    answer = json_node_get_object (ours);
    timings = json_object_get_object_member (answer, "timings");
    customers = json_object_get_int_member (answer, "customers");
  }

  {
    g_autofree char *script = g_build_filename (dir, "reference.py", NULL);
    char *python[] = { "/usr/bin/python3", script, csv, project, runs_text, NULL };

    g_snprintf (runs_text, sizeof runs_text, "%d", runs);
    g_assert_true (g_file_set_contents (script, reference, -1, NULL));
    g_print ("Running pandas…\n");
    ref_output = capture_output (python, &error);
    if (ref_output == NULL ||
        sscanf (ref_output, "%lf %ld %ld %ld %ld %ld %ld", &ref_seconds, &ref_rss_kib, &ref_base_kib,
                &ref_customers, &ref_read, &ref_same, &ref_scores) != 7)
      g_error ("pandas reference: %s", error != NULL ? error->message : ref_output);
  }

  ratio = median (seconds, runs) / ref_seconds;
  same = ref_customers == customers && ref_read == customers && ref_same == customers;
  ratio_ok = ratio <= 0.5;
  rss_ok = rss_kib / 1024.0 <= 500;

  g_print ("\nRFM on %d order lines of %d customers; medians of %d runs\n", n_lines, n_customers, runs);
  g_print ("Load average before the runs: %s\n\n", load);
  g_print ("  segmenta-cli rfm (whole command)   %.3f s, peak memory %.1f MiB\n",
           median (seconds, runs), rss_kib / 1024.0);
  g_print ("    read and gather %.3f s · score and write %.3f s (the --json run)\n",
           json_object_get_double_member (timings, "read"), json_object_get_double_member (timings, "write"));
  g_print ("  pandas (compute, read_csv not counted)   %.3f s, peak memory %.1f MiB (%.1f MiB after read_csv)\n",
           ref_seconds, ref_rss_kib / 1024.0, ref_base_kib / 1024.0);
  g_print ("  customers: Segmenta %" G_GINT64_FORMAT ", pandas %ld; recency, frequency, monetary and segment alike: %ld (%s)\n",
           customers, ref_customers, ref_same, same ? "all" : "NOT ALL");
  /* pandas rounds halves to even and SQLite away from zero, so a
   * monetary value on a half cent may rank one place apart. */
  g_print ("  R/F/M scores alike: %ld of %ld\n", ref_scores, ref_customers);
  g_print ("Targets\n");
  g_print ("  ratio <= 0.50            %.3f     %s\n", ratio, ratio_ok ? "PASS" : "MISS");
  g_print ("  peak RSS <= 500 MiB      %.1f     %s\n", rss_kib / 1024.0, rss_ok ? "PASS" : "MISS");
  g_print ("\nbench-rfm: ratio=%.3f rss_mb=%.1f segmenta_s=%.3f pandas_s=%.3f pandas_rss_mb=%.1f agree=%s\n",
           ratio, rss_kib / 1024.0, median (seconds, runs), ref_seconds, ref_rss_kib / 1024.0, same ? "yes" : "no");

  if (keep)
    g_print ("Kept %s\n", dir);
  else
    remove_tree (dir);

  return same ? 0 : 1;
}
