/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-error.h"
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
  g_assert_cmpstr (version, ==, "8");

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

  return g_test_run ();
}
