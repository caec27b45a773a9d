/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  SEG_SCALE_NONE,
  SEG_SCALE_STANDARD, /* (x − mean) / standard deviation */
  SEG_SCALE_ROBUST,   /* (x − median) / interquartile range */
  SEG_SCALE_MINMAX,   /* (x − min) / (max − min) */
} SegScale;

typedef enum
{
  SEG_IMPUTE_MEAN,
  SEG_IMPUTE_MEDIAN,
  SEG_IMPUTE_DROP,
} SegImpute;

/* What a step learned from the data, stored with the run so that the
 * same transformation can be shown and applied again. */
typedef struct
{
  double center;
  double scale;
} SegScaleParams;

void   seg_scale_fit    (const double         *x,
                         size_t                n,
                         size_t                d,
                         SegScale              method,
                         SegScaleParams       *params);
void   seg_scale_apply  (double               *x,
                         size_t                n,
                         size_t                d,
                         const SegScaleParams *params);
int    seg_log1p_column (double               *x,
                         size_t                n,
                         size_t                d,
                         size_t                column);
size_t seg_impute       (double               *x,
                         size_t                n,
                         size_t                d,
                         SegImpute             method,
                         double               *fill);
double seg_quantile     (double               *values,
                         size_t                n,
                         double                q);

#ifdef __cplusplus
}
#endif
