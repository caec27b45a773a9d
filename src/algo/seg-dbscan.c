/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-dbscan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Points are bucketed in a grid of cells eps wide over their first (up
 * to three) coordinates: all neighbours within eps lie in the 3^m cells
 * around a point's own, whatever the other coordinates. */
#define GRID_DIMS 3

typedef struct
{
  int64_t cell[GRID_DIMS];
  size_t  point;
} Entry;

typedef struct
{
  const double *x;
  size_t        n;
  size_t        d;
  size_t        m;     /* dimensions gridded */
  double        eps;
  Entry        *entries; /* sorted by cell */
} Grid;

static int
compare_cells (const int64_t *a,
               const int64_t *b,
               size_t         m)
{
  for (size_t j = 0; j < m; j++)
    if (a[j] != b[j])
      return a[j] < b[j] ? -1 : 1;

  return 0;
}

static int
compare_entries (const void *a,
                 const void *b)
{
  const Entry *ea = a;
  const Entry *eb = b;
  /* Unused grid dimensions are 0 in every entry. */
  int c = compare_cells (ea->cell, eb->cell, GRID_DIMS);

  if (c != 0)
    return c;
  return ea->point < eb->point ? -1 : ea->point > eb->point;
}

static void
grid_init (Grid         *grid,
           const double *x,
           size_t        n,
           size_t        d,
           double        eps)
{
  grid->x = x;
  grid->n = n;
  grid->d = d;
  grid->m = d < GRID_DIMS ? d : GRID_DIMS;
  grid->eps = eps;
  grid->entries = malloc (n * sizeof (Entry));

  for (size_t i = 0; i < n; i++)
    {
      memset (grid->entries[i].cell, 0, sizeof grid->entries[i].cell);
      for (size_t j = 0; j < grid->m; j++)
        grid->entries[i].cell[j] = (int64_t) floor (x[i * d + j] / eps);
      grid->entries[i].point = i;
    }

  qsort (grid->entries, n, sizeof (Entry), compare_entries);
}

