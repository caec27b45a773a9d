/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-cancel.h"
#include "seg-ease.h"
#include "seg-enums.h"
#include "seg-error.h"
#include "seg-popular.h"
#include "seg-profile.h"
#include "seg-recommender-model-private.h"
#include "seg-run-context-private.h"
#include "seg-segment.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegInteractions, seg_interactions_free)

/*
 * The family of recommenders. What they share is most of the work: the
 * order lines read into a customer × product matrix, the top N, the
 * reasons, the result table and the evaluation; a subclass fits its
 * algorithm on the matrix and hands back a scorer.
 */

typedef struct
{
  char     *table;
  char     *user;
  char     *item;
  char     *value;
  char     *date;
  char     *segment;
  int       feedback;
  int       weighting;
  double    alpha;
  double    half_life;
  gboolean  keep_bought;
  int       top;
  guint64   seed;
  int       segment_run;
  char     *items_table;
  char     *item_key;
  char     *item_name;
  GStrv     text;

  /* Not parameters: set for a run that evaluates instead. */
  gboolean                 evaluating;
  SegRecommenderEvaluation evaluation;
  char                    *test_table;
  GPtrArray               *rivals;  /* nullable: the models compared with this one */
} SegRecommenderModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SegRecommenderModel, seg_recommender_model, SEG_TYPE_MODEL)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_USER,
  PROP_ITEM,
  PROP_VALUE,
  PROP_DATE,
  PROP_SEGMENT,
  PROP_FEEDBACK,
  PROP_WEIGHTING,
  PROP_ALPHA,
  PROP_HALF_LIFE,
  PROP_KEEP_BOUGHT,
  PROP_TOP,
  PROP_SEED,
  PROP_SEGMENT_RUN,
  PROP_ITEMS_TABLE,
  PROP_ITEM_KEY,
  PROP_ITEM_NAME,
  PROP_TEXT,
};

static const char *const user_guesses[] = {
  "customer_id", "customer", "client_id", "client", "user_id", "user", "buyer", "客户", "客户id", "客户编号", "会员", NULL
};

static const char *const item_guesses[] = {
  "product_id", "product", "item_id", "item", "sku", "article", "商品", "商品id", "商品编号", "产品", NULL
};

/* The date is only used for the time decay and the last-n split, so a
 * guess cannot change the offers; the value is never guessed, since a
 * price column taken for a quantity would quietly weigh the offers. */
static const char *const date_guesses[] = {
  "date", "day", "order_date", "order_day", "invoice_date", "purchase_date", "timestamp", "time", "日期", "下单日期", "下单时间", "订单日期", NULL
};

static const SegFigure recommender_figures[] = {
  { "customers", N_("Customers"), -1 },
  { "products", N_("Products"), -1 },
  { "recommendations", N_("Offers"), -1 },
  { "ndcg", N_("NDCG"), 3 },
  { "baseline_ndcg", N_("Best sellers’ NDCG"), 3 },
  { "rmse", N_("RMSE"), 3 },
  { "baseline_rmse", N_("Item means’ RMSE"), 3 },
  { NULL, NULL, 0 },
};

/* Everything a run computes, kept between its phases. */
typedef struct
{
  /* The order lines, as indices. */
  GArray          *users;       /* int32_t, one per line read */
  GArray          *items;       /* int32_t */
  GArray          *amounts;     /* double; nullable */
  GArray          *times;       /* double, days; nullable */
  double           now;         /* the latest date, for the decay */
  GPtrArray       *user_keys;   /* char *, by index */
  GPtrArray       *item_keys;
  GHashTable      *user_index;  /* key → index + 1 */
  GHashTable      *item_index;
  SegColumnType    user_type;
  SegColumnType    item_type;
  SegInteractions *matrix;

  /* What the family gives the subclass. */
  int32_t         *groups;
  size_t           n_groups;
  GPtrArray       *group_names;  /* char *, NULL-ended */
  GPtrArray       *item_names;   /* char *, by item, NULL-ended */
  GPtrArray       *item_texts;   /* nullable; char * or NULL, by item, NULL-ended */
  gboolean         have_names;
  SegRecommenderData data;

  /* The fit. */
  gpointer         fitted;
  GDestroyNotify   free_fitted;
  SegScorer        scorer;
  int32_t         *rec_items;    /* n_users × top */
  double          *rec_scores;
  size_t           top;

  /* An evaluation. */
  JsonObject      *evaluation;
  GPtrArray       *fold_rows;    /* of FoldRow */
} Work;

typedef struct
{
  const char *model;
  int         fold;     /* from 1; 0 for the mean */
  gint64      customers;
  double      measures[8];
} FoldRow;

/* The measures an evaluation reports, in the order of FoldRow. */
static const char *const measure_names[] = {
  "precision", "recall", "ndcg", "map", "hit_rate", "coverage", "rmse", "mae",
};

static void
work_free (Work *work)
{
  if (work->fitted != NULL && work->free_fitted != NULL)
    work->free_fitted (work->fitted);
  g_clear_pointer (&work->users, g_array_unref);
  g_clear_pointer (&work->items, g_array_unref);
  g_clear_pointer (&work->amounts, g_array_unref);
  g_clear_pointer (&work->times, g_array_unref);
  g_clear_pointer (&work->user_keys, g_ptr_array_unref);
  g_clear_pointer (&work->item_keys, g_ptr_array_unref);
  g_clear_pointer (&work->user_index, g_hash_table_unref);
  g_clear_pointer (&work->item_index, g_hash_table_unref);
  g_clear_pointer (&work->matrix, seg_interactions_free);
  g_free (work->groups);
  g_clear_pointer (&work->group_names, g_ptr_array_unref);
  g_clear_pointer (&work->item_names, g_ptr_array_unref);
  g_clear_pointer (&work->item_texts, g_ptr_array_unref);
  g_free (work->rec_items);
  g_free (work->rec_scores);
  g_clear_pointer (&work->evaluation, json_object_unref);
  g_clear_pointer (&work->fold_rows, g_ptr_array_unref);
  g_free (work);
}

static Work *
work_new (void)
{
  Work *work = g_new0 (Work, 1);

  work->users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  work->items = g_array_new (FALSE, FALSE, sizeof (int32_t));
  work->user_keys = g_ptr_array_new_with_free_func (g_free);
  work->item_keys = g_ptr_array_new_with_free_func (g_free);
  work->user_index = g_hash_table_new (g_str_hash, g_str_equal);
  work->item_index = g_hash_table_new (g_str_hash, g_str_equal);

  return work;
}

/* The index of @key, adding it the first time it is seen: customers and
 * products are numbered in the order of the table, which makes ties go
 * to what came first. */
static int32_t
index_of (GHashTable *indices,
          GPtrArray  *keys,
          const char *key)
{
  gpointer found = g_hash_table_lookup (indices, key);

  if (found != NULL)
    return GPOINTER_TO_INT (found) - 1;

  g_ptr_array_add (keys, g_strdup (key));
  g_hash_table_insert (indices, g_ptr_array_index (keys, keys->len - 1), GINT_TO_POINTER (keys->len));
  return (int32_t) keys->len - 1;
}

static int32_t
lookup_index (GHashTable *indices,
              const char *key)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (indices, key)) - 1;
}

static SegColumnType
column_type (SegTableInfo *info,
             const char   *name)
{
  for (guint i = 0; i < info->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, i);

      if (g_ascii_strcasecmp (column->name, name) == 0)
        return column->type;
    }

  return SEG_COLUMN_TEXT;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/**
 * seg_recommender_kernel_failed:
 * @rc: what a kernel returned: -1 cancelled, -2 out of memory, -3 bad input
 *
 * Sets @error for a kernel's failure, for fit_scorer to return.
 *
 * Returns: %NULL
 */
gpointer
seg_recommender_kernel_failed (int      rc,
                               GError **error)
{
  if (rc == -1)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
  else if (rc == -3)
    g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                         _("The recommender cannot work on these purchases with these parameters"));
  else
    g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                         _("There is not enough memory for the recommendations"));
  return NULL;
}

/* Loading ----------------------------------------------------------------- */

/* The clusters of a clustering run, as the customers' groups: the run's
 * result table names each customer in its key column. */
static gboolean
load_groups (SegRecommenderModel  *self,
             SegRunContext        *context,
             Work                 *work,
             GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegProject *writer = seg_run_context_get_writer (context);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SegRunRecord) record = seg_project_get_run (writer, priv->segment_run, &local_error);
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  JsonObject *input;
  const char *key = NULL;
  gint64 placed = 0;
  int max_cluster = 0;
  int rc;

  if (record == NULL || record->kind != SEG_MODEL_KIND_SEGMENTATION)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment-run: the project has no segmentation run %d; list the runs with “runs”"),
                   priv->segment_run);
      return FALSE;
    }
  input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  if (input != NULL && json_object_has_member (input, "key") && !json_object_get_null_member (input, "key"))
    key = json_object_get_string_member (input, "key");
  if (key == NULL || record->result_tables == NULL || record->result_tables[0] == NULL ||
      !seg_project_has_table (writer, record->result_tables[0]))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment-run: run %d has no result table naming its customers"), priv->segment_run);
      return FALSE;
    }

  work->groups = g_new (int32_t, MAX (work->user_keys->len, 1));
  for (guint u = 0; u < work->user_keys->len; u++)
    work->groups[u] = -1;

  key_q = seg_quote_identifier (key);
  table_q = seg_quote_identifier (record->result_tables[0]);
  sql = g_strdup_printf ("SELECT CAST (%s AS TEXT), cluster FROM %s WHERE cluster IS NOT NULL", key_q, table_q);
  if (!seg_project_prepare (writer, sql, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *customer = (const char *) sqlite3_column_text (stmt, 0);
      int cluster = sqlite3_column_int (stmt, 1);
      int32_t u = customer != NULL ? lookup_index (work->user_index, customer) : -1;

      if (u < 0 || cluster < 1)
        continue;
      work->groups[u] = cluster - 1;
      max_cluster = MAX (max_cluster, cluster);
      placed++;
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);
  if (placed == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment-run: no customer of “%s” is in the result of run %d; "
                     "choose a run that clustered these customers"),
                   priv->table, priv->segment_run);
      return FALSE;
    }
  work->n_groups = (size_t) max_cluster;

  /* The clusters' plain names, when the run can be described. */
  profile = seg_project_profile_full (writer, priv->segment_run, NULL, FALSE, NULL);
  work->group_names = g_ptr_array_new_with_free_func (g_free);
  for (int c = 0; c < max_cluster; c++)
    {
      SegClusterProfile *cluster = NULL;

      for (guint p = 0; profile != NULL && p < profile->clusters->len; p++)
        if (((SegClusterProfile *) g_ptr_array_index (profile->clusters, p))->cluster == c + 1)
          cluster = g_ptr_array_index (profile->clusters, p);
      if (cluster != NULL && has_text (cluster->name))
        g_ptr_array_add (work->group_names, g_strdup (cluster->name));
      else
        /* Translators: a customer segment of a clustering, by number. */
        g_ptr_array_add (work->group_names, g_strdup_printf (_("Segment %d"), c + 1));
    }
  g_ptr_array_add (work->group_names, NULL);

  json_object_set_int_member (seg_run_context_get_input (context), "segment_run_customers", placed);
  return TRUE;
}

