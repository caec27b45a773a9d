/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-page.h"
#include "seg-predict-job.h"
#include "seg-segment.h"

G_BEGIN_DECLS

#define SEG_TYPE_PREDICT_PAGE (seg_predict_page_get_type ())

G_DECLARE_FINAL_TYPE (SegPredictPage, seg_predict_page, SEG, PREDICT_PAGE, SegPage)

void                seg_predict_page_set_question  (SegPredictPage      *self,
                                                    SegPredictQuestion   question);
SegPredictQuestion  seg_predict_page_get_question  (SegPredictPage      *self);
void                seg_predict_page_set_horizon   (SegPredictPage      *self,
                                                    int                  horizon);
gboolean            seg_predict_page_set_column    (SegPredictPage      *self,
                                                    const char          *role,
                                                    const char          *column);
const char         *seg_predict_page_get_column    (SegPredictPage      *self,
                                                    const char          *role);
const char         *seg_predict_page_get_check_text (SegPredictPage     *self);
gboolean            seg_predict_page_get_busy      (SegPredictPage      *self);
gint64              seg_predict_page_get_shown_run (SegPredictPage      *self);
const char         *seg_predict_page_get_answer    (SegPredictPage      *self);
GListModel         *seg_predict_page_get_customers (SegPredictPage      *self);
gboolean            seg_predict_page_export        (SegPredictPage      *self,
                                                    GFile               *file,
                                                    GError             **error);
SegSegment         *seg_predict_page_save_top      (SegPredictPage      *self,
                                                    const char          *name,
                                                    guint                count,
                                                    gboolean             percent,
                                                    GError             **error);
guint               seg_predict_page_count_top     (SegPredictPage      *self,
                                                    guint                count,
                                                    gboolean             percent);

/* One scored customer as the page lists it. */
#define SEG_TYPE_PREDICT_ROW (seg_predict_row_get_type ())

G_DECLARE_FINAL_TYPE (SegPredictRow, seg_predict_row, SEG, PREDICT_ROW, GObject)

const char *seg_predict_row_get_key        (SegPredictRow *self);
const char *seg_predict_row_get_name       (SegPredictRow *self);
double      seg_predict_row_get_prediction (SegPredictRow *self);
double      seg_predict_row_get_clv        (SegPredictRow *self);

G_END_DECLS
