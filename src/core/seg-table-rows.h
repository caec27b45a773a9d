/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "seg-project.h"

G_BEGIN_DECLS

/**
 * SegTableRows:
 *
 * The first rows of a table as values, with the names and catalog types of
 * its columns, for a reader that only wants to look at a table.
 */
typedef struct
{
  char           *table;     /* the table's name as the catalog spells it */
  guint           n_columns;
  char          **names;     /* n_columns names, NULL-terminated */
  SegColumnType  *types;     /* the catalog's type of each column */
  guint           n_rows;
  GValue         *values;    /* n_rows × n_columns, row after row */
} SegTableRows;

void          seg_table_rows_free      (SegTableRows        *rows);
SegTableRows *seg_project_read_rows    (SegProject          *project,
                                        const char          *table,
                                        guint                limit,
                                        GError             **error);
const GValue *seg_table_rows_get_value (const SegTableRows  *rows,
                                        guint                row,
                                        guint                column);
char         *seg_table_rows_dup_text  (const SegTableRows  *rows,
                                        guint                row,
                                        guint                column);

gboolean      seg_project_cluster_rows (SegProject          *project,
                                        const char          *table,
                                        int                  cluster,
                                        guint8             **keep,
                                        gsize               *n_keep,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegTableRows, seg_table_rows_free)

G_END_DECLS
