/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-logistic.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "seg-vector-private.h"

/* The rows are summed in this many chunks at most, each from its first row
 * to its last, and the chunks in order, so that the sums do not depend on
 * how many threads share them. */
#define MAX_CHUNKS      32
#define MIN_CHUNK_ROWS  4096
/* The chunks' sums take at most about this many doubles (64 MiB). */
#define MAX_PARTIAL     (8 << 20)

/* The Hessian is p × p and every iteration factors it. */
#define MAX_FEATURES    1024

/* What x points to when there are no features. */
static const double no_features = 0.0;

/* Armijo's sufficient decrease, and how often a step may be halved. */
#define ARMIJO          1e-4
/* Below this share of the first gradient, steps reuse the last Hessian. */
#define CHORD_BELOW     1e-2
#define MAX_HALVINGS    50

/* Coordinate descent on the quadratic model of an L1 step. */
#define MAX_SWEEPS      2000
#define SWEEP_TOL       1e-13

struct _SegLogistic
{
  size_t             p;
  SegLogisticPenalty penalty;
  gboolean           fit_intercept;
  gboolean           converged;
  int                iterations;
  double             C;
  double             l1_ratio;
  double             intercept;
  double             objective;
  double             log_loss;
  double             coef[];
};

G_DEFINE_QUARK (seg-logistic-error-quark, seg_logistic_error)

/**
 * seg_logistic_params_init:
 * @params: (out caller-allocates): parameters to fill
 *
 * Fills @params with the defaults the user sees: L2 penalty with C = 1,
 * an intercept, no class weights.
 */
void
seg_logistic_params_init (SegLogisticParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->penalty = SEG_LOGISTIC_PENALTY_L2;
  params->C = 1.0;
  params->l1_ratio = 0.5;
  params->fit_intercept = TRUE;
  params->class_weight = SEG_LOGISTIC_CLASS_WEIGHT_NONE;
  params->class_weights[0] = 1.0;
  params->class_weights[1] = 1.0;
  params->tol = 1e-8;
  params->max_iter = 100;
}

/* log (1 + e^z) and 1 / (1 + e^-z), from one exponential that cannot
 * overflow. */
static inline double
softplus_sigmoid (double  z,
                  double *sigmoid)
{
  double e = exp (-fabs (z));

  *sigmoid = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  return (z > 0 ? z : 0.0) + log1p (e);
}

