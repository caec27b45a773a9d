/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-quality.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-kmeans.h"
#include "seg-vector-private.h"

static int
compare_size (const void *a,
              const void *b)
{
  size_t x = *(const size_t *) a, y = *(const size_t *) b;

  return (x > y) - (x < y);
}

/* Cluster sizes and centroids (k × d), for the measures that need them. */
static void
centroids (const double  *x,
           size_t         n,
           size_t         d,
           const int32_t *labels,
           size_t         k,
           double        *means,
           double        *sizes)
{
  for (size_t c = 0; c < k; c++)
    {
      sizes[c] = 0;
      for (size_t j = 0; j < d; j++)
        means[c * d + j] = 0;
    }
  for (size_t i = 0; i < n; i++)
    {
      sizes[labels[i]] += 1;
      for (size_t j = 0; j < d; j++)
        means[labels[i] * d + j] += x[i * d + j];
    }
  for (size_t c = 0; c < k; c++)
    for (size_t j = 0; j < d; j++)
      if (sizes[c] > 0)
        means[c * d + j] /= sizes[c];
}

static double
distance (const double *a,
          const double *b,
          size_t        d)
{
  double sum = 0.0;

  for (size_t j = 0; j < d; j++)
    sum += (a[j] - b[j]) * (a[j] - b[j]);

  return sqrt (sum);
}

/* The sums of the distances from @p to the points of each cluster
 * (@grouped, cluster by cluster from @start), four distances at a time
 * from their packed copies, each summed on its own, the rest into the
 * first sum. */
SEG_VEC_CLONES_EXACT static void
cluster_distances (const double *p,
                   size_t        d,
                   size_t        k,
                   const size_t *start,
                   const double *packed,
                   const size_t *packed_start,
                   const double *grouped,
                   double       *sums)
{
  for (size_t c = 0; c < k; c++)
    {
      SegV4 acc = { 0 };
      size_t m = start[c], end = start[c + 1];
      const double *q = packed + packed_start[c];
      double first;

      for (; m + 4 <= end; m += 4, q += 4 * d)
        {
          SegV4 s = { 0 };

          for (size_t j = 0; j < d; j++)
            {
              SegV4 e = p[j] - seg_v4_load (q + j * 4);

              s += e * e;
            }
          acc += (SegV4) { sqrt (s[0]), sqrt (s[1]), sqrt (s[2]), sqrt (s[3]) };
        }
      first = acc[0];
      for (; m < end; m++)
        first += distance (p, grouped + m * d, d);
      sums[c] = (first + acc[1]) + (acc[2] + acc[3]);
    }
}

/**
 * seg_silhouette:
 * @per_point: (nullable): n values out, for the silhouette plot
 *
 * The exact mean silhouette: for each point, b − a over max (a, b), where
 * a is its mean distance to its own cluster and b to the nearest other
 * one; a point alone in its cluster scores 0, as in scikit-learn.
 *
 * Returns: the mean over all points
 */
