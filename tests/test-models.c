/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "seg-error.h"
#include "seg-popular.h"
#include "seg-run.h"
#include "seg-table.h"
#include "seg-test-utils.h"

/* The registry lists every model under its kind, and names them all when
 * asked for one it does not know. */
static void
test_registry (void)
{
  static const char *const segmentation[] = { "kmeans", "minibatch-kmeans", "dbscan", "hierarchical", NULL };
  static const char *const recommendation[] = { "popular", "item-knn", "user-knn", "als", "ease", "bpr", "svd", "svdpp", "neural", "content", "hybrid", NULL };
  static const char *const regression[] = { "linear", "ridge", NULL };
  static const char *const classification[] = { "logistic", "tree", "naive-bayes", "bayes-net", NULL };
  g_autofree GType *types = NULL;
  g_autofree GType *all = NULL;
  g_autoptr(GError) error = NULL;
  guint n_types, n_all;

  types = seg_model_list_types (SEG_MODEL_KIND_SEGMENTATION, &n_types);
  g_assert_cmpuint (n_types, ==, g_strv_length ((char **) segmentation));
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(SegModel) one = g_object_new (types[i], NULL);

      g_assert_cmpstr (seg_model_get_id (one), ==, segmentation[i]);
      g_assert_cmpint (seg_model_get_kind (one), ==, SEG_MODEL_KIND_SEGMENTATION);
      g_assert_true (SEG_IS_CLUSTER_MODEL (one));
    }
  g_clear_pointer (&types, g_free);

  types = seg_model_list_types (SEG_MODEL_KIND_RECOMMENDATION, &n_types);
  g_assert_cmpuint (n_types, ==, g_strv_length ((char **) recommendation));
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(SegModel) one = g_object_new (types[i], NULL);

      g_assert_cmpstr (seg_model_get_id (one), ==, recommendation[i]);
      g_assert_cmpint (seg_model_get_kind (one), ==, SEG_MODEL_KIND_RECOMMENDATION);
    }
  g_clear_pointer (&types, g_free);

  /* A recommender's own defaults for the family's parameters: ALS counts
   * purchases by confidence, with the alpha it was tuned with. */
  {
    g_autoptr(SegModel) als = seg_model_new_for_id ("als", NULL);
    g_autoptr(SegModel) popular = seg_model_new_for_id ("popular", NULL);
    double alpha = 0;

    g_object_get (als, "alpha", &alpha, NULL);
    g_assert_cmpfloat (alpha, ==, 10.0);
    g_object_get (popular, "alpha", &alpha, NULL);
    g_assert_cmpfloat (alpha, ==, 40.0);
  }

  types = seg_model_list_types (SEG_MODEL_KIND_REGRESSION, &n_types);
  g_assert_cmpuint (n_types, ==, g_strv_length ((char **) regression));
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(SegModel) one = g_object_new (types[i], NULL);

      g_assert_cmpstr (seg_model_get_id (one), ==, regression[i]);
      g_assert_cmpint (seg_model_get_kind (one), ==, SEG_MODEL_KIND_REGRESSION);
    }
  g_clear_pointer (&types, g_free);

  types = seg_model_list_types (SEG_MODEL_KIND_CLASSIFICATION, &n_types);
  g_assert_cmpuint (n_types, ==, g_strv_length ((char **) classification));
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(SegModel) one = g_object_new (types[i], NULL);

      g_assert_cmpstr (seg_model_get_id (one), ==, classification[i]);
      g_assert_cmpint (seg_model_get_kind (one), ==, SEG_MODEL_KIND_CLASSIFICATION);
    }
  g_clear_pointer (&types, g_free);

  types = seg_model_list_types (SEG_MODEL_KIND_LIFETIME, &n_types);
  g_assert_cmpuint (n_types, ==, 1);
  {
    g_autoptr(SegModel) one = g_object_new (types[0], NULL);

    g_assert_cmpstr (seg_model_get_id (one), ==, "clv");
  }
  g_clear_pointer (&types, g_free);

  types = seg_model_list_types (SEG_MODEL_KIND_RULES, &n_types);
  g_assert_cmpuint (n_types, ==, 2);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(SegModel) one = g_object_new (types[i], NULL);

      g_assert_cmpstr (seg_model_get_id (one), ==, i == 0 ? "fpgrowth" : "apriori");
    }
  g_clear_pointer (&types, g_free);

  all = seg_model_list_all_types (&n_all);
  g_assert_cmpuint (n_all, ==, g_strv_length ((char **) segmentation) + g_strv_length ((char **) recommendation) +
                    g_strv_length ((char **) regression) + g_strv_length ((char **) classification) + 1 + 2);

  g_assert_null (seg_model_new_for_id ("magic", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--algorithm"));
  g_assert_nonnull (strstr (error->message, "popular"));
  g_assert_nonnull (strstr (error->message, "hierarchical"));

  g_assert_cmpstr (seg_enum_to_nick (SEG_TYPE_MODEL_KIND, SEG_MODEL_KIND_LIFETIME), ==, "lifetime");
  g_assert_cmpstr (seg_enum_to_nick (SEG_TYPE_SCALE, SEG_SCALE_MINMAX), ==, "minmax");
  g_assert_cmpstr (seg_enum_to_nick (SEG_TYPE_RUN_STATE, SEG_RUN_CANCELLED), ==, "cancelled");
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* Inputs and parameters are stored by the base class: defaults come from
 * the specs, values round-trip, a notification only follows a change,
 * and text from a command line is checked against the spec. */
static void
test_stored_properties (void)
{
  const char *columns[] = { "recency", "monetary", NULL };
  g_autoptr(SegModel) kmeans = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) popular = seg_model_new_for_id ("popular", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) read = NULL;
  g_autofree char *table = NULL;
  guint notified = 0;
  double tol;
  int k, top;
  SegScale scale;

  g_object_get (kmeans, "k", &k, "tol", &tol, "scale", &scale, NULL);
  g_assert_cmpint (k, ==, 4);
  g_assert_cmpfloat (tol, ==, 1e-4);
  g_assert_cmpint (scale, ==, SEG_SCALE_STANDARD);
  g_object_get (popular, "top", &top, NULL);
  g_assert_cmpint (top, ==, 10);

  g_signal_connect (kmeans, "notify::k", G_CALLBACK (on_notify), &notified);
  g_object_set (kmeans, "k", 6, NULL);
  g_object_set (kmeans, "k", 6, NULL);
  g_assert_cmpuint (notified, ==, 1);

  g_object_set (kmeans, "table", "rfm", "columns", columns, NULL);
  g_object_get (kmeans, "table", &table, "columns", &read, NULL);
  g_assert_cmpstr (table, ==, "rfm");
  g_assert_cmpstrv (read, columns);
  g_assert_cmpstr (seg_model_get_table (kmeans), ==, "rfm");

  g_assert_true (seg_model_set_param (kmeans, "log-columns", "monetary, recency", &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, g_strfreev);
  g_object_get (kmeans, "log-columns", &read, NULL);
  g_assert_cmpuint (g_strv_length (read), ==, 2);
  g_assert_cmpstr (read[1], ==, "recency");

  g_assert_false (seg_model_set_param (kmeans, "k", "1", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--k"));
  g_assert_nonnull (strstr (error->message, "2 to 200"));
  g_clear_error (&error);
  g_assert_false (seg_model_set_param (kmeans, "eps", "0.5", &error));
  g_assert_nonnull (strstr (error->message, "--eps"));
  g_clear_error (&error);
  g_assert_false (seg_model_set_param (kmeans, "scale", "huge", &error));
  g_assert_nonnull (strstr (error->message, "standard"));
}

/* Roles and parameters are told apart, the table comes first, and the
 * advanced parameters are marked. */
static void
test_roles (void)
{
  g_autoptr(SegModel) kmeans = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) popular = seg_model_new_for_id ("popular", NULL);
  g_autoptr(GPtrArray) roles = seg_model_list_roles (kmeans);
  g_autoptr(GPtrArray) params = seg_model_list_params (kmeans);
  g_autoptr(GPtrArray) popular_roles = seg_model_list_roles (popular);
  const SegRoleInfo *role;
  gboolean seen_k = FALSE, seen_seed = FALSE;

  g_assert_cmpuint (roles->len, ==, 5);
  g_assert_cmpstr (((GParamSpec *) g_ptr_array_index (roles, 0))->name, ==, "table");
  role = seg_param_spec_get_role (g_ptr_array_index (roles, 0));
  g_assert_cmpint (role->kind, ==, SEG_ROLE_TABLE);
  role = seg_param_spec_get_role (g_ptr_array_index (roles, 1));
  g_assert_cmpint (role->kind, ==, SEG_ROLE_COLUMNS);
  g_assert_false (role->optional);
  g_assert_true (seg_column_kinds_accept (role->accepts, SEG_COLUMN_REAL));
  g_assert_false (seg_column_kinds_accept (role->accepts, SEG_COLUMN_DATE));

  for (guint i = 0; i < params->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (params, i);

      g_assert_null (seg_param_spec_get_role (pspec));
      if (g_str_equal (pspec->name, "k"))
        {
          seen_k = TRUE;
          g_assert_false (seg_param_spec_is_advanced (pspec));
        }
      if (g_str_equal (pspec->name, "seed"))
        {
          seen_seed = TRUE;
          g_assert_true (seg_param_spec_is_advanced (pspec));
        }
    }
  g_assert_true (seen_k && seen_seed);

  /* Both can be restricted to a saved segment, which is optional. */
  role = seg_param_spec_get_role (g_object_class_find_property (G_OBJECT_GET_CLASS (kmeans), "segment"));
  g_assert_nonnull (role);
  g_assert_cmpint (role->kind, ==, SEG_ROLE_SEGMENT);
  g_assert_true (role->optional);
  role = seg_param_spec_get_role (g_object_class_find_property (G_OBJECT_GET_CLASS (popular), "segment"));
  g_assert_nonnull (role);
  g_assert_cmpint (role->kind, ==, SEG_ROLE_SEGMENT);

  g_assert_cmpuint (popular_roles->len, ==, 6);
  role = seg_param_spec_get_role (g_ptr_array_index (popular_roles, 1));
  g_assert_cmpint (role->kind, ==, SEG_ROLE_COLUMN);
  g_assert_true (seg_column_kinds_accept (role->accepts, SEG_COLUMN_TEXT));
  g_assert_true (seg_column_kinds_accept (role->accepts, SEG_COLUMN_INTEGER));
  g_assert_false (seg_column_kinds_accept (role->accepts, SEG_COLUMN_REAL));
  g_assert_nonnull (role->guesses);
}

static const char orders_csv[] =
  "invoice,customer,product,price,day\n"
  "1,c1,apple,1.5,2024-01-01\n"
  "2,c2,apple,1.5,2024-01-02\n"
  "3,c2,pear,2.0,2024-01-02\n"
  "4,c3,plum,0.5,2024-01-03\n"
  "5,c3,apple,1.5,2024-01-03\n"
  "6,c3,apple,1.5,2024-01-04\n"
  "7,c4,fig,3.0,2024-01-05\n"
  "8,c1,pear,2.0,2024-01-06\n";

/* Checking the inputs against a table names the option at fault;
 * guessing fills the customer and product columns by their names. */
static void
test_check_and_guess (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = import_text (fixture, "orders", orders_csv, -1, NULL);
  g_autoptr(SegTableInfo) info = seg_project_get_table (fixture->project, "orders", NULL);
  g_autoptr(SegModel) popular = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegModel) kmeans = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *item = NULL;
  const char *bad[] = { "price", "shoe_size", NULL };

  g_assert_nonnull (summary);
  g_object_set (popular, "table", "orders", NULL);
  g_assert_false (seg_model_check_roles (popular, info, &error));
  g_assert_nonnull (strstr (error->message, "--user"));
  g_clear_error (&error);

  g_object_set (popular, "user", "price", "item", "product", NULL);
  g_assert_false (seg_model_check_roles (popular, info, &error));
  g_assert_nonnull (strstr (error->message, "--user"));
  g_assert_nonnull (strstr (error->message, "price"));
  g_clear_error (&error);

  g_object_set (popular, "user", NULL, "item", NULL, NULL);
  seg_model_guess_roles (popular, info);
  g_object_get (popular, "user", &user, "item", &item, NULL);
  g_assert_cmpstr (user, ==, "customer");
  g_assert_cmpstr (item, ==, "product");
  g_assert_true (seg_model_check_roles (popular, info, &error));
  g_assert_no_error (error);

  g_object_set (kmeans, "table", "orders", "columns", bad, NULL);
  g_assert_false (seg_model_check_roles (kmeans, info, &error));
  g_assert_nonnull (strstr (error->message, "--columns"));
  g_assert_nonnull (strstr (error->message, "shoe_size"));
  g_clear_error (&error);
  bad[1] = "day";
  g_object_set (kmeans, "columns", bad, NULL);
  g_assert_false (seg_model_check_roles (kmeans, info, &error));
  g_assert_nonnull (strstr (error->message, "day"));
}

/* The kernel on purchases worked out by hand: apple has three buyers
 * (c1, c2, c3; c3 twice counts once), pear two, plum and fig one. */
static void
test_popular_kernel (void)
{
  /* users c1 0, c2 1, c3 2, c4 3; items apple 0, pear 1, plum 2, fig 3 */
  const int32_t users[] = { 0, 1, 1, 2, 2, 2, 3, 0 };
  const int32_t items[] = { 0, 0, 1, 2, 0, 0, 3, 1 };
  const int32_t expected_items[] = {
    2, 3,    /* c1 has apple and pear: plum, then fig (tie to the lower index) */
    2, 3,    /* c2 likewise */
    1, 3,    /* c3 has apple and plum */
    0, 1,    /* c4 has fig */
  };
  const double expected_scores[] = { 1, 1, 1, 1, 2, 1, 3, 2 };
  double buyers[4];
  int32_t rec_items[8];
  double rec_scores[8];
  int32_t padded[4 * 5];
  double padded_scores[4 * 5];
  volatile int cancel = 1;
  SegMonitor stop = { NULL, NULL, &cancel };

  g_assert_cmpint (seg_popular_count (users, items, 8, 4, 4, buyers, NULL), ==, 0);
  g_assert_cmpfloat (buyers[0], ==, 3);
  g_assert_cmpfloat (buyers[1], ==, 2);
  g_assert_cmpfloat (buyers[2], ==, 1);
  g_assert_cmpfloat (buyers[3], ==, 1);

  g_assert_cmpint (seg_popular_recommend (users, items, 8, 4, 4, buyers, 2, rec_items, rec_scores, NULL), ==, 0);
  for (guint i = 0; i < 8; i++)
    {
      g_assert_cmpint (rec_items[i], ==, expected_items[i]);
      g_assert_cmpfloat (rec_scores[i], ==, expected_scores[i]);
    }

  /* More asked for than there is to offer: the rest is padding. */
  g_assert_cmpint (seg_popular_recommend (users, items, 8, 4, 4, buyers, 5, padded, padded_scores, NULL), ==, 0);
  g_assert_cmpint (padded[0 * 5 + 2], ==, -1);
  g_assert_cmpint (padded[3 * 5 + 2], ==, 2);
  g_assert_cmpint (padded[3 * 5 + 3], ==, -1);

  g_assert_cmpint (seg_popular_count (users, items, 8, 4, 4, buyers, &stop), ==, -1);
}

static char *
golden_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* The whole run on the sample shop's 50,884 order lines equals the
 * lists pandas works out independently (tests/data/make-golden-popular.py),
 * every customer, rank, product and score. */
static void
test_popular_golden (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *golden = golden_path ("popular-golden.txt");
  g_autofree char *contents = NULL;
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, orders);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  sqlite3_stmt *stmt = NULL;
  const SegRunRecord *record;
  guint line = 1, compared = 0;

  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);

  g_object_set (model, "table", "orders", "user", "customer_id", "item", "sku", "top", 5, NULL);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  record = seg_run_get_record (run);
  g_assert_cmpint (record->kind, ==, SEG_MODEL_KIND_RECOMMENDATION);

  g_file_get_contents (golden, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (fixture->project),
                                       "SELECT customer, rank, item, score FROM run_1 ORDER BY rowid",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_auto(GStrv) fields = NULL;

      g_assert_nonnull (lines[line]);
      fields = g_strsplit (lines[line++], " ", 4);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, fields[0]);
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, atoi (fields[1]));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, fields[2]);
      g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 3), g_ascii_strtod (fields[3], NULL), 1e-12);
      compared++;
    }
  sqlite3_finalize (stmt);
  g_assert_true (lines[line] == NULL || lines[line][0] == '\0');
  g_assert_cmpuint (compared, ==, 11740);
  g_assert_cmpfloat (seg_run_record_get_metric ((SegRunRecord *) record, "customers"), ==, 2348);
}

