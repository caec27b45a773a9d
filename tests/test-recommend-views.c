/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "seg-test-utils.h"
#include "seg-test-gui.h"
#include "seg-audience-view.h"
#include "seg-evaluation-view.h"
#include "seg-export.h"
#include "seg-recommender-model.h"
#include "seg-run.h"
#include "seg-run-points.h"

/*
 * The Recommendations page's audience and evaluation views, each in a
 * window of its own, on the sample shop with an ALS run: who to offer a
 * product to and which products are like it (the same as the model says
 * when asked directly), the target list and the segment made from them,
 * cancelling the fit, and testing models with the chart's bars checked
 * against the evaluation runs' records. With SEGMENTA_SCREENSHOTS set to
 * a folder, the views are saved there at 1024×700 and 1920×1080.
 */

static char *test_dir;
static SegProject *project;
static gint64 als_run;

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

/* The sample shop's orders and products, and ALS offers with the
 * products' names, as `segmenta-cli recommend --algorithm als` makes. */
static void
make_shop (void)
{
  g_autofree char *path = g_build_filename (test_dir, "shop.segmenta", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(SegRun) run = NULL;

  project = seg_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  import_sample ("orders");
  import_sample ("products");
  import_sample ("customers");

  model = seg_model_new_for_id ("als", &error);
  g_assert_no_error (error);
  g_object_set (model, "table", "orders", NULL);
  info = seg_project_get_table (project, "orders", &error);
  g_assert_no_error (error);
  seg_model_guess_roles (model, info);
  g_assert_true (seg_model_set_param (model, "items-table", "products", &error));
  g_assert_true (seg_model_set_param (model, "item-key", "sku", &error));
  g_assert_true (seg_model_set_param (model, "item-name", "name_en", &error));
  g_assert_no_error (error);
  run = seg_run_new_for_model (project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  als_run = seg_run_get_record (run)->id;
}

typedef struct
{
  GtkWindow  *window;
  SegSession *session;
  GtkWidget  *view;
  char       *shown_customer;
} Harness;

static void
show_customer (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  Harness *harness = data;

  g_free (harness->shown_customer);
  harness->shown_customer = g_variant_dup_string (parameter, NULL);
}

/* @view in a window of its own, as the page embeds it, with a window
 * action that stands for the customer view. */
static void
harness_init (Harness   *harness,
              GtkWidget *view,
              int        width,
              int        height)
{
  static const GActionEntry entries[] = {
    { "show-customer", show_customer, "s", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  memset (harness, 0, sizeof *harness);
  harness->session = seg_session_new ();
  seg_session_set_project (harness->session, project);
  harness->view = view;
  harness->window = GTK_WINDOW (adw_window_new ());
  g_object_ref_sink (harness->window);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), harness);
  gtk_widget_insert_action_group (GTK_WIDGET (harness->window), "win", G_ACTION_GROUP (group));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), view);
  adw_window_set_content (ADW_WINDOW (harness->window), overlay);
  gtk_window_set_default_size (harness->window, width, height);
  gtk_window_present (harness->window);
  g_object_set (view, "project", project, "session", harness->session, "run", als_run, NULL);
}

static void
harness_clear (Harness *harness)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GtkWindow *window = harness->window;

  GtkWidget *view = harness->view;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  gtk_window_destroy (harness->window);
  g_object_unref (harness->window);
  while (window != NULL || view != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (harness->session);
  g_free (harness->shown_customer);
}

static gpointer
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
audience_idle (gpointer data)
{
  return !seg_audience_view_get_busy (data);
}

static gboolean
evaluation_idle (gpointer data)
{
  return !seg_evaluation_view_get_busy (data);
}

static SegRecommenderFit *
fit_directly (void)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, als_run, NULL);
  g_autoptr(GError) error = NULL;
  SegRecommenderFit *fit = seg_recommender_fit_new (project, record, NULL, &error);

  g_assert_no_error (error);
  return fit;
}

