/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-table-rows.h"

void
seg_table_rows_free (SegTableRows *rows)
{
  if (rows == NULL)
    return;

  for (gsize i = 0; i < (gsize) rows->n_rows * rows->n_columns; i++)
    if (G_IS_VALUE (&rows->values[i]))
      g_value_unset (&rows->values[i]);
  g_free (rows->values);
  g_free (rows->types);
  g_strfreev (rows->names);
  g_free (rows->table);
  g_free (rows);
}

/* A cell as the type the catalog gives its column: booleans are stored as
 * 0 and 1, so only the catalog can tell them from numbers. A NULL (or a
 * blob, which no import writes) stays an unset value. */
static void
read_cell (sqlite3_stmt  *stmt,
           int            column,
           SegColumnType  type,
           GValue        *value)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      if (type == SEG_COLUMN_BOOLEAN)
        {
          g_value_init (value, G_TYPE_BOOLEAN);
          g_value_set_boolean (value, sqlite3_column_int64 (stmt, column) != 0);
        }
      else
        {
          g_value_init (value, G_TYPE_INT64);
          g_value_set_int64 (value, sqlite3_column_int64 (stmt, column));
        }
      break;
    case SQLITE_FLOAT:
      g_value_init (value, G_TYPE_DOUBLE);
      g_value_set_double (value, sqlite3_column_double (stmt, column));
      break;
    case SQLITE_TEXT:
      g_value_init (value, G_TYPE_STRING);
      g_value_set_string (value, (const char *) sqlite3_column_text (stmt, column));
      break;
    default:
      break;
    }
}

/**
 * seg_project_read_rows:
 * @table: a table of the project
 * @limit: how many rows at the most
 *
 * Reads the first rows of @table in the order they were stored, through
 * the project's own connection.
 *
 * Returns: (transfer full): the rows, or %NULL with @error set when the
 *   project has no such table or SQLite fails
 */
SegTableRows *
seg_project_read_rows (SegProject  *project,
                       const char  *table,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(SegTableRows) rows = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) values = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  info = seg_project_get_table (project, table, error);
  if (info == NULL)
    return NULL;

  quoted = seg_quote_identifier (info->name);
  columns = seg_table_info_column_list (info, NULL);
  sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid LIMIT ?", columns, quoted);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  rows = g_new0 (SegTableRows, 1);
  rows->table = g_strdup (info->name);
  rows->n_columns = sqlite3_column_count (stmt);
  rows->names = g_new0 (char *, rows->n_columns + 1);
  rows->types = g_new0 (SegColumnType, rows->n_columns);
  for (guint c = 0; c < rows->n_columns; c++)
    {
      rows->names[c] = g_strdup (sqlite3_column_name (stmt, c));
      rows->types[c] = c < info->columns->len
                       ? ((SegColumnInfo *) g_ptr_array_index (info->columns, c))->type
                       : SEG_COLUMN_TEXT;
    }

  values = g_array_new (FALSE, TRUE, sizeof (GValue));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_array_set_size (values, values->len + rows->n_columns);
      for (guint c = 0; c < rows->n_columns; c++)
        read_cell (stmt, c, rows->types[c],
                   &g_array_index (values, GValue, values->len - rows->n_columns + c));
      rows->n_rows++;
    }
  rows->values = (GValue *) (void *) g_array_free (g_steal_pointer (&values), FALSE);

  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/**
 * seg_table_rows_get_value:
 *
 * Returns: (transfer none): the cell, an unset #GValue for NULL
 */
const GValue *
seg_table_rows_get_value (const SegTableRows *rows,
                          guint               row,
                          guint               column)
{
  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (row < rows->n_rows && column < rows->n_columns, NULL);

  return &rows->values[(gsize) row * rows->n_columns + column];
}

/**
 * seg_table_rows_dup_text:
 *
 * Returns: (transfer full): the cell as a person reads it: numbers in their
 *   shortest exact form, booleans as true or false, NULL as "NULL"
 */
char *
seg_table_rows_dup_text (const SegTableRows *rows,
                         guint               row,
                         guint               column)
{
  const GValue *value = seg_table_rows_get_value (rows, row, column);
  char number[32];

  g_return_val_if_fail (value != NULL, NULL);

  if (G_VALUE_HOLDS_BOOLEAN (value))
    return g_strdup (g_value_get_boolean (value) ? "true" : "false");
  if (G_VALUE_HOLDS_INT64 (value))
    return g_strdup_printf ("%" PRId64, g_value_get_int64 (value));
  if (G_VALUE_HOLDS_DOUBLE (value))
    {
      seg_format_double (g_value_get_double (value), number);
      return g_strdup (number);
    }
  if (G_VALUE_HOLDS_STRING (value))
    return g_value_dup_string (value);

  return g_strdup ("NULL");
}

/**
 * seg_project_cluster_rows:
 * @table: a run's result table, with a cluster column
 * @cluster: a cluster number, from 1
 * @keep: (out) (transfer full): a flag per row, in the order the rows were
 *   stored: whether it belongs to @cluster
 * @n_keep: (out): how many flags
 *
 * Picks the rows of one cluster, for a target list.
 *
 * Returns: %TRUE, or %FALSE with @error set when @table has no cluster
 *   column or cannot be read
 */
gboolean
seg_project_cluster_rows (SegProject  *project,
                          const char  *table,
                          int          cluster,
                          guint8     **keep,
                          gsize       *n_keep,
                          GError     **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GByteArray) flags = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (keep != NULL && n_keep != NULL, FALSE);

  info = seg_project_get_table (project, table, error);
  if (info == NULL)
    return FALSE;
  for (guint c = 0; c < info->columns->len; c++)
    found |= g_str_equal (((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name, "cluster");
  if (!found)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--cluster: the table “%s” has no cluster column; give a run’s result table such as run_1"), table);
      return FALSE;
    }

  table_q = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT cluster FROM %s ORDER BY rowid", table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return FALSE;
  flags = g_byte_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint8 flag = sqlite3_column_type (stmt, 0) != SQLITE_NULL && sqlite3_column_int (stmt, 0) == cluster;

      g_byte_array_append (flags, &flag, 1);
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  *n_keep = flags->len;
  *keep = g_byte_array_free (g_steal_pointer (&flags), FALSE);
  return TRUE;
}
