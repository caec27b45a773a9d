/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-tree.h"

#include <float.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "seg-kmeans.h"

/* Values closer than this are one value, as in scikit-learn's splitter. */
#define FEATURE_THRESHOLD 1e-7
/* Below this many sample-features a node is searched on one thread. */
#define PARALLEL_WORK 65536

struct _SegTree
{
  size_t            n_features;
  size_t            n_classes;
  SegTreeCriterion  criterion;
  size_t            n_nodes;
  SegTreeNode      *nodes;
  double           *values;   /* n_nodes × n_classes */
};

void
seg_tree_params_init (SegTreeParams *params)
{
  g_return_if_fail (params != NULL);

  params->criterion = SEG_TREE_GINI;
  params->max_depth = 0;
  params->min_samples_split = 2;
  params->min_samples_leaf = 1;
  params->min_impurity_decrease = 0.0;
  params->class_weight = SEG_TREE_CLASS_WEIGHT_NONE;
  params->ccp_alpha = 0.0;
}

void
seg_tree_free (SegTree *tree)
{
  if (tree == NULL)
    return;
  g_free (tree->nodes);
  g_free (tree->values);
  g_free (tree);
}

static SegTree *
tree_new (size_t           n_features,
          size_t           n_classes,
          SegTreeCriterion criterion,
          size_t           n_nodes)
{
  SegTree *tree = g_new0 (SegTree, 1);

  tree->n_features = n_features;
  tree->n_classes = n_classes;
  tree->criterion = criterion;
  tree->n_nodes = n_nodes;
  tree->nodes = g_new0 (SegTreeNode, MAX (n_nodes, 1));
  tree->values = g_new0 (double, MAX (n_nodes, 1) * n_classes);

  return tree;
}

/* Impurity of a weighted class count. Entropy is in bits. */
static inline double
impurity_of (SegTreeCriterion  criterion,
             const double     *counts,
             size_t            k,
             double            total)
{
  if (criterion == SEG_TREE_ENTROPY)
    {
      double entropy = 0.0;

      for (size_t c = 0; c < k; c++)
        {
          if (counts[c] > 0.0)
            {
              double share = counts[c] / total;

              entropy -= share * (log (share) / M_LN2);
            }
        }
      return entropy;
    }
  else
    {
      double squares = 0.0;

      for (size_t c = 0; c < k; c++)
        squares += counts[c] * counts[c];
      return 1.0 - squares / (total * total);
    }
}

/* Checks the parameters and the data; every message names the row,
 * column or option at fault. */
static gboolean
check_input (const double         *x,
             size_t                n,
             size_t                p,
             const double         *y,
             size_t                n_classes,
             const double         *weight,
             const SegTreeParams  *params,
             GError              **error)
{
  if (n == 0 || p == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A tree needs at least one row and one feature column"));
      return FALSE;
    }
  if (n_classes < 1 || n_classes > 65536)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The number of classes must be between 1 and 65536, not %zu"), n_classes);
      return FALSE;
    }
  if (n > G_MAXINT32 || p > G_MAXINT32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Too many rows or columns for a tree (%zu × %zu)"), n, p);
      return FALSE;
    }
  if (params->criterion != SEG_TREE_GINI && params->criterion != SEG_TREE_ENTROPY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option criterion: unknown value %d"), (int) params->criterion);
      return FALSE;
    }
  if (params->class_weight != SEG_TREE_CLASS_WEIGHT_NONE &&
      params->class_weight != SEG_TREE_CLASS_WEIGHT_BALANCED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option class_weight: unknown value %d"), (int) params->class_weight);
      return FALSE;
    }
  if (params->max_depth < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option max_depth must be 0 (no limit) or more, not %d"), params->max_depth);
      return FALSE;
    }
  if (params->min_samples_split < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option min_samples_split must be at least 2, not %d"), params->min_samples_split);
      return FALSE;
    }
  if (params->min_samples_leaf < 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option min_samples_leaf must be at least 1, not %d"), params->min_samples_leaf);
      return FALSE;
    }
  if (!(params->min_impurity_decrease >= 0.0) || isinf (params->min_impurity_decrease))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option min_impurity_decrease must be a finite number of 0 or more"));
      return FALSE;
    }
  if (!(params->ccp_alpha >= 0.0) || isinf (params->ccp_alpha))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option ccp_alpha must be a finite number of 0 or more"));
      return FALSE;
    }

  for (size_t i = 0; i < n; i++)
    {
      double c = y[i];

      if (!(c >= 0.0) || c >= (double) n_classes || c != floor (c))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Row %zu: the target %g is not a class index from 0 to %zu"),
                       i + 1, c, n_classes - 1);
          return FALSE;
        }
      if (weight != NULL && (!(weight[i] >= 0.0) || isinf (weight[i])))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Row %zu: the weight %g is not a finite number of 0 or more"),
                       i + 1, weight[i]);
          return FALSE;
        }
      for (size_t j = 0; j < p; j++)
        {
          if (!isfinite (x[i * p + j]))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Row %zu, column %zu: the value is missing or not finite"),
                           i + 1, j + 1);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* An order-preserving map of doubles to unsigned integers, and back. */
static inline uint64_t
key_of (double v)
{
  uint64_t u;

  memcpy (&u, &v, sizeof u);
  return (u >> 63) ? ~u : (u | (UINT64_C (1) << 63));
}

static inline double
value_of (uint64_t key)
{
  uint64_t u = (key >> 63) ? (key & ~(UINT64_C (1) << 63)) : ~key;
  double v;

  memcpy (&v, &u, sizeof v);
  return v;
}

/* Sorts one column by value, equal values by row, with a least
 * significant digit radix sort on the values' bits: eight passes of a
 * byte, each skipped when every key has the same byte there. */
