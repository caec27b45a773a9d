/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-rule-plots.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-heat-map.h"

#define POINT_RADIUS 4.0
#define LABEL_GAP 6.0

/* Lift ------------------------------------------------------------------- */

/* The least and the greatest lift of the rules drawn; one range for
 * the colours and the legend. */
static void
lift_range (const double  *lift,
            size_t         n,
            const uint8_t *hidden,
            const gssize  *cells,
            size_t         n_cells,
            SegRange      *range)
{
  range->lo = INFINITY;
  range->hi = -INFINITY;
  if (cells != NULL)
    for (size_t c = 0; c < n_cells; c++)
      {
        if (cells[c] < 0 || !isfinite (lift[cells[c]]))
          continue;
        range->lo = MIN (range->lo, lift[cells[c]]);
        range->hi = MAX (range->hi, lift[cells[c]]);
      }
  else
    for (size_t i = 0; i < n; i++)
      {
        if ((hidden != NULL && hidden[i]) || !isfinite (lift[i]))
          continue;
        range->lo = MIN (range->lo, lift[i]);
        range->hi = MAX (range->hi, lift[i]);
      }
  if (!(range->hi >= range->lo))
    *range = (SegRange) { 1.0, 1.0 };
}

static void
lift_color (SegRange  range,
            double    lift,
            SegColor *color)
{
  seg_heat_map_color (range.hi > range.lo ? (lift - range.lo) / (range.hi - range.lo) : 0.75, color);
}

static char *
format_lift (double lift)
{
  /* TRANSLATORS: a lift, how many times as often as chance, such as “6.1×” */
  return g_strdup_printf (_("%.1f×"), lift);
}

static void
lift_labels (SegRange   range,
             char     **low,
             char     **high)
{
  *low = format_lift (range.lo);
  *high = format_lift (range.hi);
}

/* The scatter ---------------------------------------------------------------- */

/**
 * seg_rule_scatter_fit:
 *
 * Sets the ranges to show every rule drawn: support from nothing to a
 * little past the most, confidence up to the whole of it.
 */
void
seg_rule_scatter_fit (SegRuleScatter *scatter)
{
  double x_hi = 0, y_lo = 100, y_hi = 0;
  gboolean any = FALSE;

  g_return_if_fail (scatter != NULL);

  for (size_t i = 0; i < scatter->n; i++)
    {
      if ((scatter->hidden != NULL && scatter->hidden[i]) || !isfinite (scatter->x[i]) || !isfinite (scatter->y[i]))
        continue;
      x_hi = MAX (x_hi, scatter->x[i]);
      y_lo = MIN (y_lo, scatter->y[i]);
      y_hi = MAX (y_hi, scatter->y[i]);
      any = TRUE;
    }
  if (!any)
    {
      scatter->xr = (SegRange) { 0, 1 };
      scatter->yr = (SegRange) { 0, 100 };
      return;
    }
  if (!(x_hi > 0))
    x_hi = 1;
  scatter->xr = (SegRange) { 0, x_hi * 1.08 };
  /* Room around the lowest and the highest confidence, so that no
   * point sits on the frame. */
  y_hi = MAX (y_hi, y_lo + 1);
  scatter->yr = (SegRange) { MAX (0.0, y_lo - 0.08 * (y_hi - y_lo)), y_hi + 0.05 * (y_hi - y_lo) };
}

static SegAxes
scatter_axes (const SegRuleScatter *scatter)
{
  return (SegAxes) {
    .title = scatter->title,
    /* xgettext:no-c-format */
    .x_label = _("Support: % of baskets with all the rule’s items"),
    /* xgettext:no-c-format */
    .y_label = _("Confidence: % of the time it holds"),
  };
}

/**
 * seg_rule_scatter_layout:
 * @frame: (out): where the points go, with the ranges shown
 */
