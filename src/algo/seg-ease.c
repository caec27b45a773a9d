/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-ease.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef SEG_HAVE_OPENBLAS
/* LAPACK's Cholesky factor and inverse from a positive definite matrix,
 * column-major, as OpenBLAS exports them. */
extern void dpotrf_ (const char *uplo, const int *n, double *a, const int *lda, int *info);
extern void dpotri_ (const char *uplo, const int *n, double *a, const int *lda, int *info);
#else
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#endif

/* Sustained rates used by the time estimate, measured on a two-core
 * desktop: floating-point operations per second for the inversion, and
 * for the Gram matrix of a typical shop's purchases. */
#ifdef SEG_HAVE_OPENBLAS
#define INVERT_FLOPS 1.5e10
#else
#define INVERT_FLOPS 1.0e9
#endif
#define GRAM_SECONDS_PER_ITEM2 2e-9

#ifdef SEG_HAVE_OPENBLAS
#define WORKSPACE_BYTES ((size_t) 64 << 20)
#else
#define WORKSPACE_BYTES ((size_t) 0)
#endif

struct _SegEase
{
  size_t  n_items;
  double *weights;   /* B, n_items × n_items */
};

void
seg_ease_options_init (SegEaseOptions *options)
{
  options->lambda = 1000.0;
  options->max_items = 20000;
  options->memory_budget = (size_t) 4 << 30;
}

const char *
seg_ease_backend (void)
{
#ifdef SEG_HAVE_OPENBLAS
  return "OpenBLAS";
#else
  return "GSL";
#endif
}

void
seg_ease_estimate (size_t  n_items,
                   size_t *bytes,
                   double *seconds)
{
  double n = (double) n_items;

  /* One dense matrix, inverted in place, a column of its diagonal, and
   * the linear algebra's own work space. */
  if (bytes != NULL)
    *bytes = n_items * n_items * sizeof (double) + n_items * sizeof (double) + WORKSPACE_BYTES;
  /* Cholesky n³/3, inverse from the factor 2n³/3. */
  if (seconds != NULL)
    *seconds = n * n * n / INVERT_FLOPS + n * n * GRAM_SECONDS_PER_ITEM2;
}

SegEaseRefusal
seg_ease_check (size_t                n_items,
                const SegEaseOptions *options)
{
  SegEaseOptions defaults;
  size_t bytes;

  if (options == NULL)
    {
      seg_ease_options_init (&defaults);
      options = &defaults;
    }
  if (n_items > options->max_items)
    return SEG_EASE_TOO_MANY_ITEMS;
  /* Guard the square against overflow before estimating. */
  if (n_items > ((size_t) 1 << 31))
    return SEG_EASE_TOO_MUCH_MEMORY;
  seg_ease_estimate (n_items, &bytes, NULL);
  if (options->memory_budget > 0 && bytes > options->memory_budget)
    return SEG_EASE_TOO_MUCH_MEMORY;

  return SEG_EASE_FITS;
}

/*
 * The lower triangle (j ≤ i) of XᵀX + λI into the row-major g: row i
 * from the customers of item i, each adding its items j ≤ i. One thread
 * owns each row, so the sums do not depend on the threads.
 */
static int
gram_lower (const SegInteractions *train,
            double                 lambda,
            double                *g,
            const SegMonitor      *monitor)
{
  size_t n = train->n_items;
  SegStage stage;
  int stopped = 0;

  seg_stage_init (&stage, monitor, 0.0, 0.2, n);

#pragma omp parallel for schedule(dynamic, 16)
  for (size_t i = 0; i < n; i++)
    {
      double *row = g + i * n;
      int stop;

#pragma omp atomic read
      stop = stopped;
      if (stop)
        continue;
      memset (row, 0, (i + 1) * sizeof (double));
      for (int64_t c = train->col_ptr[i]; c < train->col_ptr[i + 1]; c++)
        {
          size_t u = train->col_users[c];
          double x = train->col_values[c];

          for (int64_t e = train->row_ptr[u]; e < train->row_ptr[u + 1]; e++)
            {
              size_t j = train->row_items[e];

              if (j > i)
                break;
              row[j] += x * train->row_values[e];
            }
        }
      row[i] += lambda;
      if (seg_stage_step (&stage, 1) != 0)
        {
#pragma omp atomic write
          stopped = 1;
        }
    }

  return stopped ? -1 : 0;
}

/* Inverts the symmetric positive definite g (lower triangle given,
 * row-major) in place into its full inverse. Returns 0 or -3 when the
 * matrix is not positive definite. */
