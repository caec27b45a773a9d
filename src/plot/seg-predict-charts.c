/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-predict-charts.h"

#include <math.h>

static const double reference_dash[] = { 6, 4 };

/* A range that holds every finite value, with a little room around it,
 * unless @fixed already is one. */
static SegRange
fit_range (SegRange                fixed,
           const SegCurvePlot     *plot,
           gboolean                vertical)
{
  double lo = INFINITY, hi = -INFINITY, pad;

  if (fixed.hi > fixed.lo)
    return fixed;
  for (guint c = 0; c < plot->n_curves; c++)
    {
      const double *values = vertical ? plot->curves[c].y : plot->curves[c].x;

      for (size_t i = 0; i < plot->curves[c].n; i++)
        if (isfinite (values[i]))
          {
            lo = MIN (lo, values[i]);
            hi = MAX (hi, values[i]);
          }
    }
  for (size_t i = 0; i < plot->n_cloud; i++)
    {
      double value = vertical ? plot->cloud_y[i] : plot->cloud_x[i];

      if (isfinite (value))
        {
          lo = MIN (lo, value);
          hi = MAX (hi, value);
        }
    }
  if (lo > hi)
    return (SegRange) { 0, 1 };
  pad = hi > lo ? (hi - lo) * 0.05 : MAX (fabs (hi) * 0.1, 1.0);

  return (SegRange) { lo - pad, hi + pad };
}

static void
curve_color (const SegCurvePlot *plot,
             guint               curve,
             SegColor           *color)
{
  int slot = 0;

  /* Models take the palette in order; yardsticks are grey. */
  for (guint c = 0; c < curve; c++)
    if (!plot->curves[c].reference)
      slot++;
  if (plot->curves[curve].reference)
    *color = (SegColor) { 0.45, 0.45, 0.45 };
  else
    seg_plot_cluster_color (slot, color);
}

static void
draw_key (cairo_t            *cr,
          const SegCurvePlot *plot,
          const SegPlotFrame *frame)
{
  double line, key_x = frame->x + frame->width - 8, key_y = frame->y + 6;

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  for (guint c = plot->n_curves; c-- > 0;)
    {
      const SegCurve *curve = &plot->curves[c];
      SegColor color;
      double w;

      if (curve->name == NULL)
        continue;
      seg_plot_text_size (cr, curve->name, FALSE, &w, NULL);
      if (key_x - w - 28 < frame->x + 8 && key_x < frame->x + frame->width - 8)
        {
          key_x = frame->x + frame->width - 8;
          key_y += line + 4;
        }
      key_x -= w;
      /* The key stays legible where a curve runs under it. */
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_rectangle (cr, key_x - 30, key_y - 2, w + 34, line + 4);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      seg_plot_draw_text (cr, curve->name, key_x, key_y, 0.0, 0.0, FALSE);
      curve_color (plot, c, &color);
      cairo_set_source_rgb (cr, color.r, color.g, color.b);
      cairo_set_line_width (cr, 2.5);
      if (curve->reference)
        cairo_set_dash (cr, reference_dash, G_N_ELEMENTS (reference_dash), 0);
      cairo_move_to (cr, key_x - 26, key_y + line / 2);
      cairo_line_to (cr, key_x - 6, key_y + line / 2);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      key_x -= 38;
    }
}

/**
 * seg_curve_plot_draw:
 *
 * The cloud first, faint; then the yardsticks dashed and the models'
 * curves solid, clipped to the frame; the marked point as a ring with
 * its label; a key at the top right.
 */
