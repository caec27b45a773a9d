/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-als.h"
#include "seg-cancel.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-recommender-model-private.h"
#include "seg-recommender-refresh.h"
#include "seg-run.h"
#include "seg-run-record.h"
#include "seg-segment.h"

/*
 * Bringing a recommendation run up to date after order lines were added
 * to its table, without fitting its model again (see "Bringing a run up
 * to date" in seg-recommender-model.h). Only the customers with new lines
 * get new offers: their rows of the purchase matrix are read again, in
 * full and weighted as the run weighs them, and scored against what the
 * run kept of its model (ALS: each customer's factors folded in against
 * the kept product factors; item-kNN: the kept neighbour lists). Their
 * offers are replaced in the run's result table and the run notes the
 * lines it has now read, all in one transaction.
 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegAls, seg_als_free)

/* The neighbour lists an item-kNN run kept, in the layout of its state. */
typedef struct
{
  size_t   n_items;
  int64_t *ptr;   /* n_items + 1 */
  int32_t *index;
  double  *sim;
} Neighbours;

static void
neighbours_clear (Neighbours *self)
{
  g_clear_pointer (&self->ptr, g_free);
  g_clear_pointer (&self->index, g_free);
  g_clear_pointer (&self->sim, g_free);
}

/* Everything a refresh reads and computes. */
typedef struct
{
  gint64               run_id;
  SegProject          *writer;
  SegRunRecord        *record;
  SegRun              *like;
  SegModel            *model;     /* owned by like */
  SegTableInfo        *info;
  char                *result_table;

  /* The model's inputs and parameters, as the run had them. */
  char                *table;
  char                *user;
  char                *item;
  char                *value;
  char                *date;
  char                *segment;
  char                *items_table;
  char                *item_key;
  char                *item_name;
  int                  feedback;
  int                  weighting;
  double               alpha;
  double               half_life;
  gboolean             keep_bought;
  int                  top;

  /* What the run kept. */
  gint64               max_rowid;
  GPtrArray           *customer_keys;  /* char *, in the model's numbering */
  GPtrArray           *product_keys;
  GHashTable          *customer_index; /* key → index + 1 */
  GHashTable          *product_index;
  GBytes              *state;

  /* The customers refreshed, numbered from 0 in the order of their first
   * line, and their lines. */
  GPtrArray           *keys;
  GHashTable          *local_index;    /* key → local index + 1 */
  GArray              *users;          /* int32_t, local */
  GArray              *items;          /* int32_t, the model's */
  GArray              *amounts;        /* double; nullable */
  GArray              *times;          /* double; nullable */
  gint64               new_max_rowid;
  SegInteractions     *matrix;

  GPtrArray           *item_names;     /* char *, NULL-ended */
  gboolean             have_names;

  /* The result table's other offers: how many, and which products. */
  gint64               kept_offers;
  guint8              *offered;        /* by product */
} Refresh;

static void
refresh_free (Refresh *self)
{
  g_clear_object (&self->writer);
  g_clear_object (&self->record);
  g_clear_object (&self->like);
  g_clear_pointer (&self->info, seg_table_info_free);
  g_free (self->result_table);
  g_free (self->table);
  g_free (self->user);
  g_free (self->item);
  g_free (self->value);
  g_free (self->date);
  g_free (self->segment);
  g_free (self->items_table);
  g_free (self->item_key);
  g_free (self->item_name);
  g_clear_pointer (&self->customer_keys, g_ptr_array_unref);
  g_clear_pointer (&self->product_keys, g_ptr_array_unref);
  g_clear_pointer (&self->customer_index, g_hash_table_unref);
  g_clear_pointer (&self->product_index, g_hash_table_unref);
  g_clear_pointer (&self->state, g_bytes_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->local_index, g_hash_table_unref);
  g_clear_pointer (&self->users, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->amounts, g_array_unref);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->matrix, seg_interactions_free);
  g_clear_pointer (&self->item_names, g_ptr_array_unref);
  g_free (self->offered);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Refresh, refresh_free)

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Why the run cannot be brought up to date, and what to do instead. */
G_GNUC_PRINTF (3, 4) static gboolean
refuse (GError     **error,
        gint64       run_id,
        const char  *format,
        ...)
{
  g_autofree char *reason = NULL;
  va_list ap;

  va_start (ap, format);
  reason = g_strdup_vprintf (format, ap);
  va_end (ap);
  /* Translators: the second %s is the reason, such as “its algorithm
   * keeps no model to bring up to date”. */
  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("Run %" PRId64 " cannot be brought up to date: %s; run it again with rerun %" PRId64),
               run_id, reason, run_id);
  return FALSE;
}

/* The run made again as it was, when its kind of model can be brought
 * up to date at all; NULL with the reason otherwise. */
