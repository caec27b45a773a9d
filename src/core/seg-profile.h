/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-project.h"
#include "seg-rfm.h"

G_BEGIN_DECLS

/* The products listed for each cluster. */
#define SEG_PROFILE_TOP_PRODUCTS 5

typedef struct
{
  double mean;
  double median;
  double z;       /* (cluster mean − overall mean) / overall standard deviation */
} SegFeatureStat;

typedef struct
{
  char   *product;
  char   *label;    /* nullable: the product's name from a products table */
  gint64  buyers;   /* customers of the cluster who bought it */
  double  share;    /* buyers / cluster size */
  double  lift;     /* share / the share among all customers */
  double  revenue;
} SegTopProduct;

typedef struct
{
  int        cluster;        /* from 1; 0 for the rows no cluster took (noise) */
  gint64     size;
  double     share;          /* of all rows */
  double     revenue_share;  /* NAN without a spend column */
  char      *name;           /* plain words, such as “Lapsing big spenders” */
  GArray    *features;       /* of SegFeatureStat, one per profile feature */
  GPtrArray *products;       /* of SegTopProduct, empty when unknown */
} SegClusterProfile;

typedef struct
{
  gint64     run;
  char      *table;          /* the run's result table */
  GStrv      features;       /* the number columns described */
  double    *overall_mean;
  double    *overall_sd;
  char      *revenue;        /* nullable: the spend column */
  char      *orders;         /* nullable: the order lines the products come from */
  char      *product;        /* nullable: their product column */
  GPtrArray *clusters;       /* of SegClusterProfile, by cluster */
  gint64     rows;           /* of the result table */
} SegProfile;

void        seg_profile_free    (SegProfile  *profile);
void        seg_profile_name_clusters (SegProfile *profile);
SegProfile *seg_project_profile (SegProject  *project,
                                 gint64       run,
                                 const char  *product,
                                 GError     **error);
SegProfile *seg_project_profile_full (SegProject  *project,
                                      gint64       run,
                                      const char  *product,
                                      gboolean     products,
                                      GError     **error);
void        seg_project_profile_async  (SegProject          *project,
                                        gint64               run,
                                        const char          *product,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
SegProfile *seg_project_profile_finish (SegProject          *project,
                                        GAsyncResult        *result,
                                        GError             **error);

SegProfile *seg_project_profile_segment        (SegProject          *project,
                                               gint64               segment,
                                               GError             **error);
void        seg_project_profile_segment_async  (SegProject          *project,
                                               gint64               segment,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
SegProfile *seg_project_profile_segment_finish (SegProject          *project,
                                               GAsyncResult        *result,
                                               GError             **error);

SegRfmSummary *seg_project_count_rfm_segments        (SegProject          *project,
                                                     gint64               run,
                                                     GError             **error);
void           seg_project_count_rfm_segments_async  (SegProject          *project,
                                                     gint64               run,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SegRfmSummary *seg_project_count_rfm_segments_finish (SegProject          *project,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegProfile, seg_profile_free)

G_END_DECLS
