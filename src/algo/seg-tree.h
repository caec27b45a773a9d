/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "seg-progress.h"

G_BEGIN_DECLS

/* CART classification trees: the same trees as scikit-learn's
 * DecisionTreeClassifier with the best splitter and every feature
 * considered, grown depth first, with minimal cost-complexity pruning.
 *
 * Splits are "x[feature] <= threshold" with the threshold half way
 * between two consecutive distinct values of the node's samples; values
 * closer than 1e-7 count as one value, as in scikit-learn. When two
 * splits improve the impurity exactly as much, the lower feature index
 * wins, then the lower threshold, so a fit never depends on the number
 * of threads or on a random seed. */

typedef enum
{
  SEG_TREE_GINI,
  SEG_TREE_ENTROPY,
} SegTreeCriterion;

typedef enum
{
  SEG_TREE_CLASS_WEIGHT_NONE,
  /* Each class weighs n / (classes present × rows of the class). */
  SEG_TREE_CLASS_WEIGHT_BALANCED,
} SegTreeClassWeight;

typedef struct
{
  SegTreeCriterion   criterion;
  int                max_depth;              /* 0: no limit */
  int                min_samples_split;      /* at least 2 */
  int                min_samples_leaf;       /* at least 1 */
  double             min_impurity_decrease;  /* weighted, as a share of the root */
  SegTreeClassWeight class_weight;
  double             ccp_alpha;              /* > 0: prune after growing */
} SegTreeParams;

void seg_tree_params_init (SegTreeParams *params);

/* One node, in depth-first order with the left child first: node 0 is
 * the root and children always come after their parent. */
typedef struct
{
  int32_t feature;             /* -1 for a leaf */
  int32_t left;                /* -1 for a leaf; rows with x <= threshold */
  int32_t right;               /* -1 for a leaf */
  double  threshold;
  double  impurity;
  int64_t n_samples;           /* training rows of non-zero weight */
  double  weighted_n_samples;
} SegTreeNode;

typedef struct _SegTree SegTree;

SegTree *seg_tree_fit (const double         *x,
                       size_t                n,
                       size_t                p,
                       const double         *y,
                       size_t                n_classes,
                       const double         *weight,
                       const SegTreeParams  *params,
                       const SegMonitor     *monitor,
                       GError              **error);

void     seg_tree_free (SegTree *tree);

size_t             seg_tree_n_nodes    (const SegTree *tree);
size_t             seg_tree_n_leaves   (const SegTree *tree);
size_t             seg_tree_depth      (const SegTree *tree);
size_t             seg_tree_n_classes  (const SegTree *tree);
size_t             seg_tree_n_features (const SegTree *tree);
const SegTreeNode *seg_tree_nodes      (const SegTree *tree);
/* n_nodes × n_classes weighted class counts, row by row. */
const double      *seg_tree_values     (const SegTree *tree);

/* For m rows of n_features columns. A NaN goes right. */
void seg_tree_predict       (const SegTree *tree,
                             const double  *x,
                             size_t         m,
                             double        *proba_class1);
void seg_tree_predict_proba (const SegTree *tree,
                             const double  *x,
                             size_t         m,
                             double        *proba);
void seg_tree_apply         (const SegTree *tree,
                             const double  *x,
                             size_t         m,
                             int32_t       *leaf);

/* Weighted impurity decrease per feature, summing to 1 (all zero for a
 * tree that is one leaf). */
void seg_tree_feature_importances (const SegTree *tree,
                                   double        *importance);

char *seg_tree_describe_node (const SegTree      *tree,
                              size_t              node,
                              const char * const *feature_names);

/* The effective alphas at which the weakest links fall, starting at 0,
 * and the total leaf impurity after each; returns their number. */
size_t   seg_tree_pruning_path (const SegTree  *tree,
                                double        **alphas,
                                double        **impurities);
SegTree *seg_tree_prune        (const SegTree  *tree,
                                double          ccp_alpha);

/* Chooses ccp_alpha among the full data's pruning path by stratified
 * k-fold cross-validation (folds drawn from @seed): the alpha of the best
 * mean held-out accuracy (weighted by @weight), the largest such on a
 * tie. *alphas and *scores receive the path and the mean accuracy for
 * each of its alphas. */
gboolean seg_tree_choose_alpha (const double         *x,
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
                                GError              **error);

GBytes  *seg_tree_to_bytes   (const SegTree  *tree);
SegTree *seg_tree_from_bytes (GBytes         *bytes,
                              GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegTree, seg_tree_free)

G_END_DECLS
