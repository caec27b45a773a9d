/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seg-cluster-model-private.h"
#include "seg-cancel.h"
#include "seg-enums.h"
#include "seg-error.h"
#include "seg-pca.h"
#include "seg-profile-private.h"
#include "seg-run-points-private.h"
#include "seg-quality.h"
#include "seg-result-view-private.h"
#include "seg-run-context-private.h"
#include "seg-segment.h"

/* Column names a result table adds after the input's. */
static const char *const result_columns[] = { "cluster", "pc1", "pc2", "silhouette" };

typedef struct
{
  char      *table;
  GStrv      columns;
  char      *key;
  char      *segment;
  GStrv      log_columns;
  SegScale   scale;
  SegImpute  impute;
  int        silhouette_sample;
} SegClusterModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SegClusterModel, seg_cluster_model, SEG_TYPE_MODEL)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_COLUMNS,
  PROP_KEY,
  PROP_SEGMENT,
  PROP_LOG_COLUMNS,
  PROP_SCALE,
  PROP_IMPUTE,
  PROP_SILHOUETTE_SAMPLE,
};

/* The silhouette of the clustered rows (or a sample of them), worked out
 * on a thread of its own while the run's rows are written. */
typedef struct
{
  const double  *x;            /* the clustered rows: the data set's, or @own_x */
  const int32_t *labels;
  double        *own_x;
  int32_t       *own_labels;
  size_t         n;
  size_t         d;
  size_t         k;
  size_t         sample;
  guint64        seed;
  double        *per_point;    /* n, NAN where not measured */
  size_t         used;
  double         mean;
} SilhouetteJob;

/* What the phases compute, kept until it is written. */
typedef struct
{
  SegDataset    *dataset;
  SegFit         fit;
  double        *coords;      /* n × 2 */
  double        *silhouette;  /* n, NAN where not measured */
  char          *key;         /* the key column, or NULL for the rowid */
  char          *revenue;     /* nullable: the spend column for profiles */
  GThread       *silhouette_thread;
  SilhouetteJob *silhouette_job;
} Work;

static void
silhouette_job_free (SilhouetteJob *job)
{
  g_free (job->own_x);
  g_free (job->own_labels);
  g_free (job->per_point);
  g_free (job);
}

static void
work_free (Work *work)
{
  /* A run that stopped before its write still waits for the measure. */
  if (work->silhouette_thread != NULL)
    g_thread_join (work->silhouette_thread);
  g_clear_pointer (&work->silhouette_job, silhouette_job_free);
  seg_dataset_free (work->dataset);
  g_free (work->fit.labels);
  seg_fit_clear (&work->fit);
  g_free (work->coords);
  g_free (work->silhouette);
  g_free (work->key);
  g_free (work->revenue);
  g_free (work);
}

void
seg_fit_clear (SegFit *fit)
{
  g_clear_pointer (&fit->merges, g_array_unref);
  g_clear_pointer (&fit->extra, json_object_unref);
}

static const SegFigure cluster_figures[] = {
  { "k", N_("Segments"), -1 },
  { "silhouette", N_("Silhouette"), 3 },
  { "noise", N_("Unassigned"), -1 },
  { NULL, NULL, 0 },
};

static const char *const key_guesses[] = {
  "customer_id", "customer", "client_id", "user_id", "id", "客户", "客户id", "客户编号", NULL
};

static gboolean
in_columns (GPtrArray  *columns,
            const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (columns, i))->name, name) == 0)
      return TRUE;

  return FALSE;
}

/* The key names each result row: the one given, or the first text or
 * whole-number column not clustered on. Chosen before the rows are read,
 * since a run on a saved segment reads only its customers' rows. */
static gboolean
pick_key (const char         *given,
          const char *const  *columns,
          SegTableInfo       *info,
          char              **key,
          GError            **error)
{
  if (given != NULL)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--key", given, error);

      if (column == NULL)
        return FALSE;
      *key = g_strdup (column->name);
    }
  else
    for (guint i = 0; i < info->columns->len && *key == NULL; i++)
      {
        SegColumnInfo *column = g_ptr_array_index (info->columns, i);
        gboolean chosen = FALSE;

        for (guint c = 0; columns != NULL && columns[c] != NULL && !chosen; c++)
          chosen = g_ascii_strcasecmp (columns[c], column->name) == 0;
        if ((column->type == SEG_COLUMN_TEXT || column->type == SEG_COLUMN_INTEGER) && !chosen)
          *key = g_strdup (column->name);
      }

  return TRUE;
}

static gboolean
choose_key (SegClusterModel  *self,
            SegTableInfo     *info,
            Work             *work,
            GError          **error)
{
  SegClusterModelPrivate *priv = seg_cluster_model_get_instance_private (self);

  return pick_key (priv->key, (const char *const *) priv->columns, info, &work->key, error);
}

/* The spend column feeds the revenue share of the profiles; it is found
 * in the catalog. The key must not clash with the result's columns. */
