/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <stddef.h>

#include "seg-progress.h"

G_BEGIN_DECLS

/*
 * Linear regression with an intercept: ordinary (or weighted) least
 * squares with the classical inference, and ridge regression.
 *
 * The fit minimises sum_i w_i (y_i - b0 - x_i·b)² + alpha |b|², the
 * intercept b0 unpenalised (scikit-learn's Ridge, and statsmodels' OLS or
 * WLS for alpha = 0). It centres the columns on their weighted means.
 * Least squares is solved by Householder QR of the weighted, centred
 * design, so that nearly collinear columns lose no more digits than they
 * must; ridge, which the penalty keeps well posed, by Cholesky on the
 * normal equations (XᵀWX + alpha I), as scikit-learn does.
 *
 * A design whose columns are linearly dependent has no least-squares
 * solution to speak of: with alpha = 0 the fit fails with
 * SEG_LINEAR_ERROR_COLLINEAR naming the first column that the earlier
 * ones (and the intercept) explain, rather than dropping it silently.
 */

#define SEG_LINEAR_ERROR (seg_linear_error_quark ())

typedef enum
{
  SEG_LINEAR_ERROR_INPUT,      /* too few rows, a non-finite value, a negative weight */
  SEG_LINEAR_ERROR_COLLINEAR,  /* a column is (nearly) a combination of others */
  SEG_LINEAR_ERROR_CORRUPT,    /* saved bytes that are not a fitted model */
} SegLinearError;

GQuark seg_linear_error_quark (void);

typedef struct
{
  double             alpha;  /* the ridge penalty; 0 for least squares */
  const char *const *names;  /* nullable: the columns' names, for errors */
} SegLinearParams;

void seg_linear_params_init (SegLinearParams *params);

/* What a fit says of itself. The inference (standard errors, t and p
 * values, F) is that of least squares and is NAN for ridge. */
typedef struct
{
  size_t n_rows;
  size_t n_features;
  double alpha;
  double df_resid;       /* rows (or weight-free count) - features - 1 */
  double r_squared;
  double adj_r_squared;
  double sigma;          /* residual standard error */
  double f_statistic;
  double f_pvalue;
  double condition;      /* max |R_jj| / min |R_jj| of the scaled design */
} SegLinearSummary;

typedef struct _SegLinear SegLinear;

SegLinear              *seg_linear_fit          (const double            *x,
                                                 size_t                   n,
                                                 size_t                   p,
                                                 const double            *y,
                                                 const double            *weight,
                                                 const SegLinearParams   *params,
                                                 const SegMonitor        *monitor,
                                                 GError                 **error);
void                    seg_linear_predict      (const SegLinear         *self,
                                                 const double            *x,
                                                 size_t                   m,
                                                 double                  *out);
void                    seg_linear_free         (SegLinear               *self);
size_t                  seg_linear_n_features   (const SegLinear         *self);
const SegLinearSummary *seg_linear_summary      (const SegLinear         *self);
/* Each p + 1 long, the intercept first. */
const double           *seg_linear_coefficients (const SegLinear         *self);
const double           *seg_linear_std_errors   (const SegLinear         *self);
const double           *seg_linear_t_values     (const SegLinear         *self);
const double           *seg_linear_p_values     (const SegLinear         *self);
GBytes                 *seg_linear_to_bytes     (const SegLinear         *self);
SegLinear              *seg_linear_from_bytes   (GBytes                  *bytes,
                                                 GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegLinear, seg_linear_free)

/* Distributions for the inference. */
double seg_incomplete_beta      (double a,
                                 double b,
                                 double x);
double seg_student_t_two_sided  (double t,
                                 double df);
double seg_f_upper_tail         (double f,
                                 double df1,
                                 double df2);

G_END_DECLS
