/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdint.h>

#include "seg-hierarchy.h"
#include "seg-preprocess.h"

G_BEGIN_DECLS

#define SEG_TYPE_LINKAGE (seg_linkage_get_type ())
#define SEG_TYPE_SCALE   (seg_scale_get_type ())
#define SEG_TYPE_IMPUTE  (seg_impute_get_type ())

GType seg_linkage_get_type (void) G_GNUC_CONST;
GType seg_scale_get_type   (void) G_GNUC_CONST;
GType seg_impute_get_type  (void) G_GNUC_CONST;

const char *seg_enum_to_nick   (GType        type,
                                int          value);
gboolean    seg_enum_from_nick (GType        type,
                                const char  *nick,
                                int         *value);

/**
 * SegFitContext:
 *
 * What a fit may look at while it works: a flag that asks it to stop, and
 * where to report how far it is. @report is called with a fraction from
 * 0 to 1, from the worker thread or from the threads it shares a loop
 * with, one call at a time.
 */
typedef struct
{
  const volatile int *cancel;
  void              (*report) (double fraction, void *data);
  void               *report_data;
} SegFitContext;

/**
 * SegFit:
 *
 * What a fit found. @labels is allocated by the caller (one per row);
 * the fit fills it with clusters from 0, largest first, and -1 for
 * noise. Everything else the fit allocates.
 */
typedef struct
{
  int32_t    *labels;
  size_t      n_clusters;
  double      inertia;     /* NAN where the algorithm has none */
  int         iterations;  /* -1 where the algorithm has none */
  GArray     *merges;      /* nullable, of SegMerge: a dendrogram */
  JsonObject *extra;       /* nullable: more figures for the run record */
} SegFit;

void seg_fit_clear (SegFit *fit);

void seg_json_add_double_or_null (JsonBuilder *builder,
                                  const char  *name,
                                  double       value);

#define SEG_TYPE_MODEL (seg_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (SegModel, seg_model, SEG, MODEL, GObject)

/**
 * SegModelClass:
 * @id: the name runs and the command line know the algorithm by
 * @title: a translatable name for people
 * @fit: clusters @n rows of @d values
 *
 * An algorithm. Its parameters are the subclass's GObject properties:
 * their specs give the type, range, default and help that dialogs, the
 * command line and the run record share.
 */
struct _SegModelClass
{
  GObjectClass parent_class;

  const char *id;
  const char *title;

  gboolean (*fit) (SegModel            *self,
                   const double        *x,
                   size_t               n,
                   size_t               d,
                   const SegFitContext *context,
                   SegFit              *fit,
                   GError             **error);

  /*< private >*/
  gpointer padding[8];
};

#define SEG_TYPE_KMEANS_MODEL (seg_kmeans_model_get_type ())
G_DECLARE_FINAL_TYPE (SegKmeansModel, seg_kmeans_model, SEG, KMEANS_MODEL, SegModel)

#define SEG_TYPE_MINIBATCH_MODEL (seg_minibatch_model_get_type ())
G_DECLARE_FINAL_TYPE (SegMinibatchModel, seg_minibatch_model, SEG, MINIBATCH_MODEL, SegModel)

#define SEG_TYPE_DBSCAN_MODEL (seg_dbscan_model_get_type ())
G_DECLARE_FINAL_TYPE (SegDbscanModel, seg_dbscan_model, SEG, DBSCAN_MODEL, SegModel)

#define SEG_TYPE_HIERARCHICAL_MODEL (seg_hierarchical_model_get_type ())
G_DECLARE_FINAL_TYPE (SegHierarchicalModel, seg_hierarchical_model, SEG, HIERARCHICAL_MODEL, SegModel)

GType        *seg_model_list_types       (guint         *n_types);
SegModel     *seg_model_new_for_id       (const char    *id,
                                          GError       **error);
const char   *seg_model_get_id           (SegModel      *self);
const char   *seg_model_get_title        (SegModel      *self);
guint64       seg_model_get_seed         (SegModel      *self);
gboolean      seg_model_set_param        (SegModel      *self,
                                          const char    *name,
                                          const char    *text,
                                          GError       **error);
JsonNode     *seg_model_params_to_json   (SegModel      *self);
gboolean      seg_model_params_from_json (SegModel      *self,
                                          JsonObject    *params,
                                          GError       **error);
gboolean      seg_model_fit              (SegModel      *self,
                                          const double  *x,
                                          size_t         n,
                                          size_t         d,
                                          const SegFitContext *context,
                                          SegFit        *fit,
                                          GError       **error);

G_END_DECLS
