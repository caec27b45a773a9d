/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-tree-plot.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "seg-heat-map.h"

#define BOX_WIDTH  176.0
#define BOX_PAD    6.0
#define GAP_X      14.0
#define GAP_Y      34.0
#define MARGIN     8.0
#define SCALE_H    16.0

gboolean
seg_box_contains (const SegBox *box,
                  double        x,
                  double        y)
{
  return x >= box->x && x <= box->x + box->width && y >= box->y && y <= box->y + box->height;
}

gboolean
seg_box_overlaps (const SegBox *a,
                  const SegBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/**
 * seg_box_fit_scale:
 * @offset_x: (out): where the scaled drawing starts, to centre it
 *
 * Returns: the scale, at most @most, at which the drawing fits
 */
double
seg_box_fit_scale (double  most,
                   double  natural_width,
                   double  natural_height,
                   double  width,
                   double  height,
                   double *offset_x)
{
  double scale = MIN (most, MIN (width / natural_width, height / natural_height));

  *offset_x = MAX (0.0, (width - natural_width * scale) / 2);
  return scale;
}

/**
 * seg_box_begin_fit:
 * @title: (nullable): drawn at the top left
 *
 * Saves @cr, keeps the drawing inside @width × @height on a white
 * ground, and sets the scale; the caller draws in natural units, then
 * restores @cr.
 */
void
seg_box_begin_fit (cairo_t    *cr,
                   double      width,
                   double      height,
                   double      offset_x,
                   double      scale,
                   const char *title)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, offset_x, 0);
  cairo_scale (cr, scale, scale);
  if (title != NULL)
    {
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      seg_plot_draw_text (cr, title, MARGIN, MARGIN, 0.0, 0.0, TRUE);
    }
}

static PangoLayout *
node_layout (cairo_t    *cr,
             const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) ((BOX_WIDTH - 2 * BOX_PAD) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/* Where each node goes before scaling: leaves in slots from left to
 * right in the order the tree reads, parents over the middle of their
 * children, one row per depth. */
typedef struct
{
  const SegTreePlot *plot;
  double            *centre;   /* n_nodes: slot units */
  int               *depth;    /* n_nodes: -1 when not reached */
  double             next_slot;
  int                max_depth;
  guint              reached;
} Placing;

static gboolean
child_ok (const Placing *placing,
          int            child)
{
  return child >= 0 && (guint) child < placing->plot->n_nodes && placing->depth[child] < 0;
}

static void
place (Placing *placing,
       int      node,
       int      depth)
{
  const SegTreePlotNode *n = &placing->plot->nodes[node];
  gboolean has_left, has_right;

  placing->depth[node] = depth;
  placing->max_depth = MAX (placing->max_depth, depth);
  placing->reached++;

  /* A malformed tree (a child pointing back up) is cut where it loops. */
  has_left = child_ok (placing, n->left);
  if (has_left)
    place (placing, n->left, depth + 1);
  has_right = child_ok (placing, n->right);
  if (has_right)
    place (placing, n->right, depth + 1);

  if (has_left && has_right)
    placing->centre[node] = (placing->centre[n->left] + placing->centre[n->right]) / 2;
  else if (has_left)
    placing->centre[node] = placing->centre[n->left];
  else if (has_right)
    placing->centre[node] = placing->centre[n->right];
  else
    placing->centre[node] = placing->next_slot++;
}

typedef struct
{
  double box_height;
  double header;
  double width;
  double height;
} Natural;

static double
header_height (cairo_t           *cr,
               const SegTreePlot *plot)
{
  double title = 0;

  if (plot->title != NULL)
    seg_plot_text_size (cr, plot->title, TRUE, NULL, &title);
  return MARGIN + (title > 0 ? title + 6 : 0) + (plot->scale_title != NULL ? SCALE_H + 10 : 0);
}

/* The natural layout: @boxes in unscaled units. */
static guint
natural_layout (cairo_t           *cr,
                const SegTreePlot *plot,
                SegBox            *boxes,
                Natural           *natural)
{
  g_autofree double *centre = g_new0 (double, MAX (plot->n_nodes, 1));
  g_autofree int *depth = g_new (int, MAX (plot->n_nodes, 1));
  Placing placing = { plot, centre, depth, 0, 0, 0 };
  double box_height = 0;

  for (guint k = 0; k < plot->n_nodes; k++)
    depth[k] = -1;
  if (plot->n_nodes > 0)
    place (&placing, 0, 0);

  for (guint k = 0; k < plot->n_nodes; k++)
    if (depth[k] >= 0)
      {
        g_autoptr(PangoLayout) layout = node_layout (cr, plot->nodes[k].text);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        box_height = MAX (box_height, h + 2 * BOX_PAD);
      }

  natural->box_height = box_height;
  natural->header = header_height (cr, plot);
  natural->width = 2 * MARGIN + MAX (placing.next_slot, 1) * (BOX_WIDTH + GAP_X) - GAP_X;
  natural->height = natural->header + (placing.max_depth + 1) * (box_height + GAP_Y) - GAP_Y + MARGIN;

  for (guint k = 0; k < plot->n_nodes; k++)
    if (depth[k] >= 0)
      boxes[k] = (SegBox) { MARGIN + centre[k] * (BOX_WIDTH + GAP_X),
                            natural->header + depth[k] * (box_height + GAP_Y),
                            BOX_WIDTH, box_height };
    else
      boxes[k] = (SegBox) { 0, 0, 0, 0 };
  return placing.reached;
}

/**
 * seg_tree_plot_natural_size:
 *
 * The size at which the tree is drawn without scaling down.
 */
void
seg_tree_plot_natural_size (cairo_t           *cr,
                            const SegTreePlot *plot,
                            double            *width,
                            double            *height)
{
  g_autofree SegBox *boxes = g_new (SegBox, MAX (plot->n_nodes, 1));
  Natural natural;

  natural_layout (cr, plot, boxes, &natural);
  *width = natural.width;
  *height = natural.height;
}

/**
 * seg_tree_plot_layout:
 * @boxes: (out caller-allocates): room for n_nodes boxes; a node the
 *   tree does not reach from node 0 gets an empty one
 *
 * Returns: how many nodes are drawn
 */
guint
seg_tree_plot_layout (cairo_t           *cr,
                      const SegTreePlot *plot,
                      double             width,
                      double             height,
                      SegBox            *boxes)
{
  Natural natural;
  guint reached = natural_layout (cr, plot, boxes, &natural);
  double offset_x, scale = seg_box_fit_scale (1.0, natural.width, natural.height, width, height, &offset_x);

  for (guint k = 0; k < plot->n_nodes; k++)
    if (boxes[k].width > 0)
      boxes[k] = (SegBox) { offset_x + boxes[k].x * scale, boxes[k].y * scale,
                            boxes[k].width * scale, boxes[k].height * scale };
  return reached;
}

static void
draw_edge (cairo_t      *cr,
           const SegBox *parent,
           const SegBox *child,
           const char   *label,
           gboolean      left)
{
  double x0 = parent->x + parent->width / 2, y0 = parent->y + parent->height;
  double x1 = child->x + child->width / 2, y1 = child->y;

  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, x0, y0);
  cairo_curve_to (cr, x0, y0 + GAP_Y / 2, x1, y1 - GAP_Y / 2, x1, y1);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  seg_plot_draw_text (cr, label, (x0 + x1) / 2 + (left ? -4 : 4), y0 + GAP_Y / 2,
                      left ? 1.0 : 0.0, 0.5, FALSE);
}

