/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "seg-bayes-net.h"
#include "seg-kmeans.h"
#include "seg-naive-bayes.h"

/* Naive Bayes against scikit-learn's GaussianNB and CategoricalNB
 * (tests/data/naive-bayes-golden.txt, by make-golden-naive-bayes.py):
 * parameters within 1e-9 relative, probabilities within 1e-9. The
 * Bayesian network against hand-worked examples and against summing
 * the joint distribution over every assignment. */

typedef struct
{
  gsize   n;
  double *v;
} Values;

static void
values_free (gpointer data)
{
  Values *values = data;

  g_free (values->v);
  g_free (values);
}

/* case name → (key → Values) */
static GHashTable *
load_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "naive-bayes-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_hash_table_unref);
  GHashTable *current = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      g_auto(GStrv) fields = NULL;
      Values *values;

      if (**line == '#' || **line == '\0')
        continue;
      fields = g_strsplit (*line, " ", -1);
      if (g_str_equal (fields[0], "case"))
        {
          current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, values_free);
          g_hash_table_insert (cases, g_strdup (fields[1]), current);
          continue;
        }
      g_assert_nonnull (current);
      values = g_new0 (Values, 1);
      values->n = g_ascii_strtoull (fields[1], NULL, 10);
      g_assert_cmpuint (g_strv_length (fields), ==, values->n + 2);
      values->v = g_new (double, MAX (values->n, 1));
      for (gsize i = 0; i < values->n; i++)
        values->v[i] = g_ascii_strtod (fields[i + 2], NULL);
      g_hash_table_insert (current, g_strdup (fields[0]), values);
    }

  return cases;
}

static void
assert_close_all (const char   *what,
                  const double *ours,
                  const Values *theirs,
                  double        rel,
                  double        abs_tol)
{
  for (gsize i = 0; i < theirs->n; i++)
    if (!(fabs (ours[i] - theirs->v[i]) <= abs_tol + rel * fabs (theirs->v[i])))
      g_error ("%s[%" G_GSIZE_FORMAT "]: ours %.17g, reference %.17g", what, i, ours[i], theirs->v[i]);
}

static SegNaiveBayes *
fit_case (GHashTable  *c,
          size_t      *p_out)
{
  Values *x = g_hash_table_lookup (c, "x");
  Values *y = g_hash_table_lookup (c, "y");
  Values *cat = g_hash_table_lookup (c, "categorical");
  Values *weight = g_hash_table_lookup (c, "weight");
  Values *priors = g_hash_table_lookup (c, "priors");
  size_t p = cat->n, n = y->n;
  g_autofree gboolean *mask = g_new (gboolean, p);
  g_autoptr(GError) error = NULL;
  SegNaiveBayesParams params;
  SegNaiveBayes *model;

  g_assert_cmpuint (x->n, ==, n * p);
  for (size_t j = 0; j < p; j++)
    mask[j] = cat->v[j] != 0;
  seg_naive_bayes_params_init (&params);
  params.alpha = ((Values *) g_hash_table_lookup (c, "alpha"))->v[0];
  params.var_smoothing = ((Values *) g_hash_table_lookup (c, "var_smoothing"))->v[0];
  if (priors != NULL)
    {
      params.priors = priors->v;
      params.n_priors = priors->n;
    }
  model = seg_naive_bayes_fit (x->v, n, p, y->v, weight != NULL ? weight->v : NULL,
                               mask, &params, NULL, &error);
  g_assert_no_error (error);
  *p_out = p;

  return model;
}

static void
check_case (GHashTable            *c,
            const SegNaiveBayes   *model,
            size_t                 p)
{
  Values *test = g_hash_table_lookup (c, "test");
  Values *prior = g_hash_table_lookup (c, "prior");
  Values *theta = g_hash_table_lookup (c, "theta");
  Values *var = g_hash_table_lookup (c, "var");
  Values *log_prob = g_hash_table_lookup (c, "log_prob");
  Values *epsilon = g_hash_table_lookup (c, "epsilon");
  Values *proba = g_hash_table_lookup (c, "proba");
  size_t K = seg_naive_bayes_n_classes (model), m = test->n / p;
  g_autofree double *ours = g_new (double, MAX (m * K, K * p));
  g_autoptr(GArray) lp = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (K, ==, prior->n);
  for (size_t k = 0; k < K; k++)
    ours[k] = seg_naive_bayes_class_prior (model, k);
  assert_close_all ("prior", ours, prior, 1e-12, 0);
  if (epsilon != NULL)
    g_assert_cmpfloat_with_epsilon (seg_naive_bayes_epsilon (model), epsilon->v[0], 1e-9 * epsilon->v[0]);
  if (theta != NULL)
    {
      for (size_t k = 0; k < K * p; k++)
        ours[k] = seg_naive_bayes_theta (model, k / p, k % p);
      assert_close_all ("theta", ours, theta, 1e-9, 1e-12);
      for (size_t k = 0; k < K * p; k++)
        ours[k] = seg_naive_bayes_var (model, k / p, k % p);
      assert_close_all ("var", ours, var, 1e-9, 0);
    }
  if (log_prob != NULL)
    {
      for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < K; k++)
          for (size_t s = 0; s < seg_naive_bayes_n_categories (model, j); s++)
            {
              double v = seg_naive_bayes_log_prob (model, k, j, s);

              g_array_append_val (lp, v);
            }
      g_assert_cmpuint (lp->len, ==, log_prob->n);
      assert_close_all ("log_prob", (double *) lp->data, log_prob, 1e-12, 1e-12);
    }
  g_assert_true (seg_naive_bayes_predict_proba (model, test->v, m, ours, &error));
  g_assert_no_error (error);
  assert_close_all ("proba", ours, proba, 0, 1e-9);
}

