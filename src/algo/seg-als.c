/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-als.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-kmeans.h"
#include "seg-vector-private.h"

/* Rows of the fixed side summed per block for its Gram matrix: a fixed
 * number, so the order of the additions does not depend on the threads. */
#define GRAM_BLOCK 512

/* Relative residual at which a fold-in stops early. */
#define FOLD_IN_TOLERANCE 1e-10

/* Items scored together: the item factors are also kept in panels of
 * PANEL items, factor by factor, so that one customer's scores for a
 * panel are PANEL / 4 vector sums side by side. */
#define PREFETCH_AHEAD 4

#define PANEL 32   /* the kernel below keeps PANEL / 4 = 8 sums */

struct _SegAls
{
  size_t  n_users;
  size_t  n_items;
  size_t  factors;
  double  lambda;
  double *user_factors;   /* n_users × factors */
  double *item_factors;   /* n_items × factors */
  double *item_norms;     /* n_items */
  double *item_gram;      /* YᵀY, factors × factors */
  double *item_panels;    /* ⌈n_items / PANEL⌉ panels of factors × PANEL */
};

/* One side of the matrix: row r has idx[ptr[r] .. ptr[r + 1]) with values. */
typedef struct
{
  size_t         n_rows;
  const int64_t *ptr;
  const int32_t *idx;
  const double  *val;
} Side;

void
seg_als_options_init (SegAlsOptions *options)
{
  options->factors = 64;
  options->iterations = 15;
  options->lambda = 80.0;
  options->cg_steps = 3;
  options->seed = 42;
}

/* gram = FᵀF + lambda I for F of n × k, summed in fixed blocks. */
SEG_VEC_CLONES static int
gram_matrix (const double *f,
             size_t        n,
             size_t        k,
             double        lambda,
             double       *gram)
{
  size_t n_blocks = (n + GRAM_BLOCK - 1) / GRAM_BLOCK;
  double *partial;

  if (n_blocks == 0)
    n_blocks = 1;
  partial = calloc (n_blocks * k * k, sizeof (double));
  if (partial == NULL)
    return -2;

#pragma omp parallel for schedule(dynamic, 1)
  for (size_t b = 0; b < n_blocks; b++)
    {
      double *g = partial + b * k * k;
      size_t end = (b + 1) * GRAM_BLOCK < n ? (b + 1) * GRAM_BLOCK : n;

      for (size_t r = b * GRAM_BLOCK; r < end; r++)
        {
          const double *row = f + r * k;

          for (size_t a = 0; a < k; a++)
            seg_vec_axpy (row[a], row + a, g + a * k + a, k - a);
        }
    }

  for (size_t a = 0; a < k; a++)
    for (size_t c = a; c < k; c++)
      {
        double sum = 0.0;

        for (size_t b = 0; b < n_blocks; b++)
          sum += partial[b * k * k + a * k + c];
        gram[a * k + c] = sum;
        gram[c * k + a] = sum;
      }
  for (size_t a = 0; a < k; a++)
    gram[a * k + a] += lambda;

  free (partial);
  return 0;
}

/* Asks for the factors of the row's entry @ahead places on, which are
 * far apart in memory, while the current ones are used. */
static inline void
prefetch_ahead (const Side   *side,
                int64_t       e,
                int64_t       end,
                const double *fixed,
                size_t        k)
{
  if (e + PREFETCH_AHEAD < end)
    {
      const char *next = (const char *) (fixed + (size_t) side->idx[e + PREFETCH_AHEAD] * k);

      for (size_t b = 0; b < k * sizeof (double); b += 64)
        __builtin_prefetch (next + b);
    }
}

/* out = A v where A = gram + sum over the row of (c - 1) y yᵀ. */
static inline void
apply_system (const double *gram,
              const Side   *side,
              size_t        row,
              const double *fixed,
              size_t        n_fixed,
              size_t        k,
              const double *v,
              double       *out)
{
  for (size_t a = 0; a < k; a++)
    out[a] = seg_vec_dot (gram + a * k, v, k);
  for (int64_t e = side->ptr[row]; e < side->ptr[row + 1]; e++)
    {
      size_t j = side->idx[e];
      const double *y;

      prefetch_ahead (side, e, side->ptr[row + 1], fixed, k);
      if (j >= n_fixed)
        continue;
      y = fixed + j * k;
      seg_vec_axpy ((side->val[e] - 1.0) * seg_vec_dot (y, v, k), y, out, k);
    }
}