static void
sort_column (const double *x,
             size_t        p,
             size_t        column,
             const int32_t *rows,
             size_t         n,
             double        *values,
             int32_t       *order)
{
  g_autofree uint64_t *keys = g_new (uint64_t, 2 * n);
  g_autofree int32_t *index = g_new (int32_t, 2 * n);
  uint64_t *from_key = keys, *to_key = keys + n;
  int32_t *from_index = index, *to_index = index + n;

  for (size_t i = 0; i < n; i++)
    {
      from_key[i] = key_of (x[(size_t) rows[i] * p + column]);
      from_index[i] = (int32_t) i;
    }

  for (int shift = 0; shift < 64; shift += 8)
    {
      size_t count[256] = { 0 };
      size_t offset = 0;

      for (size_t i = 0; i < n; i++)
        count[(from_key[i] >> shift) & 0xff]++;
      if (count[(from_key[0] >> shift) & 0xff] == n)
        continue;
      for (int b = 0; b < 256; b++)
        {
          size_t c = count[b];

          count[b] = offset;
          offset += c;
        }
      for (size_t i = 0; i < n; i++)
        {
          size_t at = count[(from_key[i] >> shift) & 0xff]++;

          to_key[at] = from_key[i];
          to_index[at] = from_index[i];
        }
      {
        uint64_t *k = from_key;
        int32_t *r = from_index;

        from_key = to_key;
        to_key = k;
        from_index = to_index;
        to_index = r;
      }
    }

  for (size_t i = 0; i < n; i++)
    {
      values[i] = value_of (from_key[i]);
      order[i] = from_index[i];
    }
}

typedef struct
{
  double proxy;
  size_t pos;
  double threshold;
  int    found;
} Split;

typedef struct
{
  /* The samples of non-zero weight, renumbered 0..m-1. */
  size_t         m;
  size_t         p;
  size_t         k;
  const int32_t *cls;
  const double  *w;
  /* Per feature, m values sorted within each node's stretch and the
   * samples they belong to. */
  double        *values;
  int32_t       *order;
  uint8_t       *goes_left;
  int            min_leaf;
  SegTreeCriterion criterion;
} Grower;

/* The best split of one feature over the stretch [start, end) of a node
 * whose class counts are @total (summing to @weighted). */
static Split
best_split_of (const Grower *g,
               size_t        feature,
               size_t        start,
               size_t        end,
               const double *total,
               double        weighted,
               double       *left)
{
  const double *v = g->values + feature * g->m;
  const int32_t *o = g->order + feature * g->m;
  double *right = left + g->k;
  double weighted_left = 0.0;
  Split best = { -INFINITY, end, 0.0, 0 };

  if (v[end - 1] <= v[start] + FEATURE_THRESHOLD)
    return best;

  memset (left, 0, g->k * sizeof (double));
  for (size_t q = start; q + 1 < end; q++)
    {
      int32_t s = o[q];
      size_t n_left = q + 1 - start;
      double weighted_right, proxy;

      left[g->cls[s]] += g->w[s];
      weighted_left += g->w[s];
      if (v[q + 1] <= v[q] + FEATURE_THRESHOLD || n_left < (size_t) g->min_leaf)
        continue;
      if (end - (q + 1) < (size_t) g->min_leaf)
        break;

      weighted_right = weighted - weighted_left;
      for (size_t c = 0; c < g->k; c++)
        right[c] = total[c] - left[c];
      proxy = -weighted_right * impurity_of (g->criterion, right, g->k, weighted_right)
              - weighted_left * impurity_of (g->criterion, left, g->k, weighted_left);
      if (proxy > best.proxy)
        {
          best.proxy = proxy;
          best.pos = q + 1;
          best.found = 1;
          best.threshold = v[q] / 2.0 + v[q + 1] / 2.0;
          if (best.threshold == v[q + 1] || isinf (best.threshold))
            best.threshold = v[q];
        }
    }

  return best;
}

/* Moves the samples that go left to the front of each feature's stretch,
 * keeping both sides sorted. */
static void
partition_feature (const Grower *g,
                   size_t        feature,
                   size_t        start,
                   size_t        end,
                   double       *scratch_values,
                   int32_t      *scratch_order)
{
  double *v = g->values + feature * g->m;
  int32_t *o = g->order + feature * g->m;
  size_t l = start, r = 0;

  for (size_t q = start; q < end; q++)
    {
      int32_t s = o[q];

      if (g->goes_left[s])
        {
          v[l] = v[q];
          o[l] = s;
          l++;
        }
      else
        {
          scratch_values[r] = v[q];
          scratch_order[r] = s;
          r++;
        }
    }
  memcpy (v + l, scratch_values, r * sizeof (double));
  memcpy (o + l, scratch_order, r * sizeof (int32_t));
}

typedef struct
{
  size_t  start;
  size_t  end;
  int     depth;
  int32_t parent;
  int     is_left;
} Pending;

static SegTree *
grow (const double         *x,
      size_t                n,
      size_t                p,
      const double         *y,
      size_t                n_classes,
      const double         *weight,
      const SegTreeParams  *params,
      const SegMonitor     *monitor,
      GError              **error)
{
  g_autofree int32_t *rows = g_new (int32_t, n);
  g_autofree int32_t *cls = NULL;
  g_autofree double *w = NULL;
  g_autofree double *class_weight = g_new0 (double, n_classes);
  g_autofree double *total = g_new (double, n_classes);
  g_autofree double *left = g_new (double, n_classes);
  g_autofree Split *splits = g_new (Split, p);
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (SegTreeNode));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Pending));
  g_autofree double *scratch_values = NULL;
  g_autofree int32_t *scratch_order = NULL;
  Grower g = { 0 };
  size_t m = 0, done = 0;
  int n_threads = 1;
  double weighted_root = 0.0;
  int min_split = MAX (params->min_samples_split, 2 * params->min_samples_leaf);
  int max_depth = params->max_depth > 0 ? params->max_depth : G_MAXINT;
  SegTree *tree;

  /* Balanced weights count rows, whatever their own weight. */
  for (size_t i = 0; i < n; i++)
    class_weight[(size_t) y[i]] += 1.0;
  if (params->class_weight == SEG_TREE_CLASS_WEIGHT_BALANCED)
    {
      size_t present = 0;

      for (size_t c = 0; c < n_classes; c++)
        present += class_weight[c] > 0.0;
      for (size_t c = 0; c < n_classes; c++)
        class_weight[c] = class_weight[c] > 0.0 ? (double) n / ((double) present * class_weight[c]) : 0.0;
    }
  else
    {
      for (size_t c = 0; c < n_classes; c++)
        class_weight[c] = 1.0;
    }

  /* Rows of zero weight play no part, as in scikit-learn. */
  for (size_t i = 0; i < n; i++)
    {
      double wi = (weight != NULL ? weight[i] : 1.0) * class_weight[(size_t) y[i]];

      if (wi != 0.0)
        rows[m++] = (int32_t) i;
    }
  if (m == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Every row has a weight of 0, so there is nothing to learn from"));
      return NULL;
    }
  cls = g_new (int32_t, m);
  w = g_new (double, m);
  for (size_t i = 0; i < m; i++)
    {
      size_t r = (size_t) rows[i];

      cls[i] = (int32_t) y[r];
      w[i] = (weight != NULL ? weight[r] : 1.0) * class_weight[cls[i]];
      weighted_root += w[i];
    }

  g.m = m;
  g.p = p;
  g.k = n_classes;
  g.cls = cls;
  g.w = w;
  g.min_leaf = params->min_samples_leaf;
  g.criterion = params->criterion;
  g.values = g_try_new (double, m * p);
  g.order = g_try_new (int32_t, m * p);
  g.goes_left = g_try_new (uint8_t, m);
  if (g.values == NULL || g.order == NULL || g.goes_left == NULL)
    {
      g_free (g.values);
      g_free (g.order);
      g_free (g.goes_left);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to sort %zu rows of %zu features"), m, p);
      return NULL;
    }

