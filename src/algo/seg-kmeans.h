/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

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

#ifdef __cplusplus
}
#endif
