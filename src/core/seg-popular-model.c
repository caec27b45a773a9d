/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-popular.h"
#include "seg-recommender-model.h"

/*
 * The simplest recommender that is still useful: offer every customer the
 * products most customers bought, leaving out what they already have;
 * with a clustering run, the products most bought in the customer's own
 * segment. It is the baseline every other recommender must beat. Its
 * score is the share of customers (of the segment) who bought the product.
 */

#define SEG_TYPE_POPULAR_MODEL (seg_popular_model_get_type ())
G_DECLARE_FINAL_TYPE (SegPopularModel, seg_popular_model, SEG, POPULAR_MODEL, SegRecommenderModel)

struct _SegPopularModel
{
  SegRecommenderModel parent_instance;
};

G_DEFINE_FINAL_TYPE (SegPopularModel, seg_popular_model, SEG_TYPE_RECOMMENDER_MODEL)

static gpointer
popular_fit_scorer (SegRecommenderModel       *model,
                    const SegRecommenderData  *data,
                    SegScorer                 *scorer,
                    GDestroyNotify            *free_fitted,
                    GError                   **error)
{
  SegPopularity *fitted;
  int rc;

  fitted = seg_popularity_fit (data->train, data->groups, data->n_groups, data->monitor, &rc);
  if (fitted == NULL)
    return seg_recommender_kernel_failed (rc, error);
  seg_popularity_scorer (fitted, scorer);
  *free_fitted = (GDestroyNotify) seg_popularity_free;

  return fitted;
}

static char *
popular_explain (SegRecommenderModel      *model,
                 gconstpointer             fitted,
                 const SegRecommenderData *data,
                 size_t                    user,
                 size_t                    item)
{
  int percent = (int) lround (100.0 * seg_popularity_share (fitted, user, item));

  if (data->groups != NULL && data->groups[user] >= 0)
    /* Translators: the reason for an offer: the segment's name, then the
     * share of its customers who bought the product, in percent. */
    return g_strdup_printf (_("Popular in your segment “%s”: %d%% of its customers bought it"),
                            data->group_names[data->groups[user]], percent);

  /* Translators: the reason for an offer; the share of customers who
   * bought the product, in percent. */
  return g_strdup_printf (_("A best seller: %d%% of customers bought it"), percent);
}

static void
seg_popular_model_class_init (SegPopularModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "popular";
  model_class->title = N_("Best sellers");
  recommender_class->fit_scorer = popular_fit_scorer;
  recommender_class->explain = popular_explain;
}

static void
seg_popular_model_init (SegPopularModel *self)
{
}
