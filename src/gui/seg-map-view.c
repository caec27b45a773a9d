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
  guint8          *hidden;         /* n_clusters + 1, the last for noise */

  /* Two columns in place of the map's components: NULL for the map. */
  double          *axis_x;
  double          *axis_y;
  gboolean         x_log;
  gboolean         y_log;

  SegMapTool       tool;
  SegSelectMode    mode;
  gboolean         show_legend;
  gboolean         density;        /* whether the last paint drew density */

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

  /* Dragging: panning from where the drag began, or a lasso or a
   * rectangle and what it does to the selection. */
  gboolean         lassoing;
  gboolean         rectangle;
  SegSelectMode    drag_mode;
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
  PROP_TOOL,
  PROP_SELECT_MODE,
  PROP_SHOW_LEGEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  VISIBILITY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegMapView, seg_map_view, GTK_TYPE_WIDGET)
G_DEFINE_ENUM_TYPE (SegMapTool, seg_map_tool,
  G_DEFINE_ENUM_VALUE (SEG_MAP_TOOL_PAN, "pan"),
  G_DEFINE_ENUM_VALUE (SEG_MAP_TOOL_LASSO, "lasso"),
  G_DEFINE_ENUM_VALUE (SEG_MAP_TOOL_RECTANGLE, "rectangle"))
G_DEFINE_ENUM_TYPE (SegSelectMode, seg_select_mode,
  G_DEFINE_ENUM_VALUE (SEG_SELECT_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (SEG_SELECT_ADD, "add"),
  G_DEFINE_ENUM_VALUE (SEG_SELECT_SUBTRACT, "subtract"))

static guint
hidden_slot (SegMapView *self,
             int         cluster)
{
  return cluster < 0 || (guint) cluster >= self->points->n_clusters ? self->points->n_clusters : (guint) cluster;
}

static void
invalidate (SegMapView *self)
{
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static SegScatter
make_scatter (SegMapView *self)
{
  gboolean map = self->axis_x == NULL;

  return (SegScatter) {
    .n = self->points->n,
    .x = map ? self->points->x : self->axis_x,
    .y = map ? self->points->y : self->axis_y,
    .labels = self->points->labels,
    .selected = self->n_selected > 0 ? self->selected : NULL,
    .n_clusters = self->points->n_clusters,
    .names = (const char *const *) self->names,
    .noise_name = self->noise ? _("Noise") : NULL,
    /* The centres are on the map, not on other axes. */
    .centroids = map ? self->points->centroids : NULL,
    .axes = { self->title, self->x_label, self->y_label, NULL, FALSE, self->x_log, self->y_log },
    .xr = self->xr,
    .yr = self->yr,
    .legend = self->names != NULL && self->show_legend,
    .hidden = self->hidden,
    .colors = self->points->colors,
    .drew_density = &self->density,
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
  gssize found;

  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), -1);

  ensure_cache (self);
  if (self->points == NULL || !self->have_frame || self->index == NULL)
    return -1;
  if (x < self->frame.x || x > self->frame.x + self->frame.width ||
      y < self->frame.y || y > self->frame.y + self->frame.height)
    return -1;
  seg_plot_frame_to_data (&self->frame, x, y, &dx, &dy);
  found = seg_point_index_nearest (self->index, dx, dy,
                                   self->frame.width / (self->xr.hi - self->xr.lo),
                                   self->frame.height / (self->yr.hi - self->yr.lo),
                                   HOVER_PIXELS);
  /* A hidden cluster's points are not there to point at. */
  if (found >= 0 && self->hidden[hidden_slot (self, self->points->labels[found])])
    return -1;
  return found;
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
  g_string_append_printf (text, "\n<small>%s</small>", _("Double-click for the customer’s page"));

  gtk_tooltip_set_markup (tooltip, text->str);
  return TRUE;
}

/**
 * seg_select_mode_for_modifiers:
 * @state: the modifiers held
 * @fallback: the mode without Shift or Ctrl
 *
 * What a gesture does to the selection: Shift adds, Ctrl takes away, and
 * without either the mode chosen on the toolbar holds.
 */
SegSelectMode
seg_select_mode_for_modifiers (GdkModifierType state,
                               SegSelectMode   fallback)
{
  if (state & GDK_SHIFT_MASK)
    return SEG_SELECT_ADD;
  if (state & GDK_CONTROL_MASK)
    return SEG_SELECT_SUBTRACT;
  return fallback;
}

static SegSelectMode
mode_for_state (SegMapView      *self,
                GdkModifierType  state)
{
  return seg_select_mode_for_modifiers (state, self->mode);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SegMapView     *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gboolean modified = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;

  if (self->points == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  /* With the hand, a modifier still draws a lasso. */
  self->lassoing = self->tool != SEG_MAP_TOOL_PAN || modified;
  self->rectangle = self->tool == SEG_MAP_TOOL_RECTANGLE;
  self->drag_mode = mode_for_state (self, state);
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

  if (self->lassoing && self->rectangle)
    {
      double corners[8] = { start_x, start_y, start_x + offset_x, start_y,
                            start_x + offset_x, start_y + offset_y, start_x, start_y + offset_y };

      g_array_set_size (self->lasso, 0);
      g_array_append_vals (self->lasso, corners, 8);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->lassoing)
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
  /* A click rather than a drag is for the click gesture. */
  if (n < 3 || !self->have_frame || hypot (offset_x, offset_y) < 3)
    {
      g_array_set_size (self->lasso, 0);
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
  seg_map_view_select (self, polygon, n, self->drag_mode);
}

/**
 * seg_map_view_activate_point:
 * @index: a point, as numbered in the points shown
 *
 * Opens the page of the customer the point stands for.
 *
 * Returns: whether the point has a key to open
 */
gboolean
seg_map_view_activate_point (SegMapView *self,
                             gsize       index)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), FALSE);

  if (self->points == NULL || self->points->keys == NULL || index >= self->points->n ||
      self->points->keys[index] == NULL || self->points->keys[index][0] == '\0')
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "s", self->points->keys[index]);
}

