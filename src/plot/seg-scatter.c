/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-scatter.h"

#include <math.h>
#include <string.h>

/**
 * seg_scatter_fit:
 *
 * Sets the ranges to show every point, with a little room around them.
 */
void
seg_scatter_fit (SegScatter *scatter)
{
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  double dx, dy;

  for (size_t i = 0; i < scatter->n; i++)
    {
      if (!isfinite (scatter->x[i]) || !isfinite (scatter->y[i]))
        continue;
      x0 = MIN (x0, scatter->x[i]);
      x1 = MAX (x1, scatter->x[i]);
      y0 = MIN (y0, scatter->y[i]);
      y1 = MAX (y1, scatter->y[i]);
    }
  if (x0 > x1)
    {
      x0 = y0 = -1;
      x1 = y1 = 1;
    }

  dx = x1 > x0 ? (x1 - x0) * 0.05 : 1.0;
  dy = y1 > y0 ? (y1 - y0) * 0.05 : 1.0;
  scatter->xr = (SegRange) { x0 - dx, x1 + dx };
  scatter->yr = (SegRange) { y0 - dy, y1 + dy };
}

static double
legend_width (const SegScatter *scatter,
              cairo_t          *cr)
{
  double widest = 0;

  if (!scatter->legend || scatter->names == NULL)
    return 0;
  for (guint c = 0; c <= scatter->n_clusters; c++)
    {
      const char *name = c < scatter->n_clusters ? scatter->names[c] : scatter->noise_name;
      double w;

      if (name == NULL)
        continue;
      seg_plot_text_size (cr, name, FALSE, &w, NULL);
      widest = MAX (widest, w);
    }
  return MIN (widest, 260) + 30;
}

/**
 * seg_scatter_frame:
 * @frame: (out): where the points go
 *
 * The frame seg_scatter_draw() uses at this size, for turning pointer
 * positions into data and back.
 */
void
seg_scatter_frame (const SegScatter *scatter,
                   cairo_t          *cr,
                   double            width,
                   double            height,
                   SegPlotFrame     *frame)
{
  memset (frame, 0, sizeof *frame);
  frame->xr = scatter->xr;
  frame->yr = scatter->yr;
  seg_plot_layout (frame, cr, &scatter->axes, width, height, legend_width (scatter, cr));
}

static double
auto_radius (const SegScatter *scatter)
{
  if (scatter->radius > 0)
    return scatter->radius;
  if (scatter->n <= 2000)
    return 3.5;
  if (scatter->n <= 20000)
    return 2.5;
  if (scatter->n <= 200000)
    return 1.7;
  return 1.2;
}

/* Each point's cluster pass: noise first, beneath, then the clusters in
 * order; the points of every pass in one list, found in one sweep. */
typedef struct
{
  guint   passes;
  size_t *start;   /* passes + 1 */
  size_t *order;   /* point numbers, pass by pass */
} Passes;

static void
passes_init (Passes           *passes,
             const SegScatter *scatter)
{
  passes->passes = scatter->labels != NULL ? scatter->n_clusters + 1 : 1;
  passes->start = g_new0 (size_t, passes->passes + 1);
  passes->order = g_new (size_t, MAX (scatter->n, 1));

  for (size_t i = 0; i < scatter->n; i++)
    {
      guint pass = scatter->labels == NULL || scatter->labels[i] < 0 ? 0 : (guint) scatter->labels[i] + 1;

      if (pass < passes->passes)
        passes->start[pass + 1]++;
    }
  for (guint p = 0; p < passes->passes; p++)
    passes->start[p + 1] += passes->start[p];
  {
    g_autofree size_t *fill = g_memdup2 (passes->start, passes->passes * sizeof (size_t));

    for (size_t i = 0; i < scatter->n; i++)
      {
        guint pass = scatter->labels == NULL || scatter->labels[i] < 0 ? 0 : (guint) scatter->labels[i] + 1;

        if (pass < passes->passes)
          passes->order[fill[pass]++] = i;
      }
  }
}

static void
passes_clear (Passes *passes)
{
  g_free (passes->start);
  g_free (passes->order);
}

