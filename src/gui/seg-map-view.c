/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-map-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "seg-scatter.h"

/* How near, in pixels, the pointer must be to a point to pick it. */
#define HOVER_PIXELS 8.0
/* Zooming stops where a view would be this much of the data's span. */
#define MIN_SPAN_FRACTION 1e-6

struct _SegMapView
{
  GtkWidget        parent_instance;

  SegRunPoints    *points;
  GStrv            names;
  char            *title;
  char            *x_label;
  char            *y_label;
  guint8          *selected;
  gsize            n_selected;
  SegPointIndex   *index;
  gboolean         noise;

  SegRange         full_x;
  SegRange         full_y;
  SegRange         xr;
  SegRange         yr;

  /* The chart as last painted, reused until the size, the view, the
   * data or the selection change. */
  cairo_surface_t *cache;
  int              cache_width;
  int              cache_height;
  int              cache_scale;
  SegPlotFrame     frame;
  gboolean         have_frame;

  gssize           hovered;

  /* Dragging: panning from where the drag began, or a lasso. */
  gboolean         lassoing;
  GArray          *lasso;          /* of double pairs, widget coordinates */
  SegRange         drag_x;
  SegRange         drag_y;
  double           pointer_x;
  double           pointer_y;
};

enum {
  PROP_0,
  PROP_N_SELECTED,
  PROP_N_POINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegMapView, seg_map_view, GTK_TYPE_WIDGET)

static void
invalidate (SegMapView *self)
{
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static SegScatter
make_scatter (SegMapView *self)
{
  return (SegScatter) {
    .n = self->points->n,
    .x = self->points->x,
    .y = self->points->y,
    .labels = self->points->labels,
    .selected = self->n_selected > 0 ? self->selected : NULL,
    .n_clusters = self->points->n_clusters,
    .names = (const char *const *) self->names,
    .noise_name = self->noise ? _("Noise") : NULL,
    .centroids = self->points->centroids,
    .axes = { self->title, self->x_label, self->y_label, NULL, FALSE },
    .xr = self->xr,
    .yr = self->yr,
    .legend = self->names != NULL,
  };
}

static void
ensure_cache (SegMapView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  SegScatter scatter;
  cairo_t *cr;

  if (self->cache != NULL && self->cache_width == width && self->cache_height == height &&
      self->cache_scale == scale)
    return;

  g_clear_pointer (&self->cache, cairo_surface_destroy);
  self->have_frame = FALSE;
  if (self->points == NULL || width <= 0 || height <= 0)
    return;

  self->cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * scale, height * scale);
  cairo_surface_set_device_scale (self->cache, scale, scale);
  self->cache_width = width;
  self->cache_height = height;
  self->cache_scale = scale;

  scatter = make_scatter (self);
  cr = cairo_create (self->cache);
  seg_scatter_draw (cr, &scatter, width, height, &self->frame);
  cairo_destroy (cr);
  self->have_frame = TRUE;
}

