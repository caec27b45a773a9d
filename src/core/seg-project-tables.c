/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-result-view-private.h"

/* The project's catalog: its tables with their columns, their names, and
 * the rows an import set aside. */

/**
 * seg_project_check_table_name:
 * @name: a proposed table name
 * @error: return location for a #SegProjectError
 *
 * Any text can name a table except an empty one, one with control
 * characters, and the prefixes that belong to SQLite and to the catalog.
 *
 * Returns: whether @name can be used
 */
gboolean
seg_project_check_table_name (const char  *name,
                              GError     **error)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("A table needs a name"));
      return FALSE;
    }

  for (const char *p = name; *p; p++)
    {
      if ((guchar)*p < 0x20)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("The table name “%s” contains a control character"), name);
          return FALSE;
        }
    }

  if (g_ascii_strncasecmp (name, "sqlite_", 7) == 0 ||
      g_ascii_strncasecmp (name, "seg_", 4) == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("Table names may not begin with “sqlite_” or “seg_”: “%s”"), name);
      return FALSE;
    }

  if (strlen (name) > SEG_PROJECT_MAX_NAME)
    {
      g_autofree char *start = g_utf8_substring (name, 0, 40);

      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("The table name “%s…” is longer than %d bytes"), start, SEG_PROJECT_MAX_NAME);
      return FALSE;
    }

  return TRUE;
}

void
seg_table_info_free (SegTableInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->source_file);
  g_free (info->encoding);
  g_free (info->delimiter);
  g_free (info->imported_at);
  g_free (info->origin);
  g_clear_pointer (&info->columns, g_ptr_array_unref);
  g_free (info);
}

void
seg_column_info_free (SegColumnInfo *column)
{
  g_free (column->name);
  g_free (column->header);
  g_free (column);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static gboolean
load_columns (SegProject    *self,
              gint64         table_id,
              SegTableInfo  *info,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (self,
                            "SELECT name, header, type, inferred_type, display FROM seg_columns"
                            " WHERE table_id = ? ORDER BY position",
                            &stmt, error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, table_id);
  info->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_column_info_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegColumnInfo *column = g_new0 (SegColumnInfo, 1);

      column->name = dup_column_text (stmt, 0);
      column->header = dup_column_text (stmt, 1);
      if (!seg_column_type_from_string ((const char *)sqlite3_column_text (stmt, 2), &column->type))
        column->type = SEG_COLUMN_TEXT;
      if (!seg_column_type_from_string ((const char *)sqlite3_column_text (stmt, 3), &column->inferred_type))
        column->inferred_type = column->type;
      column->percent = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "percent") == 0;
      g_ptr_array_add (info->columns, column);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);

  return TRUE;
}

#define TABLE_INFO_COLUMNS \
  "SELECT id, name, row_count, source_file, encoding, delimiter, imported_at," \
  " padded, rejected, origin, data_version, base_version FROM seg_tables"

static SegTableInfo *
table_info_from_row (sqlite3_stmt *stmt)
{
  SegTableInfo *info = g_new0 (SegTableInfo, 1);

  info->name = dup_column_text (stmt, 1);
  info->rows = sqlite3_column_int64 (stmt, 2);
  info->source_file = dup_column_text (stmt, 3);
  info->encoding = dup_column_text (stmt, 4);
  info->delimiter = dup_column_text (stmt, 5);
  info->imported_at = dup_column_text (stmt, 6);
  info->padded = sqlite3_column_int64 (stmt, 7);
  info->rejected = sqlite3_column_int64 (stmt, 8);
  info->origin = dup_column_text (stmt, 9);
  info->data_version = sqlite3_column_int64 (stmt, 10);
  info->base_version = sqlite3_column_int64 (stmt, 11);

  return info;
}

/**
 * seg_project_list_tables:
 * @self: a #SegProject
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type SegTableInfo): every table of the
 *   catalog with its columns, by name
 */
GPtrArray *
seg_project_list_tables (SegProject  *self,
                         GError     **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);

  if (!seg_project_prepare (self, TABLE_INFO_COLUMNS " ORDER BY name COLLATE NOCASE", &stmt, error))
    return NULL;

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_table_info_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegTableInfo *info = table_info_from_row (stmt);

      g_ptr_array_add (tables, info);
      if (!load_columns (self, sqlite3_column_int64 (stmt, 0), info, error))
        {
          g_clear_pointer (&stmt, sqlite3_finalize);
          return NULL;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&tables);
}

/**
 * seg_project_get_table:
 * @self: a #SegProject
 * @name: a table name (compared without regard to ASCII case, as SQL does)
 * @error: return location for an error
 *
 * Returns: (transfer full): the table's catalog record, or %NULL with
 *   %SEG_PROJECT_ERROR_NO_SUCH_TABLE
 */
