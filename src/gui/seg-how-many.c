/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-how-many.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "seg-charts.h"
#include "seg-cluster-model.h"
#include "seg-elbow-plot.h"
#include "seg-plot.h"
#include "seg-run.h"

/* How many segments a run's rows fall into best: compares numbers of
 * segments on the rows of the run shown, in a worker, and runs again with
 * the best in one click. DBSCAN finds its own number of segments from a
 * radius, so for its runs the page shows the k-distance curve that helps
 * choose the radius instead. */
struct _SegHowMany
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkStack       *k_stack;
  AdwStatusPage  *idle_page;
  GtkLabel       *busy_label;
  GtkSpinner     *k_spinner;
  GtkDrawingArea *elbow_area;
  GtkLabel       *advice_label;
  GtkButton      *use_button;

  SegProject     *project;
  gint64          run;             /* 0: none */
  SegRunRecord   *record;          /* the run's, when it has one */
  int             min_points;      /* DBSCAN's, for its curve */

  SegKSuggestion *suggestion;      /* for the run, once compared */
  SegKDistance   *curve;           /* for a DBSCAN run, once measured */
  GCancellable   *k_cancellable;   /* the comparison under way */
};

enum {
  PROP_0,
  PROP_COMPARING,
  N_PROPS
};

enum {
  RUN_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegHowMany, seg_how_many, GTK_TYPE_WIDGET)

static void
show_error (SegHowMany   *self,
            const char   *heading,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_actions (SegHowMany *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "how-many.compare",
                                 self->project != NULL && self->run > 0 && self->k_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "how-many.cancel", self->k_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "how-many.use",
                                 self->record != NULL && (self->suggestion != NULL || self->curve != NULL));
}

/* Whether the run found its segments by density: it has a radius, not a
 * number of segments, to choose. */
static gboolean
is_density (SegHowMany *self)
{
  return self->record != NULL && g_strcmp0 (self->record->algorithm, "dbscan") == 0;
}

static void update_texts (SegHowMany *self);

/* The most points of the curve drawn: more cannot change a pixel. */
#define CURVE_POINTS 2000

/* Every row's distance to its min-points-th neighbour, sorted, with the
 * bend that suggests the radius marked. */
static void
draw_k_distance (SegHowMany *self,
                 cairo_t    *cr,
                 double      width,
                 double      height)
{
  const SegKDistance *curve = self->curve;
  gsize n = MIN (curve->n, CURVE_POINTS);
  g_autofree double *x = g_new (double, MAX (n, 1));
  g_autofree double *y = g_new (double, MAX (n, 1));
  g_autofree char *title = NULL;
  g_autofree char *y_title = NULL;
  SegLineSeries series;
  SegLinePlot plot;

  for (gsize i = 0; i < n; i++)
    {
      gsize at = n > 1 ? i * (curve->n - 1) / (n - 1) : 0;

      x[i] = at + 1;
      y[i] = curve->distances[at];
    }
  title = g_strdup_printf (_("Run %" PRId64 " · a radius of %.3g where the curve bends"), self->run, curve->eps);
  /* TRANSLATORS: the k-distance curve's vertical axis; %d is DBSCAN's min-points less one */
  y_title = g_strdup_printf (_("Radius that takes in %d other rows"), self->min_points - 1);
  series = (SegLineSeries) { x, y, n, _("radius"), FALSE };
  plot = (SegLinePlot) {
    .series = &series,
    .n_series = 1,
    .mark_x = curve->knee + 1,
    .axes = { title, _("Rows, sorted by that radius"), y_title, NULL, FALSE },
  };
  seg_line_plot_draw (cr, &plot, width, height);
}

static void
draw_elbow (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  data)
{
  SegHowMany *self = data;
  g_autofree char *title = NULL;

  if (self->curve != NULL)
    {
      draw_k_distance (self, cr, width, height);
      return;
    }
  if (self->suggestion == NULL)
    return;
  title = g_strdup_printf (_("Run %" PRId64 " · the best silhouette at %d segments"), self->run,
                           self->suggestion->recommended);
  seg_elbow_plot_draw (cr, self->suggestion, title, width, height);
}

static void
draw_elbow_area (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        data)
{
  draw_elbow (cr, width, height, data);
}

