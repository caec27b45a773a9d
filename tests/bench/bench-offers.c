/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include "seg-importer.h"
#include "seg-model.h"
#include "seg-offer-list.h"
#include "seg-project-private.h"
#include "seg-run.h"
#include "seg-segment.h"

/* The Recommendations page's click, open a run → the first screen of
 * offers, on 100,000 customers × 10 offers: as the run wrote them, and
 * with each filter and an order the page offers, queried as the page
 * does (in a worker, the main loop running): the first screen is read
 * at the list's first change, and the complete list is timed apart.
 * Each figure is the median of five clicks, each on a list opened
 * afresh, as the page opens one when a run is picked. */

#define RUNS 5

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

static void
fetch_screen (GListModel *model,
              guint       first)
{
  for (guint i = first; i < first + 40 && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SegOfferRow) row = g_list_model_get_item (model, i);

      g_assert (seg_offer_row_get_customer (row) != NULL);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
count_change (guint *changes)
{
  (*changes)++;
}

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  seg_offer_list_query_finish (SEG_OFFER_LIST (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* Opens the run, queries with @filter (none for NULL) as the page does,
 * in a worker with the main loop running, and reads the first screen as
 * soon as the list has one (or is complete with fewer rows); the median
 * times of RUNS, in ms, of the first screen and of the complete list. */
static double
click (SegProject           *project,
       gint64                run,
       const SegOfferFilter *filter,
       guint                *shown,
       double               *complete_ms)
{
  double times[RUNS];
  double complete[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SegOfferList) list = NULL;
      gboolean done = FALSE;
      double t = now ();

      list = seg_offer_list_new (project, run, &error);
      g_assert_no_error (error);
      if (filter != NULL)
        {
          guint changes = 0;

          /* The first change shows the query's first rows, or all. */
          g_signal_connect_swapped (list, "items-changed", G_CALLBACK (count_change), &changes);
          seg_offer_list_query_async (list, filter, NULL, on_queried, &done);
          while (!done && changes == 0)
            g_main_context_iteration (NULL, TRUE);
        }
      else
        done = TRUE;
      fetch_screen (G_LIST_MODEL (list), 0);
      times[r] = (now () - t) * 1000;
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      complete[r] = (now () - t) * 1000;
      *shown = g_list_model_get_n_items (G_LIST_MODEL (list));
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  qsort (complete, RUNS, sizeof (double), compare_doubles);
  if (complete_ms != NULL)
    *complete_ms = complete[RUNS / 2];
  return times[RUNS / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("segmenta-bench-offers-XXXXXX", &error);
  g_autofree char *orders = g_build_filename (dir, "orders.csv", NULL);
  g_autofree char *people = g_build_filename (dir, "customers.csv", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.segmenta", NULL);
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(SegModel) popular = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegModel) kmeans = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) clusters = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(JsonNode) source = json_from_string ("{\"bench\": true}", NULL);
  g_autoptr(GPtrArray) segment_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) selection = g_ptr_array_new_with_free_func (g_free);
  const char *features[] = { "recency", "frequency", "spend", NULL };
  guint customers = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint shown = 0;
  gint64 offers_run, cluster_run;
  double t, setup_s, fit_s, index_s, open_ms, jump_ms = 0, worst_ms = 0;
  FILE *out;

  g_assert_no_error (error);

  /* Four to seven lines a customer, from 300 products. */
  out = fopen (orders, "w");
  fprintf (out, "invoice,invoice_date,customer_id,sku,quantity\n");
  for (guint c = 0; c < customers; c++)
    for (guint l = 0, n = 4 + c % 4; l < n; l++)
      fprintf (out, "I%u-%u,2024-%02u-%02u,C%06u,SKU-%03u,%u\n", c, l, 1 + (c + l) % 12, 1 + l * 3,
               c, g_rand_int_range (rand, 0, 300), 1 + l % 3);
  fclose (out);
  out = fopen (people, "w");
  fprintf (out, "customer_id,name,email,phone,recency,frequency,spend\n");
  for (guint c = 0; c < customers; c++)
    fprintf (out, "C%06u,Customer %u,c%u@example.com,555-%06u,%u,%u,%u.%02u\n", c, c, c, c,
             g_rand_int_range (rand, 1, 400), g_rand_int_range (rand, 1, 30), g_rand_int_range (rand, 5, 3000),
             c % 100);
  fclose (out);

  t = now ();
  project = seg_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  {
    const char *files[] = { orders, people };

    for (guint f = 0; f < G_N_ELEMENTS (files); f++)
      {
        g_autoptr(SegImporter) importer = seg_importer_new (project, files[f]);
        g_autoptr(SegImportSummary) summary = seg_importer_run (importer, NULL, &error);

        g_assert_no_error (error);
      }
  }
  g_object_set (popular, "table", "orders", "user", "customer_id", "item", "sku", "top", 10, NULL);
  run = seg_run_new_for_model (project, popular);
  fit_s = now ();
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  fit_s = now () - fit_s;
  offers_run = seg_run_get_record (run)->id;
  /* What the run's indexes of its offers cost it: made again alone. */
  {
    const char *const again = "DROP INDEX \"run_1:customer\"; DROP INDEX \"run_1:score\";"
                              "CREATE INDEX \"run_1:customer\" ON run_1 (customer, rank);"
                              "CREATE INDEX \"run_1:score\" ON run_1 (score)";

    g_assert_cmpint (offers_run, ==, 1);
    index_s = now ();
    g_assert_cmpint (sqlite3_exec (seg_project_get_db (project), again, NULL, NULL, NULL), ==, SQLITE_OK);
    index_s = now () - index_s;
  }
  g_object_set (kmeans, "k", 4, NULL);
  clusters = seg_run_new (project, kmeans, "customers", features);
  g_assert_true (seg_run_execute (clusters, NULL, &error));
  g_assert_no_error (error);
  cluster_run = seg_run_get_record (clusters)->id;
  for (guint i = 0; i < 1000; i++)
    g_ptr_array_add (segment_keys, g_strdup_printf ("C%06u", (i * 97) % customers));
  g_ptr_array_add (segment_keys, NULL);
  segment = seg_project_save_segment (project, "Bench", (const char *const *) segment_keys->pdata, source, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 500; i++)
    g_ptr_array_add (selection, g_strdup_printf ("C%06u", (i * 191) % customers));
  g_ptr_array_add (selection, NULL);
  setup_s = now () - t;

  printf ("Offers of %u customers (run %" G_GINT64_FORMAT "), set up in %.1f s\n", customers, offers_run, setup_s);
  printf ("The run took %.2f s, of which its offers' indexes %.2f s\n", fit_s, index_s);
  printf ("Open a run and show its first screen, median of %d (target 100 ms):\n", RUNS);

  open_ms = click (project, offers_run, NULL, &shown, NULL);
  printf ("  as written                       %7.1f ms  %'u offers\n", open_ms, shown);
  {
    const struct { const char *what; SegOfferFilter filter; } variants[] = {
      { "search a customer key", { .search = "C012345" } },
      { "search a name", { .search = "customer 4242" } },
      { "a saved segment (1,000)", { .segment = seg_segment_get_id (segment) } },
      { "a segment of a clustering", { .cluster_run = cluster_run, .cluster = 2 } },
      { "the map's selection (500)", { .keys = (const char *const *) selection->pdata } },
      { "sorted by name", { .sort = SEG_OFFER_SORT_NAME } },
      { "sorted by score", { .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE } },
      { "selection sorted by score", { .keys = (const char *const *) selection->pdata,
                                       .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE } },
    };

    for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
      {
        double complete_ms = 0;
        double ms = click (project, offers_run, &variants[v].filter, &shown, &complete_ms);

        printf ("  %-32s %7.1f ms  %'u offers, complete list ready after %.1f ms\n", variants[v].what, ms, shown,
                complete_ms);
        printf ("bench-offers: variant=%u ms=%.1f complete_ms=%.1f rows=%u\n", v, ms, complete_ms, shown);
      }

    /* A second filter on a list already open: the customers are read. */
    {
      g_autoptr(SegOfferList) list = seg_offer_list_new (project, offers_run, &error);
      double times[RUNS];

      g_assert_no_error (error);
      seg_offer_list_query (list, &variants[0].filter, &error);
      for (guint r = 0; r < RUNS; r++)
        {
          t = now ();
          seg_offer_list_query (list, &variants[2 + r % 3].filter, &error);
          g_assert_no_error (error);
          fetch_screen (G_LIST_MODEL (list), 0);
          times[r] = (now () - t) * 1000;
        }
      qsort (times, RUNS, sizeof (double), compare_doubles);
      printf ("  another filter on the open list  %7.1f ms\n", times[RUNS / 2]);

      /* Scrolling: 200 jumps anywhere in the whole list. */
      seg_offer_list_query (list, &(SegOfferFilter) { 0 }, &error);
      for (guint i = 0; i < 200; i++)
        {
          guint first = g_rand_int_range (rand, 0, g_list_model_get_n_items (G_LIST_MODEL (list)) - 40);
          double ms;

          t = now ();
          fetch_screen (G_LIST_MODEL (list), first);
          ms = (now () - t) * 1000;
          jump_ms += ms / 200;
          worst_ms = MAX (worst_ms, ms);
        }
      printf ("  jump to a random screen          %7.2f ms mean, %.2f ms worst of 200\n", jump_ms, worst_ms);
    }
  }
  printf ("  peak memory                      %7.1f MiB\n", rss_mib ());
  printf ("bench-offers: open_ms=%.1f jump_ms=%.2f worst_ms=%.2f\n", open_ms, jump_ms, worst_ms);

  g_clear_object (&run);
  g_clear_object (&clusters);
  g_clear_object (&project);
  g_remove (orders);
  g_remove (people);
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
