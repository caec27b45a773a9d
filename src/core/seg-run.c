/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-cancel.h"
#include "seg-enums.h"
#include "seg-error.h"
#include "seg-recommender-model-private.h"
#include "seg-run.h"
#include "seg-run-context-private.h"

/*
 * A run is the life of one fit: it opens its own connection, times and
 * reports the model's phases, and writes the run record and everything
 * the model writes in one transaction. What is computed and written is
 * the model's business.
 */

struct _SegRun
{
  GObject       parent_instance;

  SegProject   *project;
  SegModel     *model;
  char         *output_table;
  gboolean      replace;

  SegRunState   state;
  SegRunRecord *record;

  /* Shared with the worker thread. */
  GMutex        lock;
  double        progress;
  char         *status_text;
  gboolean      notify_pending;
  SegCancelFlag cancel;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (SegRun, seg_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_MODEL,
  PROP_OUTPUT_TABLE,
  PROP_REPLACE,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_STATUS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
seg_run_finalize (GObject *object)
{
  SegRun *self = (SegRun *) object;

  g_clear_object (&self->project);
  g_clear_object (&self->model);
  g_free (self->output_table);
  g_clear_object (&self->record);
  g_free (self->status_text);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (seg_run_parent_class)->finalize (object);
}

static void
seg_run_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SegRun *self = SEG_RUN (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    case PROP_OUTPUT_TABLE: g_value_set_string (value, self->output_table); break;
    case PROP_REPLACE: g_value_set_boolean (value, self->replace); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_PROGRESS: g_value_set_double (value, seg_run_get_progress (self)); break;
    case PROP_STATUS_TEXT:
      g_mutex_lock (&self->lock);
      g_value_set_string (value, self->status_text);
      g_mutex_unlock (&self->lock);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_run_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SegRun *self = SEG_RUN (object);

  /* The inputs are fixed once the run has started. */
  g_return_if_fail (self->state == SEG_RUN_READY);

  switch (prop_id)
    {
    case PROP_PROJECT: g_set_object (&self->project, g_value_get_object (value)); break;
    case PROP_MODEL: g_set_object (&self->model, g_value_get_object (value)); break;
    case PROP_OUTPUT_TABLE: g_free (self->output_table); self->output_table = g_value_dup_string (value); break;
    case PROP_REPLACE: self->replace = g_value_get_boolean (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
}

static void
seg_run_class_init (SegRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = seg_run_finalize;
  object_class->get_property = seg_run_get_property;
  object_class->set_property = seg_run_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT, flags | G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, SEG_TYPE_MODEL, flags | G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_OUTPUT_TABLE] =
    g_param_spec_string ("output-table", _("Result table"),
                         _("The table the results are written to; by default named after the run"),
                         NULL, flags);
  properties[PROP_REPLACE] =
    g_param_spec_boolean ("replace", _("Replace"), _("Replace a result table of the same name"), FALSE, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SEG_TYPE_RUN_STATE, SEG_RUN_READY, read_only);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, read_only);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_run_init (SegRun *self)
{
  g_mutex_init (&self->lock);
}

/**
 * seg_run_new_for_model:
 * @project: where the input is and the results go
 * @model: the model with its inputs and parameters set
 *
 * Returns: (transfer full): a run, ready to start
 */
SegRun *
seg_run_new_for_model (SegProject *project,
                       SegModel   *model)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (SEG_IS_MODEL (model), NULL);

  return g_object_new (SEG_TYPE_RUN, "project", project, "model", model, NULL);
}

/**
 * seg_run_new:
 * @table: the input table, set as the model's "table" input
 * @columns: (nullable): set as the model's "columns" input, where it has one
 *
 * A shorthand for models that read columns of one table.
 *
 * Returns: (transfer full): a run, ready to start
 */
SegRun *
seg_run_new (SegProject        *project,
             SegModel          *model,
             const char        *table,
             const char *const *columns)
{
  g_return_val_if_fail (SEG_IS_MODEL (model), NULL);

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "table") != NULL)
    g_object_set (model, "table", table, NULL);
  if (columns != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (model), "columns") != NULL)
    g_object_set (model, "columns", columns, NULL);

  return seg_run_new_for_model (project, model);
}

SegRunState
seg_run_get_state (SegRun *self)
{
  g_return_val_if_fail (SEG_IS_RUN (self), SEG_RUN_READY);

  return self->state;
}

double
seg_run_get_progress (SegRun *self)
{
  double progress;

  g_return_val_if_fail (SEG_IS_RUN (self), 0.0);

  g_mutex_lock (&self->lock);
  progress = self->progress;
  g_mutex_unlock (&self->lock);

  return progress;
}

