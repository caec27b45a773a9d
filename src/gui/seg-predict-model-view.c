/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-bayes-net-model.h"
#include "seg-export.h"
#include "seg-graph-plot.h"
#include "seg-heat-map.h"
#include "seg-lifetime-model.h"
#include "seg-predict-model-view.h"
#include "seg-predict-table.h"
#include "seg-run-record.h"
#include "seg-tree-plot.h"
#include "seg-view-helpers.h"

/* What a prediction run's model learnt, for the person who asked: the
 * weights of a regression as a table in words, a decision tree or a
 * Bayesian network drawn (the network editable, with a what-if panel),
 * naive Bayes' differences between the classes, and a lifetime value
 * run's frequency–recency heat map. Everything is read from the run's
 * record ("model" in its metrics) and, for the network, its kept state. */

#define N_CELLS 6
#define TREE_ZOOM_MIN 0.2
#define TREE_ZOOM_MAX 1.5

typedef enum
{
  SHOWN_NONE,
  SHOWN_TABLE,
  SHOWN_TREE,
  SHOWN_NETWORK,
  SHOWN_LIFETIME,
} Shown;

/* One line of the table: its cells as text, and how long its bar is. */
#define SEG_TYPE_MODEL_TERM (seg_model_term_get_type ())
G_DECLARE_FINAL_TYPE (SegModelTerm, seg_model_term, SEG, MODEL_TERM, GObject)

struct _SegModelTerm
{
  GObject  parent_instance;
  char    *cells[N_CELLS];
  double   bar;      /* 0 to 1 */
  double   strength; /* the sort key, largest first */
};

G_DEFINE_FINAL_TYPE (SegModelTerm, seg_model_term, G_TYPE_OBJECT)

static void
seg_model_term_finalize (GObject *object)
{
  SegModelTerm *self = SEG_MODEL_TERM (object);

  for (guint i = 0; i < N_CELLS; i++)
    g_free (self->cells[i]);
  G_OBJECT_CLASS (seg_model_term_parent_class)->finalize (object);
}

static void
seg_model_term_class_init (SegModelTermClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seg_model_term_finalize;
}

static void
seg_model_term_init (SegModelTerm *self)
{
}

struct _SegPredictModelView
{
  AdwBin          parent_instance;

  SegProject     *project;
  SegSession     *session;
  gint64          run;
  SegRunRecord   *record;
  Shown           shown;
  GListModel     *runs_model;

  /* How the run's table describes its columns. */
  JsonNode       *origin;
  char           *cutoff;
  GHashTable     *item_names;

  /* The table. */
  GListStore     *terms;
  guint           n_columns;
  GPtrArray      *column_titles;

  /* The tree. */
  GArray         *tree_nodes;    /* SegTreePlotNode */
  GPtrArray      *tree_texts;    /* char *, each node's text */
  GPtrArray      *tree_splits;   /* char *, each node's question without the "?", NULL for leaves */
  GPtrArray      *tree_counts;   /* char *, how many customers each node holds */
  guint           tree_tick;     /* fits the tree to the window once it has a size */
  guint           tree_fit_stage;
  GArray         *tree_parents;  /* int */
  double          tree_zoom;
  int             tree_selected;
  guint           n_drawn;
  char           *path_text;

  /* The network. */
  SegBayesNet    *net;
  GPtrArray      *node_names;    /* char * */
  GPtrArray      *node_labels;   /* char *, the names in a few words */
  GArray         *arrow_from;    /* guint */
  GArray         *arrow_to;      /* guint */
  int             net_selected;
  GPtrArray      *what_if_nodes; /* char *, the node of each drop-down */
  GPtrArray      *what_if_states; /* GStrv, what each drop-down item asks what_if for */
  GPtrArray      *what_if_downs; /* GtkDropDown */
  double          probability;
  double          base_rate;
  char           *message;

  /* The lifetime heat map. */
  double         *heat[2];       /* SEG_CLV_GRID_SIZE², by heat measure */
  double          heat_max_x;
  double          heat_max_t;
  SegHeatMeasure  heat_measure;
  char           *time_unit;     /* "days" or "weeks" */

  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *title_label;
  GtkLabel       *summary_label;
  GtkStack       *kind_stack;
  GtkColumnView  *table;
  GtkLabel       *table_note;
  GtkScrolledWindow *tree_scroll;
  GtkDrawingArea *tree_area;
  GtkDrawingArea *tree_legend;
  GtkLabel       *path_label;
  GtkToggleButton *edit_button;
  GtkLabel       *network_message;
  GtkDrawingArea *graph_area;
  GtkLabel       *target_label;
  GtkLabel       *probability_label;
  GtkLevelBar    *probability_bar;
  GtkLabel       *base_label;
  GtkBox         *what_if_box;
  GtkToggleButton *expected_button;
  GtkToggleButton *alive_button;
  GtkDrawingArea *heat_area;
  GtkLabel       *params_label;
};

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SESSION,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegPredictModelView, seg_predict_model_view, ADW_TYPE_BIN)

static void update_what_if (SegPredictModelView *self);
static gboolean fit_tree_tick (GtkWidget     *widget,
                               GdkFrameClock *clock,
                               gpointer       data);

/* Reading the record ------------------------------------------------------ */

static double
number_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NAN;
  return json_node_get_double (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
metrics_of (SegRunRecord *record)
{
  return record != NULL && record->metrics != NULL && JSON_NODE_HOLDS_OBJECT (record->metrics)
         ? json_node_get_object (record->metrics) : NULL;
}

static JsonObject *
input_of (SegRunRecord *record)
{
  return record != NULL && record->input != NULL && JSON_NODE_HOLDS_OBJECT (record->input)
         ? json_node_get_object (record->input) : NULL;
}

/* A column in words: as the labelled table describes it, or as the
 * computed features read, or a one-hot column as its level. */
static char *
feature_words (SegPredictModelView *self,
               const char          *name)
{
  JsonObject *origin = self->origin != NULL && JSON_NODE_HOLDS_OBJECT (self->origin)
                       ? json_node_get_object (self->origin) : NULL;
  JsonObject *descriptions = object_member (origin, "descriptions");
  const char *equals;
  char *words;

  /* A share of spend on an item by the item's name, when the products
   * table has it. */
  if (self->cutoff != NULL && seg_predict_feature_item (name) != NULL)
    return seg_predict_describe_feature_named (name, self->cutoff, self->item_names);
  if (descriptions != NULL && json_object_has_member (descriptions, name))
    {
      const char *text = json_object_get_string_member_with_default (descriptions, name, NULL);

      if (text != NULL && *text != '\0')
        return g_strdup (text);
    }
  if (self->cutoff != NULL && (words = seg_predict_describe_feature (name, self->cutoff)) != NULL)
    return words;
  equals = strchr (name, '=');
  if (equals != NULL && equals != name)
    {
      g_autofree char *column = g_strndup (name, equals - name);
      g_autofree char *column_words = feature_words (self, column);

      if (g_str_equal (equals + 1, "missing"))
        return g_strdup_printf (_("%s is missing"), column_words);
      return g_strdup_printf (_("%s is “%s”"), column_words, equals + 1);
    }
  return g_strdup (name);
}

/* A computed feature in a few words, for a box of a drawing; other
 * columns in their full words. */
static char *
feature_short_words (SegPredictModelView *self,
                     const char          *name)
{
  static const struct { const char *name; const char *words; } short_words[] = {
    { "recency", N_("days since last order") },
    { "frequency", N_("orders") },
    { "monetary", N_("spend") },
    { "avg_order_value", N_("mean order value") },
    { "tenure", N_("days as a customer") },
    { "gap_mean", N_("mean days between orders") },
    { "gap_sd", N_("spread of days between orders") },
    { "overdue", N_("days overdue") },
    { "return_line_share", N_("share of lines returned") },
    { "return_value_share", N_("share of value returned") },
    { "spend_30d", N_("spend in the last 30 days") },
    { "orders_30d", N_("orders in the last 30 days") },
    { "spend_90d", N_("spend in the last 90 days") },
    { "orders_90d", N_("orders in the last 90 days") },
    { "items", N_("different items bought") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (short_words); i++)
    if (g_str_equal (name, short_words[i].name))
      return g_strdup (_(short_words[i].words));
  return feature_words (self, name);
}

/* The unit a computed feature's values are in, to follow a number. */
static const char *
feature_unit (const char *name)
{
  static const char *const days[] = { "recency", "tenure", "gap_mean", "gap_sd", "overdue", NULL };
  static const char *const orders[] = { "frequency", "orders_30d", "orders_90d", NULL };

  if (g_strv_contains (days, name))
    return _("days");
  if (g_strv_contains (orders, name))
    return _("orders");
  if (g_str_equal (name, "items"))
    return _("items");
  return NULL;
}

static char *
target_words (SegPredictModelView *self)
{
  const char *target = json_object_get_string_member_with_default (input_of (self->record), "target", "");

  return feature_words (self, target);
}

/* What a labelled table's target asks, in a few words, for the node of a
 * network that stands for it. */
static char *
target_short_words (SegPredictModelView *self,
                    const char          *name)
{
  JsonObject *origin = self->origin != NULL && JSON_NODE_HOLDS_OBJECT (self->origin)
                       ? json_node_get_object (self->origin) : NULL;
  const char *target = json_object_get_string_member_with_default (origin, "target", "");

  if (g_strcmp0 (name, json_object_get_string_member_with_default (input_of (self->record), "target", "")) != 0)
    return g_strdup (name);
  if (g_str_equal (target, "buys-again"))
    return g_strdup (_("buys again?"));
  if (g_str_equal (target, "churn"))
    return g_strdup (_("leaves?"));
  if (g_str_equal (target, "buys-item"))
    return g_strdup (_("buys the item?"));
  return g_strdup (name);
}

static char *
format_share (double share)
{
  if (!isfinite (share))
    return g_strdup ("–");
  return g_strdup_printf ("%.0f%%", 100 * share);
}

/* The table ---------------------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  gboolean bar = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "bar"));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "index"));
  GtkWidget *child;

  if (bar)
    {
      child = gtk_level_bar_new_for_interval (0, 1);
      gtk_widget_set_size_request (child, 80, -1);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (child), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (child), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (child), GTK_LEVEL_BAR_OFFSET_FULL);
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), index == 0 ? 0.0 : 1.0);
      if (index == 0)
        {
          /* The feature in words may be long: it wraps in its column. */
          gtk_label_set_wrap (GTK_LABEL (child), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_width_chars (GTK_LABEL (child), 16);
          gtk_label_set_max_width_chars (GTK_LABEL (child), 44);
        }
    }
  gtk_list_item_set_child (item, child);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  SegModelTerm *term = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "index"));

  if (GTK_IS_LEVEL_BAR (child))
    gtk_level_bar_set_value (GTK_LEVEL_BAR (child), CLAMP (term->bar, 0.0, 1.0));
  else
    gtk_label_set_text (GTK_LABEL (child), term->cells[index] != NULL ? term->cells[index] : "");
}

