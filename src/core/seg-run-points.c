/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-run-points.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>

#include "seg-cancel.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-run.h"
#include "seg-task-private.h"

/* Clusters beyond this are taken for a damaged table, not drawn. */
#define MAX_CLUSTERS 100000

void
seg_run_points_free (SegRunPoints *points)
{
  if (points == NULL)
    return;
  g_free (points->table);
  g_free (points->key_name);
  if (points->keys_block != NULL)
    g_free (points->keys);
  else
    g_strfreev (points->keys);
  g_free (points->keys_block);
  g_strfreev (points->names);
  g_free (points->people);
  g_free (points->people_key);
  g_free (points->x);
  g_free (points->y);
  g_free (points->labels);
  g_free (points->silhouette);
  g_free (points->sizes);
  g_free (points->centroids);
  g_free (points);
}

static double
metric (JsonObject *metrics,
        const char *name)
{
  JsonNode *node = metrics != NULL ? json_object_get_member (metrics, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

/* The rows of a run's result table in table order; the keys only when
 * @with_keys, all in one block. */
static SegRunPoints *
load_points (SegProject  *project,
             gint64       run,
             gboolean     with_keys,
             GError     **error)
{
  g_autoptr(SegRunPoints) points = g_new0 (SegRunPoints, 1);
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) table = NULL;
  g_autoptr(GArray) key_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GByteArray) key_bytes = g_byte_array_new ();
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autoptr(GArray) silhouette = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *metrics;
  int max_label = -1;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;
  if (record->result_tables == NULL || record->result_tables[0] == NULL ||
      (table = seg_project_get_table (project, record->result_tables[0], NULL)) == NULL ||
      table->columns->len < 5)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The result table of run %" PRId64 " is no longer in the project"), run);
      return NULL;
    }

  points->run = run;
  points->table = g_strdup (table->name);
  points->key_name = g_strdup (((SegColumnInfo *) g_ptr_array_index (table->columns, 0))->name);
  table_q = seg_quote_identifier (table->name);
  key_q = seg_quote_identifier (points->key_name);
  sql = g_strdup_printf ("SELECT %s, cluster, pc1, pc2, silhouette FROM %s ORDER BY rowid",
                         with_keys ? key_q : "NULL", table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int32_t label = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 1) - 1;
      double px = sqlite3_column_double (stmt, 2);
      double py = sqlite3_column_double (stmt, 3);
      double s = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 4);

      if (label >= MAX_CLUSTERS || label < -1)
        label = -1;
      max_label = MAX (max_label, label);
      if (with_keys)
        {
          const guint8 *key = sqlite3_column_text (stmt, 0);
          gsize offset = key_bytes->len;

          if (key != NULL)
            g_byte_array_append (key_bytes, key, sqlite3_column_bytes (stmt, 0));
          g_byte_array_append (key_bytes, (const guint8 *) "", 1);
          g_array_append_val (key_offsets, offset);
        }
      g_array_append_val (x, px);
      g_array_append_val (y, py);
      g_array_append_val (labels, label);
      g_array_append_val (silhouette, s);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  points->n = x->len;
  if (with_keys)
    {
      points->keys_block = (char *) g_byte_array_steal (key_bytes, NULL);
      points->keys = g_new (char *, points->n + 1);
      for (size_t i = 0; i < points->n; i++)
        points->keys[i] = points->keys_block + g_array_index (key_offsets, gsize, i);
      points->keys[points->n] = NULL;
    }
  points->x = (double *) g_array_steal (x, NULL);
  points->y = (double *) g_array_steal (y, NULL);
  points->labels = (int32_t *) g_array_steal (labels, NULL);
  points->silhouette = (double *) g_array_steal (silhouette, NULL);

  metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
  points->n_clusters = (guint) (max_label + 1);
  if (metrics != NULL && json_object_has_member (metrics, "sizes"))
    points->n_clusters = MAX (points->n_clusters, json_array_get_length (json_object_get_array_member (metrics, "sizes")));
  points->silhouette_mean = metric (metrics, "silhouette");
  points->explained[0] = points->explained[1] = NAN;
  if (metrics != NULL && json_object_has_member (metrics, "explained_variance_ratio"))
    {
      JsonArray *ratio = json_object_get_array_member (metrics, "explained_variance_ratio");

      for (guint i = 0; ratio != NULL && i < 2 && i < json_array_get_length (ratio); i++)
        points->explained[i] = json_array_get_double_element (ratio, i);
    }

  points->sizes = g_new0 (gint64, MAX (points->n_clusters, 1));
  points->centroids = g_new0 (double, 2 * MAX (points->n_clusters, 1));
  for (size_t i = 0; i < points->n; i++)
    if (points->labels[i] >= 0)
      {
        points->sizes[points->labels[i]]++;
        points->centroids[2 * points->labels[i]] += points->x[i];
        points->centroids[2 * points->labels[i] + 1] += points->y[i];
      }
  for (guint c = 0; c < points->n_clusters; c++)
    {
      points->centroids[2 * c] = points->sizes[c] > 0 ? points->centroids[2 * c] / points->sizes[c] : NAN;
      points->centroids[2 * c + 1] = points->sizes[c] > 0 ? points->centroids[2 * c + 1] / points->sizes[c] : NAN;
    }

  return g_steal_pointer (&points);
}

