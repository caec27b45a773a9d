/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-lifetime.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (seg-lifetime-error-quark, seg_lifetime_error)

/* Customers are summed in blocks of this many, each block in order and
 * the blocks in order, so that a sum does not depend on the number of
 * threads. */
#define BLOCK 4096
#define PARALLEL_BLOCKS 64

/* A fit whose log parameter leaves [-ABSURD, ABSURD] (about 6e-6 to
 * 1.6e5) has run off along a direction the data cannot pin down. */
#define ABSURD 12.0

#define MAX_PARAMS 4

/* ---- The hypergeometric function -------------------------------------- */

static gboolean
log_hyp2f1 (double  a,
            double  b,
            double  c,
            double  z,
            int     max_terms,
            double *log_abs,
            int    *sign)
{
  /* Terms are kept relative to exp (scale) and rescaled before they
   * overflow: with a and b near a large frequency x the terms first grow
   * about x z-fold each before the factorial wins. */
  const double big = 1e250;
  double term = 1.0;
  double sum = 1.0;
  double scale = 0.0;

  if (!(z >= 0.0 && z < 1.0) || !isfinite (a) || !isfinite (b) || !isfinite (c))
    return FALSE;
  if (c <= 0.0 && c == floor (c))
    return FALSE;
  if (z == 0.0 || a == 0.0 || b == 0.0)
    {
      *log_abs = 0.0;
      *sign = 1;
      return TRUE;
    }

  for (int k = 0; k < max_terms; k++)
    {
      double ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;

      term *= ratio;
      sum += term;
      if (fabs (term) > big || fabs (sum) > big)
        {
          term /= big;
          sum /= big;
          scale += log (big);
        }
      /* Past the point where a + j, b + j and c + j are all positive,
       * each later ratio is at most z times the larger of 1 and each of
       * (a + j) / (j + 1) and (b + j) / (c + j), which only move towards
       * 1; so the rest is at most a geometric tail. */
      if (a + k + 1 > 0 && b + k + 1 > 0 && c + k + 1 > 0)
        {
          double j = k + 1.0;
          double bound = z * fmin (fmax (1.0, (a + j) / (j + 1.0)) * fmax (1.0, (b + j) / (c + j)),
                                   fmax (1.0, (b + j) / (j + 1.0)) * fmax (1.0, (a + j) / (c + j)));

          if (term == 0.0 || (bound < 1.0 && fabs (term) * bound / (1.0 - bound) <= 1e-17 * fabs (sum)))
            {
              if (sum == 0.0 || !isfinite (sum))
                return FALSE;
              *log_abs = log (fabs (sum)) + scale;
              *sign = sum > 0.0 ? 1 : -1;
              return TRUE;
            }
        }
    }

  return FALSE;
}

gboolean
seg_log_hyp2f1 (double  a,
                double  b,
                double  c,
                double  z,
                double *log_abs,
                int    *sign)
{
  return log_hyp2f1 (a, b, c, z, 1000000, log_abs, sign);
}

/* log (exp (u) + exp (v)) */
static inline double
log_add (double u,
         double v)
{
  double m = fmax (u, v);

  if (m == -INFINITY)
    return -INFINITY;
  return m + log1p (exp (-fabs (u - v)));
}

/* ---- Options ------------------------------------------------------------ */

void
seg_lifetime_summary_params_init (SegLifetimeSummaryParams *params)
{
  g_return_if_fail (params != NULL);

  params->period = SEG_LIFETIME_PERIOD_DAY;
  params->multiplier = 1.0;
}

void
seg_lifetime_fit_params_init (SegLifetimeFitParams *params)
{
  g_return_if_fail (params != NULL);

  params->penalty = 0.0;
  params->max_penalty = 1.0;
  params->max_iterations = 1000;
  params->tolerance = 1e-9;
}

void
seg_clv_params_init (SegClvParams *params)
{
  g_return_if_fail (params != NULL);

  params->months = 12;
  params->margin = 1.0;
  params->discount_rate = 0.01;
  params->units_per_month = 30.0;
}

/* ---- The summary ---------------------------------------------------------- */

static int
compare_int64 (const void *pa,
               const void *pb)
{
  int64_t a = *(const int64_t *) pa;
  int64_t b = *(const int64_t *) pb;

  return (a > b) - (a < b);
}

static inline int64_t
period_of (int32_t           day,
           SegLifetimePeriod period)
{
  /* 1970-01-01 was a Thursday, so Monday-based weeks start on day -3. */
  if (period == SEG_LIFETIME_PERIOD_WEEK)
    return ((int64_t) day + 3 >= 0) ? ((int64_t) day + 3) / 7 : -((-((int64_t) day + 3) + 6) / 7);
  return day;
}

gssize
seg_lifetime_summarize (const uint32_t                 *customer,
                        const int32_t                  *day,
                        const double                   *value,
                        size_t                          n_rows,
                        size_t                          n_customers,
                        int32_t                         end_day,
                        const SegLifetimeSummaryParams *params,
                        double                         *frequency,
                        double                         *recency,
                        double                         *T,
                        double                         *monetary,
                        uint8_t                        *seen,
                        GError                        **error)
{
  SegLifetimeSummaryParams defaults;
  g_autofree size_t *start = NULL;
  g_autofree int64_t *keys = NULL;
  g_autofree int64_t *first = NULL;
  g_autofree size_t *repeats = NULL;
  size_t kept = 0;
  gssize n_seen = 0;
  int64_t end;

  g_return_val_if_fail (n_rows == 0 || (customer != NULL && day != NULL), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (params == NULL)
    {
      seg_lifetime_summary_params_init (&defaults);
      params = &defaults;
    }
  if (params->period != SEG_LIFETIME_PERIOD_DAY && params->period != SEG_LIFETIME_PERIOD_WEEK)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “period” must be days or weeks, not %d", (int) params->period);
      return -1;
    }
  if (!(params->multiplier > 0.0) || !isfinite (params->multiplier))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “multiplier” must be a positive number, not %g", params->multiplier);
      return -1;
    }

  /* Rows by customer (a counting sort), then each customer's periods
   * sorted, so that repeated periods sit together. */
  start = g_new0 (size_t, n_customers + 1);
  for (size_t i = 0; i < n_rows; i++)
    {
      if (customer[i] >= n_customers)
        {
          g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                       "Row %zu: the customer index %u is not below the number of customers, %zu",
                       i + 1, customer[i], n_customers);
          return -1;
        }
      if (value != NULL && !isfinite (value[i]))
        {
          g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                       "Row %zu: the purchase value is not a number", i + 1);
          return -1;
        }
      if (day[i] <= end_day)
        {
          start[customer[i] + 1]++;
          kept++;
        }
    }
  for (size_t c = 0; c < n_customers; c++)
    start[c + 1] += start[c];

  keys = g_new (int64_t, MAX (kept, 1));
  {
    g_autofree size_t *fill = g_memdup2 (start, (n_customers + 1) * sizeof (size_t));

    for (size_t i = 0; i < n_rows; i++)
      if (day[i] <= end_day)
        keys[fill[customer[i]]++] = period_of (day[i], params->period);
  }

  first = g_new0 (int64_t, MAX (n_customers, 1));
  repeats = g_new0 (size_t, MAX (n_customers, 1));
  end = period_of (end_day, params->period);
  for (size_t c = 0; c < n_customers; c++)
    {
      size_t lo = start[c];
      size_t hi = start[c + 1];
      size_t periods = 0;

      if (seen != NULL)
        seen[c] = lo < hi;
      if (frequency != NULL)
        frequency[c] = 0.0;
      if (recency != NULL)
        recency[c] = 0.0;
      if (T != NULL)
        T[c] = 0.0;
      if (monetary != NULL)
        monetary[c] = 0.0;
      if (lo == hi)
        continue;

      n_seen++;
      qsort (keys + lo, hi - lo, sizeof (int64_t), compare_int64);
      for (size_t i = lo; i < hi; i++)
        if (i == lo || keys[i] != keys[i - 1])
          periods++;
      first[c] = keys[lo];
      repeats[c] = periods - 1;
      if (frequency != NULL)
        frequency[c] = (double) (periods - 1);
      if (recency != NULL)
        recency[c] = (double) (keys[hi - 1] - keys[lo]) / params->multiplier;
      if (T != NULL)
        T[c] = (double) (end - keys[lo]) / params->multiplier;
    }

  /* The mean over the repeat periods of what each period's purchases
   * came to: everything after the first period over their number. */
  if (monetary != NULL && value != NULL)
    {
      for (size_t i = 0; i < n_rows; i++)
        if (day[i] <= end_day && period_of (day[i], params->period) != first[customer[i]])
          monetary[customer[i]] += value[i];
      for (size_t c = 0; c < n_customers; c++)
        monetary[c] = repeats[c] > 0 ? monetary[c] / (double) repeats[c] : 0.0;
    }

  return n_seen;
}

/* ---- Checking the summaries --------------------------------------------- */

