/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-run-points.h"

G_BEGIN_DECLS

typedef struct _SegRunMapCode SegRunMapCode;

SegRunMapCode *seg_run_map_code_new          (const GByteArray *keys,
                                              size_t            n,
                                              const int32_t    *labels,
                                              const double     *coords);
gboolean      seg_run_map_code_store         (SegRunMapCode  *code,
                                              SegProject     *writer,
                                              gint64          run,
                                              const double   *silhouette,
                                              GError        **error);
void          seg_run_map_code_free          (SegRunMapCode  *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegRunMapCode, seg_run_map_code_free)

void          seg_run_points_add_key         (GByteArray     *keys,
                                              const char     *key);
gboolean      seg_run_points_store_for_run   (SegProject     *writer,
                                              gint64          run,
                                              const char     *table,
                                              GByteArray     *keys,
                                              size_t          n,
                                              const int32_t  *labels,
                                              const double   *coords,
                                              const double   *silhouette,
                                              GError        **error);
SegRunPoints *seg_run_points_load_from_table (SegProject     *project,
                                              gint64          run,
                                              GError        **error);

G_END_DECLS
