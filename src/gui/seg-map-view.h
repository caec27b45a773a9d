/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "seg-run-points.h"
#include "seg-plot.h"
#include "seg-scatter.h"

G_BEGIN_DECLS

#define SEG_TYPE_MAP_VIEW (seg_map_view_get_type ())

G_DECLARE_FINAL_TYPE (SegMapView, seg_map_view, SEG, MAP_VIEW, GtkWidget)

/* What a drag on the map does without a modifier. */
typedef enum
{
  SEG_MAP_TOOL_PAN,
  SEG_MAP_TOOL_LASSO,
  SEG_MAP_TOOL_RECTANGLE,
} SegMapTool;

#define SEG_TYPE_MAP_TOOL (seg_map_tool_get_type ())
#define SEG_TYPE_SELECT_MODE (seg_select_mode_get_type ())
GType seg_map_tool_get_type    (void) G_GNUC_CONST;
GType seg_select_mode_get_type (void) G_GNUC_CONST;

SegSelectMode       seg_select_mode_for_modifiers (GdkModifierType      state,
                                                   SegSelectMode        fallback);
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
gsize               seg_map_view_select           (SegMapView          *self,
                                                   const double        *polygon,
                                                   gsize                n_vertices,
                                                   SegSelectMode        mode);
gsize               seg_map_view_select_rectangle (SegMapView          *self,
                                                   double               x0,
                                                   double               y0,
                                                   double               x1,
                                                   double               y1,
                                                   SegSelectMode        mode);
void                seg_map_view_select_cluster   (SegMapView          *self,
                                                   int                  cluster);
gsize               seg_map_view_select_keys      (SegMapView          *self,
                                                   const char *const   *keys);
gsize               seg_map_view_select_cluster_with (SegMapView       *self,
                                                   int                  cluster,
                                                   SegSelectMode        mode);
SegSelectMode       seg_map_view_get_select_mode  (SegMapView          *self);
void                seg_map_view_set_select_mode  (SegMapView          *self,
                                                   SegSelectMode        mode);
SegMapTool          seg_map_view_get_tool         (SegMapView          *self);
void                seg_map_view_set_tool         (SegMapView          *self,
                                                   SegMapTool           tool);
gboolean            seg_map_view_get_cluster_visible (SegMapView       *self,
                                                   int                  cluster);
void                seg_map_view_set_cluster_visible (SegMapView       *self,
                                                   int                  cluster,
                                                   gboolean             visible);
gboolean            seg_map_view_get_has_noise    (SegMapView          *self);
const char * const *seg_map_view_get_names        (SegMapView          *self);
void                seg_map_view_cluster_color    (SegMapView          *self,
                                                   int                  cluster,
                                                   SegColor            *color);
void                seg_map_view_set_axes         (SegMapView          *self,
                                                   double              *x,
                                                   double              *y,
                                                   const char          *x_label,
                                                   const char          *y_label,
                                                   gboolean             x_log,
                                                   gboolean             y_log);
gboolean            seg_map_view_get_density      (SegMapView          *self);
void                seg_map_view_clear_selection  (SegMapView          *self);
gsize               seg_map_view_get_n_selected   (SegMapView          *self);
const guint8       *seg_map_view_get_selection    (SegMapView          *self);
gssize              seg_map_view_point_at         (SegMapView          *self,
                                                   double               x,
                                                   double               y);
gboolean            seg_map_view_activate_point   (SegMapView          *self,
                                                   gsize                index);
gboolean            seg_map_view_export           (SegMapView          *self,
                                                   const char          *path,
                                                   GError             **error);

G_END_DECLS
