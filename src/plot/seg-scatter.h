/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>

#include "seg-plot.h"

G_BEGIN_DECLS

/* Whether the points are drawn as dots or, where they pile up beyond
 * what dots can show, as a density of counts per pixel. */
typedef enum
{
  SEG_SCATTER_AUTO,
  SEG_SCATTER_DOTS,
  SEG_SCATTER_DENSITY,
} SegScatterStyle;

/* How a new selection meets the one there is. */
typedef enum
{
  SEG_SELECT_REPLACE,
  SEG_SELECT_ADD,
  SEG_SELECT_SUBTRACT,
} SegSelectMode;

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
  const uint8_t      *hidden;     /* nullable: n_clusters + 1 flags, the last
                                   * for noise; hidden clusters are not drawn */
  const guint        *colors;     /* nullable: a palette slot per cluster */
  SegScatterStyle     style;
  gboolean           *drew_density; /* nullable: set to whether the last
                                     * drawing showed density */
} SegScatter;

void     seg_scatter_color          (const SegScatter *scatter,
                                     int               cluster,
                                     SegColor         *color);
gboolean seg_scatter_shows          (const SegScatter *scatter,
                                     int32_t           label);

/* Per-pixel counts of the points in view, their mixed cluster colours and
 * how many of them are selected. */
typedef struct
{
  guint32 count;
  float   r;            /* the sum of the points' colours */
  float   g;
  float   b;
} SegDensityPixel;

typedef struct
{
  int              width;
  int              height;
  SegDensityPixel *pixels;    /* width × height, together so that a point
                               * touches one cache line */
  guint32         *selected;  /* width × height, NULL without a selection */
  guint32          max;       /* the largest count */
  size_t           n_in_view;
} SegDensity;

SegDensity *seg_density_new        (const SegScatter   *scatter,
                                    const SegPlotFrame *frame,
                                    int                 width,
                                    int                 height);
void        seg_density_free       (SegDensity         *density);
gboolean    seg_density_crowded    (const SegDensity   *density,
                                    double              radius);
gboolean    seg_density_pixel      (const SegDensity   *density,
                                    int                 x,
                                    int                 y,
                                    SegColor           *color,
                                    double             *alpha);

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
size_t         seg_point_index_select  (SegPointIndex    *index,
                                        const SegScatter *scatter,
                                        const double     *polygon,
                                        size_t            n_vertices,
                                        SegSelectMode     mode,
                                        uint8_t          *selected,
                                        size_t            n_selected);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegPointIndex, seg_point_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegDensity, seg_density_free)

G_END_DECLS
