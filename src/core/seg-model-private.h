/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-model.h"

G_BEGIN_DECLS

gboolean seg_model_spec_is_stored (GParamSpec *pspec);
gpointer seg_model_spec_field     (GObject    *object,
                                   GParamSpec *pspec);

G_END_DECLS