/* The products' names and texts from the products table. */
static gboolean
load_items (SegRecommenderModel  *self,
            SegRunContext        *context,
            Work                 *work,
            GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegProject *writer = seg_run_context_get_writer (context);
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT CAST (");
  g_autofree char *key_q = NULL;
  g_autofree char *table_q = NULL;
  const char *key = priv->item_key;
  guint n_text = priv->text != NULL ? g_strv_length (priv->text) : 0;
  SegColumnInfo *column;
  int rc;

  if (!has_text (priv->items_table))
    {
      if (has_text (priv->item_key) || has_text (priv->item_name) || n_text > 0)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--items-table: give the products table that %s come from"),
                       has_text (priv->item_name) ? "--item-name" : n_text > 0 ? "--text" : "--item-key");
          return FALSE;
        }
      return TRUE;
    }

  info = seg_project_get_table (writer, priv->items_table, NULL);
  if (info == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--items-table: the project has no table “%s”"), priv->items_table);
      return FALSE;
    }
  /* The key is named like the product column of the orders by default. */
  if (!has_text (key))
    key = priv->item;
  if ((column = seg_table_find_column (info, "--item-key", key, error)) == NULL)
    return FALSE;
  key_q = seg_quote_identifier (column->name);
  g_string_append_printf (sql, "%s AS TEXT)", key_q);
  if (has_text (priv->item_name))
    {
      g_autofree char *name_q = NULL;

      if ((column = seg_table_find_column (info, "--item-name", priv->item_name, error)) == NULL)
        return FALSE;
      name_q = seg_quote_identifier (column->name);
      g_string_append_printf (sql, ", CAST (%s AS TEXT)", name_q);
    }
  else
    g_string_append (sql, ", NULL");
  for (guint t = 0; t < n_text; t++)
    {
      g_autofree char *text_q = NULL;

      if ((column = seg_table_find_column (info, "--text", priv->text[t], error)) == NULL)
        return FALSE;
      text_q = seg_quote_identifier (column->name);
      g_string_append_printf (sql, ", CAST (%s AS TEXT)", text_q);
    }
  table_q = seg_quote_identifier (info->name);
  g_string_append_printf (sql, " FROM %s WHERE %s IS NOT NULL ORDER BY rowid", table_q, key_q);

  if (n_text > 0)
    {
      work->item_texts = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i <= work->item_keys->len; i++)
        g_ptr_array_add (work->item_texts, NULL);
    }
  if (!seg_project_prepare (writer, sql->str, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int32_t i = lookup_index (work->item_index, (const char *) sqlite3_column_text (stmt, 0));
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      /* Products never bought have no place in the matrix. */
      if (i < 0)
        continue;
      if (has_text (name) && g_strcmp0 (g_ptr_array_index (work->item_names, i), g_ptr_array_index (work->item_keys, i)) == 0)
        {
          g_free (g_ptr_array_index (work->item_names, i));
          g_ptr_array_index (work->item_names, i) = g_strdup (name);
          work->have_names = TRUE;
        }
      if (n_text > 0 && g_ptr_array_index (work->item_texts, i) == NULL)
        {
          g_autoptr(GString) text = g_string_new (NULL);

          for (guint t = 0; t < n_text; t++)
            {
              const char *part = (const char *) sqlite3_column_text (stmt, 2 + t);

              if (has_text (part))
                g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", part);
            }
          g_ptr_array_index (work->item_texts, i) = g_string_free (g_steal_pointer (&text), FALSE);
        }
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);

  return TRUE;
}

/**
 * seg_recommender_weighting:
 * @feedback: a #SegFeedback
 * @weighting: a #SegImplicitWeighting
 *
 * Returns: how the purchase matrix weighs the lines for these parameters
 */
SegWeighting
seg_recommender_weighting (int feedback,
                           int weighting)
{
  if (feedback == SEG_FEEDBACK_EXPLICIT)
    return SEG_WEIGHT_RATING;

  switch (weighting)
    {
    case SEG_IMPLICIT_COUNT: return SEG_WEIGHT_COUNT;
    case SEG_IMPLICIT_LOG: return SEG_WEIGHT_LOG;
    case SEG_IMPLICIT_CONFIDENCE: return SEG_WEIGHT_CONFIDENCE;
    default: return SEG_WEIGHT_BINARY;
    }
}

/**
 * seg_recommender_line_columns:
 * @sql: a SELECT being built
 * @user_q: the quoted customer column
 * @item_q: the quoted product column
 * @value: (nullable): the value column, unquoted
 * @date: (nullable): the date column, unquoted
 * @amounts: (out): a new array for the values when @value is given
 * @times: (out): a new array for the dates when @date is given
 *
 * Appends what a line of the order table is read as: customer and product
 * as text, the value or NULL, and the date as days since 1970 (so that a
 * half-life is in days) or NULL.
 */
void
seg_recommender_line_columns (GString     *sql,
                              const char  *user_q,
                              const char  *item_q,
                              const char  *value,
                              const char  *date,
                              GArray     **amounts,
                              GArray     **times)
{
  g_string_append_printf (sql, "CAST (%s AS TEXT), CAST (%s AS TEXT)", user_q, item_q);
  if (value != NULL)
    {
      g_autofree char *value_q = seg_quote_identifier (value);

      g_string_append_printf (sql, ", %s", value_q);
      *amounts = g_array_new (FALSE, FALSE, sizeof (double));
    }
  else
    g_string_append (sql, ", NULL");
  if (date != NULL)
    {
      g_autofree char *date_q = seg_quote_identifier (date);

      g_string_append_printf (sql, ", julianday (%s) - 2440587.5", date_q);
      *times = g_array_new (FALSE, FALSE, sizeof (double));
    }
  else
    g_string_append (sql, ", NULL");
}

/* The lines read as a customer × product matrix, weighed as @weighing
 * asks; the decay is @reading's, whose lines they are. */
static SegInteractions *
build_matrix (Work                       *work,
              SegRecommenderModelPrivate *reading,
              SegRecommenderModelPrivate *weighing)
{
  SegInteractionOptions options = { 0 };

  options.weighting = seg_recommender_weighting (weighing->feedback, weighing->weighting);
  options.alpha = weighing->alpha;
  options.half_life = work->times != NULL ? reading->half_life : 0.0;
  options.now = work->now;

  return seg_interactions_build ((const int32_t *) work->users->data, (const int32_t *) work->items->data,
                                 work->amounts != NULL ? (const double *) work->amounts->data : NULL,
                                 work->times != NULL ? (const double *) work->times->data : NULL,
                                 work->users->len, work->user_keys->len, work->item_keys->len, &options);
}

static gboolean
recommender_load (SegModel       *model,
                  SegRunContext  *context,
                  GError        **error)
{
  SegRecommenderModel *self = SEG_RECOMMENDER_MODEL (model);
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegTableInfo *info = seg_run_context_get_table (context);
  SegProject *writer = seg_run_context_get_writer (context);
  JsonObject *input = seg_run_context_get_input (context);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autofree char *table_q = seg_quote_identifier (info->name);
  g_autofree char *user_q = seg_quote_identifier (priv->user);
  g_autofree char *item_q = seg_quote_identifier (priv->item);
  gboolean has_value = has_text (priv->value), has_date = has_text (priv->date);
  gboolean explicit_feedback = priv->feedback == SEG_FEEDBACK_EXPLICIT;
  GError *local_error = NULL;
  double latest = -INFINITY, earliest = INFINITY;
  gint64 read = 0, skipped = 0;
  Work *work = work_new ();
  int rc;

  seg_run_context_set_work (context, work, (GDestroyNotify) work_free);
  work->user_type = column_type (info, priv->user);
  work->item_type = column_type (info, priv->item);

  if (explicit_feedback && !has_value)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--value: explicit feedback needs the column of ratings"));
      return FALSE;
    }
  if (priv->half_life > 0 && !has_date)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--half-life: the time decay needs the date column (--date)"));
      return FALSE;
    }

  segment = seg_project_find_input_segment (writer, priv->segment, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  seg_recommender_line_columns (sql, user_q, item_q, has_value ? priv->value : NULL,
                                has_date ? priv->date : NULL, &work->amounts, &work->times);
  g_string_append_printf (sql, " FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL", table_q, user_q, item_q);
  /* On a saved segment, only its customers' lines are read, their keys
   * compared as the segment keeps them, as text. */
  if (segment != NULL)
    {
      g_string_append_printf (sql, " AND CAST (%s AS TEXT) IN (SELECT key FROM seg_segment_members WHERE segment_id = ?1)",
                              user_q);
      json_object_set_string_member (input, "segment", seg_segment_get_name (segment));
      json_object_set_int_member (input, "segment_id", seg_segment_get_id (segment));
    }
  g_string_append (sql, " ORDER BY rowid");

  if (!seg_project_prepare (writer, sql->str, &stmt, error))
    return FALSE;
  if (segment != NULL)
    sqlite3_bind_int64 (stmt, 1, seg_segment_get_id (segment));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int32_t u, i;
      double amount = 1.0, time = NAN;

      if (has_value)
        {
          int type = sqlite3_column_type (stmt, 2);

          if (type == SQLITE_NULL)
            {
              /* A line without a quantity is one purchase; a line without
               * a rating says nothing. */
              if (explicit_feedback)
                {
                  skipped++;
                  continue;
                }
            }
          else if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--value: the column “%s” of “%s” holds “%s”, which is not a number"),
                           priv->value, info->name, (const char *) sqlite3_column_text (stmt, 2));
              return FALSE;
            }
          else
            amount = sqlite3_column_double (stmt, 2);
        }
      if (has_date && sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          time = sqlite3_column_double (stmt, 3);
          latest = MAX (latest, time);
          earliest = MIN (earliest, time);
        }

      u = index_of (work->user_index, work->user_keys, (const char *) sqlite3_column_text (stmt, 0));
      i = index_of (work->item_index, work->item_keys, (const char *) sqlite3_column_text (stmt, 1));
      g_array_append_val (work->users, u);
      g_array_append_val (work->items, i);
      if (has_value)
        g_array_append_val (work->amounts, amount);
      if (has_date)
        g_array_append_val (work->times, time);
      if ((++read & 0xffff) == 0)
        {
          if (seg_run_context_check_cancelled (context, error))
            return FALSE;
          seg_run_context_report (context, 0.8 * read / MAX (info->rows, 1), NULL);
        }
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The lines added later are those above the largest rowid now: rowids
   * need not be dense, so the row count would not tell them. */
  {
    g_autofree char *max_sql = g_strdup_printf ("SELECT coalesce (max (rowid), 0) FROM %s", table_q);

    if (!seg_project_prepare (writer, max_sql, &stmt, error))
      return FALSE;
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      return seg_project_set_sqlite_error (writer, rc, error);
    json_object_set_int_member (input, "max-rowid", sqlite3_column_int64 (stmt, 0));
  }

  if (work->users->len == 0 && segment != NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment: no line of “%s” names a customer of “%s” in its column “%s”"),
                   info->name, seg_segment_get_name (segment), priv->user);
      return FALSE;
    }
  if (work->users->len == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--user, --item: the table “%s” has no line with both a customer in “%s” and a product in “%s”"),
                   info->name, priv->user, priv->item);
      return FALSE;
    }
  if (work->user_keys->len < 2)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--user: the column “%s” of “%s” names a single customer; recommendations need at least two"),
                   priv->user, info->name);
      return FALSE;
    }
  if (work->item_keys->len < 2)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--item: the column “%s” of “%s” names a single product; recommendations need at least two"),
                   priv->item, info->name);
      return FALSE;
    }

  /* A line without a date counts as the oldest: it neither wins the
   * decay nor lands in a last-n test set before a dated line. */
  if (has_date)
    {
      if (!isfinite (latest))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--date: the column “%s” of “%s” holds no date"), priv->date, info->name);
          return FALSE;
        }
      for (guint e = 0; e < work->times->len; e++)
        if (isnan (g_array_index (work->times, double, e)))
          g_array_index (work->times, double, e) = earliest;
    }

  seg_run_context_report (context, 0.85, NULL);
  work->now = has_date ? latest : 0.0;
  work->matrix = build_matrix (work, priv, priv);
  if (work->matrix == NULL)
    return seg_recommender_kernel_failed (-2, error) != NULL;
  if (work->matrix->nnz == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--value: once returns are netted, no customer of “%s” has bought anything in “%s”"),
                   info->name, priv->value);
      return FALSE;
    }
  if (skipped > 0)
    json_object_set_int_member (input, "lines_without_value", skipped);

  /* Names default to the keys; a products table may give better ones. */
  work->item_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < work->item_keys->len; i++)
    g_ptr_array_add (work->item_names, g_strdup (g_ptr_array_index (work->item_keys, i)));
  g_ptr_array_add (work->item_names, NULL);
  if (!load_items (self, context, work, error))
    return FALSE;
  if (priv->segment_run > 0 && !load_groups (self, context, work, error))
    return FALSE;

  work->data.train = work->matrix;
  work->data.seed = priv->seed;
  work->data.feedback = priv->feedback;
  work->data.groups = work->groups;
  work->data.n_groups = work->n_groups;
  work->data.group_names = work->group_names != NULL ? (const char *const *) work->group_names->pdata : NULL;
  work->data.item_texts = work->item_texts != NULL ? (const char *const *) work->item_texts->pdata : NULL;
  work->data.item_names = (const char *const *) work->item_names->pdata;

  return TRUE;
}

