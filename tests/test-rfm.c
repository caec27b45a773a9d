/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-error.h"
#include "seg-rfm.h"
#include "seg-test-utils.h"

/* Four customers worked out by hand; E only returned something and has
 * no purchase, so it is not a customer here. As of 2024-03-10:
 *   A  last 03-01 → recency 9,  2 orders, 150 (130 net), tenure 60
 *   B  last 02-15 → recency 24, 1 order,  200,          tenure 24
 *   C  last 02-05 → recency 34, 3 orders, 30,           tenure 100
 *   D  last 03-09 → recency 1,  1 order,  500,          tenure 1
 * Scores are 1 + 5 × (rank − 1) / 4 with ties sharing the lowest rank. */
static const char *orders =
  "invoice,day,customer,qty,price\n"
  "INV1,2024-01-10 10:00,A,1,100\n"
  "INV2,2024-03-01 11:00,A,1,30\n"
  "INV2,2024-03-01 11:00,A,2,10\n"
  "CINV2,2024-03-05 09:00,A,-2,10\n"
  "INV3,2024-02-15 12:00,B,4,50\n"
  "INV4,2023-12-01 12:00,C,1,10\n"
  "INV5,2024-01-05 12:00,C,1,10\n"
  "INV6,2024-02-05 12:00,C,2,5\n"
  "INV7,2024-03-09 18:30,D,1,500\n"
  "CINV8,2024-01-01 09:00,E,-1,5\n";

static void
test_hand_computed (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(SegRfmSummary) net = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *net_a = NULL;
  SegRfmOptions options = {
    .orders = "orders", .customer = "customer", .date = "day",
    .quantity = "qty", .price = "price", .invoice = "invoice",
  };

  imported = import_text (fixture, "orders", orders, -1, &error);
  g_assert_no_error (error);

  summary = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->as_of, ==, "2024-03-10");
  g_assert_cmpint (summary->customers, ==, 4);
  g_assert_cmpstr (summary->table, ==, "rfm");

  rows = query_text (fixture->project,
                     "SELECT group_concat (customer || ':' || recency || ':' || frequency || ':' || monetary"
                     " || ':' || first_purchase || ':' || last_purchase || ':' || tenure || ':' || avg_order_value"
                     " || ':' || rfm_score || ':' || segment, '|') FROM rfm");
  g_assert_cmpstr (rows, ==,
                   "A:9:2:150.0:2024-01-10:2024-03-01:60:75.0:332:Need attention|"
                   "B:24:1:200.0:2024-02-15:2024-02-15:24:200.0:213:Hibernating|"
                   "C:34:3:30.0:2023-12-01:2024-02-05:100:10.0:141:At risk|"
                   "D:1:1:500.0:2024-03-09:2024-03-09:1:500.0:414:Promising");

  /* Returns subtracted; the table exists, so it must be replaced. */
  options.net_returns = TRUE;
  g_assert_null (seg_project_rfm (fixture->project, &options, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME);
  g_clear_error (&error);
  options.replace = TRUE;
  net = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);
  net_a = query_text (fixture->project, "SELECT monetary FROM rfm WHERE customer = 'A'");
  g_assert_cmpstr (net_a, ==, "130.0");
  g_assert_cmpint (query_int (fixture->project, "SELECT row_count FROM seg_tables WHERE name = 'rfm'"), ==, 4);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_columns c JOIN seg_tables t ON t.id = c.table_id WHERE t.name = 'rfm'"), ==, 13);
}

static void
test_as_of_and_no_invoice (ProjectFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autofree char *a = NULL;
  SegRfmOptions options = {
    .orders = "orders", .customer = "customer", .date = "day",
    .quantity = "qty", .price = "price", .as_of = "2024-03-01", .output = "rfm_march",
  };

  imported = import_text (fixture, "orders", orders, -1, &error);
  g_assert_no_error (error);

  /* Only what happened before the first of March counts. */
  summary = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->customers, ==, 3);
  a = query_text (fixture->project, "SELECT recency || ':' || frequency FROM rfm_march WHERE customer = 'A'");
  g_assert_cmpstr (a, ==, "51:1");
}

