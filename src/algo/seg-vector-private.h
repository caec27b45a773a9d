/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <stddef.h>

/*
 * Small dense vector helpers shared by the factor models. The loops carry
 * "omp simd" so that the compiler may use vector registers for the sums
 * without -ffast-math; the order of the additions then depends on the
 * build only, never on the number of threads.
 */

static inline double
seg_vec_dot (const double *a,
             const double *b,
             size_t        n)
{
  double sum = 0.0;

#pragma omp simd reduction(+:sum)
  for (size_t i = 0; i < n; i++)
    sum += a[i] * b[i];

  return sum;
}

/* y += a · x */
static inline void
seg_vec_axpy (double        a,
              const double *x,
              double       *y,
              size_t        n)
{
#pragma omp simd
  for (size_t i = 0; i < n; i++)
    y[i] += a * x[i];
}

/* The cosine of two vectors whose norms are given; 0 when either is 0. */
static inline double
seg_vec_cosine (const double *a,
                const double *b,
                double        norm_a,
                double        norm_b,
                size_t        n)
{
  if (norm_a <= 0.0 || norm_b <= 0.0)
    return 0.0;

  return seg_vec_dot (a, b, n) / (norm_a * norm_b);
}
