/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "seg-error.h"
#include "seg-importer.h"
#include "seg-profile.h"
#include "seg-run.h"
#include "seg-run-points.h"
#include "seg-test-utils.h"

/* A clustering run's result table kept as a view of its input: it reads
 * as the table of its own that runs wrote before, and it keeps its rows
 * whatever later happens to the input. */

/* Three groups of customers in (spend, visits), one visit count missing
 * and one spend given as a whole number, so that the columns' values are
 * of more than one storage class; without @text, only the numbers, so
 * that no column names the rows. */
static char *
customers_csv (int      first,
               int      n,
               gboolean text)
{
  GString *csv = g_string_new (text ? "customer,spend,visits,channel\n" : "spend,visits\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11 + first);
  static const char *const channels[] = { "web", "shop", "app" };

  for (int id = first; id < first + n; id++)
    {
      int g = id % 3;
      double spend = (g == 0 ? 100 : g == 1 ? 1000 : 5000) * (1 + g_rand_double_range (rand, -0.1, 0.1));
      double visits = (g == 0 ? 2 : g == 1 ? 20 : 5) + g_rand_double_range (rand, -1, 1);

      if (text)
        g_string_append_printf (csv, "C%03d,", id);
      if (id == 7)
        g_string_append_printf (csv, "%.2f,", spend);
      else if (id == 8)
        g_string_append_printf (csv, "1000,%.2f", visits);
      else
        g_string_append_printf (csv, "%.2f,%.2f", spend, visits);
      if (text)
        g_string_append_printf (csv, ",%s", channels[g]);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

static void
import_table (ProjectFixture *fixture,
              SegProject     *project,
              const char     *table,
              const char     *file,
              int             first,
              int             n,
              gboolean        append)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = customers_csv (first, n, g_str_equal (table, "customers"));
  g_autofree char *path = write_file (fixture, file, csv, -1);
  g_autoptr(SegImporter) importer = seg_importer_new (project, path);
  g_autoptr(SegImportSummary) summary = NULL;

  if (append)
    seg_importer_set_append_to (importer, table);
  else
    {
      seg_importer_set_table_name (importer, table);
      seg_importer_set_replace (importer, TRUE);
    }
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

static void
import_customers (ProjectFixture *fixture,
                  SegProject     *project,
                  const char     *file,
                  int             first,
                  int             n,
                  gboolean        append)
{
  import_table (fixture, project, "customers", file, first, n, append);
}

static gint64
run_on (SegProject *project,
        const char *table,
        const char *key)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (seg_model_set_param (model, "k", "3", &error));
  if (key != NULL)
    g_assert_true (seg_model_set_param (model, "key", key, &error));
  g_assert_no_error (error);
  run = seg_run_new (project, model, table, columns);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return seg_run_get_record (run)->id;
}

static gint64
run_kmeans (SegProject *project,
            const char *key)
{
  return run_on (project, key != NULL ? "customers" : "plain", key);
}

/* Every row of a result table in row order, each value with its storage
 * class, as one text. */
static char *
dump (SegProject *project,
      const char *table,
      const char *first)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT group_concat (line, ';') FROM (SELECT rowid || '|' ||"
                     " typeof (%s) || ':' || quote (%s) || '|' ||"
                     " typeof (spend) || ':' || printf ('%%!.17g', spend) || '|' ||"
                     " typeof (visits) || ':' || ifnull (printf ('%%!.17g', visits), 'NULL') || '|' ||"
                     " typeof (cluster) || ':' || quote (cluster) || '|' ||"
                     " printf ('%%!.17g|%%!.17g|%%!.17g', pc1, pc2, silhouette) AS line"
                     " FROM \"%s\" ORDER BY rowid)",
                     first, first, table);

  return query_text (project, sql);
}

/* A table's columns and their types as the catalog lists them. */
static char *
catalog_columns (SegProject *project,
                 const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (name || ' ' || type, ',') FROM"
                                          " (SELECT c.name, c.type FROM seg_columns c"
                                          " JOIN seg_tables t ON t.id = c.table_id"
                                          " WHERE t.name = '%s' ORDER BY c.position)", table);

  return query_text (project, sql);
}

