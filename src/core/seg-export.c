/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "seg-csv-reader.h"
#include "seg-error.h"
#include "seg-export-private.h"

#define FLUSH_SIZE (64 * 1024)

/**
 * seg_text_needs_formula_guard:
 * @text: a cell's text
 * @len: its length
 *
 * Spreadsheets run a cell that starts with one of these characters as a
 * formula; a list handed on to someone else must not carry one.
 *
 * Returns: whether @text would be taken for a formula
 */
gboolean
seg_text_needs_formula_guard (const char *text,
                              gsize       len)
{
  if (len == 0)
    return FALSE;

  switch (text[0])
    {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    default:
      return FALSE;
    }
}

/* One text field, quoted as CSV needs, and with a leading apostrophe
 * when @guard is set and a spreadsheet would take it for a formula. */
static void
append_text (GString    *buf,
             const char *text,
             gsize       len,
             gboolean    guard)
{
  if (guard && seg_text_needs_formula_guard (text, len))
    {
      /* By length: text may hold a NUL byte. */
      g_autoptr(GString) safe = g_string_sized_new (len + 1);

      g_string_append_c (safe, '\'');
      g_string_append_len (safe, text, len);
      seg_csv_append_field (buf, safe->str, safe->len, ',');
    }
  else
    seg_csv_append_field (buf, text, len, ',');
}

