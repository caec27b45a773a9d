/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-neural.h"
#include "seg-recommender-model.h"

/*
 * A small neural network for purchases (after NeuMF): a factorisation and
 * a two-layer perceptron over learnt customer and product embeddings,
 * trained to tell what each customer bought from products drawn at random
 * that they did not. Offers are the products it rates most likely; the
 * reasons quote the customer's own products whose embeddings are closest
 * to the offer's.
 */

#define SEG_TYPE_NEURAL_MODEL (seg_neural_model_get_type ())
G_DECLARE_FINAL_TYPE (SegNeuralModel, seg_neural_model, SEG, NEURAL_MODEL, SegRecommenderModel)

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

struct _SegNeuralModel
{
  SegRecommenderModel parent_instance;
  int                 factors;
  int                 hidden;
  int                 epochs;
  int                 negatives;
  double              learning_rate;
};

G_DEFINE_FINAL_TYPE (SegNeuralModel, seg_neural_model, SEG_TYPE_RECOMMENDER_MODEL)

enum
{
  NEURAL_PROP_0,
  NEURAL_PROP_FACTORS,
  NEURAL_PROP_HIDDEN,
  NEURAL_PROP_EPOCHS,
  NEURAL_PROP_NEGATIVES,
  NEURAL_PROP_LEARNING_RATE,
};

static gpointer
neural_fit_scorer (SegRecommenderModel       *model,
                   const SegRecommenderData  *data,
                   SegScorer                 *scorer,
                   GDestroyNotify            *free_fitted,
                   GError                   **error)
{
  SegNeuralModel *self = (SegNeuralModel *) model;
  SegNeuralOptions options;
  SegNeural *fitted;
  int rc;

  seg_neural_options_init (&options);
  options.n_factors = (size_t) self->factors;
  options.mlp_factors = (size_t) self->factors;
  options.hidden = (size_t) self->hidden;
  options.n_epochs = (size_t) self->epochs;
  options.negatives = (size_t) self->negatives;
  options.learning_rate = self->learning_rate;
  options.seed = data->seed;
  fitted = seg_neural_fit (data->train, &options, data->monitor, &rc);
  if (fitted == NULL)
    return seg_recommender_kernel_failed (rc, error);
  seg_neural_scorer (fitted, scorer);
  *free_fitted = (GDestroyNotify) seg_neural_free;

  return fitted;
}

static void
seg_neural_model_class_init (SegNeuralModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);
  SegNeuralOptions defaults;

  seg_neural_options_init (&defaults);
  model_class->id = "neural";
  model_class->title = N_("Neural network");
  recommender_class->fit_scorer = neural_fit_scorer;

  seg_model_class_install (model_class, NEURAL_PROP_FACTORS,
    g_param_spec_int ("factors", _("Factors"),
                      _("The length of each customer’s and product’s embeddings"),
                      1, 512, (int) defaults.n_factors, PARAM_FLAGS), G_STRUCT_OFFSET (SegNeuralModel, factors));
  seg_model_class_install (model_class, NEURAL_PROP_HIDDEN,
    seg_param_spec_set_advanced (g_param_spec_int ("hidden", _("Hidden units"),
                      _("The width of the network’s first layer; the second has half as many"),
                      2, 1024, (int) defaults.hidden, PARAM_FLAGS)), G_STRUCT_OFFSET (SegNeuralModel, hidden));
  seg_model_class_install (model_class, NEURAL_PROP_EPOCHS,
    g_param_spec_int ("epochs", _("Epochs"),
                      _("Passes over the purchases; more can learn noise"),
                      1, 1000, (int) defaults.n_epochs, PARAM_FLAGS), G_STRUCT_OFFSET (SegNeuralModel, epochs));
  seg_model_class_install (model_class, NEURAL_PROP_NEGATIVES,
    seg_param_spec_set_advanced (g_param_spec_int ("negatives", _("Negatives per purchase"),
                      _("Products a customer did not buy, drawn at random for each one they did"),
                      1, 100, (int) defaults.negatives, PARAM_FLAGS)), G_STRUCT_OFFSET (SegNeuralModel, negatives));
  seg_model_class_install (model_class, NEURAL_PROP_LEARNING_RATE,
    seg_param_spec_set_advanced (g_param_spec_double ("learning-rate", _("Learning rate"),
                         _("The step size of the Adam optimiser"),
                         1e-6, 1.0, defaults.learning_rate, PARAM_FLAGS)), G_STRUCT_OFFSET (SegNeuralModel, learning_rate));
}

static void
seg_neural_model_init (SegNeuralModel *self)
{
}
