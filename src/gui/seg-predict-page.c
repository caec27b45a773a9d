/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-predict-page.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-customer.h"
#include "seg-error.h"
#include "seg-export.h"
#include "seg-measure.h"
#include "seg-model-dialog.h"
#include "seg-predict-evaluation.h"
#include "seg-predict-model-view.h"
#include "seg-run-points.h"
#include "seg-run-record.h"
#include "seg-session.h"
#include "seg-view-helpers.h"

/*
 * The Predict page: four questions a shop owner asks of their orders,
 * answered for every customer. The page guesses the order lines and
 * their columns, says the question back in plain words (what is
 * predicted, from what, as of which day), and on Predict builds the
 * labelled customer table, fits the question's model on it through the
 * window's run manager (judged on the last window of orders, whose
 * outcome is known) and lists the customers the run scored as they
 * stand today. A run that fails or is cancelled takes its table with it,
 * so the project is left as it was. The run's other views, how good the
 * model is and why, sit beside the list.
 */

/* Scored customers --------------------------------------------------------- */

struct _SegPredictRow
{
  GObject  parent_instance;

  char    *key;
  char    *name;
  double   prediction;
  double   alive;
  double   purchases;
  double   spend;
  double   clv;
  double   orders;
  double   total;
  double   days_since;
};

enum {
  ROW_PROP_0,
  ROW_PROP_KEY,
  ROW_PROP_NAME,
  ROW_PROP_PREDICTION,
  ROW_PROP_ALIVE,
  ROW_PROP_PURCHASES,
  ROW_PROP_SPEND,
  ROW_PROP_CLV,
  ROW_PROP_ORDERS,
  ROW_PROP_TOTAL,
  ROW_PROP_DAYS_SINCE,
  ROW_N_PROPS
};

G_DEFINE_FINAL_TYPE (SegPredictRow, seg_predict_row, G_TYPE_OBJECT)

static void
seg_predict_row_finalize (GObject *object)
{
  SegPredictRow *self = SEG_PREDICT_ROW (object);

  g_free (self->key);
  g_free (self->name);

  G_OBJECT_CLASS (seg_predict_row_parent_class)->finalize (object);
}

static void
seg_predict_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SegPredictRow *self = SEG_PREDICT_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_KEY: g_value_set_string (value, self->key); break;
    case ROW_PROP_NAME: g_value_set_string (value, self->name); break;
    case ROW_PROP_PREDICTION: g_value_set_double (value, self->prediction); break;
    case ROW_PROP_ALIVE: g_value_set_double (value, self->alive); break;
    case ROW_PROP_PURCHASES: g_value_set_double (value, self->purchases); break;
    case ROW_PROP_SPEND: g_value_set_double (value, self->spend); break;
    case ROW_PROP_CLV: g_value_set_double (value, self->clv); break;
    case ROW_PROP_ORDERS: g_value_set_double (value, self->orders); break;
    case ROW_PROP_TOTAL: g_value_set_double (value, self->total); break;
    case ROW_PROP_DAYS_SINCE: g_value_set_double (value, self->days_since); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_predict_row_class_init (SegPredictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *const figures[] = {
    "prediction", "alive", "purchases", "spend", "clv", "orders", "total", "days-since",
  };
  GParamSpec *specs[ROW_N_PROPS] = { NULL };

  object_class->finalize = seg_predict_row_finalize;
  object_class->get_property = seg_predict_row_get_property;

  specs[ROW_PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  specs[ROW_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
    specs[ROW_PROP_PREDICTION + f] = g_param_spec_double (figures[f], NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, specs);
}

static void
seg_predict_row_init (SegPredictRow *self)
{
}

static SegPredictRow *
seg_predict_row_new (const SegPredictScore *score,
                     const char            *name)
{
  SegPredictRow *self = g_object_new (SEG_TYPE_PREDICT_ROW, NULL);

  self->key = g_strdup (score->key);
  self->name = g_strdup (name);
  self->prediction = score->prediction;
  self->alive = score->alive;
  self->purchases = score->purchases;
  self->spend = score->spend;
  self->clv = score->clv;
  self->orders = score->orders;
  self->total = score->total;
  self->days_since = score->days_since;
  return self;
}

const char *
seg_predict_row_get_key (SegPredictRow *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_ROW (self), NULL);

  return self->key;
}

const char *
seg_predict_row_get_name (SegPredictRow *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_ROW (self), NULL);

  return self->name;
}

double
seg_predict_row_get_prediction (SegPredictRow *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_ROW (self), NAN);

  return self->prediction;
}

double
seg_predict_row_get_clv (SegPredictRow *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_ROW (self), NAN);

  return self->clv;
}

/* The page ------------------------------------------------------------------ */

/* The order-lines columns the page lets people choose, in the order of
 * the rows; item 0 of each row's list is "none". */
typedef enum
{
  ROLE_CUSTOMER,
  ROLE_DATE,
  ROLE_AMOUNT,
  ROLE_QUANTITY,
  ROLE_PRICE,
  ROLE_ITEM,
  N_ROLES
} Role;

static const struct
{
  const char   *name;
  SegOrderRole  order_role;
} roles[N_ROLES] = {
  { "customer", SEG_ORDER_ROLE_CUSTOMER },
  { "date", SEG_ORDER_ROLE_DATE },
  { "amount", SEG_ORDER_ROLE_AMOUNT },
  { "quantity", SEG_ORDER_ROLE_QUANTITY },
  { "price", SEG_ORDER_ROLE_PRICE },
  { "item", SEG_ORDER_ROLE_ITEM },
};

enum {
  COLUMN_KEY,
  COLUMN_NAME,
  COLUMN_CHANCE,
  COLUMN_PREDICTED_SPEND,
  COLUMN_ALIVE,
  COLUMN_PURCHASES,
  COLUMN_SPEND,
  COLUMN_CLV,
  COLUMN_ORDERS,
  COLUMN_TOTAL,
  COLUMN_DAYS_SINCE,
  N_COLUMNS
};

typedef enum
{
  PHASE_IDLE,
  PHASE_TABLE,   /* the labelled table is being made */
  PHASE_DIALOG,  /* the model dialog is open on it */
  PHASE_FIT,     /* the run manager fits the model */
} Phase;

struct _SegPredictPage
{
  SegPage               parent_instance;

  GtkStack             *stack;
  GtkCheckButton       *checks[SEG_N_PREDICT_QUESTIONS];
  GtkCheckButton       *buys_check;
  GtkCheckButton       *slipping_check;
  GtkCheckButton       *spend_check;
  GtkCheckButton       *worth_check;
  AdwActionRow         *buys_row;
  AdwActionRow         *slipping_row;
  AdwActionRow         *spend_row;
  AdwActionRow         *horizon_row;
  GtkSpinButton        *horizon_spin;
  AdwComboRow          *table_row;
  AdwComboRow          *people_row;
  AdwComboRow          *segments_row;
  GArray               *segment_runs;   /* of gint64: the run of each segments_row item, 0 for none */
  AdwComboRow          *rows[N_ROLES];
  AdwComboRow          *customer_row;
  AdwComboRow          *date_row;
  AdwComboRow          *amount_row;
  AdwComboRow          *quantity_row;
  AdwComboRow          *price_row;
  AdwComboRow          *item_row;
  GtkLabel             *check_label;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkLabel             *answer_label;
  GtkStack             *body;
  GtkLabel             *count_label;
  GtkSpinButton        *top_spin;
  GtkDropDown          *top_unit;
  GtkColumnView        *column_view;
  GtkWidget            *evaluation_view;
  GtkWidget            *model_view;
  GtkColumnViewColumn  *columns[N_COLUMNS];

