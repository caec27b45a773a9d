/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
#include <inttypes.h>

#include "seg-predict-job.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-customer.h"
#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-run-record.h"

/*
 * The questions of the Predict page, as the core answers them: which
 * kind of model and which target each asks for, the cut-off that leaves
 * the last full window of orders to judge the model on, the model's
 * inputs set from a labelled customer table (or the order lines), and
 * the customers a finished run scored, read back from its result table.
 * The page and the command line call these so that both ask the same.
 */

static const struct
{
  SegModelKind      kind;
  const char       *algorithm;
  SegPredictTarget  target;
  const char       *target_name;  /* as the labelled table's origin says it */
  const char       *table;        /* the base name of its labelled table */
} questions[SEG_N_PREDICT_QUESTIONS] = {
  { SEG_MODEL_KIND_CLASSIFICATION, "logistic", SEG_PREDICT_BUYS_AGAIN, "buys-again", "predict_buys_again" },
  { SEG_MODEL_KIND_CLASSIFICATION, "logistic", SEG_PREDICT_CHURN, "churn", "predict_slipping" },
  /* Ridge, not least squares: the features of a labelled table overlap
   * (the missing gaps of one-order customers), which least squares
   * refuses and a penalty settles. */
  { SEG_MODEL_KIND_REGRESSION, "ridge", SEG_PREDICT_SPEND, "spend", "predict_spend" },
  { SEG_MODEL_KIND_LIFETIME, "clv", 0, NULL, NULL },
};

void
seg_predict_score_free (SegPredictScore *score)
{
  if (score == NULL)
    return;
  g_free (score->key);
  g_free (score);
}

/**
 * seg_predict_question_get_kind:
 *
 * Returns: the kind of model that answers @question
 */
SegModelKind
seg_predict_question_get_kind (SegPredictQuestion question)
{
  g_return_val_if_fail ((guint) question < SEG_N_PREDICT_QUESTIONS, SEG_MODEL_KIND_CLASSIFICATION);

  return questions[question].kind;
}

/**
 * seg_predict_question_get_algorithm:
 *
 * Returns: the id of the model used when none is chosen: logistic
 *   regression for the yes/no questions, ridge regression for spend, the
 *   lifetime value model for worth
 */
const char *
seg_predict_question_get_algorithm (SegPredictQuestion question)
{
  g_return_val_if_fail ((guint) question < SEG_N_PREDICT_QUESTIONS, NULL);

  return questions[question].algorithm;
}

/**
 * seg_predict_question_get_target:
 * @target: (out): the target of its labelled table
 *
 * Returns: whether @question fits on a labelled customer table; the
 *   lifetime value fits on the order lines
 */
gboolean
seg_predict_question_get_target (SegPredictQuestion  question,
                                 SegPredictTarget   *target)
{
  g_return_val_if_fail ((guint) question < SEG_N_PREDICT_QUESTIONS, FALSE);

  if (questions[question].target_name == NULL)
    return FALSE;
  if (target != NULL)
    *target = questions[question].target;
  return TRUE;
}

/**
 * seg_predict_question_of_run:
 * @run: a classification, regression or lifetime run
 * @question: (out): the question it answers
 *
 * Reads the question from the run's kind and, for a run on a labelled
 * customer table, the target the table's catalog entry records.
 *
 * Returns: whether the run answers one of the questions
 */
gboolean
seg_predict_question_of_run (SegProject         *project,
                             gint64              run,
                             SegPredictQuestion *question)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(JsonNode) origin = NULL;
  const char *target;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);

  record = seg_project_get_run (project, run, NULL);
  if (record == NULL)
    return FALSE;
  if (record->kind == SEG_MODEL_KIND_LIFETIME)
    {
      *question = SEG_PREDICT_QUESTION_WORTH;
      return TRUE;
    }
  if (record->kind != SEG_MODEL_KIND_CLASSIFICATION && record->kind != SEG_MODEL_KIND_REGRESSION)
    return FALSE;

  info = record->input_table != NULL ? seg_project_get_table (project, record->input_table, NULL) : NULL;
  origin = info != NULL && info->origin != NULL ? json_from_string (info->origin, NULL) : NULL;
  target = origin != NULL && JSON_NODE_HOLDS_OBJECT (origin)
           ? json_object_get_string_member_with_default (json_node_get_object (origin), "target", NULL) : NULL;
  for (guint q = 0; q < SEG_N_PREDICT_QUESTIONS; q++)
    if (questions[q].kind == record->kind && g_strcmp0 (questions[q].target_name, target) == 0)
      {
        *question = q;
        return TRUE;
      }
  /* A table of another making: its kind says enough. */
  *question = record->kind == SEG_MODEL_KIND_REGRESSION ? SEG_PREDICT_QUESTION_SPEND
                                                         : SEG_PREDICT_QUESTION_BUYS_AGAIN;
  return TRUE;
}