/* Fitting ----------------------------------------------------------------- */

/* Progress of one stretch of a phase, passed on to the run's monitor. */
typedef struct
{
  const SegMonitor *parent;
  double            from;
  double            to;
  SegMonitor        monitor;
} SubMonitor;

static int
sub_progress (double  fraction,
              void   *data)
{
  SubMonitor *sub = data;

  /* A progress function goes on when it returns non-zero; the monitor
   * says to stop that way. */
  return !seg_monitor_report (sub->parent, sub->from + (sub->to - sub->from) * fraction);
}

static const SegMonitor *
sub_monitor_init (SubMonitor       *sub,
                  const SegMonitor *parent,
                  double            from,
                  double            to)
{
  sub->parent = parent;
  sub->from = from;
  sub->to = to;
  sub->monitor.progress = sub_progress;
  sub->monitor.progress_data = sub;
  sub->monitor.cancel = parent->cancel;

  return &sub->monitor;
}

static gboolean
fit_top (SegRecommenderModel  *self,
         SegRunContext        *context,
         Work                 *work,
         GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegRecommenderModelClass *klass = SEG_RECOMMENDER_MODEL_GET_CLASS (self);
  SegMonitor monitor = seg_run_context_get_monitor (context);
  size_t n_users = work->matrix->n_users;
  SubMonitor sub;
  int rc;

  seg_run_context_report (context, 0.0, _("Learning what customers buy"));
  work->data.monitor = sub_monitor_init (&sub, &monitor, 0.0, 0.7);
  work->fitted = klass->fit_scorer (self, &work->data, &work->scorer, &work->free_fitted, error);
  if (work->fitted == NULL)
    return FALSE;

  seg_run_context_report (context, 0.7, _("Choosing each customer’s offers"));
  work->top = (size_t) priv->top;
  work->rec_items = g_new (int32_t, n_users * work->top);
  work->rec_scores = g_new (double, n_users * work->top);
  rc = seg_recommend_top (&work->scorer, work->matrix, priv->keep_bought, work->top,
                          work->rec_items, work->rec_scores, sub_monitor_init (&sub, &monitor, 0.7, 1.0));

  return rc == 0 || seg_recommender_kernel_failed (rc, error) != NULL;
}

static gboolean evaluate (SegRecommenderModel  *self,
                          SegRunContext        *context,
                          Work                 *work,
                          GError              **error);

static gboolean
recommender_fit (SegModel       *model,
                 SegRunContext  *context,
                 GError        **error)
{
  SegRecommenderModel *self = SEG_RECOMMENDER_MODEL (model);
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  Work *work = seg_run_context_get_work (context);

  if (priv->evaluating)
    return evaluate (self, context, work, error);

  return fit_top (self, context, work, error);
}

static gboolean
recommender_measure (SegModel       *model,
                     SegRunContext  *context,
                     GError        **error)
{
  SegRecommenderModel *self = SEG_RECOMMENDER_MODEL (model);
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  Work *work = seg_run_context_get_work (context);
  JsonObject *metrics = seg_run_context_get_metrics (context);
  size_t n_users = work->matrix->n_users, n_items = work->matrix->n_items;

  json_object_set_int_member (metrics, "customers", (gint64) n_users);
  json_object_set_int_member (metrics, "products", (gint64) n_items);
  json_object_set_int_member (metrics, "purchases", (gint64) work->users->len);
  json_object_set_int_member (metrics, "pairs", (gint64) work->matrix->nnz);

  if (priv->evaluating)
    {
      GList *members = json_object_get_members (work->evaluation);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (metrics, l->data, json_object_dup_member (work->evaluation, l->data));
      g_list_free (members);
    }
  else
    {
      g_autofree guint8 *offered = g_new0 (guint8, MAX (n_items, 1));
      gint64 recommendations = 0, distinct = 0;

      for (size_t r = 0; r < n_users * work->top; r++)
        if (work->rec_items[r] >= 0)
          {
            recommendations++;
            if (!offered[work->rec_items[r]])
              {
                offered[work->rec_items[r]] = 1;
                distinct++;
              }
          }
      json_object_set_int_member (metrics, "recommendations", recommendations);
      /* How much of the range gets offered at all: a best-seller list
       * offers few products, which is what better recommenders improve. */
      json_object_set_double_member (metrics, "catalog_coverage", n_items > 0 ? (double) distinct / n_items : 0.0);
    }

  return TRUE;
}

/* Reasons ----------------------------------------------------------------- */

/**
 * seg_recommender_reason:
 *
 * The sentence that says why @item is offered to @user: the subclass's
 * own, or the customer's purchases that speak most for it in the model.
 *
 * Returns: (transfer full): a translated sentence
 */
char *
seg_recommender_reason (SegRecommenderModel      *self,
                        gconstpointer             fitted,
                        const SegScorer          *scorer,
                        const SegRecommenderData *data,
                        size_t                    user,
                        size_t                    item)
{
  SegRecommenderModelClass *klass = SEG_RECOMMENDER_MODEL_GET_CLASS (self);
  int32_t because[2];
  size_t found;

  if (klass->explain != NULL)
    {
      char *reason = klass->explain (self, fitted, data, user, item);

      if (reason != NULL)
        return reason;
    }

  found = seg_recommend_because (scorer, data->train, user, item, G_N_ELEMENTS (because), because);
  if (found == 2)
    /* Translators: the reason for an offer, with two of the customer's purchases. */
    return g_strdup_printf (_("Because you bought %s and %s"),
                            data->item_names[because[0]], data->item_names[because[1]]);
  if (found == 1)
    /* Translators: the reason for an offer, with one of the customer's purchases. */
    return g_strdup_printf (_("Because you bought %s"), data->item_names[because[0]]);

  return g_strdup (_("Bought by customers who buy what you buy"));
}

/* Writing ----------------------------------------------------------------- */

/* Binds a key as the result table's column of @type keeps it. */
void
seg_recommender_bind_key (sqlite3_stmt  *stmt,
                          int            column,
                          SegColumnType  type,
                          const char    *key)
{
  if (type == SEG_COLUMN_INTEGER)
    sqlite3_bind_int64 (stmt, column, g_ascii_strtoll (key, NULL, 10));
  else
    sqlite3_bind_text (stmt, column, key, -1, SQLITE_STATIC);
}

static SegColumnType
key_type (SegColumnType type)
{
  return type == SEG_COLUMN_INTEGER ? SEG_COLUMN_INTEGER : SEG_COLUMN_TEXT;
}

