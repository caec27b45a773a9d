/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "seg-charts.h"
#include "seg-evaluation-view.h"
#include "seg-recommender-model.h"
#include "seg-run-record.h"
#include "seg-view-helpers.h"

/* How well a recommendation run's model, and others on the same orders,
 * would have done: each evaluation of the run's order table is a run
 * whose record holds the model's mean figures and the best sellers' on
 * the same split. The newest evaluations done the same way are shown
 * side by side, one series per model and the best sellers last. */

#define K_OFFERS 10

static const char *const measure_keys[SEG_EVALUATION_N_MEASURES] = {
  "hit_rate", "precision", "recall", "coverage",
};

struct _SegEvaluationView
{
  AdwBin          parent_instance;

  SegProject     *project;
  SegSession     *session;
  gint64          run;
  SegRunRecord   *record;        /* the run's */

  GHashTable     *checks;        /* algorithm id → GtkCheckButton */
  GQueue          queue;         /* SegRun: evaluations still to start */
  SegRun         *current;       /* the one under way */
  guint           n_started;
  guint           n_planned;
  SegRunManager  *manager;
  SegRunManager  *own_manager;   /* without a session */
  GListModel     *runs_model;

  /* What the chart shows. */
  GPtrArray      *series_runs;   /* SegRunRecord, the models'; NULL for the best sellers */
  GPtrArray      *series_names;  /* char * */
  GArray         *values;        /* double, series × measures, shares from 0 to 1 */
  char           *protocol_text;

  GtkStack       *stack;
  GtkFlowBox     *models_box;
  GtkWidget      *hide_label;
  GtkSpinButton  *hide_button;
  GtkSpinner     *spinner;
  GtkWidget      *cancel_button;
  GtkLabel       *status_label;
  GtkStack       *result_stack;
  GtkLabel       *protocol_label;
  GtkDrawingArea *chart;
  GtkLabel       *verdict_label;
  GtkLabel       *measures_label;
  GtkListBox     *runs_list;
};

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SESSION,
  PROP_RUN,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegEvaluationView, seg_evaluation_view, ADW_TYPE_BIN)

static const char *
measure_title (SegEvaluationMeasure measure)
{
  switch (measure)
    {
    case SEG_EVALUATION_HIT_RATE: return _("Hit rate");
    case SEG_EVALUATION_PRECISION: return _("Precision");
    case SEG_EVALUATION_RECALL: return _("Recall");
    case SEG_EVALUATION_COVERAGE: return _("Range offered");
    case SEG_EVALUATION_N_MEASURES:
    default: g_assert_not_reached ();
    }
}

