/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-cluster-model-private.h"
#include "seg-error.h"
#include "seg-kmeans.h"

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_MINIBATCH_MODEL (seg_minibatch_model_get_type ())
G_DECLARE_FINAL_TYPE (SegMinibatchModel, seg_minibatch_model, SEG, MINIBATCH_MODEL, SegClusterModel)

struct _SegMinibatchModel
{
  SegClusterModel parent_instance;
  int      k;
  int      batch_size;
  int      max_epochs;
  int      n_init;
  guint64  seed;
};

G_DEFINE_FINAL_TYPE (SegMinibatchModel, seg_minibatch_model, SEG_TYPE_CLUSTER_MODEL)

enum {
  MINIBATCH_PROP_0,
  MINIBATCH_PROP_K,
  MINIBATCH_PROP_BATCH_SIZE,
  MINIBATCH_PROP_MAX_EPOCHS,
  MINIBATCH_PROP_N_INIT,
  MINIBATCH_PROP_SEED,
};

static gboolean
minibatch_fit (SegClusterModel     *model,
               const double        *x,
               size_t               n,
               size_t               d,
               const SegFitContext *context,
               SegFit              *fit,
               GError             **error)
{
  SegMinibatchModel *self = SEG_MINIBATCH_MODEL (model);
  g_autofree double *centers = NULL;
  SegMiniBatchOptions options = {
    .k = (size_t) self->k,
    .batch_size = (size_t) self->batch_size,
    .max_epochs = self->max_epochs,
    .n_init = self->n_init,
    .seed = self->seed,
    .monitor = seg_cluster_fit_monitor (context),
  };

  if (!seg_cluster_check_rows (x, n, d, options.k, error))
    return FALSE;

  centers = g_new (double, options.k * d);
  if (seg_minibatch_kmeans (x, n, d, &options, centers, fit->labels, &fit->inertia, &fit->iterations) != 0)
    return seg_cluster_cancelled (error);

  fit->n_clusters = options.k;
  return TRUE;
}

static void
seg_minibatch_model_class_init (SegMinibatchModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegClusterModelClass *cluster_class = SEG_CLUSTER_MODEL_CLASS (klass);

  model_class->id = "minibatch-kmeans";
  model_class->title = N_("Mini-batch k-means");
  cluster_class->cluster = minibatch_fit;

  seg_model_class_install (model_class, MINIBATCH_PROP_K, seg_cluster_param_k (4), G_STRUCT_OFFSET (SegMinibatchModel, k));
  seg_model_class_install (model_class, MINIBATCH_PROP_BATCH_SIZE,
    seg_param_spec_set_advanced (g_param_spec_int ("batch-size", _("Batch size"),
                      _("Rows drawn at each step; larger batches are steadier and slower"),
                      16, 1 << 20, 1024, PARAM_FLAGS)), G_STRUCT_OFFSET (SegMinibatchModel, batch_size));
  seg_model_class_install (model_class, MINIBATCH_PROP_MAX_EPOCHS,
    seg_param_spec_set_advanced (g_param_spec_int ("max-epochs", _("Most passes"),
                      _("Stops after drawing this many times the number of rows"),
                      1, 10000, 100, PARAM_FLAGS)), G_STRUCT_OFFSET (SegMinibatchModel, max_epochs));
  seg_model_class_install (model_class, MINIBATCH_PROP_N_INIT,
    g_param_spec_int ("n-init", _("Restarts"),
                      _("Whole runs from different starting points; the tightest clusters win"),
                      1, 100, 3, PARAM_FLAGS), G_STRUCT_OFFSET (SegMinibatchModel, n_init));
  seg_model_class_install (model_class, MINIBATCH_PROP_SEED, seg_cluster_param_seed (), G_STRUCT_OFFSET (SegMinibatchModel, seed));
}

static void
seg_minibatch_model_init (SegMinibatchModel *self)
{
}

