/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "seg-dbscan.h"
#include "seg-error.h"
#include "seg-explore.h"
#include "seg-kmeans.h"
#include "seg-quality.h"

void
seg_k_suggestion_free (SegKSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;

  g_clear_pointer (&suggestion->scores, g_array_unref);
  g_free (suggestion);
}

void
seg_k_distance_free (SegKDistance *curve)
{
  if (curve == NULL)
    return;

  g_free (curve->distances);
  g_free (curve);
}

static gpointer
cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
  return NULL;
}

/**
 * seg_dataset_suggest_k:
 * @k_min: the fewest clusters to try, at least 2
 * @k_max: the most
 * @silhouette_sample: above this many rows the silhouette is measured on a
 *   seeded sample; 0 measures every row
 *
 * Runs k-means for every k from @k_min to @k_max and measures each: the
 * numbers behind the elbow and silhouette plots. The recommended k is the
 * one with the highest silhouette, the smaller k on a tie.
 *
 * Returns: (transfer full): the scores, or %NULL with @error set
 */
SegKSuggestion *
seg_dataset_suggest_k (SegDataset          *dataset,
                       int                  k_min,
                       int                  k_max,
                       int                  n_init,
                       guint64              seed,
                       size_t               silhouette_sample,
                       const volatile int  *cancel,
                       GError             **error)
{
  g_autoptr(SegKSuggestion) suggestion = g_new0 (SegKSuggestion, 1);
  g_autofree double *centers = NULL;
  g_autofree int32_t *labels = NULL;
  size_t n = dataset->n, d = dataset->d;
  double best = -INFINITY;

  if (k_min < 2 || k_max < k_min)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--k-min and --k-max: give 2 ≤ k-min ≤ k-max, not %d and %d"), k_min, k_max);
      return NULL;
    }
  if ((size_t) k_max >= n)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--k-max: %d clusters need more than %zu rows"), k_max, n);
      return NULL;
    }

  suggestion->scores = g_array_new (FALSE, FALSE, sizeof (SegKScore));
  suggestion->rows = n;
  suggestion->silhouette_sample = silhouette_sample > 0 && silhouette_sample < n ? silhouette_sample : 0;
  centers = g_new (double, (size_t) k_max * d);
  labels = g_new (int32_t, n);

  for (int k = k_min; k <= k_max; k++)
    {
      SegKmeansOptions options = {
        .k = (size_t) k,
        .n_init = n_init,
        .max_iter = 300,
        .tol = 1e-4,
        .seed = seed,
        .monitor = { .cancel = cancel },
      };
      SegKScore score = { .k = k };
      int iterations;

      if (seg_kmeans (dataset->x, n, d, &options, centers, labels, &score.inertia, &iterations) != 0)
        return cancelled (error);
      if (cancel != NULL && *cancel)
        return cancelled (error);

      score.silhouette = seg_silhouette_sampled (dataset->x, n, d, labels, (size_t) k,
                                                 silhouette_sample, seed, NULL, NULL);
      score.calinski_harabasz = seg_calinski_harabasz (dataset->x, n, d, labels, (size_t) k);
      score.davies_bouldin = seg_davies_bouldin (dataset->x, n, d, labels, (size_t) k);
      g_array_append_val (suggestion->scores, score);

      if (score.silhouette > best)
        {
          best = score.silhouette;
          suggestion->recommended = k;
        }
    }

  return g_steal_pointer (&suggestion);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * seg_dataset_k_distance:
 * @min_points: DBSCAN's min_points; the row itself counts as the first
 *
 * Returns: (transfer full): every row's distance to its min_points-th
 *   neighbour, sorted, with the knee where the curve bends: an eps to
 *   start from
 */
SegKDistance *
seg_dataset_k_distance (SegDataset          *dataset,
                        int                  min_points,
                        const volatile int  *cancel,
                        GError             **error)
{
  g_autoptr(SegKDistance) curve = g_new0 (SegKDistance, 1);
  int rc;

  if (min_points < 1 || (size_t) min_points > dataset->n)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--min-points: give a number from 1 to the %zu rows"), dataset->n);
      return NULL;
    }

  curve->n = dataset->n;
  curve->distances = g_new (double, dataset->n);
  rc = seg_k_distance (dataset->x, dataset->n, dataset->d, (size_t) min_points, curve->distances,
                       &(SegMonitor) { .cancel = cancel });
  if (rc != 0)
    return cancelled (error);

  qsort (curve->distances, curve->n, sizeof (double), compare_double);
  curve->knee = seg_knee (curve->distances, curve->n);
  curve->eps = curve->distances[curve->knee];

  return g_steal_pointer (&curve);
}
