/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "seg-scatter.h"

/*
 * The cluster map with many points: how long a redraw takes, against the
 * straightforward Cairo way (a path with a circle per point, one fill per
 * cluster), and how long finding the point under the pointer takes with
 * the grid index, against looking at every point. Both sides draw the
 * same generated points into the same 1200 × 800 image, in the same run.
 *
 * Then a lasso selecting 132,000 of 300,000 points: the selection with
 * the grid index (cells wholly inside the lasso taken whole) and the
 * redraw of the chart with the selection outlined, against testing every
 * point against every edge and ringing every selected point with Cairo.
 * The target is the whole update within 0.2 s.
 */

#define WIDTH  1200
#define HEIGHT 800
#define RUNS   5

static void
make_points (gsize     n,
             guint     k,
             double  **x,
             double  **y,
             int32_t **labels)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  *x = g_new (double, n);
  *y = g_new (double, n);
  *labels = g_new (int32_t, n);
  for (gsize i = 0; i < n; i++)
    {
      int32_t c = g_rand_int_range (rand, 0, k);
      double angle = g_rand_double_range (rand, 0, 2 * G_PI);
      double spread = fabs (g_rand_double_range (rand, -1, 1) + g_rand_double_range (rand, -1, 1));

      (*labels)[i] = i % 50 == 0 ? -1 : c;
      (*x)[i] = 4 * cos (c * 2.4) + spread * cos (angle);
      (*y)[i] = 3 * sin (c * 2.4) + spread * sin (angle);
    }
}

/* The reference: every point a circle in a path. */
static void
draw_naive (cairo_t          *cr,
            const SegScatter *scatter,
            SegPlotFrame     *frame)
{
  for (int pass = -1; pass < (int) scatter->n_clusters; pass++)
    {
      SegColor color;

      for (gsize i = 0; i < scatter->n; i++)
        if ((scatter->labels[i] < 0 ? -1 : scatter->labels[i]) == pass)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, seg_plot_frame_sx (frame, scatter->x[i]), seg_plot_frame_sy (frame, scatter->y[i]),
                       1.2, 0, 2 * G_PI);
          }
      seg_plot_cluster_color (pass, &color);
      cairo_set_source_rgba (cr, color.r, color.g, color.b, pass < 0 ? 0.55 : 0.85);
      cairo_fill (cr);
    }
}

#define SELECT_POINTS   300000
#define SELECT_WANTED   132000
#define SELECT_VERTICES 120

/* A lasso as a hand draws it: a wobbly loop around a centre. */
static void
make_lasso (double  cx,
            double  cy,
            double  r,
            double *polygon)
{
  for (int v = 0; v < SELECT_VERTICES; v++)
    {
      double angle = 2 * G_PI * v / SELECT_VERTICES;
      double wobble = 1 + 0.15 * sin (5 * angle) + 0.05 * cos (13 * angle);

      polygon[2 * v] = cx + r * wobble * cos (angle);
      polygon[2 * v + 1] = cy + 0.8 * r * wobble * sin (angle);
    }
}

/* The reference: every point against every edge. */
static size_t
select_naive (const double *x,
              const double *y,
              size_t        n,
              const double *polygon,
              uint8_t      *selected)
{
  size_t count = 0;

  for (size_t i = 0; i < n; i++)
    {
      selected[i] = seg_point_in_polygon (x[i], y[i], polygon, SELECT_VERTICES);
      count += selected[i];
    }
  return count;
}

/* The reference redraw: the chart, then a ring per selected point. */
static void
redraw_naive (cairo_t          *cr,
              const SegScatter *scatter)
{
  SegPlotFrame frame;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  seg_scatter_frame (scatter, cr, WIDTH, HEIGHT, &frame);
  seg_plot_draw_axes (cr, &frame, &scatter->axes);
  cairo_save (cr);
  cairo_rectangle (cr, frame.x, frame.y, frame.width, frame.height);
  cairo_clip (cr);
  draw_naive (cr, scatter, &frame);
  for (size_t i = 0; i < scatter->n; i++)
    if (scatter->selected[i])
      {
        cairo_new_sub_path (cr);
        cairo_arc (cr, seg_plot_frame_sx (&frame, scatter->x[i]), seg_plot_frame_sy (&frame, scatter->y[i]),
                   2.7, 0, 2 * G_PI);
      }
  cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.9);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

typedef struct
{
  double index_ms;
  double select_ms;
  double redraw_ms;
  double naive_select_ms;
  double naive_redraw_ms;
  size_t selected;
  size_t naive_selected;
  gboolean density;
} SelectResult;