  SegProject           *project;
  SegPredictQuestion    question;
  int                   days;        /* the horizon of the first three questions */
  int                   months;      /* of the lifetime value */
  char                 *last_day;    /* of the orders chosen, or NULL */
  char                 *check_text;
  gboolean              updating;
  gboolean              table_guessed; /* the page chose the order lines, not a person */

  Phase                 phase;
  gboolean              with_dialog;
  GCancellable         *cancellable; /* of the labelled table */
  int                  *table_progress; /* thousandths, written by its worker */
  guint                 poll_source;
  char                 *made_table;  /* the labelled table this page made, until its run is done */

  gint64                shown;
  SegPredictQuestion    shown_question;
  char                 *answer;
  GListStore           *rows_store;  /* of SegPredictRow, highest first */
  GtkSortListModel     *sorted;
};

G_DEFINE_FINAL_TYPE (SegPredictPage, seg_predict_page, SEG_TYPE_PAGE)

static void update_check (SegPredictPage *self);

/* Plain words --------------------------------------------------------------- */

static char *
format_percent (double share)
{
  if (isnan (share))
    return g_strdup ("—");
  /* A chance that rounds to certainty is not one. */
  if (share < 1 && share >= 0.995)
    return g_strdup (_(">99%"));
  if (share > 0 && share < 0.005)
    return g_strdup (_("<1%"));
  /* TRANSLATORS: a chance as a percentage, such as “82%” */
  return g_strdup_printf (_("%.0f%%"), 100 * share);
}

static char *
format_number (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.1f", value);
}

static char *
format_count (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%'.0f", value);
}

static char *
format_days (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  /* TRANSLATORS: days since a customer's last order */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'.0f day", "%'.0f days", (gulong) fabs (value)), value);
}

/* The titles of the questions say how far ahead they look. */
static void
update_titles (SegPredictPage *self)
{
  g_autofree char *buys = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Who will buy again in the next %d day?",
                                                        "Who will buy again in the next %d days?", self->days),
                                           self->days);
  g_autofree char *slipping = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Who is slipping away, with no order in the next %d day?",
                                                            "Who is slipping away, with no order in the next %d days?",
                                                            self->days),
                                               self->days);
  g_autofree char *spend = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "What will each customer spend in the next %d day?",
                                                         "What will each customer spend in the next %d days?",
                                                         self->days),
                                            self->days);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->buys_row), buys);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->slipping_row), slipping);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->spend_row), spend);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->horizon_row),
                                 self->question == SEG_PREDICT_QUESTION_WORTH
                                 ? _("Months ahead the lifetime value counts") : _("Days ahead"));
}

/* Choices -------------------------------------------------------------------- */

/* The column a row names, or NULL for its "none". */
static const char *
row_column (SegPredictPage *self,
            Role            role)
{
  guint selected = adw_combo_row_get_selected (self->rows[role]);

  return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? NULL : seg_view_selected_string (self->rows[role]);
}

static void
read_options (SegPredictPage         *self,
              SegPredictTableOptions *options)
{
  *options = (SegPredictTableOptions) {
    .orders = seg_view_selected_string (self->table_row),
    .customer = row_column (self, ROLE_CUSTOMER),
    .date = row_column (self, ROLE_DATE),
    .amount = row_column (self, ROLE_AMOUNT),
    .quantity = row_column (self, ROLE_QUANTITY),
    .price = row_column (self, ROLE_PRICE),
    .item = row_column (self, ROLE_ITEM),
    .horizon = self->question == SEG_PREDICT_QUESTION_WORTH ? self->months : self->days,
    .splits = SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST | SEG_PREDICT_SPLIT_SCORE,
  };
  if (adw_combo_row_get_selected (self->people_row) != 0 &&
      adw_combo_row_get_selected (self->people_row) != GTK_INVALID_LIST_POSITION)
    options->customers_table = seg_view_selected_string (self->people_row);
  {
    guint segments = adw_combo_row_get_selected (self->segments_row);

    if (segments < self->segment_runs->len)
      options->segment_run = g_array_index (self->segment_runs, gint64, segments);
  }
  seg_predict_question_get_target (self->question, &options->target);
  /* The core guesses a column left out; the rows show what it would
   * guess, so "—" for the customer or the date names no column at all. */
  if (options->customer == NULL)
    options->customer = "";
  if (options->date == NULL)
    options->date = "";
}

/* The order lines an owner means: a table they imported with a customer
 * and a date column, else the first they imported. */
static gboolean
is_orders (SegTableInfo *info)
{
  return info->origin == NULL &&
         seg_orders_guess_column (info, SEG_ORDER_ROLE_CUSTOMER) != NULL &&
         seg_orders_guess_column (info, SEG_ORDER_ROLE_DATE) != NULL;
}

static void
fill_columns (SegPredictPage *self)
{
  g_autoptr(SegTableInfo) info = NULL;
  const char *table = seg_view_selected_string (self->table_row);

  info = self->project != NULL && table != NULL ? seg_project_get_table (self->project, table, NULL) : NULL;
  self->updating = TRUE;
  for (guint r = 0; r < N_ROLES; r++)
    {
      g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
      const char *guess = info != NULL ? seg_orders_guess_column (info, roles[r].order_role) : NULL;
      guint selected = 0;

      gtk_string_list_append (list, r == ROLE_AMOUNT ? _("Quantity × price")
                                    : r == ROLE_ITEM ? C_("product choice", "None") : _("—"));
      for (guint c = 0; info != NULL && c < info->columns->len; c++)
        {
          SegColumnInfo *column = g_ptr_array_index (info->columns, c);

          gtk_string_list_append (list, column->name);
          if (g_strcmp0 (column->name, guess) == 0)
            selected = c + 1;
        }
      adw_combo_row_set_model (self->rows[r], G_LIST_MODEL (list));
      adw_combo_row_set_selected (self->rows[r], selected);
    }
  self->updating = FALSE;
  update_check (self);
}

/* The tables of customers' details (one a customer, with a column that
 * names them) and the segmentations whose segments can be learnt from;
 * what was chosen stays chosen while it is there. */
