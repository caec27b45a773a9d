/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "bench-common.h"
#include "seg-kmeans.h"
#include "seg-quality.h"

/* k-means and silhouette against scikit-learn on the same generated data
 * in the same run, both limited to two threads. scikit-learn runs from
 * Debian's python3-sklearn through /usr/bin/python3; without it the
 * benchmark is skipped.
 *
 * A single k-means++ start lands in one of a few local minima by the luck
 * of its seed, and a worse minimum also takes more iterations, so one
 * start per library compares luck as much as speed. Each problem is
 * therefore run over the same seeds on both sides, two ways:
 *
 * - from the same start: scikit-learn's own k-means++ picks the centres
 *   for random_state s, then both libraries iterate from those centres.
 *   Both run exact Lloyd iterations, so they must reach the same inertia,
 *   and the time is compared at equal inertia, seed by seed. Each side's
 *   seeding is timed apart (its own k-means++, seed s) and added: the
 *   work of a greedy k-means++ does not depend on the seed.
 * - end to end: each library seeds itself (seg_kmeans() with seed s,
 *   KMeans with random_state s), as a user would run it. This checks that
 *   our seeding is as good as scikit-learn's: over the seeds the inertias
 *   should spread alike, and the best of them should be the same.
 *
 * The scikit-learn process stays up for the whole run and the two sides
 * take turns seed by seed, so that other work on the machine slows both
 * alike. */

static const char *reference =
  "import ctypes, sys, time, warnings\n"
  "import numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn import config_context\n"
  "from sklearn.cluster import KMeans, kmeans_plusplus\n"
  "from sklearn.metrics import silhouette_score\n"
  "from sklearn.utils.extmath import row_norms\n"
  "warnings.simplefilter('ignore')\n"
  "def status(key):\n"
  "    with open('/proc/self/status') as f:\n"
  "        for line in f:\n"
  "            if line.startswith(key + ':'):\n"
  "                return int(line.split()[1])\n"
  "    return 0\n"
  "x = norms = None\n"
  "with threadpool_limits(2):\n"
  "    while True:\n"
  "        w = sys.stdin.readline().split()\n"
  "        if not w:\n"
  "            break\n"
  "        if w[0] == 'load':\n"
  "            x = np.fromfile(w[1], dtype=np.float64).reshape(int(w[2]), int(w[3]))\n"
  "            norms = row_norms(x, squared=True)\n"
  "            try:\n"
  "                ctypes.CDLL(None).malloc_trim(0)\n"
  "                with open('/proc/self/clear_refs', 'w') as f:\n"
  "                    f.write('5')\n"
  "            except OSError:\n"
  "                pass\n"
  "            print(status('VmRSS'))\n"
  "        elif w[0] == 'kmeans':\n"
  "            t = time.perf_counter()\n"
  "            m = KMeans(n_clusters=int(w[1]), n_init=1, init='k-means++', algorithm='lloyd',\n"
  "                       random_state=int(w[2])).fit(x)\n"
  "            print(time.perf_counter() - t, repr(m.inertia_), m.n_iter_)\n"
  "        elif w[0] == 'start':\n"
  "            # The row norms and the input checks are KMeans.fit's work\n"
  "            # below; counting them once, as in a whole fit, keeps the\n"
  "            # sum of the two times fair to scikit-learn.\n"
  "            t = time.perf_counter()\n"
  "            with config_context(assume_finite=True):\n"
  "                init, _ = kmeans_plusplus(x, int(w[1]), x_squared_norms=norms, random_state=int(w[2]))\n"
  "            seeding = time.perf_counter() - t\n"
  "            init.tofile(w[3])\n"
  "            t = time.perf_counter()\n"
  "            m = KMeans(n_clusters=int(w[1]), n_init=1, init=init, algorithm='lloyd').fit(x)\n"
  "            print(seeding, time.perf_counter() - t, repr(m.inertia_), m.n_iter_)\n"
  "        elif w[0] == 'silhouette':\n"
  "            labels = np.fromfile(w[1], dtype=np.int32)\n"
  "            t = time.perf_counter()\n"
  "            s = silhouette_score(x, labels)\n"
  "            print(time.perf_counter() - t, repr(s))\n"
  "        elif w[0] == 'peak':\n"
  "            print(status('VmHWM'))\n"
  "        sys.stdout.flush()\n";

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

/* The scikit-learn process: one request a line on its standard input, one
 * answer a line on its standard output. */
typedef struct
{
  GPid  pid;
  FILE *requests;
  FILE *answers;
} Reference;

static gboolean
reference_start (Reference  *ref,
                 const char *script)
{
  const char *argv[] = { "/usr/bin/python3", script, NULL };
  int in_fd, out_fd;

  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &ref->pid, &in_fd, &out_fd, NULL, NULL))
    return FALSE;
  ref->requests = fdopen (in_fd, "w");
  ref->answers = fdopen (out_fd, "r");

  return ref->requests != NULL && ref->answers != NULL;
}

