/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-customer.h"
#include "seg-enums.h"
#include "seg-error.h"
#include "seg-itemsets.h"
#include "seg-run-context-private.h"
#include "seg-rules-model.h"

/*
 * Association rules: the baskets of an order-lines table, the itemsets
 * that enough of them hold, and the rules “who buys A and B also buys C”
 * with their support, confidence, lift and the chance of a lift that
 * large between unrelated items. FP-growth and Apriori are two ways to
 * the same rules; each is a model of its own so that a run records which.
 *
 * A run writes three tables: the rules (or, for itemsets alone, the
 * itemsets) as its result, the itemsets, and the items with how many
 * baskets hold each, which the rule audiences, “bought together” and
 * the bundles read back without mining again.
 */

typedef struct
{
  char     *table;
  char     *basket;
  char     *item;
  char     *customer;
  char     *date;
  char     *quantity;
  char     *amount;
  char     *price;
  int       item_level;
  char     *items_table;
  char     *items_key;
  char     *category;
  GStrv     exclude;
  GStrv     keep_categories;
  double    min_support;
  double    min_confidence;
  int       min_length;
  int       max_length;
  GStrv     rhs;
  gboolean  hide_redundant;
  int       correction;
  gboolean  rules;
  int       itemsets;
} SegRulesModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SegRulesModel, seg_rules_model, SEG_TYPE_MODEL)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_BASKET,
  PROP_ITEM,
  PROP_CUSTOMER,
  PROP_DATE,
  PROP_QUANTITY,
  PROP_AMOUNT,
  PROP_PRICE,
  PROP_ITEM_LEVEL,
  PROP_ITEMS_TABLE,
  PROP_ITEMS_KEY,
  PROP_CATEGORY,
  PROP_EXCLUDE,
  PROP_KEEP_CATEGORIES,
  PROP_MIN_SUPPORT,
  PROP_MIN_CONFIDENCE,
  PROP_MIN_LENGTH,
  PROP_MAX_LENGTH,
  PROP_RHS,
  PROP_HIDE_REDUNDANT,
  PROP_CORRECTION,
  PROP_RULES,
  PROP_ITEMSETS,
};

/* The order columns, and the names a table of baskets has. */
static const char *const basket_guesses[] = {
  "invoice", "invoice_id", "invoice_no", "order_id", "order", "order_no", "basket", "basket_id", "transaction",
  "transaction_id", "receipt", "ticket", "订单号", "订单编号", "订单", "发票号", "小票", NULL
};

static const SegFigure rules_figures[] = {
  { "rules", N_("Rules"), -1 },
  { "itemsets", N_("Itemsets"), -1 },
  { "baskets", N_("Baskets"), -1 },
  { "items", N_("Items"), -1 },
  { "min_count", N_("Baskets needed"), -1 },
  { NULL, NULL, 0 },
};

typedef struct
{
  SegBasketData    *data;
  SegItemsetResult *result;
  GArray           *rhs;       /* uint32_t */
  size_t           *counts;    /* baskets holding each item */
  size_t            min_count;
} Work;