static void
fill_extras (SegPredictPage *self)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GtkStringList) people = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) segments = gtk_string_list_new (NULL);
  g_autofree char *kept_table = NULL;
  const char *orders = seg_view_selected_string (self->table_row);
  guint kept_run = adw_combo_row_get_selected (self->segments_row);
  gint64 kept_id = kept_run < self->segment_runs->len ? g_array_index (self->segment_runs, gint64, kept_run) : 0;
  guint people_selected = 0, segments_selected = 0, n = 1;
  gint64 none = 0;

  if (adw_combo_row_get_selected (self->people_row) != 0)
    kept_table = g_strdup (seg_view_selected_string (self->people_row));
  gtk_string_list_append (people, C_("customer details", "None"));
  tables = self->project != NULL ? seg_project_list_tables (self->project, NULL) : NULL;
  for (guint i = 0; tables != NULL && i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);

      if (info->origin != NULL || g_strcmp0 (info->name, orders) == 0 ||
          seg_orders_guess_column (info, SEG_ORDER_ROLE_CUSTOMER) == NULL)
        continue;
      gtk_string_list_append (people, info->name);
      if (g_strcmp0 (info->name, kept_table) == 0)
        people_selected = n;
      n++;
    }

  g_array_set_size (self->segment_runs, 0);
  g_array_append_val (self->segment_runs, none);
  gtk_string_list_append (segments, C_("segments", "None"));
  runs = self->project != NULL ? seg_project_list_runs (self->project, NULL) : NULL;
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      SegRunRecord *record = g_ptr_array_index (runs, i);
      g_autofree char *name = NULL;

      if (record->kind != SEG_MODEL_KIND_SEGMENTATION || g_strcmp0 (record->status, "succeeded") != 0)
        continue;
      /* TRANSLATORS: a segmentation to learn from: its run number and title */
      name = g_strdup_printf (_("Run %" PRId64 " · %s"), record->id, seg_run_record_get_title (record));
      gtk_string_list_append (segments, name);
      if (record->id == kept_id)
        segments_selected = self->segment_runs->len;
      g_array_append_val (self->segment_runs, record->id);
    }

  self->updating = TRUE;
  adw_combo_row_set_model (self->people_row, G_LIST_MODEL (people));
  adw_combo_row_set_selected (self->people_row, people_selected);
  adw_combo_row_set_model (self->segments_row, G_LIST_MODEL (segments));
  adw_combo_row_set_selected (self->segments_row, segments_selected);
  self->updating = FALSE;
}

static void
fill_tables (SegPredictPage *self)
{
  g_autofree char *kept = g_strdup (seg_view_selected_string (self->table_row));
  g_autofree char *before = g_strdup (kept);

  /* A table the page guessed is guessed again among the new ones; one
   * someone chose stays. */
  if (self->table_guessed)
    g_clear_pointer (&kept, g_free);
  if (seg_view_fill_table_row (self->table_row, self->project, kept, is_orders, &self->updating))
    self->table_guessed = TRUE;
  fill_extras (self);
  if (g_strcmp0 (before, seg_view_selected_string (self->table_row)) != 0)
    fill_columns (self);
}

/* Says the question back, with the cut-off that the last day of the
 * orders sets. */
static void
update_check (SegPredictPage *self)
{
  SegPredictTableOptions options;
  g_autoptr(GError) error = NULL;
  g_autofree char *cutoff = NULL;

  if (self->updating)
    return;
  update_titles (self);
  gtk_widget_set_visible (GTK_WIDGET (self->quantity_row), adw_combo_row_get_selected (self->amount_row) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->price_row), adw_combo_row_get_selected (self->amount_row) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->item_row), self->question != SEG_PREDICT_QUESTION_WORTH);

  read_options (self, &options);
  g_clear_pointer (&self->last_day, g_free);
  g_clear_pointer (&self->check_text, g_free);
  if (self->project == NULL || options.orders == NULL)
    self->check_text = g_strdup (_("Import your order lines on the Data page first: a table with a customer, a date "
                                   "and an amount on each line."));
  else if (!seg_predict_check_orders (self->project, &options, &error) ||
           (self->last_day = seg_predict_orders_last_day (self->project, options.orders, options.date,
                                                          &error)) == NULL)
    self->check_text = g_strdup (error->message);
  else
    {
      if (self->question != SEG_PREDICT_QUESTION_WORTH)
        cutoff = seg_predict_cutoff_before (self->last_day, options.horizon);
      options.cutoff = cutoff;
      self->check_text = seg_predict_describe_question (self->question, &options, self->last_day);
    }
  gtk_label_set_label (self->check_label, self->check_text);
}

static void
on_table_selected (SegPredictPage *self)
{
  if (self->updating)
    return;
  self->table_guessed = FALSE;
  fill_columns (self);
}

static void
on_choice_changed (SegPredictPage *self)
{
  update_check (self);
}

static void
on_question_toggled (GtkCheckButton *check,
                     SegPredictPage *self)
{
  if (!gtk_check_button_get_active (check))
    return;
  for (guint q = 0; q < SEG_N_PREDICT_QUESTIONS; q++)
    if (self->checks[q] == check)
      seg_predict_page_set_question (self, q);
}

static void
on_horizon_changed (GtkSpinButton  *spin,
                    SegPredictPage *self)
{
  int value = gtk_spin_button_get_value_as_int (spin);

  if (self->updating)
    return;
  if (self->question == SEG_PREDICT_QUESTION_WORTH)
    self->months = value;
  else
    self->days = value;
  update_check (self);
}

/* State ------------------------------------------------------------------------ */

static void
update_state (SegPredictPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  gboolean busy = self->phase != PHASE_IDLE;
  gboolean other = session != NULL && seg_run_manager_get_busy (seg_session_get_run_manager (session)) &&
                   self->phase != PHASE_FIT;
  gboolean listed = self->rows_store != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->rows_store)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict.run", self->project != NULL && !busy && !other);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict.choose", self->project != NULL && !busy && !other);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict.cancel", self->phase == PHASE_TABLE ||
                                                                      self->phase == PHASE_FIT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict.export", listed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict.save-segment", listed && session != NULL);
  gtk_revealer_set_reveal_child (self->progress_revealer, self->phase == PHASE_TABLE || self->phase == PHASE_FIT);
}

/* Drops the labelled table a failed or cancelled run leaves, so that the
 * project is as it was before Predict. */
static void
drop_made_table (SegPredictPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->made_table == NULL)
    return;
  if (self->project != NULL && seg_project_has_table (self->project, self->made_table) &&
      !seg_project_drop_table (self->project, self->made_table, &error))
    seg_page_show_error (SEG_PAGE (self), _("Could Not Tidy Up After the Prediction"), error);
  g_clear_pointer (&self->made_table, g_free);
}

static void
finish (SegPredictPage *self)
{
  seg_page_forget_run (SEG_PAGE (self));
  g_clear_object (&self->cancellable);
  self->phase = PHASE_IDLE;
  update_state (self);
}

/* Results ------------------------------------------------------------------------ */