/**
 * seg_run_get_status_text:
 *
 * Returns: (nullable): what the run is doing, for people; only to be
 *   called on the thread that started the run
 */
const char *
seg_run_get_status_text (SegRun *self)
{
  g_return_val_if_fail (SEG_IS_RUN (self), NULL);

  return self->status_text;
}

SegModel *
seg_run_get_model (SegRun *self)
{
  g_return_val_if_fail (SEG_IS_RUN (self), NULL);

  return self->model;
}

SegProject *
seg_run_get_project (SegRun *self)
{
  g_return_val_if_fail (SEG_IS_RUN (self), NULL);

  return self->project;
}

/**
 * seg_run_get_record:
 *
 * Returns: (nullable) (transfer none): the record written, once the run
 *   has succeeded
 */
const SegRunRecord *
seg_run_get_record (SegRun *self)
{
  g_return_val_if_fail (SEG_IS_RUN (self), NULL);

  return self->record;
}

static void
set_state (SegRun      *self,
           SegRunState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* On the starting thread: tell watchers what the worker reported. */
static gboolean
notify_progress (gpointer data)
{
  SegRun *self = data;

  g_mutex_lock (&self->lock);
  self->notify_pending = FALSE;
  g_mutex_unlock (&self->lock);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);

  return G_SOURCE_REMOVE;
}

/* From the worker: at most one notification waits at a time, so a fast
 * loop never floods the main loop. */
