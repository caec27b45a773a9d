/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "seg-error.h"
#include "seg-importer-private.h"

/* Rows added to an existing table: this week's orders to the orders
 * imported last month. The file is read as an import reads it (encoding,
 * delimiter, missing values, the rule for values that do not fit), but
 * its columns are found among the table's by name and its values read
 * with the table's types; everything goes in one transaction. */

/* How many of the values that did not fit the summary names one by one;
 * the rejects list has them all. */
#define MAX_NAMED_REJECTS 5

/* The share of the progress bar that reading the file for its formats
 * takes. */
#define SCAN_SHARE 0.3

static char *
fold_name (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  return g_utf8_casefold (trimmed, -1);
}

/* The table's column that a header names: by the name it is stored under
 * first, then by the header it was imported from. */
static int
find_column (const SegTableInfo *target,
             const char         *header)
{
  g_autofree char *wanted = fold_name (header);

  if (*wanted == '\0')
    return -1;

  for (guint pass = 0; pass < 2; pass++)
    for (guint j = 0; j < target->columns->len; j++)
      {
        const SegColumnInfo *column = g_ptr_array_index (target->columns, j);
        g_autofree char *candidate = fold_name (pass == 0 ? column->name : column->header);

        if (strcmp (candidate, wanted) == 0)
          return j;
      }

  return -1;
}

/* “a”, “b” and “c” */
static char *
quote_list (GPtrArray *names)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == names->len ? _(" and ") : ", ");
      g_string_append_printf (text, _("“%s”"), (const char *) g_ptr_array_index (names, i));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * seg_import_match_columns:
 * @state: the state after seg_importer_decide_types()
 * @target: the table the rows are added to
 * @lenient: leave out the file's columns that the table lacks instead of
 *   failing, as the preview does to show them
 * @summary: (nullable): gets the matched columns and the notes
 * @missing: (out) (optional): the table's columns the file lacks
 *
 * Puts the file's columns in the table's: each column of the file gets the
 * name and the type of the table's column of the same name; the reading
 * details (decimal mark, date order) stay those found in the file.
 */
