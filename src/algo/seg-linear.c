/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-linear.h"

#include <math.h>
#include <string.h>

/* A column whose part the earlier columns leave unexplained is smaller
 * than this share of its own size is taken for a combination of them. */
#define COLLINEAR_TOLERANCE 1e-10

/* Below this much work per reflection the threads cost more than they save. */
#define PARALLEL_WORK 65536

struct _SegLinear
{
  SegLinearSummary summary;
  double          *coef;   /* p + 1, intercept first */
  double          *se;
  double          *t;
  double          *pvalue;
};

G_DEFINE_QUARK (seg-linear-error-quark, seg_linear_error)

void
seg_linear_params_init (SegLinearParams *params)
{
  g_return_if_fail (params != NULL);

  params->alpha = 0.0;
  params->names = NULL;
}

static SegLinear *
linear_new (size_t p)
{
  SegLinear *self = g_new0 (SegLinear, 1);

  self->summary.n_features = p;
  self->coef = g_new0 (double, p + 1);
  self->se = g_new (double, p + 1);
  self->t = g_new (double, p + 1);
  self->pvalue = g_new (double, p + 1);
  for (size_t j = 0; j <= p; j++)
    self->se[j] = self->t[j] = self->pvalue[j] = NAN;

  return self;
}

void
seg_linear_free (SegLinear *self)
{
  if (self == NULL)
    return;
  g_free (self->coef);
  g_free (self->se);
  g_free (self->t);
  g_free (self->pvalue);
  g_free (self);
}

/* The regularized incomplete beta I_x(a, b), with y = 1 - x given
 * separately so that x close to 1 loses nothing; by its continued
 * fraction, evaluated with the modified Lentz method. */
static double
beta_fraction (double a,
               double b,
               double x)
{
  const double tiny = 1e-300;
  double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), h;

  if (fabs (d) < tiny)
    d = tiny;
  d = 1.0 / d;
  h = d;
  for (int m = 1; m <= 10000; m++)
    {
      double m2 = 2.0 * m, coefficient, delta;

      /* The even step, then the odd one. */
      coefficient = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
      d = 1.0 + coefficient * d;
      c = 1.0 + coefficient / c;
      if (fabs (d) < tiny)
        d = tiny;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      h *= d * c;

      coefficient = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
      d = 1.0 + coefficient * d;
      c = 1.0 + coefficient / c;
      if (fabs (d) < tiny)
        d = tiny;
      if (fabs (c) < tiny)
        c = tiny;
      d = 1.0 / d;
      delta = d * c;
      h *= delta;
      if (fabs (delta - 1.0) < 1e-16)
        break;
    }

  return h;
}

static double
incomplete_beta (double a,
                 double b,
                 double x,
                 double y)
{
  double front;

  if (isnan (x) || isnan (y) || a <= 0 || b <= 0)
    return NAN;
  if (x <= 0)
    return 0.0;
  if (y <= 0)
    return 1.0;

  front = exp (lgamma (a + b) - lgamma (a) - lgamma (b) + a * log (x) + b * log (y));
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_fraction (a, b, x) / a;

  return 1.0 - front * beta_fraction (b, a, y) / b;
}

/**
 * seg_incomplete_beta:
 *
 * Returns: the regularized incomplete beta function I_x(a, b)
 */
double
seg_incomplete_beta (double a,
                     double b,
                     double x)
{
  return incomplete_beta (a, b, x, 1.0 - x);
}

/**
 * seg_student_t_two_sided:
 *
 * Returns: P(|T| >= |t|) for Student's t with @df degrees of freedom
 */
double
seg_student_t_two_sided (double t,
                         double df)
{
  double t2 = t * t;

  if (isnan (t) || !(df > 0))
    return NAN;
  if (isinf (t))
    return 0.0;

  return incomplete_beta (df / 2.0, 0.5, df / (df + t2), t2 / (df + t2));
}

/**
 * seg_f_upper_tail:
 *
 * Returns: P(F >= @f) for the F distribution with @df1 and @df2 degrees
 *   of freedom
 */
double
seg_f_upper_tail (double f,
                  double df1,
                  double df2)
{
  double u;

  if (isnan (f) || !(df1 > 0) || !(df2 > 0))
    return NAN;
  if (f <= 0)
    return 1.0;
  if (isinf (f))
    return 0.0;
  u = df1 * f;

  return incomplete_beta (df2 / 2.0, df1 / 2.0, df2 / (df2 + u), u / (df2 + u));
}

