/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-neural.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-kmeans.h"

#define ADAM_BETA1 0.9
#define ADAM_BETA2 0.999
#define ADAM_EPSILON 1e-8

/* Below this many examples a batch runs on one thread. */
#define PARALLEL_ROWS 64

struct _SegNeural
{
  size_t  n_users;
  size_t  n_items;
  size_t  k;          /* GMF factors */
  size_t  m;          /* MLP factors per side */
  size_t  h;          /* first layer */
  size_t  h2;         /* second layer */
  double  reg;
  /* Every weight in one array: the embeddings, then the dense part. */
  double *params;
  size_t  n_params;
  size_t  n_dense;
  double *pg, *qg, *pm, *qm;          /* n_users × k, n_items × k, n_users × m, n_items × m */
  double *dense;                      /* = w1 */
  double *w1, *b1, *w2, *b2, *wg, *wm, *b;
  /* For scoring: W₁'s item half times each item's n_i, and each item's
   * embedding norm. */
  double *item_part;                  /* n_items × h */
  double *item_norm;                  /* n_items */
};

/* One mini-batch: its examples and everything the passes compute. */
typedef struct
{
  size_t   cap;
  int32_t *users;
  int32_t *items;
  double  *labels;
  double  *x, *h1, *h2, *g, *dz, *dh2, *dh1, *dx, *dg, *loss;
  double  *dense_grad;                /* n_dense, laid out as the dense weights */
  /* Embedding gradients by row touched, in the order first touched. */
  int32_t *user_slot, *item_slot;     /* n_users, n_items: slot or -1 */
  int32_t *slot_users, *slot_items;   /* cap each */
  double  *user_grad, *item_grad;     /* cap × (k + m) each */
  size_t   n_user_slots, n_item_slots;
} Batch;

void
seg_neural_options_init (SegNeuralOptions *options)
{
  memset (options, 0, sizeof (*options));
  options->n_factors = 16;
  options->mlp_factors = 16;
  options->hidden = 32;
  options->n_epochs = 5;
  options->negatives = 4;
  options->batch_size = 256;
  options->learning_rate = 0.002;
  options->reg = 0.0;
  options->init_std = 0.05;
  options->seed = 42;
}

void
seg_neural_free (SegNeural *model)
{
  if (model == NULL)
    return;
  free (model->params);
  free (model->item_part);
  free (model->item_norm);
  free (model);
}

double *
seg_neural_parameters (SegNeural *model,
                       size_t    *n_parameters)
{
  *n_parameters = model->n_params;
  return model->params;
}

static double
normal (SegRng *rng)
{
  double u1 = 1.0 - seg_rng_uniform (rng);
  double u2 = seg_rng_uniform (rng);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
}

static void
uniform_fill (double *w,
              size_t  n,
              double  limit,
              SegRng *rng)
{
  for (size_t e = 0; e < n; e++)
    w[e] = limit * (2.0 * seg_rng_uniform (rng) - 1.0);
}

/* The next @n weights of the array. */
static double *
take (double **at,
      size_t   n)
{
  double *start = *at;

  *at += n;
  return start;
}

