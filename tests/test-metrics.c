/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "seg-metrics.h"

/* Golden test: AUC, average precision, log loss, Brier score, the
 * calibration curve, RMSE, MAE and R² equal scikit-learn's within 1e-12
 * (tests/data/metrics-golden.txt, written by make-golden-metrics.py);
 * the rest is checked by hand. */

static void
test_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "metrics-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree double *y = NULL, *p = NULL, *w = NULL, *t = NULL, *pred = NULL;
  gsize n, line = 1, bins;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (sscanf (lines[line++], "data %zu", &n), ==, 1);
  y = g_new (double, n);
  p = g_new (double, n);
  w = g_new (double, n);
  t = g_new (double, n);
  pred = g_new (double, n);
  for (gsize i = 0; i < n; i++, line++)
    g_assert_cmpint (sscanf (lines[line], "%lf %lf %lf %lf %lf", &y[i], &p[i], &w[i], &t[i], &pred[i]), ==, 5);

  for (int pass = 0; pass < 2; pass++)
    {
      const double *weight = pass == 0 ? NULL : w;
      double c[4], r[3];
      char name[16];
      SegRegressionMetrics metrics;

      g_assert_cmpint (sscanf (lines[line++], "classification %15s %lf %lf %lf %lf", name, &c[0], &c[1], &c[2], &c[3]), ==, 5);
      g_assert_cmpfloat_with_epsilon (seg_metrics_roc_auc (y, p, weight, n), c[0], 1e-12);
      g_assert_cmpfloat_with_epsilon (seg_metrics_average_precision (y, p, weight, n), c[1], 1e-12);
      g_assert_cmpfloat_with_epsilon (seg_metrics_log_loss (y, p, weight, n), c[2], 1e-12);
      g_assert_cmpfloat_with_epsilon (seg_metrics_brier (y, p, weight, n), c[3], 1e-12);
      g_assert_cmpint (sscanf (lines[line++], "regression %15s %lf %lf %lf", name, &r[0], &r[1], &r[2]), ==, 4);
      seg_metrics_regression (t, pred, weight, n, &metrics);
      g_assert_cmpfloat_with_epsilon (metrics.rmse, r[0], 1e-12);
      g_assert_cmpfloat_with_epsilon (metrics.mae, r[1], 1e-12);
      g_assert_cmpfloat_with_epsilon (metrics.r2, r[2], 1e-12);
    }

  g_assert_cmpint (sscanf (lines[line++], "calibration %zu", &bins), ==, 1);
  {
    g_autoptr(GArray) curve = seg_metrics_calibration (y, p, n, 10);
    g_auto(GStrv) truth = g_strsplit (lines[line++], " ", -1);
    g_auto(GStrv) predicted = g_strsplit (lines[line++], " ", -1);

    g_assert_cmpuint (curve->len, ==, bins);
    for (gsize b = 0; b < bins; b++)
      {
        SegCalibrationBin *bin = &g_array_index (curve, SegCalibrationBin, b);

        g_assert_cmpfloat_with_epsilon (bin->fraction_positive, g_ascii_strtod (truth[b + 1], NULL), 1e-12);
        g_assert_cmpfloat_with_epsilon (bin->mean_predicted, g_ascii_strtod (predicted[b + 1], NULL), 1e-12);
      }
  }
}

