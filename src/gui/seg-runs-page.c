/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-runs-page.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "seg-run.h"

/* The history of the project's analyses: each run with what it read, how
 * it prepared it, its parameters and its measures, to show again, run
 * again after the data changed, or delete. */

struct _SegRunsPage
{
  SegPage              parent_instance;

  GtkStack            *stack;
  AdwPreferencesGroup *group;
  GtkListBox          *list;
  GtkMenuButton       *new_button;
  GtkMenuButton       *empty_button;
  SegProject          *project;
  GListModel          *runs;      /* the project's, newest first */
  GtkFilter           *filter;    /* leaves out a run deleted with Undo on offer */
};

enum {
  SHOW_RUN,
  RUN_AGAIN,
  DELETE_RUN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegRunsPage, seg_runs_page, SEG_TYPE_PAGE)

/* A value of a record's JSON as text: lists joined with commas. */
static char *
json_text (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (array, i));
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (!JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return g_strdup_printf ("%g", json_node_get_double (value));
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("yes") : _("no"));
  return g_strdup_printf ("%" PRId64, json_node_get_int (value));
}

/* “Customer column customer_id · Product column sku”, or the parameters
 * likewise, named as the model names them for people. */
static char *
describe_specs (GPtrArray *pspecs,
                JsonNode  *values,
                JsonNode  *shown_apart)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (values) ? json_node_get_object (values) : NULL;
  JsonObject *apart = shown_apart != NULL && JSON_NODE_HOLDS_OBJECT (shown_apart) ? json_node_get_object (shown_apart) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; object != NULL && i < pspecs->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (pspecs, i);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);
      g_autofree char *shown = NULL;

      /* The table is in the title; the preparation has a row of its own. */
      if ((role != NULL && role->kind == SEG_ROLE_TABLE) ||
          (apart != NULL && json_object_has_member (apart, pspec->name)))
        continue;
      shown = json_text (json_object_get_member (object, pspec->name));
      if (shown == NULL || shown[0] == '\0')
        continue;
      g_string_append_printf (text, "%s%s %s", text->len > 0 ? " · " : "", g_param_spec_get_nick (pspec), shown);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The time of each phase: where a slow run spent it. */
static char *
describe_timings (const SegRunRecord *record)
{
  static const struct { const char *phase; const char *label; } phases[] = {
    { "load", N_("reading") },
    { "prepare", N_("preparing") },
    { "fit", N_("fitting") },
    { "measure", N_("measuring") },
    { "write", N_("saving") },
  };
  JsonObject *timings = JSON_NODE_HOLDS_OBJECT (record->timings) ? json_node_get_object (record->timings) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; timings != NULL && i < G_N_ELEMENTS (phases); i++)
    if (json_object_has_member (timings, phases[i].phase))
      g_string_append_printf (text, "%s%s %.2f s", text->len > 0 ? " · " : "", _(phases[i].label),
                              json_object_get_double_member (timings, phases[i].phase));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_prep (const SegRunRecord *record)
{
  SegPrepOptions prep;
  g_auto(GStrv) logs = seg_run_record_get_prep (record, &prep);
  static const char *const scales[] = { N_("no scaling"), N_("standardized"), N_("robust scaling"), N_("min–max scaling") };
  g_autoptr(GString) text = g_string_new (_(scales[MIN ((guint) prep.scale, G_N_ELEMENTS (scales) - 1)]));

  if (logs[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", logs);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("log of %s"), joined);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The clusters' measures that the run has: DBSCAN and hierarchical
 * clustering have no inertia. */
static char *
describe_cluster_measures (JsonObject *metrics)
{
  static const struct { const char *metric; const char *label; } measures[] = {
    { "inertia", N_("spread within segments") },
    { "calinski_harabasz", N_("Calinski–Harabasz") },
    { "davies_bouldin", N_("Davies–Bouldin") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
    {
      JsonNode *node = metrics != NULL ? json_object_get_member (metrics, measures[i].metric) : NULL;

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        g_string_append_printf (text, "%s%s %.4g", text->len > 0 ? " · " : "", _(measures[i].label),
                                json_node_get_double (node));
    }
  if (metrics != NULL && json_object_has_member (metrics, "rows"))
    {
      g_autofree char *rows = g_strdup_printf (_("%'" PRId64 " rows"), json_object_get_int_member (metrics, "rows"));

      g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", rows);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_detail (AdwExpanderRow *expander,
            const char     *title,
            const char     *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text != NULL && text[0] != '\0' ? text : "—");
  adw_expander_row_add_row (expander, row);
}

static void
on_button (GtkButton   *button,
           SegRunsPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "run"));
  guint signal = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "signal"));

  g_signal_emit (self, signals[signal], 0, id);
}

static GtkWidget *
row_button (SegRunsPage *self,
            const char  *icon,
            const char  *tooltip,
            guint        signal,
            gint64       id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  /* A button with only an icon needs its name read out as well as shown. */
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "run", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (button), "signal", GUINT_TO_POINTER (signal));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_button), self, 0);
  return button;
}

