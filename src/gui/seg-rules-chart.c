/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-rules-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#include "seg-rule-plots.h"
#include "seg-rule-row.h"
#include "seg-scatter.h"

/*
 * The rules a list model holds, drawn as the scatter of their support
 * and confidence or as the matrix of what was bought against what came
 * with it. It shows the very rules the table shows, so a search or a
 * hidden redundant rule leaves both alike. The pointer names the rule
 * under it; a click selects it.
 */

/* How near, in pixels, the pointer must be to a point to pick it. */
#define HOVER_PIXELS 8.0
/* The matrix keeps to the rows and columns of the strongest rules. */
#define MATRIX_ROWS 40
#define MATRIX_COLS 30

struct _SegRulesChart
{
  GtkWidget          parent_instance;

  SegRulesChartMode  mode;
  GListModel        *model;
  guint              selected;
  guint              hovered;

  /* The model's rules as the plots take them, by position. */
  guint              n;
  double            *x;         /* support, % */
  double            *y;         /* confidence, % */
  double            *lift;
  double            *support;
  SegPointIndex     *index;

  /* The matrix: its rows' and columns' names and its cells. */
  GPtrArray         *row_names;
  GPtrArray         *col_names;
  gssize            *cells;

  cairo_surface_t   *cache;
  int                cache_width;
  int                cache_height;
  int                cache_scale;
  SegPlotFrame       frame;
  gboolean           have_frame;
};

enum {
  PROP_0,
  PROP_MODE,
  PROP_MODEL,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegRulesChart, seg_rules_chart, GTK_TYPE_WIDGET)

static void
invalidate (SegRulesChart *self)
{
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  self->have_frame = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static SegRuleScatter
make_scatter (SegRulesChart *self)
{
  SegRuleScatter scatter = {
    .n = self->n,
    .x = self->x,
    .y = self->y,
    .lift = self->lift,
    .selected = -1,
  };

  seg_rule_scatter_fit (&scatter);
  return scatter;
}

static SegRuleMatrix
make_matrix (SegRulesChart *self)
{
  return (SegRuleMatrix) {
    .n_rows = self->row_names->len,
    .n_cols = self->col_names->len,
    .row_names = (const char *const *) self->row_names->pdata,
    .col_names = (const char *const *) self->col_names->pdata,
    .cells = self->cells,
    .lift = self->lift,
    .support = self->support,
    .selected = -1,
  };
}

/* Data ---------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  double      best;   /* the strongest lift among its rules */
  guint       order;
} Side;

static int
compare_sides (gconstpointer a,
               gconstpointer b)
{
  const Side *x = a, *y = b;

  if (x->best != y->best)
    return x->best > y->best ? -1 : 1;
  return (x->order > y->order) - (x->order < y->order);
}

/* The distinct names of one side, the strongest first, as many as fit;
 * @place maps each kept name to its row or column. */
static GPtrArray *
keep_strongest (GHashTable *sides,
                guint       most,
                GHashTable *place)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (Side));
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, sides);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_append_val (sorted, *(Side *) value);
  g_array_sort (sorted, compare_sides);
  for (guint i = 0; i < MIN (sorted->len, most); i++)
    {
      const char *name = g_array_index (sorted, Side, i).name;

      g_hash_table_insert (place, (gpointer) name, GUINT_TO_POINTER (i));
      g_ptr_array_add (names, g_strdup (name));
    }
  return names;
}

static void
note_side (GHashTable *sides,
           const char *name,
           double      lift)
{
  Side *side = g_hash_table_lookup (sides, name);

  if (side == NULL)
    {
      side = g_new (Side, 1);
      *side = (Side) { name, lift, g_hash_table_size (sides) };
      g_hash_table_insert (sides, (gpointer) name, side);
    }
  else if (lift > side->best)
    side->best = lift;
}

static void
clear_data (SegRulesChart *self)
{
  g_clear_pointer (&self->x, g_free);
  g_clear_pointer (&self->y, g_free);
  g_clear_pointer (&self->lift, g_free);
  g_clear_pointer (&self->support, g_free);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->index, seg_point_index_free);
  g_ptr_array_set_size (self->row_names, 0);
  g_ptr_array_set_size (self->col_names, 0);
  self->n = 0;
}

/* Reads the rules into the arrays the plots draw from, once a change;
 * drawing and the pointer only look them up. */
