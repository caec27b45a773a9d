/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "seg-baskets.h"
#include "seg-error.h"
#include "seg-importer.h"
#include "seg-model.h"
#include "seg-project-private.h"
#include "seg-rule-actions.h"
#include "seg-rules-model.h"
#include "seg-run.h"
#include "seg-segment.h"
#include "seg-test-utils.h"

/*
 * Baskets, the rules family and what a shop does with the rules, on a
 * few order lines worked out by hand:
 *
 *   basket 1 (c1, day 1): A, B×2      basket 5 (c3, day 4): A, postage
 *   basket 2 (c1, day 2): A, B, C     basket 6 (c3, day 4): C returned
 *   basket 3 (c2, day 3): A, B        basket 7 (c4, day 5): A×2, B×0
 *   basket 4 (c2, day 3): B, C        basket 8 (c4, day 6): A, B
 *
 * Without postage, the return and the line of nothing, seven baskets:
 * {A,B} {A,B,C} {A,B} {B,C} {A} {A} {A,B}; A is in 6, B in 5, C in 2,
 * A+B in 4, B+C in 2 and A+C in 1.
 */

static const char orders_csv[] =
  "invoice,date,customer,product,quantity,price\n"
  "1,2024-01-01,c1,A,1,10\n"
  "1,2024-01-01,c1,B,2,5\n"
  "2,2024-01-02,c1,A,1,10\n"
  "2,2024-01-02,c1,B,1,5\n"
  "2,2024-01-02,c1,C,1,3\n"
  "3,2024-01-03,c2,A,1,10\n"
  "3,2024-01-03,c2,B,1,5\n"
  "4,2024-01-03,c2,B,1,5\n"
  "4,2024-01-03,c2,C,1,3\n"
  "5,2024-01-04,c3,A,1,10\n"
  "5,2024-01-04,c3,POST,1,4\n"
  "6,2024-01-04,c3,C,-1,3\n"
  "7,2024-01-05,c4,A,2,10\n"
  "7,2024-01-05,c4,B,0,5\n"
  "8,2024-01-06,c4,A,1,10\n"
  "8,2024-01-06,c4,B,1,5\n";

static const char products_csv[] =
  "product,name,category\n"
  "A,Green tea,Tea\n"
  "B,Black tea,Tea\n"
  "C,Cup,Cups\n"
  "POST,Postage,Service\n";

static const char *const postage[] = { "POST", NULL };

static void
import_shop (ProjectFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) orders = import_text (fixture, "orders", orders_csv, -1, &error);
  g_autoptr(SegImportSummary) products = NULL;

  g_assert_no_error (error);
  products = import_text (fixture, "products", products_csv, -1, &error);
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The basket's items by name, "A+B". */
static char *
basket_text (SegBasketData *data,
             size_t         b)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (size_t e = data->baskets.offsets[b]; e < data->baskets.offsets[b + 1]; e++)
    g_ptr_array_add (names, g_ptr_array_index (data->item_names, data->baskets.items[e]));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "+" : "", (const char *) g_ptr_array_index (names, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every basket, "A+B|A+B+C|…", in the order first seen. */
static char *
baskets_text (SegBasketData *data)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (size_t b = 0; b < data->baskets.n_baskets; b++)
    {
      g_autofree char *one = basket_text (data, b);

      g_string_append_printf (text, "%s%s", b > 0 ? "|" : "", one);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_baskets_invoice (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegBasketData) baskets = NULL;
  g_autofree char *text = NULL;
  SegBasketSource source = {
    .table = "orders", .basket = "invoice", .item = "product", .customer = "customer", .date = "date",
    .quantity = "quantity", .price = "price", .exclude = postage,
  };

  import_shop (fixture);
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_no_error (error);
  text = baskets_text (baskets);
  g_assert_cmpstr (text, ==, "A+B|A+B+C|A+B|B+C|A|A|A+B");
  g_assert_cmpint (baskets->lines, ==, 16);
  g_assert_cmpint (baskets->returns, ==, 2);
  g_assert_cmpint (baskets->excluded, ==, 1);
  g_assert_cmpuint (baskets->baskets.n_items, ==, 3);

  /* Each basket's customer and day; two lines of B in basket 1 are one
   * entry worth 2 × 5. */
  g_assert_nonnull (baskets->customers);
  g_assert_cmpstr (g_ptr_array_index (baskets->customer_names, baskets->customers[4]), ==, "c3");
  g_assert_cmpint (baskets->days[6], ==, 20240106);
  g_assert_nonnull (baskets->values);
  g_assert_cmpfloat (baskets->values[1], ==, 10.0);
}

static void
test_baskets_customer_day (ProjectFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegBasketData) baskets = NULL;
  g_autofree char *text = NULL;
  SegBasketSource source = {
    .table = "orders", .item = "product", .customer = "customer", .date = "date", .quantity = "quantity",
    .exclude = postage,
  };

  import_shop (fixture);
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_no_error (error);
  text = baskets_text (baskets);
  /* Invoices 3 and 4 are c2's one day. */
  g_assert_cmpstr (text, ==, "A+B|A+B+C|A+B+C|A|A|A+B");
  g_assert_null (baskets->values);

  /* Without an order column, a customer and a date are needed. */
  source.date = NULL;
  g_clear_pointer (&baskets, seg_basket_data_free);
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--basket"));
  g_clear_error (&error);

  /* An unknown column is named with its option. */
  source.date = "day";
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--date"));
  g_assert_nonnull (strstr (error->message, "day"));
}

