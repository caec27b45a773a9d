/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-page.h"
#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_RUNS_PAGE (seg_runs_page_get_type ())

G_DECLARE_FINAL_TYPE (SegRunsPage, seg_runs_page, SEG, RUNS_PAGE, SegPage)

GtkWidget *seg_runs_page_new         (void);
void       seg_runs_page_set_project (SegRunsPage *self,
                                      SegProject  *project);
void       seg_runs_page_reload      (SegRunsPage *self);
guint      seg_runs_page_get_n_runs  (SegRunsPage *self);
const char *seg_runs_page_get_data_note (SegRunsPage *self,
                                         gint64       id);

G_END_DECLS
