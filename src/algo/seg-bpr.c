/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-bpr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-kmeans.h"
#include "seg-vector-private.h"

/* Draws of a negative item before giving up on a step (a customer who
 * bought nearly everything). */
#define NEGATIVE_TRIES 32

struct _SegBpr
{
  size_t  n_users;
  size_t  n_items;
  size_t  factors;
  double *user_factors;
  double *item_factors;
  double *item_biases;
  double *item_norms;
};

void
seg_bpr_options_init (SegBprOptions *options)
{
  options->factors = 64;
  options->epochs = 40;
  options->learning_rate = 0.05;
  options->reg = 0.01;
  options->bias_reg = 0.01;
  options->seed = 42;
}

/* A uniform integer in [0, n) without modulo bias worth worrying about
 * (Lemire's multiply-shift). */
static inline size_t
draw (SegRng *rng,
      size_t  n)
{
  return (size_t) (((unsigned __int128) seg_rng_next (rng) * n) >> 64);
}

static int
row_has (const SegInteractions *train,
         size_t                 user,
         int32_t                item)
{
  int64_t lo = train->row_ptr[user], hi = train->row_ptr[user + 1];

  while (lo < hi)
    {
      int64_t mid = lo + (hi - lo) / 2;

      if (train->row_items[mid] < item)
        lo = mid + 1;
      else if (train->row_items[mid] > item)
        hi = mid;
      else
        return 1;
    }

  return 0;
}

void
seg_bpr_free (SegBpr *model)
{
  if (model == NULL)
    return;
  free (model->user_factors);
  free (model->item_factors);
  free (model->item_biases);
  free (model->item_norms);
  free (model);
}

SegBpr *
seg_bpr_fit (const SegInteractions *train,
             const SegBprOptions   *options,
             const SegMonitor      *monitor,
             int                   *rc)
{
  SegBprOptions defaults;
  SegBpr *model;
  int32_t *pair_users;
  double *step;
  SegRng rng;
  size_t k;
  double lr, reg, bias_reg;
  int status = 0;

  if (options == NULL)
    {
      seg_bpr_options_init (&defaults);
      options = &defaults;
    }
  if (rc != NULL)
    *rc = -3;
  if (train == NULL || train->n_users == 0 || train->n_items == 0 || train->nnz == 0 ||
      options->factors == 0 || options->factors > 4096 || options->epochs < 1 ||
      !(options->learning_rate > 0.0) || !isfinite (options->learning_rate) ||
      !(options->reg >= 0.0) || !isfinite (options->reg) ||
      !(options->bias_reg >= 0.0) || !isfinite (options->bias_reg))
    return NULL;

  k = options->factors;
  model = calloc (1, sizeof (SegBpr));
  pair_users = malloc (train->nnz * sizeof (int32_t));
  step = malloc (k * sizeof (double));
  if (model != NULL)
    {
      model->n_users = train->n_users;
      model->n_items = train->n_items;
      model->factors = k;
      model->user_factors = malloc (train->n_users * k * sizeof (double));
      model->item_factors = malloc (train->n_items * k * sizeof (double));
      model->item_biases = calloc (train->n_items, sizeof (double));
      model->item_norms = malloc (train->n_items * sizeof (double));
    }
  if (model == NULL || pair_users == NULL || step == NULL || model->user_factors == NULL ||
      model->item_factors == NULL || model->item_biases == NULL || model->item_norms == NULL)
    {
      free (pair_users);
      free (step);
      seg_bpr_free (model);
      if (rc != NULL)
        *rc = -2;
      return NULL;
    }

  /* Each pair's customer, to draw pairs uniformly. */
  for (size_t u = 0; u < train->n_users; u++)
    for (int64_t e = train->row_ptr[u]; e < train->row_ptr[u + 1]; e++)
      pair_users[e] = (int32_t) u;

  seg_rng_init (&rng, options->seed);
  {
    double scale = 0.1 / sqrt ((double) k);

    for (size_t a = 0; a < train->n_users * k; a++)
      model->user_factors[a] = (seg_rng_uniform (&rng) - 0.5) * scale;
    for (size_t a = 0; a < train->n_items * k; a++)
      model->item_factors[a] = (seg_rng_uniform (&rng) - 0.5) * scale;
  }

  lr = options->learning_rate;
  reg = options->reg;
  bias_reg = options->bias_reg;
  for (int epoch = 0; epoch < options->epochs && status == 0; epoch++)
    {
      for (size_t s = 0; s < train->nnz; s++)
        {
          size_t e = draw (&rng, train->nnz);
          size_t u = pair_users[e];
          size_t i = train->row_items[e];
          size_t j = 0;
          double *x, *yi, *yj;
          double diff, g;
          int tries;

          for (tries = 0; tries < NEGATIVE_TRIES; tries++)
            {
              j = draw (&rng, train->n_items);
              if (!row_has (train, u, (int32_t) j))
                break;
            }
          if (tries == NEGATIVE_TRIES)
            continue;

          x = model->user_factors + u * k;
          yi = model->item_factors + i * k;
          yj = model->item_factors + j * k;
          diff = model->item_biases[i] - model->item_biases[j];
          for (size_t a = 0; a < k; a++)
            step[a] = yi[a] - yj[a];
          diff += seg_vec_dot (x, step, k);
          /* d/dθ ln σ(diff) = σ(-diff) · d diff/dθ */
          g = 1.0 / (1.0 + exp (diff));

          model->item_biases[i] += lr * (g - bias_reg * model->item_biases[i]);
          model->item_biases[j] += lr * (-g - bias_reg * model->item_biases[j]);
          for (size_t a = 0; a < k; a++)
            {
              double xa = x[a];

              x[a] += lr * (g * step[a] - reg * xa);
              yi[a] += lr * (g * xa - reg * yi[a]);
              yj[a] += lr * (-g * xa - reg * yj[a]);
            }

          if ((s & 0xffff) == 0xffff &&
              seg_monitor_report (monitor, (epoch + (double) s / train->nnz) / options->epochs))
            {
              status = -1;
              break;
            }
        }
      if (status == 0 && seg_monitor_report (monitor, (epoch + 1.0) / options->epochs))
        status = -1;
    }

  free (pair_users);
  free (step);
  if (status != 0)
    {
      seg_bpr_free (model);
      if (rc != NULL)
        *rc = status;
      return NULL;
    }

  seg_rows_norms (model->item_factors, model->n_items, k, model->item_norms);
  if (rc != NULL)
    *rc = 0;
  return model;
}

