/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-predict-table.h"
#include "seg-project-private.h"
#include "seg-test-utils.h"

/* Three customers, cut-off 2024-03-01, horizon 10 days: the test rows are
 * as of 03-01 with the window [03-01, 03-11), the train rows as of 02-20
 * with the window [02-20, 03-01). Worked out by hand:
 *
 * Test, as of 03-01 (A's order on 03-01 is in the window, not a feature):
 *   A  lines 5 (one return of 5), bought 65 in orders I1 I2 I3 on
 *      01-01, 01-11, 02-10: recency 20, tenure 60, gaps 10 and 30 (mean
 *      20, sd 10), overdue 0; since 01-31: 10 in 1 order; items tea, cup,
 *      pot; tea 50/65, cup 5/65. Buys again (40 on 03-01).
 *   B  bought 30 on 02-05 and 20 on 02-25: recency 5, tenure 25, one gap
 *      of 20 (sd 0), overdue -15. Does not buy again in the window.
 *   C  bought 50 on 02-21: recency 9, tenure 9, no gap. Its order of
 *      03-20 is after the window.
 * Train, as of 02-20: A as above but recency 10, tenure 50, since 01-21
 *   10; B bought 30 on 02-05 only, recency 15, and buys again (02-25);
 *   C has no order before 02-20 and is not a train row.
 * Top items before 02-20, by purchase lines: tea (3), then cup and pot
 * (1 each) by name. */
static const char *orders =
  "invoice,day,customer,qty,price,item\n"
  "I1,2024-01-01 10:00,A,2,10,tea\n"
  "I1,2024-01-01 10:00,A,1,5,cup\n"
  "I2,2024-01-11 09:00,A,1,30,tea\n"
  "R1,2024-01-15 09:00,A,-1,5,cup\n"
  "I3,2024-02-10 12:00,A,1,10,pot\n"
  "I4,2024-03-01 08:00,A,1,40,tea\n"
  "I5,2024-02-05 12:00,B,3,10,tea\n"
  "I6,2024-02-25 12:00,B,1,20,pot\n"
  "I7,2024-02-21 12:00,C,1,50,cup\n"
  "I8,2024-03-20 12:00,C,1,5,cup\n";

static SegPredictTableOptions
base_options (void)
{
  return (SegPredictTableOptions) {
    .orders = "orders", .customer = "customer", .date = "day", .quantity = "qty", .price = "price",
    .invoice = "invoice", .item = "item", .cutoff = "2024-03-01", .horizon = 10,
    .target = SEG_PREDICT_BUYS_AGAIN, .top_items = 2,
  };
}

/* Every row of @table, every column but @skip, values as SQLite stores
 * them (reals to 17 digits), for byte-for-byte comparison. */
static char *
dump_rows (SegProject *project,
           const char *sql,
           const char *skip)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          if (skip != NULL && g_str_equal (sqlite3_column_name (stmt, i), skip))
            continue;
          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_NULL:
              g_string_append (out, "NULL");
              break;
            case SQLITE_FLOAT:
              g_string_append_printf (out, "%.17g", sqlite3_column_double (stmt, i));
              break;
            default:
              g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
              break;
            }
          g_string_append_c (out, ',');
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The targets of every row, after building the table for @target. */
static char *
targets_of (ProjectFixture         *fixture,
            SegPredictTableOptions *options,
            SegPredictTarget        target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;

  options->target = target;
  options->replace = TRUE;
  summary = seg_project_predict_table (fixture->project, options, &error);
  g_assert_no_error (error);
  return query_text (fixture->project,
                     "SELECT group_concat (customer || '/' || split || '=' || target, ' ')"
                     " FROM (SELECT * FROM predict ORDER BY split, customer)");
}