static void
set_view_run (GtkWidget *view,
              gint64     run)
{
  /* The views beside the list take the run once they are there. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (view), "run") != NULL)
    g_object_set (view, "run", run, NULL);
}

static void
set_view_object (GtkWidget  *view,
                 const char *name,
                 gpointer    value)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (view), name) != NULL)
    g_object_set (view, name, value, NULL);
}

static JsonObject *
origin_of_input (SegProject   *project,
                 SegRunRecord *record,
                 JsonNode    **node)
{
  g_autoptr(SegTableInfo) info = NULL;

  info = record->input_table != NULL ? seg_project_get_table (project, record->input_table, NULL) : NULL;
  *node = info != NULL && info->origin != NULL ? json_from_string (info->origin, NULL) : NULL;
  return *node != NULL && JSON_NODE_HOLDS_OBJECT (*node) ? json_node_get_object (*node) : NULL;
}

/* The answer in one sentence, from the scores and the run's figures. */
static char *
describe_answer (SegPredictPage *self,
                 SegRunRecord   *record,
                 GPtrArray      *scores,
                 int             horizon)
{
  guint likely = 0;
  double total = 0;

  for (guint i = 0; i < scores->len; i++)
    {
      SegPredictScore *score = g_ptr_array_index (scores, i);

      if (self->shown_question == SEG_PREDICT_QUESTION_WORTH)
        {
          likely += score->alive >= 0.5;
          total += isnan (score->clv) ? 0 : score->clv;
        }
      else
        {
          likely += score->prediction >= 0.5;
          total += isnan (score->prediction) ? 0 : MAX (score->prediction, 0);
        }
    }

  switch (self->shown_question)
    {
    case SEG_PREDICT_QUESTION_BUYS_AGAIN:
    case SEG_PREDICT_QUESTION_SLIPPING:
      {
        double auc = seg_run_record_get_metric (record, "auc");
        g_autofree char *first = NULL;

        if (self->shown_question == SEG_PREDICT_QUESTION_BUYS_AGAIN)
          first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%'u customer is likely to buy again in the next %d days",
                                                "%'u customers are likely to buy again in the next %d days", likely),
                                   likely, horizon);
        else
          first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%'u customer is likely to slip away, with no order in the next %d days",
                                                "%'u customers are likely to slip away, with no order in the next %d days",
                                                likely),
                                   likely, horizon);
        if (isnan (auc))
          return g_strdup_printf (_("%s."), first);
        /* TRANSLATORS: the first part says how many customers; then how
         * well the model ranks them (the AUC), explained. */
        return g_strdup_printf (_("%s; the model ranks them %.2f on a 0.5–1 scale where 0.5 is a coin toss."),
                                first, auc);
      }
    case SEG_PREDICT_QUESTION_SPEND:
      {
        g_autofree char *money = seg_measure_format_money (total);
        g_autofree char *miss = seg_measure_format_money (seg_run_record_get_metric (record, "mae"));

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Your %'u customer is expected to spend %s in the next %d days; "
                                             "on orders it had not seen, the model missed by %s a customer on average.",
                                             "Your %'u customers are expected to spend %s in all in the next %d days; "
                                             "on orders it had not seen, the model missed by %s a customer on average.",
                                             scores->len),
                                scores->len, money, horizon, miss);
      }
    case SEG_PREDICT_QUESTION_WORTH:
    default:
      {
        g_autofree char *money = seg_measure_format_money (total);

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Your %'u customer is worth %s over the next %d months; "
                                             "%'u of them is likely still a customer.",
                                             "Your %'u customers are worth %s over the next %d months; "
                                             "%'u of them are likely still customers.",
                                             scores->len),
                                scores->len, money, horizon, likely);
      }
    }
}

static void
show_columns (SegPredictPage *self,
              gboolean        names)
{
  SegPredictQuestion q = self->shown_question;
  gboolean chance = q == SEG_PREDICT_QUESTION_BUYS_AGAIN || q == SEG_PREDICT_QUESTION_SLIPPING;
  gboolean worth = q == SEG_PREDICT_QUESTION_WORTH;
  GtkColumnViewColumn *main_column;

  gtk_column_view_column_set_visible (self->columns[COLUMN_NAME], names);
  gtk_column_view_column_set_visible (self->columns[COLUMN_CHANCE], chance);
  gtk_column_view_column_set_visible (self->columns[COLUMN_PREDICTED_SPEND], q == SEG_PREDICT_QUESTION_SPEND);
  gtk_column_view_column_set_visible (self->columns[COLUMN_ALIVE], worth);
  gtk_column_view_column_set_visible (self->columns[COLUMN_PURCHASES], worth);
  gtk_column_view_column_set_visible (self->columns[COLUMN_SPEND], worth);
  gtk_column_view_column_set_visible (self->columns[COLUMN_CLV], worth);
  gtk_column_view_column_set_title (self->columns[COLUMN_CHANCE],
                                    q == SEG_PREDICT_QUESTION_SLIPPING ? _("Chance of Slipping Away")
                                                                       : _("Chance of Buying Again"));
  main_column = chance ? self->columns[COLUMN_CHANCE]
                : worth ? self->columns[COLUMN_CLV] : self->columns[COLUMN_PREDICTED_SPEND];
  gtk_column_view_sort_by_column (self->column_view, main_column, GTK_SORT_DESCENDING);
}

/* The customer column of the order lines the run read, for names. */
static char *
customer_column_of_run (SegProject   *project,
                        SegRunRecord *record)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *origin;

  if (record->kind == SEG_MODEL_KIND_LIFETIME)
    return record->input != NULL && JSON_NODE_HOLDS_OBJECT (record->input)
           ? g_strdup (json_object_get_string_member_with_default (json_node_get_object (record->input),
                                                                   "customer", NULL))
           : NULL;
  origin = origin_of_input (project, record, &node);
  return origin != NULL ? g_strdup (json_object_get_string_member_with_default (origin, "customer", NULL)) : NULL;
}

static int
horizon_of_run (SegProject   *project,
                SegRunRecord *record)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *origin;

  if (record->kind == SEG_MODEL_KIND_LIFETIME)
    return record->parameters != NULL && JSON_NODE_HOLDS_OBJECT (record->parameters)
           ? (int) json_object_get_int_member_with_default (json_node_get_object (record->parameters), "horizon", 12)
           : 12;
  origin = origin_of_input (project, record, &node);
  return origin != NULL ? (int) json_object_get_int_member_with_default (origin, "horizon", 30) : 30;
}

static void
update_count (SegPredictPage *self)
{
  guint n = self->rows_store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->rows_store)) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u customer, as of the last order",
                                                        "%'u customers, as of the last order", n), n);

  gtk_label_set_label (self->count_label, text);
}

static gboolean
show_run (SegPredictPage  *self,
          gint64           id,
          GError         **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *key_column = NULL;
  SegPredictQuestion question;

  if (self->project == NULL)
    return FALSE;
  record = seg_project_get_run (self->project, id, error);
  if (record == NULL)
    return FALSE;
  if (!seg_predict_question_of_run (self->project, id, &question))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("Run %" PRId64 " answers no question of the Predict page"), id);
      return FALSE;
    }
  scores = seg_predict_read_scores (self->project, id, error);
  if (scores == NULL)
    return FALSE;

  key_column = customer_column_of_run (self->project, record);
  if (key_column != NULL && scores->len > 0)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) keys = NULL;

      for (guint i = 0; i < scores->len; i++)
        g_strv_builder_add (builder, ((SegPredictScore *) g_ptr_array_index (scores, i))->key);
      keys = g_strv_builder_end (builder);
      names = seg_project_read_names (self->project, key_column, (const char *const *) keys, NULL);
    }

  self->shown = id;
  self->shown_question = question;
  g_list_store_remove_all (self->rows_store);
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < scores->len; i++)
      {
        SegPredictScore *score = g_ptr_array_index (scores, i);

        g_ptr_array_add (items, seg_predict_row_new (score, names != NULL ? g_hash_table_lookup (names, score->key)
                                                                          : NULL));
      }
    g_list_store_splice (self->rows_store, 0, 0, items->pdata, items->len);
  }
  g_free (self->answer);
  self->answer = describe_answer (self, record, scores, horizon_of_run (self->project, record));
  gtk_label_set_label (self->answer_label, self->answer);
  show_columns (self, names != NULL && g_hash_table_size (names) > 0);
  update_count (self);
  set_view_run (self->evaluation_view, id);
  set_view_run (self->model_view, id);
  gtk_stack_set_visible_child_name (self->body, "customers");
  gtk_stack_set_visible_child_name (self->stack, "result");
  update_state (self);
  return TRUE;
}

