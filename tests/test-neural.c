/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "seg-interactions.h"
#include "seg-neural.h"
#include "seg-recommend.h"

static SegInteractions *
purchases (const int32_t *users,
           const int32_t *items,
           size_t         n,
           size_t         n_users,
           size_t         n_items)
{
  SegInteractionOptions options = { SEG_WEIGHT_BINARY, 0, 0, 0 };
  SegInteractions *m = seg_interactions_build (users, items, NULL, NULL, n, n_users, n_items, &options);

  g_assert_nonnull (m);
  return m;
}

/* The loss's gradient, as training computes it, against central
 * differences of the loss, for every weight of a tiny network. */
static void
test_gradient_check (void)
{
  static const int32_t users[] = { 0, 0, 1, 2, 2 };
  static const int32_t items[] = { 0, 1, 2, 3, 0 };
  static const int32_t batch_users[] = { 0, 0, 1, 2, 2, 1, 0 };
  static const int32_t batch_items[] = { 0, 3, 2, 3, 1, 1, 0 };
  static const double labels[] = { 1, 0, 1, 1, 0, 0, 1 };
  SegInteractions *m = purchases (users, items, G_N_ELEMENTS (users), 3, 4);
  SegNeuralOptions options;
  SegNeural *model;
  double *params, *gradient, *scratch;
  size_t n_params, checked = 0;
  int rc;

  seg_neural_options_init (&options);
  options.n_factors = 2;
  options.mlp_factors = 3;
  options.hidden = 4;
  options.n_epochs = 0;
  options.init_std = 0.7;
  options.reg = 0.1;
  model = seg_neural_fit (m, &options, NULL, &rc);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (model);

  params = seg_neural_parameters (model, &n_params);
  /* Embeddings (3 + 4) × (2 + 3), layers 4 × 6 + 4 and 2 × 4 + 2, output
   * 2 + 2 + 1. */
  g_assert_cmpuint (n_params, ==, 35 + 28 + 10 + 5);
  /* The biases start at zero, where a unit whose inputs are all zero sits
   * on the kink of its ReLU: move every weight a little off. */
  for (size_t p = 0; p < n_params; p++)
    params[p] += 0.02 * (double) ((p * 7919) % 13) - 0.12;
  gradient = g_new (double, n_params);
  scratch = g_new (double, n_params);
  g_assert_true (isfinite (seg_neural_loss_gradient (model, batch_users, batch_items, labels,
                                                     G_N_ELEMENTS (labels), gradient)));
  for (size_t p = 0; p < n_params; p++)
    {
      const double eps = 1e-6;
      double saved = params[p], up, down, numeric;

      params[p] = saved + eps;
      up = seg_neural_loss_gradient (model, batch_users, batch_items, labels, G_N_ELEMENTS (labels), scratch);
      params[p] = saved - eps;
      down = seg_neural_loss_gradient (model, batch_users, batch_items, labels, G_N_ELEMENTS (labels), scratch);
      params[p] = saved;
      numeric = (up - down) / (2 * eps);
      g_assert_cmpfloat_with_epsilon (gradient[p], numeric, 1e-6 + 1e-5 * fabs (numeric));
      checked += gradient[p] != 0.0;
    }
  /* Most weights take part: the check is not of zeros. */
  g_assert_cmpuint (checked, >, n_params / 2);

  g_free (gradient);
  g_free (scratch);
  seg_neural_free (model);
  seg_interactions_free (m);
}

/* Two groups of 20 customers and 10 items: each customer bought every
 * item of their group but one. That one must be the first offer. */
#define GROUP_USERS 20

static int32_t
missing_item (int32_t user)
{
  return (user / GROUP_USERS) * 10 + user % 10;
}

static SegInteractions *
two_groups (void)
{
  int32_t users[2 * GROUP_USERS * 10], items[2 * GROUP_USERS * 10];
  size_t n = 0;

  for (int32_t u = 0; u < 2 * GROUP_USERS; u++)
    for (int32_t j = 0; j < 10; j++)
      if ((u / GROUP_USERS) * 10 + j != missing_item (u))
        {
          users[n] = u;
          items[n] = (u / GROUP_USERS) * 10 + j;
          n++;
        }

  return purchases (users, items, n, 2 * GROUP_USERS, 20);
}

