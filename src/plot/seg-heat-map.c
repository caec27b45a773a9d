/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-heat-map.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* From pale yellow through green and blue to a dark navy: each stop is
 * darker than the one before, so more always reads as darker. */
static const double stops[][3] = {
  { 1.000, 1.000, 0.851 },
  { 0.780, 0.914, 0.706 },
  { 0.255, 0.714, 0.769 },
  { 0.133, 0.369, 0.659 },
  { 0.031, 0.114, 0.345 },
};

#define LEGEND_WIDTH 16.0

/**
 * seg_heat_map_color:
 * @t: where the value sits between the scale's low (0) and high (1)
 * @color: (out): its colour
 */
void
seg_heat_map_color (double    t,
                    SegColor *color)
{
  double at;
  guint i;

  if (isnan (t))
    {
      *color = (SegColor) { 0.85, 0.85, 0.85 };
      return;
    }
  at = CLAMP (t, 0.0, 1.0) * (G_N_ELEMENTS (stops) - 1);
  i = MIN ((guint) floor (at), G_N_ELEMENTS (stops) - 2);
  at -= i;
  color->r = stops[i][0] + (stops[i + 1][0] - stops[i][0]) * at;
  color->g = stops[i][1] + (stops[i + 1][1] - stops[i][1]) * at;
  color->b = stops[i][2] + (stops[i + 1][2] - stops[i][2]) * at;
}

/**
 * seg_heat_map_color_is_dark:
 *
 * Returns: whether text on @color reads better in white
 */
gboolean
seg_heat_map_color_is_dark (const SegColor *color)
{
  return 0.2126 * color->r + 0.7152 * color->g + 0.0722 * color->b < 0.45;
}

void
seg_heat_map_draw_scale (cairo_t    *cr,
                         double      x,
                         double      y,
                         double      width,
                         double      height,
                         const char *low,
                         const char *high,
                         const char *title)
{
  gboolean vertical = height > width;
  double line, bar_x = x, bar_y = y, bar_w = width, bar_h = height;
  cairo_pattern_t *gradient;

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  cairo_save (cr);
  if (vertical)
    {
      /* Title above, high value at the top, low value at the bottom. */
      bar_y = y + (title != NULL ? line + 4 : 0) + line + 2;
      bar_h = MAX (10.0, y + height - line - 2 - bar_y);
      bar_w = LEGEND_WIDTH;
      gradient = cairo_pattern_create_linear (0, bar_y + bar_h, 0, bar_y);
    }
  else
    {
      /* Title on the left, low value, bar, high value. */
      double title_w = 0, low_w = 0, high_w = 0;

      if (title != NULL)
        seg_plot_text_size (cr, title, FALSE, &title_w, NULL);
      seg_plot_text_size (cr, low, FALSE, &low_w, NULL);
      seg_plot_text_size (cr, high, FALSE, &high_w, NULL);
      bar_x = x + (title_w > 0 ? title_w + 8 : 0) + low_w + 4;
      bar_w = MAX (20.0, x + width - high_w - 4 - bar_x);
      bar_h = MIN (height, line);
      bar_y = y + (height - bar_h) / 2;
      gradient = cairo_pattern_create_linear (bar_x, 0, bar_x + bar_w, 0);
    }

  for (guint i = 0; i <= 10; i++)
    {
      SegColor color;

      seg_heat_map_color (i / 10.0, &color);
      cairo_pattern_add_color_stop_rgb (gradient, i / 10.0, color.r, color.g, color.b);
    }
  cairo_rectangle (cr, bar_x, bar_y, bar_w, bar_h);
  cairo_set_source (cr, gradient);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (gradient);
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  if (vertical)
    {
      if (title != NULL)
        seg_plot_draw_text (cr, title, x, y, 0.0, 0.0, FALSE);
      seg_plot_draw_text (cr, high, bar_x, bar_y - 2, 0.0, 1.0, FALSE);
      seg_plot_draw_text (cr, low, bar_x, bar_y + bar_h + 2, 0.0, 0.0, FALSE);
    }
  else
    {
      if (title != NULL)
        seg_plot_draw_text (cr, title, x, y + height / 2, 0.0, 0.5, FALSE);
      seg_plot_draw_text (cr, low, bar_x - 4, y + height / 2, 1.0, 0.5, FALSE);
      seg_plot_draw_text (cr, high, bar_x + bar_w + 4, y + height / 2, 0.0, 0.5, FALSE);
    }
  cairo_restore (cr);
}

/**
 * seg_heat_map_side_scale_width:
 *
 * Returns: the room seg_heat_map_draw_side_scale () takes right of a frame
 */
double
seg_heat_map_side_scale_width (cairo_t    *cr,
                               const char *low,
                               const char *high,
                               const char *title)
{
  double legend_w = LEGEND_WIDTH, line, w;

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  seg_plot_text_size (cr, low, FALSE, &w, NULL);
  legend_w = MAX (legend_w, w);
  seg_plot_text_size (cr, high, FALSE, &w, NULL);
  legend_w = MAX (legend_w, w);
  return legend_w + 24 + (title != NULL ? line + 6 : 0);
}