static gboolean
write_offers (SegRecommenderModel  *self,
              SegRunContext        *context,
              Work                 *work,
              GError              **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(SegTableWriter) writer = NULL;
  size_t n_users = work->matrix->n_users, top = work->top;
  sqlite3_stmt *stmt;

  g_ptr_array_add (columns, seg_column_info_new ("customer", key_type (work->user_type)));
  g_ptr_array_add (columns, seg_column_info_new ("rank", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, seg_column_info_new ("item", key_type (work->item_type)));
  g_ptr_array_add (columns, seg_column_info_new ("item_name", SEG_COLUMN_TEXT));
  g_ptr_array_add (columns, seg_column_info_new ("score", SEG_COLUMN_REAL));
  g_ptr_array_add (columns, seg_column_info_new ("reason", SEG_COLUMN_TEXT));

  writer = seg_run_context_create_table (context, NULL, "recommendations", columns,
                                         (gint64) (n_users * top), error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (size_t u = 0; u < n_users; u++)
    for (size_t r = 0; r < top && work->rec_items[u * top + r] >= 0; r++)
      {
        int32_t item = work->rec_items[u * top + r];
        g_autofree char *reason = seg_recommender_reason (self, work->fitted, &work->scorer, &work->data, u, (size_t) item);

        seg_recommender_bind_key (stmt, 1, work->user_type, g_ptr_array_index (work->user_keys, u));
        sqlite3_bind_int64 (stmt, 2, (gint64) r + 1);
        seg_recommender_bind_key (stmt, 3, work->item_type, g_ptr_array_index (work->item_keys, item));
        if (work->have_names)
          sqlite3_bind_text (stmt, 4, g_ptr_array_index (work->item_names, item), -1, SQLITE_STATIC);
        sqlite3_bind_double (stmt, 5, work->rec_scores[u * top + r]);
        sqlite3_bind_text (stmt, 6, reason, -1, SQLITE_STATIC);
        if (!seg_table_writer_step (writer, error))
          return FALSE;
      }

  /* For the Recommendations page: a customer's offers, and the best. */
  return seg_table_writer_add_index (writer, "customer", "customer, rank", error) &&
         seg_table_writer_add_index (writer, "score", "score", error) &&
         seg_table_writer_finish (writer, error);
}

static gboolean
write_evaluation (SegRecommenderModel  *self,
                  SegRunContext        *context,
                  Work                 *work,
                  GError              **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(SegTableWriter) writer = NULL;
  sqlite3_stmt *stmt;

  g_ptr_array_add (columns, seg_column_info_new ("model", SEG_COLUMN_TEXT));
  g_ptr_array_add (columns, seg_column_info_new ("fold", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, seg_column_info_new ("customers", SEG_COLUMN_INTEGER));
  for (guint m = 0; m < G_N_ELEMENTS (measure_names); m++)
    g_ptr_array_add (columns, seg_column_info_new (measure_names[m], SEG_COLUMN_REAL));

  writer = seg_run_context_create_table (context, NULL, "evaluation", columns,
                                         (gint64) work->fold_rows->len, error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (guint r = 0; r < work->fold_rows->len; r++)
    {
      FoldRow *row = g_ptr_array_index (work->fold_rows, r);

      sqlite3_bind_text (stmt, 1, row->model, -1, SQLITE_STATIC);
      if (row->fold > 0)
        sqlite3_bind_int (stmt, 2, row->fold);
      sqlite3_bind_int64 (stmt, 3, row->customers);
      for (guint m = 0; m < G_N_ELEMENTS (measure_names); m++)
        if (isfinite (row->measures[m]))
          sqlite3_bind_double (stmt, 4 + m, row->measures[m]);
      if (!seg_table_writer_step (writer, error))
        return FALSE;
    }

  return seg_table_writer_finish (writer, error);
}

/* The keys of @keys one after another, each ended by a NUL byte: the
 * layout of the kept "customers" and "products". */
GBytes *
seg_recommender_key_list (GPtrArray *keys)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = g_ptr_array_index (keys, k);

      g_byte_array_append (bytes, (const guint8 *) key, (guint) strlen (key) + 1);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* Keeps what a refresh needs of the run's fit; see the family's header. */
static gboolean
write_state (SegRecommenderModel  *self,
             SegRunContext        *context,
             Work                 *work,
             GError              **error)
{
  SegRecommenderModelClass *klass = SEG_RECOMMENDER_MODEL_GET_CLASS (self);
  g_autoptr(GBytes) model = NULL;
  g_autoptr(GBytes) customers = NULL;
  g_autoptr(GBytes) products = NULL;

  if (klass->save_state == NULL)
    return TRUE;

  model = klass->save_state (self, work->fitted);
  customers = seg_recommender_key_list (work->user_keys);
  products = seg_recommender_key_list (work->item_keys);

  return seg_run_context_save_state (context, "model", model, error) &&
         seg_run_context_save_state (context, "customers", customers, error) &&
         seg_run_context_save_state (context, "products", products, error);
}

/**
 * seg_recommender_read_state:
 * @run_id: a recommendation run
 * @name: "model", "customers" or "products"
 *
 * Reads back what a recommendation run kept of its fit (see "Bringing a
 * run up to date" in the family's header).
 *
 * Returns: (transfer full): the bytes, or NULL with @error set when the
 *   run kept no such state
 */
GBytes *
seg_recommender_read_state (SegProject  *project,
                            gint64       run_id,
                            const char  *name,
                            GError     **error)
{
  GError *local_error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  bytes = seg_project_read_run_state (project, run_id, name, &local_error);
  if (bytes != NULL)
    return bytes;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
               _("Run %" PRId64 " kept no state of its model to bring it up to date; run it again with rerun %" PRId64),
               run_id, run_id);
  return NULL;
}

static gboolean
recommender_write (SegModel       *model,
                   SegRunContext  *context,
                   GError        **error)
{
  SegRecommenderModel *self = SEG_RECOMMENDER_MODEL (model);
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  Work *work = seg_run_context_get_work (context);

  if (priv->evaluating)
    return write_evaluation (self, context, work, error);

  return write_offers (self, context, work, error) &&
         write_state (self, context, work, error);
}

/* Evaluation -------------------------------------------------------------- */

/**
 * seg_recommender_evaluation_init:
 *
 * Sets the defaults: the protocol chosen from the data, 5 folds, k = 10,
 * a fifth held out, the last product of each customer.
 */
void
seg_recommender_evaluation_init (SegRecommenderEvaluation *evaluation)
{
  memset (evaluation, 0, sizeof (*evaluation));
  evaluation->protocol = SEG_PROTOCOL_AUTO;
  evaluation->folds = 5;
  evaluation->k = 10;
  evaluation->test_share = 0.2;
  evaluation->last_n = 1;
}

/**
 * seg_recommender_model_set_evaluation:
 * @evaluation: (nullable): how to evaluate, or %NULL for an ordinary run
 *
 * Makes the model's next runs evaluations: instead of the offers, they
 * measure the model against the popularity baseline on held-out
 * purchases, put the figures in the run record, and write a small table
 * of the measures per fold. The models a comparison added are dropped.
 */
void
seg_recommender_model_set_evaluation (SegRecommenderModel            *self,
                                      const SegRecommenderEvaluation *evaluation)
{
  SegRecommenderModelPrivate *priv;

  g_return_if_fail (SEG_IS_RECOMMENDER_MODEL (self));

  priv = seg_recommender_model_get_instance_private (self);
  g_clear_pointer (&priv->test_table, g_free);
  g_clear_pointer (&priv->rivals, g_ptr_array_unref);
  priv->evaluating = evaluation != NULL;
  if (evaluation == NULL)
    return;
  priv->evaluation = *evaluation;
  priv->test_table = g_strdup (evaluation->test_table);
  priv->evaluation.test_table = priv->test_table;
}

gboolean
seg_recommender_model_is_evaluation (SegRecommenderModel *self)
{
  SegRecommenderModelPrivate *priv;

  g_return_val_if_fail (SEG_IS_RECOMMENDER_MODEL (self), FALSE);

  priv = seg_recommender_model_get_instance_private (self);
  return priv->evaluating;
}

gboolean
seg_recommender_model_has_predict (SegRecommenderModel *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMENDER_MODEL (self), FALSE);

  return SEG_RECOMMENDER_MODEL_GET_CLASS (self)->predict != NULL;
}

/* The entries of @full whose @mask equals @want, as a matrix of the same
 * customers and products. */
static SegInteractions *
split_matrix (const SegInteractions *full,
              const guint8          *mask,
              guint8                 want)
{
  int64_t *row_ptr = g_new0 (int64_t, full->n_users + 1);
  int32_t *row_items;
  double *row_values;
  size_t kept = 0, next = 0;

  for (size_t p = 0; p < full->nnz; p++)
    kept += mask[p] == want;
  row_items = g_new (int32_t, MAX (kept, 1));
  row_values = g_new (double, MAX (kept, 1));
  for (size_t u = 0; u < full->n_users; u++)
    {
      for (int64_t p = full->row_ptr[u]; p < full->row_ptr[u + 1]; p++)
        if (mask[p] == want)
          {
            row_items[next] = full->row_items[p];
            row_values[next] = full->row_values[p];
            next++;
          }
      row_ptr[u + 1] = (int64_t) next;
    }

  return seg_interactions_new_from_csr (full->n_users, full->n_items, row_ptr, row_items, row_values);
}

/* The latest date of each pair of @full, from the lines. */
static double *
pair_times (Work *work)
{
  const SegInteractions *full = work->matrix;
  double *times = g_new (double, MAX (full->nnz, 1));

  for (size_t p = 0; p < full->nnz; p++)
    times[p] = -INFINITY;
  for (guint e = 0; e < work->users->len; e++)
    {
      int32_t u = g_array_index (work->users, int32_t, e);
      int32_t i = g_array_index (work->items, int32_t, e);
      int64_t lo = full->row_ptr[u], hi = full->row_ptr[u + 1];

      /* Each row is ascending: a binary search finds the pair, if the
       * netting kept it. */
      while (lo < hi)
        {
          int64_t mid = lo + (hi - lo) / 2;

          if (full->row_items[mid] < i)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo < full->row_ptr[u + 1] && full->row_items[lo] == i)
        times[lo] = MAX (times[lo], g_array_index (work->times, double, e));
    }

  return times;
}

/* The pairs of the test table, as a matrix of the training customers and
 * products; pairs of others are counted and passed over. */
static SegInteractions *
read_test_table (SegRecommenderModel  *self,
                 SegRunContext        *context,
                 Work                 *work,
                 gint64               *unknown,
                 GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegProject *writer = seg_run_context_get_writer (context);
  const char *name = priv->evaluation.test_table;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *user_q = NULL;
  g_autofree char *item_q = NULL;
  SegInteractionOptions options = { SEG_WEIGHT_BINARY, 0, 0, 0 };
  SegInteractions *test;
  SegColumnInfo *column;
  int rc;

  if (!has_text (name))
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--test-table: the test-table protocol needs the table to test on"));
      return NULL;
    }
  info = seg_project_get_table (writer, name, NULL);
  if (info == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--test-table: the project has no table “%s”"), name);
      return NULL;
    }
  if ((column = seg_table_find_column (info, "--test-table", priv->user, error)) == NULL)
    return NULL;
  user_q = seg_quote_identifier (column->name);
  if ((column = seg_table_find_column (info, "--test-table", priv->item, error)) == NULL)
    return NULL;
  item_q = seg_quote_identifier (column->name);
  table_q = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT CAST (%s AS TEXT), CAST (%s AS TEXT) FROM %s"
                         " WHERE %s IS NOT NULL AND %s IS NOT NULL ORDER BY rowid",
                         user_q, item_q, table_q, user_q, item_q);
  if (!seg_project_prepare (writer, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int32_t u = lookup_index (work->user_index, (const char *) sqlite3_column_text (stmt, 0));
      int32_t i = lookup_index (work->item_index, (const char *) sqlite3_column_text (stmt, 1));

      if (u < 0 || i < 0)
        {
          (*unknown)++;
          continue;
        }
      g_array_append_val (users, u);
      g_array_append_val (items, i);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (writer, rc, error);
      return NULL;
    }
  if (users->len == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--test-table: no line of “%s” names both a customer and a product of “%s”"),
                   name, priv->table);
      return NULL;
    }

  test = seg_interactions_build ((const int32_t *) users->data, (const int32_t *) items->data, NULL, NULL,
                                 users->len, work->matrix->n_users, work->matrix->n_items, &options);
  if (test == NULL)
    seg_recommender_kernel_failed (-2, error);
  return test;
}

/* One model's measures on one split. */
static gboolean
measure_split (SegRecommenderModel       *self,
               gboolean                   baseline,
               Work                      *work,
               const SegInteractions     *train,
               const SegInteractions     *test,
               gboolean                   ratings,
               size_t                     k,
               const SegMonitor          *monitor,
               FoldRow                   *row,
               GError                   **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegRecommenderModelClass *klass = SEG_RECOMMENDER_MODEL_GET_CLASS (self);
  SegRecommenderData data = work->data;
  GDestroyNotify free_fitted = NULL;
  gpointer fitted = NULL;
  SegScorer scorer = { 0 };
  int rc = 0;

  for (guint m = 0; m < G_N_ELEMENTS (row->measures); m++)
    row->measures[m] = NAN;
  data.train = train;
  data.monitor = monitor;

  if (ratings)
    {
      g_autofree double *predicted = g_new (double, MAX (test->nnz, 1));
      g_autofree double *item_mean = NULL;
      double global = 0;
      size_t n = 0;

      if (baseline)
        {
          /* The ratings' counterpart of the best sellers: each product's
           * mean rating, the overall mean for a product not rated yet. */
          item_mean = g_new (double, MAX (train->n_items, 1));
          for (size_t p = 0; p < train->nnz; p++)
            global += train->row_values[p];
          global /= MAX (train->nnz, 1);
          for (size_t i = 0; i < train->n_items; i++)
            {
              double sum = 0;
              int64_t count = train->col_ptr[i + 1] - train->col_ptr[i];

              for (int64_t p = train->col_ptr[i]; p < train->col_ptr[i + 1]; p++)
                sum += train->col_values[p];
              item_mean[i] = count > 0 ? sum / count : global;
            }
        }
      else
        {
          fitted = klass->fit_scorer (self, &data, &scorer, &free_fitted, error);
          if (fitted == NULL)
            return FALSE;
        }
      for (size_t u = 0; u < test->n_users; u++)
        for (int64_t p = test->row_ptr[u]; p < test->row_ptr[u + 1]; p++)
          predicted[n++] = baseline ? item_mean[test->row_items[p]]
                                    : klass->predict (fitted, u, (size_t) test->row_items[p]);
      seg_rating_errors (predicted, test->row_values, test->nnz, &row->measures[6], &row->measures[7]);
      row->customers = 0;
      for (size_t u = 0; u < test->n_users; u++)
        row->customers += test->row_ptr[u + 1] > test->row_ptr[u];
    }
  else
    {
      g_autofree int32_t *rec_items = g_new (int32_t, test->n_users * k);
      g_autofree double *rec_scores = g_new (double, test->n_users * k);
      SegRankMetrics metrics;
      SubMonitor sub;

      if (baseline)
        {
          fitted = seg_popularity_fit (train, NULL, 0, monitor, &rc);
          if (fitted == NULL)
            return seg_recommender_kernel_failed (rc, error) != NULL;
          seg_popularity_scorer (fitted, &scorer);
          free_fitted = (GDestroyNotify) seg_popularity_free;
        }
      else
        {
          data.monitor = sub_monitor_init (&sub, monitor, 0.0, 0.8);
          fitted = klass->fit_scorer (self, &data, &scorer, &free_fitted, error);
          if (fitted == NULL)
            return FALSE;
        }
      rc = seg_recommend_top (&scorer, train, priv->keep_bought, k, rec_items, rec_scores, NULL);
      if (rc == 0)
        {
          seg_rank_metrics (rec_items, k, test, k, &metrics);
          row->measures[0] = metrics.precision;
          row->measures[1] = metrics.recall;
          row->measures[2] = metrics.ndcg;
          row->measures[3] = metrics.map;
          row->measures[4] = metrics.hit_rate;
          row->measures[5] = metrics.coverage;
          row->customers = (gint64) metrics.users;
        }
    }

  if (fitted != NULL && free_fitted != NULL)
    free_fitted (fitted);
  if (rc != 0)
    return seg_recommender_kernel_failed (rc, error) != NULL;

  return TRUE;
}

static JsonObject *
row_to_json (const FoldRow *row,
             gboolean       ratings)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "customers", row->customers);
  for (guint m = ratings ? 6 : 0; m < (ratings ? 8 : 6); m++)
    json_object_set_double_member (object, measure_names[m], row->measures[m]);

  return object;
}

static FoldRow *
mean_row (GPtrArray  *rows,
          const char *model)
{
  FoldRow *mean = g_new0 (FoldRow, 1);
  guint n = 0;

  mean->model = model;
  for (guint r = 0; r < rows->len; r++)
    {
      FoldRow *row = g_ptr_array_index (rows, r);

      if (g_strcmp0 (row->model, model) != 0 || row->fold == 0)
        continue;
      n++;
      mean->customers += row->customers;
      for (guint m = 0; m < G_N_ELEMENTS (mean->measures); m++)
        mean->measures[m] += row->measures[m];
    }
  for (guint m = 0; m < G_N_ELEMENTS (mean->measures); m++)
    mean->measures[m] /= MAX (n, 1);
  mean->customers /= MAX (n, 1);

  return mean;
}

