/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "seg-progress.h"

G_BEGIN_DECLS

/* Frequent itemsets and association rules over shopping baskets, with
 * the semantics of R's arules: an itemset is frequent when at least
 * ceil (min_support × baskets) baskets hold all of its items, and a rule
 * has one item on its right-hand side, as arules' apriori () makes them.
 *
 * FP-growth and Apriori give the very same itemsets and counts; the
 * results never depend on the algorithm or on the number of threads.
 *
 * Choices where arules leaves room:
 * - closed and maximal are judged among the itemsets mined, so with a
 *   max_length an itemset of that length counts as maximal;
 * - the filter applies to the itemsets returned; rules come from every
 *   frequent itemset;
 * - a rule is redundant when a rule with the same right-hand side and a
 *   non-empty proper subset of its left-hand side has at least its
 *   confidence (compared as exact fractions), whether or not that rule
 *   is returned; so rules with one item on the left never are;
 * - p-values are corrected over the rules returned.
 * See seg_rules_mine () for the measures. */

/* Baskets in compressed rows: basket b holds items[offsets[b] .. offsets[b+1]),
 * item ids 0..n_items-1, each basket's ids sorted ascending and unique. */
typedef struct
{
  size_t          n_baskets;
  size_t          n_items;
  const size_t   *offsets;   /* n_baskets + 1 */
  const uint32_t *items;
} SegBaskets;

typedef enum
{
  SEG_ITEMSETS_FPGROWTH,
  SEG_ITEMSETS_APRIORI,
} SegItemsetsAlgorithm;

typedef enum
{
  SEG_ITEMSETS_ALL,
  SEG_ITEMSETS_CLOSED,
  SEG_ITEMSETS_MAXIMAL,
} SegItemsetsFilter;

typedef enum
{
  SEG_CORRECTION_NONE,
  SEG_CORRECTION_BONFERRONI,
  SEG_CORRECTION_HOLM,
  SEG_CORRECTION_BH,
} SegCorrection;

typedef struct
{
  SegItemsetsAlgorithm algorithm;   /* default FP-growth */
  double   min_support;             /* fraction of baskets, used when min_count == 0; default 0.01 */
  size_t   min_count;               /* absolute basket count; 0 = from min_support (count >= ceil(min_support * n_baskets - 1e-9)) as arules does */
  size_t   min_length;              /* default 1 for itemsets, rules need >= 2 */
  size_t   max_length;              /* 0 = no limit; default 10 as arules */
  double   min_confidence;          /* default 0.8 */
  const uint32_t *rhs_items;        /* optional: only rules whose right-hand side is one of these */
  size_t   n_rhs_items;
  SegItemsetsFilter filter;         /* itemsets: all, closed or maximal */
  SegCorrection correction;         /* for the Fisher p-values of rules */
  size_t   max_itemsets;            /* memory guard: 0 = derive from max_bytes */
  size_t   max_bytes;               /* memory guard, default 1 GiB */
} SegItemsetsParams;

void seg_itemsets_params_init (SegItemsetsParams *params);

typedef struct
{
  uint32_t *items;     /* sorted ascending */
  size_t    length;
  size_t    count;     /* baskets containing all of them */
  double    support;
} SegItemset;

typedef struct
{
  uint32_t *lhs;
  size_t    n_lhs;               /* sorted */
  uint32_t  rhs;                 /* one item on the right, as arules' apriori */
  size_t    count;               /* baskets with lhs ∪ rhs */
  double    support;
  double    confidence;
  double    lift;
  double    leverage;
  double    conviction;          /* INFINITY when confidence == 1 */
  double    coverage;            /* support of lhs */
  double    p_value;             /* one-sided Fisher exact test of positive association */
  double    p_adjusted;          /* after the chosen correction (== p_value for NONE) */
  gboolean  redundant;           /* a rule with a proper subset of lhs and the same rhs has confidence >= this one's */
} SegRule;

typedef struct SegItemsetResult SegItemsetResult;   /* opaque; owns everything */

SegItemsetResult *seg_itemsets_mine (const SegBaskets        *baskets,
                                     const SegItemsetsParams *params,
                                     const SegMonitor        *monitor,
                                     GError                 **error);
SegItemsetResult *seg_rules_mine    (const SegBaskets        *baskets,
                                     const SegItemsetsParams *params,
                                     const SegMonitor        *monitor,
                                     GError                 **error);

size_t            seg_itemset_result_n_itemsets (const SegItemsetResult *result);
const SegItemset *seg_itemset_result_itemset    (const SegItemsetResult *result,
                                                 size_t                  i);
size_t            seg_itemset_result_n_rules    (const SegItemsetResult *result);
const SegRule    *seg_itemset_result_rule       (const SegItemsetResult *result,
                                                 size_t                  i);
size_t            seg_itemset_result_item_count (const SegItemsetResult *result,
                                                 uint32_t                item);
void              seg_itemset_result_free       (SegItemsetResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegItemsetResult, seg_itemset_result_free)

/* Baskets that own their arrays; baskets points into them. */
typedef struct
{
  SegBaskets  baskets;
  size_t     *offsets;
  uint32_t   *items;
  char      **names;   /* n_items names, NULL-terminated; NULL when built from ids */
} SegBasketList;

SegBasketList *seg_basket_list_new_from_pairs (const uint32_t *basket_of,
                                               const uint32_t *item_of,
                                               size_t          n_pairs,
                                               size_t          n_baskets,
                                               size_t          n_items,
                                               GError        **error);
SegBasketList *seg_baskets_read_lines         (const char     *text,
                                               size_t          length,
                                               GError        **error);
void           seg_basket_list_free           (SegBasketList  *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegBasketList, seg_basket_list_free)

G_END_DECLS