static void
test_baskets_category (ProjectFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegBasketData) baskets = NULL;
  g_autofree char *text = NULL;
  static const char *const kept[] = { "Tea", "Cups", NULL };
  SegBasketSource source = {
    .table = "orders", .basket = "invoice", .item = "product", .quantity = "quantity",
    .level = SEG_ITEM_LEVEL_CATEGORY, .items_table = "products", .category = "category",
  };

  import_shop (fixture);
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_no_error (error);
  text = baskets_text (baskets);
  g_assert_cmpstr (text, ==, "Tea|Cups+Tea|Tea|Cups+Tea|Service+Tea|Tea|Tea");

  /* Only tea and cups: postage's category stays out. */
  source.keep_categories = kept;
  g_clear_pointer (&baskets, seg_basket_data_free);
  g_clear_pointer (&text, g_free);
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_no_error (error);
  text = baskets_text (baskets);
  g_assert_cmpstr (text, ==, "Tea|Cups+Tea|Tea|Cups+Tea|Tea|Tea|Tea");
  g_assert_cmpint (baskets->excluded, ==, 1);

  /* The category column is found by its name, and without one it is
   * asked for. */
  source.category = NULL;
  g_clear_pointer (&baskets, seg_basket_data_free);
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_no_error (error);
  source.items_table = "orders";
  source.items_key = "product";
  g_clear_pointer (&baskets, seg_basket_data_free);
  baskets = seg_project_read_baskets (fixture->project, &source, NULL, &error);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--category"));
}

/* A rules model of @algorithm on the hand-worked orders. */
static SegModel *
shop_model (const char *algorithm)
{
  g_autoptr(GError) error = NULL;
  SegModel *model = seg_model_new_for_id (algorithm, &error);

  g_assert_no_error (error);
  g_object_set (model, "table", "orders", "basket", "invoice", "item", "product", "customer", "customer",
                "date", "date", "quantity", "quantity", "price", "price", "exclude", postage,
                "min-support", 0.25, "min-confidence", 0.5, NULL);
  return model;
}

static const SegRunRecord *
run_model (SegProject *project,
           SegRun     *run)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return seg_run_get_record (run);
}

static double
query_real (SegProject *project,
            const char *sql)
{
  g_autofree char *text = query_text (project, sql);

  g_assert_nonnull (text);
  return g_ascii_strtod (text, NULL);
}

