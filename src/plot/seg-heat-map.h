/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-plot.h"

G_BEGIN_DECLS

/* A sequential colour scale, light for low values and dark for high
 * ones, whose lightness falls steadily so that it also reads in grey:
 * @t from 0 to 1 (clamped; NAN gives a neutral grey). */
void seg_heat_map_color       (double    t,
                               SegColor *color);
gboolean seg_heat_map_color_is_dark (const SegColor *color);

/* The scale as a bar with its low and high values and a title, inside
 * the rectangle given; vertical bars run from low at the bottom to
 * high at the top, horizontal ones from low on the left. */
void seg_heat_map_draw_scale  (cairo_t    *cr,
                               double      x,
                               double      y,
                               double      width,
                               double      height,
                               const char *low,
                               const char *high,
                               const char *title);

/* The scale upright to the right of @frame, its values beside it and
 * its title turned along it; the width it needs, for the layout. */
double seg_heat_map_side_scale_width (cairo_t            *cr,
                                      const char         *low,
                                      const char         *high,
                                      const char         *title);
void   seg_heat_map_draw_side_scale  (cairo_t            *cr,
                                      const SegPlotFrame *frame,
                                      const char         *low,
                                      const char         *high,
                                      const char         *title);

/* A grid of cells coloured by their values, such as the expected
 * purchases of customers by frequency and recency, with axes and the
 * colour scale's legend. */
typedef struct
{
  guint         rows;
  guint         cols;
  const double *values;      /* rows × cols, row by row; row 0 at the bottom; NAN: empty */
  SegRange      xr;          /* the data range the columns span, edge to edge */
  SegRange      yr;          /* the data range the rows span */
  const char   *legend_title;
  guint         decimals;    /* of the legend's values */
  const char   *unit;        /* nullable: after the legend's values, such as "%" */
  double        factor;      /* the legend shows values × factor; 0 means 1 */
  SegAxes       axes;
} SegHeatMap;

gboolean seg_heat_map_value_range (const SegHeatMap *map,
                                   SegRange         *range);
void     seg_heat_map_layout      (cairo_t          *cr,
                                   const SegHeatMap *map,
                                   double            width,
                                   double            height,
                                   SegPlotFrame     *frame);
void     seg_heat_map_draw        (cairo_t          *cr,
                                   const SegHeatMap *map,
                                   double            width,
                                   double            height);

G_END_DECLS
