/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "seg-cluster-model.h"
#include "seg-model.h"
#include "seg-project.h"
#include "seg-run-record.h"

G_BEGIN_DECLS

typedef enum
{
  SEG_RUN_READY,
  SEG_RUN_RUNNING,
  SEG_RUN_SUCCEEDED,
  SEG_RUN_FAILED,
  SEG_RUN_CANCELLED,
} SegRunState;

#define SEG_TYPE_RUN (seg_run_get_type ())

G_DECLARE_FINAL_TYPE (SegRun, seg_run, SEG, RUN, GObject)

SegRun             *seg_run_new             (SegProject          *project,
                                             SegModel            *model,
                                             const char          *table,
                                             const char *const   *columns);
SegRun             *seg_run_new_for_model   (SegProject          *project,
                                             SegModel            *model);
SegRun             *seg_run_new_like        (SegProject          *project,
                                             const SegRunRecord  *record,
                                             GError             **error);
void                seg_run_start_async     (SegRun              *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean            seg_run_start_finish    (SegRun              *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean            seg_run_execute         (SegRun              *self,
                                             GCancellable        *cancellable,
                                             GError             **error);
SegRunState         seg_run_get_state       (SegRun              *self);
double              seg_run_get_progress    (SegRun              *self);
const char         *seg_run_get_status_text (SegRun              *self);
SegModel           *seg_run_get_model       (SegRun              *self);
SegProject         *seg_run_get_project     (SegRun              *self);
const SegRunRecord *seg_run_get_record      (SegRun              *self);

G_END_DECLS
