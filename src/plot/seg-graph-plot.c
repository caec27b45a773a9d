/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-graph-plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NODE_PAD_X 10.0
#define NODE_PAD_Y 6.0
#define GAP_X      22.0
#define GAP_Y      46.0
#define MARGIN     10.0
#define ARROW      8.0
#define SWEEPS     6
/* A small network is drawn larger, up to this, to be read across a room. */
#define MOST_SCALE 1.6

typedef struct
{
  guint  node;
  double key;
} Ranked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->node < y->node ? -1 : x->node > y->node;
}

/* Layers by the longest path from a node without parents, so that every
 * arrow points down; a node on a cycle (which a network never has) goes
 * below the rest. */
static guint
assign_layers (const SegGraphPlot *plot,
               guint              *layer)
{
  g_autofree guint *indegree = g_new0 (guint, MAX (plot->n_nodes, 1));
  g_autofree guint *queue = g_new (guint, MAX (plot->n_nodes, 1));
  g_autofree gboolean *done = g_new0 (gboolean, MAX (plot->n_nodes, 1));
  guint head = 0, tail = 0, n_layers = plot->n_nodes > 0 ? 1 : 0;

  for (guint e = 0; e < plot->n_edges; e++)
    if (plot->from[e] < plot->n_nodes && plot->to[e] < plot->n_nodes)
      indegree[plot->to[e]]++;
  for (guint v = 0; v < plot->n_nodes; v++)
    {
      layer[v] = 0;
      if (indegree[v] == 0)
        queue[tail++] = v;
    }
  while (head < tail)
    {
      guint v = queue[head++];

      done[v] = TRUE;
      for (guint e = 0; e < plot->n_edges; e++)
        if (plot->from[e] == v && plot->to[e] < plot->n_nodes)
          {
            guint w = plot->to[e];

            layer[w] = MAX (layer[w], layer[v] + 1);
            n_layers = MAX (n_layers, layer[w] + 1);
            if (--indegree[w] == 0)
              queue[tail++] = w;
          }
    }
  for (guint v = 0; v < plot->n_nodes; v++)
    if (!done[v])
      layer[v] = n_layers;
  for (guint v = 0; v < plot->n_nodes; v++)
    n_layers = MAX (n_layers, layer[v] + 1);
  return n_layers;
}

/* The whole layout: the real nodes' boxes, then a narrow stand-in box
 * in each layer an arrow crosses, so that long arrows get a lane of
 * their own instead of running through the nodes between; each arrow's
 * chain of boxes from its tail to its head. */
typedef struct
{
  guint   n;          /* real nodes and stand-ins */
  SegBox *boxes;
  GArray *chains;     /* guint: for each arrow, its boxes, then G_MAXUINT */
  guint  *chain_at;   /* n_edges: where each arrow's chain starts in @chains */
  double  width;
  double  height;
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->boxes, g_free);
  g_clear_pointer (&layout->chains, g_array_unref);
  g_clear_pointer (&layout->chain_at, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Layout, layout_clear)

#define STAND_IN_WIDTH 6.0

