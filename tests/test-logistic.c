/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "seg-logistic.h"

/* The gradient of C · Σ w_i logloss_i + ½‖β‖² (lam2 = 1) or of the loss
 * alone (lam2 = 0), in β and b, at the model's coefficients. */
static void
gradient (const SegLogistic *model,
          const double      *x,
          size_t             n,
          size_t             p,
          const double      *y,
          const double      *w,
          double             C,
          double             lam2,
          double            *g)
{
  g_autofree double *prob = g_new (double, n);
  const double *beta = seg_logistic_get_coefficients (model);

  seg_logistic_predict (model, x, n, prob);
  memset (g, 0, (p + 1) * sizeof (double));
  for (size_t i = 0; i < n; i++)
    {
      double r = (w != NULL ? w[i] : 1.0) * (prob[i] - y[i]);

      for (size_t j = 0; j < p; j++)
        g[j] += C * r * x[i * p + j];
      g[p] += C * r;
    }
  for (size_t j = 0; j < p; j++)
    g[j] += lam2 * beta[j];
}

/* Overlapping 1-D data: the optimum without a penalty is where the
 * gradient of the log loss vanishes, Σ (p_i − y_i) = Σ (p_i − y_i) x_i = 0. */
static void
test_one_feature (void)
{
  const double x[] = { -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, 0.2 };
  const double y[] = { 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0 };
  size_t n = G_N_ELEMENTS (x);
  double g[2];
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegLogistic) model = NULL;
  g_autoptr(SegLogistic) ridge = NULL;

  seg_logistic_params_init (&params);
  params.penalty = SEG_LOGISTIC_PENALTY_NONE;
  model = seg_logistic_fit (x, n, 1, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (seg_logistic_get_converged (model));
  g_assert_cmpint (seg_logistic_get_iterations (model), >, 1);
  g_assert_cmpint (seg_logistic_get_iterations (model), <, 20);
  /* The tolerance is on the gradient, scaled by C · Σ w_i. */
  gradient (model, x, n, 1, y, NULL, 1.0, 0.0, g);
  g_assert_cmpfloat (fabs (g[0]), <=, 1e-8 * n);
  g_assert_cmpfloat (fabs (g[1]), <=, 1e-8 * n);
  g_assert_cmpfloat (seg_logistic_get_coefficients (model)[0], >, 0.5);

  /* A ridge pulls the coefficient towards 0, and the optimum moves to
   * C · Σ (p_i − y_i) x_i + β = 0. */
  params.penalty = SEG_LOGISTIC_PENALTY_L2;
  params.C = 0.2;
  ridge = seg_logistic_fit (x, n, 1, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  gradient (ridge, x, n, 1, y, NULL, 0.2, 1.0, g);
  g_assert_cmpfloat (fabs (g[0]), <=, 1e-8 * 0.2 * n);
  g_assert_cmpfloat (fabs (g[1]), <=, 1e-8 * 0.2 * n);
  g_assert_cmpfloat (seg_logistic_get_coefficients (ridge)[0], <, seg_logistic_get_coefficients (model)[0]);
  g_assert_cmpfloat (seg_logistic_get_coefficients (ridge)[0], >, 0);
}

/* Separated classes have no optimum without a penalty; with L2 they do. */
static void
test_separated (void)
{
  const double x[] = { -3, -2, -1, -0.5, 0.5, 1, 2, 3 };
  const double y[] = { 0, 0, 0, 0, 1, 1, 1, 1 };
  double g[2], prob[8];
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegLogistic) model = NULL;
  g_autoptr(SegLogistic) free_model = NULL;

  seg_logistic_params_init (&params);
  params.C = 100;
  model = seg_logistic_fit (x, 8, 1, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (seg_logistic_get_converged (model));
  gradient (model, x, 8, 1, y, NULL, 100, 1.0, g);
  g_assert_cmpfloat (fabs (g[0]), <=, 1e-8 * 800);
  g_assert_cmpfloat (fabs (g[1]), <=, 1e-8 * 800);
  g_assert_true (isfinite (seg_logistic_get_coefficients (model)[0]));

  params.penalty = SEG_LOGISTIC_PENALTY_NONE;
  free_model = seg_logistic_fit (x, 8, 1, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isfinite (seg_logistic_get_coefficients (free_model)[0]));
  g_assert_cmpfloat (seg_logistic_get_coefficients (free_model)[0], >, seg_logistic_get_coefficients (model)[0]);
  seg_logistic_predict (free_model, x, 8, prob);
  for (int i = 0; i < 8; i++)
    g_assert_cmpfloat (fabs (prob[i] - y[i]), <, 0.01);
}

/* One class cannot be told from another: an error, as scikit-learn gives,
 * rather than a model that answers the same for everyone. */
static void
test_one_class (void)
{
  const double x[] = { 1, 2, 3, 4 };
  const double y[] = { 1, 1, 1, 0 };
  const double all_one[] = { 1, 1, 1, 1 };
  const double w[] = { 1, 1, 1, 0 };
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;
  SegLogistic *model;

  seg_logistic_params_init (&params);
  model = seg_logistic_fit (x, 4, 1, all_one, NULL, &params, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_ONE_CLASS);
  g_assert_nonnull (strstr (error->message, "target 1"));
  g_clear_error (&error);

  /* The only row of class 0 weighs nothing. */
  model = seg_logistic_fit (x, 4, 1, y, w, &params, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_ONE_CLASS);
}

/* Without features the intercept alone gives the share of class 1:
 * b = log (n_1 / n_0). */
static void
test_intercept_only (void)
{
  const double y[] = { 1, 0, 0, 1, 0, 0, 0 };
  double prob;
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegLogistic) model = NULL;

  seg_logistic_params_init (&params);
  params.penalty = SEG_LOGISTIC_PENALTY_NONE;
  model = seg_logistic_fit (NULL, 7, 0, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (seg_logistic_get_intercept (model), log (2.0 / 5.0), 1e-10);
  seg_logistic_predict (model, NULL, 1, &prob);
  g_assert_cmpfloat_with_epsilon (prob, 2.0 / 7.0, 1e-10);

  params.fit_intercept = FALSE;
  g_assert_null (seg_logistic_fit (NULL, 7, 0, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS);
}

static void
test_bad_input (void)
{
  double x[] = { 1, 2, 3, NAN, 5, 6 };
  double y[] = { 0, 1, 0 };
  double w[] = { 1, -1, 1 };
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;

  seg_logistic_params_init (&params);
  g_assert_null (seg_logistic_fit (x, 3, 2, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Row 2, feature 2"));
  g_clear_error (&error);

  x[3] = 4;
  y[2] = 2;
  g_assert_null (seg_logistic_fit (x, 3, 2, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Row 3"));
  g_clear_error (&error);

  y[2] = 0;
  g_assert_null (seg_logistic_fit (x, 3, 2, y, w, &params, NULL, &error));
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Row 2"));
  g_clear_error (&error);

  params.C = 0;
  g_assert_null (seg_logistic_fit (x, 3, 2, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS);
  g_assert_nonnull (strstr (error->message, "“C”"));
  g_clear_error (&error);

  seg_logistic_params_init (&params);
  params.penalty = SEG_LOGISTIC_PENALTY_ELASTIC_NET;
  params.l1_ratio = 1.5;
  g_assert_null (seg_logistic_fit (x, 3, 2, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_PARAMS);
  g_clear_error (&error);

  seg_logistic_params_init (&params);
  g_assert_null (seg_logistic_fit (x, 0, 2, y, NULL, &params, NULL, &error));
  g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_INVALID_DATA);
}

/* Deterministic data for the larger tests: n rows, p features. */
static void
make_data (size_t  n,
           size_t  p,
           double *x,
           double *y)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (size_t i = 0; i < n; i++)
    {
      double z = -0.5;

      for (size_t j = 0; j < p; j++)
        {
          x[i * p + j] = g_rand_double_range (rand, -2, 2) + (j > 0 ? 0.5 * x[i * p + j - 1] : 0);
          z += (j % 2 ? -0.7 : 0.4) * x[i * p + j];
        }
      y[i] = g_rand_double (rand) < 1 / (1 + exp (-z));
    }
}

static int
stop_after_first (double  fraction,
                  void   *data)
{
  int *calls = data;

  return ++*calls < 2;
}

static void
test_cancel (void)
{
  size_t n = 2000, p = 4;
  g_autofree double *x = g_new (double, n * p);
  g_autofree double *y = g_new (double, n);
  volatile int cancel = 1;
  int calls = 0;
  SegMonitor monitor = { NULL, NULL, &cancel };
  SegMonitor stopper = { stop_after_first, &calls, NULL };
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;

  make_data (n, p, x, y);
  seg_logistic_params_init (&params);
  g_assert_null (seg_logistic_fit (x, n, p, y, NULL, &params, &monitor, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_null (seg_logistic_fit (x, n, p, y, NULL, &params, &stopper, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (calls, ==, 2);
}

/* The threads sum the rows in fixed chunks, so one thread and two give
 * the same bits. */
static void
test_threads (void)
{
#ifdef _OPENMP
  size_t n = 30000, p = 5;
  g_autofree double *x = g_new (double, n * p);
  g_autofree double *y = g_new (double, n);
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegLogistic) one = NULL;
  g_autoptr(SegLogistic) two = NULL;
  int threads = omp_get_max_threads ();

  make_data (n, p, x, y);
  for (int k = 0; k < 2; k++)
    {
      seg_logistic_params_init (&params);
      if (k == 1)
        {
          params.penalty = SEG_LOGISTIC_PENALTY_L1;
          params.C = 0.001;
        }
      omp_set_num_threads (1);
      one = seg_logistic_fit (x, n, p, y, NULL, &params, NULL, &error);
      g_assert_no_error (error);
      omp_set_num_threads (2);
      two = seg_logistic_fit (x, n, p, y, NULL, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (seg_logistic_get_converged (one));
      g_assert_cmpmem (seg_logistic_get_coefficients (one), p * sizeof (double),
                       seg_logistic_get_coefficients (two), p * sizeof (double));
      g_assert_true (seg_logistic_get_intercept (one) == seg_logistic_get_intercept (two));
      g_clear_pointer (&one, seg_logistic_free);
      g_clear_pointer (&two, seg_logistic_free);
    }
  omp_set_num_threads (threads);
#else
  g_test_skip ("built without OpenMP");
#endif
}

static void
test_bytes (void)
{
  size_t n = 300, p = 3;
  g_autofree double *x = g_new (double, n * p);
  g_autofree double *y = g_new (double, n);
  g_autofree double *before = g_new (double, n);
  g_autofree double *after = g_new (double, n);
  g_autofree guint8 *copy = NULL;
  double odds[3], ratio;
  SegLogisticParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegLogistic) model = NULL;
  g_autoptr(SegLogistic) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize size;

  make_data (n, p, x, y);
  seg_logistic_params_init (&params);
  params.penalty = SEG_LOGISTIC_PENALTY_ELASTIC_NET;
  params.l1_ratio = 0.3;
  model = seg_logistic_fit (x, n, p, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);
  bytes = seg_logistic_to_bytes (model);
  back = seg_logistic_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seg_logistic_get_n_features (back), ==, p);
  g_assert_true (seg_logistic_get_converged (back));
  g_assert_cmpint (seg_logistic_get_iterations (back), ==, seg_logistic_get_iterations (model));
  g_assert_true (seg_logistic_get_objective (back) == seg_logistic_get_objective (model));
  g_assert_true (seg_logistic_get_log_loss (back) == seg_logistic_get_log_loss (model));
  seg_logistic_predict (model, x, n, before);
  seg_logistic_predict (back, x, n, after);
  g_assert_cmpmem (before, n * sizeof (double), after, n * sizeof (double));

  /* The page's helpers: the data's signs alternate, +, −, +. */
  seg_logistic_odds_ratios (back, odds);
  g_assert_cmpint (seg_logistic_effect (back, 0, &ratio), ==, SEG_LOGISTIC_EFFECT_MORE);
  g_assert_cmpfloat (ratio, ==, odds[0]);
  g_assert_cmpfloat (ratio, >, 1);
  g_assert_cmpint (seg_logistic_effect (back, 1, &ratio), ==, SEG_LOGISTIC_EFFECT_LESS);
  g_assert_cmpfloat (ratio, <, 1);
  g_assert_cmpfloat_with_epsilon (log (odds[2]), seg_logistic_get_coefficients (back)[2], 1e-15);

  /* Every truncation is refused. */
  data = g_bytes_get_data (bytes, &size);
  for (gsize cut = 0; cut < size; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);

      g_assert_null (seg_logistic_from_bytes (part, &error));
      g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_CORRUPT);
      g_clear_error (&error);
    }

  /* A flipped byte either reads as a model or is refused; the header's
   * bytes are always refused, but the counters' high bytes and the
   * numbers' low bytes may still read. */
  copy = g_memdup2 (data, size);
  for (gsize at = 0; at < size; at++)
    for (int bit = 0; bit < 8; bit++)
      {
        g_autoptr(GBytes) flipped = NULL;
        g_autoptr(SegLogistic) read = NULL;

        copy[at] ^= 1u << bit;
        flipped = g_bytes_new (copy, size);
        read = seg_logistic_from_bytes (flipped, &error);
        g_assert_true ((read == NULL) == (error != NULL));
        if (at < 12)
          g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_CORRUPT);
        g_clear_error (&error);
        copy[at] ^= 1u << bit;
      }

  /* An unknown penalty and an impossible number of features. */
  copy[12] = 9;
  {
    g_autoptr(GBytes) garbled = g_bytes_new (copy, size);

    g_assert_null (seg_logistic_from_bytes (garbled, &error));
    g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_CORRUPT);
    g_clear_error (&error);
  }
  memcpy (copy, data, size);
  memset (copy + 24, 0xff, 8);
  {
    g_autoptr(GBytes) garbled = g_bytes_new (copy, size);

    g_assert_null (seg_logistic_from_bytes (garbled, &error));
    g_assert_error (error, SEG_LOGISTIC_ERROR, SEG_LOGISTIC_ERROR_CORRUPT);
    g_clear_error (&error);
  }
}

/* Golden test: scikit-learn's LogisticRegression (newton-cg for L2 and no
 * penalty, saga for L1 and elastic net, tol=1e-10) on 500 correlated rows;
 * coefficients, intercepts and probabilities equal within 1e-7
 * (tests/data/logistic-golden.txt, written by make-golden-logistic.py). */
static void
test_sklearn_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "logistic-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree double *x = NULL, *y = NULL, *w = NULL, *prob = NULL;
  size_t n, p;
  guint line = 1, cases = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (sscanf (lines[line++], "data %zu %zu", &n, &p), ==, 2);
  x = g_new (double, n * p);
  y = g_new (double, n);
  w = g_new (double, n);
  prob = g_new (double, n);
  for (size_t i = 0; i < n; i++, line++)
    {
      g_auto(GStrv) v = g_strsplit (lines[line], " ", -1);

      g_assert_cmpuint (g_strv_length (v), ==, p + 2);
      for (size_t j = 0; j < p; j++)
        x[i * p + j] = g_ascii_strtod (v[j], NULL);
      y[i] = g_ascii_strtod (v[p], NULL);
      w[i] = g_ascii_strtod (v[p + 1], NULL);
    }

  for (; lines[line] != NULL && g_str_has_prefix (lines[line], "case "); line += 4, cases++)
    {
      g_auto(GStrv) head = g_strsplit (lines[line], " ", -1);
      g_auto(GStrv) coef = g_strsplit (lines[line + 1], " ", -1);
      g_auto(GStrv) proba = g_strsplit (lines[line + 3], " ", -1);
      double intercept;
      SegLogisticParams params;
      g_autoptr(GError) error = NULL;
      g_autoptr(SegLogistic) model = NULL;
      const double *beta;
      double largest;

      g_assert_cmpuint (g_strv_length (head), ==, 8);
      g_test_message ("case %s", head[1]);
      seg_logistic_params_init (&params);
      if (g_str_equal (head[2], "l2"))
        params.penalty = SEG_LOGISTIC_PENALTY_L2;
      else if (g_str_equal (head[2], "l1"))
        params.penalty = SEG_LOGISTIC_PENALTY_L1;
      else if (g_str_equal (head[2], "elasticnet"))
        params.penalty = SEG_LOGISTIC_PENALTY_ELASTIC_NET;
      else
        params.penalty = SEG_LOGISTIC_PENALTY_NONE;
      params.C = g_ascii_strtod (head[3], NULL);
      params.l1_ratio = g_ascii_strtod (head[4], NULL);
      params.fit_intercept = g_str_equal (head[5], "1");
      if (g_str_equal (head[6], "balanced"))
        params.class_weight = SEG_LOGISTIC_CLASS_WEIGHT_BALANCED;
      else if (!g_str_equal (head[6], "none"))
        {
          g_auto(GStrv) cw = g_strsplit (head[6], ",", 2);

          params.class_weight = SEG_LOGISTIC_CLASS_WEIGHT_EXPLICIT;
          params.class_weights[0] = g_ascii_strtod (cw[0], NULL);
          params.class_weights[1] = g_ascii_strtod (cw[1], NULL);
        }
      params.tol = 1e-12;

      model = seg_logistic_fit (x, n, p, y, g_str_equal (head[7], "1") ? w : NULL, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (seg_logistic_get_converged (model));
      g_assert_cmpint (seg_logistic_get_iterations (model), <, 30);

      beta = seg_logistic_get_coefficients (model);
      g_assert_cmpuint (g_strv_length (coef), ==, p + 1);
      for (size_t j = 0; j < p; j++)
        g_assert_cmpfloat_with_epsilon (beta[j], g_ascii_strtod (coef[j + 1], NULL), 1e-7);
      g_assert_cmpint (sscanf (lines[line + 2], "intercept %lf", &intercept), ==, 1);
      g_assert_cmpfloat_with_epsilon (seg_logistic_get_intercept (model), intercept, 1e-7);
      largest = fabs (seg_logistic_get_intercept (model) - intercept);

      /* L1 sets the same coefficients to exactly 0. */
      if (params.penalty == SEG_LOGISTIC_PENALTY_L1)
        for (size_t j = 0; j < p; j++)
          g_assert_true ((beta[j] == 0) == (g_ascii_strtod (coef[j + 1], NULL) == 0));

      seg_logistic_predict (model, x, n, prob);
      g_assert_cmpuint (g_strv_length (proba), ==, n + 1);
      for (size_t i = 0; i < n; i++)
        {
          double expected = g_ascii_strtod (proba[i + 1], NULL);

          g_assert_cmpfloat_with_epsilon (prob[i], expected, 1e-7);
          largest = MAX (largest, fabs (prob[i] - expected));
        }
      for (size_t j = 0; j < p; j++)
        largest = MAX (largest, fabs (beta[j] - g_ascii_strtod (coef[j + 1], NULL)));
      g_test_message ("%d iterations, largest difference %.2g", seg_logistic_get_iterations (model), largest);
    }
  g_assert_cmpuint (cases, ==, 9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/logistic/one-feature", test_one_feature);
  g_test_add_func ("/logistic/separated", test_separated);
  g_test_add_func ("/logistic/one-class", test_one_class);
  g_test_add_func ("/logistic/intercept-only", test_intercept_only);
  g_test_add_func ("/logistic/bad-input", test_bad_input);
  g_test_add_func ("/logistic/cancel", test_cancel);
  g_test_add_func ("/logistic/threads", test_threads);
  g_test_add_func ("/logistic/bytes", test_bytes);
  g_test_add_func ("/logistic/sklearn-golden", test_sklearn_golden);

  return g_test_run ();
}