static SegRun *
check_model (SegProject    *project,
             SegRunRecord  *record,
             GError       **error)
{
  g_autoptr(SegRun) like = NULL;
  SegModel *model;
  int feedback = SEG_FEEDBACK_IMPLICIT;

  if (record->kind != SEG_MODEL_KIND_RECOMMENDATION)
    {
      refuse (error, record->id, _("it is not a recommendation run"));
      return NULL;
    }
  if (seg_run_record_is_evaluation (record))
    {
      refuse (error, record->id, _("it is an evaluation, which has no offers to bring up to date"));
      return NULL;
    }

  like = seg_run_new_like (project, record, error);
  if (like == NULL)
    return NULL;
  model = seg_run_get_model (like);
  if (!SEG_IS_RECOMMENDER_MODEL (model))
    {
      refuse (error, record->id, _("it is not a recommendation run"));
      return NULL;
    }
  if (SEG_RECOMMENDER_MODEL_GET_CLASS (model)->save_state == NULL)
    {
      refuse (error, record->id, _("its algorithm, %s, keeps no model to bring up to date"),
              seg_model_get_title (model));
      return NULL;
    }
  /* Rating predictions of item-kNN read every customer's ratings. */
  g_object_get (model, "feedback", &feedback, NULL);
  if (feedback == SEG_FEEDBACK_EXPLICIT && g_strcmp0 (seg_model_get_id (model), "als") != 0)
    {
      refuse (error, record->id, _("its predicted ratings depend on every customer’s ratings"));
      return NULL;
    }

  return g_steal_pointer (&like);
}

/**
 * seg_recommender_can_refresh:
 * @project: the project of @record
 * @record: a run
 * @error: the reason when not
 *
 * Tells, without reading the orders, whether seg_recommender_refresh()
 * can take on @record at all: a recommendation run, not an evaluation,
 * of a model that kept what a refresh needs. Whether the orders were
 * only added to is for the refresh itself to find out.
 *
 * Returns: whether @record is a run that can be brought up to date
 */
gboolean
seg_recommender_can_refresh (SegProject    *project,
                             SegRunRecord  *record,
                             GError       **error)
{
  g_autoptr(SegRun) like = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  like = check_model (project, record, error);
  return like != NULL;
}

static gboolean
check_cancelled (SegCancelFlag  *cancel,
                 GError        **error)
{
  return seg_cancel_take_error (seg_cancel_flag_get (cancel), error);
}

/* The keys of a kept list, each ended by a NUL byte; NULL when the bytes
 * are not such a list. */
static GPtrArray *
parse_keys (GBytes      *bytes,
            GHashTable **index)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  if (size > 0 && data[size - 1] != '\0')
    return NULL;
  *index = g_hash_table_new (g_str_hash, g_str_equal);
  while (start < size)
    {
      gsize len = strlen (data + start);

      g_ptr_array_add (keys, g_strndup (data + start, len));
      /* The first of two equal keys is the one the model numbered. */
      if (!g_hash_table_contains (*index, g_ptr_array_index (keys, keys->len - 1)))
        g_hash_table_insert (*index, g_ptr_array_index (keys, keys->len - 1), GINT_TO_POINTER (keys->len));
      start += len + 1;
    }

  return g_steal_pointer (&keys);
}

static int32_t
lookup (GHashTable *index,
        const char *key)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (index, key)) - 1;
}

static guint64
read_u64 (const guint8 *data)
{
  guint64 value;

  memcpy (&value, data, sizeof value);
  return GUINT64_FROM_LE (value);
}

static guint32
read_u32 (const guint8 *data)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return GUINT32_FROM_LE (value);
}

static double
read_double (const guint8 *data)
{
  guint64 bits = read_u64 (data);
  double value;

  memcpy (&value, &bits, sizeof value);
  return value;
}

/* Reading the run ----------------------------------------------------------- */

static gboolean
read_run (Refresh  *self,
          GError  **error)
{
  JsonObject *input;
  g_autoptr(GBytes) customers = NULL;
  g_autoptr(GBytes) products = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 new_rows = 0;

  self->record = seg_project_get_run (self->writer, self->run_id, error);
  if (self->record == NULL)
    return FALSE;
  self->like = check_model (self->writer, self->record, error);
  if (self->like == NULL)
    return FALSE;
  self->model = seg_run_get_model (self->like);
  g_object_get (self->model,
                "table", &self->table, "user", &self->user, "item", &self->item,
                "value", &self->value, "date", &self->date, "segment", &self->segment,
                "items-table", &self->items_table, "item-key", &self->item_key, "item-name", &self->item_name,
                "feedback", &self->feedback, "weighting", &self->weighting, "alpha", &self->alpha,
                "half-life", &self->half_life, "keep-bought", &self->keep_bought, "top", &self->top,
                NULL);

  input = JSON_NODE_HOLDS_OBJECT (self->record->input) ? json_node_get_object (self->record->input) : NULL;
  if (input == NULL || !json_object_has_member (input, "max-rowid"))
    return refuse (error, self->run_id, _("it does not say which order lines it read"));
  self->max_rowid = json_object_get_int_member (input, "max-rowid");

  /* The table the run read: still there, only added to. */
  switch (seg_run_record_check_data (self->record, self->writer, &new_rows, &local_error))
    {
    case SEG_RUN_DATA_GONE:
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("Run %" PRId64 " cannot be brought up to date: the project no longer has the table “%s” it read; "
                     "run it again with rerun %" PRId64 " on another table"),
                   self->run_id, self->record->input_table, self->run_id);
      return FALSE;
    case SEG_RUN_DATA_CHANGED:
      return refuse (error, self->run_id, _("“%s” was replaced since, not only added to"), self->record->input_table);
    case SEG_RUN_DATA_CURRENT:
    case SEG_RUN_DATA_ROWS_ADDED:
    default:
      break;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->info = seg_project_get_table (self->writer, self->record->input_table, error);
  if (self->info == NULL)
    return FALSE;
  if (!seg_model_check_roles (self->model, self->info, &local_error))
    return refuse (error, self->run_id, "%s", local_error->message);

  if (self->record->result_tables == NULL || self->record->result_tables[0] == NULL ||
      !seg_project_has_table (self->writer, self->record->result_tables[0]))
    return refuse (error, self->run_id, _("its result table is no longer in the project"));
  self->result_table = g_strdup (self->record->result_tables[0]);

  self->state = seg_recommender_read_state (self->writer, self->run_id, "model", error);
  if (self->state == NULL)
    return FALSE;
  customers = seg_recommender_read_state (self->writer, self->run_id, "customers", error);
  products = seg_recommender_read_state (self->writer, self->run_id, "products", error);
  if (customers == NULL || products == NULL)
    return FALSE;
  self->customer_keys = parse_keys (customers, &self->customer_index);
  self->product_keys = parse_keys (products, &self->product_index);
  if (self->customer_keys == NULL || self->product_keys == NULL)
    return refuse (error, self->run_id, _("the model state it kept is damaged"));

  return TRUE;
}