static gboolean
choose_revenue (SegClusterModel  *self,
                SegTableInfo     *info,
                Work             *work,
                GError          **error)
{
  static const char *const spend_names[] = {
    "monetary", "revenue", "spend", "total_spend", "sales", "amount", "total", "value", NULL
  };
  GPtrArray *chosen = work->dataset->columns;

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

static gpointer
silhouette_thread (gpointer data)
{
  SilhouetteJob *job = data;

  job->mean = seg_silhouette_sampled (job->x, job->n, job->d, job->labels, job->k, job->sample, job->seed,
                                      job->per_point, &job->used);
  return NULL;
}

/* Waits for the silhouette and puts it where the run keeps it: each
 * measured row's value, and the mean and sample size in the metrics. */
static void
finish_silhouette (Work          *work,
                   SegRunContext *context)
{
  SilhouetteJob *job = work->silhouette_job;
  JsonObject *metrics = seg_run_context_get_metrics (context);

  if (work->silhouette_thread == NULL)
    return;
  g_thread_join (g_steal_pointer (&work->silhouette_thread));

  for (size_t i = 0, m = 0; i < work->dataset->n; i++)
    if (work->fit.labels[i] >= 0)
      work->silhouette[i] = job->per_point[m++];
  if (isfinite (job->mean))
    json_object_set_double_member (metrics, "silhouette", job->mean);
  if (job->used > 0 && job->used < job->n)
    json_object_set_int_member (metrics, "silhouette_sample", (gint64) job->used);
}

/* Sizes, inertia, silhouette, Calinski–Harabasz, Davies–Bouldin and the
 * 2-D map. Noise rows take no part in the measures. */
static void
measure (SegClusterModel *self,
         SegRunContext   *context,
         Work            *work)
{
  SegClusterModelPrivate *priv = seg_cluster_model_get_instance_private (self);
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
      SilhouetteJob *job = g_new0 (SilhouetteJob, 1);

      job->x = data->x;
      job->labels = work->fit.labels;
      job->n = n_clustered;
      job->d = d;
      job->k = k;
      job->sample = (size_t) priv->silhouette_sample;
      job->seed = seg_model_get_seed (SEG_MODEL (self));
      job->per_point = g_new (double, n_clustered);
      job->mean = NAN;

      /* The measures see the clustered rows only. */
      if (n_clustered < n)
        {
          size_t m = 0;

          job->own_x = g_new (double, n_clustered * d);
          job->own_labels = g_new (int32_t, n_clustered);
          for (size_t i = 0; i < n; i++)
            if (work->fit.labels[i] >= 0)
              {
                memcpy (job->own_x + m * d, data->x + i * d, d * sizeof (double));
                job->own_labels[m++] = work->fit.labels[i];
              }
          job->x = job->own_x;
          job->labels = job->own_labels;
        }

      seg_run_context_report (context, 0.0, _("Measuring the clusters"));
      /* The silhouette, the longest of the measures, goes on beside the
       * rest and beside the write; the write waits for it before it
       * stores the rows' silhouettes (finish_silhouette ()). */
      work->silhouette_job = job;
      work->silhouette_thread = g_thread_new ("silhouette", silhouette_thread, job);
      ch = seg_calinski_harabasz (job->x, n_clustered, d, job->labels, k);
      db = seg_davies_bouldin (job->x, n_clustered, d, job->labels, k);
    }

  seg_run_context_report (context, 0.6, _("Drawing the map"));
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
  {
    g_autoptr(JsonNode) root = json_builder_get_root (builder);
    JsonObject *figures = json_node_get_object (root);
    JsonObject *metrics = seg_run_context_get_metrics (context);
    g_autoptr(GList) names = json_object_get_members (figures);

    for (GList *l = names; l != NULL; l = l->next)
      json_object_set_member (metrics, l->data, json_object_dup_member (figures, l->data));
  }
}


