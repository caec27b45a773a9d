/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "seg-charts.h"
#include "seg-predict-charts.h"
#include "seg-scatter.h"
#include "seg-test-utils.h"

static void
test_ticks (void)
{
  double ticks[SEG_PLOT_MAX_TICKS], step;
  guint n;

  n = seg_plot_ticks ((SegRange) { 0, 10 }, 6, ticks, &step);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (step, ==, 2);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (ticks[i], 2.0 * i, 1e-12);

  /* Ticks stay inside the range and land on multiples of the step. */
  n = seg_plot_ticks ((SegRange) { -2.2, 2.05 }, 10, ticks, &step);
  g_assert_cmpfloat (step, ==, 0.5);
  g_assert_cmpuint (n, ==, 9);
  g_assert_cmpfloat_with_epsilon (ticks[0], -2.0, 1e-12);
  g_assert_cmpfloat (ticks[4], ==, 0.0);
  g_assert_cmpfloat (signbit (ticks[4]), ==, 0);

  n = seg_plot_ticks ((SegRange) { 3121.1, 617.3 }, 8, ticks, &step);
  g_assert_cmpuint (n, ==, 1);
  n = seg_plot_ticks ((SegRange) { 617.3, 3121.1 }, 8, ticks, &step);
  g_assert_cmpfloat (step, ==, 500);
  g_assert_cmpfloat (ticks[0], ==, 1000);
  n = seg_plot_ticks ((SegRange) { 5, 5 }, 8, ticks, &step);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (ticks[0], ==, 5);
  n = seg_plot_ticks ((SegRange) { 0, 1e-7 }, 16, ticks, &step);
  g_assert_cmpuint (n, <=, SEG_PLOT_MAX_TICKS);
  g_assert_cmpuint (n, >=, 2);

  {
    g_autofree char *half = seg_plot_format_tick (0.5, 0.5);
    g_autofree char *two = seg_plot_format_tick (2, 1);
    g_autofree char *small = seg_plot_format_tick (0.025, 0.005);
    g_autofree char *millions = seg_plot_format_tick (2.5e7, 5e6);

    g_assert_cmpstr (half, ==, "0.5");
    g_assert_cmpstr (two, ==, "2");
    g_assert_cmpstr (small, ==, "0.025");
    g_assert_cmpstr (millions, ==, "25M");
  }
}

static void
test_lasso (void)
{
  /* An L: the notch at the top right is outside. */
  double ell[] = { 0, 0, 4, 0, 4, 2, 2, 2, 2, 4, 0, 4 };
  /* A bow tie drawn through itself. */
  double bow[] = { 0, 0, 4, 4, 4, 0, 0, 4 };
  double x[] = { 1, 3, 3, 1, 5, 1.5 };
  double y[] = { 1, 1, 3, 3, 1, 2.5 };
  uint8_t selected[6];
  SegScatter scatter = { .n = 6, .x = x, .y = y };

  g_assert_true (seg_point_in_polygon (1, 1, ell, 6));
  g_assert_true (seg_point_in_polygon (3, 1, ell, 6));
  g_assert_false (seg_point_in_polygon (3, 3, ell, 6));
  g_assert_true (seg_point_in_polygon (1, 3, ell, 6));
  g_assert_false (seg_point_in_polygon (5, 1, ell, 6));

  g_assert_true (seg_point_in_polygon (0.5, 2, bow, 4));
  g_assert_false (seg_point_in_polygon (2, 0.5, bow, 4));

  g_assert_cmpuint (seg_scatter_select_polygon (&scatter, ell, 6, selected), ==, 4);
  g_assert_cmpuint (selected[0] + selected[1] + selected[3] + selected[5], ==, 4);
  g_assert_cmpuint (selected[2] + selected[4], ==, 0);
  g_assert_cmpuint (seg_scatter_select_polygon (&scatter, ell, 2, selected), ==, 0);
}


