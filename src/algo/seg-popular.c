/* SPDX-License-Identifier: GPL-3.0-or-later */
/* qsort_r, which passes the counts to the comparison. */
#define _GNU_SOURCE
#include "seg-popular.h"

#include <stdlib.h>
#include <string.h>

/* The pairs grouped by user, as offsets into one array of items
 * (compressed rows): user u bought items[start[u] .. start[u + 1]). */
typedef struct
{
  size_t  *start;
  int32_t *items;
} ByUser;

static void
by_user_clear (ByUser *by_user)
{
  free (by_user->start);
  free (by_user->items);
}

static int
by_user_build (const int32_t *users,
               const int32_t *items,
               size_t         n,
               size_t         n_users,
               ByUser        *by_user)
{
  size_t *next;

  by_user->start = calloc (n_users + 1, sizeof (size_t));
  by_user->items = malloc ((n > 0 ? n : 1) * sizeof (int32_t));
  next = malloc ((n_users > 0 ? n_users : 1) * sizeof (size_t));
  if (by_user->start == NULL || by_user->items == NULL || next == NULL)
    {
      free (next);
      by_user_clear (by_user);
      return -2;
    }

  for (size_t i = 0; i < n; i++)
    by_user->start[users[i] + 1]++;
  for (size_t u = 0; u < n_users; u++)
    by_user->start[u + 1] += by_user->start[u];
  memcpy (next, by_user->start, n_users * sizeof (size_t));
  for (size_t i = 0; i < n; i++)
    by_user->items[next[users[i]]++] = items[i];

  free (next);
  return 0;
}

int
seg_popular_count (const int32_t    *users,
                   const int32_t    *items,
                   size_t            n,
                   size_t            n_users,
                   size_t            n_items,
                   double           *buyers,
                   const SegMonitor *monitor)
{
  ByUser by_user;
  int32_t *seen_by;
  SegStage stage;
  int rc;

  rc = by_user_build (users, items, n, n_users, &by_user);
  if (rc != 0)
    return rc;
  seen_by = malloc ((n_items > 0 ? n_items : 1) * sizeof (int32_t));
  if (seen_by == NULL)
    {
      by_user_clear (&by_user);
      return -2;
    }

  /* An item counts once per user however often it was bought: the last
   * user who counted it is remembered. */
  for (size_t j = 0; j < n_items; j++)
    {
      buyers[j] = 0.0;
      seen_by[j] = -1;
    }
  seg_stage_init (&stage, monitor, 0.0, 1.0, n_users);
  for (size_t u = 0; u < n_users; u++)
    {
      for (size_t p = by_user.start[u]; p < by_user.start[u + 1]; p++)
        {
          int32_t item = by_user.items[p];

          if (seen_by[item] != (int32_t) u)
            {
              seen_by[item] = (int32_t) u;
              buyers[item] += 1.0;
            }
        }
      if (seg_stage_step (&stage, 1) != 0)
        {
          rc = -1;
          break;
        }
    }

  free (seen_by);
  by_user_clear (&by_user);
  return rc;
}

static int
by_buyers_desc (const void *a,
                const void *b,
                void       *data)
{
  const double *sort_buyers = data;
  int32_t i = *(const int32_t *) a, j = *(const int32_t *) b;

  if (sort_buyers[i] != sort_buyers[j])
    return sort_buyers[i] > sort_buyers[j] ? -1 : 1;
  return (i > j) - (i < j);
}

int
seg_popular_recommend (const int32_t    *users,
                       const int32_t    *items,
                       size_t            n,
                       size_t            n_users,
                       size_t            n_items,
                       const double     *buyers,
                       size_t            top,
                       int32_t          *rec_items,
                       double           *rec_scores,
                       const SegMonitor *monitor)
{
  ByUser by_user;
  int32_t *order, *bought_by;
  SegStage stage;
  int rc;

  rc = by_user_build (users, items, n, n_users, &by_user);
  if (rc != 0)
    return rc;
  order = malloc ((n_items > 0 ? n_items : 1) * sizeof (int32_t));
  bought_by = malloc ((n_items > 0 ? n_items : 1) * sizeof (int32_t));
  if (order == NULL || bought_by == NULL)
    {
      free (order);
      free (bought_by);
      by_user_clear (&by_user);
      return -2;
    }

  /* One ranking serves every user: each walks it, passing over what they
   * bought, until their list is full. */
  for (size_t j = 0; j < n_items; j++)
    {
      order[j] = (int32_t) j;
      bought_by[j] = -1;
    }
  qsort_r (order, n_items, sizeof (int32_t), by_buyers_desc, (void *) buyers);

  seg_stage_init (&stage, monitor, 0.0, 1.0, n_users);
  for (size_t u = 0; u < n_users; u++)
    {
      int32_t *out_items = rec_items + u * top;
      double *out_scores = rec_scores + u * top;
      size_t found = 0;

      for (size_t p = by_user.start[u]; p < by_user.start[u + 1]; p++)
        bought_by[by_user.items[p]] = (int32_t) u;
      for (size_t r = 0; r < n_items && found < top; r++)
        if (bought_by[order[r]] != (int32_t) u && buyers[order[r]] > 0)
          {
            out_items[found] = order[r];
            out_scores[found] = buyers[order[r]];
            found++;
          }
      for (; found < top; found++)
        {
          out_items[found] = -1;
          out_scores[found] = 0.0;
        }
      if (seg_stage_step (&stage, 1) != 0)
        {
          rc = -1;
          break;
        }
    }

  free (order);
  free (bought_by);
  by_user_clear (&by_user);
  return rc;
}

