/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-test-utils.h"
#include "seg-error.h"
#include "seg-offer-list-private.h"
#include "seg-recommender-model.h"
#include "seg-segment.h"

/*
 * The list of a recommendation run's offers that the Recommendations
 * page pages through: its counts, its orders, its filters and the
 * target list it writes.
 */

/* Twelve customers; c01 … c06 like tea, c07 … c12 like cups. */
static const char orders_csv[] =
  "invoice,customer_id,sku\n"
  "1,c01,tea-a\n2,c01,tea-b\n3,c02,tea-a\n4,c02,tea-c\n5,c03,tea-b\n6,c03,tea-c\n"
  "7,c04,tea-a\n8,c05,tea-d\n9,c05,tea-a\n10,c06,tea-b\n11,c06,tea-d\n"
  "12,c07,cup-a\n13,c07,cup-b\n14,c08,cup-a\n15,c08,cup-c\n16,c09,cup-b\n17,c09,cup-c\n"
  "18,c10,cup-a\n19,c11,cup-d\n20,c11,cup-a\n21,c12,cup-b\n22,c12,cup-d\n23,c12,tea-a\n";

/* Names, ways to reach them, and a name a spreadsheet would run. */
static const char customers_csv[] =
  "customer_id,name,email,phone,city,birth_year\n"
  "c01,Alice Wong,alice@example.com,555-0101,Paris,1980\n"
  "c02,王博文,bowen@example.com,555-0102,南京,1971\n"
  "c03,=HYPERLINK(\"http://x\"),evil@example.com,555-0103,Lyon,1990\n"
  "c04,Dan Brown,dan@example.com,555-0104,Oslo,1985\n"
  "c05,Eve Adams,eve@example.com,555-0105,Rome,1979\n"
  "c06,Frank Li,frank@example.com,555-0106,Bern,1960\n"
  "c07,Grace Hopper,grace@example.com,555-0107,NYC,1906\n"
  "c08,Heidi Klum,heidi@example.com,555-0108,Köln,1973\n"
  "c09,Ivan Petrov,ivan@example.com,555-0109,Kyiv,1988\n"
  "c10,Judy Garland,judy@example.com,555-0110,LA,1922\n"
  "c11,Ken Thompson,ken@example.com,555-0111,Reno,1943\n";

typedef struct
{
  ProjectFixture parent;
  gint64         run;
} OffersFixture;

static void
offers_set_up (OffersFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(SegImportSummary) orders = NULL;
  g_autoptr(SegImportSummary) customers = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("item-knn", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  project_fixture_set_up (&fixture->parent, data);
  orders = import_text (&fixture->parent, "orders", orders_csv, -1, &error);
  g_assert_no_error (error);
  customers = import_text (&fixture->parent, "customers", customers_csv, -1, &error);
  g_assert_no_error (error);

  g_object_set (model, "table", "orders", "user", "customer_id", "item", "sku", "top", 3, NULL);
  run = seg_run_new_for_model (fixture->parent.project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  fixture->run = seg_run_get_record (run)->id;
  /* The queries below name its table. */
  g_assert_cmpint (fixture->run, ==, 1);
}

static void
offers_tear_down (OffersFixture *fixture,
                  gconstpointer  data)
{
  project_fixture_tear_down (&fixture->parent, data);
}

static SegOfferRow *
row_at (SegOfferList *list,
        guint         i)
{
  SegOfferRow *row = g_list_model_get_item (G_LIST_MODEL (list), i);

  g_assert_nonnull (row);
  g_object_unref (row);  /* the list's page keeps it */
  return row;
}

/* Opened, the list shows every offer in the order the run wrote them,
 * with the customers' names from the customers table. */
static void
test_counts (OffersFixture *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  g_autofree char *first = query_text (fixture->parent.project,
                                      "SELECT customer || '/' || item FROM run_1 ORDER BY rowid LIMIT 1");
  g_autofree char *shown = NULL;
  g_autofree char *max_score = query_text (fixture->parent.project, "SELECT max (score) FROM run_1");
  gint64 count = query_int (fixture->parent.project, "SELECT count (*) FROM run_1");
  SegOfferFilter all = { 0 };
  SegOfferRow *row;
  GStrv contacts;

  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_cmpint (count, >, 12);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count);
  g_assert_cmpuint (seg_offer_list_get_n_total (list), ==, count);
  g_assert_false (seg_offer_list_get_filtered (list));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), count));

  row = row_at (list, 0);
  shown = g_strdup_printf ("%s/%s", seg_offer_row_get_customer (row), seg_offer_row_get_item (row));
  g_assert_cmpstr (shown, ==, first);
  g_assert_cmpint (seg_offer_row_get_rank (row), ==, 1);
  g_assert_cmpstr (seg_offer_list_get_people (list), ==, "customers");
  g_assert_cmpstr (seg_offer_row_get_name (row), ==, "Alice Wong");

  /* The contacts: name, e-mail, phone and city, not the birth year. */
  contacts = seg_offer_list_get_contacts (list);
  g_assert_nonnull (contacts);
  g_assert_true (g_strv_contains ((const char *const *) contacts, "name"));
  g_assert_true (g_strv_contains ((const char *const *) contacts, "email"));
  g_assert_true (g_strv_contains ((const char *const *) contacts, "phone"));
  g_assert_true (g_strv_contains ((const char *const *) contacts, "city"));
  g_assert_false (g_strv_contains ((const char *const *) contacts, "birth_year"));

  /* The first query tells the customers and the best score. */
  g_assert_true (seg_offer_list_query (list, &all, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seg_offer_list_get_n_customers (list), ==,
                    query_int (fixture->parent.project, "SELECT count (DISTINCT customer) FROM run_1"));
  g_assert_cmpfloat_with_epsilon (seg_offer_list_get_max_score (list), g_ascii_strtod (max_score, NULL), 1e-12);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count);
}

