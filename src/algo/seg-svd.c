/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-svd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-kmeans.h"

/* Factors are floats in rows padded with zeros to a multiple of LANES,
 * so that every loop over them runs whole vectors with no remainder.
 * Padding stays zero: its gradient is zero. Dot products add LANES
 * partial sums in a fixed order, so the result does not depend on how
 * the compiler vectorises. */
#define LANES 8

static inline float
dot_lanes (const float *restrict a,
           const float *restrict b,
           size_t                n)
{
  float part[LANES] = { 0 };

  for (size_t f = 0; f < n; f += LANES)
    for (size_t l = 0; l < LANES; l++)
      part[l] += a[f + l] * b[f + l];

  return ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
}

struct _SegSvd
{
  size_t  n_users;
  size_t  n_items;
  size_t  k;
  size_t  stride;   /* k rounded up to a multiple of LANES, the rest zero */
  double  mean;
  double  min_rating;
  double  max_rating;
  double *bu;       /* n_users */
  double *bi;       /* n_items */
  float  *user;     /* n_users × stride: p_u, plus the implicit term for SVD++ */
  float  *item;     /* n_items × stride: q_i */
  double *norm;     /* n_items: |q_i| */
};

void
seg_svd_options_init_surprise (SegSvdOptions *options)
{
  memset (options, 0, sizeof (*options));
  options->implicit = 0;
  options->n_factors = 100;
  options->n_epochs = 20;
  options->init_mean = 0.0;
  options->init_std = 0.1;
  options->lr_bias = 0.005;
  options->lr_factors = 0.005;
  options->lr_implicit = 0.005;
  options->reg_bias = 0.02;
  options->reg_factors = 0.02;
  options->reg_implicit = 0.02;
  options->lr_decay = 1.0;
  options->seed = 42;
}

void
seg_svdpp_options_init_surprise (SegSvdOptions *options)
{
  seg_svd_options_init_surprise (options);
  options->implicit = 1;
  options->n_factors = 20;
  options->lr_bias = 0.007;
  options->lr_factors = 0.007;
  options->lr_implicit = 0.007;
}

void
seg_svd_options_init (SegSvdOptions *options)
{
  seg_svd_options_init_surprise (options);
  options->n_factors = 50;
  options->n_epochs = 50;
  options->reg_factors = 0.08;
}

void
seg_svdpp_options_init (SegSvdOptions *options)
{
  seg_svdpp_options_init_surprise (options);
  options->n_factors = 50;
  options->n_epochs = 60;
  options->reg_factors = 0.1;
  options->reg_implicit = 0.1;
}

void
seg_svd_free (SegSvd *model)
{
  if (model == NULL)
    return;
  free (model->bu);
  free (model->bi);
  free (model->user);
  free (model->item);
  free (model->norm);
  free (model);
}

/* A normal deviate (Box–Muller, one of the pair). */
static double
normal (SegRng *rng)
{
  double u1 = 1.0 - seg_rng_uniform (rng);
  double u2 = seg_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
}

static void
shuffle_sizes (size_t *v,
               size_t  n,
               SegRng *rng)
{
  for (size_t e = n; e > 1; e--)
    {
      size_t j = (size_t) (seg_rng_next (rng) % e);
      size_t t = v[e - 1];

      v[e - 1] = v[j];
      v[j] = t;
    }
}

static int
options_valid (const SegSvdOptions *o)
{
  return o->n_factors > 0 && o->n_factors <= 100000 &&
         isfinite (o->init_mean) && isfinite (o->init_std) && o->init_std >= 0 &&
         isfinite (o->lr_bias) && o->lr_bias >= 0 &&
         isfinite (o->lr_factors) && o->lr_factors >= 0 &&
         isfinite (o->lr_implicit) && o->lr_implicit >= 0 &&
         isfinite (o->reg_bias) && o->reg_bias >= 0 &&
         isfinite (o->reg_factors) && o->reg_factors >= 0 &&
         isfinite (o->reg_implicit) && o->reg_implicit >= 0 &&
         o->lr_decay > 0 && o->lr_decay <= 1;
}