static void
test_run_by_hand (ProjectFixture *fixture,
                  gconstpointer   data)
{
  const char *const algorithms[] = { "fpgrowth", "apriori" };

  import_shop (fixture);
  for (guint a = 0; a < G_N_ELEMENTS (algorithms); a++)
    {
      g_autoptr(SegModel) model = shop_model (algorithms[a]);
      g_autoptr(SegRun) run = seg_run_new_for_model (fixture->project, model);
      const SegRunRecord *record = run_model (fixture->project, run);
      JsonObject *metrics = json_node_get_object (record->metrics);
      g_autofree char *sql = NULL;
      g_autofree char *first = NULL;
      g_autofree char *order = NULL;

      g_assert_cmpint (record->kind, ==, SEG_MODEL_KIND_RULES);
      g_assert_cmpstrv (record->result_tables,
                        ((const char *const[]) { a == 0 ? "run_1" : "run_2", a == 0 ? "run_1_itemsets" : "run_2_itemsets",
                                                 a == 0 ? "run_1_items" : "run_2_items", NULL }));
      g_assert_cmpint (json_object_get_int_member (metrics, "baskets"), ==, 7);
      g_assert_cmpint (json_object_get_int_member (metrics, "items"), ==, 3);
      g_assert_cmpint (json_object_get_int_member (metrics, "min_count"), ==, 2);
      g_assert_cmpint (json_object_get_int_member (metrics, "rules"), ==, 3);

      /* C ⇒ B: 2 of 7 baskets, always with B, B in 5 of 7: lift 1.4,
       * leverage 2/7 − 2/7 × 5/7; conviction infinite, stored empty.
       * Then B ⇒ A and A ⇒ B, both of lift (4/7) / (6/7 × 5/7), the
       * more confident first. */
      sql = g_strdup_printf ("SELECT group_concat (lhs || '>' || rhs, ',') FROM (SELECT * FROM %s ORDER BY rule)",
                             record->result_tables[0]);
      order = query_text (fixture->project, sql);
      g_assert_cmpstr (order, ==, "C>B,B>A,A>B");
      g_free (sql);
      sql = g_strdup_printf ("SELECT count || ':' || n_lhs || ':' || (conviction IS NULL) || ':' || redundant FROM %s"
                             " WHERE rule = 1", record->result_tables[0]);
      first = query_text (fixture->project, sql);
      g_assert_cmpstr (first, ==, "2:1:1:0");
      g_free (sql);
      sql = g_strdup_printf ("SELECT lift FROM %s WHERE rule = 1", record->result_tables[0]);
      g_assert_cmpfloat_with_epsilon (query_real (fixture->project, sql), 1.4, 1e-12);
      g_free (sql);
      sql = g_strdup_printf ("SELECT leverage FROM %s WHERE rule = 1", record->result_tables[0]);
      g_assert_cmpfloat_with_epsilon (query_real (fixture->project, sql), 2.0 / 7 - 2.0 / 7 * 5.0 / 7, 1e-12);
      g_free (sql);
      sql = g_strdup_printf ("SELECT confidence FROM %s WHERE rule = 3", record->result_tables[0]);
      g_assert_cmpfloat_with_epsilon (query_real (fixture->project, sql), 4.0 / 6, 1e-12);
      g_free (sql);
      sql = g_strdup_printf ("SELECT lift FROM %s WHERE rule = 2", record->result_tables[0]);
      g_assert_cmpfloat_with_epsilon (query_real (fixture->project, sql), (4.0 / 7) / (6.0 / 7 * 5.0 / 7), 1e-12);
      g_free (sql);
      sql = g_strdup_printf ("SELECT baskets FROM %s WHERE item = 'A'", record->result_tables[2]);
      g_assert_cmpint (query_int (fixture->project, sql), ==, 6);
    }
}

/* Only rules to B, with Bonferroni's p-values: each p times the two
 * rules tested, at most 1. */
static void
test_run_options (ProjectFixture *fixture,
                  gconstpointer   data)
{
  static const char *const to_b[] = { "B", NULL };
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *order = NULL;
  const SegRunRecord *record;

  import_shop (fixture);
  model = shop_model ("apriori");
  g_object_set (model, "rhs", to_b, "correction", SEG_RULES_CORRECTION_BONFERRONI, NULL);
  run = seg_run_new_for_model (fixture->project, model);
  record = run_model (fixture->project, run);
  sql = g_strdup_printf ("SELECT group_concat (lhs || '>' || rhs, ',') FROM (SELECT * FROM %s ORDER BY rule)",
                         record->result_tables[0]);
  order = query_text (fixture->project, sql);
  g_assert_cmpstr (order, ==, "C>B,A>B");
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE p_value < 0.5 AND abs (p_adjusted - 2 * p_value) > 1e-12"
                         " OR p_value >= 0.5 AND p_adjusted != 1", record->result_tables[0]);
  g_assert_cmpint (query_int (fixture->project, sql), ==, 0);
}