static inline double
sigmoid (double z)
{
  double e = exp (-fabs (z));

  return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

typedef struct
{
  const double *x;
  const double *y;
  const double *w;
  size_t        n;
  size_t        p;
  size_t        q;       /* p, and one more for the intercept */
  size_t        chunks;
  double       *partial; /* per chunk: loss, gradient (q), Hessian (q × q) */
  size_t        stride;
  double       *sums;    /* the chunks' sums, in order */
} Fit;

static inline size_t
chunk_start (const Fit *fit,
             size_t     c)
{
  return fit->n * c / fit->chunks;
}

/* Rows are added to the Hessian this many at a time, so that each of its
 * entries is loaded and stored once per group rather than once per row. */
#define GROUP 8

/* Adds GROUP rows (q values each, GROUP × q) with Hessian weights h and
 * gradient weights r to the gradient g and the upper triangle of the
 * Hessian hess. */
static SEG_VEC_CLONES void
add_rows (const double *rows,
          const double *h,
          const double *r,
          size_t        q,
          double       *g,
          double       *hess)
{
  const double *r0 = rows, *r1 = r0 + q, *r2 = r1 + q, *r3 = r2 + q;
  const double *r4 = r3 + q, *r5 = r4 + q, *r6 = r5 + q, *r7 = r6 + q;

  G_STATIC_ASSERT (GROUP == 8);

#pragma omp simd
  for (size_t k = 0; k < q; k++)
    g[k] += r[0] * r0[k] + r[1] * r1[k] + r[2] * r2[k] + r[3] * r3[k] +
            r[4] * r4[k] + r[5] * r5[k] + r[6] * r6[k] + r[7] * r7[k];

  for (size_t j = 0; j < q; j++)
    {
      double a0 = h[0] * r0[j], a1 = h[1] * r1[j], a2 = h[2] * r2[j], a3 = h[3] * r3[j];
      double a4 = h[4] * r4[j], a5 = h[5] * r5[j], a6 = h[6] * r6[j], a7 = h[7] * r7[j];
      double *hj = hess + j * q;

#pragma omp simd
      for (size_t k = j; k < q; k++)
        hj[k] += a0 * r0[k] + a1 * r1[k] + a2 * r2[k] + a3 * r3[k] +
                 a4 * r4[k] + a5 * r5[k] + a6 * r6[k] + a7 * r7[k];
    }
}

/* The weighted loss and its gradient at theta, into fit->sums; with
 * @hessian, the upper triangle of its Hessian too. */
static void
pass_newton (Fit          *fit,
             const double *theta,
             gboolean      hessian)
{
  size_t p = fit->p, q = fit->q;
  double b = q > p ? theta[p] : 0.0;

#pragma omp parallel for schedule(static) if (fit->n > 2 * MIN_CHUNK_ROWS)
  for (size_t c = 0; c < fit->chunks; c++)
    {
      double *acc = fit->partial + c * fit->stride;
      double rows[GROUP * q], h[GROUP], r[GROUP];
      double loss = 0;
      size_t m = 0;

      memset (acc, 0, (hessian ? fit->stride : 1 + q) * sizeof (double));
      for (size_t i = chunk_start (fit, c); i < chunk_start (fit, c + 1); i++)
        {
          const double *xi = fit->x + i * p;
          double wi = fit->w[i], s;
          double z = seg_vec_dot (xi, theta, p) + b;

          if (wi == 0)
            continue;
          loss += wi * (softplus_sigmoid (z, &s) - fit->y[i] * z);
          if (!hessian)
            {
              double ri = wi * (s - fit->y[i]);

              seg_vec_axpy (ri, xi, acc + 1, p);
              if (q > p)
                acc[1 + p] += ri;
              continue;
            }
          r[m] = wi * (s - fit->y[i]);
          h[m] = wi * s * (1.0 - s);
          memcpy (rows + m * q, xi, p * sizeof (double));
          if (q > p)
            rows[m * q + p] = 1.0;
          if (++m == GROUP)
            {
              add_rows (rows, h, r, q, acc + 1, acc + 1 + q);
              m = 0;
            }
        }
      if (hessian && m > 0)
        {
          /* The last rows of the chunk, padded with rows of weight 0. */
          memset (rows + m * q, 0, (GROUP - m) * q * sizeof (double));
          for (size_t k = m; k < GROUP; k++)
            h[k] = r[k] = 0;
          add_rows (rows, h, r, q, acc + 1, acc + 1 + q);
        }
      acc[0] = loss;
    }

  {
    size_t used = hessian ? fit->stride : 1 + q;

    memcpy (fit->sums, fit->partial, used * sizeof (double));
    for (size_t c = 1; c < fit->chunks; c++)
      seg_vec_axpy (1.0, fit->partial + c * fit->stride, fit->sums, used);
  }
}

/* The weighted loss at theta. */
static double
pass_loss (Fit          *fit,
           const double *theta)
{
  size_t p = fit->p;
  double b = fit->q > p ? theta[p] : 0.0, total = 0;

#pragma omp parallel for schedule(static) if (fit->n > 2 * MIN_CHUNK_ROWS)
  for (size_t c = 0; c < fit->chunks; c++)
    {
      double loss = 0, s;

      for (size_t i = chunk_start (fit, c); i < chunk_start (fit, c + 1); i++)
        {
          double z = seg_vec_dot (fit->x + i * p, theta, p) + b;

          if (fit->w[i] != 0)
            loss += fit->w[i] * (softplus_sigmoid (z, &s) - fit->y[i] * z);
        }
      fit->partial[c * fit->stride] = loss;
    }

  for (size_t c = 0; c < fit->chunks; c++)
    total += fit->partial[c * fit->stride];

  return total;
}

static double
penalty_value (const double *beta,
               size_t        p,
               double        lam1,
               double        lam2)
{
  double l1 = 0, l2 = 0;

  for (size_t j = 0; j < p; j++)
    {
      l1 += fabs (beta[j]);
      l2 += beta[j] * beta[j];
    }

  return lam1 * l1 + lam2 * 0.5 * l2;
}

/* Solves a · d = -g for the symmetric positive definite a (q × q, row-major,
 * both triangles), through its Cholesky factor in l. A matrix that is not
 * positive definite (no penalty on data that a feature separates, or a
 * feature that is constant) gets a growing ridge until it is. */
static void chol_solve (const double *l,
                        const double *g,
                        size_t        q,
                        double       *d);

static void
newton_step (const double *a,
             const double *g,
             size_t        q,
             double       *l,
             double       *d)
{
  double top = 0, ridge = 0;
  int attempt;

  for (size_t j = 0; j < q; j++)
    top = MAX (top, a[j * q + j]);
  if (!(top > 0) || !isfinite (top))
    top = 1;

  for (attempt = 0; attempt < 20; attempt++)
    {
      gboolean ok = TRUE;

      for (size_t j = 0; j < q && ok; j++)
        {
          for (size_t k = 0; k <= j; k++)
            {
              double s = a[j * q + k] + (j == k ? ridge : 0.0);

              s -= seg_vec_dot (l + j * q, l + k * q, k);
              if (j == k)
                {
                  if (!(s > top * 1e-14))
                    {
                      ok = FALSE;
                      break;
                    }
                  l[j * q + j] = sqrt (s);
                }
              else
                l[j * q + k] = s / l[k * q + k];
            }
        }
      if (ok)
        break;
      ridge = ridge == 0 ? top * 1e-10 : ridge * 100;
    }
  if (attempt == 20)
    {
      /* Nothing left of the curvature: a plain gradient step. */
      for (size_t j = 0; j < q; j++)
        d[j] = -g[j] / top;
      return;
    }

  chol_solve (l, g, q, d);
}

/* Solves L Lᵀ d = -g with the factor newton_step () left in l. */
static void
chol_solve (const double *l,
            const double *g,
            size_t        q,
            double       *d)
{
  /* L u = -g, then Lᵀ d = u. */
  for (size_t j = 0; j < q; j++)
    d[j] = (-g[j] - seg_vec_dot (l + j * q, d, j)) / l[j * q + j];
  for (size_t j = q; j-- > 0;)
    {
      double s = d[j];

      for (size_t k = j + 1; k < q; k++)
        s -= l[k * q + j] * d[k];
      d[j] = s / l[j * q + j];
    }
}

/* Minimises gᵀd + ½ dᵀ a d + lam1 · Σ_{j<p} |β_j + d_j| by cyclic
 * coordinate descent; ad holds a · d. */
static void
l1_step (const double *a,
         const double *g,
         const double *beta,
         size_t        p,
         size_t        q,
         double        lam1,
         double       *ad,
         double       *d)
{
  memset (d, 0, q * sizeof (double));
  memset (ad, 0, q * sizeof (double));

  for (int sweep = 0; sweep < MAX_SWEEPS; sweep++)
    {
      double largest_change = 0, largest = 0;

      for (size_t j = 0; j < q; j++)
        {
          double ajj = a[j * q + j], grad = g[j] + ad[j], delta;

          if (!(ajj > 0))
            continue;
          if (j < p)
            {
              double u = beta[j] + d[j] - grad / ajj, cut = lam1 / ajj;
              double v = u > cut ? u - cut : u < -cut ? u + cut : 0.0;

              delta = v - beta[j] - d[j];
            }
          else
            delta = -grad / ajj;

          if (delta != 0)
            {
              d[j] += delta;
              seg_vec_axpy (delta, a + j * q, ad, q);
              largest_change = MAX (largest_change, fabs (delta));
            }
          largest = MAX (largest, fabs (j < p ? beta[j] + d[j] : d[j]));
        }
      if (largest_change <= SWEEP_TOL * MAX (1.0, largest))
        break;
    }
}

/* The largest component of the minimum-norm subgradient: 0 at the
 * optimum. */
static double
optimality (const double *g,
            const double *beta,
            size_t        p,
            size_t        q,
            double        lam1)
{
  double worst = 0;

  for (size_t j = 0; j < q; j++)
    {
      double v;

      if (j >= p || lam1 == 0)
        v = fabs (g[j]);
      else if (beta[j] > 0)
        v = fabs (g[j] + lam1);
      else if (beta[j] < 0)
        v = fabs (g[j] - lam1);
      else
        v = MAX (fabs (g[j]) - lam1, 0.0);
      worst = MAX (worst, v);
    }

  return worst;
}

static gboolean
check_params (const SegLogisticParams *params,
              GError                 **error)
{
  if (!(params->C > 0) || !isfinite (params->C))
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS,
                   "Option “C” is %g; it must be a positive number", params->C);
      return FALSE;
    }
  if (params->penalty > SEG_LOGISTIC_PENALTY_ELASTIC_NET)
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS,
                   "Option “penalty” is %d; it must be none, L2, L1 or elastic net", (int) params->penalty);
      return FALSE;
    }
  if (params->penalty == SEG_LOGISTIC_PENALTY_ELASTIC_NET &&
      !(params->l1_ratio >= 0 && params->l1_ratio <= 1))
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS,
                   "Option “l1-ratio” is %g; it must be between 0 and 1", params->l1_ratio);
      return FALSE;
    }
  if (params->class_weight > SEG_LOGISTIC_CLASS_WEIGHT_EXPLICIT ||
      (params->class_weight == SEG_LOGISTIC_CLASS_WEIGHT_EXPLICIT &&
       !(params->class_weights[0] >= 0 && isfinite (params->class_weights[0]) &&
         params->class_weights[1] >= 0 && isfinite (params->class_weights[1]))))
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS,
                   "Option “class-weight” must be none, balanced or two weights of at least 0");
      return FALSE;
    }
  if (!(params->tol > 0) || params->max_iter < 1)
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS,
                   "Option “tol” must be positive and “max-iter” at least 1");
      return FALSE;
    }

  return TRUE;
}