static gboolean
check_summary (const double  *x,
               const double  *t_x,
               const double  *T,
               const double  *weight,
               size_t         n,
               GError       **error)
{
  if (n == 0)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "There are no customers to fit");
      return FALSE;
    }
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (x[i]) || x[i] < 0.0 || x[i] != floor (x[i]) || x[i] > 1e12)
        {
          g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                       "Row %zu: the frequency %g is not a whole number of repeat purchases",
                       i + 1, x[i]);
          return FALSE;
        }
      if (!isfinite (t_x[i]) || !isfinite (T[i]) || t_x[i] < 0.0 || T[i] < t_x[i])
        {
          g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                       "Row %zu: the recency %g and the age T %g must satisfy 0 ≤ recency ≤ T",
                       i + 1, t_x[i], T[i]);
          return FALSE;
        }
      if (x[i] == 0.0 && t_x[i] != 0.0)
        {
          g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                       "Row %zu: a customer without repeat purchases has a recency of %g, not 0",
                       i + 1, t_x[i]);
          return FALSE;
        }
      if (weight != NULL && (!isfinite (weight[i]) || weight[i] < 0.0))
        {
          g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                       "Row %zu: the weight %g is not a number ≥ 0", i + 1, weight[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_fit_params (const SegLifetimeFitParams  *params,
                  GError                     **error)
{
  if (!(params->penalty >= 0.0) || !isfinite (params->penalty))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “penalty” must be a number ≥ 0, not %g", params->penalty);
      return FALSE;
    }
  if (!(params->max_penalty >= params->penalty) || !isfinite (params->max_penalty))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “max-penalty” must be a number ≥ the penalty, not %g",
                   params->max_penalty);
      return FALSE;
    }
  if (params->max_iterations < 1)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “max-iterations” must be at least 1, not %d", params->max_iterations);
      return FALSE;
    }
  if (!(params->tolerance > 0.0) || !isfinite (params->tolerance))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “tolerance” must be a positive number, not %g", params->tolerance);
      return FALSE;
    }

  return TRUE;
}

/* ---- Customers grouped by frequency ---------------------------------------
 *
 * The gamma-function terms depend on the frequency alone, and a shop has
 * far fewer distinct frequencies than customers, so they are computed once
 * per frequency and weighted by how many customers share it. */

typedef struct
{
  size_t    n;
  double   *x;         /* the customers' frequencies (borrowed) */
  double   *t_x;
  double   *T;
  double   *w;         /* weights, all 1 when the caller gave none */
  double   *extra;     /* a per-customer value (log monetary for spend) */
  uint32_t *level;     /* index of the customer's frequency in xs */
  size_t    n_levels;
  double   *xs;        /* the distinct frequencies, ascending */
  double   *level_w;   /* Σ w per frequency */
  double   *level_e;   /* Σ w · extra per frequency */
  double    total_w;
  double   *scratch;   /* per-level work space: 8 values per level */
} Groups;

static int
compare_double (const void *pa,
                const void *pb)
{
  double a = *(const double *) pa;
  double b = *(const double *) pb;

  return (a > b) - (a < b);
}

static void
groups_clear (Groups *g)
{
  g_free (g->t_x);
  g_free (g->T);
  g_free (g->w);
  g_free (g->x);
  g_free (g->extra);
  g_free (g->level);
  g_free (g->xs);
  g_free (g->level_w);
  g_free (g->level_e);
  g_free (g->scratch);
  memset (g, 0, sizeof *g);
}

/* Copies the customers that @keep (nullable) selects. */
static void
groups_init (Groups        *g,
             const double  *x,
             const double  *t_x,
             const double  *T,
             const double  *weight,
             const double  *extra,
             const uint8_t *keep,
             size_t         n)
{
  size_t m = 0;
  size_t levels = 0;

  memset (g, 0, sizeof *g);
  for (size_t i = 0; i < n; i++)
    if (keep == NULL || keep[i])
      m++;

  g->n = m;
  g->x = g_new (double, MAX (m, 1));
  g->t_x = g_new0 (double, MAX (m, 1));
  g->T = g_new0 (double, MAX (m, 1));
  g->w = g_new (double, MAX (m, 1));
  g->extra = g_new0 (double, MAX (m, 1));
  g->level = g_new (uint32_t, MAX (m, 1));
  g->xs = g_new (double, MAX (m, 1));

  for (size_t i = 0, j = 0; i < n; i++)
    {
      if (keep != NULL && !keep[i])
        continue;
      g->x[j] = x[i];
      if (t_x != NULL)
        g->t_x[j] = t_x[i];
      if (T != NULL)
        g->T[j] = T[i];
      g->w[j] = weight != NULL ? weight[i] : 1.0;
      if (extra != NULL)
        g->extra[j] = extra[i];
      g->xs[j] = x[i];
      j++;
    }

  qsort (g->xs, m, sizeof (double), compare_double);
  for (size_t i = 0; i < m; i++)
    if (i == 0 || g->xs[i] != g->xs[levels - 1])
      g->xs[levels++] = g->xs[i];
  g->n_levels = levels;

  g->level_w = g_new0 (double, MAX (levels, 1));
  g->level_e = g_new0 (double, MAX (levels, 1));
  g->scratch = g_new0 (double, 8 * MAX (levels, 1));
  for (size_t i = 0; i < m; i++)
    {
      const double *found = bsearch (&g->x[i], g->xs, levels, sizeof (double), compare_double);

      g->level[i] = (uint32_t) (found - g->xs);
      g->level_w[g->level[i]] += g->w[i];
      g->level_e[g->level[i]] += g->w[i] * g->extra[i];
      g->total_w += g->w[i];
    }
}

/* ---- Objectives --------------------------------------------------------- */

/* The mean negative log-likelihood at log parameters @theta and, when
 * @grad is not NULL, its gradient with respect to them; INFINITY where
 * the likelihood cannot be evaluated. */
typedef double (*Objective) (const double *theta,
                             double       *grad,
                             void         *data);

/* Per-customer parts of BG/NBD: adds to out[0] the log-likelihood and to
 * out[1..4] its derivatives with respect to r, alpha, a, b, for the
 * customers of one block. */
static void
bgnbd_block (const Groups *g,
             const double *p,
             size_t        lo,
             size_t        hi,
             double        out[5])
{
  double r = p[0], alpha = p[1], a = p[2];
  double log_a = log (a);
  const double *level_log = g->scratch;            /* log (b + x − 1) per frequency */
  const double *level_inv = g->scratch + g->n_levels;  /* 1 / (b + x − 1) per frequency */
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;

  for (size_t i = lo; i < hi; i++)
    {
      double x = g->x[i];
      double w = g->w[i];
      double l_T = log (alpha + g->T[i]);
      double a3 = -(r + x) * l_T;

      if (x > 0.0)
        {
          uint32_t k = g->level[i];
          double l_t = log (alpha + g->t_x[i]);
          double a4 = log_a - level_log[k] - (r + x) * l_t;
          /* log (e^a3 + e^a4) and the share w4 of e^a4 in it, from one
           * exponential. */
          double e = exp (-fabs (a3 - a4));
          double ll = fmax (a3, a4) + log1p (e);
          double w4 = a4 >= a3 ? 1.0 / (1.0 + e) : e / (1.0 + e);

          s0 += w * ll;
          s1 += w * (-(1.0 - w4) * l_T - w4 * l_t);
          s2 += w * (-(1.0 - w4) * (r + x) / (alpha + g->T[i]) - w4 * (r + x) / (alpha + g->t_x[i]));
          s3 += w * w4;
          s4 += w * (-w4 * level_inv[k]);
        }
      else
        {
          s0 += w * a3;
          s1 += w * (-l_T);
          s2 += w * (-(r + x) / (alpha + g->T[i]));
        }
    }
  out[0] += s0;
  out[1] += s1;
  out[2] += s2;
  out[3] += s3 / a;
  out[4] += s4;
}

/* Sums @block over the customers of @g in fixed blocks, in parallel, and
 * in a fixed order; @k values each. */
typedef void (*BlockFunc) (const Groups *g,
                           const double *p,
                           size_t        lo,
                           size_t        hi,
                           double       *out);

static void
sum_blocks (const Groups *g,
            const double *p,
            BlockFunc     block,
            int           k,
            double       *out)
{
  size_t n_blocks = (g->n + BLOCK - 1) / BLOCK;
  g_autofree double *partial = g_new0 (double, MAX (n_blocks, 1) * k);

  /* An optimiser calls this dozens of times: below PARALLEL_BLOCKS
   * blocks (262,144 customers) a pass takes a few milliseconds, and on a
   * busy machine waiting for the second thread to be scheduled at every
   * pass costs more than it saves. */
#pragma omp parallel for schedule(static) if (n_blocks >= PARALLEL_BLOCKS)
  for (size_t c = 0; c < n_blocks; c++)
    block (g, p, c * BLOCK, MIN (g->n, (c + 1) * BLOCK), partial + c * k);

  for (int j = 0; j < k; j++)
    out[j] = 0.0;
  for (size_t c = 0; c < n_blocks; c++)
    for (int j = 0; j < k; j++)
      out[j] += partial[c * k + j];
}

static void
bgnbd_block_func (const Groups *g,
                  const double *p,
                  size_t        lo,
                  size_t        hi,
                  double       *out)
{
  bgnbd_block (g, p, lo, hi, out);
}

/* The total log-likelihood of BG/NBD and, if @d is not NULL, its
 * derivatives in r, alpha, a, b. */