static void
seg_map_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SegMapView *self = SEG_MAP_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  ensure_cache (self);
  if (self->cache == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_surface (cr, self->cache, 0, 0);
  cairo_paint (cr);

  /* The overlay: the point under the pointer and the lasso being drawn. */
  if (self->hovered >= 0 && self->have_frame)
    {
      double px = seg_plot_frame_sx (&self->frame, self->points->x[self->hovered]);
      double py = seg_plot_frame_sy (&self->frame, self->points->y[self->hovered]);

      cairo_arc (cr, px, py, 6, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  if (self->lassoing && self->lasso->len >= 4)
    {
      static const double dash[] = { 4, 3 };
      const double *p = (const double *) (gpointer) self->lasso->data;

      cairo_move_to (cr, p[0], p[1]);
      for (guint i = 1; i < self->lasso->len / 2; i++)
        cairo_line_to (cr, p[2 * i], p[2 * i + 1]);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, 0.2, 0.4, 0.9, 0.12);
      cairo_fill_preserve (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_source_rgb (cr, 0.2, 0.4, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
}

static void
seg_map_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 480;
}

static void
seg_map_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  invalidate (SEG_MAP_VIEW (widget));
}

static void
set_range (SegMapView *self,
           SegRange    xr,
           SegRange    yr)
{
  double min_w = (self->full_x.hi - self->full_x.lo) * MIN_SPAN_FRACTION;
  double min_h = (self->full_y.hi - self->full_y.lo) * MIN_SPAN_FRACTION;

  if (!(xr.hi - xr.lo > min_w) || !(yr.hi - yr.lo > min_h) ||
      !isfinite (xr.lo + xr.hi + yr.lo + yr.hi))
    return;
  self->xr = xr;
  self->yr = yr;
  self->hovered = -1;
  invalidate (self);
}

/**
 * seg_map_view_zoom:
 * @factor: above 1 to zoom in
 *
 * Zooms around the middle of the view.
 */
void
seg_map_view_zoom (SegMapView *self,
                   double      factor)
{
  double cx, cy, hw, hh;

  g_return_if_fail (SEG_IS_MAP_VIEW (self));
  g_return_if_fail (factor > 0);

  cx = (self->xr.lo + self->xr.hi) / 2;
  cy = (self->yr.lo + self->yr.hi) / 2;
  hw = (self->xr.hi - self->xr.lo) / 2 / factor;
  hh = (self->yr.hi - self->yr.lo) / 2 / factor;
  set_range (self, (SegRange) { cx - hw, cx + hw }, (SegRange) { cy - hh, cy + hh });
}

/**
 * seg_map_view_pan:
 * @dx: how far to move the view right, as a share of its width
 * @dy: how far to move it up, as a share of its height
 */
void
seg_map_view_pan (SegMapView *self,
                  double      dx,
                  double      dy)
{
  double w, h;

  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->points == NULL)
    return;
  w = (self->xr.hi - self->xr.lo) * dx;
  h = (self->yr.hi - self->yr.lo) * dy;
  set_range (self, (SegRange) { self->xr.lo + w, self->xr.hi + w }, (SegRange) { self->yr.lo + h, self->yr.hi + h });
}

static gboolean
pan_binding (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  double dx, dy;

  g_variant_get (args, "(dd)", &dx, &dy);
  seg_map_view_pan (SEG_MAP_VIEW (widget), dx, dy);
  return TRUE;
}

/* Zooms keeping the data under the pointer where it is. */
static void
zoom_at (SegMapView *self,
         double      factor,
         double      sx,
         double      sy)
{
  double x, y;

  if (!self->have_frame)
    return;
  seg_plot_frame_to_data (&self->frame, sx, sy, &x, &y);
  set_range (self,
             (SegRange) { x - (x - self->xr.lo) / factor, x + (self->xr.hi - x) / factor },
             (SegRange) { y - (y - self->yr.lo) / factor, y + (self->yr.hi - y) / factor });
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SegMapView               *self)
{
  if (self->points == NULL || dy == 0)
    return FALSE;
  zoom_at (self, pow (1.2, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

gssize
seg_map_view_point_at (SegMapView *self,
                       double      x,
                       double      y)
{
  double dx, dy;

  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), -1);

  ensure_cache (self);
  if (self->points == NULL || !self->have_frame || self->index == NULL)
    return -1;
  if (x < self->frame.x || x > self->frame.x + self->frame.width ||
      y < self->frame.y || y > self->frame.y + self->frame.height)
    return -1;
  seg_plot_frame_to_data (&self->frame, x, y, &dx, &dy);
  return seg_point_index_nearest (self->index, dx, dy,
                                  self->frame.width / (self->xr.hi - self->xr.lo),
                                  self->frame.height / (self->yr.hi - self->yr.lo),
                                  HOVER_PIXELS);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SegMapView               *self)
{
  gssize hovered;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->lassoing)
    return;
  hovered = seg_map_view_point_at (self, x, y);
  if (hovered != self->hovered)
    {
      self->hovered = hovered;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          SegMapView               *self)
{
  if (self->hovered >= 0)
    {
      self->hovered = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  SegMapView *self)
{
  gssize i = seg_map_view_point_at (self, x, y);
  g_autoptr(GString) text = NULL;

  if (i < 0)
    return FALSE;

  text = g_string_new (NULL);
  {
    g_autofree char *key = g_markup_escape_text (self->points->keys[i], -1);

    g_string_append_printf (text, "<b>%s</b>", key);
  }
  if (self->points->names != NULL && self->points->names[i][0] != '\0')
    {
      g_autofree char *name = g_markup_escape_text (self->points->names[i], -1);

      g_string_append_printf (text, " · %s", name);
    }
  if (self->points->labels[i] >= 0)
    {
      int c = self->points->labels[i];
      const char *name = self->names != NULL && self->names[c] != NULL ? self->names[c] : NULL;
      g_autofree char *escaped = name != NULL ? g_markup_escape_text (name, -1) : NULL;

      g_string_append_c (text, '\n');
      if (escaped != NULL)
        g_string_append (text, escaped);
      else
        g_string_append_printf (text, _("Cluster %d"), c + 1);
    }
  else
    g_string_append_printf (text, "\n%s", _("Noise: in no cluster"));
  if (isfinite (self->points->silhouette[i]))
    g_string_append_printf (text, "\n%s %.3f", _("Silhouette"), self->points->silhouette[i]);

  gtk_tooltip_set_markup (tooltip, text->str);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SegMapView     *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (self->points == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->lassoing = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;
  self->drag_x = self->xr;
  self->drag_y = self->yr;
  g_array_set_size (self->lasso, 0);
  if (self->lassoing)
    {
      g_array_append_val (self->lasso, x);
      g_array_append_val (self->lasso, y);
    }
  self->hovered = -1;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                SegMapView     *self)
{
  double start_x, start_y;

  if (self->points == NULL || !self->have_frame)
    return;
  gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);

  if (self->lassoing)
    {
      double x = start_x + offset_x, y = start_y + offset_y;
      const double *last = &g_array_index (self->lasso, double, self->lasso->len - 2);

      /* A vertex every two pixels is as fine as a hand draws. */
      if (hypot (x - last[0], y - last[1]) >= 2)
        {
          g_array_append_val (self->lasso, x);
          g_array_append_val (self->lasso, y);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
    }
  else
    {
      double dx = offset_x / self->frame.width * (self->drag_x.hi - self->drag_x.lo);
      double dy = offset_y / self->frame.height * (self->drag_y.hi - self->drag_y.lo);

      set_range (self,
                 (SegRange) { self->drag_x.lo - dx, self->drag_x.hi - dx },
                 (SegRange) { self->drag_y.lo + dy, self->drag_y.hi + dy });
    }
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             SegMapView     *self)
{
  g_autofree double *polygon = NULL;
  guint n;

  if (!self->lassoing)
    return;
  self->lassoing = FALSE;

  n = self->lasso->len / 2;
  if (n < 3 || !self->have_frame)
    {
      /* A click with Shift held: clear the selection. */
      seg_map_view_clear_selection (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  polygon = g_new (double, 2 * n);
  for (guint i = 0; i < n; i++)
    seg_plot_frame_to_data (&self->frame,
                            g_array_index (self->lasso, double, 2 * i),
                            g_array_index (self->lasso, double, 2 * i + 1),
                            &polygon[2 * i], &polygon[2 * i + 1]);
  g_array_set_size (self->lasso, 0);
  seg_map_view_select_polygon (self, polygon, n);
}

static void
on_click (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          SegMapView      *self)
{
  if (n_press == 2)
    seg_map_view_reset_view (self);
}

static void
seg_map_view_dispose (GObject *object)
{
  SegMapView *self = SEG_MAP_VIEW (object);

  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->index, seg_point_index_free);
  g_clear_pointer (&self->points, seg_run_points_free);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->selected, g_free);

  G_OBJECT_CLASS (seg_map_view_parent_class)->dispose (object);
}

static void
seg_map_view_finalize (GObject *object)
{
  SegMapView *self = SEG_MAP_VIEW (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_array_unref (self->lasso);

  G_OBJECT_CLASS (seg_map_view_parent_class)->finalize (object);
}

static void
seg_map_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SegMapView *self = SEG_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_SELECTED:
      g_value_set_uint64 (value, self->n_selected);
      break;
    case PROP_N_POINTS:
      g_value_set_uint64 (value, self->points != NULL ? self->points->n : 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_map_view_class_init (SegMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_map_view_dispose;
  object_class->finalize = seg_map_view_finalize;
  object_class->get_property = seg_map_view_get_property;

  widget_class->snapshot = seg_map_view_snapshot;
  widget_class->measure = seg_map_view_measure;
  widget_class->size_allocate = seg_map_view_size_allocate;

  properties[PROP_N_SELECTED] =
    g_param_spec_uint64 ("n-selected", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_POINTS] =
    g_param_spec_uint64 ("n-points", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "segmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  /* The arrow keys move the view a tenth of its size. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, pan_binding, "(dd)", -0.1, 0.0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, pan_binding, "(dd)", 0.1, 0.0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, pan_binding, "(dd)", 0.0, 0.1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, pan_binding, "(dd)", 0.0, -0.1);
}

static void
seg_map_view_init (SegMapView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->hovered = -1;
  self->lasso = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
seg_map_view_new (void)
{
  return g_object_new (SEG_TYPE_MAP_VIEW, NULL);
}

/**
 * seg_map_view_set_points:
 * @points: (transfer full) (nullable): the rows to show
 * @names: (transfer full) (nullable): a legend name per cluster
 * @title: (nullable): the chart's title
 *
 * Shows a run's rows, the whole map in view and nothing selected.
 */
void
seg_map_view_set_points (SegMapView   *self,
                         SegRunPoints *points,
                         GStrv         names,
                         const char   *title)
{
  SegScatter scatter;

  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  g_clear_pointer (&self->points, seg_run_points_free);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->index, seg_point_index_free);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->y_label, g_free);
  self->points = points;
  self->names = names;
  self->title = g_strdup (title);
  self->n_selected = 0;
  self->hovered = -1;
  self->noise = FALSE;

  if (points != NULL)
    {
      self->index = seg_point_index_new (points->x, points->y, points->n);
      self->selected = g_new0 (guint8, MAX (points->n, 1));
      self->x_label = seg_run_points_axis_label (points, 1);
      self->y_label = seg_run_points_axis_label (points, 2);
      for (gsize i = 0; i < points->n && !self->noise; i++)
        self->noise = points->labels[i] < 0;

      scatter = make_scatter (self);
      seg_scatter_fit (&scatter);
      self->full_x = self->xr = scatter.xr;
      self->full_y = self->yr = scatter.yr;
    }

  {
    g_autofree char *label = points != NULL
                             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Map of %zu row in %u segments",
                                                             "Map of %zu rows in %u segments", points->n),
                                                points->n, points->n_clusters)
                             : g_strdup (_("Segment map"));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }

  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

const SegRunPoints *
seg_map_view_get_points (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), NULL);

  return self->points;
}

void
seg_map_view_reset_view (SegMapView *self)
{
  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->points != NULL)
    set_range (self, self->full_x, self->full_y);
}

void
seg_map_view_get_range (SegMapView *self,
                        SegRange   *xr,
                        SegRange   *yr)
{
  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  *xr = self->xr;
  *yr = self->yr;
}

/**
 * seg_map_view_get_frame:
 * @frame: (out): where the data area is, in widget coordinates
 *
 * Returns: whether the view has been laid out with points to show
 */
gboolean
seg_map_view_get_frame (SegMapView   *self,
                        SegPlotFrame *frame)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), FALSE);

  ensure_cache (self);
  if (!self->have_frame)
    return FALSE;
  *frame = self->frame;
  return TRUE;
}

