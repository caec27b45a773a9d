/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-baskets.h"
#include "seg-model.h"
#include "seg-run-record.h"

G_BEGIN_DECLS

/**
 * SegRulesCorrection:
 * @SEG_RULES_CORRECTION_NONE: the rules' own p-values
 * @SEG_RULES_CORRECTION_BONFERRONI: times the number of rules
 * @SEG_RULES_CORRECTION_HOLM: Holm's step-down method
 * @SEG_RULES_CORRECTION_BH: Benjamini–Hochberg's false discovery rate
 *
 * How the p-values of a run's rules allow for testing many rules at once.
 */
typedef enum
{
  SEG_RULES_CORRECTION_NONE,
  SEG_RULES_CORRECTION_BONFERRONI,
  SEG_RULES_CORRECTION_HOLM,
  SEG_RULES_CORRECTION_BH,
} SegRulesCorrection;

/**
 * SegRulesItemsets:
 * @SEG_RULES_ITEMSETS_ALL: every frequent itemset
 * @SEG_RULES_ITEMSETS_CLOSED: those with no superset as frequent
 * @SEG_RULES_ITEMSETS_MAXIMAL: those with no frequent superset
 *
 * Which frequent itemsets a run lists.
 */
typedef enum
{
  SEG_RULES_ITEMSETS_ALL,
  SEG_RULES_ITEMSETS_CLOSED,
  SEG_RULES_ITEMSETS_MAXIMAL,
} SegRulesItemsets;

#define SEG_TYPE_RULES_MODEL (seg_rules_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (SegRulesModel, seg_rules_model, SEG, RULES_MODEL, SegModel)

/**
 * SegRulesModelClass:
 * @algorithm: the SegItemsetsAlgorithm the kernel mines with
 *
 * Association rules between the items of shopping baskets: `fpgrowth`
 * and `apriori` find the very same rules, by two algorithms.
 */
struct _SegRulesModelClass
{
  SegModelClass parent_class;

  int algorithm;
};

void           seg_rules_model_get_source      (SegRulesModel       *self,
                                                SegBasketSource     *source);
SegRulesModel *seg_rules_model_new_for_record  (const SegRunRecord  *record,
                                                GError             **error);

G_END_DECLS