/**
 * seg_predict_orders_last_day:
 * @orders: the order-lines table
 * @date: its column of dates or date-times
 *
 * Returns: (transfer full): the day of the last order, as YYYY-MM-DD,
 *   or %NULL with @error set when the column holds no dates
 */
char *
seg_predict_orders_last_day (SegProject  *project,
                             const char  *orders,
                             const char  *date,
                             GError     **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *date_q = NULL;
  SegColumnInfo *column;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (orders != NULL && date != NULL, NULL);

  info = seg_project_get_table (project, orders, error);
  if (info == NULL)
    return NULL;
  column = seg_table_find_column (info, _("Date"), date, error);
  if (column == NULL)
    return NULL;
  table_q = seg_quote_identifier (info->name);
  date_q = seg_quote_identifier (column->name);
  /* date () reads both days and date-times; what it cannot read is NULL
   * and so never the largest. */
  sql = g_strdup_printf ("SELECT MAX (date (%s)) FROM %s", date_q, table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("The column “%s” of the table “%s” holds no dates; choose the column with each order’s day"),
                   column->name, info->name);
      return NULL;
    }

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * seg_predict_cutoff_before:
 * @last_day: the day of the last order, YYYY-MM-DD
 * @horizon: days of a window, > 0
 *
 * The cut-off whose window of @horizon days ends on @last_day: the
 * newest window whose outcome is known, to judge a model on.
 *
 * Returns: (transfer full) (nullable): the cut-off as YYYY-MM-DD, or
 *   %NULL when @last_day is not a day
 */
char *
seg_predict_cutoff_before (const char *last_day,
                           int         horizon)
{
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) cutoff = NULL;
  g_autofree char *iso = NULL;

  g_return_val_if_fail (horizon > 0, NULL);

  if (last_day == NULL || strlen (last_day) != 10)
    return NULL;
  iso = g_strconcat (last_day, "T00:00:00Z", NULL);
  last = g_date_time_new_from_iso8601 (iso, NULL);
  if (last == NULL)
    return NULL;
  cutoff = g_date_time_add_days (last, 1 - horizon);

  return cutoff != NULL ? g_date_time_format (cutoff, "%Y-%m-%d") : NULL;
}

/**
 * seg_predict_free_table_name:
 *
 * Returns: (transfer full): a name for the labelled table of @question
 *   that no table of the project has yet, such as "predict_spend_2"
 */
char *
seg_predict_free_table_name (SegProject         *project,
                             SegPredictQuestion  question)
{
  const char *base;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail ((guint) question < SEG_N_PREDICT_QUESTIONS, NULL);

  base = questions[question].table != NULL ? questions[question].table : "predict";
  if (!seg_project_has_table (project, base))
    return g_strdup (base);
  for (guint n = 2; ; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%u", base, n);

      if (!seg_project_has_table (project, name))
        return g_steal_pointer (&name);
    }
}

/**
 * seg_predict_describe_question:
 * @options: the order lines, their columns, the cut-off and the horizon
 *   (in months for %SEG_PREDICT_QUESTION_WORTH)
 * @last_day: (nullable): the day of the last order
 *
 * The question in plain words, as a person checks it before fitting: what
 * is predicted, from what (every feature, as of the cut-off), on which
 * customers it is judged, and as of which day the customers are scored.
 *
 * Returns: (transfer full): lines of text, the features as a list
 */
