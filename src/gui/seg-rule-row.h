/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One association rule as the Baskets page lists and draws it: the
 * items by name and the rule's measures, as properties so that the
 * table's columns sort by them. */
typedef struct
{
  const char *const *lhs;        /* the items bought, by name */
  const char        *rhs;        /* the item that came with them */
  const char *const *codes;      /* nullable: the items as the orders name
                                  * them, the left-hand ones then the
                                  * right-hand one; else their names */
  guint64            count;      /* baskets with all of them */
  double             support;    /* a share of the baskets */
  double             confidence;
  double             lift;
  double             leverage;
  double             conviction; /* INFINITY when the rule always holds */
  double             p_value;    /* after the run's correction */
  gboolean           redundant;
} SegRuleFacts;

#define SEG_TYPE_RULE_ROW (seg_rule_row_get_type ())

G_DECLARE_FINAL_TYPE (SegRuleRow, seg_rule_row, SEG, RULE_ROW, GObject)

SegRuleRow        *seg_rule_row_new            (guint               index,
                                                const SegRuleFacts *facts);
guint              seg_rule_row_get_index      (SegRuleRow *self);
const char *const *seg_rule_row_get_lhs_items  (SegRuleRow *self);
const char        *seg_rule_row_get_lhs        (SegRuleRow *self);
const char        *seg_rule_row_get_rhs        (SegRuleRow *self);
const char *const *seg_rule_row_get_codes      (SegRuleRow *self);
guint64            seg_rule_row_get_count      (SegRuleRow *self);
double             seg_rule_row_get_support    (SegRuleRow *self);
double             seg_rule_row_get_confidence (SegRuleRow *self);
double             seg_rule_row_get_lift       (SegRuleRow *self);
double             seg_rule_row_get_leverage   (SegRuleRow *self);
double             seg_rule_row_get_conviction (SegRuleRow *self);
double             seg_rule_row_get_p_value    (SegRuleRow *self);
gboolean           seg_rule_row_get_redundant  (SegRuleRow *self);
char              *seg_rule_row_describe       (SegRuleRow *self);
gboolean           seg_rule_row_matches        (SegRuleRow *self,
                                                const char *folded);

G_END_DECLS