static JsonObject *
evaluation_input (SegRunRecord *record)
{
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  JsonNode *node = input != NULL ? json_object_get_member (input, "evaluation") : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* What makes two evaluations comparable: the same split of the same
 * orders, measured on as many offers. */
static char *
split_signature (SegRunRecord *record)
{
  JsonObject *evaluation = evaluation_input (record);

  return g_strdup_printf ("%s|%s|%" PRId64 "|%" PRId64 "|%" PRId64 "|%g|%s|%" PRIu64,
                          record->input_table,
                          json_object_get_string_member_with_default (evaluation, "protocol", ""),
                          json_object_get_int_member_with_default (evaluation, "k", 0),
                          json_object_get_int_member_with_default (evaluation, "last_n", 0),
                          json_object_get_int_member_with_default (evaluation, "folds", 0),
                          json_object_get_double_member_with_default (evaluation, "test_share", 0),
                          json_object_get_string_member_with_default (evaluation, "test_table", ""),
                          record->seed);
}

static gboolean
is_offer_evaluation (SegRunRecord *record,
                     const char   *table)
{
  return record->kind == SEG_MODEL_KIND_RECOMMENDATION && seg_run_record_is_evaluation (record) &&
         g_strcmp0 (record->input_table, table) == 0 && evaluation_input (record) != NULL &&
         isfinite (seg_run_record_get_metric (record, "hit_rate"));
}

static double
customers_measured (SegRunRecord *record)
{
  JsonObject *metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
  JsonObject *model, *mean;

  if (metrics == NULL || !json_object_has_member (metrics, "model") ||
      (model = json_object_get_object_member (metrics, "model")) == NULL ||
      !json_object_has_member (model, "mean") || (mean = json_object_get_object_member (model, "mean")) == NULL)
    return NAN;

  return json_object_get_double_member_with_default (mean, "customers", NAN);
}

/* The split and the measures, in words a shop owner reads. */
static char *
describe_protocol (SegRunRecord *record)
{
  JsonObject *evaluation = evaluation_input (record);
  const char *protocol = json_object_get_string_member_with_default (evaluation, "protocol", "");
  int k = (int) json_object_get_int_member_with_default (evaluation, "k", K_OFFERS);
  double customers = customers_measured (record);
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_strcmp0 (protocol, "last-n") == 0)
    {
      int n = (int) json_object_get_int_member_with_default (evaluation, "last_n", 1);

      if (n == 1)
        g_string_append (text, _("Each customer’s last purchase was hidden."));
      else
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Each customer’s last %d purchase was hidden.",
                                                   "Each customer’s last %d purchases were hidden.", n), n);
      /* Translators: the leading space separates this sentence from
       * the one before; leave it out where sentences need none. */
      g_string_append_printf (text, _(" The models learnt from the orders in “%s” before that and made %d offers to each customer; we then checked whether the offers found what was hidden."),
                              record->input_table, k);
    }
  else if (g_strcmp0 (protocol, "holdout") == 0)
    g_string_append_printf (text, _("A random %.0f%% of the purchases in “%s” were hidden; the models learnt from the rest and made %d offers to each customer, and we checked whether the offers found the hidden purchases."),
                            100 * json_object_get_double_member_with_default (evaluation, "test_share", 0.2),
                            record->input_table, k);
  else if (g_strcmp0 (protocol, "kfold") == 0)
    {
      int folds = (int) json_object_get_int_member_with_default (evaluation, "folds", 5);

      g_string_append_printf (text, _("The purchases in “%s” were split into %d parts and each part was hidden in turn; the models learnt from the other parts and made %d offers to each customer. The figures are the average of the %d rounds."),
                              record->input_table, folds, k, folds);
    }
  else if (g_strcmp0 (protocol, "test-table") == 0)
    g_string_append_printf (text, _("The models learnt from all the orders in “%s” and made %d offers to each customer; we checked them against the later orders in “%s”."),
                            record->input_table, k,
                            json_object_get_string_member_with_default (evaluation, "test_table", ""));
  if (isfinite (customers))
    {
      gint64 n = (gint64) round (customers);

      /* Translators: the leading space separates this sentence from
       * the one before; leave it out where sentences need none. */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %'" PRId64 " customer was tested.",
                                                 " %'" PRId64 " customers were tested.", n), n);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_measures (int k)
{
  return g_strdup_printf (_("Hit rate: the share of customers for whom at least one of the %d offers was something they really bought next.\n"
                            "Precision: the share of all offers that customers really bought next.\n"
                            "Recall: the share of the hidden purchases that the offers found.\n"
                            "Range offered: the share of all products that were offered to anyone at all."),
                          k);
}

/* The chart -------------------------------------------------------------- */

static void
fill_plot (SegEvaluationView *self,
           SegBarGroupPlot   *plot,
           const char        *groups[SEG_EVALUATION_N_MEASURES],
           double            *percent)
{
  guint n = self->series_names->len;

  for (guint m = 0; m < SEG_EVALUATION_N_MEASURES; m++)
    groups[m] = measure_title (m);
  for (guint i = 0; i < n * SEG_EVALUATION_N_MEASURES; i++)
    percent[i] = 100 * g_array_index (self->values, double, i);
  *plot = (SegBarGroupPlot) {
    SEG_EVALUATION_N_MEASURES, groups, n, (const char *const *) self->series_names->pdata, percent,
    1, "%",
    { NULL, NULL, _("Customers, offers or products (%)"), NULL, FALSE, FALSE, FALSE, TRUE },
  };
}

static void
draw_plot (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  data)
{
  SegEvaluationView *self = data;
  const char *groups[SEG_EVALUATION_N_MEASURES];
  g_autofree double *percent = g_new (double, MAX (self->values->len, 1));
  SegBarGroupPlot plot;

  fill_plot (self, &plot, groups, percent);
  seg_bar_group_plot_draw (cr, &plot, width, height);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  draw_plot (cr, width, height, data);
}