/* A double-click on a point opens its customer; beside every point, it
 * shows the whole map again. */
static void
on_click (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          SegMapView      *self)
{
  gssize i;

  if (n_press != 2)
    return;
  i = self->points != NULL ? seg_map_view_point_at (self, x, y) : -1;
  if (i < 0 || !seg_map_view_activate_point (self, i))
    seg_map_view_reset_view (self);
}

/* A click on a point selects its whole segment; a click beside every
 * point, replacing, selects nothing. With the hand it takes a modifier,
 * as a plain click there is the start of a pan. */
static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   SegMapView      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  SegSelectMode mode = mode_for_state (self, state);
  gssize i;

  if (n_press != 1 || self->points == NULL)
    return;
  if (self->tool == SEG_MAP_TOOL_PAN && (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) == 0)
    return;
  i = seg_map_view_point_at (self, x, y);
  if (i >= 0)
    seg_map_view_select_cluster_with (self, self->points->labels[i] < 0 ? -1 : self->points->labels[i], mode);
  else if (mode == SEG_SELECT_REPLACE)
    seg_map_view_clear_selection (self);
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
  g_clear_pointer (&self->hidden, g_free);
  g_clear_pointer (&self->axis_x, g_free);
  g_clear_pointer (&self->axis_y, g_free);

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
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_SELECT_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->show_legend);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_map_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SegMapView *self = SEG_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      seg_map_view_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_SELECT_MODE:
      seg_map_view_set_select_mode (self, g_value_get_enum (value));
      break;
    case PROP_SHOW_LEGEND:
      if (self->show_legend != g_value_get_boolean (value))
        {
          self->show_legend = g_value_get_boolean (value);
          invalidate (self);
          g_object_notify_by_pspec (object, pspec);
        }
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
  object_class->set_property = seg_map_view_set_property;

  widget_class->snapshot = seg_map_view_snapshot;
  widget_class->measure = seg_map_view_measure;
  widget_class->size_allocate = seg_map_view_size_allocate;

  properties[PROP_N_SELECTED] =
    g_param_spec_uint64 ("n-selected", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_POINTS] =
    g_param_spec_uint64 ("n-points", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, SEG_TYPE_MAP_TOOL, SEG_MAP_TOOL_PAN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECT_MODE] =
    g_param_spec_enum ("select-mode", NULL, NULL, SEG_TYPE_SELECT_MODE, SEG_SELECT_REPLACE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_LEGEND] =
    g_param_spec_boolean ("show-legend", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegMapView::visibility-changed:
   *
   * A cluster was hidden or shown, or new points came with all shown.
   */
  signals[VISIBILITY_CHANGED] =
    g_signal_new ("visibility-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

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
  self->show_legend = TRUE;
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
  g_signal_connect (gesture, "released", G_CALLBACK (on_click_released), self);
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
  g_clear_pointer (&self->hidden, g_free);
  g_clear_pointer (&self->axis_x, g_free);
  g_clear_pointer (&self->axis_y, g_free);
  self->x_log = self->y_log = FALSE;
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
      self->hidden = g_new0 (guint8, points->n_clusters + 1);
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
                             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Map of %'zu row in %'u segments",
                                                             "Map of %'zu rows in %'u segments", points->n),
                                                points->n, points->n_clusters)
                             : g_strdup (_("Segment map"));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }

  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
  g_signal_emit (self, signals[VISIBILITY_CHANGED], 0);
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
 * seg_map_view_select:
 * @polygon: (array length=n_vertices): (x, y) pairs in data coordinates
 * @mode: whether the points inside replace the selection, join it or
 *   leave it
 *
 * Selects the points of the shown clusters inside a lasso.
 *
 * Returns: how many points are selected
 */
