/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "seg-error.h"
#include "seg-predict-job.h"
#include "seg-run.h"
#include "seg-test-utils.h"

/* The questions of the Predict page on the sample shop: the cut-off
 * before the last window, the labelled table, the model on it, and the
 * customers the run scored. */

static void
import_file (ProjectFixture *fixture,
             const char     *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
}

static void
import_sample (ProjectFixture *fixture)
{
  import_file (fixture, "orders.csv");
}

/* The orders, spend and days since the last order the scores give each
 * customer, for the first, a middle and the last, against SQL on the
 * order lines bought (returns left out), as of the last order. */
static void
check_facts (SegProject *project,
             GPtrArray  *scores)
{
  g_assert_cmpuint (scores->len, >, 2);
  for (guint i = 0; i < scores->len; i++)
    {
      SegPredictScore *score = g_ptr_array_index (scores, i);

      g_assert_cmpfloat (score->orders, >=, 1);
      g_assert_cmpfloat (score->total, >, 0);
      g_assert_cmpfloat (score->days_since, >=, 0);
    }
  for (guint k = 0; k < 3; k++)
    {
      SegPredictScore *score = g_ptr_array_index (scores, k == 0 ? 0 : k == 1 ? scores->len / 2 : scores->len - 1);
      double orders, total, days;

      query_customer_facts (project, score->key, &orders, &total, &days);
      g_assert_cmpfloat (score->orders, ==, orders);
      g_assert_cmpfloat_with_epsilon (score->total, total, 1e-9 * MAX (1.0, fabs (total)));
      g_assert_cmpfloat (score->days_since, ==, days);
    }
}

static void
test_questions (void)
{
  SegPredictTarget target;

  g_assert_cmpint (seg_predict_question_get_kind (SEG_PREDICT_QUESTION_BUYS_AGAIN), ==, SEG_MODEL_KIND_CLASSIFICATION);
  g_assert_cmpint (seg_predict_question_get_kind (SEG_PREDICT_QUESTION_SLIPPING), ==, SEG_MODEL_KIND_CLASSIFICATION);
  g_assert_cmpint (seg_predict_question_get_kind (SEG_PREDICT_QUESTION_SPEND), ==, SEG_MODEL_KIND_REGRESSION);
  g_assert_cmpint (seg_predict_question_get_kind (SEG_PREDICT_QUESTION_WORTH), ==, SEG_MODEL_KIND_LIFETIME);
  g_assert_cmpstr (seg_predict_question_get_algorithm (SEG_PREDICT_QUESTION_SLIPPING), ==, "logistic");
  g_assert_cmpstr (seg_predict_question_get_algorithm (SEG_PREDICT_QUESTION_SPEND), ==, "ridge");
  g_assert_cmpstr (seg_predict_question_get_algorithm (SEG_PREDICT_QUESTION_WORTH), ==, "clv");
  g_assert_true (seg_predict_question_get_target (SEG_PREDICT_QUESTION_SLIPPING, &target));
  g_assert_cmpint (target, ==, SEG_PREDICT_CHURN);
  g_assert_true (seg_predict_question_get_target (SEG_PREDICT_QUESTION_SPEND, &target));
  g_assert_cmpint (target, ==, SEG_PREDICT_SPEND);
  g_assert_false (seg_predict_question_get_target (SEG_PREDICT_QUESTION_WORTH, &target));

  /* The window of 30 days that ends on the last day starts 29 days
   * before it, across a month's and a leap year's end. */
  {
    g_autofree char *a = seg_predict_cutoff_before ("2024-03-30", 30);
    g_autofree char *b = seg_predict_cutoff_before ("2024-03-01", 1);
    g_autofree char *c = seg_predict_cutoff_before ("2024-03-01", 2);
    g_autofree char *d = seg_predict_cutoff_before ("2024-13-01", 2);
    g_autofree char *e = seg_predict_cutoff_before ("yesterday", 2);

    g_assert_cmpstr (a, ==, "2024-03-01");
    g_assert_cmpstr (b, ==, "2024-03-01");
    g_assert_cmpstr (c, ==, "2024-02-29");
    g_assert_null (d);
    g_assert_null (e);
  }
}

/* A table with no dates, or dates kept as text, cannot answer a
 * question of the next days; the message says what to choose. */
