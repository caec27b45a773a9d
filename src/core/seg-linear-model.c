/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-classifier-model.h"
#include "seg-error.h"
#include "seg-linear.h"
#include "seg-predict-model.h"

/*
 * Linear regression: least squares with the classical table of
 * coefficients (standard error, t and p values), and ridge regression,
 * which shrinks the coefficients by the penalty alpha and so copes with
 * many or related columns. Both predict a number.
 */

#define SEG_TYPE_LINEAR_MODEL (seg_linear_model_get_type ())
G_DECLARE_FINAL_TYPE (SegLinearModel, seg_linear_model, SEG, LINEAR_MODEL, SegPredictModel)

struct _SegLinearModel
{
  SegPredictModel parent_instance;
};

G_DEFINE_FINAL_TYPE (SegLinearModel, seg_linear_model, SEG_TYPE_PREDICT_MODEL)

#define SEG_TYPE_RIDGE_MODEL (seg_ridge_model_get_type ())
G_DECLARE_FINAL_TYPE (SegRidgeModel, seg_ridge_model, SEG, RIDGE_MODEL, SegPredictModel)

struct _SegRidgeModel
{
  SegPredictModel parent_instance;
  double          alpha;
};

G_DEFINE_FINAL_TYPE (SegRidgeModel, seg_ridge_model, SEG_TYPE_PREDICT_MODEL)

enum {
  RIDGE_PROP_0,
  RIDGE_PROP_ALPHA,
};

static gpointer
linear_fit (SegPredictModel   *self,
            const SegDesign   *design,
            const double      *y,
            const double      *weight,
            const SegMonitor  *monitor,
            GError           **error)
{
  SegLinearParams params;
  GError *local_error = NULL;
  SegLinear *fitted;

  seg_linear_params_init (&params);
  params.names = design->names;
  if (SEG_IS_RIDGE_MODEL (self))
    params.alpha = SEG_RIDGE_MODEL (self)->alpha;
  fitted = seg_linear_fit (design->x, design->n, design->p, y, weight, &params, monitor, &local_error);
  if (fitted != NULL)
    return fitted;
  return seg_classifier_fit_error (error, local_error);
}

static void
linear_predict (SegPredictModel *self,
                gconstpointer    fitted,
                const SegDesign *rows,
                double          *out)
{
  seg_linear_predict (fitted, rows->x, rows->n, out);
}

static GBytes *
linear_to_bytes (SegPredictModel *self,
                 gconstpointer    fitted)
{
  return seg_linear_to_bytes (fitted);
}

static gpointer
linear_from_bytes (SegPredictModel  *self,
                   GBytes           *bytes,
                   GError          **error)
{
  return seg_linear_from_bytes (bytes, error);
}

/* The coefficient table and the fit's figures. */
static JsonNode *
linear_describe (SegPredictModel *self,
                 gconstpointer    fitted,
                 const SegDesign *design)
{
  const SegLinear *linear = fitted;
  const SegLinearSummary *summary = seg_linear_summary (linear);
  const double *coef = seg_linear_coefficients (linear);
  const double *se = seg_linear_std_errors (linear);
  const double *t = seg_linear_t_values (linear);
  const double *p = seg_linear_p_values (linear);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coefficients");
  json_builder_begin_array (builder);
  for (size_t j = 0; j <= summary->n_features; j++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "feature");
      json_builder_add_string_value (builder, j == 0 ? "(intercept)" : design->names[j - 1]);
      seg_json_add_double_or_null (builder, "estimate", coef[j]);
      seg_json_add_double_or_null (builder, "std_error", se[j]);
      seg_json_add_double_or_null (builder, "t", t[j]);
      seg_json_add_double_or_null (builder, "p", p[j]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  seg_json_add_double_or_null (builder, "alpha", summary->alpha);
  seg_json_add_double_or_null (builder, "train_r2", summary->r_squared);
  seg_json_add_double_or_null (builder, "train_adj_r2", summary->adj_r_squared);
  seg_json_add_double_or_null (builder, "sigma", summary->sigma);
  seg_json_add_double_or_null (builder, "f_statistic", summary->f_statistic);
  seg_json_add_double_or_null (builder, "f_pvalue", summary->f_pvalue);
  seg_json_add_double_or_null (builder, "condition", summary->condition);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
linear_class_setup (SegPredictModelClass *klass)
{
  seg_predict_model_class_set_kind (klass, SEG_MODEL_KIND_REGRESSION);
  klass->fit = linear_fit;
  klass->predict = linear_predict;
  klass->to_bytes = linear_to_bytes;
  klass->from_bytes = linear_from_bytes;
  klass->free_fitted = (void (*) (gpointer)) seg_linear_free;
  klass->describe = linear_describe;
}

static void
seg_linear_model_class_init (SegLinearModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->id = "linear";
  model_class->title = N_("Linear regression");
  linear_class_setup (SEG_PREDICT_MODEL_CLASS (klass));
}

static void
seg_linear_model_init (SegLinearModel *self)
{
}

static void
seg_ridge_model_class_init (SegRidgeModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegPredictModelClass *predict_class = SEG_PREDICT_MODEL_CLASS (klass);

  model_class->id = "ridge";
  model_class->title = N_("Ridge regression");
  linear_class_setup (predict_class);
  /* The penalty treats every column alike only on a common scale. */
  predict_class->standardize = TRUE;

  seg_model_class_install (model_class, RIDGE_PROP_ALPHA,
    g_param_spec_double ("alpha", _("Penalty"),
                         _("How strongly the coefficients are shrunk towards 0; larger values trust each column less"),
                         0.0, 1e12, 1.0, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS),
    G_STRUCT_OFFSET (SegRidgeModel, alpha));
}

static void
seg_ridge_model_init (SegRidgeModel *self)
{
}