void
seg_rule_scatter_layout (cairo_t              *cr,
                         const SegRuleScatter *scatter,
                         double                width,
                         double                height,
                         SegPlotFrame         *frame)
{
  SegAxes axes = scatter_axes (scatter);
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  SegRange lifts;

  g_return_if_fail (cr != NULL && scatter != NULL && frame != NULL);

  lift_range (scatter->lift, scatter->n, scatter->hidden, NULL, 0, &lifts);
  lift_labels (lifts, &low, &high);
  *frame = (SegPlotFrame) { .xr = scatter->xr, .yr = scatter->yr };
  if (!(frame->xr.hi > frame->xr.lo) || !(frame->yr.hi > frame->yr.lo))
    {
      SegRuleScatter fitted = *scatter;

      seg_rule_scatter_fit (&fitted);
      frame->xr = fitted.xr;
      frame->yr = fitted.yr;
    }
  seg_plot_layout (frame, cr, &axes, width, height, seg_heat_map_side_scale_width (cr, low, high, _("Lift")));
}

static int
compare_by_lift (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const double *lift = data;
  size_t i = *(const size_t *) a, j = *(const size_t *) b;

  if (lift[i] != lift[j])
    return lift[i] < lift[j] ? -1 : 1;
  return (i > j) - (i < j);
}

/**
 * seg_rule_scatter_draw:
 * @frame_out: (out) (optional): where the points went
 *
 * Draws every rule not hidden, the strongest lift on top, with the axes
 * and the colour scale of lift on the right. A point that would land on
 * the pixel of a stronger one is not drawn: it could not show.
 */
void
seg_rule_scatter_draw (cairo_t              *cr,
                       const SegRuleScatter *scatter,
                       double                width,
                       double                height,
                       SegPlotFrame         *frame_out)
{
  SegAxes axes;
  SegPlotFrame frame;
  SegRange lifts;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree size_t *order = NULL;
  g_autofree guint8 *taken = NULL;
  g_autofree guint8 *draw = NULL;
  int pw, ph;
  size_t n = 0;

  g_return_if_fail (cr != NULL && scatter != NULL);

  axes = scatter_axes (scatter);
  lift_range (scatter->lift, scatter->n, scatter->hidden, NULL, 0, &lifts);
  lift_labels (lifts, &low, &high);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  seg_rule_scatter_layout (cr, scatter, width, height, &frame);
  seg_plot_draw_axes (cr, &frame, &axes);
  seg_heat_map_draw_side_scale (cr, &frame, low, high, _("Lift"));

  order = g_new (size_t, MAX (scatter->n, 1));
  for (size_t i = 0; i < scatter->n; i++)
    if ((scatter->hidden == NULL || !scatter->hidden[i]) && isfinite (scatter->x[i]) && isfinite (scatter->y[i]))
      order[n++] = i;
  g_qsort_with_data (order, (gint) n, sizeof (size_t), compare_by_lift, (gpointer) scatter->lift);

  /* From the strongest down, a point whose pixel is taken is skipped. */
  pw = (int) ceil (frame.width) + 1;
  ph = (int) ceil (frame.height) + 1;
  taken = g_malloc0 ((size_t) pw * ph);
  draw = g_malloc0 (MAX (n, 1));
  for (size_t k = n; k > 0; k--)
    {
      size_t i = order[k - 1];
      int px = (int) floor (seg_plot_frame_sx (&frame, scatter->x[i]) - frame.x);
      int py = (int) floor (seg_plot_frame_sy (&frame, scatter->y[i]) - frame.y);

      if (px < 0 || py < 0 || px >= pw || py >= ph)
        continue;
      if (taken[(size_t) py * pw + px])
        continue;
      taken[(size_t) py * pw + px] = 1;
      draw[k - 1] = 1;
    }

  cairo_rectangle (cr, frame.x, frame.y, frame.width, frame.height);
  cairo_clip (cr);
  cairo_set_line_width (cr, 0.8);
  for (size_t k = 0; k < n; k++)
    {
      size_t i = order[k];
      SegColor color;

      if (!draw[k])
        continue;
      lift_color (lifts, scatter->lift[i], &color);
      cairo_arc (cr, seg_plot_frame_sx (&frame, scatter->x[i]), seg_plot_frame_sy (&frame, scatter->y[i]),
                 POINT_RADIUS, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, color.r, color.g, color.b);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 0.6);
      cairo_stroke (cr);
    }
  if (scatter->selected >= 0 && (size_t) scatter->selected < scatter->n)
    seg_rule_scatter_draw_mark (cr, scatter, &frame, scatter->selected, FALSE);
  cairo_restore (cr);

  if (frame_out != NULL)
    *frame_out = frame;
}

