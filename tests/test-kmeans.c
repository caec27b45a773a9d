/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-kmeans.h"
#include "seg-quality.h"

/* Golden tests: Segmenta's Lloyd iterations and cluster measures against
 * scikit-learn's numbers for the same data and starting centres, stored
 * in tests/data/kmeans-golden.txt by make-golden-kmeans.py. */

typedef struct
{
  char    *name;
  gsize    n, d, k;
  double   tol;
  double  *x;
  double  *init;
  int      n_iter;
  double   inertia;
  int32_t *labels;
  double  *centers;
  double   silhouette, calinski_harabasz, davies_bouldin;
} Case;

static void
case_free (Case *c)
{
  g_free (c->name);
  g_free (c->x);
  g_free (c->init);
  g_free (c->labels);
  g_free (c->centers);
  g_free (c);
}

static double
next_double (char ***tokens)
{
  g_assert_nonnull (**tokens);
  return g_ascii_strtod (*(*tokens)++, NULL);
}

static GPtrArray *
load_cases (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "kmeans-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify)case_free);
  char **w;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Drop the comment line, then read whitespace-separated tokens. */
  words = g_regex_split_simple ("\\s+", strchr (text, '\n') + 1, 0, 0);
  w = words;

  while (*w != NULL && g_str_equal (*w, "case"))
    {
      Case *c = g_new0 (Case, 1);

      w++;
      c->name = g_strdup (*w++);
      c->n = (gsize) next_double (&w);
      c->d = (gsize) next_double (&w);
      c->k = (gsize) next_double (&w);
      c->tol = next_double (&w);
      c->x = g_new (double, c->n * c->d);
      for (gsize i = 0; i < c->n * c->d; i++)
        c->x[i] = next_double (&w);
      c->init = g_new (double, c->k * c->d);
      for (gsize i = 0; i < c->k * c->d; i++)
        c->init[i] = next_double (&w);
      c->n_iter = (int) next_double (&w);
      c->inertia = next_double (&w);
      c->labels = g_new (int32_t, c->n);
      for (gsize i = 0; i < c->n; i++)
        c->labels[i] = (int32_t) next_double (&w);
      c->centers = g_new (double, c->k * c->d);
      for (gsize i = 0; i < c->k * c->d; i++)
        c->centers[i] = next_double (&w);
      c->silhouette = next_double (&w);
      c->calinski_harabasz = next_double (&w);
      c->davies_bouldin = next_double (&w);
      g_ptr_array_add (cases, c);

      while (*w != NULL && **w == '\0')
        w++;
      if (*w != NULL && g_str_equal (*w, "restarts"))
        break;
    }

  g_assert_cmpuint (cases->len, ==, 2);
  return cases;
}

typedef struct
{
  char   name[32];
  int    k;
  int    n_init;
  double inertia;
} Restarts;

static GArray *
load_restarts (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "kmeans-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *restarts = g_array_new (FALSE, TRUE, sizeof (Restarts));

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) w = NULL;
      Restarts r = { { 0 } };

      if (!g_str_has_prefix (lines[i], "restarts "))
        continue;
      w = g_strsplit (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (w), ==, 5);
      g_strlcpy (r.name, w[1], sizeof r.name);
      r.k = atoi (w[2]);
      r.n_init = atoi (w[3]);
      r.inertia = g_ascii_strtod (w[4], NULL);
      g_array_append_val (restarts, r);
    }

  g_assert_cmpuint (restarts->len, ==, 4);
  return restarts;
}

typedef int (*IterateFunc) (const double *, size_t, size_t, size_t, double *, int32_t *,
                            int, double, int *, double *, const volatile int *);