static char *
stored_profile (SegProject *project,
                gint64      run)
{
  g_autofree char *sql = g_strdup_printf ("SELECT profile FROM seg_run_profiles WHERE run_id = %" G_GINT64_FORMAT, run);

  return query_text (project, sql);
}

static const char *
object_type (SegProject *project,
             const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT type FROM sqlite_schema WHERE name = '%s'", name);
  g_autofree char *type = query_text (project, sql);

  return g_intern_string (type);
}

/* A project without the record of result views, as before them: its
 * runs write tables of their own, as they did. */
static SegProject *
open_older (ProjectFixture *fixture,
            const char     *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  SegProject *project = seg_project_open (path, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (project), "DROP TABLE seg_result_views", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  return project;
}

/* Marks the closed project at @path as of the schema before result
 * views, as a project written then is. */
static void
mark_older (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "ALTER TABLE seg_run_maps DROP COLUMN layout;"
                                 "UPDATE seg_meta SET value = '8' WHERE key = 'schema_version';"
                                 "PRAGMA user_version = 8;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The view reads back exactly the rows, values and storage classes a
 * result table of its own held, with and without a key, and the run's
 * stored profile and map are the same to the bit. Its rows table holds
 * only what the run adds. */
static void
test_same_rows (ProjectFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(SegProject) older = open_older (fixture, "older.segmenta");

  import_customers (fixture, fixture->project, "customers.csv", 1, 90, FALSE);
  import_customers (fixture, older, "customers.csv", 1, 90, FALSE);
  import_table (fixture, fixture->project, "plain", "plain.csv", 1, 90, FALSE);
  import_table (fixture, older, "plain", "plain.csv", 1, 90, FALSE);

  for (int keyed = 1; keyed >= 0; keyed--)
    {
      const char *key = keyed ? "customer" : NULL;
      const char *first = keyed ? "customer" : "row";
      gint64 run = run_kmeans (fixture->project, key);
      gint64 old_run = run_kmeans (older, key);
      g_autofree char *table = g_strdup_printf ("run_%" G_GINT64_FORMAT, run);
      g_autofree char *old_table = g_strdup_printf ("run_%" G_GINT64_FORMAT, old_run);
      g_autofree char *rows_table = g_strdup_printf ("seg_run_rows_%" G_GINT64_FORMAT, run);
      g_autofree char *rows_sql = g_strdup_printf ("SELECT count (*) FROM pragma_table_info ('%s')", rows_table);
      g_autofree char *got = dump (fixture->project, table, first);
      g_autofree char *want = dump (older, old_table, first);
      g_autofree char *got_columns = catalog_columns (fixture->project, table);
      g_autofree char *want_columns = catalog_columns (older, old_table);
      g_autofree char *got_profile = stored_profile (fixture->project, run);
      g_autofree char *want_profile = stored_profile (older, old_run);
      g_autoptr(GError) error = NULL;
      g_autoptr(SegRunPoints) points = NULL;
      g_autoptr(SegRunPoints) old_points = NULL;
      g_autoptr(SegProfile) profile = NULL;

      g_assert_cmpstr (object_type (fixture->project, table), ==, "view");
      g_assert_cmpstr (object_type (older, old_table), ==, "table");
      g_assert_cmpint (query_int (fixture->project, rows_sql), ==, 6);
      g_assert_nonnull (got);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpstr (got_columns, ==, want_columns);
      g_assert_nonnull (got_profile);
      g_assert_cmpstr (got_profile, ==, want_profile);

      points = seg_project_load_run_points (fixture->project, run, &error);
      g_assert_no_error (error);
      old_points = seg_project_load_run_points (older, old_run, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (points->n, ==, 90);
      g_assert_cmpuint (points->n, ==, old_points->n);
      g_assert_cmpmem (points->labels, points->n * sizeof (int32_t), old_points->labels, points->n * sizeof (int32_t));
      g_assert_cmpmem (points->x, points->n * sizeof (double), old_points->x, points->n * sizeof (double));
      for (size_t i = 0; i < points->n && keyed; i++)
        g_assert_cmpstr (points->keys[i], ==, old_points->keys[i]);

      profile = seg_project_profile (fixture->project, run, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (profile->clusters->len, ==, 3);
    }
}

/* Rows added to the input later are not the run's: the view shows the
 * run's rows only, as they were; a row deleted from the input is still
 * the run's. */
static void
test_append (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_customers (fixture, fixture->project, "customers.csv", 1, 60, FALSE);
  run_kmeans (fixture->project, "customer");
  before = dump (fixture->project, "run_1", "customer");
  import_customers (fixture, fixture->project, "more.csv", 61, 30, TRUE);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM customers"), ==, 90);
  after = dump (fixture->project, "run_1", "customer");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM run_1"), ==, 60);

  /* A row deleted from the input behind the project's back leaves the
   * run's row, with its cluster and without the input's values. */
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->project), "DELETE FROM customers WHERE rowid = 3",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM run_1"), ==, 60);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM run_1 WHERE rowid = 3 AND customer IS NULL"
                              " AND spend IS NULL AND cluster IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM run_1 WHERE customer IS NULL"), ==, 1);
}

/* Renames @from to @to: the result @view still reads @rows. */
static void
rename_keeping (SegProject *project,
                const char *from,
                const char *to,
                const char *view,
                const char *rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_true (seg_project_rename_table (project, from, to, &error));
  g_assert_no_error (error);
  after = dump (project, view, "customer");
  g_assert_cmpstr (rows, ==, after);
  g_assert_cmpstr (object_type (project, view), ==, "view");
}

/* Dropping, replacing or renaming the input keeps the run's rows: the
 * view becomes a table of its own, with the same rows, in the same
 * transaction; renaming follows the new name. Renaming the result keeps
 * it a view under its new name. */
static void
test_input_changes (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *profile_before = NULL;
  g_autofree char *profile_after = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(SegRunPoints) points = NULL;

  import_customers (fixture, fixture->project, "customers.csv", 1, 60, FALSE);
  run_kmeans (fixture->project, "customer");
  run_on (fixture->project, "customers", "customer");
  before = dump (fixture->project, "run_1", "customer");

  /* Renaming the input; renaming the result, back and forth. */
  rename_keeping (fixture->project, "customers", "shoppers", "run_1", before);
  rename_keeping (fixture->project, "run_1", "segments", "segments", before);
  g_assert_false (seg_project_has_table (fixture->project, "run_1"));
  g_assert_true (seg_project_rename_table (fixture->project, "segments", "run_1", &error));
  g_assert_no_error (error);

  /* Replacing the input by an import: both runs keep their rows. */
  {
    g_autofree char *second = NULL;
    g_autofree char *second_after = NULL;

    g_assert_true (seg_project_rename_table (fixture->project, "shoppers", "customers", &error));
    g_assert_no_error (error);
    second = dump (fixture->project, "run_2", "customer");
    import_customers (fixture, fixture->project, "other.csv", 200, 30, FALSE);
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM customers"), ==, 30);
    after = dump (fixture->project, "run_1", "customer");
    second_after = dump (fixture->project, "run_2", "customer");
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpstr (second, ==, second_after);
    g_assert_cmpstr (object_type (fixture->project, "run_1"), ==, "table");
    g_assert_cmpstr (object_type (fixture->project, "run_2"), ==, "table");
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_result_views"), ==, 0);
    g_assert_cmpint (query_int (fixture->project,
                                "SELECT count (*) FROM sqlite_schema WHERE name GLOB 'seg_run_rows_*'"), ==, 0);
    g_clear_pointer (&after, g_free);
  }

  /* A run on the new rows, then its input dropped. */
  run_kmeans (fixture->project, "customer");
  before = (g_free (before), dump (fixture->project, "run_3", "customer"));
  profile_before = stored_profile (fixture->project, 3);
  g_assert_cmpstr (object_type (fixture->project, "run_3"), ==, "view");
  g_assert_true (seg_project_drop_table (fixture->project, "customers", &error));
  g_assert_no_error (error);
  after = dump (fixture->project, "run_3", "customer");
  g_assert_cmpstr (before, ==, after);
  profile_after = stored_profile (fixture->project, 3);
  g_assert_cmpstr (profile_before, ==, profile_after);
  g_assert_cmpstr (object_type (fixture->project, "run_3"), ==, "table");
  points = seg_project_load_run_points (fixture->project, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->n, ==, 30);
  profile = seg_project_profile (fixture->project, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profile->clusters->len, ==, 3);
}

/* Deleting a run, or replacing its result, takes its view and its rows
 * table; a failed change leaves the project as it was. */
static void
test_delete (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *state_after = NULL;

  import_customers (fixture, fixture->project, "customers.csv", 1, 60, FALSE);
  run_kmeans (fixture->project, "customer");
  run_kmeans (fixture->project, "customer");
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_result_views"), ==, 2);

  g_assert_true (seg_project_delete_run (fixture->project, 1, &error));
  g_assert_no_error (error);
  g_assert_false (seg_project_has_table (fixture->project, "run_1"));
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM sqlite_schema WHERE name = 'seg_run_rows_1'"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_result_views"), ==, 1);

  /* A rename onto a name taken fails and changes nothing. */
  state = project_state (fixture->project);
  g_assert_false (seg_project_rename_table (fixture->project, "run_2", "customers", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME);
  g_clear_error (&error);
  state_after = project_state (fixture->project);
  g_assert_cmpstr (state, ==, state_after);

  g_assert_true (seg_project_drop_table (fixture->project, "run_2", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_result_views"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM sqlite_schema WHERE name GLOB 'seg_run_rows_*'"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM customers"), ==, 60);
}

/* A project written before result views opens: its runs' tables stay
 * tables, read as before, and later runs write views. */
static void
test_older_project (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "older.segmenta", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  {
    g_autoptr(SegProject) older = open_older (fixture, "older.segmenta");

    import_customers (fixture, older, "customers.csv", 1, 60, FALSE);
    run_kmeans (older, "customer");
    before = dump (older, "run_1", "customer");
  }
  mark_older (path);
  {
    g_autoptr(SegProject) opened = seg_project_open (path, FALSE, &error);
    g_autoptr(SegRunPoints) points = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (query_int (opened, "PRAGMA user_version"), ==, SEG_PROJECT_SCHEMA_VERSION);
    g_assert_cmpstr (object_type (opened, "run_1"), ==, "table");
    after = dump (opened, "run_1", "customer");
    g_assert_cmpstr (before, ==, after);
    points = seg_project_load_run_points (opened, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (points->n, ==, 60);
    run_kmeans (opened, "customer");
    g_assert_cmpstr (object_type (opened, "run_2"), ==, "view");
    g_assert_true (seg_project_drop_table (opened, "customers", &error));
    g_assert_no_error (error);
    g_clear_pointer (&after, g_free);
    after = dump (opened, "run_1", "customer");
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpstr (object_type (opened, "run_2"), ==, "table");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)

  ADD ("/result-view/same-rows", test_same_rows);
  ADD ("/result-view/append", test_append);
  ADD ("/result-view/input-changes", test_input_changes);
  ADD ("/result-view/delete", test_delete);
  ADD ("/result-view/older-project", test_older_project);

  return g_test_run ();
}
