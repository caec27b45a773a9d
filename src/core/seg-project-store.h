/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_PROJECT_FILE (seg_project_file_get_type ())

G_DECLARE_FINAL_TYPE (SegProjectFile, seg_project_file, SEG, PROJECT_FILE, GObject)

const char *seg_project_file_get_name     (SegProjectFile *self);
const char *seg_project_file_get_path     (SegProjectFile *self);
GDateTime  *seg_project_file_get_modified (SegProjectFile *self);
guint64     seg_project_file_get_size     (SegProjectFile *self);

#define SEG_TYPE_PROJECT_STORE (seg_project_store_get_type ())

G_DECLARE_FINAL_TYPE (SegProjectStore, seg_project_store, SEG, PROJECT_STORE, GObject)

SegProjectStore *seg_project_store_new          (const char       *dir);
const char      *seg_project_store_get_dir      (SegProjectStore  *self);
void             seg_project_store_refresh      (SegProjectStore  *self);
SegProjectFile  *seg_project_store_find         (SegProjectStore  *self,
                                                 const char       *path);
char            *seg_project_store_unique_path  (SegProjectStore  *self,
                                                 const char       *name);
SegProject      *seg_project_store_create       (SegProjectStore  *self,
                                                 const char       *name,
                                                 GError          **error);
gboolean         seg_project_store_delete       (SegProjectStore  *self,
                                                 const char       *path,
                                                 GError          **error);
gboolean         seg_project_store_restore      (SegProjectStore  *self,
                                                 const char       *path,
                                                 GError          **error);
void             seg_project_store_purge        (SegProjectStore  *self,
                                                 const char       *path);
SegProject      *seg_project_store_open_copy    (SegProjectStore  *self,
                                                 const char       *source_path,
                                                 GError          **error);
void             seg_project_store_open_copy_async  (SegProjectStore     *self,
                                                     const char          *source_path,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SegProject      *seg_project_store_open_copy_finish (SegProjectStore     *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
