/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-progress.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEG_DBSCAN_NOISE (-1)

int seg_dbscan (const double       *x,
                size_t              n,
                size_t              d,
                double              eps,
                size_t              min_points,
                int32_t            *labels,
                uint8_t            *is_core,
                size_t             *n_clusters,
                const SegMonitor   *monitor);


int    seg_k_distance      (const double       *x,
                            size_t              n,
                            size_t              d,
                            size_t              k,
                            double             *distances,
                            const SegMonitor   *monitor);
size_t seg_knee            (const double       *sorted,
                            size_t              n);

#ifdef __cplusplus
}
#endif
