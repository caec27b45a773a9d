/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seg-error.h"
#include "seg-importer-private.h"
#include "seg-sniff.h"

/* An import from start to end: the dialect, the passes over the file, and
 * the one transaction that stores the table or leaves the project as it
 * was. */

/* The start of the file that the dialect and the first guess of the
 * column types come from. */
#define SAMPLE_BYTES (256 * 1024)
/* The share of the progress bar that the type scan takes. */
#define SCAN_SHARE 0.4

void
seg_import_state_clear (ImportState *state)
{
  g_clear_pointer (&state->headers, g_ptr_array_unref);
  g_clear_pointer (&state->guesses, g_ptr_array_unref);
  g_clear_pointer (&state->formats, g_free);
  g_clear_pointer (&state->names, g_ptr_array_unref);
  g_clear_pointer (&state->keep, g_free);
  g_clear_pointer (&state->insert, sqlite3_finalize);
  g_clear_pointer (&state->insert_reject, sqlite3_finalize);
  g_clear_object (&state->writer);
  if (state->raw != NULL)
    g_string_free (state->raw, TRUE);
  if (state->reason != NULL)
    g_string_free (state->reason, TRUE);
  g_clear_pointer (&state->bad_cells, g_array_unref);
}

void
seg_import_on_read_progress (guint64  done,
                             guint64  total,
                             gpointer user_data)
{
  ImportState *state = user_data;
  double part = total > 0 ? (double)done / total : 1.0;

  seg_importer_set_progress (state->self, state->progress_base + state->progress_span * part, NULL);
}

gboolean
seg_importer_decide_dialect (SegImporter   *self,
                             ImportState   *state,
                             char         **sample_out,
                             GError       **error)
{
  g_autofree char *sample = seg_csv_reader_read_sample (state->reader, SAMPLE_BYTES, error);

  if (sample == NULL)
    return FALSE;

  /* A workbook's sample is comma-separated text written from its cells. */
  if (seg_csv_reader_get_sheet (state->reader) != NULL)
    state->delimiter = ',';
  else
    state->delimiter = self->delimiter != 0
                       ? self->delimiter
                       : seg_sniff_delimiter (sample, strlen (sample), NULL);

  /* Text aligned in columns: cut where the columns start, and read on as
   * comma-separated text. */
  if (state->delimiter == SEG_DELIMITER_ALIGNED)
    {
      g_autoptr(GArray) starts = seg_sniff_aligned (sample, strlen (sample));
      char *csv;

      if (starts == NULL)
        {
          g_autofree char *name = g_filename_display_basename (self->path);

          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION,
                       _("%s: the columns are not aligned with spaces; choose another delimiter"), name);
          return FALSE;
        }
      seg_csv_reader_set_aligned (state->reader, starts);
      csv = seg_aligned_text_to_csv (sample, strlen (sample), starts);
      g_free (sample);
      sample = csv;
    }

  switch (self->header)
    {
    case SEG_HEADER_YES:
      state->header = TRUE;
      break;
    case SEG_HEADER_NO:
      state->header = FALSE;
      break;
    case SEG_HEADER_AUTO:
    default:
      /* Rows added to a table find their columns by name: the first
       * line names them. */
      if (self->append_to != NULL)
        {
          state->header = TRUE;
          break;
        }
      state->header = seg_sniff_header (sample, strlen (sample), seg_import_parse_delimiter (state->delimiter));
    }

  *sample_out = g_steal_pointer (&sample);
  return TRUE;
}

/* Whether the file read into @state has any data row; if not, says
 * whether it was empty or only a header. */
gboolean
seg_import_check_has_rows (const ImportState  *state,
                           const char         *source_file,
                           GError            **error)
{
  if (state->n_columns == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EMPTY,
                   _("%s: the file is empty"), source_file);
      return FALSE;
    }
  if (state->n_data_rows == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_HEADER_ONLY,
                   _("%s: the file has a header line but no data rows"), source_file);
      return FALSE;
    }

  return TRUE;
}

/* Adds to @summary's warnings what became of the rows and values that
 * did not fit, once its counts are set. */
void
seg_import_summary_warn_counts (SegImportSummary *summary)
{
  if (summary->padded > 0)
    g_ptr_array_add (summary->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%" PRId64 " row had fewer fields than the header; its missing values are empty.",
                                                   "%" PRId64 " rows had fewer fields than the header; their missing values are empty.",
                                                   summary->padded),
                                      summary->padded));
  if (summary->rejected > 0)
    g_ptr_array_add (summary->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%" PRId64 " row did not fit and is kept in the rejects list.",
                                                   "%" PRId64 " rows did not fit and are kept in the rejects list.",
                                                   summary->rejected),
                                      summary->rejected));
  if (summary->emptied > 0)
    g_ptr_array_add (summary->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%" PRId64 " value did not fit its column; its cell is empty and the value is kept in the rejects list.",
                                                   "%" PRId64 " values did not fit their columns; their cells are empty and the values are kept in the rejects list.",
                                                   summary->emptied),
                                      summary->emptied));
}

