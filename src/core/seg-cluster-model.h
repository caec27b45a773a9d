/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-dataset.h"
#include "seg-model.h"
#include "seg-run-record.h"

G_BEGIN_DECLS

/* Above this many rows the silhouette is measured on a seeded sample. */
#define SEG_SILHOUETTE_SAMPLE 20000

/**
 * SegFitContext:
 *
 * What a clustering may look at while it works: a flag that asks it to
 * stop, and where to report how far it is. @report is called with a
 * fraction from 0 to 1, from the worker thread or from the threads it
 * shares a loop with, one call at a time.
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
 * What a clustering found. @labels is allocated by the caller (one per
 * row); the fit fills it with clusters from 0, largest first, and -1 for
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

#define SEG_TYPE_CLUSTER_MODEL (seg_cluster_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (SegClusterModel, seg_cluster_model, SEG, CLUSTER_MODEL, SegModel)

gboolean  seg_cluster_model_fit          (SegClusterModel      *self,
                                          const double         *x,
                                          size_t                n,
                                          size_t                d,
                                          const SegFitContext  *context,
                                          SegFit               *fit,
                                          GError              **error);
void      seg_cluster_model_set_prep     (SegClusterModel      *self,
                                          const SegPrepOptions *prep);
GStrv     seg_cluster_model_get_prep     (SegClusterModel      *self,
                                          SegPrepOptions       *prep);
gboolean  seg_cluster_model_can_suggest  (SegClusterModel      *self);
void      seg_cluster_model_suggest_async  (SegClusterModel     *self,
                                            SegProject          *project,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char     *seg_cluster_model_suggest_finish (SegClusterModel     *self,
                                            GAsyncResult        *result,
                                            GError             **error);

GStrv     seg_run_record_get_prep        (const SegRunRecord   *record,
                                          SegPrepOptions       *prep);

G_END_DECLS
