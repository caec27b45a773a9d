/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>

#include "seg-plot.h"

G_BEGIN_DECLS

/**
 * SegScatter:
 *
 * A map of points coloured by cluster. Only the arrays are borrowed; the
 * ranges say which part of the plane is shown, so zooming and panning
 * change them and never the data.
 */
typedef struct
{
  size_t              n;
  const double       *x;
  const double       *y;
  const int32_t      *labels;     /* nullable: one colour; negative is noise */
  const uint8_t      *selected;   /* nullable: non-zero rows are ringed */
  guint               n_clusters;
  const char *const  *names;      /* nullable: n_clusters legend names */
  const char         *noise_name; /* nullable: the legend's name for noise */
  const double       *centroids;  /* nullable: n_clusters (x, y) pairs */
  SegAxes             axes;
  SegRange            xr;
  SegRange            yr;
  double              radius;     /* 0 for a size that suits n */
  gboolean            legend;
} SegScatter;

void     seg_scatter_fit            (SegScatter       *scatter);
void     seg_scatter_frame          (const SegScatter *scatter,
                                     cairo_t          *cr,
                                     double            width,
                                     double            height,
                                     SegPlotFrame     *frame);
void     seg_scatter_draw           (cairo_t          *cr,
                                     const SegScatter *scatter,
                                     double            width,
                                     double            height,
                                     SegPlotFrame     *frame_out);
void     seg_scatter_draw_points    (cairo_t            *cr,
                                     const SegScatter   *scatter,
                                     const SegPlotFrame *frame);
void     seg_scatter_draw_overlay   (cairo_t            *cr,
                                     const SegScatter   *scatter,
                                     const SegPlotFrame *frame);

gboolean seg_point_in_polygon       (double            x,
                                     double            y,
                                     const double     *polygon,
                                     size_t            n_vertices);
size_t   seg_scatter_select_polygon (const SegScatter *scatter,
                                     const double     *polygon,
                                     size_t            n_vertices,
                                     uint8_t          *selected);

/* A grid over the points, to find the one under the pointer without
 * looking at every point. */
typedef struct _SegPointIndex SegPointIndex;

SegPointIndex *seg_point_index_new     (const double  *x,
                                        const double  *y,
                                        size_t         n);
void           seg_point_index_free    (SegPointIndex *index);
gssize         seg_point_index_nearest (SegPointIndex *index,
                                        double         x,
                                        double         y,
                                        double         x_scale,
                                        double         y_scale,
                                        double         within);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegPointIndex, seg_point_index_free)

G_END_DECLS
