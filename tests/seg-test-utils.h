/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "seg-importer.h"
#include "seg-project-private.h"

/* A fresh folder and project for every test, removed afterwards. */
typedef struct
{
  char       *dir;
  char       *path;
  SegProject *project;
} ProjectFixture;

static inline void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static inline void
project_fixture_set_up (ProjectFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("segmenta-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.segmenta", NULL);
  fixture->project = seg_project_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->project);
}

static inline void
project_fixture_tear_down (ProjectFixture *fixture,
                           gconstpointer   data)
{
  g_assert_finalize_object (fixture->project);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Writes @len bytes (or a NUL-terminated string for -1) to a file in the
 * fixture's folder and returns its path. */
static inline char *
write_file (ProjectFixture *fixture,
            const char     *name,
            const char     *contents,
            gssize          len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  return path;
}

/* The first column of the first row of @sql as text, or NULL. */
static inline char *
query_text (SegProject *project,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return result;
}

static inline gint64
query_int (SegProject *project,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 result = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return result;
}

/* What SQL on the sample shop's order lines "orders" says of customer
 * @key: the invoices and spend of the lines bought (returns left out),
 * and the days from their last such line to the last line of all. */
static inline void
query_customer_facts (SegProject *project,
                      const char *key,
                      double     *orders,
                      double     *total,
                      double     *days)
{
  g_autofree char *where = g_strdup_printf ("customer_id = '%s' AND quantity * unit_price > 0", key);
  g_autofree char *orders_sql = g_strdup_printf ("SELECT count (DISTINCT invoice) FROM orders WHERE %s", where);
  g_autofree char *total_sql = g_strdup_printf ("SELECT sum (quantity * unit_price) FROM orders WHERE %s", where);
  g_autofree char *days_sql = g_strdup_printf ("SELECT julianday ((SELECT substr (max (invoice_date), 1, 10) "
                                               "FROM orders)) - julianday (substr (max (invoice_date), 1, 10)) "
                                               "FROM orders WHERE %s", where);
  g_autofree char *total_text = query_text (project, total_sql);
  g_autofree char *days_text = query_text (project, days_sql);

  g_assert_nonnull (total_text);
  g_assert_nonnull (days_text);
  *orders = (double) query_int (project, orders_sql);
  *total = g_ascii_strtod (total_text, NULL);
  *days = g_ascii_strtod (days_text, NULL);
}

/* Everything a failed import must leave alone, as one string. */
static inline char *
project_state (SegProject *project)
{
  g_autofree char *schema = query_text (project, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema ORDER BY name)");
  g_autofree char *tables = query_text (project, "SELECT group_concat(name || ':' || row_count, ',') FROM seg_tables");
  gint64 columns = query_int (project, "SELECT count(*) FROM seg_columns");
  gint64 rejects = query_int (project, "SELECT count(*) FROM seg_rejects");
  g_autofree char *segments = query_text (project, "SELECT group_concat(id || ':' || name || ':' || source, ',') FROM seg_segments");
  gint64 members = query_int (project, "SELECT count(*) FROM seg_segment_members");

  return g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT,
                          schema, tables ? tables : "", columns, rejects,
                          segments ? segments : "", members);
}

static inline gint64
count_runs (SegProject *project)
{
  return query_int (project, "SELECT count (*) FROM seg_runs");
}

/* Asserts that @project is as project_state () said it was in @before,
 * with @n_runs runs. */
static inline void
assert_project_as_before (SegProject *project,
                          const char *before,
                          gint64      n_runs)
{
  g_autofree char *after = project_state (project);

  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count_runs (project), ==, n_runs);
}

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult *
 * that @data points to. */
static inline void
seg_test_keep_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* A progress callback that checks the fractions only go forward, up to
 * 1; @data points to the last one, a double. */
static inline void
seg_test_check_progress (double   fraction,
                         gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

/* Drops the result and waits until the worker has let go of the task
 * too, and with it of the project, which the fixture checks is freed. */
static inline void
release_result (GAsyncResult **result)
{
  GWeakRef gone;

  g_weak_ref_init (&gone, *result);
  g_clear_object (result);
  for (GObject *task; (task = g_weak_ref_get (&gone)) != NULL;)
    {
      g_object_unref (task);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&gone);
}

/* Imports @contents as @table with the importer's defaults. */
static inline SegImportSummary *
import_text (ProjectFixture  *fixture,
             const char      *table,
             const char      *contents,
             gssize           len,
             GError         **error)
{
  g_autofree char *name = g_strdup_printf ("%s.csv", table);
  g_autofree char *path = write_file (fixture, name, contents, len);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);

  seg_importer_set_table_name (importer, table);
  return seg_importer_run (importer, NULL, error);
}