static gboolean
cluster_load (SegModel       *model,
              SegRunContext  *context,
              GError        **error)
{
  SegClusterModel *self = SEG_CLUSTER_MODEL (model);
  SegClusterModelPrivate *priv = seg_cluster_model_get_instance_private (self);
  Work *work = g_new0 (Work, 1);

  SegProject *writer = seg_run_context_get_writer (context);
  SegTableInfo *info = seg_run_context_get_table (context);
  g_autoptr(SegSegment) segment = NULL;
  GError *local_error = NULL;

  seg_run_context_set_work (context, work, (GDestroyNotify) work_free);
  if (!choose_key (self, info, work, error))
    return FALSE;

  segment = seg_project_find_input_segment (writer, priv->segment, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (segment != NULL)
    {
      JsonObject *input = seg_run_context_get_input (context);

      /* The record names the segment as it was when the run read it. */
      json_object_set_string_member (input, "segment", seg_segment_get_name (segment));
      json_object_set_int_member (input, "segment_id", seg_segment_get_id (segment));
    }
  work->dataset = seg_dataset_read_kept (writer, info->name, (const char *const *) priv->columns,
                                         work->key, segment != NULL ? seg_segment_get_id (segment) : 0,
                                         seg_run_context_get_cancel (context), error);

  return work->dataset != NULL;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static gboolean
cluster_prepare (SegModel       *model,
                 SegRunContext  *context,
                 GError        **error)
{
  SegClusterModel *self = SEG_CLUSTER_MODEL (model);
  SegClusterModelPrivate *priv = seg_cluster_model_get_instance_private (self);
  Work *work = seg_run_context_get_work (context);
  JsonObject *input = seg_run_context_get_input (context);
  JsonArray *columns;
  JsonArray *features;
  SegPrepOptions prep = {
    .scale = priv->scale,
    .log_columns = (const char *const *) priv->log_columns,
    .impute = priv->impute,
  };

  if (!seg_dataset_prepare (work->dataset, &prep, error) ||
      !choose_revenue (self, seg_run_context_get_table (context), work, error))
    return FALSE;

  columns = json_array_new ();
  features = json_array_new ();

  /* The columns as the catalog names them, the features they became, and
   * the choices, also where the data gave them nothing to do, so that a
   * run made again on other data prepares it the same way. */
  for (guint i = 0; i < work->dataset->columns->len; i++)
    json_array_add_string_element (columns, ((SegColumnInfo *) g_ptr_array_index (work->dataset->columns, i))->name);
  for (guint i = 0; i < work->dataset->features->len; i++)
    json_array_add_string_element (features, g_ptr_array_index (work->dataset->features, i));
  json_object_set_array_member (input, "columns", columns);
  json_object_set_array_member (input, "features", features);
  set_string_or_null (input, "key", work->key);
  set_string_or_null (input, "revenue", work->revenue);
  json_object_set_string_member (input, "scale", seg_enum_to_nick (SEG_TYPE_SCALE, priv->scale));
  json_object_set_string_member (input, "impute", seg_enum_to_nick (SEG_TYPE_IMPUTE, priv->impute));
  seg_run_context_set_steps (context, work->dataset->steps);

  return TRUE;
}

static void
report_fit (double  fraction,
            void   *data)
{
  seg_run_context_report (data, fraction, NULL);
}

static gboolean
cluster_fit (SegModel       *model,
             SegRunContext  *context,
             GError        **error)
{
  Work *work = seg_run_context_get_work (context);
  SegFitContext fit_context = {
    .cancel = seg_run_context_get_cancel (context),
    .report = report_fit,
    .report_data = context,
  };

  seg_run_context_report (context, 0.0, _("Finding the clusters"));
  work->fit.labels = g_new (int32_t, work->dataset->n);

  return seg_cluster_model_fit (SEG_CLUSTER_MODEL (model), work->dataset->x, work->dataset->n,
                                work->dataset->d, &fit_context, &work->fit, error);
}

static gboolean
cluster_measure (SegModel       *model,
                 SegRunContext  *context,
                 GError        **error)
{
  measure (SEG_CLUSTER_MODEL (model), context, seg_run_context_get_work (context));

  return TRUE;
}

/* The merges of a dendrogram, one row each as SciPy numbers them. */
static gboolean
write_merges (SegRunContext  *context,
              GArray         *merges,
              GError        **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(SegTableWriter) writer = NULL;
  sqlite3_stmt *stmt;

  g_ptr_array_add (columns, seg_column_info_new ("step", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, seg_column_info_new ("a", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, seg_column_info_new ("b", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, seg_column_info_new ("height", SEG_COLUMN_REAL));
  g_ptr_array_add (columns, seg_column_info_new ("size", SEG_COLUMN_INTEGER));

  writer = seg_run_context_create_table (context, "merges", "dendrogram", columns, 0, error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (guint i = 0; i < merges->len; i++)
    {
      SegMerge *merge = &g_array_index (merges, SegMerge, i);

      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_int64 (stmt, 2, merge->a);
      sqlite3_bind_int64 (stmt, 3, merge->b);
      sqlite3_bind_double (stmt, 4, merge->height);
      sqlite3_bind_int64 (stmt, 5, merge->size);
      if (!seg_table_writer_step (writer, error))
        return FALSE;
    }

  return seg_table_writer_finish (writer, error);
}

/* Moves @select, on the input table, to the row @rowid: by stepping
 * through the table in rowid order when @streaming, else by looking it
 * up. FALSE with @error set when the row is no longer there. */
static gboolean
seek_row (SegProject    *writer,
          sqlite3_stmt  *select,
          gboolean       streaming,
          gint64         rowid,
          const char    *input,
          GError       **error)
{
  int rc;

  if (!streaming)
    {
      sqlite3_reset (select);
      sqlite3_bind_int64 (select, 1, rowid);
    }
  while ((rc = sqlite3_step (select)) == SQLITE_ROW && sqlite3_column_int64 (select, 0) < rowid)
    ;
  if (rc == SQLITE_ROW && sqlite3_column_int64 (select, 0) == rowid)
    return TRUE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
               _("Rows of the table “%s” were deleted while the run read it; run it again"), input);
  return FALSE;
}

/* What the profile and the map take from the input's rows, gathered
 * as they are read: the tally of the profile's columns and the rows'
 * keys, as long as every value is the one the result table gives. */
typedef struct
{
  SegProject          *project;   /* the connection @select is on */
  sqlite3_stmt        *select;
  SegDataset          *data;
  const int32_t       *labels;
  gboolean             streaming;
  const char          *input;
  guint                lead;
  SegColumnType        key_type;
  SegProfileTally     *tally;
  const int           *tally_columns;
  const SegColumnType *tally_types;
  const gsize         *tally_features;  /* of each tallied column in the kept rows */
  guint                n_tallied;
  GByteArray          *keys;
  const double        *coords;    /* the rows' map places, for @code */
  SegRunMapCode       *code;      /* the map as stored, made beside the write */
  gboolean             exact;
  const volatile int  *cancel;
  volatile gboolean    stop;
  GError              *error;
} Gather;

static void
gather_clear (Gather *gather)
{
  g_clear_pointer (&gather->code, seg_run_map_code_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Gather, gather_clear)

/* The row @i, where @gather's select stands. */
static void
gather_row (Gather *gather,
            size_t  i)
{
  sqlite3_stmt *select = gather->select;
  int32_t label = gather->labels[i];

  if (!gather->exact)
    return;
  for (guint t = 0; t < gather->n_tallied && gather->exact; t++)
    gather->exact = seg_column_holds (gather->tally_types[t], sqlite3_column_type (select, gather->tally_columns[t]), TRUE);
  if (gather->lead == 0)
    gather->exact = gather->exact && seg_column_holds (gather->key_type, sqlite3_column_type (select, 1), FALSE);
  if (!gather->exact)
    return;

  seg_profile_tally_add (gather->tally, label >= 0 ? label + 1 : 0, select, gather->tally_columns);
  if (gather->lead == 0)
    seg_run_points_add_key (gather->keys, (const char *) sqlite3_column_text (select, 1));
  else
    {
      char text[24];

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, gather->data->rowids[i]);
      seg_run_points_add_key (gather->keys, text);
    }
}

/* Every row of the run, read and gathered, and the profile's figures
 * worked out from them; stops at a cancel, or when told to. */
static gpointer
gather_thread (gpointer user_data)
{
  Gather *gather = user_data;

  for (size_t i = 0; i < gather->data->n; i++)
    {
      if ((i & 0x3fff) == 0 && (gather->stop || seg_cancel_take_error (gather->cancel, &gather->error)))
        return NULL;
      if (!seek_row (gather->project, gather->select, gather->streaming, gather->data->rowids[i],
                     gather->input, &gather->error))
        return NULL;
      gather_row (gather, i);
    }
  /* The profile's figures too, while the other side still writes. */
  if (gather->exact)
    seg_profile_tally_finish (gather->tally);
  return NULL;
}

/* Rows of a run's own table bound at once: one statement of many rows
 * spares SQLite most of its work per statement. */
#define ROWS_PER_INSERT 64

static void
bind_run_row (sqlite3_stmt  *stmt,
              int            p,
              size_t         i,
              gint64         rowid,
              int32_t        label,
              const double  *coords,
              const double  *silhouette)
{
  sqlite3_bind_int64 (stmt, p++, (gint64) i + 1);
  sqlite3_bind_int64 (stmt, p++, rowid);
  /* Clusters count from 1 for people; noise has none. */
  if (label >= 0)
    sqlite3_bind_int (stmt, p++, label + 1);
  else
    sqlite3_bind_null (stmt, p++);
  sqlite3_bind_double (stmt, p++, coords[i * 2]);
  sqlite3_bind_double (stmt, p++, coords[i * 2 + 1]);
  if (isfinite (silhouette[i]))
    sqlite3_bind_double (stmt, p++, silhouette[i]);
  else
    sqlite3_bind_null (stmt, p++);
}

/* The rows of the run's own table (its input row, cluster, map place and
 * silhouette), ROWS_PER_INSERT to a statement and the rest one by one. */
static gboolean
write_run_rows (SegRunContext  *context,
                const char     *table_q,
                SegDataset     *data,
                const int32_t  *labels,
                const double   *coords,
                const double   *silhouette,
                GError        **error)
{
  SegProject *writer = seg_run_context_get_writer (context);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) many = NULL;
  g_autoptr(sqlite3_stmt) one = NULL;
  size_t i = 0;

  g_string_printf (sql, "INSERT INTO %s VALUES (?, ?, ?, ?, ?, ?)", table_q);
  if (!seg_project_prepare (writer, sql->str, &one, error))
    return FALSE;
  for (guint r = 1; r < ROWS_PER_INSERT; r++)
    g_string_append (sql, ", (?, ?, ?, ?, ?, ?)");
  if (!seg_project_prepare (writer, sql->str, &many, error))
    return FALSE;

  while (i < data->n)
    {
      gboolean batch = data->n - i >= ROWS_PER_INSERT;
      sqlite3_stmt *stmt = batch ? many : one;
      size_t rows = batch ? ROWS_PER_INSERT : 1;
      int rc;

      for (size_t r = 0; r < rows; r++)
        bind_run_row (stmt, (int) r * 6 + 1, i + r, data->rowids[i + r], labels[i + r], coords, silhouette);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (writer, rc, error);

      /* Every 16,384 rows, as batches of 64 line up with them. */
      if (((i + rows) & 0x3fff) < rows)
        {
          if (seg_run_context_check_cancelled (context, error))
            return FALSE;
          seg_run_context_report (context, 0.9 * (i + rows) / data->n, NULL);
        }
      i += rows;
    }

  return TRUE;
}

/* The measured rows' silhouettes, once worked out, into the rows the
 * run wrote without them. */
static gboolean
write_silhouettes (SegRunContext  *context,
                   const char     *table_q,
                   Work           *work,
                   GError        **error)
{
  SegProject *writer = seg_run_context_get_writer (context);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET silhouette = ?1 WHERE row = ?2", table_q);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  finish_silhouette (work, context);
  if (!seg_project_prepare (writer, sql, &stmt, error))
    return FALSE;
  for (size_t i = 0; i < work->dataset->n; i++)
    {
      int rc;

      if (!isfinite (work->silhouette[i]))
        continue;
      sqlite3_bind_double (stmt, 1, work->silhouette[i]);
      sqlite3_bind_int64 (stmt, 2, (gint64) i + 1);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (writer, rc, error);
    }

  return TRUE;
}

/* The profile's figures from the values the load kept. */
static gpointer
tally_kept_thread (gpointer user_data)
{
  Gather *gather = user_data;
  SegDataset *data = gather->data;

  seg_profile_tally_add_rows (gather->tally, data->n, gather->labels, data->raw, data->d, gather->tally_features);
  if (gather->stop)
    return NULL;
  seg_profile_tally_finish (gather->tally);
  if (!gather->stop)
    gather->code = seg_run_map_code_new (data->keys, data->n, gather->labels, gather->coords);
  return NULL;
}

/* The result table: the key, the chosen columns as they are, the spend,
 * then the cluster, the map and the silhouette of each row.
 *
 * When the input is a table of its own, the run stores per row only what
 * it adds (its input row, cluster, map place and silhouette) and the
 * result table is a view joining the input's columns back in; otherwise
 * each row is copied with its cluster. One pass over the input rows in
 * rowid order either way; the stored profile and the map's keys are
 * gathered from the same rows on the way. */
static gboolean
cluster_write (SegModel       *model,
               SegRunContext  *context,
               GError        **error)
{
  Work *work = seg_run_context_get_work (context);
  SegDataset *data = work->dataset;
  SegTableInfo *info = seg_run_context_get_table (context);
  SegProject *writer = seg_run_context_get_writer (context);
  gint64 run_id = seg_run_context_get_run_id (context);
  g_autoptr(GPtrArray) out_columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(GPtrArray) copied = g_ptr_array_new ();
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autoptr(GString) select_sql = g_string_new ("SELECT rowid");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SegProfileTally) tally = NULL;
  g_autoptr(GByteArray) keys = g_byte_array_new ();
  g_auto(GStrv) tallied = NULL;
  g_autofree int *tally_columns = NULL;
  g_autofree SegColumnType *tally_types = NULL;
  g_autofree gsize *tally_features = NULL;
  g_autofree char *table_name = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *input_q = seg_quote_identifier (info->name);
  g_autofree char *rows_table = NULL;
  SegTableInfo result = { 0 };
  SegColumnType key_type = SEG_COLUMN_INTEGER;
  guint lead, n_tallied;
  gboolean streaming, exact = TRUE, kept, ok = TRUE;
  g_auto(Gather) gather = { 0 };
  GThread *thread = NULL;

  table_name = seg_run_context_claim_table (context, NULL, error);
  if (table_name == NULL)
    return FALSE;
  if (seg_result_view_can_read (writer, info->name))
    rows_table = g_strdup_printf ("seg_run_rows_%" G_GINT64_FORMAT, run_id);
  table_q = seg_quote_identifier (rows_table != NULL ? rows_table : table_name);

  if (work->key != NULL && !in_columns (data->columns, work->key))
    g_ptr_array_add (copied, work->key);
  for (guint i = 0; i < data->columns->len; i++)
    g_ptr_array_add (copied, ((SegColumnInfo *) g_ptr_array_index (data->columns, i))->name);
  if (work->revenue != NULL && !in_columns (data->columns, work->revenue) &&
      (work->key == NULL || g_ascii_strcasecmp (work->key, work->revenue) != 0))
    g_ptr_array_add (copied, work->revenue);

  /* Without a key, the rows are named by their rowid in the input. */
  g_string_append_printf (create, "CREATE TABLE %s (", table_q);
  g_string_append_printf (insert, "INSERT INTO %s VALUES (", table_q);
  if (work->key == NULL)
    {
      g_string_append (create, "row INTEGER, ");
      g_string_append (insert, "?, ");
      g_ptr_array_add (out_columns, seg_column_info_new ("row", SEG_COLUMN_INTEGER));
    }
  lead = out_columns->len;
  for (guint i = 0; i < copied->len; i++)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--columns", g_ptr_array_index (copied, i), error);
      g_autofree char *quoted = NULL;

      if (column == NULL)
        return FALSE;
      quoted = seg_quote_identifier (column->name);
      g_string_append_printf (create, "%s %s, ", quoted, seg_column_type_to_sql (column->type));
      g_string_append (insert, "?, ");
      g_string_append_printf (select_sql, ", %s", quoted);
      g_ptr_array_add (out_columns, seg_column_info_new (column->name, column->type));
    }
  g_string_append (create, "cluster INTEGER, pc1 REAL, pc2 REAL, silhouette REAL) STRICT");
  g_string_append (insert, "?, ?, ?, ?)");
  if (rows_table != NULL)
    {
      g_string_printf (create, "CREATE TABLE %s (row INTEGER PRIMARY KEY, source INTEGER NOT NULL,"
                       " cluster INTEGER, pc1 REAL, pc2 REAL, silhouette REAL) STRICT", table_q);
      g_string_printf (insert, "INSERT INTO %s VALUES (?, ?, ?, ?, ?, ?)", table_q);
    }
  g_string_append_printf (select_sql, " FROM %s", input_q);
  g_ptr_array_add (out_columns, seg_column_info_new ("cluster", SEG_COLUMN_INTEGER));
  g_ptr_array_add (out_columns, seg_column_info_new ("pc1", SEG_COLUMN_REAL));
  g_ptr_array_add (out_columns, seg_column_info_new ("pc2", SEG_COLUMN_REAL));
  g_ptr_array_add (out_columns, seg_column_info_new ("silhouette", SEG_COLUMN_REAL));
  if (lead == 0)
    key_type = ((SegColumnInfo *) g_ptr_array_index (out_columns, 0))->type;

  /* Most runs take most of the table's rows: read it through, in rowid
   * order, as the rows were read for the fit. A run on a few customers
   * of a large table looks its rows up instead. */
  streaming = (gint64) data->n >= info->rows / 4;
  g_string_append (select_sql, streaming ? " ORDER BY rowid" : " WHERE rowid = ?1");

  /* Which columns of the input the profile's figures come from. */
  result.name = table_name;
  result.columns = out_columns;
  tally = seg_profile_tally_new (&result, seg_run_context_get_input (context));
  tallied = seg_profile_tally_get_columns (tally);
  n_tallied = g_strv_length (tallied);
  tally_columns = g_new0 (int, n_tallied + 1);
  tally_types = g_new0 (SegColumnType, n_tallied + 1);
  tally_features = g_new0 (gsize, n_tallied + 1);

  /* The load kept the rows' values and keys: when every figure comes
   * from a number column read as stored, and the rows' keys are those
   * of the key column or the rowid, the input is not read again. */
  kept = rows_table != NULL && data->raw != NULL && data->as_stored &&
         (work->key == NULL || !in_columns (data->columns, work->key));
  for (guint t = 0; t < n_tallied; t++)
    {
      SegColumnInfo *column = NULL;
      guint o;

      for (o = 0; o < out_columns->len; o++)
        if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (out_columns, o))->name, tallied[t]) == 0)
          {
            column = g_ptr_array_index (out_columns, o);
            break;
          }
      /* A figure of a column the input does not give as it is, such as
       * the rowid, is worked out from the table once written. */
      if (column == NULL || o < lead || o >= lead + copied->len)
        exact = FALSE;
      else
        {
          /* The key, when copied, comes before the chosen columns. */
          guint c = o - lead - (work->key != NULL && !in_columns (data->columns, work->key) ? 1 : 0);

          tally_columns[t] = (int) (o - lead) + 1;
          tally_types[t] = column->type;
          if (c < data->columns->len &&
              g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (data->columns, c))->name, column->name) == 0 &&
              data->numeric[data->first_feature[c]] &&
              column->type != SEG_COLUMN_DATE && column->type != SEG_COLUMN_DATETIME)
            tally_features[t] = data->first_feature[c];
          else
            kept = FALSE;
        }
    }
  kept = kept && exact;

  /* Rows kept in memory are tallied where they are. */
  if (exact && !kept)
    {
      g_autofree gsize *sizes = g_new0 (gsize, work->fit.n_clusters + 1);

      for (size_t i = 0; i < data->n; i++)
        if (work->fit.labels[i] < (int32_t) work->fit.n_clusters)
          sizes[work->fit.labels[i] >= 0 ? work->fit.labels[i] + 1 : 0]++;
      for (size_t c = 0; c <= work->fit.n_clusters; c++)
        seg_profile_tally_reserve (tally, (int) c, sizes[c]);
    }

  gather.project = writer;
  gather.data = data;
  gather.labels = work->fit.labels;
  gather.streaming = streaming;
  gather.input = info->name;
  gather.lead = lead;
  gather.key_type = key_type;
  gather.tally = tally;
  gather.tally_columns = tally_columns;
  gather.tally_types = tally_types;
  gather.n_tallied = n_tallied;
  gather.keys = keys;
  gather.exact = exact;
  gather.cancel = seg_run_context_get_cancel (context);

  if (!seg_project_exec (writer, create->str, error) ||
      !seg_project_prepare (writer, insert->str, &stmt, error))
    return FALSE;

  /* What the run adds does not come from the input: the input's rows are
   * gathered on a connection and a thread of their own meanwhile, unless
   * the load kept what is needed of them. */
  if (kept)
    {
      /* The profile's figures come from memory: they are worked out on
       * a thread of their own while this one writes. */
      gather.tally_features = tally_features;
      gather.coords = work->coords;
      gather.project = NULL;
      thread = g_thread_new ("tally", tally_kept_thread, &gather);
    }
  else if (rows_table != NULL)
    {
      gather.project = seg_project_open_writer (writer, error);
      if (gather.project == NULL)
        return FALSE;
      if (!seg_project_prepare (gather.project, select_sql->str, &gather.select, error))
        {
          g_object_unref (gather.project);
          return FALSE;
        }
      thread = g_thread_new ("gather", gather_thread, &gather);
    }
  else if (!seg_project_prepare (writer, select_sql->str, &gather.select, error))
    return FALSE;

  /* The run's own rows go in while the silhouette is still worked out;
   * a copied row takes its silhouette as it is written. */
  if (rows_table != NULL)
    ok = write_run_rows (context, table_q, data, work->fit.labels, work->coords, work->silhouette, error) &&
         write_silhouettes (context, table_q, work, error);
  else
    finish_silhouette (work, context);
  for (size_t i = 0; rows_table == NULL && i < data->n && ok; i++)
    {
      int32_t label = work->fit.labels[i];
      gint64 rowid = data->rowids[i];
      int p = 1;
      int rc;

      if (!seek_row (writer, gather.select, streaming, rowid, info->name, error))
        {
          ok = FALSE;
          break;
        }
      if (lead > 0)
        sqlite3_bind_int64 (stmt, p++, rowid);
      for (guint c = 0; c < copied->len; c++)
        sqlite3_bind_value (stmt, p++, sqlite3_column_value (gather.select, (int) c + 1));
      /* Clusters count from 1 for people; noise has none. */
      if (label >= 0)
        sqlite3_bind_int (stmt, p++, label + 1);
      else
        sqlite3_bind_null (stmt, p++);
      sqlite3_bind_double (stmt, p++, work->coords[i * 2]);
      sqlite3_bind_double (stmt, p++, work->coords[i * 2 + 1]);
      if (isfinite (work->silhouette[i]))
        sqlite3_bind_double (stmt, p++, work->silhouette[i]);
      else
        sqlite3_bind_null (stmt, p++);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ok = seg_project_set_sqlite_error (writer, rc, error);
          break;
        }

      gather_row (&gather, i);

      if ((i & 0x3fff) == 0)
        {
          if (seg_run_context_check_cancelled (context, error))
            ok = FALSE;
          else
            seg_run_context_report (context, 0.9 * i / data->n, NULL);
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (thread != NULL)
    {
      /* A failure here stops the other side at its next check. */
      if (!ok)
        gather.stop = TRUE;
      g_thread_join (thread);
      g_clear_pointer (&gather.select, sqlite3_finalize);
      g_clear_object (&gather.project);
      if (ok && gather.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&gather.error));
          seg_cancel_take_error (gather.cancel, error);
          ok = FALSE;
        }
      else if (ok && seg_run_context_check_cancelled (context, error))
        ok = FALSE;
      g_clear_error (&gather.error);
    }
  g_clear_pointer (&gather.select, sqlite3_finalize);
  if (!ok)
    return FALSE;
  if (!kept)
    exact = gather.exact;

  /* A value the table stores otherwise than the input gave it, such as
   * the text "7" in an INTEGER column, is read back from the table. */
  if ((rows_table != NULL &&
       !seg_result_view_create (writer, table_name, rows_table, info->name, out_columns, lead > 0, 4, error)) ||
      !seg_run_context_catalog_table (context, table_name, "clusters", (gint64) data->n, out_columns, error) ||
      !(exact ? seg_profile_tally_store (tally, writer, run_id, error)
              : seg_profile_store_for_run (writer, run_id, table_name, seg_run_context_get_input (context), error)) ||
      !(gather.code != NULL
        ? seg_run_map_code_store (gather.code, writer, run_id, work->silhouette, error)
        : seg_run_points_store_for_run (writer, run_id, table_name, kept ? data->keys : exact ? keys : NULL, data->n,
                                        work->fit.labels, work->coords, work->silhouette, error)))
    return FALSE;

  return work->fit.merges == NULL || write_merges (context, work->fit.merges, error);
}

