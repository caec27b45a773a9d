/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-common.h"

/*
 * A prediction as a shop owner runs it, on a generated shop of
 * 3,000,000 order lines, against the same pipeline in pandas and
 * scikit-learn in the same run, in three phases:
 *
 * table    `segmenta-cli predict-table`: every order line read from the
 *          project, each customer's 14 features as of three days (train
 *          rows as of the cut-off less the 30-day horizon, test rows as
 *          of the cut-off, score rows as of the day after the last
 *          order), whether they bought in the window after, the table
 *          written back. pandas: read_sql of the same lines, the same
 *          group-bys, to_sql.
 * fit      `segmenta-cli predict` with logistic regression on the 14
 *          features (train rows to fit, test rows to judge): load,
 *          mean-fill and standardise, fit, the figures and curves on the
 *          test rows, every row's prediction written. scikit-learn:
 *          read_sql, SimpleImputer + StandardScaler + LogisticRegression
 *          (C 1), the same figures and curves, to_sql.
 * score    `segmenta-cli score RUN` on the whole table, against
 *          read_sql, predict_proba, to_sql.
 *
 * Segmenta's times are whole commands from fork to exit; the reference
 * runs in one interpreter whose start and imports are not counted, under
 * threadpool_limits(2). The import of the CSV file into the project
 * happens once and is timed on its own. The two sides take turns, one
 * run each; medians of wall and CPU time are reported with the load
 * average (on a busy machine the CPU times compare better). Afterwards the
 * reference checks that both tables agree customer by customer and
 * split by split, and both AUCs are printed.
 *
 * Usage: bench-predict-run SEGMENTA-CLI [--lines N] [--runs N] [--keep]
 */

#define HORIZON   30
#define SPAN_DAYS 730

static int n_lines = 3000000;
static int runs = 3;
static gboolean keep = FALSE;

static const char *features =
  "recency,frequency,monetary,avg_order_value,tenure,gap_mean,gap_sd,overdue,"
  "return_line_share,return_value_share,spend_30d,orders_30d,spend_90d,orders_90d";

