/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-knn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-topk-private.h"

struct _SegKnn
{
  SegKnnOptions options;        /* with the shrinkage resolved */
  size_t        n_x;
  size_t        n_users;
  size_t        n_items;
  int64_t      *nb_ptr;         /* neighbours of x: [nb_ptr[x], nb_ptr[x + 1]) */
  int32_t      *nb_idx;
  double       *nb_sim;
  double       *x_means;        /* each x's mean value, for SEG_KNN_WITH_MEANS */
  double        global_mean;
  double        rating_min;
  double        rating_max;
  SegBaseline  *baseline;       /* for the baseline similarity and prediction */
};

void
seg_knn_options_init (SegKnnOptions *options)
{
  memset (options, 0, sizeof (*options));
  options->base = SEG_KNN_ITEM;
  options->similarity = SEG_KNN_COSINE;
  options->prediction = SEG_KNN_SCORE_SUM;
  options->neighbours = 50;
  options->k = 40;
  options->min_k = 1;
  options->min_support = 1;
  options->shrink = -1.0;
  options->ratings = 0;
  seg_baseline_options_init (&options->baseline);
}

void
seg_knn_free (SegKnn *model)
{
  if (model == NULL)
    return;
  free (model->nb_ptr);
  free (model->nb_idx);
  free (model->nb_sim);
  free (model->x_means);
  seg_baseline_free (model->baseline);
  free (model);
}

/* The matrix seen from the side that has neighbours: x → its y (with the
 * values the similarity works on) and y → its x. */
typedef struct
{
  size_t         n_x;
  const int64_t *x_ptr;
  const int32_t *x_idx;
  const double  *x_val;
  const int64_t *y_ptr;
  const int32_t *y_idx;
  const double  *y_val;
} View;

/* The per-thread sums over the common raters of one x and every other. */
typedef struct
{
  int32_t *count;
  int32_t *touched;
  double  *prod;
  double  *sq_a;
  double  *sq_b;
  double  *sum_a;
  double  *sum_b;
  SegCandidate *candidates;
} Sums;

static void
sums_clear (Sums *sums)
{
  free (sums->count);
  free (sums->touched);
  free (sums->prod);
  free (sums->sq_a);
  free (sums->sq_b);
  free (sums->sum_a);
  free (sums->sum_b);
  free (sums->candidates);
}

static int
sums_init (Sums   *sums,
           size_t  n_x,
           int     squares,
           int     means)
{
  memset (sums, 0, sizeof (*sums));
  sums->count = calloc (n_x + 1, sizeof (int32_t));
  sums->touched = malloc ((n_x + 1) * sizeof (int32_t));
  sums->prod = calloc (n_x + 1, sizeof (double));
  sums->candidates = malloc ((n_x + 1) * sizeof (SegCandidate));
  if (squares)
    {
      sums->sq_a = calloc (n_x + 1, sizeof (double));
      sums->sq_b = calloc (n_x + 1, sizeof (double));
    }
  if (means)
    {
      sums->sum_a = calloc (n_x + 1, sizeof (double));
      sums->sum_b = calloc (n_x + 1, sizeof (double));
    }
  if (sums->count == NULL || sums->touched == NULL || sums->prod == NULL || sums->candidates == NULL
      || (squares && (sums->sq_a == NULL || sums->sq_b == NULL))
      || (means && (sums->sum_a == NULL || sums->sum_b == NULL)))
    {
      sums_clear (sums);
      return -2;
    }

  return 0;
}

