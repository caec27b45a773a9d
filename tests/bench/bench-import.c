/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-common.h"

/*
 * Import benchmark: generates a deterministic orders CSV, imports it with
 * segmenta-cli and with the sqlite3 shell several times, and reports the
 * median wall times, their ratio and Segmenta's peak resident set size.
 *
 * Usage: bench-import [--rows N] [--runs N] [--keep] SEGMENTA-CLI
 *        bench-import [--rows N] --write-csv FILE
 */

/* Targets the import should meet; the report marks each PASS or MISS. */
#define TARGET_RATIO 1.0
#define TARGET_RSS_MB 100.0

#define DEFAULT_ROWS 1000000
#define DEFAULT_RUNS 3
#define TABLE_NAME "orders"

/* Every run of the generator must write the same bytes, so the figures of
 * two runs (or two machines) describe the same input. */
#define PRNG_SEED G_GUINT64_CONSTANT (0x5e67e47a0b5e4c11)

#define N_PRODUCTS 800
#define N_CUSTOMERS 5000

/* xorshift64*: small, fast and, unlike GRand, defined here, so the file
 * cannot change with the GLib version. */
typedef struct
{
  guint64 state;
} Prng;

static guint64
prng_next (Prng *prng)
{
  guint64 x = prng->state;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  prng->state = x;

  return x * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d);
}

/* A number in [0, n); multiplying the high bits avoids the bias and the
 * weak low bits that a plain modulo would bring. */
static guint
prng_below (Prng  *prng,
            guint  n)
{
  return (guint)(((prng_next (prng) >> 32) * n) >> 32);
}

/* The catalogue. Each category has a SKU prefix, base names, variants that
 * follow a comma (so those descriptions must be quoted), and a price
 * range in pence. Picture frames carry inch marks, which exercise the
 * doubled quotes of RFC 4180. */
typedef struct
{
  const char        *prefix;
  const char *const *names;
  const char *const *variants;
  int                min_pence;
  int                max_pence;
} Category;

static const char *const tea_names[] = { "Jasmine green tea", "Earl Grey tea", "Assam tea", "Peppermint tea", "Rooibos", "Sencha", "Chai blend", "Oolong tea", NULL };
static const char *const tea_variants[] = { "100 g", "250 g", "20 bags", "50 bags", NULL };
static const char *const mug_names[] = { "Enamel mug", "Stoneware mug", "Travel mug", "Espresso cup", "Teacup", NULL };
static const char *const mug_variants[] = { "blue", "red", "white", "set of 4", NULL };
static const char *const candle_names[] = { "Scented candle", "Pillar candle", "Tea lights", "Beeswax candle", NULL };
static const char *const candle_variants[] = { "lavender", "vanilla", "unscented", "pack of 12", NULL };
static const char *const lamp_names[] = { "Desk lamp", "Paper lantern", "Fairy lights", "Bedside lamp", NULL };
static const char *const lamp_variants[] = { "brass", "white", "10 m", "warm white", NULL };
static const char *const bag_names[] = { "Jute bag", "Canvas tote", "Lunch bag", "Gift bag", NULL };
static const char *const bag_variants[] = { "large", "small", "floral", "striped", NULL };
static const char *const frame_names[] = { "Picture frame", "Photo frame", "Oak frame", NULL };
static const char *const frame_variants[] = { "5\"x7\"", "8\"x10\"", "A4", NULL };
static const char *const kitchen_names[] = { "Tea towel", "Oven glove", "Cake tin", "Biscuit tin", "Egg cups", NULL };
static const char *const kitchen_variants[] = { "red spot", "vintage", "set of 3", "20 cm", NULL };
static const char *const paper_names[] = { "Notebook", "Pencil set", "Greeting card", "Gift wrap", NULL };
static const char *const paper_variants[] = { "A5", "lined", "birthday", "6 sheets", NULL };

static const Category categories[] = {
  { "TEA", tea_names, tea_variants, 250, 1450 },
  { "MUG", mug_names, mug_variants, 295, 1895 },
  { "CAN", candle_names, candle_variants, 125, 2250 },
  { "LMP", lamp_names, lamp_variants, 495, 4995 },
  { "BAG", bag_names, bag_variants, 85, 1295 },
  { "FRM", frame_names, frame_variants, 195, 2495 },
  { "KIT", kitchen_names, kitchen_variants, 145, 1695 },
  { "PAP", paper_names, paper_variants, 42, 995 },
};

/* Countries with weights, most orders being domestic as in a real UK
 * shop. One name holds a comma and so must be quoted. */
