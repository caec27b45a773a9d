/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seg-error.h"
#include "seg-importer-private.h"

/* The first rows of a file as the import would store them, for a person
 * to check the settings before importing. */

void
seg_import_preview_free (SegImportPreview *preview)
{
  if (preview == NULL)
    return;

  g_free (preview->encoding);
  g_clear_pointer (&preview->columns, g_ptr_array_unref);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_strfreev (preview->missing);
  g_free (preview);
}

static void
preview_column_free (SegPreviewColumn *column)
{
  g_free (column->name);
  g_free (column->header);
  g_free (column);
}

typedef struct
{
  guint      n_columns;
  gboolean   header;
  guint      max_rows;
  GPtrArray *rows;
} PreviewRows;

static void
preview_row_free (SegPreviewRow *row)
{
  for (guint i = 0; row->values != NULL && i < row->n_values; i++)
    g_free (row->values[i]);
  g_free (row->values);
  g_strfreev (row->cells);
  g_free (row->status);
  g_free (row);
}

static gboolean
collect_preview_row (const SegCsvRecord  *record,
                     gpointer             user_data,
                     GError             **error)
{
  PreviewRows *rows = user_data;
  SegPreviewRow *row;

  if (record->index == 0)
    {
      rows->n_columns = record->n_fields;
      if (rows->header)
        return TRUE;
    }

  row = g_new0 (SegPreviewRow, 1);
  row->line = record->line;
  row->cells = g_new0 (char *, MAX (rows->n_columns, record->n_fields) + 1);
  row->status = g_new0 (SegPreviewCell, rows->n_columns);
  row->values = g_new0 (char *, rows->n_columns);
  row->n_values = rows->n_columns;
  for (guint i = 0; i < record->n_fields; i++)
    row->cells[i] = g_strndup (record->fields[i], record->lengths[i]);
  row->too_many_fields = meaningful_fields (record, rows->n_columns) > rows->n_columns;
  g_ptr_array_add (rows->rows, row);

  return rows->rows->len < rows->max_rows;
}

static char *
value_to_text (SegColumnType  type,
               SegValue      *value)
{
  char number[32];

  switch (type)
    {
    case SEG_COLUMN_INTEGER:
      return g_strdup_printf ("%" PRId64, value->i);
    case SEG_COLUMN_BOOLEAN:
      return g_strdup (value->i ? _("yes") : _("no"));
    case SEG_COLUMN_REAL:
      seg_format_double (value->r, number);
      return g_strdup (number);
    case SEG_COLUMN_DATE:
    case SEG_COLUMN_DATETIME:
    case SEG_COLUMN_TEXT:
    default:
      return g_strndup (value->text, value->len);
    }
}

/* A file of baskets shows as it will be stored: a row per item. */
static gboolean
collect_basket_rows (const SegCsvRecord  *record,
                     gpointer             user_data,
                     GError             **error)
{
  PreviewRows *rows = user_data;
  gboolean any = FALSE;

  for (guint i = 0; i < record->n_fields && rows->rows->len < rows->max_rows; i++)
    {
      SegPreviewRow *row;

      if (record->lengths[i] == 0)
        continue;
      if (!any)
        rows->n_columns++;  /* here, the baskets so far */
      any = TRUE;
      row = g_new0 (SegPreviewRow, 1);
      row->line = record->line;
      row->n_values = 2;
      row->cells = g_new0 (char *, 3);
      row->cells[0] = g_strdup_printf ("%u", rows->n_columns);
      row->cells[1] = g_strndup (record->fields[i], record->lengths[i]);
      row->values = g_new0 (char *, 2);
      row->values[0] = g_strdup (row->cells[0]);
      row->values[1] = g_strdup (row->cells[1]);
      row->status = g_new0 (SegPreviewCell, 2);
      g_ptr_array_add (rows->rows, row);
    }
  return rows->rows->len < rows->max_rows;
}

static void
preview_baskets (SegImportPreview *preview,
                 const ImportState *state,
                 const char       *sample,
                 guint             max_rows)
{
  static const char *const names[] = { "basket", "item" };
  static const SegColumnType types[] = { SEG_COLUMN_INTEGER, SEG_COLUMN_TEXT };
  PreviewRows rows = { 0 };

  preview->baskets = TRUE;
  preview->header = FALSE;
  preview->n_columns = G_N_ELEMENTS (names);
  preview->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)preview_column_free);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SegPreviewColumn *column = g_new0 (SegPreviewColumn, 1);

      column->name = g_strdup (names[i]);
      column->header = g_strdup (names[i]);
      column->type = column->inferred_type = types[i];
      g_ptr_array_add (preview->columns, column);
    }
  rows.max_rows = MAX (max_rows, 1);
  rows.rows = g_ptr_array_new_with_free_func ((GDestroyNotify)preview_row_free);
  seg_csv_parse_text (sample, strlen (sample), seg_import_parse_delimiter (state->delimiter),
                      collect_basket_rows, &rows, NULL);
  preview->rows = rows.rows;
}

/**
 * seg_importer_preview:
 * @self: a #SegImporter
 * @max_rows: how many data rows to show
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #SegImportError
 *
 * Reads the start of the file with the importer's settings, for a person
 * to check and correct before importing. Cheap enough to run again after
 * every change of a setting.
 *
 * Returns: (transfer full): the preview, or %NULL with @error set
 */
