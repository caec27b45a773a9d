/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "seg-model.h"
#include "seg-progress.h"
#include "seg-project-private.h"

G_BEGIN_DECLS

/*
 * SegRunContext:
 *
 * What a run lends its model while it works, on the worker thread: the
 * project through the run's own connection, the input table, progress
 * within the current phase, cancellation, a place for the model's work
 * between phases, and the parts of the run record the model fills in.
 */

SegProject          *seg_run_context_get_writer       (SegRunContext  *self);
SegTableInfo        *seg_run_context_get_table        (SegRunContext  *self);
gint64               seg_run_context_get_run_id       (SegRunContext  *self);
const volatile int  *seg_run_context_get_cancel       (SegRunContext  *self);
gboolean             seg_run_context_check_cancelled  (SegRunContext  *self,
                                                       GError        **error);
void                 seg_run_context_report           (SegRunContext  *self,
                                                       double          fraction,
                                                       const char     *status);
SegMonitor           seg_run_context_get_monitor      (SegRunContext  *self);
void                 seg_run_context_set_work         (SegRunContext  *self,
                                                       gpointer        work,
                                                       GDestroyNotify  destroy);
gpointer             seg_run_context_get_work         (SegRunContext  *self);
JsonObject          *seg_run_context_get_metrics      (SegRunContext  *self);
JsonObject          *seg_run_context_get_input        (SegRunContext  *self);
void                 seg_run_context_set_steps        (SegRunContext  *self,
                                                       JsonNode       *steps);
char                *seg_run_context_claim_table      (SegRunContext  *self,
                                                       const char     *suffix,
                                                       GError        **error);
gboolean             seg_run_context_catalog_table    (SegRunContext  *self,
                                                       const char     *name,
                                                       const char     *kind,
                                                       gint64          rows,
                                                       GPtrArray      *columns,
                                                       GError        **error);

gboolean             seg_run_context_save_state       (SegRunContext  *self,
                                                       const char     *name,
                                                       GBytes         *data,
                                                       GError        **error);
GBytes              *seg_project_read_run_state       (SegProject     *project,
                                                       gint64          run_id,
                                                       const char     *name,
                                                       GError        **error);

SegColumnInfo       *seg_column_info_new              (const char     *name,
                                                       SegColumnType   type);

/*
 * SegTableWriter:
 *
 * A result table of fixed columns, written row by row: bind the values to
 * the statement, then step.
 */
typedef struct _SegTableWriter SegTableWriter;

SegTableWriter      *seg_run_context_create_table     (SegRunContext  *self,
                                                       const char     *suffix,
                                                       const char     *kind,
                                                       GPtrArray      *columns,
                                                       gint64          expected_rows,
                                                       GError        **error);
sqlite3_stmt        *seg_table_writer_get_statement   (SegTableWriter *writer);
gboolean             seg_table_writer_step            (SegTableWriter *writer,
                                                       GError        **error);
gboolean             seg_table_writer_finish          (SegTableWriter *writer,
                                                       GError        **error);
gboolean             seg_table_writer_add_index       (SegTableWriter *writer,
                                                       const char     *label,
                                                       const char     *columns,
                                                       GError        **error);
void                 seg_table_writer_free            (SegTableWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegTableWriter, seg_table_writer_free)

G_END_DECLS

/* For SegRun, which owns the context. */
typedef void (*SegRunReportFunc) (double      fraction,
                                  const char *status,
                                  gpointer    data);

SegRunContext       *seg_run_context_new              (SegProject         *writer,
                                                       SegModel           *model,
                                                       const char         *output_table,
                                                       gboolean            replace,
                                                       const volatile int *cancel,
                                                       SegRunReportFunc    report,
                                                       gpointer            report_data);
void                 seg_run_context_free             (SegRunContext      *self);
void                 seg_run_context_set_table        (SegRunContext      *self,
                                                       SegTableInfo       *table);
void                 seg_run_context_set_phase        (SegRunContext      *self,
                                                       double              from,
                                                       double              to);
void                 seg_run_context_set_run_id       (SegRunContext      *self,
                                                       gint64              run_id);
GStrv                seg_run_context_get_tables       (SegRunContext      *self);
JsonNode            *seg_run_context_get_steps        (SegRunContext      *self);