static SegNeural *
model_new (size_t                  n_users,
           size_t                  n_items,
           const SegNeuralOptions *o)
{
  SegNeural *model = calloc (1, sizeof (SegNeural));
  size_t k = o->n_factors, m = o->mlp_factors, h = o->hidden, h2 = o->hidden / 2;
  size_t n_embed;
  double *at;
  SegRng rng;

  if (model == NULL)
    return NULL;
  model->n_users = n_users;
  model->n_items = n_items;
  model->k = k;
  model->m = m;
  model->h = h;
  model->h2 = h2;
  model->reg = o->reg;
  n_embed = (n_users + n_items) * (k + m);
  model->n_dense = h * 2 * m + h + h2 * h + h2 + k + h2 + 1;
  model->n_params = n_embed + model->n_dense;
  model->params = calloc (model->n_params, sizeof (double));
  model->item_part = malloc ((n_items * h + 1) * sizeof (double));
  model->item_norm = malloc ((n_items + 1) * sizeof (double));
  if (model->params == NULL || model->item_part == NULL || model->item_norm == NULL)
    {
      seg_neural_free (model);
      return NULL;
    }

  at = model->params;
  model->pg = take (&at, n_users * k);
  model->qg = take (&at, n_items * k);
  model->pm = take (&at, n_users * m);
  model->qm = take (&at, n_items * m);
  model->dense = at;
  model->w1 = take (&at, h * 2 * m);
  model->b1 = take (&at, h);
  model->w2 = take (&at, h2 * h);
  model->b2 = take (&at, h2);
  model->wg = take (&at, k);
  model->wm = take (&at, h2);
  model->b = take (&at, 1);

  seg_rng_init (&rng, o->seed);
  for (size_t e = 0; e < n_embed; e++)
    model->params[e] = o->init_std * normal (&rng);
  /* Glorot's uniform spread for the layers; the output layer as one
   * layer of k + h2 inputs. */
  uniform_fill (model->w1, h * 2 * m, sqrt (6.0 / (double) (2 * m + h)), &rng);
  uniform_fill (model->w2, h2 * h, sqrt (6.0 / (double) (h + h2)), &rng);
  uniform_fill (model->wg, k, sqrt (6.0 / (double) (k + h2 + 1)), &rng);
  uniform_fill (model->wm, h2, sqrt (6.0 / (double) (k + h2 + 1)), &rng);

  return model;
}

static void
batch_clear (Batch *batch)
{
  free (batch->users);
  free (batch->items);
  free (batch->labels);
  free (batch->x);
  free (batch->h1);
  free (batch->h2);
  free (batch->g);
  free (batch->dz);
  free (batch->dh2);
  free (batch->dh1);
  free (batch->dx);
  free (batch->dg);
  free (batch->loss);
  free (batch->dense_grad);
  free (batch->user_slot);
  free (batch->item_slot);
  free (batch->slot_users);
  free (batch->slot_items);
  free (batch->user_grad);
  free (batch->item_grad);
  memset (batch, 0, sizeof (*batch));
}

static int
batch_init (Batch           *batch,
            const SegNeural *model,
            size_t           cap)
{
  size_t km = model->k + model->m;

  memset (batch, 0, sizeof (*batch));
  batch->cap = cap;
  batch->users = malloc (cap * sizeof (int32_t));
  batch->items = malloc (cap * sizeof (int32_t));
  batch->labels = malloc (cap * sizeof (double));
  batch->x = malloc (cap * 2 * model->m * sizeof (double));
  batch->h1 = malloc (cap * model->h * sizeof (double));
  batch->h2 = malloc (cap * model->h2 * sizeof (double));
  batch->g = malloc (cap * model->k * sizeof (double));
  batch->dz = malloc (cap * sizeof (double));
  batch->dh2 = malloc (cap * model->h2 * sizeof (double));
  batch->dh1 = malloc (cap * model->h * sizeof (double));
  batch->dx = malloc (cap * 2 * model->m * sizeof (double));
  batch->dg = malloc (cap * model->k * sizeof (double));
  batch->loss = malloc (cap * sizeof (double));
  batch->dense_grad = malloc (model->n_dense * sizeof (double));
  batch->user_slot = malloc ((model->n_users + 1) * sizeof (int32_t));
  batch->item_slot = malloc ((model->n_items + 1) * sizeof (int32_t));
  batch->slot_users = malloc (cap * sizeof (int32_t));
  batch->slot_items = malloc (cap * sizeof (int32_t));
  batch->user_grad = malloc (cap * km * sizeof (double));
  batch->item_grad = malloc (cap * km * sizeof (double));
  if (batch->users == NULL || batch->items == NULL || batch->labels == NULL || batch->x == NULL ||
      batch->h1 == NULL || batch->h2 == NULL || batch->g == NULL || batch->dz == NULL ||
      batch->dh2 == NULL || batch->dh1 == NULL || batch->dx == NULL || batch->dg == NULL ||
      batch->loss == NULL || batch->dense_grad == NULL || batch->user_slot == NULL ||
      batch->item_slot == NULL || batch->slot_users == NULL || batch->slot_items == NULL ||
      batch->user_grad == NULL || batch->item_grad == NULL)
    {
      batch_clear (batch);
      return -2;
    }
  for (size_t u = 0; u < model->n_users; u++)
    batch->user_slot[u] = -1;
  for (size_t i = 0; i < model->n_items; i++)
    batch->item_slot[i] = -1;

  return 0;
}

