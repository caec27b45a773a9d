/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-interactions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  int32_t item;
  int32_t lines;
  double  sum;
} Entry;

static int
compare_entries (const void *a,
                 const void *b)
{
  const Entry *x = a, *y = b;

  return (x->item > y->item) - (x->item < y->item);
}

static double
weigh (const SegInteractionOptions *options,
       const Entry                 *entry)
{
  switch (options->weighting)
    {
    case SEG_WEIGHT_BINARY:
      return 1.0;
    case SEG_WEIGHT_COUNT:
      return entry->sum;
    case SEG_WEIGHT_LOG:
      return log1p (entry->sum);
    case SEG_WEIGHT_CONFIDENCE:
      return 1.0 + options->alpha * entry->sum;
    case SEG_WEIGHT_RATING:
    default:
      return entry->sum / entry->lines;
    }
}

/* Sorts one customer's events by item and merges each item's events into
 * one entry, dropping pairs whose net purchase is not positive. Returns
 * how many entries are left at the start of @row. */
static size_t
merge_row (Entry                       *row,
           size_t                       n,
           const SegInteractionOptions *options)
{
  size_t kept = 0;

  qsort (row, n, sizeof (Entry), compare_entries);
  for (size_t a = 0; a < n;)
    {
      Entry merged = row[a];
      size_t b = a + 1;

      for (; b < n && row[b].item == merged.item; b++)
        {
          merged.sum += row[b].sum;
          merged.lines += row[b].lines;
        }
      a = b;
      if (options->weighting != SEG_WEIGHT_RATING && !(merged.sum > 0.0))
        continue;
      merged.sum = weigh (options, &merged);
      row[kept++] = merged;
    }

  return kept;
}

SegInteractions *
seg_interactions_build (const int32_t               *users,
                        const int32_t               *items,
                        const double                *amounts,
                        const double                *times,
                        size_t                       n,
                        size_t                       n_users,
                        size_t                       n_items,
                        const SegInteractionOptions *options)
{
  SegInteractionOptions defaults = { SEG_WEIGHT_BINARY, 1.0, 0.0, 0.0 };
  int64_t *start = calloc (n_users + 1, sizeof (int64_t));
  int64_t *fill = NULL, *row_ptr = NULL;
  size_t *kept = NULL;
  Entry *entries = NULL;
  int32_t *row_items = NULL;
  double *row_values = NULL;
  size_t total = 0;

  if (options == NULL)
    options = &defaults;
  if (start == NULL)
    return NULL;

  for (size_t e = 0; e < n; e++)
    if (users[e] >= 0 && (size_t) users[e] < n_users && items[e] >= 0 && (size_t) items[e] < n_items
        && (amounts == NULL || !isnan (amounts[e])))
      start[users[e] + 1]++;
  for (size_t u = 0; u < n_users; u++)
    start[u + 1] += start[u];

  fill = malloc ((n_users + 1) * sizeof (int64_t));
  kept = malloc ((n_users + 1) * sizeof (size_t));
  entries = malloc (((size_t) start[n_users] + 1) * sizeof (Entry));
  if (fill == NULL || kept == NULL || entries == NULL)
    goto failed;
  memcpy (fill, start, (n_users + 1) * sizeof (int64_t));

  for (size_t e = 0; e < n; e++)
    {
      double amount = amounts != NULL ? amounts[e] : 1.0;
      Entry *entry;

      if (users[e] < 0 || (size_t) users[e] >= n_users || items[e] < 0 || (size_t) items[e] >= n_items
          || isnan (amount))
        continue;
      if (options->weighting != SEG_WEIGHT_RATING && options->half_life > 0.0 && times != NULL && !isnan (times[e]))
        amount *= exp2 (-(options->now - times[e]) / options->half_life);
      entry = &entries[fill[users[e]]++];
      entry->item = items[e];
      entry->lines = 1;
      entry->sum = amount;
    }

#pragma omp parallel for schedule(dynamic, 256)
  for (size_t u = 0; u < n_users; u++)
    kept[u] = merge_row (entries + start[u], (size_t) (start[u + 1] - start[u]), options);

  for (size_t u = 0; u < n_users; u++)
    total += kept[u];
  row_ptr = malloc ((n_users + 1) * sizeof (int64_t));
  row_items = malloc ((total + 1) * sizeof (int32_t));
  row_values = malloc ((total + 1) * sizeof (double));
  if (row_ptr == NULL || row_items == NULL || row_values == NULL)
    goto failed;
  row_ptr[0] = 0;
  for (size_t u = 0; u < n_users; u++)
    {
      row_ptr[u + 1] = row_ptr[u] + (int64_t) kept[u];
      for (size_t k = 0; k < kept[u]; k++)
        {
          row_items[row_ptr[u] + k] = entries[start[u] + k].item;
          row_values[row_ptr[u] + k] = entries[start[u] + k].sum;
        }
    }

  free (start);
  free (fill);
  free (kept);
  free (entries);
  return seg_interactions_new_from_csr (n_users, n_items, row_ptr, row_items, row_values);

failed:
  free (start);
  free (fill);
  free (kept);
  free (entries);
  free (row_ptr);
  free (row_items);
  free (row_values);
  return NULL;
}

