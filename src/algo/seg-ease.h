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
 * EASE, the closed-form item–item model (Steck, "Embarrassingly shallow
 * autoencoders for sparse data", 2019): with X the customer × item matrix,
 *
 *   P = (XᵀX + λI)⁻¹,   B = I - P · diagMat (1 / diag (P)),
 *
 * so B[i][j] = -P[i][j] / P[j][j] off the diagonal and 0 on it. A
 * customer's score for item j is sum over the customer's items i of
 * x_ui · B[i][j]. The matrix's values are used as they are (binary
 * purchases are the usual choice).
 *
 * The model is a dense n_items × n_items matrix, inverted through its
 * Cholesky factor: memory grows with the square of the catalogue and time
 * with its cube. seg_ease_estimate() tells both before fitting, and the fit
 * refuses catalogues beyond the options' limits (seg_ease_check() says
 * why) so that the caller can suggest item-kNN or ALS instead.
 */

typedef struct
{
  double lambda;         /* regularisation on the diagonal; default 1000 */
  size_t max_items;      /* largest catalogue accepted; default 20,000 */
  size_t memory_budget;  /* bytes the fit may take, 0 for no limit;
                            default 4 GiB */
} SegEaseOptions;

typedef enum
{
  SEG_EASE_FITS = 0,
  SEG_EASE_TOO_MANY_ITEMS,   /* more items than options->max_items */
  SEG_EASE_TOO_MUCH_MEMORY,  /* the estimate is above options->memory_budget */
} SegEaseRefusal;

typedef struct _SegEase SegEase;

void            seg_ease_options_init (SegEaseOptions        *options);

/* The memory (bytes) a fit of @n_items takes at its peak, and a rough
 * time (seconds) on a two-core desktop with the linear algebra this build
 * uses; either pointer may be NULL. */
void            seg_ease_estimate     (size_t                 n_items,
                                       size_t                *bytes,
                                       double                *seconds);

/* Whether a catalogue of @n_items is within @options' limits (NULL for
 * the defaults), and if not, why. */
SegEaseRefusal  seg_ease_check        (size_t                 n_items,
                                       const SegEaseOptions  *options);

/*
 * Fits the model. Returns NULL and sets *rc (nullable) to -1 when
 * cancelled, -2 when out of memory, -3 for bad input: no customers or
 * items, a lambda that is not positive, a value that is not finite, or a
 * catalogue seg_ease_check() refuses.
 */
SegEase        *seg_ease_fit          (const SegInteractions *train,
                                       const SegEaseOptions  *options,
                                       const SegMonitor      *monitor,
                                       int                   *rc);

/* Fills @scorer; the similarity of item from to item to is B[from][to]. */
void            seg_ease_scorer       (const SegEase         *model,
                                       SegScorer             *scorer);

void            seg_ease_free         (SegEase               *model);

size_t          seg_ease_n_items      (const SegEase         *model);
/* B, row-major n_items × n_items. */
const double   *seg_ease_weights      (const SegEase         *model);

/* Which linear algebra this build inverts with: "OpenBLAS" or "GSL". */
const char     *seg_ease_backend      (void);

#ifdef __cplusplus
}
#endif