/* Imports the file through @outer, a writer whose transaction the caller
 * holds, or, when @outer is NULL, through a writer of its own in a
 * transaction of its own. Inside the caller's transaction the import is a
 * savepoint: a failure undoes the import alone and leaves the rest of the
 * transaction to the caller. */
static SegImportSummary *
run_import (SegImporter   *self,
            SegProject    *outer,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(SegImportSummary) summary = seg_import_summary_new ();
  g_autoptr(SegCsvReader) reader = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *sample = NULL;
  g_autofree SegValueFormat *guessed_formats = NULL;
  ImportState state = { 0 };
  ImportState spec = { 0 };
  gboolean have_guess = FALSE;
  gboolean baskets = FALSE;
  gboolean in_transaction = FALSE;
  gboolean ok = FALSE;

  state.self = self;
  state.cancellable = cancellable;
  state.headers = g_ptr_array_new_with_free_func (g_free);
  state.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  state.raw = g_string_new (NULL);
  state.reason = g_string_new (NULL);
  state.bad_cells = g_array_new (FALSE, FALSE, sizeof (guint));

  summary->table = g_strdup (self->table_name);
  summary->source_file = g_filename_display_basename (self->path);

  if (!seg_project_check_table_name (self->table_name, error))
    goto out;

  if (!self->replace && seg_project_has_table (outer != NULL ? outer : self->project, self->table_name))
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_TABLE_EXISTS,
                   _("The project already has a table “%s”. Choose another name or replace it."),
                   self->table_name);
      goto out;
    }

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
  baskets = seg_importer_reads_baskets (self, &state, sample);
  if (baskets)
    state.header = FALSE;
  summary->delimiter = state.delimiter;
  summary->header = state.header;

  /* A first guess of the types from the sample, so that most files are
   * read only once; the guess is checked against every value. */
  spec.self = self;
  spec.reader = reader;
  spec.delimiter = state.delimiter;
  spec.header = state.header;
  spec.headers = g_ptr_array_new_with_free_func (g_free);
  spec.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  seg_csv_parse_text (sample, strlen (sample), seg_import_parse_delimiter (state.delimiter),
                      seg_import_scan_record, &spec, NULL);
  have_guess = !baskets && spec.n_columns > 0 && spec.n_columns <= MAX_COLUMNS &&
               (spec.n_data_rows > 0 || !state.header);

  /* Writes go through a connection of their own, so that readers of the
   * project never see a half-imported table. */
  if (outer != NULL)
    {
      state.writer = g_object_ref (outer);
      if (!seg_project_exec (state.writer, "SAVEPOINT seg_import", error))
        goto out;
    }
  else
    {
      state.writer = seg_project_open_writer (self->project, error);
      if (state.writer == NULL ||
          !seg_project_exec (state.writer, "PRAGMA cache_size = -32768; BEGIN IMMEDIATE", error))
        goto out;
    }
  in_transaction = TRUE;

  if (seg_project_has_table (state.writer, self->table_name))
    {
      if (!self->replace)
        {
          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_TABLE_EXISTS,
                       _("The project already has a table “%s”. Choose another name or replace it."),
                       self->table_name);
          goto out;
        }
      if (!seg_project_drop_table_in_transaction (state.writer, self->table_name, error))
        goto out;
    }

  /* Baskets are stored as they come, one row per item. */
  if (baskets)
    {
      if (!seg_import_store_baskets (&state, summary, cancellable, error))
        goto out;
      goto stored;
    }

  if (have_guess)
    {
      g_autoptr(SegImportSummary) guessed = seg_import_summary_new ();

      guessed->table = g_strdup (summary->table);
      guessed->source_file = g_strdup (summary->source_file);
      guessed->encoding = g_strdup (summary->encoding);
      guessed->delimiter = summary->delimiter;
      guessed->header = summary->header;
      seg_importer_decide_types (self, &spec, guessed);
      state.formats = g_steal_pointer (&spec.formats);
      state.names = g_steal_pointer (&spec.names);
      state.keep = g_steal_pointer (&spec.keep);
      state.n_stored = spec.n_stored;
      state.n_columns = spec.n_columns;

      if (!seg_project_exec (state.writer, "SAVEPOINT guessed_types", error) ||
          !seg_import_create_table (&state, guessed, error))
        goto out;

      seg_importer_set_progress (self, 0.0, _("Reading and storing rows…"));
      state.progress_base = 0.0;
      state.progress_span = 0.9;
      if (!seg_import_read_and_store (&state, seg_import_scan_and_insert_record, cancellable, error))
        goto out;
    }
  else
    {
      seg_importer_set_progress (self, 0.0, _("Reading every value to find the column types…"));
      state.progress_base = 0.0;
      state.progress_span = SCAN_SHARE;
      if (!seg_csv_reader_read (reader, seg_import_scan_record, &state, seg_import_on_read_progress, &state,
                                cancellable, error))
        goto out;
    }

  if (!seg_import_check_has_rows (&state, summary->source_file, error))
    goto out;

  guessed_formats = g_steal_pointer (&state.formats);
  g_clear_pointer (&state.names, g_ptr_array_unref);
  seg_importer_decide_types (self, &state, summary);

  if (have_guess && seg_import_formats_equal (guessed_formats, spec.n_columns, state.formats, state.n_columns))
    {
      if (!seg_project_exec (state.writer, "RELEASE guessed_types", error))
        goto out;
    }
  else
    {
      /* The sample misled the guess (or there was none): store again
       * with the types that fit the whole file. */
      if (have_guess &&
          !seg_project_exec (state.writer, "ROLLBACK TO guessed_types; RELEASE guessed_types", error))
        goto out;
      g_clear_pointer (&state.insert, sqlite3_finalize);
      g_clear_pointer (&state.insert_reject, sqlite3_finalize);
      state.rows = state.padded = state.rejected = state.emptied = 0;

      if (!seg_import_create_table (&state, summary, error))
        goto out;

      seg_importer_set_progress (self, have_guess ? 0.9 : SCAN_SHARE, _("Storing rows…"));
      state.progress_base = have_guess ? 0.9 : SCAN_SHARE;
      state.progress_span = 1.0 - state.progress_base;
      if (!seg_import_read_and_store (&state, seg_import_insert_record, cancellable, error))
        goto out;
    }