/* Four partial sums added in a fixed order: the compiler may use vectors
 * and the result stays the same. */
static inline double
dot (const double *restrict a,
     const double *restrict b,
     size_t                 n)
{
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  size_t e = 0;

  for (; e + 4 <= n; e += 4)
    {
      s0 += a[e] * b[e];
      s1 += a[e + 1] * b[e + 1];
      s2 += a[e + 2] * b[e + 2];
      s3 += a[e + 3] * b[e + 3];
    }
  for (; e < n; e++)
    s0 += a[e] * b[e];

  return (s0 + s1) + (s2 + s3);
}

/* log (1 + e^z), without overflow. */
static inline double
softplus (double z)
{
  return z > 0 ? z + log1p (exp (-z)) : log1p (exp (z));
}

/* The forward and backward pass of example @r of the batch, scaled for a
 * batch of @n: it fills the example's rows of every array. */
static void
example_pass (const SegNeural *model,
              Batch           *batch,
              size_t           r,
              size_t           n)
{
  size_t k = model->k, m = model->m, h = model->h, h2 = model->h2;
  size_t u = (size_t) batch->users[r], i = (size_t) batch->items[r];
  double *x = batch->x + r * 2 * m, *h1 = batch->h1 + r * h, *hh = batch->h2 + r * h2;
  double *g = batch->g + r * k, *dh2 = batch->dh2 + r * h2, *dh1 = batch->dh1 + r * h;
  double *dx = batch->dx + r * 2 * m, *dg = batch->dg + r * k;
  const double *pg = model->pg + u * k, *qg = model->qg + i * k;
  double z, y = batch->labels[r], dz;

  memcpy (x, model->pm + u * m, m * sizeof (double));
  memcpy (x + m, model->qm + i * m, m * sizeof (double));
  for (size_t a = 0; a < h; a++)
    {
      double v = model->b1[a] + dot (model->w1 + a * 2 * m, x, 2 * m);

      h1[a] = v > 0 ? v : 0;
    }
  for (size_t s = 0; s < h2; s++)
    {
      double v = model->b2[s] + dot (model->w2 + s * h, h1, h);

      hh[s] = v > 0 ? v : 0;
    }
  for (size_t f = 0; f < k; f++)
    g[f] = pg[f] * qg[f];
  z = *model->b + dot (model->wg, g, k) + dot (model->wm, hh, h2);

  batch->loss[r] = softplus (z) - y * z;
  dz = (1.0 / (1.0 + exp (-z)) - y) / (double) n;
  batch->dz[r] = dz;

  for (size_t s = 0; s < h2; s++)
    dh2[s] = hh[s] > 0 ? dz * model->wm[s] : 0.0;
  memset (dh1, 0, h * sizeof (double));
  for (size_t s = 0; s < h2; s++)
    if (dh2[s] != 0.0)
      {
        const double *w = model->w2 + s * h;

        for (size_t a = 0; a < h; a++)
          dh1[a] += w[a] * dh2[s];
      }
  for (size_t a = 0; a < h; a++)
    if (h1[a] <= 0)
      dh1[a] = 0.0;
  memset (dx, 0, 2 * m * sizeof (double));
  for (size_t a = 0; a < h; a++)
    if (dh1[a] != 0.0)
      {
        const double *w = model->w1 + a * 2 * m;

        for (size_t c = 0; c < 2 * m; c++)
          dx[c] += w[c] * dh1[a];
      }
  for (size_t f = 0; f < k; f++)
    dg[f] = dz * model->wg[f];
}

