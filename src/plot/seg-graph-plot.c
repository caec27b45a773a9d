/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-graph-plot.h"

#include <math.h>
#include <stdlib.h>

#define NODE_PAD_X 10.0
#define NODE_PAD_Y 6.0
#define GAP_X      22.0
#define GAP_Y      46.0
#define MARGIN     10.0
#define ARROW      8.0
#define SWEEPS     6

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

/* The natural layout, unscaled. */
static void
natural_layout (cairo_t            *cr,
                const SegGraphPlot *plot,
                SegBox             *boxes,
                double             *width,
                double             *height)
{
  guint n = plot->n_nodes;
  g_autofree guint *layer = g_new (guint, MAX (n, 1));
  g_autofree double *position = g_new (double, MAX (n, 1));
  g_autofree Ranked *ranked = g_new (Ranked, MAX (n, 1));
  g_autofree double *layer_width = NULL;
  guint n_layers = assign_layers (plot, layer);
  double title = 0, box_height = 0, widest = 0, top;

  layer_width = g_new0 (double, MAX (n_layers, 1));

  /* Start in the nodes' own order, then order each layer by the mean
   * place of its neighbours in the layer above, then below, in turn. */
  for (guint l = 0, at = 0; l < n_layers; l++, at = 0)
    for (guint v = 0; v < n; v++)
      if (layer[v] == l)
        position[v] = at++;
  for (guint sweep = 0; sweep < SWEEPS; sweep++)
    {
      gboolean down = sweep % 2 == 0;

      for (guint step = 1; step < n_layers; step++)
        {
          guint l = down ? step : n_layers - 1 - step;
          guint m = 0;

          for (guint v = 0; v < n; v++)
            {
              double sum = 0;
              guint count = 0;

              if (layer[v] != l)
                continue;
              for (guint e = 0; e < plot->n_edges; e++)
                {
                  guint a = plot->from[e], b = plot->to[e];

                  if (a >= n || b >= n)
                    continue;
                  if (b == v && layer[a] == (down ? l - 1 : l + 1))
                    sum += position[a], count++;
                  else if (a == v && layer[b] == (down ? l - 1 : l + 1))
                    sum += position[b], count++;
                }
              ranked[m++] = (Ranked) { v, count > 0 ? sum / count : position[v] };
            }
          qsort (ranked, m, sizeof *ranked, compare_ranked);
          for (guint i = 0; i < m; i++)
            position[ranked[i].node] = i;
        }
    }

  for (guint v = 0; v < n; v++)
    {
      double w, h;

      seg_plot_text_size (cr, plot->labels[v] != NULL ? plot->labels[v] : "", (int) v == plot->highlight, &w, &h);
      boxes[v].width = w + 2 * NODE_PAD_X;
      box_height = MAX (box_height, h + 2 * NODE_PAD_Y);
    }

  if (plot->title != NULL)
    seg_plot_text_size (cr, plot->title, TRUE, NULL, &title);
  top = MARGIN + (title > 0 ? title + 10 : 0);

  /* Each layer left to right in its order, then centred. */
  for (guint l = 0; l < n_layers; l++)
    {
      guint m = 0;

      for (guint v = 0; v < n; v++)
        if (layer[v] == l)
          ranked[m++] = (Ranked) { v, position[v] };
      qsort (ranked, m, sizeof *ranked, compare_ranked);
      for (guint i = 0; i < m; i++)
        {
          SegBox *box = &boxes[ranked[i].node];

          box->x = layer_width[l];
          box->y = top + l * (box_height + GAP_Y);
          box->height = box_height;
          layer_width[l] += box->width + (i + 1 < m ? GAP_X : 0);
        }
      widest = MAX (widest, layer_width[l]);
    }
  for (guint v = 0; v < n; v++)
    boxes[v].x += MARGIN + (widest - layer_width[layer[v]]) / 2;

  *width = widest + 2 * MARGIN;
  *height = top + MAX (n_layers, 1) * (box_height + GAP_Y) - GAP_Y + MARGIN;
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
  double natural_width, natural_height, offset_x, scale;

  g_return_if_fail (cr != NULL && plot != NULL && boxes != NULL);

  natural_layout (cr, plot, boxes, &natural_width, &natural_height);
  scale = seg_box_fit_scale (natural_width, natural_height, width, height, &offset_x);
  for (guint v = 0; v < plot->n_nodes; v++)
    boxes[v] = (SegBox) { offset_x + boxes[v].x * scale, boxes[v].y * scale,
                          boxes[v].width * scale, boxes[v].height * scale };
}

/* Where an arrow starts and ends: from the bottom of its tail's box to
 * the top of its head's, or side to side within a layer. */
static void
edge_ends (const SegBox *a,
           const SegBox *b,
           double       *x0,
           double       *y0,
           double       *x1,
           double       *y1)
{
  *x0 = a->x + a->width / 2;
  *x1 = b->x + b->width / 2;
  if (b->y > a->y + a->height / 2)
    {
      *y0 = a->y + a->height;
      *y1 = b->y;
    }
  else if (b->y + b->height < a->y + a->height / 2)
    {
      *y0 = a->y;
      *y1 = b->y + b->height;
    }
  else
    {
      gboolean rightwards = *x1 > *x0;

      *y0 = *y1 = a->y + a->height / 2;
      *x0 = rightwards ? a->x + a->width : a->x;
      *x1 = rightwards ? b->x : b->x + b->width;
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
  g_autofree SegBox *boxes = g_new0 (SegBox, MAX (n, 1));
  double natural_width, natural_height, offset_x, scale;

  g_return_if_fail (cr != NULL && plot != NULL);

  natural_layout (cr, plot, boxes, &natural_width, &natural_height);
  scale = seg_box_fit_scale (natural_width, natural_height, width, height, &offset_x);
  seg_box_begin_fit (cr, width, height, offset_x, scale, plot->title);

  for (guint e = 0; e < plot->n_edges; e++)
    {
      double x0, y0, x1, y1, angle;

      if (plot->from[e] >= n || plot->to[e] >= n)
        continue;
      edge_ends (&boxes[plot->from[e]], &boxes[plot->to[e]], &x0, &y0, &x1, &y1);
      angle = atan2 (y1 - y0, x1 - x0);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_set_line_width (cr, 1.4);
      cairo_move_to (cr, x0, y0);
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
      const SegBox *box = &boxes[v];
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
  g_autofree SegBox *boxes = g_new0 (SegBox, MAX (plot->n_nodes, 1));
  double best = 6.0;
  int found = -1;

  seg_graph_plot_layout (cr, plot, width, height, boxes);
  for (guint e = 0; e < plot->n_edges; e++)
    {
      double x0, y0, x1, y1, dx, dy, t, d;

      if (plot->from[e] >= plot->n_nodes || plot->to[e] >= plot->n_nodes)
        continue;
      edge_ends (&boxes[plot->from[e]], &boxes[plot->to[e]], &x0, &y0, &x1, &y1);
      dx = x1 - x0;
      dy = y1 - y0;
      t = dx * dx + dy * dy > 0 ? CLAMP (((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0) : 0.0;
      d = hypot (x - (x0 + t * dx), y - (y0 + t * dy));
      if (d < best)
        {
          best = d;
          found = (int) e;
        }
    }
  return found;
}
