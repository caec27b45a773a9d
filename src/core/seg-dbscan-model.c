/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-cluster-model-private.h"
#include "seg-error.h"
#include "seg-dbscan.h"
#include "seg-explore.h"
#include "seg-quality.h"

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_DBSCAN_MODEL (seg_dbscan_model_get_type ())
G_DECLARE_FINAL_TYPE (SegDbscanModel, seg_dbscan_model, SEG, DBSCAN_MODEL, SegClusterModel)

struct _SegDbscanModel
{
  SegClusterModel parent_instance;
  double   eps;
  int      min_points;
};

G_DEFINE_FINAL_TYPE (SegDbscanModel, seg_dbscan_model, SEG_TYPE_CLUSTER_MODEL)

enum {
  DBSCAN_PROP_0,
  DBSCAN_PROP_EPS,
  DBSCAN_PROP_MIN_POINTS,
};

static gboolean
dbscan_fit (SegClusterModel     *model,
            const double        *x,
            size_t               n,
            size_t               d,
            const SegFitContext *context,
            SegFit              *fit,
            GError             **error)
{
  SegDbscanModel *self = SEG_DBSCAN_MODEL (model);
  g_autofree uint8_t *is_core = g_new (uint8_t, n);
  SegMonitor monitor = seg_cluster_fit_monitor (context);
  size_t n_core = 0, n_noise = 0;

  if (seg_dbscan (x, n, d, self->eps, (size_t) self->min_points,
                  fit->labels, is_core, &fit->n_clusters, &monitor) != 0)
    return seg_cluster_cancelled (error);

  seg_labels_by_size (fit->labels, n, fit->n_clusters);
  for (size_t i = 0; i < n; i++)
    {
      n_core += is_core[i] != 0;
      n_noise += fit->labels[i] == SEG_DBSCAN_NOISE;
    }

  fit->extra = json_object_new ();
  json_object_set_int_member (fit->extra, "core_points", (gint64) n_core);
  json_object_set_int_member (fit->extra, "noise", (gint64) n_noise);
  return TRUE;
}

/* The radius where the distances to each row's neighbours bend upwards:
 * inside it, rows are as close as in the dense parts of the data. */
static char *
dbscan_suggest (SegClusterModel     *model,
                SegDataset          *dataset,
                const volatile int  *cancel,
                JsonObject          *params,
                GError             **error)
{
  SegDbscanModel *self = SEG_DBSCAN_MODEL (model);
  g_autoptr(SegKDistance) curve = seg_dataset_k_distance (dataset, self->min_points, cancel, error);

  if (curve == NULL)
    return NULL;
  if (!(curve->eps > 0))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--eps: the rows are too alike to suggest a radius; choose other columns"));
      return NULL;
    }

  json_object_set_double_member (params, "eps", curve->eps);
  return g_strdup_printf (_("Neighbourhood radius (eps) %.3g: where the distances from each row to its neighbours bend upwards"), curve->eps);
}

static void
seg_dbscan_model_class_init (SegDbscanModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegClusterModelClass *cluster_class = SEG_CLUSTER_MODEL_CLASS (klass);

  model_class->id = "dbscan";
  model_class->title = N_("DBSCAN (density)");
  cluster_class->cluster = dbscan_fit;
  cluster_class->suggest = dbscan_suggest;

  seg_model_class_install (model_class, DBSCAN_PROP_EPS,
    g_param_spec_double ("eps", _("Neighbourhood radius"),
                         _("How close, after scaling, two rows must be to count as neighbours; the k-distance curve helps choose it"),
                         1e-12, G_MAXDOUBLE, 0.5, PARAM_FLAGS), G_STRUCT_OFFSET (SegDbscanModel, eps));
  seg_model_class_install (model_class, DBSCAN_PROP_MIN_POINTS,
    g_param_spec_int ("min-points", _("Smallest dense neighbourhood"),
                      _("Rows within the radius, the row itself included, that make a row the core of a cluster"),
                      1, 100000, 5, PARAM_FLAGS), G_STRUCT_OFFSET (SegDbscanModel, min_points));
}

static void
seg_dbscan_model_init (SegDbscanModel *self)
{
}