/* Sorted by score the scores fall; sorted by name, each customer's
 * offers stay together, best first, the names in order. */
static void
test_sort (OffersFixture *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  SegOfferFilter filter = { .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE };
  guint n;

  g_assert_no_error (error);
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, seg_offer_list_get_n_total (list));
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (seg_offer_row_get_score (row_at (list, i - 1)), >=, seg_offer_row_get_score (row_at (list, i)));

  filter.sort = SEG_OFFER_SORT_NAME;
  filter.descending = FALSE;
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  for (guint i = 1; i < n; i++)
    {
      SegOfferRow *a = row_at (list, i - 1);
      SegOfferRow *b = row_at (list, i);

      if (g_str_equal (seg_offer_row_get_customer (a), seg_offer_row_get_customer (b)))
        g_assert_cmpint (seg_offer_row_get_rank (a), <, seg_offer_row_get_rank (b));
      else if (seg_offer_row_get_name (b) != NULL)
        g_assert_cmpstr (seg_offer_row_get_name (a), <, seg_offer_row_get_name (b));
      else
        g_assert_cmpint (seg_offer_row_get_rank (b), ==, 1);
    }
  /* c12 has no name: last. */
  g_assert_cmpstr (seg_offer_row_get_customer (row_at (list, n - 1)), ==, "c12");

  filter.sort = SEG_OFFER_SORT_CUSTOMER;
  filter.descending = TRUE;
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  g_assert_cmpstr (seg_offer_row_get_customer (row_at (list, 0)), ==, "c12");
  g_assert_cmpstr (seg_offer_row_get_customer (row_at (list, n - 1)), ==, "c01");

  filter.sort = SEG_OFFER_SORT_RANK;
  filter.descending = FALSE;
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (seg_offer_row_get_rank (row_at (list, i - 1)), <=, seg_offer_row_get_rank (row_at (list, i)));
}

static void
assert_only (SegOfferList      *list,
             const char *const *customers)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_auto(GStrv) shown = seg_offer_list_dup_customers (list);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    g_assert_true (g_strv_contains (customers, seg_offer_row_get_customer (row_at (list, i))));
  g_assert_cmpuint (g_strv_length (shown), ==, g_strv_length ((GStrv) customers));
  g_assert_cmpuint (seg_offer_list_get_n_customers (list), ==, g_strv_length ((GStrv) customers));
  g_assert_true (seg_offer_list_get_filtered (list));
}

