/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-interactions.h"
#include "seg-progress.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What every recommender shares once it is fitted: a scorer that rates
 * every item for one customer, the top N for every customer, the reason
 * for an offer, and the measures of how good the offers are.
 */

/*
 * A fitted recommender as the shared code sees it.
 *
 * score: fills scores[n_items] for one customer of @train, higher is
 *   better (the scores of the customer's own items are computed too; the
 *   caller leaves them out). Called from several threads at once, each
 *   with its own @scratch of scratch_bytes.
 * similarity (nullable): how much item @from speaks for item @to in this
 *   model (a neighbour weight, an EASE weight, the cosine of two item
 *   factor vectors, a text match). Reasons quote the customer's own items
 *   with the largest value × similarity.
 */
typedef struct
{
  const void *model;
  size_t      scratch_bytes;
  void      (*score)      (const void            *model,
                           const SegInteractions *train,
                           size_t                 user,
                           double                *scores,
                           void                  *scratch);
  double    (*similarity) (const void            *model,
                           size_t                 from,
                           size_t                 to);
} SegScorer;

/*
 * The @top best items for each customer of @train (all n_users), best
 * first, ties to the lower item index: @rec_items and @rec_scores are
 * n_users × top, padded with -1 and 0. Items the customer has in @train
 * are left out unless @keep_bought; items whose score is -INFINITY are
 * never offered. Runs on every core; the result does not depend on their
 * number. Returns 0, -1 when cancelled, -2 when out of memory.
 */
int seg_recommend_top (const SegScorer       *scorer,
                       const SegInteractions *train,
                       int                    keep_bought,
                       size_t                 top,
                       int32_t               *rec_items,
                       double                *rec_scores,
                       const SegMonitor      *monitor);

/* The same for one customer; @scores is scratch of n_items and @scratch of
 * scorer->scratch_bytes. Returns how many items were chosen. */
size_t seg_recommend_top_one (const SegScorer       *scorer,
                              const SegInteractions *train,
                              size_t                 user,
                              int                    keep_bought,
                              size_t                 top,
                              double                *scores,
                              void                  *scratch,
                              int32_t               *rec_items,
                              double                *rec_scores);

/* Picks the @top largest of scores[0 .. n) that are above -INFINITY and
 * not excluded (@exclude nullable, n bytes), largest first, ties to the
 * lower index. Returns how many were picked. */
size_t seg_top_scores (const double  *scores,
                       size_t         n,
                       const uint8_t *exclude,
                       size_t         top,
                       int32_t       *indices,
                       double        *values);

/*
 * The customer's own items that speak most for @item: those j of the
 * customer's row with the largest value(u, j) × similarity(j, item) > 0,
 * at most @max, largest first. Returns how many were found (0 when the
 * scorer has no similarity).
 */
size_t seg_recommend_because (const SegScorer       *scorer,
                              const SegInteractions *train,
                              size_t                 user,
                              size_t                 item,
                              size_t                 max,
                              int32_t               *because);

/* Ranking measures at k, averaged over the customers who have at least
 * one test item. */
typedef struct
{
  double precision;
  double recall;
  double ndcg;
  double map;
  double hit_rate;
  double coverage;   /* distinct items offered / n_items */
  size_t users;      /* customers measured */
} SegRankMetrics;

/*
 * Measures offers (@rec_items, n_users × top, padded with -1) against the
 * held-out purchases @test (same customers and items as the training
 * matrix; its values are ignored). Only the first k ≤ top offers count.
 */
void seg_rank_metrics (const int32_t         *rec_items,
                       size_t                 top,
                       const SegInteractions *test,
                       size_t                 k,
                       SegRankMetrics        *metrics);

/* Root mean square and mean absolute error of predictions against truth. */
void seg_rating_errors (const double *predicted,
                        const double *truth,
                        size_t        n,
                        double       *rmse,
                        double       *mae);

/*
 * Splits. Each fills a per-event array; all are repeatable for a seed.
 * kfold: fold[e] in [0, folds), the events shuffled then dealt out.
 * random: test[e] = 1 for a share @fraction of the events.
 * last_n: test[e] = 1 for each customer's @last_n latest events by time
 *   (ties to the later event), leaving every customer at least one
 *   training event.
 */
void seg_split_kfold  (size_t         n,
                       size_t         folds,
                       uint64_t       seed,
                       int32_t       *fold);
void seg_split_random (size_t         n,
                       double         fraction,
                       uint64_t       seed,
                       uint8_t       *test);
int  seg_split_last_n (const int32_t *users,
                       const double  *times,
                       size_t         n,
                       size_t         n_users,
                       size_t         last_n,
                       uint8_t       *test);

#ifdef __cplusplus
}
#endif