SegInteractions *
seg_interactions_new_from_csr (size_t   n_users,
                               size_t   n_items,
                               int64_t *row_ptr,
                               int32_t *row_items,
                               double  *row_values)
{
  SegInteractions *matrix = calloc (1, sizeof (SegInteractions));
  size_t nnz = (size_t) row_ptr[n_users];
  int64_t *fill = NULL;

  if (matrix == NULL)
    goto failed;
  matrix->n_users = n_users;
  matrix->n_items = n_items;
  matrix->nnz = nnz;
  matrix->row_ptr = row_ptr;
  matrix->row_items = row_items;
  matrix->row_values = row_values;
  matrix->col_ptr = calloc (n_items + 1, sizeof (int64_t));
  matrix->col_users = malloc ((nnz + 1) * sizeof (int32_t));
  matrix->col_values = malloc ((nnz + 1) * sizeof (double));
  fill = malloc ((n_items + 1) * sizeof (int64_t));
  if (matrix->col_ptr == NULL || matrix->col_users == NULL || matrix->col_values == NULL || fill == NULL)
    {
      free (fill);
      seg_interactions_free (matrix);
      return NULL;
    }

  for (size_t k = 0; k < nnz; k++)
    matrix->col_ptr[row_items[k] + 1]++;
  for (size_t i = 0; i < n_items; i++)
    matrix->col_ptr[i + 1] += matrix->col_ptr[i];
  memcpy (fill, matrix->col_ptr, (n_items + 1) * sizeof (int64_t));
  /* Customers are visited in order, so each item's customers ascend. */
  for (size_t u = 0; u < n_users; u++)
    for (int64_t k = row_ptr[u]; k < row_ptr[u + 1]; k++)
      {
        int64_t at = fill[row_items[k]]++;

        matrix->col_users[at] = (int32_t) u;
        matrix->col_values[at] = row_values[k];
      }
  free (fill);

  return matrix;

failed:
  free (row_ptr);
  free (row_items);
  free (row_values);
  return NULL;
}

void
seg_interactions_free (SegInteractions *matrix)
{
  if (matrix == NULL)
    return;
  free (matrix->row_ptr);
  free (matrix->row_items);
  free (matrix->row_values);
  free (matrix->col_ptr);
  free (matrix->col_users);
  free (matrix->col_values);
  free (matrix);
}

static int64_t
find (const SegInteractions *matrix,
      size_t                 user,
      size_t                 item)
{
  int64_t lo, hi;

  if (user >= matrix->n_users)
    return -1;
  lo = matrix->row_ptr[user];
  hi = matrix->row_ptr[user + 1];
  while (lo < hi)
    {
      int64_t mid = lo + (hi - lo) / 2;

      if ((size_t) matrix->row_items[mid] < item)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo < matrix->row_ptr[user + 1] && (size_t) matrix->row_items[lo] == item ? lo : -1;
}

double
seg_interactions_get (const SegInteractions *matrix,
                      size_t                 user,
                      size_t                 item)
{
  int64_t at = find (matrix, user, item);

  return at >= 0 ? matrix->row_values[at] : 0.0;
}

int
seg_interactions_has (const SegInteractions *matrix,
                      size_t                 user,
                      size_t                 item)
{
  return find (matrix, user, item) >= 0;
}
