/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-cluster-model.h"
#include "seg-progress.h"

G_BEGIN_DECLS

/**
 * SegClusterModelClass:
 * @cluster: finds clusters among @n rows of @d prepared values
 * @suggest: (nullable): works out parameters from the prepared rows, such
 *   as DBSCAN's radius from the k-distance curve; sets them in @params by
 *   name and returns a sentence saying why, for people
 *
 * A segmentation: the inputs (a table, its columns, a key), the
 * preparation, the measures and the result table are this class's; a
 * subclass only finds the clusters.
 */
struct _SegClusterModelClass
{
  SegModelClass parent_class;

  gboolean (*cluster) (SegClusterModel      *self,
                       const double         *x,
                       size_t                n,
                       size_t                d,
                       const SegFitContext  *context,
                       SegFit               *fit,
                       GError              **error);
  char    *(*suggest) (SegClusterModel      *self,
                       SegDataset           *dataset,
                       const volatile int   *cancel,
                       JsonObject           *params,
                       GError              **error);

  /*< private >*/
  gpointer padding[4];
};

/* Shared by the clustering models. */
GParamSpec *seg_cluster_param_k      (int                  default_k);
GParamSpec *seg_cluster_param_seed   (void);
SegMonitor  seg_cluster_fit_monitor  (const SegFitContext *context);
gboolean    seg_cluster_cancelled    (GError             **error);
gboolean    seg_cluster_check_rows   (const double        *x,
                                      size_t               n,
                                      size_t               d,
                                      size_t               k,
                                      GError             **error);

G_END_DECLS