static void
check_iterations (IterateFunc iterate)
{
  g_autoptr(GPtrArray) cases = load_cases ();

  for (guint t = 0; t < cases->len; t++)
    {
      Case *c = g_ptr_array_index (cases, t);
      g_autofree double *centers = g_memdup2 (c->init, c->k * c->d * sizeof (double));
      g_autofree int32_t *labels = g_new (int32_t, c->n);
      double tol = seg_kmeans_scaled_tolerance (c->x, c->n, c->d, c->tol);
      double inertia = 0;
      int n_iter = 0;

      g_test_message ("case %s", c->name);
      g_assert_cmpint (iterate (c->x, c->n, c->d, c->k, centers, labels, 300, tol,
                                &n_iter, &inertia, NULL), ==, 0);
      g_assert_cmpint (n_iter, ==, c->n_iter);
      for (gsize i = 0; i < c->n; i++)
        g_assert_cmpint (labels[i], ==, c->labels[i]);
      for (gsize i = 0; i < c->k * c->d; i++)
        g_assert_cmpfloat_with_epsilon (centers[i], c->centers[i], 1e-9);
      g_assert_cmpfloat_with_epsilon (inertia / c->inertia, 1.0, 1e-9);
    }
}

static void
test_lloyd (void)
{
  check_iterations (seg_kmeans_lloyd);
}

/* Hamerly's bounds change how much is measured, not the result. */
static void
test_hamerly (void)
{
  check_iterations (seg_kmeans_hamerly);
}

