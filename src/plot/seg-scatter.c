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

/**
 * seg_scatter_color:
 * @cluster: from 0, or negative for noise
 *
 * A cluster's colour: the palette slot the scatter gives it, so that a
 * segment keeps its colour from run to run, or its number's.
 */
void
seg_scatter_color (const SegScatter *scatter,
                   int               cluster,
                   SegColor         *color)
{
  if (cluster >= 0 && scatter->colors != NULL && (guint) cluster < scatter->n_clusters)
    cluster = (int) scatter->colors[cluster];
  seg_plot_cluster_color (cluster, color);
}

/**
 * seg_scatter_shows:
 * @label: a point's cluster, negative for noise
 *
 * Returns: whether points of this cluster are drawn and can be selected
 */
gboolean
seg_scatter_shows (const SegScatter *scatter,
                   int32_t           label)
{
  if (scatter->hidden == NULL)
    return TRUE;
  if (label < 0 || (guint) label >= scatter->n_clusters)
    return !scatter->hidden[scatter->n_clusters];
  return !scatter->hidden[label];
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

      if (pass < passes->passes && (scatter->labels == NULL || seg_scatter_shows (scatter, scatter->labels[i])))
        passes->start[pass + 1]++;
    }
  for (guint p = 0; p < passes->passes; p++)
    passes->start[p + 1] += passes->start[p];
  {
    g_autofree size_t *fill = g_memdup2 (passes->start, passes->passes * sizeof (size_t));

    for (size_t i = 0; i < scatter->n; i++)
      {
        guint pass = scatter->labels == NULL || scatter->labels[i] < 0 ? 0 : (guint) scatter->labels[i] + 1;

        if (pass < passes->passes && (scatter->labels == NULL || seg_scatter_shows (scatter, scatter->labels[i])))
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

  seg_scatter_color (scatter, cluster, color);
  *alpha = cluster < 0 ? 0.55 : 0.85;
}

/* How much an unselected point keeps of its colour while others are
 * selected: enough to see the clusters, little enough to see the
 * selection. */
#define UNSELECTED_FADE 0.45

static inline gboolean
is_selected (const SegScatter *scatter,
             size_t            i)
{
  return scatter->selected != NULL && scatter->selected[i];
}

/* Vector points, for PDF and SVG of maps small enough to stay so. The
 * selected points are ringed in a darker shade of their own colour. */
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
  gboolean selecting = scatter->selected != NULL;

  for (guint sweep = 0; sweep < (selecting ? 2u : 1u); sweep++)
    for (guint pass = 0; pass < passes->passes; pass++)
      {
        guint16 mark = (guint16) (sweep * passes->passes + pass + 1);
        gboolean any = FALSE;
        SegColor color;
        double alpha;

        for (size_t k = passes->start[pass]; k < passes->start[pass + 1]; k++)
          {
            size_t i = passes->order[k];
            double px = (scatter->x[i] - frame->xr.lo) * sx_scale;
            double py = frame->height - (scatter->y[i] - frame->yr.lo) * sy_scale;
            int ix, iy;

            if (selecting && is_selected (scatter, i) != (sweep == 1))
              continue;
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
        if (selecting && sweep == 0)
          alpha *= UNSELECTED_FADE;
        cairo_set_source_rgba (cr, color.r, color.g, color.b, alpha);
        if (sweep == 1)
          {
            cairo_fill_preserve (cr);
            cairo_set_source_rgb (cr, color.r * 0.45, color.g * 0.45, color.b * 0.45);
            cairo_set_line_width (cr, 1.2);
            cairo_stroke (cr);
          }
        else
          cairo_fill (cr);
      }
}

static inline void
blend (guint32  *pixel,
       double    r,
       double    g,
       double    b,
       double    a)
{
  guint32 old = *pixel;
  double keep = 1 - a;

  /* Premultiplied “over”. */
  *pixel = ((guint32) (a * 255 + ((old >> 24) & 0xff) * keep + 0.5) << 24) |
           ((guint32) (r * a * 255 + ((old >> 16) & 0xff) * keep + 0.5) << 16) |
           ((guint32) (g * a * 255 + ((old >> 8) & 0xff) * keep + 0.5) << 8) |
           (guint32) (b * a * 255 + (old & 0xff) * keep + 0.5);
}

/* The selection's edge: the pixels just outside the selected ones get a
 * dark blue line, so the selection shows as an outline around points
 * that keep their own colours. Dots are outlined one by one; a density
 * is outlined as a region, in squares of @cell pixels with the gaps
 * between selected squares closed, or the sparse fringe of a selection
 * would be a speckle of outlines. */
static void
draw_selection_edge (guint32       *pixels,
                     int            stride,
                     int            w,
                     int            h,
                     const guint8  *inside,
                     int            cell)
{
  int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
  g_autofree guint8 *cells = g_new0 (guint8, (size_t) cw * ch);
  g_autofree guint8 *grown = NULL;
  g_autofree guint8 *region = NULL;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (inside[(size_t) y * w + x])
        cells[(size_t) (y / cell) * cw + x / cell] = 1;

  if (cell > 1)
    {
      /* Closing: grow by a square, then shrink by one. */
      grown = g_new0 (guint8, (size_t) cw * ch);
      region = g_new0 (guint8, (size_t) cw * ch);
      for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++)
          for (int dy = -1; dy <= 1 && !grown[(size_t) y * cw + x]; dy++)
            for (int dx = -1; dx <= 1; dx++)
              if (x + dx >= 0 && x + dx < cw && y + dy >= 0 && y + dy < ch && cells[(size_t) (y + dy) * cw + x + dx])
                {
                  grown[(size_t) y * cw + x] = 1;
                  break;
                }
      for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++)
          {
            gboolean all = grown[(size_t) y * cw + x];

            for (int dy = -1; dy <= 1 && all; dy++)
              for (int dx = -1; dx <= 1 && all; dx++)
                if (x + dx >= 0 && x + dx < cw && y + dy >= 0 && y + dy < ch)
                  all = grown[(size_t) (y + dy) * cw + x + dx];
            region[(size_t) y * cw + x] = all || cells[(size_t) y * cw + x];
          }
    }
  else
    region = g_steal_pointer (&cells);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
