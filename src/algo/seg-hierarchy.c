/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-hierarchy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

/* The most threads that share one scan. */
#define MAX_THREADS 64

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

/* The distances, n(n−1)/2 doubles. On Linux they are mapped directly
 * and offered huge pages: the nearest-neighbour search reads a column of
 * the triangle, one double from each of thousands of rows far apart, and
 * with 4 KiB pages nearly every such read would miss the TLB. */
static double *
distances_new (size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  void *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (p == MAP_FAILED)
    return NULL;
  /* A hint: without huge pages it is only slower. */
  madvise (p, bytes, MADV_HUGEPAGE);
  return p;
#else
  return malloc (bytes);
#endif
}

static void
distances_free (double *dist,
                size_t  bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  munmap (dist, bytes);
#else
  (void) bytes;
  free (dist);
#endif
}

/* The pair i < j of the condensed upper triangle, as SciPy's pdist lays
 * it out: row i starts at n·i − i(i+1)/2 and holds j = i+1 … n−1. */
static inline size_t
pair (size_t n,
      size_t i,
      size_t j)
{
  return i * (2 * n - i - 3) / 2 + j - 1;
}

/* Where row i would hold j = 0: pair (n, i, j) is row_base (n, i) + j.
 * Unsigned arithmetic wraps, so the sum is right even when this is
 * "negative". */
static inline size_t
row_base (size_t n,
          size_t i)
{
  return i * (2 * n - i - 3) / 2 - 1;
}

static inline double *
cell (double *dist,
      size_t  n,
      size_t  i,
      size_t  j)
{
  return i < j ? dist + pair (n, i, j) : dist + pair (n, j, i);
}

/* How far ahead to ask for the distances read down a column: their
 * addresses are known long before they are compared, but too irregular
 * for the hardware to guess. */
#define PREFETCH_AHEAD 16

/* The nearest to @top of the active clusters active[k0, k1): the first
 * in index order at the smallest distance if that is below *best, else
 * @next unchanged. Those below @top are read down its column, those
 * above along its row. */
static size_t
nearest_in (const double *dist,
            size_t        n,
            const size_t *active,
            size_t        k0,
            size_t        k1,
            size_t        top,
            size_t        next,
            double       *best)
{
  size_t row = row_base (n, top);
  size_t k = k0;
  double b = *best;

  for (; k < k1 && active[k] < top; k++)
    {
      double v = dist[pair (n, active[k], top)];

#ifdef __GNUC__
      if (k + PREFETCH_AHEAD < k1 && active[k + PREFETCH_AHEAD] < top)
        __builtin_prefetch (dist + pair (n, active[k + PREFETCH_AHEAD], top));
#endif
      if (v < b)
        {
          b = v;
          next = active[k];
        }
    }
  if (k < k1 && active[k] == top)
    k++;
  for (; k < k1; k++)
    {
      double v = dist[row + active[k]];

      if (v < b)
        {
          b = v;
          next = active[k];
        }
    }

  *best = b;
  return next;
}

/* Below this many clusters a scan is too short to share. */
#define PARALLEL_MIN 4096

/* The nearest-neighbour step of the chain, as the scan of every active
 * cluster in index order would find it. On several cores each takes a
 * consecutive share and finds its own first smallest; taking those in
 * order and replacing only on strictly smaller gives the same answer. */
static size_t
nearest (const double *dist,
         size_t        n,
         const size_t *active,
         size_t        n_active,
         size_t        top,
         size_t        next,
         double       *best)
{
#ifdef _OPENMP
  int wanted = omp_get_max_threads () < MAX_THREADS ? omp_get_max_threads () : MAX_THREADS;

  if (n_active >= PARALLEL_MIN && wanted > 1)
    {
      struct { double best; size_t next; } found[MAX_THREADS];
      int n_threads = 1;

#pragma omp parallel num_threads(wanted)
      {
        int me = omp_get_thread_num ();
        size_t share = n_active / (size_t) omp_get_num_threads ();
        size_t k0 = share * (size_t) me;
        size_t k1 = me + 1 == omp_get_num_threads () ? n_active : k0 + share;

        found[me].best = INFINITY;
        found[me].next = nearest_in (dist, n, active, k0, k1, top, SIZE_MAX, &found[me].best);
        if (me == 0)
          n_threads = omp_get_num_threads ();
      }

      for (int i = 0; i < n_threads; i++)
        if (found[i].best < *best)
          {
            *best = found[i].best;
            next = found[i].next;
          }
      return next;
    }
#endif

  return nearest_in (dist, n, active, 0, n_active, top, next, best);
}

