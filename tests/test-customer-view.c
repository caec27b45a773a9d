/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "seg-test-utils.h"
#include "seg-test-gui.h"
#include "seg-application.h"
#include "seg-customer.h"
#include "seg-customer-view.h"
#include "seg-data-page-private.h"
#include "seg-map-view.h"
#include "seg-measure.h"
#include "seg-model.h"
#include "seg-profile.h"
#include "seg-recommender-model.h"
#include "seg-rfm.h"
#include "seg-run.h"
#include "seg-table-model.h"
#include "seg-window-private.h"

/*
 * A customer's page: opened by the window's action, from a row of a
 * table and from a point of the map; its cards against the customer's
 * facts, and those against the tables; "Copy Offer"; a key nobody has.
 * With SEGMENTA_SCREENSHOTS set to a folder, the page is saved there as
 * PNG images at 1024×700 and 1920×1080, for a person to look at.
 */

static char *test_dir;
static char *shop_path;

static gboolean
not_busy (gpointer data)
{
  return !seg_window_get_busy (data) && seg_window_get_project (data) != NULL;
}

static gboolean
customer_loaded (gpointer data)
{
  return !seg_customer_view_get_loading (seg_window_get_customer_view (data));
}

static gboolean
page_idle (gpointer data)
{
  return !seg_segments_page_get_busy (data) && !seg_segments_page_get_loading (data) &&
         seg_segments_page_get_shown_run (data) > 0;
}

static SegWindow *
open_shop (int width,
           int height)
{
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-project", "s", shop_path));
  wait_until (not_busy, window, 30);
  return window;
}

