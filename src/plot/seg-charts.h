/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>

#include "seg-plot.h"

G_BEGIN_DECLS

/* Each cluster's silhouettes, sorted, as a band of bars: how well each
 * row sits in its cluster. */
typedef struct
{
  size_t         n;
  const double  *values;     /* NAN where a row has none */
  const int32_t *labels;     /* negative: noise, left out */
  guint          n_clusters;
  double         average;    /* NAN: no line */
  SegAxes        axes;
  const guint   *colors;     /* nullable: a palette slot per cluster */
} SegSilhouettePlot;

void seg_silhouette_plot_draw (cairo_t                 *cr,
                               const SegSilhouettePlot *plot,
                               double                   width,
                               double                   height);

typedef struct
{
  const double *x;
  const double *y;
  size_t        n;
  const char   *name;
  gboolean      right_axis;
} SegLineSeries;

/* Lines over a shared x axis, such as inertia and silhouette against k,
 * with one x marked, such as the recommended k. */
typedef struct
{
  const SegLineSeries *series;
  guint                n_series;
  double               mark_x;   /* NAN: none */
  SegAxes              axes;
} SegLinePlot;

void seg_line_plot_draw (cairo_t           *cr,
                         const SegLinePlot *plot,
                         double             width,
                         double             height);

/* Grouped bars: for each group (a measure, such as the hit rate), one bar
 * per series (a model, such as the best sellers), each bar labelled with
 * its value; the key of the series at the top. */
typedef struct
{
  guint              n_groups;
  const char *const *group_names;
  guint              n_series;
  const char *const *series_names;
  const double      *values;       /* n_series × n_groups, series by series; NAN: no bar */
  guint              decimals;     /* of a bar's label */
  const char        *unit;         /* nullable: after a bar's label, such as "%" */
  SegAxes            axes;
} SegBarGroupPlot;

void seg_bar_group_plot_draw (cairo_t               *cr,
                              const SegBarGroupPlot *plot,
                              double                 width,
                              double                 height);

G_END_DECLS
