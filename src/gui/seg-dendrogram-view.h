/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-project.h"
#include "seg-run.h"
#include "seg-run-points.h"

G_BEGIN_DECLS

#define SEG_TYPE_DENDROGRAM_VIEW (seg_dendrogram_view_get_type ())

G_DECLARE_FINAL_TYPE (SegDendrogramView, seg_dendrogram_view, SEG, DENDROGRAM_VIEW, GtkWidget)

GtkWidget *seg_dendrogram_view_new            (void);
gboolean   seg_dendrogram_view_set_run        (SegDendrogramView  *self,
                                               SegProject         *project,
                                               gint64              run,
                                               const SegRunPoints *points,
                                               GError            **error);
int        seg_dendrogram_view_get_node_segment (SegDendrogramView *self,
                                               gint64              node);
guint      seg_dendrogram_view_get_k          (SegDendrogramView  *self);
guint      seg_dendrogram_view_get_run_k      (SegDendrogramView  *self);
gint64     seg_dendrogram_view_get_run        (SegDendrogramView  *self);
void       seg_dendrogram_view_set_k          (SegDendrogramView  *self,
                                               guint               k);
double     seg_dendrogram_view_get_cut_height (SegDendrogramView  *self);
void       seg_dendrogram_view_set_cut_height (SegDendrogramView  *self,
                                               double              height);
gboolean   seg_dendrogram_view_get_cut_y      (SegDendrogramView  *self,
                                               double              height,
                                               double             *y);
void       seg_dendrogram_view_apply          (SegDendrogramView  *self);
SegRun    *seg_dendrogram_new_run             (SegProject         *project,
                                               gint64              run,
                                               guint               k,
                                               GError            **error);

G_END_DECLS