/* One customer's ratings, in the order @order gives, biased MF. */
static void
epoch_user_svd (const SegInteractions *train,
                size_t                 u,
                const size_t          *order,
                size_t                 stride,
                double                 mean,
                double                 lr_b,
                float                  lr_f,
                double                 reg_b,
                float                  reg_f,
                double                *bu,
                double                *bi,
                float *restrict        p,
                float                 *q)
{
  int64_t from = train->row_ptr[u], to = train->row_ptr[u + 1];

  for (int64_t n = from; n < to; n++)
    {
      size_t at = order[n];
      size_t i = (size_t) train->row_items[at];
      float *restrict qi = q + i * stride;
      double err;
      float e;

      err = train->row_values[at] - (mean + bu[u] + bi[i] + dot_lanes (qi, p, stride));
      bu[u] += lr_b * (err - reg_b * bu[u]);
      bi[i] += lr_b * (err - reg_b * bi[i]);
      e = (float) err;
#pragma omp simd
      for (size_t f = 0; f < stride; f++)
        {
          float pf = p[f], qf = qi[f];

          p[f] = pf + lr_f * (e * qf - reg_f * pf);
          qi[f] = qf + lr_f * (e * pf - reg_f * qf);
        }
    }
}

/* One customer's ratings, SVD++. Every y_j of the customer's items goes
 * through y ← d·y + g_t at each rating t, with d = 1 − γ_y λ_y and g_t
 * the same vector for all j; so y_j = A·y_j⁰ + C with A = d^t and C
 * carried along, and the implicit term is (A·Σ y_j⁰ + |N(u)|·C) / √|N(u)|.
 * @sum, @carry and @implicit are scratch of @stride. */
static void
epoch_user_svdpp (const SegInteractions *train,
                  size_t                 u,
                  const size_t          *order,
                  size_t                 stride,
                  double                 mean,
                  double                 lr_b,
                  float                  lr_f,
                  float                  lr_y,
                  double                 reg_b,
                  float                  reg_f,
                  float                  reg_y,
                  double                *bu,
                  double                *bi,
                  float *restrict        p,
                  float                 *q,
                  float                 *y,
                  float *restrict        sum,
                  float *restrict        carry,
                  float *restrict        implicit)
{
  int64_t from = train->row_ptr[u], to = train->row_ptr[u + 1];
  float count = (float) (to - from);
  float root = sqrtf (count);
  float d = 1.0f - lr_y * reg_y;
  float a = 1.0f;

  if (to == from)
    return;
  memset (sum, 0, stride * sizeof (float));
  memset (carry, 0, stride * sizeof (float));
  for (int64_t n = from; n < to; n++)
    {
      const float *restrict yj = y + (size_t) train->row_items[n] * stride;

#pragma omp simd
      for (size_t f = 0; f < stride; f++)
        sum[f] += yj[f];
    }

  for (int64_t n = from; n < to; n++)
    {
      size_t at = order[n];
      size_t i = (size_t) train->row_items[at];
      float *restrict qi = q + i * stride;
      float scale = a / root, spread = count / root, e, step;
      double err;

#pragma omp simd
      for (size_t f = 0; f < stride; f++)
        implicit[f] = p[f] + scale * sum[f] + spread * carry[f];
      err = train->row_values[at] - (mean + bu[u] + bi[i] + dot_lanes (qi, implicit, stride));
      bu[u] += lr_b * (err - reg_b * bu[u]);
      bi[i] += lr_b * (err - reg_b * bi[i]);
      e = (float) err;
      step = lr_y * e / root;
#pragma omp simd
      for (size_t f = 0; f < stride; f++)
        {
          float pf = p[f], qf = qi[f];

          p[f] = pf + lr_f * (e * qf - reg_f * pf);
          qi[f] = qf + lr_f * (e * implicit[f] - reg_f * qf);
          carry[f] = d * carry[f] + step * qf;
        }
      a *= d;
    }

  for (int64_t n = from; n < to; n++)
    {
      float *restrict yj = y + (size_t) train->row_items[n] * stride;

#pragma omp simd
      for (size_t f = 0; f < stride; f++)
        yj[f] = a * yj[f] + carry[f];
    }
}

