/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-recommender-model.h"
#include "seg-svd.h"

/*
 * Two recommenders for ratings over one kernel:
 *
 * - Biased matrix factorisation ("SVD", as the Surprise library calls it):
 *   each customer and each product get a bias and a vector of factors,
 *   learnt by stochastic gradient descent so that their sum and product
 *   predict the ratings.
 * - SVD++ (Koren 2008) also learns from which products a customer rated at
 *   all, whatever the rating: each rated product adds an implicit vector
 *   to the customer's factors. A little slower and a little more accurate.
 *
 * Offers are the products with the highest predicted rating; the reasons
 * quote the customer's own products whose factors are closest to the
 * offer's.
 */

#define SEG_TYPE_SVD_MODEL (seg_svd_model_get_type ())
G_DECLARE_FINAL_TYPE (SegSvdModel, seg_svd_model, SEG, SVD_MODEL, SegRecommenderModel)

#define SEG_TYPE_SVDPP_MODEL (seg_svdpp_model_get_type ())
G_DECLARE_FINAL_TYPE (SegSvdppModel, seg_svdpp_model, SEG, SVDPP_MODEL, SegRecommenderModel)

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/* The parameters both share, at the same place in both instances. */
typedef struct
{
  int    factors;
  int    epochs;
  double learning_rate;
  double regularization;
} SvdParams;

struct _SegSvdModel
{
  SegRecommenderModel parent_instance;
  SvdParams           params;
};

struct _SegSvdppModel
{
  SegRecommenderModel parent_instance;
  SvdParams           params;
};

G_STATIC_ASSERT (G_STRUCT_OFFSET (SegSvdModel, params) == G_STRUCT_OFFSET (SegSvdppModel, params));

G_DEFINE_FINAL_TYPE (SegSvdModel, seg_svd_model, SEG_TYPE_RECOMMENDER_MODEL)
G_DEFINE_FINAL_TYPE (SegSvdppModel, seg_svdpp_model, SEG_TYPE_RECOMMENDER_MODEL)

enum
{
  PROP_0,
  PROP_FACTORS,
  PROP_EPOCHS,
  PROP_LEARNING_RATE,
  PROP_REGULARIZATION,
};

static gpointer
svd_fit_scorer (SegRecommenderModel       *model,
                const SegRecommenderData  *data,
                SegScorer                 *scorer,
                GDestroyNotify            *free_fitted,
                GError                   **error)
{
  const SvdParams *params = G_STRUCT_MEMBER_P (model, G_STRUCT_OFFSET (SegSvdModel, params));
  SegSvdOptions options;
  SegSvd *fitted;
  int rc;

  if (SEG_IS_SVDPP_MODEL (model))
    {
      seg_svdpp_options_init (&options);
      options.lr_implicit = params->learning_rate;
      options.reg_implicit = params->regularization;
    }
  else
    seg_svd_options_init (&options);
  options.n_factors = (size_t) params->factors;
  options.n_epochs = (size_t) params->epochs;
  options.lr_bias = options.lr_factors = params->learning_rate;
  options.reg_factors = params->regularization;
  options.seed = data->seed;
  fitted = seg_svd_fit (data->train, &options, data->monitor, &rc);
  if (fitted == NULL)
    return seg_recommender_kernel_failed (rc, error);
  seg_svd_scorer (fitted, scorer);
  *free_fitted = (GDestroyNotify) seg_svd_free;

  return fitted;
}

static double
svd_predict (gconstpointer fitted,
             size_t        user,
             size_t        item)
{
  return seg_svd_predict (fitted, user, item);
}

static void
class_init_common (SegRecommenderModelClass *recommender_class,
                   const SegSvdOptions      *defaults)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (recommender_class);

  recommender_class->fit_scorer = svd_fit_scorer;
  recommender_class->predict = svd_predict;
  recommender_class->default_feedback = SEG_FEEDBACK_EXPLICIT;

  seg_model_class_install (model_class, PROP_FACTORS,
    g_param_spec_int ("factors", _("Factors"),
                      _("The length of each customer’s and product’s taste vector"),
                      1, 1000, (int) defaults->n_factors, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegSvdModel, params.factors));
  seg_model_class_install (model_class, PROP_EPOCHS,
    g_param_spec_int ("epochs", _("Epochs"),
                      _("Passes over the ratings"),
                      1, 10000, (int) defaults->n_epochs, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegSvdModel, params.epochs));
  seg_model_class_install (model_class, PROP_LEARNING_RATE,
    seg_param_spec_set_advanced (g_param_spec_double ("learning-rate", _("Learning rate"),
                         _("How far each rating moves the biases and factors"),
                         1e-6, 1.0, defaults->lr_factors, PARAM_FLAGS)),
    G_STRUCT_OFFSET (SegSvdModel, params.learning_rate));
  seg_model_class_install (model_class, PROP_REGULARIZATION,
    seg_param_spec_set_advanced (g_param_spec_double ("regularization", _("Regularisation"),
                         _("How strongly the factors are pulled towards zero; more keeps them from learning noise"),
                         0.0, 10.0, defaults->reg_factors, PARAM_FLAGS)),
    G_STRUCT_OFFSET (SegSvdModel, params.regularization));
}

static void
seg_svd_model_class_init (SegSvdModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegSvdOptions defaults;

  seg_svd_options_init (&defaults);
  model_class->id = "svd";
  model_class->title = N_("Matrix factorisation (ratings)");
  class_init_common (SEG_RECOMMENDER_MODEL_CLASS (klass), &defaults);
}

static void
seg_svd_model_init (SegSvdModel *self)
{
}

static void
seg_svdpp_model_class_init (SegSvdppModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegSvdOptions defaults;

  seg_svdpp_options_init (&defaults);
  model_class->id = "svdpp";
  model_class->title = N_("SVD++ (ratings)");
  class_init_common (SEG_RECOMMENDER_MODEL_CLASS (klass), &defaults);
}

static void
seg_svdpp_model_init (SegSvdppModel *self)
{
}