/* The gradient of the dense weights: each entry sums over the examples in
 * their order, whatever thread computes it. */
static void
dense_gradient (const SegNeural *model,
                Batch           *batch,
                size_t           n)
{
  size_t k = model->k, m = model->m, h = model->h, h2 = model->h2;
  double *gw1 = batch->dense_grad;
  double *gb1 = gw1 + h * 2 * m;
  double *gw2 = gb1 + h;
  double *gb2 = gw2 + h2 * h;
  double *gwg = gb2 + h2;
  double *gwm = gwg + k;
  double *gb = gwm + h2;

#pragma omp for schedule(dynamic, 4)
  for (size_t a = 0; a < h + h2 + 1; a++)
    {
      if (a < h)
        {
          double *row = gw1 + a * 2 * m;

          memset (row, 0, 2 * m * sizeof (double));
          gb1[a] = 0.0;
          for (size_t r = 0; r < n; r++)
            {
              double d = batch->dh1[r * h + a];
              const double *x = batch->x + r * 2 * m;

              if (d == 0.0)
                continue;
              gb1[a] += d;
              for (size_t c = 0; c < 2 * m; c++)
                row[c] += d * x[c];
            }
        }
      else if (a < h + h2)
        {
          size_t s = a - h;
          double *row = gw2 + s * h;

          memset (row, 0, h * sizeof (double));
          gb2[s] = 0.0;
          for (size_t r = 0; r < n; r++)
            {
              double d = batch->dh2[r * h2 + s];
              const double *h1 = batch->h1 + r * h;

              if (d == 0.0)
                continue;
              gb2[s] += d;
              for (size_t c = 0; c < h; c++)
                row[c] += d * h1[c];
            }
        }
      else
        {
          memset (gwg, 0, (k + h2 + 1) * sizeof (double));
          for (size_t r = 0; r < n; r++)
            {
              double d = batch->dz[r];

              for (size_t f = 0; f < k; f++)
                gwg[f] += d * batch->g[r * k + f];
              for (size_t s = 0; s < h2; s++)
                gwm[s] += d * batch->h2[r * h2 + s];
              *gb += d;
            }
        }
    }
}

/* The embedding gradients by row, added in the order of the examples. */
static void
embedding_gradient (const SegNeural *model,
                    Batch           *batch,
                    size_t           n)
{
  size_t k = model->k, m = model->m, km = k + m;
  double decay = model->reg / (double) n;

  batch->n_user_slots = 0;
  batch->n_item_slots = 0;
  for (size_t r = 0; r < n; r++)
    {
      size_t u = (size_t) batch->users[r], i = (size_t) batch->items[r];
      const double *pg = model->pg + u * k, *qg = model->qg + i * k;
      const double *pm = model->pm + u * m, *qm = model->qm + i * m;
      const double *dg = batch->dg + r * k, *dx = batch->dx + r * 2 * m;
      double *gu, *gi;

      if (batch->user_slot[u] < 0)
        {
          batch->user_slot[u] = (int32_t) batch->n_user_slots;
          batch->slot_users[batch->n_user_slots] = (int32_t) u;
          memset (batch->user_grad + batch->n_user_slots * km, 0, km * sizeof (double));
          batch->n_user_slots++;
        }
      if (batch->item_slot[i] < 0)
        {
          batch->item_slot[i] = (int32_t) batch->n_item_slots;
          batch->slot_items[batch->n_item_slots] = (int32_t) i;
          memset (batch->item_grad + batch->n_item_slots * km, 0, km * sizeof (double));
          batch->n_item_slots++;
        }
      gu = batch->user_grad + (size_t) batch->user_slot[u] * km;
      gi = batch->item_grad + (size_t) batch->item_slot[i] * km;
      for (size_t f = 0; f < k; f++)
        {
          gu[f] += dg[f] * qg[f] + decay * pg[f];
          gi[f] += dg[f] * pg[f] + decay * qg[f];
        }
      for (size_t c = 0; c < m; c++)
        {
          gu[k + c] += dx[c] + decay * pm[c];
          gi[k + c] += dx[m + c] + decay * qm[c];
        }
    }
}