/**
 * seg_rule_scatter_draw_mark:
 * @hovered: the rule under the pointer, rather than the one selected
 *
 * Rings one rule: a thin dark ring for the pointer, a thick blue one
 * for the selection.
 */
void
seg_rule_scatter_draw_mark (cairo_t              *cr,
                            const SegRuleScatter *scatter,
                            const SegPlotFrame   *frame,
                            size_t                i,
                            gboolean              hovered)
{
  g_return_if_fail (cr != NULL && scatter != NULL && frame != NULL && i < scatter->n);

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, seg_plot_frame_sx (frame, scatter->x[i]), seg_plot_frame_sy (frame, scatter->y[i]),
             hovered ? POINT_RADIUS + 3 : POINT_RADIUS + 4, 0, 2 * G_PI);
  if (hovered)
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  else
    cairo_set_source_rgb (cr, 0.85, 0.25, 0.1);
  cairo_set_line_width (cr, hovered ? 2 : 3);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The matrix ------------------------------------------------------------------ */

typedef struct
{
  double line;
  double title;
  double row_label;   /* width of the row names */
  double col_label;   /* height of the turned column names */
  double legend;
} MatrixRoom;

static double
widest_name (cairo_t           *cr,
             const char *const *names,
             guint              n)
{
  double widest = 0;

  /* Names past the first hundred would not get a row of readable height. */
  for (guint i = 0; names != NULL && i < MIN (n, 200u); i++)
    {
      double w;

      seg_plot_text_size (cr, names[i], FALSE, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

static void
matrix_room (cairo_t             *cr,
             const SegRuleMatrix *matrix,
             double               width,
             double               height,
             MatrixRoom          *room)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  SegRange lifts;

  lift_range (matrix->lift, 0, NULL, matrix->cells, (size_t) matrix->n_rows * matrix->n_cols, &lifts);
  lift_labels (lifts, &low, &high);
  seg_plot_text_size (cr, "0", FALSE, NULL, &room->line);
  room->title = 0;
  if (matrix->title != NULL)
    seg_plot_text_size (cr, matrix->title, TRUE, NULL, &room->title);
  /* Long names are cut short rather than squeezing the grid away. */
  room->row_label = CLAMP (widest_name (cr, matrix->row_names, matrix->n_rows), 24.0, MIN (260.0, width * 0.32));
  room->col_label = CLAMP (widest_name (cr, matrix->col_names, matrix->n_cols), 24.0, MIN (180.0, height * 0.32));
  room->legend = seg_heat_map_side_scale_width (cr, low, high, _("Lift"));
}

/**
 * seg_rule_matrix_layout:
 * @frame: (out): the grid: its x range counts columns, its y range rows
 */
void
seg_rule_matrix_layout (cairo_t             *cr,
                        const SegRuleMatrix *matrix,
                        double               width,
                        double               height,
                        SegPlotFrame        *frame)
{
  MatrixRoom room;
  double top, left;

  g_return_if_fail (cr != NULL && matrix != NULL && frame != NULL);

  matrix_room (cr, matrix, width, height, &room);
  top = 8 + (room.title > 0 ? room.title + 8 : 0) + room.col_label + LABEL_GAP;
  left = 8 + room.row_label + LABEL_GAP;
  *frame = (SegPlotFrame) {
    .x = left,
    .y = top,
    .width = MAX (10.0, width - left - room.legend - 8),
    .height = MAX (10.0, height - top - 8),
    .xr = { 0, MAX (matrix->n_cols, 1u) },
    .yr = { 0, MAX (matrix->n_rows, 1u) },
  };
}

/* Names every so many rows or columns, as many as have room to read. */
static guint
label_every (double cell,
             double line)
{
  return cell >= line ? 1 : (guint) ceil (line / MAX (cell, 0.5));
}

static void
cell_square (const SegPlotFrame *frame,
             guint               row,
             guint               col,
             double              share,
             double             *x,
             double             *y,
             double             *side)
{
  double cell_w = frame->width / (frame->xr.hi - frame->xr.lo);
  double cell_h = frame->height / (frame->yr.hi - frame->yr.lo);
  double full = MIN (cell_w, cell_h) - 2;

  /* The area, not the side, grows with the support. */
  *side = MAX (2.0, full * (0.3 + 0.7 * sqrt (CLAMP (share, 0, 1))));
  *x = frame->x + (col + 0.5) * cell_w - *side / 2;
  *y = frame->y + (row + 0.5) * cell_h - *side / 2;
}

/**
 * seg_rule_matrix_draw:
 * @frame_out: (out) (optional): where the grid went
 *
 * Draws the grid with the rows' names on the left and the columns'
 * names turned above it, both cut short where long; each rule a square
 * as deep in colour as its lift and as large as its support.
 */
void
seg_rule_matrix_draw (cairo_t             *cr,
                      const SegRuleMatrix *matrix,
                      double               width,
                      double               height,
                      SegPlotFrame        *frame_out)
{
  MatrixRoom room;
  SegPlotFrame frame;
  SegRange lifts;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  size_t n_cells = (size_t) matrix->n_rows * matrix->n_cols;
  double cell_w, cell_h, most = 0;
  guint every;

  g_return_if_fail (cr != NULL && matrix != NULL);

  matrix_room (cr, matrix, width, height, &room);
  lift_range (matrix->lift, 0, NULL, matrix->cells, n_cells, &lifts);
  lift_labels (lifts, &low, &high);
  for (size_t c = 0; c < n_cells; c++)
    if (matrix->cells[c] >= 0)
      most = MAX (most, matrix->support[matrix->cells[c]]);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  seg_rule_matrix_layout (cr, matrix, width, height, &frame);
  cell_w = frame.width / (frame.xr.hi - frame.xr.lo);
  cell_h = frame.height / (frame.yr.hi - frame.yr.lo);

  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  if (matrix->title != NULL)
    seg_plot_draw_text (cr, matrix->title, 8, 8, 0.0, 0.0, TRUE);

  /* Faint lines between the rows and columns guide the eye across. */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
  for (guint r = 0; r <= matrix->n_rows && cell_h >= 4; r++)
    {
      cairo_move_to (cr, frame.x, round (frame.y + r * cell_h) + 0.5);
      cairo_line_to (cr, frame.x + frame.width, round (frame.y + r * cell_h) + 0.5);
    }
  for (guint c = 0; c <= matrix->n_cols && cell_w >= 4; c++)
    {
      cairo_move_to (cr, round (frame.x + c * cell_w) + 0.5, frame.y);
      cairo_line_to (cr, round (frame.x + c * cell_w) + 0.5, frame.y + frame.height);
    }
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
  every = label_every (cell_h, room.line);
  for (guint r = 0; matrix->row_names != NULL && r < matrix->n_rows; r += every)
    seg_plot_draw_text_clipped (cr, matrix->row_names[r], frame.x - LABEL_GAP, frame.y + (r + 0.5) * cell_h,
                                room.row_label, 1.0, 0.5);
  every = label_every (cell_w, room.line);
  for (guint c = 0; matrix->col_names != NULL && c < matrix->n_cols; c += every)
    {
      cairo_save (cr);
      cairo_translate (cr, frame.x + (c + 0.5) * cell_w, frame.y - LABEL_GAP);
      cairo_rotate (cr, -G_PI / 2);
      seg_plot_draw_text_clipped (cr, matrix->col_names[c], 0, 0, room.col_label, 0.0, 0.5);
      cairo_restore (cr);
    }

  for (guint r = 0; r < matrix->n_rows; r++)
    for (guint c = 0; c < matrix->n_cols; c++)
      {
        gssize rule = matrix->cells[(size_t) r * matrix->n_cols + c];
        SegColor color;
        double x, y, side;

        if (rule < 0)
          continue;
        cell_square (&frame, r, c, most > 0 ? matrix->support[rule] / most : 1, &x, &y, &side);
        lift_color (lifts, matrix->lift[rule], &color);
        cairo_rectangle (cr, x, y, side, side);
        cairo_set_source_rgb (cr, color.r, color.g, color.b);
        cairo_fill_preserve (cr);
        cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 0.5);
        cairo_set_line_width (cr, 0.8);
        cairo_stroke (cr);
      }

  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, round (frame.x) + 0.5, round (frame.y) + 0.5, round (frame.width), round (frame.height));
  cairo_stroke (cr);
  seg_heat_map_draw_side_scale (cr, &frame, low, high, _("Lift"));
  if (matrix->selected >= 0)
    seg_rule_matrix_draw_mark (cr, matrix, &frame, matrix->selected, FALSE);
  cairo_restore (cr);

  if (frame_out != NULL)
    *frame_out = frame;
}

