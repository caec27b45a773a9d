/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "seg-error.h"
#include "seg-lifetime-model.h"
#include "seg-run.h"
#include "seg-test-utils.h"

/* The CDNOW sample as an order table: customer, date, amount. */
static char *
cdnow_csv (GHashTable *days_of)
{
  const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *csv;

  if (shared == NULL)
    return NULL;
  path = g_build_filename (shared, "cdnow", "CDNOW_sample.txt", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  csv = g_string_new ("customer,date,amount\n");
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      unsigned id, full, ymd, cds;
      double dollars;
      GHashTable *days;

      if (sscanf (lines[i], "%u %u %u %u %lf", &full, &id, &ymd, &cds, &dollars) != 5)
        continue;
      g_string_append_printf (csv, "%u,%04u-%02u-%02u,%.10g\n", id, ymd / 10000, ymd / 100 % 100, ymd % 100, dollars);
      days = g_hash_table_lookup (days_of, GUINT_TO_POINTER (id));
      if (days == NULL)
        {
          days = g_hash_table_new (NULL, NULL);
          g_hash_table_insert (days_of, GUINT_TO_POINTER (id), days);
        }
      g_hash_table_add (days, GUINT_TO_POINTER (ymd));
    }
  return g_string_free (csv, FALSE);
}

static JsonObject *
metrics_of (SegRun *run)
{
  const SegRunRecord *record = seg_run_get_record (run);

  return json_node_get_object (record->metrics);
}

/* On CDNOW in weeks with the calibration ending 1997-09-30, the run
 * finds the published BG/NBD and Gamma–Gamma parameters, and its
 * holdout table counts the purchases after it as the test does. */
static void
test_clv_cdnow (ProjectFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(GHashTable) days_of = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  g_autofree char *csv = cdnow_csv (days_of);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("clv", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  const double want_bg[4] = { 0.2426, 4.4135, 0.7929, 2.4258 };
  const double want_gg[3] = { 6.25, 3.74, 15.45 };
  static const char *const bg[] = { "r", "alpha", "a", "b" };
  static const char *const gg[] = { "p", "q", "v" };
  double customers[SEG_CLV_HOLDOUT_GROUPS] = { 0 }, actual[SEG_CLV_HOLDOUT_GROUPS] = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  JsonObject *metrics;
  JsonArray *groups;

  if (csv == NULL)
    {
      g_test_skip ("skipped: data not found (cdnow)");
      return;
    }
  summary = import_text (fixture, "cdnow", csv, -1, &error);
  g_assert_no_error (error);

  g_object_set (model, "table", "cdnow", "customer", "customer", "date", "date", "amount", "amount",
                "calibration-end", "1997-09-30", NULL);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  metrics = metrics_of (run);
  for (int j = 0; j < 4; j++)
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, bg[j]), want_bg[j], 1e-3);
  /* Gamma–Gamma to the published two decimals, give or take one in the
   * last: the mean spends come from the order lines, not from the
   * published summary's rounded ones (v is 15.4435 here, 15.4475 in
   * lifetimes on that summary). */
  for (int j = 0; j < 3; j++)
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, gg[j]), want_gg[j], 0.01);
  g_assert_cmpint (json_object_get_int_member (metrics, "customers"), ==, 2357);
  g_assert_cmpstr (json_object_get_string_member (metrics, "calibration_end"), ==, "1997-09-30");
  g_assert_nonnull (json_object_get_string_member (metrics, "independence_text"));
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1"), ==, 2357);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE NOT (clv >= 0)"), ==, 0);

  /* The frequency–recency grid: 20 by 20 of each. */
  {
    JsonObject *grid = json_object_get_object_member (metrics, "grid");
    JsonArray *alive = json_object_get_array_member (grid, "p_alive");

    g_assert_cmpuint (json_array_get_length (alive), ==, 20);
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (alive, 19)), ==, 20);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (grid, "expected")), ==, 20);
  }

  /* Actual holdout purchases by calibration frequency, counted here. */
  g_hash_table_iter_init (&iter, days_of);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTableIter d;
      gpointer day;
      int before = 0, after = 0;

      g_hash_table_iter_init (&d, value);
      while (g_hash_table_iter_next (&d, &day, NULL))
        {
          if (GPOINTER_TO_UINT (day) <= 19970930)
            before++;
          else
            after++;
        }
      g_assert_cmpint (before, >, 0);
      customers[MIN (before - 1, SEG_CLV_HOLDOUT_GROUPS - 1)] += 1;
      actual[MIN (before - 1, SEG_CLV_HOLDOUT_GROUPS - 1)] += after;
    }
  groups = json_object_get_array_member (json_object_get_object_member (metrics, "holdout"), "groups");
  g_assert_cmpuint (json_array_get_length (groups), ==, SEG_CLV_HOLDOUT_GROUPS);
  for (guint g = 0; g < SEG_CLV_HOLDOUT_GROUPS; g++)
    {
      JsonObject *group = json_array_get_object_element (groups, g);

      g_assert_cmpint (json_object_get_int_member (group, "frequency"), ==, g);
      g_assert_cmpfloat (json_object_get_int_member (group, "customers"), ==, customers[g]);
      g_assert_cmpfloat (json_object_get_double_member (group, "actual"), ==, actual[g]);
      g_assert_cmpfloat (json_object_get_double_member (group, "predicted"), >, 0.0);
    }
}

