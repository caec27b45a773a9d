/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-charts.h"
#include "seg-measure.h"
#include "seg-metrics.h"
#include "seg-predict-charts.h"
#include "seg-predict-evaluation.h"
#include "seg-predict-model.h"
#include "seg-run-record.h"
#include "seg-view-helpers.h"

/* How good a prediction run is, always beside a yardstick: for a chance
 * (classification) the curves of its held-out rows against guessing the
 * same chance for everyone, who to contact at a threshold and what
 * contacting earns; for a number (regression) predicted against actual
 * values and the misses against predicting the average; for lifetime
 * value the purchases the model expected after its calibration period
 * against those customers made. */

#define GAINS_POINTS 20
#define CALIBRATION_BINS 10
#define REGRESSION_BINS 10

typedef enum
{
  DRAWING_MAIN,
  DRAWING_CONFUSION,
  DRAWING_PROFIT,
} Drawing;

/* The words for what the target's "yes" is. */
typedef enum
{
  OUTCOME_OTHER,
  OUTCOME_BUY,
  OUTCOME_CHURN,
} Outcome;

struct _SegPredictEvaluation
{
  AdwBin          parent_instance;

  SegProject     *project;
  SegSession     *session;
  gint64          run;
  SegRunRecord   *record;        /* the run's, when it is a prediction */
  GListModel     *runs_model;

  /* The held-out rows: what happened, the model's and the yardstick's
   * predictions. */
  double         *y;
  double         *p;
  double         *base;
  size_t          n;
  Outcome         outcome;
  gboolean        money;         /* the target is a sum of money */
  int             horizon;       /* days of the target's window, or 0 */
  gboolean        last_period;   /* the yardstick is the spend of the window before */
  char           *target_description;

  /* Classification. */
  GArray         *roc;           /* SegRocPoint */
  GArray         *pr;            /* SegPrPoint */
  GArray         *gains;         /* SegGainsPoint, from (0, 0) */
  GArray         *calibration;   /* SegCalibrationBin */
  double          base_rate;
  double          auc;
  SegConfusion    confusion;
  double         *profit;        /* n + 1 */
  size_t          best_k;
  double          best_profit;

  /* Regression. */
  SegRegressionMetrics ours;
  SegRegressionMetrics yardstick;
  double          bin_x[REGRESSION_BINS];
  double          bin_y[REGRESSION_BINS];
  guint           n_bins;
  SegRange        fit_range;

  /* Lifetime. */
  GPtrArray      *group_names;   /* char * */
  GArray         *group_values;  /* double: predicted means, then actual means */
  double          holdout_predicted;
  double          holdout_actual;

  guint           n_draws;

  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *intro_label;
  GtkLabel       *figures_label;
  GtkDropDown    *chart_chooser;
  GtkWidget      *chart_frame;
  GtkDrawingArea *chart;
  GtkLabel       *chart_note;
  GtkWidget      *decision_box;
  GtkAdjustment  *threshold_adjustment;
  GtkDrawingArea *confusion_area;
  GtkLabel       *confusion_label;
  GtkAdjustment  *cost_adjustment;
  GtkAdjustment  *margin_adjustment;
  GtkLabel       *cost_label;
  GtkLabel       *margin_label;
  GtkDrawingArea *profit_area;
  GtkLabel       *profit_label;
};

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SESSION,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegPredictEvaluation, seg_predict_evaluation, ADW_TYPE_BIN)

