/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-progress.h"

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

#ifdef __cplusplus
}
#endif