static void
bench_selection (SelectResult *result)
{
  const size_t n = SELECT_POINTS;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree int32_t *labels = NULL;
  g_autofree uint8_t *ours = g_new0 (uint8_t, n);
  g_autofree uint8_t *naive = g_new0 (uint8_t, n);
  double polygon[2 * SELECT_VERTICES], lo = 0.1, hi = 10, r = 1;
  double index_t[RUNS], select_t[RUNS], redraw_t[RUNS], naive_select_t[RUNS], naive_redraw_t[RUNS];
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  SegScatter scatter;

  make_points (n, 8, &x, &y, &labels);
  scatter = (SegScatter) { .n = n, .x = x, .y = y, .labels = labels, .n_clusters = 8,
                           .axes = { "Map", "PC1", "PC2", NULL, FALSE }, .drew_density = &result->density };
  seg_scatter_fit (&scatter);

  /* The lasso's size that takes 132,000 points, found by halving. */
  for (int step = 0; step < 40; step++)
    {
      size_t count;

      r = (lo + hi) / 2;
      make_lasso (-1.5, 0.5, r, polygon);
      count = select_naive (x, y, n, polygon, naive);
      if (count == SELECT_WANTED)
        break;
      if (count < SELECT_WANTED)
        lo = r;
      else
        hi = r;
    }

  for (int run = 0; run < RUNS; run++)
    {
      g_autoptr(SegPointIndex) index = NULL;
      double start = now ();
      cairo_t *cr;

      index = seg_point_index_new (x, y, n);
      index_t[run] = now () - start;

      /* What the map does on the lasso's release: select, then repaint
       * its cached image with the selection. */
      memset (ours, 0, n);
      start = now ();
      result->selected = seg_point_index_select (index, &scatter, polygon, SELECT_VERTICES,
                                                 SEG_SELECT_REPLACE, ours, 0);
      select_t[run] = now () - start;
      scatter.selected = ours;
      start = now ();
      cr = cairo_create (surface);
      seg_scatter_draw (cr, &scatter, WIDTH, HEIGHT, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      redraw_t[run] = now () - start;

      start = now ();
      result->naive_selected = select_naive (x, y, n, polygon, naive);
      naive_select_t[run] = now () - start;
      /* Ringing 132,000 points with Cairo takes tens of seconds: once is
       * enough to know. */
      if (run == 0)
        {
          scatter.selected = naive;
          start = now ();
          cr = cairo_create (surface);
          redraw_naive (cr, &scatter);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          naive_redraw_t[0] = now () - start;
          scatter.selected = NULL;
        }

      if (memcmp (ours, naive, n) != 0)
        result->naive_selected = G_MAXSIZE;
    }
  cairo_surface_destroy (surface);

  result->index_ms = median (index_t, RUNS) * 1000;
  result->select_ms = median (select_t, RUNS) * 1000;
  result->redraw_ms = median (redraw_t, RUNS) * 1000;
  result->naive_select_ms = median (naive_select_t, RUNS) * 1000;
  result->naive_redraw_ms = naive_redraw_t[0] * 1000;
}

int
main (int    argc,
      char **argv)
{
  gsize n = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  guint k = 8;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree int32_t *labels = NULL;
  g_autoptr(SegPointIndex) index = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autofree char *load = load_average ();
  double ours[RUNS], naive[RUNS], ours_ms, naive_ms, lookup_ms, scan_ms, ratio;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  SegScatter scatter;
  SegPlotFrame frame;
  cairo_t *cr;
  guint agree = 0;
  const guint queries = 2000;

  setlocale (LC_ALL, "");
  if (n < 1000)
    {
      g_printerr ("bench-map: give at least 1000 points\n");
      return 2;
    }
  make_points (n, k, &x, &y, &labels);
  scatter = (SegScatter) { .n = n, .x = x, .y = y, .labels = labels, .n_clusters = k,
                           .axes = { "Map", "PC1", "PC2", NULL, FALSE }, .radius = 1.2 };
  seg_scatter_fit (&scatter);

  cr = cairo_create (surface);
  seg_scatter_frame (&scatter, cr, WIDTH, HEIGHT, &frame);
  cairo_destroy (cr);

  for (int run = 0; run < RUNS; run++)
    {
      double start = now ();

      cr = cairo_create (surface);
      seg_scatter_draw_points (cr, &scatter, &frame);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ours[run] = now () - start;

      start = now ();
      cr = cairo_create (surface);
      cairo_rectangle (cr, frame.x, frame.y, frame.width, frame.height);
      cairo_clip (cr);
      draw_naive (cr, &scatter, &frame);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      naive[run] = now () - start;
    }
  cairo_surface_destroy (surface);
  ours_ms = median (ours, RUNS) * 1000;
  naive_ms = median (naive, RUNS) * 1000;
  ratio = ours_ms / naive_ms;

  /* The point under the pointer, within 8 pixels. */
  {
    double xs = frame.width / (frame.xr.hi - frame.xr.lo), ys = frame.height / (frame.yr.hi - frame.yr.lo);
    g_autofree double *qx = g_new (double, queries);
    g_autofree double *qy = g_new (double, queries);
    g_autofree gssize *found = g_new (gssize, queries);
    double start = now ();

    index = seg_point_index_new (x, y, n);
    for (guint q = 0; q < queries; q++)
      {
        qx[q] = g_rand_double_range (rand, frame.xr.lo, frame.xr.hi);
        qy[q] = g_rand_double_range (rand, frame.yr.lo, frame.yr.hi);
      }
    start = now ();
    for (guint q = 0; q < queries; q++)
      found[q] = seg_point_index_nearest (index, qx[q], qy[q], xs, ys, 8);
    lookup_ms = (now () - start) * 1000 / queries;

    start = now ();
    for (guint q = 0; q < queries; q++)
      {
        double best = 64;
        gssize nearest = -1;

        for (gsize i = 0; i < n; i++)
          {
            double dx = (x[i] - qx[q]) * xs, dy = (y[i] - qy[q]) * ys;

            if (dx * dx + dy * dy <= best)
              {
                best = dx * dx + dy * dy;
                nearest = (gssize) i;
              }
          }
        if (nearest == found[q] ||
            (nearest >= 0 && found[q] >= 0 &&
             hypot ((x[nearest] - qx[q]) * xs, (y[nearest] - qy[q]) * ys) ==
             hypot ((x[found[q]] - qx[q]) * xs, (y[found[q]] - qy[q]) * ys)))
          agree++;
      }
    scan_ms = (now () - start) * 1000 / queries;
  }

  g_print ("Cluster map, %" G_GSIZE_FORMAT " points in %u clusters and noise, %d × %d, median of %d\n",
           n, k, WIDTH, HEIGHT, RUNS);
  g_print ("Load average before the runs: %s\n\n", load);
  g_print ("  redraw, Segmenta (pixels, density)   %8.1f ms\n", ours_ms);
  g_print ("  redraw, a Cairo path per point        %8.1f ms\n", naive_ms);
  g_print ("  ratio                                 %8.3f   (target ≤ 0.1)\n", ratio);
  g_print ("  point under the pointer, grid index   %8.4f ms\n", lookup_ms);
  g_print ("  point under the pointer, every point  %8.4f ms   (%u of %u answers the same)\n",
           scan_ms, agree, queries);
  g_print ("\nbench-map: n=%" G_GSIZE_FORMAT " ours_ms=%.1f naive_ms=%.1f ratio=%.3f lookup_ms=%.4f scan_ms=%.4f agree=%u/%u\n",
           n, ours_ms, naive_ms, ratio, lookup_ms, scan_ms, agree, queries);

  {
    SelectResult sel = { 0 };
    double total, naive_total;
    gboolean same;

    bench_selection (&sel);
    total = sel.select_ms + sel.redraw_ms;
    naive_total = sel.naive_select_ms + sel.naive_redraw_ms;
    same = sel.naive_selected == sel.selected;
    g_print ("\nSelecting with a lasso of %d vertices: %" G_GSIZE_FORMAT " of %d points, %d × %d, median of %d\n\n",
             SELECT_VERTICES, sel.selected, SELECT_POINTS, WIDTH, HEIGHT, RUNS);
    g_print ("  grid index, once per set of points     %8.1f ms\n", sel.index_ms);
    g_print ("  selection, grid index                  %8.1f ms\n", sel.select_ms);
    g_print ("  redraw with the selection (%s)    %8.1f ms\n", sel.density ? "density" : "dots   ", sel.redraw_ms);
    g_print ("  update, Segmenta                       %8.1f ms   (target ≤ 200)\n", total);
    g_print ("  selection, every point × every edge    %8.1f ms\n", sel.naive_select_ms);
    g_print ("  redraw, Cairo paths and rings (once)   %8.1f ms\n", sel.naive_redraw_ms);
    g_print ("  update, straightforward                %8.1f ms\n", naive_total);
    g_print ("  ratio                                  %8.3f   (selections %s)\n",
             total / naive_total, same ? "identical" : "DIFFER");
    g_print ("\nbench-map-select: n=%d selected=%" G_GSIZE_FORMAT " index_ms=%.1f select_ms=%.1f redraw_ms=%.1f "
             "total_ms=%.1f naive_select_ms=%.1f naive_redraw_ms=%.1f naive_total_ms=%.1f ratio=%.3f same=%d\n",
             SELECT_POINTS, sel.selected, sel.index_ms, sel.select_ms, sel.redraw_ms, total,
             sel.naive_select_ms, sel.naive_redraw_ms, naive_total, total / naive_total, same);

    return ratio <= 0.1 && agree == queries && same && total <= 200 ? 0 : 1;
  }
}