/*
 * Conjugate gradient on one row's system, from the current x: at most
 * @steps steps, stopping early once |r| ≤ tolerance · |b|. @work holds
 * 3 k doubles.
 */
SEG_VEC_CLONES static void
solve_row (const double *gram,
           const Side   *side,
           size_t        row,
           const double *fixed,
           size_t        n_fixed,
           size_t        k,
           int           steps,
           double        tolerance,
           double       *x,
           double       *work)
{
  double *r = work, *p = work + k, *ap = work + 2 * k;
  double rs, b_norm2 = 0.0, limit;

  if (side->ptr[row] == side->ptr[row + 1])
    {
      /* Nothing bought: the solution is zero. */
      memset (x, 0, k * sizeof (double));
      return;
    }

  /* r = b - A x, with b = sum of c y. */
  for (size_t a = 0; a < k; a++)
    r[a] = -seg_vec_dot (gram + a * k, x, k);
  memset (p, 0, k * sizeof (double));
  for (int64_t e = side->ptr[row]; e < side->ptr[row + 1]; e++)
    {
      size_t j = side->idx[e];
      double c = side->val[e];
      const double *y;

      prefetch_ahead (side, e, side->ptr[row + 1], fixed, k);
      if (j >= n_fixed)
        continue;
      y = fixed + j * k;
      seg_vec_axpy (c - (c - 1.0) * seg_vec_dot (y, x, k), y, r, k);
      if (tolerance > 0.0)
        seg_vec_axpy (c, y, p, k);
    }
  if (tolerance > 0.0)
    b_norm2 = seg_vec_dot (p, p, k);
  limit = tolerance * tolerance * b_norm2;

  memcpy (p, r, k * sizeof (double));
  rs = seg_vec_dot (r, r, k);
  for (int s = 0; s < steps && rs > limit && rs > 0.0; s++)
    {
      double pap, alpha, rs_new;

      apply_system (gram, side, row, fixed, n_fixed, k, p, ap);
      pap = seg_vec_dot (p, ap, k);
      if (!(pap > 0.0))
        break;
      alpha = rs / pap;
      seg_vec_axpy (alpha, p, x, k);
      seg_vec_axpy (-alpha, ap, r, k);
      rs_new = seg_vec_dot (r, r, k);
      for (size_t a = 0; a < k; a++)
        p[a] = r[a] + (rs_new / rs) * p[a];
      rs = rs_new;
    }
}

/* Solves every row of @side against @fixed; returns 0 or -1 (cancelled). */
static int
solve_side (const Side   *side,
            const double *fixed,
            size_t        n_fixed,
            const double *gram,
            size_t        k,
            int           steps,
            double       *factors,
            SegStage     *stage)
{
  int stopped = 0;

#pragma omp parallel
  {
    double work[3 * k];

#pragma omp for schedule(dynamic, 64)
    for (size_t r = 0; r < side->n_rows; r++)
      {
        int stop;

#pragma omp atomic read
        stop = stopped;
        if (stop)
          continue;
        solve_row (gram, side, r, fixed, n_fixed, k, steps, 0.0, factors + r * k, work);
        if ((r & 63) == 63 && seg_stage_step (stage, 64) != 0)
          {
#pragma omp atomic write
            stopped = 1;
          }
      }
  }

  return stopped ? -1 : 0;
}

/* Small random starting factors, one stream per row. */
static void
init_factors (double   *f,
              size_t    n,
              size_t    k,
              uint64_t  seed)
{
  double scale = 0.1 / sqrt ((double) k);

#pragma omp parallel for schedule(static)
  for (size_t r = 0; r < n; r++)
    {
      SegRng rng;

      seg_rng_init (&rng, seed ^ (0x2545f4914f6cdd1dULL * (r + 1)));
      for (size_t a = 0; a < k; a++)
        f[r * k + a] = (seg_rng_uniform (&rng) - 0.5) * scale;
    }
}

