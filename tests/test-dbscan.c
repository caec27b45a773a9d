/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "seg-dbscan.h"

/* Golden test: core points, noise and labels identical to scikit-learn's
 * DBSCAN on three data sets (tests/data/dbscan-golden.txt, written by
 * make-golden-dbscan.py), in 2, 3 and 5 dimensions. */

static void
test_sklearn_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "dbscan-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint cases = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);

  for (guint line = 0; lines[line] != NULL; line++)
    {
      char name[32];
      gsize n, d, min_points, n_clusters = 0, expected_clusters = 0;
      double eps;
      g_autofree double *x = NULL;
      g_autofree int32_t *labels = NULL;
      g_autofree uint8_t *core = NULL;
      g_auto(GStrv) want_labels = NULL;
      g_auto(GStrv) want_core = NULL;
      g_auto(GStrv) want_kdist = NULL;
      g_autofree double *kdist = NULL;
      char eps_text[64];

      if (!g_str_has_prefix (lines[line], "case "))
        continue;
      g_assert_cmpint (sscanf (lines[line], "case %31s %zu %zu %63s %zu", name, &n, &d, eps_text, &min_points), ==, 5);
      eps = g_ascii_strtod (eps_text, NULL);
      x = g_new (double, n * d);
      for (gsize i = 0; i < n; i++)
        {
          g_auto(GStrv) w = g_strsplit (lines[++line], " ", -1);

          for (gsize j = 0; j < d; j++)
            x[i * d + j] = g_ascii_strtod (w[j], NULL);
        }
      want_labels = g_strsplit (lines[++line], " ", -1);
      want_core = g_strsplit (lines[++line], " ", -1);
      want_kdist = g_strsplit (lines[++line], " ", -1);
      g_assert_cmpstr (want_kdist[0], ==, "kdist");

      labels = g_new (int32_t, n);
      core = g_new (uint8_t, n);
      g_test_message ("case %s", name);
      g_assert_cmpint (seg_dbscan (x, n, d, eps, min_points, labels, core, &n_clusters, NULL), ==, 0);
      for (gsize i = 0; i < n; i++)
        {
          int label = atoi (want_labels[i]);

          g_assert_cmpint (core[i], ==, atoi (want_core[i]));
          g_assert_cmpint (labels[i], ==, label);
          expected_clusters = MAX (expected_clusters, (gsize) (label + 1));
        }
      g_assert_cmpuint (n_clusters, ==, expected_clusters);

      kdist = g_new (double, n);
      g_assert_cmpint (seg_k_distance (x, n, d, min_points, kdist, NULL), ==, 0);
      for (gsize i = 0; i < n; i++)
        g_assert_cmpfloat_with_epsilon (kdist[i], g_ascii_strtod (want_kdist[i + 1], NULL), 1e-9);
      cases++;
    }

  g_assert_cmpuint (cases, ==, 3);
}

/* Many equal coordinates, checked against a brute-force search. */
static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
test_k_distance_ties_and_knee (void)
{
  gsize n = 400, d = 2, k = 7;
  g_autofree double *x = g_new (double, n * d);
  g_autofree double *kdist = g_new (double, n);
  g_autofree double *all = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  double curve[] = { 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.2, 0.6, 1.5, 4.0 };

  for (gsize i = 0; i < n * d; i++)
    x[i] = g_rand_int_range (rand, 0, 8);
  g_assert_cmpint (seg_k_distance (x, n, d, k, kdist, NULL), ==, 0);
  for (gsize i = 0; i < n; i++)
    {
      for (gsize j = 0; j < n; j++)
        all[j] = sqrt ((x[i * 2] - x[j * 2]) * (x[i * 2] - x[j * 2]) +
                       (x[i * 2 + 1] - x[j * 2 + 1]) * (x[i * 2 + 1] - x[j * 2 + 1]));
      qsort (all, n, sizeof (double), compare_doubles);
      g_assert_cmpfloat (kdist[i], ==, all[k - 1]);
    }

  g_assert_cmpint (seg_k_distance (x, n, d, 0, kdist, NULL), ==, -2);
  g_assert_cmpuint (seg_knee (curve, G_N_ELEMENTS (curve)), ==, 7);
}

static void
test_cancel (void)
{
  double x[2] = { 0, 0 };
  int32_t labels[1];
  size_t n_clusters;
  volatile int cancel = 1;
  SegMonitor monitor = { .cancel = &cancel };

  g_assert_cmpint (seg_dbscan (x, 1, 2, 1.0, 1, labels, NULL, &n_clusters, &monitor), ==, -1);
  cancel = 0;
  g_assert_cmpint (seg_dbscan (x, 1, 2, 1.0, 1, labels, NULL, &n_clusters, &monitor), ==, 0);
  g_assert_cmpint (labels[0], ==, 0);
  g_assert_cmpint (seg_dbscan (x, 1, 2, 1.0, 2, labels, NULL, &n_clusters, NULL), ==, 0);
  g_assert_cmpint (labels[0], ==, SEG_DBSCAN_NOISE);
  g_assert_cmpuint (n_clusters, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dbscan/sklearn-golden", test_sklearn_golden);
  g_test_add_func ("/dbscan/k-distance-ties-and-knee", test_k_distance_ties_and_knee);
  g_test_add_func ("/dbscan/cancel", test_cancel);

  return g_test_run ();
}
