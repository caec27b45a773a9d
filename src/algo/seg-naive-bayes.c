/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-naive-bayes.h"

#include <math.h>
#include <string.h>

#include "seg-pack.h"
#include "seg-prob-private.h"

#define NB_MAGIC   "SGNB"
#define NB_VERSION 1

/* Codes of a category column run from 0 to below this. */
#define MAX_CATEGORIES 65536
#define MAX_CLASSES    65536

struct _SegNaiveBayes
{
  size_t  n_classes;
  size_t  p;
  guint8 *categorical;    /* p */
  size_t *n_categories;   /* p; 0 for a number column */
  size_t *offset;         /* p; where a category column starts in log_prob */
  size_t  n_log_prob;
  double  epsilon;
  double *prior;          /* n_classes */
  double *log_prior;      /* n_classes */
  double *theta;          /* n_classes × p; 0 in category columns */
  double *var;            /* n_classes × p; 1 in category columns */
  double *log_prob;       /* column j: n_classes × n_categories[j] at offset[j] */
};

void
seg_naive_bayes_params_init (SegNaiveBayesParams *params)
{
  params->var_smoothing = 1e-9;
  params->alpha = 1.0;
  params->priors = NULL;
  params->n_priors = 0;
}

static SegNaiveBayes *
naive_bayes_new (size_t          n_classes,
                 size_t          p,
                 const gboolean *categorical,
                 const size_t   *n_categories)
{
  SegNaiveBayes *model = g_new0 (SegNaiveBayes, 1);

  model->n_classes = n_classes;
  model->p = p;
  model->categorical = g_new0 (guint8, p);
  model->n_categories = g_new0 (size_t, p);
  model->offset = g_new0 (size_t, p);
  for (size_t j = 0; j < p; j++)
    {
      model->categorical[j] = categorical != NULL && categorical[j];
      model->n_categories[j] = model->categorical[j] ? n_categories[j] : 0;
      model->offset[j] = model->n_log_prob;
      model->n_log_prob += n_classes * model->n_categories[j];
    }
  model->prior = g_new0 (double, n_classes);
  model->log_prior = g_new0 (double, n_classes);
  model->theta = g_new0 (double, n_classes * p);
  model->var = g_new0 (double, n_classes * p);
  model->log_prob = g_new0 (double, MAX (model->n_log_prob, 1));

  return model;
}

void
seg_naive_bayes_free (SegNaiveBayes *model)
{
  if (model == NULL)
    return;
  g_free (model->categorical);
  g_free (model->n_categories);
  g_free (model->offset);
  g_free (model->prior);
  g_free (model->log_prior);
  g_free (model->theta);
  g_free (model->var);
  g_free (model->log_prob);
  g_free (model);
}

static gboolean
is_cancelled (const SegMonitor *monitor,
              double            fraction,
              GError          **error)
{
  if (seg_monitor_report (monitor, fraction) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "The naive Bayes fit was cancelled");
      return TRUE;
    }

  return FALSE;
}

/* Checks the classes and the category codes of the training rows and
 * counts how many of each there are. */
static gboolean
check_input (const double    *x,
             size_t           n,
             size_t           p,
             const double    *y,
             const double    *weight,
             const gboolean  *categorical,
             size_t          *n_classes,
             size_t          *n_categories,
             GError         **error)
{
  double max_class = -1;

  for (size_t j = 0; j < p; j++)
    n_categories[j] = 0;

  for (size_t i = 0; i < n; i++)
    {
      if (!(y[i] >= 0 && y[i] < MAX_CLASSES && y[i] == floor (y[i])))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Row %zu: the class %g is not a whole number from 0 to %d",
                       i + 1, y[i], MAX_CLASSES - 1);
          return FALSE;
        }
      if (weight != NULL && !(weight[i] >= 0 && isfinite (weight[i])))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Row %zu: the weight %g is not a finite number of at least 0",
                       i + 1, weight[i]);
          return FALSE;
        }
      max_class = MAX (max_class, y[i]);
      for (size_t j = 0; j < p; j++)
        {
          double v = x[i * p + j];

          if (categorical != NULL && categorical[j])
            {
              if (!(v >= 0 && v < MAX_CATEGORIES && v == floor (v)))
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Row %zu, column %zu: the category code %g is not a whole number from 0 to %d",
                               i + 1, j + 1, v, MAX_CATEGORIES - 1);
                  return FALSE;
                }
              n_categories[j] = MAX (n_categories[j], (size_t) v + 1);
            }
          else if (!isfinite (v))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Row %zu, column %zu: the value is missing or not finite",
                           i + 1, j + 1);
              return FALSE;
            }
        }
    }
  *n_classes = (size_t) max_class + 1;

  return TRUE;
}

