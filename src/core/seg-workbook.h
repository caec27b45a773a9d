/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-csv-reader.h"

G_BEGIN_DECLS

typedef enum
{
  SEG_WORKBOOK_NONE,
  SEG_WORKBOOK_XLSX, /* Office Open XML spreadsheet (Excel 2007 and later) */
  SEG_WORKBOOK_ODS,  /* OpenDocument spreadsheet */
} SegWorkbookKind;

typedef struct _SegWorkbook SegWorkbook;

SegWorkbookKind  seg_workbook_kind_for_path  (const char          *path);

SegWorkbook     *seg_workbook_open           (const char          *path,
                                              GError             **error);
void             seg_workbook_free           (SegWorkbook         *self);
SegWorkbookKind  seg_workbook_get_kind       (SegWorkbook         *self);
const char      *seg_workbook_get_path       (SegWorkbook         *self);
guint            seg_workbook_get_n_sheets   (SegWorkbook         *self);
const char      *seg_workbook_get_sheet_name (SegWorkbook         *self,
                                              guint                index);
gboolean         seg_workbook_has_sheet      (SegWorkbook         *self,
                                              const char          *sheet);
gboolean         seg_workbook_get_date1904   (SegWorkbook         *self);

gboolean         seg_workbook_read_sheet     (SegWorkbook         *self,
                                              const char          *sheet,
                                              SegCsvRecordFunc     func,
                                              gpointer             func_data,
                                              SegCsvProgressFunc   progress,
                                              gpointer             progress_data,
                                              GCancellable        *cancellable,
                                              guint64             *n_blank,
                                              GError             **error);

char            *seg_workbook_format_cell_ref (guint                column,
                                               guint64              row);
gboolean         seg_workbook_parse_cell_ref  (const char          *ref,
                                               guint               *column,
                                               guint64             *row);
gboolean         seg_workbook_serial_to_iso   (double               serial,
                                               gboolean             date1904,
                                               gboolean             with_time,
                                               char                 out[32]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegWorkbook, seg_workbook_free)

G_END_DECLS
