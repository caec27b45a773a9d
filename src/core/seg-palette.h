/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-profile.h"

G_BEGIN_DECLS

int    seg_profile_palette_key (const SegProfile *profile);
guint *seg_profile_palette     (const SegProfile *profile,
                                guint             n_clusters);

G_END_DECLS