static JsonObject *
record_metrics (SegRunRecord *record)
{
  return JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
format_count (double count)
{
  return g_strdup_printf ("%'" PRId64, (gint64) llround (count));
}

/* A sum in the target's unit: money for spend, a plain number else. */
static char *
format_amount (SegPredictEvaluation *self,
               double                value)
{
  if (self->money)
    return seg_measure_format_money (value);
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%'.2f", value);
}

/* A share in whole percent, never "-0". */
static double
percent (double share)
{
  double value = round (100 * share);

  return value == 0 ? 0 : value;
}

/* Forgetting the run ------------------------------------------------------ */

static void
clear_data (SegPredictEvaluation *self)
{
  g_clear_object (&self->record);
  g_clear_pointer (&self->y, g_free);
  g_clear_pointer (&self->p, g_free);
  g_clear_pointer (&self->base, g_free);
  g_clear_pointer (&self->profit, g_free);
  g_clear_pointer (&self->roc, g_array_unref);
  g_clear_pointer (&self->pr, g_array_unref);
  g_clear_pointer (&self->gains, g_array_unref);
  g_clear_pointer (&self->calibration, g_array_unref);
  g_clear_pointer (&self->target_description, g_free);
  g_ptr_array_set_size (self->group_names, 0);
  g_array_set_size (self->group_values, 0);
  self->n = 0;
  self->n_bins = 0;
  self->best_k = 0;
  self->best_profit = NAN;
  self->auc = self->base_rate = NAN;
  self->holdout_predicted = self->holdout_actual = NAN;
  self->outcome = OUTCOME_OTHER;
  self->money = FALSE;
  self->horizon = 0;
  self->last_period = FALSE;
  memset (&self->confusion, 0, sizeof self->confusion);
}

/* Charts ------------------------------------------------------------------ */

typedef struct
{
  SegCurve curves[2];
  double  *buffers[4];
} Curves;

static void
curves_clear (Curves *curves)
{
  for (guint i = 0; i < G_N_ELEMENTS (curves->buffers); i++)
    g_free (curves->buffers[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Curves, curves_clear)

/* A model's curve from @len points of @array, two members of each. */
static void
curve_from_points (Curves     *curves,
                   guint       slot,
                   GArray     *array,
                   gsize       x_offset,
                   gsize       y_offset,
                   const char *name)
{
  guint len = array != NULL ? array->len : 0;
  double *x = g_new (double, MAX (len, 1));
  double *y = g_new (double, MAX (len, 1));

  for (guint i = 0; i < len; i++)
    {
      const char *point = array->data + (gsize) i * g_array_get_element_size (array);

      memcpy (&x[i], point + x_offset, sizeof (double));
      memcpy (&y[i], point + y_offset, sizeof (double));
    }
  curves->buffers[2 * slot] = x;
  curves->buffers[2 * slot + 1] = y;
  curves->curves[slot] = (SegCurve) { x, y, len, name, FALSE, FALSE };
}

/* A dashed straight yardstick from (x0, y0) to (x1, y1). */
static void
reference_line (Curves     *curves,
                guint       slot,
                double      x0,
                double      y0,
                double      x1,
                double      y1,
                const char *name)
{
  double *x = g_new (double, 2);
  double *y = g_new (double, 2);

  x[0] = x0, x[1] = x1, y[0] = y0, y[1] = y1;
  curves->buffers[2 * slot] = x;
  curves->buffers[2 * slot + 1] = y;
  curves->curves[slot] = (SegCurve) { x, y, 2, name, TRUE, FALSE };
}

static void
draw_classification (SegPredictEvaluation *self,
                     cairo_t              *cr,
                     double                width,
                     double                height)
{
  g_auto(Curves) curves = { 0 };
  SegCurvePlot plot = { curves.curves, 2, NULL, NULL, 0, { 0, 1 }, { 0, 1 }, NAN, NAN, NULL, { 0 } };
  g_autofree char *mark = NULL;
  const char *guess = _("Same chance for everyone");

  switch (seg_predict_evaluation_get_chart (self))
    {
    case SEG_PREDICT_CHART_ROC:
      curve_from_points (&curves, 0, self->roc, G_STRUCT_OFFSET (SegRocPoint, fpr),
                         G_STRUCT_OFFSET (SegRocPoint, tpr), _("This model"));
      reference_line (&curves, 1, 0, 0, 1, 1, guess);
      plot.axes = (SegAxes) { NULL, _("Share of the others contacted too"), _("Share of those with the outcome found"), NULL, FALSE, FALSE, FALSE, FALSE };
      if (self->confusion.tp + self->confusion.fn > 0 && self->confusion.fp + self->confusion.tn > 0)
        {
          plot.mark_x = self->confusion.fp / (self->confusion.fp + self->confusion.tn);
          plot.mark_y = self->confusion.tp / (self->confusion.tp + self->confusion.fn);
          /* Translators: the threshold marked on the ROC curve. */
          mark = g_strdup_printf (_("at %.2f"), self->confusion.threshold);
          plot.mark_label = mark;
        }
      break;
    case SEG_PREDICT_CHART_GAINS:
      curve_from_points (&curves, 0, self->gains, G_STRUCT_OFFSET (SegGainsPoint, share),
                         G_STRUCT_OFFSET (SegGainsPoint, gain), _("This model"));
      reference_line (&curves, 1, 0, 0, 1, 1, _("Contacting at random"));
      plot.axes = (SegAxes) { NULL, _("Share of customers contacted, likeliest first"), _("Share of those with the outcome found"), NULL, FALSE, FALSE, FALSE, FALSE };
      break;
    case SEG_PREDICT_CHART_LIFT:
      /* The first point is (0, 0) for the gains; lift starts after it. */
      curve_from_points (&curves, 0, self->gains, G_STRUCT_OFFSET (SegGainsPoint, share),
                         G_STRUCT_OFFSET (SegGainsPoint, lift), _("This model"));
      curves.curves[0].x++, curves.curves[0].y++, curves.curves[0].n = MAX (curves.curves[0].n, 1) - 1;
      curves.curves[0].dots = TRUE;
      reference_line (&curves, 1, 0, 1, 1, 1, _("Contacting at random"));
      plot.yr = (SegRange) { 0, 0 };
      plot.axes = (SegAxes) { NULL, _("Share of customers contacted, likeliest first"), _("Times better than at random"), NULL, FALSE, FALSE, FALSE, FALSE };
      break;
    case SEG_PREDICT_CHART_CALIBRATION:
      curve_from_points (&curves, 0, self->calibration, G_STRUCT_OFFSET (SegCalibrationBin, mean_predicted),
                         G_STRUCT_OFFSET (SegCalibrationBin, fraction_positive), _("This model"));
      curves.curves[0].dots = TRUE;
      reference_line (&curves, 1, 0, 0, 1, 1, _("Chances that come true"));
      plot.axes = (SegAxes) { NULL, _("Chance the model gave"), _("Share that really had the outcome"), NULL, FALSE, FALSE, FALSE, FALSE };
      break;
    case SEG_PREDICT_CHART_PRECISION:
    case SEG_PREDICT_N_CHARTS:
    default:
      curve_from_points (&curves, 0, self->pr, G_STRUCT_OFFSET (SegPrPoint, recall),
                         G_STRUCT_OFFSET (SegPrPoint, precision), _("This model"));
      reference_line (&curves, 1, 0, self->base_rate, 1, self->base_rate, guess);
      plot.axes = (SegAxes) { NULL, _("Share of those with the outcome found"), _("Share of the contacted with the outcome"), NULL, FALSE, FALSE, FALSE, FALSE };
      break;
    }
  seg_curve_plot_draw (cr, &plot, width, height);
}

static void
draw_regression (SegPredictEvaluation *self,
                 cairo_t              *cr,
                 double                width,
                 double                height)
{
  SegCurve curves[2] = {
    { self->bin_x, self->bin_y, self->n_bins, _("Average of each tenth"), FALSE, TRUE },
    { (const double[]) { self->fit_range.lo, self->fit_range.hi },
      (const double[]) { self->fit_range.lo, self->fit_range.hi }, 2, _("Perfect prediction"), TRUE, FALSE },
  };
  SegCurvePlot plot = {
    curves, 2, self->p, self->y, self->n, self->fit_range, self->fit_range, NAN, NAN, NULL,
    { NULL, _("Predicted"), _("Actual"), NULL, FALSE, FALSE, FALSE, FALSE },
  };

  seg_curve_plot_draw (cr, &plot, width, height);
}

static void
draw_lifetime (SegPredictEvaluation *self,
               cairo_t              *cr,
               double                width,
               double                height)
{
  const char *series[] = { _("Predicted"), _("Actual") };
  SegBarGroupPlot plot = {
    self->group_names->len, (const char *const *) self->group_names->pdata, 2, series,
    (const double *) self->group_values->data, 2, NULL,
    { NULL, _("Repeat purchases in the calibration period"), _("Purchases per customer afterwards"), NULL, FALSE, FALSE, FALSE, TRUE },
  };

  seg_bar_group_plot_draw (cr, &plot, width, height);
}

static void
draw_main (cairo_t  *cr,
           double    width,
           double    height,
           gpointer  data)
{
  SegPredictEvaluation *self = data;

  if (self->record == NULL)
    return;
  switch (self->record->kind)
    {
    case SEG_MODEL_KIND_CLASSIFICATION: draw_classification (self, cr, width, height); break;
    case SEG_MODEL_KIND_REGRESSION: draw_regression (self, cr, width, height); break;
    case SEG_MODEL_KIND_LIFETIME: draw_lifetime (self, cr, width, height); break;
    default: break;
    }
}

static void
confusion_words (Outcome      outcome,
                 const char **rows,
                 const char **captions)
{
  switch (outcome)
    {
    case OUTCOME_BUY:
      rows[0] = _("Bought"), rows[1] = _("Did not buy");
      captions[0] = _("contacted and bought");
      captions[1] = _("not contacted but bought");
      captions[2] = _("contacted, did not buy");
      captions[3] = _("not contacted, did not buy");
      break;
    case OUTCOME_CHURN:
      rows[0] = _("Left"), rows[1] = _("Stayed");
      captions[0] = _("contacted and left");
      captions[1] = _("not contacted but left");
      captions[2] = _("contacted, stayed");
      captions[3] = _("not contacted, stayed");
      break;
    case OUTCOME_OTHER:
    default:
      rows[0] = _("Had the outcome"), rows[1] = _("Did not");
      captions[0] = _("contacted, had it");
      captions[1] = _("not contacted, had it");
      captions[2] = _("contacted, did not");
      captions[3] = _("not contacted, did not");
      break;
    }
}

static void
draw_confusion (cairo_t  *cr,
                double    width,
                double    height,
                gpointer  data)
{
  SegPredictEvaluation *self = data;
  SegConfusionGrid grid = {
    { self->confusion.tp, self->confusion.fn, self->confusion.fp, self->confusion.tn },
    { NULL }, { NULL }, { _("Contacted"), _("Not contacted") }, NULL,
  };

  confusion_words (self->outcome, grid.row_names, grid.captions);
  seg_confusion_grid_draw (cr, &grid, width, height);
}

static void
draw_profit (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  data)
{
  SegPredictEvaluation *self = data;
  g_autofree double *x = g_new (double, self->n + 1);
  double cost = gtk_adjustment_get_value (self->cost_adjustment);
  double margin = gtk_adjustment_get_value (self->margin_adjustment);
  double positives = self->base_rate * self->n;
  SegCurve curves[2] = {
    { x, self->profit, self->profit != NULL ? self->n + 1 : 0, _("Likeliest first"), FALSE, FALSE },
    { (const double[]) { 0, self->n }, (const double[]) { 0, margin * positives - cost * self->n }, 2,
      _("Contacting at random"), TRUE, FALSE },
  };
  g_autofree char *money = seg_measure_format_money (self->best_profit);
  SegCurvePlot plot = {
    curves, 2, NULL, NULL, 0, { 0, 0 }, { 0, 0 }, self->best_k, self->best_profit, money,
    { NULL, _("Customers contacted"), _("Profit"), NULL, FALSE, FALSE, FALSE, FALSE },
  };

  for (size_t k = 0; k <= self->n; k++)
    x[k] = k;
  seg_curve_plot_draw (cr, &plot, width, height);
}

static void
draw_area (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  SegPredictEvaluation *self = data;
  Drawing drawing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "drawing"));
  SegPlotDrawFunc funcs[] = { draw_main, draw_confusion, draw_profit };

  self->n_draws++;
  funcs[drawing] (cr, width, height, self);
}

/* Classification ---------------------------------------------------------- */

static const char *
had_outcome (Outcome outcome)
{
  switch (outcome)
    {
    case OUTCOME_BUY: return _("bought");
    case OUTCOME_CHURN: return _("left");
    case OUTCOME_OTHER:
    default: return _("had the outcome");
    }
}

static void
update_threshold (SegPredictEvaluation *self)
{
  double threshold = gtk_adjustment_get_value (self->threshold_adjustment);
  double picked, found, all;
  g_autofree char *picked_text = NULL;
  g_autofree char *found_text = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *text = NULL;

  if (self->record == NULL || self->record->kind != SEG_MODEL_KIND_CLASSIFICATION)
    return;
  seg_metrics_confusion (self->y, self->p, NULL, self->n, threshold, &self->confusion);
  picked = self->confusion.tp + self->confusion.fp;
  found = self->confusion.tp;
  all = self->confusion.tp + self->confusion.fn;
  picked_text = format_count (picked);
  found_text = format_count (found);
  rows_text = format_count (self->n);
  if (picked > 0)
    text = g_strdup_printf (_("At %.2f you contact %s of the %s customers (%.0f%%). %s of them %s: %.0f%% of those contacted, against %.0f%% when contacting at random, and %.0f%% of all who %s."),
                            threshold, picked_text, rows_text, 100 * picked / MAX (self->n, 1),
                            found_text, had_outcome (self->outcome), 100 * found / picked, 100 * self->base_rate,
                            all > 0 ? 100 * found / all : 0.0, had_outcome (self->outcome));
  else
    text = g_strdup_printf (_("At %.2f no customer is contacted: no one’s chance is that high."), threshold);
  gtk_label_set_label (self->confusion_label, text);
  gtk_widget_queue_draw (GTK_WIDGET (self->confusion_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
update_profit (SegPredictEvaluation *self)
{
  double cost = gtk_adjustment_get_value (self->cost_adjustment);
  double margin = gtk_adjustment_get_value (self->margin_adjustment);
  g_autofree char *best = NULL;
  g_autofree char *everyone = NULL;
  g_autofree char *count = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *text = NULL;

  if (self->record == NULL || self->record->kind != SEG_MODEL_KIND_CLASSIFICATION)
    return;
  g_free (self->profit);
  self->profit = seg_metrics_profit_curve (self->y, self->p, self->n, cost, margin, &self->best_k, &self->best_profit);
  best = seg_measure_format_money (self->best_profit);
  everyone = seg_measure_format_money (self->profit[self->n]);
  count = format_count (self->best_k);
  rows = format_count (self->n);
  if (self->best_k > 0)
    text = g_strdup_printf (_("Contact the top %s customers: expected profit %s. That is what contacting the likeliest %s of these %s customers would have earned; contacting all of them, %s."),
                            count, best, count, rows, everyone);
  else
    text = g_strdup_printf (_("At this cost and margin no contact pays: even the likeliest customers earn less than contacting them costs. Contacting all %s would make %s."),
                            rows, everyone);
  gtk_label_set_label (self->profit_label, text);
  gtk_widget_queue_draw (GTK_WIDGET (self->profit_area));
}

static const char *
chart_note (SegPredictChart chart)
{
  switch (chart)
    {
    case SEG_PREDICT_CHART_ROC:
      return _("Going down the list from the likeliest customer, the curve shows how many of those with the outcome are found (up) for how many of the others are contacted too (right). The higher it bulges over the diagonal, the better the model ranks; the red dot is the threshold below.");
    case SEG_PREDICT_CHART_GAINS:
      return _("Contacting the likeliest customers first: the share of all those with the outcome found for each share of customers contacted. Contacting at random finds them only in proportion.");
    case SEG_PREDICT_CHART_LIFT:
      return _("How many times more of those contacted have the outcome than when contacting at random, for each share of customers contacted, likeliest first.");
    case SEG_PREDICT_CHART_CALIBRATION:
      return _("Customers grouped by the chance the model gave them: how many of each group really had the outcome. On the diagonal, a chance of 30% means 3 in 10.");
    case SEG_PREDICT_CHART_PRECISION:
    case SEG_PREDICT_N_CHARTS:
    default:
      return _("For each share of those with the outcome found, the share of the contacted customers who had it. Guessing finds them at the base rate.");
    }
}

static void
chart_changed (SegPredictEvaluation *self)
{
  if (self->record != NULL && self->record->kind == SEG_MODEL_KIND_CLASSIFICATION)
    gtk_label_set_label (self->chart_note, chart_note (seg_predict_evaluation_get_chart (self)));
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

/* What the target's table says about it: its kind, in words. */
static void
read_target (SegPredictEvaluation *self)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *origin;
  const char *target;

  if (self->record->input_table == NULL ||
      (info = seg_project_get_table (self->project, self->record->input_table, NULL)) == NULL ||
      info->origin == NULL || !json_parser_load_from_data (parser, info->origin, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  origin = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (origin, "kind", NULL), "predict-table") != 0)
    return;
  target = json_object_get_string_member_with_default (origin, "target", NULL);
  if (g_strcmp0 (target, "buys-again") == 0 || g_strcmp0 (target, "buys-item") == 0)
    self->outcome = OUTCOME_BUY;
  else if (g_strcmp0 (target, "churn") == 0)
    self->outcome = OUTCOME_CHURN;
  self->money = g_strcmp0 (target, "spend") == 0;
  self->horizon = (int) json_object_get_int_member_with_default (origin, "horizon", 0);
  self->target_description = g_strdup (json_object_get_string_member_with_default (origin, "target_description", NULL));
}

static char *
describe_held_out (SegPredictEvaluation *self)
{
  JsonObject *metrics = record_metrics (self->record);
  const char *how = json_object_get_string_member_with_default (metrics, "evaluation", "split");
  g_autofree char *rows = format_count (self->n);
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_strcmp0 (how, "cross-validation") == 0)
    g_string_append_printf (text, _("Judged on %s customers of “%s”, each predicted by a model that learnt from the others (%d-fold cross-validation)."),
                            rows, self->record->input_table,
                            (int) json_object_get_int_member_with_default (metrics, "folds", 5));
  else
    g_string_append_printf (text, _("Judged on the %s test customers of “%s”, whom the model did not learn from: what it predicted for them against what they did."),
                            rows, self->record->input_table);
  if (self->target_description != NULL)
    {
      g_string_append_c (text, ' ');
      /* Translators: what the model predicts, such as “Buys again within 30 days of 1 Sep 2024”. */
      g_string_append_printf (text, _("It predicts: %s."), self->target_description);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_classification (SegPredictEvaluation *self)
{
  double log_loss = seg_run_record_get_metric (self->record, "log_loss");
  double brier = seg_run_record_get_metric (self->record, "brier");

  return g_strdup_printf (_("How well it ranks (AUC): %.3f — 0.5 is a coin toss, 1 is perfect; giving everyone the same chance scores %.3f.\n"
                            "How far off its chances are (log loss, lower is better): %.3f, against %.3f for the same chance for everyone.\n"
                            "Squared miss of its chances (Brier score, lower is better): %.3f, against %.3f.\n"
                            "Base rate: %.1f%% of these customers %s — what anyone would guess without a model."),
                          self->auc, seg_run_record_get_metric (self->record, "baseline_auc"),
                          log_loss, seg_run_record_get_metric (self->record, "baseline_log_loss"),
                          brier, seg_run_record_get_metric (self->record, "baseline_brier"),
                          100 * self->base_rate, had_outcome (self->outcome));
}

static gboolean
load_classification (SegPredictEvaluation  *self,
                     GError               **error)
{
  SegGainsPoint origin = { 0, 0, NAN };

  self->roc = seg_metrics_roc_curve (self->y, self->p, NULL, self->n);
  self->pr = seg_metrics_pr_curve (self->y, self->p, NULL, self->n);
  self->gains = seg_metrics_gains (self->y, self->p, NULL, self->n, GAINS_POINTS);
  g_array_prepend_val (self->gains, origin);
  self->calibration = seg_metrics_calibration (self->y, self->p, self->n, CALIBRATION_BINS);
  self->base_rate = seg_metrics_base_rate (self->y, NULL, self->n);
  self->auc = seg_metrics_roc_auc (self->y, self->p, NULL, self->n);

  return TRUE;
}

/* Regression -------------------------------------------------------------- */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_by_prediction (const void *a,
                       const void *b,
                       void       *data)
{
  const double *p = data;
  size_t i = *(const size_t *) a, j = *(const size_t *) b;

  return (p[i] > p[j]) - (p[i] < p[j]);
}

/* The means of predicted and actual values in tenths of the rows by
 * prediction, and a range that shows all but the largest 1% of values:
 * a few big spenders would otherwise squash the rest into a corner. */
static void
fit_regression (SegPredictEvaluation *self)
{
  g_autofree size_t *order = g_new (size_t, MAX (self->n, 1));
  g_autofree double *values = g_new (double, MAX (2 * self->n, 1));
  size_t m = 0;

  for (size_t i = 0; i < self->n; i++)
    order[i] = i;
  g_qsort_with_data (order, self->n, sizeof (size_t), compare_by_prediction, self->p);
  self->n_bins = 0;
  for (guint b = 0; b < REGRESSION_BINS && self->n >= REGRESSION_BINS; b++)
    {
      size_t from = self->n * b / REGRESSION_BINS, to = self->n * (b + 1) / REGRESSION_BINS;
      double sx = 0, sy = 0;

      for (size_t r = from; r < to; r++)
        sx += self->p[order[r]], sy += self->y[order[r]];
      self->bin_x[self->n_bins] = sx / (to - from);
      self->bin_y[self->n_bins++] = sy / (to - from);
    }
  for (size_t i = 0; i < self->n; i++)
    {
      if (isfinite (self->y[i]))
        values[m++] = self->y[i];
      if (isfinite (self->p[i]))
        values[m++] = self->p[i];
    }
  qsort (values, m, sizeof (double), compare_doubles);
  if (m == 0)
    self->fit_range = (SegRange) { 0, 1 };
  else
    {
      double lo = MIN (values[0], 0), hi = values[(size_t) floor ((m - 1) * 0.99)];

      if (hi <= lo)
        hi = values[m - 1] > lo ? values[m - 1] : lo + 1;
      self->fit_range = (SegRange) { lo, hi + (hi - lo) * 0.04 };
    }
}

static char *
describe_regression (SegPredictEvaluation *self)
{
  g_autofree char *rmse = format_amount (self, self->ours.rmse);
  g_autofree char *base_rmse = format_amount (self, self->yardstick.rmse);
  g_autofree char *mae = format_amount (self, self->ours.mae);
  g_autofree char *base_mae = format_amount (self, self->yardstick.mae);
  g_autofree char *mean = format_amount (self, self->base != NULL && self->n > 0 ? self->base[0] : NAN);

  const char *column = json_object_get_string_member_with_default (record_metrics (self->record), "baseline", "mean");
  g_autofree char *yardstick = !self->last_period
    ? g_strdup_printf (_("The yardstick predicts the training customers’ average, %s, for everyone."), mean)
    : self->money && self->horizon > 0
    ? g_strdup_printf (_("The yardstick predicts that each customer spends as much as in the %d days before the cut-off (last period’s spend)."),
                       self->horizon)
    : g_strdup_printf (_("The yardstick predicts last period’s value, from the column “%s”."), column);

  return g_strdup_printf (_("%s\n"
                            "Typical miss (RMSE, big misses count more): %s, against %s for the yardstick.\n"
                            "Average miss (MAE): %s, against %s.\n"
                            "Share of the differences between customers it explains (R²): %.0f%% — 0%% is no better than the average, 100%% is perfect; the yardstick scores %.0f%%."),
                          yardstick, rmse, base_rmse, mae, base_mae, percent (self->ours.r2), percent (self->yardstick.r2));
}

/* Lifetime value ---------------------------------------------------------- */

static const char *
unit_name (SegRunRecord *record)
{
  JsonObject *parameters = JSON_NODE_HOLDS_OBJECT (record->parameters) ? json_node_get_object (record->parameters) : NULL;

  return g_strcmp0 (json_object_get_string_member_with_default (parameters, "unit", "weeks"), "days") == 0
    ? _("days") : _("weeks");
}

static char *
describe_lifetime (SegPredictEvaluation *self)
{
  JsonObject *metrics = record_metrics (self->record);
  JsonObject *parameters = JSON_NODE_HOLDS_OBJECT (self->record->parameters) ? json_node_get_object (self->record->parameters) : NULL;
  gboolean days = g_strcmp0 (json_object_get_string_member_with_default (parameters, "unit", "weeks"), "days") == 0;
  double r = seg_run_record_get_metric (self->record, "r"), alpha = seg_run_record_get_metric (self->record, "alpha");
  double p = seg_run_record_get_metric (self->record, "p"), q = seg_run_record_get_metric (self->record, "q");
  double v = seg_run_record_get_metric (self->record, "v");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *order = q > 1 ? seg_measure_format_money (p * v / (q - 1)) : NULL;
  g_autofree char *total = seg_measure_format_money (seg_run_record_get_metric (self->record, "total_clv"));
  g_autofree char *customers = format_count (seg_run_record_get_metric (self->record, "customers"));

  if (isfinite (r) && isfinite (alpha) && alpha > 0)
    g_string_append_printf (text, days ? _("While still customers, they buy about %.2f times a day on average.")
                                       : _("While still customers, they buy about %.2f times a week on average."),
                            r / alpha);
  if (g_strcmp0 (json_object_get_string_member_with_default (metrics, "purchase_model", ""), "pareto-nbd") == 0)
    {
      double s = seg_run_record_get_metric (self->record, "s"), beta = seg_run_record_get_metric (self->record, "beta");

      if (isfinite (s) && isfinite (beta) && s > 0)
        g_string_append_printf (text, days ? _(" They stay customers for about %.0f days on average (Pareto/NBD).")
                                           : _(" They stay customers for about %.0f weeks on average (Pareto/NBD)."),
                                beta / s);
    }
  else
    {
      double a = seg_run_record_get_metric (self->record, "a"), b = seg_run_record_get_metric (self->record, "b");

      if (isfinite (a) && isfinite (b) && a + b > 0)
        g_string_append_printf (text, _(" After each purchase about %.1f%% of them stop buying for good (BG/NBD)."),
                                100 * a / (a + b));
    }
  if (order != NULL)
    g_string_append_printf (text, _(" An order is worth %s on average."), order);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Chance still a customer, on average: %.0f%%. What all %s customers are worth over the horizon: %s."),
                          100 * seg_run_record_get_metric (self->record, "mean_p_alive"),
                          customers, total);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
load_lifetime (SegPredictEvaluation  *self,
               GError               **error)
{
  JsonObject *holdout = object_member (record_metrics (self->record), "holdout");
  JsonArray *groups = holdout != NULL && json_object_has_member (holdout, "groups")
    ? json_object_get_array_member (holdout, "groups") : NULL;
  guint n = groups != NULL ? json_array_get_length (groups) : 0;

  self->holdout_predicted = self->holdout_actual = 0;
  g_array_set_size (self->group_values, 2 * n);
  for (guint g = 0; g < n; g++)
    {
      JsonObject *group = json_array_get_object_element (groups, g);
      gint64 frequency = json_object_get_int_member_with_default (group, "frequency", g);

      g_ptr_array_add (self->group_names,
                       json_object_get_boolean_member_with_default (group, "or_more", FALSE)
                       ? g_strdup_printf ("%" PRId64 "+", frequency) : g_strdup_printf ("%" PRId64, frequency));
      g_array_index (self->group_values, double, g) = json_object_get_double_member_with_default (group, "predicted_mean", NAN);
      g_array_index (self->group_values, double, n + g) = json_object_get_double_member_with_default (group, "actual_mean", NAN);
      self->holdout_predicted += json_object_get_double_member_with_default (group, "predicted", 0);
      self->holdout_actual += json_object_get_double_member_with_default (group, "actual", 0);
    }
  if (n == 0)
    self->holdout_predicted = self->holdout_actual = NAN;

  return TRUE;
}

static char *
describe_holdout (SegPredictEvaluation *self)
{
  JsonObject *metrics = record_metrics (self->record);
  JsonObject *holdout = object_member (metrics, "holdout");
  const char *end = json_object_get_string_member_with_default (metrics, "calibration_end", "");
  g_autofree char *predicted = NULL;
  g_autofree char *actual = NULL;

  if (self->group_names->len == 0)
    return g_strdup_printf (_("The model learnt from every order up to %s, so no later orders are left to check it against. To see how good it is, make the analysis again with a calibration end before the last order: the orders after it then test the predictions."),
                            end);
  predicted = format_count (self->holdout_predicted);
  actual = format_count (self->holdout_actual);
  return g_strdup_printf (_("The model learnt from the orders up to %s. In the %.0f %s after that it expected %s repeat purchases; the customers made %s (%+.0f%%). The bars compare the two for customers grouped by how often they had bought before; the yardstick is what they really did."),
                          end, json_object_get_double_member_with_default (holdout, "duration", NAN), unit_name (self->record),
                          predicted, actual,
                          self->holdout_predicted > 0 ? 100 * (self->holdout_actual / self->holdout_predicted - 1) : 0.0);
}

/* Loading ----------------------------------------------------------------- */

static void
show_empty (SegPredictEvaluation *self,
            const char           *title,
            const char           *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict-evaluation.export-chart", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict-evaluation.export-confusion", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict-evaluation.export-profit", FALSE);
}

static void
load (SegPredictEvaluation *self)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *figures = NULL;
  SegModelKind kind;

  clear_data (self);
  if (self->project != NULL && self->run > 0)
    record = seg_project_get_run (self->project, self->run, NULL);
  if (record == NULL || (record->kind != SEG_MODEL_KIND_CLASSIFICATION && record->kind != SEG_MODEL_KIND_REGRESSION &&
                         record->kind != SEG_MODEL_KIND_LIFETIME))
    {
      show_empty (self, _("No Prediction Chosen"), _("Make or choose a prediction, then see here how good it is."));
      return;
    }
  kind = record->kind;
  self->record = g_steal_pointer (&record);
  read_target (self);
  if (kind != SEG_MODEL_KIND_LIFETIME &&
      !seg_predict_read_evaluation (self->project, self->run, &self->y, &self->p, &self->base, &self->n, &error))
    {
      g_autofree char *description = g_strdup_printf (_("%s Run the prediction again to judge it."), error->message);

      clear_data (self);
      show_empty (self, _("Nothing to Judge"), description);
      return;
    }
  if (kind != SEG_MODEL_KIND_LIFETIME && self->n == 0)
    {
      clear_data (self);
      show_empty (self, _("Nothing to Judge"), _("The prediction kept no customers to judge it on: it had no test rows with a known outcome."));
      return;
    }

  switch (kind)
    {
    case SEG_MODEL_KIND_CLASSIFICATION:
      load_classification (self, NULL);
      intro = describe_held_out (self);
      figures = describe_classification (self);
      update_threshold (self);
      update_profit (self);
      break;
    case SEG_MODEL_KIND_REGRESSION:
      seg_metrics_regression (self->y, self->p, NULL, self->n, &self->ours);
      /* The run's baseline is last period's value when it names the
       * column with it (a spend table's "previous"), else the mean. */
      self->last_period = g_strcmp0 (json_object_get_string_member_with_default (record_metrics (self->record), "baseline", "mean"),
                                     "mean") != 0;
      seg_metrics_regression (self->y, self->base, NULL, self->n, &self->yardstick);
      fit_regression (self);
      intro = describe_held_out (self);
      figures = describe_regression (self);
      break;
    case SEG_MODEL_KIND_LIFETIME:
    default:
      load_lifetime (self, NULL);
      intro = describe_holdout (self);
      figures = describe_lifetime (self);
      break;
    }

  gtk_label_set_label (self->intro_label, intro);
  gtk_label_set_label (self->figures_label, figures);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_chooser), kind == SEG_MODEL_KIND_CLASSIFICATION);
  gtk_widget_set_visible (self->decision_box, kind == SEG_MODEL_KIND_CLASSIFICATION);
  gtk_widget_set_visible (self->chart_frame, kind != SEG_MODEL_KIND_LIFETIME || self->group_names->len > 0);
  if (kind == SEG_MODEL_KIND_CLASSIFICATION)
    gtk_label_set_label (self->chart_note, chart_note (seg_predict_evaluation_get_chart (self)));
  else if (kind == SEG_MODEL_KIND_REGRESSION)
    /* xgettext:no-c-format */
    gtk_label_set_label (self->chart_note, _("Each dot is a customer: what the model predicted (across) against what really happened (up). The dots of a good model lie near the dashed line; the large dots are the averages of each tenth of the customers by prediction. The largest 1% of values lie beyond the edges."));
  else
    gtk_label_set_label (self->chart_note, "");
  gtk_widget_set_visible (GTK_WIDGET (self->chart_note), kind != SEG_MODEL_KIND_LIFETIME);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict-evaluation.export-chart",
                                 kind != SEG_MODEL_KIND_LIFETIME || self->group_names->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict-evaluation.export-confusion", kind == SEG_MODEL_KIND_CLASSIFICATION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "predict-evaluation.export-profit", kind == SEG_MODEL_KIND_CLASSIFICATION);
  gtk_stack_set_visible_child_name (self->stack, "main");
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

/* The run may be deleted, or the project's runs read again. */
static void
runs_changed (SegPredictEvaluation *self)
{
  g_autoptr(SegRunRecord) record = NULL;

  if (self->project != NULL && self->run > 0)
    record = seg_project_get_run (self->project, self->run, NULL);
  if ((record == NULL) != (self->record == NULL))
    load (self);
}

/* Exporting --------------------------------------------------------------- */

static gboolean
export_drawing (SegPredictEvaluation  *self,
                Drawing                drawing,
                const char            *path,
                GError               **error)
{
  SegPlotDrawFunc funcs[] = { draw_main, draw_confusion, draw_profit };
  gboolean shown = self->record != NULL &&
    (drawing == DRAWING_MAIN ? (self->record->kind != SEG_MODEL_KIND_LIFETIME || self->group_names->len > 0)
                             : self->record->kind == SEG_MODEL_KIND_CLASSIFICATION);

  if (!shown)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("There is no chart to export: choose a prediction that was judged on held-out customers"));
      return FALSE;
    }

  return seg_plot_export (path, 900, drawing == DRAWING_CONFUSION ? 420 : 600, funcs[drawing], self, error);
}

static char *
save_drawing (GtkWidget   *widget,
              Drawing      drawing,
              const char  *path,
              GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);

  if (!export_drawing (SEG_PREDICT_EVALUATION (widget), drawing, path, error))
    return NULL;
  return g_strdup_printf (_("Saved the chart as %s"), base);
}

