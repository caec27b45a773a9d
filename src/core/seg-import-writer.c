/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seg-importer-private.h"

/* Rows travel from the reading thread to the writing thread in batches
 * of encoded values, so that parsing and SQLite's inserts use both cores.
 * A few batches circulate; the reader waits when all of them are full. */
#define BATCH_BYTES (512 * 1024)
#define N_BATCHES   4

enum {
  TAG_NULL,
  TAG_INT,
  TAG_REAL,
  TAG_TEXT,
};

enum {
  ENTRY_ROW = 'R',
  ENTRY_REJECT = 'J',
};

typedef struct
{
  guint8  *data;
  gsize    len;
  gsize    size;
  gboolean last;  /* nothing comes after this batch */
} Batch;

struct _Pipeline
{
  GThread     *thread;
  GAsyncQueue *full;
  GAsyncQueue *empty;
  Batch       *current;
  ImportState *state;
  GError      *error;   /* the writer's, read after the join */
  int          failed;
};

static inline void
batch_reserve (Batch *batch,
               gsize  extra)
{
  if (G_UNLIKELY (batch->len + extra > batch->size))
    {
      while (batch->len + extra > batch->size)
        batch->size *= 2;
      batch->data = g_realloc (batch->data, batch->size);
    }
}

static inline void
batch_put (Batch      *batch,
           const void *data,
           gsize       len)
{
  batch_reserve (batch, len);
  memcpy (batch->data + batch->len, data, len);
  batch->len += len;
}

static inline void
batch_put_byte (Batch *batch,
                guint8 byte)
{
  batch_reserve (batch, 1);
  batch->data[batch->len++] = byte;
}

static inline void
batch_put_text (Batch      *batch,
                const char *text,
                gsize       len)
{
  guint64 n = len;

  batch_put (batch, &n, sizeof n);
  batch_put (batch, text, len);
}

/* Reads back what batch_put() wrote, and returns where the next value
 * starts. The batch keeps no alignment, hence the copy. */
static inline const guint8 *
batch_get (const guint8 *p,
           void         *data,
           gsize         len)
{
  memcpy (data, p, len);

  return p + len;
}

static inline const guint8 *
batch_get_text (const guint8  *p,
                const char   **text,
                gsize         *len)
{
  guint64 n;

  p = batch_get (p, &n, sizeof n);
  *text = (const char *)p;
  *len = n;

  return p + n;
}

static int
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text,
           gsize         len)
{
  return sqlite3_bind_text64 (stmt, index, text, len, SQLITE_STATIC, SQLITE_UTF8);
}

/* Runs the inserts of one batch; returns FALSE at the first failure. */
static gboolean
write_batch (ImportState  *state,
             Batch        *batch,
             GError      **error)
{
  const guint8 *p = batch->data;
  const guint8 *end = batch->data + batch->len;
  sqlite3_stmt *stmt = state->insert;
  int rc;

  while (p < end)
    {
      guint8 kind = *p++;

      if (kind == ENTRY_ROW)
        {
          for (guint i = 0; i < state->n_stored; i++)
            {
              guint8 tag = *p++;

              switch (tag)
                {
                case TAG_INT:
                  {
                    gint64 v;

                    p = batch_get (p, &v, sizeof v);
                    sqlite3_bind_int64 (stmt, i + 1, v);
                  }
                  break;

                case TAG_REAL:
                  {
                    double v;

                    p = batch_get (p, &v, sizeof v);
                    sqlite3_bind_double (stmt, i + 1, v);
                  }
                  break;

                case TAG_TEXT:
                  {
                    const char *text;
                    gsize len;

                    p = batch_get_text (p, &text, &len);
                    bind_text (stmt, i + 1, text, len);
                  }
                  break;

                case TAG_NULL:
                default:
                  sqlite3_bind_null (stmt, i + 1);
                }
            }

          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return seg_project_set_sqlite_error (state->writer, rc, error);
        }
      else
        {
          gint64 line;
          guint32 column;
          const char *reason;
          const char *raw;
          gsize reason_len;
          gsize raw_len;

          g_assert (kind == ENTRY_REJECT);
          p = batch_get (p, &line, sizeof line);
          p = batch_get (p, &column, sizeof column);
          p = batch_get_text (p, &reason, &reason_len);
          p = batch_get_text (p, &raw, &raw_len);

          sqlite3_bind_int64 (state->insert_reject, 1, state->table_id);
          sqlite3_bind_int64 (state->insert_reject, 2, line);
          if (column > 0)
            sqlite3_bind_int (state->insert_reject, 3, column);
          else
            sqlite3_bind_null (state->insert_reject, 3);
          bind_text (state->insert_reject, 4, reason, reason_len);
          bind_text (state->insert_reject, 5, raw, raw_len);
          rc = sqlite3_step (state->insert_reject);
          sqlite3_reset (state->insert_reject);
          if (rc != SQLITE_DONE)
            return seg_project_set_sqlite_error (state->writer, rc, error);
        }
    }

  return TRUE;
}