static void
test_point_index (void)
{
  const size_t n = 5000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autoptr(SegPointIndex) index = NULL;
  g_autoptr(SegPointIndex) empty = seg_point_index_new (x, y, 0);
  guint found = 0;

  for (size_t i = 0; i < n; i++)
    {
      /* Clumps and a long tail, as map coordinates have. */
      x[i] = i % 3 == 0 ? g_rand_double_range (rand, -50, 50) : g_rand_double_range (rand, 0, 1);
      y[i] = g_rand_double_range (rand, -0.01, 0.01) * (i % 7 + 1);
    }
  index = seg_point_index_new (x, y, n);

  for (guint q = 0; q < 2000; q++)
    {
      double qx = g_rand_double_range (rand, -55, 55);
      double qy = g_rand_double_range (rand, -0.08, 0.08);
      double xs = g_rand_double_range (rand, 0.5, 50);
      double ys = g_rand_double_range (rand, 100, 5000);
      double within = g_rand_double_range (rand, 1, 12);
      double best = within * within;
      gssize want = -1, got;

      for (size_t i = 0; i < n; i++)
        {
          double dx = (x[i] - qx) * xs, dy = (y[i] - qy) * ys;

          if (dx * dx + dy * dy <= best)
            {
              best = dx * dx + dy * dy;
              want = (gssize) i;
            }
        }
      got = seg_point_index_nearest (index, qx, qy, xs, ys, within);
      if (want < 0)
        g_assert_cmpint (got, ==, -1);
      else
        {
          double dx = (x[got] - qx) * xs, dy = (y[got] - qy) * ys;

          g_assert_cmpint (got, >=, 0);
          g_assert_cmpfloat (dx * dx + dy * dy, ==, best);
          found++;
        }
    }
  /* The queries hit points and missed them, both. */
  g_assert_cmpuint (found, >, 100);
  g_assert_cmpuint (found, <, 1900);
  g_assert_cmpint (seg_point_index_nearest (empty, 0, 0, 1, 1, 10), ==, -1);
}

typedef struct
{
  cairo_surface_t *surface;
  int              width;
  int              height;
} Canvas;

static void
canvas_init (Canvas *canvas,
             int     width,
             int     height)
{
  canvas->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  canvas->width = width;
  canvas->height = height;
}

static void
pixel (Canvas   *canvas,
       double    x,
       double    y,
       SegColor *color)
{
  const guint8 *data;
  guint32 value;

  cairo_surface_flush (canvas->surface);
  data = cairo_image_surface_get_data (canvas->surface);
  value = *(const guint32 *) (data + (int) y * cairo_image_surface_get_stride (canvas->surface) + (int) x * 4);
  color->r = ((value >> 16) & 0xff) / 255.0;
  color->g = ((value >> 8) & 0xff) / 255.0;
  color->b = (value & 0xff) / 255.0;
}

/* The colour a point painted over white takes at this opacity. */
static gboolean
looks_like (const SegColor *seen,
            int             cluster,
            double          alpha)
{
  SegColor want;

  seg_plot_cluster_color (cluster, &want);
  return fabs (seen->r - (want.r * alpha + (1 - alpha))) < 0.03 &&
         fabs (seen->g - (want.g * alpha + (1 - alpha))) < 0.03 &&
         fabs (seen->b - (want.b * alpha + (1 - alpha))) < 0.03;
}

/* A colour faded over a light background: grid lines show through. */
static gboolean
looks_faded (const SegColor *seen,
             int             cluster,
             double          alpha)
{
  SegColor want;

  seg_plot_cluster_color (cluster, &want);
  return fabs (seen->r - (want.r * alpha + (1 - alpha))) < 0.08 &&
         fabs (seen->g - (want.g * alpha + (1 - alpha))) < 0.08 &&
         fabs (seen->b - (want.b * alpha + (1 - alpha))) < 0.08 &&
         !looks_like (seen, cluster, 0.85);
}

static gboolean
is_white (const SegColor *seen)
{
  return seen->r > 0.98 && seen->g > 0.98 && seen->b > 0.98;
}

/* The index's selection against testing every point, for lassos of every
 * shape, with add and subtract and a hidden cluster. */