/* Checks the rows and combines the sample and class weights into w. */
static gboolean
prepare_weights (const double            *x,
                 size_t                   n,
                 size_t                   p,
                 const double            *y,
                 const double            *weight,
                 const SegLogisticParams *params,
                 double                  *w,
                 GError                 **error)
{
  double class_weight[2] = { 1.0, 1.0 }, total[2] = { 0, 0 };
  size_t count[2] = { 0, 0 };

  for (size_t i = 0; i < n; i++)
    {
      if (y[i] != 0 && y[i] != 1)
        {
          g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA,
                       "Row %zu: the target is %g; it must be 0 or 1", i + 1, y[i]);
          return FALSE;
        }
      if (weight != NULL && !(weight[i] >= 0 && isfinite (weight[i])))
        {
          g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA,
                       "Row %zu: the weight is %g; it must be a number of at least 0", i + 1, weight[i]);
          return FALSE;
        }
      for (size_t j = 0; j < p; j++)
        if (!isfinite (x[i * p + j]))
          {
            g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA,
                         "Row %zu, feature %zu: the value is %g; it must be a finite number",
                         i + 1, j + 1, x[i * p + j]);
            return FALSE;
          }
      count[(int) y[i]]++;
    }

  if (params->class_weight == SEG_LOGISTIC_CLASS_WEIGHT_BALANCED)
    for (int k = 0; k < 2; k++)
      class_weight[k] = count[k] > 0 ? (double) n / (2.0 * count[k]) : 0.0;
  else if (params->class_weight == SEG_LOGISTIC_CLASS_WEIGHT_EXPLICIT)
    for (int k = 0; k < 2; k++)
      class_weight[k] = params->class_weights[k];

  for (size_t i = 0; i < n; i++)
    {
      int k = (int) y[i];

      w[i] = class_weight[k] * (weight != NULL ? weight[i] : 1.0);
      total[k] += w[i];
    }

  if (!(total[0] > 0 && total[1] > 0))
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_ONE_CLASS,
                   "Every row of weight above 0 has the target %d; a model needs rows of both classes",
                   total[1] > 0 ? 1 : 0);
      return FALSE;
    }

  return TRUE;
}