static void
seg_cluster_model_class_init (SegClusterModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->kind = SEG_MODEL_KIND_SEGMENTATION;
  model_class->figures = cluster_figures;
  model_class->load = cluster_load;
  model_class->prepare = cluster_prepare;
  model_class->fit = cluster_fit;
  model_class->measure = cluster_measure;
  model_class->write = cluster_write;

#define FIELD(name) SEG_PRIVATE_FIELD (SegClusterModel, SegClusterModelPrivate, name)
  seg_model_class_install (model_class, PROP_TABLE,
    seg_param_spec_table ("table", _("Table"), _("The table whose rows are clustered, such as the customers’ RFM scores")),
    FIELD (table));
  seg_model_class_install (model_class, PROP_COLUMNS,
    seg_param_spec_columns ("columns", _("Columns"),
                            _("The columns the segments are found in; text columns are one-hot encoded"),
                            SEG_COLUMN_KINDS_NUMBER | SEG_COLUMN_KINDS_TEXT, FALSE),
    FIELD (columns));
  seg_model_class_install (model_class, PROP_KEY,
    seg_param_spec_column ("key", _("Key column"),
                           _("The column that names each row in the result, such as the customer; by default the first column not clustered on"),
                           SEG_COLUMN_KINDS_KEY, TRUE, key_guesses),
    FIELD (key));
  seg_model_class_install (model_class, PROP_SEGMENT,
    seg_param_spec_segment ("segment", _("Customers"),
                            _("Only the customers of this saved segment, matched by the key column; by default every row")),
    FIELD (segment));
  seg_model_class_install (model_class, PROP_LOG_COLUMNS,
    seg_param_spec_columns ("log-columns", _("Logarithm of"),
                            _("Skewed columns, such as spend, compared by log (1 + x)"),
                            SEG_COLUMN_KINDS_NUMBER, TRUE),
    FIELD (log_columns));
  seg_model_class_install (model_class, PROP_SCALE,
    g_param_spec_enum ("scale", _("Scaling"),
                       _("Brings the columns to comparable ranges, so that no column counts more for being in bigger units"),
                       SEG_TYPE_SCALE, SEG_SCALE_STANDARD,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS),
    FIELD (scale));
  seg_model_class_install (model_class, PROP_IMPUTE,
    g_param_spec_enum ("impute", _("Missing values"),
                       _("Fill a missing number with its column’s mean or median, or leave the row out"),
                       SEG_TYPE_IMPUTE, SEG_IMPUTE_MEDIAN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS),
    FIELD (impute));
  seg_model_class_install (model_class, PROP_SILHOUETTE_SAMPLE,
    seg_param_spec_set_advanced (
      g_param_spec_int ("silhouette-sample", _("Silhouette sample"),
                        _("Above this many rows the silhouette is measured on a random sample of this size; 0 always measures every row"),
                        0, G_MAXINT, SEG_SILHOUETTE_SAMPLE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)),
    FIELD (silhouette_sample));
#undef FIELD
}

