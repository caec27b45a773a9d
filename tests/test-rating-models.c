/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "seg-interactions.h"
#include "seg-recommend.h"
#include "seg-svd.h"

static SegInteractions *
ratings_matrix (const int32_t *users,
                const int32_t *items,
                const double  *ratings,
                size_t         n,
                size_t         n_users,
                size_t         n_items)
{
  SegInteractionOptions options = { SEG_WEIGHT_RATING, 0, 0, 0 };
  SegInteractions *m = seg_interactions_build (users, items, ratings, NULL, n, n_users, n_items, &options);

  g_assert_nonnull (m);
  return m;
}

/* Every factor starts at 0.1 (a spread of zero), so one epoch can be
 * followed by hand: k = 2, γ = 0.1 everywhere, λ_b = 0.2, λ = λ_y = 0.5. */
static void
hand_options (SegSvdOptions *options,
              int            implicit)
{
  seg_svd_options_init_surprise (options);
  options->implicit = implicit;
  options->n_factors = 2;
  options->n_epochs = 1;
  options->init_mean = 0.1;
  options->init_std = 0.0;
  options->lr_bias = options->lr_factors = options->lr_implicit = 0.1;
  options->reg_bias = 0.2;
  options->reg_factors = options->reg_implicit = 0.5;
}

/* Two customers, two items: customer 0 rated item 0 a 5, customer 1 item
 * 1 a 1, so μ = 3 and the two updates share no term.
 * Customer 0, item 0: q·p = 2 · 0.1 · 0.1 = 0.02, e = 5 − 3.02 = 1.98;
 *   b_u = b_i = 0.1 · 1.98 = 0.198;
 *   p_f = q_f = 0.1 + 0.1 (1.98 · 0.1 − 0.5 · 0.1) = 0.1148.
 * Customer 1, item 1: e = 1 − 3.02 = −2.02; b_u = b_i = −0.202;
 *   p_f = q_f = 0.1 + 0.1 (−0.202 − 0.05) = 0.0748.
 * Hence r̂(0, 0) = 3 + 0.396 + 2 · 0.1148² = 3.42235808,
 * r̂(0, 1) = 3 + 0.198 − 0.202 + 2 · 0.1148 · 0.0748 = 3.01317408,
 * r̂(1, 1) = 3 − 0.404 + 2 · 0.0748² = 2.60719008. */
static void
test_svd_one_step (void)
{
  static const int32_t users[] = { 0, 1 };
  static const int32_t items[] = { 0, 1 };
  static const double ratings[] = { 5, 1 };
  SegInteractions *m = ratings_matrix (users, items, ratings, 2, 2, 2);
  SegSvdOptions options;
  SegSvd *model;
  int rc;

  hand_options (&options, 0);
  model = seg_svd_fit (m, &options, NULL, &rc);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (model);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 0, 0), 3.42235808, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 0, 1), 3.01317408, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 1, 0), 3.01317408, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 1, 1), 2.60719008, 1e-6);
  /* An unknown customer gets μ + b_i; the range clips. */
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 7, 0), 3.198, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 7, 7), 3.0, 1e-12);
  seg_svd_free (model);
  seg_interactions_free (m);
}

/* The same with the implicit term. Customer 0, item 0: N(u) = {0}, so
 * the customer's vector is p + y_0 = 0.2 per factor, q·(p + y) = 0.04 and
 * e = 5 − 3.04 = 1.96; b_u = b_i = 0.196;
 *   p_f = 0.1 + 0.1 (1.96 · 0.1 − 0.05) = 0.1146,
 *   q_f = 0.1 + 0.1 (1.96 · 0.2 − 0.05) = 0.1342,
 *   y_f = 0.1 + 0.1 (1.96 · 0.1 / 1 − 0.05) = 0.1146.
 * r̂(0, 0) = 3 + 0.392 + 2 · 0.1342 · (0.1146 + 0.1146) = 3.45351728.
 * Customer 1 likewise: e = −2.04, b = −0.204, p = y = 0.0746,
 * q = 0.1 + 0.1 (−2.04 · 0.2 − 0.05) = 0.0542:
 * r̂(1, 1) = 3 − 0.408 + 2 · 0.0542 · 0.1492 = 2.60817328. */