/* Showing the evaluations ------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
unref_record (gpointer record)
{
  if (record != NULL)
    g_object_unref (record);
}

static void
add_series (SegEvaluationView *self,
            SegRunRecord      *record,
            const char        *name,
            gboolean           baseline)
{
  g_ptr_array_add (self->series_runs, record != NULL && !baseline ? g_object_ref (record) : NULL);
  g_ptr_array_add (self->series_names, g_strdup (name));
  for (guint m = 0; m < SEG_EVALUATION_N_MEASURES; m++)
    {
      g_autofree char *key = baseline ? g_strconcat ("baseline_", measure_keys[m], NULL) : g_strdup (measure_keys[m]);
      double value = seg_run_record_get_metric (record, key);

      g_array_append_val (self->values, value);
    }
}

/* One model of a comparison: every model was tested on the same split
 * in one run, each with its figures under "models". */
static void
add_compared (SegEvaluationView *self,
              SegRunRecord      *record,
              JsonObject        *model,
              GHashTable        *seen)
{
  const char *id = json_object_get_string_member_with_default (model, "algorithm", NULL);
  JsonObject *mean = json_object_has_member (model, "mean") ? json_object_get_object_member (model, "mean") : NULL;
  g_autoptr(SegModel) instance = NULL;

  /* Best sellers are the yardstick, drawn once at the end. */
  if (id == NULL || mean == NULL || g_str_equal (id, "popular") || g_hash_table_contains (seen, id))
    return;
  instance = seg_model_new_for_id (id, NULL);
  if (instance == NULL)
    return;
  g_hash_table_add (seen, g_strdup (id));
  g_ptr_array_add (self->series_runs, g_object_ref (record));
  g_ptr_array_add (self->series_names, g_strdup (seg_model_get_title (instance)));
  for (guint m = 0; m < SEG_EVALUATION_N_MEASURES; m++)
    {
      double value = json_object_get_double_member_with_default (mean, measure_keys[m], NAN);

      g_array_append_val (self->values, value);
    }
}

static double
value_at (SegEvaluationView    *self,
          guint                 series,
          SegEvaluationMeasure  measure)
{
  return g_array_index (self->values, double, series * SEG_EVALUATION_N_MEASURES + measure);
}

static GtkWidget *
run_row (SegEvaluationView *self,
         guint              series)
{
  SegRunRecord *record = g_ptr_array_index (self->series_runs, series);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *figures;
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (self->series_names, series));
  if (record != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (record->started_at, NULL);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, _("%-d %b %Y, %H:%M")) : g_strdup ("");

      /* Translators: an evaluation in the list: its number and when it ran. */
      subtitle = g_strdup_printf (_("Test %" PRId64 ", %s"), record->id, when);
    }
  else
    subtitle = g_strdup (_("Everyone is offered the best sellers they have not bought"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  text = g_strdup_printf (_("Hit rate %.1f%% · precision %.1f%% · recall %.1f%%"),
                          100 * value_at (self, series, SEG_EVALUATION_HIT_RATE),
                          100 * value_at (self, series, SEG_EVALUATION_PRECISION),
                          100 * value_at (self, series, SEG_EVALUATION_RECALL));
  figures = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (figures), 1);
  gtk_widget_add_css_class (figures, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), figures);

  return row;
}

static char *
describe_verdict (SegEvaluationView *self)
{
  guint n = self->series_names->len, best = 0;
  double baseline;

  if (n < 2)
    return g_strdup ("");
  baseline = value_at (self, n - 1, SEG_EVALUATION_HIT_RATE);
  for (guint s = 1; s + 1 < n; s++)
    if (value_at (self, s, SEG_EVALUATION_HIT_RATE) > value_at (self, best, SEG_EVALUATION_HIT_RATE))
      best = s;
  if (value_at (self, best, SEG_EVALUATION_HIT_RATE) > baseline)
    return g_strdup_printf (_("Best: %s. Its offers found a real next purchase for %.1f%% of customers, against %.1f%% for the best sellers."),
                            (const char *) g_ptr_array_index (self->series_names, best),
                            100 * value_at (self, best, SEG_EVALUATION_HIT_RATE), 100 * baseline);
  return g_strdup_printf (_("No model tested does better than offering the best sellers, whose offers found a real next purchase for %.1f%% of customers."),
                          100 * baseline);
}

