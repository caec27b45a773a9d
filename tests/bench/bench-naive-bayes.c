/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Gaussian naive Bayes, fit and scoring, against scikit-learn's
 * GaussianNB on the same generated rows, several runs alternating which
 * goes first; prints the medians, their ratio, both log losses and both
 * peak resident set sizes. */

#include <math.h>

#include "bench-common.h"
#include "seg-kmeans.h"
#include "seg-naive-bayes.h"

#define DATA_SEED 2026
#define COLUMNS   20

static const char reference[] =
  "import os, resource, sys, time\n"
  "import numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn.naive_bayes import GaussianNB\n"
  "path, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
  "x = np.fromfile(path, dtype='<f8').reshape(n, d + 1)\n"
  "y = x[:, d].astype(int); x = np.ascontiguousarray(x[:, :d])\n"
  "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "with threadpool_limits(2):\n"
  "    t = time.perf_counter()\n"
  "    p = GaussianNB().fit(x, y).predict_proba(x)[:, 1]\n"
  "    s = time.perf_counter() - t\n"
  "p = np.clip(p, 1e-15, 1 - 1e-15)\n"
  "loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n"
  "open(path + '.loss', 'w').write(repr(loss))\n"
  "print(s, base)\n";

/* Two classes, 40% of class 1, each column normal with a mean and a
 * spread that depend on the class. */
static double *
make_data (gsize n)
{
  double *xy = g_new (double, n * (COLUMNS + 1));
  SegRng rng;

  seg_rng_init (&rng, DATA_SEED);
  for (gsize i = 0; i < n; i++)
    {
      int c = seg_rng_uniform (&rng) < 0.4;

      for (int j = 0; j < COLUMNS; j++)
        {
          double u1 = seg_rng_uniform (&rng), u2 = seg_rng_uniform (&rng);
          double z = sqrt (-2.0 * log (1.0 - u1)) * cos (2.0 * G_PI * u2);

          xy[i * (COLUMNS + 1) + j] = (c ? 0.3 * (j % 3) : 0.0) + (1.0 + 0.2 * c) * z;
        }
      xy[i * (COLUMNS + 1) + COLUMNS] = c;
    }

  return xy;
}