/* One model of an evaluation: the run's own, or one it is compared with. */
typedef struct
{
  SegRecommenderModel *model;
  const char          *id;
  SegInteractions     *own;    /* nullable: its matrix when it weighs purchases otherwise */
  JsonArray           *folds;
  FoldRow             *mean;
} Contender;

static void
contender_free (Contender *contender)
{
  g_clear_pointer (&contender->own, seg_interactions_free);
  g_clear_pointer (&contender->folds, json_array_unref);
  g_free (contender);
}

/* The run's model first, then those it is compared with, each with the
 * matrix it is fitted on: the lines are read once, and only a model that
 * weighs them otherwise (ALS's confidences) gets its own weights of the
 * same pairs, so that one split serves every model. */
static GPtrArray *
contenders_new (SegRecommenderModel  *self,
                Work                 *work,
                gboolean              ratings,
                GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  g_autoptr(GPtrArray) contenders = g_ptr_array_new_with_free_func ((GDestroyNotify) contender_free);
  guint n_rivals = priv->rivals != NULL ? priv->rivals->len : 0;

  for (guint c = 0; c <= n_rivals; c++)
    {
      SegRecommenderModel *model = c == 0 ? self : g_ptr_array_index (priv->rivals, c - 1);
      SegRecommenderModelPrivate *theirs = seg_recommender_model_get_instance_private (model);
      Contender *contender = g_new0 (Contender, 1);

      contender->model = model;
      contender->id = seg_model_get_id (SEG_MODEL (model));
      contender->folds = json_array_new ();
      g_ptr_array_add (contenders, contender);
      if (ratings && !seg_recommender_model_has_predict (model))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--algorithm: %s does not predict ratings; evaluate it with --feedback implicit"),
                       contender->id);
          return NULL;
        }
      if (seg_recommender_weighting (theirs->feedback, theirs->weighting) == seg_recommender_weighting (priv->feedback, priv->weighting) &&
          (seg_recommender_weighting (priv->feedback, priv->weighting) != SEG_WEIGHT_CONFIDENCE || theirs->alpha == priv->alpha))
        continue;
      contender->own = build_matrix (work, priv, theirs);
      if (contender->own == NULL)
        return seg_recommender_kernel_failed (-2, error);
      /* Netting works on the quantities before weighing: the pairs agree. */
      if (contender->own->nnz != work->matrix->nnz)
        return seg_recommender_kernel_failed (-3, error);
    }

  return g_steal_pointer (&contenders);
}

static JsonObject *
contender_to_json (Contender *contender,
                   gboolean   ratings)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "algorithm", contender->id);
  json_object_set_array_member (object, "folds", json_array_ref (contender->folds));
  json_object_set_object_member (object, "mean", row_to_json (contender->mean, ratings));

  return object;
}

/* Best first by the main measure: NDCG for offers, RMSE for ratings; a
 * model without a figure last, ties in the order given. */
static int
compare_contenders (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  guint m = GPOINTER_TO_UINT (user_data);
  const Contender *x = *(const Contender *const *) a;
  const Contender *y = *(const Contender *const *) b;
  double u = x->mean->measures[m], v = y->mean->measures[m];
  gboolean lower = m == 6;

  if (!isfinite (u) || !isfinite (v))
    return isfinite (u) ? -1 : isfinite (v) ? 1 : 0;
  if (u == v)
    return 0;
  return (lower ? u < v : u > v) ? -1 : 1;
}

static gboolean
evaluate (SegRecommenderModel  *self,
          SegRunContext        *context,
          Work                 *work,
          GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegRecommenderEvaluation *evaluation = &priv->evaluation;
  SegMonitor monitor = seg_run_context_get_monitor (context);
  const SegInteractions *full = work->matrix;
  gboolean ratings = priv->feedback == SEG_FEEDBACK_EXPLICIT;
  SegRecommenderProtocol protocol = evaluation->protocol;
  g_autofree guint8 *mask = NULL;
  g_autofree int32_t *fold = NULL;
  g_autoptr(SegInteractions) given_test = NULL;
  g_autoptr(GPtrArray) contenders = NULL;
  g_autoptr(GPtrArray) ranking = NULL;
  JsonObject *input = seg_run_context_get_input (context);
  JsonObject *eval_input = json_object_new ();
  g_autoptr(JsonArray) baseline_folds = json_array_new ();
  g_autoptr(JsonObject) baseline_json = json_object_new ();
  FoldRow *model_mean, *baseline_mean;
  Contender *own;
  size_t k = (size_t) evaluation->k;
  guint main_measure = ratings ? 6 : 2;
  gint64 unknown = 0;
  int n_folds = 1;

  work->evaluation = json_object_new ();
  work->fold_rows = g_ptr_array_new_with_free_func (g_free);
  json_object_set_object_member (input, "evaluation", eval_input);

  if (protocol == SEG_PROTOCOL_AUTO)
    protocol = ratings ? SEG_PROTOCOL_KFOLD : work->times != NULL ? SEG_PROTOCOL_LAST_N : SEG_PROTOCOL_HOLDOUT;
  if (ratings && protocol != SEG_PROTOCOL_KFOLD)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--protocol: ratings are measured by k-fold (RMSE, MAE); "
                     "for offers, evaluate with --feedback implicit"));
      return FALSE;
    }
  contenders = contenders_new (self, work, ratings, error);
  if (contenders == NULL)
    return FALSE;
  own = g_ptr_array_index (contenders, 0);
  if (protocol == SEG_PROTOCOL_LAST_N && work->times == NULL)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--protocol: last-n needs the date column (--date)"));
      return FALSE;
    }

  json_object_set_string_member (eval_input, "protocol", seg_enum_to_nick (SEG_TYPE_RECOMMENDER_PROTOCOL, protocol));
  if (!ratings)
    json_object_set_int_member (eval_input, "k", (gint64) k);
  switch (protocol)
    {
    case SEG_PROTOCOL_KFOLD:
      n_folds = evaluation->folds;
      fold = g_new (int32_t, MAX (full->nnz, 1));
      seg_split_kfold (full->nnz, (size_t) n_folds, priv->seed, fold);
      mask = g_new (guint8, MAX (full->nnz, 1));
      json_object_set_int_member (eval_input, "folds", n_folds);
      break;
    case SEG_PROTOCOL_HOLDOUT:
      mask = g_new (guint8, MAX (full->nnz, 1));
      seg_split_random (full->nnz, evaluation->test_share, priv->seed, mask);
      json_object_set_double_member (eval_input, "test_share", evaluation->test_share);
      break;
    case SEG_PROTOCOL_LAST_N:
      {
        g_autofree double *times = pair_times (work);
        g_autofree int32_t *pair_users = g_new (int32_t, MAX (full->nnz, 1));

        for (size_t u = 0; u < full->n_users; u++)
          for (int64_t p = full->row_ptr[u]; p < full->row_ptr[u + 1]; p++)
            pair_users[p] = (int32_t) u;
        mask = g_new (guint8, MAX (full->nnz, 1));
        if (seg_split_last_n (pair_users, times, full->nnz, full->n_users, (size_t) evaluation->last_n, mask) != 0)
          return seg_recommender_kernel_failed (-2, error) != NULL;
        json_object_set_int_member (eval_input, "last_n", evaluation->last_n);
      }
      break;
    case SEG_PROTOCOL_TEST_TABLE:
      given_test = read_test_table (self, context, work, &unknown, error);
      if (given_test == NULL)
        return FALSE;
      json_object_set_string_member (eval_input, "test_table", evaluation->test_table);
      json_object_set_int_member (eval_input, "test_lines_unknown", unknown);
      break;
    default:
      g_assert_not_reached ();
    }
  /* What a repeat of the run needs to compare the same models again. */
  if (contenders->len > 1)
    {
      JsonArray *compared = json_array_new ();

      for (guint c = 1; c < contenders->len; c++)
        {
          Contender *contender = g_ptr_array_index (contenders, c);
          JsonObject *entry = json_object_new ();

          json_object_set_string_member (entry, "algorithm", contender->id);
          json_object_set_member (entry, "parameters", seg_model_params_to_json (SEG_MODEL (contender->model)));
          json_array_add_object_element (compared, entry);
        }
      json_object_set_array_member (eval_input, "compare", compared);
    }

  for (int f = 0; f < n_folds; f++)
    {
      FoldRow *base = g_new0 (FoldRow, 1);
      double from = (double) f / n_folds, to = (double) (f + 1) / n_folds;
      double step = 0.9 * (to - from) / contenders->len;
      SubMonitor sub;

      /* Translators: progress of an evaluation, fold by fold. */
      {
        g_autofree char *status = g_strdup_printf (_("Measuring on fold %d of %d"), f + 1, n_folds);

        seg_run_context_report (context, from, status);
      }
      if (fold != NULL)
        for (size_t p = 0; p < full->nnz; p++)
          mask[p] = fold[p] == f;
      for (guint c = 0; c <= contenders->len; c++)
        {
          gboolean baseline = c == contenders->len;
          Contender *contender = baseline ? own : g_ptr_array_index (contenders, c);
          const SegInteractions *weighed = contender->own != NULL ? contender->own : full;
          g_autoptr(SegInteractions) train = NULL;
          g_autoptr(SegInteractions) test = NULL;
          const SegInteractions *train_used = weighed, *test_used = given_test;
          FoldRow *row = baseline ? base : g_new0 (FoldRow, 1);
          double start = from + step * c;

          g_ptr_array_add (work->fold_rows, row);
          row->model = baseline ? "baseline" : contender->id;
          row->fold = f + 1;
          if (mask != NULL)
            {
              train = split_matrix (weighed, mask, 0);
              test = split_matrix (weighed, mask, 1);
              if (train == NULL || test == NULL)
                return seg_recommender_kernel_failed (-2, error) != NULL;
              train_used = train;
              test_used = test;
            }
          if (test_used->nnz == 0)
            {
              g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                                   _("--protocol: the split leaves nothing to test on; hold out more"));
              return FALSE;
            }
          if (!measure_split (contender->model, baseline, work, train_used, test_used, ratings, k,
                              sub_monitor_init (&sub, &monitor, start, baseline ? to : start + step), row, error))
            return FALSE;
          json_array_add_object_element (baseline ? baseline_folds : contender->folds, row_to_json (row, ratings));
          if (seg_run_context_check_cancelled (context, error))
            return FALSE;
        }
    }

  for (guint c = 0; c < contenders->len; c++)
    {
      Contender *contender = g_ptr_array_index (contenders, c);

      contender->mean = mean_row (work->fold_rows, contender->id);
      g_ptr_array_add (work->fold_rows, contender->mean);
    }
  model_mean = own->mean;
  baseline_mean = mean_row (work->fold_rows, "baseline");
  g_ptr_array_add (work->fold_rows, baseline_mean);

  json_object_set_array_member (baseline_json, "folds", g_steal_pointer (&baseline_folds));
  json_object_set_object_member (baseline_json, "mean", row_to_json (baseline_mean, ratings));
  json_object_set_string_member (work->evaluation, "protocol", seg_enum_to_nick (SEG_TYPE_RECOMMENDER_PROTOCOL, protocol));
  json_object_set_int_member (work->evaluation, "folds", n_folds);
  if (!ratings)
    json_object_set_int_member (work->evaluation, "k", (gint64) k);
  json_object_set_object_member (work->evaluation, "model", contender_to_json (own, ratings));
  json_object_remove_member (json_object_get_object_member (work->evaluation, "model"), "algorithm");
  json_object_set_object_member (work->evaluation, "baseline", g_steal_pointer (&baseline_json));
  /* A comparison lists every model, best first, and names the winner. */
  if (contenders->len > 1)
    {
      JsonArray *models = json_array_new ();

      ranking = g_ptr_array_sized_new (contenders->len);
      for (guint c = 0; c < contenders->len; c++)
        g_ptr_array_add (ranking, g_ptr_array_index (contenders, c));
      g_ptr_array_sort_with_data (ranking, compare_contenders, GUINT_TO_POINTER (main_measure));
      for (guint c = 0; c < ranking->len; c++)
        json_array_add_object_element (models, contender_to_json (g_ptr_array_index (ranking, c), ratings));
      json_object_set_array_member (work->evaluation, "models", models);
      json_object_set_string_member (work->evaluation, "main_measure", measure_names[main_measure]);
      json_object_set_string_member (work->evaluation, "winner", ((Contender *) g_ptr_array_index (ranking, 0))->id);
    }
  /* The means flat as well, for the Runs page's figures. */
  for (guint m = ratings ? 6 : 0; m < (ratings ? 8 : 6); m++)
    {
      g_autofree char *name = g_strconcat ("baseline_", measure_names[m], NULL);

      json_object_set_double_member (work->evaluation, measure_names[m], model_mean->measures[m]);
      json_object_set_double_member (work->evaluation, name, baseline_mean->measures[m]);
    }

  return TRUE;
}