/* Opens @key's page through the window's action and waits for it. */
static SegCustomerView *
show_customer (SegWindow  *window,
               const char *key)
{
  SegCustomerView *view = seg_window_get_customer_view (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customer", "s", key));
  g_assert_true (seg_window_get_customer_shown (window));
  wait_until (customer_loaded, window, 30);
  return view;
}

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  char **text = data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* The sample shop, scored, segmented in four, with offers of similar
 * products: made once, opened by every test. */
static void
make_shop (void)
{
  static const char *const names[] = { "customers", "products", "orders" };
  static const char *const columns[] = { "recency", "frequency", "monetary", NULL };
  g_autofree char *samples = seg_application_find_samples_dir ();
  g_autoptr(SegProject) project = NULL;
  g_autoptr(SegModel) kmeans = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) knn = seg_model_new_for_id ("item-knn", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) offers = NULL;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  SegRfmOptions options = {
    .orders = "orders", .customer = "customer_id", .date = "invoice_date",
    .quantity = "quantity", .price = "unit_price", .invoice = "invoice",
  };

  g_assert_nonnull (samples);
  shop_path = g_build_filename (test_dir, "shop.segmenta", NULL);
  project = seg_project_open (shop_path, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.csv", names[i]);
      g_autofree char *path = g_build_filename (samples, file, NULL);
      g_autoptr(SegImporter) importer = seg_importer_new (project, path);
      g_autoptr(SegImportSummary) imported = NULL;

      seg_importer_set_table_name (importer, names[i]);
      imported = seg_importer_run (importer, NULL, &error);
      g_assert_no_error (error);
    }
  summary = seg_project_rfm (project, &options, &error);
  g_assert_no_error (error);
  run = seg_run_new (project, kmeans, summary->table, columns);
  g_object_set (seg_run_get_model (run), "k", 4, "key", "customer", "seed", (guint64) 3, NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  g_object_set (knn, "table", "orders", "user", "customer_id", "item", "sku", "date", "invoice_date",
                "items-table", "products", "item-key", "sku", "item-name", "name_en", NULL);
  offers = seg_run_new_for_model (project, knn);
  g_assert_true (seg_run_execute (offers, NULL, &error));
  g_assert_no_error (error);
}

/* Each card says what the core gathered, and the core what the tables
 * hold; the offer copied is the name and three offers with reasons. */
static void
test_cards (void)
{
  SegWindow *window = open_shop (1024, 700);
  SegProject *project = seg_window_get_project (window);
  SegCustomerView *view = show_customer (window, "C00002");
  SegCustomer *customer = seg_customer_view_get_customer (view);
  g_autoptr(SegCustomer) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *segments = NULL;
  g_autofree char *products = NULL;
  g_autofree char *offers = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *expected = NULL;
  GListModel *history;
  SegCustomerRfm *rfm;
  SegCustomerCluster *cluster;
  SegCustomerProduct *top;

  g_assert_nonnull (customer);
  g_assert_cmpstr (seg_customer_view_get_key (view), ==, "C00002");
  g_assert_null (seg_customer_view_get_error (view));

  /* The core's facts, against the tables. */
  direct = seg_project_get_customer (project, "C00002", 0, &error);
  g_assert_no_error (error);
  name = query_text (project, "SELECT name FROM customers WHERE customer_id = 'C00002'");
  email = query_text (project, "SELECT email FROM customers WHERE customer_id = 'C00002'");
  segment = query_text (project, "SELECT segment FROM rfm WHERE customer = 'C00002'");
  g_assert_cmpstr (customer->name, ==, name);
  g_assert_cmpstr (customer->email, ==, email);
  g_assert_cmpint (customer->orders, ==, direct->orders);
  g_assert_cmpint (customer->orders + customer->returns, ==,
                   query_int (project, "SELECT count (DISTINCT invoice) FROM orders WHERE customer_id = 'C00002'"));
  g_assert_cmpuint (customer->offers->len, ==, direct->offers->len);

  /* Contact: name, email and city, the rest folded away. */
  contact = text_of (seg_customer_view_get_card (view, "contact"));
  g_test_message ("%s", contact);
  g_assert_nonnull (strstr (contact, name));
  g_assert_nonnull (strstr (contact, email));
  g_assert_nonnull (strstr (contact, customer->city));
  g_assert_nonnull (strstr (contact, "More Details"));
  g_assert_nonnull (strstr (contact, "Signup date"));

  /* Segments: the RFM segment by name, with the scores in words; the
   * cluster by the name the Segments page gives it. */
  segments = text_of (seg_customer_view_get_card (view, "segments"));
  g_test_message ("%s", segments);
  rfm = g_ptr_array_index (customer->rfm, 0);
  g_assert_cmpstr (rfm->segment, ==, segment);
  g_assert_nonnull (strstr (segments, seg_measure_rfm_segment_label (segment)));
  g_assert_nonnull (strstr (segments, "days ago"));
  g_assert_nonnull (strstr (segments, "Scores out of 5"));
  cluster = g_ptr_array_index (customer->clusters, 0);
  g_assert_nonnull (cluster->name);
  g_assert_nonnull (strstr (segments, cluster->name));
  g_assert_null (strstr (segments, "_"));

  /* The products bought most, by name, then by spend. */
  products = text_of (seg_customer_view_get_card (view, "products"));
  g_test_message ("%s", products);
  top = g_ptr_array_index (customer->products, 0);
  g_assert_nonnull (strstr (products, top->name));
  g_assert_nonnull (strstr (products, " orders"));
  g_assert_nonnull (strstr (products, " spent"));
  g_assert_false (g_regex_match_simple ("[0-9]\\.[0-9]{3,}", products, 0, 0));
  {
    GtkWidget *suffix = adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (
      gtk_widget_get_ancestor (seg_customer_view_get_card (view, "products"), ADW_TYPE_PREFERENCES_GROUP)));
    GtkWidget *by_spend = gtk_widget_get_last_child (suffix);
    g_autofree char *spent = NULL;

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (by_spend), TRUE);
    spent = text_of (seg_customer_view_get_card (view, "products"));
    top = g_ptr_array_index (customer->products_by_spend, 0);
    g_assert_true (g_str_has_prefix (spent, top->name));
  }

  /* Offers: five in view with their reasons, five more folded. */
  offers = text_of (seg_customer_view_get_card (view, "offers"));
  g_test_message ("%s", offers);
  for (guint i = 0; i < 10 && i < customer->offers->len; i++)
    {
      SegOffer *offer = g_ptr_array_index (customer->offers, i);

      g_assert_nonnull (strstr (offers, offer->item_name));
      g_assert_nonnull (strstr (offers, offer->reason));
    }
  g_assert_nonnull (strstr (offers, "5 More Offers"));

  /* The history: every order, newest first, with its total. */
  history = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (seg_customer_view_get_card (view, "history"))));
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, customer->orders + customer->returns);
  {
    g_autoptr(SegCustomerOrder) newest = g_list_model_get_item (history, 0);
    g_autofree char *last = query_text (project, "SELECT max (invoice_date) FROM orders WHERE customer_id = 'C00002'");

    g_assert_cmpstr (seg_customer_order_get_date (newest), ==, last);
  }
  screenshot (GTK_WIDGET (window), "customer-1024.png");

  /* Copy Offer: the text on the clipboard, and a toast saying so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "customer.copy-offer", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL, on_text_read, &copied);
  wait_until (is_set, &copied, 10);
  expected = seg_customer_format_offer (customer, 3);
  g_test_message ("%s", copied);
  g_assert_cmpstr (copied, ==, expected);
  g_assert_true (g_str_has_prefix (copied, "Offer for "));
  g_assert_nonnull (strstr (copied, name));
  for (guint i = 0; i < 3; i++)
    {
      SegOffer *offer = g_ptr_array_index (customer->offers, i);

      g_assert_nonnull (strstr (copied, offer->item_name));
      g_assert_nonnull (strstr (copied, offer->reason));
    }

  /* Another page by its shortcut leaves the customer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "segments"));
  g_assert_false (seg_window_get_customer_shown (window));
  g_assert_cmpstr (seg_window_get_view (window), ==, "segments");
  show_customer (window, "C00002");
  customer = seg_customer_view_get_customer (view);

  /* Back to the page it came from. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "customer.back", NULL));
  g_assert_false (seg_window_get_customer_shown (window));
  g_assert_null (seg_customer_view_get_customer (view));

  destroy_window (window);
}

/* A customer with a long name and many orders, in a large window. */
static void
test_wide (void)
{
  SegWindow *window = open_shop (1920, 1080);
  g_autofree char *busiest = query_text (seg_window_get_project (window),
                                         "SELECT customer_id FROM orders GROUP BY 1 ORDER BY count (*) DESC LIMIT 1");
  SegCustomerView *view = show_customer (window, busiest);
  SegCustomer *customer = seg_customer_view_get_customer (view);
  GListModel *history;
  guint n;

  g_assert_nonnull (customer);
  history = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (seg_customer_view_get_card (view, "history"))));
  n = g_list_model_get_n_items (history);
  g_test_message ("%s: %u orders", busiest, n);
  /* More than a page of orders: the last one is read on demand. */
  g_assert_cmpuint (n, >, 32);
  {
    g_autoptr(SegCustomerOrder) oldest = g_list_model_get_item (history, n - 1);
    g_autofree char *first = query_text (seg_window_get_project (window),
                                         "SELECT min (invoice_date) FROM orders WHERE customer_id = "
                                         "(SELECT customer_id FROM orders GROUP BY 1 ORDER BY count (*) DESC LIMIT 1)");

    g_assert_cmpstr (seg_customer_order_get_date (oldest), ==, first);
    g_assert_cmpstr (seg_customer_order_get_products (oldest), !=, "");
  }
  screenshot (GTK_WIDGET (window), "customer-1920.png");
  destroy_window (window);
}

