/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "seg-error.h"
#include "seg-run-context-private.h"
#include "seg-run-record.h"

struct _SegRunContext
{
  SegProject         *writer;
  SegModel           *model;
  SegTableInfo       *table;
  char               *output_table;
  gboolean            replace;
  gint64              run_id;
  const volatile int *cancel;
  SegRunReportFunc    report;
  gpointer            report_data;
  double              from;
  double              to;
  gpointer            work;
  GDestroyNotify      work_destroy;
  JsonObject         *metrics;
  JsonObject         *input;
  JsonNode           *steps;
  GPtrArray          *tables;
};

struct _SegTableWriter
{
  SegRunContext *context;
  char          *name;
  char          *kind;
  GPtrArray     *columns;
  sqlite3_stmt  *insert;
  gint64         rows;
  gint64         expected;
};

SegRunContext *
seg_run_context_new (SegProject         *writer,
                     SegModel           *model,
                     const char         *output_table,
                     gboolean            replace,
                     const volatile int *cancel,
                     SegRunReportFunc    report,
                     gpointer            report_data)
{
  SegRunContext *self = g_new0 (SegRunContext, 1);
  g_autoptr(JsonNode) roles = seg_model_roles_to_json (model);

  self->writer = g_object_ref (writer);
  self->model = g_object_ref (model);
  self->output_table = g_strdup (output_table);
  self->replace = replace;
  self->cancel = cancel;
  self->report = report;
  self->report_data = report_data;
  self->to = 1.0;
  self->metrics = json_object_new ();
  self->input = json_object_ref (json_node_get_object (roles));
  self->steps = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (self->steps, json_array_new ());
  self->tables = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
seg_run_context_free (SegRunContext *self)
{
  if (self == NULL)
    return;

  if (self->work_destroy != NULL)
    self->work_destroy (self->work);
  g_clear_object (&self->writer);
  g_clear_object (&self->model);
  g_clear_pointer (&self->table, seg_table_info_free);
  g_free (self->output_table);
  g_clear_pointer (&self->metrics, json_object_unref);
  g_clear_pointer (&self->input, json_object_unref);
  g_clear_pointer (&self->steps, json_node_unref);
  g_ptr_array_unref (self->tables);
  g_free (self);
}

/* Takes @table as the run's input, and notes in the run record the
 * version of its rows and how many there are, so that the record can
 * tell later whether the table changed since (seg_run_record_check_data). */
void
seg_run_context_set_table (SegRunContext *self,
                           SegTableInfo  *table)
{
  g_clear_pointer (&self->table, seg_table_info_free);
  self->table = table;

  if (table != NULL)
    {
      JsonObject *data = json_object_new ();

      json_object_set_int_member (data, "version", table->data_version);
      json_object_set_int_member (data, "rows", table->rows);
      json_object_set_object_member (self->input, SEG_RUN_INPUT_TABLE_DATA, data);
    }
}

void
seg_run_context_set_phase (SegRunContext *self,
                           double         from,
                           double         to)
{
  self->from = from;
  self->to = to;
}

void
seg_run_context_set_run_id (SegRunContext *self,
                            gint64         run_id)
{
  self->run_id = run_id;
}

/* Returns: (transfer full): the result tables created, in order */
GStrv
seg_run_context_get_tables (SegRunContext *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->tables->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->tables, i));

  return g_strv_builder_end (builder);
}

JsonNode *
seg_run_context_get_steps (SegRunContext *self)
{
  return self->steps;
}

/**
 * seg_run_context_get_writer:
 *
 * Returns: (transfer none): the run's own connection to the project; in
 *   `write`, inside the run's transaction
 */
SegProject *
seg_run_context_get_writer (SegRunContext *self)
{
  return self->writer;
}

/**
 * seg_run_context_get_table:
 *
 * Returns: (nullable) (transfer none): the catalog record of the model's
 *   input table, its columns checked against the model's inputs
 */
SegTableInfo *
seg_run_context_get_table (SegRunContext *self)
{
  return self->table;
}

/* The run's id: known in `write` only, 0 before. */
gint64
seg_run_context_get_run_id (SegRunContext *self)
{
  return self->run_id;
}

const volatile int *
seg_run_context_get_cancel (SegRunContext *self)
{
  return self->cancel;
}

/* Sets @error and returns TRUE once the run was asked to stop. */
gboolean
seg_run_context_check_cancelled (SegRunContext  *self,
                                 GError        **error)
{
  if (self->cancel == NULL || !*self->cancel)
    return FALSE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
  return TRUE;
}

/**
 * seg_run_context_report:
 * @fraction: how far the current phase is, from 0 to 1
 * @status: (nullable): what the model is doing, for people
 */
void
seg_run_context_report (SegRunContext *self,
                        double         fraction,
                        const char    *status)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->report != NULL)
    self->report (self->from + fraction * (self->to - self->from), status, self->report_data);
}

static int
monitor_progress (double  fraction,
                  void   *data)
{
  SegRunContext *self = data;

  seg_run_context_report (self, fraction, NULL);

  return self->cancel == NULL || !*self->cancel;
}

