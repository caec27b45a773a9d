/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "seg-error.h"
#include "seg-pca.h"
#include "seg-project-private.h"
#include "seg-quality.h"
#include "seg-run.h"

G_DEFINE_ENUM_TYPE (SegRunState, seg_run_state,
  G_DEFINE_ENUM_VALUE (SEG_RUN_READY, "ready"),
  G_DEFINE_ENUM_VALUE (SEG_RUN_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (SEG_RUN_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (SEG_RUN_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (SEG_RUN_CANCELLED, "cancelled"))

/* Column names a result table adds after the input's. */
static const char *const result_columns[] = { "cluster", "pc1", "pc2", "silhouette" };

struct _SegRun
{
  GObject       parent_instance;

  SegProject   *project;
  SegModel     *model;
  char         *table;
  GStrv         columns;
  char         *key;
  char         *output_table;
  gboolean      replace;
  int           silhouette_sample;
  SegScale      scale;
  SegImpute     impute;
  GStrv         log_columns;

  SegRunState   state;
  SegRunRecord *record;

  /* Shared with the worker thread. */
  GMutex        lock;
  double        progress;
  char         *status_text;
  gboolean      notify_pending;
  volatile int  cancel;
  gulong        cancel_handler;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (SegRun, seg_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_MODEL,
  PROP_TABLE,
  PROP_COLUMNS,
  PROP_KEY,
  PROP_OUTPUT_TABLE,
  PROP_REPLACE,
  PROP_SILHOUETTE_SAMPLE,
  PROP_SCALE,
  PROP_IMPUTE,
  PROP_LOG_COLUMNS,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_STATUS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
seg_run_record_free (SegRunRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->algorithm);
  g_clear_pointer (&record->parameters, json_node_unref);
  g_free (record->input_table);
  g_clear_pointer (&record->input, json_node_unref);
  g_clear_pointer (&record->preprocessing, json_node_unref);
  g_free (record->status);
  g_free (record->started_at);
  g_clear_pointer (&record->metrics, json_node_unref);
  g_strfreev (record->result_tables);
  g_free (record);
}

static void
seg_run_finalize (GObject *object)
{
  SegRun *self = (SegRun *) object;

  g_clear_object (&self->project);
  g_clear_object (&self->model);
  g_free (self->table);
  g_strfreev (self->columns);
  g_free (self->key);
  g_free (self->output_table);
  g_strfreev (self->log_columns);
  g_clear_pointer (&self->record, seg_run_record_free);
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
    case PROP_TABLE: g_value_set_string (value, self->table); break;
    case PROP_COLUMNS: g_value_set_boxed (value, self->columns); break;
    case PROP_KEY: g_value_set_string (value, self->key); break;
    case PROP_OUTPUT_TABLE: g_value_set_string (value, self->output_table); break;
    case PROP_REPLACE: g_value_set_boolean (value, self->replace); break;
    case PROP_SILHOUETTE_SAMPLE: g_value_set_int (value, self->silhouette_sample); break;
    case PROP_SCALE: g_value_set_enum (value, self->scale); break;
    case PROP_IMPUTE: g_value_set_enum (value, self->impute); break;
    case PROP_LOG_COLUMNS: g_value_set_boxed (value, self->log_columns); break;
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
    case PROP_TABLE: g_free (self->table); self->table = g_value_dup_string (value); break;
    case PROP_COLUMNS: g_strfreev (self->columns); self->columns = g_value_dup_boxed (value); break;
    case PROP_KEY: g_free (self->key); self->key = g_value_dup_string (value); break;
    case PROP_OUTPUT_TABLE: g_free (self->output_table); self->output_table = g_value_dup_string (value); break;
    case PROP_REPLACE: self->replace = g_value_get_boolean (value); break;
    case PROP_SILHOUETTE_SAMPLE: self->silhouette_sample = g_value_get_int (value); break;
    case PROP_SCALE: self->scale = g_value_get_enum (value); break;
    case PROP_IMPUTE: self->impute = g_value_get_enum (value); break;
    case PROP_LOG_COLUMNS: g_strfreev (self->log_columns); self->log_columns = g_value_dup_boxed (value); break;
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
  properties[PROP_TABLE] =
    g_param_spec_string ("table", _("Table"), _("The table whose rows are clustered"), NULL, flags);
  properties[PROP_COLUMNS] =
    g_param_spec_boxed ("columns", _("Columns"), _("The columns the clusters are found in"), G_TYPE_STRV, flags);
  properties[PROP_KEY] =
    g_param_spec_string ("key", _("Key column"),
                         _("The column that names each row in the result, such as the customer; by default the first column not clustered on"),
                         NULL, flags);
  properties[PROP_OUTPUT_TABLE] =
    g_param_spec_string ("output-table", _("Result table"),
                         _("The table the clusters are written to; by default named after the run"),
                         NULL, flags);
  properties[PROP_REPLACE] =
    g_param_spec_boolean ("replace", _("Replace"), _("Replace a result table of the same name"), FALSE, flags);
  properties[PROP_SILHOUETTE_SAMPLE] =
    g_param_spec_int ("silhouette-sample", _("Silhouette sample"),
                      _("Above this many rows the silhouette is measured on a random sample of this size; 0 always measures every row"),
                      0, G_MAXINT, SEG_SILHOUETTE_SAMPLE, flags);
  properties[PROP_SCALE] =
    g_param_spec_enum ("scale", _("Scaling"),
                       _("Brings the columns to comparable ranges, so that no column counts more for being in bigger units"),
                       SEG_TYPE_SCALE, SEG_SCALE_STANDARD, flags);
  properties[PROP_IMPUTE] =
    g_param_spec_enum ("impute", _("Missing values"),
                       _("Fill a missing number with its column's mean or median, or leave the row out"),
                       SEG_TYPE_IMPUTE, SEG_IMPUTE_MEDIAN, flags);
  properties[PROP_LOG_COLUMNS] =
    g_param_spec_boxed ("log-columns", _("Logarithm of"),
                        _("Skewed columns, such as spend, compared by log (1 + x)"), G_TYPE_STRV, flags);
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
  self->silhouette_sample = SEG_SILHOUETTE_SAMPLE;
  self->scale = SEG_SCALE_STANDARD;
  self->impute = SEG_IMPUTE_MEDIAN;
}

/**
 * seg_run_new:
 * @project: where the input is and the results go
 * @model: the algorithm with its parameters
 * @table: the input table
 * @columns: the columns to cluster on
 *
 * Returns: (transfer full): a run, ready to start
 */
SegRun *
seg_run_new (SegProject        *project,
             SegModel          *model,
             const char        *table,
             const char *const *columns)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (SEG_IS_MODEL (model), NULL);

  return g_object_new (SEG_TYPE_RUN,
                       "project", project,
                       "model", model,
                       "table", table,
                       "columns", columns,
                       NULL);
}

void
seg_run_set_prep (SegRun               *self,
                  const SegPrepOptions *prep)
{
  g_return_if_fail (SEG_IS_RUN (self));

  g_object_set (self,
                "scale", prep->scale,
                "impute", prep->impute,
                "log-columns", prep->log_columns,
                NULL);
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
report (SegRun     *self,
        double      progress,
        const char *status)
{
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

typedef struct
{
  SegRun *run;
  double  from;
  double  to;
} Stage;

static void
report_stage (double  fraction,
              void   *data)
{
  Stage *stage = data;

  report (stage->run, stage->from + fraction * (stage->to - stage->from), NULL);
}

/* What the worker computed, kept until it is written. */
typedef struct
{
  SegDataset *dataset;
  SegFit      fit;
  double     *coords;      /* n × 2 */
  double     *silhouette;  /* n, NAN where not measured */
  JsonNode   *metrics;
  char       *key;         /* the key column, or NULL for the rowid */
  char       *revenue;     /* nullable: the spend column for profiles */
  GDateTime  *started;
  gint64      start_time;
} Work;

static void
work_free (Work *work)
{
  seg_dataset_free (work->dataset);
  g_free (work->fit.labels);
  seg_fit_clear (&work->fit);
  g_free (work->coords);
  g_free (work->silhouette);
  g_clear_pointer (&work->metrics, json_node_unref);
  g_free (work->key);
  g_free (work->revenue);
  g_clear_pointer (&work->started, g_date_time_unref);
  g_free (work);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Work, work_free)

static gboolean
in_columns (GPtrArray  *columns,
            const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (columns, i))->name, name) == 0)
      return TRUE;

  return FALSE;
}

/* The key names each result row; the spend column feeds the revenue share
 * of the profiles. Both are found in the catalog when not given. */
static gboolean
choose_key_and_revenue (SegRun        *self,
                        SegTableInfo  *info,
                        Work          *work,
                        GError       **error)
{
  static const char *const spend_names[] = {
    "monetary", "revenue", "spend", "total_spend", "sales", "amount", "total", "value", NULL
  };
  GPtrArray *chosen = work->dataset->columns;

  if (self->key != NULL)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--key", self->key, error);

      if (column == NULL)
        return FALSE;
      work->key = g_strdup (column->name);
    }
  else
    for (guint i = 0; i < info->columns->len && work->key == NULL; i++)
      {
        SegColumnInfo *column = g_ptr_array_index (info->columns, i);

        if ((column->type == SEG_COLUMN_TEXT || column->type == SEG_COLUMN_INTEGER) &&
            !in_columns (chosen, column->name))
          work->key = g_strdup (column->name);
      }

  for (guint s = 0; spend_names[s] != NULL && work->revenue == NULL; s++)
    for (guint i = 0; i < info->columns->len; i++)
      {
        SegColumnInfo *column = g_ptr_array_index (info->columns, i);

        if ((column->type == SEG_COLUMN_REAL || column->type == SEG_COLUMN_INTEGER) &&
            g_ascii_strcasecmp (column->name, spend_names[s]) == 0)
          {
            work->revenue = g_strdup (column->name);
            break;
          }
      }

  for (guint r = 0; r < G_N_ELEMENTS (result_columns); r++)
    if (in_columns (chosen, result_columns[r]) ||
        (work->key != NULL && g_ascii_strcasecmp (work->key, result_columns[r]) == 0))
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--columns: the column “%s” has a name the result table uses for itself; "
                       "rename it first"), result_columns[r]);
        return FALSE;
      }

  return TRUE;
}

