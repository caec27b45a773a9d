/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "seg-model.h"
#include "seg-project.h"

G_BEGIN_DECLS

#define SEG_MAX_CATEGORIES 50

/**
 * SegPrepOptions:
 *
 * How a table's columns become the numbers an algorithm sees. Text
 * columns are one-hot encoded; the steps run in the order one-hot,
 * imputation, log1p, scaling, and scaling leaves the 0/1 columns alone.
 */
typedef struct
{
  SegScale            scale;
  const char *const  *log_columns;  /* nullable: columns to replace by log (1 + x) */
  SegImpute           impute;
} SegPrepOptions;

/**
 * SegDataset:
 *
 * A table's chosen columns as an n × d matrix, ready for an algorithm,
 * with the steps that made it.
 */
typedef struct
{
  double      *x;         /* n × d, row-major */
  size_t       n;
  size_t       d;
  gint64      *rowids;    /* n: the table's rowid of each row */
  GPtrArray   *columns;   /* of SegColumnInfo: the chosen columns, catalog names */
  GPtrArray   *features;  /* of char*: d names, "channel=app" for one-hot */
  JsonNode    *steps;     /* array: the preprocessing with its fitted values */
  gint64       dropped;   /* rows left out for missing values */
  gint64       segment;   /* the saved segment the rows were restricted to, or 0 */

  /* Kept by seg_dataset_read_kept () only, %NULL otherwise: */
  double      *raw;       /* n × d: x as read, before any preparing */
  GByteArray  *keys;      /* the key's text of each row, each ending in a NUL */
  gboolean     as_stored; /* every number and key read was of its column's type */

  /*< private >*/
  char        *table;
  guint        n_columns;
  gboolean    *numeric;        /* d: a number column, not one-hot */
  gsize       *first_feature;  /* n_columns + 1: where each column's features start */
} SegDataset;

void        seg_dataset_free    (SegDataset           *dataset);
SegDataset *seg_dataset_read    (SegProject           *project,
                                 const char           *table,
                                 const char *const    *columns,
                                 const volatile int   *cancel,
                                 GError              **error);
SegDataset *seg_dataset_read_members (SegProject         *project,
                                      const char         *table,
                                      const char *const  *columns,
                                      const char         *key,
                                      gint64              segment,
                                      const volatile int *cancel,
                                      GError            **error);
SegDataset *seg_dataset_read_kept (SegProject         *project,
                                   const char         *table,
                                   const char *const  *columns,
                                   const char         *key,
                                   gint64              segment,
                                   const volatile int *cancel,
                                   GError            **error);
gboolean    seg_dataset_prepare (SegDataset           *dataset,
                                 const SegPrepOptions *options,
                                 GError              **error);
SegDataset *seg_dataset_load  (SegProject           *project,
                               const char           *table,
                               const char *const    *columns,
                               const SegPrepOptions *options,
                               const volatile int   *cancel,
                               GError              **error);

gboolean    seg_column_holds (SegColumnType type,
                              int           value_type,
                              gboolean      as_number);

SegColumnInfo *seg_table_find_column (SegTableInfo  *info,
                                      const char    *option,
                                      const char    *name,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegDataset, seg_dataset_free)

G_END_DECLS