static double
bgnbd_ll (const Groups *g,
          const double *p,
          double       *d)
{
  double r = p[0], alpha = p[1], a = p[2], b = p[3];
  double sums[5];
  double ll;
  double dr = 0, dalpha = 0, da = 0, db = 0;
  double lg_r = gsl_sf_lngamma (r);
  double lg_b = gsl_sf_lngamma (b);
  double lg_ab = gsl_sf_lngamma (a + b);
  double psi_r = gsl_sf_psi (r);
  double psi_b = gsl_sf_psi (b);
  double psi_ab = gsl_sf_psi (a + b);

  /* What the customers' terms need of b, once per frequency. */
  for (size_t k = 0; k < g->n_levels; k++)
    {
      g->scratch[k] = log (b + g->xs[k] - 1.0);
      g->scratch[g->n_levels + k] = 1.0 / (b + g->xs[k] - 1.0);
    }
  sum_blocks (g, p, bgnbd_block_func, 5, sums);
  ll = sums[0] + g->total_w * r * log (alpha);
  for (size_t k = 0; k < g->n_levels; k++)
    {
      double x = g->xs[k];
      double w = g->level_w[k];

      if (w == 0.0)
        continue;
      ll += w * (gsl_sf_lngamma (r + x) - lg_r + lg_ab + gsl_sf_lngamma (b + x) - lg_b -
                 gsl_sf_lngamma (a + b + x));
      if (d != NULL && x > 0.0)
        {
          double psi_abx = gsl_sf_psi (a + b + x);

          dr += w * (gsl_sf_psi (r + x) - psi_r);
          da += w * (psi_ab - psi_abx);
          db += w * (psi_ab + gsl_sf_psi (b + x) - psi_b - psi_abx);
        }
    }
  if (d != NULL)
    {
      d[0] = dr + sums[1] + g->total_w * log (alpha);
      d[1] = dalpha + sums[2] + g->total_w * r / alpha;
      d[2] = da + sums[3];
      d[3] = db + sums[4];
    }

  return ll;
}

typedef struct
{
  const Groups *groups;
  int           n_params;
  double        penalty;
  double      (*ll) (const Groups *g, const double *p, double *d);
  int           evaluations;
} Problem;

static double
problem_value (const double *theta,
               double       *grad,
               void         *data)
{
  Problem *problem = data;
  double p[MAX_PARAMS];
  double d[MAX_PARAMS];
  double ll;
  double f;

  problem->evaluations++;
  for (int j = 0; j < problem->n_params; j++)
    {
      if (!isfinite (theta[j]) || fabs (theta[j]) > ABSURD + 1.0)
        return INFINITY;
      p[j] = exp (theta[j]);
    }

  ll = problem->ll (problem->groups, p, grad != NULL ? d : NULL);
  if (!isfinite (ll))
    return INFINITY;

  f = -ll / problem->groups->total_w;
  for (int j = 0; j < problem->n_params; j++)
    f += problem->penalty * theta[j] * theta[j];
  if (grad != NULL)
    for (int j = 0; j < problem->n_params; j++)
      {
        grad[j] = -d[j] * p[j] / problem->groups->total_w + 2.0 * problem->penalty * theta[j];
        if (!isfinite (grad[j]))
          return INFINITY;
      }

  return f;
}

/* ---- Pareto/NBD ------------------------------------------------------------ */

/* Turns GSL's abort-on-error handler off for the duration of a public
 * call, from its (serial) entry; the quadrature reports failures itself. */
static gsl_error_handler_t *
quiet_gsl (void)
{
  return gsl_set_error_handler_off ();
}

typedef struct
{
  double r_x;
  double s1;
  double alpha;
  double beta;
  double shift;
  double rsx;
  double u0;
  double ref;
} PowerProduct;

/* (α + τ)^−(r + x) (β + τ)^−(s + 1) dτ over its value at the start, in
 * w = ((shift + τ) / (shift + t_x))^−(r + s + x): the integrand falls
 * about as fast as w does, so in w it is smooth and bounded however
 * large r + s + x is. */
static double
power_product (double  w,
               void   *data)
{
  const PowerProduct *pp = data;
  double u = pp->u0 - log (w) / pp->rsx;
  double tau = exp (u) - pp->shift;

  return exp (u - pp->r_x * log (pp->alpha + tau) - pp->s1 * log (pp->beta + tau) - pp->ref) /
         (pp->rsx * w);
}

/* log ∫ from t_x to T of (α + τ)^−(r + x) (β + τ)^−(s + 1) dτ, which is
 * A0 / (r + s + x) in Fader & Hardie's notation, by adaptive
 * Gauss–Kronrod quadrature. */
static double
pareto_log_integral (const double *p,
                     double        x,
                     double        t_x,
                     double        T)
{
  PowerProduct pp = { p[0] + x, p[2] + 1.0, p[1], p[3], fmin (p[1], p[3]), p[0] + p[2] + x, 0.0, 0.0 };
  gsl_integration_workspace *ws = gsl_integration_workspace_alloc (100);
  gsl_function f = { power_product, &pp };
  double result = NAN, abserr = INFINITY;
  double w_T;
  int status;

  /* GSL's error handler is the process's: the public entry points turn
   * it off around their parallel loops (see quiet_gsl ()). */
  pp.u0 = log (pp.shift + t_x);
  pp.ref = pp.u0 - pp.r_x * log (pp.alpha + t_x) - pp.s1 * log (pp.beta + t_x);
  w_T = exp (-pp.rsx * (log (pp.shift + T) - pp.u0));
  status = gsl_integration_qag (&f, w_T, 1.0, 0.0, 1e-10, 100, GSL_INTEG_GAUSS31, ws, &result, &abserr);
  gsl_integration_workspace_free (ws);
  if (status != GSL_SUCCESS && !(abserr <= 1e-8 * fabs (result)))
    return NAN;
  if (!(result > 0.0))
    return NAN;

  return log (result) + pp.ref;
}

/* The log-likelihood of one Pareto/NBD customer without the terms that
 * depend on the frequency alone (log Γ(r + x) − log Γ(r) + r log α +
 * s log β), and in *log_alive the log of the first bracket's share, which
 * is the probability of being alive. NAN when a series does not settle. */
static double
pareto_customer (const double *p,
                 double        x,
                 double        t_x,
                 double        T,
                 double       *log_alive)
{
  double r = p[0], alpha = p[1], s = p[2], beta = p[3];
  double rsx = r + s + x;
  double term1 = -(r + x) * log (alpha + T) - s * log (beta + T);
  double top, hb, gap, u1, u2, h1, h2, ll;
  int sign1, sign2;

  if (alpha >= beta)
    {
      top = alpha;
      hb = s + 1.0;
    }
  else
    {
      top = beta;
      hb = r + x;
    }
  gap = fabs (alpha - beta);

  if (T <= t_x)
    ll = term1;
  else if (gap / (top + t_x) < 0.9 &&
           log_hyp2f1 (rsx, hb, rsx + 1.0, gap / (top + t_x), 2000, &h1, &sign1) &&
           log_hyp2f1 (rsx, hb, rsx + 1.0, gap / (top + T), 2000, &h2, &sign2))
    {
      u1 = h1 - rsx * log (top + t_x);
      u2 = h2 - rsx * log (top + T);
      if (u1 > u2)
        {
          double log_a0 = u1 + log1p (-exp (u2 - u1));
          double term2 = log (s) + log_a0 - log (rsx);

          ll = log_add (term1, term2);
        }
      else
        ll = term1;
    }
  else
    {
      /* The series settle slowly when α and β are far apart (z near 1)
       * or the frequency is large; the integral they stand for is then
       * taken directly. */
      double log_i = pareto_log_integral (p, x, t_x, T);

      if (!isfinite (log_i))
        return NAN;
      ll = log_add (term1, log (s) + log_i);
    }

  if (log_alive != NULL)
    *log_alive = term1 - ll;

  return ll;
}

static void
pareto_block_func (const Groups *g,
                   const double *p,
                   size_t        lo,
                   size_t        hi,
                   double       *out)
{
  double sum = 0.0;

  for (size_t i = lo; i < hi; i++)
    sum += g->w[i] * pareto_customer (p, g->x[i], g->t_x[i], g->T[i], NULL);
  out[0] += sum;
}

static double
pareto_ll_value (const Groups *g,
                 const double *p)
{
  double r = p[0], alpha = p[1], s = p[2], beta = p[3];
  double ll;
  double lg_r = gsl_sf_lngamma (r);

  sum_blocks (g, p, pareto_block_func, 1, &ll);
  ll += g->total_w * (r * log (alpha) + s * log (beta));
  for (size_t k = 0; k < g->n_levels; k++)
    if (g->level_w[k] > 0.0)
      ll += g->level_w[k] * (gsl_sf_lngamma (r + g->xs[k]) - lg_r);

  return ll;
}

/* The Pareto/NBD gradient goes through the hypergeometric function's
 * parameters, so it is taken by central differences in the parameters'
 * logarithms, with a step that balances truncation and rounding. */
static double
pareto_ll (const Groups *g,
           const double *p,
           double       *d)
{
  double ll = pareto_ll_value (g, p);

  if (d != NULL && isfinite (ll))
    for (int j = 0; j < 4; j++)
      {
        const double h = 1e-5;
        double q[4];
        double up, down;

        memcpy (q, p, sizeof q);
        q[j] = p[j] * exp (h);
        up = pareto_ll_value (g, q);
        q[j] = p[j] * exp (-h);
        down = pareto_ll_value (g, q);
        /* d/dθ = p d/dp, and problem_value multiplies by p again. */
        d[j] = (up - down) / (2.0 * h) / p[j];
      }

  return ll;
}