/* Sizes, inertia, silhouette, Calinski–Harabasz, Davies–Bouldin and the
 * 2-D map. Noise rows take no part in the measures. */
static void
measure (SegRun *self,
         Work   *work)
{
  SegDataset *data = work->dataset;
  size_t n = data->n, d = data->d, k = work->fit.n_clusters;
  g_autofree gint64 *sizes = g_new0 (gint64, MAX (k, 1));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree double *components = g_new0 (double, 2 * d);
  double variance[2] = { 0, 0 }, ratio[2] = { 0, 0 };
  double silhouette = NAN, ch = NAN, db = NAN;
  size_t n_clustered = 0, used = 0;

  for (size_t i = 0; i < n; i++)
    if (work->fit.labels[i] >= 0)
      {
        sizes[work->fit.labels[i]]++;
        n_clustered++;
      }

  work->silhouette = g_new (double, n);
  for (size_t i = 0; i < n; i++)
    work->silhouette[i] = NAN;

  if (k >= 2 && n_clustered > k)
    {
      g_autofree double *x = NULL;
      g_autofree int32_t *labels = NULL;
      g_autofree double *per_point = g_new (double, n_clustered);
      const double *xs = data->x;
      const int32_t *ls = work->fit.labels;

      /* The measures see the clustered rows only. */
      if (n_clustered < n)
        {
          size_t m = 0;

          x = g_new (double, n_clustered * d);
          labels = g_new (int32_t, n_clustered);
          for (size_t i = 0; i < n; i++)
            if (work->fit.labels[i] >= 0)
              {
                memcpy (x + m * d, data->x + i * d, d * sizeof (double));
                labels[m++] = work->fit.labels[i];
              }
          xs = x;
          ls = labels;
        }

      report (self, 0.75, _("Measuring the clusters"));
      silhouette = seg_silhouette_sampled (xs, n_clustered, d, ls, k,
                                           (size_t) self->silhouette_sample,
                                           seg_model_get_seed (self->model),
                                           per_point, &used);
      ch = seg_calinski_harabasz (xs, n_clustered, d, ls, k);
      db = seg_davies_bouldin (xs, n_clustered, d, ls, k);

      for (size_t i = 0, m = 0; i < n; i++)
        if (work->fit.labels[i] >= 0)
          work->silhouette[i] = per_point[m++];
    }

  report (self, 0.85, _("Drawing the map"));
  work->coords = g_new0 (double, n * 2);
  if (d >= 2)
    seg_pca (data->x, n, d, 2, components, variance, ratio, work->coords);
  else
    {
      /* One feature is its own map: along the x axis. */
      for (size_t i = 0; i < n; i++)
        work->coords[i * 2] = data->x[i];
      ratio[0] = 1.0;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "k");
  json_builder_add_int_value (builder, (gint64) k);
  json_builder_set_member_name (builder, "sizes");
  json_builder_begin_array (builder);
  for (size_t c = 0; c < k; c++)
    json_builder_add_int_value (builder, sizes[c]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) n);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_int_value (builder, data->dropped);
  seg_json_add_double_or_null (builder, "inertia", work->fit.inertia);
  seg_json_add_double_or_null (builder, "silhouette", silhouette);
  json_builder_set_member_name (builder, "silhouette_sample");
  if (used > 0 && used < n_clustered)
    json_builder_add_int_value (builder, (gint64) used);
  else
    json_builder_add_null_value (builder);
  seg_json_add_double_or_null (builder, "calinski_harabasz", ch);
  seg_json_add_double_or_null (builder, "davies_bouldin", db);
  json_builder_set_member_name (builder, "iterations");
  if (work->fit.iterations >= 0)
    json_builder_add_int_value (builder, work->fit.iterations);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "explained_variance_ratio");
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, ratio[0]);
  json_builder_add_double_value (builder, ratio[1]);
  json_builder_end_array (builder);
  if (work->fit.extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (work->fit.extra);

      for (GList *l = members; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_value (builder, json_object_dup_member (work->fit.extra, l->data));
        }
    }
  json_builder_end_object (builder);
  work->metrics = json_builder_get_root (builder);
}

