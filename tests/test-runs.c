/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "seg-error.h"
#include "seg-explore.h"
#include "seg-export.h"
#include "seg-profile.h"
#include "seg-profile-private.h"
#include "seg-quality.h"
#include "seg-rfm.h"
#include "seg-run.h"
#include "seg-segment.h"
#include "seg-run-points.h"
#include "seg-run-points-private.h"
#include "seg-profile-private.h"
#include "seg-test-utils.h"

/* Three groups of customers, far apart in (spend, visits), with a channel
 * column and one missing visit count. Group sizes 30, 20 and 10. */
static char *
blobs_csv (void)
{
  GString *csv = g_string_new ("customer,spend,visits,channel\n");
  GRand *rand = g_rand_new_with_seed (7);
  static const struct { double spend, visits; int size; const char *channel; } groups[] = {
    { 100, 2, 30, "web" }, { 1000, 20, 20, "shop" }, { 5000, 5, 10, "app" },
  };
  int id = 1;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (int i = 0; i < groups[g].size; i++, id++)
      {
        double spend = groups[g].spend * (1 + g_rand_double_range (rand, -0.1, 0.1));
        double visits = groups[g].visits + g_rand_double_range (rand, -1, 1);

        if (id == 5)
          g_string_append_printf (csv, "C%03d,%.2f,,%s\n", id, spend, groups[g].channel);
        else
          g_string_append_printf (csv, "C%03d,%.2f,%.2f,%s\n", id, spend, visits, groups[g].channel);
      }
  g_rand_free (rand);

  return g_string_free (csv, FALSE);
}

static double
query_double (SegProject *project,
              const char *sql)
{
  g_autofree char *text = query_text (project, sql);

  return g_ascii_strtod (text, NULL);
}

/* The cluster sizes of a result table, in cluster order, as "a,b,c". */
static char *
cluster_sizes (SegProject *project,
               const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (n, ',') FROM (SELECT count (*) AS n FROM %s"
                                          " GROUP BY cluster ORDER BY cluster)", table);

  return query_text (project, sql);
}

static void
import_blobs (ProjectFixture *fixture)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = blobs_csv ();

  summary = import_text (fixture, "customers", csv, -1, &error);
  g_assert_no_error (error);
}

static SegRun *
new_run (ProjectFixture    *fixture,
         const char        *algorithm,
         const char *const *columns)
{
  g_autoptr(SegModel) model = seg_model_new_for_id (algorithm, NULL);

  g_assert_nonnull (model);
  return seg_run_new (fixture->project, model, "customers", columns);
}

static void
test_kmeans_run (ProjectFixture *fixture,
                 gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRunRecord) stored = NULL;
  g_autofree char *sizes = NULL;
  const SegRunRecord *record;
  JsonObject *metrics;

  import_blobs (fixture);
  g_assert_true (seg_model_set_param (seg_run_get_model (run), "k", "3", &error));
  g_assert_no_error (error);

  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_SUCCEEDED);
  g_assert_cmpfloat (seg_run_get_progress (run), ==, 1.0);

  record = seg_run_get_record (run);
  g_assert_cmpint (record->id, ==, 1);
  g_assert_cmpstr (record->result_tables[0], ==, "run_1");
  metrics = json_node_get_object (record->metrics);
  g_assert_cmpint (json_object_get_int_member (metrics, "k"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (metrics, "rows"), ==, 60);

  /* Clusters from 1, largest first: the three groups exactly. */
  sizes = cluster_sizes (fixture->project, "run_1");
  g_assert_cmpstr (sizes, ==, "30,20,10");
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (DISTINCT cluster) FROM run_1 WHERE customer < 'C031'"), ==, 1);
  /* The key and the input columns as they were, then the results. */
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM run_1 r JOIN customers c USING (customer)"
                              " WHERE r.spend = c.spend AND r.visits IS c.visits"), ==, 60);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM run_1 WHERE pc1 IS NOT NULL AND pc2 IS NOT NULL"
                              " AND silhouette BETWEEN -1 AND 1"), ==, 60);
  /* The catalog knows the table, so the browser and export do too. */
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT row_count FROM seg_tables WHERE name = 'run_1'"), ==, 60);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM seg_columns c JOIN seg_tables t ON t.id = c.table_id"
                              " WHERE t.name = 'run_1'"), ==, 7);

  /* The record reads back the same. */
  stored = seg_project_get_run (fixture->project, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->algorithm, ==, "kmeans");
  g_assert_cmpstr (stored->input_table, ==, "customers");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stored->parameters), "k"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stored->parameters), "n-init"), ==, 10);
  g_assert_true (json_node_equal (stored->metrics, record->metrics));
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (stored->metrics), "silhouette"), >, 0.7);
}

/* The silhouette kept with the run is the one of its labels and data. */
static void
test_metrics_agree (ProjectFixture *fixture,
                    gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegDataset) dataset = NULL;
  g_autofree int32_t *labels = NULL;
  SegPrepOptions prep = { SEG_SCALE_STANDARD, NULL, SEG_IMPUTE_MEDIAN };
  sqlite3_stmt *stmt = NULL;
  JsonObject *metrics;
  double per_point_sum = 0;
  size_t i = 0;

  import_blobs (fixture);
  g_object_set (seg_run_get_model (run), "k", 3, NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  metrics = json_node_get_object (seg_run_get_record (run)->metrics);

  dataset = seg_dataset_load (fixture->project, "customers", columns, &prep, NULL, &error);
  g_assert_no_error (error);
  labels = g_new (int32_t, dataset->n);
  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (fixture->project),
                                       "SELECT cluster - 1, silhouette FROM run_1 ORDER BY rowid", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      labels[i++] = sqlite3_column_int (stmt, 0);
      per_point_sum += sqlite3_column_double (stmt, 1);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (i, ==, dataset->n);

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "silhouette"),
                                  seg_silhouette (dataset->x, dataset->n, dataset->d, labels, 3, NULL), 1e-12);
  g_assert_cmpfloat_with_epsilon (per_point_sum / dataset->n,
                                  json_object_get_double_member (metrics, "silhouette"), 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "calinski_harabasz"),
                                  seg_calinski_harabasz (dataset->x, dataset->n, dataset->d, labels, 3), 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "davies_bouldin"),
                                  seg_davies_bouldin (dataset->x, dataset->n, dataset->d, labels, 3), 1e-12);
}

