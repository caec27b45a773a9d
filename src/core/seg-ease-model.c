/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-ease.h"
#include "seg-error.h"
#include "seg-recommender-model.h"

/*
 * EASE (Steck): one weight from every product to every other, solved in
 * closed form. Exact and usually the best on held-out purchases, but its
 * memory grows with the square of the catalogue: above the kernel's limits
 * the run stops before fitting, saying what it would take and what to use
 * instead. Reasons quote the customer's purchases with the largest weights
 * towards the offer.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_EASE_MODEL (seg_ease_model_get_type ())
G_DECLARE_FINAL_TYPE (SegEaseModel, seg_ease_model, SEG, EASE_MODEL, SegRecommenderModel)

struct _SegEaseModel
{
  SegRecommenderModel parent_instance;
  double              regularization;
};

G_DEFINE_FINAL_TYPE (SegEaseModel, seg_ease_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  EASE_PROP_0,
  EASE_PROP_REGULARIZATION,
};

static gpointer
ease_fit_scorer (SegRecommenderModel       *model,
                 const SegRecommenderData  *data,
                 SegScorer                 *scorer,
                 GDestroyNotify            *free_fitted,
                 GError                   **error)
{
  SegEaseModel *self = (SegEaseModel *) model;
  SegEaseOptions options;
  SegEaseRefusal refusal;
  SegEase *fitted;
  int rc;

  seg_ease_options_init (&options);
  options.lambda = self->regularization;
  refusal = seg_ease_check (data->train->n_items, &options);
  if (refusal != SEG_EASE_FITS)
    {
      size_t bytes;
      double seconds;
      g_autofree char *size = NULL;

      seg_ease_estimate (data->train->n_items, &bytes, &seconds);
      size = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
      if (refusal == SEG_EASE_TOO_MANY_ITEMS)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                     /* Translators: the first number is the products of the
                      * table, the second EASE's limit, then the memory it
                      * would need, as “3.7 GiB”. */
                     _("Too many products for EASE: %zu, above its limit of %zu (it would need %s of memory); try item-kNN or ALS"),
                     data->train->n_items, options.max_items, size);
      else
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                     /* Translators: the number of products, then the memory
                      * EASE would need, as “3.7 GiB”. */
                     _("Too many products for EASE: %zu products would need %s of memory; try item-kNN or ALS"),
                     data->train->n_items, size);
      return NULL;
    }

  fitted = seg_ease_fit (data->train, &options, data->monitor, &rc);
  if (fitted == NULL)
    return seg_recommender_kernel_failed (rc, error);
  seg_ease_scorer (fitted, scorer);
  *free_fitted = (GDestroyNotify) seg_ease_free;

  return fitted;
}

static void
seg_ease_model_class_init (SegEaseModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "ease";
  model_class->title = N_("EASE (product to product)");
  recommender_class->fit_scorer = ease_fit_scorer;

  seg_model_class_install (model_class, EASE_PROP_REGULARIZATION,
    seg_param_spec_set_advanced (g_param_spec_double ("regularization", _("Regularization"),
                         _("Added to each product's own weight before solving; larger values recommend more broadly"),
                         1e-6, 1e9, 1000.0, PARAM_FLAGS)), G_STRUCT_OFFSET (SegEaseModel, regularization));
}

static void
seg_ease_model_init (SegEaseModel *self)
{
}