static void
bpr_score (const void            *data,
           const SegInteractions *train,
           size_t                 user,
           double                *scores,
           void                  *scratch)
{
  const SegBpr *model = data;
  size_t k = model->factors;
  size_t n = train->n_items < model->n_items ? train->n_items : model->n_items;

  (void) scratch;
  if (user >= model->n_users)
    {
      memcpy (scores, model->item_biases, n * sizeof (double));
    }
  else
    {
      const double *x = model->user_factors + user * k;

      for (size_t i = 0; i < n; i++)
        scores[i] = model->item_biases[i] + seg_vec_dot (x, model->item_factors + i * k, k);
    }
  for (size_t i = n; i < train->n_items; i++)
    scores[i] = -INFINITY;
}

static double
bpr_similarity (const void *data,
                size_t      from,
                size_t      to)
{
  const SegBpr *model = data;

  return seg_rows_cosine (model->item_factors, model->item_norms, model->n_items, model->factors, from, to);
}

void
seg_bpr_scorer (const SegBpr *model,
                SegScorer    *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = 0;
  scorer->score = bpr_score;
  scorer->similarity = bpr_similarity;
}

size_t
seg_bpr_n_users (const SegBpr *model)
{
  return model->n_users;
}

size_t
seg_bpr_n_items (const SegBpr *model)
{
  return model->n_items;
}

size_t
seg_bpr_n_factors (const SegBpr *model)
{
  return model->factors;
}

const double *
seg_bpr_user_factors (const SegBpr *model)
{
  return model->user_factors;
}

const double *
seg_bpr_item_factors (const SegBpr *model)
{
  return model->item_factors;
}

const double *
seg_bpr_item_biases (const SegBpr *model)
{
  return model->item_biases;
}
