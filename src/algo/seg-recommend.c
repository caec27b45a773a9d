/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-recommend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-kmeans.h"

/* Whether score a at index i ranks before score b at index j. */
static inline int
ranks_before (double a,
              size_t i,
              double b,
              size_t j)
{
  return a > b || (a == b && i < j);
}

size_t
seg_top_scores (const double  *scores,
                size_t         n,
                const uint8_t *exclude,
                size_t         top,
                int32_t       *indices,
                double        *values)
{
  size_t picked = 0;

  if (top == 0)
    return 0;

  /* Insertion into a sorted list of at most @top: offers lists are short. */
  for (size_t i = 0; i < n; i++)
    {
      double s = scores[i];
      size_t at;

      if ((exclude != NULL && exclude[i]) || isnan (s) || s == -INFINITY)
        continue;
      if (picked == top && !ranks_before (s, i, values[top - 1], (size_t) indices[top - 1]))
        continue;
      at = picked < top ? picked++ : top - 1;
      while (at > 0 && ranks_before (s, i, values[at - 1], (size_t) indices[at - 1]))
        {
          values[at] = values[at - 1];
          indices[at] = indices[at - 1];
          at--;
        }
      values[at] = s;
      indices[at] = (int32_t) i;
    }

  return picked;
}

size_t
seg_recommend_top_one (const SegScorer       *scorer,
                       const SegInteractions *train,
                       size_t                 user,
                       int                    keep_bought,
                       size_t                 top,
                       double                *scores,
                       void                  *scratch,
                       int32_t               *rec_items,
                       double                *rec_scores)
{
  size_t picked;

  scorer->score (scorer->model, train, user, scores, scratch);
  if (!keep_bought && user < train->n_users)
    for (int64_t k = train->row_ptr[user]; k < train->row_ptr[user + 1]; k++)
      scores[train->row_items[k]] = -INFINITY;
  picked = seg_top_scores (scores, train->n_items, NULL, top, rec_items, rec_scores);
  for (size_t r = picked; r < top; r++)
    {
      rec_items[r] = -1;
      rec_scores[r] = 0.0;
    }

  return picked;
}

int
seg_recommend_top (const SegScorer       *scorer,
                   const SegInteractions *train,
                   int                    keep_bought,
                   size_t                 top,
                   int32_t               *rec_items,
                   double                *rec_scores,
                   const SegMonitor      *monitor)
{
  SegStage stage;
  int failed = 0;

  seg_stage_init (&stage, monitor, 0.0, 1.0, train->n_users);

#pragma omp parallel
  {
    double *scores = malloc ((train->n_items + 1) * sizeof (double));
    void *scratch = scorer->scratch_bytes > 0 ? calloc (1, scorer->scratch_bytes) : NULL;
    int mine_failed = scores == NULL || (scorer->scratch_bytes > 0 && scratch == NULL);

    if (mine_failed)
      {
#pragma omp atomic write
        failed = -2;
      }

#pragma omp for schedule(dynamic, 64)
    for (size_t u = 0; u < train->n_users; u++)
      {
        int stop;

#pragma omp atomic read
        stop = failed;
        if (stop != 0 || mine_failed)
          continue;
        seg_recommend_top_one (scorer, train, u, keep_bought, top, scores, scratch,
                               rec_items + u * top, rec_scores + u * top);
        if (seg_stage_step (&stage, 1) != 0)
          {
#pragma omp atomic write
            failed = -1;
          }
      }

    free (scores);
    free (scratch);
  }

  return failed;
}

size_t
seg_recommend_because (const SegScorer       *scorer,
                       const SegInteractions *train,
                       size_t                 user,
                       size_t                 item,
                       size_t                 max,
                       int32_t               *because)
{
  int64_t from, to;
  double *weights;
  size_t found;

  if (scorer->similarity == NULL || user >= train->n_users || max == 0)
    return 0;
  from = train->row_ptr[user];
  to = train->row_ptr[user + 1];
  weights = malloc ((size_t) (to - from + 1) * sizeof (double));
  if (weights == NULL)
    return 0;
  for (int64_t k = from; k < to; k++)
    {
      double w = train->row_values[k] * scorer->similarity (scorer->model, (size_t) train->row_items[k], item);

      weights[k - from] = (size_t) train->row_items[k] != item && w > 0.0 ? w : -INFINITY;
    }

  {
    double values[max];

    found = seg_top_scores (weights, (size_t) (to - from), NULL, max, because, values);
  }
  for (size_t f = 0; f < found; f++)
    because[f] = train->row_items[from + because[f]];
  free (weights);

  return found;
}

