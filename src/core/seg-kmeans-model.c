/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-cluster-model-private.h"
#include "seg-error.h"
#include "seg-kmeans.h"

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_KMEANS_MODEL (seg_kmeans_model_get_type ())
G_DECLARE_FINAL_TYPE (SegKmeansModel, seg_kmeans_model, SEG, KMEANS_MODEL, SegClusterModel)

struct _SegKmeansModel
{
  SegClusterModel parent_instance;
  int      k;
  int      n_init;
  int      max_iter;
  double   tol;
  guint64  seed;
};

G_DEFINE_FINAL_TYPE (SegKmeansModel, seg_kmeans_model, SEG_TYPE_CLUSTER_MODEL)

enum {
  KMEANS_PROP_0,
  KMEANS_PROP_K,
  KMEANS_PROP_N_INIT,
  KMEANS_PROP_MAX_ITER,
  KMEANS_PROP_TOL,
  KMEANS_PROP_SEED,
};

static gboolean
kmeans_fit (SegClusterModel     *model,
            const double        *x,
            size_t               n,
            size_t               d,
            const SegFitContext *context,
            SegFit              *fit,
            GError             **error)
{
  SegKmeansModel *self = SEG_KMEANS_MODEL (model);
  g_autofree double *centers = NULL;
  SegKmeansOptions options = {
    .k = (size_t) self->k,
    .n_init = self->n_init,
    .max_iter = self->max_iter,
    .tol = self->tol,
    .seed = self->seed,
    .monitor = seg_cluster_fit_monitor (context),
  };

  if (!seg_cluster_check_rows (x, n, d, options.k, error))
    return FALSE;

  centers = g_new (double, options.k * d);
  if (seg_kmeans (x, n, d, &options, centers, fit->labels, &fit->inertia, &fit->iterations) != 0)
    return seg_cluster_cancelled (error);

  fit->n_clusters = options.k;
  return TRUE;
}

static void
seg_kmeans_model_class_init (SegKmeansModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegClusterModelClass *cluster_class = SEG_CLUSTER_MODEL_CLASS (klass);

  model_class->id = "kmeans";
  model_class->title = N_("k-means");
  cluster_class->cluster = kmeans_fit;

  seg_model_class_install (model_class, KMEANS_PROP_K, seg_cluster_param_k (4), G_STRUCT_OFFSET (SegKmeansModel, k));
  seg_model_class_install (model_class, KMEANS_PROP_N_INIT,
    g_param_spec_int ("n-init", _("Restarts"),
                      _("Runs from different starting points; the tightest clusters win"),
                      1, 1000, 10, PARAM_FLAGS), G_STRUCT_OFFSET (SegKmeansModel, n_init));
  seg_model_class_install (model_class, KMEANS_PROP_MAX_ITER,
    seg_param_spec_set_advanced (g_param_spec_int ("max-iter", _("Most iterations"),
                      _("Stops a run that has not settled after this many steps"),
                      1, 100000, 300, PARAM_FLAGS)), G_STRUCT_OFFSET (SegKmeansModel, max_iter));
  seg_model_class_install (model_class, KMEANS_PROP_TOL,
    seg_param_spec_set_advanced (g_param_spec_double ("tol", _("Tolerance"),
                         _("A run has settled when the centres move less than this, relative to the data's spread"),
                         0.0, 1.0, 1e-4, PARAM_FLAGS)), G_STRUCT_OFFSET (SegKmeansModel, tol));
  seg_model_class_install (model_class, KMEANS_PROP_SEED, seg_cluster_param_seed (), G_STRUCT_OFFSET (SegKmeansModel, seed));
}

static void
seg_kmeans_model_init (SegKmeansModel *self)
{
}

