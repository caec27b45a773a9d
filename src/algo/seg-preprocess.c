/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-preprocess.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/**
 * seg_quantile:
 * @values: n values; sorted in place
 * @q: from 0 to 1
 *
 * Returns: the quantile by linear interpolation between the closest ranks,
 *   NumPy's default
 */
double
seg_quantile (double *values,
              size_t  n,
              double  q)
{
  double at, frac;
  size_t lo;

  if (n == 0)
    return NAN;

  qsort (values, n, sizeof (double), compare_doubles);
  at = q * (n - 1);
  lo = (size_t) floor (at);
  frac = at - lo;

  return lo + 1 < n ? values[lo] + frac * (values[lo + 1] - values[lo]) : values[lo];
}

/**
 * seg_scale_fit:
 * @params: d parameters out
 *
 * Learns each column's centre and scale as scikit-learn's scalers do; a
 * column with no spread gets scale 1, so it becomes constant, not NaN.
 */
void
seg_scale_fit (const double   *x,
               size_t          n,
               size_t          d,
               SegScale        method,
               SegScaleParams *params)
{
  double *column = malloc ((n ? n : 1) * sizeof (double));

  for (size_t j = 0; j < d; j++)
    {
      double center = 0.0, scale = 1.0;

      for (size_t i = 0; i < n; i++)
        column[i] = x[i * d + j];

      switch (method)
        {
        case SEG_SCALE_STANDARD:
          {
            double sum = 0.0, var = 0.0;

            for (size_t i = 0; i < n; i++)
              sum += column[i];
            center = sum / n;
            for (size_t i = 0; i < n; i++)
              var += (column[i] - center) * (column[i] - center);
            scale = sqrt (var / n);
          }
          break;

        case SEG_SCALE_ROBUST:
          center = seg_quantile (column, n, 0.5);
          scale = seg_quantile (column, n, 0.75) - seg_quantile (column, n, 0.25);
          break;

        case SEG_SCALE_MINMAX:
          center = column[0];
          scale = column[0];
          for (size_t i = 1; i < n; i++)
            {
              center = fmin (center, column[i]);
              scale = fmax (scale, column[i]);
            }
          scale -= center;
          break;

        case SEG_SCALE_NONE:
        default:
          break;
        }

      /* A spread too small to divide by, as scikit-learn judges it. */
      if (!(scale >= 10 * DBL_EPSILON))
        scale = 1.0;

      params[j].center = center;
      params[j].scale = scale;
    }

  free (column);
}

void
seg_scale_apply (double               *x,
                 size_t                n,
                 size_t                d,
                 const SegScaleParams *params)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < d; j++)
      x[i * d + j] = (x[i * d + j] - params[j].center) / params[j].scale;
}

/**
 * seg_log1p_column:
 *
 * Replaces a skewed column (spend, order counts) by log (1 + x).
 *
 * Returns: 0, or -1 (nothing changed) when a value is −1 or less
 */
int
seg_log1p_column (double *x,
                  size_t  n,
                  size_t  d,
                  size_t  column)
{
  for (size_t i = 0; i < n; i++)
    if (!(x[i * d + column] > -1.0))
      return -1;

  for (size_t i = 0; i < n; i++)
    x[i * d + column] = log1p (x[i * d + column]);

  return 0;
}

/**
 * seg_impute:
 * @x: n × d values, NaN where missing
 * @fill: (nullable): d values out: what replaced the missing ones
 *
 * With MEAN or MEDIAN, fills each column's gaps from its other values;
 * with DROP, moves the complete rows to the front.
 *
 * Returns: the rows left (n unless dropping)
 */
size_t
seg_impute (double    *x,
            size_t     n,
            size_t     d,
            SegImpute  method,
            double    *fill)
{
  double *column;
  size_t kept = 0;

  if (method == SEG_IMPUTE_DROP)
    {
      for (size_t i = 0; i < n; i++)
        {
          int complete = 1;

          for (size_t j = 0; j < d; j++)
            complete &= !isnan (x[i * d + j]);
          if (complete)
            {
              memmove (x + kept * d, x + i * d, d * sizeof (double));
              kept++;
            }
        }
      if (fill != NULL)
        for (size_t j = 0; j < d; j++)
          fill[j] = NAN;
      return kept;
    }

  column = malloc ((n ? n : 1) * sizeof (double));
  for (size_t j = 0; j < d; j++)
    {
      size_t m = 0;
      double value = 0.0;

      for (size_t i = 0; i < n; i++)
        if (!isnan (x[i * d + j]))
          column[m++] = x[i * d + j];

      if (m == 0)
        value = 0.0;
      else if (method == SEG_IMPUTE_MEDIAN)
        value = seg_quantile (column, m, 0.5);
      else
        {
          for (size_t i = 0; i < m; i++)
            value += column[i];
          value /= m;
        }

      for (size_t i = 0; i < n; i++)
        if (isnan (x[i * d + j]))
          x[i * d + j] = value;
      if (fill != NULL)
        fill[j] = value;
    }
  free (column);

  return n;
}