static void
pass_color (const SegScatter *scatter,
            guint             pass,
            SegColor         *color,
            double           *alpha)
{
  int cluster = scatter->labels != NULL ? (int) pass - 1 : 0;

  seg_plot_cluster_color (cluster, color);
  *alpha = cluster < 0 ? 0.55 : 0.85;
}

/* Vector points, for PDF and SVG of maps small enough to stay so. */
static void
draw_points_as_paths (cairo_t            *cr,
                      const SegScatter   *scatter,
                      const SegPlotFrame *frame,
                      const Passes       *passes,
                      double              radius)
{
  int w = (int) ceil (frame->width) + 1, h = (int) ceil (frame->height) + 1;
  g_autofree guint16 *painted = g_new0 (guint16, (size_t) w * h);
  double sx_scale = frame->width / (frame->xr.hi - frame->xr.lo);
  double sy_scale = frame->height / (frame->yr.hi - frame->yr.lo);

  for (guint pass = 0; pass < passes->passes; pass++)
    {
      guint16 mark = (guint16) (pass + 1);
      gboolean any = FALSE;
      SegColor color;
      double alpha;

      for (size_t k = passes->start[pass]; k < passes->start[pass + 1]; k++)
        {
          size_t i = passes->order[k];
          double px = (scatter->x[i] - frame->xr.lo) * sx_scale;
          double py = frame->height - (scatter->y[i] - frame->yr.lo) * sy_scale;
          int ix, iy;

          if (!(px >= -radius && px <= frame->width + radius && py >= -radius && py <= frame->height + radius))
            continue;
          ix = CLAMP ((int) px, 0, w - 1);
          iy = CLAMP ((int) py, 0, h - 1);
          if (painted[(size_t) iy * w + ix] == mark)
            continue;
          painted[(size_t) iy * w + ix] = mark;
          cairo_new_sub_path (cr);
          cairo_arc (cr, frame->x + px, frame->y + py, radius, 0, 2 * G_PI);
          any = TRUE;
        }
      if (!any)
        continue;
      pass_color (scatter, pass, &color, &alpha);
      cairo_set_source_rgba (cr, color.r, color.g, color.b, alpha);
      cairo_fill (cr);
    }
}

/* Raster points: each dot is an antialiased disc stamped into a pixel
 * buffer, far cheaper than a Cairo path per point. A point landing on a
 * pixel its pass has already stamped changes nothing and is skipped. */