/* The lines the run has not read: how many, and that those it read are
 * all still there. */
static gboolean
check_rows (Refresh  *self,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = seg_quote_identifier (self->info->name);
  g_autofree char *sql = NULL;
  JsonObject *input = json_node_get_object (self->record->input);
  JsonObject *data = json_object_get_object_member (input, SEG_RUN_INPUT_TABLE_DATA);
  gint64 read_rows, kept;
  int rc;

  /* Two statements: the largest rowid alone is read off the table's tree. */
  sql = g_strdup_printf ("SELECT coalesce (max (rowid), 0) FROM %s", table_q);
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return seg_project_set_sqlite_error (self->writer, rc, error);
  self->new_max_rowid = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE rowid <= ?1", table_q);
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->max_rowid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return seg_project_set_sqlite_error (self->writer, rc, error);
  kept = sqlite3_column_int64 (stmt, 0);

  if (self->new_max_rowid < self->max_rowid)
    return refuse (error, self->run_id, _("rows of “%s” were deleted since"), self->info->name);
  read_rows = data != NULL ? json_object_get_int_member_with_default (data, "rows", -1) : -1;
  if (read_rows >= 0 && kept != read_rows)
    return refuse (error, self->run_id,
                   _("“%s” now has %" PRId64 " of the %" PRId64 " rows the run read: rows were deleted since"),
                   self->info->name, kept, read_rows);

  return TRUE;
}

/* The products' names, as the run gives them: from the products table
 * when it names them, else their keys. */
static gboolean
read_item_names (Refresh  *self,
                 GError  **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *name_q = NULL;
  SegColumnInfo *column;
  int rc;

  self->item_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->product_keys->len; i++)
    g_ptr_array_add (self->item_names, g_strdup (g_ptr_array_index (self->product_keys, i)));
  g_ptr_array_add (self->item_names, NULL);
  if (!has_text (self->items_table) || !has_text (self->item_name))
    return TRUE;

  info = seg_project_get_table (self->writer, self->items_table, NULL);
  if (info == NULL)
    return refuse (error, self->run_id, _("the project no longer has the products table “%s”"), self->items_table);
  if ((column = seg_table_find_column (info, "--item-key", has_text (self->item_key) ? self->item_key : self->item,
                                       error)) == NULL)
    return FALSE;
  key_q = seg_quote_identifier (column->name);
  if ((column = seg_table_find_column (info, "--item-name", self->item_name, error)) == NULL)
    return FALSE;
  name_q = seg_quote_identifier (column->name);
  table_q = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT CAST (%s AS TEXT), CAST (%s AS TEXT) FROM %s WHERE %s IS NOT NULL ORDER BY rowid",
                         key_q, name_q, table_q, key_q);
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int32_t i = lookup (self->product_index, (const char *) sqlite3_column_text (stmt, 0));
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      /* The first row that names a product gives its name. */
      if (i < 0 || !has_text (name) ||
          g_strcmp0 (g_ptr_array_index (self->item_names, i), g_ptr_array_index (self->product_keys, i)) != 0)
        continue;
      g_free (g_ptr_array_index (self->item_names, i));
      g_ptr_array_index (self->item_names, i) = g_strdup (name);
      self->have_names = TRUE;
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self->writer, rc, error);

  return TRUE;
}

/* The condition every line the run reads meets: a customer and a
 * product (columns quoted as @user_q and @item_q), and on a saved segment
 * one of its customers (parameter ?3). */