static void
assert_same_hits (GPtrArray *seen,
                  GPtrArray *want)
{
  g_assert_nonnull (seen);
  g_assert_cmpuint (seen->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    {
      SegRecommenderHit *a = g_ptr_array_index (seen, i), *b = g_ptr_array_index (want, i);

      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_cmpfloat_with_epsilon (a->score, b->score, 1e-9);
    }
}

/* What `segmenta-cli audience` prints for @item, as JSON. */
static JsonArray *
cli_audience (const char *item,
              guint       top)
{
  g_autofree char *run = g_strdup_printf ("%" G_GINT64_FORMAT, als_run);
  g_autofree char *count = g_strdup_printf ("%u", top);
  const char *argv[] = {
    SEGMENTA_CLI_PATH, "--json", "-p", seg_project_get_path (project), "audience",
    "--run", run, "--item", item, "--top", count, NULL,
  };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);

  return json_array_ref (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                       "customers"));
}

/* The products with their names, searchable; a product's audience and
 * its like products as the model gives them when asked directly. */
static void
test_audience (void)
{
  SegAudienceView *view = SEG_AUDIENCE_VIEW (seg_audience_view_new ());
  g_autoptr(SegRecommenderFit) fit = fit_directly ();
  g_autoptr(GPtrArray) audience = NULL;
  g_autoptr(GPtrArray) similar = NULL;
  g_autoptr(GError) error = NULL;
  GtkListView *products;
  GtkSearchEntry *search;
  GListModel *shown;
  GtkListBox *list;
  GtkWidget *row;
  Harness harness;

  harness_init (&harness, GTK_WIDGET (view), 1024, 700);
  wait_until (audience_idle, view, 60);
  g_assert_cmpuint (g_list_model_get_n_items (seg_audience_view_get_items (view)), ==, 120);
  /* The first product is chosen at once, so that the view is not empty. */
  wait_until (audience_idle, view, 60);
  g_assert_nonnull (seg_audience_view_get_item (view));
  g_assert_nonnull (seg_audience_view_get_audience (view));

  /* Searching by a word of the name. */
  products = find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW);
  search = find_widget (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY);
  shown = G_LIST_MODEL (gtk_list_view_get_model (products));
  gtk_editable_set_text (GTK_EDITABLE (search), "longjing");
  g_signal_emit_by_name (search, "search-changed");
  /* Three Longjing teas and the Longjing Gift Tin, by name. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GtkStringObject) key = g_list_model_get_item (shown, i);
      static const char *const longjing[] = { "TEA-0001", "TEA-0002", "TEA-0003", "GFT-0004", NULL };

      g_assert_true (g_strv_contains (longjing, gtk_string_object_get_string (key)));
    }
  /* And by code. */
  gtk_editable_set_text (GTK_EDITABLE (search), "pot-00");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 1);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GtkStringObject) key = g_list_model_get_item (shown, i);

      g_assert_true (g_str_has_prefix (gtk_string_object_get_string (key), "POT-00"));
    }
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 120);

  g_assert_true (seg_audience_view_select_item (view, "TEA-0001"));
  g_assert_false (seg_audience_view_select_item (view, "NO-SUCH-SKU"));
  g_assert_true (seg_audience_view_get_busy (view));
  wait_until (audience_idle, view, 60);
  g_assert_cmpstr (seg_audience_view_get_item (view), ==, "TEA-0001");
  /* The list shows it chosen, scrolled to where it is. */
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (products));
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (products));
    guint position = gtk_single_selection_get_selected (selection);
    double y;

    g_assert_cmpstr (gtk_string_object_get_string (gtk_single_selection_get_selected_item (selection)), ==, "TEA-0001");
    settle ();
    y = (position + 0.5) / g_list_model_get_n_items (shown) * gtk_adjustment_get_upper (adjustment);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <=, y);
    g_assert_cmpfloat (y, <=, gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
  }

  audience = seg_recommender_fit_audience (fit, "TEA-0001", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audience->len, ==, 50);
  assert_same_hits (seg_audience_view_get_audience (view), audience);
  /* And as the command line lists them. */
  {
    g_autoptr(JsonArray) printed = cli_audience ("TEA-0001", 50);
    GPtrArray *listed = seg_audience_view_get_audience (view);

    g_assert_cmpuint (json_array_get_length (printed), ==, listed->len);
    for (guint i = 0; i < listed->len; i++)
      {
        JsonObject *line = json_array_get_object_element (printed, i);
        SegRecommenderHit *hit = g_ptr_array_index (listed, i);

        g_assert_cmpint (json_object_get_int_member (line, "rank"), ==, i + 1);
        g_assert_cmpstr (json_object_get_string_member (line, "customer"), ==, hit->key);
        g_assert_cmpstr (json_object_get_string_member (line, "reason"), ==, hit->reason);
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (line, "score"), hit->score, 1e-9);
      }
  }
  similar = seg_recommender_fit_similar (fit, "TEA-0001", 20, &error);
  g_assert_no_error (error);
  assert_same_hits (seg_audience_view_get_similar (view), similar);
  g_assert_nonnull (strstr (((SegRecommenderHit *) g_ptr_array_index (similar, 0))->reason, "bought both"));

  /* A shorter list asks again. */
  seg_audience_view_set_top (view, 5);
  wait_until (audience_idle, view, 60);
  g_assert_cmpuint (seg_audience_view_get_audience (view)->len, ==, 5);
  g_assert_cmpstr (((SegRecommenderHit *) g_ptr_array_index (seg_audience_view_get_audience (view), 0))->key, ==,
                   ((SegRecommenderHit *) g_ptr_array_index (audience, 0))->key);
  seg_audience_view_set_top (view, 50);
  wait_until (audience_idle, view, 60);

  /* A customer's row opens the customer. */
  list = find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_BOX);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1));
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (harness.shown_customer, ==, ((SegRecommenderHit *) g_ptr_array_index (audience, 1))->key);

  screenshot (GTK_WIDGET (harness.window), "audience-1024x700.png");
  gtk_window_set_default_size (harness.window, 1920, 1080);
  gtk_window_unmaximize (harness.window);
  settle ();
  screenshot (GTK_WIDGET (harness.window), "audience-1920x1080.png");

  harness_clear (&harness);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The target list as a CSV file, and as a saved segment. */