static void
draw_points_as_pixels (cairo_t            *cr,
                       const SegScatter   *scatter,
                       const SegPlotFrame *frame,
                       const Passes       *passes,
                       double              radius)
{
  double scale_x = 1, scale_y = 1;
  int w, h, stride, span;
  cairo_surface_t *layer;
  g_autofree guint16 *painted = NULL;
  g_autofree double *mask = NULL;
  double r, sx_scale, sy_scale;
  guint32 *pixels;

  cairo_surface_get_device_scale (cairo_get_target (cr), &scale_x, &scale_y);
  w = (int) ceil (frame->width * scale_x);
  h = (int) ceil (frame->height * scale_y);
  if (w <= 0 || h <= 0)
    return;
  layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status (layer) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (layer);
      return;
    }
  stride = cairo_image_surface_get_stride (layer) / 4;
  pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (layer);
  painted = g_new0 (guint16, (size_t) w * h);

  /* The disc's coverage of each pixel around its centre pixel. */
  r = radius * scale_x;
  span = (int) ceil (r + 0.5);
  mask = g_new (double, (size_t) (2 * span + 1) * (2 * span + 1));
  for (int dy = -span; dy <= span; dy++)
    for (int dx = -span; dx <= span; dx++)
      mask[(dy + span) * (2 * span + 1) + dx + span] = CLAMP (r + 0.5 - sqrt ((double) dx * dx + dy * dy), 0.0, 1.0);

  sx_scale = w / (frame->xr.hi - frame->xr.lo);
  sy_scale = h / (frame->yr.hi - frame->yr.lo);

  cairo_surface_flush (layer);
  for (guint pass = 0; pass < passes->passes; pass++)
    {
      guint16 mark = (guint16) (pass + 1);
      SegColor color;
      double alpha;

      pass_color (scatter, pass, &color, &alpha);
      for (size_t k = passes->start[pass]; k < passes->start[pass + 1]; k++)
        {
          size_t i = passes->order[k];
          double px = (scatter->x[i] - frame->xr.lo) * sx_scale;
          double py = h - (scatter->y[i] - frame->yr.lo) * sy_scale;
          int cx, cy;

          if (!(px >= -r - 1 && px <= w + r + 1 && py >= -r - 1 && py <= h + r + 1))
            continue;
          cx = (int) floor (px);
          cy = (int) floor (py);
          if (cx >= 0 && cx < w && cy >= 0 && cy < h)
            {
              if (painted[(size_t) cy * w + cx] == mark)
                continue;
              painted[(size_t) cy * w + cx] = mark;
            }

          for (int dy = -span; dy <= span; dy++)
            {
              int y = cy + dy;

              if (y < 0 || y >= h)
                continue;
              for (int dx = -span; dx <= span; dx++)
                {
                  int x = cx + dx;
                  double a = mask[(dy + span) * (2 * span + 1) + dx + span] * alpha;
                  guint32 *pixel, old;
                  double keep;

                  if (x < 0 || x >= w || a <= 0)
                    continue;
                  pixel = &pixels[(size_t) y * stride + x];
                  old = *pixel;
                  keep = 1 - a;
                  /* Premultiplied “over”. */
                  *pixel = ((guint32) (a * 255 + ((old >> 24) & 0xff) * keep + 0.5) << 24) |
                           ((guint32) (color.r * a * 255 + ((old >> 16) & 0xff) * keep + 0.5) << 16) |
                           ((guint32) (color.g * a * 255 + ((old >> 8) & 0xff) * keep + 0.5) << 8) |
                           (guint32) (color.b * a * 255 + (old & 0xff) * keep + 0.5);
                }
            }
        }
    }
  cairo_surface_mark_dirty (layer);
  cairo_surface_set_device_scale (layer, scale_x, scale_y);

  cairo_set_source_surface (cr, layer, frame->x, frame->y);
  cairo_paint (cr);
  cairo_surface_destroy (layer);
}

/* Up to this many points a PDF or SVG gets them as vector dots. */
#define MAX_VECTOR_POINTS 20000

/**
 * seg_scatter_draw_points:
 *
 * Paints the points inside @frame, a cluster at a time with noise
 * beneath: as pixels on screen and in PNG files, as vector dots in PDF
 * and SVG files unless there are too many to keep them so.
 */
void
seg_scatter_draw_points (cairo_t            *cr,
                         const SegScatter   *scatter,
                         const SegPlotFrame *frame)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  double radius = auto_radius (scatter);
  Passes passes;

  passes_init (&passes, scatter);
  cairo_save (cr);
  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  cairo_clip (cr);

  if (type == CAIRO_SURFACE_TYPE_IMAGE || scatter->n > MAX_VECTOR_POINTS)
    draw_points_as_pixels (cr, scatter, frame, &passes, radius);
  else
    draw_points_as_paths (cr, scatter, frame, &passes, radius);

  cairo_restore (cr);
  passes_clear (&passes);
}

/**
 * seg_scatter_draw_overlay:
 *
 * Rings the selected points and marks each cluster's centre.
 */
void
seg_scatter_draw_overlay (cairo_t            *cr,
                          const SegScatter   *scatter,
                          const SegPlotFrame *frame)
{
  double radius = auto_radius (scatter);

  cairo_save (cr);
  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  cairo_clip (cr);

  if (scatter->selected != NULL)
    {
      for (size_t i = 0; i < scatter->n; i++)
        {
          double px, py;

          if (!scatter->selected[i])
            continue;
          px = seg_plot_frame_sx (frame, scatter->x[i]);
          py = seg_plot_frame_sy (frame, scatter->y[i]);
          if (px < frame->x - 4 || px > frame->x + frame->width + 4 ||
              py < frame->y - 4 || py > frame->y + frame->height + 4)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, py, radius + 1.5, 0, 2 * G_PI);
        }
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.9);
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
    }

  if (scatter->centroids != NULL)
    {
      for (guint c = 0; c < scatter->n_clusters; c++)
        {
          double px = seg_plot_frame_sx (frame, scatter->centroids[2 * c]);
          double py = seg_plot_frame_sy (frame, scatter->centroids[2 * c + 1]);
          g_autofree char *number = g_strdup_printf ("%u", c + 1);
          SegColor color;

          if (!isfinite (px) || !isfinite (py))
            continue;
          seg_plot_cluster_color ((int) c, &color);
          cairo_rectangle (cr, px - 8, py - 8, 16, 16);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, color.r * 0.7, color.g * 0.7, color.b * 0.7);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
          seg_plot_draw_text (cr, number, px, py, 0.5, 0.5, TRUE);
        }
    }

  cairo_restore (cr);
}

