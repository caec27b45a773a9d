/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_REJECTS_DIALOG (seg_rejects_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SegRejectsDialog, seg_rejects_dialog, SEG, REJECTS_DIALOG, AdwWindow)

SegRejectsDialog *seg_rejects_dialog_new         (GtkWindow         *parent,
                                                  SegProject        *project,
                                                  const char        *table,
                                                  GError           **error);
guint             seg_rejects_dialog_get_n_rows  (SegRejectsDialog  *self);
const char       *seg_rejects_dialog_get_shown   (SegRejectsDialog  *self);

G_END_DECLS
