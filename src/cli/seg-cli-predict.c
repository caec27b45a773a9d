/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-error.h"
#include "seg-metrics.h"
#include "seg-predict-model.h"
#include "seg-run-record.h"

/*
 * What a prediction run found (the figures next to the baseline's and,
 * for linear models, the coefficient table), its evaluation looked at
 * again at another threshold or for a campaign's costs, and its model
 * scoring the rows of another table.
 */

/**
 * seg_cli_prediction_types:
 *
 * Returns: (transfer full): the models of both prediction kinds,
 *   classification first
 */
GType *
seg_cli_prediction_types (guint *n_types)
{
  g_autofree GType *classifiers = NULL;
  g_autofree GType *regressors = NULL;
  guint n_classifiers, n_regressors;
  GType *types;

  classifiers = seg_model_list_types (SEG_MODEL_KIND_CLASSIFICATION, &n_classifiers);
  regressors = seg_model_list_types (SEG_MODEL_KIND_REGRESSION, &n_regressors);
  types = g_new0 (GType, n_classifiers + n_regressors + 1);
  for (guint t = 0; t < n_classifiers; t++)
    types[t] = classifiers[t];
  for (guint t = 0; t < n_regressors; t++)
    types[n_classifiers + t] = regressors[t];
  *n_types = n_classifiers + n_regressors;

  return types;
}

static void
print_against_baseline (JsonObject *metrics,
                        const char *label,
                        const char *name)
{
  g_autofree char *baseline_name = g_strdup_printf ("baseline_%s", name);
  g_autofree char *ours = seg_cli_format_metric (seg_cli_metric (metrics, name));
  g_autofree char *theirs = seg_cli_format_metric (seg_cli_metric (metrics, baseline_name));

  g_print ("  %-18s %10s %10s\n", label, ours, theirs);
}

static void
print_coefficients (JsonObject *metrics)
{
  JsonObject *model = json_object_has_member (metrics, "model") ? json_object_get_object_member (metrics, "model") : NULL;
  JsonArray *rows = model != NULL && json_object_has_member (model, "coefficients")
    ? json_object_get_array_member (model, "coefficients") : NULL;

  if (rows == NULL)
    return;
  g_print ("\n  %-24s %12s %12s %9s %10s\n", _("Feature"), _("Estimate"), _("Std. error"), _("t"), _("p"));
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);
      g_autofree char *estimate = seg_cli_format_metric (seg_cli_metric (row, "estimate"));
      g_autofree char *se = seg_cli_format_metric (seg_cli_metric (row, "std_error"));
      g_autofree char *t = seg_cli_format_metric (seg_cli_metric (row, "t"));
      g_autofree char *p = seg_cli_format_metric (seg_cli_metric (row, "p"));

      g_print ("  %-24s %12s %12s %9s %10s\n", json_object_get_string_member (row, "feature"), estimate, se, t, p);
    }
}

/**
 * seg_cli_report_prediction:
 *
 * The reporter of classification and regression runs. With --json the
 * run record's metrics say it all, so it adds nothing.
 */