/* The evaluation set on @model, as a run. */
static SegRun *
run_evaluation (SegProject           *project,
                SegRecommenderModel  *model,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(SegRun) run = seg_run_new_for_model (project, SEG_MODEL (model));

  if (!seg_run_execute (run, cancellable, error))
    return NULL;

  return g_steal_pointer (&run);
}

/**
 * seg_recommender_evaluate:
 * @model: a recommender with its inputs and parameters set
 * @evaluation: how to split and measure
 * @cancellable: (nullable): stops the evaluation; the project is then
 *   unchanged
 *
 * Measures @model against the popularity baseline on the same split, as
 * a run: the figures go in the run record's metrics (per fold, their
 * mean and the baseline's) and a table of them per fold is written.
 * Repeatable for the model's seed.
 *
 * Returns: (transfer full): the run done, or %NULL with @error set
 */
SegRun *
seg_recommender_evaluate (SegProject                     *project,
                          SegRecommenderModel            *model,
                          const SegRecommenderEvaluation *evaluation,
                          GCancellable                   *cancellable,
                          GError                        **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (SEG_IS_RECOMMENDER_MODEL (model), NULL);
  g_return_val_if_fail (evaluation != NULL, NULL);

  seg_recommender_model_set_evaluation (model, evaluation);
  return run_evaluation (project, model, cancellable, error);
}

/**
 * seg_recommender_model_restore_evaluation:
 * @input: a run record's input
 *
 * Makes the model evaluate again as the record's run did, when it was
 * an evaluation, comparing it with the same models when it was a
 * comparison; for repeating a run.
 *
 * Returns: %TRUE, or %FALSE with @error set when a model compared is
 *   not known any more
 */
gboolean
seg_recommender_model_restore_evaluation (SegRecommenderModel  *self,
                                          JsonObject           *input,
                                          GError              **error)
{
  JsonObject *recorded;
  JsonArray *compared;
  SegRecommenderEvaluation evaluation;
  g_autoptr(GPtrArray) rivals = NULL;
  int protocol;

  if (input == NULL || !json_object_has_member (input, "evaluation") ||
      (recorded = json_object_get_object_member (input, "evaluation")) == NULL)
    return TRUE;

  seg_recommender_evaluation_init (&evaluation);
  if (seg_enum_from_nick (SEG_TYPE_RECOMMENDER_PROTOCOL,
                          json_object_get_string_member_with_default (recorded, "protocol", "auto"), &protocol))
    evaluation.protocol = protocol;
  evaluation.k = (int) json_object_get_int_member_with_default (recorded, "k", evaluation.k);
  evaluation.folds = (int) json_object_get_int_member_with_default (recorded, "folds", evaluation.folds);
  evaluation.test_share = json_object_get_double_member_with_default (recorded, "test_share", evaluation.test_share);
  evaluation.last_n = (int) json_object_get_int_member_with_default (recorded, "last_n", evaluation.last_n);
  evaluation.test_table = json_object_get_string_member_with_default (recorded, "test_table", NULL);
  seg_recommender_model_set_evaluation (self, &evaluation);

  if (!json_object_has_member (recorded, "compare") ||
      (compared = json_object_get_array_member (recorded, "compare")) == NULL)
    return TRUE;
  rivals = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint c = 0; c < json_array_get_length (compared); c++)
    {
      JsonObject *entry = json_array_get_object_element (compared, c);
      const char *id = entry != NULL ? json_object_get_string_member_with_default (entry, "algorithm", "") : "";
      JsonObject *params = entry != NULL && json_object_has_member (entry, "parameters")
                           ? json_object_get_object_member (entry, "parameters") : NULL;
      SegRecommenderModel *rival = seg_recommender_model_new_like (self, id, error);

      if (rival == NULL)
        return FALSE;
      g_ptr_array_add (rivals, rival);
      if (params != NULL && !seg_model_params_from_json (SEG_MODEL (rival), params, error))
        return FALSE;
    }

  return seg_recommender_model_set_rivals (self, rivals, error);
}

/* The model's order table, once it and the model's columns are known to
 * be there. */
static SegTableInfo *
orders_table (SegRecommenderModel  *self,
              SegProject           *project,
              GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  g_autoptr(SegTableInfo) info = NULL;

  info = seg_project_get_table (project, priv->table != NULL ? priv->table : "", error);
  if (info == NULL || !seg_model_check_roles (SEG_MODEL (self), info, error))
    return NULL;

  return g_steal_pointer (&info);
}

/* Comparing recommenders ---------------------------------------------------- */

/* The family's inputs and parameters but the weighting and its alpha,
 * which each algorithm chooses for itself (ALS weighs by confidence). */
static gboolean
is_shared (GParamSpec *pspec)
{
  return pspec->owner_type == SEG_TYPE_RECOMMENDER_MODEL &&
         !g_str_equal (pspec->name, "weighting") && !g_str_equal (pspec->name, "alpha");
}

static void
copy_shared (SegRecommenderModel *to,
             SegRecommenderModel *from)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (from), &n);
  for (guint p = 0; p < n; p++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!is_shared (pspecs[p]))
        continue;
      g_value_init (&value, pspecs[p]->value_type);
      g_object_get_property (G_OBJECT (from), pspecs[p]->name, &value);
      g_object_set_property (G_OBJECT (to), pspecs[p]->name, &value);
    }
}

/**
 * seg_recommender_model_new_like:
 * @base: a recommender with its inputs and parameters set
 * @id: the algorithm, as `--algorithm` names it
 *
 * A recommender of another algorithm on the same inputs with the same
 * shared parameters (feedback, half-life, keep-bought, top, seed…); its
 * own parameters, its weighting and alpha are the algorithm's defaults.
 *
 * Returns: (transfer full): the model, or %NULL with @error naming
 *   --algorithm
 */
SegRecommenderModel *
seg_recommender_model_new_like (SegRecommenderModel  *base,
                                const char           *id,
                                GError              **error)
{
  g_autoptr(SegModel) model = NULL;

  g_return_val_if_fail (SEG_IS_RECOMMENDER_MODEL (base), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  model = seg_model_new_for_id (id, NULL);
  if (model == NULL || !SEG_IS_RECOMMENDER_MODEL (model))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--algorithm: “%s” is not a recommender; choose among "
                     "popular, item-knn, user-knn, svd, svdpp, als, bpr, ease, neural, content and hybrid"),
                   id);
      return NULL;
    }
  copy_shared (SEG_RECOMMENDER_MODEL (model), base);

  return SEG_RECOMMENDER_MODEL (g_steal_pointer (&model));
}

/**
 * seg_recommender_model_set_rivals:
 * @rivals: (element-type SegRecommenderModel): the other recommenders
 *
 * Makes the evaluation set on @self (seg_recommender_model_set_evaluation
 * ()) a comparison with @rivals: they take @self's inputs and shared
 * parameters, and are measured on the same split; see
 * seg_recommender_compare ().
 *
 * Returns: %TRUE, or %FALSE with @error naming --algorithm when a
 *   recommender is named twice
 */
gboolean
seg_recommender_model_set_rivals (SegRecommenderModel  *self,
                                  GPtrArray            *rivals,
                                  GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_add (seen, (gpointer) seg_model_get_id (SEG_MODEL (self)));
  for (guint r = 0; r < rivals->len; r++)
    {
      SegRecommenderModel *rival = g_ptr_array_index (rivals, r);

      if (!g_hash_table_add (seen, (gpointer) seg_model_get_id (SEG_MODEL (rival))))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--algorithm: %s is named twice; name each recommender once"),
                       seg_model_get_id (SEG_MODEL (rival)));
          return FALSE;
        }
      copy_shared (rival, self);
    }
  g_clear_pointer (&priv->rivals, g_ptr_array_unref);
  priv->rivals = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint r = 0; r < rivals->len; r++)
    g_ptr_array_add (priv->rivals, g_object_ref (g_ptr_array_index (rivals, r)));

  return TRUE;
}

/**
 * seg_recommender_compare:
 * @models: (element-type SegRecommenderModel): two or more recommenders;
 *   the first gives the inputs and shared parameters (the others take
 *   them) and is the run's model
 * @evaluation: how to split and measure
 * @cancellable: (nullable): stops the comparison; the project is then
 *   unchanged
 *
 * Measures every model of @models on the same split (the same seed, the
 * same folds, each fitted on the same training pairs) next to the
 * popularity baseline, as one run of the first model: the record's
 * metrics hold what seg_recommender_evaluate () gives for the first
 * model, and "models" (each model's "algorithm", "folds" and "mean",
 * best first), "main_measure" (ndcg for purchases, rmse for ratings) and
 * "winner"; the table of figures has a row per model and fold. Repeating
 * the run compares the same models again.
 *
 * Returns: (transfer full): the run done, or %NULL with @error set
 */
SegRun *
seg_recommender_compare (SegProject                     *project,
                         GPtrArray                      *models,
                         const SegRecommenderEvaluation *evaluation,
                         GCancellable                   *cancellable,
                         GError                        **error)
{
  g_autoptr(GPtrArray) rivals = NULL;
  SegRecommenderModel *first;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (models != NULL && models->len > 0, NULL);
  g_return_val_if_fail (evaluation != NULL, NULL);

  first = g_ptr_array_index (models, 0);
  rivals = g_ptr_array_new ();
  for (guint m = 1; m < models->len; m++)
    g_ptr_array_add (rivals, g_ptr_array_index (models, m));
  seg_recommender_model_set_evaluation (first, evaluation);
  if (!seg_recommender_model_set_rivals (first, rivals, error))
    return NULL;

  return run_evaluation (project, first, cancellable, error);
}

/**
 * seg_recommender_comparable_algorithms:
 * @feedback: purchases or ratings
 * @n_items: the products of the table
 * @with_texts: whether a products table gives the products' texts
 *
 * The algorithms worth comparing on such a table: for ratings those that
 * predict them (svdpp, svd, item-knn, user-knn); for purchases als, ease
 * (unless the catalogue is too large for it), item-knn, user-knn, bpr,
 * neural and popular, and content and hybrid when there are texts.
 *
 * Returns: (transfer full): the ids, NULL-ended
 */
GStrv
seg_recommender_comparable_algorithms (SegFeedback feedback,
                                       size_t      n_items,
                                       gboolean    with_texts)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  SegEaseOptions ease;

  if (feedback == SEG_FEEDBACK_EXPLICIT)
    {
      static const char *const rating[] = { "svdpp", "svd", "item-knn", "user-knn", NULL };

      g_strv_builder_addv (ids, (const char **) rating);
      return g_strv_builder_end (ids);
    }

  seg_ease_options_init (&ease);
  g_strv_builder_add (ids, "als");
  if (seg_ease_check (n_items, &ease) == SEG_EASE_FITS)
    g_strv_builder_add (ids, "ease");
  g_strv_builder_add_many (ids, "item-knn", "user-knn", "bpr", "neural", "popular", NULL);
  if (with_texts)
    g_strv_builder_add_many (ids, "content", "hybrid", NULL);

  return g_strv_builder_end (ids);
}

