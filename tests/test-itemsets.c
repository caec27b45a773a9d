/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "seg-itemsets.h"

/* Frequent itemsets and rules: tiny baskets worked out by hand,
 * FP-growth against Apriori and against counting every subset on random
 * baskets, and Groceries against arules' published figures and a numpy /
 * scipy reference stored in tests/data/itemsets-golden.txt by
 * make-golden-itemsets.py. */

static void
assert_close (double ours,
              double theirs,
              double tol)
{
  if (!(fabs (ours - theirs) <= tol * MAX (1.0, fabs (theirs))))
    g_error ("%.17g differs from the reference %.17g", ours, theirs);
}

static void
assert_relative (double ours,
                 double theirs,
                 double tol)
{
  if (!(fabs (ours - theirs) <= tol * fabs (theirs)))
    g_error ("%.17g differs from the reference %.17g by more than %g of it", ours, theirs, tol);
}

/* Baskets written as strings of letters, 'a' being item 0. */
static SegBasketList *
letters (const char * const *baskets,
         size_t              n,
         size_t              n_items)
{
  g_autoptr (GArray) basket_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr (GArray) item_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr (GError) error = NULL;
  SegBasketList *list;

  for (uint32_t b = 0; b < n; b++)
    for (const char *c = baskets[b]; *c != '\0'; c++)
      {
        uint32_t item = (uint32_t) (*c - 'a');

        g_array_append_val (basket_of, b);
        g_array_append_val (item_of, item);
      }
  list = seg_basket_list_new_from_pairs ((uint32_t *) (void *) basket_of->data,
                                         (uint32_t *) (void *) item_of->data,
                                         item_of->len, n, n_items, &error);
  g_assert_no_error (error);
  return list;
}

static gboolean
itemset_is (const SegItemset *itemset,
            const char       *items)
{
  if (itemset->length != strlen (items))
    return FALSE;
  for (size_t k = 0; k < itemset->length; k++)
    if (itemset->items[k] != (uint32_t) (items[k] - 'a'))
      return FALSE;
  return TRUE;
}

static const SegRule *
find_rule (const SegItemsetResult *result,
           const char             *lhs,
           char                    rhs)
{
  for (size_t r = 0; r < seg_itemset_result_n_rules (result); r++)
    {
      const SegRule *rule = seg_itemset_result_rule (result, r);
      gboolean same = rule->n_lhs == strlen (lhs) && rule->rhs == (uint32_t) (rhs - 'a');

      for (size_t k = 0; same && k < rule->n_lhs; k++)
        same = rule->lhs[k] == (uint32_t) (lhs[k] - 'a');
      if (same)
        return rule;
    }
  return NULL;
}

/* Six baskets over a, b, c, d:
 *   abc  ab  ac  bc  abcd  ad
 * Items: a 5, b 4, c 4, d 2. Pairs: ab 3, ac 3, bc 3, ad 2, bd 1, cd 1.
 * Triples: abc 2, abd 1, acd 1, bcd 1.
 * At a count of 2 (support 1/3) nine itemsets are frequent; by count,
 * then items: a5 b4 c4 ab3 ac3 bc3 abc2 ad2 d2. */
static const char * const tiny[] = { "abc", "ab", "ac", "bc", "abcd", "ad" };

static void
test_tiny_itemsets (void)
{
  g_autoptr (SegBasketList) list = letters (tiny, 6, 4);
  const char *expected[] = { "a", "b", "c", "ab", "ac", "bc", "abc", "ad", "d" };
  const size_t counts[] = { 5, 4, 4, 3, 3, 3, 2, 2, 2 };
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_support = 1.0 / 3.0;   /* ceil (6 / 3 - 1e-9) = 2 baskets */
  for (int algorithm = 0; algorithm < 2; algorithm++)
    {
      g_autoptr (SegItemsetResult) all = NULL;
      g_autoptr (SegItemsetResult) closed = NULL;
      g_autoptr (SegItemsetResult) maximal = NULL;
      g_autoptr (SegItemsetResult) pairs = NULL;
      g_autoptr (GError) error = NULL;

      params.algorithm = algorithm;
      params.filter = SEG_ITEMSETS_ALL;
      all = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (all), ==, 9);
      for (size_t i = 0; i < 9; i++)
        {
          const SegItemset *itemset = seg_itemset_result_itemset (all, i);

          g_assert_true (itemset_is (itemset, expected[i]));
          g_assert_cmpuint (itemset->count, ==, counts[i]);
          g_assert_cmpfloat (itemset->support, ==, counts[i] / 6.0);
        }
      g_assert_cmpuint (seg_itemset_result_item_count (all, 3), ==, 2);

      /* d (2) is in ad (2): not closed. Everything else is. */
      params.filter = SEG_ITEMSETS_CLOSED;
      closed = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (closed), ==, 8);
      for (size_t i = 0; i < 8; i++)
        g_assert_false (itemset_is (seg_itemset_result_itemset (closed, i), "d"));

      /* Only abc and ad have no frequent superset. */
      params.filter = SEG_ITEMSETS_MAXIMAL;
      maximal = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (maximal), ==, 2);
      g_assert_true (itemset_is (seg_itemset_result_itemset (maximal, 0), "abc"));
      g_assert_true (itemset_is (seg_itemset_result_itemset (maximal, 1), "ad"));

      /* Exactly two items: ab ac bc ad. With max_length 2, ab, ac and
       * bc become maximal, as abc is no longer mined. */
      params.filter = SEG_ITEMSETS_MAXIMAL;
      params.min_length = 2;
      params.max_length = 2;
      pairs = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (pairs), ==, 4);
      g_assert_true (itemset_is (seg_itemset_result_itemset (pairs, 3), "ad"));
      params.min_length = 1;
      params.max_length = 10;

      /* An absolute count wins over the support. */
      params.filter = SEG_ITEMSETS_ALL;
      params.min_count = 3;
      g_clear_pointer (&all, seg_itemset_result_free);
      all = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (all), ==, 6);
      params.min_count = 0;
    }
}

