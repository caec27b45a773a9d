/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-importer-private.h"
#include "seg-run-record.h"

/* Putting a project back to a set of files, such as the sample shop's:
 * what was made in it goes and the files come in afresh, all in one
 * transaction, so that the project is either as the files make it or
 * exactly as it was. */

/* Drops every table, run, saved segment and remembered form choice; the
 * caller holds a transaction on @writer. */
static gboolean
clear_contents (SegProject  *writer,
                GError     **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GPtrArray) runs = NULL;

  tables = seg_project_list_tables (writer, error);
  if (tables == NULL)
    return FALSE;
  runs = seg_project_list_runs (writer, error);
  if (runs == NULL)
    return FALSE;

  /* A run's results are catalogued like any table; one that is not, from
   * an older version, goes with its run all the same. They go first:
   * a result that reads a table is not kept when that table goes. */
  for (guint r = 0; r < runs->len; r++)
    {
      SegRunRecord *record = g_ptr_array_index (runs, r);

      for (guint i = 0; record->result_tables != NULL && record->result_tables[i] != NULL; i++)
        if (!seg_project_drop_table_in_transaction (writer, record->result_tables[i], error))
          return FALSE;
    }

  for (guint i = 0; i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);

      if (!seg_project_drop_table_in_transaction (writer, info->name, error))
        return FALSE;
    }

  /* The runs' maps and profiles and the segments' members follow their
   * foreign keys. */
  return seg_project_exec (writer,
                           "DELETE FROM seg_runs;"
                           "DELETE FROM seg_segments;"
                           "DELETE FROM seg_meta WHERE key GLOB 'form.*';",
                           error);
}

/**
 * seg_project_reset:
 * @files: (array zero-terminated=1): the files to import, each into a
 *   table named after it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #SegImportError, #SegProjectError or
 *   %G_IO_ERROR_CANCELLED
 *
 * Empties the project, its tables, its runs with the tables they wrote,
 * its saved segments and the choices the analysis form remembers, and
 * imports @files with the settings detection finds, a value that does
 * not fit leaving its cell empty, as a first import does. All of it is
 * one transaction: on any failure or cancellation the project is left
 * exactly as it was.
 *
 * Returns: whether the project now holds @files and nothing else
 */
gboolean
seg_project_reset (SegProject          *self,
                   const char *const   *files,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(SegProject) writer = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (files != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Readers of the project see it as it was until the commit. */
  writer = seg_project_open_writer (self, error);
  if (writer == NULL ||
      !seg_project_exec (writer, "PRAGMA cache_size = -32768; BEGIN IMMEDIATE", error))
    return FALSE;

  if (!clear_contents (writer, error))
    goto failed;

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(SegImporter) importer = seg_importer_new (self, files[i]);
      g_autoptr(SegImportSummary) summary = NULL;

      seg_importer_set_on_bad_cell (importer, SEG_BAD_CELL_EMPTY);
      summary = seg_importer_run_in_transaction (importer, writer, cancellable, error);
      if (summary == NULL)
        goto failed;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !seg_project_exec (writer, "COMMIT", error))
    goto failed;

  return TRUE;

failed:
  seg_project_exec (writer, "ROLLBACK", NULL);
  return FALSE;
}

static void
reset_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (seg_project_reset (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * seg_project_reset_async:
 * @files: (array zero-terminated=1): the files to import
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Runs seg_project_reset() in a worker thread. The project announces
 * the change through #SegProject::changed once it is committed.
 */
void
seg_project_reset_async (SegProject          *self,
                         const char *const   *files,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEG_IS_PROJECT (self));
  g_return_if_fail (files != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_project_reset_async);
  g_task_set_name (task, "[segmenta] reset project");
  g_task_set_task_data (task, g_strdupv ((char **) files), (GDestroyNotify) g_strfreev);
  /* Once the commit is through, the result says so, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, reset_thread);
}

gboolean
seg_project_reset_finish (SegProject    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == seg_project_reset_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
