/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-map-legend.h"

#include <glib/gi18n.h>

/*
 * The map's legend as widgets rather than pixels: each segment is a
 * toggle that shows or hides it, reachable with Tab and switched with
 * Space, and a button that selects it — adding with Shift, taking away
 * with Ctrl, or as the map's selection mode says.
 */

struct _SegMapLegend
{
  GtkWidget   parent_instance;

  SegMapView *view;
  GtkWidget  *box;
  GPtrArray  *toggles;   /* GtkToggleButton, by row */
  GArray     *clusters;  /* int, by row: from 0, -1 for noise */
  gboolean    syncing;
};

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegMapLegend, seg_map_legend, GTK_TYPE_WIDGET)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  SegMapLegend *self = g_object_get_data (G_OBJECT (area), "legend");
  int cluster = GPOINTER_TO_INT (data);
  double r = MIN (width, height) / 2.0 - 1;
  SegColor color;

  if (self->view == NULL)
    return;
  seg_map_view_cluster_color (self->view, cluster, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, r, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, color.r, color.g, color.b);
  /* A hidden segment keeps only the ring of its colour. */
  if (seg_map_view_get_cluster_visible (self->view, cluster))
    cairo_fill (cr);
  else
    {
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
}

static void
on_toggled (GtkToggleButton *button,
            SegMapLegend    *self)
{
  int cluster = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cluster"));

  if (self->syncing || self->view == NULL)
    return;
  seg_map_view_set_cluster_visible (self->view, cluster, gtk_toggle_button_get_active (button));
}

static void
on_select_clicked (GtkButton    *button,
                   SegMapLegend *self)
{
  int cluster = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "cluster"));
  GdkModifierType state = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "state"));
  SegSelectMode mode;

  /* The keyboard activates without a press: no modifiers then. */
  g_object_set_data (G_OBJECT (button), "state", NULL);
  if (self->view == NULL)
    return;
  mode = seg_select_mode_for_modifiers (state, seg_map_view_get_select_mode (self->view));
  seg_map_view_select_cluster_with (self->view, cluster, mode);
}

/* Remembers the modifiers of the press that activates a select button. */
static void
on_select_pressed (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   gpointer         data)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  g_object_set_data (G_OBJECT (button), "state",
                     GUINT_TO_POINTER (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)));
}

static void
sync_rows (SegMapLegend *self)
{
  self->syncing = TRUE;
  for (guint i = 0; i < self->toggles->len; i++)
    {
      GtkToggleButton *toggle = g_ptr_array_index (self->toggles, i);
      int cluster = g_array_index (self->clusters, int, i);
      gboolean visible = seg_map_view_get_cluster_visible (self->view, cluster);
      GtkWidget *swatch = g_object_get_data (G_OBJECT (toggle), "swatch");
      GtkWidget *label = g_object_get_data (G_OBJECT (toggle), "label");

      gtk_toggle_button_set_active (toggle, visible);
      gtk_widget_queue_draw (swatch);
      if (visible)
        gtk_widget_remove_css_class (label, "dim-label");
      else
        gtk_widget_add_css_class (label, "dim-label");
    }
  self->syncing = FALSE;
}

static void
add_row (SegMapLegend *self,
         int           cluster,
         const char   *name)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *toggle = gtk_toggle_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *select = gtk_button_new_from_icon_name ("edit-select-all-symbolic");
  GtkGesture *click = gtk_gesture_click_new ();
  g_autofree char *show = g_strdup_printf (_("Show or hide “%s” on the map"), name);
  g_autofree char *pick = g_strdup_printf (_("Select “%s” (Shift adds, Ctrl takes away)"), name);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (swatch), "legend", self);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, GINT_TO_POINTER (cluster), NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_box_append (GTK_BOX (content), swatch);
  gtk_box_append (GTK_BOX (content), label);

  gtk_button_set_child (GTK_BUTTON (toggle), content);
  gtk_widget_add_css_class (toggle, "flat");
  gtk_widget_set_tooltip_text (toggle, show);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, show, -1);
  g_object_set_data (G_OBJECT (toggle), "cluster", GINT_TO_POINTER (cluster));
  g_object_set_data (G_OBJECT (toggle), "swatch", swatch);
  g_object_set_data (G_OBJECT (toggle), "label", label);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_signal_connect (toggle, "toggled", G_CALLBACK (on_toggled), self);

  gtk_widget_add_css_class (select, "flat");
  gtk_widget_set_tooltip_text (select, pick);
  gtk_accessible_update_property (GTK_ACCESSIBLE (select), GTK_ACCESSIBLE_PROPERTY_LABEL, pick, -1);
  g_object_set_data (G_OBJECT (select), "cluster", GINT_TO_POINTER (cluster));
  /* The button's own click gesture claims the press: a second one, in the
   * capture phase, sees the modifiers of the press that activates it. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_select_pressed), NULL);
  gtk_widget_add_controller (select, GTK_EVENT_CONTROLLER (click));
  g_signal_connect (select, "clicked", G_CALLBACK (on_select_clicked), self);
  g_object_set_data (G_OBJECT (toggle), "select", select);

  gtk_box_append (GTK_BOX (row), toggle);
  gtk_box_append (GTK_BOX (row), select);
  gtk_flow_box_append (GTK_FLOW_BOX (self->box), row);
  /* The entry's buttons take the focus, not the flow box's child. */
  gtk_widget_set_focusable (gtk_widget_get_parent (row), FALSE);
  g_ptr_array_add (self->toggles, toggle);
  g_array_append_val (self->clusters, cluster);
}

