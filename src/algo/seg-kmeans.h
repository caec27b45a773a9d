/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-progress.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Numerical kernels take plain row-major arrays (n rows of d doubles) and
 * write into buffers the caller owns. A non-zero *cancel stops them. */

double seg_kmeans_scaled_tolerance (const double *x,
                                    size_t        n,
                                    size_t        d,
                                    double        tol);

int    seg_kmeans_lloyd            (const double *x,
                                    size_t        n,
                                    size_t        d,
                                    size_t        k,
                                    double       *centers,
                                    int32_t      *labels,
                                    int           max_iter,
                                    double        tol,
                                    int          *n_iter,
                                    double       *inertia,
                                    const volatile int *cancel);

double seg_inertia                 (const double  *x,
                                    size_t         n,
                                    size_t         d,
                                    const double  *centers,
                                    const int32_t *labels);


/* A small, fast generator with a 64-bit seed: runs are repeatable. */
typedef struct
{
  uint64_t s[4];
} SegRng;

void     seg_rng_init     (SegRng   *rng,
                           uint64_t  seed);
uint64_t seg_rng_next     (SegRng   *rng);
double   seg_rng_uniform  (SegRng   *rng);

void seg_kmeans_plusplus (const double *x,
                          size_t        n,
                          size_t        d,
                          size_t        k,
                          SegRng       *rng,
                          double       *centers);


typedef struct
{
  size_t       k;
  int          n_init;    /* restarts; the lowest inertia wins */
  int          max_iter;
  double       tol;       /* relative, as in scikit-learn */
  uint64_t     seed;
  SegMonitor   monitor;   /* reported after each restart */
} SegKmeansOptions;

int seg_kmeans (const double           *x,
                size_t                  n,
                size_t                  d,
                const SegKmeansOptions *options,
                double                 *centers,
                int32_t                *labels,
                double                 *inertia,
                int                    *n_iter);


typedef struct
{
  size_t       k;
  size_t       batch_size;  /* 0 for 1024 */
  int          max_epochs;  /* passes over the data at most */
  int          n_init;      /* 0 for 3: whole runs, the lowest inertia wins */
  uint64_t     seed;
  SegMonitor   monitor;
} SegMiniBatchOptions;

int seg_minibatch_kmeans (const double              *x,
                          size_t                     n,
                          size_t                     d,
                          const SegMiniBatchOptions *options,
                          double                    *centers,
                          int32_t                   *labels,
                          double                    *inertia,
                          int                       *n_steps);


int seg_kmeans_hamerly (const double       *x,
                        size_t              n,
                        size_t              d,
                        size_t              k,
                        double             *centers,
                        int32_t            *labels,
                        int                 max_iter,
                        double              tol,
                        int                *n_iter,
                        double             *inertia,
                        const volatile int *cancel);

#ifdef __cplusplus
}
#endif
