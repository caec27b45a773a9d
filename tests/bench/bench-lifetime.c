/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-common.h"
#include "seg-lifetime.h"

/* Customer lifetime value on 100,000 generated customers: BG/NBD and
 * Gamma–Gamma fits and a year's CLV, by phase and with the peak memory,
 * against a SciPy fit of the same BG/NBD likelihood in the same run.
 *
 * The customers are drawn from BG/NBD and Gamma–Gamma with known
 * parameters (GSL's generator, seed 42), over a year of weeks, so the
 * benchmark also checks that the fits find those parameters again. The
 * lifetimes library is not packaged for Debian; the reference is what it
 * does at heart, scipy.optimize.minimize with L-BFGS-B on the log
 * parameters of the mean negative log-likelihood with its gradient
 * written out in NumPy, limited to two threads. Five runs each, the two
 * sides taking turns, medians reported. */

#define N_CUSTOMERS 100000
#define RUNS 5

static const double true_bg[4] = { 0.25, 4.0, 0.8, 2.5 };
static const double true_gg[3] = { 6.0, 4.0, 15.0 };

static const char *reference =
  "import os, resource, sys, time\n"
  "import numpy as np\n"
  "from scipy.optimize import minimize\n"
  "from scipy.special import gammaln, digamma\n"
  "from threadpoolctl import threadpool_limits\n"
  "d = np.fromfile(sys.argv[1], dtype=np.float64).reshape(3, -1)\n"
  "x, tx, T = d\n"
  "pos = x > 0\n"
  "def nll(th):\n"
  "    r, al, a, b = np.exp(th)\n"
  "    a3 = -(r + x) * np.log(al + T)\n"
  "    a4 = np.where(pos, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(al + tx), -np.inf)\n"
  "    m = np.logaddexp(a3, a4)\n"
  "    w4 = np.exp(a4 - m)\n"
  "    ll = gammaln(r + x) - gammaln(r) + r * np.log(al) + gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x) + m\n"
  "    dr = digamma(r + x) - digamma(r) + np.log(al) - (1 - w4) * np.log(al + T) - w4 * np.log(al + tx)\n"
  "    dal = r / al - (1 - w4) * (r + x) / (al + T) - w4 * (r + x) / (al + tx)\n"
  "    da = digamma(a + b) - digamma(a + b + x) + w4 / a\n"
  "    db = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - np.where(pos, w4 / np.maximum(b + x - 1, 1e-300), 0)\n"
  "    g = np.array([dr.mean(), dal.mean(), da.mean(), db.mean()]) * np.array([r, al, a, b])\n"
  "    return -ll.mean(), -g\n"
  "with threadpool_limits(2):\n"
  "    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
  "    t = time.perf_counter()\n"
  "    res = minimize(nll, np.zeros(4), jac=True, method='L-BFGS-B', options={'gtol': 1e-9, 'ftol': 1e-15, 'maxiter': 1000})\n"
  "    t = time.perf_counter() - t\n"
  "p = np.exp(res.x)\n"
  "print(t, base, res.fun * len(x), p[0], p[1], p[2], p[3], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, int(res.success))\n";

typedef struct
{
  double *x, *t_x, *T, *m;
} Customers;

/* Draws a customer's purchases while alive over T weeks: Poisson with
 * rate λ, after each purchase gone with probability p. */
static void
generate (Customers *c)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, 42);
  for (size_t i = 0; i < N_CUSTOMERS; i++)
    {
      double lambda = gsl_ran_gamma (rng, true_bg[0], 1.0 / true_bg[1]);
      double p = gsl_ran_beta (rng, true_bg[2], true_bg[3]);
      double nu = gsl_ran_gamma (rng, true_gg[1], 1.0 / true_gg[2]);
      double T = 1.0 + 51.0 * gsl_rng_uniform (rng);
      double t = 0.0, last = 0.0, spend = 0.0;
      int x = 0;

      for (;;)
        {
          t += gsl_ran_exponential (rng, 1.0 / lambda);
          if (t > T)
            break;
          x++;
          last = t;
          spend += gsl_ran_gamma (rng, true_gg[0], 1.0 / nu);
          if (gsl_rng_uniform (rng) < p)
            break;
        }
      c->x[i] = x;
      c->t_x[i] = last;
      c->T[i] = T;
      c->m[i] = x > 0 ? spend / x : 0.0;
    }
  gsl_rng_free (rng);
}

typedef struct
{
  double bg_seconds, gg_seconds, clv_seconds;
  double bg_cpu, gg_cpu, clv_cpu;
  double bg[4], gg[3];
  double bg_ll;
  double clv_total;
  int    bg_iterations;
} Answer;