/* The rules of the tiny baskets at a count of 2 and a confidence of 0.5:
 *   ab: a⇒b 3/5, b⇒a 3/4    ac: a⇒c 3/5, c⇒a 3/4    bc: b⇒c, c⇒b 3/4
 *   ad: d⇒a 2/2 (a⇒d 2/5 is too weak)
 *   abc: ab⇒c, ac⇒b, bc⇒a 2/3
 * ten rules. With n = 6, supports a 5/6, b 4/6, c 4/6, d 2/6:
 *   d⇒a: lift 1 / (5/6) = 1.2, leverage 2/6 - 2/6 · 5/6 = 2/36,
 *        conviction ∞; Fisher: X ~ H(N 6, K 5, n 2), P(X ≥ 2) =
 *        C(5,2) C(1,0) / C(6,2) = 10/15.
 *   b⇒c: lift 0.75 / (4/6) = 1.125, leverage 3/6 - 16/36 = 2/36,
 *        conviction (1 - 4/6) / (1 - 0.75) = 4/3; X ~ H(6, 4, 4) on 2..4,
 *        P(X ≥ 3) = (C(4,3) C(2,1) + C(4,4) C(2,0)) / C(6,4) = 9/15.
 *   ab⇒c: lift (2/3) / (4/6) = 1, leverage 2/6 - 3/6 · 4/6 = 0,
 *        conviction 1; X ~ H(6, 4, 3) on 1..3, P(X ≥ 2) = (12 + 4)/20.
 *   bc⇒a: lift (2/3) / (5/6) = 0.8, leverage 2/6 - 3/6 · 5/6 = -3/36,
 *        conviction (1/6) / (1/3) = 0.5; X ~ H(6, 5, 3) on 2..3, P = 1.
 *   b⇒a: lift 0.75 / (5/6) = 0.9, conviction (1/6) / (1/4) = 2/3.
 * Redundant: ab⇒c (b⇒c has 3/4 ≥ 2/3), ac⇒b (c⇒b), bc⇒a (b⇒a, c⇒a).
 * By lift: d⇒a; b⇒c, c⇒b; ab⇒c, ac⇒b; four rules of 0.9; bc⇒a. */
static void
test_tiny_rules (void)
{
  g_autoptr (SegBasketList) list = letters (tiny, 6, 4);
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_count = 2;
  params.min_confidence = 0.5;
  for (int algorithm = 0; algorithm < 2; algorithm++)
    {
      g_autoptr (SegItemsetResult) result = NULL;
      g_autoptr (SegItemsetResult) to_a = NULL;
      g_autoptr (GError) error = NULL;
      const SegRule *rule;
      uint32_t a = 0;

      params.algorithm = algorithm;
      params.rhs_items = NULL;
      params.n_rhs_items = 0;
      result = seg_rules_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (result), ==, 9);
      g_assert_cmpuint (seg_itemset_result_n_rules (result), ==, 10);
      g_assert_null (find_rule (result, "a", 'd'));

      rule = seg_itemset_result_rule (result, 0);
      g_assert_true (rule == find_rule (result, "d", 'a'));
      g_assert_cmpuint (rule->count, ==, 2);
      assert_close (rule->support, 2.0 / 6, 1e-15);
      assert_close (rule->coverage, 2.0 / 6, 1e-15);
      assert_close (rule->confidence, 1.0, 1e-15);
      assert_close (rule->lift, 1.2, 1e-15);
      assert_close (rule->leverage, 2.0 / 36, 1e-15);
      g_assert_true (isinf (rule->conviction));
      assert_close (rule->p_value, 10.0 / 15, 1e-12);
      g_assert_false (rule->redundant);

      g_assert_true (seg_itemset_result_rule (result, 1) == find_rule (result, "b", 'c'));
      g_assert_true (seg_itemset_result_rule (result, 2) == find_rule (result, "c", 'b'));
      rule = seg_itemset_result_rule (result, 1);
      assert_close (rule->confidence, 0.75, 1e-15);
      assert_close (rule->lift, 1.125, 1e-15);
      assert_close (rule->leverage, 2.0 / 36, 1e-15);
      assert_close (rule->conviction, 4.0 / 3, 1e-15);
      assert_close (rule->p_value, 9.0 / 15, 1e-12);

      g_assert_true (seg_itemset_result_rule (result, 3) == find_rule (result, "ab", 'c'));
      g_assert_true (seg_itemset_result_rule (result, 4) == find_rule (result, "ac", 'b'));
      rule = seg_itemset_result_rule (result, 3);
      assert_close (rule->confidence, 2.0 / 3, 1e-15);
      assert_close (rule->lift, 1.0, 1e-15);
      assert_close (rule->leverage, 0.0, 1e-15);
      assert_close (rule->conviction, 1.0, 1e-15);
      assert_close (rule->coverage, 0.5, 1e-15);
      assert_close (rule->p_value, 16.0 / 20, 1e-12);
      g_assert_true (rule->redundant);
      g_assert_true (find_rule (result, "ac", 'b')->redundant);

      for (size_t r = 5; r < 9; r++)
        assert_close (seg_itemset_result_rule (result, r)->lift, 0.9, 1e-15);
      rule = find_rule (result, "b", 'a');
      assert_close (rule->conviction, 2.0 / 3, 1e-15);
      assert_close (rule->p_value, 1.0, 1e-15);
      g_assert_false (rule->redundant);

      rule = seg_itemset_result_rule (result, 9);
      g_assert_true (rule == find_rule (result, "bc", 'a'));
      assert_close (rule->lift, 0.8, 1e-15);
      assert_close (rule->leverage, -3.0 / 36, 1e-15);
      assert_close (rule->conviction, 0.5, 1e-15);
      assert_close (rule->p_value, 1.0, 1e-15);
      g_assert_true (rule->redundant);

      /* Only a on the right: b⇒a, c⇒a, d⇒a, bc⇒a. */
      params.rhs_items = &a;
      params.n_rhs_items = 1;
      to_a = seg_rules_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_rules (to_a), ==, 4);
      for (size_t r = 0; r < 4; r++)
        g_assert_cmpuint (seg_itemset_result_rule (to_a, r)->rhs, ==, 0);
      /* With min_length 3 only bc⇒a is left, still redundant: b⇒a
       * and c⇒a count though they are not returned. */
      params.min_length = 3;
      g_clear_pointer (&to_a, seg_itemset_result_free);
      to_a = seg_rules_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_rules (to_a), ==, 1);
      g_assert_true (seg_itemset_result_rule (to_a, 0)->redundant);
      params.min_length = 1;
    }
}

