/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "seg-importer.h"
#include "seg-table-model.h"

/* How the table browser's model behaves on a 1,000,000-row table: the
 * time to open it, to fetch a screenful anywhere in it, to sort and to
 * search, and the memory it holds. */

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* The current resident size, from /proc: peak RSS cannot go down. */
static double
current_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

/* Touches a screenful of rows starting at @first, as a view would. */
static void
fetch_screen (GListModel *model,
              guint       first)
{
  for (guint i = first; i < first + 40 && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SegRow) row = g_list_model_get_item (model, i);

      g_assert (seg_row_get_n_cells (row) > 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("segmenta-bench-browser-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.segmenta", NULL);
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegTableModel) model = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint rows = argc > 1 ? atoi (argv[1]) : 1000000;
  double t, open_s, scroll_ms = 0, worst_ms = 0, sort_s, search_s, before_mib;
  FILE *out;

  g_assert_no_error (error);
  out = fopen (csv, "w");
  fprintf (out, "invoice,day,customer,sku,qty,price,country\n");
  for (guint i = 0; i < rows; i++)
    fprintf (out, "INV-%07u,2024-%02u-%02u,C%05u,SKU-%04u,%u,%u.%02u,%s\n",
             i, i % 12 + 1, i % 28 + 1, g_rand_int_range (rand, 0, 20000),
             g_rand_int_range (rand, 0, 300), i % 9 + 1, i % 500, i % 100,
             i % 3 ? "China" : "United Kingdom");
  fclose (out);

  project = seg_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  importer = seg_importer_new (project, csv);
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&importer);
  before_mib = current_rss_mib ();

  t = now ();
  model = seg_table_model_new (project, "orders", &error);
  g_assert_no_error (error);
  fetch_screen (G_LIST_MODEL (model), 0);
  open_s = now () - t;

  /* Jumps to 200 places anywhere, as dragging the scroll bar does. */
  for (guint i = 0; i < 200; i++)
    {
      guint first = g_rand_int_range (rand, 0, rows - 40);
      double ms;

      t = now ();
      fetch_screen (G_LIST_MODEL (model), first);
      ms = (now () - t) * 1000;
      scroll_ms += ms / 200;
      worst_ms = MAX (worst_ms, ms);
    }

  t = now ();
  seg_table_model_set_order (model, 5, TRUE, &error);
  g_assert_no_error (error);
  fetch_screen (G_LIST_MODEL (model), 0);
  sort_s = now () - t;

  t = now ();
  seg_table_model_set_search (model, "C01234", &error);
  g_assert_no_error (error);
  fetch_screen (G_LIST_MODEL (model), 0);
  search_s = now () - t;

  printf ("Table browser model on %u rows x 7 columns\n", rows);
  printf ("  open and show the first screen   %.3f s   (target well under 1 s)\n", open_s);
  printf ("  jump to a random screen          %.2f ms mean, %.2f ms worst of 200\n", scroll_ms, worst_ms);
  printf ("  sort by a column (SQLite)        %.3f s\n", sort_s);
  printf ("  search all columns (SQLite)      %.3f s, %u rows found\n", search_s,
          g_list_model_get_n_items (G_LIST_MODEL (model)));
  printf ("  memory held by the model         %.1f MiB (resident %.1f MiB, peak %.1f MiB)\n",
          current_rss_mib () - before_mib, current_rss_mib (), rss_mib ());
  printf ("bench-browser: open_s=%.3f jump_ms=%.2f worst_ms=%.2f sort_s=%.3f search_s=%.3f\n",
          open_s, scroll_ms, worst_ms, sort_s, search_s);

  g_clear_object (&model);
  g_clear_object (&project);
  g_remove (csv);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_remove (path);
  g_rmdir (dir);

  return 0;
}
