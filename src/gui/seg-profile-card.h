/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-profile.h"
#include "seg-rfm.h"
#include "seg-segment.h"

G_BEGIN_DECLS

GtkWidget *seg_profile_card_new (const SegProfile        *profile,
                                 const SegClusterProfile *cluster);
GtkWidget *seg_profile_card_new_rfm (const SegRfmSummary    *summary);
void       seg_profile_card_fill_segment (GtkListBox       *list,
                                          const SegProfile *profile);
void       seg_profile_card_show_segment (GtkListBox       *list,
                                          SegProject       *project,
                                          SegSegment       *segment,
                                          GCancellable     *cancellable);

G_END_DECLS