static void
test_quality (void)
{
  g_autoptr(GPtrArray) cases = load_cases ();

  for (guint t = 0; t < cases->len; t++)
    {
      Case *c = g_ptr_array_index (cases, t);
      g_autofree double *per_point = g_new (double, c->n);
      double s = seg_silhouette (c->x, c->n, c->d, c->labels, c->k, per_point);
      double mean = 0;

      g_test_message ("case %s", c->name);
      g_assert_cmpfloat_with_epsilon (s, c->silhouette, 1e-9);
      for (gsize i = 0; i < c->n; i++)
        mean += per_point[i] / c->n;
      g_assert_cmpfloat_with_epsilon (mean, s, 1e-12);
      g_assert_cmpfloat_with_epsilon (seg_calinski_harabasz (c->x, c->n, c->d, c->labels, c->k) / c->calinski_harabasz,
                                      1.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (seg_davies_bouldin (c->x, c->n, c->d, c->labels, c->k),
                                      c->davies_bouldin, 1e-9);
    }
}

/* Greedy k-means++ with as many restarts as scikit-learn reaches its
 * inertia within 0.1%; the labels come numbered by cluster size. */
static void
test_plusplus_restarts (void)
{
  g_autoptr(GPtrArray) cases = load_cases ();
  g_autoptr(GArray) restarts = load_restarts ();

  for (guint r = 0; r < restarts->len; r++)
    {
      Restarts *want = &g_array_index (restarts, Restarts, r);
      Case *c = NULL;
      SegKmeansOptions options = { .k = want->k, .n_init = want->n_init, .max_iter = 300, .tol = 1e-4, .seed = 42 };
      g_autofree double *centers = NULL;
      g_autofree int32_t *labels = NULL;
      g_autofree double *sizes = NULL;
      double inertia = 0;
      int n_iter = 0;

      for (guint t = 0; t < cases->len; t++)
        if (g_str_equal (((Case *)g_ptr_array_index (cases, t))->name, want->name))
          c = g_ptr_array_index (cases, t);
      g_assert_nonnull (c);

      centers = g_new (double, want->k * c->d);
      labels = g_new (int32_t, c->n);
      sizes = g_new0 (double, want->k);
      g_assert_cmpint (seg_kmeans (c->x, c->n, c->d, &options, centers, labels, &inertia, &n_iter), ==, 0);
      g_test_message ("%s k=%d: inertia %.6f, scikit-learn %.6f (ratio %.6f)",
                      want->name, want->k, inertia, want->inertia, inertia / want->inertia);
      g_assert_cmpfloat (inertia, <=, want->inertia * 1.001);
      g_assert_cmpfloat_with_epsilon (inertia / seg_inertia (c->x, c->n, c->d, centers, labels), 1.0, 1e-12);

      for (gsize i = 0; i < c->n; i++)
        sizes[labels[i]] += 1;
      for (int k = 1; k < want->k; k++)
        g_assert_cmpfloat (sizes[k - 1], >=, sizes[k]);
    }
}

/* Mini-batch k-means lands close to the full algorithm on clusters it
 * can see, and the same seed gives the same result. */
static void
test_minibatch (void)
{
  g_autoptr(GPtrArray) cases = load_cases ();
  g_autoptr(GArray) restarts = load_restarts ();

  for (guint r = 0; r < restarts->len; r++)
    {
      Restarts *want = &g_array_index (restarts, Restarts, r);
      Case *c = NULL;
      SegMiniBatchOptions options = { .k = want->k, .batch_size = 100, .max_epochs = 100, .n_init = 3, .seed = 7 };
      g_autofree double *centers = NULL;
      g_autofree double *again_centers = NULL;
      g_autofree int32_t *labels = NULL;
      g_autofree int32_t *again = NULL;
      double inertia = 0, again_inertia = 0;
      int steps = 0;

      for (guint t = 0; t < cases->len; t++)
        if (g_str_equal (((Case *)g_ptr_array_index (cases, t))->name, want->name))
          c = g_ptr_array_index (cases, t);
      g_assert_nonnull (c);

      centers = g_new (double, want->k * c->d);
      again_centers = g_new (double, want->k * c->d);
      labels = g_new (int32_t, c->n);
      again = g_new (int32_t, c->n);
      g_assert_cmpint (seg_minibatch_kmeans (c->x, c->n, c->d, &options, centers, labels, &inertia, &steps), ==, 0);
      g_assert_cmpint (seg_minibatch_kmeans (c->x, c->n, c->d, &options, again_centers, again, &again_inertia, &steps), ==, 0);
      g_test_message ("%s k=%d: mini-batch inertia %.3f, full best-of-10 %.3f (ratio %.4f), %d batches",
                      want->name, want->k, inertia, want->inertia, inertia / want->inertia, steps);
      g_assert_cmpfloat (inertia, <=, want->inertia * 1.02);
      g_assert_cmpfloat (inertia, ==, again_inertia);
      g_assert_cmpmem (labels, c->n * sizeof (int32_t), again, c->n * sizeof (int32_t));
    }
}

static void
test_cancel_and_empty_cluster (void)
{
  /* Two points, three centres: one cluster would be empty and takes the
   * point farthest from its centre instead. */
  double x[] = { 0, 0, 0, 1, 10, 10 };
  double centers[] = { 0, 0.5, 10, 10, 100, 100 };
  int32_t labels[3];
  double inertia = -1;
  int n_iter = 0;
  volatile int cancel = 1;

  g_assert_cmpint (seg_kmeans_lloyd (x, 3, 2, 3, centers, labels, 300, 0, &n_iter, &inertia, &cancel), ==, -1);

  cancel = 0;
  g_assert_cmpint (seg_kmeans_lloyd (x, 3, 2, 3, centers, labels, 300, 0, &n_iter, &inertia, &cancel), ==, 0);
  g_assert_cmpint (labels[0] != labels[1], ==, TRUE);
  g_assert_cmpint (labels[2] != labels[0] && labels[2] != labels[1], ==, TRUE);
  g_assert_cmpfloat_with_epsilon (inertia, 0.0, 1e-12);
}

static double
squared_gap (const double *a,
             const double *b,
             size_t        d)
{
  double sum = 0;

  for (size_t j = 0; j < d; j++)
    sum += (a[j] - b[j]) * (a[j] - b[j]);
  return sum;
}

/* Greedy k-means++ written plainly: every distance measured, one scan
 * for each draw. */
static void
plain_plusplus (const double *x,
                size_t        n,
                size_t        d,
                size_t        k,
                SegRng       *rng,
                double       *centers)
{
  size_t trials = 2 + (size_t) log ((double) k);
  g_autofree double *closest = g_new (double, n);
  g_autofree size_t *picked = g_new (size_t, trials);
  double potential = 0;

  memcpy (centers, x + (size_t) (seg_rng_uniform (rng) * n) * d, d * sizeof (double));
  for (size_t i = 0; i < n; i++)
    potential += closest[i] = squared_gap (x + i * d, centers, d);
  for (size_t c = 1; c < k; c++)
    {
      double best_potential = INFINITY;
      size_t best = 0;

      for (size_t t = 0; t < trials; t++)
        {
          double target = seg_rng_uniform (rng) * potential, sum = 0;

          picked[t] = 0;
          for (size_t i = 0; i < n; i++)
            {
              if (!(closest[i] > 0))
                continue;
              picked[t] = i;
              sum += closest[i];
              if (sum > target)
                break;
            }
        }
      for (size_t t = 0; t < trials; t++)
        {
          double sum = 0;

          for (size_t i = 0; i < n; i++)
            sum += MIN (closest[i], squared_gap (x + i * d, x + picked[t] * d, d));
          if (sum < best_potential)
            {
              best_potential = sum;
              best = t;
            }
        }
      memcpy (centers + c * d, x + picked[best] * d, d * sizeof (double));
      potential = 0;
      for (size_t i = 0; i < n; i++)
        potential += closest[i] = MIN (closest[i], squared_gap (x + i * d, centers + c * d, d));
    }
}

/* The seeding, chunked, packed and run on both cores, chooses the very
 * centres the plain algorithm does: on blobs far apart, on points spread
 * evenly, and on a few values repeated many times (distances of 0,
 * candidates at equal places). */
static void
test_plusplus_plain (void)
{
  for (int shape = 0; shape < 3; shape++)
    for (guint64 seed = 1; seed <= 5; seed++)
      {
        size_t n = shape == 0 ? 6000 : shape == 1 ? 3000 : 900, d = shape == 2 ? 2 : 5;
        size_t k = shape == 0 ? 8 : shape == 1 ? 12 : 6;
        g_autofree double *x = g_new (double, n * d);
        g_autofree double *fast = g_new (double, k * d);
        g_autofree double *plain = g_new (double, k * d);
        GRand *rand = g_rand_new_with_seed ((guint32) (seed * 7 + shape));
        SegRng a, b;

        for (size_t i = 0; i < n; i++)
          for (size_t j = 0; j < d; j++)
            x[i * d + j] = shape == 0 ? (double) ((i % 8) * 40 + j * (i % 3)) + g_rand_double_range (rand, -3, 3)
                           : shape == 1 ? g_rand_double_range (rand, -1, 1)
                           : (double) (g_rand_int_range (rand, 0, 4) * 10);
        g_rand_free (rand);

        seg_rng_init (&a, seed);
        seg_rng_init (&b, seed);
        seg_kmeans_plusplus (x, n, d, k, &a, fast);
        plain_plusplus (x, n, d, k, &b, plain);
        g_assert_cmpmem (fast, k * d * sizeof (double), plain, k * d * sizeof (double));
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kmeans/lloyd-golden", test_lloyd);
  g_test_add_func ("/kmeans/hamerly-golden", test_hamerly);
  g_test_add_func ("/kmeans/quality-golden", test_quality);
  g_test_add_func ("/kmeans/plusplus-restarts", test_plusplus_restarts);
  g_test_add_func ("/kmeans/plusplus-plain", test_plusplus_plain);
  g_test_add_func ("/kmeans/minibatch", test_minibatch);
  g_test_add_func ("/kmeans/cancel-and-empty-cluster", test_cancel_and_empty_cluster);

  return g_test_run ();
}
