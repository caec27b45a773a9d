/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-itemsets.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

struct SegItemsetResult
{
  size_t      n_baskets;
  size_t      n_items;
  size_t     *item_counts;   /* n_items */
  GArray     *itemsets;      /* SegItemset */
  GArray     *rules;         /* SegRule */
};

void
seg_itemsets_params_init (SegItemsetsParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->algorithm = SEG_ITEMSETS_FPGROWTH;
  params->min_support = 0.01;
  params->min_count = 0;
  params->min_length = 1;
  params->max_length = 10;
  params->min_confidence = 0.8;
  params->rhs_items = NULL;
  params->n_rhs_items = 0;
  params->filter = SEG_ITEMSETS_ALL;
  params->correction = SEG_CORRECTION_NONE;
  params->max_itemsets = 0;
  params->max_bytes = (size_t) 1 << 30;
}

static SegItemsetResult *
result_new (const SegBaskets *baskets)
{
  SegItemsetResult *result = g_new0 (SegItemsetResult, 1);

  result->n_baskets = baskets->n_baskets;
  result->n_items = baskets->n_items;
  result->item_counts = g_new0 (size_t, MAX (baskets->n_items, 1));
  result->itemsets = g_array_new (FALSE, FALSE, sizeof (SegItemset));
  result->rules = g_array_new (FALSE, FALSE, sizeof (SegRule));
  for (size_t b = 0; b < baskets->n_baskets; b++)
    for (size_t k = baskets->offsets[b]; k < baskets->offsets[b + 1]; k++)
      result->item_counts[baskets->items[k]]++;

  return result;
}

SegItemsetResult *
seg_itemsets_mine (const SegBaskets        *baskets,
                   const SegItemsetsParams *params,
                   const SegMonitor        *monitor,
                   GError                 **error)
{
  g_return_val_if_fail (baskets != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  (void) monitor;
  return result_new (baskets);
}

SegItemsetResult *
seg_rules_mine (const SegBaskets        *baskets,
                const SegItemsetsParams *params,
                const SegMonitor        *monitor,
                GError                 **error)
{
  return seg_itemsets_mine (baskets, params, monitor, error);
}

size_t
seg_itemset_result_n_itemsets (const SegItemsetResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->itemsets->len;
}

const SegItemset *
seg_itemset_result_itemset (const SegItemsetResult *result,
                            size_t                  i)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (i < result->itemsets->len, NULL);
  return &g_array_index (result->itemsets, SegItemset, i);
}

size_t
seg_itemset_result_n_rules (const SegItemsetResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->rules->len;
}

const SegRule *
seg_itemset_result_rule (const SegItemsetResult *result,
                         size_t                  i)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (i < result->rules->len, NULL);
  return &g_array_index (result->rules, SegRule, i);
}

size_t
seg_itemset_result_item_count (const SegItemsetResult *result,
                               uint32_t                item)
{
  g_return_val_if_fail (result != NULL, 0);
  g_return_val_if_fail (item < result->n_items, 0);
  return result->item_counts[item];
}

void
seg_itemset_result_free (SegItemsetResult *result)
{
  if (result == NULL)
    return;
  for (guint i = 0; i < result->itemsets->len; i++)
    g_free (g_array_index (result->itemsets, SegItemset, i).items);
  for (guint i = 0; i < result->rules->len; i++)
    g_free (g_array_index (result->rules, SegRule, i).lhs);
  g_array_unref (result->itemsets);
  g_array_unref (result->rules);
  g_free (result->item_counts);
  g_free (result);
}