static void
test_index_select (void)
{
  const size_t n = 20000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autofree uint8_t *ours = g_new0 (uint8_t, n);
  g_autofree uint8_t *want = g_new0 (uint8_t, n);
  uint8_t hidden[4] = { 0, 0, 0, 0 };
  g_autoptr(SegPointIndex) index = NULL;
  SegScatter scatter = { .n = n, .x = x, .y = y, .labels = labels, .n_clusters = 3, .hidden = hidden };
  size_t count = 0;

  for (size_t i = 0; i < n; i++)
    {
      labels[i] = i % 10 == 0 ? -1 : (int32_t) (i % 3);
      x[i] = g_rand_double_range (rand, -1, 1) * (1 + labels[i]);
      y[i] = g_rand_double_range (rand, -1, 1) + labels[i];
    }
  x[5] = NAN;   /* a row without a value is never selected */
  index = seg_point_index_new (x, y, n);

  for (guint round = 0; round < 40; round++)
    {
      /* A star-shaped lasso around a random centre, many-pointed. */
      guint vertices = 3 + g_rand_int_range (rand, 0, 60);
      g_autofree double *polygon = g_new (double, 2 * vertices);
      double cx = g_rand_double_range (rand, -2, 2), cy = g_rand_double_range (rand, -1, 3);
      SegSelectMode mode = round == 0 ? SEG_SELECT_REPLACE : (SegSelectMode) g_rand_int_range (rand, 0, 3);
      size_t expected = 0;

      for (guint v = 0; v < vertices; v++)
        {
          double angle = 2 * G_PI * v / vertices, r = g_rand_double_range (rand, 0.1, 3);

          polygon[2 * v] = cx + r * cos (angle);
          polygon[2 * v + 1] = cy + r * sin (angle);
        }
      hidden[2] = round % 4 == 3;
      hidden[3] = round % 5 == 4;

      for (size_t i = 0; i < n; i++)
        {
          gboolean shown = !hidden[labels[i] < 0 ? 3 : labels[i]];
          gboolean in = shown && seg_point_in_polygon (x[i], y[i], polygon, vertices);

          if (mode == SEG_SELECT_REPLACE)
            want[i] = in;
          else if (mode == SEG_SELECT_ADD)
            want[i] = want[i] || in;
          else
            want[i] = want[i] && !in;
          expected += want[i];
        }
      count = seg_point_index_select (index, &scatter, polygon, vertices, mode, ours, count);
      g_assert_cmpuint (count, ==, expected);
      g_assert_cmpmem (ours, n, want, n);
      g_assert_false (ours[5]);
    }
}

/* Counts per pixel, colours mixed as often as each cluster has points
 * there, and an opacity on a log scale of the count. */