static void
natural_layout (cairo_t            *cr,
                const SegGraphPlot *plot,
                Layout             *out)
{
  guint n = plot->n_nodes, total = n;
  g_autofree guint *real_layer = g_new (guint, MAX (n, 1));
  guint n_layers = assign_layers (plot, real_layer);
  g_autoptr(GArray) layer = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (guint));  /* pairs of boxes, one layer apart */
  g_autofree double *position = NULL;
  g_autofree Ranked *ranked = NULL;
  g_autofree double *layer_width = g_new0 (double, MAX (n_layers, 1));
  double title = 0, box_height = 0, widest = 0, top;

  g_array_append_vals (layer, real_layer, n);
  out->chains = g_array_new (FALSE, FALSE, sizeof (guint));
  out->chain_at = g_new0 (guint, MAX (plot->n_edges, 1));
  for (guint e = 0; e < plot->n_edges; e++)
    {
      guint a = plot->from[e], b = plot->to[e], last;
      const guint end = G_MAXUINT;

      out->chain_at[e] = out->chains->len;
      if (a >= n || b >= n)
        {
          g_array_append_val (out->chains, end);
          continue;
        }
      g_array_append_val (out->chains, a);
      last = a;
      for (guint l = real_layer[a] + 1; l < real_layer[b]; l++)
        {
          guint stand_in = total++;

          g_array_append_val (layer, l);
          g_array_append_val (out->chains, stand_in);
          g_array_append_val (links, last);
          g_array_append_val (links, stand_in);
          last = stand_in;
        }
      g_array_append_val (out->chains, b);
      g_array_append_val (out->chains, end);
      g_array_append_val (links, last);
      g_array_append_val (links, b);
    }

  out->n = total;
  out->boxes = g_new0 (SegBox, MAX (total, 1));
  position = g_new (double, MAX (total, 1));
  ranked = g_new (Ranked, MAX (total, 1));

  /* Start in the nodes' own order, then order each layer by the mean
   * place of its neighbours in the layer above, then below, in turn. */
  for (guint l = 0, at = 0; l < n_layers; l++, at = 0)
    for (guint v = 0; v < total; v++)
      if (g_array_index (layer, guint, v) == l)
        position[v] = at++;
  for (guint sweep = 0; sweep < SWEEPS; sweep++)
    {
      gboolean down = sweep % 2 == 0;

      for (guint step = 1; step < n_layers; step++)
        {
          guint l = down ? step : n_layers - 1 - step;
          guint neighbour_layer = down ? l - 1 : l + 1;
          guint m = 0;

          for (guint v = 0; v < total; v++)
            {
              double sum = 0;
              guint count = 0;

              if (g_array_index (layer, guint, v) != l)
                continue;
              for (guint k = 0; k + 1 < links->len; k += 2)
                {
                  guint a = g_array_index (links, guint, k), b = g_array_index (links, guint, k + 1);

                  if (b == v && g_array_index (layer, guint, a) == neighbour_layer)
                    sum += position[a], count++;
                  else if (a == v && g_array_index (layer, guint, b) == neighbour_layer)
                    sum += position[b], count++;
                }
              ranked[m++] = (Ranked) { v, count > 0 ? sum / count : position[v] };
            }
          qsort (ranked, m, sizeof *ranked, compare_ranked);
          for (guint i = 0; i < m; i++)
            position[ranked[i].node] = i;
        }
    }

  for (guint v = 0; v < total; v++)
    {
      double w = 0, h = 0;

      if (v < n)
        seg_plot_text_size (cr, plot->labels[v] != NULL ? plot->labels[v] : "", (int) v == plot->highlight, &w, &h);
      out->boxes[v].width = v < n ? w + 2 * NODE_PAD_X : STAND_IN_WIDTH;
      box_height = MAX (box_height, h + 2 * NODE_PAD_Y);
    }

  if (plot->title != NULL)
    seg_plot_text_size (cr, plot->title, TRUE, NULL, &title);
  top = MARGIN + (title > 0 ? title + 10 : 0);

  /* Each layer left to right in its order, then centred. */
  for (guint l = 0; l < n_layers; l++)
    {
      guint m = 0;

      for (guint v = 0; v < total; v++)
        if (g_array_index (layer, guint, v) == l)
          ranked[m++] = (Ranked) { v, position[v] };
      qsort (ranked, m, sizeof *ranked, compare_ranked);
      for (guint i = 0; i < m; i++)
        {
          SegBox *box = &out->boxes[ranked[i].node];

          box->x = layer_width[l];
          box->y = top + l * (box_height + GAP_Y);
          box->height = box_height;
          layer_width[l] += box->width + (i + 1 < m ? GAP_X : 0);
        }
      widest = MAX (widest, layer_width[l]);
    }
  for (guint v = 0; v < total; v++)
    out->boxes[v].x += MARGIN + (widest - layer_width[g_array_index (layer, guint, v)]) / 2;

  out->width = widest + 2 * MARGIN;
  out->height = top + MAX (n_layers, 1) * (box_height + GAP_Y) - GAP_Y + MARGIN;
}