/**
 * seg_project_load_run_points:
 * @run: a clustering run
 *
 * Reads the run's result table: each row's key, map coordinates, cluster
 * and silhouette, with each cluster's size and centre on the map.
 *
 * Returns: (transfer full): the points, or NULL with @error set
 */
SegRunPoints *
seg_project_load_run_points (SegProject  *project,
                             gint64       run,
                             GError     **error)
{
  return load_points (project, run, TRUE, error);
}

/**
 * seg_project_load_run_map:
 * @run: a clustering run
 *
 * Reads what drawing a run's map or silhouettes needs: its rows' places,
 * clusters and silhouettes, without their keys (@keys is %NULL).
 *
 * Returns: (transfer full): the points, or NULL with @error set
 */
SegRunPoints *
seg_project_load_run_map (SegProject  *project,
                          gint64       run,
                          GError     **error)
{
  return load_points (project, run, FALSE, error);
}

/**
 * seg_run_points_axis_label:
 * @component: 1 or 2
 *
 * Returns: (transfer full): the map axis's name, with its share of the
 *   variance when known, such as “PC1 (77% of the variance)”
 */
char *
seg_run_points_axis_label (const SegRunPoints *points,
                           int                 component)
{
  double explained;

  g_return_val_if_fail (points != NULL && (component == 1 || component == 2), NULL);

  explained = points->explained[component - 1];
  if (isfinite (explained))
    return g_strdup_printf (_("PC%d (%.0f%% of the variance)"), component, explained * 100);
  return g_strdup_printf (_("PC%d"), component);
}

/**
 * seg_run_points_legend:
 * @profile: (nullable): the run's profile, for the clusters' names
 * @sizes: whether to add each cluster's number of rows
 *
 * Returns: (transfer full): a name per cluster, such as
 *   “2 · Lapsing big spenders (412)”
 */
GStrv
seg_run_points_legend (const SegRunPoints *points,
                       const SegProfile   *profile,
                       gboolean            sizes)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (points != NULL, NULL);

  for (guint c = 0; c < points->n_clusters; c++)
    {
      g_autoptr(GString) label = g_string_new (NULL);
      const char *name = NULL;

      for (guint i = 0; profile != NULL && i < profile->clusters->len; i++)
        {
          SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, i);

          if (cluster->cluster == (int) c + 1)
            name = cluster->name;
        }
      g_string_append_printf (label, "%u", c + 1);
      if (name != NULL)
        g_string_append_printf (label, " · %s", name);
      if (sizes)
        g_string_append_printf (label, " (%" PRId64 ")", points->sizes[c]);
      g_strv_builder_add (names, label->str);
    }
  return g_strv_builder_end (names);
}

/* The name of each row, from a table that has the rows' key and a name
 * beside it: the customers table next to the RFM scores, say. The key
 * is the result's first column or, for scores made from order lines, the
 * customer column of those lines. */