static double
log_loss (const double *p,
          const double *y,
          gsize         n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      double q = CLAMP (p[i], 1e-15, 1 - 1e-15);

      sum -= y[i] * log (q) + (1 - y[i]) * log (1 - q);
    }

  return sum / n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  g_autofree char *data = NULL;
  g_autofree char *loss_path = NULL;
  g_autofree char *loss_text = NULL;
  g_autofree char *load = NULL;
  g_autofree double *xy = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree double *proba = NULL;
  g_autofree double *ours_s = NULL;
  g_autofree double *ref_s = NULL;
  gint n_rows = 500000, n_runs = 5;
  long ref_kib = 0;
  double ours_median, ref_median, ours_loss = 0, ref_loss;
  struct rusage usage;
  int status = EXIT_FAILURE;
  gsize n;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows (default 500000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs per program (default 5); the medians are reported", "N" },
    { NULL }
  };

  context = g_option_context_new ("- time naive Bayes against scikit-learn");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_rows < 2 || n_runs < 1)
    {
      g_printerr ("bench-naive-bayes: %s\n", error != NULL ? error->message : "--rows must be at least 2, --runs at least 1");
      return EXIT_FAILURE;
    }
  n = (gsize) n_rows;
  if (!python_has ("sklearn.naive_bayes, threadpoolctl"))
    {
      g_print ("bench-naive-bayes: SKIP: scikit-learn or threadpoolctl not found for /usr/bin/python3\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-nb-XXXXXX", &error);
  if (dir == NULL)
    goto failed;
  script = g_build_filename (dir, "reference.py", NULL);
  data = g_build_filename (dir, "xy.f64", NULL);
  loss_path = g_strconcat (data, ".loss", NULL);
  xy = make_data (n);
  if (!g_file_set_contents (script, reference, -1, &error) ||
      !g_file_set_contents (data, (const char *) xy, (gssize) (n * (COLUMNS + 1) * sizeof (double)), &error))
    goto failed;
  x = g_new (double, n * COLUMNS);
  y = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      memcpy (x + i * COLUMNS, xy + i * (COLUMNS + 1), COLUMNS * sizeof (double));
      y[i] = xy[i * (COLUMNS + 1) + COLUMNS];
    }
  g_clear_pointer (&xy, g_free);
  proba = g_new (double, n);

  load = load_average ();
  ours_s = g_new0 (double, n_runs);
  ref_s = g_new0 (double, n_runs);
  g_print ("Gaussian naive Bayes, fit and scoring of %" G_GSIZE_FORMAT " x %d rows, 2 threads for each\n",
           n, COLUMNS);
  g_print ("\n  run  Segmenta    scikit-learn\n");
  for (gint i = 0; i < n_runs; i++)
    {
      g_autofree char *n_text = g_strdup_printf ("%" G_GSIZE_FORMAT, n);
      g_autofree char *d_text = g_strdup_printf ("%d", COLUMNS);
      const char *ref_argv[] = { "/usr/bin/python3", script, data, n_text, d_text, NULL };
      RunResult ref = { 0 };
      double start;

      for (int turn = 0; turn < 2; turn++)
        if ((turn == 0) == (i % 2 == 0))
          {
            g_autoptr(SegNaiveBayes) model = NULL;
            SegNaiveBayesParams params;

            seg_naive_bayes_params_init (&params);
            start = now ();
            model = seg_naive_bayes_fit (x, n, COLUMNS, y, NULL, NULL, &params, NULL, &error);
            if (model == NULL || !seg_naive_bayes_predict (model, x, n, proba, &error))
              goto failed;
            ours_s[i] = now () - start;
            ours_loss = log_loss (proba, y, n);
          }
        else
          {
            if (!run_reference_script (ref_argv, "scikit-learn", &ref, &error))
              goto failed;
            ref_s[i] = ref.seconds;
            ref_kib = MAX (ref_kib, ref.maxrss_kib);
          }
      g_print ("  %-3d  %8.3f s  %8.3f s\n", i + 1, ours_s[i], ref_s[i]);
      fflush (stdout);
    }
  if (!g_file_get_contents (loss_path, &loss_text, NULL, &error))
    goto failed;
  ref_loss = g_ascii_strtod (loss_text, NULL);
  getrusage (RUSAGE_SELF, &usage);

  ours_median = median (ours_s, (guint) n_runs);
  ref_median = median (ref_s, (guint) n_runs);
  g_print ("\n  load average before     %s\n", load);
  g_print ("  Segmenta                %.3f s\n", ours_median);
  g_print ("  scikit-learn            %.3f s\n", ref_median);
  g_print ("  ratio Segmenta/sklearn  %.3f\n", ours_median / ref_median);
  g_print ("  log loss                Segmenta %.10f, scikit-learn %.10f\n", ours_loss, ref_loss);
  g_print ("  peak RSS                Segmenta %.1f MiB (with the data), scikit-learn %.1f MiB\n",
           usage.ru_maxrss / 1024.0, ref_kib / 1024.0);
  g_print ("\nbench-naive-bayes: ratio=%.3f segmenta_s=%.3f sklearn_s=%.3f loss=%.10f sklearn_loss=%.10f\n",
           ours_median / ref_median, ours_median, ref_median, ours_loss, ref_loss);
  /* The same model must give the same loss. */
  status = fabs (ours_loss - ref_loss) <= 1e-9 ? EXIT_SUCCESS : EXIT_FAILURE;
  goto out;

failed:
  g_printerr ("bench-naive-bayes: %s\n", error != NULL ? error->message : "failed");
out:
  if (dir != NULL)
    remove_tree (dir);
  return status;
}
