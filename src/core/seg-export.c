/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "seg-csv-reader.h"
#include "seg-error.h"
#include "seg-export.h"
#include "seg-project-private.h"

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
  return seg_project_export_csv_rows (project, table, NULL, 0, out, flags, cancellable, error);
}

/**
 * seg_project_export_csv_rows:
 * @keep: (nullable) (array length=n_keep): a flag per row, in the order
 *   the rows were stored; NULL for every row
 * @n_keep: how many flags; rows past them are left out
 *
 * Writes the chosen rows of @table as seg_project_export_csv() writes a
 * whole table, such as the customers selected on a map.
 *
 * Returns: whether the rows were written
 */
gboolean
seg_project_export_csv_rows (SegProject      *project,
                             const char      *table,
                             const guint8    *keep,
                             gsize            n_keep,
                             GOutputStream   *out,
                             SegExportFlags   flags,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_SIZE + 4096);
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  g_autofree gboolean *is_boolean = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean guard = !(flags & SEG_EXPORT_RAW);
  guint64 n_rows = 0;
  gsize n_read = 0;
  int n_columns;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  info = seg_project_get_table (project, table, error);
  if (info == NULL)
    return FALSE;

  quoted = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", quoted);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return FALSE;

  n_columns = sqlite3_column_count (stmt);
  is_boolean = g_new0 (gboolean, n_columns);
  for (int i = 0; i < n_columns && i < (int)info->columns->len; i++)
    is_boolean[i] = ((SegColumnInfo *)g_ptr_array_index (info->columns, i))->type == SEG_COLUMN_BOOLEAN;

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
              if (is_boolean[i])
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
              {
                const char *text = (const char *)sqlite3_column_text (stmt, i);
                gsize len = sqlite3_column_bytes (stmt, i);
                gboolean guarded = guard && seg_text_needs_formula_guard (text, len);

                if (guarded)
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
            {
              sqlite3_finalize (stmt);
              return FALSE;
            }
        }
      n_rows++;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  return flush (out, buf, cancellable, error);
}

/**
 * seg_project_export_csv_file:
 * @keep: (nullable) (array length=n_keep): as for seg_project_export_csv_rows()
 * @file: the file to write
 *
 * Writes rows of @table to @file beside it first, and puts the new file in
 * place only when every row is written: a failure leaves a file that was
 * there as it was.
 *
 * Returns: whether the file was written
 */
gboolean
seg_project_export_csv_file (SegProject      *project,
                             const char      *table,
                             const guint8    *keep,
                             gsize            n_keep,
                             GFile           *file,
                             SegExportFlags   flags,
                             GError         **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) abandon = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (out == NULL)
    return FALSE;
  if (seg_project_export_csv_rows (project, table, keep, n_keep, G_OUTPUT_STREAM (out), flags, NULL, error))
    return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);

  /* Closing through a cancelled cancellable drops the new file. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
  return FALSE;
}