static gboolean
cancelled (const SegMonitor *monitor,
           double            fraction,
           GError          **error)
{
  if (seg_monitor_report (monitor, fraction))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The model fit was cancelled");
      return TRUE;
    }

  return FALSE;
}

/**
 * seg_logistic_fit:
 * @x: n rows of p features, row-major
 * @n: number of rows (at least 1)
 * @p: number of features
 * @y: the targets, each 0 or 1
 * @weight: (nullable): a weight of at least 0 per row; NULL weighs each 1
 * @params: the parameters
 * @monitor: (nullable): progress and cancellation
 * @error: return location for a #GError
 *
 * Fits the model. A fit that reaches max_iter before the tolerance still
 * returns its model, with seg_logistic_get_converged () FALSE.
 *
 * Returns: (transfer full): the model, or %NULL with @error set: a
 *   #SEG_LOGISTIC_ERROR for bad parameters or data, %G_IO_ERROR_CANCELLED
 *   when cancelled
 */
SegLogistic *
seg_logistic_fit (const double            *x,
                  size_t                   n,
                  size_t                   p,
                  const double            *y,
                  const double            *weight,
                  const SegLogisticParams *params,
                  const SegMonitor        *monitor,
                  GError                 **error)
{
  g_autofree double *w = NULL, *partial = NULL, *sums = NULL;
  g_autofree double *work = NULL;
  g_autoptr(SegLogistic) model = NULL;
  double *theta, *trial, *d, *hess, *chol, *ad, *grad;
  double lam1 = 0, lam2 = 0, scale, total_weight = 0, target, first = -1, shown = 0;
  double objective = 0, loss = 0;
  size_t q;
  Fit fit;
  int it = 0;
  gboolean converged = FALSE, with_hessian = TRUE, next_hessian = TRUE;
  double last_worst = INFINITY;

  g_return_val_if_fail (x != NULL || n * p == 0, NULL);
  g_return_val_if_fail (y != NULL || n == 0, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_params (params, error))
    return NULL;
  if (n == 0)
    {
      g_set_error_literal (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA,
                           "There are no rows to fit the model to");
      return NULL;
    }
  if (p > MAX_FEATURES)
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA,
                   "There are %zu features; the model takes at most %d", p, MAX_FEATURES);
      return NULL;
    }
  if (p == 0 && !params->fit_intercept)
    {
      g_set_error_literal (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS,
                           "A model without features needs an intercept");
      return NULL;
    }

  w = g_try_new (double, n);
  if (w == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Not enough memory for %zu rows", n);
      return NULL;
    }
  if (!prepare_weights (x, n, p, y, weight, params, w, error))
    return NULL;
  for (size_t i = 0; i < n; i++)
    total_weight += w[i];

  switch (params->penalty)
    {
    case SEG_LOGISTIC_PENALTY_L2:
      lam2 = 1.0;
      break;
    case SEG_LOGISTIC_PENALTY_L1:
      lam1 = 1.0;
      break;
    case SEG_LOGISTIC_PENALTY_ELASTIC_NET:
      lam1 = params->l1_ratio;
      lam2 = 1.0 - params->l1_ratio;
      break;
    case SEG_LOGISTIC_PENALTY_NONE:
    default:
      break;
    }

  q = p + (params->fit_intercept ? 1 : 0);
  /* Rows of no features may come as NULL; they are never read. */
  fit.x = x != NULL ? x : &no_features;
  fit.y = y;
  fit.w = w;
  fit.n = n;
  fit.p = p;
  fit.q = q;
  fit.stride = 1 + q + q * q;
  /* Fewer chunks for many features, so that their sums stay small. */
  fit.chunks = CLAMP (n / MIN_CHUNK_ROWS, 1, CLAMP (MAX_PARTIAL / fit.stride, 2, MAX_CHUNKS));
  fit.partial = partial = g_try_new (double, fit.chunks * fit.stride);
  if (partial == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Not enough memory for %zu features", p);
      return NULL;
    }
  fit.sums = sums = g_new (double, fit.stride);

  work = g_new0 (double, 5 * q + 2 * q * q);
  theta = work;
  trial = theta + q;
  d = trial + q;
  ad = d + q;
  grad = ad + q;
  hess = grad + q;
  chol = hess + q * q;

  scale = MAX (1.0, params->C * total_weight);
  target = params->tol * scale;

  /* Each iteration tries the full Newton step first and forms the
   * gradient and the Hessian there in the same pass that checks the
   * objective; only a step that fails the check is cut back. */
  pass_newton (&fit, theta, TRUE);
  for (;;)
    {
      double step = 1.0, decrease, base, worst;
      gboolean accepted = FALSE;

      loss = sums[0];
      objective = params->C * loss + penalty_value (theta, p, lam1, lam2);
      for (size_t j = 0; j < q; j++)
        {
          grad[j] = params->C * sums[1 + j] + (j < p ? lam2 * theta[j] : 0.0);
          for (size_t k = j; k < q && with_hessian; k++)
            {
              double v = params->C * sums[1 + q + j * q + k] + (j == k && j < p ? lam2 : 0.0);

              hess[j * q + k] = v;
              hess[k * q + j] = v;
            }
        }

      worst = optimality (grad, theta, p, q, lam1);
      /* Once Newton's steps are short, the curvature hardly changes: the
       * last factor serves again while each step takes the gradient at
       * least four times lower (a pass without the Hessian costs a
       * tenth of one with it); a step that does less brings the Hessian
       * back. */
      if (!with_hessian && !(worst <= last_worst / 4))
        {
          pass_newton (&fit, theta, TRUE);
          with_hessian = TRUE;
          continue;
        }
      last_worst = worst;
      if (worst <= target)
        {
          converged = TRUE;
          break;
        }
      if (it >= params->max_iter)
        break;

      /* Progress: how far the gradient has come down, on a log scale. */
      if (first < 0)
        first = worst;
      if (first > target && worst < first)
        shown = MAX (shown, log (first / worst) / log (first / target));
      if (cancelled (monitor, shown, error))
        return NULL;

      if (lam1 > 0)
        l1_step (hess, grad, theta, p, q, lam1, ad, d);
      else if (with_hessian)
        newton_step (hess, grad, q, chol, d);
      else
        chol_solve (chol, grad, q, d);

      for (size_t j = 0; j < q; j++)
        trial[j] = theta[j] + d[j];
      decrease = seg_vec_dot (grad, d, q);
      if (lam1 > 0)
        decrease += penalty_value (trial, p, lam1, 0) - penalty_value (theta, p, lam1, 0);

      /* Close to the optimum the decrease the model predicts is below
       * what the objective's rounding lets a line search see (and may
       * even come out positive); the full step is then the right one. */
      base = objective;
      /* A full step of a fit that is nearly there needs no new Hessian:
       * its gradient has come down by a large factor already. */
      next_hessian = lam1 > 0 || !(worst < first * CHORD_BELOW);
      if (fabs (decrease) <= 1e-13 * fabs (base))
        {
          pass_newton (&fit, trial, next_hessian);
          accepted = TRUE;
        }
      else if (decrease < 0)
        {
          pass_newton (&fit, trial, next_hessian);
          accepted = params->C * sums[0] + penalty_value (trial, p, lam1, lam2) <= base + ARMIJO * decrease;
        }
      else
        break;

      for (int halving = 0; halving < MAX_HALVINGS && !accepted; halving++)
        {
          step *= 0.5;
          for (size_t j = 0; j < q; j++)
            trial[j] = theta[j] + step * d[j];
          if (params->C * pass_loss (&fit, trial) + penalty_value (trial, p, lam1, lam2) <=
              base + ARMIJO * step * decrease)
            {
              next_hessian = TRUE;
              pass_newton (&fit, trial, TRUE);
              accepted = TRUE;
            }
        }
      if (!accepted)
        break;

      memcpy (theta, trial, q * sizeof (double));
      with_hessian = next_hessian;
      it++;
    }

  if (cancelled (monitor, 1.0, error))
    return NULL;

  model = g_malloc0 (sizeof (SegLogistic) + p * sizeof (double));
  model->p = p;
  model->penalty = params->penalty;
  model->fit_intercept = params->fit_intercept;
  model->converged = converged;
  model->iterations = it;
  model->C = params->C;
  model->l1_ratio = params->penalty == SEG_LOGISTIC_PENALTY_ELASTIC_NET ? params->l1_ratio : 0.0;
  model->intercept = q > p ? theta[p] : 0.0;
  model->objective = objective;
  model->log_loss = loss / total_weight;
  if (p > 0)
    memcpy (model->coef, theta, p * sizeof (double));

  return g_steal_pointer (&model);
}