/* The similarity of x and x' from their sums over n common raters. */
static double
pair_similarity (const SegKnnOptions *options,
                 const Sums          *sums,
                 const double        *norms,
                 const double        *lengths,
                 size_t               x,
                 size_t               other)
{
  double n = sums->count[other];
  double sim, den;

  if (n < (double) options->min_support || n == 0)
    return 0.0;
  /* One common rater says nothing of a correlation (and Surprise leaves
   * such pairs out of Pearson-baseline whatever the shrinkage). */
  if (options->similarity == SEG_KNN_PEARSON_BASELINE && n < 2)
    return 0.0;

  switch (options->similarity)
    {
    case SEG_KNN_COSINE:
      if (!options->ratings)
        {
          den = norms[x] * norms[other];
          sim = den > 0 ? sums->prod[other] / den : 0.0;
          break;
        }
      /* Ratings take the norms over the common raters. */
      __attribute__ ((fallthrough));
    case SEG_KNN_ADJUSTED_COSINE:
    case SEG_KNN_PEARSON_BASELINE:
      den = sqrt (sums->sq_a[other] * sums->sq_b[other]);
      sim = den > 0 ? sums->prod[other] / den : 0.0;
      break;
    case SEG_KNN_PEARSON:
      {
        double var_a = n * sums->sq_a[other] - sums->sum_a[other] * sums->sum_a[other];
        double var_b = n * sums->sq_b[other] - sums->sum_b[other] * sums->sum_b[other];

        den = var_a > 0 && var_b > 0 ? sqrt (var_a * var_b) : 0.0;
        sim = den > 0 ? (n * sums->prod[other] - sums->sum_a[other] * sums->sum_b[other]) / den : 0.0;
      }
      break;
    case SEG_KNN_JACCARD:
      den = lengths[x] + lengths[other] - n;
      sim = den > 0 ? n / den : 0.0;
      break;
    default:
      sim = 0.0;
      break;
    }

  if (options->shrink > 0)
    {
      if (options->similarity == SEG_KNN_PEARSON_BASELINE)
        sim *= (n - 1) / (n - 1 + options->shrink);
      else
        sim *= n / (n + options->shrink);
    }

  return isfinite (sim) ? sim : 0.0;
}

