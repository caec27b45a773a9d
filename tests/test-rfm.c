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
  seg_project_rfm_async (fixture->project, &options, NULL, seg_test_keep_result, &result);
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
  seg_project_rfm_async (fixture->project, &options, NULL, seg_test_keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (seg_project_rfm_finish (fixture->project, result, &error));
  release_result (&result);
  g_assert_nonnull (strstr (error->message, "--customer"));
  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
}

/* The table as the single SQL statement that computed it before the
 * lines were streamed: grouping the lines by customer in SQLite. The
 * streamed computation must give the same rows, value for value. */
#define REFERENCE_SEGMENT \
  "CASE" \
  " WHEN r_score = 1 AND f_score = 1 THEN 'Lost'" \
  " WHEN r_score <= 2 AND f_score <= 2 THEN 'Hibernating'" \
  " WHEN r_score <= 2 AND f_score <= 4 THEN 'At risk'" \
  " WHEN r_score <= 2 THEN 'Can''t lose them'" \
  " WHEN r_score = 3 AND f_score <= 2 THEN 'About to sleep'" \
  " WHEN r_score = 3 AND f_score = 3 THEN 'Need attention'" \
  " WHEN r_score <= 4 AND f_score >= 4 THEN 'Loyal'" \
  " WHEN r_score = 4 AND f_score = 1 THEN 'Promising'" \
  " WHEN r_score = 5 AND f_score = 1 THEN 'New'" \
  " WHEN f_score <= 3 THEN 'Potential loyalist'" \
  " ELSE 'Champions' END"
#define REFERENCE_SCORE(order) "1 + (5 * (rank () OVER (ORDER BY " order ") - 1)) / count (*) OVER ()"

static void
make_reference (SegProject *project,
                const char *order_key,
                const char *value,
                const char *as_of,
                gboolean    net)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("DROP TABLE IF EXISTS reference;"
                         "CREATE TABLE reference AS "
                         "WITH seg_lines AS ("
                         "  SELECT CAST (customer AS TEXT) AS customer, date (day) AS day, %s AS order_key,"
                         "         CAST (%s AS REAL) AS value"
                         "  FROM orders"
                         "  WHERE customer IS NOT NULL AND date (day) IS NOT NULL AND %s IS NOT NULL"
                         "    AND date (day) < %s),"
                         " seg_customers AS ("
                         "  SELECT customer,"
                         "         min (day) FILTER (WHERE value > 0) AS first_purchase,"
                         "         max (day) FILTER (WHERE value > 0) AS last_purchase,"
                         "         count (DISTINCT order_key) FILTER (WHERE value > 0) AS frequency,"
                         "         total (value) FILTER (WHERE value > 0) AS gross,"
                         "         total (value) AS net"
                         "  FROM seg_lines GROUP BY customer),"
                         " seg_measured AS ("
                         "  SELECT customer, first_purchase, last_purchase, frequency,"
                         "         round (CASE WHEN %d THEN net ELSE gross END, 2) AS monetary,"
                         "         CAST (julianday (%s) - julianday (last_purchase) AS INTEGER) AS recency,"
                         "         CAST (julianday (%s) - julianday (first_purchase) AS INTEGER) AS tenure"
                         "  FROM seg_customers WHERE frequency > 0),"
                         " seg_scored AS ("
                         "  SELECT *, " REFERENCE_SCORE ("recency DESC") " AS r_score,"
                         "         " REFERENCE_SCORE ("frequency") " AS f_score,"
                         "         " REFERENCE_SCORE ("monetary") " AS m_score"
                         "  FROM seg_measured)"
                         " SELECT customer, recency, frequency, monetary, first_purchase, last_purchase,"
                         "        tenure, round (monetary / frequency, 2) AS avg_order_value, r_score, f_score, m_score,"
                         "        r_score * 100 + f_score * 10 + m_score AS rfm_score, " REFERENCE_SEGMENT " AS segment"
                         " FROM seg_scored ORDER BY customer",
                         order_key, value, value, as_of, net, as_of, as_of);
  seg_project_exec (project, sql, &error);
  g_assert_no_error (error);
}

