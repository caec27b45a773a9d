/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-recommender-model.h"
#include "seg-svd.h"

/*
 * SVD++ (Koren 2008): biased matrix factorisation of ratings that also
 * learns from which products a customer rated at all, whatever the
 * rating: each rated product adds an implicit vector to the customer's
 * factors. A little slower than plain factorisation and a little more
 * accurate. Offers are the products with the highest predicted rating;
 * the reasons quote the customer's own products whose factors are
 * closest to the offer's.
 */

#define SEG_TYPE_SVDPP_MODEL (seg_svdpp_model_get_type ())
G_DECLARE_FINAL_TYPE (SegSvdppModel, seg_svdpp_model, SEG, SVDPP_MODEL, SegRecommenderModel)

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

struct _SegSvdppModel
{
  SegRecommenderModel parent_instance;
  int                 factors;
  int                 epochs;
  double              learning_rate;
  double              regularization;
};

G_DEFINE_FINAL_TYPE (SegSvdppModel, seg_svdpp_model, SEG_TYPE_RECOMMENDER_MODEL)

enum
{
  SVDPP_PROP_0,
  SVDPP_PROP_FACTORS,
  SVDPP_PROP_EPOCHS,
  SVDPP_PROP_LEARNING_RATE,
  SVDPP_PROP_REGULARIZATION,
};

static gpointer
svdpp_fit_scorer (SegRecommenderModel       *model,
                const SegRecommenderData  *data,
                SegScorer                 *scorer,
                GDestroyNotify            *free_fitted,
                GError                   **error)
{
  SegSvdppModel *self = (SegSvdppModel *) model;
  SegSvdOptions options;
  SegSvd *fitted;
  int rc;

  seg_svdpp_options_init (&options);
  options.n_factors = (size_t) self->factors;
  options.n_epochs = (size_t) self->epochs;
  options.lr_bias = options.lr_factors = options.lr_implicit = self->learning_rate;
  options.reg_factors = options.reg_implicit = self->regularization;
  options.seed = data->seed;
  fitted = seg_svd_fit (data->train, &options, data->monitor, &rc);
  if (fitted == NULL)
    return seg_recommender_kernel_failed (rc, error);
  seg_svd_scorer (fitted, scorer);
  *free_fitted = (GDestroyNotify) seg_svd_free;

  return fitted;
}

static double
svdpp_predict (gconstpointer fitted,
             size_t        user,
             size_t        item)
{
  return seg_svd_predict (fitted, user, item);
}

static void
seg_svdpp_model_class_init (SegSvdppModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);
  SegSvdOptions defaults;

  seg_svdpp_options_init (&defaults);
  model_class->id = "svdpp";
  model_class->title = N_("SVD++ (ratings)");
  recommender_class->fit_scorer = svdpp_fit_scorer;
  recommender_class->predict = svdpp_predict;
  recommender_class->default_feedback = SEG_FEEDBACK_EXPLICIT;

  seg_model_class_install (model_class, SVDPP_PROP_FACTORS,
    g_param_spec_int ("factors", _("Factors"),
                      _("The length of each customer’s and product’s taste vector"),
                      1, 1000, (int) defaults.n_factors, PARAM_FLAGS), G_STRUCT_OFFSET (SegSvdppModel, factors));
  seg_model_class_install (model_class, SVDPP_PROP_EPOCHS,
    g_param_spec_int ("epochs", _("Epochs"),
                      _("Passes over the ratings"),
                      1, 10000, (int) defaults.n_epochs, PARAM_FLAGS), G_STRUCT_OFFSET (SegSvdppModel, epochs));
  seg_model_class_install (model_class, SVDPP_PROP_LEARNING_RATE,
    seg_param_spec_set_advanced (g_param_spec_double ("learning-rate", _("Learning rate"),
                         _("How far each rating moves the biases and factors"),
                         1e-6, 1.0, defaults.lr_factors, PARAM_FLAGS)), G_STRUCT_OFFSET (SegSvdppModel, learning_rate));
  seg_model_class_install (model_class, SVDPP_PROP_REGULARIZATION,
    seg_param_spec_set_advanced (g_param_spec_double ("regularization", _("Regularisation"),
                         _("How strongly the factors are pulled towards zero; more keeps them from learning noise"),
                         0.0, 10.0, defaults.reg_factors, PARAM_FLAGS)), G_STRUCT_OFFSET (SegSvdppModel, regularization));
}

static void
seg_svdpp_model_init (SegSvdppModel *self)
{
}