void
seg_cli_report_prediction (SegProject         *project,
                           const SegRunRecord *record,
                           JsonBuilder        *builder)
{
  JsonObject *metrics = json_node_get_object (record->metrics);
  const char *evaluation = json_object_get_string_member_with_default (metrics, "evaluation", "");

  if (builder != NULL)
    return;

  g_print (_("Run %" PRId64 ": %s of “%s” in %.2f s\n"), record->id,
           seg_run_record_get_title ((SegRunRecord *) record), record->input_table, record->seconds);
  if (g_str_equal (evaluation, "split"))
    g_print (_("Judged on the %" PRId64 " test rows:\n"),
             json_object_get_int_member_with_default (metrics, "rows_evaluated", 0));
  else
    g_print (_("Judged by %" PRId64 "-fold cross-validation on %" PRId64 " rows:\n"),
             json_object_get_int_member_with_default (metrics, "folds", 0),
             json_object_get_int_member_with_default (metrics, "rows_evaluated", 0));
  g_print ("  %-18s %10s %10s\n", "", _("model"), _("baseline"));
  if (record->kind == SEG_MODEL_KIND_CLASSIFICATION)
    {
      g_autofree char *rate = seg_cli_format_metric (seg_cli_metric (metrics, "base_rate"));

      print_against_baseline (metrics, _("AUC"), "auc");
      print_against_baseline (metrics, _("Log loss"), "log_loss");
      print_against_baseline (metrics, _("Brier score"), "brier");
      g_print (_("  Base rate %s\n"), rate);
      seg_cli_report_classifier (record);
    }
  else
    {
      print_against_baseline (metrics, _("RMSE"), "rmse");
      print_against_baseline (metrics, _("MAE"), "mae");
      print_against_baseline (metrics, _("R²"), "r2");
      if (g_strcmp0 (json_object_get_string_member_with_default (metrics, "baseline", "mean"), "mean") == 0)
        g_print (_("  The baseline predicts the training rows’ mean\n"));
      else
        g_print (_("  The baseline predicts last period’s value, the column “%s”\n"),
                 json_object_get_string_member (metrics, "baseline"));
      print_coefficients (metrics);
    }
  g_print (_("\nPredictions are in the table “%s”\n"), record->result_tables[0]);
}

/* evaluate-model */

static double eval_threshold = 0.5;
static double eval_cost = NAN;
static double eval_margin = NAN;

static const GOptionEntry evaluate_model_entries[] = {
  { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &eval_threshold, N_("Classification: call rows at or above this chance yes (default 0.5)"), N_("P") },
  { "cost", 0, 0, G_OPTION_ARG_DOUBLE, &eval_cost, N_("Classification: what contacting one customer costs"), N_("AMOUNT") },
  { "margin", 0, 0, G_OPTION_ARG_DOUBLE, &eval_margin, N_("Classification: what one customer who buys earns"), N_("AMOUNT") },
  { NULL }
};

static int
evaluate_model_check (int    argc,
                      char **argv)
{
  int status = seg_cli_check_run_id (argc, argv, _("evaluate-model: give one run number (see “runs”)"),
                                     _("evaluate-model: “%s” is not a run number"));

  if (status != SEG_CLI_EXIT_OK)
    return status;
  if (!(eval_threshold >= 0 && eval_threshold <= 1))
    return seg_cli_usage_error (_("--threshold: give a chance from 0 to 1, such as 0.5"));
  if (isnan (eval_cost) != isnan (eval_margin))
    return seg_cli_usage_error (isnan (eval_cost) ? _("--cost: give it with --margin") : _("--margin: give it with --cost"));
  if (!isnan (eval_cost) && !(eval_cost >= 0 && isfinite (eval_cost)))
    return seg_cli_usage_error (_("--cost: give an amount of at least 0"));
  if (!isnan (eval_margin) && !(eval_margin > 0 && isfinite (eval_margin)))
    return seg_cli_usage_error (_("--margin: give an amount above 0"));

  return SEG_CLI_EXIT_OK;
}

