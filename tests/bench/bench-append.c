/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "bench-common.h"

/*
 * A week of new orders added to the sample shop: 1,000 order lines
 * appended to its 50,884 through the whole command, as a shop owner's
 * script runs it (`segmenta-cli import week.csv --append-to orders`),
 * process start and the transaction's commit included. Then the history
 * listing, which works out for every run whether its table changed. The
 * target is absolute: the append in well under a second.
 *
 * Usage: bench-append SEGMENTA-CLI ORDERS.CSV
 */

#define TARGET_SECONDS 0.5
#define RUNS 7
#define NEW_LINES 1000

/* NEW_LINES order lines drawn from the shop's own, under new invoice
 * numbers: the customers, products and prices of a real week. */
static char *
write_week (const char  *orders,
            const char  *dir,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) week = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  g_autofree char *path = g_build_filename (dir, "week.csv", NULL);
  guint n;

  if (!g_file_get_contents (orders, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  while (n > 1 && lines[n - 1][0] == '\0')
    n--;
  g_assert (n > 1);

  week = g_string_new (lines[0]);
  g_string_append_c (week, '\n');
  for (guint i = 0; i < NEW_LINES; i++)
    {
      const char *line = lines[g_rand_int_range (rand, 1, n)];
      const char *rest = strchr (line, ',');

      g_assert (rest != NULL);
      /* Five lines to an invoice, as orders go. */
      g_string_append_printf (week, "INV-9%05u%s\n", i / 5, rest);
    }

  if (!g_file_set_contents (path, week->str, week->len, error))
    return NULL;

  return g_steal_pointer (&path);
}

static gint64
table_rows (const char  *cli,
            const char  *project,
            GError     **error)
{
  char *argv[] = { (char *) cli, "-p", (char *) project, "--json", "tables", NULL };
  g_autofree char *output = capture_output (argv, error);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *tables;

  if (output == NULL || (root = json_from_string (output, error)) == NULL)
    return -1;
  tables = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_str_equal (json_object_get_string_member (table, "name"), "orders"))
        return json_object_get_int_member (table, "rows");
    }

  return -1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autofree char *week = NULL;
  g_autofree char *load = NULL;
  g_autofree char *listing = NULL;
  double append_seconds[RUNS], append_cpu[RUNS], runs_seconds[RUNS];
  long rss_kib = 0;
  gint64 before, after;
  const char *cli, *orders;

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      g_printerr ("usage: bench-append SEGMENTA-CLI ORDERS.CSV\n");
      return 2;
    }
  cli = argv[1];
  orders = argv[2];

  dir = g_dir_make_tmp ("segmenta-bench-append-XXXXXX", &error);
  g_assert_no_error (error);
  project = g_build_filename (dir, "shop.segmenta", NULL);
  week = write_week (orders, dir, &error);
  if (week == NULL)
    g_error ("%s", error->message);
  load = load_average ();

  /* The shop as it stands, with one analysis of its orders on record. */
  {
    char *import[] = { (char *) cli, "-p", project, "--quiet", "import", (char *) orders, "--table", "orders", NULL };
    char *recommend[] = { (char *) cli, "-p", project, "--quiet", "recommend", "--table", "orders",
                          "--user", "customer_id", "--item", "sku", NULL };
    RunResult result;

    if (!run_timed (import, &result, &error))
      g_error ("import: %s", error->message);
    if (!run_timed (recommend, &result, &error))
      g_error ("recommend: %s", error->message);
  }
  before = table_rows (cli, project, &error);
  g_assert_no_error (error);

  for (int run = 0; run < RUNS; run++)
    {
      char *append[] = { (char *) cli, "-p", project, "--quiet", "import", week, "--append-to", "orders", NULL };
      char *runs[] = { (char *) cli, "-p", project, "runs", NULL };
      RunResult result;

      if (!run_timed (append, &result, &error))
        g_error ("import --append-to: %s", error->message);
      append_seconds[run] = result.seconds;
      append_cpu[run] = result.cpu_seconds;
      rss_kib = MAX (rss_kib, result.maxrss_kib);
      if (!run_timed (runs, &result, &error))
        g_error ("runs: %s", error->message);
      runs_seconds[run] = result.seconds;
    }

  /* Every run added its lines, and the analysis knows. */
  after = table_rows (cli, project, &error);
  g_assert_no_error (error);
  if (after != before + (gint64) RUNS * NEW_LINES)
    g_error ("orders has %" G_GINT64_FORMAT " rows, expected %" G_GINT64_FORMAT,
             after, before + (gint64) RUNS * NEW_LINES);
  {
    char *runs[] = { (char *) cli, "-p", project, "runs", NULL };
    g_autofree char *expected = g_strdup_printf ("stale: %d new rows", RUNS * NEW_LINES);

    listing = capture_output (runs, &error);
    g_assert_no_error (error);
    if (strstr (listing, expected) == NULL)
      g_error ("runs does not say “%s”:\n%s", expected, listing);
  }

  g_print ("\nAdding %d order lines to the sample shop's %" G_GINT64_FORMAT " through segmenta-cli import"
           " --append-to (process start to exit), median of %d runs\n", NEW_LINES, before, RUNS);
  g_print ("Load average before the runs: %s\n\n", load);
  g_print ("  import --append-to   %.3f s wall, %.3f s CPU   (target ≤ %.1f s: %s)\n",
           median (append_seconds, RUNS), median (append_cpu, RUNS), TARGET_SECONDS,
           median (append_seconds, RUNS) <= TARGET_SECONDS ? "PASS" : "MISS");
  g_print ("  peak memory          %.1f MiB\n", rss_kib / 1024.0);
  g_print ("  runs (stale note)    %.3f s\n", median (runs_seconds, RUNS));
  g_print ("  orders               %" G_GINT64_FORMAT " rows after %d appends\n", after, RUNS);

  remove_tree (dir);

  return median (append_seconds, RUNS) <= TARGET_SECONDS ? 0 : 1;
}