struct _SegPopularity
{
  size_t         n_users;
  size_t         n_items;
  double        *share;        /* n_items: buyers / n_users */
  const int32_t *groups;       /* nullable, borrowed: by user */
  size_t         n_groups;
  double        *group_share;  /* n_groups × n_items */
};

void
seg_popularity_free (SegPopularity *model)
{
  if (model == NULL)
    return;
  free (model->share);
  free (model->group_share);
  free (model);
}

SegPopularity *
seg_popularity_fit (const SegInteractions *train,
                    const int32_t         *groups,
                    size_t                 n_groups,
                    const SegMonitor      *monitor,
                    int                   *rc)
{
  SegPopularity *model = calloc (1, sizeof (SegPopularity));
  size_t *sizes = NULL;
  SegStage stage;

  *rc = -2;
  if (model == NULL)
    return NULL;
  model->n_users = train->n_users;
  model->n_items = train->n_items;
  model->share = malloc ((train->n_items > 0 ? train->n_items : 1) * sizeof (double));
  if (model->share == NULL)
    goto fail;

  seg_stage_init (&stage, monitor, 0.0, 1.0, train->n_items + (groups != NULL ? train->n_users : 0));
  for (size_t i = 0; i < train->n_items; i++)
    {
      /* A count divided once, so that the share is exactly what a
       * spreadsheet would work out. */
      double buyers = (double) (train->col_ptr[i + 1] - train->col_ptr[i]);

      model->share[i] = buyers / (double) (train->n_users > 0 ? train->n_users : 1);
      if (seg_stage_step (&stage, 1))
        {
          *rc = -1;
          goto fail;
        }
    }

  if (groups != NULL)
    {
      model->groups = groups;
      model->n_groups = n_groups;
      model->group_share = calloc ((n_groups > 0 ? n_groups : 1) * (train->n_items > 0 ? train->n_items : 1),
                                   sizeof (double));
      sizes = calloc (n_groups > 0 ? n_groups : 1, sizeof (size_t));
      if (model->group_share == NULL || sizes == NULL)
        goto fail;
      for (size_t u = 0; u < train->n_users; u++)
        {
          int32_t g = groups[u];

          if (g < -1 || (g >= 0 && (size_t) g >= n_groups))
            {
              *rc = -3;
              goto fail;
            }
          if (g < 0)
            continue;
          sizes[g]++;
          for (int64_t p = train->row_ptr[u]; p < train->row_ptr[u + 1]; p++)
            model->group_share[(size_t) g * train->n_items + (size_t) train->row_items[p]] += 1.0;
          if (seg_stage_step (&stage, 1))
            {
              *rc = -1;
              goto fail;
            }
        }
      for (size_t g = 0; g < n_groups; g++)
        for (size_t i = 0; i < train->n_items && sizes[g] > 0; i++)
          model->group_share[g * train->n_items + i] /= (double) sizes[g];
    }

  free (sizes);
  *rc = 0;
  return model;

fail:
  free (sizes);
  seg_popularity_free (model);
  return NULL;
}

double
seg_popularity_share (const SegPopularity *model,
                      size_t               user,
                      size_t               item)
{
  if (model->groups != NULL && user < model->n_users && model->groups[user] >= 0)
    return model->group_share[(size_t) model->groups[user] * model->n_items + item];

  return model->share[item];
}

static void
popularity_score (const void            *data,
                  const SegInteractions *train,
                  size_t                 user,
                  double                *scores,
                  void                  *scratch)
{
  const SegPopularity *model = data;
  const double *row = model->share;

  if (model->groups != NULL && user < model->n_users && model->groups[user] >= 0)
    row = model->group_share + (size_t) model->groups[user] * model->n_items;
  memcpy (scores, row, model->n_items * sizeof (double));
}

void
seg_popularity_scorer (const SegPopularity *model,
                       SegScorer           *scorer)
{
  memset (scorer, 0, sizeof (*scorer));
  scorer->model = model;
  scorer->score = popularity_score;
}
