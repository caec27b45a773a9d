/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>

#include "seg-interactions.h"
#include "seg-recommend.h"

/* Three customers, four items; customer 1 returned item 2 in full and
 * bought item 0 twice. */
static const int32_t users[] = { 0, 0, 1, 1, 1, 1, 2, 0 };
static const int32_t items[] = { 1, 3, 0, 2, 2, 0, 3, 1 };
static const double amounts[] = { 1, 2, 1, 2, -2, 3, 1, 4 };

static void
test_build_csr_csc (void)
{
  SegInteractionOptions options = { SEG_WEIGHT_COUNT, 0, 0, 0 };
  SegInteractions *m = seg_interactions_build (users, items, amounts, NULL, G_N_ELEMENTS (users), 3, 4, &options);

  g_assert_nonnull (m);
  g_assert_cmpuint (m->nnz, ==, 4);
  /* Customer 0: item 1 (1 + 4) and item 3 (2); customer 1: item 0 (1 + 3),
   * item 2 netted away; customer 2: item 3. */
  g_assert_cmpint (m->row_ptr[1], ==, 2);
  g_assert_cmpint (m->row_ptr[2], ==, 3);
  g_assert_cmpint (m->row_ptr[3], ==, 4);
  g_assert_cmpint (m->row_items[0], ==, 1);
  g_assert_cmpfloat (m->row_values[0], ==, 5);
  g_assert_cmpint (m->row_items[1], ==, 3);
  g_assert_cmpfloat (m->row_values[1], ==, 2);
  g_assert_cmpint (m->row_items[2], ==, 0);
  g_assert_cmpfloat (m->row_values[2], ==, 4);
  g_assert_false (seg_interactions_has (m, 1, 2));
  g_assert_cmpfloat (seg_interactions_get (m, 2, 3), ==, 1);

  /* By item: item 3 has customers 0 and 2, ascending. */
  g_assert_cmpint (m->col_ptr[3], ==, 2);
  g_assert_cmpint (m->col_ptr[4], ==, 4);
  g_assert_cmpint (m->col_users[2], ==, 0);
  g_assert_cmpfloat (m->col_values[2], ==, 2);
  g_assert_cmpint (m->col_users[3], ==, 2);
  g_assert_cmpint (m->col_ptr[2], ==, m->col_ptr[3]);
  seg_interactions_free (m);
}