/* The run flow ------------------------------------------------------------------ */

static void
seg_predict_page_run_started (SegPage *page)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (page);

  self->phase = PHASE_FIT;
  update_state (self);
}

/* A run that made nothing (the window tells of the failure or the
 * cancel) or a dialog closed without one: the page takes back the table
 * it made, so the project is as it was. */
static void
seg_predict_page_run_finished (SegPage *page,
                               gint64   id)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (page);
  g_autoptr(GError) local_error = NULL;

  if (id <= 0)
    {
      drop_made_table (self);
      finish (self);
      return;
    }
  g_clear_pointer (&self->made_table, g_free);
  finish (self);
  if (!show_run (self, id, &local_error))
    seg_page_show_error (SEG_PAGE (self), _("Could Not Show the Prediction"), local_error);
}

/* Opens the shared model dialog on the question's table, with the model
 * of the question proposed and its inputs set. */
static void
open_dialog (SegPredictPage               *self,
             const char                   *table,
             const SegPredictTableSummary *summary,
             const SegPredictTableOptions *options)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SegModelDialog *dialog;
  SegModel *model;

  dialog = seg_model_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->project,
                                 seg_predict_question_get_kind (self->question));
  seg_model_dialog_set_session (dialog, seg_page_get_session (SEG_PAGE (self)));
  seg_model_dialog_set_table (dialog, table);
  seg_model_dialog_set_algorithm (dialog, seg_predict_question_get_algorithm (self->question));
  model = seg_model_dialog_get_model (dialog);
  if (model != NULL && summary != NULL)
    seg_predict_model_use_table (model, summary, NULL);
  else if (model != NULL && options != NULL)
    {
      seg_predict_model_use_orders (model, options, NULL);
      g_object_set (model, "horizon", options->horizon, NULL);
    }
  self->phase = PHASE_DIALOG;
  update_state (self);
  seg_page_present_model_dialog (SEG_PAGE (self), dialog);
}

/* A failure says what to do, without the command line's option names. */
static void
show_failure (SegPredictPage *self,
              const char     *heading,
              GError         *error)
{
  if (g_str_has_prefix (error->message, "--"))
    {
      const char *colon = strstr (error->message, ": ");

      if (colon != NULL)
        {
          g_autofree char *plain = g_strdup (colon + 2);

          if (plain[0] != '\0')
            plain[0] = g_ascii_toupper (plain[0]);
          g_free (error->message);
          error->message = g_steal_pointer (&plain);
        }
    }
  seg_page_show_error (SEG_PAGE (self), heading, error);
}

/* The worker tells how far it got in thousandths; the page looks now
 * and then. */
static void
on_table_progress (double   fraction,
                   gpointer data)
{
  g_atomic_int_set ((int *) data, (int) (CLAMP (fraction, 0, 1) * 1000));
}

static gboolean
poll_table_progress (gpointer data)
{
  SegPredictPage *self = data;

  if (self->phase != PHASE_TABLE || self->table_progress == NULL)
    {
      self->poll_source = 0;
      return G_SOURCE_REMOVE;
    }
  seg_page_set_progress (SEG_PAGE (self), _("Working out each customer’s figures…"),
                         g_atomic_int_get (self->table_progress) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
on_table_made (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(SegPredictPage) self = data;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegRun) run = NULL;

  summary = seg_project_predict_table_finish (SEG_PROJECT (source), result, &error);
  /* The worker is done with its progress. */
  g_clear_pointer (&self->table_progress, g_free);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->project != SEG_PROJECT (source) || self->phase != PHASE_TABLE)
    {
      /* The page moved on: what was made is not wanted. */
      if (summary != NULL)
        seg_project_drop_table (SEG_PROJECT (source), summary->table, NULL);
      return;
    }
  if (summary == NULL)
    {
      finish (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        seg_page_show_toast (SEG_PAGE (self), _("Prediction cancelled; the project is as it was"));
      else
        show_failure (self, _("Could Not Ask This Question"), error);
      return;
    }
  self->made_table = g_strdup (summary->table);

  if (self->with_dialog)
    {
      open_dialog (self, summary->table, summary, NULL);
      return;
    }
  model = seg_model_new_for_id (seg_predict_question_get_algorithm (self->question), &error);
  if (model == NULL || !seg_predict_model_use_table (model, summary, &error))
    {
      drop_made_table (self);
      finish (self);
      seg_page_show_error (SEG_PAGE (self), _("Could Not Start the Prediction"), error);
      return;
    }
  run = seg_run_new_for_model (self->project, model);
  seg_page_start_run (SEG_PAGE (self), run);
}

static void
start (SegPredictPage *self,
       gboolean        with_dialog)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  SegPredictTableOptions options;
  g_autoptr(GError) error = NULL;
  g_autofree char *cutoff = NULL;
  g_autofree char *output = NULL;

  if (self->project == NULL || session == NULL || self->phase != PHASE_IDLE)
    return;
  read_options (self, &options);
  if (!seg_predict_check_orders (self->project, &options, &error))
    {
      seg_page_show_error (SEG_PAGE (self), _("Could Not Ask This Question"), error);
      return;
    }
  if (seg_run_manager_get_busy (seg_session_get_run_manager (session)))
    {
      g_set_error_literal (&error, SEG_RUN_MANAGER_ERROR, SEG_RUN_MANAGER_ERROR_BUSY,
                           _("Another analysis is still running. Wait for it to finish, or cancel it, then ask again."));
      seg_page_show_error (SEG_PAGE (self), _("Could Not Start the Prediction"), error);
      return;
    }
  self->with_dialog = with_dialog;

  /* What each customer is worth comes from the order lines themselves. */
  if (!seg_predict_question_get_target (self->question, NULL))
    {
      g_autoptr(SegModel) model = NULL;
      g_autoptr(SegTableInfo) info = NULL;
      g_autoptr(SegRun) run = NULL;

      if (with_dialog)
        {
          open_dialog (self, options.orders, NULL, &options);
          return;
        }
      model = seg_model_new_for_id (seg_predict_question_get_algorithm (self->question), &error);
      info = seg_project_get_table (self->project, options.orders, &error);
      if (model == NULL || info == NULL || !seg_predict_model_use_orders (model, &options, &error))
        {
          seg_page_show_error (SEG_PAGE (self), _("Could Not Start the Prediction"), error);
          return;
        }
      seg_model_guess_roles (model, info);
      g_object_set (model, "horizon", options.horizon, NULL);
      run = seg_run_new_for_model (self->project, model);
      seg_page_start_run (SEG_PAGE (self), run);
      return;
    }

  cutoff = seg_predict_cutoff_before (self->last_day, options.horizon);
  output = seg_predict_free_table_name (self->project, self->question);
  options.cutoff = cutoff;
  options.output = output;
  self->phase = PHASE_TABLE;
  self->cancellable = g_cancellable_new ();
  seg_page_set_progress (SEG_PAGE (self), _("Working out each customer’s figures…"), 0);
  update_state (self);
  self->table_progress = g_new0 (int, 1);
  self->poll_source = g_timeout_add (100, poll_table_progress, self);
  seg_project_predict_table_async (self->project, &options, on_table_progress, self->table_progress,
                                   self->cancellable, on_table_made, g_object_ref (self));
}

