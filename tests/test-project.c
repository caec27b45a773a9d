/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-error.h"
#include "seg-run.h"
#include "seg-run-record.h"
#include "seg-segment.h"
#include "seg-table.h"
#include "seg-test-utils.h"

static void
test_create_and_reopen (ProjectFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) again = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *version = NULL;
  g_autoptr(SegImportSummary) summary = NULL;

  mode = query_text (fixture->project, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (fixture->project, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (query_int (fixture->project, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (fixture->project, "PRAGMA trusted_schema"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "PRAGMA application_id"), ==, 0x5345474d);
  version = query_text (fixture->project, "SELECT value FROM seg_meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "10");

  /* Defensive mode: the schema cannot be written to directly. */
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->project),
                                 "PRAGMA writable_schema = ON;"
                                 "UPDATE sqlite_schema SET sql = 'x' WHERE name = 'seg_meta'",
                                 NULL, NULL, NULL), !=, SQLITE_OK);

  summary = import_text (fixture, "t", "a,b\n1,x\n", -1, &error);
  g_assert_no_error (error);

  again = seg_project_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (seg_project_has_table (again, "t"));
  g_assert_true (seg_project_has_table (again, "T"));
  g_assert_finalize_object (g_steal_pointer (&again));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (seg_project_open ("/nonexistent/dir/p.segmenta", FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dir/p.segmenta"));
}

/* Opening must not change a file it refuses. */
static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0;
  gsize after_len = 0;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_file_get_contents (path, &before, &before_len, NULL);
  g_assert_null (seg_project_open (path, TRUE, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_file_get_contents (path, &after, &after_len, NULL);
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refusals (ProjectFixture *fixture,
               gconstpointer   data)
{
  g_autofree char *text = write_file (fixture, "notes.segmenta", "name,price\ntea,12\n", -1);
  g_autofree char *empty = write_file (fixture, "empty.segmenta", "", 0);
  g_autofree char *foreign = g_build_filename (fixture->dir, "foreign.db", NULL);
  g_autofree char *newer = g_build_filename (fixture->dir, "newer.segmenta", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  assert_refused_unchanged (text, SEG_PROJECT_ERROR_NOT_A_DATABASE);
  assert_refused_unchanged (empty, SEG_PROJECT_ERROR_NOT_A_PROJECT);

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE x (a); INSERT INTO x VALUES (1)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_unchanged (foreign, SEG_PROJECT_ERROR_NOT_A_PROJECT);

  {
    g_autoptr(SegProject) project = seg_project_open (newer, TRUE, &error);

    g_assert_no_error (error);
    g_assert_finalize_object (g_steal_pointer (&project));
  }
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_unchanged (newer, SEG_PROJECT_ERROR_TOO_NEW);
}

static void
test_damaged (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GString) csv = g_string_new ("id,name,amount\n");
  g_autofree char *bytes = NULL;
  gsize len = 0;
  sqlite3 *db = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv, "%u,customer %u,%u.5\n", i, i, i % 977);
  summary = import_text (fixture, "customers", csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->project);

  /* Fold the log into the file, then scribble over a page in the middle. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (fixture->path, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 40 * 4096);
  for (gsize i = 20 * 4096; i < 22 * 4096; i++)
    bytes[i] = (char)(i * 7919 % 251);
  g_assert_true (g_file_set_contents (fixture->path, bytes, len, NULL));

  g_assert_null (seg_project_open (fixture->path, FALSE, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, fixture->path));

  /* The fixture's tear-down expects a project. */
  fixture->project = g_object_new (SEG_TYPE_PROJECT, NULL);
}

static void
test_table_names (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  static const char *bad[] = { "", "seg_tables", "SQLITE_master", "a\nb" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (seg_project_check_table_name (bad[i], &error));
      g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME);
      g_clear_error (&error);
    }
  g_assert_true (seg_project_check_table_name ("订单 2024 \"Q1\"", NULL));

  summary = import_text (fixture, "订单 2024 \"Q1\"", "a,b\n1,2\n", -1, &error);
  g_assert_no_error (error);

  g_assert_true (seg_project_rename_table (fixture->project, "订单 2024 \"Q1\"", "orders", &error));
  g_assert_no_error (error);
  g_assert_true (seg_project_has_table (fixture->project, "orders"));
  g_assert_false (seg_project_has_table (fixture->project, "订单 2024 \"Q1\""));
  tables = seg_project_list_tables (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tables->len, ==, 1);
  g_assert_cmpstr (((SegTableInfo *)g_ptr_array_index (tables, 0))->name, ==, "orders");
  g_assert_cmpuint (((SegTableInfo *)g_ptr_array_index (tables, 0))->columns->len, ==, 2);

  g_assert_false (seg_project_drop_table (fixture->project, "nope", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
  g_clear_error (&error);
  g_assert_null (seg_project_get_table (fixture->project, "nope", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
  g_clear_error (&error);

  g_assert_true (seg_project_drop_table (fixture->project, "orders", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_tables"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_columns"), ==, 0);
}

static void
test_copies (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegProject) copy = NULL;
  g_autoptr(SegProject) again = NULL;
  g_autofree char *exported = g_build_filename (fixture->dir, "exported.segmenta", NULL);
  g_autofree char *opened = g_build_filename (fixture->dir, "opened.segmenta", NULL);
  g_autofree char *failed = g_build_filename (fixture->dir, "failed.segmenta", NULL);
  g_autofree char *text = write_file (fixture, "notes.txt", "just some text\n", -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0;
  gsize after_len = 0;

  summary = import_text (fixture, "t", "a,b\n1,x\n2,y\n", -1, &error);
  g_assert_no_error (error);

  /* Export writes a complete copy, even with the log not yet folded in. */
  g_assert_true (seg_project_export_copy (fixture->project, exported, &error));
  g_assert_no_error (error);
  g_file_get_contents (exported, &before, &before_len, NULL);

  copy = seg_project_open_copy (exported, opened, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM t"), ==, 2);
  g_file_get_contents (exported, &after, &after_len, NULL);
  g_assert_cmpmem (before, before_len, after, after_len);

  /* Opening a copy over an existing file, or of something else, fails
   * and leaves nothing behind. */
  g_assert_null (seg_project_open_copy (exported, opened, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (seg_project_open_copy (text, failed, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  g_assert_false (g_file_test (failed, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_finalize_object (g_steal_pointer (&copy));
  again = seg_project_open (opened, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (seg_project_has_table (again, "t"));
}

static void
test_quote_identifier (void)
{
  g_autofree char *a = seg_quote_identifier ("plain");
  g_autofree char *b = seg_quote_identifier ("x\"; DROP TABLE t; --");

  g_assert_cmpstr (a, ==, "\"plain\"");
  g_assert_cmpstr (b, ==, "\"x\"\"; DROP TABLE t; --\"");
}

/* Resetting ----------------------------------------------------------------- */

/* The shop's files as a sample folder holds them: each becomes a table
 * named after it. */
static GStrv
write_sample_files (ProjectFixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "samples", NULL);
  g_autoptr(GString) orders = g_string_new ("order,customer,product,date\n");
  struct { const char *name, *text; } files[] = {
    { "customers.csv", "customer,city\nC1,Oslo\nC2,Lima\nC3,Pune\n" },
    { "products.csv", "product,price\nP1,2.50\nP2,10\n" },
    { "orders.csv", NULL },
  };
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();

  /* Sixty orders, one with a date that does not fit its column. */
  for (guint i = 1; i <= 60; i++)
    g_string_append_printf (orders, "%u,C%u,P%u,%s\n", i, 1 + i % 3, 1 + i % 2,
                            i == 60 ? "oops" : "2024-03-01");
  files[2].text = orders->str;
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, files[i].text, -1, &error);
      g_assert_no_error (error);
      g_strv_builder_add (paths, path);
    }

  return g_strv_builder_end (paths);
}

/* What a person makes in a project: a table of their own, one replacing
 * a sample table, an analysis with its result table, a saved segment and
 * the form's remembered choices. */
static void
add_own_work (ProjectFixture *fixture)
{
  const char *columns[] = { "spend", "visits", NULL };
  const char *keys[] = { "A", "B", NULL };
  g_autoptr(SegImportSummary) mine = NULL;
  g_autoptr(SegImportSummary) customers = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(JsonNode) source = json_from_string ("{\"table\":\"mine\",\"key\":\"customer\"}", NULL);
  g_autoptr(GError) error = NULL;

  mine = import_text (fixture, "mine",
                      "customer,spend,visits\nA,10,1\nB,12,2\nC,500,9\nD,520,8\nE,11,1\nF,510,9\n", -1, &error);
  g_assert_no_error (error);
  customers = import_text (fixture, "customers", "customer,note\nX9,mine\n", -1, &error);
  g_assert_no_error (error);

  g_assert_nonnull (model);
  g_assert_true (seg_model_set_param (model, "k", "2", &error));
  g_assert_no_error (error);
  run = seg_run_new (fixture->project, model, "mine", columns);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (seg_project_has_table (fixture->project, "run_1"));

  segment = seg_project_save_segment (fixture->project, "Big spenders", keys, source, &error);
  g_assert_no_error (error);
  g_assert_nonnull (segment);

  g_assert_true (seg_project_set_setting (fixture->project, "form.segmentation.mine", "{}", &error));
  g_assert_no_error (error);
}

/* All that a reset may change, as one string. */
static char *
reset_state (SegProject *project)
{
  g_autofree char *contents = project_state (project);
  g_autofree char *runs = query_text (project, "SELECT group_concat(id || ':' || result_tables, ',') FROM seg_runs");
  g_autofree char *meta = query_text (project, "SELECT group_concat(key || '=' || value, ',') FROM seg_meta");
  gint64 maps = query_int (project, "SELECT count(*) FROM seg_run_maps");
  g_autofree char *customers = query_text (project, "SELECT group_concat(customer, ',') FROM customers");

  return g_strdup_printf ("%s|%s|%s|%" G_GINT64_FORMAT "|%s", contents, runs ? runs : "", meta ? meta : "",
                          maps, customers ? customers : "");
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

static void
on_reset_done (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

/* Everything made in the project goes; the files come in afresh, as a
 * first import brings them, and the project's lists follow. */
static void
test_reset (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_auto(GStrv) files = write_sample_files (fixture);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegTableInfo) orders = NULL;
  g_autofree char *names = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *version = NULL;
  GListModel *tables, *runs, *segments;
  guint changed = 0;

  add_own_work (fixture);
  tables = seg_project_get_tables (fixture->project);
  runs = seg_project_get_runs (fixture->project);
  segments = seg_project_get_segments (fixture->project);
  g_assert_cmpuint (g_list_model_get_n_items (tables), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (segments), ==, 1);
  g_signal_connect (fixture->project, "changed", G_CALLBACK (count_signal), &changed);

  /* In a worker: the change is announced on this thread's context. */
  seg_project_reset_async (fixture->project, (const char *const *) files, NULL, on_reset_done, &result);
  while (result == NULL || changed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (seg_project_reset_finish (fixture->project, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >=, 1);

  names = query_text (fixture->project, "SELECT group_concat(name, ',') FROM (SELECT name FROM seg_tables ORDER BY name)");
  g_assert_cmpstr (names, ==, "customers,orders,products");
  g_assert_cmpuint (g_list_model_get_n_items (tables), ==, 3);
  g_assert_false (seg_project_has_table (fixture->project, "mine"));
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM sqlite_schema WHERE name IN ('mine', 'run_1')"),
                   ==, 0);
  customers = query_text (fixture->project, "SELECT group_concat(customer, ',') FROM customers");
  g_assert_cmpstr (customers, ==, "C1,C2,C3");

  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_runs"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_run_maps"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_run_profiles"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_segments"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_segment_members"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (segments), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_meta WHERE key GLOB 'form.*'"), ==, 0);
  version = query_text (fixture->project, "SELECT value FROM seg_meta WHERE key = 'schema_version'");
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), ==, SEG_PROJECT_SCHEMA_VERSION);

  /* As a first import: the date that does not fit leaves its cell empty
   * and the row is kept. */
  orders = seg_project_get_table (fixture->project, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpint (orders->rows, ==, 60);
  g_assert_cmpint (orders->rejected, ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM orders WHERE date IS NULL"), ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_rejects"), ==, 1);

  /* A second reset finds the project as the first left it. */
  g_clear_pointer (&customers, g_free);
  g_assert_true (seg_project_reset (fixture->project, (const char *const *) files, NULL, &error));
  g_assert_no_error (error);
  customers = query_text (fixture->project, "SELECT group_concat(name, ',') FROM (SELECT name FROM seg_tables ORDER BY name)");
  g_assert_cmpstr (customers, ==, "customers,orders,products");

  g_signal_handlers_disconnect_by_func (fixture->project, count_signal, &changed);
}

/* A reset that cannot be done in full leaves the project exactly as it
 * was, and says which file is at fault. */
static void
test_reset_failures (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_auto(GStrv) files = write_sample_files (fixture);
  g_autofree char *header_only = write_file (fixture, "returns.csv", "order,reason\n", -1);
  g_autofree char *missing = g_build_filename (fixture->dir, "gone.csv", NULL);
  g_autofree char *clash = write_file (fixture, "Orders.txt", "order\n1\n", -1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *before = NULL;
  guint changed = 0;
  struct { const char *last; GQuark domain; int code; const char *named; } cases[] = {
    { header_only, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_HEADER_ONLY, "returns.csv" },
    { missing, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_IO, "gone.csv" },
    /* Two files for one table: the second is refused, not merged. */
    { clash, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_TABLE_EXISTS, "Orders" },
  };

  add_own_work (fixture);
  before = reset_state (fixture->project);
  g_signal_connect (fixture->project, "changed", G_CALLBACK (count_signal), &changed);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *with_last[] = { files[0], files[1], files[2], cases[i].last, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (seg_project_reset (fixture->project, with_last, NULL, &error));
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      after = reset_state (fixture->project);
      g_assert_cmpstr (after, ==, before);
    }

  /* Cancelled: nothing done either. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *after = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_false (seg_project_reset (fixture->project, (const char *const *) files, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    after = reset_state (fixture->project);
    g_assert_cmpstr (after, ==, before);
  }

  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (seg_project_has_table (fixture->project, "mine"));
  g_signal_handlers_disconnect_by_func (fixture->project, count_signal, &changed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/project/missing-file", test_missing_file);
  g_test_add_func ("/project/quote-identifier", test_quote_identifier);
  g_test_add ("/project/create-and-reopen", ProjectFixture, NULL,
              project_fixture_set_up, test_create_and_reopen, project_fixture_tear_down);
  g_test_add ("/project/refusals", ProjectFixture, NULL,
              project_fixture_set_up, test_refusals, project_fixture_tear_down);
  g_test_add ("/project/damaged", ProjectFixture, NULL,
              project_fixture_set_up, test_damaged, project_fixture_tear_down);
  g_test_add ("/project/copies", ProjectFixture, NULL,
              project_fixture_set_up, test_copies, project_fixture_tear_down);
  g_test_add ("/project/table-names", ProjectFixture, NULL,
              project_fixture_set_up, test_table_names, project_fixture_tear_down);
  g_test_add ("/project/reset", ProjectFixture, NULL,
              project_fixture_set_up, test_reset, project_fixture_tear_down);
  g_test_add ("/project/reset-failures", ProjectFixture, NULL,
              project_fixture_set_up, test_reset_failures, project_fixture_tear_down);

  return g_test_run ();
}