/**
 * seg_recommender_default_algorithm:
 * @feedback: purchases or ratings
 * @n_customers: the customers of the table
 * @n_items: the products of the table
 *
 * The recommender to use when none is chosen, by the evidence of the
 * held-out figures (tests/data/ml100k-*-golden.txt and comparisons on
 * the sample shop):
 *
 * - ratings: svdpp, the lowest RMSE on MovieLens 100K (0.910, against
 *   0.915 for svd and 0.920 for the best item-kNN);
 * - purchases: als, about twice the best sellers' NDCG@10 on MovieLens
 *   100K (0.294 against 0.133). EASE scores a little higher there (0.312)
 *   but its memory grows with the square of the catalogue and its runs
 *   cannot be brought up to date with new order lines; ALS's can, and it
 *   scales to any catalogue;
 * - purchases of fewer than #SEG_RECOMMENDER_FEW_CUSTOMERS customers, or
 *   of fewer than #SEG_RECOMMENDER_FEW_PRODUCTS products: popular. So
 *   few baskets overlap too little to learn tastes from, and the best
 *   sellers are as good there and plain to explain.
 *
 * Returns: the algorithm's id
 */
const char *
seg_recommender_default_algorithm (SegFeedback feedback,
                                   size_t      n_customers,
                                   size_t      n_items)
{
  if (feedback == SEG_FEEDBACK_EXPLICIT)
    return "svdpp";
  if (n_customers < SEG_RECOMMENDER_FEW_CUSTOMERS || n_items < SEG_RECOMMENDER_FEW_PRODUCTS)
    return "popular";
  return "als";
}

/**
 * seg_recommender_model_count:
 * @customers: (out): the distinct customers of the model's table
 * @products: (out): its distinct products
 *
 * Counts, before a run, the customers and products of the model's order
 * table, for seg_recommender_default_algorithm () and
 * seg_recommender_comparable_algorithms ().
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
seg_recommender_model_count (SegRecommenderModel  *self,
                             SegProject           *project,
                             gint64               *customers,
                             gint64               *products,
                             GError              **error)
{
  SegRecommenderModelPrivate *priv;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *user_q = NULL;
  g_autofree char *item_q = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_RECOMMENDER_MODEL (self), FALSE);

  priv = seg_recommender_model_get_instance_private (self);
  if ((info = orders_table (self, project, error)) == NULL)
    return FALSE;
  user_q = seg_quote_identifier (priv->user);
  item_q = seg_quote_identifier (priv->item);
  table_q = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT count (DISTINCT %s), count (DISTINCT %s) FROM %s", user_q, item_q, table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return seg_project_set_sqlite_error (project, rc, error);
  *customers = sqlite3_column_int64 (stmt, 0);
  *products = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

/* Reading offers ----------------------------------------------------------- */

void
seg_offer_free (SegOffer *offer)
{
  if (offer == NULL)
    return;
  g_free (offer->customer);
  g_free (offer->item);
  g_free (offer->item_name);
  g_free (offer->reason);
  g_free (offer);
}

/**
 * seg_recommender_read_offers:
 * @record: a recommendation run
 * @customer: (nullable): only this customer's offers
 * @limit: at most this many
 *
 * Returns: (transfer container) (element-type SegOffer): the offers in
 *   the order of the result table, or %NULL with @error set
 */
GPtrArray *
seg_recommender_read_offers (SegProject          *project,
                             const SegRunRecord  *record,
                             const char          *customer,
                             guint                limit,
                             GError             **error)
{
  g_autoptr(GPtrArray) offers = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_offer_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  if (record->result_tables == NULL || record->result_tables[0] == NULL ||
      !seg_project_has_table (project, record->result_tables[0]))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The result table of run %" PRId64 " is no longer in the project"), record->id);
      return NULL;
    }
  quoted = seg_quote_identifier (record->result_tables[0]);
  sql = g_strdup_printf ("SELECT CAST (customer AS TEXT), rank, CAST (item AS TEXT), item_name, score, reason"
                         " FROM %s%s ORDER BY rowid LIMIT ?2",
                         quoted, customer != NULL ? " WHERE CAST (customer AS TEXT) = ?1" : "");
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  if (customer != NULL)
    sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegOffer *offer = g_new0 (SegOffer, 1);

      offer->customer = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      offer->rank = sqlite3_column_int (stmt, 1);
      offer->item = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      offer->item_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      offer->score = sqlite3_column_double (stmt, 4);
      offer->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (offers, offer);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  return g_steal_pointer (&offers);
}

/**
 * seg_recommender_model_has_customer:
 * @customer: a customer's key
 *
 * Checks, before a run, that the model's order table names @customer.
 *
 * Returns: %TRUE, or %FALSE with @error naming --for
 */
gboolean
seg_recommender_model_has_customer (SegRecommenderModel  *self,
                                    SegProject           *project,
                                    const char           *customer,
                                    GError              **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *user_q = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_RECOMMENDER_MODEL (self), FALSE);

  if ((info = orders_table (self, project, error)) == NULL)
    return FALSE;
  user_q = seg_quote_identifier (priv->user);
  table_q = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT 1 FROM %s WHERE CAST (%s AS TEXT) = ?1 LIMIT 1", table_q, user_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("--for: no line of “%s” names the customer “%s” in “%s”"), info->name, customer, priv->user);
  return FALSE;
}

/* A run's model fitted again ------------------------------------------------ */

struct _SegRecommenderFit
{
  SegCancelFlag        cancel;
  SegRecommenderModel *model;
  SegRunContext       *context;
  Work                *work;
  gint64               run;
};

void
seg_recommender_fit_free (SegRecommenderFit *fit)
{
  if (fit == NULL)
    return;
  g_clear_pointer (&fit->context, seg_run_context_free);
  g_clear_object (&fit->model);
  seg_cancel_flag_clear (&fit->cancel);
  g_free (fit);
}

static SegRecommenderHit *hit_new (const char *key,
                                   const char *name,
                                   double      score,
                                   char       *reason);

void
seg_recommender_hit_free (SegRecommenderHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->key);
  g_free (hit->name);
  g_free (hit->reason);
  g_free (hit);
}

/**
 * seg_recommender_fit_list_items:
 *
 * The products the fitted model knows, the ones seg_recommender_fit_audience ()
 * and seg_recommender_fit_similar () can be asked about, in the order the
 * model numbers them: each with its key, its name when a products table
 * gave one, and as its score how many customers bought it. The reason is
 * %NULL.
 *
 * Returns: (transfer container) (element-type SegRecommenderHit): the
 *   products
 */
GPtrArray *
seg_recommender_fit_list_items (SegRecommenderFit *fit)
{
  const SegInteractions *train;
  GPtrArray *items;

  g_return_val_if_fail (fit != NULL, NULL);

  train = fit->work->matrix;
  items = g_ptr_array_new_full ((guint) train->n_items, (GDestroyNotify) seg_recommender_hit_free);
  for (size_t i = 0; i < train->n_items; i++)
    g_ptr_array_add (items, hit_new (g_ptr_array_index (fit->work->item_keys, i),
                                     fit->work->have_names ? g_ptr_array_index (fit->work->item_names, i) : NULL,
                                     (double) (train->col_ptr[i + 1] - train->col_ptr[i]), NULL));

  return items;
}

/**
 * seg_recommender_fit_new:
 * @record: a recommendation run (an offer list or an evaluation)
 * @cancellable: (nullable): stops the fit
 *
 * Fits the run's model again from its record, on the project's table as
 * it is now: the algorithms are deterministic for the recorded seed, so
 * on an unchanged table this is the model that made the run's offers.
 * Nothing is written.
 *
 * Returns: (transfer full): the fitted model, or %NULL with @error set
 */
SegRecommenderFit *
seg_recommender_fit_new (SegProject          *project,
                         const SegRunRecord  *record,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(SegRecommenderFit) fit = g_new0 (SegRecommenderFit, 1);
  g_autoptr(SegRun) like = NULL;
  SegTableInfo *info;
  SegMonitor monitor;
  Work *work;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  if (record->kind != SEG_MODEL_KIND_RECOMMENDATION)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: run %" PRId64 " is not a recommendation run"), record->id);
      return NULL;
    }
  like = seg_run_new_like (project, record, error);
  if (like == NULL)
    return NULL;
  if (!SEG_IS_RECOMMENDER_MODEL (seg_run_get_model (like)))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: run %" PRId64 " is not a recommendation run"), record->id);
      return NULL;
    }
  fit->run = record->id;
  fit->model = g_object_ref (SEG_RECOMMENDER_MODEL (seg_run_get_model (like)));
  seg_recommender_model_set_evaluation (fit->model, NULL);

  seg_cancel_flag_init (&fit->cancel, cancellable);
  fit->context = seg_run_context_new (project, SEG_MODEL (fit->model), NULL, FALSE,
                                      seg_cancel_flag_get (&fit->cancel), NULL, NULL);
  info = seg_project_get_table (project, record->input_table, NULL);
  if (info == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("--run: the table “%s” that run %" PRId64 " read is no longer in the project"),
                   record->input_table, record->id);
      return NULL;
    }
  seg_run_context_set_table (fit->context, info);
  if (!seg_model_check_roles (SEG_MODEL (fit->model), info, error) ||
      !recommender_load (SEG_MODEL (fit->model), fit->context, error))
    return NULL;

  work = fit->work = seg_run_context_get_work (fit->context);
  monitor = seg_run_context_get_monitor (fit->context);
  work->data.monitor = &monitor;
  work->fitted = SEG_RECOMMENDER_MODEL_GET_CLASS (fit->model)->fit_scorer (fit->model, &work->data, &work->scorer,
                                                                           &work->free_fitted, error);
  work->data.monitor = NULL;
  if (work->fitted == NULL)
    return NULL;
  if (seg_cancel_flag_is_set (&fit->cancel))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
      return NULL;
    }

  return g_steal_pointer (&fit);
}

static void
fit_new_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(SegProject) reader = NULL;
  SegRecommenderFit *fit;
  GError *error = NULL;

  /* A connection of the worker's own, as for an export: the window goes
   * on reading through the project's. */
  reader = seg_project_open_writer (source_object, &error);
  if (reader == NULL || (fit = seg_recommender_fit_new (reader, task_data, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, fit, (GDestroyNotify) seg_recommender_fit_free);
}

/**
 * seg_recommender_fit_new_async:
 * @record: a recommendation run
 * @cancellable: (nullable): stops the fit
 *
 * Fits the run's model again as seg_recommender_fit_new () does, in a
 * worker thread.
 */
void
seg_recommender_fit_new_async (SegProject          *project,
                               SegRunRecord        *record,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (SEG_IS_RUN_RECORD (record));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_recommender_fit_new_async);
  g_task_set_task_data (task, g_object_ref (record), g_object_unref);
  g_task_run_in_thread (task, fit_new_thread);
}

/**
 * seg_recommender_fit_new_finish:
 *
 * Returns: (transfer full): the fitted model, or %NULL with @error set
 */
