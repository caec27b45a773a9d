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
