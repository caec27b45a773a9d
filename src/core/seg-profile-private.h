/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "seg-profile.h"
#include "seg-project-private.h"

G_BEGIN_DECLS

typedef struct _SegProfileTally SegProfileTally;

gboolean    seg_profile_store_for_run   (SegProject  *writer,
                                         gint64       run,
                                         const char  *table,
                                         JsonObject  *input,
                                         GError     **error);
SegProfile *seg_profile_compute_for_run (SegProject  *project,
                                         gint64       run,
                                         GError     **error);


SegProfileTally *seg_profile_tally_new         (SegTableInfo     *result,
                                                JsonObject       *input);
void             seg_profile_tally_free        (SegProfileTally  *tally);
GStrv            seg_profile_tally_get_columns (SegProfileTally  *tally);
void             seg_profile_tally_reserve     (SegProfileTally  *tally,
                                                int               cluster,
                                                gsize             rows);
void             seg_profile_tally_add         (SegProfileTally  *tally,
                                                int               cluster,
                                                sqlite3_stmt     *stmt,
                                                const int        *columns);
void             seg_profile_tally_add_rows    (SegProfileTally  *tally,
                                                size_t            n,
                                                const int32_t    *labels,
                                                const double     *raw,
                                                size_t            stride,
                                                const gsize      *columns);
void             seg_profile_tally_finish      (SegProfileTally  *tally);
gboolean         seg_profile_tally_store       (SegProfileTally  *tally,
                                                SegProject       *writer,
                                                gint64            run,
                                                GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegProfileTally, seg_profile_tally_free)

G_END_DECLS