gboolean
seg_import_match_columns (SegImporter         *self,
                          ImportState         *state,
                          const SegTableInfo  *target,
                          gboolean             lenient,
                          SegImportSummary    *summary,
                          GStrv               *missing,
                          GError             **error)
{
  g_autofree char *file = g_filename_display_basename (self->path);
  g_autofree int *source_of = g_new (int, MAX (target->columns->len, 1));
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) absent = g_ptr_array_new_with_free_func (g_free);
  SegDateOrder fallback = self->date_order != SEG_DATE_ORDER_AUTO ? self->date_order : state->table_date_order;

  if (fallback == SEG_DATE_ORDER_AUTO)
    fallback = SEG_DATE_ORDER_DMY;

  if (!state->header)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_COLUMNS,
                   _("%s: rows are added to “%s” by the names of their columns, but the file has no header line"),
                   file, target->name);
      return FALSE;
    }

  for (guint j = 0; j < target->columns->len; j++)
    source_of[j] = -1;
  if (summary != NULL)
    g_ptr_array_set_size (summary->columns, 0);

  state->n_stored = 0;
  for (guint i = 0; i < state->n_columns; i++)
    {
      const char *header = g_ptr_array_index (state->headers, i);
      int j = find_column (target, header);
      const SegColumnInfo *column;
      gboolean was_date;
      SegColumnType inferred = state->formats[i].type;

      if (j < 0)
        {
          g_autofree char *shown = g_strstrip (g_strdup (header));

          state->keep[i] = FALSE;
          g_ptr_array_add (extra, *shown != '\0' ? g_steal_pointer (&shown)
                                                 : g_strdup_printf (_("column %u"), i + 1));
          continue;
        }

      column = g_ptr_array_index (target->columns, j);
      if (source_of[j] >= 0)
        {
          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_COLUMNS,
                       _("%s: columns %d and %u both name the column “%s” of “%s”"),
                       file, source_of[j] + 1, i + 1, column->name, target->name);
          return FALSE;
        }
      source_of[j] = i;

      state->keep[i] = TRUE;
      state->n_stored++;
      g_free (g_ptr_array_index (state->names, i));
      g_ptr_array_index (state->names, i) = g_strdup (column->name);

      /* A column that read as dates keeps the order found in it; any other
       * reads dates as the table's were read. */
      was_date = state->formats[i].type == SEG_COLUMN_DATE || state->formats[i].type == SEG_COLUMN_DATETIME;
      state->formats[i].type = column->type;
      if (!was_date)
        state->formats[i].date_order = fallback;

      if (summary != NULL)
        {
          SegColumnInfo *info = g_new0 (SegColumnInfo, 1);

          info->name = g_strdup (column->name);
          info->header = g_strdup (header);
          info->type = column->type;
          info->inferred_type = inferred;
          info->percent = column->percent;
          g_ptr_array_add (summary->columns, info);
        }
    }

  if (extra->len > 0 && !lenient && !self->ignore_extra_columns)
    {
      g_autofree char *names = quote_list (extra);

      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EXTRA_COLUMNS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: the table “%s” has no column %s; remove it from the file or choose to leave out the columns the table does not have",
                                "%s: the table “%s” has no columns %s; remove them from the file or choose to leave out the columns the table does not have",
                                extra->len),
                   file, target->name, names);
      return FALSE;
    }

  if (state->n_stored == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_COLUMNS,
                   _("%s: none of the file’s columns is a column of “%s”"), file, target->name);
      return FALSE;
    }

  for (guint j = 0; j < target->columns->len; j++)
    if (source_of[j] < 0)
      g_ptr_array_add (absent, g_strdup (((SegColumnInfo *) g_ptr_array_index (target->columns, j))->name));

  if (summary != NULL && extra->len > 0)
    {
      g_autofree char *names = quote_list (extra);

      g_ptr_array_add (summary->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The file’s column %s is not in “%s” and was left out.",
                                                     "The file’s columns %s are not in “%s” and were left out.",
                                                     extra->len),
                                        names, target->name));
    }
  if (summary != NULL && absent->len > 0)
    {
      g_autofree char *names = quote_list (absent);

      g_ptr_array_add (summary->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The file has no column %s: it is empty in the new rows.",
                                                     "The file has no columns %s: they are empty in the new rows.",
                                                     absent->len),
                                        names));
    }

  if (missing != NULL)
    {
      g_ptr_array_add (absent, NULL);
      *missing = (GStrv) g_ptr_array_free (g_steal_pointer (&absent), FALSE);
    }

  return TRUE;
}

/**
 * seg_import_lookup_target:
 * @project: the connection to read through
 * @name: the table the rows are for
 * @id: (out): its catalog id
 * @date_order: (out): the order its ambiguous dates were read in
 *
 * Checks that @name is a table rows can be added to: one that an import
 * made, not one an analysis wrote.
 */
