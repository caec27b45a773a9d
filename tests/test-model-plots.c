/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "seg-graph-plot.h"
#include "seg-heat-map.h"
#include "seg-rule-plots.h"
#include "seg-scatter.h"
#include "seg-test-utils.h"
#include "seg-tree-plot.h"

/* A tree of 13 nodes, deeper on the right, with long questions. */
static const SegTreePlotNode tree_nodes[] = {
  { 1, 2, "Days since the last order before 1 Sep 2024 ≤ 42.5?\n500 customers\n31% bought", 0.31 },
  { 3, 4, "Orders before 1 Sep 2024 ≤ 2.5?\n200 customers\n55% bought", 0.55 },
  { 5, 6, "Spend before 1 Sep 2024 ≤ 120?\n300 customers\n15% bought", 0.15 },
  { -1, -1, "120 customers\n40% bought", 0.40 },
  { -1, -1, "80 customers\n78% bought", 0.78 },
  { -1, -1, "100 customers\n5% bought", 0.05 },
  { 7, 8, "Orders ≤ 4.5?\n200 customers\n20% bought", 0.20 },
  { 9, 10, "Tenure ≤ 300?\n150 customers\n12% bought", 0.12 },
  { -1, -1, "50 customers\n44% bought", 0.44 },
  { -1, -1, "70 customers\n8% bought", 0.08 },
  { 11, 12, "Items ≤ 3?\n80 customers\n16% bought", 0.16 },
  { -1, -1, "40 customers\n10% bought", 0.10 },
  { -1, -1, "40 customers\n22% bought", 0.22 },
};

static const SegTreePlot tree_plot = {
  tree_nodes, G_N_ELEMENTS (tree_nodes), -1, "Decision tree",
  "Share who bought", "0%", "100%",
};

/* A network like a tree-augmented naive Bayes one: the class points at
 * every feature, and the features form a tree among themselves. */
static const char *const graph_labels[] = {
  "recency", "frequency", "monetary", "tenure", "items", "gap_mean", "bought again",
};
static const guint graph_from[] = { 6, 6, 6, 6, 6, 6, 0, 1, 1, 3, 1 };
static const guint graph_to[] = { 0, 1, 2, 3, 4, 5, 3, 2, 4, 5, 0 };
static const SegGraphPlot graph_plot = {
  G_N_ELEMENTS (graph_labels), graph_labels, G_N_ELEMENTS (graph_from), graph_from, graph_to, 6, -1,
  "Bayesian network",
};

static cairo_t *
scratch_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static void
assert_no_overlap (const SegBox *boxes,
                   guint         n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (boxes[i].width > 0 && boxes[j].width > 0 && seg_box_overlaps (&boxes[i], &boxes[j]))
        g_error ("boxes %u (%g, %g, %g × %g) and %u (%g, %g, %g × %g) overlap",
                 i, boxes[i].x, boxes[i].y, boxes[i].width, boxes[i].height,
                 j, boxes[j].x, boxes[j].y, boxes[j].width, boxes[j].height);
}

