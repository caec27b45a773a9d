/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-model.h"
#include "seg-progress.h"

G_BEGIN_DECLS

/*
 * Prediction models
 * =================
 *
 * A SegPredictModel learns a target column of a table from feature
 * columns: the chance of a 0/1 outcome (kind CLASSIFICATION: bought
 * again, churned) or a number (kind REGRESSION: next year's spend).
 * The family does everything but the algorithm:
 *
 * - inputs: the table, the target, the features, an optional key column
 *   naming each row in the results, and an optional split column whose
 *   values 'train', 'test' and 'score' say which rows the model learns
 *   from, which it is judged on and which it only scores. Without one,
 *   the model is judged by stratified k-fold cross-validation ("folds",
 *   seeded) and then fitted on every row with a target.
 * - preparation, fitted on the training rows and recorded as the run's
 *   preprocessing steps so that seg_predict_score () can replay it on
 *   other rows: numbers as they are, booleans as 0/1, missing numbers
 *   filled with the training mean (and a 0/1 "column=missing" feature
 *   when the training rows had any), text one-hot encoded against its
 *   first (in sort order) level, a level unseen in training (or a
 *   missing text) all zeros; standardised numbers when the subclass sets
 *   @standardize; or, when it sets @categorical_codes, one feature per
 *   text column holding the level's index (-1 for unseen or missing).
 * - measures on held-out rows (the out-of-fold predictions, or the test
 *   rows), next to the baseline of always predicting the training
 *   rows' base rate or mean: AUC, log loss, Brier score, average
 *   precision, the confusion at 0.5, and the ROC, precision–recall,
 *   gains and calibration curves; or RMSE, MAE and R².
 * - results: a table of every row (key or rowid, target, split, fold,
 *   prediction and, for classification, the label at 0.5), the fitted
 *   model in the run's state ("model") with the held-out predictions
 *   ("evaluation"), and the subclass's description of the fit in the
 *   metrics ("model").
 *
 * A subclass is a final type whose class_init sets `id`, `title`,
 * `kind`, the vfuncs below, and installs its own parameters.
 */

/**
 * SegDesign:
 *
 * The prepared rows a subclass fits on or scores: n × p, row-major.
 */
typedef struct
{
  const double      *x;
  size_t             n;
  size_t             p;
  const char *const *names;        /* p feature names */
  const gboolean    *categorical;  /* p: a column of level codes (only with categorical_codes) */
  const size_t      *levels;       /* p: how many levels a categorical column has, else 0 */
} SegDesign;

#define SEG_TYPE_PREDICT_MODEL (seg_predict_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (SegPredictModel, seg_predict_model, SEG, PREDICT_MODEL, SegModel)

/**
 * SegPredictModelClass:
 * @standardize: the numbers are centred and scaled on the training rows
 * @categorical_codes: text columns come as level codes, not one-hot
 * @fit: fits @y (0/1 for classification) on @design with row @weight
 *   (nullable); returns the fitted state, or NULL with @error set
 *   (G_IO_ERROR_CANCELLED when @monitor asked to stop)
 * @predict: writes, for each row of @rows, the probability of 1 or the
 *   value
 * @to_bytes: the fitted state, to keep with the run
 * @from_bytes: reads it back, refusing bytes that are not one with @error
 * @free_fitted: frees a fitted state
 * @describe: (nullable): the fit for people (coefficients, a tree…) as
 *   JSON, for the run record's metrics
 */
struct _SegPredictModelClass
{
  SegModelClass parent_class;

  gboolean standardize;
  gboolean categorical_codes;

  gpointer  (*fit)         (SegPredictModel   *self,
                            const SegDesign   *design,
                            const double      *y,
                            const double      *weight,
                            const SegMonitor  *monitor,
                            GError           **error);
  void      (*predict)     (SegPredictModel   *self,
                            gconstpointer      fitted,
                            const SegDesign   *rows,
                            double            *out);
  GBytes   *(*to_bytes)    (SegPredictModel   *self,
                            gconstpointer      fitted);
  gpointer  (*from_bytes)  (SegPredictModel   *self,
                            GBytes            *bytes,
                            GError           **error);
  void      (*free_fitted) (gpointer           fitted);
  JsonNode *(*describe)    (SegPredictModel   *self,
                            gconstpointer      fitted,
                            const SegDesign   *design);

  /*< private >*/
  gpointer padding[8];
};

void     seg_predict_model_class_set_kind (SegPredictModelClass *klass,
                                           SegModelKind          kind);

gboolean seg_predict_score (SegProject    *project,
                            gint64         run_id,
                            const char    *table,
                            const char    *output,
                            GCancellable  *cancellable,
                            char         **output_name,
                            gint64        *rows,
                            GError       **error);

gboolean seg_predict_read_evaluation (SegProject  *project,
                                      gint64       run_id,
                                      double     **y,
                                      double     **prediction,
                                      double     **baseline,
                                      size_t      *n,
                                      GError     **error);

G_END_DECLS