/* The kernels' view of the run: progress within the current phase, and
 * the flag that stops them. */
SegMonitor
seg_run_context_get_monitor (SegRunContext *self)
{
  return (SegMonitor) {
    .progress = monitor_progress,
    .progress_data = self,
    .cancel = self->cancel,
  };
}

/**
 * seg_run_context_set_work:
 * @work: (transfer full) (nullable): what the model keeps between phases
 *
 * @work is freed with @destroy when the run ends, however it ends.
 */
void
seg_run_context_set_work (SegRunContext  *self,
                          gpointer        work,
                          GDestroyNotify  destroy)
{
  if (self->work_destroy != NULL)
    self->work_destroy (self->work);
  self->work = work;
  self->work_destroy = destroy;
}

gpointer
seg_run_context_get_work (SegRunContext *self)
{
  return self->work;
}

/**
 * seg_run_context_get_metrics:
 *
 * Returns: (transfer none): the run record's metrics, for the model to add
 *   its figures to
 */
JsonObject *
seg_run_context_get_metrics (SegRunContext *self)
{
  return self->metrics;
}

/**
 * seg_run_context_get_input:
 *
 * Returns: (transfer none): the run record's input, holding the model's
 *   inputs; the model may add what it chose itself, such as a key column
 */
JsonObject *
seg_run_context_get_input (SegRunContext *self)
{
  return self->input;
}

/**
 * seg_run_context_set_steps:
 * @steps: (transfer none): an array of preparation steps with what they
 *   learned from the data, to show and to apply again
 */
void
seg_run_context_set_steps (SegRunContext *self,
                           JsonNode      *steps)
{
  g_return_if_fail (JSON_NODE_HOLDS_ARRAY (steps));

  g_clear_pointer (&self->steps, json_node_unref);
  self->steps = json_node_ref (steps);
}

SegColumnInfo *
seg_column_info_new (const char    *name,
                     SegColumnType  type)
{
  SegColumnInfo *column = g_new0 (SegColumnInfo, 1);

  column->name = g_strdup (name);
  column->header = g_strdup (name);
  column->type = type;
  column->inferred_type = type;

  return column;
}

/**
 * seg_run_context_claim_table:
 * @suffix: (nullable): NULL for the run's main table, or what tells a
 *   further table apart, such as "merges"
 *
 * Names a result table (the chosen output table or `run_N`, followed by
 * `_suffix`), drops a table of that name when replacing was asked for,
 * and lists it with the run's tables. Only in `write`.
 *
 * Returns: (transfer full): the name, or %NULL with @error set
 */
char *
seg_run_context_claim_table (SegRunContext  *self,
                             const char     *suffix,
                             GError        **error)
{
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (self->run_id > 0, NULL);

  base = self->output_table != NULL ? g_strdup (self->output_table)
                                    : g_strdup_printf ("run_%" G_GINT64_FORMAT, self->run_id);
  name = suffix != NULL ? g_strdup_printf ("%s_%s", base, suffix) : g_steal_pointer (&base);

  if (!seg_project_check_table_name (name, error))
    return NULL;
  if (seg_project_has_table (self->writer, name))
    {
      if (!self->replace)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--output-table: the project already has a table “%s”; choose another name or replace it"),
                       name);
          return NULL;
        }
      if (!seg_project_drop_table_in_transaction (self->writer, name, error))
        return NULL;
    }

  g_ptr_array_add (self->tables, g_strdup (name));
  return g_steal_pointer (&name);
}

/**
 * seg_run_context_catalog_table:
 * @kind: what the table holds, such as "clusters" or "recommendations",
 *   recorded with the run's id as the table's origin
 * @columns: (element-type SegColumnInfo): its columns
 *
 * Lists a result table in the project's catalog, with the run that made
 * it as its source.
 */
gboolean
seg_run_context_catalog_table (SegRunContext  *self,
                               const char     *name,
                               const char     *kind,
                               gint64          rows,
                               GPtrArray      *columns,
                               GError        **error)
{
  g_autofree char *source = NULL;
  g_autofree char *origin = NULL;
  const char *input = self->table != NULL ? self->table->name : "";

  source = g_strdup_printf (_("run %" PRId64 " (%s of %s)"),
                            self->run_id, seg_model_get_id (self->model), input);
  origin = g_strdup_printf ("{\"kind\":\"%s\",\"run\":%" G_GINT64_FORMAT "}", kind, self->run_id);

  return seg_project_catalog_table (self->writer, name, source, origin, rows, columns, error);
}

/**
 * seg_run_context_create_table:
 * @columns: (transfer none) (element-type SegColumnInfo): the columns
 * @expected_rows: how many rows will come, for progress; 0 if unknown
 *
 * Creates a result table and prepares the statement that inserts one row
 * of it, its values bound from 1 in the order of @columns.
 *
 * Returns: (transfer full): the writer, or %NULL with @error set
 */