static void
test_tree_layout (void)
{
  cairo_t *cr = scratch_context ();
  SegBox boxes[G_N_ELEMENTS (tree_nodes)];
  double sizes[][2] = { { 4000, 3000 }, { 1000, 600 }, { 320, 200 } };
  double natural_w, natural_h;

  seg_tree_plot_natural_size (cr, &tree_plot, &natural_w, &natural_h);
  /* Seven leaves side by side, five rows. */
  g_assert_cmpfloat (natural_w, >, 7 * 150);
  g_assert_cmpfloat (natural_h, >, 5 * 30);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = seg_tree_plot_layout (cr, &tree_plot, sizes[s][0], sizes[s][1], boxes);

      g_assert_cmpuint (n, ==, G_N_ELEMENTS (tree_nodes));
      assert_no_overlap (boxes, n);
      for (guint k = 0; k < n; k++)
        {
          const SegTreePlotNode *node = &tree_nodes[k];

          g_assert_cmpfloat (boxes[k].width, >, 0);
          g_assert_cmpfloat (boxes[k].x, >=, 0);
          g_assert_cmpfloat (boxes[k].y, >=, 0);
          g_assert_cmpfloat (boxes[k].x + boxes[k].width, <=, sizes[s][0] + 1e-9);
          g_assert_cmpfloat (boxes[k].y + boxes[k].height, <=, sizes[s][1] + 1e-9);
          if (node->left >= 0)
            {
              const SegBox *l = &boxes[node->left], *r = &boxes[node->right];

              /* Children one row down, yes on the left, the parent
               * centred over them. */
              g_assert_cmpfloat (l->y, >, boxes[k].y + boxes[k].height);
              g_assert_cmpfloat (l->y, ==, r->y);
              g_assert_cmpfloat (l->x, <, r->x);
              g_assert_cmpfloat_with_epsilon (boxes[k].x + boxes[k].width / 2,
                                              (l->x + r->x + r->width) / 2, 1e-6);
            }
          /* The node is found where it is drawn. */
          g_assert_cmpint (seg_tree_plot_node_at (cr, &tree_plot, sizes[s][0], sizes[s][1],
                                                  boxes[k].x + boxes[k].width / 2,
                                                  boxes[k].y + boxes[k].height / 2), ==, (int) k);
        }
      /* Large enough: drawn at its natural size, not blown up. */
      if (s == 0)
        g_assert_cmpfloat_with_epsilon (boxes[0].width, 176.0, 1e-9);
      else if (s == 2)
        g_assert_cmpfloat (boxes[0].width, <, 176.0);
    }
  g_assert_cmpint (seg_tree_plot_node_at (cr, &tree_plot, 1000, 600, 1, 599), ==, -1);
  cairo_destroy (cr);
}

static void
test_tree_every_node (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1400, 600);
  cairo_t *cr = cairo_create (surface);
  /* A node pointing back at the root, one out of range and one that
   * nothing reaches: what the root reaches is drawn, once each. */
  SegTreePlotNode broken[] = {
    { 1, 2, "root", 0.5 },
    { 0, 7, "loops back", 0.2 },
    { -1, -1, "leaf", 0.9 },
    { -1, -1, "stray", 0.1 },
  };
  SegTreePlot plot = tree_plot;

  g_assert_cmpuint (seg_tree_plot_draw (cr, &tree_plot, 1400, 600), ==, G_N_ELEMENTS (tree_nodes));
  plot.nodes = broken;
  plot.n_nodes = G_N_ELEMENTS (broken);
  g_assert_cmpuint (seg_tree_plot_draw (cr, &plot, 1400, 600), ==, 3);
  plot.n_nodes = 0;
  g_assert_cmpuint (seg_tree_plot_draw (cr, &plot, 1400, 600), ==, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_graph_layout (void)
{
  cairo_t *cr = scratch_context ();
  SegBox boxes[G_N_ELEMENTS (graph_labels)];
  double sizes[][2] = { { 2000, 1500 }, { 600, 400 }, { 200, 120 } };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      seg_graph_plot_layout (cr, &graph_plot, sizes[s][0], sizes[s][1], boxes);
      assert_no_overlap (boxes, G_N_ELEMENTS (graph_labels));
      for (guint v = 0; v < G_N_ELEMENTS (graph_labels); v++)
        {
          g_assert_cmpfloat (boxes[v].width, >, 0);
          g_assert_cmpfloat (boxes[v].x + boxes[v].width, <=, sizes[s][0] + 1e-9);
          g_assert_cmpfloat (boxes[v].y + boxes[v].height, <=, sizes[s][1] + 1e-9);
          g_assert_cmpint (seg_graph_plot_node_at (cr, &graph_plot, sizes[s][0], sizes[s][1],
                                                   boxes[v].x + boxes[v].width / 2,
                                                   boxes[v].y + boxes[v].height / 2), ==, (int) v);
        }
      /* Every arrow points down; the target, with no parents, is on top. */
      for (guint e = 0; e < G_N_ELEMENTS (graph_from); e++)
        g_assert_cmpfloat (boxes[graph_to[e]].y, >, boxes[graph_from[e]].y + boxes[graph_from[e]].height);
      for (guint v = 0; v < 6; v++)
        g_assert_cmpfloat (boxes[6].y, <, boxes[v].y);
    }

  /* An arrow is found along its length, and only there. */
  {
    static const char *const labels[] = { "class", "left", "right" };
    static const guint from[] = { 0, 0 };
    static const guint to[] = { 1, 2 };
    SegGraphPlot small = { 3, labels, 2, from, to, 0, -1, NULL };
    SegBox three[3];

    seg_graph_plot_layout (cr, &small, 600, 400, three);
    assert_no_overlap (three, 3);
    for (guint e = 0; e < 2; e++)
      {
        const SegBox *a = &three[from[e]], *b = &three[to[e]];
        double x = ((a->x + a->width / 2) + (b->x + b->width / 2)) / 2;
        double y = ((a->y + a->height) + b->y) / 2;

        g_assert_cmpint (seg_graph_plot_edge_at (cr, &small, 600, 400, x, y), ==, (int) e);
      }
    g_assert_cmpint (seg_graph_plot_edge_at (cr, &small, 600, 400, 1, 399), ==, -1);
  }
  cairo_destroy (cr);
}