/**
 * seg_scatter_draw:
 * @frame_out: (out) (optional): where the points went, for turning
 *   pointer positions into data
 *
 * The whole chart: background, axes, points, selection, centres and
 * legend.
 */
void
seg_scatter_draw (cairo_t          *cr,
                  const SegScatter *scatter,
                  double            width,
                  double            height,
                  SegPlotFrame     *frame_out)
{
  SegPlotFrame frame;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  seg_scatter_frame (scatter, cr, width, height, &frame);
  seg_plot_draw_axes (cr, &frame, &scatter->axes);
  seg_scatter_draw_points (cr, scatter, &frame);
  seg_scatter_draw_overlay (cr, scatter, &frame);

  if (scatter->legend && scatter->names != NULL && scatter->n_clusters > 0)
    {
      g_autofree SegColor *colors = g_new (SegColor, scatter->n_clusters + 1);
      g_autofree const char **names = g_new (const char *, scatter->n_clusters + 1);
      guint n = scatter->n_clusters;

      for (guint c = 0; c < scatter->n_clusters; c++)
        {
          seg_plot_cluster_color ((int) c, &colors[c]);
          names[c] = scatter->names[c];
        }
      if (scatter->noise_name != NULL)
        {
          seg_plot_cluster_color (-1, &colors[n]);
          names[n++] = scatter->noise_name;
        }
      seg_plot_draw_legend (cr, &frame, names, colors, n);
    }

  if (frame_out != NULL)
    *frame_out = frame;
  cairo_restore (cr);
}

/**
 * seg_point_in_polygon:
 * @polygon: @n_vertices (x, y) pairs; the last joins the first
 *
 * Even-odd rule: a point inside a loop the lasso drew twice is outside.
 */