SegSvd *
seg_svd_fit (const SegInteractions *train,
             const SegSvdOptions   *options,
             const SegMonitor      *monitor,
             int                   *rc)
{
  SegSvd *model = NULL;
  size_t n_users, n_items, k, stride;
  size_t *order = NULL, *users = NULL;
  float *p = NULL, *y = NULL, *scratch = NULL;
  double lr_b, lr_f, lr_y, total = 0.0;
  SegStage stage;
  SegRng rng;
  int status = 0;

  *rc = 0;
  if (train == NULL || options == NULL || !options_valid (options) || train->nnz == 0)
    {
      *rc = -3;
      return NULL;
    }
  n_users = train->n_users;
  n_items = train->n_items;
  k = options->n_factors;
  stride = (k + LANES - 1) / LANES * LANES;

  model = calloc (1, sizeof (SegSvd));
  if (model == NULL)
    {
      *rc = -2;
      return NULL;
    }
  model->n_users = n_users;
  model->n_items = n_items;
  model->k = k;
  model->stride = stride;
  model->min_rating = INFINITY;
  model->max_rating = -INFINITY;
  for (size_t e = 0; e < train->nnz; e++)
    {
      double r = train->row_values[e];

      if (!isfinite (r))
        {
          seg_svd_free (model);
          *rc = -3;
          return NULL;
        }
      total += r;
      if (r < model->min_rating)
        model->min_rating = r;
      if (r > model->max_rating)
        model->max_rating = r;
    }
  model->mean = total / (double) train->nnz;

  model->bu = calloc (n_users + 1, sizeof (double));
  model->bi = calloc (n_items + 1, sizeof (double));
  model->user = calloc (n_users * stride + 1, sizeof (float));
  model->item = calloc (n_items * stride + 1, sizeof (float));
  model->norm = malloc ((n_items + 1) * sizeof (double));
  p = model->user;
  order = malloc ((train->nnz + 1) * sizeof (size_t));
  users = malloc ((n_users + 1) * sizeof (size_t));
  scratch = calloc (3 * stride + 1, sizeof (float));
  if (options->implicit)
    y = calloc (n_items * stride + 1, sizeof (float));
  if (model->bu == NULL || model->bi == NULL || model->user == NULL || model->item == NULL ||
      model->norm == NULL || order == NULL || users == NULL || scratch == NULL ||
      (options->implicit && y == NULL))
    {
      status = -2;
      goto out;
    }

  /* p, then q, then y, each row after row, as Surprise draws them. */
  seg_rng_init (&rng, options->seed);
  for (size_t e = 0; e < n_users * k; e++)
    p[e / k * stride + e % k] = (float) (options->init_mean + options->init_std * normal (&rng));
  for (size_t e = 0; e < n_items * k; e++)
    model->item[e / k * stride + e % k] = (float) (options->init_mean + options->init_std * normal (&rng));
  if (y != NULL)
    for (size_t e = 0; e < n_items * k; e++)
      y[e / k * stride + e % k] = (float) (options->init_mean + options->init_std * normal (&rng));

  for (size_t u = 0; u < n_users; u++)
    users[u] = u;
  for (size_t e = 0; e < train->nnz; e++)
    order[e] = e;

  lr_b = options->lr_bias;
  lr_f = options->lr_factors;
  lr_y = options->lr_implicit;
  seg_stage_init (&stage, monitor, 0.0, 1.0, options->n_epochs * train->nnz);
  for (size_t epoch = 0; epoch < options->n_epochs && status == 0; epoch++)
    {
      shuffle_sizes (users, n_users, &rng);
      for (size_t u = 0; u < n_users; u++)
        shuffle_sizes (order + train->row_ptr[u], (size_t) (train->row_ptr[u + 1] - train->row_ptr[u]), &rng);

      for (size_t t = 0; t < n_users; t++)
        {
          size_t u = users[t];

          if (y != NULL)
            epoch_user_svdpp (train, u, order, stride, model->mean, lr_b, (float) lr_f, (float) lr_y,
                              options->reg_bias, (float) options->reg_factors, (float) options->reg_implicit,
                              model->bu, model->bi, p + u * stride, model->item, y,
                              scratch, scratch + stride, scratch + 2 * stride);
          else
            epoch_user_svd (train, u, order, stride, model->mean, lr_b, (float) lr_f,
                            options->reg_bias, (float) options->reg_factors,
                            model->bu, model->bi, p + u * stride, model->item);
          if (seg_stage_step (&stage, (size_t) (train->row_ptr[u + 1] - train->row_ptr[u])) != 0)
            {
              status = -1;
              break;
            }
        }
      lr_b *= options->lr_decay;
      lr_f *= options->lr_decay;
      lr_y *= options->lr_decay;
    }
  if (status != 0)
    goto out;

  /* What prediction needs: for SVD++ the implicit term folded into each
   * customer's vector; no factors for customers or items without ratings. */
  for (size_t u = 0; u < n_users; u++)
    {
      float *pu = p + u * stride;
      int64_t from = train->row_ptr[u], to = train->row_ptr[u + 1];

      if (to == from)
        {
          memset (pu, 0, stride * sizeof (float));
          continue;
        }
      if (y != NULL)
        {
          float root = sqrtf ((float) (to - from));

          memset (scratch, 0, stride * sizeof (float));
          for (int64_t n = from; n < to; n++)
            {
              const float *yj = y + (size_t) train->row_items[n] * stride;

              for (size_t f = 0; f < stride; f++)
                scratch[f] += yj[f];
            }
          for (size_t f = 0; f < stride; f++)
            pu[f] += scratch[f] / root;
        }
    }
  for (size_t i = 0; i < n_items; i++)
    {
      float *qi = model->item + i * stride;

      if (train->col_ptr[i + 1] == train->col_ptr[i])
        memset (qi, 0, stride * sizeof (float));
      model->norm[i] = sqrt ((double) dot_lanes (qi, qi, stride));
    }

out:
  free (order);
  free (users);
  free (scratch);
  free (y);
  if (status != 0)
    {
      seg_svd_free (model);
      *rc = status;
      return NULL;
    }

  return model;
}

