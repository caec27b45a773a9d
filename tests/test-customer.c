/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "seg-customer.h"
#include "seg-error.h"
#include "seg-measure.h"
#include "seg-model.h"
#include "seg-profile.h"
#include "seg-recommender-model.h"
#include "seg-rfm.h"
#include "seg-run.h"
#include "seg-run-record.h"
#include "seg-test-utils.h"

/*
 * One customer's facts on the sample shop, each part checked against the
 * project's tables read directly.
 */

static const char *const customer_key = "C00002";

static void
import_sample (ProjectFixture *fixture,
               const char     *name)
{
  g_autofree char *file = g_strdup_printf ("%s.csv", name);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", file, NULL);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  seg_importer_set_table_name (importer, name);
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
}

/* The sample shop, scored, segmented in four and with offers of the best
 * sellers. */
static void
sample_shop (ProjectFixture *fixture)
{
  static const char *const columns[] = { "recency", "frequency", "monetary", NULL };
  SegRfmOptions options = {
    .orders = "orders", .customer = "customer_id", .date = "invoice_date",
    .quantity = "quantity", .price = "unit_price", .invoice = "invoice",
  };
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(SegModel) kmeans = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) popular = seg_model_new_for_id ("item-knn", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) offers = NULL;
  g_autoptr(GError) error = NULL;

  import_sample (fixture, "customers");
  import_sample (fixture, "products");
  import_sample (fixture, "orders");

  summary = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);

  run = seg_run_new (fixture->project, kmeans, summary->table, columns);
  g_object_set (seg_run_get_model (run), "k", 4, "key", "customer", "seed", (guint64) 3, NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  g_object_set (popular, "table", "orders", "user", "customer_id", "item", "sku", "date", "invoice_date",
                "items-table", "products", "item-key", "sku", "item-name", "name_en", NULL);
  offers = seg_run_new_for_model (fixture->project, popular);
  g_assert_true (seg_run_execute (offers, NULL, &error));
  g_assert_no_error (error);
}

