/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "bench-baskets.h"
#include "bench-common.h"
#include "seg-itemsets.h"

/* The whole command `segmenta-cli rules`, from opening the project to
 * the last row of its result tables, against the mining kernel alone on
 * the same baskets in the same run:
 *
 * bench-rules groceries SEGMENTA-CLI GROCERIES.CSV
 *   Groceries imported with import --baskets (not timed), rules at
 *   support 0.001 and confidence 0.8, 11 runs.
 *
 * bench-rules large SEGMENTA-CLI
 *   the kernel benchmark's 1,000,000 generated order lines over 20,000
 *   products as a CSV of invoice and product, imported (not timed),
 *   rules at support 0.0005 and confidence 0.5, 5 runs, with the peak
 *   memory of each.
 *
 * Each prints the median time of the command, of its phases (from the
 * run record: reading the baskets, mining, writing the tables) and of
 * the kernel alone, their ratio, and the load average. */

#define GROCERIES_RUNS 11
#define LARGE_RUNS 5

typedef struct
{
  const SegBaskets *baskets;
  double            support;
  double            confidence;
} Mining;

typedef struct
{
  size_t n_rules;
} MiningAnswer;

static int
mine (void *shared,
      void *data)
{
  const Mining *mining = data;
  MiningAnswer *answer = shared;
  g_autoptr(SegItemsetResult) result = NULL;
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_support = mining->support;
  params.min_confidence = mining->confidence;
  params.min_length = 2;
  result = seg_rules_mine (mining->baskets, &params, NULL, NULL);
  if (result == NULL)
    return 1;
  answer->n_rules = seg_itemset_result_n_rules (result);
  return 0;
}

/* Runs the command @runs times for the time and the peak memory, and as
 * many times again with --json for the phases the run record times. */
static void
time_command (const char *cli,
              const char *project,
              const char *table,
              const char *support,
              const char *confidence,
              int         runs,
              const char *name,
              double      kernel,
              long        kernel_kib)
{
  const char *argv[] = {
    cli, "-p", project, "--quiet", "rules", "--table", table, "--min-support", support, "--min-confidence",
    confidence, "--output-table", "bench", "--replace", NULL,
  };
  const char *json_argv[] = {
    cli, "-p", project, "--json", "rules", "--table", table, "--min-support", support, "--min-confidence",
    confidence, "--output-table", "bench", "--replace", "--top", "0", NULL,
  };
  static const char *const phases[] = { "load", "prepare", "fit", "measure", "write" };
  g_autofree double *whole = g_new0 (double, runs);
  g_autofree double *phase = g_new0 (double, runs * G_N_ELEMENTS (phases));
  g_autoptr(GError) error = NULL;
  gint64 n_rules = 0, n_baskets = 0;
  long peak = 0;

  for (int r = 0; r < runs; r++)
    {
      RunResult result;

      if (!run_timed ((char *const *) argv, &result, &error))
        g_error ("%s: %s", name, error->message);
      whole[r] = result.seconds;
      peak = MAX (peak, result.maxrss_kib);
    }
  for (int r = 0; r < runs; r++)
    {
      g_autofree char *out = capture_output ((char *const *) json_argv, &error);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *timings, *metrics;

      if (out == NULL || (root = json_from_string (out, &error)) == NULL)
        g_error ("%s: %s", name, error->message);
      timings = json_object_get_object_member (json_node_get_object (root), "timings");
      metrics = json_object_get_object_member (json_node_get_object (root), "metrics");
      for (guint p = 0; p < G_N_ELEMENTS (phases); p++)
        phase[p * runs + r] = json_object_get_double_member_with_default (timings, phases[p], 0.0);
      n_rules = json_object_get_int_member (metrics, "rules");
      n_baskets = json_object_get_int_member (metrics, "baskets");
    }

  g_print ("  %" G_GINT64_FORMAT " baskets, %" G_GINT64_FORMAT " rules\n", n_baskets, n_rules);
  g_print ("  whole command median %.3f s over %d runs, peak RSS %ld MiB\n", median (whole, runs), runs,
           peak / 1024);
  g_print ("  phases (medians): read baskets %.3f s, prepare %.3f s, mine %.3f s, write %.3f s\n",
           median (phase, runs), median (phase + runs, runs), median (phase + 2 * runs, runs),
           median (phase + 4 * runs, runs));
  g_print ("  kernel alone median %.3f s, peak RSS %ld MiB; ratio command / kernel %.2f\n", kernel,
           kernel_kib / 1024, median (whole, runs) / kernel);
}

