/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"
#include "seg-session.h"

G_BEGIN_DECLS

#define SEG_TYPE_EVALUATION_VIEW (seg_evaluation_view_get_type ())

G_DECLARE_FINAL_TYPE (SegEvaluationView, seg_evaluation_view, SEG, EVALUATION_VIEW, AdwBin)

/* The measures the chart shows, in its order. */
typedef enum
{
  SEG_EVALUATION_HIT_RATE,
  SEG_EVALUATION_PRECISION,
  SEG_EVALUATION_RECALL,
  SEG_EVALUATION_COVERAGE,
  SEG_EVALUATION_N_MEASURES
} SegEvaluationMeasure;

GtkWidget  *seg_evaluation_view_new            (void);
SegProject *seg_evaluation_view_get_project    (SegEvaluationView  *self);
void        seg_evaluation_view_set_project    (SegEvaluationView  *self,
                                                SegProject         *project);
SegSession *seg_evaluation_view_get_session    (SegEvaluationView  *self);
void        seg_evaluation_view_set_session    (SegEvaluationView  *self,
                                                SegSession         *session);
gint64      seg_evaluation_view_get_run        (SegEvaluationView  *self);
void        seg_evaluation_view_set_run        (SegEvaluationView  *self,
                                                gint64              run);
gboolean    seg_evaluation_view_get_busy       (SegEvaluationView  *self);
void        seg_evaluation_view_set_models     (SegEvaluationView  *self,
                                                const char *const  *ids);
GStrv       seg_evaluation_view_dup_models     (SegEvaluationView  *self);
void        seg_evaluation_view_set_hidden     (SegEvaluationView  *self,
                                                int                 purchases);
gboolean    seg_evaluation_view_evaluate       (SegEvaluationView  *self,
                                                GError            **error);
void        seg_evaluation_view_cancel         (SegEvaluationView  *self);
guint       seg_evaluation_view_get_n_series   (SegEvaluationView  *self);
gint64      seg_evaluation_view_get_series_run (SegEvaluationView  *self,
                                                guint               series);
const char *seg_evaluation_view_get_series_name (SegEvaluationView *self,
                                                guint               series);
double      seg_evaluation_view_get_value      (SegEvaluationView  *self,
                                                guint               series,
                                                SegEvaluationMeasure measure);
const char *seg_evaluation_view_get_protocol_text (SegEvaluationView *self);
gboolean    seg_evaluation_view_export_chart   (SegEvaluationView  *self,
                                                const char         *path,
                                                GError            **error);

G_END_DECLS