/**
 * seg_tree_plot_draw:
 *
 * Draws the tree, scaled down to fit @width × @height when it is larger.
 *
 * Returns: how many nodes were drawn
 */
guint
seg_tree_plot_draw (cairo_t           *cr,
                    const SegTreePlot *plot,
                    double             width,
                    double             height)
{
  g_autofree SegBox *boxes = g_new (SegBox, MAX (plot->n_nodes, 1));
  Natural natural;
  guint reached, drawn = 0;
  double offset_x, scale;

  g_return_val_if_fail (cr != NULL && plot != NULL, 0);

  reached = natural_layout (cr, plot, boxes, &natural);
  scale = seg_box_fit_scale (1.0, natural.width, natural.height, width, height, &offset_x);

  seg_box_begin_fit (cr, width, height, offset_x, scale, plot->title);
  if (plot->scale_title != NULL)
    seg_heat_map_draw_scale (cr, MARGIN, natural.header - SCALE_H - 10,
                             MIN (natural.width - 2 * MARGIN, 420), SCALE_H,
                             plot->scale_low != NULL ? plot->scale_low : "",
                             plot->scale_high != NULL ? plot->scale_high : "",
                             plot->scale_title);

  for (guint k = 0; k < plot->n_nodes; k++)
    {
      const SegTreePlotNode *node = &plot->nodes[k];

      if (boxes[k].width <= 0)
        continue;
      if (node->left >= 0 && (guint) node->left < plot->n_nodes && boxes[node->left].width > 0 &&
          boxes[node->left].y > boxes[k].y)
        /* Translators: the answer to a decision tree's question, on the
         * branch to the left. */
        draw_edge (cr, &boxes[k], &boxes[node->left], C_("tree", "yes"), TRUE);
      if (node->right >= 0 && (guint) node->right < plot->n_nodes && boxes[node->right].width > 0 &&
          boxes[node->right].y > boxes[k].y)
        draw_edge (cr, &boxes[k], &boxes[node->right], C_("tree", "no"), FALSE);
    }

  for (guint k = 0; k < plot->n_nodes; k++)
    {
      const SegTreePlotNode *node = &plot->nodes[k];
      g_autoptr(PangoLayout) layout = NULL;
      SegColor color;
      int w, h;

      if (boxes[k].width <= 0)
        continue;
      seg_heat_map_color (node->shade, &color);
      cairo_rectangle (cr, boxes[k].x, boxes[k].y, boxes[k].width, boxes[k].height);
      cairo_set_source_rgb (cr, color.r, color.g, color.b);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      cairo_set_line_width (cr, (int) k == plot->selected ? 3.0 : 1.0);
      cairo_stroke (cr);

      layout = node_layout (cr, node->text);
      pango_layout_get_pixel_size (layout, &w, &h);
      if (seg_heat_map_color_is_dark (&color))
        cairo_set_source_rgb (cr, 1, 1, 1);
      else
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_move_to (cr, boxes[k].x + BOX_PAD, boxes[k].y + (boxes[k].height - h) / 2);
      pango_cairo_show_layout (cr, layout);
      drawn++;
    }
  cairo_restore (cr);

  g_assert (drawn == reached);
  return drawn;
}

/**
 * seg_tree_plot_node_at:
 *
 * Returns: the node drawn at @x, @y, or -1
 */
int
seg_tree_plot_node_at (cairo_t           *cr,
                       const SegTreePlot *plot,
                       double             width,
                       double             height,
                       double             x,
                       double             y)
{
  g_autofree SegBox *boxes = g_new (SegBox, MAX (plot->n_nodes, 1));

  seg_tree_plot_layout (cr, plot, width, height, boxes);
  for (guint k = 0; k < plot->n_nodes; k++)
    if (boxes[k].width > 0 && seg_box_contains (&boxes[k], x, y))
      return (int) k;
  return -1;
}
