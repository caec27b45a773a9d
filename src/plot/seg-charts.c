/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-charts.h"

#include <math.h>
#include <stdlib.h>

#define BAND_GAP_FRACTION 0.02

static int
compare_descending (const void *a,
                    const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x < y) - (x > y);
}

/**
 * seg_silhouette_plot_draw:
 *
 * Clusters top to bottom, each a filled profile of its rows' silhouettes
 * from the highest down, as wide as its share of the rows; the average
 * is a dashed line. More rows than pixels are drawn as the profile's
 * outline, not as one bar a row.
 */
void
seg_silhouette_plot_draw (cairo_t                 *cr,
                          const SegSilhouettePlot *plot,
                          double                   width,
                          double                   height)
{
  g_autofree size_t *counts = g_new0 (size_t, plot->n_clusters + 1);
  g_autofree size_t *starts = g_new0 (size_t, plot->n_clusters + 1);
  g_autofree double *sorted = NULL;
  double lowest = 0.0, total, gap;
  SegPlotFrame frame = { 0 };
  size_t used = 0;

  for (size_t i = 0; i < plot->n; i++)
    if (plot->labels[i] >= 0 && (guint) plot->labels[i] < plot->n_clusters && isfinite (plot->values[i]))
      {
        counts[plot->labels[i]]++;
        used++;
        lowest = MIN (lowest, plot->values[i]);
      }

  for (guint c = 0; c < plot->n_clusters; c++)
    starts[c + 1] = starts[c] + counts[c];
  sorted = g_new (double, MAX (used, 1));
  {
    g_autofree size_t *fill = g_memdup2 (starts, (plot->n_clusters + 1) * sizeof (size_t));

    for (size_t i = 0; i < plot->n; i++)
      if (plot->labels[i] >= 0 && (guint) plot->labels[i] < plot->n_clusters && isfinite (plot->values[i]))
        sorted[fill[plot->labels[i]]++] = plot->values[i];
  }
  for (guint c = 0; c < plot->n_clusters; c++)
    qsort (sorted + starts[c], counts[c], sizeof (double), compare_descending);

  gap = MAX (1.0, used * BAND_GAP_FRACTION);
  total = used + gap * (plot->n_clusters + 1);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  frame.xr = (SegRange) { MIN (-0.1, floor (lowest * 10) / 10), 1.0 };
  frame.yr = (SegRange) { 0, total };
  seg_plot_layout (&frame, cr, &plot->axes, width, height, 0);
  seg_plot_draw_axes (cr, &frame, &plot->axes);

  cairo_save (cr);
  cairo_rectangle (cr, frame.x, frame.y, frame.width, frame.height);
  cairo_clip (cr);
  for (guint c = 0; c < plot->n_clusters; c++)
    {
      /* Rows top-down: the band of cluster c starts below those before it. */
      double top = gap * (c + 1) + starts[c];
      double zero = seg_plot_frame_sx (&frame, 0.0);
      double rows_per_pixel = total / frame.height;
      size_t stride = MAX ((size_t) 1, (size_t) floor (rows_per_pixel / 2));
      SegColor color;

      if (counts[c] == 0)
        continue;
      seg_plot_cluster_color (plot->colors != NULL ? (int) plot->colors[c] : (int) c, &color);

      /* Screen y grows downwards, data y upwards: row r is at total - r. */
      cairo_move_to (cr, zero, seg_plot_frame_sy (&frame, total - top));
      for (size_t r = 0; r < counts[c]; r += stride)
        {
          double v = sorted[starts[c] + r];

          cairo_line_to (cr, seg_plot_frame_sx (&frame, v), seg_plot_frame_sy (&frame, total - top - r));
          cairo_line_to (cr, seg_plot_frame_sx (&frame, v), seg_plot_frame_sy (&frame, total - top - r - stride));
        }
      cairo_line_to (cr, seg_plot_frame_sx (&frame, sorted[starts[c] + counts[c] - 1]),
                     seg_plot_frame_sy (&frame, total - top - counts[c]));
      cairo_line_to (cr, zero, seg_plot_frame_sy (&frame, total - top - counts[c]));
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color.r, color.g, color.b, 0.9);
      cairo_fill (cr);
    }

  /* The zero line, and the average. */
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, round (seg_plot_frame_sx (&frame, 0.0)) + 0.5, frame.y);
  cairo_line_to (cr, round (seg_plot_frame_sx (&frame, 0.0)) + 0.5, frame.y + frame.height);
  cairo_stroke (cr);
  if (isfinite (plot->average))
    {
      static const double dash[] = { 5, 4 };

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, seg_plot_frame_sx (&frame, plot->average), frame.y);
      cairo_line_to (cr, seg_plot_frame_sx (&frame, plot->average), frame.y + frame.height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_restore (cr);

  /* Each band's cluster number, left of the axis. */
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  for (guint c = 0; c < plot->n_clusters; c++)
    {
      g_autofree char *number = g_strdup_printf ("%u", c + 1);
      double middle = gap * (c + 1) + starts[c] + counts[c] / 2.0;

      if (counts[c] > 0)
        seg_plot_draw_text (cr, number, frame.x - 6, seg_plot_frame_sy (&frame, total - middle), 1.0, 0.5, FALSE);
    }

  cairo_restore (cr);
}