SegImportPreview *
seg_importer_preview (SegImporter   *self,
                      guint          max_rows,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SegImportPreview) preview = g_new0 (SegImportPreview, 1);
  g_autoptr(SegImportSummary) summary = seg_import_summary_new ();
  g_autoptr(SegCsvReader) reader = NULL;
  g_autoptr(SegTableInfo) target = NULL;
  g_autofree char *sample = NULL;
  ImportState state = { 0 };
  PreviewRows rows = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);

  reader = seg_importer_open_reader (self, error);
  if (reader == NULL)
    return NULL;

  state.self = self;
  state.reader = reader;
  state.headers = g_ptr_array_new_with_free_func (g_free);
  state.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  if (!seg_importer_decide_dialect (self, &state, &sample, error))
    goto out;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (seg_importer_reads_baskets (self, &state, sample))
    {
      preview->encoding = g_strdup (seg_csv_reader_get_charset (reader));
      preview->encoding_detected = seg_csv_reader_get_charset_detected (reader);
      preview->delimiter = state.delimiter;
      preview_baskets (preview, &state, sample, max_rows);
      ok = TRUE;
      goto out;
    }

  seg_csv_parse_text (sample, strlen (sample), seg_import_parse_delimiter (state.delimiter),
                      seg_import_scan_record, &state, NULL);
  if (state.n_columns == 0)
    {
      g_autofree char *name = g_filename_display_basename (self->path);

      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EMPTY,
                   _("%s: the file is empty"), name);
      goto out;
    }
  if (self->append_to != NULL)
    {
      gint64 table_id;

      target = seg_project_get_table (self->project, self->append_to, error);
      if (target == NULL ||
          !seg_import_lookup_target (self->project, self->append_to, &table_id, &state.table_date_order, error))
        goto out;
    }

  seg_importer_decide_types (self, &state, summary);
  if (target != NULL &&
      !seg_import_match_columns (self, &state, target, TRUE, NULL, &preview->missing, error))
    goto out;

  preview->encoding = g_strdup (seg_csv_reader_get_charset (reader));
  preview->encoding_detected = seg_csv_reader_get_charset_detected (reader);
  preview->delimiter = state.delimiter;
  preview->header = state.header;
  preview->date_order = summary->date_order;
  preview->n_columns = state.n_columns;
  preview->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)preview_column_free);

  for (guint i = 0; i < state.n_columns; i++)
    {
      SegPreviewColumn *column = g_new0 (SegPreviewColumn, 1);
      SegTypeGuessResult result;

      seg_type_guess_result (g_ptr_array_index (state.guesses, i),
                             state.delimiter == ';' ? SEG_DECIMAL_COMMA : SEG_DECIMAL_DOT,
                             self->date_order, &result);
      column->name = g_strdup (g_ptr_array_index (state.names, i));
      column->header = g_strdup (g_ptr_array_index (state.headers, i));
      column->type = state.formats[i].type;
      column->inferred_type = result.format.type;
      column->skip = !state.keep[i];
      column->dates_ambiguous = result.dates_ambiguous && self->date_order == SEG_DATE_ORDER_AUTO;
      column->extra = target != NULL && !state.keep[i];
      g_ptr_array_add (preview->columns, column);
    }

  rows.header = state.header;
  rows.max_rows = MAX (max_rows, 1);
  rows.rows = g_ptr_array_new_with_free_func ((GDestroyNotify)preview_row_free);
  seg_csv_parse_text (sample, strlen (sample), seg_import_parse_delimiter (state.delimiter),
                      collect_preview_row, &rows, NULL);

  for (guint r = 0; r < rows.rows->len; r++)
    {
      SegPreviewRow *row = g_ptr_array_index (rows.rows, r);

      for (guint i = 0; i < state.n_columns; i++)
        {
          SegValue value;

          if (row->too_many_fields)
            row->status[i] = SEG_PREVIEW_CELL_REJECTED;
          else if (row->cells[i] == NULL)
            row->status[i] = SEG_PREVIEW_CELL_NULL;
          else if (!state.keep[i])
            row->status[i] = SEG_PREVIEW_CELL_OK;
          else
            switch (seg_value_convert (&state.formats[i], row->cells[i], strlen (row->cells[i]), &value))
              {
              case SEG_CONVERT_NULL:
                row->status[i] = SEG_PREVIEW_CELL_NULL;
                break;
              case SEG_CONVERT_FAIL:
                row->status[i] = SEG_PREVIEW_CELL_REJECTED;
                break;
              case SEG_CONVERT_OK:
              default:
                row->status[i] = SEG_PREVIEW_CELL_OK;
                row->values[i] = value_to_text (state.formats[i].type, &value);
              }

          preview->n_rejected += row->status[i] == SEG_PREVIEW_CELL_REJECTED && state.keep[i];
          preview->n_null += row->status[i] == SEG_PREVIEW_CELL_NULL && state.keep[i];
          preview->n_emptied += row->status[i] == SEG_PREVIEW_CELL_REJECTED && state.keep[i] &&
                                !row->too_many_fields && self->on_bad_cell == SEG_BAD_CELL_EMPTY;
        }
    }
  preview->rows = g_steal_pointer (&rows.rows);
  ok = TRUE;

out:
  if (rows.rows != NULL)
    g_ptr_array_unref (rows.rows);
  seg_import_state_clear (&state);

  return ok ? g_steal_pointer (&preview) : NULL;
}
