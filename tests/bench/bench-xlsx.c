/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <xlsxwriter.h>

#include "bench-common.h"
#include "seg-csv-reader.h"

/*
 * Workbook import benchmark: the orders of bench-import (same generator,
 * same rows) written once as CSV and once as an .xlsx workbook with typed
 * cells (libxlsxwriter, constant memory mode, as Excel would store them:
 * dates as serial numbers with a date format, prices as numbers), then
 * both imported with segmenta-cli in the same run. Reports the median wall
 * times, their ratio and each import's peak resident set size, with the
 * time of every phase.
 *
 * Usage: bench-xlsx [--rows N] [--runs N] [--keep] SEGMENTA-CLI BENCH-IMPORT
 */

#define TARGET_RATIO 3.0

#define DEFAULT_ROWS 1000000
#define DEFAULT_RUNS 3

typedef struct
{
  lxw_worksheet *sheet;
  lxw_format    *datetime;
  lxw_format    *money;
  guint32        row;
  lxw_error      error;
} XlsxWriter;

/* invoice,invoice_date,customer_id,sku,description,quantity,unit_price,country */
static gboolean
write_record (const SegCsvRecord  *record,
              gpointer             user_data,
              GError             **error)
{
  XlsxWriter *w = user_data;

  if (record->n_fields != 8)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "line %" G_GUINT64_FORMAT ": %u fields",
                   record->line, record->n_fields);
      return FALSE;
    }

  for (guint i = 0; i < 8 && w->error == LXW_NO_ERROR; i++)
    {
      const char *field = record->fields[i];

      if (w->row == 0 || i == 0 || i == 2 || i == 3 || i == 4 || i == 7)
        w->error = worksheet_write_string (w->sheet, w->row, i, field, NULL);
      else if (i == 1)
        {
          lxw_datetime when = { 0 };

          sscanf (field, "%d-%d-%d %d:%d", &when.year, &when.month, &when.day, &when.hour, &when.min);
          w->error = worksheet_write_datetime (w->sheet, w->row, i, &when, w->datetime);
        }
      else
        w->error = worksheet_write_number (w->sheet, w->row, i, g_ascii_strtod (field, NULL),
                                           i == 6 ? w->money : NULL);
    }
  w->row++;

  if (w->error != LXW_NO_ERROR)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libxlsxwriter: %s", lxw_strerror (w->error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_xlsx (const char  *csv,
            const char  *xlsx,
            const char  *tmpdir,
            GError     **error)
{
  g_autoptr(SegCsvReader) reader = seg_csv_reader_new (csv, "UTF-8", error);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = (char *) tmpdir };
  lxw_workbook *workbook;
  XlsxWriter w = { 0 };
  gboolean ok;
  lxw_error closed;

  if (reader == NULL)
    return FALSE;

  workbook = workbook_new_opt (xlsx, &options);
  w.sheet = workbook_add_worksheet (workbook, "orders");
  w.datetime = workbook_add_format (workbook);
  format_set_num_format (w.datetime, "yyyy-mm-dd hh:mm");
  w.money = workbook_add_format (workbook);
  format_set_num_format (w.money, "0.00");

  ok = seg_csv_reader_read (reader, write_record, &w, NULL, NULL, NULL, error);
  closed = workbook_close (workbook);
  if (ok && closed != LXW_NO_ERROR)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libxlsxwriter: %s", lxw_strerror (closed));
      return FALSE;
    }

  return ok;
}

