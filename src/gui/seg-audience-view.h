/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"
#include "seg-session.h"

G_BEGIN_DECLS

#define SEG_TYPE_AUDIENCE_VIEW (seg_audience_view_get_type ())

G_DECLARE_FINAL_TYPE (SegAudienceView, seg_audience_view, SEG, AUDIENCE_VIEW, AdwBin)

GtkWidget  *seg_audience_view_new                (void);
SegProject *seg_audience_view_get_project        (SegAudienceView  *self);
void        seg_audience_view_set_project        (SegAudienceView  *self,
                                                  SegProject       *project);
SegSession *seg_audience_view_get_session        (SegAudienceView  *self);
void        seg_audience_view_set_session        (SegAudienceView  *self,
                                                  SegSession       *session);
gint64      seg_audience_view_get_run            (SegAudienceView  *self);
void        seg_audience_view_set_run            (SegAudienceView  *self,
                                                  gint64            run);
gboolean    seg_audience_view_get_busy           (SegAudienceView  *self);
void        seg_audience_view_cancel             (SegAudienceView  *self);
GListModel *seg_audience_view_get_items          (SegAudienceView  *self);
const char *seg_audience_view_get_item           (SegAudienceView  *self);
gboolean    seg_audience_view_select_item        (SegAudienceView  *self,
                                                  const char       *key);
void        seg_audience_view_set_top            (SegAudienceView  *self,
                                                  guint             top);
GPtrArray  *seg_audience_view_get_audience       (SegAudienceView  *self);
GPtrArray  *seg_audience_view_get_similar        (SegAudienceView  *self);
const char *seg_audience_view_get_customer_name  (SegAudienceView  *self,
                                                  const char       *key);
gboolean    seg_audience_view_export_target_list (SegAudienceView  *self,
                                                  const char       *path,
                                                  GError          **error);
SegSegment *seg_audience_view_save_segment       (SegAudienceView  *self,
                                                  const char       *name,
                                                  GError          **error);

G_END_DECLS
