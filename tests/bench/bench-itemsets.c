/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-baskets.h"
#include "bench-common.h"
#include "seg-itemsets.h"

/* Association rules, two ways:
 *
 * bench-itemsets groceries [GROCERIES.CSV] [GOLDEN-SCRIPT]
 *   mines Groceries (9,835 baskets) at support 0.001 and confidence 0.8
 *   and 0.5 with FP-growth and with Apriori, 11 times each, and a
 *   straightforward numpy enumeration (the golden tests' reference) on
 *   the same file, taking medians.
 *
 * bench-itemsets large [GOLDEN-SCRIPT]
 *   generates 1,000,000 order lines of a shop with 20,000 products and
 *   mines them at support 0.0005, in a child process each time for its
 *   peak memory, printing the time of each phase; and the same with a
 *   level-wise scipy.sparse enumeration and the golden script's rules.
 *
 * The load average is printed first: the machine is shared. */

#define GROCERIES_RUNS 11
#define REFERENCE_RUNS 3
#define LARGE_RUNS 3

/* Both references load the golden script's functions (its path is
 * their first argument) and read their peak memory from /proc. */
#define REFERENCE_PRELUDE \
  "import importlib.util, sys, time\n" \
  "spec = importlib.util.spec_from_file_location('golden', sys.argv[1])\n" \
  "golden = importlib.util.module_from_spec(spec)\n" \
  "spec.loader.exec_module(golden)\n" \
  "def status(key):\n" \
  "    with open('/proc/self/status') as f:\n" \
  "        for line in f:\n" \
  "            if line.startswith(key + ':'):\n" \
  "                return int(line.split()[1])\n" \
  "    return 0\n"

/* Times the reference's enumeration and rules, from reading the file
 * to the last rule, and prints “SECONDS BASE_KIB”. */
static const char *reference =
  REFERENCE_PRELUDE
  "names, matrix = golden.read_baskets(sys.argv[2])\n"
  "base = status('VmRSS')\n"
  "t = time.perf_counter()\n"
  "found = golden.frequent_itemsets(matrix, 10, 10)\n"
  "rules = golden.rules_of(found, matrix.shape[0], matrix.sum(axis=0), float(sys.argv[3]))\n"
  "s = time.perf_counter() - t\n"
  "assert len(rules) == int(sys.argv[4]), len(rules)\n"
  "print(s, base)\n";

/* The large shop's reference: the same enumeration as the golden
 * script's, on a sparse basket × item matrix, and its rules (with their
 * Fisher tests and redundancy), printing “SECONDS BASE_KIB ITEMSETS
 * RULES”. */
static const char *sparse_reference =
  REFERENCE_PRELUDE
  "import math\n"
  "import numpy as np\n"
  "import scipy.sparse as sp\n"
  "basket = np.fromfile(sys.argv[2], dtype=np.uint32)\n"
  "item = np.fromfile(sys.argv[3], dtype=np.uint32)\n"
  "n, m = int(sys.argv[4]), int(sys.argv[5])\n"
  "base = status('VmRSS')\n"
  "t = time.perf_counter()\n"
  "x = sp.csr_matrix((np.ones(len(basket), dtype=np.int32), (basket, item)), shape=(n, m))\n"
  "x.data[:] = 1\n"
  "columns = x.tocsc()\n"
  "counts = np.asarray(x.sum(axis=0)).ravel()\n"
  "min_count = math.ceil(float(sys.argv[6]) * n - 1e-9)\n"
  "found = {}\n"
  "frontier = []\n"
  "for j in np.nonzero(counts >= min_count)[0]:\n"
  "    found[(int(j),)] = int(counts[j])\n"
  "    frontier.append(((int(j),), columns.indices[columns.indptr[j]:columns.indptr[j + 1]]))\n"
  "while frontier:\n"
  "    following = []\n"
  "    for items, rows in frontier:\n"
  "        ext = np.asarray(x[rows].sum(axis=0)).ravel()\n"
  "        ext[:items[-1] + 1] = 0\n"
  "        for j in np.nonzero(ext >= min_count)[0]:\n"
  "            itemset = items + (int(j),)\n"
  "            found[itemset] = int(ext[j])\n"
  "            col = columns.indices[columns.indptr[j]:columns.indptr[j + 1]]\n"
  "            following.append((itemset, np.intersect1d(rows, col, assume_unique=True)))\n"
  "    frontier = following\n"
  "rules = golden.rules_of(found, n, counts, float(sys.argv[7]))\n"
  "s = time.perf_counter() - t\n"
  "print(s, base, len(found), len(rules))\n";

/* CPU time of the process, all threads: on a loaded machine the wall
 * time also counts the time others had the cores. */
