/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-content-model-private.h"
#include "seg-hybrid.h"
#include "seg-knn.h"

/*
 * Hybrid: item-kNN's scores (what customers bought together) blended with
 * the content model's (what reads alike), each normalised per customer,
 * so that a new product nobody bought yet can still be offered to those
 * who bought something like it. The reason comes from the part that
 * counted more.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_HYBRID_MODEL (seg_hybrid_model_get_type ())
G_DECLARE_FINAL_TYPE (SegHybridModel, seg_hybrid_model, SEG, HYBRID_MODEL, SegRecommenderModel)

struct _SegHybridModel
{
  SegRecommenderModel parent_instance;
  double              content_weight;
  int                 neighbours;
};

G_DEFINE_FINAL_TYPE (SegHybridModel, seg_hybrid_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  HYBRID_PROP_0,
  HYBRID_PROP_CONTENT_WEIGHT,
  HYBRID_PROP_NEIGHBOURS,
};

typedef struct
{
  SegKnn    *knn;
  SegTfidf  *tfidf;
  SegScorer  knn_scorer;
  SegScorer  content_scorer;
  SegHybrid *hybrid;
} HybridFitted;

static void
hybrid_fitted_free (gpointer data)
{
  HybridFitted *fitted = data;

  seg_hybrid_free (fitted->hybrid);
  seg_tfidf_free (fitted->tfidf);
  seg_knn_free (fitted->knn);
  g_free (fitted);
}

/* Reports the two fits as halves of one. */
typedef struct
{
  const SegMonitor *outer;
  double            from;
} Half;

static int
half_progress (double  fraction,
               void   *data)
{
  Half *half = data;

  return !seg_monitor_report (half->outer, half->from + 0.5 * fraction);
}

static gpointer
hybrid_fit_scorer (SegRecommenderModel       *model,
                   const SegRecommenderData  *data,
                   SegScorer                 *scorer,
                   GDestroyNotify            *free_fitted,
                   GError                   **error)
{
  SegHybridModel *self = (SegHybridModel *) model;
  g_autofree HybridFitted *fitted = g_new0 (HybridFitted, 1);
  SegHybridOptions hybrid_options;
  SegKnnOptions knn_options;
  Half half = { data->monitor, 0.0 };
  SegMonitor monitor = { half_progress, &half, data->monitor != NULL ? data->monitor->cancel : NULL };
  int rc;

  /* The content part first: without texts there is nothing to blend. */
  fitted->tfidf = seg_content_fit_tfidf (data, self->neighbours, &monitor, error);
  if (fitted->tfidf == NULL)
    return NULL;

  half.from = 0.5;
  seg_knn_options_init (&knn_options);
  knn_options.neighbours = (size_t) MAX (self->neighbours, 1);
  fitted->knn = seg_knn_fit (data->train, &knn_options, &monitor, &rc);
  if (fitted->knn == NULL)
    {
      seg_tfidf_free (fitted->tfidf);
      return seg_recommender_kernel_failed (rc, error);
    }

  seg_knn_scorer (fitted->knn, &fitted->knn_scorer);
  seg_tfidf_scorer (fitted->tfidf, &fitted->content_scorer);
  seg_hybrid_options_init (&hybrid_options);
  hybrid_options.content_weight = self->content_weight;
  fitted->hybrid = seg_hybrid_new (&fitted->knn_scorer, &fitted->content_scorer, data->train->n_items,
                                   &hybrid_options, &rc);
  if (fitted->hybrid == NULL)
    {
      seg_knn_free (fitted->knn);
      seg_tfidf_free (fitted->tfidf);
      return seg_recommender_kernel_failed (rc, error);
    }
  seg_hybrid_scorer (fitted->hybrid, scorer);
  *free_fitted = hybrid_fitted_free;

  return g_steal_pointer (&fitted);
}

static char *
hybrid_explain (SegRecommenderModel      *model,
                gconstpointer             data_fitted,
                const SegRecommenderData *data,
                size_t                    user,
                size_t                    item)
{
  const HybridFitted *fitted = data_fitted;
  double collaborative, content;

  /* Where the description counted more, say so; otherwise the family's
   * "because you bought" from the blended similarity. */
  if (seg_hybrid_parts (fitted->hybrid, data->train, user, item, &collaborative, &content) != 0
      || content <= collaborative)
    return NULL;

  return seg_content_explain (fitted->tfidf, data, user, item);
}

static void
seg_hybrid_model_class_init (SegHybridModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "hybrid";
  model_class->title = N_("Purchases and descriptions (hybrid)");
  recommender_class->fit_scorer = hybrid_fit_scorer;
  recommender_class->explain = hybrid_explain;

  seg_model_class_install (model_class, HYBRID_PROP_CONTENT_WEIGHT,
    g_param_spec_double ("content-weight", _("Weight of the descriptions"),
                         _("How much the descriptions count against what customers bought together, from 0 to 1"),
                         0.0, 1.0, 0.5, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegHybridModel, content_weight));
  seg_model_class_install (model_class, HYBRID_PROP_NEIGHBOURS,
    seg_param_spec_set_advanced (g_param_spec_int ("neighbours", _("Neighbours"),
                      _("Most similar products kept for each product, by purchases and by description"),
                      1, G_MAXINT, 50, PARAM_FLAGS)),
    G_STRUCT_OFFSET (SegHybridModel, neighbours));
}

static void
seg_hybrid_model_init (SegHybridModel *self)
{
}
