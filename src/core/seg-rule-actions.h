/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"
#include "seg-segment.h"

G_BEGIN_DECLS

/*
 * What to do with the rules of a run (kind rules): the customers a rule
 * points to, the items bought with an item, and bundles worth offering.
 * Each reads the run's baskets again from its record; none writes to the
 * project but seg_project_save_rule_audience (). The _async forms run
 * in a worker thread through a connection of their own.
 */

/**
 * SegRuleCustomer:
 * @customer: the customer's key
 * @orders: the baskets the customer bought
 * @spend: what they were worth; NAN without an amount or price column
 * @last_order: (nullable): the day of the latest, YYYY-MM-DD
 */
typedef struct
{
  char   *customer;
  gint64  orders;
  double  spend;
  char   *last_order;
} SegRuleCustomer;

/**
 * SegRuleAudience:
 * @run: the run
 * @rule: the rule's number in the run's rules table
 * @lhs: the rule's left-hand items, joined by " + "
 * @rhs: its right-hand item
 * @customers: (element-type SegRuleCustomer): the customers who bought
 *   every left-hand item and never the right-hand one, most orders
 *   first, then most spend
 */
typedef struct
{
  gint64     run;
  gint64     rule;
  char      *lhs;
  char      *rhs;
  GPtrArray *customers;
} SegRuleAudience;

void             seg_rule_audience_free         (SegRuleAudience      *audience);
SegRuleAudience *seg_project_rule_audience      (SegProject           *project,
                                                 gint64                run,
                                                 gint64                rule,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
void             seg_project_rule_audience_async  (SegProject         *project,
                                                   gint64              run,
                                                   gint64              rule,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
SegRuleAudience *seg_project_rule_audience_finish (SegProject         *project,
                                                   GAsyncResult       *result,
                                                   GError            **error);
SegSegment      *seg_project_save_rule_audience (SegProject           *project,
                                                 SegRuleAudience      *audience,
                                                 const char           *name,
                                                 GError              **error);
gboolean         seg_rule_audience_export       (SegRuleAudience      *audience,
                                                 GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

/**
 * SegTogether:
 * @item: an item bought with the one asked about
 * @count: the baskets holding both
 * @confidence: of the baskets with the item asked about, the share that
 *   also hold @item
 * @lift: @confidence over the share of all baskets that hold @item
 */
typedef struct
{
  char   *item;
  gint64  count;
  double  confidence;
  double  lift;
} SegTogether;

void       seg_together_free             (SegTogether          *together);
GPtrArray *seg_project_bought_together   (SegProject           *project,
                                          gint64                run,
                                          const char           *item,
                                          guint                 top,
                                          GCancellable         *cancellable,
                                          GError              **error);
void       seg_project_bought_together_async  (SegProject          *project,
                                               gint64               run,
                                               const char          *item,
                                               guint                top,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray *seg_project_bought_together_finish (SegProject          *project,
                                               GAsyncResult        *result,
                                               GError             **error);

/**
 * SegBundle:
 * @items: the items, joined by " + "
 * @length: how many
 * @count: the baskets holding all of them
 * @support: @count over all baskets
 * @lift: @support over the product of the items' own supports
 * @score: @lift times @support, what the bundles are ranked by
 * @revenue: what the lines of these items were worth in the baskets
 *   holding all of them; NAN without an amount or price column
 */
typedef struct
{
  char   *items;
  guint   length;
  gint64  count;
  double  support;
  double  lift;
  double  score;
  double  revenue;
} SegBundle;

void       seg_bundle_free               (SegBundle            *bundle);
GPtrArray *seg_project_bundles           (SegProject           *project,
                                          gint64                run,
                                          guint                 top,
                                          GCancellable         *cancellable,
                                          GError              **error);
void       seg_project_bundles_async     (SegProject           *project,
                                          gint64                run,
                                          guint                 top,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GPtrArray *seg_project_bundles_finish    (SegProject           *project,
                                          GAsyncResult         *result,
                                          GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegRuleAudience, seg_rule_audience_free)

G_END_DECLS
