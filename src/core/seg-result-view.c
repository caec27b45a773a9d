/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-result-view-private.h"

/*
 * A result table that adds a few columns to the rows of its input, such
 * as a clustering run's cluster, map place and silhouette, keeps only
 * what it adds, one row per input row: the rows table, named after the
 * run, holds the result's own row number (its rowid), the input row it
 * stands for (`source`) and the added columns. The result table that
 * people, pages and scripts read is a view of that name joining the
 * input's rows back in, with the same columns in the same order as a
 * table of its own would have, and its row number as a column named
 * `rowid`, so that reading it in rowid order works as on a table.
 *
 * seg_result_views records each such view: its rows table, its input,
 * whether its first column is the input's row number (a run without a
 * key) and how many columns at its end come from the rows table. The
 * catalog (seg_tables, seg_columns) lists the view like any table.
 *
 * Before its input is dropped or replaced, a view becomes a table of its
 * own with the same rows (materialised), in the caller's transaction, so
 * that no result is lost; rows added to the input later are not in the
 * rows table and so not in the view. Renaming the input is followed by
 * SQLite itself. The project changes the rows of a table only by adding
 * to them or by replacing them as a whole.
 */

typedef struct
{
  char    *name;
  char    *rows_table;
  char    *input;
  gboolean numbered;
  int      n_own;
} ResultView;