static double
luminance (const SegColor *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

static double
pixel_luminance (cairo_surface_t *surface,
                 int              x,
                 int              y)
{
  const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface) +
                                          y * cairo_image_surface_get_stride (surface));
  guint32 p = row[x];
  SegColor c = { ((p >> 16) & 0xff) / 255.0, ((p >> 8) & 0xff) / 255.0, (p & 0xff) / 255.0 };

  return luminance (&c);
}

static void
test_heat_colours (void)
{
  double values[4 * 5];
  SegHeatMap map = {
    .rows = 4, .cols = 5, .values = values,
    .xr = { 0, 100 }, .yr = { 0, 8 },
    .legend_title = "Expected orders", .decimals = 2,
    .axes = { "Heat", "Days since last order", "Orders", NULL, FALSE },
  };
  cairo_surface_t *surface;
  cairo_t *cr;
  double last = INFINITY;
  SegPlotFrame frame;
  SegRange range;

  /* The scale darkens steadily from low to high. */
  for (guint i = 0; i <= 100; i++)
    {
      SegColor color;

      seg_heat_map_color (i / 100.0, &color);
      g_assert_cmpfloat (luminance (&color), <, last);
      last = luminance (&color);
    }

  /* Values rise along the columns and then the rows: a drawn cell is
   * darker than every cell of lower value. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = 0.5 * i + 0.01 * i * i;
  g_assert_true (seg_heat_map_value_range (&map, &range));
  g_assert_cmpfloat (range.lo, ==, 0);
  g_assert_cmpfloat_with_epsilon (range.hi, 0.5 * 19 + 0.01 * 19 * 19, 1e-9);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 500, 400);
  cr = cairo_create (surface);
  seg_heat_map_draw (cr, &map, 500, 400);
  cairo_surface_flush (surface);
  seg_heat_map_layout (cr, &map, 500, 400, &frame);
  last = INFINITY;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      guint r = i / map.cols, c = i % map.cols;
      int x = (int) (frame.x + (c + 0.5) * frame.width / map.cols);
      int y = (int) (frame.y + frame.height - (r + 0.5) * frame.height / map.rows);
      double l = pixel_luminance (surface, x, y);

      g_assert_cmpfloat (l, <=, last);
      if (i > 0)
        g_assert_cmpfloat (l, <, last);
      last = l;
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}


/* Rules --------------------------------------------------------------------- */

/* Five rules: support and confidence in percent, and lift. */
static const double rule_x[] = { 1.2, 4.0, 0.5, 2.5, 2.5 };
static const double rule_y[] = { 84, 40, 95, 60, 60 };
static const double rule_lift[] = { 6.1, 1.2, 3.0, 2.0, 4.0 };
static const SegRuleScatter rule_scatter = {
  G_N_ELEMENTS (rule_x), rule_x, rule_y, rule_lift, NULL, 0, "Rules",
};

static const char *const matrix_rows[] = {
  "Earl Grey tea, loose leaf, 250 g tin from the Darjeeling estate", "cups", "teapot + cups",
};
static const char *const matrix_cols[] = {
  "teapot", "Porcelain saucers with a gold rim, set of six, hand painted",
};
/* The rules of the cells: row 0 has both, row 1 the first, row 2 none. */
static const gssize matrix_cells[] = { 0, 1, 2, -1, -1, -1 };
static const double matrix_lift[] = { 6.0, 1.5, 3.0 };
static const double matrix_support[] = { 0.01, 0.20, 0.05 };
static const SegRuleMatrix rule_matrix = {
  3, 2, matrix_rows, matrix_cols, matrix_cells, matrix_lift, matrix_support, 1, "What sells together",
};

static void
draw_rule_scatter (cairo_t  *cr,
                   double    width,
                   double    height,
                   gpointer  data)
{
  seg_rule_scatter_draw (cr, data, width, height, NULL);
}

static void
draw_rule_matrix (cairo_t  *cr,
                  double    width,
                  double    height,
                  gpointer  data)
{
  seg_rule_matrix_draw (cr, data, width, height, NULL);
}

/* Each rule sits at its support and confidence, with the units on the
 * axes; a stronger lift is darker; of two rules on one spot the
 * stronger shows; the pointer finds a rule through the point index. */
static void
test_rule_scatter (void)
{
  SegRuleScatter scatter = rule_scatter;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 700, 500);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(SegPointIndex) index = NULL;
  SegPlotFrame frame, laid;
  double l[G_N_ELEMENTS (rule_x)];

  scatter.selected = -1;
  seg_rule_scatter_fit (&scatter);
  g_assert_cmpfloat (scatter.xr.lo, ==, 0);
  g_assert_cmpfloat (scatter.xr.hi, >, 4.0);
  g_assert_cmpfloat (scatter.yr.lo, <, 40);
  g_assert_cmpfloat (scatter.yr.hi, >, 95);
  seg_rule_scatter_draw (cr, &scatter, 700, 500, &frame);
  seg_rule_scatter_layout (cr, &scatter, 700, 500, &laid);
  g_assert_cmpfloat (frame.x, ==, laid.x);
  g_assert_cmpfloat (frame.width, ==, laid.width);
  cairo_surface_flush (surface);
  for (guint i = 0; i < G_N_ELEMENTS (rule_x); i++)
    l[i] = pixel_luminance (surface, (int) seg_plot_frame_sx (&frame, rule_x[i]),
                            (int) seg_plot_frame_sy (&frame, rule_y[i]));
  /* Lift 6.1 darker than 3.0 darker than 1.2; the white ground is lighter still. */
  g_assert_cmpfloat (l[0], <, l[2]);
  g_assert_cmpfloat (l[2], <, l[1]);
  g_assert_cmpfloat (l[1], <, 0.99);
  /* Rules 3 and 4 share a spot: the one of lift 4 is the one seen,
   * darker than rule 2 (lift 3) and lighter than rule 0 (6.1). */
  g_assert_cmpfloat (l[3], <, l[2]);
  g_assert_cmpfloat (l[3], >, l[0]);

  index = seg_point_index_new (rule_x, rule_y, G_N_ELEMENTS (rule_x));
  {
    double x, y;

    seg_plot_frame_to_data (&frame, seg_plot_frame_sx (&frame, 1.2) + 3, seg_plot_frame_sy (&frame, 84) - 2, &x, &y);
    g_assert_cmpint (seg_point_index_nearest (index, x, y, frame.width / (frame.xr.hi - frame.xr.lo),
                                              frame.height / (frame.yr.hi - frame.yr.lo), 8), ==, 0);
    seg_plot_frame_to_data (&frame, frame.x + 2, frame.y + 2, &x, &y);
    g_assert_cmpint (seg_point_index_nearest (index, x, y, frame.width / (frame.xr.hi - frame.xr.lo),
                                              frame.height / (frame.yr.hi - frame.yr.lo), 8), ==, -1);
  }

  /* Hiding a rule takes its point away. */
  {
    const uint8_t hidden[] = { 1, 0, 0, 0, 0 };

    scatter.hidden = hidden;
    seg_rule_scatter_draw (cr, &scatter, 700, 500, &frame);
    cairo_surface_flush (surface);
    g_assert_cmpfloat (pixel_luminance (surface, (int) seg_plot_frame_sx (&frame, 1.2),
                                        (int) seg_plot_frame_sy (&frame, 84)), >, 0.95);
  }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Ink of a colour that is neither white nor a shade of grey, in a box. */
static guint
colored_pixels (cairo_surface_t *surface,
                int              x0,
                int              y0,
                int              x1,
                int              y1)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = ((const guint32 *) (cairo_image_surface_get_data (surface) +
                                        y * cairo_image_surface_get_stride (surface)))[x];
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        if (MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) > 24)
          n++;
      }
  return n;
}