static void
seg_cluster_model_init (SegClusterModel *self)
{
}

/**
 * seg_cluster_model_fit:
 * @fit: (inout): where the clusters go; @fit->labels allocated by the caller
 *
 * Clusters prepared rows directly, without a project: what the run does
 * in its fit phase, for tests and tools.
 */
gboolean
seg_cluster_model_fit (SegClusterModel      *self,
                       const double         *x,
                       size_t                n,
                       size_t                d,
                       const SegFitContext  *context,
                       SegFit               *fit,
                       GError              **error)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_MODEL (self), FALSE);
  g_return_val_if_fail (fit->labels != NULL, FALSE);

  fit->inertia = NAN;
  fit->iterations = -1;
  fit->n_clusters = 0;

  return SEG_CLUSTER_MODEL_GET_CLASS (self)->cluster (self, x, n, d, context, fit, error);
}

/* Sets how the rows are prepared. */
void
seg_cluster_model_set_prep (SegClusterModel      *self,
                            const SegPrepOptions *prep)
{
  g_return_if_fail (SEG_IS_CLUSTER_MODEL (self));

  g_object_set (self,
                "scale", prep->scale,
                "impute", prep->impute,
                "log-columns", prep->log_columns,
                NULL);
}

/**
 * seg_cluster_model_get_prep:
 * @prep: (out): how the rows are prepared
 *
 * Returns: (transfer full): the log columns, which @prep->log_columns
 *   points into while they live
 */
