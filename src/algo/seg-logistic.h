/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>

#include "seg-progress.h"

G_BEGIN_DECLS

/*
 * Binary logistic regression.
 *
 * The fit minimises, over the coefficients β and the intercept b,
 *
 *   C · Σ_i w_i · logloss (y_i, x_i · β + b) + penalty (β)
 *
 * with C, the penalties and the weights defined as scikit-learn's
 * LogisticRegression defines them: the penalty is ½‖β‖² (L2), ‖β‖₁ (L1),
 * (1 − l1_ratio) · ½‖β‖² + l1_ratio · ‖β‖₁ (elastic net) or nothing; the
 * intercept is never penalised; w_i is the sample weight times the weight
 * of the row's class.
 *
 * The solver is a (proximal) Newton method: each iteration forms the
 * gradient and the full Hessian of the smooth part in one pass over the
 * rows, shared by the threads in fixed chunks so that the result does not
 * depend on their number, then finds the step from the quadratic model —
 * by a Cholesky factorisation without an L1 term, by coordinate descent on
 * the quadratic model with one (as glmnet and liblinear's newGLMNET do) —
 * and backtracks along it until the objective falls enough. It suits the
 * shape of propensity models: many rows, few features (up to a few
 * hundred; the Hessian is p × p).
 *
 * Features are used as given: scale them first where the penalty should
 * treat them alike, with seg_scale_fit () and seg_scale_apply ()
 * (SEG_SCALE_STANDARD) from seg-preprocess.h, and keep the scaling with the
 * model to score new rows the same way.
 */

#define SEG_LOGISTIC_ERROR (seg_logistic_error_quark ())

typedef enum
{
  SEG_LOGISTIC_ERROR_INVALID_PARAMS, /* a parameter out of its range */
  SEG_LOGISTIC_ERROR_INVALID_DATA,   /* a value that is not finite, a target not 0 or 1, a negative weight */
  SEG_LOGISTIC_ERROR_ONE_CLASS,      /* every row (of positive weight) is in the same class */
  SEG_LOGISTIC_ERROR_CORRUPT,        /* stored bytes that are not a model */
} SegLogisticError;

typedef enum
{
  SEG_LOGISTIC_PENALTY_NONE,
  SEG_LOGISTIC_PENALTY_L2,
  SEG_LOGISTIC_PENALTY_L1,
  SEG_LOGISTIC_PENALTY_ELASTIC_NET,
} SegLogisticPenalty;

typedef enum
{
  SEG_LOGISTIC_CLASS_WEIGHT_NONE,     /* every class weighs 1 */
  SEG_LOGISTIC_CLASS_WEIGHT_BALANCED, /* class c weighs n / (2 · n_c), counting rows */
  SEG_LOGISTIC_CLASS_WEIGHT_EXPLICIT, /* the weights in class_weights[] */
} SegLogisticClassWeight;

typedef struct
{
  SegLogisticPenalty     penalty;          /* default L2 */
  double                 C;                /* inverse strength of the penalty, > 0; default 1 */
  double                 l1_ratio;         /* elastic net's share of L1, 0..1; default 0.5 */
  gboolean               fit_intercept;    /* default TRUE */
  SegLogisticClassWeight class_weight;     /* default NONE */
  double                 class_weights[2]; /* for EXPLICIT: classes 0 and 1; default 1, 1 */
  double                 tol;              /* stop when the largest (sub)gradient component is at most
                                            * tol · max (1, C · Σ w_i); default 1e-8 */
  int                    max_iter;         /* Newton iterations; default 100 */
} SegLogisticParams;

/* What a coefficient says, for the page to put into words. */
typedef enum
{
  SEG_LOGISTIC_EFFECT_NONE, /* the coefficient is 0: no influence */
  SEG_LOGISTIC_EFFECT_MORE, /* more of the feature → more likely to be class 1 */
  SEG_LOGISTIC_EFFECT_LESS, /* more of the feature → less likely to be class 1 */
} SegLogisticEffect;

typedef struct _SegLogistic SegLogistic;

GQuark             seg_logistic_error_quark      (void);

void               seg_logistic_params_init      (SegLogisticParams       *params);

SegLogistic       *seg_logistic_fit              (const double            *x,
                                                  size_t                   n,
                                                  size_t                   p,
                                                  const double            *y,
                                                  const double            *weight,
                                                  const SegLogisticParams *params,
                                                  const SegMonitor        *monitor,
                                                  GError                 **error);
void               seg_logistic_free             (SegLogistic             *model);

void               seg_logistic_predict          (const SegLogistic       *model,
                                                  const double            *x,
                                                  size_t                   m,
                                                  double                  *probability);

size_t             seg_logistic_get_n_features   (const SegLogistic       *model);
const double      *seg_logistic_get_coefficients (const SegLogistic       *model);
double             seg_logistic_get_intercept    (const SegLogistic       *model);
int                seg_logistic_get_iterations   (const SegLogistic       *model);
gboolean           seg_logistic_get_converged    (const SegLogistic       *model);
double             seg_logistic_get_objective    (const SegLogistic       *model);
double             seg_logistic_get_log_loss     (const SegLogistic       *model);

void               seg_logistic_odds_ratios      (const SegLogistic       *model,
                                                  double                  *odds_ratio);
SegLogisticEffect  seg_logistic_effect           (const SegLogistic       *model,
                                                  size_t                   feature,
                                                  double                  *odds_ratio);

GBytes            *seg_logistic_to_bytes         (const SegLogistic       *model);
SegLogistic       *seg_logistic_from_bytes       (GBytes                  *bytes,
                                                  GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegLogistic, seg_logistic_free)

G_END_DECLS