static void
slots_reset (Batch *batch)
{
  for (size_t s = 0; s < batch->n_user_slots; s++)
    batch->user_slot[batch->slot_users[s]] = -1;
  for (size_t s = 0; s < batch->n_item_slots; s++)
    batch->item_slot[batch->slot_items[s]] = -1;
}

/* Both passes over the first @n examples of the batch; returns the loss. */
static double
batch_pass (const SegNeural *model,
            Batch           *batch,
            size_t           n)
{
  double loss = 0.0;

  /* One team for the whole batch: the examples, then the dense gradient
   * beside the embedding gradient (one thread adds those up in order). */
#pragma omp parallel if (n >= PARALLEL_ROWS)
  {
#pragma omp for schedule(static)
    for (size_t r = 0; r < n; r++)
      example_pass (model, batch, r, n);
#pragma omp single nowait
    embedding_gradient (model, batch, n);
    dense_gradient (model, batch, n);
  }

  for (size_t r = 0; r < n; r++)
    {
      size_t u = (size_t) batch->users[r], i = (size_t) batch->items[r];

      loss += batch->loss[r] + 0.5 * model->reg *
              (dot (model->pg + u * model->k, model->pg + u * model->k, model->k) +
               dot (model->qg + i * model->k, model->qg + i * model->k, model->k) +
               dot (model->pm + u * model->m, model->pm + u * model->m, model->m) +
               dot (model->qm + i * model->m, model->qm + i * model->m, model->m));
    }

  return loss / (double) n;
}

double
seg_neural_loss_gradient (SegNeural     *model,
                          const int32_t *users,
                          const int32_t *items,
                          const double  *labels,
                          size_t         n,
                          double        *gradient)
{
  size_t k = model->k, m = model->m, km = k + m;
  Batch batch;
  double loss;

  if (n == 0 || batch_init (&batch, model, n) != 0)
    return NAN;
  memcpy (batch.users, users, n * sizeof (int32_t));
  memcpy (batch.items, items, n * sizeof (int32_t));
  memcpy (batch.labels, labels, n * sizeof (double));
  loss = batch_pass (model, &batch, n);

  memset (gradient, 0, model->n_params * sizeof (double));
  for (size_t s = 0; s < batch.n_user_slots; s++)
    {
      size_t u = (size_t) batch.slot_users[s];

      memcpy (gradient + (model->pg - model->params) + u * k, batch.user_grad + s * km, k * sizeof (double));
      memcpy (gradient + (model->pm - model->params) + u * m, batch.user_grad + s * km + k, m * sizeof (double));
    }
  for (size_t s = 0; s < batch.n_item_slots; s++)
    {
      size_t i = (size_t) batch.slot_items[s];

      memcpy (gradient + (model->qg - model->params) + i * k, batch.item_grad + s * km, k * sizeof (double));
      memcpy (gradient + (model->qm - model->params) + i * m, batch.item_grad + s * km + k, m * sizeof (double));
    }
  memcpy (gradient + (model->dense - model->params), batch.dense_grad, model->n_dense * sizeof (double));
  batch_clear (&batch);

  return loss;
}

