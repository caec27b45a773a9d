/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "seg-profile.h"

G_BEGIN_DECLS

gboolean    seg_profile_store_for_run   (SegProject  *writer,
                                         gint64       run,
                                         const char  *table,
                                         JsonObject  *input,
                                         GError     **error);
SegProfile *seg_profile_compute_for_run (SegProject  *project,
                                         gint64       run,
                                         GError     **error);

G_END_DECLS
