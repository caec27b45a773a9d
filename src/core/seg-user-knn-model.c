/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-knn-model-private.h"

/*
 * User-kNN: customers are alike when they bought (or rated) the same
 * products; a customer is offered what their nearest customers bought,
 * and the reason says how many of them did. For ratings it predicts as
 * Surprise's user-based KNNBaseline does.
 */

#define SEG_TYPE_USER_KNN_MODEL (seg_user_knn_model_get_type ())
G_DECLARE_FINAL_TYPE (SegUserKnnModel, seg_user_knn_model, SEG, USER_KNN_MODEL, SegRecommenderModel)

struct _SegUserKnnModel
{
  SegRecommenderModel parent_instance;
  SegKnnParams        params;
};

G_DEFINE_FINAL_TYPE (SegUserKnnModel, seg_user_knn_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  USER_KNN_PROP_0,
  USER_KNN_PROP_SIMILARITY,
};

static gpointer
user_knn_fit_scorer (SegRecommenderModel       *model,
                     const SegRecommenderData  *data,
                     SegScorer                 *scorer,
                     GDestroyNotify            *free_fitted,
                     GError                   **error)
{
  SegUserKnnModel *self = (SegUserKnnModel *) model;

  return seg_knn_model_fit (SEG_KNN_USER, &self->params, data, scorer, free_fitted, error);
}

static char *
user_knn_explain (SegRecommenderModel      *model,
                  gconstpointer             data_fitted,
                  const SegRecommenderData *data,
                  size_t                    user,
                  size_t                    item)
{
  const SegKnnFitted *fitted = data_fitted;
  size_t support = seg_knn_user_support (fitted->knn, data->train, user, item, NULL);

  if (support == 0)
    return NULL;

  /* Translators: the reason for an offer; how many of the customers who
   * buy most like this customer bought the product. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer like you bought it",
                                       "%u customers like you bought it", (gulong) support),
                          (guint) support);
}

static void
seg_user_knn_model_class_init (SegUserKnnModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "user-knn";
  model_class->title = N_("Similar customers (user-kNN)");
  recommender_class->fit_scorer = user_knn_fit_scorer;
  recommender_class->predict = seg_knn_model_predict;
  recommender_class->explain = user_knn_explain;

  seg_knn_model_install_params (model_class, USER_KNN_PROP_SIMILARITY, G_STRUCT_OFFSET (SegUserKnnModel, params),
                                _("Most similar customers kept for each customer; 0 keeps 50 for purchases and every one for ratings"));
}

static void
seg_user_knn_model_init (SegUserKnnModel *self)
{
}
