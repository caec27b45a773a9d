/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-map-legend.h"
#include "seg-map-view.h"
#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_MAP_PANEL (seg_map_panel_get_type ())

G_DECLARE_FINAL_TYPE (SegMapPanel, seg_map_panel, SEG, MAP_PANEL, GtkWidget)

SegMapView   *seg_map_panel_get_map_view (SegMapPanel  *self);
SegMapLegend *seg_map_panel_get_legend   (SegMapPanel  *self);
void          seg_map_panel_set_run      (SegMapPanel  *self,
                                          SegProject   *project,
                                          gint64        run);
GStrv         seg_map_panel_get_columns  (SegMapPanel  *self);
gboolean      seg_map_panel_set_axes     (SegMapPanel  *self,
                                          const char   *x_column,
                                          const char   *y_column,
                                          gboolean      x_log,
                                          gboolean      y_log,
                                          GError      **error);

G_END_DECLS
