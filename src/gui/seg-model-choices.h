/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-model.h"
#include "seg-project.h"

G_BEGIN_DECLS

guint    seg_model_choices_table         (SegModel           *model,
                                          GPtrArray          *tables);
void     seg_model_choices_apply         (SegModel           *model,
                                          const SegTableInfo *table);
char    *seg_model_choices_column        (GParamSpec         *pspec,
                                          const SegTableInfo *table);
gboolean seg_model_choices_usable        (SegModel           *model,
                                          GParamSpec         *pspec,
                                          const char         *column);
void     seg_model_choices_tidy          (SegModel           *model);

G_END_DECLS