/* Cells ------------------------------------------------------------------------ */

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  int column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);
  gboolean number = column != COLUMN_KEY && column != COLUMN_NAME;

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  SegPredictRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  switch (GPOINTER_TO_INT (data))
    {
    case COLUMN_KEY: text = g_strdup (row->key); break;
    case COLUMN_NAME: text = g_strdup (row->name); break;
    case COLUMN_PREDICTED_SPEND: text = seg_measure_format_money (MAX (row->prediction, 0)); break;
    case COLUMN_PURCHASES: text = format_number (row->purchases); break;
    case COLUMN_SPEND: text = seg_measure_format_money (row->spend); break;
    case COLUMN_CLV: text = seg_measure_format_money (row->clv); break;
    case COLUMN_ORDERS: text = format_count (row->orders); break;
    case COLUMN_TOTAL: text = isnan (row->total) ? g_strdup ("—") : seg_measure_format_money (row->total); break;
    case COLUMN_DAYS_SINCE: text = format_days (row->days_since); break;
    default: break;
    }
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
setup_chance (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bar = gtk_level_bar_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_size_request (bar, 60, -1);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_chance (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  SegPredictRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *bar = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  double share;
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  share = GPOINTER_TO_INT (data) == COLUMN_ALIVE ? row->alive : row->prediction;
  text = format_percent (share);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), isnan (share) ? 0 : CLAMP (share, 0, 1));
  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (box, text);
}

static void
add_column (SegPredictPage *self,
            int             column,
            const char     *title,
            const char     *property,
            int             width,
            gboolean        expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  GtkExpression *expression = gtk_property_expression_new (SEG_TYPE_PREDICT_ROW, NULL, property);
  g_autoptr(GtkSorter) sorter = NULL;

  if (column == COLUMN_KEY || column == COLUMN_NAME)
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  if (column == COLUMN_CHANCE || column == COLUMN_ALIVE)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_chance), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_chance), GINT_TO_POINTER (column));
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (column));
    }
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;
}

static void
on_activate (GtkColumnView  *view,
             guint           position,
             SegPredictPage *self)
{
  g_autoptr(SegPredictRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (row != NULL && row->key != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "s", row->key);
}

/* Actions ------------------------------------------------------------------------- */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  start (SEG_PREDICT_PAGE (widget), FALSE);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start (SEG_PREDICT_PAGE (widget), TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (widget);

  if (self->phase == PHASE_TABLE)
    g_cancellable_cancel (self->cancellable);
  else if (self->phase == PHASE_FIT)
    seg_page_cancel_run (SEG_PAGE (self));
}

static void
ask_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "ask");
  update_check (self);
}

static char *
save_target_list (GtkWidget   *widget,
                  const char  *path,
                  GError     **error)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (widget);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (!seg_predict_page_export (self, file, error))
    return NULL;
  return seg_view_describe_target_list (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)), path);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (widget);
  /* Translators: a file name; keep it to letters, digits and dashes. */
  g_autofree char *name = g_strdup_printf (_("predicted-customers-run-%" PRId64 ".csv"), self->shown);

  seg_view_export_target_list (widget, name, save_target_list);
}

static void
on_segment_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SegPredictPage   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  segment = seg_predict_page_save_top (self, gtk_editable_get_text (entry),
                                       gtk_spin_button_get_value_as_int (self->top_spin),
                                       gtk_drop_down_get_selected (self->top_unit) == 1, &error);
  if (segment == NULL)
    {
      seg_page_show_error (SEG_PAGE (self), _("Could Not Save the Segment"), error);
      return;
    }
  message = seg_view_describe_saved (segment);
  seg_page_show_toast (SEG_PAGE (self), message);
}

static void
save_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (widget);
  guint n = seg_predict_page_count_top (self, gtk_spin_button_get_value_as_int (self->top_spin),
                                        gtk_drop_down_get_selected (self->top_unit) == 1);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Give the best-scored customer a name to find them again, on every page.",
                                                        "Give the %'u best-scored customers a name to find them again, on every page.",
                                                        n), n);

  seg_page_ask_segment_name (SEG_PAGE (self), body, _("For example: Likely to come back in spring"),
                             G_CALLBACK (on_segment_response));
}

/* The page ------------------------------------------------------------------------ */

static void
seg_predict_page_busy_changed (SegPage *page)
{
  update_state (SEG_PREDICT_PAGE (page));
}

static void
on_project_changed (SegPredictPage *self)
{
  if (self->phase == PHASE_IDLE)
    fill_tables (self);
}

static void
seg_predict_page_project_changed (SegPage    *page,
                                  SegProject *project)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (page);

  if (self->phase == PHASE_TABLE)
    g_cancellable_cancel (self->cancellable);
  seg_page_close_model_dialog (page);
  /* A run under way finishes on its own; what it leaves is the old
   * project's. */
  g_clear_pointer (&self->made_table, g_free);
  finish (self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (self->project, on_project_changed, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self, G_CONNECT_SWAPPED);

  self->shown = 0;
  g_list_store_remove_all (self->rows_store);
  set_view_object (self->evaluation_view, "project", project);
  set_view_object (self->model_view, "project", project);
  set_view_run (self->evaluation_view, 0);
  set_view_run (self->model_view, 0);
  gtk_stack_set_visible_child_name (self->stack, "ask");
  self->updating = TRUE;
  adw_combo_row_set_model (self->table_row, NULL);
  self->updating = FALSE;
  self->table_guessed = TRUE;
  fill_tables (self);
  update_state (self);
}

static void
seg_predict_page_session_changed (SegPage    *page,
                                  SegSession *session)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (page);

  if (session == NULL)
    return;
  set_view_object (self->evaluation_view, "session", session);
  set_view_object (self->model_view, "session", session);
  update_state (self);
}

static void
seg_predict_page_show_run (SegPage *page,
                           gint64   run)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (page);
  g_autoptr(GError) error = NULL;

  if (!show_run (self, run, &error))
    seg_page_show_error (page, _("Could Not Show the Prediction"), error);
}

static void
seg_predict_page_dispose (GObject *object)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  seg_page_close_model_dialog (SEG_PAGE (self));
  seg_page_forget_run (SEG_PAGE (self));
  g_clear_object (&self->cancellable);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (self->project, on_project_changed, self);
  g_clear_object (&self->project);
  g_clear_object (&self->sorted);
  g_clear_object (&self->rows_store);

  G_OBJECT_CLASS (seg_predict_page_parent_class)->dispose (object);
}

static void
seg_predict_page_finalize (GObject *object)
{
  SegPredictPage *self = SEG_PREDICT_PAGE (object);

  g_free (self->last_day);
  g_free (self->check_text);
  g_free (self->made_table);
  g_free (self->answer);
  g_clear_pointer (&self->segment_runs, g_array_unref);

  G_OBJECT_CLASS (seg_predict_page_parent_class)->finalize (object);
}