/* Sends one request and reads its answer into @values; FALSE when the
 * process died or answered with fewer numbers. */
G_GNUC_PRINTF (4, 5)
static gboolean
reference_ask (Reference  *ref,
               double     *values,
               guint       n_values,
               const char *format,
               ...)
{
  char line[1024];
  char *at = line;
  va_list args;

  va_start (args, format);
  vfprintf (ref->requests, format, args);
  va_end (args);
  fputc ('\n', ref->requests);
  if (fflush (ref->requests) != 0 || fgets (line, sizeof line, ref->answers) == NULL)
    return FALSE;

  for (guint i = 0; i < n_values; i++)
    {
      char *end;

      values[i] = g_ascii_strtod (at, &end);
      if (end == at)
        return FALSE;
      at = end;
    }

  return TRUE;
}

static void
reference_stop (Reference *ref)
{
  /* End of input ends the script. */
  fclose (ref->requests);
  fclose (ref->answers);
  waitpid (ref->pid, NULL, 0);
  g_spawn_close_pid (ref->pid);
}

static double
mean (const double *values,
      guint         n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    sum += values[i];

  return sum / n;
}

static double
minimum (const double *values,
         guint         n)
{
  double least = INFINITY;

  for (guint i = 0; i < n; i++)
    least = fmin (least, values[i]);

  return least;
}

/* A field of /proc/self/status in KiB, 0 where there is none. */
static double
status_kib (const char *key)
{
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat ("\n", key, ":", NULL);
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (at = strstr (text, prefix)) == NULL)
    return 0;

  return g_ascii_strtod (at + strlen (prefix), NULL);
}

/* Starts the peak resident size (VmHWM) afresh from the current size, so
 * that each problem's peak is its own. Memory freed earlier goes back to
 * the system first, or reusing it would not show in the peak. */