SegNaiveBayes *
seg_naive_bayes_fit (const double              *x,
                     size_t                     n,
                     size_t                     p,
                     const double              *y,
                     const double              *weight,
                     const gboolean            *categorical,
                     const SegNaiveBayesParams *params,
                     const SegMonitor          *monitor,
                     GError                   **error)
{
  g_autoptr(SegNaiveBayes) model = NULL;
  g_autofree size_t *n_categories = g_new0 (size_t, MAX (p, 1));
  g_autofree double *class_weight = NULL;
  g_autofree double *count = NULL;
  size_t n_classes, K;
  double total = 0, max_var = 0;

  g_return_val_if_fail (x != NULL || n * p == 0, NULL);
  g_return_val_if_fail (y != NULL || n == 0, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n == 0 || p == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Naive Bayes needs at least one row and one column (it got %zu × %zu)", n, p);
      return NULL;
    }
  if (!(params->var_smoothing >= 0) || !(params->alpha >= 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The option var_smoothing (%g) and alpha (%g) must be at least 0",
                   params->var_smoothing, params->alpha);
      return NULL;
    }
  if (!check_input (x, n, p, y, weight, categorical, &n_classes, n_categories, error))
    return NULL;
  K = n_classes;

  model = naive_bayes_new (K, p, categorical, n_categories);
  class_weight = g_new0 (double, K);
  count = g_new0 (double, MAX (model->n_log_prob, 1));

  /* Class weights, then means and category counts. */
  for (size_t i = 0; i < n; i++)
    {
      double w = weight != NULL ? weight[i] : 1.0;
      size_t c = (size_t) y[i];

      class_weight[c] += w;
      for (size_t j = 0; j < p; j++)
        {
          double v = x[i * p + j];

          if (model->categorical[j])
            count[model->offset[j] + c * model->n_categories[j] + (size_t) v] += w;
          else
            model->theta[c * p + j] += w * v;
        }
    }
  for (size_t c = 0; c < K; c++)
    {
      if (!(class_weight[c] > 0))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The class %zu has no rows (or only rows of weight 0); classes must be numbered 0 to %zu without gaps",
                       c, K - 1);
          return NULL;
        }
      total += class_weight[c];
      for (size_t j = 0; j < p; j++)
        model->theta[c * p + j] /= class_weight[c];
    }
  if (is_cancelled (monitor, 0.4, error))
    return NULL;

  /* Variances about the class means, in a second pass for accuracy. */
  for (size_t i = 0; i < n; i++)
    {
      double w = weight != NULL ? weight[i] : 1.0;
      size_t c = (size_t) y[i];

      for (size_t j = 0; j < p; j++)
        if (!model->categorical[j])
          {
            double d = x[i * p + j] - model->theta[c * p + j];

            model->var[c * p + j] += w * d * d;
          }
    }

  /* The smoothing follows the largest unweighted variance of a number
   * column over all rows. */
  for (size_t j = 0; j < p; j++)
    {
      double mean = 0, ss = 0;

      if (model->categorical[j])
        continue;
      for (size_t i = 0; i < n; i++)
        mean += x[i * p + j];
      mean /= n;
      for (size_t i = 0; i < n; i++)
        ss += (x[i * p + j] - mean) * (x[i * p + j] - mean);
      max_var = MAX (max_var, ss / n);
    }
  model->epsilon = params->var_smoothing * max_var;

  for (size_t c = 0; c < K; c++)
    for (size_t j = 0; j < p; j++)
      {
        if (model->categorical[j])
          {
            size_t nj = model->n_categories[j];
            double *cnt = count + model->offset[j] + c * nj;
            double sum = 0, denom;

            for (size_t k = 0; k < nj; k++)
              sum += cnt[k];
            denom = log (sum + params->alpha * nj);
            for (size_t k = 0; k < nj; k++)
              model->log_prob[model->offset[j] + c * nj + k] = log (cnt[k] + params->alpha) - denom;
            model->var[c * p + j] = 1.0;
          }
        else
          {
            model->var[c * p + j] = model->var[c * p + j] / class_weight[c] + model->epsilon;
            if (!(model->var[c * p + j] > 0))
              {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             "Column %zu has variance 0 in class %zu; raise the option var_smoothing above 0",
                             j + 1, c);
                return NULL;
              }
          }
      }

  if (params->priors != NULL)
    {
      double sum = 0;

      if (params->n_priors != K)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The option priors gives %zu class probabilities for %zu classes",
                       params->n_priors, K);
          return NULL;
        }
      for (size_t c = 0; c < K; c++)
        {
          if (!(params->priors[c] >= 0 && params->priors[c] <= 1))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The option priors: the probability %g of class %zu is not between 0 and 1",
                           params->priors[c], c);
              return NULL;
            }
          sum += params->priors[c];
        }
      if (fabs (sum - 1.0) > 1e-8)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The option priors sums to %.10g, not 1", sum);
          return NULL;
        }
      memcpy (model->prior, params->priors, K * sizeof (double));
    }
  else
    for (size_t c = 0; c < K; c++)
      model->prior[c] = class_weight[c] / total;
  for (size_t c = 0; c < K; c++)
    model->log_prior[c] = log (model->prior[c]);

  if (is_cancelled (monitor, 1.0, error))
    return NULL;

  return g_steal_pointer (&model);
}