stored:
  if (!seg_import_finish_catalog (&state, error))
    goto out;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  g_clear_pointer (&state.insert, sqlite3_finalize);
  g_clear_pointer (&state.insert_reject, sqlite3_finalize);
  if (!seg_project_exec (state.writer, outer != NULL ? "RELEASE seg_import" : "COMMIT", error))
    goto out;
  in_transaction = FALSE;

  summary->rows = state.rows;
  summary->padded = state.padded;
  summary->rejected = state.rejected;
  summary->emptied = state.emptied;
  summary->blank = seg_csv_reader_get_blank_records (reader);
  summary->seconds = g_timer_elapsed (timer, NULL);

  seg_import_summary_warn_counts (summary);

  seg_importer_set_progress (self, 1.0, _("Done"));
  ok = TRUE;

out:
  if (in_transaction)
    {
      g_clear_pointer (&state.insert, sqlite3_finalize);
      g_clear_pointer (&state.insert_reject, sqlite3_finalize);
      seg_project_exec (state.writer, outer != NULL ? "ROLLBACK TO seg_import; RELEASE seg_import" : "ROLLBACK",
                        NULL);
    }
  seg_import_state_clear (&state);
  seg_import_state_clear (&spec);

  return ok ? g_steal_pointer (&summary) : NULL;
}

/**
 * seg_importer_run:
 * @self: a #SegImporter
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #SegImportError, #SegProjectError or
 *   %G_IO_ERROR_CANCELLED
 *
 * Imports the file: reads it once to settle every column's type over all
 * rows, then again to store it, all in one transaction. On any failure or
 * cancellation the project is left as it was.
 *
 * Returns: (transfer full): what was imported, or %NULL with @error set
 */
SegImportSummary *
seg_importer_run (SegImporter   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (self->project != NULL, NULL);

  if (self->append_to != NULL)
    return seg_importer_run_append (self, cancellable, error);

  return run_import (self, NULL, cancellable, error);
}

/**
 * seg_importer_run_in_transaction:
 * @writer: a writer of the importer's project, in a transaction
 *
 * Imports the file as seg_importer_run() does, but as a part of the
 * transaction the caller holds on @writer, which commits it or rolls it
 * back with the rest. On failure the import is undone and the rest of
 * the transaction is as it was.
 *
 * Returns: (transfer full): what was imported, or %NULL with @error set
 */
SegImportSummary *
seg_importer_run_in_transaction (SegImporter   *self,
                                 SegProject    *writer,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (self->project != NULL, NULL);
  g_return_val_if_fail (SEG_IS_PROJECT (writer), NULL);
  g_return_val_if_fail (self->append_to == NULL, NULL);

  return run_import (self, writer, cancellable, error);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SegImporter *self = source_object;
  GError *error = NULL;
  SegImportSummary *summary;

  summary = seg_importer_run (self, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify)seg_import_summary_free);
}

/**
 * seg_importer_run_async:
 * @self: a #SegImporter
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Runs seg_importer_run() in a worker thread. Change no setting until it
 * is done.
 */
void
seg_importer_run_async (SegImporter         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEG_IS_IMPORTER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_importer_run_async);
  g_task_set_name (task, "[segmenta] import");
  g_task_run_in_thread (task, run_thread);
}

SegImportSummary *
seg_importer_run_finish (SegImporter   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == seg_importer_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
