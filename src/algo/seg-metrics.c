/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-metrics.h"

#include <float.h>
#include <math.h>

#include "seg-kmeans.h"

#define WEIGHT(w, i) ((w) != NULL ? (w)[i] : 1.0)

typedef struct
{
  const double *score;
} Ranking;

/* Best scores first; ties in the rows' order, so that every ranking is
 * the same from run to run. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const Ranking *ranking = data;
  size_t i = *(const size_t *) a, j = *(const size_t *) b;
  double si = ranking->score[i], sj = ranking->score[j];

  if (si > sj)
    return -1;
  if (si < sj)
    return 1;
  return i < j ? -1 : i > j;
}

static size_t *
rank_rows (const double *score,
           size_t        n)
{
  size_t *order = g_new (size_t, MAX (n, 1));
  Ranking ranking = { score };

  for (size_t i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (size_t), compare_ranked, &ranking);

  return order;
}

/* The weighted true and false positives above each distinct score, best
 * first: scikit-learn's binary classification curve. Returns how many
 * thresholds there are. */
static size_t
threshold_counts (const double  *y,
                  const double  *score,
                  const double  *weight,
                  size_t         n,
                  double       **tps,
                  double       **fps,
                  double       **thresholds)
{
  g_autofree size_t *order = rank_rows (score, n);
  double tp = 0, fp = 0;
  size_t count = 0;

  *tps = g_new (double, MAX (n, 1));
  *fps = g_new (double, MAX (n, 1));
  *thresholds = g_new (double, MAX (n, 1));
  for (size_t r = 0; r < n; r++)
    {
      size_t i = order[r];
      double w = WEIGHT (weight, i);

      tp += y[i] * w;
      fp += (1.0 - y[i]) * w;
      if (r + 1 == n || score[order[r + 1]] != score[i])
        {
          (*tps)[count] = tp;
          (*fps)[count] = fp;
          (*thresholds)[count] = score[i];
          count++;
        }
    }

  return count;
}

double
seg_metrics_base_rate (const double *y,
                       const double *weight,
                       size_t        n)
{
  double positive = 0, total = 0;

  for (size_t i = 0; i < n; i++)
    {
      positive += y[i] * WEIGHT (weight, i);
      total += WEIGHT (weight, i);
    }

  return total > 0 ? positive / total : NAN;
}

/**
 * seg_metrics_roc_curve:
 *
 * Returns: (transfer full) (element-type SegRocPoint): the curve from
 *   (0, 0), at an infinite threshold, through every distinct score; empty
 *   when the rows hold one class only
 */
GArray *
seg_metrics_roc_curve (const double *y,
                       const double *score,
                       const double *weight,
                       size_t        n)
{
  GArray *curve = g_array_new (FALSE, FALSE, sizeof (SegRocPoint));
  g_autofree double *tps = NULL;
  g_autofree double *fps = NULL;
  g_autofree double *thresholds = NULL;
  size_t count = threshold_counts (y, score, weight, n, &tps, &fps, &thresholds);
  SegRocPoint start = { 0.0, 0.0, INFINITY };

  if (count == 0 || !(tps[count - 1] > 0) || !(fps[count - 1] > 0))
    return curve;
  g_array_append_val (curve, start);
  for (size_t t = 0; t < count; t++)
    {
      SegRocPoint point = { fps[t] / fps[count - 1], tps[t] / tps[count - 1], thresholds[t] };

      g_array_append_val (curve, point);
    }

  return curve;
}

double
seg_metrics_roc_auc (const double *y,
                     const double *score,
                     const double *weight,
                     size_t        n)
{
  g_autoptr(GArray) curve = seg_metrics_roc_curve (y, score, weight, n);
  double area = 0;

  if (curve->len == 0)
    return NAN;
  for (guint t = 1; t < curve->len; t++)
    {
      const SegRocPoint *a = &g_array_index (curve, SegRocPoint, t - 1);
      const SegRocPoint *b = &g_array_index (curve, SegRocPoint, t);

      area += (b->fpr - a->fpr) * (b->tpr + a->tpr) / 2.0;
    }

  return area;
}