/* The layout at the size it is drawn. */
static double
fitted_layout (cairo_t            *cr,
               const SegGraphPlot *plot,
               double              width,
               double              height,
               Layout             *layout,
               double             *offset_x)
{
  double scale;

  natural_layout (cr, plot, layout);
  scale = seg_box_fit_scale (MOST_SCALE, layout->width, layout->height, width, height, offset_x);
  for (guint v = 0; v < layout->n; v++)
    layout->boxes[v] = (SegBox) { *offset_x + layout->boxes[v].x * scale, layout->boxes[v].y * scale,
                                  layout->boxes[v].width * scale, layout->boxes[v].height * scale };
  return scale;
}

/**
 * seg_graph_plot_layout:
 * @boxes: (out caller-allocates): room for n_nodes boxes
 *
 * Where each node is drawn on a @width × @height surface.
 */
void
seg_graph_plot_layout (cairo_t            *cr,
                       const SegGraphPlot *plot,
                       double              width,
                       double              height,
                       SegBox             *boxes)
{
  g_auto(Layout) layout = { 0 };
  double offset_x;

  g_return_if_fail (cr != NULL && plot != NULL && boxes != NULL);

  fitted_layout (cr, plot, width, height, &layout, &offset_x);
  memcpy (boxes, layout.boxes, plot->n_nodes * sizeof *boxes);
}

#define SAMPLES 12

/* The points an arrow's line passes: down from its tail's box, through
 * each stand-in's lane, into its head's box, in smooth bends. */
static void
edge_points (const Layout *layout,
             guint         e,
             GArray       *points)
{
  const guint *chain = &g_array_index (layout->chains, guint, layout->chain_at[e]);
  guint length = 0;

  g_array_set_size (points, 0);
  while (chain[length] != G_MAXUINT)
    length++;
  if (length < 2)
    return;

  for (guint k = 0; k + 1 < length; k++)
    {
      const SegBox *a = &layout->boxes[chain[k]], *b = &layout->boxes[chain[k + 1]];
      double x0 = a->x + a->width / 2, y0 = a->y + a->height;
      double x1 = b->x + b->width / 2, y1 = b->y;

      if (b->y + b->height / 2 <= a->y + a->height)
        {
          /* Side by side or upwards: only where a cycle was cut. */
          double p[4] = { x0, a->y + a->height / 2, x1, b->y + b->height / 2 };

          g_array_append_vals (points, p, 4);
          continue;
        }
      if (k > 0)
        {
          /* Straight down through the stand-in's lane. */
          double p[2] = { x0, a->y };

          g_array_append_vals (points, p, 2);
        }
      for (guint i = 0; i <= SAMPLES; i++)
        {
          double t = (double) i / SAMPLES, u = 1 - t, dy = (y1 - y0) / 2;
          /* A cubic from (x0, y0) to (x1, y1), leaving and arriving
           * vertically. */
          double p[2] = {
            u * u * u * x0 + 3 * u * u * t * x0 + 3 * u * t * t * x1 + t * t * t * x1,
            u * u * u * y0 + 3 * u * u * t * (y0 + dy) + 3 * u * t * t * (y1 - dy) + t * t * t * y1,
          };

          g_array_append_vals (points, p, 2);
        }
    }
}

/**
 * seg_graph_plot_draw:
 *
 * Draws the graph, scaled down to fit @width × @height when larger.
 */
