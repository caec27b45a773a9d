/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-model.h"
#include "seg-project.h"

G_BEGIN_DECLS

typedef struct _SegSegmentsPage SegSegmentsPage;

#define SEG_TYPE_CLUSTER_DIALOG (seg_cluster_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SegClusterDialog, seg_cluster_dialog, SEG, CLUSTER_DIALOG, AdwWindow)

SegClusterDialog *seg_cluster_dialog_new           (GtkWindow        *parent,
                                                    SegProject       *project,
                                                    SegSegmentsPage  *page);
gboolean          seg_cluster_dialog_set_table     (SegClusterDialog *self,
                                                    const char       *table);
gboolean          seg_cluster_dialog_set_algorithm (SegClusterDialog *self,
                                                    const char       *id);
SegModel         *seg_cluster_dialog_get_model     (SegClusterDialog *self);
GStrv             seg_cluster_dialog_get_columns   (SegClusterDialog *self);
GStrv             seg_cluster_dialog_get_log_columns (SegClusterDialog *self);
gboolean          seg_cluster_dialog_get_finding_eps (SegClusterDialog *self);
double            seg_cluster_dialog_get_param     (SegClusterDialog *self,
                                                    const char       *name);

G_END_DECLS
