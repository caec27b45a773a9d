/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"
#include "seg-segment.h"

G_BEGIN_DECLS

/* Writes to @path; returns the message that says what was saved, or
 * NULL with @error set. */
typedef char *(*SegViewSaveFunc) (GtkWidget   *widget,
                                  const char  *path,
                                  GError     **error);

void seg_view_choose_and_save (GtkWidget       *widget,
                               const char      *title,
                               const char      *name,
                               GtkFileFilter   *filter,
                               SegViewSaveFunc  save,
                               const char      *heading);
void seg_view_show_error      (GtkWidget       *widget,
                               const char      *heading,
                               const GError    *error);
void seg_view_show_toast      (GtkWidget       *widget,
                               const char      *title);
void seg_view_export_target_list (GtkWidget       *widget,
                                  const char      *name,
                                  SegViewSaveFunc  save);
char *seg_view_describe_target_list (guint       n,
                                     const char *path);
GtkFileFilter *seg_view_chart_filter (void);
char *seg_view_describe_saved (SegSegment *segment);
void  seg_view_set_choice_factories (GtkDropDown *drop,
                                    int          closed_chars);

const char *seg_view_selected_string (AdwComboRow *row);
gboolean    seg_view_fill_table_row  (AdwComboRow  *row,
                                      SegProject   *project,
                                      const char   *kept,
                                      gboolean    (*guess) (SegTableInfo *info),
                                      gboolean     *updating);

G_END_DECLS
