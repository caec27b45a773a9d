/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-model.h"
#include "seg-predict-table.h"
#include "seg-project.h"

G_BEGIN_DECLS

/**
 * SegPredictQuestion:
 * @SEG_PREDICT_QUESTION_BUYS_AGAIN: who will buy again within the horizon
 * @SEG_PREDICT_QUESTION_SLIPPING: who will not buy within the horizon
 * @SEG_PREDICT_QUESTION_SPEND: what each customer spends within the horizon
 * @SEG_PREDICT_QUESTION_WORTH: each customer's lifetime value
 *
 * The questions a shop owner asks of their orders, each answered by a
 * kind of model: the first three fit on a labelled customer table
 * (seg-predict-table.h), the last on the order lines themselves.
 */
typedef enum
{
  SEG_PREDICT_QUESTION_BUYS_AGAIN,
  SEG_PREDICT_QUESTION_SLIPPING,
  SEG_PREDICT_QUESTION_SPEND,
  SEG_PREDICT_QUESTION_WORTH,
  SEG_N_PREDICT_QUESTIONS
} SegPredictQuestion;

/**
 * SegPredictScore:
 *
 * One customer as a prediction run scored them, as of the day after the
 * last order. The figures a run does not give are NAN.
 */
typedef struct
{
  char   *key;
  double  prediction;  /* the chance (classification) or the amount (regression) */
  double  alive;       /* lifetime: the chance the customer is still one */
  double  purchases;   /* lifetime: expected purchases over the horizon */
  double  spend;       /* lifetime: expected spend over the horizon */
  double  clv;         /* lifetime: the customer's lifetime value */
  double  orders;      /* orders so far */
  double  total;       /* spent so far, on the lines bought */
  double  days_since;  /* days from the customer's last order to the last order of all */
} SegPredictScore;

void               seg_predict_score_free (SegPredictScore *score);

SegModelKind       seg_predict_question_get_kind      (SegPredictQuestion  question);
const char        *seg_predict_question_get_algorithm (SegPredictQuestion  question);
gboolean           seg_predict_question_get_target    (SegPredictQuestion  question,
                                                       SegPredictTarget   *target);
gboolean           seg_predict_question_of_run        (SegProject         *project,
                                                       gint64              run,
                                                       SegPredictQuestion *question);

char              *seg_predict_orders_last_day    (SegProject                   *project,
                                                   const char                   *orders,
                                                   const char                   *date,
                                                   GError                      **error);
char              *seg_predict_cutoff_before      (const char                   *last_day,
                                                   int                           horizon);
char              *seg_predict_free_table_name    (SegProject                   *project,
                                                   SegPredictQuestion            question);
char              *seg_predict_describe_question  (SegPredictQuestion            question,
                                                   const SegPredictTableOptions *options,
                                                   const char                   *last_day);
gboolean           seg_predict_check_orders       (SegProject                   *project,
                                                   const SegPredictTableOptions *options,
                                                   GError                      **error);

gboolean           seg_predict_model_use_table    (SegModel                     *model,
                                                   const SegPredictTableSummary *summary,
                                                   GError                      **error);
gboolean           seg_predict_model_use_orders   (SegModel                     *model,
                                                   const SegPredictTableOptions *options,
                                                   GError                      **error);

GPtrArray         *seg_predict_read_scores        (SegProject                   *project,
                                                   gint64                        run,
                                                   GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegPredictScore, seg_predict_score_free)

G_END_DECLS