static char *
node_to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static JsonNode *
input_to_json (SegRun *self,
               Work   *work)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < work->dataset->columns->len; i++)
    json_builder_add_string_value (builder, ((SegColumnInfo *) g_ptr_array_index (work->dataset->columns, i))->name);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint i = 0; i < work->dataset->features->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (work->dataset->features, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "key");
  if (work->key != NULL)
    json_builder_add_string_value (builder, work->key);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "revenue");
  if (work->revenue != NULL)
    json_builder_add_string_value (builder, work->revenue);
  else
    json_builder_add_null_value (builder);
  /* The choices, also where the data gave them nothing to do, so that a
   * run made again on other data prepares it the same way. */
  json_builder_set_member_name (builder, "scale");
  json_builder_add_string_value (builder, seg_enum_to_nick (SEG_TYPE_SCALE, self->scale));
  json_builder_set_member_name (builder, "impute");
  json_builder_add_string_value (builder, seg_enum_to_nick (SEG_TYPE_IMPUTE, self->impute));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static SegColumnInfo *
new_column (const char    *name,
            SegColumnType  type)
{
  SegColumnInfo *column = g_new0 (SegColumnInfo, 1);

  column->name = g_strdup (name);
  column->type = type;

  return column;
}

/* Replaces or refuses an existing table of the name; in the transaction. */
static gboolean
claim_table_name (SegProject  *writer,
                  const char  *name,
                  gboolean     replace,
                  GError     **error)
{
  if (!seg_project_check_table_name (name, error))
    return FALSE;
  if (!seg_project_has_table (writer, name))
    return TRUE;
  if (!replace)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--output-table: the project already has a table “%s”; choose another name or replace it"),
                   name);
      return FALSE;
    }

  return seg_project_drop_table_in_transaction (writer, name, error);
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