static char *
line_filter (const char *user_q,
             const char *item_q,
             gboolean    segment)
{
  GString *where = g_string_new (NULL);

  g_string_append_printf (where, "%s IS NOT NULL AND %s IS NOT NULL", user_q, item_q);
  if (segment)
    g_string_append_printf (where, " AND CAST (%s AS TEXT) IN (SELECT key FROM seg_segment_members WHERE segment_id = ?3)",
                            user_q);

  return g_string_free (where, FALSE);
}

/* The latest and the earliest date of the lines, for the time decay. */
static gboolean
read_time_span (Refresh     *self,
                const char  *table_q,
                const char  *where,
                gint64       segment_id,
                double      *earliest,
                double      *latest,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *date_q = seg_quote_identifier (self->date);
  g_autofree char *sql = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT min (julianday (%s) - 2440587.5), max (julianday (%s) - 2440587.5) FROM %s WHERE %s",
                         date_q, date_q, table_q, where);
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  if (segment_id > 0)
    sqlite3_bind_int64 (stmt, 3, segment_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return seg_project_set_sqlite_error (self->writer, rc, error);
  if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
    return refuse (error, self->run_id, _("the column “%s” of “%s” holds no date"), self->date, self->info->name);
  *earliest = sqlite3_column_double (stmt, 0);
  *latest = sqlite3_column_double (stmt, 1);

  return TRUE;
}

/* The customers of the lines the run has not read. */
static gboolean
read_affected (Refresh     *self,
               const char  *table_q,
               const char  *user_q,
               const char  *where,
               gint64       segment_id,
               GHashTable **affected,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT DISTINCT CAST (%s AS TEXT) FROM %s WHERE rowid > ?1 AND %s",
                                          user_q, table_q, where);
  int rc;

  *affected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->max_rowid);
  if (segment_id > 0)
    sqlite3_bind_int64 (stmt, 3, segment_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (*affected, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self->writer, rc, error);

  return TRUE;
}

/* Every line of the customers who have lines the run has not read, in
 * the table's order, and their rows of the purchase matrix. */
