/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-recommender-model.h"
#include "seg-tfidf.h"

G_BEGIN_DECLS

/* The content model's parts that the hybrid shares. */
SegTfidf *seg_content_fit_tfidf (const SegRecommenderData  *data,
                                 int                        neighbours,
                                 const SegMonitor          *monitor,
                                 GError                   **error);
char     *seg_content_explain   (const SegTfidf            *tfidf,
                                 const SegRecommenderData  *data,
                                 size_t                     user,
                                 size_t                     item);

G_END_DECLS