static void
series_range (const SegLinePlot *plot,
              gboolean           right,
              SegRange          *range)
{
  double lo = INFINITY, hi = -INFINITY, pad;

  for (guint s = 0; s < plot->n_series; s++)
    {
      if (plot->series[s].right_axis != right)
        continue;
      for (size_t i = 0; i < plot->series[s].n; i++)
        if (isfinite (plot->series[s].y[i]))
          {
            lo = MIN (lo, plot->series[s].y[i]);
            hi = MAX (hi, plot->series[s].y[i]);
          }
    }
  if (lo > hi)
    lo = 0, hi = 1;
  pad = hi > lo ? (hi - lo) * 0.08 : MAX (fabs (hi) * 0.1, 1.0);
  *range = (SegRange) { lo - pad, hi + pad };
}

/**
 * seg_line_plot_draw:
 *
 * Each series as a line with a dot at every value, left-axis series in
 * the first colours; the marked x as a dashed line; a key at the top.
 */
void
seg_line_plot_draw (cairo_t           *cr,
                    const SegLinePlot *plot,
                    double             width,
                    double             height)
{
  SegPlotFrame frame = { 0 };
  double x0 = INFINITY, x1 = -INFINITY, key_x;

  for (guint s = 0; s < plot->n_series; s++)
    for (size_t i = 0; i < plot->series[s].n; i++)
      {
        x0 = MIN (x0, plot->series[s].x[i]);
        x1 = MAX (x1, plot->series[s].x[i]);
      }
  if (x0 > x1)
    x0 = 0, x1 = 1;
  if (x0 == x1)
    x0 -= 1, x1 += 1;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  frame.xr = (SegRange) { x0 - (x1 - x0) * 0.04, x1 + (x1 - x0) * 0.04 };
  series_range (plot, FALSE, &frame.yr);
  series_range (plot, TRUE, &frame.y2r);
  seg_plot_layout (&frame, cr, &plot->axes, width, height, 0);
  seg_plot_draw_axes (cr, &frame, &plot->axes);

  if (isfinite (plot->mark_x))
    {
      static const double dash[] = { 5, 4 };
      double sx = round (seg_plot_frame_sx (&frame, plot->mark_x)) + 0.5;

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, sx, frame.y);
      cairo_line_to (cr, sx, frame.y + frame.height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  key_x = frame.x + frame.width - 8;
  for (guint s = plot->n_series; s-- > 0;)
    {
      const SegLineSeries *series = &plot->series[s];
      SegColor color;
      double w;

      seg_plot_cluster_color ((int) s, &color);
      cairo_set_source_rgb (cr, color.r, color.g, color.b);
      cairo_set_line_width (cr, 2);
      for (size_t i = 0; i < series->n; i++)
        {
          double sx = seg_plot_frame_sx (&frame, series->x[i]);
          double sy = series->right_axis ? seg_plot_frame_sy2 (&frame, series->y[i])
                                         : seg_plot_frame_sy (&frame, series->y[i]);

          if (!isfinite (series->y[i]))
            continue;
          if (i == 0 || !isfinite (series->y[i - 1]))
            cairo_move_to (cr, sx, sy);
          else
            cairo_line_to (cr, sx, sy);
        }
      cairo_stroke (cr);
      for (size_t i = 0; i < series->n; i++)
        {
          double sy = series->right_axis ? seg_plot_frame_sy2 (&frame, series->y[i])
                                         : seg_plot_frame_sy (&frame, series->y[i]);

          if (!isfinite (series->y[i]))
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, seg_plot_frame_sx (&frame, series->x[i]), sy, 3.5, 0, 2 * G_PI);
        }
      cairo_fill (cr);

      if (series->name != NULL)
        {
          seg_plot_text_size (cr, series->name, FALSE, &w, NULL);
          key_x -= w;
          cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
          seg_plot_draw_text (cr, series->name, key_x, frame.y + 6, 0.0, 0.0, FALSE);
          cairo_set_source_rgb (cr, color.r, color.g, color.b);
          cairo_rectangle (cr, key_x - 20, frame.y + 12, 14, 3);
          cairo_fill (cr);
          key_x -= 34;
        }
    }

  cairo_restore (cr);
}