static int
values_valid (const SegInteractions *train)
{
  for (size_t e = 0; e < train->nnz; e++)
    if (!isfinite (train->row_values[e]) || !(train->row_values[e] > 0.0))
      return 0;

  return 1;
}

static int
build_panels (SegAls *model)
{
  size_t k = model->factors;
  size_t n_panels = (model->n_items + PANEL - 1) / PANEL;

  model->item_panels = calloc (n_panels * k * PANEL, sizeof (double));
  if (model->item_panels == NULL)
    return -2;
  for (size_t i = 0; i < model->n_items; i++)
    {
      double *panel = model->item_panels + (i / PANEL) * k * PANEL;

      for (size_t a = 0; a < k; a++)
        panel[a * PANEL + i % PANEL] = model->item_factors[i * k + a];
    }

  return 0;
}

static void
compute_item_norms (SegAls *model)
{
  seg_rows_norms (model->item_factors, model->n_items, model->factors, model->item_norms);
}

SegAls *
seg_als_fit (const SegInteractions *train,
             const SegAlsOptions   *options,
             const SegMonitor      *monitor,
             int                   *rc)
{
  SegAls *model;
  SegAlsOptions defaults;
  Side users, items;
  double *gram;
  SegStage stage;
  size_t k;
  int status = 0;

  if (options == NULL)
    {
      seg_als_options_init (&defaults);
      options = &defaults;
    }
  if (rc != NULL)
    *rc = -3;
  if (train == NULL || train->n_users == 0 || train->n_items == 0 ||
      options->factors == 0 || options->factors > 4096 ||
      !(options->lambda >= 0.0) || !isfinite (options->lambda) ||
      options->iterations < 1 || options->cg_steps < 1 ||
      !values_valid (train))
    return NULL;

  k = options->factors;
  model = calloc (1, sizeof (SegAls));
  gram = malloc (k * k * sizeof (double));
  if (model != NULL)
    {
      model->n_users = train->n_users;
      model->n_items = train->n_items;
      model->factors = k;
      model->lambda = options->lambda;
      model->user_factors = malloc (train->n_users * k * sizeof (double));
      model->item_factors = malloc (train->n_items * k * sizeof (double));
      model->item_norms = malloc (train->n_items * sizeof (double));
      model->item_gram = malloc (k * k * sizeof (double));
    }
  if (model == NULL || gram == NULL || model->user_factors == NULL ||
      model->item_factors == NULL || model->item_norms == NULL || model->item_gram == NULL)
    {
      free (gram);
      seg_als_free (model);
      if (rc != NULL)
        *rc = -2;
      return NULL;
    }

  init_factors (model->user_factors, train->n_users, k, options->seed);
  init_factors (model->item_factors, train->n_items, k, options->seed + 0x632be59bd9b4e019ULL);

  users = (Side) { train->n_users, train->row_ptr, train->row_items, train->row_values };
  items = (Side) { train->n_items, train->col_ptr, train->col_users, train->col_values };
  seg_stage_init (&stage, monitor, 0.0, 1.0,
                  (size_t) options->iterations * (train->n_users + train->n_items));

  for (int it = 0; it < options->iterations && status == 0; it++)
    {
      status = gram_matrix (model->user_factors, train->n_users, k, options->lambda, gram);
      if (status == 0)
        status = solve_side (&items, model->user_factors, train->n_users, gram, k,
                             options->cg_steps, model->item_factors, &stage);
      if (status == 0)
        status = gram_matrix (model->item_factors, train->n_items, k, options->lambda, gram);
      if (status == 0)
        status = solve_side (&users, model->item_factors, train->n_items, gram, k,
                             options->cg_steps, model->user_factors, &stage);
      if (status == 0 && seg_monitor_report (monitor, (it + 1.0) / options->iterations))
        status = -1;
    }

  if (status == 0)
    status = gram_matrix (model->item_factors, train->n_items, k, options->lambda,
                          model->item_gram);
  free (gram);
  if (status != 0)
    {
      seg_als_free (model);
      if (rc != NULL)
        *rc = status;
      return NULL;
    }

  compute_item_norms (model);
  if (build_panels (model) != 0)
    {
      seg_als_free (model);
      if (rc != NULL)
        *rc = -2;
      return NULL;
    }
  if (rc != NULL)
    *rc = 0;
  return model;
}