/* Columns by title; @bar is the column that draws each row's bar, or -1. */
static void
set_columns (SegPredictModelView *self,
             const char *const   *titles,
             int                  bar)
{
  GListModel *columns = gtk_column_view_get_columns (self->table);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->table, column);
    }
  g_ptr_array_set_size (self->column_titles, 0);
  self->n_columns = 0;
  for (guint i = 0; titles[i] != NULL && i < N_CELLS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "index", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (factory), "bar", GINT_TO_POINTER ((int) i == bar));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, i == 0);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->table, column);
      g_ptr_array_add (self->column_titles, g_strdup (titles[i]));
      self->n_columns++;
    }
}

static int
compare_terms (gconstpointer a,
               gconstpointer b)
{
  const SegModelTerm *x = *(SegModelTerm *const *) a, *y = *(SegModelTerm *const *) b;
  double sx = isfinite (x->strength) ? x->strength : -1, sy = isfinite (y->strength) ? y->strength : -1;

  return sx > sy ? -1 : sx < sy;
}

/* Sorted by strength, each bar as long as its share of the strongest. */
static void
fill_terms (SegPredictModelView *self,
            GPtrArray           *terms)
{
  double strongest = 0;

  g_ptr_array_sort (terms, compare_terms);
  for (guint i = 0; i < terms->len; i++)
    {
      SegModelTerm *term = g_ptr_array_index (terms, i);

      if (isfinite (term->strength))
        strongest = MAX (strongest, term->strength);
    }
  for (guint i = 0; i < terms->len; i++)
    {
      SegModelTerm *term = g_ptr_array_index (terms, i);

      term->bar = strongest > 0 && isfinite (term->strength) ? term->strength / strongest : 0;
    }
  g_list_store_splice (self->terms, 0, g_list_model_get_n_items (G_LIST_MODEL (self->terms)),
                       terms->pdata, terms->len);
}

static SegModelTerm *
term_new (double strength)
{
  SegModelTerm *term = g_object_new (SEG_TYPE_MODEL_TERM, NULL);

  term->strength = strength;
  return term;
}

static char *
format_p (double p)
{
  if (!isfinite (p))
    return g_strdup ("–");
  if (p < 0.001)
    return g_strdup ("< 0.001");
  return g_strdup_printf ("%.3f", p);
}

static void
show_coefficients (SegPredictModelView *self,
                   JsonObject          *model,
                   gboolean             logistic)
{
  JsonArray *coefficients = array_member (model, "coefficients");
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *target = target_words (self);
  double intercept = logistic ? number_member (model, "intercept") : NAN;

  if (logistic)
    {
      const char *titles[] = { _("Feature"), _("Effect"), _("Strength"), _("Weight"), _("Odds ×"), NULL };

      set_columns (self, titles, 2);
    }
  else
    {
      const char *titles[] = { _("Feature"), _("Effect"), _("Strength"), _("Change per unit"),
                               _("Give or take"), _("Chance it is luck"), NULL };

      set_columns (self, titles, 2);
    }

  for (guint i = 0; coefficients != NULL && i < json_array_get_length (coefficients); i++)
    {
      JsonObject *coefficient = json_array_get_object_element (coefficients, i);
      const char *feature = json_object_get_string_member_with_default (coefficient, "feature", "");
      double estimate = number_member (coefficient, "estimate");
      double t = number_member (coefficient, "t");
      double p = number_member (coefficient, "p");
      SegModelTerm *term;

      if (g_str_equal (feature, "(intercept)"))
        {
          intercept = estimate;
          continue;
        }
      term = term_new (logistic || !isfinite (t) ? fabs (estimate) : fabs (t));
      term->cells[0] = feature_words (self, feature);
      if (logistic)
        {
          const char *effect = json_object_get_string_member_with_default (coefficient, "effect", "none");

          term->cells[1] = g_strdup (g_str_equal (effect, "more") ? _("more likely")
                                     : g_str_equal (effect, "less") ? _("less likely") : _("no effect"));
          term->cells[3] = g_strdup_printf ("%+.3f", estimate);
          term->cells[4] = g_strdup_printf ("%.2f", number_member (coefficient, "odds_ratio"));
        }
      else
        {
          const char *way = estimate > 0 ? _("higher") : estimate < 0 ? _("lower") : _("no effect");

          term->cells[1] = isfinite (p) && p > 0.05 ? g_strdup_printf (_("%s (could be luck)"), way) : g_strdup (way);
          term->cells[3] = g_strdup_printf ("%+.4g", estimate);
          term->cells[4] = isfinite (number_member (coefficient, "std_error"))
                           ? g_strdup_printf ("± %.3g", number_member (coefficient, "std_error")) : g_strdup ("–");
          term->cells[5] = format_p (p);
        }
      g_ptr_array_add (terms, term);
    }
  fill_terms (self, terms);

  if (logistic)
    {
      g_autofree char *predicts = g_strdup_printf (_("Predicts: %s"), target);

      gtk_label_set_text (self->summary_label, predicts);
      gtk_label_set_text (self->table_note,
                          _("Strongest first. Every feature was put on one scale (a step is one standard deviation, "
                            "the typical spread), so the weights compare. “Odds ×”: how the odds of a yes multiply "
                            "for one step up; 1 means no effect, 2 doubles them, 0.5 halves them."));
    }
  else
    {
      g_autofree char *summary = g_strdup_printf (_("%s: the model’s estimate goes up or down by the change per unit of each feature"),
                                                  target);
      g_autofree char *note = NULL;
      double r2 = number_member (model, "train_r2");

      gtk_label_set_text (self->summary_label, summary);
      note = g_strdup_printf (_("Strongest first (by how sure the estimate is). “Give or take”: the standard error. "
                                "“Chance it is luck”: the p value, below 0.05 is usually taken as real. "
                                "The model explains %.0f%% of the differences between customers it learnt from "
                                "(R²); with every feature at 0 it estimates %.4g."),
                              isfinite (r2) ? 100 * r2 : 0.0, intercept);
      gtk_label_set_text (self->table_note, note);
    }
  gtk_stack_set_visible_child_name (self->kind_stack, "table");
  self->shown = SHOWN_TABLE;
}

