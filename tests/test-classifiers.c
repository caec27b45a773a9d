/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "seg-bayes-net-model.h"
#include "seg-classifier-model.h"
#include "seg-error.h"
#include "seg-logistic.h"
#include "seg-predict-model.h"
#include "seg-predict-table.h"
#include "seg-run.h"
#include "seg-run-record.h"
#include "seg-test-utils.h"
#include "seg-tree.h"

/* The four classifiers end to end through the prediction machinery: on
 * a generated table whose answer follows two columns, and on the sample
 * shop's labelled customers; each judged on its test rows, scored again
 * from the kept model, and compared with its kernel fitted directly. */

#define N_ROWS 400

static const char *const algorithms[] = { "logistic", "tree", "naive-bayes", "bayes-net", NULL };

typedef struct
{
  double   spend[N_ROWS];
  double   visits[N_ROWS];
  gboolean test[N_ROWS];
  double   bought[N_ROWS];
} Shop;

/* Buying follows spend and visits through a logistic curve, with a
 * fixed pseudo-random draw per row; a quarter of the rows are test rows. */
static char *
shop_csv (Shop *shop)
{
  GString *csv = g_string_new ("customer,spend,visits,channel,split,bought\n");
  static const char *const channels[] = { "app", "shop", "web" };
  GRand *rand = g_rand_new_with_seed (7);

  for (int i = 0; i < N_ROWS; i++)
    {
      const char *channel = channels[(i * 7) % 3];
      double spend = g_rand_double_range (rand, 0, 200);
      double visits = g_rand_int_range (rand, 0, 12);
      double logit = -3 + spend / 40 + (visits - 6) / 3 + (g_str_equal (channel, "web") ? 0.8 : 0);
      double draw = g_rand_double (rand);

      shop->spend[i] = spend;
      shop->visits[i] = visits;
      shop->test[i] = i % 4 == 0;
      shop->bought[i] = draw < 1 / (1 + exp (-logit));
      g_string_append_printf (csv, "c%03d,%.17g,%g,%s,%s,%s\n", i, spend, visits, channel,
                              shop->test[i] ? "test" : "train", shop->bought[i] ? "1" : "0");
    }
  g_rand_free (rand);

  return g_string_free (csv, FALSE);
}

static void
import_shop (ProjectFixture *fixture,
             Shop           *shop)
{
  g_autofree char *csv = shop_csv (shop);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = import_text (fixture, "shop", csv, -1, &error);

  g_assert_no_error (error);
}

