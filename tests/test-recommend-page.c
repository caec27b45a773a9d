/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "seg-test-gui.h"
#include "seg-test-utils.h"
#include "seg-model-dialog.h"
#include "seg-rfm-dialog.h"
#include "seg-window-private.h"

/*
 * The Recommendations page in its window: recommendations made through
 * the shared dialog, the offers searched, kept to a segment of a
 * segmentation and to the map's selection, a target list written, the
 * customers kept as a segment, a run cancelled, and a row opening its
 * customer. With SEGMENTA_SCREENSHOTS set to a folder, the page is also
 * saved there as PNG images, for a person to look at.
 */

static char *test_dir;

static gboolean
not_busy (gpointer data)
{
  return !seg_window_get_busy (data);
}

static gboolean
page_idle (gpointer data)
{
  return !seg_recommend_page_get_busy (data);
}

static gboolean
manager_idle (gpointer data)
{
  return !seg_run_manager_get_busy (data);
}

static gboolean
rfm_dialog_gone (gpointer data)
{
  return find_toplevel (SEG_TYPE_RFM_DIALOG) == NULL;
}

static char *
write_csv (const char *name,
           const char *contents)
{
  char *path = g_build_filename (test_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* Order lines of 120 customers: three kinds that buy from their own
 * shelf of eight products, so that each has something left to offer. */
static char *
write_orders (void)
{
  g_autoptr(GString) csv = g_string_new ("invoice,invoice_date,customer_id,sku,quantity,unit_price\n");
  static const char *const shelves[] = { "TEA", "CUP", "POT" };
  guint invoice = 0;

  for (guint c = 0; c < 120; c++)
    {
      guint kind = c % 3;
      guint orders = kind == 0 ? 8 + c % 5 : kind == 1 ? 3 + c % 2 : 2;

      for (guint o = 0; o < orders; o++)
        g_string_append_printf (csv, "A%u,2024-%02u-%02u,C%03u,%s-%u,%u,%u.50\n", invoice++,
                                kind == 2 ? 1 + c % 3 : 12 - (o + c) % 6, 1 + (c + o) % 27, c,
                                shelves[kind], (c + o * 3) % 8, 1 + o % 3, kind == 0 ? 40 + c % 7 : 15);
    }
  return write_csv ("lines.csv", csv->str);
}

/* Names and ways to reach them; one name would run in a spreadsheet. */
static char *
write_customers (void)
{
  g_autoptr(GString) csv = g_string_new ("customer_id,name,email,phone,birth_year\n");

  for (guint c = 0; c < 120; c++)
    {
      if (c == 5)
        g_string_append (csv, "C005,=SUM(A1:A9),sum@example.com,555-0005,1970\n");
      else if (c == 0)
        g_string_append (csv, "C000,Alice Wong,alice@example.com,555-0000,1980\n");
      else
        g_string_append_printf (csv, "C%03u,Customer %u,c%u@example.com,555-%04u,19%02u\n", c, c, c, c, 40 + c % 50);
    }
  return write_csv ("people.csv", csv->str);
}

/* Every row shown is one of @keys' customers. */
static void
assert_rows_of (SegRecommendPage  *page,
                const char *const *keys)
{
  SegOfferList *offers = seg_recommend_page_get_offers (page);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (offers));

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpstr (seg_recommend_page_get_state (page), ==, "list");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SegOfferRow) row = g_list_model_get_item (G_LIST_MODEL (offers), i);

      g_assert_true (g_strv_contains (keys, seg_offer_row_get_customer (row)));
    }
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_show_customer (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       data)
{
  char **shown = data;

  g_free (*shown);
  *shown = g_variant_dup_string (parameter, NULL);
}

static void
on_finished (SegRunManager *manager,
             SegRun        *run,
             const GError  *error,
             gpointer       data)
{
  GError **finished = data;

  g_clear_error (finished);
  if (error != NULL)
    *finished = g_error_copy (error);
}