static inline double
raw_prediction (const SegSvd *model,
                size_t        user,
                size_t        item)
{
  double r = model->mean;

  if (user < model->n_users)
    r += model->bu[user];
  if (item < model->n_items)
    r += model->bi[item];
  if (user < model->n_users && item < model->n_items)
    {
      r += dot_lanes (model->user + user * model->stride, model->item + item * model->stride, model->stride);
    }

  return r;
}

double
seg_svd_predict (const SegSvd *model,
                 size_t        user,
                 size_t        item)
{
  double r = raw_prediction (model, user, item);

  if (r < model->min_rating)
    return model->min_rating;
  if (r > model->max_rating)
    return model->max_rating;
  return r;
}

void
seg_svd_predict_many (const SegSvd  *model,
                      const int32_t *users,
                      const int32_t *items,
                      size_t         n,
                      double        *predicted)
{
#pragma omp parallel for schedule(static) if (n > 100000)
  for (size_t e = 0; e < n; e++)
    predicted[e] = seg_svd_predict (model,
                                    users[e] < 0 ? SIZE_MAX : (size_t) users[e],
                                    items[e] < 0 ? SIZE_MAX : (size_t) items[e]);
}

static void
score_items (const void            *data,
             const SegInteractions *train,
             size_t                 user,
             double                *scores,
             void                  *scratch)
{
  const SegSvd *model = data;

  (void) train;
  (void) scratch;
  for (size_t i = 0; i < model->n_items; i++)
    scores[i] = raw_prediction (model, user, i);
}

static double
item_cosine (const void *data,
             size_t      from,
             size_t      to)
{
  const SegSvd *model = data;
  double dot;

  if (from >= model->n_items || to >= model->n_items ||
      model->norm[from] == 0.0 || model->norm[to] == 0.0)
    return 0.0;
  dot = dot_lanes (model->item + from * model->stride, model->item + to * model->stride, model->stride);

  return dot / (model->norm[from] * model->norm[to]);
}

void
seg_svd_scorer (const SegSvd *model,
                SegScorer    *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = 0;
  scorer->score = score_items;
  scorer->similarity = item_cosine;
}
