/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/*
 * How good predictions are, on held-out rows.
 *
 * Binary classification: @y holds 0 or 1, @score the predicted
 * probability of 1 (or any score that ranks, for the curves and the AUC),
 * @weight the rows' weights or NULL for all 1. Ties in the score are one
 * threshold, as scikit-learn's roc_curve and precision_recall_curve take
 * them, so the AUC and the average precision equal roc_auc_score and
 * average_precision_score. A figure that the rows cannot give (an AUC
 * with one class only) is NAN.
 */

typedef struct
{
  double fpr;
  double tpr;
  double threshold;  /* rows scoring at least this are called 1 */
} SegRocPoint;

typedef struct
{
  double precision;
  double recall;
  double threshold;
} SegPrPoint;

typedef struct
{
  double threshold;
  double tp, fp, tn, fn;  /* weighted counts */
  double precision;
  double recall;
  double f1;
  double accuracy;
} SegConfusion;

typedef struct
{
  double share;  /* of the rows contacted, best scores first */
  double gain;   /* share of all the positives among them */
  double lift;   /* their rate of positives over the base rate */
} SegGainsPoint;

typedef struct
{
  double mean_predicted;
  double fraction_positive;
  size_t count;
} SegCalibrationBin;

typedef struct
{
  double rmse;
  double mae;
  double r2;
} SegRegressionMetrics;

double  seg_metrics_base_rate         (const double  *y,
                                       const double  *weight,
                                       size_t         n);
GArray *seg_metrics_roc_curve         (const double  *y,
                                       const double  *score,
                                       const double  *weight,
                                       size_t         n);
double  seg_metrics_roc_auc           (const double  *y,
                                       const double  *score,
                                       const double  *weight,
                                       size_t         n);
GArray *seg_metrics_pr_curve          (const double  *y,
                                       const double  *score,
                                       const double  *weight,
                                       size_t         n);
double  seg_metrics_average_precision (const double  *y,
                                       const double  *score,
                                       const double  *weight,
                                       size_t         n);
double  seg_metrics_log_loss          (const double  *y,
                                       const double  *prob,
                                       const double  *weight,
                                       size_t         n);
double  seg_metrics_brier             (const double  *y,
                                       const double  *prob,
                                       const double  *weight,
                                       size_t         n);
void    seg_metrics_confusion         (const double  *y,
                                       const double  *score,
                                       const double  *weight,
                                       size_t         n,
                                       double         threshold,
                                       SegConfusion  *out);
GArray *seg_metrics_gains             (const double  *y,
                                       const double  *score,
                                       const double  *weight,
                                       size_t         n,
                                       size_t         n_points);
GArray *seg_metrics_calibration       (const double  *y,
                                       const double  *prob,
                                       size_t         n,
                                       size_t         n_bins);
double *seg_metrics_profit_curve      (const double  *y,
                                       const double  *score,
                                       size_t         n,
                                       double         cost,
                                       double         margin,
                                       size_t        *best_k,
                                       double        *best_profit);

void    seg_metrics_regression        (const double         *y,
                                       const double         *prediction,
                                       const double         *weight,
                                       size_t                n,
                                       SegRegressionMetrics *out);

/* Folds 0..k-1 for n rows, seeded: the same seed gives the same folds.
 * The stratified folds keep each class's share in every fold (classes
 * are the distinct values of @y); both give every fold n/k rows, ±1. */
void    seg_kfold                     (size_t         n,
                                       unsigned       k,
                                       uint64_t       seed,
                                       int           *fold);
void    seg_stratified_kfold          (const double  *y,
                                       size_t         n,
                                       unsigned       k,
                                       uint64_t       seed,
                                       int           *fold);

G_END_DECLS
