/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-progress.h"

G_BEGIN_DECLS

/* Naive Bayes over number columns (a normal distribution per class, as
 * scikit-learn's GaussianNB) and category columns (integer codes
 * 0..n_j - 1 with additive smoothing, as its CategoricalNB), mixed in
 * one model by a mask that says which columns are categories. */

typedef struct
{
  /* Added to every variance: this times the largest variance of a
   * number column over all rows. */
  double        var_smoothing;
  /* Pseudo-count added to every category count. */
  double        alpha;
  /* n_classes prior probabilities, or NULL to take them from the data. */
  const double *priors;
  size_t        n_priors;
} SegNaiveBayesParams;

void seg_naive_bayes_params_init (SegNaiveBayesParams *params);

typedef struct _SegNaiveBayes SegNaiveBayes;

SegNaiveBayes *seg_naive_bayes_fit           (const double              *x,
                                              size_t                     n,
                                              size_t                     p,
                                              const double              *y,
                                              const double              *weight,
                                              const gboolean            *categorical,
                                              const SegNaiveBayesParams *params,
                                              const SegMonitor          *monitor,
                                              GError                   **error);
void           seg_naive_bayes_free          (SegNaiveBayes             *model);

gboolean       seg_naive_bayes_predict_proba (const SegNaiveBayes       *model,
                                              const double              *x,
                                              size_t                     m,
                                              double                    *proba,
                                              GError                   **error);
gboolean       seg_naive_bayes_predict       (const SegNaiveBayes       *model,
                                              const double              *x,
                                              size_t                     m,
                                              double                    *proba1,
                                              GError                   **error);

size_t         seg_naive_bayes_n_classes     (const SegNaiveBayes       *model);
size_t         seg_naive_bayes_n_features    (const SegNaiveBayes       *model);
gboolean       seg_naive_bayes_is_categorical (const SegNaiveBayes      *model,
                                              size_t                     j);
size_t         seg_naive_bayes_n_categories  (const SegNaiveBayes       *model,
                                              size_t                     j);
double         seg_naive_bayes_class_prior   (const SegNaiveBayes       *model,
                                              size_t                     c);
double         seg_naive_bayes_epsilon       (const SegNaiveBayes       *model);
double         seg_naive_bayes_theta         (const SegNaiveBayes       *model,
                                              size_t                     c,
                                              size_t                     j);
double         seg_naive_bayes_var           (const SegNaiveBayes       *model,
                                              size_t                     c,
                                              size_t                     j);
double         seg_naive_bayes_log_prob      (const SegNaiveBayes       *model,
                                              size_t                     c,
                                              size_t                     j,
                                              size_t                     k);

GBytes        *seg_naive_bayes_to_bytes      (const SegNaiveBayes       *model);
SegNaiveBayes *seg_naive_bayes_from_bytes    (GBytes                    *bytes,
                                              GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegNaiveBayes, seg_naive_bayes_free)

G_END_DECLS
