/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seg-als.h"
#include "seg-recommender-model.h"

/*
 * ALS for purchases (Hu, Koren & Volinsky): customer and product factors
 * fitted to who bought what, each purchase weighted by the confidence
 * 1 + alpha × quantity. Reasons quote the customer's own purchases whose
 * factors are closest to the offer's.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_ALS_MODEL (seg_als_model_get_type ())
G_DECLARE_FINAL_TYPE (SegAlsModel, seg_als_model, SEG, ALS_MODEL, SegRecommenderModel)

struct _SegAlsModel
{
  SegRecommenderModel parent_instance;
  int                 factors;
  int                 iterations;
  double              regularization;
  int                 cg_steps;
};

G_DEFINE_FINAL_TYPE (SegAlsModel, seg_als_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  ALS_PROP_0,
  ALS_PROP_FACTORS,
  ALS_PROP_ITERATIONS,
  ALS_PROP_REGULARIZATION,
  ALS_PROP_CG_STEPS,
};

static gpointer
als_fit_scorer (SegRecommenderModel       *model,
                const SegRecommenderData  *data,
                SegScorer                 *scorer,
                GDestroyNotify            *free_fitted,
                GError                   **error)
{
  SegAlsModel *self = (SegAlsModel *) model;
  SegAlsOptions options;
  SegAls *fitted;
  int rc;

  seg_als_options_init (&options);
  options.factors = (size_t) self->factors;
  options.iterations = self->iterations;
  options.lambda = self->regularization;
  options.cg_steps = self->cg_steps;
  options.seed = data->seed;
  fitted = seg_als_fit (data->train, &options, data->monitor, &rc);
  if (fitted == NULL)
    return seg_recommender_kernel_failed (rc, error);
  seg_als_scorer (fitted, scorer);
  *free_fitted = (GDestroyNotify) seg_als_free;

  return fitted;
}

/* The product factors: the number of products and of factors as two
 * 64-bit integers, then the products' factors one after another, all
 * little-endian. */
static GBytes *
als_save_state (SegRecommenderModel *model,
                gconstpointer        fitted)
{
  const SegAls *als = fitted;
  size_t n_items = seg_als_n_items (als), factors = seg_als_n_factors (als);
  const double *y = seg_als_item_factors (als);
  size_t n_values = n_items * factors;
  guint64 *out = g_new (guint64, 2 + n_values);

  out[0] = GUINT64_TO_LE ((guint64) n_items);
  out[1] = GUINT64_TO_LE ((guint64) factors);
  for (size_t v = 0; v < n_values; v++)
    {
      guint64 bits;

      memcpy (&bits, &y[v], sizeof bits);
      out[2 + v] = GUINT64_TO_LE (bits);
    }

  return g_bytes_new_take (out, (2 + n_values) * sizeof (guint64));
}

static void
seg_als_model_class_init (SegAlsModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "als";
  model_class->title = N_("ALS (purchases)");
  recommender_class->fit_scorer = als_fit_scorer;
  recommender_class->save_state = als_save_state;
  recommender_class->default_weighting = SEG_IMPLICIT_CONFIDENCE;
  recommender_class->default_alpha = SEG_ALS_DEFAULT_ALPHA;

  seg_model_class_install (model_class, ALS_PROP_FACTORS,
    g_param_spec_int ("factors", _("Factors"),
                      _("How many hidden tastes describe each customer and product"),
                      1, 1024, 64, PARAM_FLAGS), G_STRUCT_OFFSET (SegAlsModel, factors));
  seg_model_class_install (model_class, ALS_PROP_ITERATIONS,
    seg_param_spec_set_advanced (g_param_spec_int ("iterations", _("Iterations"),
                      _("Rounds of fitting customers and products in turn"),
                      1, 1000, 15, PARAM_FLAGS)), G_STRUCT_OFFSET (SegAlsModel, iterations));
  seg_model_class_install (model_class, ALS_PROP_REGULARIZATION,
    seg_param_spec_set_advanced (g_param_spec_double ("regularization", _("Regularization"),
                         _("Keeps the factors small; larger values recommend more broadly, smaller ones follow each customer's purchases more closely"),
                         0.0, 1e9, 80.0, PARAM_FLAGS)), G_STRUCT_OFFSET (SegAlsModel, regularization));
  seg_model_class_install (model_class, ALS_PROP_CG_STEPS,
    seg_param_spec_set_advanced (g_param_spec_int ("cg-steps", _("Solver steps"),
                      _("Conjugate-gradient steps per customer and product in each iteration"),
                      1, 1000, 3, PARAM_FLAGS)), G_STRUCT_OFFSET (SegAlsModel, cg_steps));
}

static void
seg_als_model_init (SegAlsModel *self)
{
}