typedef struct
{
  GMainLoop *loop;
  guint      changes;
} Watch;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  watch->changes++;
  g_main_loop_quit (watch->loop);
}

/* Waits until the list has changed since @before changes: at once when
 * the change was made on this thread, from the main loop when a worker
 * made it. */
static void
wait_for_change (Watch *watch,
                 guint  before)
{
  while (watch->changes == before)
    g_main_loop_run (watch->loop);
}

/* The record carries its kind and the time of each phase; the project's
 * list of runs follows a run, a rerun and a delete without being asked;
 * a run made again gives the same lists, and deleting it drops its table. */
static void
test_record_and_list (ProjectFixture *fixture,
                      gconstpointer   data)
{
  static const char *const phases[] = { "load", "prepare", "fit", "measure", "write", NULL };
  g_autoptr(SegImportSummary) summary = import_text (fixture, "orders", orders_csv, -1, NULL);
  g_autoptr(SegModel) model = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRunRecord) reread = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GListModel *runs = seg_project_get_runs (fixture->project);
  Watch watch = { loop, 0 };
  const SegRunRecord *record;
  JsonObject *timings;
  double sum = 0;
  guint before;

  g_assert_nonnull (summary);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 0);
  g_signal_connect (runs, "items-changed", G_CALLBACK (on_items_changed), &watch);

  g_object_set (model, "table", "orders", "user", "customer", "item", "product", "top", 2, NULL);
  before = watch.changes;
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  record = seg_run_get_record (run);
  g_assert_cmpint (record->kind, ==, SEG_MODEL_KIND_RECOMMENDATION);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (record->timings));
  timings = json_node_get_object (record->timings);
  for (guint i = 0; phases[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (timings, phases[i]));
      sum += json_object_get_double_member (timings, phases[i]);
    }
  g_assert_cmpfloat (sum, <=, record->seconds);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1"), ==, 8);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE customer = 'c4'"), ==, 2);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM run_1 WHERE customer = 'c3' AND item = 'apple'"), ==, 0);

  wait_for_change (&watch, before);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);

  /* Read back, the record is the same. */
  reread = seg_project_get_run (fixture->project, record->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reread->kind, ==, SEG_MODEL_KIND_RECOMMENDATION);
  g_assert_cmpstr (reread->input_table, ==, "orders");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reread->input), "user"), ==, "customer");

  before = watch.changes;
  again = seg_run_new_like (fixture->project, reread, &error);
  g_assert_no_error (error);
  g_assert_true (seg_run_execute (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count(*) FROM (SELECT customer, rank, item FROM run_1 EXCEPT "
                              "SELECT customer, rank, item FROM run_2)"), ==, 0);
  wait_for_change (&watch, before);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 2);

  before = watch.changes;
  g_assert_true (seg_project_delete_run (fixture->project, record->id, &error));
  g_assert_no_error (error);
  g_assert_false (seg_project_has_table (fixture->project, "run_1"));
  wait_for_change (&watch, before);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 1);
  {
    g_autoptr(SegRunRecord) left = g_list_model_get_item (runs, 0);

    g_assert_cmpint (left->id, ==, 2);
  }
  g_signal_handlers_disconnect_by_data (runs, &watch);
}