/* Corrections over the ten tiny rules, p-values sorted:
 *   0.6 0.6 0.667 0.8 0.8 1 1 1 1 1
 * Bonferroni: min (1, 10 p) = 1 for all. Holm: 10 · 0.6 > 1: all 1.
 * BH: the j-th smallest → min over k ≥ j of 10 p(k) / k, and for every
 * j that takes in k = 10: 10 · 1 / 10 = 1, below all the others. So here
 * everything is 1; the golden test on Groceries checks the corrections
 * on small p-values. */
static void
test_tiny_corrections (void)
{
  g_autoptr (SegBasketList) list = letters (tiny, 6, 4);
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_count = 2;
  params.min_confidence = 0.5;
  for (int c = SEG_CORRECTION_BONFERRONI; c <= SEG_CORRECTION_BH; c++)
    {
      g_autoptr (SegItemsetResult) result = NULL;
      g_autoptr (GError) error = NULL;

      params.correction = c;
      result = seg_rules_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      for (size_t r = 0; r < seg_itemset_result_n_rules (result); r++)
        assert_close (seg_itemset_result_rule (result, r)->p_adjusted, 1.0, 1e-15);
    }
}

/* Random baskets over at most 12 items, as bit masks. */
typedef struct
{
  SegBasketList *list;
  size_t         n;
  size_t         m;
  uint32_t      *masks;
} Random;

static void
random_clear (Random *random)
{
  seg_basket_list_free (random->list);
  g_free (random->masks);
}

static void
random_baskets (Random  *random,
                GRand   *rand,
                size_t   n,
                size_t   m)
{
  g_autoptr (GArray) basket_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr (GArray) item_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autofree double *p = g_new (double, m);
  g_autoptr (GError) error = NULL;

  random->n = n;
  random->m = m;
  random->masks = g_new0 (uint32_t, n);
  for (size_t j = 0; j < m; j++)
    p[j] = g_rand_double_range (rand, 0.05, 0.7);
  for (uint32_t b = 0; b < n; b++)
    {
      /* Some baskets copy an earlier one and add to it: bigger itemsets. */
      if (b > 0 && g_rand_double (rand) < 0.3)
        random->masks[b] = random->masks[g_rand_int_range (rand, 0, (gint32) b)];
      for (uint32_t j = 0; j < m; j++)
        if (g_rand_double (rand) < p[j] / 2)
          random->masks[b] |= 1u << j;
      for (uint32_t j = 0; j < m; j++)
        if (random->masks[b] & (1u << j))
          {
            /* Pairs in any order, and some twice: the builder sorts. */
            uint32_t item = m - 1 - j;

            g_array_append_val (basket_of, b);
            g_array_append_val (item_of, item);
            if (g_rand_double (rand) < 0.05)
              {
                g_array_append_val (basket_of, b);
                g_array_append_val (item_of, item);
              }
          }
    }
  /* The builder got item m - 1 - j for bit j: flip the masks to match. */
  for (size_t b = 0; b < n; b++)
    {
      uint32_t flipped = 0;

      for (uint32_t j = 0; j < m; j++)
        if (random->masks[b] & (1u << j))
          flipped |= 1u << (m - 1 - j);
      random->masks[b] = flipped;
    }
  random->list = seg_basket_list_new_from_pairs ((uint32_t *) (void *) basket_of->data,
                                                 (uint32_t *) (void *) item_of->data,
                                                 item_of->len, n, m, &error);
  g_assert_no_error (error);
}

static uint32_t
mask_of (const uint32_t *items,
         size_t          length)
{
  uint32_t mask = 0;

  for (size_t k = 0; k < length; k++)
    mask |= 1u << items[k];
  return mask;
}

/* P(X ≥ x) for X ~ H(total, marked, draws), summing exact terms each made
 * from binomials built up by products; fine for the small totals here. */
static double
naive_fisher (size_t x,
              size_t draws,
              size_t marked,
              size_t total)
{
  double sum = 0.0;

  for (size_t k = x; k <= MIN (draws, marked); k++)
    {
      double log_term = 0.0;

      if (draws - k > total - marked)
        continue;
      for (size_t i = 1; i <= k; i++)
        log_term += log ((double) (marked - k + i) / i);
      for (size_t i = 1; i <= draws - k; i++)
        log_term += log ((double) (total - marked - (draws - k) + i) / i);
      for (size_t i = 1; i <= draws; i++)
        log_term -= log ((double) (total - draws + i) / i);
      sum += exp (log_term);
    }
  return MIN (sum, 1.0);
}

static void
assert_same_results (const SegItemsetResult *a,
                     const SegItemsetResult *b)
{
  g_assert_cmpuint (seg_itemset_result_n_itemsets (a), ==, seg_itemset_result_n_itemsets (b));
  for (size_t i = 0; i < seg_itemset_result_n_itemsets (a); i++)
    {
      const SegItemset *x = seg_itemset_result_itemset (a, i), *y = seg_itemset_result_itemset (b, i);

      g_assert_cmpuint (x->count, ==, y->count);
      g_assert_cmpmem (x->items, x->length * 4, y->items, y->length * 4);
    }
  g_assert_cmpuint (seg_itemset_result_n_rules (a), ==, seg_itemset_result_n_rules (b));
  for (size_t r = 0; r < seg_itemset_result_n_rules (a); r++)
    {
      const SegRule *x = seg_itemset_result_rule (a, r), *y = seg_itemset_result_rule (b, r);

      g_assert_cmpmem (x->lhs, x->n_lhs * 4, y->lhs, y->n_lhs * 4);
      g_assert_cmpuint (x->rhs, ==, y->rhs);
      g_assert_cmpuint (x->count, ==, y->count);
      g_assert_cmpfloat (x->lift, ==, y->lift);
      g_assert_cmpfloat (x->p_value, ==, y->p_value);
      g_assert_cmpfloat (x->p_adjusted, ==, y->p_adjusted);
      g_assert_cmpint (x->redundant, ==, y->redundant);
    }
}