double
seg_silhouette (const double  *x,
                size_t         n,
                size_t         d,
                const int32_t *labels,
                size_t         k,
                double        *per_point)
{
  double *sizes = calloc (k, sizeof (double));
  double *values = per_point != NULL ? per_point : malloc (n * sizeof (double));
  size_t *start = calloc (k + 1, sizeof (size_t));
  double *grouped = malloc ((n > 0 ? n : 1) * d * sizeof (double));
  double *packed = malloc ((n > 0 ? n : 1) * d * sizeof (double));
  size_t *packed_start = calloc (k + 1, sizeof (size_t));
  double total = 0.0;

  for (size_t i = 0; i < n; i++)
    sizes[labels[i]] += 1;

  /* The points copied cluster by cluster, so that the distances from a
   * point to one cluster are one run through memory into one sum. The
   * point's distance to itself is 0 and adds nothing. */
  for (size_t c = 0; c < k; c++)
    start[c + 1] = start[c] + (size_t) sizes[c];
  {
    size_t *next = malloc ((k > 0 ? k : 1) * sizeof (size_t));

    memcpy (next, start, k * sizeof (size_t));
    for (size_t i = 0; i < n; i++)
      memcpy (grouped + (next[labels[i]]++) * d, x + i * d, d * sizeof (double));
    free (next);
  }

  /* Every point's row of distances is independent of the others: the
   * rows split over the cores, each with its own sums. The mean is taken
   * afterwards in order, so that it does not depend on the threads. */
  /* Each cluster's whole fours of points again, four side by side
   * (seg_v4_pack_rows()), for cluster_distances(). */
  for (size_t c = 0; c < k; c++)
    packed_start[c + 1] = packed_start[c] + (start[c + 1] - start[c]) / 4 * 4 * d;
  for (size_t c = 0; c < k; c++)
    seg_v4_pack_rows (grouped + start[c] * d, (start[c + 1] - start[c]) / 4 * 4, d,
                      packed + packed_start[c]);

#pragma omp parallel
  {
    double *sums = malloc ((k > 0 ? k : 1) * sizeof (double));

#pragma omp for schedule(dynamic, 64)
    for (size_t i = 0; i < n; i++)
      {
        double a, b = INFINITY, s;

        cluster_distances (x + i * d, d, k, start, packed, packed_start, grouped, sums);

        if (sizes[labels[i]] <= 1)
          s = 0.0;
        else
          {
            a = sums[labels[i]] / (sizes[labels[i]] - 1);
            for (size_t c = 0; c < k; c++)
              if ((int32_t) c != labels[i] && sizes[c] > 0 && sums[c] / sizes[c] < b)
                b = sums[c] / sizes[c];
            s = (b - a) / fmax (a, b);
          }
        values[i] = s;
      }

    free (sums);
  }

  for (size_t i = 0; i < n; i++)
    total += values[i];

  if (values != per_point)
    free (values);
  free (sizes);
  free (start);
  free (grouped);
  free (packed);
  free (packed_start);

  return n > 0 ? total / n : 0.0;
}

/**
 * seg_silhouette_sampled:
 * @sample_size: the most points to measure; 0 for all
 * @seed: which sample, so that a run can be repeated
 * @per_point: (nullable): n values out; NAN for points outside the sample
 * @used: (nullable): out, how many points were measured
 *
 * The silhouette of a uniform random sample of the points, computed among
 * the sample alone as scikit-learn's silhouette_score(sample_size=) does:
 * the exact value costs n² distances, which is out of reach for large
 * tables, while a sample of a few thousand points estimates it closely.
 * With @sample_size of 0 or at least @n it is the exact silhouette.
 *
 * Returns: the mean silhouette of the sample
 */
double
seg_silhouette_sampled (const double  *x,
                        size_t         n,
                        size_t         d,
                        const int32_t *labels,
                        size_t         k,
                        size_t         sample_size,
                        uint64_t       seed,
                        double        *per_point,
                        size_t        *used)
{
  size_t *index;
  double *xs, *values;
  int32_t *ls;
  SegRng rng;
  double mean;

  if (sample_size == 0 || sample_size >= n)
    {
      if (used != NULL)
        *used = n;
      return seg_silhouette (x, n, d, labels, k, per_point);
    }

  /* A partial Fisher–Yates shuffle picks the sample; sorting it keeps the
   * points in table order. */
  index = malloc (n * sizeof (size_t));
  for (size_t i = 0; i < n; i++)
    index[i] = i;
  seg_rng_init (&rng, seed);
  for (size_t i = 0; i < sample_size; i++)
    {
      size_t j = i + (size_t) (seg_rng_next (&rng) % (n - i));
      size_t t = index[i];

      index[i] = index[j];
      index[j] = t;
    }
  qsort (index, sample_size, sizeof (size_t), compare_size);

  xs = malloc (sample_size * d * sizeof (double));
  ls = malloc (sample_size * sizeof (int32_t));
  values = malloc (sample_size * sizeof (double));
  for (size_t i = 0; i < sample_size; i++)
    {
      memcpy (xs + i * d, x + index[i] * d, d * sizeof (double));
      ls[i] = labels[index[i]];
    }

  mean = seg_silhouette (xs, sample_size, d, ls, k, values);

  if (per_point != NULL)
    {
      for (size_t i = 0; i < n; i++)
        per_point[i] = NAN;
      for (size_t i = 0; i < sample_size; i++)
        per_point[index[i]] = values[i];
    }
  if (used != NULL)
    *used = sample_size;

  free (index);
  free (xs);
  free (ls);
  free (values);

  return mean;
}

