/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <stddef.h>
#include <string.h>

/*
 * Small dense vector helpers shared by the factor models. The sums are
 * written with four-wide vectors (GCC's and Clang's vector extensions,
 * which fall back to narrower registers where the processor has none
 * wider) and in a fixed order, so that a result depends on the build and
 * the processor only, never on the number of threads.
 */

typedef double SegV4 __attribute__ ((vector_size (32)));

/* These helpers are inlined, so passing vectors by value never crosses a
 * call whose convention would depend on the processor. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

/*
 * SEG_VEC_CLONES on a hot function compiles it twice, for processors with
 * AVX and FMA and for any x86-64, and picks one by the processor's
 * features when the program starts (GCC's target_clones, on glibc).
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__) && \
    !defined(__SANITIZE_ADDRESS__)
#define SEG_VEC_CLONES __attribute__ ((target_clones ("fma", "default")))
#else
#define SEG_VEC_CLONES
#endif

/*
 * SEG_VEC_CLONES_EXACT is the same for kernels whose every sum must be
 * the one the plain C loop gives: the wider clone has AVX but not FMA, so
 * no multiply and add are fused and each lane rounds as a scalar would.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__) && \
    !defined(__SANITIZE_ADDRESS__)
#define SEG_VEC_CLONES_EXACT __attribute__ ((target_clones ("avx", "default")))
#else
#define SEG_VEC_CLONES_EXACT
#endif

static inline SegV4
seg_v4_load (const double *p)
{
  SegV4 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline double
seg_vec_dot (const double *a,
             const double *b,
             size_t        n)
{
  SegV4 s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
  double sum;
  size_t i = 0;

  for (; i + 16 <= n; i += 16)
    {
      s0 += seg_v4_load (a + i) * seg_v4_load (b + i);
      s1 += seg_v4_load (a + i + 4) * seg_v4_load (b + i + 4);
      s2 += seg_v4_load (a + i + 8) * seg_v4_load (b + i + 8);
      s3 += seg_v4_load (a + i + 12) * seg_v4_load (b + i + 12);
    }
  for (; i + 4 <= n; i += 4)
    s0 += seg_v4_load (a + i) * seg_v4_load (b + i);
  s0 = (s0 + s1) + (s2 + s3);
  sum = (s0[0] + s0[1]) + (s0[2] + s0[3]);
  for (; i < n; i++)
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

/* The length of each row of a row-major n_rows × n matrix. */
static inline void
seg_rows_norms (const double *rows,
                size_t        n_rows,
                size_t        n,
                double       *norms)
{
  for (size_t r = 0; r < n_rows; r++)
    norms[r] = sqrt (seg_vec_dot (rows + r * n, rows + r * n, n));
}

/* The cosine of rows @from and @to of such a matrix whose row lengths are
 * @norms; 0 for a row out of range or of length 0. Factor models use it
 * as their item-to-item likeness. */
static inline double
seg_rows_cosine (const double *rows,
                 const double *norms,
                 size_t        n_rows,
                 size_t        n,
                 size_t        from,
                 size_t        to)
{
  if (from >= n_rows || to >= n_rows)
    return 0.0;

  return seg_vec_cosine (rows + from * n, rows + to * n, norms[from], norms[to], n);
}

/* Rows of @m doubles, @count of them, stored four side by side:
 * @packed[(g × m + j) × 4 + t] is value j of row 4g + t. The lanes past
 * the last row repeat it, so that they compute something harmless. */
static inline void
seg_v4_pack_rows (const double *rows,
                  size_t        count,
                  size_t        m,
                  double       *packed)
{
  for (size_t g = 0; g * 4 < count; g++)
    for (size_t j = 0; j < m; j++)
      for (size_t t = 0; t < 4; t++)
        {
          size_t r = g * 4 + t < count ? g * 4 + t : count - 1;

          packed[(g * m + j) * 4 + t] = rows[r * m + j];
        }
}

/* The squared distances from @p to four packed rows (seg_v4_pack_rows()),
 * lane t summed exactly as the k-means kernels sum one distance: four
 * running sums over the features j mod 4, the rest into the first, then
 * (s0 + s1) + (s2 + s3); so each lane is the scalar value, bit for bit. */
/* Always inlined: a vector return must not cross a call between the
 * clones of SEG_VEC_CLONES_EXACT, which pass it differently. */
static inline __attribute__ ((always_inline)) SegV4
seg_v4_squared_distances (const double *p,
                          const double *packed,
                          size_t        d)
{
  SegV4 s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
  size_t j = 0;

  for (; j + 4 <= d; j += 4)
    {
      SegV4 d0 = p[j] - seg_v4_load (packed + j * 4);
      SegV4 d1 = p[j + 1] - seg_v4_load (packed + (j + 1) * 4);
      SegV4 d2 = p[j + 2] - seg_v4_load (packed + (j + 2) * 4);
      SegV4 d3 = p[j + 3] - seg_v4_load (packed + (j + 3) * 4);

      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
  for (; j < d; j++)
    {
      SegV4 diff = p[j] - seg_v4_load (packed + j * 4);

      s0 += diff * diff;
    }

  return (s0 + s1) + (s2 + s3);
}
