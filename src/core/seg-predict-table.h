/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

/**
 * SegPredictTarget:
 * @SEG_PREDICT_BUYS_AGAIN: 1 when the customer orders in the window, else 0
 * @SEG_PREDICT_CHURN: 1 when the customer does not order in the window
 * @SEG_PREDICT_BUYS_ITEM: 1 when the customer buys the target item (or
 *   category value) in the window
 * @SEG_PREDICT_SPEND: what the customer spends in the window, 0 for none
 *
 * What a labelled customer table is to predict.
 */
typedef enum
{
  SEG_PREDICT_BUYS_AGAIN,
  SEG_PREDICT_CHURN,
  SEG_PREDICT_BUYS_ITEM,
  SEG_PREDICT_SPEND,
} SegPredictTarget;

/**
 * SegPredictSplit:
 * @SEG_PREDICT_SPLIT_TRAIN: features as of the cut-off less the horizon,
 *   the target of the horizon that ends at the cut-off
 * @SEG_PREDICT_SPLIT_TEST: features as of the cut-off, the target of the
 *   horizon that starts there
 * @SEG_PREDICT_SPLIT_SCORE: features as of the day after the last order,
 *   no target: the customers to score today
 *
 * The kinds of rows a labelled table holds, as flags.
 */
typedef enum
{
  SEG_PREDICT_SPLIT_TRAIN = 1 << 0,
  SEG_PREDICT_SPLIT_TEST  = 1 << 1,
  SEG_PREDICT_SPLIT_SCORE = 1 << 2,
} SegPredictSplit;

/**
 * SegPredictTableOptions:
 *
 * Where the order lines are, how to read them, and what to label. A
 * column left %NULL is recognised by its name, in English or Chinese
 * (customer, date, amount or quantity and price, invoice; never the item).
 */
typedef struct
{
  const char       *orders;           /* the order-lines table */
  const char       *customer;         /* nullable column */
  const char       *date;             /* nullable column of dates or date-times */
  const char       *amount;           /* nullable column: the line's value */
  const char       *quantity;         /* nullable column */
  const char       *price;            /* nullable column */
  const char       *invoice;          /* nullable: lines of one order share it */
  const char       *item;             /* nullable column: item or category */
  const char       *cutoff;           /* ISO date: the first day of the test window */
  int               horizon;          /* days of a window, > 0 */
  SegPredictTarget  target;
  const char       *target_item;      /* the item value of SEG_PREDICT_BUYS_ITEM */
  int               top_items;        /* item shares to keep; 0 for 10, < 0 for none */
  const char       *customers_table;  /* nullable: columns to join */
  const char       *customers_key;    /* nullable: its customer column */
  gint64            segment_run;      /* a clustering run whose cluster to add, or 0 */
  guint             splits;           /* SegPredictSplit flags; 0 for train and test */
  const char       *output;           /* nullable: the table to write */
  gboolean          replace;          /* replace a table of that name */
} SegPredictTableOptions;

typedef struct
{
  char       *table;
  char       *cutoff;
  char       *score_as_of;   /* nullable: the day the score rows are as of */
  gint64      train_rows;
  gint64      test_rows;
  gint64      score_rows;
  double      train_positive; /* mean target of the train rows; NAN without */
  double      test_positive;  /* of the test rows */
  GPtrArray  *features;      /* of char*: the feature columns, in table order */
  char       *target_description;
  char       *baseline;      /* nullable: the column with last period's value of the target */
  gint64      lines;         /* order lines read */
  double      seconds;
} SegPredictTableSummary;

typedef void (*SegPredictProgressFunc) (double   fraction,
                                        gpointer user_data);

void        seg_predict_table_summary_free (SegPredictTableSummary *summary);

gboolean    seg_predict_target_from_string (const char       *text,
                                            SegPredictTarget *target);
const char *seg_predict_target_to_string   (SegPredictTarget  target);
gboolean    seg_predict_splits_from_string (const char       *text,
                                            guint            *splits,
                                            GError          **error);

char       *seg_predict_describe_target    (SegPredictTarget  target,
                                            const char       *item,
                                            const char       *cutoff,
                                            int               horizon);
char       *seg_predict_describe_feature   (const char       *feature,
                                            const char       *cutoff);
char       *seg_predict_describe_feature_named (const char *feature,
                                                const char *cutoff,
                                                GHashTable *item_names);
const char *seg_predict_feature_item       (const char       *feature);
GHashTable *seg_predict_item_names         (SegProject       *project,
                                            const char       *table);
char       *seg_predict_describe_previous  (const char       *cutoff,
                                            int               horizon);
const char *const *seg_predict_base_features (void);
char       *seg_predict_describe_day       (const char       *iso);

SegPredictTableSummary *seg_project_predict_table      (SegProject                   *project,
                                                        const SegPredictTableOptions *options,
                                                        GError                      **error);
SegPredictTableSummary *seg_project_predict_table_full (SegProject                   *project,
                                                        const SegPredictTableOptions *options,
                                                        SegPredictProgressFunc        progress,
                                                        gpointer                      progress_data,
                                                        const volatile int           *cancel,
                                                        GError                      **error);

void                    seg_project_predict_table_async  (SegProject                   *project,
                                                          const SegPredictTableOptions *options,
                                                          SegPredictProgressFunc        progress,
                                                          gpointer                      progress_data,
                                                          GCancellable                 *cancellable,
                                                          GAsyncReadyCallback           callback,
                                                          gpointer                      user_data);
SegPredictTableSummary *seg_project_predict_table_finish (SegProject                   *project,
                                                          GAsyncResult                 *result,
                                                          GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegPredictTableSummary, seg_predict_table_summary_free)

G_END_DECLS