/* ---- Gamma–Gamma ------------------------------------------------------------ */

static void
spend_block_func (const Groups *g,
                  const double *p,
                  size_t        lo,
                  size_t        hi,
                  double       *out)
{
  double pp = p[0], q = p[1], v = p[2];
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;

  /* Per customer, m is the mean spend: −(px + q) log (x m + v). */
  for (size_t i = lo; i < hi; i++)
    {
      double x = g->x[i];
      double w = g->w[i];
      double xm_v = x * g->t_x[i] + v;
      double l = log (xm_v);

      s0 -= w * (pp * x + q) * l;
      s1 -= w * x * l;
      s2 -= w * l;
      s3 -= w * (pp * x + q) / xm_v;
    }
  out[0] += s0;
  out[1] += s1;
  out[2] += s2;
  out[3] += s3;
}

static double
spend_ll (const Groups *g,
          const double *p,
          double       *d)
{
  double pp = p[0], q = p[1], v = p[2];
  double sums[4];
  double ll;
  double dp = 0, dq = 0;
  double lg_q = gsl_sf_lngamma (q);
  double psi_q = gsl_sf_psi (q);

  sum_blocks (g, p, spend_block_func, 4, sums);
  ll = sums[0] + g->total_w * (q * log (v) - lg_q);
  for (size_t k = 0; k < g->n_levels; k++)
    {
      double x = g->xs[k];
      double w = g->level_w[k];
      double slm = g->level_e[k];   /* Σ w log m */

      if (w == 0.0)
        continue;
      ll += w * (gsl_sf_lngamma (pp * x + q) - gsl_sf_lngamma (pp * x) + pp * x * log (x)) +
            (pp * x - 1.0) * slm;
      if (d != NULL)
        {
          double psi_pxq = gsl_sf_psi (pp * x + q);

          dp += w * x * (psi_pxq - gsl_sf_psi (pp * x) + log (x)) + x * slm;
          dq += w * psi_pxq;
        }
    }
  if (d != NULL)
    {
      d[0] = dp + sums[1];
      d[1] = dq + sums[2] + g->total_w * (log (v) - psi_q);
      d[2] = sums[3] + g->total_w * q / v;
    }

  return ll;
}

/* ---- Optimisers ------------------------------------------------------------- */

typedef struct
{
  const SegMonitor *monitor;
  double            from;
  double            to;
  gboolean          cancelled;
} Watch;

static gboolean
watch_report (Watch *watch,
              int    iteration,
              int    max_iterations)
{
  double fraction = watch->from + (watch->to - watch->from) * iteration / (double) max_iterations;

  if (seg_monitor_report (watch->monitor, fraction))
    watch->cancelled = TRUE;

  return !watch->cancelled;
}

/* BFGS on the inverse Hessian with a backtracking line search. Returns
 * TRUE when the gradient's largest component falls below @tolerance. */
static gboolean
bfgs (Objective  f,
      void      *data,
      int        k,
      double    *theta,
      int        max_iterations,
      double     tolerance,
      Watch     *watch,
      int       *iterations)
{
  double h[MAX_PARAMS * MAX_PARAMS];
  double g[MAX_PARAMS], g_new[MAX_PARAMS], dir[MAX_PARAMS];
  double s[MAX_PARAMS], y[MAX_PARAMS], t_new[MAX_PARAMS];
  double fx = f (theta, g, data);
  gboolean scaled = FALSE;

  *iterations = 0;
  if (!isfinite (fx))
    return FALSE;

  for (int i = 0; i < k * k; i++)
    h[i] = (i % (k + 1) == 0) ? 1.0 : 0.0;

  for (int iter = 0; iter < max_iterations; iter++)
    {
      double gmax = 0.0;
      double slope = 0.0;
      double longest = 0.0;
      double step = 1.0;
      double f_new = INFINITY;
      double sy = 0.0, yhy = 0.0;
      double hy[MAX_PARAMS];
      gboolean found = FALSE;

      *iterations = iter;
      if (!watch_report (watch, iter, max_iterations))
        return FALSE;
      for (int j = 0; j < k; j++)
        gmax = fmax (gmax, fabs (g[j]));
      if (gmax < tolerance)
        return TRUE;

      for (int j = 0; j < k; j++)
        {
          dir[j] = 0.0;
          for (int l = 0; l < k; l++)
            dir[j] -= h[j * k + l] * g[l];
          slope += dir[j] * g[j];
        }
      if (!(slope < 0.0))
        {
          /* Not a descent direction: start the curvature again. */
          for (int i = 0; i < k * k; i++)
            h[i] = (i % (k + 1) == 0) ? 1.0 : 0.0;
          slope = 0.0;
          for (int j = 0; j < k; j++)
            {
              dir[j] = -g[j];
              slope -= g[j] * g[j];
            }
        }
      for (int j = 0; j < k; j++)
        longest = fmax (longest, fabs (dir[j]));
      /* A log parameter moves by at most 2 in one step: e² is a long way
       * for a rate or a shape. */
      if (longest > 2.0)
        step = 2.0 / longest;

      for (int tries = 0; tries < 60; tries++)
        {
          for (int j = 0; j < k; j++)
            t_new[j] = theta[j] + step * dir[j];
          f_new = f (t_new, g_new, data);
          if (isfinite (f_new) && f_new <= fx + 1e-4 * step * slope)
            {
              found = TRUE;
              break;
            }
          step *= 0.5;
        }
      if (!found)
        /* No decrease to be had along the direction: at the optimum up to
         * rounding if the gradient is small, else stuck. */
        return gmax < fmax (1e3 * tolerance, 1e-6);

      for (int j = 0; j < k; j++)
        {
          s[j] = t_new[j] - theta[j];
          y[j] = g_new[j] - g[j];
          sy += s[j] * y[j];
        }
      memcpy (theta, t_new, k * sizeof (double));
      memcpy (g, g_new, k * sizeof (double));
      if (fabs (fx - f_new) <= 1e-16 * fabs (fx) && gmax < fmax (1e3 * tolerance, 1e-6))
        return TRUE;
      fx = f_new;

      if (sy <= 1e-18)
        continue;
      if (!scaled)
        {
          double yy = 0.0;

          for (int j = 0; j < k; j++)
            yy += y[j] * y[j];
          for (int i = 0; i < k * k; i++)
            h[i] = (i % (k + 1) == 0) ? sy / yy : 0.0;
          scaled = TRUE;
        }
      for (int j = 0; j < k; j++)
        {
          hy[j] = 0.0;
          for (int l = 0; l < k; l++)
            hy[j] += h[j * k + l] * y[l];
          yhy += y[j] * hy[j];
        }
      for (int j = 0; j < k; j++)
        for (int l = 0; l < k; l++)
          h[j * k + l] += (sy + yhy) * s[j] * s[l] / (sy * sy) -
                          (hy[j] * s[l] + s[j] * hy[l]) / sy;
    }

  *iterations = max_iterations;
  return FALSE;
}

/* Nelder–Mead with the standard coefficients, for when BFGS fails (a
 * likelihood that is flat, or not smooth where a series gave up). */
static gboolean
nelder_mead (Objective  f,
             void      *data,
             int        k,
             double    *theta,
             int        max_iterations,
             Watch     *watch,
             int       *iterations)
{
  double v[(MAX_PARAMS + 1) * MAX_PARAMS];
  double fv[MAX_PARAMS + 1];
  double centre[MAX_PARAMS], xr[MAX_PARAMS], xe[MAX_PARAMS];
  int budget = max_iterations * 2;

  for (int i = 0; i <= k; i++)
    {
      memcpy (v + i * k, theta, k * sizeof (double));
      if (i > 0)
        v[i * k + i - 1] += 0.5;
      fv[i] = f (v + i * k, NULL, data);
    }

  for (int iter = 0; iter < budget; iter++)
    {
      int best = 0, worst = 0, second = 0;
      double fr, size = 0.0;

      *iterations = iter;
      if (iter % 10 == 0 && !watch_report (watch, iter, budget))
        return FALSE;

      for (int i = 1; i <= k; i++)
        {
          if (fv[i] < fv[best])
            best = i;
          if (fv[i] > fv[worst])
            worst = i;
        }
      second = best;
      for (int i = 0; i <= k; i++)
        if (i != worst && fv[i] >= fv[second])
          second = i;

      for (int i = 0; i <= k; i++)
        for (int j = 0; j < k; j++)
          size = fmax (size, fabs (v[i * k + j] - v[best * k + j]));
      if (isfinite (fv[best]) && fabs (fv[worst] - fv[best]) <= 1e-14 * (1.0 + fabs (fv[best])) &&
          size < 1e-7)
        {
          memcpy (theta, v + best * k, k * sizeof (double));
          return TRUE;
        }

      for (int j = 0; j < k; j++)
        {
          centre[j] = 0.0;
          for (int i = 0; i <= k; i++)
            if (i != worst)
              centre[j] += v[i * k + j] / k;
        }
      for (int j = 0; j < k; j++)
        xr[j] = centre[j] + (centre[j] - v[worst * k + j]);
      fr = f (xr, NULL, data);

      if (fr < fv[best])
        {
          double fe;

          for (int j = 0; j < k; j++)
            xe[j] = centre[j] + 2.0 * (centre[j] - v[worst * k + j]);
          fe = f (xe, NULL, data);
          memcpy (v + worst * k, fe < fr ? xe : xr, k * sizeof (double));
          fv[worst] = fmin (fe, fr);
        }
      else if (fr < fv[second])
        {
          memcpy (v + worst * k, xr, k * sizeof (double));
          fv[worst] = fr;
        }
      else
        {
          double fc;
          gboolean outside = fr < fv[worst];

          for (int j = 0; j < k; j++)
            xe[j] = outside ? centre[j] + 0.5 * (xr[j] - centre[j])
                            : centre[j] + 0.5 * (v[worst * k + j] - centre[j]);
          fc = f (xe, NULL, data);
          if (fc < (outside ? fr : fv[worst]))
            {
              memcpy (v + worst * k, xe, k * sizeof (double));
              fv[worst] = fc;
            }
          else
            for (int i = 0; i <= k; i++)
              {
                if (i == best)
                  continue;
                for (int j = 0; j < k; j++)
                  v[i * k + j] = v[best * k + j] + 0.5 * (v[i * k + j] - v[best * k + j]);
                fv[i] = f (v + i * k, NULL, data);
              }
        }
    }

  return FALSE;
}

