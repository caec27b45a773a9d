/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-offer-list.h"
#include "seg-page.h"
#include "seg-segment.h"

G_BEGIN_DECLS

#define SEG_TYPE_RECOMMEND_PAGE (seg_recommend_page_get_type ())

G_DECLARE_FINAL_TYPE (SegRecommendPage, seg_recommend_page, SEG, RECOMMEND_PAGE, SegPage)

gint64          seg_recommend_page_get_shown_run    (SegRecommendPage  *self);
SegOfferList   *seg_recommend_page_get_offers       (SegRecommendPage  *self);
gboolean        seg_recommend_page_get_busy         (SegRecommendPage  *self);
void            seg_recommend_page_set_search       (SegRecommendPage  *self,
                                                     const char        *text);
void            seg_recommend_page_show_selection   (SegRecommendPage  *self);
gboolean        seg_recommend_page_filter_segment   (SegRecommendPage  *self,
                                                     gint64             segment);
gboolean        seg_recommend_page_filter_cluster   (SegRecommendPage  *self,
                                                     gint64             run,
                                                     int                cluster);
gboolean        seg_recommend_page_export           (SegRecommendPage  *self,
                                                     GFile             *file,
                                                     GError           **error);
SegSegment     *seg_recommend_page_save_segment     (SegRecommendPage  *self,
                                                     const char        *name,
                                                     GError           **error);

/* For the tests. */
GtkColumnView  *seg_recommend_page_get_column_view  (SegRecommendPage  *self);
const char     *seg_recommend_page_get_state        (SegRecommendPage  *self);
const char     *seg_recommend_page_get_count_text   (SegRecommendPage  *self);
gboolean        seg_recommend_page_get_stale        (SegRecommendPage  *self);
const char     *seg_recommend_page_get_stale_text   (SegRecommendPage  *self);

G_END_DECLS