static char *
save_main (GtkWidget   *widget,
           const char  *path,
           GError     **error)
{
  return save_drawing (widget, DRAWING_MAIN, path, error);
}

static char *
save_confusion (GtkWidget   *widget,
                const char  *path,
                GError     **error)
{
  return save_drawing (widget, DRAWING_CONFUSION, path, error);
}

static char *
save_profit (GtkWidget   *widget,
             const char  *path,
             GError     **error)
{
  return save_drawing (widget, DRAWING_PROFIT, path, error);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = seg_view_chart_filter ();

  if (g_str_equal (action_name, "predict-evaluation.export-confusion"))
    /* Translators: a file name; keep it to letters, digits and dashes. */
    seg_view_choose_and_save (widget, _("Export Chart"), _("who-to-contact.png"), filter, save_confusion,
                              _("Could Not Export the Chart"));
  else if (g_str_equal (action_name, "predict-evaluation.export-profit"))
    /* Translators: a file name; keep it to letters, digits and dashes. */
    seg_view_choose_and_save (widget, _("Export Chart"), _("contact-profit.png"), filter, save_profit,
                              _("Could Not Export the Chart"));
  else
    /* Translators: a file name; keep it to letters, digits and dashes. */
    seg_view_choose_and_save (widget, _("Export Chart"), _("prediction-quality.png"), filter, save_main,
                              _("Could Not Export the Chart"));
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
seg_predict_evaluation_new (void)
{
  return g_object_new (SEG_TYPE_PREDICT_EVALUATION, NULL);
}

SegProject *
seg_predict_evaluation_get_project (SegPredictEvaluation *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), NULL);

  return self->project;
}