/**
 * seg_hierarchy_build:
 * @merges: n − 1 merges out, by height, numbered as SciPy numbers them
 * @monitor: (nullable): progress and cancel
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
                     const SegMonitor   *monitor)
{
  SegStage stage;
  double *dist;
  size_t bytes = seg_hierarchy_bytes (n);
  double *size;
  size_t *chain;
  size_t *active;     /* the clusters still there, in index order */
  size_t n_active = n;
  int64_t *parent;
  int64_t *id;
  size_t chain_len = 0;

  if (n < 2)
    return 0;
  if (bytes > SEG_HIERARCHY_MAX_BYTES)
    return -2;

  dist = distances_new (bytes);
  if (dist == NULL)
    return -2;
  size = malloc (n * sizeof (double));
  chain = malloc (n * sizeof (size_t));
  active = malloc (n * sizeof (size_t));

  for (size_t i = 0; i < n; i++)
    {
      size[i] = 1;
      active[i] = i;
    }

  /* Both stages are counted in pairs of clusters looked at. */
  seg_stage_init (&stage, monitor, 0.0, 0.3, n * (n - 1) / 2);
#pragma omp parallel for schedule(dynamic, 16)
  for (size_t i = 0; i < n - 1; i++)
    {
      size_t row = row_base (n, i);

      if (seg_stage_step (&stage, n - 1 - i))
        continue;
      for (size_t j = i + 1; j < n; j++)
        {
          double sum = 0.0;

          for (size_t c = 0; c < d; c++)
            sum += (x[i * d + c] - x[j * d + c]) * (x[i * d + c] - x[j * d + c]);
          dist[row + j] = sqrt (sum);
        }
    }
  if (stage.stop)
    goto cancelled;

  seg_stage_init (&stage, monitor, 0.3, 1.0, n * (n + 1) / 2);
  for (size_t m = 0; m < n - 1; m++)
    {
      size_t a, b, k;
      double best = INFINITY;

      if (seg_stage_step (&stage, n_active))
        goto cancelled;

      if (chain_len == 0)
        chain[chain_len++] = active[0];

      for (;;)
        {
          size_t top = chain[chain_len - 1];
          size_t next = 0;

          if (chain_len > 1)
            {
              next = chain[chain_len - 2];
              best = *cell (dist, n, top, next);
            }
          else
            best = INFINITY;

          next = nearest (dist, n, active, n_active, top, next, &best);
          if (chain_len > 1 && next == chain[chain_len - 2])
            break;
          chain[chain_len++] = next;
        }

      a = chain[--chain_len];
      b = chain[--chain_len];
      if (a > b)
        {
          size_t swap = a;

          a = b;
          b = swap;
        }

      merges[m].a = (int64_t) a;
      merges[m].b = (int64_t) b;
      merges[m].height = best;
      merges[m].size = (int64_t) m;   /* the order found, for the sort */

      /* The union lives on at b; a is gone. */
#pragma omp parallel for schedule(static) if (n_active >= PARALLEL_MIN)
      for (k = 0; k < n_active; k++)
        {
          size_t i = active[k];
          double *d_ia, *d_ib;

#ifdef __GNUC__
          if (k + PREFETCH_AHEAD < n_active)
            {
              __builtin_prefetch (cell (dist, n, active[k + PREFETCH_AHEAD], a));
              __builtin_prefetch (cell (dist, n, active[k + PREFETCH_AHEAD], b), 1);
            }
#endif
          if (i == a || i == b)
            continue;
          d_ia = cell (dist, n, i, a);
          d_ib = cell (dist, n, i, b);
          *d_ib = update (linkage, *d_ia, *d_ib, best, size[a], size[b], size[i]);
        }
      size[b] += size[a];
      size[a] = 0;
      for (k = 0; active[k] != a; k++)
        ;
      for (n_active--; k < n_active; k++)
        active[k] = active[k + 1];
    }

  distances_free (dist, bytes);
  free (size);
  free (chain);
  free (active);

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

cancelled:
  distances_free (dist, bytes);
  free (size);
  free (chain);
  free (active);
  return -1;
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