static void
test_nb_golden (void)
{
  g_autoptr(GHashTable) cases = load_golden ();
  const char *names[] = { "gaussian", "gaussian-weighted", "categorical-1", "categorical-0.5", "mixed" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GHashTable *c = g_hash_table_lookup (cases, names[i]);
      g_autoptr(SegNaiveBayes) model = NULL;
      size_t p;

      g_assert_nonnull (c);
      g_test_message ("case %s", names[i]);
      model = fit_case (c, &p);
      check_case (c, model, p);
    }
}

static void
test_nb_ml100k (void)
{
  g_autoptr(GHashTable) cases = load_golden ();
  GHashTable *c = g_hash_table_lookup (cases, "ml100k-users");
  const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
  g_autofree char *path = g_build_filename (shared != NULL ? shared : ".", "ml-100k", "u.user", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SegNaiveBayes) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *proba = NULL;
  gboolean mask[2] = { FALSE, TRUE };
  SegNaiveBayesParams params;
  Values *log_prob;

  if (c == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("skipped: data not found (ml-100k/u.user)");
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      g_auto(GStrv) f = g_strsplit (*line, "|", -1);
      double age, occ, gender;

      if (g_strv_length (f) < 4)
        continue;
      if (!g_hash_table_contains (codes, f[3]))
        g_hash_table_insert (codes, g_strdup (f[3]), GSIZE_TO_POINTER (g_hash_table_size (codes)));
      age = g_ascii_strtod (f[1], NULL);
      occ = GPOINTER_TO_SIZE (g_hash_table_lookup (codes, f[3]));
      gender = g_str_equal (f[2], "M");
      g_array_append_val (x, age);
      g_array_append_val (x, occ);
      g_array_append_val (y, gender);
    }
  g_assert_cmpuint (y->len, ==, 943);

  seg_naive_bayes_params_init (&params);
  model = seg_naive_bayes_fit ((double *) x->data, y->len, 2, (double *) y->data, NULL, mask, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (seg_naive_bayes_theta (model, 1, 0),
                                  ((Values *) g_hash_table_lookup (c, "theta"))->v[1], 1e-9);
  g_assert_cmpfloat_with_epsilon (seg_naive_bayes_var (model, 0, 0),
                                  ((Values *) g_hash_table_lookup (c, "var"))->v[0], 1e-9);
  log_prob = g_hash_table_lookup (c, "log_prob");
  g_assert_cmpuint (log_prob->n, ==, 2 * seg_naive_bayes_n_categories (model, 1));
  for (size_t k = 0; k < log_prob->n; k++)
    g_assert_cmpfloat_with_epsilon (seg_naive_bayes_log_prob (model, k / 21, 1, k % 21), log_prob->v[k], 1e-12);
  proba = g_new (double, y->len * 2);
  g_assert_true (seg_naive_bayes_predict_proba (model, (double *) x->data, y->len, proba, &error));
  assert_close_all ("proba", proba, g_hash_table_lookup (c, "proba"), 0, 1e-9);
}

/* Cuts a model's bytes at every length and changes bytes at random:
 * every cut is refused with an error, and no change crashes. */
typedef gpointer (*FromBytes) (GBytes *, GError **);

static void
check_garbled (GBytes         *good,
               FromBytes       from_bytes,
               GDestroyNotify  free_func)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (good, &size);
  g_autofree guint8 *copy = g_memdup2 (data, size);
  SegRng rng;

  for (gsize len = 0; len < size; len += 1 + len / 64)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, len);
      g_autoptr(GError) error = NULL;
      gpointer model = from_bytes (cut, &error);

      g_assert_null (model);
      g_assert_nonnull (error);
    }
  seg_rng_init (&rng, 7);
  for (int trial = 0; trial < 2000; trial++)
    {
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(GError) error = NULL;
      gsize at = seg_rng_next (&rng) % size;
      gpointer model;

      memcpy (copy, data, size);
      copy[at] ^= (guint8) (1 + seg_rng_next (&rng) % 255);
      bad = g_bytes_new (copy, size);
      model = from_bytes (bad, &error);
      g_assert_true ((model == NULL) != (error == NULL));
      if (model != NULL)
        free_func (model);
    }
}