#ifdef _OPENMP
  n_threads = omp_get_max_threads ();
#endif
  scratch_values = g_new (double, (size_t) n_threads * m);
  scratch_order = g_new (int32_t, (size_t) n_threads * m);

#pragma omp parallel for schedule(dynamic, 1)
  for (size_t f = 0; f < p; f++)
    sort_column (x, p, f, rows, m, g.values + f * m, g.order + f * m);

  if (seg_monitor_report (monitor, 0.05))
    goto cancelled;

  g_array_append_val (stack, ((Pending) { 0, m, 0, -1, 0 }));
  while (stack->len > 0)
    {
      Pending at = g_array_index (stack, Pending, stack->len - 1);
      size_t n_node = at.end - at.start;
      int32_t id = (int32_t) nodes->len;
      SegTreeNode node = { -1, -1, -1, 0.0, 0.0, (int64_t) n_node, 0.0 };
      const int32_t *o = g.order;
      double weighted = 0.0;
      int is_leaf;
      size_t best = p;

      g_array_set_size (stack, stack->len - 1);
      if (at.parent >= 0)
        {
          SegTreeNode *parent = &g_array_index (nodes, SegTreeNode, at.parent);

          if (at.is_left)
            parent->left = id;
          else
            parent->right = id;
        }

      memset (total, 0, n_classes * sizeof (double));
      for (size_t q = at.start; q < at.end; q++)
        {
          total[cls[o[q]]] += w[o[q]];
          weighted += w[o[q]];
        }
      node.weighted_n_samples = weighted;
      node.impurity = impurity_of (g.criterion, total, n_classes, weighted);

      is_leaf = at.depth >= max_depth || n_node < (size_t) min_split ||
                node.impurity <= DBL_EPSILON;
      if (!is_leaf)
        {
          size_t start = at.start, end = at.end;

#pragma omp parallel if (n_node * p >= PARALLEL_WORK)
          {
            g_autofree double *own_left = g_new (double, 2 * n_classes);

#pragma omp for schedule(dynamic, 1)
            for (size_t f = 0; f < p; f++)
              splits[f] = best_split_of (&g, f, start, end, total, weighted, own_left);
          }

          /* The lowest feature wins a tie, whatever the threads did. */
          for (size_t f = 0; f < p; f++)
            if (splits[f].found && (best == p || splits[f].proxy > splits[best].proxy))
              best = f;

          if (best == p)
            is_leaf = 1;
          else
            {
              const int32_t *bo = g.order + best * m;
              size_t pos = splits[best].pos;
              double weighted_left = 0.0, weighted_right, impurity_left, impurity_right;
              double improvement;

              memset (left, 0, n_classes * sizeof (double));
              for (size_t q = start; q < pos; q++)
                {
                  left[cls[bo[q]]] += w[bo[q]];
                  weighted_left += w[bo[q]];
                }
              weighted_right = weighted - weighted_left;
              impurity_left = impurity_of (g.criterion, left, n_classes, weighted_left);
              for (size_t c = 0; c < n_classes; c++)
                left[c] = total[c] - left[c];
              impurity_right = impurity_of (g.criterion, left, n_classes, weighted_right);
              improvement = (weighted / weighted_root) *
                            (node.impurity - weighted_right / weighted * impurity_right
                                           - weighted_left / weighted * impurity_left);
              if (improvement + DBL_EPSILON < params->min_impurity_decrease)
                is_leaf = 1;
            }
        }

      if (!is_leaf)
        {
          const int32_t *bo = g.order + best * m;
          size_t start = at.start, end = at.end, pos = splits[best].pos;

          node.feature = (int32_t) best;
          node.threshold = splits[best].threshold;
          for (size_t q = start; q < pos; q++)
            g.goes_left[bo[q]] = 1;
          for (size_t q = pos; q < end; q++)
            g.goes_left[bo[q]] = 0;

#pragma omp parallel for schedule(dynamic, 1) if (n_node * p >= PARALLEL_WORK)
          for (size_t f = 0; f < p; f++)
            {
              int t = 0;

              if (f == best)
                continue;
#ifdef _OPENMP
              t = omp_get_thread_num ();
#endif
              partition_feature (&g, f, start, end,
                                 scratch_values + (size_t) t * m, scratch_order + (size_t) t * m);
            }

          g_array_append_val (stack, ((Pending) { pos, end, at.depth + 1, id, 0 }));
          g_array_append_val (stack, ((Pending) { start, pos, at.depth + 1, id, 1 }));
        }
      else
        done += n_node;

      g_array_append_val (nodes, node);
      g_array_append_vals (values, total, n_classes);

      if (seg_monitor_report (monitor, 0.05 + 0.95 * (double) done / (double) m))
        goto cancelled;
    }

  g_free (g.values);
  g_free (g.order);
  g_free (g.goes_left);

  tree = g_new0 (SegTree, 1);
  tree->n_features = p;
  tree->n_classes = n_classes;
  tree->criterion = params->criterion;
  tree->n_nodes = nodes->len;
  tree->nodes = (SegTreeNode *) (void *) g_array_free (g_steal_pointer (&nodes), FALSE);
  tree->values = (double *) (void *) g_array_free (g_steal_pointer (&values), FALSE);

  return tree;

cancelled:
  g_free (g.values);
  g_free (g.order);
  g_free (g.goes_left);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The tree was cancelled"));
  return NULL;
}