typedef struct
{
  const char *name;
  guint       weight;
} Country;

static const Country countries[] = {
  { "United Kingdom", 60 },
  { "Germany", 8 },
  { "France", 8 },
  { "EIRE", 5 },
  { "Spain", 4 },
  { "Netherlands", 4 },
  { "Belgium", 3 },
  { "Switzerland", 2 },
  { "Portugal", 2 },
  { "Norway", 1 },
  { "Japan", 1 },
  { "USA", 1 },
  { "\"Korea, Republic of\"", 1 },
};

typedef struct
{
  char *sku;
  char *description; /* already in its CSV form, quoted if need be */
  int   pence;
} Product;

static guint
n_strings (const char *const *strings)
{
  guint n = 0;

  while (strings[n] != NULL)
    n++;

  return n;
}

/* Quotes a field the RFC 4180 way when it holds a comma or a quote. */
static char *
csv_field (const char *text)
{
  GString *out;

  if (strpbrk (text, ",\"\n") == NULL)
    return g_strdup (text);

  out = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

static void
make_catalogue (Prng    *prng,
                Product *products)
{
  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      const Category *category = &categories[i % G_N_ELEMENTS (categories)];
      const char *name = category->names[prng_below (prng, n_strings (category->names))];
      g_autofree char *text = NULL;
      int range;

      /* About two products in five name a variant after a comma. */
      if (prng_below (prng, 5) < 2)
        text = g_strdup_printf ("%s, %s", name,
                                category->variants[prng_below (prng, n_strings (category->variants))]);
      else
        text = g_strdup (name);

      products[i].sku = g_strdup_printf ("%s-%04u", category->prefix, i);
      products[i].description = csv_field (text);
      /* Shop prices end in 5 or 9 pence more often than not. */
      range = category->max_pence - category->min_pence;
      products[i].pence = category->min_pence / 10 * 10 + (int)prng_below (prng, (guint)range / 10) * 10 +
                          (prng_below (prng, 2) ? 5 : 9);
    }
}

static guint
pick_country (Prng *prng)
{
  guint total = 0;
  guint pick;

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    total += countries[i].weight;

  pick = prng_below (prng, total);
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      if (pick < countries[i].weight)
        return i;
      pick -= countries[i].weight;
    }

  return 0;
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;

  return days[month - 1];
}

/* Writes the orders file: invoices of one to eight lines, a clock that
 * moves on a few minutes per invoice through shop hours, customers that
 * keep their country. Returns FALSE with errno set if writing failed. */
static gboolean
write_orders_csv (const char *path,
                  guint       n_rows,
                  guint64    *size_out)
{
  Prng prng = { PRNG_SEED };
  Product *products = g_new0 (Product, N_PRODUCTS);
  guint8 *customer_country = g_new0 (guint8, N_CUSTOMERS);
  FILE *out;
  guint invoice = 536364;
  guint lines_left = 0;
  guint customer = 0;
  int year = 2021, month = 1, day = 4;
  int minute = 8 * 60;
  gboolean ok;
  int saved_errno = 0;
  struct stat st;

  make_catalogue (&prng, products);
  for (guint i = 0; i < N_CUSTOMERS; i++)
    customer_country[i] = (guint8)pick_country (&prng);

  out = fopen (path, "wb");
  if (out == NULL)
    {
      saved_errno = errno;
      ok = FALSE;
      goto out;
    }
  /* A large stdio buffer keeps the generator from being write-bound. */
  setvbuf (out, NULL, _IOFBF, 1 << 20);

  fputs ("invoice,invoice_date,customer_id,sku,description,quantity,unit_price,country\n", out);

  for (guint row = 0; row < n_rows; row++)
    {
      const Product *product;
      guint kind;
      int quantity;

      if (lines_left == 0)
        {
          invoice++;
          lines_left = 1 + prng_below (&prng, 8);
          customer = prng_below (&prng, N_CUSTOMERS);
          minute += 1 + (int)prng_below (&prng, 5);
          /* The shop takes orders from 08:00 to 20:00. */
          if (minute >= 20 * 60)
            {
              minute = 8 * 60 + (int)prng_below (&prng, 30);
              if (++day > days_in_month (year, month))
                {
                  day = 1;
                  if (++month > 12)
                    {
                      month = 1;
                      year++;
                    }
                }
            }
        }
      lines_left--;

      product = &products[prng_below (&prng, N_PRODUCTS)];
      /* Mostly small quantities, some trade orders, and about one line in
       * a hundred a return, which a real sales ledger has. */
      kind = prng_below (&prng, 100);
      if (kind == 0)
        quantity = -1 - (int)prng_below (&prng, 6);
      else if (kind < 10)
        quantity = 12 * (1 + (int)prng_below (&prng, 8));
      else
        quantity = 1 + (int)prng_below (&prng, 6);

      fprintf (out, "INV-%06u,%04d-%02d-%02d %02d:%02d,C%05u,%s,%s,%d,%d.%02d,%s\n",
               invoice, year, month, day, minute / 60, minute % 60,
               10000 + customer, product->sku, product->description, quantity,
               product->pence / 100, product->pence % 100,
               countries[customer_country[customer]].name);
    }

  ok = !ferror (out);
  if (!ok)
    saved_errno = errno;
  if (fclose (out) != 0 && ok)
    {
      saved_errno = errno;
      ok = FALSE;
    }
  if (ok && stat (path, &st) == 0)
    *size_out = (guint64)st.st_size;
  else if (ok)
    {
      saved_errno = errno;
      ok = FALSE;
    }

out:
  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      g_free (products[i].sku);
      g_free (products[i].description);
    }
  g_free (products);
  g_free (customer_country);
  /* The caller reports why writing failed, and freeing may clobber it. */
  errno = saved_errno;

  return ok;
}