static void
reload (SegEvaluationView *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *signature = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *measures = NULL;
  SegRunRecord *newest = NULL;

  g_ptr_array_set_size (self->series_runs, 0);
  g_ptr_array_set_size (self->series_names, 0);
  g_array_set_size (self->values, 0);
  g_clear_pointer (&self->protocol_text, g_free);
  clear_list (self->runs_list);

  if (self->record != NULL)
    records = seg_project_list_runs (self->project, NULL);
  for (guint i = records != NULL ? records->len : 0; i-- > 0;)
    {
      SegRunRecord *record = g_ptr_array_index (records, i);
      g_autofree char *mine = NULL;
      JsonObject *metrics;
      JsonArray *models;

      if (!is_offer_evaluation (record, self->record->input_table))
        continue;
      mine = split_signature (record);
      if (newest == NULL)
        {
          newest = record;
          signature = g_strdup (mine);
        }
      /* The newest test of each model on the newest test's split. */
      if (g_strcmp0 (mine, signature) != 0)
        continue;
      metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
      models = metrics != NULL && json_object_has_member (metrics, "models")
               ? json_object_get_array_member (metrics, "models") : NULL;
      if (models != NULL)
        {
          for (guint m = 0; m < json_array_get_length (models); m++)
            add_compared (self, record, json_array_get_object_element (models, m), seen);
          continue;
        }
      if (g_hash_table_contains (seen, record->algorithm))
        continue;
      g_hash_table_add (seen, g_strdup (record->algorithm));
      add_series (self, record, seg_run_record_get_title (record), FALSE);
    }

  if (newest == NULL)
    {
      gtk_stack_set_visible_child_name (self->result_stack, "none");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "evaluation.export-chart", FALSE);
      return;
    }
  add_series (self, newest, _("Best sellers (yardstick)"), TRUE);

  self->protocol_text = describe_protocol (newest);
  gtk_label_set_label (self->protocol_label, self->protocol_text);
  measures = describe_measures ((int) json_object_get_int_member_with_default (evaluation_input (newest), "k", K_OFFERS));
  gtk_label_set_label (self->measures_label, measures);
  verdict = describe_verdict (self);
  gtk_label_set_label (self->verdict_label, verdict);
  for (guint s = 0; s < self->series_names->len; s++)
    gtk_list_box_append (self->runs_list, run_row (self, s));
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
  gtk_stack_set_visible_child_name (self->result_stack, "results");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evaluation.export-chart", TRUE);
}

/* Choosing the models ----------------------------------------------------- */

static void
fill_models (SegEvaluationView *self)
{
  g_autofree GType *types = NULL;
  guint n_types = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->models_box))) != NULL)
    gtk_flow_box_remove (self->models_box, child);
  g_hash_table_remove_all (self->checks);

  types = seg_model_list_types (SEG_MODEL_KIND_RECOMMENDATION, &n_types);
  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(SegModel) model = g_object_new (types[t], NULL);
      const char *id = seg_model_get_id (model);
      GtkWidget *check;

      /* The best sellers are in every test already, as the yardstick. */
      if (g_strcmp0 (id, "popular") == 0)
        continue;
      check = gtk_check_button_new_with_label (seg_model_get_title (model));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   self->record != NULL && g_strcmp0 (self->record->algorithm, id) == 0);
      gtk_flow_box_append (self->models_box, check);
      g_hash_table_insert (self->checks, g_strdup (id), check);
    }
}

/* Whether the run's orders have a date: then the test hides each
 * customer's latest purchases, else a random share of them. */
static gboolean
record_has_date (SegRunRecord *record)
{
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  const char *date = input != NULL ? json_object_get_string_member_with_default (input, "date", NULL) : NULL;

  return date != NULL && date[0] != '\0';
}

static void
update_actions (SegEvaluationView *self)
{
  gboolean busy = seg_evaluation_view_get_busy (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evaluation.evaluate", !busy && self->record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evaluation.cancel", busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->models_box), !busy);
}