/* Checks a result against counting every subset of the items. */
static void
check_by_subsets (const Random            *random,
                  const SegItemsetsParams *params,
                  const SegItemsetResult  *result)
{
  size_t n = random->n, m = random->m, subsets = (size_t) 1 << m;
  g_autofree size_t *count = g_new0 (size_t, subsets);
  g_autofree gboolean *expected = g_new0 (gboolean, subsets);
  size_t min_count = params->min_count > 0 ? params->min_count
    : (size_t) MAX (1.0, ceil (params->min_support * n - 1e-9));
  size_t longest = params->max_length == 0 ? m : params->max_length;
  size_t shortest = MAX (params->min_length, 1), n_expected = 0, n_rules = 0;
  double last_lift = INFINITY;

#define FREQUENT(s) (count[s] >= min_count && (size_t) __builtin_popcount (s) <= longest)
  for (size_t s = 1; s < subsets; s++)
    for (size_t b = 0; b < n; b++)
      count[s] += (random->masks[b] & s) == s;
  for (uint32_t s = 1; s < subsets; s++)
    {
      gboolean closed = TRUE, maximal = TRUE;

      if (!FREQUENT (s) || (size_t) __builtin_popcount (s) < shortest)
        continue;
      for (uint32_t j = 0; j < m; j++)
        if (!(s & (1u << j)) && FREQUENT (s | (1u << j)))
          {
            maximal = FALSE;
            closed = closed && count[s | (1u << j)] != count[s];
          }
      expected[s] = params->filter == SEG_ITEMSETS_ALL ||
        (params->filter == SEG_ITEMSETS_CLOSED && closed) ||
        (params->filter == SEG_ITEMSETS_MAXIMAL && maximal);
      n_expected += expected[s];
    }
  g_assert_cmpuint (seg_itemset_result_n_itemsets (result), ==, n_expected);
  for (size_t i = 0; i < n_expected; i++)
    {
      const SegItemset *itemset = seg_itemset_result_itemset (result, i);
      uint32_t s = mask_of (itemset->items, itemset->length);

      g_assert_true (expected[s]);
      g_assert_cmpuint (itemset->count, ==, count[s]);
      if (i > 0)
        g_assert_cmpuint (itemset->count, <=, seg_itemset_result_itemset (result, i - 1)->count);
    }

  /* Every rule, once, with its measures. */
  for (uint32_t s = 1; s < subsets; s++)
    {
      size_t length = (size_t) __builtin_popcount (s);

      if (!FREQUENT (s) || length < MAX (shortest, 2))
        continue;
      for (uint32_t y = 0; y < m; y++)
        {
          uint32_t lhs = s & ~(1u << y);
          gboolean allowed = params->n_rhs_items == 0;

          for (size_t k = 0; k < params->n_rhs_items; k++)
            allowed = allowed || params->rhs_items[k] == y;
          if (!(s & (1u << y)) || !allowed ||
              !((double) count[s] / count[lhs] >= params->min_confidence))
            continue;
          n_rules++;
        }
    }
  g_assert_cmpuint (seg_itemset_result_n_rules (result), ==, n_rules);
  for (size_t r = 0; r < n_rules; r++)
    {
      const SegRule *rule = seg_itemset_result_rule (result, r);
      uint32_t lhs = mask_of (rule->lhs, rule->n_lhs), s = lhs | (1u << rule->rhs);
      size_t y_count = count[1u << rule->rhs];
      gboolean redundant = FALSE;

      g_assert_false (lhs & (1u << rule->rhs));
      g_assert_cmpuint (rule->count, ==, count[s]);
      assert_close (rule->confidence, (double) count[s] / count[lhs], 1e-14);
      assert_close (rule->lift, (double) count[s] * n / ((double) count[lhs] * y_count), 1e-12);
      assert_close (rule->coverage, (double) count[lhs] / n, 1e-14);
      assert_close (rule->leverage, (double) count[s] / n - (double) count[lhs] * y_count / ((double) n * n), 1e-12);
      assert_close (rule->p_value, naive_fisher (count[s], count[lhs], y_count, n), 1e-9);
      g_assert_cmpfloat (rule->lift, <=, last_lift);
      last_lift = rule->lift;
      /* Every non-empty proper subset of the left-hand side. */
      for (uint32_t sub = (lhs - 1) & lhs; sub != 0; sub = (sub - 1) & lhs)
        if (count[sub | (1u << rule->rhs)] * count[lhs] >= count[s] * count[sub])
          redundant = TRUE;
      g_assert_cmpint (rule->redundant, ==, redundant);
    }
#undef FREQUENT
}

