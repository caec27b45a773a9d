/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "bench-common.h"

/*
 * A week of new orders, and the offers brought up to date: 1,000 order
 * lines appended to a shop's orders, then `segmenta-cli refresh RUN` of an
 * ALS run and of an item-kNN run, process start to exit, with the phases
 * the command reports (reading the run and the lines, folding in or
 * scoring, writing) and its peak memory. The reference, measured in the
 * same run on the same data, is `segmenta-cli rerun RUN`: the same run
 * fitted again from scratch. Target: a refresh of the sample shop's runs
 * under a second, which decides the exit status.
 *
 * On the sample shop (50,884 lines), then, for scale, on a generated
 * shop of 100,000 customers, 5,000 products and 1,000,000 lines, where
 * reading every line of the customers without an index on them is most
 * of the time.
 *
 * Usage: bench-refresh SEGMENTA-CLI SAMPLES-DIR
 */

#define TARGET_SECONDS 1.0
#define NEW_LINES 1000

typedef struct
{
  const char *title;
  int         runs;
  gboolean    generated;
} Shop;

typedef struct
{
  double refresh[8];
  double refresh_cpu[8];
  double load[8];
  double fit[8];
  double write[8];
  double rerun[8];
  double rerun_cpu[8];
  long   refresh_kib;
  long   rerun_kib;
  gint64 customers;
} Figures;

/* @lines order lines of @customers customers and @products products, with
 * the products' popularity skewed as shops have it. Customer numbers from
 * @first_customer, so that a week can bring new ones. */
static gboolean
write_orders (const char  *path,
              guint        lines,
              guint        customers,
              guint        first_customer,
              guint        products,
              guint32      seed,
              GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GString) text = g_string_new ("invoice,invoice_date,customer_id,sku,quantity\n");

  for (guint i = 0; i < lines; i++)
    {
      double u = g_rand_double (rand);
      guint product = (guint) (products * u * u * u);
      guint customer = first_customer + (guint) g_rand_int_range (rand, 0, (gint32) customers);

      g_string_append_printf (text, "G%u-%u,2024-%02d-%02d,C%07u,P%05u,%d\n", seed, i,
                              1 + (int) (i * 12ull / lines), 1 + g_rand_int_range (rand, 0, 28),
                              customer, product, g_rand_int_range (rand, 1, 4));
    }

  return g_file_set_contents (path, text->str, (gssize) text->len, error);
}

/* NEW_LINES lines drawn from the sample shop's own, under new invoice
 * numbers, one in ten for a customer the shop has not seen. */
static gboolean
write_sample_week (const char  *orders,
                   const char  *path,
                   guint32      seed,
                   GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) week = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint n;

  if (!g_file_get_contents (orders, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  n = g_strv_length (lines);
  while (n > 1 && lines[n - 1][0] == '\0')
    n--;
  g_assert (n > 1);

  week = g_string_new (lines[0]);
  g_string_append_c (week, '\n');
  for (guint i = 0; i < NEW_LINES; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[g_rand_int_range (rand, 1, n)], ",", -1);

      g_assert (g_strv_length (fields) >= 4);
      g_free (fields[0]);
      fields[0] = g_strdup_printf ("INV-%u-%u", seed, i);
      if (i % 10 == 0)
        {
          g_free (fields[2]);
          fields[2] = g_strdup_printf ("CW%u-%u", seed, i);
        }
      {
        g_autofree char *line = g_strjoinv (",", fields);

        g_string_append_printf (week, "%s\n", line);
      }
    }

  return g_file_set_contents (path, week->str, (gssize) week->len, error);
}

static void
run_or_die (char *const *argv,
            RunResult   *result)
{
  g_autoptr(GError) error = NULL;

  if (!run_timed (argv, result, &error))
    g_error ("%s %s: %s", argv[3], argv[4], error->message);
}