static gboolean
flush (GOutputStream  *out,
       GString        *buf,
       GCancellable   *cancellable,
       GError        **error)
{
  if (buf->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (buf, 0);
  return TRUE;
}

/**
 * seg_project_export_csv:
 * @project: a #SegProject
 * @table: the table to write
 * @out: where to write
 * @flags: #SegExportFlags
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes @table as UTF-8 CSV (RFC 4180, CRLF line ends) with a header
 * line: ISO dates, '.' decimals, numbers in the shortest form that reads
 * back to the same value, booleans as true/false, NULL as an empty field.
 *
 * Returns: whether the whole table was written
 */
gboolean
seg_project_export_csv (SegProject      *project,
                        const char      *table,
                        GOutputStream   *out,
                        SegExportFlags   flags,
                        GCancellable    *cancellable,
                        GError         **error)
{
  return seg_project_export_rows (project, &(SegExportRows) { .table = table }, out, flags, cancellable, error);
}

/* The map coordinates a run writes, pc1, pc2…, and the silhouettes:
 * figures for analysts, not for a target list. */
static gboolean
is_map_figure (const char *name)
{
  if (g_ascii_strcasecmp (name, "silhouette") == 0)
    return TRUE;
  if (g_ascii_strncasecmp (name, "pc", 2) != 0 || name[2] == '\0')
    return FALSE;
  for (const char *p = name + 2; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* The columns of a run's result table as a target list shows them: the
 * segment's name for its number, the map's figures rounded or left out.
 * Adds to @sql and gives the number of columns. */
static int
append_target_columns (GString             *sql,
                       SegTableInfo        *info,
                       const SegTargetList *target)
{
  int n = 0;

  for (guint c = 0; c < info->columns->len; c++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, c);
      g_autofree char *column_q = seg_quote_identifier (column->name);

      if (n > 0)
        g_string_append (sql, ", ");
      if (g_ascii_strcasecmp (column->name, "cluster") == 0)
        {
          g_string_append_printf (sql, "CASE r.%s", column_q);
          for (guint k = 0; target->names != NULL && target->names[k] != NULL; k++)
            {
              char *name = sqlite3_mprintf ("%Q", target->names[k]);

              g_string_append_printf (sql, " WHEN %u THEN %s", k + 1, name);
              sqlite3_free (name);
            }
          {
            char *noise = sqlite3_mprintf ("%Q", target->noise);

            g_string_append_printf (sql, " ELSE %s END AS \"segment\"", noise);
            sqlite3_free (noise);
          }
        }
      else if (is_map_figure (column->name))
        {
          if (!target->figures)
            {
              /* Take back the separator: the column is left out. */
              if (n > 0)
                g_string_truncate (sql, sql->len - 2);
              continue;
            }
          g_string_append_printf (sql, "round (r.%s, 3) AS %s", column_q, column_q);
        }
      else
        g_string_append_printf (sql, "r.%s", column_q);
      n++;
    }

  return n;
}

/* Each column of a query whose name is a column of @columns, its type:
 * booleans, which SQLite keeps as integers, and dates, which it keeps as
 * text. A column made up by the query, such as a target list's segment
 * names, is text. */
static void
mark_types (sqlite3_stmt  *stmt,
            GPtrArray     *columns,
            SegColumnType *types,
            int            n)
{
  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      types[i] = SEG_COLUMN_TEXT;
      for (guint c = 0; name != NULL && c < columns->len; c++)
        if (g_str_equal (((SegColumnInfo *) g_ptr_array_index (columns, c))->name, name))
          types[i] = ((SegColumnInfo *) g_ptr_array_index (columns, c))->type;
    }
}

/* The rows of @table, and with @join the columns of the row of another
 * table that shares their key, as a query in the order they were stored. */
gboolean
seg_export_prepare_rows (SegProject           *project,
                         const char           *table,
                         const SegExportJoin  *join,
                         const SegTargetList  *target,
                         sqlite3_stmt        **stmt,
                         SegColumnType       **types,
                         GError              **error)
{
  g_autoptr(SegTableInfo) info = seg_project_get_table (project, table, error);
  g_autoptr(SegTableInfo) other = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *table_q = NULL;
  g_autoptr(GArray) extra = g_array_new (FALSE, FALSE, sizeof (int));
  int n_columns;
  int n_own;

  if (info == NULL)
    return FALSE;
  table_q = seg_quote_identifier (info->name);
  if (join != NULL)
    other = seg_project_get_table (project, join->table, error);
  if (join != NULL && other == NULL)
    return FALSE;

  g_string_assign (sql, "SELECT ");
  if (target != NULL)
    n_own = append_target_columns (sql, info, target);
  else
    {
      g_autofree char *columns = seg_table_info_column_list (info, "r");

      g_string_append (sql, columns);
      n_own = (int) info->columns->len;
    }

  if (other == NULL)
    g_string_append_printf (sql, " FROM %s r ORDER BY r.rowid", table_q);
  else
    {
      g_autofree char *other_q = seg_quote_identifier (other->name);
      g_autofree char *key_q = seg_quote_identifier (join->key);
      g_autofree char *other_key_q = seg_quote_identifier (join->other_key);

      /* One row a key, materialized so that SQLite indexes it for the
       * join; the other table's columns follow, but for its key, named
       * after their table where ours has the same name. */
      g_autofree char *own = g_strdup (sql->str);

      g_string_printf (sql, "WITH seg_other AS MATERIALIZED ("
                            "  SELECT CAST (%s AS TEXT) AS seg_key, * FROM %s GROUP BY 1) %s",
                       other_key_q, other_q, own);
      for (guint c = 0; c < other->columns->len; c++)
        {
          SegColumnInfo *column = g_ptr_array_index (other->columns, c);
          g_autofree char *column_q = seg_quote_identifier (column->name);
          g_autofree char *alias = NULL;
          g_autofree char *alias_q = NULL;
          gboolean clash = FALSE;
          int index = (int) c;

          if (g_ascii_strcasecmp (column->name, join->other_key) == 0 ||
              (join->columns != NULL && !g_strv_contains (join->columns, column->name)))
            continue;
          for (guint o = 0; o < info->columns->len && !clash; o++)
            clash = g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (info->columns, o))->name, column->name) == 0;
          alias = clash ? g_strdup_printf ("%s.%s", other->name, column->name) : g_strdup (column->name);
          alias_q = seg_quote_identifier (alias);
          g_string_append_printf (sql, ", p.%s AS %s", column_q, alias_q);
          g_array_append_val (extra, index);
        }
      g_string_append_printf (sql, " FROM %s r LEFT JOIN seg_other p ON p.seg_key = CAST (r.%s AS TEXT)"
                                   " ORDER BY r.rowid",
                              table_q, key_q);
    }

  if (!seg_project_prepare (project, sql->str, stmt, error))
    return FALSE;
  n_columns = sqlite3_column_count (*stmt);
  *types = g_new0 (SegColumnType, n_columns);
  mark_types (*stmt, info->columns, *types, MIN (n_columns, n_own));
  for (guint e = 0; other != NULL && e < extra->len; e++)
    {
      int at = n_own + (int) e;
      int index = g_array_index (extra, int, e);

      if (at < n_columns)
        (*types)[at] = ((SegColumnInfo *) g_ptr_array_index (other->columns, index))->type;
    }
  return TRUE;
}

