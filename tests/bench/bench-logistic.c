/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-common.h"
#include "seg-logistic.h"

/*
 * Logistic regression against scikit-learn: generates seeded correlated
 * rows with targets drawn from a known logistic model, fits seg_logistic
 * (L2, C = 1, the defaults) and sklearn's LogisticRegression(solver=
 * 'lbfgs', C=1) on the same rows, taking turns, several times, and
 * reports the median times of the fits alone, their ratio, both log
 * losses on the training rows and both peak resident set sizes. Each side
 * runs on two threads; each of our fits runs in a child of its own so
 * that its peak is its own.
 *
 * Usage: bench-logistic [--rows N] [--features P] [--runs N]
 */

/* Segmenta should take at most half scikit-learn's time. */
#define TARGET_RATIO 0.5

/* Both solve the same problem, so the losses agree this closely. */
#define LOSS_AGREEMENT 1e-6

#define DEFAULT_ROWS     1000000
#define DEFAULT_FEATURES 20
#define DEFAULT_RUNS     3
#define MAX_FEATURES     64
#define DATA_SEED        4242

/* The fit alone is timed; max_iter is raised from 100 so that lbfgs
 * converges by its own tolerance rather than stopping at the cap. The log
 * loss and the iterations go to PATH.out. */
static const char *reference =
  "import resource, sys, time, numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn.linear_model import LogisticRegression\n"
  "from sklearn.metrics import log_loss\n"
  "path, n, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
  "x = np.fromfile(path, dtype=np.float64).reshape(n, p)\n"
  "y = np.fromfile(path + '.y', dtype=np.float64)\n"
  "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "with threadpool_limits(2):\n"
  "    t = time.perf_counter()\n"
  "    model = LogisticRegression(solver='lbfgs', C=1.0, max_iter=1000).fit(x, y)\n"
  "    t = time.perf_counter() - t\n"
  "    loss = log_loss(y, model.predict_proba(x)[:, 1])\n"
  "with open(path + '.out', 'w') as f:\n"
  "    print(repr(loss), int(model.n_iter_[0]), file=f)\n"
  "print(t, base)\n";

/* Features of unit spread, each leaning on the one before (so that they
 * correlate), and targets from a logistic model with alternating signs
 * and an intercept of -1: about one row in three of class 1. */
static void
make_data (gsize   n,
           gsize   p,
           double *x,
           double *y)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (DATA_SEED);

  for (gsize i = 0; i < n; i++)
    {
      double z = -1.0;

      for (gsize j = 0; j < p; j++)
        {
          /* Box-Muller; 1 - u keeps the logarithm finite. */
          double u = 1.0 - g_rand_double (rand), v = g_rand_double (rand);
          double e = sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
          double value = j > 0 ? 0.6 * x[i * p + j - 1] + 0.8 * e : e;

          x[i * p + j] = value;
          z += (j % 2 == 0 ? 1.0 : -1.0) * 1.5 / (1.0 + j) * value;
        }
      y[i] = g_rand_double (rand) < 1.0 / (1.0 + exp (-z)) ? 1.0 : 0.0;
    }
}

typedef struct
{
  const double *x;
  const double *y;
  gsize         n;
  gsize         p;
} LogisticJob;

typedef struct
{
  double log_loss;
  double intercept;
  int    iterations;
  int    converged;
  double coef[MAX_FEATURES];
} LogisticAnswer;

static int
logistic_work (void *shared,
               void *data)
{
  LogisticJob *job = data;
  LogisticAnswer *answer = shared;
  SegLogisticParams params;
  g_autoptr(SegLogistic) model = NULL;

  seg_logistic_params_init (&params);
  model = seg_logistic_fit (job->x, job->n, job->p, job->y, NULL, &params, NULL, NULL);
  if (model == NULL)
    return 1;
  answer->log_loss = seg_logistic_get_log_loss (model);
  answer->intercept = seg_logistic_get_intercept (model);
  answer->iterations = seg_logistic_get_iterations (model);
  answer->converged = seg_logistic_get_converged (model);
  memcpy (answer->coef, seg_logistic_get_coefficients (model), job->p * sizeof (double));

  return 0;
}