/* Four rows worked out on paper. */
static void
test_by_hand (void)
{
  const double y[] = { 1, 0, 1, 0 }, s[] = { 0.9, 0.8, 0.4, 0.1 };
  SegConfusion confusion;
  g_autoptr(GArray) roc = seg_metrics_roc_curve (y, s, NULL, 4);
  g_autoptr(GArray) gains = seg_metrics_gains (y, s, NULL, 4, 2);
  g_autoptr(GArray) all = seg_metrics_gains (y, s, NULL, 4, 0);
  const double ties[] = { 0.5, 0.5, 0.5, 0.5 };
  g_autofree double *profit = NULL;
  size_t best_k;
  double best;

  /* Pairs (positive, negative) in order: 3 of 4. */
  g_assert_cmpfloat_with_epsilon (seg_metrics_roc_auc (y, s, NULL, 4), 0.75, 1e-15);
  g_assert_cmpuint (roc->len, ==, 5);
  g_assert_true (isinf (g_array_index (roc, SegRocPoint, 0).threshold));
  /* AP: recall 1/2 at precision 1, recall 1 at precision 2/3. */
  g_assert_cmpfloat_with_epsilon (seg_metrics_average_precision (y, s, NULL, 4), 0.5 + 0.5 * 2.0 / 3.0, 1e-15);
  /* All tied: the AUC of a coin. */
  g_assert_cmpfloat_with_epsilon (seg_metrics_roc_auc (y, ties, NULL, 4), 0.5, 1e-15);
  /* One class only: no AUC. */
  {
    const double ones[] = { 1, 1, 1, 1 };

    g_assert_true (isnan (seg_metrics_roc_auc (ones, s, NULL, 4)));
  }

  seg_metrics_confusion (y, s, NULL, 4, 0.5, &confusion);
  g_assert_cmpfloat (confusion.tp, ==, 1);
  g_assert_cmpfloat (confusion.fp, ==, 1);
  g_assert_cmpfloat (confusion.tn, ==, 1);
  g_assert_cmpfloat (confusion.fn, ==, 1);
  g_assert_cmpfloat (confusion.precision, ==, 0.5);
  g_assert_cmpfloat (confusion.f1, ==, 0.5);
  g_assert_cmpfloat (confusion.accuracy, ==, 0.5);

  /* The better half holds half the buyers: lift 1. */
  g_assert_cmpuint (gains->len, ==, 2);
  g_assert_cmpfloat (g_array_index (gains, SegGainsPoint, 0).gain, ==, 0.5);
  g_assert_cmpfloat (g_array_index (gains, SegGainsPoint, 0).lift, ==, 1.0);
  g_assert_cmpfloat (g_array_index (gains, SegGainsPoint, 1).gain, ==, 1.0);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpfloat (g_array_index (all, SegGainsPoint, 0).lift, ==, 2.0);

  /* Cost 1, margin 3: +2, -1, +2, -1 → best after 3 rows, profit 3. */
  profit = seg_metrics_profit_curve (y, s, 4, 1.0, 3.0, &best_k, &best);
  g_assert_cmpuint (best_k, ==, 3);
  g_assert_cmpfloat (best, ==, 3.0);
  g_assert_cmpfloat (profit[4], ==, 2.0);
  g_clear_pointer (&profit, g_free);
  /* Expected from the scores: 3 × 0.9 - 1 = 1.7, then 3 × 0.8 - 1 = 1.4, then 0.2. */
  profit = seg_metrics_profit_curve (NULL, s, 4, 1.0, 3.0, &best_k, &best);
  g_assert_cmpuint (best_k, ==, 3);
  g_assert_cmpfloat_with_epsilon (best, 1.7 + 1.4 + 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (seg_metrics_base_rate (y, NULL, 4), 0.5, 1e-15);
}

static void
test_folds (void)
{
  double y[103];
  int fold[103], again[103], sizes[5] = { 0 }, positives[5] = { 0 };

  for (int i = 0; i < 103; i++)
    y[i] = (i % 4 == 0) ? 1 : 0;
  seg_stratified_kfold (y, 103, 5, 42, fold);
  seg_stratified_kfold (y, 103, 5, 42, again);
  g_assert_cmpmem (fold, sizeof fold, again, sizeof again);
  for (int i = 0; i < 103; i++)
    {
      g_assert_cmpint (fold[i], >=, 0);
      g_assert_cmpint (fold[i], <, 5);
      sizes[fold[i]]++;
      positives[fold[i]] += y[i] > 0;
    }
  /* 26 positives, 77 negatives: 5 or 6 and 15 or 16 per fold. */
  for (int f = 0; f < 5; f++)
    {
      g_assert_cmpint (sizes[f], >=, 20);
      g_assert_cmpint (sizes[f], <=, 21);
      g_assert_cmpint (positives[f], >=, 5);
      g_assert_cmpint (positives[f], <=, 6);
    }

  seg_kfold (103, 5, 7, fold);
  memset (sizes, 0, sizeof sizes);
  for (int i = 0; i < 103; i++)
    sizes[fold[i]]++;
  for (int f = 0; f < 5; f++)
    g_assert_cmpint (sizes[f], >=, 20);
  seg_kfold (103, 5, 8, again);
  g_assert_true (memcmp (fold, again, sizeof fold) != 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/golden", test_golden);
  g_test_add_func ("/metrics/by-hand", test_by_hand);
  g_test_add_func ("/metrics/folds", test_folds);

  return g_test_run ();
}