/* Rows and column types of the table an import stored. */
static char *
describe_table (const char *project,
                const char *table)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);
  g_autofree char *sql = NULL;

  if (sqlite3_open_v2 (project, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto done;

  sql = g_strdup_printf ("SELECT (SELECT row_count FROM seg_tables WHERE name = '%s'),"
                         " (SELECT group_concat(c.name || ':' || c.type, ',') FROM seg_columns c"
                         "  JOIN seg_tables t ON t.id = c.table_id WHERE t.name = '%s')",
                         table, table);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    g_string_printf (out, "%lld rows, %s", (long long) sqlite3_column_int64 (stmt, 0),
                     (const char *) sqlite3_column_text (stmt, 1) ?: "(none)");
  sqlite3_finalize (stmt);

done:
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static gboolean
import_once (const char  *cli,
             const char  *project,
             const char  *file,
             const char  *table,
             RunResult   *result,
             GError     **error)
{
  char *argv[] = { (char *) cli, (char *) "-p", (char *) project, (char *) "--quiet",
                   (char *) "import", (char *) file, (char *) "--table", (char *) table, NULL };
  g_autofree char *wal = g_strconcat (project, "-wal", NULL);
  g_autofree char *shm = g_strconcat (project, "-shm", NULL);

  g_remove (project);
  g_remove (wal);
  g_remove (shm);
  sync ();

  return run_timed (argv, result, error);
}

static double
file_mib (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (double) st.st_size / (1024 * 1024) : 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("SEGMENTA-CLI BENCH-IMPORT");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *project = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *load = NULL;
  g_autofree char *csv_table = NULL;
  g_autofree char *xlsx_table = NULL;
  g_autofree double *csv_times = NULL;
  g_autofree double *xlsx_times = NULL;
  g_autofree double *csv_cpu = NULL;
  g_autofree double *xlsx_cpu = NULL;
  double csv_cpu_median, xlsx_cpu_median;
  gint64 n_rows = DEFAULT_ROWS;
  gint64 n_runs = DEFAULT_RUNS;
  gboolean keep = FALSE;
  long csv_rss = 0, xlsx_rss = 0;
  double t, generate_s, write_s, csv_median, xlsx_median, ratio;
  int status = 0;
  const GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT64, &n_rows, "Rows to generate (default 1000000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT64, &n_runs, "Timed imports of each file (default 3)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated files", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 || n_rows < 1 || n_runs < 1)
    {
      g_printerr ("bench-xlsx: %s\n", error != NULL ? error->message : "give SEGMENTA-CLI and BENCH-IMPORT");
      return 2;
    }

  dir = g_dir_make_tmp ("segmenta-bench-xlsx-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-xlsx: %s\n", error->message);
      return 1;
    }
  csv = g_build_filename (dir, "orders.csv", NULL);
  xlsx = g_build_filename (dir, "orders.xlsx", NULL);
  project = g_build_filename (dir, "bench.segmenta", NULL);
  rows_text = g_strdup_printf ("%" G_GINT64_FORMAT, n_rows);

  /* Phase 1: the CSV, from bench-import's generator. */
  t = now ();
  {
    char *gen_argv[] = { argv[2], (char *) "--rows", rows_text, (char *) "--write-csv", csv, NULL };
    RunResult gen;

    if (!run_timed (gen_argv, &gen, &error))
      goto fail;
  }
  generate_s = now () - t;

  /* Phase 2: the same rows as a workbook with typed cells. */
  t = now ();
  if (!write_xlsx (csv, xlsx, dir, &error))
    goto fail;
  write_s = now () - t;

  load = load_average ();
  g_print ("Workbook import: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT " runs each, load %s\n",
           n_rows, n_runs, load);
  g_print ("  phase generate CSV      %8.2f s  (%.1f MiB)\n", generate_s, file_mib (csv));
  g_print ("  phase write .xlsx       %8.2f s  (%.1f MiB, libxlsxwriter constant memory)\n", write_s, file_mib (xlsx));

  /* Phase 3: both imported, alternately, so that a change of the
   * machine's load touches both alike. */
  csv_times = g_new0 (double, n_runs);
  xlsx_times = g_new0 (double, n_runs);
  csv_cpu = g_new0 (double, n_runs);
  xlsx_cpu = g_new0 (double, n_runs);
  for (gint64 r = 0; r < n_runs; r++)
    {
      RunResult result;

      if (!import_once (argv[1], project, csv, "orders", &result, &error))
        goto fail;
      csv_times[r] = result.seconds;
      csv_cpu[r] = result.cpu_seconds;
      csv_rss = MAX (csv_rss, result.maxrss_kib);
      if (r == 0)
        csv_table = describe_table (project, "orders");
      g_print ("  run %" G_GINT64_FORMAT " import CSV      %8.2f s  cpu %6.2f s  peak %6.1f MiB\n",
               r + 1, result.seconds, result.cpu_seconds, result.maxrss_kib / 1024.0);

      if (!import_once (argv[1], project, xlsx, "orders", &result, &error))
        goto fail;
      xlsx_times[r] = result.seconds;
      xlsx_cpu[r] = result.cpu_seconds;
      xlsx_rss = MAX (xlsx_rss, result.maxrss_kib);
      if (r == 0)
        xlsx_table = describe_table (project, "orders");
      g_print ("  run %" G_GINT64_FORMAT " import .xlsx    %8.2f s  cpu %6.2f s  peak %6.1f MiB\n",
               r + 1, result.seconds, result.cpu_seconds, result.maxrss_kib / 1024.0);
    }

  csv_median = median (csv_times, n_runs);
  xlsx_median = median (xlsx_times, n_runs);
  ratio = xlsx_median / csv_median;
  csv_cpu_median = median (csv_cpu, n_runs);
  xlsx_cpu_median = median (xlsx_cpu, n_runs);

  g_print ("  CSV table:   %s\n", csv_table);
  g_print ("  .xlsx table: %s\n", xlsx_table);
  g_print ("  median import CSV       %8.2f s  peak RSS %.1f MiB\n", csv_median, csv_rss / 1024.0);
  g_print ("  median import .xlsx     %8.2f s  peak RSS %.1f MiB\n", xlsx_median, xlsx_rss / 1024.0);
  g_print ("  median cpu CSV          %8.2f s\n", csv_cpu_median);
  g_print ("  median cpu .xlsx        %8.2f s\n", xlsx_cpu_median);
  g_print ("  cpu ratio .xlsx / CSV   %8.2f   (processor time, steadier on a busy machine)\n",
           xlsx_cpu_median / csv_cpu_median);
  g_print ("  ratio .xlsx / CSV       %8.2f   target <= %.1f: %s\n", ratio, TARGET_RATIO,
           ratio <= TARGET_RATIO ? "PASS" : "MISS");

  /* The same rows must have arrived, typed alike but for the date column,
   * which CSV text and workbook date cells both store as date-times. */
  if (strcmp (csv_table, xlsx_table) != 0)
    {
      g_printerr ("bench-xlsx: the two imports differ:\n  %s\n  %s\n", csv_table, xlsx_table);
      status = 1;
    }

  if (!keep)
    remove_tree (dir);
  else
    g_print ("Kept %s\n", dir);
  return status;

fail:
  g_printerr ("bench-xlsx: %s\n", error->message);
  if (!keep)
    remove_tree (dir);
  return 1;
}
