/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-plot.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#define FONT       "Sans 9"
#define FONT_BOLD  "Sans Bold 10"
#define PAD        8.0
#define TICK       4.0

/* Ten colours that stay apart for most kinds of colour vision, then the
 * same ten darker, and so on. */
static const guint32 palette[] = {
  0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
  0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0x6b6ecf,
};

/**
 * seg_plot_cluster_color:
 * @cluster: a cluster from 0, or a negative number for noise
 * @color: (out): its colour
 */
void
seg_plot_cluster_color (int       cluster,
                        SegColor *color)
{
  guint32 rgb;
  double shade;

  if (cluster < 0)
    {
      *color = (SegColor) { 0.62, 0.62, 0.62 };
      return;
    }

  rgb = palette[cluster % G_N_ELEMENTS (palette)];
  shade = pow (0.7, (double) (cluster / G_N_ELEMENTS (palette) % 3));
  color->r = ((rgb >> 16) & 0xff) / 255.0 * shade;
  color->g = ((rgb >> 8) & 0xff) / 255.0 * shade;
  color->b = (rgb & 0xff) / 255.0 * shade;
}

/**
 * seg_plot_ticks:
 * @range: the values the axis spans
 * @most: how many ticks at most, up to SEG_PLOT_MAX_TICKS
 * @ticks: (out): room for SEG_PLOT_MAX_TICKS values
 * @step: (out) (optional): the distance between ticks
 *
 * Round tick values (1, 2 or 5 times a power of ten apart) inside @range.
 *
 * Returns: how many ticks were written
 */
guint
seg_plot_ticks (SegRange  range,
                guint     most,
                double   *ticks,
                double   *step)
{
  double span = range.hi - range.lo;
  double rough, magnitude, residual, nice, first;
  guint n = 0;

  most = CLAMP (most, 2, SEG_PLOT_MAX_TICKS);
  if (!isfinite (span) || span <= 0)
    {
      ticks[0] = isfinite (range.lo) ? range.lo : 0.0;
      if (step != NULL)
        *step = 1.0;
      return 1;
    }

  rough = span / (most - 1);
  magnitude = pow (10.0, floor (log10 (rough)));
  residual = rough / magnitude;
  nice = residual <= 1.0 ? 1.0 : residual <= 2.0 ? 2.0 : residual <= 5.0 ? 5.0 : 10.0;
  nice *= magnitude;

  first = ceil (range.lo / nice - 1e-9) * nice;
  for (double t = first; t <= range.hi + nice * 1e-9 && n < SEG_PLOT_MAX_TICKS; t = first + n * nice)
    ticks[n++] = fabs (t) < nice * 1e-9 ? 0.0 : t;

  if (step != NULL)
    *step = nice;
  return n;
}

/**
 * seg_plot_format_tick:
 * @value: a tick value
 * @step: the distance between ticks
 *
 * Returns: (transfer full): the value with as many decimals as the step
 *   needs, in the user's locale
 */
char *
seg_plot_format_tick (double value,
                      double step)
{
  int decimals = step > 0 && isfinite (step) ? (int) MAX (0.0, -floor (log10 (step) + 1e-9)) : 2;

  if (fabs (value) >= 1e7 && step >= 1e6)
    return g_strdup_printf ("%.*fM", MAX (0, decimals - 6), value / 1e6);
  return g_strdup_printf ("%.*f", MIN (decimals, 12), value);
}

/* Ticks on an axis of base-10 logarithms: the powers of ten when at
 * least two are in view, else the evenly spaced ticks of the logarithms. */
static guint
axis_ticks (SegRange  range,
            guint     most,
            gboolean  log_scale,
            double   *ticks,
            double   *step)
{
  if (log_scale)
    {
      double first = ceil (range.lo), last = floor (range.hi);

      if (last - first >= 1 && isfinite (first) && isfinite (last))
        {
          double every = MAX (1.0, ceil ((last - first + 1) / MAX (most, 2u)));
          guint n = 0;

          for (double t = first; t <= last && n < SEG_PLOT_MAX_TICKS; t += every)
            ticks[n++] = t;
          if (step != NULL)
            *step = every;
          return n;
        }
    }
  return seg_plot_ticks (range, most, ticks, step);
}