static void
show_naive_bayes (SegPredictModelView *self,
                  JsonObject          *model)
{
  JsonArray *features = array_member (model, "features");
  JsonArray *priors = array_member (model, "priors");
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *target = target_words (self);
  g_autofree char *note = NULL;
  g_autofree char *base = format_share (priors != NULL && json_array_get_length (priors) > 1
                                        ? json_array_get_double_element (priors, 1) : NAN);
  const char *titles[] = { _("Feature"), _("When yes"), _("When no"), _("How far apart"), _("Difference"), NULL };

  set_columns (self, titles, 3);
  for (guint i = 0; features != NULL && i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      const char *name = json_object_get_string_member_with_default (feature, "feature", "");
      g_autofree char *words = feature_words (self, name);

      if (json_object_get_boolean_member_with_default (feature, "categorical", FALSE))
        {
          JsonArray *shares = array_member (feature, "probabilities");
          JsonArray *no = shares != NULL && json_array_get_length (shares) > 1 ? json_array_get_array_element (shares, 0) : NULL;
          JsonArray *yes = shares != NULL && json_array_get_length (shares) > 1 ? json_array_get_array_element (shares, 1) : NULL;
          JsonArray *levels = seg_predict_record_levels (self->record, name);

          for (guint k = 0; yes != NULL && no != NULL && k < json_array_get_length (yes) && k < json_array_get_length (no); k++)
            {
              double share_yes = json_array_get_double_element (yes, k), share_no = json_array_get_double_element (no, k);
              const char *level = levels != NULL && k < json_array_get_length (levels)
                                  ? json_array_get_string_element (levels, k) : NULL;
              SegModelTerm *term = term_new (fabs (share_yes - share_no));

              term->cells[0] = level != NULL ? g_strdup_printf (_("%s is “%s”"), words, level)
                                             : g_strdup_printf (_("%s is level %u"), words, k + 1);
              term->cells[1] = format_share (share_yes);
              term->cells[2] = format_share (share_no);
              term->cells[4] = g_strdup_printf (_("%+.0f points"), 100 * (share_yes - share_no));
              g_ptr_array_add (terms, term);
            }
        }
      else
        {
          JsonArray *means = array_member (feature, "means");
          double no = means != NULL && json_array_get_length (means) > 1 ? json_array_get_double_element (means, 0) : NAN;
          double yes = means != NULL && json_array_get_length (means) > 1 ? json_array_get_double_element (means, 1) : NAN;
          double larger = MAX (fabs (yes), fabs (no));
          const char *unit = feature_unit (name);
          SegModelTerm *term = term_new (larger > 0 ? fabs (yes - no) / larger : 0);

          term->cells[0] = g_strdup (words);
          term->cells[1] = unit != NULL ? g_strdup_printf (_("mean %.4g %s"), yes, unit) : g_strdup_printf (_("mean %.4g"), yes);
          term->cells[2] = unit != NULL ? g_strdup_printf (_("mean %.4g %s"), no, unit) : g_strdup_printf (_("mean %.4g"), no);
          if (no != 0 && isfinite (yes / no))
            term->cells[4] = g_strdup_printf (_("× %.2f"), yes / no);
          else
            term->cells[4] = g_strdup_printf ("%+.4g", yes - no);
          g_ptr_array_add (terms, term);
        }
    }
  fill_terms (self, terms);

  {
    g_autofree char *predicts = g_strdup_printf (_("Predicts: %s"), target);

    gtk_label_set_text (self->summary_label, predicts);
  }
  note = g_strdup_printf (_("How the customers for whom the answer was yes (%s of those it learnt from) differ from the rest, "
                            "feature by feature, largest difference first. Naive Bayes judges a customer by these "
                            "differences, one feature at a time."),
                          base);
  gtk_label_set_text (self->table_note, note);
  gtk_stack_set_visible_child_name (self->kind_stack, "table");
  self->shown = SHOWN_TABLE;
}

/* The tree ----------------------------------------------------------------- */

/* The tree as drawn; in the window its colour legend is drawn above
 * it, outside the part that scrolls, and only exports carry their own. */
static void
build_tree_plot (SegPredictModelView *self,
                 gboolean             legend,
                 SegTreePlot         *plot)
{
  *plot = (SegTreePlot) {
    .nodes = (const SegTreePlotNode *) self->tree_nodes->data,
    .n_nodes = self->tree_nodes->len,
    .selected = self->tree_selected,
    .title = NULL,
    .scale_title = legend ? _("Share of yes") : NULL,
    .scale_low = "0%",
    .scale_high = "100%",
  };
}

static cairo_t *
scratch_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static void
tree_natural_size (SegPredictModelView *self,
                   gboolean             legend,
                   double              *width,
                   double              *height)
{
  cairo_t *cr = scratch_context ();
  SegTreePlot plot;

  build_tree_plot (self, legend, &plot);
  seg_tree_plot_natural_size (cr, &plot, width, height);
  cairo_destroy (cr);
}

static void
apply_tree_zoom (SegPredictModelView *self)
{
  double width, height;

  tree_natural_size (self, FALSE, &width, &height);
  gtk_drawing_area_set_content_width (self->tree_area, (int) ceil (width * self->tree_zoom));
  gtk_drawing_area_set_content_height (self->tree_area, (int) ceil (height * self->tree_zoom));
  gtk_widget_queue_draw (GTK_WIDGET (self->tree_area));
}

static void
draw_tree (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  SegPredictModelView *self = data;
  SegTreePlot plot;

  if (self->shown != SHOWN_TREE)
    return;
  build_tree_plot (self, FALSE, &plot);
  self->n_drawn = seg_tree_plot_draw (cr, &plot, width, height);
}

static void
draw_tree_legend (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        data)
{
  SegPredictModelView *self = data;
  SegTreePlot plot;

  build_tree_plot (self, TRUE, &plot);
  seg_heat_map_draw_scale (cr, 0, 0, width, height, plot.scale_low, plot.scale_high, plot.scale_title);
}

static char *
node_count_text (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " customer", "%'" PRId64 " customers", n), n);
}

static void
show_tree (SegPredictModelView *self,
           JsonObject          *model)
{
  JsonArray *nodes = array_member (model, "nodes");
  guint n = nodes != NULL ? json_array_get_length (nodes) : 0;
  g_autofree char *target = target_words (self);
  g_autofree char *summary = NULL;

  g_array_set_size (self->tree_nodes, 0);
  g_ptr_array_set_size (self->tree_texts, 0);
  g_ptr_array_set_size (self->tree_splits, 0);
  g_ptr_array_set_size (self->tree_counts, 0);
  g_array_set_size (self->tree_parents, n);
  for (guint k = 0; k < n; k++)
    g_array_index (self->tree_parents, int, k) = -1;

  for (guint k = 0; k < n; k++)
    {
      JsonObject *node = json_array_get_object_element (nodes, k);
      const char *feature = json_object_get_string_member_with_default (node, "feature", NULL);
      gint64 count = json_object_get_int_member_with_default (node, "n", 0);
      double share = number_member (node, "share");
      g_autofree char *customers = node_count_text (count);
      g_autofree char *yes = format_share (share);
      SegTreePlotNode plot_node = { -1, -1, NULL, isfinite (share) ? share : NAN };
      char *split = NULL, *text;

      if (feature != NULL)
        {
          g_autofree char *words = feature_words (self, feature);
          g_autofree char *short_words = feature_short_words (self, feature);
          double threshold = number_member (node, "threshold");
          gint64 left = json_object_get_int_member_with_default (node, "left", -1);
          gint64 right = json_object_get_int_member_with_default (node, "right", -1);

          split = g_strdup_printf ("%s ≤ %g", words, threshold);
          plot_node.left = left >= 0 && left < n ? (int) left : -1;
          plot_node.right = right >= 0 && right < n ? (int) right : -1;
          if (plot_node.left >= 0)
            g_array_index (self->tree_parents, int, plot_node.left) = (int) k;
          if (plot_node.right >= 0)
            g_array_index (self->tree_parents, int, plot_node.right) = (int) k;
          /* Translators: a decision tree's box: its question, how many
           * customers reach it and the share of them who said yes. */
          text = g_strdup_printf (_("%s ≤ %g?\n%s · %s yes"), short_words, threshold, customers, yes);
        }
      else
        text = g_strdup_printf (_("%s\n%s yes"), customers, yes);
      /* Translators: how many customers reach a box of a decision tree,
       * and the share of them who said yes. */
      g_ptr_array_add (self->tree_counts, g_strdup_printf (_("%s, %s yes"), customers, yes));
      g_ptr_array_add (self->tree_texts, text);
      g_ptr_array_add (self->tree_splits, split);
      plot_node.text = text;
      g_array_append_val (self->tree_nodes, plot_node);
    }

  summary = g_strdup_printf (_("Predicts: %s. Each box asks a question: customers for whom the answer is yes go left, the others right. "
                               "The darker a box, the larger its share of yes."), target);
  gtk_label_set_text (self->summary_label, summary);
  gtk_label_set_text (self->path_label, "");
  self->tree_selected = -1;
  self->tree_zoom = 0.8;
  self->shown = SHOWN_TREE;
  gtk_stack_set_visible_child_name (self->kind_stack, "tree");
  apply_tree_zoom (self);
  self->tree_fit_stage = 0;
  if (self->tree_tick == 0)
    self->tree_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->tree_scroll), fit_tree_tick, self, NULL);
}

/* Once the tree has room: as tall as fits, but no smaller than can be
 * read, then scrolled to put the first question in the middle. */
