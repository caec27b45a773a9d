/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "seg-error.h"
#include "seg-project-private.h"

/* Copies of a project: a consistent copy written elsewhere, and a copy
 * brought into the projects folder and opened, each also in a worker. */

/**
 * seg_project_export_copy:
 * @self: a #SegProject
 * @dest_path: where to write the copy; replaced if it exists
 * @error: return location for an error
 *
 * Writes a consistent, compact copy of the project (VACUUM INTO) next to
 * @dest_path and moves it into place only when it is complete.
 *
 * Returns: whether the copy was written
 */
gboolean
seg_project_export_copy (SegProject  *self,
                         const char  *dest_path,
                         GError     **error)
{
  g_autoptr(SegProject) reader = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  partial = g_strconcat (dest_path, ".partial", NULL);
  g_remove (partial);

  /* A connection of its own: VACUUM refuses to run while this one has a
   * statement in progress, such as a search in a worker thread. */
  reader = seg_project_open_writer (self, error);
  if (reader == NULL)
    return FALSE;

  if (!seg_project_prepare (reader, "VACUUM INTO ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, partial, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    {
      g_remove (partial);
      return seg_project_set_sqlite_error (reader, rc, error);
    }

  if (g_rename (partial, dest_path) != 0)
    {
      int saved = errno;

      g_remove (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The copy could not be saved as “%s”: %s"), dest_path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/**
 * seg_project_open_copy:
 * @source_path: a project file anywhere, left untouched
 * @dest_path: where the copy goes; must not exist
 * @error: return location for an error
 *
 * Copies a project with SQLite's backup, reading the source without
 * writing to it, then opens the copy. A file that is not a project leaves
 * no copy behind.
 *
 * Returns: (transfer full): the copy, opened, or %NULL with @error set
 */
SegProject *
seg_project_open_copy (const char  *source_path,
                       const char  *dest_path,
                       GError     **error)
{
  sqlite3 *source = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  SegProject *project;
  int rc;

  g_return_val_if_fail (source_path != NULL, NULL);
  g_return_val_if_fail (dest_path != NULL, NULL);

  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("A project “%s” exists already"), dest_path);
      return NULL;
    }

  rc = sqlite3_open_v2 (source_path, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", source, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }

  if (rc != SQLITE_OK)
    seg_sqlite_set_error (source, source_path, rc, error);

  sqlite3_close (source);
  sqlite3_close (dest);

  if (rc != SQLITE_OK)
    {
      g_remove (dest_path);
      return NULL;
    }

  project = seg_project_open (dest_path, FALSE, error);
  if (project == NULL)
    {
      g_autofree char *wal = g_strconcat (dest_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (dest_path, "-shm", NULL);

      /* Name the file the person chose, not our copy of it. */
      if (error != NULL && *error != NULL)
        {
          g_autofree char *message = g_strdup ((*error)->message);
          char *at = strstr (message, dest_path);

          if (at != NULL)
            {
              g_autoptr(GString) fixed = g_string_new (NULL);

              g_string_append_len (fixed, message, at - message);
              g_string_append (fixed, source_path);
              g_string_append (fixed, at + strlen (dest_path));
              g_free ((*error)->message);
              (*error)->message = g_string_free (g_steal_pointer (&fixed), FALSE);
            }
        }
      g_remove (dest_path);
      g_remove (wal);
      g_remove (shm);
    }

  return project;
}

/* Asynchronous variants ---------------------------------------------------
 *
 * Checking a large project's integrity or copying it reads every page of
 * the file: seconds on a slow disk. These run the synchronous calls above
 * in a worker, so that a window stays responsive; a cancelled task drops
 * what the worker produced, and a cancelled copy is removed. */

typedef struct
{
  char     *path;
  char     *dest_path;
  gboolean  create;
} ProjectTaskData;

static void
project_task_data_free (ProjectTaskData *data)
{
  g_free (data->path);
  g_free (data->dest_path);
  g_free (data);
}

/* Runs @thread in a worker on a copy of the paths. */
static void
start_task (gpointer             source,
            gpointer             source_tag,
            const char          *path,
            const char          *dest_path,
            gboolean             create,
            GTaskThreadFunc      thread,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  ProjectTaskData *data = g_new0 (ProjectTaskData, 1);

  data->path = g_strdup (path);
  data->dest_path = g_strdup (dest_path);
  data->create = create;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) project_task_data_free);
  /* SQLite writes a copy in one step that cannot be interrupted: once it
   * has started, the result says what happened, cancelled or not. */
  if (source_tag == seg_project_export_copy_async)
    g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, thread);
}

/* The project a worker opened, now the calling thread's. */
static SegProject *
finish_project (GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  SegProject *project;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  project = g_task_propagate_pointer (G_TASK (result), error);
  if (project != NULL)
    seg_project_adopt (project);

  return project;
}

static void
remove_project_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ProjectTaskData *data = task_data;
  GError *error = NULL;
  SegProject *project;

  if (g_task_return_error_if_cancelled (task))
    return;

  project = seg_project_open (data->path, data->create, &error);
  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

/**
 * seg_project_open_async:
 * @path: the project file
 * @create: whether to create a new project when @path does not exist
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when the project is open
 * @user_data: data for @callback
 *
 * Opens a project, with its integrity check, in a worker thread.
 */
void
seg_project_open_async (const char          *path,
                        gboolean             create,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (path != NULL);

  start_task (NULL, seg_project_open_async, path, NULL, create, open_thread, cancellable, callback, user_data);
}

/**
 * seg_project_open_finish:
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
SegProject *
seg_project_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  return finish_project (result, seg_project_open_async, error);
}

static void
open_copy_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ProjectTaskData *data = task_data;
  GError *error = NULL;
  SegProject *project;

  if (g_task_return_error_if_cancelled (task))
    return;

  project = seg_project_open_copy (data->path, data->dest_path, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Cancelled while copying: the copy nobody waits for goes again. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_object_unref (project);
      remove_project_files (data->dest_path);
      g_task_return_error_if_cancelled (task);
      return;
    }

  g_task_return_pointer (task, project, g_object_unref);
}

/**
 * seg_project_open_copy_async:
 * @source_path: a project file anywhere, left untouched
 * @dest_path: where the copy goes; must not exist
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the copy is open
 * @user_data: data for @callback
 *
 * Copies and opens a project in a worker thread, as
 * seg_project_open_copy() does. A cancelled copy leaves no file behind.
 */
void
seg_project_open_copy_async (const char          *source_path,
                             const char          *dest_path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (source_path != NULL);
  g_return_if_fail (dest_path != NULL);

  start_task (NULL, seg_project_open_copy_async, source_path, dest_path, FALSE, open_copy_thread,
              cancellable, callback, user_data);
}

/**
 * seg_project_open_copy_finish:
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the copy, opened, or %NULL with @error set
 */
SegProject *
seg_project_open_copy_finish (GAsyncResult  *result,
                              GError       **error)
{
  return finish_project (result, seg_project_open_copy_async, error);
}

static void
export_copy_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ProjectTaskData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!seg_project_export_copy (source_object, data->dest_path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * seg_project_export_copy_async:
 * @self: a #SegProject
 * @dest_path: where to write the copy; replaced if it exists
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the copy is written
 * @user_data: data for @callback
 *
 * Writes a consistent copy of the project in a worker thread, through a
 * connection of its own, as seg_project_export_copy() does.
 */
void
seg_project_export_copy_async (SegProject          *self,
                               const char          *dest_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (self));
  g_return_if_fail (dest_path != NULL);

  start_task (self, seg_project_export_copy_async, NULL, dest_path, FALSE, export_copy_thread,
              cancellable, callback, user_data);
}

gboolean
seg_project_export_copy_finish (SegProject    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