/* The sample shop: quantity times price, a value for everyone. */
static void
test_clv_sample (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, orders);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("clv", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_object_set (model, "table", "orders", "customer", "customer_id", "date", "invoice_date",
                "quantity", "quantity", "price", "unit_price", NULL);

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

  {
    g_autoptr(SegRun) run = seg_run_new_for_model (fixture->project, model);
    gint64 n;

    g_assert_true (seg_run_execute (run, NULL, &error));
    g_assert_no_error (error);
    n = query_int (fixture->project, "SELECT count(*) FROM run_1");
    g_assert_cmpint (n, ==, json_object_get_int_member (metrics_of (run), "customers"));
    g_assert_cmpint (n, >, 1000);
    g_assert_cmpint (query_int (fixture->project,
                                "SELECT count(*) FROM run_1 WHERE clv >= 0 AND clv < 1e300 "
                                "AND p_alive BETWEEN 0 AND 1"), ==, n);
    g_assert_cmpfloat (json_object_get_double_member (metrics_of (run), "total_clv"), >, 0.0);
  }
}

/* Bad input fails naming the option and leaves the project alone. */
static void
test_clv_errors (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) one = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  static const struct {
    const char *param;
    const char *value;
    const char *named;
  } cases[] = {
    { "margin", "0", "margin" },
    { "calibration-end", "30/09/1997", "calibration-end" },
    { "calibration-end", "2020-01-01", "calibration-end" },
    { "table", "one", "orders" },
  };

  summary = import_text (fixture, "orders",
                         "customer,date,amount\na,2024-01-01,10\na,2024-02-01,12\nb,2024-01-05,7\n"
                         "b,2024-03-05,9\nc,2024-02-10,20\nc,2024-04-10,-20\nd,2024-03-01,5\n", -1, &error);
  g_assert_no_error (error);
  one = import_text (fixture, "one", "customer,date,amount\na,2024-01-01,10\na,2024-02-01,12\n", -1, &error);
  g_assert_no_error (error);
  before = project_state (fixture->project);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SegModel) model = seg_model_new_for_id ("clv", NULL);
      g_autoptr(SegRun) run = NULL;
      g_autofree char *after = NULL;

      g_object_set (model, "table", "orders", "customer", "customer", "date", "date", "amount", "amount", NULL);
      g_assert_true (seg_model_set_param (model, cases[i].param, cases[i].value, &error));
      g_assert_no_error (error);
      run = seg_run_new_for_model (fixture->project, model);
      g_assert_false (seg_run_execute (run, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", cases[i].param, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      g_clear_error (&error);
      after = project_state (fixture->project);
      g_assert_cmpstr (after, ==, before);
    }

  /* Out of range values are refused when set. */
  {
    g_autoptr(SegModel) model = seg_model_new_for_id ("clv", NULL);

    g_assert_false (seg_model_set_param (model, "horizon", "0", &error));
    g_assert_nonnull (strstr (error->message, "horizon"));
    g_clear_error (&error);
    g_assert_false (seg_model_set_param (model, "discount", "-0.1", &error));
    g_assert_nonnull (strstr (error->message, "discount"));
    g_clear_error (&error);
    g_assert_false (seg_model_set_param (model, "model", "magic", &error));
    g_clear_error (&error);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/clv/cdnow", ProjectFixture, NULL, project_fixture_set_up, test_clv_cdnow, project_fixture_tear_down);
  g_test_add ("/clv/sample", ProjectFixture, NULL, project_fixture_set_up, test_clv_sample, project_fixture_tear_down);
  g_test_add ("/clv/errors", ProjectFixture, NULL, project_fixture_set_up, test_clv_errors, project_fixture_tear_down);

  return g_test_run ();
}
