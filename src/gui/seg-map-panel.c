/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-map-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "seg-error.h"
#include "seg-run-axes.h"

/*
 * The map with what works it: how a drag selects (move, lasso, box), how
 * a selection meets the last one (new, add, remove — Shift and Ctrl do
 * the same without the buttons), which columns are the axes, and the
 * legend that shows, hides and selects segments.
 */

struct _SegMapPanel
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  SegMapView      *map_view;
  SegMapLegend    *legend;
  GtkToggleButton *pan_button;
  GtkToggleButton *lasso_button;
  GtkToggleButton *rectangle_button;
  GtkToggleButton *replace_button;
  GtkToggleButton *add_button;
  GtkToggleButton *subtract_button;
  GtkMenuButton   *axes_button;
  GtkDropDown     *x_dropdown;
  GtkDropDown     *y_dropdown;
  GtkCheckButton  *x_log;
  GtkCheckButton  *y_log;
  GtkLabel        *axes_note;

  SegProject      *project;
  gint64           run;
  GStrv            columns;     /* the number columns, as the drop-downs list them after the map */
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (SegMapPanel, seg_map_panel, GTK_TYPE_WIDGET)

static void
on_tool_toggled (GtkToggleButton *button,
                 SegMapPanel     *self)
{
  if (!gtk_toggle_button_get_active (button) || self->syncing)
    return;
  seg_map_view_set_tool (self->map_view,
                         button == self->lasso_button ? SEG_MAP_TOOL_LASSO
                         : button == self->rectangle_button ? SEG_MAP_TOOL_RECTANGLE
                         : SEG_MAP_TOOL_PAN);
}

static void
on_mode_toggled (GtkToggleButton *button,
                 SegMapPanel     *self)
{
  if (!gtk_toggle_button_get_active (button) || self->syncing)
    return;
  seg_map_view_set_select_mode (self->map_view,
                                button == self->add_button ? SEG_SELECT_ADD
                                : button == self->subtract_button ? SEG_SELECT_SUBTRACT
                                : SEG_SELECT_REPLACE);
}

/* The view's tool and mode may change from code: the buttons follow. */
static void
on_view_changed (SegMapView  *view,
                 GParamSpec  *pspec,
                 SegMapPanel *self)
{
  SegMapTool tool = seg_map_view_get_tool (view);
  SegSelectMode mode = seg_map_view_get_select_mode (view);

  self->syncing = TRUE;
  gtk_toggle_button_set_active (tool == SEG_MAP_TOOL_LASSO ? self->lasso_button
                                : tool == SEG_MAP_TOOL_RECTANGLE ? self->rectangle_button
                                : self->pan_button, TRUE);
  gtk_toggle_button_set_active (mode == SEG_SELECT_ADD ? self->add_button
                                : mode == SEG_SELECT_SUBTRACT ? self->subtract_button
                                : self->replace_button, TRUE);
  self->syncing = FALSE;
}

static double *
load_axis (SegMapPanel  *self,
           const char   *column,
           gboolean      log_scale,
           GError      **error)
{
  const SegRunPoints *points = seg_map_view_get_points (self->map_view);
  g_autofree double *values = NULL;
  gsize n = 0, positive = 0, finite = 0;

  values = seg_project_load_run_axis (self->project, self->run, column, &n, &positive, error);
  if (values == NULL)
    return NULL;
  if (points == NULL || n != points->n)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_DAMAGED,
                   _("Column “%s” has %'zu values for the %'zu rows of the map"),
                   column, n, points != NULL ? points->n : 0);
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    finite += isfinite (values[i]);
  if (log_scale)
    {
      if (positive < finite)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "A log scale needs values above zero, and “%s” has %'zu value at or below zero",
                                    "A log scale needs values above zero, and “%s” has %'zu values at or below zero",
                                    finite - positive),
                       column, finite - positive);
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        values[i] = log10 (values[i]);
    }
  return g_steal_pointer (&values);
}

/**
 * seg_map_panel_set_axes:
 * @x_column: (nullable): a column across, or NULL for the map
 * @y_column: (nullable): a column up, or NULL for the map
 * @x_log: whether across is a log scale, for positive values only
 *
 * Draws the run's rows over two of its number columns.
 *
 * Returns: whether the axes changed; if not, @error says why
 */