/* Every step and what it learned is kept with the run. */
static void
test_preprocessing_recorded (ProjectFixture *fixture,
                             gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", "channel", NULL };
  const char *logs[] = { "spend", NULL };
  g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);
  g_autoptr(GError) error = NULL;
  g_autofree char *steps = NULL;
  SegPrepOptions prep = { SEG_SCALE_ROBUST, logs, SEG_IMPUTE_MEAN };
  double mean_visits;
  JsonArray *array;
  JsonObject *step;

  import_blobs (fixture);
  mean_visits = query_double (fixture->project, "SELECT avg (visits) FROM customers");
  seg_cluster_model_set_prep (SEG_CLUSTER_MODEL (seg_run_get_model (run)), &prep);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  array = json_node_get_array (seg_run_get_record (run)->preprocessing);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);

  step = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (step, "step"), ==, "one-hot");
  g_assert_cmpstr (json_object_get_string_member (step, "column"), ==, "channel");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (step, "categories"), 0), ==, "app");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (step, "categories")), ==, 3);

  step = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (step, "step"), ==, "impute");
  g_assert_cmpstr (json_object_get_string_member (step, "method"), ==, "mean");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (step, "fill"), "visits"),
                                  mean_visits, 1e-9);

  step = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (step, "step"), ==, "log1p");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (step, "columns"), 0), ==, "spend");

  step = json_array_get_object_element (array, 3);
  g_assert_cmpstr (json_object_get_string_member (step, "step"), ==, "scale");
  g_assert_cmpstr (json_object_get_string_member (step, "method"), ==, "robust");
  /* Only the number columns are scaled: one-hot columns stay 0 or 1. */
  g_assert_true (json_object_has_member (json_object_get_object_member (step, "center"), "spend"));
  g_assert_false (json_object_has_member (json_object_get_object_member (step, "center"), "channel=app"));

  /* Dropping instead: the row with the gap is left out and counted. */
  {
    SegPrepOptions drop = { SEG_SCALE_STANDARD, NULL, SEG_IMPUTE_DROP };
    g_autoptr(SegDataset) dataset = seg_dataset_load (fixture->project, "customers", columns, &drop, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (dataset->n, ==, 59);
    g_assert_cmpint (dataset->dropped, ==, 1);
    g_assert_cmpuint (dataset->d, ==, 5);
    g_assert_cmpstr (g_ptr_array_index (dataset->features, 2), ==, "channel=app");
    steps = json_to_string (dataset->steps, FALSE);
    g_assert_nonnull (strstr (steps, "\"drop-missing\""));
  }
}

static void
test_dbscan_and_hierarchy (ProjectFixture *fixture,
                           gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(GError) error = NULL;

  import_blobs (fixture);

  {
    g_autoptr(SegRun) run = new_run (fixture, "dbscan", columns);
    JsonObject *metrics;

    g_object_set (seg_run_get_model (run), "eps", 0.3, "min-points", 4, NULL);
    g_object_set (run, "output-table", "density", NULL);
    g_assert_true (seg_run_execute (run, NULL, &error));
    g_assert_no_error (error);
    metrics = json_node_get_object (seg_run_get_record (run)->metrics);
    g_assert_cmpint (json_object_get_int_member (metrics, "k"), ==, 3);
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM density WHERE cluster IS NULL"), ==,
                     json_object_get_int_member (metrics, "noise"));
  }

  {
    g_autoptr(SegRun) run = new_run (fixture, "hierarchical", columns);
    g_autofree char *sizes = NULL;
    const SegRunRecord *record;

    g_assert_true (seg_model_set_param (seg_run_get_model (run), "linkage", "average", &error));
    g_object_set (seg_run_get_model (run), "k", 3, NULL);
    g_assert_true (seg_run_execute (run, NULL, &error));
    g_assert_no_error (error);
    record = seg_run_get_record (run);
    g_assert_cmpstr (record->result_tables[0], ==, "run_2");
    g_assert_cmpstr (record->result_tables[1], ==, "run_2_merges");
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM run_2_merges"), ==, 59);
    sizes = cluster_sizes (fixture->project, "run_2");
    g_assert_cmpstr (sizes, ==, "30,20,10");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record->parameters), "linkage"), ==, "average");
  }

  /* Cut at a height: below the highest merge, above the others. */
  {
    g_autoptr(SegRun) run = new_run (fixture, "hierarchical", columns);
    double top = query_double (fixture->project, "SELECT max (height) FROM run_2_merges");

    g_object_set (seg_run_get_model (run), "height", top * 0.999, "linkage", SEG_LINKAGE_AVERAGE, NULL);
    g_assert_true (seg_run_execute (run, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (seg_run_get_record (run)->metrics), "k"), ==, 2);
  }

  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_runs"), ==, 3);
}

static void
on_cancel_when_running (SegRun       *run,
                        GParamSpec   *pspec,
                        GCancellable *cancellable)
{
  if (seg_run_get_progress (run) > 0.05)
    g_cancellable_cancel (cancellable);
}

/* Cancelled at any point, or failing, a run leaves no trace. */
static void
test_cancel_and_failure (ProjectFixture *fixture,
                         gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  const char *missing[] = { "spend", "age", NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_blobs (fixture);
  before = project_state (fixture->project);

  {
    g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_false (seg_run_execute (run, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_CANCELLED);
    g_assert_null (seg_run_get_record (run));
  }

  {
    g_autoptr(SegRun) run = new_run (fixture, "kmeans", missing);
    g_autoptr(GError) error = NULL;

    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_assert_nonnull (strstr (error->message, "--columns"));
    g_assert_nonnull (strstr (error->message, "age"));
    g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_FAILED);
  }

  {
    g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);
    g_autoptr(GError) error = NULL;

    g_object_set (seg_run_get_model (run), "k", 100, NULL);
    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  }

  {
    const char *logs[] = { "channel", NULL };
    const char *with_text[] = { "spend", "channel", NULL };
    g_autoptr(SegRun) run = new_run (fixture, "kmeans", with_text);
    SegPrepOptions prep = { SEG_SCALE_STANDARD, logs, SEG_IMPUTE_MEDIAN };
    g_autoptr(GError) error = NULL;

    seg_cluster_model_set_prep (SEG_CLUSTER_MODEL (seg_run_get_model (run)), &prep);
    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_assert_nonnull (strstr (error->message, "--log"));
  }

  /* An existing table is kept unless replacing is asked for. */
  {
    g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);
    g_autoptr(GError) error = NULL;

    g_object_set (run, "output-table", "customers", NULL);
    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  }

  /* Identical rows cannot be told apart: fewer different rows than
   * clusters is refused, whatever the number of rows. */
  for (guint m = 0; m < 3; m++)
    {
      const char *ids[] = { "kmeans", "minibatch-kmeans", "hierarchical" };
      const char *flat[] = { "flat", NULL };
      g_autoptr(SegModel) model = seg_model_new_for_id (ids[m], NULL);
      g_autoptr(SegRun) run = seg_run_new (fixture->project, model, "flat", flat);
      g_autoptr(GError) error = NULL;

      if (m == 0)
        {
          g_autoptr(SegImportSummary) summary = NULL;

          summary = import_text (fixture, "flat", "id,flat\n1,5\n2,5\n3,7\n4,5\n5,7\n", -1, &error);
          g_assert_no_error (error);
          g_free (before);
          before = project_state (fixture->project);
        }
      g_object_set (model, "k", 3, NULL);
      g_assert_false (seg_run_execute (run, NULL, &error));
      g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
      g_assert_nonnull (strstr (error->message, "--k"));
      g_assert_nonnull (strstr (error->message, "only 2 different values"));
    }

  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_runs"), ==, 0);
}