static void
rebuild (SegMapLegend *self)
{
  GtkWidget *child;
  const SegRunPoints *points = self->view != NULL ? seg_map_view_get_points (self->view) : NULL;
  const char *const *names = self->view != NULL ? seg_map_view_get_names (self->view) : NULL;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->box), child);
  g_ptr_array_set_size (self->toggles, 0);
  g_array_set_size (self->clusters, 0);
  if (points == NULL)
    return;

  for (guint c = 0; c < points->n_clusters; c++)
    {
      g_autofree char *fallback = NULL;
      const char *name = names != NULL && names[c] != NULL ? names[c] : NULL;

      if (name == NULL)
        name = fallback = g_strdup_printf (_("Segment %u"), c + 1);
      add_row (self, (int) c, name);
    }
  if (seg_map_view_get_has_noise (self->view))
    add_row (self, -1, _("Noise"));
  sync_rows (self);
}

/* New points come with new rows. */
static void
on_points_changed (SegMapView   *view,
                   GParamSpec   *pspec,
                   SegMapLegend *self)
{
  rebuild (self);
}

/* A segment shown or hidden: the rows follow. */
static void
on_visibility_changed (SegMapView   *view,
                       SegMapLegend *self)
{
  sync_rows (self);
}

static void
seg_map_legend_dispose (GObject *object)
{
  SegMapLegend *self = SEG_MAP_LEGEND (object);

  seg_map_legend_set_view (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (seg_map_legend_parent_class)->dispose (object);
}

static void
seg_map_legend_finalize (GObject *object)
{
  SegMapLegend *self = SEG_MAP_LEGEND (object);

  g_ptr_array_unref (self->toggles);
  g_array_unref (self->clusters);

  G_OBJECT_CLASS (seg_map_legend_parent_class)->finalize (object);
}

static void
seg_map_legend_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SegMapLegend *self = SEG_MAP_LEGEND (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_map_legend_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SegMapLegend *self = SEG_MAP_LEGEND (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      seg_map_legend_set_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_map_legend_class_init (SegMapLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_map_legend_dispose;
  object_class->finalize = seg_map_legend_finalize;
  object_class->get_property = seg_map_legend_get_property;
  object_class->set_property = seg_map_legend_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, SEG_TYPE_MAP_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "segmaplegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
seg_map_legend_init (SegMapLegend *self)
{
  self->toggles = g_ptr_array_new ();
  self->clusters = g_array_new (FALSE, FALSE, sizeof (int));
  /* Entries side by side, wrapping: the legend takes no width from the
   * map on a narrow screen. */
  self->box = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->box), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->box), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->box), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->box), 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Segments on the map"), -1);
}

GtkWidget *
seg_map_legend_new (void)
{
  return g_object_new (SEG_TYPE_MAP_LEGEND, NULL);
}

SegMapView *
seg_map_legend_get_view (SegMapLegend *self)
{
  g_return_val_if_fail (SEG_IS_MAP_LEGEND (self), NULL);

  return self->view;
}

/**
 * seg_map_legend_set_view:
 * @view: (nullable): the map whose segments to list
 */
void
seg_map_legend_set_view (SegMapLegend *self,
                         SegMapView   *view)
{
  g_return_if_fail (SEG_IS_MAP_LEGEND (self));

  if (self->view == view)
    return;
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_set_object (&self->view, view);
  if (view != NULL)
    {
      g_signal_connect_object (view, "notify::n-points", G_CALLBACK (on_points_changed), self, 0);
      g_signal_connect_object (view, "visibility-changed", G_CALLBACK (on_visibility_changed), self, 0);
    }
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static int
row_of (SegMapLegend *self,
        int           cluster)
{
  for (guint i = 0; i < self->clusters->len; i++)
    if (g_array_index (self->clusters, int, i) == cluster)
      return (int) i;
  return -1;
}

/**
 * seg_map_legend_get_toggle:
 * @cluster: from 0, or -1 for the noise
 *
 * Returns: (nullable) (transfer none): the toggle showing or hiding it
 */
GtkWidget *
seg_map_legend_get_toggle (SegMapLegend *self,
                           int           cluster)
{
  int row;

  g_return_val_if_fail (SEG_IS_MAP_LEGEND (self), NULL);

  row = row_of (self, cluster);
  return row >= 0 ? g_ptr_array_index (self->toggles, row) : NULL;
}

/**
 * seg_map_legend_get_select:
 * @cluster: from 0, or -1 for the noise
 *
 * Returns: (nullable) (transfer none): the button selecting it
 */
GtkWidget *
seg_map_legend_get_select (SegMapLegend *self,
                           int           cluster)
{
  GtkWidget *toggle = seg_map_legend_get_toggle (self, cluster);

  return toggle != NULL ? g_object_get_data (G_OBJECT (toggle), "select") : NULL;
}
