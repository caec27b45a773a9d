/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SegNeighbourSimilarity:
 * @SEG_NEIGHBOUR_SIMILARITY_AUTO: cosine for purchases, Pearson-baseline
 *   for ratings
 * @SEG_NEIGHBOUR_SIMILARITY_COSINE: the cosine of the purchase (or rating)
 *   vectors
 * @SEG_NEIGHBOUR_SIMILARITY_ADJUSTED_COSINE: the cosine of values centred
 *   by each customer's (user-kNN: each product's) mean
 * @SEG_NEIGHBOUR_SIMILARITY_PEARSON: Pearson's correlation over the common
 *   customers (or products)
 * @SEG_NEIGHBOUR_SIMILARITY_PEARSON_BASELINE: the correlation of what the
 *   baseline estimates leave unexplained
 * @SEG_NEIGHBOUR_SIMILARITY_JACCARD: the share of common buyers
 *
 * How the neighbourhood recommenders (item-knn, user-knn) measure how
 * alike two products or two customers are.
 */
typedef enum
{
  SEG_NEIGHBOUR_SIMILARITY_AUTO,
  SEG_NEIGHBOUR_SIMILARITY_COSINE,
  SEG_NEIGHBOUR_SIMILARITY_ADJUSTED_COSINE,
  SEG_NEIGHBOUR_SIMILARITY_PEARSON,
  SEG_NEIGHBOUR_SIMILARITY_PEARSON_BASELINE,
  SEG_NEIGHBOUR_SIMILARITY_JACCARD,
} SegNeighbourSimilarity;

G_END_DECLS