gsize
seg_map_view_select (SegMapView    *self,
                     const double  *polygon,
                     gsize          n_vertices,
                     SegSelectMode  mode)
{
  SegScatter scatter;

  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), 0);

  if (self->points == NULL)
    return 0;
  scatter = make_scatter (self);
  selection_changed (self, seg_point_index_select (self->index, &scatter, polygon, n_vertices, mode,
                                                   self->selected, self->n_selected));
  return self->n_selected;
}

/**
 * seg_map_view_select_polygon:
 * @polygon: (array length=n_vertices): (x, y) pairs in data coordinates
 *
 * Selects the points inside a lasso the way the mode chosen says.
 *
 * Returns: how many points are selected
 */
gsize
seg_map_view_select_polygon (SegMapView   *self,
                             const double *polygon,
                             gsize         n_vertices)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), 0);

  return seg_map_view_select (self, polygon, n_vertices, self->mode);
}

/**
 * seg_map_view_select_rectangle:
 *
 * Selects the points between two corners, in data coordinates.
 *
 * Returns: how many points are selected
 */
gsize
seg_map_view_select_rectangle (SegMapView    *self,
                               double         x0,
                               double         y0,
                               double         x1,
                               double         y1,
                               SegSelectMode  mode)
{
  double corners[8] = { x0, y0, x1, y0, x1, y1, x0, y1 };

  return seg_map_view_select (self, corners, 4, mode);
}

/**
 * seg_map_view_select_cluster_with:
 * @cluster: from 0, or -1 for the noise
 * @mode: whether the cluster replaces the selection, joins it or leaves it
 *
 * Returns: how many points are selected
 */
gsize
seg_map_view_select_cluster_with (SegMapView    *self,
                                  int            cluster,
                                  SegSelectMode  mode)
{
  gsize count;

  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), 0);

  if (self->points == NULL)
    return 0;
  if (!seg_map_view_get_cluster_visible (self, cluster))
    return self->n_selected;
  if (mode == SEG_SELECT_REPLACE)
    memset (self->selected, 0, self->points->n);
  count = mode == SEG_SELECT_REPLACE ? 0 : self->n_selected;
  for (gsize i = 0; i < self->points->n; i++)
    {
      gboolean in = (self->points->labels[i] < 0 ? -1 : self->points->labels[i]) == cluster;

      if (!in || (mode == SEG_SELECT_SUBTRACT) != (self->selected[i] != 0))
        continue;
      self->selected[i] = mode != SEG_SELECT_SUBTRACT;
      if (mode == SEG_SELECT_SUBTRACT)
        count--;
      else
        count++;
    }
  selection_changed (self, count);
  return count;
}

/**
 * seg_map_view_select_cluster:
 * @cluster: from 0, or -1 for the noise
 *
 * Selects every row of one cluster, in place of what was selected.
 */
void
seg_map_view_select_cluster (SegMapView *self,
                             int         cluster)
{
  seg_map_view_select_cluster_with (self, cluster, SEG_SELECT_REPLACE);
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
  /* A file has no legend beside it: it draws its own. */
  scatter.legend = self->names != NULL;
  scatter.drew_density = NULL;
  width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 900);
  height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 600);
  return seg_plot_export (path, width, height, draw_for_export, &scatter, error);
}

SegSelectMode
seg_map_view_get_select_mode (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), SEG_SELECT_REPLACE);

  return self->mode;
}

/**
 * seg_map_view_set_select_mode:
 *
 * What a lasso, a rectangle or a click does without Shift or Ctrl: for
 * touchpads and touch screens, where holding a key while dragging is
 * awkward.
 */
void
seg_map_view_set_select_mode (SegMapView    *self,
                              SegSelectMode  mode)
{
  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECT_MODE]);
}

SegMapTool
seg_map_view_get_tool (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), SEG_MAP_TOOL_PAN);

  return self->tool;
}

void
seg_map_view_set_tool (SegMapView *self,
                       SegMapTool  tool)
{
  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->tool == tool)
    return;
  self->tool = tool;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), tool == SEG_MAP_TOOL_PAN ? NULL : "crosshair");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

