/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-error.h"
#include "seg-popular.h"
#include "seg-run-context-private.h"
#include "seg-segment.h"

/*
 * The simplest recommender that is still useful: offer every customer the
 * products most customers bought, leaving out what they already have. It
 * is the baseline every other recommender must beat.
 */

#define SEG_TYPE_POPULAR_MODEL (seg_popular_model_get_type ())
G_DECLARE_FINAL_TYPE (SegPopularModel, seg_popular_model, SEG, POPULAR_MODEL, SegModel)

struct _SegPopularModel
{
  SegModel  parent_instance;
  char     *table;
  char     *user;
  char     *item;
  char     *segment;
  int       top;
};

G_DEFINE_FINAL_TYPE (SegPopularModel, seg_popular_model, SEG_TYPE_MODEL)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_USER,
  PROP_ITEM,
  PROP_SEGMENT,
  PROP_TOP,
};

/* The purchases as indices, with the keys they stand for. */
typedef struct
{
  GArray        *users;      /* int32_t, one per purchase */
  GArray        *items;      /* int32_t */
  GPtrArray     *user_keys;  /* char *, by index */
  GPtrArray     *item_keys;
  SegColumnType  user_type;
  SegColumnType  item_type;
  double        *buyers;     /* by item */
  int32_t       *rec_items;  /* users × top */
  double        *rec_scores;
} Work;

static void
work_free (Work *work)
{
  g_array_unref (work->users);
  g_array_unref (work->items);
  g_ptr_array_unref (work->user_keys);
  g_ptr_array_unref (work->item_keys);
  g_free (work->buyers);
  g_free (work->rec_items);
  g_free (work->rec_scores);
  g_free (work);
}

static const SegFigure popular_figures[] = {
  { "customers", N_("Customers"), -1 },
  { "products", N_("Products"), -1 },
  { "recommendations", N_("Offers"), -1 },
  { NULL, NULL, 0 },
};

static const char *const user_guesses[] = {
  "customer_id", "customer", "client_id", "client", "user_id", "user", "buyer", "客户", "客户id", "客户编号", "会员", NULL
};

static const char *const item_guesses[] = {
  "product_id", "product", "item_id", "item", "sku", "article", "商品", "商品id", "商品编号", "产品", NULL
};

/* The index of @key, adding it the first time it is seen. */
static int32_t
index_of (GHashTable *indices,
          GPtrArray  *keys,
          const char *key)
{
  gpointer found;

  if (g_hash_table_lookup_extended (indices, key, NULL, &found))
    return GPOINTER_TO_INT (found);

  g_ptr_array_add (keys, g_strdup (key));
  g_hash_table_insert (indices, g_ptr_array_index (keys, keys->len - 1), GINT_TO_POINTER (keys->len - 1));
  return (int32_t) keys->len - 1;
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
popular_load (SegModel       *model,
              SegRunContext  *context,
              GError        **error)
{
  SegPopularModel *self = SEG_POPULAR_MODEL (model);
  SegTableInfo *info = seg_run_context_get_table (context);
  SegProject *writer = seg_run_context_get_writer (context);
  g_autoptr(GHashTable) users = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = seg_quote_identifier (info->name);
  g_autofree char *user_q = seg_quote_identifier (self->user);
  g_autofree char *item_q = seg_quote_identifier (self->item);
  g_autofree char *sql = NULL;
  g_autofree char *members = NULL;
  g_autoptr(SegSegment) segment = NULL;
  GError *local_error = NULL;
  Work *work = g_new0 (Work, 1);
  gint64 read = 0;
  int rc;

  work->users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  work->items = g_array_new (FALSE, FALSE, sizeof (int32_t));
  work->user_keys = g_ptr_array_new_with_free_func (g_free);
  work->item_keys = g_ptr_array_new_with_free_func (g_free);
  work->user_type = column_type (info, self->user);
  work->item_type = column_type (info, self->item);
  seg_run_context_set_work (context, work, (GDestroyNotify) work_free);

  segment = seg_project_find_input_segment (writer, self->segment, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* Lines without a customer or a product say nothing of who bought what;
   * on a saved segment, only its customers' lines are read, their keys
   * compared as the segment keeps them, as text. */
  if (segment != NULL)
    {
      JsonObject *input = seg_run_context_get_input (context);

      members = g_strdup_printf (" AND CAST (%s AS TEXT) IN (SELECT key FROM seg_segment_members WHERE segment_id = ?1)",
                                 user_q);
      json_object_set_string_member (input, "segment", seg_segment_get_name (segment));
      json_object_set_int_member (input, "segment_id", seg_segment_get_id (segment));
    }
  sql = g_strdup_printf ("SELECT %s, %s FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL%s ORDER BY rowid",
                         user_q, item_q, table_q, user_q, item_q, members != NULL ? members : "");
  if (!seg_project_prepare (writer, sql, &stmt, error))
    return FALSE;
  if (segment != NULL)
    sqlite3_bind_int64 (stmt, 1, seg_segment_get_id (segment));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int32_t u = index_of (users, work->user_keys, (const char *) sqlite3_column_text (stmt, 0));
      int32_t i = index_of (items, work->item_keys, (const char *) sqlite3_column_text (stmt, 1));

      g_array_append_val (work->users, u);
      g_array_append_val (work->items, i);
      if ((++read & 0xffff) == 0)
        {
          if (seg_run_context_check_cancelled (context, error))
            return FALSE;
          seg_run_context_report (context, (double) read / MAX (info->rows, 1), NULL);
        }
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);

  if (work->users->len == 0 && segment != NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment: no line of “%s” names a customer of “%s” in its column “%s”"),
                   info->name, seg_segment_get_name (segment), self->user);
      return FALSE;
    }
  if (work->users->len == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--user, --item: the table “%s” has no line with both a customer in “%s” and a product in “%s”"),
                   info->name, self->user, self->item);
      return FALSE;
    }

  return TRUE;
}

