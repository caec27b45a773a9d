/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-map-view.h"

G_BEGIN_DECLS

#define SEG_TYPE_MAP_LEGEND (seg_map_legend_get_type ())

G_DECLARE_FINAL_TYPE (SegMapLegend, seg_map_legend, SEG, MAP_LEGEND, GtkWidget)

GtkWidget  *seg_map_legend_new          (void);
SegMapView *seg_map_legend_get_view     (SegMapLegend *self);
void        seg_map_legend_set_view     (SegMapLegend *self,
                                         SegMapView   *view);
GtkWidget  *seg_map_legend_get_toggle   (SegMapLegend *self,
                                         int           cluster);
GtkWidget  *seg_map_legend_get_select   (SegMapLegend *self,
                                         int           cluster);

G_END_DECLS
