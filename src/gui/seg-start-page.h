/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project-store.h"

G_BEGIN_DECLS

#define SEG_TYPE_START_PAGE (seg_start_page_get_type ())

G_DECLARE_FINAL_TYPE (SegStartPage, seg_start_page, SEG, START_PAGE, AdwBin)

SegProjectStore *seg_start_page_get_store      (SegStartPage  *self);
void             seg_start_page_set_store      (SegStartPage  *self,
                                                SegProjectStore *store);
GtkListBox      *seg_start_page_get_list       (SegStartPage  *self);
gboolean         seg_start_page_delete_project (SegStartPage  *self,
                                                const char    *path,
                                                GError       **error);
gboolean         seg_start_page_undo_delete    (SegStartPage  *self,
                                                const char    *path,
                                                GError       **error);

G_END_DECLS
