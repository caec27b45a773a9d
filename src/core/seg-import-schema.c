/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "seg-error.h"
#include "seg-importer-private.h"
#include "seg-sniff.h"

/* The shape of the imported table: the scan that guesses each column's
 * type, the stored names and types, the CREATE TABLE, and the table's rows
 * in the seg_tables and seg_columns catalog. */

gboolean
seg_import_scan_record (const SegCsvRecord  *record,
                        gpointer             user_data,
                        GError             **error)
{
  ImportState *state = user_data;
  guint n;

  if (record->index == 0)
    {
      state->n_columns = record->n_fields;
      if (state->n_columns > MAX_COLUMNS)
        {
          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION,
                       _("%s: line %" PRIu64 ": %u columns, but a table can have at most %d"),
                       seg_csv_reader_get_path (state->reader), record->line,
                       record->n_fields, MAX_COLUMNS);
          return FALSE;
        }

      for (guint i = 0; i < record->n_fields; i++)
        {
          g_ptr_array_add (state->guesses, seg_type_guess_new ());
          if (state->header)
            g_ptr_array_add (state->headers, g_strndup (record->fields[i], record->lengths[i]));
          else
            g_ptr_array_add (state->headers, g_strdup (""));
        }

      if (state->header)
        return TRUE;
    }

  state->n_data_rows++;
  n = meaningful_fields (record, state->n_columns);
  if (n > state->n_columns)
    return TRUE; /* rejected in the second pass */

  for (guint i = 0; i < n; i++)
    seg_type_guess_add (g_ptr_array_index (state->guesses, i),
                        record->fields[i], record->lengths[i]);

  return TRUE;
}

const char *
seg_import_type_label (SegColumnType type)
{
  switch (type)
    {
    case SEG_COLUMN_INTEGER: return _("a whole number");
    case SEG_COLUMN_REAL: return _("a number");
    case SEG_COLUMN_BOOLEAN: return _("yes or no");
    case SEG_COLUMN_DATE: return _("a date");
    case SEG_COLUMN_DATETIME: return _("a date and time");
    case SEG_COLUMN_TEXT:
    default: return _("text");
    }
}

gboolean
seg_import_formats_equal (const SegValueFormat *a,
                          guint                 n_a,
                          const SegValueFormat *b,
                          guint                 n_b)
{
  if (a == NULL || b == NULL || n_a != n_b)
    return FALSE;

  for (guint i = 0; i < n_a; i++)
    {
      if (a[i].type != b[i].type)
        return FALSE;
      if ((a[i].type == SEG_COLUMN_INTEGER || a[i].type == SEG_COLUMN_REAL) &&
          a[i].decimal != b[i].decimal)
        return FALSE;
      if ((a[i].type == SEG_COLUMN_DATE || a[i].type == SEG_COLUMN_DATETIME) &&
          a[i].date_order != b[i].date_order)
        return FALSE;
    }

  return TRUE;
}

/* Stored names: the person's or the header's, trimmed, never empty, and
 * unique without regard to case among the columns kept. */
static GPtrArray *
make_column_names (SegImporter    *self,
                   GPtrArray      *headers,
                   const gboolean *keep)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < headers->len; i++)
    {
      const ColumnOption *option = seg_importer_peek_column_option (self, i);
      g_autofree char *base = g_strstrip (g_strdup (option->name != NULL ? option->name
                                                                          : g_ptr_array_index (headers, i)));
      char *name = NULL;

      for (char *p = base; *p; p++)
        if ((guchar)*p < 0x20)
          *p = ' ';

      if (*base == '\0')
        {
          g_free (base);
          base = g_strdup_printf ("column_%u", i + 1);
        }

      for (guint k = 1; name == NULL; k++)
        {
          g_autofree char *candidate = k == 1 ? g_strdup (base) : g_strdup_printf ("%s_%u", base, k);
          g_autofree char *folded = g_utf8_casefold (candidate, -1);

          if (!keep[i])
            name = g_steal_pointer (&candidate);
          else if (!g_hash_table_contains (used, folded))
            {
              g_hash_table_add (used, g_steal_pointer (&folded));
              name = g_steal_pointer (&candidate);
            }
        }

      g_ptr_array_add (names, name);
    }

  return names;
}