/* The search finds customers by key or name in any case; a segment, a
 * selection and the search together keep what all of them keep. */
static void
test_filters (OffersFixture *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  const char *const alice[] = { "c01", NULL };
  const char *const bowen[] = { "c02", NULL };
  const char *const pair[] = { "c04", "c05", NULL };
  const char *const selected[] = { "c05", "c06", "c07", NULL };
  const char *const nobody[] = { "nobody", NULL };
  const char *const c05[] = { "c05", NULL };
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(JsonNode) source = NULL;
  SegOfferFilter filter = { .search = "ALICE" };

  g_assert_no_error (error);
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  assert_only (list, alice);

  filter.search = "c02";
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  assert_only (list, bowen);
  filter.search = "博文";
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  assert_only (list, bowen);

  source = json_from_string ("{\"test\": true}", NULL);
  segment = seg_project_save_segment (fixture->parent.project, "Pair", pair, source, &error);
  g_assert_no_error (error);
  filter.search = NULL;
  filter.segment = seg_segment_get_id (segment);
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  assert_only (list, pair);

  filter.keys = selected;
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  assert_only (list, c05);

  /* Sorted by score the filter still holds. */
  filter.sort = SEG_OFFER_SORT_SCORE;
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  assert_only (list, c05);

  filter.segment = 0;
  filter.keys = nobody;
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (seg_offer_list_get_n_customers (list), ==, 0);

  /* A segment that is gone is named; the list shows what it did. */
  filter.keys = NULL;
  filter.segment = 999;
  g_assert_false (seg_offer_list_query (list, &filter, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (seg_offer_list_query_finish (SEG_OFFER_LIST (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Lets go of @list and waits until its workers and their messages to
 * the main context have let go of it too. */
static void
release_list (SegOfferList **list)
{
  SegOfferList *weak = *list;

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_clear_object (list);
  for (guint i = 0; weak != NULL && i < 5000; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (weak != NULL)
        g_usleep (1000);
    }
  g_assert_null (weak);
}

/* In a worker, as the page asks. */
static void
test_async (OffersFixture *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  const char *const alice[] = { "c01", NULL };
  SegOfferFilter filter = { .search = "wong", .sort = SEG_OFFER_SORT_ITEM };
  gboolean done = FALSE;

  seg_offer_list_query_async (list, &filter, NULL, on_queried, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  assert_only (list, alice);

  /* The worker lets go of the list a moment after it answers. */
  release_list (&list);
}

/* The target list: BOM, header, contacts, only the rows shown, and a
 * name that would run as a formula guarded. */
static void
test_export (OffersFixture *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  const char *const some[] = { "c01", "c03", NULL };
  SegOfferFilter filter = { .keys = some, .sort = SEG_OFFER_SORT_SCORE };
  g_autofree char *path = g_build_filename (fixture->parent.dir, "targets.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  g_assert_true (seg_offer_list_query (list, &filter, &error));
  g_assert_true (seg_offer_list_export (list, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf"));
  lines = g_strsplit (contents + 3, "\r\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpstr (lines[0], ==, "customer,rank,item,item_name,score,reason,name,email,phone,city");
  /* A header, a line per row shown, and the empty end. */
  g_assert_cmpuint (n_lines, ==, g_list_model_get_n_items (G_LIST_MODEL (list)) + 2);
  for (guint i = 1; i + 1 < n_lines; i++)
    g_assert_true (g_str_has_prefix (lines[i], "c01,") || g_str_has_prefix (lines[i], "c03,"));
  g_assert_nonnull (strstr (contents, ",Alice Wong,alice@example.com,555-0101,Paris"));
  g_assert_nonnull (strstr (contents, ",\"'=HYPERLINK(\"\"http://x\"\")\",evil@example.com"));
  g_assert_null (strstr (contents, "1980"));
  g_assert_null (strstr (contents, "c02"));
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GError **error = data;

  if (!seg_offer_list_export_finish (SEG_OFFER_LIST (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* Exports in a worker on a connection of its own: the same file as the
 * export in place, of the rows shown when asked, even when the list
 * changes meanwhile; a folder that is not there fails and leaves the
 * list as it was. */
static void
test_export_async (OffersFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  const char *const some[] = { "c02", "c12", NULL };
  SegOfferFilter filter = { .keys = some, .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE };
  g_autofree char *here = g_build_filename (fixture->parent.dir, "here.csv", NULL);
  g_autofree char *there = g_build_filename (fixture->parent.dir, "there.csv", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->parent.dir, "no-such-folder", "x.csv", NULL);
  g_autoptr(GFile) here_file = g_file_new_for_path (here);
  g_autoptr(GFile) there_file = g_file_new_for_path (there);
  g_autoptr(GFile) nowhere_file = g_file_new_for_path (nowhere);
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  guint n;

  g_assert_true (seg_offer_list_query (list, &filter, &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_true (seg_offer_list_export (list, here_file, NULL, &error));
  g_assert_no_error (error);

  seg_offer_list_export_async (list, there_file, NULL, on_exported, &error);
  /* The list changes while the worker writes. */
  g_assert_true (seg_offer_list_query (list, &(SegOfferFilter) { 0 }, &error));
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (here, &expected, NULL, NULL));
  g_assert_true (g_file_get_contents (there, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_assert_nonnull (strstr (written, "c12"));
  g_assert_null (strstr (written, "c01,"));
  g_assert_cmpuint (n, <, g_list_model_get_n_items (G_LIST_MODEL (list)));

  seg_offer_list_export_async (list, nowhere_file, NULL, on_exported, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  /* The worker lets go of the list only once it has returned. */
  while (G_OBJECT (list)->ref_count > 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Rows deleted from the result table: the list reads every row to tell
 * the customers apart and still shows and filters them all. */
static void
test_gaps (OffersFixture *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = NULL;
  const char *const some[] = { "c01", "c03", NULL };
  SegOfferFilter filter = { .keys = some };
  g_autofree char *sql = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->parent.project),
                                 "DELETE FROM run_1 WHERE customer = 'c02' OR (customer = 'c04' AND rank = 1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  count = query_int (fixture->parent.project, "SELECT count (*) FROM run_1");
  /* As the catalog would tell after rows are deleted. */
  sql = g_strdup_printf ("UPDATE seg_tables SET row_count = %" G_GINT64_FORMAT " WHERE name = 'run_1'", count);
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->parent.project), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count);
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  assert_only (list, some);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int (fixture->parent.project, "SELECT count (*) FROM run_1 WHERE customer IN ('c01', 'c03')"));
  filter.keys = NULL;
  filter.search = "c04";
  g_assert_true (seg_offer_list_query (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int (fixture->parent.project, "SELECT count (*) FROM run_1 WHERE customer = 'c04'"));
}

/* The rows a filter shows, one line each, and how many customers. */
static char *
shown_rows (SegProject           *project,
            gint64                run,
            const SegOfferFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (project, run, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (seg_offer_list_query (list, filter, &error));
  g_assert_no_error (error);
  g_string_append_printf (text, "%u customers, best %g\n", seg_offer_list_get_n_customers (list),
                          seg_offer_list_get_max_score (list));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      SegOfferRow *row = row_at (list, i);

      g_string_append_printf (text, "%s %s %d %s %.6f\n", seg_offer_row_get_customer (row),
                              seg_offer_row_get_name (row) != NULL ? seg_offer_row_get_name (row) : "-",
                              seg_offer_row_get_rank (row), seg_offer_row_get_item (row),
                              seg_offer_row_get_score (row));
    }
  return g_string_free (text, FALSE);
}

/* A run indexes its offers by customer and by score; filters by a set of
 * customers show the same rows in the same order with the index as a
 * run made before there was one shows, also when a refresh has moved a
 * customer's offers to the end of the table. */
static void
test_indexed (OffersFixture *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(JsonNode) source = json_from_string ("{\"test\": true}", NULL);
  sqlite3 *db = seg_project_get_db (fixture->parent.project);
  const char *const some[] = { "c02", "c05", "c09", "c12", "nobody", NULL };
  const char *const pair[] = { "c02", "c12", "c07", NULL };
  const SegOfferSort sorts[] = { SEG_OFFER_SORT_STORED, SEG_OFFER_SORT_SCORE, SEG_OFFER_SORT_RANK,
                                 SEG_OFFER_SORT_ITEM, SEG_OFFER_SORT_REASON };
  SegOfferFilter filters[2 * G_N_ELEMENTS (sorts) * 3];
  char *indexed[G_N_ELEMENTS (filters)];
  guint n = 0;

  g_assert_cmpint (query_int (fixture->parent.project,
                              "SELECT count (*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'run_1'"), ==, 2);
  segment = seg_project_save_segment (fixture->parent.project, "Pair", pair, source, &error);
  g_assert_no_error (error);

  /* A refresh writes a customer's new offers at the end of the table. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO run_1 SELECT * FROM run_1 WHERE customer = 'c02' ORDER BY rank;"
                                 "DELETE FROM run_1 WHERE customer = 'c02'"
                                 " AND rowid < (SELECT max (rowid) - 2 FROM run_1);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    for (guint d = 0; d < 2; d++)
      {
        SegOfferFilter base = { .sort = sorts[s], .descending = d == 1 };

        filters[n] = base;
        filters[n++].keys = some;
        filters[n] = base;
        filters[n++].segment = seg_segment_get_id (segment);
        filters[n] = base;
        filters[n].segment = seg_segment_get_id (segment);
        filters[n++].keys = some;
      }
  for (guint i = 0; i < n; i++)
    indexed[i] = shown_rows (fixture->parent.project, fixture->run, &filters[i]);

  g_assert_cmpint (sqlite3_exec (db, "DROP INDEX \"run_1:customer\"; DROP INDEX \"run_1:score\"",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *read = shown_rows (fixture->parent.project, fixture->run, &filters[i]);

      g_assert_cmpstr (indexed[i], ==, read);
      g_assert_nonnull (strstr (read, "c02"));
      g_free (indexed[i]);
    }
}

/* Only a recommendation run opens; a run that is gone is named. */
static void
test_bad_runs (OffersFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, 42, &error);

  g_assert_null (list);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
  g_clear_error (&error);

  g_assert_true (seg_project_drop_table (fixture->parent.project, "run_1", &error));
  list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  g_assert_null (list);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
  g_assert_nonnull (strstr (error->message, "1"));
}

/* The early rows ------------------------------------------------------ */

static char *
row_text (SegOfferRow *row)
{
  return g_strdup_printf ("%s/%s/%d", seg_offer_row_get_customer (row), seg_offer_row_get_item (row),
                          seg_offer_row_get_rank (row));
}

/* The rows @list shows, as customer/item/rank. */
static GPtrArray *
list_rows (SegOfferList *list)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_ptr_array_add (rows, row_text (row_at (list, i)));
  return rows;
}

static void
assert_prefix (GPtrArray *rows,
               GPtrArray *all)
{
  g_assert_cmpuint (rows->len, <=, all->len);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (g_ptr_array_index (rows, i), ==, g_ptr_array_index (all, i));
}

typedef struct
{
  SegOfferList *list;
  GPtrArray    *all;      /* the complete answer */
  guint         n_items;  /* as the view has counted them */
  guint         changes;
} Watch;

/* What a view makes of each change: the count it knew must allow the
 * change, the count after it must be the list's, and the rows shown
 * must always be the answer's first rows. */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpuint (position + removed, <=, watch->n_items);
  watch->n_items = watch->n_items - removed + added;
  g_assert_cmpuint (watch->n_items, ==, g_list_model_get_n_items (model));
  watch->changes++;
  rows = list_rows (watch->list);
  assert_prefix (rows, watch->all);
}

/* For every order and filter the page offers, the rows a query shows
 * early are the first rows of its complete answer, in the same order;
 * in a worker, the list first shows those and then grows to the whole
 * answer through changes a view accepts. */
static void
test_early (OffersFixture *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(JsonNode) source = json_from_string ("{\"test\": true}", NULL);
  const char *const members[] = { "c02", "c05", "c07", "c08", "c11", "c12", NULL };
  const char *const picked[] = { "c12", "c03", "c09", "c10", NULL };
  SegOfferFilter filters[] = {
    { 0 },
    { .sort = SEG_OFFER_SORT_CUSTOMER },
    { .sort = SEG_OFFER_SORT_CUSTOMER, .descending = TRUE },
    { .sort = SEG_OFFER_SORT_NAME },
    { .sort = SEG_OFFER_SORT_NAME, .descending = TRUE },
    { .sort = SEG_OFFER_SORT_SCORE },
    { .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE },
    { .sort = SEG_OFFER_SORT_ITEM },
    { .search = "C1" },
    { .search = "e" },
    { .search = "王博" },
    { .search = "nobody at all" },
    { .search = "o", .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE },
    { .search = "a", .sort = SEG_OFFER_SORT_NAME },
    { .segment = 0, .sort = SEG_OFFER_SORT_STORED },
    { .keys = picked },
    { .keys = picked, .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE },
    { .keys = picked, .sort = SEG_OFFER_SORT_CUSTOMER, .descending = TRUE },
    { .keys = (const char *const []) { NULL } },
  };
  guint n_early = 0;

  segment = seg_project_save_segment (fixture->parent.project, "Some", members, source, &error);
  g_assert_no_error (error);
  filters[14].segment = seg_segment_get_id (segment);

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (guint limit = 1; limit <= 40; limit += 13)
      {
        g_autoptr(SegOfferList) full = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
        g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
        g_autoptr(GPtrArray) all = NULL;
        g_autoptr(GPtrArray) shown = NULL;
        g_autoptr(GArray) early = NULL;
        Watch watch = { list, NULL, 0, 0 };
        gboolean done = FALSE;

        g_assert_no_error (error);
        g_assert_true (seg_offer_list_query (full, &filters[f], &error));
        g_assert_no_error (error);
        all = list_rows (full);

        /* The walk alone. */
        seg_offer_list_set_early_rows (list, limit);
        early = seg_offer_list_dup_early (list, &filters[f]);
        if (early != NULL)
          {
            g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

            for (guint i = 0; i < early->len; i++)
              {
                g_autofree char *sql = g_strdup_printf ("SELECT customer || '/' || item || '/' || rank"
                                                        " FROM run_1 WHERE rowid = %" G_GINT64_FORMAT,
                                                        g_array_index (early, gint64, i));

                g_ptr_array_add (rows, query_text (fixture->parent.project, sql));
              }
            g_assert_cmpuint (early->len, >, 0);
            assert_prefix (rows, all);
            n_early++;
          }

        /* As the page asks. */
        watch.all = all;
        watch.n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
        g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &watch);
        /* Each change checks the rows against the answer, so the list
         * starts from the answer's rows too. */
        g_assert_true (seg_offer_list_query (list, &filters[f], &error));
        g_assert_true (seg_offer_list_get_complete (list));
        seg_offer_list_query_async (list, &filters[f], NULL, on_queried, &done);
        g_assert_false (seg_offer_list_get_complete (list));
        while (!done)
          g_main_context_iteration (NULL, TRUE);
        g_assert_true (seg_offer_list_get_complete (list));
        shown = list_rows (list);
        g_assert_cmpuint (shown->len, ==, all->len);
        assert_prefix (shown, all);
        g_assert_cmpuint (seg_offer_list_get_n_customers (list), ==, seg_offer_list_get_n_customers (full));
        g_assert_cmpint (seg_offer_list_get_filtered (list), ==, seg_offer_list_get_filtered (full));
        g_signal_handlers_disconnect_by_data (list, &watch);
        release_list (&list);
      }
  /* The stored order, the customers', names, scores, searches and
   * groups have a walk; sorting by item has none. */
  g_assert_cmpuint (n_early, >=, 3 * 14);
}

/* A fresh list opened on the same run, queried with @filter and waited
 * for: the rows the page should end with. */
static GPtrArray *
answer_rows (OffersFixture        *fixture,
             const SegOfferFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);

  g_assert_no_error (error);
  g_assert_true (seg_offer_list_query (list, filter, &error));
  g_assert_no_error (error);
  return list_rows (list);
}

static void
on_cancelled (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  guint *cancelled = data;
  g_autoptr(GError) error = NULL;

  g_assert_false (seg_offer_list_query_finish (SEG_OFFER_LIST (source), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  (*cancelled)++;
}

static void
on_changed_here (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 GThread    *thread)
{
  g_assert_true (g_thread_self () == thread);
}

/* The list tells of its first rows on its own thread only, also while
 * that thread is busy elsewhere and does not hold its main context (a
 * worker could take the context then, and views hear of the change from
 * the worker). */
static void
test_early_on_own_thread (OffersFixture *fixture,
                          gconstpointer  data)
{
  SegOfferFilter filter = { .search = "e", .sort = SEG_OFFER_SORT_NAME };
  g_autoptr(GError) error = NULL;
  g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
  gboolean done = FALSE;

  g_assert_no_error (error);
  seg_offer_list_set_early_rows (list, 2);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_changed_here), g_thread_self ());
  seg_offer_list_query_async (list, &filter, NULL, on_queried, &done);
  /* Away from the main context while the worker finds the first rows. */
  g_usleep (G_USEC_PER_SEC / 2);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (seg_offer_list_get_complete (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  g_signal_handlers_disconnect_by_data (list, g_thread_self ());
}

/* A filter changed while the last query still runs: cancelled or not,
 * the earlier query's rows never show once the new one is asked for,
 * and the list ends with the new one's answer; an empty answer too. */
static void
test_early_superseded (OffersFixture *fixture,
                       gconstpointer  data)
{
  SegOfferFilter first = { .sort = SEG_OFFER_SORT_SCORE, .descending = TRUE };
  SegOfferFilter second = { .search = "e", .sort = SEG_OFFER_SORT_NAME };
  SegOfferFilter none = { .search = "no such customer" };
  g_autoptr(GPtrArray) all = answer_rows (fixture, &second);
  g_autoptr(GPtrArray) nothing = answer_rows (fixture, &none);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (all->len, >, 0);
  g_assert_cmpuint (nothing->len, ==, 0);
  for (guint cancel = 0; cancel < 2; cancel++)
    {
      g_autoptr(SegOfferList) list = seg_offer_list_new (fixture->parent.project, fixture->run, &error);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GPtrArray) shown = NULL;
      Watch watch = { list, all, 0, 0 };
      gboolean done = FALSE, ignored = FALSE;
      guint cancelled = 0;

      g_assert_no_error (error);
      seg_offer_list_set_early_rows (list, 2);
      if (cancel)
        seg_offer_list_query_async (list, &first, cancellable, on_cancelled, &cancelled);
      else
        seg_offer_list_query_async (list, &first, NULL, on_queried, &ignored);
      if (cancel)
        g_cancellable_cancel (cancellable);
      /* From here on, every row shown is the second answer's. */
      watch.n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &watch);
      seg_offer_list_query_async (list, &second, NULL, on_queried, &done);
      while (!done || (cancel ? cancelled == 0 : !ignored))
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (seg_offer_list_get_complete (list));
      shown = list_rows (list);
      g_assert_cmpuint (shown->len, ==, all->len);
      assert_prefix (shown, all);
      g_assert_cmpuint (watch.changes, >=, 1);
      g_signal_handlers_disconnect_by_data (list, &watch);

      /* Then nothing at all: the list empties only when that is known. */
      done = FALSE;
      watch.all = nothing;
      watch.changes = 0;
      g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &watch);
      seg_offer_list_query_async (list, &none, NULL, on_queried, &done);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all->len);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
      g_assert_cmpuint (watch.changes, ==, 1);
      g_assert_true (seg_offer_list_get_filtered (list));
      g_signal_handlers_disconnect_by_data (list, &watch);
      release_list (&list);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/offer-list/" name, OffersFixture, NULL, offers_set_up, func, offers_tear_down)
  ADD ("counts", test_counts);
  ADD ("sort", test_sort);
  ADD ("filters", test_filters);
  ADD ("async", test_async);
  ADD ("export", test_export);
  ADD ("gaps", test_gaps);
  ADD ("bad-runs", test_bad_runs);
  ADD ("indexed", test_indexed);
  ADD ("export-async", test_export_async);
  ADD ("early", test_early);
  ADD ("early-superseded", test_early_superseded);
  ADD ("early-on-own-thread", test_early_on_own_thread);
#undef ADD

  return g_test_run ();
}