static char *
table_names (GListModel *tables)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(SegTable) table = g_list_model_get_item (tables, i);

      g_string_append_printf (names, "%s%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              seg_table_get_name (table), seg_table_get_rows (table), seg_table_get_run (table));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The project's list of tables follows an import, a run, a rename and a
 * delete, wherever they were made, and knows which run made a table. */
static void
test_table_list (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GListModel *tables = seg_project_get_tables (fixture->project);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegTable) kept = NULL;
  g_autoptr(SegTable) still = NULL;
  g_autofree char *names = NULL;
  Watch watch = { loop, 0 };
  guint before;

  g_assert_cmpuint (g_list_model_get_n_items (tables), ==, 0);
  g_signal_connect (tables, "items-changed", G_CALLBACK (on_items_changed), &watch);

  before = watch.changes;
  summary = import_text (fixture, "orders", orders_csv, -1, NULL);
  g_assert_nonnull (summary);
  wait_for_change (&watch, before);
  names = table_names (tables);
  g_assert_cmpstr (names, ==, "orders:8:0");
  kept = g_list_model_get_item (tables, 0);

  g_object_set (model, "table", "orders", "user", "customer", "item", "product", "top", 1, NULL);
  before = watch.changes;
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  wait_for_change (&watch, before);
  g_clear_pointer (&names, g_free);
  names = table_names (tables);
  g_assert_cmpstr (names, ==, "orders:8:0,run_1:4:1");
  /* An unchanged table keeps its item. */
  still = g_list_model_get_item (tables, 0);
  g_assert_true (still == kept);

  before = watch.changes;
  g_assert_true (seg_project_rename_table (fixture->project, "run_1", "offers", &error));
  g_assert_no_error (error);
  wait_for_change (&watch, before);
  g_clear_pointer (&names, g_free);
  names = table_names (tables);
  g_assert_cmpstr (names, ==, "offers:4:1,orders:8:0");

  before = watch.changes;
  g_assert_true (seg_project_drop_table (fixture->project, "orders", &error));
  g_assert_no_error (error);
  wait_for_change (&watch, before);
  g_clear_pointer (&names, g_free);
  names = table_names (tables);
  g_assert_cmpstr (names, ==, "offers:4:1");
  g_signal_handlers_disconnect_by_data (tables, &watch);
}

