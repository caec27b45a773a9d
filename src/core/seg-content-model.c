/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-content-model-private.h"
#include "seg-error.h"

/*
 * Content: products are alike when their names and descriptions share
 * words (TF-IDF, Chinese read as characters and their pairs); a customer
 * is offered the products whose texts are most like those of what they
 * bought, new products that nobody bought yet included.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_CONTENT_MODEL (seg_content_model_get_type ())
G_DECLARE_FINAL_TYPE (SegContentModel, seg_content_model, SEG, CONTENT_MODEL, SegRecommenderModel)

struct _SegContentModel
{
  SegRecommenderModel parent_instance;
  int                 neighbours;
};

G_DEFINE_FINAL_TYPE (SegContentModel, seg_content_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  CONTENT_PROP_0,
  CONTENT_PROP_NEIGHBOURS,
};

/**
 * seg_content_fit_tfidf:
 *
 * The TF-IDF model of the products' texts, or %NULL with @error set when
 * no products table gives texts.
 */
SegTfidf *
seg_content_fit_tfidf (const SegRecommenderData  *data,
                       int                        neighbours,
                       const SegMonitor          *monitor,
                       GError                   **error)
{
  g_autofree const char **texts = NULL;
  SegTfidfOptions options;
  SegTfidf *tfidf;
  size_t n_items = data->train->n_items;
  int rc;

  if (data->item_texts == NULL)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--text: the content recommender reads the products’ names and descriptions; "
                             "give --items-table, --item-key and --text"));
      return NULL;
    }

  /* A product the products table does not list has no text. */
  texts = g_new (const char *, n_items + 1);
  for (size_t i = 0; i < n_items; i++)
    texts[i] = data->item_texts[i] != NULL ? data->item_texts[i] : "";
  seg_tfidf_options_init (&options);
  options.neighbours = (size_t) MAX (neighbours, 1);
  tfidf = seg_tfidf_fit (texts, n_items, &options, monitor, &rc);
  if (tfidf == NULL)
    return seg_recommender_kernel_failed (rc, error);

  return tfidf;
}

/**
 * seg_content_explain:
 *
 * "Its description is like that of X, which you bought", X the
 * customer's purchase whose text is closest to @item's; %NULL when none
 * shares a word with it.
 */
char *
seg_content_explain (const SegTfidf           *tfidf,
                     const SegRecommenderData *data,
                     size_t                    user,
                     size_t                    item)
{
  const SegInteractions *train = data->train;
  double best = 0.0;
  int32_t best_item = -1;

  if (user >= train->n_users)
    return NULL;
  for (int64_t k = train->row_ptr[user]; k < train->row_ptr[user + 1]; k++)
    {
      double cosine = seg_tfidf_cosine (tfidf, (size_t) train->row_items[k], item);

      if ((size_t) train->row_items[k] != item && cosine > best)
        {
          best = cosine;
          best_item = train->row_items[k];
        }
    }
  if (best_item < 0)
    return NULL;

  /* Translators: the reason for an offer; the name of a product the
   * customer bought whose description is like the offered one's. */
  return g_strdup_printf (_("Its description is like that of %s, which you bought"),
                          data->item_names[best_item]);
}

static gpointer
content_fit_scorer (SegRecommenderModel       *model,
                    const SegRecommenderData  *data,
                    SegScorer                 *scorer,
                    GDestroyNotify            *free_fitted,
                    GError                   **error)
{
  SegContentModel *self = (SegContentModel *) model;
  SegTfidf *tfidf = seg_content_fit_tfidf (data, self->neighbours, data->monitor, error);

  if (tfidf == NULL)
    return NULL;
  seg_tfidf_scorer (tfidf, scorer);
  *free_fitted = (GDestroyNotify) seg_tfidf_free;

  return tfidf;
}

static char *
content_explain (SegRecommenderModel      *model,
                 gconstpointer             fitted,
                 const SegRecommenderData *data,
                 size_t                    user,
                 size_t                    item)
{
  return seg_content_explain (fitted, data, user, item);
}

static void
seg_content_model_class_init (SegContentModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "content";
  model_class->title = N_("Similar descriptions (content)");
  recommender_class->fit_scorer = content_fit_scorer;
  recommender_class->explain = content_explain;

  seg_model_class_install (model_class, CONTENT_PROP_NEIGHBOURS,
    seg_param_spec_set_advanced (g_param_spec_int ("neighbours", _("Neighbours"),
                      _("Products with the closest descriptions kept for each product"),
                      1, G_MAXINT, 50, PARAM_FLAGS)),
    G_STRUCT_OFFSET (SegContentModel, neighbours));
}

static void
seg_content_model_init (SegContentModel *self)
{
}
