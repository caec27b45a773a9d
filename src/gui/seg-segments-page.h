/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-explore.h"
#include "seg-map-view.h"
#include "seg-page.h"
#include "seg-project.h"
#include "seg-run.h"

G_BEGIN_DECLS

#define SEG_TYPE_SEGMENTS_PAGE (seg_segments_page_get_type ())

G_DECLARE_FINAL_TYPE (SegSegmentsPage, seg_segments_page, SEG, SEGMENTS_PAGE, SegPage)

void        seg_segments_page_set_project  (SegSegmentsPage *self,
                                            SegProject      *project);
void        seg_segments_page_reload       (SegSegmentsPage *self,
                                            gint64           select);
gint64      seg_segments_page_get_shown_run (SegSegmentsPage *self);
guint       seg_segments_page_get_n_runs   (SegSegmentsPage *self);
void        seg_segments_page_start        (SegSegmentsPage *self,
                                            SegRun          *run);
gboolean    seg_segments_page_get_busy     (SegSegmentsPage *self);
gboolean    seg_segments_page_get_loading  (SegSegmentsPage *self);
SegMapView *seg_segments_page_get_map_view (SegSegmentsPage *self);
GtkListBox *seg_segments_page_get_profile_list (SegSegmentsPage *self);
gboolean seg_segments_page_get_panel_folded (SegSegmentsPage *self);
void        seg_segments_page_set_chart    (SegSegmentsPage  *self,
                                            const char       *name);
gboolean    seg_segments_page_export_chart (SegSegmentsPage  *self,
                                            const char       *path,
                                            GError          **error);
gboolean    seg_segments_page_get_comparing (SegSegmentsPage *self);
const SegKSuggestion *seg_segments_page_get_suggestion (SegSegmentsPage *self);
gboolean    seg_segments_page_delete_run   (SegSegmentsPage  *self,
                                            gint64            id,
                                            GError          **error);
void        seg_segments_page_confirm_delete (SegSegmentsPage *self,
                                              gint64           id);
gboolean    seg_segments_page_export_selection (SegSegmentsPage  *self,
                                                const char       *path,
                                                GError          **error);
gboolean    seg_segments_page_export_target_list (SegSegmentsPage  *self,
                                                  const char       *path,
                                                  gboolean          figures,
                                                  GError          **error);
char       *seg_segments_page_dup_chart_file_name (SegSegmentsPage *self);

gboolean         seg_segments_page_delete_run_with_undo (SegSegmentsPage  *self,
                                                         gint64            id,
                                                         GError          **error);
void             seg_segments_page_show_segment (SegSegmentsPage *self,
                                                 SegSegment      *segment);
void             seg_segments_page_show_members (SegSegmentsPage   *self,
                                                 gint64             run,
                                                 const char *const *keys);

G_END_DECLS
