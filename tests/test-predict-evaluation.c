/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-test-utils.h"
#include "seg-test-gui.h"
#include "seg-metrics.h"
#include "seg-predict-evaluation.h"
#include "seg-predict-model.h"
#include "seg-predict-table.h"
#include "seg-run.h"

/*
 * The Predict page's evaluation view, in a window of its own, on the
 * sample shop: a labelled table of who buys again within 30 days of
 * 1 Sep 2024 with a logistic regression on it, a table of what they
 * spend with a linear regression, and a lifetime value model checked on
 * the orders after 1 Sep 2024, all made as `segmenta-cli predict-table`,
 * `predict` and `clv` make them. The figures shown are checked against
 * the runs' records and against sums done here from the held-out rows.
 * With SEGMENTA_SCREENSHOTS set to a folder, the view is saved there at
 * 1024×700 and 1920×1080; with SEGMENTA_KEEP_OPEN set, each window stays
 * open until it is closed.
 */

static char *test_dir;
static SegProject *project;
static gint64 logistic_run;
static gint64 linear_run;
static gint64 clv_run;

static void
import_sample (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (SOURCE_SAMPLES_DIR, file, NULL);
  g_autoptr(SegImporter) importer = seg_importer_new (project, path);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  seg_importer_set_table_name (importer, name);
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

static void
make_table (SegPredictTarget  target,
            const char       *output)
{
  SegPredictTableOptions options = {
    .orders = "orders", .cutoff = "2024-09-01", .horizon = 30, .target = target,
    .splits = SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST | SEG_PREDICT_SPLIT_SCORE, .output = output,
  };
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = seg_project_predict_table (project, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

static gint64
run_model (SegModel *model)
{
  g_autoptr(SegRun) run = seg_run_new_for_model (project, model);
  g_autoptr(GError) error = NULL;

  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return seg_run_get_record (run)->id;
}

static gint64
run_prediction (const char *algorithm,
                const char *table,
                const char *features)
{
  g_autoptr(SegModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) columns = g_strsplit (features, ",", -1);

  model = seg_model_new_for_id (algorithm, &error);
  g_assert_no_error (error);
  g_object_set (model, "table", table, "target", "target", "features", columns, "key", "customer",
                "split-column", "split", NULL);
  if (seg_model_get_kind (model) == SEG_MODEL_KIND_REGRESSION)
    g_object_set (model, "baseline-column", "previous", NULL);
  return run_model (model);
}

/* The sample shop with the three runs. */
static void
make_shop (void)
{
  g_autofree char *path = g_build_filename (test_dir, "shop.segmenta", NULL);
  g_autoptr(SegModel) clv = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  project = seg_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  import_sample ("orders");
  make_table (SEG_PREDICT_BUYS_AGAIN, "predict");
  make_table (SEG_PREDICT_SPEND, "spend");
  logistic_run = run_prediction ("logistic", "predict", "recency,frequency,monetary,tenure");
  linear_run = run_prediction ("linear", "spend", "recency,frequency,monetary,tenure,spend_30d");

  clv = seg_model_new_for_id ("clv", &error);
  g_assert_no_error (error);
  g_object_set (clv, "table", "orders", "calibration-end", "2024-09-01", NULL);
  info = seg_project_get_table (project, "orders", &error);
  g_assert_no_error (error);
  seg_model_guess_roles (clv, info);
  clv_run = run_model (clv);
}

typedef struct
{
  GtkWindow            *window;
  SegSession           *session;
  SegPredictEvaluation *view;
} Harness;

static void
harness_init (Harness *harness,
              gint64   run,
              int      width,
              int      height)
{
  harness->view = SEG_PREDICT_EVALUATION (seg_predict_evaluation_new ());
  harness->window = present_run_view (GTK_WIDGET (harness->view), project, run, width, height, &harness->session);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
harness_clear (Harness *harness)
{
  GtkWidget *view = GTK_WIDGET (harness->view);

  /* For a person to look at the view and try it. */
  if (g_getenv ("SEGMENTA_KEEP_OPEN") != NULL)
    {
      GtkWindow *open = harness->window;

      g_object_add_weak_pointer (G_OBJECT (open), (gpointer *) &open);
      while (gtk_widget_get_visible (GTK_WIDGET (open)))
        g_main_context_iteration (NULL, TRUE);
      g_object_remove_weak_pointer (G_OBJECT (open), (gpointer *) &open);
    }
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  destroy_window (harness->window);
  wait_until (window_gone, &view, 30);
  g_assert_finalize_object (harness->session);
}

static const char *
visible_page (Harness *harness)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (adw_bin_get_child (ADW_BIN (harness->view))));
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    {
      g_test_message ("“%s” is not in:\n%s", needle, haystack);
      return FALSE;
    }
  return TRUE;
}

static double
metric (gint64      run,
        const char *name)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, run, NULL);

  g_assert_nonnull (record);
  return seg_run_record_get_metric (record, name);
}

