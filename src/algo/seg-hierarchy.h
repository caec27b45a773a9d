/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-progress.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  SEG_LINKAGE_WARD,
  SEG_LINKAGE_AVERAGE,
  SEG_LINKAGE_COMPLETE,
  SEG_LINKAGE_SINGLE,
} SegLinkage;

/* One merge of the dendrogram, as SciPy's linkage matrix writes it:
 * clusters 0..n-1 are the points, n+i the cluster made by merge i. */
typedef struct
{
  int64_t a;
  int64_t b;
  double  height;
  int64_t size;
} SegMerge;

/* The pairwise distances of n points take n(n-1)/2 doubles: refuse what
 * would not fit in this many bytes rather than run out of memory. */
#define SEG_HIERARCHY_MAX_BYTES ((size_t) 4 << 30)

size_t seg_hierarchy_bytes  (size_t            n);
int    seg_hierarchy_build  (const double     *x,
                             size_t            n,
                             size_t            d,
                             SegLinkage        linkage,
                             SegMerge         *merges,
                             const SegMonitor   *monitor);
void   seg_hierarchy_cut    (const SegMerge   *merges,
                             size_t            n,
                             size_t            k,
                             int32_t          *labels);

#ifdef __cplusplus
}
#endif