static void
selection_changed (SegMapView *self,
                   gsize       n_selected)
{
  self->n_selected = n_selected;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

/**
 * seg_map_view_select_polygon:
 * @polygon: (array length=n_vertices): (x, y) pairs in data coordinates
 *
 * Selects the points inside a lasso, in place of what was selected.
 *
 * Returns: how many points are selected
 */
gsize
seg_map_view_select_polygon (SegMapView   *self,
                             const double *polygon,
                             gsize         n_vertices)
{
  SegScatter scatter;

  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), 0);

  if (self->points == NULL)
    return 0;
  scatter = make_scatter (self);
  selection_changed (self, seg_scatter_select_polygon (&scatter, polygon, n_vertices, self->selected));
  return self->n_selected;
}

/**
 * seg_map_view_select_cluster:
 * @cluster: from 0, or -1 for the noise
 *
 * Selects every row of one cluster.
 */
void
seg_map_view_select_cluster (SegMapView *self,
                             int         cluster)
{
  gsize count = 0;

  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->points == NULL)
    return;
  for (gsize i = 0; i < self->points->n; i++)
    {
      self->selected[i] = (self->points->labels[i] < 0 ? -1 : self->points->labels[i]) == cluster;
      count += self->selected[i];
    }
  selection_changed (self, count);
}