#define IN(px, py) (region[(size_t) ((py) / cell) * cw + (px) / cell])
        if (IN (x, y))
          continue;
        if ((x > 0 && IN (x - 1, y)) || (x + 1 < w && IN (x + 1, y)) ||
            (y > 0 && IN (x, y - 1)) || (y + 1 < h && IN (x, y + 1)))
          blend (&pixels[(size_t) y * stride + x], 0.11, 0.20, 0.50, 0.9);
#undef IN
      }
}

/* Raster points: each dot is an antialiased disc stamped into a pixel
 * buffer, far cheaper than a Cairo path per point. A point landing on a
 * pixel its pass has already stamped changes nothing and is skipped.
 * With a selection, the unselected points go beneath, faded. */
static void
stamp_dots (guint32            *pixels,
            int                 stride,
            int                 w,
            int                 h,
            const SegScatter   *scatter,
            const SegPlotFrame *frame,
            const Passes       *passes,
            double              r,
            guint8             *inside)
{
  g_autofree guint16 *painted = g_new0 (guint16, (size_t) w * h);
  g_autofree double *mask = NULL;
  gboolean selecting = scatter->selected != NULL;
  double sx_scale, sy_scale;
  int span;

  /* The disc's coverage of each pixel around its centre pixel. */
  span = (int) ceil (r + 0.5);
  mask = g_new (double, (size_t) (2 * span + 1) * (2 * span + 1));
  for (int dy = -span; dy <= span; dy++)
    for (int dx = -span; dx <= span; dx++)
      mask[(dy + span) * (2 * span + 1) + dx + span] = CLAMP (r + 0.5 - sqrt ((double) dx * dx + dy * dy), 0.0, 1.0);

  sx_scale = w / (frame->xr.hi - frame->xr.lo);
  sy_scale = h / (frame->yr.hi - frame->yr.lo);

  for (guint sweep = 0; sweep < (selecting ? 2u : 1u); sweep++)
    for (guint pass = 0; pass < passes->passes; pass++)
      {
        guint16 mark = (guint16) (sweep * passes->passes + pass + 1);
        SegColor color;
        double alpha;

        pass_color (scatter, pass, &color, &alpha);
        if (selecting && sweep == 0)
          alpha *= UNSELECTED_FADE;
        for (size_t k = passes->start[pass]; k < passes->start[pass + 1]; k++)
          {
            size_t i = passes->order[k];
            double px = (scatter->x[i] - frame->xr.lo) * sx_scale;
            double py = h - (scatter->y[i] - frame->yr.lo) * sy_scale;
            int cx, cy;

            if (selecting && is_selected (scatter, i) != (sweep == 1))
              continue;
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
                    double cover = mask[(dy + span) * (2 * span + 1) + dx + span];

                    if (x < 0 || x >= w || cover <= 0)
                      continue;
                    blend (&pixels[(size_t) y * stride + x], color.r, color.g, color.b, cover * alpha);
                    if (sweep == 1 && cover >= 0.5)
                      inside[(size_t) y * w + x] = 1;
                  }
              }
          }
      }
}

