/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "seg-export-private.h"

/* A table as an Excel workbook, through libxlsxwriter in its constant
 * memory mode: each row goes to the file as it is read. Cells keep their
 * types (numbers, booleans, dates and date-times with a date format, text
 * as text, never a formula); the header is bold and stays in view; the
 * columns are as wide as what they hold. */

/* Excel's limits. */
#define XLSX_MAX_ROWS    1048576
#define XLSX_MAX_COLUMNS 16384
#define XLSX_MAX_STRING  32767
/* Rows measured for the column widths, and the widths allowed. */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0

/**
 * seg_export_path_is_xlsx:
 * @path: a file name
 *
 * Returns: whether an export to @path is to be an Excel workbook
 */
gboolean
seg_export_path_is_xlsx (const char *path)
{
  gsize len = path != NULL ? strlen (path) : 0;

  return len > 5 && g_ascii_strcasecmp (path + len - 5, ".xlsx") == 0;
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
static char *
sheet_name_for (const char *table)
{
  GString *name = g_string_new (NULL);
  glong n = 0;

  for (const char *p = table; *p != '\0' && n < 31; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (strchr ("[]:*?/\\", (int) c) != NULL && c < 0x80)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }
  if (name->len == 0 || name->str[0] == '\'')
    g_string_prepend (name, "Sheet ");

  return g_string_free (name, FALSE);
}

static gboolean
parse_iso (const char   *text,
           lxw_datetime *out)
{
  int y, mo, d, h = 0, mi = 0;
  double s = 0;
  int n = sscanf (text, "%4d-%2d-%2d %2d:%2d:%lf", &y, &mo, &d, &h, &mi, &s);

  if (n != 3 && n != 6)
    return FALSE;
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31)
    return FALSE;

  out->year = y;
  out->month = mo;
  out->day = d;
  out->hour = h;
  out->min = mi;
  out->sec = s;
  return TRUE;
}

static void
set_xlsx_error (GError     **error,
                const char  *file,
                lxw_error    code)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("%s: could not write the workbook: %s"), file, lxw_strerror (code));
}

