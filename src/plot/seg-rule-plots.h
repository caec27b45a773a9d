/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "seg-plot.h"

G_BEGIN_DECLS

/* Association rules, “bought together”, drawn two ways: each rule as a
 * point of its support and confidence, coloured by its lift; and the
 * rules as a grid of what was bought first (rows) against what came
 * with it (columns). */

/**
 * SegRuleScatter:
 *
 * A point per rule: @x is its support as a percentage of the baskets,
 * @y its confidence as a percentage, so that the frame's ranges are in
 * percent too and its ticks read as such.
 */
typedef struct
{
  size_t         n;
  const double  *x;          /* support, % of baskets */
  const double  *y;          /* confidence, % */
  const double  *lift;
  const uint8_t *hidden;     /* nullable: non-zero rules are not drawn */
  gssize         selected;   /* -1: none */
  const char    *title;      /* nullable */
  SegRange       xr;         /* lo == hi: fitted to the rules */
  SegRange       yr;
} SegRuleScatter;

void seg_rule_scatter_fit     (SegRuleScatter     *scatter);
void seg_rule_scatter_layout  (cairo_t            *cr,
                               const SegRuleScatter *scatter,
                               double              width,
                               double              height,
                               SegPlotFrame       *frame);
void seg_rule_scatter_draw    (cairo_t            *cr,
                               const SegRuleScatter *scatter,
                               double              width,
                               double              height,
                               SegPlotFrame       *frame_out);
void seg_rule_scatter_draw_mark (cairo_t          *cr,
                                 const SegRuleScatter *scatter,
                                 const SegPlotFrame *frame,
                                 size_t            i,
                                 gboolean          hovered);

/**
 * SegRuleMatrix:
 *
 * Left-hand sides as rows, right-hand sides as columns; a cell holds the
 * rule of its row and column, if any, coloured by its lift and sized by
 * its support.
 */
typedef struct
{
  guint              n_rows;
  guint              n_cols;
  const char *const *row_names;  /* n_rows */
  const char *const *col_names;  /* n_cols */
  const gssize      *cells;      /* n_rows × n_cols, row by row: a rule or -1 */
  const double      *lift;       /* by rule */
  const double      *support;    /* by rule, a share of the baskets */
  gssize             selected;   /* a rule, or -1 */
  const char        *title;      /* nullable */
} SegRuleMatrix;

void     seg_rule_matrix_layout  (cairo_t             *cr,
                                  const SegRuleMatrix *matrix,
                                  double               width,
                                  double               height,
                                  SegPlotFrame        *frame);
void     seg_rule_matrix_draw    (cairo_t             *cr,
                                  const SegRuleMatrix *matrix,
                                  double               width,
                                  double               height,
                                  SegPlotFrame        *frame_out);
gssize   seg_rule_matrix_rule_at (const SegRuleMatrix *matrix,
                                  const SegPlotFrame  *frame,
                                  double               x,
                                  double               y);
void     seg_rule_matrix_draw_mark (cairo_t             *cr,
                                    const SegRuleMatrix *matrix,
                                    const SegPlotFrame  *frame,
                                    gssize               rule,
                                    gboolean             hovered);

char *seg_rule_describe (const char *lhs,
                         const char *rhs,
                         double      support,
                         double      confidence,
                         double      lift);

G_END_DECLS