static inline void
adam_step (double       *w,
           double       *m1,
           double       *m2,
           const double *grad,
           size_t        n,
           double        step,
           double        correction2)
{
  for (size_t e = 0; e < n; e++)
    {
      double g = grad[e];

      m1[e] = ADAM_BETA1 * m1[e] + (1.0 - ADAM_BETA1) * g;
      m2[e] = ADAM_BETA2 * m2[e] + (1.0 - ADAM_BETA2) * g * g;
      w[e] -= step * m1[e] / (sqrt (m2[e] / correction2) + ADAM_EPSILON);
    }
}

/* Adam on one embedding row (slot @s of the batch). */
static void
adam_slot (SegNeural   *model,
           const Batch *batch,
           size_t       s,
           double      *m1,
           double      *m2,
           double       step,
           double       correction2)
{
  size_t k = model->k, m = model->m, km = k + m;
  size_t at_g, at_m;
  const double *grad;

  if (s < batch->n_user_slots)
    {
      size_t u = (size_t) batch->slot_users[s];

      at_g = (size_t) (model->pg - model->params) + u * k;
      at_m = (size_t) (model->pm - model->params) + u * m;
      grad = batch->user_grad + s * km;
    }
  else
    {
      size_t i = (size_t) batch->slot_items[s - batch->n_user_slots];

      at_g = (size_t) (model->qg - model->params) + i * k;
      at_m = (size_t) (model->qm - model->params) + i * m;
      grad = batch->item_grad + (s - batch->n_user_slots) * km;
    }
  adam_step (model->params + at_g, m1 + at_g, m2 + at_g, grad, k, step, correction2);
  adam_step (model->params + at_m, m1 + at_m, m2 + at_m, grad + k, m, step, correction2);
}

/* One training step on the first @n examples of the batch, the @t-th:
 * both passes, then Adam on the dense weights and on the embedding rows
 * the batch touched, all in one team of threads. */
static void
train_step (SegNeural *model,
            Batch     *batch,
            size_t     n,
            double    *m1,
            double    *m2,
            double     learning_rate,
            size_t     t)
{
  double step = learning_rate / (1.0 - pow (ADAM_BETA1, (double) t));
  double correction2 = 1.0 - pow (ADAM_BETA2, (double) t);
  size_t dense_at = (size_t) (model->dense - model->params);

#pragma omp parallel if (n >= PARALLEL_ROWS)
  {
#pragma omp for schedule(static)
    for (size_t r = 0; r < n; r++)
      example_pass (model, batch, r, n);
#pragma omp single nowait
    embedding_gradient (model, batch, n);
    dense_gradient (model, batch, n);

    /* Every gradient is complete here (the loop above ends with a
     * barrier); the updates touch disjoint weights. */
#pragma omp single nowait
    adam_step (model->dense, m1 + dense_at, m2 + dense_at, batch->dense_grad, model->n_dense, step, correction2);
#pragma omp for schedule(static)
    for (size_t s = 0; s < batch->n_user_slots + batch->n_item_slots; s++)
      adam_slot (model, batch, s, m1, m2, step, correction2);
  }
}

static int
options_valid (const SegNeuralOptions *o)
{
  return o->n_factors > 0 && o->n_factors <= 4096 &&
         o->mlp_factors > 0 && o->mlp_factors <= 4096 &&
         o->hidden >= 2 && o->hidden <= 8192 &&
         o->batch_size > 0 && o->batch_size <= (1 << 20) &&
         o->negatives <= 1000 &&
         isfinite (o->learning_rate) && o->learning_rate > 0 &&
         isfinite (o->reg) && o->reg >= 0 &&
         isfinite (o->init_std) && o->init_std >= 0;
}

/* What scoring needs once the weights are final. */
static void
prepare_scoring (SegNeural *model)
{
  size_t k = model->k, m = model->m, h = model->h;

#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < model->n_items; i++)
    {
      const double *qm = model->qm + i * m, *qg = model->qg + i * k;

      for (size_t a = 0; a < h; a++)
        model->item_part[i * h + a] = dot (model->w1 + a * 2 * m + m, qm, m);
      model->item_norm[i] = sqrt (dot (qg, qg, k) + dot (qm, qm, m));
    }
}