static double
cpu_now (void)
{
  struct timespec spec;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &spec);
  return spec.tv_sec + spec.tv_nsec / 1e9;
}

static double
mine_once (const SegBaskets     *baskets,
           SegItemsetsAlgorithm  algorithm,
           double                support,
           double                confidence,
           size_t               *n_itemsets,
           size_t               *n_rules,
           double               *cpu_seconds)
{
  g_autoptr (SegItemsetResult) result = NULL;
  g_autoptr (GError) error = NULL;
  SegItemsetsParams params;
  double cpu = cpu_now ();
  double start = now (), seconds;

  seg_itemsets_params_init (&params);
  params.algorithm = algorithm;
  params.min_support = support;
  params.min_confidence = confidence;
  result = seg_rules_mine (baskets, &params, NULL, &error);
  seconds = now () - start;
  *cpu_seconds = cpu_now () - cpu;
  if (result == NULL)
    g_error ("mining: %s", error->message);
  *n_itemsets = seg_itemset_result_n_itemsets (result);
  *n_rules = seg_itemset_result_n_rules (result);
  return seconds;
}

static int
bench_groceries (const char *path,
                 const char *golden_script)
{
  static const double confidences[] = { 0.8, 0.5 };
  static const size_t arules[] = { 410, 5668 };
  static const char *algorithms[] = { "FP-growth", "Apriori" };
  g_autofree char *text = NULL;
  g_autofree char *load = load_average ();
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  g_autoptr (SegBasketList) list = NULL;
  g_autoptr (GError) error = NULL;
  gboolean with_reference = golden_script != NULL && python_has ("numpy, scipy, statsmodels");
  gsize length;
  int failures = 0;

  if (!g_file_get_contents (path, &text, &length, NULL))
    {
      g_print ("%s is missing: skipped\n", path);
      return EXIT_SKIPPED;
    }
  list = seg_baskets_read_lines (text, length, &error);
  if (list == NULL)
    g_error ("%s: %s", path, error->message);
  if (with_reference)
    {
      dir = g_dir_make_tmp ("bench-itemsets-XXXXXX", &error);
      g_assert_no_error (error);
      script = g_build_filename (dir, "reference.py", NULL);
      if (!g_file_set_contents (script, reference, -1, &error))
        g_error ("%s", error->message);
    }

  g_print ("itemsets-groceries: %zu baskets, %zu items, support 0.001, load average %s\n",
           list->baskets.n_baskets, list->baskets.n_items, load);
  for (size_t c = 0; c < G_N_ELEMENTS (confidences); c++)
    {
      double ours[2][GROCERIES_RUNS], cpu[GROCERIES_RUNS], theirs[REFERENCE_RUNS];
      size_t n_itemsets = 0, n_rules = 0;
      double fastest;

      for (int a = 0; a < 2; a++)
        {
          for (int r = 0; r < GROCERIES_RUNS; r++)
            ours[a][r] = mine_once (&list->baskets, a, 0.001, confidences[c], &n_itemsets, &n_rules, &cpu[r]);
          fastest = ours[a][0];
          for (int r = 1; r < GROCERIES_RUNS; r++)
            fastest = MIN (fastest, ours[a][r]);
          g_print ("  confidence %.1f, %-9s median %.4f s (fastest %.4f, median CPU %.4f s) over %d runs: "
                   "%zu itemsets, %zu rules%s\n",
                   confidences[c], algorithms[a], median (ours[a], GROCERIES_RUNS), fastest,
                   median (cpu, GROCERIES_RUNS), GROCERIES_RUNS, n_itemsets, n_rules,
                   n_rules == arules[c] ? "" : " (arules has a different count)");
          failures += n_rules != arules[c];
        }
      if (!with_reference)
        continue;
      for (int r = 0; r < REFERENCE_RUNS; r++)
        {
          g_autofree char *confidence = g_strdup_printf ("%g", confidences[c]);
          g_autofree char *expected = g_strdup_printf ("%zu", arules[c]);
          const char *argv[] = { "/usr/bin/python3", script, golden_script, path, confidence, expected, NULL };
          RunResult result;

          if (!run_reference_script (argv, "numpy", &result, &error))
            g_error ("%s", error->message);
          theirs[r] = result.seconds;
        }
      g_print ("  confidence %.1f, numpy reference median %.3f s over %d runs; "
               "ratio FP-growth / reference %.4f, Apriori / reference %.4f\n",
               confidences[c], median (theirs, REFERENCE_RUNS), REFERENCE_RUNS,
               median (ours[0], GROCERIES_RUNS) / median (theirs, REFERENCE_RUNS),
               median (ours[1], GROCERIES_RUNS) / median (theirs, REFERENCE_RUNS));
    }
  if (!with_reference)
    g_print ("  numpy, scipy or statsmodels is missing: no reference timed\n");
  g_print ("  target: 0.05 s or less (arules: 0.01-0.06 s)\n");
  if (dir != NULL)
    remove_tree (dir);

  return failures > 0 ? 1 : 0;
}