static char *
column_name (const SegLinearParams *params,
             size_t                 j)
{
  if (params->names != NULL && params->names[j] != NULL)
    return g_strdup_printf ("“%s”", params->names[j]);

  return g_strdup_printf ("%zu", j + 1);
}

static gboolean
check_input (const double           *x,
             size_t                  n,
             size_t                  p,
             const double           *y,
             const double           *weight,
             const SegLinearParams  *params,
             GError                **error)
{
  size_t needed = params->alpha > 0 ? 2 : p + 2;

  if (!(params->alpha >= 0) || !isfinite (params->alpha))
    {
      g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT,
                   "alpha: the penalty must be a finite number of at least 0, not %g", params->alpha);
      return FALSE;
    }
  if (n < needed)
    {
      g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT,
                   "A regression on %zu columns needs at least %zu rows, not %zu", p, needed, n);
      return FALSE;
    }
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (y[i]))
        {
          g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT,
                       "Row %zu: the target is not a finite number", i + 1);
          return FALSE;
        }
      if (weight != NULL && !(weight[i] >= 0 && isfinite (weight[i])))
        {
          g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT,
                       "Row %zu: the weight must be a finite number of at least 0", i + 1);
          return FALSE;
        }
      for (size_t j = 0; j < p; j++)
        if (!isfinite (x[i * p + j]))
          {
            g_autofree char *name = column_name (params, j);

            g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT,
                         "Row %zu, column %s: not a finite number", i + 1, name);
            return FALSE;
          }
    }

  return TRUE;
}

/* Householder QR of the m × p column-major @a in place, applied to @rhs
 * as well: afterwards the upper triangle of the first p rows of @a is R
 * (its diagonal in @diag) and rhs holds Qᵀ rhs. Each column's update is
 * its own, so the threads share them without changing a bit. */
static gboolean
householder (double           *a,
             size_t            m,
             size_t            p,
             double           *rhs,
             double           *diag,
             const SegMonitor *monitor)
{
  g_autofree double *v = g_new (double, m);

  for (size_t j = 0; j < p; j++)
    {
      double *col = a + j * m;
      double norm = 0, vnorm2, head;
      size_t len = m - j;

      if (seg_monitor_report (monitor, (double) j / (double) MAX (p, 1)))
        return FALSE;

      for (size_t i = j; i < m; i++)
        norm += col[i] * col[i];
      norm = sqrt (norm);
      head = col[j] >= 0 ? -norm : norm;
      diag[j] = head;
      if (norm == 0)
        continue;
      memcpy (v, col + j, len * sizeof (double));
      v[0] -= head;
      vnorm2 = 0;
      for (size_t i = 0; i < len; i++)
        vnorm2 += v[i] * v[i];
      col[j] = head;
      for (size_t i = j + 1; i < m; i++)
        col[i] = 0;
      if (vnorm2 == 0)
        continue;

#pragma omp parallel for schedule(static) if (len * (p - j) > PARALLEL_WORK)
      for (size_t k = j + 1; k <= p; k++)
        {
          double *target = k < p ? a + k * m + j : rhs + j;
          double s = 0;

          for (size_t i = 0; i < len; i++)
            s += v[i] * target[i];
          s = 2.0 * s / vnorm2;
          for (size_t i = 0; i < len; i++)
            target[i] -= s * v[i];
        }
    }

  return TRUE;
}

/* Ridge by the normal equations, as scikit-learn solves it: the centred
 * (XᵀWX + αI) b = XᵀW y, by Cholesky. The penalty keeps the system well
 * posed, and forming XᵀWX reads the rows once, where QR passes over the
 * columns again and again. The rows are summed in two fixed halves, one
 * per thread, so that the result does not depend on the threads there
 * are. Returns 1 when solved, 0 when cancelled, -1 when the system is
 * numerically singular. */
#define RIDGE_BLOCKS 2