/* Fits @problem from all parameters 1, retrying with larger penalties
 * when the optimisers do not converge or run off; fills @p and @info. */
static gboolean
fit_problem (Problem                    *problem,
             const SegLifetimeFitParams *params,
             const SegMonitor           *monitor,
             const char                 *model_name,
             double                     *p,
             SegLifetimeFitInfo         *info,
             GError                    **error)
{
  int k = problem->n_params;
  double penalties[32];
  int n_penalties = 0;
  Watch watch = { monitor, 0.0, 1.0, FALSE };

  penalties[n_penalties++] = params->penalty;
  for (double pen = fmax (1e-4, params->penalty * 10.0);
       pen <= params->max_penalty * (1.0 + 1e-12) && n_penalties < 32;
       pen *= 10.0)
    penalties[n_penalties++] = pen;

  memset (info, 0, sizeof *info);
  for (int attempt = 0; attempt < n_penalties; attempt++)
    {
      for (int method = 0; method < 2; method++)
        {
          double theta[MAX_PARAMS] = { 0 };
          gboolean ok;
          int iterations = 0;

          problem->penalty = penalties[attempt];
          watch.from = (double) (2 * attempt + method) / (2 * n_penalties);
          watch.to = (double) (2 * attempt + method + 1) / (2 * n_penalties);
          info->attempts++;
          if (method == 0)
            ok = bfgs (problem_value, problem, k, theta, params->max_iterations,
                       params->tolerance, &watch, &iterations);
          else
            ok = nelder_mead (problem_value, problem, k, theta, params->max_iterations,
                              &watch, &iterations);
          if (watch.cancelled)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The %s fit was cancelled",
                           model_name);
              return FALSE;
            }
          for (int j = 0; j < k; j++)
            if (!(fabs (theta[j]) <= ABSURD))
              ok = FALSE;
          if (!ok)
            continue;

          for (int j = 0; j < k; j++)
            p[j] = exp (theta[j]);
          info->penalty = penalties[attempt];
          info->iterations = iterations;
          info->optimizer = method == 0 ? SEG_LIFETIME_OPTIMIZER_BFGS : SEG_LIFETIME_OPTIMIZER_NELDER_MEAD;
          info->log_likelihood = problem->ll (problem->groups, p, NULL);
          return TRUE;
        }
    }

  g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_NO_CONVERGENCE,
               "The %s fit did not converge, even with a penalty of %g on the log parameters "
               "(option “max-penalty”): the data cannot tell the model's parameters apart; "
               "more customers with repeat purchases would help",
               model_name, penalties[n_penalties - 1]);
  return FALSE;
}

/* ---- Purchase models ------------------------------------------------------ */

struct _SegPurchaseModel
{
  SegPurchaseKind    kind;
  double             p[4];
  SegLifetimeFitInfo info;
};

static const char *
purchase_name (SegPurchaseKind kind)
{
  return kind == SEG_PURCHASE_BGNBD ? "BG/NBD" : "Pareto/NBD";
}

static gboolean
check_params (const double  *params,
              int            k,
              GError       **error)
{
  for (int j = 0; j < k; j++)
    if (!(params[j] > 0.0) || !isfinite (params[j]))
      {
        g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                     "Parameter %d is %g: every parameter must be a positive number", j + 1, params[j]);
        return FALSE;
      }

  return TRUE;
}

SegPurchaseModel *
seg_purchase_model_new (SegPurchaseKind   kind,
                        const double      params[4],
                        GError          **error)
{
  SegPurchaseModel *model;

  g_return_val_if_fail (params != NULL, NULL);

  if (kind != SEG_PURCHASE_BGNBD && kind != SEG_PURCHASE_PARETO_NBD)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "Unknown purchase model %d", (int) kind);
      return NULL;
    }
  if (!check_params (params, 4, error))
    return NULL;

  model = g_new0 (SegPurchaseModel, 1);
  model->kind = kind;
  memcpy (model->p, params, sizeof model->p);

  return model;
}

SegPurchaseModel *
seg_purchase_model_fit (SegPurchaseKind             kind,
                        const double               *x,
                        const double               *t_x,
                        const double               *T,
                        const double               *weight,
                        size_t                      n,
                        const SegLifetimeFitParams *params,
                        const SegMonitor           *monitor,
                        GError                    **error)
{
  SegLifetimeFitParams defaults;
  Groups groups;
  Problem problem = { 0 };
  double p[4];
  SegLifetimeFitInfo info;
  gboolean ok;
  SegPurchaseModel *model;
  gsl_error_handler_t *old;

  g_return_val_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params == NULL)
    {
      seg_lifetime_fit_params_init (&defaults);
      params = &defaults;
    }
  if (kind != SEG_PURCHASE_BGNBD && kind != SEG_PURCHASE_PARETO_NBD)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "Unknown purchase model %d", (int) kind);
      return NULL;
    }
  if (!check_fit_params (params, error) || !check_summary (x, t_x, T, weight, n, error))
    return NULL;

  groups_init (&groups, x, t_x, T, weight, NULL, NULL, n);
  if (!(groups.total_w > 0.0))
    {
      groups_clear (&groups);
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "Every customer has a weight of 0");
      return NULL;
    }
  problem.groups = &groups;
  problem.n_params = 4;
  problem.ll = kind == SEG_PURCHASE_BGNBD ? bgnbd_ll : pareto_ll;

  old = quiet_gsl ();
  ok = fit_problem (&problem, params, monitor, purchase_name (kind), p, &info, error);
  gsl_set_error_handler (old);
  groups_clear (&groups);
  if (!ok)
    return NULL;

  model = seg_purchase_model_new (kind, p, error);
  if (model != NULL)
    model->info = info;

  return model;
}

void
seg_purchase_model_free (SegPurchaseModel *model)
{
  g_free (model);
}

SegPurchaseKind
seg_purchase_model_get_kind (const SegPurchaseModel *model)
{
  g_return_val_if_fail (model != NULL, SEG_PURCHASE_BGNBD);

  return model->kind;
}

void
seg_purchase_model_get_params (const SegPurchaseModel *model,
                               double                  params[4])
{
  g_return_if_fail (model != NULL && params != NULL);

  memcpy (params, model->p, sizeof model->p);
}

const SegLifetimeFitInfo *
seg_purchase_model_get_info (const SegPurchaseModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return &model->info;
}

double
seg_purchase_model_log_likelihood (const SegPurchaseModel *model,
                                   const double           *x,
                                   const double           *t_x,
                                   const double           *T,
                                   const double           *weight,
                                   size_t                  n)
{
  Groups groups;
  double ll;
  gsl_error_handler_t *old;

  g_return_val_if_fail (model != NULL, NAN);

  if (!check_summary (x, t_x, T, weight, n, NULL))
    return NAN;
  groups_init (&groups, x, t_x, T, weight, NULL, NULL, n);
  old = quiet_gsl ();
  ll = model->kind == SEG_PURCHASE_BGNBD ? bgnbd_ll (&groups, model->p, NULL)
                                         : pareto_ll_value (&groups, model->p);
  gsl_set_error_handler (old);
  groups_clear (&groups);

  return ll;
}

/* BG/NBD's log of a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x), the
 * odds of having dropped out against being alive. */
static inline double
bgnbd_log_odds (const double *p,
                double        x,
                double        t_x,
                double        T)
{
  double r = p[0], alpha = p[1], a = p[2], b = p[3];

  if (x <= 0.0)
    return -INFINITY;
  return log (a) - log (b + x - 1.0) + (r + x) * (log (alpha + T) - log (alpha + t_x));
}

static double
p_alive_one (const SegPurchaseModel *model,
             double                  x,
             double                  t_x,
             double                  T)
{
  if (model->kind == SEG_PURCHASE_BGNBD)
    {
      double lo = bgnbd_log_odds (model->p, x, t_x, T);

      return lo > 0.0 ? exp (-lo) / (1.0 + exp (-lo)) : 1.0 / (1.0 + exp (lo));
    }
  else
    {
      double log_alive = NAN;

      if (!isfinite (pareto_customer (model->p, x, t_x, T, &log_alive)))
        return NAN;
      return exp (fmin (log_alive, 0.0));
    }
}