static void
report (double      progress,
        const char *status,
        gpointer    data)
{
  SegRun *self = data;
  gboolean schedule;

  g_mutex_lock (&self->lock);
  self->progress = CLAMP (progress, 0.0, 1.0);
  if (status != NULL && g_strcmp0 (status, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_strdup (status);
    }
  schedule = !self->notify_pending;
  self->notify_pending = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, notify_progress, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[segmenta] run progress");
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

typedef gboolean (*PhaseFunc) (SegModel       *model,
                               SegRunContext  *context,
                               GError        **error);

/* The phases, each with its share of the progress bar. */
typedef struct
{
  const char *name;
  const char *status;
  double      from;
  double      to;
} Phase;

static const Phase phases[] = {
  { "load", N_("Reading the table"), 0.0, 0.1 },
  { "prepare", N_("Preparing the data"), 0.1, 0.15 },
  { "fit", N_("Fitting the model"), 0.15, 0.75 },
  { "measure", N_("Measuring the result"), 0.75, 0.9 },
  { "write", N_("Saving the results"), 0.9, 1.0 },
};

static PhaseFunc
phase_func (SegModelClass *klass,
            guint          phase)
{
  switch (phase)
    {
    case 0: return klass->load;
    case 1: return klass->prepare;
    case 2: return klass->fit;
    case 3: return klass->measure;
    default: return klass->write;
    }
}

static gboolean
run_phase (SegRun         *self,
           SegRunContext  *context,
           guint           phase,
           JsonObject     *timings,
           GError        **error)
{
  PhaseFunc func = phase_func (SEG_MODEL_GET_CLASS (self->model), phase);
  gint64 start = g_get_monotonic_time ();
  gboolean ok = TRUE;

  seg_run_context_set_phase (context, phases[phase].from, phases[phase].to);
  report (phases[phase].from, _(phases[phase].status), self);
  if (func != NULL)
    ok = func (self->model, context, error);
  json_object_set_double_member (timings, phases[phase].name, (g_get_monotonic_time () - start) / 1e6);

  return ok && !seg_run_context_check_cancelled (context, error);
}

static char *
node_to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node;
}

static gboolean
step_done (SegProject  *writer,
           int          rc,
           GError     **error)
{
  if (rc == SQLITE_DONE || rc == SQLITE_ROW || rc == SQLITE_OK)
    return TRUE;

  return seg_project_set_sqlite_error (writer, rc, error);
}

/* The record first, for its id, which names the result tables. */
static gint64
insert_record (SegRun         *self,
               SegRunContext  *context,
               const char     *started,
               JsonNode       *params,
               JsonNode       *input,
               GError        **error)
{
  SegProject *writer = seg_run_context_get_writer (context);
  SegTableInfo *table = seg_run_context_get_table (context);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *params_text = node_to_text (params);
  g_autofree char *input_text = node_to_text (input);
  g_autofree char *steps_text = node_to_text (seg_run_context_get_steps (context));

  if (!seg_project_prepare (writer,
                            "INSERT INTO seg_runs (algorithm, kind, parameters, input_table, input,"
                            " preprocessing, seed, status, started_at, seconds, timings, metrics, result_tables)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, 'succeeded', ?, 0, '{}', '{}', '[]')",
                            &stmt, error))
    return 0;
  sqlite3_bind_text (stmt, 1, seg_model_get_id (self->model), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, seg_enum_to_nick (SEG_TYPE_MODEL_KIND, seg_model_get_kind (self->model)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, params_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, table != NULL ? table->name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, input_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, steps_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, (gint64) seg_model_get_seed (self->model));
  sqlite3_bind_text (stmt, 8, started, -1, SQLITE_STATIC);
  if (!step_done (writer, sqlite3_step (stmt), error))
    return 0;

  return sqlite3_last_insert_rowid (seg_project_get_db (writer));
}

static gboolean
update_record (SegRunContext  *context,
               gint64          run_id,
               double          seconds,
               JsonNode       *timings,
               JsonNode       *metrics,
               const char *const *tables,
               GError        **error)
{
  SegProject *writer = seg_run_context_get_writer (context);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *timings_text = node_to_text (timings);
  g_autofree char *metrics_text = node_to_text (metrics);
  g_autofree char *list_text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; tables[i] != NULL; i++)
    json_builder_add_string_value (builder, tables[i]);
  json_builder_end_array (builder);
  list = json_builder_get_root (builder);
  list_text = node_to_text (list);

  if (!seg_project_prepare (writer,
                            "UPDATE seg_runs SET seconds = ?, timings = ?, metrics = ?, result_tables = ?"
                            " WHERE id = ?",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_double (stmt, 1, seconds);
  sqlite3_bind_text (stmt, 2, timings_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, metrics_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, list_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, run_id);

  return step_done (writer, sqlite3_step (stmt), error);
}

/* The whole run, on a worker thread. */
static gboolean
run_work (SegRun  *self,
          GError **error)
{
  g_autoptr(SegProject) writer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *started = g_date_time_format_iso8601 (now);
  g_autoptr(JsonObject) timings = json_object_new ();
  g_autoptr(JsonNode) timings_node = NULL;
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonNode) metrics = NULL;
  g_auto(GStrv) tables = NULL;
  SegRunContext *context;
  const char *table;
  gint64 start = g_get_monotonic_time ();
  gint64 run_id;
  double seconds;
  gboolean ok = FALSE;

  /* The worker reads and writes through a connection of its own. */
  writer = seg_project_open_writer (self->project, error);
  if (writer == NULL)
    return FALSE;

  context = seg_run_context_new (writer, self->model, self->output_table, self->replace,
                                 seg_cancel_flag_get (&self->cancel), report, self);
  table = seg_model_get_table (self->model);
  if (table != NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (self->model), "table") != NULL)
    {
      SegTableInfo *info = seg_project_get_table (writer, table != NULL ? table : "", error);

      if (info == NULL)
        goto out;
      seg_run_context_set_table (context, info);
      if (!seg_model_check_roles (self->model, info, error))
        goto out;
    }

  for (guint phase = 0; phase < 4; phase++)
    if (!run_phase (self, context, phase, timings, error))
      goto out;

  /* Everything the run leaves behind, in one transaction. */
  if (!seg_project_exec (writer, "BEGIN IMMEDIATE", error))
    goto out;
  params = seg_model_params_to_json (self->model);
  input = object_node (seg_run_context_get_input (context));
  run_id = insert_record (self, context, started, params, input, error);
  if (run_id <= 0)
    goto rollback;
  seg_run_context_set_run_id (context, run_id);
  if (!run_phase (self, context, 4, timings, error))
    goto rollback;

  tables = seg_run_context_get_tables (context);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  metrics = object_node (seg_run_context_get_metrics (context));
  json_object_set_double_member (seg_run_context_get_metrics (context), "seconds", seconds);
  timings_node = object_node (timings);
  if (!update_record (context, run_id, seconds, timings_node, metrics, (const char *const *) tables, error))
    goto rollback;

  /* The last moment a cancel can still leave the project as it was. */
  if (seg_run_context_check_cancelled (context, error) ||
      !seg_project_exec (writer, "COMMIT", error))
    goto rollback;

  self->record = seg_project_get_run (writer, run_id, error);
  ok = self->record != NULL;
  report (1.0, NULL, self);
  goto out;

rollback:
  seg_project_exec (writer, "ROLLBACK", NULL);
out:
  seg_run_context_free (context);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_work (source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* On the starting thread, before the worker starts. */
static void
begin (SegRun       *self,
       GCancellable *cancellable)
{
  seg_cancel_flag_init (&self->cancel, cancellable);
  set_state (self, SEG_RUN_RUNNING);
}

/* On the starting thread, once the worker is done. */
static gboolean
end (SegRun   *self,
     gboolean  ok,
     GError   *local_error,
     GError  **error)
{
  seg_cancel_flag_clear (&self->cancel);
  if (ok)
    set_state (self, SEG_RUN_SUCCEEDED);
  else
    {
      set_state (self, g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? SEG_RUN_CANCELLED : SEG_RUN_FAILED);
      g_propagate_error (error, local_error);
    }

  return ok;
}

/**
 * seg_run_start_async:
 * @cancellable: (nullable): stops the run; the project is then unchanged
 *
 * Fits the model in a worker thread and writes the run record and its
 * result tables in one transaction. Progress and status are notified on
 * the thread-default main context of the caller.
 */
void
seg_run_start_async (SegRun              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEG_IS_RUN (self));
  g_return_if_fail (self->state == SEG_RUN_READY);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_run_start_async);
  g_task_set_check_cancellable (task, FALSE);

  self->context = g_main_context_ref_thread_default ();
  begin (self, cancellable);

  g_task_run_in_thread (task, run_thread);
}

gboolean
seg_run_start_finish (SegRun        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), &local_error);
  return end (self, ok, local_error, error);
}