/* Fills the neighbour lists of every x. */
static int
compute_neighbours (SegKnn           *model,
                    const View       *view,
                    const SegMonitor *monitor)
{
  const SegKnnOptions *options = &model->options;
  const size_t n_x = view->n_x;
  int squares = options->similarity == SEG_KNN_ADJUSTED_COSINE
                || options->similarity == SEG_KNN_PEARSON_BASELINE
                || options->similarity == SEG_KNN_PEARSON
                || (options->similarity == SEG_KNN_COSINE && options->ratings);
  int means = options->similarity == SEG_KNN_PEARSON;
  size_t cap = options->neighbours > 0 ? options->neighbours : n_x;
  SegCandidate **lists;
  size_t *list_sizes;
  double *norms, *lengths;
  SegStage stage;
  int failed = 0;

  lists = calloc (n_x + 1, sizeof (SegCandidate *));
  list_sizes = calloc (n_x + 1, sizeof (size_t));
  norms = malloc ((n_x + 1) * sizeof (double));
  lengths = malloc ((n_x + 1) * sizeof (double));
  if (lists == NULL || list_sizes == NULL || norms == NULL || lengths == NULL)
    {
      free (lists);
      free (list_sizes);
      free (norms);
      free (lengths);
      return -2;
    }
  for (size_t x = 0; x < n_x; x++)
    {
      double s = 0.0;

      for (int64_t k = view->x_ptr[x]; k < view->x_ptr[x + 1]; k++)
        s += view->x_val[k] * view->x_val[k];
      norms[x] = sqrt (s);
      lengths[x] = (double) (view->x_ptr[x + 1] - view->x_ptr[x]);
    }

  seg_stage_init (&stage, monitor, 0.1, 1.0, n_x);

#pragma omp parallel
  {
    Sums sums;
    int mine_failed = sums_init (&sums, n_x, squares, means);

    if (mine_failed)
      {
#pragma omp atomic write
        failed = -2;
      }

    /* Each x is summed on its own in a fixed order, so which thread takes
     * it changes nothing. */
#pragma omp for schedule(dynamic, 8)
    for (size_t x = 0; x < n_x; x++)
      {
        size_t n_touched = 0, n_kept = 0;
        int stop;

#pragma omp atomic read
        stop = failed;
        if (stop != 0 || mine_failed)
          continue;

        for (int64_t k = view->x_ptr[x]; k < view->x_ptr[x + 1]; k++)
          {
            int32_t y = view->x_idx[k];
            double a = view->x_val[k];

            for (int64_t l = view->y_ptr[y]; l < view->y_ptr[y + 1]; l++)
              {
                int32_t other = view->y_idx[l];
                double b = view->y_val[l];

                if ((size_t) other == x)
                  continue;
                if (sums.count[other]++ == 0)
                  sums.touched[n_touched++] = other;
                sums.prod[other] += a * b;
                if (squares)
                  {
                    sums.sq_a[other] += a * a;
                    sums.sq_b[other] += b * b;
                  }
                if (means)
                  {
                    sums.sum_a[other] += a;
                    sums.sum_b[other] += b;
                  }
              }
          }

        for (size_t t = 0; t < n_touched; t++)
          {
            int32_t other = sums.touched[t];
            SegCandidate c;

            c.sim = pair_similarity (options, &sums, norms, lengths, x, (size_t) other);
            c.idx = other;
            if (c.sim > 0)
              seg_candidate_offer (sums.candidates, &n_kept, cap, &c);
            sums.count[other] = 0;
            sums.prod[other] = 0;
            if (squares)
              sums.sq_a[other] = sums.sq_b[other] = 0;
            if (means)
              sums.sum_a[other] = sums.sum_b[other] = 0;
          }

        if (n_kept > 0)
          {
            SegCandidate *list = malloc (n_kept * sizeof (SegCandidate));

            if (list == NULL)
              {
#pragma omp atomic write
                failed = -2;
                continue;
              }
            memcpy (list, sums.candidates, n_kept * sizeof (SegCandidate));
            qsort (list, n_kept, sizeof (SegCandidate), seg_candidate_compare);
            lists[x] = list;
            list_sizes[x] = n_kept;
          }

        if (seg_stage_step (&stage, 1) != 0)
          {
#pragma omp atomic write
            failed = -1;
          }
      }

    if (!mine_failed)
      sums_clear (&sums);
  }

  if (failed == 0)
    {
      size_t total = 0;

      model->nb_ptr = malloc ((n_x + 1) * sizeof (int64_t));
      for (size_t x = 0; x < n_x; x++)
        total += list_sizes[x];
      model->nb_idx = malloc ((total + 1) * sizeof (int32_t));
      model->nb_sim = malloc ((total + 1) * sizeof (double));
      if (model->nb_ptr == NULL || model->nb_idx == NULL || model->nb_sim == NULL)
        failed = -2;
      else
        {
          size_t at = 0;

          for (size_t x = 0; x < n_x; x++)
            {
              model->nb_ptr[x] = (int64_t) at;
              for (size_t k = 0; k < list_sizes[x]; k++, at++)
                {
                  model->nb_idx[at] = lists[x][k].idx;
                  model->nb_sim[at] = lists[x][k].sim;
                }
            }
          model->nb_ptr[n_x] = (int64_t) at;
        }
    }

  for (size_t x = 0; x < n_x; x++)
    free (lists[x]);
  free (lists);
  free (list_sizes);
  free (norms);
  free (lengths);

  return failed;
}