SegTableWriter *
seg_run_context_create_table (SegRunContext  *self,
                              const char     *suffix,
                              const char     *kind,
                              GPtrArray      *columns,
                              gint64          expected_rows,
                              GError        **error)
{
  g_autoptr(SegTableWriter) writer = g_new0 (SegTableWriter, 1);
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autofree char *quoted = NULL;

  writer->context = self;
  writer->kind = g_strdup (kind);
  writer->expected = expected_rows;
  writer->columns = g_ptr_array_ref (columns);
  writer->name = seg_run_context_claim_table (self, suffix, error);
  if (writer->name == NULL)
    return NULL;

  quoted = seg_quote_identifier (writer->name);
  g_string_append_printf (create, "CREATE TABLE %s (", quoted);
  g_string_append_printf (insert, "INSERT INTO %s VALUES (", quoted);
  for (guint i = 0; i < columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (columns, i);
      g_autofree char *name = seg_quote_identifier (column->name);

      g_string_append_printf (create, "%s%s %s", i > 0 ? ", " : "", name,
                              seg_column_type_to_sql (column->type));
      g_string_append (insert, i > 0 ? ", ?" : "?");
    }
  g_string_append (create, ") STRICT");
  g_string_append (insert, ")");

  if (!seg_project_exec (self->writer, create->str, error) ||
      !seg_project_prepare (self->writer, insert->str, &writer->insert, error))
    return NULL;

  return g_steal_pointer (&writer);
}

sqlite3_stmt *
seg_table_writer_get_statement (SegTableWriter *writer)
{
  return writer->insert;
}

/* Inserts the row bound, and stops when the run is cancelled. */
gboolean
seg_table_writer_step (SegTableWriter  *writer,
                       GError         **error)
{
  int rc = sqlite3_step (writer->insert);

  sqlite3_reset (writer->insert);
  sqlite3_clear_bindings (writer->insert);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer->context->writer, rc, error);

  writer->rows++;
  if ((writer->rows & 0x3fff) == 0)
    {
      if (seg_run_context_check_cancelled (writer->context, error))
        return FALSE;
      if (writer->expected > 0)
        seg_run_context_report (writer->context, (double) writer->rows / writer->expected, NULL);
    }

  return TRUE;
}

/**
 * seg_table_writer_add_index:
 * @label: what the index is by, for its name
 * @columns: the columns' SQL, such as "customer, rank"
 *
 * Indexes the table written, in the run's transaction, so that views
 * find a few rows of it without reading it all.
 */
gboolean
seg_table_writer_add_index (SegTableWriter  *writer,
                            const char      *label,
                            const char      *columns,
                            GError         **error)
{
  g_autofree char *index_name = g_strdup_printf ("%s:%s", writer->name, label);
  g_autofree char *index_q = seg_quote_identifier (index_name);
  g_autofree char *table_q = seg_quote_identifier (writer->name);
  g_autofree char *sql = g_strdup_printf ("CREATE INDEX %s ON %s (%s)", index_q, table_q, columns);

  return seg_project_exec (writer->context->writer, sql, error);
}

/* Lists the table in the catalog with the rows written. */
gboolean
seg_table_writer_finish (SegTableWriter  *writer,
                         GError         **error)
{
  g_clear_pointer (&writer->insert, sqlite3_finalize);

  return seg_run_context_catalog_table (writer->context, writer->name, writer->kind,
                                        writer->rows, writer->columns, error);
}

void
seg_table_writer_free (SegTableWriter *writer)
{
  if (writer == NULL)
    return;

  g_clear_pointer (&writer->insert, sqlite3_finalize);
  g_free (writer->name);
  g_free (writer->kind);
  g_clear_pointer (&writer->columns, g_ptr_array_unref);
  g_free (writer);
}

/**
 * seg_run_context_save_state:
 * @name: what the state is, such as "model"
 * @data: its bytes
 *
 * Keeps bytes with the run in `seg_run_state`, for what later uses the
 * fit without refitting; deleted with the run. Only in `write`.
 */
gboolean
seg_run_context_save_state (SegRunContext  *self,
                            const char     *name,
                            GBytes         *data,
                            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (data, &size);
  int rc;

  g_return_val_if_fail (self->run_id > 0, FALSE);

  if (!seg_project_prepare (self->writer, "INSERT INTO seg_run_state (run_id, name, data) VALUES (?, ?, ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->run_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  /* A zero-length blob, not NULL, for an empty state. */
  sqlite3_bind_blob64 (stmt, 3, size > 0 ? bytes : "", size, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self->writer, rc, error);

  return TRUE;
}

/**
 * seg_project_read_run_state:
 *
 * Reads back what seg_run_context_save_state () kept.
 *
 * Returns: (transfer full) (nullable): the bytes; NULL with @error
 *   unset when the run kept no such state, or with @error set when the
 *   project could not be read
 */
GBytes *
seg_project_read_run_state (SegProject  *project,
                            gint64       run_id,
                            const char  *name,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, "SELECT data FROM seg_run_state WHERE run_id = ? AND name = ?",
                            &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    seg_project_set_sqlite_error (project, rc, error);

  return NULL;
}
