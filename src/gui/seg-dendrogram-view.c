/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-dendrogram-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "seg-plot.h"
#include "seg-run-axes.h"

/*
 * The tree of a hierarchical run, its top merges drawn as a dendrogram,
 * with the cut across it. Dragging the cut (or Up and Down) shows how
 * many segments a cut at that height makes; letting go (or Enter) asks
 * for that many, as a new run of the same model, data and parameters.
 *
 * A new run rather than labels recomputed in place: the labels, the
 * profiles, the silhouettes and the result table of a run always belong
 * together and say how they were made, and the run before stays there to
 * go back to.
 */

/* The tree is drawn down to this many branches. */
#define MAX_LEAVES 40
/* Cuts make between 2 and this many segments. */
#define MAX_K 30

struct _SegDendrogramView
{
  GtkWidget     parent_instance;

  SegProject   *project;
  gint64        run;
  guint         run_k;     /* the segments the run has */
  GArray       *merges;    /* of SegMerge */
  gsize         n;         /* rows */
  guint         k;         /* the segments of the cut shown */
  int32_t      *segment;   /* per node: the run's segment of all its rows,
                            * -1 when they are in several */
  guint        *colors;    /* the map's palette slot per segment */
  guint         n_colors;
  double        cut;       /* its height */
  gboolean      dragging;

  SegPlotFrame  frame;
  gboolean      have_frame;
};

enum {
  PROP_0,
  PROP_K,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CUT_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegDendrogramView, seg_dendrogram_view, GTK_TYPE_WIDGET)

static double
merge_height (SegDendrogramView *self,
              gsize              i)
{
  return g_array_index (self->merges, SegMerge, i).height;
}

static guint
max_k (SegDendrogramView *self)
{
  return (guint) MIN ((gsize) MAX_K, self->n);
}

/* The segments a cut at @height makes: one, and one more for every merge
 * above it. */
static guint
k_at (SegDendrogramView *self,
      double             height)
{
  guint above = 0;

  for (gsize i = self->merges->len; i-- > 0 && merge_height (self, i) > height;)
    above++;
  return CLAMP (above + 1, 2, max_k (self));
}

/* A height that cuts into @k: between the merge that would make k − 1
 * and the one before. */
static double
height_for (SegDendrogramView *self,
            guint              k)
{
  gsize m = self->merges->len;
  double upper, lower;

  k = CLAMP (k, 2, max_k (self));
  upper = merge_height (self, m - (k - 1));
  lower = m >= k ? merge_height (self, m - k) : 0;
  return (upper + lower) / 2;
}

static void
set_cut (SegDendrogramView *self,
         double             height)
{
  guint k;

  if (self->merges == NULL)
    return;
  height = CLAMP (height, 0, merge_height (self, self->merges->len - 1));
  k = k_at (self, height);
  self->cut = height;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (k != self->k)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Tree of merges, cut into %u segment",
                                                             "Tree of merges, cut into %u segments", k), k);

      self->k = k;
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_K]);
    }
}

/* Lays the top of the tree out: x of every node from the order of the
 * leaves, drawn recursively from the root. */
typedef struct
{
  SegDendrogramView *self;
  gint64             first_top;  /* the first node drawn as a merge */
  double            *x;          /* per node from first_top, and leaves */
  GHashTable        *leaf_x;     /* node → x + 1 for leaves */
  guint              next_leaf;
} Layout;

static double
place (Layout *layout,
       gint64  node)
{
  gint64 n = (gint64) layout->self->n;

  if (node >= layout->first_top)
    {
      const SegMerge *merge = &g_array_index (layout->self->merges, SegMerge, node - n);
      double a = place (layout, merge->a), b = place (layout, merge->b);

      layout->x[node - layout->first_top] = (a + b) / 2;
      return (a + b) / 2;
    }
  g_hash_table_insert (layout->leaf_x, GINT_TO_POINTER ((int) node), GUINT_TO_POINTER (layout->next_leaf + 1));
  return layout->next_leaf++;
}

static double
node_height (SegDendrogramView *self,
             gint64             node)
{
  return node >= (gint64) self->n ? merge_height (self, (gsize) (node - (gint64) self->n)) : 0;
}

/* A branch whose rows are all in one of the run's segments takes its
 * colour on the map; one that joins segments is grey. */
static void
branch_color (SegDendrogramView *self,
              cairo_t           *cr,
              gint64             node)
{
  int segment = seg_dendrogram_view_get_node_segment (self, node);
  SegColor color;

  if (segment < 0)
    {
      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      return;
    }
  seg_plot_cluster_color (self->colors != NULL && (guint) segment < self->n_colors
                          ? (int) self->colors[segment] : segment, &color);
  cairo_set_source_rgb (cr, color.r, color.g, color.b);
}