static gboolean
read_lines (Refresh            *self,
            SegCancelFlag      *cancel,
            SegRefreshSummary  *summary,
            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *table_q = seg_quote_identifier (self->info->name);
  g_autofree char *user_q = seg_quote_identifier (self->user);
  g_autofree char *item_q = seg_quote_identifier (self->item);
  g_autofree char *where = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  gboolean has_value = has_text (self->value), explicit_feedback = self->feedback == SEG_FEEDBACK_EXPLICIT;
  gboolean decay = self->half_life > 0 && has_text (self->date);
  SegInteractionOptions options = { 0 };
  double earliest = 0, latest = 0;
  g_autoptr(GHashTable) affected = NULL;
  gint64 segment_id = 0, read = 0;
  int rc;

  segment = seg_project_find_input_segment (self->writer, self->segment, &local_error);
  if (local_error != NULL)
    return refuse (error, self->run_id, "%s", local_error->message);
  if (segment != NULL)
    segment_id = seg_segment_get_id (segment);
  where = line_filter (user_q, item_q, segment != NULL);

  g_string_append (sql, "SELECT rowid, ");
  seg_recommender_line_columns (sql, user_q, item_q, has_value ? self->value : NULL,
                                decay ? self->date : NULL, &self->amounts, &self->times);
  if (decay && !read_time_span (self, table_q, where, segment_id, &earliest, &latest, error))
    return FALSE;
  g_string_append_printf (sql, " FROM %s WHERE %s ORDER BY rowid", table_q, where);
  if (!read_affected (self, table_q, user_q, where, segment_id, &affected, error))
    return FALSE;

  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->local_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  self->items = g_array_new (FALSE, FALSE, sizeof (int32_t));

  if (!seg_project_prepare (self->writer, sql->str, &stmt, error))
    return FALSE;
  if (segment_id > 0)
    sqlite3_bind_int64 (stmt, 3, segment_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *customer = (const char *) sqlite3_column_text (stmt, 1);
      const char *product;
      gint64 rowid;
      gboolean added;
      double amount = 1.0, time = earliest;
      int32_t u, i;

      if ((++read & 0xffff) == 0 && check_cancelled (cancel, error))
        return FALSE;
      /* A hash lookup per line is cheaper than SQLite's IN. */
      if (!g_hash_table_contains (affected, customer))
        continue;
      rowid = sqlite3_column_int64 (stmt, 0);
      product = (const char *) sqlite3_column_text (stmt, 2);
      added = rowid > self->max_rowid;
      if (has_value)
        {
          int type = sqlite3_column_type (stmt, 3);

          if (type == SQLITE_NULL)
            {
              /* As the run reads them: a line without a rating says
               * nothing, one without a quantity is one purchase. */
              if (explicit_feedback)
                continue;
            }
          else if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
            return refuse (error, self->run_id, _("the column “%s” of “%s” holds “%s”, which is not a number"),
                           self->value, self->info->name, (const char *) sqlite3_column_text (stmt, 3));
          else
            amount = sqlite3_column_double (stmt, 3);
        }
      if (decay && sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        time = sqlite3_column_double (stmt, 4);

      /* A line the run read names a customer and a product it knows. */
      if (!added && lookup (self->customer_index, customer) < 0)
        return refuse (error, self->run_id,
                       _("the customer “%s” of row %" PRId64 " of “%s” is not among those it read: rows were changed since"),
                       customer, rowid, self->info->name);
      i = lookup (self->product_index, product);
      if (i < 0 && !added)
        return refuse (error, self->run_id,
                       _("the product “%s” of row %" PRId64 " of “%s” is not among those it read: rows were changed since"),
                       product, rowid, self->info->name);

      u = lookup (self->local_index, customer);
      if (u < 0)
        {
          g_ptr_array_add (self->keys, g_strdup (customer));
          u = (int32_t) self->keys->len - 1;
          g_hash_table_insert (self->local_index, g_ptr_array_index (self->keys, u), GINT_TO_POINTER (u + 1));
          if (lookup (self->customer_index, customer) < 0)
            summary->new_customers++;
        }
      if (added)
        summary->new_lines++;
      /* A product the model does not know yet cannot be scored. */
      if (i < 0)
        {
          summary->unknown_lines++;
          continue;
        }
      g_array_append_val (self->users, u);
      g_array_append_val (self->items, i);
      if (has_value)
        g_array_append_val (self->amounts, amount);
      if (decay)
        g_array_append_val (self->times, time);
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self->writer, rc, error);
  summary->customers = self->keys->len;

  options.weighting = seg_recommender_weighting (self->feedback, self->weighting);
  options.alpha = self->alpha;
  options.half_life = decay ? self->half_life : 0.0;
  options.now = decay ? latest : 0.0;
  self->matrix = seg_interactions_build ((const int32_t *) self->users->data, (const int32_t *) self->items->data,
                                         has_value ? (const double *) self->amounts->data : NULL,
                                         decay ? (const double *) self->times->data : NULL,
                                         self->users->len, self->keys->len, self->product_keys->len, &options);
  if (self->matrix == NULL)
    return seg_recommender_kernel_failed (-2, error) != NULL;

  return TRUE;
}

/* Scoring ------------------------------------------------------------------- */

static gboolean
decode_neighbours (Refresh     *self,
                   Neighbours  *out,
                   GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->state, &size);
  guint64 n_items, total, sum = 0;
  const guint8 *counts, *indices, *sims;

  if (size < 16)
    return refuse (error, self->run_id, _("the model state it kept is damaged"));
  n_items = read_u64 (data);
  total = read_u64 (data + 8);
  if (n_items != self->product_keys->len || total > size ||
      size != 16 + 4 * n_items + 12 * total)
    return refuse (error, self->run_id, _("the model state it kept is damaged"));

  counts = data + 16;
  indices = counts + 4 * n_items;
  sims = indices + 4 * total;
  out->n_items = n_items;
  out->ptr = g_new (int64_t, n_items + 1);
  out->index = g_new (int32_t, MAX (total, 1));
  out->sim = g_new (double, MAX (total, 1));
  out->ptr[0] = 0;
  for (guint64 i = 0; i < n_items; i++)
    {
      sum += read_u32 (counts + 4 * i);
      out->ptr[i + 1] = (int64_t) sum;
    }
  if (sum != total)
    return refuse (error, self->run_id, _("the model state it kept is damaged"));
  for (guint64 k = 0; k < total; k++)
    {
      guint32 index = read_u32 (indices + 4 * k);

      if (index >= n_items)
        return refuse (error, self->run_id, _("the model state it kept is damaged"));
      out->index[k] = (int32_t) index;
      out->sim[k] = read_double (sims + 8 * k);
    }

  return TRUE;
}

/* A customer's scores as item-kNN makes them for purchases: the sum over
 * what they bought of its neighbours' similarities, times the amount. */
static void
neighbours_score (const void            *data,
                  const SegInteractions *train,
                  size_t                 user,
                  double                *scores,
                  void                  *scratch)
{
  const Neighbours *model = data;

  memset (scores, 0, train->n_items * sizeof (double));
  for (int64_t k = train->row_ptr[user]; k < train->row_ptr[user + 1]; k++)
    {
      size_t j = (size_t) train->row_items[k];

      for (int64_t l = model->ptr[j]; l < model->ptr[j + 1]; l++)
        scores[model->index[l]] += model->sim[l] * train->row_values[k];
    }
}

static double
neighbours_similarity (const void *data,
                       size_t      from,
                       size_t      to)
{
  const Neighbours *model = data;

  if (from >= model->n_items)
    return 0.0;
  for (int64_t l = model->ptr[from]; l < model->ptr[from + 1]; l++)
    if ((size_t) model->index[l] == to)
      return model->sim[l];

  return 0.0;
}