static void
assert_export (SegPredictEvaluation *view,
               const char           *name,
               const char           *head)
{
  g_autofree char *path = g_build_filename (test_dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (seg_predict_evaluation_export_chart (view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, head));
  g_assert_cmpuint (length, >, 2000);
}

/* Run 0, a run of another kind and none at all: a plain sentence. */
static void
test_empty (void)
{
  Harness harness;
  AdwStatusPage *status;
  g_autofree char *path = g_build_filename (test_dir, "none.png", NULL);
  g_autoptr(GError) error = NULL;

  harness_init (&harness, 0, 1024, 700);
  g_assert_cmpstr (visible_page (&harness), ==, "empty");
  status = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (GTK_STACK (adw_bin_get_child (ADW_BIN (harness.view))), "empty"));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Prediction Chosen");
  g_assert_true (g_str_has_suffix (adw_status_page_get_description (status), "."));
  g_assert_true (isnan (seg_predict_evaluation_get_figure (harness.view, "auc")));
  g_assert_false (seg_predict_evaluation_export_chart (harness.view, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A run that does not exist is no prediction either. */
  seg_predict_evaluation_set_run (harness.view, 9999);
  g_assert_cmpstr (visible_page (&harness), ==, "empty");
  seg_predict_evaluation_set_run (harness.view, logistic_run);
  g_assert_cmpstr (visible_page (&harness), ==, "main");
  seg_predict_evaluation_set_run (harness.view, 0);
  g_assert_cmpstr (visible_page (&harness), ==, "empty");
  harness_clear (&harness);
}

/* The best profit, summed here from the held-out rows, likeliest first. */
static double
best_profit (const double *y,
             const double *p,
             size_t        n,
             double        cost,
             double        margin)
{
  g_autofree double *sorted = g_new (double, 2 * MAX (n, 1));
  double profit = 0, best = 0;

  for (size_t i = 0; i < n; i++)
    {
      sorted[2 * i] = p[i];
      sorted[2 * i + 1] = y[i];
    }
  /* Sort the pairs by score, highest first. */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && sorted[2 * (j - 1)] < sorted[2 * j]; j--)
      {
        double a = sorted[2 * j], b = sorted[2 * j + 1];

        sorted[2 * j] = sorted[2 * (j - 1)], sorted[2 * j + 1] = sorted[2 * (j - 1) + 1];
        sorted[2 * (j - 1)] = a, sorted[2 * (j - 1) + 1] = b;
      }
  for (size_t k = 0; k < n; k++)
    {
      profit += margin * sorted[2 * k + 1] - cost;
      best = MAX (best, profit);
    }
  return best;
}

static void
test_classification (void)
{
  Harness harness;
  g_autofree double *y = NULL, *p = NULL, *base = NULL;
  g_autofree char *text = NULL;
  g_autofree char *auc = NULL;
  g_autoptr(GError) error = NULL;
  double rows = metric (logistic_run, "rows_evaluated"), picked_half, best_low, best_high;
  size_t n = 0;
  guint draws;

  g_assert_true (seg_predict_read_evaluation (project, logistic_run, &y, &p, &base, &n, &error));
  g_assert_no_error (error);
  harness_init (&harness, logistic_run, 1024, 700);
  g_assert_cmpstr (visible_page (&harness), ==, "main");

  /* The AUC shown is the run's, in words beside the yardstick's. */
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "auc"),
                                  metric (logistic_run, "auc"), 1e-12);
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "base_rate"),
                                  metric (logistic_run, "base_rate"), 1e-12);
  g_assert_cmpfloat (seg_predict_evaluation_get_figure (harness.view, "rows"), ==, rows);
  text = text_of (GTK_WIDGET (harness.view));
  auc = g_strdup_printf ("%.3f", metric (logistic_run, "auc"));
  g_assert_true (contains (text, auc));
  g_assert_true (contains (text, "0.5 is a coin toss"));
  g_assert_true (contains (text, "Buys again within 30 days of 1 Sep 2024"));
  g_clear_pointer (&text, g_free);

  /* At 0.5 the counts are the run's confusion; lower, more are contacted. */
  g_assert_cmpfloat (seg_predict_evaluation_get_threshold (harness.view), ==, 0.5);
  picked_half = seg_predict_evaluation_get_figure (harness.view, "tp") + seg_predict_evaluation_get_figure (harness.view, "fp");
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "tp") / picked_half,
                                  metric (logistic_run, "precision"), 1e-12);
  g_assert_cmpfloat (seg_predict_evaluation_get_figure (harness.view, "tp") + seg_predict_evaluation_get_figure (harness.view, "fp") +
                     seg_predict_evaluation_get_figure (harness.view, "fn") + seg_predict_evaluation_get_figure (harness.view, "tn"), ==, rows);
  draws = seg_predict_evaluation_get_n_draws (harness.view);
  seg_predict_evaluation_set_threshold (harness.view, 0.2);
  settle ();
  g_assert_cmpfloat (seg_predict_evaluation_get_figure (harness.view, "tp") + seg_predict_evaluation_get_figure (harness.view, "fp"),
                     >, picked_half);
  g_assert_cmpfloat (seg_predict_evaluation_get_figure (harness.view, "tp") + seg_predict_evaluation_get_figure (harness.view, "fp") +
                     seg_predict_evaluation_get_figure (harness.view, "fn") + seg_predict_evaluation_get_figure (harness.view, "tn"), ==, rows);
  g_assert_cmpuint (seg_predict_evaluation_get_n_draws (harness.view), >, draws);
  text = text_of (GTK_WIDGET (harness.view));
  g_assert_true (contains (text, "At 0.20 you contact"));
  g_clear_pointer (&text, g_free);

  /* Dearer contacts: fewer customers are worth contacting, and the
   * profit is the best one summed here. */
  seg_predict_evaluation_set_money (harness.view, 2, 30);
  settle ();
  best_low = seg_predict_evaluation_get_figure (harness.view, "best_n");
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "best_profit"),
                                  best_profit (y, p, n, 2, 30), 1e-6);
  draws = seg_predict_evaluation_get_n_draws (harness.view);
  seg_predict_evaluation_set_money (harness.view, 15, 30);
  settle ();
  best_high = seg_predict_evaluation_get_figure (harness.view, "best_n");
  g_assert_cmpfloat (best_high, <, best_low);
  g_assert_cmpfloat (best_high, >, 0);
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "best_profit"),
                                  best_profit (y, p, n, 15, 30), 1e-6);
  g_assert_cmpuint (seg_predict_evaluation_get_n_draws (harness.view), >, draws);
  text = text_of (GTK_WIDGET (harness.view));
  {
    g_autofree char *top = g_strdup_printf ("Contact the top %.0f customers", best_high);

    g_assert_true (contains (text, top));
  }

  for (guint chart = 0; chart < SEG_PREDICT_N_CHARTS; chart++)
    {
      g_autofree char *png = g_strdup_printf ("chart-%u.png", chart);
      g_autofree char *svg = g_strdup_printf ("chart-%u.svg", chart);

      seg_predict_evaluation_set_chart (harness.view, chart);
      g_assert_cmpint (seg_predict_evaluation_get_chart (harness.view), ==, chart);
      assert_export (harness.view, png, "\x89PNG\r\n\x1a\n");
      assert_export (harness.view, svg, "<?xml");
    }
  assert_export (harness.view, "chart.pdf", "%PDF-");
  harness_clear (&harness);
}