/* A double-click on a row of customers, or of order lines, opens the
 * customer; on a row of products, nothing. */
static void
test_from_table_row (void)
{
  SegWindow *window = open_shop (1024, 700);
  SegDataPage *page = seg_window_get_data_page (window);
  GtkColumnView *view = seg_window_get_column_view (window);
  g_autoptr(SegRow) row = NULL;
  GListModel *model;

  seg_data_page_show_table (page, "customers");
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  row = g_list_model_get_item (model, 4);
  g_signal_emit_by_name (view, "activate", 4);
  g_assert_true (seg_window_get_customer_shown (window));
  wait_until (customer_loaded, window, 30);
  g_assert_cmpstr (seg_customer_view_get_key (seg_window_get_customer_view (window)), ==, seg_row_get_cell (row, 0));
  g_assert_nonnull (seg_customer_view_get_customer (seg_window_get_customer_view (window)));
  seg_window_hide_customer (window);
  g_clear_object (&row);

  seg_data_page_show_table (page, "orders");
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  row = g_list_model_get_item (model, 10);
  g_signal_emit_by_name (view, "activate", 10);
  g_assert_true (seg_window_get_customer_shown (window));
  wait_until (customer_loaded, window, 30);
  g_assert_cmpstr (seg_customer_view_get_key (seg_window_get_customer_view (window)), ==, seg_row_get_cell (row, 2));
  seg_window_hide_customer (window);

  seg_data_page_show_table (page, "products");
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_false (seg_window_get_customer_shown (window));

  destroy_window (window);
}