void
seg_logistic_free (SegLogistic *model)
{
  g_free (model);
}

/**
 * seg_logistic_predict:
 * @model: a fitted model
 * @x: m rows of the model's features, row-major, scaled as for the fit
 * @m: number of rows
 * @probability: (out caller-allocates): m probabilities of class 1
 */
void
seg_logistic_predict (const SegLogistic *model,
                      const double      *x,
                      size_t             m,
                      double            *probability)
{
  size_t p;

  g_return_if_fail (model != NULL);
  g_return_if_fail (x != NULL || m * model->p == 0);
  g_return_if_fail (probability != NULL || m == 0);

  p = model->p;
  if (x == NULL)
    x = &no_features;
#pragma omp parallel for schedule(static) if (m > 2 * MIN_CHUNK_ROWS)
  for (size_t i = 0; i < m; i++)
    probability[i] = sigmoid (seg_vec_dot (x + i * p, model->coef, p) + model->intercept);
}

size_t
seg_logistic_get_n_features (const SegLogistic *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->p;
}

/* Returns: (transfer none) (array): the p coefficients */
const double *
seg_logistic_get_coefficients (const SegLogistic *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->coef;
}

double
seg_logistic_get_intercept (const SegLogistic *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->intercept;
}

int
seg_logistic_get_iterations (const SegLogistic *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->iterations;
}