static void
test_svdpp_one_step (void)
{
  static const int32_t users[] = { 0, 1 };
  static const int32_t items[] = { 0, 1 };
  static const double ratings[] = { 5, 1 };
  SegInteractions *m = ratings_matrix (users, items, ratings, 2, 2, 2);
  SegSvdOptions options;
  SegSvd *model;
  int rc;

  hand_options (&options, 1);
  model = seg_svd_fit (m, &options, NULL, &rc);
  g_assert_nonnull (model);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 0, 0), 3.45351728, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 1, 1), 2.60817328, 1e-6);
  /* r̂(0, 1) = 3 + 0.196 − 0.204 + 2 · 0.0542 · 0.2292 = 3.01684528. */
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 0, 1), 3.01684528, 1e-6);
  seg_svd_free (model);
  seg_interactions_free (m);
}

/* SVD++ over a customer with two ratings, where the y_j of both items
 * move at each rating: the affine composition must give what updating
 * every y_j at every rating gives. Customer 0 rated items 0 and 1 a 5,
 * customer 1 item 2 a 1. The two orders of customer 0's ratings swap
 * which item is updated first, so r̂(0, 0) and r̂(0, 1) swap, but the
 * pair, r̂(0, 2) and r̂(1, 2) do not depend on the order. The figures
 * are from the update rules applied literally, one y_j at a time. */
static void
test_svdpp_two_ratings (void)
{
  static const int32_t users[] = { 0, 0, 1 };
  static const int32_t items[] = { 0, 1, 2 };
  static const double ratings[] = { 5, 5, 1 };
  SegInteractions *m = ratings_matrix (users, items, ratings, 3, 2, 3);
  SegSvdOptions options;
  SegSvd *model;
  double a, b;
  int rc;

  hand_options (&options, 1);
  model = seg_svd_fit (m, &options, NULL, &rc);
  g_assert_nonnull (model);
  a = seg_svd_predict (model, 0, 0);
  b = seg_svd_predict (model, 0, 1);
  g_assert_cmpfloat_with_epsilon (MIN (a, b), 4.0894054358, 1e-6);
  g_assert_cmpfloat_with_epsilon (MAX (a, b), 4.1033753629, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 0, 2), 3.6590066144, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg_svd_predict (model, 1, 2), 3.1364381689, 1e-6);
  seg_svd_free (model);
  seg_interactions_free (m);
}

/* A small random ratings matrix: 40 customers, 30 items. */
static SegInteractions *
random_ratings (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  int32_t users[600], items[600];
  double ratings[600];

  for (size_t e = 0; e < G_N_ELEMENTS (users); e++)
    {
      users[e] = g_rand_int_range (rand, 0, 40);
      items[e] = g_rand_int_range (rand, 0, 30);
      ratings[e] = 1 + (users[e] % 3 + items[e] % 3);
    }

  return ratings_matrix (users, items, ratings, G_N_ELEMENTS (users), 40, 30);
}

static void
test_deterministic (void)
{
  SegInteractions *m = random_ratings (3);

  for (int implicit = 0; implicit <= 1; implicit++)
    {
      SegSvdOptions options;
      SegSvd *first, *second, *other;
      int rc, differs = 0;

      if (implicit)
        seg_svdpp_options_init (&options);
      else
        seg_svd_options_init (&options);
      options.n_epochs = 5;
      first = seg_svd_fit (m, &options, NULL, &rc);
      second = seg_svd_fit (m, &options, NULL, &rc);
      options.seed++;
      other = seg_svd_fit (m, &options, NULL, &rc);
      g_assert_nonnull (first);
      g_assert_nonnull (second);
      g_assert_nonnull (other);
      for (size_t u = 0; u < 40; u++)
        for (size_t i = 0; i < 30; i++)
          {
            g_assert_cmpfloat (seg_svd_predict (first, u, i), ==, seg_svd_predict (second, u, i));
            differs |= seg_svd_predict (first, u, i) != seg_svd_predict (other, u, i);
            g_assert_cmpfloat (seg_svd_predict (first, u, i), >=, 1.0);
            g_assert_cmpfloat (seg_svd_predict (first, u, i), <=, 5.0);
          }
      g_assert_true (differs);
      seg_svd_free (first);
      seg_svd_free (second);
      seg_svd_free (other);
    }
  seg_interactions_free (m);
}

/* The fit learns the structure: on the training pairs it beats the
 * global mean by far, and the scorer ranks as the predictions do. */
