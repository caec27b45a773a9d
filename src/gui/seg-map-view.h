/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-run-points.h"
#include "seg-plot.h"

G_BEGIN_DECLS

#define SEG_TYPE_MAP_VIEW (seg_map_view_get_type ())

G_DECLARE_FINAL_TYPE (SegMapView, seg_map_view, SEG, MAP_VIEW, GtkWidget)

GtkWidget          *seg_map_view_new              (void);
void                seg_map_view_set_points       (SegMapView          *self,
                                                   SegRunPoints        *points,
                                                   GStrv                names,
                                                   const char          *title);
const SegRunPoints *seg_map_view_get_points       (SegMapView          *self);
void                seg_map_view_reset_view       (SegMapView          *self);
void                seg_map_view_zoom             (SegMapView          *self,
                                                   double               factor);
void                seg_map_view_pan              (SegMapView          *self,
                                                   double               dx,
                                                   double               dy);
void                seg_map_view_get_range        (SegMapView          *self,
                                                   SegRange            *xr,
                                                   SegRange            *yr);
gboolean            seg_map_view_get_frame        (SegMapView          *self,
                                                   SegPlotFrame        *frame);
gsize               seg_map_view_select_polygon   (SegMapView          *self,
                                                   const double        *polygon,
                                                   gsize                n_vertices);
void                seg_map_view_select_cluster   (SegMapView          *self,
                                                   int                  cluster);
gsize               seg_map_view_select_keys      (SegMapView          *self,
                                                   const char *const   *keys);
void                seg_map_view_clear_selection  (SegMapView          *self);
gsize               seg_map_view_get_n_selected   (SegMapView          *self);
const guint8       *seg_map_view_get_selection    (SegMapView          *self);
gssize              seg_map_view_point_at         (SegMapView          *self,
                                                   double               x,
                                                   double               y);
gboolean            seg_map_view_export           (SegMapView          *self,
                                                   const char          *path,
                                                   GError             **error);

G_END_DECLS