/* Cancelled while it works, a run leaves no trace. Its table is large
 * enough that the run is far from done when the cancel comes: measuring
 * the silhouette of 20,000 sampled rows alone takes a good second. */
static void
test_cancel_while_running (ProjectFixture *fixture,
                           gconstpointer   data)
{
  const char *columns[] = { "minutes", "pages", NULL };
  g_autoptr(GString) csv = g_string_new ("visit,minutes,pages\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (csv, "%u,%.1f,%u\n", i, g_rand_double_range (rand, 0, 90), g_rand_int_range (rand, 1, 40));
  summary = import_text (fixture, "visits", csv->str, -1, &error);
  g_assert_no_error (error);
  before = project_state (fixture->project);

  run = seg_run_new (fixture->project, model, "visits", columns);
  g_signal_connect (run, "notify::progress", G_CALLBACK (on_cancel_when_running), cancellable);
  g_assert_false (seg_run_execute (run, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_CANCELLED);

  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
}

/* Too many rows for pairwise distances: a clear refusal, no attempt. */
static void
test_hierarchy_guard (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(SegModel) model = seg_model_new_for_id ("hierarchical", NULL);
  g_autoptr(GError) error = NULL;
  size_t n = 40000;
  g_autofree double *x = g_new0 (double, n);
  g_autofree int32_t *labels = g_new (int32_t, n);
  SegFitContext context = { 0 };
  SegFit fit = { .labels = labels };

  g_assert_false (seg_cluster_model_fit (SEG_CLUSTER_MODEL (model), x, n, 1, &context, &fit, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "k-means"));
  g_assert_nonnull (strstr (error->message, "sample"));
  g_assert_null (fit.merges);
  seg_fit_clear (&fit);
}

static void
test_params (void)
{
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) copy = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) dbscan = seg_model_new_for_id ("dbscan", NULL);
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;
  int k;

  g_assert_null (seg_model_new_for_id ("kmedoids", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "hierarchical"));
  g_clear_error (&error);

  g_assert_false (seg_model_set_param (model, "k", "1", &error));
  g_assert_nonnull (strstr (error->message, "--k"));
  g_assert_nonnull (strstr (error->message, "2 to 200"));
  g_clear_error (&error);
  g_assert_false (seg_model_set_param (model, "k", "4x", &error));
  g_clear_error (&error);
  g_assert_false (seg_model_set_param (model, "eps", "0.5", &error));
  g_assert_nonnull (strstr (error->message, "does not apply to kmeans"));
  g_clear_error (&error);
  g_assert_false (seg_model_set_param (dbscan, "eps", "-1", &error));
  g_clear_error (&error);

  g_assert_true (seg_model_set_param (model, "k", "7", &error));
  g_assert_true (seg_model_set_param (model, "seed", "9223372036854775807", &error));
  g_assert_true (seg_model_set_param (model, "tol", "0.001", &error));
  g_assert_no_error (error);
  g_object_get (model, "k", &k, NULL);
  g_assert_cmpint (k, ==, 7);

  params = seg_model_params_to_json (model);
  g_assert_true (seg_model_params_from_json (copy, json_node_get_object (params), &error));
  g_assert_no_error (error);
  again = seg_model_params_to_json (copy);
  g_assert_true (json_node_equal (params, again));
}

typedef struct
{
  GMutex        lock;
  GArray       *fractions;
  volatile int  cancel;
  double        cancel_past;
} FitWatch;

static void
record_fraction (double  fraction,
                 void   *data)
{
  FitWatch *watch = data;

  g_mutex_lock (&watch->lock);
  g_array_append_val (watch->fractions, fraction);
  if (fraction > watch->cancel_past)
    watch->cancel = 1;
  g_mutex_unlock (&watch->lock);
}

/* Every model reports its progress while it fits, in order, and stops
 * with G_IO_ERROR_CANCELLED when the flag is set midway. */
static void
test_models_report_and_stop (void)
{
  const char *ids[] = { "kmeans", "minibatch-kmeans", "dbscan", "hierarchical" };
  const gsize n = 3000;
  g_autofree double *x = g_new (double, n * 2);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (gsize i = 0; i < n * 2; i++)
    x[i] = g_rand_double_range (rand, -3, 3) + (i % 6 < 2 ? 5 : 0);

  for (guint m = 0; m < G_N_ELEMENTS (ids); m++)
    {
      for (int cancelled = 0; cancelled <= 1; cancelled++)
        {
          g_autoptr(SegModel) model = seg_model_new_for_id (ids[m], NULL);
          g_autoptr(GError) error = NULL;
          FitWatch watch = { .fractions = g_array_new (FALSE, FALSE, sizeof (double)),
                             .cancel_past = cancelled ? 0.5 : 2.0 };
          SegFitContext context = { &watch.cancel, record_fraction, &watch };
          SegFit fit = { .labels = labels };
          double last = 0.0;
          gboolean ok;

          g_mutex_init (&watch.lock);
          if (g_str_equal (ids[m], "dbscan"))
            g_object_set (model, "eps", 0.2, NULL);
          if (g_str_equal (ids[m], "kmeans"))
            g_object_set (model, "n-init", 4, NULL);
          ok = seg_cluster_model_fit (SEG_CLUSTER_MODEL (model), x, n, 2, &context, &fit, &error);

          g_test_message ("%s: %u reports", ids[m], watch.fractions->len);
          g_assert_cmpuint (watch.fractions->len, >=, 3);
          for (guint i = 0; i < watch.fractions->len; i++)
            {
              double f = g_array_index (watch.fractions, double, i);

              g_assert_cmpfloat (f, >=, last);
              g_assert_cmpfloat (f, <=, 1.0);
              last = f;
            }
          if (cancelled)
            {
              g_assert_false (ok);
              g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
              g_assert_cmpfloat (last, <, 1.0);
            }
          else
            {
              g_assert_no_error (error);
              g_assert_true (ok);
              g_assert_cmpfloat (last, >=, 0.6);
            }
          seg_fit_clear (&fit);
          g_array_unref (watch.fractions);
          g_mutex_clear (&watch.lock);
        }
    }
}

/* Sizes, means, medians, z-scores, revenue shares and names, against
 * values worked out by hand. */
