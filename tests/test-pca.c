/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>

#include "seg-pca.h"

/* Golden test: explained variance and its ratio equal scikit-learn's
 * within 1e-9, and the axes agree up to sign (tests/data/pca-golden.txt,
 * written by make-golden-pca.py). */

static void
test_sklearn_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "pca-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree double *x = NULL;
  double variance[5], ratio[5], components[25], projected_sum = 0;
  g_autofree double *projected = NULL;
  gsize n, d;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (sscanf (lines[line++], "points %zu %zu", &n, &d), ==, 2);
  g_assert_cmpuint (d, ==, 5);
  x = g_new (double, n * d);
  for (gsize i = 0; i < n; i++, line++)
    {
      g_auto(GStrv) w = g_strsplit (lines[line], " ", -1);

      for (gsize j = 0; j < d; j++)
        x[i * d + j] = g_ascii_strtod (w[j], NULL);
    }

  projected = g_new (double, n * 2);
  g_assert_cmpint (seg_pca (x, n, d, 5, components, variance, ratio, NULL), ==, 0);
  g_assert_cmpint (seg_pca (x, n, d, 2, NULL, NULL, NULL, projected), ==, 0);

  {
    g_auto(GStrv) v = g_strsplit (lines[line++], " ", -1);
    g_auto(GStrv) r = g_strsplit (lines[line++], " ", -1);

    for (gsize c = 0; c < d; c++)
      {
        g_assert_cmpfloat_with_epsilon (variance[c] / g_ascii_strtod (v[c + 1], NULL), 1.0, 1e-9);
        g_assert_cmpfloat_with_epsilon (ratio[c], g_ascii_strtod (r[c + 1], NULL), 1e-9);
      }
  }

  for (gsize c = 0; c < d; c++, line++)
    {
      g_auto(GStrv) w = g_strsplit (lines[line], " ", -1);
      double dot = 0;

      for (gsize j = 0; j < d; j++)
        dot += components[c * d + j] * g_ascii_strtod (w[j + 1], NULL);
      g_assert_cmpfloat_with_epsilon (fabs (dot), 1.0, 1e-9);
    }

  /* Coordinates are centred, and their variance is the first axis's. */
  for (gsize i = 0; i < n; i++)
    projected_sum += projected[i * 2];
  g_assert_cmpfloat_with_epsilon (projected_sum / n, 0.0, 1e-9);
  {
    double var = 0;

    for (gsize i = 0; i < n; i++)
      var += projected[i * 2] * projected[i * 2] / (n - 1);
    g_assert_cmpfloat_with_epsilon (var / variance[0], 1.0, 1e-9);
  }
}

static void
test_bad_arguments (void)
{
  double x[4] = { 1, 2, 3, 4 };
  double variance[3];

  g_assert_cmpint (seg_pca (x, 1, 2, 1, NULL, variance, NULL, NULL), ==, -1);
  g_assert_cmpint (seg_pca (x, 2, 2, 3, NULL, variance, NULL, NULL), ==, -1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pca/sklearn-golden", test_sklearn_golden);
  g_test_add_func ("/pca/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
