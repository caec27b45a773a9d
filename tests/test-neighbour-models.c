/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "seg-baseline.h"
#include "seg-hybrid.h"
#include "seg-interactions.h"
#include "seg-knn.h"
#include "seg-recommend.h"
#include "seg-tfidf.h"

/*
 * Five customers rating three items:
 *
 *        i0  i1  i2
 *   u0    5   3   1
 *   u1    4   .   2
 *   u2    1   2   5
 *   u3    .   4   4
 *   u4    3   5   .
 */
static const int32_t rated_users[] = { 0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4 };
static const int32_t rated_items[] = { 0, 1, 2, 0, 2, 0, 1, 2, 1, 2, 0, 1 };
static const double ratings[] = { 5, 3, 1, 4, 2, 1, 2, 5, 4, 4, 3, 5 };

static SegInteractions *
rated_matrix (void)
{
  SegInteractionOptions options = { SEG_WEIGHT_RATING, 0, 0, 0 };

  return seg_interactions_build (rated_users, rated_items, ratings, NULL, G_N_ELEMENTS (ratings), 5, 3, &options);
}

static SegKnn *
fit_knn (const SegInteractions *m,
         SegKnnBase             base,
         SegKnnSimilarity       similarity,
         SegKnnPrediction       prediction,
         size_t                 neighbours,
         double                 shrink)
{
  SegKnnOptions options;
  SegKnn *model;
  int rc;

  seg_knn_options_init (&options);
  options.base = base;
  options.similarity = similarity;
  options.prediction = prediction;
  options.neighbours = neighbours;
  options.shrink = shrink;
  model = seg_knn_fit (m, &options, NULL, &rc);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (model);

  return model;
}

/* Items i0 and i1 have the common raters u0, u2, u4 with the pairs
 * (5, 3), (1, 2), (3, 5): Σab = 32, Σa² = 35, Σb² = 38, Σa = 9, Σb = 10. */
static void
test_similarities (void)
{
  SegInteractions *m = rated_matrix ();
  SegKnn *model;

  /* Purchases' cosine: the norms over the whole columns,
   * ‖i0‖² = 25 + 16 + 1 + 9 = 51, ‖i1‖² = 9 + 4 + 16 + 25 = 54. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_SCORE_SUM, 0, 0);
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), 32 / sqrt (51.0 * 54.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 1, 0), 32 / sqrt (51.0 * 54.0), 1e-12);
  /* i1, i2: common u0, u2, u3: 3 + 10 + 16 = 29, ‖i2‖² = 46. */
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 1, 2), 29 / sqrt (54.0 * 46.0), 1e-12);
  g_assert_cmpfloat (seg_knn_similarity (model, 1, 1), ==, 0);
  seg_knn_free (model);

  /* Shrinkage 3 with three common raters halves it. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_SCORE_SUM, 0, 3);
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), 0.5 * 32 / sqrt (51.0 * 54.0), 1e-12);
  seg_knn_free (model);

  /* Ratings' cosine: the norms over the common raters only. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_BASIC, 0, 0);
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), 32 / sqrt (35.0 * 38.0), 1e-12);
  seg_knn_free (model);

  /* Pearson: (3·32 − 9·10) / √((3·35 − 81)(3·38 − 100)) = 6 / √336. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_PEARSON, SEG_KNN_BASIC, 0, 0);
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), 6 / sqrt (336.0), 1e-12);
  /* i0, i2 over u0, u1, u2: (5, 1), (4, 2), (1, 5) go opposite ways: a
   * negative correlation, which is never kept. */
  g_assert_cmpfloat (seg_knn_similarity (model, 0, 2), ==, 0);
  seg_knn_free (model);

  /* Adjusted cosine: centred by the customers' means (u0 3, u2 8/3,
   * u4 4): i0 → (2, −5/3, −1), i1 → (0, −2/3, 1); Σab = 1/9,
   * Σa² = 70/9, Σb² = 13/9, so 1/√910. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_ADJUSTED_COSINE, SEG_KNN_SCORE_SUM, 0, 0);
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), 1 / sqrt (910.0), 1e-12);
  seg_knn_free (model);

  /* Jaccard: raters {0, 1, 2, 4} and {0, 2, 3, 4}, three in common of
   * five. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_JACCARD, SEG_KNN_SCORE_SUM, 0, 0);
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), 0.6, 1e-12);
  seg_knn_free (model);

  /* User-based Pearson: u0 and u2 share all three items, (5, 1), (3, 2),
   * (1, 5): Σab = 16, Σa = 9, Σb = 8, Σa² = 35, Σb² = 30:
   * (48 − 72) / … < 0; u0 and u4 share i0, i1: (5, 3), (3, 5): −1. u3
   * and u2 share i1, i2: (4, 2), (4, 5): u3 has no spread, so 0. */
  model = fit_knn (m, SEG_KNN_USER, SEG_KNN_PEARSON, SEG_KNN_BASIC, 0, 0);
  g_assert_cmpfloat (seg_knn_similarity (model, 0, 2), ==, 0);
  g_assert_cmpfloat (seg_knn_similarity (model, 0, 4), ==, 0);
  g_assert_cmpfloat (seg_knn_similarity (model, 3, 2), ==, 0);
  /* u0 and u1 share i0 and i2, rated (5, 4) and (1, 2): +1. */
  g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), 1.0, 1e-12);
  seg_knn_free (model);

  /* Pearson-baseline without shrinkage: u3 and u4 share only i1, which
   * says nothing of a correlation; u0 and u1 share two items, rated alike. */
  model = fit_knn (m, SEG_KNN_USER, SEG_KNN_PEARSON_BASELINE, SEG_KNN_BASELINE, 0, 0);
  g_assert_cmpfloat (seg_knn_similarity (model, 3, 4), ==, 0);
  g_assert_cmpfloat (seg_knn_similarity (model, 0, 1), >, 0);
  seg_knn_free (model);

  seg_interactions_free (m);
}