int
seg_als_fold_in (SegAls                *model,
                 const SegInteractions *train,
                 const size_t          *users,
                 size_t                 n)
{
  size_t k = model->factors;
  Side side;

  if (train == NULL || (n > 0 && users == NULL))
    return -3;
  for (size_t q = 0; q < n; q++)
    {
      if (users[q] >= train->n_users)
        return -3;
      for (int64_t e = train->row_ptr[users[q]]; e < train->row_ptr[users[q] + 1]; e++)
        if (!isfinite (train->row_values[e]) || !(train->row_values[e] > 0.0))
          return -3;
    }

  if (train->n_users > model->n_users)
    {
      double *grown = realloc (model->user_factors, train->n_users * k * sizeof (double));

      if (grown == NULL)
        return -2;
      memset (grown + model->n_users * k, 0,
              (train->n_users - model->n_users) * k * sizeof (double));
      model->user_factors = grown;
      model->n_users = train->n_users;
    }

  side = (Side) { train->n_users, train->row_ptr, train->row_items, train->row_values };

#pragma omp parallel if (n > 64)
  {
    double work[3 * k];

#pragma omp for schedule(dynamic, 16)
    for (size_t q = 0; q < n; q++)
      solve_row (model->item_gram, &side, users[q], model->item_factors, model->n_items, k,
                 (int) (2 * k + 10), FOLD_IN_TOLERANCE,
                 model->user_factors + users[q] * k, work);
  }

  return 0;
}

/* scores[u][i] = x_u · y_i for @count customers' factors @x and the first
 * n items, a panel at a time, each panel used for every customer while it
 * is in the cache. scores[u] starts at scores + u * stride. */
SEG_VEC_CLONES static void
score_panels (const double *panels,
              size_t        n,
              size_t        k,
              const double *x,
              size_t        count,
              double       *scores,
              size_t        stride)
{
  for (size_t p = 0; p * PANEL < n; p++)
    {
      const double *panel = panels + p * k * PANEL;
      size_t m = n - p * PANEL < PANEL ? n - p * PANEL : PANEL;

      for (size_t u = 0; u < count; u++)
        {
          const double *xu = x + u * k;
          SegV4 a0 = { 0 }, a1 = { 0 }, a2 = { 0 }, a3 = { 0 };
          SegV4 a4 = { 0 }, a5 = { 0 }, a6 = { 0 }, a7 = { 0 };
          double out[PANEL];

          /* Eight accumulators in registers, one per four items. */
          for (size_t a = 0; a < k; a++)
            {
              const double *row = panel + a * PANEL;
              SegV4 xa = { xu[a], xu[a], xu[a], xu[a] };

              a0 += xa * seg_v4_load (row);
              a1 += xa * seg_v4_load (row + 4);
              a2 += xa * seg_v4_load (row + 8);
              a3 += xa * seg_v4_load (row + 12);
              a4 += xa * seg_v4_load (row + 16);
              a5 += xa * seg_v4_load (row + 20);
              a6 += xa * seg_v4_load (row + 24);
              a7 += xa * seg_v4_load (row + 28);
            }
          memcpy (out, &a0, sizeof a0);
          memcpy (out + 4, &a1, sizeof a1);
          memcpy (out + 8, &a2, sizeof a2);
          memcpy (out + 12, &a3, sizeof a3);
          memcpy (out + 16, &a4, sizeof a4);
          memcpy (out + 20, &a5, sizeof a5);
          memcpy (out + 24, &a6, sizeof a6);
          memcpy (out + 28, &a7, sizeof a7);
          memcpy (scores + u * stride + p * PANEL, out, m * sizeof (double));
        }
    }
}

/*
 * A thread's scratch: the scores of BLOCK consecutive customers, computed
 * together when the first of them is asked for, so that the item factors
 * are read once per block rather than once per customer. The scores are
 * the same whichever way they are computed.
 */
#define BLOCK 8

