/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-enums.h"
#include "seg-knn-model-private.h"

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/* Neighbours kept per product (or customer) for purchases when the
 * parameter is left at 0; ratings keep every one, as the predictions of
 * Surprise's KNN algorithms need. */
#define DEFAULT_NEIGHBOURS 50

/**
 * seg_knn_model_install_params:
 * @params_offset: where the instance's SegKnnParams lives
 * @subject: translated: what has neighbours, for the help texts
 *
 * Installs similarity, neighbours, shrinkage and rating-neighbours as the
 * properties @first_prop_id to @first_prop_id + 3.
 */
void
seg_knn_model_install_params (SegModelClass *klass,
                              guint          first_prop_id,
                              gssize         params_offset,
                              const char    *subject)
{
  seg_model_class_install (klass, first_prop_id,
    g_param_spec_enum ("similarity", _("Similarity"),
                       _("How alike two are: automatic takes the cosine for purchases and Pearson-baseline for ratings"),
                       SEG_TYPE_NEIGHBOUR_SIMILARITY, SEG_NEIGHBOUR_SIMILARITY_AUTO, PARAM_FLAGS),
    params_offset + G_STRUCT_OFFSET (SegKnnParams, similarity));
  seg_model_class_install (klass, first_prop_id + 1,
    g_param_spec_int ("neighbours", _("Neighbours"), subject,
                      0, G_MAXINT, 0, PARAM_FLAGS),
    params_offset + G_STRUCT_OFFSET (SegKnnParams, neighbours));
  seg_model_class_install (klass, first_prop_id + 2,
    seg_param_spec_set_advanced (g_param_spec_double ("shrinkage", _("Shrinkage"),
                      _("Pulls a similarity found on few common customers towards 0; "
                        "−1 takes 100 for Pearson-baseline and none otherwise"),
                      -1.0, 1e6, -1.0, PARAM_FLAGS)),
    params_offset + G_STRUCT_OFFSET (SegKnnParams, shrinkage));
  seg_model_class_install (klass, first_prop_id + 3,
    seg_param_spec_set_advanced (g_param_spec_int ("rating-neighbours", _("Neighbours per rating"),
                      _("For ratings: how many of the nearest neighbours who rated the product make a predicted rating"),
                      1, G_MAXINT, 40, PARAM_FLAGS)),
    params_offset + G_STRUCT_OFFSET (SegKnnParams, rating_k));
}

static void
knn_fitted_free (gpointer data)
{
  SegKnnFitted *fitted = data;

  seg_knn_free (fitted->knn);
  g_free (fitted);
}

gpointer
seg_knn_model_fit (SegKnnBase                 base,
                   const SegKnnParams        *params,
                   const SegRecommenderData  *data,
                   SegScorer                 *scorer,
                   GDestroyNotify            *free_fitted,
                   GError                   **error)
{
  gboolean ratings = data->feedback == SEG_FEEDBACK_EXPLICIT;
  SegKnnOptions options;
  SegKnnFitted *fitted;
  SegKnn *knn;
  int rc;

  seg_knn_options_init (&options);
  options.base = base;
  switch ((SegNeighbourSimilarity) params->similarity)
    {
    case SEG_NEIGHBOUR_SIMILARITY_COSINE:
      options.similarity = SEG_KNN_COSINE;
      break;
    case SEG_NEIGHBOUR_SIMILARITY_ADJUSTED_COSINE:
      options.similarity = SEG_KNN_ADJUSTED_COSINE;
      break;
    case SEG_NEIGHBOUR_SIMILARITY_PEARSON:
      options.similarity = SEG_KNN_PEARSON;
      break;
    case SEG_NEIGHBOUR_SIMILARITY_PEARSON_BASELINE:
      options.similarity = SEG_KNN_PEARSON_BASELINE;
      break;
    case SEG_NEIGHBOUR_SIMILARITY_JACCARD:
      options.similarity = SEG_KNN_JACCARD;
      break;
    case SEG_NEIGHBOUR_SIMILARITY_AUTO:
    default:
      options.similarity = ratings ? SEG_KNN_PEARSON_BASELINE : SEG_KNN_COSINE;
      break;
    }
  options.prediction = ratings ? SEG_KNN_BASELINE : SEG_KNN_SCORE_SUM;
  options.neighbours = params->neighbours > 0 ? (size_t) params->neighbours : ratings ? 0 : DEFAULT_NEIGHBOURS;
  options.shrink = params->shrinkage;
  options.k = (size_t) MAX (params->rating_k, 1);

  knn = seg_knn_fit (data->train, &options, data->monitor, &rc);
  if (knn == NULL)
    return seg_recommender_kernel_failed (rc, error);
  fitted = g_new0 (SegKnnFitted, 1);
  fitted->knn = knn;
  fitted->train = data->train;
  seg_knn_scorer (knn, scorer);
  *free_fitted = knn_fitted_free;

  return fitted;
}

double
seg_knn_model_predict (gconstpointer fitted,
                       size_t        user,
                       size_t        item)
{
  const SegKnnFitted *self = fitted;

  return seg_knn_predict (self->knn, self->train, user, item);
}