/**
 * seg_project_export_rows:
 * @rows: the table, and which of its rows to write and how
 * @out: where to write
 *
 * Writes the chosen rows of a table as seg_project_export_csv() writes a
 * whole table: such as the customers selected on a map, with their names
 * and addresses from another table; or, with a target list, a run's
 * result table with each row's segment by name.
 *
 * Returns: whether the rows were written
 */
gboolean
seg_project_export_rows (SegProject           *project,
                         const SegExportRows  *rows,
                         GOutputStream        *out,
                         SegExportFlags        flags,
                         GCancellable         *cancellable,
                         GError              **error)
{
  const guint8 *keep = rows->keep;
  gsize n_keep = rows->n_keep;
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autofree SegColumnType *types = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean guard = !(flags & SEG_EXPORT_RAW);
  guint64 n_rows = 0;
  gsize n_read = 0;
  int n_columns;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (rows != NULL && rows->table != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (!seg_export_prepare_rows (project, rows->table, rows->join, rows->target, &stmt, &types, error))
    return FALSE;
  n_columns = sqlite3_column_count (stmt);

  if (flags & SEG_EXPORT_BOM)
    g_string_append (buf, "\xef\xbb\xbf");

  for (int i = 0; i < n_columns; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (i > 0)
        g_string_append_c (buf, ',');
      if (guard && seg_text_needs_formula_guard (name, strlen (name)))
        g_string_append_c (buf, '\'');
      seg_csv_append_field (buf, name, strlen (name), ',');
    }
  g_string_append (buf, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gsize row = n_read++;

      if (keep != NULL && (row >= n_keep || !keep[row]))
        continue;
      for (int i = 0; i < n_columns; i++)
        {
          if (i > 0)
            g_string_append_c (buf, ',');

          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_INTEGER:
              if (types[i] == SEG_COLUMN_BOOLEAN)
                g_string_append (buf, sqlite3_column_int64 (stmt, i) ? "true" : "false");
              else
                g_string_append_printf (buf, "%" PRId64, (gint64)sqlite3_column_int64 (stmt, i));
              break;

            case SQLITE_FLOAT:
              {
                char number[32];

                seg_format_double (sqlite3_column_double (stmt, i), number);
                g_string_append (buf, number);
              }
              break;

            case SQLITE_TEXT:
              append_text (buf, (const char *)sqlite3_column_text (stmt, i), sqlite3_column_bytes (stmt, i), guard);
              break;

            case SQLITE_BLOB:
            case SQLITE_NULL:
            default:
              break;
            }
        }
      g_string_append (buf, "\r\n");

      if (buf->len >= FLUSH_SIZE)
        {
          if (!flush (out, buf, cancellable, error))
            return FALSE;
        }
      n_rows++;
    }
  /* Finalized here rather than on return, so that the read ends before
   * the last, possibly slow, write. */
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  return flush (out, buf, cancellable, error);
}

