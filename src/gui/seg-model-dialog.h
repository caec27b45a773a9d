/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-model.h"
#include "seg-project.h"
#include "seg-session.h"

G_BEGIN_DECLS

#define SEG_TYPE_MODEL_DIALOG (seg_model_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SegModelDialog, seg_model_dialog, SEG, MODEL_DIALOG, AdwWindow)

SegModelDialog *seg_model_dialog_new            (GtkWindow      *parent,
                                                 SegProject     *project,
                                                 SegModelKind    kind);
SegModelKind    seg_model_dialog_get_kind       (SegModelDialog *self);
void            seg_model_dialog_set_session    (SegModelDialog *self,
                                                 SegSession     *session);
gboolean        seg_model_dialog_set_table      (SegModelDialog *self,
                                                 const char     *table);
gboolean        seg_model_dialog_set_algorithm  (SegModelDialog *self,
                                                 const char     *id);
SegModel       *seg_model_dialog_get_model      (SegModelDialog *self);
GtkWidget      *seg_model_dialog_get_row        (SegModelDialog *self,
                                                 const char     *name);
GStrv           seg_model_dialog_get_offered    (SegModelDialog *self,
                                                 const char     *name);
double          seg_model_dialog_get_param      (SegModelDialog *self,
                                                 const char     *name);
const char     *seg_model_dialog_get_message    (SegModelDialog *self);
gboolean        seg_model_dialog_get_can_run    (SegModelDialog *self);
gboolean        seg_model_dialog_get_suggesting (SegModelDialog *self);

G_END_DECLS
