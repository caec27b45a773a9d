/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int seg_pca (const double *x,
             size_t        n,
             size_t        d,
             size_t        n_components,
             double       *components,
             double       *explained_variance,
             double       *explained_ratio,
             double       *projected);

#ifdef __cplusplus
}
#endif