/**
 * seg_density_new:
 * @frame: the frame the points go in, its ranges included
 * @width: pixels across the frame
 * @height: pixels down the frame
 *
 * Counts the shown points in view pixel by pixel, sums their cluster
 * colours and counts the selected ones.
 *
 * Returns: (transfer full): the counts
 */
SegDensity *
seg_density_new (const SegScatter   *scatter,
                 const SegPlotFrame *frame,
                 int                 width,
                 int                 height)
{
  SegDensity *density = g_new0 (SegDensity, 1);
  size_t pixels = (size_t) MAX (width, 1) * MAX (height, 1);
  double sx_scale = width / (frame->xr.hi - frame->xr.lo);
  double sy_scale = height / (frame->yr.hi - frame->yr.lo);
  SegColor *colors;

  density->width = width;
  density->height = height;
  density->pixels = g_new0 (SegDensityPixel, pixels);
  if (scatter->selected != NULL)
    density->selected = g_new0 (guint32, pixels);

  colors = g_new (SegColor, scatter->n_clusters + 1);
  for (guint c = 0; c <= scatter->n_clusters; c++)
    seg_scatter_color (scatter, c < scatter->n_clusters ? (int) c : -1, &colors[c]);

  for (size_t i = 0; i < scatter->n; i++)
    {
      double px = (scatter->x[i] - frame->xr.lo) * sx_scale;
      double py = height - (scatter->y[i] - frame->yr.lo) * sy_scale;
      int32_t label = scatter->labels != NULL ? scatter->labels[i] : 0;
      const SegColor *color;
      SegDensityPixel *pixel;
      size_t at;
      int x, y;

      if (!(px >= 0 && px < width && py >= 0 && py < height))
        continue;
      if (scatter->labels != NULL && !seg_scatter_shows (scatter, label))
        continue;
      x = (int) px;
      y = (int) py;
      at = (size_t) y * width + x;
      color = &colors[label >= 0 && (guint) label < scatter->n_clusters ? (guint) label : scatter->n_clusters];
      pixel = &density->pixels[at];
      pixel->count++;
      pixel->r += (float) color->r;
      pixel->g += (float) color->g;
      pixel->b += (float) color->b;
      density->max = MAX (density->max, pixel->count);
      if (density->selected != NULL && scatter->selected[i])
        density->selected[at]++;
      density->n_in_view++;
    }
  g_free (colors);

  return density;
}

void
seg_density_free (SegDensity *density)
{
  if (density == NULL)
    return;
  g_free (density->pixels);
  g_free (density->selected);
  g_free (density);
}

/* Below this many points in view, dots always. */
#define MIN_DENSITY_POINTS 20000

/**
 * seg_density_crowded:
 * @radius: the dots' radius in pixels
 *
 * Whether dots would pile up beyond what they can show: whether there
 * are many points in view and the squares a dot wide that hold any of
 * them hold more than two on average.
 */
gboolean
seg_density_crowded (const SegDensity *density,
                     double            radius)
{
  int side = MAX (1, (int) round (2 * radius));
  int bw = (density->width + side - 1) / side, bh = (density->height + side - 1) / side;
  g_autofree guint8 *blocks = NULL;
  size_t occupied = 0;

  /* A few thousand dots show their overlap well enough by themselves,
   * and each stays visible; counts take over where there are more. */
  if (density->n_in_view < MIN_DENSITY_POINTS || bw <= 0 || bh <= 0)
    return FALSE;
  blocks = g_new0 (guint8, (size_t) bw * bh);
  for (int y = 0; y < density->height; y++)
    for (int x = 0; x < density->width; x++)
      if (density->pixels[(size_t) y * density->width + x].count > 0)
        {
          guint8 *block = &blocks[(size_t) (y / side) * bw + x / side];

          occupied += !*block;
          *block = 1;
        }
  return density->n_in_view > 2 * occupied;
}

/**
 * seg_density_pixel:
 * @color: (out): the mix of the colours of the pixel's points, each as
 *   often as it has points there
 * @alpha: (out): the opacity, rising with the logarithm of the count
 *   from a single point at half to opaque at the largest count
 *
 * Returns: whether the pixel holds any point
 */