/* 1 − ((β + T) / (β + T + t))^(s − 1), divided by s − 1, without losing
 * digits near s = 1. */
static inline double
pareto_horizon (double s,
                double base,
                double t)
{
  double l = log1p (t / base);

  if (fabs (s - 1.0) < 1e-12)
    return l;
  return -expm1 (-(s - 1.0) * l) / (s - 1.0);
}

/* BG/NBD's 1 − (1 − z)^(r + x) 2F1 (r + x, b + x; a + b + x − 1; z) with
 * z = t / (α + T + t), through Euler's transformation when the direct
 * series does not settle. */
static double
bgnbd_bracket (const double *p,
               double        x,
               double        T,
               double        t)
{
  double r = p[0], alpha = p[1], a = p[2], b = p[3];
  double ha = r + x, hb = b + x, hc = a + b + x - 1.0;
  double z = t / (alpha + T + t);
  double log_1mz = log (alpha + T) - log (alpha + T + t);
  double lh;
  int sign;

  if (seg_log_hyp2f1 (ha, hb, hc, z, &lh, &sign))
    {
      double e = lh + ha * log_1mz;

      return sign > 0 ? -expm1 (e) : 1.0 + exp (e);
    }
  if (seg_log_hyp2f1 (hc - ha, hc - hb, hc, z, &lh, &sign))
    {
      double e = lh + (hc - hb) * log_1mz;   /* (1 − z)^(c − a − b) · (1 − z)^a */

      return sign > 0 ? -expm1 (e) : 1.0 + exp (e);
    }

  return NAN;
}

/* BG/NBD's bracket at @n horizons @t (positive, ascending) of one
 * customer in one pass over the series: the terms at every horizon share
 * their coefficients and differ only in z = t / (α + T + t), so the
 * coefficients are worked out once, and each horizon stops when the
 * same tail bound as seg_log_hyp2f1()'s says it has settled. @scratch
 * holds 3 @n values. FALSE when c is not positive (the terms may change
 * sign), the sums grow too large for a plain sum or the series does not
 * settle: the caller then takes each horizon on its own. */
static gboolean
bgnbd_brackets (const double *p,
                double        x,
                double        T,
                const double *t,
                int           n,
                double       *scratch,
                double       *out)
{
  double r = p[0], alpha = p[1], a = p[2], b = p[3];
  double ha = r + x, hb = b + x, hc = a + b + x - 1.0;
  double *z = scratch, *term = scratch + n, *sum = scratch + 2 * n;
  double log_aT = log (alpha + T);
  int lo = 0;

  if (!(hc > 0.0) || !isfinite (hc) || !(alpha + T > 0.0))
    return FALSE;
  for (int m = 0; m < n; m++)
    {
      z[m] = t[m] / (alpha + T + t[m]);
      term[m] = 1.0;
      sum[m] = 1.0;
    }
  for (int k = 0; k < 100000 && lo < n; k++)
    {
      double ratio = (ha + k) * (hb + k) / ((hc + k) * (k + 1.0));
      double j = k + 1.0;
      double bound;

      for (int m = lo; m < n; m++)
        {
          term[m] *= ratio * z[m];
          sum[m] += term[m];
        }
      if (!(sum[n - 1] <= 1e250))
        return FALSE;
      if (!(term[lo] <= 1e-15 * sum[lo]))
        continue;
      /* The ratios from here on are at most z times this. */
      bound = fmin (fmax (1.0, (ha + j) / (j + 1.0)) * fmax (1.0, (hb + j) / (hc + j)),
                    fmax (1.0, (hb + j) / (j + 1.0)) * fmax (1.0, (ha + j) / (hc + j)));
      while (lo < n &&
             (term[lo] == 0.0 ||
              (z[lo] * bound < 1.0 &&
               term[lo] * z[lo] * bound / (1.0 - z[lo] * bound) <= 1e-17 * sum[lo])))
        lo++;
    }
  if (lo < n)
    return FALSE;

  for (int m = 0; m < n; m++)
    out[m] = -expm1 (log (sum[m]) + ha * (log_aT - log (alpha + T + t[m])));

  return TRUE;
}

/* BG/NBD's expectations divide by a − 1 and multiply by a bracket that
 * vanishes with it; at a = 1 itself they are taken a hair away, which
 * changes them in the seventh digit at most. */
static const double *
bgnbd_regular (const double *p,
               double       *q)
{
  if (fabs (p[2] - 1.0) >= 1e-7)
    return p;
  memcpy (q, p, 4 * sizeof (double));
  q[2] = 1.0 + 1e-7;

  return q;
}

/* What a customer's expected purchases over any horizon share: the
 * probability of being alive and the factor in front of the horizon's
 * bracket. */
typedef struct
{
  const SegPurchaseModel *model;
  const double           *p;
  double                  q[4];
  double                  x;
  double                  T;
  double                  factor;
} Outlook;

static void
outlook_init (Outlook                *o,
              const SegPurchaseModel *model,
              double                  x,
              double                  t_x,
              double                  T)
{
  double alive = p_alive_one (model, x, t_x, T);

  o->model = model;
  o->x = x;
  o->T = T;
  if (model->kind == SEG_PURCHASE_BGNBD)
    {
      o->p = bgnbd_regular (model->p, o->q);
      o->factor = alive * (o->p[2] + o->p[3] + x - 1.0) / (o->p[2] - 1.0);
    }
  else
    {
      o->p = model->p;
      o->factor = alive * (o->p[0] + x) * (o->p[3] + T) / (o->p[1] + T);
    }
}

static double
outlook_expected (const Outlook *o,
                  double         t)
{
  if (t <= 0.0)
    return 0.0;
  if (o->model->kind == SEG_PURCHASE_BGNBD)
    return o->factor * bgnbd_bracket (o->p, o->x, o->T, t);

  return o->factor * pareto_horizon (o->p[2], o->p[3] + o->T, t);
}

static double
predict_one (const SegPurchaseModel *model,
             double                  t,
             double                  x,
             double                  t_x,
             double                  T)
{
  Outlook o;

  if (t <= 0.0)
    return 0.0;
  outlook_init (&o, model, x, t_x, T);

  return outlook_expected (&o, t);
}

void
seg_purchase_model_predict (const SegPurchaseModel *model,
                            double                  t,
                            const double           *x,
                            const double           *t_x,
                            const double           *T,
                            size_t                  n,
                            double                 *out)
{
  gsl_error_handler_t *old;

  g_return_if_fail (model != NULL);
  g_return_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL && out != NULL));

  old = quiet_gsl ();
#pragma omp parallel for schedule(dynamic, 256) if (n > 1024)
  for (size_t i = 0; i < n; i++)
    out[i] = predict_one (model, t, x[i], t_x[i], T[i]);
  gsl_set_error_handler (old);
}

void
seg_purchase_model_p_alive (const SegPurchaseModel *model,
                            const double           *x,
                            const double           *t_x,
                            const double           *T,
                            size_t                  n,
                            double                 *out)
{
  gsl_error_handler_t *old;

  g_return_if_fail (model != NULL);
  g_return_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL && out != NULL));

  old = quiet_gsl ();
#pragma omp parallel for schedule(dynamic, 256) if (n > 1024)
  for (size_t i = 0; i < n; i++)
    out[i] = p_alive_one (model, x[i], t_x[i], T[i]);
  gsl_set_error_handler (old);
}

double
seg_purchase_model_expected_new (const SegPurchaseModel *model,
                                 double                  t)
{
  const double *p;

  g_return_val_if_fail (model != NULL, NAN);

  p = model->p;
  if (t <= 0.0)
    return 0.0;
  if (model->kind == SEG_PURCHASE_BGNBD)
    {
      double q[4];
      double a, b;

      p = bgnbd_regular (model->p, q);
      a = p[2];
      b = p[3];
      /* A new customer is one with x = 0 at T = 0. */
      return (a + b - 1.0) / (a - 1.0) * bgnbd_bracket (p, 0.0, 0.0, t);
    }

  return p[0] * p[3] / p[1] * pareto_horizon (p[2], p[3], t);
}

/* ---- Spend model ------------------------------------------------------------ */

struct _SegSpendModel
{
  double             p[3];
  SegLifetimeFitInfo info;
};

SegSpendModel *
seg_spend_model_new (const double   params[3],
                     GError       **error)
{
  SegSpendModel *model;

  g_return_val_if_fail (params != NULL, NULL);

  if (!check_params (params, 3, error))
    return NULL;
  model = g_new0 (SegSpendModel, 1);
  memcpy (model->p, params, sizeof model->p);

  return model;
}