void
seg_predict_evaluation_set_project (SegPredictEvaluation *self,
                                    SegProject           *project)
{
  g_return_if_fail (SEG_IS_PREDICT_EVALUATION (self));
  g_return_if_fail (project == NULL || SEG_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->runs_model != NULL)
    g_signal_handlers_disconnect_by_data (self->runs_model, self);
  g_clear_object (&self->runs_model);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      self->runs_model = g_object_ref (seg_project_get_runs (project));
      g_signal_connect_object (self->runs_model, "items-changed", G_CALLBACK (runs_changed), self, G_CONNECT_SWAPPED);
    }
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

SegSession *
seg_predict_evaluation_get_session (SegPredictEvaluation *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), NULL);

  return self->session;
}

/**
 * seg_predict_evaluation_set_session:
 *
 * The view reads the run's record only; the session is kept for the
 * page that embeds it, as its sibling views take one.
 */
void
seg_predict_evaluation_set_session (SegPredictEvaluation *self,
                                    SegSession           *session)
{
  g_return_if_fail (SEG_IS_PREDICT_EVALUATION (self));
  g_return_if_fail (session == NULL || SEG_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gint64
seg_predict_evaluation_get_run (SegPredictEvaluation *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), 0);

  return self->run;
}

/**
 * seg_predict_evaluation_set_run:
 * @run: a classification, regression or lifetime run; 0 for none
 */