GStrv
seg_cluster_model_get_prep (SegClusterModel *self,
                            SegPrepOptions  *prep)
{
  SegClusterModelPrivate *priv = seg_cluster_model_get_instance_private (self);
  GStrv logs = g_strdupv (priv->log_columns);

  prep->scale = priv->scale;
  prep->impute = priv->impute;
  prep->log_columns = logs != NULL && logs[0] != NULL ? (const char *const *) logs : NULL;

  return logs;
}

gboolean
seg_cluster_model_can_suggest (SegClusterModel *self)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_MODEL (self), FALSE);

  return SEG_CLUSTER_MODEL_GET_CLASS (self)->suggest != NULL;
}

typedef struct
{
  SegProject     *project;
  char           *table;
  GStrv           columns;
  char           *key;
  char           *segment;
  GStrv           logs;
  SegPrepOptions  prep;
  JsonObject     *params;
  volatile int    cancel;
} Suggestion;

static void
suggestion_free (Suggestion *suggestion)
{
  g_clear_object (&suggestion->project);
  g_free (suggestion->table);
  g_strfreev (suggestion->columns);
  g_free (suggestion->key);
  g_free (suggestion->segment);
  g_strfreev (suggestion->logs);
  g_clear_pointer (&suggestion->params, json_object_unref);
  g_free (suggestion);
}

