/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-recommender-model.h"

G_BEGIN_DECLS

char    *seg_recommender_reason                   (SegRecommenderModel      *self,
                                                   gconstpointer             fitted,
                                                   const SegScorer          *scorer,
                                                   const SegRecommenderData *data,
                                                   size_t                    user,
                                                   size_t                    item);
gboolean seg_recommender_model_restore_evaluation (SegRecommenderModel      *self,
                                                   JsonObject               *input,
                                                   GError                  **error);

G_END_DECLS