static void
test_weightings (void)
{
  SegInteractionOptions options = { SEG_WEIGHT_BINARY, 0, 0, 0 };
  double times[] = { 0, 10, 0, 0, 0, 0, 10, 10 };
  SegInteractions *m;

  m = seg_interactions_build (users, items, amounts, NULL, G_N_ELEMENTS (users), 3, 4, &options);
  g_assert_cmpfloat (seg_interactions_get (m, 0, 1), ==, 1);
  seg_interactions_free (m);

  options.weighting = SEG_WEIGHT_LOG;
  m = seg_interactions_build (users, items, amounts, NULL, G_N_ELEMENTS (users), 3, 4, &options);
  g_assert_cmpfloat_with_epsilon (seg_interactions_get (m, 0, 1), log (6.0), 1e-12);
  seg_interactions_free (m);

  options.weighting = SEG_WEIGHT_CONFIDENCE;
  options.alpha = 40;
  m = seg_interactions_build (users, items, amounts, NULL, G_N_ELEMENTS (users), 3, 4, &options);
  g_assert_cmpfloat_with_epsilon (seg_interactions_get (m, 0, 3), 81.0, 1e-12);
  seg_interactions_free (m);

  /* A half life of 10 days from day 10: the day-0 line counts a half. */
  options.weighting = SEG_WEIGHT_COUNT;
  options.half_life = 10;
  options.now = 10;
  m = seg_interactions_build (users, items, amounts, times, G_N_ELEMENTS (users), 3, 4, &options);
  g_assert_cmpfloat_with_epsilon (seg_interactions_get (m, 0, 1), 0.5 + 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (seg_interactions_get (m, 0, 3), 2, 1e-12);
  seg_interactions_free (m);

  /* Ratings: a pair rated twice keeps the mean; nothing is dropped. */
  options.weighting = SEG_WEIGHT_RATING;
  m = seg_interactions_build (users, items, amounts, times, G_N_ELEMENTS (users), 3, 4, &options);
  g_assert_cmpfloat_with_epsilon (seg_interactions_get (m, 0, 1), 2.5, 1e-12);
  g_assert_true (seg_interactions_has (m, 1, 2));
  g_assert_cmpfloat (seg_interactions_get (m, 1, 2), ==, 0);
  seg_interactions_free (m);
}

static void
test_bad_events_skipped (void)
{
  const int32_t u[] = { 0, -1, 5, 1 };
  const int32_t i[] = { 0, 0, 0, 9 };
  const double a[] = { NAN, 1, 1, 1 };
  SegInteractions *m = seg_interactions_build (u, i, a, NULL, 4, 2, 2, NULL);

  g_assert_nonnull (m);
  g_assert_cmpuint (m->nnz, ==, 0);
  g_assert_cmpint (m->row_ptr[2], ==, 0);
  seg_interactions_free (m);
}

static void
test_top_scores (void)
{
  const double scores[] = { 0.5, 2, -INFINITY, 2, 1, NAN, 3 };
  const uint8_t exclude[] = { 0, 0, 0, 0, 0, 0, 1 };
  int32_t idx[3];
  double val[3];

  g_assert_cmpuint (seg_top_scores (scores, 7, exclude, 3, idx, val), ==, 3);
  /* Ties go to the lower index; the excluded 3 and -inf/NaN never show. */
  g_assert_cmpint (idx[0], ==, 1);
  g_assert_cmpint (idx[1], ==, 3);
  g_assert_cmpint (idx[2], ==, 4);
  g_assert_cmpuint (seg_top_scores (scores, 3, NULL, 3, idx, val), ==, 2);
}

/* Scores an item by how many of its buyers there are: popularity. */
static void
score_by_buyers (const void            *model,
                 const SegInteractions *train,
                 size_t                 user,
                 double                *scores,
                 void                  *scratch)
{
  for (size_t i = 0; i < train->n_items; i++)
    scores[i] = (double) (train->col_ptr[i + 1] - train->col_ptr[i]);
}

static double
same_parity (const void *model,
             size_t      from,
             size_t      to)
{
  return (from % 2) == (to % 2) ? 1.0 + (double) from : 0.0;
}

static void
test_recommend_top_and_because (void)
{
  /* Customers 0..3 over five items. */
  const int32_t u[] = { 0, 0, 1, 1, 2, 2, 3 };
  const int32_t i[] = { 0, 1, 0, 2, 0, 1, 4 };
  SegScorer scorer = { NULL, 0, score_by_buyers, same_parity };
  SegInteractions *m = seg_interactions_build (u, i, NULL, NULL, 7, 4, 5, NULL);
  int32_t rec[4 * 2], because[2];
  double score[4 * 2];

  g_assert_cmpint (seg_recommend_top (&scorer, m, FALSE, 2, rec, score, NULL), ==, 0);
  /* Buyers: item 0: 3, 1: 2, 2: 1, 3: 0, 4: 1. */
  g_assert_cmpint (rec[0], ==, 2);  /* customer 0 has 0, 1 */
  g_assert_cmpint (rec[1], ==, 4);
  g_assert_cmpint (rec[2], ==, 1);  /* customer 1 has 0, 2 */
  g_assert_cmpint (rec[3], ==, 4);
  g_assert_cmpint (rec[6], ==, 0);  /* customer 3 has 4 */
  g_assert_cmpint (rec[7], ==, 1);
  g_assert_cmpfloat (score[6], ==, 3);

  g_assert_cmpint (seg_recommend_top (&scorer, m, TRUE, 2, rec, score, NULL), ==, 0);
  g_assert_cmpint (rec[0], ==, 0);

  /* Item 4 for customer 1 (who has 0 and 2): both even, 2 weighs more. */
  g_assert_cmpuint (seg_recommend_because (&scorer, m, 1, 4, 2, because), ==, 2);
  g_assert_cmpint (because[0], ==, 2);
  g_assert_cmpint (because[1], ==, 0);
  /* Item 3 for customer 0 (0 and 1): only the odd item 1 speaks for it. */
  g_assert_cmpuint (seg_recommend_because (&scorer, m, 0, 3, 2, because), ==, 1);
  g_assert_cmpint (because[0], ==, 1);
  seg_interactions_free (m);
}

static void
test_rank_metrics (void)
{
  /* Two customers, top 3; customer 0 holds out items 1 and 5, customer 1
   * item 2, customer 2 nothing (not measured). */
  const int32_t tu[] = { 0, 0, 1 };
  const int32_t ti[] = { 1, 5, 2 };
  const int32_t rec[] = { 1, 2, 5, 0, 3, -1, 4, 4, 4 };
  SegInteractions *test = seg_interactions_build (tu, ti, NULL, NULL, 3, 3, 6, NULL);
  SegRankMetrics m;
  double idcg2 = 1.0 + 1.0 / log2 (3.0);

  seg_rank_metrics (rec, 3, test, 3, &m);
  g_assert_cmpuint (m.users, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.precision, (2.0 / 3 + 0) / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall, (1.0 + 0) / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.hit_rate, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ndcg, ((1.0 + 1.0 / 2.0) / idcg2) / 2, 1e-12);
  /* AP@3 of customer 0: (1/1 + 2/3) / 2. */
  g_assert_cmpfloat_with_epsilon (m.map, ((1.0 + 2.0 / 3) / 2) / 2, 1e-12);
  /* Offered: 1, 2, 5, 0, 3, 4 of six items. */
  g_assert_cmpfloat_with_epsilon (m.coverage, 1.0, 1e-12);

  seg_rank_metrics (rec, 3, test, 1, &m);
  g_assert_cmpfloat_with_epsilon (m.precision, 0.5, 1e-12);
  seg_interactions_free (test);
}

static void
test_splits (void)
{
  const int32_t u[] = { 0, 0, 0, 1, 1, 2 };
  const double t[] = { 5, 1, 9, 3, 3, 4 };
  uint8_t test[6];
  int32_t fold[100], again[100];
  size_t per_fold[5] = { 0 };

  g_assert_cmpint (seg_split_last_n (u, t, 6, 3, 1, test), ==, 0);
  /* Customer 0's latest is day 9; customer 1's tie goes to the later
   * line; customer 2 keeps their only line for training. */
  g_assert_cmpint (test[2], ==, 1);
  g_assert_cmpint (test[0] + test[1], ==, 0);
  g_assert_cmpint (test[4], ==, 1);
  g_assert_cmpint (test[3], ==, 0);
  g_assert_cmpint (test[5], ==, 0);

  seg_split_kfold (100, 5, 42, fold);
  seg_split_kfold (100, 5, 42, again);
  g_assert_cmpmem (fold, sizeof fold, again, sizeof again);
  for (int e = 0; e < 100; e++)
    per_fold[fold[e]]++;
  for (int f = 0; f < 5; f++)
    g_assert_cmpuint (per_fold[f], ==, 20);
  seg_split_kfold (100, 5, 43, again);
  g_assert_true (memcmp (fold, again, sizeof fold) != 0);

  {
    uint8_t r[10];
    int n_test = 0;

    seg_split_random (10, 0.2, 7, r);
    for (int e = 0; e < 10; e++)
      n_test += r[e];
    g_assert_cmpint (n_test, ==, 2);
  }
}

static void
test_rating_errors (void)
{
  const double p[] = { 3, 4, 5 };
  const double y[] = { 4, 4, 3 };
  double rmse, mae;

  seg_rating_errors (p, y, 3, &rmse, &mae);
  g_assert_cmpfloat_with_epsilon (rmse, sqrt (5.0 / 3), 1e-12);
  g_assert_cmpfloat_with_epsilon (mae, 1.0, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interactions/build", test_build_csr_csc);
  g_test_add_func ("/interactions/weightings", test_weightings);
  g_test_add_func ("/interactions/bad-events", test_bad_events_skipped);
  g_test_add_func ("/recommend/top-scores", test_top_scores);
  g_test_add_func ("/recommend/top-and-because", test_recommend_top_and_because);
  g_test_add_func ("/recommend/rank-metrics", test_rank_metrics);
  g_test_add_func ("/recommend/splits", test_splits);
  g_test_add_func ("/recommend/rating-errors", test_rating_errors);

  return g_test_run ();
}