gboolean
seg_logistic_get_converged (const SegLogistic *model)
{
  g_return_val_if_fail (model != NULL, FALSE);
  return model->converged;
}

/* Returns: C · Σ w_i · logloss_i + penalty at the fitted coefficients */
double
seg_logistic_get_objective (const SegLogistic *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->objective;
}

/* Returns: the training rows' log loss, averaged with the weights of the fit */
double
seg_logistic_get_log_loss (const SegLogistic *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->log_loss;
}

/**
 * seg_logistic_odds_ratios:
 * @model: a fitted model
 * @odds_ratio: (out caller-allocates): p values, exp (β_j): how the odds of
 *   class 1 multiply when feature j grows by one unit
 */
void
seg_logistic_odds_ratios (const SegLogistic *model,
                          double            *odds_ratio)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (odds_ratio != NULL || model->p == 0);

  for (size_t j = 0; j < model->p; j++)
    odds_ratio[j] = exp (model->coef[j]);
}

/**
 * seg_logistic_effect:
 * @model: a fitted model
 * @feature: a feature's index
 * @odds_ratio: (out) (optional): exp (β_feature)
 *
 * Which way a feature pushes the prediction, for the page to say in words
 * (such as “More orders → more likely to buy”) with the feature's name.
 *
 * Returns: the direction of the feature's effect
 */