static void
test_hand_computed (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autofree char *test = NULL;
  g_autofree char *train = NULL;
  g_autofree char *shares = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *spend = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *churn = NULL;
  g_autofree char *pot = NULL;
  SegPredictTableOptions options = base_options ();

  imported = import_text (fixture, "orders", orders, -1, &error);
  g_assert_no_error (error);

  summary = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->table, ==, "predict");
  g_assert_cmpint (summary->train_rows, ==, 2);
  g_assert_cmpint (summary->test_rows, ==, 3);
  g_assert_cmpint (summary->score_rows, ==, 0);
  g_assert_cmpfloat (summary->train_positive, ==, 0.5);
  g_assert_cmpfloat_with_epsilon (summary->test_positive, 1.0 / 3, 1e-12);
  g_assert_cmpint (summary->lines, ==, 10);

  columns = query_text (fixture->project,
                        "SELECT group_concat (name, ',') FROM pragma_table_info ('predict')");
  g_assert_cmpstr (columns, ==,
                   "customer,split,as_of,recency,frequency,monetary,avg_order_value,tenure,gap_mean,gap_sd,"
                   "overdue,return_line_share,return_value_share,spend_30d,orders_30d,spend_90d,orders_90d,"
                   "items,share_tea,share_cup,target");

  test = dump_rows (fixture->project,
                    "SELECT customer, as_of, recency, frequency, monetary, tenure, gap_mean, gap_sd, overdue,"
                    " return_line_share, spend_30d, orders_30d, spend_90d, orders_90d, items, target"
                    " FROM predict WHERE split = 'test' ORDER BY customer", NULL);
  g_assert_cmpstr (test, ==,
                   "A,2024-03-01,20,3,65,60,20,10,0,0.20000000000000001,10,1,65,3,3,1,\n"
                   "B,2024-03-01,5,2,50,25,20,0,-15,0,50,2,50,2,2,0,\n"
                   "C,2024-03-01,9,1,50,9,NULL,NULL,NULL,0,50,1,50,1,1,0,\n");
  train = dump_rows (fixture->project,
                     "SELECT customer, as_of, recency, frequency, monetary, tenure, spend_30d, orders_30d, target"
                     " FROM predict WHERE split = 'train' ORDER BY customer", NULL);
  g_assert_cmpstr (train, ==,
                   "A,2024-02-20,10,3,65,50,10,1,0,\n"
                   "B,2024-02-20,15,1,30,15,30,1,1,\n");
  shares = query_text (fixture->project,
                       "SELECT printf ('%.6f:%.6f:%.6f:%.6f', share_tea, share_cup, return_value_share, avg_order_value)"
                       " FROM predict WHERE split = 'test' AND customer = 'A'");
  g_assert_cmpstr (shares, ==, "0.769231:0.076923:0.076923:21.666667");

  /* Spend in the window; churn is the complement of buying again. */
  spend = targets_of (fixture, &options, SEG_PREDICT_SPEND);
  g_assert_cmpstr (spend, ==, "A/test=40.0 B/test=0.0 C/test=0.0 A/train=0.0 B/train=20.0");
  /* Last period, the 10 days before each row's as-of day, is the spend
   * target's baseline and not a feature: [02-20, 03-01) for the test
   * rows (B's 20 on 02-25, C's 50 on 02-21), [02-10, 02-20) for the
   * train rows (A's 10 on 02-10). */
  previous = query_text (fixture->project,
                         "SELECT group_concat (customer || '/' || split || '=' || previous, ' ')"
                         " FROM (SELECT * FROM predict ORDER BY split, customer)");
  g_assert_cmpstr (previous, ==, "A/test=0.0 B/test=20.0 C/test=50.0 A/train=10.0 B/train=0.0");
  {
    g_autoptr(SegPredictTableSummary) again = NULL;

    options.target = SEG_PREDICT_SPEND;
    again = seg_project_predict_table (fixture->project, &options, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (g_ptr_array_index (again->features, again->features->len - 1), ==, "share_cup");
  }
  {
    g_autofree char *sentence = seg_predict_describe_previous ("2024-03-01", 10);

    g_assert_cmpstr (sentence, ==, "Spend in the 10 days before 1 Mar 2024: last period’s value, the baseline");
  }
  churn = targets_of (fixture, &options, SEG_PREDICT_CHURN);
  g_assert_cmpstr (churn, ==, "A/test=0 B/test=1 C/test=1 A/train=1 B/train=0");

  /* Buys a given item: B's pot on 02-25 in the train window. */
  options.target_item = "pot";
  pot = targets_of (fixture, &options, SEG_PREDICT_BUYS_ITEM);
  g_assert_cmpstr (pot, ==, "A/test=0 B/test=0 C/test=0 A/train=0 B/train=1");
  {
    g_autofree char *sentence = seg_predict_describe_target (SEG_PREDICT_BUYS_ITEM, "pot", "2024-03-01", 10);

    g_assert_cmpstr (sentence, ==, "Buys “pot” within 10 days of 1 Mar 2024");
  }
}

