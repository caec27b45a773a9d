/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "seg-test-utils.h"
#include "seg-test-gui.h"
#include "seg-predict-model-view.h"
#include "seg-predict-table.h"
#include "seg-run.h"
#include "seg-run-record.h"

/*
 * The Predict page's model view, in a window of its own, on the sample
 * shop: a labelled customer table as `segmenta-cli predict-table` makes
 * it, then a run of each model as `segmenta-cli predict` and `clv` do.
 * The view must show what each run's record holds: the logistic weights,
 * the tree's every node, the network's arrows with a what-if answer that
 * an added arrow changes (a cycle refused, nothing changed), naive
 * Bayes' differences, the lifetime heat map; and export each. With
 * SEGMENTA_SCREENSHOTS set to a folder, each is saved there at 1024×700
 * and at 1600×1000.
 */

static char *test_dir;
static SegProject *project;
static const char *const features[] = { "recency", "frequency", "monetary", "tenure", NULL };

static gint64
run_model_on (const char        *table,
              const char        *algorithm,
              const char        *target,
              const char *const *columns)
{
  g_autoptr(SegModel) model = seg_model_new_for_id (algorithm, NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (model);
  g_object_set (model, "table", table, "target", target, "features", columns,
                "key", "customer", "split-column", "split", NULL);
  run = seg_run_new_for_model (project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return seg_run_get_record (run)->id;
}

static gint64
run_model (const char        *algorithm,
           const char        *target,
           const char *const *columns)
{
  return run_model_on ("predict", algorithm, target, columns);
}

static gint64 logistic_run, tree_run, bayes_run, naive_run, linear_run, ridge_run, clv_run;

static void
make_shop (void)
{
  g_autofree char *path = g_build_filename (test_dir, "shop.segmenta", NULL);
  g_autofree char *orders = g_build_filename (SOURCE_SAMPLES_DIR, "orders.csv", NULL);
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  SegPredictTableOptions options = {
    .orders = "orders", .cutoff = "2024-09-01", .horizon = 30, .target = SEG_PREDICT_BUYS_AGAIN,
    .top_items = -1, .splits = SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST | SEG_PREDICT_SPLIT_SCORE,
  };
  const char *money_features[] = { "recency", "frequency", "tenure", NULL };

  project = seg_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  importer = seg_importer_new (project, orders);
  imported = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  summary = seg_project_predict_table (project, &options, &error);
  g_assert_no_error (error);

  logistic_run = run_model ("logistic", "target", features);
  tree_run = run_model ("tree", "target", features);
  bayes_run = run_model ("bayes-net", "target", features);
  naive_run = run_model ("naive-bayes", "target", features);
  linear_run = run_model ("linear", "monetary", money_features);
  ridge_run = run_model ("ridge", "monetary", money_features);

  {
    g_autoptr(SegModel) model = seg_model_new_for_id ("clv", NULL);
    g_autoptr(SegRun) run = NULL;

    g_object_set (model, "table", "orders", "customer", "customer_id", "date", "invoice_date",
                  "quantity", "quantity", "price", "unit_price", NULL);
    run = seg_run_new_for_model (project, model);
    g_assert_true (seg_run_execute (run, NULL, &error));
    g_assert_no_error (error);
    clv_run = seg_run_get_record (run)->id;
  }
}

static JsonObject *
model_of (gint64 run)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, run, NULL);
  static JsonNode *kept;

  g_assert_nonnull (record);
  g_clear_pointer (&kept, json_node_unref);
  kept = json_node_copy (record->metrics);
  return json_node_get_object (kept);
}

typedef struct
{
  GtkWindow           *window;
  SegSession          *session;
  SegPredictModelView *view;
} Harness;

static void
harness_init (Harness *harness,
              gint64   run,
              int      width,
              int      height)
{
  harness->view = SEG_PREDICT_MODEL_VIEW (seg_predict_model_view_new ());
  harness->window = present_run_view (GTK_WIDGET (harness->view), project, run, width, height, &harness->session);
}

