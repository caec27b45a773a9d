/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-project.h"
#include "seg-session.h"
#include "seg-tree-plot.h"

G_BEGIN_DECLS

#define SEG_TYPE_PREDICT_MODEL_VIEW (seg_predict_model_view_get_type ())

G_DECLARE_FINAL_TYPE (SegPredictModelView, seg_predict_model_view, SEG, PREDICT_MODEL_VIEW, AdwBin)

/* Which question the lifetime heat map answers. */
typedef enum
{
  SEG_HEAT_EXPECTED,
  SEG_HEAT_ALIVE,
} SegHeatMeasure;

GtkWidget  *seg_predict_model_view_new             (void);
SegProject *seg_predict_model_view_get_project     (SegPredictModelView  *self);
void        seg_predict_model_view_set_project     (SegPredictModelView  *self,
                                                    SegProject           *project);
SegSession *seg_predict_model_view_get_session     (SegPredictModelView  *self);
void        seg_predict_model_view_set_session     (SegPredictModelView  *self,
                                                    SegSession           *session);
gint64      seg_predict_model_view_get_run         (SegPredictModelView  *self);
void        seg_predict_model_view_set_run         (SegPredictModelView  *self,
                                                    gint64                run);
const char *seg_predict_model_view_get_shown       (SegPredictModelView  *self);
gboolean    seg_predict_model_view_export          (SegPredictModelView  *self,
                                                    const char           *path,
                                                    GError              **error);

/* The table of coefficients or class differences. */
guint       seg_predict_model_view_get_n_rows      (SegPredictModelView  *self);
const char *seg_predict_model_view_get_cell        (SegPredictModelView  *self,
                                                    guint                 row,
                                                    guint                 column);
guint       seg_predict_model_view_get_n_columns   (SegPredictModelView  *self);

/* The tree. */
guint       seg_predict_model_view_get_n_tree_nodes (SegPredictModelView *self);
guint       seg_predict_model_view_get_n_drawn     (SegPredictModelView  *self);
void        seg_predict_model_view_select_node     (SegPredictModelView  *self,
                                                    int                   node);
const char *seg_predict_model_view_get_path_text   (SegPredictModelView  *self);

/* The network and its what-if panel. */
guint       seg_predict_model_view_get_n_arrows    (SegPredictModelView  *self);
gboolean    seg_predict_model_view_has_arrow       (SegPredictModelView  *self,
                                                    const char           *from,
                                                    const char           *to);
gboolean    seg_predict_model_view_add_arrow       (SegPredictModelView  *self,
                                                    const char           *from,
                                                    const char           *to,
                                                    GError              **error);
gboolean    seg_predict_model_view_remove_arrow    (SegPredictModelView  *self,
                                                    const char           *from,
                                                    const char           *to,
                                                    GError              **error);
void        seg_predict_model_view_set_editing     (SegPredictModelView  *self,
                                                    gboolean              editing);
gboolean    seg_predict_model_view_get_node_box    (SegPredictModelView  *self,
                                                    const char           *node,
                                                    SegBox               *box);
void        seg_predict_model_view_click_network   (SegPredictModelView  *self,
                                                    double                x,
                                                    double                y);
gboolean    seg_predict_model_view_set_what_if     (SegPredictModelView  *self,
                                                    const char           *node,
                                                    guint                 state);
double      seg_predict_model_view_get_probability (SegPredictModelView  *self);
double      seg_predict_model_view_get_base_rate   (SegPredictModelView  *self);
const char *seg_predict_model_view_get_message     (SegPredictModelView  *self);

/* The lifetime heat map. */
void        seg_predict_model_view_set_heat_measure (SegPredictModelView *self,
                                                    SegHeatMeasure        measure);
guint       seg_predict_model_view_get_heat_cells  (SegPredictModelView  *self);

G_END_DECLS