/* RMSE and MAE of predicting each test customer's spend in the 30 days
 * to come as their spend in the 30 days before, read here with SQL. */
static void
last_period_misses (double *rmse,
                    double *mae)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double squares = 0, absolutes = 0;
  int n = 0;

  g_assert_cmpint (sqlite3_open_v2 (seg_project_get_path (project), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT target, spend_30d FROM spend WHERE split = 'test' AND target IS NOT NULL",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double miss = sqlite3_column_double (stmt, 0) - sqlite3_column_double (stmt, 1);

      squares += miss * miss;
      absolutes += fabs (miss);
      n++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (n, ==, (int) metric (linear_run, "rows_evaluated"));
  *rmse = sqrt (squares / n);
  *mae = absolutes / n;
}

static void
test_regression (void)
{
  Harness harness;
  g_autofree char *text = NULL;
  g_autofree char *rmse = g_strdup_printf ("%'.2f", metric (linear_run, "rmse"));
  g_autofree char *base_rmse = NULL;
  static const char *const names[] = { "rmse", "mae", "r2" };
  double last_rmse, last_mae;

  last_period_misses (&last_rmse, &last_mae);
  base_rmse = g_strdup_printf ("%'.2f", last_rmse);
  harness_init (&harness, linear_run, 1024, 700);
  g_assert_cmpstr (visible_page (&harness), ==, "main");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, names[i]),
                                    metric (linear_run, names[i]), 1e-9);
  /* The yardstick is last period's spend, not the run's average. */
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "baseline_rmse"), last_rmse, 1e-9);
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "baseline_mae"), last_mae, 1e-9);
  g_assert_cmpfloat_with_epsilon (metric (linear_run, "baseline_rmse"), last_rmse, 1e-9);
  g_assert_true (isnan (seg_predict_evaluation_get_figure (harness.view, "tp")));
  text = text_of (GTK_WIDGET (harness.view));
  g_assert_true (contains (text, rmse));
  g_assert_true (contains (text, base_rmse));
  g_assert_true (contains (text, "last period’s spend"));
  g_assert_true (contains (text, "(R²)"));
  assert_export (harness.view, "regression.png", "\x89PNG\r\n\x1a\n");
  assert_export (harness.view, "regression.svg", "<?xml");
  harness_clear (&harness);
}

