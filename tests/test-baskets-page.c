/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "seg-test-gui.h"
#include "seg-test-utils.h"
#include "seg-model-dialog.h"
#include "seg-rule-row.h"
#include "seg-rules-chart.h"
#include "seg-window-private.h"

/*
 * The Baskets page in its window, on the sample shop: what a basket and
 * an item are, guessed and said back in words; the shared model dialog
 * opened and closed leaving nothing; a run cancelled leaving the project
 * as it was; the rules found, sorted by every measure, kept to a search
 * and without the redundant ones; the scatter and the matrix naming the
 * rule under the pointer and selecting with the table; the customers to
 * target for a rule, written to a file and kept as a segment; bundles;
 * an item's own view. With SEGMENTA_SCREENSHOTS set to a folder, the
 * page is saved there as PNG images, for a person to look at.
 */

static char *test_dir;

static gboolean
page_idle (gpointer data)
{
  return !seg_baskets_page_get_busy (data);
}

static gboolean
settings_hidden (gpointer data)
{
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_first_child (gtk_widget_get_first_child (data)));

  return !gtk_revealer_get_child_revealed (revealer) && !gtk_widget_get_child_visible (gtk_revealer_get_child (revealer));
}

static GtkWidget *
find_settings_toggle (gpointer page)
{
  GtkWidget *stack = gtk_widget_get_last_child (gtk_widget_get_first_child (page));
  GtkWidget *rules = gtk_stack_get_child_by_name (GTK_STACK (stack), "rules");

  /* The first button of the rules' header row. */
  return gtk_widget_get_first_child (gtk_widget_get_first_child (rules));
}

static SegRuleRow *
rule_at (SegBasketsPage *page,
         guint           i)
{
  return g_list_model_get_item (seg_baskets_page_get_rules (page), i);
}

/* Sorted by @measure, most first: it never grows down the table. */
static void
check_sorted (SegBasketsPage *page,
              const char     *measure)
{
  GListModel *rules = seg_baskets_page_get_rules (page);
  guint n = g_list_model_get_n_items (rules);

  seg_baskets_page_sort_by (page, measure, TRUE);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(SegRuleRow) a = rule_at (page, i - 1);
      g_autoptr(SegRuleRow) b = rule_at (page, i);
      GValue x = G_VALUE_INIT, y = G_VALUE_INIT;

      g_object_get_property (G_OBJECT (a), measure, &x);
      g_object_get_property (G_OBJECT (b), measure, &y);
      if (G_VALUE_HOLDS_UINT64 (&x))
        g_assert_cmpuint (g_value_get_uint64 (&x), >=, g_value_get_uint64 (&y));
      else
        g_assert_cmpfloat (g_value_get_double (&x), >=, g_value_get_double (&y));
      g_value_unset (&x);
      g_value_unset (&y);
    }
}

/* The chart names the rule at @position when the pointer is on it. */
static void
check_hover (SegBasketsPage *page,
             const char     *view,
             guint           position)
{
  SegRulesChart *chart = SEG_RULES_CHART (seg_baskets_page_get_chart (page, view));
  g_autoptr(SegRuleRow) row = rule_at (page, position);
  g_autofree char *expected = seg_rule_row_describe (row);
  g_autofree char *said = NULL;
  double x, y;

  seg_baskets_page_show_view (page, view);
  settle ();
  g_assert_true (seg_rules_chart_rule_point (chart, position, &x, &y));
  seg_rules_chart_hover (chart, x, y);
  said = seg_rules_chart_describe_at (chart, x, y);
  /* Rules on the very same spot are one point: the pointer names one. */
  if (seg_rules_chart_get_hovered (chart) != position)
    {
      g_autoptr(SegRuleRow) other = rule_at (page, seg_rules_chart_get_hovered (chart));

      g_assert_cmpfloat (seg_rule_row_get_support (other), ==, seg_rule_row_get_support (row));
      g_assert_cmpfloat (seg_rule_row_get_confidence (other), ==, seg_rule_row_get_confidence (row));
      g_clear_object (&row);
      row = g_steal_pointer (&other);
      g_free (expected);
      expected = seg_rule_row_describe (row);
    }
  g_assert_cmpstr (said, ==, expected);
  g_assert_nonnull (strstr (said, seg_rule_row_get_rhs (row)));
  g_assert_nonnull (strstr (said, "→"));
  g_assert_nonnull (strstr (said, "lift"));
  /* Far from every rule, nothing. */
  g_assert_null (seg_rules_chart_describe_at (chart, 1, 1));
}