static const char *reference =
  "import sys, time, sqlite3, resource, warnings\n"
  "warnings.simplefilter('ignore')\n"
  "import numpy as np, pandas as pd\n"
  "from sklearn.impute import SimpleImputer\n"
  "from sklearn.preprocessing import StandardScaler\n"
  "from sklearn.pipeline import make_pipeline\n"
  "from sklearn.linear_model import LogisticRegression\n"
  "from sklearn.metrics import (roc_auc_score, log_loss, brier_score_loss, average_precision_score,\n"
  "                             accuracy_score, precision_score, recall_score, f1_score, roc_curve,\n"
  "                             precision_recall_curve)\n"
  "from sklearn.calibration import calibration_curve\n"
  "from threadpoolctl import threadpool_limits\n"
  "project, cutoff, horizon, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]\n"
  "F = sys.argv[5].split(',')\n"
  "def figures(o, as_of, labelled):\n"
  "    before = o[o.day < as_of]\n"
  "    pos = before[before.value > 0]\n"
  "    g = pos.groupby('customer', sort=True)\n"
  "    orders = pos.drop_duplicates(['customer', 'invoice'])\n"
  "    f = pd.DataFrame({'recency': as_of - g.day.max(), 'frequency': orders.groupby('customer').size(),\n"
  "                      'monetary': g.value.sum()})\n"
  "    f['avg_order_value'] = f.monetary / f.frequency\n"
  "    f['tenure'] = as_of - g.day.min()\n"
  "    days = pos[['customer', 'day']].drop_duplicates().sort_values(['customer', 'day'])\n"
  "    gaps = days.day.diff()[days.customer.eq(days.customer.shift())]\n"
  "    gg = gaps.groupby(days.customer[gaps.index])\n"
  "    f['gap_mean'] = gg.mean()\n"
  "    f['gap_sd'] = gg.std(ddof=0)\n"
  "    f['overdue'] = f.recency - f.gap_mean\n"
  "    ret = before[before.value < 0].groupby('customer')\n"
  "    lines = before.groupby('customer').size().reindex(f.index)\n"
  "    f['return_line_share'] = ret.size().reindex(f.index, fill_value=0) / lines\n"
  "    f['return_value_share'] = -ret.value.sum().reindex(f.index, fill_value=0) / f.monetary\n"
  "    for d in (30, 90):\n"
  "        f['spend_%dd' % d] = pos[pos.day >= as_of - d].groupby('customer').value.sum().reindex(f.index, fill_value=0.0)\n"
  "        f['orders_%dd' % d] = orders[orders.day >= as_of - d].groupby('customer').size().reindex(f.index, fill_value=0)\n"
  "    if labelled:\n"
  "        win = o[(o.day >= as_of) & (o.day < as_of + horizon) & (o.value > 0)]\n"
  "        f['target'] = f.index.isin(win.customer.unique()).astype(np.int64)\n"
  "    else:\n"
  "        f['target'] = np.nan\n"
  "    return f\n"
  "def table(db):\n"
  "    o = pd.read_sql('SELECT CAST(customer_id AS TEXT) AS customer, invoice_date, CAST(invoice AS TEXT) AS invoice,'\n"
  "                    ' CAST(quantity * unit_price AS REAL) AS value FROM orders', db)\n"
  "    o['day'] = pd.to_datetime(o.invoice_date, format='%Y-%m-%d %H:%M:%S').values.astype('datetime64[D]').astype(np.int64)\n"
  "    cut = int(np.datetime64(cutoff, 'D').astype(np.int64))\n"
  "    parts = []\n"
  "    for split, as_of, labelled in (('train', cut - horizon, True), ('test', cut, True), ('score', int(o.day.max()) + 1, False)):\n"
  "        f = figures(o, as_of, labelled)\n"
  "        f.insert(0, 'as_of', str(np.datetime64(as_of, 'D')))\n"
  "        f.insert(0, 'split', split)\n"
  "        parts.append(f)\n"
  "    t = pd.concat(parts).rename_axis('customer').reset_index()\n"
  "    t.to_sql('ref_predict', db, if_exists='replace', index=False)\n"
  "    db.commit()\n"
  "def fit(db):\n"
  "    t = pd.read_sql('SELECT * FROM ref_predict', db)\n"
  "    train, test = t[t.split == 'train'], t[t.split == 'test']\n"
  "    model = make_pipeline(SimpleImputer(strategy='mean'), StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))\n"
  "    model.fit(train[F], train.target.astype(int))\n"
  "    p = model.predict_proba(test[F])[:, 1]\n"
  "    y = test.target.astype(int)\n"
  "    auc = roc_auc_score(y, p)\n"
  "    m = [auc, log_loss(y, p), brier_score_loss(y, p), average_precision_score(y, p), accuracy_score(y, p >= 0.5),\n"
  "         precision_score(y, p >= 0.5), recall_score(y, p >= 0.5), f1_score(y, p >= 0.5)]\n"
  "    roc_curve(y, p); precision_recall_curve(y, p); calibration_curve(y, p, n_bins=10)\n"
  "    labelled = t[t.split != 'score']\n"
  "    pa = model.predict_proba(labelled[F])[:, 1]\n"
  "    pd.DataFrame({'customer': labelled.customer, 'target': labelled.target, 'split': labelled.split,\n"
  "                  'prediction': pa, 'label': (pa >= 0.5).astype(int)}).to_sql('ref_run', db, if_exists='replace', index=False)\n"
  "    db.commit()\n"
  "    return model, auc\n"
  "def score(db, model):\n"
  "    t = pd.read_sql('SELECT * FROM ref_predict', db)\n"
  "    p = model.predict_proba(t[F])[:, 1]\n"
  "    pd.DataFrame({'customer': t.customer, 'prediction': p, 'label': (p >= 0.5).astype(int)}).to_sql(\n"
  "        'ref_scores', db, if_exists='replace', index=False)\n"
  "    db.commit()\n"
  "if mode == 'time':\n"
  "    with threadpool_limits(2):\n"
  "        db = sqlite3.connect(project)\n"
  "        c0, t0 = time.process_time(), time.perf_counter(); table(db)\n"
  "        c1, t1 = time.process_time(), time.perf_counter(); model, auc = fit(db)\n"
  "        c2, t2 = time.process_time(), time.perf_counter(); score(db, model)\n"
  "        c3, t3 = time.process_time(), time.perf_counter()\n"
  "        db.close()\n"
  "    print(t1 - t0, t2 - t1, t3 - t2, c1 - c0, c2 - c1, c3 - c2, auc,\n"
  "          resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
  "else:\n"
  "    db = sqlite3.connect(project)\n"
  "    ours = pd.read_sql('SELECT * FROM predict', db).set_index(['split', 'customer'])\n"
  "    ref = pd.read_sql('SELECT * FROM ref_predict', db).set_index(['split', 'customer'])\n"
  "    both = ref.join(ours, how='inner', rsuffix='_ours')\n"
  "    same = np.ones(len(both), bool)\n"
  "    for c in F + ['target']:\n"
  "        a, b = both[c].astype(float), both[c + '_ours'].astype(float)\n"
  "        same &= ((a - b).abs() <= 1e-9 * np.maximum(1, a.abs())) | (a.isna() & b.isna())\n"
  "    print(len(ref), len(ours), len(both), int(same.sum()))\n";

