/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-value.h"

G_BEGIN_DECLS

#define SEG_PROJECT_SCHEMA_VERSION 10
#define SEG_PROJECT_MAX_NAME 256

/**
 * SegColumnInfo:
 *
 * One column of an imported table as the catalog records it.
 */
typedef struct
{
  char          *name;          /* stored name */
  char          *header;        /* the header text as found in the file */
  SegColumnType  type;          /* the type the values are stored as */
  SegColumnType  inferred_type; /* what detection proposed */
  gboolean       percent;       /* a fraction shown as a percentage */
} SegColumnInfo;

void seg_column_info_free (SegColumnInfo *column);

/**
 * SegTableInfo:
 *
 * A table of the project with its catalog record.
 */
typedef struct
{
  char      *name;
  gint64     rows;
  char      *source_file;  /* nullable for tables not made by an import */
  char      *encoding;
  char      *delimiter;    /* as text: "," ";" "\t" "|" */
  char      *imported_at;  /* ISO 8601 UTC */
  gint64     padded;
  gint64     rejected;
  char      *origin;       /* nullable JSON: how an analysis made the table */
  GPtrArray *columns;      /* of SegColumnInfo */
  gint64     data_version; /* raised by every change of the rows */
  gint64     base_version; /* the data version when the rows were last
                            * replaced as a whole; later changes added rows */
} SegTableInfo;

void seg_table_info_free (SegTableInfo *info);

/**
 * SegReject:
 *
 * A row an import could not store, with the reason.
 */
typedef struct
{
  gint64  line;
  int     column;  /* from 1; 0 when the whole row is at fault */
  char   *reason;
  char   *raw;
  char   *source_file;  /* nullable: the file of rows added to the table,
                         * NULL for the file it was imported from */
} SegReject;

void seg_reject_free (SegReject *reject);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegTableInfo, seg_table_info_free)

#define SEG_TYPE_PROJECT (seg_project_get_type ())

G_DECLARE_FINAL_TYPE (SegProject, seg_project, SEG, PROJECT, GObject)

SegProject   *seg_project_open             (const char    *path,
                                            gboolean       create,
                                            GError       **error);
const char   *seg_project_get_path         (SegProject    *self);
GPtrArray    *seg_project_list_tables      (SegProject    *self,
                                            GError       **error);
SegTableInfo *seg_project_get_table        (SegProject    *self,
                                            const char    *name,
                                            GError       **error);
gboolean      seg_project_has_table        (SegProject    *self,
                                            const char    *name);
gboolean      seg_project_drop_table       (SegProject    *self,
                                            const char    *name,
                                            GError       **error);
gboolean      seg_project_rename_table     (SegProject    *self,
                                            const char    *name,
                                            const char    *new_name,
                                            GError       **error);
gboolean      seg_project_check_table_name (const char    *name,
                                            GError       **error);

GPtrArray    *seg_project_list_rejects     (SegProject    *self,
                                            const char    *table,
                                            GError       **error);
gint64        seg_project_peek_table_count (const char    *path);
gboolean      seg_project_export_copy      (SegProject    *self,
                                            const char    *dest_path,
                                            GError       **error);
SegProject   *seg_project_open_copy        (const char    *source_path,
                                            const char    *dest_path,
                                            GError       **error);

void          seg_project_open_async       (const char          *path,
                                            gboolean             create,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SegProject   *seg_project_open_finish      (GAsyncResult        *result,
                                            GError             **error);
void          seg_project_open_copy_async  (const char          *source_path,
                                            const char          *dest_path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
SegProject   *seg_project_open_copy_finish (GAsyncResult        *result,
                                            GError             **error);
void          seg_project_export_copy_async (SegProject         *self,
                                             const char         *dest_path,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean      seg_project_export_copy_finish (SegProject        *self,
                                              GAsyncResult      *result,
                                              GError           **error);

gboolean      seg_project_reset            (SegProject          *self,
                                            const char *const   *files,
                                            GCancellable        *cancellable,
                                            GError             **error);
void          seg_project_reset_async      (SegProject          *self,
                                            const char *const   *files,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      seg_project_reset_finish     (SegProject          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

void          seg_project_refresh          (SegProject    *self);

char         *seg_quote_identifier         (const char    *name);

char      *seg_project_get_setting (SegProject  *project,
                                   const char  *key,
                                   GError     **error);
gboolean   seg_project_set_setting (SegProject  *project,
                                   const char  *key,
                                   const char  *value,
                                   GError     **error);

G_END_DECLS