/* Says on the run's row whether its data changed since it ran, such as
 * “12 new rows”, with what to do in the tooltip; Run Again is beside it. */
static void
update_data_note (SegRunsPage *self,
                  GtkWidget   *row)
{
  SegRunRecord *record = g_object_get_data (G_OBJECT (row), "seg-record");
  GtkWidget *note = g_object_get_data (G_OBJECT (row), "seg-data-note");
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "seg-data-label");
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;

  if (record == NULL || note == NULL || label == NULL)
    return;

  if (self->project != NULL)
    text = seg_run_record_describe_data (record, self->project, &details);
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (note, details);
  gtk_widget_set_visible (note, text != NULL);
}

static void
update_data_notes (SegRunsPage *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    update_data_note (self, GTK_WIDGET (row));
}

static GtkWidget *
data_note (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "warning");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (box), "seg-data-label", label);
  gtk_widget_set_visible (box, FALSE);

  return box;
}

static GtkWidget *
run_row (SegRunsPage        *self,
         const SegRunRecord *record)
{
  g_autoptr(SegModel) model = seg_model_new_for_id (record->algorithm, NULL);
  JsonObject *metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
  gboolean clusters = record->kind == SEG_MODEL_KIND_SEGMENTATION;
  const char *title_of_model = seg_run_record_get_title ((SegRunRecord *) record);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *started = NULL;
  g_autofree char *figures = seg_run_record_format_figures ((SegRunRecord *) record);
  g_autofree char *inputs = NULL;
  g_autofree char *parameters = NULL;
  g_autofree char *timings = describe_timings (record);
  g_autofree char *tables = record->result_tables != NULL ? g_strjoinv (", ", record->result_tables) : NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (record->started_at, NULL);
  g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;
  GtkWidget *expander = adw_expander_row_new ();

  if (model != NULL)
    {
      g_autoptr(GPtrArray) roles = seg_model_list_roles (model);
      g_autoptr(GPtrArray) params = seg_model_list_params (model);

      inputs = describe_specs (roles, record->input, NULL);
      parameters = describe_specs (params, record->parameters, record->input);
    }

  if (clusters)
    {
      gint64 k = metrics != NULL ? json_object_get_int_member_with_default (metrics, "k", 0) : 0;

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Run %" PRId64 " · %s · %" PRId64 " segment · %s",
                                            "Run %" PRId64 " · %s · %" PRId64 " segments · %s", k),
                               record->id, title_of_model, k, record->input_table);
    }
  else if (seg_run_record_is_evaluation ((SegRunRecord *) record))
    /* Translators: an evaluation run: “Run 2 · Best sellers measured · orders” */
    title = g_strdup_printf (_("Run %" PRId64 " · %s measured · %s"), record->id, title_of_model, record->input_table);
  else
    title = g_strdup_printf (_("Run %" PRId64 " · %s · %s"), record->id, title_of_model, record->input_table);
  started = local != NULL ? g_date_time_format (local, "%x %H:%M") : g_strdup (record->started_at);
  subtitle = g_strdup_printf (_("%s · %s · %.2f s · %s"),
                              seg_run_record_is_evaluation ((SegRunRecord *) record) ? _("Evaluation")
                                                                                       : seg_model_kind_get_title (record->kind),
                              started,
                              record->seconds, figures);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  /* Each action goes before the last: added last to first. */
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               row_button (self, "user-trash-symbolic", _("Delete"), DELETE_RUN, record->id));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               row_button (self, "view-refresh-symbolic", _("Run Again on the Current Data"),
                                           RUN_AGAIN, record->id));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               clusters ? row_button (self, "view-reveal-symbolic", _("Show on the Map"), SHOW_RUN, record->id)
                                        : row_button (self, "x-office-spreadsheet-symbolic", _("Show the Results"),
                                                      SHOW_RUN, record->id));
  {
    GtkWidget *note = data_note ();

    adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), note);
    g_object_set_data (G_OBJECT (expander), "seg-data-note", note);
    g_object_set_data (G_OBJECT (expander), "seg-data-label", g_object_get_data (G_OBJECT (note), "seg-data-label"));
    g_object_set_data_full (G_OBJECT (expander), "seg-record", g_object_ref ((SegRunRecord *) record), g_object_unref);
    update_data_note (self, expander);
  }

  add_detail (ADW_EXPANDER_ROW (expander), _("Data"), inputs);
  if (clusters)
    {
      g_autofree char *prep = describe_prep (record);

      add_detail (ADW_EXPANDER_ROW (expander), _("Preparation"), prep);
    }
  add_detail (ADW_EXPANDER_ROW (expander), _("Parameters"), parameters);
  if (clusters)
    {
      g_autofree char *measures = describe_cluster_measures (metrics);

      add_detail (ADW_EXPANDER_ROW (expander), _("Measures"), measures);
    }
  add_detail (ADW_EXPANDER_ROW (expander), _("Time taken"), timings);
  add_detail (ADW_EXPANDER_ROW (expander), _("Result tables"), tables);
  return expander;
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  return run_row (data, item);
}