SegNeural *
seg_neural_fit (const SegInteractions  *train,
                const SegNeuralOptions *options,
                const SegMonitor       *monitor,
                int                    *rc)
{
  SegNeural *model;
  Batch batch;
  size_t n_pos = 0, n_examples, per, t = 0;
  size_t *positives = NULL;
  int32_t *ex_users = NULL, *ex_items = NULL;
  double *ex_labels = NULL, *m1 = NULL, *m2 = NULL;
  SegStage stage;
  SegRng rng;
  int status = 0;

  *rc = 0;
  if (train == NULL || options == NULL || !options_valid (options) || train->n_items == 0)
    {
      *rc = -3;
      return NULL;
    }
  for (size_t e = 0; e < train->nnz; e++)
    n_pos += train->row_values[e] > 0;
  if (n_pos == 0)
    {
      *rc = -3;
      return NULL;
    }

  model = model_new (train->n_users, train->n_items, options);
  if (model == NULL)
    {
      *rc = -2;
      return NULL;
    }
  if (batch_init (&batch, model, options->batch_size) != 0)
    {
      seg_neural_free (model);
      *rc = -2;
      return NULL;
    }

  per = 1 + options->negatives;
  n_examples = n_pos * per;
  positives = malloc (n_pos * sizeof (size_t));
  ex_users = malloc (n_examples * sizeof (int32_t));
  ex_items = malloc (n_examples * sizeof (int32_t));
  ex_labels = malloc (n_examples * sizeof (double));
  m1 = calloc (model->n_params, sizeof (double));
  m2 = calloc (model->n_params, sizeof (double));
  if (positives == NULL || ex_users == NULL || ex_items == NULL || ex_labels == NULL ||
      m1 == NULL || m2 == NULL)
    {
      status = -2;
      goto out;
    }
  n_pos = 0;
  for (size_t e = 0; e < train->nnz; e++)
    if (train->row_values[e] > 0)
      positives[n_pos++] = e;

  /* The sampling stream is apart from the initialisation's. */
  seg_rng_init (&rng, options->seed ^ 0x6e657572616cULL);
  seg_stage_init (&stage, monitor, 0.0, 1.0, options->n_epochs * n_examples);
  for (size_t epoch = 0; epoch < options->n_epochs && status == 0; epoch++)
    {
      size_t filled = 0;

      for (size_t e = n_pos; e > 1; e--)
        {
          size_t j = (size_t) (seg_rng_next (&rng) % e);
          size_t tmp = positives[e - 1];

          positives[e - 1] = positives[j];
          positives[j] = tmp;
        }
      /* Each positive, then its negatives. The user of a CSR position is
       * found by a binary search over row_ptr. */
      for (size_t p = 0; p < n_pos; p++)
        {
          size_t e = positives[p], lo = 0, hi = train->n_users;
          size_t bought;

          while (hi - lo > 1)
            {
              size_t mid = (lo + hi) / 2;

              if ((size_t) train->row_ptr[mid] <= e)
                lo = mid;
              else
                hi = mid;
            }
          ex_users[filled] = (int32_t) lo;
          ex_items[filled] = train->row_items[e];
          ex_labels[filled] = 1.0;
          filled++;
          bought = (size_t) (train->row_ptr[lo + 1] - train->row_ptr[lo]);
          if (bought >= train->n_items)
            continue;
          for (size_t q = 0; q < options->negatives; q++)
            {
              size_t item;

              do
                item = (size_t) (seg_rng_next (&rng) % train->n_items);
              while (seg_interactions_has (train, lo, item));
              ex_users[filled] = (int32_t) lo;
              ex_items[filled] = (int32_t) item;
              ex_labels[filled] = 0.0;
              filled++;
            }
        }

      for (size_t from = 0; from < filled; from += options->batch_size)
        {
          size_t n = filled - from < options->batch_size ? filled - from : options->batch_size;

          memcpy (batch.users, ex_users + from, n * sizeof (int32_t));
          memcpy (batch.items, ex_items + from, n * sizeof (int32_t));
          memcpy (batch.labels, ex_labels + from, n * sizeof (double));
          train_step (model, &batch, n, m1, m2, options->learning_rate, ++t);
          slots_reset (&batch);
          if (seg_stage_step (&stage, n) != 0)
            {
              status = -1;
              break;
            }
        }
    }
  if (status == 0)
    prepare_scoring (model);

out:
  batch_clear (&batch);
  free (positives);
  free (ex_users);
  free (ex_items);
  free (ex_labels);
  free (m1);
  free (m2);
  if (status != 0)
    {
      seg_neural_free (model);
      *rc = status;
      return NULL;
    }

  return model;
}