gboolean
seg_density_pixel (const SegDensity *density,
                   int               x,
                   int               y,
                   SegColor         *color,
                   double           *alpha)
{
  const SegDensityPixel *pixel;

  g_return_val_if_fail (x >= 0 && x < density->width && y >= 0 && y < density->height, FALSE);

  pixel = &density->pixels[(size_t) y * density->width + x];
  if (pixel->count == 0)
    return FALSE;
  color->r = pixel->r / pixel->count;
  color->g = pixel->g / pixel->count;
  color->b = pixel->b / pixel->count;
  *alpha = density->max > 1 ? 0.5 + 0.5 * log1p (pixel->count - 1) / log1p (density->max - 1) : 0.85;
  return TRUE;
}

/* The counts as colours; where a selection is, the pixels holding no
 * selected point fade. The opacity of each count is worked out once. */
static void
paint_density (guint32          *pixels,
               int               stride,
               const SegDensity *density,
               guint8           *inside)
{
  guint32 levels = MIN (density->max, 65536u);
  g_autofree float *opacity = g_new (float, levels + 1);

  for (guint32 c = 1; c <= levels; c++)
    {
      SegDensityPixel one_pixel = { c, 0, 0, 0 };
      SegDensity one = *density;
      SegColor unused;
      double alpha;

      /* The same formula seg_density_pixel() gives, on a pixel of c. */
      one.width = one.height = 1;
      one.pixels = &one_pixel;
      seg_density_pixel (&one, 0, 0, &unused, &alpha);
      opacity[c] = (float) alpha;
    }

  for (int y = 0; y < density->height; y++)
    for (int x = 0; x < density->width; x++)
      {
        size_t at = (size_t) y * density->width + x;
        const SegDensityPixel *pixel = &density->pixels[at];
        guint32 count = pixel->count;
        double alpha, scale;

        if (count == 0)
          continue;
        if (count <= levels)
          alpha = opacity[count];
        else
          {
            SegColor unused;

            seg_density_pixel (density, x, y, &unused, &alpha);
          }
        if (density->selected != NULL)
          {
            if (density->selected[at] > 0)
              inside[at] = 1;
            else
              alpha *= UNSELECTED_FADE;
          }
        scale = 1.0 / count;
        blend (&pixels[(size_t) y * stride + x], pixel->r * scale, pixel->g * scale, pixel->b * scale, alpha);
      }
}

static void
draw_points_as_pixels (cairo_t            *cr,
                       const SegScatter   *scatter,
                       const SegPlotFrame *frame,
                       double              radius)
{
  double scale_x = 1, scale_y = 1;
  int w, h, stride;
  cairo_surface_t *layer;
  g_autoptr(SegDensity) density = NULL;
  g_autofree guint8 *inside = NULL;
  guint32 *pixels;
  gboolean dense;

  cairo_surface_get_device_scale (cairo_get_target (cr), &scale_x, &scale_y);
  w = (int) ceil (frame->width * scale_x);
  h = (int) ceil (frame->height * scale_y);
  if (w <= 0 || h <= 0)
    return;

  if (scatter->style != SEG_SCATTER_DOTS)
    density = seg_density_new (scatter, frame, w, h);
  dense = density != NULL &&
          (scatter->style == SEG_SCATTER_DENSITY || seg_density_crowded (density, radius * scale_x));
  if (scatter->drew_density != NULL)
    *scatter->drew_density = dense;

  layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status (layer) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (layer);
      return;
    }
  stride = cairo_image_surface_get_stride (layer) / 4;
  pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (layer);
  if (scatter->selected != NULL)
    inside = g_new0 (guint8, (size_t) w * h);

  cairo_surface_flush (layer);
  if (dense)
    paint_density (pixels, stride, density, inside);
  else
    {
      /* Dots go cluster by cluster; a density needs no such order. */
      Passes passes;

      passes_init (&passes, scatter);
      stamp_dots (pixels, stride, w, h, scatter, frame, &passes, radius * scale_x, inside);
      passes_clear (&passes);
    }
  if (inside != NULL)
    draw_selection_edge (pixels, stride, w, h, inside, dense ? (int) ceil (4 * scale_x) : 1);
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
 * and SVG files unless there are too many to keep them so. Where dots
 * would pile up, the pixels show how many points each holds instead.
 * Selected points keep their colours and get an outline; the others fade.
 */