static void
seg_predict_page_class_init (SegPredictPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SegPageClass *page_class = SEG_PAGE_CLASS (klass);

  object_class->dispose = seg_predict_page_dispose;
  object_class->finalize = seg_predict_page_finalize;
  page_class->project_changed = seg_predict_page_project_changed;
  page_class->session_changed = seg_predict_page_session_changed;
  page_class->show_run = seg_predict_page_show_run;
  page_class->run_started = seg_predict_page_run_started;
  page_class->run_finished = seg_predict_page_run_finished;
  page_class->busy_changed = seg_predict_page_busy_changed;
  page_class->kinds = 1 << SEG_MODEL_KIND_CLASSIFICATION | 1 << SEG_MODEL_KIND_REGRESSION |
                      1 << SEG_MODEL_KIND_LIFETIME;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-predict-page.ui");
  g_type_ensure (SEG_TYPE_PREDICT_EVALUATION);
  g_type_ensure (SEG_TYPE_PREDICT_MODEL_VIEW);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, buys_check);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, slipping_check);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, spend_check);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, worth_check);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, buys_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, slipping_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, spend_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, horizon_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, horizon_spin);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, table_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, people_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, segments_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, amount_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, quantity_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, price_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, item_row);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, check_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, answer_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, body);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, top_spin);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, top_unit);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, evaluation_view);
  gtk_widget_class_bind_template_child (widget_class, SegPredictPage, model_view);

  gtk_widget_class_install_action (widget_class, "predict.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "predict.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "predict.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "predict.ask", NULL, ask_action);
  gtk_widget_class_install_action (widget_class, "predict.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "predict.save-segment", NULL, save_segment_action);
}

static void
seg_predict_page_init (SegPredictPage *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  seg_page_set_run_progress (SEG_PAGE (self), self->progress_label, self->progress_bar, _("Fitting the model…"),
                             _("Fitting the model…"), _("Could Not Start the Prediction"));
  {
    /* xgettext:no-c-format */
    const char *share = _("% of them");
    const char *units[] = { _("customers"), share, NULL };
    g_autoptr(GtkStringList) list = gtk_string_list_new (units);

    gtk_drop_down_set_model (self->top_unit, G_LIST_MODEL (list));
  }

  self->checks[SEG_PREDICT_QUESTION_BUYS_AGAIN] = self->buys_check;
  self->checks[SEG_PREDICT_QUESTION_SLIPPING] = self->slipping_check;
  self->checks[SEG_PREDICT_QUESTION_SPEND] = self->spend_check;
  self->checks[SEG_PREDICT_QUESTION_WORTH] = self->worth_check;
  self->rows[ROLE_CUSTOMER] = self->customer_row;
  self->rows[ROLE_DATE] = self->date_row;
  self->rows[ROLE_AMOUNT] = self->amount_row;
  self->rows[ROLE_QUANTITY] = self->quantity_row;
  self->rows[ROLE_PRICE] = self->price_row;
  self->rows[ROLE_ITEM] = self->item_row;
  self->question = SEG_PREDICT_QUESTION_BUYS_AGAIN;
  self->days = 30;
  self->months = 12;

  for (guint r = 0; r < N_ROLES; r++)
    {
      g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

      adw_combo_row_set_expression (self->rows[r], expression);
      g_signal_connect_object (self->rows[r], "notify::selected", G_CALLBACK (on_choice_changed), self,
                               G_CONNECT_SWAPPED);
    }
  {
    g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

    adw_combo_row_set_expression (self->table_row, expression);
    adw_combo_row_set_expression (self->people_row, expression);
    adw_combo_row_set_expression (self->segments_row, expression);
  }
  self->segment_runs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect_object (self->people_row, "notify::selected", G_CALLBACK (on_choice_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->segments_row, "notify::selected", G_CALLBACK (on_choice_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->table_row, "notify::selected", G_CALLBACK (on_table_selected), self,
                           G_CONNECT_SWAPPED);
  for (guint q = 0; q < SEG_N_PREDICT_QUESTIONS; q++)
    g_signal_connect_object (self->checks[q], "toggled", G_CALLBACK (on_question_toggled), self, 0);
  g_signal_connect_object (self->horizon_spin, "value-changed", G_CALLBACK (on_horizon_changed), self, 0);

  add_column (self, COLUMN_KEY, _("Customer"), "key", 110, FALSE);
  add_column (self, COLUMN_NAME, _("Name"), "name", 170, FALSE);
  add_column (self, COLUMN_CHANCE, _("Chance of Buying Again"), "prediction", 260, FALSE);
  add_column (self, COLUMN_PREDICTED_SPEND, _("Expected Spend"), "prediction", 160, FALSE);
  add_column (self, COLUMN_ALIVE, _("Chance Still a Customer"), "alive", 200, FALSE);
  add_column (self, COLUMN_PURCHASES, _("Expected Purchases"), "purchases", 150, FALSE);
  add_column (self, COLUMN_SPEND, _("Expected Spend"), "spend", 130, FALSE);
  add_column (self, COLUMN_CLV, _("Lifetime Value"), "clv", 130, FALSE);
  add_column (self, COLUMN_ORDERS, _("Orders So Far"), "orders", 110, FALSE);
  add_column (self, COLUMN_TOTAL, _("Spent So Far"), "total", 120, FALSE);
  add_column (self, COLUMN_DAYS_SINCE, _("Since Last Order"), "days-since", 130, FALSE);

  self->rows_store = g_list_store_new (SEG_TYPE_PREDICT_ROW);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows_store)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (on_activate), self, 0);

  update_check (self);
  update_state (self);
}

/* API ------------------------------------------------------------------------------- */

/**
 * seg_predict_page_set_question:
 *
 * Chooses the question, as its radio button does.
 */
void
seg_predict_page_set_question (SegPredictPage     *self,
                               SegPredictQuestion  question)
{
  g_return_if_fail (SEG_IS_PREDICT_PAGE (self));
  g_return_if_fail ((guint) question < SEG_N_PREDICT_QUESTIONS);

  if (!gtk_check_button_get_active (self->checks[question]))
    gtk_check_button_set_active (self->checks[question], TRUE);
  if (self->question == question)
    return;
  self->question = question;
  /* Days for the next-days questions, months for the lifetime value. */
  self->updating = TRUE;
  if (question == SEG_PREDICT_QUESTION_WORTH)
    {
      gtk_spin_button_set_range (self->horizon_spin, 1, 120);
      gtk_spin_button_set_value (self->horizon_spin, self->months);
    }
  else
    {
      gtk_spin_button_set_range (self->horizon_spin, 1, 365);
      gtk_spin_button_set_value (self->horizon_spin, self->days);
    }
  self->updating = FALSE;
  update_check (self);
}

SegPredictQuestion
seg_predict_page_get_question (SegPredictPage *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), SEG_PREDICT_QUESTION_BUYS_AGAIN);

  return self->question;
}

/**
 * seg_predict_page_set_horizon:
 * @horizon: days, or months for the lifetime value
 */
void
seg_predict_page_set_horizon (SegPredictPage *self,
                              int             horizon)
{
  g_return_if_fail (SEG_IS_PREDICT_PAGE (self));

  gtk_spin_button_set_value (self->horizon_spin, horizon);
}