/* Orders after the cut-off change the targets and nothing else. */
static void
test_no_leakage (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegPredictTableSummary) before = NULL;
  g_autoptr(SegPredictTableSummary) after = NULL;
  g_autofree char *features_before = NULL;
  g_autofree char *features_after = NULL;
  g_autofree char *targets_before = NULL;
  g_autofree char *targets_after = NULL;
  SegPredictTableOptions options = base_options ();
  const char *features_sql = "SELECT * FROM predict WHERE split IN ('train', 'test') ORDER BY split, customer";
  const char *targets_sql = "SELECT customer, split, target FROM predict ORDER BY split, customer";

  imported = import_text (fixture, "orders", orders, -1, &error);
  g_assert_no_error (error);
  options.target = SEG_PREDICT_SPEND;

  before = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);
  features_before = dump_rows (fixture->project, features_sql, "target");
  targets_before = dump_rows (fixture->project, targets_sql, NULL);

  /* A second order of A's and one of B's inside the test window, a new
   * customer and a late return: all on or after the cut-off. */
  g_assert_true (seg_project_exec (fixture->project,
                                   "INSERT INTO orders (invoice, day, customer, qty, price, item) VALUES"
                                   " ('I9', '2024-03-01 00:00', 'A', 1, 7, 'cup'),"
                                   " ('I10', '2024-03-05 10:00', 'B', 2, 15, 'pot'),"
                                   " ('I11', '2024-03-02 10:00', 'D', 1, 99, 'tea'),"
                                   " ('R2', '2024-04-01 10:00', 'A', -1, 30, 'tea'),"
                                   " ('I12', '2024-05-01 10:00', 'C', 9, 100, 'gold')",
                                   &error));
  g_assert_no_error (error);

  options.replace = TRUE;
  after = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);
  features_after = dump_rows (fixture->project, features_sql, "target");
  targets_after = dump_rows (fixture->project, targets_sql, NULL);

  g_assert_cmpstr (features_before, ==, features_after);
  g_assert_cmpstr (targets_before, !=, targets_after);
  g_assert_cmpint (before->test_rows, ==, after->test_rows);
  g_assert_cmpint (before->train_rows, ==, after->train_rows);
  g_assert_cmpstr (targets_after, ==,
                   "A,test,47,\nB,test,30,\nC,test,0,\nA,train,0,\nB,train,20,\n");
}

/* Score rows are as of the day after the last order, without a target;
 * the catalog tells the cut-off, the horizon and the words for each
 * column. */
static void
test_score_and_catalog (ProjectFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(JsonNode) origin = NULL;
  g_autofree char *score = NULL;
  JsonObject *object, *descriptions;
  SegPredictTableOptions options = base_options ();

  imported = import_text (fixture, "orders", orders, -1, &error);
  g_assert_no_error (error);
  g_assert_true (seg_predict_splits_from_string ("test, score", &options.splits, &error));
  g_assert_no_error (error);
  options.output = "scored";

  summary = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->train_rows, ==, 0);
  g_assert_cmpint (summary->test_rows, ==, 3);
  g_assert_cmpint (summary->score_rows, ==, 3);
  g_assert_cmpstr (summary->score_as_of, ==, "2024-03-21");
  score = dump_rows (fixture->project,
                     "SELECT customer, as_of, recency, frequency, monetary, target FROM scored"
                     " WHERE split = 'score' ORDER BY customer", NULL);
  g_assert_cmpstr (score, ==,
                   "A,2024-03-21,20,4,105,NULL,\n"
                   "B,2024-03-21,25,2,50,NULL,\n"
                   "C,2024-03-21,1,2,55,NULL,\n");

  info = seg_project_get_table (fixture->project, "scored", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->rows, ==, 6);
  origin = json_from_string (info->origin, &error);
  g_assert_no_error (error);
  object = json_node_get_object (origin);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "predict-table");
  g_assert_cmpstr (json_object_get_string_member (object, "cutoff"), ==, "2024-03-01");
  g_assert_cmpint (json_object_get_int_member (object, "horizon"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (object, "target"), ==, "buys-again");
  g_assert_cmpstr (json_object_get_string_member (object, "target_description"), ==,
                   "Buys again within 10 days of 1 Mar 2024");
  descriptions = json_object_get_object_member (object, "descriptions");
  g_assert_cmpstr (json_object_get_string_member (descriptions, "recency"), ==,
                   "Days since the last order before 1 Mar 2024");
  g_assert_cmpstr (json_object_get_string_member (descriptions, "share_tea"), ==,
                   "Share of spend on “tea” before 1 Mar 2024");
}

