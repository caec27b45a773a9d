/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-plot.h"

G_BEGIN_DECLS

/* A box on the surface. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} SegBox;

gboolean seg_box_contains  (const SegBox *box,
                            double        x,
                            double        y);
gboolean seg_box_overlaps  (const SegBox *a,
                            const SegBox *b);

/* Drawings laid out at a natural size and scaled to fit a rectangle,
 * at most by @most, centred across it. */
double   seg_box_fit_scale (double        most,
                            double        natural_width,
                            double        natural_height,
                            double        width,
                            double        height,
                            double       *offset_x);
void     seg_box_begin_fit (cairo_t      *cr,
                            double        width,
                            double        height,
                            double        offset_x,
                            double        scale,
                            const char   *title);

/* One node of a decision tree: the question it asks (its first line)
 * and what it holds, already in words; its children, the "yes" answer
 * on the left; and where its value sits on the colour scale. */
typedef struct
{
  int         left;    /* -1 for a leaf */
  int         right;   /* -1 for a leaf */
  const char *text;    /* lines separated by '\n' */
  double      shade;   /* 0 to 1 on the colour scale; NAN: grey */
} SegTreePlotNode;

/* A decision tree drawn top down, node 0 at the top, each parent
 * centred over its children and no two boxes overlapping; scaled down
 * (never up) to fit. */
typedef struct
{
  const SegTreePlotNode *nodes;
  guint                  n_nodes;
  int                    selected;     /* -1: none; drawn with a thick frame */
  const char            *title;        /* nullable */
  const char            *scale_title;  /* nullable: no colour legend */
  const char            *scale_low;
  const char            *scale_high;
} SegTreePlot;

void     seg_tree_plot_natural_size (cairo_t           *cr,
                                     const SegTreePlot *plot,
                                     double            *width,
                                     double            *height);
guint    seg_tree_plot_layout       (cairo_t           *cr,
                                     const SegTreePlot *plot,
                                     double             width,
                                     double             height,
                                     SegBox            *boxes);
guint    seg_tree_plot_draw         (cairo_t           *cr,
                                     const SegTreePlot *plot,
                                     double             width,
                                     double             height);
int      seg_tree_plot_node_at      (cairo_t           *cr,
                                     const SegTreePlot *plot,
                                     double             width,
                                     double             height,
                                     double             x,
                                     double             y);

G_END_DECLS