static SegRunRecord *
run_classifier (ProjectFixture     *fixture,
                const char         *algorithm,
                const char         *table,
                const char         *target,
                const char *const  *features)
{
  g_autoptr(SegModel) model = seg_model_new_for_id (algorithm, NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (model);
  g_object_set (model, "table", table, "target", target, "features", features,
                "key", "customer", "split-column", "split", NULL);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return g_object_ref ((SegRunRecord *) seg_run_get_record (run));
}

static JsonObject *
model_of (const SegRunRecord *record)
{
  return json_object_get_object_member (json_node_get_object (record->metrics), "model");
}

/* Judged on the test rows, clearly better than the base rate; scoring
 * the table again from the kept model gives the run's own predictions. */
static void
check_run (ProjectFixture     *fixture,
           const SegRunRecord *record,
           const char         *table,
           double              min_auc)
{
  JsonObject *metrics = json_node_get_object (record->metrics);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *sql = NULL;
  gint64 rows = 0;

  g_test_message ("%s: AUC %.4f, log loss %.4f (baseline %.4f)", record->algorithm,
                  json_object_get_double_member (metrics, "auc"),
                  json_object_get_double_member (metrics, "log_loss"),
                  json_object_get_double_member (metrics, "baseline_log_loss"));
  g_assert_cmpstr (json_object_get_string_member (metrics, "evaluation"), ==, "split");
  g_assert_cmpfloat (json_object_get_double_member (metrics, "auc"), >, min_auc);
  g_assert_cmpfloat (json_object_get_double_member (metrics, "baseline_auc"), ==, 0.5);
  g_assert_true (json_object_has_member (metrics, "model"));

  g_assert_true (seg_predict_score (fixture->project, record->id, table, NULL, NULL, &output, &rows, &error));
  g_assert_no_error (error);
  /* A customer can be both a train and a test row: compare them as sets. */
  sql = g_strdup_printf ("SELECT count(*) FROM (SELECT customer, prediction FROM run_%" G_GINT64_FORMAT
                         " EXCEPT SELECT customer, prediction FROM \"%s\")", record->id, output);
  g_assert_cmpint (query_int (fixture->project, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM (SELECT customer, prediction FROM \"%s\""
                         " EXCEPT SELECT customer, prediction FROM run_%" G_GINT64_FORMAT ")", output, record->id);
  g_assert_cmpint (query_int (fixture->project, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  g_assert_cmpint (rows, ==, query_int (fixture->project, sql));
}

static void
test_generated (ProjectFixture *fixture,
                gconstpointer   data)
{
  const char *features[] = { "spend", "visits", "channel", NULL };
  Shop shop;

  import_shop (fixture, &shop);
  for (guint a = 0; algorithms[a] != NULL; a++)
    {
      g_autoptr(SegRunRecord) record = run_classifier (fixture, algorithms[a], "shop", "bought", features);
      JsonObject *metrics = json_node_get_object (record->metrics);

      g_assert_cmpint (record->kind, ==, SEG_MODEL_KIND_CLASSIFICATION);
      check_run (fixture, record, "shop", 0.75);
      g_assert_cmpfloat (json_object_get_double_member (metrics, "brier"), <,
                         json_object_get_double_member (metrics, "baseline_brier"));
    }
}

/* The sample shop's customers, labelled by whether they order again in
 * the 30 days after 1 September 2024. */
static void
test_sample_shop (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, orders);
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  SegPredictTableOptions options = {
    .orders = "orders", .cutoff = "2024-09-01", .horizon = 30, .target = SEG_PREDICT_BUYS_AGAIN,
    .top_items = -1, .splits = SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST,
  };
  const char *features[] = { "recency", "frequency", "monetary", "avg_order_value", "tenure", "gap_mean",
                             "gap_sd", "overdue", "return_line_share", "spend_30d", "orders_30d",
                             "spend_90d", "orders_90d", NULL };

  imported = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  summary = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->test_rows, >, 1000);

  for (guint a = 0; algorithms[a] != NULL; a++)
    {
      g_autoptr(SegRunRecord) record = run_classifier (fixture, algorithms[a], "predict", "target", features);

      /* A coin gives 0.5; each of them ranks buyers far better (naive
       * Bayes's chances, from bell curves over skewed counts, are poorly
       * calibrated here, so only the ranking is asked of all four). */
      check_run (fixture, record, "predict", 0.78);
    }
}

/* The train rows, standardised as the machinery does: by the mean and
 * the population standard deviation. */
static double *
train_design (const Shop *shop,
              gboolean    standardize,
              double     *y,
              size_t     *n)
{
  double *x = g_new (double, 2 * N_ROWS);
  double mean[2] = { 0, 0 }, spread[2] = { 0, 0 };
  size_t m = 0;

  for (size_t i = 0; i < N_ROWS; i++)
    if (!shop->test[i])
      {
        x[2 * m] = shop->spend[i];
        x[2 * m + 1] = shop->visits[i];
        y[m++] = shop->bought[i];
      }
  for (size_t j = 0; standardize && j < 2; j++)
    {
      for (size_t i = 0; i < m; i++)
        mean[j] += x[2 * i + j];
      mean[j] /= m;
      for (size_t i = 0; i < m; i++)
        spread[j] += (x[2 * i + j] - mean[j]) * (x[2 * i + j] - mean[j]);
      for (size_t i = 0; i < m; i++)
        x[2 * i + j] = (x[2 * i + j] - mean[j]) / sqrt (spread[j] / m);
    }
  *n = m;
  return x;
}

static void
test_logistic_kernel (ProjectFixture *fixture,
                      gconstpointer   data)
{
  const char *features[] = { "spend", "visits", NULL };
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegLogistic) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL;
  double y[N_ROWS];
  SegLogisticParams params;
  JsonArray *coefficients;
  Shop shop;
  size_t n;

  import_shop (fixture, &shop);
  record = run_classifier (fixture, "logistic", "shop", "bought", features);
  x = train_design (&shop, TRUE, y, &n);
  seg_logistic_params_init (&params);
  direct = seg_logistic_fit (x, n, 2, y, NULL, &params, NULL, &error);
  g_assert_no_error (error);

  coefficients = json_object_get_array_member (model_of (record), "coefficients");
  g_assert_cmpuint (json_array_get_length (coefficients), ==, 2);
  for (guint j = 0; j < 2; j++)
    {
      JsonObject *row = json_array_get_object_element (coefficients, j);
      double odds = NAN;

      g_assert_cmpstr (json_object_get_string_member (row, "feature"), ==, features[j]);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "estimate"),
                                      seg_logistic_get_coefficients (direct)[j], 1e-9);
      g_assert_cmpint (seg_logistic_effect (direct, j, &odds), ==, SEG_LOGISTIC_EFFECT_MORE);
      g_assert_cmpstr (json_object_get_string_member (row, "effect"), ==, "more");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "odds_ratio"), odds, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (model_of (record), "intercept"),
                                  seg_logistic_get_intercept (direct), 1e-9);
}

