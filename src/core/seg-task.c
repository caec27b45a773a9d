/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-cancel.h"
#include "seg-project-private.h"
#include "seg-task-private.h"

/* SQLite asks now and then whether to go on; a set flag stops it. */
static int
stop_when_cancelled (void *data)
{
  const volatile int *cancel = data;

  return *cancel != 0;
}

/**
 * seg_project_open_reader:
 * @cancel: (nullable): set from another thread to stop, even inside a query
 *
 * A connection of its own to @self's file, for one worker thread, whose
 * queries stop with an interruption once @cancel is set; @cancel must
 * outlive the connection.
 *
 * Returns: (transfer full): the connection, or NULL with @error set
 */
SegProject *
seg_project_open_reader (SegProject          *self,
                         const volatile int  *cancel,
                         GError             **error)
{
  SegProject *reader;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);

  reader = seg_project_open_writer (self, error);
  if (reader != NULL && cancel != NULL)
    sqlite3_progress_handler (seg_project_get_db (reader), 10000, stop_when_cancelled, (void *) cancel);
  return reader;
}

typedef struct
{
  SegTaskFunc    func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  SegCancelFlag cancel;
  GError *error = NULL;
  gpointer result = NULL;

  seg_cancel_flag_init (&cancel, cancellable);
  if (!seg_cancel_flag_is_set (&cancel))
    result = job->func (source, job->data, seg_cancel_flag_get (&cancel), &error);

  /* Stopped on request, whatever came back is dropped: a result that
   * was finished just before the cancel, or the error of an interrupted
   * query. */
  if (seg_cancel_take_error (seg_cancel_flag_get (&cancel), &error) && result != NULL)
    g_clear_pointer (&result, job->result_free);
  /* Disconnected before the caller hears back, which may cancel at once. */
  seg_cancel_flag_clear (&cancel);

  if (result != NULL)
    g_task_return_pointer (task, result, job->result_free);
  else
    g_task_return_error (task, error);
}

/*
 * seg_task_run:
 * @project: the project to read; the task's source object
 * @source_tag: the public _async function
 * @func: the work, called on a worker thread
 * @data: (transfer full): what @func needs, freed with @data_free
 * @result_free: frees what @func returns
 *
 * Runs @func in a GTask thread with a cancel flag that @cancellable sets.
 * A task cancelled at any moment finishes with %G_IO_ERROR_CANCELLED.
 */
void
seg_task_run (SegProject          *project,
              gpointer             source_tag,
              SegTaskFunc          func,
              gpointer             data,
              GDestroyNotify       data_free,
              GDestroyNotify       result_free,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

gpointer
seg_task_finish (SegProject    *project,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * seg_task_copy_strings:
 * @fields: pointers to the nullable strings of a copy of some options
 * @n_fields: how many
 *
 * Points each of @fields to a copy of its string, for a worker thread:
 * the caller's strings may be gone before the worker reads them.
 *
 * Returns: (transfer full): the copies, to free with the options
 */
GPtrArray *
seg_task_copy_strings (const char **fields[],
                       guint        n_fields)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_fields; i++)
    if (*fields[i] != NULL)
      {
        char *copy = g_strdup (*fields[i]);

        g_ptr_array_add (strings, copy);
        *fields[i] = copy;
      }
  return strings;
}