static void
test_contact (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(SegCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *city = NULL;
  g_autofree char *display = NULL;

  sample_shop (fixture);
  customer = seg_project_get_customer (fixture->project, customer_key, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (customer);

  name = query_text (fixture->project, "SELECT name FROM customers WHERE customer_id = 'C00002'");
  email = query_text (fixture->project, "SELECT email FROM customers WHERE customer_id = 'C00002'");
  city = query_text (fixture->project, "SELECT city FROM customers WHERE customer_id = 'C00002'");
  g_assert_cmpstr (customer->customers_table, ==, "customers");
  g_assert_cmpstr (customer->key_column, ==, "customer_id");
  g_assert_cmpstr (customer->name, ==, name);
  g_assert_cmpstr (customer->email, ==, email);
  g_assert_cmpstr (customer->city, ==, city);
  g_assert_null (customer->phone);
  g_assert_cmpuint (customer->fields->len, ==, query_int (fixture->project,
                                                          "SELECT count (*) FROM pragma_table_info ('customers')"));
  display = seg_customer_get_display_name (customer);
  g_assert_true (g_str_has_prefix (display, name));
  g_assert_nonnull (strstr (display, customer_key));

  /* The order lines found as the offers read them. */
  g_assert_cmpstr (customer->orders_table, ==, "orders");
  g_assert_cmpstr (customer->customer_column, ==, "customer_id");
  g_assert_cmpstr (customer->item_column, ==, "sku");
  g_assert_cmpstr (customer->date_column, ==, "invoice_date");
  g_assert_cmpstr (customer->invoice_column, ==, "invoice");
  g_assert_cmpstr (customer->products_table, ==, "products");
}

static void
test_rfm_and_clusters (ProjectFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(SegCustomer) customer = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *segment = NULL;
  g_autofree char *result = NULL;
  g_autofree char *sql = NULL;
  SegCustomerRfm *rfm;
  SegCustomerCluster *cluster;
  gint64 expected_cluster;

  sample_shop (fixture);
  customer = seg_project_get_customer (fixture->project, customer_key, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (customer->rfm->len, ==, 1);
  rfm = g_ptr_array_index (customer->rfm, 0);
  segment = query_text (fixture->project, "SELECT segment FROM rfm WHERE customer = 'C00002'");
  g_assert_cmpstr (rfm->segment, ==, segment);
  g_assert_cmpint (rfm->recency, ==, query_int (fixture->project, "SELECT recency FROM rfm WHERE customer = 'C00002'"));
  g_assert_cmpint (rfm->frequency, ==, query_int (fixture->project, "SELECT frequency FROM rfm WHERE customer = 'C00002'"));
  g_assert_cmpint (rfm->r_score, ==, query_int (fixture->project, "SELECT r_score FROM rfm WHERE customer = 'C00002'"));
  g_assert_cmpint (rfm->f_score, ==, query_int (fixture->project, "SELECT f_score FROM rfm WHERE customer = 'C00002'"));
  g_assert_cmpint (rfm->m_score, ==, query_int (fixture->project, "SELECT m_score FROM rfm WHERE customer = 'C00002'"));
  g_assert_cmpint (rfm->r_score, >=, 1);
  g_assert_cmpint (rfm->r_score, <=, 5);
  /* The frequency of the scores is the orders of the history. */
  g_assert_cmpint (rfm->frequency, ==, customer->orders);
  g_assert_cmpfloat_with_epsilon (rfm->monetary, customer->spend, 1e-6);

  g_assert_cmpuint (customer->clusters->len, ==, 1);
  cluster = g_ptr_array_index (customer->clusters, 0);
  g_assert_cmpint (cluster->run, ==, 1);
  result = query_text (fixture->project, "SELECT json_extract (result_tables, '$[0]') FROM seg_runs WHERE id = 1");
  sql = g_strdup_printf ("SELECT cluster FROM \"%s\" WHERE customer = 'C00002'", result);
  expected_cluster = query_int (fixture->project, sql);
  g_assert_cmpint (cluster->cluster, ==, expected_cluster);
  profile = seg_project_profile_full (fixture->project, 1, NULL, FALSE, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < profile->clusters->len; c++)
    {
      SegClusterProfile *described = g_ptr_array_index (profile->clusters, c);

      if (described->cluster == cluster->cluster)
        g_assert_cmpstr (cluster->name, ==, described->name);
    }
  g_assert_nonnull (cluster->name);
}

static void
test_history (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(SegCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *history;
  g_autofree char *newest = NULL;
  g_autofree char *oldest = NULL;
  gint64 orders, bought, lines;
  double spend = 0;
  double net = 0;
  double total = 0;
  guint n_lines = 0;

  sample_shop (fixture);
  customer = seg_project_get_customer (fixture->project, customer_key, 0, &error);
  g_assert_no_error (error);

  orders = query_int (fixture->project, "SELECT count (DISTINCT invoice) FROM orders WHERE customer_id = 'C00002'");
  bought = query_int (fixture->project, "SELECT count (DISTINCT invoice) FROM orders WHERE customer_id = 'C00002'"
                      " AND quantity * unit_price > 0");
  lines = query_int (fixture->project, "SELECT count (*) FROM orders WHERE customer_id = 'C00002'");
  {
    g_autofree char *text = query_text (fixture->project,
                                        "SELECT sum (quantity * unit_price) FROM orders WHERE customer_id = 'C00002'"
                                        " AND quantity * unit_price > 0");
    g_autofree char *net_text = query_text (fixture->project,
                                            "SELECT sum (quantity * unit_price) FROM orders WHERE customer_id = 'C00002'");
    spend = g_ascii_strtod (text, NULL);
    net = g_ascii_strtod (net_text, NULL);
  }
  /* This customer returned something once. */
  g_assert_cmpint (orders, >, bought);
  g_assert_cmpint (customer->orders, ==, bought);
  g_assert_cmpint (customer->returns, ==, orders - bought);
  g_assert_cmpint (customer->lines, ==, lines);
  g_assert_cmpfloat_with_epsilon (customer->spend, spend, 1e-6);
  g_assert_cmpfloat_with_epsilon (customer->spend - customer->returned, net, 1e-6);
  newest = query_text (fixture->project, "SELECT max (invoice_date) FROM orders WHERE customer_id = 'C00002'");
  oldest = query_text (fixture->project, "SELECT min (invoice_date) FROM orders WHERE customer_id = 'C00002'");
  g_assert_cmpstr (customer->last_order, ==, newest);
  g_assert_cmpstr (customer->first_order, ==, oldest);

  history = G_LIST_MODEL (customer->history);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, orders);
  g_assert_true (g_list_model_get_item_type (history) == SEG_TYPE_CUSTOMER_ORDER);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(SegCustomerOrder) order = g_list_model_get_item (history, i);
      g_autofree char *sql = g_strdup_printf ("SELECT sum (quantity * unit_price) FROM orders WHERE invoice = '%s'",
                                              seg_customer_order_get_invoice (order));
      g_autofree char *expected = query_text (fixture->project, sql);
      g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM orders WHERE invoice = '%s'",
                                                    seg_customer_order_get_invoice (order));

      g_assert_cmpfloat_with_epsilon (seg_customer_order_get_total (order), g_ascii_strtod (expected, NULL), 1e-6);
      g_assert_cmpint (seg_customer_order_get_n_lines (order), ==, query_int (fixture->project, count_sql));
      /* Products by name, with quantities. */
      g_assert_nonnull (strstr (seg_customer_order_get_products (order), " × "));
      /* Whole quantities are whole numbers. */
      g_assert_null (strstr (seg_customer_order_get_products (order), ".00 ×"));
      g_assert_null (strstr (seg_customer_order_get_products (order), "TEA-"));
      if (i == 0)
        g_assert_cmpstr (seg_customer_order_get_date (order), ==, newest);
      if (i > 0)
        {
          g_autoptr(SegCustomerOrder) before = g_list_model_get_item (history, i - 1);

          g_assert_cmpstr (seg_customer_order_get_date (before), >=, seg_customer_order_get_date (order));
        }
      total += seg_customer_order_get_total (order);
      n_lines += seg_customer_order_get_n_lines (order);
    }
  g_assert_null (g_list_model_get_item (history, orders));
  g_assert_cmpfloat_with_epsilon (total, net, 1e-6);
  g_assert_cmpuint (n_lines, ==, lines);
}

static void
test_quantity (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 1, "1" }, { 12, "12" }, { -3, "-3" }, { 0, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = seg_customer_format_quantity (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *text = seg_customer_format_quantity (1.25);

    g_assert_nonnull (strstr (text, "1.25"));
  }
}

static void
test_products (ProjectFixture *fixture,
               gconstpointer   data)
{
  g_autoptr(SegCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *top = NULL;
  g_autofree char *top_spend = NULL;
  SegCustomerProduct *product;

  sample_shop (fixture);
  customer = seg_project_get_customer (fixture->project, customer_key, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpint (customer->products->len, ==,
                   query_int (fixture->project, "SELECT count (DISTINCT sku) FROM orders WHERE customer_id = 'C00002'"));
  top = query_text (fixture->project,
                    "SELECT sku || ':' || count (DISTINCT invoice) || ':' || sum (quantity) FROM orders"
                    " WHERE customer_id = 'C00002' GROUP BY sku"
                    " ORDER BY count (DISTINCT invoice) DESC, count (*) DESC, sku LIMIT 1");
  product = g_ptr_array_index (customer->products, 0);
  {
    g_autofree char *ours = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%.0f", product->item, product->orders, product->quantity);

    g_assert_cmpstr (ours, ==, top);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT name_en FROM products WHERE sku = '%s'", product->item);
    g_autofree char *name = query_text (fixture->project, sql);

    g_assert_cmpstr (product->name, ==, name);
  }
  top_spend = query_text (fixture->project,
                          "SELECT sku FROM orders WHERE customer_id = 'C00002' GROUP BY sku"
                          " ORDER BY sum (quantity * unit_price) DESC LIMIT 1");
  product = g_ptr_array_index (customer->products_by_spend, 0);
  g_assert_cmpstr (product->item, ==, top_spend);
  for (guint i = 1; i < customer->products_by_spend->len; i++)
    g_assert_cmpfloat (((SegCustomerProduct *) g_ptr_array_index (customer->products_by_spend, i - 1))->spend, >=,
                       ((SegCustomerProduct *) g_ptr_array_index (customer->products_by_spend, i))->spend);
}

static void
test_offers (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(SegCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  SegOffer *offer;

  sample_shop (fixture);
  customer = seg_project_get_customer (fixture->project, customer_key, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpint (customer->offers_run, ==, 2);
  result = query_text (fixture->project, "SELECT json_extract (result_tables, '$[0]') FROM seg_runs WHERE id = 2");
  sql = g_strdup_printf ("SELECT count (*) FROM \"%s\" WHERE customer = 'C00002'", result);
  g_assert_cmpint (customer->offers->len, ==, query_int (fixture->project, sql));
  g_assert_cmpuint (customer->offers->len, >=, 3);
  g_free (sql);
  sql = g_strdup_printf ("SELECT item || '|' || item_name || '|' || reason FROM \"%s\" WHERE customer = 'C00002' ORDER BY rank LIMIT 1",
                         result);
  first = query_text (fixture->project, sql);
  offer = g_ptr_array_index (customer->offers, 0);
  {
    g_autofree char *ours = g_strdup_printf ("%s|%s|%s", offer->item, offer->item_name, offer->reason);

    g_assert_cmpstr (ours, ==, first);
  }

  /* The offer to paste: who, then three products with their reasons. */
  text = seg_customer_format_offer (customer, 3);
  g_test_message ("%s", text);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_nonnull (strstr (lines[0], customer->name));
  for (guint i = 0; i < 3; i++)
    {
      SegOffer *o = g_ptr_array_index (customer->offers, i);

      g_assert_nonnull (strstr (lines[1 + i], o->item_name));
      g_assert_nonnull (strstr (lines[1 + i], o->reason));
    }
  g_assert_cmpstr (lines[4], ==, "");

  /* A run asked for by id that made no offers is refused. */
  g_clear_pointer (&customer, seg_customer_free);
  g_assert_null (seg_project_get_customer (fixture->project, customer_key, 1, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
}

static void
test_unknown (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *column = NULL;

  /* An empty project has nowhere to look. */
  g_assert_null (seg_project_get_customer (fixture->project, "C00001", 0, &error));
  g_assert_error (error, SEG_CUSTOMER_ERROR, SEG_CUSTOMER_ERROR_NO_DATA);
  g_clear_error (&error);

  sample_shop (fixture);
  before = project_state (fixture->project);
  g_assert_null (seg_project_get_customer (fixture->project, "NOBODY", 0, &error));
  g_assert_error (error, SEG_CUSTOMER_ERROR, SEG_CUSTOMER_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "NOBODY"));
  g_assert_nonnull (strstr (error->message, "customers"));
  g_clear_error (&error);
  g_assert_null (seg_project_get_customer (fixture->project, "' OR 1=1 --", 0, &error));
  g_assert_error (error, SEG_CUSTOMER_ERROR, SEG_CUSTOMER_ERROR_UNKNOWN);
  g_clear_error (&error);
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);

  /* Which tables' rows name a customer, and by which column. */
  column = seg_project_find_customer_key_column (fixture->project, "customers");
  g_assert_cmpstr (column, ==, "customer_id");
  g_clear_pointer (&column, g_free);
  column = seg_project_find_customer_key_column (fixture->project, "orders");
  g_assert_cmpstr (column, ==, "customer_id");
  g_clear_pointer (&column, g_free);
  column = seg_project_find_customer_key_column (fixture->project, "rfm");
  g_assert_cmpstr (column, ==, "customer");
  g_clear_pointer (&column, g_free);
  g_assert_null (seg_project_find_customer_key_column (fixture->project, "products"));
  g_assert_null (seg_project_find_customer_key_column (fixture->project, "nothing"));
}

/* A shop whose columns are named in Chinese, with amounts per line and
 * no invoice: the orders are the customer's days. */
static void
test_chinese_columns (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(SegImportSummary) people = NULL;
  g_autoptr(SegImportSummary) lines = NULL;
  g_autoptr(SegImportSummary) goods = NULL;
  g_autoptr(SegCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  SegCustomerProduct *top;

  people = import_text (fixture, "客户",
                        "客户编号,姓名,手机,城市,邮箱\n"
                        "K1,张伟,13800000001,杭州,zw@example.com\n"
                        "K2,李娜,13800000002,上海,ln@example.com\n", -1, &error);
  g_assert_no_error (error);
  lines = import_text (fixture, "订单",
                       "客户编号,商品,日期,金额\n"
                       "K1,P1,2024-03-01,10.5\n"
                       "K1,P2,2024-03-01,20\n"
                       "K1,P1,2024-04-02,10.5\n"
                       "K2,P2,2024-04-03,20\n"
                       "K1,P3,2024-05-09,-5\n", -1, &error);
  g_assert_no_error (error);
  goods = import_text (fixture, "商品表", "商品,商品名称\nP1,龙井\nP2,茶壶\nP3,茶杯\n", -1, &error);
  g_assert_no_error (error);

  customer = seg_project_get_customer (fixture->project, "K1", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customer->customers_table, ==, "客户");
  g_assert_cmpstr (customer->key_column, ==, "客户编号");
  g_assert_cmpstr (customer->name, ==, "张伟");
  g_assert_cmpstr (customer->phone, ==, "13800000001");
  g_assert_cmpstr (customer->city, ==, "杭州");
  g_assert_cmpstr (customer->email, ==, "zw@example.com");
  g_assert_cmpstr (customer->orders_table, ==, "订单");
  g_assert_cmpstr (customer->item_column, ==, "商品");
  g_assert_cmpstr (customer->date_column, ==, "日期");
  g_assert_null (customer->invoice_column);
  g_assert_cmpstr (customer->products_table, ==, "商品表");
  /* Three days, one of them only a return. */
  g_assert_cmpint (customer->orders, ==, 2);
  g_assert_cmpint (customer->returns, ==, 1);
  g_assert_cmpint (customer->lines, ==, 4);
  g_assert_cmpfloat_with_epsilon (customer->spend, 41.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (customer->returned, 5.0, 1e-9);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (customer->history)), ==, 3);
  {
    g_autoptr(SegCustomerOrder) newest = g_list_model_get_item (G_LIST_MODEL (customer->history), 0);
    g_autoptr(SegCustomerOrder) first = g_list_model_get_item (G_LIST_MODEL (customer->history), 2);

    g_assert_cmpstr (seg_customer_order_get_date (newest), ==, "2024-05-09");
    g_assert_cmpfloat (seg_customer_order_get_total (newest), ==, -5.0);
    g_assert_cmpstr (seg_customer_order_get_products (newest), ==, "茶杯");
    g_assert_cmpuint (seg_customer_order_get_n_lines (first), ==, 2);
    g_assert_cmpfloat_with_epsilon (seg_customer_order_get_total (first), 30.5, 1e-9);
  }
  top = g_ptr_array_index (customer->products, 0);
  g_assert_cmpstr (top->item, ==, "P1");
  g_assert_cmpstr (top->name, ==, "龙井");
  g_assert_cmpint (top->orders, ==, 2);
  g_assert_true (isnan (top->quantity));
  g_assert_cmpfloat_with_epsilon (top->spend, 21.0, 1e-9);
  /* No recommendation run: no offers, and a text that says so. */
  g_assert_cmpint (customer->offers_run, ==, 0);
  g_assert_cmpuint (customer->offers->len, ==, 0);
}

static void
on_customer (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SegCustomer **out = data;
  g_autoptr(GError) error = NULL;

  *out = seg_project_get_customer_finish (SEG_PROJECT (source), result, &error);
  g_assert_no_error (error);
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_null (seg_project_get_customer_finish (SEG_PROJECT (source), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

/* In a worker, the same facts; cancelled, none. */
static void
test_async (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_autoptr(SegCustomer) sync = NULL;
  SegCustomer *async = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTimer) timer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  sample_shop (fixture);
  timer = g_timer_new ();
  sync = seg_project_get_customer (fixture->project, customer_key, 0, &error);
  g_assert_no_error (error);
  g_test_message ("One customer of 50,884 order lines gathered in %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  seg_project_get_customer_async (fixture->project, customer_key, 0, NULL, on_customer, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (async->orders, ==, sync->orders);
  g_assert_cmpfloat (async->spend, ==, sync->spend);
  g_assert_cmpstr (async->name, ==, sync->name);
  g_assert_cmpuint (async->offers->len, ==, sync->offers->len);
  g_assert_cmpuint (async->clusters->len, ==, sync->clusters->len);
  {
    g_autoptr(SegCustomerOrder) order = g_list_model_get_item (G_LIST_MODEL (async->history), 0);
    g_autoptr(SegCustomerOrder) expected = g_list_model_get_item (G_LIST_MODEL (sync->history), 0);

    g_assert_cmpstr (seg_customer_order_get_products (order), ==, seg_customer_order_get_products (expected));
  }
  seg_customer_free (async);

  seg_project_get_customer_async (fixture->project, customer_key, 0, cancellable, on_cancelled, &done);
  g_cancellable_cancel (cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* The workers let go of the project once their tasks are done, as
   * does a history once freed. */
  g_clear_pointer (&sync, seg_customer_free);
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (G_OBJECT (fixture->project)->ref_count > 1)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)
  g_test_add_func ("/customer/quantity", test_quantity);
  ADD ("/customer/contact", test_contact);
  ADD ("/customer/rfm-and-clusters", test_rfm_and_clusters);
  ADD ("/customer/history", test_history);
  ADD ("/customer/products", test_products);
  ADD ("/customer/offers", test_offers);
  ADD ("/customer/unknown", test_unknown);
  ADD ("/customer/chinese-columns", test_chinese_columns);
  ADD ("/customer/async", test_async);
#undef ADD

  return g_test_run ();
}
