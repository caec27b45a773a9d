/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-kmeans.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

static inline double
squared_distance (const double *a,
                  const double *b,
                  size_t        d)
{
  double sum = 0.0;

  for (size_t j = 0; j < d; j++)
    {
      double diff = a[j] - b[j];

      sum += diff * diff;
    }

  return sum;
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
  double total = 0.0;

  if (n == 0 || d == 0)
    return 0.0;

  for (size_t j = 0; j < d; j++)
    {
      double mean = 0.0;
      double var = 0.0;

      for (size_t i = 0; i < n; i++)
        mean += x[i * d + j];
      mean /= n;
      for (size_t i = 0; i < n; i++)
        {
          double diff = x[i * d + j] - mean;

          var += diff * diff;
        }
      total += var / n;
    }

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
  double sum = 0.0;

  for (size_t i = 0; i < n; i++)
    sum += squared_distance (x + i * d, centers + labels[i] * d, d);

  return sum;
}
