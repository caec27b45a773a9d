/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-kmeans.h"
#include "seg-memory.h"
#include "seg-vector-private.h"

#include <float.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Four running sums instead of one, so that the additions overlap rather
 * than each wait for the one before; the compiler may not reorder them
 * itself, as that changes the rounding. */
static inline double
squared_distance (const double *a,
                  const double *b,
                  size_t        d)
{
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  size_t j = 0;

  for (; j + 4 <= d; j += 4)
    {
      double d0 = a[j] - b[j];
      double d1 = a[j + 1] - b[j + 1];
      double d2 = a[j + 2] - b[j + 2];
      double d3 = a[j + 3] - b[j + 3];

      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
  for (; j < d; j++)
    {
      double diff = a[j] - b[j];

      s0 += diff * diff;
    }

  return (s0 + s1) + (s2 + s3);
}

/* The loops over points share them between the cores, but every sum over
 * points is taken per chunk of consecutive rows, in row order, and the
 * chunk sums are then added in chunk order. The chunks depend only on the
 * number of points, never on the number of threads, so a seed gives the
 * same result bit for bit on one core or many. At most CHUNKS_MAX chunks
 * keep the per-chunk buffers small (k × d doubles each for the centre
 * sums); at least CHUNK_ROWS_MIN rows each keep tiny inputs on one.
 *
 * The chunks are handed out as threads come free (schedule(dynamic)), not
 * in fixed halves: on a busy machine a thread that loses its core for a
 * while no longer holds up the other, and which thread ran a chunk does
 * not change its sum. */
#define CHUNKS_MAX 64
#define CHUNK_ROWS_MIN 1024

static size_t
chunk_count (size_t n)
{
  size_t count = (n + CHUNK_ROWS_MIN - 1) / CHUNK_ROWS_MIN;

  if (count < 1)
    return 1;
  return count > CHUNKS_MAX ? CHUNKS_MAX : count;
}

/* The first row of chunk @c; chunk_start (n, chunks, chunks) is n. */
static inline size_t
chunk_start (size_t n,
             size_t chunks,
             size_t c)
{
  return n / chunks * c + (n % chunks) * c / chunks;
}

/**
 * seg_kmeans_scaled_tolerance:
 *
 * The tolerance in scikit-learn's sense: relative to the mean variance of
 * the features, so that it does not depend on their scale.
 *
 * Returns: @tol times the mean per-feature variance of @x
 */
double
seg_kmeans_scaled_tolerance (const double *x,
                             size_t        n,
                             size_t        d,
                             double        tol)
{
  size_t chunks = chunk_count (n);
  double *partial;
  double *mean;
  double total = 0.0;

  if (n == 0 || d == 0)
    return 0.0;

  /* Row by row rather than column by column: the rows are contiguous, so
   * each pass reads the table once instead of once per feature. Two
   * passes, mean then squared deviations, as numpy's var() does. */
  partial = calloc (chunks * d, sizeof (double));
  mean = calloc (d, sizeof (double));

#pragma omp parallel for schedule(dynamic, 1)
  for (size_t c = 0; c < chunks; c++)
    {
      double *sum = partial + c * d;

      for (size_t i = chunk_start (n, chunks, c); i < chunk_start (n, chunks, c + 1); i++)
        for (size_t j = 0; j < d; j++)
          sum[j] += x[i * d + j];
    }
  for (size_t c = 0; c < chunks; c++)
    for (size_t j = 0; j < d; j++)
      mean[j] += partial[c * d + j];
  for (size_t j = 0; j < d; j++)
    mean[j] /= n;

#pragma omp parallel for schedule(dynamic, 1)
  for (size_t c = 0; c < chunks; c++)
    {
      double *sum = partial + c * d;

      memset (sum, 0, d * sizeof (double));
      for (size_t i = chunk_start (n, chunks, c); i < chunk_start (n, chunks, c + 1); i++)
        for (size_t j = 0; j < d; j++)
          {
            double diff = x[i * d + j] - mean[j];

            sum[j] += diff * diff;
          }
    }
  for (size_t j = 0; j < d; j++)
    {
      double var = 0.0;

      for (size_t c = 0; c < chunks; c++)
        var += partial[c * d + j];
      total += var / n;
    }

  free (partial);
  free (mean);

  return tol * total / d;
}

/* Assigns every point to its nearest centre; ties go to the lowest index.
 * Returns whether any label changed. */
static int
assign (const double *x,
        size_t        n,
        size_t        d,
        size_t        k,
        const double *centers,
        int32_t      *labels,
        double       *distances)
{
  int changed = 0;

  for (size_t i = 0; i < n; i++)
    {
      const double *p = x + i * d;
      double best = DBL_MAX;
      int32_t best_c = 0;

      for (size_t c = 0; c < k; c++)
        {
          double dist = squared_distance (p, centers + c * d, d);

          if (dist < best)
            {
              best = dist;
              best_c = (int32_t) c;
            }
        }

      changed |= labels[i] != best_c;
      labels[i] = best_c;
      distances[i] = best;
    }

  return changed;
}

/* A cluster that lost all its points takes the point farthest from its
 * own centre, as scikit-learn does, so k clusters always remain. */
static void
repair_empty (const double *x,
              size_t        n,
              size_t        d,
              size_t        k,
              double       *sums,
              double       *counts,
              int32_t      *labels,
              double       *distances)
{
  for (size_t c = 0; c < k; c++)
    {
      size_t far = 0;
      double far_dist = -1.0;
      int32_t old;

      if (counts[c] > 0)
        continue;

      for (size_t i = 0; i < n; i++)
        if (distances[i] > far_dist && counts[labels[i]] > 1)
          {
            far_dist = distances[i];
            far = i;
          }
      if (far_dist < 0)
        return;

      old = labels[far];
      for (size_t j = 0; j < d; j++)
        {
          sums[old * d + j] -= x[far * d + j];
          sums[c * d + j] = x[far * d + j];
        }
      counts[old] -= 1;
      counts[c] = 1;
      labels[far] = (int32_t) c;
      distances[far] = 0.0;
    }
}

/**
 * seg_kmeans_lloyd:
 * @x: n × d points
 * @centers: k × d initial centres in, final centres out
 * @labels: n labels out
 * @max_iter: the most iterations
 * @tol: the scaled tolerance (see seg_kmeans_scaled_tolerance())
 * @n_iter: (out): iterations run
 * @inertia: (out): sum of squared distances to the assigned centres
 * @cancel: (nullable): set to non-zero from another thread to stop
 *
 * Lloyd's iterations as scikit-learn runs them: stop when no label
 * changes, or when the centres moved by at most @tol in total squared
 * distance; in the second case the labels are computed once more against
 * the final centres.
 *
 * Returns: 0, or -1 when cancelled
 */
int
seg_kmeans_lloyd (const double       *x,
                  size_t              n,
                  size_t              d,
                  size_t              k,
                  double             *centers,
                  int32_t            *labels,
                  int                 max_iter,
                  double              tol,
                  int                *n_iter,
                  double             *inertia,
                  const volatile int *cancel)
{
  double *sums = calloc (k * d, sizeof (double));
  double *counts = calloc (k, sizeof (double));
  double *distances = malloc (n * sizeof (double));
  int32_t *old_labels = malloc (n * sizeof (int32_t));
  int strict = 0;
  int iter = 0;

  for (size_t i = 0; i < n; i++)
    labels[i] = -1;

  for (iter = 0; iter < max_iter; iter++)
    {
      double shift = 0.0;

      if (cancel != NULL && *cancel)
        {
          free (sums);
          free (counts);
          free (distances);
          free (old_labels);
          return -1;
        }

      memcpy (old_labels, labels, n * sizeof (int32_t));
      assign (x, n, d, k, centers, labels, distances);

      memset (sums, 0, k * d * sizeof (double));
      memset (counts, 0, k * sizeof (double));
      for (size_t i = 0; i < n; i++)
        {
          const double *p = x + i * d;
          double *s = sums + labels[i] * d;

          for (size_t j = 0; j < d; j++)
            s[j] += p[j];
          counts[labels[i]] += 1;
        }
      repair_empty (x, n, d, k, sums, counts, labels, distances);

      for (size_t c = 0; c < k; c++)
        {
          double moved = 0.0;

          for (size_t j = 0; j < d; j++)
            {
              double updated = sums[c * d + j] / counts[c];
              double diff = updated - centers[c * d + j];

              moved += diff * diff;
              centers[c * d + j] = updated;
            }
          shift += moved;
        }

      if (iter > 0 && memcmp (old_labels, labels, n * sizeof (int32_t)) == 0)
        {
          strict = 1;
          iter++;
          break;
        }
      if (shift <= tol)
        {
          iter++;
          break;
        }
    }

  if (!strict)
    assign (x, n, d, k, centers, labels, distances);

  *n_iter = iter;
  *inertia = seg_inertia (x, n, d, centers, labels);

  free (sums);
  free (counts);
  free (distances);
  free (old_labels);

  return 0;
}

double
seg_inertia (const double  *x,
             size_t         n,
             size_t         d,
             const double  *centers,
             const int32_t *labels)
{
  size_t chunks = chunk_count (n);
  double partial[CHUNKS_MAX];
  double sum = 0.0;

#pragma omp parallel for schedule(dynamic, 1)
  for (size_t c = 0; c < chunks; c++)
    {
      double chunk_sum = 0.0;

      for (size_t i = chunk_start (n, chunks, c); i < chunk_start (n, chunks, c + 1); i++)
        chunk_sum += squared_distance (x + i * d, centers + labels[i] * d, d);
      partial[c] = chunk_sum;
    }
  for (size_t c = 0; c < chunks; c++)
    sum += partial[c];

  return sum;
}

static inline uint64_t
rotl (uint64_t x,
      int      k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256**, seeded through splitmix64. */
void
seg_rng_init (SegRng   *rng,
              uint64_t  seed)
{
  for (int i = 0; i < 4; i++)
    {
      uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      rng->s[i] = z ^ (z >> 31);
    }
}

uint64_t
seg_rng_next (SegRng *rng)
{
  uint64_t *s = rng->s;
  uint64_t result = rotl (s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/* Uniform in [0, 1). */
double
seg_rng_uniform (SegRng *rng)
{
  return (seg_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* The weight of point @i for the next draw: its squared distance to the
 * nearest centre, @pending (nullable) being a centre that @closest does
 * not count yet. */
static inline double
weight_of (const double *x,
           size_t        d,
           const double *closest,
           const double *pending,
           size_t        i)
{
  double dist;

  if (pending == NULL)
    return closest[i];
  dist = squared_distance (x + i * d, pending, d);

  return dist < closest[i] ? dist : closest[i];
}

/* The index whose cumulative weight first exceeds @target, found through
 * the chunk sums first so that only one chunk is scanned. The chunk sums
 * were added from the same weights in the same order as this scan adds
 * them, so the chunk found does hold the index. Should rounding put
 * @target past the total, the last point of non-zero weight is taken: a
 * point that already is a centre never is. */
static size_t
pick_weighted (const double *x,
               size_t        n,
               size_t        d,
               const double *closest,
               const double *pending,
               const double *chunk_sums,
               size_t        chunks,
               double        target)
{
  size_t chunk = 0;
  size_t pick = 0;
  double sum = 0.0;

  for (size_t c = 0; c < chunks; c++)
    {
      if (!(chunk_sums[c] > 0))
        continue;
      chunk = c;
      if (target < chunk_sums[c])
        break;
      target -= chunk_sums[c];
    }

  for (size_t i = chunk_start (n, chunks, chunk); i < chunk_start (n, chunks, chunk + 1); i++)
    {
      double weight = weight_of (x, d, closest, pending, i);

      if (!(weight > 0))
        continue;
      pick = i;
      sum += weight;
      if (sum > target)
        break;
    }

  return pick;
}

/* One chunk's pass of plusplus(): brings the rows' distances up to date
 * with @pending and adds each candidate's potential over the rows, four
 * candidates at a time (@packed as seg_v4_pack_rows() stores them). */
SEG_VEC_CLONES_EXACT static void
score_candidates (const double *x,
                  size_t        d,
                  size_t        start,
                  size_t        end,
                  const double *packed,
                  size_t        trials,
                  const double *pending,
                  double       *closest,
                  double       *sums)
{
  for (size_t t = 0; t < trials; t++)
    sums[t] = 0.0;
  for (size_t i = start; i < end; i++)
    {
      const double *p = x + i * d;
      double here = weight_of (x, d, closest, pending, i);

      closest[i] = here;
      for (size_t g = 0; g * 4 < trials; g++)
        {
          SegV4 dist = seg_v4_squared_distances (p, packed + g * 4 * d, d);

          for (size_t t = g * 4; t < trials && t < g * 4 + 4; t++)
            sums[t] += dist[t - g * 4] < here ? dist[t - g * 4] : here;
        }
    }
}

/**
 * seg_kmeans_plusplus:
 *
 * Greedy k-means++ as scikit-learn does it: each new centre is the best,
 * by the resulting sum of squared distances (the potential), of 2 + ln k
 * candidates drawn in proportion to their squared distance from the
 * centres so far; the first centre is a point drawn uniformly.
 *
 * The table is read once per centre. The candidates of one centre are all
 * drawn before any is scored (their weights do not change in between), so
 * one pass scores them all; the same pass first brings the distances up
 * to date with the centre chosen before. The winner's per-chunk sums from
 * that pass are the weights' chunk sums for the next draws, which add the
 * winner's distances on the fly in the one chunk they scan.
 */
static void
plusplus (const double *x,
          size_t        n,
          size_t        d,
          size_t        k,
          SegRng       *rng,
          double       *centers,
          double       *closest)
{
  size_t trials = 2 + (size_t) log ((double) k);
  size_t chunks = chunk_count (n);
  double *candidates = malloc (trials * d * sizeof (double));
  double *packed = malloc ((trials + 3) / 4 * 4 * d * sizeof (double));
  double *trial_sums = malloc (chunks * trials * sizeof (double));
  double chunk_sums[CHUNKS_MAX];
  size_t first = (size_t) (seg_rng_uniform (rng) * n);
  const double *pending = NULL;
  double potential = 0.0;

  memcpy (centers, x + first * d, d * sizeof (double));

#pragma omp parallel for schedule(dynamic, 1)
  for (size_t c = 0; c < chunks; c++)
    {
      double sum = 0.0;

      for (size_t i = chunk_start (n, chunks, c); i < chunk_start (n, chunks, c + 1); i++)
        {
          closest[i] = squared_distance (x + i * d, centers, d);
          sum += closest[i];
        }
      chunk_sums[c] = sum;
    }
  for (size_t c = 0; c < chunks; c++)
    potential += chunk_sums[c];

  for (size_t c = 1; c < k; c++)
    {
      double best_potential = INFINITY;
      size_t best = 0;

      /* Copies of the candidate rows, side by side, stay in the cache
       * while the points stream past. */
      for (size_t t = 0; t < trials; t++)
        {
          size_t index = potential > 0 ? pick_weighted (x, n, d, closest, pending, chunk_sums, chunks,
                                                        seg_rng_uniform (rng) * potential)
                                       : (size_t) (seg_rng_uniform (rng) * n);

          memcpy (candidates + t * d, x + index * d, d * sizeof (double));
        }

      seg_v4_pack_rows (candidates, trials, d, packed);
#pragma omp parallel for schedule(dynamic, 1)
      for (size_t chunk = 0; chunk < chunks; chunk++)
        score_candidates (x, d, chunk_start (n, chunks, chunk), chunk_start (n, chunks, chunk + 1),
                          packed, trials, pending, closest, trial_sums + chunk * trials);

      /* The first of equal potentials wins, as with numpy's argmin. */
      for (size_t t = 0; t < trials; t++)
        {
          double candidate_potential = 0.0;

          for (size_t chunk = 0; chunk < chunks; chunk++)
            candidate_potential += trial_sums[chunk * trials + t];
          if (candidate_potential < best_potential)
            {
              best_potential = candidate_potential;
              best = t;
            }
        }

      memcpy (centers + c * d, candidates + best * d, d * sizeof (double));
      pending = centers + c * d;
      for (size_t chunk = 0; chunk < chunks; chunk++)
        chunk_sums[chunk] = trial_sums[chunk * trials + best];
      potential = best_potential;
    }

  free (candidates);
  free (packed);
  free (trial_sums);
}

void
seg_kmeans_plusplus (const double *x,
                     size_t        n,
                     size_t        d,
                     size_t        k,
                     SegRng       *rng,
                     double       *centers)
{
  double *closest = malloc (n * sizeof (double));

  plusplus (x, n, d, k, rng, centers, closest);
  free (closest);
}

typedef struct
{
  const double *centers;
  size_t        d;
  double        size;
  size_t        index;
} Ranked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;

  if (ra->size != rb->size)
    return ra->size > rb->size ? -1 : 1;
  for (size_t j = 0; j < ra->d; j++)
    if (ra->centers[ra->index * ra->d + j] != rb->centers[rb->index * rb->d + j])
      return ra->centers[ra->index * ra->d + j] < rb->centers[rb->index * rb->d + j] ? -1 : 1;

  return 0;
}

/* Numbers the clusters by size, largest first (ties by centre), so that
 * running again never reshuffles the labels a person has learned. */
static void
order_by_size (size_t   n,
               size_t   d,
               size_t   k,
               double  *centers,
               int32_t *labels)
{
  Ranked *ranked = calloc (k, sizeof (Ranked));
  double *sorted = malloc (k * d * sizeof (double));
  int32_t *new_label = malloc (k * sizeof (int32_t));

  for (size_t c = 0; c < k; c++)
    {
      ranked[c].centers = centers;
      ranked[c].d = d;
      ranked[c].index = c;
    }
  for (size_t i = 0; i < n; i++)
    ranked[labels[i]].size += 1;

  qsort (ranked, k, sizeof (Ranked), compare_ranked);
  for (size_t c = 0; c < k; c++)
    {
      new_label[ranked[c].index] = (int32_t) c;
      memcpy (sorted + c * d, centers + ranked[c].index * d, d * sizeof (double));
    }
  memcpy (centers, sorted, k * d * sizeof (double));
  for (size_t i = 0; i < n; i++)
    labels[i] = new_label[labels[i]];

  free (ranked);
  free (sorted);
  free (new_label);
}

/* Restarts keep the run with the lowest inertia. */
static void
keep_if_better (double         run_inertia,
                int            run_count,
                const double  *run_centers,
                const int32_t *run_labels,
                size_t         n,
                size_t         d,
                size_t         k,
                double        *best,
                double        *centers,
                int32_t       *labels,
                int           *count)
{
  if (run_inertia >= *best)
    return;

  *best = run_inertia;
  memcpy (centers, run_centers, k * d * sizeof (double));
  memcpy (labels, run_labels, n * sizeof (int32_t));
  *count = run_count;
}

static int hamerly (const double       *x,
                    size_t              n,
                    size_t              d,
                    size_t              k,
                    double             *centers,
                    int32_t            *labels,
                    int                 max_iter,
                    double              tol,
                    int                *n_iter,
                    double             *inertia,
                    const volatile int *cancel,
                    double             *upper,
                    double             *lower);

/* What one start of seg_kmeans() needs of its own: the per-point buffers
 * serve every start a thread runs, since fresh ones each time would have
 * the system hand out and clear their pages again. */
typedef struct
{
  double  *centers;
  int32_t *labels;
  double  *closest;
  double  *upper;
  double  *lower;
} StartBuffers;

static void
start_buffers_init (StartBuffers *buffers,
                    size_t        n,
                    size_t        d,
                    size_t        k)
{
  buffers->centers = malloc (k * d * sizeof (double));
  buffers->labels = seg_large_alloc (n * sizeof (int32_t));
  buffers->closest = seg_large_alloc (n * sizeof (double));
  buffers->upper = seg_large_alloc (n * sizeof (double));
  buffers->lower = seg_large_alloc (n * sizeof (double));
}

static void
start_buffers_clear (StartBuffers *buffers)
{
  free (buffers->centers);
  free (buffers->labels);
  free (buffers->closest);
  free (buffers->upper);
  free (buffers->lower);
}

/* The best start a thread has seen: the lowest inertia, and of equal
 * ones the earliest start, whichever order the threads took them in. */
typedef struct
{
  double   inertia;
  int      run;
  int      iterations;
  double  *centers;
  int32_t *labels;
} BestStart;

static int
start_is_better (double inertia,
                 int    run,
                 double best_inertia,
                 int    best_run)
{
  return inertia < best_inertia || (inertia == best_inertia && run < best_run);
}

/* Reports @tenths more of a start done (seeding is the first tenth of
 * a start, its iterations the other nine); a thread's call waits for
 * another's, so the fractions reported never go back. */
static int
report_start (const SegMonitor *monitor,
              int              *done,
              int               tenths,
              int               n_init)
{
  int stop;

#pragma omp critical (seg_kmeans_report)
  {
    *done += tenths;
    stop = seg_monitor_report (monitor, *done / (10.0 * n_init));
  }

  return stop;
}

/**
 * seg_kmeans:
 * @centers: k × d out
 * @labels: n out, numbered by cluster size
 *
 * k-means with greedy k-means++ starts and Hamerly's exact iterations:
 * @options->n_init runs from the same seed sequence, keeping the lowest
 * inertia (the earliest start of equal ones).
 *
 * Each start draws the same number of random numbers (one for the first
 * centre, 2 + ln k for each other), so the generator's state at the
 * beginning of every start is known before any has run. With several
 * starts, the threads therefore take whole starts, each one alone: no
 * thread waits on another inside a start, which on a busy machine
 * matters more than sharing one start's passes. A single start shares
 * its passes between the threads instead. Either way every start is
 * worked out exactly as on one thread, so the result is the same bit
 * for bit.
 *
 * Returns: 0, or -1 when cancelled
 */
int
seg_kmeans (const double           *x,
            size_t                  n,
            size_t                  d,
            const SegKmeansOptions *options,
            double                 *centers,
            int32_t                *labels,
            double                 *inertia,
            int                    *n_iter)
{
  size_t k = options->k;
  double tol = seg_kmeans_scaled_tolerance (x, n, d, options->tol);
  int n_init = options->n_init > 0 ? options->n_init : 1;
  size_t draws = 1 + (k - 1) * (2 + (size_t) log ((double) k));
  SegRng *rngs = malloc (n_init * sizeof (SegRng));
  BestStart best = { .inertia = INFINITY, .run = n_init };
  int threads = 1;
  volatile int stopped = 0;
  int done = 0;

  seg_rng_init (&rngs[0], options->seed);
  for (int run = 1; run < n_init; run++)
    {
      rngs[run] = rngs[run - 1];
      for (size_t i = 0; i < draws; i++)
        seg_rng_next (&rngs[run]);
    }

#ifdef _OPENMP
  if (n_init > 1)
    threads = omp_get_max_threads () < n_init ? omp_get_max_threads () : n_init;
#endif

#pragma omp parallel num_threads (threads) if (threads > 1)
  {
    StartBuffers buffers;
    BestStart mine = { .inertia = INFINITY, .run = n_init, .labels = seg_large_alloc (n * sizeof (int32_t)),
                       .centers = malloc (k * d * sizeof (double)) };

    start_buffers_init (&buffers, n, d, k);

#pragma omp for schedule(dynamic, 1)
    for (int run = 0; run < n_init; run++)
      {
        SegRng rng = rngs[run];
        double run_inertia = 0.0;
        int run_iter = 0;

        if (stopped)
          continue;
        plusplus (x, n, d, k, &rng, buffers.centers, buffers.closest);
        if (report_start (&options->monitor, &done, 1, n_init) ||
            hamerly (x, n, d, k, buffers.centers, buffers.labels, options->max_iter, tol,
                     &run_iter, &run_inertia, options->monitor.cancel, buffers.upper, buffers.lower) != 0 ||
            report_start (&options->monitor, &done, 9, n_init))
          {
            stopped = 1;
            continue;
          }

        if (start_is_better (run_inertia, run, mine.inertia, mine.run))
          {
            mine.inertia = run_inertia;
            mine.run = run;
            mine.iterations = run_iter;
            memcpy (mine.centers, buffers.centers, k * d * sizeof (double));
            memcpy (mine.labels, buffers.labels, n * sizeof (int32_t));
          }
      }

#pragma omp critical (seg_kmeans_best)
    if (!stopped && start_is_better (mine.inertia, mine.run, best.inertia, best.run))
      {
        best.inertia = mine.inertia;
        best.run = mine.run;
        best.iterations = mine.iterations;
        memcpy (centers, mine.centers, k * d * sizeof (double));
        memcpy (labels, mine.labels, n * sizeof (int32_t));
      }

    start_buffers_clear (&buffers);
    free (mine.labels);
    free (mine.centers);
  }

  free (rngs);
  if (stopped)
    return -1;

  order_by_size (n, d, k, centers, labels);
  *inertia = best.inertia;
  *n_iter = best.iterations;
  return 0;
}

/* One whole mini-batch run from the generator's current state. */
static int
minibatch_run (const double              *x,
               size_t                     n,
               size_t                     d,
               const SegMiniBatchOptions *options,
               double                     from,
               double                     to,
               SegRng                    *run_rng,
               double                    *centers,
               int32_t                   *labels,
               double                    *inertia,
               int                       *n_steps)
{
  size_t k = options->k;
  size_t batch = options->batch_size > 0 ? options->batch_size : 1024;
  size_t sample_n, steps;
  double *sample;
  double *seen = calloc (k, sizeof (double));
  size_t *picked;
  double *distances = malloc (n * sizeof (double));
  double average = INFINITY, best = INFINITY;
  int stale = 0;
  SegRng rng = *run_rng;
  size_t step, report_every;

  if (batch > n)
    batch = n;

  /* Start from k-means++ on a sample three batches large. */
  sample_n = 3 * batch < n ? 3 * batch : n;
  sample = malloc (sample_n * d * sizeof (double));
  for (size_t i = 0; i < sample_n; i++)
    {
      size_t at = sample_n == n ? i : (size_t) (seg_rng_uniform (&rng) * n);

      memcpy (sample + i * d, x + at * d, d * sizeof (double));
    }
  seg_kmeans_plusplus (sample, sample_n, d, k, &rng, centers);
  free (sample);

  picked = malloc (batch * sizeof (size_t));
  steps = (size_t) (options->max_epochs > 0 ? options->max_epochs : 100) * ((n + batch - 1) / batch);
  report_every = steps / 100 + 1;

  for (step = 0; step < steps; step++)
    {
      double batch_inertia = 0.0;

      /* Most runs stop well before the last step: the fraction reported
       * is of the most there can be. */
      if (step % report_every == 0 &&
          seg_monitor_report (&options->monitor, from + (to - from) * step / steps))
        {
          free (seen);
          free (picked);
          free (distances);
          return -1;
        }

      for (size_t b = 0; b < batch; b++)
        {
          size_t i = (size_t) (seg_rng_uniform (&rng) * n);
          double nearest = INFINITY;
          int32_t c = 0;

          for (size_t j = 0; j < k; j++)
            {
              double dist = squared_distance (x + i * d, centers + j * d, d);

              if (dist < nearest)
                {
                  nearest = dist;
                  c = (int32_t) j;
                }
            }
          picked[b] = i;
          labels[b] = c;
          batch_inertia += nearest;
        }

      for (size_t b = 0; b < batch; b++)
        {
          int32_t c = labels[b];
          double rate;

          seen[c] += 1;
          rate = 1.0 / seen[c];
          for (size_t j = 0; j < d; j++)
            centers[c * d + j] += rate * (x[picked[b] * d + j] - centers[c * d + j]);
        }

      /* A running average smooths the noise of single batches. */
      batch_inertia /= batch;
      average = isinf (average) ? batch_inertia : 0.9 * average + 0.1 * batch_inertia;
      if (average < best)
        {
          best = average;
          stale = 0;
        }
      else if (++stale >= 10)
        {
          step++;
          break;
        }
    }

  for (size_t i = 0; i < n; i++)
    labels[i] = -1;
  assign (x, n, d, k, centers, labels, distances);
  *inertia = seg_inertia (x, n, d, centers, labels);
  *n_steps = (int) step;
  *run_rng = rng;

  free (seen);
  free (picked);
  free (distances);
  return 0;
}

/**
 * seg_minibatch_kmeans:
 * @options: k, batch size, the most passes, seed, progress and cancel
 * @centers: k × d out
 * @labels: n out, numbered by cluster size
 * @n_steps: (out): batches used
 *
 * Mini-batch k-means for tables too large for full iterations: k-means++
 * on a sample, then each batch pulls its points' centres towards them with
 * a step of 1 / (points the centre has seen). It stops when a running
 * average of the batch inertia has not improved for ten batches.
 *
 * Returns: 0, or -1 when cancelled
 */
int
seg_minibatch_kmeans (const double              *x,
                      size_t                     n,
                      size_t                     d,
                      const SegMiniBatchOptions *options,
                      double                    *centers,
                      int32_t                   *labels,
                      double                    *inertia,
                      int                       *n_steps)
{
  size_t k = options->k;
  int n_init = options->n_init > 0 ? options->n_init : 3;
  double *run_centers = malloc (k * d * sizeof (double));
  int32_t *run_labels = malloc (n * sizeof (int32_t));
  double best = INFINITY;
  SegRng rng;

  seg_rng_init (&rng, options->seed);

  /* Each run starts where the generator left off, so runs differ. */
  for (int run = 0; run < n_init; run++)
    {
      double run_inertia;
      int run_steps;

      if (minibatch_run (x, n, d, options, (double) run / n_init, (run + 1.0) / n_init,
                         &rng, run_centers, run_labels, &run_inertia, &run_steps) != 0)
        {
          free (run_centers);
          free (run_labels);
          return -1;
        }
      keep_if_better (run_inertia, run_steps, run_centers, run_labels, n, d, k,
                      &best, centers, labels, n_steps);
      if (seg_monitor_report (&options->monitor, (run + 1.0) / n_init))
        {
          free (run_centers);
          free (run_labels);
          return -1;
        }
    }

  order_by_size (n, d, k, centers, labels);
  *inertia = best;

  free (run_centers);
  free (run_labels);
  return 0;
}

/* Nearest and second-nearest centre of one point, by distance; the
 * centres as seg_v4_pack_rows() stores them, measured four at a time. */
static inline __attribute__ ((always_inline)) void
two_nearest (const double *p,
             const double *packed,
             size_t        k,
             size_t        d,
             int32_t      *best,
             double       *best_dist,
             double       *second_dist)
{
  double b1 = INFINITY, b2 = INFINITY;
  int32_t c1 = 0;

  for (size_t g = 0; g * 4 < k; g++)
    {
      SegV4 dists = seg_v4_squared_distances (p, packed + g * 4 * d, d);

      for (size_t c = g * 4; c < k && c < g * 4 + 4; c++)
        {
          double dist = dists[c - g * 4];

          if (dist < b1)
            {
              b2 = b1;
              b1 = dist;
              c1 = (int32_t) c;
            }
          else if (dist < b2)
            b2 = dist;
        }
    }

  *best = c1;
  *best_dist = sqrt (b1);
  *second_dist = sqrt (b2);
}

/* What one assignment pass of Hamerly's method needs. */
typedef struct
{
  const double *x;
  size_t        d;
  size_t        k;
  const double *centers;
  const double *packed;      /* the centres four side by side */
  const double *half_gap;    /* half the distance to the nearest other centre */
  const double *moved;       /* how far each centre moved in the last update */
  size_t        max_c;       /* the centre that moved farthest */
  double        max_move;
  double        second_move; /* the farthest any other centre moved */
  int           initial;     /* no bounds yet: measure every point */
  int32_t      *labels;
  double       *upper;       /* ≥ the distance to the point's own centre */
  double       *lower;       /* ≤ the distance to any other centre */
} HamerlyPass;

/* Assigns rows @start to @end: first loosens each point's bounds by how
 * far the centres moved in the last update (upper by its own centre's
 * move, lower by the largest move of any other centre), then measures
 * again only the points whose bounds no longer settle their centre.
 *
 * With @sums (k × d) and @counts (k), the first pass adds every point to
 * its cluster; later passes record only what the points that changed
 * cluster take from one sum and add to another, zeroing the buffers on the
 * first change. The rows of settled points are then never read at all.
 * Returns how many labels changed. */
SEG_VEC_CLONES_EXACT static size_t
hamerly_rows (const HamerlyPass *h,
              size_t             start,
              size_t             end,
              double            *sums,
              double            *counts)
{
  size_t d = h->d;
  size_t changed = 0;

  if (h->initial && sums != NULL)
    {
      memset (sums, 0, h->k * d * sizeof (double));
      memset (counts, 0, h->k * sizeof (double));
    }

  for (size_t i = start; i < end; i++)
    {
      const double *p = h->x + i * d;
      int32_t label = h->labels[i];
      double bound;

      if (h->initial)
        {
          two_nearest (p, h->packed, h->k, d, &h->labels[i], &h->upper[i], &h->lower[i]);
          if (sums != NULL)
            {
              double *sum = sums + h->labels[i] * d;

              for (size_t j = 0; j < d; j++)
                sum[j] += p[j];
              counts[h->labels[i]] += 1;
            }
          continue;
        }

      h->upper[i] += h->moved[label];
      h->lower[i] -= (size_t) label == h->max_c ? h->second_move : h->max_move;
      bound = fmax (h->half_gap[label], h->lower[i]);
      if (h->upper[i] <= bound)
        continue;
      h->upper[i] = sqrt (squared_distance (p, h->centers + label * d, d));
      if (h->upper[i] <= bound)
        continue;
      two_nearest (p, h->packed, h->k, d, &h->labels[i], &h->upper[i], &h->lower[i]);
      if (h->labels[i] == label)
        continue;

      if (changed++ == 0 && sums != NULL)
        {
          memset (sums, 0, h->k * d * sizeof (double));
          memset (counts, 0, h->k * sizeof (double));
        }
      if (sums != NULL)
        {
          double *from = sums + label * d;
          double *to = sums + h->labels[i] * d;

          for (size_t j = 0; j < d; j++)
            {
              from[j] -= p[j];
              to[j] += p[j];
            }
          counts[label] -= 1;
          counts[h->labels[i]] += 1;
        }
    }

  return changed;
}

static void
compute_half_gaps (const double *centers,
                   size_t        k,
                   size_t        d,
                   double       *half_gap)
{
  for (size_t c = 0; c < k; c++)
    {
      double nearest = INFINITY;

      for (size_t o = 0; o < k; o++)
        if (o != c)
          nearest = fmin (nearest, squared_distance (centers + c * d, centers + o * d, d));
      half_gap[c] = sqrt (nearest) / 2;
    }
}

/**
 * seg_kmeans_hamerly:
 *
 * The same iterations and stopping rules as seg_kmeans_lloyd(), with
 * Hamerly's bounds: each point keeps an upper bound on the distance to its
 * centre and a lower bound on the distance to any other, and is only
 * measured again when the two may have crossed. Exact: it assigns as
 * Lloyd's would, but touches far fewer distances once clusters settle.
 *
 * The assignment and the sums for the update share one parallel pass over
 * the points; the sums are kept per chunk and added in chunk order (see
 * chunk_count()), so the result does not depend on the number of threads.
 *
 * Returns: 0, or -1 when cancelled
 */
static int
hamerly (const double       *x,
         size_t              n,
         size_t              d,
         size_t              k,
         double             *centers,
         int32_t            *labels,
         int                 max_iter,
         double              tol,
         int                *n_iter,
         double             *inertia,
         const volatile int *cancel,
         double             *upper,
         double             *lower)
{
  size_t chunks = chunk_count (n);
  double *half_gap = calloc (k, sizeof (double));
  double *packed = malloc ((k + 3) / 4 * 4 * d * sizeof (double));
  double *moved = calloc (k, sizeof (double));
  double *sums = malloc (k * d * sizeof (double));
  double *counts = malloc (k * sizeof (double));
  double *chunk_sums = malloc (chunks * k * d * sizeof (double));
  double *chunk_counts = malloc (chunks * k * sizeof (double));
  size_t *chunk_changed = malloc (chunks * sizeof (size_t));
  HamerlyPass h = {
    .x = x, .d = d, .k = k, .centers = centers, .packed = packed, .half_gap = half_gap, .moved = moved,
    .initial = 1, .labels = labels, .upper = upper, .lower = lower,
  };
  int strict = 0;
  int iter;

  for (iter = 0; iter < max_iter; iter++)
    {
      double shift = 0.0, max_move = 0.0, second_move = 0.0;
      size_t max_c = 0;
      size_t changed = 0;
      int repaired = 0;

      if (cancel != NULL && *cancel)
        {
          iter = -1;
          break;
        }

      if (!h.initial)
        compute_half_gaps (centers, k, d, half_gap);
      seg_v4_pack_rows (centers, k, d, packed);

      /* Chunks also differ in how many points the bounds settle. */
#pragma omp parallel for schedule(dynamic, 1)
      for (size_t c = 0; c < chunks; c++)
        chunk_changed[c] = hamerly_rows (&h, chunk_start (n, chunks, c), chunk_start (n, chunks, c + 1),
                                         chunk_sums + c * k * d, chunk_counts + c * k);

      /* The update step, as Lloyd's: the sums start from every point and
       * then follow the points that change cluster, chunk by chunk in
       * order. */
      if (h.initial)
        {
          memset (sums, 0, k * d * sizeof (double));
          memset (counts, 0, k * sizeof (double));
        }
      for (size_t c = 0; c < chunks; c++)
        {
          if (!h.initial && chunk_changed[c] == 0)
            continue;
          changed += chunk_changed[c];
          for (size_t e = 0; e < k * d; e++)
            sums[e] += chunk_sums[c * k * d + e];
          for (size_t e = 0; e < k; e++)
            counts[e] += chunk_counts[c * k + e];
        }
      for (size_t c = 0; c < k; c++)
        if (counts[c] == 0)
          {
            /* Rare: fall back to exact distances for the repair, and
             * start the bounds afresh. */
            double *distances = malloc (n * sizeof (double));

            for (size_t i = 0; i < n; i++)
              distances[i] = squared_distance (x + i * d, centers + labels[i] * d, d);
            repair_empty (x, n, d, k, sums, counts, labels, distances);
            free (distances);
            for (size_t i = 0; i < n; i++)
              {
                upper[i] = INFINITY;
                lower[i] = 0.0;
              }
            repaired = 1;
            break;
          }

      for (size_t c = 0; c < k; c++)
        {
          double m = 0.0;

          for (size_t j = 0; j < d; j++)
            {
              double updated = sums[c * d + j] / counts[c];
              double diff = updated - centers[c * d + j];

              m += diff * diff;
              centers[c * d + j] = updated;
            }
          shift += m;
          moved[c] = sqrt (m);
          if (moved[c] > max_move)
            {
              second_move = max_move;
              max_move = moved[c];
              max_c = c;
            }
          else if (moved[c] > second_move)
            second_move = moved[c];
        }

      /* The next pass loosens the bounds by these moves. */
      h.initial = 0;
      h.max_c = max_c;
      h.max_move = max_move;
      h.second_move = second_move;

      /* Labels that did not change since the last assignment: converged. */
      if (iter > 0 && changed == 0 && !repaired)
        {
          strict = 1;
          iter++;
          break;
        }
      if (shift <= tol)
        {
          iter++;
          break;
        }
    }

  /* Stopped on the tolerance or the iteration limit: the labels follow
   * the final centres, as in seg_kmeans_lloyd(), and the bounds still
   * spare most distances (with no iteration run, there are none yet). */
  if (iter >= 0 && !strict)
    {
      if (!h.initial)
        compute_half_gaps (centers, k, d, half_gap);
      seg_v4_pack_rows (centers, k, d, packed);
#pragma omp parallel for schedule(dynamic, 1)
      for (size_t c = 0; c < chunks; c++)
        hamerly_rows (&h, chunk_start (n, chunks, c), chunk_start (n, chunks, c + 1), NULL, NULL);
    }

  free (half_gap);
  free (packed);
  free (moved);
  free (sums);
  free (counts);
  free (chunk_sums);
  free (chunk_counts);
  free (chunk_changed);

  if (iter < 0)
    return -1;

  *n_iter = iter;
  *inertia = seg_inertia (x, n, d, centers, labels);
  return 0;
}

int
seg_kmeans_hamerly (const double       *x,
                    size_t              n,
                    size_t              d,
                    size_t              k,
                    double             *centers,
                    int32_t            *labels,
                    int                 max_iter,
                    double              tol,
                    int                *n_iter,
                    double             *inertia,
                    const volatile int *cancel)
{
  double *upper = malloc (n * sizeof (double));
  double *lower = malloc (n * sizeof (double));
  int result = hamerly (x, n, d, k, centers, labels, max_iter, tol, n_iter, inertia, cancel, upper, lower);

  free (upper);
  free (lower);
  return result;
}