static void
load (SegEvaluationView *self)
{
  g_clear_object (&self->record);
  if (self->project != NULL && self->run > 0)
    {
      g_autoptr(SegRunRecord) record = seg_project_get_run (self->project, self->run, NULL);

      if (record != NULL && record->kind == SEG_MODEL_KIND_RECOMMENDATION)
        self->record = g_steal_pointer (&record);
    }
  gtk_stack_set_visible_child_name (self->stack, self->record != NULL ? "main" : "empty");
  fill_models (self);
  if (self->record != NULL)
    {
      gboolean dated = record_has_date (self->record);

      gtk_widget_set_visible (self->hide_label, dated);
      gtk_widget_set_visible (GTK_WIDGET (self->hide_button), dated);
    }
  gtk_label_set_label (self->status_label, "");
  reload (self);
  update_actions (self);
}

/* Running the evaluations ------------------------------------------------- */

static SegModel *
model_like (SegRunRecord  *record,
            const char    *id,
            GError       **error)
{
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  JsonObject *parameters = JSON_NODE_HOLDS_OBJECT (record->parameters) ? json_node_get_object (record->parameters) : NULL;
  g_autoptr(JsonObject) shared = json_object_new ();
  g_autoptr(SegModel) model = seg_model_new_for_id (id, error);
  GList *members;

  if (model == NULL)
    return NULL;
  g_object_set (model, "table", record->input_table, NULL);
  if (input != NULL && !seg_model_roles_from_json (model, input, error))
    return NULL;
  /* The family's parameters (feedback, top, seed, products table, …) as
   * the run had them; another algorithm keeps its own defaults, the way
   * it weighs purchases among them. */
  members = parameters != NULL ? json_object_get_members (parameters) : NULL;
  for (GList *l = members; l != NULL; l = l->next)
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (model), l->data) != NULL &&
        (g_strcmp0 (id, record->algorithm) == 0 ||
         (g_strcmp0 (l->data, "weighting") != 0 && g_strcmp0 (l->data, "alpha") != 0)))
      json_object_set_member (shared, l->data, json_object_dup_member (parameters, l->data));
  g_list_free (members);
  if (!seg_model_params_from_json (model, shared, error))
    return NULL;

  return g_steal_pointer (&model);
}

static void start_next (SegEvaluationView *self);

static void
on_run_progress (SegEvaluationView *self)
{
  g_autofree char *text = NULL;
  SegModel *model;

  if (self->current == NULL)
    return;
  model = seg_run_get_model (self->current);
  text = g_strdup_printf (_("Testing %s (%u of %u): %.0f%% done"), seg_model_get_title (model),
                          self->n_started, self->n_planned, 100 * seg_run_get_progress (self->current));
  gtk_label_set_label (self->status_label, text);
}

static void
stop_all (SegEvaluationView *self)
{
  SegRun *run;

  while ((run = g_queue_pop_head (&self->queue)) != NULL)
    g_object_unref (run);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
}

