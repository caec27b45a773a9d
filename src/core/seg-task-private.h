/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

/* Work for a worker thread: it reads @project through a connection of its
 * own and stops soon after *cancel is set. Returns the result, or NULL with
 * @error set. */
typedef gpointer (*SegTaskFunc) (SegProject          *project,
                                 gpointer             data,
                                 const volatile int  *cancel,
                                 GError             **error);

SegProject *seg_project_open_reader (SegProject          *self,
                                     const volatile int  *cancel,
                                     GError             **error);

void        seg_task_run            (SegProject          *project,
                                     gpointer             source_tag,
                                     SegTaskFunc          func,
                                     gpointer             data,
                                     GDestroyNotify       data_free,
                                     GDestroyNotify       result_free,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gpointer    seg_task_finish         (SegProject          *project,
                                     GAsyncResult        *result,
                                     gpointer             source_tag,
                                     GError             **error);

GPtrArray  *seg_task_copy_strings   (const char        **fields[],
                                     guint               n_fields);

G_END_DECLS