static void
on_runs_changed (GListModel  *runs,
                 guint        position,
                 guint        removed,
                 guint        added,
                 SegRunsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (runs) > 0 ? "runs" : "empty");
}

/**
 * seg_runs_page_reload:
 *
 * Shows the project's runs, newest first; the list then follows the
 * project by itself.
 */
void
seg_runs_page_reload (SegRunsPage *self)
{
  g_return_if_fail (SEG_IS_RUNS_PAGE (self));

  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
  g_clear_object (&self->runs);

  if (self->project != NULL)
    {
      GListModel *runs = seg_project_get_runs (self->project);
      GtkNumericSorter *sorter = gtk_numeric_sorter_new (gtk_property_expression_new (SEG_TYPE_RUN_RECORD, NULL, "id"));
      GtkFilterListModel *shown = gtk_filter_list_model_new (g_object_ref (runs), g_object_ref (self->filter));

      gtk_numeric_sorter_set_sort_order (sorter, GTK_SORT_DESCENDING);
      self->runs = G_LIST_MODEL (gtk_sort_list_model_new (G_LIST_MODEL (shown), GTK_SORTER (sorter)));
      g_signal_connect_object (self->runs, "items-changed", G_CALLBACK (on_runs_changed), self, 0);
    }
  gtk_list_box_bind_model (self->list, self->runs, create_row, self, NULL);
  gtk_stack_set_visible_child_name (self->stack, self->runs != NULL && g_list_model_get_n_items (self->runs) > 0
                                                 ? "runs" : "empty");
}

guint
seg_runs_page_get_n_runs (SegRunsPage *self)
{
  g_return_val_if_fail (SEG_IS_RUNS_PAGE (self), 0);

  return self->runs != NULL ? g_list_model_get_n_items (self->runs) : 0;
}

void
seg_runs_page_set_project (SegRunsPage *self,
                           SegProject  *project)
{
  g_return_if_fail (SEG_IS_RUNS_PAGE (self));

  seg_page_set_project (SEG_PAGE (self), project);
}

static gboolean
run_not_hidden (gpointer item,
                gpointer data)
{
  SegRunsPage *self = data;
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  gint64 id = 0;

  if (session == NULL)
    return TRUE;
  g_object_get (item, "id", &id, NULL);
  return id != seg_session_get_hidden_run (session);
}