void
seg_graph_plot_draw (cairo_t            *cr,
                     const SegGraphPlot *plot,
                     double              width,
                     double              height)
{
  guint n = plot->n_nodes;
  g_auto(Layout) layout = { 0 };
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  double offset_x, scale;

  g_return_if_fail (cr != NULL && plot != NULL);

  natural_layout (cr, plot, &layout);
  scale = seg_box_fit_scale (MOST_SCALE, layout.width, layout.height, width, height, &offset_x);
  seg_box_begin_fit (cr, width, height, offset_x, scale, plot->title);

  for (guint e = 0; e < plot->n_edges; e++)
    {
      const double *p;
      guint m;
      double angle, x1, y1;

      edge_points (&layout, e, points);
      m = points->len / 2;
      if (m < 2)
        continue;
      p = (const double *) points->data;
      x1 = p[2 * (m - 1)];
      y1 = p[2 * (m - 1) + 1];
      angle = atan2 (y1 - p[2 * (m - 2) + 1], x1 - p[2 * (m - 2)]);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_set_line_width (cr, 1.4);
      cairo_move_to (cr, p[0], p[1]);
      for (guint i = 1; i + 1 < m; i++)
        cairo_line_to (cr, p[2 * i], p[2 * i + 1]);
      cairo_line_to (cr, x1 - cos (angle) * ARROW * 0.8, y1 - sin (angle) * ARROW * 0.8);
      cairo_stroke (cr);
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x1 - ARROW * cos (angle - 0.4), y1 - ARROW * sin (angle - 0.4));
      cairo_line_to (cr, x1 - ARROW * cos (angle + 0.4), y1 - ARROW * sin (angle + 0.4));
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  for (guint v = 0; v < n; v++)
    {
      const SegBox *box = &layout.boxes[v];
      gboolean target = (int) v == plot->highlight;
      double r = box->height / 2;

      cairo_new_sub_path (cr);
      cairo_arc (cr, box->x + r, box->y + r, r, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (cr, box->x + box->width - r, box->y + r, r, -G_PI / 2, G_PI / 2);
      cairo_close_path (cr);
      if (target)
        cairo_set_source_rgb (cr, 0.208, 0.518, 0.894);
      else
        cairo_set_source_rgb (cr, 0.94, 0.95, 0.97);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      cairo_set_line_width (cr, (int) v == plot->selected ? 3.0 : 1.0);
      cairo_stroke (cr);
      if (target)
        cairo_set_source_rgb (cr, 1, 1, 1);
      else
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      seg_plot_draw_text (cr, plot->labels[v] != NULL ? plot->labels[v] : "",
                          box->x + box->width / 2, box->y + box->height / 2, 0.5, 0.5, target);
    }
  cairo_restore (cr);
}

int
seg_graph_plot_node_at (cairo_t            *cr,
                        const SegGraphPlot *plot,
                        double              width,
                        double              height,
                        double              x,
                        double              y)
{
  g_autofree SegBox *boxes = g_new0 (SegBox, MAX (plot->n_nodes, 1));

  seg_graph_plot_layout (cr, plot, width, height, boxes);
  for (guint v = 0; v < plot->n_nodes; v++)
    if (seg_box_contains (&boxes[v], x, y))
      return (int) v;
  return -1;
}

/**
 * seg_graph_plot_edge_at:
 *
 * Returns: the arrow that passes within a few pixels of @x, @y, or -1
 */
int
seg_graph_plot_edge_at (cairo_t            *cr,
                        const SegGraphPlot *plot,
                        double              width,
                        double              height,
                        double              x,
                        double              y)
{
  g_auto(Layout) layout = { 0 };
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  double best = 6.0, offset_x;
  int found = -1;

  fitted_layout (cr, plot, width, height, &layout, &offset_x);
  for (guint e = 0; e < plot->n_edges; e++)
    {
      const double *p;

      edge_points (&layout, e, points);
      p = (const double *) points->data;
      for (guint i = 0; i + 1 < points->len / 2; i++)
        {
          double x0 = p[2 * i], y0 = p[2 * i + 1], dx = p[2 * i + 2] - x0, dy = p[2 * i + 3] - y0;
          double t = dx * dx + dy * dy > 0 ? CLAMP (((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0) : 0.0;
          double d = hypot (x - (x0 + t * dx), y - (y0 + t * dy));

          if (d < best)
            {
              best = d;
              found = (int) e;
            }
        }
    }
  return found;
}