/**
 * seg_tree_fit:
 * @x: n rows of p features, row by row
 * @n: the number of rows
 * @p: the number of features
 * @y: each row's class, an index from 0 to @n_classes - 1
 * @n_classes: the number of classes
 * @weight: (nullable): each row's weight, or NULL for 1 each
 * @params: the parameters
 * @monitor: (nullable): progress and cancellation
 * @error: a #GError naming the row, column or option at fault
 *
 * Grows a classification tree and, when @params asks for it, prunes it.
 *
 * Returns: (transfer full) (nullable): the tree, or NULL with @error set
 */
SegTree *
seg_tree_fit (const double         *x,
              size_t                n,
              size_t                p,
              const double         *y,
              size_t                n_classes,
              const double         *weight,
              const SegTreeParams  *params,
              const SegMonitor     *monitor,
              GError              **error)
{
  g_autoptr(SegTree) tree = NULL;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_input (x, n, p, y, n_classes, weight, params, error))
    return NULL;

  tree = grow (x, n, p, y, n_classes, weight, params, monitor, error);
  if (tree == NULL)
    return NULL;
  if (params->ccp_alpha > 0.0)
    {
      SegTree *pruned = seg_tree_prune (tree, params->ccp_alpha);

      seg_tree_free (tree);
      tree = pruned;
    }
  seg_monitor_report (monitor, 1.0);

  return g_steal_pointer (&tree);
}

size_t
seg_tree_n_nodes (const SegTree *tree)
{
  g_return_val_if_fail (tree != NULL, 0);
  return tree->n_nodes;
}

size_t
seg_tree_n_leaves (const SegTree *tree)
{
  size_t leaves = 0;

  g_return_val_if_fail (tree != NULL, 0);
  for (size_t i = 0; i < tree->n_nodes; i++)
    leaves += tree->nodes[i].left < 0;
  return leaves;
}

size_t
seg_tree_depth (const SegTree *tree)
{
  g_autofree size_t *depth = NULL;
  size_t deepest = 0;

  g_return_val_if_fail (tree != NULL, 0);
  /* Children always follow their parent. */
  depth = g_new0 (size_t, tree->n_nodes);
  for (size_t i = 0; i < tree->n_nodes; i++)
    {
      const SegTreeNode *node = &tree->nodes[i];

      deepest = MAX (deepest, depth[i]);
      if (node->left >= 0)
        {
          depth[node->left] = depth[i] + 1;
          depth[node->right] = depth[i] + 1;
        }
    }
  return deepest;
}

size_t
seg_tree_n_classes (const SegTree *tree)
{
  g_return_val_if_fail (tree != NULL, 0);
  return tree->n_classes;
}

size_t
seg_tree_n_features (const SegTree *tree)
{
  g_return_val_if_fail (tree != NULL, 0);
  return tree->n_features;
}

const SegTreeNode *
seg_tree_nodes (const SegTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);
  return tree->nodes;
}

const double *
seg_tree_values (const SegTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);
  return tree->values;
}

static inline int32_t
leaf_of (const SegTree *tree,
         const double  *row)
{
  int32_t at = 0;

  while (tree->nodes[at].left >= 0)
    {
      const SegTreeNode *node = &tree->nodes[at];

      at = row[node->feature] <= node->threshold ? node->left : node->right;
    }
  return at;
}

/* The class counts of the leaf a row falls into, and their sum. */
static inline const double *
leaf_value (const SegTree *tree,
            const double  *row,
            double        *sum)
{
  const double *value = tree->values + (size_t) leaf_of (tree, row) * tree->n_classes;

  *sum = 0.0;
  for (size_t c = 0; c < tree->n_classes; c++)
    *sum += value[c];
  return value;
}

/**
 * seg_tree_apply:
 * @tree: a tree
 * @x: m rows of seg_tree_n_features() columns
 * @m: the number of rows
 * @leaf: (out caller-allocates): m node indices
 *
 * Finds the leaf each row falls into.
 */
void
seg_tree_apply (const SegTree *tree,
                const double  *x,
                size_t         m,
                int32_t       *leaf)
{
  size_t p;

  g_return_if_fail (tree != NULL);
  p = tree->n_features;
#pragma omp parallel for schedule(static) if (m >= 65536)
  for (size_t i = 0; i < m; i++)
    leaf[i] = leaf_of (tree, x + i * p);
}

/**
 * seg_tree_predict_proba:
 * @tree: a tree
 * @x: m rows of seg_tree_n_features() columns
 * @m: the number of rows
 * @proba: (out caller-allocates): m × n_classes shares, row by row
 *
 * Gives each row the class shares of its leaf's weighted training rows.
 */
void
seg_tree_predict_proba (const SegTree *tree,
                        const double  *x,
                        size_t         m,
                        double        *proba)
{
  size_t p, k;

  g_return_if_fail (tree != NULL);
  p = tree->n_features;
  k = tree->n_classes;
#pragma omp parallel for schedule(static) if (m >= 65536)
  for (size_t i = 0; i < m; i++)
    {
      double sum;
      const double *value = leaf_value (tree, x + i * p, &sum);

      for (size_t c = 0; c < k; c++)
        proba[i * k + c] = sum > 0.0 ? value[c] / sum : 0.0;
    }
}

/**
 * seg_tree_predict:
 * @tree: a tree
 * @x: m rows of seg_tree_n_features() columns
 * @m: the number of rows
 * @proba_class1: (out caller-allocates): m probabilities of class 1
 *
 * The probability of class 1 for each row (0 for a one-class tree).
 */
void
seg_tree_predict (const SegTree *tree,
                  const double  *x,
                  size_t         m,
                  double        *proba_class1)
{
  size_t p, k;

  g_return_if_fail (tree != NULL);
  p = tree->n_features;
  k = tree->n_classes;
#pragma omp parallel for schedule(static) if (m >= 65536)
  for (size_t i = 0; i < m; i++)
    {
      double sum;
      const double *value = leaf_value (tree, x + i * p, &sum);

      proba_class1[i] = k > 1 && sum > 0.0 ? value[1] / sum : 0.0;
    }
}

/**
 * seg_tree_feature_importances:
 * @tree: a tree
 * @importance: (out caller-allocates): seg_tree_n_features() shares
 *
 * Each feature's total weighted impurity decrease over the nodes that
 * split on it, as a share of all features' (mean decrease in impurity,
 * as scikit-learn's feature_importances_).
 */
