/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-dataset.h"

G_BEGIN_DECLS

/**
 * SegKScore:
 *
 * How well k-means does with one number of clusters.
 */
typedef struct
{
  int    k;
  double inertia;
  double silhouette;
  double calinski_harabasz;
  double davies_bouldin;
} SegKScore;

typedef struct
{
  GArray *scores;            /* of SegKScore, by k */
  int     recommended;       /* the k with the best silhouette */
  size_t  rows;
  size_t  silhouette_sample; /* 0 when every row was measured */
} SegKSuggestion;

void            seg_k_suggestion_free  (SegKSuggestion       *suggestion);
SegKSuggestion *seg_dataset_suggest_k  (SegDataset           *dataset,
                                        int                   k_min,
                                        int                   k_max,
                                        int                   n_init,
                                        guint64               seed,
                                        size_t                silhouette_sample,
                                        const volatile int   *cancel,
                                        GError              **error);

SegKSuggestion *seg_project_suggest_k_for_run (SegProject          *project,
                                               gint64               run,
                                               int                  k_min,
                                               int                  k_max,
                                               const volatile int  *cancel,
                                               GError             **error);
void            seg_project_suggest_k_for_run_async  (SegProject          *project,
                                                      gint64               run,
                                                      int                  k_min,
                                                      int                  k_max,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
SegKSuggestion *seg_project_suggest_k_for_run_finish (SegProject          *project,
                                                      GAsyncResult        *result,
                                                      GError             **error);

typedef struct
{
  double *distances;  /* n, increasing */
  size_t  n;
  size_t  knee;       /* index of the bend */
  double  eps;        /* the distance at the bend: a starting eps */
} SegKDistance;

void          seg_k_distance_free  (SegKDistance        *curve);
SegKDistance *seg_dataset_k_distance (SegDataset        *dataset,
                                      int                min_points,
                                      const volatile int *cancel,
                                      GError           **error);

SegKDistance *seg_project_k_distance (SegProject           *project,
                                      const char           *table,
                                      const char *const    *columns,
                                      const SegPrepOptions *prep,
                                      int                   min_points,
                                      const volatile int   *cancel,
                                      GError              **error);
void          seg_project_k_distance_async  (SegProject           *project,
                                             const char           *table,
                                             const char *const    *columns,
                                             const SegPrepOptions *prep,
                                             int                   min_points,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SegKDistance *seg_project_k_distance_finish (SegProject           *project,
                                             GAsyncResult         *result,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegKSuggestion, seg_k_suggestion_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegKDistance, seg_k_distance_free)

G_END_DECLS
