/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_TABLE (seg_table_get_type ())

G_DECLARE_FINAL_TYPE (SegTable, seg_table, SEG, TABLE, GObject)

const char   *seg_table_get_name   (SegTable   *self);
gint64        seg_table_get_rows   (SegTable   *self);
gint64        seg_table_get_run    (SegTable   *self);
SegTableInfo *seg_table_get_info   (SegTable   *self);

GListModel   *seg_project_get_tables (SegProject *project);

G_END_DECLS
