/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-knn-model-private.h"

/*
 * Item-kNN: products are alike when the same customers bought (or rated)
 * them; a customer is offered the products most like what they bought,
 * and the reason names those purchases. For ratings it predicts as
 * Surprise's KNNBaseline does.
 */

#define SEG_TYPE_ITEM_KNN_MODEL (seg_item_knn_model_get_type ())
G_DECLARE_FINAL_TYPE (SegItemKnnModel, seg_item_knn_model, SEG, ITEM_KNN_MODEL, SegRecommenderModel)

struct _SegItemKnnModel
{
  SegRecommenderModel parent_instance;
  SegKnnParams        params;
};

G_DEFINE_FINAL_TYPE (SegItemKnnModel, seg_item_knn_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  ITEM_KNN_PROP_0,
  ITEM_KNN_PROP_SIMILARITY,
};

static gpointer
item_knn_fit_scorer (SegRecommenderModel       *model,
                     const SegRecommenderData  *data,
                     SegScorer                 *scorer,
                     GDestroyNotify            *free_fitted,
                     GError                   **error)
{
  SegItemKnnModel *self = (SegItemKnnModel *) model;

  return seg_knn_model_fit (SEG_KNN_ITEM, &self->params, data, scorer, free_fitted, error);
}

static void
seg_item_knn_model_class_init (SegItemKnnModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "item-knn";
  model_class->title = N_("Similar products (item-kNN)");
  recommender_class->fit_scorer = item_knn_fit_scorer;
  recommender_class->predict = seg_knn_model_predict;

  seg_knn_model_install_params (model_class, ITEM_KNN_PROP_SIMILARITY, G_STRUCT_OFFSET (SegItemKnnModel, params),
                                _("Most similar products kept for each product; 0 keeps 50 for purchases and every one for ratings"));
}

static void
seg_item_knn_model_init (SegItemKnnModel *self)
{
}
