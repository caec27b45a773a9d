/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"
#include "seg-tree.h"

/* A depth-10 classification tree on 1,000,000 rows of 20 features,
 * Segmenta's against scikit-learn's DecisionTreeClassifier, on the same
 * generated data in the same run, each fit repeated and the medians
 * compared. The features are multiples of 1/4096 so that scikit-learn's
 * float32 copy of them is exact and both libraries must grow the same
 * tree: the benchmark fails unless the root splits and the training
 * accuracies agree. SEG_BENCH_TREE_ROWS sets another number of rows. */

#define P 20
#define DEPTH 10
#define REPEATS 3

static const char *reference =
  "import sys, time, warnings\n"
  "import numpy as np\n"
  "from threadpoolctl import threadpool_limits\n"
  "from sklearn.tree import DecisionTreeClassifier\n"
  "warnings.simplefilter('ignore')\n"
  "def status(key):\n"
  "    with open('/proc/self/status') as f:\n"
  "        for line in f:\n"
  "            if line.startswith(key + ':'):\n"
  "                return int(line.split()[1])\n"
  "    return 0\n"
  "n, p, depth = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])\n"
  "x = np.fromfile(sys.argv[1], dtype=np.float64).reshape(n, p)\n"
  "y = np.fromfile(sys.argv[2], dtype=np.float64)\n"
  "base = status('VmRSS')\n"
  "with threadpool_limits(2):\n"
  "    for r in range(int(sys.argv[6])):\n"
  "        t = time.perf_counter()\n"
  "        m = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(x, y)\n"
  "        s = time.perf_counter() - t\n"
  "        acc = float((m.predict(x) == y).mean())\n"
  "        print(s, m.tree_.feature[0], repr(float(m.tree_.threshold[0])), repr(acc),\n"
  "              m.tree_.node_count, base, status('VmHWM'), flush=True)\n";

typedef struct
{
  const double *x;
  const double *y;
  gsize         n;
} Problem;

typedef struct
{
  int    root_feature;
  double root_threshold;
  double accuracy;
  gsize  n_nodes;
  double fit_seconds;
} Answer;

static int
fit_ours (void *shared,
          void *data)
{
  const Problem *problem = data;
  Answer *answer = shared;
  g_autoptr(SegTree) tree = NULL;
  g_autofree double *proba = NULL;
  SegTreeParams params;
  gsize right = 0;
  double start = now ();

  seg_tree_params_init (&params);
  params.max_depth = DEPTH;
  tree = seg_tree_fit (problem->x, problem->n, P, problem->y, 2, NULL, &params, NULL, NULL);
  answer->fit_seconds = now () - start;
  if (tree == NULL)
    return 1;
  answer->root_feature = seg_tree_nodes (tree)[0].feature;
  answer->root_threshold = seg_tree_nodes (tree)[0].threshold;
  answer->n_nodes = seg_tree_n_nodes (tree);

  /* The accuracy is not timed, as on scikit-learn's side. */
  proba = g_new (double, problem->n);
  seg_tree_predict (tree, problem->x, problem->n, proba);
  for (gsize i = 0; i < problem->n; i++)
    right += (proba[i] > 0.5) == (problem->y[i] == 1.0);
  answer->accuracy = (double) right / (double) problem->n;

  return 0;
}

