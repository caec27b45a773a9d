/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "seg-test-gui.h"
#include "seg-test-utils.h"
#include "seg-model-dialog.h"
#include "seg-predict-job.h"
#include "seg-window-private.h"

/*
 * The Predict page in its window, on the sample shop: the order lines
 * and their columns guessed, the question said back in words with its
 * cut-off, a prediction cancelled while its model fits (the project is
 * as it was), who buys again answered and listed highest first, a row
 * opening its customer, a target list written, the top tenth kept as a
 * segment, a Runs page request shown here, what each customer is worth,
 * and a table without dates refused in plain words. With
 * SEGMENTA_SCREENSHOTS set to a folder, the page is also saved there as
 * PNG images, for a person to look at.
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
  return !seg_predict_page_get_busy (data);
}

static gboolean
manager_busy (gpointer data)
{
  return seg_run_manager_get_busy (data);
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

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

/* The orders, spend and days since the last order of the first, a
 * middle and the last row, against SQL on the order lines bought, and
 * the same figures at the end of their line of the target list. */
static void
check_row_facts (SegProject  *project,
                 GListModel  *customers,
                 char       **lines)
{
  guint n = g_list_model_get_n_items (customers);

  g_assert_cmpuint (n, >, 2);
  for (guint k = 0; k < 3; k++)
    {
      guint i = k == 0 ? 0 : k == 1 ? n / 2 : n - 1;
      g_autoptr(SegPredictRow) row = g_list_model_get_item (customers, i);
      const char *key = seg_predict_row_get_key (row);
      g_auto(GStrv) cells = NULL;
      double orders, total, days, expected_orders, expected_total, expected_days;
      guint n_cells;

      query_customer_facts (project, key, &expected_orders, &expected_total, &expected_days);
      g_object_get (row, "orders", &orders, "total", &total, "days-since", &days, NULL);
      g_assert_cmpfloat (orders, ==, expected_orders);
      g_assert_cmpfloat_with_epsilon (total, expected_total, 1e-9 * MAX (1.0, fabs (expected_total)));
      g_assert_cmpfloat (days, ==, expected_days);

      cells = g_strsplit (g_strstrip (lines[i + 1]), ",", -1);
      n_cells = g_strv_length (cells);
      g_assert_cmpuint (n_cells, >=, 5);
      g_assert_cmpfloat (g_ascii_strtod (cells[n_cells - 3], NULL), ==, orders);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[n_cells - 2], NULL), total, 1e-9 * MAX (1.0, total));
      g_assert_cmpfloat (g_ascii_strtod (cells[n_cells - 1], NULL), ==, days);
    }
}

/* The list sorted by the column titled @title, most first: the
 * @property of its rows never grows. */
static void
check_sorted_by (SegPredictPage *page,
                 const char     *title,
                 const char     *property)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (view);
  GListModel *customers = seg_predict_page_get_customers (page);
  GtkColumnViewColumn *found = NULL;

  for (guint c = 0; c < g_list_model_get_n_items (columns) && found == NULL; c++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, c);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        found = column;
    }
  g_assert_nonnull (found);
  g_assert_true (gtk_column_view_column_get_visible (found));
  gtk_column_view_sort_by_column (view, found, GTK_SORT_DESCENDING);
  for (guint i = 1; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(SegPredictRow) a = g_list_model_get_item (customers, i - 1);
      g_autoptr(SegPredictRow) b = g_list_model_get_item (customers, i);
      double x, y;

      g_object_get (a, property, &x, NULL);
      g_object_get (b, property, &y, NULL);
      g_assert_cmpfloat (x, >=, y);
    }
}