static void
test_page (gconstpointer data)
{
  int width = GPOINTER_TO_INT (data);
  int height = width > 1024 ? 1080 : 700;
  gboolean wide = width > 1024;
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);
  g_autofree char *target_path = g_build_filename (test_dir, wide ? "audience-wide.csv" : "audience.csv", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autofree char *before = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  SegBasketsPage *page;
  SegProject *project;
  GListModel *rules;
  gint64 run, runs0, shown0;
  guint n, n_all, n_kept, n_redundant = 0;

  present_sample_shop (window, width, height);
  project = seg_window_get_project (window);
  page = seg_window_get_baskets_page (window);
  runs0 = count_runs (project);

  /* Alt+5 is this page, Runs moved to Alt+6. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "baskets"));
  g_assert_cmpstr (seg_window_get_view (window), ==, "baskets");
  settle ();
  /* The sample shop opened again shows its latest rules, if any. */
  if (query_int (project, "SELECT count (*) FROM seg_runs WHERE kind = 'rules' AND status = 'succeeded'") > 0)
    g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "rules");
  else
    g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "empty");

  /* A basket is an invoice, an item a product, guessed from the names. */
  g_assert_cmpstr (seg_baskets_page_get_column (page, "table"), ==, "orders");
  g_assert_cmpstr (seg_baskets_page_get_column (page, "basket"), ==, "invoice");
  g_assert_cmpstr (seg_baskets_page_get_column (page, "item"), ==, "sku");
  g_assert_cmpstr (seg_baskets_page_get_column (page, "customer"), ==, "customer_id");
  g_assert_nonnull (strstr (seg_baskets_page_get_check_text (page), "A basket is one order: the lines that share their invoice."));
  g_assert_nonnull (strstr (seg_baskets_page_get_check_text (page), "An item is a product, as sku names it."));
  /* Without an order column, a basket is a customer's day. */
  g_assert_true (seg_baskets_page_set_column (page, "basket", NULL));
  g_assert_nonnull (strstr (seg_baskets_page_get_check_text (page), "what one customer (customer_id) bought on one day"));
  g_assert_true (seg_baskets_page_set_column (page, "basket", "invoice"));
  seg_baskets_page_set_thresholds (page, 0.5, 20);
  g_assert_nonnull (strstr (seg_baskets_page_get_check_text (page), "at least 0.5 % of the baskets"));
  screenshot (GTK_WIDGET (window), wide ? "baskets-ask-wide.png" : "baskets-ask.png");

  /* Choose Model…: the shared dialog, of rules, with the page's
   * settings; closed, it leaves nothing. */
  before = project_state (project);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.choose", NULL));
  wait_until (model_dialog_open, NULL, 60);
  {
    SegModelDialog *dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
    g_autofree char *item = NULL;
    double support;

    g_assert_cmpint (seg_model_dialog_get_kind (dialog), ==, SEG_MODEL_KIND_RULES);
    g_assert_cmpstr (seg_model_get_id (seg_model_dialog_get_model (dialog)), ==, "fpgrowth");
    g_object_get (seg_model_dialog_get_model (dialog), "item", &item, "min-support", &support, NULL);
    g_assert_cmpstr (item, ==, "sku");
    g_assert_cmpfloat_with_epsilon (support, 0.005, 1e-12);
    screenshot (GTK_WIDGET (dialog), wide ? "baskets-dialog-wide.png" : "baskets-dialog.png");
    gtk_window_close (GTK_WINDOW (dialog));
  }
  wait_until (page_idle, page, 30);
  settle ();
  assert_project_as_before (project, before, runs0);

  /* Cancelled as soon as it starts: no run, nothing written, the rules
   * shown before still shown. */
  shown0 = seg_baskets_page_get_shown_run (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.run", NULL));
  g_assert_true (seg_baskets_page_get_busy (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.cancel", NULL));
  wait_until (page_idle, page, 60);
  settle ();
  assert_project_as_before (project, before, runs0);
  g_assert_cmpint (seg_baskets_page_get_shown_run (page), ==, shown0);

  /* Find Rules: the run's rules, as strong as asked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.run", NULL));
  wait_until (page_idle, page, 120);
  settle ();
  run = seg_baskets_page_get_shown_run (page);
  g_assert_cmpint (run, >, 0);
  g_assert_cmpint (count_runs (project), ==, runs0 + 1);
  g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "rules");
  /* The settings make room for the rules; they are a click away. */
  wait_until (settings_hidden, page, 10);
  rules = seg_baskets_page_get_rules (page);
  n_all = seg_baskets_page_get_n_rules (page);
  n = g_list_model_get_n_items (rules);
  g_assert_cmpuint (n, ==, n_all);
  g_assert_cmpuint (n, >, 3);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SegRuleRow) row = rule_at (page, i);

      g_assert_cmpfloat (seg_rule_row_get_support (row), >=, 0.005 - 1e-9);
      g_assert_cmpfloat (seg_rule_row_get_confidence (row), >=, 0.2 - 1e-9);
      n_redundant += seg_rule_row_get_redundant (row);
    }
  /* The items go by their product names, not their codes. */
  {
    g_autoptr(SegRuleRow) row = rule_at (page, 0);
    const char *const *codes = seg_rule_row_get_codes (row);
    g_autofree char *sql = g_strdup_printf ("SELECT name_en FROM products WHERE sku = '%s'",
                                            codes[g_strv_length ((GStrv) codes) - 1]);
    g_autofree char *name = query_text (project, sql);

    g_assert_nonnull (name);
    g_assert_cmpstr (seg_rule_row_get_rhs (row), ==, name);
  }
  screenshot (GTK_WIDGET (window), wide ? "baskets-rules-wide.png" : "baskets-rules.png");

  /* Through the dialog, Apriori on the same settings finds the very
   * same rules. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.choose", NULL));
  wait_until (model_dialog_open, NULL, 60);
  {
    SegModelDialog *dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);

    g_assert_true (seg_model_dialog_set_algorithm (dialog, "apriori"));
    g_object_set (seg_model_dialog_get_model (dialog), "min-support", 0.005, "min-confidence", 0.2, NULL);
    g_assert_true (seg_model_dialog_get_can_run (dialog));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  }
  wait_until (page_idle, page, 120);
  settle ();
  g_assert_cmpint (seg_baskets_page_get_shown_run (page), >, run);
  g_assert_cmpint (count_runs (project), ==, runs0 + 2);
  g_assert_cmpuint (seg_baskets_page_get_n_rules (page), ==, n_all);
  {
    g_autoptr(SegRunRecord) record = seg_project_get_run (project, seg_baskets_page_get_shown_run (page), NULL);

    g_assert_cmpstr (record->algorithm, ==, "apriori");
  }
  run = seg_baskets_page_get_shown_run (page);

  /* Sorted by every measure. */
  check_sorted (page, "lift");
  check_sorted (page, "support");
  check_sorted (page, "confidence");
  check_sorted (page, "leverage");
  check_sorted (page, "conviction");
  check_sorted (page, "p-value");
  check_sorted (page, "count");
  check_sorted (page, "lift");

  /* A search keeps the rules with the item, and only them. */
  {
    g_autoptr(SegRuleRow) first = rule_at (page, 0);
    g_autofree char *rhs = g_strdup (seg_rule_row_get_rhs (first));
    g_autofree char *folded = g_utf8_casefold (rhs, -1);

    seg_baskets_page_set_search (page, rhs);
    n = g_list_model_get_n_items (rules);
    g_assert_cmpuint (n, >=, 1);
    g_assert_cmpuint (n, <, n_all);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SegRuleRow) row = rule_at (page, i);

        g_assert_true (seg_rule_row_matches (row, folded));
      }
    seg_baskets_page_set_search (page, "no item is called this");
    g_assert_cmpuint (g_list_model_get_n_items (rules), ==, 0);
    seg_baskets_page_set_search (page, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (rules), ==, n_all);
  }

  /* Hiding the redundant rules leaves the others. */
  g_assert_cmpuint (n_redundant, >, 0);
  seg_baskets_page_set_hide_redundant (page, TRUE);
  n_kept = g_list_model_get_n_items (rules);
  g_assert_cmpuint (n_kept, ==, n_all - n_redundant);
  for (guint i = 0; i < n_kept; i++)
    {
      g_autoptr(SegRuleRow) row = rule_at (page, i);

      g_assert_false (seg_rule_row_get_redundant (row));
    }
  seg_baskets_page_set_hide_redundant (page, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (rules), ==, n_all);

  /* The charts: the pointer names the rule, the table's selection is
   * the charts' and a click on a chart is the table's. */
  seg_baskets_page_select (page, 0);
  check_hover (page, "scatter", 0);
  screenshot (GTK_WIDGET (window), wide ? "baskets-scatter-wide.png" : "baskets-scatter.png");
  g_assert_cmpuint (seg_rules_chart_get_selected (SEG_RULES_CHART (seg_baskets_page_get_chart (page, "scatter"))), ==, 0);
  seg_rules_chart_set_selected (SEG_RULES_CHART (seg_baskets_page_get_chart (page, "scatter")), 1);
  g_assert_cmpuint (seg_baskets_page_get_selected (page), ==, 1);
  g_assert_cmpuint (seg_rules_chart_get_selected (SEG_RULES_CHART (seg_baskets_page_get_chart (page, "matrix"))), ==, 1);
  seg_baskets_page_select (page, 0);
  check_hover (page, "matrix", 0);
  screenshot (GTK_WIDGET (window), wide ? "baskets-matrix-wide.png" : "baskets-matrix.png");
  {
    g_autofree char *png = g_build_filename (test_dir, "rules.svg", NULL);
    g_autofree char *svg = NULL;

    g_assert_true (seg_rules_chart_export (SEG_RULES_CHART (seg_baskets_page_get_chart (page, "scatter")), png, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (png, &svg, NULL, NULL));
    g_assert_true (g_str_has_prefix (svg, "<?xml"));
  }

  /* Customers to target: bought the first items, never the last. */
  seg_baskets_page_show_view (page, "table");
  seg_baskets_page_select (page, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.audience", NULL));
  wait_until (page_idle, page, 120);
  settle ();
  g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "audience");
  n = seg_baskets_page_get_n_audience (page);
  g_assert_cmpuint (n, >, 0);
  screenshot (GTK_WIDGET (window), wide ? "baskets-audience-wide.png" : "baskets-audience.png");
  g_assert_true (seg_baskets_page_export_audience (page, target, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target_path, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 1);
  g_assert_nonnull (strstr (lines[0], "customer"));
  {
    g_autoptr(SegRuleRow) row = rule_at (page, 0);
    const char *const *codes = seg_rule_row_get_codes (row);
    guint n_codes = g_strv_length ((GStrv) codes);
    g_auto(GStrv) cells = g_strsplit (lines[1], ",", -1);
    g_autofree char *customer = g_strdup (g_strstrip (cells[0]));
    g_autofree char *sql = NULL;

    /* The first customer listed bought the rule's first items and
     * never its last. */
    for (guint i = 0; i + 1 < n_codes; i++)
      {
        g_free (sql);
        sql = g_strdup_printf ("SELECT count (*) FROM orders WHERE customer_id = '%s' AND sku = '%s'",
                               customer, codes[i]);
        g_assert_cmpint (query_int (project, sql), >, 0);
      }
    g_free (sql);
    sql = g_strdup_printf ("SELECT count (*) FROM orders WHERE customer_id = '%s' AND sku = '%s'",
                           customer, codes[n_codes - 1]);
    g_assert_cmpint (query_int (project, sql), ==, 0);
  }
  /* Their spend comes from the quantities and prices guessed. */
  {
    g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
    g_auto(GStrv) cells = g_strsplit (lines[1], ",", -1);

    g_assert_cmpstr (header[2], ==, "spend");
    g_assert_cmpfloat (g_ascii_strtod (cells[2], NULL), >, 0);
  }
  segment = seg_baskets_page_save_audience (page, wide ? "Rule audience wide" : "Rule audience", &error);
  g_assert_no_error (error);
  g_assert_nonnull (segment);
  g_assert_cmpint (seg_segment_get_size (segment), ==, n);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.back", NULL));
  g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "rules");

  /* Bundles, read when first shown. */
  seg_baskets_page_show_view (page, "bundles");
  wait_until (page_idle, page, 120);
  settle ();
  g_assert_cmpuint (seg_baskets_page_get_n_bundles (page), >, 0);
  screenshot (GTK_WIDGET (window), wide ? "baskets-bundles-wide.png" : "baskets-bundles.png");

  /* An item's own view: its sales month by month, what comes with it. */
  {
    g_autoptr(SegRuleRow) row = rule_at (page, 0);
    const char *const *codes = seg_rule_row_get_codes (row);
    const char *code = codes[g_strv_length ((GStrv) codes) - 1];
    g_autofree char *sql = g_strdup_printf ("SELECT count (DISTINCT substr (invoice_date, 1, 7)) FROM orders "
                                            "WHERE sku = '%s'", code);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.show-item", "s", code));
    wait_until (page_idle, page, 120);
    settle ();
    g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "item");
    g_assert_cmpint (seg_baskets_page_get_n_months (page), ==, query_int (project, sql));
    g_assert_cmpuint (seg_baskets_page_get_n_together (page), >, 0);
    g_assert_true (g_str_has_prefix (seg_baskets_page_get_item_text (page), seg_rule_row_get_rhs (row)));
    screenshot (GTK_WIDGET (window), wide ? "baskets-item-wide.png" : "baskets-item.png");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.back", NULL));
  }

  /* Categories for items: the rules between kinds of tea and ware, and
   * a category's own sales month by month. */
  if (wide)
    {
      g_autoptr(SegRuleRow) row = NULL;
      g_autofree char *sql = NULL;
      const char *const *codes;
      const char *category;

      seg_baskets_page_set_categories (page, TRUE);
      g_assert_cmpstr (seg_baskets_page_get_column (page, "category"), ==, "category");
      g_assert_nonnull (strstr (seg_baskets_page_get_check_text (page), "An item is a category: the category of the product in sku."));
      seg_baskets_page_set_thresholds (page, 1, 10);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.run", NULL));
      wait_until (page_idle, page, 120);
      settle ();
      g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "rules");
      g_assert_cmpint (seg_baskets_page_get_shown_run (page), >, run);
      row = rule_at (page, 0);
      codes = seg_rule_row_get_codes (row);
      category = codes[g_strv_length ((GStrv) codes) - 1];
      g_assert_cmpstr (seg_rule_row_get_rhs (row), ==, category);
      sql = g_strdup_printf ("SELECT count (*) FROM products WHERE category = '%s'", category);
      g_assert_cmpint (query_int (project, sql), >, 0);
      g_free (sql);
      sql = g_strdup_printf ("SELECT count (DISTINCT substr (invoice_date, 1, 7)) FROM orders JOIN products "
                             "USING (sku) WHERE category = '%s'", category);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.show-item", "s", category));
      wait_until (page_idle, page, 120);
      g_assert_cmpint (seg_baskets_page_get_n_months (page), ==, query_int (project, sql));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.back", NULL));
      seg_baskets_page_set_categories (page, FALSE);
    }

  /* The Runs page's request shows the run here. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "runs");
  seg_page_show_run (SEG_PAGE (page), run);
  g_assert_cmpint (seg_baskets_page_get_shown_run (page), ==, run);

  /* The window never widens itself. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  destroy_window (window);
}

static gboolean
not_busy (gpointer data)
{
  return !seg_window_get_busy (data);
}

/* Order lines whose columns and products are named in Chinese: tea
 * comes with a teapot in most orders that have it, cups with saucers. */