/* Forgets the comparison: it belongs to one run. */
static void
reset_comparison (SegHowMany *self)
{
  gboolean was_comparing = self->k_cancellable != NULL;

  if (self->k_cancellable != NULL)
    g_cancellable_cancel (self->k_cancellable);
  g_clear_object (&self->k_cancellable);
  g_clear_pointer (&self->suggestion, seg_k_suggestion_free);
  g_clear_pointer (&self->curve, seg_k_distance_free);
  gtk_spinner_stop (self->k_spinner);
  gtk_stack_set_visible_child_name (self->k_stack, "idle");
  update_actions (self);
  if (was_comparing)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARING]);
}

/**
 * seg_how_many_set_run:
 * @project: (nullable): the project
 * @run: the run shown, or 0 for none
 *
 * Follows the run shown; what was compared for another run is forgotten.
 */
void
seg_how_many_set_run (SegHowMany *self,
                      SegProject *project,
                      gint64      run)
{
  g_return_if_fail (SEG_IS_HOW_MANY (self));

  if (project == self->project && run == self->run)
    return;
  reset_comparison (self);
  g_set_object (&self->project, project);
  self->run = run;
  g_clear_object (&self->record);
  if (project != NULL && run > 0)
    self->record = seg_project_get_run (project, run, NULL);
  self->min_points = 5;
  if (self->record != NULL && JSON_NODE_HOLDS_OBJECT (self->record->parameters))
    self->min_points = (int) CLAMP (json_object_get_int_member_with_default (
                                      json_node_get_object (self->record->parameters), "min-points", 5), 1, 100000);

  update_texts (self);
  update_actions (self);
}

/* What the page says before and while it compares, for the kind of run. */
static void
update_texts (SegHowMany *self)
{
  if (is_density (self))
    {
      g_autofree char *text = g_strdup_printf (
        _("DBSCAN puts customers in one segment when each has at least %d others within a radius "
          "(its “eps”) of them, and leaves out those alone. Measure, for every customer, the radius that "
          "takes in %d others: sorted, these radii rise slowly, then bend sharply upwards, and the "
          "bend is a good radius."), self->min_points - 1, self->min_points - 1);

      adw_status_page_set_title (self->idle_page, _("How Close Is Close?"));
      adw_status_page_set_description (self->idle_page, text);
      gtk_label_set_label (self->busy_label, _("Measuring the distances between customers…"));
    }
  else
    {
      adw_status_page_set_title (self->idle_page, _("How Many Segments?"));
      adw_status_page_set_description (self->idle_page,
        _("Compare 2 to 10 segments on this run’s customers, prepared the same way. The spread within "
          "segments shrinks with every segment added and levels off where more stop helping; the "
          "silhouette is highest where the segments stand most apart."));
      gtk_label_set_label (self->busy_label, _("Comparing numbers of segments…"));
    }
}

/* The radius a DBSCAN run used. */
static double
run_eps (SegRunRecord *record)
{
  JsonObject *parameters = JSON_NODE_HOLDS_OBJECT (record->parameters) ? json_node_get_object (record->parameters)
                                                                        : NULL;

  return parameters != NULL ? json_object_get_double_member_with_default (parameters, "eps", NAN) : NAN;
}

/* Under the chart: what it suggests, and the button that runs it. */
static void
show_advice (SegHowMany *self)
{
  g_autofree char *advice = NULL;
  g_autofree char *button = NULL;

  if (self->curve != NULL)
    {
      advice = g_strdup_printf (_("The radii bend upwards at about %.3g: customers with %d others that close "
                                  "form segments, the rest are left out as noise. This run used %.3g."),
                                self->curve->eps, self->min_points - 1,
                                run_eps (self->record));
      button = g_strdup_printf (_("Use Radius %.3g"), self->curve->eps);
    }
  else if (self->suggestion != NULL)
    {
      advice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The segments stand most apart with %d segment: the silhouette is "
                                             "highest there. The spread within segments (left) shows where more "
                                             "segments stop helping.",
                                             "The segments stand most apart with %d segments: the silhouette is "
                                             "highest there. The spread within segments (left) shows where more "
                                             "segments stop helping.",
                                             self->suggestion->recommended),
                                self->suggestion->recommended);
      /* TRANSLATORS: k is the number of segments, as the form calls it */
      button = g_strdup_printf (_("Use k = %d"), self->suggestion->recommended);
    }
  gtk_label_set_label (self->advice_label, advice != NULL ? advice : "");
  gtk_button_set_label (self->use_button, button != NULL ? button : "");
}