static void
load (SegRulesChart *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) lhs_sides = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) rhs_sides = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) row_place = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) col_place = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  clear_data (self);
  self->n = n;
  self->x = g_new (double, MAX (n, 1));
  self->y = g_new (double, MAX (n, 1));
  self->lift = g_new (double, MAX (n, 1));
  self->support = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      SegRuleRow *row = g_list_model_get_item (self->model, i);

      g_ptr_array_add (rows, row);
      self->support[i] = seg_rule_row_get_support (row);
      self->x[i] = 100 * self->support[i];
      self->y[i] = 100 * seg_rule_row_get_confidence (row);
      self->lift[i] = seg_rule_row_get_lift (row);
      note_side (lhs_sides, seg_rule_row_get_lhs (row), self->lift[i]);
      note_side (rhs_sides, seg_rule_row_get_rhs (row), self->lift[i]);
    }
  self->index = seg_point_index_new (self->x, self->y, n);

  g_ptr_array_unref (self->row_names);
  g_ptr_array_unref (self->col_names);
  self->row_names = keep_strongest (lhs_sides, MATRIX_ROWS, row_place);
  self->col_names = keep_strongest (rhs_sides, MATRIX_COLS, col_place);
  self->cells = g_new (gssize, MAX ((gsize) self->row_names->len * self->col_names->len, 1));
  for (gsize c = 0; c < (gsize) self->row_names->len * self->col_names->len; c++)
    self->cells[c] = -1;
  for (guint i = 0; i < n; i++)
    {
      SegRuleRow *row = g_ptr_array_index (rows, i);
      gpointer r, c;

      if (g_hash_table_lookup_extended (row_place, seg_rule_row_get_lhs (row), NULL, &r) &&
          g_hash_table_lookup_extended (col_place, seg_rule_row_get_rhs (row), NULL, &c))
        self->cells[GPOINTER_TO_UINT (r) * self->col_names->len + GPOINTER_TO_UINT (c)] = i;
    }
}

static void
on_items_changed (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  SegRulesChart *self)
{
  load (self);
  /* The positions moved: what was selected or hovered may be elsewhere. */
  self->hovered = GTK_INVALID_LIST_POSITION;
  if (self->selected != GTK_INVALID_LIST_POSITION)
    {
      self->selected = GTK_INVALID_LIST_POSITION;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  invalidate (self);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

/* Drawing ------------------------------------------------------------------- */

static void
draw_chart (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  data)
{
  SegRulesChart *self = data;
  SegPlotFrame frame;

  if (self->mode == SEG_RULES_CHART_SCATTER)
    {
      SegRuleScatter scatter = make_scatter (self);

      seg_rule_scatter_draw (cr, &scatter, width, height, &frame);
      if (self->selected < self->n)
        seg_rule_scatter_draw_mark (cr, &scatter, &frame, self->selected, FALSE);
    }
  else
    {
      SegRuleMatrix matrix = make_matrix (self);

      seg_rule_matrix_draw (cr, &matrix, width, height, &frame);
      if (self->selected < self->n)
        seg_rule_matrix_draw_mark (cr, &matrix, &frame, self->selected, FALSE);
    }
  self->frame = frame;
}

static void
ensure_cache (SegRulesChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_t *cr;

  if (self->cache != NULL && self->cache_width == width && self->cache_height == height &&
      self->cache_scale == scale)
    return;
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  self->have_frame = FALSE;
  if (width <= 0 || height <= 0)
    return;

  self->cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * scale, height * scale);
  cairo_surface_set_device_scale (self->cache, scale, scale);
  self->cache_width = width;
  self->cache_height = height;
  self->cache_scale = scale;
  cr = cairo_create (self->cache);
  draw_chart (cr, width, height, self);
  cairo_destroy (cr);
  self->have_frame = TRUE;
}

static void
seg_rules_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  SegRulesChart *self = SEG_RULES_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  ensure_cache (self);
  if (self->cache == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_surface (cr, self->cache, 0, 0);
  cairo_paint (cr);
  /* The overlay: the rule under the pointer. */
  if (self->hovered < self->n && self->have_frame)
    {
      if (self->mode == SEG_RULES_CHART_SCATTER)
        {
          SegRuleScatter scatter = make_scatter (self);

          seg_rule_scatter_draw_mark (cr, &scatter, &self->frame, self->hovered, TRUE);
        }
      else
        {
          SegRuleMatrix matrix = make_matrix (self);

          seg_rule_matrix_draw_mark (cr, &matrix, &self->frame, self->hovered, TRUE);
        }
    }
  cairo_destroy (cr);
}

static void
seg_rules_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 220;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 480;
}

static void
seg_rules_chart_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  invalidate (SEG_RULES_CHART (widget));
}

/* The pointer ----------------------------------------------------------------- */

/**
 * seg_rules_chart_rule_at:
 * @x: widget coordinates
 *
 * Returns: the position of the rule under (@x, @y), or
 *   %GTK_INVALID_LIST_POSITION
 */