typedef struct
{
  SegRun   *run;
  GError   *error;
  gboolean  ok;
  gboolean  done;
} Execution;

static gpointer
execute_thread (gpointer data)
{
  Execution *execution = data;

  execution->ok = run_work (execution->run, &execution->error);
  g_atomic_int_set (&execution->done, TRUE);
  g_main_context_wakeup (execution->run->context);

  return NULL;
}

/**
 * seg_run_execute:
 *
 * Runs to the end on a worker thread while iterating a main context of its
 * own, so that progress notifications reach the caller's handlers; the
 * worker is joined before this returns.
 */
gboolean
seg_run_execute (SegRun        *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Execution execution = { self, NULL, FALSE, FALSE };
  GThread *thread;

  g_return_val_if_fail (SEG_IS_RUN (self), FALSE);
  g_return_val_if_fail (self->state == SEG_RUN_READY, FALSE);

  g_main_context_push_thread_default (context);
  self->context = g_main_context_ref (context);
  begin (self, cancellable);

  thread = g_thread_new ("segmenta-run", execute_thread, &execution);
  while (!g_atomic_int_get (&execution.done))
    g_main_context_iteration (context, TRUE);
  g_thread_join (thread);
  /* Deliver what is still queued, such as the last progress. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return end (self, execution.ok, execution.error, error);
}


/* The members of a record's input that are parameters of @model: older
 * records kept the preparation choices there. */
static JsonObject *
params_in_input (SegModel   *model,
                 JsonObject *input)
{
  g_autoptr(GPtrArray) params = seg_model_list_params (model);
  JsonObject *found = json_object_new ();

  for (guint i = 0; input != NULL && i < params->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (params, i);

      if (json_object_has_member (input, pspec->name))
        json_object_set_member (found, pspec->name, json_object_dup_member (input, pspec->name));
    }

  return found;
}

/**
 * seg_run_new_like:
 * @record: an earlier run
 *
 * A run set up as @record was: the same model, inputs and parameters,
 * seed included, to run again after the data changed.
 *
 * Returns: (transfer full): the run, or NULL with @error set when the
 *   algorithm or its parameters are unknown
 */
SegRun *
seg_run_new_like (SegProject          *project,
                  const SegRunRecord  *record,
                  GError             **error)
{
  g_autoptr(SegModel) model = NULL;
  g_autoptr(JsonObject) older = NULL;
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  model = seg_model_new_for_id (record->algorithm, error);
  if (model == NULL)
    return NULL;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "table") != NULL)
    g_object_set (model, "table", record->input_table, NULL);
  if (input != NULL && !seg_model_roles_from_json (model, input, error))
    return NULL;
  older = params_in_input (model, input);
  if (!seg_model_params_from_json (model, older, error))
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (record->parameters) &&
      !seg_model_params_from_json (model, json_node_get_object (record->parameters), error))
    return NULL;

  /* An evaluation is repeated as an evaluation. */
  if (SEG_IS_RECOMMENDER_MODEL (model) &&
      !seg_recommender_model_restore_evaluation (SEG_RECOMMENDER_MODEL (model), input, error))
    return NULL;

  /* Older clustering records list their log columns among the steps only. */
  if (SEG_IS_CLUSTER_MODEL (model) && (input == NULL || !json_object_has_member (input, "log-columns")))
    {
      SegPrepOptions prep;
      g_auto(GStrv) logs = seg_run_record_get_prep (record, &prep);

      g_object_set (model, "log-columns", prep.log_columns, NULL);
    }

  return seg_run_new_for_model (project, model);
}