/* The kernel on @baskets, @runs times in a child each, for the median
 * time and the peak memory. */
static double
time_kernel (const SegBaskets *baskets,
             double            support,
             double            confidence,
             int               runs,
             long             *peak)
{
  g_autofree double *seconds = g_new0 (double, runs);
  g_autoptr(GError) error = NULL;
  Mining mining = { baskets, support, confidence };

  *peak = 0;
  for (int r = 0; r < runs; r++)
    {
      RunResult result;
      MiningAnswer *answer = run_in_child (sizeof (MiningAnswer), mine, &mining, "kernel", &result, &error);

      if (answer == NULL)
        g_error ("%s", error->message);
      child_memory_free (answer, sizeof (MiningAnswer));
      seconds[r] = result.seconds;
      *peak = MAX (*peak, result.maxrss_kib);
    }
  return median (seconds, runs);
}

static void
import (const char *cli,
        const char *project,
        const char *path,
        gboolean    baskets)
{
  const char *argv[] = { cli, "-p", project, "--quiet", "import", baskets ? "--baskets" : path,
                         baskets ? path : NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = capture_output ((char *const *) argv, &error);

  if (out == NULL)
    g_error ("import: %s", error->message);
}

static int
bench_groceries (const char *cli,
                 const char *path)
{
  g_autofree char *load = load_average ();
  g_autofree char *dir = g_dir_make_tmp ("bench-rules-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "groceries.segmenta", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SegBasketList) list = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  double kernel;
  long kernel_kib;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("rules-groceries: %s not found: skipped\n", path);
      remove_tree (dir);
      return EXIT_SKIPPED;
    }
  g_print ("rules-groceries: support 0.001, confidence 0.8, load average %s\n", load);
  if (!g_file_get_contents (path, &text, &length, &error) ||
      (list = seg_baskets_read_lines (text, length, &error)) == NULL)
    g_error ("%s", error->message);
  kernel = time_kernel (&list->baskets, 0.001, 0.8, GROCERIES_RUNS, &kernel_kib);
  import (cli, project, path, TRUE);
  time_command (cli, project, "groceries", "0.001", "0.8", GROCERIES_RUNS, "rules-groceries", kernel, kernel_kib);
  g_print ("  target: the whole command in 0.5 s or less\n");
  remove_tree (dir);
  return 0;
}

static int
bench_large (const char *cli)
{
  g_autofree char *load = load_average ();
  g_autofree char *dir = g_dir_make_tmp ("bench-rules-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "large.segmenta", NULL);
  g_autofree char *csv = g_build_filename (dir, "orders.csv", NULL);
  g_autoptr(GString) text = g_string_sized_new (24 * LARGE_LINES);
  g_autoptr(SegBasketList) list = NULL;
  g_autoptr(GError) error = NULL;
  Lines lines = { 0 };
  double kernel;
  long kernel_kib;

  generate_lines (&lines);
  g_print ("rules-large: %zu order lines in %zu baskets over %d products, support 0.0005, confidence 0.5, "
           "load average %s\n", lines.n_lines, lines.n_baskets, LARGE_ITEMS, load);
  g_string_append (text, "invoice,sku\n");
  for (size_t i = 0; i < lines.n_lines; i++)
    g_string_append_printf (text, "%u,P%05u\n", lines.basket_of[i] + 1, lines.item_of[i]);
  if (!g_file_set_contents (csv, text->str, (gssize) text->len, &error))
    g_error ("%s", error->message);

  list = seg_basket_list_new_from_pairs (lines.basket_of, lines.item_of, lines.n_lines, lines.n_baskets,
                                         LARGE_ITEMS, &error);
  if (list == NULL)
    g_error ("%s", error->message);
  kernel = time_kernel (&list->baskets, 0.0005, 0.5, LARGE_RUNS, &kernel_kib);
  import (cli, project, csv, FALSE);
  time_command (cli, project, "orders", "0.0005", "0.5", LARGE_RUNS, "rules-large", kernel, kernel_kib);
  g_print ("  target: the whole command in 5 s or less\n");

  g_free (lines.basket_of);
  g_free (lines.item_of);
  remove_tree (dir);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 3 && strcmp (argv[1], "large") == 0)
    return bench_large (argv[2]);
  if (argc >= 4 && strcmp (argv[1], "groceries") == 0)
    return bench_groceries (argv[2], argv[3]);
  g_printerr ("usage: %s groceries SEGMENTA-CLI GROCERIES.CSV | large SEGMENTA-CLI\n", argv[0]);
  return 2;
}