static gboolean
fit_tree_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  SegPredictModelView *self = data;
  int room_w = gtk_widget_get_width (GTK_WIDGET (self->tree_scroll));
  int room_h = gtk_widget_get_height (GTK_WIDGET (self->tree_scroll));
  GtkAdjustment *hadjustment = gtk_scrolled_window_get_hadjustment (self->tree_scroll);
  double width, height, x, y;
  cairo_t *cr;
  SegTreePlot plot;
  g_autofree SegBox *boxes = NULL;

  if (self->shown != SHOWN_TREE || self->tree_fit_stage == 60 || self->tree_fit_stage >= 130)
    {
      self->tree_tick = 0;
      return G_SOURCE_REMOVE;
    }
  self->tree_fit_stage++;
  if (room_w <= 0 || room_h <= 0)
    return G_SOURCE_CONTINUE;
  if (self->tree_fit_stage < 100)
    {
      tree_natural_size (self, FALSE, &width, &height);
      /* Every level in view, scrolling sideways if need be. */
      self->tree_zoom = CLAMP ((room_h - 16) / height, 0.6, 1.0);
      apply_tree_zoom (self);
      self->tree_fit_stage = 100;
      return G_SOURCE_CONTINUE;
    }
  if (gtk_widget_get_width (GTK_WIDGET (self->tree_area)) < gtk_drawing_area_get_content_width (self->tree_area))
    return G_SOURCE_CONTINUE;

  boxes = g_new0 (SegBox, MAX (self->tree_nodes->len, 1));
  cr = scratch_context ();
  build_tree_plot (self, FALSE, &plot);
  seg_tree_plot_layout (cr, &plot, gtk_widget_get_width (GTK_WIDGET (self->tree_area)),
                        gtk_widget_get_height (GTK_WIDGET (self->tree_area)), boxes);
  cairo_destroy (cr);
  if (self->tree_nodes->len > 0 &&
      gtk_widget_translate_coordinates (GTK_WIDGET (self->tree_area), GTK_WIDGET (self->tree_scroll),
                                        boxes[0].x + boxes[0].width / 2, 0, &x, &y))
    gtk_adjustment_set_value (hadjustment, gtk_adjustment_get_value (hadjustment) + x - room_w / 2.0);
  self->tree_tick = 0;
  return G_SOURCE_REMOVE;
}

/* The way to a node in words: each question on the way, answered. */
static char *
describe_path (SegPredictModelView *self,
               int                  node)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  const SegTreePlotNode *nodes = (const SegTreePlotNode *) self->tree_nodes->data;
  guint guard = 0;

  for (int at = node; at >= 0 && guard <= self->tree_nodes->len; guard++)
    {
      int parent = g_array_index (self->tree_parents, int, at);

      if (parent < 0)
        break;
      g_ptr_array_insert (steps, 0, GINT_TO_POINTER (nodes[parent].left == at ? parent + 1 : -(parent + 1)));
      at = parent;
    }
  if (steps->len == 0)
    g_string_append (text, _("All customers the model learnt from"));
  else
    g_string_append (text, _("Customers for whom: "));
  for (guint i = 0; i < steps->len; i++)
    {
      int step = GPOINTER_TO_INT (g_ptr_array_index (steps, i));
      const char *split = g_ptr_array_index (self->tree_splits, ABS (step) - 1);

      if (i > 0)
        g_string_append (text, _("; "));
      if (step > 0)
        g_string_append (text, split);
      else
        g_string_append_printf (text, _("not (%s)"), split);
    }
  g_string_append (text, _(" — "));
  g_string_append (text, g_ptr_array_index (self->tree_counts, node));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
tree_pressed (GtkGestureClick *gesture,
              int              n_press,
              double           x,
              double           y,
              gpointer         data)
{
  SegPredictModelView *self = data;
  cairo_t *cr;
  SegTreePlot plot;
  int node;

  if (self->shown != SHOWN_TREE)
    return;
  cr = scratch_context ();
  build_tree_plot (self, FALSE, &plot);
  node = seg_tree_plot_node_at (cr, &plot, gtk_widget_get_width (GTK_WIDGET (self->tree_area)),
                                gtk_widget_get_height (GTK_WIDGET (self->tree_area)), x, y);
  cairo_destroy (cr);
  seg_predict_model_view_select_node (self, node);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SegPredictModelView *self = SEG_PREDICT_MODEL_VIEW (widget);

  if (self->shown != SHOWN_TREE)
    return;
  if (g_str_equal (action_name, "model-view.zoom-in"))
    self->tree_zoom = MIN (TREE_ZOOM_MAX, self->tree_zoom * 1.25);
  else if (g_str_equal (action_name, "model-view.zoom-out"))
    self->tree_zoom = MAX (TREE_ZOOM_MIN, self->tree_zoom / 1.25);
  else
    {
      double width, height;
      int room_w = gtk_widget_get_width (GTK_WIDGET (self->tree_scroll)) - 4;
      int room_h = gtk_widget_get_height (GTK_WIDGET (self->tree_scroll)) - 4;

      tree_natural_size (self, FALSE, &width, &height);
      if (room_w > 0 && room_h > 0)
        self->tree_zoom = CLAMP (MIN (room_w / width, room_h / height), 0.05, 1.0);
    }
  apply_tree_zoom (self);
}

/* The network -------------------------------------------------------------- */

static void
build_graph_plot (SegPredictModelView *self,
                  SegGraphPlot        *plot)
{
  *plot = (SegGraphPlot) {
    .n_nodes = self->node_names->len,
    .labels = (const char *const *) self->node_labels->pdata,
    .n_edges = self->arrow_from->len,
    .from = (const guint *) self->arrow_from->data,
    .to = (const guint *) self->arrow_to->data,
    .highlight = self->net != NULL ? (int) seg_bayes_net_class_node (self->net) : -1,
    .selected = self->net_selected,
    .title = NULL,
  };
}

static void
draw_graph (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  SegPredictModelView *self = data;
  SegGraphPlot plot;

  if (self->shown != SHOWN_NETWORK)
    return;
  build_graph_plot (self, &plot);
  seg_graph_plot_draw (cr, &plot, width, height);
}

static void
set_message (SegPredictModelView *self,
             const char          *message,
             gboolean             error)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->network_message, message != NULL ? message : "");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->network_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->network_message), "error");
}

/* Reads the (perhaps edited) network back: its nodes and arrows. */
static gboolean
load_net (SegPredictModelView  *self,
          GError              **error)
{
  g_autoptr(SegBayesNet) net = seg_predict_bayes_net_load (self->project, self->run, error);
  size_t n;
  g_autofree size_t *from = NULL;
  g_autofree size_t *to = NULL;
  size_t n_arrows;

  if (net == NULL)
    return FALSE;
  n = seg_bayes_net_n_nodes (net);
  from = g_new (size_t, MAX (n * n, 1));
  to = g_new (size_t, MAX (n * n, 1));
  n_arrows = seg_bayes_net_arrows (net, from, to);

  g_ptr_array_set_size (self->node_names, 0);
  g_ptr_array_set_size (self->node_labels, 0);
  for (size_t v = 0; v < n; v++)
    {
      const char *name = seg_bayes_net_node_name (net, v);

      g_ptr_array_add (self->node_names, g_strdup (name));
      g_ptr_array_add (self->node_labels, v == seg_bayes_net_class_node (net) ? target_short_words (self, name)
                                                                                : feature_short_words (self, name));
    }
  g_array_set_size (self->arrow_from, 0);
  g_array_set_size (self->arrow_to, 0);
  for (size_t a = 0; a < n_arrows; a++)
    {
      guint f = (guint) from[a], t = (guint) to[a];

      g_array_append_val (self->arrow_from, f);
      g_array_append_val (self->arrow_to, t);
    }
  g_clear_pointer (&self->net, seg_bayes_net_free);
  self->net = g_steal_pointer (&net);
  return TRUE;
}

static void
what_if_changed (GtkDropDown         *down,
                 GParamSpec          *pspec,
                 SegPredictModelView *self)
{
  update_what_if (self);
}

/* A drop-down per node but the target: "not set", then its states in
 * words, such as "≤ 16 days" or a text column's level. */
static void
build_what_if (SegPredictModelView *self)
{
  GtkWidget *child;
  size_t class_node = seg_bayes_net_class_node (self->net);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->what_if_box))) != NULL)
    gtk_box_remove (self->what_if_box, child);
  g_ptr_array_set_size (self->what_if_nodes, 0);
  g_ptr_array_set_size (self->what_if_states, 0);
  g_ptr_array_set_size (self->what_if_downs, 0);

  for (size_t v = 0; v < seg_bayes_net_n_nodes (self->net); v++)
    {
      const char *name = seg_bayes_net_node_name (self->net, v);
      JsonArray *levels = seg_predict_record_levels (self->record, name);
      const char *unit = feature_unit (name);
      size_t n_states = seg_bayes_net_n_states (self->net, v);
      g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) asked = g_strv_builder_new ();
      g_auto(GStrv) items = NULL;
      g_autofree char *words = NULL;
      GtkWidget *label, *down;

      if (v == class_node)
        continue;
      words = feature_words (self, name);
      g_strv_builder_add (shown, _("not set"));
      g_strv_builder_add (asked, "");
      for (size_t s = 0; s < n_states; s++)
        {
          const char *state = seg_bayes_net_state_label (self->net, v, s);
          const char *level = levels != NULL && s < json_array_get_length (levels)
                              ? json_array_get_string_element (levels, s) : NULL;
          g_autofree char *text = NULL;

          if (level != NULL)
            text = g_strdup (level);
          else if (unit != NULL)
            text = g_strdup_printf ("%s %s", state, unit);
          else
            text = g_strdup (state);
          g_strv_builder_add (shown, text);
          g_strv_builder_add (asked, level != NULL ? level : state);
        }
      items = g_strv_builder_end (shown);

      label = gtk_label_new (words);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 10);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "caption");
      down = gtk_drop_down_new_from_strings ((const char *const *) items);
      /* Long levels must not widen the panel: they are cut short. */
      seg_view_set_choice_factories (GTK_DROP_DOWN (down), 26);
      gtk_accessible_update_property (GTK_ACCESSIBLE (down), GTK_ACCESSIBLE_PROPERTY_LABEL, words, -1);
      g_signal_connect_object (down, "notify::selected", G_CALLBACK (what_if_changed), self, 0);
      gtk_box_append (self->what_if_box, label);
      gtk_box_append (self->what_if_box, down);

      g_ptr_array_add (self->what_if_nodes, g_strdup (name));
      g_ptr_array_add (self->what_if_states, g_strv_builder_end (asked));
      g_ptr_array_add (self->what_if_downs, down);
    }
}