/* Refuses values that cannot be scored; a missing value (NaN) and a
 * category not seen in training leave their column out of the row. */
static gboolean
check_rows (const SegNaiveBayes *model,
            const double        *x,
            size_t               m,
            GError             **error)
{
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < model->p; j++)
      {
        double v = x[i * model->p + j];

        if (isnan (v))
          continue;
        if (model->categorical[j] ? v != floor (v) : !isfinite (v))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         model->categorical[j]
                           ? "Row %zu, column %zu: the category code %g is not a whole number"
                           : "Row %zu, column %zu: the value %g is not finite",
                         i + 1, j + 1, v);
            return FALSE;
          }
      }

  return TRUE;
}

static void
score_row (const SegNaiveBayes *model,
           const double        *row,
           double              *out)
{
  size_t p = model->p;

  for (size_t c = 0; c < model->n_classes; c++)
    {
      double jll = model->log_prior[c];

      for (size_t j = 0; j < p; j++)
        {
          double v = row[j];

          if (isnan (v))
            continue;
          if (model->categorical[j])
            {
              if (v >= 0 && v < model->n_categories[j])
                jll += model->log_prob[model->offset[j] + c * model->n_categories[j] + (size_t) v];
            }
          else
            {
              double var = model->var[c * p + j];
              double d = v - model->theta[c * p + j];

              jll += -0.5 * log (2.0 * G_PI * var) - 0.5 * d * d / var;
            }
        }
      out[c] = jll;
    }
  seg_log_normalise (out, model->n_classes);
}