char *
seg_predict_describe_question (SegPredictQuestion            question,
                               const SegPredictTableOptions *options,
                               const char                   *last_day)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *const *features = seg_predict_base_features ();
  g_autofree char *target = NULL;
  SegPredictTarget kind;

  g_return_val_if_fail ((guint) question < SEG_N_PREDICT_QUESTIONS, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!seg_predict_question_get_target (question, &kind))
    {
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Predicted: each customer’s purchases and spend over the next %d month, "
                                           "the chance they are still a customer, and their lifetime value.",
                                           "Predicted: each customer’s purchases and spend over the next %d months, "
                                           "the chance they are still a customer, and their lifetime value.",
                                           options->horizon),
                              options->horizon);
      g_string_append_c (text, '\n');
      g_string_append (text, _("Learnt from: how often and how recently each customer ordered, how long they have "
                               "been one, and what they spent on each order, over all the orders."));
      if (last_day != NULL)
        {
          g_autofree char *day = seg_predict_describe_day (last_day);

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Customers are valued as they stand after the last order, on %s."), day);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (options->cutoff == NULL)
    return g_strdup (_("The orders have no dates yet, so there is no day to predict from."));

  target = seg_predict_describe_target (kind, options->target_item, options->cutoff, options->horizon);
  {
    g_autofree char *cutoff = seg_predict_describe_day (options->cutoff);

    /* TRANSLATORS: the target in words, such as “Buys again within 30
     * days of 1 Mar 2024”. */
    g_string_append_printf (text, _("Checked on: %s."), target);
    g_string_append_c (text, ' ');
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "The cut-off is %s: the model learns from the orders before it, and is "
                                         "judged on what customers did in the %d day from it, which is known.",
                                         "The cut-off is %s: the model learns from the orders before it, and is "
                                         "judged on what customers did in the %d days from it, which is known.",
                                         options->horizon),
                            cutoff, options->horizon);
  }
  g_string_append_c (text, '\n');
  g_string_append (text, _("Learnt from, for each customer:"));
  for (guint i = 0; features[i] != NULL; i++)
    {
      g_autofree char *sentence = seg_predict_describe_feature (features[i], options->cutoff);

      g_string_append_printf (text, "\n • %s", sentence != NULL ? sentence : features[i]);
    }
  if (options->item != NULL)
    {
      g_autofree char *day = seg_predict_describe_day (options->cutoff);
      int top = options->top_items == 0 ? 10 : options->top_items;

      if (top > 0)
        {
          g_string_append (text, "\n • ");
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Distinct values of “%s” bought, and the share of spend on the %d "
                                               "bought most, before %s",
                                               "Distinct values of “%s” bought, and the share of spend on each of "
                                               "the %d bought most, before %s",
                                               top),
                                  options->item, top, day);
        }
    }
  if (options->customers_table != NULL)
    {
      g_string_append (text, "\n • ");
      g_string_append_printf (text, _("The columns of the table “%s”, as they are today"), options->customers_table);
    }
  if (options->segment_run != 0)
    {
      g_string_append (text, "\n • ");
      g_string_append_printf (text, _("The customer’s segment in clustering run %" PRId64), options->segment_run);
    }
  if (last_day != NULL)
    {
      g_autofree char *day = seg_predict_describe_day (last_day);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Then every customer is scored as they stand after the last order, on %s."), day);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The column @name names, else the one with a usual name for @role. */
static SegColumnInfo *
orders_column (SegTableInfo *info,
               const char   *name,
               SegOrderRole  role)
{
  if (name == NULL)
    name = seg_orders_guess_column (info, role);
  return name != NULL ? seg_table_find_column (info, NULL, name, NULL) : NULL;
}

/**
 * seg_predict_check_orders:
 * @options: the order lines and their columns; columns left %NULL are
 *   recognised by their names
 *
 * Checks, before anything is written, that the order lines can answer a
 * question: a customer column, a column of dates and either an amount or
 * a quantity and a price, with a message in plain words that says what
 * to choose when not.
 *
 * Returns: whether they can
 */
gboolean
seg_predict_check_orders (SegProject                   *project,
                          const SegPredictTableOptions *options,
                          GError                      **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  SegColumnInfo *column;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->orders == NULL)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("Choose the table of your order lines first; import one on the Data page if there is none"));
      return FALSE;
    }
  info = seg_project_get_table (project, options->orders, error);
  if (info == NULL)
    return FALSE;

  if (orders_column (info, options->customer, SEG_ORDER_ROLE_CUSTOMER) == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("The table “%s” has no column of customers; choose the column that names who placed each order"),
                   info->name);
      return FALSE;
    }
  column = orders_column (info, options->date, SEG_ORDER_ROLE_DATE);
  if (column == NULL || (column->type != SEG_COLUMN_DATE && column->type != SEG_COLUMN_DATETIME))
    {
      if (column == NULL)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("The table “%s” has no column of dates, so no question about the next days can be asked of it; "
                       "choose the column with each order’s day, or import order lines with dates"),
                     info->name);
      else
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("The column “%s” of the table “%s” holds %s, not dates; choose the column with each order’s "
                       "day, or change the column’s type to date on the Data page"),
                     column->name, info->name, seg_column_type_to_string (column->type));
      return FALSE;
    }
  if (orders_column (info, options->amount, SEG_ORDER_ROLE_AMOUNT) == NULL &&
      (orders_column (info, options->quantity, SEG_ORDER_ROLE_QUANTITY) == NULL ||
       orders_column (info, options->price, SEG_ORDER_ROLE_PRICE) == NULL))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("The table “%s” has no column of amounts, nor quantities and prices; choose what each order "
                     "line is worth"),
                   info->name);
      return FALSE;
    }

  return TRUE;
}