/**
 * seg_metrics_pr_curve:
 *
 * Returns: (transfer full) (element-type SegPrPoint): precision and
 *   recall at every distinct score, best first, up to the one where
 *   recall reaches 1; empty without positives
 */
GArray *
seg_metrics_pr_curve (const double *y,
                      const double *score,
                      const double *weight,
                      size_t        n)
{
  GArray *curve = g_array_new (FALSE, FALSE, sizeof (SegPrPoint));
  g_autofree double *tps = NULL;
  g_autofree double *fps = NULL;
  g_autofree double *thresholds = NULL;
  size_t count = threshold_counts (y, score, weight, n, &tps, &fps, &thresholds);

  if (count == 0 || !(tps[count - 1] > 0))
    return curve;
  for (size_t t = 0; t < count; t++)
    {
      SegPrPoint point = {
        tps[t] + fps[t] > 0 ? tps[t] / (tps[t] + fps[t]) : 0.0,
        tps[t] / tps[count - 1],
        thresholds[t],
      };

      g_array_append_val (curve, point);
      if (tps[t] == tps[count - 1])
        break;
    }

  return curve;
}

double
seg_metrics_average_precision (const double *y,
                               const double *score,
                               const double *weight,
                               size_t        n)
{
  g_autoptr(GArray) curve = seg_metrics_pr_curve (y, score, weight, n);
  double ap = 0, recall = 0;

  if (curve->len == 0)
    return NAN;
  for (guint t = 0; t < curve->len; t++)
    {
      const SegPrPoint *point = &g_array_index (curve, SegPrPoint, t);

      ap += (point->recall - recall) * point->precision;
      recall = point->recall;
    }

  return ap;
}

/* Probabilities are clipped to [ε, 1 - ε], ε the machine epsilon, as
 * scikit-learn does, so that a confident mistake costs much, not ∞. */
double
seg_metrics_log_loss (const double *y,
                      const double *prob,
                      const double *weight,
                      size_t        n)
{
  double loss = 0, total = 0;

  for (size_t i = 0; i < n; i++)
    {
      double p = CLAMP (prob[i], DBL_EPSILON, 1.0 - DBL_EPSILON), w = WEIGHT (weight, i);
      double q = 1.0 - p, sum = p + q;

      p /= sum;
      q /= sum;
      loss -= w * (y[i] * log (p) + (1.0 - y[i]) * log (q));
      total += w;
    }

  return total > 0 ? loss / total : NAN;
}

double
seg_metrics_brier (const double *y,
                   const double *prob,
                   const double *weight,
                   size_t        n)
{
  double loss = 0, total = 0;

  for (size_t i = 0; i < n; i++)
    {
      double w = WEIGHT (weight, i);

      loss += w * (y[i] - prob[i]) * (y[i] - prob[i]);
      total += w;
    }

  return total > 0 ? loss / total : NAN;
}

/* Rows scoring at least @threshold are called 1. Precision, recall and
 * F1 are 0 where their denominators are (scikit-learn's zero_division). */
void
seg_metrics_confusion (const double *y,
                       const double *score,
                       const double *weight,
                       size_t        n,
                       double        threshold,
                       SegConfusion *out)
{
  double total;

  *out = (SegConfusion) { .threshold = threshold };
  for (size_t i = 0; i < n; i++)
    {
      double w = WEIGHT (weight, i);
      gboolean called = score[i] >= threshold;

      if (y[i] > 0.5)
        {
          if (called)
            out->tp += w;
          else
            out->fn += w;
        }
      else if (called)
        out->fp += w;
      else
        out->tn += w;
    }
  total = out->tp + out->fp + out->tn + out->fn;
  out->precision = out->tp + out->fp > 0 ? out->tp / (out->tp + out->fp) : 0.0;
  out->recall = out->tp + out->fn > 0 ? out->tp / (out->tp + out->fn) : 0.0;
  out->f1 = out->precision + out->recall > 0
    ? 2.0 * out->precision * out->recall / (out->precision + out->recall) : 0.0;
  out->accuracy = total > 0 ? (out->tp + out->tn) / total : NAN;
}