SegRecommenderFit *
seg_recommender_fit_new_finish (SegProject    *project,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A product by its key, or by its name when a products table gave one. */
static gboolean
find_item (SegRecommenderFit  *fit,
           const char         *item,
           size_t             *index,
           GError            **error)
{
  Work *work = fit->work;
  int32_t found = lookup_index (work->item_index, item);

  for (guint i = 0; found < 0 && work->have_names && i < work->item_keys->len; i++)
    if (g_utf8_collate (g_ptr_array_index (work->item_names, i), item) == 0)
      found = (int32_t) i;
  if (found < 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--item: no customer of run %" PRId64 " bought a product “%s”"), fit->run, item);
      return FALSE;
    }
  *index = (size_t) found;

  return TRUE;
}

static SegRecommenderHit *
hit_new (const char *key,
         const char *name,
         double      score,
         char       *reason)
{
  SegRecommenderHit *hit = g_new0 (SegRecommenderHit, 1);

  hit->key = g_strdup (key);
  hit->name = g_strdup (name);
  hit->score = score;
  hit->reason = reason;

  return hit;
}

/* The @top largest of scores[0 .. n) not excluded, into new arrays of
 * indices and values, largest first; returns how many. */
static size_t
pick_top (const double  *scores,
          size_t         n,
          const guint8  *exclude,
          guint          top,
          int32_t      **chosen,
          double       **values)
{
  top = MIN (top, n);
  *chosen = g_new (int32_t, MAX (top, 1));
  *values = g_new (double, MAX (top, 1));

  return seg_top_scores (scores, n, exclude, top, *chosen, *values);
}

/**
 * seg_recommender_fit_audience:
 * @item: a product's key, or its name
 * @top: how many customers
 *
 * The customers to offer @item to: those the model scores highest for it,
 * leaving out those who bought it (unless the run keeps re-buys).
 *
 * Returns: (transfer container) (element-type SegRecommenderHit): the
 *   customers, best first, or %NULL with @error naming --item
 */
GPtrArray *
seg_recommender_fit_audience (SegRecommenderFit  *fit,
                              const char         *item,
                              guint               top,
                              GError            **error)
{
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (fit->model);
  Work *work;
  const SegInteractions *train;
  g_autofree double *scores = NULL;
  g_autofree double *for_item = NULL;
  g_autofree guint8 *exclude = NULL;
  g_autofree guint8 *scratch = NULL;
  g_autofree int32_t *chosen = NULL;
  g_autofree double *values = NULL;
  GPtrArray *hits;
  size_t index, n;

  g_return_val_if_fail (fit != NULL, NULL);
  g_return_val_if_fail (item != NULL, NULL);

  work = fit->work;
  train = work->matrix;
  if (!find_item (fit, item, &index, error))
    return NULL;

  scores = g_new (double, train->n_items);
  for_item = g_new (double, train->n_users);
  exclude = g_new0 (guint8, train->n_users);
  scratch = g_malloc0 (MAX (work->scorer.scratch_bytes, 1));
  for (size_t u = 0; u < train->n_users; u++)
    {
      work->scorer.score (work->scorer.model, train, u, scores, scratch);
      for_item[u] = scores[index];
      exclude[u] = !priv->keep_bought && seg_interactions_has (train, u, index);
    }
  n = pick_top (for_item, train->n_users, exclude, top, &chosen, &values);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_recommender_hit_free);
  for (size_t r = 0; r < n; r++)
    g_ptr_array_add (hits, hit_new (g_ptr_array_index (work->user_keys, chosen[r]), NULL, values[r],
                                    seg_recommender_reason (fit->model, work->fitted, &work->scorer, &work->data,
                                                            (size_t) chosen[r], index)));

  return hits;
}

/* How many customers bought both. */
static size_t
co_buyers (const SegInteractions *train,
           size_t                 a,
           size_t                 b)
{
  int64_t p = train->col_ptr[a], q = train->col_ptr[b];
  size_t both = 0;

  while (p < train->col_ptr[a + 1] && q < train->col_ptr[b + 1])
    {
      if (train->col_users[p] == train->col_users[q])
        {
          both++;
          p++;
          q++;
        }
      else if (train->col_users[p] < train->col_users[q])
        p++;
      else
        q++;
    }

  return both;
}

/**
 * seg_recommender_fit_similar:
 * @item: a product's key, or its name
 * @top: how many products
 *
 * The products most like @item in the model (its item-to-item
 * similarity), or, for a model without one, by the cosine of their
 * buyers; each with how many customers bought both.
 *
 * Returns: (transfer container) (element-type SegRecommenderHit): the
 *   products, most similar first, or %NULL with @error naming --item
 */
GPtrArray *
seg_recommender_fit_similar (SegRecommenderFit  *fit,
                             const char         *item,
                             guint               top,
                             GError            **error)
{
  Work *work;
  const SegInteractions *train;
  g_autofree double *similarity = NULL;
  g_autofree guint8 *exclude = NULL;
  g_autofree int32_t *chosen = NULL;
  g_autofree double *values = NULL;
  GPtrArray *hits;
  size_t index, n;

  g_return_val_if_fail (fit != NULL, NULL);
  g_return_val_if_fail (item != NULL, NULL);

  work = fit->work;
  train = work->matrix;
  if (!find_item (fit, item, &index, error))
    return NULL;

  similarity = g_new (double, train->n_items);
  exclude = g_new0 (guint8, train->n_items);
  exclude[index] = 1;
  for (size_t j = 0; j < train->n_items; j++)
    {
      if (work->scorer.similarity != NULL)
        similarity[j] = work->scorer.similarity (work->scorer.model, index, j);
      else
        {
          double a = (double) (train->col_ptr[index + 1] - train->col_ptr[index]);
          double b = (double) (train->col_ptr[j + 1] - train->col_ptr[j]);

          similarity[j] = a > 0 && b > 0 ? co_buyers (train, index, j) / sqrt (a * b) : 0.0;
        }
      /* Nothing in common is no likeness. */
      if (!(similarity[j] > 0))
        exclude[j] = 1;
    }
  n = pick_top (similarity, train->n_items, exclude, top, &chosen, &values);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_recommender_hit_free);
  for (size_t r = 0; r < n; r++)
    {
      size_t both = co_buyers (train, index, (size_t) chosen[r]);
      char *reason;

      if (both > 0)
        /* Translators: why two products are alike. */
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%zu customer bought both", "%zu customers bought both", both),
                                  both);
      else
        reason = g_strdup (_("Alike in what their buyers buy"));
      g_ptr_array_add (hits, hit_new (g_ptr_array_index (work->item_keys, chosen[r]),
                                      work->have_names ? g_ptr_array_index (work->item_names, chosen[r]) : NULL,
                                      values[r], reason));
    }

  return hits;
}

/* The class ---------------------------------------------------------------- */

static void
seg_recommender_model_finalize (GObject *object)
{
  SegRecommenderModel *self = SEG_RECOMMENDER_MODEL (object);
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);

  g_clear_pointer (&priv->test_table, g_free);
  g_clear_pointer (&priv->rivals, g_ptr_array_unref);

  G_OBJECT_CLASS (seg_recommender_model_parent_class)->finalize (object);
}

static void
seg_recommender_model_constructed (GObject *object)
{
  SegRecommenderModel *self = SEG_RECOMMENDER_MODEL (object);
  SegRecommenderModelPrivate *priv = seg_recommender_model_get_instance_private (self);
  SegRecommenderModelClass *klass = SEG_RECOMMENDER_MODEL_GET_CLASS (self);

  G_OBJECT_CLASS (seg_recommender_model_parent_class)->constructed (object);

  /* A subclass's own defaults: ALS wants confidence weights. */
  priv->feedback = klass->default_feedback;
  priv->weighting = klass->default_weighting;
  if (klass->default_alpha > 0.0)
    priv->alpha = klass->default_alpha;
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define FIELD(field) SEG_PRIVATE_FIELD (SegRecommenderModel, SegRecommenderModelPrivate, field)

static void
seg_recommender_model_class_init (SegRecommenderModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  object_class->finalize = seg_recommender_model_finalize;
  object_class->constructed = seg_recommender_model_constructed;

  model_class->kind = SEG_MODEL_KIND_RECOMMENDATION;
  model_class->figures = recommender_figures;
  model_class->load = recommender_load;
  model_class->fit = recommender_fit;
  model_class->measure = recommender_measure;
  model_class->write = recommender_write;

  /* Inputs. */
  seg_model_class_install (model_class, PROP_TABLE,
    seg_param_spec_table ("table", _("Orders"), _("The table of order lines: who bought which product")),
    FIELD (table));
  seg_model_class_install (model_class, PROP_USER,
    seg_param_spec_column ("user", _("Customer column"), _("The column naming the customer of each order line"),
                           SEG_COLUMN_KINDS_KEY, FALSE, user_guesses),
    FIELD (user));
  seg_model_class_install (model_class, PROP_ITEM,
    seg_param_spec_column ("item", _("Product column"), _("The column naming the product of each order line"),
                           SEG_COLUMN_KINDS_KEY, FALSE, item_guesses),
    FIELD (item));
  seg_model_class_install (model_class, PROP_VALUE,
    seg_param_spec_column ("value", _("Quantity or rating column"),
                           _("Optional: the quantity or amount of each line (returns negative), or the rating with explicit feedback"),
                           SEG_COLUMN_KINDS_INTEGER | SEG_COLUMN_KINDS_REAL, TRUE, NULL),
    FIELD (value));
  seg_model_class_install (model_class, PROP_DATE,
    seg_param_spec_column ("date", _("Date column"),
                           _("Optional: the date of each line, for the time decay and the last-n evaluation"),
                           SEG_COLUMN_KINDS_DATE, TRUE, date_guesses),
    FIELD (date));
  seg_model_class_install (model_class, PROP_SEGMENT,
    seg_param_spec_segment ("segment", _("Customers"),
                            _("Only the order lines of this saved segment’s customers; by default every line")),
    FIELD (segment));

  /* Parameters. */
  seg_model_class_install (model_class, PROP_FEEDBACK,
    g_param_spec_enum ("feedback", _("Feedback"),
                       _("implicit: purchases; explicit: the value column holds ratings"),
                       SEG_TYPE_FEEDBACK, SEG_FEEDBACK_IMPLICIT, FLAGS),
    FIELD (feedback));
  seg_model_class_install (model_class, PROP_WEIGHTING,
    seg_param_spec_set_advanced (
      g_param_spec_enum ("weighting", _("Weighting"),
                         _("How purchases count: once (binary), by quantity (count), log (1 + quantity), or 1 + alpha × quantity (confidence)"),
                         SEG_TYPE_IMPLICIT_WEIGHTING, SEG_IMPLICIT_BINARY, FLAGS)),
    FIELD (weighting));
  seg_model_class_install (model_class, PROP_ALPHA,
    seg_param_spec_set_advanced (
      g_param_spec_double ("alpha", _("Confidence alpha"), _("How much each further purchase adds with confidence weighting"),
                           0.0, 1e6, 40.0, FLAGS)),
    FIELD (alpha));
  seg_model_class_install (model_class, PROP_HALF_LIFE,
    seg_param_spec_set_advanced (
      g_param_spec_double ("half-life", _("Half-life in days"),
                           _("Older purchases count less: half as much after this many days; 0 for no decay"),
                           0.0, 1e6, 0.0, FLAGS)),
    FIELD (half_life));
  seg_model_class_install (model_class, PROP_KEEP_BOUGHT,
    g_param_spec_boolean ("keep-bought", _("Offer products again"),
                          _("Also offer what a customer bought already, for consumables"),
                          FALSE, FLAGS),
    FIELD (keep_bought));
  seg_model_class_install (model_class, PROP_TOP,
    g_param_spec_int ("top", _("Offers per customer"), _("How many products to offer each customer"),
                      1, 1000, 10, FLAGS),
    FIELD (top));
  seg_model_class_install (model_class, PROP_SEED,
    seg_param_spec_set_advanced (
      g_param_spec_uint64 ("seed", _("Seed"), _("The same seed gives the same results"),
                           0, G_MAXUINT64, 42, FLAGS)),
    FIELD (seed));
  seg_model_class_install (model_class, PROP_SEGMENT_RUN,
    seg_param_spec_set_advanced (
      g_param_spec_int ("segment-run", _("Segmentation run"),
                        _("Optional: a clustering run of these customers; the best sellers are then those of each customer’s segment"),
                        0, G_MAXINT, 0, FLAGS)),
    FIELD (segment_run));
  seg_model_class_install (model_class, PROP_ITEMS_TABLE,
    g_param_spec_string ("items-table", _("Products table"),
                         _("Optional: the table describing the products, for their names and texts"),
                         NULL, FLAGS),
    FIELD (items_table));
  seg_model_class_install (model_class, PROP_ITEM_KEY,
    g_param_spec_string ("item-key", _("Product key column"),
                         _("The products table’s column matching the product column (by default the same name)"),
                         NULL, FLAGS),
    FIELD (item_key));
  seg_model_class_install (model_class, PROP_ITEM_NAME,
    g_param_spec_string ("item-name", _("Product name column"),
                         _("The products table’s column with the names shown in the offers and reasons"),
                         NULL, FLAGS),
    FIELD (item_name));
  seg_model_class_install (model_class, PROP_TEXT,
    g_param_spec_boxed ("text", _("Product text columns"),
                        _("The products table’s columns describing each product, for the content recommender"),
                        G_TYPE_STRV, FLAGS),
    FIELD (text));
}

static void
seg_recommender_model_init (SegRecommenderModel *self)
{
}