static void
test_profile (ProjectFixture *fixture,
              gconstpointer   data)
{
  /* Two clear groups: recent big spenders, and long-gone small ones. */
  const char *csv =
    "customer,recency,frequency,monetary\n"
    "A,5,10,1000\n"
    "B,7,12,1200\n"
    "C,6,11,1400\n"
    "D,300,1,20\n"
    "E,320,1,40\n"
    "F,310,2,30\n"
    "G,330,1,10\n";
  const char *columns[] = { "recency", "frequency", "monetary", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRun) run = NULL;
  SegClusterProfile *first, *second;
  SegFeatureStat *stat;
  double mean_recency = (5 + 7 + 6 + 300 + 320 + 310 + 330) / 7.0;
  double sd_recency = 0;

  summary = import_text (fixture, "customers", csv, -1, &error);
  g_assert_no_error (error);
  run = new_run (fixture, "kmeans", columns);
  g_object_set (seg_run_get_model (run), "k", 2, NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  profile = seg_project_profile (fixture->project, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile->revenue, ==, "monetary");
  g_assert_cmpuint (profile->clusters->len, ==, 2);
  first = g_ptr_array_index (profile->clusters, 0);
  second = g_ptr_array_index (profile->clusters, 1);

  /* The larger cluster comes first: the four small spenders. */
  g_assert_cmpint (first->size, ==, 4);
  g_assert_cmpfloat_with_epsilon (first->share, 4 / 7.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (first->revenue_share, 100 / 3700.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (second->revenue_share, 3600 / 3700.0, 1e-12);

  stat = &g_array_index (first->features, SegFeatureStat, 0);
  g_assert_cmpfloat_with_epsilon (stat->mean, 315.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stat->median, 315.0, 1e-12);
  for (int i = 0; i < 7; i++)
    {
      static const double r[] = { 5, 7, 6, 300, 320, 310, 330 };

      sd_recency += (r[i] - mean_recency) * (r[i] - mean_recency);
    }
  sd_recency = sqrt (sd_recency / 7);
  g_assert_cmpfloat_with_epsilon (stat->z, (315.0 - mean_recency) / sd_recency, 1e-12);

  stat = &g_array_index (second->features, SegFeatureStat, 2);
  g_assert_cmpfloat_with_epsilon (stat->mean, 1200.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stat->median, 1200.0, 1e-12);
  stat = &g_array_index (first->features, SegFeatureStat, 1);
  g_assert_cmpfloat_with_epsilon (stat->median, 1.0, 1e-12);

  g_assert_cmpstr (second->name, ==, "High value · frequent · recent");
  g_assert_cmpstr (first->name, ==, "Low value · rare · lapsing");

  g_assert_null (seg_project_profile (fixture->project, 9, NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
}

/* From order lines through RFM: the profile names the products each
 * cluster buys, with their reach and lift. */
static void
test_profile_products (ProjectFixture *fixture,
                       gconstpointer   data)
{
  const char *csv =
    "order,day,customer,sku,qty,price\n"
    "1,2024-01-02,A,TEA,2,10\n"
    "2,2024-03-02,A,CUP,1,30\n"
    "3,2024-06-01,A,TEA,1,10\n"
    "4,2024-06-20,B,TEA,3,10\n"
    "5,2024-06-21,B,POT,1,80\n"
    "6,2023-01-05,C,CUP,1,30\n"
    "7,2023-02-05,D,CUP,2,30\n"
    "8,2023-02-07,E,POT,1,80\n";
  const char *columns[] = { "recency", "frequency", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegRfmSummary) rfm = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  SegRfmOptions options = {
    .orders = "orders", .customer = "customer", .date = "day",
    .quantity = "qty", .price = "price", .invoice = "order",
  };
  SegClusterProfile *recent = NULL;

  summary = import_text (fixture, "orders", csv, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&summary, seg_import_summary_free);
  summary = import_text (fixture, "products", "sku,name_en\nTEA,Green tea\nPOT,Clay pot\n", -1, &error);
  g_assert_no_error (error);
  rfm = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);

  g_object_set (model, "k", 2, NULL);
  run = seg_run_new (fixture->project, model, "rfm", columns);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  profile = seg_project_profile (fixture->project, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (profile->product, ==, "sku");
  g_assert_cmpstr (profile->orders, ==, "orders");

  for (guint c = 0; c < profile->clusters->len; c++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);

      if (cluster->size == 2)
        recent = cluster;
    }
  /* A and B: both bought tea; A a cup, B a pot. Tea reaches 2 of the 5
   * customers overall, so its lift in this cluster is 1 / (2/5). */
  g_assert_nonnull (recent);
  g_assert_cmpuint (recent->products->len, ==, 3);
  g_assert_cmpstr (((SegTopProduct *) g_ptr_array_index (recent->products, 0))->product, ==, "TEA");
  g_assert_cmpstr (((SegTopProduct *) g_ptr_array_index (recent->products, 0))->label, ==, "Green tea");
  g_assert_cmpint (((SegTopProduct *) g_ptr_array_index (recent->products, 0))->buyers, ==, 2);
  g_assert_cmpfloat_with_epsilon (((SegTopProduct *) g_ptr_array_index (recent->products, 0))->share, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (((SegTopProduct *) g_ptr_array_index (recent->products, 0))->lift, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (((SegTopProduct *) g_ptr_array_index (recent->products, 0))->revenue, 60.0, 1e-12);
  /* POT (80) outranks CUP (30) at one buyer each, by revenue. */
  g_assert_cmpstr (((SegTopProduct *) g_ptr_array_index (recent->products, 1))->product, ==, "POT");

  g_clear_pointer (&profile, seg_profile_free);
  g_assert_null (seg_project_profile (fixture->project, 1, "colour", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--product"));
  g_clear_error (&error);

  /* The whole view of the run, as a window shows it: the rows' names come
   * from a customers table keyed like the order lines; a customer it does
   * not list has none. */
  {
    g_autoptr(SegImportSummary) people = import_text (fixture, "customers", "customer,name\nA,Ann\nB,Bo\nC,王芳\nE,Eve\n",
                                                      -1, &error);
    g_autoptr(SegRunView) view = NULL;

    g_assert_no_error (error);
    view = seg_project_load_run_view (fixture->project, 1, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (view->profile);
    g_assert_cmpint (view->record->id, ==, 1);
    g_assert_cmpuint (view->points->n, ==, 5);
    g_assert_nonnull (view->points->names);
    for (guint i = 0; i < view->points->n; i++)
      {
        const char *key = view->points->keys[i];
        const char *expected = g_str_equal (key, "A") ? "Ann" : g_str_equal (key, "B") ? "Bo"
                               : g_str_equal (key, "C") ? "王芳" : g_str_equal (key, "E") ? "Eve" : "";

        g_assert_cmpstr (view->points->names[i], ==, expected);
      }
    g_assert_cmpstr (view->points->people, ==, "customers");
    g_assert_cmpstr (view->points->people_key, ==, "customer");

    /* A target list: the chosen rows with the people's own columns. */
    {
      SegExportJoin join = { view->points->people, view->points->key_name, view->points->people_key };
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autofree guint8 *keep = g_new0 (guint8, view->points->n);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      guint a = 0;

      for (guint i = 0; i < view->points->n; i++)
        if (g_str_equal (view->points->keys[i], "A") || g_str_equal (view->points->keys[i], "D"))
          keep[i] = 1;
      for (guint i = 0; i < view->points->n && !g_str_equal (view->points->keys[i], "A"); i++)
        a++;
      g_assert_true (seg_project_export_rows (fixture->project,
                                              &(SegExportRows) { view->points->table, keep, view->points->n, &join },
                                              out, SEG_EXPORT_NONE, NULL, &error));
      g_assert_no_error (error);
      g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
      g_output_stream_close (out, NULL, NULL);
      text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
      lines = g_strsplit (text, "\r\n", -1);
      g_assert_true (g_str_has_suffix (lines[0], ",silhouette,name"));
      g_assert_cmpuint (g_strv_length (lines), ==, 4);
      /* A has a name, D none; in the order the rows were stored. */
      g_assert_true (g_str_has_suffix (lines[1], a == 0 ? ",Ann" : ","));
      g_assert_nonnull (strstr (text, ",Ann\r\n"));
    }
    g_clear_pointer (&view, seg_run_view_free);

    /* Cancelled before it starts, it stops and says so. */
    {
      volatile int cancel = 1;

      g_assert_null (seg_project_load_run_view (fixture->project, 1, &cancel, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
  }
}

static void
test_suggest_k_and_k_distance (ProjectFixture *fixture,
                               gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  SegPrepOptions prep = { SEG_SCALE_STANDARD, NULL, SEG_IMPUTE_MEDIAN };
  g_autoptr(SegDataset) dataset = NULL;
  g_autoptr(SegKSuggestion) suggestion = NULL;
  g_autoptr(SegKDistance) curve = NULL;
  g_autoptr(GError) error = NULL;

  import_blobs (fixture);
  dataset = seg_dataset_load (fixture->project, "customers", columns, &prep, NULL, &error);
  g_assert_no_error (error);

  suggestion = seg_dataset_suggest_k (dataset, 2, 6, 5, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestion->scores->len, ==, 5);
  g_assert_cmpint (suggestion->recommended, ==, 3);
  for (guint i = 1; i < suggestion->scores->len; i++)
    g_assert_cmpfloat (g_array_index (suggestion->scores, SegKScore, i).inertia, <=,
                       g_array_index (suggestion->scores, SegKScore, i - 1).inertia);

  g_assert_null (seg_dataset_suggest_k (dataset, 1, 6, 5, 0, 0, NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_clear_error (&error);

  curve = seg_dataset_k_distance (dataset, 4, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (curve->n, ==, 60);
  for (size_t i = 1; i < curve->n; i++)
    g_assert_cmpfloat (curve->distances[i], >=, curve->distances[i - 1]);
  g_assert_cmpfloat (curve->eps, ==, curve->distances[curve->knee]);
  g_assert_cmpfloat (curve->eps, >, 0);

  /* The same curve through a connection of its own, for workers. */
  {
    g_autoptr(SegKDistance) again = seg_project_k_distance (fixture->project, "customers", columns, &prep, 4,
                                                            NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (again->n, ==, curve->n);
    g_assert_cmpfloat (again->eps, ==, curve->eps);
    g_assert_null (seg_project_k_distance (fixture->project, "nowhere", columns, &prep, 4, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
    g_clear_error (&error);
  }

  /* For a run: its rows prepared as it prepared them, its seed and its
   * restarts, the same scores as preparing them by hand. */
  {
    const char *logs[] = { "visits", NULL };
    SegPrepOptions robust = { SEG_SCALE_ROBUST, logs, SEG_IMPUTE_MEAN };
    g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);
    g_autoptr(SegDataset) same = NULL;
    g_autoptr(SegKSuggestion) by_hand = NULL;
    g_autoptr(SegKSuggestion) for_run = NULL;

    g_object_set (seg_run_get_model (run), "k", 3, "seed", (guint64) 5, "n-init", 4, NULL);
    seg_cluster_model_set_prep (SEG_CLUSTER_MODEL (seg_run_get_model (run)), &robust);
    g_assert_true (seg_run_execute (run, NULL, &error));
    g_assert_no_error (error);

    same = seg_dataset_load (fixture->project, "customers", columns, &robust, NULL, &error);
    g_assert_no_error (error);
    by_hand = seg_dataset_suggest_k (same, 2, 7, 4, 5, SEG_SILHOUETTE_SAMPLE, NULL, &error);
    g_assert_no_error (error);
    for_run = seg_project_suggest_k_for_run (fixture->project, seg_run_get_record (run)->id, 2, 7, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (for_run->scores->len, ==, by_hand->scores->len);
    for (guint i = 0; i < for_run->scores->len; i++)
      {
        g_assert_cmpfloat (g_array_index (for_run->scores, SegKScore, i).inertia, ==,
                           g_array_index (by_hand->scores, SegKScore, i).inertia);
        g_assert_cmpfloat (g_array_index (for_run->scores, SegKScore, i).silhouette, ==,
                           g_array_index (by_hand->scores, SegKScore, i).silhouette);
      }
    g_assert_cmpint (for_run->recommended, ==, by_hand->recommended);

    g_assert_null (seg_project_suggest_k_for_run (fixture->project, 99, 2, 7, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
    g_clear_error (&error);

    /* Run again as it was: same model, seed, columns and preparation,
     * so the same clusters and figures. */
    {
      g_autoptr(SegRun) again = seg_run_new_like (fixture->project, seg_run_get_record (run), &error);
      JsonObject *first, *second;

      g_assert_no_error (error);
      g_assert_true (seg_run_execute (again, NULL, &error));
      g_assert_no_error (error);
      first = json_node_get_object (seg_run_get_record (run)->metrics);
      second = json_node_get_object (seg_run_get_record (again)->metrics);
      g_assert_cmpfloat (json_object_get_double_member (second, "inertia"), ==,
                         json_object_get_double_member (first, "inertia"));
      g_assert_true (json_node_equal (seg_run_get_record (again)->preprocessing, seg_run_get_record (run)->preprocessing));
      g_assert_true (json_node_equal (seg_run_get_record (again)->parameters, seg_run_get_record (run)->parameters));
      g_assert_cmpint (seg_run_get_record (again)->id, ==, seg_run_get_record (run)->id + 1);
    }

    /* The choices count even where the data needed none of them: this
     * data has no gaps, and the mean is still what a new run would use. */
    {
      SegPrepOptions read_back;
      g_auto(GStrv) read_logs = seg_run_record_get_prep (seg_run_get_record (run), &read_back);

      g_assert_cmpint (read_back.scale, ==, SEG_SCALE_ROBUST);
      g_assert_cmpint (read_back.impute, ==, SEG_IMPUTE_MEAN);
      g_assert_cmpstrv (read_logs, ((const char *const[]) { "visits", NULL }));
    }
  }
}

/* The sampled silhouette: the exact value when the sample is everything,
 * repeatable for a seed, close to the exact value for a good sample. */
static void
test_silhouette_sample (void)
{
  size_t n = 3000, d = 2;
  g_autofree double *x = g_new (double, n * d);
  g_autofree int32_t *labels = g_new (int32_t, n);
  g_autofree double *per_point = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  double exact, a, b;
  size_t used = 0, measured = 0;

  for (size_t i = 0; i < n; i++)
    {
      labels[i] = i % 3;
      x[i * 2] = labels[i] * 4 + g_rand_double_range (rand, -2, 2);
      x[i * 2 + 1] = g_rand_double_range (rand, -2, 2);
    }
  exact = seg_silhouette (x, n, d, labels, 3, NULL);
  g_assert_cmpfloat (seg_silhouette_sampled (x, n, d, labels, 3, 0, 1, NULL, &used), ==, exact);
  g_assert_cmpuint (used, ==, n);

  a = seg_silhouette_sampled (x, n, d, labels, 3, 1000, 42, per_point, &used);
  b = seg_silhouette_sampled (x, n, d, labels, 3, 1000, 42, NULL, NULL);
  g_assert_cmpuint (used, ==, 1000);
  g_assert_cmpfloat (a, ==, b);
  g_assert_cmpfloat_with_epsilon (a, exact, 0.03);
  for (size_t i = 0; i < n; i++)
    measured += !isnan (per_point[i]);
  g_assert_cmpuint (measured, ==, 1000);
}

static void
on_async_done (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (seg_run_start_finish (SEG_RUN (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(int *) data)++;
}

/* The asynchronous form a window uses: progress arrives on the main
 * context, in order, and the state ends as succeeded. */
static void
test_async (ProjectFixture *fixture,
            gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegRun) run = new_run (fixture, "minibatch-kmeans", columns);
  g_autofree char *sizes = NULL;
  gboolean done = FALSE;
  int progress_notes = 0, state_notes = 0;

  import_blobs (fixture);
  g_object_set (seg_run_get_model (run), "k", 3, NULL);
  g_signal_connect (run, "notify::progress", G_CALLBACK (count_notify), &progress_notes);
  g_signal_connect (run, "notify::state", G_CALLBACK (count_notify), &state_notes);
  seg_run_start_async (run, NULL, on_async_done, &done);
  g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_RUNNING);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_SUCCEEDED);
  g_assert_cmpint (state_notes, ==, 2);
  g_assert_cmpint (progress_notes, >, 0);
  g_assert_cmpfloat (seg_run_get_progress (run), ==, 1.0);
  sizes = cluster_sizes (fixture->project, "run_1");
  g_assert_cmpstr (sizes, ==, "30,20,10");

  /* The worker thread lets go of the run just after it reports; the run
   * must then go away, and the project with it. */
  {
    SegRun *weak = run;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_clear_object (&run);
    while (weak != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_null (weak);
  }
}

/* Deleting a run takes its result tables with it, and nothing else. */
static void
test_delete_run (ProjectFixture *fixture,
                 gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegRun) kept = NULL;
  g_autoptr(SegRun) tree = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_blobs (fixture);
  kept = new_run (fixture, "kmeans", columns);
  g_assert_true (seg_run_execute (kept, NULL, &error));
  tree = new_run (fixture, "hierarchical", columns);
  g_assert_true (seg_run_execute (tree, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (seg_project_has_table (fixture->project, "run_2"));
  g_assert_true (seg_project_has_table (fixture->project, "run_2_merges"));

  g_assert_true (seg_project_delete_run (fixture->project, 2, &error));
  g_assert_no_error (error);
  g_assert_false (seg_project_has_table (fixture->project, "run_2"));
  g_assert_false (seg_project_has_table (fixture->project, "run_2_merges"));
  g_assert_true (seg_project_has_table (fixture->project, "run_1"));
  g_assert_true (seg_project_has_table (fixture->project, "customers"));
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_runs"), ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_tables WHERE name LIKE 'run_2%'"), ==, 0);

  before = project_state (fixture->project);
  g_assert_false (seg_project_delete_run (fixture->project, 2, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&error);

  /* A table a later run replaced under the same name is the later run's:
   * deleting the earlier run leaves it. */
  {
    g_autoptr(SegRun) first = new_run (fixture, "kmeans", columns);
    g_autoptr(SegRun) second = new_run (fixture, "kmeans", columns);
    g_autoptr(SegProfile) profile = NULL;

    g_object_set (first, "output-table", "segs", NULL);
    g_assert_true (seg_run_execute (first, NULL, &error));
    g_object_set (second, "output-table", "segs", "replace", TRUE, NULL);
    g_object_set (seg_run_get_model (second), "k", 2, NULL);
    g_assert_true (seg_run_execute (second, NULL, &error));
    g_assert_no_error (error);

    /* The first run's map and profile went with its table; it no
     * longer reads the second run's rows as its own. */
    {
      g_autofree char *maps = g_strdup_printf ("SELECT count (*) FROM seg_run_maps WHERE run_id = %" G_GINT64_FORMAT,
                                               seg_run_get_record (first)->id);
      g_autofree char *profiles = g_strdup_printf ("SELECT count (*) FROM seg_run_profiles WHERE run_id = %" G_GINT64_FORMAT,
                                                   seg_run_get_record (first)->id);
      g_autoptr(SegRunPoints) points = NULL;

      g_assert_cmpint (query_int (fixture->project, maps), ==, 0);
      g_assert_cmpint (query_int (fixture->project, profiles), ==, 0);
      points = seg_project_load_run_points (fixture->project, seg_run_get_record (first)->id, &error);
      g_assert_null (points);
      g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
      g_assert_nonnull (strstr (error->message, "replaced"));
      g_clear_error (&error);
      points = seg_project_load_run_points (fixture->project, seg_run_get_record (second)->id, &error);
      g_assert_no_error (error);
      g_assert_nonnull (points);
    }

    g_assert_true (seg_project_delete_run (fixture->project, seg_run_get_record (first)->id, &error));
    g_assert_no_error (error);
    g_assert_true (seg_project_has_table (fixture->project, "segs"));
    profile = seg_project_profile (fixture->project, seg_run_get_record (second)->id, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (profile->clusters->len, >=, 2);
  }
}

static void
assert_same_profile (SegProfile *a,
                     SegProfile *b)
{
  g_assert_cmpstr (a->table, ==, b->table);
  g_assert_cmpstr (a->revenue, ==, b->revenue);
  g_assert_cmpint (a->rows, ==, b->rows);
  g_assert_cmpuint (g_strv_length (a->features), ==, g_strv_length (b->features));
  for (guint j = 0; a->features[j] != NULL; j++)
    {
      g_assert_cmpstr (a->features[j], ==, b->features[j]);
      g_assert_cmpmem (&a->overall_mean[j], sizeof (double), &b->overall_mean[j], sizeof (double));
      g_assert_cmpmem (&a->overall_sd[j], sizeof (double), &b->overall_sd[j], sizeof (double));
    }
  g_assert_cmpuint (a->clusters->len, ==, b->clusters->len);
  for (guint c = 0; c < a->clusters->len; c++)
    {
      SegClusterProfile *x = g_ptr_array_index (a->clusters, c);
      SegClusterProfile *y = g_ptr_array_index (b->clusters, c);

      g_assert_cmpint (x->cluster, ==, y->cluster);
      g_assert_cmpint (x->size, ==, y->size);
      g_assert_cmpmem (&x->share, sizeof (double), &y->share, sizeof (double));
      g_assert_true (memcmp (&x->revenue_share, &y->revenue_share, sizeof (double)) == 0 ||
                     (isnan (x->revenue_share) && isnan (y->revenue_share)));
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpuint (x->features->len, ==, y->features->len);
      for (guint j = 0; j < x->features->len; j++)
        {
          SegFeatureStat *p = &g_array_index (x->features, SegFeatureStat, j);
          SegFeatureStat *q = &g_array_index (y->features, SegFeatureStat, j);

          g_assert_cmpmem (&p->mean, sizeof (double), &q->mean, sizeof (double));
          g_assert_cmpmem (&p->median, sizeof (double), &q->median, sizeof (double));
          g_assert_cmpmem (&p->z, sizeof (double), &q->z, sizeof (double));
        }
    }
}

/* A clustering run stores its clusters' figures and its map's rows as
 * it is written; they are the very ones worked out from, and read from,
 * its result table, noise included: also when rows with a missing value
 * are left out, when the rows are a saved segment's few customers (looked
 * up rather than read through), and when the rows have no key.
 * A run without them (as from an older project) has them worked out,
 * and deleting the run deletes them. */
static void
test_profile_stored (ProjectFixture *fixture,
                     gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  const char *places[] = { "x", "y", NULL };
  const char *picked[] = { "C003", "C012", "C025", "C031", "C040", "C047", "C052", "C058", "C059", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) source = json_from_string ("{\"table\":\"customers\",\"key\":\"customer\"}", NULL);
  g_autoptr(SegSegment) segment = NULL;
  static const struct { const char *algorithm; const char *impute; const char *segment; gint64 rows; } cases[] = {
    { "kmeans", NULL, NULL, 60 },
    { "dbscan", NULL, NULL, 60 },
    { "kmeans", "drop", NULL, 59 },
    { "kmeans", NULL, "Picked", 9 },
    { "kmeans", NULL, NULL, 40 },
  };
  g_autoptr(GString) spots = g_string_new ("x,y\n");
  g_autoptr(SegImportSummary) summary = NULL;

  import_blobs (fixture);
  segment = seg_project_save_segment (fixture->project, "Picked", picked, source, &error);
  g_assert_no_error (error);
  /* A table of numbers alone, clustered on all of them: no column is
   * left to name the rows. */
  for (int i = 0; i < 40; i++)
    g_string_append_printf (spots, "%d.%d,%d.%d\n", i % 2 * 10 + i % 3, i % 7, i % 5, i % 4);
  summary = import_text (fixture, "spots", spots->str, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SegModel) model = seg_model_new_for_id (cases[i].algorithm, NULL);
      g_autoptr(SegRun) run = i == 4 ? seg_run_new (fixture->project, model, "spots", places)
                                     : new_run (fixture, cases[i].algorithm, columns);
      g_autoptr(SegProfile) stored = NULL;
      g_autoptr(SegProfile) computed = NULL;
      g_autoptr(SegProfile) fallback = NULL;
      g_autofree char *count = NULL;
      gint64 id;

      if (i == 1)
        g_object_set (seg_run_get_model (run), "eps", 0.15, "min-points", 8, NULL);
      if (cases[i].impute != NULL)
        g_assert_true (seg_model_set_param (seg_run_get_model (run), "impute", cases[i].impute, &error));
      if (cases[i].segment != NULL)
        g_object_set (seg_run_get_model (run), "segment", cases[i].segment, "key", "customer", "k", 2, NULL);
      g_assert_no_error (error);
      g_assert_true (seg_run_execute (run, NULL, &error));
      g_assert_no_error (error);
      id = seg_run_get_record (run)->id;

      count = g_strdup_printf ("SELECT count (*) FROM seg_run_profiles WHERE run_id = %" G_GINT64_FORMAT, id);
      g_assert_cmpint (query_int (fixture->project, count), ==, 1);
      stored = seg_project_profile (fixture->project, id, NULL, &error);
      g_assert_no_error (error);
      computed = seg_profile_compute_for_run (fixture->project, id, &error);
      g_assert_no_error (error);
      assert_same_profile (stored, computed);
      g_assert_cmpint (stored->rows, ==, cases[i].rows);

      g_assert_true (seg_project_exec (fixture->project, "DELETE FROM seg_run_profiles", &error));
      fallback = seg_project_profile (fixture->project, id, NULL, &error);
      g_assert_no_error (error);
      assert_same_profile (fallback, computed);

      /* The rows the map shows, as stored and as the table has them. */
      {
        g_autoptr(SegRunPoints) kept = seg_project_load_run_points (fixture->project, id, &error);
        g_autoptr(SegRunPoints) read = seg_run_points_load_from_table (fixture->project, id, &error);
        g_autoptr(SegRunPoints) map = seg_project_load_run_map (fixture->project, id, &error);
        gboolean noise = FALSE;

        g_assert_no_error (error);
        g_assert_cmpuint (kept->n, ==, (guint) cases[i].rows);
        g_assert_cmpuint (kept->n, ==, read->n);
        g_assert_cmpuint (kept->n_clusters, ==, read->n_clusters);
        /* The map keeps its places at float precision. */
        for (size_t r = 0; r < kept->n; r++)
          {
            g_assert_cmpfloat (kept->x[r], ==, (double) (float) read->x[r]);
            g_assert_cmpfloat (kept->y[r], ==, (double) (float) read->y[r]);
          }
        g_assert_cmpmem (kept->labels, kept->n * sizeof (int32_t), read->labels, read->n * sizeof (int32_t));
        g_assert_cmpmem (kept->sizes, kept->n_clusters * sizeof (gint64), read->sizes, read->n_clusters * sizeof (gint64));
        g_assert_cmpmem (map->x, map->n * sizeof (double), kept->x, kept->n * sizeof (double));
        g_assert_null (map->keys);
        for (size_t r = 0; r < kept->n; r++)
          {
            g_assert_cmpstr (kept->keys[r], ==, read->keys[r]);
            g_assert_true (kept->silhouette[r] == (double) (float) read->silhouette[r] ||
                           (isnan (kept->silhouette[r]) && isnan (read->silhouette[r])));
            noise |= kept->labels[r] < 0;
          }
        g_assert_null (kept->keys[kept->n]);
        if (i == 4)
          g_assert_cmpstr (kept->keys[0], ==, "1");
        g_test_message ("%s: %u clusters%s", cases[i].algorithm, kept->n_clusters, noise ? " and noise" : "");
      }

      /* Rows added to the result table behind the catalog's back are
       * read from the table, not from what the run stored; to a result
       * kept as a view of its input, through the rows table behind it. */
      if (i == 0)
        {
          g_autofree char *type_sql = g_strdup_printf ("SELECT type FROM sqlite_schema WHERE name = '%s'",
                                                       stored->table);
          g_autofree char *type = query_text (fixture->project, type_sql);
          g_autofree char *table = g_str_equal (type, "view")
            ? g_strdup_printf ("INSERT INTO seg_run_rows_%" G_GINT64_FORMAT
                               " SELECT row + 60, source, cluster, pc1, pc2, silhouette FROM seg_run_rows_%" G_GINT64_FORMAT,
                               id, id)
            : g_strdup_printf ("INSERT INTO \"%s\" SELECT * FROM \"%s\"", stored->table, stored->table);
          g_autoptr(SegRunPoints) grown = NULL;
          g_autoptr(SegProfile) regrown = NULL;

          g_assert_true (seg_project_exec (fixture->project, table, &error));
          grown = seg_project_load_run_points (fixture->project, id, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (grown->n, ==, 120);
          regrown = seg_project_profile (fixture->project, id, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (regrown->rows, ==, 120);
        }
    }

  {
    g_autoptr(SegRun) run = new_run (fixture, "kmeans", columns);

    g_assert_true (seg_run_execute (run, NULL, &error));
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_run_profiles"), ==, 1);
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_run_maps"), ==, G_N_ELEMENTS (cases) + 1);
    g_assert_true (seg_project_delete_run (fixture->project, seg_run_get_record (run)->id, &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_run_profiles"), ==, 0);
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_run_maps"), ==, G_N_ELEMENTS (cases));
  }
}

/* The map as a run stores it comes back as it went in: keys sharing
 * their first bytes with the one before, or not, empty, or in Chinese;
 * labels that need one, two or four bytes; silhouettes for some rows
 * only. A damaged map is read from the result table instead. */
static void
test_map_layout (ProjectFixture *fixture,
                 gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  const int32_t highs[] = { 5, 300, 40000 };
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRunPoints) table = NULL;
  const char *result;
  gint64 id;
  size_t n;

  import_blobs (fixture);
  run = new_run (fixture, "kmeans", columns);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  id = seg_run_get_record (run)->id;
  result = seg_run_get_record (run)->result_tables[0];
  table = seg_run_points_load_from_table (fixture->project, id, &error);
  g_assert_no_error (error);
  n = table->n;
  g_assert_cmpuint (n, >=, 60);

  for (guint h = 0; h < G_N_ELEMENTS (highs); h++)
    {
      g_autoptr(GByteArray) keys = g_byte_array_new ();
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autofree int32_t *labels = g_new (int32_t, n);
      g_autofree double *coords = g_new (double, 2 * n);
      g_autofree double *silhouette = g_new (double, n);
      g_autoptr(SegRunPoints) back = NULL;

      for (size_t i = 0; i < n; i++)
        {
          char *key = i % 17 == 3 ? g_strdup ("")
                      : i % 11 == 5 ? g_strdup_printf ("客户%zu号", i / 3)
                      : i % 7 == 0 ? g_strdup_printf ("Z%zu", n - i)
                      : g_strdup_printf ("C%05zu", i);

          g_ptr_array_add (texts, key);
          seg_run_points_add_key (keys, key);
          labels[i] = i % 13 == 0 ? -1 : (int32_t) (i * 7919 % (highs[h] + 1));
          coords[2 * i] = sin ((double) i) * 1e3 + 1.0 / 3.0;
          coords[2 * i + 1] = -(double) i / 7.0;
          silhouette[i] = i % 9 == 0 ? cos ((double) i) : NAN;
        }
      labels[n - 1] = highs[h];
      g_assert_true (seg_project_exec (fixture->project, "BEGIN", &error));
      g_assert_true (seg_run_points_store_for_run (fixture->project, id, result, keys, n,
                                                   labels, coords, silhouette, &error));
      g_assert_no_error (error);
      g_assert_true (seg_project_exec (fixture->project, "COMMIT", &error));
      g_assert_cmpint (query_int (fixture->project, "SELECT layout FROM seg_run_maps"), ==, 1);
      g_assert_cmpint (query_int (fixture->project, "SELECT length (labels) FROM seg_run_maps"), ==,
                       (gint64) n * (h == 0 ? 1 : h == 1 ? 2 : 4));

      back = seg_project_load_run_points (fixture->project, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (back->n, ==, n);
      for (size_t i = 0; i < n; i++)
        {
          g_assert_cmpstr (back->keys[i], ==, g_ptr_array_index (texts, i));
          g_assert_cmpint (back->labels[i], ==, labels[i]);
          g_assert_cmpfloat (back->x[i], ==, (double) (float) coords[2 * i]);
          g_assert_cmpfloat (back->y[i], ==, (double) (float) coords[2 * i + 1]);
          if (isnan (silhouette[i]))
            g_assert_true (isnan (back->silhouette[i]));
          else
            g_assert_cmpfloat (back->silhouette[i], ==, (double) (float) silhouette[i]);
        }
    }

  /* Damaged: the keys end in the middle of one, then a silhouette's row
   * beyond the last. Either way the table is read. */
  for (guint d = 0; d < 2; d++)
    {
      g_autoptr(SegRunPoints) back = NULL;

      g_assert_true (seg_project_exec (fixture->project,
                                       d == 0 ? "UPDATE seg_run_maps SET keys = substr (keys, 1, length (keys) - 3)"
                                              : "UPDATE seg_run_maps SET silhouette = x'ffffff0000000000'",
                                       &error));
      back = seg_project_load_run_points (fixture->project, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (back->n, ==, n);
      for (size_t i = 0; i < n; i++)
        {
          g_assert_cmpstr (back->keys[i], ==, table->keys[i]);
          g_assert_cmpint (back->labels[i], ==, table->labels[i]);
          g_assert_cmpfloat (back->x[i], ==, table->x[i]);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)

  ADD ("/runs/kmeans", test_kmeans_run);
  ADD ("/runs/metrics-agree", test_metrics_agree);
  ADD ("/runs/preprocessing-recorded", test_preprocessing_recorded);
  ADD ("/runs/dbscan-and-hierarchy", test_dbscan_and_hierarchy);
  ADD ("/runs/cancel-and-failure", test_cancel_and_failure);
  ADD ("/runs/cancel-while-running", test_cancel_while_running);
  ADD ("/runs/hierarchy-guard", test_hierarchy_guard);
  ADD ("/runs/profile", test_profile);
  ADD ("/runs/profile-stored", test_profile_stored);
  ADD ("/runs/map-layout", test_map_layout);
  ADD ("/runs/profile-products", test_profile_products);
  ADD ("/runs/suggest-k-and-k-distance", test_suggest_k_and_k_distance);
  ADD ("/runs/async", test_async);
  ADD ("/runs/delete", test_delete_run);
  g_test_add_func ("/runs/params", test_params);
  g_test_add_func ("/runs/models-report-and-stop", test_models_report_and_stop);
  g_test_add_func ("/runs/silhouette-sample", test_silhouette_sample);

  return g_test_run ();
}
