/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-import-dialog.h"
#include "seg-importer.h"
#include "seg-page.h"

G_BEGIN_DECLS

#define SEG_TYPE_DATA_PAGE (seg_data_page_get_type ())

G_DECLARE_FINAL_TYPE (SegDataPage, seg_data_page, SEG, DATA_PAGE, SegPage)

void             seg_data_page_reload             (SegDataPage *self,
                                                   const char  *select);
void             seg_data_page_reopen             (SegDataPage *self,
                                                   const char  *select);
const char      *seg_data_page_get_selected_table (SegDataPage *self);
gint64           seg_data_page_get_selected_rejected (SegDataPage *self);
GListModel      *seg_data_page_get_table_model    (SegDataPage *self);
GtkColumnView   *seg_data_page_get_column_view    (SegDataPage *self);
GtkListBox      *seg_data_page_get_tables_list    (SegDataPage *self);
GtkEditable     *seg_data_page_get_search_entry   (SegDataPage *self);
gboolean         seg_data_page_get_querying       (SegDataPage *self);
void             seg_data_page_focus_search       (SegDataPage *self);

SegImporter     *seg_data_page_get_importer       (SegDataPage *self);
SegImportDialog *seg_data_page_get_import_dialog  (SegDataPage *self);
void             seg_data_page_import_file        (SegDataPage *self,
                                                   const char  *path);
void             seg_data_page_preview_file       (SegDataPage *self,
                                                   const char  *path);
void             seg_data_page_cancel_import      (SegDataPage *self);

void             seg_data_page_export_table       (SegDataPage *self,
                                                   GFile       *file);
void             seg_data_page_choose_export      (SegDataPage *self);
gboolean         seg_data_page_get_exporting      (SegDataPage *self);
void             seg_data_page_rename_table       (SegDataPage *self);
void             seg_data_page_delete_table       (SegDataPage *self,
                                                   gboolean     confirmed);

void             seg_data_page_show_segment       (SegDataPage *self,
                                                   gint64       id);
gint64           seg_data_page_get_selected_segment (SegDataPage *self);
GtkDropDown     *seg_data_page_get_filter_drop    (SegDataPage *self);
gboolean         seg_data_page_show_segment_on_map (SegDataPage *self,
                                                    gint64       id,
                                                    GError     **error);
AdwMessageDialog *seg_data_page_rename_segment    (SegDataPage *self,
                                                   gint64       id);
gboolean         seg_data_page_export_segment     (SegDataPage *self,
                                                   gint64       id,
                                                   GFile       *file,
                                                   GError     **error);
gboolean         seg_data_page_delete_segment_with_undo (SegDataPage  *self,
                                                         gint64        id,
                                                         GError      **error);

G_END_DECLS