/* A tick's label: on a logarithmic axis, the value whose logarithm the
 * tick is, with three significant digits. */
static char *
tick_label (double   value,
            double   step,
            gboolean log_scale)
{
  double shown;

  if (!log_scale)
    return seg_plot_format_tick (value, step);
  shown = pow (10, value);
  if (shown >= 1e7)
    return g_strdup_printf ("%.3gM", shown / 1e6);
  if (shown >= 100)
    return g_strdup_printf ("%.0f", shown);
  return g_strdup_printf ("%.3g", shown);
}

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *text,
            gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (bold ? FONT_BOLD : FONT);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

void
seg_plot_text_size (cairo_t    *cr,
                    const char *text,
                    gboolean    bold,
                    double     *width,
                    double     *height)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/**
 * seg_plot_draw_text:
 * @xalign: 0 puts the text's left edge at @x, 1 its right edge
 * @yalign: 0 puts the text's top at @y, 1 its bottom
 *
 * Draws one line of text in the current colour.
 */
void
seg_plot_draw_text (cairo_t    *cr,
                    const char *text,
                    double      x,
                    double      y,
                    double      xalign,
                    double      yalign,
                    gboolean    bold)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
}

/**
 * seg_plot_draw_text_clipped:
 * @max_width: the most room the text may take; longer text is cut short
 *   with an ellipsis
 *
 * Draws one line of text, such as a product's name beside a grid, that
 * must not run into its neighbours.
 */
void
seg_plot_draw_text_clipped (cairo_t    *cr,
                            const char *text,
                            double      x,
                            double      y,
                            double      max_width,
                            double      xalign,
                            double      yalign)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, text, FALSE);
  int w, h;

  pango_layout_set_width (layout, (int) (MAX (max_width, 1.0) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_get_pixel_size (layout, &w, &h);
  /* The layout is as wide as it is given room; its ink is what aligns. */
  {
    PangoRectangle logical;

    pango_layout_get_pixel_extents (layout, NULL, &logical);
    w = logical.width;
    cairo_move_to (cr, round (x - xalign * w - logical.x), round (y - yalign * h));
  }
  pango_cairo_show_layout (cr, layout);
}

/* The widest tick label the axis may get: how many ticks fit depends on
 * the size the layout is about to decide, so every density is tried. */
static double
widest_tick (cairo_t  *cr,
             SegRange  range,
             gboolean  log_scale)
{
  double widest = 0, last_step = 0;

  for (guint most = 2; most <= SEG_PLOT_MAX_TICKS; most++)
    {
      double ticks[SEG_PLOT_MAX_TICKS], step;
      guint n = axis_ticks (range, most, log_scale, ticks, &step);

      /* Neighbouring densities often give the same ticks: measure once. */
      if (step == last_step)
        continue;
      last_step = step;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = tick_label (ticks[i], step, log_scale);
          double w;

          seg_plot_text_size (cr, text, FALSE, &w, NULL);
          widest = MAX (widest, w);
        }
    }
  return widest;
}

/**
 * seg_plot_layout:
 * @frame: a frame whose ranges are set; its rectangle is filled in
 * @right_margin: room to keep free on the right, for a legend
 *
 * Places the data area inside @width × @height, leaving room for the
 * title, the tick labels and the axis names.
 */
void
seg_plot_layout (SegPlotFrame  *frame,
                 cairo_t       *cr,
                 const SegAxes *axes,
                 double         width,
                 double         height,
                 double         right_margin)
{
  double line, title = 0, left, bottom;
  /* The last x tick's label is centred on the frame's edge. */
  double right = PAD + MAX (right_margin, widest_tick (cr, frame->xr, axes->x_log) / 2);

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  if (axes->title != NULL)
    seg_plot_text_size (cr, axes->title, TRUE, NULL, &title);

  left = PAD + (axes->no_y_ticks ? 24 : widest_tick (cr, frame->yr, axes->y_log)) + TICK + 4;
  if (axes->y_label != NULL)
    left += line + 6;
  bottom = PAD + line + TICK + 4;
  if (axes->x_label != NULL)
    bottom += line + 4;
  if (axes->y2_label != NULL)
    right += widest_tick (cr, frame->y2r, FALSE) + TICK + 4 + line + 6;

  frame->x = left;
  frame->y = PAD + (title > 0 ? title + 6 : line / 2);
  frame->width = MAX (10.0, width - left - right);
  frame->height = MAX (10.0, height - frame->y - bottom);
}