/* Draws a day's time in seconds, 09:00 to 20:59. */
static int
second_of_day (gsl_rng *rng)
{
  return 9 * 3600 + (int) gsl_rng_uniform_int (rng, 12 * 3600);
}

typedef struct
{
  double   when;       /* days since the first day, with the time of day */
  guint32  customer;
  guint8   lines;
  guint8   is_return;
} Order;

static int
compare_orders (const void *a,
                const void *b)
{
  double x = ((const Order *) a)->when, y = ((const Order *) b)->when;

  return (x > y) - (x < y);
}

/* A shop over two years: customers arrive evenly, order at a rate of
 * their own (gamma across customers, an order every 40 days on average)
 * and stop after each order with a chance of their own (beta, one in
 * six on average), so that recency and frequency tell something of who
 * comes back. Orders have one to eight lines; one in fifty is a return. */
static void
write_orders (const char *path)
{
  FILE *file = fopen (path, "w");
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  GArray *orders = g_array_new (FALSE, FALSE, sizeof (Order));
  char days[SPAN_DAYS][12];
  long lines = 0;
  guint32 customer = 0;

  g_assert_nonnull (file);
  gsl_rng_set (rng, 42);
  for (int d = 0; d < SPAN_DAYS; d++)
    {
      g_autoptr(GDateTime) start = g_date_time_new_utc (2023, 1, 1, 0, 0, 0);
      g_autoptr(GDateTime) day = g_date_time_add_days (start, d);
      g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

      g_strlcpy (days[d], text, sizeof days[d]);
    }

  while (lines < n_lines)
    {
      double rate = gsl_ran_gamma (rng, 1.5, 1.0 / 60.0);
      double stop = gsl_ran_beta (rng, 1.0, 5.0);
      double t = gsl_rng_uniform (rng) * SPAN_DAYS;

      while (t < SPAN_DAYS && lines < n_lines)
        {
          Order order = { t, customer, (guint8) (1 + gsl_rng_uniform_int (rng, 8)), gsl_rng_uniform (rng) < 0.02 };

          g_array_append_val (orders, order);
          lines += order.lines;
          if (gsl_rng_uniform (rng) < stop)
            break;
          t += gsl_ran_exponential (rng, 1.0 / rate);
        }
      customer++;
    }
  g_array_sort (orders, compare_orders);

  fputs ("invoice,invoice_date,customer_id,quantity,unit_price\n", file);
  for (guint i = 0; i < orders->len; i++)
    {
      const Order *order = &g_array_index (orders, Order, i);
      int day = (int) order->when;
      int second = second_of_day (rng);

      for (guint k = 0; k < order->lines; k++)
        {
          guint quantity = 1 + (guint) gsl_rng_uniform_int (rng, 5);
          guint cents = 50 + (guint) gsl_rng_uniform_int (rng, 9950);

          fprintf (file, "%s%u,%s %02d:%02d:%02d,C%07u,%s%u,%u.%02u\n", order->is_return ? "C" : "",
                   100000 + i, days[day], second / 3600, second / 60 % 60, second % 60, order->customer,
                   order->is_return ? "-" : "", quantity, cents / 100, cents % 100);
        }
    }
  g_assert_cmpint (fclose (file), ==, 0);
  g_print ("Wrote %ld order lines of %u customers, %u orders\n", lines, customer, orders->len);
  g_array_unref (orders);
  gsl_rng_free (rng);
}

/* The CPU time of the children reaped so far. */
static double
children_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);

  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Runs a command with --json and returns its answer, timing it from
 * spawn to exit, in wall and CPU time. */
static JsonObject *
run_json (char *const *argv,
          double      *seconds,
          double      *cpu)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autoptr(JsonNode) node = NULL;
  double start = now ();
  double cpu_start = children_cpu ();

  output = capture_output (argv, &error);
  *seconds = now () - start;
  *cpu = children_cpu () - cpu_start;
  if (output == NULL)
    g_error ("%s: %s", argv[4], error->message);
  node = json_from_string (output, &error);
  if (node == NULL)
    g_error ("%s printed “%s”: %s", argv[4], output, error->message);

  return json_node_dup_object (node);
}