static void
test_bad_options (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const struct { SegRfmOptions options; const char *words; } cases[] = {
    { { .orders = "orders", .customer = "client", .date = "day", .amount = "price" }, "--customer" },
    { { .orders = "orders", .customer = "customer", .date = "customer", .amount = "price" }, "--date" },
    { { .orders = "orders", .customer = "customer", .date = "day", .amount = "invoice" }, "--amount" },
    { { .orders = "orders", .customer = "customer", .date = "day", .quantity = "qty" }, "--amount" },
    { { .orders = "orders", .customer = "customer", .date = "day", .amount = "price", .as_of = "03/01/2024" }, "--as-of" },
    { { .orders = "orders", .customer = "customer", .date = "day", .amount = "price", .output = "orders" }, "--output-table" },
  };

  imported = import_text (fixture, "orders", orders, -1, &error);
  g_assert_no_error (error);
  before = project_state (fixture->project);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_null (seg_project_rfm (fixture->project, &cases[i].options, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_clear_error (&error);
    }

  g_assert_null (seg_project_rfm (fixture->project, &(SegRfmOptions) { .orders = "nope", .customer = "c", .date = "d", .amount = "a" }, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);

  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
}

/* Tables keep their own names, even those of the query's own steps. */
static void
test_table_names (ProjectFixture *fixture,
                  gconstpointer   data)
{
  static const char *const names[] = { "orders", "lines", "customers", "measured", "scored" };
  gint64 customers = -1;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SegImportSummary) imported = import_text (fixture, names[i], orders, -1, &error);
      g_autoptr(SegRfmSummary) summary = NULL;
      g_autofree char *output = g_strdup_printf ("rfm_%s", names[i]);

      g_assert_no_error (error);
      summary = seg_project_rfm (fixture->project,
                                 &(SegRfmOptions) { .orders = names[i], .customer = "customer", .date = "day",
                                                    .amount = "price", .invoice = "invoice", .output = output },
                                 &error);
      g_assert_no_error (error);
      g_assert_nonnull (summary);
      g_assert_cmpint (summary->customers, >, 0);
      if (customers < 0)
        customers = summary->customers;
      g_assert_cmpint (summary->customers, ==, customers);
    }
}

static void
on_rfm_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Drops the result and waits until the worker has let go of the task
 * too, and with it of the project, which the fixture checks is freed. */
static void
release_result (GAsyncResult **result)
{
  GWeakRef gone;

  g_weak_ref_init (&gone, *result);
  g_clear_object (result);
  for (GObject *task; (task = g_weak_ref_get (&gone)) != NULL;)
    {
      g_object_unref (task);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&gone);
}

/* In a worker, the same table as on the calling thread; a failure there
 * leaves the project as it was. */
static void
test_async (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = import_text (fixture, "orders", orders, -1, &error);
  g_autoptr(SegRfmSummary) here = NULL;
  g_autoptr(SegRfmSummary) there = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  GAsyncResult *result = NULL;
  SegRfmOptions options = { .orders = "orders", .customer = "customer", .date = "day", .amount = "price",
                            .invoice = "invoice", .output = "here" };

  g_assert_no_error (error);
  here = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);

  options.output = "there";
  seg_project_rfm_async (fixture->project, &options, NULL, on_rfm_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  there = seg_project_rfm_finish (fixture->project, result, &error);
  release_result (&result);
  g_assert_no_error (error);
  g_assert_cmpint (there->customers, ==, here->customers);
  mine = query_text (fixture->project, "SELECT group_concat (customer || recency || frequency || monetary || segment) FROM here");
  theirs = query_text (fixture->project, "SELECT group_concat (customer || recency || frequency || monetary || segment) FROM there");
  g_assert_cmpstr (mine, ==, theirs);

  before = project_state (fixture->project);
  options.customer = "nobody";
  seg_project_rfm_async (fixture->project, &options, NULL, on_rfm_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (seg_project_rfm_finish (fixture->project, result, &error));
  release_result (&result);
  g_assert_nonnull (strstr (error->message, "--customer"));
  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rfm/hand-computed", ProjectFixture, NULL, project_fixture_set_up, test_hand_computed, project_fixture_tear_down);
  g_test_add ("/rfm/as-of-and-no-invoice", ProjectFixture, NULL, project_fixture_set_up, test_as_of_and_no_invoice, project_fixture_tear_down);
  g_test_add ("/rfm/table-names", ProjectFixture, NULL, project_fixture_set_up, test_table_names, project_fixture_tear_down);
  g_test_add ("/rfm/async", ProjectFixture, NULL, project_fixture_set_up, test_async, project_fixture_tear_down);
  g_test_add ("/rfm/bad-options", ProjectFixture, NULL, project_fixture_set_up, test_bad_options, project_fixture_tear_down);

  return g_test_run ();
}