typedef struct
{
  size_t  size;
  int32_t label;
} Ranked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->size != rb->size)
    return ra->size > rb->size ? -1 : 1;

  return (ra->label > rb->label) - (ra->label < rb->label);
}

/**
 * seg_labels_by_size:
 * @labels: n labels from 0 to k − 1, or negative for noise; renumbered in place
 *
 * Renumbers the clusters largest first, ties in the order of their old
 * numbers, so that the same partition always gets the same numbers.
 * Noise keeps its label.
 */
void
seg_labels_by_size (int32_t *labels,
                    size_t   n,
                    size_t   k)
{
  Ranked *ranked = calloc (k, sizeof (Ranked));
  int32_t *number = malloc (k * sizeof (int32_t));

  for (size_t c = 0; c < k; c++)
    ranked[c].label = (int32_t) c;
  for (size_t i = 0; i < n; i++)
    if (labels[i] >= 0)
      ranked[labels[i]].size++;
  qsort (ranked, k, sizeof (Ranked), compare_ranked);
  for (size_t c = 0; c < k; c++)
    number[ranked[c].label] = (int32_t) c;
  for (size_t i = 0; i < n; i++)
    if (labels[i] >= 0)
      labels[i] = number[labels[i]];

  free (ranked);
  free (number);
}

/**
 * seg_calinski_harabasz:
 *
 * Returns: between-cluster over within-cluster dispersion, each divided
 *   by its degrees of freedom
 */
double
seg_calinski_harabasz (const double  *x,
                       size_t         n,
                       size_t         d,
                       const int32_t *labels,
                       size_t         k)
{
  double *means = malloc (k * d * sizeof (double));
  double *sizes = malloc (k * sizeof (double));
  double *mean = calloc (d, sizeof (double));
  double between = 0.0, within = 0.0;

  centroids (x, n, d, labels, k, means, sizes);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < d; j++)
      mean[j] += x[i * d + j] / n;

  for (size_t c = 0; c < k; c++)
    for (size_t j = 0; j < d; j++)
      between += sizes[c] * (means[c * d + j] - mean[j]) * (means[c * d + j] - mean[j]);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < d; j++)
      {
        double diff = x[i * d + j] - means[labels[i] * d + j];

        within += diff * diff;
      }

  free (means);
  free (sizes);
  free (mean);

  return within == 0.0 ? 1.0 : between * (n - k) / (within * (k - 1));
}

/**
 * seg_davies_bouldin:
 *
 * Returns: the mean over clusters of the worst ratio of summed spreads to
 *   centroid distance; lower is better
 */
double
seg_davies_bouldin (const double  *x,
                    size_t         n,
                    size_t         d,
                    const int32_t *labels,
                    size_t         k)
{
  double *means = malloc (k * d * sizeof (double));
  double *sizes = malloc (k * sizeof (double));
  double *spread = calloc (k, sizeof (double));
  double total = 0.0;

  centroids (x, n, d, labels, k, means, sizes);
  for (size_t i = 0; i < n; i++)
    spread[labels[i]] += distance (x + i * d, means + labels[i] * d, d);
  for (size_t c = 0; c < k; c++)
    if (sizes[c] > 0)
      spread[c] /= sizes[c];

  for (size_t c = 0; c < k; c++)
    {
      double worst = 0.0;

      for (size_t o = 0; o < k; o++)
        {
          double sep;

          if (o == c)
            continue;
          sep = distance (means + c * d, means + o * d, d);
          if (sep > 0 && (spread[c] + spread[o]) / sep > worst)
            worst = (spread[c] + spread[o]) / sep;
        }
      total += worst;
    }

  free (means);
  free (sizes);
  free (spread);

  return total / k;
}
