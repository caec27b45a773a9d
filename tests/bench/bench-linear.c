/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "seg-kmeans.h"
#include "seg-linear.h"

/* Least squares and ridge against scikit-learn (LinearRegression and
 * Ridge, each with its default solver) on the same generated data in
 * the same run, the reference limited to two threads. Each side fits
 * REPEATS times and its median is compared; both report the penalised
 * loss they reached, which must agree, and their peak memory. */

#define REPEATS 5

static const char *reference =
  "import resource, sys, time\n"
  "import numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn.linear_model import LinearRegression, Ridge\n"
  "path, n, p, alpha, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]\n"
  "data = np.fromfile(path, dtype='<f8').reshape(n, p + 1)\n"
  "x, y = np.ascontiguousarray(data[:, :p]), data[:, p].copy()\n"
  "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "times = []\n"
  "with threadpool_limits(limits=2):\n"
  "    for r in range(int(sys.argv[6])):\n"
  "        start = time.perf_counter()\n"
  "        model = (Ridge(alpha=alpha) if alpha > 0 else LinearRegression()).fit(x, y)\n"
  "        times.append(time.perf_counter() - start)\n"
  "residual = y - model.predict(x)\n"
  "loss = residual @ residual + alpha * model.coef_ @ model.coef_\n"
  "open(out, 'w').write(repr(float(loss)))\n"
  "print(sorted(times)[len(times) // 2], base)\n";

static double
loss_of (const SegLinear *fit,
         const double    *x,
         const double    *y,
         size_t           n,
         size_t           p,
         double           alpha)
{
  g_autofree double *pred = g_new (double, n);
  const double *coef = seg_linear_coefficients (fit);
  double loss = 0;

  seg_linear_predict (fit, x, n, pred);
  for (size_t i = 0; i < n; i++)
    loss += (y[i] - pred[i]) * (y[i] - pred[i]);
  for (size_t j = 1; j <= p; j++)
    loss += alpha * coef[j] * coef[j];

  return loss;
}

static gboolean
compare (const char *dir,
         size_t      n,
         size_t      p,
         double      alpha)
{
  g_autofree double *x = g_new (double, n * p);
  g_autofree double *y = g_new (double, n);
  g_autofree double *rows = g_new (double, n * (p + 1));
  g_autofree char *data = g_build_filename (dir, "data.bin", NULL);
  g_autofree char *script = g_build_filename (dir, "reference.py", NULL);
  g_autofree char *loss_path = g_build_filename (dir, "loss.txt", NULL);
  g_autofree char *loss_text = NULL;
  g_autoptr(GError) error = NULL;
  char n_text[32], p_text[32], alpha_text[32], repeats_text[16];
  const char *argv[] = { "/usr/bin/python3", script, data, n_text, p_text, alpha_text, loss_path, repeats_text, NULL };
  double times[REPEATS], ours_loss = NAN, theirs_loss;
  SegLinearParams params;
  RunResult theirs = { 0 };
  struct rusage usage;
  SegRng rng;

  seg_rng_init (&rng, 20261202 + p);
  for (size_t i = 0; i < n; i++)
    {
      double target = 1.0;

      for (size_t j = 0; j < p; j++)
        {
          /* Correlated columns: each leans on the one before. */
          double v = seg_rng_uniform (&rng) * 2 - 1 + (j > 0 ? 0.5 * x[i * p + j - 1] : 0);

          x[i * p + j] = v;
          target += v * ((double) (j % 7) - 3.0) / 3.0;
        }
      y[i] = target + (seg_rng_uniform (&rng) - 0.5);
      memcpy (rows + i * (p + 1), x + i * p, p * sizeof (double));
      rows[i * (p + 1) + p] = y[i];
    }
  if (!g_file_set_contents (data, (const char *) rows, (gssize) (n * (p + 1) * sizeof (double)), &error) ||
      !g_file_set_contents (script, reference, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  seg_linear_params_init (&params);
  params.alpha = alpha;
  for (int r = 0; r < REPEATS; r++)
    {
      g_autoptr(SegLinear) fit = NULL;
      double start = now ();

      fit = seg_linear_fit (x, n, p, y, NULL, &params, NULL, &error);
      times[r] = now () - start;
      if (fit == NULL)
        {
          g_printerr ("%s\n", error->message);
          return FALSE;
        }
      ours_loss = loss_of (fit, x, y, n, p, alpha);
    }
  getrusage (RUSAGE_SELF, &usage);

  g_snprintf (n_text, sizeof n_text, "%zu", n);
  g_snprintf (p_text, sizeof p_text, "%zu", p);
  g_ascii_dtostr (alpha_text, sizeof alpha_text, alpha);
  g_snprintf (repeats_text, sizeof repeats_text, "%d", REPEATS);
  if (!run_reference_script (argv, "scikit-learn", &theirs, &error) ||
      !g_file_get_contents (loss_path, &loss_text, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  theirs_loss = g_ascii_strtod (loss_text, NULL);

  g_print ("%-6s n=%-7zu p=%-4zu ours %.4f s  scikit-learn %.4f s  ratio %.2f  "
           "loss ours %.10g theirs %.10g (rel. diff %.1e)  peak ours %ld MiB theirs %ld MiB\n",
           alpha > 0 ? "ridge" : "ols", n, p, median (times, REPEATS), theirs.seconds,
           median (times, REPEATS) / theirs.seconds, ours_loss, theirs_loss,
           fabs (ours_loss - theirs_loss) / theirs_loss, usage.ru_maxrss / 1024, theirs.maxrss_kib / 1024);

  return fabs (ours_loss - theirs_loss) <= 1e-9 * theirs_loss;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *load = load_average ();
  gboolean ok = TRUE;
  const size_t sizes[][2] = { { 100000, 20 }, { 200000, 60 } };

  if (!python_has ("numpy, sklearn, threadpoolctl"))
    {
      g_print ("skipped: /usr/bin/python3 lacks numpy, scikit-learn or threadpoolctl\n");
      return EXIT_SKIPPED;
    }
  g_setenv ("OMP_NUM_THREADS", "2", TRUE);
  g_setenv ("OPENBLAS_NUM_THREADS", "2", TRUE);
  dir = g_dir_make_tmp ("bench-linear-XXXXXX", NULL);
  g_print ("load average before: %s; medians of %d fits each\n", load, REPEATS);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      ok = compare (dir, sizes[s][0], sizes[s][1], 0.0) && ok;
      ok = compare (dir, sizes[s][0], sizes[s][1], 10.0) && ok;
    }
  remove_tree (dir);

  return ok ? 0 : 1;
}