static void
assert_same_as_reference (SegProject *project)
{
  gint64 rows = query_int (project, "SELECT count (*) FROM reference");
  gint64 same = query_int (project,
                           "SELECT count (*) FROM rfm r JOIN reference x ON r.rowid = x.rowid"
                           " WHERE r.customer IS x.customer AND r.recency IS x.recency AND r.frequency IS x.frequency"
                           " AND r.monetary IS x.monetary AND r.first_purchase IS x.first_purchase"
                           " AND r.last_purchase IS x.last_purchase AND r.tenure IS x.tenure"
                           " AND r.avg_order_value IS x.avg_order_value AND r.r_score IS x.r_score"
                           " AND r.f_score IS x.f_score AND r.m_score IS x.m_score AND r.rfm_score IS x.rfm_score"
                           " AND r.segment IS x.segment");

  if (g_test_verbose ())
    {
      g_autofree char *diff = query_text (project,
                                          "SELECT group_concat (a, ' | ') FROM (SELECT r.customer || ':' || r.recency || ':' || r.frequency || ':' || r.monetary"
                                          " || ':' || r.first_purchase || ':' || r.last_purchase || ':' || r.r_score || r.f_score || r.m_score || ' vs '"
                                          " || x.customer || ':' || x.recency || ':' || x.frequency || ':' || x.monetary"
                                          " || ':' || x.first_purchase || ':' || x.last_purchase || ':' || x.r_score || x.f_score || x.m_score AS a"
                                          " FROM rfm r JOIN reference x ON r.rowid = x.rowid"
                                          " WHERE r.customer IS NOT x.customer OR r.recency IS NOT x.recency OR r.frequency IS NOT x.frequency"
                                          " OR r.monetary IS NOT x.monetary OR r.first_purchase IS NOT x.first_purchase"
                                          " OR r.last_purchase IS NOT x.last_purchase OR r.avg_order_value IS NOT x.avg_order_value"
                                          " OR r.rfm_score IS NOT x.rfm_score LIMIT 5)");
      g_test_message ("differences: %s", diff != NULL ? diff : "none");
    }
  g_assert_cmpint (rows, >, 100);
  g_assert_cmpint (query_int (project, "SELECT count (*) FROM rfm"), ==, rows);
  g_assert_cmpint (same, ==, rows);
}

/* Random order lines with the awkward cases: returns, lines without an
 * invoice or a customer, invoice numbers shared between customers, dates
 * with and without a time and ones only SQLite's date() reads (a day past
 * the end of the month, a time zone, a 'T'), and unreadable ones; the
 * customers named by codes, or (@data non-NULL) by integers, negative
 * and of fifteen digits, which are named as their text. */