static void
on_run_finished (SegRunManager     *manager,
                 SegRun            *run,
                 const GError      *error,
                 SegEvaluationView *self)
{
  if (run != self->current)
    return;
  g_signal_handlers_disconnect_by_data (self->current, self);
  g_clear_object (&self->current);
  if (error != NULL)
    {
      stop_all (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->status_label, _("Stopped. The tests finished before stopping are kept."));
      else
        {
          gtk_label_set_label (self->status_label, "");
          seg_view_show_error (GTK_WIDGET (self), _("Could Not Test the Model"), error);
        }
    }
  reload (self);
  if (error == NULL)
    start_next (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
start_next (SegEvaluationView *self)
{
  g_autoptr(GError) error = NULL;
  SegRun *run = g_queue_pop_head (&self->queue);

  if (run == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      return;
    }
  self->current = run;
  self->n_started++;
  g_signal_connect_object (run, "notify::progress", G_CALLBACK (on_run_progress), self, G_CONNECT_SWAPPED);
  if (!seg_run_manager_start (self->manager, run, &error))
    {
      stop_all (self);
      gtk_label_set_label (self->status_label, "");
      seg_view_show_error (GTK_WIDGET (self), _("Could Not Test the Model"), error);
      return;
    }
  on_run_progress (self);
}

static void
set_manager (SegEvaluationView *self,
             SegRunManager     *manager)
{
  if (self->manager == manager)
    return;
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_set_object (&self->manager, manager);
  if (manager != NULL)
    g_signal_connect_object (manager, "finished", G_CALLBACK (on_run_finished), self, 0);
}

/**
 * seg_evaluation_view_evaluate:
 *
 * Tests each model chosen on the run's orders, one after another, each as
 * an evaluation run next to the best sellers; the chart follows each.
 *
 * Returns: whether the tests started; %FALSE with @error when no model is
 *   chosen or one cannot be set up as the run was
 */
gboolean
seg_evaluation_view_evaluate (SegEvaluationView  *self,
                              GError            **error)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  SegRecommenderEvaluation evaluation;

  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), FALSE);

  if (seg_evaluation_view_get_busy (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The models are being tested already"));
      return FALSE;
    }
  if (self->record == NULL || self->project == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose a recommendation analysis first"));
      return FALSE;
    }
  ids = seg_evaluation_view_dup_models (self);
  if (ids[0] == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose at least one model to test"));
      return FALSE;
    }

  seg_recommender_evaluation_init (&evaluation);
  evaluation.k = K_OFFERS;
  if (record_has_date (self->record))
    {
      evaluation.protocol = SEG_PROTOCOL_LAST_N;
      evaluation.last_n = gtk_spin_button_get_value_as_int (self->hide_button);
    }
  else
    evaluation.protocol = SEG_PROTOCOL_HOLDOUT;

  /* Every model set up before any starts: one that cannot be leaves the
   * project as it was. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(SegModel) model = model_like (self->record, ids[i], error);

      if (model == NULL)
        return FALSE;
      seg_recommender_model_set_evaluation (SEG_RECOMMENDER_MODEL (model), &evaluation);
      g_ptr_array_add (runs, seg_run_new_for_model (self->project, model));
    }

  if (self->manager == NULL)
    {
      if (self->own_manager == NULL)
        self->own_manager = seg_run_manager_new ();
      set_manager (self, self->own_manager);
    }
  if (seg_run_manager_get_busy (self->manager))
    {
      g_set_error_literal (error, SEG_RUN_MANAGER_ERROR, SEG_RUN_MANAGER_ERROR_BUSY,
                           _("Another analysis is still running. Wait for it to finish, or cancel it, then test the models."));
      return FALSE;
    }
  for (guint i = 0; i < runs->len; i++)
    g_queue_push_tail (&self->queue, g_object_ref (g_ptr_array_index (runs, i)));
  self->n_started = 0;
  self->n_planned = runs->len;
  start_next (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  return self->current != NULL;
}

/**
 * seg_evaluation_view_cancel:
 *
 * Stops the test under way and drops those not started; the tests done
 * are kept.
 */
void
seg_evaluation_view_cancel (SegEvaluationView *self)
{
  SegRun *run;

  g_return_if_fail (SEG_IS_EVALUATION_VIEW (self));

  while ((run = g_queue_pop_head (&self->queue)) != NULL)
    g_object_unref (run);
  if (self->current != NULL && self->manager != NULL && seg_run_manager_get_run (self->manager) == self->current)
    seg_run_manager_cancel (self->manager);
}

static void
evaluate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!seg_evaluation_view_evaluate (SEG_EVALUATION_VIEW (widget), &error))
    seg_view_show_error (widget, _("Could Not Test the Models"), error);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  seg_evaluation_view_cancel (SEG_EVALUATION_VIEW (widget));
}

/**
 * seg_evaluation_view_export_chart:
 * @path: a .png, .svg or .pdf file
 *
 * Returns: whether the chart was written
 */
gboolean
seg_evaluation_view_export_chart (SegEvaluationView  *self,
                                  const char         *path,
                                  GError            **error)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), FALSE);

  if (self->series_names->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("There is no chart to export yet: test the models first"));
      return FALSE;
    }

  return seg_plot_export (path, 900, 560, draw_plot, self, error);
}