static void
test_density (void)
{
  double x[] = { 0.5, 0.5, 0.5, 0.5, 2.5, 2.5, 3.5, 9.5 };
  double y[] = { 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 3.5, 9.5 };
  int32_t labels[] = { 0, 0, 0, 1, 0, 1, 2, 0 };
  uint8_t selected[] = { 0, 0, 0, 0, 0, 1, 0, 0 };
  uint8_t hidden[] = { 0, 0, 1, 0 };
  SegScatter scatter = { .n = G_N_ELEMENTS (x), .x = x, .y = y, .labels = labels, .n_clusters = 3 };
  SegPlotFrame frame = { 0, 0, 10, 10, { 0, 10 }, { 0, 10 }, { 0, 1 } };
  g_autoptr(SegDensity) density = NULL;
  g_autoptr(SegDensity) hiding = NULL;
  SegColor zero, one, seen;
  double alpha, alpha2, alpha_top;

  seg_plot_cluster_color (0, &zero);
  seg_plot_cluster_color (1, &one);
  density = seg_density_new (&scatter, &frame, 10, 10);
  /* Pixel rows run downwards: y = 0.5 is the bottom row. */
  g_assert_cmpuint (density->pixels[9 * 10 + 0].count, ==, 4);
  g_assert_cmpuint (density->pixels[9 * 10 + 2].count, ==, 2);
  g_assert_cmpuint (density->pixels[6 * 10 + 3].count, ==, 1);
  g_assert_cmpuint (density->pixels[0 * 10 + 9].count, ==, 1);
  g_assert_cmpuint (density->max, ==, 4);
  g_assert_cmpuint (density->n_in_view, ==, 8);
  g_assert_null (density->selected);

  /* Three of four points of cluster 0, one of cluster 1. */
  g_assert_true (seg_density_pixel (density, 0, 9, &seen, &alpha_top));
  g_assert_cmpfloat_with_epsilon (seen.r, (3 * zero.r + one.r) / 4, 1e-6);
  g_assert_cmpfloat_with_epsilon (seen.g, (3 * zero.g + one.g) / 4, 1e-6);
  g_assert_cmpfloat_with_epsilon (seen.b, (3 * zero.b + one.b) / 4, 1e-6);
  g_assert_true (seg_density_pixel (density, 2, 9, &seen, &alpha2));
  g_assert_true (seg_density_pixel (density, 3, 6, &seen, &alpha));
  g_assert_false (seg_density_pixel (density, 5, 5, &seen, &alpha));
  g_assert_true (seg_density_pixel (density, 3, 6, &seen, &alpha));
  /* A log scale: 1 → faint, max → opaque, 2 in between, nearer the top
   * than a linear scale puts it. */
  g_assert_cmpfloat_with_epsilon (alpha_top, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (alpha, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (alpha2, 0.5 + 0.5 * log (2) / log (4), 1e-9);
  g_assert_cmpfloat (alpha2, >, 0.5 + 0.5 * (2 - 1) / (4.0 - 1));

  /* Hidden clusters are not counted; selected points are. */
  scatter.hidden = hidden;
  scatter.selected = selected;
  hiding = seg_density_new (&scatter, &frame, 10, 10);
  g_assert_cmpuint (hiding->pixels[6 * 10 + 3].count, ==, 0);
  g_assert_cmpuint (hiding->n_in_view, ==, 7);
  g_assert_nonnull (hiding->selected);
  g_assert_cmpuint (hiding->selected[9 * 10 + 2], ==, 1);
  g_assert_cmpuint (hiding->selected[9 * 10 + 0], ==, 0);
}

/* Dots while they fit, density once they pile up; the selection stays in
 * its colours with an outline instead of a black mass. */
static void
test_density_drawing (void)
{
  const size_t n = 300000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autofree uint8_t *selected = g_new0 (uint8_t, n);
  SegScatter scatter = { .n = n, .x = x, .y = y, .labels = labels, .n_clusters = 2,
                         .axes = { NULL, NULL, NULL, NULL, FALSE } };
  gboolean dense = FALSE;
  SegPlotFrame frame;
  SegColor seen, zero;
  Canvas canvas;
  cairo_t *cr;

  for (size_t i = 0; i < n; i++)
    {
      labels[i] = (int32_t) (i % 2);
      x[i] = g_rand_double_range (rand, 0, 1) + labels[i] * 0.5;
      y[i] = g_rand_double_range (rand, 0, 1);
      /* The left quarter of cluster 0 is selected. */
      selected[i] = labels[i] == 0 && x[i] < 0.25;
    }
  scatter.xr = (SegRange) { 0, 1.5 };
  scatter.yr = (SegRange) { 0, 1 };
  scatter.drew_density = &dense;

  canvas_init (&canvas, 400, 300);
  cr = cairo_create (canvas.surface);
  seg_scatter_draw (cr, &scatter, 400, 300, &frame);
  cairo_destroy (cr);
  g_assert_true (dense);

  /* A thousand points of the same spread are dots. */
  scatter.n = 1000;
  cr = cairo_create (canvas.surface);
  seg_scatter_draw (cr, &scatter, 400, 300, NULL);
  cairo_destroy (cr);
  g_assert_false (dense);
  scatter.n = n;

  /* Where cluster 0 is alone and selected, it is in its own colour, not
   * darkened; where it is not selected it fades but keeps its hue. */
  scatter.selected = selected;
  cr = cairo_create (canvas.surface);
  seg_scatter_draw (cr, &scatter, 400, 300, &frame);
  cairo_destroy (cr);
  seg_plot_cluster_color (0, &zero);
  pixel (&canvas, seg_plot_frame_sx (&frame, 0.12), seg_plot_frame_sy (&frame, 0.5), &seen);
  g_assert_cmpfloat (seen.r + seen.g + seen.b, >, (zero.r + zero.g + zero.b) - 0.15);
  g_assert_cmpfloat (seen.b, >, seen.r);
  pixel (&canvas, seg_plot_frame_sx (&frame, 0.4), seg_plot_frame_sy (&frame, 0.5), &seen);
  g_assert_cmpfloat (seen.r + seen.g + seen.b, >, (zero.r + zero.g + zero.b) + 0.5);
  g_assert_cmpfloat (seen.b, >, seen.r);
  /* The outline runs along the selection's edge. */
  {
    guint dark = 0;

    for (double ex = 0.23; ex <= 0.27; ex += 0.002)
      {
        pixel (&canvas, seg_plot_frame_sx (&frame, ex), seg_plot_frame_sy (&frame, 0.5), &seen);
        dark += seen.r + seen.g + seen.b < 1.2;
      }
    g_assert_cmpuint (dark, >=, 1);
  }
  cairo_surface_destroy (canvas.surface);
}

static void
test_scatter_pixels (void)
{
  /* Three groups far apart and a noise point; the points of a group
   * repeat many times, which must draw the same as once. */
  const size_t n = 30003;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autofree uint8_t *selected = g_new0 (uint8_t, n);
  const char *names[] = { "one", "two", "three" };
  double centroids[] = { 1, 1, 9, 1, 5, 9 };
  SegScatter scatter = {
    .n = n, .x = x, .y = y, .labels = labels, .n_clusters = 3, .names = names,
    .noise_name = "noise", .axes = { "Title", "x", "y", NULL, FALSE }, .legend = TRUE,
    .radius = 4, .style = SEG_SCATTER_DOTS,
  };
  SegPlotFrame frame;
  SegColor seen;
  Canvas canvas;
  cairo_t *cr;

  for (size_t i = 0; i < n - 3; i++)
    {
      labels[i] = (int32_t) (i % 3);
      x[i] = centroids[2 * labels[i]];
      y[i] = centroids[2 * labels[i] + 1];
    }
  /* Noise, a lone point of cluster 1 to be selected, and one far out of
   * view that must not show. */
  x[n - 3] = 5, y[n - 3] = 5, labels[n - 3] = -1;
  x[n - 2] = 3, y[n - 2] = 7, labels[n - 2] = 1, selected[n - 2] = 1;
  x[n - 1] = 1000, y[n - 1] = 1000, labels[n - 1] = 0;

  scatter.xr = (SegRange) { 0, 10 };
  scatter.yr = (SegRange) { 0, 10 };
  scatter.selected = selected;

  canvas_init (&canvas, 600, 400);
  cr = cairo_create (canvas.surface);
  seg_scatter_draw (cr, &scatter, 600, 400, &frame);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* The legend keeps room on the right. */
  g_assert_cmpfloat (frame.x + frame.width, <, 560);
  g_assert_cmpfloat (frame.width, >, 300);

  /* With a point selected, the others keep their colours, faded. */
  for (int c = 0; c < 3; c++)
    {
      pixel (&canvas, seg_plot_frame_sx (&frame, centroids[2 * c]) + 1,
             seg_plot_frame_sy (&frame, centroids[2 * c + 1]) + 1, &seen);
      g_assert_true (looks_faded (&seen, c, 0.85 * 0.45));
    }
  pixel (&canvas, seg_plot_frame_sx (&frame, 5), seg_plot_frame_sy (&frame, 5), &seen);
  g_assert_true (looks_faded (&seen, -1, 0.55 * 0.45));
  /* The selected one has its full colour. */
  pixel (&canvas, seg_plot_frame_sx (&frame, 3), seg_plot_frame_sy (&frame, 7), &seen);
  g_assert_true (looks_like (&seen, 1, 0.85));
  pixel (&canvas, seg_plot_frame_sx (&frame, 7), seg_plot_frame_sy (&frame, 5), &seen);
  g_assert_true (is_white (&seen));

  /* The selected point has a dark outline just outside its dot. */
  {
    gboolean ringed = FALSE;

    for (double d = 3.5; d <= 6; d += 0.5)
      {
        pixel (&canvas, seg_plot_frame_sx (&frame, 3) + d, seg_plot_frame_sy (&frame, 7), &seen);
        ringed = ringed || seen.r + seen.g + seen.b < 1.5;
      }
    g_assert_true (ringed);
  }

  /* Without a selection there is no ring; with centroids there is a
   * marker in white with the cluster's number. */
  scatter.selected = NULL;
  scatter.centroids = centroids;
  cr = cairo_create (canvas.surface);
  seg_scatter_draw (cr, &scatter, 600, 400, NULL);
  cairo_destroy (cr);
  pixel (&canvas, seg_plot_frame_sx (&frame, 3) + 5.5, seg_plot_frame_sy (&frame, 7), &seen);
  g_assert_true (is_white (&seen));
  pixel (&canvas, seg_plot_frame_sx (&frame, 9) - 6, seg_plot_frame_sy (&frame, 1) - 6, &seen);
  g_assert_true (is_white (&seen));

  cairo_surface_destroy (canvas.surface);
}

static void
test_silhouette_and_lines (void)
{
  double values[] = { 0.9, 0.8, 0.7, 0.6, -0.2, 0.5, NAN, 0.4 };
  int32_t labels[] = { 0, 0, 0, 0, 0, 1, 1, -1 };
  SegSilhouettePlot plot = {
    .n = 8, .values = values, .labels = labels, .n_clusters = 2, .average = 0.55,
    .axes = { NULL, "silhouette", NULL, NULL, TRUE },
  };
  double k[] = { 2, 3, 4, 5 };
  double inertia[] = { 100, 60, 45, 40 };
  double silhouette[] = { 0.4, 0.6, 0.5, NAN };
  SegLineSeries series[] = {
    { k, inertia, 4, "inertia", FALSE },
    { k, silhouette, 4, "silhouette", TRUE },
  };
  SegLinePlot lines = { series, 2, 3, { "Elbow", "k", "inertia", "silhouette", FALSE } };
  guint coloured[3] = { 0 }, red = 0;
  SegColor seen;
  Canvas canvas;
  cairo_t *cr;

  canvas_init (&canvas, 400, 300);
  cr = cairo_create (canvas.surface);
  seg_silhouette_plot_draw (cr, &plot, 400, 300);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* Both clusters' bands show, the first larger; the average is a red
   * dashed line. */
  for (int py = 0; py < 300; py++)
    for (int px = 0; px < 400; px++)
      {
        pixel (&canvas, px, py, &seen);
        for (int c = 0; c < 2; c++)
          if (looks_like (&seen, c, 0.9))
            coloured[c]++;
        if (seen.r - seen.g > 0.3 && fabs (seen.g - seen.b) < 0.1)
          red++;
      }
  g_assert_cmpuint (coloured[0], >, 2 * coloured[1]);
  g_assert_cmpuint (coloured[1], >, 100);
  g_assert_cmpuint (red, >, 50);

  cr = cairo_create (canvas.surface);
  seg_line_plot_draw (cr, &lines, 400, 300);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  coloured[0] = coloured[1] = 0;
  for (int py = 0; py < 300; py++)
    for (int px = 0; px < 400; px++)
      {
        pixel (&canvas, px, py, &seen);
        for (int c = 0; c < 2; c++)
          if (looks_like (&seen, c, 1.0))
            coloured[c]++;
      }
  g_assert_cmpuint (coloured[0], >, 200);
  g_assert_cmpuint (coloured[1], >, 150);

  cairo_surface_destroy (canvas.surface);
}

static void
draw_scatter (cairo_t  *cr,
              double    width,
              double    height,
              gpointer  data)
{
  seg_scatter_draw (cr, data, width, height, NULL);
}

static void
test_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("segmenta-plot-XXXXXX", NULL);
  double x[] = { 0, 1, 2 };
  double y[] = { 0, 1, 0 };
  SegScatter scatter = { .n = 3, .x = x, .y = y, .axes = { "Map", NULL, NULL, NULL, FALSE } };
  static const char *const names[] = { "chart.png", "chart.SVG", "chart.pdf" };
  static const char *const heads[] = { "\x89PNG\r\n\x1a\n", "<?xml", "%PDF-" };
  g_autofree char *kept = g_build_filename (dir, "kept.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GDir *listing;
  guint files = 0;

  seg_scatter_fit (&scatter);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *head = NULL;
      GStatBuf st;

      g_assert_true (seg_plot_export (path, 320, 200, draw_scatter, &scatter, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &head, NULL, NULL));
      g_assert_true (g_str_has_prefix (head, heads[i]));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0644);
    }

  /* Refusals leave an existing file as it was and no temporary file. */
  g_assert_true (g_file_set_contents (kept, "mine", -1, NULL));
  g_assert_false (seg_plot_export (kept, 5, 200, draw_scatter, &scatter, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autofree char *gif = g_build_filename (dir, "chart.gif", NULL);

    g_assert_false (seg_plot_export (gif, 300, 200, draw_scatter, &scatter, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "chart.gif"));
    g_clear_error (&error);
  }
  {
    g_autofree char *nowhere = g_build_filename (dir, "missing", "chart.png", NULL);

    g_assert_false (seg_plot_export (nowhere, 300, 200, draw_scatter, &scatter, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    files++;
  g_dir_close (listing);
  g_assert_cmpuint (files, ==, 4);

  remove_tree (dir);
}

static void
draw_bar_groups (cairo_t  *cr,
                 double    width,
                 double    height,
                 gpointer  data)
{
  seg_bar_group_plot_draw (cr, data, width, height);
}

/* Two measures for three models: every bar shows in its series' colour,
 * taller for the larger value, and the chart exports to every format. */
static void
test_bar_groups (void)
{
  static const char *const groups[] = { "Hit rate", "Precision" };
  static const char *const series[] = { "ALS", "Item kNN", "Best sellers" };
  double values[] = { 40, 8, 30, 6, 20, NAN };
  SegBarGroupPlot plot = {
    2, groups, 3, series, values, 0, "%",
    { "Compared", NULL, "customers (%)", NULL, FALSE, FALSE, FALSE, TRUE },
  };
  static const char *const names[] = { "bars.png", "bars.svg", "bars.pdf" };
  static const char *const heads[] = { "\x89PNG\r\n\x1a\n", "<?xml", "%PDF-" };
  g_autofree char *dir = g_dir_make_tmp ("segmenta-bars-XXXXXX", NULL);
  guint coloured[3] = { 0 }, tallest[3] = { 0 };
  g_autoptr(GError) error = NULL;
  SegColor seen;
  Canvas canvas;
  cairo_t *cr;

  canvas_init (&canvas, 600, 400);
  cr = cairo_create (canvas.surface);
  seg_bar_group_plot_draw (cr, &plot, 600, 400);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  for (int px = 0; px < 600; px++)
    {
      guint column[3] = { 0 };

      for (int py = 0; py < 400; py++)
        {
          pixel (&canvas, px, py, &seen);
          for (int c = 0; c < 3; c++)
            if (looks_like (&seen, c, 1.0))
              column[c]++;
        }
      for (int c = 0; c < 3; c++)
        {
          coloured[c] += column[c];
          tallest[c] = MAX (tallest[c], column[c]);
        }
    }
  for (int c = 0; c < 3; c++)
    g_assert_cmpuint (coloured[c], >, 500);
  /* 40 against 30 against 20: the bars' heights keep the order. */
  g_assert_cmpuint (tallest[0], >, tallest[1]);
  g_assert_cmpuint (tallest[1], >, tallest[2]);
  g_assert_cmpuint (tallest[2], >, 40);
  cairo_surface_destroy (canvas.surface);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *head = NULL;
      gsize length = 0;

      g_assert_true (seg_plot_export (path, 900, 600, draw_bar_groups, &plot, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &head, &length, NULL));
      g_assert_true (g_str_has_prefix (head, heads[i]));
      g_assert_cmpuint (length, >, 1000);
    }

  remove_tree (dir);
}

static gboolean
looks_rgb (const SegColor *seen,
           double          r,
           double          g,
           double          b)
{
  return fabs (seen->r - r) < 0.06 && fabs (seen->g - g) < 0.06 && fabs (seen->b - b) < 0.06;
}

/* A curve over the unit square with its dashed diagonal, a cloud and a
 * marked point: each lands where the frame puts its data, in its colour;
 * without the mark, its place is not red. */
static void
test_curves (void)
{
  double x[101], y[101], cloud_x[] = { 0.9 }, cloud_y[] = { 0.1 };
  SegCurve curves[] = {
    { x, y, 101, "Model", FALSE, FALSE },
    { (const double[]) { 0, 1 }, (const double[]) { 0, 1 }, 2, "Coin toss", TRUE, FALSE },
  };
  SegCurvePlot plot = {
    curves, 2, cloud_x, cloud_y, 1, { 0, 1 }, { 0, 1 }, 0.2, NAN, "at 0.50",
    { NULL, "Others contacted", "Found", NULL, FALSE, FALSE, FALSE, FALSE },
  };
  SegPlotFrame frame = { .xr = { 0, 1 }, .yr = { 0, 1 } };
  guint grey = 0;
  SegColor seen;
  Canvas canvas;
  cairo_t *cr;

  for (int i = 0; i <= 100; i++)
    {
      x[i] = i / 100.0;
      y[i] = sqrt (x[i]);
    }
  plot.mark_y = sqrt (0.2);
  canvas_init (&canvas, 600, 400);
  cr = cairo_create (canvas.surface);
  seg_curve_plot_draw (cr, &plot, 600, 400);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  seg_plot_layout (&frame, cr, &plot.axes, 600, 400, 0);
  cairo_destroy (cr);

  /* The model's curve in the first colour, away from the mark. */
  pixel (&canvas, seg_plot_frame_sx (&frame, 0.64), seg_plot_frame_sy (&frame, 0.8), &seen);
  g_assert_true (looks_like (&seen, 0, 1.0));
  /* The diagonal, dashed grey: some of its points are grey. */
  for (int i = 1; i < 40; i++)
    {
      double t = 0.3 + i / 100.0;

      pixel (&canvas, seg_plot_frame_sx (&frame, t), seg_plot_frame_sy (&frame, t), &seen);
      if (looks_rgb (&seen, 0.45, 0.45, 0.45))
        grey++;
    }
  g_assert_cmpuint (grey, >, 5);
  g_assert_cmpuint (grey, <, 39);
  /* The cloud's one point, faint. */
  pixel (&canvas, seg_plot_frame_sx (&frame, 0.9), seg_plot_frame_sy (&frame, 0.1), &seen);
  g_assert_true (looks_faded (&seen, 0, 0.3));
  /* The mark: red around a white centre. */
  pixel (&canvas, seg_plot_frame_sx (&frame, 0.2) + 4.5, seg_plot_frame_sy (&frame, sqrt (0.2)), &seen);
  g_assert_true (looks_rgb (&seen, 0.85, 0.1, 0.1));
  pixel (&canvas, seg_plot_frame_sx (&frame, 0.2), seg_plot_frame_sy (&frame, sqrt (0.2)), &seen);
  g_assert_true (is_white (&seen));

  plot.mark_x = NAN;
  cr = cairo_create (canvas.surface);
  seg_curve_plot_draw (cr, &plot, 600, 400);
  cairo_destroy (cr);
  pixel (&canvas, seg_plot_frame_sx (&frame, 0.2) + 4.5, seg_plot_frame_sy (&frame, sqrt (0.2)), &seen);
  g_assert_false (looks_rgb (&seen, 0.85, 0.1, 0.1));
  cairo_surface_destroy (canvas.surface);
}

/* Right decisions green, wrong ones red, the larger share deeper. */
static void
test_confusion_grid (void)
{
  SegConfusionGrid grid = {
    { 40, 10, 20, 130 },
    { "contacted and bought", "not contacted but bought", "contacted, did not buy", "not contacted, did not buy" },
    { "Bought", "Did not buy" }, { "Contacted", "Not contacted" }, NULL,
  };
  SegColor cells[4];
  Canvas canvas;
  cairo_t *cr;

  canvas_init (&canvas, 600, 400);
  cr = cairo_create (canvas.surface);
  seg_confusion_grid_draw (cr, &grid, 600, 400);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* Near each cell's top left corner, away from its text. */
  pixel (&canvas, 190, 50, &cells[0]);
  pixel (&canvas, 580, 50, &cells[1]);
  pixel (&canvas, 190, 380, &cells[2]);
  pixel (&canvas, 580, 380, &cells[3]);
  g_assert_cmpfloat (cells[0].g, >, cells[0].r);
  g_assert_cmpfloat (cells[3].g, >, cells[3].r);
  g_assert_cmpfloat (cells[1].r, >, cells[1].g);
  g_assert_cmpfloat (cells[2].r, >, cells[2].g);
  /* 130 right against 40 right; 20 wrong against 10 wrong. */
  g_assert_cmpfloat (cells[3].r, <, cells[0].r - 0.02);
  g_assert_cmpfloat (cells[2].g, <, cells[1].g - 0.01);
  cairo_surface_destroy (canvas.surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/ticks", test_ticks);
  g_test_add_func ("/plot/lasso", test_lasso);
  g_test_add_func ("/plot/point-index", test_point_index);
  g_test_add_func ("/plot/index-select", test_index_select);
  g_test_add_func ("/plot/density", test_density);
  g_test_add_func ("/plot/density-drawing", test_density_drawing);
  g_test_add_func ("/plot/scatter-pixels", test_scatter_pixels);
  g_test_add_func ("/plot/silhouette-and-lines", test_silhouette_and_lines);
  g_test_add_func ("/plot/export", test_export);
  g_test_add_func ("/plot/bar-groups", test_bar_groups);
  g_test_add_func ("/plot/curves", test_curves);
  g_test_add_func ("/plot/confusion-grid", test_confusion_grid);

  return g_test_run ();
}