static gboolean
find_cell (const SegRuleMatrix *matrix,
           gssize               rule,
           guint               *row,
           guint               *col)
{
  for (guint r = 0; r < matrix->n_rows; r++)
    for (guint c = 0; c < matrix->n_cols; c++)
      if (matrix->cells[(size_t) r * matrix->n_cols + c] == rule)
        {
          *row = r;
          *col = c;
          return TRUE;
        }
  return FALSE;
}

/**
 * seg_rule_matrix_draw_mark:
 * @rule: a rule in the grid
 * @hovered: the rule under the pointer, rather than the one selected
 *
 * Outlines the cell of @rule, if it has one.
 */
void
seg_rule_matrix_draw_mark (cairo_t             *cr,
                           const SegRuleMatrix *matrix,
                           const SegPlotFrame  *frame,
                           gssize               rule,
                           gboolean             hovered)
{
  double cell_w = frame->width / (frame->xr.hi - frame->xr.lo);
  double cell_h = frame->height / (frame->yr.hi - frame->yr.lo);
  guint row, col;

  g_return_if_fail (cr != NULL && matrix != NULL && frame != NULL);

  if (rule < 0 || !find_cell (matrix, rule, &row, &col))
    return;
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, frame->x + col * cell_w + 1, frame->y + row * cell_h + 1, cell_w - 2, cell_h - 2);
  if (hovered)
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  else
    cairo_set_source_rgb (cr, 0.85, 0.25, 0.1);
  cairo_set_line_width (cr, hovered ? 1.5 : 2.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/**
 * seg_rule_matrix_rule_at:
 * @frame: as seg_rule_matrix_draw () left it
 *
 * Returns: the rule of the cell under (@x, @y), or -1
 */
gssize
seg_rule_matrix_rule_at (const SegRuleMatrix *matrix,
                         const SegPlotFrame  *frame,
                         double               x,
                         double               y)
{
  double col, row;

  g_return_val_if_fail (matrix != NULL && frame != NULL, -1);

  if (matrix->n_rows == 0 || matrix->n_cols == 0 || frame->width <= 0 || frame->height <= 0)
    return -1;
  col = floor ((x - frame->x) / frame->width * matrix->n_cols);
  row = floor ((y - frame->y) / frame->height * matrix->n_rows);
  if (col < 0 || row < 0 || col >= matrix->n_cols || row >= matrix->n_rows)
    return -1;
  return matrix->cells[(size_t) row * matrix->n_cols + (size_t) col];
}

/* Words ------------------------------------------------------------------------- */

/**
 * seg_rule_describe:
 * @lhs: what was bought, such as “tea + cups”
 * @rhs: what came with it
 * @support: the share of baskets with all of them, 0 to 1
 * @confidence: the share of baskets with @lhs that have @rhs too
 *
 * Returns: (transfer full): the rule in a sentence, such as “tea + cups →
 *   teapot: in 1.2 % of baskets, 84 % confidence, 6.1× lift”
 */
char *
seg_rule_describe (const char *lhs,
                   const char *rhs,
                   double      support,
                   double      confidence,
                   double      lift)
{
  double pct = 100 * support;
  g_autofree char *share = NULL;

  if (pct >= 10)
    share = g_strdup_printf ("%.0f", pct);
  else if (pct >= 0.1)
    share = g_strdup_printf ("%.1f", pct);
  else
    share = g_strdup_printf ("%.2g", pct);
  /* TRANSLATORS: a rule: what was bought, what came with it, in how
   * many of the baskets, how often it holds and how many times as often
   * as chance */
  return g_strdup_printf (_("%s → %s: in %s %% of baskets, %.0f %% confidence, %.1f× lift"),
                          lhs, rhs, share, 100 * confidence, lift);
}