/* Columns named in Chinese are recognised without options; a customers
 * table's columns are joined on its key. */
static void
test_chinese_headers (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegImportSummary) people = NULL;
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *chinese = NULL;
  g_auto(GStrv) lines = g_strsplit (orders, "\n", -1);
  g_autoptr(GString) text = g_string_new ("订单号,日期,客户,数量,单价,商品\n");

  for (guint i = 1; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_string_append_printf (text, "%s\n", lines[i]);
  chinese = g_string_free (g_steal_pointer (&text), FALSE);
  imported = import_text (fixture, "订单", chinese, -1, &error);
  g_assert_no_error (error);
  /* A date and a text with more values than a model takes (here, one a
   * customer of 60) are joined but not learnt from. */
  {
    g_autoptr(GString) csv = g_string_new ("客户,城市,年龄,注册日期,邮箱\nA,上海,31,2023-01-05,a@example.com\n"
                                           "C,北京,40,2023-02-11,c@example.com\n");

    for (int i = 0; i < SEG_MAX_CATEGORIES + 10; i++)
      g_string_append_printf (csv, "X%d,上海,50,2023-03-01,x%d@example.com\n", i, i);
    people = import_text (fixture, "people", csv->str, -1, &error);
  }
  g_assert_no_error (error);

  summary = seg_project_predict_table (fixture->project,
                                       &(SegPredictTableOptions) { .orders = "订单", .cutoff = "2024-03-01",
                                                                   .horizon = 10, .customers_table = "people" },
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->test_rows, ==, 3);
  {
    gboolean city = FALSE, age = FALSE, signed_up = FALSE, mail = FALSE;

    for (guint i = 0; i < summary->features->len; i++)
      {
        const char *name = g_ptr_array_index (summary->features, i);

        city |= g_str_equal (name, "城市");
        age |= g_str_equal (name, "年龄");
        signed_up |= g_str_equal (name, "注册日期");
        mail |= g_str_equal (name, "邮箱");
      }
    g_assert_true (city && age);
    g_assert_false (signed_up || mail);
    g_assert_cmpint (query_int (fixture->project,
                                "SELECT count (*) FROM predict WHERE 邮箱 = 'a@example.com' AND 注册日期 IS NOT NULL"), ==, 2);
  }
  rows = dump_rows (fixture->project,
                    "SELECT customer, split, recency, frequency, monetary, 城市, 年龄, target FROM predict ORDER BY split, customer",
                    NULL);
  g_assert_cmpstr (rows, ==,
                   "A,test,20,3,65,上海,31,1,\n"
                   "B,test,5,2,50,NULL,NULL,0,\n"
                   "C,test,9,1,50,北京,40,0,\n"
                   "A,train,10,3,65,上海,31,0,\n"
                   "B,train,15,1,30,NULL,NULL,1,\n");
}