static gboolean
kernel_failed (int      rc,
               GError **error)
{
  if (rc == -1)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
  else
    g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                         _("There is not enough memory for the recommendations"));
  return FALSE;
}

static gboolean
popular_fit (SegModel       *model,
             SegRunContext  *context,
             GError        **error)
{
  SegPopularModel *self = SEG_POPULAR_MODEL (model);
  Work *work = seg_run_context_get_work (context);
  SegMonitor monitor = seg_run_context_get_monitor (context);
  size_t n_users = work->user_keys->len, n_items = work->item_keys->len;
  size_t top = (size_t) self->top;
  int rc;

  seg_run_context_report (context, 0.0, _("Counting each product’s buyers"));
  work->buyers = g_new (double, n_items);
  rc = seg_popular_count ((const int32_t *) work->users->data, (const int32_t *) work->items->data,
                          work->users->len, n_users, n_items, work->buyers, &monitor);
  if (rc != 0)
    return kernel_failed (rc, error);

  seg_run_context_report (context, 0.5, _("Choosing each customer’s offers"));
  work->rec_items = g_new (int32_t, n_users * top);
  work->rec_scores = g_new (double, n_users * top);
  rc = seg_popular_recommend ((const int32_t *) work->users->data, (const int32_t *) work->items->data,
                              work->users->len, n_users, n_items, work->buyers, top,
                              work->rec_items, work->rec_scores, &monitor);

  return rc == 0 || kernel_failed (rc, error);
}

static gboolean
popular_measure (SegModel       *model,
                 SegRunContext  *context,
                 GError        **error)
{
  SegPopularModel *self = SEG_POPULAR_MODEL (model);
  Work *work = seg_run_context_get_work (context);
  JsonObject *metrics = seg_run_context_get_metrics (context);
  size_t n_users = work->user_keys->len, n_items = work->item_keys->len;
  g_autofree guint8 *offered = g_new0 (guint8, MAX (n_items, 1));
  gint64 recommendations = 0, distinct = 0;

  for (size_t r = 0; r < n_users * (size_t) self->top; r++)
    if (work->rec_items[r] >= 0)
      {
        recommendations++;
        if (!offered[work->rec_items[r]])
          {
            offered[work->rec_items[r]] = 1;
            distinct++;
          }
      }

  json_object_set_int_member (metrics, "customers", (gint64) n_users);
  json_object_set_int_member (metrics, "products", (gint64) n_items);
  json_object_set_int_member (metrics, "purchases", (gint64) work->users->len);
  json_object_set_int_member (metrics, "recommendations", recommendations);
  /* How much of the range gets offered at all: a popularity list
   * offers few products, which is what better recommenders improve. */
  json_object_set_double_member (metrics, "catalog_coverage", n_items > 0 ? (double) distinct / n_items : 0.0);

  return TRUE;
}

