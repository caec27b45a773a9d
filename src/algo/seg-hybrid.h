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
 * A blend of a collaborative model and a content model: for each customer
 * both score every item, each score vector is divided by its largest
 * absolute value over the catalogue, and the blend is
 *   (1 − w) · collaborative + w · content.
 * A new item that nobody bought has no collaborative score but a content
 * score as soon as its text is like that of what the customer bought, so
 * it can still be offered. Collaborative scores that are not finite count
 * as 0.
 */

typedef struct
{
  double content_weight;    /* w in [0, 1], default 0.5 */
} SegHybridOptions;

void seg_hybrid_options_init (SegHybridOptions *options);

typedef struct _SegHybrid SegHybrid;

/* Blends two fitted scorers (both kept by reference: they must outlive
 * the hybrid) over catalogues of @n_items. Returns NULL and sets *rc to
 * -2 when out of memory, -3 for bad input (a weight outside [0, 1], a
 * scorer without a score function). */
SegHybrid *seg_hybrid_new    (const SegScorer        *collaborative,
                              const SegScorer        *content,
                              size_t                  n_items,
                              const SegHybridOptions *options,
                              int                    *rc);

/* score: the blend; similarity (for reasons): whichever of the two
 * models' similarities, weighted by its share, is larger. */
void       seg_hybrid_scorer (const SegHybrid        *model,
                              SegScorer              *scorer);

/* The two weighted, normalised parts of the blend for one offer, so that
 * a reason can name the one that counted more. Returns 0, or -2 when out
 * of memory. */
int        seg_hybrid_parts  (const SegHybrid        *model,
                              const SegInteractions  *train,
                              size_t                  user,
                              size_t                  item,
                              double                 *collaborative,
                              double                 *content);

/* Tries the weights 0, 0.1, …, 1 and keeps the one whose top @k offers
 * (the customer's training items left out) have the best NDCG@k against
 * the held-out @validation purchases (same customers and items as
 * @train); ties go to the smaller weight. Returns 0, -1 when cancelled,
 * -2 when out of memory; *best_ndcg (nullable) gets the NDCG reached. */
int        seg_hybrid_choose_weight (SegHybrid             *model,
                                     const SegInteractions *train,
                                     const SegInteractions *validation,
                                     size_t                 k,
                                     const SegMonitor      *monitor,
                                     double                *best_ndcg);

double     seg_hybrid_content_weight (const SegHybrid *model);

void       seg_hybrid_free   (SegHybrid              *model);

#ifdef __cplusplus
}
#endif