static void
test_top_k (void)
{
  SegInteractions *m = rated_matrix ();
  const int32_t *indices;
  const double *sims;
  SegKnn *model;

  /* Cosines: i0–i1 32/√2754 = 0.610, i0–i2 18/√2346 = 0.372,
   * i1–i2 29/√2484 = 0.582. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_SCORE_SUM, 2, 0);
  g_assert_cmpuint (seg_knn_neighbours (model, 0, &indices, &sims), ==, 2);
  g_assert_cmpint (indices[0], ==, 1);
  g_assert_cmpint (indices[1], ==, 2);
  g_assert_cmpfloat_with_epsilon (sims[1], 18 / sqrt (2346.0), 1e-12);
  seg_knn_free (model);

  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_SCORE_SUM, 1, 0);
  g_assert_cmpuint (seg_knn_neighbours (model, 0, &indices, &sims), ==, 1);
  g_assert_cmpint (indices[0], ==, 1);
  g_assert_cmpuint (seg_knn_neighbours (model, 1, &indices, &sims), ==, 1);
  g_assert_cmpint (indices[0], ==, 0);
  g_assert_cmpuint (seg_knn_neighbours (model, 2, &indices, &sims), ==, 1);
  g_assert_cmpint (indices[0], ==, 1);
  g_assert_cmpfloat (seg_knn_similarity (model, 0, 2), ==, 0);
  seg_knn_free (model);

  seg_interactions_free (m);
}

/*
 * Four customers' purchases:
 *   u0: i0 i1;  u1: i0 i1 i2;  u2: i1 i2;  u3: i0 i3.
 * Item cosines: i0–i1 2/3, i0–i2 1/√6, i0–i3 1/√3, i1–i2 2/√6.
 * Customer cosines: u0–u1 2/√6, u0–u2 1/2, u0–u3 1/2, u1–u2 2/√6,
 * u1–u3 1/√6, u2–u3 0.
 */
static const int32_t bought_users[] = { 0, 0, 1, 1, 1, 2, 2, 3, 3 };
static const int32_t bought_items[] = { 0, 1, 0, 1, 2, 1, 2, 3, 0 };

static SegInteractions *
bought_matrix (void)
{
  SegInteractionOptions options = { SEG_WEIGHT_BINARY, 0, 0, 0 };

  return seg_interactions_build (bought_users, bought_items, NULL, NULL, G_N_ELEMENTS (bought_users), 4, 4, &options);
}

static void
test_item_knn_scores (void)
{
  SegInteractions *m = bought_matrix ();
  SegKnn *model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_SCORE_SUM, 50, 0);
  SegScorer scorer;
  double scores[4];
  int32_t top[2], because[2];
  double top_scores[2];

  seg_knn_scorer (model, &scorer);
  g_assert_nonnull (scorer.similarity);

  /* u2 has i1 and i2: i0 gets 2/3 + 1/√6, i1 gets 2/√6 (from i2). */
  scorer.score (scorer.model, m, 2, scores, NULL);
  g_assert_cmpfloat_with_epsilon (scores[0], 2.0 / 3 + 1 / sqrt (6.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (scores[1], 2 / sqrt (6.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (scores[2], 2 / sqrt (6.0), 1e-12);
  g_assert_cmpfloat (scores[3], ==, 0);

  /* u3 has i0 and i3: i1 gets 2/3, i2 1/√6; i0 gets 1/√3 from i3. */
  scorer.score (scorer.model, m, 3, scores, NULL);
  g_assert_cmpfloat_with_epsilon (scores[1], 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (scores[2], 1 / sqrt (6.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (scores[0], 1 / sqrt (3.0), 1e-12);

  /* Offers leave out what was bought, and say why. */
  g_assert_cmpuint (seg_recommend_top_one (&scorer, m, 3, 0, 2, scores, NULL, top, top_scores), ==, 2);
  g_assert_cmpint (top[0], ==, 1);
  g_assert_cmpint (top[1], ==, 2);
  g_assert_cmpuint (seg_recommend_because (&scorer, m, 3, 1, 2, because), ==, 1);
  g_assert_cmpint (because[0], ==, 0);

  seg_knn_free (model);
  seg_interactions_free (m);
}

static void
test_user_knn_scores (void)
{
  SegInteractions *m = bought_matrix ();
  SegKnn *model = fit_knn (m, SEG_KNN_USER, SEG_KNN_COSINE, SEG_KNN_SCORE_SUM, 2, 0);
  SegScorer scorer;
  double scores[4];
  size_t n_neighbours;

  seg_knn_scorer (model, &scorer);
  g_assert_null (scorer.similarity);

  /* u3's two nearest: u0 (1/2) and u1 (1/√6); u2 has nothing in common. */
  scorer.score (scorer.model, m, 3, scores, NULL);
  g_assert_cmpfloat_with_epsilon (scores[0], 0.5 + 1 / sqrt (6.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (scores[1], 0.5 + 1 / sqrt (6.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (scores[2], 1 / sqrt (6.0), 1e-12);
  g_assert_cmpfloat (scores[3], ==, 0);

  /* u0's two nearest are u1 (2/√6) and, of u2 and u3 at 1/2, u2. */
  scorer.score (scorer.model, m, 0, scores, NULL);
  g_assert_cmpfloat_with_epsilon (scores[2], 2 / sqrt (6.0) + 0.5, 1e-12);
  g_assert_cmpfloat (scores[3], ==, 0);

  g_assert_cmpuint (seg_knn_user_support (model, m, 3, 1, &n_neighbours), ==, 2);
  g_assert_cmpuint (n_neighbours, ==, 2);
  g_assert_cmpuint (seg_knn_user_support (model, m, 3, 2, NULL), ==, 1);
  g_assert_cmpuint (seg_knn_user_support (model, m, 3, 3, NULL), ==, 0);

  seg_knn_free (model);
  seg_interactions_free (m);
}

/* The baseline by its definition, over a dense matrix with holes. */
static void
direct_baseline (const SegInteractions *m,
                 double                *mu,
                 double                *bu,
                 double                *bi)
{
  double dense[5][3];
  int has[5][3] = { { 0 } };
  double sum = 0;
  size_t n = 0;

  g_assert_cmpuint (m->n_users, ==, 5);
  for (size_t e = 0; e < G_N_ELEMENTS (ratings); e++)
    {
      dense[rated_users[e]][rated_items[e]] = ratings[e];
      has[rated_users[e]][rated_items[e]] = 1;
      sum += ratings[e];
      n++;
    }
  *mu = sum / n;
  memset (bu, 0, 5 * sizeof (double));
  memset (bi, 0, 3 * sizeof (double));
  for (int epoch = 0; epoch < 10; epoch++)
    {
      for (int i = 0; i < 3; i++)
        {
          double dev = 0, count = 0;

          for (int u = 0; u < 5; u++)
            if (has[u][i])
              {
                dev += dense[u][i] - *mu - bu[u];
                count++;
              }
          bi[i] = dev / (10 + count);
        }
      for (int u = 0; u < 5; u++)
        {
          double dev = 0, count = 0;

          for (int i = 0; i < 3; i++)
            if (has[u][i])
              {
                dev += dense[u][i] - *mu - bi[i];
                count++;
              }
          bu[u] = dev / (15 + count);
        }
    }
}

static void
test_baseline (void)
{
  SegInteractions *m = rated_matrix ();
  SegBaselineOptions options;
  SegBaseline *model;
  double mu, bu[5], bi[3];
  int rc;

  direct_baseline (m, &mu, bu, bi);
  seg_baseline_options_init (&options);
  g_assert_cmpfloat (options.reg_item, ==, 10);
  g_assert_cmpfloat (options.reg_user, ==, 15);
  g_assert_cmpuint (options.n_epochs, ==, 10);
  model = seg_baseline_fit (m, &options, NULL, &rc);
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpfloat_with_epsilon (seg_baseline_global_mean (model), 39.0 / 12, 1e-12);
  for (size_t u = 0; u < 5; u++)
    g_assert_cmpfloat_with_epsilon (seg_baseline_user_bias (model, u), bu[u], 1e-12);
  for (size_t i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon (seg_baseline_item_bias (model, i), bi[i], 1e-12);
  /* Item 2's raters rated it a little above the mean, net of their own
   * biases; the estimates are shrunk, so small. */
  g_assert_cmpfloat (fabs (bi[2]), <, 0.2);
  g_assert_cmpfloat_with_epsilon (seg_baseline_predict (model, 1, 1), mu + bu[1] + bi[1], 1e-12);
  seg_baseline_free (model);

  /* A clipped range. */
  options.rating_min = 1;
  options.rating_max = 3;
  model = seg_baseline_fit (m, &options, NULL, &rc);
  g_assert_cmpfloat (seg_baseline_predict (model, 0, 0), <=, 3);
  seg_baseline_free (model);

  seg_interactions_free (m);
}

/* Predicting u1's rating of i1 item-based with ratings' cosine: u1 rated
 * i0 (4) and i2 (2); sim(i1, i0) = 32/√1330, sim(i1, i2) = 29/√(29·42). */
static void
test_rating_predictions (void)
{
  SegInteractions *m = rated_matrix ();
  double s0 = 32 / sqrt (1330.0), s2 = 29 / sqrt (29.0 * 42.0);
  double mu, bu[5], bi[3], expected;
  SegKnnOptions options;
  SegKnn *model;
  int rc;

  direct_baseline (m, &mu, bu, bi);

  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_BASIC, 0, 0);
  g_assert_cmpfloat_with_epsilon (seg_knn_predict (model, m, 1, 1), (4 * s0 + 2 * s2) / (s0 + s2), 1e-12);
  seg_knn_free (model);

  /* With means: i1's mean 3.5, i0's 13/4, i2's 3. */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_WITH_MEANS, 0, 0);
  expected = 3.5 + (s0 * (4 - 3.25) + s2 * (2 - 3.0)) / (s0 + s2);
  g_assert_cmpfloat_with_epsilon (seg_knn_predict (model, m, 1, 1), expected, 1e-12);
  seg_knn_free (model);

  /* Baseline: b(u1, i1) plus the deviations from b(u1, i0), b(u1, i2). */
  model = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_BASELINE, 0, 0);
  expected = mu + bu[1] + bi[1]
             + (s0 * (4 - (mu + bu[1] + bi[0])) + s2 * (2 - (mu + bu[1] + bi[2]))) / (s0 + s2);
  g_assert_cmpfloat_with_epsilon (seg_knn_predict (model, m, 1, 1), expected, 1e-12);
  seg_knn_free (model);

  /* k = 1: only the nearest, i0. */
  seg_knn_options_init (&options);
  options.similarity = SEG_KNN_COSINE;
  options.prediction = SEG_KNN_BASIC;
  options.neighbours = 0;
  options.k = 1;
  model = seg_knn_fit (m, &options, NULL, &rc);
  g_assert_cmpfloat_with_epsilon (seg_knn_predict (model, m, 1, 1), 4.0, 1e-12);
  seg_knn_free (model);

  /* min_k = 3 cannot be met: each rule falls back. */
  options.k = 40;
  options.min_k = 3;
  model = seg_knn_fit (m, &options, NULL, &rc);
  g_assert_cmpfloat_with_epsilon (seg_knn_predict (model, m, 1, 1), 39.0 / 12, 1e-12);
  seg_knn_free (model);
  options.prediction = SEG_KNN_WITH_MEANS;
  model = seg_knn_fit (m, &options, NULL, &rc);
  g_assert_cmpfloat_with_epsilon (seg_knn_predict (model, m, 1, 1), 3.5, 1e-12);
  seg_knn_free (model);
  options.prediction = SEG_KNN_BASELINE;
  model = seg_knn_fit (m, &options, NULL, &rc);
  g_assert_cmpfloat_with_epsilon (seg_knn_predict (model, m, 1, 1), mu + bu[1] + bi[1], 1e-12);
  seg_knn_free (model);

  /* Pearson-baseline with shrinkage 100 (its default): the residuals of
   * i0 and i1 over u0, u2, u4, as the direct baseline gives them. */
  options.similarity = SEG_KNN_PEARSON_BASELINE;
  options.min_k = 1;
  model = seg_knn_fit (m, &options, NULL, &rc);
  {
    const int users[] = { 0, 2, 4 };
    const double a[] = { 5, 1, 3 }, b[] = { 3, 2, 5 };
    double prod = 0, sa = 0, sb = 0;

    for (int k = 0; k < 3; k++)
      {
        double da = a[k] - (mu + bu[users[k]] + bi[0]);
        double db = b[k] - (mu + bu[users[k]] + bi[1]);

        prod += da * db;
        sa += da * da;
        sb += db * db;
      }
    expected = prod / sqrt (sa * sb) * (3 - 1) / (3 - 1 + 100.0);
    if (expected > 0)
      g_assert_cmpfloat_with_epsilon (seg_knn_similarity (model, 0, 1), expected, 1e-12);
    else
      g_assert_cmpfloat (seg_knn_similarity (model, 0, 1), ==, 0);
  }
  seg_knn_free (model);

  seg_interactions_free (m);
}

/* The scorer's predictions for every item, found in one sweep per
 * customer, are the single predictions. */
static void
test_scorer_predictions (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  SegInteractionOptions io = { SEG_WEIGHT_RATING, 0, 0, 0 };
  int32_t users[700], items[700];
  double values[700];
  SegInteractions *m;

  for (size_t e = 0; e < G_N_ELEMENTS (users); e++)
    {
      users[e] = g_rand_int_range (rand, 0, 60);
      items[e] = g_rand_int_range (rand, 0, 40);
      values[e] = g_rand_int_range (rand, 1, 6);
    }
  /* Customer 59 and item 39 have no ratings. */
  for (size_t e = 0; e < G_N_ELEMENTS (users); e++)
    {
      users[e] = users[e] == 59 ? 58 : users[e];
      items[e] = items[e] == 39 ? 38 : items[e];
    }
  m = seg_interactions_build (users, items, values, NULL, G_N_ELEMENTS (users), 60, 40, &io);

  for (int base = SEG_KNN_ITEM; base <= SEG_KNN_USER; base++)
    for (int rule = SEG_KNN_BASIC; rule <= SEG_KNN_BASELINE; rule++)
      for (int kept = 0; kept < 2; kept++)
        {
          SegKnnOptions options;
          SegKnn *model;
          SegScorer scorer;
          g_autofree void *scratch = NULL;
          double scores[40];
          int rc;

          seg_knn_options_init (&options);
          options.base = base;
          options.prediction = rule;
          options.similarity = SEG_KNN_PEARSON;
          options.neighbours = kept ? 8 : 0;
          options.k = 5;
          options.min_k = 2;
          model = seg_knn_fit (m, &options, NULL, &rc);
          g_assert_nonnull (model);
          seg_knn_scorer (model, &scorer);
          scratch = g_malloc0 (scorer.scratch_bytes + 1);
          for (size_t u = 0; u < 60; u++)
            {
              scorer.score (scorer.model, m, u, scores, scratch);
              for (size_t i = 0; i < 40; i++)
                g_assert_cmpfloat_with_epsilon (scores[i], seg_knn_predict (model, m, u, i), 1e-12);
            }
          seg_knn_free (model);
        }

  seg_interactions_free (m);
  g_rand_free (rand);
}

static void
test_knn_bad_input_and_cancel (void)
{
  SegInteractions *m = bought_matrix ();
  SegInteractionOptions io = { SEG_WEIGHT_BINARY, 0, 0, 0 };
  SegInteractions *empty = seg_interactions_build (NULL, NULL, NULL, NULL, 0, 3, 3, &io);
  SegKnnOptions options;
  volatile int cancel = 1;
  SegMonitor monitor = { NULL, NULL, &cancel };
  int rc;

  seg_knn_options_init (&options);
  g_assert_null (seg_knn_fit (empty, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  options.similarity = (SegKnnSimilarity) 42;
  g_assert_null (seg_knn_fit (m, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  seg_knn_options_init (&options);
  g_assert_null (seg_knn_fit (m, &options, &monitor, &rc));
  g_assert_cmpint (rc, ==, -1);

  seg_interactions_free (empty);
  seg_interactions_free (m);
}

typedef struct
{
  double last;
  int    calls;
  int    backwards;
} Watch;

static int
watch_progress (double  fraction,
                void   *data)
{
  Watch *watch = data;

  if (fraction < watch->last)
    watch->backwards++;
  watch->last = fraction;
  watch->calls++;

  return 1;
}

/* Progress climbs to the end; a cancel during the content fit is heard. */
static void
test_progress (void)
{
  SegInteractions *m = rated_matrix ();
  Watch watch = { 0, 0, 0 };
  SegMonitor monitor = { watch_progress, &watch, NULL };
  volatile int cancel = 1;
  SegMonitor cancelled = { NULL, NULL, &cancel };
  const char *texts[] = { "green tea", "black tea" };
  SegKnnOptions options;
  SegKnn *model;
  int rc;

  seg_knn_options_init (&options);
  options.prediction = SEG_KNN_BASELINE;
  options.similarity = SEG_KNN_PEARSON_BASELINE;
  model = seg_knn_fit (m, &options, &monitor, &rc);
  g_assert_nonnull (model);
  g_assert_cmpint (watch.calls, >, 1);
  g_assert_cmpint (watch.backwards, ==, 0);
  g_assert_cmpfloat (watch.last, ==, 1.0);
  seg_knn_free (model);

  g_assert_null (seg_tfidf_fit (texts, 2, NULL, &cancelled, &rc));
  g_assert_cmpint (rc, ==, -1);
  g_assert_null (seg_baseline_fit (m, NULL, &cancelled, &rc));
  g_assert_cmpint (rc, ==, -1);
  g_assert_null (seg_tfidf_fit (texts, 0, NULL, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);

  seg_interactions_free (m);
}

/* A random matrix gives the same neighbours on one core as on two. */
static void
test_knn_threads (void)
{
#ifdef _OPENMP
  GRand *rand = g_rand_new_with_seed (7);
  SegInteractionOptions io = { SEG_WEIGHT_COUNT, 0, 0, 0 };
  int32_t users[4000], items[4000];
  SegInteractions *m;
  SegKnn *one, *two;
  int threads = omp_get_max_threads ();
  int rc;

  for (size_t e = 0; e < G_N_ELEMENTS (users); e++)
    {
      users[e] = g_rand_int_range (rand, 0, 300);
      items[e] = (int32_t) floor (pow (g_rand_double (rand), 2.0) * 200);
    }
  m = seg_interactions_build (users, items, NULL, NULL, G_N_ELEMENTS (users), 300, 200, &io);
  for (int base = 0; base < 2; base++)
    {
      SegKnnOptions options;

      seg_knn_options_init (&options);
      options.base = base;
      options.similarity = SEG_KNN_PEARSON;
      options.neighbours = 10;
      omp_set_num_threads (1);
      one = seg_knn_fit (m, &options, NULL, &rc);
      omp_set_num_threads (2);
      two = seg_knn_fit (m, &options, NULL, &rc);
      for (size_t x = 0; x < (base ? 300u : 200u); x++)
        {
          const int32_t *a, *b;
          const double *sa, *sb;
          size_t n = seg_knn_neighbours (one, x, &a, &sa);

          g_assert_cmpuint (seg_knn_neighbours (two, x, &b, &sb), ==, n);
          g_assert_true (n == 0 || memcmp (a, b, n * sizeof (int32_t)) == 0);
          g_assert_true (n == 0 || memcmp (sa, sb, n * sizeof (double)) == 0);
        }
      seg_knn_free (one);
      seg_knn_free (two);
    }
  omp_set_num_threads (threads);
  seg_interactions_free (m);
  g_rand_free (rand);
#else
  g_test_skip ("built without OpenMP");
#endif
}

/* ---- Text ------------------------------------------------------------ */

static void
add_token (const char *token,
           size_t      length,
           void       *data)
{
  g_ptr_array_add (data, g_strndup (token, length));
}

static char *
tokens_of (const char *text)
{
  g_autoptr (GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);

  seg_tokenize (text, add_token, tokens);
  g_ptr_array_add (tokens, NULL);

  return g_strjoinv ("|", (char **) tokens->pdata);
}

static void
test_tokenizer (void)
{
  struct
  {
    const char *text;
    const char *tokens;
  } cases[] = {
    { "Crème Brûlée", "creme|brulee" },
    { "龙井茶叶", "龙|井|龙井|茶|井茶|叶|茶叶" },
    { "Longjing 龙井 Tea, 250g!", "longjing|龙|井|龙井|tea|250g" },
    { "iPhone15手机壳", "iphone15|手|机|手机|壳|机壳" },
    { "STRAßE Æon Œuvre Łódź", "strasse|aeon|oeuvre|lodz" },
    /* A decomposed é (e and a combining acute) folds like the composed. */
    { "Cafe\xcc\x81 au lait", "cafe|au|lait" },
    /* Full-width Latin letters and digits; CJK punctuation splits. */
    { "ＡＢＣ１２３，茶。", "abc123|茶" },
    /* Japanese kana and Korean hangul are characters too. */
    { "お茶 녹차", "お|茶|お茶|녹|차|녹차" },
    { "ΤΣΑΪ Чай", "τσαϊ|чай" },
    /* An invalid byte separates. */
    { "tea\xff" "pot", "tea|pot" },
    { "", "" },
    { " ,.;- ", "" },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *got = tokens_of (cases[c].text);

      g_assert_cmpstr (got, ==, cases[c].tokens);
    }
}

static void
test_tfidf_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tfidf-golden.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  SegTfidf *model;
  size_t weights = 0, cosines = 0;
  int rc;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    if (g_str_has_prefix (*line, "text\t"))
      {
        g_auto (GStrv) fields = g_strsplit (*line, "\t", 3);

        g_assert_cmpint (atoi (fields[1]), ==, (int) texts->len);
        g_ptr_array_add (texts, g_strdup (fields[2] != NULL ? fields[2] : ""));
      }
  g_assert_cmpuint (texts->len, ==, 7);

  model = seg_tfidf_fit ((const char *const *) texts->pdata, texts->len, NULL, NULL, &rc);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (model);
  /* green tea longjing black glass teapot 龙 井 龙井 茶 井茶 西 湖 西湖 湖龙 */
  g_assert_cmpuint (seg_tfidf_n_terms (model), ==, 15);

  for (char **line = lines; *line != NULL; line++)
    {
      g_auto (GStrv) fields = g_strsplit (*line, "\t", -1);

      if (g_strcmp0 (fields[0], "weight") == 0)
        {
          g_assert_cmpfloat_with_epsilon (seg_tfidf_weight (model, atoi (fields[1]), fields[2]),
                                          g_ascii_strtod (fields[3], NULL), 1e-12);
          weights++;
        }
      else if (g_strcmp0 (fields[0], "cosine") == 0)
        {
          size_t a = atoi (fields[1]), b = atoi (fields[2]);
          double expected = g_ascii_strtod (fields[3], NULL);

          g_assert_cmpfloat_with_epsilon (seg_tfidf_cosine (model, a, b), expected, 1e-12);
          g_assert_cmpfloat_with_epsilon (seg_tfidf_cosine (model, b, a), expected, 1e-12);
          cosines++;
        }
    }
  g_assert_cmpuint (weights, ==, 23);
  g_assert_cmpuint (cosines, ==, 21);

  /* By hand: of seven texts, one has "black": idf = ln (8/2) + 1; three
   * have "tea": ln (8/4) + 1; item 1 is those two, normalised. */
  {
    double black = log (4.0) + 1, tea = log (2.0) + 1;

    g_assert_cmpfloat_with_epsilon (seg_tfidf_weight (model, 1, "black"), black / hypot (black, tea), 1e-12);
    g_assert_cmpfloat (seg_tfidf_weight (model, 4, "tea"), ==, 0);
    g_assert_cmpfloat (seg_tfidf_weight (model, 1, "coffee"), ==, 0);
  }

  /* The neighbours of item 0 by cosine: 3 (0.396), 5 (0.384), 1 (0.353). */
  {
    const int32_t *idx;
    const double *sims;

    g_assert_cmpuint (seg_tfidf_neighbours (model, 0, &idx, &sims), ==, 3);
    g_assert_cmpint (idx[0], ==, 3);
    g_assert_cmpint (idx[1], ==, 5);
    g_assert_cmpint (idx[2], ==, 1);
    g_assert_cmpuint (seg_tfidf_neighbours (model, 4, &idx, &sims), ==, 0);
  }
  seg_tfidf_free (model);
}

/* Five items, the last new and unsold: only its text can bring it in. */
static void
test_hybrid_new_item (void)
{
  const char *texts[] = {
    "Longjing green tea, spring harvest",
    "Glass teapot 600 ml",
    "Espresso coffee beans",
    "Milk frother",
    "Longjing green tea, premium spring harvest 龙井",
  };
  /* u0: tea + teapot; u1: teapot; u2: coffee + frother; u3: tea + coffee. */
  const int32_t users[] = { 0, 0, 1, 2, 2, 3, 3 };
  const int32_t items[] = { 0, 1, 1, 2, 3, 0, 2 };
  SegInteractionOptions io = { SEG_WEIGHT_BINARY, 0, 0, 0 };
  SegInteractions *m = seg_interactions_build (users, items, NULL, NULL, G_N_ELEMENTS (users), 4, 5, &io);
  SegKnn *knn = fit_knn (m, SEG_KNN_ITEM, SEG_KNN_COSINE, SEG_KNN_SCORE_SUM, 50, 0);
  SegTfidf *content;
  SegHybrid *hybrid;
  SegScorer knn_scorer, content_scorer, scorer;
  SegHybridOptions options;
  int32_t top[5], because[2];
  double top_scores[5], scores[5], collaborative, text;
  g_autofree void *scratch = NULL;
  int rc;

  content = seg_tfidf_fit (texts, 5, NULL, NULL, &rc);
  g_assert_cmpint (rc, ==, 0);
  seg_knn_scorer (knn, &knn_scorer);
  seg_tfidf_scorer (content, &content_scorer);

  /* Item-kNN alone cannot score the unsold item. */
  knn_scorer.score (knn, m, 0, scores, NULL);
  g_assert_cmpfloat (scores[4], ==, 0);

  seg_hybrid_options_init (&options);
  g_assert_cmpfloat (options.content_weight, ==, 0.5);
  /* For u0 the coffee (bought with the tea by u3) is the best
   * collaborative offer and the new tea the best textual one: a content
   * weight above a half puts the tea first. */
  options.content_weight = 0.6;
  hybrid = seg_hybrid_new (&knn_scorer, &content_scorer, 5, &options, &rc);
  g_assert_cmpint (rc, ==, 0);
  seg_hybrid_scorer (hybrid, &scorer);
  scratch = g_malloc0 (scorer.scratch_bytes);

  /* u0 bought the tea: the new tea comes first. */
  g_assert_cmpuint (seg_recommend_top_one (&scorer, m, 0, 0, 3, scores, scratch, top, top_scores), >=, 1);
  g_assert_cmpint (top[0], ==, 4);
  g_assert_cmpuint (seg_recommend_because (&scorer, m, 0, 4, 2, because), ==, 1);
  g_assert_cmpint (because[0], ==, 0);
  g_assert_cmpint (seg_hybrid_parts (hybrid, m, 0, 4, &collaborative, &text), ==, 0);
  g_assert_cmpfloat (collaborative, ==, 0);
  g_assert_cmpfloat_with_epsilon (text, 0.6, 1e-12);

  /* u2 bought coffee things only: nothing of the new tea's text. */
  g_assert_cmpuint (seg_recommend_top_one (&scorer, m, 2, 0, 3, scores, scratch, top, top_scores), >=, 1);
  g_assert_cmpint (top[0], !=, 4);

  /* A held-out purchase of the new tea by u0: among the weights 0, 0.1,
   * …, 1 the smallest that puts it first is 0.6 (at 0.5 it ties with the
   * coffee, which has the lower index). */
  {
    const int32_t held_users[] = { 0 };
    const int32_t held_items[] = { 4 };
    SegInteractions *validation = seg_interactions_build (held_users, held_items, NULL, NULL, 1, 4, 5, &io);
    double ndcg;

    g_assert_cmpint (seg_hybrid_choose_weight (hybrid, m, validation, 1, NULL, &ndcg), ==, 0);
    g_assert_cmpfloat_with_epsilon (seg_hybrid_content_weight (hybrid), 0.6, 1e-12);
    g_assert_cmpfloat (ndcg, ==, 1.0);
    seg_interactions_free (validation);
  }

  /* A weight out of range is refused. */
  options.content_weight = 1.5;
  g_assert_null (seg_hybrid_new (&knn_scorer, &content_scorer, 5, &options, &rc));
  g_assert_cmpint (rc, ==, -3);

  seg_hybrid_free (hybrid);
  seg_tfidf_free (content);
  seg_knn_free (knn);
  seg_interactions_free (m);
}

/* ---- ml-100k ----------------------------------------------------------- */

/* Reads an ml-100k file of "user item rating time" lines into 0-based
 * events. The lines are walked in place: splitting two megabytes into
 * lines first costs a sanitizer's string checks quadratic time. */
static gboolean
load_ratings (const char  *path,
              GArray      *users,
              GArray      *items,
              GArray      *values)
{
  g_autofree char *contents = NULL;
  char *at;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  for (at = contents; *at != '\0';)
    {
      char *end;
      int u, i;
      double r;

      u = (int) strtol (at, &end, 10) - 1;
      if (end != at)
        {
          at = end;
          i = (int) strtol (at, &end, 10) - 1;
          at = end;
          r = strtod (at, &end);
          if (end != at)
            {
              g_array_append_val (users, u);
              g_array_append_val (items, i);
              g_array_append_val (values, r);
            }
          at = end;
        }
      while (*at != '\0' && *at != '\n')
        at++;
      if (*at == '\n')
        at++;
    }

  return TRUE;
}

/* ml-100k has 943 customers and 1,682 items. */
#define ML_USERS 943
#define ML_ITEMS 1682

static SegInteractions *
load_matrix (const char   *dir,
             const char   *name,
             SegWeighting  weighting)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GArray) users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  SegInteractionOptions options = { weighting, 0, 0, 0 };

  g_assert_true (load_ratings (path, users, items, values));
  g_assert_cmpuint (users->len, >, 0);

  return seg_interactions_build ((int32_t *) users->data, (int32_t *) items->data,
                                 weighting == SEG_WEIGHT_RATING ? (double *) values->data : NULL,
                                 NULL, users->len, ML_USERS, ML_ITEMS, &options);
}

/* Our figures and their tolerances, by name. */
static GHashTable *
load_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ml100k-neighbour-golden.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *golden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      char name[128];
      double *figure = g_new (double, 2);

      if (**line == '#' || sscanf (*line, "%127s %lf %lf", name, &figure[0], &figure[1]) != 3)
        {
          g_free (figure);
          continue;
        }
      g_hash_table_insert (golden, g_strdup (name), figure);
    }

  return golden;
}

static void
check_golden (GHashTable *golden,
              const char *name,
              double      value)
{
  const double *figure = g_hash_table_lookup (golden, name);

  g_test_message ("%s %.4f", name, value);
  g_assert_nonnull (figure);
  if (fabs (value - figure[0]) > figure[1])
    g_error ("%s: %.4f, expected %.4f ± %.4f", name, value, figure[0], figure[1]);
}

static const char *
shared_ml100k (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");

      dir = g_build_filename (shared != NULL ? shared : "", "ml-100k", NULL);
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;

  return dir;
}

static void
test_ml100k_ratings (void)
{
  const char *dir = shared_ml100k ();
  g_autoptr (GHashTable) golden = NULL;
  struct
  {
    const char       *name;
    SegKnnPrediction  prediction;
    SegKnnSimilarity  similarity;
    SegKnnBase        base;
  } models[] = {
    { "knn-baseline-item-pearson-baseline", SEG_KNN_BASELINE, SEG_KNN_PEARSON_BASELINE, SEG_KNN_ITEM },
    { "knn-with-means-item-pearson", SEG_KNN_WITH_MEANS, SEG_KNN_PEARSON, SEG_KNN_ITEM },
    { "knn-basic-item-cosine", SEG_KNN_BASIC, SEG_KNN_COSINE, SEG_KNN_ITEM },
    { "knn-baseline-user-pearson-baseline", SEG_KNN_BASELINE, SEG_KNN_PEARSON_BASELINE, SEG_KNN_USER },
  };

  if (dir == NULL)
    {
      g_test_skip ("skipped: data not found (ml-100k)");
      return;
    }
  golden = load_golden ();

  for (size_t m = 0; m < G_N_ELEMENTS (models); m++)
    {
      double rmse_sum = 0, mae_sum = 0;

      for (int fold = 1; fold <= 5; fold++)
        {
          g_autofree char *base_name = g_strdup_printf ("u%d.base", fold);
          g_autofree char *test_name = g_strdup_printf ("u%d.test", fold);
          SegInteractions *train = load_matrix (dir, base_name, SEG_WEIGHT_RATING);
          SegInteractions *test = load_matrix (dir, test_name, SEG_WEIGHT_RATING);
          g_autofree double *predicted = g_new (double, test->nnz);
          SegKnnOptions options;
          SegKnn *model;
          double rmse, mae;
          int rc;

          seg_knn_options_init (&options);
          options.base = models[m].base;
          options.similarity = models[m].similarity;
          options.prediction = models[m].prediction;
          options.neighbours = 0;
          model = seg_knn_fit (train, &options, NULL, &rc);
          g_assert_cmpint (rc, ==, 0);
          for (size_t u = 0; u < test->n_users; u++)
            for (int64_t k = test->row_ptr[u]; k < test->row_ptr[u + 1]; k++)
              predicted[k] = seg_knn_predict (model, train, u, (size_t) test->row_items[k]);
          seg_rating_errors (predicted, test->row_values, test->nnz, &rmse, &mae);
          rmse_sum += rmse;
          mae_sum += mae;
          seg_knn_free (model);
          seg_interactions_free (train);
          seg_interactions_free (test);
        }

      {
        g_autofree char *rmse_name = g_strdup_printf ("%s-rmse", models[m].name);
        g_autofree char *mae_name = g_strdup_printf ("%s-mae", models[m].name);

        check_golden (golden, rmse_name, rmse_sum / 5);
        check_golden (golden, mae_name, mae_sum / 5);
      }
      /* Surprise's published KNNBaseline: RMSE 0.931, MAE 0.733. */
      if (m == 0)
        {
          g_assert_cmpfloat (rmse_sum / 5, <=, 0.931);
          g_assert_cmpfloat (mae_sum / 5, <=, 0.733);
        }
    }
}

static void
popular_score (const void            *model,
               const SegInteractions *train,
               size_t                 user,
               double                *scores,
               void                  *scratch)
{
  (void) model;
  (void) user;
  (void) scratch;
  for (size_t i = 0; i < train->n_items; i++)
    scores[i] = (double) (train->col_ptr[i + 1] - train->col_ptr[i]);
}

static void
measure (const SegScorer       *scorer,
         const SegInteractions *train,
         const SegInteractions *test,
         int                    keep_bought,
         SegRankMetrics        *metrics)
{
  g_autofree int32_t *rec_items = g_new (int32_t, train->n_users * 10);
  g_autofree double *rec_scores = g_new (double, train->n_users * 10);

  g_assert_cmpint (seg_recommend_top (scorer, train, keep_bought, 10, rec_items, rec_scores, NULL), ==, 0);
  seg_rank_metrics (rec_items, 10, test, 10, metrics);
}

static void
test_ml100k_purchases (void)
{
  const char *dir = shared_ml100k ();
  g_autoptr (GHashTable) golden = NULL;
  SegInteractions *train, *test;
  SegScorer popular = { NULL, 0, popular_score, NULL }, scorer;
  SegRankMetrics pop, pop_kept, knn, knn_kept;
  SegKnnOptions options;
  SegKnn *model;
  int rc;

  if (dir == NULL)
    {
      g_test_skip ("skipped: data not found (ml-100k)");
      return;
    }
  golden = load_golden ();
  train = load_matrix (dir, "ua.base", SEG_WEIGHT_BINARY);
  test = load_matrix (dir, "ua.test", SEG_WEIGHT_BINARY);

  seg_knn_options_init (&options);
  model = seg_knn_fit (train, &options, NULL, &rc);
  g_assert_cmpint (rc, ==, 0);
  seg_knn_scorer (model, &scorer);

  measure (&popular, train, test, 0, &pop);
  measure (&popular, train, test, 1, &pop_kept);
  measure (&scorer, train, test, 0, &knn);
  measure (&scorer, train, test, 1, &knn_kept);

  check_golden (golden, "popular-precision", pop.precision);
  check_golden (golden, "popular-ndcg", pop.ndcg);
  check_golden (golden, "popular-kept-precision", pop_kept.precision);
  check_golden (golden, "item-knn-precision", knn.precision);
  check_golden (golden, "item-knn-ndcg", knn.ndcg);
  check_golden (golden, "item-knn-kept-precision", knn_kept.precision);
  check_golden (golden, "item-knn-kept-ndcg", knn_kept.ndcg);

  /* At least 30% better than the best-sellers on the same split, and
   * LightFM WARP's 0.11 counted the way LightFM counts it. */
  g_assert_cmpfloat (knn.precision, >=, 1.3 * pop.precision);
  g_assert_cmpfloat (knn.ndcg, >=, 1.3 * pop.ndcg);
  g_assert_cmpfloat (knn_kept.precision, >=, 1.3 * pop_kept.precision);
  g_assert_cmpfloat (knn_kept.precision, >=, 0.11);

  seg_knn_free (model);
  seg_interactions_free (train);
  seg_interactions_free (test);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/knn/similarities", test_similarities);
  g_test_add_func ("/knn/top-k", test_top_k);
  g_test_add_func ("/knn/item-scores", test_item_knn_scores);
  g_test_add_func ("/knn/user-scores", test_user_knn_scores);
  g_test_add_func ("/knn/baseline", test_baseline);
  g_test_add_func ("/knn/rating-predictions", test_rating_predictions);
  g_test_add_func ("/knn/scorer-predictions", test_scorer_predictions);
  g_test_add_func ("/knn/bad-input-and-cancel", test_knn_bad_input_and_cancel);
  g_test_add_func ("/knn/threads", test_knn_threads);
  g_test_add_func ("/knn/progress", test_progress);
  g_test_add_func ("/tfidf/tokenizer", test_tokenizer);
  g_test_add_func ("/tfidf/golden", test_tfidf_golden);
  g_test_add_func ("/hybrid/new-item", test_hybrid_new_item);
  g_test_add_func ("/ml100k/ratings", test_ml100k_ratings);
  g_test_add_func ("/ml100k/purchases", test_ml100k_purchases);

  return g_test_run ();
}