static char *
save_chart (GtkWidget   *widget,
            const char  *path,
            GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);

  if (!seg_evaluation_view_export_chart (SEG_EVALUATION_VIEW (widget), path, error))
    return NULL;
  return g_strdup_printf (_("Saved the chart as %s"), base);
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = seg_view_chart_filter ();

  /* Translators: a file name; keep it to letters, digits and dashes. */
  seg_view_choose_and_save (widget, _("Export Chart"), _("offer-test.png"), filter, save_chart,
                            _("Could Not Export the Chart"));
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
seg_evaluation_view_new (void)
{
  return g_object_new (SEG_TYPE_EVALUATION_VIEW, NULL);
}

SegProject *
seg_evaluation_view_get_project (SegEvaluationView *self)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), NULL);

  return self->project;
}

void
seg_evaluation_view_set_project (SegEvaluationView *self,
                                 SegProject        *project)
{
  g_return_if_fail (SEG_IS_EVALUATION_VIEW (self));
  g_return_if_fail (project == NULL || SEG_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->runs_model != NULL)
    g_signal_handlers_disconnect_by_data (self->runs_model, self);
  g_clear_object (&self->runs_model);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      /* New tests, deleted ones, another project's: the chart follows. */
      self->runs_model = g_object_ref (seg_project_get_runs (project));
      g_signal_connect_object (self->runs_model, "items-changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

SegSession *
seg_evaluation_view_get_session (SegEvaluationView *self)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), NULL);

  return self->session;
}

/**
 * seg_evaluation_view_set_session:
 *
 * The tests run through the session's run manager, one at a time with
 * the window's other analyses.
 */
void
seg_evaluation_view_set_session (SegEvaluationView *self,
                                 SegSession        *session)
{
  g_return_if_fail (SEG_IS_EVALUATION_VIEW (self));
  g_return_if_fail (session == NULL || SEG_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  if (!seg_evaluation_view_get_busy (self))
    set_manager (self, session != NULL ? seg_session_get_run_manager (session) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gint64
seg_evaluation_view_get_run (SegEvaluationView *self)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), 0);

  return self->run;
}

void
seg_evaluation_view_set_run (SegEvaluationView *self,
                             gint64             run)
{
  g_return_if_fail (SEG_IS_EVALUATION_VIEW (self));

  if (self->run == run)
    return;
  self->run = run;
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

gboolean
seg_evaluation_view_get_busy (SegEvaluationView *self)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), FALSE);

  return self->current != NULL || self->queue.length > 0;
}

/**
 * seg_evaluation_view_set_models:
 * @ids: (array zero-terminated=1): the algorithms to test, by id
 */
void
seg_evaluation_view_set_models (SegEvaluationView *self,
                                const char *const *ids)
{
  GHashTableIter iter;
  gpointer id, check;

  g_return_if_fail (SEG_IS_EVALUATION_VIEW (self));

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &id, &check))
    gtk_check_button_set_active (check, ids != NULL && g_strv_contains (ids, id));
}

/**
 * seg_evaluation_view_dup_models:
 *
 * Returns: (transfer full): the algorithms chosen, by id, in the order
 *   of the list
 */
GStrv
seg_evaluation_view_dup_models (SegEvaluationView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->models_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GHashTableIter iter;
      gpointer id, value;

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        continue;
      g_hash_table_iter_init (&iter, self->checks);
      while (g_hash_table_iter_next (&iter, &id, &value))
        if (value == check)
          g_strv_builder_add (builder, id);
    }

  return g_strv_builder_end (builder);
}

/**
 * seg_evaluation_view_set_hidden:
 * @purchases: how many of each customer's latest purchases a test hides
 */
void
seg_evaluation_view_set_hidden (SegEvaluationView *self,
                                int                purchases)
{
  g_return_if_fail (SEG_IS_EVALUATION_VIEW (self));

  gtk_spin_button_set_value (self->hide_button, purchases);
}

/**
 * seg_evaluation_view_get_n_series:
 *
 * Returns: how many bars each measure has: the models tested, then the
 *   best sellers; 0 before any test
 */
guint
seg_evaluation_view_get_n_series (SegEvaluationView *self)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), 0);

  return self->series_names->len;
}

