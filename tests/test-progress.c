/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "seg-dbscan.h"
#include "seg-hierarchy.h"
#include "seg-kmeans.h"

/* Every long kernel reports how far it is, in order and one report at a
 * time, and stops cleanly when asked, whether by the cancel flag or by
 * its progress function. */

typedef struct
{
  gint          busy;          /* a report is under way */
  GArray       *fractions;
  double        stop_after;    /* answer “stop” past this fraction */
  volatile int *cancel_after;  /* or set this flag past it */
  gboolean      overlapped;
} Watch;

static int
watch_progress (double  fraction,
                void   *data)
{
  Watch *watch = data;

  if (!g_atomic_int_compare_and_exchange (&watch->busy, 0, 1))
    watch->overlapped = TRUE;
  g_array_append_val (watch->fractions, fraction);
  g_atomic_int_set (&watch->busy, 0);
  if (fraction > watch->stop_after)
    {
      if (watch->cancel_after == NULL)
        return 0;
      *watch->cancel_after = 1;
    }
  return 1;
}

static void
watch_init (Watch      *watch,
            SegMonitor *monitor,
            double      stop_after)
{
  *watch = (Watch) {
    .fractions = g_array_new (FALSE, FALSE, sizeof (double)),
    .stop_after = stop_after,
  };
  *monitor = (SegMonitor) { .progress = watch_progress, .progress_data = watch };
}

/* The reports of a whole run: many, in [0, 1], never going back, and
 * ending at @at_least or beyond. */
static void
assert_whole_run (Watch  *watch,
                  double  at_least)
{
  double last = 0.0;

  g_assert_false (watch->overlapped);
  g_assert_cmpuint (watch->fractions->len, >=, 5);
  for (guint i = 0; i < watch->fractions->len; i++)
    {
      double f = g_array_index (watch->fractions, double, i);

      g_assert_cmpfloat (f, >=, last);
      g_assert_cmpfloat (f, <=, 1.0);
      last = f;
    }
  g_assert_cmpfloat (last, >=, at_least);
  g_array_unref (watch->fractions);
}

/* A run stopped past the middle: it did report past it, then ended. */
static void
assert_stopped (Watch *watch)
{
  double last = g_array_index (watch->fractions, double, watch->fractions->len - 1);

  g_assert_cmpfloat (last, >, watch->stop_after);
  g_assert_cmpfloat (last, <, 1.0);
  g_array_unref (watch->fractions);
}

static double *
random_points (gsize   n,
               gsize   d,
               guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double *x = g_new (double, n * d);

  for (gsize i = 0; i < n * d; i++)
    x[i] = g_rand_double_range (rand, -10, 10);
  return x;
}

static void
test_dbscan (void)
{
  const gsize n = 20000;
  g_autofree double *x = random_points (n, 2, 1);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autofree double *kdist = g_new (double, n);
  volatile int cancel = 0;
  SegMonitor monitor;
  size_t n_clusters;
  Watch watch;

  watch_init (&watch, &monitor, 2.0);
  g_assert_cmpint (seg_dbscan (x, n, 2, 0.1, 5, labels, NULL, &n_clusters, &monitor), ==, 0);
  assert_whole_run (&watch, 0.9);

  watch_init (&watch, &monitor, 0.5);
  g_assert_cmpint (seg_dbscan (x, n, 2, 0.1, 5, labels, NULL, &n_clusters, &monitor), ==, -1);
  assert_stopped (&watch);

  watch_init (&watch, &monitor, 0.5);
  watch.cancel_after = &cancel;
  monitor.cancel = &cancel;
  g_assert_cmpint (seg_dbscan (x, n, 2, 0.1, 5, labels, NULL, &n_clusters, &monitor), ==, -1);
  assert_stopped (&watch);

  watch_init (&watch, &monitor, 2.0);
  g_assert_cmpint (seg_k_distance (x, n, 2, 5, kdist, &monitor), ==, 0);
  assert_whole_run (&watch, 0.9);

  watch_init (&watch, &monitor, 0.5);
  g_assert_cmpint (seg_k_distance (x, n, 2, 5, kdist, &monitor), ==, -1);
  assert_stopped (&watch);
}

static void
test_hierarchy (void)
{
  const gsize n = 600;
  g_autofree double *x = random_points (n, 3, 2);
  g_autofree SegMerge *merges = g_new (SegMerge, n - 1);
  volatile int cancel = 0;
  SegMonitor monitor;
  Watch watch;

  for (int linkage = SEG_LINKAGE_WARD; linkage <= SEG_LINKAGE_SINGLE; linkage++)
    {
      watch_init (&watch, &monitor, 2.0);
      g_assert_cmpint (seg_hierarchy_build (x, n, 3, (SegLinkage) linkage, merges, &monitor), ==, 0);
      assert_whole_run (&watch, 0.9);
    }

  /* Past 0.5 is inside the merges, after the distances. */
  watch_init (&watch, &monitor, 0.5);
  g_assert_cmpint (seg_hierarchy_build (x, n, 3, SEG_LINKAGE_WARD, merges, &monitor), ==, -1);
  assert_stopped (&watch);

  watch_init (&watch, &monitor, 0.1);
  watch.cancel_after = &cancel;
  monitor.cancel = &cancel;
  g_assert_cmpint (seg_hierarchy_build (x, n, 3, SEG_LINKAGE_AVERAGE, merges, &monitor), ==, -1);
  assert_stopped (&watch);
}

static void
test_kmeans (void)
{
  const gsize n = 20000;
  g_autofree double *x = random_points (n, 4, 3);
  g_autofree double *centers = g_new (double, 5 * 4);
  g_autofree int32_t *labels = g_new (int32_t, n);
  SegKmeansOptions options = { .k = 5, .n_init = 4, .max_iter = 300, .tol = 1e-4, .seed = 9 };
  SegMiniBatchOptions batch = { .k = 5, .batch_size = 64, .max_epochs = 20, .n_init = 3, .seed = 9 };
  double inertia;
  int iterations;
  Watch watch;

  watch_init (&watch, &options.monitor, 2.0);
  g_assert_cmpint (seg_kmeans (x, n, 4, &options, centers, labels, &inertia, &iterations), ==, 0);
  g_assert_cmpfloat (g_array_index (watch.fractions, double, watch.fractions->len - 1), ==, 1.0);
  assert_whole_run (&watch, 0.9);

  watch_init (&watch, &options.monitor, 0.5);
  g_assert_cmpint (seg_kmeans (x, n, 4, &options, centers, labels, &inertia, &iterations), ==, -1);
  assert_stopped (&watch);

  /* Mini-batch runs stop early when they settle: each run's reports
   * start at its own share of the whole. */
  watch_init (&watch, &batch.monitor, 2.0);
  g_assert_cmpint (seg_minibatch_kmeans (x, n, 4, &batch, centers, labels, &inertia, &iterations), ==, 0);
  assert_whole_run (&watch, 2.0 / 3);

  watch_init (&watch, &batch.monitor, 0.5);
  g_assert_cmpint (seg_minibatch_kmeans (x, n, 4, &batch, centers, labels, &inertia, &iterations), ==, -1);
  assert_stopped (&watch);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/progress/dbscan-and-k-distance", test_dbscan);
  g_test_add_func ("/progress/hierarchy", test_hierarchy);
  g_test_add_func ("/progress/kmeans-and-minibatch", test_kmeans);

  return g_test_run ();
}