static void
test_random (void)
{
  for (guint32 seed = 1; seed <= 60; seed++)
    {
      g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
      Random random;
      SegItemsetsParams params;
      uint32_t rhs[3];
      g_autoptr (SegItemsetResult) fp = NULL;
      g_autoptr (SegItemsetResult) apriori = NULL;
      g_autoptr (GError) error = NULL;

      random_baskets (&random, rand, g_rand_int_range (rand, 20, 300), g_rand_int_range (rand, 3, 13));
      seg_itemsets_params_init (&params);
      if (seed % 3 == 0)
        params.min_count = g_rand_int_range (rand, 1, 6);
      else
        params.min_support = g_rand_double_range (rand, 0.02, 0.3);
      params.min_length = g_rand_int_range (rand, 1, 4);
      params.max_length = seed % 4 == 0 ? 0 : g_rand_int_range (rand, params.min_length, 7);
      params.min_confidence = g_rand_int_range (rand, 0, 10) / 10.0;
      params.filter = seed % 3;
      params.correction = seed % 4;
      if (seed % 5 == 0)
        {
          for (size_t k = 0; k < 3; k++)
            rhs[k] = g_rand_int_range (rand, 0, (gint32) random.m);
          params.rhs_items = rhs;
          params.n_rhs_items = 3;
        }

      params.algorithm = SEG_ITEMSETS_FPGROWTH;
      fp = seg_rules_mine (&random.list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      params.algorithm = SEG_ITEMSETS_APRIORI;
      apriori = seg_rules_mine (&random.list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      check_by_subsets (&random, &params, fp);
      assert_same_results (fp, apriori);
      random_clear (&random);
    }
}

/* Shop-like baskets big enough for both threads to work: items of
 * falling popularity and a few bundles bought together. */
static SegBasketList *
shop_baskets (guint32 seed,
              size_t  n,
              size_t  m)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GArray) basket_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr (GArray) item_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr (GError) error = NULL;
  SegBasketList *list;

  for (uint32_t b = 0; b < n; b++)
    {
      int size = 1 + (int) floor (log (g_rand_double (rand)) / log (0.7));

      for (int k = 0; k < size; k++)
        {
          /* Zipf-like: item ⌊m u²⌋. */
          double u = g_rand_double (rand);
          uint32_t item = (uint32_t) (m * u * u);

          g_array_append_val (basket_of, b);
          g_array_append_val (item_of, item);
          if (item % 7 == 0 && g_rand_double (rand) < 0.6)
            for (uint32_t j = 1; j <= 3 && item + j < m; j++)
              {
                uint32_t with = item + j;

                g_array_append_val (basket_of, b);
                g_array_append_val (item_of, with);
              }
        }
    }
  list = seg_basket_list_new_from_pairs ((uint32_t *) (void *) basket_of->data,
                                         (uint32_t *) (void *) item_of->data,
                                         item_of->len, n, m, &error);
  g_assert_no_error (error);
  return list;
}

static void
test_threads (void)
{
#ifdef _OPENMP
  g_autoptr (SegBasketList) list = shop_baskets (7, 60000, 400);
  int saved = omp_get_max_threads ();
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_support = 0.0005;
  params.min_confidence = 0.3;
  params.correction = SEG_CORRECTION_BH;
  for (int algorithm = 0; algorithm < 2; algorithm++)
    {
      g_autoptr (SegItemsetResult) one = NULL;
      g_autoptr (SegItemsetResult) two = NULL;
      g_autoptr (GError) error = NULL;

      params.algorithm = algorithm;
      omp_set_num_threads (1);
      one = seg_rules_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      omp_set_num_threads (2);
      two = seg_rules_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      omp_set_num_threads (saved);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (one), >, 1000);
      g_assert_cmpuint (seg_itemset_result_n_rules (one), >, 100);
      assert_same_results (one, two);
    }
#else
  g_test_skip ("built without OpenMP");
#endif
}

static void
expect_error (const SegBaskets       *baskets,
              const SegItemsetsParams *params,
              int                      code,
              const char              *word)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SegItemsetResult) itemsets = seg_itemsets_mine (baskets, params, NULL, &error);

  g_assert_null (itemsets);
  g_assert_error (error, G_IO_ERROR, code);
  if (strstr (error->message, word) == NULL)
    g_error ("“%s” does not name %s", error->message, word);
  g_clear_error (&error);
  g_assert_null (seg_rules_mine (baskets, params, NULL, &error));
  g_assert_error (error, G_IO_ERROR, code);
}

static void
test_bad_input (void)
{
  g_autoptr (SegBasketList) list = letters (tiny, 6, 4);
  const size_t offsets[] = { 0, 2, 3 };
  const uint32_t unsorted[] = { 1, 0, 2 };
  const uint32_t repeated[] = { 1, 1, 2 };
  const uint32_t outside[] = { 0, 1, 9 };
  SegBaskets bad = { 2, 4, offsets, unsorted };
  uint32_t rhs = 4;
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_support = 0.0;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "min_support");
  params.min_support = 1.5;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "min_support");
  params.min_support = NAN;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "min_support");
  params.min_support = 0.1;
  params.min_confidence = 1.01;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "min_confidence");
  params.min_confidence = -0.1;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "min_confidence");
  params.min_confidence = 0.8;
  params.min_length = 4;
  params.max_length = 3;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "min_length");
  params.min_length = 1;
  params.rhs_items = &rhs;
  params.n_rhs_items = 1;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "rhs_items");
  params.rhs_items = NULL;
  params.n_rhs_items = 0;
  params.algorithm = 7;
  expect_error (&list->baskets, &params, G_IO_ERROR_INVALID_ARGUMENT, "algorithm");
  params.algorithm = SEG_ITEMSETS_FPGROWTH;

  expect_error (&bad, &params, G_IO_ERROR_INVALID_DATA, "Basket 1");
  bad.items = repeated;
  expect_error (&bad, &params, G_IO_ERROR_INVALID_DATA, "Basket 1");
  bad.items = outside;
  expect_error (&bad, &params, G_IO_ERROR_INVALID_DATA, "Basket 2");

  /* A support of 1 with no basket holding everything: nothing, no error. */
  {
    g_autoptr (SegItemsetResult) none = NULL;
    g_autoptr (GError) error = NULL;

    params.min_support = 1.0;
    none = seg_rules_mine (&list->baskets, &params, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (seg_itemset_result_n_itemsets (none), ==, 0);
    g_assert_cmpuint (seg_itemset_result_n_rules (none), ==, 0);
  }
}