/**
 * seg_metrics_gains:
 * @n_points: how many shares of the rows, evenly spaced (10 for
 *   deciles); 0 for every row
 *
 * The cumulative gains and the lift of contacting the best-scored rows:
 * for the d-th point the first ⌈n d / n_points⌉ rows.
 *
 * Returns: (transfer full) (element-type SegGainsPoint): the points
 */
GArray *
seg_metrics_gains (const double *y,
                   const double *score,
                   const double *weight,
                   size_t        n,
                   size_t        n_points)
{
  GArray *curve = g_array_new (FALSE, FALSE, sizeof (SegGainsPoint));
  g_autofree size_t *order = rank_rows (score, n);
  double base = seg_metrics_base_rate (y, weight, n), positives = 0, taken = 0, all = 0;
  size_t r = 0, points = n_points > 0 ? n_points : n;

  for (size_t i = 0; i < n; i++)
    all += y[i] * WEIGHT (weight, i);
  for (size_t d = 1; d <= points && n > 0; d++)
    {
      size_t until = n_points > 0 ? (n * d + n_points - 1) / n_points : d;
      SegGainsPoint point;

      for (; r < until; r++)
        {
          double w = WEIGHT (weight, order[r]);

          positives += y[order[r]] * w;
          taken += w;
        }
      point.share = (double) until / (double) n;
      point.gain = all > 0 ? positives / all : NAN;
      point.lift = taken > 0 && base > 0 ? positives / taken / base : NAN;
      g_array_append_val (curve, point);
    }

  return curve;
}

/**
 * seg_metrics_calibration:
 *
 * scikit-learn's calibration_curve with uniform bins: @n_bins bins of
 * [0, 1], a probability on an inner edge in the lower bin.
 *
 * Returns: (transfer full) (element-type SegCalibrationBin): the bins
 *   that hold rows, lowest first
 */
GArray *
seg_metrics_calibration (const double *y,
                         const double *prob,
                         size_t        n,
                         size_t        n_bins)
{
  GArray *bins = g_array_new (FALSE, FALSE, sizeof (SegCalibrationBin));
  g_autofree double *sums = g_new0 (double, MAX (n_bins, 1));
  g_autofree double *trues = g_new0 (double, MAX (n_bins, 1));
  g_autofree size_t *counts = g_new0 (size_t, MAX (n_bins, 1));
  double step = 1.0 / (double) MAX (n_bins, 1);

  for (size_t i = 0; i < n && n_bins > 0; i++)
    {
      size_t b = 0;

      /* The inner edges below the probability, as numpy's linspace places them. */
      while (b + 1 < n_bins && (double) (b + 1) * step < prob[i])
        b++;
      sums[b] += prob[i];
      trues[b] += y[i];
      counts[b]++;
    }
  for (size_t b = 0; b < n_bins; b++)
    if (counts[b] > 0)
      {
        SegCalibrationBin bin = { sums[b] / (double) counts[b], trues[b] / (double) counts[b], counts[b] };

        g_array_append_val (bins, bin);
      }

  return bins;
}

/**
 * seg_metrics_profit_curve:
 * @y: (nullable): what the rows did; NULL for the profit the scores
 *   (as probabilities) expect
 * @cost: of contacting one row
 * @margin: earned on each row that buys
 * @best_k: (out): how many of the best-scored rows to contact
 * @best_profit: (out): the profit then
 *
 * The profit of contacting the k best-scored rows, for k from 0 to n.
 *
 * Returns: (transfer full): n + 1 profits
 */