gboolean
seg_map_panel_set_axes (SegMapPanel  *self,
                        const char   *x_column,
                        const char   *y_column,
                        gboolean      x_log,
                        gboolean      y_log,
                        GError      **error)
{
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree char *x_label = NULL;
  g_autofree char *y_label = NULL;

  g_return_val_if_fail (SEG_IS_MAP_PANEL (self), FALSE);

  if (x_column == NULL || y_column == NULL)
    {
      seg_map_view_set_axes (self->map_view, NULL, NULL, NULL, NULL, FALSE, FALSE);
      return TRUE;
    }
  if (self->project == NULL || seg_map_view_get_points (self->map_view) == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN, _("There is no run on the map"));
      return FALSE;
    }
  x = load_axis (self, x_column, x_log, error);
  if (x == NULL)
    return FALSE;
  y = load_axis (self, y_column, y_log, error);
  if (y == NULL)
    return FALSE;
  x_label = x_log ? g_strdup_printf (_("%s (log scale)"), x_column) : g_strdup (x_column);
  y_label = y_log ? g_strdup_printf (_("%s (log scale)"), y_column) : g_strdup (y_column);
  seg_map_view_set_axes (self->map_view, g_steal_pointer (&x), g_steal_pointer (&y), x_label, y_label, x_log, y_log);
  return TRUE;
}

/* The column chosen in a drop-down: NULL for the map. */
static const char *
chosen (SegMapPanel *self,
        GtkDropDown *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (self->columns == NULL || position == 0 || position == GTK_INVALID_LIST_POSITION ||
      position > g_strv_length (self->columns))
    return NULL;
  return self->columns[position - 1];
}

/* Whether a column's values can go on a log scale; when not, why. */
static gboolean
can_log (SegMapPanel  *self,
         const char   *column,
         char        **why)
{
  g_autofree double *values = NULL;
  gsize n = 0, positive = 0, finite = 0;

  if (column == NULL)
    return FALSE;
  values = seg_project_load_run_axis (self->project, self->run, column, &n, &positive, NULL);
  for (gsize i = 0; values != NULL && i < n; i++)
    finite += isfinite (values[i]);
  if (values != NULL && finite > 0 && positive == finite)
    return TRUE;
  if (why != NULL)
    *why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A log scale needs values above zero: “%s” has %'zu value at or below zero.",
                                         "A log scale needs values above zero: “%s” has %'zu values at or below zero.",
                                         finite - positive),
                            column, finite - positive);
  return FALSE;
}

static void
on_axes_chosen (SegMapPanel *self)
{
  const char *x = chosen (self, self->x_dropdown);
  const char *y = chosen (self, self->y_dropdown);
  g_autofree char *x_why = NULL;
  g_autofree char *y_why = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) note = g_string_new (NULL);
  gboolean x_can, y_can;

  if (self->syncing)
    return;
  x_can = can_log (self, x, &x_why);
  y_can = can_log (self, y, &y_why);
  self->syncing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->x_log), x_can);
  gtk_widget_set_sensitive (GTK_WIDGET (self->y_log), y_can);
  if (!x_can)
    gtk_check_button_set_active (self->x_log, FALSE);
  if (!y_can)
    gtk_check_button_set_active (self->y_log, FALSE);
  self->syncing = FALSE;

  if ((x == NULL) != (y == NULL))
    g_string_append (note, _("Choose a column for both axes to leave the map."));
  if (x_why != NULL && x != NULL)
    g_string_append_printf (note, "%s%s", note->len > 0 ? "\n" : "", x_why);
  if (y_why != NULL && y != NULL && g_strcmp0 (x, y) != 0)
    g_string_append_printf (note, "%s%s", note->len > 0 ? "\n" : "", y_why);

  if (!seg_map_panel_set_axes (self, x, y,
                               gtk_check_button_get_active (self->x_log),
                               gtk_check_button_get_active (self->y_log), &error))
    g_string_append_printf (note, "%s%s", note->len > 0 ? "\n" : "", error->message);
  gtk_label_set_label (self->axes_note, note->str);
  gtk_widget_set_visible (GTK_WIDGET (self->axes_note), note->len > 0);
}

static void
fill_dropdown (SegMapPanel *self,
               GtkDropDown *dropdown,
               const char  *map_name)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, map_name);
  for (guint i = 0; self->columns != NULL && self->columns[i] != NULL; i++)
    gtk_string_list_append (list, self->columns[i]);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, 0);
}