static void
result_view_clear (ResultView *view)
{
  g_clear_pointer (&view->name, g_free);
  g_clear_pointer (&view->rows_table, g_free);
  g_clear_pointer (&view->input, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ResultView, result_view_clear)

/* Whether the project records result views (from schema version 9). */
static gboolean
has_views_table (SegProject *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (seg_project_get_db (self),
                          "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'seg_result_views'",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The record of the view @name; FALSE when there is none. */
static gboolean
find_view (SegProject *self,
           const char *name,
           ResultView *view)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!has_views_table (self) ||
      !seg_project_prepare (self,
                            "SELECT name, rows_table, input_table, numbered, own_columns"
                            " FROM seg_result_views WHERE name = ?",
                            &stmt, NULL))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  view->name = dup_text (stmt, 0);
  view->rows_table = dup_text (stmt, 1);
  view->input = dup_text (stmt, 2);
  view->numbered = sqlite3_column_int (stmt, 3) != 0;
  view->n_own = sqlite3_column_int (stmt, 4);
  return TRUE;
}

/*
 * seg_result_view_select:
 * @columns: (element-type SegColumnInfo): the view's columns in order
 *
 * The SELECT a result view stands for: its row number as `rowid`, then
 * @columns, the first the input's row number when @numbered, the last
 * @n_own from the rows table, the others from the input row.
 */
char *
seg_result_view_select (const char *rows_table,
                        const char *input,
                        GPtrArray  *columns,
                        gboolean    numbered,
                        int         n_own)
{
  g_autoptr(GString) sql = g_string_new ("SELECT r.row AS rowid");
  g_autofree char *rows_q = seg_quote_identifier (rows_table);
  g_autofree char *input_q = seg_quote_identifier (input);

  for (guint c = 0; c < columns->len; c++)
    {
      SegColumnInfo *column = g_ptr_array_index (columns, c);
      g_autofree char *quoted = seg_quote_identifier (column->name);

      if (c == 0 && numbered)
        g_string_append_printf (sql, ", r.source AS %s", quoted);
      else if (c + n_own >= columns->len)
        g_string_append_printf (sql, ", r.%s AS %s", quoted, quoted);
      else
        g_string_append_printf (sql, ", i.%s AS %s", quoted, quoted);
    }
  /* The rows table leads: the view is read in its order, each input
   * row found by its rowid. A left join, so that a query of the run's
   * own columns alone (its row numbers, its clusters) does not look the
   * input up at all, and a row of the input deleted behind the
   * project's back leaves the run's row, its input columns empty. */
  g_string_append_printf (sql, " FROM %s AS r LEFT JOIN %s AS i ON i.rowid = r.source", rows_q, input_q);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/*
 * seg_result_view_create:
 * @writer: the connection, in a transaction
 * @name: the result table's name, free
 * @rows_table: the rows table, written: `row` (INTEGER PRIMARY KEY),
 *   `source` and the last @n_own of @columns
 * @columns: (element-type SegColumnInfo): the result's columns
 *
 * Makes @name the view of @rows_table's rows with their input rows, and
 * records it. The caller catalogs @name.
 */
gboolean
seg_result_view_create (SegProject  *writer,
                        const char  *name,
                        const char  *rows_table,
                        const char  *input,
                        GPtrArray   *columns,
                        gboolean     numbered,
                        int          n_own,
                        GError     **error)
{
  g_autofree char *select = seg_result_view_select (rows_table, input, columns, numbered, n_own);
  g_autofree char *name_q = seg_quote_identifier (name);
  g_autofree char *sql = g_strdup_printf ("CREATE VIEW %s AS %s", name_q, select);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_exec (writer, sql, error) ||
      !seg_project_prepare (writer,
                            "INSERT OR REPLACE INTO seg_result_views"
                            " (name, rows_table, input_table, numbered, own_columns) VALUES (?, ?, ?, ?, ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rows_table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, input, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, numbered);
  sqlite3_bind_int (stmt, 5, n_own);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);
  return TRUE;
}

/*
 * seg_result_view_rows_table:
 *
 * Returns: (transfer full) (nullable): the rows table behind the result
 *   view @name, %NULL when @name is not one
 */
char *
seg_result_view_rows_table (SegProject *self,
                            const char *name)
{
  g_auto(ResultView) view = { 0 };

  if (!find_view (self, name, &view))
    return NULL;
  return g_steal_pointer (&view.rows_table);
}

static gboolean
forget_view (SegProject  *self,
             ResultView  *view,
             GError     **error)
{
  g_autofree char *rows_q = seg_quote_identifier (view->rows_table);
  g_autofree char *drop = g_strdup_printf ("DROP TABLE IF EXISTS %s", rows_q);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_exec (self, drop, error) ||
      !seg_project_prepare (self, "DELETE FROM seg_result_views WHERE name = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, view->name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);
  return TRUE;
}

/* The view's columns as the catalog lists them. */
static SegTableInfo *
view_info (SegProject  *self,
           ResultView  *view,
           GError     **error)
{
  g_autoptr(SegTableInfo) info = seg_project_get_table (self, view->name, error);

  if (info == NULL)
    return NULL;
  if ((int) info->columns->len < view->n_own + (view->numbered ? 1 : 0))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_DAMAGED,
                   _("The result table “%s” lacks columns its catalog should list"), view->name);
      return NULL;
    }
  return g_steal_pointer (&info);
}

/* Replaces the view by a table of its own holding the same rows under
 * the same row numbers, with the column types of the catalog. */
static gboolean
materialize (SegProject  *self,
             ResultView  *view,
             GError     **error)
{
  g_autoptr(SegTableInfo) info = view_info (self, view, error);
  g_autoptr(GString) create = NULL;
  g_autoptr(GString) insert = NULL;
  g_autofree char *name_q = seg_quote_identifier (view->name);
  g_autofree char *select = NULL;
  g_autofree char *drop = NULL;

  if (info == NULL)
    return FALSE;

  create = g_string_new (NULL);
  insert = g_string_new (NULL);
  g_string_append_printf (create, "CREATE TABLE %s (", name_q);
  g_string_append_printf (insert, "INSERT INTO %s (rowid", name_q);
  for (guint c = 0; c < info->columns->len; c++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, c);
      g_autofree char *quoted = seg_quote_identifier (column->name);

      g_string_append_printf (create, "%s%s %s", c > 0 ? ", " : "", quoted, seg_column_type_to_sql (column->type));
      g_string_append_printf (insert, ", %s", quoted);
    }
  g_string_append (create, ") STRICT");
  select = seg_result_view_select (view->rows_table, view->input, info->columns, view->numbered, view->n_own);
  /* In row order, as the rows were first written. */
  g_string_append_printf (insert, ") %s ORDER BY r.row", select);
  drop = g_strdup_printf ("DROP VIEW %s", name_q);

  return seg_project_exec (self, drop, error) &&
         seg_project_exec (self, create->str, error) &&
         seg_project_exec (self, insert->str, error) &&
         forget_view (self, view, error);
}

