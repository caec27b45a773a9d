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
 * Alternating least squares for implicit feedback (Hu, Koren & Volinsky,
 * "Collaborative filtering for implicit feedback datasets", 2008).
 *
 * Every pair the matrix holds is a preference of 1 with the confidence
 * given by its value (build the matrix with SEG_WEIGHT_CONFIDENCE, which
 * gives 1 + alpha · count); every pair it does not hold is a preference of
 * 0 with confidence 1. The model finds customer factors x_u and item
 * factors y_i minimising
 *
 *   sum over all (u, i) of c_ui (p_ui - x_u · y_i)^2
 *     + lambda (sum |x_u|^2 + sum |y_i|^2).
 *
 * Each half-iteration solves, for every customer (then every item) on its
 * own, (YᵀY + λI + Yᵀ(C_u - I)Y) x_u = YᵀC_u p_u with a few steps of the
 * conjugate-gradient method warm-started from the previous factors
 * (Takács, Pilászy & Tikk, "Applications of the conjugate gradient method
 * for implicit feedback collaborative filtering", 2011), using YᵀY computed
 * once per half-iteration. Customers (and items) are solved in parallel;
 * the results do not depend on the number of threads.
 *
 * One iteration solves the items, then the customers, so that the
 * customer factors of a fitted model always answer the final item factors.
 *
 * The regularisation weighs against the confidences, so the two go
 * together: the defaults were chosen on MovieLens 100K (every rating a
 * purchase) with confidences 1 + 10 · count (SEG_ALS_DEFAULT_ALPHA); a
 * smaller lambda fits the training purchases more closely and recommends
 * re-buys less well.
 */

#define SEG_ALS_DEFAULT_ALPHA 10.0

typedef struct
{
  size_t   factors;     /* length of the factor vectors; default 64 */
  int      iterations;  /* alternations, items then customers; default 15 */
  double   lambda;      /* regularisation; default 80 */
  int      cg_steps;    /* conjugate-gradient steps per solve; default 3 */
  uint64_t seed;        /* for the starting factors; default 42 */
} SegAlsOptions;

typedef struct _SegAls SegAls;

void          seg_als_options_init  (SegAlsOptions         *options);

/*
 * Fits the model to @train, whose values are the confidences (every value
 * must be finite and positive). Returns NULL and sets *rc (nullable) to
 * -1 when cancelled, -2 when out of memory, -3 for bad input (no
 * customers or items, no factors, a negative lambda, fewer than one
 * iteration or step, a value that is not finite and positive); else sets
 * *rc to 0.
 */
SegAls       *seg_als_fit           (const SegInteractions *train,
                                     const SegAlsOptions   *options,
                                     const SegMonitor      *monitor,
                                     int                   *rc);

/* Fills @scorer: the score of an item is x_u · y_i; the similarity of two
 * items is the cosine of their factors. Customers the model does not know
 * (fold them in first) score 0 everywhere, items it does not know
 * -INFINITY. */
void          seg_als_scorer        (const SegAls          *model,
                                     SegScorer             *scorer);

/*
 * Recomputes the factors of the customers users[0 .. n) from their rows of
 * @train (which may have more customers than the model was fitted on: new
 * customers are added, starting from zero factors) against the fixed item
 * factors, solving each customer's system to convergence. Items of
 * @train beyond the model's are ignored. Returns 0, -2 when out of
 * memory, -3 when a customer is out of @train's range or a value is not
 * finite and positive (the model is then unchanged).
 */
int           seg_als_fold_in       (SegAls                *model,
                                     const SegInteractions *train,
                                     const size_t          *users,
                                     size_t                 n);

/*
 * A model of no customers yet from item factors kept from a fit
 * (n_items × factors, row-major, copied) and the lambda it was fitted
 * with, to fold customers in against them: folding in gives the same
 * customer factors as on the fitted model. Returns NULL and sets *rc
 * (nullable) to -2 when out of memory, -3 for bad input (no items or
 * factors, a factor or lambda that is not finite, a negative lambda).
 */
SegAls       *seg_als_new_from_items (size_t                n_items,
                                      size_t                factors,
                                      const double         *item_factors,
                                      double                lambda,
                                      int                  *rc);

void          seg_als_free          (SegAls                *model);

size_t        seg_als_n_users       (const SegAls          *model);
size_t        seg_als_n_items       (const SegAls          *model);
size_t        seg_als_n_factors     (const SegAls          *model);
/* Row-major factors: n_users × factors and n_items × factors. */
const double *seg_als_user_factors  (const SegAls          *model);
const double *seg_als_item_factors  (const SegAls          *model);

#ifdef __cplusplus
}
#endif