typedef struct
{
  double   baskets_seconds;
  double   itemsets_seconds;
  double   rules_seconds;
  size_t   n_baskets;
  size_t   n_frequent_items;
  size_t   n_itemsets;
  size_t   n_rules;
  size_t   longest;
} LargeAnswer;

typedef struct
{
  const Lines          *lines;
  SegItemsetsAlgorithm  algorithm;
} LargeProblem;

static int
mine_large (void *shared,
            void *data)
{
  const LargeProblem *problem = data;
  LargeAnswer *answer = shared;
  g_autoptr (SegBasketList) list = NULL;
  g_autoptr (SegItemsetResult) itemsets = NULL;
  g_autoptr (SegItemsetResult) rules = NULL;
  g_autoptr (GError) error = NULL;
  SegItemsetsParams params;
  double start = now ();

  list = seg_basket_list_new_from_pairs (problem->lines->basket_of, problem->lines->item_of,
                                         problem->lines->n_lines, problem->lines->n_baskets,
                                         LARGE_ITEMS, &error);
  if (list == NULL)
    return 1;
  answer->baskets_seconds = now () - start;
  answer->n_baskets = list->baskets.n_baskets;

  seg_itemsets_params_init (&params);
  params.algorithm = problem->algorithm;
  params.min_support = 0.0005;
  params.min_confidence = 0.5;
  start = now ();
  itemsets = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
  answer->itemsets_seconds = now () - start;
  if (itemsets == NULL)
    return 1;
  start = now ();
  rules = seg_rules_mine (&list->baskets, &params, NULL, &error);
  answer->rules_seconds = now () - start;
  if (rules == NULL)
    return 1;
  answer->n_itemsets = seg_itemset_result_n_itemsets (rules);
  answer->n_rules = seg_itemset_result_n_rules (rules);
  answer->n_frequent_items = 0;
  answer->longest = 0;
  for (size_t i = 0; i < answer->n_itemsets; i++)
    {
      const SegItemset *itemset = seg_itemset_result_itemset (rules, i);

      answer->n_frequent_items += itemset->length == 1;
      answer->longest = MAX (answer->longest, itemset->length);
    }
  return 0;
}

/* Times the sparse reference on the lines, written to a temporary
 * directory; FALSE when it cannot run. */
static gboolean
run_sparse_reference (const Lines *lines,
                      const char  *golden_script,
                      double      *seconds,
                      long        *peak_kib,
                      size_t      *n_itemsets,
                      size_t      *n_rules)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-itemsets-XXXXXX", &error);
  g_autofree char *script = NULL, *baskets = NULL, *items = NULL;
  g_autofree char *n_text = g_strdup_printf ("%zu", lines->n_baskets);
  g_autofree char *m_text = g_strdup_printf ("%d", LARGE_ITEMS);
  g_autofree char *output = NULL;
  struct rusage usage;
  GPid pid;
  int out_fd, status;
  double base;

  if (dir == NULL)
    g_error ("%s", error->message);
  script = g_build_filename (dir, "reference.py", NULL);
  baskets = g_build_filename (dir, "baskets.bin", NULL);
  items = g_build_filename (dir, "items.bin", NULL);
  if (!g_file_set_contents (script, sparse_reference, -1, &error) ||
      !g_file_set_contents (baskets, (const char *) lines->basket_of, lines->n_lines * sizeof (uint32_t), &error) ||
      !g_file_set_contents (items, (const char *) lines->item_of, lines->n_lines * sizeof (uint32_t), &error))
    g_error ("%s", error->message);

  {
    const char *argv[] = { "/usr/bin/python3", script, golden_script, baskets, items, n_text, m_text,
                           "0.0005", "0.5", NULL };
    g_autoptr (GIOChannel) channel = NULL;

    if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                   NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
      g_error ("%s", error->message);
    channel = g_io_channel_unix_new (out_fd);
    g_io_channel_set_close_on_unref (channel, TRUE);
    if (g_io_channel_read_to_end (channel, &output, NULL, &error) != G_IO_STATUS_NORMAL)
      g_error ("%s", error->message);
  }
  if (!wait_child (pid, &status, &usage, &error) || !g_spawn_check_wait_status (status, &error))
    g_error ("sparse reference: %s", error->message);
  if (sscanf (output, "%lf %lf %zu %zu", seconds, &base, n_itemsets, n_rules) != 4)
    g_error ("sparse reference printed “%s”", output);
  *peak_kib = usage.ru_maxrss;
  remove_tree (dir);
  return TRUE;
}