SegSpendModel *
seg_spend_model_fit (const double               *x,
                     const double               *monetary,
                     const double               *weight,
                     size_t                      n,
                     const SegLifetimeFitParams *params,
                     const SegMonitor           *monitor,
                     GError                    **error)
{
  SegLifetimeFitParams defaults;
  g_autofree uint8_t *keep = NULL;
  g_autofree double *log_m = NULL;
  Groups groups;
  Problem problem = { 0 };
  SegLifetimeFitInfo info;
  double p[3];
  size_t kept = 0;
  gboolean ok;
  SegSpendModel *model;

  g_return_val_if_fail (n == 0 || (x != NULL && monetary != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params == NULL)
    {
      seg_lifetime_fit_params_init (&defaults);
      params = &defaults;
    }
  if (!check_fit_params (params, error))
    return NULL;

  keep = g_new0 (uint8_t, MAX (n, 1));
  log_m = g_new0 (double, MAX (n, 1));
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (x[i]) || !isfinite (monetary[i]) || x[i] < 0.0 ||
          (weight != NULL && (!isfinite (weight[i]) || weight[i] < 0.0)))
        {
          g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                       "Row %zu: the frequency %g, mean spend %g or weight is not a usable number",
                       i + 1, x[i], monetary[i]);
          return NULL;
        }
      keep[i] = x[i] > 0.0 && monetary[i] > 0.0 && (weight == NULL || weight[i] > 0.0);
      if (keep[i])
        {
          log_m[i] = log (monetary[i]);
          kept++;
        }
    }
  if (kept < 2)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The spend model needs at least two customers with repeat purchases and a "
                   "positive mean spend; there are %zu", kept);
      return NULL;
    }

  /* The recency slot carries the mean spend, the extra one its log. */
  groups_init (&groups, x, monetary, NULL, weight, log_m, keep, n);
  problem.groups = &groups;
  problem.n_params = 3;
  problem.ll = spend_ll;
  ok = fit_problem (&problem, params, monitor, "Gamma–Gamma", p, &info, error);
  groups_clear (&groups);
  if (!ok)
    return NULL;

  model = seg_spend_model_new (p, error);
  if (model != NULL)
    model->info = info;

  return model;
}

void
seg_spend_model_free (SegSpendModel *model)
{
  g_free (model);
}

void
seg_spend_model_get_params (const SegSpendModel *model,
                            double               params[3])
{
  g_return_if_fail (model != NULL && params != NULL);

  memcpy (params, model->p, sizeof model->p);
}

const SegLifetimeFitInfo *
seg_spend_model_get_info (const SegSpendModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return &model->info;
}

static inline double
spend_one (const SegSpendModel *model,
           double               x,
           double               monetary)
{
  double p = model->p[0], q = model->p[1], v = model->p[2];

  if (x <= 0.0 || !(monetary > 0.0))
    return q > 1.0 ? p * v / (q - 1.0) : INFINITY;
  return p * (v + x * monetary) / (p * x + q - 1.0);
}

void
seg_spend_model_predict (const SegSpendModel *model,
                         const double        *x,
                         const double        *monetary,
                         size_t               n,
                         double              *out)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (n == 0 || (x != NULL && monetary != NULL && out != NULL));

  for (size_t i = 0; i < n; i++)
    out[i] = spend_one (model, x[i], monetary[i]);
}

double
seg_spend_independence (const double *x,
                        const double *monetary,
                        size_t        n)
{
  double mx = 0, mm = 0, sxx = 0, smm = 0, sxm = 0;
  size_t k = 0;

  g_return_val_if_fail (n == 0 || (x != NULL && monetary != NULL), NAN);

  for (size_t i = 0; i < n; i++)
    if (x[i] > 0.0 && monetary[i] > 0.0 && isfinite (x[i]) && isfinite (monetary[i]))
      {
        mx += x[i];
        mm += monetary[i];
        k++;
      }
  if (k < 2)
    return NAN;
  mx /= k;
  mm /= k;
  for (size_t i = 0; i < n; i++)
    if (x[i] > 0.0 && monetary[i] > 0.0 && isfinite (x[i]) && isfinite (monetary[i]))
      {
        sxx += (x[i] - mx) * (x[i] - mx);
        smm += (monetary[i] - mm) * (monetary[i] - mm);
        sxm += (x[i] - mx) * (monetary[i] - mm);
      }
  if (sxx <= 0.0 || smm <= 0.0)
    return NAN;

  return sxm / sqrt (sxx * smm);
}

char *
seg_spend_independence_text (double correlation)
{
  if (isnan (correlation))
    return g_strdup (_("Too few repeat customers, or too little variety among them, to check "
                       "whether how often and how much customers buy go together; the spend "
                       "model assumes they do not."));
  if (fabs (correlation) < 0.3)
    return g_strdup_printf (_("How often and how much customers buy correlate at %.2f: weakly, "
                              "as the spend model assumes (it takes them to be unrelated)."),
                            correlation);

  return g_strdup_printf (_("How often and how much customers buy correlate at %.2f, but the "
                            "spend model assumes they are unrelated, so its spend estimates are "
                            "less reliable here."),
                          correlation);
}

/* ---- Lifetime value ------------------------------------------------------------ */

/* Customers with the same frequency and age T share BG/NBD's brackets,
 * so their discounted sum over the months is worked out once per such
 * pair: an open-addressing table from the pair to its group. */
typedef struct
{
  size_t    n_groups;
  double   *x;       /* per group */
  double   *T;
  uint32_t *group;   /* per customer */
} PairGroups;

static inline uint64_t
pair_hash (double x,
           double T)
{
  uint64_t bx, bT, h;

  memcpy (&bx, &x, 8);
  memcpy (&bT, &T, 8);
  h = bx * 0x9E3779B97F4A7C15ull ^ (bT + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;

  return h ^ (h >> 31);
}

static void
pair_groups_init (PairGroups   *pg,
                  const double *x,
                  const double *T,
                  size_t        n)
{
  size_t capacity = 16;
  g_autofree uint32_t *slots = NULL;

  while (capacity < 2 * n)
    capacity *= 2;
  slots = g_new (uint32_t, capacity);
  memset (slots, 0xff, capacity * sizeof (uint32_t));
  pg->n_groups = 0;
  pg->x = g_new (double, MAX (n, 1));
  pg->T = g_new (double, MAX (n, 1));
  pg->group = g_new (uint32_t, MAX (n, 1));
  for (size_t i = 0; i < n; i++)
    {
      /* + 0.0 makes −0 and 0 one key; NaN matches nothing and gets a
       * group of its own, which the sum then leaves NaN. */
      double xi = x[i] + 0.0, Ti = T[i] + 0.0;
      size_t s = pair_hash (xi, Ti) & (capacity - 1);

      while (slots[s] != UINT32_MAX && !(pg->x[slots[s]] == xi && pg->T[slots[s]] == Ti))
        s = (s + 1) & (capacity - 1);
      if (slots[s] == UINT32_MAX)
        {
          slots[s] = (uint32_t) pg->n_groups;
          pg->x[pg->n_groups] = xi;
          pg->T[pg->n_groups] = Ti;
          pg->n_groups++;
        }
      pg->group[i] = slots[s];
    }
}

static void
pair_groups_clear (PairGroups *pg)
{
  g_free (pg->x);
  g_free (pg->T);
  g_free (pg->group);
}

/* seg_clv() for BG/NBD: Σ over months of the discount times the month's
 * share of the bracket, per (frequency, T) group, then per customer the
 * spend, margin, chance of being alive and the factor in front. */
static void
clv_bgnbd (const SegPurchaseModel *purchases,
           const SegSpendModel    *spend,
           const double           *x,
           const double           *t_x,
           const double           *T,
           const double           *monetary,
           size_t                  n,
           const SegClvParams     *params,
           const SegMonitor       *monitor,
           SegStage               *stage,
           double                 *out)
{
  int months = params->months;
  double q[4];
  const double *p = bgnbd_regular (purchases->p, q);
  g_autofree double *t = g_new (double, months);
  g_autofree double *discount = g_new (double, months);
  g_autofree double *shares = NULL;
  PairGroups pg;
  size_t n_blocks;

  for (int m = 0; m < months; m++)
    {
      t[m] = (m + 1) * params->units_per_month;
      discount[m] = (m == 0 ? 1.0 : discount[m - 1]) / (1.0 + params->discount_rate);
    }
  pair_groups_init (&pg, x, T, n);
  shares = g_new (double, MAX (pg.n_groups, 1));
  n_blocks = (pg.n_groups + 255) / 256;
  seg_stage_init (stage, monitor, 0.0, 1.0, pg.n_groups);

#pragma omp parallel if (pg.n_groups > 256)
  {
    double *scratch = g_new (double, 4 * (size_t) months);
    double *bracket = scratch + 3 * (size_t) months;

#pragma omp for schedule(dynamic, 1)
    for (size_t c = 0; c < n_blocks; c++)
      {
        size_t hi = MIN (pg.n_groups, (c + 1) * 256);

        if (seg_stage_step (stage, 0))
          continue;
        for (size_t k = c * 256; k < hi; k++)
          {
            double before = 0.0;
            double sum = 0.0;

            if (!bgnbd_brackets (p, pg.x[k], pg.T[k], t, months, scratch, bracket))
              for (int m = 0; m < months; m++)
                bracket[m] = bgnbd_bracket (p, pg.x[k], pg.T[k], t[m]);
            for (int m = 0; m < months; m++)
              {
                sum += (bracket[m] - before) * discount[m];
                before = bracket[m];
              }
            shares[k] = sum;
          }
        seg_stage_step (stage, hi - c * 256);
      }
    g_free (scratch);
  }

  if (!stage->stop)
    {
#pragma omp parallel for schedule(static) if (n > 4096)
      for (size_t i = 0; i < n; i++)
        {
          Outlook o;

          outlook_init (&o, purchases, x[i], t_x[i], T[i]);
          out[i] = spend_one (spend, x[i], monetary[i]) * params->margin * o.factor * shares[pg.group[i]];
        }
    }
  pair_groups_clear (&pg);
}

gboolean
seg_clv (const SegPurchaseModel *purchases,
         const SegSpendModel    *spend,
         const double           *x,
         const double           *t_x,
         const double           *T,
         const double           *monetary,
         size_t                  n,
         const SegClvParams     *params,
         const SegMonitor       *monitor,
         double                 *out,
         GError                **error)
{
  SegClvParams defaults;
  SegStage stage;
  size_t bad = 0;
  gsl_error_handler_t *old;

  g_return_val_if_fail (purchases != NULL && spend != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && t_x != NULL && T != NULL && monetary != NULL &&
                                   out != NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (params == NULL)
    {
      seg_clv_params_init (&defaults);
      params = &defaults;
    }
  if (params->months < 1 || params->months > 1200)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “months” must be from 1 to 1200, not %d", params->months);
      return FALSE;
    }
  if (!isfinite (params->margin))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “margin” must be a number, not %g", params->margin);
      return FALSE;
    }
  if (!(params->discount_rate > -1.0) || !isfinite (params->discount_rate))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “discount-rate” must be a number above -1, not %g",
                   params->discount_rate);
      return FALSE;
    }
  if (!(params->units_per_month > 0.0) || !isfinite (params->units_per_month))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "The option “units-per-month” must be a positive number, not %g",
                   params->units_per_month);
      return FALSE;
    }

  old = quiet_gsl ();
  if (purchases->kind == SEG_PURCHASE_BGNBD)
    clv_bgnbd (purchases, spend, x, t_x, T, monetary, n, params, monitor, &stage, out);
  else
    {
      seg_stage_init (&stage, monitor, 0.0, 1.0, n);
#pragma omp parallel for schedule(dynamic, 1) if (n > 1024)
      for (size_t c = 0; c < (n + 1023) / 1024; c++)
        {
          size_t hi = MIN (n, (c + 1) * 1024);

          if (seg_stage_step (&stage, 0))
            continue;
          for (size_t i = c * 1024; i < hi; i++)
            {
              double value = spend_one (spend, x[i], monetary[i]) * params->margin;
              double before = 0.0;
              double sum = 0.0;
              double discount = 1.0;
              Outlook o;

              outlook_init (&o, purchases, x[i], t_x[i], T[i]);
              for (int m = 1; m <= params->months; m++)
                {
                  double e = outlook_expected (&o, m * params->units_per_month);

                  discount /= 1.0 + params->discount_rate;
                  sum += value * (e - before) * discount;
                  before = e;
                }
              out[i] = sum;
            }
          seg_stage_step (&stage, hi - c * 1024);
        }
    }
  gsl_set_error_handler (old);

  if (stage.stop)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The lifetime value was cancelled");
      return FALSE;
    }
  for (size_t i = 0; i < n; i++)
    if (!isfinite (out[i]))
      {
        bad = i + 1;
        break;
      }
  if (bad > 0)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   "Row %zu: the lifetime value cannot be computed (frequency %g, recency %g, "
                   "T %g, mean spend %g); a spend model with q ≤ 1 has no mean spend for new "
                   "customers", bad, x[bad - 1], t_x[bad - 1], T[bad - 1], monetary[bad - 1]);
      return FALSE;
    }

  return TRUE;
}

