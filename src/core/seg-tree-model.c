/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-classifier-model.h"
#include "seg-tree.h"

/*
 * Decision tree: questions such as "more than 3 orders?" asked one after
 * the other, each leaf giving the share of yeses among the training
 * customers that reach it. Pruning cuts the branches that do not pay
 * for themselves, judged by 5-fold cross-validation on the training rows.
 * Text columns come one-hot, as 0/1 columns the tree splits like numbers.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define PRUNE_FOLDS 5

#define SEG_TYPE_TREE_MODEL (seg_tree_model_get_type ())
G_DECLARE_FINAL_TYPE (SegTreeModel, seg_tree_model, SEG, TREE_MODEL, SegPredictModel)

struct _SegTreeModel
{
  SegPredictModel parent_instance;
  int             criterion;
  int             max_depth;
  int             min_samples_leaf;
  gboolean        prune;
};

G_DEFINE_FINAL_TYPE (SegTreeModel, seg_tree_model, SEG_TYPE_PREDICT_MODEL)

enum {
  PROP_0,
  PROP_CRITERION,
  PROP_MAX_DEPTH,
  PROP_MIN_SAMPLES_LEAF,
  PROP_PRUNE,
};

static gpointer
tree_fit (SegPredictModel   *model,
          const SegDesign   *design,
          const double      *y,
          const double      *weight,
          const SegMonitor  *monitor,
          GError           **error)
{
  SegTreeModel *self = SEG_TREE_MODEL (model);
  SegTreeParams params;
  GError *local_error = NULL;
  SegTree *fitted;

  seg_tree_params_init (&params);
  params.criterion = self->criterion == SEG_SPLIT_ENTROPY ? SEG_TREE_ENTROPY : SEG_TREE_GINI;
  params.max_depth = self->max_depth;
  params.min_samples_leaf = self->min_samples_leaf;
  params.min_samples_split = MAX (2, 2 * self->min_samples_leaf);
  if (self->prune)
    {
      g_autofree double *alphas = NULL;
      g_autofree double *scores = NULL;
      size_t n_alphas = 0;
      double best = 0;

      if (!seg_tree_choose_alpha (design->x, design->n, design->p, y, 2, weight, &params, PRUNE_FOLDS,
                                  seg_model_get_seed (SEG_MODEL (model)), monitor,
                                  &best, &alphas, &scores, &n_alphas, &local_error))
        return seg_classifier_fit_error (error, local_error);
      params.ccp_alpha = best;
    }
  fitted = seg_tree_fit (design->x, design->n, design->p, y, 2, weight, &params, monitor, &local_error);
  if (fitted != NULL)
    return fitted;
  return seg_classifier_fit_error (error, local_error);
}

static void
tree_predict (SegPredictModel *self,
              gconstpointer    fitted,
              const SegDesign *rows,
              double          *out)
{
  seg_tree_predict (fitted, rows->x, rows->n, out);
}

static GBytes *
tree_to_bytes (SegPredictModel *self,
               gconstpointer    fitted)
{
  return seg_tree_to_bytes (fitted);
}

static gpointer
tree_from_bytes (SegPredictModel  *self,
                 GBytes           *bytes,
                 GError          **error)
{
  return seg_tree_from_bytes (bytes, error);
}

/* Every node with its question or, for a leaf, its rule in words, the
 * share of yeses and the rows it holds; then the features' importances. */
static JsonNode *
tree_describe (SegPredictModel *self,
               gconstpointer    fitted,
               const SegDesign *design)
{
  const SegTree *tree = fitted;
  const SegTreeNode *nodes = seg_tree_nodes (tree);
  const double *values = seg_tree_values (tree);
  size_t n_classes = seg_tree_n_classes (tree);
  g_autofree double *importance = g_new0 (double, design->p);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "depth");
  json_builder_add_int_value (builder, (gint64) seg_tree_depth (tree));
  json_builder_set_member_name (builder, "leaves");
  json_builder_add_int_value (builder, (gint64) seg_tree_n_leaves (tree));
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (size_t k = 0; k < seg_tree_n_nodes (tree); k++)
    {
      const SegTreeNode *node = &nodes[k];
      double total = 0;

      for (size_t c = 0; c < n_classes; c++)
        total += values[k * n_classes + c];
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, (gint64) k);
      if (node->feature >= 0)
        {
          json_builder_set_member_name (builder, "feature");
          json_builder_add_string_value (builder, design->names[node->feature]);
          seg_json_add_double_or_null (builder, "threshold", node->threshold);
          json_builder_set_member_name (builder, "left");
          json_builder_add_int_value (builder, node->left);
          json_builder_set_member_name (builder, "right");
          json_builder_add_int_value (builder, node->right);
        }
      else
        {
          g_autofree char *rule = seg_tree_describe_node (tree, k, design->names);

          json_builder_set_member_name (builder, "rule");
          json_builder_add_string_value (builder, rule);
        }
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, node->n_samples);
      seg_json_add_double_or_null (builder, "share",
                                   total > 0 && n_classes > 1 ? values[k * n_classes + 1] / total : 0.0);
      seg_json_add_double_or_null (builder, "impurity", node->impurity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  seg_tree_feature_importances (tree, importance);
  json_builder_set_member_name (builder, "importances");
  json_builder_begin_array (builder);
  for (size_t j = 0; j < design->p; j++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "feature");
      json_builder_add_string_value (builder, design->names[j]);
      seg_json_add_double_or_null (builder, "importance", importance[j]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
seg_tree_model_class_init (SegTreeModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegPredictModelClass *predict_class = SEG_PREDICT_MODEL_CLASS (klass);

  model_class->id = "tree";
  model_class->title = N_("Decision tree");
  seg_predict_model_class_set_kind (predict_class, SEG_MODEL_KIND_CLASSIFICATION);
  predict_class->fit = tree_fit;
  predict_class->predict = tree_predict;
  predict_class->to_bytes = tree_to_bytes;
  predict_class->from_bytes = tree_from_bytes;
  predict_class->free_fitted = (void (*) (gpointer)) seg_tree_free;
  predict_class->describe = tree_describe;

  seg_model_class_install (model_class, PROP_CRITERION,
    seg_param_spec_set_advanced (
      g_param_spec_enum ("criterion", _("Split measure"),
                         _("How a question's worth is measured: gini or entropy; they seldom differ much"),
                         SEG_TYPE_SPLIT_CRITERION, SEG_SPLIT_GINI, PARAM_FLAGS)),
    G_STRUCT_OFFSET (SegTreeModel, criterion));
  seg_model_class_install (model_class, PROP_MAX_DEPTH,
    g_param_spec_int ("max-depth", _("Most questions in a row"),
                      _("How many questions at most lead to an answer; 0 for no limit"),
                      0, 64, 5, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegTreeModel, max_depth));
  seg_model_class_install (model_class, PROP_MIN_SAMPLES_LEAF,
    g_param_spec_int ("min-samples-leaf", _("Fewest customers per answer"),
                      _("Each answer must rest on at least this many training rows"),
                      1, G_MAXINT, 20, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegTreeModel, min_samples_leaf));
  seg_model_class_install (model_class, PROP_PRUNE,
    g_param_spec_boolean ("prune", _("Prune"),
                          _("Cut the branches that do not predict better on held-out rows"),
                          TRUE, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegTreeModel, prune));
}

static void
seg_tree_model_init (SegTreeModel *self)
{
}
