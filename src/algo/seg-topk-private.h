/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Keeping the k most similar of many candidates, shared by the
 * neighbourhood models. */

#include <stddef.h>
#include <stdint.h>

typedef struct
{
  double  sim;
  int32_t idx;
} SegCandidate;

/* Whether a ranks before b: more similar, or as similar with a lower
 * index, so that what is kept never depends on the visiting order. */
static inline int
seg_candidate_before (const SegCandidate *a,
                      const SegCandidate *b)
{
  return a->sim > b->sim || (a->sim == b->sim && a->idx < b->idx);
}

/* For qsort: best first. */
static inline int
seg_candidate_compare (const void *a,
                       const void *b)
{
  const SegCandidate *x = a, *y = b;

  if (seg_candidate_before (x, y))
    return -1;
  if (seg_candidate_before (y, x))
    return 1;
  return 0;
}

/* Offers @c to a heap of at most @cap candidates whose root is the one
 * ranked last. */
static inline void
seg_candidate_offer (SegCandidate       *heap,
                     size_t             *size,
                     size_t              cap,
                     const SegCandidate *c)
{
  size_t at;

  if (*size < cap)
    {
      at = (*size)++;
      while (at > 0)
        {
          size_t parent = (at - 1) / 2;

          if (!seg_candidate_before (&heap[parent], c))
            break;
          heap[at] = heap[parent];
          at = parent;
        }
      heap[at] = *c;
      return;
    }
  if (cap == 0 || !seg_candidate_before (c, &heap[0]))
    return;

  at = 0;
  for (;;)
    {
      size_t child = 2 * at + 1;

      if (child >= *size)
        break;
      if (child + 1 < *size && seg_candidate_before (&heap[child], &heap[child + 1]))
        child++;
      if (!seg_candidate_before (c, &heap[child]))
        break;
      heap[at] = heap[child];
      at = child;
    }
  heap[at] = *c;
}