static void
test_lifetime (void)
{
  Harness harness;
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, clv_run, NULL);
  JsonObject *holdout = json_object_get_object_member (json_node_get_object (record->metrics), "holdout");
  JsonArray *groups = json_object_get_array_member (holdout, "groups");
  g_autofree char *text = NULL;
  g_autofree char *rate = g_strdup_printf ("%.2f times a week", metric (clv_run, "r") / metric (clv_run, "alpha"));
  double predicted = 0, actual = 0;

  for (guint g = 0; g < json_array_get_length (groups); g++)
    {
      predicted += json_object_get_double_member (json_array_get_object_element (groups, g), "predicted");
      actual += json_object_get_double_member (json_array_get_object_element (groups, g), "actual");
    }
  harness_init (&harness, clv_run, 1024, 700);
  g_assert_cmpstr (visible_page (&harness), ==, "main");
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "holdout_predicted"), predicted, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg_predict_evaluation_get_figure (harness.view, "holdout_actual"), actual, 1e-6);
  g_assert_true (isnan (seg_predict_evaluation_get_figure (harness.view, "rows")));
  text = text_of (GTK_WIDGET (harness.view));
  g_assert_true (contains (text, rate));
  g_assert_true (contains (text, "Chance still a customer"));
  g_assert_true (contains (text, "2024-09-01"));
  assert_export (harness.view, "lifetime.png", "\x89PNG\r\n\x1a\n");
  assert_export (harness.view, "lifetime.svg", "<?xml");
  harness_clear (&harness);
}

