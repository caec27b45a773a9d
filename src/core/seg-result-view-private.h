/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-project.h"

G_BEGIN_DECLS

char     *seg_result_view_select       (const char  *rows_table,
                                        const char  *input,
                                        GPtrArray   *columns,
                                        gboolean     numbered,
                                        int          n_own);
gboolean  seg_result_view_can_read     (SegProject  *self,
                                        const char  *input);
gboolean  seg_result_view_create       (SegProject  *writer,
                                        const char  *name,
                                        const char  *rows_table,
                                        const char  *input,
                                        GPtrArray   *columns,
                                        gboolean     numbered,
                                        int          n_own,
                                        GError     **error);
char     *seg_result_view_rows_table   (SegProject  *self,
                                        const char  *name);
gboolean  seg_result_view_keep_rows_of (SegProject  *self,
                                        const char  *input,
                                        GError     **error);
gboolean  seg_result_view_drop         (SegProject  *self,
                                        const char  *name,
                                        gboolean    *dropped,
                                        GError     **error);
gboolean  seg_result_view_rename       (SegProject  *self,
                                        const char  *name,
                                        const char  *new_name,
                                        gboolean    *was_view,
                                        GError     **error);

G_END_DECLS