static void
on_suggestion_cancelled (GCancellable *cancellable,
                         Suggestion   *suggestion)
{
  suggestion->cancel = 1;
}

static void
suggest_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  SegClusterModel *self = source;
  Suggestion *suggestion = data;
  g_autoptr(SegProject) reader = NULL;
  g_autoptr(SegDataset) dataset = NULL;
  GError *error = NULL;
  gulong handler = 0;
  char *explanation = NULL;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_suggestion_cancelled), suggestion, NULL);
  reader = seg_project_open_writer (suggestion->project, &error);
  if (reader != NULL)
    {
      g_autoptr(SegSegment) segment = seg_project_find_input_segment (reader, suggestion->segment, &error);
      g_autoptr(SegTableInfo) info = NULL;
      g_autofree char *key = NULL;

      /* On a saved segment, the parameters come from its customers' rows. */
      if (segment != NULL)
        info = seg_project_get_table (reader, suggestion->table, &error);
      if (error == NULL &&
          (info == NULL || pick_key (suggestion->key, (const char *const *) suggestion->columns, info, &key, &error)))
        dataset = seg_dataset_read_members (reader, suggestion->table, (const char *const *) suggestion->columns,
                                            key, segment != NULL ? seg_segment_get_id (segment) : 0,
                                            &suggestion->cancel, &error);
      if (dataset != NULL && !seg_dataset_prepare (dataset, &suggestion->prep, &error))
        g_clear_pointer (&dataset, seg_dataset_free);
    }
  if (dataset != NULL)
    explanation = SEG_CLUSTER_MODEL_GET_CLASS (self)->suggest (self, dataset, &suggestion->cancel,
                                                               suggestion->params, &error);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  if (explanation != NULL)
    g_task_return_pointer (task, explanation, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * seg_cluster_model_suggest_async:
 * @project: where the model's table is
 *
 * Works out parameters from the model's prepared rows, in a worker thread:
 * the model's own tool, such as DBSCAN's radius from the k-distance curve.
 * The parameters are set on the main context when it finishes.
 */
void
seg_cluster_model_suggest_async (SegClusterModel     *self,
                                 SegProject          *project,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  SegClusterModelPrivate *priv = seg_cluster_model_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  Suggestion *suggestion;

  g_return_if_fail (SEG_IS_CLUSTER_MODEL (self));
  g_return_if_fail (seg_cluster_model_can_suggest (self));

  suggestion = g_new0 (Suggestion, 1);
  suggestion->project = g_object_ref (project);
  suggestion->table = g_strdup (priv->table != NULL ? priv->table : "");
  suggestion->columns = g_strdupv (priv->columns);
  suggestion->key = g_strdup (priv->key);
  suggestion->segment = g_strdup (priv->segment);
  suggestion->logs = seg_cluster_model_get_prep (self, &suggestion->prep);
  suggestion->params = json_object_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_cluster_model_suggest_async);
  g_task_set_task_data (task, suggestion, (GDestroyNotify) suggestion_free);
  g_task_run_in_thread (task, suggest_thread);
}

/**
 * seg_cluster_model_suggest_finish:
 *
 * Sets the parameters worked out.
 *
 * Returns: (transfer full): why, for people; %NULL with @error set
 */
char *
seg_cluster_model_suggest_finish (SegClusterModel  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  Suggestion *suggestion;
  g_autofree char *explanation = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  explanation = g_task_propagate_pointer (G_TASK (result), error);
  if (explanation == NULL)
    return NULL;
  suggestion = g_task_get_task_data (G_TASK (result));
  if (!seg_model_params_from_json (SEG_MODEL (self), suggestion->params, error))
    return NULL;

  return g_steal_pointer (&explanation);
}
