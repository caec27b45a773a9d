/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "seg-cancel.h"
#include "seg-dbscan.h"
#include "seg-error.h"
#include "seg-explore.h"
#include "seg-model.h"
#include "seg-project-private.h"
#include "seg-run.h"
#include "seg-kmeans.h"
#include "seg-quality.h"
#include "seg-task-private.h"

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

/**
 * seg_project_suggest_k_for_run:
 * @run: a clustering run
 * @cancel: (nullable): set from another thread to stop
 *
 * Compares numbers of clusters on a run's rows, prepared as the run
 * prepared them, with its seed and number of restarts. It reads through
 * a connection of its own, so a worker thread may call it.
 *
 * Returns: (transfer full): the scores, or NULL with @error set
 */
SegKSuggestion *
seg_project_suggest_k_for_run (SegProject          *project,
                               gint64               run,
                               int                  k_min,
                               int                  k_max,
                               const volatile int  *cancel,
                               GError             **error)
{
  g_autoptr(SegProject) reader = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegDataset) dataset = NULL;
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  g_auto(GStrv) column_list = NULL;
  g_auto(GStrv) log_list = NULL;
  JsonObject *input, *params;
  JsonArray *chosen;
  SegPrepOptions prep;
  const char *key = NULL;
  gint64 segment = 0;
  int n_init = 10;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  reader = seg_project_open_reader (project, cancel, error);
  if (reader == NULL)
    return NULL;
  record = seg_project_get_run (reader, run, error);
  if (seg_cancel_take_error (cancel, error) || record == NULL)
    return NULL;

  input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  chosen = input != NULL && json_object_has_member (input, "columns") ? json_object_get_array_member (input, "columns") : NULL;
  for (guint i = 0; chosen != NULL && i < json_array_get_length (chosen); i++)
    g_strv_builder_add (columns, json_array_get_string_element (chosen, i));
  column_list = g_strv_builder_end (columns);
  log_list = seg_run_record_get_prep (record, &prep);

  params = JSON_NODE_HOLDS_OBJECT (record->parameters) ? json_node_get_object (record->parameters) : NULL;
  if (params != NULL && json_object_has_member (params, "n-init"))
    n_init = (int) CLAMP (json_object_get_int_member (params, "n-init"), 1, 100);

  /* A run on a saved segment is compared on the same customers. */
  if (input != NULL && json_object_has_member (input, "segment_id"))
    {
      segment = json_object_get_int_member (input, "segment_id");
      if (json_object_has_member (input, "key") && !json_object_get_null_member (input, "key"))
        key = json_object_get_string_member (input, "key");
    }
  dataset = seg_dataset_read_members (reader, record->input_table, (const char *const *) column_list,
                                      key, segment, cancel, error);
  if (dataset != NULL && !seg_dataset_prepare (dataset, &prep, error))
    g_clear_pointer (&dataset, seg_dataset_free);
  if (seg_cancel_take_error (cancel, error) || dataset == NULL)
    return NULL;
  if (dataset->n < 3)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("Comparing numbers of clusters needs at least three rows"));
      return NULL;
    }
  k_max = (int) MIN ((size_t) k_max, dataset->n - 1);
  k_min = MIN (k_min, k_max);

  return seg_dataset_suggest_k (dataset, k_min, k_max, n_init, record->seed, SEG_SILHOUETTE_SAMPLE, cancel, error);
}

/**
 * seg_project_k_distance:
 * @columns: the columns to prepare, as for a run
 * @prep: how to prepare them
 * @min_points: DBSCAN's min-points
 * @cancel: (nullable): set from another thread to stop
 *
 * The k-distance curve of a table's rows and the eps at its knee, read
 * through a connection of its own so that a worker thread may call it.
 *
 * Returns: (transfer full): the curve, or NULL with @error set
 */
