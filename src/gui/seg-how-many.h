/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-explore.h"
#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_HOW_MANY (seg_how_many_get_type ())

G_DECLARE_FINAL_TYPE (SegHowMany, seg_how_many, SEG, HOW_MANY, GtkWidget)

void                  seg_how_many_set_run         (SegHowMany  *self,
                                                    SegProject  *project,
                                                    gint64       run);
gboolean              seg_how_many_compare         (SegHowMany  *self);
void                  seg_how_many_cancel          (SegHowMany  *self);
gboolean              seg_how_many_get_comparing   (SegHowMany  *self);
const SegKSuggestion *seg_how_many_get_suggestion  (SegHowMany  *self);
const SegKDistance   *seg_how_many_get_curve       (SegHowMany  *self);
gboolean              seg_how_many_use             (SegHowMany  *self,
                                                    GError     **error);
gboolean              seg_how_many_export          (SegHowMany  *self,
                                                    const char  *path,
                                                    GError     **error);

G_END_DECLS
