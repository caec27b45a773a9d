/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "seg-error.h"
#include "seg-linear.h"
#include "seg-predict-model.h"
#include "seg-run.h"
#include "seg-run-context-private.h"
#include "seg-run-record.h"
#include "seg-test-utils.h"

/* The prediction family end to end, through the run machinery, on a
 * small generated table of customers: a number, a whole number with
 * gaps, a text column and a split column. */

#define N_ROWS 200

static char *
customers_csv (gboolean with_unseen_level)
{
  GString *csv = g_string_new ("customer,spend,visits,channel,split,revenue,churned\n");
  static const char *const channels[] = { "app", "shop", "web" };

  for (int i = 0; i < N_ROWS; i++)
    {
      double spend = 20 + (i * 37) % 100;
      int visits = (i * 13) % 11;
      const char *channel = channels[(i * 7) % 3];
      double noise = ((i * 7919) % 101 - 50) / 25.0;
      double revenue = 5 + 1.5 * spend - 2 * visits + (g_str_equal (channel, "web") ? 8 : 0) + noise;
      const char *split = i % 5 == 0 ? "test" : i % 17 == 0 ? "score" : "train";
      gboolean churned = spend + 10 * noise < 70;
      char spend_text[32] = "";

      if (with_unseen_level && i == 3)
        channel = "phone";
      /* Every ninth customer's spend is missing. */
      if (i % 9 != 4)
        g_snprintf (spend_text, sizeof spend_text, "%g", spend);
      g_string_append_printf (csv, "c%03d,%s,%d,%s,%s,%.6f,%s\n", i, spend_text, visits, channel, split,
                              revenue, churned ? "yes" : "no");
    }

  return g_string_free (csv, FALSE);
}