static void
test_run_refusals (ProjectFixture *fixture,
                   gconstpointer   data)
{
  const struct
  {
    const char *param;
    const char *value;
    const char *option;
  } cases[] = {
    { "rhs", "D", "--rhs" },
    { "item", "invoice", "--item" },
    { "min-length", "4", "--min-length" },
  };
  g_autofree char *before = NULL;

  import_shop (fixture);
  before = project_state (fixture->project);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SegModel) model = shop_model ("fpgrowth");
      g_autoptr(SegRun) run = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_true (seg_model_set_param (model, cases[i].param, cases[i].value, &error));
      if (g_str_equal (cases[i].param, "min-length"))
        g_object_set (model, "max-length", 3, NULL);
      run = seg_run_new_for_model (fixture->project, model);
      g_assert_false (seg_run_execute (run, NULL, &error));
      g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
      if (cases[i].option != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].option));
      after = project_state (fixture->project);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_runs"), ==, 0);
    }

  {
    g_autoptr(SegModel) model = seg_model_new_for_id ("apriori", NULL);
    g_autoptr(SegImportSummary) one = import_text (fixture, "one", "order,item\n1,A\n1,B\n1,C\n", -1, NULL);
    g_autoptr(SegRun) run = NULL;
    g_autoptr(GError) error = NULL;

    /* One basket: nothing to compare. */
    g_object_set (model, "table", "one", "basket", "order", "item", "item", NULL);
    run = seg_run_new_for_model (fixture->project, model);
    g_assert_false (seg_run_execute (run, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_assert_nonnull (strstr (error->message, "--basket"));
    g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_runs"), ==, 0);
  }

  {
    g_autoptr(SegModel) model = shop_model ("fpgrowth");
    g_autoptr(GError) error = NULL;

    /* Parameters out of range are refused as they are given. */
    g_assert_false (seg_model_set_param (model, "min-support", "0", &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_clear_error (&error);
    g_assert_false (seg_model_set_param (model, "min-confidence", "1.5", &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  }
}

static void
test_cancel (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_shop (fixture);
  model = shop_model ("fpgrowth");
  before = project_state (fixture->project);
  run = seg_run_new_for_model (fixture->project, model);
  g_cancellable_cancel (cancellable);
  g_assert_false (seg_run_execute (run, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_runs"), ==, 0);
}

static gint64
shop_run (ProjectFixture *fixture)
{
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegRun) run = NULL;

  import_shop (fixture);
  model = shop_model ("fpgrowth");
  run = seg_run_new_for_model (fixture->project, model);
  return run_model (fixture->project, run)->id;
}

static void
test_audience (ProjectFixture *fixture,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRuleAudience) audience = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "audience.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SegRuleCustomer *customer;
  gint64 run = shop_run (fixture);

  /* A ⇒ B: only c3 bought A and never B (c4's B was a line of nothing
   * in basket 7, but a purchase in basket 8). */
  audience = seg_project_rule_audience (fixture->project, run, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (audience->lhs, ==, "A");
  g_assert_cmpstr (audience->rhs, ==, "B");
  g_assert_cmpuint (audience->customers->len, ==, 1);
  customer = g_ptr_array_index (audience->customers, 0);
  g_assert_cmpstr (customer->customer, ==, "c3");
  g_assert_cmpint (customer->orders, ==, 1);
  g_assert_cmpfloat (customer->spend, ==, 10.0);
  g_assert_cmpstr (customer->last_order, ==, "2024-01-04");

  segment = seg_project_save_rule_audience (fixture->project, audience, "A without B", &error);
  g_assert_no_error (error);
  keys = seg_project_get_segment_keys (fixture->project, seg_segment_get_id (segment), &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (keys, ((const char *const[]) { "c3", NULL }));

  g_assert_true (seg_rule_audience_export (audience, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_cmpstr (csv, ==, "customer,orders,spend,last_order\r\nc3,1,10.00,2024-01-04\r\n");
  g_clear_pointer (&audience, seg_rule_audience_free);

  /* B ⇒ A: every buyer of B bought A too. */
  audience = seg_project_rule_audience (fixture->project, run, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audience->customers->len, ==, 0);
  g_clear_pointer (&audience, seg_rule_audience_free);

  audience = seg_project_rule_audience (fixture->project, run, 9, NULL, &error);
  g_assert_null (audience);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--rule"));
}

static void
test_together (ProjectFixture *fixture,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  SegTogether *together;
  gint64 run = shop_run (fixture);

  /* A is in 6 baskets: 4 with B (B in 5 of 7), 1 with C (C in 2). */
  found = seg_project_bought_together (fixture->project, run, "A", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  together = g_ptr_array_index (found, 0);
  g_assert_cmpstr (together->item, ==, "B");
  g_assert_cmpint (together->count, ==, 4);
  g_assert_cmpfloat_with_epsilon (together->confidence, 4.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (together->lift, (4.0 / 6) / (5.0 / 7), 1e-12);
  together = g_ptr_array_index (found, 1);
  g_assert_cmpstr (together->item, ==, "C");
  g_assert_cmpint (together->count, ==, 1);
  g_assert_cmpfloat_with_epsilon (together->lift, (1.0 / 6) / (2.0 / 7), 1e-12);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = seg_project_bought_together (fixture->project, run, "A", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = seg_project_bought_together (fixture->project, run, "POST", 5, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--item"));
}

static void
test_bundles (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  SegBundle *bundle;
  gint64 run = shop_run (fixture);

  /* A+B: support 4/7, lift (4/7) / (6/7 × 5/7), score 8/15; worth
   * A 10 + B 2 × 5, then 10 + 5 three times: 65. B+C: support 2/7,
   * lift 1.4, score 0.4; worth (5 + 3) twice. */
  found = seg_project_bundles (fixture->project, run, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  bundle = g_ptr_array_index (found, 0);
  g_assert_cmpstr (bundle->items, ==, "A + B");
  g_assert_cmpint (bundle->count, ==, 4);
  g_assert_cmpfloat_with_epsilon (bundle->score, 8.0 / 15, 1e-12);
  g_assert_cmpfloat_with_epsilon (bundle->revenue, 65.0, 1e-9);
  bundle = g_ptr_array_index (found, 1);
  g_assert_cmpstr (bundle->items, ==, "B + C");
  g_assert_cmpfloat_with_epsilon (bundle->lift, 1.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (bundle->revenue, 16.0, 1e-9);
}

static void
test_async (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *result = NULL;
  gint64 run = shop_run (fixture);

  seg_project_bought_together_async (fixture->project, run, "C", 3, NULL, seg_test_keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = seg_project_bought_together_finish (fixture->project, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  release_result (&result);

  g_cancellable_cancel (cancellable);
  seg_project_bundles_async (fixture->project, run, 3, cancellable, seg_test_keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (seg_project_bundles_finish (fixture->project, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  release_result (&result);
}

/* The sample shop: both algorithms find the same rules, and each rule's
 * baskets are those SQL counts. */
static void
test_sample_shop (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
  g_autoptr(SegImportSummary) summary = seg_importer_run (importer, NULL, &error);
  const char *const algorithms[] = { "fpgrowth", "apriori" };
  char *rules[2] = { NULL, NULL };

  g_assert_no_error (error);
  for (guint a = 0; a < G_N_ELEMENTS (algorithms); a++)
    {
      g_autoptr(SegModel) model = seg_model_new_for_id (algorithms[a], &error);
      g_autoptr(SegTableInfo) info = seg_project_get_table (fixture->project, "orders", NULL);
      g_autoptr(SegRun) run = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *lhs_ids = NULL;
      g_auto(GStrv) ids = NULL;
      g_autoptr(GString) in = g_string_new (NULL);
      const SegRunRecord *record;
      gint64 count;

      g_object_set (model, "table", "orders", "min-support", 0.002, "min-confidence", 0.3, NULL);
      seg_model_guess_roles (model, info);
      run = seg_run_new_for_model (fixture->project, model);
      record = run_model (fixture->project, run);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record->input), "basket"), ==, "invoice");
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record->input), "item"), ==, "sku");
      sql = g_strdup_printf ("SELECT group_concat (lhs || '>' || rhs || ':' || count, ',') FROM"
                             " (SELECT * FROM %s ORDER BY rule)", record->result_tables[0]);
      rules[a] = query_text (fixture->project, sql);
      g_assert_nonnull (rules[a]);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->metrics), "rules"), >, 10);

      /* The first rule's baskets, counted in SQL. */
      g_free (sql);
      sql = g_strdup_printf ("SELECT lhs_ids || ',' || rhs_id FROM %s WHERE rule = 1", record->result_tables[0]);
      lhs_ids = query_text (fixture->project, sql);
      ids = g_strsplit (lhs_ids, ",", -1);
      for (guint i = 0; ids[i] != NULL; i++)
        g_string_append_printf (in, "%s(SELECT item FROM %s WHERE item_id = %s)", i > 0 ? "," : "",
                                record->result_tables[2], ids[i]);
      g_free (sql);
      sql = g_strdup_printf ("SELECT count (*) FROM (SELECT invoice FROM orders WHERE quantity > 0 AND sku IN (%s)"
                             " GROUP BY invoice HAVING count (DISTINCT sku) = %u)", in->str, g_strv_length (ids));
      count = query_int (fixture->project, sql);
      g_free (sql);
      sql = g_strdup_printf ("SELECT count FROM %s WHERE rule = 1", record->result_tables[0]);
      g_assert_cmpint (query_int (fixture->project, sql), ==, count);
    }
  g_assert_cmpstr (rules[0], ==, rules[1]);
  g_free (rules[0]);
  g_free (rules[1]);
}

static const char *
groceries_path (void)
{
  const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
  static char *path;

  if (path == NULL && shared != NULL)
    path = g_build_filename (shared, "groceries", "groceries.csv", NULL);
  return path;
}

/* Groceries through the importer, which finds its baskets, then as
 * arules finds them at a support of 0.001 and a confidence of 0.8. */
static void
test_groceries (ProjectFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegModel) model = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(SegRun) run = NULL;
  const SegRunRecord *record;
  g_autofree char *sql = NULL;
  g_autofree char *top = NULL;

  if (groceries_path () == NULL || !g_file_test (groceries_path (), G_FILE_TEST_EXISTS))
    {
      g_test_skip ("skipped: data not found");
      return;
    }
  importer = seg_importer_new (fixture->project, groceries_path ());
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 43367);
  g_assert_cmpint (summary->rejected, ==, 0);
  g_assert_cmpint (summary->padded, ==, 0);

  model = seg_model_new_for_id ("fpgrowth", &error);
  info = seg_project_get_table (fixture->project, "groceries", NULL);
  g_object_set (model, "table", "groceries", "min-support", 0.001, "min-confidence", 0.8, NULL);
  seg_model_guess_roles (model, info);
  run = seg_run_new_for_model (fixture->project, model);
  record = run_model (fixture->project, run);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->metrics), "baskets"), ==, 9835);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->metrics), "items"), ==, 169);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->metrics), "rules"), ==, 410);
  sql = g_strdup_printf ("SELECT lhs || ' > ' || rhs || printf (' %%.7f %%.7f %%.5f', support, confidence, lift)"
                         " FROM %s WHERE rule = 1", record->result_tables[0]);
  top = query_text (fixture->project, sql);
  g_assert_cmpstr (top, ==, "red/blush wine + liquor > bottled beer 0.0019319 0.9047619 11.23527");
}