static void
test_reader (void)
{
  const char text[] = "milk,bread \nbread ,milk,milk\r\n\neggs\n";
  g_autoptr (SegBasketList) list = NULL;
  g_autoptr (GError) error = NULL;

  list = seg_baskets_read_lines (text, sizeof text - 1, &error);
  g_assert_no_error (error);
  /* Names sorted: "bread " 0, "eggs" 1, "milk" 2. */
  g_assert_cmpuint (list->baskets.n_baskets, ==, 4);
  g_assert_cmpuint (list->baskets.n_items, ==, 3);
  g_assert_cmpstr (list->names[0], ==, "bread ");
  g_assert_cmpstr (list->names[1], ==, "eggs");
  g_assert_cmpstr (list->names[2], ==, "milk");
  g_assert_null (list->names[3]);
  g_assert_cmpuint (list->offsets[1], ==, 2);
  g_assert_cmpuint (list->offsets[2], ==, 4);    /* milk twice, once */
  g_assert_cmpuint (list->offsets[3], ==, 4);    /* the empty line */
  g_assert_cmpuint (list->offsets[4], ==, 5);
  g_assert_cmpuint (list->items[0], ==, 0);
  g_assert_cmpuint (list->items[1], ==, 2);
  g_assert_cmpuint (list->items[4], ==, 1);
  g_clear_pointer (&list, seg_basket_list_free);

  list = seg_baskets_read_lines ("a,b\nc,,d\n", 9, &error);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Line 2, column 3"));
  g_clear_error (&error);
  list = seg_baskets_read_lines ("a,\xff\n", 4, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Line 1, column 3"));
  g_clear_error (&error);

  {
    const uint32_t basket_of[] = { 0, 3 };
    const uint32_t item_of[] = { 1, 1 };

    list = seg_basket_list_new_from_pairs (basket_of, item_of, 2, 3, 2, &error);
    g_assert_null (list);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "Pair 2"));
  }
}

/* Reads the suggested support out of the guard's message. */
static double
suggested_support (const char *message)
{
  const char *at = strstr (message, "try a support of ");

  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen ("try a support of "), NULL);
}

/* Reads the memory estimate out of the guard's message, in bytes. */
static double
estimated_bytes (const char *message)
{
  const char *at = strstr (message, "would need about ");
  char *end = NULL;
  double value;

  g_assert_nonnull (at);
  value = g_ascii_strtod (at + strlen ("would need about "), &end);
  if (g_str_has_prefix (end, " kB"))
    return value * 1e3;
  if (g_str_has_prefix (end, " MB"))
    return value * 1e6;
  if (g_str_has_prefix (end, " GB"))
    return value * 1e9;
  g_assert_true (g_str_has_prefix (end, " bytes"));
  return value;
}

static void
test_memory_guard (void)
{
  g_autoptr (SegBasketList) list = shop_baskets (11, 20000, 300);
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_support = 0.0002;     /* 4 baskets */
  params.max_itemsets = 2000;
  for (int algorithm = 0; algorithm < 2; algorithm++)
    {
      g_autoptr (SegItemsetResult) refused = NULL;
      g_autoptr (SegItemsetResult) fits = NULL;
      g_autoptr (SegItemsetResult) everything = NULL;
      g_autoptr (GError) error = NULL;
      double suggestion, bytes;

      params.algorithm = algorithm;
      params.min_support = 0.0002;
      refused = seg_rules_mine (&list->baskets, &params, NULL, &error);
      g_assert_null (refused);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_assert_true (g_str_has_prefix (error->message, "At a support of 0.0002 the itemsets would need about "));
      suggestion = suggested_support (error->message);
      bytes = estimated_bytes (error->message);
      g_test_message ("%s", error->message);
      g_clear_error (&error);

      /* The suggestion fits, and a support 15 % lower (two significant
       * digits round up by less than 10 %) does not. */
      params.min_support = suggestion;
      fits = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (fits), <=, 2000);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (fits), >, 0);
      params.min_support = suggestion * 0.85;
      g_assert_null (seg_itemsets_mine (&list->baskets, &params, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_clear_error (&error);

      /* Without the guard the count is what the message was based on. */
      params.min_support = 0.0002;
      params.max_itemsets = 1000000;
      everything = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seg_itemset_result_n_itemsets (everything), >, 2000);
      /* 150,719 itemsets, past 16 times the limit: the estimate is
       * extrapolated from the counts at higher supports, and should be
       * within a factor of about two of their true size (some tens of
       * bytes each). */
      g_assert_cmpuint (seg_itemset_result_n_itemsets (everything), ==, 150719);
      g_assert_cmpfloat (bytes / seg_itemset_result_n_itemsets (everything), >, 25);
      g_assert_cmpfloat (bytes / seg_itemset_result_n_itemsets (everything), <, 250);
      params.max_itemsets = 2000;
    }

  /* Apriori's bitsets alone would not fit: it says so and points to
   * FP-growth, which still mines within the same memory. */
  {
    g_autoptr (SegItemsetResult) refused = NULL;
    g_autoptr (SegItemsetResult) mined = NULL;
    g_autoptr (GError) error = NULL;

    params.min_support = 0.005;
    params.max_itemsets = 0;
    params.max_bytes = 200000;
    params.algorithm = SEG_ITEMSETS_APRIORI;
    refused = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_assert_true (g_str_has_prefix (error->message, "Apriori would need about "));
    g_clear_error (&error);
    params.algorithm = SEG_ITEMSETS_FPGROWTH;
    mined = seg_itemsets_mine (&list->baskets, &params, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (seg_itemset_result_n_itemsets (mined), >, 100);
  }
}

typedef struct
{
  int    calls;
  int    stop_at;
  double last;
} Watch;

static int
watch_progress (double  fraction,
                void   *data)
{
  Watch *watch = data;

  g_assert_cmpfloat (fraction, >=, watch->last - 1e-12);
  g_assert_cmpfloat (fraction, <=, 1.0);
  watch->last = fraction;
  return ++watch->calls < watch->stop_at;
}