/* The first entry of @cell, or n. */
static size_t
grid_find (const Grid    *grid,
           const int64_t *cell)
{
  size_t lo = 0, hi = grid->n;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (compare_cells (grid->entries[mid].cell, cell, grid->m) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Calls @visit for every point within eps of point @i, itself included;
 * returns how many there are. */
static size_t
grid_neighbours (const Grid *grid,
                 size_t      i,
                 void      (*visit) (size_t j, void *data),
                 void       *data)
{
  const double *p = grid->x + i * grid->d;
  double eps2 = grid->eps * grid->eps;
  int64_t base[GRID_DIMS] = { 0 };
  int64_t cell[GRID_DIMS] = { 0 };
  size_t combos = 1;
  size_t count = 0;

  for (size_t j = 0; j < grid->m; j++)
    {
      base[j] = (int64_t) floor (p[j] / grid->eps);
      combos *= 3;
    }

  for (size_t combo = 0; combo < combos; combo++)
    {
      size_t rest = combo;
      size_t at;

      for (size_t j = 0; j < grid->m; j++)
        {
          cell[j] = base[j] + (int64_t) (rest % 3) - 1;
          rest /= 3;
        }

      for (at = grid_find (grid, cell);
           at < grid->n && compare_cells (grid->entries[at].cell, cell, grid->m) == 0;
           at++)
        {
          size_t j = grid->entries[at].point;
          const double *q = grid->x + j * grid->d;
          double sum = 0.0;

          for (size_t c = 0; c < grid->d && sum <= eps2; c++)
            sum += (p[c] - q[c]) * (p[c] - q[c]);
          if (sum <= eps2)
            {
              count++;
              if (visit != NULL)
                visit (j, data);
            }
        }
    }

  return count;
}

typedef struct
{
  int32_t *labels;
  size_t  *stack;
  size_t   top;
} Expand;

static void
push_unlabelled (size_t  j,
                 void   *data)
{
  Expand *expand = data;

  if (expand->labels[j] == SEG_DBSCAN_NOISE)
    expand->stack[expand->top++] = j;
}

/**
 * seg_dbscan:
 * @eps: the neighbourhood radius
 * @min_points: how many points within @eps, the point itself counted,
 *   make a core point
 * @labels: n out: the cluster, or SEG_DBSCAN_NOISE
 * @is_core: (nullable): n out: 1 for core points
 * @n_clusters: (out): clusters found
 *
 * Clusters are grown from core points in the order of their first core
 * point, and a border point joins the first cluster that reaches it, so
 * the result matches scikit-learn's label for label.
 *
 * Returns: 0, or -1 when cancelled
 */
int
seg_dbscan (const double       *x,
            size_t              n,
            size_t              d,
            double              eps,
            size_t              min_points,
            int32_t            *labels,
            uint8_t            *is_core,
            size_t             *n_clusters,
            const volatile int *cancel)
{
  Grid grid;
  uint8_t *core = malloc (n ? n : 1);
  Expand expand;
  int32_t next = 0;

  grid_init (&grid, x, n, d, eps);

  for (size_t i = 0; i < n; i++)
    {
      if (cancel != NULL && (i & 1023) == 0 && *cancel)
        {
          free (grid.entries);
          free (core);
          return -1;
        }
      core[i] = grid_neighbours (&grid, i, NULL, NULL) >= min_points;
      labels[i] = SEG_DBSCAN_NOISE;
    }

  /* A point can be pushed once per core neighbour: n × n at worst, but
   * each push is of an unlabelled point, so growing as needed is enough. */
  expand.labels = labels;
  expand.stack = malloc ((n + 1) * sizeof (size_t));
  expand.top = 0;

  for (size_t start = 0; start < n; start++)
    {
      size_t i = start;

      if (labels[start] != SEG_DBSCAN_NOISE || !core[start])
        continue;

      for (;;)
        {
          if (labels[i] == SEG_DBSCAN_NOISE)
            {
              labels[i] = next;
              if (core[i])
                {
                  /* Make room for every neighbour before visiting. */
                  size_t count = grid_neighbours (&grid, i, NULL, NULL);
                  size_t *grown = realloc (expand.stack, (expand.top + count + 1) * sizeof (size_t));

                  expand.stack = grown;
                  grid_neighbours (&grid, i, push_unlabelled, &expand);
                }
            }
          if (expand.top == 0)
            break;
          i = expand.stack[--expand.top];
        }
      next++;
    }

  if (is_core != NULL)
    memcpy (is_core, core, n);
  *n_clusters = (size_t) next;

  free (expand.stack);
  free (grid.entries);
  free (core);
  return 0;
}

/* A k-d tree over point indices, for the k nearest neighbours. */
typedef struct
{
  const double *x;
  size_t        d;
  size_t       *index;  /* points, reordered into the tree */
} KdTree;

typedef struct
{
  double *best;   /* k squared distances, a max-heap */
  size_t  k;
  size_t  count;
} Heap;

static void
heap_offer (Heap   *heap,
            double  value)
{
  size_t i;

  if (heap->count < heap->k)
    {
      i = heap->count++;
      heap->best[i] = value;
      while (i > 0 && heap->best[(i - 1) / 2] < heap->best[i])
        {
          double t = heap->best[i];

          heap->best[i] = heap->best[(i - 1) / 2];
          heap->best[(i - 1) / 2] = t;
          i = (i - 1) / 2;
        }
      return;
    }

  if (value >= heap->best[0])
    return;

  heap->best[0] = value;
  i = 0;
  for (;;)
    {
      size_t l = 2 * i + 1, r = l + 1, m = i;

      if (l < heap->k && heap->best[l] > heap->best[m])
        m = l;
      if (r < heap->k && heap->best[r] > heap->best[m])
        m = r;
      if (m == i)
        break;
      {
        double t = heap->best[i];

        heap->best[i] = heap->best[m];
        heap->best[m] = t;
      }
      i = m;
    }
}

/* Reorders index[lo, hi) so that the median on @axis is at the middle. */
static void
select_median (KdTree *tree,
               size_t  lo,
               size_t  hi,
               size_t  axis)
{
  size_t k = lo + (hi - lo) / 2;

  while (hi - lo > 1)
    {
      double pivot = tree->x[tree->index[lo + (hi - lo) / 2] * tree->d + axis];
      size_t i = lo, j = hi - 1;

      while (i <= j)
        {
          while (tree->x[tree->index[i] * tree->d + axis] < pivot)
            i++;
          while (tree->x[tree->index[j] * tree->d + axis] > pivot)
            j--;
          if (i <= j)
            {
              size_t t = tree->index[i];

              tree->index[i] = tree->index[j];
              tree->index[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j + 1;
      else if (k >= i)
        lo = i;
      else
        break;
    }
}

static void
build (KdTree *tree,
       size_t  lo,
       size_t  hi,
       size_t  depth)
{
  if (hi - lo <= 1)
    return;
  select_median (tree, lo, hi, depth % tree->d);
  build (tree, lo, lo + (hi - lo) / 2, depth + 1);
  build (tree, lo + (hi - lo) / 2 + 1, hi, depth + 1);
}

static void
search (const KdTree *tree,
        size_t        lo,
        size_t        hi,
        size_t        depth,
        const double *p,
        Heap         *heap)
{
  size_t mid, axis;
  const double *q;
  double sum = 0.0, diff;

  if (hi <= lo)
    return;

  mid = lo + (hi - lo) / 2;
  axis = depth % tree->d;
  q = tree->x + tree->index[mid] * tree->d;
  for (size_t j = 0; j < tree->d; j++)
    sum += (p[j] - q[j]) * (p[j] - q[j]);
  heap_offer (heap, sum);

  diff = p[axis] - q[axis];
  if (diff < 0)
    {
      search (tree, lo, mid, depth + 1, p, heap);
      if (heap->count < heap->k || diff * diff < heap->best[0])
        search (tree, mid + 1, hi, depth + 1, p, heap);
    }
  else
    {
      search (tree, mid + 1, hi, depth + 1, p, heap);
      if (heap->count < heap->k || diff * diff < heap->best[0])
        search (tree, lo, mid, depth + 1, p, heap);
    }
}

/**
 * seg_k_distance:
 * @k: which neighbour, the point itself counted as the first (use the
 *   DBSCAN min_points)
 * @distances: n out: each point's distance to its k-th neighbour
 *
 * The curve that, sorted, helps to choose DBSCAN's eps.
 *
 * Returns: 0, -1 when cancelled, -2 when k is 0 or more than n
 */
int
seg_k_distance (const double       *x,
                size_t              n,
                size_t              d,
                size_t              k,
                double             *distances,
                const volatile int *cancel)
{
  KdTree tree = { x, d, malloc (n * sizeof (size_t)) };
  Heap heap = { malloc (k * sizeof (double)), k, 0 };

  if (k == 0 || k > n || d == 0)
    {
      free (tree.index);
      free (heap.best);
      return -2;
    }

  for (size_t i = 0; i < n; i++)
    tree.index[i] = i;
  build (&tree, 0, n, 0);

  for (size_t i = 0; i < n; i++)
    {
      if (cancel != NULL && (i & 1023) == 0 && *cancel)
        {
          free (tree.index);
          free (heap.best);
          return -1;
        }
      heap.count = 0;
      search (&tree, 0, n, 0, x + i * d, &heap);
      distances[i] = sqrt (heap.best[0]);
    }

  free (tree.index);
  free (heap.best);
  return 0;
}

/**
 * seg_knee:
 * @sorted: an increasing curve
 *
 * Returns: the index of the point farthest below the chord from the first
 *   to the last point, where the curve bends most
 */
size_t
seg_knee (const double *sorted,
          size_t        n)
{
  double best = -1.0;
  size_t knee = 0;
  double dy;

  if (n < 3)
    return n > 0 ? n - 1 : 0;

  dy = sorted[n - 1] - sorted[0];
  for (size_t i = 0; i < n; i++)
    {
      /* Both axes scaled to [0, 1]: the chord is the diagonal. */
      double fx = (double) i / (n - 1);
      double fy = dy > 0 ? (sorted[i] - sorted[0]) / dy : 0.0;
      double below = fx - fy;

      if (below > best)
        {
          best = below;
          knee = i;
        }
    }

  return knee;
}
