/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>

#include "seg-profile.h"
#include "seg-project.h"
#include "seg-run.h"

G_BEGIN_DECLS

/**
 * SegRunPoints:
 *
 * A clustering run's rows as the map shows them: plain arrays, ready for
 * the charts.
 */
typedef struct
{
  gint64    run;
  char     *table;             /* the result table */
  char     *key_name;          /* its first column, naming each row */
  size_t    n;
  char    **keys;              /* n texts, NULL-terminated; NULL when not loaded */
  char    **names;             /* nullable: n people's or things' names, "" unknown */
  char     *people;            /* nullable: the table the names come from */
  char     *people_key;        /* its column matching the rows' keys */
  double   *x;                 /* pc1 */
  double   *y;                 /* pc2 */
  int32_t  *labels;            /* from 0; -1 for noise */
  double   *silhouette;        /* NAN where a row has none */
  guint     n_clusters;
  gint64   *sizes;             /* rows per cluster */
  double   *centroids;         /* n_clusters (x, y) pairs on the map */
  double    explained[2];      /* variance share of pc1 and pc2, NAN unknown */
  double    silhouette_mean;   /* NAN unknown */
  guint    *colors;            /* nullable: n_clusters palette slots, one per
                                * cluster, following its profile */

  /*< private >*/
  char     *keys_block;        /* the texts keys points into */
} SegRunPoints;

void          seg_run_points_free         (SegRunPoints  *points);
SegRunPoints *seg_project_load_run_points (SegProject    *project,
                                           gint64         run,
                                           GError       **error);
SegRunPoints *seg_project_load_run_map    (SegProject    *project,
                                           gint64         run,
                                           GError       **error);
void          seg_project_load_run_points_async  (SegProject          *project,
                                                  gint64               run,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
SegRunPoints *seg_project_load_run_points_finish (SegProject          *project,
                                                  GAsyncResult        *result,
                                                  GError             **error);
GHashTable   *seg_project_read_names      (SegProject         *project,
                                           const char         *key_column,
                                           const char *const  *keys,
                                           GError            **error);

char         *seg_run_points_axis_label   (const SegRunPoints *points,
                                           int                 component);
GStrv         seg_run_points_legend       (const SegRunPoints *points,
                                           const SegProfile   *profile,
                                           gboolean            sizes);

/**
 * SegRunView:
 *
 * All a window shows of a run: its record, its rows and its profile.
 */
typedef struct
{
  SegRunRecord *record;
  SegRunPoints *points;
  SegProfile   *profile;  /* nullable: a run whose inputs are gone */
} SegRunView;

void          seg_run_view_free           (SegRunView         *view);
SegRunView   *seg_project_load_run_view   (SegProject         *project,
                                           gint64              run,
                                           const volatile int *cancel,
                                           GError            **error);
void          seg_project_load_run_view_async  (SegProject          *project,
                                                gint64               run,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SegRunView   *seg_project_load_run_view_finish (SegProject          *project,
                                                GAsyncResult        *result,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegRunPoints, seg_run_points_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegRunView, seg_run_view_free)

G_END_DECLS
