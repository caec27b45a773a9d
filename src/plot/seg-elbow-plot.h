/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-explore.h"
#include "seg-plot.h"

G_BEGIN_DECLS

void seg_elbow_plot_draw (cairo_t              *cr,
                          const SegKSuggestion *suggestion,
                          const char           *title,
                          double                width,
                          double                height);

G_END_DECLS