/* The CPU time of the whole process, every thread's. */
static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
work (void *shared,
      void *data)
{
  Customers *c = data;
  Answer *answer = shared;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegPurchaseModel) bg = NULL;
  g_autoptr(SegSpendModel) gg = NULL;
  g_autofree double *clv = g_new (double, N_CUSTOMERS);
  SegClvParams params;
  double start = now ();
  double cpu = cpu_now ();

  bg = seg_purchase_model_fit (SEG_PURCHASE_BGNBD, c->x, c->t_x, c->T, NULL, N_CUSTOMERS, NULL, NULL, &error);
  answer->bg_seconds = now () - start;
  answer->bg_cpu = cpu_now () - cpu;
  if (bg == NULL)
    {
      g_printerr ("BG/NBD: %s\n", error->message);
      return 1;
    }
  start = now ();
  cpu = cpu_now ();
  gg = seg_spend_model_fit (c->x, c->m, NULL, N_CUSTOMERS, NULL, NULL, &error);
  answer->gg_seconds = now () - start;
  answer->gg_cpu = cpu_now () - cpu;
  if (gg == NULL)
    {
      g_printerr ("Gamma–Gamma: %s\n", error->message);
      return 1;
    }
  seg_clv_params_init (&params);
  params.units_per_month = 4.345;
  params.margin = 0.3;
  start = now ();
  cpu = cpu_now ();
  if (!seg_clv (bg, gg, c->x, c->t_x, c->T, c->m, N_CUSTOMERS, &params, NULL, clv, &error))
    {
      g_printerr ("CLV: %s\n", error->message);
      return 1;
    }
  answer->clv_seconds = now () - start;
  answer->clv_cpu = cpu_now () - cpu;

  seg_purchase_model_get_params (bg, answer->bg);
  seg_spend_model_get_params (gg, answer->gg);
  answer->bg_ll = seg_purchase_model_get_info (bg)->log_likelihood;
  answer->bg_iterations = seg_purchase_model_get_info (bg)->iterations;
  answer->clv_total = 0.0;
  for (size_t i = 0; i < N_CUSTOMERS; i++)
    answer->clv_total += clv[i];

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  Customers c;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_path = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *load = load_average ();
  g_autofree double *stacked = NULL;
  double ours[RUNS], bg_t[RUNS], gg_t[RUNS], clv_t[RUNS], ref[RUNS];
  double cpu_all[RUNS], bg_c[RUNS], gg_c[RUNS], clv_c[RUNS];
  long our_kib = 0, ref_kib = 0, ref_base = 0;
  double ref_p[4] = { 0 }, ref_nll = 0.0;
  Answer last = { 0 };
  gboolean recovered = TRUE;
  double start;

  if (!python_has ("numpy, scipy.optimize, threadpoolctl"))
    {
      g_print ("SKIP: /usr/bin/python3 with NumPy, SciPy and threadpoolctl is needed for the reference\n");
      return EXIT_SKIPPED;
    }

  c.x = g_new (double, N_CUSTOMERS);
  c.t_x = g_new (double, N_CUSTOMERS);
  c.T = g_new (double, N_CUSTOMERS);
  c.m = g_new (double, N_CUSTOMERS);
  start = now ();
  generate (&c);
  g_print ("lifetime: %d customers drawn from BG/NBD r %g alpha %g a %g b %g, Gamma-Gamma p %g q %g v %g in %.2f s\n",
           N_CUSTOMERS, true_bg[0], true_bg[1], true_bg[2], true_bg[3], true_gg[0], true_gg[1], true_gg[2],
           now () - start);
  g_print ("load average before the runs: %s\n", load);

  dir = g_dir_make_tmp ("bench-lifetime-XXXXXX", &error);
  g_assert_no_error (error);
  data_path = g_build_filename (dir, "customers.f64", NULL);
  script_path = g_build_filename (dir, "reference.py", NULL);
  stacked = g_new (double, 3 * N_CUSTOMERS);
  memcpy (stacked, c.x, N_CUSTOMERS * sizeof (double));
  memcpy (stacked + N_CUSTOMERS, c.t_x, N_CUSTOMERS * sizeof (double));
  memcpy (stacked + 2 * N_CUSTOMERS, c.T, N_CUSTOMERS * sizeof (double));
  if (!g_file_set_contents (data_path, (const char *) stacked, 3 * N_CUSTOMERS * sizeof (double), &error) ||
      !g_file_set_contents (script_path, reference, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      remove_tree (dir);
      return 1;
    }

  for (int run = 0; run < RUNS; run++)
    {
      RunResult result;
      Answer *answer = run_in_child (sizeof (Answer), work, &c, "lifetime", &result, &error);
      const char *py_argv[] = { "/usr/bin/python3", script_path, data_path, NULL };
      g_autofree char *output = NULL;
      long kib = 0, peak = 0;
      int ok = 0;

      if (answer == NULL)
        {
          g_printerr ("%s\n", error->message);
          remove_tree (dir);
          return 1;
        }
      last = *answer;
      child_memory_free (answer, sizeof (Answer));
      ours[run] = last.bg_seconds + last.gg_seconds + last.clv_seconds;
      bg_t[run] = last.bg_seconds;
      gg_t[run] = last.gg_seconds;
      clv_t[run] = last.clv_seconds;
      bg_c[run] = last.bg_cpu;
      gg_c[run] = last.gg_cpu;
      clv_c[run] = last.clv_cpu;
      cpu_all[run] = last.bg_cpu + last.gg_cpu + last.clv_cpu;
      our_kib = MAX (our_kib, result.maxrss_kib);

      g_setenv ("OMP_NUM_THREADS", "2", TRUE);
      g_setenv ("OPENBLAS_NUM_THREADS", "2", TRUE);
      output = capture_output ((char **) py_argv, &error);
      if (output == NULL ||
          sscanf (output, "%lf %ld %lf %lf %lf %lf %lf %ld %d", &ref[run], &kib, &ref_nll,
                  &ref_p[0], &ref_p[1], &ref_p[2], &ref_p[3], &peak, &ok) != 9)
        {
          g_printerr ("SciPy reference: %s\n", error != NULL ? error->message : output);
          remove_tree (dir);
          return 1;
        }
      ref_base = kib;
      ref_kib = MAX (ref_kib, peak);
      g_print ("run %d: ours %.3f s (BG/NBD %.3f, Gamma-Gamma %.3f, CLV %.3f; CPU %.3f s: %.3f, %.3f, %.3f; "
               "child CPU with the data %.3f s), SciPy BG/NBD fit %.3f s%s\n",
               run + 1, ours[run], bg_t[run], gg_t[run], clv_t[run], cpu_all[run], bg_c[run], gg_c[run],
               clv_c[run], result.cpu_seconds, ref[run],
               ok ? "" : " (did not report success)");
    }
  remove_tree (dir);

  g_print ("\nBG/NBD ours : r %.4f alpha %.4f a %.4f b %.4f, -LL %.3f, %d BFGS iterations\n",
           last.bg[0], last.bg[1], last.bg[2], last.bg[3], -last.bg_ll, last.bg_iterations);
  g_print ("BG/NBD SciPy: r %.4f alpha %.4f a %.4f b %.4f, -LL %.3f\n",
           ref_p[0], ref_p[1], ref_p[2], ref_p[3], ref_nll);
  g_print ("Gamma-Gamma ours: p %.4f q %.4f v %.4f\n", last.gg[0], last.gg[1], last.gg[2]);
  g_print ("12-month CLV at margin 0.3, 1%%/month: total %.1f\n", last.clv_total);
  for (int j = 0; j < 4; j++)
    if (fabs (last.bg[j] - true_bg[j]) > 0.15 * true_bg[j])
      recovered = FALSE;
  for (int j = 0; j < 3; j++)
    if (fabs (last.gg[j] - true_gg[j]) > 0.15 * true_gg[j])
      recovered = FALSE;
  g_print ("parameters recovered within 15%%: %s\n", recovered ? "yes" : "NO");

  g_print ("\nmedian of %d: BG/NBD %.3f s, Gamma-Gamma %.3f s, CLV %.3f s, all %.3f s (target 1 s)\n",
           RUNS, median (bg_t, RUNS), median (gg_t, RUNS), median (clv_t, RUNS), median (ours, RUNS));
  g_print ("median CPU time (both threads): BG/NBD %.3f s, Gamma-Gamma %.3f s, CLV %.3f s, all %.3f s\n",
           median (bg_c, RUNS), median (gg_c, RUNS), median (clv_c, RUNS), median (cpu_all, RUNS));
  g_print ("SciPy L-BFGS-B BG/NBD fit alone: %.3f s; ratio SciPy fit / our BG/NBD fit %.1f, "
           "/ our whole run %.1f\n",
           median (ref, RUNS), median (ref, RUNS) / median (bg_t, RUNS), median (ref, RUNS) / median (ours, RUNS));
  g_print ("peak memory: ours %.1f MiB (process with the data), SciPy %.1f MiB (%.1f MiB before the fit)\n",
           our_kib / 1024.0, ref_kib / 1024.0, ref_base / 1024.0);
  g_print ("-LL difference ours - SciPy: %.3g\n", -last.bg_ll - ref_nll);

  g_free (c.x);
  g_free (c.t_x);
  g_free (c.T);
  g_free (c.m);

  return recovered && median (ours, RUNS) <= 1.0 ? 0 : 1;
}
