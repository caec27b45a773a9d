/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Charts draw from plain data with Cairo and Pango, so that the same code
 * paints a widget, writes a PNG, SVG or PDF file and builds a report. */

typedef struct
{
  double r;
  double g;
  double b;
} SegColor;

void seg_plot_cluster_color (int       cluster,
                             SegColor *color);

typedef struct
{
  double lo;
  double hi;
} SegRange;

#define SEG_PLOT_MAX_TICKS 16

guint seg_plot_ticks (SegRange  range,
                      guint     most,
                      double   *ticks,
                      double   *step);
char *seg_plot_format_tick (double value,
                            double step);

/* What goes around a chart's data: a title, axis names and whether the
 * right-hand side has an axis of its own. */
typedef struct
{
  const char *title;
  const char *x_label;
  const char *y_label;
  const char *y2_label;   /* nullable: no right axis */
  gboolean    no_y_ticks; /* the chart labels its rows itself */
  gboolean    x_log;      /* the x values are base-10 logarithms: ticks
                           * are labelled with the values themselves */
  gboolean    y_log;
  gboolean    no_x_ticks; /* the x axis has no values, only a name */
} SegAxes;

/* Where the data goes on the surface, and which data range it shows. */
typedef struct
{
  double   x;
  double   y;
  double   width;
  double   height;
  SegRange xr;
  SegRange yr;
  SegRange y2r;
} SegPlotFrame;

static inline double
seg_plot_frame_sx (const SegPlotFrame *frame,
                   double              value)
{
  return frame->x + (value - frame->xr.lo) / (frame->xr.hi - frame->xr.lo) * frame->width;
}

static inline double
seg_plot_frame_sy (const SegPlotFrame *frame,
                   double              value)
{
  return frame->y + frame->height - (value - frame->yr.lo) / (frame->yr.hi - frame->yr.lo) * frame->height;
}

static inline double
seg_plot_frame_sy2 (const SegPlotFrame *frame,
                    double              value)
{
  return frame->y + frame->height - (value - frame->y2r.lo) / (frame->y2r.hi - frame->y2r.lo) * frame->height;
}

void seg_plot_frame_to_data (const SegPlotFrame *frame,
                             double              sx,
                             double              sy,
                             double             *x,
                             double             *y);

void seg_plot_layout      (SegPlotFrame  *frame,
                           cairo_t       *cr,
                           const SegAxes *axes,
                           double         width,
                           double         height,
                           double         right_margin);
void seg_plot_draw_axes   (cairo_t            *cr,
                           const SegPlotFrame *frame,
                           const SegAxes      *axes);
void seg_plot_draw_text   (cairo_t    *cr,
                           const char *text,
                           double      x,
                           double      y,
                           double      xalign,
                           double      yalign,
                           gboolean    bold);
void seg_plot_draw_text_clipped (cairo_t    *cr,
                                 const char *text,
                                 double      x,
                                 double      y,
                                 double      max_width,
                                 double      xalign,
                                 double      yalign);
void seg_plot_text_size   (cairo_t    *cr,
                           const char *text,
                           gboolean    bold,
                           double     *width,
                           double     *height);
void seg_plot_draw_legend (cairo_t            *cr,
                           const SegPlotFrame *frame,
                           const char *const  *names,
                           const SegColor     *colors,
                           guint               n);

typedef void (*SegPlotDrawFunc) (cairo_t  *cr,
                                 double    width,
                                 double    height,
                                 gpointer  data);

gboolean seg_plot_export (const char       *path,
                          double            width,
                          double            height,
                          SegPlotDrawFunc   draw,
                          gpointer          data,
                          GError          **error);

G_END_DECLS
