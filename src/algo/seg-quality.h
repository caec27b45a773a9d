/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

double seg_silhouette        (const double  *x,
                              size_t         n,
                              size_t         d,
                              const int32_t *labels,
                              size_t         k,
                              double        *per_point);
double seg_silhouette_sampled (const double  *x,
                               size_t         n,
                               size_t         d,
                               const int32_t *labels,
                               size_t         k,
                               size_t         sample_size,
                               uint64_t       seed,
                               double        *per_point,
                               size_t        *used);
void   seg_labels_by_size     (int32_t       *labels,
                               size_t         n,
                               size_t         k);
double seg_calinski_harabasz (const double  *x,
                              size_t         n,
                              size_t         d,
                              const int32_t *labels,
                              size_t         k);
double seg_davies_bouldin    (const double  *x,
                              size_t         n,
                              size_t         d,
                              const int32_t *labels,
                              size_t         k);

#ifdef __cplusplus
}
#endif