/* A comparison or a curve is back: its chart and advice, or the reason
 * there is none. @figures is %NULL on failure. */
static void
finish_work (SegHowMany *self,
             gpointer    figures,
             const char *failure,
             GError     *error)
{
  g_clear_object (&self->k_cancellable);
  gtk_spinner_stop (self->k_spinner);
  if (figures == NULL)
    {
      gtk_stack_set_visible_child_name (self->k_stack, "idle");
      show_error (self, failure, error);
    }
  else
    {
      show_advice (self);
      gtk_stack_set_visible_child_name (self->k_stack, "chart");
      gtk_widget_queue_draw (GTK_WIDGET (self->elbow_area));
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARING]);
}

static void
on_compared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(SegHowMany) self = data;
  g_autoptr(GError) error = NULL;
  SegKSuggestion *suggestion;

  suggestion = seg_project_suggest_k_for_run_finish (SEG_PROJECT (source), result, &error);
  /* Only a change of run, the cancel action or the widget going away
   * cancels a comparison; its result belongs to no run shown. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (suggestion != NULL)
    self->suggestion = suggestion;
  finish_work (self, suggestion, _("Could Not Compare Numbers of Segments"), error);
}

static void
on_measured (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(SegHowMany) self = data;
  g_autoptr(GError) error = NULL;
  SegKDistance *curve;

  curve = seg_project_k_distance_finish (SEG_PROJECT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (curve != NULL)
    self->curve = curve;
  finish_work (self, curve, _("Could Not Measure the Distances"), error);
}

/* The k-distance curve of a DBSCAN run's rows, prepared as the run
 * prepared them. */
static void
measure_distances (SegHowMany *self)
{
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (self->record->input) ? json_node_get_object (self->record->input) : NULL;
  JsonArray *chosen = input != NULL && json_object_has_member (input, "columns")
                      ? json_object_get_array_member (input, "columns") : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) logs = NULL;
  SegPrepOptions prep;

  for (guint i = 0; chosen != NULL && i < json_array_get_length (chosen); i++)
    g_strv_builder_add (builder, json_array_get_string_element (chosen, i));
  columns = g_strv_builder_end (builder);
  logs = seg_run_record_get_prep (self->record, &prep);
  seg_project_k_distance_async (self->project, self->record->input_table, (const char *const *) columns, &prep,
                                self->min_points, self->k_cancellable, on_measured, g_object_ref (self));
}

/**
 * seg_how_many_compare:
 *
 * Starts comparing numbers of segments on the run's rows.
 *
 * Returns: whether a comparison started
 */
gboolean
seg_how_many_compare (SegHowMany *self)
{
  g_return_val_if_fail (SEG_IS_HOW_MANY (self), FALSE);

  if (self->project == NULL || self->run <= 0 || self->k_cancellable != NULL)
    return FALSE;

  self->k_cancellable = g_cancellable_new ();
  if (is_density (self))
    measure_distances (self);
  else
    seg_project_suggest_k_for_run_async (self->project, self->run, 2, 10, self->k_cancellable,
                                         on_compared, g_object_ref (self));

  gtk_spinner_start (self->k_spinner);
  gtk_stack_set_visible_child_name (self->k_stack, "busy");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARING]);
  return TRUE;
}

void
seg_how_many_cancel (SegHowMany *self)
{
  g_return_if_fail (SEG_IS_HOW_MANY (self));

  reset_comparison (self);
}

gboolean
seg_how_many_get_comparing (SegHowMany *self)
{
  g_return_val_if_fail (SEG_IS_HOW_MANY (self), FALSE);

  return self->k_cancellable != NULL;
}

/**
 * seg_how_many_get_suggestion:
 *
 * Returns: (nullable) (transfer none): the comparison of numbers of
 *   segments for the run, once made
 */