void
seg_predict_evaluation_set_run (SegPredictEvaluation *self,
                                gint64                run)
{
  g_return_if_fail (SEG_IS_PREDICT_EVALUATION (self));

  if (self->run == run)
    return;
  self->run = run;
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

SegPredictChart
seg_predict_evaluation_get_chart (SegPredictEvaluation *self)
{
  guint selected;

  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), SEG_PREDICT_CHART_ROC);

  selected = gtk_drop_down_get_selected (self->chart_chooser);
  return selected < SEG_PREDICT_N_CHARTS ? (SegPredictChart) selected : SEG_PREDICT_CHART_ROC;
}

void
seg_predict_evaluation_set_chart (SegPredictEvaluation *self,
                                  SegPredictChart       chart)
{
  g_return_if_fail (SEG_IS_PREDICT_EVALUATION (self));
  g_return_if_fail (chart < SEG_PREDICT_N_CHARTS);

  gtk_drop_down_set_selected (self->chart_chooser, chart);
}

double
seg_predict_evaluation_get_threshold (SegPredictEvaluation *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), NAN);

  return gtk_adjustment_get_value (self->threshold_adjustment);
}

/**
 * seg_predict_evaluation_set_threshold:
 * @threshold: customers with at least this chance are contacted, from 0 to 1
 */