/**
 * seg_naive_bayes_predict_proba:
 * @model: a fitted model
 * @x: m rows of the model's columns
 * @m: how many rows
 * @proba: (out caller-allocates): m × n_classes probabilities
 * @error: return location for a #GError
 *
 * Scores new rows in log space. A NaN leaves its column out of the row,
 * and so does a category code not seen in training.
 */
gboolean
seg_naive_bayes_predict_proba (const SegNaiveBayes *model,
                               const double        *x,
                               size_t               m,
                               double              *proba,
                               GError             **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (x != NULL || m == 0, FALSE);
  g_return_val_if_fail (proba != NULL || m == 0, FALSE);

  if (!check_rows (model, x, m, error))
    return FALSE;

#pragma omp parallel for schedule(static) if (m > 4096)
  for (size_t i = 0; i < m; i++)
    score_row (model, x + i * model->p, proba + i * model->n_classes);

  return TRUE;
}

/**
 * seg_naive_bayes_predict:
 * @proba1: (out caller-allocates): m probabilities of class 1
 *
 * Like seg_naive_bayes_predict_proba() for the probability of class 1
 * (of class 0 when the model saw one class only).
 */
gboolean
seg_naive_bayes_predict (const SegNaiveBayes *model,
                         const double        *x,
                         size_t               m,
                         double              *proba1,
                         GError             **error)
{
  g_autofree double *all = NULL;
  size_t K, c;

  g_return_val_if_fail (model != NULL, FALSE);

  K = model->n_classes;
  c = K > 1 ? 1 : 0;
  all = g_new (double, MAX (m * K, 1));
  if (!seg_naive_bayes_predict_proba (model, x, m, all, error))
    return FALSE;
  for (size_t i = 0; i < m; i++)
    proba1[i] = all[i * K + c];

  return TRUE;
}

size_t
seg_naive_bayes_n_classes (const SegNaiveBayes *model)
{
  return model->n_classes;
}

size_t
seg_naive_bayes_n_features (const SegNaiveBayes *model)
{
  return model->p;
}

gboolean
seg_naive_bayes_is_categorical (const SegNaiveBayes *model,
                                size_t               j)
{
  g_return_val_if_fail (j < model->p, FALSE);
  return model->categorical[j];
}

size_t
seg_naive_bayes_n_categories (const SegNaiveBayes *model,
                              size_t               j)
{
  g_return_val_if_fail (j < model->p, 0);
  return model->n_categories[j];
}

double
seg_naive_bayes_class_prior (const SegNaiveBayes *model,
                             size_t               c)
{
  g_return_val_if_fail (c < model->n_classes, NAN);
  return model->prior[c];
}

double
seg_naive_bayes_epsilon (const SegNaiveBayes *model)
{
  return model->epsilon;
}

double
seg_naive_bayes_theta (const SegNaiveBayes *model,
                       size_t               c,
                       size_t               j)
{
  g_return_val_if_fail (c < model->n_classes && j < model->p, NAN);
  return model->theta[c * model->p + j];
}

double
seg_naive_bayes_var (const SegNaiveBayes *model,
                     size_t               c,
                     size_t               j)
{
  g_return_val_if_fail (c < model->n_classes && j < model->p, NAN);
  return model->var[c * model->p + j];
}

/* The log probability of category k of column j in class c. */
double
seg_naive_bayes_log_prob (const SegNaiveBayes *model,
                          size_t               c,
                          size_t               j,
                          size_t               k)
{
  g_return_val_if_fail (c < model->n_classes && j < model->p, NAN);
  g_return_val_if_fail (k < model->n_categories[j], NAN);
  return model->log_prob[model->offset[j] + c * model->n_categories[j] + k];
}

