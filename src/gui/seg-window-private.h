/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-import-dialog.h"
#include "seg-runs-page.h"
#include "seg-segments-page.h"
#include "seg-window.h"

G_BEGIN_DECLS

GtkColumnView *seg_window_get_column_view (SegWindow *self);
GtkListBox    *seg_window_get_tables_list (SegWindow *self);
GtkEditable   *seg_window_get_search_entry (SegWindow *self);
const char    *seg_window_get_page        (SegWindow *self);
SegImportDialog *seg_window_get_import_dialog (SegWindow *self);
gboolean       seg_window_get_querying    (SegWindow *self);
void           seg_window_set_view        (SegWindow  *self,
                                           const char *name);
SegSegmentsPage *seg_window_get_segments_page (SegWindow *self);
SegRunsPage   *seg_window_get_runs_page   (SegWindow *self);
const char    *seg_window_get_view        (SegWindow *self);

G_END_DECLS