static void
small_options (SegNeuralOptions *options)
{
  seg_neural_options_init (options);
  options->n_factors = 4;
  options->mlp_factors = 4;
  options->hidden = 8;
  options->n_epochs = 30;
  /* One negative per positive: drawn from the 11 items a customer did not
   * buy, more would label the one missing item a non-purchase often
   * enough for a network this size to learn that instead. */
  options->negatives = 1;
  options->batch_size = 64;
  options->learning_rate = 0.01;
}

static void
test_learns_groups (void)
{
  SegInteractions *m = two_groups ();
  SegNeuralOptions options;
  SegScorer scorer;
  SegNeural *model;
  int32_t rec_items[2 * GROUP_USERS * 3];
  double rec_scores[2 * GROUP_USERS * 3];
  int rc;

  small_options (&options);
  model = seg_neural_fit (m, &options, NULL, &rc);
  g_assert_nonnull (model);
  seg_neural_scorer (model, &scorer);
  g_assert_cmpint (seg_recommend_top (&scorer, m, 0, 3, rec_items, rec_scores, NULL), ==, 0);
  for (int32_t u = 0; u < 2 * GROUP_USERS; u++)
    {
      g_assert_cmpint (rec_items[u * 3], ==, missing_item (u));
      g_assert_cmpfloat_with_epsilon (rec_scores[u * 3], seg_neural_logit (model, u, rec_items[u * 3]), 1e-9);
    }
  /* Items of one group are closer to each other than to the other's. */
  g_assert_cmpfloat (scorer.similarity (scorer.model, 0, 1), >, scorer.similarity (scorer.model, 0, 15));
  g_assert_cmpfloat_with_epsilon (scorer.similarity (scorer.model, 4, 4), 1.0, 1e-9);
  g_assert_cmpfloat (seg_neural_logit (model, 0, 20), ==, -INFINITY);
  g_assert_cmpfloat (seg_neural_logit (model, 2 * GROUP_USERS, 0), ==, -INFINITY);
  seg_neural_free (model);
  seg_interactions_free (m);
}

