/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-tree-plot.h"

G_BEGIN_DECLS

/* A directed graph, such as a Bayesian network, drawn in layers: every
 * arrow points down to a later layer, nodes in a layer ordered to keep
 * arrows short, no two boxes overlapping; scaled to fit (a small graph
 * up to 1.6 times). */
typedef struct
{
  guint              n_nodes;
  const char *const *labels;      /* n_nodes */
  guint              n_edges;
  const guint       *from;        /* n_edges */
  const guint       *to;          /* n_edges */
  int                highlight;   /* -1: none; drawn in the accent colour */
  int                selected;    /* -1: none; drawn with a thick frame */
  const char        *title;       /* nullable */
} SegGraphPlot;

void seg_graph_plot_layout  (cairo_t            *cr,
                             const SegGraphPlot *plot,
                             double              width,
                             double              height,
                             SegBox             *boxes);
void seg_graph_plot_draw    (cairo_t            *cr,
                             const SegGraphPlot *plot,
                             double              width,
                             double              height);
int  seg_graph_plot_node_at (cairo_t            *cr,
                             const SegGraphPlot *plot,
                             double              width,
                             double              height,
                             double              x,
                             double              y);
int  seg_graph_plot_edge_at (cairo_t            *cr,
                             const SegGraphPlot *plot,
                             double              width,
                             double              height,
                             double              x,
                             double              y);

G_END_DECLS
