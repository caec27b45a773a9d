/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"
#include "seg-run-record.h"

G_BEGIN_DECLS

/**
 * SegRefreshSummary:
 * @run: the run brought up to date
 * @new_lines: the order lines added since the run read the table (or
 *   since its last refresh)
 * @unknown_lines: of those, the lines of products the model does not
 *   know yet, which cannot be offered before the run is made again
 * @customers: the customers whose offers were made again
 * @new_customers: of those, the customers the run had not seen
 * @offers: the offers written for them
 * @seconds: the whole refresh
 * @load_seconds: reading the run, its state and the lines
 * @fit_seconds: the customers' new scores and offers
 * @write_seconds: replacing their offers and updating the run
 *
 * What a refresh did.
 */
typedef struct
{
  gint64 run;
  gint64 new_lines;
  gint64 unknown_lines;
  gint64 customers;
  gint64 new_customers;
  gint64 offers;
  double seconds;
  double load_seconds;
  double fit_seconds;
  double write_seconds;
} SegRefreshSummary;

gboolean seg_recommender_can_refresh    (SegProject          *project,
                                         SegRunRecord        *record,
                                         GError             **error);
gboolean seg_recommender_refresh        (SegProject          *project,
                                         gint64               run_id,
                                         GCancellable        *cancellable,
                                         SegRefreshSummary   *summary,
                                         GError             **error);
void     seg_recommender_refresh_async  (SegProject          *project,
                                         gint64               run_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean seg_recommender_refresh_finish (SegProject          *project,
                                         GAsyncResult        *result,
                                         SegRefreshSummary   *summary,
                                         GError             **error);

G_END_DECLS