static void
draw (SegDendrogramView *self,
      cairo_t           *cr,
      int                width,
      int                height)
{
  gsize m = self->merges->len;
  guint leaves = (guint) MIN ((gsize) MAX_LEAVES, self->n);
  g_autofree char *x_label = NULL;
  SegAxes axes = { NULL, NULL, _("Merge distance"), NULL, FALSE };
  Layout layout = { self, 0, NULL, NULL, 0 };
  double top = merge_height (self, m - 1);
  double cut_y;

  x_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The top %u branch of the tree",
                                          "The top %u branches of the tree", leaves), leaves);
  axes.x_label = x_label;
  axes.title = _("Drag the cut to choose how many segments");
  axes.no_x_ticks = TRUE;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  memset (&self->frame, 0, sizeof self->frame);
  self->frame.xr = (SegRange) { -0.5, leaves - 0.5 };
  self->frame.yr = (SegRange) { 0, top > 0 ? top * 1.05 : 1 };
  seg_plot_layout (&self->frame, cr, &axes, width, height, 0);
  self->have_frame = TRUE;
  seg_plot_draw_axes (cr, &self->frame, &axes);

  /* The top leaves − 1 merges are drawn; the nodes below them are the
   * branches' ends. */
  layout.first_top = (gint64) self->n + (gint64) (m - (leaves - 1));
  layout.x = g_new0 (double, leaves);
  layout.leaf_x = g_hash_table_new (NULL, NULL);
  place (&layout, (gint64) self->n + (gint64) m - 1);

  cairo_save (cr);
  cairo_rectangle (cr, self->frame.x, self->frame.y, self->frame.width, self->frame.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.5);
  for (gint64 node = layout.first_top; node < (gint64) self->n + (gint64) m; node++)
    {
      const SegMerge *merge = &g_array_index (self->merges, SegMerge, node - (gint64) self->n);
      double h = merge->height;
      double xa, xb;
      gint64 ends[2] = { merge->a, merge->b };
      double xs[2];

      for (int e = 0; e < 2; e++)
        xs[e] = ends[e] >= layout.first_top
                ? layout.x[ends[e] - layout.first_top]
                : GPOINTER_TO_UINT (g_hash_table_lookup (layout.leaf_x, GINT_TO_POINTER ((int) ends[e]))) - 1.0;
      xa = seg_plot_frame_sx (&self->frame, xs[0]);
      xb = seg_plot_frame_sx (&self->frame, xs[1]);
      branch_color (self, cr, node);
      cairo_move_to (cr, xa, seg_plot_frame_sy (&self->frame, node_height (self, ends[0])));
      cairo_line_to (cr, xa, seg_plot_frame_sy (&self->frame, h));
      cairo_line_to (cr, xb, seg_plot_frame_sy (&self->frame, h));
      cairo_line_to (cr, xb, seg_plot_frame_sy (&self->frame, node_height (self, ends[1])));
      cairo_stroke (cr);
    }
  /* The branches' ends, as wide as the rows they hold. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, layout.leaf_x);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        gint64 node = GPOINTER_TO_INT (key);
        double x = seg_plot_frame_sx (&self->frame, GPOINTER_TO_UINT (value) - 1.0);
        double y = seg_plot_frame_sy (&self->frame, node_height (self, node));

        branch_color (self, cr, node);
        cairo_move_to (cr, x, y);
        cairo_line_to (cr, x, self->frame.y + self->frame.height);
        cairo_stroke (cr);
      }
  }
  cairo_restore (cr);

  /* The cut, with how many segments it makes. */
  cut_y = round (seg_plot_frame_sy (&self->frame, self->cut)) + 0.5;
  cairo_set_source_rgb (cr, 0.85, 0.25, 0.20);
  cairo_set_line_width (cr, self->dragging ? 3 : 2);
  cairo_move_to (cr, self->frame.x, cut_y);
  cairo_line_to (cr, self->frame.x + self->frame.width, cut_y);
  cairo_stroke (cr);
  {
    g_autofree char *text = NULL;

    if (self->k == self->run_k)
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u segment, as shown", "%u segments, as shown", self->k),
                              self->k);
    else
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u segment: let go to run it", "%u segments: let go to run them",
                                           self->k), self->k);
    seg_plot_draw_text (cr, text, self->frame.x + self->frame.width - 6, cut_y - 4, 1.0, 1.0, TRUE);
  }

  g_hash_table_unref (layout.leaf_x);
  g_free (layout.x);
}

static void
seg_dendrogram_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  SegDendrogramView *self = SEG_DENDROGRAM_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->merges == NULL || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