/* The logits of every item for one customer; @scratch holds 2h + h2. */
static void
score_items (const void            *data,
             const SegInteractions *train,
             size_t                 user,
             double                *scores,
             void                  *scratch)
{
  const SegNeural *model = data;
  size_t k = model->k, m = model->m, h = model->h, h2 = model->h2;
  double *user_part = scratch, *h1 = user_part + h;
  const double *pg, *pm;

  (void) train;
  if (user >= model->n_users)
    {
      for (size_t i = 0; i < model->n_items; i++)
        scores[i] = -INFINITY;
      return;
    }
  pg = model->pg + user * k;
  pm = model->pm + user * m;
  for (size_t a = 0; a < h; a++)
    user_part[a] = model->b1[a] + dot (model->w1 + a * 2 * m, pm, m);
  for (size_t i = 0; i < model->n_items; i++)
    {
      const double *part = model->item_part + i * h, *qg = model->qg + i * k;
      double z = *model->b;

      for (size_t a = 0; a < h; a++)
        {
          double v = user_part[a] + part[a];

          h1[a] = v > 0 ? v : 0;
        }
      for (size_t s = 0; s < h2; s++)
        {
          double v = model->b2[s] + dot (model->w2 + s * h, h1, h);

          if (v > 0)
            z += model->wm[s] * v;
        }
      for (size_t f = 0; f < k; f++)
        z += model->wg[f] * pg[f] * qg[f];
      scores[i] = z;
    }
}

double
seg_neural_logit (const SegNeural *model,
                  size_t           user,
                  size_t           item)
{
  size_t k = model->k, m = model->m, h = model->h, h2 = model->h2;
  double z = *model->b;
  double h1[h];

  if (user >= model->n_users || item >= model->n_items)
    return -INFINITY;
  for (size_t a = 0; a < h; a++)
    {
      double v = model->b1[a] + dot (model->w1 + a * 2 * m, model->pm + user * m, m) +
                 model->item_part[item * h + a];

      h1[a] = v > 0 ? v : 0;
    }
  for (size_t s = 0; s < h2; s++)
    {
      double v = model->b2[s] + dot (model->w2 + s * h, h1, h);

      if (v > 0)
        z += model->wm[s] * v;
    }
  for (size_t f = 0; f < k; f++)
    z += model->wg[f] * model->pg[user * k + f] * model->qg[item * k + f];

  return z;
}

static double
item_cosine (const void *data,
             size_t      from,
             size_t      to)
{
  const SegNeural *model = data;
  size_t k = model->k, m = model->m;

  if (from >= model->n_items || to >= model->n_items ||
      model->item_norm[from] == 0.0 || model->item_norm[to] == 0.0)
    return 0.0;

  return (dot (model->qg + from * k, model->qg + to * k, k) +
          dot (model->qm + from * m, model->qm + to * m, m)) /
         (model->item_norm[from] * model->item_norm[to]);
}

void
seg_neural_scorer (const SegNeural *model,
                   SegScorer       *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = (2 * model->h + 1) * sizeof (double);
  scorer->score = score_items;
  scorer->similarity = item_cosine;
}
