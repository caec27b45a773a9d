/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"
#include "seg-dbscan.h"

/*
 * DBSCAN against scikit-learn: generates seeded blobs in uniform noise,
 * clusters them with seg_dbscan and with sklearn.cluster.DBSCAN (Debian's
 * python3-sklearn through /usr/bin/python3) several times, and reports
 * the median times, their ratio, both peak resident set sizes and
 * whether the labels agree.
 *
 * Usage: bench-dbscan [--points N] [--eps EPS] [--min-points N] [--runs N]
 */

/* The exit status that meson (and automake) read as “skipped”. */
#define EXIT_SKIPPED 77

/* Segmenta should take at most half scikit-learn's time. */
#define TARGET_RATIO 0.5

#define DEFAULT_POINTS 200000
#define DEFAULT_EPS 0.75
#define DEFAULT_MIN_POINTS 80
#define DEFAULT_RUNS 5
#define DIMS 2
#define N_BLOBS 10
#define NOISE_FRACTION 0.05
#define DATA_SEED 2024

/* Both limited to two threads: threadpoolctl for NumPy's BLAS, n_jobs
 * for the neighbour queries. The labels go to PATH.labels and the core
 * flags to PATH.core; the output line is the time of fit alone and the
 * peak RSS before it, so that the interpreter's share can be told
 * apart. */
static const char *reference =
  "import resource, sys, time, numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn.cluster import DBSCAN\n"
  "path, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
  "eps, min_samples = float(sys.argv[4]), int(sys.argv[5])\n"
  "x = np.fromfile(path, dtype=np.float64).reshape(n, d)\n"
  "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "with threadpool_limits(2):\n"
  "    t = time.perf_counter()\n"
  "    model = DBSCAN(eps=eps, min_samples=min_samples, n_jobs=2).fit(x)\n"
  "    t = time.perf_counter() - t\n"
  "model.labels_.astype(np.int32).tofile(path + '.labels')\n"
  "core = np.zeros(n, dtype=np.uint8)\n"
  "core[model.core_sample_indices_] = 1\n"
  "core.tofile(path + '.core')\n"
  "print(t, base)\n";

/* N_BLOBS round blobs of spreads between 2 and 5 around centres in
 * [-60, 60]², and NOISE_FRACTION of the points uniform over [-80, 80]²,
 * all from a fixed seed. The blobs' thinning edges are where DBSCAN has
 * real decisions to make: which points are core, which border, which
 * noise. */
static double *
make_data (gsize n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (DATA_SEED);
  double centres[N_BLOBS][DIMS];
  double spreads[N_BLOBS];
  double *x = g_new (double, n * DIMS);

  for (guint c = 0; c < N_BLOBS; c++)
    {
      for (guint j = 0; j < DIMS; j++)
        centres[c][j] = g_rand_double_range (rand, -60, 60);
      spreads[c] = g_rand_double_range (rand, 2, 5);
    }
  for (gsize i = 0; i < n; i++)
    {
      if (g_rand_double (rand) < NOISE_FRACTION)
        {
          for (guint j = 0; j < DIMS; j++)
            x[i * DIMS + j] = g_rand_double_range (rand, -80, 80);
        }
      else
        {
          guint c = (guint) g_rand_int_range (rand, 0, N_BLOBS);

          for (guint j = 0; j < DIMS; j++)
            {
              /* Box-Muller; 1 - u keeps the logarithm finite. */
              double u = 1.0 - g_rand_double (rand);
              double v = g_rand_double (rand);

              x[i * DIMS + j] = centres[c][j] + spreads[c] * sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
            }
        }
    }

  return x;
}

/* Runs the reference script on the data file. */
static gboolean
run_reference (const char  *script,
               const char  *data,
               gsize        n,
               double       eps,
               gsize        min_points,
               RunResult   *result,
               GError     **error)
{
  g_autofree char *n_text = g_strdup_printf ("%" G_GSIZE_FORMAT, n);
  g_autofree char *d_text = g_strdup_printf ("%d", DIMS);
  g_autofree char *min_text = g_strdup_printf ("%" G_GSIZE_FORMAT, min_points);
  char eps_text[G_ASCII_DTOSTR_BUF_SIZE];
  const char *argv[] = { "/usr/bin/python3", script, data, n_text, d_text, eps_text, min_text, NULL };

  /* Shortest text that reads back as the same double. */
  g_ascii_dtostr (eps_text, sizeof eps_text, eps);

  return run_reference_script (argv, "scikit-learn", result, error);
}

