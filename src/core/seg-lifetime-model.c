/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seg-customer.h"
#include "seg-day-private.h"
#include "seg-enums.h"
#include "seg-lifetime.h"
#include "seg-lifetime-model.h"
#include "seg-model.h"
#include "seg-project-private.h"
#include "seg-run-context-private.h"

/*
 * What each customer is worth over the coming months: the dated order
 * lines are summarised per customer (repeat purchases, recency, age and
 * mean repeat spend), a purchase model (BG/NBD or Pareto/NBD) says how
 * many more purchases to expect and whether the customer is still
 * buying at all, Gamma–Gamma how much each will spend, and the two give
 * the lifetime value with a margin and a monthly discount. With a
 * calibration end before the last order, the orders after it are kept
 * back and the predicted purchases are set against the actual ones.
 */

#define SEG_TYPE_LIFETIME_MODEL (seg_lifetime_model_get_type ())
G_DECLARE_FINAL_TYPE (SegLifetimeModel, seg_lifetime_model, SEG, LIFETIME_MODEL, SegModel)

struct _SegLifetimeModel
{
  SegModel parent_instance;

  char   *orders;
  char   *customer;
  char   *date;
  char   *amount;
  char   *quantity;
  char   *price;
  int     purchase;
  int     unit;
  int     horizon;
  double  margin;
  double  discount;
  char   *calibration_end;
  double  max_penalty;
};

G_DEFINE_FINAL_TYPE (SegLifetimeModel, seg_lifetime_model, SEG_TYPE_MODEL)

enum {
  PROP_0,
  PROP_ORDERS,
  PROP_CUSTOMER,
  PROP_DATE,
  PROP_AMOUNT,
  PROP_QUANTITY,
  PROP_PRICE,
  PROP_PURCHASE,
  PROP_UNIT,
  PROP_HORIZON,
  PROP_MARGIN,
  PROP_DISCOUNT,
  PROP_CALIBRATION_END,
  PROP_MAX_PENALTY,
};

static const SegFigure lifetime_figures[] = {
  { "customers", N_("Customers"), -1 },
  { "total_clv", N_("Total lifetime value"), 2 },
  { "mean_p_alive", N_("Mean chance still a customer"), 3 },
  { NULL, NULL, 0 },
};

typedef struct
{
  /* Order lines kept: customer index, day, value (0 when none given). */
  GArray           *customer;   /* of uint32_t */
  GArray           *day;        /* of int32_t */
  GArray           *value;      /* of double */
  GPtrArray        *names;      /* customer keys as text, by index */
  gint64            skipped;    /* lines without a customer or a day */
  gint64            returns;    /* lines of a negative amount */
  int32_t           end_day;    /* calibration end */
  int32_t           last_day;   /* of all orders */
  gboolean          holdout;

  /* Per customer seen by the calibration end. */
  size_t            n;
  uint32_t         *index;      /* into names */
  double           *x;
  double           *t_x;
  double           *T;
  double           *monetary;
  double           *p_alive;
  double           *expected;
  double           *spend;
  double           *clv;
  double           *actual;     /* holdout purchase periods, with holdout */

  SegPurchaseModel *purchases;
  SegSpendModel    *spend_model;
} Work;

static void
work_free (Work *work)
{
  g_clear_pointer (&work->customer, g_array_unref);
  g_clear_pointer (&work->day, g_array_unref);
  g_clear_pointer (&work->value, g_array_unref);
  g_clear_pointer (&work->names, g_ptr_array_unref);
  g_free (work->index);
  g_free (work->x);
  g_free (work->t_x);
  g_free (work->T);
  g_free (work->monetary);
  g_free (work->p_alive);
  g_free (work->expected);
  g_free (work->spend);
  g_free (work->clv);
  g_free (work->actual);
  g_clear_pointer (&work->purchases, seg_purchase_model_free);
  g_clear_pointer (&work->spend_model, seg_spend_model_free);
  g_free (work);
}

static double
units_per_day (SegLifetimeModel *self)
{
  return self->unit == SEG_CLV_UNIT_WEEKS ? 1.0 / 7.0 : 1.0;
}

static gboolean
input_error (GError     **error,
             const char  *option,
             const char  *message)
{
  g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT, "%s: %s", option, message);
  return FALSE;
}

