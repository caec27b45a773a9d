/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-recommender-model.h"

#include <sqlite3.h>

#include "seg-value.h"

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

SegWeighting seg_recommender_weighting        (int                       feedback,
                                                int                       weighting);
void         seg_recommender_bind_key         (sqlite3_stmt             *stmt,
                                                int                       column,
                                                SegColumnType             type,
                                                const char               *key);
GBytes      *seg_recommender_key_list         (GPtrArray                *keys);
void         seg_recommender_line_columns     (GString                  *sql,
                                               const char               *user_q,
                                               const char               *item_q,
                                               const char               *value,
                                               const char               *date,
                                               GArray                  **amounts,
                                               GArray                  **times);

G_END_DECLS