/* The frame as the next paint will lay it out, for pointer positions. */
static gboolean
ensure_frame (SegDendrogramView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_surface_t *surface;
  cairo_t *cr;

  if (self->merges == NULL || width <= 0 || height <= 0)
    return FALSE;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  draw (self, cr, width, height);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return self->have_frame;
}

/**
 * seg_dendrogram_view_get_cut_y:
 * @y: (out): where a cut at @height is, in widget coordinates
 *
 * Returns: whether the view has a tree laid out
 */
gboolean
seg_dendrogram_view_get_cut_y (SegDendrogramView *self,
                               double             height,
                               double            *y)
{
  g_return_val_if_fail (SEG_IS_DENDROGRAM_VIEW (self), FALSE);

  if (!ensure_frame (self))
    return FALSE;
  *y = seg_plot_frame_sy (&self->frame, height);
  return TRUE;
}

static void
cut_at_y (SegDendrogramView *self,
          double             y)
{
  double x, h;

  if (!self->have_frame && !ensure_frame (self))
    return;
  seg_plot_frame_to_data (&self->frame, self->frame.x, y, &x, &h);
  set_cut (self, h);
}

static void
on_drag_begin (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               SegDendrogramView *self)
{
  if (self->merges == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->dragging = TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  cut_at_y (self, y);
}

static void
on_drag_update (GtkGestureDrag    *gesture,
                double             offset_x,
                double             offset_y,
                SegDendrogramView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  cut_at_y (self, y + offset_y);
}

static void
on_drag_end (GtkGestureDrag    *gesture,
             double             offset_x,
             double             offset_y,
             SegDendrogramView *self)
{
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  seg_dendrogram_view_apply (self);
}

static gboolean
step_binding (GtkWidget *widget,
              GVariant  *args,
              gpointer   data)
{
  SegDendrogramView *self = SEG_DENDROGRAM_VIEW (widget);
  int step = g_variant_get_int32 (args);

  if (self->merges != NULL)
    seg_dendrogram_view_set_k (self, (guint) CLAMP ((int) self->k + step, 2, (int) max_k (self)));
  return TRUE;
}

static gboolean
apply_binding (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  seg_dendrogram_view_apply (SEG_DENDROGRAM_VIEW (widget));
  return TRUE;
}

static void
seg_dendrogram_view_measure (GtkWidget      *widget,
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
seg_dendrogram_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  SEG_DENDROGRAM_VIEW (widget)->have_frame = FALSE;
}

static void
seg_dendrogram_view_dispose (GObject *object)
{
  SegDendrogramView *self = SEG_DENDROGRAM_VIEW (object);

  g_clear_object (&self->project);
  g_clear_pointer (&self->merges, g_array_unref);
  g_clear_pointer (&self->segment, g_free);
  g_clear_pointer (&self->colors, g_free);

  G_OBJECT_CLASS (seg_dendrogram_view_parent_class)->dispose (object);
}

static void
seg_dendrogram_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SegDendrogramView *self = SEG_DENDROGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_K:
      g_value_set_uint (value, self->k);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_dendrogram_view_class_init (SegDendrogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_dendrogram_view_dispose;
  object_class->get_property = seg_dendrogram_view_get_property;
  widget_class->snapshot = seg_dendrogram_view_snapshot;
  widget_class->measure = seg_dendrogram_view_measure;
  widget_class->size_allocate = seg_dendrogram_view_size_allocate;

  /**
   * SegDendrogramView:k:
   *
   * The segments the cut shown makes.
   */
  properties[PROP_K] =
    g_param_spec_uint ("k", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegDendrogramView::cut-chosen:
   * @k: the segments the cut makes
   *
   * The cut was let go where it makes another number of segments than
   * the run has.
   */
  signals[CUT_CHOSEN] =
    g_signal_new ("cut-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "segdendrogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
  /* Up cuts higher, into fewer segments; Down lower, into more. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, step_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, step_binding, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, 0, apply_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, 0, apply_binding, NULL);
}

static void
seg_dendrogram_view_init (SegDendrogramView *self)
{
  GtkGesture *gesture = gtk_gesture_drag_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Drag the red line, or press Up and Down, to choose how many segments; "
                                 "let go, or press Enter, to find them"));
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
seg_dendrogram_view_new (void)
{
  return g_object_new (SEG_TYPE_DENDROGRAM_VIEW, NULL);
}

/**
 * seg_dendrogram_view_set_run:
 * @project: (nullable): the run's project
 * @run: a hierarchical run, or 0 for none
 * @k: the segments the run has
 *
 * Shows the run's tree cut where the run cut it.
 *
 * Returns: whether there is a tree to show; if not, @error says why
 */
gboolean
seg_dendrogram_view_set_run (SegDendrogramView  *self,
                             SegProject         *project,
                             gint64              run,
                             const SegRunPoints *points,
                             GError            **error)
{
  g_return_val_if_fail (SEG_IS_DENDROGRAM_VIEW (self), FALSE);

  g_clear_pointer (&self->merges, g_array_unref);
  g_clear_pointer (&self->segment, g_free);
  g_clear_pointer (&self->colors, g_free);
  g_set_object (&self->project, project);
  self->run = run;
  self->run_k = points != NULL ? points->n_clusters : 0;
  self->k = 0;
  self->have_frame = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (project == NULL || run <= 0 || points == NULL)
    return FALSE;
  self->merges = seg_project_load_run_merges (project, run, &self->n, error);
  if (self->merges != NULL && self->merges->len < 2)
    g_clear_pointer (&self->merges, g_array_unref);
  if (self->merges == NULL)
    return FALSE;

  /* The rows of the tree are the rows of the map, in the same order:
   * each node is in one segment when both its halves are. */
  if (points->n == self->n)
    {
      self->segment = g_new (int32_t, 2 * self->n - 1);
      for (gsize i = 0; i < self->n; i++)
        self->segment[i] = points->labels[i];
      for (guint i = 0; i < self->merges->len; i++)
        {
          const SegMerge *merge = &g_array_index (self->merges, SegMerge, i);
          int32_t a = self->segment[merge->a], b = self->segment[merge->b];

          self->segment[self->n + i] = a == b ? a : -1;
        }
      if (points->colors != NULL)
        {
          self->colors = g_memdup2 (points->colors, points->n_clusters * sizeof (guint));
          self->n_colors = points->n_clusters;
        }
    }
  set_cut (self, height_for (self, self->run_k));
  return TRUE;
}

/**
 * seg_dendrogram_view_get_node_segment:
 * @node: a row from 0, or n + i for the node merge i made
 *
 * Returns: the run's segment of all the node's rows, from 0, or -1 when
 *   they are in several or the view does not know
 */
int
seg_dendrogram_view_get_node_segment (SegDendrogramView *self,
                                      gint64             node)
{
  g_return_val_if_fail (SEG_IS_DENDROGRAM_VIEW (self), -1);

  if (self->segment == NULL || node < 0 || node >= (gint64) (2 * self->n - 1))
    return -1;
  return self->segment[node];
}

guint
seg_dendrogram_view_get_k (SegDendrogramView *self)
{
  g_return_val_if_fail (SEG_IS_DENDROGRAM_VIEW (self), 0);

  return self->k;
}

guint
seg_dendrogram_view_get_run_k (SegDendrogramView *self)
{
  g_return_val_if_fail (SEG_IS_DENDROGRAM_VIEW (self), 0);

  return self->run_k;
}

gint64
seg_dendrogram_view_get_run (SegDendrogramView *self)
{
  g_return_val_if_fail (SEG_IS_DENDROGRAM_VIEW (self), 0);

  return self->merges != NULL ? self->run : 0;
}

/**
 * seg_dendrogram_view_set_k:
 *
 * Moves the cut to where it makes @k segments.
 */
void
seg_dendrogram_view_set_k (SegDendrogramView *self,
                           guint              k)
{
  g_return_if_fail (SEG_IS_DENDROGRAM_VIEW (self));

  if (self->merges != NULL)
    set_cut (self, height_for (self, k));
}

double
seg_dendrogram_view_get_cut_height (SegDendrogramView *self)
{
  g_return_val_if_fail (SEG_IS_DENDROGRAM_VIEW (self), 0);

  return self->cut;
}

void
seg_dendrogram_view_set_cut_height (SegDendrogramView *self,
                                    double             height)
{
  g_return_if_fail (SEG_IS_DENDROGRAM_VIEW (self));

  set_cut (self, height);
}

/**
 * seg_dendrogram_view_apply:
 *
 * Asks for the segments of the cut shown, unless the run has as many.
 */
void
seg_dendrogram_view_apply (SegDendrogramView *self)
{
  g_return_if_fail (SEG_IS_DENDROGRAM_VIEW (self));

  if (self->merges != NULL && self->k != self->run_k && self->k >= 2)
    g_signal_emit (self, signals[CUT_CHOSEN], 0, self->k);
}

/**
 * seg_dendrogram_new_run:
 * @run: a hierarchical run
 * @k: the segments to cut its tree into
 *
 * A run like @run in everything but the number of segments.
 *
 * Returns: (transfer full): the run, not started, or NULL with @error set
 */
SegRun *
seg_dendrogram_new_run (SegProject  *project,
                        gint64       run,
                        guint        k,
                        GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  SegRun *again;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;
  again = seg_run_new_like (project, record, error);
  if (again != NULL)
    g_object_set (seg_run_get_model (again), "k", (int) k, "height", 0.0, NULL);
  return again;
}