static int
ridge_solve (const double     *x,
             size_t            n,
             size_t            p,
             const double     *y,
             const double     *weight,
             const double     *mean,
             double            ymean,
             double            alpha,
             const SegMonitor *monitor,
             double           *coef,
             double           *condition)
{
  g_autofree double *gram = g_new0 (double, RIDGE_BLOCKS * MAX (p * p, 1));
  g_autofree double *cross = g_new0 (double, RIDGE_BLOCKS * MAX (p, 1));
  g_autofree double *chol = g_new0 (double, MAX (p * p, 1));
  g_autofree double *z = g_new0 (double, MAX (p, 1));
  volatile int stop = 0;
  double lmax = 0, lmin = INFINITY;

#pragma omp parallel for schedule(static, 1) num_threads(RIDGE_BLOCKS)
  for (size_t b = 0; b < RIDGE_BLOCKS; b++)
    {
      size_t from = n * b / RIDGE_BLOCKS, to = n * (b + 1) / RIDGE_BLOCKS;
      double *g = gram + b * p * p, *c = cross + b * p;
      double *row = g_new (double, MAX (p, 1));

      for (size_t i = from; i < to && !stop; i++)
        {
          double w = weight != NULL ? weight[i] : 1.0, r = w * (y[i] - ymean);

          if (((i - from) & 0xfff) == 0xfff)
            {
              /* Only the first half reports, so reports come one at a time. */
              if (b == 0 && seg_monitor_report (monitor, 0.9 * (double) (i - from) / (double) (to - from)))
                stop = 1;
              else if (monitor != NULL && monitor->cancel != NULL && *monitor->cancel)
                stop = 1;
            }
          for (size_t j = 0; j < p; j++)
            row[j] = x[i * p + j] - mean[j];
          for (size_t j = 0; j < p; j++)
            {
              double wj = w * row[j];

              c[j] += row[j] * r;
              for (size_t k = 0; k <= j; k++)
                g[j * p + k] += wj * row[k];
            }
        }
      g_free (row);
    }
  if (stop || (monitor != NULL && monitor->cancel != NULL && *monitor->cancel))
    return 0;

  for (size_t b = 1; b < RIDGE_BLOCKS; b++)
    for (size_t j = 0; j < p; j++)
      {
        cross[j] += cross[b * p + j];
        for (size_t k = 0; k <= j; k++)
          gram[j * p + k] += gram[b * p * p + j * p + k];
      }
  for (size_t j = 0; j < p; j++)
    gram[j * p + j] += alpha;

  /* G = L Lᵀ, L lower triangular. */
  for (size_t j = 0; j < p; j++)
    {
      double d = gram[j * p + j];

      for (size_t k = 0; k < j; k++)
        d -= chol[j * p + k] * chol[j * p + k];
      if (!(d > 0))
        return -1;
      chol[j * p + j] = sqrt (d);
      for (size_t i = j + 1; i < p; i++)
        {
          double v = gram[i * p + j];

          for (size_t k = 0; k < j; k++)
            v -= chol[i * p + k] * chol[j * p + k];
          chol[i * p + j] = v / chol[j * p + j];
        }
      lmax = MAX (lmax, chol[j * p + j]);
      lmin = MIN (lmin, chol[j * p + j]);
    }
  for (size_t j = 0; j < p; j++)
    {
      double v = cross[j];

      for (size_t k = 0; k < j; k++)
        v -= chol[j * p + k] * z[k];
      z[j] = v / chol[j * p + j];
    }
  for (size_t j = p; j-- > 0;)
    {
      double v = z[j];

      for (size_t k = j + 1; k < p; k++)
        v -= chol[k * p + j] * coef[k];
      coef[j] = v / chol[j * p + j];
    }
  *condition = p > 0 ? lmax / lmin : 1.0;

  return 1;
}

/**
 * seg_linear_fit:
 * @x: n × p, row-major
 * @y: n targets
 * @weight: (nullable): n weights of at least 0, NULL for all 1
 * @params: the penalty and, for errors, the columns' names
 * @monitor: (nullable): progress and cancellation
 *
 * Fits y ≈ b0 + x·b; see the header for what is minimised.
 *
 * Returns: (transfer full): the fit, or NULL with @error set (in
 *   G_IO_ERROR_CANCELLED when cancelled)
 */