static void
update_what_if (SegPredictModelView *self)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *base_text = NULL;
  double probability = NAN, base_rate = NAN;

  if (self->shown != SHOWN_NETWORK || self->project == NULL)
    return;
  for (guint i = 0; i < self->what_if_downs->len; i++)
    {
      guint selected = gtk_drop_down_get_selected (g_ptr_array_index (self->what_if_downs, i));
      GStrv asked = g_ptr_array_index (self->what_if_states, i);

      if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected >= g_strv_length (asked))
        continue;
      g_ptr_array_add (nodes, g_ptr_array_index (self->what_if_nodes, i));
      g_ptr_array_add (states, asked[selected]);
    }
  g_ptr_array_add (nodes, NULL);
  g_ptr_array_add (states, NULL);

  if (!seg_predict_bayes_net_what_if (self->project, self->run, NULL, NULL, &base_rate, &error) ||
      !seg_predict_bayes_net_what_if (self->project, self->run, (const char *const *) nodes->pdata,
                                      (const char *const *) states->pdata, &probability, &error))
    {
      set_message (self, error->message, TRUE);
      return;
    }
  self->probability = probability;
  self->base_rate = base_rate;
  percent = format_share (probability);
  base = format_share (base_rate);
  gtk_label_set_text (self->probability_label, percent);
  gtk_level_bar_set_value (self->probability_bar, CLAMP (probability, 0.0, 1.0));
  base_text = g_strdup_printf (_("%s with nothing known about the customer. Choose what you know below."), base);
  gtk_label_set_text (self->base_label, base_text);
}

static void
show_network (SegPredictModelView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = target_words (self);
  g_autofree char *chance = NULL;

  if (!load_net (self, &error))
    {
      adw_status_page_set_description (self->empty_page, error->message);
      return;
    }
  self->net_selected = -1;
  self->shown = SHOWN_NETWORK;
  gtk_label_set_text (self->summary_label,
                      _("An arrow means the model reads one thing as depending on another; the blue node is what it "
                        "predicts. Switch on Edit Arrows, then click two nodes to add an arrow, or click an arrow "
                        "to remove it."));
  chance = g_strdup_printf (_("Chance of: %s"), target);
  gtk_label_set_text (self->target_label, chance);
  set_message (self, NULL, FALSE);
  build_what_if (self);
  gtk_stack_set_visible_child_name (self->kind_stack, "network");
  update_what_if (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->graph_area));
}

/* After an edit: the network again, the same questions asked. */
static void
reload_net (SegPredictModelView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRunRecord) record = seg_project_get_run (self->project, self->run, NULL);

  if (record != NULL)
    g_set_object (&self->record, record);
  if (!load_net (self, &error))
    set_message (self, error->message, TRUE);
  update_what_if (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->graph_area));
}

static gboolean
change_arrow (SegPredictModelView  *self,
              gboolean              add,
              const char           *from,
              const char           *to,
              GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *done = NULL;
  gboolean ok;

  if (self->shown != SHOWN_NETWORK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("This model is not a network"));
      return FALSE;
    }
  ok = add ? seg_predict_bayes_net_add_arrow (self->project, self->run, from, to, &local_error)
           : seg_predict_bayes_net_remove_arrow (self->project, self->run, from, to, &local_error);
  if (!ok)
    {
      const char *reason = local_error->message;
      g_autofree char *message = NULL;

      /* The core names the command-line option; the window has none. */
      if (g_str_has_prefix (reason, "--") && strstr (reason, ": ") != NULL)
        reason = strstr (reason, ": ") + 2;
      message = g_strdup_printf (add ? _("Could not add the arrow: %s") : _("Could not remove the arrow: %s"), reason);
      set_message (self, message, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  done = g_strdup_printf (add ? _("Added the arrow from %s to %s") : _("Removed the arrow from %s to %s"), from, to);
  set_message (self, done, FALSE);
  reload_net (self);
  return TRUE;
}

static void
graph_pressed (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               gpointer         data)
{
  seg_predict_model_view_click_network (SEG_PREDICT_MODEL_VIEW (data), x, y);
}

static void
edit_toggled (GtkToggleButton     *button,
              SegPredictModelView *self)
{
  self->net_selected = -1;
  set_message (self, gtk_toggle_button_get_active (button)
                     ? _("Click the node an arrow starts from, or an arrow to remove it") : NULL, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self->graph_area));
}

/* The lifetime heat map ---------------------------------------------------- */

static void
build_heat_map (SegPredictModelView *self,
                SegHeatMap          *map)
{
  double step_x = self->heat_max_t / (SEG_CLV_GRID_SIZE - 1);
  double step_y = self->heat_max_x / (SEG_CLV_GRID_SIZE - 1);
  gboolean weeks = g_strcmp0 (self->time_unit, "weeks") == 0;
  gboolean alive = self->heat_measure == SEG_HEAT_ALIVE;

  *map = (SegHeatMap) {
    .rows = SEG_CLV_GRID_SIZE,
    .cols = SEG_CLV_GRID_SIZE,
    .values = self->heat[self->heat_measure],
    .xr = { -step_x / 2, self->heat_max_t + step_x / 2 },
    .yr = { -step_y / 2, self->heat_max_x + step_y / 2 },
    .legend_title = alive ? _("Chance still a customer") :
                    weeks ? _("Expected orders next week") : _("Expected orders next day"),
    .decimals = alive ? 0 : 3,
    .unit = alive ? "%" : NULL,
    .factor = alive ? 100 : 1,
    .axes = {
      NULL,
      weeks ? _("Weeks since last order") : _("Days since last order"),
      _("Repeat orders (after the first)"),
      NULL, FALSE, FALSE, FALSE, FALSE,
    },
  };
}

static void
draw_heat (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  SegPredictModelView *self = data;
  SegHeatMap map;

  if (self->shown != SHOWN_LIFETIME)
    return;
  build_heat_map (self, &map);
  seg_heat_map_draw (cr, &map, width, height);
}

static void
heat_toggled (GtkToggleButton     *button,
              SegPredictModelView *self)
{
  if (gtk_toggle_button_get_active (button))
    seg_predict_model_view_set_heat_measure (self, button == self->alive_button ? SEG_HEAT_ALIVE : SEG_HEAT_EXPECTED);
}

/* The grid holds, for frequency f and recency r (from the first order),
 * a customer as old as the oldest; the map shows the time since the last
 * order, so recency runs the other way. */
static gboolean
read_grid (SegPredictModelView *self,
           JsonObject          *metrics)
{
  JsonObject *grid = object_member (metrics, "grid");
  const char *names[2] = { "expected", "p_alive" };

  self->heat_max_x = number_member (grid, "max_frequency");
  self->heat_max_t = number_member (grid, "max_recency");
  if (grid == NULL || !isfinite (self->heat_max_x) || !isfinite (self->heat_max_t))
    return FALSE;
  for (guint m = 0; m < 2; m++)
    {
      JsonArray *rows = array_member (grid, names[m]);

      if (rows == NULL || json_array_get_length (rows) != SEG_CLV_GRID_SIZE)
        return FALSE;
      g_free (self->heat[m]);
      self->heat[m] = g_new (double, SEG_CLV_GRID_SIZE * SEG_CLV_GRID_SIZE);
      for (guint f = 0; f < SEG_CLV_GRID_SIZE; f++)
        {
          JsonArray *row = json_array_get_array_element (rows, f);

          if (row == NULL || json_array_get_length (row) != SEG_CLV_GRID_SIZE)
            return FALSE;
          for (guint r = 0; r < SEG_CLV_GRID_SIZE; r++)
            {
              JsonNode *cell = json_array_get_element (row, r);

              self->heat[m][f * SEG_CLV_GRID_SIZE + (SEG_CLV_GRID_SIZE - 1 - r)] =
                JSON_NODE_TYPE (cell) == JSON_NODE_VALUE ? json_node_get_double (cell) : NAN;
            }
        }
    }
  return TRUE;
}