/**
 * seg_bar_group_plot_draw:
 *
 * For each group, a bar per series side by side from zero, in the series'
 * colours, its value above it; the groups' names below the axis and a key
 * of the series above the bars.
 */
void
seg_bar_group_plot_draw (cairo_t               *cr,
                         const SegBarGroupPlot *plot,
                         double                 width,
                         double                 height)
{
  SegPlotFrame frame = { 0 };
  double hi = 0, line, key_x, key_y, group_width;

  for (guint i = 0; i < plot->n_series * plot->n_groups; i++)
    if (isfinite (plot->values[i]))
      hi = MAX (hi, plot->values[i]);
  if (hi <= 0)
    hi = 1;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  frame.xr = (SegRange) { 0, MAX (plot->n_groups, 1) };
  /* Room above the tallest bar for its label and for the key. */
  frame.yr = (SegRange) { 0, hi * 1.25 };
  seg_plot_layout (&frame, cr, &plot->axes, width, height, 0);
  seg_plot_draw_axes (cr, &frame, &plot->axes);

  group_width = frame.width / MAX (plot->n_groups, 1);
  for (guint g = 0; g < plot->n_groups; g++)
    {
      double left = frame.x + g * group_width + group_width * 0.1;
      double bar = group_width * 0.8 / MAX (plot->n_series, 1);

      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      seg_plot_draw_text (cr, plot->group_names[g], frame.x + (g + 0.5) * group_width,
                          frame.y + frame.height + 6, 0.5, 0.0, TRUE);
      for (guint s = 0; s < plot->n_series; s++)
        {
          double value = plot->values[s * plot->n_groups + g];
          double top, x = left + s * bar, text_width = 0;
          char label[64];
          SegColor color;

          if (!isfinite (value))
            continue;
          top = seg_plot_frame_sy (&frame, MAX (value, 0));
          seg_plot_cluster_color ((int) s, &color);
          cairo_set_source_rgb (cr, color.r, color.g, color.b);
          cairo_rectangle (cr, x + 1, top, MAX (bar - 2, 1), frame.y + frame.height - top);
          cairo_fill (cr);
          /* A figure only over a bar wide enough for it, so that
           * neighbours' figures never run into each other. */
          g_snprintf (label, sizeof label, "%.*f%s", (int) plot->decimals, value,
                      plot->unit != NULL ? plot->unit : "");
          seg_plot_text_size (cr, label, FALSE, &text_width, NULL);
          if (text_width <= bar + 2)
            {
              cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
              seg_plot_draw_text (cr, label, x + bar / 2, top - 2, 0.5, 1.0, FALSE);
            }
        }
    }

  /* The key, right-aligned at the top, in as many lines as it needs. */
  key_x = frame.x + frame.width - 8;
  key_y = frame.y + 6;
  for (guint s = plot->n_series; s-- > 0;)
    {
      SegColor color;
      double w;

      seg_plot_text_size (cr, plot->series_names[s], FALSE, &w, NULL);
      if (key_x - w - 20 < frame.x + 8 && key_x < frame.x + frame.width - 8)
        {
          key_x = frame.x + frame.width - 8;
          key_y += line + 4;
        }
      key_x -= w;
      seg_plot_cluster_color ((int) s, &color);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      seg_plot_draw_text (cr, plot->series_names[s], key_x, key_y, 0.0, 0.0, FALSE);
      cairo_set_source_rgb (cr, color.r, color.g, color.b);
      cairo_rectangle (cr, key_x - 18, key_y + line / 2 - 5, 12, 10);
      cairo_fill (cr);
      key_x -= 30;
    }

  cairo_restore (cr);
}