static void
test_check_orders (ProjectFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) a = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SegPredictTableOptions options = { .orders = "undated", .horizon = 30 };

  a = import_text (fixture, "undated", "customer_id,quantity,unit_price\nC1,1,2.5\nC2,3,1\n", -1, &error);
  g_assert_no_error (error);
  before = project_state (fixture->project);

  g_assert_false (seg_predict_check_orders (fixture->project, &options, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "no column of dates"));
  g_assert_nonnull (strstr (error->message, "undated"));
  g_clear_error (&error);

  options.date = "quantity";
  g_assert_false (seg_predict_check_orders (fixture->project, &options, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "“quantity”"));
  g_assert_nonnull (strstr (error->message, "not dates"));
  g_clear_error (&error);

  options.orders = NULL;
  g_assert_false (seg_predict_check_orders (fixture->project, &options, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_clear_error (&error);

  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);
}

/* Who buys again in the next 30 days, end to end on the sample shop. */
static void
test_buys_again (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autofree char *last = NULL;
  g_autofree char *cutoff = NULL;
  g_autofree char *name = NULL;
  g_autofree char *max_date = NULL;
  SegPredictQuestion question = SEG_PREDICT_QUESTION_WORTH;
  SegPredictTableOptions options = { .orders = "orders", .horizon = 30, .target = SEG_PREDICT_BUYS_AGAIN,
                                     .splits = SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST | SEG_PREDICT_SPLIT_SCORE };
  gint64 customers;

  import_sample (fixture);
  g_assert_true (seg_predict_check_orders (fixture->project, &options, &error));
  g_assert_no_error (error);

  last = seg_predict_orders_last_day (fixture->project, "orders", "invoice_date", &error);
  g_assert_no_error (error);
  max_date = query_text (fixture->project, "SELECT substr (max (invoice_date), 1, 10) FROM orders");
  g_assert_cmpstr (last, ==, max_date);
  cutoff = seg_predict_cutoff_before (last, 30);
  options.cutoff = cutoff;

  /* The question in words names the cut-off and every feature. */
  {
    g_autofree char *text = NULL;
    g_autofree char *day = seg_predict_describe_day (cutoff);
    g_auto(GStrv) lines = NULL;
    const char *const *features = seg_predict_base_features ();
    guint n_features = g_strv_length ((GStrv) features), bullets = 0;

    options.item = "sku";
    text = seg_predict_describe_question (SEG_PREDICT_QUESTION_BUYS_AGAIN, &options, last);
    options.item = NULL;
    g_assert_nonnull (strstr (text, "The cut-off is "));
    g_assert_nonnull (strstr (text, day));
    g_assert_nonnull (strstr (text, "Buys again within 30 days of"));
    lines = g_strsplit (text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      bullets += g_str_has_prefix (lines[i], " • ");
    g_assert_cmpuint (bullets, ==, n_features + 1);
    g_assert_nonnull (strstr (text, "Days since the last order before"));
    g_assert_nonnull (strstr (text, "“sku”"));
  }

  name = seg_predict_free_table_name (fixture->project, SEG_PREDICT_QUESTION_BUYS_AGAIN);
  g_assert_cmpstr (name, ==, "predict_buys_again");
  options.output = name;
  summary = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->score_rows, >, 100);
  {
    g_autofree char *next = seg_predict_free_table_name (fixture->project, SEG_PREDICT_QUESTION_BUYS_AGAIN);

    g_assert_cmpstr (next, ==, "predict_buys_again_2");
  }

  /* A lifetime model does not take a labelled table. */
  {
    g_autoptr(SegModel) clv = seg_model_new_for_id ("clv", NULL);

    g_assert_false (seg_predict_model_use_table (clv, summary, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_clear_error (&error);
  }

  model = seg_model_new_for_id (seg_predict_question_get_algorithm (SEG_PREDICT_QUESTION_BUYS_AGAIN), &error);
  g_assert_no_error (error);
  g_assert_true (seg_predict_model_use_table (model, summary, &error));
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (seg_predict_question_of_run (fixture->project, seg_run_get_record (run)->id, &question));
  g_assert_cmpint (question, ==, SEG_PREDICT_QUESTION_BUYS_AGAIN);

  scores = seg_predict_read_scores (fixture->project, seg_run_get_record (run)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scores->len, ==, summary->score_rows);
  customers = query_int (fixture->project, "SELECT count (DISTINCT customer_id) FROM orders");
  g_assert_cmpint (scores->len, ==, customers);
  check_facts (fixture->project, scores);
  for (guint i = 0; i < scores->len; i++)
    {
      SegPredictScore *score = g_ptr_array_index (scores, i);

      g_assert_cmpfloat (score->prediction, >=, 0.0);
      g_assert_cmpfloat (score->prediction, <=, 1.0);
      g_assert_true (isnan (score->clv));
      if (i > 0)
        g_assert_cmpfloat (score->prediction, <=, ((SegPredictScore *) g_ptr_array_index (scores, i - 1))->prediction);
    }
  /* The first is the customer the run's table scores highest. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT customer FROM %s WHERE split = 'score' "
                                            "ORDER BY prediction DESC, customer LIMIT 1",
                                            seg_run_get_record (run)->result_tables[0]);
    g_autofree char *top = query_text (fixture->project, sql);

    g_assert_cmpstr (((SegPredictScore *) g_ptr_array_index (scores, 0))->key, ==, top);
  }
}

/* Who slips away and what each spends: the other two questions on a
 * labelled table, each known again from its run. */
static void
test_slipping_and_spend (ProjectFixture *fixture,
                         gconstpointer   data)
{
  const SegPredictQuestion asked[] = { SEG_PREDICT_QUESTION_SLIPPING, SEG_PREDICT_QUESTION_SPEND };
  g_autofree char *last = NULL;

  import_sample (fixture);
  last = seg_predict_orders_last_day (fixture->project, "orders", "invoice_date", NULL);
  g_assert_nonnull (last);
  for (guint q = 0; q < G_N_ELEMENTS (asked); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SegPredictTableSummary) summary = NULL;
      g_autoptr(SegModel) model = NULL;
      g_autoptr(SegRun) run = NULL;
      g_autoptr(GPtrArray) scores = NULL;
      g_autofree char *cutoff = seg_predict_cutoff_before (last, 45);
      g_autofree char *name = seg_predict_free_table_name (fixture->project, asked[q]);
      SegPredictQuestion question = SEG_PREDICT_QUESTION_WORTH;
      SegPredictTableOptions options = { .orders = "orders", .horizon = 45, .cutoff = cutoff, .output = name,
                                         .splits = SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST |
                                                   SEG_PREDICT_SPLIT_SCORE };

      g_assert_true (seg_predict_question_get_target (asked[q], &options.target));
      summary = seg_project_predict_table (fixture->project, &options, &error);
      g_assert_no_error (error);
      model = seg_model_new_for_id (seg_predict_question_get_algorithm (asked[q]), &error);
      g_assert_no_error (error);
      g_assert_cmpint (seg_model_get_kind (model), ==, seg_predict_question_get_kind (asked[q]));
      g_assert_true (seg_predict_model_use_table (model, summary, &error));
      run = seg_run_new_for_model (fixture->project, model);
      g_assert_true (seg_run_execute (run, NULL, &error));
      g_assert_no_error (error);
      g_assert_no_error (error);
      g_assert_true (seg_predict_question_of_run (fixture->project, seg_run_get_record (run)->id, &question));
      g_assert_cmpint (question, ==, asked[q]);
      scores = seg_predict_read_scores (fixture->project, seg_run_get_record (run)->id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (scores->len, ==, summary->score_rows);
      check_facts (fixture->project, scores);
      for (guint i = 1; i < scores->len; i++)
        g_assert_cmpfloat (((SegPredictScore *) g_ptr_array_index (scores, i))->prediction, <=,
                           ((SegPredictScore *) g_ptr_array_index (scores, i - 1))->prediction);
      /* Spend is money, not a chance: the biggest spender is expected to
       * spend more than one unit of money. */
      if (asked[q] == SEG_PREDICT_QUESTION_SPEND)
        g_assert_cmpfloat (((SegPredictScore *) g_ptr_array_index (scores, 0))->prediction, >, 1.0);
      else
        g_assert_cmpfloat (((SegPredictScore *) g_ptr_array_index (scores, 0))->prediction, <=, 1.0);
    }
}

/* What each customer is worth: the lifetime model on the order lines. */
static void
test_worth (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("clv", NULL);
  g_autoptr(SegModel) logistic = seg_model_new_for_id ("logistic", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  SegPredictQuestion question = SEG_PREDICT_QUESTION_BUYS_AGAIN;
  SegPredictTableOptions options = { .orders = "orders", .date = "invoice_date" };

  import_sample (fixture);
  g_assert_false (seg_predict_model_use_orders (logistic, &options, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_clear_error (&error);

  g_assert_true (seg_predict_model_use_orders (model, &options, &error));
  {
    g_autoptr(SegTableInfo) info = seg_project_get_table (fixture->project, "orders", NULL);

    seg_model_guess_roles (model, info);
  }
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (seg_predict_question_of_run (fixture->project, seg_run_get_record (run)->id, &question));
  g_assert_cmpint (question, ==, SEG_PREDICT_QUESTION_WORTH);

  scores = seg_predict_read_scores (fixture->project, seg_run_get_record (run)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scores->len, ==, query_int (fixture->project, "SELECT count (DISTINCT customer_id) FROM orders"));
  check_facts (fixture->project, scores);
  for (guint i = 0; i < scores->len; i++)
    {
      SegPredictScore *score = g_ptr_array_index (scores, i);

      g_assert_true (isnan (score->prediction));
      g_assert_cmpfloat (score->alive, >=, 0.0);
      g_assert_cmpfloat (score->alive, <=, 1.0);
      g_assert_cmpfloat (score->clv, >=, 0.0);
      if (i > 0)
        g_assert_cmpfloat (score->clv, <=, ((SegPredictScore *) g_ptr_array_index (scores, i - 1))->clv);
    }
  /* A run that scored nobody is refused. */
  g_assert_null (seg_predict_read_scores (fixture->project, 99, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
}

/* Shares of spend on items are described by the items' names once the
 * project has a products table that names them, else by the items. */
static void
test_item_names (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(GHashTable) none = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *last = NULL;
  g_autofree char *cutoff = NULL;
  SegPredictTableOptions options = { .orders = "orders", .item = "sku", .top_items = 3, .horizon = 30,
                                     .target = SEG_PREDICT_BUYS_AGAIN, .output = "labelled" };
  guint shares = 0;

  import_sample (fixture);
  last = seg_predict_orders_last_day (fixture->project, "orders", "invoice_date", NULL);
  cutoff = seg_predict_cutoff_before (last, 30);
  options.cutoff = cutoff;
  summary = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);

  g_assert_null (seg_predict_feature_item ("recency"));
  g_assert_null (seg_predict_feature_item ("share_"));
  g_assert_cmpstr (seg_predict_feature_item ("share_TEA-0001"), ==, "TEA-0001");

  /* No products table: no names, and the item stays. */
  none = seg_predict_item_names (fixture->project, "labelled");
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);
  {
    g_autoptr(GHashTable) of_orders = seg_predict_item_names (fixture->project, "orders");

    g_assert_cmpuint (g_hash_table_size (of_orders), ==, 0);
  }

  import_file (fixture, "products.csv");
  names = seg_predict_item_names (fixture->project, "labelled");
  for (guint i = 0; i < summary->features->len; i++)
    {
      const char *feature = g_ptr_array_index (summary->features, i);
      const char *item = seg_predict_feature_item (feature);
      g_autofree char *plain = NULL;
      g_autofree char *named = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *name = NULL;
      g_autofree char *quoted = NULL;

      if (item == NULL)
        continue;
      shares++;
      sql = g_strdup_printf ("SELECT name_en FROM products WHERE sku = '%s'", item);
      name = query_text (fixture->project, sql);
      g_assert_nonnull (name);
      g_assert_cmpstr (g_hash_table_lookup (names, item), ==, name);

      plain = seg_predict_describe_feature_named (feature, cutoff, none);
      named = seg_predict_describe_feature_named (feature, cutoff, names);
      quoted = g_strdup_printf ("“%s”", item);
      g_assert_nonnull (strstr (plain, quoted));
      g_clear_pointer (&quoted, g_free);
      quoted = g_strdup_printf ("“%s”", name);
      g_assert_nonnull (strstr (named, quoted));
      g_assert_null (strstr (named, item));
    }
  g_assert_cmpuint (shares, ==, 3);
  g_assert_cmpuint (g_hash_table_size (names), ==, 3);

  /* The other features read as before. */
  {
    g_autofree char *a = seg_predict_describe_feature ("recency", cutoff);
    g_autofree char *b = seg_predict_describe_feature_named ("recency", cutoff, names);

    g_assert_cmpstr (a, ==, b);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/predict-job/questions", test_questions);
  g_test_add ("/predict-job/check-orders", ProjectFixture, NULL,
              project_fixture_set_up, test_check_orders, project_fixture_tear_down);
  g_test_add ("/predict-job/buys-again", ProjectFixture, NULL,
              project_fixture_set_up, test_buys_again, project_fixture_tear_down);
  g_test_add ("/predict-job/slipping-and-spend", ProjectFixture, NULL,
              project_fixture_set_up, test_slipping_and_spend, project_fixture_tear_down);
  g_test_add ("/predict-job/worth", ProjectFixture, NULL,
              project_fixture_set_up, test_worth, project_fixture_tear_down);
  g_test_add ("/predict-job/item-names", ProjectFixture, NULL,
              project_fixture_set_up, test_item_names, project_fixture_tear_down);

  return g_test_run ();
}