static void
test_nb_bytes (void)
{
  g_autoptr(GHashTable) cases = load_golden ();
  GHashTable *c = g_hash_table_lookup (cases, "mixed");
  Values *test = g_hash_table_lookup (c, "test");
  g_autoptr(SegNaiveBayes) model = NULL;
  g_autoptr(SegNaiveBayes) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  size_t p, m, K;
  g_autofree double *a = NULL;
  g_autofree double *b = NULL;

  model = fit_case (c, &p);
  bytes = seg_naive_bayes_to_bytes (model);
  back = seg_naive_bayes_from_bytes (bytes, &error);
  g_assert_no_error (error);
  again = seg_naive_bayes_to_bytes (back);
  g_assert_true (g_bytes_equal (bytes, again));

  m = test->n / p;
  K = seg_naive_bayes_n_classes (model);
  a = g_new (double, m * K);
  b = g_new (double, m * K);
  g_assert_true (seg_naive_bayes_predict_proba (model, test->v, m, a, NULL));
  g_assert_true (seg_naive_bayes_predict_proba (back, test->v, m, b, NULL));
  g_assert_cmpmem (a, m * K * sizeof (double), b, m * K * sizeof (double));

  check_garbled (bytes, (FromBytes) seg_naive_bayes_from_bytes, (GDestroyNotify) seg_naive_bayes_free);
}

static int
always_stop (double  fraction,
             void   *data)
{
  return 0;
}