/* The cell under the pointer holds its rule; the squares grow with
 * the support; long names are cut short and leave the grid its room. */
static void
test_rule_matrix (void)
{
  SegRuleMatrix matrix = rule_matrix;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 420);
  cairo_t *cr = cairo_create (surface);
  SegPlotFrame frame;
  double cw, ch;
  guint small, large;

  matrix.selected = -1;
  seg_rule_matrix_draw (cr, &matrix, 640, 420, &frame);
  cairo_surface_flush (surface);
  g_assert_cmpfloat (frame.xr.hi, ==, 2);
  g_assert_cmpfloat (frame.yr.hi, ==, 3);
  /* The names are longer than a third of the width, yet the grid keeps
   * at least half of it. */
  g_assert_cmpfloat (frame.width, >, 640 * 0.45);
  g_assert_cmpfloat (frame.x, <=, 640 * 0.32 + 20);
  cw = frame.width / 2;
  ch = frame.height / 3;
  for (guint r = 0; r < 3; r++)
    for (guint c = 0; c < 2; c++)
      g_assert_cmpint (seg_rule_matrix_rule_at (&matrix, &frame, frame.x + (c + 0.5) * cw, frame.y + (r + 0.5) * ch),
                       ==, matrix_cells[r * 2 + c]);
  g_assert_cmpint (seg_rule_matrix_rule_at (&matrix, &frame, frame.x - 3, frame.y + 3), ==, -1);
  g_assert_cmpint (seg_rule_matrix_rule_at (&matrix, &frame, frame.x + 3, frame.y + frame.height + 3), ==, -1);

  /* Rule 1 (20 % of baskets) covers more than rule 0 (1 %). */
  small = colored_pixels (surface, (int) frame.x, (int) frame.y, (int) (frame.x + cw), (int) (frame.y + ch));
  large = colored_pixels (surface, (int) (frame.x + cw), (int) frame.y, (int) (frame.x + 2 * cw), (int) (frame.y + ch));
  g_assert_cmpuint (small, >, 0);
  g_assert_cmpuint (large, >, 2 * small);
  /* The empty row stays empty. */
  g_assert_cmpuint (colored_pixels (surface, (int) frame.x + 2, (int) (frame.y + 2 * ch + 2),
                                    (int) (frame.x + frame.width - 2), (int) (frame.y + 3 * ch - 2)), ==, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_rule_words (void)
{
  g_autofree char *text = seg_rule_describe ("tea + cups", "teapot", 0.012, 0.84, 6.1);
  g_autofree char *rare = seg_rule_describe ("a", "b", 0.00042, 1.0, 12.34);

  g_assert_cmpstr (text, ==, "tea + cups → teapot: in 1.2 % of baskets, 84 % confidence, 6.1× lift");
  g_assert_cmpstr (rare, ==, "a → b: in 0.042 % of baskets, 100 % confidence, 12.3× lift");
}

typedef void (*DrawFunc) (cairo_t *cr, double width, double height, gpointer data);

static void
draw_tree (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  data)
{
  seg_tree_plot_draw (cr, data, width, height);
}

static void
draw_graph (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  data)
{
  seg_graph_plot_draw (cr, data, width, height);
}

static void
draw_heat (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  data)
{
  seg_heat_map_draw (cr, data, width, height);
}

static double heat_values[3 * 3] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
static const SegHeatMap heat_map = {
  .rows = 3, .cols = 3, .values = heat_values, .xr = { 0, 30 }, .yr = { 0, 3 },
  .legend_title = "Chance still a customer", .decimals = 0, .unit = "%", .factor = 100,
  .axes = { "Heat", "Days since last order", "Orders", NULL, FALSE },
};

/* Each drawing, at sizes from roomy to cramped, paints something and
 * nothing outside the rectangle it is given. */
static void
test_paints_inside (void)
{
  struct { DrawFunc draw; gconstpointer data; } drawings[] = {
    { draw_tree, &tree_plot }, { draw_graph, &graph_plot }, { draw_heat, &heat_map },
    { draw_rule_scatter, &rule_scatter }, { draw_rule_matrix, &rule_matrix },
  };
  double sizes[][2] = { { 900, 600 }, { 300, 180 }, { 120, 80 } };

  for (guint d = 0; d < G_N_ELEMENTS (drawings); d++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        int w = (int) sizes[s][0], h = (int) sizes[s][1], border = 30;
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w + 2 * border, h + 2 * border);
        cairo_t *cr = cairo_create (surface);
        const guint32 sentinel = 0xff00ff;
        guint outside = 0, inked = 0;

        cairo_set_source_rgb (cr, 1, 0, 1);
        cairo_paint (cr);
        cairo_translate (cr, border, border);
        drawings[d].draw (cr, w, h, (gpointer) drawings[d].data);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_surface_flush (surface);
        for (int y = 0; y < h + 2 * border; y++)
          {
            const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface) +
                                                    y * cairo_image_surface_get_stride (surface));

            for (int x = 0; x < w + 2 * border; x++)
              {
                guint32 p = row[x] & 0xffffff;
                gboolean inside = x >= border && x < border + w && y >= border && y < border + h;

                if (!inside && p != sentinel)
                  outside++;
                if (inside && p != 0xffffff && p != sentinel)
                  inked++;
              }
          }
        if (outside > 0)
          g_error ("drawing %u at %d × %d painted %u pixels outside its rectangle", d, w, h, outside);
        g_assert_cmpuint (inked, >, (guint) (w * h / 100));
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
}