gboolean
seg_import_lookup_target (SegProject    *project,
                          const char    *name,
                          gint64        *id,
                          SegDateOrder  *date_order,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  SegDateOrder order = SEG_DATE_ORDER_AUTO;
  gboolean derived;
  int rc;

  if (!seg_project_prepare (project, "SELECT id, date_order, origin IS NOT NULL FROM seg_tables WHERE name = ?",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s” to add rows to"), name);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return seg_project_set_sqlite_error (project, rc, error);

  *id = sqlite3_column_int64 (stmt, 0);
  seg_date_order_from_string ((const char *) sqlite3_column_text (stmt, 1), &order);
  *date_order = order;
  derived = sqlite3_column_int (stmt, 2);
  if (derived)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION,
                   _("“%s” holds the results of an analysis; rows can only be added to an imported table"), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
prepare_statements (ImportState         *state,
                    const SegTableInfo  *target,
                    const char          *source_file,
                    GError             **error)
{
  g_autofree char *quoted_table = seg_quote_identifier (target->name);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);

  g_string_append_printf (insert, "INSERT INTO %s (", quoted_table);
  for (guint i = 0, k = 0; i < state->n_columns; i++)
    {
      g_autofree char *quoted = NULL;

      if (!state->keep[i])
        continue;
      quoted = seg_quote_identifier (g_ptr_array_index (state->names, i));
      g_string_append_printf (insert, "%s%s", k ? ", " : "", quoted);
      g_string_append (values, k ? ", ?" : "?");
      k++;
    }
  g_string_append_printf (insert, ") VALUES (%s)", values->str);

  if (!seg_project_prepare (state->writer, insert->str, &state->insert, error) ||
      !seg_project_prepare (state->writer,
                            "INSERT INTO seg_rejects (table_id, line, column, reason, raw, source_file)"
                            " VALUES (?, ?, ?, ?, ?, ?)",
                            &state->insert_reject, error))
    return FALSE;

  /* Bindings outlive the resets between rows. */
  sqlite3_bind_text (state->insert_reject, 6, source_file, -1, SQLITE_TRANSIENT);

  return TRUE;
}

static gint64
max_reject_rowid (SegProject *writer)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 rowid = 0;

  if (seg_project_prepare (writer, "SELECT coalesce (max (rowid), 0) FROM seg_rejects", &stmt, NULL) &&
      sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);

  return rowid;
}

/* The first values that did not fit, by file, line and column, for the
 * person who added the file. */
static gboolean
name_rejects (ImportState       *state,
              gint64             after,
              const char        *source_file,
              GPtrArray         *named,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (state->writer,
                            "SELECT line, column, reason FROM seg_rejects WHERE rowid > ? ORDER BY rowid LIMIT ?",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int (stmt, 2, MAX_NAMED_REJECTS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 line = sqlite3_column_int64 (stmt, 0);
      int column = sqlite3_column_int (stmt, 1);
      const char *reason = (const char *) sqlite3_column_text (stmt, 2);

      if (column > 0)
        g_ptr_array_add (named, g_strdup_printf (_("%s: line %" PRId64 ", column %d: %s."),
                                                 source_file, line, column, reason));
      else
        g_ptr_array_add (named, g_strdup_printf (_("%s: line %" PRId64 ": %s."), source_file, line, reason));
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (state->writer, rc, error);

  return TRUE;
}

/**
 * seg_importer_run_append:
 *
 * seg_importer_run() for SegImporter:append-to: reads the file once for
 * the way its values are written, then again to add its rows to the
 * table, all in one transaction that also raises the table's data
 * version. On any failure the project is left as it was.
 */
SegImportSummary *
seg_importer_run_append (SegImporter   *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(SegImportSummary) summary = seg_import_summary_new ();
  g_autoptr(SegCsvReader) reader = NULL;
  g_autoptr(SegTableInfo) target = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) named = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sample = NULL;
  ImportState state = { 0 };
  gboolean in_transaction = FALSE;
  gboolean ok = FALSE;
  gint64 rejects_before;
  int rc;

  state.self = self;
  state.cancellable = cancellable;
  state.headers = g_ptr_array_new_with_free_func (g_free);
  state.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  state.raw = g_string_new (NULL);
  state.reason = g_string_new (NULL);
  state.bad_cells = g_array_new (FALSE, FALSE, sizeof (guint));

  summary->appended = TRUE;
  summary->source_file = g_filename_display_basename (self->path);

  seg_importer_set_progress (self, 0.0, _("Detecting the file’s format…"));

  reader = seg_importer_open_reader (self, error);
  if (reader == NULL)
    goto out;
  state.reader = reader;
  seg_csv_reader_set_max_field_size (reader, self->max_field_size);
  summary->encoding = g_strdup (seg_csv_reader_get_charset (reader));

  if (!seg_importer_decide_dialect (self, &state, &sample, error))
    goto out;
  seg_csv_reader_set_delimiter (reader, state.delimiter);
  summary->delimiter = state.delimiter;
  summary->header = state.header;

  /* The table is read inside the transaction, so that it cannot change
   * between the reading and the writing. */
  state.writer = seg_project_open_writer (self->project, error);
  if (state.writer == NULL)
    goto out;
  if (!seg_project_exec (state.writer, "PRAGMA cache_size = -32768; BEGIN IMMEDIATE", error))
    goto out;
  in_transaction = TRUE;

  if (!seg_import_lookup_target (state.writer, self->append_to, &state.table_id, &state.table_date_order, error))
    goto out;
  target = seg_project_get_table (state.writer, self->append_to, error);
  if (target == NULL)
    goto out;
  summary->table = g_strdup (target->name);
  state.table_rows = target->rows;

  seg_importer_set_progress (self, 0.0, _("Reading every value to find how it is written…"));
  state.progress_base = 0.0;
  state.progress_span = SCAN_SHARE;
  if (!seg_csv_reader_read (reader, seg_import_scan_record, &state, seg_import_on_read_progress, &state,
                            cancellable, error))
    goto out;

  if (!seg_import_check_has_rows (&state, summary->source_file, error))
    goto out;

  seg_importer_decide_types (self, &state, summary);
  if (!seg_import_match_columns (self, &state, target, FALSE, summary, NULL, error))
    goto out;

  if (!prepare_statements (&state, target, summary->source_file, error))
    goto out;
  rejects_before = max_reject_rowid (state.writer);

  seg_importer_set_progress (self, SCAN_SHARE, _("Adding rows…"));
  state.progress_base = SCAN_SHARE;
  state.progress_span = 1.0 - SCAN_SHARE;
  if (!seg_import_read_and_store (&state, seg_import_insert_record, cancellable, error))
    goto out;

  if (!seg_project_prepare (state.writer,
                            "UPDATE seg_tables SET row_count = row_count + ?, padded = padded + ?,"
                            " rejected = rejected + ? WHERE id = ?",
                            &stmt, error))
    goto out;
  sqlite3_bind_int64 (stmt, 1, state.rows);
  sqlite3_bind_int64 (stmt, 2, state.padded);
  sqlite3_bind_int64 (stmt, 3, state.rejected);
  sqlite3_bind_int64 (stmt, 4, state.table_id);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (state.writer, rc, error);
      goto out;
    }
  if (!seg_project_stamp_table (state.writer, target->name, FALSE, NULL, error))
    goto out;

  if (state.rejected > 0 || state.emptied > 0)
    {
      if (!name_rejects (&state, rejects_before, summary->source_file, named, error))
        goto out;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  g_clear_pointer (&state.insert, sqlite3_finalize);
  g_clear_pointer (&state.insert_reject, sqlite3_finalize);
  if (!seg_project_exec (state.writer, "COMMIT", error))
    goto out;
  in_transaction = FALSE;

  summary->rows = state.rows;
  summary->table_rows = state.table_rows + state.rows;
  summary->padded = state.padded;
  summary->rejected = state.rejected;
  summary->emptied = state.emptied;
  summary->blank = seg_csv_reader_get_blank_records (reader);
  summary->seconds = g_timer_elapsed (timer, NULL);

  seg_import_summary_warn_counts (summary);
  for (guint i = 0; i < named->len; i++)
    g_ptr_array_add (summary->warnings, g_strdup (g_ptr_array_index (named, i)));

  seg_importer_set_progress (self, 1.0, _("Done"));
  ok = TRUE;

out:
  if (in_transaction)
    {
      g_clear_pointer (&state.insert, sqlite3_finalize);
      g_clear_pointer (&state.insert_reject, sqlite3_finalize);
      seg_project_exec (state.writer, "ROLLBACK", NULL);
    }
  seg_import_state_clear (&state);

  return ok ? g_steal_pointer (&summary) : NULL;
}