const SegKSuggestion *
seg_how_many_get_suggestion (SegHowMany *self)
{
  g_return_val_if_fail (SEG_IS_HOW_MANY (self), NULL);

  return self->suggestion;
}

/**
 * seg_how_many_export:
 * @path: a .png, .svg or .pdf file
 *
 * Returns: whether the chart was written
 */
gboolean
seg_how_many_export (SegHowMany  *self,
                     const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (SEG_IS_HOW_MANY (self), FALSE);

  if (self->suggestion == NULL && self->curve == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Compare the numbers of segments first"));
      return FALSE;
    }
  return seg_plot_export (path, 900, 600, draw_elbow, self, error);
}

/**
 * seg_how_many_get_curve:
 *
 * Returns: (nullable) (transfer none): the k-distance curve of a DBSCAN
 *   run, once measured
 */
const SegKDistance *
seg_how_many_get_curve (SegHowMany *self)
{
  g_return_val_if_fail (SEG_IS_HOW_MANY (self), NULL);

  return self->curve;
}

/**
 * seg_how_many_use:
 *
 * Runs the run's analysis again with what the comparison suggests: the
 * best number of segments, or for DBSCAN the radius at the bend. The
 * run goes to #SegHowMany::run-requested, for the window's run manager.
 *
 * Returns: whether a run was requested
 */
gboolean
seg_how_many_use (SegHowMany  *self,
                  GError     **error)
{
  g_autoptr(SegRun) run = NULL;
  SegModel *model;

  g_return_val_if_fail (SEG_IS_HOW_MANY (self), FALSE);

  if (self->record == NULL || (self->suggestion == NULL && self->curve == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Compare the numbers of segments first"));
      return FALSE;
    }
  run = seg_run_new_like (self->project, self->record, error);
  if (run == NULL)
    return FALSE;
  model = seg_run_get_model (run);
  if (self->curve != NULL)
    g_object_set (model, "eps", self->curve->eps, NULL);
  else
    {
      /* A tree cut at a height would ignore k. */
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "height") != NULL)
        g_object_set (model, "height", 0.0, NULL);
      g_object_set (model, "k", self->suggestion->recommended, NULL);
    }
  g_signal_emit (self, signals[RUN_REQUESTED], 0, run);
  return TRUE;
}

static void
use_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SegHowMany *self = SEG_HOW_MANY (widget);
  g_autoptr(GError) error = NULL;

  if (!seg_how_many_use (self, &error))
    show_error (self, _("Could Not Run It Again"), error);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  seg_how_many_compare (SEG_HOW_MANY (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  seg_how_many_cancel (SEG_HOW_MANY (widget));
}

static void
seg_how_many_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SegHowMany *self = SEG_HOW_MANY (object);

  switch (prop_id)
    {
    case PROP_COMPARING:
      g_value_set_boolean (value, seg_how_many_get_comparing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_how_many_dispose (GObject *object)
{
  SegHowMany *self = SEG_HOW_MANY (object);

  if (self->k_cancellable != NULL)
    g_cancellable_cancel (self->k_cancellable);
  g_clear_object (&self->k_cancellable);
  g_clear_pointer (&self->suggestion, seg_k_suggestion_free);
  g_clear_pointer (&self->curve, seg_k_distance_free);
  g_clear_object (&self->record);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_HOW_MANY);

  G_OBJECT_CLASS (seg_how_many_parent_class)->dispose (object);
}

static void
seg_how_many_class_init (SegHowManyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_how_many_dispose;
  object_class->get_property = seg_how_many_get_property;

  properties[PROP_COMPARING] =
    g_param_spec_boolean ("comparing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegHowMany::run-requested:
   * @run: the run again with the suggested number of segments or radius,
   *   not started
   */
  signals[RUN_REQUESTED] =
    g_signal_new ("run-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SEG_TYPE_RUN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-how-many.ui");
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, k_stack);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, k_spinner);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, elbow_area);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, idle_page);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, busy_label);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, advice_label);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, use_button);

  gtk_widget_class_install_action (widget_class, "how-many.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "how-many.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "how-many.use", NULL, use_action);
}

static void
seg_how_many_init (SegHowMany *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->elbow_area, draw_elbow_area, self, NULL);
  update_texts (self);
  update_actions (self);
}
