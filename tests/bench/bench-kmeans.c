/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "seg-kmeans.h"
#include "seg-quality.h"

/* k-means and silhouette against scikit-learn on the same generated data
 * in the same run, both limited to two threads. scikit-learn runs from
 * Debian's python3-sklearn through /usr/bin/python3; without it the
 * benchmark is skipped. */

static const char *reference =
  "import sys, time, numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn.cluster import KMeans\n"
  "from sklearn.metrics import silhouette_score\n"
  "path, n, d, k, what = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]\n"
  "x = np.fromfile(path, dtype=np.float64).reshape(n, d)\n"
  "with threadpool_limits(2):\n"
  "    if what == 'kmeans':\n"
  "        t = time.perf_counter()\n"
  "        m = KMeans(n_clusters=k, n_init=1, init='k-means++', algorithm='lloyd', random_state=0).fit(x)\n"
  "        print(time.perf_counter() - t, m.inertia_, m.n_iter_)\n"
  "    else:\n"
  "        labels = np.fromfile(path + '.labels', dtype=np.int32)\n"
  "        t = time.perf_counter()\n"
  "        s = silhouette_score(x, labels)\n"
  "        print(time.perf_counter() - t, s, 0)\n";

/* Blobs around k random centres, from a fixed seed. */
static double *
make_data (gsize    n,
           gsize    d,
           gsize    k,
           guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree double *centres = g_new (double, k * d);
  double *x = g_new (double, n * d);

  for (gsize i = 0; i < k * d; i++)
    centres[i] = g_rand_double_range (rand, -10, 10);
  for (gsize i = 0; i < n; i++)
    {
      gsize c = g_rand_int_range (rand, 0, k);

      for (gsize j = 0; j < d; j++)
        {
          /* Box-Muller: normal noise of spread 2. */
          double u = g_rand_double (rand) + 1e-12, v = g_rand_double (rand);

          x[i * d + j] = centres[c * d + j] + 2.0 * sqrt (-2 * log (u)) * cos (2 * G_PI * v);
        }
    }

  return x;
}

static gboolean
run_reference (const char *script,
               const char *data,
               gsize       n,
               gsize       d,
               gsize       k,
               const char *what,
               double      out[3])
{
  g_autofree char *n_text = g_strdup_printf ("%" G_GSIZE_FORMAT, n);
  g_autofree char *d_text = g_strdup_printf ("%" G_GSIZE_FORMAT, d);
  g_autofree char *k_text = g_strdup_printf ("%" G_GSIZE_FORMAT, k);
  const char *argv[] = { "/usr/bin/python3", script, data, n_text, d_text, k_text, what, NULL };
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &output, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;

  return sscanf (output, "%lf %lf %lf", &out[0], &out[1], &out[2]) == 3;
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("segmenta-bench-kmeans-XXXXXX", NULL);
  g_autofree char *script = g_build_filename (dir, "reference.py", NULL);
  static const struct { gsize n, d, k; } sizes[] = { { 1000000, 8, 8 }, { 100000, 20, 20 } };
  gboolean have_reference;

  g_file_set_contents (script, reference, -1, NULL);
  {
    const char *probe[] = { "/usr/bin/python3", "-c", "import sklearn, threadpoolctl", NULL };
    int status = 1;

    have_reference = g_spawn_sync (NULL, (char **)probe, NULL, G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL) &&
                     g_spawn_check_wait_status (status, NULL);
  }
  if (!have_reference)
    {
      printf ("skipped: scikit-learn not found (apt-get install python3-sklearn)\n");
      return 77;
    }

  printf ("k-means, one k-means++ start, to convergence (tol 1e-4), 2 threads for the reference\n");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gsize n = sizes[s].n, d = sizes[s].d, k = sizes[s].k;
      g_autofree double *x = make_data (n, d, k, 1000 + s);
      g_autofree double *centers = g_new (double, k * d);
      g_autofree int32_t *labels = g_new (int32_t, n);
      g_autofree char *data = g_build_filename (dir, "x.f64", NULL);
      SegKmeansOptions options = { .k = k, .n_init = 1, .max_iter = 300, .tol = 1e-4, .seed = 1 };
      double ours_inertia = 0, ref[3], t;
      int n_iter = 0;

      g_file_set_contents (data, (const char *)x, n * d * sizeof (double), NULL);
      t = now ();
      seg_kmeans (x, n, d, &options, centers, labels, &ours_inertia, &n_iter);
      t = now () - t;
      if (!run_reference (script, data, n, d, k, "kmeans", ref))
        {
          printf ("the reference failed to run\n");
          return 1;
        }
      printf ("  %7zu x %2zu, k = %2zu: Segmenta %.3f s (%d iterations), scikit-learn %.3f s (%d), "
              "ratio %.2f (target <= 0.5); inertia ratio %.5f\n",
              n, d, k, t, n_iter, ref[0], (int) ref[2], t / ref[0], ours_inertia / ref[1]);
      printf ("bench-kmeans: n=%zu d=%zu k=%zu ratio=%.2f inertia_ratio=%.5f\n",
              n, d, k, t / ref[0], ours_inertia / ref[1]);
      g_remove (data);
    }

  {
    gsize n = 20000, d = 8, k = 8;
    g_autofree double *x = make_data (n, d, k, 77);
    g_autofree int32_t *labels = g_new (int32_t, n);
    g_autofree char *data = g_build_filename (dir, "s.f64", NULL);
    g_autofree char *label_path = g_strconcat (data, ".labels", NULL);
    double ours, ref[3], t;

    for (gsize i = 0; i < n; i++)
      labels[i] = (int32_t) (i % k);
    /* Labels from the nearest generating blob would be better; any fixed
     * labels time the same. */
    g_file_set_contents (data, (const char *)x, n * d * sizeof (double), NULL);
    g_file_set_contents (label_path, (const char *)labels, n * sizeof (int32_t), NULL);
    t = now ();
    ours = seg_silhouette (x, n, d, labels, k, NULL);
    t = now () - t;
    if (!run_reference (script, data, n, d, k, "silhouette", ref))
      return 1;
    printf ("exact silhouette, %zu points: Segmenta %.3f s, scikit-learn %.3f s, ratio %.2f (target <= 0.5); "
            "values %.12f / %.12f\n", n, t, ref[0], t / ref[0], ours, ref[1]);
    printf ("bench-silhouette: n=%zu ratio=%.2f\n", n, t / ref[0]);
    g_remove (data);
    g_remove (label_path);
  }

  g_remove (script);
  g_rmdir (dir);
  return 0;
}