static void
show_lifetime (SegPredictModelView *self)
{
  JsonObject *metrics = metrics_of (self->record);
  JsonObject *parameters = self->record->parameters != NULL && JSON_NODE_HOLDS_OBJECT (self->record->parameters)
                           ? json_node_get_object (self->record->parameters) : NULL;
  gboolean pareto = g_strcmp0 (json_object_get_string_member_with_default (metrics, "purchase_model", ""), "pareto-nbd") == 0;
  gboolean weeks;
  g_autoptr(GString) params = g_string_new (NULL);
  double r = number_member (metrics, "r"), alpha = number_member (metrics, "alpha");
  double p = number_member (metrics, "p"), q = number_member (metrics, "q"), v = number_member (metrics, "v");
  g_autofree char *alive = format_share (number_member (metrics, "mean_p_alive"));
  const char *unit_word;

  g_free (self->time_unit);
  self->time_unit = g_strdup (json_object_get_string_member_with_default (parameters, "unit", "days"));
  weeks = g_str_equal (self->time_unit, "weeks");
  unit_word = weeks ? _("week") : _("day");
  if (!read_grid (self, metrics))
    {
      adw_status_page_set_description (self->empty_page, _("This lifetime value run kept no frequency–recency grid; run it again."));
      return;
    }

  gtk_label_set_text (self->summary_label,
                      _("How many orders a customer is expected to place, and how likely they are still a customer, "
                        "by how many times they came back and how long ago their last order was. Darker is more."));
  g_string_append_printf (params, _("%'" PRId64 " customers; on average %s are still customers."),
                          json_object_get_int_member_with_default (metrics, "customers", 0), alive);
  g_string_append (params, " ");
  if (isfinite (r) && isfinite (alpha) && alpha > 0)
    g_string_append_printf (params, _("While still a customer, a typical one orders about %.3g times a %s (r = %.3g, α = %.3g)."),
                            r / alpha, unit_word, r, alpha);
  if (pareto)
    {
      double s = number_member (metrics, "s"), beta = number_member (metrics, "beta");

      if (isfinite (s) && isfinite (beta) && beta > 0)
        {
          g_string_append (params, " ");
          g_string_append_printf (params, _("Customers leave at any time, on average at a rate of %.3g a %s (s = %.3g, β = %.3g)."),
                                  s / beta, unit_word, s, beta);
        }
    }
  else
    {
      double a = number_member (metrics, "a"), b = number_member (metrics, "b");

      if (isfinite (a) && isfinite (b) && a + b > 0)
        {
          g_string_append (params, " ");
          g_string_append_printf (params, _("After each order, %.1f%% of customers on average never come back (a = %.3g, b = %.3g)."),
                                  100 * a / (a + b), a, b);
        }
    }
  if (isfinite (p) && isfinite (q) && isfinite (v) && q > 1)
    {
      g_string_append (params, " ");
      g_string_append_printf (params, _("A typical order is worth about %.2f (spend model p = %.3g, q = %.3g, v = %.3g)."),
                              p * v / (q - 1), p, q, v);
    }
  gtk_label_set_text (self->params_label, params->str);
  self->shown = SHOWN_LIFETIME;
  gtk_stack_set_visible_child_name (self->kind_stack, "lifetime");
  gtk_widget_queue_draw (GTK_WIDGET (self->heat_area));
}

/* Loading ------------------------------------------------------------------ */

static void
read_origin (SegPredictModelView *self)
{
  g_autoptr(SegTableInfo) info = NULL;
  JsonObject *origin;

  g_clear_pointer (&self->origin, json_node_unref);
  g_clear_pointer (&self->cutoff, g_free);
  g_clear_pointer (&self->item_names, g_hash_table_unref);
  if (self->record->input_table == NULL ||
      (info = seg_project_get_table (self->project, self->record->input_table, NULL)) == NULL ||
      info->origin == NULL)
    return;
  self->origin = json_from_string (info->origin, NULL);
  origin = self->origin != NULL && JSON_NODE_HOLDS_OBJECT (self->origin) ? json_node_get_object (self->origin) : NULL;
  self->cutoff = g_strdup (json_object_get_string_member_with_default (origin, "cutoff", NULL));
  self->item_names = seg_predict_item_names (self->project, self->record->input_table);
}

static void
load (SegPredictModelView *self)
{
  g_autoptr(GError) error = NULL;
  JsonObject *model;
  g_autofree char *title = NULL;

  self->shown = SHOWN_NONE;
  self->n_drawn = 0;
  g_clear_object (&self->record);
  g_clear_pointer (&self->net, seg_bayes_net_free);
  g_clear_pointer (&self->path_text, g_free);
  g_list_store_remove_all (self->terms);
  adw_status_page_set_description (self->empty_page,
                                   _("Make or choose a prediction or lifetime value analysis to see what its model learnt."));
  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "model-view.export", FALSE);

  if (self->project == NULL || self->run <= 0)
    return;
  self->record = seg_project_get_run (self->project, self->run, &error);
  if (self->record == NULL)
    {
      adw_status_page_set_description (self->empty_page, error->message);
      return;
    }
  if (self->record->kind != SEG_MODEL_KIND_CLASSIFICATION && self->record->kind != SEG_MODEL_KIND_REGRESSION &&
      self->record->kind != SEG_MODEL_KIND_LIFETIME)
    {
      adw_status_page_set_description (self->empty_page, _("This analysis makes no predictions, so it has no model to show here."));
      return;
    }
  read_origin (self);

  model = object_member (metrics_of (self->record), "model");
  if (self->record->kind == SEG_MODEL_KIND_LIFETIME)
    show_lifetime (self);
  else if (model == NULL)
    adw_status_page_set_description (self->empty_page, _("This run kept no description of its model; run it again."));
  else if (g_str_equal (self->record->algorithm, "tree"))
    show_tree (self, model);
  else if (g_str_equal (self->record->algorithm, "naive-bayes"))
    show_naive_bayes (self, model);
  else if (g_str_equal (self->record->algorithm, "bayes-net"))
    show_network (self);
  else if (array_member (model, "coefficients") != NULL)
    show_coefficients (self, model, self->record->kind == SEG_MODEL_KIND_CLASSIFICATION);
  else
    adw_status_page_set_description (self->empty_page, _("This kind of model cannot be shown yet."));

  if (self->shown == SHOWN_NONE)
    return;
  /* Translators: %s is a model, such as “Decision tree”. */
  title = g_strdup_printf (_("What the Model Learnt · %s"), seg_run_record_get_title (self->record));
  gtk_label_set_text (self->title_label, title);
  gtk_stack_set_visible_child_name (self->stack, "model");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "model-view.export", TRUE);
}

/* Export ------------------------------------------------------------------- */

static void
draw_tree_export (cairo_t  *cr,
                  double    width,
                  double    height,
                  gpointer  data)
{
  SegPredictModelView *self = data;
  SegTreePlot plot;

  build_tree_plot (self, TRUE, &plot);
  seg_tree_plot_draw (cr, &plot, width, height);
}

static void
draw_graph_export (cairo_t  *cr,
                   double    width,
                   double    height,
                   gpointer  data)
{
  SegPredictModelView *self = data;
  SegGraphPlot plot;

  build_graph_plot (self, &plot);
  plot.selected = -1;
  seg_graph_plot_draw (cr, &plot, width, height);
}

static void
draw_heat_export (cairo_t  *cr,
                  double    width,
                  double    height,
                  gpointer  data)
{
  SegPredictModelView *self = data;
  SegHeatMap map;

  build_heat_map (self, &map);
  seg_heat_map_draw (cr, &map, width, height);
}

static gboolean
export_table (SegPredictModelView  *self,
              const char           *path,
              GError              **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (!g_str_has_suffix (lower, ".csv"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: give a file name ending in .csv for a table"), path);
      return FALSE;
    }
  for (guint c = 0; c < self->n_columns; c++)
    g_ptr_array_add (header, g_ptr_array_index (self->column_titles, c));
  g_ptr_array_add (header, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->terms)); i++)
    {
      g_autoptr(SegModelTerm) term = g_list_model_get_item (G_LIST_MODEL (self->terms), i);
      GStrv row = g_new0 (char *, self->n_columns + 1);

      for (guint c = 0; c < self->n_columns; c++)
        row[c] = term->cells[c] != NULL ? g_strdup (term->cells[c])
                                        : g_strdup_printf ("%.3f", term->bar);
      g_ptr_array_add (rows, row);
    }
  return seg_export_cells_file (file, (const char *const *) header->pdata, rows, SEG_EXPORT_BOM, NULL, error);
}

/**
 * seg_predict_model_view_export:
 * @path: a .png, .svg or .pdf file for a drawing (the tree, the network,
 *   the heat map), a .csv file for a table
 *
 * Returns: whether the file was written
 */
gboolean
seg_predict_model_view_export (SegPredictModelView  *self,
                               const char           *path,
                               GError              **error)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  switch (self->shown)
    {
    case SHOWN_TABLE:
      return export_table (self, path, error);
    case SHOWN_TREE:
      {
        double width, height;

        tree_natural_size (self, TRUE, &width, &height);
        return seg_plot_export (path, CLAMP (width, 16, 20000), CLAMP (height, 16, 20000), draw_tree_export, self, error);
      }
    case SHOWN_NETWORK:
      return seg_plot_export (path, 1000, 700, draw_graph_export, self, error);
    case SHOWN_LIFETIME:
      return seg_plot_export (path, 900, 600, draw_heat_export, self, error);
    case SHOWN_NONE:
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("There is no model to export: choose an analysis first"));
      return FALSE;
    }
}