static int
invert_spd (double *g,
            size_t  n)
{
#ifdef SEG_HAVE_OPENBLAS
  /* The row-major lower triangle is the column-major upper one. */
  int size = (int) n, info = 0;

  dpotrf_ ("U", &size, g, &size, &info);
  if (info != 0)
    return -3;
  dpotri_ ("U", &size, g, &size, &info);
  if (info != 0)
    return -3;
#else
  gsl_matrix_view view = gsl_matrix_view_array (g, n, n);
  gsl_error_handler_t *old = gsl_set_error_handler_off ();
  int status;

  status = gsl_linalg_cholesky_decomp1 (&view.matrix);
  if (status == GSL_SUCCESS)
    status = gsl_linalg_cholesky_invert (&view.matrix);
  gsl_set_error_handler (old);
  if (status != GSL_SUCCESS)
    return -3;
#endif

  /* Copy the lower triangle over the upper one. */
#pragma omp parallel for schedule(dynamic, 32)
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++)
      g[j * n + i] = g[i * n + j];

  return 0;
}

SegEase *
seg_ease_fit (const SegInteractions *train,
              const SegEaseOptions  *options,
              const SegMonitor      *monitor,
              int                   *rc)
{
  SegEaseOptions defaults;
  SegEase *model;
  double *diag;
  size_t n;
  int status;

  if (options == NULL)
    {
      seg_ease_options_init (&defaults);
      options = &defaults;
    }
  if (rc != NULL)
    *rc = -3;
  if (train == NULL || train->n_users == 0 || train->n_items == 0 ||
      !(options->lambda > 0.0) || !isfinite (options->lambda) ||
      seg_ease_check (train->n_items, options) != SEG_EASE_FITS)
    return NULL;
  for (size_t e = 0; e < train->nnz; e++)
    if (!isfinite (train->row_values[e]))
      return NULL;

  n = train->n_items;
  model = calloc (1, sizeof (SegEase));
  diag = malloc (n * sizeof (double));
  if (model != NULL)
    model->weights = malloc (n * n * sizeof (double));
  if (model == NULL || diag == NULL || model->weights == NULL)
    {
      free (diag);
      seg_ease_free (model);
      if (rc != NULL)
        *rc = -2;
      return NULL;
    }
  model->n_items = n;

  status = gram_lower (train, options->lambda, model->weights, monitor);
  if (status == 0 && seg_monitor_report (monitor, 0.2))
    status = -1;
  if (status == 0)
    status = invert_spd (model->weights, n);
  if (status == 0 && seg_monitor_report (monitor, 0.9))
    status = -1;
  if (status != 0)
    {
      free (diag);
      seg_ease_free (model);
      if (rc != NULL)
        *rc = status;
      return NULL;
    }

  /* B = I - P diagMat (1 / diag P): column j scaled by -1 / P[j][j]. */
  for (size_t j = 0; j < n; j++)
    diag[j] = -1.0 / model->weights[j * n + j];
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; i++)
    {
      double *row = model->weights + i * n;

      for (size_t j = 0; j < n; j++)
        row[j] *= diag[j];
      row[i] = 0.0;
    }
  free (diag);

  seg_monitor_report (monitor, 1.0);
  if (rc != NULL)
    *rc = 0;
  return model;
}

static void
ease_score (const void            *data,
            const SegInteractions *train,
            size_t                 user,
            double                *scores,
            void                  *scratch)
{
  const SegEase *model = data;
  size_t n = model->n_items;
  size_t m = train->n_items < n ? train->n_items : n;

  (void) scratch;
  if (m == n)
    {
      memset (scores, 0, n * sizeof (double));
      if (user < train->n_users)
        for (int64_t e = train->row_ptr[user]; e < train->row_ptr[user + 1]; e++)
          {
            size_t i = train->row_items[e];
            const double *row = model->weights + i * n;
            double x = train->row_values[e];

            if (i >= n)
              continue;
#pragma omp simd
            for (size_t j = 0; j < n; j++)
              scores[j] += x * row[j];
          }
    }
  else
    {
      /* A catalogue smaller than the model's: only its first m items. */
      memset (scores, 0, m * sizeof (double));
      if (user < train->n_users)
        for (int64_t e = train->row_ptr[user]; e < train->row_ptr[user + 1]; e++)
          {
            size_t i = train->row_items[e];

            for (size_t j = 0; j < m; j++)
              scores[j] += train->row_values[e] * model->weights[i * n + j];
          }
    }
  for (size_t j = m; j < train->n_items; j++)
    scores[j] = -INFINITY;
}

static double
ease_similarity (const void *data,
                 size_t      from,
                 size_t      to)
{
  const SegEase *model = data;

  if (from >= model->n_items || to >= model->n_items)
    return 0.0;

  return model->weights[from * model->n_items + to];
}

void
seg_ease_scorer (const SegEase *model,
                 SegScorer     *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = 0;
  scorer->score = ease_score;
  scorer->similarity = ease_similarity;
}

void
seg_ease_free (SegEase *model)
{
  if (model == NULL)
    return;
  free (model->weights);
  free (model);
}

size_t
seg_ease_n_items (const SegEase *model)
{
  return model->n_items;
}

const double *
seg_ease_weights (const SegEase *model)
{
  return model->weights;
}