/* ---- Storage ------------------------------------------------------------------ *
 *
 * "SLTV", version (u16), kind (u16: 1 BG/NBD, 2 Pareto/NBD, 3 Gamma–Gamma),
 * the parameters (f64 each), the fit's log-likelihood and penalty (f64),
 * iterations, attempts and optimiser (u32 each), then an FNV-1a checksum
 * (u32) of everything before it; all little-endian. */

#define STORE_VERSION 1
#define KIND_SPEND 3

static uint32_t
fnv1a (const uint8_t *data,
       size_t         n)
{
  uint32_t h = 2166136261u;

  for (size_t i = 0; i < n; i++)
    h = (h ^ data[i]) * 16777619u;

  return h;
}

static void
put_u16 (GByteArray *out,
         uint16_t    v)
{
  uint16_t le = GUINT16_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 2);
}

static void
put_u32 (GByteArray *out,
         uint32_t    v)
{
  uint32_t le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_f64 (GByteArray *out,
         double      v)
{
  uint64_t bits;

  memcpy (&bits, &v, 8);
  bits = GUINT64_TO_LE (bits);
  g_byte_array_append (out, (const guint8 *) &bits, 8);
}

static GBytes *
store (uint16_t                  kind,
       const double             *p,
       int                       k,
       const SegLifetimeFitInfo *info)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) "SLTV", 4);
  put_u16 (out, STORE_VERSION);
  put_u16 (out, kind);
  for (int j = 0; j < k; j++)
    put_f64 (out, p[j]);
  put_f64 (out, info->log_likelihood);
  put_f64 (out, info->penalty);
  put_u32 (out, (uint32_t) info->iterations);
  put_u32 (out, (uint32_t) info->attempts);
  put_u32 (out, (uint32_t) info->optimizer);
  put_u32 (out, fnv1a (out->data, out->len));

  return g_byte_array_free_to_bytes (out);
}

static double
get_f64 (const uint8_t *data)
{
  uint64_t bits;
  double v;

  memcpy (&bits, data, 8);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&v, &bits, 8);

  return v;
}

static uint32_t
get_u32 (const uint8_t *data)
{
  uint32_t v;

  memcpy (&v, data, 4);

  return GUINT32_FROM_LE (v);
}

/* Reads what store() wrote; returns the kind, or 0 with @error set. */
static int
load (GBytes              *bytes,
      double              *p,
      SegLifetimeFitInfo  *info,
      GError             **error)
{
  gsize size = 0;
  const uint8_t *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  uint16_t version, kind;
  int k;
  size_t want;
  uint32_t optimizer;

  if (data == NULL || size < 8 || memcmp (data, "SLTV", 4) != 0)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model does not start as one");
      return 0;
    }
  memcpy (&version, data + 4, 2);
  memcpy (&kind, data + 6, 2);
  version = GUINT16_FROM_LE (version);
  kind = GUINT16_FROM_LE (kind);
  if (version != STORE_VERSION)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model has version %u; this version of Segmenta reads %u",
                   version, STORE_VERSION);
      return 0;
    }
  if (kind < 1 || kind > 3)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model is of unknown kind %u", kind);
      return 0;
    }
  k = kind == KIND_SPEND ? 3 : 4;
  want = 8 + 8 * (size_t) k + 16 + 12 + 4;
  if (size != want)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model has %zu bytes, not %zu", (size_t) size, want);
      return 0;
    }
  if (get_u32 (data + want - 4) != fnv1a (data, want - 4))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model is damaged: its checksum does not match");
      return 0;
    }
  for (int j = 0; j < k; j++)
    p[j] = get_f64 (data + 8 + 8 * j);
  if (!check_params (p, k, NULL))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model is damaged: a parameter is not a positive number");
      return 0;
    }
  info->log_likelihood = get_f64 (data + 8 + 8 * k);
  info->penalty = get_f64 (data + 16 + 8 * k);
  info->iterations = (int) get_u32 (data + 24 + 8 * k);
  info->attempts = (int) get_u32 (data + 28 + 8 * k);
  optimizer = get_u32 (data + 32 + 8 * k);
  info->optimizer = optimizer == SEG_LIFETIME_OPTIMIZER_NELDER_MEAD ? SEG_LIFETIME_OPTIMIZER_NELDER_MEAD
                                                                     : SEG_LIFETIME_OPTIMIZER_BFGS;

  return kind;
}

GBytes *
seg_purchase_model_to_bytes (const SegPurchaseModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return store ((uint16_t) model->kind, model->p, 4, &model->info);
}

SegPurchaseModel *
seg_purchase_model_from_bytes (GBytes  *bytes,
                               GError **error)
{
  double p[4];
  SegLifetimeFitInfo info;
  g_autoptr(GError) local = NULL;
  SegPurchaseModel *model;
  int kind;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind = load (bytes, p, &info, &local);
  if (kind == 0)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (kind == KIND_SPEND)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model is a spend model, not a purchase model");
      return NULL;
    }
  model = seg_purchase_model_new ((SegPurchaseKind) kind, p, error);
  if (model != NULL)
    model->info = info;

  return model;
}

GBytes *
seg_spend_model_to_bytes (const SegSpendModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  return store (KIND_SPEND, model->p, 3, &model->info);
}

SegSpendModel *
seg_spend_model_from_bytes (GBytes  *bytes,
                            GError **error)
{
  double p[4];
  SegLifetimeFitInfo info;
  g_autoptr(GError) local = NULL;
  SegSpendModel *model;
  int kind;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind = load (bytes, p, &info, &local);
  if (kind == 0)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (kind != KIND_SPEND)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_CORRUPT,
                   "The stored lifetime model is a purchase model, not a spend model");
      return NULL;
    }
  model = seg_spend_model_new (p, error);
  if (model != NULL)
    model->info = info;

  return model;
}
