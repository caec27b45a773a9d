/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "seg-model.h"
#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_RUN_RECORD (seg_run_record_get_type ())

G_DECLARE_FINAL_TYPE (SegRunRecord, seg_run_record, SEG, RUN_RECORD, GObject)

/**
 * SegRunRecord:
 *
 * A run as the project keeps it in `seg_runs`. Records do not change once
 * read: the fields are public for reading, never for writing.
 */
struct _SegRunRecord
{
  GObject       parent_instance;

  gint64        id;
  char         *algorithm;
  SegModelKind  kind;
  JsonNode     *parameters;     /* object */
  char         *input_table;
  JsonNode     *input;          /* object: the model's inputs and what it chose */
  JsonNode     *preprocessing;  /* array of steps */
  guint64       seed;
  char         *status;
  char         *started_at;     /* ISO 8601 UTC */
  double        seconds;
  JsonNode     *timings;        /* object: seconds by phase */
  JsonNode     *metrics;        /* object */
  GStrv         result_tables;
};

/* The member of a record's input that holds the data version and the row
 * count of the input table as the run read it. */
#define SEG_RUN_INPUT_TABLE_DATA "table-data"

/**
 * SegRunDataState:
 * @SEG_RUN_DATA_CURRENT: the input table is as the run read it (or the run
 *   read none, or nothing tells)
 * @SEG_RUN_DATA_ROWS_ADDED: rows were added to the input table since
 * @SEG_RUN_DATA_CHANGED: the input table was made anew since: imported
 *   again, or written again by another run
 * @SEG_RUN_DATA_GONE: the project no longer has the input table
 *
 * How the data a run read compares with the project's now.
 */
typedef enum
{
  SEG_RUN_DATA_CURRENT,
  SEG_RUN_DATA_ROWS_ADDED,
  SEG_RUN_DATA_CHANGED,
  SEG_RUN_DATA_GONE,
} SegRunDataState;

SegRunDataState seg_run_record_check_data (SegRunRecord  *record,
                                           SegProject    *project,
                                           gint64        *new_rows,
                                           GError       **error);
gboolean      seg_run_record_is_stale    (SegRunRecord  *record,
                                          SegProject    *project,
                                          gint64        *new_rows);
char         *seg_run_record_describe_data (SegRunRecord *record,
                                            SegProject   *project,
                                            char        **details);
const char   *seg_run_record_get_title   (SegRunRecord  *record);
gboolean      seg_run_record_is_evaluation (SegRunRecord *record);
double        seg_run_record_get_metric  (SegRunRecord  *record,
                                          const char    *name);
char         *seg_run_record_format_figures (SegRunRecord *record);
GPtrArray    *seg_project_list_runs      (SegProject    *project,
                                          GError       **error);
SegRunRecord *seg_project_get_run        (SegProject    *project,
                                          gint64         id,
                                          GError       **error);
SegTableInfo *seg_run_record_get_result  (SegRunRecord  *record,
                                          SegProject    *project,
                                          GError       **error);
gboolean      seg_project_delete_run     (SegProject    *project,
                                          gint64         id,
                                          GError       **error);
GListModel   *seg_project_get_runs       (SegProject    *project);

G_END_DECLS
