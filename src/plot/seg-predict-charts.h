/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-plot.h"

G_BEGIN_DECLS

/* One curve of a SegCurvePlot: a model's, or a yardstick's drawn dashed
 * in grey, such as the diagonal of a coin toss. */
typedef struct
{
  const double *x;
  const double *y;
  size_t        n;
  const char   *name;       /* nullable: not in the key */
  gboolean      reference;  /* dashed grey: what the model is judged against */
  gboolean      dots;       /* a dot at every point, such as calibration bins */
} SegCurve;

/* Curves of a prediction's quality (ROC, gains, lift, calibration,
 * precision–recall, profit), optionally over a cloud of points such as
 * predicted against actual values, with one point marked. */
typedef struct
{
  const SegCurve *curves;
  guint           n_curves;
  const double   *cloud_x;   /* nullable: faint points under the curves */
  const double   *cloud_y;
  size_t          n_cloud;
  SegRange        xr;        /* lo == hi: fitted to the data */
  SegRange        yr;
  double          mark_x;    /* NAN: nothing marked */
  double          mark_y;
  const char     *mark_label; /* nullable: written beside the mark */
  SegAxes         axes;
} SegCurvePlot;

void seg_curve_plot_draw (cairo_t            *cr,
                          const SegCurvePlot *plot,
                          double              width,
                          double              height);

/* A confusion matrix as a 2 × 2 grid: rows what happened (yes, then no),
 * columns what was decided (picked, then not), each cell its count, its
 * caption and its share of all rows; right decisions green, wrong ones
 * red, the deeper the larger their share. */
typedef struct
{
  double      counts[4];       /* picked & yes, not picked & yes, picked & no, not picked & no */
  const char *captions[4];     /* in the same order */
  const char *row_names[2];    /* yes, no */
  const char *column_names[2]; /* picked, not picked */
  const char *title;           /* nullable */
} SegConfusionGrid;

void seg_confusion_grid_draw (cairo_t                *cr,
                              const SegConfusionGrid *grid,
                              double                  width,
                              double                  height);

G_END_DECLS
