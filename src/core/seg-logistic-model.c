/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-classifier-model.h"
#include "seg-logistic.h"

/*
 * Logistic regression: the chance of a yes as a weighted sum of the
 * standardised features, with a penalty that keeps the weights small
 * (L2), drops the weak ones (L1) or both. Each weight reads as an odds
 * ratio: how the odds change with one standard deviation more of it.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_LOGISTIC_MODEL (seg_logistic_model_get_type ())
G_DECLARE_FINAL_TYPE (SegLogisticModel, seg_logistic_model, SEG, LOGISTIC_MODEL, SegPredictModel)

struct _SegLogisticModel
{
  SegPredictModel parent_instance;
  int             penalty;
  double          C;
  double          l1_ratio;
  int             class_weight;
};

G_DEFINE_FINAL_TYPE (SegLogisticModel, seg_logistic_model, SEG_TYPE_PREDICT_MODEL)

enum {
  PROP_0,
  PROP_PENALTY,
  PROP_C,
  PROP_L1_RATIO,
  PROP_CLASS_WEIGHT,
};

static gpointer
logistic_fit (SegPredictModel   *model,
              const SegDesign   *design,
              const double      *y,
              const double      *weight,
              const SegMonitor  *monitor,
              GError           **error)
{
  SegLogisticModel *self = SEG_LOGISTIC_MODEL (model);
  static const SegLogisticPenalty penalties[] = {
    [SEG_PENALTY_NONE] = SEG_LOGISTIC_PENALTY_NONE,
    [SEG_PENALTY_L2] = SEG_LOGISTIC_PENALTY_L2,
    [SEG_PENALTY_L1] = SEG_LOGISTIC_PENALTY_L1,
    [SEG_PENALTY_ELASTICNET] = SEG_LOGISTIC_PENALTY_ELASTIC_NET,
  };
  SegLogisticParams params;
  GError *local_error = NULL;
  SegLogistic *fitted;

  seg_logistic_params_init (&params);
  params.penalty = penalties[self->penalty];
  params.C = self->C;
  params.l1_ratio = self->l1_ratio;
  params.class_weight = self->class_weight == SEG_CLASS_WEIGHT_BALANCED ? SEG_LOGISTIC_CLASS_WEIGHT_BALANCED
                                                                        : SEG_LOGISTIC_CLASS_WEIGHT_NONE;
  fitted = seg_logistic_fit (design->x, design->n, design->p, y, weight, &params, monitor, &local_error);
  if (fitted != NULL)
    return fitted;
  return seg_classifier_fit_error (error, local_error);
}

static void
logistic_predict (SegPredictModel *self,
                  gconstpointer    fitted,
                  const SegDesign *rows,
                  double          *out)
{
  seg_logistic_predict (fitted, rows->x, rows->n, out);
}

static GBytes *
logistic_to_bytes (SegPredictModel *self,
                   gconstpointer    fitted)
{
  return seg_logistic_to_bytes (fitted);
}

static gpointer
logistic_from_bytes (SegPredictModel  *self,
                     GBytes           *bytes,
                     GError          **error)
{
  return seg_logistic_from_bytes (bytes, error);
}

/* The weights, their odds ratios and which way each one pushes. */
static JsonNode *
logistic_describe (SegPredictModel *self,
                   gconstpointer    fitted,
                   const SegDesign *design)
{
  const SegLogistic *logistic = fitted;
  const double *coef = seg_logistic_get_coefficients (logistic);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  static const char *const effects[] = {
    [SEG_LOGISTIC_EFFECT_NONE] = "none",
    [SEG_LOGISTIC_EFFECT_MORE] = "more",
    [SEG_LOGISTIC_EFFECT_LESS] = "less",
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coefficients");
  json_builder_begin_array (builder);
  for (size_t j = 0; j < seg_logistic_get_n_features (logistic); j++)
    {
      double odds_ratio = NAN;
      SegLogisticEffect effect = seg_logistic_effect (logistic, j, &odds_ratio);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "feature");
      json_builder_add_string_value (builder, design->names[j]);
      seg_json_add_double_or_null (builder, "estimate", coef[j]);
      seg_json_add_double_or_null (builder, "odds_ratio", odds_ratio);
      json_builder_set_member_name (builder, "effect");
      json_builder_add_string_value (builder, effects[effect]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  seg_json_add_double_or_null (builder, "intercept", seg_logistic_get_intercept (logistic));
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, seg_logistic_get_iterations (logistic));
  json_builder_set_member_name (builder, "converged");
  json_builder_add_boolean_value (builder, seg_logistic_get_converged (logistic));
  seg_json_add_double_or_null (builder, "train_log_loss", seg_logistic_get_log_loss (logistic));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
seg_logistic_model_class_init (SegLogisticModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegPredictModelClass *predict_class = SEG_PREDICT_MODEL_CLASS (klass);

  model_class->id = "logistic";
  model_class->title = N_("Logistic regression");
  seg_predict_model_class_set_kind (predict_class, SEG_MODEL_KIND_CLASSIFICATION);
  /* The penalty treats every column alike only on a common scale. */
  predict_class->standardize = TRUE;
  predict_class->fit = logistic_fit;
  predict_class->predict = logistic_predict;
  predict_class->to_bytes = logistic_to_bytes;
  predict_class->from_bytes = logistic_from_bytes;
  predict_class->free_fitted = (void (*) (gpointer)) seg_logistic_free;
  predict_class->describe = logistic_describe;

  seg_model_class_install (model_class, PROP_PENALTY,
    g_param_spec_enum ("penalty", _("Penalty"),
                       _("How the weights are kept small: l2 shrinks them all, l1 drops the weak ones to 0, "
                         "elasticnet mixes both, none fits them freely"),
                       SEG_TYPE_PENALTY, SEG_PENALTY_L2, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegLogisticModel, penalty));
  seg_model_class_install (model_class, PROP_C,
    g_param_spec_double ("c", _("Trust in the data (C)"),
                         _("Larger values let the weights follow the training rows more closely; smaller values keep them small"),
                         1e-12, 1e12, 1.0, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegLogisticModel, C));
  seg_model_class_install (model_class, PROP_L1_RATIO,
    seg_param_spec_set_advanced (
      g_param_spec_double ("l1-ratio", _("L1 share"),
                           _("With the elasticnet penalty, the share of it that drops weak columns (0 to 1)"),
                           0.0, 1.0, 0.5, PARAM_FLAGS)),
    G_STRUCT_OFFSET (SegLogisticModel, l1_ratio));
  seg_model_class_install (model_class, PROP_CLASS_WEIGHT,
    g_param_spec_enum ("class-weight", _("Class weights"),
                       _("balanced counts the rarer answer as much as the common one, so that rare yeses are not ignored"),
                       SEG_TYPE_CLASS_WEIGHT, SEG_CLASS_WEIGHT_NONE, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegLogisticModel, class_weight));
}

static void
seg_logistic_model_init (SegLogisticModel *self)
{
}