void
seg_predict_evaluation_set_threshold (SegPredictEvaluation *self,
                                      double                threshold)
{
  g_return_if_fail (SEG_IS_PREDICT_EVALUATION (self));

  gtk_adjustment_set_value (self->threshold_adjustment, threshold);
}

/**
 * seg_predict_evaluation_set_money:
 * @cost: what contacting one customer costs
 * @margin: what one customer who has the outcome earns
 */
void
seg_predict_evaluation_set_money (SegPredictEvaluation *self,
                                  double                cost,
                                  double                margin)
{
  g_return_if_fail (SEG_IS_PREDICT_EVALUATION (self));

  gtk_adjustment_set_value (self->cost_adjustment, cost);
  gtk_adjustment_set_value (self->margin_adjustment, margin);
}

/**
 * seg_predict_evaluation_get_figure:
 * @name: "auc", "base_rate", "rows"; "tp", "fp", "fn", "tn" at the
 *   threshold; "best_n", "best_profit"; "rmse", "mae", "r2" and their
 *   "baseline_" twins; "holdout_predicted", "holdout_actual"
 *
 * Returns: a figure the view shows, or NAN when it shows none
 */
double
seg_predict_evaluation_get_figure (SegPredictEvaluation *self,
                                   const char           *name)
{
  enum { ANY, CLASSIFICATION, REGRESSION, HELD_OUT };
  const struct { const char *name; double value; int kind; } *f, figures[] = {
    { "auc", self->auc, ANY }, { "base_rate", self->base_rate, ANY }, { "rows", self->n, HELD_OUT },
    { "tp", self->confusion.tp, CLASSIFICATION }, { "fp", self->confusion.fp, CLASSIFICATION },
    { "fn", self->confusion.fn, CLASSIFICATION }, { "tn", self->confusion.tn, CLASSIFICATION },
    { "best_n", self->best_k, CLASSIFICATION }, { "best_profit", self->best_profit, CLASSIFICATION },
    { "rmse", self->ours.rmse, REGRESSION }, { "mae", self->ours.mae, REGRESSION }, { "r2", self->ours.r2, REGRESSION },
    { "baseline_rmse", self->yardstick.rmse, REGRESSION }, { "baseline_mae", self->yardstick.mae, REGRESSION },
    { "baseline_r2", self->yardstick.r2, REGRESSION },
    { "holdout_predicted", self->holdout_predicted, ANY }, { "holdout_actual", self->holdout_actual, ANY },
  };

  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), NAN);
  g_return_val_if_fail (name != NULL, NAN);

  for (f = figures; f < figures + G_N_ELEMENTS (figures); f++)
    if (g_str_equal (f->name, name))
      {
        SegModelKind kind = self->record != NULL ? self->record->kind : SEG_MODEL_KIND_SEGMENTATION;

        if (self->record == NULL ||
            (f->kind == CLASSIFICATION && kind != SEG_MODEL_KIND_CLASSIFICATION) ||
            (f->kind == REGRESSION && kind != SEG_MODEL_KIND_REGRESSION) ||
            (f->kind == HELD_OUT && kind == SEG_MODEL_KIND_LIFETIME))
          return NAN;
        return f->value;
      }

  return NAN;
}