gboolean
seg_import_create_table (ImportState       *state,
                         SegImportSummary  *summary,
                         GError           **error)
{
  g_autofree char *quoted_table = seg_quote_identifier (summary->table);
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (state->n_stored == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION,
                   _("Every column is left out: choose at least one column to import"));
      return FALSE;
    }

  g_string_append_printf (create, "CREATE TABLE %s (", quoted_table);
  g_string_append_printf (insert, "INSERT INTO %s VALUES (", quoted_table);
  for (guint i = 0, k = 0; i < state->n_columns; i++)
    {
      g_autofree char *quoted = NULL;

      if (!state->keep[i])
        continue;
      quoted = seg_quote_identifier (g_ptr_array_index (state->names, i));
      g_string_append_printf (create, "%s%s %s", k ? ", " : "", quoted, seg_column_type_to_sql (state->formats[i].type));
      g_string_append (insert, k ? ", ?" : "?");
      k++;
    }
  g_string_append (create, ") STRICT");
  g_string_append (insert, ")");

  if (!seg_project_exec (state->writer, create->str, error))
    return FALSE;

  now = g_date_time_format_iso8601 (utc);
  if (!seg_project_prepare (state->writer,
                            "INSERT INTO seg_tables (name, source_file, encoding, delimiter,"
                            " header, date_order, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, summary->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, summary->source_file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, summary->encoding, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, seg_delimiter_to_string (summary->delimiter), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, summary->header);
  sqlite3_bind_text (stmt, 6, seg_date_order_to_string (summary->date_order), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (state->writer, rc, error);
  state->table_id = sqlite3_last_insert_rowid (seg_project_get_db (state->writer));

  if (!seg_project_prepare (state->writer,
                            "INSERT INTO seg_columns (table_id, position, name, header, type,"
                            " inferred_type, display) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &stmt, error))
    return FALSE;
  for (guint i = 0; i < summary->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (summary->columns, i);

      sqlite3_bind_int64 (stmt, 1, state->table_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, column->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, column->header, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, seg_column_type_to_string (column->type), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, seg_column_type_to_string (column->inferred_type), -1, SQLITE_STATIC);
      if (column->percent)
        sqlite3_bind_text (stmt, 7, "percent", -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 7);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (state->writer, rc, error);
    }

  if (!seg_project_prepare (state->writer, insert->str, &state->insert, error) ||
      !seg_project_prepare (state->writer,
                            "INSERT INTO seg_rejects (table_id, line, column, reason, raw)"
                            " VALUES (?, ?, ?, ?, ?)",
                            &state->insert_reject, error))
    return FALSE;

  return TRUE;
}

gboolean
seg_import_finish_catalog (ImportState  *state,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (state->writer,
                            "UPDATE seg_tables SET row_count = ?, padded = ?, rejected = ?"
                            " WHERE id = ?",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, state->rows);
  sqlite3_bind_int64 (stmt, 2, state->padded);
  sqlite3_bind_int64 (stmt, 3, state->rejected);
  sqlite3_bind_int64 (stmt, 4, state->table_id);
  rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (state->writer, rc, error);

  return seg_project_stamp_table (state->writer, state->self->table_name, TRUE, NULL, error);
}

void
seg_importer_decide_types (SegImporter      *self,
                           ImportState      *state,
                           SegImportSummary *summary)
{
  SegDecimalMark mark = state->delimiter == ';' ? SEG_DECIMAL_COMMA : SEG_DECIMAL_DOT;
  /* Without a choice, an ambiguous column is read day first, as most of
   * the world writes dates; the summary says so. */
  SegDateOrder fallback = self->date_order != SEG_DATE_ORDER_AUTO ? self->date_order
                                                                   : state->table_date_order;

  state->formats = g_new0 (SegValueFormat, state->n_columns);
  g_clear_pointer (&state->keep, g_free);
  state->keep = g_new0 (gboolean, state->n_columns);
  state->n_stored = 0;
  for (guint i = 0; i < state->n_columns; i++)
    {
      state->keep[i] = !seg_importer_peek_column_option (self, i)->skip;
      state->n_stored += state->keep[i];
    }
  state->names = make_column_names (self, state->headers, state->keep);
  summary->date_order = fallback != SEG_DATE_ORDER_AUTO ? fallback : SEG_DATE_ORDER_DMY;

  for (guint i = 0; i < state->n_columns; i++)
    {
      const ColumnOption *option = seg_importer_peek_column_option (self, i);
      SegColumnInfo *column;
      SegTypeGuessResult result;

      seg_type_guess_result (g_ptr_array_index (state->guesses, i), mark, fallback, &result);
      state->formats[i] = result.format;

      if (option->type >= 0)
        {
          gboolean was_date = result.format.type == SEG_COLUMN_DATE ||
                              result.format.type == SEG_COLUMN_DATETIME;

          /* A column made a date by hand reads its dates in the chosen
           * order; only a detected date column knows its own. */
          state->formats[i].type = option->type;
          if (!was_date)
            state->formats[i].date_order = summary->date_order;
        }

      if (!state->keep[i])
        continue;

      column = g_new0 (SegColumnInfo, 1);
      column->inferred_type = result.format.type;
      column->type = state->formats[i].type;
      column->percent = result.percent && column->type == SEG_COLUMN_REAL;
      column->name = g_strdup (g_ptr_array_index (state->names, i));
      column->header = g_strdup (g_ptr_array_index (state->headers, i));
      g_ptr_array_add (summary->columns, column);

      if (result.dates_ambiguous &&
          (column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME))
        g_ptr_array_add (summary->warnings,
                         g_strdup_printf (_("Every date in column “%s” reads both as day/month and as month/day; it was read as %s. Choose the date order to change this."),
                                          column->name,
                                          state->formats[i].date_order == SEG_DATE_ORDER_MDY
                                          ? _("month/day/year") : _("day/month/year")));
    }
}