void
seg_tree_feature_importances (const SegTree *tree,
                              double        *importance)
{
  double sum = 0.0;

  g_return_if_fail (tree != NULL);
  memset (importance, 0, tree->n_features * sizeof (double));
  for (size_t i = 0; i < tree->n_nodes; i++)
    {
      const SegTreeNode *node = &tree->nodes[i];
      const SegTreeNode *l, *r;

      if (node->left < 0)
        continue;
      l = &tree->nodes[node->left];
      r = &tree->nodes[node->right];
      importance[node->feature] += node->weighted_n_samples * node->impurity -
                                   l->weighted_n_samples * l->impurity -
                                   r->weighted_n_samples * r->impurity;
    }
  for (size_t f = 0; f < tree->n_features; f++)
    {
      importance[f] /= tree->nodes[0].weighted_n_samples;
      sum += importance[f];
    }
  if (sum > 0.0)
    for (size_t f = 0; f < tree->n_features; f++)
      importance[f] /= sum;
}

static int32_t *
parents_of (const SegTree *tree)
{
  int32_t *parent = g_new (int32_t, tree->n_nodes);

  parent[0] = -1;
  for (size_t i = 0; i < tree->n_nodes; i++)
    if (tree->nodes[i].left >= 0)
      {
        parent[tree->nodes[i].left] = (int32_t) i;
        parent[tree->nodes[i].right] = (int32_t) i;
      }
  return parent;
}

/**
 * seg_tree_describe_node:
 * @tree: a tree
 * @node: a node index
 * @feature_names: (nullable) (array): a name per feature
 *
 * Says in words which rows reach @node: one condition per feature on
 * the way down, the tightest bounds only, such as “orders > 3.5 and days
 * since last order ≤ 42.5”.
 *
 * Returns: (transfer full): the rule
 */
char *
seg_tree_describe_node (const SegTree      *tree,
                        size_t              node,
                        const char * const *feature_names)
{
  g_autofree int32_t *parent = NULL;
  g_autofree int32_t *path = NULL;
  g_autofree double *lower = NULL;
  g_autofree double *upper = NULL;
  g_autofree int32_t *seen = NULL;
  g_autoptr(GString) rule = g_string_new (NULL);
  size_t depth = 0, n_seen = 0;

  g_return_val_if_fail (tree != NULL, NULL);
  g_return_val_if_fail (node < tree->n_nodes, NULL);

  if (node == 0)
    return g_strdup (_("all rows"));

  parent = parents_of (tree);
  path = g_new (int32_t, tree->n_nodes);
  for (int32_t at = (int32_t) node; at >= 0; at = parent[at])
    path[depth++] = at;

  lower = g_new (double, tree->n_features);
  upper = g_new (double, tree->n_features);
  seen = g_new (int32_t, tree->n_features);
  for (size_t f = 0; f < tree->n_features; f++)
    {
      lower[f] = -INFINITY;
      upper[f] = INFINITY;
    }

  /* From the root down: each feature in the order it is first used. */
  for (size_t d = depth - 1; d > 0; d--)
    {
      const SegTreeNode *split = &tree->nodes[path[d]];
      size_t f = (size_t) split->feature;

      if (lower[f] == -INFINITY && upper[f] == INFINITY)
        seen[n_seen++] = (int32_t) f;
      if (split->left == path[d - 1])
        upper[f] = MIN (upper[f], split->threshold);
      else
        lower[f] = MAX (lower[f], split->threshold);
    }

  for (size_t s = 0; s < n_seen; s++)
    {
      size_t f = (size_t) seen[s];
      g_autofree char *fallback = NULL;
      const char *name;

      if (feature_names != NULL && feature_names[f] != NULL)
        name = feature_names[f];
      else
        name = fallback = g_strdup_printf (_("feature %zu"), f + 1);

      if (s > 0)
        /* Translators: joins two conditions of a tree's rule. */
        g_string_append (rule, _(" and "));
      if (lower[f] > -INFINITY && upper[f] < INFINITY)
        /* Translators: a value between two bounds, such as “3.5 < orders ≤ 8.5”. */
        g_string_append_printf (rule, _("%g < %s ≤ %g"), lower[f], name, upper[f]);
      else if (upper[f] < INFINITY)
        g_string_append_printf (rule, _("%s ≤ %g"), name, upper[f]);
      else
        g_string_append_printf (rule, _("%s > %g"), name, lower[f]);
    }

  return g_string_free (g_steal_pointer (&rule), FALSE);
}

/* Minimal cost-complexity pruning, weakest link first, as scikit-learn
 * does it: each step collapses the internal node whose subtree buys the
 * least impurity per leaf, the lowest index on a tie. Steps stop before
 * the first effective alpha above @stop_alpha. @collapsed receives each
 * node's step (1, 2, …) or G_MAXINT32; @alphas and @impurities, when
 * given, the path starting with (0, impurity of the whole tree). Returns
 * the number of steps taken. */