/* Reads the file once so that every timed run finds it in the page cache;
 * otherwise the first run alone would pay for the disk. */
static gboolean
warm_page_cache (const char *path)
{
  char *buffer = g_malloc (1 << 20);
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      g_free (buffer);
      return FALSE;
    }

  do
    n = read (fd, buffer, 1 << 20);
  while (n > 0 || (n < 0 && errno == EINTR));

  close (fd);
  g_free (buffer);

  return n == 0;
}

/* Asks segmenta-cli how many rows the table holds, which proves the
 * import stored the whole file rather than merely exiting 0. */
static gboolean
segmenta_row_count (const char  *cli,
                    const char  *project,
                    gint64      *rows,
                    GError     **error)
{
  char *argv[] = { (char *)cli, (char *)"-p", (char *)project, (char *)"--json", (char *)"tables", NULL };
  g_autofree char *output = capture_output (argv, error);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *tables;

  if (output == NULL)
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, output, -1, error))
    {
      g_prefix_error (error, "segmenta-cli tables --json: ");
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "segmenta-cli tables --json did not print an array");
      return FALSE;
    }

  tables = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (table != NULL && g_strcmp0 (json_object_get_string_member_with_default (table, "name", NULL), TABLE_NAME) == 0)
        {
          *rows = json_object_get_int_member_with_default (table, "rows", -1);
          return TRUE;
        }
    }

  g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
               "segmenta-cli tables --json does not list the table \"%s\"", TABLE_NAME);
  return FALSE;
}

static gboolean
sqlite_row_count (const char  *sqlite3,
                  const char  *database,
                  gint64      *rows,
                  GError     **error)
{
  char *argv[] = { (char *)sqlite3, (char *)"-batch", (char *)"-init", (char *)"/dev/null", (char *)database,
                   (char *)"SELECT count(*) FROM " TABLE_NAME ";", NULL };
  g_autofree char *output = capture_output (argv, error);

  if (output == NULL)
    return FALSE;

  if (!g_ascii_string_to_signed (g_strstrip (output), 10, 0, G_MAXINT64, rows, error))
    {
      g_prefix_error (error, "sqlite3 count: ");
      return FALSE;
    }

  return TRUE;
}

/* Each run starts from nothing, as a first import would: the project file
 * and any journal beside it go first. */
static void
remove_database (const char *path)
{
  static const char *const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_remove (name);
    }
}

static gboolean
run_segmenta (const char  *cli,
              const char  *project,
              const char  *csv,
              guint        n_rows,
              RunResult   *result,
              GError     **error)
{
  char *argv[] = { (char *)cli, (char *)"-p", (char *)project, (char *)"--quiet",
                   (char *)"import", (char *)csv, (char *)"--table", (char *)TABLE_NAME, NULL };
  gint64 rows = -1;

  remove_database (project);
  /* Flushing the previous run's writes here keeps them off this clock. */
  sync ();

  if (!run_timed (argv, result, error))
    return FALSE;

  if (!segmenta_row_count (cli, project, &rows, error))
    return FALSE;
  if (rows != n_rows)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "segmenta-cli stored %" G_GINT64_FORMAT " rows, expected %u", rows, n_rows);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_sqlite (const char  *sqlite3,
            const char  *database,
            const char  *csv,
            guint        n_rows,
            RunResult   *result,
            GError     **error)
{
  g_autofree char *command = g_strdup_printf (".import --csv '%s' " TABLE_NAME, csv);
  /* -init /dev/null keeps a ~/.sqliterc from changing what is measured. */
  char *argv[] = { (char *)sqlite3, (char *)"-batch", (char *)"-bail", (char *)"-init", (char *)"/dev/null",
                   (char *)database, command, NULL };
  gint64 rows = -1;

  remove_database (database);
  sync ();

  if (!run_timed (argv, result, error))
    return FALSE;

  if (!sqlite_row_count (sqlite3, database, &rows, error))
    return FALSE;
  if (rows != n_rows)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "sqlite3 stored %" G_GINT64_FORMAT " rows, expected %u", rows, n_rows);
      return FALSE;
    }

  return TRUE;
}

