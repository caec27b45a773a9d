/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-dbscan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Points are bucketed in a grid of cells eps wide (a hair wider, see
 * CELL_MARGIN) over their first (up to three) coordinates: all
 * neighbours within eps lie in the 3^m cells around a point's own,
 * whatever the other coordinates. Cells are numbered row-major, so that
 * of those 3^m cells the three along the last gridded coordinate have
 * consecutive numbers, and once the points are sorted by cell, 3^(m-1)
 * runs of consecutive points hold every candidate neighbour: no lookups
 * while scanning, and the scan reads memory in order. */
#define GRID_DIMS 3

/* Cells are this much wider than eps, so that rounding in computing the
 * cells of two points within eps can never put them two cells apart. The
 * rounding grows with the cell numbers, and MAX_CELLS_PER_DIM keeps it
 * well below the margin; a coordinate that would need more cells, or a
 * grid that would need more than MAX_CELLS, is left out of the grid. */
#define CELL_MARGIN 1e-6
#define MAX_CELLS_PER_DIM ((double) (1 << 30))
#define MAX_CELLS ((uint64_t) 1 << 62)

typedef struct
{
  size_t  n;
  size_t  d;
  double  eps2;
  double *xs;          /* n × d coordinates, in cell order */
  size_t *order;       /* the point at each position in cell order */
  size_t  n_cells;
  size_t *cell_start;  /* n_cells + 1 positions */
  size_t  n_runs;      /* runs of neighbouring cells around each cell */
  size_t *runs;        /* n_cells × n_runs [start, end) positions */
} Grid;

/* Like GLib's allocators, which the callers use: running out of memory
 * is not something to recover from here. */
static void *
xmalloc (size_t bytes)
{
  void *p = malloc (bytes > 0 ? bytes : 1);

  if (p == NULL)
    abort ();

  return p;
}

/* Chooses how many leading coordinates to grid and how to number the
 * cells; returns that count, and in *n_keys the number of cell numbers.
 * Each gridded coordinate has one spare cell at either end, so that the
 * cells around any occupied one have numbers without wrapping. */
static size_t
grid_plan (const double *x,
           size_t        n,
           size_t        d,
           double        width,
           double       *lo,
           uint64_t     *stride,
           uint64_t     *n_keys)
{
  size_t m = d < GRID_DIMS ? d : GRID_DIMS;
  double hi[GRID_DIMS];
  uint64_t cells[GRID_DIMS];
  uint64_t total = 1;

  *n_keys = 1;
  if (n == 0 || !(width > 0) || !isfinite (width))
    return 0;

  for (size_t j = 0; j < m; j++)
    {
      lo[j] = INFINITY;
      hi[j] = -INFINITY;
    }
  /* Points with a coordinate that is not finite are left out of the
   * bounds; grid_init sets them apart. */
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      {
        double v = x[i * d + j];

        if (isfinite (v))
          {
            lo[j] = v < lo[j] ? v : lo[j];
            hi[j] = v > hi[j] ? v : hi[j];
          }
      }

  for (size_t j = 0; j < m; j++)
    {
      double span;

      if (lo[j] > hi[j])
        lo[j] = hi[j] = 0;
      span = (hi[j] - lo[j]) / width;
      if (!(span < MAX_CELLS_PER_DIM))
        {
          m = j;
          break;
        }
      cells[j] = (uint64_t) floor (span) + 3;
      if (total > MAX_CELLS / cells[j])
        {
          m = j;
          break;
        }
      total *= cells[j];
    }

  for (size_t j = m; j-- > 0;)
    stride[j] = j + 1 == m ? 1 : stride[j + 1] * cells[j + 1];
  *n_keys = total;

  return m;
}