static int
bench_large (const char *golden_script)
{
  static const char *algorithms[] = { "FP-growth", "Apriori" };
  g_autofree char *load = load_average ();
  g_autoptr (GError) error = NULL;
  Lines lines = { 0 };
  double start = now (), generate_seconds, fp_median = 0.0;
  size_t our_itemsets = 0, our_rules = 0;
  int failures = 0;

  generate_lines (&lines);
  generate_seconds = now () - start;
  g_print ("itemsets-large: %zu order lines in %zu baskets over %d products (generated in %.2f s), "
           "support 0.0005, confidence 0.5, load average %s\n",
           lines.n_lines, lines.n_baskets, LARGE_ITEMS, generate_seconds, load);

  for (int a = 0; a < 2; a++)
    {
      double baskets[LARGE_RUNS], itemsets[LARGE_RUNS], rules[LARGE_RUNS], whole[LARGE_RUNS];
      LargeProblem problem = { &lines, a };
      LargeAnswer answer = { 0 };
      long peak = 0;

      for (int r = 0; r < LARGE_RUNS; r++)
        {
          RunResult result;
          LargeAnswer *shared = run_in_child (sizeof (LargeAnswer), mine_large, &problem,
                                              algorithms[a], &result, &error);

          if (shared == NULL)
            g_error ("%s", error->message);
          answer = *shared;
          child_memory_free (shared, sizeof (LargeAnswer));
          our_itemsets = answer.n_itemsets;
          our_rules = answer.n_rules;
          baskets[r] = answer.baskets_seconds;
          itemsets[r] = answer.itemsets_seconds;
          rules[r] = answer.rules_seconds;
          whole[r] = answer.baskets_seconds + answer.rules_seconds;
          peak = MAX (peak, result.maxrss_kib);
        }
      g_print ("  %-9s medians over %d runs: baskets from lines %.3f s, itemsets alone %.3f s, "
               "itemsets and rules %.3f s; lines to rules %.3f s (target 5 s); peak RSS %ld MiB\n"
               "            %zu baskets, %zu frequent products, %zu itemsets (longest %zu), %zu rules\n",
               algorithms[a], LARGE_RUNS, median (baskets, LARGE_RUNS), median (itemsets, LARGE_RUNS),
               median (rules, LARGE_RUNS), median (whole, LARGE_RUNS), peak / 1024,
               answer.n_baskets, answer.n_frequent_items, answer.n_itemsets, answer.longest,
               answer.n_rules);
      if (a == 0)
        fp_median = median (whole, LARGE_RUNS);
    }

  if (golden_script != NULL && python_has ("numpy, scipy, statsmodels"))
    {
      double theirs[REFERENCE_RUNS];
      size_t their_itemsets = 0, their_rules = 0;
      long their_peak = 0;

      for (int r = 0; r < REFERENCE_RUNS; r++)
        {
          long peak = 0;

          run_sparse_reference (&lines, golden_script, &theirs[r], &peak, &their_itemsets, &their_rules);
          their_peak = MAX (their_peak, peak);
        }
      g_print ("  scipy.sparse reference median %.2f s over %d runs (lines to rules): %zu itemsets, %zu rules; "
               "peak RSS %ld MiB\n"
               "  ratio FP-growth / reference %.4f\n",
               median (theirs, REFERENCE_RUNS), REFERENCE_RUNS, their_itemsets, their_rules,
               their_peak / 1024, fp_median / median (theirs, REFERENCE_RUNS));
      if (their_itemsets != our_itemsets || their_rules != our_rules)
        {
          g_print ("  the reference found other itemsets or rules\n");
          failures++;
        }
    }
  else
    g_print ("  numpy, scipy or statsmodels is missing: no reference timed\n");
  g_free (lines.basket_of);
  g_free (lines.item_of);
  return failures > 0 ? 1 : 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "large") == 0)
    return bench_large (argc >= 3 ? argv[2] : NULL);
  if (argc >= 2 && strcmp (argv[1], "groceries") == 0)
    {
      const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
      g_autofree char *path = argc >= 3 ? g_strdup (argv[2])
        : shared != NULL ? g_build_filename (shared, "groceries", "groceries.csv", NULL) : NULL;

      if (path == NULL)
        {
          g_print ("no Groceries file given: skipped\n");
          return EXIT_SKIPPED;
        }
      return bench_groceries (path, argc >= 4 ? argv[3] : NULL);
    }
  g_printerr ("usage: %s groceries [GROCERIES.CSV [GOLDEN-SCRIPT]] | large [GOLDEN-SCRIPT]\n", argv[0]);
  return 2;
}