GBytes *
seg_naive_bayes_to_bytes (const SegNaiveBayes *model)
{
  SegPackWriter w;

  g_return_val_if_fail (model != NULL, NULL);

  seg_pack_writer_init (&w, NB_MAGIC, NB_VERSION);
  seg_pack_put_u32 (&w, model->n_classes);
  seg_pack_put_u32 (&w, model->p);
  for (size_t j = 0; j < model->p; j++)
    seg_pack_put_u32 (&w, model->n_categories[j] * 2 + model->categorical[j]);
  seg_pack_put_f64 (&w, model->epsilon);
  seg_pack_put_f64s (&w, model->prior, model->n_classes);
  seg_pack_put_f64s (&w, model->theta, model->n_classes * model->p);
  seg_pack_put_f64s (&w, model->var, model->n_classes * model->p);
  seg_pack_put_f64s (&w, model->log_prob, model->n_log_prob);

  return seg_pack_writer_finish (&w);
}

SegNaiveBayes *
seg_naive_bayes_from_bytes (GBytes  *bytes,
                            GError **error)
{
  g_autoptr(SegNaiveBayes) model = NULL;
  g_autofree gboolean *categorical = NULL;
  g_autofree size_t *n_categories = NULL;
  SegPackReader r;
  size_t K, p, cells;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!seg_pack_reader_init (&r, bytes, "naive Bayes model", NB_MAGIC, NB_VERSION, error))
    return NULL;
  K = seg_pack_get_count (&r, MAX_CLASSES);
  p = seg_pack_get_count (&r, G_MAXINT32);
  if (r.error == NULL && (K == 0 || p == 0))
    seg_pack_fail (&r, "it has %zu classes and %zu columns", K, p);
  if (!seg_pack_fits (&r, p, 4))
    {
      seg_pack_reader_finish (&r, error);
      return NULL;
    }

  categorical = g_new0 (gboolean, p);
  n_categories = g_new0 (size_t, p);
  cells = 0;
  for (size_t j = 0; j < p && r.error == NULL; j++)
    {
      guint32 code = seg_pack_get_u32 (&r);

      categorical[j] = code & 1;
      n_categories[j] = code >> 1;
      if (r.error == NULL && (categorical[j] ? (n_categories[j] == 0 || n_categories[j] > MAX_CATEGORIES)
                                             : n_categories[j] != 0))
        seg_pack_fail (&r, "column %zu has %zu categories", j + 1, n_categories[j]);
      cells += n_categories[j];
    }
  /* Everything that follows must be there before anything is allocated. */
  if (r.error == NULL && (K > G_MAXSIZE / 8 / (2 * p + cells + 1)
                          || !seg_pack_fits (&r, 1 + K + K * (2 * p + cells), 8)))
    seg_pack_fail (&r, "the model's tables are cut short");
  if (r.error != NULL)
    {
      seg_pack_reader_finish (&r, error);
      return NULL;
    }

  model = naive_bayes_new (K, p, categorical, n_categories);
  model->epsilon = seg_pack_get_f64 (&r);
  seg_pack_get_f64s (&r, model->prior, K);
  seg_pack_get_f64s (&r, model->theta, K * p);
  seg_pack_get_f64s (&r, model->var, K * p);
  seg_pack_get_f64s (&r, model->log_prob, model->n_log_prob);
  if (!seg_pack_reader_finish (&r, error))
    return NULL;

  if (!(model->epsilon >= 0 && isfinite (model->epsilon)))
    goto garbled;
  for (size_t c = 0; c < K; c++)
    {
      if (!(model->prior[c] >= 0 && model->prior[c] <= 1))
        goto garbled;
      model->log_prior[c] = log (model->prior[c]);
      for (size_t j = 0; j < p; j++)
        if (!isfinite (model->theta[c * p + j])
            || !(model->var[c * p + j] > 0 && isfinite (model->var[c * p + j])))
          goto garbled;
    }
  for (size_t i = 0; i < model->n_log_prob; i++)
    if (!(model->log_prob[i] <= 0) || isnan (model->log_prob[i]))
      goto garbled;

  return g_steal_pointer (&model);

garbled:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The naive Bayes model holds impossible values (a probability outside 0 to 1 or a variance that is not positive)");
  return NULL;
}