/* Writes the rows to @path, which must be a local file. */
static gboolean
write_workbook (SegProject           *project,
                const SegExportRows  *rows,
                const char           *path,
                const char           *display,
                GCancellable         *cancellable,
                GError              **error)
{
  const char *table = rows->table;
  const guint8 *keep = rows->keep;
  gsize n_keep = rows->n_keep;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree SegColumnType *types = NULL;
  g_autofree double *widths = NULL;
  g_autofree char *sheet_name = NULL;
  g_autofree char *tmpdir = NULL;
  lxw_workbook_options options = { 0 };
  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_format *bold, *date_format, *datetime_format, *percent_format;
  g_autoptr(SegTableInfo) info = NULL;
  g_autofree gboolean *percent = NULL;
  lxw_error code = LXW_NO_ERROR;
  gsize n_read = 0;
  guint32 row = 0;
  int n_columns;
  int rc = SQLITE_DONE;
  gboolean ok = FALSE;

  if (!seg_export_prepare_rows (project, table, rows->join, rows->target, &stmt, &types, error))
    return FALSE;
  n_columns = sqlite3_column_count (stmt);
  /* Columns imported from percentages stay percentages. */
  percent = g_new0 (gboolean, MAX (n_columns, 1));
  info = seg_project_get_table (project, table, NULL);
  for (int i = 0; info != NULL && i < n_columns; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      for (guint c = 0; name != NULL && c < info->columns->len; c++)
        if (g_str_equal (((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name, name))
          percent[i] = ((SegColumnInfo *) g_ptr_array_index (info->columns, c))->percent;
    }
  if (n_columns > XLSX_MAX_COLUMNS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: “%s” has %d columns, more than an Excel sheet can hold (%d)"),
                   display, table, n_columns, XLSX_MAX_COLUMNS);
      return FALSE;
    }

  /* Excel's files are zipped with their temporary parts beside the
   * workbook, so that a full temporary folder does not stop the export. */
  tmpdir = g_path_get_dirname (path);
  options.constant_memory = LXW_TRUE;
  options.tmpdir = tmpdir;
  workbook = workbook_new_opt (path, &options);
  if (workbook == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s: could not start the workbook"), display);
      return FALSE;
    }

  sheet_name = sheet_name_for (table);
  sheet = workbook_add_worksheet (workbook, sheet_name);
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  date_format = workbook_add_format (workbook);
  format_set_num_format (date_format, "yyyy-mm-dd");
  datetime_format = workbook_add_format (workbook);
  format_set_num_format (datetime_format, "yyyy-mm-dd hh:mm:ss");
  percent_format = workbook_add_format (workbook);
  format_set_num_format (percent_format, "0.00%");
  if (sheet == NULL || bold == NULL || date_format == NULL || datetime_format == NULL || percent_format == NULL)
    {
      code = LXW_ERROR_MEMORY_MALLOC_FAILED;
      goto out;
    }

  widths = g_new0 (double, MAX (n_columns, 1));
  for (int i = 0; i < n_columns; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      code = worksheet_write_string (sheet, 0, (lxw_col_t) i, name, bold);
      if (code != LXW_NO_ERROR)
        goto out;
      widths[i] = g_utf8_strlen (name, -1) * 1.1 + 2;
    }
  worksheet_freeze_panes (sheet, 1, 0);
  row = 1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gsize index = n_read++;

      if (keep != NULL && (index >= n_keep || !keep[index]))
        continue;

      if ((row & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (row >= XLSX_MAX_ROWS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("%s: “%s” has more rows than an Excel sheet can hold (%d under the header); export it as CSV"),
                       display, table, XLSX_MAX_ROWS - 1);
          goto out;
        }

      for (int i = 0; i < n_columns && code == LXW_NO_ERROR; i++)
        {
          double width = 0;

          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_INTEGER:
              {
                gint64 value = sqlite3_column_int64 (stmt, i);

                if (types[i] == SEG_COLUMN_BOOLEAN)
                  {
                    code = worksheet_write_boolean (sheet, row, (lxw_col_t) i, value != 0, NULL);
                    width = 6;
                  }
                else if (value > -(G_GINT64_CONSTANT (1) << 53) && value < (G_GINT64_CONSTANT (1) << 53))
                  {
                    char text[32];

                    code = worksheet_write_number (sheet, row, (lxw_col_t) i, (double) value, NULL);
                    width = g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
                  }
                else
                  {
                    /* Beyond a double's exact integers: as text, whole. */
                    char text[32];

                    width = g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
                    code = worksheet_write_string (sheet, row, (lxw_col_t) i, text, NULL);
                  }
              }
              break;

            case SQLITE_FLOAT:
              {
                char text[32];
                double value = sqlite3_column_double (stmt, i);

                seg_format_double (value, text);
                width = strlen (text);
                code = worksheet_write_number (sheet, row, (lxw_col_t) i, value,
                                               percent[i] ? percent_format : NULL);
              }
              break;

            case SQLITE_TEXT:
              {
                const char *text = (const char *) sqlite3_column_text (stmt, i);
                lxw_datetime when;

                if ((types[i] == SEG_COLUMN_DATE || types[i] == SEG_COLUMN_DATETIME) && parse_iso (text, &when))
                  {
                    gboolean with_time = types[i] == SEG_COLUMN_DATETIME;

                    code = worksheet_write_datetime (sheet, row, (lxw_col_t) i, &when,
                                                     with_time ? datetime_format : date_format);
                    width = with_time ? 19 : 10;
                  }
                else
                  {
                    glong n_chars = g_utf8_strlen (text, -1);

                    if (n_chars > XLSX_MAX_STRING)
                      {
                        /* Excel holds no more in one cell: cut at a
                         * character boundary. */
                        g_autofree char *cut = g_strndup (text, g_utf8_offset_to_pointer (text, XLSX_MAX_STRING) - text);

                        code = worksheet_write_string (sheet, row, (lxw_col_t) i, cut, NULL);
                      }
                    else
                      code = worksheet_write_string (sheet, row, (lxw_col_t) i, text, NULL);
                    width = n_chars;
                  }
              }
              break;

            case SQLITE_BLOB:
            case SQLITE_NULL:
            default:
              break;
            }

          width = width * 1.1 + 2;
          if (width > widths[i])
            widths[i] = width;
        }
      if (code != LXW_NO_ERROR)
        goto out;
      row++;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      goto out;
    }

  for (int i = 0; i < n_columns; i++)
    worksheet_set_column (sheet, (lxw_col_t) i, (lxw_col_t) i, CLAMP (widths[i], WIDTH_MIN, WIDTH_MAX), NULL);

  ok = TRUE;

out:
  {
    lxw_error closed = workbook_close (workbook);

    if (ok && closed != LXW_NO_ERROR)
      {
        set_xlsx_error (error, display, closed);
        ok = FALSE;
      }
    else if (!ok && code != LXW_NO_ERROR && (error == NULL || *error == NULL))
      set_xlsx_error (error, display, code);
  }

  return ok;
}

/**
 * seg_project_export_xlsx_file:
 * @project: a #SegProject
 * @rows: the table, and which of its rows to write and how, as for
 *   seg_project_export_rows()
 * @file: the .xlsx file to write, a local one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes rows of a table as an Excel workbook of one sheet named after the
 * table: a bold header row that stays in view, typed cells, dates with a
 * date format, columns as wide as their contents. The workbook is written
 * beside @file and put in its place only when complete.
 *
 * Returns: whether the file was written
 */
gboolean
seg_project_export_xlsx_file (SegProject           *project,
                              const SegExportRows  *rows,
                              GFile                *file,
                              GCancellable         *cancellable,
                              GError              **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *tmp = NULL;
  int fd;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (rows != NULL && rows->table != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  display = g_file_get_parse_name (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s: an Excel workbook can only be written to a local folder"), display);
      return FALSE;
    }

  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *pattern = g_strdup_printf (".%s.XXXXXX", base);

    tmp = g_build_filename (dir, pattern, NULL);
  }
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot be written: %s"), display, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  /* As readable as any other file the person saves. */
  g_chmod (tmp, 0644);

  if (!write_workbook (project, rows, tmp, display, cancellable, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot be written: %s"), display, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