SegLinear *
seg_linear_fit (const double           *x,
                size_t                  n,
                size_t                  p,
                const double           *y,
                const double           *weight,
                const SegLinearParams  *params,
                const SegMonitor       *monitor,
                GError                **error)
{
  g_autoptr(SegLinear) self = NULL;
  gboolean ridge;
  size_t m;
  g_autofree double *mean = NULL;
  g_autofree double *raw_norm = NULL;
  g_autofree double *centred_norm = NULL;
  g_autofree double *a = NULL;
  g_autofree double *rhs = NULL;
  g_autofree double *diag = NULL;
  g_autofree double *rinv = NULL;
  double wsum = 0, ymean = 0, ssr = 0, tss = 0, rmax = 0, rmin = INFINITY;

  g_return_val_if_fail (x != NULL || p == 0, NULL);
  g_return_val_if_fail (y != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (!check_input (x, n, p, y, weight, params, error))
    return NULL;

  ridge = params->alpha > 0;
  m = n;
  mean = g_new0 (double, MAX (p, 1));
  raw_norm = g_new0 (double, MAX (p, 1));
  centred_norm = g_new0 (double, MAX (p, 1));

  for (size_t i = 0; i < n; i++)
    {
      double w = weight != NULL ? weight[i] : 1.0;

      wsum += w;
      ymean += w * y[i];
      for (size_t j = 0; j < p; j++)
        mean[j] += w * x[i * p + j];
    }
  if (!(wsum > 0))
    {
      g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT,
                   "The weights are all 0: no row counts");
      return NULL;
    }
  ymean /= wsum;
  for (size_t j = 0; j < p; j++)
    mean[j] /= wsum;

  self = linear_new (p);
  if (ridge)
    {
      int solved = ridge_solve (x, n, p, y, weight, mean, ymean, params->alpha, monitor,
                                self->coef + 1, &self->summary.condition);

      if (solved == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return NULL;
        }
      if (solved < 0)
        {
          g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_INPUT,
                       "alpha: the penalty %g is too small for these columns to be told apart; make it larger",
                       params->alpha);
          return NULL;
        }
    }
  else
    {
      /* The weighted, centred design, column-major, and the target. */
      a = g_new0 (double, m * MAX (p, 1));
      rhs = g_new0 (double, m);
      for (size_t i = 0; i < n; i++)
        {
          double sw = sqrt (weight != NULL ? weight[i] : 1.0);

          rhs[i] = sw * (y[i] - ymean);
          for (size_t j = 0; j < p; j++)
            {
              double value = x[i * p + j];

              a[j * m + i] = sw * (value - mean[j]);
              raw_norm[j] += sw * value * sw * value;
              centred_norm[j] += a[j * m + i] * a[j * m + i];
            }
        }
      for (size_t j = 0; j < p; j++)
        {
          raw_norm[j] = sqrt (raw_norm[j]);
          centred_norm[j] = sqrt (centred_norm[j]);
          if (!(centred_norm[j] > COLLINEAR_TOLERANCE * raw_norm[j]))
            {
              g_autofree char *name = column_name (params, j);

              g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_COLLINEAR,
                           "The column %s has the same value in every row: the intercept already "
                           "stands for it; leave it out", name);
              return NULL;
            }
        }

      diag = g_new0 (double, MAX (p, 1));
      if (!householder (a, m, p, rhs, diag, monitor))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return NULL;
        }

      for (size_t j = 0; j < p; j++)
        {
          double r = fabs (diag[j]);

          if (!(r > COLLINEAR_TOLERANCE * centred_norm[j]))
            {
              g_autofree char *name = column_name (params, j);

              g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_COLLINEAR,
                           "The column %s is a linear combination of the columns before it: "
                           "it adds nothing they do not say; leave it out", name);
              return NULL;
            }
          rmax = MAX (rmax, r);
          rmin = MIN (rmin, r);
        }

      /* R⁻¹, upper triangular, row-major p × p; then b = R⁻¹ Qᵀ rhs. */
      rinv = g_new0 (double, MAX (p * p, 1));
      for (size_t j = p; j-- > 0;)
        {
          rinv[j * p + j] = 1.0 / a[j * m + j];
          for (size_t k = j + 1; k < p; k++)
            {
              double s = 0;

              for (size_t l = j + 1; l <= k; l++)
                s += a[l * m + j] * rinv[l * p + k];
              rinv[j * p + k] = -s / a[j * m + j];
            }
        }
      for (size_t j = 0; j < p; j++)
        {
          double s = 0;

          for (size_t k = j; k < p; k++)
            s += rinv[j * p + k] * rhs[k];
          self->coef[j + 1] = s;
        }
      self->summary.condition = p > 0 ? rmax / rmin : 1.0;
    }
  self->coef[0] = ymean;
  for (size_t j = 0; j < p; j++)
    self->coef[0] -= mean[j] * self->coef[j + 1];

  for (size_t i = 0; i < n; i++)
    {
      double w = weight != NULL ? weight[i] : 1.0, fitted = self->coef[0], r;

      for (size_t j = 0; j < p; j++)
        fitted += x[i * p + j] * self->coef[j + 1];
      r = y[i] - fitted;
      ssr += w * r * r;
      tss += w * (y[i] - ymean) * (y[i] - ymean);
    }

  self->summary.n_rows = n;
  self->summary.alpha = params->alpha;
  self->summary.df_resid = (double) n - (double) p - 1.0;
  self->summary.r_squared = tss > 0 ? 1.0 - ssr / tss : NAN;
  self->summary.adj_r_squared = NAN;
  self->summary.sigma = NAN;
  self->summary.f_statistic = NAN;
  self->summary.f_pvalue = NAN;

  if (!ridge)
    {
      double df = self->summary.df_resid, scale = ssr / df, var0;

      self->summary.sigma = sqrt (scale);
      self->summary.adj_r_squared = 1.0 - ((double) n - 1.0) / df * (1.0 - self->summary.r_squared);
      if (p > 0)
        {
          self->summary.f_statistic = ((tss - ssr) / (double) p) / scale;
          self->summary.f_pvalue = seg_f_upper_tail (self->summary.f_statistic, (double) p, df);
        }

      /* cov (b) = scale (RᵀR)⁻¹ = scale R⁻¹ R⁻ᵀ; the intercept's adds
       * scale / Σw, its covariance with b going through the means. */
      var0 = scale / wsum;
      for (size_t j = 0; j < p; j++)
        {
          double vj = 0, cross = 0;

          for (size_t k = j; k < p; k++)
            vj += rinv[j * p + k] * rinv[j * p + k];
          self->se[j + 1] = sqrt (scale * vj);
          for (size_t l = 0; l < p; l++)
            {
              double c = 0;

              for (size_t k = MAX (j, l); k < p; k++)
                c += rinv[j * p + k] * rinv[l * p + k];
              cross += mean[l] * c;
            }
          var0 += scale * mean[j] * cross;
        }
      self->se[0] = sqrt (var0);
      for (size_t j = 0; j <= p; j++)
        {
          self->t[j] = self->coef[j] / self->se[j];
          self->pvalue[j] = seg_student_t_two_sided (self->t[j], df);
        }
    }

  seg_monitor_report (monitor, 1.0);

  return g_steal_pointer (&self);
}

