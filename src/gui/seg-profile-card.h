/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-profile.h"

G_BEGIN_DECLS

GtkWidget *seg_profile_card_new (const SegProfile        *profile,
                                 const SegClusterProfile *cluster);

G_END_DECLS
