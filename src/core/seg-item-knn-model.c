/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seg-knn-model-private.h"

/*
 * Item-kNN: products are alike when the same customers bought (or rated)
 * them; a customer is offered the products most like what they bought,
 * and the reason names those purchases. For ratings it predicts as
 * Surprise's KNNBaseline does.
 */

#define SEG_TYPE_ITEM_KNN_MODEL (seg_item_knn_model_get_type ())
G_DECLARE_FINAL_TYPE (SegItemKnnModel, seg_item_knn_model, SEG, ITEM_KNN_MODEL, SegRecommenderModel)

struct _SegItemKnnModel
{
  SegRecommenderModel parent_instance;
  SegKnnParams        params;
};

G_DEFINE_FINAL_TYPE (SegItemKnnModel, seg_item_knn_model, SEG_TYPE_RECOMMENDER_MODEL)

enum {
  ITEM_KNN_PROP_0,
  ITEM_KNN_PROP_SIMILARITY,
};

static gpointer
item_knn_fit_scorer (SegRecommenderModel       *model,
                     const SegRecommenderData  *data,
                     SegScorer                 *scorer,
                     GDestroyNotify            *free_fitted,
                     GError                   **error)
{
  SegItemKnnModel *self = (SegItemKnnModel *) model;

  return seg_knn_model_fit (SEG_KNN_ITEM, &self->params, data, scorer, free_fitted, error);
}

static void
append_u64 (GByteArray *bytes,
            guint64     value)
{
  value = GUINT64_TO_LE (value);
  g_byte_array_append (bytes, (const guint8 *) &value, sizeof value);
}

/* The neighbour lists, packed without padding, all little-endian: the
 * number of products and the number of neighbours in all as 64-bit
 * integers; then each product's number of neighbours (32-bit); then the
 * neighbours' indices (32-bit), product after product, most similar
 * first; then their similarities (64-bit doubles) in the same order. */
static GBytes *
item_knn_save_state (SegRecommenderModel *model,
                     gconstpointer        data)
{
  const SegKnnFitted *fitted = data;
  size_t n_items = fitted->train->n_items, total = 0;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  const int32_t *indices;
  const double *similarities;

  for (size_t i = 0; i < n_items; i++)
    total += seg_knn_neighbours (fitted->knn, i, &indices, &similarities);
  append_u64 (bytes, n_items);
  append_u64 (bytes, total);
  for (size_t i = 0; i < n_items; i++)
    {
      guint32 count = GUINT32_TO_LE ((guint32) seg_knn_neighbours (fitted->knn, i, &indices, &similarities));

      g_byte_array_append (bytes, (const guint8 *) &count, sizeof count);
    }
  for (size_t i = 0; i < n_items; i++)
    {
      size_t n = seg_knn_neighbours (fitted->knn, i, &indices, &similarities);

      for (size_t k = 0; k < n; k++)
        {
          guint32 index = GUINT32_TO_LE ((guint32) indices[k]);

          g_byte_array_append (bytes, (const guint8 *) &index, sizeof index);
        }
    }
  for (size_t i = 0; i < n_items; i++)
    {
      size_t n = seg_knn_neighbours (fitted->knn, i, &indices, &similarities);

      for (size_t k = 0; k < n; k++)
        {
          guint64 bits;

          memcpy (&bits, &similarities[k], sizeof bits);
          append_u64 (bytes, bits);
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
seg_item_knn_model_class_init (SegItemKnnModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegRecommenderModelClass *recommender_class = SEG_RECOMMENDER_MODEL_CLASS (klass);

  model_class->id = "item-knn";
  model_class->title = N_("Similar products (item-kNN)");
  recommender_class->fit_scorer = item_knn_fit_scorer;
  recommender_class->predict = seg_knn_model_predict;
  recommender_class->save_state = item_knn_save_state;

  seg_knn_model_install_params (model_class, ITEM_KNN_PROP_SIMILARITY, G_STRUCT_OFFSET (SegItemKnnModel, params),
                                _("Most similar products kept for each product; 0 keeps 50 for purchases and every one for ratings"));
}

static void
seg_item_knn_model_init (SegItemKnnModel *self)
{
}