SegLogisticEffect
seg_logistic_effect (const SegLogistic *model,
                     size_t             feature,
                     double            *odds_ratio)
{
  double beta;

  g_return_val_if_fail (model != NULL, SEG_LOGISTIC_EFFECT_NONE);
  g_return_val_if_fail (feature < model->p, SEG_LOGISTIC_EFFECT_NONE);

  beta = model->coef[feature];
  if (odds_ratio != NULL)
    *odds_ratio = exp (beta);

  return beta > 0 ? SEG_LOGISTIC_EFFECT_MORE : beta < 0 ? SEG_LOGISTIC_EFFECT_LESS : SEG_LOGISTIC_EFFECT_NONE;
}

/*
 * Stored form, little-endian:
 *   "SEGLOGIT"  magic, 8 bytes
 *   u32         version (1)
 *   u32         penalty
 *   u32         flags: 1 intercept fitted, 2 converged
 *   u32         iterations
 *   u64         p
 *   f64 × 5     C, l1_ratio, intercept, objective, log loss
 *   f64 × p     coefficients
 */
#define MAGIC          "SEGLOGIT"
#define FORMAT_VERSION 1
#define HEADER_SIZE    (8 + 4 * 4 + 8 + 5 * 8)
#define FLAG_INTERCEPT 1u
#define FLAG_CONVERGED 2u

static guint8 *
put_u32 (guint8  *out,
         guint32  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (out, &v, 4);
  return out + 4;
}

static guint8 *
put_u64 (guint8  *out,
         guint64  v)
{
  v = GUINT64_TO_LE (v);
  memcpy (out, &v, 8);
  return out + 8;
}

static guint8 *
put_f64 (guint8 *out,
         double  v)
{
  guint64 bits;

  memcpy (&bits, &v, 8);
  return put_u64 (out, bits);
}

static guint32
get_u32 (const guint8 **in)
{
  guint32 v;

  memcpy (&v, *in, 4);
  *in += 4;
  return GUINT32_FROM_LE (v);
}

static guint64
get_u64 (const guint8 **in)
{
  guint64 v;

  memcpy (&v, *in, 8);
  *in += 8;
  return GUINT64_FROM_LE (v);
}