double *
seg_metrics_profit_curve (const double *y,
                          const double *score,
                          size_t        n,
                          double        cost,
                          double        margin,
                          size_t       *best_k,
                          double       *best_profit)
{
  g_autofree size_t *order = rank_rows (score, n);
  double *profit = g_new (double, n + 1);
  size_t best = 0;

  profit[0] = 0.0;
  for (size_t k = 1; k <= n; k++)
    {
      size_t i = order[k - 1];
      double bought = y != NULL ? y[i] : score[i];

      profit[k] = profit[k - 1] + margin * bought - cost;
      if (profit[k] > profit[best])
        best = k;
    }
  *best_k = best;
  *best_profit = profit[best];

  return profit;
}

/* Root mean squared error, mean absolute error and R² (scikit-learn's
 * r2_score: 1 - SSE/SST about the weighted mean, 0 when the target is
 * constant and the predictions miss it, 1 when they do not). */
void
seg_metrics_regression (const double         *y,
                        const double         *prediction,
                        const double         *weight,
                        size_t                n,
                        SegRegressionMetrics *out)
{
  double total = 0, mean = 0, sse = 0, sae = 0, sst = 0;

  for (size_t i = 0; i < n; i++)
    {
      total += WEIGHT (weight, i);
      mean += WEIGHT (weight, i) * y[i];
    }
  if (!(total > 0))
    {
      *out = (SegRegressionMetrics) { NAN, NAN, NAN };
      return;
    }
  mean /= total;
  for (size_t i = 0; i < n; i++)
    {
      double w = WEIGHT (weight, i), e = y[i] - prediction[i];

      sse += w * e * e;
      sae += w * fabs (e);
      sst += w * (y[i] - mean) * (y[i] - mean);
    }
  out->rmse = sqrt (sse / total);
  out->mae = sae / total;
  if (sst > 0)
    out->r2 = 1.0 - sse / sst;
  else
    out->r2 = sse > 0 ? 0.0 : 1.0;
}

static void
shuffle (size_t *items,
         size_t  n,
         SegRng *rng)
{
  for (size_t i = n; i > 1; i--)
    {
      size_t j = (size_t) (seg_rng_next (rng) % i), swap = items[i - 1];

      items[i - 1] = items[j];
      items[j] = swap;
    }
}

void
seg_kfold (size_t    n,
           unsigned  k,
           uint64_t  seed,
           int      *fold)
{
  g_autofree size_t *order = g_new (size_t, MAX (n, 1));
  SegRng rng;

  g_return_if_fail (k >= 1);

  seg_rng_init (&rng, seed);
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  shuffle (order, n, &rng);
  for (size_t r = 0; r < n; r++)
    fold[order[r]] = (int) (r % k);
}

static int
compare_by_value (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  const double *y = data;
  size_t i = *(const size_t *) a, j = *(const size_t *) b;

  if (y[i] != y[j])
    return y[i] < y[j] ? -1 : 1;
  return i < j ? -1 : i > j;
}

/* Each class's rows are shuffled and dealt out to the folds in turn, the
 * dealing going on from class to class, so that each fold takes its
 * share of every class and n/k rows in all. */
void
seg_stratified_kfold (const double *y,
                      size_t        n,
                      unsigned      k,
                      uint64_t      seed,
                      int          *fold)
{
  g_autofree size_t *order = g_new (size_t, MAX (n, 1));
  SegRng rng;
  size_t dealt = 0;

  g_return_if_fail (k >= 1);

  seg_rng_init (&rng, seed);
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (size_t), compare_by_value, (gpointer) y);
  for (size_t start = 0; start < n;)
    {
      size_t end = start + 1;

      while (end < n && y[order[end]] == y[order[start]])
        end++;
      shuffle (order + start, end - start, &rng);
      for (size_t r = start; r < end; r++)
        fold[order[r]] = (int) (dealt++ % k);
      start = end;
    }
}