static void
test_bad_options (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegPredictTableSummary) first = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const struct { SegPredictTableOptions options; const char *words; } cases[] = {
    { { .orders = "orders", .customer = "client", .date = "day", .amount = "price", .cutoff = "2024-03-01", .horizon = 10 }, "--customer" },
    { { .orders = "orders", .date = "customer", .amount = "price", .cutoff = "2024-03-01", .horizon = 10 }, "--date" },
    { { .orders = "orders", .amount = "item", .cutoff = "2024-03-01", .horizon = 10 }, "--amount" },
    { { .orders = "orders", .cutoff = "2024-01-01", .horizon = 10 }, "--cutoff" },
    { { .orders = "orders", .cutoff = "2023-06-01", .horizon = 10 }, "--cutoff" },
    { { .orders = "orders", .cutoff = "2024-04-01", .horizon = 10, .splits = SEG_PREDICT_SPLIT_SCORE }, "--cutoff" },
    { { .orders = "orders", .cutoff = "2024-03-15", .horizon = 10 }, "needs orders up to 2024-03-24" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = 0 }, "--horizon" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = -3 }, "--horizon" },
    { { .orders = "orders", .cutoff = "2024-01-05", .horizon = 10 }, "--horizon" },
    { { .orders = "orders", .cutoff = "1 March", .horizon = 10 }, "--cutoff" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = 10, .item = "item", .target = SEG_PREDICT_BUYS_ITEM, .target_item = "kettle" }, "--target-item" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = 10, .item = "colour" }, "--item" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = 10, .customers_table = "nope" }, "--customers-table" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = 10, .segment_run = 42 }, "--segment-run" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = 10, .output = "first" }, "--output" },
    { { .orders = "orders", .cutoff = "2024-03-01", .horizon = 10, .output = "orders", .replace = TRUE }, "--output" },
  };

  imported = import_text (fixture, "orders", orders, -1, &error);
  g_assert_no_error (error);
  first = seg_project_predict_table (fixture->project,
                                     &(SegPredictTableOptions) { .orders = "orders", .cutoff = "2024-03-01", .horizon = 10,
                                                                 .output = "first" },
                                     &error);
  g_assert_no_error (error);
  before = project_state (fixture->project);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_null (seg_project_predict_table (fixture->project, &cases[i].options, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_clear_error (&error);
    }

  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
}

/* In a worker, the same table as on the calling thread, with progress
 * that only goes forward and ends at 1. */
static void
test_async (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = import_text (fixture, "orders", orders, -1, &error);
  g_autoptr(SegPredictTableSummary) here = NULL;
  g_autoptr(SegPredictTableSummary) there = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  GAsyncResult *result = NULL;
  SegPredictTableOptions options = base_options ();
  double last = 0.0;

  g_assert_no_error (error);
  options.output = "here";
  here = seg_project_predict_table (fixture->project, &options, &error);
  g_assert_no_error (error);

  options.output = "there";
  seg_project_predict_table_async (fixture->project, &options, seg_test_check_progress, &last, NULL, seg_test_keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  there = seg_project_predict_table_finish (fixture->project, result, &error);
  release_result (&result);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpint (there->test_rows, ==, here->test_rows);
  mine = dump_rows (fixture->project, "SELECT * FROM here", NULL);
  theirs = dump_rows (fixture->project, "SELECT * FROM there", NULL);
  g_assert_cmpstr (mine, ==, theirs);
}

/* Cancelling leaves the project as it was. */
static void
test_cancel (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(GString) text = g_string_new ("invoice,day,customer,amount\n");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SegPredictTableOptions options = { .orders = "orders", .cutoff = "2024-06-01", .horizon = 30 };
  volatile int cancel = 1;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "I%u,2024-%02u-%02u,C%u,%u\n", i, 1 + i % 12, 1 + i % 28, i % 3000, 1 + i % 50);
  imported = import_text (fixture, "orders", text->str, text->len, &error);
  g_assert_no_error (error);
  before = project_state (fixture->project);

  g_assert_null (seg_project_predict_table_full (fixture->project, &options, NULL, NULL, &cancel, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/predict-table/hand-computed", ProjectFixture, NULL,
              project_fixture_set_up, test_hand_computed, project_fixture_tear_down);
  g_test_add ("/predict-table/no-leakage", ProjectFixture, NULL,
              project_fixture_set_up, test_no_leakage, project_fixture_tear_down);
  g_test_add ("/predict-table/score-and-catalog", ProjectFixture, NULL,
              project_fixture_set_up, test_score_and_catalog, project_fixture_tear_down);
  g_test_add ("/predict-table/chinese-headers", ProjectFixture, NULL,
              project_fixture_set_up, test_chinese_headers, project_fixture_tear_down);
  g_test_add ("/predict-table/bad-options", ProjectFixture, NULL,
              project_fixture_set_up, test_bad_options, project_fixture_tear_down);
  g_test_add ("/predict-table/async", ProjectFixture, NULL,
              project_fixture_set_up, test_async, project_fixture_tear_down);
  g_test_add ("/predict-table/cancel", ProjectFixture, NULL,
              project_fixture_set_up, test_cancel, project_fixture_tear_down);

  return g_test_run ();
}
