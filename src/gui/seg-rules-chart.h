/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  SEG_RULES_CHART_SCATTER,
  SEG_RULES_CHART_MATRIX,
} SegRulesChartMode;

#define SEG_TYPE_RULES_CHART (seg_rules_chart_get_type ())

G_DECLARE_FINAL_TYPE (SegRulesChart, seg_rules_chart, SEG, RULES_CHART, GtkWidget)

GtkWidget         *seg_rules_chart_new          (SegRulesChartMode  mode);
void               seg_rules_chart_set_mode     (SegRulesChart     *self,
                                                 SegRulesChartMode  mode);
SegRulesChartMode  seg_rules_chart_get_mode     (SegRulesChart     *self);
void               seg_rules_chart_set_model    (SegRulesChart     *self,
                                                 GListModel        *model);
GListModel        *seg_rules_chart_get_model    (SegRulesChart     *self);
void               seg_rules_chart_set_selected (SegRulesChart     *self,
                                                 guint              position);
guint              seg_rules_chart_get_selected (SegRulesChart     *self);
guint              seg_rules_chart_rule_at      (SegRulesChart     *self,
                                                 double             x,
                                                 double             y);
gboolean           seg_rules_chart_rule_point   (SegRulesChart     *self,
                                                 guint              position,
                                                 double            *x,
                                                 double            *y);
char              *seg_rules_chart_describe_at  (SegRulesChart     *self,
                                                 double             x,
                                                 double             y);
guint              seg_rules_chart_get_hovered  (SegRulesChart     *self);
void               seg_rules_chart_hover        (SegRulesChart     *self,
                                                 double             x,
                                                 double             y);
gboolean           seg_rules_chart_export       (SegRulesChart     *self,
                                                 const char        *path,
                                                 GError           **error);

G_END_DECLS
