/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-hierarchy.h"
#include "seg-project.h"

G_BEGIN_DECLS

/**
 * SegAxisColumn:
 *
 * A number column a run's rows can be drawn over.
 */
typedef struct
{
  char     *name;
  gboolean  from_input;   /* in the run's input table, found by key */
} SegAxisColumn;

void       seg_axis_column_free           (SegAxisColumn  *column);
GPtrArray *seg_project_run_axis_columns   (SegProject     *project,
                                           gint64          run,
                                           GError        **error);
double    *seg_project_load_run_axis      (SegProject     *project,
                                           gint64          run,
                                           const char     *column,
                                           gsize          *n_values,
                                           gsize          *n_positive,
                                           GError        **error);

G_END_DECLS

G_BEGIN_DECLS

GArray *seg_project_load_run_merges (SegProject  *project,
                                     gint64       run,
                                     gsize       *n_rows,
                                     GError     **error);

G_END_DECLS