/* The map's point opens the customer it stands for. */
static void
test_from_map (void)
{
  SegWindow *window = open_shop (1024, 700);
  SegSegmentsPage *page = seg_window_get_segments_page (window);
  SegMapView *map;
  const SegRunPoints *points;
  SegCustomer *customer;

  seg_window_set_view (window, "segments");
  wait_until (page_idle, page, 60);
  map = seg_segments_page_get_map_view (page);
  points = seg_map_view_get_points (map);
  g_assert_nonnull (points);
  g_assert_nonnull (points->keys);
  g_assert_true (seg_map_view_activate_point (map, 7));
  g_assert_true (seg_window_get_customer_shown (window));
  wait_until (customer_loaded, window, 30);
  customer = seg_customer_view_get_customer (seg_window_get_customer_view (window));
  g_assert_nonnull (customer);
  g_assert_cmpstr (customer->key, ==, points->keys[7]);
  /* The map's cluster is the one the page names. */
  g_assert_cmpint (((SegCustomerCluster *) g_ptr_array_index (customer->clusters, 0))->cluster, ==,
                   points->labels[7] + 1);
  g_assert_false (seg_map_view_activate_point (map, points->n));

  /* Closing the project leaves the customer too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-project", NULL));
  g_assert_false (seg_window_get_customer_shown (window));
  g_assert_null (seg_customer_view_get_key (seg_window_get_customer_view (window)));

  destroy_window (window);
}

/* A key no table has: a clear message and a way back, the project as it
 * was. */
static void
test_unknown (void)
{
  SegWindow *window = open_shop (1024, 700);
  SegProject *project = seg_window_get_project (window);
  g_autofree char *before = project_state (project);
  g_autofree char *after = NULL;
  g_autofree char *shown = NULL;
  SegCustomerView *view = show_customer (window, "NOBODY-42");

  g_assert_null (seg_customer_view_get_customer (view));
  g_assert_nonnull (seg_customer_view_get_error (view));
  g_assert_nonnull (strstr (seg_customer_view_get_error (view), "NOBODY-42"));
  g_assert_nonnull (strstr (seg_customer_view_get_error (view), "customers"));
  shown = text_of (GTK_WIDGET (view));
  g_assert_nonnull (strstr (shown, "Customer Not Found"));
  /* Nobody to make an offer to. */
  g_assert_null (seg_customer_view_copy_offer (view));
  screenshot (GTK_WIDGET (window), "customer-unknown.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "customer.back", NULL));
  g_assert_false (seg_window_get_customer_shown (window));
  after = project_state (project);
  g_assert_cmpstr (after, ==, before);

  /* The next customer replaces the failed one. */
  show_customer (window, "C00001");
  g_assert_nonnull (seg_customer_view_get_customer (view));
  g_assert_null (seg_customer_view_get_error (view));

  /* Offers asked of a run that made none: said so, nothing changed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customer-in-run", "(sx)",
                                             "C00001", (gint64) 1));
  wait_until (customer_loaded, window, 30);
  g_assert_null (seg_customer_view_get_customer (view));
  g_assert_nonnull (strstr (seg_customer_view_get_error (view), "not a recommendation run"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customer-in-run", "(sx)",
                                             "C00001", (gint64) 2));
  wait_until (customer_loaded, window, 30);
  g_assert_cmpint (seg_customer_view_get_customer (view)->offers_run, ==, 2);
  g_clear_pointer (&after, g_free);
  after = project_state (project);
  g_assert_cmpstr (after, ==, before);

  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("segmenta-customer-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  test_dir = home;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  make_shop ();

  g_test_add_func ("/customer-view/cards", test_cards);
  g_test_add_func ("/customer-view/wide", test_wide);
  g_test_add_func ("/customer-view/from-table-row", test_from_table_row);
  g_test_add_func ("/customer-view/from-map", test_from_map);
  g_test_add_func ("/customer-view/unknown", test_unknown);

  status = g_test_run ();
  remove_tree (home);
  g_free (shop_path);
  return status;
}