static void
test_target_list (void)
{
  SegAudienceView *view = SEG_AUDIENCE_VIEW (seg_audience_view_new ());
  g_autofree char *path = g_build_filename (test_dir, "target.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) selection = NULL;
  g_autoptr(GHashTable) names = NULL;
  GPtrArray *audience;
  Harness harness;

  harness_init (&harness, GTK_WIDGET (view), 1024, 700);
  wait_until (audience_idle, view, 60);
  g_assert_true (seg_audience_view_select_item (view, "TEA-0002"));
  wait_until (audience_idle, view, 60);
  audience = seg_audience_view_get_audience (view);
  g_assert_cmpuint (audience->len, ==, 50);
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) keys = NULL;

    for (guint i = 0; i < audience->len; i++)
      g_strv_builder_add (builder, ((SegRecommenderHit *) g_ptr_array_index (audience, i))->key);
    keys = g_strv_builder_end (builder);
    names = seg_project_read_names (project, "customer_id", (const char *const *) keys, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (names), ==, audience->len);
  }

  g_assert_true (seg_audience_view_export_target_list (view, path, &error));
  g_assert_no_error (error);
  text = read_text (path);
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf" "customer,customer_name,rank,item,item_name,score,reason\r\n"));
  lines = g_strsplit (text + 3, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, audience->len + 2);
  g_assert_cmpstr (lines[audience->len + 1], ==, "");
  for (guint i = 0; i < audience->len; i++)
    {
      SegRecommenderHit *hit = g_ptr_array_index (audience, i);
      const char *name = g_hash_table_lookup (names, hit->key);
      g_autofree char *quoted = name != NULL && strpbrk (name, ",\"") != NULL ? g_strdup_printf ("\"%s\"", name) : NULL;
      g_autofree char *start = NULL;

      /* Every sample customer has a name, from the customers table. */
      g_assert_nonnull (name);
      g_assert_cmpstr (seg_audience_view_get_customer_name (view, hit->key), ==, name);
      start = g_strdup_printf ("%s,%s,%u,TEA-0002,Longjing Dragon Well 100 g,", hit->key,
                               quoted != NULL ? quoted : name, i + 1);

      g_assert_true (g_str_has_prefix (lines[i + 1], start));
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (lines[i + 1] + strlen (start), NULL), hit->score, 1e-12);
    }

  /* A failed export leaves the file there as it was. */
  {
    g_autofree char *nowhere = g_build_filename (test_dir, "missing", "target.csv", NULL);

    g_assert_false (seg_audience_view_export_target_list (view, nowhere, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  segment = seg_audience_view_save_segment (view, "Likely Longjing buyers", &error);
  g_assert_no_error (error);
  g_assert_nonnull (segment);
  g_assert_cmpint (seg_segment_get_size (segment), ==, audience->len);
  g_assert_cmpstr (seg_segment_get_name (segment), ==, "Likely Longjing buyers");
  selection = seg_session_dup_selection (harness.session);
  g_assert_cmpuint (g_strv_length (selection), ==, audience->len);
  for (guint i = 0; i < audience->len; i++)
    g_assert_true (seg_session_is_selected (harness.session, ((SegRecommenderHit *) g_ptr_array_index (audience, i))->key));
  /* The same name twice is refused, and nothing more is saved. */
  g_assert_null (seg_audience_view_save_segment (view, "Likely Longjing buyers", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (seg_session_get_segments (harness.session)), ==, 1);

  harness_clear (&harness);
}

/* Cells that a spreadsheet would run as formulas are written as text. */
static void
test_cells_guard (void)
{
  static const char *const header[] = { "customer", "note", NULL };
  static const char *const row[] = { "=HYPERLINK(\"x\")", "a, \"quoted\" note", NULL };
  g_autofree char *path = g_build_filename (test_dir, "guarded.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (rows, (gpointer) row);
  g_assert_true (seg_export_cells_file (file, header, rows, SEG_EXPORT_BOM, NULL, &error));
  g_assert_no_error (error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "\xef\xbb\xbf" "customer,note\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a, \"\"quoted\"\" note\"\r\n");
}

static gboolean
shows_error_page (gpointer data)
{
  GtkStack *stack = find_widget (GTK_WIDGET (data), GTK_TYPE_STACK);

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") == 0;
}

/* Stopping the fit leaves no products, says so, and can be tried again. */
static void
test_cancel_fit (void)
{
  SegAudienceView *view = SEG_AUDIENCE_VIEW (seg_audience_view_new ());
  Harness harness;

  harness_init (&harness, GTK_WIDGET (view), 1024, 700);
  g_assert_true (seg_audience_view_get_busy (view));
  seg_audience_view_cancel (view);
  wait_until (audience_idle, view, 60);
  g_assert_true (shows_error_page (view));
  screenshot (GTK_WIDGET (harness.window), "audience-stopped.png");
  g_assert_cmpuint (g_list_model_get_n_items (seg_audience_view_get_items (view)), ==, 0);
  g_assert_null (seg_audience_view_get_audience (view));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "audience.retry", NULL));
  g_assert_true (seg_audience_view_get_busy (view));
  wait_until (audience_idle, view, 60);
  g_assert_cmpuint (g_list_model_get_n_items (seg_audience_view_get_items (view)), ==, 120);

  /* No run: nothing to fit. */
  seg_audience_view_set_run (view, 0);
  g_assert_false (seg_audience_view_get_busy (view));
  g_assert_cmpuint (g_list_model_get_n_items (seg_audience_view_get_items (view)), ==, 0);

  /* Back to the run: its model is kept while the view lives, so the
   * products are there at once, without fitting again. */
  seg_audience_view_set_run (view, als_run);
  g_assert_cmpuint (g_list_model_get_n_items (seg_audience_view_get_items (view)), ==, 120);
  g_assert_false (shows_error_page (view));
  wait_until (audience_idle, view, 60);
  g_assert_nonnull (seg_audience_view_get_audience (view));

  harness_clear (&harness);
}

static SegRunRecord *
series_record (SegEvaluationView *view,
               guint              series)
{
  gint64 id = seg_evaluation_view_get_series_run (view, series);
  g_autoptr(GError) error = NULL;
  SegRunRecord *record;

  g_assert_cmpint (id, >, 0);
  record = seg_project_get_run (project, id, &error);
  g_assert_no_error (error);
  g_assert_true (seg_run_record_is_evaluation (record));
  return record;
}

/* Testing two models from the view: a bar per model and the best
 * sellers for each measure, the records' figures. */
static void
test_evaluation (void)
{
  static const char *const models[] = { "als", "item-knn", NULL };
  static const char *const keys[] = { "hit_rate", "precision", "recall", "coverage" };
  static const char *const files[] = { "offer-test.png", "offer-test.svg", "offer-test.pdf" };
  static const char *const heads[] = { "\x89PNG", "<?xml", "%PDF-" };
  SegEvaluationView *view = SEG_EVALUATION_VIEW (seg_evaluation_view_new ());
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRunRecord) newest = NULL;
  g_auto(GStrv) chosen = NULL;
  Harness harness;
  guint n;

  harness_init (&harness, GTK_WIDGET (view), 1024, 700);
  g_assert_cmpuint (seg_evaluation_view_get_n_series (view), ==, 0);
  g_assert_false (seg_evaluation_view_export_chart (view, "nothing.png", &error));
  g_clear_error (&error);
  /* The run's own model is chosen to begin with. */
  chosen = seg_evaluation_view_dup_models (view);
  g_assert_cmpstrv (chosen, ((const char *const[]) { "als", NULL }));

  seg_evaluation_view_set_models (view, NULL);
  g_assert_false (seg_evaluation_view_evaluate (view, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  seg_evaluation_view_set_models (view, models);
  seg_evaluation_view_set_hidden (view, 2);
  g_assert_true (seg_evaluation_view_evaluate (view, &error));
  g_assert_no_error (error);
  g_assert_true (seg_evaluation_view_get_busy (view));
  wait_until (evaluation_idle, view, 120);

  n = seg_evaluation_view_get_n_series (view);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (seg_evaluation_view_get_series_run (view, n - 1), ==, 0);
  for (guint s = 0; s + 1 < n; s++)
    {
      g_autoptr(SegRunRecord) record = series_record (view, s);

      g_assert_cmpstr (seg_evaluation_view_get_series_name (view, s), ==, seg_run_record_get_title (record));
      for (guint m = 0; m < SEG_EVALUATION_N_MEASURES; m++)
        {
          g_autofree char *baseline = g_strconcat ("baseline_", keys[m], NULL);

          g_assert_true (isfinite (seg_evaluation_view_get_value (view, s, m)));
          g_assert_cmpfloat (seg_evaluation_view_get_value (view, s, m), ==, seg_run_record_get_metric (record, keys[m]));
          /* Both models were measured on the same split: the same best sellers. */
          g_assert_cmpfloat_with_epsilon (seg_evaluation_view_get_value (view, n - 1, m),
                                          seg_run_record_get_metric (record, baseline), 1e-12);
        }
    }
  /* Newest first, one series each. */
  newest = series_record (view, 0);
  {
    g_autoptr(SegRunRecord) older = series_record (view, 1);

    g_assert_cmpint (newest->id, >, older->id);
    g_assert_cmpstr (newest->algorithm, !=, older->algorithm);
    g_assert_true (g_strv_contains (models, newest->algorithm));
    g_assert_true (g_strv_contains (models, older->algorithm));
  }
  g_assert_nonnull (strstr (seg_evaluation_view_get_protocol_text (view), "last 2 purchases were hidden"));
  g_assert_nonnull (strstr (seg_evaluation_view_get_protocol_text (view), "10 offers"));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (test_dir, files[i], NULL);
      g_autofree char *head = NULL;

      g_assert_true (seg_evaluation_view_export_chart (view, path, &error));
      g_assert_no_error (error);
      head = read_text (path);
      g_assert_true (g_str_has_prefix (head, heads[i]));
    }

  screenshot (GTK_WIDGET (harness.window), "evaluation-1024x700.png");
  gtk_window_set_default_size (harness.window, 1920, 1080);
  settle ();
  screenshot (GTK_WIDGET (harness.window), "evaluation-1920x1080.png");

  /* A test on another split starts the chart again: the best sellers
   * are only comparable on one split. */
  seg_evaluation_view_set_models (view, (const char *const[]) { "als", NULL });
  seg_evaluation_view_set_hidden (view, 1);
  g_assert_true (seg_evaluation_view_evaluate (view, &error));
  seg_evaluation_view_cancel (view);
  wait_until (evaluation_idle, view, 120);
  g_assert_cmpuint (seg_evaluation_view_get_n_series (view), ==, 3);

  g_assert_true (seg_evaluation_view_evaluate (view, &error));
  wait_until (evaluation_idle, view, 120);
  g_assert_cmpuint (seg_evaluation_view_get_n_series (view), ==, 2);
  g_assert_nonnull (strstr (seg_evaluation_view_get_protocol_text (view), "last purchase was hidden"));

  /* A comparison on that split, one run for several models: each model
   * is a series of its own, with its figures from the run's list. */
  {
    g_autoptr(SegRunRecord) single = series_record (view, 0);
    g_autoptr(SegRun) like = seg_run_new_like (project, single, &error);
    g_autoptr(GPtrArray) compared = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(SegRun) run = NULL;
    SegRecommenderModel *base;
    SegRecommenderEvaluation evaluation;
    JsonArray *listed;

    g_assert_no_error (error);
    base = SEG_RECOMMENDER_MODEL (seg_run_get_model (like));
    g_ptr_array_add (compared, g_object_ref (base));
    g_ptr_array_add (compared, seg_recommender_model_new_like (base, "item-knn", &error));
    g_assert_no_error (error);
    g_ptr_array_add (compared, seg_recommender_model_new_like (base, "popular", &error));
    g_assert_no_error (error);
    seg_recommender_evaluation_init (&evaluation);
    evaluation.protocol = SEG_PROTOCOL_LAST_N;
    evaluation.last_n = 1;
    evaluation.k = 10;
    run = seg_recommender_compare (project, compared, &evaluation, NULL, &error);
    g_assert_no_error (error);
    settle ();
    listed = json_object_get_array_member (json_node_get_object (seg_run_get_record (run)->metrics), "models");

    /* ALS and item-kNN from the comparison, then the yardstick; best
     * sellers are drawn once, as the yardstick. */
    g_assert_cmpuint (seg_evaluation_view_get_n_series (view), ==, 3);
    for (guint s = 0; s < 2; s++)
      {
        g_autoptr(SegModel) model = NULL;
        JsonObject *mean = NULL;

        g_assert_cmpint (seg_evaluation_view_get_series_run (view, s), ==, seg_run_get_record (run)->id);
        for (guint i = 0; i < json_array_get_length (listed); i++)
          {
            JsonObject *entry = json_array_get_object_element (listed, i);

            model = seg_model_new_for_id (json_object_get_string_member (entry, "algorithm"), NULL);
            if (g_str_equal (seg_model_get_title (model), seg_evaluation_view_get_series_name (view, s)))
              {
                mean = json_object_get_object_member (entry, "mean");
                break;
              }
            g_clear_object (&model);
          }
        g_assert_nonnull (mean);
        g_assert_cmpstr (seg_model_get_id (model), !=, "popular");
        for (guint m = 0; m < SEG_EVALUATION_N_MEASURES; m++)
          g_assert_cmpfloat (seg_evaluation_view_get_value (view, s, m), ==,
                             json_object_get_double_member (mean, keys[m]));
      }
  }

  harness_clear (&harness);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("segmenta-recviews-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  test_dir = home;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  make_shop ();

  g_test_add_func ("/recommend-views/audience", test_audience);
  g_test_add_func ("/recommend-views/target-list", test_target_list);
  g_test_add_func ("/recommend-views/cells-guard", test_cells_guard);
  g_test_add_func ("/recommend-views/cancel-fit", test_cancel_fit);
  g_test_add_func ("/recommend-views/evaluation", test_evaluation);

  status = g_test_run ();
  /* What the runs left to tell the project goes first. */
  settle ();
  g_assert_finalize_object (project);
  remove_tree (home);

  return status;
}
