/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "seg-kmeans.h"
#include "seg-tree.h"

/* Golden tests: Segmenta's CART trees against scikit-learn's for the same
 * data and parameters, stored in tests/data/tree-golden.txt by
 * make-golden-tree.py; and small trees checked by hand. */

static double
next_double (char ***tokens)
{
  g_assert_nonnull (**tokens);
  return g_ascii_strtod (*(*tokens)++, NULL);
}

static void
assert_close (double ours,
              double theirs,
              double tol)
{
  if (fabs (ours - theirs) > tol * MAX (1.0, fabs (theirs)))
    g_error ("%.17g differs from scikit-learn's %.17g", ours, theirs);
}

static void
test_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tree-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  char **w;
  guint n_cases = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  words = g_regex_split_simple ("\\s+", strchr (text, '\n') + 1, 0, 0);
  w = words;

  while (*w != NULL && g_str_equal (*w, "case"))
    {
      g_autofree char *name = NULL;
      g_autofree double *x = NULL, *y = NULL, *weight = NULL, *test = NULL;
      g_autofree double *proba = NULL, *importance = NULL, *alphas = NULL, *impurities = NULL;
      g_autofree int32_t *leaf = NULL;
      g_autoptr(SegTree) tree = NULL;
      g_autoptr(SegTree) full = NULL;
      g_autoptr(GError) error = NULL;
      SegTreeParams params;
      const SegTreeNode *nodes;
      const double *values;
      gsize n, p, k, n_nodes, m, n_path;
      gboolean weighted;

      w++;
      name = g_strdup (*w++);
      n = (gsize) next_double (&w);
      p = (gsize) next_double (&w);
      k = (gsize) next_double (&w);
      seg_tree_params_init (&params);
      params.criterion = g_str_equal (*w++, "entropy") ? SEG_TREE_ENTROPY : SEG_TREE_GINI;
      params.max_depth = (int) next_double (&w);
      params.min_samples_leaf = (int) next_double (&w);
      params.class_weight = next_double (&w) != 0 ? SEG_TREE_CLASS_WEIGHT_BALANCED : SEG_TREE_CLASS_WEIGHT_NONE;
      weighted = next_double (&w) != 0;
      params.ccp_alpha = next_double (&w);
      g_test_message ("case %s", name);

      x = g_new (double, n * p);
      for (gsize i = 0; i < n * p; i++)
        x[i] = next_double (&w);
      y = g_new (double, n);
      for (gsize i = 0; i < n; i++)
        y[i] = next_double (&w);
      if (weighted)
        {
          weight = g_new (double, n);
          for (gsize i = 0; i < n; i++)
            weight[i] = next_double (&w);
        }

      tree = seg_tree_fit (x, n, p, y, k, weight, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (*w++, ==, "nodes");
      n_nodes = (gsize) next_double (&w);
      g_assert_cmpuint (seg_tree_n_nodes (tree), ==, n_nodes);
      nodes = seg_tree_nodes (tree);
      values = seg_tree_values (tree);
      for (gsize i = 0; i < n_nodes; i++)
        {
          g_assert_cmpint (nodes[i].feature, ==, (int) next_double (&w));
          assert_close (nodes[i].threshold, next_double (&w), 1e-12);
          g_assert_cmpint (nodes[i].left, ==, (int) next_double (&w));
          g_assert_cmpint (nodes[i].right, ==, (int) next_double (&w));
          g_assert_cmpint (nodes[i].n_samples, ==, (gint64) next_double (&w));
          assert_close (nodes[i].weighted_n_samples, next_double (&w), 1e-12);
          assert_close (nodes[i].impurity, next_double (&w), 1e-12);
          for (gsize c = 0; c < k; c++)
            assert_close (values[i * k + c], next_double (&w), 1e-12);
        }

      g_assert_cmpstr (*w++, ==, "test");
      m = (gsize) next_double (&w);
      test = g_new (double, m * p);
      for (gsize i = 0; i < m * p; i++)
        test[i] = next_double (&w);
      proba = g_new (double, m * k);
      seg_tree_predict_proba (tree, test, m, proba);
      for (gsize i = 0; i < m * k; i++)
        assert_close (proba[i], next_double (&w), 1e-12);
      leaf = g_new (int32_t, m);
      seg_tree_apply (tree, test, m, leaf);
      for (gsize i = 0; i < m; i++)
        g_assert_cmpint (leaf[i], ==, (int) next_double (&w));
      importance = g_new (double, p);
      seg_tree_feature_importances (tree, importance);
      for (gsize f = 0; f < p; f++)
        assert_close (importance[f], next_double (&w), 1e-12);

      /* The path is that of the tree before pruning. */
      params.ccp_alpha = 0.0;
      full = seg_tree_fit (x, n, p, y, k, weight, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (*w++, ==, "path");
      n_path = seg_tree_pruning_path (full, &alphas, &impurities);
      g_assert_cmpuint (n_path, ==, (gsize) next_double (&w));
      for (gsize i = 0; i < n_path; i++)
        assert_close (alphas[i], next_double (&w), 1e-12);
      for (gsize i = 0; i < n_path; i++)
        assert_close (impurities[i], next_double (&w), 1e-12);
      n_cases++;
    }

  g_assert_cmpuint (n_cases, ==, 5);
}

/* Two of each corner of the unit square, labelled by exclusive or. */
static const double xor_x[] = { 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1 };
static const double xor_y[] = { 0, 1, 1, 0, 0, 1, 1, 0 };

static void
test_xor (void)
{
  const char *names[] = { "orders", "days since last order" };
  g_autoptr(SegTree) tree = NULL;
  g_autoptr(SegTree) stump = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *root = NULL;
  const SegTreeNode *nodes;
  const double *values;
  SegTreeParams params;
  double importance[2], proba[16];
  int32_t leaf[8];

  seg_tree_params_init (&params);
  tree = seg_tree_fit (xor_x, 8, 2, xor_y, 2, NULL, &params, NULL, &error);
  g_assert_no_error (error);

  /* No first split helps, both tie at zero gain: the lower feature wins;
   * then the other feature separates each half exactly. */
  g_assert_cmpuint (seg_tree_n_nodes (tree), ==, 7);
  g_assert_cmpuint (seg_tree_n_leaves (tree), ==, 4);
  g_assert_cmpuint (seg_tree_depth (tree), ==, 2);
  nodes = seg_tree_nodes (tree);
  values = seg_tree_values (tree);
  g_assert_cmpint (nodes[0].feature, ==, 0);
  g_assert_cmpfloat (nodes[0].threshold, ==, 0.5);
  g_assert_cmpfloat (nodes[0].impurity, ==, 0.5);
  g_assert_cmpint (nodes[0].left, ==, 1);
  g_assert_cmpint (nodes[0].right, ==, 4);
  g_assert_cmpint (nodes[1].feature, ==, 1);
  g_assert_cmpint (nodes[4].feature, ==, 1);
  g_assert_cmpint (nodes[1].left, ==, 2);
  g_assert_cmpint (nodes[1].right, ==, 3);
  g_assert_cmpint (nodes[4].left, ==, 5);
  g_assert_cmpint (nodes[4].right, ==, 6);
  g_assert_cmpfloat (values[2 * 2 + 0], ==, 2.0);
  g_assert_cmpfloat (values[3 * 2 + 1], ==, 2.0);
  g_assert_cmpfloat (values[5 * 2 + 1], ==, 2.0);
  g_assert_cmpfloat (values[6 * 2 + 0], ==, 2.0);
  g_assert_cmpint (nodes[6].n_samples, ==, 2);
  g_assert_cmpfloat (nodes[6].impurity, ==, 0.0);

  seg_tree_predict_proba (tree, xor_x, 8, proba);
  seg_tree_apply (tree, xor_x, 4, leaf);
  g_assert_cmpint (leaf[0], ==, 2);
  g_assert_cmpint (leaf[1], ==, 3);
  g_assert_cmpint (leaf[2], ==, 5);
  g_assert_cmpint (leaf[3], ==, 6);
  seg_tree_predict (tree, xor_x, 8, proba);
  for (int i = 0; i < 8; i++)
    g_assert_cmpfloat (proba[i], ==, xor_y[i]);

  /* All the gain is in the second feature. */
  seg_tree_feature_importances (tree, importance);
  g_assert_cmpfloat (importance[0], ==, 0.0);
  g_assert_cmpfloat (importance[1], ==, 1.0);

  rule = seg_tree_describe_node (tree, 5, names);
  g_assert_cmpstr (rule, ==, "orders > 0.5 and days since last order ≤ 0.5");
  root = seg_tree_describe_node (tree, 0, names);
  g_assert_cmpstr (root, ==, "all rows");

  /* A split that gains nothing is not worth a required decrease. */
  params.min_impurity_decrease = 0.01;
  stump = seg_tree_fit (xor_x, 8, 2, xor_y, 2, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seg_tree_n_nodes (stump), ==, 1);
  seg_tree_feature_importances (stump, importance);
  g_assert_cmpfloat (importance[0], ==, 0.0);
  g_assert_cmpfloat (importance[1], ==, 0.0);
}

static void
test_rule_bounds (void)
{
  /* One feature cut three times: the rule keeps the tightest bounds. */
  const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  const double y[] = { 0, 1, 0, 1, 1, 0, 1, 0 };
  g_autoptr(SegTree) tree = NULL;
  g_autoptr(GError) error = NULL;
  const SegTreeNode *nodes;
  SegTreeParams params;
  gboolean checked = FALSE;

  seg_tree_params_init (&params);
  tree = seg_tree_fit (x, 8, 1, y, 2, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  nodes = seg_tree_nodes (tree);
  for (gsize i = 0; i < seg_tree_n_nodes (tree); i++)
    {
      g_autofree char *rule = seg_tree_describe_node (tree, i, NULL);
      int32_t leaf;
      double probe;

      if (nodes[i].left >= 0 || i == 0)
        continue;
      /* Every leaf's rule is “a < feature 1 ≤ b” or one side of it, and
       * the middle of that range lands in that leaf. */
      if (sscanf (rule, "%lf < feature 1 ≤", &probe) == 1)
        {
          double upper = g_ascii_strtod (strrchr (rule, ' ') + 1, NULL);

          probe = (probe + upper) / 2;
          seg_tree_apply (tree, &probe, 1, &leaf);
          g_assert_cmpint (leaf, ==, (int32_t) i);
          checked = TRUE;
        }
    }
  g_assert_true (checked);
}

static double *
noisy_data (gsize    n,
            gsize    p,
            guint64  seed,
            double **y_out)
{
  SegRng rng;
  double *x = g_new (double, n * p);
  double *y = g_new (double, n);

  seg_rng_init (&rng, seed);
  for (gsize i = 0; i < n; i++)
    {
      double score = 0.0;

      for (gsize j = 0; j < p; j++)
        x[i * p + j] = seg_rng_uniform (&rng) * 10.0;
      score = x[i * p] - x[i * p + 1] + (seg_rng_uniform (&rng) - 0.5) * 8.0;
      y[i] = score > 0.0 ? (x[i * p + 2] > 5.0 ? 2 : 1) : 0;
    }
  *y_out = y;
  return x;
}

static void
test_threads (void)
{
#ifdef _OPENMP
  g_autofree double *y = NULL;
  g_autofree double *x = noisy_data (30000, 6, 7, &y);
  g_autoptr(SegTree) one = NULL;
  g_autoptr(SegTree) two = NULL;
  g_autoptr(GBytes) bytes_one = NULL;
  g_autoptr(GBytes) bytes_two = NULL;
  SegTreeParams params;
  int saved = omp_get_max_threads ();

  seg_tree_params_init (&params);
  params.max_depth = 12;
  omp_set_num_threads (1);
  one = seg_tree_fit (x, 30000, 6, y, 3, NULL, &params, NULL, NULL);
  omp_set_num_threads (2);
  two = seg_tree_fit (x, 30000, 6, y, 3, NULL, &params, NULL, NULL);
  omp_set_num_threads (saved);
  bytes_one = seg_tree_to_bytes (one);
  bytes_two = seg_tree_to_bytes (two);
  g_assert_cmpuint (seg_tree_n_nodes (one), >, 100);
  g_assert_true (g_bytes_equal (bytes_one, bytes_two));
#else
  g_test_skip ("built without OpenMP");
#endif
}

static void
test_bytes (void)
{
  g_autofree double *y = NULL;
  g_autofree double *x = noisy_data (300, 4, 3, &y);
  g_autofree double *proba = g_new (double, 300 * 3);
  g_autofree double *again = g_new (double, 300 * 3);
  g_autoptr(SegTree) tree = NULL;
  g_autoptr(SegTree) copy = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) bytes_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *garbled = NULL;
  SegTreeParams params;
  const guint8 *data;
  gsize size;
  guint refused = 0;

  seg_tree_params_init (&params);
  params.max_depth = 5;
  tree = seg_tree_fit (x, 300, 4, y, 3, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  bytes = seg_tree_to_bytes (tree);
  copy = seg_tree_from_bytes (bytes, &error);
  g_assert_no_error (error);
  bytes_again = seg_tree_to_bytes (copy);
  g_assert_true (g_bytes_equal (bytes, bytes_again));
  seg_tree_predict_proba (tree, x, 300, proba);
  seg_tree_predict_proba (copy, x, 300, again);
  g_assert_cmpmem (proba, 300 * 3 * sizeof (double), again, 300 * 3 * sizeof (double));

  /* Every shorter copy is refused. */
  data = g_bytes_get_data (bytes, &size);
  for (gsize cut = 0; cut < size; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      g_autoptr(SegTree) bad = seg_tree_from_bytes (part, &error);

      g_assert_null (bad);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }

  /* A byte changed anywhere is refused or gives a tree that can be used. */
  garbled = g_memdup2 (data, size);
  for (gsize at = 0; at < size; at++)
    {
      g_autoptr(GBytes) part = NULL;
      g_autoptr(SegTree) maybe = NULL;

      garbled[at] ^= 0xa5;
      part = g_bytes_new (garbled, size);
      maybe = seg_tree_from_bytes (part, &error);
      if (maybe == NULL)
        {
          g_assert_nonnull (error);
          g_clear_error (&error);
          refused++;
        }
      else
        {
          /* Whatever its sizes now say, walking it stays inside them. */
          gsize width = seg_tree_n_features (maybe);
          g_autofree double *row = g_new0 (double, width);
          g_autofree double *shares = g_new (double, seg_tree_n_classes (maybe));
          int32_t leaf;

          seg_tree_apply (maybe, row, 1, &leaf);
          g_assert_cmpint (leaf, <, (int32_t) seg_tree_n_nodes (maybe));
          seg_tree_predict_proba (maybe, row, 1, shares);
        }
      garbled[at] = data[at];
    }
  /* Structure bytes are checked; only thresholds and counts can pass. */
  g_assert_cmpuint (refused, >, size / 4);
}

static void
test_bad_input (void)
{
  double x[] = { 1, 2, 3, 4, 5, 6 };
  double y[] = { 0, 1, 1 };
  double weight[] = { 1, -1, 1 };
  g_autoptr(GError) error = NULL;
  SegTreeParams params;
  SegTree *tree;

  seg_tree_params_init (&params);
  x[3] = NAN;
  tree = seg_tree_fit (x, 3, 2, y, 2, NULL, &params, NULL, &error);
  g_assert_null (tree);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Row 2, column 2"));
  g_clear_error (&error);
  x[3] = 4;

  y[2] = 2;
  tree = seg_tree_fit (x, 3, 2, y, 2, NULL, &params, NULL, &error);
  g_assert_null (tree);
  g_assert_nonnull (strstr (error->message, "Row 3"));
  g_clear_error (&error);
  y[2] = 1;

  tree = seg_tree_fit (x, 3, 2, y, 2, weight, &params, NULL, &error);
  g_assert_null (tree);
  g_assert_nonnull (strstr (error->message, "Row 2"));
  g_clear_error (&error);

  params.min_samples_leaf = 0;
  tree = seg_tree_fit (x, 3, 2, y, 2, NULL, &params, NULL, &error);
  g_assert_null (tree);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "min_samples_leaf"));
  g_clear_error (&error);
}