typedef struct
{
  const SegAls *owner;   /* the model whose scores these are, so that a
                            scratch never filled is never read */
  size_t        first;
  size_t        count;
  size_t        n;
  double        scores[];
} ScoreCache;

static void
als_score (const void            *data,
           const SegInteractions *train,
           size_t                 user,
           double                *scores,
           void                  *scratch)
{
  const SegAls *model = data;
  ScoreCache *cache = scratch;
  size_t n = train->n_items < model->n_items ? train->n_items : model->n_items;
  size_t k = model->factors;

  if (user >= model->n_users)
    {
      memset (scores, 0, n * sizeof (double));
    }
  else if (cache == NULL)
    {
      score_panels (model->item_panels, n, k, model->user_factors + user * k, 1, scores, n);
    }
  else
    {
      if (cache->owner != model || cache->n != n ||
          user < cache->first || user >= cache->first + cache->count)
        {
          size_t count = model->n_users - user < BLOCK ? model->n_users - user : BLOCK;

          score_panels (model->item_panels, n, k, model->user_factors + user * k, count,
                        cache->scores, model->n_items);
          cache->owner = model;
          cache->first = user;
          cache->count = count;
          cache->n = n;
        }
      memcpy (scores, cache->scores + (user - cache->first) * model->n_items,
              n * sizeof (double));
    }
  for (size_t i = n; i < train->n_items; i++)
    scores[i] = -INFINITY;
}

static double
als_similarity (const void *data,
                size_t      from,
                size_t      to)
{
  const SegAls *model = data;

  return seg_rows_cosine (model->item_factors, model->item_norms, model->n_items, model->factors, from, to);
}

void
seg_als_scorer (const SegAls *model,
                SegScorer    *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = sizeof (ScoreCache) + BLOCK * model->n_items * sizeof (double);
  scorer->score = als_score;
  scorer->similarity = als_similarity;
}

SegAls *
seg_als_new_from_items (size_t        n_items,
                        size_t        factors,
                        const double *item_factors,
                        double        lambda,
                        int          *rc)
{
  SegAls *model;
  int status;

  if (rc != NULL)
    *rc = -3;
  if (n_items == 0 || factors == 0 || factors > 4096 || item_factors == NULL ||
      !(lambda >= 0.0) || !isfinite (lambda))
    return NULL;
  for (size_t v = 0; v < n_items * factors; v++)
    if (!isfinite (item_factors[v]))
      return NULL;

  model = calloc (1, sizeof (SegAls));
  if (model != NULL)
    {
      model->n_items = n_items;
      model->factors = factors;
      model->lambda = lambda;
      model->item_factors = malloc (n_items * factors * sizeof (double));
      model->item_norms = malloc (n_items * sizeof (double));
      model->item_gram = malloc (factors * factors * sizeof (double));
    }
  if (model == NULL || model->item_factors == NULL || model->item_norms == NULL ||
      model->item_gram == NULL)
    {
      seg_als_free (model);
      if (rc != NULL)
        *rc = -2;
      return NULL;
    }
  memcpy (model->item_factors, item_factors, n_items * factors * sizeof (double));
  status = gram_matrix (model->item_factors, n_items, factors, lambda, model->item_gram);
  if (status == 0)
    status = build_panels (model);
  if (status != 0)
    {
      seg_als_free (model);
      if (rc != NULL)
        *rc = status;
      return NULL;
    }
  compute_item_norms (model);
  if (rc != NULL)
    *rc = 0;

  return model;
}

void
seg_als_free (SegAls *model)
{
  if (model == NULL)
    return;
  free (model->user_factors);
  free (model->item_factors);
  free (model->item_norms);
  free (model->item_gram);
  free (model->item_panels);
  free (model);
}

size_t
seg_als_n_users (const SegAls *model)
{
  return model->n_users;
}

size_t
seg_als_n_items (const SegAls *model)
{
  return model->n_items;
}

size_t
seg_als_n_factors (const SegAls *model)
{
  return model->factors;
}

const double *
seg_als_user_factors (const SegAls *model)
{
  return model->user_factors;
}

const double *
seg_als_item_factors (const SegAls *model)
{
  return model->item_factors;
}