/**
 * seg_project_export_file:
 * @rows: the table, and which of its rows to write and how
 * @file: the file to write
 *
 * Writes rows of a table to @file as seg_project_export_rows() writes
 * them, beside it first, and puts the new file in place only when every
 * row is written: a failure leaves a file that was there as it was. A file
 * named .xlsx is written as an Excel workbook
 * (seg_project_export_xlsx_file()).
 *
 * Returns: whether the file was written
 */
gboolean
seg_project_export_file (SegProject           *project,
                         const SegExportRows  *rows,
                         GFile                *file,
                         SegExportFlags        flags,
                         GCancellable         *cancellable,
                         GError              **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) abandon = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  {
    g_autofree char *name = g_file_get_basename (file);

    if (seg_export_path_is_xlsx (name))
      return seg_project_export_xlsx_file (project, rows, file, cancellable, error);
  }

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (out == NULL)
    return FALSE;
  if (seg_project_export_rows (project, rows, G_OUTPUT_STREAM (out), flags, cancellable, error))
    return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);

  /* Closing through a cancelled cancellable drops the new file. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
  return FALSE;
}

/**
 * seg_export_cells_file:
 * @file: the CSV file to write
 * @header: (array zero-terminated=1): the column names
 * @rows: (element-type GStrv): the rows, each as many texts as @header,
 *   a %NULL text for an empty field
 * @flags: #SegExportFlags
 *
 * Writes rows that are not a table of the project, such as a list worked
 * out for one question, as seg_project_export_file () writes a table:
 * UTF-8 CSV with CRLF line ends, the byte order mark and the formula guard
 * as @flags ask; @file is replaced only once everything is written.
 *
 * Returns: whether the file was written
 */
gboolean
seg_export_cells_file (GFile              *file,
                       const char *const  *header,
                       GPtrArray          *rows,
                       SegExportFlags      flags,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  gboolean guard = !(flags & SEG_EXPORT_RAW);
  guint n_columns;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (header != NULL && rows != NULL, FALSE);

  n_columns = g_strv_length ((char **) header);
  if (flags & SEG_EXPORT_BOM)
    g_string_append (buf, "\xef\xbb\xbf");
  for (guint r = 0; r <= rows->len; r++)
    {
      const char *const *cells = r == 0 ? header : g_ptr_array_index (rows, r - 1);

      for (guint i = 0; i < n_columns; i++)
        {
          if (i > 0)
            g_string_append_c (buf, ',');
          if (cells[i] != NULL)
            append_text (buf, cells[i], strlen (cells[i]), guard);
        }
      g_string_append (buf, "\r\n");
    }

  return g_file_replace_contents (file, buf->str, buf->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, cancellable, error);
}

typedef struct
{
  char           *table;
  GFile          *file;
  SegExportFlags  flags;
} ExportFileData;

static void
export_file_data_free (ExportFileData *data)
{
  g_free (data->table);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ExportFileData *data = task_data;
  g_autoptr(SegProject) reader = NULL;
  GError *error = NULL;

  /* A connection of the worker's own: its read transaction sees one
   * state of the table while the window goes on using the project. */
  reader = seg_project_open_writer (source_object, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (seg_project_export_file (reader, &(SegExportRows) { .table = data->table }, data->file, data->flags,
                               cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * seg_project_export_csv_file_async:
 * @project: a #SegProject
 * @table: the table to write
 * @file: the file to write; replaced only when the export is complete
 * @flags: #SegExportFlags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * Writes a whole table as CSV, or as an Excel workbook when @file is
 * named .xlsx, in a worker thread, as seg_project_export_file() does.
 * Cancelling leaves @file as it was.
 */
void
seg_project_export_csv_file_async (SegProject          *project,
                                   const char          *table,
                                   GFile               *file,
                                   SegExportFlags       flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportFileData *data;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (table != NULL);
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportFileData, 1);
  data->table = g_strdup (table);
  data->file = g_object_ref (file);
  data->flags = flags;
  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_project_export_csv_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify)export_file_data_free);
  g_task_run_in_thread (task, export_file_thread);
}

gboolean
seg_project_export_csv_file_finish (SegProject    *project,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, project), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