static void
load_names (SegProject         *project,
            SegRunPoints       *points,
            const SegRunRecord *record)
{
  static const char *const name_columns[] = {
    "name", "customer_name", "full_name", "display_name", "company", "姓名", "客户名称", "名称", "名字", NULL
  };
  g_autoptr(GPtrArray) tables = seg_project_list_tables (project, NULL);
  g_autoptr(SegTableInfo) input = seg_project_get_table (project, record->input_table, NULL);
  g_autoptr(JsonNode) origin = NULL;
  const char *keys[3] = { points->key_name, NULL, NULL };

  if (input != NULL && input->origin != NULL && (origin = json_from_string (input->origin, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (origin))
    keys[1] = json_object_get_string_member_with_default (json_node_get_object (origin), "customer", NULL);

  for (guint t = 0; tables != NULL && t < tables->len; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      SegColumnInfo *key = NULL, *name = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *table_q = NULL;
      g_autofree char *key_q = NULL;
      g_autofree char *name_q = NULL;
      g_autofree char *result_q = NULL;
      g_autofree char *result_key_q = NULL;
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      /* Tables an analysis made hold scores, not names. */
      if (info->origin != NULL || g_ascii_strcasecmp (info->name, points->table) == 0)
        continue;
      for (guint k = 0; keys[k] != NULL && key == NULL; k++)
        key = seg_table_find_column (info, "", keys[k], NULL);
      for (guint n = 0; name_columns[n] != NULL && name == NULL; n++)
        name = seg_table_find_column (info, "", name_columns[n], NULL);
      if (key == NULL || name == NULL || name->type != SEG_COLUMN_TEXT)
        continue;

      table_q = seg_quote_identifier (info->name);
      key_q = seg_quote_identifier (key->name);
      name_q = seg_quote_identifier (name->name);
      result_q = seg_quote_identifier (points->table);
      result_key_q = seg_quote_identifier (points->key_name);
      /* Materialized, the names get an index for the join. */
      sql = g_strdup_printf ("WITH seg_names AS MATERIALIZED ("
                             "  SELECT CAST (%s AS TEXT) AS k, min (%s) AS name FROM %s GROUP BY 1)"
                             " SELECT n.name FROM %s r LEFT JOIN seg_names n ON n.k = CAST (r.%s AS TEXT)"
                             " ORDER BY r.rowid",
                             key_q, name_q, table_q, result_q, result_key_q);
      if (!seg_project_prepare (project, sql, &stmt, NULL))
        continue;
      names = g_ptr_array_new_with_free_func (g_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);

          g_ptr_array_add (names, g_strdup (text != NULL ? text : ""));
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_DONE || names->len != points->n)
        continue;
      g_ptr_array_add (names, NULL);
      g_ptr_array_set_free_func (names, NULL);
      points->names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
      points->people = g_strdup (info->name);
      points->people_key = g_strdup (key->name);
      return;
    }
}

void
seg_run_view_free (SegRunView *view)
{
  if (view == NULL)
    return;
  g_clear_object (&view->record);
  g_clear_pointer (&view->points, seg_run_points_free);
  g_clear_pointer (&view->profile, seg_profile_free);
  g_free (view);
}

/**
 * seg_project_load_run_view:
 * @run: a clustering run
 * @cancel: (nullable): set from another thread to stop, even inside a query
 *
 * Loads a run's record, rows and profile through a connection of its
 * own, so that a worker thread can do it while the window goes on: the
 * profile of a large shop joins every order line.
 *
 * Returns: (transfer full): the run, or NULL with @error set
 */
SegRunView *
seg_project_load_run_view (SegProject          *project,
                           gint64               run,
                           const volatile int  *cancel,
                           GError             **error)
{
  g_autoptr(SegProject) reader = NULL;
  g_autoptr(SegRunView) view = g_new0 (SegRunView, 1);

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  reader = seg_project_open_reader (project, cancel, error);
  if (reader == NULL)
    return NULL;
  view->record = seg_project_get_run (reader, run, error);
  if (view->record != NULL)
    view->points = seg_project_load_run_points (reader, run, error);
  /* A query that the flag interrupted fails; the failure is the cancel. */
  if (seg_cancel_take_error (cancel, error) || view->points == NULL)
    return NULL;
  load_names (reader, view->points, view->record);
  view->profile = seg_project_profile (reader, run, NULL, NULL);
  if (seg_cancel_take_error (cancel, error))
    return NULL;

  return g_steal_pointer (&view);
}

static gpointer
load_view_func (SegProject          *project,
                gpointer             data,
                const volatile int  *cancel,
                GError             **error)
{
  return seg_project_load_run_view (project, *(gint64 *) data, cancel, error);
}

/**
 * seg_project_load_run_view_async:
 * @run: a clustering run
 * @cancellable: (nullable): stops the load, even inside a query
 *
 * Loads what seg_project_load_run_view() loads, in a worker thread.
 */
void
seg_project_load_run_view_async (SegProject          *project,
                                 gint64               run,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_load_run_view_async, load_view_func,
                g_memdup2 (&run, sizeof run), g_free, (GDestroyNotify) seg_run_view_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_load_run_view_finish:
 *
 * Returns: (transfer full): the run, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegRunView *
seg_project_load_run_view_finish (SegProject    *project,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return seg_task_finish (project, result, seg_project_load_run_view_async, error);
}

static gpointer
load_points_func (SegProject          *project,
                  gpointer             data,
                  const volatile int  *cancel,
                  GError             **error)
{
  g_autoptr(SegProject) reader = seg_project_open_reader (project, cancel, error);

  return reader != NULL ? seg_project_load_run_points (reader, *(gint64 *) data, error) : NULL;
}

/**
 * seg_project_load_run_points_async:
 * @run: a clustering run
 * @cancellable: (nullable): stops the load, even inside its query
 *
 * Reads what seg_project_load_run_points() reads, in a worker thread
 * through a connection of its own.
 */
void
seg_project_load_run_points_async (SegProject          *project,
                                   gint64               run,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_load_run_points_async, load_points_func,
                g_memdup2 (&run, sizeof run), g_free, (GDestroyNotify) seg_run_points_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_load_run_points_finish:
 *
 * Returns: (transfer full): the points, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegRunPoints *
seg_project_load_run_points_finish (SegProject    *project,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return seg_task_finish (project, result, seg_project_load_run_points_async, error);
}