/**
 * seg_linear_predict:
 * @x: m × p, row-major, as in the fit
 * @out: m predictions
 */
void
seg_linear_predict (const SegLinear *self,
                    const double    *x,
                    size_t           m,
                    double          *out)
{
  size_t p;

  g_return_if_fail (self != NULL);
  p = self->summary.n_features;
  for (size_t i = 0; i < m; i++)
    {
      double value = self->coef[0];

      for (size_t j = 0; j < p; j++)
        value += x[i * p + j] * self->coef[j + 1];
      out[i] = value;
    }
}

size_t
seg_linear_n_features (const SegLinear *self)
{
  return self->summary.n_features;
}

const SegLinearSummary *
seg_linear_summary (const SegLinear *self)
{
  return &self->summary;
}

const double *
seg_linear_coefficients (const SegLinear *self)
{
  return self->coef;
}

const double *
seg_linear_std_errors (const SegLinear *self)
{
  return self->se;
}

const double *
seg_linear_t_values (const SegLinear *self)
{
  return self->t;
}

const double *
seg_linear_p_values (const SegLinear *self)
{
  return self->pvalue;
}

/* Saved form, little-endian: the magic "SEGLINR" and a NUL, the version
 * (32 bits) and 32 bits of 0, the features and the rows (64 bits each),
 * the summary's eight numbers (alpha, df, R², adjusted R², sigma, F, its
 * p, condition), then the coefficients, standard errors, t and p values,
 * p + 1 each, all as IEEE doubles. */
static const char magic[8] = "SEGLINR";
#define LINEAR_VERSION 1
#define HEADER_BYTES 32
#define SUMMARY_DOUBLES 8

static void
put_u64 (guint8  *out,
         guint64  value)
{
  value = GUINT64_TO_LE (value);
  memcpy (out, &value, 8);
}

static guint64
get_u64 (const guint8 *in)
{
  guint64 value;

  memcpy (&value, in, 8);
  return GUINT64_FROM_LE (value);
}

static void
put_double (guint8 *out,
            double  value)
{
  guint64 bits;

  memcpy (&bits, &value, 8);
  put_u64 (out, bits);
}