static void
test_cancel (void)
{
  g_autoptr (SegBasketList) list = shop_baskets (3, 40000, 300);
  SegItemsetsParams params;

  seg_itemsets_params_init (&params);
  params.min_support = 0.0005;
  for (int algorithm = 0; algorithm < 2; algorithm++)
    {
      Watch watch = { 0, 2, 0.0 };
      Watch all = { 0, G_MAXINT, 0.0 };
      volatile int cancel = 1;
      SegMonitor monitor = { watch_progress, &watch, NULL };
      SegMonitor cancelled = { NULL, NULL, &cancel };
      g_autoptr (SegItemsetResult) result = NULL;
      g_autoptr (GError) error = NULL;

      params.algorithm = algorithm;
      /* Stopped by the progress function. */
      result = seg_rules_mine (&list->baskets, &params, &monitor, &error);
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      /* The other thread may have been reporting at the same time. */
      g_assert_cmpint (watch.calls, >=, 2);
      g_assert_cmpint (watch.calls, <=, 3);
      g_clear_error (&error);

      /* Stopped by the flag. */
      result = seg_itemsets_mine (&list->baskets, &params, &cancelled, &error);
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);

      /* Not stopped: progress climbs to the end. */
      monitor.progress_data = &all;
      result = seg_rules_mine (&list->baskets, &params, &monitor, &error);
      g_assert_no_error (error);
      g_assert_cmpint (all.calls, >, 2);
      g_assert_cmpfloat (all.last, ==, 1.0);
    }
}

/* Groceries, or NULL (and the test skipped) when the data is absent. */
static SegBasketList *
read_groceries (void)
{
  const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;
  SegBasketList *list;

  if (shared != NULL)
    path = g_build_filename (shared, "groceries", "groceries.csv", NULL);
  if (path == NULL || !g_file_get_contents (path, &text, &length, NULL))
    {
      g_test_skip ("skipped: data not found (groceries)");
      return NULL;
    }
  list = seg_baskets_read_lines (text, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->baskets.n_baskets, ==, 9835);
  g_assert_cmpuint (list->baskets.n_items, ==, 169);
  return list;
}

/* Counts by length as "2:11 3:1461". */
static char *
lengths_text (const size_t *counts)
{
  GString *text = g_string_new (NULL);

  for (size_t k = 0; k < 32; k++)
    if (counts[k] > 0)
      g_string_append_printf (text, "%s%zu:%zu", text->len > 0 ? " " : "", k, counts[k]);
  return g_string_free (text, FALSE);
}

/* Rules by their number of items, left and right. */
static char *
rule_lengths (const SegItemsetResult *result)
{
  size_t counts[32] = { 0 };

  for (size_t r = 0; r < seg_itemset_result_n_rules (result); r++)
    counts[MIN (seg_itemset_result_rule (result, r)->n_lhs + 1, 31)]++;
  return lengths_text (counts);
}

static char *
itemset_lengths (const SegItemsetResult *result)
{
  size_t counts[32] = { 0 };

  for (size_t i = 0; i < seg_itemset_result_n_itemsets (result); i++)
    counts[MIN (seg_itemset_result_itemset (result, i)->length, 31)]++;
  return lengths_text (counts);
}

static const SegRule *
find_named_rule (const SegItemsetResult *result,
                 const SegBasketList    *list,
                 const char             *lhs,
                 const char             *rhs)
{
  for (size_t r = 0; r < seg_itemset_result_n_rules (result); r++)
    {
      const SegRule *rule = seg_itemset_result_rule (result, r);
      g_autoptr (GString) names = g_string_new (NULL);

      if (strcmp (list->names[rule->rhs], rhs) != 0)
        continue;
      for (size_t k = 0; k < rule->n_lhs; k++)
        g_string_append_printf (names, "%s%s", k > 0 ? "|" : "", list->names[rule->lhs[k]]);
      if (strcmp (names->str, lhs) == 0)
        return rule;
    }
  g_error ("no rule %s ⇒ %s", lhs, rhs);
}

static SegItemsetResult *
mine_groceries (const SegBasketList  *list,
                SegItemsetsAlgorithm  algorithm,
                SegItemsetsFilter     filter,
                SegCorrection         correction,
                double                confidence)
{
  SegItemsetsParams params;
  g_autoptr (GError) error = NULL;
  SegItemsetResult *result;

  seg_itemsets_params_init (&params);
  params.algorithm = algorithm;
  params.min_support = 0.001;
  params.min_confidence = confidence;
  params.filter = filter;
  params.correction = correction;
  result = seg_rules_mine (&list->baskets, &params, NULL, &error);
  g_assert_no_error (error);
  return result;
}

