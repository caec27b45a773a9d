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
  GPtrArray           *rows;
  SegProject          *project;
};

enum {
  SHOW_RUN,
  RUN_AGAIN,
  DELETE_RUN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegRunsPage, seg_runs_page, SEG_TYPE_PAGE)

static char *
join_array (JsonObject *object,
            const char *member)
{
  JsonArray *array = object != NULL && json_object_has_member (object, member)
                     ? json_object_get_array_member (object, member) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (array, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* “k 4 · n-init 10 · seed 0” */
static char *
describe_parameters (JsonNode *parameters)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (parameters) ? json_node_get_object (parameters) : NULL;
  g_autoptr(GList) members = object != NULL ? json_object_get_members (object) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      g_autofree char *shown = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        shown = g_strdup (json_node_get_string (value));
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_DOUBLE)
        shown = g_strdup_printf ("%g", json_node_get_double (value));
      else if (JSON_NODE_HOLDS_VALUE (value))
        shown = g_strdup_printf ("%" PRId64, json_node_get_int (value));
      else
        continue;
      g_string_append_printf (text, "%s%s %s", text->len > 0 ? " · " : "", (const char *) l->data, shown);
    }
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

static double
metric (JsonObject *metrics,
        const char *name)
{
  JsonNode *node = metrics != NULL ? json_object_get_member (metrics, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
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

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "run", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data (G_OBJECT (button), "signal", GUINT_TO_POINTER (signal));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_button), self, 0);
  return button;
}

static GtkWidget *
run_row (SegRunsPage        *self,
         const SegRunRecord *record)
{
  JsonObject *metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  gint64 k = metrics != NULL && json_object_has_member (metrics, "k") ? json_object_get_int_member (metrics, "k") : 0;
  double silhouette = metric (metrics, "silhouette");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *started = NULL;
  g_autofree char *columns = join_array (input, "columns");
  g_autofree char *parameters = describe_parameters (record->parameters);
  g_autofree char *prep = describe_prep (record);
  g_autofree char *measures = NULL;
  g_autofree char *tables = record->result_tables != NULL ? g_strjoinv (", ", record->result_tables) : NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (record->started_at, NULL);
  g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;
  GtkWidget *expander = adw_expander_row_new ();

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Run %" PRId64 " · %s · %" PRId64 " segment · %s",
                                        "Run %" PRId64 " · %s · %" PRId64 " segments · %s", k),
                           record->id, record->algorithm, k, record->input_table);
  started = local != NULL ? g_date_time_format (local, "%x %H:%M") : g_strdup (record->started_at);
  subtitle = isfinite (silhouette)
             ? g_strdup_printf (_("%s · %.2f s · silhouette %.3f"), started, record->seconds, silhouette)
             : g_strdup_printf (_("%s · %.2f s"), started, record->seconds);
  measures = g_strdup_printf (_("inertia %.4g · Calinski–Harabasz %.4g · Davies–Bouldin %.4g · %" PRId64 " rows"),
                              metric (metrics, "inertia"), metric (metrics, "calinski_harabasz"),
                              metric (metrics, "davies_bouldin"),
                              metrics != NULL ? json_object_get_int_member_with_default (metrics, "rows", 0) : 0);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  /* Each action goes before the last: added last to first. */
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               row_button (self, "user-trash-symbolic", _("Delete"), DELETE_RUN, record->id));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               row_button (self, "view-refresh-symbolic", _("Run Again on the Current Data"),
                                           RUN_AGAIN, record->id));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               row_button (self, "view-reveal-symbolic", _("Show on the Map"), SHOW_RUN, record->id));

  add_detail (ADW_EXPANDER_ROW (expander), _("Columns"), columns);
  add_detail (ADW_EXPANDER_ROW (expander), _("Preparation"), prep);
  add_detail (ADW_EXPANDER_ROW (expander), _("Parameters"), parameters);
  add_detail (ADW_EXPANDER_ROW (expander), _("Measures"), measures);
  add_detail (ADW_EXPANDER_ROW (expander), _("Result tables"), tables);
  return expander;
}

/**
 * seg_runs_page_reload:
 *
 * Lists the project's runs again, newest first.
 */
void
seg_runs_page_reload (SegRunsPage *self)
{
  g_autoptr(GPtrArray) runs = NULL;

  g_return_if_fail (SEG_IS_RUNS_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (self->project != NULL)
    runs = seg_project_list_runs (self->project, NULL);
  for (guint i = runs != NULL ? runs->len : 0; i-- > 0;)
    {
      GtkWidget *row = run_row (self, g_ptr_array_index (runs, i));

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "runs" : "empty");
}

guint
seg_runs_page_get_n_runs (SegRunsPage *self)
{
  g_return_val_if_fail (SEG_IS_RUNS_PAGE (self), 0);

  return self->rows->len;
}

void
seg_runs_page_set_project (SegRunsPage *self,
                           SegProject  *project)
{
  g_return_if_fail (SEG_IS_RUNS_PAGE (self));

  seg_page_set_project (SEG_PAGE (self), project);
}

static void
seg_runs_page_project_changed (SegPage    *page,
                               SegProject *project)
{
  SegRunsPage *self = SEG_RUNS_PAGE (page);

  g_set_object (&self->project, project);
  seg_runs_page_reload (self);
}

static void
seg_runs_page_session_changed (SegPage    *page,
                               SegSession *session)
{
  /* Runs come from any page, and from the window's run manager. */
  if (session != NULL)
    g_signal_connect_object (session, "runs-changed", G_CALLBACK (seg_runs_page_reload), page, G_CONNECT_SWAPPED);
}

static void
seg_runs_page_dispose (GObject *object)
{
  SegRunsPage *self = SEG_RUNS_PAGE (object);

  g_clear_object (&self->project);
  /* The stack is the bin's own child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_RUNS_PAGE);

  G_OBJECT_CLASS (seg_runs_page_parent_class)->dispose (object);
}

static void
seg_runs_page_finalize (GObject *object)
{
  g_ptr_array_unref (SEG_RUNS_PAGE (object)->rows);

  G_OBJECT_CLASS (seg_runs_page_parent_class)->finalize (object);
}

static void
seg_runs_page_class_init (SegRunsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_runs_page_dispose;
  object_class->finalize = seg_runs_page_finalize;
  SEG_PAGE_CLASS (klass)->project_changed = seg_runs_page_project_changed;
  SEG_PAGE_CLASS (klass)->session_changed = seg_runs_page_session_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-runs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SegRunsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SegRunsPage, group);

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

static void
seg_runs_page_init (SegRunsPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
seg_runs_page_new (void)
{
  return g_object_new (SEG_TYPE_RUNS_PAGE, NULL);
}
