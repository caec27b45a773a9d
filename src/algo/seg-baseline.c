/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-baseline.h"

#include <math.h>
#include <stdlib.h>

struct _SegBaseline
{
  size_t  n_users;
  size_t  n_items;
  double  mean;
  double  rating_min;
  double  rating_max;
  double *user_bias;
  double *item_bias;
};

void
seg_baseline_options_init (SegBaselineOptions *options)
{
  options->reg_item = 10.0;
  options->reg_user = 15.0;
  options->n_epochs = 10;
  options->rating_min = 0.0;
  options->rating_max = 0.0;
}

void
seg_baseline_free (SegBaseline *model)
{
  if (model == NULL)
    return;
  free (model->user_bias);
  free (model->item_bias);
  free (model);
}

SegBaseline *
seg_baseline_fit (const SegInteractions    *train,
                  const SegBaselineOptions *options,
                  const SegMonitor         *monitor,
                  int                      *rc)
{
  SegBaselineOptions defaults;
  SegBaseline *model;
  double sum = 0.0, lo = INFINITY, hi = -INFINITY;

  if (options == NULL)
    {
      seg_baseline_options_init (&defaults);
      options = &defaults;
    }
  *rc = 0;
  if (train == NULL || train->nnz == 0 || !(options->reg_item >= 0) || !(options->reg_user >= 0)
      || options->rating_min > options->rating_max)
    {
      *rc = -3;
      return NULL;
    }
  for (size_t e = 0; e < train->nnz; e++)
    {
      double r = train->row_values[e];

      if (!isfinite (r))
        {
          *rc = -3;
          return NULL;
        }
      sum += r;
      lo = r < lo ? r : lo;
      hi = r > hi ? r : hi;
    }

  model = calloc (1, sizeof (SegBaseline));
  if (model == NULL)
    {
      *rc = -2;
      return NULL;
    }
  model->n_users = train->n_users;
  model->n_items = train->n_items;
  model->mean = sum / (double) train->nnz;
  if (options->rating_min == 0.0 && options->rating_max == 0.0)
    {
      model->rating_min = lo;
      model->rating_max = hi;
    }
  else
    {
      model->rating_min = options->rating_min;
      model->rating_max = options->rating_max;
    }
  model->user_bias = calloc (train->n_users + 1, sizeof (double));
  model->item_bias = calloc (train->n_items + 1, sizeof (double));
  if (model->user_bias == NULL || model->item_bias == NULL)
    {
      seg_baseline_free (model);
      *rc = -2;
      return NULL;
    }

  /* Each bias depends only on the other side's biases of the epoch, so
   * both halves of an epoch may share the cores without changing a bit. */
  for (size_t epoch = 0; epoch < options->n_epochs; epoch++)
    {
      const double mu = model->mean;
      double *bu = model->user_bias, *bi = model->item_bias;

#pragma omp parallel for schedule(static)
      for (size_t i = 0; i < train->n_items; i++)
        {
          double dev = 0.0;

          for (int64_t k = train->col_ptr[i]; k < train->col_ptr[i + 1]; k++)
            dev += train->col_values[k] - mu - bu[train->col_users[k]];
          bi[i] = dev / (options->reg_item + (double) (train->col_ptr[i + 1] - train->col_ptr[i]));
        }

#pragma omp parallel for schedule(static)
      for (size_t u = 0; u < train->n_users; u++)
        {
          double dev = 0.0;

          for (int64_t k = train->row_ptr[u]; k < train->row_ptr[u + 1]; k++)
            dev += train->row_values[k] - mu - bi[train->row_items[k]];
          bu[u] = dev / (options->reg_user + (double) (train->row_ptr[u + 1] - train->row_ptr[u]));
        }

      if (seg_monitor_report (monitor, (double) (epoch + 1) / (double) options->n_epochs))
        {
          seg_baseline_free (model);
          *rc = -1;
          return NULL;
        }
    }

  return model;
}

double
seg_baseline_global_mean (const SegBaseline *model)
{
  return model->mean;
}

double
seg_baseline_user_bias (const SegBaseline *model,
                        size_t             user)
{
  return user < model->n_users ? model->user_bias[user] : 0.0;
}

double
seg_baseline_item_bias (const SegBaseline *model,
                        size_t             item)
{
  return item < model->n_items ? model->item_bias[item] : 0.0;
}

void
seg_baseline_range (const SegBaseline *model,
                    double            *rating_min,
                    double            *rating_max)
{
  *rating_min = model->rating_min;
  *rating_max = model->rating_max;
}

double
seg_baseline_estimate (const SegBaseline *model,
                       size_t             user,
                       size_t             item)
{
  return model->mean + seg_baseline_user_bias (model, user) + seg_baseline_item_bias (model, item);
}

double
seg_baseline_predict (const SegBaseline *model,
                      size_t             user,
                      size_t             item)
{
  double r = seg_baseline_estimate (model, user, item);

  return r < model->rating_min ? model->rating_min : r > model->rating_max ? model->rating_max : r;
}

static void
baseline_score (const void            *model,
                const SegInteractions *train,
                size_t                 user,
                double                *scores,
                void                  *scratch)
{
  const SegBaseline *self = model;

  (void) scratch;
  for (size_t i = 0; i < train->n_items; i++)
    scores[i] = seg_baseline_predict (self, user, i);
}

void
seg_baseline_scorer (const SegBaseline *model,
                     SegScorer         *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = 0;
  scorer->score = baseline_score;
  scorer->similarity = NULL;
}
