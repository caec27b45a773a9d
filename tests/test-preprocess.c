/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "seg-preprocess.h"

/* Golden test against scikit-learn's StandardScaler, RobustScaler,
 * MinMaxScaler and SimpleImputer (tests/data/preprocess-golden.txt, by
 * make-golden-preprocess.py): every value within 1e-12 of scale. */

typedef struct
{
  gsize   n, d;
  double *x;
} Block;

static void
block_free (Block *block)
{
  g_free (block->x);
  g_free (block);
}

static GHashTable *
load_blocks (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "preprocess-golden.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)block_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint line = 1; lines[line] != NULL && lines[line][0] != '\0'; )
    {
      char name[32];
      Block *block = g_new0 (Block, 1);

      g_assert_cmpint (sscanf (lines[line++], "%31s %zu %zu", name, &block->n, &block->d), ==, 3);
      block->x = g_new (double, block->n * block->d);
      for (gsize i = 0; i < block->n; i++)
        {
          g_auto(GStrv) w = g_strsplit (lines[line++], " ", -1);

          for (gsize j = 0; j < block->d; j++)
            block->x[i * block->d + j] = g_ascii_strtod (w[j], NULL);
        }
      g_hash_table_insert (blocks, g_strdup (name), block);
    }

  return blocks;
}

static void
assert_close (const Block  *want,
              const double *got)
{
  for (gsize i = 0; i < want->n * want->d; i++)
    g_assert_cmpfloat_with_epsilon (got[i], want->x[i], 1e-12 * fmax (1.0, fabs (want->x[i])));
}

static void
test_scalers (void)
{
  g_autoptr(GHashTable) blocks = load_blocks ();
  Block *input = g_hash_table_lookup (blocks, "input");
  static const struct { const char *name; SegScale method; } scalers[] = {
    { "standard", SEG_SCALE_STANDARD },
    { "robust", SEG_SCALE_ROBUST },
    { "minmax", SEG_SCALE_MINMAX },
  };

  for (guint s = 0; s < G_N_ELEMENTS (scalers); s++)
    {
      g_autofree double *x = g_memdup2 (input->x, input->n * input->d * sizeof (double));
      SegScaleParams params[4];

      g_test_message ("%s", scalers[s].name);
      seg_scale_fit (x, input->n, input->d, scalers[s].method, params);
      seg_scale_apply (x, input->n, input->d, params);
      assert_close (g_hash_table_lookup (blocks, scalers[s].name), x);
      /* The constant column keeps scale 1 instead of dividing by 0. */
      g_assert_cmpfloat (params[3].scale, ==, 1.0);
    }
}

static void
test_imputers (void)
{
  g_autoptr(GHashTable) blocks = load_blocks ();
  Block *gaps = g_hash_table_lookup (blocks, "gaps");
  g_autofree double *mean = g_memdup2 (gaps->x, gaps->n * gaps->d * sizeof (double));
  g_autofree double *median = g_memdup2 (gaps->x, gaps->n * gaps->d * sizeof (double));
  g_autofree double *drop = g_memdup2 (gaps->x, gaps->n * gaps->d * sizeof (double));
  double fill[4];
  gsize complete = 0;

  g_assert_cmpuint (seg_impute (mean, gaps->n, gaps->d, SEG_IMPUTE_MEAN, fill), ==, gaps->n);
  assert_close (g_hash_table_lookup (blocks, "mean"), mean);
  g_assert_cmpuint (seg_impute (median, gaps->n, gaps->d, SEG_IMPUTE_MEDIAN, fill), ==, gaps->n);
  assert_close (g_hash_table_lookup (blocks, "median"), median);

  for (gsize i = 0; i < gaps->n; i++)
    {
      gboolean full = TRUE;

      for (gsize j = 0; j < gaps->d; j++)
        full &= !isnan (gaps->x[i * gaps->d + j]);
      complete += full;
    }
  g_assert_cmpuint (seg_impute (drop, gaps->n, gaps->d, SEG_IMPUTE_DROP, NULL), ==, complete);
  for (gsize i = 0; i < complete * gaps->d; i++)
    g_assert_false (isnan (drop[i]));
}

static void
test_log1p (void)
{
  double x[] = { 0, 1, 9, 99, -0.5, 3 };
  double bad[] = { 1, -1 };

  g_assert_cmpint (seg_log1p_column (x, 3, 2, 1), ==, 0);
  g_assert_cmpfloat_with_epsilon (x[1], log (2), 1e-15);
  g_assert_cmpfloat_with_epsilon (x[3], log (100), 1e-15);
  g_assert_cmpfloat (x[2], ==, 9);
  g_assert_cmpint (seg_log1p_column (bad, 2, 1, 0), ==, -1);
  g_assert_cmpfloat (bad[0], ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preprocess/scalers-golden", test_scalers);
  g_test_add_func ("/preprocess/imputers-golden", test_imputers);
  g_test_add_func ("/preprocess/log1p", test_log1p);

  return g_test_run ();
}