/* `refresh RUN --json` through a shell that becomes the command, so that
 * the timing and the peak memory are the command's own and its answer
 * lands in @answer. */
static JsonObject *
refresh_timed (const char  *cli,
               const char  *project,
               const char  *run,
               const char  *answer,
               RunResult   *result)
{
  char *argv[] = { "/bin/sh", "-c", "out=$1; shift; exec \"$@\" > \"$out\"", "sh", (char *) answer,
                   (char *) cli, "-p", (char *) project, "--json", "refresh", (char *) run, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!run_timed (argv, result, &error))
    g_error ("refresh %s: %s", run, error->message);
  if (!json_parser_load_from_file (parser, answer, &error))
    g_error ("refresh %s: %s", run, error->message);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Each week: its lines appended, both runs refreshed, then both fitted
 * again as the reference. */
static void
measure (const char *cli,
         const char *project,
         const char *dir,
         const Shop *shop,
         const char *samples,
         Figures    *figures)
{
  g_autofree char *answer = g_build_filename (dir, "answer.json", NULL);
  static const char *const runs[] = { "1", "2" };

  for (int r = 0; r < shop->runs; r++)
    {
      g_autofree char *week = g_strdup_printf ("%s/week-%d.csv", dir, r);
      g_autoptr(GError) error = NULL;
      char *append[] = { (char *) cli, "-p", (char *) project, "--quiet", "import", week, "--append-to", "orders", NULL };
      RunResult result;
      gboolean written;

      if (shop->generated)
        written = write_orders (week, NEW_LINES, 110000, 0, 5000, 1000 + (guint) r, &error);
      else
        {
          g_autofree char *orders = g_build_filename (samples, "orders.csv", NULL);

          written = write_sample_week (orders, week, 1000 + (guint) r, &error);
        }
      if (!written)
        g_error ("%s", error->message);
      run_or_die (append, &result);

      for (guint m = 0; m < G_N_ELEMENTS (runs); m++)
        {
          g_autoptr(JsonObject) done = refresh_timed (cli, project, runs[m], answer, &result);
          JsonObject *timings = json_object_get_object_member (done, "timings");
          Figures *f = &figures[m];

          if (json_object_get_int_member (done, "new_lines") != NEW_LINES)
            g_error ("refresh %s read %" G_GINT64_FORMAT " new lines, expected %d", runs[m],
                     json_object_get_int_member (done, "new_lines"), NEW_LINES);
          f->refresh[r] = result.seconds;
          f->refresh_cpu[r] = result.cpu_seconds;
          f->load[r] = json_object_get_double_member (timings, "load");
          f->fit[r] = json_object_get_double_member (timings, "fit");
          f->write[r] = json_object_get_double_member (timings, "write");
          f->refresh_kib = MAX (f->refresh_kib, result.maxrss_kib);
          f->customers = json_object_get_int_member (done, "customers");
        }

      /* The reference: the same runs fitted again on the same lines. */
      for (guint m = 0; m < G_N_ELEMENTS (runs); m++)
        {
          char *rerun[] = { (char *) cli, "-p", (char *) project, "--quiet", "rerun", (char *) runs[m], NULL };

          run_or_die (rerun, &result);
          figures[m].rerun[r] = result.seconds;
          figures[m].rerun_cpu[r] = result.cpu_seconds;
          figures[m].rerun_kib = MAX (figures[m].rerun_kib, result.maxrss_kib);
        }
    }
}

static gboolean
report (const char    *algorithm,
        const Shop    *shop,
        const Figures *f)
{
  double refresh = median (f->refresh, shop->runs), rerun = median (f->rerun, shop->runs);
  gboolean pass = refresh < TARGET_SECONDS;

  g_print ("  %-9s refresh %.3f s wall, %.3f s CPU (load %.3f, fit %.3f, write %.3f), %" G_GINT64_FORMAT
           " customers, peak %.1f MiB\n"
           "            rerun   %.3f s wall, %.3f s CPU, peak %.1f MiB; rerun / refresh %.1f× wall, %.1f× CPU"
           "   (target < %.0f s: %s)\n",
           algorithm, refresh, median (f->refresh_cpu, shop->runs),
           median (f->load, shop->runs), median (f->fit, shop->runs), median (f->write, shop->runs),
           f->customers, f->refresh_kib / 1024.0, rerun, median (f->rerun_cpu, shop->runs), f->rerun_kib / 1024.0,
           rerun / MAX (refresh, 1e-9), median (f->rerun_cpu, shop->runs) / MAX (median (f->refresh_cpu, shop->runs), 1e-9),
           TARGET_SECONDS, pass ? "PASS" : "MISS");

  return pass;
}

int
main (int    argc,
      char **argv)
{
  static const Shop shops[] = {
    { "the sample shop (50,884 lines, 2,348 customers, 120 products)", 5, FALSE },
    { "a generated shop (1,000,000 lines, 100,000 customers, 5,000 products)", 3, TRUE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *load = NULL;
  gboolean pass = TRUE;
  const char *cli, *samples;

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      g_printerr ("usage: bench-refresh SEGMENTA-CLI SAMPLES-DIR\n");
      return 2;
    }
  cli = argv[1];
  samples = argv[2];
  load = load_average ();
  g_print ("\nBringing recommendation runs up to date after %d new order lines: segmenta-cli refresh"
           " against rerun (a full refit), process start to exit, medians\n", NEW_LINES);
  g_print ("Load average before the runs: %s\n", load);

  for (guint s = 0; s < G_N_ELEMENTS (shops); s++)
    {
      const Shop *shop = &shops[s];
      g_autofree char *dir = g_dir_make_tmp ("segmenta-bench-refresh-XXXXXX", &error);
      g_autofree char *project = NULL;
      g_autofree char *orders = NULL;
      g_autofree char *products = g_build_filename (samples, "products.csv", NULL);
      Figures figures[2] = { { { 0 } } };
      RunResult result;

      g_assert_no_error (error);
      project = g_build_filename (dir, "shop.segmenta", NULL);
      if (shop->generated)
        {
          orders = g_build_filename (dir, "orders.csv", NULL);
          if (!write_orders (orders, 1000000, 100000, 0, 5000, 7, &error))
            g_error ("%s", error->message);
        }
      else
        orders = g_build_filename (samples, "orders.csv", NULL);

      {
        char *import[] = { (char *) cli, "-p", project, "--quiet", "import", orders, "--table", "orders", NULL };
        char *import_products[] = { (char *) cli, "-p", project, "--quiet", "import", products, NULL };
        char *fit_als[] = { (char *) cli, "-p", project, "--quiet", "recommend", "--table", "orders",
                            "--algorithm", "als", "--value", "quantity", NULL };
        char *fit_knn[] = { (char *) cli, "-p", project, "--quiet", "recommend", "--table", "orders",
                            "--algorithm", "item-knn", "--value", "quantity", NULL };
        char *fit_knn_names[] = { (char *) cli, "-p", project, "--quiet", "recommend", "--table", "orders",
                                  "--algorithm", "item-knn", "--value", "quantity",
                                  "--items-table", "products", "--item-name", "name_en", NULL };

        run_or_die (import, &result);
        run_or_die (fit_als, &result);
        if (shop->generated)
          run_or_die (fit_knn, &result);
        else
          {
            run_or_die (import_products, &result);
            run_or_die (fit_knn_names, &result);
          }
      }

      measure (cli, project, dir, shop, samples, figures);
      g_print ("\nOn %s, %d weeks each:\n", shop->title, shop->runs);
      if (!report ("ALS", shop, &figures[0]) && !shop->generated)
        pass = FALSE;
      if (!report ("item-kNN", shop, &figures[1]) && !shop->generated)
        pass = FALSE;

      remove_tree (dir);
    }

  return pass ? 0 : 1;
}
