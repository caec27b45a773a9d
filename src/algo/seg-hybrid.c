/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-hybrid.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct _SegHybrid
{
  SegScorer collaborative;
  SegScorer content;
  size_t    n_items;
  double    weight;
  /* Offsets into the scratch: the content scores, then each part's own. */
  size_t    collaborative_scratch;
  size_t    content_scratch;
};

void
seg_hybrid_options_init (SegHybridOptions *options)
{
  options->content_weight = 0.5;
}

/* Rounds up to a multiple of 16 bytes, so each part's scratch is aligned
 * as malloc's would be. */
static size_t
aligned (size_t n)
{
  return (n + 15) & ~(size_t) 15;
}

SegHybrid *
seg_hybrid_new (const SegScorer        *collaborative,
                const SegScorer        *content,
                size_t                  n_items,
                const SegHybridOptions *options,
                int                    *rc)
{
  SegHybridOptions defaults;
  SegHybrid *model;

  if (options == NULL)
    {
      seg_hybrid_options_init (&defaults);
      options = &defaults;
    }
  *rc = 0;
  if (collaborative == NULL || content == NULL || collaborative->score == NULL || content->score == NULL
      || n_items == 0 || !(options->content_weight >= 0.0 && options->content_weight <= 1.0))
    {
      *rc = -3;
      return NULL;
    }
  model = calloc (1, sizeof (SegHybrid));
  if (model == NULL)
    {
      *rc = -2;
      return NULL;
    }
  model->collaborative = *collaborative;
  model->content = *content;
  model->n_items = n_items;
  model->weight = options->content_weight;
  model->collaborative_scratch = aligned (n_items * sizeof (double));
  model->content_scratch = model->collaborative_scratch + aligned (collaborative->scratch_bytes);

  return model;
}

void
seg_hybrid_free (SegHybrid *model)
{
  free (model);
}

double
seg_hybrid_content_weight (const SegHybrid *model)
{
  return model->weight;
}

/* One over the largest absolute finite value of @scores (1 when all are
 * 0), so that the largest becomes ±1. */
static double
scale_of (const double *scores,
          size_t        n)
{
  double largest = 0.0;

  for (size_t i = 0; i < n; i++)
    {
      double a = fabs (scores[i]);

      if (a > largest && a != INFINITY)
        largest = a;
    }

  return largest > 0.0 ? 1.0 / largest : 1.0;
}

/* Both parts, unweighted and not yet normalised: the collaborative one
 * into @scores, the content's into the head of @scratch; *scale and
 * *content_scale normalise them. */
static void
score_parts (const SegHybrid       *model,
             const SegInteractions *train,
             size_t                 user,
             double                *scores,
             char                  *scratch,
             double                *scale,
             double                *content_scale)
{
  double *content = (double *) scratch;

  model->collaborative.score (model->collaborative.model, train, user, scores,
                              scratch + model->collaborative_scratch);
  model->content.score (model->content.model, train, user, content,
                        scratch + model->content_scratch);
  *scale = scale_of (scores, train->n_items);
  *content_scale = scale_of (content, train->n_items);
}

/* A normalised part, 0 where the score is not finite. */
static inline double
part (double score,
      double scale)
{
  return isfinite (score) ? score * scale : 0.0;
}

static void
hybrid_score (const void            *data,
              const SegInteractions *train,
              size_t                 user,
              double                *scores,
              void                  *scratch)
{
  const SegHybrid *model = data;
  const double *content = scratch;
  double scale, content_scale, a, b;

  score_parts (model, train, user, scores, scratch, &scale, &content_scale);
  a = (1.0 - model->weight) * scale;
  b = model->weight * content_scale;
  for (size_t i = 0; i < train->n_items; i++)
    scores[i] = part (scores[i], a) + part (content[i], b);
}

static double
hybrid_similarity (const void *data,
                   size_t      from,
                   size_t      to)
{
  const SegHybrid *model = data;
  double a = 0.0, b = 0.0;

  if (model->collaborative.similarity != NULL)
    a = (1.0 - model->weight) * model->collaborative.similarity (model->collaborative.model, from, to);
  if (model->content.similarity != NULL)
    b = model->weight * model->content.similarity (model->content.model, from, to);

  return a >= b ? a : b;
}

void
seg_hybrid_scorer (const SegHybrid *model,
                   SegScorer       *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = model->content_scratch + aligned (model->content.scratch_bytes);
  scorer->score = hybrid_score;
  scorer->similarity = hybrid_similarity;
}

int
seg_hybrid_parts (const SegHybrid       *model,
                  const SegInteractions *train,
                  size_t                 user,
                  size_t                 item,
                  double                *collaborative,
                  double                *content)
{
  SegScorer scorer;
  double *scores, scale, content_scale;
  char *scratch;

  *collaborative = 0.0;
  *content = 0.0;
  if (item >= train->n_items)
    return 0;
  seg_hybrid_scorer (model, &scorer);
  scores = malloc ((train->n_items + 1) * sizeof (double));
  scratch = calloc (1, scorer.scratch_bytes + 16);
  if (scores == NULL || scratch == NULL)
    {
      free (scores);
      free (scratch);
      return -2;
    }
  score_parts (model, train, user, scores, scratch, &scale, &content_scale);
  *collaborative = part (scores[item], (1.0 - model->weight) * scale);
  *content = part (((double *) scratch)[item], model->weight * content_scale);
  free (scores);
  free (scratch);

  return 0;
}

int
seg_hybrid_choose_weight (SegHybrid             *model,
                          const SegInteractions *train,
                          const SegInteractions *validation,
                          size_t                 k,
                          const SegMonitor      *monitor,
                          double                *best_ndcg)
{
  SegScorer scorer;
  int32_t *rec_items;
  double *rec_scores;
  double best = -1.0, best_weight = model->weight;
  int rc = 0;

  if (k == 0)
    k = 10;
  rec_items = malloc (train->n_users * k * sizeof (int32_t) + 1);
  rec_scores = malloc (train->n_users * k * sizeof (double) + 1);
  if (rec_items == NULL || rec_scores == NULL)
    {
      free (rec_items);
      free (rec_scores);
      return -2;
    }

  for (int step = 0; step <= 10 && rc == 0; step++)
    {
      SegRankMetrics metrics;

      model->weight = step / 10.0;
      seg_hybrid_scorer (model, &scorer);
      rc = seg_recommend_top (&scorer, train, 0, k, rec_items, rec_scores, NULL);
      if (rc != 0)
        break;
      seg_rank_metrics (rec_items, k, validation, k, &metrics);
      if (metrics.ndcg > best)
        {
          best = metrics.ndcg;
          best_weight = model->weight;
        }
      if (seg_monitor_report (monitor, (step + 1) / 11.0))
        rc = -1;
    }

  model->weight = best_weight;
  if (best_ndcg != NULL)
    *best_ndcg = best;
  free (rec_items);
  free (rec_scores);

  return rc;
}
