/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

#include "seg-interactions.h"
#include "seg-progress.h"
#include "seg-recommend.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Baseline estimates of ratings: r̂(u, i) = μ + b_u + b_i, with μ the mean
 * of all ratings and the customer and item biases found by alternating
 * least squares (Koren 2010, section 2.1), the way the Surprise library
 * computes them: each epoch first sets every
 *   b_i = Σ_{u rated i} (r_ui − μ − b_u) / (reg_i + |raters of i|)
 * and then every
 *   b_u = Σ_{i rated by u} (r_ui − μ − b_i) / (reg_u + |ratings of u|),
 * starting from zero biases.
 */

typedef struct
{
  double reg_item;    /* reg_i, default 10 */
  double reg_user;    /* reg_u, default 15 */
  size_t n_epochs;    /* default 10 */
  /* Predictions are clipped to [rating_min, rating_max]; when both are 0
   * (the default) the smallest and largest training ratings are used. */
  double rating_min;
  double rating_max;
} SegBaselineOptions;

void seg_baseline_options_init (SegBaselineOptions *options);

typedef struct _SegBaseline SegBaseline;

/* Fits the biases to the ratings of @train (its values). Returns NULL and
 * sets *rc to -1 when cancelled, -2 when out of memory, -3 for bad input
 * (no ratings, a rating that is not finite, a negative regularisation). */
SegBaseline *seg_baseline_fit     (const SegInteractions    *train,
                                   const SegBaselineOptions *options,
                                   const SegMonitor         *monitor,
                                   int                      *rc);

/* μ + b_u + b_i, clipped to the rating range; a customer or item out of
 * range counts with a zero bias. */
double       seg_baseline_predict (const SegBaseline        *model,
                                   size_t                    user,
                                   size_t                    item);

/* The unclipped estimate μ + b_u + b_i. */
double       seg_baseline_estimate (const SegBaseline       *model,
                                    size_t                   user,
                                    size_t                   item);

double       seg_baseline_global_mean (const SegBaseline *model);
double       seg_baseline_user_bias   (const SegBaseline *model,
                                       size_t             user);
double       seg_baseline_item_bias   (const SegBaseline *model,
                                       size_t             item);
void         seg_baseline_range       (const SegBaseline *model,
                                       double            *rating_min,
                                       double            *rating_max);

/* Scores every item by its prediction. */
void         seg_baseline_scorer  (const SegBaseline        *model,
                                   SegScorer                *scorer);

void         seg_baseline_free    (SegBaseline              *model);

#ifdef __cplusplus
}
#endif
