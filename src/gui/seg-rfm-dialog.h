/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_RFM_DIALOG (seg_rfm_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SegRfmDialog, seg_rfm_dialog, SEG, RFM_DIALOG, AdwWindow)

SegRfmDialog *seg_rfm_dialog_new        (GtkWindow    *parent,
                                         SegProject   *project);
gboolean      seg_rfm_dialog_set_table  (SegRfmDialog *self,
                                         const char   *table);
void          seg_rfm_dialog_set_segment (SegRfmDialog *self,
                                         const char   *name);
const char   *seg_rfm_dialog_get_segment (SegRfmDialog *self);
const char   *seg_rfm_dialog_get_column (SegRfmDialog *self,
                                         const char   *role);

G_END_DECLS