static double
file_size_mib (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return 0;

  return (double)st.st_size / (1024 * 1024);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sqlite3 = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *project = NULL;
  g_autofree char *database = NULL;
  g_autofree char *write_csv = NULL;
  g_autofree char *load = NULL;
  g_autofree char *project_wal = NULL;
  g_autofree double *segmenta_s = NULL;
  g_autofree double *sqlite_s = NULL;
  g_autofree double *segmenta_cpu = NULL;
  g_autofree double *sqlite_cpu = NULL;
  gint n_rows = DEFAULT_ROWS;
  gint n_runs = DEFAULT_RUNS;
  gboolean keep = FALSE;
  const char *cli;
  guint64 size = 0;
  long peak_kib = 0;
  long sqlite_peak_kib = 0;
  double project_mib = 0;
  double database_mib = 0;
  double wal_mib;
  double seg_median, sql_median, ratio, rss_mb;
  int status = EXIT_FAILURE;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows to generate (default 1000000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Imports per program (default 3)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary directory and print its path", NULL },
    { "write-csv", 0, 0, G_OPTION_ARG_FILENAME, &write_csv, "Only write the generated CSV to FILE, for profiling", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("SEGMENTA-CLI - time CSV import against the sqlite3 shell");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-import: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_rows < 1 || n_runs < 1)
    {
      g_printerr ("bench-import: --rows and --runs must be at least 1\n");
      return EXIT_FAILURE;
    }

  if (write_csv != NULL)
    {
      if (!write_orders_csv (write_csv, (guint)n_rows, &size))
        {
          g_printerr ("bench-import: cannot write %s: %s\n", write_csv, g_strerror (errno));
          return EXIT_FAILURE;
        }
      g_print ("Wrote %s: %u rows, %.1f MiB\n", write_csv, (guint)n_rows, (double)size / (1024 * 1024));
      return EXIT_SUCCESS;
    }

  if (argc != 2)
    {
      g_printerr ("bench-import: give the path of segmenta-cli\n");
      return EXIT_FAILURE;
    }
  cli = argv[1];
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-import: %s is not an executable\n", cli);
      return EXIT_FAILURE;
    }

  /* Checked before generating the file, so a skip costs nothing. */
  sqlite3 = g_find_program_in_path ("sqlite3");
  if (sqlite3 == NULL)
    {
      g_print ("bench-import: SKIP: the sqlite3 shell is not on PATH; it is the reference to compare with "
               "(on Debian: apt install sqlite3)\n");
      return EXIT_SKIPPED;
    }

  dir = g_dir_make_tmp ("segmenta-bench-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-import: %s\n", error->message);
      return EXIT_FAILURE;
    }
  csv = g_build_filename (dir, "orders.csv", NULL);
  project = g_build_filename (dir, "bench.segmenta", NULL);
  database = g_build_filename (dir, "ref.db", NULL);

  g_print ("Generating %d rows into %s...\n", n_rows, csv);
  /* Under meson stdout is a pipe; flushing shows progress as it happens
   * and keeps it in order with the children's messages on stderr. */
  fflush (stdout);
  if (!write_orders_csv (csv, (guint)n_rows, &size))
    {
      g_printerr ("bench-import: cannot write %s: %s\n", csv, g_strerror (errno));
      goto out;
    }
  if (!warm_page_cache (csv))
    {
      g_printerr ("bench-import: cannot read %s back: %s\n", csv, g_strerror (errno));
      goto out;
    }

  load = load_average ();
  segmenta_s = g_new0 (double, n_runs);
  sqlite_s = g_new0 (double, n_runs);
  segmenta_cpu = g_new0 (double, n_runs);
  sqlite_cpu = g_new0 (double, n_runs);

  g_print ("\n  run  segmenta wall  cpu      peak RSS   sqlite3 wall  cpu      peak RSS\n");
  fflush (stdout);
  for (gint i = 0; i < n_runs; i++)
    {
      RunResult seg = { 0 };
      RunResult sql = { 0 };

      /* Alternate which program goes first, so neither always inherits
       * the other's warm caches or pending writeback. */
      if (i % 2 == 0)
        {
          if (!run_segmenta (cli, project, csv, (guint)n_rows, &seg, &error) ||
              !run_sqlite (sqlite3, database, csv, (guint)n_rows, &sql, &error))
            goto failed;
        }
      else
        {
          if (!run_sqlite (sqlite3, database, csv, (guint)n_rows, &sql, &error) ||
              !run_segmenta (cli, project, csv, (guint)n_rows, &seg, &error))
            goto failed;
        }

      segmenta_s[i] = seg.seconds;
      segmenta_cpu[i] = seg.cpu_seconds;
      sqlite_s[i] = sql.seconds;
      sqlite_cpu[i] = sql.cpu_seconds;
      peak_kib = MAX (peak_kib, seg.maxrss_kib);
      sqlite_peak_kib = MAX (sqlite_peak_kib, sql.maxrss_kib);
      g_print ("  %-3d  %10.2f s  %5.2f s  %6.1f MiB  %9.2f s  %5.2f s  %6.1f MiB\n",
               i + 1, seg.seconds, seg.cpu_seconds, seg.maxrss_kib / 1024.0,
               sql.seconds, sql.cpu_seconds, sql.maxrss_kib / 1024.0);
      fflush (stdout);
    }

  project_mib = file_size_mib (project);
  database_mib = file_size_mib (database);
  project_wal = g_strconcat (project, "-wal", NULL);
  wal_mib = g_file_test (project_wal, G_FILE_TEST_EXISTS) ? file_size_mib (project_wal) : -1;
  seg_median = median (segmenta_s, (guint)n_runs);
  sql_median = median (sqlite_s, (guint)n_runs);
  ratio = seg_median / sql_median;
  /* The peak over all runs, since the target is about the worst case. */
  rss_mb = peak_kib / 1024.0;

  g_print ("\nInput\n");
  g_print ("  file                    %.1f MiB (%" G_GUINT64_FORMAT " bytes), %d rows x 8 columns\n",
           (double)size / (1024 * 1024), size, n_rows);
  g_print ("  runs                    %d per program, alternating, file in page cache\n", n_runs);
  g_print ("  load average before     %s\n", load);
  g_print ("Results (medians)\n");
  g_print ("  Segmenta wall           %.2f s (CPU %.2f s), %.0f rows/s\n",
           seg_median, median (segmenta_cpu, (guint)n_runs), n_rows / seg_median);
  g_print ("  sqlite3 wall            %.2f s (CPU %.2f s), %.0f rows/s\n",
           sql_median, median (sqlite_cpu, (guint)n_runs), n_rows / sql_median);
  g_print ("  ratio Segmenta/sqlite3  %.2f\n", ratio);
  g_print ("  Segmenta peak RSS       %.1f MiB (sqlite3 %.1f MiB)\n", rss_mb, sqlite_peak_kib / 1024.0);
  g_print ("  stored size             Segmenta %.1f MiB, sqlite3 %.1f MiB\n", project_mib, database_mib);
  /* SQLite removes the write-ahead log when the last connection closes;
   * one still there after the CLI exited means a connection was not. */
  if (wal_mib >= 0)
    g_print ("  note                    the last import left %s-wal (%.1f MiB) behind\n",
             "bench.segmenta", wal_mib);
  g_print ("Targets\n");
  g_print ("  ratio <= %.2f            %-8.2f  %s\n", TARGET_RATIO, ratio,
           ratio <= TARGET_RATIO ? "PASS" : "MISS");
  g_print ("  peak RSS <= %.0f MiB     %-8.1f  %s\n", TARGET_RSS_MB, rss_mb,
           rss_mb <= TARGET_RSS_MB ? "PASS" : "MISS");
  g_print ("\nbench-import: ratio=%.2f rss_mb=%.1f segmenta_s=%.2f sqlite3_s=%.2f\n",
           ratio, rss_mb, seg_median, sql_median);

  /* Missing a target is a result, not a failure of the benchmark. */
  status = EXIT_SUCCESS;
  goto out;

failed:
  g_printerr ("bench-import: %s\n", error->message);

out:
  if (keep)
    g_print ("Kept %s\n", dir);
  else
    remove_tree (dir);

  return status;
}