static size_t
prune_steps (const SegTree *tree,
             double         stop_alpha,
             int32_t       *collapsed,
             double        *alphas,
             double        *impurities)
{
  size_t n = tree->n_nodes;
  g_autofree int32_t *parent = parents_of (tree);
  g_autofree double *r_node = g_new (double, n);
  g_autofree double *r_branch = g_new0 (double, n);
  g_autofree int64_t *n_leaves = g_new0 (int64_t, n);
  g_autofree uint8_t *candidate = g_new0 (uint8_t, n);
  g_autofree int32_t *stack = g_new (int32_t, n);
  double total = tree->nodes[0].weighted_n_samples;
  size_t steps = 0;

  for (size_t i = 0; i < n; i++)
    {
      const SegTreeNode *node = &tree->nodes[i];

      r_node[i] = node->weighted_n_samples * node->impurity / total;
      collapsed[i] = G_MAXINT32;
      candidate[i] = node->left >= 0;
    }
  for (size_t i = 0; i < n; i++)
    {
      if (tree->nodes[i].left >= 0)
        continue;
      r_branch[i] = r_node[i];
      n_leaves[i] = 1;
      for (int32_t at = parent[i]; at >= 0; at = parent[at])
        {
          r_branch[at] += r_node[i];
          n_leaves[at] += 1;
        }
    }
  if (alphas != NULL)
    {
      alphas[0] = 0.0;
      impurities[0] = r_branch[0];
    }

  while (candidate[0])
    {
      double effective = DBL_MAX, r_diff;
      int32_t weakest = -1;
      int64_t n_pruned;
      size_t top = 0;

      for (size_t i = 0; i < n; i++)
        {
          double subtree_alpha;

          if (!candidate[i])
            continue;
          subtree_alpha = (r_node[i] - r_branch[i]) / (double) (n_leaves[i] - 1);
          if (subtree_alpha < effective)
            {
              effective = subtree_alpha;
              weakest = (int32_t) i;
            }
        }
      if (weakest < 0 || stop_alpha < effective)
        break;

      stack[top++] = weakest;
      while (top > 0)
        {
          int32_t at = stack[--top];

          candidate[at] = 0;
          if (tree->nodes[at].left >= 0)
            {
              stack[top++] = tree->nodes[at].left;
              stack[top++] = tree->nodes[at].right;
            }
        }

      steps++;
      collapsed[weakest] = (int32_t) steps;
      n_pruned = n_leaves[weakest] - 1;
      n_leaves[weakest] = 1;
      r_diff = r_node[weakest] - r_branch[weakest];
      r_branch[weakest] = r_node[weakest];
      for (int32_t at = parent[weakest]; at >= 0; at = parent[at])
        {
          n_leaves[at] -= n_pruned;
          r_branch[at] += r_diff;
        }
      if (alphas != NULL)
        {
          alphas[steps] = effective;
          impurities[steps] = r_branch[0];
        }
    }

  return steps;
}

/**
 * seg_tree_pruning_path:
 * @tree: a grown tree
 * @alphas: (out) (transfer full): the effective alphas, from 0 up
 * @impurities: (out) (transfer full): the total leaf impurity (weighted
 *   by the share of training weight) of the tree pruned at each alpha
 *
 * The path of minimal cost-complexity pruning, as scikit-learn's
 * cost_complexity_pruning_path().
 *
 * Returns: the number of alphas
 */
size_t
seg_tree_pruning_path (const SegTree  *tree,
                       double        **alphas,
                       double        **impurities)
{
  g_autofree int32_t *collapsed = NULL;
  g_autofree double *a = NULL;
  g_autofree double *r = NULL;
  size_t steps;

  g_return_val_if_fail (tree != NULL, 0);
  g_return_val_if_fail (alphas != NULL && impurities != NULL, 0);

  collapsed = g_new (int32_t, tree->n_nodes);
  a = g_new (double, tree->n_nodes + 1);
  r = g_new (double, tree->n_nodes + 1);
  steps = prune_steps (tree, INFINITY, collapsed, a, r);
  *alphas = g_steal_pointer (&a);
  *impurities = g_steal_pointer (&r);

  return steps + 1;
}

/* The tree with every node collapsed by step @steps or earlier made a
 * leaf, nodes kept in depth-first order. */
static SegTree *
collapse (const SegTree *tree,
          const int32_t *collapsed,
          size_t         steps)
{
  size_t k = tree->n_classes;
  g_autofree int32_t *stack = g_new (int32_t, tree->n_nodes + 1);
  g_autofree int32_t *new_parent = g_new (int32_t, tree->n_nodes + 1);
  g_autofree uint8_t *new_is_left = g_new (uint8_t, tree->n_nodes + 1);
  SegTree *pruned = tree_new (tree->n_features, k, tree->criterion, tree->n_nodes);
  size_t top = 0, count = 0;

  stack[top] = 0;
  new_parent[top] = -1;
  new_is_left[top] = 0;
  top++;
  while (top > 0)
    {
      int32_t at, up;
      uint8_t is_left;
      SegTreeNode *node;

      top--;
      at = stack[top];
      up = new_parent[top];
      is_left = new_is_left[top];
      node = &pruned->nodes[count];
      *node = tree->nodes[at];
      memcpy (pruned->values + count * k, tree->values + (size_t) at * k, k * sizeof (double));
      if (up >= 0)
        {
          if (is_left)
            pruned->nodes[up].left = (int32_t) count;
          else
            pruned->nodes[up].right = (int32_t) count;
        }
      if (node->left >= 0 && (size_t) collapsed[at] <= steps)
        {
          node->feature = -1;
          node->left = -1;
          node->right = -1;
          node->threshold = 0.0;
        }
      if (node->left >= 0)
        {
          stack[top] = tree->nodes[at].right;
          new_parent[top] = (int32_t) count;
          new_is_left[top] = 0;
          top++;
          stack[top] = tree->nodes[at].left;
          new_parent[top] = (int32_t) count;
          new_is_left[top] = 1;
          top++;
        }
      count++;
    }

  pruned->n_nodes = count;
  return pruned;
}

/**
 * seg_tree_prune:
 * @tree: a grown tree
 * @ccp_alpha: the complexity parameter, 0 or more
 *
 * Prunes as scikit-learn does for ccp_alpha: weakest links fall while
 * their effective alpha is at most @ccp_alpha.
 *
 * Returns: (transfer full): a new tree
 */
SegTree *
seg_tree_prune (const SegTree *tree,
                double         ccp_alpha)
{
  g_autofree int32_t *collapsed = NULL;
  size_t steps;

  g_return_val_if_fail (tree != NULL, NULL);

  collapsed = g_new (int32_t, tree->n_nodes);
  steps = prune_steps (tree, ccp_alpha, collapsed, NULL, NULL);
  return collapse (tree, collapsed, steps);
}

/* Passes a fit's progress on as one stretch of a longer job. */
typedef struct
{
  const SegMonitor *outer;
  double            from;
  double            to;
} Stretch;

static int
stretch_progress (double  fraction,
                  void   *data)
{
  Stretch *stretch = data;

  return !seg_monitor_report (stretch->outer, stretch->from + (stretch->to - stretch->from) * fraction);
}

static int32_t
majority (const SegTree *tree,
          int32_t        node)
{
  const double *value = tree->values + (size_t) node * tree->n_classes;
  int32_t best = 0;

  for (size_t c = 1; c < tree->n_classes; c++)
    if (value[c] > value[best])
      best = (int32_t) c;
  return best;
}

