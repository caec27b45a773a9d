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
#include "seg-hierarchy.h"

/*
 * Ward linkage against SciPy: generates seeded blobs, builds the
 * dendrogram with seg_hierarchy_build and with
 * scipy.cluster.hierarchy.linkage (Debian's python3-scipy through
 * /usr/bin/python3) on the same points several times, and reports the
 * median times, their ratio, both peak resident set sizes and whether
 * the two dendrograms agree.
 *
 * Usage: bench-ward [--points N] [--dims N] [--runs N]
 */

/* The exit status that meson (and automake) read as “skipped”. */
#define EXIT_SKIPPED 77

/* Segmenta should be no slower than SciPy. */
#define TARGET_RATIO 1.0

#define DEFAULT_POINTS 20000
#define DEFAULT_DIMS 4
#define DEFAULT_RUNS 3
#define N_BLOBS 8
#define DATA_SEED 4242

/* The cut compared with fcluster, and how far the heights may differ:
 * the same recurrence in a different order of operations rounds
 * differently, by far less than this. */
#define CUT_K 5
#define HEIGHT_TOLERANCE 1e-9

/* SciPy's linkage computes in one thread, but threadpoolctl keeps NumPy's
 * BLAS to two like every reference here. The dendrogram goes to
 * PATH.linkage and the fcluster cut to PATH.cut; the output line is the
 * time of linkage alone and the peak RSS before it, so that the
 * interpreter's share can be told apart. */
static const char *reference =
  "import resource, sys, time, numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from scipy.cluster.hierarchy import fcluster, linkage\n"
  "path, n, d, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])\n"
  "x = np.fromfile(path, dtype=np.float64).reshape(n, d)\n"
  "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "with threadpool_limits(2):\n"
  "    t = time.perf_counter()\n"
  "    z = linkage(x, 'ward')\n"
  "    t = time.perf_counter() - t\n"
  "z.tofile(path + '.linkage')\n"
  "fcluster(z, k, criterion='maxclust').astype(np.int32).tofile(path + '.cut')\n"
  "print(t, base)\n";

/* Blobs of spread 2 around N_BLOBS random centres in [-10, 10]^d, from a
 * fixed seed; continuous values, so that no two merge heights tie. */
static double *
make_data (gsize n,
           gsize d)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (DATA_SEED);
  g_autofree double *centres = g_new (double, N_BLOBS * d);
  double *x = g_new (double, n * d);

  for (gsize i = 0; i < N_BLOBS * d; i++)
    centres[i] = g_rand_double_range (rand, -10, 10);
  for (gsize i = 0; i < n; i++)
    {
      gsize c = (gsize) g_rand_int_range (rand, 0, N_BLOBS);

      for (gsize j = 0; j < d; j++)
        {
          /* Box-Muller; 1 - u keeps the logarithm finite. */
          double u = 1.0 - g_rand_double (rand);
          double v = g_rand_double (rand);

          x[i * d + j] = centres[c * d + j] + 2.0 * sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
        }
    }

  return x;
}

/* Runs the reference script on the data file. */
static gboolean
run_reference (const char  *script,
               const char  *data,
               gsize        n,
               gsize        d,
               RunResult   *result,
               GError     **error)
{
  g_autofree char *n_text = g_strdup_printf ("%" G_GSIZE_FORMAT, n);
  g_autofree char *d_text = g_strdup_printf ("%" G_GSIZE_FORMAT, d);
  g_autofree char *k_text = g_strdup_printf ("%d", CUT_K);
  const char *argv[] = { "/usr/bin/python3", script, data, n_text, d_text, k_text, NULL };

  return run_reference_script (argv, "SciPy", result, error);
}

typedef struct
{
  const double *x;
  gsize         n;
  gsize         d;
} WardJob;

static int
ward_work (void *shared,
           void *data)
{
  const WardJob *job = data;

  return seg_hierarchy_build (job->x, job->n, job->d, SEG_LINKAGE_WARD, shared, NULL);
}

static gboolean
run_ours (const double  *x,
          gsize          n,
          gsize          d,
          SegMerge      *merges,
          RunResult     *result,
          GError       **error)
{
  WardJob job = { x, n, d };
  gsize bytes = (n - 1) * sizeof (SegMerge);
  SegMerge *shared = run_in_child (bytes, ward_work, &job, "seg_hierarchy_build", result, error);

  if (shared == NULL)
    return FALSE;
  memcpy (merges, shared, bytes);
  child_memory_free (shared, bytes);

  return TRUE;
}

/* Two labelings are the same partition when a one-to-one map links
 * them; both number their clusters below n + 1. */