SegKnn *
seg_knn_fit (const SegInteractions *train,
             const SegKnnOptions   *options,
             const SegMonitor      *monitor,
             int                   *rc)
{
  SegKnnOptions defaults;
  SegKnn *model;
  View view;
  double *x_val = NULL, *y_val = NULL;
  int item_based, baseline_needed;
  double sum = 0.0, lo = INFINITY, hi = -INFINITY;

  if (options == NULL)
    {
      seg_knn_options_init (&defaults);
      options = &defaults;
    }
  *rc = 0;
  if (train == NULL || train->nnz == 0 || train->n_users == 0 || train->n_items == 0
      || (options->base != SEG_KNN_ITEM && options->base != SEG_KNN_USER)
      || options->similarity < SEG_KNN_COSINE || options->similarity > SEG_KNN_JACCARD
      || options->prediction < SEG_KNN_SCORE_SUM || options->prediction > SEG_KNN_BASELINE
      || isnan (options->shrink))
    {
      *rc = -3;
      return NULL;
    }
  for (size_t e = 0; e < train->nnz; e++)
    {
      double r = train->row_values[e];

      if (!isfinite (r))
        {
          *rc = -3;
          return NULL;
        }
      sum += r;
      lo = r < lo ? r : lo;
      hi = r > hi ? r : hi;
    }

  model = calloc (1, sizeof (SegKnn));
  if (model == NULL)
    {
      *rc = -2;
      return NULL;
    }
  model->options = *options;
  if (model->options.shrink < 0)
    model->options.shrink = options->similarity == SEG_KNN_PEARSON_BASELINE ? 100.0 : 0.0;
  if (options->prediction != SEG_KNN_SCORE_SUM)
    model->options.ratings = 1;
  item_based = options->base == SEG_KNN_ITEM;
  model->n_users = train->n_users;
  model->n_items = train->n_items;
  model->n_x = item_based ? train->n_items : train->n_users;
  model->global_mean = sum / (double) train->nnz;
  model->rating_min = lo;
  model->rating_max = hi;

  baseline_needed = options->similarity == SEG_KNN_PEARSON_BASELINE || options->prediction == SEG_KNN_BASELINE;
  if (baseline_needed)
    {
      SegMonitor part = { 0 };

      /* The baseline is a tenth of the work; its own progress is left
       * out, its cancel kept. */
      if (monitor != NULL)
        part.cancel = monitor->cancel;
      model->baseline = seg_baseline_fit (train, &options->baseline, &part, rc);
      if (model->baseline == NULL)
        {
          seg_knn_free (model);
          return NULL;
        }
      seg_baseline_range (model->baseline, &model->rating_min, &model->rating_max);
    }
  if (seg_monitor_report (monitor, 0.1))
    {
      seg_knn_free (model);
      *rc = -1;
      return NULL;
    }

  model->x_means = malloc ((model->n_x + 1) * sizeof (double));
  if (model->x_means == NULL)
    {
      seg_knn_free (model);
      *rc = -2;
      return NULL;
    }

  if (item_based)
    {
      view = (View) { train->n_items, train->col_ptr, train->col_users, train->col_values,
                      train->row_ptr, train->row_items, train->row_values };
    }
  else
    {
      view = (View) { train->n_users, train->row_ptr, train->row_items, train->row_values,
                      train->col_ptr, train->col_users, train->col_values };
    }
  for (size_t x = 0; x < model->n_x; x++)
    {
      double s = 0.0;
      int64_t n = view.x_ptr[x + 1] - view.x_ptr[x];

      for (int64_t k = view.x_ptr[x]; k < view.x_ptr[x + 1]; k++)
        s += view.x_val[k];
      model->x_means[x] = n > 0 ? s / (double) n : model->global_mean;
    }

  /* Centred similarities work on transformed copies of the values, one
   * aligned with each side's lists. */
  if (options->similarity == SEG_KNN_ADJUSTED_COSINE || options->similarity == SEG_KNN_PEARSON_BASELINE)
    {
      size_t n_y = item_based ? train->n_users : train->n_items;
      double *y_means = malloc ((n_y + 1) * sizeof (double));

      x_val = malloc (train->nnz * sizeof (double));
      y_val = malloc (train->nnz * sizeof (double));
      if (x_val == NULL || y_val == NULL || y_means == NULL)
        {
          free (x_val);
          free (y_val);
          free (y_means);
          seg_knn_free (model);
          *rc = -2;
          return NULL;
        }
      for (size_t y = 0; y < n_y; y++)
        {
          double s = 0.0;
          int64_t n = view.y_ptr[y + 1] - view.y_ptr[y];

          for (int64_t k = view.y_ptr[y]; k < view.y_ptr[y + 1]; k++)
            s += view.y_val[k];
          y_means[y] = n > 0 ? s / (double) n : 0.0;
        }
      for (size_t x = 0; x < model->n_x; x++)
        for (int64_t k = view.x_ptr[x]; k < view.x_ptr[x + 1]; k++)
          {
            size_t y = (size_t) view.x_idx[k];

            if (options->similarity == SEG_KNN_ADJUSTED_COSINE)
              x_val[k] = view.x_val[k] - y_means[y];
            else if (item_based)
              x_val[k] = view.x_val[k] - seg_baseline_estimate (model->baseline, y, x);
            else
              x_val[k] = view.x_val[k] - seg_baseline_estimate (model->baseline, x, y);
          }
      for (size_t y = 0; y < n_y; y++)
        for (int64_t k = view.y_ptr[y]; k < view.y_ptr[y + 1]; k++)
          {
            size_t x = (size_t) view.y_idx[k];

            if (options->similarity == SEG_KNN_ADJUSTED_COSINE)
              y_val[k] = view.y_val[k] - y_means[y];
            else if (item_based)
              y_val[k] = view.y_val[k] - seg_baseline_estimate (model->baseline, y, x);
            else
              y_val[k] = view.y_val[k] - seg_baseline_estimate (model->baseline, x, y);
          }
      free (y_means);
      view.x_val = x_val;
      view.y_val = y_val;
    }

  *rc = compute_neighbours (model, &view, monitor);
  free (x_val);
  free (y_val);
  if (*rc != 0)
    {
      seg_knn_free (model);
      return NULL;
    }

  return model;
}