static gpointer
pipeline_writer (gpointer data)
{
  Pipeline *pipeline = data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (pipeline->full);
      gboolean last = batch->last;

      /* After a failure keep taking batches, so the reader never waits
       * for one that does not come back. */
      if (!g_atomic_int_get (&pipeline->failed) &&
          !write_batch (pipeline->state, batch, &pipeline->error))
        g_atomic_int_set (&pipeline->failed, 1);

      batch->len = 0;
      g_async_queue_push (pipeline->empty, batch);

      if (last)
        return NULL;
    }
}

static Pipeline *
pipeline_start (ImportState *state)
{
  Pipeline *pipeline = g_new0 (Pipeline, 1);

  pipeline->state = state;
  pipeline->full = g_async_queue_new ();
  pipeline->empty = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    {
      Batch *batch = g_new0 (Batch, 1);

      batch->size = BATCH_BYTES + 4096;
      batch->data = g_malloc (batch->size);
      g_async_queue_push (pipeline->empty, batch);
    }
  pipeline->current = g_async_queue_pop (pipeline->empty);
  pipeline->thread = g_thread_new ("segmenta-import-writer", pipeline_writer, pipeline);

  return pipeline;
}

static void
pipeline_send (Pipeline *pipeline)
{
  g_async_queue_push (pipeline->full, pipeline->current);
  pipeline->current = g_async_queue_pop (pipeline->empty);
}

/* Ends the stream, waits for the writer and frees everything. */
static gboolean
pipeline_finish (Pipeline  *pipeline,
                 GError   **error)
{
  gboolean ok;
  Batch *batch;

  pipeline->current->last = TRUE;
  g_async_queue_push (pipeline->full, g_steal_pointer (&pipeline->current));
  g_thread_join (pipeline->thread);

  ok = pipeline->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&pipeline->error));

  while ((batch = g_async_queue_try_pop (pipeline->empty)) != NULL)
    {
      g_free (batch->data);
      g_free (batch);
    }
  g_async_queue_unref (pipeline->full);
  g_async_queue_unref (pipeline->empty);
  g_free (pipeline);

  return ok;
}

/* The longest prefix of @len bytes or fewer that ends on a character. */
static int
utf8_prefix (const char *text,
             gsize       len,
             gsize       max)
{
  const char *end;

  if (len <= max)
    return len;

  end = g_utf8_find_prev_char (text, text + max + 1);
  return end != NULL ? end - text : 0;
}

/* Adds an entry for the rejects list to the current batch. */
static void
put_reject (ImportState        *state,
            const SegCsvRecord *record,
            guint               column,
            const char         *reason)
{
  Batch *batch = state->pipeline->current;
  gint64 line = record->line;
  guint32 column32 = column;

  g_string_truncate (state->raw, 0);
  seg_csv_format_record (record, seg_import_parse_delimiter (state->delimiter), state->raw);

  batch_put_byte (batch, ENTRY_REJECT);
  batch_put (batch, &line, sizeof line);
  batch_put (batch, &column32, sizeof column32);
  batch_put_text (batch, reason, strlen (reason));
  batch_put_text (batch, state->raw->str, state->raw->len);
}

/* Sends the whole row to the rejects list instead of the table. */
static gboolean
store_reject (ImportState         *state,
              const SegCsvRecord  *record,
              guint                column,
              const char          *reason,
              GError             **error)
{
  put_reject (state, record, column, reason);
  state->rejected++;
  return TRUE;
}

/* Says in @state->reason why field @i of @record does not fit, and
 * whether its cell was emptied rather than its row left out. */
static void
set_misfit_reason (ImportState        *state,
                   const SegCsvRecord *record,
                   guint               i,
                   gboolean            emptied)
{
  const char *name = g_ptr_array_index (state->names, i);
  const char *label = seg_import_type_label (state->formats[i].type);
  int len = utf8_prefix (record->fields[i], record->lengths[i], 80);

  if (emptied)
    g_string_printf (state->reason, _("“%.*s” in column “%s” is not %s; the cell was emptied"),
                     len, record->fields[i], name, label);
  else
    g_string_printf (state->reason, _("“%.*s” in column “%s” is not %s"),
                     len, record->fields[i], name, label);
}

