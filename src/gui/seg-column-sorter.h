/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SEG_TYPE_COLUMN_SORTER (seg_column_sorter_get_type ())

G_DECLARE_FINAL_TYPE (SegColumnSorter, seg_column_sorter, SEG, COLUMN_SORTER, GtkSorter)

GtkSorter *seg_column_sorter_new         (int        column);
gboolean   seg_column_sorter_get_primary (GtkSorter *view_sorter,
                                          int       *column,
                                          gboolean  *descending);

G_END_DECLS
