/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "seg-error.h"
#include "seg-importer-private.h"
#include "seg-sniff.h"

/*
 * Files of baskets: one basket a line, its items in the fields, as
 * shops and textbooks (arules' Groceries) keep transactions. The lines
 * are ragged by nature, so they are not a table with short rows but a
 * long table of (basket, item), basket numbered from 1 by line.
 */

/* Enough lines to tell, few enough to stay instant. */
#define SNIFF_RECORDS 200

typedef struct
{
  GHashTable *counts;   /* fields per record → records */
  guint       records;
  gboolean    numbers;  /* a field reads as a number */
} Sniff;

static gboolean
is_number (const char *field,
           gsize       len)
{
  g_autofree char *text = g_strstrip (g_strndup (field, len));
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0';
}

static gboolean
sniff_record (const SegCsvRecord  *record,
              gpointer             user_data,
              GError             **error)
{
  Sniff *sniff = user_data;
  guint n = record->n_fields;
  gpointer seen;

  while (n > 0 && record->lengths[n - 1] == 0)
    n--;
  for (guint i = 0; i < n && !sniff->numbers; i++)
    sniff->numbers = is_number (record->fields[i], record->lengths[i]);
  seen = g_hash_table_lookup (sniff->counts, GUINT_TO_POINTER (n));
  g_hash_table_insert (sniff->counts, GUINT_TO_POINTER (n), GUINT_TO_POINTER (GPOINTER_TO_UINT (seen) + 1));
  sniff->records++;

  return sniff->records < SNIFF_RECORDS && !sniff->numbers;
}

/* Whether the file reads as baskets: lines of many different lengths
 * whose fields are all names, never a number. A table, even one with
 * short rows, has most of its rows as long as its header. */
static gboolean
is_basket_sample (const char *sample,
                  char        delimiter)
{
  Sniff sniff = { g_hash_table_new (NULL, NULL), 0, FALSE };
  GHashTableIter iter;
  gpointer count;
  guint most = 0;
  gboolean baskets;

  seg_csv_parse_text (sample, strlen (sample), delimiter, sniff_record, &sniff, NULL);
  g_hash_table_iter_init (&iter, sniff.counts);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    most = MAX (most, GPOINTER_TO_UINT (count));
  baskets = !sniff.numbers && sniff.records >= 5 && g_hash_table_size (sniff.counts) >= 3 &&
            most < 0.7 * sniff.records;
  g_hash_table_unref (sniff.counts);

  return baskets;
}

/**
 * seg_importer_reads_baskets:
 * @state: the import's state, with its delimiter decided
 * @sample: the start of the file, as UTF-8
 *
 * Whether the importer stores the file as baskets: when asked to, or,
 * for a new table with nothing said of a header, when its lines read as
 * baskets.
 */
gboolean
seg_importer_reads_baskets (SegImporter       *self,
                            const ImportState *state,
                            const char        *sample)
{
  if (self->layout != SEG_IMPORT_LAYOUT_AUTO)
    return self->layout == SEG_IMPORT_LAYOUT_BASKETS;
  return self->header == SEG_HEADER_AUTO && self->append_to == NULL && state->delimiter != SEG_DELIMITER_ALIGNED &&
         is_basket_sample (sample, seg_import_parse_delimiter (state->delimiter));
}

static gboolean
store_record (const SegCsvRecord  *record,
              gpointer             user_data,
              GError             **error)
{
  ImportState *state = user_data;
  gboolean any = FALSE;

  for (guint i = 0; i < record->n_fields; i++)
    {
      int rc;

      if (record->lengths[i] == 0)
        continue;
      if (!any)
        state->n_data_rows++;
      any = TRUE;
      sqlite3_bind_int64 (state->insert, 1, (gint64) state->n_data_rows);
      sqlite3_bind_text (state->insert, 2, record->fields[i], (int) record->lengths[i], SQLITE_STATIC);
      rc = sqlite3_step (state->insert);
      sqlite3_reset (state->insert);
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (state->writer, rc, error);
      state->rows++;
    }
  return TRUE;
}

/**
 * seg_import_store_baskets:
 *
 * Creates the table of (basket, item) and stores every item of every
 * line of the file in it, inside the import's transaction.
 */
gboolean
seg_import_store_baskets (ImportState       *state,
                          SegImportSummary  *summary,
                          GCancellable      *cancellable,
                          GError           **error)
{
  static const char *const names[] = { "basket", "item" };
  static const SegColumnType types[] = { SEG_COLUMN_INTEGER, SEG_COLUMN_TEXT };

  state->n_columns = state->n_stored = G_N_ELEMENTS (names);
  state->formats = g_new0 (SegValueFormat, state->n_columns);
  state->keep = g_new0 (gboolean, state->n_columns);
  state->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < state->n_columns; i++)
    {
      SegColumnInfo *column = g_new0 (SegColumnInfo, 1);

      state->formats[i].type = types[i];
      state->keep[i] = TRUE;
      g_ptr_array_add (state->names, g_strdup (names[i]));
      column->name = g_strdup (names[i]);
      column->header = g_strdup (names[i]);
      column->type = column->inferred_type = types[i];
      g_ptr_array_add (summary->columns, column);
    }
  if (!seg_import_create_table (state, summary, error))
    return FALSE;

  seg_importer_set_progress (state->self, 0.0, _("Storing baskets…"));
  state->progress_base = 0.0;
  state->progress_span = 1.0;
  if (!seg_csv_reader_read (state->reader, store_record, state, seg_import_on_read_progress, state, cancellable,
                            error))
    return FALSE;
  if (state->rows == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EMPTY, _("%s: the file has no items"),
                   summary->source_file);
      return FALSE;
    }

  g_ptr_array_add (summary->warnings,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Read as baskets, one a line: %" PRIu64 " basket of %" PRId64 " items in all.",
                                                 "Read as baskets, one a line: %" PRIu64 " baskets of %" PRId64 " items in all.",
                                                 state->n_data_rows),
                                    state->n_data_rows, state->rows));
  return TRUE;
}
