/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-run-axes.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-run-record.h"

/*
 * Any two number columns of a run can stand in for the map's axes: those
 * of its result table (the columns it clustered on, as they were) and
 * those of its input table, matched to the result's rows by their key.
 */

/* Columns of a result table that are the run's own, not the data's. */
static const char *const run_columns[] = { "cluster", "pc1", "pc2", "silhouette" };

void
seg_axis_column_free (SegAxisColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->name);
  g_free (column);
}

static gboolean
is_number (const SegColumnInfo *column)
{
  return column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL;
}

static gboolean
is_run_column (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_columns); i++)
    if (g_strcmp0 (name, run_columns[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The run's record, result table and, when the run names a key, its
 * input table. */
static gboolean
run_tables (SegProject     *project,
            gint64          run,
            SegTableInfo  **result,
            SegTableInfo  **input,
            char          **key,
            GError        **error)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, run, error);
  JsonObject *object;

  if (record == NULL)
    return FALSE;
  if ((*result = seg_run_record_get_result (record, project, error)) == NULL)
    return FALSE;
  if ((*result)->columns->len == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The result table of run %" PRId64 " is no longer in the project"), run);
      return FALSE;
    }
  object = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  *input = NULL;
  *key = NULL;
  if (object != NULL && json_object_has_member (object, "key") && !json_object_get_null_member (object, "key") &&
      record->input_table != NULL)
    {
      *input = seg_project_get_table (project, record->input_table, NULL);
      if (*input != NULL)
        *key = g_strdup (json_object_get_string_member (object, "key"));
    }
  return TRUE;
}

/**
 * seg_project_run_axis_columns:
 * @run: a clustering run
 *
 * Returns: (transfer container) (element-type SegAxisColumn): the number
 *   columns the run's rows can be drawn over, or NULL with @error set
 */
GPtrArray *
seg_project_run_axis_columns (SegProject  *project,
                              gint64       run,
                              GError     **error)
{
  g_autoptr(SegTableInfo) result = NULL;
  g_autoptr(SegTableInfo) input = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *columns;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  if (!run_tables (project, run, &result, &input, &key, error))
    return NULL;

  columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_axis_column_free);
  /* The first column of a result table is its key. */
  for (guint i = 1; i < result->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (result->columns, i);
      SegAxisColumn *axis;

      if (!is_number (column) || is_run_column (column->name))
        continue;
      axis = g_new0 (SegAxisColumn, 1);
      axis->name = g_strdup (column->name);
      g_ptr_array_add (columns, axis);
      g_hash_table_add (seen, axis->name);
    }
  for (guint i = 0; input != NULL && i < input->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (input->columns, i);
      SegAxisColumn *axis;

      if (!is_number (column) || g_strcmp0 (column->name, key) == 0 ||
          g_hash_table_contains (seen, column->name))
        continue;
      axis = g_new0 (SegAxisColumn, 1);
      axis->name = g_strdup (column->name);
      axis->from_input = TRUE;
      g_ptr_array_add (columns, axis);
    }
  return columns;
}

/**
 * seg_project_load_run_axis:
 * @run: a clustering run
 * @column: one of seg_project_run_axis_columns()
 * @n_values: (out): how many rows the run has
 * @n_positive: (out) (optional): how many of the values are above zero
 *
 * Reads a number column for each of the run's rows, in the order
 * seg_project_load_run_points() gives them; NAN where a row has no value.
 *
 * Returns: (transfer full): the values, or NULL with @error set
 */
