/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SegMeasure:
 * @SEG_MEASURE_OTHER: a number of no known meaning
 * @SEG_MEASURE_RECENCY: days since the last purchase
 * @SEG_MEASURE_FREQUENCY: a count of orders
 * @SEG_MEASURE_MONETARY: money spent in all
 * @SEG_MEASURE_ORDER_VALUE: money spent per order
 * @SEG_MEASURE_TENURE: days since the first purchase
 * @SEG_MEASURE_MONEY: some other sum of money
 * @SEG_MEASURE_DAYS: some other number of days
 * @SEG_MEASURE_SCORE: an RFM score from 1 to 5
 *
 * What a number column means to a shop, judged by its name: the RFM
 * table's own columns and the names shops commonly give them.
 */
typedef enum
{
  SEG_MEASURE_OTHER,
  SEG_MEASURE_RECENCY,
  SEG_MEASURE_FREQUENCY,
  SEG_MEASURE_MONETARY,
  SEG_MEASURE_ORDER_VALUE,
  SEG_MEASURE_TENURE,
  SEG_MEASURE_MONEY,
  SEG_MEASURE_DAYS,
  SEG_MEASURE_SCORE,
} SegMeasure;

SegMeasure  seg_measure_of_column     (const char *column);
char       *seg_measure_column_label  (const char *column);
char       *seg_measure_format_number (double      value);
char       *seg_measure_format_money  (double      value);
char       *seg_measure_format        (const char *column,
                                       double      value);
char       *seg_measure_compare       (const char *column,
                                       gboolean    high);
const char *seg_measure_rfm_segment_label (const char *segment);

G_END_DECLS
