/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seg-hierarchy.h"

/* Golden tests against SciPy's linkage (tests/data/linkage-golden.txt,
 * written by make-golden-linkage.py): the same merges at the same heights
 * within 1e-9, and the same k-cuts as fcluster (maxclust). */

static const char *methods[] = { "ward", "average", "complete", "single" };

/* Two labelings are the same partition when a one-to-one map links them. */
static gboolean
same_partition (const int32_t *a,
                const int    *b,
                gsize          n)
{
  g_autoptr(GHashTable) forward = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) backward = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; i < n; i++)
    {
      gpointer ka = GINT_TO_POINTER (a[i] + 1);
      gpointer kb = GINT_TO_POINTER (b[i]);
      gpointer fa = g_hash_table_lookup (forward, ka);
      gpointer fb = g_hash_table_lookup (backward, kb);

      if ((fa != NULL && fa != kb) || (fb != NULL && fb != ka))
        return FALSE;
      g_hash_table_insert (forward, ka, kb);
      g_hash_table_insert (backward, kb, ka);
    }

  return TRUE;
}

static void
test_scipy_golden (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "linkage-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree double *x = NULL;
  guint line = 1;
  gsize n, d;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);

  g_assert_true (sscanf (lines[line++], "points %zu %zu", &n, &d) == 2);
  x = g_new (double, n * d);
  for (gsize i = 0; i < n; i++, line++)
    {
      g_auto(GStrv) w = g_strsplit (lines[line], " ", -1);

      for (gsize j = 0; j < d; j++)
        x[i * d + j] = g_ascii_strtod (w[j], NULL);
    }

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree SegMerge *merges = g_new (SegMerge, n - 1);
      g_autofree int32_t *labels = g_new (int32_t, n);

      g_test_message ("linkage %s", methods[m]);
      g_assert_cmpstr (lines[line++] + strlen ("method "), ==, methods[m]);
      g_assert_cmpint (seg_hierarchy_build (x, n, d, (SegLinkage) m, merges, NULL), ==, 0);

      for (gsize i = 0; i < n - 1; i++, line++)
        {
          g_auto(GStrv) w = g_strsplit (lines[line], " ", -1);

          g_assert_cmpint (merges[i].a, ==, g_ascii_strtoll (w[0], NULL, 10));
          g_assert_cmpint (merges[i].b, ==, g_ascii_strtoll (w[1], NULL, 10));
          g_assert_cmpfloat_with_epsilon (merges[i].height, g_ascii_strtod (w[2], NULL), 1e-9);
          g_assert_cmpint (merges[i].size, ==, g_ascii_strtoll (w[3], NULL, 10));
        }

      while (lines[line] != NULL && g_str_has_prefix (lines[line], "cut "))
        {
          g_auto(GStrv) w = g_strsplit (lines[line++], " ", -1);
          gsize k = atoi (w[1]);
          g_autofree int *expected = g_new (int, n);

          for (gsize i = 0; i < n; i++)
            expected[i] = atoi (w[i + 2]);
          seg_hierarchy_cut (merges, n, k, labels);
          g_assert_true (same_partition (labels, expected, n));
        }
    }
}

static void
test_memory_guard (void)
{
  double point[2] = { 0, 0 };
  SegMerge merge;
  size_t too_many = 40000;

  /* 40,000 points need 6.4 GB of distances: refused before allocating. */
  g_assert_cmpuint (seg_hierarchy_bytes (too_many), >, SEG_HIERARCHY_MAX_BYTES);
  g_assert_cmpint (seg_hierarchy_build (point, too_many, 0, SEG_LINKAGE_WARD, &merge, NULL), ==, -2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hierarchy/scipy-golden", test_scipy_golden);
  g_test_add_func ("/hierarchy/memory-guard", test_memory_guard);

  return g_test_run ();
}
