/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-application.h"
#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_WINDOW (seg_window_get_type ())

G_DECLARE_FINAL_TYPE (SegWindow, seg_window, SEG, WINDOW, AdwApplicationWindow)

SegWindow  *seg_window_new              (SegApplication *application);
SegProject *seg_window_get_project      (SegWindow      *self);
gboolean    seg_window_open_project     (SegWindow      *self,
                                         const char     *path,
                                         GError        **error);
gboolean    seg_window_get_busy         (SegWindow      *self);
GListModel *seg_window_get_table_model  (SegWindow      *self);
const char *seg_window_get_selected_table (SegWindow    *self);
void        seg_window_reopen_last_project (SegWindow   *self);

G_END_DECLS