/**
 * seg_map_view_select_keys:
 * @keys: (array zero-terminated=1): the keys of the rows to select
 *
 * Selects the rows named by @keys, such as a saved segment's customers,
 * in place of what was selected.
 *
 * Returns: how many points are selected
 */
gsize
seg_map_view_select_keys (SegMapView        *self,
                          const char *const *keys)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  gsize count = 0;

  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), 0);

  if (self->points == NULL)
    return 0;
  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_add (wanted, (gpointer) keys[i]);
  for (gsize i = 0; i < self->points->n; i++)
    {
      self->selected[i] = self->points->keys[i] != NULL && g_hash_table_contains (wanted, self->points->keys[i]);
      count += self->selected[i];
    }
  selection_changed (self, count);
  return count;
}

void
seg_map_view_clear_selection (SegMapView *self)
{
  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->points == NULL || self->n_selected == 0)
    return;
  memset (self->selected, 0, self->points->n);
  selection_changed (self, 0);
}

gsize
seg_map_view_get_n_selected (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), 0);

  return self->n_selected;
}

/**
 * seg_map_view_get_selection:
 *
 * Returns: (nullable): a flag per point, non-zero where selected
 */
const guint8 *
seg_map_view_get_selection (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), NULL);

  return self->selected;
}

static void
draw_for_export (cairo_t  *cr,
                 double    width,
                 double    height,
                 gpointer  data)
{
  SegScatter *scatter = data;

  seg_scatter_draw (cr, scatter, width, height, NULL);
}

/**
 * seg_map_view_export:
 * @path: a .png, .svg or .pdf file
 *
 * Writes the chart as it is in view, at the widget's size or larger.
 */
gboolean
seg_map_view_export (SegMapView  *self,
                     const char  *path,
                     GError     **error)
{
  SegScatter scatter;
  double width, height;

  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (self->points != NULL, FALSE);

  scatter = make_scatter (self);
  width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 900);
  height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 600);
  return seg_plot_export (path, width, height, draw_for_export, &scatter, error);
}