/* The merges of a dendrogram, one row each as SciPy numbers them. */
static gboolean
write_merges (SegProject  *writer,
              const char  *name,
              GArray      *merges,
              GError     **error)
{
  g_autofree char *quoted = seg_quote_identifier (name);
  g_autofree char *create = g_strdup_printf ("CREATE TABLE %s (step INTEGER, a INTEGER, b INTEGER,"
                                             " height REAL, size INTEGER) STRICT", quoted);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO %s VALUES (?, ?, ?, ?, ?)", quoted);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  sqlite3_stmt *stmt = NULL;

  if (!seg_project_exec (writer, create, error) ||
      !seg_project_prepare (writer, insert, &stmt, error))
    return FALSE;
  for (guint i = 0; i < merges->len; i++)
    {
      SegMerge *merge = &g_array_index (merges, SegMerge, i);
      int rc;

      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_int64 (stmt, 2, merge->a);
      sqlite3_bind_int64 (stmt, 3, merge->b);
      sqlite3_bind_double (stmt, 4, merge->height);
      sqlite3_bind_int64 (stmt, 5, merge->size);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (!step_done (writer, rc, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);

  g_ptr_array_add (columns, new_column ("step", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, new_column ("a", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, new_column ("b", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, new_column ("height", SEG_COLUMN_REAL));
  g_ptr_array_add (columns, new_column ("size", SEG_COLUMN_INTEGER));

  return seg_project_catalog_table (writer, name, _("dendrogram"), NULL, merges->len, columns, error);
}

/* Everything the run leaves behind, in one transaction. */
static gboolean
write_results (SegRun      *self,
               SegProject  *writer,
               SegTableInfo *info,
               Work        *work,
               GError     **error)
{
  SegDataset *data = work->dataset;
  g_autoptr(GPtrArray) out_columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(GPtrArray) copied = g_ptr_array_new ();
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autoptr(GString) select = g_string_new (NULL);
  g_autoptr(JsonNode) params = seg_model_params_to_json (self->model);
  g_autoptr(JsonNode) input = input_to_json (self, work);
  g_autoptr(GStrvBuilder) tables = g_strv_builder_new ();
  g_autofree char *params_text = node_to_text (params);
  g_autofree char *input_text = node_to_text (input);
  g_autofree char *steps_text = node_to_text (data->steps);
  g_autofree char *metrics_text = NULL;
  g_autofree char *table_name = NULL;
  g_autofree char *merges_name = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *input_q = seg_quote_identifier (info->name);
  g_autofree char *started = g_date_time_format_iso8601 (work->started);
  g_autofree char *source = NULL;
  g_auto(GStrv) table_list = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 run_id;
  double seconds;
  int rc;

  if (!seg_project_exec (writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* The record first, for its id, which names the tables. */
  if (!seg_project_prepare (writer,
                            "INSERT INTO seg_runs (algorithm, parameters, input_table, input,"
                            " preprocessing, seed, status, started_at, seconds, metrics, result_tables)"
                            " VALUES (?, ?, ?, ?, ?, ?, 'succeeded', ?, 0, '{}', '[]')",
                            &stmt, error))
    goto failed;
  sqlite3_bind_text (stmt, 1, seg_model_get_id (self->model), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, params_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, info->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, input_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, steps_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, (gint64) seg_model_get_seed (self->model));
  sqlite3_bind_text (stmt, 7, started, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (!step_done (writer, rc, error))
    goto failed;
  run_id = sqlite3_last_insert_rowid (seg_project_get_db (writer));

  table_name = self->output_table != NULL ? g_strdup (self->output_table)
                                          : g_strdup_printf ("run_%" G_GINT64_FORMAT, run_id);
  if (!claim_table_name (writer, table_name, self->replace, error))
    goto failed;
  table_q = seg_quote_identifier (table_name);
  g_strv_builder_add (tables, table_name);

  /* Key, the chosen columns as they are, the spend, then the results. */
  if (work->key != NULL && !in_columns (data->columns, work->key))
    g_ptr_array_add (copied, work->key);
  for (guint i = 0; i < data->columns->len; i++)
    g_ptr_array_add (copied, ((SegColumnInfo *) g_ptr_array_index (data->columns, i))->name);
  if (work->revenue != NULL && !in_columns (data->columns, work->revenue) &&
      (work->key == NULL || g_ascii_strcasecmp (work->key, work->revenue) != 0))
    g_ptr_array_add (copied, work->revenue);

  g_string_append_printf (create, "CREATE TABLE %s (", table_q);
  g_string_append_printf (insert, "INSERT INTO %s SELECT ", table_q);
  if (work->key == NULL)
    {
      g_string_append (create, "row INTEGER, ");
      g_string_append (insert, "rowid, ");
      g_ptr_array_add (out_columns, new_column ("row", SEG_COLUMN_INTEGER));
    }
  for (guint i = 0; i < copied->len; i++)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--columns", g_ptr_array_index (copied, i), error);
      g_autofree char *quoted = NULL;

      if (column == NULL)
        goto failed;
      quoted = seg_quote_identifier (column->name);
      g_string_append_printf (create, "%s %s, ", quoted, seg_column_type_to_sql (column->type));
      g_string_append_printf (insert, "%s, ", quoted);
      g_ptr_array_add (out_columns, new_column (column->name, column->type));
    }
  g_string_append (create, "cluster INTEGER, pc1 REAL, pc2 REAL, silhouette REAL) STRICT");
  g_string_append_printf (insert, "?, ?, ?, ? FROM %s WHERE rowid = ?", input_q);
  g_ptr_array_add (out_columns, new_column ("cluster", SEG_COLUMN_INTEGER));
  g_ptr_array_add (out_columns, new_column ("pc1", SEG_COLUMN_REAL));
  g_ptr_array_add (out_columns, new_column ("pc2", SEG_COLUMN_REAL));
  g_ptr_array_add (out_columns, new_column ("silhouette", SEG_COLUMN_REAL));

  if (!seg_project_exec (writer, create->str, error) ||
      !seg_project_prepare (writer, insert->str, &stmt, error))
    goto failed;

  for (size_t i = 0; i < data->n; i++)
    {
      int32_t label = work->fit.labels[i];

      /* Clusters count from 1 for people; noise has none. */
      if (label >= 0)
        sqlite3_bind_int (stmt, 1, label + 1);
      else
        sqlite3_bind_null (stmt, 1);
      sqlite3_bind_double (stmt, 2, work->coords[i * 2]);
      sqlite3_bind_double (stmt, 3, work->coords[i * 2 + 1]);
      if (isfinite (work->silhouette[i]))
        sqlite3_bind_double (stmt, 4, work->silhouette[i]);
      else
        sqlite3_bind_null (stmt, 4);
      sqlite3_bind_int64 (stmt, 5, data->rowids[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (!step_done (writer, rc, error))
        {
          sqlite3_finalize (stmt);
          goto failed;
        }
      if ((i & 0x3fff) == 0)
        {
          if (self->cancel)
            {
              sqlite3_finalize (stmt);
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
              goto failed;
            }
          report (self, 0.9 + 0.09 * i / data->n, NULL);
        }
    }
  sqlite3_finalize (stmt);

  source = g_strdup_printf (_("run %" PRId64 " (%s of %s)"),
                            run_id, seg_model_get_id (self->model), info->name);
  {
    g_autofree char *origin = g_strdup_printf ("{\"kind\":\"clusters\",\"run\":%" G_GINT64_FORMAT "}", run_id);

    if (!seg_project_catalog_table (writer, table_name, source, origin, (gint64) data->n, out_columns, error))
      goto failed;
  }

  if (work->fit.merges != NULL)
    {
      merges_name = g_strdup_printf ("%s_merges", table_name);
      if (!claim_table_name (writer, merges_name, self->replace, error) ||
          !write_merges (writer, merges_name, work->fit.merges, error))
        goto failed;
      g_strv_builder_add (tables, merges_name);
    }

  table_list = g_strv_builder_end (tables);
  seconds = (g_get_monotonic_time () - work->start_time) / 1e6;
  {
    JsonObject *metrics = json_node_get_object (work->metrics);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) list = NULL;
    g_autofree char *list_text = NULL;

    json_object_set_double_member (metrics, "seconds", seconds);
    metrics_text = node_to_text (work->metrics);
    json_builder_begin_array (builder);
    for (guint i = 0; table_list[i] != NULL; i++)
      json_builder_add_string_value (builder, table_list[i]);
    json_builder_end_array (builder);
    list = json_builder_get_root (builder);
    list_text = node_to_text (list);

    if (!seg_project_prepare (writer,
                              "UPDATE seg_runs SET seconds = ?, metrics = ?, result_tables = ? WHERE id = ?",
                              &stmt, error))
      goto failed;
    sqlite3_bind_double (stmt, 1, seconds);
    sqlite3_bind_text (stmt, 2, metrics_text, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, list_text, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, run_id);
    rc = sqlite3_step (stmt);
    sqlite3_finalize (stmt);
    if (!step_done (writer, rc, error))
      goto failed;
  }

  /* The last moment a cancel can still leave the project as it was. */
  if (self->cancel)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
      goto failed;
    }
  if (!seg_project_exec (writer, "COMMIT", error))
    goto failed;

  self->record = g_new0 (SegRunRecord, 1);
  self->record->id = run_id;
  self->record->algorithm = g_strdup (seg_model_get_id (self->model));
  self->record->parameters = json_node_ref (params);
  self->record->input_table = g_strdup (info->name);
  self->record->input = json_node_ref (input);
  self->record->preprocessing = json_node_ref (data->steps);
  self->record->seed = seg_model_get_seed (self->model);
  self->record->status = g_strdup ("succeeded");
  self->record->started_at = g_steal_pointer (&started);
  self->record->seconds = seconds;
  self->record->metrics = json_node_ref (work->metrics);
  self->record->result_tables = g_steal_pointer (&table_list);

  return TRUE;

failed:
  seg_project_exec (writer, "ROLLBACK", NULL);
  return FALSE;
}

/* The whole run, on a worker thread. */
static gboolean
run_work (SegRun  *self,
          GError **error)
{
  g_autoptr(SegProject) writer = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(Work) work = g_new0 (Work, 1);
  SegPrepOptions prep = {
    .scale = self->scale,
    .log_columns = (const char *const *) self->log_columns,
    .impute = self->impute,
  };
  Stage stage = { self, 0.1, 0.7 };
  SegFitContext context = {
    .cancel = &self->cancel,
    .report = report_stage,
    .report_data = &stage,
  };

  work->started = g_date_time_new_now_utc ();
  work->start_time = g_get_monotonic_time ();

  /* The worker reads and writes through a connection of its own. */
  writer = seg_project_open_writer (self->project, error);
  if (writer == NULL)
    return FALSE;

  info = seg_project_get_table (writer, self->table != NULL ? self->table : "", error);
  if (info == NULL)
    return FALSE;

  report (self, 0.0, _("Reading the table"));
  work->dataset = seg_dataset_load (writer, info->name, (const char *const *) self->columns,
                                    &prep, &self->cancel, error);
  if (work->dataset == NULL || !choose_key_and_revenue (self, info, work, error))
    return FALSE;

  report (self, 0.1, _("Finding the clusters"));
  work->fit.labels = g_new (int32_t, work->dataset->n);
  if (!seg_model_fit (self->model, work->dataset->x, work->dataset->n, work->dataset->d,
                      &context, &work->fit, error))
    return FALSE;
  if (self->cancel)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
      return FALSE;
    }

  measure (self, work);

  report (self, 0.9, _("Saving the results"));
  if (!write_results (self, writer, info, work, error))
    return FALSE;

  report (self, 1.0, NULL);
  return TRUE;
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

static void
on_cancelled (GCancellable *cancellable,
              SegRun       *self)
{
  self->cancel = 1;
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
  if (cancellable != NULL)
    {
      self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
      if (g_cancellable_is_cancelled (cancellable))
        self->cancel = 1;
    }
  set_state (self, SEG_RUN_RUNNING);

  g_task_run_in_thread (task, run_thread);
}

gboolean
seg_run_start_finish (SegRun        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GCancellable *cancellable;
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), &local_error);
  cancellable = g_task_get_cancellable (G_TASK (result));
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, self->cancel_handler);

  if (ok)
    set_state (self, SEG_RUN_SUCCEEDED);
  else
    {
      set_state (self, g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? SEG_RUN_CANCELLED : SEG_RUN_FAILED);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return ok;
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
  gulong handler = 0;
  GThread *thread;

  g_return_val_if_fail (SEG_IS_RUN (self), FALSE);
  g_return_val_if_fail (self->state == SEG_RUN_READY, FALSE);

  g_main_context_push_thread_default (context);
  self->context = g_main_context_ref (context);
  if (cancellable != NULL)
    {
      handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
      if (g_cancellable_is_cancelled (cancellable))
        self->cancel = 1;
    }
  set_state (self, SEG_RUN_RUNNING);

  thread = g_thread_new ("segmenta-run", execute_thread, &execution);
  while (!g_atomic_int_get (&execution.done))
    g_main_context_iteration (context, TRUE);
  g_thread_join (thread);
  /* Deliver what is still queued, such as the last progress. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  if (execution.ok)
    set_state (self, SEG_RUN_SUCCEEDED);
  else
    {
      set_state (self, g_error_matches (execution.error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                       ? SEG_RUN_CANCELLED : SEG_RUN_FAILED);
      g_propagate_error (error, execution.error);
    }

  return execution.ok;
}

/* Loading records -------------------------------------------------------- */

static JsonNode *
parse_json (const char *text)
{
  JsonNode *node = text != NULL ? json_from_string (text, NULL) : NULL;

  return node != NULL ? node : json_node_new (JSON_NODE_NULL);
}

#define RUN_COLUMNS \
  "SELECT id, algorithm, parameters, input_table, input, preprocessing, seed, status," \
  " started_at, seconds, metrics, result_tables FROM seg_runs"

static SegRunRecord *
record_from_row (sqlite3_stmt *stmt)
{
  SegRunRecord *record = g_new0 (SegRunRecord, 1);
  g_autoptr(JsonNode) tables = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  record->id = sqlite3_column_int64 (stmt, 0);
  record->algorithm = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  record->parameters = parse_json ((const char *) sqlite3_column_text (stmt, 2));
  record->input_table = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  record->input = parse_json ((const char *) sqlite3_column_text (stmt, 4));
  record->preprocessing = parse_json ((const char *) sqlite3_column_text (stmt, 5));
  record->seed = (guint64) sqlite3_column_int64 (stmt, 6);
  record->status = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  record->started_at = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  record->seconds = sqlite3_column_double (stmt, 9);
  record->metrics = parse_json ((const char *) sqlite3_column_text (stmt, 10));

  tables = parse_json ((const char *) sqlite3_column_text (stmt, 11));
  if (JSON_NODE_HOLDS_ARRAY (tables))
    {
      JsonArray *array = json_node_get_array (tables);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_node_get_string (json_array_get_element (array, i));

          if (name != NULL)
            g_strv_builder_add (builder, name);
        }
    }
  record->result_tables = g_strv_builder_end (builder);

  return record;
}

/**
 * seg_project_list_runs:
 *
 * Returns: (transfer full) (element-type SegRunRecord): every run, oldest
 *   first
 */
GPtrArray *
seg_project_list_runs (SegProject  *project,
                       GError     **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_run_record_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, RUN_COLUMNS " ORDER BY id", &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, record_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  return g_steal_pointer (&runs);
}

SegRunRecord *
seg_project_get_run (SegProject  *project,
                     gint64       id,
                     GError     **error)
{
  SegRunRecord *record = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, RUN_COLUMNS " WHERE id = ?", &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = record_from_row (stmt);
  sqlite3_finalize (stmt);

  if (record == NULL)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                     _("The project has no run %" PRId64), id);
      else
        seg_project_set_sqlite_error (project, rc, error);
    }

  return record;
}

/**
 * seg_project_delete_run:
 * @id: the run to delete
 *
 * Deletes a run's record and the result tables it wrote, all in one
 * transaction: on failure the project is left as it was.
 *
 * Returns: whether the run was deleted
 */
gboolean
seg_project_delete_run (SegProject  *project,
                        gint64       id,
                        GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GPtrArray) others = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);

  record = seg_project_get_run (project, id, error);
  if (record == NULL)
    return FALSE;

  /* A later run may have replaced a table of this one under the same
   * name: that table is the later run's now, and stays. */
  others = seg_project_list_runs (project, error);
  if (others == NULL)
    return FALSE;

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; record->result_tables != NULL && record->result_tables[i] != NULL; i++)
    {
      const char *table = record->result_tables[i];
      gboolean shared = FALSE;

      for (guint r = 0; r < others->len && !shared; r++)
        {
          SegRunRecord *other = g_ptr_array_index (others, r);

          shared = other->id != id && other->result_tables != NULL &&
                   g_strv_contains ((const char *const *) other->result_tables, table);
        }
      if (!shared && seg_project_has_table (project, table) &&
          !seg_project_drop_table_in_transaction (project, table, error))
        goto failed;
    }
  if (!seg_project_prepare (project, "DELETE FROM seg_runs WHERE id = ?", &stmt, error))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      goto failed;
    }
  return seg_project_exec (project, "COMMIT", error);