SegKDistance *
seg_project_k_distance (SegProject           *project,
                        const char           *table,
                        const char *const    *columns,
                        const SegPrepOptions *prep,
                        int                   min_points,
                        const volatile int   *cancel,
                        GError              **error)
{
  g_autoptr(SegProject) reader = NULL;
  g_autoptr(SegDataset) dataset = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  reader = seg_project_open_reader (project, cancel, error);
  if (reader == NULL)
    return NULL;
  dataset = seg_dataset_load (reader, table, columns, prep, cancel, error);
  if (seg_cancel_take_error (cancel, error) || dataset == NULL)
    return NULL;
  return seg_dataset_k_distance (dataset, min_points, cancel, error);
}

typedef struct
{
  gint64 run;
  int    k_min;
  int    k_max;
} SuggestJob;

static gpointer
suggest_k_func (SegProject          *project,
                gpointer             data,
                const volatile int  *cancel,
                GError             **error)
{
  SuggestJob *job = data;

  return seg_project_suggest_k_for_run (project, job->run, job->k_min, job->k_max, cancel, error);
}

/**
 * seg_project_suggest_k_for_run_async:
 * @run: a clustering run
 * @cancellable: (nullable): stops the comparison, between and inside the
 *   k-means fits
 *
 * Compares numbers of clusters as seg_project_suggest_k_for_run() does,
 * in a worker thread.
 */
void
seg_project_suggest_k_for_run_async (SegProject          *project,
                                     gint64               run,
                                     int                  k_min,
                                     int                  k_max,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SuggestJob job = { run, k_min, k_max };

  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_suggest_k_for_run_async, suggest_k_func,
                g_memdup2 (&job, sizeof job), g_free, (GDestroyNotify) seg_k_suggestion_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_suggest_k_for_run_finish:
 *
 * Returns: (transfer full): the scores, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegKSuggestion *
seg_project_suggest_k_for_run_finish (SegProject    *project,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return seg_task_finish (project, result, seg_project_suggest_k_for_run_async, error);
}

typedef struct
{
  char           *table;
  GStrv           columns;
  GStrv           log_columns;
  SegPrepOptions  prep;
  int             min_points;
} DistanceJob;

static void
distance_job_free (DistanceJob *job)
{
  g_free (job->table);
  g_strfreev (job->columns);
  g_strfreev (job->log_columns);
  g_free (job);
}

static gpointer
k_distance_func (SegProject          *project,
                 gpointer             data,
                 const volatile int  *cancel,
                 GError             **error)
{
  DistanceJob *job = data;

  return seg_project_k_distance (project, job->table, (const char *const *) job->columns, &job->prep,
                                 job->min_points, cancel, error);
}

/**
 * seg_project_k_distance_async:
 * @columns: the columns to prepare, as for a run
 * @prep: how to prepare them; copied
 * @min_points: DBSCAN's min-points
 * @cancellable: (nullable): stops the work, even inside the neighbour
 *   search
 *
 * Measures the k-distance curve and its knee, the eps to start DBSCAN
 * from, as seg_project_k_distance() does, in a worker thread.
 */
void
seg_project_k_distance_async (SegProject           *project,
                              const char           *table,
                              const char *const    *columns,
                              const SegPrepOptions *prep,
                              int                   min_points,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  DistanceJob *job;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (table != NULL);
  g_return_if_fail (prep != NULL);

  job = g_new0 (DistanceJob, 1);
  job->table = g_strdup (table);
  job->columns = g_strdupv ((GStrv) columns);
  job->log_columns = g_strdupv ((GStrv) prep->log_columns);
  job->prep = *prep;
  job->prep.log_columns = (const char *const *) job->log_columns;
  job->min_points = min_points;
  seg_task_run (project, seg_project_k_distance_async, k_distance_func,
                job, (GDestroyNotify) distance_job_free, (GDestroyNotify) seg_k_distance_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_k_distance_finish:
 *
 * Returns: (transfer full): the curve with its knee and eps, or NULL with
 *   @error set; %G_IO_ERROR_CANCELLED once cancelled
 */
SegKDistance *
seg_project_k_distance_finish (SegProject    *project,
                               GAsyncResult  *result,
                               GError       **error)
{
  return seg_task_finish (project, result, seg_project_k_distance_async, error);
}
