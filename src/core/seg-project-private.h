/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "seg-project.h"

G_BEGIN_DECLS

/* A statement finalized when it goes out of scope. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

SegProject *seg_project_open_writer (SegProject *self,
                                     GError    **error);
void        seg_project_adopt       (SegProject *self);
sqlite3  *seg_project_get_db          (SegProject    *self);
void      seg_sqlite_set_error        (sqlite3       *db,
                                       const char    *path,
                                       int            rc,
                                       GError       **error);
gboolean  seg_project_set_sqlite_error (SegProject   *self,
                                        int           rc,
                                        GError      **error);
gboolean  seg_project_exec            (SegProject    *self,
                                       const char    *sql,
                                       GError       **error);
gboolean  seg_project_prepare         (SegProject    *self,
                                       const char    *sql,
                                       sqlite3_stmt **stmt,
                                       GError       **error);
gboolean  seg_project_catalog_table   (SegProject    *self,
                                       const char    *name,
                                       const char    *source,
                                       const char    *origin,
                                       gint64         rows,
                                       GPtrArray     *columns,
                                       GError       **error);
void      seg_project_changed         (SegProject    *self);

typedef void (*SegProjectRefresh) (SegProject *self,
                                   GListStore *store);
GListModel *seg_project_observe       (SegProject        *self,
                                       const char        *key,
                                       GType              item_type,
                                       SegProjectRefresh  refresh);
gboolean  seg_project_stamp_table     (SegProject    *self,
                                       const char    *name,
                                       gboolean       replaced,
                                       gint64        *version,
                                       GError       **error);
char     *seg_table_info_column_list  (const SegTableInfo *info,
                                       const char         *prefix);
gboolean  seg_project_drop_table_in_transaction (SegProject  *self,
                                                 const char  *name,
                                                 GError     **error);

G_END_DECLS