/**
 * seg_predict_evaluation_get_n_draws:
 *
 * Returns: how often the view's charts were drawn, on screen or into a
 *   file
 */
guint
seg_predict_evaluation_get_n_draws (SegPredictEvaluation *self)
{
  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), 0);

  return self->n_draws;
}

/**
 * seg_predict_evaluation_export_chart:
 * @path: a .png, .svg or .pdf file
 *
 * Writes the chart shown: the chosen curve of a classification, the
 * predicted against actual values of a regression, the check of a
 * lifetime model.
 *
 * Returns: whether the chart was written
 */
gboolean
seg_predict_evaluation_export_chart (SegPredictEvaluation  *self,
                                     const char            *path,
                                     GError               **error)
{
  g_return_val_if_fail (SEG_IS_PREDICT_EVALUATION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return export_drawing (self, DRAWING_MAIN, path, error);
}

/* GObject ----------------------------------------------------------------- */

static void
seg_predict_evaluation_dispose (GObject *object)
{
  SegPredictEvaluation *self = SEG_PREDICT_EVALUATION (object);

  if (self->runs_model != NULL)
    g_signal_handlers_disconnect_by_data (self->runs_model, self);
  g_clear_object (&self->runs_model);
  /* The bin lets its child go first: the template's root is that child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_PREDICT_EVALUATION);
  clear_data (self);
  g_clear_object (&self->project);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (seg_predict_evaluation_parent_class)->dispose (object);
}

static void
seg_predict_evaluation_finalize (GObject *object)
{
  SegPredictEvaluation *self = SEG_PREDICT_EVALUATION (object);

  g_clear_pointer (&self->group_names, g_ptr_array_unref);
  g_clear_pointer (&self->group_values, g_array_unref);

  G_OBJECT_CLASS (seg_predict_evaluation_parent_class)->finalize (object);
}

static void
seg_predict_evaluation_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SegPredictEvaluation *self = SEG_PREDICT_EVALUATION (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_RUN: g_value_set_int64 (value, self->run); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_predict_evaluation_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SegPredictEvaluation *self = SEG_PREDICT_EVALUATION (object);

  switch (prop_id)
    {
    case PROP_PROJECT: seg_predict_evaluation_set_project (self, g_value_get_object (value)); break;
    case PROP_SESSION: seg_predict_evaluation_set_session (self, g_value_get_object (value)); break;
    case PROP_RUN: seg_predict_evaluation_set_run (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_predict_evaluation_class_init (SegPredictEvaluationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = seg_predict_evaluation_dispose;
  object_class->finalize = seg_predict_evaluation_finalize;
  object_class->get_property = seg_predict_evaluation_get_property;
  object_class->set_property = seg_predict_evaluation_set_property;

  properties[PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT, flags);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SEG_TYPE_SESSION, flags);
  properties[PROP_RUN] = g_param_spec_int64 ("run", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-predict-evaluation.ui");
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, stack);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, figures_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, chart_chooser);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, chart_frame);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, chart);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, chart_note);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, decision_box);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, threshold_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, confusion_area);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, confusion_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, cost_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, margin_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, cost_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, margin_label);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, profit_area);
  gtk_widget_class_bind_template_child (widget_class, SegPredictEvaluation, profit_label);
  gtk_widget_class_bind_template_callback (widget_class, update_threshold);
  gtk_widget_class_bind_template_callback (widget_class, update_profit);
  gtk_widget_class_bind_template_callback (widget_class, chart_changed);

  gtk_widget_class_install_action (widget_class, "predict-evaluation.export-chart", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "predict-evaluation.export-confusion", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "predict-evaluation.export-profit", NULL, export_action);
}

static void
set_drawing (SegPredictEvaluation *self,
             GtkDrawingArea       *area,
             Drawing               drawing)
{
  g_object_set_data (G_OBJECT (area), "drawing", GINT_TO_POINTER (drawing));
  gtk_drawing_area_set_draw_func (area, draw_area, self, NULL);
}

static void
seg_predict_evaluation_init (SegPredictEvaluation *self)
{
  const char *currency = localeconv ()->currency_symbol;

  self->group_names = g_ptr_array_new_with_free_func (g_free);
  self->group_values = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The sums are in the shop's money, as the locale writes it. */
  if (currency != NULL && currency[0] != '\0')
    {
      g_autofree char *cost = g_strdup_printf (_("Cost per contact (%s)"), currency);
      g_autofree char *margin = g_strdup_printf (_("Margin per purchase (%s)"), currency);

      gtk_label_set_label (self->cost_label, cost);
      gtk_label_set_label (self->margin_label, margin);
    }
  set_drawing (self, self->chart, DRAWING_MAIN);
  set_drawing (self, self->confusion_area, DRAWING_CONFUSION);
  set_drawing (self, self->profit_area, DRAWING_PROFIT);
  load (self);
}