/* A run deleted while shown leaves the plain sentence, not its figures. */
static void
test_deleted (void)
{
  gint64 run = run_prediction ("naive-bayes", "predict", "recency,frequency,monetary,tenure");
  g_autoptr(GError) error = NULL;
  Harness harness;

  harness_init (&harness, run, 1024, 700);
  g_assert_cmpstr (visible_page (&harness), ==, "main");
  g_assert_true (isfinite (seg_predict_evaluation_get_figure (harness.view, "auc")));
  g_assert_true (seg_project_delete_run (project, run, &error));
  g_assert_no_error (error);
  settle ();
  g_assert_cmpstr (visible_page (&harness), ==, "empty");
  g_assert_true (isnan (seg_predict_evaluation_get_figure (harness.view, "auc")));
  harness_clear (&harness);
}

/* Every kind of run at both sizes, scrolled to the top and to the
 * bottom, for a person to look at: no figures are checked, so that it
 * runs in any language (SEGMENTA_LOCALEDIR names the translations). */
static void
test_screenshots (void)
{
  static const struct { const char *name; int width; int height; } sizes[] = {
    { "1024x700", 1024, 700 }, { "1920x1080", 1920, 1080 },
  };
  const struct { const char *name; gint64 run; } runs[] = {
    { "empty", 0 }, { "classification", logistic_run }, { "regression", linear_run }, { "lifetime", clv_run },
  };

  if (g_getenv ("SEGMENTA_SCREENSHOTS") == NULL)
    {
      g_test_skip ("SEGMENTA_SCREENSHOTS is not set");
      return;
    }
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
      {
        g_autofree char *top = g_strdup_printf ("predict-evaluation-%s-%s.png", runs[r].name, sizes[s].name);
        g_autofree char *bottom = g_strdup_printf ("predict-evaluation-%s-%s-end.png", runs[r].name, sizes[s].name);
        GtkWidget *scrolled;
        GtkAdjustment *adjustment;
        Harness harness;

        harness_init (&harness, runs[r].run, sizes[s].width, sizes[s].height);
        screenshot (GTK_WIDGET (harness.window), top);
        /* Every chart of a classification as it is exported. */
        for (guint chart = 0; chart < SEG_PREDICT_N_CHARTS && runs[r].run == logistic_run && s == 0; chart++)
          {
            g_autofree char *name = g_strdup_printf ("predict-evaluation-chart-%u.png", chart);
            g_autofree char *path = g_build_filename (g_getenv ("SEGMENTA_SCREENSHOTS"), name, NULL);

            seg_predict_evaluation_set_chart (harness.view, chart);
            g_assert_true (seg_predict_evaluation_export_chart (harness.view, path, NULL));
          }
        /* The window never widens itself for its content. */
        g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (harness.window)), <=, sizes[s].width);
        scrolled = gtk_stack_get_child_by_name (GTK_STACK (adw_bin_get_child (ADW_BIN (harness.view))), "main");
        adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
        screenshot (GTK_WIDGET (harness.window), bottom);
        harness_clear (&harness);
      }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("segmenta-predeval-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  test_dir = home;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (g_getenv ("SEGMENTA_LOCALEDIR") != NULL)
    {
      /* gtk_test_init () keeps the C locale; the screenshots want the user's. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SEGMENTA_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  make_shop ();

  g_test_add_func ("/predict-evaluation/empty", test_empty);
  g_test_add_func ("/predict-evaluation/classification", test_classification);
  g_test_add_func ("/predict-evaluation/regression", test_regression);
  g_test_add_func ("/predict-evaluation/lifetime", test_lifetime);
  g_test_add_func ("/predict-evaluation/deleted", test_deleted);
  g_test_add_func ("/predict-evaluation/screenshots", test_screenshots);

  status = g_test_run ();
  settle ();
  g_assert_finalize_object (project);
  remove_tree (home);

  return status;
}
