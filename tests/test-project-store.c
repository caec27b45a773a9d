/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-error.h"
#include "seg-export.h"
#include "seg-project-store.h"
#include "seg-test-utils.h"

/* A folder of projects, empty, per test. */
typedef struct
{
  char            *dir;
  SegProjectStore *store;
  guint            changes;
} StoreFixture;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  StoreFixture *fixture)
{
  fixture->changes++;
}

static void
store_set_up (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("segmenta-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = seg_project_store_new (fixture->dir);
  g_signal_connect (fixture->store, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
store_tear_down (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
name_at (SegProjectStore *store,
         guint            position)
{
  g_autoptr(SegProjectFile) file = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_assert_nonnull (file);
  return g_strdup (seg_project_file_get_name (file));
}

static void
test_create_and_list (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) first = NULL;
  g_autoptr(SegProject) second = NULL;
  g_autoptr(SegProjectFile) file = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->store)) == SEG_TYPE_PROJECT_FILE);

  first = seg_project_store_create (fixture->store, "Shop", &error);
  g_assert_no_error (error);
  second = seg_project_store_create (fixture->store, "Shop", &error);
  g_assert_no_error (error);

  /* The second takes the next free name; the list is sorted by name and
   * changed at once, without waiting for the folder monitor. */
  g_assert_true (g_str_has_suffix (seg_project_get_path (second), "Shop 2.segmenta"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  g_assert_cmpuint (fixture->changes, ==, 2);
  a = name_at (fixture->store, 0);
  b = name_at (fixture->store, 1);
  g_assert_cmpstr (a, ==, "Shop");
  g_assert_cmpstr (b, ==, "Shop 2");

  file = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
  g_assert_cmpstr (seg_project_file_get_path (file), ==, seg_project_get_path (first));
  g_assert_nonnull (seg_project_file_get_modified (file));
  g_assert_cmpuint (seg_project_file_get_size (file), >, 0);
  g_assert_true (seg_project_store_find (fixture->store, seg_project_get_path (second)) != NULL);
  g_assert_null (seg_project_store_find (fixture->store, "/nowhere/x.segmenta"));

  /* Reading the folder again with nothing new changes nothing. */
  fixture->changes = 0;
  seg_project_store_refresh (fixture->store);
  g_assert_cmpuint (fixture->changes, ==, 0);
}

static void
test_delete_and_restore (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;

  {
    g_autoptr(SegProject) project = seg_project_store_create (fixture->store, "Gone", &error);

    g_assert_no_error (error);
    path = g_strdup (seg_project_get_path (project));
    g_assert_true (seg_project_exec (project, "CREATE TABLE keep (a)", &error));
    g_assert_no_error (error);
  }

  g_assert_true (seg_project_store_delete (fixture->store, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);

  /* While Undo is possible, the name stays taken. */
  again = seg_project_store_unique_path (fixture->store, "Gone");
  g_assert_cmpstr (again, !=, path);

  g_assert_true (seg_project_store_restore (fixture->store, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  {
    g_autoptr(SegProject) project = seg_project_open (path, FALSE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (query_int (project, "SELECT count (*) FROM sqlite_schema WHERE name = 'keep'"), ==, 1);
  }

  /* Restoring twice fails and says why; purging ends Undo. */
  g_assert_false (seg_project_store_restore (fixture->store, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (seg_project_store_delete (fixture->store, path, &error));
  seg_project_store_purge (fixture->store, path);
  g_assert_false (seg_project_store_restore (fixture->store, path, &error));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
}

static void
on_copy_opened (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  SegProject **project = data;
  g_autoptr(GError) error = NULL;

  *project = seg_project_store_open_copy_finish (SEG_PROJECT_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_open_copy (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *elsewhere = g_dir_make_tmp ("segmenta-elsewhere-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (elsewhere, "Tea House.segmenta", NULL);
  g_autoptr(SegProject) first = NULL;
  g_autoptr(SegProject) second = NULL;
  g_autofree char *name = NULL;

  {
    g_autoptr(SegProject) original = seg_project_open (source, TRUE, &error);

    g_assert_no_error (error);
  }

  first = seg_project_store_open_copy (fixture->store, source, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (seg_project_get_path (first), fixture->dir));
  name = name_at (fixture->store, 0);
  g_assert_cmpstr (name, ==, "Tea House");

  /* A second copy of the same file gets a name of its own, in a worker. */
  seg_project_store_open_copy_async (fixture->store, source, NULL, on_copy_opened, &second);
  while (second == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_suffix (seg_project_get_path (second), "Tea House 2.segmenta"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);

  /* Something that is not a project leaves no copy behind. */
  {
    g_autofree char *junk = g_build_filename (elsewhere, "junk.segmenta", NULL);
    g_autoptr(SegProject) none = NULL;

    g_assert_true (g_file_set_contents (junk, "not a database at all, not even close", -1, NULL));
    none = seg_project_store_open_copy (fixture->store, junk, &error);
    g_assert_null (none);
    g_assert_nonnull (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  }

  remove_tree (elsewhere);
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A file that arrives behind the store's back shows up on its own. */
static void
test_monitor (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "Dropped In.segmenta", NULL);
  gboolean expired = FALSE;
  guint timeout;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SegProject) project = seg_project_open (path, TRUE, &error);

    g_assert_no_error (error);
  }

  timeout = g_timeout_add_seconds (10, timed_out, &expired);
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)) == 0 && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_test_skip ("The folder cannot be watched here");
  else
    g_source_remove (timeout);

  /* Renamed behind its back too. */
  if (!expired)
    {
      g_autofree char *renamed = g_build_filename (fixture->dir, "Renamed.segmenta", NULL);
      g_autofree char *name = NULL;

      g_assert_cmpint (g_rename (path, renamed), ==, 0);
      expired = FALSE;
      timeout = g_timeout_add_seconds (10, timed_out, &expired);
      while (!expired)
        {
          g_autofree char *now = NULL;

          g_main_context_iteration (NULL, TRUE);
          if (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)) == 1 &&
              g_str_equal ((now = name_at (fixture->store, 0)), "Renamed"))
            break;
        }
      g_assert_false (expired);
      g_source_remove (timeout);
      name = name_at (fixture->store, 0);
      g_assert_cmpstr (name, ==, "Renamed");
    }
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  GError **error = data;

  seg_project_export_csv_file_finish (SEG_PROJECT (object), result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GError **error = data;
  g_autoptr(SegProject) project = seg_project_open_finish (result, error);

  if (project != NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "opened");
}

/* The slow calls the window makes in workers. */
static void
test_async_calls (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) project = seg_project_store_create (fixture->store, "Async", &error);
  g_autofree char *csv = g_build_filename (fixture->dir, "t.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (csv, "a,b\n1,x\n2,y\n", -1, NULL));
  {
    g_autoptr(SegImporter) importer = seg_importer_new (project, csv);
    g_autoptr(SegImportSummary) summary = seg_importer_run (importer, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (summary);
  }

  seg_project_export_csv_file_async (project, "t", file, SEG_EXPORT_NONE, NULL, on_exported, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a,b\r\n1,x\r\n2,y\r\n");

  /* Cancelled before it starts: the file there stays as it was. */
  g_cancellable_cancel (cancellable);
  seg_project_export_csv_file_async (project, "t", file, SEG_EXPORT_BOM, cancellable, on_exported, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "a,b\r\n1,x\r\n2,y\r\n");

  /* Opening checks the file in a worker: a damaged one is refused. */
  seg_project_open_async (seg_project_get_path (project), FALSE, NULL, on_opened, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  seg_project_open_async (csv, FALSE, NULL, on_opened, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NOT_A_DATABASE);
}

typedef struct
{
  SegProject *project;
  GThread    *main_thread;
  guint       on_main;
  guint       elsewhere;
} Announcements;

static void
on_opened_keep (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  Announcements *seen = data;
  g_autoptr(GError) error = NULL;

  seen->project = seg_project_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_changed (SegProject    *project,
            Announcements *seen)
{
  if (g_thread_self () == seen->main_thread)
    seen->on_main++;
  else
    seen->elsewhere++;
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = seg_importer_run_finish (SEG_IMPORTER (object), result, &error);

  g_assert_no_error (error);
  *done = TRUE;
}

/* A project opened in a worker is the opener's: a commit that a later
 * task makes in a worker, perhaps the very one that opened it, is
 * announced on the opener's thread and nowhere else. */
static void
test_opened_in_worker (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) created = seg_project_store_create (fixture->store, "Workers", &error);
  g_autofree char *path = g_strdup (seg_project_get_path (created));
  g_autofree char *csv = g_build_filename (fixture->dir, "t.csv", NULL);
  Announcements seen = { NULL, g_thread_self (), 0, 0 };

  g_assert_no_error (error);
  g_clear_object (&created);
  g_assert_true (g_file_set_contents (csv, "a,b\n1,x\n2,y\n", -1, NULL));

  seg_project_open_async (path, FALSE, NULL, on_opened_keep, &seen);
  while (seen.project == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (seen.project, "changed", G_CALLBACK (on_changed), &seen);

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(SegImporter) importer = seg_importer_new (seen.project, csv);
      g_autofree char *table = g_strdup_printf ("t%u", i);
      gboolean done = FALSE;
      guint before = seen.on_main + seen.elsewhere;

      seg_importer_set_table_name (importer, table);
      seg_importer_run_async (importer, NULL, on_imported, &done);
      while (!done || seen.on_main + seen.elsewhere == before)
        g_main_context_iteration (NULL, TRUE);
    }

  g_assert_cmpuint (seen.on_main, >=, 8);
  g_assert_cmpuint (seen.elsewhere, ==, 0);
  g_signal_handlers_disconnect_by_func (seen.project, on_changed, &seen);
  g_object_unref (seen.project);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/project-store/create-and-list", StoreFixture, NULL, store_set_up, test_create_and_list, store_tear_down);
  g_test_add ("/project-store/delete-and-restore", StoreFixture, NULL, store_set_up, test_delete_and_restore, store_tear_down);
  g_test_add ("/project-store/open-copy", StoreFixture, NULL, store_set_up, test_open_copy, store_tear_down);
  g_test_add ("/project-store/monitor", StoreFixture, NULL, store_set_up, test_monitor, store_tear_down);
  g_test_add ("/project-store/async-calls", StoreFixture, NULL, store_set_up, test_async_calls, store_tear_down);
  g_test_add ("/project-store/opened-in-worker", StoreFixture, NULL, store_set_up, test_opened_in_worker,
              store_tear_down);

  return g_test_run ();
}
