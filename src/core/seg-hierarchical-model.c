/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-cluster-model-private.h"
#include "seg-error.h"
#include "seg-quality.h"

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_HIERARCHICAL_MODEL (seg_hierarchical_model_get_type ())
G_DECLARE_FINAL_TYPE (SegHierarchicalModel, seg_hierarchical_model, SEG, HIERARCHICAL_MODEL, SegClusterModel)

struct _SegHierarchicalModel
{
  SegClusterModel parent_instance;
  int        k;
  double     height;
  SegLinkage linkage;
};

G_DEFINE_FINAL_TYPE (SegHierarchicalModel, seg_hierarchical_model, SEG_TYPE_CLUSTER_MODEL)

enum {
  HIERARCHICAL_PROP_0,
  HIERARCHICAL_PROP_K,
  HIERARCHICAL_PROP_HEIGHT,
  HIERARCHICAL_PROP_LINKAGE,
};

static gboolean
hierarchical_fit (SegClusterModel     *model,
                  const double        *x,
                  size_t               n,
                  size_t               d,
                  const SegFitContext *context,
                  SegFit              *fit,
                  GError             **error)
{
  SegHierarchicalModel *self = SEG_HIERARCHICAL_MODEL (model);
  SegMonitor monitor = seg_cluster_fit_monitor (context);
  size_t k = (size_t) self->k;
  int rc;

  if (n < 2 || seg_hierarchy_bytes (n) > SEG_HIERARCHY_MAX_BYTES)
    {
      if (n < 2)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("Hierarchical clustering needs at least two rows"));
      else
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                     _("Hierarchical clustering of %zu rows would need %.1f GiB for the distances "
                       "between them, more than the %.0f GiB allowed. Cluster a sample of the rows, "
                       "or use k-means, which handles any number of rows."),
                     n, seg_hierarchy_bytes (n) / (double) (1 << 30),
                     SEG_HIERARCHY_MAX_BYTES / (double) (1 << 30));
      return FALSE;
    }

  fit->merges = g_array_sized_new (FALSE, FALSE, sizeof (SegMerge), n - 1);
  g_array_set_size (fit->merges, n - 1);
  rc = seg_hierarchy_build (x, n, d, self->linkage, (SegMerge *) fit->merges->data, &monitor);
  if (rc == -2)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                   _("There is not enough memory to cluster %zu rows hierarchically. "
                     "Cluster a sample of the rows, or use k-means."), n);
      return FALSE;
    }
  if (rc != 0)
    return seg_cluster_cancelled (error);

  /* A cut at a height keeps the merges at or below it; the merges come in
   * order of height, so that is a cut into n − (merges kept) clusters. */
  if (self->height > 0)
    {
      size_t kept = 0;

      while (kept < n - 1 && g_array_index (fit->merges, SegMerge, kept).height <= self->height)
        kept++;
      k = n - kept;
    }
  else if (!seg_cluster_check_rows (x, n, d, k, error))
    return FALSE;

  seg_hierarchy_cut ((const SegMerge *) fit->merges->data, n, k, fit->labels);
  seg_labels_by_size (fit->labels, n, k);
  fit->n_clusters = k;
  if (self->height > 0)
    {
      fit->extra = json_object_new ();
      json_object_set_double_member (fit->extra, "cut_height", self->height);
    }
  return TRUE;
}

static void
seg_hierarchical_model_class_init (SegHierarchicalModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegClusterModelClass *cluster_class = SEG_CLUSTER_MODEL_CLASS (klass);

  model_class->id = "hierarchical";
  model_class->title = N_("Hierarchical (agglomerative)");
  cluster_class->cluster = hierarchical_fit;

  seg_model_class_install (model_class, HIERARCHICAL_PROP_K, seg_cluster_param_k (4), G_STRUCT_OFFSET (SegHierarchicalModel, k));
  seg_model_class_install (model_class, HIERARCHICAL_PROP_HEIGHT,
    g_param_spec_double ("height", _("Cut height"),
                         _("Cut the tree at this merge distance instead of into k clusters; 0 cuts by k"),
                         0.0, G_MAXDOUBLE, 0.0, PARAM_FLAGS), G_STRUCT_OFFSET (SegHierarchicalModel, height));
  seg_model_class_install (model_class, HIERARCHICAL_PROP_LINKAGE,
    g_param_spec_enum ("linkage", _("Linkage"),
                       _("How the distance between two groups is measured: ward keeps groups compact"),
                       SEG_TYPE_LINKAGE, SEG_LINKAGE_WARD, PARAM_FLAGS), G_STRUCT_OFFSET (SegHierarchicalModel, linkage));
}

static void
seg_hierarchical_model_init (SegHierarchicalModel *self)
{
}