static void
bind_key (sqlite3_stmt  *stmt,
          int            column,
          SegColumnType  type,
          const char    *key)
{
  if (type == SEG_COLUMN_INTEGER)
    sqlite3_bind_int64 (stmt, column, g_ascii_strtoll (key, NULL, 10));
  else
    sqlite3_bind_text (stmt, column, key, -1, SQLITE_STATIC);
}

static gboolean
popular_write (SegModel       *model,
               SegRunContext  *context,
               GError        **error)
{
  SegPopularModel *self = SEG_POPULAR_MODEL (model);
  Work *work = seg_run_context_get_work (context);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(SegTableWriter) writer = NULL;
  size_t n_users = work->user_keys->len, top = (size_t) self->top;
  double n = (double) MAX (n_users, 1);
  sqlite3_stmt *stmt;

  g_ptr_array_add (columns, seg_column_info_new ("customer", work->user_type == SEG_COLUMN_INTEGER ? SEG_COLUMN_INTEGER : SEG_COLUMN_TEXT));
  g_ptr_array_add (columns, seg_column_info_new ("rank", SEG_COLUMN_INTEGER));
  g_ptr_array_add (columns, seg_column_info_new ("item", work->item_type == SEG_COLUMN_INTEGER ? SEG_COLUMN_INTEGER : SEG_COLUMN_TEXT));
  g_ptr_array_add (columns, seg_column_info_new ("score", SEG_COLUMN_REAL));

  writer = seg_run_context_create_table (context, NULL, "recommendations", columns,
                                         (gint64) (n_users * top), error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (size_t u = 0; u < n_users; u++)
    for (size_t r = 0; r < top && work->rec_items[u * top + r] >= 0; r++)
      {
        /* The score is the share of customers who bought the product. */
        bind_key (stmt, 1, work->user_type, g_ptr_array_index (work->user_keys, u));
        sqlite3_bind_int64 (stmt, 2, (gint64) r + 1);
        bind_key (stmt, 3, work->item_type, g_ptr_array_index (work->item_keys, work->rec_items[u * top + r]));
        sqlite3_bind_double (stmt, 4, work->rec_scores[u * top + r] / n);
        if (!seg_table_writer_step (writer, error))
          return FALSE;
      }

  return seg_table_writer_finish (writer, error);
}

static void
seg_popular_model_class_init (SegPopularModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->id = "popular";
  model_class->title = N_("Best sellers");
  model_class->kind = SEG_MODEL_KIND_RECOMMENDATION;
  model_class->figures = popular_figures;
  model_class->load = popular_load;
  model_class->fit = popular_fit;
  model_class->measure = popular_measure;
  model_class->write = popular_write;

  seg_model_class_install (model_class, PROP_TABLE,
    seg_param_spec_table ("table", _("Orders"), _("The table of order lines: who bought which product")),
    G_STRUCT_OFFSET (SegPopularModel, table));
  seg_model_class_install (model_class, PROP_USER,
    seg_param_spec_column ("user", _("Customer column"), _("The column naming the customer of each order line"),
                           SEG_COLUMN_KINDS_KEY, FALSE, user_guesses),
    G_STRUCT_OFFSET (SegPopularModel, user));
  seg_model_class_install (model_class, PROP_ITEM,
    seg_param_spec_column ("item", _("Product column"), _("The column naming the product of each order line"),
                           SEG_COLUMN_KINDS_KEY, FALSE, item_guesses),
    G_STRUCT_OFFSET (SegPopularModel, item));
  seg_model_class_install (model_class, PROP_SEGMENT,
    seg_param_spec_segment ("segment", _("Customers"),
                            _("Only the order lines of this saved segment’s customers; by default every line")),
    G_STRUCT_OFFSET (SegPopularModel, segment));
  seg_model_class_install (model_class, PROP_TOP,
    g_param_spec_int ("top", _("Offers per customer"), _("How many products to offer each customer"),
                      1, 1000, 10, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS),
    G_STRUCT_OFFSET (SegPopularModel, top));
}

static void
seg_popular_model_init (SegPopularModel *self)
{
}