static double
get_f64 (const guint8 **in)
{
  guint64 bits = get_u64 (in);
  double v;

  memcpy (&v, &bits, 8);
  return v;
}

/**
 * seg_logistic_to_bytes:
 * @model: a fitted model
 *
 * Returns: (transfer full): the model in a form seg_logistic_from_bytes ()
 *   reads back on any machine
 */
GBytes *
seg_logistic_to_bytes (const SegLogistic *model)
{
  gsize size;
  guint8 *data, *out;

  g_return_val_if_fail (model != NULL, NULL);

  size = HEADER_SIZE + model->p * 8;
  data = out = g_malloc (size);
  memcpy (out, MAGIC, 8);
  out += 8;
  out = put_u32 (out, FORMAT_VERSION);
  out = put_u32 (out, model->penalty);
  out = put_u32 (out, (model->fit_intercept ? FLAG_INTERCEPT : 0) | (model->converged ? FLAG_CONVERGED : 0));
  out = put_u32 (out, (guint32) model->iterations);
  out = put_u64 (out, model->p);
  out = put_f64 (out, model->C);
  out = put_f64 (out, model->l1_ratio);
  out = put_f64 (out, model->intercept);
  out = put_f64 (out, model->objective);
  out = put_f64 (out, model->log_loss);
  for (size_t j = 0; j < model->p; j++)
    out = put_f64 (out, model->coef[j]);
  g_assert ((gsize) (out - data) == size);

  return g_bytes_new_take (data, size);
}

static SegLogistic *
corrupt (GError     **error,
         const char  *what)
{
  g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_CORRUPT,
               "The stored logistic regression model is damaged: %s", what);
  return NULL;
}

/**
 * seg_logistic_from_bytes:
 * @bytes: what seg_logistic_to_bytes () gave
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the model, or %NULL with
 *   %SEG_LOGISTIC_ERROR_CORRUPT when @bytes are truncated, of another
 *   version or otherwise not a model
 */
SegLogistic *
seg_logistic_from_bytes (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(SegLogistic) model = NULL;
  const guint8 *in;
  gsize size;
  guint32 version, penalty, flags, iterations;
  guint64 p;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  in = g_bytes_get_data (bytes, &size);
  if (size < HEADER_SIZE || memcmp (in, MAGIC, 8) != 0)
    return corrupt (error, "it does not start like one");
  in += 8;
  version = get_u32 (&in);
  if (version != FORMAT_VERSION)
    {
      g_set_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_CORRUPT,
                   "The stored logistic regression model has format version %u; this version of Segmenta reads version %d",
                   version, FORMAT_VERSION);
      return NULL;
    }
  penalty = get_u32 (&in);
  flags = get_u32 (&in);
  iterations = get_u32 (&in);
  p = get_u64 (&in);
  if (penalty > SEG_LOGISTIC_PENALTY_ELASTIC_NET)
    return corrupt (error, "unknown penalty");
  if ((flags & ~(FLAG_INTERCEPT | FLAG_CONVERGED)) != 0 || iterations > G_MAXINT)
    return corrupt (error, "unknown flags");
  if (p > (size - HEADER_SIZE) / 8 || size != HEADER_SIZE + p * 8)
    return corrupt (error, "its length does not match its number of features");

  model = g_malloc0 (sizeof (SegLogistic) + p * sizeof (double));
  model->p = p;
  model->penalty = penalty;
  model->fit_intercept = (flags & FLAG_INTERCEPT) != 0;
  model->converged = (flags & FLAG_CONVERGED) != 0;
  model->iterations = (int) iterations;
  model->C = get_f64 (&in);
  model->l1_ratio = get_f64 (&in);
  model->intercept = get_f64 (&in);
  model->objective = get_f64 (&in);
  model->log_loss = get_f64 (&in);
  if (!(model->C > 0) || !isfinite (model->C) || !(model->l1_ratio >= 0 && model->l1_ratio <= 1) ||
      !isfinite (model->intercept) || !isfinite (model->objective) || !isfinite (model->log_loss) ||
      (!model->fit_intercept && model->intercept != 0))
    return corrupt (error, "a value out of its range");
  for (size_t j = 0; j < p; j++)
    {
      model->coef[j] = get_f64 (&in);
      if (!isfinite (model->coef[j]))
        return corrupt (error, "a coefficient that is not a number");
    }

  return g_steal_pointer (&model);
}
