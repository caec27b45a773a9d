/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-interactions.h"
#include "seg-progress.h"
#include "seg-recommend.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The popularity recommender: every customer is offered the items most
 * customers bought, leaving out what that customer already bought.
 * Purchases are n (user, item) pairs with users in [0, n_users) and items
 * in [0, n_items); a pair may repeat.
 */

/* Counts each item's distinct buyers into @buyers (n_items).
 * Returns 0, or -1 when cancelled. */
int seg_popular_count (const int32_t    *users,
                       const int32_t    *items,
                       size_t            n,
                       size_t            n_users,
                       size_t            n_items,
                       double           *buyers,
                       const SegMonitor *monitor);

/* For each user, the @top items with the most buyers that the user has not
 * bought, most bought first, ties to the lower item index: @rec_items and
 * @rec_scores are n_users × top, padded with -1 and 0 where fewer items
 * are left. Returns 0, or -1 when cancelled, -2 when out of memory. */
int seg_popular_recommend (const int32_t    *users,
                           const int32_t    *items,
                           size_t            n,
                           size_t            n_users,
                           size_t            n_items,
                           const double     *buyers,
                           size_t            top,
                           int32_t          *rec_items,
                           double           *rec_scores,
                           const SegMonitor *monitor);

/*
 * The same as a fitted recommender over a SegInteractions, for the shared
 * top N, reasons and evaluation: an item scores the share of customers
 * who bought it (those of train's columns). With @groups (nullable; by
 * customer, a group in [0, n_groups) or -1 for none), a customer of a
 * group is scored by the share of that group's customers who bought the
 * item instead; a customer of no group keeps the overall share.
 * Returns NULL and sets *rc to -1 when cancelled, -2 when out of memory,
 * -3 for bad input (a group out of range).
 */
typedef struct _SegPopularity SegPopularity;

SegPopularity *seg_popularity_fit    (const SegInteractions *train,
                                      const int32_t         *groups,
                                      size_t                 n_groups,
                                      const SegMonitor      *monitor,
                                      int                   *rc);
void           seg_popularity_scorer (const SegPopularity   *model,
                                      SegScorer             *scorer);
/* The share of customers (of @user's group, when there are groups) who
 * bought @item. */
double         seg_popularity_share  (const SegPopularity   *model,
                                      size_t                 user,
                                      size_t                 item);
void           seg_popularity_free   (SegPopularity         *model);

#ifdef __cplusplus
}
#endif