static void
test_page (gconstpointer data)
{
  int width = GPOINTER_TO_INT (data);
  int height = width > 1024 ? 1000 : 700;
  gboolean wide = width > 1024;
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);
  g_autofree char *undated = g_build_filename (test_dir, "undated.csv", NULL);
  g_autofree char *target_path = g_build_filename (test_dir, "predicted.csv", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show_customer = g_simple_action_new ("show-customer", G_VARIANT_TYPE_STRING);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autofree char *shown_customer = NULL;
  g_autofree char *last = NULL;
  g_autofree char *cutoff = NULL;
  g_autofree char *day = NULL;
  g_autofree char *before = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  SegPredictPage *page;
  SegRunManager *manager;
  SegProject *project;
  GListModel *customers;
  gint64 n_customers, run, runs0;
  guint n;

  present_sample_shop (window, width, height);
  project = seg_window_get_project (window);
  manager = seg_window_get_run_manager (window);
  page = seg_window_get_predict_page (window);
  n_customers = query_int (project, "SELECT count (DISTINCT customer_id) FROM orders");
  /* The second window opens the sample shop the first left. */
  runs0 = count_runs (project);

  /* Alt+4 is this page, Runs moved to Alt+5. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "predict"));
  g_assert_cmpstr (seg_window_get_view (window), ==, "predict");
  settle ();

  /* The order lines and their columns, guessed from their names. */
  g_assert_cmpstr (seg_predict_page_get_column (page, "table"), ==, "orders");
  g_assert_cmpstr (seg_predict_page_get_column (page, "customer"), ==, "customer_id");
  g_assert_cmpstr (seg_predict_page_get_column (page, "date"), ==, "invoice_date");
  g_assert_cmpstr (seg_predict_page_get_column (page, "quantity"), ==, "quantity");
  g_assert_cmpstr (seg_predict_page_get_column (page, "price"), ==, "unit_price");
  g_assert_null (seg_predict_page_get_column (page, "amount"));

  /* The question in words names the cut-off: 30 days before the end. */
  last = query_text (project, "SELECT substr (max (invoice_date), 1, 10) FROM orders");
  cutoff = seg_predict_cutoff_before (last, 30);
  day = seg_predict_describe_day (cutoff);
  text = g_strdup_printf ("The cut-off is %s", day);
  g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), text));
  g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), "Buys again within 30 days of"));
  g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), "Days since the last order before"));
  g_clear_pointer (&text, g_free);
  /* A longer horizon moves the cut-off back. */
  seg_predict_page_set_horizon (page, 60);
  g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), "within 60 days of"));
  seg_predict_page_set_horizon (page, 30);
  screenshot (GTK_WIDGET (window), wide ? "predict-ask-wide.png" : "predict-ask.png");
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    screenshot (GTK_WIDGET (window), wide ? "predict-check-wide.png" : "predict-check.png");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* Choose Model…: the shared dialog, on the labelled table, with the
   * question's model and its inputs; closed, it leaves nothing. */
  before = project_state (project);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.choose", NULL));
  wait_until (model_dialog_open, NULL, 60);
  {
    SegModelDialog *dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
    g_auto(GStrv) features = NULL;
    g_autofree char *target_column = NULL;

    g_assert_cmpint (seg_model_dialog_get_kind (dialog), ==, SEG_MODEL_KIND_CLASSIFICATION);
    g_assert_cmpstr (seg_model_get_id (seg_model_dialog_get_model (dialog)), ==, "logistic");
    g_object_get (seg_model_dialog_get_model (dialog), "target", &target_column, "features", &features, NULL);
    g_assert_cmpstr (target_column, ==, "target");
    g_assert_true (g_strv_contains ((const char *const *) features, "recency"));
    g_assert_true (seg_model_dialog_get_can_run (dialog));
    screenshot (GTK_WIDGET (dialog), wide ? "predict-dialog-wide.png" : "predict-dialog.png");
    gtk_window_close (GTK_WINDOW (dialog));
  }
  wait_until (page_idle, page, 30);
  settle ();
  assert_project_as_before (project, before, runs0);

  /* Cancelled while the model fits: no run, no table, as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.run", NULL));
  g_assert_true (seg_predict_page_get_busy (page));
  wait_until (manager_busy, manager, 60);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.cancel", NULL));
  wait_until (page_idle, page, 60);
  settle ();
  assert_project_as_before (project, before, runs0);

  /* Who buys again: the customers as of the last order, highest first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.run", NULL));
  wait_until (page_idle, page, 120);
  settle ();
  run = seg_predict_page_get_shown_run (page);
  g_assert_cmpint (run, >, 0);
  g_assert_cmpint (count_runs (project), ==, runs0 + 1);
  customers = seg_predict_page_get_customers (page);
  n = g_list_model_get_n_items (customers);
  g_assert_cmpint (n, ==, n_customers);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(SegPredictRow) a = g_list_model_get_item (customers, i - 1);
      g_autoptr(SegPredictRow) b = g_list_model_get_item (customers, i);

      g_assert_cmpfloat (seg_predict_row_get_prediction (a), >=, seg_predict_row_get_prediction (b));
    }
  {
    g_autoptr(SegPredictRow) first = g_list_model_get_item (customers, 0);

    g_assert_cmpfloat (seg_predict_row_get_prediction (first), >, 0.0);
    g_assert_cmpfloat (seg_predict_row_get_prediction (first), <=, 1.0);
    /* The customers table gives names. */
    g_assert_nonnull (seg_predict_row_get_name (first));
  }
  g_assert_nonnull (strstr (seg_predict_page_get_answer (page), "likely to buy again in the next 30 days"));
  g_assert_nonnull (strstr (seg_predict_page_get_answer (page), "0.5 is a coin toss"));
  screenshot (GTK_WIDGET (window), wide ? "predict-customers-wide.png" : "predict-customers.png");

  /* A row opens its customer. */
  g_signal_connect (show_customer, "activate", G_CALLBACK (on_show_customer), &shown_customer);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show_customer));
  gtk_widget_insert_action_group (GTK_WIDGET (page), "win", G_ACTION_GROUP (group));
  g_signal_emit_by_name (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW), "activate", 0);
  {
    g_autoptr(SegPredictRow) first = g_list_model_get_item (customers, 0);

    g_assert_cmpstr (shown_customer, ==, seg_predict_row_get_key (first));
  }
  gtk_widget_insert_action_group (GTK_WIDGET (page), "win", NULL);

  /* The target list: a header and every customer, in the list's order. */
  g_assert_true (seg_predict_page_export (page, target, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_true (g_str_has_suffix (g_strstrip (lines[0]),
                                   "customer,customer_name,chance,orders,total_spent,days_since_last_order"));
  g_assert_cmpuint (g_strv_length (lines), >=, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SegPredictRow) row = g_list_model_get_item (customers, i);
      g_autofree char *start = g_strconcat (seg_predict_row_get_key (row), ",", NULL);

      g_assert_true (g_str_has_prefix (lines[i + 1], start));
    }
  for (guint i = n + 1; lines[i] != NULL; i++)
    g_assert_cmpstr (g_strstrip (lines[i]), ==, "");
  check_row_facts (project, customers, lines);

  /* Each fact sorts the list; then back to the likeliest first. */
  check_sorted_by (page, "Orders So Far", "orders");
  check_sorted_by (page, "Spent So Far", "total");
  check_sorted_by (page, "Since Last Order", "days-since");
  check_sorted_by (page, "Chance of Buying Again", "prediction");

  /* The top tenth as a segment: a tenth of the customers, rounded up,
   * the most likely ones. */
  g_assert_cmpuint (seg_predict_page_count_top (page, 10, TRUE), ==, (guint) ceil (n / 10.0));
  segment = seg_predict_page_save_top (page, wide ? "Likely to come back (wide)" : "Likely to come back", 10, TRUE,
                                       &error);
  g_assert_no_error (error);
  g_assert_nonnull (segment);
  g_assert_cmpint (seg_segment_get_size (segment), ==, (gint64) ceil (n / 10.0));
  {
    g_autoptr(SegPredictRow) first = g_list_model_get_item (customers, 0);
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM seg_segment_members WHERE segment_id = %" G_GINT64_FORMAT
                                            " AND key = '%s'", seg_segment_get_id (segment),
                                            seg_predict_row_get_key (first));

    g_assert_cmpint (query_int (project, sql), ==, 1);
  }
  g_clear_object (&segment);
  segment = seg_predict_page_save_top (page, wide ? "Top twelve (wide)" : "Top twelve", 12, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seg_segment_get_size (segment), ==, 12);

  /* The Runs page shows a prediction run here. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.ask", NULL));
  seg_window_set_view (window, "runs");
  g_signal_emit_by_name (seg_window_get_runs_page (window), "show-run", run);
  g_assert_cmpstr (seg_window_get_view (window), ==, "predict");
  g_assert_cmpint (seg_predict_page_get_shown_run (page), ==, run);
  g_assert_cmpuint (g_list_model_get_n_items (customers), ==, n);

  /* What each customer is worth: the lifetime value, in months. */
  if (!wide)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.ask", NULL));
      seg_predict_page_set_question (page, SEG_PREDICT_QUESTION_WORTH);
      g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), "12 months"));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.run", NULL));
      wait_until (page_idle, page, 120);
      settle ();
      g_assert_cmpint (seg_predict_page_get_shown_run (page), ==, run + 1);
      g_assert_cmpint (g_list_model_get_n_items (customers), ==, n_customers);
      for (guint i = 1; i < g_list_model_get_n_items (customers); i++)
        {
          g_autoptr(SegPredictRow) a = g_list_model_get_item (customers, i - 1);
          g_autoptr(SegPredictRow) b = g_list_model_get_item (customers, i);

          g_assert_cmpfloat (seg_predict_row_get_clv (a), >=, seg_predict_row_get_clv (b));
        }
      g_assert_nonnull (strstr (seg_predict_page_get_answer (page), "over the next 12 months"));
      {
        g_autofree char *worth = NULL;
        g_auto(GStrv) worth_lines = NULL;

        g_assert_true (seg_predict_page_export (page, target, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (target_path, &worth, NULL, NULL));
        worth_lines = g_strsplit (worth, "\n", -1);
        g_assert_true (g_str_has_suffix (g_strstrip (worth_lines[0]), "lifetime_value,orders,total_spent,"
                                                                       "days_since_last_order"));
        check_row_facts (project, customers, worth_lines);
      }
      screenshot (GTK_WIDGET (window), "predict-worth.png");

      /* What each customer spends: money, biggest spenders first, and a
       * target list that says so. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.ask", NULL));
      seg_predict_page_set_question (page, SEG_PREDICT_QUESTION_SPEND);
      g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), "Spend within 30 days of"));
      /* With the customers' details to learn from too, said in words. */
      g_assert_null (seg_predict_page_get_column (page, "details"));
      g_assert_true (seg_predict_page_set_column (page, "details", "customers"));
      g_assert_cmpstr (seg_predict_page_get_column (page, "details"), ==, "customers");
      g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), "The columns of the table “customers”"));
      g_assert_false (seg_predict_page_set_column (page, "details", "orders"));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.run", NULL));
      wait_until (page_idle, page, 120);
      settle ();
      g_assert_cmpint (seg_predict_page_get_shown_run (page), ==, run + 2);
      {
        g_autoptr(SegRunRecord) spend_run = seg_project_get_run (seg_window_get_project (window), run + 2, NULL);
        g_autofree char *sql = NULL;

        g_assert_nonnull (spend_run);
        sql = g_strdup_printf ("SELECT count (*) FROM pragma_table_info ('%s') WHERE name IN ('channel', 'city', 'previous')",
                               spend_run->input_table);
        g_assert_cmpint (query_int (seg_window_get_project (window), sql), ==, 3);
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (spend_run->metrics), "baseline"), ==, "previous");
      }
      g_assert_cmpint (g_list_model_get_n_items (customers), ==, n_customers);
      g_assert_nonnull (strstr (seg_predict_page_get_answer (page), "expected to spend"));
      {
        g_autoptr(SegPredictRow) first = g_list_model_get_item (customers, 0);
        g_autoptr(SegPredictRow) second = g_list_model_get_item (customers, 1);
        g_autofree char *spend = NULL;

        g_assert_cmpfloat (seg_predict_row_get_prediction (first), >=, seg_predict_row_get_prediction (second));
        g_assert_true (seg_predict_page_export (page, target, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (target_path, &spend, NULL, NULL));
        g_assert_nonnull (strstr (spend, "customer,customer_name,expected_spend"));
      }
      screenshot (GTK_WIDGET (window), "predict-spend.png");
      seg_predict_page_set_question (page, SEG_PREDICT_QUESTION_BUYS_AGAIN);
    }

  /* Order lines without dates: a clear message, and nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.ask", NULL));
  g_assert_true (g_file_set_contents (undated, "customer_id,quantity,unit_price\nC00001,1,2.5\nC00002,3,1\n", -1, NULL));
  /* The wide window opens the project the first left, with the table. */
  if (!seg_project_has_table (project, "undated"))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", undated));
      wait_until (not_busy, window, 30);
      settle ();
    }
  g_assert_true (seg_predict_page_set_column (page, "table", "undated"));
  g_assert_null (seg_predict_page_get_column (page, "date"));
  g_assert_nonnull (strstr (seg_predict_page_get_check_text (page), "no column of dates"));
  g_clear_pointer (&before, g_free);
  before = project_state (project);
  run = count_runs (project);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "predict.run", NULL));
  wait_until (has_message_dialog, NULL, 10);
  {
    AdwMessageDialog *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no column of dates"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "choose the column with each order’s day"));
    screenshot (GTK_WIDGET (dialog), wide ? "predict-no-dates-wide.png" : "predict-no-dates.png");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  g_assert_false (seg_predict_page_get_busy (page));
  assert_project_as_before (project, before, run);

  /* The window never widens itself. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);

  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = make_test_home ("segmenta-predict-XXXXXX");
  int status;

  test_dir = home;

  /* Under a Chinese locale, the page as a Chinese reader sees it. */
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_data_func ("/predict-page/questions", GINT_TO_POINTER (1024), test_page);
  g_test_add_data_func ("/predict-page/questions-wide", GINT_TO_POINTER (1600), test_page);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
