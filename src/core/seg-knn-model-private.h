/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-knn.h"
#include "seg-knn-model.h"
#include "seg-recommender-model.h"

G_BEGIN_DECLS

/* What item-kNN and user-kNN share: their parameters, at the same place
 * in both instances, and the fit. */
typedef struct
{
  int    similarity;     /* SegNeighbourSimilarity */
  int    neighbours;     /* 0: 50 for purchases, all for ratings */
  double shrinkage;      /* < 0: the similarity's own default */
  int    rating_k;       /* neighbours per predicted rating */
} SegKnnParams;

/* A fitted neighbourhood model and the matrix its predictions read. */
typedef struct
{
  SegKnn                *knn;
  const SegInteractions *train;
} SegKnnFitted;

void     seg_knn_model_install_params (SegModelClass             *klass,
                                       guint                      first_prop_id,
                                       gssize                     params_offset,
                                       const char                *subject);
gpointer seg_knn_model_fit            (SegKnnBase                 base,
                                       const SegKnnParams        *params,
                                       const SegRecommenderData  *data,
                                       SegScorer                 *scorer,
                                       GDestroyNotify            *free_fitted,
                                       GError                   **error);
double   seg_knn_model_predict        (gconstpointer              fitted,
                                       size_t                     user,
                                       size_t                     item);

G_END_DECLS
