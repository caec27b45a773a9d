/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "seg-dataset.h"
#include "seg-model.h"
#include "seg-project.h"

G_BEGIN_DECLS

/* Above this many rows the silhouette is measured on a seeded sample. */
#define SEG_SILHOUETTE_SAMPLE 20000

typedef enum
{
  SEG_RUN_READY,
  SEG_RUN_RUNNING,
  SEG_RUN_SUCCEEDED,
  SEG_RUN_FAILED,
  SEG_RUN_CANCELLED,
} SegRunState;

#define SEG_TYPE_RUN_STATE (seg_run_state_get_type ())
GType seg_run_state_get_type (void) G_GNUC_CONST;

/**
 * SegRunRecord:
 *
 * A run as the project keeps it in `seg_runs`.
 */
typedef struct
{
  gint64      id;
  char       *algorithm;
  JsonNode   *parameters;     /* object */
  char       *input_table;
  JsonNode   *input;          /* object: columns, key, revenue */
  JsonNode   *preprocessing;  /* array of steps */
  guint64     seed;
  char       *status;
  char       *started_at;     /* ISO 8601 UTC */
  double      seconds;
  JsonNode   *metrics;        /* object */
  GStrv       result_tables;
} SegRunRecord;

void          seg_run_record_free   (SegRunRecord  *record);
GPtrArray    *seg_project_list_runs (SegProject    *project,
                                     GError       **error);
SegRunRecord *seg_project_get_run   (SegProject    *project,
                                     gint64         id,
                                     GError       **error);

GStrv         seg_run_record_get_prep (const SegRunRecord *record,
                                       SegPrepOptions     *prep);
gboolean      seg_project_delete_run (SegProject    *project,
                                      gint64         id,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegRunRecord, seg_run_record_free)

#define SEG_TYPE_RUN (seg_run_get_type ())

G_DECLARE_FINAL_TYPE (SegRun, seg_run, SEG, RUN, GObject)

SegRun             *seg_run_new             (SegProject          *project,
                                             SegModel            *model,
                                             const char          *table,
                                             const char *const   *columns);
SegRun             *seg_run_new_like        (SegProject          *project,
                                             const SegRunRecord  *record,
                                             GError             **error);
void                seg_run_set_prep        (SegRun              *self,
                                             const SegPrepOptions *prep);
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
const SegRunRecord *seg_run_get_record      (SegRun              *self);

G_END_DECLS