typedef struct
{
  const double *x;
  gsize         n;
  double        eps;
  gsize         min_points;
} DbscanJob;

/* What the child hands back: the cluster count, n labels, n core flags. */
static int
dbscan_work (void *shared,
             void *data)
{
  const DbscanJob *job = data;
  size_t *n_clusters = shared;
  int32_t *labels = (int32_t *) (n_clusters + 1);

  return seg_dbscan (job->x, job->n, DIMS, job->eps, job->min_points, labels,
                     (uint8_t *) (labels + job->n), n_clusters, NULL);
}

static gboolean
run_ours (const double  *x,
          gsize          n,
          double         eps,
          gsize          min_points,
          int32_t       *labels,
          uint8_t       *core,
          gsize         *n_clusters,
          RunResult     *result,
          GError       **error)
{
  DbscanJob job = { x, n, eps, min_points };
  gsize bytes = sizeof (size_t) + n * (sizeof (int32_t) + 1);
  size_t *shared = run_in_child (bytes, dbscan_work, &job, "seg_dbscan", result, error);

  if (shared == NULL)
    return FALSE;
  *n_clusters = shared[0];
  memcpy (labels, shared + 1, n * sizeof (int32_t));
  memcpy (core, (int32_t *) (shared + 1) + n, n);
  child_memory_free (shared, bytes);

  return TRUE;
}

/* Two labelings are the same partition, noise being its own class, when
 * a one-to-one map links them; labels lie in [-1, n). */
static gboolean
same_partition (const int32_t *a,
                const int32_t *b,
                gsize          n)
{
  g_autofree int32_t *forward = g_new (int32_t, n + 1);
  g_autofree int32_t *backward = g_new (int32_t, n + 1);

  for (gsize i = 0; i <= n; i++)
    forward[i] = backward[i] = -2;
  for (gsize i = 0; i < n; i++)
    {
      if (a[i] < -1 || b[i] < -1 || a[i] >= (int64_t) n || b[i] >= (int64_t) n)
        return FALSE;
      if ((forward[a[i] + 1] != -2 && forward[a[i] + 1] != b[i]) ||
          (backward[b[i] + 1] != -2 && backward[b[i] + 1] != a[i]))
        return FALSE;
      forward[a[i] + 1] = b[i];
      backward[b[i] + 1] = a[i];
    }

  return TRUE;
}

/* Compares our labels and core points with scikit-learn's, prints the
 * findings and returns whether they agree. */