guint
seg_rules_chart_rule_at (SegRulesChart *self,
                         double         x,
                         double         y)
{
  g_return_val_if_fail (SEG_IS_RULES_CHART (self), GTK_INVALID_LIST_POSITION);

  ensure_cache (self);
  if (!self->have_frame || self->n == 0)
    return GTK_INVALID_LIST_POSITION;
  if (self->mode == SEG_RULES_CHART_SCATTER)
    {
      double dx, dy;
      gssize found;

      if (x < self->frame.x - HOVER_PIXELS || x > self->frame.x + self->frame.width + HOVER_PIXELS ||
          y < self->frame.y - HOVER_PIXELS || y > self->frame.y + self->frame.height + HOVER_PIXELS)
        return GTK_INVALID_LIST_POSITION;
      seg_plot_frame_to_data (&self->frame, x, y, &dx, &dy);
      found = seg_point_index_nearest (self->index, dx, dy,
                                       self->frame.width / (self->frame.xr.hi - self->frame.xr.lo),
                                       self->frame.height / (self->frame.yr.hi - self->frame.yr.lo),
                                       HOVER_PIXELS);
      return found >= 0 ? (guint) found : GTK_INVALID_LIST_POSITION;
    }
  else
    {
      SegRuleMatrix matrix = make_matrix (self);
      gssize found = seg_rule_matrix_rule_at (&matrix, &self->frame, x, y);

      return found >= 0 ? (guint) found : GTK_INVALID_LIST_POSITION;
    }
}

/**
 * seg_rules_chart_rule_point:
 * @x: (out): where the rule is drawn, in widget coordinates
 *
 * Returns: whether the rule at @position is drawn
 */
gboolean
seg_rules_chart_rule_point (SegRulesChart *self,
                            guint          position,
                            double        *x,
                            double        *y)
{
  g_return_val_if_fail (SEG_IS_RULES_CHART (self), FALSE);

  ensure_cache (self);
  if (!self->have_frame || position >= self->n)
    return FALSE;
  if (self->mode == SEG_RULES_CHART_SCATTER)
    {
      *x = seg_plot_frame_sx (&self->frame, self->x[position]);
      *y = seg_plot_frame_sy (&self->frame, self->y[position]);
      return TRUE;
    }
  for (guint r = 0; r < self->row_names->len; r++)
    for (guint c = 0; c < self->col_names->len; c++)
      if (self->cells[(gsize) r * self->col_names->len + c] == (gssize) position)
        {
          *x = self->frame.x + (c + 0.5) * self->frame.width / self->col_names->len;
          *y = self->frame.y + (r + 0.5) * self->frame.height / self->row_names->len;
          return TRUE;
        }
  return FALSE;
}

/**
 * seg_rules_chart_describe_at:
 *
 * Returns: (transfer full) (nullable): what the tooltip over (@x, @y) says
 */
char *
seg_rules_chart_describe_at (SegRulesChart *self,
                             double         x,
                             double         y)
{
  guint found = seg_rules_chart_rule_at (self, x, y);
  g_autoptr(SegRuleRow) row = NULL;

  if (found == GTK_INVALID_LIST_POSITION)
    return NULL;
  row = g_list_model_get_item (self->model, found);
  return row != NULL ? seg_rule_row_describe (row) : NULL;
}

/**
 * seg_rules_chart_hover:
 *
 * Moves the hover to the rule under (@x, @y), as the pointer does.
 */
void
seg_rules_chart_hover (SegRulesChart *self,
                       double         x,
                       double         y)
{
  guint hovered;

  g_return_if_fail (SEG_IS_RULES_CHART (self));

  hovered = seg_rules_chart_rule_at (self, x, y);
  if (hovered != self->hovered)
    {
      self->hovered = hovered;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
    }
}

