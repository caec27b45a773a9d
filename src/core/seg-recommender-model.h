/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Adding a recommender
 * ====================
 *
 * Every recommender is a final subclass of SegRecommenderModel. The family
 * owns everything but the algorithm: its inputs (the order table; the
 * customer, product, value and date columns; an optional saved segment,
 * clustering run and products table) and shared parameters (feedback,
 * weighting, alpha, half-life, keep-bought, top, seed), reading the lines
 * into a SegInteractions, the top N for every customer, the reasons, the
 * measures, the result table (customer, rank, item, item_name, score,
 * reason), the evaluation against the popularity baseline, and the
 * command line (`recommend --algorithm ID`, `evaluate-recommender`,
 * `audience`, `similar`). A new recommender is about fifty lines:
 *
 * 1. The kernel, in src/algo/seg-NAME.{h,c}, plain C: SegNameOptions
 *    with seg_NAME_options_init (), seg_NAME_fit (train, options,
 *    monitor, &rc) returning the fitted model or NULL with rc -1
 *    (cancelled), -2 (out of memory) or -3 (bad input), seg_NAME_scorer ()
 *    filling a SegScorer (score, and similarity where item-to-item
 *    reasons make sense), seg_NAME_free () and, for rating models,
 *    seg_NAME_predict ().
 *
 * 2. The model, in src/core/seg-NAME-model.c:
 *
 *      struct _SegNameModel
 *      {
 *        SegRecommenderModel parent_instance;
 *        int                 factors;
 *      };
 *      G_DEFINE_FINAL_TYPE (SegNameModel, seg_name_model, SEG_TYPE_RECOMMENDER_MODEL)
 *
 *      static gpointer
 *      name_fit_scorer (SegRecommenderModel       *model,
 *                       const SegRecommenderData  *data,
 *                       SegScorer                 *scorer,
 *                       GDestroyNotify            *free_fitted,
 *                       GError                   **error)
 *      {
 *        SegNameModel *self = (SegNameModel *) model;
 *        SegNameOptions options;
 *        SegName *fitted;
 *        int rc;
 *
 *        seg_name_options_init (&options);
 *        options.factors = (size_t) self->factors;
 *        options.seed = data->seed;
 *        fitted = seg_name_fit (data->train, &options, data->monitor, &rc);
 *        if (fitted == NULL)
 *          return seg_recommender_kernel_failed (rc, error);
 *        seg_name_scorer (fitted, scorer);
 *        *free_fitted = (GDestroyNotify) seg_name_free;
 *        return fitted;
 *      }
 *
 *    and in class_init: `id` (the name `--algorithm` takes: item-knn,
 *    user-knn, svd, svdpp, als, bpr, ease, neural, content, hybrid),
 *    `title` (N_()), `fit_scorer`, `predict` for rating models (a
 *    `double (*) (gconstpointer fitted, size_t user, size_t item)`, so
 *    that k-fold evaluation can measure RMSE and MAE), `explain` where
 *    the reason is not "because you bought …" (user-kNN: "N customers
 *    like you bought it"), `default_weighting` / `default_feedback` where
 *    the family's defaults (binary, implicit) do not suit, and the
 *    model's own parameters with seg_model_class_install () at
 *    G_STRUCT_OFFSET (SegNameModel, field), seg_param_spec_set_advanced ()
 *    on those a shop owner need not see at first. Do not set `kind`,
 *    `load`, `fit`, `measure` or `write`: they are the family's.
 *
 * 3. One line, SEG_MODEL (seg_name_model), in seg-model-list.h.
 *
 * What the family decides for every recommender:
 * - the value column is never guessed (a price taken for a quantity would
 *   quietly weigh the offers); the date column is, since it only feeds
 *   the time decay and the last-n split;
 * - the result table is customer, rank, item, item_name (NULL without a
 *   products table), score, reason;
 * - an evaluation (seg_recommender_evaluate (), `evaluate-recommender`)
 *   is a run of the same model: its figures per fold, their mean and
 *   the baseline's go in the record's metrics, and it writes a small
 *   table of them (model, fold — NULL for the mean —, customers and the
 *   measures); repeating the run repeats the evaluation;
 * - a comparison (seg_recommender_compare (), `evaluate-recommender
 *   --algorithm als,ease,neural` or `--compare`) is one evaluation run of
 *   several models: the split is made once and every model is fitted on
 *   the same training pairs, so that their figures can be set side by
 *   side; the record lists each model's, best first, and the winner;
 * - with no algorithm chosen, seg_recommender_default_algorithm () picks
 *   one by the held-out figures: als for purchases, svdpp for ratings;
 * - `recommend --for CUSTOMER` makes and keeps the run as usual and only
 *   prints that customer's offers;
 * - `audience` and `similar` fit the run's model again from its record
 *   (seg_recommender_fit_new ()) and write nothing.
 *
 * Bringing a run up to date. A recommender that can take new order
 * lines without being fitted again sets `save_state`: given the fitted
 * model, it returns what of it such an update needs (ALS: its product
 * factors; item-kNN: its neighbour lists) as little-endian bytes. A
 * recommendation run (not an evaluation) of such a model keeps those bytes
 * in the project under the name "model", next to its customer and product
 * keys in the order the model numbers them ("customers", "products": the
 * keys one after another, each ended by a NUL byte), and notes in its
 * input, as "max-rowid", the largest rowid of the order table when it
 * read it, so that the lines added since can be told apart. The state goes
 * with the run when it is deleted; seg_recommender_read_state () reads it
 * back, and seg_recommender_refresh () (seg-recommender-refresh.h) uses it
 * to give the customers with new lines new offers.
 *
 * The fitted model is created on the run's worker thread and freed with
 * *free_fitted once the run (or one evaluation fold) is done. fit_scorer
 * may be called several times on one instance, once per fold and once for
 * audience and similar, always with a fresh `data`: keep nothing in the
 * instance but the parameters.
 */

#include "seg-model.h"
#include "seg-interactions.h"
#include "seg-recommend.h"
#include "seg-run.h"

G_BEGIN_DECLS

/**
 * SegFeedback:
 * @SEG_FEEDBACK_IMPLICIT: purchases: the value column is a quantity or an
 *   amount, and the weighting turns it into a preference
 * @SEG_FEEDBACK_EXPLICIT: ratings: the value column is a rating, a pair's
 *   value the mean of its ratings
 */
typedef enum
{
  SEG_FEEDBACK_IMPLICIT,
  SEG_FEEDBACK_EXPLICIT,
} SegFeedback;

/**
 * SegImplicitWeighting:
 *
 * How purchases become a customer's preference for a product: see
 * SegWeighting in seg-interactions.h.
 */
typedef enum
{
  SEG_IMPLICIT_BINARY,
  SEG_IMPLICIT_COUNT,
  SEG_IMPLICIT_LOG,
  SEG_IMPLICIT_CONFIDENCE,
} SegImplicitWeighting;

/**
 * SegRecommenderProtocol:
 * @SEG_PROTOCOL_AUTO: k-fold for ratings; for purchases last-n when there
 *   is a date column, else holdout
 * @SEG_PROTOCOL_KFOLD: every (customer, product) pair in one of k folds,
 *   each fold held out in turn
 * @SEG_PROTOCOL_HOLDOUT: a random share of the pairs held out
 * @SEG_PROTOCOL_LAST_N: each customer's last N products by date held out
 * @SEG_PROTOCOL_TEST_TABLE: trained on the whole table, tested on another
 *   with the same customer and product columns
 */
typedef enum
{
  SEG_PROTOCOL_AUTO,
  SEG_PROTOCOL_KFOLD,
  SEG_PROTOCOL_HOLDOUT,
  SEG_PROTOCOL_LAST_N,
  SEG_PROTOCOL_TEST_TABLE,
} SegRecommenderProtocol;

/**
 * SegRecommenderData:
 * @train: customers × products, weighted as the parameters ask
 * @monitor: progress from 0 to 1 of this fit, and cancellation
 * @seed: the run's seed
 * @feedback: whether @train holds ratings
 * @groups: (nullable): by customer, the cluster of the clustering run
 *   given as segment-run, from 0, or -1 for a customer it did not place
 * @n_groups: how many clusters
 * @group_names: (nullable): by cluster, its name for people
 * @item_texts: (nullable): by product, the text columns of the products
 *   table joined with spaces (NULL for a product it does not list)
 * @item_names: by product, its name for people (the key when no products
 *   table gives one)
 *
 * What a recommender is fitted on. Everything is owned by the family and
 * lives as long as the fitted model is used.
 */
typedef struct
{
  const SegInteractions *train;
  const SegMonitor      *monitor;
  guint64                seed;
  SegFeedback            feedback;
  const int32_t         *groups;
  size_t                 n_groups;
  const char *const     *group_names;
  const char *const     *item_texts;
  const char *const     *item_names;
} SegRecommenderData;

#define SEG_TYPE_RECOMMENDER_MODEL (seg_recommender_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (SegRecommenderModel, seg_recommender_model, SEG, RECOMMENDER_MODEL, SegModel)

/**
 * SegRecommenderModelClass:
 * @fit_scorer: fits the model on @data and fills @scorer; returns the
 *   fitted model (which @scorer points at) and sets *free_fitted, or
 *   returns NULL with @error set
 * @predict: (nullable): a rating model's prediction for one pair
 * @explain: (nullable): the reason for offering @item to @user, translated,
 *   or NULL to fall back on "because you bought …" from the scorer's
 *   similarity
 * @save_state: (nullable): what of the fitted model a refresh needs, as
 *   little-endian bytes; see "Bringing a run up to date" above
 * @default_feedback: what the feedback parameter starts as
 * @default_weighting: what the weighting parameter starts as
 * @default_alpha: what the confidence alpha starts as, or 0 for 40
 */
struct _SegRecommenderModelClass
{
  SegModelClass parent_class;

  gpointer (*fit_scorer) (SegRecommenderModel       *self,
                          const SegRecommenderData  *data,
                          SegScorer                 *scorer,
                          GDestroyNotify            *free_fitted,
                          GError                   **error);
  double   (*predict)    (gconstpointer              fitted,
                          size_t                     user,
                          size_t                     item);
  char    *(*explain)    (SegRecommenderModel       *self,
                          gconstpointer              fitted,
                          const SegRecommenderData  *data,
                          size_t                     user,
                          size_t                     item);
  GBytes  *(*save_state) (SegRecommenderModel       *self,
                          gconstpointer              fitted);

  SegFeedback          default_feedback;
  SegImplicitWeighting default_weighting;
  double               default_alpha;  /* 0 for the family's */

  /*< private >*/
  gpointer padding[7];
};

/**
 * SegRecommenderEvaluation:
 * @protocol: how the pairs are split
 * @folds: k-fold: how many folds (default 5)
 * @k: the offers measured per customer (default 10)
 * @test_share: holdout: the share of pairs held out (default 0.2)
 * @last_n: last-n: the products held out per customer (default 1)
 * @test_table: (nullable): test-table: the table tested on
 *
 * How an evaluation splits and measures; seg_recommender_evaluation_init ()
 * gives the defaults.
 */
typedef struct
{
  SegRecommenderProtocol  protocol;
  int                     folds;
  int                     k;
  double                  test_share;
  int                     last_n;
  const char             *test_table;
} SegRecommenderEvaluation;

void      seg_recommender_evaluation_init        (SegRecommenderEvaluation        *evaluation);
void      seg_recommender_model_set_evaluation   (SegRecommenderModel             *self,
                                                  const SegRecommenderEvaluation  *evaluation);
gboolean  seg_recommender_model_is_evaluation    (SegRecommenderModel             *self);
gboolean  seg_recommender_model_has_predict      (SegRecommenderModel             *self);
SegRun   *seg_recommender_evaluate               (SegProject                      *project,
                                                  SegRecommenderModel             *model,
                                                  const SegRecommenderEvaluation  *evaluation,
                                                  GCancellable                    *cancellable,
                                                  GError                         **error);

/**
 * SEG_RECOMMENDER_FEW_CUSTOMERS:
 *
 * Below this many customers, purchases are recommended by the best
 * sellers by default: see seg_recommender_default_algorithm ().
 */
#define SEG_RECOMMENDER_FEW_CUSTOMERS 30

/**
 * SEG_RECOMMENDER_FEW_PRODUCTS:
 *
 * Below this many products, purchases are recommended by the best sellers
 * by default.
 */
#define SEG_RECOMMENDER_FEW_PRODUCTS 5

SegRecommenderModel *seg_recommender_model_new_like        (SegRecommenderModel             *base,
                                                            const char                      *id,
                                                            GError                         **error);
gboolean             seg_recommender_model_set_rivals      (SegRecommenderModel             *self,
                                                            GPtrArray                       *rivals,
                                                            GError                         **error);
SegRun              *seg_recommender_compare               (SegProject                      *project,
                                                            GPtrArray                       *models,
                                                            const SegRecommenderEvaluation  *evaluation,
                                                            GCancellable                    *cancellable,
                                                            GError                         **error);
GStrv                seg_recommender_comparable_algorithms (SegFeedback                      feedback,
                                                            size_t                           n_items,
                                                            gboolean                         with_texts);
const char          *seg_recommender_default_algorithm     (SegFeedback                      feedback,
                                                            size_t                           n_customers,
                                                            size_t                           n_items);
gboolean             seg_recommender_model_count           (SegRecommenderModel             *self,
                                                            SegProject                      *project,
                                                            gint64                          *customers,
                                                            gint64                          *products,
                                                            GError                         **error);

gpointer  seg_recommender_kernel_failed          (int                              rc,
                                                  GError                         **error);

/**
 * SegOffer:
 *
 * One row of a recommendation run's result table.
 */
typedef struct
{
  char   *customer;
  int     rank;
  char   *item;
  char   *item_name;  /* nullable */
  double  score;
  char   *reason;
} SegOffer;

void       seg_offer_free                     (SegOffer            *offer);
GPtrArray *seg_recommender_read_offers        (SegProject          *project,
                                               const SegRunRecord  *record,
                                               const char          *customer,
                                               guint                limit,
                                               GError             **error);
GBytes    *seg_recommender_read_state         (SegProject          *project,
                                               gint64               run_id,
                                               const char          *name,
                                               GError             **error);
gboolean   seg_recommender_model_has_customer (SegRecommenderModel *self,
                                               SegProject          *project,
                                               const char          *customer,
                                               GError             **error);

/**
 * SegRecommenderFit:
 *
 * A recommendation run's model fitted again from its record, to ask it
 * about one product: which customers to offer it to, which products are
 * like it. Nothing is written to the project.
 */
typedef struct _SegRecommenderFit SegRecommenderFit;

/**
 * SegRecommenderHit:
 * @key: the customer's or the product's key
 * @name: (nullable): the product's name
 * @score: the model's score for the customer, or the products' similarity
 * @reason: why, translated
 */
typedef struct
{
  char   *key;
  char   *name;
  double  score;
  char   *reason;
} SegRecommenderHit;

void               seg_recommender_hit_free     (SegRecommenderHit  *hit);
SegRecommenderFit *seg_recommender_fit_new      (SegProject         *project,
                                                 const SegRunRecord *record,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
void               seg_recommender_fit_free     (SegRecommenderFit  *fit);
GPtrArray         *seg_recommender_fit_list_items (SegRecommenderFit *fit);
void               seg_recommender_fit_new_async  (SegProject          *project,
                                                   SegRunRecord        *record,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SegRecommenderFit *seg_recommender_fit_new_finish (SegProject          *project,
                                                   GAsyncResult        *result,
                                                   GError             **error);
GPtrArray         *seg_recommender_fit_audience (SegRecommenderFit  *fit,
                                                 const char         *item,
                                                 guint               top,
                                                 GError            **error);
GPtrArray         *seg_recommender_fit_similar  (SegRecommenderFit  *fit,
                                                 const char         *item,
                                                 guint               top,
                                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegRecommenderFit, seg_recommender_fit_free)

G_END_DECLS