static void
test_learns_and_scores (void)
{
  SegInteractions *m = random_ratings (5);
  SegSvdOptions options;
  SegScorer scorer;
  SegSvd *model;
  double predicted[600], truth[600], mean[600], scores[30];
  double rmse, mae, rmse_mean, mae_mean, total = 0;
  size_t n = 0;
  int rc;

  seg_svdpp_options_init (&options);
  model = seg_svd_fit (m, &options, NULL, &rc);
  g_assert_nonnull (model);
  for (size_t e = 0; e < m->nnz; e++)
    total += m->row_values[e];
  for (size_t u = 0; u < m->n_users; u++)
    for (int64_t e = m->row_ptr[u]; e < m->row_ptr[u + 1]; e++)
      {
        predicted[n] = seg_svd_predict (model, u, (size_t) m->row_items[e]);
        truth[n] = m->row_values[e];
        mean[n] = total / m->nnz;
        n++;
      }
  seg_rating_errors (predicted, truth, n, &rmse, &mae);
  seg_rating_errors (mean, truth, n, &rmse_mean, &mae_mean);
  g_assert_cmpfloat (rmse, <, 0.5 * rmse_mean);

  seg_svd_scorer (model, &scorer);
  scorer.score (scorer.model, m, 4, scores, NULL);
  for (size_t i = 0; i + 1 < 30; i++)
    if (scores[i] < 4.9 && scores[i + 1] < 4.9 && scores[i] > 1.1 && scores[i + 1] > 1.1)
      g_assert_cmpint (scores[i] < scores[i + 1], ==,
                       seg_svd_predict (model, 4, i) < seg_svd_predict (model, 4, i + 1));
  g_assert_cmpfloat_with_epsilon (scorer.similarity (scorer.model, 3, 3), 1.0, 1e-6);
  g_assert_cmpfloat (fabs (scorer.similarity (scorer.model, 3, 4)), <=, 1.0 + 1e-9);
  seg_svd_free (model);
  seg_interactions_free (m);
}

static int
stop_now (double  fraction,
          void   *data)
{
  return 0;
}

