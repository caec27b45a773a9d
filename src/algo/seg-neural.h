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
 * A small neural recommender for implicit feedback, after NeuMF (He et
 * al. 2017, "Neural collaborative filtering"): the logit of "u buys i" is
 *
 *   z = w_gᵀ (g_u ⊙ h_i) + w_mᵀ relu (W₂ relu (W₁ [m_u; n_i] + b₁) + b₂) + b
 *
 * a generalised matrix factorisation (embeddings g, h of n_factors) beside
 * a two-layer perceptron over a second pair of embeddings (m, n of
 * mlp_factors; layers of hidden and hidden / 2 units). Every pair of the
 * training matrix with a positive value is a positive; each brings
 * @negatives items the customer did not buy, drawn uniformly. The loss is
 * the mean binary cross-entropy over a mini-batch plus reg/2 times the
 * squared norm of the embeddings it touches; Adam updates every weight
 * (only the embedding rows a batch touches, lazily).
 *
 * Both cores work on a batch: each example's forward and backward pass is
 * independent, and every gradient is summed over the batch in the order
 * of its examples, so a fit is the same for a seed on any thread count.
 */

typedef struct
{
  size_t   n_factors;      /* GMF embedding size */
  size_t   mlp_factors;    /* MLP embedding size, per side */
  size_t   hidden;         /* units of the first layer; the second has half */
  size_t   n_epochs;
  size_t   negatives;      /* sampled per positive */
  size_t   batch_size;
  double   learning_rate;  /* Adam's step size */
  double   reg;            /* L2 on the embeddings */
  double   init_std;       /* embeddings start from N(0, init_std²) */
  uint64_t seed;
} SegNeuralOptions;

/*
 * The defaults: 16 GMF factors, 16 MLP factors per side, layers of 32 and
 * 16, 5 epochs, 4 negatives, batches of 256, Adam step 0.002, reg 0,
 * embeddings from N(0, 0.05²), seed 42. On MovieLens 100K as purchases
 * (ua.base → ua.test, the customers' own items left out) that gives
 * precision@10 0.228 and NDCG@10 0.263, against 0.122 and 0.133 for
 * popularity. Longer training or a wider network overfits: 10 epochs
 * give 0.220, twice the width 0.216.
 */
void seg_neural_options_init (SegNeuralOptions *options);

typedef struct _SegNeural SegNeural;

/* Fits the network to the purchases of @train (pairs with a positive
 * value). Returns NULL and sets *rc to -1 when cancelled, -2 when out of
 * memory, -3 for bad input (no purchases, a size of zero, hidden < 2, a
 * step that is not positive, negative reg or spread). With n_epochs 0 the
 * network is returned as initialised. */
SegNeural *seg_neural_fit    (const SegInteractions  *train,
                              const SegNeuralOptions *options,
                              const SegMonitor       *monitor,
                              int                    *rc);

/* Scores are the logits; the similarity of two items the cosine of their
 * embeddings (both kinds, end to end). */
void       seg_neural_scorer (const SegNeural        *model,
                              SegScorer              *scorer);

/* The logit of one (user, item) pair; -INFINITY out of range. */
double     seg_neural_logit  (const SegNeural        *model,
                              size_t                  user,
                              size_t                  item);

void       seg_neural_free   (SegNeural              *model);

/*
 * For tests: every weight as one array of *n_parameters (the model's own;
 * writing it changes the model), and the training loss of a batch of n
 * labelled pairs with its gradient with respect to that array, computed
 * the way training computes it.
 */
double    *seg_neural_parameters    (SegNeural              *model,
                                     size_t                 *n_parameters);
double     seg_neural_loss_gradient (SegNeural              *model,
                                     const int32_t          *users,
                                     const int32_t          *items,
                                     const double           *labels,
                                     size_t                  n,
                                     double                 *gradient);

#ifdef __cplusplus
}
#endif