static void
test_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("segmenta-model-plots-XXXXXX", NULL);
  static const char *const extensions[] = { "png", "svg", "pdf" };
  static const char *const heads[] = { "\x89PNG\r\n\x1a\n", "<?xml", "%PDF-" };
  struct { const char *name; SegPlotDrawFunc draw; gconstpointer data; } drawings[] = {
    { "tree", draw_tree, &tree_plot }, { "network", draw_graph, &graph_plot }, { "heat", draw_heat, &heat_map },
    { "rules", draw_rule_scatter, &rule_scatter }, { "rule-matrix", draw_rule_matrix, &rule_matrix },
  };

  for (guint d = 0; d < G_N_ELEMENTS (drawings); d++)
    for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", drawings[d].name, extensions[e]);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;
        g_autoptr(GError) error = NULL;
        gsize length = 0;

        g_assert_true (seg_plot_export (path, 800, 500, drawings[d].draw, (gpointer) drawings[d].data, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
        g_assert_true (g_str_has_prefix (contents, heads[e]));
        g_assert_cmpuint (length, >, 500);
      }
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model-plots/tree-layout", test_tree_layout);
  g_test_add_func ("/model-plots/tree-every-node", test_tree_every_node);
  g_test_add_func ("/model-plots/graph-layout", test_graph_layout);
  g_test_add_func ("/model-plots/heat-colours", test_heat_colours);
  g_test_add_func ("/model-plots/rule-scatter", test_rule_scatter);
  g_test_add_func ("/model-plots/rule-matrix", test_rule_matrix);
  g_test_add_func ("/model-plots/rule-words", test_rule_words);
  g_test_add_func ("/model-plots/paints-inside", test_paints_inside);
  g_test_add_func ("/model-plots/export", test_export);

  return g_test_run ();
}