/* The position of @item in the row of @user, or -1. */
static inline int64_t
find_in_row (const SegInteractions *train,
             size_t                 user,
             int32_t                item)
{
  int64_t lo = train->row_ptr[user], hi = train->row_ptr[user + 1];

  while (lo < hi)
    {
      int64_t mid = lo + (hi - lo) / 2;

      if (train->row_items[mid] < item)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo < train->row_ptr[user + 1] && train->row_items[lo] == item ? lo : -1;
}

static double
clip (const SegKnn *model,
      double        r)
{
  return r < model->rating_min ? model->rating_min : r > model->rating_max ? model->rating_max : r;
}

static inline SegKnnPrediction
prediction_rule (const SegKnn *model)
{
  return model->options.prediction == SEG_KNN_SCORE_SUM ? SEG_KNN_BASIC : model->options.prediction;
}

/* Where a prediction starts from: *est is the rule's estimate before the
 * neighbours speak (the baseline, x's mean, or nothing). Returns 0 when
 * the customer or the item has no ratings: *est is then the answer. */
static int
start_estimate (const SegKnn          *model,
                const SegInteractions *train,
                SegKnnPrediction       rule,
                size_t                 user,
                size_t                 item,
                double                *est)
{
  int known = user < train->n_users && item < train->n_items
              && train->row_ptr[user + 1] > train->row_ptr[user]
              && train->col_ptr[item + 1] > train->col_ptr[item];

  if (rule == SEG_KNN_BASELINE)
    *est = seg_baseline_estimate (model->baseline, user, item);
  else if (!known)
    *est = model->global_mean;
  else if (rule == SEG_KNN_WITH_MEANS)
    *est = model->x_means[model->options.base == SEG_KNN_ITEM ? item : user];
  else
    *est = 0.0;

  return known;
}

/* What a neighbour's rating is measured against: its mean, its baseline
 * estimate for the pair, or nothing. */
static inline double
reference_of (const SegKnn     *model,
              SegKnnPrediction  rule,
              size_t            user,
              size_t            item,
              size_t            other)
{
  int item_based = model->options.base == SEG_KNN_ITEM;

  switch (rule)
    {
    case SEG_KNN_WITH_MEANS:
      return model->x_means[other];
    case SEG_KNN_BASELINE:
      return item_based ? seg_baseline_estimate (model->baseline, user, other)
                        : seg_baseline_estimate (model->baseline, other, item);
    default:
      return 0.0;
    }
}

static double
finish (const SegKnn     *model,
        SegKnnPrediction  rule,
        double            est,
        size_t            actual_k,
        double            sum_sim,
        double            sum_dev)
{
  if (actual_k < model->options.min_k || actual_k == 0 || sum_sim <= 0)
    return clip (model, rule == SEG_KNN_BASIC ? model->global_mean : est);

  return clip (model, est + sum_dev / sum_sim);
}

/* One prediction. @dense (nullable, item-kNN only) holds the customer's
 * ratings by item, NaN where there is none, to spare the searches. */
static double
predict_one (const SegKnn          *model,
             const SegInteractions *train,
             size_t                 user,
             size_t                 item,
             const double          *dense)
{
  SegKnnPrediction rule = prediction_rule (model);
  int item_based = model->options.base == SEG_KNN_ITEM;
  size_t x = item_based ? item : user;
  double est, sum_sim = 0.0, sum_dev = 0.0;
  size_t actual_k = 0;

  if (!start_estimate (model, train, rule, user, item, &est))
    return clip (model, est);

  /* The lists are sorted most similar first: the first k neighbours that
   * rated the item are the k nearest of those who did. */
  for (int64_t k = model->nb_ptr[x]; k < model->nb_ptr[x + 1] && actual_k < model->options.k; k++)
    {
      size_t other = (size_t) model->nb_idx[k];
      double sim = model->nb_sim[k];
      double r;

      if (dense != NULL)
        {
          r = dense[other];
          if (isnan (r))
            continue;
        }
      else
        {
          int64_t at = item_based ? find_in_row (train, user, (int32_t) other)
                                  : find_in_row (train, other, (int32_t) item);

          if (at < 0)
            continue;
          r = train->row_values[at];
        }
      sum_sim += sim;
      sum_dev += sim * (r - reference_of (model, rule, user, item, other));
      actual_k++;
    }

  return finish (model, rule, est, actual_k, sum_sim, sum_dev);
}

double
seg_knn_predict (const SegKnn          *model,
                 const SegInteractions *train,
                 size_t                 user,
                 size_t                 item)
{
  return predict_one (model, train, user, item, NULL);
}

double
seg_knn_similarity (const SegKnn *model,
                    size_t        a,
                    size_t        b)
{
  if (a >= model->n_x)
    return 0.0;
  for (int64_t k = model->nb_ptr[a]; k < model->nb_ptr[a + 1]; k++)
    if ((size_t) model->nb_idx[k] == b)
      return model->nb_sim[k];

  return 0.0;
}

size_t
seg_knn_neighbours (const SegKnn   *model,
                    size_t          x,
                    const int32_t **indices,
                    const double  **similarities)
{
  if (x >= model->n_x)
    {
      *indices = NULL;
      *similarities = NULL;
      return 0;
    }
  *indices = model->nb_idx + model->nb_ptr[x];
  *similarities = model->nb_sim + model->nb_ptr[x];

  return (size_t) (model->nb_ptr[x + 1] - model->nb_ptr[x]);
}

size_t
seg_knn_user_support (const SegKnn          *model,
                      const SegInteractions *train,
                      size_t                 user,
                      size_t                 item,
                      size_t                *n_neighbours)
{
  size_t support = 0;

  if (n_neighbours != NULL)
    *n_neighbours = 0;
  if (model->options.base != SEG_KNN_USER || user >= model->n_x || item >= train->n_items)
    return 0;
  if (n_neighbours != NULL)
    *n_neighbours = (size_t) (model->nb_ptr[user + 1] - model->nb_ptr[user]);
  for (int64_t k = model->nb_ptr[user]; k < model->nb_ptr[user + 1]; k++)
    support += find_in_row (train, (size_t) model->nb_idx[k], (int32_t) item) >= 0;

  return support;
}

static void
knn_score_sum (const void            *data,
               const SegInteractions *train,
               size_t                 user,
               double                *scores,
               void                  *scratch)
{
  const SegKnn *model = data;

  (void) scratch;
  memset (scores, 0, train->n_items * sizeof (double));
  if (user >= train->n_users)
    return;

  if (model->options.base == SEG_KNN_ITEM)
    {
      for (int64_t k = train->row_ptr[user]; k < train->row_ptr[user + 1]; k++)
        {
          size_t j = (size_t) train->row_items[k];
          double value = train->row_values[k];

          for (int64_t l = model->nb_ptr[j]; l < model->nb_ptr[j + 1]; l++)
            scores[model->nb_idx[l]] += model->nb_sim[l] * value;
        }
    }
  else
    {
      for (int64_t l = model->nb_ptr[user]; l < model->nb_ptr[user + 1]; l++)
        {
          size_t v = (size_t) model->nb_idx[l];
          double sim = model->nb_sim[l];

          for (int64_t k = train->row_ptr[v]; k < train->row_ptr[v + 1]; k++)
            scores[train->row_items[k]] += sim * train->row_values[k];
        }
    }
}

/* Predictions for every item. Item-kNN spreads the customer's ratings
 * over the scratch for lookups without searching; user-kNN walks the
 * customer's neighbours once, most similar first, adding each one's
 * ratings to the items that have fewer than k raters so far. */
static void
knn_score_predict (const void            *data,
                   const SegInteractions *train,
                   size_t                 user,
                   double                *scores,
                   void                  *scratch)
{
  const SegKnn *model = data;
  SegKnnPrediction rule = prediction_rule (model);
  size_t n_items = train->n_items;

  if (model->options.base == SEG_KNN_ITEM || user >= train->n_users)
    {
      double *dense = scratch;

      for (size_t i = 0; i < n_items; i++)
        dense[i] = NAN;
      if (user < train->n_users)
        for (int64_t k = train->row_ptr[user]; k < train->row_ptr[user + 1]; k++)
          dense[train->row_items[k]] = train->row_values[k];
      for (size_t i = 0; i < n_items; i++)
        scores[i] = predict_one (model, train, user, i, model->options.base == SEG_KNN_ITEM ? dense : NULL);
      return;
    }

  {
    double *sum_sim = scratch;
    double *sum_dev = sum_sim + n_items;
    uint32_t *count = (uint32_t *) (sum_dev + n_items);

    memset (scratch, 0, n_items * (2 * sizeof (double) + sizeof (uint32_t)));
    for (int64_t l = model->nb_ptr[user]; l < model->nb_ptr[user + 1]; l++)
      {
        size_t v = (size_t) model->nb_idx[l];
        double sim = model->nb_sim[l];

        for (int64_t k = train->row_ptr[v]; k < train->row_ptr[v + 1]; k++)
          {
            size_t i = (size_t) train->row_items[k];

            if (count[i] >= model->options.k)
              continue;
            count[i]++;
            sum_sim[i] += sim;
            sum_dev[i] += sim * (train->row_values[k] - reference_of (model, rule, user, i, v));
          }
      }
    for (size_t i = 0; i < n_items; i++)
      {
        double est;

        if (!start_estimate (model, train, rule, user, i, &est))
          scores[i] = clip (model, est);
        else
          scores[i] = finish (model, rule, est, count[i], sum_sim[i], sum_dev[i]);
      }
  }
}

static double
knn_item_similarity (const void *model,
                     size_t      from,
                     size_t      to)
{
  return seg_knn_similarity (model, from, to);
}

void
seg_knn_scorer (const SegKnn *model,
                SegScorer    *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = 0;
  if (model->options.prediction != SEG_KNN_SCORE_SUM)
    scorer->scratch_bytes = model->n_items * (model->options.base == SEG_KNN_ITEM
                                              ? sizeof (double)
                                              : 2 * sizeof (double) + sizeof (uint32_t));
  scorer->score = model->options.prediction == SEG_KNN_SCORE_SUM ? knn_score_sum : knn_score_predict;
  scorer->similarity = model->options.base == SEG_KNN_ITEM ? knn_item_similarity : NULL;
}