void
seg_curve_plot_draw (cairo_t            *cr,
                     const SegCurvePlot *plot,
                     double              width,
                     double              height)
{
  SegPlotFrame frame = { 0 };

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  frame.xr = fit_range (plot->xr, plot, FALSE);
  frame.yr = fit_range (plot->yr, plot, TRUE);
  seg_plot_layout (&frame, cr, &plot->axes, width, height, 0);
  seg_plot_draw_axes (cr, &frame, &plot->axes);

  cairo_save (cr);
  cairo_rectangle (cr, frame.x, frame.y, frame.width, frame.height);
  cairo_clip (cr);

  if (plot->n_cloud > 0)
    {
      SegColor color;
      /* Many points are drawn smaller so that the cloud keeps its shape. */
      double radius = plot->n_cloud > 5000 ? 1.5 : 2.5;

      seg_plot_cluster_color (0, &color);
      cairo_set_source_rgba (cr, color.r, color.g, color.b, 0.3);
      for (size_t i = 0; i < plot->n_cloud; i++)
        if (isfinite (plot->cloud_x[i]) && isfinite (plot->cloud_y[i]))
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, seg_plot_frame_sx (&frame, plot->cloud_x[i]),
                       seg_plot_frame_sy (&frame, plot->cloud_y[i]), radius, 0, 2 * G_PI);
          }
      cairo_fill (cr);
    }

  for (guint c = 0; c < plot->n_curves; c++)
    {
      const SegCurve *curve = &plot->curves[c];
      gboolean drawing = FALSE;
      SegColor color;

      curve_color (plot, c, &color);
      cairo_set_source_rgb (cr, color.r, color.g, color.b);
      cairo_set_line_width (cr, curve->reference ? 1.5 : 2.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (curve->reference)
        cairo_set_dash (cr, reference_dash, G_N_ELEMENTS (reference_dash), 0);
      for (size_t i = 0; i < curve->n; i++)
        {
          if (!isfinite (curve->x[i]) || !isfinite (curve->y[i]))
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, seg_plot_frame_sx (&frame, curve->x[i]), seg_plot_frame_sy (&frame, curve->y[i]));
          else
            cairo_move_to (cr, seg_plot_frame_sx (&frame, curve->x[i]), seg_plot_frame_sy (&frame, curve->y[i]));
          drawing = TRUE;
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (curve->dots)
        {
          for (size_t i = 0; i < curve->n; i++)
            if (isfinite (curve->x[i]) && isfinite (curve->y[i]))
              {
                cairo_new_sub_path (cr);
                cairo_arc (cr, seg_plot_frame_sx (&frame, curve->x[i]),
                           seg_plot_frame_sy (&frame, curve->y[i]), 4, 0, 2 * G_PI);
              }
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);

  if (isfinite (plot->mark_x) && isfinite (plot->mark_y))
    {
      double sx = seg_plot_frame_sx (&frame, plot->mark_x);
      double sy = seg_plot_frame_sy (&frame, plot->mark_y);

      cairo_set_source_rgb (cr, 0.85, 0.1, 0.1);
      cairo_arc (cr, sx, sy, 6.5, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_arc (cr, sx, sy, 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
      if (plot->mark_label != NULL)
        {
          double w;
          /* Beside the mark, on whichever side has the room. */
          gboolean left = sx > frame.x + frame.width / 2;

          seg_plot_text_size (cr, plot->mark_label, TRUE, &w, NULL);
          cairo_set_source_rgb (cr, 0.6, 0.05, 0.05);
          seg_plot_draw_text (cr, plot->mark_label, left ? sx - 12 : sx + 12,
                              CLAMP (sy + 14, frame.y, frame.y + frame.height - 4),
                              left ? 1.0 : 0.0, 0.5, TRUE);
        }
    }

  draw_key (cr, plot, &frame);
  cairo_restore (cr);
}

/**
 * seg_confusion_grid_draw:
 *
 * The column names above the grid, the row names left of it; each cell
 * its count large, its caption and share below.
 */
void
seg_confusion_grid_draw (cairo_t                *cr,
                         const SegConfusionGrid *grid,
                         double                  width,
                         double                  height)
{
  double line, title = 0, left = 0, top, cell_w, cell_h, total = 0;
  int x0, y0;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  if (grid->title != NULL)
    {
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      seg_plot_draw_text (cr, grid->title, 8, 8, 0.0, 0.0, TRUE);
      title = line + 8;
    }
  for (guint r = 0; r < 2; r++)
    {
      double w;

      seg_plot_text_size (cr, grid->row_names[r], TRUE, &w, NULL);
      left = MAX (left, w);
    }
  left = MIN (left + 20, width * 0.3);
  top = 8 + title + line + 8;
  cell_w = MAX (20.0, (width - left - 8) / 2);
  cell_h = MAX (20.0, (height - top - 8) / 2);
  for (guint i = 0; i < 4; i++)
    total += MAX (grid->counts[i], 0);

  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  for (guint c = 0; c < 2; c++)
    seg_plot_draw_text (cr, grid->column_names[c], left + (c + 0.5) * cell_w, top - 6, 0.5, 1.0, TRUE);
  for (guint r = 0; r < 2; r++)
    seg_plot_draw_text (cr, grid->row_names[r], left - 10, top + (r + 0.5) * cell_h, 1.0, 0.5, TRUE);

  for (y0 = 0; y0 < 2; y0++)
    for (x0 = 0; x0 < 2; x0++)
      {
        guint i = y0 * 2 + x0;
        double share = total > 0 ? MAX (grid->counts[i], 0) / total : 0;
        gboolean right = x0 == y0;
        double x = left + x0 * cell_w, y = top + y0 * cell_h;
        /* Green where the decision was right, red where wrong, deeper
         * for a larger share, never so deep that the text is lost. */
        double depth = 0.12 + 0.45 * share;
        char number[64];

        if (right)
          cairo_set_source_rgb (cr, 1 - depth * 0.75, 1 - depth * 0.25, 1 - depth * 0.7);
        else
          cairo_set_source_rgb (cr, 1 - depth * 0.15, 1 - depth * 0.7, 1 - depth * 0.7);
        cairo_rectangle (cr, x + 2, y + 2, cell_w - 4, cell_h - 4);
        cairo_fill (cr);

        g_snprintf (number, sizeof number, "%'.0f", grid->counts[i]);
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        cairo_save (cr);
        cairo_translate (cr, x + cell_w / 2, y + cell_h / 2 - line * 0.9);
        cairo_scale (cr, 1.6, 1.6);
        seg_plot_draw_text (cr, number, 0, 0, 0.5, 0.5, TRUE);
        cairo_restore (cr);
        if (grid->captions[i] != NULL)
          {
            g_autofree char *caption = g_strdup_printf ("%s (%.0f%%)", grid->captions[i], 100 * share);

            cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
            seg_plot_draw_text (cr, caption, x + cell_w / 2, y + cell_h / 2 + line * 0.6, 0.5, 0.5, FALSE);
          }
      }

  cairo_restore (cr);
}