void
seg_plot_frame_to_data (const SegPlotFrame *frame,
                        double              sx,
                        double              sy,
                        double             *x,
                        double             *y)
{
  *x = frame->xr.lo + (sx - frame->x) / frame->width * (frame->xr.hi - frame->xr.lo);
  *y = frame->yr.lo + (frame->y + frame->height - sy) / frame->height * (frame->yr.hi - frame->yr.lo);
}

static void
draw_vertical_label (cairo_t    *cr,
                     const char *text,
                     double      x,
                     double      y)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, -G_PI / 2);
  seg_plot_draw_text (cr, text, 0, 0, 0.5, 0.0, FALSE);
  cairo_restore (cr);
}

/**
 * seg_plot_draw_axes:
 *
 * Draws the grid, the frame, the ticks with their labels, the axis names
 * and the title around @frame.
 */
void
seg_plot_draw_axes (cairo_t            *cr,
                    const SegPlotFrame *frame,
                    const SegAxes      *axes)
{
  double xt[SEG_PLOT_MAX_TICKS], yt[SEG_PLOT_MAX_TICKS], xstep = 0, ystep = 0;
  guint nx = axes->no_x_ticks ? 0 : axis_ticks (frame->xr, MAX (2, (guint) (frame->width / 80)), axes->x_log, xt, &xstep);
  guint ny = axes->no_y_ticks ? 0 : axis_ticks (frame->yr, MAX (3, (guint) (frame->height / 50)), axes->y_log, yt, &ystep);
  double line;

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);

  /* Grid */
  cairo_set_source_rgb (cr, 0.91, 0.91, 0.91);
  for (guint i = 0; i < nx; i++)
    {
      double sx = round (seg_plot_frame_sx (frame, xt[i])) + 0.5;

      cairo_move_to (cr, sx, frame->y);
      cairo_line_to (cr, sx, frame->y + frame->height);
    }
  for (guint i = 0; i < ny; i++)
    {
      double sy = round (seg_plot_frame_sy (frame, yt[i])) + 0.5;

      cairo_move_to (cr, frame->x, sy);
      cairo_line_to (cr, frame->x + frame->width, sy);
    }
  cairo_stroke (cr);

  /* Frame and ticks */
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_rectangle (cr, round (frame->x) + 0.5, round (frame->y) + 0.5,
                   round (frame->width), round (frame->height));
  for (guint i = 0; i < nx; i++)
    {
      double sx = round (seg_plot_frame_sx (frame, xt[i])) + 0.5;

      cairo_move_to (cr, sx, frame->y + frame->height);
      cairo_line_to (cr, sx, frame->y + frame->height + TICK);
    }
  for (guint i = 0; i < ny; i++)
    {
      double sy = round (seg_plot_frame_sy (frame, yt[i])) + 0.5;

      cairo_move_to (cr, frame->x - TICK, sy);
      cairo_line_to (cr, frame->x, sy);
    }
  cairo_stroke (cr);

  /* Labels */
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  for (guint i = 0; i < nx; i++)
    {
      g_autofree char *text = tick_label (xt[i], xstep, axes->x_log);

      seg_plot_draw_text (cr, text, seg_plot_frame_sx (frame, xt[i]),
                          frame->y + frame->height + TICK + 2, 0.5, 0.0, FALSE);
    }
  for (guint i = 0; i < ny; i++)
    {
      g_autofree char *text = tick_label (yt[i], ystep, axes->y_log);

      seg_plot_draw_text (cr, text, frame->x - TICK - 3, seg_plot_frame_sy (frame, yt[i]), 1.0, 0.5, FALSE);
    }

  if (axes->y2_label != NULL)
    {
      double y2t[SEG_PLOT_MAX_TICKS], y2step, widest = widest_tick (cr, frame->y2r, FALSE);
      guint ny2 = seg_plot_ticks (frame->y2r, MAX (2, (guint) (frame->height / 50)), y2t, &y2step);
      double right = frame->x + frame->width;

      for (guint i = 0; i < ny2; i++)
        {
          g_autofree char *text = seg_plot_format_tick (y2t[i], y2step);
          double sy = round (seg_plot_frame_sy2 (frame, y2t[i])) + 0.5;

          cairo_move_to (cr, right, sy);
          cairo_line_to (cr, right + TICK, sy);
          seg_plot_draw_text (cr, text, right + TICK + 3, sy, 0.0, 0.5, FALSE);
        }
      cairo_stroke (cr);
      draw_vertical_label (cr, axes->y2_label, right + TICK + 7 + widest, frame->y + frame->height / 2);
    }

  if (axes->x_label != NULL)
    seg_plot_draw_text (cr, axes->x_label, frame->x + frame->width / 2,
                        frame->y + frame->height + TICK + 4 + line, 0.5, 0.0, FALSE);
  if (axes->y_label != NULL)
    draw_vertical_label (cr, axes->y_label, PAD, frame->y + frame->height / 2);
  if (axes->title != NULL)
    {
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      seg_plot_draw_text (cr, axes->title, frame->x, PAD, 0.0, 0.0, TRUE);
    }

  cairo_restore (cr);
}