/* The names of the result views whose input is @input. */
static GPtrArray *
views_of (SegProject  *self,
          const char  *input,
          GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!has_views_table (self))
    return g_steal_pointer (&names);
  if (!seg_project_prepare (self, "SELECT name FROM seg_result_views WHERE input_table = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, input, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, dup_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

/*
 * seg_result_view_keep_rows_of:
 * @self: a project in a transaction
 * @input: a table about to be dropped or replaced
 *
 * Makes every result view that reads @input a table of its own, with
 * the rows it shows now.
 */
gboolean
seg_result_view_keep_rows_of (SegProject  *self,
                              const char  *input,
                              GError     **error)
{
  g_autoptr(GPtrArray) names = views_of (self, input, error);

  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      g_auto(ResultView) view = { 0 };

      if (find_view (self, g_ptr_array_index (names, i), &view) && !materialize (self, &view, error))
        return FALSE;
    }
  return TRUE;
}

/*
 * seg_result_view_drop:
 * @self: a project in a transaction
 *
 * Drops @name with its rows table when it is a result view.
 *
 * Returns: whether @name was one, FALSE with @error set on failure
 */
gboolean
seg_result_view_drop (SegProject  *self,
                      const char  *name,
                      gboolean    *dropped,
                      GError     **error)
{
  g_auto(ResultView) view = { 0 };
  g_autofree char *name_q = NULL;
  g_autofree char *drop = NULL;

  *dropped = FALSE;
  if (!find_view (self, name, &view))
    return TRUE;
  name_q = seg_quote_identifier (view.name);
  drop = g_strdup_printf ("DROP VIEW IF EXISTS %s", name_q);
  if (!seg_project_exec (self, drop, error) || !forget_view (self, &view, error))
    return FALSE;
  *dropped = TRUE;
  return TRUE;
}

/*
 * seg_result_view_rename:
 * @self: a project in a transaction
 *
 * Follows a table's new name: a result view @name is made again as
 * @new_name (SQLite cannot rename a view); views whose input is @name
 * keep it under its new name, as SQLite rewrote them. The caller renames
 * a table itself and updates the catalog after.
 *
 * Returns: FALSE with @error set on failure
 */
gboolean
seg_result_view_rename (SegProject  *self,
                        const char  *name,
                        const char  *new_name,
                        gboolean    *was_view,
                        GError     **error)
{
  g_auto(ResultView) view = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *was_view = FALSE;
  if (!has_views_table (self))
    return TRUE;

  if (find_view (self, name, &view))
    {
      g_autoptr(SegTableInfo) info = view_info (self, &view, error);
      g_autofree char *name_q = seg_quote_identifier (view.name);
      g_autofree char *drop = g_strdup_printf ("DROP VIEW %s", name_q);

      if (info == NULL ||
          /* A view of this one would lose its input: it keeps its rows. */
          !seg_result_view_keep_rows_of (self, name, error) ||
          !seg_project_exec (self, drop, error))
        return FALSE;
      if (!seg_result_view_create (self, new_name, view.rows_table, view.input, info->columns,
                                   view.numbered, view.n_own, error))
        return FALSE;
      if (!seg_project_prepare (self, "DELETE FROM seg_result_views WHERE name = ? AND name <> ?", &stmt, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, new_name, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (self, rc, error);
      *was_view = TRUE;
      return TRUE;
    }

  if (!seg_project_prepare (self, "UPDATE seg_result_views SET input_table = ? WHERE input_table = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, new_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);
  return TRUE;
}

/*
 * seg_result_view_can_read:
 *
 * Returns: whether a result view can read the rows of @input: when it is
 *   a table of its own, not itself a view
 */
gboolean
seg_result_view_can_read (SegProject *self,
                          const char *input)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!has_views_table (self) ||
      !seg_project_prepare (self, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE",
                            &stmt, NULL))
    return FALSE;
  sqlite3_bind_text (stmt, 1, input, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}
