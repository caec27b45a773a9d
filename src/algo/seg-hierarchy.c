/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-hierarchy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Index of the pair i < j in the condensed upper triangle. */
static inline size_t
pair (size_t n,
      size_t i,
      size_t j)
{
  if (i > j)
    {
      size_t t = i;

      i = j;
      j = t;
    }

  return n * i - i * (i + 1) / 2 + j - i - 1;
}

size_t
seg_hierarchy_bytes (size_t n)
{
  return n < 2 ? 0 : n * (n - 1) / 2 * sizeof (double);
}

/* Lance-Williams: the distance from cluster i to the union of x and y,
 * in the form SciPy uses for each linkage. */
static inline double
update (SegLinkage linkage,
        double     d_xi,
        double     d_yi,
        double     d_xy,
        double     size_x,
        double     size_y,
        double     size_i)
{
  switch (linkage)
    {
    case SEG_LINKAGE_WARD:
      {
        double t = size_x + size_y + size_i;

        return sqrt (((size_x + size_i) * d_xi * d_xi +
                      (size_y + size_i) * d_yi * d_yi -
                      size_i * d_xy * d_xy) / t);
      }
    case SEG_LINKAGE_AVERAGE:
      return (size_x * d_xi + size_y * d_yi) / (size_x + size_y);
    case SEG_LINKAGE_COMPLETE:
      return d_xi > d_yi ? d_xi : d_yi;
    case SEG_LINKAGE_SINGLE:
    default:
      return d_xi < d_yi ? d_xi : d_yi;
    }
}

static int
compare_height (const void *a,
                const void *b)
{
  const SegMerge *ma = a;
  const SegMerge *mb = b;

  if (ma->height != mb->height)
    return ma->height < mb->height ? -1 : 1;
  /* Keep the order the merges were found in: qsort is not stable. */
  return ma->size < mb->size ? -1 : ma->size > mb->size;
}

static int64_t
find (int64_t *parent,
      int64_t  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }

  return i;
}

/**
 * seg_hierarchy_build:
 * @merges: n − 1 merges out, by height, numbered as SciPy numbers them
 *
 * Agglomerative clustering with the nearest-neighbour chain, exact for the
 * four linkages (they are all reducible), in O(n²) time and n(n−1)/2
 * doubles of memory.
 *
 * Returns: 0; -1 when cancelled; -2 when the distances would take more
 *   than SEG_HIERARCHY_MAX_BYTES
 */
int
seg_hierarchy_build (const double       *x,
                     size_t              n,
                     size_t              d,
                     SegLinkage          linkage,
                     SegMerge           *merges,
                     const volatile int *cancel)
{
  double *dist;
  double *size;
  size_t *chain;
  int64_t *parent;
  int64_t *id;
  size_t chain_len = 0;

  if (n < 2)
    return 0;
  if (seg_hierarchy_bytes (n) > SEG_HIERARCHY_MAX_BYTES)
    return -2;

  dist = malloc (seg_hierarchy_bytes (n));
  if (dist == NULL)
    return -2;
  size = malloc (n * sizeof (double));
  chain = malloc (n * sizeof (size_t));

  for (size_t i = 0; i < n; i++)
    {
      size[i] = 1;
      for (size_t j = i + 1; j < n; j++)
        {
          double sum = 0.0;

          for (size_t c = 0; c < d; c++)
            sum += (x[i * d + c] - x[j * d + c]) * (x[i * d + c] - x[j * d + c]);
          dist[pair (n, i, j)] = sqrt (sum);
        }
    }

  for (size_t m = 0; m < n - 1; m++)
    {
      size_t a, b;
      double best = INFINITY;

      if (cancel != NULL && *cancel)
        {
          free (dist);
          free (size);
          free (chain);
          return -1;
        }

      if (chain_len == 0)
        {
          for (size_t i = 0; i < n; i++)
            if (size[i] > 0)
              {
                chain[chain_len++] = i;
                break;
              }
        }

      for (;;)
        {
          size_t top = chain[chain_len - 1];
          size_t next = 0;

          if (chain_len > 1)
            {
              next = chain[chain_len - 2];
              best = dist[pair (n, top, next)];
            }
          else
            best = INFINITY;

          for (size_t i = 0; i < n; i++)
            {
              if (size[i] == 0 || i == top)
                continue;
              if (dist[pair (n, top, i)] < best)
                {
                  best = dist[pair (n, top, i)];
                  next = i;
                }
            }

          if (chain_len > 1 && next == chain[chain_len - 2])
            break;
          chain[chain_len++] = next;
        }

      a = chain[--chain_len];
      b = chain[--chain_len];
      if (a > b)
        {
          size_t t = a;

          a = b;
          b = t;
        }

      merges[m].a = (int64_t) a;
      merges[m].b = (int64_t) b;
      merges[m].height = best;
      merges[m].size = (int64_t) m;   /* the order found, for the sort */

      /* The union lives on at b; a is gone. */
      for (size_t i = 0; i < n; i++)
        {
          if (size[i] == 0 || i == a || i == b)
            continue;
          dist[pair (n, i, b)] = update (linkage, dist[pair (n, i, a)], dist[pair (n, i, b)],
                                         best, size[a], size[b], size[i]);
        }
      size[b] += size[a];
      size[a] = 0;
    }

  free (dist);
  free (size);
  free (chain);

  /* Sort by height and number the clusters as SciPy's linkage does. */
  qsort (merges, n - 1, sizeof (SegMerge), compare_height);
  parent = malloc ((2 * n - 1) * sizeof (int64_t));
  id = malloc (n * sizeof (int64_t));
  for (size_t i = 0; i < 2 * n - 1; i++)
    parent[i] = (int64_t) i;
  for (size_t i = 0; i < n; i++)
    id[i] = 1;

  {
    int64_t *count = calloc (2 * n - 1, sizeof (int64_t));

    for (size_t i = 0; i < n; i++)
      count[i] = 1;
    for (size_t m = 0; m < n - 1; m++)
      {
        int64_t ra = find (parent, merges[m].a);
        int64_t rb = find (parent, merges[m].b);
        int64_t made = (int64_t) (n + m);

        merges[m].a = ra < rb ? ra : rb;
        merges[m].b = ra < rb ? rb : ra;
        count[made] = count[ra] + count[rb];
        merges[m].size = count[made];
        parent[ra] = made;
        parent[rb] = made;
      }
    free (count);
  }

  free (parent);
  free (id);
  return 0;
}

/**
 * seg_hierarchy_cut:
 * @labels: n labels out, from 0, numbered by first appearance
 *
 * Cuts the dendrogram into @k clusters by undoing its last k − 1 merges.
 */
void
seg_hierarchy_cut (const SegMerge *merges,
                   size_t          n,
                   size_t          k,
                   int32_t        *labels)
{
  int64_t *parent = malloc ((2 * n - 1) * sizeof (int64_t));
  int32_t *number = malloc ((2 * n - 1) * sizeof (int32_t));
  int32_t next = 0;

  for (size_t i = 0; i < 2 * n - 1; i++)
    {
      parent[i] = (int64_t) i;
      number[i] = -1;
    }
  for (size_t m = 0; m + k < n; m++)
    {
      parent[merges[m].a] = (int64_t) (n + m);
      parent[merges[m].b] = (int64_t) (n + m);
    }
  for (size_t i = 0; i < n; i++)
    {
      int64_t root = find (parent, (int64_t) i);

      if (number[root] < 0)
        number[root] = next++;
      labels[i] = number[root];
    }

  free (parent);
  free (number);
}
