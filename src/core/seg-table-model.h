/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_ROW (seg_row_get_type ())

G_DECLARE_FINAL_TYPE (SegRow, seg_row, SEG, ROW, GObject)

guint        seg_row_get_n_cells  (SegRow *self);
const char  *seg_row_get_cell     (SegRow *self,
                                   guint   column);
gboolean     seg_row_get_is_null  (SegRow *self,
                                   guint   column);
gint64       seg_row_get_rowid    (SegRow *self);

#define SEG_TYPE_TABLE_MODEL (seg_table_model_get_type ())

G_DECLARE_FINAL_TYPE (SegTableModel, seg_table_model, SEG, TABLE_MODEL, GObject)

SegTableModel *seg_table_model_new          (SegProject     *project,
                                             const char     *table,
                                             GError        **error);
SegTableInfo  *seg_table_model_get_info     (SegTableModel  *self);
gboolean       seg_table_model_set_order    (SegTableModel  *self,
                                             int             column,
                                             gboolean        descending,
                                             GError        **error);
gboolean       seg_table_model_set_search   (SegTableModel  *self,
                                             const char     *text,
                                             GError        **error);

void           seg_table_model_query_async  (SegTableModel       *self,
                                             int                  order_column,
                                             gboolean             descending,
                                             const char          *search,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
void           seg_table_model_query_members_async (SegTableModel       *self,
                                                    int                  order_column,
                                                    gboolean             descending,
                                                    const char          *search,
                                                    const char          *key,
                                                    gint64               segment,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       seg_table_model_query_finish (SegTableModel       *self,
                                             GAsyncResult        *result,
                                             GError             **error);
const char    *seg_table_model_get_search   (SegTableModel       *self);
gboolean       seg_table_model_set_members  (SegTableModel       *self,
                                             const char          *key,
                                             gint64               segment,
                                             GError             **error);
gint64         seg_table_model_get_segment  (SegTableModel       *self);

G_END_DECLS