void
seg_heat_map_draw_side_scale (cairo_t            *cr,
                              const SegPlotFrame *frame,
                              const char         *low,
                              const char         *high,
                              const char         *title)
{
  double line;

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  seg_heat_map_draw_scale (cr, frame->x + frame->width + 14, frame->y,
                           LEGEND_WIDTH, frame->height, low, high, NULL);
  if (title == NULL)
    return;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  cairo_translate (cr, frame->x + frame->width + 14 + LEGEND_WIDTH + 4 + line / 2, frame->y + frame->height / 2);
  cairo_rotate (cr, -G_PI / 2);
  seg_plot_draw_text (cr, title, 0, 0, 0.5, 0.5, FALSE);
  cairo_restore (cr);
}

/**
 * seg_heat_map_value_range:
 * @range: (out): the least and the greatest finite value
 *
 * Returns: whether the map has any finite value
 */
gboolean
seg_heat_map_value_range (const SegHeatMap *map,
                          SegRange         *range)
{
  gboolean any = FALSE;

  range->lo = INFINITY;
  range->hi = -INFINITY;
  for (gsize i = 0; map->values != NULL && i < (gsize) map->rows * map->cols; i++)
    if (isfinite (map->values[i]))
      {
        range->lo = MIN (range->lo, map->values[i]);
        range->hi = MAX (range->hi, map->values[i]);
        any = TRUE;
      }
  if (!any)
    *range = (SegRange) { 0.0, 1.0 };
  return any;
}

static char *
legend_value (const SegHeatMap *map,
              double            value)
{
  double factor = map->factor != 0 ? map->factor : 1.0;

  return g_strdup_printf ("%.*f%s", (int) MIN (map->decimals, 9u), value * factor,
                          map->unit != NULL ? map->unit : "");
}

/* The legend's labels: the least and the greatest value. */
static void
legend_labels (const SegHeatMap  *map,
               SegRange          *values,
               char             **low,
               char             **high)
{
  seg_heat_map_value_range (map, values);
  *low = legend_value (map, values->lo);
  *high = legend_value (map, values->hi);
}

static void
layout_with (cairo_t          *cr,
             const SegHeatMap *map,
             const char       *low,
             const char       *high,
             double            width,
             double            height,
             SegPlotFrame     *frame)
{
  *frame = (SegPlotFrame) { .xr = map->xr, .yr = map->yr };
  if (!(frame->xr.hi > frame->xr.lo))
    frame->xr = (SegRange) { 0.0, 1.0 };
  if (!(frame->yr.hi > frame->yr.lo))
    frame->yr = (SegRange) { 0.0, 1.0 };
  seg_plot_layout (frame, cr, &map->axes, width, height,
                   seg_heat_map_side_scale_width (cr, low, high, map->legend_title));
}

/**
 * seg_heat_map_layout:
 * @frame: (out): where the cells go
 */
void
seg_heat_map_layout (cairo_t          *cr,
                     const SegHeatMap *map,
                     double            width,
                     double            height,
                     SegPlotFrame     *frame)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  SegRange values;

  legend_labels (map, &values, &low, &high);
  layout_with (cr, map, low, high, width, height, frame);
}

/**
 * seg_heat_map_draw:
 *
 * Draws the cells, the axes and, on the right, the colour scale.
 */
void
seg_heat_map_draw (cairo_t          *cr,
                   const SegHeatMap *map,
                   double            width,
                   double            height)
{
  SegPlotFrame frame;
  SegRange values;
  double cell_w, cell_h;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  g_return_if_fail (cr != NULL && map != NULL);

  legend_labels (map, &values, &low, &high);

  cairo_save (cr);
  /* Nothing strays outside the rectangle the caller gave. */
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  layout_with (cr, map, low, high, width, height, &frame);
  /* The cells cover the axes' grid, which would only cut them up. */
  seg_plot_draw_axes (cr, &frame, &map->axes);

  cell_w = frame.width / MAX (map->cols, 1u);
  cell_h = frame.height / MAX (map->rows, 1u);
  for (guint r = 0; r < map->rows; r++)
    for (guint c = 0; c < map->cols; c++)
      {
        double value = map->values[(gsize) r * map->cols + c];
        double t = values.hi > values.lo ? (value - values.lo) / (values.hi - values.lo) : 0.5;
        SegColor color;

        seg_heat_map_color (isfinite (value) ? t : NAN, &color);
        cairo_set_source_rgb (cr, color.r, color.g, color.b);
        /* Whole pixels, slightly overlapping, so no seams show. */
        cairo_rectangle (cr, floor (frame.x + c * cell_w), floor (frame.y + frame.height - (r + 1) * cell_h),
                         ceil (cell_w) + 1, ceil (cell_h) + 1);
        cairo_fill (cr);
      }
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, round (frame.x) + 0.5, round (frame.y) + 0.5, round (frame.width), round (frame.height));
  cairo_stroke (cr);

  seg_heat_map_draw_side_scale (cr, &frame, low, high, map->legend_title);
  cairo_restore (cr);
}
