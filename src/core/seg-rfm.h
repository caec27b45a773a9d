/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

/**
 * SegRfmOptions:
 *
 * Where the order lines are and how to read them. Either @amount, or
 * @quantity and @price, give a line's value; a negative value is a return.
 */
typedef struct
{
  const char *orders;       /* the order-lines table */
  const char *customer;     /* column */
  const char *date;         /* column of dates or date-times */
  const char *amount;       /* nullable column: the line's value */
  const char *quantity;     /* nullable column */
  const char *price;        /* nullable column */
  const char *invoice;      /* nullable column: lines of one order share it */
  const char *as_of;        /* nullable ISO date; default the day after the last order */
  gboolean    net_returns;  /* subtract returns from spend instead of ignoring them */
  const char *segment;      /* nullable: score only this saved segment's customers */
  const char *output;       /* nullable: the customer table to write */
  gboolean    replace;      /* replace a table of that name */
} SegRfmOptions;

typedef struct
{
  char       *table;
  char       *as_of;
  gint64      customers;
  GPtrArray  *segments;  /* of char*, names, largest first */
  GArray     *counts;    /* gint64 per segment */
  gint64      lines;     /* order lines that counted */
  double      read_seconds;   /* reading and gathering the lines */
  double      write_seconds;  /* scoring and writing the customers */
} SegRfmSummary;

/**
 * SegRfmProgressFunc:
 * @fraction: the part done, from 0 to 1
 *
 * Called now and then while order lines are scored.
 */
typedef void (*SegRfmProgressFunc) (double   fraction,
                                    gpointer user_data);

void           seg_rfm_summary_free (SegRfmSummary       *summary);
SegRfmSummary *seg_project_rfm      (SegProject          *project,
                                     const SegRfmOptions *options,
                                     GError             **error);
SegRfmSummary *seg_project_rfm_full (SegProject          *project,
                                     const SegRfmOptions *options,
                                     SegRfmProgressFunc   progress,
                                     gpointer             progress_data,
                                     const volatile int  *cancel,
                                     GError             **error);

void           seg_project_rfm_async  (SegProject          *project,
                                       const SegRfmOptions *options,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
void           seg_project_rfm_progress_async (SegProject          *project,
                                               const SegRfmOptions *options,
                                               SegRfmProgressFunc   progress,
                                               gpointer             progress_data,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
SegRfmSummary *seg_project_rfm_finish (SegProject          *project,
                                       GAsyncResult        *result,
                                       GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegRfmSummary, seg_rfm_summary_free)

G_END_DECLS