static int
stop_soon (double  fraction,
           void   *data)
{
  int *calls = data;

  return ++*calls < 3;
}

static void
test_cancel (void)
{
  g_autofree double *y = NULL;
  g_autofree double *x = noisy_data (2000, 4, 5, &y);
  g_autoptr(GError) error = NULL;
  SegTreeParams params;
  int calls = 0;
  SegMonitor monitor = { stop_soon, &calls, NULL };
  SegTree *tree;

  seg_tree_params_init (&params);
  tree = seg_tree_fit (x, 2000, 4, y, 3, NULL, &params, &monitor, &error);
  g_assert_null (tree);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (calls, ==, 3);
}

static void
test_choose_alpha (void)
{
  g_autofree double *y = NULL;
  g_autofree double *x = noisy_data (600, 4, 11, &y);
  g_autofree double *alphas = NULL, *scores = NULL, *again = NULL, *again_scores = NULL;
  g_autofree double *path = NULL, *impurities = NULL;
  g_autoptr(SegTree) full = NULL;
  g_autoptr(SegTree) pruned = NULL;
  g_autoptr(GError) error = NULL;
  SegTreeParams params;
  double best, best_again, top = 0.0;
  gsize n_alphas, n_again, n_path;

  seg_tree_params_init (&params);
  g_assert_true (seg_tree_choose_alpha (x, 600, 4, y, 3, NULL, &params, 5, 42, NULL,
                                        &best, &alphas, &scores, &n_alphas, &error));
  g_assert_no_error (error);

  /* The grid is the whole data's path. */
  full = seg_tree_fit (x, 600, 4, y, 3, NULL, &params, NULL, &error);
  n_path = seg_tree_pruning_path (full, &path, &impurities);
  g_assert_cmpuint (n_alphas, ==, n_path);
  g_assert_cmpmem (alphas, n_path * sizeof (double), path, n_path * sizeof (double));

  for (gsize a = 0; a < n_alphas; a++)
    {
      g_assert_cmpfloat (scores[a], >=, 0.0);
      g_assert_cmpfloat (scores[a], <=, 1.0);
      top = MAX (top, scores[a]);
    }
  for (gsize a = 0; a < n_alphas; a++)
    if (alphas[a] == best)
      g_assert_cmpfloat (scores[a], ==, top);

  /* Labels this noisy overfit a full tree: pruning must do better on
   * held-out rows, and leave fewer leaves. */
  g_assert_cmpfloat (best, >, 0.0);
  g_assert_cmpfloat (top, >, scores[0] + 0.02);
  pruned = seg_tree_prune (full, best);
  g_assert_cmpuint (seg_tree_n_leaves (pruned), <, seg_tree_n_leaves (full) / 4);

  /* The same seed, the same answer. */
  g_assert_true (seg_tree_choose_alpha (x, 600, 4, y, 3, NULL, &params, 5, 42, NULL,
                                        &best_again, &again, &again_scores, &n_again, &error));
  g_assert_cmpfloat (best, ==, best_again);
  g_assert_cmpmem (scores, n_alphas * sizeof (double), again_scores, n_again * sizeof (double));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tree/golden", test_golden);
  g_test_add_func ("/tree/xor", test_xor);
  g_test_add_func ("/tree/rule-bounds", test_rule_bounds);
  g_test_add_func ("/tree/threads", test_threads);
  g_test_add_func ("/tree/bytes", test_bytes);
  g_test_add_func ("/tree/bad-input", test_bad_input);
  g_test_add_func ("/tree/cancel", test_cancel);
  g_test_add_func ("/tree/choose-alpha", test_choose_alpha);

  return g_test_run ();
}