/**
 * seg_evaluation_view_get_series_run:
 *
 * Returns: the evaluation run a series' figures come from, or 0 for the
 *   best sellers
 */
gint64
seg_evaluation_view_get_series_run (SegEvaluationView *self,
                                    guint              series)
{
  SegRunRecord *record;

  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), 0);
  g_return_val_if_fail (series < self->series_runs->len, 0);

  record = g_ptr_array_index (self->series_runs, series);
  return record != NULL ? record->id : 0;
}

const char *
seg_evaluation_view_get_series_name (SegEvaluationView *self,
                                     guint              series)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), NULL);
  g_return_val_if_fail (series < self->series_names->len, NULL);

  return g_ptr_array_index (self->series_names, series);
}

/**
 * seg_evaluation_view_get_value:
 *
 * Returns: a bar's value, a share from 0 to 1
 */
double
seg_evaluation_view_get_value (SegEvaluationView    *self,
                               guint                 series,
                               SegEvaluationMeasure  measure)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), NAN);
  g_return_val_if_fail (series < self->series_names->len && measure < SEG_EVALUATION_N_MEASURES, NAN);

  return value_at (self, series, measure);
}

/**
 * seg_evaluation_view_get_protocol_text:
 *
 * Returns: (nullable): how the tests shown were made, in words
 */
const char *
seg_evaluation_view_get_protocol_text (SegEvaluationView *self)
{
  g_return_val_if_fail (SEG_IS_EVALUATION_VIEW (self), NULL);

  return self->protocol_text;
}

/* GObject ----------------------------------------------------------------- */

static void
seg_evaluation_view_dispose (GObject *object)
{
  SegEvaluationView *self = SEG_EVALUATION_VIEW (object);

  seg_evaluation_view_cancel (self);
  stop_all (self);
  set_manager (self, NULL);
  if (self->runs_model != NULL)
    g_signal_handlers_disconnect_by_data (self->runs_model, self);
  g_clear_object (&self->runs_model);
  /* The bin lets its child go first: the template's root is that child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_EVALUATION_VIEW);
  g_clear_object (&self->own_manager);
  g_clear_object (&self->record);
  g_clear_object (&self->project);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (seg_evaluation_view_parent_class)->dispose (object);
}

static void
seg_evaluation_view_finalize (GObject *object)
{
  SegEvaluationView *self = SEG_EVALUATION_VIEW (object);

  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->series_runs, g_ptr_array_unref);
  g_clear_pointer (&self->series_names, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_free (self->protocol_text);

  G_OBJECT_CLASS (seg_evaluation_view_parent_class)->finalize (object);
}

static void
seg_evaluation_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SegEvaluationView *self = SEG_EVALUATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_RUN: g_value_set_int64 (value, self->run); break;
    case PROP_BUSY: g_value_set_boolean (value, seg_evaluation_view_get_busy (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_evaluation_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SegEvaluationView *self = SEG_EVALUATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: seg_evaluation_view_set_project (self, g_value_get_object (value)); break;
    case PROP_SESSION: seg_evaluation_view_set_session (self, g_value_get_object (value)); break;
    case PROP_RUN: seg_evaluation_view_set_run (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_evaluation_view_class_init (SegEvaluationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = seg_evaluation_view_dispose;
  object_class->finalize = seg_evaluation_view_finalize;
  object_class->get_property = seg_evaluation_view_get_property;
  object_class->set_property = seg_evaluation_view_set_property;

  properties[PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT, flags);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SEG_TYPE_SESSION, flags);
  properties[PROP_RUN] = g_param_spec_int64 ("run", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-evaluation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, stack);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, models_box);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, hide_label);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, hide_button);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, spinner);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, result_stack);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, protocol_label);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, chart);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, measures_label);
  gtk_widget_class_bind_template_child (widget_class, SegEvaluationView, runs_list);

  gtk_widget_class_install_action (widget_class, "evaluation.evaluate", NULL, evaluate_action);
  gtk_widget_class_install_action (widget_class, "evaluation.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "evaluation.export-chart", NULL, export_chart_action);
}

static void
seg_evaluation_view_init (SegEvaluationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->series_runs = g_ptr_array_new_with_free_func (unref_record);
  self->series_names = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_queue_init (&self->queue);
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  load (self);
}