static char *
save_export (GtkWidget   *widget,
             const char  *path,
             GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);

  if (!seg_predict_model_view_export (SEG_PREDICT_MODEL_VIEW (widget), path, error))
    return NULL;
  return g_strdup_printf (_("Saved %s"), base);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegPredictModelView *self = SEG_PREDICT_MODEL_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = NULL;
  const char *name;

  if (self->shown == SHOWN_TABLE)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("CSV"));
      gtk_file_filter_add_suffix (filter, "csv");
      /* Translators: a file name; keep it to letters, digits and dashes. */
      name = _("model.csv");
    }
  else
    {
      filter = seg_view_chart_filter ();
      /* Translators: file names; keep them to letters, digits and dashes. */
      name = self->shown == SHOWN_TREE ? _("decision-tree.png")
           : self->shown == SHOWN_NETWORK ? _("network.png") : _("lifetime-map.png");
    }
  seg_view_choose_and_save (widget, _("Export the Model"), name, filter, save_export, _("Could Not Export the Model"));
}

static void
runs_changed (SegPredictModelView *self)
{
  g_autoptr(SegRunRecord) record = NULL;

  if (self->record == NULL || self->project == NULL)
    return;
  record = seg_project_get_run (self->project, self->run, NULL);
  if (record == NULL)
    load (self);
}

/* Public ------------------------------------------------------------------- */

GtkWidget *
seg_predict_model_view_new (void)
{
  return g_object_new (SEG_TYPE_PREDICT_MODEL_VIEW, NULL);
}

SegProject *
seg_predict_model_view_get_project (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NULL);

  return self->project;
}

void
seg_predict_model_view_set_project (SegPredictModelView *self,
                                    SegProject          *project)
{
  g_return_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self));
  g_return_if_fail (project == NULL || SEG_IS_PROJECT (project));

  if (!g_set_object (&self->project, project))
    return;
  if (self->runs_model != NULL)
    g_signal_handlers_disconnect_by_data (self->runs_model, self);
  g_clear_object (&self->runs_model);
  if (project != NULL)
    {
      /* A deleted run leaves nothing to show. */
      self->runs_model = g_object_ref (seg_project_get_runs (project));
      g_signal_connect_object (self->runs_model, "items-changed", G_CALLBACK (runs_changed), self, G_CONNECT_SWAPPED);
    }
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

SegSession *
seg_predict_model_view_get_session (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NULL);

  return self->session;
}

/**
 * seg_predict_model_view_set_session:
 *
 * The view shows one run and needs nothing of the session yet; it takes
 * one as the page's other views do.
 */
void
seg_predict_model_view_set_session (SegPredictModelView *self,
                                    SegSession          *session)
{
  g_return_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self));
  g_return_if_fail (session == NULL || SEG_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gint64
seg_predict_model_view_get_run (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), 0);

  return self->run;
}

/**
 * seg_predict_model_view_set_run:
 * @run: a classification, regression or lifetime value run, or 0
 */
void
seg_predict_model_view_set_run (SegPredictModelView *self,
                                gint64               run)
{
  g_return_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self));

  if (self->run == run)
    return;
  self->run = run;
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

/**
 * seg_predict_model_view_get_shown:
 *
 * Returns: what the view shows: "empty", "table", "tree", "network" or
 *   "lifetime"
 */
const char *
seg_predict_model_view_get_shown (SegPredictModelView *self)
{
  static const char *const names[] = { "empty", "table", "tree", "network", "lifetime" };

  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NULL);

  return names[self->shown];
}

guint
seg_predict_model_view_get_n_rows (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->terms));
}

guint
seg_predict_model_view_get_n_columns (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), 0);

  return self->n_columns;
}

/**
 * seg_predict_model_view_get_cell:
 *
 * Returns: (nullable): a cell of the table as shown; NULL for the bar
 */
const char *
seg_predict_model_view_get_cell (SegPredictModelView *self,
                                 guint                row,
                                 guint                column)
{
  g_autoptr(SegModelTerm) term = NULL;

  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NULL);
  g_return_val_if_fail (row < seg_predict_model_view_get_n_rows (self) && column < N_CELLS, NULL);

  /* The store keeps its own reference. */
  term = g_list_model_get_item (G_LIST_MODEL (self->terms), row);
  return term->cells[column];
}

/**
 * seg_predict_model_view_get_n_tree_nodes:
 *
 * Returns: how many nodes the tree shown has
 */
guint
seg_predict_model_view_get_n_tree_nodes (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), 0);

  return self->shown == SHOWN_TREE ? self->tree_nodes->len : 0;
}

/**
 * seg_predict_model_view_get_n_drawn:
 *
 * Returns: how many of the tree's nodes the last painting drew
 */
guint
seg_predict_model_view_get_n_drawn (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), 0);

  return self->n_drawn;
}

/**
 * seg_predict_model_view_select_node:
 * @node: a node of the tree, or -1
 *
 * Marks the node and says in words which customers reach it.
 */
void
seg_predict_model_view_select_node (SegPredictModelView *self,
                                    int                  node)
{
  g_return_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self));

  if (self->shown != SHOWN_TREE || node >= (int) self->tree_nodes->len)
    node = -1;
  self->tree_selected = node;
  g_clear_pointer (&self->path_text, g_free);
  if (node >= 0)
    self->path_text = describe_path (self, node);
  gtk_label_set_text (self->path_label, self->path_text != NULL ? self->path_text : "");
  gtk_widget_queue_draw (GTK_WIDGET (self->tree_area));
}

const char *
seg_predict_model_view_get_path_text (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NULL);

  return self->path_text;
}

guint
seg_predict_model_view_get_n_arrows (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), 0);

  return self->shown == SHOWN_NETWORK ? self->arrow_from->len : 0;
}

gboolean
seg_predict_model_view_has_arrow (SegPredictModelView *self,
                                  const char          *from,
                                  const char          *to)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), FALSE);

  for (guint a = 0; self->shown == SHOWN_NETWORK && a < self->arrow_from->len; a++)
    if (g_strcmp0 (g_ptr_array_index (self->node_names, g_array_index (self->arrow_from, guint, a)), from) == 0 &&
        g_strcmp0 (g_ptr_array_index (self->node_names, g_array_index (self->arrow_to, guint, a)), to) == 0)
      return TRUE;
  return FALSE;
}

/**
 * seg_predict_model_view_add_arrow:
 *
 * Adds an arrow to the network shown, keeps the edited network with the
 * run and asks the what-if questions again. An arrow that would close a
 * cycle is refused with @error, and the message says why.
 */
gboolean
seg_predict_model_view_add_arrow (SegPredictModelView  *self,
                                  const char           *from,
                                  const char           *to,
                                  GError              **error)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), FALSE);

  return change_arrow (self, TRUE, from, to, error);
}

gboolean
seg_predict_model_view_remove_arrow (SegPredictModelView  *self,
                                     const char           *from,
                                     const char           *to,
                                     GError              **error)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), FALSE);

  return change_arrow (self, FALSE, from, to, error);
}

void
seg_predict_model_view_set_editing (SegPredictModelView *self,
                                    gboolean             editing)
{
  g_return_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self));

  gtk_toggle_button_set_active (self->edit_button, editing);
}

/**
 * seg_predict_model_view_get_node_box:
 * @box: (out): where the node is drawn, in the network drawing
 *
 * Returns: whether the network shown has the node
 */
gboolean
seg_predict_model_view_get_node_box (SegPredictModelView *self,
                                     const char          *node,
                                     SegBox              *box)
{
  g_autofree SegBox *boxes = NULL;
  SegGraphPlot plot;
  cairo_t *cr;
  gboolean found = FALSE;

  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), FALSE);

  if (self->shown != SHOWN_NETWORK)
    return FALSE;
  boxes = g_new0 (SegBox, MAX (self->node_names->len, 1));
  cr = scratch_context ();
  build_graph_plot (self, &plot);
  seg_graph_plot_layout (cr, &plot, gtk_widget_get_width (GTK_WIDGET (self->graph_area)),
                         gtk_widget_get_height (GTK_WIDGET (self->graph_area)), boxes);
  cairo_destroy (cr);
  for (guint v = 0; v < self->node_names->len; v++)
    if (g_strcmp0 (g_ptr_array_index (self->node_names, v), node) == 0)
      {
        *box = boxes[v];
        found = TRUE;
      }
  return found;
}

/**
 * seg_predict_model_view_click_network:
 * @x: in the network drawing's coordinates
 *
 * What a click on the network does: in edit mode, the first node clicked
 * is where an arrow starts, the second where it ends; an arrow clicked
 * is removed.
 */
void
seg_predict_model_view_click_network (SegPredictModelView *self,
                                      double               x,
                                      double               y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->graph_area));
  int height = gtk_widget_get_height (GTK_WIDGET (self->graph_area));
  cairo_t *cr;
  SegGraphPlot plot;
  int node, edge;

  g_return_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self));

  if (self->shown != SHOWN_NETWORK)
    return;
  if (!gtk_toggle_button_get_active (self->edit_button))
    {
      set_message (self, _("Switch on Edit Arrows to change the network"), FALSE);
      return;
    }
  cr = scratch_context ();
  build_graph_plot (self, &plot);
  node = seg_graph_plot_node_at (cr, &plot, width, height, x, y);
  edge = node < 0 ? seg_graph_plot_edge_at (cr, &plot, width, height, x, y) : -1;
  cairo_destroy (cr);

  if (node >= 0 && self->net_selected < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Now click the node the arrow from %s points to"),
                                                  (char *) g_ptr_array_index (self->node_names, node));

      self->net_selected = node;
      set_message (self, message, FALSE);
    }
  else if (node >= 0 && node == self->net_selected)
    {
      self->net_selected = -1;
      set_message (self, _("Click the node an arrow starts from, or an arrow to remove it"), FALSE);
    }
  else if (node >= 0)
    {
      g_autofree char *from = g_strdup (g_ptr_array_index (self->node_names, self->net_selected));
      g_autofree char *to = g_strdup (g_ptr_array_index (self->node_names, node));

      self->net_selected = -1;
      change_arrow (self, TRUE, from, to, NULL);
    }
  else if (edge >= 0)
    {
      g_autofree char *from = g_strdup (g_ptr_array_index (self->node_names, g_array_index (self->arrow_from, guint, edge)));
      g_autofree char *to = g_strdup (g_ptr_array_index (self->node_names, g_array_index (self->arrow_to, guint, edge)));

      self->net_selected = -1;
      change_arrow (self, FALSE, from, to, NULL);
    }
  else
    self->net_selected = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self->graph_area));
}

