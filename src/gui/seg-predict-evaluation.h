/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"
#include "seg-session.h"

G_BEGIN_DECLS

#define SEG_TYPE_PREDICT_EVALUATION (seg_predict_evaluation_get_type ())

G_DECLARE_FINAL_TYPE (SegPredictEvaluation, seg_predict_evaluation, SEG, PREDICT_EVALUATION, AdwBin)

/* The charts of a classification run, in the chooser's order. */
typedef enum
{
  SEG_PREDICT_CHART_ROC,
  SEG_PREDICT_CHART_GAINS,
  SEG_PREDICT_CHART_LIFT,
  SEG_PREDICT_CHART_CALIBRATION,
  SEG_PREDICT_CHART_PRECISION,
  SEG_PREDICT_N_CHARTS
} SegPredictChart;

GtkWidget       *seg_predict_evaluation_new           (void);
SegProject      *seg_predict_evaluation_get_project   (SegPredictEvaluation  *self);
void             seg_predict_evaluation_set_project   (SegPredictEvaluation  *self,
                                                       SegProject            *project);
SegSession      *seg_predict_evaluation_get_session   (SegPredictEvaluation  *self);
void             seg_predict_evaluation_set_session   (SegPredictEvaluation  *self,
                                                       SegSession            *session);
gint64           seg_predict_evaluation_get_run       (SegPredictEvaluation  *self);
void             seg_predict_evaluation_set_run       (SegPredictEvaluation  *self,
                                                       gint64                 run);
SegPredictChart  seg_predict_evaluation_get_chart     (SegPredictEvaluation  *self);
void             seg_predict_evaluation_set_chart     (SegPredictEvaluation  *self,
                                                       SegPredictChart        chart);
double           seg_predict_evaluation_get_threshold (SegPredictEvaluation  *self);
void             seg_predict_evaluation_set_threshold (SegPredictEvaluation  *self,
                                                       double                 threshold);
void             seg_predict_evaluation_set_money     (SegPredictEvaluation  *self,
                                                       double                 cost,
                                                       double                 margin);
double           seg_predict_evaluation_get_figure    (SegPredictEvaluation  *self,
                                                       const char            *name);
guint            seg_predict_evaluation_get_n_draws   (SegPredictEvaluation  *self);
gboolean         seg_predict_evaluation_export_chart  (SegPredictEvaluation  *self,
                                                       const char            *path,
                                                       GError               **error);

G_END_DECLS