/**
 * seg_plot_draw_legend:
 * @names: @n names
 * @colors: @n colours
 *
 * A column of coloured dots and names to the right of @frame.
 */
void
seg_plot_draw_legend (cairo_t            *cr,
                      const SegPlotFrame *frame,
                      const char *const  *names,
                      const SegColor     *colors,
                      guint               n)
{
  double line, x = frame->x + frame->width + 14, y = frame->y + 2;

  seg_plot_text_size (cr, "0", FALSE, NULL, &line);
  cairo_save (cr);
  for (guint i = 0; i < n && y + line <= frame->y + frame->height + line; i++, y += line + 4)
    {
      cairo_set_source_rgb (cr, colors[i].r, colors[i].g, colors[i].b);
      cairo_arc (cr, x + 5, y + line / 2, 5, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      seg_plot_draw_text (cr, names[i], x + 15, y + line / 2, 0.0, 0.5, FALSE);
    }
  cairo_restore (cr);
}

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

/* Where Cairo's output goes: a stream, and the first error on it. */
typedef struct
{
  GOutputStream *out;
  GError        *error;
} Writing;

static void
writing_clear (Writing *writing)
{
  g_clear_object (&writing->out);
  g_clear_error (&writing->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writing, writing_clear)

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  Writing *writing = closure;

  if (writing->error == NULL &&
      !g_output_stream_write_all (writing->out, data, length, NULL, NULL, &writing->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return writing->error == NULL ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/**
 * seg_plot_export:
 * @path: a file name ending in .png, .svg or .pdf
 * @width: in pixels for PNG, in points for SVG and PDF
 * @draw: paints the chart
 *
 * Writes a chart to a file: first beside it, then in its place, so that
 * a failure never leaves half a file or spoils the one that was there.
 *
 * Returns: whether the file was written
 */
gboolean
seg_plot_export (const char       *path,
                 double            width,
                 double            height,
                 SegPlotDrawFunc   draw,
                 gpointer          data,
                 GError          **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  g_auto(Writing) writing = { NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Format format;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);

  if (g_str_has_suffix (lower, ".png"))
    format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    format = FORMAT_PDF;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: give a file name ending in .png, .svg or .pdf"), path);
      return FALSE;
    }
  if (!(width >= 16 && width <= 20000 && height >= 16 && height <= 20000))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The size %.0f × %.0f is outside 16 to 20000"), width, height);
      return FALSE;
    }

  /* GIO writes beside the file and moves the result into place only when
   * the stream closes cleanly, as the CSV exports do. */
  file = g_file_new_for_path (path);
  writing.out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error));
  if (writing.out == NULL)
    return FALSE;

  switch (format)
    {
    case FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width), (int) ceil (height));
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_stream, &writing, width, height);
      break;
    case FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (write_to_stream, &writing, width, height);
      break;
    }

  cr = cairo_create (surface);
  draw (cr, width, height, data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_to_stream, &writing);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && writing.error == NULL)
    return g_output_stream_close (writing.out, NULL, error);

  /* Closing through a cancelled cancellable drops what was written. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (writing.out, abandon, NULL);
  if (writing.error != NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&writing.error), _("Cannot write %s: "), path);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Cannot write %s: %s"), path, cairo_status_to_string (status));
  return FALSE;
}