/**
 * seg_predict_model_view_set_what_if:
 * @node: a node of the network, not the target
 * @state: 0 for "not set", else the node's state from 1
 *
 * Chooses in the node's drop-down, as a click would.
 *
 * Returns: whether the node and the state exist
 */
gboolean
seg_predict_model_view_set_what_if (SegPredictModelView *self,
                                    const char          *node,
                                    guint                state)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), FALSE);

  for (guint i = 0; i < self->what_if_nodes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->what_if_nodes, i), node) == 0)
      {
        GStrv asked = g_ptr_array_index (self->what_if_states, i);

        if (state >= g_strv_length (asked))
          return FALSE;
        gtk_drop_down_set_selected (g_ptr_array_index (self->what_if_downs, i), state);
        return TRUE;
      }
  return FALSE;
}

/**
 * seg_predict_model_view_get_probability:
 *
 * Returns: the what-if panel's chance of a yes, or NAN
 */
double
seg_predict_model_view_get_probability (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NAN);

  return self->shown == SHOWN_NETWORK ? self->probability : NAN;
}

double
seg_predict_model_view_get_base_rate (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NAN);

  return self->shown == SHOWN_NETWORK ? self->base_rate : NAN;
}

/**
 * seg_predict_model_view_get_message:
 *
 * Returns: (nullable): what the network's editing last said
 */
const char *
seg_predict_model_view_get_message (SegPredictModelView *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), NULL);

  return self->message;
}

void
seg_predict_model_view_set_heat_measure (SegPredictModelView *self,
                                         SegHeatMeasure       measure)
{
  g_return_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self));
  g_return_if_fail (measure == SEG_HEAT_EXPECTED || measure == SEG_HEAT_ALIVE);

  self->heat_measure = measure;
  gtk_toggle_button_set_active (measure == SEG_HEAT_ALIVE ? self->alive_button : self->expected_button, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->heat_area));
}

/**
 * seg_predict_model_view_get_heat_cells:
 *
 * Returns: how many cells of the heat map shown have a value
 */
guint
seg_predict_model_view_get_heat_cells (SegPredictModelView *self)
{
  guint n = 0;

  g_return_val_if_fail (SEG_IS_PREDICT_MODEL_VIEW (self), 0);

  if (self->shown != SHOWN_LIFETIME || self->heat[self->heat_measure] == NULL)
    return 0;
  for (guint i = 0; i < SEG_CLV_GRID_SIZE * SEG_CLV_GRID_SIZE; i++)
    n += isfinite (self->heat[self->heat_measure][i]);
  return n;
}

/* GObject ------------------------------------------------------------------ */

static void
seg_predict_model_view_dispose (GObject *object)
{
  SegPredictModelView *self = SEG_PREDICT_MODEL_VIEW (object);

  if (self->tree_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->tree_scroll), self->tree_tick);
  self->tree_tick = 0;
  /* The bin lets its child go first: the template's root is that child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_PREDICT_MODEL_VIEW);
  if (self->runs_model != NULL)
    g_signal_handlers_disconnect_by_data (self->runs_model, self);
  g_clear_object (&self->runs_model);
  g_clear_object (&self->record);
  g_clear_object (&self->project);
  g_clear_object (&self->session);
  g_clear_pointer (&self->net, seg_bayes_net_free);
  if (self->what_if_downs != NULL)
    g_ptr_array_set_size (self->what_if_downs, 0);

  G_OBJECT_CLASS (seg_predict_model_view_parent_class)->dispose (object);
}

static void
seg_predict_model_view_finalize (GObject *object)
{
  SegPredictModelView *self = SEG_PREDICT_MODEL_VIEW (object);

  g_clear_object (&self->terms);
  g_clear_pointer (&self->column_titles, g_ptr_array_unref);
  g_clear_pointer (&self->origin, json_node_unref);
  g_free (self->cutoff);
  g_clear_pointer (&self->item_names, g_hash_table_unref);
  g_clear_pointer (&self->tree_nodes, g_array_unref);
  g_clear_pointer (&self->tree_texts, g_ptr_array_unref);
  g_clear_pointer (&self->tree_splits, g_ptr_array_unref);
  g_clear_pointer (&self->tree_counts, g_ptr_array_unref);
  g_clear_pointer (&self->tree_parents, g_array_unref);
  g_free (self->path_text);
  g_clear_pointer (&self->node_names, g_ptr_array_unref);
  g_clear_pointer (&self->node_labels, g_ptr_array_unref);
  g_clear_pointer (&self->arrow_from, g_array_unref);
  g_clear_pointer (&self->arrow_to, g_array_unref);
  g_clear_pointer (&self->what_if_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->what_if_states, g_ptr_array_unref);
  g_clear_pointer (&self->what_if_downs, g_ptr_array_unref);
  g_free (self->message);
  g_free (self->heat[0]);
  g_free (self->heat[1]);
  g_free (self->time_unit);

  G_OBJECT_CLASS (seg_predict_model_view_parent_class)->finalize (object);
}

static void
seg_predict_model_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SegPredictModelView *self = SEG_PREDICT_MODEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_RUN: g_value_set_int64 (value, self->run); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_predict_model_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SegPredictModelView *self = SEG_PREDICT_MODEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: seg_predict_model_view_set_project (self, g_value_get_object (value)); break;
    case PROP_SESSION: seg_predict_model_view_set_session (self, g_value_get_object (value)); break;
    case PROP_RUN: seg_predict_model_view_set_run (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_predict_model_view_class_init (SegPredictModelViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = seg_predict_model_view_dispose;
  object_class->finalize = seg_predict_model_view_finalize;
  object_class->get_property = seg_predict_model_view_get_property;
  object_class->set_property = seg_predict_model_view_set_property;

  properties[PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT, flags);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SEG_TYPE_SESSION, flags);
  properties[PROP_RUN] = g_param_spec_int64 ("run", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-predict-model-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, stack);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, title_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, kind_stack);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, table);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, table_note);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, tree_scroll);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, tree_area);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, tree_legend);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, path_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, network_message);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, graph_area);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, target_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, probability_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, probability_bar);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, base_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, what_if_box);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, expected_button);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, alive_button);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, heat_area);
  gtk_widget_class_bind_template_child (widget_class, SegPredictModelView, params_label);
  gtk_widget_class_bind_template_callback (widget_class, edit_toggled);
  gtk_widget_class_bind_template_callback (widget_class, heat_toggled);

  gtk_widget_class_install_action (widget_class, "model-view.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "model-view.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "model-view.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "model-view.zoom-fit", NULL, zoom_action);
}

static void
seg_predict_model_view_init (SegPredictModelView *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->terms = g_list_store_new (SEG_TYPE_MODEL_TERM);
  self->column_titles = g_ptr_array_new_with_free_func (g_free);
  self->tree_nodes = g_array_new (FALSE, TRUE, sizeof (SegTreePlotNode));
  self->tree_texts = g_ptr_array_new_with_free_func (g_free);
  self->tree_splits = g_ptr_array_new_with_free_func (g_free);
  self->tree_counts = g_ptr_array_new_with_free_func (g_free);
  self->tree_parents = g_array_new (FALSE, TRUE, sizeof (int));
  self->tree_selected = -1;
  self->tree_zoom = 0.8;
  self->node_names = g_ptr_array_new_with_free_func (g_free);
  self->node_labels = g_ptr_array_new_with_free_func (g_free);
  self->arrow_from = g_array_new (FALSE, FALSE, sizeof (guint));
  self->arrow_to = g_array_new (FALSE, FALSE, sizeof (guint));
  self->net_selected = -1;
  self->what_if_nodes = g_ptr_array_new_with_free_func (g_free);
  self->what_if_states = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->what_if_downs = g_ptr_array_new ();
  self->probability = NAN;
  self->base_rate = NAN;

  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->terms)));

    gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  }
  gtk_drawing_area_set_draw_func (self->tree_area, draw_tree, self, NULL);
  gtk_drawing_area_set_draw_func (self->tree_legend, draw_tree_legend, self, NULL);
  gtk_drawing_area_set_draw_func (self->graph_area, draw_graph, self, NULL);
  gtk_drawing_area_set_draw_func (self->heat_area, draw_heat, self, NULL);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (tree_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->tree_area), GTK_EVENT_CONTROLLER (click));
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (graph_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->graph_area), GTK_EVENT_CONTROLLER (click));

  load (self);
}