static void
import_customers (ProjectFixture *fixture,
                  const char     *table,
                  gboolean        with_unseen_level)
{
  g_autofree char *csv = customers_csv (with_unseen_level);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = import_text (fixture, table, csv, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

static SegModel *
linear_model (const char *split)
{
  SegModel *model = seg_model_new_for_id ("linear", NULL);
  const char *features[] = { "spend", "visits", "channel", NULL };

  g_assert_nonnull (model);
  g_object_set (model, "table", "customers", "target", "revenue", "features", features,
                "key", "customer", "split-column", split, NULL);
  return model;
}

static JsonObject *
metrics_of (const SegRunRecord *record)
{
  return json_node_get_object (record->metrics);
}

static void
test_linear_kfold (ProjectFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(SegModel) model = linear_model (NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) state = NULL;
  g_autofree double *y = NULL, *p = NULL, *base = NULL;
  g_autofree char *steps = NULL;
  const SegRunRecord *record;
  JsonObject *metrics, *description;
  JsonArray *coefficients;
  size_t n;

  import_customers (fixture, "customers", FALSE);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  record = seg_run_get_record (run);
  g_assert_cmpint (record->kind, ==, SEG_MODEL_KIND_REGRESSION);
  metrics = metrics_of (record);

  /* Every row is judged once, out of fold, and the model beats the mean. */
  g_assert_cmpstr (json_object_get_string_member (metrics, "evaluation"), ==, "cross-validation");
  g_assert_cmpint (json_object_get_int_member (metrics, "rows_evaluated"), ==, N_ROWS);
  g_assert_cmpint (json_object_get_int_member (metrics, "folds"), ==, 5);
  g_assert_cmpfloat (json_object_get_double_member (metrics, "r2"), >, 0.85);
  g_assert_cmpfloat (json_object_get_double_member (metrics, "baseline_r2"), <=, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (metrics, "rmse"), <, json_object_get_double_member (metrics, "baseline_rmse"));

  /* The coefficients: the intercept, spend and its missing flag, visits,
   * and channel one-hot against "app". */
  description = json_object_get_object_member (metrics, "model");
  coefficients = json_object_get_array_member (description, "coefficients");
  g_assert_cmpuint (json_array_get_length (coefficients), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (coefficients, 2), "feature"), ==, "spend=missing");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (coefficients, 5), "feature"), ==, "channel=web");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (coefficients, 1), "estimate"), 1.5, 0.05);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (coefficients, 5), "estimate"), 8.0, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (coefficients, 1), "p"), <, 1e-10);

  /* The result table, the kept model and the held-out predictions. */
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE fold IS NOT NULL AND prediction IS NOT NULL"), ==, N_ROWS);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(DISTINCT fold) FROM run_1"), ==, 5);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE customer = 'c007' AND abs(target - 5 - 1.5 * 79 + 2 * 3) < 3"), ==, 1);
  state = seg_project_read_run_state (fixture->project, record->id, "model", &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
  g_assert_true (seg_predict_read_evaluation (fixture->project, record->id, &y, &p, &base, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, N_ROWS);

  /* The preparation is in the run record for scoring to replay. */
  steps = json_to_string (record->preprocessing, FALSE);
  g_assert_nonnull (strstr (steps, "\"levels\":[\"app\",\"shop\",\"web\"]"));
  g_assert_nonnull (strstr (steps, "\"indicator\":true"));
}

static void
test_linear_split_and_score (ProjectFixture *fixture,
                             gconstpointer   data)
{
  g_autoptr(SegModel) model = linear_model ("split");
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const SegRunRecord *record;
  JsonObject *metrics;
  gint64 rows = 0;

  import_customers (fixture, "customers", FALSE);
  import_customers (fixture, "newcomers", TRUE);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  record = seg_run_get_record (run);
  metrics = metrics_of (record);
  g_assert_cmpstr (json_object_get_string_member (metrics, "evaluation"), ==, "split");
  g_assert_cmpint (json_object_get_int_member (metrics, "rows_evaluated"), ==, N_ROWS / 5);
  g_assert_true (json_object_get_null_member (metrics, "folds"));
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE split = 'score'"), ==,
                   query_int (fixture->project, "SELECT count(*) FROM customers WHERE split = 'score'"));

  /* Scoring the same rows gives the run's own predictions, bit for bit;
   * c003, an "app" customer, comes with the unseen channel "phone" and
   * scores as the reference level "app", so as in the run. */
  g_assert_true (seg_predict_score (fixture->project, record->id, "newcomers", NULL, NULL, &output, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, "newcomers_scored_1");
  g_assert_cmpint (rows, ==, N_ROWS);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count(*) FROM run_1 r JOIN newcomers_scored_1 s USING (customer)"
                              " WHERE r.prediction = s.prediction"), ==, N_ROWS);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count(*) FROM newcomers_scored_1 WHERE customer = 'c003' AND prediction IS NOT NULL"), ==, 1);

  /* A table without a feature column: an error naming it, nothing written. */
  before = project_state (fixture->project);
  {
    g_autoptr(SegImportSummary) summary = import_text (fixture, "short", "customer,spend,channel\nc1,3,web\n", -1, NULL);

    g_assert_nonnull (summary);
  }
  g_clear_pointer (&before, g_free);
  before = project_state (fixture->project);
  g_assert_false (seg_predict_score (fixture->project, record->id, "short", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "visits"));
  g_clear_error (&error);
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);

  /* A rerun works from the record alone. */
  again = seg_run_new_like (fixture->project, (SegRunRecord *) record, &error);
  g_assert_no_error (error);
  g_assert_true (seg_run_execute (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (json_object_get_double_member (metrics_of (seg_run_get_record (again)), "rmse"), ==,
                     json_object_get_double_member (metrics, "rmse"));
  g_assert_cmpstr (json_object_get_string_member (metrics, "baseline"), ==, "mean");
}

/* A baseline column: the test rows' baseline is that column's value (as
 * last period's spend for a spend target), and a text column is refused
 * by name. */
static void
test_baseline_column (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(SegModel) model = linear_model ("split");
  g_autoptr(SegModel) bad = linear_model ("split");
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *y = NULL, *p = NULL, *base = NULL;
  const SegRunRecord *record;
  double sum = 0.0;
  size_t n = 0;

  import_customers (fixture, "customers", FALSE);
  g_object_set (model, "baseline-column", "visits", NULL);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  record = seg_run_get_record (run);
  g_assert_cmpstr (json_object_get_string_member (metrics_of (record), "baseline"), ==, "visits");
  g_assert_true (seg_predict_read_evaluation (fixture->project, record->id, &y, &p, &base, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, N_ROWS / 5);
  for (size_t i = 0; i < n; i++)
    sum += base[i];
  g_assert_cmpfloat (sum, ==, query_int (fixture->project, "SELECT sum (visits) FROM customers WHERE split = 'test'"));

  g_object_set (bad, "baseline-column", "channel", NULL);
  refused = seg_run_new_for_model (fixture->project, bad);
  g_assert_false (seg_run_execute (refused, NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--baseline-column"));
}

static void
test_cancel_and_failure (ProjectFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(SegModel) model = linear_model (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *collinear[] = { "spend", "spend", NULL };

  import_customers (fixture, "customers", FALSE);
  before = project_state (fixture->project);
  {
    g_autoptr(SegRun) run = seg_run_new_for_model (fixture->project, model);

    g_cancellable_cancel (cancellable);
    g_assert_false (seg_run_execute (run, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* A column twice: the fit names it and writes nothing. */
  g_object_set (model, "features", collinear, NULL);
  {
    g_autoptr(SegRun) run = seg_run_new_for_model (fixture->project, model);

    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_assert_nonnull (strstr (error->message, "spend"));
    g_clear_error (&error);
  }
  /* A split column with other values. */
  g_object_set (model, "features", (const char *[]) { "visits", NULL }, "split-column", "channel", NULL);
  {
    g_autoptr(SegRun) run = seg_run_new_for_model (fixture->project, model);

    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_assert_nonnull (strstr (error->message, "--split-column"));
    g_clear_error (&error);
  }
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);
}

/* The classification path, with a classifier made for this test only:
 * ridge on the 0/1 target, clipped into (0, 1). */
#define TEST_TYPE_CLASSIFIER (test_classifier_get_type ())
G_DECLARE_FINAL_TYPE (TestClassifier, test_classifier, TEST, CLASSIFIER, SegPredictModel)

struct _TestClassifier
{
  SegPredictModel parent_instance;
};

G_DEFINE_FINAL_TYPE (TestClassifier, test_classifier, SEG_TYPE_PREDICT_MODEL)

static gpointer
classifier_fit (SegPredictModel   *self,
                const SegDesign   *design,
                const double      *y,
                const double      *weight,
                const SegMonitor  *monitor,
                GError           **error)
{
  SegLinearParams params;

  for (size_t i = 0; i < design->n; i++)
    g_assert_true (y[i] == 0.0 || y[i] == 1.0);
  seg_linear_params_init (&params);
  params.alpha = 1.0;
  return seg_linear_fit (design->x, design->n, design->p, y, weight, &params, monitor, error);
}

static void
classifier_predict (SegPredictModel *self,
                    gconstpointer    fitted,
                    const SegDesign *rows,
                    double          *out)
{
  seg_linear_predict (fitted, rows->x, rows->n, out);
  for (size_t i = 0; i < rows->n; i++)
    out[i] = CLAMP (out[i], 0.01, 0.99);
}

static GBytes *
classifier_to_bytes (SegPredictModel *self,
                     gconstpointer    fitted)
{
  return seg_linear_to_bytes (fitted);
}

static gpointer
classifier_from_bytes (SegPredictModel  *self,
                       GBytes           *bytes,
                       GError          **error)
{
  return seg_linear_from_bytes (bytes, error);
}

static void
test_classifier_class_init (TestClassifierClass *klass)
{
  SegPredictModelClass *predict_class = SEG_PREDICT_MODEL_CLASS (klass);

  SEG_MODEL_CLASS (klass)->id = "test-classifier";
  SEG_MODEL_CLASS (klass)->title = "Test classifier";
  seg_predict_model_class_set_kind (predict_class, SEG_MODEL_KIND_CLASSIFICATION);
  predict_class->standardize = TRUE;
  predict_class->fit = classifier_fit;
  predict_class->predict = classifier_predict;
  predict_class->to_bytes = classifier_to_bytes;
  predict_class->from_bytes = classifier_from_bytes;
  predict_class->free_fitted = (void (*) (gpointer)) seg_linear_free;
}

static void
test_classifier_init (TestClassifier *self)
{
}

static void
test_classification (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(SegModel) model = g_object_new (TEST_TYPE_CLASSIFIER, NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  const char *features[] = { "spend", "visits", "channel", NULL };
  const SegRunRecord *record;
  JsonObject *metrics, *curves;
  g_autofree char *input = NULL;
  gint64 positives;

  import_customers (fixture, "customers", FALSE);
  g_object_set (model, "table", "customers", "target", "churned", "features", features, "folds", 4, NULL);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  record = seg_run_get_record (run);
  metrics = metrics_of (record);

  /* yes/no was imported as a boolean: true (1) is the class predicted. */
  input = json_to_string (record->input, FALSE);
  g_assert_nonnull (strstr (input, "\"classes\":[\"0\",\"1\"]"));
  positives = query_int (fixture->project, "SELECT count(*) FROM customers WHERE churned = 1");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "base_rate"), positives / (double) N_ROWS, 1e-12);
  g_assert_cmpfloat (json_object_get_double_member (metrics, "auc"), >, 0.8);
  /* Each fold's base rate differs a little: an AUC near a coin's. */
  g_assert_cmpfloat (fabs (json_object_get_double_member (metrics, "baseline_auc") - 0.5), <, 0.1);
  g_assert_cmpfloat (json_object_get_double_member (metrics, "log_loss"), <, json_object_get_double_member (metrics, "baseline_log_loss"));
  curves = json_object_get_object_member (metrics, "curves");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (curves, "gains")), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (curves, "roc")), >, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (curves, "calibration")), >, 2);
  /* Without a key the rows are named by their rowid; the label is at 0.5. */
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE row BETWEEN 1 AND 200"), ==, N_ROWS);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE label <> (prediction >= 0.5)"), ==, 0);
  /* Stratified folds: each holds its share of churners, ±1. */
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT max(c) - min(c) FROM (SELECT count(*) AS c FROM run_1 WHERE target = 1 GROUP BY fold)"), <=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/predict/linear-kfold", ProjectFixture, NULL,
              project_fixture_set_up, test_linear_kfold, project_fixture_tear_down);
  g_test_add ("/predict/linear-split-score", ProjectFixture, NULL,
              project_fixture_set_up, test_linear_split_and_score, project_fixture_tear_down);
  g_test_add ("/predict/baseline-column", ProjectFixture, NULL,
              project_fixture_set_up, test_baseline_column, project_fixture_tear_down);
  g_test_add ("/predict/cancel-failure", ProjectFixture, NULL,
              project_fixture_set_up, test_cancel_and_failure, project_fixture_tear_down);
  g_test_add ("/predict/classification", ProjectFixture, NULL,
              project_fixture_set_up, test_classification, project_fixture_tear_down);

  return g_test_run ();
}