void
seg_rank_metrics (const int32_t         *rec_items,
                  size_t                 top,
                  const SegInteractions *test,
                  size_t                 k,
                  SegRankMetrics        *metrics)
{
  uint8_t *offered = calloc (test->n_items + 1, 1);
  double precision = 0, recall = 0, ndcg = 0, map = 0, hits = 0;
  size_t users = 0, distinct = 0;

  if (k > top)
    k = top;
  memset (metrics, 0, sizeof (*metrics));
  if (offered == NULL)
    return;

  for (size_t u = 0; u < test->n_users; u++)
    {
      size_t relevant = (size_t) (test->row_ptr[u + 1] - test->row_ptr[u]);
      size_t found = 0;
      double dcg = 0, ideal = 0, precisions = 0;

      for (size_t r = 0; r < k; r++)
        {
          int32_t item = rec_items[u * top + r];

          if (item < 0)
            break;
          if (!offered[item])
            {
              offered[item] = 1;
              distinct++;
            }
          if (relevant > 0 && seg_interactions_has (test, u, (size_t) item))
            {
              found++;
              dcg += 1.0 / log2 ((double) r + 2.0);
              precisions += (double) found / (double) (r + 1);
            }
        }
      if (relevant == 0)
        continue;

      for (size_t r = 0; r < k && r < relevant; r++)
        ideal += 1.0 / log2 ((double) r + 2.0);
      users++;
      precision += (double) found / (double) k;
      recall += (double) found / (double) relevant;
      ndcg += ideal > 0 ? dcg / ideal : 0.0;
      map += precisions / (double) (relevant < k ? relevant : k);
      hits += found > 0;
    }

  if (users > 0)
    {
      metrics->precision = precision / users;
      metrics->recall = recall / users;
      metrics->ndcg = ndcg / users;
      metrics->map = map / users;
      metrics->hit_rate = hits / users;
    }
  metrics->coverage = test->n_items > 0 ? (double) distinct / test->n_items : 0.0;
  metrics->users = users;
  free (offered);
}

void
seg_rating_errors (const double *predicted,
                   const double *truth,
                   size_t        n,
                   double       *rmse,
                   double       *mae)
{
  double squares = 0, absolutes = 0;

  for (size_t e = 0; e < n; e++)
    {
      double d = predicted[e] - truth[e];

      squares += d * d;
      absolutes += fabs (d);
    }
  *rmse = n > 0 ? sqrt (squares / n) : NAN;
  *mae = n > 0 ? absolutes / n : NAN;
}

/* The events in an order shuffled by @seed (Fisher–Yates). */
static size_t *
shuffled (size_t   n,
          uint64_t seed)
{
  size_t *order = malloc ((n + 1) * sizeof (size_t));
  SegRng rng;

  if (order == NULL)
    return NULL;
  seg_rng_init (&rng, seed);
  for (size_t e = 0; e < n; e++)
    order[e] = e;
  for (size_t e = n; e > 1; e--)
    {
      size_t j = (size_t) (seg_rng_next (&rng) % e);
      size_t t = order[e - 1];

      order[e - 1] = order[j];
      order[j] = t;
    }

  return order;
}

void
seg_split_kfold (size_t    n,
                 size_t    folds,
                 uint64_t  seed,
                 int32_t  *fold)
{
  size_t *order = shuffled (n, seed);

  if (folds == 0)
    folds = 1;
  for (size_t e = 0; e < n; e++)
    fold[order != NULL ? order[e] : e] = (int32_t) (e % folds);
  free (order);
}

void
seg_split_random (size_t    n,
                  double    fraction,
                  uint64_t  seed,
                  uint8_t  *test)
{
  size_t *order = shuffled (n, seed);
  size_t n_test = (size_t) llround (fraction * (double) n);

  memset (test, 0, n);
  for (size_t e = 0; e < n_test && e < n; e++)
    test[order != NULL ? order[e] : e] = 1;
  free (order);
}

typedef struct
{
  int32_t user;
  double  time;
  size_t  event;
} Stamp;

static int
compare_stamps (const void *a,
                const void *b)
{
  const Stamp *x = a, *y = b;

  if (x->user != y->user)
    return x->user < y->user ? -1 : 1;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return (x->event > y->event) - (x->event < y->event);
}

int
seg_split_last_n (const int32_t *users,
                  const double  *times,
                  size_t         n,
                  size_t         n_users,
                  size_t         last_n,
                  uint8_t       *test)
{
  Stamp *stamps = malloc ((n + 1) * sizeof (Stamp));

  if (stamps == NULL)
    return -2;
  memset (test, 0, n);
  for (size_t e = 0; e < n; e++)
    {
      stamps[e].user = users[e];
      stamps[e].time = times != NULL && !isnan (times[e]) ? times[e] : -INFINITY;
      stamps[e].event = e;
    }
  qsort (stamps, n, sizeof (Stamp), compare_stamps);

  /* Each customer's run of events ends with their latest. */
  for (size_t end = n; end > 0;)
    {
      size_t begin = end - 1;
      size_t take;

      while (begin > 0 && stamps[begin - 1].user == stamps[end - 1].user)
        begin--;
      if (stamps[begin].user >= 0 && (size_t) stamps[begin].user < n_users)
        {
          take = end - begin > last_n ? last_n : end - begin - 1;
          for (size_t t = 0; t < take; t++)
            test[stamps[end - 1 - t].event] = 1;
        }
      end = begin;
    }
  free (stamps);

  return 0;
}
