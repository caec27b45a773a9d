/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Who bought (or rated) what, as a sparse customer × item matrix kept both
 * ways: by customer (CSR: each customer's items, ascending) and by item
 * (CSC: each item's customers, ascending). Memory is proportional to the
 * number of distinct (customer, item) pairs.
 */

typedef enum
{
  SEG_WEIGHT_BINARY,      /* 1 for every pair bought */
  SEG_WEIGHT_COUNT,       /* the net quantity (or number of lines) */
  SEG_WEIGHT_LOG,         /* log (1 + count) */
  SEG_WEIGHT_CONFIDENCE,  /* 1 + alpha · count (Hu, Koren & Volinsky) */
  SEG_WEIGHT_RATING,      /* explicit ratings: the mean of a pair's ratings */
} SegWeighting;

typedef struct
{
  SegWeighting weighting;
  double       alpha;      /* for SEG_WEIGHT_CONFIDENCE */
  double       half_life;  /* in the unit of the times; 0 for no decay */
  double       now;        /* the time decay is measured from */
} SegInteractionOptions;

typedef struct
{
  size_t   n_users;
  size_t   n_items;
  size_t   nnz;
  /* By customer: row_items[row_ptr[u] .. row_ptr[u + 1]) ascending. */
  int64_t *row_ptr;
  int32_t *row_items;
  double  *row_values;
  /* By item: col_users[col_ptr[i] .. col_ptr[i + 1]) ascending. */
  int64_t *col_ptr;
  int32_t *col_users;
  double  *col_values;
} SegInteractions;

/*
 * Builds the matrix from n events (users[e], items[e]) with users in
 * [0, n_users) and items in [0, n_items). @amounts (nullable: 1 each) are
 * quantities for purchases, negative for returns, or ratings; @times
 * (nullable) are event times for the decay.
 *
 * Purchases (any weighting but SEG_WEIGHT_RATING): a pair's amounts are
 * summed, so returns are netted; a pair whose net is not positive is left
 * out. With a half life, each event counts 2^(-(now - time) / half_life).
 * Ratings: a pair's value is the mean of its ratings, none left out.
 * Events with a user or item out of range, or a NaN amount, are skipped.
 *
 * Returns NULL when out of memory.
 */
SegInteractions *seg_interactions_build (const int32_t               *users,
                                         const int32_t               *items,
                                         const double                *amounts,
                                         const double                *times,
                                         size_t                       n,
                                         size_t                       n_users,
                                         size_t                       n_items,
                                         const SegInteractionOptions *options);

/* Builds the matrix from CSR arrays (taken over), filling the CSC side.
 * Rows must be ascending without repeats. Returns NULL when out of memory
 * (the arrays are then freed). */
SegInteractions *seg_interactions_new_from_csr (size_t   n_users,
                                                size_t   n_items,
                                                int64_t *row_ptr,
                                                int32_t *row_items,
                                                double  *row_values);

void   seg_interactions_free  (SegInteractions       *matrix);

/* The value of (user, item), or 0 when the pair is absent. */
double seg_interactions_get   (const SegInteractions *matrix,
                               size_t                 user,
                               size_t                 item);

/* Whether (user, item) is present. */
int    seg_interactions_has   (const SegInteractions *matrix,
                               size_t                 user,
                               size_t                 item);

#ifdef __cplusplus
}
#endif