static void
harness_clear (Harness *harness)
{
  GtkWidget *view = GTK_WIDGET (harness->view);

  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  destroy_window (harness->window);
  g_assert_null (view);
  g_clear_object (&harness->session);
}

/* Each view at the smallest window the app allows and at a large one;
 * the window must not have grown to fit the view. */
static void
screenshots (gint64      run,
             const char *name)
{
  static const int sizes[][2] = { { 1024, 700 }, { 1600, 1000 } };

  if (g_getenv ("SEGMENTA_SCREENSHOTS") == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *file = g_strdup_printf ("model-%s-%d.png", name, sizes[s][0]);
      Harness harness;

      harness_init (&harness, run, sizes[s][0], sizes[s][1]);
      if (g_str_equal (name, "tree"))
        seg_predict_model_view_select_node (harness.view, 5);
      screenshot (GTK_WIDGET (harness.window), file);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (harness.window)), <=, sizes[s][0]);
      harness_clear (&harness);
    }
}

static void
check_export (SegPredictModelView *view,
              const char *const   *names,
              const char *const   *heads)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (test_dir, names[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (seg_predict_model_view_export (view, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_true (g_str_has_prefix (contents, heads[i]));
    }
}

static void
test_logistic (void)
{
  JsonArray *coefficients = json_object_get_array_member (json_object_get_object_member (model_of (logistic_run), "model"),
                                                          "coefficients");
  g_autofree char *frequency = seg_predict_describe_feature ("frequency", "2024-09-01");
  const char *const names[] = { "weights.csv", NULL };
  const char *const heads[] = { "\xef\xbb\xbf" "Feature", NULL };
  double strongest = 0;
  const char *strongest_feature = NULL;
  g_autoptr(GError) error = NULL;
  Harness harness;

  harness_init (&harness, logistic_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "table");
  g_assert_cmpuint (seg_predict_model_view_get_n_rows (harness.view), ==, json_array_get_length (coefficients));

  /* Every weight of the record is a row, in words, with its odds ratio
   * and its direction; the strongest comes first. */
  for (guint i = 0; i < json_array_get_length (coefficients); i++)
    {
      JsonObject *coefficient = json_array_get_object_element (coefficients, i);
      const char *feature = json_object_get_string_member (coefficient, "feature");
      g_autofree char *words = seg_predict_describe_feature (feature, "2024-09-01");
      g_autofree char *odds = g_strdup_printf ("%.2f", json_object_get_double_member (coefficient, "odds_ratio"));
      const char *effect = json_object_get_string_member (coefficient, "effect");
      gboolean found = FALSE;

      if (fabs (json_object_get_double_member (coefficient, "estimate")) > strongest)
        {
          strongest = fabs (json_object_get_double_member (coefficient, "estimate"));
          strongest_feature = feature;
        }
      for (guint r = 0; r < seg_predict_model_view_get_n_rows (harness.view); r++)
        if (g_strcmp0 (seg_predict_model_view_get_cell (harness.view, r, 0), words) == 0)
          {
            g_assert_false (found);
            found = TRUE;
            g_assert_cmpstr (seg_predict_model_view_get_cell (harness.view, r, 4), ==, odds);
            g_assert_cmpstr (seg_predict_model_view_get_cell (harness.view, r, 1), ==,
                             g_str_equal (effect, "more") ? "more likely" : "less likely");
          }
      g_assert_true (found);
    }
  /* On the sample shop, more orders means more likely to come back. */
  g_assert_cmpstr (strongest_feature, ==, "frequency");
  g_assert_cmpstr (seg_predict_model_view_get_cell (harness.view, 0, 0), ==, frequency);
  g_assert_cmpstr (seg_predict_model_view_get_cell (harness.view, 0, 1), ==, "more likely");

  check_export (harness.view, names, heads);
  {
    g_autofree char *path = g_build_filename (test_dir, "weights.png", NULL);

    g_assert_false (seg_predict_model_view_export (harness.view, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, ".csv"));
  }
  harness_clear (&harness);
  screenshots (logistic_run, "logistic");
}

/* Shares of spend on items read with the items' names once the project
 * has a products table. */
static void
test_item_names (void)
{
  g_autofree char *products = g_build_filename (SOURCE_SAMPLES_DIR, "products.csv", NULL);
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SegPredictTableOptions options = {
    .orders = "orders", .item = "sku", .cutoff = "2024-09-01", .horizon = 30, .target = SEG_PREDICT_BUYS_AGAIN,
    .top_items = 3, .output = "predict_items",
    .splits = SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST | SEG_PREDICT_SPLIT_SCORE,
  };
  guint named = 0;
  gint64 run;
  Harness harness;

  summary = seg_project_predict_table (project, &options, &error);
  g_assert_no_error (error);
  if (!seg_project_has_table (project, "products"))
    {
      importer = seg_importer_new (project, products);
      imported = seg_importer_run (importer, NULL, &error);
      g_assert_no_error (error);
    }
  g_ptr_array_add (columns, (gpointer) "frequency");
  for (guint i = 0; i < summary->features->len; i++)
    if (seg_predict_feature_item (g_ptr_array_index (summary->features, i)) != NULL)
      g_ptr_array_add (columns, g_ptr_array_index (summary->features, i));
  g_assert_cmpuint (columns->len, ==, 4);
  g_ptr_array_add (columns, NULL);
  run = run_model_on ("predict_items", "logistic", "target", (const char *const *) columns->pdata);

  harness_init (&harness, run, 1024, 700);
  for (guint c = 1; c < 4; c++)
    {
      const char *item = seg_predict_feature_item (g_ptr_array_index (columns, c));
      g_autofree char *sql = g_strdup_printf ("SELECT name_en FROM products WHERE sku = '%s'", item);
      g_autofree char *name = query_text (project, sql);
      g_autofree char *quoted = g_strdup_printf ("“%s”", name);
      gboolean found = FALSE;

      g_assert_nonnull (name);
      for (guint r = 0; r < seg_predict_model_view_get_n_rows (harness.view); r++)
        {
          const char *cell = seg_predict_model_view_get_cell (harness.view, r, 0);

          g_assert_null (strstr (cell, item));
          found = found || strstr (cell, quoted) != NULL;
        }
      named += found;
    }
  g_assert_cmpuint (named, ==, 3);
  harness_clear (&harness);
}

static void
test_linear_and_naive_bayes (void)
{
  Harness harness;

  harness_init (&harness, linear_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "table");
  /* Three features; the intercept is told in the note, not as a row. */
  g_assert_cmpuint (seg_predict_model_view_get_n_rows (harness.view), ==, 3);
  g_assert_cmpuint (seg_predict_model_view_get_n_columns (harness.view), ==, 6);
  /* Sorted by |t|: frequency's is by far the largest. */
  {
    g_autofree char *frequency = seg_predict_describe_feature ("frequency", "2024-09-01");

    g_assert_cmpstr (seg_predict_model_view_get_cell (harness.view, 0, 0), ==, frequency);
    g_assert_cmpstr (seg_predict_model_view_get_cell (harness.view, 0, 5), ==, "< 0.001");
  }
  harness_clear (&harness);
  screenshots (linear_run, "linear");

  /* Ridge's weights, shrunk, in the same table. */
  harness_init (&harness, ridge_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "table");
  g_assert_cmpuint (seg_predict_model_view_get_n_rows (harness.view), ==, 3);
  harness_clear (&harness);

  harness_init (&harness, naive_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "table");
  g_assert_cmpuint (seg_predict_model_view_get_n_rows (harness.view), ==, 4);
  harness_clear (&harness);
  screenshots (naive_run, "naive-bayes");
}

static gboolean
all_drawn (gpointer data)
{
  SegPredictModelView *view = data;

  return seg_predict_model_view_get_n_drawn (view) == seg_predict_model_view_get_n_tree_nodes (view);
}

static void
test_tree (void)
{
  JsonArray *nodes = json_object_get_array_member (json_object_get_object_member (model_of (tree_run), "model"), "nodes");
  const char *const names[] = { "tree.png", "tree.svg", "tree.pdf", NULL };
  const char *const heads[] = { "\x89PNG\r\n\x1a\n", "<?xml", "%PDF-", NULL };
  g_autofree char *recency = seg_predict_describe_feature ("recency", "2024-09-01");
  Harness harness;
  guint leaf = 0;

  harness_init (&harness, tree_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "tree");
  g_assert_cmpuint (json_array_get_length (nodes), >, 7);
  g_assert_cmpuint (seg_predict_model_view_get_n_tree_nodes (harness.view), ==, json_array_get_length (nodes));
  wait_until (all_drawn, harness.view, 10);
  g_assert_cmpuint (seg_predict_model_view_get_n_drawn (harness.view), ==, json_array_get_length (nodes));

  /* A leaf's way down in words starts with the root's question. */
  for (guint k = 0; k < json_array_get_length (nodes); k++)
    if (!json_object_has_member (json_array_get_object_element (nodes, k), "feature"))
      {
        leaf = k;
        break;
      }
  g_assert_cmpuint (leaf, >, 0);
  seg_predict_model_view_select_node (harness.view, (int) leaf);
  g_assert_nonnull (seg_predict_model_view_get_path_text (harness.view));
  {
    g_autofree char *start = g_strconcat ("Customers for whom: ", recency, " ≤ ", NULL);

    g_assert_true (g_str_has_prefix (seg_predict_model_view_get_path_text (harness.view), start));
    g_assert_nonnull (strstr (seg_predict_model_view_get_path_text (harness.view), " yes"));
  }
  seg_predict_model_view_select_node (harness.view, -1);
  g_assert_null (seg_predict_model_view_get_path_text (harness.view));

  check_export (harness.view, names, heads);
  harness_clear (&harness);
  screenshots (tree_run, "tree");
}

/* Every feature set to its first state: the what-if answer. */
static double
ask (SegPredictModelView *view,
     guint                state)
{
  for (guint i = 0; features[i] != NULL; i++)
    g_assert_true (seg_predict_model_view_set_what_if (view, features[i], state));
  settle ();
  return seg_predict_model_view_get_probability (view);
}

static void
test_bayes_net (void)
{
  JsonObject *model = json_object_get_object_member (model_of (bayes_run), "model");
  JsonArray *arrows = json_object_get_array_member (model, "arrows");
  const char *const names[] = { "network.svg", NULL };
  const char *const heads[] = { "<?xml", NULL };
  g_autoptr(GError) error = NULL;
  const char *from = NULL, *to = NULL, *back_from = NULL, *back_to = NULL;
  double before, after, base;
  guint n_arrows;
  Harness harness;

  harness_init (&harness, bayes_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "network");
  n_arrows = seg_predict_model_view_get_n_arrows (harness.view);
  g_assert_cmpuint (n_arrows, ==, json_array_get_length (arrows));

  /* With nothing set, the answer is the base rate. */
  base = seg_predict_model_view_get_base_rate (harness.view);
  g_assert_cmpfloat (base, >, 0.05);
  g_assert_cmpfloat (base, <, 0.95);
  g_assert_cmpfloat_with_epsilon (seg_predict_model_view_get_probability (harness.view), base, 1e-12);
  g_assert_false (seg_predict_model_view_set_what_if (harness.view, "target", 1));
  g_assert_false (seg_predict_model_view_set_what_if (harness.view, "recency", 99));
  before = ask (harness.view, 1);
  g_assert_cmpfloat (fabs (before - base), >, 1e-3);

  /* An arrow between two features that have none, and one between
   * features the other way round, which would close a cycle. */
  for (guint i = 0; features[i] != NULL && from == NULL; i++)
    for (guint j = 0; features[j] != NULL && from == NULL; j++)
      if (i != j && !seg_predict_model_view_has_arrow (harness.view, features[i], features[j]) &&
          !seg_predict_model_view_has_arrow (harness.view, features[j], features[i]))
        {
          from = features[i];
          to = features[j];
        }
  for (guint i = 0; features[i] != NULL && back_from == NULL; i++)
    for (guint j = 0; features[j] != NULL && back_from == NULL; j++)
      if (seg_predict_model_view_has_arrow (harness.view, features[i], features[j]))
        {
          back_from = features[j];
          back_to = features[i];
        }
  g_assert_nonnull (from);
  g_assert_nonnull (back_from);

  if (!seg_predict_model_view_add_arrow (harness.view, from, to, &error))
    {
      /* That way round closed a cycle through the tree: the other way. */
      g_assert_nonnull (strstr (error->message, "cycle"));
      g_clear_error (&error);
      g_assert_true (seg_predict_model_view_add_arrow (harness.view, to, from, &error));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (seg_predict_model_view_get_n_arrows (harness.view), ==, n_arrows + 1);
  settle ();
  after = seg_predict_model_view_get_probability (harness.view);
  g_assert_cmpfloat (fabs (after - before), >, 1e-9);

  /* The cycle is refused, says so, and nothing changes. */
  {
    g_autofree char *state = project_state (project);
    g_autofree char *state_after = NULL;

    g_assert_false (seg_predict_model_view_add_arrow (harness.view, back_from, back_to, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "cycle"));
    g_assert_nonnull (strstr (seg_predict_model_view_get_message (harness.view), "cycle"));
    g_clear_error (&error);
    g_assert_cmpuint (seg_predict_model_view_get_n_arrows (harness.view), ==, n_arrows + 1);
    g_assert_false (seg_predict_model_view_has_arrow (harness.view, back_from, back_to));
    g_assert_cmpfloat (seg_predict_model_view_get_probability (harness.view), ==, after);
    state_after = project_state (project);
    g_assert_cmpstr (state_after, ==, state);
  }

  check_export (harness.view, names, heads);
  screenshot (GTK_WIDGET (harness.window), "model-network-edited-1024.png");
  harness_clear (&harness);
  screenshots (bayes_run, "network");
}

static void
click_centre (SegPredictModelView *view,
              const char          *node)
{
  SegBox box;

  g_assert_true (seg_predict_model_view_get_node_box (view, node, &box));
  seg_predict_model_view_click_network (view, box.x + box.width / 2, box.y + box.height / 2);
}

/* What a person does: click two nodes to add an arrow, click the arrow
 * to remove it. */
static void
test_network_clicks (void)
{
  Harness harness;
  guint n_arrows;
  const char *from = NULL, *to = NULL;
  SegBox a, b;

  harness_init (&harness, bayes_run, 1024, 700);
  n_arrows = seg_predict_model_view_get_n_arrows (harness.view);

  /* Clicks outside edit mode change nothing and say how to edit. */
  click_centre (harness.view, "recency");
  g_assert_nonnull (strstr (seg_predict_model_view_get_message (harness.view), "Edit"));
  g_assert_cmpuint (seg_predict_model_view_get_n_arrows (harness.view), ==, n_arrows);

  seg_predict_model_view_set_editing (harness.view, TRUE);
  for (guint i = 0; features[i] != NULL && from == NULL; i++)
    for (guint j = 0; features[j] != NULL && from == NULL; j++)
      if (i != j && !seg_predict_model_view_has_arrow (harness.view, features[i], features[j]) &&
          !seg_predict_model_view_has_arrow (harness.view, features[j], features[i]))
        {
          g_autoptr(GError) error = NULL;

          /* The way round that makes no cycle. */
          from = features[i];
          to = features[j];
        }
  g_assert_nonnull (from);
  click_centre (harness.view, from);
  click_centre (harness.view, to);
  if (!seg_predict_model_view_has_arrow (harness.view, from, to))
    {
      const char *swap = from;

      g_assert_nonnull (strstr (seg_predict_model_view_get_message (harness.view), "cycle"));
      from = to;
      to = swap;
      click_centre (harness.view, from);
      click_centre (harness.view, to);
    }
  g_assert_true (seg_predict_model_view_has_arrow (harness.view, from, to));
  g_assert_cmpuint (seg_predict_model_view_get_n_arrows (harness.view), ==, n_arrows + 1);

  /* Halfway along the new arrow, if nothing else crosses there. */
  g_assert_true (seg_predict_model_view_get_node_box (harness.view, from, &a));
  g_assert_true (seg_predict_model_view_get_node_box (harness.view, to, &b));
  seg_predict_model_view_click_network (harness.view, (a.x + a.width / 2 + b.x + b.width / 2) / 2,
                                        ((a.y + a.height) + b.y) / 2);
  if (seg_predict_model_view_has_arrow (harness.view, from, to))
    g_assert_true (seg_predict_model_view_remove_arrow (harness.view, from, to, NULL));
  g_assert_false (seg_predict_model_view_has_arrow (harness.view, from, to));
  g_assert_cmpuint (seg_predict_model_view_get_n_arrows (harness.view), ==, n_arrows);
  harness_clear (&harness);
}

static void
test_lifetime (void)
{
  const char *const names[] = { "lifetime.png", "lifetime.pdf", NULL };
  const char *const heads[] = { "\x89PNG\r\n\x1a\n", "%PDF-", NULL };
  Harness harness;

  harness_init (&harness, clv_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "lifetime");
  g_assert_cmpuint (seg_predict_model_view_get_heat_cells (harness.view), ==, 20 * 20);
  check_export (harness.view, names, heads);
  seg_predict_model_view_set_heat_measure (harness.view, SEG_HEAT_ALIVE);
  g_assert_cmpuint (seg_predict_model_view_get_heat_cells (harness.view), ==, 20 * 20);
  screenshot (GTK_WIDGET (harness.window), "model-lifetime-alive-1024.png");
  harness_clear (&harness);
  screenshots (clv_run, "lifetime");

  /* A run of another kind, and no run: nothing to show, nothing to export. */
  harness_init (&harness, 0, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "empty");
  {
    g_autofree char *path = g_build_filename (test_dir, "none.png", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (seg_predict_model_view_export (harness.view, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  g_object_set (harness.view, "run", (gint64) 9999, NULL);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "empty");
  harness_clear (&harness);

  /* A run deleted while shown: the view has nothing left to show. */
  harness_init (&harness, naive_run, 1024, 700);
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "table");
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (seg_project_delete_run (project, naive_run, &error));
    g_assert_no_error (error);
  }
  settle ();
  g_assert_cmpstr (seg_predict_model_view_get_shown (harness.view), ==, "empty");
  g_assert_cmpuint (seg_predict_model_view_get_n_rows (harness.view), ==, 0);
  harness_clear (&harness);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("segmenta-modelview-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  test_dir = home;

  /* For screenshots in another language: where the built catalogues are. */
  if (g_getenv ("SEGMENTA_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SEGMENTA_LOCALEDIR"));
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  make_shop ();

  g_test_add_func ("/predict-model-view/logistic", test_logistic);
  g_test_add_func ("/predict-model-view/linear-and-naive-bayes", test_linear_and_naive_bayes);
  g_test_add_func ("/predict-model-view/tree", test_tree);
  g_test_add_func ("/predict-model-view/bayes-net", test_bayes_net);
  g_test_add_func ("/predict-model-view/network-clicks", test_network_clicks);
  g_test_add_func ("/predict-model-view/lifetime", test_lifetime);
  g_test_add_func ("/predict-model-view/item-names", test_item_names);

  status = g_test_run ();
  settle ();
  g_assert_finalize_object (project);
  remove_tree (home);

  return status;
}
