/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-how-many.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "seg-elbow-plot.h"
#include "seg-plot.h"

/* How many segments a run's rows fall into best: compares numbers of
 * segments on the rows of the run shown, in a worker. */
struct _SegHowMany
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkStack       *k_stack;
  GtkSpinner     *k_spinner;
  GtkDrawingArea *elbow_area;

  SegProject     *project;
  gint64          run;             /* 0: none */

  SegKSuggestion *suggestion;      /* for the run, once compared */
  GCancellable   *k_cancellable;   /* the comparison under way */
};

enum {
  PROP_0,
  PROP_COMPARING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
}

static void
draw_elbow (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  data)
{
  SegHowMany *self = data;
  g_autofree char *title = NULL;

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
  update_actions (self);
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

  g_clear_object (&self->k_cancellable);
  gtk_spinner_stop (self->k_spinner);
  if (suggestion == NULL)
    {
      gtk_stack_set_visible_child_name (self->k_stack, "idle");
      show_error (self, _("Could Not Compare Numbers of Segments"), error);
    }
  else
    {
      self->suggestion = suggestion;
      gtk_stack_set_visible_child_name (self->k_stack, "chart");
      gtk_widget_queue_draw (GTK_WIDGET (self->elbow_area));
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARING]);
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

  if (self->suggestion == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Compare the numbers of segments first"));
      return FALSE;
    }
  return seg_plot_export (path, 900, 600, draw_elbow, self, error);
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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-how-many.ui");
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, k_stack);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, k_spinner);
  gtk_widget_class_bind_template_child (widget_class, SegHowMany, elbow_area);

  gtk_widget_class_install_action (widget_class, "how-many.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "how-many.cancel", NULL, cancel_action);
}

static void
seg_how_many_init (SegHowMany *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->elbow_area, draw_elbow_area, self, NULL);
  update_actions (self);
}