static void
work_free (Work *work)
{
  g_clear_pointer (&work->data, seg_basket_data_free);
  g_clear_pointer (&work->result, seg_itemset_result_free);
  g_clear_pointer (&work->rhs, g_array_unref);
  g_free (work->counts);
  g_free (work);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/**
 * seg_rules_model_get_source:
 * @source: (out caller-allocates): where the baskets come from; its
 *   strings belong to @self
 *
 * The table, columns and filters the model reads its baskets with.
 */
void
seg_rules_model_get_source (SegRulesModel   *self,
                            SegBasketSource *source)
{
  SegRulesModelPrivate *priv = seg_rules_model_get_instance_private (self);

  g_return_if_fail (SEG_IS_RULES_MODEL (self));
  g_return_if_fail (source != NULL);

  *source = (SegBasketSource) {
    .table = priv->table,
    .basket = priv->basket,
    .item = priv->item,
    .customer = priv->customer,
    .date = priv->date,
    .quantity = priv->quantity,
    .amount = priv->amount,
    .price = priv->price,
    .level = priv->item_level,
    .items_table = priv->items_table,
    .items_key = priv->items_key,
    .category = priv->category,
    .exclude = (const char *const *) priv->exclude,
    .keep_categories = (const char *const *) priv->keep_categories,
  };
}

/**
 * seg_rules_model_new_for_record:
 * @record: a run of kind rules
 *
 * The model as the run had it, to read its baskets again.
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
SegRulesModel *
seg_rules_model_new_for_record (const SegRunRecord  *record,
                                GError             **error)
{
  g_autoptr(SegModel) model = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  if (record->kind != SEG_MODEL_KIND_RULES || (model = seg_model_new_for_id (record->algorithm, NULL)) == NULL ||
      !SEG_IS_RULES_MODEL (model))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: run %" PRId64 " did not find association rules; list the runs with “runs”"),
                   record->id);
      return NULL;
    }
  if (record->input != NULL && !seg_model_roles_from_json (model, json_node_get_object (record->input), error))
    return NULL;
  if (record->parameters != NULL &&
      !seg_model_params_from_json (model, json_node_get_object (record->parameters), error))
    return NULL;
  g_object_set (model, "table", record->input_table, NULL);

  return SEG_RULES_MODEL (g_steal_pointer (&model));
}

static gboolean
option_error (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
option_error (GError     **error,
              const char  *format,
              ...)
{
  va_list args;

  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, message);
  return FALSE;
}

static gboolean
rules_load (SegModel       *model,
            SegRunContext  *context,
            GError        **error)
{
  SegRulesModel *self = SEG_RULES_MODEL (model);
  SegRulesModelPrivate *priv = seg_rules_model_get_instance_private (self);
  SegTableInfo *info = seg_run_context_get_table (context);
  SegBasketSource source;
  Work *work = g_new0 (Work, 1);
  JsonObject *metrics = seg_run_context_get_metrics (context);
  size_t twice = 0;

  seg_run_context_set_work (context, work, (GDestroyNotify) work_free);

  if (priv->max_length > 0 && priv->min_length > priv->max_length)
    return option_error (error, _("--min-length: %d is more than --max-length %d"), priv->min_length,
                         priv->max_length);

  seg_rules_model_get_source (self, &source);
  source.table = info->name;
  seg_run_context_report (context, 0.0, _("Reading the baskets…"));
  work->data = seg_project_read_baskets (seg_run_context_get_writer (context), &source,
                                         seg_run_context_get_cancel (context), error);
  if (work->data == NULL)
    return FALSE;

  if (work->data->baskets.n_baskets < 2)
    {
      if (has_text (priv->basket))
        return option_error (error,
                             _("--basket: the column “%s” puts the purchases of “%s” in %zu basket; "
                               "name the column of order numbers"),
                             priv->basket, info->name, work->data->baskets.n_baskets);
      return option_error (error, _("--table: “%s” holds %zu basket; rules need two or more"), info->name,
                           work->data->baskets.n_baskets);
    }

  work->counts = seg_baskets_count_items (&work->data->baskets);
  for (size_t i = 0; i < work->data->baskets.n_items; i++)
    twice += work->counts[i] >= 2;
  if (twice == 0)
    return option_error (error,
                         _("--item: no item of “%s” is in two baskets, so nothing is bought together; "
                           "check --basket and --item"),
                         info->name);

  work->rhs = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  for (guint r = 0; priv->rhs != NULL && priv->rhs[r] != NULL; r++)
    {
      uint32_t id;

      if (!seg_basket_data_find_item (work->data, priv->rhs[r], &id))
        return option_error (error, _("--rhs: no basket of “%s” holds “%s”"), info->name, priv->rhs[r]);
      g_array_append_val (work->rhs, id);
    }

  json_object_set_int_member (metrics, "lines", work->data->lines);
  json_object_set_int_member (metrics, "returns", work->data->returns);
  json_object_set_int_member (metrics, "excluded_lines", work->data->excluded);
  json_object_set_int_member (metrics, "skipped_lines", work->data->skipped);
  json_object_set_int_member (metrics, "baskets", (gint64) work->data->baskets.n_baskets);
  json_object_set_int_member (metrics, "items", (gint64) work->data->baskets.n_items);

  return TRUE;
}

static gboolean
rules_fit (SegModel       *model,
           SegRunContext  *context,
           GError        **error)
{
  SegRulesModel *self = SEG_RULES_MODEL (model);
  SegRulesModelPrivate *priv = seg_rules_model_get_instance_private (self);
  Work *work = seg_run_context_get_work (context);
  SegMonitor monitor = seg_run_context_get_monitor (context);
  SegItemsetsParams params;
  size_t n = work->data->baskets.n_baskets;

  seg_itemsets_params_init (&params);
  params.algorithm = SEG_RULES_MODEL_GET_CLASS (self)->algorithm;
  params.min_support = priv->min_support;
  params.min_confidence = priv->min_confidence;
  params.min_length = (size_t) priv->min_length;
  params.max_length = (size_t) priv->max_length;
  params.rhs_items = work->rhs->len > 0 ? (const uint32_t *) work->rhs->data : NULL;
  params.n_rhs_items = work->rhs->len;
  params.filter = priv->itemsets;
  params.correction = priv->correction;

  work->min_count = (size_t) MAX (1.0, ceil (priv->min_support * (double) n - 1e-9));
  seg_run_context_report (context, 0.0, priv->rules ? _("Finding the rules…") : _("Finding the itemsets…"));
  if (priv->rules)
    work->result = seg_rules_mine (&work->data->baskets, &params, &monitor, error);
  else
    work->result = seg_itemsets_mine (&work->data->baskets, &params, &monitor, error);

  return work->result != NULL;
}

static gboolean
rules_measure (SegModel       *model,
               SegRunContext  *context,
               GError        **error)
{
  SegRulesModelPrivate *priv = seg_rules_model_get_instance_private (SEG_RULES_MODEL (model));
  Work *work = seg_run_context_get_work (context);
  JsonObject *metrics = seg_run_context_get_metrics (context);
  size_t n_rules = seg_itemset_result_n_rules (work->result);
  gint64 redundant = 0;

  for (size_t r = 0; r < n_rules; r++)
    redundant += seg_itemset_result_rule (work->result, r)->redundant;
  json_object_set_int_member (metrics, "min_count", (gint64) work->min_count);
  json_object_set_int_member (metrics, "itemsets", (gint64) seg_itemset_result_n_itemsets (work->result));
  json_object_set_int_member (metrics, "redundant_rules", redundant);
  json_object_set_int_member (metrics, "rules",
                              priv->hide_redundant ? (gint64) n_rules - redundant : (gint64) n_rules);

  return !seg_run_context_check_cancelled (context, error);
}

static void
append_items (GString          *names,
              GString          *ids,
              SegBasketData    *data,
              const uint32_t   *items,
              size_t            n)
{
  g_string_truncate (names, 0);
  g_string_truncate (ids, 0);
  for (size_t i = 0; i < n; i++)
    {
      if (i > 0)
        {
          g_string_append (names, " + ");
          g_string_append_c (ids, ',');
        }
      g_string_append (names, g_ptr_array_index (data->item_names, items[i]));
      g_string_append_printf (ids, "%" PRIu32, items[i]);
    }
}

static void
bind_real (sqlite3_stmt *stmt,
           int           column,
           double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static GPtrArray *
columns_of (const char *const   *names,
            const SegColumnType *types,
            guint                n)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (columns, seg_column_info_new (names[i], types[i]));
  return columns;
}

static gboolean
write_rules (SegRulesModel  *self,
             SegRunContext  *context,
             Work           *work,
             GError        **error)
{
  SegRulesModelPrivate *priv = seg_rules_model_get_instance_private (self);
  static const char *const names[] = {
    "rule", "lhs", "lhs_ids", "rhs", "rhs_id", "n_lhs", "count", "support", "confidence", "lift",
    "leverage", "conviction", "p_value", "p_adjusted", "redundant",
  };
  static const SegColumnType types[] = {
    SEG_COLUMN_INTEGER, SEG_COLUMN_TEXT, SEG_COLUMN_TEXT, SEG_COLUMN_TEXT, SEG_COLUMN_INTEGER,
    SEG_COLUMN_INTEGER, SEG_COLUMN_INTEGER, SEG_COLUMN_REAL, SEG_COLUMN_REAL, SEG_COLUMN_REAL,
    SEG_COLUMN_REAL, SEG_COLUMN_REAL, SEG_COLUMN_REAL, SEG_COLUMN_REAL, SEG_COLUMN_BOOLEAN,
  };
  g_autoptr(GPtrArray) columns = columns_of (names, types, G_N_ELEMENTS (names));
  g_autoptr(SegTableWriter) writer = NULL;
  g_autoptr(GString) lhs = g_string_new (NULL);
  g_autoptr(GString) ids = g_string_new (NULL);
  size_t n_rules = seg_itemset_result_n_rules (work->result);
  gint64 number = 0;
  sqlite3_stmt *stmt;

  writer = seg_run_context_create_table (context, NULL, "rules", columns, (gint64) n_rules, error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (size_t r = 0; r < n_rules; r++)
    {
      const SegRule *rule = seg_itemset_result_rule (work->result, r);

      if (priv->hide_redundant && rule->redundant)
        continue;
      append_items (lhs, ids, work->data, rule->lhs, rule->n_lhs);
      sqlite3_bind_int64 (stmt, 1, ++number);
      sqlite3_bind_text (stmt, 2, lhs->str, (int) lhs->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ids->str, (int) ids->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, g_ptr_array_index (work->data->item_names, rule->rhs), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, rule->rhs);
      sqlite3_bind_int64 (stmt, 6, (gint64) rule->n_lhs);
      sqlite3_bind_int64 (stmt, 7, (gint64) rule->count);
      bind_real (stmt, 8, rule->support);
      bind_real (stmt, 9, rule->confidence);
      bind_real (stmt, 10, rule->lift);
      bind_real (stmt, 11, rule->leverage);
      bind_real (stmt, 12, rule->conviction);
      bind_real (stmt, 13, rule->p_value);
      bind_real (stmt, 14, rule->p_adjusted);
      sqlite3_bind_int (stmt, 15, rule->redundant ? 1 : 0);
      if (!seg_table_writer_step (writer, error))
        return FALSE;
    }
  return seg_table_writer_finish (writer, error);
}

static gboolean
write_itemsets (SegRunContext  *context,
                Work           *work,
                const char     *suffix,
                GError        **error)
{
  static const char *const names[] = { "itemset", "items", "item_ids", "length", "count", "support" };
  static const SegColumnType types[] = {
    SEG_COLUMN_INTEGER, SEG_COLUMN_TEXT, SEG_COLUMN_TEXT, SEG_COLUMN_INTEGER, SEG_COLUMN_INTEGER, SEG_COLUMN_REAL,
  };
  g_autoptr(GPtrArray) columns = columns_of (names, types, G_N_ELEMENTS (names));
  g_autoptr(SegTableWriter) writer = NULL;
  g_autoptr(GString) items = g_string_new (NULL);
  g_autoptr(GString) ids = g_string_new (NULL);
  size_t n = seg_itemset_result_n_itemsets (work->result);
  sqlite3_stmt *stmt;

  writer = seg_run_context_create_table (context, suffix, "itemsets", columns, (gint64) n, error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (size_t s = 0; s < n; s++)
    {
      const SegItemset *set = seg_itemset_result_itemset (work->result, s);

      append_items (items, ids, work->data, set->items, set->length);
      sqlite3_bind_int64 (stmt, 1, (gint64) s + 1);
      sqlite3_bind_text (stmt, 2, items->str, (int) items->len, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ids->str, (int) ids->len, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, (gint64) set->length);
      sqlite3_bind_int64 (stmt, 5, (gint64) set->count);
      bind_real (stmt, 6, set->support);
      if (!seg_table_writer_step (writer, error))
        return FALSE;
    }
  return seg_table_writer_finish (writer, error);
}

/* Every item with its id and the baskets that hold it. */
static gboolean
write_items (SegRunContext  *context,
             Work           *work,
             GError        **error)
{
  static const char *const names[] = { "item_id", "item", "baskets", "support" };
  static const SegColumnType types[] = {
    SEG_COLUMN_INTEGER, SEG_COLUMN_TEXT, SEG_COLUMN_INTEGER, SEG_COLUMN_REAL,
  };
  g_autoptr(GPtrArray) columns = columns_of (names, types, G_N_ELEMENTS (names));
  g_autoptr(SegTableWriter) writer = NULL;
  size_t n = work->data->baskets.n_items;
  sqlite3_stmt *stmt;

  writer = seg_run_context_create_table (context, "items", "items", columns, (gint64) n, error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (size_t i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, 1, (gint64) i);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (work->data->item_names, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, (gint64) work->counts[i]);
      sqlite3_bind_double (stmt, 4, (double) work->counts[i] / (double) work->data->baskets.n_baskets);
      if (!seg_table_writer_step (writer, error))
        return FALSE;
    }
  return seg_table_writer_finish (writer, error);
}

static gboolean
rules_write (SegModel       *model,
             SegRunContext  *context,
             GError        **error)
{
  SegRulesModel *self = SEG_RULES_MODEL (model);
  SegRulesModelPrivate *priv = seg_rules_model_get_instance_private (self);
  Work *work = seg_run_context_get_work (context);

  seg_run_context_report (context, 0.0, _("Writing the rules…"));
  if (priv->rules)
    return write_rules (self, context, work, error) &&
           write_itemsets (context, work, "itemsets", error) &&
           write_items (context, work, error);
  return write_itemsets (context, work, NULL, error) && write_items (context, work, error);
}

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define FIELD(field) SEG_PRIVATE_FIELD (SegRulesModel, SegRulesModelPrivate, field)

static void
seg_rules_model_class_init (SegRulesModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->kind = SEG_MODEL_KIND_RULES;
  model_class->figures = rules_figures;
  model_class->load = rules_load;
  model_class->fit = rules_fit;
  model_class->measure = rules_measure;
  model_class->write = rules_write;

  /* Inputs. */
  seg_model_class_install (model_class, PROP_TABLE,
    seg_param_spec_table ("table", _("Orders"), _("The table of order lines: which order holds which product")),
    FIELD (table));
  seg_model_class_install (model_class, PROP_BASKET,
    seg_param_spec_column ("basket", _("Order column"),
                           _("The column that the lines of one order share; without one, a basket is what a customer bought on one day"),
                           SEG_COLUMN_KINDS_KEY, TRUE, basket_guesses),
    FIELD (basket));
  seg_model_class_install (model_class, PROP_ITEM,
    seg_param_spec_column ("item", _("Product column"), _("The column naming the product of each order line"),
                           SEG_COLUMN_KINDS_KEY, FALSE, seg_orders_column_guesses (SEG_ORDER_ROLE_ITEM)),
    FIELD (item));
  seg_model_class_install (model_class, PROP_CUSTOMER,
    seg_param_spec_column ("customer", _("Customer column"),
                           _("Optional: the customer of each order line, for the customers a rule points to"),
                           SEG_COLUMN_KINDS_KEY, TRUE, seg_orders_column_guesses (SEG_ORDER_ROLE_CUSTOMER)),
    FIELD (customer));
  seg_model_class_install (model_class, PROP_DATE,
    seg_param_spec_column ("date", _("Date column"),
                           _("Optional: the day of each order line, for baskets of a customer’s day and for the last order"),
                           SEG_COLUMN_KINDS_DATE | SEG_COLUMN_KINDS_TEXT, TRUE,
                           seg_orders_column_guesses (SEG_ORDER_ROLE_DATE)),
    FIELD (date));
  seg_model_class_install (model_class, PROP_QUANTITY,
    seg_param_spec_column ("quantity", _("Quantity column"),
                           _("Optional: lines with a quantity of zero or less are returns and stay out"),
                           SEG_COLUMN_KINDS_NUMBER, TRUE, seg_orders_column_guesses (SEG_ORDER_ROLE_QUANTITY)),
    FIELD (quantity));
  seg_model_class_install (model_class, PROP_AMOUNT,
    seg_param_spec_column ("amount", _("Amount column"),
                           _("Optional: the value of each order line; negative ones are returns and stay out"),
                           SEG_COLUMN_KINDS_NUMBER, TRUE, seg_orders_column_guesses (SEG_ORDER_ROLE_AMOUNT)),
    FIELD (amount));
  seg_model_class_install (model_class, PROP_PRICE,
    seg_param_spec_column ("price", _("Price column"),
                           _("Optional, without an amount: the unit price, for the value of a bundle"),
                           SEG_COLUMN_KINDS_NUMBER, TRUE, seg_orders_column_guesses (SEG_ORDER_ROLE_PRICE)),
    FIELD (price));

  /* Parameters. */
  seg_model_class_install (model_class, PROP_MIN_SUPPORT,
    g_param_spec_double ("min-support", _("Minimum support"),
                         _("The share of baskets that must hold all the items of a rule"),
                         1e-7, 1.0, 0.01, FLAGS),
    FIELD (min_support));
  seg_model_class_install (model_class, PROP_MIN_CONFIDENCE,
    g_param_spec_double ("min-confidence", _("Minimum confidence"),
                         _("Of the baskets with the left-hand items, the share that must also hold the right-hand one"),
                         0.0, 1.0, 0.8, FLAGS),
    FIELD (min_confidence));
  seg_model_class_install (model_class, PROP_MIN_LENGTH,
    g_param_spec_int ("min-length", _("Fewest items"), _("The fewest items in a rule or an itemset, both sides counted"),
                      1, 100, 2, FLAGS),
    FIELD (min_length));
  seg_model_class_install (model_class, PROP_MAX_LENGTH,
    g_param_spec_int ("max-length", _("Most items"),
                      _("The most items in a rule or an itemset, both sides counted; 0 for no limit"),
                      0, 100, 10, FLAGS),
    FIELD (max_length));
  seg_model_class_install (model_class, PROP_RHS,
    g_param_spec_boxed ("rhs", _("Right-hand items"),
                        _("Optional: only rules that lead to one of these items"),
                        G_TYPE_STRV, FLAGS),
    FIELD (rhs));
  seg_model_class_install (model_class, PROP_HIDE_REDUNDANT,
    g_param_spec_boolean ("hide-redundant", _("Hide redundant rules"),
                          _("Leave out a rule when a shorter one with the same right-hand item is as confident"),
                          FALSE, FLAGS),
    FIELD (hide_redundant));
  seg_model_class_install (model_class, PROP_CORRECTION,
    seg_param_spec_set_advanced (
      g_param_spec_enum ("correction", _("p-value correction"),
                         _("How the p-values allow for testing many rules at once"),
                         SEG_TYPE_RULES_CORRECTION, SEG_RULES_CORRECTION_NONE, FLAGS)),
    FIELD (correction));
  seg_model_class_install (model_class, PROP_EXCLUDE,
    g_param_spec_boxed ("exclude", _("Left-out items"),
                        _("Optional: items left out of every basket, such as postage"),
                        G_TYPE_STRV, FLAGS),
    FIELD (exclude));
  seg_model_class_install (model_class, PROP_ITEM_LEVEL,
    seg_param_spec_set_advanced (
      g_param_spec_enum ("item-level", _("Items"),
                         _("Whether the items are the products or their categories (from the products table)"),
                         SEG_TYPE_ITEM_LEVEL, SEG_ITEM_LEVEL_PRODUCT, FLAGS)),
    FIELD (item_level));
  seg_model_class_install (model_class, PROP_ITEMS_TABLE,
    seg_param_spec_set_advanced (
      g_param_spec_string ("items-table", _("Products table"),
                           _("Optional: the table describing the products, for their categories"),
                           NULL, FLAGS)),
    FIELD (items_table));
  seg_model_class_install (model_class, PROP_ITEMS_KEY,
    seg_param_spec_set_advanced (
      g_param_spec_string ("items-key", _("Product key column"),
                           _("The products table’s column matching the product column (by default the same name)"),
                           NULL, FLAGS)),
    FIELD (items_key));
  seg_model_class_install (model_class, PROP_CATEGORY,
    seg_param_spec_set_advanced (
      g_param_spec_string ("category", _("Category column"), _("The products table’s column of categories"),
                           NULL, FLAGS)),
    FIELD (category));
  seg_model_class_install (model_class, PROP_KEEP_CATEGORIES,
    seg_param_spec_set_advanced (
      g_param_spec_boxed ("keep-categories", _("Only these categories"),
                          _("Optional: only products of these categories go in the baskets"),
                          G_TYPE_STRV, FLAGS)),
    FIELD (keep_categories));
  seg_model_class_install (model_class, PROP_RULES,
    seg_param_spec_set_advanced (
      g_param_spec_boolean ("rules", _("Find rules"),
                            _("Find rules from the itemsets; off, the run lists the itemsets alone"),
                            TRUE, FLAGS)),
    FIELD (rules));
  seg_model_class_install (model_class, PROP_ITEMSETS,
    seg_param_spec_set_advanced (
      g_param_spec_enum ("itemsets", _("Itemsets"),
                         _("Every frequent itemset, only the closed ones or only the maximal ones"),
                         SEG_TYPE_RULES_ITEMSETS, SEG_RULES_ITEMSETS_ALL, FLAGS)),
    FIELD (itemsets));
}

#undef FIELD

static void
seg_rules_model_init (SegRulesModel *self)
{
}

/* The two algorithms. */

#define SEG_TYPE_FPGROWTH_MODEL (seg_fpgrowth_model_get_type ())
G_DECLARE_FINAL_TYPE (SegFpgrowthModel, seg_fpgrowth_model, SEG, FPGROWTH_MODEL, SegRulesModel)

struct _SegFpgrowthModel
{
  SegRulesModel parent_instance;
};

G_DEFINE_FINAL_TYPE (SegFpgrowthModel, seg_fpgrowth_model, SEG_TYPE_RULES_MODEL)

static void
seg_fpgrowth_model_class_init (SegFpgrowthModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->id = "fpgrowth";
  model_class->title = N_("FP-growth");
  SEG_RULES_MODEL_CLASS (klass)->algorithm = SEG_ITEMSETS_FPGROWTH;
}

static void
seg_fpgrowth_model_init (SegFpgrowthModel *self)
{
}

#define SEG_TYPE_APRIORI_MODEL (seg_apriori_model_get_type ())
G_DECLARE_FINAL_TYPE (SegAprioriModel, seg_apriori_model, SEG, APRIORI_MODEL, SegRulesModel)

struct _SegAprioriModel
{
  SegRulesModel parent_instance;
};

G_DEFINE_FINAL_TYPE (SegAprioriModel, seg_apriori_model, SEG_TYPE_RULES_MODEL)

static void
seg_apriori_model_class_init (SegAprioriModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->id = "apriori";
  model_class->title = N_("Apriori");
  SEG_RULES_MODEL_CLASS (klass)->algorithm = SEG_ITEMSETS_APRIORI;
}

static void
seg_apriori_model_init (SegAprioriModel *self)
{
}