/**
 * seg_predict_page_set_column:
 * @role: "table", "details" (the table of customers' details), or a
 *   column of the order lines: "customer", "date",
 *   "amount", "quantity", "price" or "item"
 * @column: (nullable): the table or column; %NULL for none
 *
 * Returns: whether the table or column is one to choose
 */
gboolean
seg_predict_page_set_column (SegPredictPage *self,
                             const char     *role,
                             const char     *column)
{
  AdwComboRow *row = NULL;
  GListModel *model;

  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  if (g_str_equal (role, "table"))
    row = self->table_row;
  else if (g_str_equal (role, "details"))
    row = self->people_row;
  for (guint r = 0; r < N_ROLES && row == NULL; r++)
    if (g_str_equal (role, roles[r].name))
      row = self->rows[r];
  if (row == NULL)
    return FALSE;
  if (column == NULL && row != self->table_row)
    {
      adw_combo_row_set_selected (row, 0);
      return TRUE;
    }
  model = adw_combo_row_get_model (row);
  for (guint i = row == self->table_row ? 0 : 1; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), column) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * seg_predict_page_get_column:
 *
 * Returns: (nullable): the table or column chosen for @role
 */
const char *
seg_predict_page_get_column (SegPredictPage *self,
                             const char     *role)
{
  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), NULL);
  g_return_val_if_fail (role != NULL, NULL);

  if (g_str_equal (role, "table"))
    return seg_view_selected_string (self->table_row);
  if (g_str_equal (role, "details"))
    return adw_combo_row_get_selected (self->people_row) != 0 ? seg_view_selected_string (self->people_row) : NULL;
  for (guint r = 0; r < N_ROLES; r++)
    if (g_str_equal (role, roles[r].name))
      return row_column (self, r);
  return NULL;
}

/**
 * seg_predict_page_get_check_text:
 *
 * Returns: the question in plain words, as the page says it back
 */
const char *
seg_predict_page_get_check_text (SegPredictPage *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), NULL);

  return self->check_text;
}

/**
 * seg_predict_page_get_busy:
 *
 * Returns: whether a prediction this page started is under way
 */
gboolean
seg_predict_page_get_busy (SegPredictPage *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), FALSE);

  return self->phase != PHASE_IDLE;
}

gint64
seg_predict_page_get_shown_run (SegPredictPage *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), 0);

  return self->shown;
}

/**
 * seg_predict_page_get_answer:
 *
 * Returns: (nullable): the answer in one sentence, over the list
 */
const char *
seg_predict_page_get_answer (SegPredictPage *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), NULL);

  return self->shown > 0 ? self->answer : NULL;
}

/**
 * seg_predict_page_get_customers:
 *
 * Returns: (transfer none): the scored customers as the list shows them,
 *   sorted as it is, of #SegPredictRow
 */
GListModel *
seg_predict_page_get_customers (SegPredictPage *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * seg_predict_page_export:
 * @file: a CSV file to write
 *
 * Writes the customers as the list shows them, with their names and
 * the figures of the question, then their orders, spend and days since
 * the last order so far, as a target list.
 *
 * Returns: whether the file was written
 */
gboolean
seg_predict_page_export (SegPredictPage  *self,
                         GFile           *file,
                         GError         **error)
{
  static const char *const chance_header[] = {
    "customer", "customer_name", "chance", "orders", "total_spent", "days_since_last_order", NULL
  };
  static const char *const spend_header[] = {
    "customer", "customer_name", "expected_spend", "orders", "total_spent", "days_since_last_order", NULL
  };
  static const char *const worth_header[] = {
    "customer", "customer_name", "chance_still_customer", "expected_purchases", "expected_spend", "lifetime_value",
    "orders", "total_spent", "days_since_last_order", NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *const *header;
  GListModel *list;

  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  list = G_LIST_MODEL (self->sorted);
  if (self->shown <= 0 || g_list_model_get_n_items (list) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Ask a question first: there are no customers listed to export"));
      return FALSE;
    }
  header = self->shown_question == SEG_PREDICT_QUESTION_WORTH ? worth_header
           : self->shown_question == SEG_PREDICT_QUESTION_SPEND ? spend_header : chance_header;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SegPredictRow) row = g_list_model_get_item (list, i);
      double figures[7] = { row->prediction, row->orders, row->total, row->days_since, NAN, NAN, NAN };
      guint n = g_strv_length ((GStrv) header);
      char **cells = g_new0 (char *, n + 1);

      if (self->shown_question == SEG_PREDICT_QUESTION_WORTH)
        {
          figures[0] = row->alive;
          figures[1] = row->purchases;
          figures[2] = row->spend;
          figures[3] = row->clv;
          figures[4] = row->orders;
          figures[5] = row->total;
          figures[6] = row->days_since;
        }
      cells[0] = g_strdup (row->key);
      cells[1] = g_strdup (row->name != NULL ? row->name : "");
      for (guint c = 2; c < n; c++)
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          cells[c] = isnan (figures[c - 2]) ? g_strdup ("")
                     : g_strdup (g_ascii_formatd (number, sizeof number, "%.10g", figures[c - 2]));
        }
      g_ptr_array_add (rows, cells);
    }

  return seg_export_cells_file (file, header, rows, SEG_EXPORT_BOM, NULL, error);
}

/**
 * seg_predict_page_count_top:
 * @count: a number of customers, or a percentage of them
 * @percent: whether @count is a percentage
 *
 * Returns: how many customers the best @count (or @count %) are,
 *   rounded up, at least one while any is listed
 */
guint
seg_predict_page_count_top (SegPredictPage *self,
                            guint           count,
                            gboolean        percent)
{
  guint n;

  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->rows_store));
  if (n == 0)
    return 0;
  if (percent)
    count = (guint) ceil ((double) n * MIN (count, 100) / 100.0);
  return CLAMP (count, 1, n);
}

/**
 * seg_predict_page_save_top:
 * @name: the segment's name
 * @count: how many, or what percentage, of the best-scored customers
 * @percent: whether @count is a percentage
 *
 * Keeps the customers the run scores highest (most likely to buy or to
 * slip away, the biggest spenders, the most valuable) as a saved
 * segment; they become the selection too.
 *
 * Returns: (transfer full): the segment, or %NULL with @error set
 */
SegSegment *
seg_predict_page_save_top (SegPredictPage  *self,
                           const char      *name,
                           guint            count,
                           gboolean         percent,
                           GError         **error)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonNode) source = json_node_new (JSON_NODE_OBJECT);
  g_auto(GStrv) keys = NULL;
  JsonObject *where;
  guint n;

  g_return_val_if_fail (SEG_IS_PREDICT_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = seg_predict_page_count_top (self, count, percent);
  if (session == NULL || n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Ask a question first: there are no customers listed to save"));
      return NULL;
    }
  /* The store holds the customers highest first, whatever the list's
   * sort. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SegPredictRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows_store), i);

      g_strv_builder_add (builder, row->key);
    }
  keys = g_strv_builder_end (builder);

  where = json_object_new ();
  json_object_set_int_member (where, "run", self->shown);
  json_object_set_int_member (where, "top", count);
  json_object_set_boolean_member (where, "percent", percent);
  json_node_take_object (source, where);
  seg_session_set_selection (session, (const char *const *) keys);

  return seg_session_save_selection (session, name, source, error);
}
