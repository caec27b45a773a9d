/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-classifier-model.h"
#include "seg-naive-bayes.h"

/*
 * Naive Bayes: how common each value of each column is among the yeses
 * and among the noes, each column on its own, combined into a chance.
 * Text columns count their levels (a missing text is a level of its
 * own); numbers follow a bell curve per answer.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_NAIVE_BAYES_MODEL (seg_naive_bayes_model_get_type ())
G_DECLARE_FINAL_TYPE (SegNaiveBayesModel, seg_naive_bayes_model, SEG, NAIVE_BAYES_MODEL, SegPredictModel)

struct _SegNaiveBayesModel
{
  SegPredictModel parent_instance;
  double          alpha;
  double          var_smoothing;
};

G_DEFINE_FINAL_TYPE (SegNaiveBayesModel, seg_naive_bayes_model, SEG_TYPE_PREDICT_MODEL)

enum {
  PROP_0,
  PROP_ALPHA,
  PROP_VAR_SMOOTHING,
};

static gpointer
naive_bayes_fit (SegPredictModel   *model,
                 const SegDesign   *design,
                 const double      *y,
                 const double      *weight,
                 const SegMonitor  *monitor,
                 GError           **error)
{
  SegNaiveBayesModel *self = SEG_NAIVE_BAYES_MODEL (model);
  g_autofree double *x = seg_design_dense_codes (design);
  SegNaiveBayesParams params;
  GError *local_error = NULL;
  SegNaiveBayes *fitted;

  seg_naive_bayes_params_init (&params);
  params.alpha = self->alpha;
  params.var_smoothing = self->var_smoothing;
  fitted = seg_naive_bayes_fit (x, design->n, design->p, y, weight, design->categorical, &params, monitor,
                                &local_error);
  if (fitted != NULL)
    return fitted;
  return seg_classifier_fit_error (error, local_error);
}

static void
naive_bayes_predict (SegPredictModel *self,
                     gconstpointer    fitted,
                     const SegDesign *rows,
                     double          *out)
{
  g_autofree double *x = seg_design_dense_codes (rows);
  g_autoptr(GError) error = NULL;

  /* The design holds whole codes and finite numbers, which the kernel
   * always scores. */
  if (!seg_naive_bayes_predict (fitted, x, rows->n, out, &error))
    {
      g_critical ("Naive Bayes cannot score its own design: %s", error->message);
      for (size_t i = 0; i < rows->n; i++)
        out[i] = NAN;
    }
}

static GBytes *
naive_bayes_to_bytes (SegPredictModel *self,
                      gconstpointer    fitted)
{
  return seg_naive_bayes_to_bytes (fitted);
}

static gpointer
naive_bayes_from_bytes (SegPredictModel  *self,
                        GBytes           *bytes,
                        GError          **error)
{
  return seg_naive_bayes_from_bytes (bytes, error);
}

/* The share of each answer, and each number column's mean per answer. */
static JsonNode *
naive_bayes_describe (SegPredictModel *self,
                      gconstpointer    fitted,
                      const SegDesign *design)
{
  const SegNaiveBayes *nb = fitted;
  size_t n_classes = seg_naive_bayes_n_classes (nb);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "priors");
  json_builder_begin_array (builder);
  for (size_t c = 0; c < n_classes; c++)
    json_builder_add_double_value (builder, seg_naive_bayes_class_prior (nb, c));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (size_t j = 0; j < design->p; j++)
    {
      gboolean categorical = seg_naive_bayes_is_categorical (nb, j);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "feature");
      json_builder_add_string_value (builder, design->names[j]);
      json_builder_set_member_name (builder, "categorical");
      json_builder_add_boolean_value (builder, categorical);
      json_builder_set_member_name (builder, categorical ? "probabilities" : "means");
      json_builder_begin_array (builder);
      for (size_t c = 0; c < n_classes; c++)
        if (categorical)
          {
            json_builder_begin_array (builder);
            for (size_t k = 0; k < seg_naive_bayes_n_categories (nb, j); k++)
              json_builder_add_double_value (builder, exp (seg_naive_bayes_log_prob (nb, c, j, k)));
            json_builder_end_array (builder);
          }
        else
          json_builder_add_double_value (builder, seg_naive_bayes_theta (nb, c, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
seg_naive_bayes_model_class_init (SegNaiveBayesModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegPredictModelClass *predict_class = SEG_PREDICT_MODEL_CLASS (klass);

  model_class->id = "naive-bayes";
  model_class->title = N_("Naive Bayes");
  seg_predict_model_class_set_kind (predict_class, SEG_MODEL_KIND_CLASSIFICATION);
  predict_class->categorical_codes = TRUE;
  predict_class->fit = naive_bayes_fit;
  predict_class->predict = naive_bayes_predict;
  predict_class->to_bytes = naive_bayes_to_bytes;
  predict_class->from_bytes = naive_bayes_from_bytes;
  predict_class->free_fitted = (void (*) (gpointer)) seg_naive_bayes_free;
  predict_class->describe = naive_bayes_describe;

  seg_model_class_install (model_class, PROP_ALPHA,
    g_param_spec_double ("alpha", _("Smoothing"),
                         _("Pretend each text value was seen this many more times, so that a rare value "
                           "does not decide alone"),
                         0.0, 1e6, 1.0, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegNaiveBayesModel, alpha));
  seg_model_class_install (model_class, PROP_VAR_SMOOTHING,
    seg_param_spec_set_advanced (
      g_param_spec_double ("var-smoothing", _("Spread smoothing"),
                           _("Widen every number column's bell curve by this share of the widest one"),
                           0.0, 1.0, 1e-9, PARAM_FLAGS)),
    G_STRUCT_OFFSET (SegNaiveBayesModel, var_smoothing));
}

static void
seg_naive_bayes_model_init (SegNaiveBayesModel *self)
{
}