static void
on_hidden_run_changed (SegRunsPage *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
seg_runs_page_session_changed (SegPage    *page,
                               SegSession *session)
{
  SegRunsPage *self = SEG_RUNS_PAGE (page);

  if (session != NULL)
    g_signal_connect_object (session, "notify::hidden-run", G_CALLBACK (on_hidden_run_changed), self,
                             G_CONNECT_SWAPPED);
  on_hidden_run_changed (self);
}

/**
 * seg_runs_page_get_data_note:
 * @id: a run on show
 *
 * Returns: (nullable): the note on the run's row that its data changed
 *   since, such as “12 new rows”, or %NULL when there is none
 */
const char *
seg_runs_page_get_data_note (SegRunsPage *self,
                             gint64       id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SEG_IS_RUNS_PAGE (self), NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      SegRunRecord *record = g_object_get_data (G_OBJECT (row), "seg-record");
      GtkWidget *note = g_object_get_data (G_OBJECT (row), "seg-data-note");

      if (record != NULL && record->id == id)
        return note != NULL && gtk_widget_get_visible (note)
               ? gtk_label_get_text (g_object_get_data (G_OBJECT (row), "seg-data-label")) : NULL;
    }

  return NULL;
}

static void
seg_runs_page_project_changed (SegPage    *page,
                               SegProject *project)
{
  SegRunsPage *self = SEG_RUNS_PAGE (page);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (self->project, update_data_notes, self);
  g_set_object (&self->project, project);
  /* Rows added to a table make its runs stale without a run changing. */
  if (project != NULL)
    g_signal_connect_object (project, "changed", G_CALLBACK (update_data_notes), self, G_CONNECT_SWAPPED);
  seg_runs_page_reload (self);
}

static void
seg_runs_page_dispose (GObject *object)
{
  SegRunsPage *self = SEG_RUNS_PAGE (object);

  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
  g_clear_object (&self->runs);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (self->project, update_data_notes, self);
  g_clear_object (&self->project);
  /* The stack is the bin's own child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_RUNS_PAGE);
  /* A model still held elsewhere must not call back into this page. */
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (GTK_CUSTOM_FILTER (self->filter), NULL, NULL, NULL);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (seg_runs_page_parent_class)->dispose (object);
}

static void
seg_runs_page_class_init (SegRunsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_runs_page_dispose;
  SEG_PAGE_CLASS (klass)->project_changed = seg_runs_page_project_changed;
  SEG_PAGE_CLASS (klass)->session_changed = seg_runs_page_session_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-runs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SegRunsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SegRunsPage, group);
  gtk_widget_class_bind_template_child (widget_class, SegRunsPage, list);
  gtk_widget_class_bind_template_child (widget_class, SegRunsPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, SegRunsPage, empty_button);

  /**
   * SegRunsPage::show-run:
   * @id: the run to show on the Segments page
   */
  signals[SHOW_RUN] = g_signal_new ("show-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * SegRunsPage::run-again:
   * @id: the run to repeat on the current data
   */
  signals[RUN_AGAIN] = g_signal_new ("run-again", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * SegRunsPage::delete-run:
   * @id: the run to delete, once confirmed
   */
  signals[DELETE_RUN] = g_signal_new ("delete-run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

/* What starting an analysis of @kind does, in a shop owner's words. */
static const char *
new_label (SegModelKind kind)
{
  switch (kind)
    {
    case SEG_MODEL_KIND_SEGMENTATION: return _("Find Customer Segments…");
    case SEG_MODEL_KIND_RECOMMENDATION: return _("Choose Offers for Each Customer…");
    default: return seg_model_kind_get_title (kind);
    }
}

/* One entry for each kind of analysis there are models of. */
static GMenuModel *
new_analysis_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GEnumClass) kinds = g_type_class_ref (SEG_TYPE_MODEL_KIND);

  for (guint i = 0; i < kinds->n_values; i++)
    {
      g_autofree GType *types = NULL;
      g_autofree char *action = NULL;
      guint n_types;

      types = seg_model_list_types (kinds->values[i].value, &n_types);
      if (n_types == 0)
        continue;
      action = g_strdup_printf ("win.new-analysis::%s", kinds->values[i].value_nick);
      g_menu_append (menu, new_label (kinds->values[i].value), action);
    }

  return G_MENU_MODEL (menu);
}

static void
seg_runs_page_init (SegRunsPage *self)
{
  g_autoptr(GMenuModel) menu = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = GTK_FILTER (gtk_custom_filter_new (run_not_hidden, self, NULL));
  menu = new_analysis_menu ();
  gtk_menu_button_set_menu_model (self->new_button, menu);
  gtk_menu_button_set_menu_model (self->empty_button, menu);
}

GtkWidget *
seg_runs_page_new (void)
{
  return g_object_new (SEG_TYPE_RUNS_PAGE, NULL);
}