/**
 * seg_map_view_get_cluster_visible:
 * @cluster: from 0, or -1 for the noise
 */
gboolean
seg_map_view_get_cluster_visible (SegMapView *self,
                                  int         cluster)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), FALSE);

  return self->points != NULL && !self->hidden[hidden_slot (self, cluster)];
}

/**
 * seg_map_view_set_cluster_visible:
 * @cluster: from 0, or -1 for the noise
 *
 * Hides a cluster's points or shows them again. Hidden points are not
 * drawn and cannot be selected: those selected leave the selection.
 */
void
seg_map_view_set_cluster_visible (SegMapView *self,
                                  int         cluster,
                                  gboolean    visible)
{
  guint slot;

  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->points == NULL)
    return;
  slot = hidden_slot (self, cluster);
  if (!self->hidden[slot] == !!visible)
    return;
  self->hidden[slot] = !visible;
  self->hovered = -1;
  if (!visible && self->n_selected > 0)
    {
      gsize count = self->n_selected;

      for (gsize i = 0; i < self->points->n; i++)
        if (self->selected[i] && hidden_slot (self, self->points->labels[i]) == slot)
          {
            self->selected[i] = 0;
            count--;
          }
      selection_changed (self, count);
    }
  invalidate (self);
  /* A tooltip may be up about a point that is gone. */
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  g_signal_emit (self, signals[VISIBILITY_CHANGED], 0);
}

/**
 * seg_map_view_get_has_noise:
 *
 * Returns: whether some rows are in no cluster
 */
gboolean
seg_map_view_get_has_noise (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), FALSE);

  return self->noise;
}

/**
 * seg_map_view_get_names:
 *
 * Returns: (nullable) (transfer none): the legend's name of each cluster
 */
const char * const *
seg_map_view_get_names (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), NULL);

  return (const char * const *) self->names;
}

/**
 * seg_map_view_cluster_color:
 * @cluster: from 0, or -1 for the noise
 * @color: (out): the colour the map gives it
 */
void
seg_map_view_cluster_color (SegMapView *self,
                            int         cluster,
                            SegColor   *color)
{
  g_return_if_fail (SEG_IS_MAP_VIEW (self));

  if (self->points != NULL)
    {
      SegScatter scatter = make_scatter (self);

      seg_scatter_color (&scatter, cluster, color);
    }
  else
    seg_plot_cluster_color (cluster, color);
}

/**
 * seg_map_view_set_axes:
 * @x: (transfer full) (nullable): a value per point across, or NULL for
 *   the map's components
 * @y: (transfer full) (nullable): a value per point up
 * @x_log: whether @x holds base-10 logarithms
 *
 * Shows the points over two columns instead of the map, all in view.
 * The selection stays.
 */
void
seg_map_view_set_axes (SegMapView *self,
                       double     *x,
                       double     *y,
                       const char *x_label,
                       const char *y_label,
                       gboolean    x_log,
                       gboolean    y_log)
{
  SegScatter scatter;

  g_return_if_fail (SEG_IS_MAP_VIEW (self));
  g_return_if_fail ((x == NULL) == (y == NULL));

  g_clear_pointer (&self->axis_x, g_free);
  g_clear_pointer (&self->axis_y, g_free);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->y_label, g_free);
  g_clear_pointer (&self->index, seg_point_index_free);
  if (self->points == NULL)
    {
      g_free (x);
      g_free (y);
      return;
    }
  self->axis_x = x;
  self->axis_y = y;
  self->x_log = x != NULL && x_log;
  self->y_log = y != NULL && y_log;
  if (x != NULL)
    {
      self->x_label = g_strdup (x_label);
      self->y_label = g_strdup (y_label);
    }
  else
    {
      self->x_label = seg_run_points_axis_label (self->points, 1);
      self->y_label = seg_run_points_axis_label (self->points, 2);
    }
  scatter = make_scatter (self);
  self->index = seg_point_index_new (scatter.x, scatter.y, self->points->n);
  seg_scatter_fit (&scatter);
  self->full_x = self->xr = scatter.xr;
  self->full_y = self->yr = scatter.yr;
  self->hovered = -1;
  invalidate (self);
}

/**
 * seg_map_view_get_density:
 *
 * Returns: whether the map as last drawn showed the density of points
 *   rather than dots
 */
gboolean
seg_map_view_get_density (SegMapView *self)
{
  g_return_val_if_fail (SEG_IS_MAP_VIEW (self), FALSE);

  ensure_cache (self);
  return self->density;
}