/* Sorts @index by @key, stably, a byte at a time from the lowest. */
static void
sort_by_key (uint64_t *key,
             size_t   *index,
             size_t    n,
             uint64_t  max_key)
{
  uint64_t *key_from = key, *key_to = xmalloc (n * sizeof (uint64_t));
  size_t *index_from = index, *index_to = xmalloc (n * sizeof (size_t));

  for (unsigned shift = 0; shift < 64 && (max_key >> shift) > 0; shift += 8)
    {
      size_t count[257] = { 0 };

      for (size_t i = 0; i < n; i++)
        count[((key_from[i] >> shift) & 255) + 1]++;
      for (size_t b = 0; b < 256; b++)
        count[b + 1] += count[b];
      for (size_t i = 0; i < n; i++)
        {
          size_t at = count[(key_from[i] >> shift) & 255]++;

          key_to[at] = key_from[i];
          index_to[at] = index_from[i];
        }

      {
        uint64_t *k = key_from;
        size_t *s = index_from;

        key_from = key_to;
        key_to = k;
        index_from = index_to;
        index_to = s;
      }
    }

  if (key_from != key)
    {
      memcpy (key, key_from, n * sizeof (uint64_t));
      memcpy (index, index_from, n * sizeof (size_t));
      key_to = key_from;
      index_to = index_from;
    }
  free (key_to);
  free (index_to);
}

