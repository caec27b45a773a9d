/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_TYPE_OFFER_ROW (seg_offer_row_get_type ())

G_DECLARE_FINAL_TYPE (SegOfferRow, seg_offer_row, SEG, OFFER_ROW, GObject)

const char *seg_offer_row_get_customer  (SegOfferRow *self);
const char *seg_offer_row_get_name      (SegOfferRow *self);
int         seg_offer_row_get_rank      (SegOfferRow *self);
const char *seg_offer_row_get_item      (SegOfferRow *self);
const char *seg_offer_row_get_item_name (SegOfferRow *self);
double      seg_offer_row_get_score     (SegOfferRow *self);
const char *seg_offer_row_get_reason    (SegOfferRow *self);

/**
 * SegOfferSort:
 * @SEG_OFFER_SORT_STORED: as the run wrote them: by customer, best offer first
 *
 * What the offers are sorted by. Sorting by customer or by name keeps
 * each customer's offers together, best first.
 */
typedef enum
{
  SEG_OFFER_SORT_STORED,
  SEG_OFFER_SORT_CUSTOMER,
  SEG_OFFER_SORT_NAME,
  SEG_OFFER_SORT_RANK,
  SEG_OFFER_SORT_ITEM,
  SEG_OFFER_SORT_ITEM_NAME,
  SEG_OFFER_SORT_SCORE,
  SEG_OFFER_SORT_REASON,
} SegOfferSort;

/**
 * SegOfferFilter:
 * @search: (nullable): customers whose key or name holds this text, in any case
 * @segment: a saved segment's customers, or 0
 * @cluster_run: with @cluster, a clustering run
 * @cluster: the customers of this cluster of @cluster_run, from 1, or 0
 * @keys: (nullable): these customers only (such as the map's selection)
 * @sort: what to sort by
 * @descending: largest first
 *
 * Which offers show, and in what order. The filters all apply together.
 */
typedef struct
{
  const char         *search;
  gint64              segment;
  gint64              cluster_run;
  int                 cluster;
  const char *const  *keys;
  SegOfferSort        sort;
  gboolean            descending;
} SegOfferFilter;

#define SEG_TYPE_OFFER_LIST (seg_offer_list_get_type ())

G_DECLARE_FINAL_TYPE (SegOfferList, seg_offer_list, SEG, OFFER_LIST, GObject)

SegOfferList *seg_offer_list_new            (SegProject           *project,
                                             gint64                run,
                                             GError              **error);
gint64        seg_offer_list_get_run        (SegOfferList         *self);
const char   *seg_offer_list_get_people     (SegOfferList         *self);
GStrv         seg_offer_list_get_contacts   (SegOfferList         *self);
guint         seg_offer_list_get_n_total    (SegOfferList         *self);
guint         seg_offer_list_get_n_customers (SegOfferList        *self);
double        seg_offer_list_get_max_score  (SegOfferList         *self);
gboolean      seg_offer_list_get_filtered   (SegOfferList         *self);
gboolean      seg_offer_list_get_has_item_names (SegOfferList     *self);

gboolean      seg_offer_list_query          (SegOfferList         *self,
                                             const SegOfferFilter *filter,
                                             GError              **error);
void          seg_offer_list_query_async    (SegOfferList         *self,
                                             const SegOfferFilter *filter,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      seg_offer_list_query_finish   (SegOfferList         *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gboolean      seg_offer_list_get_complete   (SegOfferList         *self);

GStrv         seg_offer_list_dup_customers  (SegOfferList         *self);
gboolean      seg_offer_list_export         (SegOfferList         *self,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             GError              **error);
void          seg_offer_list_export_async   (SegOfferList         *self,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      seg_offer_list_export_finish  (SegOfferList         *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
