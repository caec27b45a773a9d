/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-importer.h"

G_BEGIN_DECLS

#define SEG_TYPE_IMPORT_DIALOG (seg_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SegImportDialog, seg_import_dialog, SEG, IMPORT_DIALOG, AdwWindow)

SegImportDialog  *seg_import_dialog_new          (GtkWindow       *parent,
                                                  SegProject      *project,
                                                  const char      *path);
SegImporter      *seg_import_dialog_get_importer (SegImportDialog *self);
SegImportPreview *seg_import_dialog_get_preview  (SegImportDialog *self);
void              seg_import_dialog_refresh      (SegImportDialog *self);

gboolean          seg_import_dialog_select_sheet (SegImportDialog *self,
                                                  const char      *sheet);
gboolean          seg_import_dialog_set_append_to (SegImportDialog *self,
                                                   const char      *table);
gboolean          seg_import_dialog_get_can_import (SegImportDialog *self);

G_END_DECLS
