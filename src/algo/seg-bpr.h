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
 * Bayesian personalised ranking (Rendle, Freudenthaler, Gantner &
 * Schmidt-Thieme, "BPR: Bayesian personalized ranking from implicit
 * feedback", 2009): customer factors x_u, item factors y_i and item biases
 * b_i are learnt so that a customer's items outrank the items they did
 * not buy. Each step draws a bought pair (u, i) uniformly from the matrix
 * and an item j the customer did not buy uniformly from the catalogue, and
 * takes a stochastic gradient step on ln σ(x̂_ui - x̂_uj) with
 * x̂_ui = b_i + x_u · y_i, minus L2 penalties. An epoch is as many steps as
 * the matrix has pairs. The matrix's values are not used: every pair is a
 * purchase.
 *
 * The steps run one after another on one thread, so that a seed gives the
 * same model on any machine.
 */

typedef struct
{
  size_t   factors;        /* default 64 */
  int      epochs;         /* default 40 */
  double   learning_rate;  /* default 0.05 */
  double   reg;            /* L2 penalty on the factors; default 0.01 */
  double   bias_reg;       /* L2 penalty on the item biases; default 0.01 */
  uint64_t seed;           /* default 42 */
} SegBprOptions;

typedef struct _SegBpr SegBpr;

void          seg_bpr_options_init (SegBprOptions         *options);

/* Returns NULL and sets *rc (nullable) to -1 when cancelled, -2 when out
 * of memory, -3 for bad input (no customers, items or pairs, no factors,
 * fewer than one epoch, a learning rate that is not positive, a negative
 * penalty); else sets *rc to 0. */
SegBpr       *seg_bpr_fit          (const SegInteractions *train,
                                    const SegBprOptions   *options,
                                    const SegMonitor      *monitor,
                                    int                   *rc);

/* Fills @scorer: the score of an item is b_i + x_u · y_i; the similarity
 * of two items is the cosine of their factors. */
void          seg_bpr_scorer       (const SegBpr          *model,
                                    SegScorer             *scorer);

void          seg_bpr_free         (SegBpr                *model);

size_t        seg_bpr_n_users      (const SegBpr          *model);
size_t        seg_bpr_n_items      (const SegBpr          *model);
size_t        seg_bpr_n_factors    (const SegBpr          *model);
const double *seg_bpr_user_factors (const SegBpr          *model);
const double *seg_bpr_item_factors (const SegBpr          *model);
const double *seg_bpr_item_biases  (const SegBpr          *model);

#ifdef __cplusplus
}
#endif
