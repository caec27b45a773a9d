/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-bpr.h"
#include "seg-recommender-model.h"

/*
 * BPR (Rendle et al.): customer and product factors learnt so that each
 * customer's products rank above the products they did not buy. Reasons
 * quote the customer's own purchases whose factors are closest to the
 * offer's.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_BPR_MODEL (seg_bpr_model_get_type ())
G_DECLARE_FINAL_TYPE (SegBprModel, seg_bpr_model, SEG, BPR_MODEL, SegRecommenderModel)

struct _SegBprModel
{
  SegRecommenderModel parent_instance;
  int                 factors;
  int                 epochs;
  double              learning_rate;
  double              regularization;
};

G_DEFINE_FINAL_TYPE (SegBprModel, seg_bpr_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  BPR_PROP_0,
  BPR_PROP_FACTORS,
  BPR_PROP_EPOCHS,
  BPR_PROP_LEARNING_RATE,
  BPR_PROP_REGULARIZATION,
};

static gpointer
bpr_fit_scorer (SegRecommenderModel       *model,
                const SegRecommenderData  *data,
                SegScorer                 *scorer,
                GDestroyNotify            *free_fitted,
                GError                   **error)
{
  SegBprModel *self = (SegBprModel *) model;
  SegBprOptions options;
  SegBpr *fitted;
  int rc;

  seg_bpr_options_init (&options);
  options.factors = (size_t) self->factors;
  options.epochs = self->epochs;
  options.learning_rate = self->learning_rate;
  options.reg = self->regularization;
  options.bias_reg = self->regularization;
  options.seed = data->seed;
  fitted = seg_bpr_fit (data->train, &options, data->monitor, &rc);
  if (fitted == NULL)
    return seg_recommender_kernel_failed (rc, error);
  seg_bpr_scorer (fitted, scorer);
  *free_fitted = (GDestroyNotify) seg_bpr_free;

  return fitted;
}

static void
seg_bpr_model_class_init (SegBprModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "bpr";
  model_class->title = N_("BPR (ranking)");
  recommender_class->fit_scorer = bpr_fit_scorer;

  seg_model_class_install (model_class, BPR_PROP_FACTORS,
    g_param_spec_int ("factors", _("Factors"),
                      _("How many hidden tastes describe each customer and product"),
                      1, 1024, 64, PARAM_FLAGS), G_STRUCT_OFFSET (SegBprModel, factors));
  seg_model_class_install (model_class, BPR_PROP_EPOCHS,
    seg_param_spec_set_advanced (g_param_spec_int ("epochs", _("Epochs"),
                      _("Passes over the purchases"),
                      1, 10000, 40, PARAM_FLAGS)), G_STRUCT_OFFSET (SegBprModel, epochs));
  seg_model_class_install (model_class, BPR_PROP_LEARNING_RATE,
    seg_param_spec_set_advanced (g_param_spec_double ("learning-rate", _("Learning rate"),
                         _("How far each step moves the factors"),
                         1e-6, 10.0, 0.05, PARAM_FLAGS)), G_STRUCT_OFFSET (SegBprModel, learning_rate));
  seg_model_class_install (model_class, BPR_PROP_REGULARIZATION,
    seg_param_spec_set_advanced (g_param_spec_double ("regularization", _("Regularization"),
                         _("Keeps the factors and product biases small"),
                         0.0, 100.0, 0.01, PARAM_FLAGS)), G_STRUCT_OFFSET (SegBprModel, regularization));
}

static void
seg_bpr_model_init (SegBprModel *self)
{
}