gboolean
seg_tree_choose_alpha (const double         *x,
                       size_t                n,
                       size_t                p,
                       const double         *y,
                       size_t                n_classes,
                       const double         *weight,
                       const SegTreeParams  *params,
                       unsigned              n_folds,
                       uint64_t              seed,
                       const SegMonitor     *monitor,
                       double               *best_alpha,
                       double              **alphas,
                       double              **scores,
                       size_t               *n_alphas,
                       GError              **error)
{
  SegTreeParams grow_params;
  g_autoptr(SegTree) full = NULL;
  g_autofree double *path = NULL;
  g_autofree double *path_impurity = NULL;
  g_autofree double *mean = NULL;
  g_autofree uint32_t *fold = NULL;
  g_autofree size_t *per_class = NULL;
  size_t n_path, counter = 0, best;
  Stretch stretch = { monitor, 0.0, 0.0 };
  SegMonitor inner = { stretch_progress, &stretch, NULL };
  SegRng rng;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (best_alpha != NULL && alphas != NULL && scores != NULL && n_alphas != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_input (x, n, p, y, n_classes, weight, params, error))
    return FALSE;
  if (n_folds < 2 || n_folds > n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option folds must be from 2 to the number of rows (%zu), not %u"), n, n_folds);
      return FALSE;
    }

  grow_params = *params;
  grow_params.ccp_alpha = 0.0;
  stretch.to = 1.0 / (n_folds + 1);
  full = grow (x, n, p, y, n_classes, weight, &grow_params, &inner, error);
  if (full == NULL)
    return FALSE;
  n_path = seg_tree_pruning_path (full, &path, &path_impurity);
  mean = g_new0 (double, n_path);

  /* Stratified folds: each class's rows shuffled, then dealt in turn. */
  fold = g_new (uint32_t, n);
  per_class = g_new0 (size_t, n_classes + 1);
  {
    g_autofree size_t *by_class = g_new (size_t, n);

    for (size_t i = 0; i < n; i++)
      per_class[(size_t) y[i] + 1]++;
    for (size_t c = 0; c < n_classes; c++)
      per_class[c + 1] += per_class[c];
    {
      g_autofree size_t *fill = g_memdup2 (per_class, (n_classes + 1) * sizeof (size_t));

      for (size_t i = 0; i < n; i++)
        by_class[fill[(size_t) y[i]]++] = i;
    }
    seg_rng_init (&rng, seed);
    for (size_t c = 0; c < n_classes; c++)
      {
        size_t from = per_class[c], count = per_class[c + 1] - from;

        for (size_t i = count; i > 1; i--)
          {
            size_t j = (size_t) (seg_rng_next (&rng) % i);
            size_t t = by_class[from + i - 1];

            by_class[from + i - 1] = by_class[from + j];
            by_class[from + j] = t;
          }
        for (size_t i = 0; i < count; i++)
          fold[by_class[from + i]] = (uint32_t) (counter++ % n_folds);
      }
  }

  for (unsigned f = 0; f < n_folds; f++)
    {
      g_autofree double *train_x = g_new (double, n * p);
      g_autofree double *train_y = g_new (double, n);
      g_autofree double *train_w = weight != NULL ? g_new (double, n) : NULL;
      g_autofree int32_t *collapsed = NULL;
      g_autofree double *step_alpha = NULL;
      g_autofree double *step_impurity = NULL;
      g_autofree int32_t *route = NULL;
      g_autoptr(SegTree) tree = NULL;
      size_t m = 0, steps;
      double fold_weight = 0.0;
      g_autofree double *correct = g_new0 (double, n_path);

      for (size_t i = 0; i < n; i++)
        if (fold[i] != f)
          {
            memcpy (train_x + m * p, x + i * p, p * sizeof (double));
            train_y[m] = y[i];
            if (train_w != NULL)
              train_w[m] = weight[i];
            m++;
          }

      stretch.from = (f + 1.0) / (n_folds + 1);
      stretch.to = (f + 2.0) / (n_folds + 1);
      tree = grow (train_x, m, p, train_y, n_classes, train_w, &grow_params, &inner, error);
      if (tree == NULL)
        return FALSE;

      collapsed = g_new (int32_t, tree->n_nodes);
      step_alpha = g_new (double, tree->n_nodes + 1);
      step_impurity = g_new (double, tree->n_nodes + 1);
      steps = prune_steps (tree, INFINITY, collapsed, step_alpha, step_impurity);

      /* The fold's tree pruned at each alpha of the path: a held-out row
       * stops at the first node on its way down collapsed by then. */
      route = g_new (int32_t, tree->n_nodes);
      for (size_t i = 0; i < n; i++)
        {
          const double *row = x + i * p;
          double wi = weight != NULL ? weight[i] : 1.0;
          size_t length = 0;

          if (fold[i] != f)
            continue;
          fold_weight += wi;
          for (int32_t at = 0;; at = row[tree->nodes[at].feature] <= tree->nodes[at].threshold ?
                                     tree->nodes[at].left : tree->nodes[at].right)
            {
              route[length++] = at;
              if (tree->nodes[at].left < 0)
                break;
            }
          for (size_t a = 0; a < n_path; a++)
            {
              size_t taken = 0;
              int32_t at;

              while (taken < steps && step_alpha[taken + 1] <= path[a])
                taken++;
              at = route[length - 1];
              for (size_t d = 0; d < length; d++)
                if ((size_t) collapsed[route[d]] <= taken)
                  {
                    at = route[d];
                    break;
                  }
              if (majority (tree, at) == (int32_t) y[i])
                correct[a] += wi;
            }
        }
      for (size_t a = 0; a < n_path; a++)
        mean[a] += (fold_weight > 0.0 ? correct[a] / fold_weight : 0.0) / n_folds;
    }

  best = 0;
  for (size_t a = 1; a < n_path; a++)
    if (mean[a] >= mean[best])
      best = a;

  seg_monitor_report (monitor, 1.0);
  *best_alpha = path[best];
  *n_alphas = n_path;
  *alphas = g_steal_pointer (&path);
  *scores = g_steal_pointer (&mean);

  return TRUE;
}

/* The stored form: a header of magic, version and sizes, then per node
 * its fields and class counts, all little-endian. */
#define MAGIC "SEGTREE"
#define FORMAT_VERSION 1
#define HEADER_BYTES (8 + 6 * 4)
#define NODE_BYTES (4 * 4 + 4 * 8)

static void
put_u32 (guint8  **at,
         uint32_t  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (*at, &v, 4);
  *at += 4;
}

static void
put_f64 (guint8 **at,
         double   d)
{
  uint64_t v;

  memcpy (&v, &d, 8);
  v = GUINT64_TO_LE (v);
  memcpy (*at, &v, 8);
  *at += 8;
}

