/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-memory.h"

#include <stdint.h>
#include <stdlib.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

/* Huge pages are 2 MiB on the machines we run on; below a few of them
 * the saving is not worth the alignment. */
#define HUGE_PAGE ((size_t) 2 << 20)

/**
 * seg_large_alloc:
 * @bytes: the size of an array of points, rows or bounds
 *
 * Allocates a large array, asking the system to back it with huge pages
 * where it can: the first touch of each 4 KiB page costs a fault, and a
 * million-row matrix has tens of thousands of them. Elsewhere, or for a
 * small array, it is plain malloc(). Free the result with free(); it may
 * be given to realloc().
 *
 * Returns: the memory, or %NULL when there is none
 */
void *
seg_large_alloc (size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= 4 * HUGE_PAGE)
    {
      void *memory = NULL;

      if (posix_memalign (&memory, HUGE_PAGE, bytes) != 0)
        return NULL;
      /* Only advice: without huge pages the array works the same. */
      madvise (memory, bytes & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
      return memory;
    }
#endif

  return malloc (bytes > 0 ? bytes : 1);
}
