/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SegClvPurchase:
 *
 * The purchase model a lifetime value run fits.
 */
typedef enum
{
  SEG_CLV_PURCHASE_BGNBD,
  SEG_CLV_PURCHASE_PARETO_NBD,
} SegClvPurchase;

/**
 * SegClvUnit:
 *
 * The time unit of frequency, recency and age in a lifetime value run.
 */
typedef enum
{
  SEG_CLV_UNIT_DAYS,
  SEG_CLV_UNIT_WEEKS,
} SegClvUnit;

/* The frequency groups of the calibration/holdout comparison: 0 to 6
 * repeat purchases, the last holding 6 or more. */
#define SEG_CLV_HOLDOUT_GROUPS 7

/* The cells along each side of the frequency–recency grid. */
#define SEG_CLV_GRID_SIZE 20

G_END_DECLS