static const GOptionEntry entries[] = {
  { "lines", 0, 0, G_OPTION_ARG_INT, &n_lines, "Order lines to generate (default 3,000,000)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per side (default 3); medians are reported", "N" },
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
  g_autofree char *script = NULL;
  g_autofree char *load = NULL;
  g_autofree double *ours[4] = { NULL };
  g_autofree double *ref[4] = { NULL };
  g_autofree double *ours_cpu[4] = { NULL };
  g_autofree double *ref_cpu[4] = { NULL };
  g_autofree double *inner_table = NULL;
  g_autofree double *inner_fit = NULL;
  double our_auc = NAN, ref_auc = NAN;
  long ref_rss = 0;
  long n_ref = 0, n_ours = 0, n_both = 0, n_same = 0;
  gint64 rows_train = 0, rows_test = 0, rows_score = 0;
  const char *cli;
  char horizon_text[16];
  const char *cutoff = "2024-11-01";
  gboolean agree;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || runs < 1 || n_lines < 1000)
    {
      g_printerr ("usage: bench-predict-run SEGMENTA-CLI [--lines N] [--runs N] [--keep]%s%s\n",
                  error != NULL ? ": " : "", error != NULL ? error->message : "");
      return 2;
    }
  cli = argv[1];

  if (!python_has ("pandas, sklearn, threadpoolctl"))
    {
      g_print ("bench-predict-run: skipped, the reference needs /usr/bin/python3 with pandas, "
               "scikit-learn and threadpoolctl\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-predict-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (dir, "orders.csv", NULL);
  project = g_build_filename (dir, "shop.segmenta", NULL);
  script = g_build_filename (dir, "reference.py", NULL);
  g_assert_true (g_file_set_contents (script, reference, -1, NULL));
  g_snprintf (horizon_text, sizeof horizon_text, "%d", HORIZON);
  write_orders (csv);

  /* The import happens once per shop: timed apart from the rest. */
  {
    char *import[] = { (char *) cli, "-p", project, "--quiet", "import", csv, "--table", "orders", NULL };
    RunResult result;

    if (!run_timed (import, &result, &error))
      g_error ("import: %s", error->message);
    g_print ("Imported them in %.2f s (CPU %.2f s, peak memory %.1f MiB); not counted below\n",
             result.seconds, result.cpu_seconds, result.maxrss_kib / 1024.0);
  }

  load = load_average ();
  for (int p = 0; p < 4; p++)
    {
      ours[p] = g_new0 (double, runs);
      ref[p] = g_new0 (double, runs);
      ours_cpu[p] = g_new0 (double, runs);
      ref_cpu[p] = g_new0 (double, runs);
    }
  inner_table = g_new0 (double, runs);
  inner_fit = g_new0 (double, runs);

  for (int run = 0; run < runs; run++)
    {
      char *table[] = { (char *) cli, "-p", project, "--json", "predict-table", "--orders", "orders",
                        "--cutoff", (char *) cutoff, "--horizon", horizon_text, "--target", "buys-again",
                        "--splits", "train,test,score", "--replace", NULL };
      char *predict[] = { (char *) cli, "-p", project, "--json", "predict", "--kind", "classification",
                          "--algorithm", "logistic", "--table", "predict", "--target", "target",
                          "--features", (char *) features, "--key", "customer", "--split-column", "split",
                          NULL };
      g_autofree char *run_text = NULL;
      g_autofree char *scores = g_strdup_printf ("scores_%d", run + 1);
      g_autoptr(JsonObject) answer = NULL;
      g_autoptr(JsonObject) fitted = NULL;
      g_autoptr(JsonObject) scored = NULL;
      g_autofree char *output = NULL;
      JsonObject *rows, *timings;
      long rss = 0;

      answer = run_json (table, &ours[0][run], &ours_cpu[0][run]);
      inner_table[run] = json_object_get_double_member (answer, "seconds");
      rows = json_object_get_object_member (answer, "rows");
      rows_train = json_object_get_int_member (rows, "train");
      rows_test = json_object_get_int_member (rows, "test");
      rows_score = json_object_get_int_member (rows, "score");

      fitted = run_json (predict, &ours[1][run], &ours_cpu[1][run]);
      timings = json_object_get_object_member (fitted, "timings");
      inner_fit[run] = json_object_get_double_member (timings, "fit");
      our_auc = json_object_get_double_member (json_object_get_object_member (fitted, "metrics"), "auc");
      run_text = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (fitted, "run"));
      {
        char *score[] = { (char *) cli, "-p", project, "--json", "score", run_text, "--table", "predict",
                          "--output", scores, NULL };

        scored = run_json (score, &ours[2][run], &ours_cpu[2][run]);
      }
      ours[3][run] = ours[0][run] + ours[1][run] + ours[2][run];
      ours_cpu[3][run] = ours_cpu[0][run] + ours_cpu[1][run] + ours_cpu[2][run];

      {
        char *python[] = { "/usr/bin/python3", script, project, (char *) cutoff, horizon_text, "time",
                           (char *) features, NULL };

        output = capture_output (python, &error);
        if (output == NULL ||
            sscanf (output, "%lf %lf %lf %lf %lf %lf %lf %ld", &ref[0][run], &ref[1][run], &ref[2][run],
                    &ref_cpu[0][run], &ref_cpu[1][run], &ref_cpu[2][run], &ref_auc, &rss) != 8)
          g_error ("reference: %s", error != NULL ? error->message : output);
        ref[3][run] = ref[0][run] + ref[1][run] + ref[2][run];
        ref_cpu[3][run] = ref_cpu[0][run] + ref_cpu[1][run] + ref_cpu[2][run];
        ref_rss = MAX (ref_rss, rss);
      }
      g_print ("run %d: Segmenta table %.3f s, fit %.3f s, score %.3f s (all %.3f s, CPU %.3f s); "
               "pandas + scikit-learn %.3f s, %.3f s, %.3f s (all %.3f s, CPU %.3f s)\n",
               run + 1, ours[0][run], ours[1][run], ours[2][run], ours[3][run], ours_cpu[3][run],
               ref[0][run], ref[1][run], ref[2][run], ref[3][run], ref_cpu[3][run]);
    }

  {
    char *python[] = { "/usr/bin/python3", script, project, (char *) cutoff, horizon_text, "check",
                       (char *) features, NULL };
    g_autofree char *output = capture_output (python, &error);

    if (output == NULL || sscanf (output, "%ld %ld %ld %ld", &n_ref, &n_ours, &n_both, &n_same) != 4)
      g_error ("reference check: %s", error != NULL ? error->message : output);
  }
  agree = n_ref == n_ours && n_both == n_ours && n_same == n_ours;

  g_print ("\nPrediction on %d order lines, buys again within %d days of %s; medians of %d runs\n",
           n_lines, HORIZON, cutoff, runs);
  g_print ("Load average before the runs: %s\n", load);
  g_print ("Rows: train %" G_GINT64_FORMAT ", test %" G_GINT64_FORMAT ", score %" G_GINT64_FORMAT "\n\n",
           rows_train, rows_test, rows_score);
  g_print ("                             wall time                         CPU time\n");
  g_print ("  phase                       Segmenta   pandas+sklearn   ratio   Segmenta   pandas+sklearn   ratio\n");
  {
    const char *names[] = { "predict-table", "fit + evaluate", "score", "all three" };

    for (int p = 0; p < 4; p++)
      g_print ("  %-26s %8.3f s %12.3f s %9.3f %8.3f s %12.3f s %9.3f\n", names[p],
               median (ours[p], runs), median (ref[p], runs), median (ours[p], runs) / median (ref[p], runs),
               median (ours_cpu[p], runs), median (ref_cpu[p], runs),
               median (ours_cpu[p], runs) / median (ref_cpu[p], runs));
  }
  g_print ("  (inside the commands: building the table %.3f s, the logistic fit alone %.3f s)\n",
           median (inner_table, runs), median (inner_fit, runs));
  g_print ("\nAUC on the test rows: Segmenta %.4f, scikit-learn %.4f\n", our_auc, ref_auc);
  g_print ("Tables: %ld rows ours, %ld the reference's, %ld matched, %ld with every feature and the target alike (%s)\n",
           n_ours, n_ref, n_both, n_same, agree ? "all" : "NOT ALL");
  g_print ("Reference peak memory %.1f MiB\n", ref_rss / 1024.0);
  g_print ("\nbench-predict-run: ratio=%.3f segmenta_s=%.3f reference_s=%.3f agree=%s\n",
           median (ours[3], runs) / median (ref[3], runs), median (ours[3], runs), median (ref[3], runs),
           agree ? "yes" : "no");

  if (keep)
    g_print ("Kept %s\n", dir);
  else
    remove_tree (dir);

  return agree && fabs (our_auc - ref_auc) < 0.01 ? 0 : 1;
}