static gboolean
check_params (SegLifetimeModel  *self,
              gint64            *end_key,
              GError           **error)
{
  if (self->amount == NULL && (self->quantity == NULL || self->price == NULL))
    return input_error (error, "amount",
                        _("name an amount column, or a quantity and a price column"));
  if (!(self->margin > 0.0 && self->margin <= 1.0))
    return input_error (error, "margin", _("the margin must be a fraction above 0 and at most 1"));
  if (!(self->discount >= 0.0))
    return input_error (error, "discount", _("the monthly discount rate cannot be negative"));
  if (self->horizon <= 0)
    return input_error (error, "horizon", _("the horizon must be at least one month"));
  *end_key = 0;
  if (self->calibration_end != NULL && *self->calibration_end != '\0' &&
      !seg_day_key_of_date_text (self->calibration_end, end_key))
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   _("calibration-end: “%s” is not a date of the form YYYY-MM-DD"), self->calibration_end);
      return FALSE;
    }
  return TRUE;
}

static gboolean
lifetime_load (SegModel       *model,
               SegRunContext  *context,
               GError        **error)
{
  SegLifetimeModel *self = SEG_LIFETIME_MODEL (model);
  SegProject *project = seg_run_context_get_writer (context);
  SegTableInfo *info = seg_run_context_get_table (context);
  sqlite3 *db = seg_project_get_db (project);
  g_autofree char *q_table = seg_quote_identifier (info->name);
  g_autofree char *q_customer = seg_quote_identifier (self->customer);
  g_autofree char *q_date = seg_quote_identifier (self->date);
  g_autofree char *value_sql = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *date_stmt = NULL;
  Work *work;
  gint64 end_key, row = 0;
  int rc;

  if (!check_params (self, &end_key, error))
    return FALSE;

  if (self->amount != NULL)
    {
      g_autofree char *q_amount = seg_quote_identifier (self->amount);
      value_sql = g_strdup (q_amount);
    }
  else
    {
      g_autofree char *q_quantity = seg_quote_identifier (self->quantity);
      g_autofree char *q_price = seg_quote_identifier (self->price);
      value_sql = g_strdup_printf ("%s * %s", q_quantity, q_price);
    }
  sql = g_strdup_printf ("SELECT CAST (%s AS TEXT), %s, %s FROM %s", q_customer, q_date, value_sql, q_table);

  work = g_new0 (Work, 1);
  work->customer = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  work->day = g_array_new (FALSE, FALSE, sizeof (int32_t));
  work->value = g_array_new (FALSE, FALSE, sizeof (double));
  work->names = g_ptr_array_new_with_free_func (g_free);
  work->last_day = G_MININT32;
  seg_run_context_set_work (context, work, (GDestroyNotify) work_free);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT date (?1)", -1, &date_stmt, NULL) != SQLITE_OK)
    {
      seg_project_set_sqlite_error (project, sqlite3_errcode (db), error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gpointer found;
      uint32_t c;
      int32_t day;
      double value;
      gint64 key;

      if ((++row & 0xffff) == 0 && seg_run_context_check_cancelled (context, error))
        break;
      if (id == NULL || *id == '\0' || !seg_day_of_column (stmt, 1, date_stmt, &key))
        {
          work->skipped++;
          continue;
        }
      value = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? 0.0 : sqlite3_column_double (stmt, 2);
      if (value < 0.0 || !isfinite (value))
        {
          /* A return: neither a purchase nor spend. */
          work->returns++;
          continue;
        }
      if (!g_hash_table_lookup_extended (ids, id, NULL, &found))
        {
          char *copy = g_strdup (id);

          found = GUINT_TO_POINTER (work->names->len);
          g_ptr_array_add (work->names, copy);
          g_hash_table_insert (ids, copy, found);
        }
      c = GPOINTER_TO_UINT (found);
      day = (int32_t) seg_key_day (key);
      work->last_day = MAX (work->last_day, day);
      g_array_append_val (work->customer, c);
      g_array_append_val (work->day, day);
      g_array_append_val (work->value, value);
    }
  sqlite3_finalize (date_stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      seg_project_set_sqlite_error (project, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return FALSE;  /* cancelled */

  if (work->names->len < 2)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   _("orders: table “%s” has purchases of %u customers; a lifetime value needs at least two"),
                   info->name, work->names->len);
      return FALSE;
    }
  work->end_day = work->last_day;
  if (end_key != 0)
    {
      work->end_day = (int32_t) seg_key_day (end_key);
      work->holdout = work->end_day < work->last_day;
    }
  return TRUE;
}

static gboolean
lifetime_prepare (SegModel       *model,
                  SegRunContext  *context,
                  GError        **error)
{
  SegLifetimeModel *self = SEG_LIFETIME_MODEL (model);
  Work *work = seg_run_context_get_work (context);
  size_t n_all = work->names->len;
  size_t n_rows = work->customer->len;
  g_autofree double *x = g_new (double, n_all);
  g_autofree double *t_x = g_new (double, n_all);
  g_autofree double *T = g_new (double, n_all);
  g_autofree double *monetary = g_new (double, n_all);
  g_autofree uint8_t *seen = g_new (uint8_t, n_all);
  SegLifetimeSummaryParams params;
  gssize n_seen;
  size_t k = 0;

  seg_lifetime_summary_params_init (&params);
  params.period = SEG_LIFETIME_PERIOD_DAY;
  params.multiplier = self->unit == SEG_CLV_UNIT_WEEKS ? 7.0 : 1.0;
  n_seen = seg_lifetime_summarize ((const uint32_t *) work->customer->data, (const int32_t *) work->day->data,
                                   (const double *) work->value->data, n_rows, n_all, work->end_day,
                                   &params, x, t_x, T, monetary, seen, error);
  if (n_seen < 0)
    return FALSE;
  if (n_seen < 2)
    {
      g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                   _("calibration-end: only %zd customers bought by %s; a lifetime value needs at least two"),
                   n_seen, self->calibration_end);
      return FALSE;
    }

  work->n = (size_t) n_seen;
  work->index = g_new (uint32_t, work->n);
  work->x = g_new (double, work->n);
  work->t_x = g_new (double, work->n);
  work->T = g_new (double, work->n);
  work->monetary = g_new (double, work->n);
  for (size_t c = 0; c < n_all; c++)
    if (seen[c])
      {
        work->index[k] = (uint32_t) c;
        work->x[k] = x[c];
        work->t_x[k] = t_x[c];
        work->T[k] = T[c];
        work->monetary[k] = monetary[c];
        k++;
      }

  if (work->holdout)
    {
      /* Purchases after the calibration end, counted as the summary
       * counts them: one a day. */
      g_autofree double *count = g_new0 (double, n_all);
      g_autofree gint64 *keys = g_new (gint64, n_rows);
      g_autoptr(GHashTable) days = g_hash_table_new (g_int64_hash, g_int64_equal);
      const int32_t *day = (const int32_t *) work->day->data;
      const uint32_t *customer = (const uint32_t *) work->customer->data;

      /* Rows of a customer need not be in day order: distinct days by a
       * set of (customer, day) pairs. */
      for (size_t i = 0; i < n_rows; i++)
        {
          if (day[i] <= work->end_day || !seen[customer[i]])
            continue;
          keys[i] = (gint64) customer[i] << 32 | (guint32) day[i];
          if (g_hash_table_add (days, &keys[i]))
            count[customer[i]] += 1.0;
        }
      work->actual = g_new (double, work->n);
      for (size_t i = 0; i < work->n; i++)
        work->actual[i] = count[work->index[i]];
    }
  return TRUE;
}

