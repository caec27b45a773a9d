/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-baseline.h"
#include "seg-interactions.h"
#include "seg-progress.h"
#include "seg-recommend.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Neighbourhood recommenders: item-kNN (items are alike when the same
 * customers bought or rated them) and user-kNN (customers are alike when
 * they bought or rated the same items).
 *
 * Below, "x" is what has neighbours (an item for item-kNN, a customer for
 * user-kNN) and "y" the other side; the common raters of x and x' are the
 * y that have both, n their number.
 */

typedef enum
{
  SEG_KNN_ITEM,
  SEG_KNN_USER,
} SegKnnBase;

typedef enum
{
  /* Σ a·b / (‖a‖ ‖b‖). For purchases the norms are over the whole
   * vectors; for ratings (@ratings set) over the common raters only, as
   * the Surprise library defines it. */
  SEG_KNN_COSINE,
  /* The cosine of the values centred by each y's mean (item-kNN: each
   * customer's mean rating; user-kNN: each item's), over the common
   * raters (Sarwar et al. 2001). */
  SEG_KNN_ADJUSTED_COSINE,
  /* Pearson's correlation over the common raters, each side centred by
   * its mean over those common raters (as Surprise's "pearson"). */
  SEG_KNN_PEARSON,
  /* The correlation of the residuals r − (μ + b_u + b_i) of a baseline
   * fit, over the common raters (Koren 2010; Surprise's
   * "pearson_baseline"). */
  SEG_KNN_PEARSON_BASELINE,
  /* n / (|raters of x| + |raters of x'| − n): for purchases. */
  SEG_KNN_JACCARD,
} SegKnnSimilarity;

typedef enum
{
  /* Purchases: score(u, i) = Σ_{j bought by u} sim(j, i)·x_uj for
   * item-kNN, Σ_{v neighbour of u} sim(u, v)·x_vi for user-kNN. */
  SEG_KNN_SCORE_SUM,
  /* Ratings, as Surprise's KNNBasic: Σ sim·r / Σ sim over the k nearest
   * neighbours with positive similarity that rated the item. */
  SEG_KNN_BASIC,
  /* As KNNWithMeans: the mean of x plus the neighbours' weighted
   * deviations from their own means. */
  SEG_KNN_WITH_MEANS,
  /* As KNNBaseline: the baseline estimate plus the neighbours' weighted
   * deviations from their baseline estimates. */
  SEG_KNN_BASELINE,
} SegKnnPrediction;

typedef struct
{
  SegKnnBase         base;          /* default SEG_KNN_ITEM */
  SegKnnSimilarity   similarity;    /* default SEG_KNN_COSINE */
  SegKnnPrediction   prediction;    /* default SEG_KNN_SCORE_SUM */
  /* Neighbours kept for each x, the most similar with a positive
   * similarity; 0 keeps every one (what rating predictions as Surprise
   * makes them need; memory grows with x × x then). Default 50. */
  size_t             neighbours;
  /* For rating predictions: the k nearest that rated the item are used
   * (default 40), and with fewer than min_k (default 1) the prediction
   * falls back (KNNBasic: the mean of all ratings; KNNWithMeans: the mean
   * of x; KNNBaseline: the baseline estimate). */
  size_t             k;
  size_t             min_k;
  /* Similarities of pairs with fewer common raters are 0. Default 1. */
  size_t             min_support;
  /* Shrinkage: sim · n / (n + shrink); for SEG_KNN_PEARSON_BASELINE
   * sim · (n − 1) / (n − 1 + shrink) as Surprise has it. A negative value
   * (the default) picks 100 for Pearson-baseline and 0 for the others. */
  double             shrink;
  /* Whether the values are ratings (cosine over common raters only). Set
   * by the defaults to 0, and implied by any rating prediction. */
  int                ratings;
  /* For the baseline fit of SEG_KNN_PEARSON_BASELINE and SEG_KNN_BASELINE. */
  SegBaselineOptions baseline;
} SegKnnOptions;

void seg_knn_options_init (SegKnnOptions *options);

typedef struct _SegKnn SegKnn;

/*
 * Computes the neighbours of every x of @train on every core; the result
 * does not depend on the number of cores. Time grows with the number of
 * co-occurring pairs (Σ over y of its row length squared), memory with
 * x × neighbours. Returns NULL and sets *rc to -1 when cancelled, -2 when
 * out of memory, -3 for bad input (empty matrix, values that are not
 * finite, an unknown similarity, base or prediction).
 */
SegKnn *seg_knn_fit     (const SegInteractions *train,
                         const SegKnnOptions   *options,
                         const SegMonitor      *monitor,
                         int                   *rc);

/* Fills @scorer: the sums for SEG_KNN_SCORE_SUM, the rating predictions
 * otherwise; similarity (reasons) is sim(from, to) for item-kNN and none
 * for user-kNN (see seg_knn_user_support). The model must be used with
 * the matrix it was fitted on. */
void    seg_knn_scorer  (const SegKnn          *model,
                         SegScorer             *scorer);

/* The rating prediction for (user, item) by the model's prediction rule
 * (SEG_KNN_BASIC when that is SEG_KNN_SCORE_SUM), clipped to the rating
 * range of the training matrix. */
double  seg_knn_predict (const SegKnn          *model,
                         const SegInteractions *train,
                         size_t                 user,
                         size_t                 item);

/* The similarity of x @a to x @b as kept among a's neighbours (0 when b
 * is not one of them). */
double  seg_knn_similarity (const SegKnn       *model,
                            size_t              a,
                            size_t              b);

/* The neighbours of x, most similar first (ties to the lower index):
 * returns their number and points *indices and *similarities at them. */
size_t  seg_knn_neighbours (const SegKnn       *model,
                            size_t              x,
                            const int32_t     **indices,
                            const double      **similarities);

/* User-kNN: how many of the customer's nearest neighbours bought @item;
 * *n_neighbours (nullable) is told how many neighbours the customer has.
 * 0 for item-kNN models. */
size_t  seg_knn_user_support (const SegKnn          *model,
                              const SegInteractions *train,
                              size_t                 user,
                              size_t                 item,
                              size_t                *n_neighbours);

void    seg_knn_free    (SegKnn                *model);

#ifdef __cplusplus
}
#endif