guint
seg_rules_chart_get_hovered (SegRulesChart *self)
{
  g_return_val_if_fail (SEG_IS_RULES_CHART (self), GTK_INVALID_LIST_POSITION);
  return self->hovered;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SegRulesChart            *self)
{
  seg_rules_chart_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          SegRulesChart            *self)
{
  if (self->hovered != GTK_INVALID_LIST_POSITION)
    {
      self->hovered = GTK_INVALID_LIST_POSITION;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
on_query_tooltip (GtkWidget     *widget,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip,
                  SegRulesChart *self)
{
  g_autofree char *text = seg_rules_chart_describe_at (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            SegRulesChart   *self)
{
  guint found = seg_rules_chart_rule_at (self, x, y);

  /* A click beside every rule keeps the selection. */
  if (found != GTK_INVALID_LIST_POSITION)
    seg_rules_chart_set_selected (self, found);
}

/* The widget ------------------------------------------------------------------ */

static void
seg_rules_chart_dispose (GObject *object)
{
  SegRulesChart *self = SEG_RULES_CHART (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->cache, cairo_surface_destroy);

  G_OBJECT_CLASS (seg_rules_chart_parent_class)->dispose (object);
}

static void
seg_rules_chart_finalize (GObject *object)
{
  SegRulesChart *self = SEG_RULES_CHART (object);

  clear_data (self);
  g_ptr_array_unref (self->row_names);
  g_ptr_array_unref (self->col_names);

  G_OBJECT_CLASS (seg_rules_chart_parent_class)->finalize (object);
}

static void
seg_rules_chart_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SegRulesChart *self = SEG_RULES_CHART (object);

  switch (prop_id)
    {
    case PROP_MODE: g_value_set_int (value, self->mode); break;
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    case PROP_SELECTED: g_value_set_uint (value, self->selected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_rules_chart_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SegRulesChart *self = SEG_RULES_CHART (object);

  switch (prop_id)
    {
    case PROP_MODE: seg_rules_chart_set_mode (self, g_value_get_int (value)); break;
    case PROP_MODEL: seg_rules_chart_set_model (self, g_value_get_object (value)); break;
    case PROP_SELECTED: seg_rules_chart_set_selected (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_rules_chart_class_init (SegRulesChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_rules_chart_dispose;
  object_class->finalize = seg_rules_chart_finalize;
  object_class->get_property = seg_rules_chart_get_property;
  object_class->set_property = seg_rules_chart_set_property;
  widget_class->snapshot = seg_rules_chart_snapshot;
  widget_class->measure = seg_rules_chart_measure;
  widget_class->size_allocate = seg_rules_chart_size_allocate;

  properties[PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, SEG_RULES_CHART_SCATTER, SEG_RULES_CHART_MATRIX,
                                            SEG_RULES_CHART_SCATTER,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] = g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                 G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
seg_rules_chart_init (SegRulesChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->selected = GTK_INVALID_LIST_POSITION;
  self->hovered = GTK_INVALID_LIST_POSITION;
  self->row_names = g_ptr_array_new_with_free_func (g_free);
  self->col_names = g_ptr_array_new_with_free_func (g_free);
  load (self);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* API --------------------------------------------------------------------------- */

GtkWidget *
seg_rules_chart_new (SegRulesChartMode mode)
{
  return g_object_new (SEG_TYPE_RULES_CHART, "mode", mode, NULL);
}

void
seg_rules_chart_set_mode (SegRulesChart     *self,
                          SegRulesChartMode  mode)
{
  g_return_if_fail (SEG_IS_RULES_CHART (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  self->hovered = GTK_INVALID_LIST_POSITION;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

SegRulesChartMode
seg_rules_chart_get_mode (SegRulesChart *self)
{
  g_return_val_if_fail (SEG_IS_RULES_CHART (self), SEG_RULES_CHART_SCATTER);
  return self->mode;
}

/**
 * seg_rules_chart_set_model:
 * @model: (nullable): of SegRuleRow
 */
void
seg_rules_chart_set_model (SegRulesChart *self,
                           GListModel    *model)
{
  g_return_if_fail (SEG_IS_RULES_CHART (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed), self, 0);
  on_items_changed (model, 0, 0, 0, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
seg_rules_chart_get_model (SegRulesChart *self)
{
  g_return_val_if_fail (SEG_IS_RULES_CHART (self), NULL);
  return self->model;
}

/**
 * seg_rules_chart_set_selected:
 * @position: a rule of the model, or %GTK_INVALID_LIST_POSITION
 *
 * Rings the rule at @position.
 */
void
seg_rules_chart_set_selected (SegRulesChart *self,
                              guint          position)
{
  g_return_if_fail (SEG_IS_RULES_CHART (self));

  if (position >= self->n)
    position = GTK_INVALID_LIST_POSITION;
  if (self->selected == position)
    return;
  self->selected = position;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
seg_rules_chart_get_selected (SegRulesChart *self)
{
  g_return_val_if_fail (SEG_IS_RULES_CHART (self), GTK_INVALID_LIST_POSITION);
  return self->selected;
}

static void
draw_export (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  data)
{
  /* The frame the pointer uses is the widget's, not the file's. */
  SegPlotFrame kept = ((SegRulesChart *) data)->frame;

  draw_chart (cr, width, height, data);
  ((SegRulesChart *) data)->frame = kept;
}

/**
 * seg_rules_chart_export:
 * @path: a .png, .svg or .pdf file
 *
 * Writes the chart as shown, with the selected rule ringed.
 */
gboolean
seg_rules_chart_export (SegRulesChart  *self,
                        const char     *path,
                        GError        **error)
{
  g_return_val_if_fail (SEG_IS_RULES_CHART (self), FALSE);
  return seg_plot_export (path, 1000, 700, draw_export, self, error);
}