static char *
write_chinese_orders (void)
{
  static const char *const products[] = {
    "明前西湖龙井 50克", "宜兴紫砂壶 200毫升（手工制作，附赠茶巾与收纳礼盒）", "青花瓷茶杯 四只装",
    "青花瓷茶托 四只装", "云南普洱熟茶饼 357克", "竹制茶匙",
  };
  g_autoptr(GString) csv = g_string_new ("订单号,客户编号,商品,数量,单价,日期\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  char *path = g_build_filename (test_dir, "订单.csv", NULL);

  for (guint order = 1; order <= 400; order++)
    {
      gboolean lines[G_N_ELEMENTS (products)] = { FALSE };
      guint customer = g_rand_int_range (rand, 1, 80);

      lines[0] = g_rand_double (rand) < 0.4;
      lines[1] = lines[0] ? g_rand_double (rand) < 0.8 : g_rand_double (rand) < 0.1;
      lines[2] = g_rand_double (rand) < 0.3;
      lines[3] = lines[2] ? g_rand_double (rand) < 0.7 : g_rand_double (rand) < 0.05;
      lines[4] = g_rand_double (rand) < 0.2;
      lines[5] = TRUE;
      for (guint p = 0; p < G_N_ELEMENTS (products); p++)
        if (lines[p])
          g_string_append_printf (csv, "D%04u,K%03u,%s,1,%u.50,2024-%02u-%02u\n", order, customer, products[p],
                                  10 + p, 1 + order % 12, 1 + order % 28);
    }
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));
  return path;
}

