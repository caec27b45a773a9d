/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The order lines of a large generated shop, the same on every machine,
 * for the benchmarks of the mining kernel and of the whole command. */

#include <glib.h>
#include <stdint.h>

/* xorshift64*: the same lines on every machine. */
static inline guint64
next_random (guint64 *state)
{
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  return *state * 0x2545f4914f6cdd1dull;
}

static inline double
next_uniform (guint64 *state)
{
  return (double) (next_random (state) >> 11) / 9007199254740992.0;
}

#define LARGE_LINES 1000000
#define LARGE_ITEMS 20000
#define LARGE_BUNDLES 300

typedef struct
{
  uint32_t *basket_of;
  uint32_t *item_of;
  size_t    n_lines;
  size_t    n_baskets;
} Lines;

/* Order lines of a shop: products chosen with Zipf-like popularity
 * (weight 1 / rank), basket sizes geometric with mean 3, and one basket
 * in five holding one of 300 bundles of two to four products bought
 * together (drawn from the 3,000 most popular). */
static inline void
generate_lines (Lines *lines)
{
  guint64 state = 0x5eed2026u;
  g_autofree double *cumulative = g_new (double, LARGE_ITEMS);
  uint32_t bundles[LARGE_BUNDLES][4];
  int bundle_size[LARGE_BUNDLES];
  double total = 0.0;

  for (size_t i = 0; i < LARGE_ITEMS; i++)
    {
      total += 1.0 / (double) (i + 1);
      cumulative[i] = total;
    }
  for (size_t b = 0; b < LARGE_BUNDLES; b++)
    {
      bundle_size[b] = 2 + (int) (next_random (&state) % 3);
      for (int k = 0; k < bundle_size[b]; k++)
        bundles[b][k] = (uint32_t) (next_random (&state) % 3000);
    }

  lines->basket_of = g_new (uint32_t, LARGE_LINES + 8);
  lines->item_of = g_new (uint32_t, LARGE_LINES + 8);
  lines->n_lines = 0;
  lines->n_baskets = 0;
  while (lines->n_lines < LARGE_LINES)
    {
      uint32_t basket = (uint32_t) lines->n_baskets++;
      int size = 1;

      while (next_uniform (&state) < 2.0 / 3.0)
        size++;
      if (next_uniform (&state) < 0.2)
        {
          size_t b = next_random (&state) % LARGE_BUNDLES;

          for (int k = 0; k < bundle_size[b] && lines->n_lines < LARGE_LINES; k++)
            {
              lines->basket_of[lines->n_lines] = basket;
              lines->item_of[lines->n_lines++] = bundles[b][k];
            }
          size = MAX (1, size - bundle_size[b]);
        }
      for (int k = 0; k < size && lines->n_lines < LARGE_LINES; k++)
        {
          double u = next_uniform (&state) * total;
          size_t low = 0, high = LARGE_ITEMS - 1;

          while (low < high)
            {
              size_t middle = (low + high) / 2;

              if (cumulative[middle] < u)
                low = middle + 1;
              else
                high = middle;
            }
          lines->basket_of[lines->n_lines] = basket;
          lines->item_of[lines->n_lines++] = (uint32_t) low;
        }
    }
}