/**
 * seg_predict_model_use_table:
 * @model: a classification or regression model
 * @summary: the labelled customer table made for it
 *
 * Sets the model's inputs to the labelled table: the target, every
 * feature the table computed, the customer as the key and its split
 * column, so that it learns from the train rows, is judged on the test
 * rows and scores the score rows.
 *
 * Returns: whether @model takes a labelled table
 */
gboolean
seg_predict_model_use_table (SegModel                     *model,
                             const SegPredictTableSummary *summary,
                             GError                      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) features = NULL;
  SegModelKind kind;

  g_return_val_if_fail (SEG_IS_MODEL (model), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  kind = seg_model_get_kind (model);
  if (kind != SEG_MODEL_KIND_CLASSIFICATION && kind != SEG_MODEL_KIND_REGRESSION)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("“%s” does not learn from a table of customers; choose a classification or regression model"),
                   seg_model_get_title (model));
      return FALSE;
    }
  for (guint i = 0; i < summary->features->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (summary->features, i));
  features = g_strv_builder_end (builder);
  g_object_set (model,
                "table", summary->table,
                "target", "target",
                "features", features,
                "key", "customer",
                "split-column", "split",
                NULL);
  /* A spend model is judged against last period's spend. */
  if (kind == SEG_MODEL_KIND_REGRESSION && summary->baseline != NULL)
    g_object_set (model, "baseline-column", summary->baseline, NULL);

  return TRUE;
}

/**
 * seg_predict_model_use_orders:
 * @model: a lifetime value model
 * @options: the order lines and their columns, as for a labelled table
 *
 * Sets the model's inputs to the order lines: the table and the
 * columns named, the others as the model guesses them.
 *
 * Returns: whether @model takes order lines
 */
gboolean
seg_predict_model_use_orders (SegModel                     *model,
                              const SegPredictTableOptions *options,
                              GError                      **error)
{
  const struct { const char *property; const char *column; } roles[] = {
    { "customer", options != NULL ? options->customer : NULL },
    { "date", options != NULL ? options->date : NULL },
    { "amount", options != NULL ? options->amount : NULL },
    { "quantity", options != NULL ? options->quantity : NULL },
    { "price", options != NULL ? options->price : NULL },
  };

  g_return_val_if_fail (SEG_IS_MODEL (model), FALSE);
  g_return_val_if_fail (options != NULL && options->orders != NULL, FALSE);

  if (seg_model_get_kind (model) != SEG_MODEL_KIND_LIFETIME)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("“%s” does not learn from order lines; choose a lifetime value model"),
                   seg_model_get_title (model));
      return FALSE;
    }
  g_object_set (model, "table", options->orders, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].column != NULL)
      g_object_set (model, roles[i].property, roles[i].column, NULL);

  return TRUE;
}

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  const SegPredictScore *x = *(SegPredictScore **) a;
  const SegPredictScore *y = *(SegPredictScore **) b;
  double u = isnan (x->prediction) ? x->clv : x->prediction;
  double v = isnan (y->prediction) ? y->clv : y->prediction;

  /* The highest first, ties by key so that the order is the same every
   * time; NAN last. */
  if (isnan (u) != isnan (v))
    return isnan (u) ? 1 : -1;
  if (u != v && !isnan (u))
    return u > v ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

