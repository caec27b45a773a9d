/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-export.h"
#include "seg-project-private.h"
#include "seg-value.h"

G_BEGIN_DECLS

/* seg-export.c */
gboolean seg_export_prepare_rows (SegProject           *project,
                                  const char           *table,
                                  const SegExportJoin  *join,
                                  const SegTargetList  *target,
                                  sqlite3_stmt        **stmt,
                                  SegColumnType       **types,
                                  GError              **error);

G_END_DECLS
