/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * bench-itemsets large
 *   generates 1,000,000 order lines of a shop with 20,000 products and
 *   mines them at support 0.0005, in a child process each time for its
 *   peak memory, printing the time of each phase.
 *
 * The load average is printed first: the machine is shared. */

#define GROCERIES_RUNS 11
#define REFERENCE_RUNS 3
#define LARGE_RUNS 3

/* Times the reference's enumeration and rules, from reading the file
 * to the last rule, and prints “SECONDS BASE_KIB”. */
static const char *reference =
  "import importlib.util, sys, time\n"
  "spec = importlib.util.spec_from_file_location('golden', sys.argv[1])\n"
  "golden = importlib.util.module_from_spec(spec)\n"
  "spec.loader.exec_module(golden)\n"
  "def status(key):\n"
  "    with open('/proc/self/status') as f:\n"
  "        for line in f:\n"
  "            if line.startswith(key + ':'):\n"
  "                return int(line.split()[1])\n"
  "    return 0\n"
  "names, matrix = golden.read_baskets(sys.argv[2])\n"
  "base = status('VmRSS')\n"
  "t = time.perf_counter()\n"
  "found = golden.frequent_itemsets(matrix, 10, 10)\n"
  "rules = golden.rules_of(found, matrix.shape[0], matrix.sum(axis=0), float(sys.argv[3]))\n"
  "s = time.perf_counter() - t\n"
  "assert len(rules) == int(sys.argv[4]), len(rules)\n"
  "print(s, base)\n";

static double
mine_once (const SegBaskets     *baskets,
           SegItemsetsAlgorithm  algorithm,
           double                support,
           double                confidence,
           size_t               *n_itemsets,
           size_t               *n_rules)
{
  g_autoptr (SegItemsetResult) result = NULL;
  g_autoptr (GError) error = NULL;
  SegItemsetsParams params;
  double start = now (), seconds;

  seg_itemsets_params_init (&params);
  params.algorithm = algorithm;
  params.min_support = support;
  params.min_confidence = confidence;
  result = seg_rules_mine (baskets, &params, NULL, &error);
  seconds = now () - start;
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
      double ours[2][GROCERIES_RUNS], theirs[REFERENCE_RUNS];
      size_t n_itemsets = 0, n_rules = 0;
      double fastest;

      for (int a = 0; a < 2; a++)
        {
          for (int r = 0; r < GROCERIES_RUNS; r++)
            ours[a][r] = mine_once (&list->baskets, a, 0.001, confidences[c], &n_itemsets, &n_rules);
          fastest = ours[a][0];
          for (int r = 1; r < GROCERIES_RUNS; r++)
            fastest = MIN (fastest, ours[a][r]);
          g_print ("  confidence %.1f, %-9s median %.4f s (fastest %.4f) over %d runs: %zu itemsets, %zu rules%s\n",
                   confidences[c], algorithms[a], median (ours[a], GROCERIES_RUNS), fastest,
                   GROCERIES_RUNS, n_itemsets, n_rules,
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

/* xorshift64*: the same lines on every machine. */
static inline guint64
next_random (guint64 *state)
{
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  return *state * 0x2545f4914f6cdd1dull;
}

static inline double
next_uniform (guint64 *state)
{
  return (double) (next_random (state) >> 11) / 9007199254740992.0;
}

#define LARGE_LINES 1000000
#define LARGE_ITEMS 20000
#define LARGE_BUNDLES 300

typedef struct
{
  uint32_t *basket_of;
  uint32_t *item_of;
  size_t    n_lines;
  size_t    n_baskets;
} Lines;

/* Order lines of a shop: products chosen with Zipf-like popularity
 * (weight 1 / rank), basket sizes geometric with mean 3, and one basket
 * in five holding one of 300 bundles of two to four products bought
 * together (drawn from the 3,000 most popular). */
static void
generate_lines (Lines *lines)
{
  guint64 state = 0x5eed2026u;
  g_autofree double *cumulative = g_new (double, LARGE_ITEMS);
  uint32_t bundles[LARGE_BUNDLES][4];
  int bundle_size[LARGE_BUNDLES];
  double total = 0.0;

  for (size_t i = 0; i < LARGE_ITEMS; i++)
    {
      total += 1.0 / (double) (i + 1);
      cumulative[i] = total;
    }
  for (size_t b = 0; b < LARGE_BUNDLES; b++)
    {
      bundle_size[b] = 2 + (int) (next_random (&state) % 3);
      for (int k = 0; k < bundle_size[b]; k++)
        bundles[b][k] = (uint32_t) (next_random (&state) % 3000);
    }

  lines->basket_of = g_new (uint32_t, LARGE_LINES + 8);
  lines->item_of = g_new (uint32_t, LARGE_LINES + 8);
  lines->n_lines = 0;
  lines->n_baskets = 0;
  while (lines->n_lines < LARGE_LINES)
    {
      uint32_t basket = (uint32_t) lines->n_baskets++;
      int size = 1;

      while (next_uniform (&state) < 2.0 / 3.0)
        size++;
      if (next_uniform (&state) < 0.2)
        {
          size_t b = next_random (&state) % LARGE_BUNDLES;

          for (int k = 0; k < bundle_size[b] && lines->n_lines < LARGE_LINES; k++)
            {
              lines->basket_of[lines->n_lines] = basket;
              lines->item_of[lines->n_lines++] = bundles[b][k];
            }
          size = MAX (1, size - bundle_size[b]);
        }
      for (int k = 0; k < size && lines->n_lines < LARGE_LINES; k++)
        {
          double u = next_uniform (&state) * total;
          size_t low = 0, high = LARGE_ITEMS - 1;

          while (low < high)
            {
              size_t middle = (low + high) / 2;

              if (cumulative[middle] < u)
                low = middle + 1;
              else
                high = middle;
            }
          lines->basket_of[lines->n_lines] = basket;
          lines->item_of[lines->n_lines++] = (uint32_t) low;
        }
    }
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

static int
bench_large (void)
{
  static const char *algorithms[] = { "FP-growth", "Apriori" };
  g_autofree char *load = load_average ();
  g_autoptr (GError) error = NULL;
  Lines lines = { 0 };
  double start = now (), generate_seconds;

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
    }
  g_free (lines.basket_of);
  g_free (lines.item_of);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "large") == 0)
    return bench_large ();
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
  g_printerr ("usage: %s groceries [GROCERIES.CSV [GOLDEN-SCRIPT]] | large\n", argv[0]);
  return 2;
}