static void
test_nb_bad_input (void)
{
  double x[] = { 1, 0, 2, 1, NAN, 1, 4, 0 };
  double y[] = { 0, 1, 0, 1 };
  double y_gap[] = { 0, 2, 0, 2 };
  double fine[] = { 1, 0, 2, 1, 3, 1, 4, 0 };
  gboolean mask[] = { FALSE, TRUE };
  double half[] = { 1.5, 0.5 };
  double proba[4];
  SegNaiveBayesParams params;
  SegMonitor stop = { always_stop, NULL, NULL };
  g_autoptr(SegNaiveBayes) model = NULL;
  g_autoptr(GError) error = NULL;

  seg_naive_bayes_params_init (&params);
  model = seg_naive_bayes_fit (x, 4, 2, y, NULL, mask, &params, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Row 3, column 1"));
  g_clear_error (&error);

  model = seg_naive_bayes_fit (fine, 4, 2, y_gap, NULL, mask, &params, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "class 1"));
  g_clear_error (&error);

  model = seg_naive_bayes_fit (fine, 4, 2, y, NULL, mask, &params, &stop, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (model);
  g_clear_error (&error);

  model = seg_naive_bayes_fit (fine, 4, 2, y, NULL, mask, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (seg_naive_bayes_predict_proba (model, half, 1, proba, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Row 1, column 2"));
  g_clear_error (&error);

  /* A missing value and an unseen category leave their column out: the
   * answer is then the class prior. */
  {
    double unknown[] = { NAN, 7 };

    g_assert_true (seg_naive_bayes_predict_proba (model, unknown, 1, proba, &error));
    g_assert_cmpfloat_with_epsilon (proba[0], 0.5, 1e-15);
  }
}

/* The classic network: Cloudy → Sprinkler, Cloudy → Rain, Sprinkler →
 * Wet grass ← Rain; state 1 is "true". */
static SegBayesNet *
sprinkler_network (void)
{
  const size_t states[] = { 2, 2, 2, 2 };
  const char *names[] = { "Cloudy", "Sprinkler", "Rain", "Wet" };
  const double cloudy[] = { 0.5, 0.5 };
  const double sprinkler[] = { 0.5, 0.5, 0.9, 0.1 };
  const double rain[] = { 0.8, 0.2, 0.2, 0.8 };
  const double wet[] = { 1.0, 0.0, 0.1, 0.9, 0.1, 0.9, 0.01, 0.99 };
  SegBayesNet *net = seg_bayes_net_new (4, states, names);
  g_autoptr(GError) error = NULL;

  g_assert_true (seg_bayes_net_add_arrow (net, 0, 1, &error));
  g_assert_true (seg_bayes_net_add_arrow (net, 0, 2, &error));
  g_assert_true (seg_bayes_net_add_arrow (net, 1, 3, &error));
  g_assert_true (seg_bayes_net_add_arrow (net, 2, 3, &error));
  g_assert_true (seg_bayes_net_set_cpt (net, 0, cloudy, &error));
  g_assert_true (seg_bayes_net_set_cpt (net, 1, sprinkler, &error));
  g_assert_true (seg_bayes_net_set_cpt (net, 2, rain, &error));
  g_assert_true (seg_bayes_net_set_cpt (net, 3, wet, &error));
  g_assert_no_error (error);

  return net;
}

static void
test_bn_sprinkler (void)
{
  g_autoptr(SegBayesNet) net = sprinkler_network ();
  g_autoptr(GError) error = NULL;
  int evidence[4] = { -1, -1, -1, 1 };
  double post[2];
  /* P(W) summed by hand over the four (S, R) cases and Cloudy. */
  double pw = 0.5 * (0.1 * 0.8 * 0.99 + 0.1 * 0.2 * 0.9 + 0.9 * 0.8 * 0.9 + 0)
            + 0.5 * (0.5 * 0.2 * 0.99 + 0.5 * 0.8 * 0.9 + 0.5 * 0.2 * 0.9 + 0);
  double psw = 0.5 * (0.1 * 0.8 * 0.99 + 0.1 * 0.2 * 0.9) + 0.5 * (0.5 * 0.2 * 0.99 + 0.5 * 0.8 * 0.9);
  double prw = 0.5 * (0.1 * 0.8 * 0.99 + 0.9 * 0.8 * 0.9) + 0.5 * (0.5 * 0.2 * 0.99 + 0.5 * 0.2 * 0.9);

  g_assert_true (seg_bayes_net_query (net, 1, evidence, post, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (post[1], psw / pw, 1e-12);
  g_assert_cmpfloat_with_epsilon (post[1], 0.4298, 1e-4);   /* the textbook figure */
  g_assert_true (seg_bayes_net_query (net, 2, evidence, post, &error));
  g_assert_cmpfloat_with_epsilon (post[1], prw / pw, 1e-12);
  g_assert_cmpfloat_with_epsilon (post[1], 0.7079, 1e-4);

  /* Rain explains the wet grass away: the sprinkler becomes less likely. */
  evidence[2] = 1;
  g_assert_true (seg_bayes_net_query (net, 1, evidence, post, &error));
  g_assert_cmpfloat_with_epsilon (post[1], 0.1945, 1e-4);

  /* Impossible evidence: dry grass is certain when neither runs, so wet
   * grass with neither has probability 0. */
  {
    int none[4] = { -1, 0, 0, 1 };

    g_assert_false (seg_bayes_net_query (net, 0, none, post, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
}

static SegBayesNet *
chain_network (void)
{
  const size_t states[] = { 2, 2, 2 };
  const char *names[] = { "A", "B", "C" };
  const double a[] = { 0.7, 0.3 };
  const double b[] = { 0.8, 0.2, 0.1, 0.9 };
  const double c[] = { 0.9, 0.1, 0.3, 0.7 };
  SegBayesNet *net = seg_bayes_net_new (3, states, names);

  g_assert_true (seg_bayes_net_add_arrow (net, 0, 1, NULL));
  g_assert_true (seg_bayes_net_add_arrow (net, 1, 2, NULL));
  g_assert_true (seg_bayes_net_set_cpt (net, 0, a, NULL));
  g_assert_true (seg_bayes_net_set_cpt (net, 1, b, NULL));
  g_assert_true (seg_bayes_net_set_cpt (net, 2, c, NULL));

  return net;
}

static void
test_bn_chain (void)
{
  g_autoptr(SegBayesNet) net = chain_network ();
  g_autoptr(GError) error = NULL;
  int evidence[3] = { -1, -1, 1 };
  double post[2];

  /* P(C=1 | A=1) = 0.9·0.7 + 0.1·0.1 = 0.64 and P(C=1 | A=0) = 0.22, so
   * P(A=1 | C=1) = 0.3·0.64 / (0.3·0.64 + 0.7·0.22) = 0.192 / 0.346. */
  g_assert_true (seg_bayes_net_query (net, 0, evidence, post, &error));
  g_assert_cmpfloat_with_epsilon (post[1], 0.192 / 0.346, 1e-14);
  /* Observing B blocks the path. */
  evidence[1] = 1;
  g_assert_true (seg_bayes_net_query (net, 0, evidence, post, &error));
  g_assert_cmpfloat_with_epsilon (post[1], 0.3 * 0.9 / (0.3 * 0.9 + 0.7 * 0.2), 1e-14);

  g_assert_false (seg_bayes_net_add_arrow (net, 2, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "Adding C → A would make a cycle: A → B → C");
  g_clear_error (&error);
  g_assert_false (seg_bayes_net_add_arrow (net, 1, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (seg_bayes_net_add_arrow (net, 0, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (seg_bayes_net_remove_arrow (net, 2, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A → C is allowed: it closes no directed cycle. */
  g_assert_true (seg_bayes_net_add_arrow (net, 0, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seg_bayes_net_arrows (net, NULL, NULL), ==, 3);
}

/* Random networks: the answer of variable elimination equals the joint
 * summed over every assignment. */
static void
test_bn_brute_force (void)
{
  for (guint64 seed = 1; seed <= 60; seed++)
    {
      SegRng rng;
      size_t n, states[7], total = 1;
      g_autoptr(SegBayesNet) net = NULL;
      int evidence[7];
      size_t query;
      double post[3], brute[3] = { 0, 0, 0 }, sum = 0;
      g_autoptr(GError) error = NULL;

      seg_rng_init (&rng, seed);
      n = 3 + seg_rng_next (&rng) % 5;
      for (size_t v = 0; v < n; v++)
        {
          states[v] = 2 + seg_rng_next (&rng) % 2;
          total *= states[v];
        }
      net = seg_bayes_net_new (n, states, NULL);
      for (size_t u = 0; u < n; u++)
        for (size_t v = u + 1; v < n; v++)
          if (seg_rng_uniform (&rng) < 0.45)
            {
              /* Random direction, kept acyclic by the node order. */
              g_assert_true (seg_bayes_net_add_arrow (net, u, v, &error));
              g_assert_no_error (error);
            }
      for (size_t v = 0; v < n; v++)
        {
          size_t q;
          const double *old = seg_bayes_net_cpt (net, v, &q);
          g_autofree double *cpt = g_new (double, q * states[v]);

          (void) old;
          for (size_t j = 0; j < q; j++)
            {
              double s = 0;

              for (size_t k = 0; k < states[v]; k++)
                s += cpt[j * states[v] + k] = 0.05 + seg_rng_uniform (&rng);
              for (size_t k = 0; k < states[v]; k++)
                cpt[j * states[v] + k] /= s;
            }
          g_assert_true (seg_bayes_net_set_cpt (net, v, cpt, &error));
          g_assert_no_error (error);
        }
      query = seg_rng_next (&rng) % n;
      for (size_t v = 0; v < n; v++)
        evidence[v] = v != query && seg_rng_uniform (&rng) < 0.4
                        ? (int) (seg_rng_next (&rng) % states[v]) : -1;

      for (size_t a = 0; a < total; a++)
        {
          size_t rest = a, s[7];
          double joint = 1;
          gboolean agrees = TRUE;

          for (size_t v = n; v-- > 0;)
            {
              s[v] = rest % states[v];
              rest /= states[v];
              agrees &= evidence[v] < 0 || s[v] == (size_t) evidence[v];
            }
          if (!agrees)
            continue;
          for (size_t v = 0; v < n; v++)
            {
              size_t np, q, config = 0;
              const size_t *pa = seg_bayes_net_parents (net, v, &np);
              const double *cpt = seg_bayes_net_cpt (net, v, &q);

              for (size_t k = 0; k < np; k++)
                config = config * states[pa[k]] + s[pa[k]];
              joint *= cpt[config * states[v] + s[v]];
            }
          brute[s[query]] += joint;
          sum += joint;
        }

      g_assert_true (seg_bayes_net_query (net, query, evidence, post, &error));
      g_assert_no_error (error);
      for (size_t k = 0; k < states[query]; k++)
        g_assert_cmpfloat_with_epsilon (post[k], brute[k] / sum, 1e-12);
    }
}

static void
test_bn_bins (void)
{
  double column[100], cuts[4];
  double ties[10] = { 1, 1, 1, 1, 1, 1, 1, 2, 3, 4 };
  size_t n_cuts;

  for (int i = 0; i < 100; i++)
    column[i] = 100 - i;
  n_cuts = seg_bins_equal_frequency (column, 100, 1, 4, cuts);
  g_assert_cmpuint (n_cuts, ==, 3);
  g_assert_cmpfloat (cuts[0], ==, 25);
  g_assert_cmpfloat (cuts[1], ==, 50);
  g_assert_cmpfloat (cuts[2], ==, 75);
  g_assert_cmpuint (seg_bins_find (cuts, 3, 25), ==, 0);
  g_assert_cmpuint (seg_bins_find (cuts, 3, 25.5), ==, 1);
  g_assert_cmpuint (seg_bins_find (cuts, 3, 1000), ==, 3);
  g_assert_cmpuint (seg_bins_find (cuts, 3, -1000), ==, 0);

  /* Seven equal values fill the first bins: their cuts merge. */
  n_cuts = seg_bins_equal_frequency (ties, 10, 1, 4, cuts);
  g_assert_cmpuint (n_cuts, ==, 2);
  g_assert_cmpfloat (cuts[0], ==, 1);
  g_assert_cmpfloat (cuts[1], ==, 2);
}

/* Rows where the class drives X0 and X1 copies X0 most of the time, X2
 * is noise, X3 is a number that grows with the class. */
static void
make_data (guint64  seed,
           size_t   n,
           double  *x,
           double  *y)
{
  SegRng rng;

  seg_rng_init (&rng, seed);
  for (size_t i = 0; i < n; i++)
    {
      int c = seg_rng_uniform (&rng) < 0.35;
      int x0 = seg_rng_uniform (&rng) < (c ? 0.8 : 0.3) ? 2 : (int) (seg_rng_next (&rng) % 2);
      int x1 = seg_rng_uniform (&rng) < 0.85 ? x0 : (int) (seg_rng_next (&rng) % 3);

      x[i * 4 + 0] = x0;
      x[i * 4 + 1] = x1;
      x[i * 4 + 2] = (double) (seg_rng_next (&rng) % 4);
      x[i * 4 + 3] = 10.0 * c + 8.0 * seg_rng_uniform (&rng);
      y[i] = c;
    }
}

static SegBayesNet *
fit_tan (size_t             n,
         SegBayesStructure  structure)
{
  g_autofree double *x = g_new (double, n * 4);
  g_autofree double *y = g_new (double, n);
  const gboolean mask[] = { TRUE, TRUE, TRUE, FALSE };
  const char *names[] = { "Visits", "Basket", "Noise", "Spend", NULL };
  SegBayesNetParams params;
  g_autoptr(GError) error = NULL;
  SegBayesNet *net;

  make_data (11, n, x, y);
  seg_bayes_net_params_init (&params);
  params.structure = structure;
  params.names = names;
  params.class_name = "Purchase";
  net = seg_bayes_net_fit (x, n, 4, y, NULL, mask, &params, NULL, &error);
  g_assert_no_error (error);

  return net;
}

static void
test_bn_tan (void)
{
  g_autoptr(SegBayesNet) net = fit_tan (3000, SEG_BAYES_STRUCTURE_TAN);
  g_autofree double *x = g_new (double, 200 * 4);
  g_autofree double *y = g_new (double, 200);
  g_autofree double *proba = g_new (double, 200 * 2);
  g_autoptr(GError) error = NULL;
  size_t n_cuts, np;
  const double *cuts;

  g_assert_cmpuint (seg_bayes_net_n_nodes (net), ==, 5);
  g_assert_cmpuint (seg_bayes_net_class_node (net), ==, 4);
  g_assert_cmpstr (seg_bayes_net_node_name (net, 4), ==, "Purchase");
  /* The class points at every feature; the tree links X0 and X1, whose
   * conditional mutual information is by far the largest. */
  for (size_t j = 0; j < 4; j++)
    g_assert_true (seg_bayes_net_has_arrow (net, 4, j));
  g_assert_true (seg_bayes_net_has_arrow (net, 0, 1));
  g_assert_cmpuint (seg_bayes_net_arrows (net, NULL, NULL), ==, 4 + 3);
  g_assert_cmpfloat (seg_bayes_net_mutual_information (net, 0, 1), >, 0.3);
  g_assert_cmpfloat (seg_bayes_net_mutual_information (net, 0, 2), <, 0.01);
  seg_bayes_net_parents (net, 0, &np);
  g_assert_cmpuint (np, ==, 1);
  for (size_t j = 1; j < 4; j++)
    {
      seg_bayes_net_parents (net, j, &np);
      g_assert_cmpuint (np, ==, 2);
    }

  /* Four bins of the number column with readable labels. */
  cuts = seg_bayes_net_cuts (net, 3, &n_cuts);
  g_assert_cmpuint (n_cuts, ==, 3);
  g_assert_cmpuint (seg_bayes_net_n_states (net, 3), ==, 4);
  g_assert_true (g_str_has_prefix (seg_bayes_net_state_label (net, 3, 0), "≤ "));
  g_assert_nonnull (strstr (seg_bayes_net_state_label (net, 3, 1), "–"));
  g_assert_true (g_str_has_prefix (seg_bayes_net_state_label (net, 3, 3), "> "));
  g_assert_cmpfloat (cuts[0], <, cuts[1]);
  g_assert_null (seg_bayes_net_cuts (net, 0, &n_cuts));

  /* Scoring: the direct formula equals variable elimination. */
  make_data (99, 200, x, y);
  g_assert_true (seg_bayes_net_predict_proba (net, x, 200, proba, &error));
  g_assert_no_error (error);
  for (size_t i = 0; i < 200; i += 7)
    {
      int ev[5];
      double post[2];

      g_assert_true (seg_bayes_net_encode_row (net, x + i * 4, ev, &error));
      g_assert_true (seg_bayes_net_query (net, 4, ev, post, &error));
      g_assert_cmpfloat_with_epsilon (proba[i * 2 + 1], post[1], 1e-12);
      g_assert_cmpfloat_with_epsilon (proba[i * 2] + proba[i * 2 + 1], 1.0, 1e-12);
    }
  /* A missing value is summed out. */
  {
    double row[4] = { 2, NAN, 1, 15 };
    int ev[5] = { 2, -1, 1, -1, -1 };
    double post[2], p[2];

    cuts = seg_bayes_net_cuts (net, 3, &n_cuts);
    ev[3] = (int) seg_bins_find (cuts, n_cuts, 15);
    g_assert_true (seg_bayes_net_query (net, 4, ev, post, &error));
    g_assert_true (seg_bayes_net_predict_proba (net, row, 1, p, &error));
    g_assert_cmpfloat_with_epsilon (p[1], post[1], 1e-12);
    g_assert_cmpfloat (p[1], >, 0.9);
  }
}

/* What if: with the class → Visits arrow gone (naive structure, so
 * Visits is then alone), Visits says nothing about a purchase. */
static void
test_bn_edit (void)
{
  g_autoptr(SegBayesNet) net = fit_tan (3000, SEG_BAYES_STRUCTURE_NAIVE);
  g_autoptr(GError) error = NULL;
  int ev[5] = { 2, -1, -1, -1, -1 };
  int none[5] = { -1, -1, -1, -1, -1 };
  double with[2], without[2], prior[2];
  size_t q;
  const double *cpt;

  g_assert_true (seg_bayes_net_query (net, 4, ev, with, &error));
  g_assert_true (seg_bayes_net_query (net, 4, none, prior, &error));
  g_assert_cmpfloat (with[1], >, prior[1] + 0.1);

  g_assert_true (seg_bayes_net_remove_arrow (net, 4, 0, &error));
  g_assert_no_error (error);
  cpt = seg_bayes_net_cpt (net, 0, &q);
  g_assert_cmpuint (q, ==, 1);
  g_assert_true (seg_bayes_net_query (net, 4, ev, without, &error));
  g_assert_cmpfloat_with_epsilon (without[1], prior[1], 1e-12);
  g_assert_cmpfloat (fabs (without[1] - with[1]), >, 0.1);

  /* Adding an arrow re-estimates from the data: Visits → Basket gives
   * Basket a table of 3 × 2 configurations, each row summing to 1. */
  g_assert_true (seg_bayes_net_add_arrow (net, 0, 1, &error));
  cpt = seg_bayes_net_cpt (net, 1, &q);
  g_assert_cmpuint (q, ==, 6);
  for (size_t j = 0; j < q; j++)
    g_assert_cmpfloat_with_epsilon (cpt[j * 3] + cpt[j * 3 + 1] + cpt[j * 3 + 2], 1.0, 1e-12);
  /* Basket copies Visits: P(Basket = 2 | Visits = 2, any class) is high. */
  g_assert_cmpfloat (cpt[(2 * 2 + 1) * 3 + 2], >, 0.8);
}

static void
test_bn_bytes (void)
{
  g_autoptr(SegBayesNet) net = fit_tan (500, SEG_BAYES_STRUCTURE_TAN);
  g_autoptr(SegBayesNet) back = NULL;
  g_autoptr(GBytes) bytes = seg_bayes_net_to_bytes (net);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = g_new (double, 50 * 4);
  g_autofree double *y = g_new (double, 50);
  double a[100], b[100];
  size_t qa, qb;
  const double *ca, *cb;

  back = seg_bayes_net_from_bytes (bytes, &error);
  g_assert_no_error (error);
  again = seg_bayes_net_to_bytes (back);
  g_assert_true (g_bytes_equal (bytes, again));
  g_assert_cmpstr (seg_bayes_net_state_label (back, 3, 1), ==, seg_bayes_net_state_label (net, 3, 1));

  make_data (5, 50, x, y);
  g_assert_true (seg_bayes_net_predict_proba (net, x, 50, a, NULL));
  g_assert_true (seg_bayes_net_predict_proba (back, x, 50, b, NULL));
  g_assert_cmpmem (a, sizeof a, b, sizeof b);

  /* The loaded network keeps its data: the same edit gives the same table. */
  g_assert_true (seg_bayes_net_remove_arrow (net, 4, 2, &error));
  g_assert_true (seg_bayes_net_remove_arrow (back, 4, 2, &error));
  g_assert_no_error (error);
  ca = seg_bayes_net_cpt (net, 2, &qa);
  cb = seg_bayes_net_cpt (back, 2, &qb);
  g_assert_cmpuint (qa, ==, qb);
  g_assert_cmpmem (ca, qa * 4 * sizeof (double), cb, qb * 4 * sizeof (double));

  check_garbled (bytes, (FromBytes) seg_bayes_net_from_bytes, (GDestroyNotify) seg_bayes_net_free);
}

static void
test_bn_bad_input (void)
{
  double x[] = { 0, 1.5, 1, 2 };
  double y[] = { 0, 1 };
  gboolean mask[] = { TRUE, FALSE };
  SegBayesNetParams params;
  volatile int cancel = 1;
  SegMonitor monitor = { NULL, NULL, &cancel };
  g_autoptr(SegBayesNet) net = NULL;
  g_autoptr(GError) error = NULL;

  seg_bayes_net_params_init (&params);
  mask[1] = TRUE;
  net = seg_bayes_net_fit (x, 2, 2, y, NULL, mask, &params, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Row 1, column 2"));
  g_clear_error (&error);

  mask[1] = FALSE;
  net = seg_bayes_net_fit (x, 2, 2, y, NULL, mask, &params, &monitor, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (net);
}

/* TAN learning on 100,000 rows × 20 columns, timed. */
static void
test_bn_large (void)
{
  size_t n = 100000, p = 20;
  g_autofree double *x = g_new (double, n * p);
  g_autofree double *y = g_new (double, n);
  g_autoptr(SegBayesNet) net = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *proba = g_new (double, n);
  SegBayesNetParams params;
  SegRng rng;
  gint64 start, fitted, scored;

  seg_rng_init (&rng, 2026);
  for (size_t i = 0; i < n; i++)
    {
      int c = seg_rng_uniform (&rng) < 0.3;

      y[i] = c;
      for (size_t j = 0; j < p; j++)
        x[i * p + j] = j % 2 == 0 ? (double) ((seg_rng_next (&rng) % 4 + (size_t) c) % 5)
                                  : c * 0.5 + seg_rng_uniform (&rng) + (j > 1 ? 0.3 * x[i * p + j - 2] : 0);
    }
  {
    g_autofree gboolean *mask = g_new (gboolean, p);

    for (size_t j = 0; j < p; j++)
      mask[j] = j % 2 == 0;
    seg_bayes_net_params_init (&params);
    start = g_get_monotonic_time ();
    net = seg_bayes_net_fit (x, n, p, y, NULL, mask, &params, NULL, &error);
    fitted = g_get_monotonic_time ();
  }
  g_assert_no_error (error);
  g_assert_true (seg_bayes_net_predict (net, x, n, proba, &error));
  scored = g_get_monotonic_time ();
  g_assert_cmpuint (seg_bayes_net_arrows (net, NULL, NULL), ==, p + p - 1);
  g_test_message ("TAN on %zu rows × %zu columns: fit %.3f s, scoring %.3f s",
                  n, p, (fitted - start) / 1e6, (scored - fitted) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/naive-bayes/sklearn-golden", test_nb_golden);
  g_test_add_func ("/naive-bayes/ml100k-users", test_nb_ml100k);
  g_test_add_func ("/naive-bayes/bytes", test_nb_bytes);
  g_test_add_func ("/naive-bayes/bad-input", test_nb_bad_input);
  g_test_add_func ("/bayes-net/sprinkler", test_bn_sprinkler);
  g_test_add_func ("/bayes-net/chain", test_bn_chain);
  g_test_add_func ("/bayes-net/brute-force", test_bn_brute_force);
  g_test_add_func ("/bayes-net/bins", test_bn_bins);
  g_test_add_func ("/bayes-net/tan", test_bn_tan);
  g_test_add_func ("/bayes-net/edit", test_bn_edit);
  g_test_add_func ("/bayes-net/bytes", test_bn_bytes);
  g_test_add_func ("/bayes-net/bad-input", test_bn_bad_input);
  g_test_add_func ("/bayes-net/large", test_bn_large);

  return g_test_run ();
}