static gboolean
lifetime_fit (SegModel       *model,
              SegRunContext  *context,
              GError        **error)
{
  SegLifetimeModel *self = SEG_LIFETIME_MODEL (model);
  Work *work = seg_run_context_get_work (context);
  SegMonitor monitor = seg_run_context_get_monitor (context);
  SegLifetimeFitParams params;
  SegClvParams clv;
  g_autoptr(GError) local_error = NULL;

  seg_lifetime_fit_params_init (&params);
  params.max_penalty = self->max_penalty;
  seg_run_context_report (context, 0.0, _("Fitting the purchase model"));
  work->purchases = seg_purchase_model_fit (self->purchase == SEG_CLV_PURCHASE_PARETO_NBD ?
                                              SEG_PURCHASE_PARETO_NBD : SEG_PURCHASE_BGNBD,
                                            work->x, work->t_x, work->T, NULL, work->n,
                                            &params, &monitor, error);
  if (work->purchases == NULL)
    return FALSE;
  seg_run_context_report (context, 0.6, _("Fitting the spend model"));
  work->spend_model = seg_spend_model_fit (work->x, work->monetary, NULL, work->n, &params, &monitor, &local_error);
  if (work->spend_model == NULL)
    {
      if (g_error_matches (local_error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT))
        g_set_error (error, SEG_LIFETIME_ERROR, SEG_LIFETIME_ERROR_INPUT,
                     _("orders: the spend model needs at least two customers who bought more than once (%s)"),
                     local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  work->p_alive = g_new (double, work->n);
  work->expected = g_new (double, work->n);
  work->spend = g_new (double, work->n);
  work->clv = g_new (double, work->n);
  seg_clv_params_init (&clv);
  clv.months = self->horizon;
  clv.margin = self->margin;
  clv.discount_rate = self->discount;
  clv.units_per_month = self->unit == SEG_CLV_UNIT_WEEKS ? 4.345 : 30.0;
  seg_purchase_model_p_alive (work->purchases, work->x, work->t_x, work->T, work->n, work->p_alive);
  seg_purchase_model_predict (work->purchases, clv.months * clv.units_per_month,
                              work->x, work->t_x, work->T, work->n, work->expected);
  seg_spend_model_predict (work->spend_model, work->x, work->monetary, work->n, work->spend);
  seg_run_context_report (context, 0.8, _("Computing lifetime values"));
  return seg_clv (work->purchases, work->spend_model, work->x, work->t_x, work->T, work->monetary,
                  work->n, &clv, &monitor, work->clv, error);
}

static void
add_info (JsonBuilder              *builder,
          const char               *prefix,
          const SegLifetimeFitInfo *info)
{
  g_autofree char *ll = g_strconcat (prefix, "log_likelihood", NULL);
  g_autofree char *penalty = g_strconcat (prefix, "penalty", NULL);
  g_autofree char *optimizer = g_strconcat (prefix, "optimizer", NULL);

  seg_json_add_double_or_null (builder, ll, info->log_likelihood);
  seg_json_add_double_or_null (builder, penalty, info->penalty);
  json_builder_set_member_name (builder, optimizer);
  json_builder_add_string_value (builder, info->optimizer == SEG_LIFETIME_OPTIMIZER_BFGS ? "bfgs" : "nelder-mead");
}

static void
add_grid (JsonBuilder *builder,
          Work        *work)
{
  double max_x = 0.0, max_T = 0.0;
  double x[SEG_CLV_GRID_SIZE], t_x[SEG_CLV_GRID_SIZE], T[SEG_CLV_GRID_SIZE];
  double expected[SEG_CLV_GRID_SIZE], alive[SEG_CLV_GRID_SIZE];

  for (size_t i = 0; i < work->n; i++)
    {
      max_x = MAX (max_x, work->x[i]);
      max_T = MAX (max_T, work->T[i]);
    }
  /* A customer as old as the oldest, with frequency and recency on the
   * grid; cells where recency is 0 but frequency is not cannot occur and
   * are given as for the least recency the grid shows. */
  json_builder_set_member_name (builder, "grid");
  json_builder_begin_object (builder);
  seg_json_add_double_or_null (builder, "max_frequency", max_x);
  seg_json_add_double_or_null (builder, "max_recency", max_T);
  seg_json_add_double_or_null (builder, "T", max_T);
  json_builder_set_member_name (builder, "expected");
  json_builder_begin_array (builder);
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "p_alive");
          json_builder_begin_array (builder);
        }
      for (int f = 0; f < SEG_CLV_GRID_SIZE; f++)
        {
          json_builder_begin_array (builder);
          for (int r = 0; r < SEG_CLV_GRID_SIZE; r++)
            {
              x[r] = round (max_x * f / (SEG_CLV_GRID_SIZE - 1));
              t_x[r] = max_T * r / (SEG_CLV_GRID_SIZE - 1);
              if (x[r] > 0 && t_x[r] == 0.0)
                t_x[r] = max_T / (SEG_CLV_GRID_SIZE - 1) / 2;
              T[r] = max_T;
            }
          if (pass == 0)
            seg_purchase_model_predict (work->purchases, 1.0, x, t_x, T, SEG_CLV_GRID_SIZE, expected);
          else
            seg_purchase_model_p_alive (work->purchases, x, t_x, T, SEG_CLV_GRID_SIZE, alive);
          for (int r = 0; r < SEG_CLV_GRID_SIZE; r++)
            json_builder_add_double_value (builder, pass == 0 ? expected[r] : alive[r]);
          json_builder_end_array (builder);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_holdout (JsonBuilder      *builder,
             SegLifetimeModel *self,
             Work             *work)
{
  double duration = (work->last_day - work->end_day) * units_per_day (self);
  g_autofree double *predicted = g_new (double, work->n);
  double count[SEG_CLV_HOLDOUT_GROUPS] = { 0 };
  double actual[SEG_CLV_HOLDOUT_GROUPS] = { 0 };
  double expected[SEG_CLV_HOLDOUT_GROUPS] = { 0 };

  seg_purchase_model_predict (work->purchases, duration, work->x, work->t_x, work->T, work->n, predicted);
  for (size_t i = 0; i < work->n; i++)
    {
      int g = (int) MIN (work->x[i], SEG_CLV_HOLDOUT_GROUPS - 1);

      count[g] += 1.0;
      actual[g] += work->actual[i];
      expected[g] += predicted[i];
    }
  json_builder_set_member_name (builder, "holdout");
  json_builder_begin_object (builder);
  seg_json_add_double_or_null (builder, "duration", duration);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (int g = 0; g < SEG_CLV_HOLDOUT_GROUPS; g++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "frequency");
      json_builder_add_int_value (builder, g);
      json_builder_set_member_name (builder, "or_more");
      json_builder_add_boolean_value (builder, g == SEG_CLV_HOLDOUT_GROUPS - 1);
      json_builder_set_member_name (builder, "customers");
      json_builder_add_int_value (builder, (gint64) count[g]);
      seg_json_add_double_or_null (builder, "actual", actual[g]);
      seg_json_add_double_or_null (builder, "predicted", expected[g]);
      seg_json_add_double_or_null (builder, "actual_mean", count[g] > 0 ? actual[g] / count[g] : NAN);
      seg_json_add_double_or_null (builder, "predicted_mean", count[g] > 0 ? expected[g] / count[g] : NAN);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean
lifetime_measure (SegModel       *model,
                  SegRunContext  *context,
                  GError        **error)
{
  SegLifetimeModel *self = SEG_LIFETIME_MODEL (model);
  Work *work = seg_run_context_get_work (context);
  JsonObject *metrics = seg_run_context_get_metrics (context);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  GList *members;
  double p[4], gg[3], total = 0.0, alive = 0.0, correlation;
  g_autofree char *sentence = NULL;
  char day[16];
  gboolean pareto = seg_purchase_model_get_kind (work->purchases) == SEG_PURCHASE_PARETO_NBD;
  static const char *const bg_names[] = { "r", "alpha", "a", "b" };
  static const char *const pareto_names[] = { "r", "alpha", "s", "beta" };
  static const char *const gg_names[] = { "p", "q", "v" };

  for (size_t i = 0; i < work->n; i++)
    {
      total += work->clv[i];
      alive += work->p_alive[i];
    }
  correlation = seg_spend_independence (work->x, work->monetary, work->n);
  sentence = seg_spend_independence_text (correlation);
  seg_purchase_model_get_params (work->purchases, p);
  seg_spend_model_get_params (work->spend_model, gg);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "customers");
  json_builder_add_int_value (builder, (gint64) work->n);
  json_builder_set_member_name (builder, "repeat_customers");
  {
    gint64 repeat = 0;

    for (size_t i = 0; i < work->n; i++)
      repeat += work->x[i] > 0 && work->monetary[i] > 0;
    json_builder_add_int_value (builder, repeat);
  }
  json_builder_set_member_name (builder, "order_lines");
  json_builder_add_int_value (builder, (gint64) work->customer->len);
  json_builder_set_member_name (builder, "skipped_lines");
  json_builder_add_int_value (builder, work->skipped);
  json_builder_set_member_name (builder, "returns");
  json_builder_add_int_value (builder, work->returns);
  {
    /* The calibration end as a date. */
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_julian (&date, (guint32) (work->end_day + 719163));
    g_snprintf (day, sizeof day, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                g_date_get_day (&date));
  }
  json_builder_set_member_name (builder, "calibration_end");
  json_builder_add_string_value (builder, day);
  json_builder_set_member_name (builder, "purchase_model");
  json_builder_add_string_value (builder, pareto ? "pareto-nbd" : "bgnbd");
  for (int j = 0; j < 4; j++)
    seg_json_add_double_or_null (builder, pareto ? pareto_names[j] : bg_names[j], p[j]);
  add_info (builder, "", seg_purchase_model_get_info (work->purchases));
  for (int j = 0; j < 3; j++)
    seg_json_add_double_or_null (builder, gg_names[j], gg[j]);
  add_info (builder, "spend_", seg_spend_model_get_info (work->spend_model));
  seg_json_add_double_or_null (builder, "independence", correlation);
  json_builder_set_member_name (builder, "independence_text");
  json_builder_add_string_value (builder, sentence);
  seg_json_add_double_or_null (builder, "total_clv", total);
  seg_json_add_double_or_null (builder, "mean_p_alive", alive / work->n);
  add_grid (builder, work);
  if (work->holdout)
    add_holdout (builder, self, work);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (metrics, l->data, json_node_copy (json_object_get_member (object, l->data)));
  g_list_free (members);

  return !seg_run_context_check_cancelled (context, error);
}

static gboolean
lifetime_write (SegModel       *model,
                SegRunContext  *context,
                GError        **error)
{
  SegLifetimeModel *self = SEG_LIFETIME_MODEL (model);
  Work *work = seg_run_context_get_work (context);
  SegTableInfo *info = seg_run_context_get_table (context);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(SegTableWriter) writer = NULL;
  g_autoptr(GBytes) purchases = NULL;
  g_autoptr(GBytes) spend = NULL;
  SegColumnType key_type = SEG_COLUMN_TEXT;
  static const char *const names[] = {
    "frequency", "recency", "T", "monetary", "p_alive", "expected_purchases", "expected_spend", "clv",
  };
  sqlite3_stmt *stmt;

  for (guint i = 0; i < info->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, i);

      if (g_strcmp0 (column->name, self->customer) == 0 && column->type == SEG_COLUMN_INTEGER)
        key_type = SEG_COLUMN_INTEGER;
    }
  g_ptr_array_add (columns, seg_column_info_new (self->customer, key_type));
  for (guint j = 0; j < G_N_ELEMENTS (names); j++)
    g_ptr_array_add (columns, seg_column_info_new (names[j], SEG_COLUMN_REAL));

  writer = seg_run_context_create_table (context, NULL, "lifetime", columns, (gint64) work->n, error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (size_t i = 0; i < work->n; i++)
    {
      const char *id = g_ptr_array_index (work->names, work->index[i]);
      const double values[] = {
        work->x[i], work->t_x[i], work->T[i], work->monetary[i], work->p_alive[i], work->expected[i],
        work->spend[i], work->clv[i],
      };
      char *end = NULL;
      gint64 number;

      number = g_ascii_strtoll (id, &end, 10);
      if (key_type == SEG_COLUMN_INTEGER && end != NULL && *end == '\0')
        sqlite3_bind_int64 (stmt, 1, number);
      else
        sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        if (isfinite (values[j]))
          sqlite3_bind_double (stmt, 2 + j, values[j]);
        else
          sqlite3_bind_null (stmt, 2 + j);
      if (!seg_table_writer_step (writer, error))
        return FALSE;
    }
  if (!seg_table_writer_finish (writer, error))
    return FALSE;

  purchases = seg_purchase_model_to_bytes (work->purchases);
  spend = seg_spend_model_to_bytes (work->spend_model);
  return seg_run_context_save_state (context, "purchases", purchases, error) &&
         seg_run_context_save_state (context, "spend", spend, error);
}

static void
seg_lifetime_model_class_init (SegLifetimeModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->id = "clv";
  model_class->title = N_("Customer lifetime value");
  model_class->kind = SEG_MODEL_KIND_LIFETIME;
  model_class->figures = lifetime_figures;
  model_class->load = lifetime_load;
  model_class->prepare = lifetime_prepare;
  model_class->fit = lifetime_fit;
  model_class->measure = lifetime_measure;
  model_class->write = lifetime_write;

#define FIELD(name) G_STRUCT_OFFSET (SegLifetimeModel, name)
#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  seg_model_class_install (model_class, PROP_ORDERS,
    seg_param_spec_table ("table", _("Orders"), _("The table of order lines: customer, date and amount")),
    FIELD (orders));
  seg_model_class_install (model_class, PROP_CUSTOMER,
    seg_param_spec_column ("customer", _("Customer"), _("The column that names the customer of each order line"),
                           SEG_COLUMN_KINDS_KEY, FALSE, seg_orders_column_guesses (SEG_ORDER_ROLE_CUSTOMER)),
    FIELD (customer));
  seg_model_class_install (model_class, PROP_DATE,
    seg_param_spec_column ("date", _("Date"), _("The column with the day of each order line"),
                           SEG_COLUMN_KINDS_DATE | SEG_COLUMN_KINDS_TEXT, FALSE,
                           seg_orders_column_guesses (SEG_ORDER_ROLE_DATE)),
    FIELD (date));
  seg_model_class_install (model_class, PROP_AMOUNT,
    seg_param_spec_column ("amount", _("Amount"),
                           _("The column with the value of each order line; without one, quantity times price"),
                           SEG_COLUMN_KINDS_NUMBER, TRUE, seg_orders_column_guesses (SEG_ORDER_ROLE_AMOUNT)),
    FIELD (amount));
  seg_model_class_install (model_class, PROP_QUANTITY,
    seg_param_spec_column ("quantity", _("Quantity"), _("Without an amount column: the quantity of each order line"),
                           SEG_COLUMN_KINDS_NUMBER, TRUE, seg_orders_column_guesses (SEG_ORDER_ROLE_QUANTITY)),
    FIELD (quantity));
  seg_model_class_install (model_class, PROP_PRICE,
    seg_param_spec_column ("price", _("Price"), _("Without an amount column: the unit price of each order line"),
                           SEG_COLUMN_KINDS_NUMBER, TRUE, seg_orders_column_guesses (SEG_ORDER_ROLE_PRICE)),
    FIELD (price));
  seg_model_class_install (model_class, PROP_PURCHASE,
    g_param_spec_enum ("model", _("Purchase model"),
                       _("BG/NBD, or Pareto/NBD, which lets customers leave at any time rather than just after a purchase"),
                       SEG_TYPE_CLV_PURCHASE, SEG_CLV_PURCHASE_BGNBD, FLAGS),
    FIELD (purchase));
  seg_model_class_install (model_class, PROP_UNIT,
    g_param_spec_enum ("unit", _("Time unit"), _("Whether recency and customer age are counted in days or in weeks"),
                       SEG_TYPE_CLV_UNIT, SEG_CLV_UNIT_WEEKS, FLAGS),
    FIELD (unit));
  seg_model_class_install (model_class, PROP_HORIZON,
    g_param_spec_int ("horizon", _("Horizon"), _("How many months ahead the lifetime value counts"),
                      1, 1200, 12, FLAGS),
    FIELD (horizon));
  seg_model_class_install (model_class, PROP_MARGIN,
    g_param_spec_double ("margin", _("Margin"), _("The share of the spend that is profit, as a fraction"),
                         0.0, 1.0, 0.3, FLAGS),
    FIELD (margin));
  seg_model_class_install (model_class, PROP_DISCOUNT,
    g_param_spec_double ("discount", _("Monthly discount rate"),
                         _("How much less money a month later is worth, as a fraction per month"),
                         0.0, 1.0, 0.01, FLAGS),
    FIELD (discount));
  seg_model_class_install (model_class, PROP_CALIBRATION_END,
    g_param_spec_string ("calibration-end", _("Calibration end"),
                         _("A day YYYY-MM-DD to fit on the orders up to; later orders check the predictions. Empty: the last order"),
                         NULL, FLAGS),
    FIELD (calibration_end));
  seg_model_class_install (model_class, PROP_MAX_PENALTY,
    seg_param_spec_set_advanced (
      g_param_spec_double ("max-penalty", _("Largest penalty"),
                           _("How strongly a fit that does not settle may be pulled towards moderate parameters"),
                           0.0, 1e6, 1.0, FLAGS)),
    FIELD (max_penalty));
#undef FLAGS
#undef FIELD
}

static void
seg_lifetime_model_init (SegLifetimeModel *self)
{
}