/* Chinese columns, products and names at 1024 × 700: guessed, mined,
 * drawn and named on hover, with long names cut short and the window
 * never wider than it was made. */
static void
test_chinese (void)
{
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);
  g_autofree char *orders = write_chinese_orders ();
  SegBasketsPage *page;
  SegProject *project;
  gboolean found = FALSE;

  present_sample_shop (window, 1024, 700);
  project = seg_window_get_project (window);
  if (!seg_project_has_table (project, "订单"))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", orders));
      wait_until (not_busy, window, 60);
      settle ();
    }
  g_assert_true (seg_project_has_table (project, "订单"));
  page = seg_window_get_baskets_page (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "baskets"));
  g_assert_true (seg_baskets_page_set_column (page, "table", "订单"));
  g_assert_cmpstr (seg_baskets_page_get_column (page, "basket"), ==, "订单号");
  g_assert_cmpstr (seg_baskets_page_get_column (page, "item"), ==, "商品");
  g_assert_cmpstr (seg_baskets_page_get_column (page, "customer"), ==, "客户编号");
  seg_baskets_page_set_thresholds (page, 5, 50);
  screenshot (GTK_WIDGET (window), "baskets-chinese-ask.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.run", NULL));
  wait_until (page_idle, page, 120);
  settle ();
  g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "rules");
  wait_until (settings_hidden, page, 10);
  for (guint i = 0; i < g_list_model_get_n_items (seg_baskets_page_get_rules (page)); i++)
    {
      g_autoptr(SegRuleRow) row = rule_at (page, i);

      found |= g_str_equal (seg_rule_row_get_lhs (row), "明前西湖龙井 50克") &&
               g_str_has_prefix (seg_rule_row_get_rhs (row), "宜兴紫砂壶");
    }
  g_assert_true (found);
  seg_baskets_page_select (page, 0);
  screenshot (GTK_WIDGET (window), "baskets-chinese-rules.png");
  check_hover (page, "scatter", 0);
  screenshot (GTK_WIDGET (window), "baskets-chinese-scatter.png");
  check_hover (page, "matrix", 0);
  screenshot (GTK_WIDGET (window), "baskets-chinese-matrix.png");

  /* Rules so strong that none pass: the page says so and how to find some. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_settings_toggle (page)), TRUE);
  seg_baskets_page_set_thresholds (page, 60, 90);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "baskets.run", NULL));
  wait_until (page_idle, page, 120);
  settle ();
  g_assert_cmpstr (seg_baskets_page_get_state (page), ==, "none");
  g_assert_cmpuint (seg_baskets_page_get_n_rules (page), ==, 0);
  screenshot (GTK_WIDGET (window), "baskets-chinese-none.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = make_test_home ("segmenta-baskets-XXXXXX");
  int status;

  test_dir = home;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_data_func ("/baskets-page/rules", GINT_TO_POINTER (1024), test_page);
  g_test_add_data_func ("/baskets-page/rules-wide", GINT_TO_POINTER (1920), test_page);
  g_test_add_func ("/baskets-page/chinese", test_chinese);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