/* The kept product factors, with the customers folded in. */
static SegAls *
fold_in (Refresh  *self,
         GError  **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->state, &size);
  g_autofree double *factors = NULL;
  g_autofree size_t *users = NULL;
  g_autoptr(SegAls) als = NULL;
  double lambda = 0;
  guint64 n_items, k;
  int rc = 0;

  if (size < 16)
    return refuse (error, self->run_id, _("the model state it kept is damaged")), NULL;
  n_items = read_u64 (data);
  k = read_u64 (data + 8);
  if (n_items != self->product_keys->len || k == 0 || k > (size - 16) / 8 / MAX (n_items, 1) ||
      size != 16 + 8 * n_items * k)
    return refuse (error, self->run_id, _("the model state it kept is damaged")), NULL;

  factors = g_new (double, n_items * k);
  for (guint64 v = 0; v < n_items * k; v++)
    factors[v] = read_double (data + 16 + 8 * v);
  g_object_get (self->model, "regularization", &lambda, NULL);
  als = seg_als_new_from_items (n_items, k, factors, lambda, &rc);
  if (als == NULL)
    return rc == -3 ? (refuse (error, self->run_id, _("the model state it kept is damaged")), NULL)
                    : seg_recommender_kernel_failed (rc, error);

  users = g_new (size_t, MAX (self->keys->len, 1));
  for (guint u = 0; u < self->keys->len; u++)
    users[u] = u;
  rc = seg_als_fold_in (als, self->matrix, users, self->keys->len);
  if (rc != 0)
    return seg_recommender_kernel_failed (rc, error);

  return g_steal_pointer (&als);
}

/* Writing ------------------------------------------------------------------- */

static SegColumnType
result_column_type (SegTableInfo *info,
                    const char   *name)
{
  for (guint c = 0; info != NULL && c < info->columns->len; c++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, c);

      if (g_ascii_strcasecmp (column->name, name) == 0)
        return column->type;
    }

  return SEG_COLUMN_TEXT;
}

static gboolean
step_done (SegProject    *writer,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return TRUE;
}

/* Deletes the refreshed customers' offers, in one pass over the result
 * table that also notes what the others are offered. */
static gboolean
drop_offers (Refresh     *self,
             const char  *table_q,
             gint64      *deleted,
             GError     **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT rowid, customer, item FROM %s", table_q);
  int rc;

  self->offered = g_new0 (guint8, MAX (self->product_keys->len, 1));
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *customer = (const char *) sqlite3_column_text (stmt, 1);
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      int32_t i;

      if (customer != NULL && lookup (self->local_index, customer) >= 0)
        {
          g_array_append_val (rowids, rowid);
          continue;
        }
      self->kept_offers++;
      i = sqlite3_column_type (stmt, 2) != SQLITE_NULL
          ? lookup (self->product_index, (const char *) sqlite3_column_text (stmt, 2)) : -1;
      if (i >= 0)
        self->offered[i] = 1;
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self->writer, rc, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&sql, g_free);

  sql = g_strdup_printf ("DELETE FROM %s WHERE rowid = ?", table_q);
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  for (guint r = 0; r < rowids->len; r++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, r));
      if (!step_done (self->writer, stmt, error))
        return FALSE;
    }
  *deleted = rowids->len;

  return TRUE;
}

