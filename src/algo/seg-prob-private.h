/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <stddef.h>

/* Turns k log weights into probabilities that sum to 1, subtracting
 * the largest first so that nothing overflows; all -∞ gives equal
 * probabilities. */
static inline void
seg_log_normalise (double *values,
                   size_t  k)
{
  double max = -INFINITY, sum = 0;

  for (size_t c = 0; c < k; c++)
    if (values[c] > max)
      max = values[c];
  if (max == -INFINITY)
    {
      for (size_t c = 0; c < k; c++)
        values[c] = 1.0 / k;
      return;
    }
  for (size_t c = 0; c < k; c++)
    sum += exp (values[c] - max);
  for (size_t c = 0; c < k; c++)
    values[c] = exp (values[c] - max - log (sum));
}