static gboolean
run_reference (const char  *script,
               const char  *data,
               gsize        n,
               gsize        p,
               RunResult   *result,
               double      *log_loss,
               int         *iterations,
               GError     **error)
{
  g_autofree char *n_text = g_strdup_printf ("%" G_GSIZE_FORMAT, n);
  g_autofree char *p_text = g_strdup_printf ("%" G_GSIZE_FORMAT, p);
  g_autofree char *out = g_strconcat (data, ".out", NULL);
  g_autofree char *text = NULL;
  const char *argv[] = { "/usr/bin/python3", script, data, n_text, p_text, NULL };

  if (!run_reference_script (argv, "scikit-learn", result, error) ||
      !g_file_get_contents (out, &text, NULL, error))
    return FALSE;
  if (sscanf (text, "%lf %d", log_loss, iterations) != 2)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "scikit-learn wrote “%s”", text);
      return FALSE;
    }
  g_remove (out);

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  gsize n = DEFAULT_ROWS, p = DEFAULT_FEATURES;
  guint runs = DEFAULT_RUNS;
  g_autofree char *dir = NULL, *script = NULL, *data = NULL, *y_path = NULL, *load = NULL;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree double *ours_time = NULL, *ref_time = NULL, *ours_peak = NULL, *ref_peak = NULL;
  g_autoptr(GError) error = NULL;
  double ours_loss = 0, ref_loss = 0, ratio, loss_difference;
  int ours_iterations = 0, ref_iterations = 0;
  gboolean converged = TRUE, pass;
  LogisticJob job;

  for (int i = 1; i < argc; i++)
    {
      if (i + 1 < argc && g_str_equal (argv[i], "--rows"))
        n = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (i + 1 < argc && g_str_equal (argv[i], "--features"))
        p = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (i + 1 < argc && g_str_equal (argv[i], "--runs"))
        runs = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else
        {
          fprintf (stderr, "usage: %s [--rows N] [--features P (1..%d)] [--runs N]\n", argv[0], MAX_FEATURES);
          return 2;
        }
    }
  if (n < 100 || p < 1 || p > MAX_FEATURES || runs < 1)
    {
      fprintf (stderr, "usage: %s [--rows N (at least 100)] [--features P (1..%d)] [--runs N]\n",
               argv[0], MAX_FEATURES);
      return 2;
    }

  if (!python_has ("sklearn, threadpoolctl"))
    {
      printf ("skipped: scikit-learn not found (apt-get install python3-sklearn)\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-logistic-XXXXXX", &error);
  if (dir == NULL)
    {
      printf ("%s\n", error->message);
      return 1;
    }
  script = g_build_filename (dir, "reference.py", NULL);
  data = g_build_filename (dir, "x.f64", NULL);
  y_path = g_strconcat (data, ".y", NULL);

  x = g_new (double, n * p);
  y = g_new (double, n);
  make_data (n, p, x, y);
  if (!g_file_set_contents (script, reference, -1, &error) ||
      !g_file_set_contents (data, (const char *) x, n * p * sizeof (double), &error) ||
      !g_file_set_contents (y_path, (const char *) y, n * sizeof (double), &error))
    {
      printf ("%s\n", error->message);
      remove_tree (dir);
      return 1;
    }

  load = load_average ();
  printf ("Logistic regression, L2, C = 1: %zu rows x %zu features, %u runs a side, 2 threads each; "
          "load average before: %s\n", n, p, runs, load);
  printf ("  run | Segmenta   time (its.)  peak     | scikit-learn lbfgs  time (its.)  peak\n");

  job = (LogisticJob) { x, y, n, p };
  ours_time = g_new (double, runs);
  ref_time = g_new (double, runs);
  ours_peak = g_new (double, runs);
  ref_peak = g_new (double, runs);
  for (guint r = 0; r < runs; r++)
    {
      RunResult ours, ref;
      LogisticAnswer *answer;

      /* Take turns going first, so that the machine's other work weighs
       * on both alike. */
      if (r % 2 == 1 &&
          !run_reference (script, data, n, p, &ref, &ref_loss, &ref_iterations, &error))
        break;
      answer = run_in_child (sizeof (LogisticAnswer), logistic_work, &job, "seg_logistic_fit", &ours, &error);
      if (answer == NULL)
        break;
      ours_loss = answer->log_loss;
      ours_iterations = answer->iterations;
      converged = converged && answer->converged;
      child_memory_free (answer, sizeof (LogisticAnswer));
      if (r % 2 == 0 &&
          !run_reference (script, data, n, p, &ref, &ref_loss, &ref_iterations, &error))
        break;

      ours_time[r] = ours.seconds;
      ref_time[r] = ref.seconds;
      ours_peak[r] = ours.maxrss_kib / 1024.0;
      ref_peak[r] = (ref.maxrss_kib - ref.base_kib) / 1024.0;
      printf ("  %3u | %8.3f s (%3d)  %6.1f MiB | %8.3f s (%3d)  %6.1f MiB above its copy of the data\n",
              r, ours_time[r], ours_iterations, ours_peak[r], ref_time[r], ref_iterations, ref_peak[r]);
    }
  if (error != NULL)
    {
      printf ("failed: %s\n", error->message);
      remove_tree (dir);
      return 1;
    }

  ratio = median (ours_time, runs) / median (ref_time, runs);
  loss_difference = fabs (ours_loss - ref_loss) / ref_loss;
  printf ("  median time: Segmenta %.3f s, scikit-learn %.3f s, ratio %.3f (target <= %.1f)\n",
          median (ours_time, runs), median (ref_time, runs), ratio, TARGET_RATIO);
  printf ("  log loss: Segmenta %.12f, scikit-learn %.12f, relative difference %.2e (at most %.0e)\n",
          ours_loss, ref_loss, loss_difference, LOSS_AGREEMENT);
  printf ("  peak memory: Segmenta %.1f MiB (the whole process, with the %.1f MiB of data), "
          "scikit-learn %.1f MiB above its loaded data\n",
          median (ours_peak, runs), (n * p + n) * sizeof (double) / 1048576.0, median (ref_peak, runs));
  pass = ratio <= TARGET_RATIO && loss_difference <= LOSS_AGREEMENT && converged;
  printf ("bench-logistic: n=%zu p=%zu runs=%u ratio=%.3f loss=%.12f ref_loss=%.12f loss_rel_diff=%.2e "
          "peak_mb=%.1f ref_peak_mb=%.1f target=%s\n",
          n, p, runs, ratio, ours_loss, ref_loss, loss_difference,
          median (ours_peak, runs), median (ref_peak, runs), pass ? "pass" : "miss");

  remove_tree (dir);
  return 0;
}