static double
get_double (const guint8 *in)
{
  guint64 bits = get_u64 (in);
  double value;

  memcpy (&value, &bits, 8);
  return value;
}

GBytes *
seg_linear_to_bytes (const SegLinear *self)
{
  size_t p, size;
  guint8 *out, *at;
  guint32 version = GUINT32_TO_LE (LINEAR_VERSION);
  const SegLinearSummary *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = &self->summary;
  p = s->n_features;
  size = HEADER_BYTES + 8 * (SUMMARY_DOUBLES + 4 * (p + 1));
  out = g_malloc0 (size);
  memcpy (out, magic, 8);
  memcpy (out + 8, &version, 4);
  put_u64 (out + 16, p);
  put_u64 (out + 24, s->n_rows);
  at = out + HEADER_BYTES;
  {
    const double summary[SUMMARY_DOUBLES] = {
      s->alpha, s->df_resid, s->r_squared, s->adj_r_squared,
      s->sigma, s->f_statistic, s->f_pvalue, s->condition,
    };

    for (size_t k = 0; k < SUMMARY_DOUBLES; k++, at += 8)
      put_double (at, summary[k]);
  }
  {
    const double *tables[4] = { self->coef, self->se, self->t, self->pvalue };

    for (size_t k = 0; k < G_N_ELEMENTS (tables); k++)
      for (size_t j = 0; j <= p; j++, at += 8)
        put_double (at, tables[k][j]);
  }

  return g_bytes_new_take (out, size);
}

/**
 * seg_linear_from_bytes:
 *
 * Reads back what seg_linear_to_bytes () wrote.
 *
 * Returns: (transfer full): the fit, or NULL with @error set in
 *   SEG_LINEAR_ERROR_CORRUPT when @bytes are not one
 */
SegLinear *
seg_linear_from_bytes (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(SegLinear) self = NULL;
  gsize size;
  const guint8 *in = g_bytes_get_data (bytes, &size), *at;
  guint32 version;
  guint64 p;
  double summary[SUMMARY_DOUBLES];

  if (size < HEADER_BYTES || memcmp (in, magic, 8) != 0)
    {
      g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_CORRUPT,
                   "The saved linear model is not one (%" G_GSIZE_FORMAT " bytes without its header)", size);
      return NULL;
    }
  memcpy (&version, in + 8, 4);
  version = GUINT32_FROM_LE (version);
  if (version != LINEAR_VERSION)
    {
      g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_CORRUPT,
                   "The saved linear model has version %u; this Segmenta reads version %u",
                   version, LINEAR_VERSION);
      return NULL;
    }
  p = get_u64 (in + 16);
  if (p > (size - HEADER_BYTES) / 32 ||
      size != HEADER_BYTES + 8 * (SUMMARY_DOUBLES + 4 * (p + 1)))
    {
      g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_CORRUPT,
                   "The saved linear model is truncated or garbled: %" G_GSIZE_FORMAT
                   " bytes for %" G_GUINT64_FORMAT " columns", size, p);
      return NULL;
    }

  self = linear_new ((size_t) p);
  self->summary.n_rows = (size_t) get_u64 (in + 24);
  at = in + HEADER_BYTES;
  for (size_t k = 0; k < SUMMARY_DOUBLES; k++, at += 8)
    summary[k] = get_double (at);
  self->summary.alpha = summary[0];
  self->summary.df_resid = summary[1];
  self->summary.r_squared = summary[2];
  self->summary.adj_r_squared = summary[3];
  self->summary.sigma = summary[4];
  self->summary.f_statistic = summary[5];
  self->summary.f_pvalue = summary[6];
  self->summary.condition = summary[7];
  {
    double *tables[4] = { self->coef, self->se, self->t, self->pvalue };

    for (size_t k = 0; k < G_N_ELEMENTS (tables); k++)
      for (size_t j = 0; j <= p; j++, at += 8)
        tables[k][j] = get_double (at);
  }

  for (size_t j = 0; j <= p; j++)
    if (!isfinite (self->coef[j]))
      {
        g_set_error (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_CORRUPT,
                     "The saved linear model is garbled: coefficient %zu is not a number", j);
        return NULL;
      }
  if (!(self->summary.alpha >= 0))
    {
      g_set_error_literal (error, SEG_LINEAR_ERROR, SEG_LINEAR_ERROR_CORRUPT,
                           "The saved linear model is garbled: its penalty is negative");
      return NULL;
    }

  return g_steal_pointer (&self);
}
