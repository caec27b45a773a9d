/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seg-test-utils.h"

typedef struct
{
  int    fd;
  double kill_at;
  gboolean told;
} ChildWatch;

static void
on_child_progress (SegImporter *importer,
                   GParamSpec  *pspec,
                   gpointer     user_data)
{
  ChildWatch *watch = user_data;

  /* Well into the second pass: rows are being written in the open
   * transaction. Tell the parent, which kills us. */
  if (!watch->told && seg_importer_get_fraction (importer) >= watch->kill_at)
    {
      char c = 'k';

      watch->told = TRUE;
      g_assert_cmpint (write (watch->fd, &c, 1), ==, 1);
      for (;;)
        pause ();
    }
}

static void
run_child (const char *project_path,
           const char *csv_path,
           int         fd,
           double      kill_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) project = seg_project_open (project_path, FALSE, &error);
  g_autoptr(SegImporter) importer = NULL;
  ChildWatch watch = { fd, kill_at, FALSE };

  if (project == NULL)
    _exit (3);

  importer = seg_importer_new (project, csv_path);
  g_signal_connect (importer, "notify::fraction", G_CALLBACK (on_child_progress), &watch);
  seg_importer_run (importer, NULL, &error);

  /* Reaching this point means the import ended before the kill. */
  _exit (4);
}

static void
kill_during_import (ProjectFixture *fixture,
                    const char     *csv_path,
                    double          kill_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) reopened = NULL;
  g_autofree char *check = NULL;
  int fds[2];
  pid_t pid;
  int status = 0;
  char c = 0;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      run_child (fixture->path, csv_path, fds[1], kill_at);
    }

  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  g_assert_cmpint (c, ==, 'k');
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  close (fds[0]);

  /* A new connection, as after a crash of the whole app. */
  reopened = seg_project_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  check = query_text (reopened, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_false (seg_project_has_table (reopened, "big"));
  g_assert_cmpint (query_int (reopened, "SELECT count(*) FROM seg_tables WHERE name = 'big'"), ==, 0);
  g_assert_cmpint (query_int (reopened, "SELECT count(*) FROM seg_columns"), ==,
                   query_int (reopened, "SELECT count(*) FROM seg_columns c JOIN seg_tables t ON t.id = c.table_id"));
  g_assert_cmpint (query_int (reopened, "SELECT count(*) FROM seg_tables WHERE name = 'kept'"), ==, 1);
  g_assert_cmpint (query_int (reopened, "SELECT count(*) FROM kept"), ==, 2);
}

static void
test_sigkill_mid_import (ProjectFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) kept = NULL;
  g_autoptr(SegImportSummary) after = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(GString) csv = g_string_new ("invoice,day,customer,sku,qty,price,note\n");
  g_autofree char *path = NULL;

  kept = import_text (fixture, "kept", "a,b\n1,2\n3,4\n", -1, &error);
  g_assert_no_error (error);

  /* About 40 MB: more than the page cache of the import, so pages spill
   * into the write-ahead log before the kill. */
  for (guint i = 0; i < 600000; i++)
    g_string_append_printf (csv, "INV-%07u,2024-%02u-%02u,C%05u,SKU-%04u,%u,%u.%02u,\"note %u, with a comma\"\n",
                            i, i % 12 + 1, i % 28 + 1, i % 20000, i % 300, i % 9 + 1, i % 500, i % 100, i);
  path = write_file (fixture, "big.csv", csv->str, csv->len);

  /* Our own connection must not hold anything open across the fork. */
  kill_during_import (fixture, path, 0.3);
  kill_during_import (fixture, path, 0.85);

  /* And the project still takes the same import. */
  importer = seg_importer_new (fixture->project, path);
  after = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->rows, ==, 600000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/crash/sigkill-mid-import", ProjectFixture, NULL,
              project_fixture_set_up, test_sigkill_mid_import, project_fixture_tear_down);

  return g_test_run ();
}