static void
reset_peak (void)
{
  FILE *f;

#ifdef __GLIBC__
  malloc_trim (0);
#endif
  f = fopen ("/proc/self/clear_refs", "w");
  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

/* Runs are within this of the lowest inertia seen count as having found
 * it; the runs that miss it land in minima several per cent worse. */
#define SAME_MINIMUM 1e-4

/* From the same start both iterate exactly; only rounding may differ. */
#define EQUAL_INERTIA 1e-6

static gboolean
bench_problem (Reference  *ref,
               const char *dir,
               gsize       n,
               gsize       d,
               gsize       k,
               guint32     data_seed,
               guint       seeds)
{
  g_autofree double *x = make_data (n, d, k, data_seed);
  g_autofree double *centers = g_new (double, k * d);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autofree char *data = g_build_filename (dir, "x.f64", NULL);
  g_autofree char *init_path = g_build_filename (dir, "init.f64", NULL);
  g_autofree double *same_ratio = g_new (double, seeds);
  g_autofree double *same_inertia_ratio = g_new (double, seeds);
  g_autofree double *ours_time = g_new (double, seeds);
  g_autofree double *ref_time = g_new (double, seeds);
  g_autofree double *ours_inertia = g_new (double, seeds);
  g_autofree double *ref_inertia = g_new (double, seeds);
  SegKmeansOptions options = { .k = k, .n_init = 1, .max_iter = 300, .tol = 1e-4 };
  double ours_total = 0, ref_total = 0, ours_base, ref_base, ours_peak, ref_peak, answer[4];
  double lowest, same_worst;
  guint ours_hits = 0, ref_hits = 0;
  gboolean pass;

  g_file_set_contents (data, (const char *)x, n * d * sizeof (double), NULL);
  if (!reference_ask (ref, &ref_base, 1, "load %s %zu %zu", data, n, d))
    return FALSE;
  reset_peak ();
  ours_base = status_kib ("VmRSS");

  printf ("\n%zu x %zu, k = %zu: seeds 0 to %u on both sides, one k-means++ start per run, "
          "to convergence (tol 1e-4, at most 300 iterations)\n", n, d, k, seeds - 1);

  /* One untimed run each: thread pools, lazy imports, first page faults. */
  {
    double inertia;
    int n_iter;

    seg_kmeans (x, n, d, &options, centers, labels, &inertia, &n_iter);
  }
  if (!reference_ask (ref, answer, 3, "kmeans %zu 0", k))
    return FALSE;

  printf ("  From the same start (scikit-learn's k-means++ for the seed); each side's own seeding timed apart\n"
          "    seed | scikit-learn: seeding  iterations (n)   total | Segmenta: seeding  iterations (n)   total | "
          "time ratio  inertia ratio\n");
  for (guint s = 0; s < seeds; s++)
    {
      g_autofree char *init = NULL;
      gsize init_len = 0;
      double ours_seeding, ours_iterations, inertia = 0, tol, t;
      int n_iter = 0;
      SegRng rng;

      if (!reference_ask (ref, answer, 4, "start %zu %u %s", k, s, init_path) ||
          !g_file_get_contents (init_path, &init, &init_len, NULL) ||
          init_len != k * d * sizeof (double))
        return FALSE;

      t = now ();
      seg_rng_init (&rng, s);
      seg_kmeans_plusplus (x, n, d, k, &rng, centers);
      ours_seeding = now () - t;

      memcpy (centers, init, init_len);
      t = now ();
      tol = seg_kmeans_scaled_tolerance (x, n, d, options.tol);
      seg_kmeans_hamerly (x, n, d, k, centers, labels, options.max_iter, tol, &n_iter, &inertia, NULL);
      ours_iterations = now () - t;

      same_ratio[s] = (ours_seeding + ours_iterations) / (answer[0] + answer[1]);
      same_inertia_ratio[s] = inertia / answer[2];
      printf ("    %4u |         %7.3f s  %7.3f s (%2d) %7.3f s |   %7.3f s  %7.3f s (%2d) %7.3f s | "
              "%10.3f  %13.9f\n",
              s, answer[0], answer[1], (int)answer[3], answer[0] + answer[1],
              ours_seeding, ours_iterations, n_iter, ours_seeding + ours_iterations,
              same_ratio[s], same_inertia_ratio[s]);
    }
  same_worst = 0;
  for (guint s = 0; s < seeds; s++)
    same_worst = fmax (same_worst, fabs (same_inertia_ratio[s] - 1));
  printf ("    median time ratio %.3f; inertia equal on every seed within %.1e (largest difference)\n",
          median (same_ratio, seeds), same_worst);

  printf ("  End to end (each library seeds itself: seg_kmeans seed s, KMeans random_state s)\n"
          "    seed | Segmenta   time (n)  inertia            | scikit-learn time (n)  inertia\n");
  for (guint s = 0; s < seeds; s++)
    {
      int n_iter = 0;
      double t;

      /* Take turns going first. */
      if (s % 2 == 1 && !reference_ask (ref, answer, 3, "kmeans %zu %u", k, s))
        return FALSE;
      options.seed = s;
      t = now ();
      seg_kmeans (x, n, d, &options, centers, labels, &ours_inertia[s], &n_iter);
      ours_time[s] = now () - t;
      if (s % 2 == 0 && !reference_ask (ref, answer, 3, "kmeans %zu %u", k, s))
        return FALSE;
      ref_time[s] = answer[0];
      ref_inertia[s] = answer[1];
      ours_total += ours_time[s];
      ref_total += ref_time[s];
      printf ("    %4u | %7.3f s (%2d)  %.9e    | %7.3f s (%2d)  %.9e\n",
              s, ours_time[s], n_iter, ours_inertia[s], ref_time[s], (int)answer[2], ref_inertia[s]);
    }

  lowest = fmin (minimum (ours_inertia, seeds), minimum (ref_inertia, seeds));
  for (guint s = 0; s < seeds; s++)
    {
      ours_hits += ours_inertia[s] <= lowest * (1 + SAME_MINIMUM);
      ref_hits += ref_inertia[s] <= lowest * (1 + SAME_MINIMUM);
    }
  printf ("    median time: Segmenta %.3f s, scikit-learn %.3f s, ratio %.3f (of the sums %.3f)\n",
          median (ours_time, seeds), median (ref_time, seeds),
          median (ours_time, seeds) / median (ref_time, seeds), ours_total / ref_total);
  printf ("    inertia ratio Segmenta/scikit-learn: best of the %u %.6f, median %.4f, mean %.4f\n",
          seeds, minimum (ours_inertia, seeds) / minimum (ref_inertia, seeds),
          median (ours_inertia, seeds) / median (ref_inertia, seeds),
          mean (ours_inertia, seeds) / mean (ref_inertia, seeds));
  printf ("    runs reaching the lowest inertia seen (within %.0e): Segmenta %u of %u, scikit-learn %u of %u; "
          "the others stop in worse local minima, as seeding luck has it\n",
          SAME_MINIMUM, ours_hits, seeds, ref_hits, seeds);

  /* The peaks count what each process added above its copy of the table
   * (and, for scikit-learn, the row norms kept for the seeding above). */
  ours_peak = status_kib ("VmHWM") - ours_base;
  if (!reference_ask (ref, &ref_peak, 1, "peak"))
    return FALSE;
  ref_peak -= ref_base;
  printf ("  Peak memory above the table (%.1f MiB): Segmenta %.1f MiB, scikit-learn %.1f MiB\n",
          n * d * sizeof (double) / 1048576.0, ours_peak / 1024, ref_peak / 1024);

  pass = median (same_ratio, seeds) <= 0.5 && same_worst <= EQUAL_INERTIA &&
         median (ours_time, seeds) / median (ref_time, seeds) <= 0.5 &&
         minimum (ours_inertia, seeds) <= minimum (ref_inertia, seeds) * (1 + SAME_MINIMUM);
  printf ("  Target: time <= 0.5 x scikit-learn's at equal or lower inertia: %s\n", pass ? "PASS" : "MISS");
  printf ("bench-kmeans: n=%zu d=%zu k=%zu seeds=%u ratio=%.3f inertia_ratio=%.9f "
          "e2e_ratio=%.3f e2e_best_inertia_ratio=%.6f e2e_mean_inertia_ratio=%.4f hits=%u/%u ref_hits=%u/%u "
          "peak_mb=%.1f ref_peak_mb=%.1f target=%s\n",
          n, d, k, seeds, median (same_ratio, seeds), 1 + same_worst,
          median (ours_time, seeds) / median (ref_time, seeds),
          minimum (ours_inertia, seeds) / minimum (ref_inertia, seeds),
          mean (ours_inertia, seeds) / mean (ref_inertia, seeds),
          ours_hits, seeds, ref_hits, seeds, ours_peak / 1024, ref_peak / 1024, pass ? "pass" : "miss");

  g_remove (data);
  g_remove (init_path);
  return TRUE;
}

static gboolean
bench_silhouette (Reference  *ref,
                  const char *dir)
{
  gsize n = 20000, d = 8, k = 8;
  g_autofree double *x = make_data (n, d, k, 77);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autofree char *data = g_build_filename (dir, "s.f64", NULL);
  g_autofree char *label_path = g_strconcat (data, ".labels", NULL);
  double ours, answer[2], base, t;

  for (gsize i = 0; i < n; i++)
    labels[i] = (int32_t) (i % k);
  /* Labels from the nearest generating blob would be better; any fixed
   * labels time the same. */
  g_file_set_contents (data, (const char *)x, n * d * sizeof (double), NULL);
  g_file_set_contents (label_path, (const char *)labels, n * sizeof (int32_t), NULL);
  t = now ();
  ours = seg_silhouette (x, n, d, labels, k, NULL);
  t = now () - t;
  if (!reference_ask (ref, &base, 1, "load %s %zu %zu", data, n, d) ||
      !reference_ask (ref, answer, 2, "silhouette %s", label_path))
    return FALSE;
  printf ("\nexact silhouette, %zu points: Segmenta %.3f s, scikit-learn %.3f s, ratio %.2f (target <= 0.5); "
          "values %.12f / %.12f\n", n, t, answer[0], t / answer[0], ours, answer[1]);
  printf ("bench-silhouette: n=%zu ratio=%.2f\n", n, t / answer[0]);
  g_remove (data);
  g_remove (label_path);

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  static const struct { gsize n, d, k; } sizes[] = { { 1000000, 8, 8 }, { 100000, 20, 20 } };
  guint seeds = 20;
  gboolean have_reference, ok = TRUE;
  Reference ref;

  for (int i = 1; i < argc; i++)
    {
      if (!g_str_equal (argv[i], "--seeds") || i + 1 == argc || atoi (argv[i + 1]) < 1)
        {
          fprintf (stderr, "usage: %s [--seeds N]   (default 20)\n", argv[0]);
          return 2;
        }
      seeds = (guint) atoi (argv[++i]);
    }

#ifdef _OPENMP
  /* Two threads on each side, whatever the machine has. */
  omp_set_num_threads (2);
#endif

  dir = g_dir_make_tmp ("segmenta-bench-kmeans-XXXXXX", NULL);
  if (dir == NULL)
    {
      printf ("no temporary directory\n");
      return 1;
    }
  script = g_build_filename (dir, "reference.py", NULL);
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
      g_remove (script);
      g_rmdir (dir);
      return 77;
    }
  if (!reference_start (&ref, script))
    {
      printf ("the reference failed to start\n");
      g_remove (script);
      g_rmdir (dir);
      return 1;
    }

  printf ("k-means against scikit-learn's KMeans (lloyd), both on 2 threads\n");
  for (guint s = 0; s < G_N_ELEMENTS (sizes) && ok; s++)
    ok = bench_problem (&ref, dir, sizes[s].n, sizes[s].d, sizes[s].k, 1000 + s, seeds);
  if (ok)
    ok = bench_silhouette (&ref, dir);
  if (!ok)
    printf ("the reference failed to run\n");

  reference_stop (&ref);
  g_remove (script);
  g_rmdir (dir);
  return ok ? 0 : 1;
}