void
seg_scatter_draw_points (cairo_t            *cr,
                         const SegScatter   *scatter,
                         const SegPlotFrame *frame)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  double radius = auto_radius (scatter);

  cairo_save (cr);
  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  cairo_clip (cr);

  if (type == CAIRO_SURFACE_TYPE_IMAGE || scatter->n > MAX_VECTOR_POINTS)
    draw_points_as_pixels (cr, scatter, frame, radius);
  else
    {
      Passes passes;

      passes_init (&passes, scatter);
      draw_points_as_paths (cr, scatter, frame, &passes, radius);
      passes_clear (&passes);
    }

  cairo_restore (cr);
}

/**
 * seg_scatter_draw_overlay:
 *
 * Marks the centre of each cluster shown.
 */
void
seg_scatter_draw_overlay (cairo_t            *cr,
                          const SegScatter   *scatter,
                          const SegPlotFrame *frame)
{
  cairo_save (cr);
  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  cairo_clip (cr);

  if (scatter->centroids != NULL)
    {
      for (guint c = 0; c < scatter->n_clusters; c++)
        {
          double px = seg_plot_frame_sx (frame, scatter->centroids[2 * c]);
          double py = seg_plot_frame_sy (frame, scatter->centroids[2 * c + 1]);
          g_autofree char *number = g_strdup_printf ("%u", c + 1);
          SegColor color;

          if (!isfinite (px) || !isfinite (py) || !seg_scatter_shows (scatter, (int32_t) c))
            continue;
          seg_scatter_color (scatter, (int) c, &color);
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
      guint n = 0;

      for (guint c = 0; c < scatter->n_clusters; c++)
        if (seg_scatter_shows (scatter, (int32_t) c))
          {
            seg_scatter_color (scatter, (int) c, &colors[n]);
            names[n++] = scatter->names[c];
          }
      if (scatter->noise_name != NULL && seg_scatter_shows (scatter, -1))
        {
          seg_plot_cluster_color (-1, &colors[n]);
          names[n++] = scatter->noise_name;
        }
      if (n > 0)
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
  size_t cells, finite = 0;

  g_return_val_if_fail (n < G_MAXUINT32, NULL);

  index->x = x;
  index->y = y;
  index->n = n;
  index->x0 = index->y0 = INFINITY;
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (x[i]) || !isfinite (y[i]))
        continue;
      index->x0 = MIN (index->x0, x[i]);
      index->y0 = MIN (index->y0, y[i]);
      x1 = MAX (x1, x[i]);
      y1 = MAX (y1, y[i]);
      finite++;
    }
  if (finite == 0)
    index->x0 = index->y0 = x1 = y1 = 0;

  /* Points without both coordinates are in no cell: never under the
   * pointer, never in a lasso. */
  index->side = (guint) CLAMP (ceil (sqrt (finite / 4.0)), 1, 2048);
  index->cell_w = MAX ((x1 - index->x0) / index->side, 1e-300);
  index->cell_h = MAX ((y1 - index->y0) / index->side, 1e-300);
  cells = (size_t) index->side * index->side;
  index->start = g_new0 (guint32, cells + 1);
  index->order = g_new (guint32, MAX (finite, 1));

  for (size_t i = 0; i < n; i++)
    {
      size_t c;

      if (!isfinite (x[i]) || !isfinite (y[i]))
        continue;
      c = (size_t) cell_of (index, y[i], index->y0, index->cell_h) * index->side +
          cell_of (index, x[i], index->x0, index->cell_w);
      index->start[c + 1]++;
    }
  for (size_t c = 0; c < cells; c++)
    index->start[c + 1] += index->start[c];
  {
    g_autofree guint32 *fill = g_memdup2 (index->start, cells * sizeof (guint32));

    for (size_t i = 0; i < n; i++)
      {
        size_t c;

        if (!isfinite (x[i]) || !isfinite (y[i]))
          continue;
        c = (size_t) cell_of (index, y[i], index->y0, index->cell_h) * index->side +
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

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Marks the cells an edge passes through, and their neighbours: a cell
 * no edge comes near is wholly inside the lasso or wholly outside. */
static void
mark_edge (const SegPointIndex *index,
           guint8              *edge,
           double               ax,
           double               ay,
           double               bx,
           double               by)
{
  double steps = ceil (MAX (fabs (bx - ax) / index->cell_w, fabs (by - ay) / index->cell_h) * 2) + 1;

  for (double s = 0; s <= steps; s++)
    {
      double t = s / steps;
      double x = ax + (bx - ax) * t, y = ay + (by - ay) * t;
      double fx = floor ((x - index->x0) / index->cell_w), fy = floor ((y - index->y0) / index->cell_h);

      /* Far outside the grid an edge marks nothing. */
      if (fx < -1 || fy < -1 || fx > index->side || fy > index->side)
        continue;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            double cx = fx + dx, cy = fy + dy;

            if (cx >= 0 && cy >= 0 && cx < index->side && cy < index->side)
              edge[(size_t) cy * index->side + (size_t) cx] = 1;
          }
    }
}

static inline size_t
apply (uint8_t       *selected,
       size_t         i,
       SegSelectMode  mode)
{
  if (mode == SEG_SELECT_SUBTRACT)
    {
      if (!selected[i])
        return 0;
      selected[i] = 0;
      return 1;
    }
  if (selected[i])
    return 0;
  selected[i] = 1;
  return 1;
}

/**
 * seg_point_index_select:
 * @index: the index of @scatter's points
 * @scatter: the points, their clusters and which clusters are hidden
 * @polygon: a lasso or a rectangle, in data coordinates
 * @mode: whether the points inside replace the selection, join it or
 *   leave it
 * @selected: a flag per point, changed in place
 * @n_selected: how many flags are set now
 *
 * Selects the points of shown clusters inside @polygon. Cells of the
 * index that no edge of the polygon comes near are wholly inside or
 * wholly outside it, so only the points of the cells along its edges are
 * tested one by one.
 *
 * Returns: how many flags are set afterwards
 */
size_t
seg_point_index_select (SegPointIndex    *index,
                        const SegScatter *scatter,
                        const double     *polygon,
                        size_t            n_vertices,
                        SegSelectMode     mode,
                        uint8_t          *selected,
                        size_t            n_selected)
{
  size_t cells = (size_t) index->side * index->side;
  g_autofree guint8 *edge = NULL;
  g_autofree double *crossings = NULL;

  g_return_val_if_fail (scatter->n == index->n, n_selected);

  if (mode == SEG_SELECT_REPLACE)
    {
      memset (selected, 0, scatter->n);
      n_selected = 0;
      mode = SEG_SELECT_ADD;
    }
  if (n_vertices < 3 || index->n == 0)
    return n_selected;

  edge = g_new0 (guint8, cells);
  for (size_t v = 0, u = n_vertices - 1; v < n_vertices; u = v++)
    mark_edge (index, edge, polygon[2 * u], polygon[2 * u + 1], polygon[2 * v], polygon[2 * v + 1]);

  crossings = g_new (double, n_vertices);
  for (guint row = 0; row < index->side; row++)
    {
      /* Where the polygon crosses the middle of the row, for the cells
       * that no edge comes near: inside where an odd number of crossings
       * lie to their left. */
      double cy = index->y0 + (row + 0.5) * index->cell_h;
      size_t n_cross = 0, next = 0;

      for (size_t v = 0, u = n_vertices - 1; v < n_vertices; u = v++)
        {
          double xi = polygon[2 * v], yi = polygon[2 * v + 1];
          double xj = polygon[2 * u], yj = polygon[2 * u + 1];

          if ((yi > cy) != (yj > cy))
            crossings[n_cross++] = (xj - xi) * (cy - yi) / (yj - yi) + xi;
        }
      qsort (crossings, n_cross, sizeof (double), compare_doubles);

      for (guint col = 0; col < index->side; col++)
        {
          size_t c = (size_t) row * index->side + col;
          gboolean whole;

          if (index->start[c] == index->start[c + 1])
            continue;
          if (!edge[c])
            {
              double cx = index->x0 + (col + 0.5) * index->cell_w;

              while (next < n_cross && crossings[next] < cx)
                next++;
              if (next % 2 == 0)
                continue;
              whole = TRUE;
            }
          else
            whole = FALSE;

          for (guint32 k = index->start[c]; k < index->start[c + 1]; k++)
            {
              guint32 i = index->order[k];

              if (scatter->labels != NULL && !seg_scatter_shows (scatter, scatter->labels[i]))
                continue;
              if (!whole && !seg_point_in_polygon (index->x[i], index->y[i], polygon, n_vertices))
                continue;
              if (mode == SEG_SELECT_SUBTRACT)
                n_selected -= apply (selected, i, mode);
              else
                n_selected += apply (selected, i, mode);
            }
        }
    }

  return n_selected;
}