/* A ragged file of names is baskets; with numbers it stays a table. */
static void
test_import_sniff (ProjectFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) baskets = NULL;
  g_autoptr(SegImportSummary) table = NULL;

  baskets = import_text (fixture, "baskets",
                         "bread,milk\nbeer\nbread,milk,eggs,butter \nmilk\ntea,cake,jam\n\nbread,jam\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (baskets->rows, ==, 13);
  g_assert_false (baskets->header);
  g_assert_cmpint (query_int (fixture->project, "SELECT max (basket) FROM baskets"), ==, 6);
  g_assert_cmpint (query_int (fixture->project, "SELECT basket FROM baskets WHERE item = 'butter '"), ==, 3);

  /* The preview shows the rows as they will be stored. */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "baskets.csv", NULL);
    g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
    g_autoptr(SegImportPreview) preview = seg_importer_preview (importer, 4, NULL, &error);
    SegPreviewRow *row;

    g_assert_no_error (error);
    g_assert_true (preview->baskets);
    g_assert_cmpuint (preview->n_columns, ==, 2);
    g_assert_cmpuint (preview->rows->len, ==, 4);
    row = g_ptr_array_index (preview->rows, 3);
    g_assert_cmpstr (row->values[0], ==, "3");
    g_assert_cmpstr (row->values[1], ==, "bread");
  }

  table = import_text (fixture, "table", "a,b,c\n1,2\n3\n4,5,6\n7,8\n9\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->columns->len, ==, 3);
  g_assert_cmpint (table->padded, ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)
  ADD ("/rules/baskets/invoice", test_baskets_invoice);
  ADD ("/rules/baskets/customer-day", test_baskets_customer_day);
  ADD ("/rules/baskets/category", test_baskets_category);
  ADD ("/rules/run/by-hand", test_run_by_hand);
  ADD ("/rules/run/options", test_run_options);
  ADD ("/rules/run/refusals", test_run_refusals);
  ADD ("/rules/run/cancel", test_cancel);
  ADD ("/rules/run/sample-shop", test_sample_shop);
  ADD ("/rules/run/groceries", test_groceries);
  ADD ("/rules/audience", test_audience);
  ADD ("/rules/together", test_together);
  ADD ("/rules/bundles", test_bundles);
  ADD ("/rules/async", test_async);
  ADD ("/rules/import/sniff", test_import_sniff);
#undef ADD

  return g_test_run ();
}