/* Replaces the customers' offers with new ones from @scorer. */
static gboolean
write_offers (Refresh            *self,
              const SegScorer    *scorer,
              gconstpointer       fitted,
              SegCancelFlag      *cancel,
              SegRefreshSummary  *summary,
              GError            **error)
{
  g_autoptr(SegTableInfo) result = seg_project_get_table (self->writer, self->result_table, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = seg_quote_identifier (self->result_table);
  g_autofree char *sql = NULL;
  SegColumnType user_type = result_column_type (result, "customer");
  SegColumnType item_type = result_column_type (result, "item");
  size_t n_items = self->matrix->n_items, top = (size_t) MAX (self->top, 1);
  g_autofree double *scores = g_new (double, n_items + 1);
  g_autofree guint8 *scratch = g_malloc0 (MAX (scorer->scratch_bytes, 1));
  g_autofree int32_t *chosen = g_new (int32_t, top);
  g_autofree double *values = g_new (double, top);
  SegRecommenderData data = { 0 };
  gint64 deleted = 0;

  data.train = self->matrix;
  data.feedback = self->feedback;
  data.item_names = (const char *const *) self->item_names->pdata;

  if (!drop_offers (self, table_q, &deleted, error))
    return FALSE;

  sql = g_strdup_printf ("INSERT INTO %s (customer, rank, item, item_name, score, reason) VALUES (?, ?, ?, ?, ?, ?)",
                         table_q);
  if (!seg_project_prepare (self->writer, sql, &stmt, error))
    return FALSE;
  for (size_t u = 0; u < self->matrix->n_users; u++)
    {
      size_t n = seg_recommend_top_one (scorer, self->matrix, u, self->keep_bought, top, scores, scratch,
                                        chosen, values);

      if ((u & 0xff) == 0 && check_cancelled (cancel, error))
        return FALSE;
      for (size_t r = 0; r < n; r++)
        {
          g_autofree char *reason = seg_recommender_reason (SEG_RECOMMENDER_MODEL (self->model), fitted, scorer,
                                                            &data, u, (size_t) chosen[r]);

          seg_recommender_bind_key (stmt, 1, user_type, g_ptr_array_index (self->keys, u));
          sqlite3_bind_int64 (stmt, 2, (gint64) r + 1);
          seg_recommender_bind_key (stmt, 3, item_type, g_ptr_array_index (self->product_keys, chosen[r]));
          if (self->have_names)
            sqlite3_bind_text (stmt, 4, g_ptr_array_index (self->item_names, chosen[r]), -1, SQLITE_STATIC);
          sqlite3_bind_double (stmt, 5, values[r]);
          sqlite3_bind_text (stmt, 6, reason, -1, SQLITE_STATIC);
          if (!step_done (self->writer, stmt, error))
            return FALSE;
          self->offered[chosen[r]] = 1;
          summary->offers++;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The table's rows changed: its catalog count and version say so. */
  if (!seg_project_prepare (self->writer, "UPDATE seg_tables SET row_count = row_count + ? WHERE name = ?",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, summary->offers - deleted);
  sqlite3_bind_text (stmt, 2, self->result_table, -1, SQLITE_STATIC);
  if (!step_done (self->writer, stmt, error))
    return FALSE;

  return seg_project_stamp_table (self->writer, self->result_table, TRUE, NULL, error);
}

/* The customers the run had not seen join its kept list. */
static gboolean
write_customers (Refresh            *self,
                 SegRefreshSummary  *summary,
                 GError            **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize size;
  gconstpointer data;

  if (summary->new_customers == 0)
    return TRUE;

  /* The keys stay their lists' own. */
  all = g_ptr_array_sized_new (self->customer_keys->len + self->keys->len);
  g_ptr_array_extend (all, self->customer_keys, NULL, NULL);
  for (guint k = 0; k < self->keys->len; k++)
    if (lookup (self->customer_index, g_ptr_array_index (self->keys, k)) < 0)
      g_ptr_array_add (all, g_ptr_array_index (self->keys, k));
  bytes = seg_recommender_key_list (all);
  data = g_bytes_get_data (bytes, &size);
  if (!seg_project_prepare (self->writer,
                            "UPDATE seg_run_state SET data = ?1 WHERE run_id = ?2 AND name = 'customers'",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_blob64 (stmt, 1, size > 0 ? data : "", size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->run_id);

  return step_done (self->writer, stmt, error);
}

/* The run now has read every line of its table: its input says up to
 * which row and which version, its figures count the new customers. */
static gboolean
write_record (Refresh            *self,
              SegRefreshSummary  *summary,
              GError            **error)
{
  g_autoptr(JsonNode) input = json_node_copy (self->record->input);
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *input_text = NULL;
  g_autofree char *metrics_text = NULL;
  JsonObject *object = json_node_get_object (input);
  JsonObject *data = json_object_new ();
  JsonObject *figures;
  gint64 distinct = 0;

  json_object_set_int_member (object, "max-rowid", self->new_max_rowid);
  json_object_set_int_member (data, "version", self->info->data_version);
  json_object_set_int_member (data, "rows", self->info->rows);
  json_object_set_object_member (object, SEG_RUN_INPUT_TABLE_DATA, data);
  json_object_set_int_member (object, "refreshes", json_object_get_int_member_with_default (object, "refreshes", 0) + 1);

  metrics = JSON_NODE_HOLDS_OBJECT (self->record->metrics) ? json_node_copy (self->record->metrics)
                                                           : json_node_init_object (json_node_alloc (), json_object_new ());
  figures = json_node_get_object (metrics);
  for (guint i = 0; i < self->product_keys->len; i++)
    distinct += self->offered[i];
  json_object_set_int_member (figures, "customers", (gint64) self->customer_keys->len + summary->new_customers);
  json_object_set_int_member (figures, "purchases",
                              json_object_get_int_member_with_default (figures, "purchases", 0) + summary->new_lines);
  json_object_set_int_member (figures, "recommendations", self->kept_offers + summary->offers);
  json_object_set_double_member (figures, "catalog_coverage",
                                 self->product_keys->len > 0 ? (double) distinct / self->product_keys->len : 0.0);

  input_text = json_to_string (input, FALSE);
  metrics_text = json_to_string (metrics, FALSE);
  if (!seg_project_prepare (self->writer, "UPDATE seg_runs SET input = ?, metrics = ? WHERE id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, input_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, metrics_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, self->run_id);

  return step_done (self->writer, stmt, error);
}

/* All of it ------------------------------------------------------------------ */

static gboolean
refresh_in_transaction (Refresh            *self,
                        SegCancelFlag      *cancel,
                        SegRefreshSummary  *summary,
                        GError            **error)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(SegAls) als = NULL;
  Neighbours neighbours = { 0 };
  SegScorer scorer = { 0 };
  gconstpointer fitted = NULL;
  gboolean ok;

  if (!read_run (self, error) || !check_rows (self, error))
    return FALSE;
  /* Nothing added since: the run is as current as it can be. */
  if (self->new_max_rowid == self->max_rowid)
    {
      summary->load_seconds = g_timer_elapsed (timer, NULL);
      return TRUE;
    }
  if (check_cancelled (cancel, error) ||
      !read_lines (self, cancel, summary, error) ||
      !read_item_names (self, error) ||
      check_cancelled (cancel, error))
    return FALSE;
  summary->load_seconds = g_timer_elapsed (timer, NULL);
  g_timer_start (timer);

  if (g_strcmp0 (seg_model_get_id (self->model), "als") == 0)
    {
      als = fold_in (self, error);
      if (als == NULL)
        return FALSE;
      seg_als_scorer (als, &scorer);
      fitted = als;
    }
  else if (g_strcmp0 (seg_model_get_id (self->model), "item-knn") == 0)
    {
      if (!decode_neighbours (self, &neighbours, error))
        {
          neighbours_clear (&neighbours);
          return FALSE;
        }
      scorer.model = &neighbours;
      scorer.score = neighbours_score;
      scorer.similarity = neighbours_similarity;
    }
  else
    return refuse (error, self->run_id, _("its algorithm, %s, keeps no model to bring up to date"),
                   seg_model_get_title (self->model));
  summary->fit_seconds = g_timer_elapsed (timer, NULL);
  g_timer_start (timer);

  /* The offers are chosen as they are written: that is most of the time. */
  ok = !check_cancelled (cancel, error) &&
       write_offers (self, &scorer, fitted, cancel, summary, error) &&
       write_customers (self, summary, error) &&
       write_record (self, summary, error);
  neighbours_clear (&neighbours);
  summary->write_seconds = g_timer_elapsed (timer, NULL);

  return ok;
}

/**
 * seg_recommender_refresh:
 * @run_id: a recommendation run of a model that keeps its state (ALS,
 *   item-kNN)
 * @cancellable: (nullable): stops the refresh; the project is then
 *   exactly as it was
 * @summary: (out caller-allocates) (optional): what was done
 *
 * Brings the run's offers up to date with the order lines added to its
 * table since, without fitting its model again: the customers with new
 * lines, new customers among them, get new offers from the model the run
 * kept (ALS folds their factors in against its product factors; item-kNN
 * scores with its neighbour lists), made and explained as the run makes
 * them; everyone else's stay as they are. Products the model does not
 * know yet cannot be offered until the run is made again. Afterwards the
 * run no longer counts as stale. One transaction: on any failure the
 * project is left exactly as it was.
 *
 * Refuses, naming the run and the reason, a run that is no recommendation
 * run or is an evaluation, whose algorithm keeps no state, whose table is
 * gone, was replaced or lost a column, or whose lines were deleted or
 * changed rather than added to.
 *
 * Returns: whether the run is up to date
 */
gboolean
seg_recommender_refresh (SegProject         *project,
                         gint64              run_id,
                         GCancellable       *cancellable,
                         SegRefreshSummary  *summary,
                         GError            **error)
{
  g_autoptr(Refresh) self = g_new0 (Refresh, 1);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_auto(SegCancelFlag) cancel = { 0 };
  SegRefreshSummary done = { 0 };

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  done.run = run_id;
  self->run_id = run_id;
  seg_cancel_flag_init (&cancel, cancellable);
  if (check_cancelled (&cancel, error))
    return FALSE;

  /* Readers of the project see the run as it was until the commit. */
  self->writer = seg_project_open_writer (project, error);
  if (self->writer == NULL ||
      !seg_project_exec (self->writer, "PRAGMA cache_size = -32768; PRAGMA mmap_size = 1073741824; BEGIN IMMEDIATE", error))
    return FALSE;
  if (!refresh_in_transaction (self, &cancel, &done, error) ||
      check_cancelled (&cancel, error) ||
      !seg_project_exec (self->writer, "COMMIT", error))
    {
      seg_project_exec (self->writer, "ROLLBACK", NULL);
      return FALSE;
    }

  done.seconds = g_timer_elapsed (timer, NULL);
  if (summary != NULL)
    *summary = done;
  return TRUE;
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SegRefreshSummary *summary = g_new0 (SegRefreshSummary, 1);
  GError *error = NULL;

  if (seg_recommender_refresh (source_object, *(gint64 *) task_data, cancellable, summary, &error))
    g_task_return_pointer (task, summary, g_free);
  else
    {
      g_free (summary);
      g_task_return_error (task, error);
    }
}

/**
 * seg_recommender_refresh_async:
 * @run_id: a recommendation run
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Runs seg_recommender_refresh() in a worker thread. The project
 * announces the change through #SegProject::changed once it is committed.
 */
void
seg_recommender_refresh_async (SegProject          *project,
                               gint64               run_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_recommender_refresh_async);
  g_task_set_name (task, "[segmenta] refresh recommendations");
  g_task_set_task_data (task, g_memdup2 (&run_id, sizeof run_id), g_free);
  /* Once the commit is through, the result says so, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, refresh_thread);
}

/**
 * seg_recommender_refresh_finish:
 * @summary: (out caller-allocates) (optional): what was done
 *
 * Returns: whether the run is up to date
 */
gboolean
seg_recommender_refresh_finish (SegProject         *project,
                                GAsyncResult       *result,
                                SegRefreshSummary  *summary,
                                GError            **error)
{
  g_autofree SegRefreshSummary *done = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, project), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == seg_recommender_refresh_async, FALSE);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = *done;
  return TRUE;
}
