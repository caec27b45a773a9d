/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "seg-enums.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-run-record.h"

G_DEFINE_FINAL_TYPE (SegRunRecord, seg_run_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ALGORITHM,
  PROP_KIND,
  PROP_TITLE,
  PROP_INPUT_TABLE,
  PROP_STARTED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
seg_run_record_finalize (GObject *object)
{
  SegRunRecord *record = SEG_RUN_RECORD (object);

  g_free (record->algorithm);
  g_clear_pointer (&record->parameters, json_node_unref);
  g_free (record->input_table);
  g_clear_pointer (&record->input, json_node_unref);
  g_clear_pointer (&record->preprocessing, json_node_unref);
  g_free (record->status);
  g_free (record->started_at);
  g_clear_pointer (&record->timings, json_node_unref);
  g_clear_pointer (&record->metrics, json_node_unref);
  g_strfreev (record->result_tables);

  G_OBJECT_CLASS (seg_run_record_parent_class)->finalize (object);
}

static void
seg_run_record_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SegRunRecord *record = SEG_RUN_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, record->id); break;
    case PROP_ALGORITHM: g_value_set_string (value, record->algorithm); break;
    case PROP_KIND: g_value_set_enum (value, record->kind); break;
    case PROP_TITLE: g_value_set_string (value, seg_run_record_get_title (record)); break;
    case PROP_INPUT_TABLE: g_value_set_string (value, record->input_table); break;
    case PROP_STARTED_AT: g_value_set_string (value, record->started_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_run_record_class_init (SegRunRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = seg_run_record_finalize;
  object_class->get_property = seg_run_record_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ALGORITHM] = g_param_spec_string ("algorithm", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, SEG_TYPE_MODEL_KIND,
                                             SEG_MODEL_KIND_SEGMENTATION, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_INPUT_TABLE] = g_param_spec_string ("input-table", NULL, NULL, NULL, flags);
  properties[PROP_STARTED_AT] = g_param_spec_string ("started-at", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_run_record_init (SegRunRecord *record)
{
}

/**
 * seg_run_record_is_evaluation:
 *
 * Returns: whether the run measured a model on held-out data rather than
 *   making results to use
 */
gboolean
seg_run_record_is_evaluation (SegRunRecord *record)
{
  g_return_val_if_fail (SEG_IS_RUN_RECORD (record), FALSE);

  return JSON_NODE_HOLDS_OBJECT (record->input)
         && json_object_has_member (json_node_get_object (record->input), "evaluation");
}

/**
 * seg_run_record_get_title:
 *
 * Returns: the algorithm's name for people, or its id when this version
 *   does not know it
 */
const char *
seg_run_record_get_title (SegRunRecord *record)
{
  g_autoptr(SegModel) model = NULL;

  g_return_val_if_fail (SEG_IS_RUN_RECORD (record), NULL);

  model = seg_model_new_for_id (record->algorithm, NULL);
  if (model == NULL)
    return record->algorithm;

  return seg_model_get_title (model);
}

/**
 * seg_run_record_get_metric:
 *
 * Returns: a number of the record's metrics, or NAN where it has none
 */
double
seg_run_record_get_metric (SegRunRecord *record,
                           const char   *name)
{
  JsonObject *metrics;
  JsonNode *node;

  g_return_val_if_fail (SEG_IS_RUN_RECORD (record), NAN);

  metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
  node = metrics != NULL ? json_object_get_member (metrics, name) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;

  return json_node_get_double (node);
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
  " started_at, seconds, metrics, result_tables, kind, timings FROM seg_runs"

static SegRunRecord *
record_from_row (sqlite3_stmt *stmt)
{
  SegRunRecord *record = g_object_new (SEG_TYPE_RUN_RECORD, NULL);
  int kind = SEG_MODEL_KIND_SEGMENTATION;
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

  if (sqlite3_column_text (stmt, 12) != NULL)
    seg_enum_from_nick (SEG_TYPE_MODEL_KIND, (const char *) sqlite3_column_text (stmt, 12), &kind);
  record->kind = kind;
  record->timings = parse_json ((const char *) sqlite3_column_text (stmt, 13));

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
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, RUN_COLUMNS " ORDER BY id", &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (runs, record_from_row (stmt));
  g_clear_pointer (&stmt, sqlite3_finalize);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, RUN_COLUMNS " WHERE id = ?", &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = record_from_row (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

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

/* The run named in a table's origin, 0 when none is. */
static gint64
origin_run (const SegTableInfo *info)
{
  g_autoptr(JsonNode) origin = info->origin != NULL ? json_from_string (info->origin, NULL) : NULL;

  if (origin == NULL || !JSON_NODE_HOLDS_OBJECT (origin))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (origin), "run", 0);
}

/**
 * seg_run_record_get_result:
 * @record: a run that wrote a result table
 *
 * The catalog record of the run's (first) result table, as long as it is
 * still the one the run wrote: a table of the same name written later by
 * another run (an output replaced) is not this run's.
 *
 * Returns: (transfer full): the table, or %NULL with
 *   %SEG_PROJECT_ERROR_NO_SUCH_TABLE
 */
SegTableInfo *
seg_run_record_get_result (SegRunRecord  *record,
                           SegProject    *project,
                           GError       **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  gint64 owner;

  g_return_val_if_fail (SEG_IS_RUN_RECORD (record), NULL);

  if (record->result_tables == NULL || record->result_tables[0] == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("Run %" PRId64 " wrote no result table"), record->id);
      return NULL;
    }
  info = seg_project_get_table (project, record->result_tables[0], NULL);
  if (info == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The result table of run %" PRId64 " is no longer in the project"), record->id);
      return NULL;
    }
  owner = origin_run (info);
  if (owner != 0 && owner != record->id)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The result table “%s” of run %" PRId64 " was replaced by run %" PRId64 "’s"),
                   info->name, record->id, owner);
      return NULL;
    }

  return g_steal_pointer (&info);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
  g_clear_pointer (&stmt, sqlite3_finalize);
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
 * seg_run_record_format_figures:
 *
 * Returns: (transfer full): the figures the run's model declares, with
 *   their values, such as "Segments 4 · Silhouette 0.412"
 */
char *
seg_run_record_format_figures (SegRunRecord *record)
{
  g_autoptr(SegModel) model = seg_model_new_for_id (record->algorithm, NULL);
  const SegFigure *figures = model != NULL ? SEG_MODEL_GET_CLASS (model)->figures : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; figures != NULL && figures[i].metric != NULL; i++)
    {
      double value = seg_run_record_get_metric (record, figures[i].metric);

      if (!isfinite (value))
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      if (figures[i].digits < 0)
        g_string_append_printf (text, "%s %'" PRId64, _(figures[i].label), (gint64) value);
      else
        g_string_append_printf (text, "%s %.*f", _(figures[i].label), figures[i].digits, value);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Whether the data changed since ------------------------------------------ */

/**
 * seg_run_record_check_data:
 * @record: a run
 * @project: the project it belongs to
 * @new_rows: (out) (optional): with %SEG_RUN_DATA_ROWS_ADDED, how many
 *   rows were added to the input table since the run; 0 otherwise
 * @error: return location for an error reading the project
 *
 * Compares the data version the run noted for its input table with the
 * table's now. Runs recorded before tables had versions count as current
 * until their table changes.
 *
 * Returns: how the input table compares with what the run read, or
 *   %SEG_RUN_DATA_CURRENT with @error set
 */
SegRunDataState
seg_run_record_check_data (SegRunRecord  *record,
                           SegProject    *project,
                           gint64        *new_rows,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *input;
  JsonObject *data = NULL;
  gint64 version;
  gint64 base;
  gint64 rows;
  int rc;

  g_return_val_if_fail (SEG_IS_RUN_RECORD (record), SEG_RUN_DATA_CURRENT);
  g_return_val_if_fail (SEG_IS_PROJECT (project), SEG_RUN_DATA_CURRENT);

  if (new_rows != NULL)
    *new_rows = 0;
  if (record->input_table == NULL || record->input_table[0] == '\0')
    return SEG_RUN_DATA_CURRENT;

  if (!seg_project_prepare (project, "SELECT data_version, base_version, row_count FROM seg_tables WHERE name = ?",
                            &stmt, error))
    return SEG_RUN_DATA_CURRENT;
  sqlite3_bind_text (stmt, 1, record->input_table, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return SEG_RUN_DATA_GONE;
  if (rc != SQLITE_ROW)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return SEG_RUN_DATA_CURRENT;
    }
  version = sqlite3_column_int64 (stmt, 0);
  base = sqlite3_column_int64 (stmt, 1);
  rows = sqlite3_column_int64 (stmt, 2);

  input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  if (input != NULL && json_object_has_member (input, SEG_RUN_INPUT_TABLE_DATA) &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (input, SEG_RUN_INPUT_TABLE_DATA)))
    data = json_object_get_object_member (input, SEG_RUN_INPUT_TABLE_DATA);

  /* A run from before versions: every version the table has now was
   * given after the project was brought up to date, so after the run. */
  if (data == NULL)
    return version > 0 ? SEG_RUN_DATA_CHANGED : SEG_RUN_DATA_CURRENT;

  if (version == json_object_get_int_member_with_default (data, "version", -1))
    return SEG_RUN_DATA_CURRENT;

  /* The rows the run read are still there: only rows were added. */
  if (base <= json_object_get_int_member_with_default (data, "version", -1) &&
      rows >= json_object_get_int_member_with_default (data, "rows", G_MAXINT64))
    {
      gint64 added = rows - json_object_get_int_member (data, "rows");

      /* A file whose every row went to the rejects list added nothing. */
      if (added == 0)
        return SEG_RUN_DATA_CURRENT;
      if (new_rows != NULL)
        *new_rows = added;
      return SEG_RUN_DATA_ROWS_ADDED;
    }

  return SEG_RUN_DATA_CHANGED;
}

/**
 * seg_run_record_is_stale:
 * @new_rows: (out) (optional): how many rows were added since, when that
 *   is what changed
 *
 * Returns: whether the run's input table changed since the run, so that
 *   running it again would give another result
 */
gboolean
seg_run_record_is_stale (SegRunRecord *record,
                         SegProject   *project,
                         gint64       *new_rows)
{
  SegRunDataState state = seg_run_record_check_data (record, project, new_rows, NULL);

  return state == SEG_RUN_DATA_ROWS_ADDED || state == SEG_RUN_DATA_CHANGED;
}

/**
 * seg_run_record_describe_data:
 * @details: (out) (optional) (transfer full): a sentence that says what
 *   changed and what to do, for a tooltip
 *
 * Returns: (transfer full) (nullable): a short note such as “12 new rows”
 *   when the input table changed since the run, %NULL when it did not
 */
char *
seg_run_record_describe_data (SegRunRecord  *record,
                              SegProject    *project,
                              char         **details)
{
  gint64 added = 0;
  char *note = NULL;
  char *sentence = NULL;

  switch (seg_run_record_check_data (record, project, &added, NULL))
    {
    case SEG_RUN_DATA_ROWS_ADDED:
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " new row", "%'" PRId64 " new rows", added),
                              added);
      sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%'" PRId64 " row was added to “%s” since this run. Run it again to include it.",
                                               "%'" PRId64 " rows were added to “%s” since this run. Run it again to include them.",
                                               added),
                                  added, record->input_table);
      break;

    case SEG_RUN_DATA_CHANGED:
      note = g_strdup (_("Data changed"));
      sentence = g_strdup_printf (_("“%s” was replaced since this run. Run it again to see the current data."),
                                  record->input_table);
      break;

    case SEG_RUN_DATA_GONE:
      note = g_strdup (_("Table deleted"));
      sentence = g_strdup_printf (_("The project no longer has the table “%s” that this run read."),
                                  record->input_table);
      break;

    case SEG_RUN_DATA_CURRENT:
    default:
      break;
    }

  if (details != NULL)
    *details = sentence;
  else
    g_free (sentence);

  return note;
}