/* The first of @n sorted keys that is at least @key, or n. */
static size_t
lower_bound (const uint64_t *keys,
             size_t          n,
             uint64_t        key)
{
  size_t lo = 0, hi = n;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (keys[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static void
grid_init (Grid         *grid,
           const double *x,
           size_t        n,
           size_t        d,
           double        eps)
{
  double width = eps * (1.0 + CELL_MARGIN);
  double lo[GRID_DIMS];
  uint64_t stride[GRID_DIMS];
  uint64_t apart;
  size_t m = grid_plan (x, n, d, width, lo, stride, &apart);
  uint64_t *key = xmalloc (n * sizeof (uint64_t));
  uint64_t *cell_key;
  uint64_t max_key = 0;

  grid->n = n;
  grid->d = d;
  grid->eps2 = eps * eps;
  grid->order = xmalloc (n * sizeof (size_t));

  for (size_t i = 0; i < n; i++)
    {
      key[i] = 0;
      for (size_t j = 0; j < m; j++)
        {
          double v = x[i * d + j];

          /* Nothing is within eps of a point with an infinite or NaN
           * coordinate, not even itself: such points get a cell of
           * their own, the number after the last, with no neighbours. */
          if (!isfinite (v))
            {
              key[i] = apart;
              break;
            }
          key[i] += ((uint64_t) floor ((v - lo[j]) / width) + 1) * stride[j];
        }
      max_key = key[i] > max_key ? key[i] : max_key;
      grid->order[i] = i;
    }
  sort_by_key (key, grid->order, n, max_key);

  grid->xs = xmalloc (n * d * sizeof (double));
  for (size_t s = 0; s < n; s++)
    memcpy (grid->xs + s * d, x + grid->order[s] * d, d * sizeof (double));

  grid->cell_start = xmalloc ((n + 1) * sizeof (size_t));
  cell_key = xmalloc (n * sizeof (uint64_t));
  grid->n_cells = 0;
  for (size_t s = 0; s < n; s++)
    if (s == 0 || key[s] != key[s - 1])
      {
        grid->cell_start[grid->n_cells] = s;
        cell_key[grid->n_cells++] = key[s];
      }
  grid->cell_start[grid->n_cells] = n;
  free (key);

  grid->n_runs = 1;
  for (size_t j = 0; j + 1 < m; j++)
    grid->n_runs *= 3;
  grid->runs = xmalloc (grid->n_cells * grid->n_runs * 2 * sizeof (size_t));

  for (size_t c = 0; c < grid->n_cells; c++)
    for (size_t r = 0; r < grid->n_runs; r++)
      {
        size_t *run = grid->runs + (c * grid->n_runs + r) * 2;
        uint64_t centre = cell_key[c];
        size_t rest = r;

        if (m == 0 || centre == apart)
          {
            run[0] = 0;
            run[1] = m == 0 ? n : 0;
            continue;
          }
        /* The row of three cells through the centre one, offset by -1,
         * 0 or +1 along each of the other gridded coordinates. */
        for (size_t j = 0; j + 1 < m; j++)
          {
            centre = centre + (rest % 3) * stride[j] - stride[j];
            rest /= 3;
          }
        run[0] = grid->cell_start[lower_bound (cell_key, grid->n_cells, centre - 1)];
        run[1] = grid->cell_start[lower_bound (cell_key, grid->n_cells, centre + 2)];
      }

  free (cell_key);
}

static void
grid_clear (Grid *grid)
{
  free (grid->xs);
  free (grid->order);
  free (grid->cell_start);
  free (grid->runs);
}

/* Whether two points are within eps, computed as scikit-learn does: the
 * squared differences summed in order and compared with eps². */
static inline int
within (const double *p,
        const double *q,
        size_t        d,
        double        eps2)
{
  double sum = 0.0;

  if (d == 2)
    {
      double a = p[0] - q[0];
      double b = p[1] - q[1];

      return a * a + b * b <= eps2;
    }

  /* The sum only grows: once over, it stays over. */
  for (size_t c = 0; c < d && sum <= eps2; c++)
    {
      double t = p[c] - q[c];

      sum += t * t;
    }

  return sum <= eps2;
}

/* How many points at positions [start, end) are within eps of @p. */
static size_t
count_run (const Grid   *grid,
           const double *p,
           size_t        start,
           size_t        end)
{
  const double *q = grid->xs + start * grid->d;
  size_t count = 0;

  if (grid->d == 2)
    {
      /* Branch-free, so that the compiler can vectorise it. */
      for (size_t s = start; s < end; s++, q += 2)
        {
          double a = p[0] - q[0];
          double b = p[1] - q[1];

          count += a * a + b * b <= grid->eps2;
        }
      return count;
    }

  for (size_t s = start; s < end; s++, q += grid->d)
    count += within (p, q, grid->d, grid->eps2);

  return count;
}

static size_t
find_root (size_t *parent,
           size_t  s)
{
  while (parent[s] != s)
    {
      parent[s] = parent[parent[s]];
      s = parent[s];
    }

  return s;
}

/**
 * seg_dbscan:
 * @eps: the neighbourhood radius
 * @min_points: how many points within @eps, the point itself counted,
 *   make a core point
 * @labels: n out: the cluster, or SEG_DBSCAN_NOISE
 * @is_core: (nullable): n out: 1 for core points
 * @n_clusters: (out): clusters found
 * @monitor: (nullable): progress and cancel
 *
 * Clusters are grown from core points in the order of their first core
 * point, and a border point joins the first cluster that reaches it, so
 * the result matches scikit-learn's label for label.
 *
 * That order is computed rather than followed: the clusters are the
 * connected groups of core points within eps of each other, numbered by
 * their first core point, and a border point joins the lowest-numbered
 * cluster with a core point within eps of it, which is the first to
 * reach it. This leaves two of the three passes over the neighbourhoods
 * independent for each point, to share between the cores, and no pass
 * needs a neighbourhood more than once.
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
            const SegMonitor   *monitor)
{
  SegStage stage;
  Grid grid;
  uint8_t *core;
  size_t *parent;
  size_t *position;
  int32_t *label_at;   /* by position in cell order */
  int32_t next = 0;

  if (seg_monitor_report (monitor, 0.0))
    return -1;

  grid_init (&grid, x, n, d, eps);
  core = xmalloc (n);
  parent = xmalloc (n * sizeof (size_t));
  position = xmalloc (n * sizeof (size_t));
  label_at = xmalloc (n * sizeof (int32_t));

  /* Core points: counting can stop at min_points. */
  seg_stage_init (&stage, monitor, 0.05, 0.45, grid.n_cells);
#pragma omp parallel for schedule(dynamic, 32)
  for (size_t c = 0; c < grid.n_cells; c++)
    {
      const size_t *run = grid.runs + c * grid.n_runs * 2;

      if (seg_stage_step (&stage, 1))
        continue;
      for (size_t s = grid.cell_start[c]; s < grid.cell_start[c + 1]; s++)
        {
          const double *p = grid.xs + s * d;
          size_t count = 0;

          for (size_t r = 0; r < grid.n_runs && count < min_points; r++)
            count += count_run (&grid, p, run[2 * r], run[2 * r + 1]);
          core[s] = count >= min_points;
        }
    }
  if (stage.stop)
    goto cancelled;

  /* Clusters: a union-find over core points, each pair within eps
   * looked at once, from its earlier position; the root of a group is
   * its earliest position. */
  for (size_t s = 0; s < n; s++)
    parent[s] = s;
  seg_stage_init (&stage, monitor, 0.45, 0.7, grid.n_cells);
  for (size_t c = 0; c < grid.n_cells; c++)
    {
      const size_t *run = grid.runs + c * grid.n_runs * 2;

      if (seg_stage_step (&stage, 1))
        goto cancelled;
      for (size_t s = grid.cell_start[c]; s < grid.cell_start[c + 1]; s++)
        {
          const double *p = grid.xs + s * d;
          size_t root;

          if (!core[s])
            continue;
          /* The root of s's group, kept current: a point whose parent
           * it is needs neither distance nor search. */
          root = find_root (parent, s);
          for (size_t r = 0; r < grid.n_runs; r++)
            for (size_t q = run[2 * r] > s ? run[2 * r] : s + 1; q < run[2 * r + 1]; q++)
              if (core[q] && parent[q] != root && within (p, grid.xs + q * d, d, grid.eps2))
                {
                  size_t other = find_root (parent, q);

                  if (other < root)
                    {
                      parent[root] = other;
                      root = other;
                    }
                  else if (other > root)
                    parent[other] = root;
                }
        }
    }

  /* Number the clusters in the order of their first core point. A root
   * is a core point of its own cluster, so its label slot can hold the
   * cluster's number. */
  for (size_t s = 0; s < n; s++)
    {
      position[grid.order[s]] = s;
      label_at[s] = SEG_DBSCAN_NOISE;
    }
  for (size_t i = 0; i < n; i++)
    {
      size_t s = position[i];

      if (core[s])
        {
          size_t root = find_root (parent, s);

          if (label_at[root] == SEG_DBSCAN_NOISE)
            label_at[root] = next++;
          label_at[s] = label_at[root];
        }
    }

  /* Border points join the lowest-numbered cluster within reach; the
   * rest are noise. Only non-core slots are written, only core ones
   * read. */
  seg_stage_init (&stage, monitor, 0.7, 1.0, grid.n_cells);
#pragma omp parallel for schedule(dynamic, 32)
  for (size_t c = 0; c < grid.n_cells; c++)
    {
      const size_t *run = grid.runs + c * grid.n_runs * 2;

      if (seg_stage_step (&stage, 1))
        continue;
      for (size_t s = grid.cell_start[c]; s < grid.cell_start[c + 1]; s++)
        {
          const double *p = grid.xs + s * d;
          int32_t best = INT32_MAX;

          if (core[s])
            continue;
          for (size_t r = 0; r < grid.n_runs; r++)
            for (size_t q = run[2 * r]; q < run[2 * r + 1]; q++)
              if (core[q] && label_at[q] < best && within (p, grid.xs + q * d, d, grid.eps2))
                best = label_at[q];
          if (best != INT32_MAX)
            label_at[s] = best;
        }
    }
  if (stage.stop)
    goto cancelled;

  for (size_t s = 0; s < n; s++)
    {
      labels[grid.order[s]] = label_at[s];
      if (is_core != NULL)
        is_core[grid.order[s]] = core[s];
    }
  *n_clusters = (size_t) next;

  grid_clear (&grid);
  free (core);
  free (parent);
  free (position);
  free (label_at);
  return 0;

cancelled:
  grid_clear (&grid);
  free (core);
  free (parent);
  free (position);
  free (label_at);
  return -1;
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
 * @monitor: (nullable): progress and cancel
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
                const SegMonitor   *monitor)
{
  SegStage stage;
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

  seg_stage_init (&stage, monitor, 0.0, 1.0, n);
  for (size_t i = 0; i < n; i++)
    {
      if (seg_stage_step (&stage, 1))
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