static void
test_deterministic_threads (void)
{
  SegInteractions *m = two_groups ();
  SegNeuralOptions options;
  SegNeural *one, *two, *other;
  double *a, *b, *c;
  size_t n, n2, n3;
  int rc;

  small_options (&options);
  options.n_epochs = 5;
#ifdef _OPENMP
  omp_set_num_threads (1);
#endif
  one = seg_neural_fit (m, &options, NULL, &rc);
#ifdef _OPENMP
  omp_set_num_threads (2);
#endif
  two = seg_neural_fit (m, &options, NULL, &rc);
  options.seed++;
  other = seg_neural_fit (m, &options, NULL, &rc);
  g_assert_nonnull (one);
  g_assert_nonnull (two);
  g_assert_nonnull (other);
  a = seg_neural_parameters (one, &n);
  b = seg_neural_parameters (two, &n2);
  c = seg_neural_parameters (other, &n3);
  g_assert_cmpuint (n, ==, n2);
  g_assert_cmpint (memcmp (a, b, n * sizeof (double)), ==, 0);
  g_assert_cmpint (memcmp (a, c, n * sizeof (double)), !=, 0);
  seg_neural_free (one);
  seg_neural_free (two);
  seg_neural_free (other);
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
  SegInteractions *m = two_groups ();
  SegInteractions *empty = purchases (NULL, NULL, 0, 3, 3);
  SegMonitor monitor = { stop_now, NULL, NULL };
  SegNeuralOptions options;
  int rc = 0;

  small_options (&options);
  g_assert_null (seg_neural_fit (empty, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  options.hidden = 1;
  g_assert_null (seg_neural_fit (m, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  small_options (&options);
  options.learning_rate = 0;
  g_assert_null (seg_neural_fit (m, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  small_options (&options);
  options.batch_size = 0;
  g_assert_null (seg_neural_fit (m, &options, NULL, &rc));
  g_assert_cmpint (rc, ==, -3);
  small_options (&options);
  g_assert_null (seg_neural_fit (m, &options, &monitor, &rc));
  g_assert_cmpint (rc, ==, -1);
  seg_interactions_free (empty);
  seg_interactions_free (m);
}

/* MovieLens 100K as purchases: ua.base → ua.test. */

static SegInteractions *
read_purchases (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (int32_t));

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    g_error ("cannot read %s", path);
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      char *end;
      int32_t user, item;

      if (**line == '\0')
        continue;
      user = (int32_t) g_ascii_strtoll (*line, &end, 10) - 1;
      item = (int32_t) g_ascii_strtoll (end, &end, 10) - 1;
      g_array_append_val (users, user);
      g_array_append_val (items, item);
    }

  return purchases ((int32_t *) users->data, (int32_t *) items->data, users->len, 943, 1682);
}

static void
popular_score (const void            *model,
               const SegInteractions *train,
               size_t                 user,
               double                *scores,
               void                  *scratch)
{
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
test_ml100k_golden (void)
{
  const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
  g_autofree char *dir = g_build_filename (shared != NULL ? shared : "", "ml-100k", NULL);
  g_autofree char *base_path = g_build_filename (dir, "ua.base", NULL);
  g_autofree char *test_path = g_build_filename (dir, "ua.test", NULL);
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, "data", "ml100k-neural-golden.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  SegInteractions *train, *test;
  SegScorer popular = { NULL, 0, popular_score, NULL }, scorer;
  SegNeuralOptions options;
  SegNeural *model;
  SegRankMetrics got[4];
  guint checked = 0;
  int rc;

  if (shared == NULL || !g_file_test (base_path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("skipped: data not found (ml-100k)");
      return;
    }
  train = read_purchases (base_path);
  test = read_purchases (test_path);
  seg_neural_options_init (&options);
  /* The fit is the same on any number of threads (see
   * /neural/deterministic-threads); one keeps it quick on a machine busy
   * with other work, where every batch would wait for the other core. */
#ifdef _OPENMP
  omp_set_num_threads (1);
#endif
  model = seg_neural_fit (train, &options, NULL, &rc);
#ifdef _OPENMP
  omp_set_num_threads (omp_get_num_procs ());
#endif
  g_assert_nonnull (model);
  seg_neural_scorer (model, &scorer);

  /* neural and popular, own items left out and (as LightFM reports it)
   * kept in. */
  measure (&scorer, train, test, 0, &got[0]);
  measure (&scorer, train, test, 1, &got[1]);
  measure (&popular, train, test, 0, &got[2]);
  measure (&popular, train, test, 1, &got[3]);

  g_assert_true (g_file_get_contents (golden_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      static const char *names[] = { "neural-excluded", "neural-kept", "popular-excluded", "popular-kept" };
      char name[32];
      double precision, ndcg, tolerance;
      int which = -1;

      if (**line == '#' || **line == '\0')
        continue;
      g_assert_cmpint (sscanf (*line, "%31s %lf %lf %lf", name, &precision, &ndcg, &tolerance), ==, 4);
      for (int w = 0; w < 4; w++)
        if (g_str_equal (name, names[w]))
          which = w;
      g_assert_cmpint (which, >=, 0);
      g_test_message ("%s: precision@10 %.4f (golden %.4f), NDCG@10 %.4f (golden %.4f)",
                      name, got[which].precision, precision, got[which].ndcg, ndcg);
      g_assert_cmpfloat_with_epsilon (got[which].precision, precision, tolerance);
      g_assert_cmpfloat_with_epsilon (got[which].ndcg, ndcg, tolerance);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 4);
  g_assert_cmpuint (got[0].users, ==, 943);
  /* Where it stands: well above popularity with the customers' own items
   * left out. */
  g_assert_cmpfloat (got[0].precision, >=, 1.3 * got[2].precision);
  g_assert_cmpfloat (got[0].ndcg, >=, 1.3 * got[2].ndcg);

  seg_neural_free (model);
  seg_interactions_free (train);
  seg_interactions_free (test);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/neural/gradient-check", test_gradient_check);
  g_test_add_func ("/neural/learns-groups", test_learns_groups);
  g_test_add_func ("/neural/deterministic-threads", test_deterministic_threads);
  g_test_add_func ("/neural/bad-input-and-cancel", test_bad_input_and_cancel);
  g_test_add_func ("/neural/ml100k-golden", test_ml100k_golden);

  return g_test_run ();
}