static void
test_tree_kernel (ProjectFixture *fixture,
                  gconstpointer   data)
{
  const char *features[] = { "spend", "visits", NULL };
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTree) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL;
  g_autofree double *alphas = NULL;
  g_autofree double *scores = NULL;
  double y[N_ROWS];
  double best = 0;
  size_t n, n_alphas;
  SegTreeParams params;
  const SegTreeNode *nodes;
  JsonArray *described;
  Shop shop;

  import_shop (fixture, &shop);
  record = run_classifier (fixture, "tree", "shop", "bought", features);
  x = train_design (&shop, FALSE, y, &n);
  seg_tree_params_init (&params);
  params.max_depth = 5;
  params.min_samples_leaf = 20;
  params.min_samples_split = 40;
  g_assert_true (seg_tree_choose_alpha (x, n, 2, y, 2, NULL, &params, 5, record->seed, NULL,
                                        &best, &alphas, &scores, &n_alphas, &error));
  g_assert_no_error (error);
  params.ccp_alpha = best;
  direct = seg_tree_fit (x, n, 2, y, 2, NULL, &params, NULL, &error);
  g_assert_no_error (error);

  described = json_object_get_array_member (model_of (record), "nodes");
  g_assert_cmpuint (json_array_get_length (described), ==, seg_tree_n_nodes (direct));
  g_assert_cmpint (json_object_get_int_member (model_of (record), "leaves"), ==, seg_tree_n_leaves (direct));
  g_assert_cmpuint (seg_tree_n_leaves (direct), >, 1);
  nodes = seg_tree_nodes (direct);
  for (guint k = 0; k < seg_tree_n_nodes (direct); k++)
    {
      JsonObject *node = json_array_get_object_element (described, k);

      g_assert_cmpint (json_object_get_int_member (node, "n"), ==, nodes[k].n_samples);
      if (nodes[k].feature < 0)
        {
          g_autofree char *rule = seg_tree_describe_node (direct, k, features);

          g_assert_cmpstr (json_object_get_string_member (node, "rule"), ==, rule);
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (node, "feature"), ==, features[nodes[k].feature]);
          g_assert_cmpfloat (json_object_get_double_member (node, "threshold"), ==, nodes[k].threshold);
        }
    }
}

/* A stored blob and record, to check that a refused edit changed nothing. */
static char *
run_state (ProjectFixture *fixture)
{
  g_autofree char *state = project_state (fixture->project);
  g_autofree char *blobs = query_text (fixture->project, "SELECT group_concat (hex (data)) FROM seg_run_state");
  g_autofree char *metrics = query_text (fixture->project, "SELECT group_concat (metrics) FROM seg_runs");

  return g_strconcat (state, "|", blobs, "|", metrics, NULL);
}

