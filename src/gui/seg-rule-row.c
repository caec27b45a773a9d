/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-rule-row.h"

#include <math.h>
#include <string.h>

#include "seg-rule-plots.h"

struct _SegRuleRow
{
  GObject   parent_instance;

  guint     index;      /* the rule's place in the run, from the strongest */
  GStrv     lhs_items;
  GStrv     codes;
  char     *lhs;        /* “tea + cups” */
  char     *rhs;
  char     *folded;     /* every name, casefolded, for the search */
  guint64   count;
  double    measures[6];
  gboolean  redundant;
};

/* In the order of SegRuleFacts and of the properties. */
enum {
  MEASURE_SUPPORT,
  MEASURE_CONFIDENCE,
  MEASURE_LIFT,
  MEASURE_LEVERAGE,
  MEASURE_CONVICTION,
  MEASURE_P_VALUE,
  N_MEASURES
};

enum {
  PROP_0,
  PROP_INDEX,
  PROP_LHS,
  PROP_RHS,
  PROP_COUNT,
  PROP_SUPPORT,
  PROP_CONFIDENCE,
  PROP_LIFT,
  PROP_LEVERAGE,
  PROP_CONVICTION,
  PROP_P_VALUE,
  PROP_REDUNDANT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegRuleRow, seg_rule_row, G_TYPE_OBJECT)

static void
seg_rule_row_finalize (GObject *object)
{
  SegRuleRow *self = SEG_RULE_ROW (object);

  g_strfreev (self->lhs_items);
  g_strfreev (self->codes);
  g_free (self->lhs);
  g_free (self->rhs);
  g_free (self->folded);

  G_OBJECT_CLASS (seg_rule_row_parent_class)->finalize (object);
}

static void
seg_rule_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SegRuleRow *self = SEG_RULE_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX: g_value_set_uint (value, self->index); break;
    case PROP_LHS: g_value_set_string (value, self->lhs); break;
    case PROP_RHS: g_value_set_string (value, self->rhs); break;
    case PROP_COUNT: g_value_set_uint64 (value, self->count); break;
    case PROP_REDUNDANT: g_value_set_boolean (value, self->redundant); break;
    case PROP_SUPPORT:
    case PROP_CONFIDENCE:
    case PROP_LIFT:
    case PROP_LEVERAGE:
    case PROP_CONVICTION:
    case PROP_P_VALUE:
      {
        double measure = self->measures[prop_id - PROP_SUPPORT];

        /* A rule that always holds has no finite conviction; it sorts
         * above every other. */
        g_value_set_double (value, isinf (measure) ? G_MAXDOUBLE : measure);
      }
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_rule_row_class_init (SegRuleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *const measures[N_MEASURES] = {
    "support", "confidence", "lift", "leverage", "conviction", "p-value",
  };

  object_class->finalize = seg_rule_row_finalize;
  object_class->get_property = seg_rule_row_get_property;

  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LHS] = g_param_spec_string ("lhs", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RHS] = g_param_spec_string ("rhs", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] = g_param_spec_uint64 ("count", NULL, NULL, 0, G_MAXUINT64, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  for (guint m = 0; m < N_MEASURES; m++)
    properties[PROP_SUPPORT + m] = g_param_spec_double (measures[m], NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDUNDANT] = g_param_spec_boolean ("redundant", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_rule_row_init (SegRuleRow *self)
{
}

/**
 * seg_rule_row_new:
 * @index: the rule's place among the run's rules
 * @facts: the rule; copied
 *
 * Returns: (transfer full): the row
 */
SegRuleRow *
seg_rule_row_new (guint               index,
                  const SegRuleFacts *facts)
{
  SegRuleRow *self;
  g_autofree char *all = NULL;

  g_return_val_if_fail (facts != NULL && facts->lhs != NULL && facts->rhs != NULL, NULL);

  self = g_object_new (SEG_TYPE_RULE_ROW, NULL);
  self->index = index;
  self->lhs_items = g_strdupv ((char **) facts->lhs);
  self->lhs = g_strjoinv (" + ", self->lhs_items);
  self->rhs = g_strdup (facts->rhs);
  if (facts->codes != NULL)
    self->codes = g_strdupv ((char **) facts->codes);
  else
    {
      g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();

      g_strv_builder_addv (codes, (const char **) facts->lhs);
      g_strv_builder_add (codes, facts->rhs);
      self->codes = g_strv_builder_end (codes);
    }
  all = g_strconcat (self->lhs, "\n", self->rhs, NULL);
  self->folded = g_utf8_casefold (all, -1);
  self->count = facts->count;
  self->measures[MEASURE_SUPPORT] = facts->support;
  self->measures[MEASURE_CONFIDENCE] = facts->confidence;
  self->measures[MEASURE_LIFT] = facts->lift;
  self->measures[MEASURE_LEVERAGE] = facts->leverage;
  self->measures[MEASURE_CONVICTION] = facts->conviction;
  self->measures[MEASURE_P_VALUE] = facts->p_value;
  self->redundant = facts->redundant;
  return self;
}

guint
seg_rule_row_get_index (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), 0);
  return self->index;
}

const char *const *
seg_rule_row_get_lhs_items (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NULL);
  return (const char *const *) self->lhs_items;
}

const char *
seg_rule_row_get_lhs (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NULL);
  return self->lhs;
}

const char *
seg_rule_row_get_rhs (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NULL);
  return self->rhs;
}

/**
 * seg_rule_row_get_codes:
 *
 * Returns: (transfer none): the rule's items as the order lines name
 *   them, the left-hand ones in order, then the right-hand one
 */
const char *const *
seg_rule_row_get_codes (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NULL);
  return (const char *const *) self->codes;
}

guint64
seg_rule_row_get_count (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), 0);
  return self->count;
}

double
seg_rule_row_get_support (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NAN);
  return self->measures[MEASURE_SUPPORT];
}

double
seg_rule_row_get_confidence (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NAN);
  return self->measures[MEASURE_CONFIDENCE];
}

double
seg_rule_row_get_lift (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NAN);
  return self->measures[MEASURE_LIFT];
}

double
seg_rule_row_get_leverage (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NAN);
  return self->measures[MEASURE_LEVERAGE];
}

double
seg_rule_row_get_conviction (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NAN);
  return self->measures[MEASURE_CONVICTION];
}

double
seg_rule_row_get_p_value (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NAN);
  return self->measures[MEASURE_P_VALUE];
}

gboolean
seg_rule_row_get_redundant (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), FALSE);
  return self->redundant;
}

/**
 * seg_rule_row_describe:
 *
 * Returns: (transfer full): the rule in a sentence, as the charts'
 *   tooltips say it
 */
char *
seg_rule_row_describe (SegRuleRow *self)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), NULL);
  return seg_rule_describe (self->lhs, self->rhs, self->measures[MEASURE_SUPPORT],
                            self->measures[MEASURE_CONFIDENCE], self->measures[MEASURE_LIFT]);
}

/**
 * seg_rule_row_matches:
 * @folded: a search, casefolded
 *
 * Returns: whether an item of the rule has @folded in its name
 */
gboolean
seg_rule_row_matches (SegRuleRow *self,
                      const char *folded)
{
  g_return_val_if_fail (SEG_IS_RULE_ROW (self), FALSE);
  return folded == NULL || *folded == '\0' || strstr (self->folded, folded) != NULL;
}