double *
seg_project_load_run_axis (SegProject  *project,
                           gint64       run,
                           const char  *column,
                           gsize       *n_values,
                           gsize       *n_positive,
                           GError     **error)
{
  g_autoptr(SegTableInfo) result = NULL;
  g_autoptr(SegTableInfo) input = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *result_q = NULL;
  g_autofree char *column_q = NULL;
  g_autofree char *result_key_q = NULL;
  gboolean in_result = FALSE;
  gsize positive = 0;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  if (!run_tables (project, run, &result, &input, &key, error))
    return NULL;
  for (guint i = 1; i < result->columns->len && !in_result; i++)
    {
      SegColumnInfo *info = g_ptr_array_index (result->columns, i);

      in_result = g_strcmp0 (info->name, column) == 0 && is_number (info) && !is_run_column (info->name);
    }
  if (!in_result)
    {
      SegColumnInfo *info = input != NULL ? seg_table_find_column (input, "axis", column, NULL) : NULL;

      if (info == NULL || !is_number (info) || g_strcmp0 (info->name, key) == 0)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("Run %" PRId64 " has no number column “%s” to draw"), run, column);
          return NULL;
        }
    }

  result_q = seg_quote_identifier (result->name);
  column_q = seg_quote_identifier (column);
  result_key_q = seg_quote_identifier (((SegColumnInfo *) g_ptr_array_index (result->columns, 0))->name);

  if (!in_result)
    {
      g_autofree char *input_q = seg_quote_identifier (input->name);
      g_autofree char *key_q = seg_quote_identifier (key);
      g_autofree char *by_key_sql = g_strdup_printf ("SELECT %s, %s FROM %s", key_q, column_q, input_q);

      /* The first row of a key counts, as a join on it would take. */
      by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (!seg_project_prepare (project, by_key_sql, &stmt, error))
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *k = (const char *) sqlite3_column_text (stmt, 0);
          double v = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 1);

          if (k != NULL && !g_hash_table_contains (by_key, k))
            g_hash_table_insert (by_key, g_strdup (k), g_memdup2 (&v, sizeof v));
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_DONE)
        {
          seg_project_set_sqlite_error (project, rc, error);
          return NULL;
        }
      sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid", result_key_q, result_q);
    }
  else
    sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid", column_q, result_q);

  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double v;

      if (by_key != NULL)
        {
          const char *k = (const char *) sqlite3_column_text (stmt, 0);
          const double *found = k != NULL ? g_hash_table_lookup (by_key, k) : NULL;

          v = found != NULL ? *found : NAN;
        }
      else
        v = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 0);
      if (!isfinite (v))
        v = NAN;
      positive += v > 0;
      g_array_append_val (values, v);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  *n_values = values->len;
  if (n_positive != NULL)
    *n_positive = positive;
  return (double *) (gpointer) g_array_free (g_steal_pointer (&values), FALSE);
}

/**
 * seg_project_load_run_merges:
 * @run: a hierarchical clustering run
 * @n_rows: (out): how many rows the tree joins
 *
 * Reads the merges the run stored, in the order they were made.
 *
 * Returns: (transfer full) (element-type SegMerge): the merges, or NULL
 *   with @error set when the run stored none
 */
GArray *
seg_project_load_run_merges (SegProject  *project,
                             gint64       run,
                             gsize       *n_rows,
                             GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GArray) merges = g_array_new (FALSE, FALSE, sizeof (SegMerge));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  const char *table = NULL;
  gint64 last_node;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;
  for (guint i = 0; record->result_tables != NULL && record->result_tables[i] != NULL; i++)
    if (g_str_has_suffix (record->result_tables[i], "_merges"))
      table = record->result_tables[i];
  if (table == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("Run %" PRId64 " stored no tree of merges"), run);
      return NULL;
    }

  table_q = seg_quote_identifier (table);
  sql = g_strdup_printf ("SELECT a, b, height, size FROM %s ORDER BY step", table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegMerge merge = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
        sqlite3_column_double (stmt, 2), sqlite3_column_int64 (stmt, 3),
      };

      g_array_append_val (merges, merge);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  /* n rows take n − 1 merges, each joining two earlier nodes. */
  last_node = (gint64) merges->len * 2;
  for (guint i = 0; i < merges->len; i++)
    {
      SegMerge *merge = &g_array_index (merges, SegMerge, i);

      if (merge->a < 0 || merge->b < 0 || merge->a >= (gint64) merges->len + 1 + i ||
          merge->b >= (gint64) merges->len + 1 + i || merge->a > last_node || !isfinite (merge->height) ||
          (i > 0 && merge->height < g_array_index (merges, SegMerge, i - 1).height))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_DAMAGED,
                       _("The tree of run %" PRId64 " is damaged at merge %u"), run, i + 1);
          return NULL;
        }
    }
  *n_rows = merges->len + 1;
  return g_steal_pointer (&merges);
}