static const char *
string_member (JsonNode   *node,
               const char *name)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
         ? json_object_get_string_member_with_default (json_node_get_object (node), name, NULL) : NULL;
}

/* A join giving each score row of a labelled table's run the customer's
 * orders, spend and days since the last order, as the table's score rows
 * count them (as of the day after the last order, hence the one day
 * less); %NULL when the run's table has no score rows to read. */
static char *
facts_of_table (SegProject   *project,
                SegRunRecord *record)
{
  g_autoptr(SegTableInfo) input = NULL;
  g_autoptr(SegTableInfo) result = NULL;
  g_autofree char *input_q = NULL;
  g_autofree char *input_key_q = NULL;
  g_autofree char *result_key_q = NULL;
  SegColumnInfo *input_key, *result_key;
  static const char *const needed[] = { "split", "frequency", "monetary", "recency" };

  if (record->input_table == NULL ||
      (input = seg_project_get_table (project, record->input_table, NULL)) == NULL ||
      (result = seg_run_record_get_result (record, project, NULL)) == NULL ||
      input->columns->len == 0 || result->columns->len == 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (seg_table_find_column (input, NULL, needed[i], NULL) == NULL)
      return NULL;
  input_key = g_ptr_array_index (input->columns, 0);
  result_key = g_ptr_array_index (result->columns, 0);
  input_q = seg_quote_identifier (input->name);
  input_key_q = seg_quote_identifier (input_key->name);
  result_key_q = seg_quote_identifier (result_key->name);
  /* LIMIT -1 keeps the rows apart from the join, so that SQLite indexes
   * them on the key rather than reading them all for each customer. */
  return g_strdup_printf (" LEFT JOIN (SELECT CAST (%s AS TEXT) AS k, frequency AS orders, monetary AS total, "
                          "recency - 1 AS days_since FROM %s WHERE split = 'score' LIMIT -1) AS f "
                          "ON f.k = CAST (r.%s AS TEXT)",
                          input_key_q, input_q, result_key_q);
}

/* The same join for a lifetime run, from the order lines it read: the
 * orders (invoices, else order days) and spend of the lines bought, and
 * the days from the customer's last to the last of all, for ISO dates. */
static char *
facts_of_orders (SegProject   *project,
                 SegRunRecord *record)
{
  g_autoptr(SegTableInfo) orders = NULL;
  g_autoptr(SegTableInfo) result = NULL;
  const char *table = record->input_table;
  const char *customer = string_member (record->input, "customer");
  const char *date = string_member (record->input, "date");
  const char *amount = string_member (record->input, "amount");
  const char *quantity = string_member (record->input, "quantity");
  const char *price = string_member (record->input, "price");
  const char *invoice;
  g_autofree char *orders_q = NULL;
  g_autofree char *customer_q = NULL;
  g_autofree char *day = NULL;
  g_autofree char *value = NULL;
  g_autofree char *order = NULL;
  g_autofree char *result_key_q = NULL;

  if (table == NULL || customer == NULL || date == NULL ||
      (orders = seg_project_get_table (project, table, NULL)) == NULL ||
      (result = seg_run_record_get_result (record, project, NULL)) == NULL ||
      result->columns->len == 0 ||
      seg_table_find_column (orders, NULL, customer, NULL) == NULL ||
      seg_table_find_column (orders, NULL, date, NULL) == NULL)
    return NULL;
  if (amount != NULL && seg_table_find_column (orders, NULL, amount, NULL) != NULL)
    value = seg_quote_identifier (amount);
  else if (quantity != NULL && price != NULL && seg_table_find_column (orders, NULL, quantity, NULL) != NULL &&
           seg_table_find_column (orders, NULL, price, NULL) != NULL)
    {
      g_autofree char *quantity_q = seg_quote_identifier (quantity);
      g_autofree char *price_q = seg_quote_identifier (price);

      value = g_strdup_printf ("(%s * %s)", quantity_q, price_q);
    }
  else
    return NULL;
  orders_q = seg_quote_identifier (orders->name);
  customer_q = seg_quote_identifier (customer);
  {
    g_autofree char *date_q = seg_quote_identifier (date);

    day = g_strdup_printf ("substr (CAST (%s AS TEXT), 1, 10)", date_q);
  }
  invoice = seg_orders_guess_column (orders, SEG_ORDER_ROLE_INVOICE);
  if (invoice != NULL)
    order = seg_quote_identifier (invoice);
  else
    order = g_strdup (day);
  result_key_q = seg_quote_identifier (((SegColumnInfo *) g_ptr_array_index (result->columns, 0))->name);
  return g_strdup_printf (" LEFT JOIN (SELECT CAST (%s AS TEXT) AS k, COUNT (DISTINCT %s) AS orders, "
                          "SUM (%s) AS total, julianday ((SELECT MAX (%s) FROM %s)) - "
                          "julianday (MAX (%s)) AS days_since FROM %s WHERE %s > 0 GROUP BY 1) AS f "
                          "ON f.k = CAST (r.%s AS TEXT)",
                          customer_q, order, value, day, orders_q, day, orders_q, value, result_key_q);
}

/**
 * seg_predict_read_scores:
 * @run: a finished classification, regression or lifetime run
 *
 * The customers the run scored as of the day after the last order: the
 * score rows of a run on a labelled table (every row when it had no
 * split), or every customer of a lifetime run, highest first.
 *
 * Returns: (transfer full) (element-type SegPredictScore): the
 *   customers, or %NULL with @error set
 */
GPtrArray *
seg_predict_read_scores (SegProject  *project,
                         gint64       run,
                         GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  SegColumnInfo *key;
  gboolean lifetime;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;
  lifetime = record->kind == SEG_MODEL_KIND_LIFETIME;
  if (!lifetime && record->kind != SEG_MODEL_KIND_CLASSIFICATION && record->kind != SEG_MODEL_KIND_REGRESSION)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("Run %" PRId64 " is not a prediction; it scored no customers"), run);
      return NULL;
    }
  if ((info = seg_run_record_get_result (record, project, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                     _("Run %" PRId64 " kept no table of customers; run it again"), run);
      return NULL;
    }
  /* The key is the first column, whatever the run called it. */
  key = info->columns->len > 0 ? g_ptr_array_index (info->columns, 0) : NULL;
  if (key == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                   _("Run %" PRId64 " kept no table of customers; run it again"), run);
      return NULL;
    }
  table_q = seg_quote_identifier (info->name);
  {
    g_autofree char *key_q = seg_quote_identifier (key->name);
    g_autofree char *facts = lifetime ? facts_of_orders (project, record) : facts_of_table (project, record);
    const char *join = facts != NULL ? facts : "";
    const char *columns = facts != NULL ? "f.orders, f.total, f.days_since" : "NULL, NULL, NULL";

    /* The facts come in one join, whatever the number of customers. */
    if (lifetime)
      sql = g_strdup_printf ("SELECT CAST (r.%s AS TEXT), NULL, p_alive, expected_purchases, expected_spend, clv, %s "
                             "FROM %s AS r%s", key_q, columns, table_q, join);
    else if (seg_table_find_column (info, NULL, "split", NULL) != NULL)
      sql = g_strdup_printf ("SELECT CAST (r.%s AS TEXT), prediction, NULL, NULL, NULL, NULL, %s FROM %s AS r%s "
                             "WHERE r.split = 'score'", key_q, columns, table_q, join);
    else
      sql = g_strdup_printf ("SELECT CAST (r.%s AS TEXT), prediction, NULL, NULL, NULL, NULL, %s FROM %s AS r%s",
                             key_q, columns, table_q, join);
  }
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;

  scores = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_predict_score_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegPredictScore *score = g_new (SegPredictScore, 1);
      double *figures[] = {
        &score->prediction, &score->alive, &score->purchases, &score->spend, &score->clv,
        &score->orders, &score->total, &score->days_since,
      };

      score->key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
        *figures[f] = sqlite3_column_type (stmt, f + 1) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, f + 1);
      g_ptr_array_add (scores, score);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }
  g_ptr_array_sort (scores, compare_scores);

  return g_steal_pointer (&scores);
}