/* The runs as a list model ------------------------------------------------ */

static void
refresh_runs (SegProject *project,
              GListStore *store)
{
  g_autoptr(GPtrArray) runs = seg_project_list_runs (project, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint kept = 0;

  if (runs == NULL)
    return;

  /* Runs are only ever added at the end or deleted: keep the records
   * that are still there, so that views keep their rows. */
  for (guint i = 0; i < n;)
    {
      g_autoptr(SegRunRecord) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      gboolean found = FALSE;

      for (guint r = 0; r < runs->len && !found; r++)
        found = ((SegRunRecord *) g_ptr_array_index (runs, r))->id == item->id;
      if (found)
        {
          i++;
          kept++;
        }
      else
        {
          g_list_store_remove (store, i);
          n--;
        }
    }
  for (guint r = 0; r < runs->len; r++)
    {
      SegRunRecord *record = g_ptr_array_index (runs, r);
      gboolean known = FALSE;

      for (guint i = 0; i < kept && !known; i++)
        {
          g_autoptr(SegRunRecord) item = g_list_model_get_item (G_LIST_MODEL (store), i);

          known = item->id == record->id;
        }
      if (!known)
        g_list_store_append (store, record);
    }
}

/**
 * seg_project_get_runs:
 *
 * The project's runs, oldest first, kept up to date: a run that finishes,
 * is deleted or is run again through any of the project's connections
 * shows here once its transaction is committed.
 *
 * Returns: (transfer none): a list model of SegRunRecord
 */
GListModel *
seg_project_get_runs (SegProject *project)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  return seg_project_observe (project, "seg-runs", SEG_TYPE_RUN_RECORD, refresh_runs);
}