failed:
  seg_project_exec (project, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * seg_run_record_get_prep:
 * @prep: (out): the preparation the run recorded
 *
 * Reads back how a run prepared its rows, to prepare them again the same
 * way.
 *
 * Returns: (transfer full): the columns it took the log of, which
 *   @prep->log_columns points into while they live
 */
GStrv
seg_run_record_get_prep (const SegRunRecord *record,
                         SegPrepOptions     *prep)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (record->preprocessing) ? json_node_get_array (record->preprocessing) : NULL;
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  g_autoptr(GStrvBuilder) logs = g_strv_builder_new ();
  GStrv log_list;
  int chosen;

  prep->scale = SEG_SCALE_NONE;
  prep->impute = SEG_IMPUTE_MEDIAN;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *step = json_array_get_object_element (array, i);
      const char *kind = step != NULL ? json_object_get_string_member_with_default (step, "step", "") : "";
      int value;

      if (g_str_equal (kind, "scale") &&
          seg_enum_from_nick (SEG_TYPE_SCALE, json_object_get_string_member_with_default (step, "method", ""), &value))
        prep->scale = value;
      else if (g_str_equal (kind, "impute") &&
               seg_enum_from_nick (SEG_TYPE_IMPUTE, json_object_get_string_member_with_default (step, "method", ""), &value))
        prep->impute = value;
      else if (g_str_equal (kind, "drop-missing"))
        prep->impute = SEG_IMPUTE_DROP;
      else if (g_str_equal (kind, "log1p") && json_object_has_member (step, "columns"))
        {
          JsonArray *columns = json_object_get_array_member (step, "columns");

          for (guint c = 0; columns != NULL && c < json_array_get_length (columns); c++)
            g_strv_builder_add (logs, json_array_get_string_element (columns, c));
        }
    }

  /* Runs record their choices with their input; older ones only the
   * steps that changed something, read above. */
  if (input != NULL &&
      seg_enum_from_nick (SEG_TYPE_SCALE, json_object_get_string_member_with_default (input, "scale", ""), &chosen))
    prep->scale = chosen;
  if (input != NULL &&
      seg_enum_from_nick (SEG_TYPE_IMPUTE, json_object_get_string_member_with_default (input, "impute", ""), &chosen))
    prep->impute = chosen;

  log_list = g_strv_builder_end (logs);
  prep->log_columns = log_list[0] != NULL ? (const char *const *) log_list : NULL;
  return log_list;
}

/**
 * seg_run_new_like:
 * @record: an earlier run
 *
 * A run set up as @record was: the same algorithm and parameters, seed
 * included, the same table, columns, key and preparation, to run again
 * after the data changed.
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
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) logs = NULL;
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  JsonArray *chosen = input != NULL && json_object_has_member (input, "columns")
                      ? json_object_get_array_member (input, "columns") : NULL;
  SegPrepOptions prep;
  SegRun *run;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  model = seg_model_new_for_id (record->algorithm, error);
  if (model == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (record->parameters) &&
      !seg_model_params_from_json (model, json_node_get_object (record->parameters), error))
    return NULL;
  for (guint i = 0; chosen != NULL && i < json_array_get_length (chosen); i++)
    g_strv_builder_add (builder, json_array_get_string_element (chosen, i));
  columns = g_strv_builder_end (builder);

  run = seg_run_new (project, model, record->input_table, (const char *const *) columns);
  logs = seg_run_record_get_prep (record, &prep);
  seg_run_set_prep (run, &prep);
  if (input != NULL && json_object_has_member (input, "key") && !json_object_get_null_member (input, "key"))
    g_object_set (run, "key", json_object_get_string_member (input, "key"), NULL);
  return run;
}