static void
test_page (gconstpointer data)
{
  int width = GPOINTER_TO_INT (data);
  int height = width > 1024 ? 1080 : 700;
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);
  g_autofree char *orders = write_orders ();
  g_autofree char *people = write_customers ();
  g_autofree char *target_path = g_build_filename (test_dir, "targets.csv", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  g_autofree char *contents = NULL;
  g_autofree char *shown_customer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) cluster_keys = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) finished = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegOfferRow) first = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show_customer = g_simple_action_new ("show-customer", G_VARIANT_TYPE_STRING);
  const char *const alice[] = { "C000", NULL };
  const char *const selected[] = { "C005", "C010", NULL };
  SegRecommendPage *page;
  SegModelDialog *dialog;
  SegRunManager *manager;
  SegProject *project;
  SegModel *model;
  char *user = NULL, *item = NULL, *date = NULL;
  g_autofree char *count_sql = NULL;
  gint64 clusters;
  guint n_all;

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", orders));
  wait_until (not_busy, window, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", people));
  wait_until (not_busy, window, 30);
  project = seg_window_get_project (window);
  manager = seg_window_get_run_manager (window);
  page = seg_window_get_recommend_page (window);

  /* Alt+3 is this page; without a run it offers to make one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "recommendations"));
  g_assert_cmpstr (seg_window_get_view (window), ==, "recommendations");
  g_assert_cmpstr (seg_recommend_page_get_state (page), ==, "empty");
  screenshot (GTK_WIDGET (window), width > 1024 ? "recommend-empty-wide.png" : "recommend-empty.png");

  /* Segments to filter by: RFM scores, then k-means of 3 on them. */
  seg_window_set_view (window, "segments");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (seg_window_get_segments_page (window)),
                                             "segments.score-customers", NULL));
  g_assert_true (seg_rfm_dialog_set_table (find_toplevel (SEG_TYPE_RFM_DIALOG), "lines"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_toplevel (SEG_TYPE_RFM_DIALOG)), "rfm.score", NULL));
  wait_until (rfm_dialog_gone, NULL, 30);
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "kmeans"));
  g_object_set (seg_model_dialog_get_model (dialog), "k", 3, "seed", (guint64) 7, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  wait_until (manager_idle, manager, 60);
  settle ();
  clusters = seg_segments_page_get_shown_run (seg_window_get_segments_page (window));
  g_assert_cmpint (clusters, >, 0);

  /* New Recommendations: the shared dialog, with the order lines'
   * columns recognised from their names. */
  seg_window_set_view (window, "recommendations");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "recommend.new", NULL));
  wait_until (model_dialog_open, NULL, 10);
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_cmpint (seg_model_dialog_get_kind (dialog), ==, SEG_MODEL_KIND_RECOMMENDATION);
  g_assert_true (seg_model_dialog_set_table (dialog, "lines"));
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "item-knn"));
  model = seg_model_dialog_get_model (dialog);
  g_object_get (model, "user", &user, "item", &item, "date", &date, NULL);
  g_assert_cmpstr (user, ==, "customer_id");
  g_assert_cmpstr (item, ==, "sku");
  g_assert_cmpstr (date, ==, "invoice_date");
  g_free (user);
  g_free (item);
  g_free (date);
  g_object_set (model, "top", 4, NULL);
  g_assert_true (seg_model_dialog_get_can_run (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  wait_until (manager_idle, manager, 60);
  settle ();
  wait_until (page_idle, page, 30);
  g_assert_cmpint (seg_recommend_page_get_shown_run (page), ==, clusters + 1);
  g_assert_cmpstr (seg_recommend_page_get_state (page), ==, "list");
  n_all = g_list_model_get_n_items (G_LIST_MODEL (seg_recommend_page_get_offers (page)));
  count_sql = g_strdup_printf ("SELECT count (*) FROM run_%d", (int) clusters + 1);
  g_assert_cmpint (n_all, ==, query_int (project, count_sql));
  g_assert_nonnull (strstr (seg_recommend_page_get_count_text (page), " offers for 120 customers"));
  g_assert_false (seg_recommend_page_get_stale (page));
  first = g_list_model_get_item (G_LIST_MODEL (seg_recommend_page_get_offers (page)), 0);
  g_assert_nonnull (seg_offer_row_get_name (first));
  screenshot (GTK_WIDGET (window), width > 1024 ? "recommend-offers-wide.png" : "recommend-offers.png");

  /* A customer found by name. */
  seg_recommend_page_set_search (page, "alice");
  wait_until (page_idle, page, 30);
  assert_rows_of (page, alice);
  g_assert_nonnull (strstr (seg_recommend_page_get_count_text (page), "for 1 customer"));

  /* Nobody: the page says so and offers to show everyone again. */
  seg_recommend_page_set_search (page, "no such customer");
  wait_until (page_idle, page, 30);
  g_assert_cmpstr (seg_recommend_page_get_state (page), ==, "no-match");
  screenshot (GTK_WIDGET (window), width > 1024 ? "recommend-no-match-wide.png" : "recommend-no-match.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "recommend.clear-filters", NULL));
  wait_until (page_idle, page, 30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (seg_recommend_page_get_offers (page))), ==, n_all);

  /* A segment of the segmentation. */
  cluster_keys = seg_project_read_cluster_keys (project, clusters, 2, &error);
  g_assert_no_error (error);
  g_assert_true (seg_recommend_page_filter_cluster (page, clusters, 2));
  wait_until (page_idle, page, 30);
  assert_rows_of (page, (const char *const *) cluster_keys);
  g_assert_cmpuint (seg_offer_list_get_n_customers (seg_recommend_page_get_offers (page)), ==,
                    g_strv_length (cluster_keys));

  /* The map's selection, from the button on the Segments page's bar. */
  g_assert_nonnull (find_action_button (GTK_WIDGET (seg_window_get_segments_page (window)), "win.recommend-selection"));
  seg_session_set_selection (seg_window_get_session (window), selected);
  seg_window_set_view (window, "segments");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.recommend-selection", NULL));
  g_assert_cmpstr (seg_window_get_view (window), ==, "recommendations");
  wait_until (page_idle, page, 30);
  assert_rows_of (page, selected);
  g_assert_nonnull (strstr (seg_recommend_page_get_count_text (page), "for 2 customers"));
  screenshot (GTK_WIDGET (window), width > 1024 ? "recommend-selection-wide.png" : "recommend-selection.png");

  /* The target list: BOM, header, contacts, the rows shown, guarded. */
  g_assert_true (seg_recommend_page_export (page, target, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target_path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf"));
  lines = g_strsplit (contents + 3, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "customer,rank,item,item_name,score,reason,name,email,phone");
  g_assert_cmpuint (g_strv_length (lines), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (seg_recommend_page_get_offers (page))) + 2);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_true (g_str_has_prefix (lines[i], "C005,") || g_str_has_prefix (lines[i], "C010,"));
  g_assert_nonnull (strstr (contents, ",'=SUM(A1:A9),sum@example.com,555-0005"));
  g_assert_nonnull (strstr (contents, ",Customer 10,c10@example.com,555-0010"));
  g_assert_null (strstr (contents, "1970"));

  /* The customers shown, kept as a segment, and then a filter. */
  segment = seg_recommend_page_save_segment (page, "Offer targets", &error);
  g_assert_no_error (error);
  g_assert_cmpint (seg_segment_get_size (segment), ==, 2);
  settle ();
  g_assert_true (seg_recommend_page_filter_segment (page, seg_segment_get_id (segment)));
  wait_until (page_idle, page, 30);
  assert_rows_of (page, selected);

  /* A row opens its customer: the window's show-customer with the key. */
  g_signal_connect (show_customer, "activate", G_CALLBACK (on_show_customer), &shown_customer);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show_customer));
  gtk_widget_insert_action_group (GTK_WIDGET (page), "win", G_ACTION_GROUP (group));
  g_signal_emit_by_name (seg_recommend_page_get_column_view (page), "activate", 0u);
  gtk_widget_insert_action_group (GTK_WIDGET (page), "win", NULL);
  {
    g_autoptr(SegOfferRow) row = g_list_model_get_item (G_LIST_MODEL (seg_recommend_page_get_offers (page)), 0);

    g_assert_cmpstr (shown_customer, ==, seg_offer_row_get_customer (row));
  }

  /* New recommendations cancelled leave the project as it was. */
  before = project_state (project);
  g_signal_connect (manager, "finished", G_CALLBACK (on_finished), &finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "recommend.new", NULL));
  wait_until (model_dialog_open, NULL, 10);
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_true (seg_model_dialog_set_table (dialog, "lines"));
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "als"));
  g_object_set (seg_model_dialog_get_model (dialog), "iterations", 1000, "factors", 1024, "cg-steps", 1000, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  g_assert_true (seg_run_manager_get_busy (manager));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-run", NULL));
  wait_until (manager_idle, manager, 60);
  g_assert_error (finished, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = project_state (project);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (seg_recommend_page_get_shown_run (page), ==, clusters + 1);
  g_signal_handlers_disconnect_by_func (manager, on_finished, &finished);

  name = g_strdup (seg_recommend_page_get_count_text (page));
  g_assert_nonnull (name);
  destroy_window (window);
}

static gboolean
refresh_enabled (gpointer data)
{
  return gtk_widget_is_sensitive (find_action_button (data, "recommend.refresh"));
}

/* Orders added after a run: the page says how many, and Refresh makes
 * the offers of the customers who ordered again from the model the run
 * kept, without fitting it again; a run that kept no model has Refit
 * only. */
static void
test_refresh (void)
{
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);
  g_autofree char *orders = write_orders ();
  g_autofree char *week = write_csv ("week.csv",
                                     "invoice,invoice_date,customer_id,sku,quantity,unit_price\n"
                                     "B1,2024-12-20,C001,CUP-3,1,15.50\n"
                                     "B2,2024-12-21,C900,TEA-1,2,40.50\n"
                                     "B2,2024-12-21,C900,TEA-2,1,40.50\n");
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) popular = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autofree char *count_sql = NULL;
  g_autofree char *new_sql = NULL;
  g_autofree char *untouched_before = NULL;
  g_autofree char *untouched_after = NULL;
  g_autofree char *untouched_sql = NULL;
  SegRecommendPage *page;
  SegModelDialog *dialog;
  SegRunManager *manager;
  SegProject *project;
  GtkWidget *refresh;
  gint64 id;

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", orders));
  wait_until (not_busy, window, 30);
  project = seg_window_get_project (window);
  manager = seg_window_get_run_manager (window);
  page = seg_window_get_recommend_page (window);
  seg_window_set_view (window, "recommendations");

  /* Item-kNN keeps its neighbour lists, so it can be brought up to date. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "recommend.new", NULL));
  wait_until (model_dialog_open, NULL, 10);
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  /* The form starts on the recommender that did best on held-out orders. */
  g_assert_cmpstr (seg_model_get_id (seg_model_dialog_get_model (dialog)), ==, "als");
  g_assert_true (seg_model_dialog_set_table (dialog, "lines"));
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "item-knn"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  wait_until (manager_idle, manager, 60);
  settle ();
  wait_until (page_idle, page, 30);
  id = seg_recommend_page_get_shown_run (page);
  g_assert_cmpint (id, >, 0);
  g_assert_false (seg_recommend_page_get_stale (page));
  refresh = find_action_button (GTK_WIDGET (page), "recommend.refresh");
  g_assert_nonnull (refresh);
  g_assert_false (gtk_widget_get_visible (refresh));
  untouched_sql = g_strdup_printf ("SELECT group_concat (customer || rank || item || score || reason, '|') "
                                   "FROM (SELECT * FROM run_%d WHERE customer NOT IN ('C001', 'C900') "
                                   "ORDER BY customer, rank)", (int) id);
  untouched_before = query_text (project, untouched_sql);

  /* Three lines of a week: one customer known, one new. */
  importer = seg_importer_new (project, week);
  seg_importer_set_append_to (importer, "lines");
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  settle ();
  g_assert_true (seg_recommend_page_get_stale (page));
  g_assert_cmpstr (seg_recommend_page_get_stale_text (page), ==, "3 new order lines since these recommendations were made");
  wait_until (refresh_enabled, page, 10);
  g_assert_true (gtk_widget_get_visible (refresh));
  screenshot (GTK_WIDGET (window), "recommend-stale.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "recommend.refresh", NULL));
  g_assert_true (seg_recommend_page_get_busy (page));
  g_assert_false (gtk_widget_is_sensitive (refresh));
  wait_until (page_idle, page, 60);
  settle ();
  g_assert_false (seg_recommend_page_get_stale (page));
  g_assert_false (gtk_widget_get_visible (refresh));
  g_assert_cmpint (seg_recommend_page_get_shown_run (page), ==, id);

  /* The list shows the run's rows now, the new customer among them;
   * the other customers' offers are as they were. */
  count_sql = g_strdup_printf ("SELECT count (*) FROM run_%d", (int) id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (seg_recommend_page_get_offers (page))), ==,
                    query_int (project, count_sql));
  new_sql = g_strdup_printf ("SELECT count (*) FROM run_%d WHERE customer = 'C900'", (int) id);
  g_assert_cmpint (query_int (project, new_sql), >, 0);
  seg_recommend_page_set_search (page, "C900");
  wait_until (page_idle, page, 30);
  g_assert_cmpuint (seg_offer_list_get_n_customers (seg_recommend_page_get_offers (page)), ==, 1);
  untouched_after = query_text (project, untouched_sql);
  g_assert_cmpstr (untouched_before, ==, untouched_after);

  /* Best sellers keep no model: stale, with Refit but no Refresh. */
  popular = seg_model_new_for_id ("popular", NULL);
  g_object_set (popular, "table", "lines", "user", "customer_id", "item", "sku", NULL);
  run = seg_run_new_for_model (project, popular);
  g_assert_true (seg_run_manager_start (manager, run, &error));
  g_assert_no_error (error);
  wait_until (manager_idle, manager, 60);
  settle ();
  g_clear_object (&importer);
  g_clear_pointer (&summary, seg_import_summary_free);
  importer = seg_importer_new (project, week);
  seg_importer_set_append_to (importer, "lines");
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  settle ();
  seg_page_show_run (SEG_PAGE (page), seg_run_get_record (run)->id);
  g_assert_cmpint (seg_recommend_page_get_shown_run (page), >, id);
  wait_until (page_idle, page, 30);
  g_assert_true (seg_recommend_page_get_stale (page));
  g_assert_false (gtk_widget_is_sensitive (refresh));
  g_assert_false (gtk_widget_get_visible (refresh));
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (page), "recommend.refit")));

  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = make_test_home ("segmenta-recommend-XXXXXX");
  int status;

  test_dir = home;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_data_func ("/recommend-page/offers", GINT_TO_POINTER (1024), test_page);
  g_test_add_data_func ("/recommend-page/offers-wide", GINT_TO_POINTER (1920), test_page);
  g_test_add_func ("/recommend-page/refresh", test_refresh);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