static void
test_bayes_net_edit (ProjectFixture *fixture,
                     gconstpointer   data)
{
  const char *features[] = { "spend", "visits", "channel", NULL };
  const char *nodes[] = { "spend", "visits", "channel", NULL };
  const char *states[] = { "150", "1", "web", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id ("bayes-net", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegBayesNet) net = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *metrics = NULL;
  double p_naive = NAN, p_edited = NAN, p_again = NAN;
  gint64 id;
  Shop shop;

  import_shop (fixture, &shop);
  g_object_set (model, "table", "shop", "target", "bought", "features", features, "key", "customer",
                "split-column", "split", "structure", SEG_NET_STRUCTURE_NAIVE, NULL);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  id = seg_run_get_record (run)->id;

  net = seg_predict_bayes_net_load (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seg_bayes_net_n_nodes (net), ==, 4);
  g_assert_cmpstr (seg_bayes_net_node_name (net, seg_bayes_net_class_node (net)), ==, "bought");
  g_assert_false (seg_bayes_net_has_arrow (net, 0, 1));

  /* "web" is the text level, "150" a spend put into its bin. */
  g_assert_true (seg_predict_bayes_net_what_if (fixture->project, id, nodes, states, &p_naive, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (p_naive, >, 0.5);

  /* An arrow from spend to visits: visits' table now depends on spend,
   * the answer changes, and the edited network is kept. */
  g_assert_true (seg_predict_bayes_net_add_arrow (fixture->project, id, "spend", "visits", &error));
  g_assert_no_error (error);
  g_assert_true (seg_predict_bayes_net_what_if (fixture->project, id, nodes, states, &p_edited, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (p_edited - p_naive), >, 1e-6);
  g_clear_pointer (&net, seg_bayes_net_free);
  net = seg_predict_bayes_net_load (fixture->project, id, &error);
  g_assert_true (seg_bayes_net_has_arrow (net, 0, 1));
  metrics = query_text (fixture->project, "SELECT metrics FROM seg_runs");
  g_assert_nonnull (strstr (metrics, "[\"spend\",\"visits\"]"));

  /* The way back would close a cycle: refused, nothing changed. */
  before = run_state (fixture);
  g_assert_false (seg_predict_bayes_net_add_arrow (fixture->project, id, "visits", "spend", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "cycle"));
  g_clear_error (&error);
  g_assert_false (seg_predict_bayes_net_add_arrow (fixture->project, id, "spend", "nowhere", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "nowhere"));
  g_clear_error (&error);
  {
    const char *bad_states[] = { "150", "many", "web", NULL };

    g_assert_false (seg_predict_bayes_net_what_if (fixture->project, id, nodes, bad_states, &p_again, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_assert_nonnull (strstr (error->message, "many"));
    g_clear_error (&error);
  }
  after = run_state (fixture);
  g_assert_cmpstr (after, ==, before);

  /* Removing the arrow gives the first answer back. */
  g_assert_true (seg_predict_bayes_net_remove_arrow (fixture->project, id, "spend", "visits", &error));
  g_assert_no_error (error);
  g_assert_true (seg_predict_bayes_net_what_if (fixture->project, id, nodes, states, &p_again, &error));
  g_assert_cmpfloat_with_epsilon (p_again, p_naive, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/classifiers/generated", ProjectFixture, NULL,
              project_fixture_set_up, test_generated, project_fixture_tear_down);
  g_test_add ("/classifiers/sample-shop", ProjectFixture, NULL,
              project_fixture_set_up, test_sample_shop, project_fixture_tear_down);
  g_test_add ("/classifiers/logistic-kernel", ProjectFixture, NULL,
              project_fixture_set_up, test_logistic_kernel, project_fixture_tear_down);
  g_test_add ("/classifiers/tree-kernel", ProjectFixture, NULL,
              project_fixture_set_up, test_tree_kernel, project_fixture_tear_down);
  g_test_add ("/classifiers/bayes-net-edit", ProjectFixture, NULL,
              project_fixture_set_up, test_bayes_net_edit, project_fixture_tear_down);

  return g_test_run ();
}
