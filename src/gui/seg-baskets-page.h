/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-page.h"
#include "seg-segment.h"

G_BEGIN_DECLS

#define SEG_TYPE_BASKETS_PAGE (seg_baskets_page_get_type ())

G_DECLARE_FINAL_TYPE (SegBasketsPage, seg_baskets_page, SEG, BASKETS_PAGE, SegPage)

gboolean       seg_baskets_page_set_column     (SegBasketsPage  *self,
                                                const char      *role,
                                                const char      *column);
const char    *seg_baskets_page_get_column     (SegBasketsPage  *self,
                                                const char      *role);
void           seg_baskets_page_set_categories (SegBasketsPage  *self,
                                                gboolean         categories);
void           seg_baskets_page_set_thresholds (SegBasketsPage  *self,
                                                double           support_percent,
                                                double           confidence_percent);
const char    *seg_baskets_page_get_check_text (SegBasketsPage  *self);
gboolean       seg_baskets_page_get_busy       (SegBasketsPage  *self);
gint64         seg_baskets_page_get_shown_run  (SegBasketsPage  *self);
const char    *seg_baskets_page_get_state      (SegBasketsPage  *self);
GListModel    *seg_baskets_page_get_rules      (SegBasketsPage  *self);
guint          seg_baskets_page_get_n_rules    (SegBasketsPage  *self);
void           seg_baskets_page_set_search     (SegBasketsPage  *self,
                                                const char      *text);
void           seg_baskets_page_set_hide_redundant (SegBasketsPage *self,
                                                    gboolean        hide);
void           seg_baskets_page_sort_by        (SegBasketsPage  *self,
                                                const char      *measure,
                                                gboolean         descending);
void           seg_baskets_page_select         (SegBasketsPage  *self,
                                                guint            position);
guint          seg_baskets_page_get_selected   (SegBasketsPage  *self);
void           seg_baskets_page_show_view      (SegBasketsPage  *self,
                                                const char      *view);
GtkWidget     *seg_baskets_page_get_chart      (SegBasketsPage  *self,
                                                const char      *view);
guint          seg_baskets_page_get_n_audience (SegBasketsPage  *self);
gboolean       seg_baskets_page_export_audience (SegBasketsPage *self,
                                                 GFile          *file,
                                                 GError        **error);
SegSegment    *seg_baskets_page_save_audience  (SegBasketsPage  *self,
                                                const char      *name,
                                                GError         **error);
guint          seg_baskets_page_get_n_bundles  (SegBasketsPage  *self);
guint          seg_baskets_page_get_n_together (SegBasketsPage  *self);
guint          seg_baskets_page_get_n_months   (SegBasketsPage  *self);
const char    *seg_baskets_page_get_item_text  (SegBasketsPage  *self);

G_END_DECLS
