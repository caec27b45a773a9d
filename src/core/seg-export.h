/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

typedef enum
{
  SEG_EXPORT_NONE = 0,
  SEG_EXPORT_BOM  = 1 << 0, /* start with a UTF-8 byte order mark, for Excel */
  SEG_EXPORT_RAW  = 1 << 1, /* no protection against spreadsheet formulas */
} SegExportFlags;

gboolean seg_project_export_csv (SegProject     *project,
                                 const char     *table,
                                 GOutputStream  *out,
                                 SegExportFlags  flags,
                                 GCancellable   *cancellable,
                                 GError        **error);

/* Another table to add columns from, matched by a key. */
typedef struct
{
  const char *table;
  const char *key;         /* in the exported table */
  const char *other_key;   /* in @table */
  const char *const *columns; /* nullable: only these columns of @table */
} SegExportJoin;



/* How a run's result table reads as a target list. */
typedef struct
{
  const char *const *names;    /* each cluster's name, from cluster 1 */
  const char        *noise;    /* nullable: the name of rows in no cluster */
  gboolean           figures;  /* keep the map coordinates and silhouettes, rounded */
} SegTargetList;

/* Which rows of a table to export, and how they read. */
typedef struct
{
  const char          *table;
  const guint8        *keep;    /* nullable: a flag per row, in the order they were stored */
  gsize                n_keep;  /* how many flags; rows past them are left out */
  const SegExportJoin *join;    /* nullable: another table whose columns to add */
  const SegTargetList *target;  /* nullable: a run's result table as a target list */
} SegExportRows;

gboolean seg_project_export_rows (SegProject           *project,
                                  const SegExportRows  *rows,
                                  GOutputStream        *out,
                                  SegExportFlags        flags,
                                  GCancellable         *cancellable,
                                  GError              **error);
gboolean seg_project_export_file (SegProject           *project,
                                  const SegExportRows  *rows,
                                  GFile                *file,
                                  SegExportFlags        flags,
                                  GCancellable         *cancellable,
                                  GError              **error);
gboolean seg_export_cells_file   (GFile                *file,
                                  const char *const    *header,
                                  GPtrArray            *rows,
                                  SegExportFlags        flags,
                                  GCancellable         *cancellable,
                                  GError              **error);

void     seg_project_export_csv_file_async  (SegProject          *project,
                                             const char          *table,
                                             GFile               *file,
                                             SegExportFlags       flags,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean seg_project_export_csv_file_finish (SegProject          *project,
                                             GAsyncResult        *result,
                                             GError             **error);

gboolean seg_export_path_is_xlsx      (const char          *path);
gboolean seg_project_export_xlsx_file (SegProject          *project,
                                       const SegExportRows *rows,
                                       GFile               *file,
                                       GCancellable        *cancellable,
                                       GError             **error);

gboolean seg_text_needs_formula_guard (const char *text,
                                       gsize       len);

G_END_DECLS