int
main (void)
{
  const char *rows = g_getenv ("SEG_BENCH_TREE_ROWS");
  gsize n = rows != NULL ? (gsize) g_ascii_strtoull (rows, NULL, 10) : 1000000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autofree double *x = g_new (double, n * P);
  g_autofree double *y = g_new (double, n);
  g_autofree char *dir = NULL;
  g_autofree char *x_path = NULL, *y_path = NULL, *script = NULL;
  g_autofree char *load = load_average ();
  g_autoptr(GError) error = NULL;
  double ours[REPEATS], theirs[REPEATS];
  Answer answer = { 0 };
  Problem problem = { x, y, n };
  long our_peak = 0, their_peak = 0, their_base = 0;
  int their_feature = -1;
  double their_threshold = 0.0, their_accuracy = -1.0;
  long their_nodes = 0;

  if (!python_has ("sklearn, threadpoolctl"))
    {
      g_print ("scikit-learn is missing: skipped\n");
      return EXIT_SKIPPED;
    }

  /* Normal features, a label from a few of them and noise. */
  for (gsize i = 0; i < n; i++)
    {
      double *row = x + i * P, score;

      for (gsize j = 0; j < P; j++)
        {
          double u = g_rand_double (rand) + 1e-12, v = g_rand_double (rand);

          row[j] = round (sqrt (-2 * log (u)) * cos (2 * G_PI * v) * 4096) / 4096;
        }
      score = row[0] - 0.7 * row[1] * row[2] + sin (2 * row[3]) + 0.3 * row[4] * row[4] +
              (g_rand_double (rand) - 0.5) * 2.0;
      y[i] = score > 0.3 ? 1.0 : 0.0;
    }

  dir = g_dir_make_tmp ("bench-tree-XXXXXX", &error);
  g_assert_no_error (error);
  x_path = g_build_filename (dir, "x.bin", NULL);
  y_path = g_build_filename (dir, "y.bin", NULL);
  script = g_build_filename (dir, "reference.py", NULL);
  if (!g_file_set_contents (x_path, (const char *) x, n * P * sizeof (double), &error) ||
      !g_file_set_contents (y_path, (const char *) y, n * sizeof (double), &error) ||
      !g_file_set_contents (script, reference, -1, &error))
    g_error ("%s", error->message);

  g_print ("tree: depth %d on %zu rows x %d features, load average %s\n", DEPTH, n, P, load);

  /* The two sides take turns, so that other work slows both alike. */
  for (int r = 0; r < REPEATS; r++)
    {
      g_autofree char *n_text = g_strdup_printf ("%zu", n);
      g_autofree char *p_text = g_strdup_printf ("%d", P);
      g_autofree char *depth_text = g_strdup_printf ("%d", DEPTH);
      const char *argv[] = { "/usr/bin/python3", script, x_path, y_path, n_text, p_text, depth_text, "1", NULL };
      g_autofree char *output = NULL;
      g_autofree char *errors = NULL;
      g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OMP_NUM_THREADS", "2", TRUE);
      RunResult result;
      Answer *shared;
      int status;
      long hwm = 0;

      shared = run_in_child (sizeof (Answer), fit_ours, &problem, "Segmenta", &result, &error);
      if (shared == NULL)
        g_error ("%s", error->message);
      answer = *shared;
      child_memory_free (shared, sizeof (Answer));
      ours[r] = answer.fit_seconds;
      our_peak = MAX (our_peak, result.maxrss_kib);

      if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                         &output, &errors, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("scikit-learn: %s %s", error != NULL ? error->message : "", errors);
      if (sscanf (output, "%lf %d %lf %lf %ld %ld %ld", &theirs[r], &their_feature,
                  &their_threshold, &their_accuracy, &their_nodes, &their_base, &hwm) != 7)
        g_error ("scikit-learn printed “%s”", output);
      their_peak = MAX (their_peak, hwm);
      g_print ("  run %d: Segmenta %.2f s, scikit-learn %.2f s\n", r + 1, ours[r], theirs[r]);
    }

  g_print ("Segmenta:     median %.2f s, %zu nodes, root x%d <= %.9g, training accuracy %.9f, peak RSS %ld MiB\n",
           median (ours, REPEATS), answer.n_nodes, answer.root_feature, answer.root_threshold,
           answer.accuracy, our_peak / 1024);
  g_print ("scikit-learn: median %.2f s, %ld nodes, root x%d <= %.9g, training accuracy %.9f, peak RSS %ld MiB (%ld MiB with the data loaded)\n",
           median (theirs, REPEATS), their_nodes, their_feature, their_threshold,
           their_accuracy, their_peak / 1024, their_base / 1024);
  g_print ("ratio Segmenta / scikit-learn: %.3f (target <= 0.5)\n",
           median (ours, REPEATS) / median (theirs, REPEATS));

  remove_tree (dir);

  if (answer.root_feature != their_feature || answer.root_threshold != their_threshold ||
      fabs (answer.accuracy - their_accuracy) > 1e-9)
    {
      g_print ("the two trees disagree\n");
      return 1;
    }

  return 0;
}