gboolean
seg_point_in_polygon (double        x,
                      double        y,
                      const double *polygon,
                      size_t        n_vertices)
{
  gboolean inside = FALSE;

  for (size_t i = 0, j = n_vertices - 1; i < n_vertices; j = i++)
    {
      double xi = polygon[2 * i], yi = polygon[2 * i + 1];
      double xj = polygon[2 * j], yj = polygon[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }

  return inside;
}

/**
 * seg_scatter_select_polygon:
 * @polygon: the lasso, in data coordinates
 * @selected: n flags out
 *
 * Returns: how many points the lasso holds
 */
size_t
seg_scatter_select_polygon (const SegScatter *scatter,
                            const double     *polygon,
                            size_t            n_vertices,
                            uint8_t          *selected)
{
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  size_t count = 0;

  memset (selected, 0, scatter->n);
  if (n_vertices < 3)
    return 0;

  for (size_t v = 0; v < n_vertices; v++)
    {
      x0 = MIN (x0, polygon[2 * v]);
      x1 = MAX (x1, polygon[2 * v]);
      y0 = MIN (y0, polygon[2 * v + 1]);
      y1 = MAX (y1, polygon[2 * v + 1]);
    }

  for (size_t i = 0; i < scatter->n; i++)
    {
      double x = scatter->x[i], y = scatter->y[i];

      if (x < x0 || x > x1 || y < y0 || y > y1)
        continue;
      if (seg_point_in_polygon (x, y, polygon, n_vertices))
        {
          selected[i] = 1;
          count++;
        }
    }

  return count;
}

struct _SegPointIndex
{
  const double *x;
  const double *y;
  size_t        n;
  guint         side;     /* cells along each axis */
  double        x0, y0;
  double        cell_w, cell_h;
  guint32      *start;    /* side² + 1 */
  guint32      *order;    /* point numbers, cell by cell */
};

static inline guint
cell_of (const SegPointIndex *index,
         double               value,
         double               origin,
         double               size)
{
  double c = floor ((value - origin) / size);

  return (guint) CLAMP (c, 0.0, (double) (index->side - 1));
}

/**
 * seg_point_index_new:
 *
 * Buckets the points, borrowed until the index is freed, into a grid of
 * about four points a cell.
 *
 * Returns: (transfer full): the index
 */
SegPointIndex *
seg_point_index_new (const double *x,
                     const double *y,
                     size_t        n)
{
  SegPointIndex *index = g_new0 (SegPointIndex, 1);
  double x1 = -INFINITY, y1 = -INFINITY;
  size_t cells;

  g_return_val_if_fail (n < G_MAXUINT32, NULL);

  index->x = x;
  index->y = y;
  index->n = n;
  index->x0 = index->y0 = INFINITY;
  for (size_t i = 0; i < n; i++)
    {
      index->x0 = MIN (index->x0, x[i]);
      index->y0 = MIN (index->y0, y[i]);
      x1 = MAX (x1, x[i]);
      y1 = MAX (y1, y[i]);
    }
  if (n == 0)
    index->x0 = index->y0 = x1 = y1 = 0;

  index->side = (guint) CLAMP (ceil (sqrt (n / 4.0)), 1, 2048);
  index->cell_w = MAX ((x1 - index->x0) / index->side, 1e-300);
  index->cell_h = MAX ((y1 - index->y0) / index->side, 1e-300);
  cells = (size_t) index->side * index->side;
  index->start = g_new0 (guint32, cells + 1);
  index->order = g_new (guint32, MAX (n, 1));

  for (size_t i = 0; i < n; i++)
    {
      size_t c = (size_t) cell_of (index, y[i], index->y0, index->cell_h) * index->side +
                 cell_of (index, x[i], index->x0, index->cell_w);
      index->start[c + 1]++;
    }
  for (size_t c = 0; c < cells; c++)
    index->start[c + 1] += index->start[c];
  {
    g_autofree guint32 *fill = g_memdup2 (index->start, cells * sizeof (guint32));

    for (size_t i = 0; i < n; i++)
      {
        size_t c = (size_t) cell_of (index, y[i], index->y0, index->cell_h) * index->side +
                   cell_of (index, x[i], index->x0, index->cell_w);
        index->order[fill[c]++] = (guint32) i;
      }
  }

  return index;
}

void
seg_point_index_free (SegPointIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->start);
  g_free (index->order);
  g_free (index);
}

/**
 * seg_point_index_nearest:
 * @x_scale: pixels per unit of x
 * @y_scale: pixels per unit of y
 * @within: how far, in pixels, a point may be
 *
 * Returns: the point nearest on screen to (@x, @y) within @within
 *   pixels, or -1
 */
gssize
seg_point_index_nearest (SegPointIndex *index,
                         double         x,
                         double         y,
                         double         x_scale,
                         double         y_scale,
                         double         within)
{
  double rx = within / x_scale, ry = within / y_scale;
  double best = within * within;
  gssize found = -1;
  guint cx0, cx1, cy0, cy1;

  if (index->n == 0 || !(x_scale > 0) || !(y_scale > 0))
    return -1;
  if (x + rx < index->x0 || y + ry < index->y0 ||
      x - rx > index->x0 + index->cell_w * index->side ||
      y - ry > index->y0 + index->cell_h * index->side)
    return -1;

  cx0 = cell_of (index, x - rx, index->x0, index->cell_w);
  cx1 = cell_of (index, x + rx, index->x0, index->cell_w);
  cy0 = cell_of (index, y - ry, index->y0, index->cell_h);
  cy1 = cell_of (index, y + ry, index->y0, index->cell_h);

  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        size_t c = (size_t) cy * index->side + cx;

        for (guint32 k = index->start[c]; k < index->start[c + 1]; k++)
          {
            guint32 i = index->order[k];
            double dx = (index->x[i] - x) * x_scale, dy = (index->y[i] - y) * y_scale;
            double d2 = dx * dx + dy * dy;

            if (d2 <= best)
              {
                best = d2;
                found = (gssize) i;
              }
          }
      }

  return found;
}