static int
evaluate_model_run (SegProject  *project,
                    int          argc,
                    char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree double *y = NULL, *p = NULL, *base = NULL;
  gint64 id;
  size_t n;

  seg_cli_parse_run_id (argv[1], &id);
  record = seg_project_get_run (project, id, &error);
  if (record == NULL)
    return seg_cli_fail (error);
  if (record->kind != SEG_MODEL_KIND_CLASSIFICATION && record->kind != SEG_MODEL_KIND_REGRESSION)
    {
      g_set_error (&error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("evaluate-model: run %" PRId64 " is not a classification or regression run"), id);
      return seg_cli_fail (error);
    }
  if (!seg_predict_read_evaluation (project, id, &y, &p, &base, &n, &error))
    return seg_cli_fail (error);

  json_builder_begin_object (builder);
  seg_cli_json_add_int (builder, "run", id);
  seg_cli_json_add_string (builder, "algorithm", record->algorithm);
  seg_cli_json_add_int (builder, "rows", (gint64) n);
  if (record->kind == SEG_MODEL_KIND_CLASSIFICATION)
    {
      SegConfusion confusion;

      seg_metrics_confusion (y, p, NULL, n, eval_threshold, &confusion);
      seg_cli_json_add_double (builder, "auc", seg_metrics_roc_auc (y, p, NULL, n));
      seg_cli_json_add_double (builder, "baseline_auc", seg_metrics_roc_auc (y, base, NULL, n));
      seg_cli_json_add_double (builder, "log_loss", seg_metrics_log_loss (y, p, NULL, n));
      seg_cli_json_add_double (builder, "baseline_log_loss", seg_metrics_log_loss (y, base, NULL, n));
      seg_cli_json_add_double (builder, "brier", seg_metrics_brier (y, p, NULL, n));
      seg_cli_json_add_double (builder, "average_precision", seg_metrics_average_precision (y, p, NULL, n));
      json_builder_set_member_name (builder, "confusion");
      json_builder_begin_object (builder);
      seg_cli_json_add_double (builder, "threshold", eval_threshold);
      seg_cli_json_add_double (builder, "tp", confusion.tp);
      seg_cli_json_add_double (builder, "fp", confusion.fp);
      seg_cli_json_add_double (builder, "tn", confusion.tn);
      seg_cli_json_add_double (builder, "fn", confusion.fn);
      seg_cli_json_add_double (builder, "precision", confusion.precision);
      seg_cli_json_add_double (builder, "recall", confusion.recall);
      seg_cli_json_add_double (builder, "f1", confusion.f1);
      seg_cli_json_add_double (builder, "accuracy", confusion.accuracy);
      json_builder_end_object (builder);
      if (!isnan (eval_cost))
        {
          size_t best_k;
          double best;
          g_autofree double *profit = seg_metrics_profit_curve (y, p, n, eval_cost, eval_margin, &best_k, &best);

          json_builder_set_member_name (builder, "profit");
          json_builder_begin_object (builder);
          seg_cli_json_add_double (builder, "cost", eval_cost);
          seg_cli_json_add_double (builder, "margin", eval_margin);
          seg_cli_json_add_int (builder, "best_k", (gint64) best_k);
          seg_cli_json_add_double (builder, "best_share", n > 0 ? (double) best_k / (double) n : NAN);
          seg_cli_json_add_double (builder, "best_profit", best);
          seg_cli_json_add_double (builder, "profit_all", profit[n]);
          json_builder_end_object (builder);
        }
    }
  else
    {
      SegRegressionMetrics ours, baseline;

      seg_metrics_regression (y, p, NULL, n, &ours);
      seg_metrics_regression (y, base, NULL, n, &baseline);
      seg_cli_json_add_double (builder, "rmse", ours.rmse);
      seg_cli_json_add_double (builder, "baseline_rmse", baseline.rmse);
      seg_cli_json_add_double (builder, "mae", ours.mae);
      seg_cli_json_add_double (builder, "baseline_mae", baseline.mae);
      seg_cli_json_add_double (builder, "r2", ours.r2);
      seg_cli_json_add_double (builder, "baseline_r2", baseline.r2);
    }
  json_builder_end_object (builder);

  if (seg_cli_global.json)
    seg_cli_print_builder (builder);
  else if (!seg_cli_global.quiet)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      JsonObject *figures = json_node_get_object (root);

      g_print (_("Run %" PRId64 " (%s), judged on %zu held-out rows:\n"), id, record->algorithm, n);
      g_print ("  %-18s %10s %10s\n", "", _("model"), _("baseline"));
      if (record->kind == SEG_MODEL_KIND_CLASSIFICATION)
        {
          JsonObject *c = json_object_get_object_member (figures, "confusion");

          print_against_baseline (figures, _("AUC"), "auc");
          print_against_baseline (figures, _("Log loss"), "log_loss");
          g_print (_("\nAt the threshold %g:\n"), eval_threshold);
          g_print (_("                 called yes  called no\n"));
          g_print (_("  did            %10.0f %10.0f\n"), seg_cli_metric (c, "tp"), seg_cli_metric (c, "fn"));
          g_print (_("  did not        %10.0f %10.0f\n"), seg_cli_metric (c, "fp"), seg_cli_metric (c, "tn"));
          g_print (_("  Precision %.4f, recall %.4f, F1 %.4f, accuracy %.4f\n"),
                   seg_cli_metric (c, "precision"), seg_cli_metric (c, "recall"),
                   seg_cli_metric (c, "f1"), seg_cli_metric (c, "accuracy"));
          if (json_object_has_member (figures, "profit"))
            {
              JsonObject *profit = json_object_get_object_member (figures, "profit");

              g_print (_("\nContacting the best %" PRId64 " of %zu (%.1f%%) earns the most: %.2f\n"),
                       json_object_get_int_member (profit, "best_k"), n,
                       100 * seg_cli_metric (profit, "best_share"), seg_cli_metric (profit, "best_profit"));
            }
        }
      else
        {
          print_against_baseline (figures, _("RMSE"), "rmse");
          print_against_baseline (figures, _("MAE"), "mae");
          print_against_baseline (figures, _("R²"), "r2");
        }
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_evaluate_model = {
  "evaluate-model", "RUN", N_("Show how well a prediction run did on held-out rows"),
  N_("RUN — show how well a prediction run did on held-out rows"),
  N_("Prints the evaluation a classification or regression run kept: its figures on the held-out rows next to the baseline’s; for classification also the confusion matrix at --threshold and, with --cost and --margin, how many of the best-scored customers to contact for the most profit."),
  evaluate_model_entries, FALSE, NULL, evaluate_model_check, evaluate_model_run,
};

/* score */

static char *score_table;
static char *score_output;

static const GOptionEntry score_entries[] = {
  { "table", 't', 0, G_OPTION_ARG_STRING, &score_table, N_("The table whose rows to score; it has the run’s feature columns"), N_("TABLE") },
  { "output", 'o', 0, G_OPTION_ARG_STRING, &score_output, N_("The table of scores to write (default TABLE_scored_RUN)"), N_("NAME") },
  { NULL }
};

static int
score_check (int    argc,
             char **argv)
{
  int status = seg_cli_check_run_id (argc, argv, _("score: give one run number (see “runs”)"),
                                     _("score: “%s” is not a run number"));

  if (status != SEG_CLI_EXIT_OK)
    return status;
  if (score_table == NULL)
    return seg_cli_usage_error (_("score: --table is needed"));

  return SEG_CLI_EXIT_OK;
}

static int
score_run (SegProject  *project,
           int          argc,
           char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id, rows;

  seg_cli_parse_run_id (argv[1], &id);
  if (!seg_predict_score (project, id, score_table, score_output, NULL, &name, &rows, &error))
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", id);
      seg_cli_json_add_string (builder, "table", score_table);
      seg_cli_json_add_string (builder, "output_table", name);
      seg_cli_json_add_int (builder, "rows", rows);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    g_print (_("Scored %" PRId64 " rows of “%s” with run %" PRId64 "; the scores are in the table “%s”\n"),
             rows, score_table, id, name);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_score = {
  "score", "RUN", N_("Score the rows of a table with a prediction run’s model"),
  N_("RUN — score the rows of a table with a prediction run’s model"),
  N_("Prepares the rows of --table as the run prepared its own (the same filling in of missing numbers, encoding of text and scaling) and writes their predictions, with the run’s key column when the table has it, to a new table."),
  score_entries, FALSE, NULL, score_check, score_run,
};
