/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-quality.h"

#include <math.h>
#include <stdlib.h>

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
  double *sums = malloc (k * sizeof (double));
  double *sizes = calloc (k, sizeof (double));
  double total = 0.0;

  for (size_t i = 0; i < n; i++)
    sizes[labels[i]] += 1;

  for (size_t i = 0; i < n; i++)
    {
      double a, b = INFINITY, s;

      for (size_t c = 0; c < k; c++)
        sums[c] = 0.0;
      for (size_t m = 0; m < n; m++)
        if (m != i)
          sums[labels[m]] += distance (x + i * d, x + m * d, d);

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

      if (per_point != NULL)
        per_point[i] = s;
      total += s;
    }

  free (sums);
  free (sizes);

  return n > 0 ? total / n : 0.0;
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