/* A cancelled or failing recommendation leaves the project as it was. */
static void
test_popular_cancel_and_failure (ProjectFixture *fixture,
                                 gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = import_text (fixture, "orders", orders_csv, -1, NULL);
  g_autoptr(SegModel) model = seg_model_new_for_id ("popular", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = project_state (fixture->project);
  g_autofree char *after_cancel = NULL;
  g_autofree char *after_failure = NULL;

  g_assert_nonnull (summary);
  g_object_set (model, "table", "orders", "user", "customer", "item", "product", NULL);
  {
    g_autoptr(SegRun) run = seg_run_new_for_model (fixture->project, model);

    g_cancellable_cancel (cancellable);
    g_assert_false (seg_run_execute (run, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_CANCELLED);
    g_clear_error (&error);
  }
  after_cancel = project_state (fixture->project);
  g_assert_cmpstr (after_cancel, ==, before);

  g_object_set (model, "item", "price", NULL);
  {
    g_autoptr(SegRun) run = seg_run_new_for_model (fixture->project, model);

    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_assert_nonnull (strstr (error->message, "--item"));
    g_assert_cmpint (seg_run_get_state (run), ==, SEG_RUN_FAILED);
  }
  after_failure = project_state (fixture->project);
  g_assert_cmpstr (after_failure, ==, before);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_runs"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/registry", test_registry);
  g_test_add_func ("/models/stored-properties", test_stored_properties);
  g_test_add_func ("/models/roles", test_roles);
  g_test_add ("/models/check-and-guess", ProjectFixture, NULL,
              project_fixture_set_up, test_check_and_guess, project_fixture_tear_down);
  g_test_add_func ("/popular/kernel", test_popular_kernel);
  g_test_add ("/popular/golden", ProjectFixture, NULL,
              project_fixture_set_up, test_popular_golden, project_fixture_tear_down);
  g_test_add ("/popular/record-and-list", ProjectFixture, NULL,
              project_fixture_set_up, test_record_and_list, project_fixture_tear_down);
  g_test_add ("/models/table-list", ProjectFixture, NULL,
              project_fixture_set_up, test_table_list, project_fixture_tear_down);
  g_test_add ("/popular/cancel-and-failure", ProjectFixture, NULL,
              project_fixture_set_up, test_popular_cancel_and_failure, project_fixture_tear_down);

  return g_test_run ();
}