static void
test_bad_input_and_cancel (void)
{
  SegInteractions *m = random_ratings (7);
  SegInteractions *empty = ratings_matrix (NULL, NULL, NULL, 0, 3, 3);
  SegMonitor monitor = { stop_now, NULL, NULL };
  SegSvdOptions options;
  int rc = 0;

  seg_svd_options_init (&options);
  g_assert_null (seg_svd_fit (empty, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  options.n_factors = 0;
  g_assert_null (seg_svd_fit (m, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  seg_svd_options_init (&options);
  options.lr_factors = -1;
  g_assert_null (seg_svd_fit (m, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  seg_svd_options_init (&options);
  options.lr_decay = 0;
  g_assert_null (seg_svd_fit (m, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  seg_svd_options_init (&options);
  g_assert_null (seg_svd_fit (m, &options, &monitor, &rc));
  g_assert_cmpint (rc, ==, -1);
  seg_interactions_free (empty);
  seg_interactions_free (m);
}

/* MovieLens 100K: the official u1..u5 splits. */

typedef struct
{
  GArray *users;
  GArray *items;
  GArray *ratings;
} Ratings;

static gboolean
read_ratings (const char  *path,
              Ratings     *out)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  out->users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  out->items = g_array_new (FALSE, FALSE, sizeof (int32_t));
  out->ratings = g_array_new (FALSE, FALSE, sizeof (double));
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      char *end;
      int32_t user, item;
      double rating;

      if (**line == '\0')
        continue;
      user = (int32_t) g_ascii_strtoll (*line, &end, 10) - 1;
      item = (int32_t) g_ascii_strtoll (end, &end, 10) - 1;
      rating = g_ascii_strtod (end, &end);
      g_assert_cmpint (user, >=, 0);
      g_assert_cmpint (item, >=, 0);
      g_array_append_val (out->users, user);
      g_array_append_val (out->items, item);
      g_array_append_val (out->ratings, rating);
    }

  return TRUE;
}

static void
ratings_clear (Ratings *r)
{
  g_array_unref (r->users);
  g_array_unref (r->items);
  g_array_unref (r->ratings);
}

typedef struct
{
  char   name[32];
  double rmse;
  double mae;
  double tolerance;
} Golden;

static GArray *
read_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ml100k-rating-golden.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *golden = g_array_new (FALSE, TRUE, sizeof (Golden));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      Golden g;

      if (**line == '#' || **line == '\0')
        continue;
      g_assert_cmpint (sscanf (*line, "%31s %lf %lf %lf", g.name, &g.rmse, &g.mae, &g.tolerance), ==, 4);
      g_array_append_val (golden, g);
    }

  return golden;
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
  return dir;
}

static void
test_ml100k_golden (void)
{
  g_autoptr(GArray) golden = NULL;
  const char *dir = shared_ml100k ();
  double best_rmse = INFINITY, best_mae = INFINITY;

  if (g_getenv ("SEGMENTA_SHARED_DATA") == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("skipped: data not found (ml-100k)");
      return;
    }
#if defined(__SANITIZE_ADDRESS__)
  /* Twenty-five passes of SGD over 80,000 ratings take minutes without
   * optimisation; the sanitizer build checks the update rules on the small
   * cases above, and the optimised build checks these figures. */
  g_test_skip ("skipped in the sanitizer build: the optimised build checks the ml-100k figures");
  return;
#endif
  golden = read_golden ();
  g_assert_cmpuint (golden->len, ==, 4);

  for (guint g = 0; g < golden->len; g++)
    {
      const Golden *want = &g_array_index (golden, Golden, g);
      SegSvdOptions options;
      double rmse = 0, mae = 0;

      if (g_str_equal (want->name, "svd"))
        seg_svd_options_init (&options);
      else if (g_str_equal (want->name, "svdpp"))
        seg_svdpp_options_init (&options);
      else if (g_str_equal (want->name, "svd-surprise"))
        seg_svd_options_init_surprise (&options);
      else if (g_str_equal (want->name, "svdpp-surprise"))
        seg_svdpp_options_init_surprise (&options);
      else
        g_assert_not_reached ();

      for (int fold = 1; fold <= 5; fold++)
        {
          g_autofree char *base_name = g_strdup_printf ("u%d.base", fold);
          g_autofree char *test_name = g_strdup_printf ("u%d.test", fold);
          g_autofree char *base_path = g_build_filename (dir, base_name, NULL);
          g_autofree char *test_path = g_build_filename (dir, test_name, NULL);
          Ratings base, test;
          SegInteractions *train;
          SegSvd *model;
          double fold_rmse, fold_mae, *predicted;
          int rc;

          if (!read_ratings (base_path, &base) || !read_ratings (test_path, &test))
            g_error ("cannot read fold %d of %s", fold, dir);
          train = ratings_matrix ((int32_t *) base.users->data, (int32_t *) base.items->data,
                                  (double *) base.ratings->data, base.users->len, 943, 1682);
          model = seg_svd_fit (train, &options, NULL, &rc);
          g_assert_nonnull (model);
          predicted = g_new (double, test.users->len);
          seg_svd_predict_many (model, (int32_t *) test.users->data, (int32_t *) test.items->data,
                                test.users->len, predicted);
          seg_rating_errors (predicted, (double *) test.ratings->data, test.users->len, &fold_rmse, &fold_mae);
          rmse += fold_rmse / 5;
          mae += fold_mae / 5;
          g_free (predicted);
          seg_svd_free (model);
          seg_interactions_free (train);
          ratings_clear (&base);
          ratings_clear (&test);
        }

      g_test_message ("%s: RMSE %.4f (golden %.4f), MAE %.4f (golden %.4f)",
                      want->name, rmse, want->rmse, mae, want->mae);
      g_assert_cmpfloat_with_epsilon (rmse, want->rmse, want->tolerance);
      g_assert_cmpfloat_with_epsilon (mae, want->mae, want->tolerance);
      if (g_str_equal (want->name, "svd"))
        g_assert_cmpfloat (rmse, <=, 0.934);
      best_rmse = MIN (best_rmse, rmse);
      best_mae = MIN (best_mae, mae);
    }

  /* Better than every model of Surprise's published table. */
  g_assert_cmpfloat (best_rmse, <=, 0.915);
  g_assert_cmpfloat (best_mae, <=, 0.720);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/svd/one-step", test_svd_one_step);
  g_test_add_func ("/svd/svdpp-one-step", test_svdpp_one_step);
  g_test_add_func ("/svd/svdpp-two-ratings", test_svdpp_two_ratings);
  g_test_add_func ("/svd/deterministic", test_deterministic);
  g_test_add_func ("/svd/learns-and-scores", test_learns_and_scores);
  g_test_add_func ("/svd/bad-input-and-cancel", test_bad_input_and_cancel);
  g_test_add_func ("/svd/ml100k-golden", test_ml100k_golden);

  return g_test_run ();
}