/**
 * seg_map_panel_set_run:
 * @project: (nullable): the project of the run on the map
 * @run: the run, or 0 for none
 *
 * Lists the run's number columns for the axes, with the map chosen.
 */
void
seg_map_panel_set_run (SegMapPanel *self,
                       SegProject  *project,
                       gint64       run)
{
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_if_fail (SEG_IS_MAP_PANEL (self));

  g_set_object (&self->project, project);
  self->run = run;
  g_clear_pointer (&self->columns, g_strfreev);
  if (project != NULL && run > 0)
    columns = seg_project_run_axis_columns (project, run, NULL);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    g_strv_builder_add (names, ((SegAxisColumn *) g_ptr_array_index (columns, i))->name);
  self->columns = g_strv_builder_end (names);

  self->syncing = TRUE;
  fill_dropdown (self, self->x_dropdown, _("Map, first component"));
  fill_dropdown (self, self->y_dropdown, _("Map, second component"));
  gtk_check_button_set_active (self->x_log, FALSE);
  gtk_check_button_set_active (self->y_log, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->x_log), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->y_log), FALSE);
  gtk_label_set_label (self->axes_note, "");
  gtk_widget_set_visible (GTK_WIDGET (self->axes_note), FALSE);
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->axes_button), self->columns[0] != NULL);
}

/**
 * seg_map_panel_get_columns:
 *
 * Returns: (transfer full): the columns offered for the axes
 */
GStrv
seg_map_panel_get_columns (SegMapPanel *self)
{
  g_return_val_if_fail (SEG_IS_MAP_PANEL (self), NULL);

  return g_strdupv (self->columns);
}

SegMapView *
seg_map_panel_get_map_view (SegMapPanel *self)
{
  g_return_val_if_fail (SEG_IS_MAP_PANEL (self), NULL);

  return self->map_view;
}

SegMapLegend *
seg_map_panel_get_legend (SegMapPanel *self)
{
  g_return_val_if_fail (SEG_IS_MAP_PANEL (self), NULL);

  return self->legend;
}

static void
seg_map_panel_dispose (GObject *object)
{
  SegMapPanel *self = SEG_MAP_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_MAP_PANEL);
  g_clear_object (&self->project);
  g_clear_pointer (&self->columns, g_strfreev);

  G_OBJECT_CLASS (seg_map_panel_parent_class)->dispose (object);
}

static void
seg_map_panel_class_init (SegMapPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_map_panel_dispose;

  g_type_ensure (SEG_TYPE_MAP_VIEW);
  g_type_ensure (SEG_TYPE_MAP_LEGEND);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-map-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, box);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, map_view);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, legend);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, pan_button);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, lasso_button);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, rectangle_button);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, replace_button);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, add_button);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, subtract_button);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, axes_button);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, x_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, y_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, x_log);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, y_log);
  gtk_widget_class_bind_template_child (widget_class, SegMapPanel, axes_note);
}

static void
seg_map_panel_init (SegMapPanel *self)
{
  GtkToggleButton *tools[] = { NULL, NULL, NULL, NULL, NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  tools[0] = self->pan_button, tools[1] = self->lasso_button, tools[2] = self->rectangle_button;
  for (guint i = 0; i < 3; i++)
    g_signal_connect_object (tools[i], "toggled", G_CALLBACK (on_tool_toggled), self, 0);
  tools[3] = self->replace_button, tools[4] = self->add_button, tools[5] = self->subtract_button;
  for (guint i = 3; i < 6; i++)
    g_signal_connect_object (tools[i], "toggled", G_CALLBACK (on_mode_toggled), self, 0);
  g_signal_connect_object (self->map_view, "notify::tool", G_CALLBACK (on_view_changed), self, 0);
  g_signal_connect_object (self->map_view, "notify::select-mode", G_CALLBACK (on_view_changed), self, 0);
  g_signal_connect_object (self->x_dropdown, "notify::selected", G_CALLBACK (on_axes_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->y_dropdown, "notify::selected", G_CALLBACK (on_axes_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->x_log, "toggled", G_CALLBACK (on_axes_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->y_log, "toggled", G_CALLBACK (on_axes_chosen), self, G_CONNECT_SWAPPED);
  seg_map_panel_set_run (self, NULL, 0);
}