static uint32_t
get_u32 (const guint8 **at)
{
  uint32_t v;

  memcpy (&v, *at, 4);
  *at += 4;
  return GUINT32_FROM_LE (v);
}

static double
get_f64 (const guint8 **at)
{
  uint64_t v;
  double d;

  memcpy (&v, *at, 8);
  *at += 8;
  v = GUINT64_FROM_LE (v);
  memcpy (&d, &v, 8);
  return d;
}

/**
 * seg_tree_to_bytes:
 * @tree: a tree
 *
 * Returns: (transfer full): the tree in a versioned little-endian form
 *   that seg_tree_from_bytes() reads back
 */
GBytes *
seg_tree_to_bytes (const SegTree *tree)
{
  size_t k, size;
  guint8 *data, *at;

  g_return_val_if_fail (tree != NULL, NULL);

  k = tree->n_classes;
  size = HEADER_BYTES + tree->n_nodes * (NODE_BYTES + 8 * k);
  data = g_malloc (size);
  at = data;
  memcpy (at, MAGIC, 8);
  at += 8;
  put_u32 (&at, FORMAT_VERSION);
  put_u32 (&at, 0);   /* a classification tree */
  put_u32 (&at, (uint32_t) tree->criterion);
  put_u32 (&at, (uint32_t) tree->n_features);
  put_u32 (&at, (uint32_t) k);
  put_u32 (&at, (uint32_t) tree->n_nodes);
  for (size_t i = 0; i < tree->n_nodes; i++)
    {
      const SegTreeNode *node = &tree->nodes[i];

      put_u32 (&at, (uint32_t) node->feature);
      put_u32 (&at, (uint32_t) node->left);
      put_u32 (&at, (uint32_t) node->right);
      put_u32 (&at, 0);
      put_f64 (&at, node->threshold);
      put_f64 (&at, node->impurity);
      put_f64 (&at, (double) node->n_samples);
      put_f64 (&at, node->weighted_n_samples);
      for (size_t c = 0; c < k; c++)
        put_f64 (&at, tree->values[i * k + c]);
    }
  g_assert ((size_t) (at - data) == size);

  return g_bytes_new_take (data, size);
}

static SegTree *
corrupt (GError     **error,
         const char  *reason)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The stored tree is damaged: %s"), reason);
  return NULL;
}

/**
 * seg_tree_from_bytes:
 * @bytes: what seg_tree_to_bytes() gave
 * @error: why the bytes are not a tree
 *
 * Reads a stored tree back, checking every size, index and number so
 * that a truncated or damaged copy is refused rather than used.
 *
 * Returns: (transfer full) (nullable): the tree, or NULL with @error set
 */
SegTree *
seg_tree_from_bytes (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(SegTree) tree = NULL;
  g_autofree uint8_t *has_parent = NULL;
  const guint8 *data, *at;
  size_t size;
  uint32_t version, kind, criterion, n_features, k, n_nodes;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < HEADER_BYTES || memcmp (data, MAGIC, 8) != 0)
    return corrupt (error, _("it does not start like a tree"));
  at = data + 8;
  version = get_u32 (&at);
  kind = get_u32 (&at);
  criterion = get_u32 (&at);
  n_features = get_u32 (&at);
  k = get_u32 (&at);
  n_nodes = get_u32 (&at);
  if (version != FORMAT_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The stored tree has format version %u; this version of Segmenta reads version %d"),
                   version, FORMAT_VERSION);
      return NULL;
    }
  if (kind != 0 || criterion > SEG_TREE_ENTROPY)
    return corrupt (error, _("unknown kind of tree"));
  if (n_features < 1 || n_features > G_MAXINT32 || k < 1 || k > 65536 || n_nodes < 1 || n_nodes > G_MAXINT32)
    return corrupt (error, _("impossible sizes"));
  if ((size - HEADER_BYTES) / (NODE_BYTES + 8 * (size_t) k) != n_nodes ||
      (size - HEADER_BYTES) % (NODE_BYTES + 8 * (size_t) k) != 0)
    return corrupt (error, _("its length does not match its number of nodes"));

  tree = tree_new (n_features, k, (SegTreeCriterion) criterion, n_nodes);
  has_parent = g_new0 (uint8_t, n_nodes);
  for (size_t i = 0; i < n_nodes; i++)
    {
      SegTreeNode *node = &tree->nodes[i];
      double n_samples;

      node->feature = (int32_t) get_u32 (&at);
      node->left = (int32_t) get_u32 (&at);
      node->right = (int32_t) get_u32 (&at);
      if (get_u32 (&at) != 0)
        return corrupt (error, _("a reserved field is set"));
      node->threshold = get_f64 (&at);
      node->impurity = get_f64 (&at);
      n_samples = get_f64 (&at);
      node->weighted_n_samples = get_f64 (&at);
      if (node->left == -1 && node->right == -1 && node->feature == -1)
        ;
      else if (node->feature >= 0 && (uint32_t) node->feature < n_features &&
               node->left > (int32_t) i && (uint32_t) node->left < n_nodes &&
               node->right > (int32_t) i && (uint32_t) node->right < n_nodes &&
               node->left != node->right && !isnan (node->threshold) &&
               !has_parent[node->left] && !has_parent[node->right])
        {
          has_parent[node->left] = 1;
          has_parent[node->right] = 1;
        }
      else
        return corrupt (error, _("a node has impossible children"));
      if (!(n_samples >= 0.0 && n_samples <= 9.0e15 && n_samples == floor (n_samples)) ||
          !(node->weighted_n_samples >= 0.0) || isinf (node->weighted_n_samples) ||
          !isfinite (node->impurity))
        return corrupt (error, _("a node has impossible counts"));
      node->n_samples = (int64_t) n_samples;
      for (size_t c = 0; c < k; c++)
        {
          double v = get_f64 (&at);

          if (!(v >= 0.0) || isinf (v))
            return corrupt (error, _("a node has impossible counts"));
          tree->values[i * k + c] = v;
        }
    }
  for (size_t i = 1; i < n_nodes; i++)
    if (!has_parent[i])
      return corrupt (error, _("a node belongs to no branch"));
  if (!(tree->nodes[0].weighted_n_samples > 0.0))
    return corrupt (error, _("the root has no weight"));

  return g_steal_pointer (&tree);
}