SegTableInfo *
seg_project_get_table (SegProject  *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!seg_project_prepare (self, TABLE_INFO_COLUMNS " WHERE name = ?", &stmt, error))
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      info = table_info_from_row (stmt);
      id = sqlite3_column_int64 (stmt, 0);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      seg_project_set_sqlite_error (self, rc, error);
      return NULL;
    }

  if (!load_columns (self, id, info, error))
    return NULL;

  return g_steal_pointer (&info);
}

gboolean
seg_project_has_table (SegProject *self,
                       const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);

  if (sqlite3_prepare_v2 (seg_project_get_db (self),
                          "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view')"
                          " AND name = ? COLLATE NOCASE",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  g_clear_pointer (&stmt, sqlite3_finalize);

  return found;
}

/**
 * seg_project_catalog_table:
 * @self: a #SegProject
 * @name: a table just created in the current transaction
 * @source: what made it, shown where an import shows its file
 * @origin: (nullable): how it was made, as JSON, for later analyses
 * @rows: its row count
 * @columns: (element-type SegColumnInfo): its columns in order
 * @error: return location for an error
 *
 * Records a table that an analysis made, so that the browser, the
 * export and every later analysis see it like an imported one. The
 * caller holds a transaction.
 */
gboolean
seg_project_catalog_table (SegProject  *self,
                           const char  *name,
                           const char  *source,
                           const char  *origin,
                           gint64       rows,
                           GPtrArray   *columns,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 table_id;
  int rc;

  if (!seg_project_prepare (self,
                            "INSERT INTO seg_tables (name, source_file, origin, imported_at, row_count)"
                            " VALUES (?, ?, ?, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, rows);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);
  table_id = sqlite3_last_insert_rowid (seg_project_get_db (self));
  if (!seg_project_stamp_table (self, name, TRUE, NULL, error))
    return FALSE;

  if (!seg_project_prepare (self,
                            "INSERT INTO seg_columns (table_id, position, name, header, type, inferred_type, display)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &stmt, error))
    return FALSE;
  for (guint i = 0; i < columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (columns, i);
      const char *type = seg_column_type_to_string (column->type);

      sqlite3_bind_int64 (stmt, 1, table_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, column->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, column->header != NULL ? column->header : column->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, type, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, type, -1, SQLITE_STATIC);
      if (column->percent)
        sqlite3_bind_text (stmt, 7, "percent", -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 7);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          g_clear_pointer (&stmt, sqlite3_finalize);
          return seg_project_set_sqlite_error (self, rc, error);
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return TRUE;
}

/**
 * seg_project_stamp_table:
 * @self: a #SegProject in a transaction
 * @name: a table of the catalog
 * @replaced: whether the table's rows were replaced as a whole (an import,
 *   a result table written), rather than added to
 * @version: (out) (optional): the table's new data version
 * @error: return location for an error
 *
 * Gives the table the next data version of the project after a change of
 * its rows, so that runs that read it before can tell. The versions of
 * all tables come from one counter: a table dropped and made again never
 * gets a number it had before.
 */
gboolean
seg_project_stamp_table (SegProject  *self,
                         const char  *name,
                         gboolean     replaced,
                         gint64      *version,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 next;
  int rc;

  if (!seg_project_prepare (self,
                            "INSERT INTO seg_meta (key, value) VALUES ('data_version', '1')"
                            " ON CONFLICT (key) DO UPDATE SET value = CAST (CAST (value AS INTEGER) + 1 AS TEXT)"
                            " RETURNING CAST (value AS INTEGER)",
                            &stmt, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return seg_project_set_sqlite_error (self, rc, error);
  next = sqlite3_column_int64 (stmt, 0);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);

  if (!seg_project_prepare (self,
                            "UPDATE seg_tables SET data_version = ?1,"
                            " base_version = CASE WHEN ?3 THEN ?1 ELSE base_version END"
                            " WHERE name = ?2",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, next);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, replaced);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);

  if (version != NULL)
    *version = next;
  return TRUE;
}

/* What a run stored of its result table @name for its map and its
 * profile, which no longer say anything once the table is gone. */
static gboolean
drop_stored_views (SegProject  *self,
                   const char  *name,
                   GError     **error)
{
  static const char *const tables[] = { "seg_run_maps", "seg_run_profiles" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "DELETE FROM %s WHERE run_id IN ("
        " SELECT r.id FROM seg_tables t JOIN seg_runs r"
        "  ON r.id = CASE WHEN json_valid (t.origin) THEN json_extract (t.origin, '$.run') END"
        " WHERE t.name = ?1"
        "  AND CASE WHEN json_valid (r.result_tables) THEN json_extract (r.result_tables, '$[0]') END"
        "      = ?1 COLLATE NOCASE)", tables[i]);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      if (!seg_project_prepare (self, sql, &stmt, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (self, rc, error);
    }

  return TRUE;
}

/* Drops a table and its catalog rows; the caller holds a transaction. */
gboolean
seg_project_drop_table_in_transaction (SegProject  *self,
                                       const char  *name,
                                       GError     **error)
{
  g_autofree char *quoted = seg_quote_identifier (name);
  g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS %s", quoted);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean was_view;
  int rc;

  /* Results that read the table's rows keep them; a result kept as a
   * view goes with its own rows, and the map and profile a clustering
   * run stored of it go with it too. */
  if (!drop_stored_views (self, name, error) ||
      !seg_result_view_keep_rows_of (self, name, error) ||
      !seg_result_view_drop (self, name, &was_view, error) ||
      (!was_view && !seg_project_exec (self, sql, error)))
    return FALSE;

  if (!seg_project_prepare (self, "DELETE FROM seg_tables WHERE name = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);

  return TRUE;
}

gboolean
seg_project_drop_table (SegProject  *self,
                        const char  *name,
                        GError     **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!seg_project_has_table (self, name))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), name);
      return FALSE;
    }

  if (!seg_project_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!seg_project_drop_table_in_transaction (self, name, error))
    {
      seg_project_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  return seg_project_exec (self, "COMMIT", error);
}

gboolean
seg_project_rename_table (SegProject  *self,
                          const char  *name,
                          const char  *new_name,
                          GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *new_quoted = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean was_view;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!seg_project_check_table_name (new_name, error))
    return FALSE;

  if (!seg_project_has_table (self, name))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), name);
      return FALSE;
    }

  if (g_ascii_strcasecmp (name, new_name) != 0 && seg_project_has_table (self, new_name))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("The project already has a table “%s”"), new_name);
      return FALSE;
    }

  quoted = seg_quote_identifier (name);
  new_quoted = seg_quote_identifier (new_name);
  sql = g_strdup_printf ("ALTER TABLE %s RENAME TO %s", quoted, new_quoted);

  if (!seg_project_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* SQLite renames a table in the views that read it, but cannot rename
   * a view: a result kept as one is made again under the new name. */
  if (!seg_result_view_rename (self, name, new_name, &was_view, error) ||
      (!was_view && !seg_project_exec (self, sql, error)))
    goto failed;

  if (!seg_project_prepare (self, "UPDATE seg_tables SET name = ? WHERE name = ?", &stmt, error))
    goto failed;
  sqlite3_bind_text (stmt, 1, new_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (self, rc, error);
      goto failed;
    }

  return seg_project_exec (self, "COMMIT", error);

failed:
  seg_project_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

/*
 * seg_table_info_column_list:
 * @prefix: (nullable): what names the table in the query, such as "r"
 *
 * The table's columns as the catalog lists them, quoted and separated by
 * commas, for a SELECT: what `*` reads of a table of its own, also of a
 * result kept as a view, whose row number is a column too.
 *
 * Returns: (transfer full): the list
 */
char *
seg_table_info_column_list (const SegTableInfo *info,
                            const char         *prefix)
{
  GString *list = g_string_new (NULL);

  for (guint c = 0; c < info->columns->len; c++)
    {
      g_autofree char *quoted = seg_quote_identifier (((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name);

      g_string_append_printf (list, "%s%s%s%s", c > 0 ? ", " : "", prefix != NULL ? prefix : "",
                              prefix != NULL ? "." : "", quoted);
    }
  return g_string_free (list, FALSE);
}

void
seg_reject_free (SegReject *reject)
{
  if (reject == NULL)
    return;

  g_free (reject->reason);
  g_free (reject->raw);
  g_free (reject->source_file);
  g_free (reject);
}

/**
 * seg_project_list_rejects:
 * @self: a #SegProject
 * @table: a table made by an import
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type SegReject): the rows the import
 *   of @table set aside, in the order they were read: those of its import
 *   first, then those of each file added to it
 */
GPtrArray *
seg_project_list_rejects (SegProject  *self,
                          const char  *table,
                          GError     **error)
{
  g_autoptr(GPtrArray) rejects = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_reject_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!seg_project_prepare (self,
                            "SELECT r.line, r.column, r.reason, r.raw, r.source_file FROM seg_rejects r"
                            " JOIN seg_tables t ON t.id = r.table_id"
                            " WHERE t.name = ? ORDER BY r.rowid",
                            &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegReject *reject = g_new0 (SegReject, 1);

      reject->line = sqlite3_column_int64 (stmt, 0);
      reject->column = sqlite3_column_int (stmt, 1);
      reject->reason = dup_column_text (stmt, 2);
      reject->raw = dup_column_text (stmt, 3);
      reject->source_file = dup_column_text (stmt, 4);
      g_ptr_array_add (rejects, reject);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rejects);
}