static gboolean
check_agreement (const int32_t *labels,
                 const uint8_t *core,
                 gsize          n_clusters,
                 const int32_t *ref_labels,
                 const uint8_t *ref_core,
                 gsize          n)
{
  gsize label_diffs = 0, core_diffs = 0, noise = 0, ref_noise = 0, n_core = 0;
  gsize largest = 0, smallest = G_MAXSIZE;
  int32_t ref_max = -1;
  g_autofree gsize *sizes = g_new0 (gsize, n_clusters + 1);
  gboolean partition;

  for (gsize i = 0; i < n; i++)
    {
      label_diffs += labels[i] != ref_labels[i];
      core_diffs += core[i] != ref_core[i];
      noise += labels[i] == SEG_DBSCAN_NOISE;
      ref_noise += ref_labels[i] == -1;
      n_core += core[i];
      ref_max = MAX (ref_max, ref_labels[i]);
      if (labels[i] >= 0 && (gsize) labels[i] < n_clusters)
        sizes[labels[i]]++;
    }
  for (gsize c = 0; c < n_clusters; c++)
    {
      largest = MAX (largest, sizes[c]);
      smallest = MIN (smallest, sizes[c]);
    }
  partition = same_partition (labels, ref_labels, n);

  g_print ("Clusters\n");
  g_print ("  Segmenta                %" G_GSIZE_FORMAT " clusters (%" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT
           " points), %" G_GSIZE_FORMAT " noise, %" G_GSIZE_FORMAT " core points\n",
           n_clusters, n_clusters > 0 ? smallest : 0, largest, noise, n_core);
  g_print ("  scikit-learn            %d clusters, %" G_GSIZE_FORMAT " noise\n", ref_max + 1, ref_noise);
  g_print ("Agreement\n");
  g_print ("  labels                  %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " differ  %s\n",
           label_diffs, n, label_diffs == 0 ? "PASS" : "FAIL");
  g_print ("  core points             %" G_GSIZE_FORMAT " differ  %s\n",
           core_diffs, core_diffs == 0 ? "PASS" : "FAIL");
  g_print ("  partition               %s  %s\n",
           partition ? "same" : "different", partition ? "PASS" : "FAIL");

  return label_diffs == 0 && core_diffs == 0 && partition && (gsize) (ref_max + 1) == n_clusters;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  g_autofree char *data = NULL;
  g_autofree char *labels_path = NULL;
  g_autofree char *core_path = NULL;
  g_autofree char *load = NULL;
  g_autofree char *write_data = NULL;
  g_autofree double *x = NULL;
  g_autofree int32_t *labels = NULL;
  g_autofree uint8_t *core = NULL;
  g_autofree char *ref_labels = NULL;
  g_autofree char *ref_core = NULL;
  g_autofree double *ours_s = NULL;
  g_autofree double *ref_s = NULL;
  gint n_points = DEFAULT_POINTS;
  gint min_points = DEFAULT_MIN_POINTS;
  gint n_runs = DEFAULT_RUNS;
  double eps = DEFAULT_EPS;
  gsize n, n_clusters = 0, labels_len = 0, core_len = 0;
  long ours_kib = 0, ref_kib = 0, ref_base_kib = 0;
  double ours_median, ref_median, ratio;
  gboolean agree;
  int status = EXIT_FAILURE;
  GOptionEntry entries[] = {
    { "points", 0, 0, G_OPTION_ARG_INT, &n_points, "Points to cluster (default 200000)", "N" },
    { "eps", 0, 0, G_OPTION_ARG_DOUBLE, &eps, "Neighbourhood radius (default 0.75)", "EPS" },
    { "min-points", 0, 0, G_OPTION_ARG_INT, &min_points, "Neighbours, the point counted, of a core point (default 80)", "N" },
    { "write-data", 0, 0, G_OPTION_ARG_FILENAME, &write_data,
      "Only write the generated points to FILE (doubles, row by row) and exit, e.g. for profiling", "FILE" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs per program (default 5); the medians are reported", "N" },
    { NULL }
  };

  context = g_option_context_new ("- time DBSCAN against scikit-learn");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-dbscan: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_points < 1 || min_points < 1 || n_runs < 1 || !(eps > 0))
    {
      g_printerr ("bench-dbscan: --points, --min-points and --runs must be at least 1, --eps positive\n");
      return EXIT_FAILURE;
    }
  n = (gsize) n_points;

  if (write_data != NULL)
    {
      x = make_data (n);
      if (!g_file_set_contents (write_data, (const char *) x, (gssize) (n * DIMS * sizeof (double)), &error))
        {
          g_printerr ("bench-dbscan: %s\n", error->message);
          return EXIT_FAILURE;
        }
      g_print ("Wrote %s: %" G_GSIZE_FORMAT " x %d doubles\n", write_data, n, DIMS);
      return EXIT_SUCCESS;
    }

  if (!python_has ("sklearn.cluster, threadpoolctl"))
    {
      g_print ("bench-dbscan: SKIP: scikit-learn or threadpoolctl not found for /usr/bin/python3; they are the "
               "reference to compare with (on Debian: apt install python3-sklearn python3-threadpoolctl)\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-dbscan-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-dbscan: %s\n", error->message);
      return EXIT_FAILURE;
    }
  script = g_build_filename (dir, "reference.py", NULL);
  data = g_build_filename (dir, "x.f64", NULL);
  labels_path = g_strconcat (data, ".labels", NULL);
  core_path = g_strconcat (data, ".core", NULL);

  x = make_data (n);
  labels = g_new (int32_t, n);
  core = g_new (uint8_t, n);
  if (!g_file_set_contents (script, reference, -1, &error) ||
      !g_file_set_contents (data, (const char *) x, (gssize) (n * DIMS * sizeof (double)), &error))
    goto failed;

  load = load_average ();
  ours_s = g_new0 (double, n_runs);
  ref_s = g_new0 (double, n_runs);

  g_print ("DBSCAN, %" G_GSIZE_FORMAT " x %d points, eps %g, min_points %d, 2 threads for each\n",
           n, DIMS, eps, min_points);
  g_print ("\n  run  Segmenta    peak RSS      scikit-learn  peak RSS\n");
  for (gint i = 0; i < n_runs; i++)
    {
      RunResult ours = { 0 };
      RunResult ref = { 0 };

      /* Alternate which goes first, so neither always follows the other
       * onto a machine still busy with its memory. */
      if (i % 2 == 0)
        {
          if (!run_ours (x, n, eps, (gsize) min_points, labels, core, &n_clusters, &ours, &error) ||
              !run_reference (script, data, n, eps, (gsize) min_points, &ref, &error))
            goto failed;
        }
      else
        {
          if (!run_reference (script, data, n, eps, (gsize) min_points, &ref, &error) ||
              !run_ours (x, n, eps, (gsize) min_points, labels, core, &n_clusters, &ours, &error))
            goto failed;
        }
      ours_s[i] = ours.seconds;
      ref_s[i] = ref.seconds;
      ours_kib = MAX (ours_kib, ours.maxrss_kib);
      ref_kib = MAX (ref_kib, ref.maxrss_kib);
      ref_base_kib = MAX (ref_base_kib, ref.base_kib);
      g_print ("  %-3d  %8.3f s  %7.1f MiB  %8.3f s  %7.1f MiB\n", i + 1,
               ours.seconds, ours.maxrss_kib / 1024.0, ref.seconds, ref.maxrss_kib / 1024.0);
      fflush (stdout);
    }

  if (!g_file_get_contents (labels_path, &ref_labels, &labels_len, &error) ||
      !g_file_get_contents (core_path, &ref_core, &core_len, &error))
    goto failed;
  if (labels_len != n * sizeof (int32_t) || core_len != n)
    {
      g_printerr ("bench-dbscan: the reference wrote results of the wrong size\n");
      goto out;
    }

  ours_median = median (ours_s, (guint) n_runs);
  ref_median = median (ref_s, (guint) n_runs);
  ratio = ours_median / ref_median;

  g_print ("\nInput\n");
  g_print ("  points                  %" G_GSIZE_FORMAT " x %d: %d blobs of spreads 2 to 5, %.0f%% uniform "
           "noise, seed %d\n", n, DIMS, N_BLOBS, NOISE_FRACTION * 100, DATA_SEED);
  g_print ("  runs                    %d per program, alternating\n", n_runs);
  g_print ("  load average before     %s\n", load);
  g_print ("Results (medians)\n");
  g_print ("  Segmenta                %.3f s\n", ours_median);
  g_print ("  scikit-learn fit        %.3f s\n", ref_median);
  g_print ("  ratio Segmenta/sklearn  %.3f\n", ratio);
  g_print ("  peak RSS                Segmenta %.1f MiB, scikit-learn %.1f MiB (%.1f MiB before fit)\n",
           ours_kib / 1024.0, ref_kib / 1024.0, ref_base_kib / 1024.0);
  agree = check_agreement (labels, core, n_clusters, (const int32_t *) ref_labels,
                           (const uint8_t *) ref_core, n);
  g_print ("Targets\n");
  g_print ("  ratio <= %.2f            %-8.3f  %s\n", TARGET_RATIO, ratio,
           ratio <= TARGET_RATIO ? "PASS" : "MISS");
  g_print ("\nbench-dbscan: ratio=%.3f segmenta_s=%.3f sklearn_s=%.3f rss_mb=%.1f sklearn_rss_mb=%.1f "
           "clusters=%" G_GSIZE_FORMAT " agree=%s\n",
           ratio, ours_median, ref_median, ours_kib / 1024.0, ref_kib / 1024.0, n_clusters,
           agree ? "yes" : "no");

  /* A target missed is a result; results that disagree are a failure. */
  status = agree ? EXIT_SUCCESS : EXIT_FAILURE;
  goto out;

failed:
  g_printerr ("bench-dbscan: %s\n", error->message);
out:
  g_remove (labels_path);
  g_remove (core_path);
  g_remove (data);
  g_remove (script);
  g_rmdir (dir);
  return status;
}