/* arules' published figures, then the reference's numbers. */
static void
test_groceries (void)
{
  g_autoptr (SegBasketList) list = read_groceries ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "itemsets-golden.txt", NULL);
  g_autofree char *golden = NULL;
  g_auto (GStrv) lines = NULL;

  if (list == NULL)
    return;
  g_assert_true (g_file_get_contents (path, &golden, NULL, NULL));
  lines = g_strsplit (golden, "\n", -1);

  for (int algorithm = 0; algorithm < 2; algorithm++)
    {
      g_autoptr (SegItemsetResult) strict = mine_groceries (list, algorithm, SEG_ITEMSETS_ALL, SEG_CORRECTION_NONE, 0.8);
      g_autoptr (SegItemsetResult) loose = mine_groceries (list, algorithm, SEG_ITEMSETS_ALL, SEG_CORRECTION_NONE, 0.5);
      g_autoptr (SegItemsetResult) closed = mine_groceries (list, algorithm, SEG_ITEMSETS_CLOSED, SEG_CORRECTION_NONE, 0.8);
      g_autoptr (SegItemsetResult) maximal = mine_groceries (list, algorithm, SEG_ITEMSETS_MAXIMAL, SEG_CORRECTION_NONE, 0.8);
      SegItemsetResult *corrected[4] = { NULL };
      g_autofree char *strict_lengths = rule_lengths (strict);
      g_autofree char *loose_lengths = rule_lengths (loose);
      const SegRule *top = seg_itemset_result_rule (strict, 0);

      /* arules: 410 rules at 0.8, 5,668 at 0.5; the top rule by lift. */
      g_assert_cmpuint (seg_itemset_result_n_rules (strict), ==, 410);
      g_assert_cmpstr (strict_lengths, ==, "3:29 4:229 5:140 6:12");
      g_assert_cmpuint (seg_itemset_result_n_rules (loose), ==, 5668);
      g_assert_cmpstr (loose_lengths, ==, "2:11 3:1461 4:3211 5:939 6:46");
      g_assert_cmpuint (top->n_lhs, ==, 2);
      g_assert_cmpstr (list->names[top->lhs[0]], ==, "liquor");
      g_assert_cmpstr (list->names[top->lhs[1]], ==, "red/blush wine");
      g_assert_cmpstr (list->names[top->rhs], ==, "bottled beer");
      g_assert_cmpfloat (fabs (top->support - 0.001931876), <, 1e-6);
      g_assert_cmpfloat (fabs (top->confidence - 0.9047619), <, 1e-6);
      g_assert_cmpfloat (fabs (top->lift - 11.23527), <, 1e-6);

      corrected[SEG_CORRECTION_NONE] = loose;
      for (int c = SEG_CORRECTION_BONFERRONI; c <= SEG_CORRECTION_BH; c++)
        {
          corrected[c] = mine_groceries (list, algorithm, SEG_ITEMSETS_ALL, c, 0.5);
          g_assert_cmpuint (seg_itemset_result_n_rules (corrected[c]), ==, 5668);
        }

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto (GStrv) f = NULL;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          f = g_strsplit (lines[i], "\t", -1);
          if (strcmp (f[0], "itemsets") == 0)
            {
              g_autofree char *lengths = itemset_lengths (strict);

              g_assert_cmpuint (seg_itemset_result_n_itemsets (strict), ==, g_ascii_strtoull (f[2], NULL, 10));
              g_assert_cmpstr (lengths, ==, f[3]);
            }
          else if (strcmp (f[0], "closed") == 0)
            g_assert_cmpuint (seg_itemset_result_n_itemsets (closed), ==, g_ascii_strtoull (f[2], NULL, 10));
          else if (strcmp (f[0], "maximal") == 0)
            g_assert_cmpuint (seg_itemset_result_n_itemsets (maximal), ==, g_ascii_strtoull (f[2], NULL, 10));
          else if (strcmp (f[0], "rules") == 0 || strcmp (f[0], "redundant") == 0 ||
                   strcmp (f[0], "top") == 0 || strcmp (f[0], "rule") == 0)
            {
              SegItemsetResult *result = g_ascii_strtod (f[2], NULL) > 0.6 ? strict : loose;

              if (strcmp (f[0], "rules") == 0)
                {
                  g_autofree char *lengths = rule_lengths (result);

                  g_assert_cmpuint (seg_itemset_result_n_rules (result), ==, g_ascii_strtoull (f[3], NULL, 10));
                  g_assert_cmpstr (lengths, ==, f[4]);
                }
              else if (strcmp (f[0], "redundant") == 0)
                {
                  size_t redundant = 0;

                  for (size_t r = 0; r < seg_itemset_result_n_rules (result); r++)
                    redundant += seg_itemset_result_rule (result, r)->redundant;
                  g_assert_cmpuint (redundant, ==, g_ascii_strtoull (f[3], NULL, 10));
                }
              else if (strcmp (f[0], "top") == 0)
                {
                  const SegRule *rule = seg_itemset_result_rule (result, 0);

                  g_assert_true (rule == find_named_rule (result, list, f[3], f[4]));
                  assert_relative (rule->support, g_ascii_strtod (f[5], NULL), 1e-10);
                  assert_relative (rule->confidence, g_ascii_strtod (f[6], NULL), 1e-10);
                  assert_relative (rule->lift, g_ascii_strtod (f[7], NULL), 1e-10);
                  assert_relative (rule->leverage, g_ascii_strtod (f[8], NULL), 1e-10);
                  assert_relative (rule->conviction, g_ascii_strtod (f[9], NULL), 1e-10);
                  assert_relative (rule->coverage, g_ascii_strtod (f[10], NULL), 1e-10);
                  assert_relative (rule->p_value, g_ascii_strtod (f[11], NULL), 1e-9);
                }
              else
                {
                  const SegRule *rule = find_named_rule (result, list, f[3], f[4]);

                  g_assert_cmpuint (rule->count, ==, g_ascii_strtoull (f[5], NULL, 10));
                  assert_relative (rule->p_value, g_ascii_strtod (f[6], NULL), 1e-9);
                  if (strcmp (f[10], "inf") == 0)
                    g_assert_true (isinf (rule->conviction));
                  else
                    assert_relative (rule->conviction, g_ascii_strtod (f[10], NULL), 1e-10);
                  g_assert_cmpint (rule->redundant, ==, atoi (f[11]));
                  if (result == loose)
                    for (int c = SEG_CORRECTION_BONFERRONI; c <= SEG_CORRECTION_BH; c++)
                      {
                        const SegRule *same = find_named_rule (corrected[c], list, f[3], f[4]);

                        assert_relative (same->p_value, rule->p_value, 0.0);
                        assert_relative (same->p_adjusted, g_ascii_strtod (f[6 + c], NULL), 1e-9);
                      }
                }
            }
        }
      for (int c = SEG_CORRECTION_BONFERRONI; c <= SEG_CORRECTION_BH; c++)
        seg_itemset_result_free (corrected[c]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/itemsets/tiny", test_tiny_itemsets);
  g_test_add_func ("/itemsets/tiny-rules", test_tiny_rules);
  g_test_add_func ("/itemsets/tiny-corrections", test_tiny_corrections);
  g_test_add_func ("/itemsets/random", test_random);
  g_test_add_func ("/itemsets/threads", test_threads);
  g_test_add_func ("/itemsets/bad-input", test_bad_input);
  g_test_add_func ("/itemsets/reader", test_reader);
  g_test_add_func ("/itemsets/memory-guard", test_memory_guard);
  g_test_add_func ("/itemsets/cancel", test_cancel);
  g_test_add_func ("/itemsets/groceries", test_groceries);

  return g_test_run ();
}