static gboolean
same_partition (const int32_t *a,
                const int32_t *b,
                gsize          n)
{
  g_autofree int32_t *forward = g_new (int32_t, n + 1);
  g_autofree int32_t *backward = g_new (int32_t, n + 1);

  for (gsize i = 0; i <= n; i++)
    forward[i] = backward[i] = -1;
  for (gsize i = 0; i < n; i++)
    {
      if (a[i] < 0 || b[i] < 0 || (gsize) a[i] > n || (gsize) b[i] > n)
        return FALSE;
      if ((forward[a[i]] >= 0 && forward[a[i]] != b[i]) ||
          (backward[b[i]] >= 0 && backward[b[i]] != a[i]))
        return FALSE;
      forward[a[i]] = b[i];
      backward[b[i]] = a[i];
    }

  return TRUE;
}

/* Compares our dendrogram with SciPy's linkage matrix (rows of a, b,
 * height, size as doubles) and cut; prints the findings and returns
 * whether they agree. */
static gboolean
check_agreement (const SegMerge *merges,
                 const double   *z,
                 const int32_t  *ref_cut,
                 gsize           n)
{
  g_autofree double *ours = g_new (double, n - 1);
  g_autofree double *theirs = g_new (double, n - 1);
  g_autofree int32_t *cut = g_new (int32_t, n);
  gsize identical = 0;
  double worst = 0;
  gboolean same_cut;

  for (gsize m = 0; m < n - 1; m++)
    {
      const double *row = z + 4 * m;

      if (merges[m].a == (int64_t) row[0] && merges[m].b == (int64_t) row[1] &&
          merges[m].size == (int64_t) row[3])
        identical++;
      ours[m] = merges[m].height;
      theirs[m] = row[2];
    }
  /* Both come sorted by height; sorting again makes the comparison
   * independent of how equal heights were ordered. */
  qsort (ours, n - 1, sizeof (double), compare_doubles);
  qsort (theirs, n - 1, sizeof (double), compare_doubles);
  for (gsize m = 0; m < n - 1; m++)
    {
      double diff = fabs (ours[m] - theirs[m]) / MAX (fabs (theirs[m]), G_MINDOUBLE);

      worst = MAX (worst, diff);
    }
  seg_hierarchy_cut (merges, n, CUT_K, cut);
  same_cut = same_partition (cut, ref_cut, n);

  g_print ("Agreement\n");
  g_print ("  merges (a, b, size)     %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " identical\n",
           identical, n - 1);
  g_print ("  sorted heights          max relative difference %.2g (<= %.0e)  %s\n",
           worst, HEIGHT_TOLERANCE, worst <= HEIGHT_TOLERANCE ? "PASS" : "FAIL");
  g_print ("  %d-cut vs fcluster       %s  %s\n", CUT_K,
           same_cut ? "same partition" : "different partitions", same_cut ? "PASS" : "FAIL");

  return worst <= HEIGHT_TOLERANCE && same_cut;
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
  g_autofree char *linkage_path = NULL;
  g_autofree char *cut_path = NULL;
  g_autofree char *load = NULL;
  g_autofree char *write_data = NULL;
  g_autofree double *x = NULL;
  g_autofree SegMerge *merges = NULL;
  g_autofree char *z = NULL;
  g_autofree char *ref_cut = NULL;
  g_autofree double *ours_s = NULL;
  g_autofree double *ref_s = NULL;
  gint n_points = DEFAULT_POINTS;
  gint n_dims = DEFAULT_DIMS;
  gint n_runs = DEFAULT_RUNS;
  gsize n, d, z_len = 0, cut_len = 0;
  long ours_kib = 0, ref_kib = 0, ref_base_kib = 0;
  double ours_median, ref_median, ratio;
  gboolean agree;
  int status = EXIT_FAILURE;
  GOptionEntry entries[] = {
    { "points", 0, 0, G_OPTION_ARG_INT, &n_points, "Points to cluster (default 20000)", "N" },
    { "dims", 0, 0, G_OPTION_ARG_INT, &n_dims, "Coordinates per point (default 4)", "N" },
    { "write-data", 0, 0, G_OPTION_ARG_FILENAME, &write_data,
      "Only write the generated points to FILE (doubles, row by row) and exit, e.g. for profiling", "FILE" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs per program (default 3); the medians are reported", "N" },
    { NULL }
  };

  context = g_option_context_new ("- time Ward linkage against SciPy");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-ward: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_points < 2 || n_dims < 1 || n_runs < 1)
    {
      g_printerr ("bench-ward: --points must be at least 2, --dims and --runs at least 1\n");
      return EXIT_FAILURE;
    }
  n = (gsize) n_points;
  d = (gsize) n_dims;
  if (seg_hierarchy_bytes (n) > SEG_HIERARCHY_MAX_BYTES)
    {
      g_printerr ("bench-ward: %" G_GSIZE_FORMAT " points are more than seg_hierarchy_build accepts\n", n);
      return EXIT_FAILURE;
    }

  if (write_data != NULL)
    {
      x = make_data (n, d);
      if (!g_file_set_contents (write_data, (const char *) x, (gssize) (n * d * sizeof (double)), &error))
        {
          g_printerr ("bench-ward: %s\n", error->message);
          return EXIT_FAILURE;
        }
      g_print ("Wrote %s: %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT " doubles\n", write_data, n, d);
      return EXIT_SUCCESS;
    }

  if (!python_has ("scipy.cluster.hierarchy, threadpoolctl"))
    {
      g_print ("bench-ward: SKIP: SciPy or threadpoolctl not found for /usr/bin/python3; they are the "
               "reference to compare with (on Debian: apt install python3-scipy python3-threadpoolctl)\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-ward-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-ward: %s\n", error->message);
      return EXIT_FAILURE;
    }
  script = g_build_filename (dir, "reference.py", NULL);
  data = g_build_filename (dir, "x.f64", NULL);
  linkage_path = g_strconcat (data, ".linkage", NULL);
  cut_path = g_strconcat (data, ".cut", NULL);

  x = make_data (n, d);
  merges = g_new (SegMerge, n - 1);
  if (!g_file_set_contents (script, reference, -1, &error) ||
      !g_file_set_contents (data, (const char *) x, (gssize) (n * d * sizeof (double)), &error))
    goto failed;

  load = load_average ();
  ours_s = g_new0 (double, n_runs);
  ref_s = g_new0 (double, n_runs);

  g_print ("Ward linkage, %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT " points in %d blobs, "
           "2 threads for each\n", n, d, N_BLOBS);
  g_print ("\n  run  Segmenta    peak RSS      SciPy       peak RSS\n");
  for (gint i = 0; i < n_runs; i++)
    {
      RunResult ours = { 0 };
      RunResult ref = { 0 };

      /* Alternate which goes first, so neither always follows the other
       * onto a machine still busy with its memory. */
      if (i % 2 == 0)
        {
          if (!run_ours (x, n, d, merges, &ours, &error) ||
              !run_reference (script, data, n, d, &ref, &error))
            goto failed;
        }
      else
        {
          if (!run_reference (script, data, n, d, &ref, &error) ||
              !run_ours (x, n, d, merges, &ours, &error))
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

  if (!g_file_get_contents (linkage_path, &z, &z_len, &error) ||
      !g_file_get_contents (cut_path, &ref_cut, &cut_len, &error))
    goto failed;
  if (z_len != (n - 1) * 4 * sizeof (double) || cut_len != n * sizeof (int32_t))
    {
      g_printerr ("bench-ward: the reference wrote results of the wrong size\n");
      goto out;
    }

  ours_median = median (ours_s, (guint) n_runs);
  ref_median = median (ref_s, (guint) n_runs);
  ratio = ours_median / ref_median;

  g_print ("\nInput\n");
  g_print ("  points                  %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT ", %d blobs of spread 2, seed %d\n",
           n, d, N_BLOBS, DATA_SEED);
  g_print ("  runs                    %d per program, alternating\n", n_runs);
  g_print ("  load average before     %s\n", load);
  g_print ("Results (medians)\n");
  g_print ("  Segmenta                %.3f s\n", ours_median);
  g_print ("  SciPy linkage           %.3f s\n", ref_median);
  g_print ("  ratio Segmenta/SciPy    %.3f\n", ratio);
  g_print ("  peak RSS                Segmenta %.1f MiB, SciPy %.1f MiB (%.1f MiB before linkage)\n",
           ours_kib / 1024.0, ref_kib / 1024.0, ref_base_kib / 1024.0);
  agree = check_agreement (merges, (const double *) z, (const int32_t *) ref_cut, n);
  g_print ("Targets\n");
  g_print ("  ratio <= %.2f            %-8.3f  %s\n", TARGET_RATIO, ratio,
           ratio <= TARGET_RATIO ? "PASS" : "MISS");
  g_print ("\nbench-ward: ratio=%.3f segmenta_s=%.3f scipy_s=%.3f rss_mb=%.1f scipy_rss_mb=%.1f agree=%s\n",
           ratio, ours_median, ref_median, ours_kib / 1024.0, ref_kib / 1024.0, agree ? "yes" : "no");

  /* A target missed is a result; results that disagree are a failure. */
  status = agree ? EXIT_SUCCESS : EXIT_FAILURE;
  goto out;

failed:
  g_printerr ("bench-ward: %s\n", error->message);
out:
  g_remove (linkage_path);
  g_remove (cut_path);
  g_remove (data);
  g_remove (script);
  g_rmdir (dir);
  return status;
}