static void
test_same_as_sql (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GString) csv = g_string_new ("invoice,day,customer,qty,price,amount\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;

  for (guint i = 0; i < 20000; i++)
    {
      int customer = g_rand_int_range (rand, 0, 1500);
      int month = g_rand_int_range (rand, 1, 13);
      int day = g_rand_int_range (rand, 1, 29);
      int qty = g_rand_int_range (rand, -1, 6);
      int cents = g_rand_int_range (rand, 1, 100000);
      int hour = g_rand_int_range (rand, 0, 24);
      int minute = g_rand_int_range (rand, 0, 60);
      int invoice = g_rand_int_range (rand, 0, 6000);

      if (qty == 0)
        qty = 1;
      if (i % 17 != 0)
        g_string_append_printf (csv, "INV%d", invoice);
      g_string_append_printf (csv, ",%04d-%02d-%02d %02d:%02d:%02d,", 2022 + (int) (i % 3), month, day, hour, minute, (int) (i % 60));
      if (i % 101 != 0 && data == NULL)
        g_string_append_printf (csv, "C%04d", customer);
      else if (i % 101 != 0)
        g_string_append_printf (csv, "%" G_GINT64_FORMAT,
                                customer == 0 ? G_GINT64_CONSTANT (999999999999999)
                                : customer == 1 ? G_GINT64_CONSTANT (-999999999999999)
                                : (gint64) (customer - 700) * 1000003);
      g_string_append_printf (csv, ",%d,%d.%02d,%.2f\n", qty, cents / 100, cents % 100, qty * cents / 100.0);
    }
  imported = import_text (fixture, "orders", csv->str, csv->len, &error);
  g_assert_no_error (error);

  /* Dates that only SQLite's own date() reads, or that it rejects. */
  seg_project_exec (fixture->project,
                    "UPDATE orders SET day = '2023-02-30 10:00:00' WHERE rowid % 89 = 0;"
                    "UPDATE orders SET day = substr (day, 1, 10) || 'T' || substr (day, 12) || 'Z' WHERE rowid % 97 = 0;"
                    "UPDATE orders SET day = '2023-13-01' WHERE rowid % 103 = 0;"
                    "UPDATE orders SET day = substr (day, 1, 10) WHERE rowid % 7 = 0;"
                    "UPDATE orders SET day = NULL WHERE rowid % 109 = 0;"
                    "UPDATE orders SET price = NULL WHERE rowid % 113 = 0;",
                    &error);
  g_assert_no_error (error);

  {
    struct { SegRfmOptions options; const char *key; const char *value; const char *as_of; } cases[] = {
      { { .quantity = "qty", .price = "price", .invoice = "invoice" }, "invoice", "(qty * price)", NULL },
      { { .quantity = "qty", .price = "price", .invoice = "invoice", .net_returns = TRUE }, "invoice", "(qty * price)", NULL },
      { { .amount = "amount" }, "date (day)", "amount", NULL },
      { { .amount = "amount", .invoice = "invoice", .as_of = "2023-06-15" }, "invoice", "amount", "'2023-06-15'" },
      { { .quantity = "qty", .price = "price", .as_of = "2023-02-01", .net_returns = TRUE }, "date (day)", "(qty * price)", "'2023-02-01'" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(SegRfmSummary) summary = NULL;
        g_autofree char *as_of = NULL;

        cases[i].options.orders = "orders";
        cases[i].options.customer = "customer";
        cases[i].options.date = "day";
        cases[i].options.replace = TRUE;
        summary = seg_project_rfm (fixture->project, &cases[i].options, &error);
        g_assert_no_error (error);

        as_of = cases[i].as_of != NULL ? g_strdup (cases[i].as_of)
                                       : g_strdup ("(SELECT date (max (day), '+1 day') FROM orders)");
        make_reference (fixture->project, cases[i].key, cases[i].value, as_of, cases[i].options.net_returns);
        assert_same_as_reference (fixture->project);
        g_assert_cmpint (summary->customers, ==, query_int (fixture->project, "SELECT count (*) FROM reference"));
      }
  }
}

/* SQLite's round (X, 2), which the stored figures keep. */
static void
test_rounding (ProjectFixture *fixture,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(GString) csv = g_string_new ("invoice,day,customer,amount\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  /* Sums of many lines of awkward values, and averages over many orders. */
  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (csv, "I%u,2024-01-%02u,C%u,%.*f\n", i, 1 + i % 28, i % 2000,
                            (int) (i % 4), g_rand_double_range (rand, -50, 1000) / (1 + i % 7));
  imported = import_text (fixture, "orders", csv->str, csv->len, &error);
  g_assert_no_error (error);
  summary = seg_project_rfm (fixture->project,
                             &(SegRfmOptions) { .orders = "orders", .customer = "customer", .date = "day",
                                                .amount = "amount", .invoice = "invoice", .net_returns = TRUE },
                             &error);
  g_assert_no_error (error);
  make_reference (fixture->project, "invoice", "amount", "(SELECT date (max (day), '+1 day') FROM orders)", TRUE);
  assert_same_as_reference (fixture->project);
}

static void
cancel_at_half (double   fraction,
                gpointer data)
{
  if (fraction >= 0.45)
    g_atomic_int_set ((int *) data, 1);
}

/* Progress rises to 1 while the lines stream; a cancel during the
 * streaming stops the work and leaves the project as it was. */
static void
test_progress_and_cancel (ProjectFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(GString) csv = g_string_new ("invoice,day,customer,amount\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SegRfmOptions options = { .orders = "orders", .customer = "customer", .date = "day", .amount = "amount",
                            .invoice = "invoice" };
  double last = 0.0;
  volatile int cancel = 0;

  for (guint i = 0; i < 300000; i++)
    g_string_append_printf (csv, "I%u,2024-%02u-%02u,C%u,%u.50\n", i / 3, 1 + i % 12, 1 + i % 28, i % 5000, i % 90);
  imported = import_text (fixture, "orders", csv->str, csv->len, &error);
  g_assert_no_error (error);

  before = project_state (fixture->project);
  g_assert_null (seg_project_rfm_full (fixture->project, &options, cancel_at_half, (gpointer) &cancel, &cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);

  summary = seg_project_rfm_full (fixture->project, &options, seg_test_check_progress, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpint (summary->customers, ==, 5000);
  g_assert_cmpint (summary->lines, ==, 300000);
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
  g_test_add ("/rfm/same-as-sql", ProjectFixture, NULL, project_fixture_set_up, test_same_as_sql, project_fixture_tear_down);
  g_test_add ("/rfm/same-as-sql-integer-customers", ProjectFixture, "integer", project_fixture_set_up, test_same_as_sql,
              project_fixture_tear_down);
  g_test_add ("/rfm/rounding", ProjectFixture, NULL, project_fixture_set_up, test_rounding, project_fixture_tear_down);
  g_test_add ("/rfm/progress-and-cancel", ProjectFixture, NULL, project_fixture_set_up, test_progress_and_cancel, project_fixture_tear_down);
  g_test_add ("/rfm/bad-options", ProjectFixture, NULL, project_fixture_set_up, test_bad_options, project_fixture_tear_down);

  return g_test_run ();
}