gboolean
seg_import_insert_record (const SegCsvRecord  *record,
                          gpointer             user_data,
                          GError             **error)
{
  ImportState *state = user_data;
  Pipeline *pipeline = state->pipeline;
  Batch *batch;
  gsize row_start;
  guint n;

  if (record->index == 0 && state->header)
    return TRUE;

  /* The writer failed: stop reading, its error is reported at the end. */
  if (G_UNLIKELY (g_atomic_int_get (&pipeline->failed)))
    return FALSE;

  if (pipeline->current->len >= BATCH_BYTES)
    pipeline_send (pipeline);
  batch = pipeline->current;

  n = meaningful_fields (record, state->n_columns);
  if (n > state->n_columns)
    {
      g_string_printf (state->reason,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u fields, but the table has %u column",
                                    "%u fields, but the table has %u columns",
                                    state->n_columns),
                       n, state->n_columns);
      return store_reject (state, record, state->n_columns + 1, state->reason->str, error);
    }

  row_start = batch->len;
  batch_put_byte (batch, ENTRY_ROW);

  for (guint i = 0; i < n; i++)
    {
      SegValue value;

      if (!state->keep[i])
        continue;

      switch (seg_value_convert (&state->formats[i], record->fields[i], record->lengths[i], &value))
        {
        case SEG_CONVERT_NULL:
          batch_put_byte (batch, TAG_NULL);
          break;

        case SEG_CONVERT_FAIL:
          if (state->self->on_bad_cell == SEG_BAD_CELL_EMPTY)
            {
              /* The cell is reported once the row is in the batch, so
               * that the entries stay whole. */
              batch_put_byte (batch, TAG_NULL);
              g_array_append_val (state->bad_cells, i);
              break;
            }
          batch->len = row_start;
          g_array_set_size (state->bad_cells, 0);
          set_misfit_reason (state, record, i, FALSE);
          return store_reject (state, record, i + 1, state->reason->str, error);

        case SEG_CONVERT_OK:
        default:
          switch (state->formats[i].type)
            {
            case SEG_COLUMN_INTEGER:
            case SEG_COLUMN_BOOLEAN:
              batch_put_byte (batch, TAG_INT);
              batch_put (batch, &value.i, sizeof value.i);
              break;

            case SEG_COLUMN_REAL:
              batch_put_byte (batch, TAG_REAL);
              batch_put (batch, &value.r, sizeof value.r);
              break;

            case SEG_COLUMN_DATE:
            case SEG_COLUMN_DATETIME:
            case SEG_COLUMN_TEXT:
            default:
              batch_put_byte (batch, TAG_TEXT);
              batch_put_text (batch, value.text, value.len);
              break;
            }
        }
    }

  if (n < state->n_columns)
    {
      for (guint i = n; i < state->n_columns; i++)
        if (state->keep[i])
          batch_put_byte (batch, TAG_NULL);
      state->padded++;
    }

  state->rows++;

  for (guint k = 0; k < state->bad_cells->len; k++)
    {
      guint i = g_array_index (state->bad_cells, guint, k);

      set_misfit_reason (state, record, i, TRUE);
      put_reject (state, record, i + 1, state->reason->str);
      state->emptied++;
    }
  g_array_set_size (state->bad_cells, 0);

  return TRUE;
}

/* Reads the file once more with @func storing rows through the writer
 * thread; the reader's error comes first, then the writer's. */
gboolean
seg_import_read_and_store (ImportState       *state,
                           SegCsvRecordFunc   func,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(GError) write_error = NULL;
  gboolean read_ok;
  gboolean write_ok;

  state->pipeline = pipeline_start (state);
  read_ok = seg_csv_reader_read (state->reader, func, state, seg_import_on_read_progress, state,
                                 cancellable, error);
  write_ok = pipeline_finish (g_steal_pointer (&state->pipeline), &write_error);

  if (!read_ok)
    return FALSE;
  if (!write_ok)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }

  return TRUE;
}

/* The single pass: every value feeds the whole-file type guess and is
 * stored under the types guessed from the sample. */
gboolean
seg_import_scan_and_insert_record (const SegCsvRecord  *record,
                                   gpointer             user_data,
                                   GError             **error)
{
  return seg_import_scan_record (record, user_data, error) &&
         seg_import_insert_record (record, user_data, error);
}
