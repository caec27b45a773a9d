/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-error.h"
#include "seg-run.h"
#include "seg-run-record.h"
#include "seg-test-utils.h"

/* Rows added to an existing table, the tables' data versions, and runs
 * that know that their input changed since. */

#define ORDERS_CSV \
  "invoice,date,customer,sku,quantity,price\n" \
  "A1,2024-01-05,C1,P1,2,9.50\n" \
  "A2,2024-01-06,C2,P2,1,20\n" \
  "A3,2024-01-07,C1,P2,3,20\n" \
  "A4,2024-01-08,C3,P3,1,4.25\n"

static void
import_orders (ProjectFixture *fixture)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = import_text (fixture, "orders", ORDERS_CSV, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 4);
}

static SegImportSummary *
append_text (ProjectFixture  *fixture,
             const char      *file,
             const char      *contents,
             SegBadCellPolicy policy,
             gboolean         ignore_extra,
             GError         **error)
{
  g_autofree char *path = write_file (fixture, file, contents, -1);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);

  seg_importer_set_append_to (importer, "ORDERS");
  seg_importer_set_on_bad_cell (importer, policy);
  seg_importer_set_ignore_extra_columns (importer, ignore_extra);
  return seg_importer_run (importer, NULL, error);
}

static gint64
data_version (ProjectFixture *fixture,
              const char     *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegTableInfo) info = seg_project_get_table (fixture->project, table, &error);

  g_assert_no_error (error);
  return info != NULL ? info->data_version : -1;
}

/* The columns are found by name in any case and order, with spaces
 * around; values are read with the table's types, not the file's: a
 * price written "12" is a real number, with the file's own decimal
 * comma. */
static void
test_append_rows (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  import_orders (fixture);
  before = data_version (fixture, "orders");
  g_assert_cmpint (before, >, 0);

  summary = append_text (fixture, "week.csv",
                         " PRICE ;Quantity;customer;SKU;Date;invoice\n"
                         "12;3;C4;P1;2024-02-01;B1\n"
                         "7,5;1;C1;P3;2024-02-02;B2\n",
                         SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (summary->appended);
  g_assert_cmpstr (summary->table, ==, "orders");
  g_assert_cmpint (summary->rows, ==, 2);
  g_assert_cmpint (summary->table_rows, ==, 6);
  g_assert_cmpint (summary->emptied, ==, 0);
  g_assert_cmpint (summary->delimiter, ==, ';');

  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM orders"), ==, 6);
  g_assert_cmpint (query_int (fixture->project, "SELECT row_count FROM seg_tables WHERE name = 'orders'"), ==, 6);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM orders WHERE invoice = 'B1' AND quantity = 3"
                              " AND typeof (quantity) = 'integer' AND price = 12.0 AND typeof (price) = 'real'"
                              " AND date = '2024-02-01' AND customer = 'C4'"), ==, 1);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM orders WHERE invoice = 'B2' AND price = 7.5"), ==, 1);

  /* The catalog keeps the table's types and its import's source. */
  info = seg_project_get_table (fixture->project, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->source_file, ==, "orders.csv");
  g_assert_cmpint (info->data_version, >, before);
  g_assert_cmpint (info->base_version, ==, before);
}

/* A file that goes wrong half way adds nothing, and says where. */
static void
test_append_bad_file (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *after = NULL;

  import_orders (fixture);
  state = project_state (fixture->project);

  summary = append_text (fixture, "broken.csv",
                         "invoice,quantity\n"
                         "B1,1\n"
                         "B2,2\n"
                         "B3,\"3\n",
                         SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_null (summary);
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_UNTERMINATED_QUOTE);
  g_assert_nonnull (strstr (error->message, "broken.csv"));
  g_assert_nonnull (strstr (error->message, "line 4"));
  g_assert_nonnull (strstr (error->message, "column 2"));

  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, state);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM orders"), ==, 4);
}

/* A value that does not fit the table's type follows the import's rule:
 * its cell is emptied, or its row left out, and it is named with its
 * file, line and column. */
static void
test_append_bad_cells (ProjectFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) rejected = NULL;
  g_autoptr(GPtrArray) rejects = NULL;
  g_autoptr(GError) error = NULL;
  gboolean named = FALSE;
  SegReject *reject;

  import_orders (fixture);

  summary = append_text (fixture, "typo.csv",
                         "invoice,quantity,price\n"
                         "B1,two,5\n"
                         "B2,1,3\n",
                         SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 2);
  g_assert_cmpint (summary->emptied, ==, 1);
  for (guint i = 0; i < summary->warnings->len; i++)
    named |= strstr (g_ptr_array_index (summary->warnings, i), "typo.csv: line 2, column 2") != NULL &&
             strstr (g_ptr_array_index (summary->warnings, i), "quantity") != NULL;
  g_assert_true (named);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM orders WHERE invoice = 'B1' AND quantity IS NULL AND price = 5"), ==, 1);

  rejected = append_text (fixture, "typo2.csv",
                          "invoice,quantity\n"
                          "B3,1\n"
                          "B4,x\n",
                          SEG_BAD_CELL_REJECT_ROW, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rejected->rows, ==, 1);
  g_assert_cmpint (rejected->rejected, ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM orders WHERE invoice = 'B4'"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT rejected FROM seg_tables WHERE name = 'orders'"), ==, 1);

  /* The rejects list says which file each came from. */
  rejects = seg_project_list_rejects (fixture->project, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejects->len, ==, 2);
  reject = g_ptr_array_index (rejects, 0);
  g_assert_cmpstr (reject->source_file, ==, "typo.csv");
  g_assert_cmpint (reject->line, ==, 2);
  g_assert_cmpint (reject->column, ==, 2);
  reject = g_ptr_array_index (rejects, 1);
  g_assert_cmpstr (reject->source_file, ==, "typo2.csv");
  g_assert_cmpint (reject->line, ==, 3);
}

/* A column of the table that the file lacks is empty in the new rows. */
static void
test_append_missing_column (ProjectFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gboolean noted = FALSE;

  import_orders (fixture);
  summary = append_text (fixture, "short.csv",
                         "invoice,customer,sku,quantity\n"
                         "B1,C9,P1,1\n",
                         SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 1);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM orders WHERE invoice = 'B1' AND date IS NULL AND price IS NULL"
                              " AND customer = 'C9'"), ==, 1);
  for (guint i = 0; i < summary->warnings->len; i++)
    noted |= strstr (g_ptr_array_index (summary->warnings, i), "“date”") != NULL &&
             strstr (g_ptr_array_index (summary->warnings, i), "“price”") != NULL;
  g_assert_true (noted);
}

/* A column the table does not have stops the import, named, unless such
 * columns are to be left out; a column matched twice always stops it. */
static void
test_append_extra_column (ProjectFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) twice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *after = NULL;
  gint64 version;

  import_orders (fixture);
  state = project_state (fixture->project);
  version = data_version (fixture, "orders");

  summary = append_text (fixture, "coupons.csv",
                         "invoice,quantity,coupon\n"
                         "B1,1,SPRING\n",
                         SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_null (summary);
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EXTRA_COLUMNS);
  g_assert_nonnull (strstr (error->message, "coupons.csv"));
  g_assert_nonnull (strstr (error->message, "“coupon”"));
  g_assert_nonnull (strstr (error->message, "“orders”"));
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, state);
  g_assert_cmpint (data_version (fixture, "orders"), ==, version);
  g_clear_error (&error);

  summary = append_text (fixture, "coupons.csv",
                         "invoice,quantity,coupon\n"
                         "B1,1,SPRING\n",
                         SEG_BAD_CELL_EMPTY, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM orders WHERE invoice = 'B1'"), ==, 1);

  twice = append_text (fixture, "twice.csv",
                       "invoice,Quantity,quantity \n"
                       "B2,1,2\n",
                       SEG_BAD_CELL_EMPTY, TRUE, &error);
  g_assert_null (twice);
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_COLUMNS);
  g_assert_nonnull (strstr (error->message, "columns 2 and 3"));
  g_assert_nonnull (strstr (error->message, "“quantity”"));
}

/* Only an imported table that exists takes rows. */
static void
test_append_targets (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (fixture, "x.csv", "invoice\nB1\n", -1);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
  g_autoptr(SegImporter) no_header = seg_importer_new (fixture->project, path);

  seg_importer_set_append_to (importer, "orders");
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
  g_assert_nonnull (strstr (error->message, "“orders”"));
  g_clear_error (&error);

  import_orders (fixture);
  seg_importer_set_append_to (no_header, "orders");
  seg_importer_set_header (no_header, SEG_HEADER_NO);
  summary = seg_importer_run (no_header, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_COLUMNS);
  g_assert_nonnull (strstr (error->message, "x.csv"));
}

/* The preview shows the file as it would be added: the table's names and
 * types, the file's extra columns left out, the table's missing ones. */
static void
test_append_preview (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *path = write_file (fixture, "p.csv", "Quantity,coupon,INVOICE\n 2 ,X,B1\nz,Y,B2\n", -1);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
  g_autoptr(SegImportPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  SegPreviewColumn *column;
  SegPreviewRow *row;

  import_orders (fixture);
  seg_importer_set_append_to (importer, "orders");
  preview = seg_importer_preview (importer, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_columns, ==, 3);
  column = g_ptr_array_index (preview->columns, 0);
  g_assert_cmpstr (column->name, ==, "quantity");
  g_assert_cmpint (column->type, ==, SEG_COLUMN_INTEGER);
  g_assert_false (column->skip);
  column = g_ptr_array_index (preview->columns, 1);
  g_assert_true (column->extra);
  g_assert_true (column->skip);
  column = g_ptr_array_index (preview->columns, 2);
  g_assert_cmpstr (column->name, ==, "invoice");
  g_assert_cmpstrv (preview->missing, ((const char *const[]) { "date", "customer", "sku", "price", NULL }));
  row = g_ptr_array_index (preview->rows, 0);
  g_assert_cmpstr (row->values[0], ==, "2");
  row = g_ptr_array_index (preview->rows, 1);
  g_assert_cmpint (row->status[0], ==, SEG_PREVIEW_CELL_REJECTED);
}

/* Every change of a table's rows raises its version; versions are never
 * given twice, even to a table made again under the same name. */
static void
test_data_versions (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  gint64 first, second;

  import_orders (fixture);
  first = data_version (fixture, "orders");
  summary = append_text (fixture, "more.csv", "invoice\nB1\n", SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_no_error (error);
  second = data_version (fixture, "orders");
  g_assert_cmpint (second, >, first);

  /* Made anew: a new base. */
  path = write_file (fixture, "orders.csv", ORDERS_CSV, -1);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_replace (importer, TRUE);
  again = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  info = seg_project_get_table (fixture->project, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->data_version, >, second);
  g_assert_cmpint (info->base_version, ==, info->data_version);
  g_assert_cmpint (info->rows, ==, 4);

  /* A renamed table keeps its version. */
  g_assert_true (seg_project_rename_table (fixture->project, "orders", "lines", &error));
  g_assert_no_error (error);
  g_assert_cmpint (data_version (fixture, "lines"), ==, info->data_version);
}

static SegRunRecord *
run_popular (ProjectFixture *fixture)
{
  g_autoptr(SegModel) model = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (model);
  g_object_set (model, "table", "orders", "user", "customer", "item", "sku", NULL);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  return g_object_ref ((SegRunRecord *) seg_run_get_record (run));
}

/* A run notes the version of its input; rows added later make it stale,
 * with their number; a table made anew makes it stale without one. */
static void
test_stale_runs (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRunRecord) stored = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) nothing = NULL;
  g_autoptr(SegImportSummary) again = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *note = NULL;
  g_autofree char *details = NULL;
  JsonObject *table_data;
  gint64 new_rows = -1;

  import_orders (fixture);
  record = run_popular (fixture);

  table_data = json_object_get_object_member (json_node_get_object (record->input), SEG_RUN_INPUT_TABLE_DATA);
  g_assert_nonnull (table_data);
  g_assert_cmpint (json_object_get_int_member (table_data, "version"), ==, data_version (fixture, "orders"));
  g_assert_cmpint (json_object_get_int_member (table_data, "rows"), ==, 4);

  g_assert_cmpint (seg_run_record_check_data (record, fixture->project, &new_rows, &error), ==, SEG_RUN_DATA_CURRENT);
  g_assert_no_error (error);
  g_assert_cmpint (new_rows, ==, 0);
  g_assert_false (seg_run_record_is_stale (record, fixture->project, NULL));
  g_assert_null (seg_run_record_describe_data (record, fixture->project, NULL));

  /* A file whose only row is rejected adds nothing. */
  nothing = append_text (fixture, "none.csv", "invoice,quantity\nB0,x\n", SEG_BAD_CELL_REJECT_ROW, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (nothing->rows, ==, 0);
  g_assert_false (seg_run_record_is_stale (record, fixture->project, NULL));

  summary = append_text (fixture, "week.csv",
                         "invoice,customer,sku\nB1,C1,P3\nB2,C2,P1\nB3,C4,P1\n",
                         SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_no_error (error);

  /* The stored record, as the Runs page and the command line read it. */
  stored = seg_project_get_run (fixture->project, record->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seg_run_record_check_data (stored, fixture->project, &new_rows, NULL), ==, SEG_RUN_DATA_ROWS_ADDED);
  g_assert_cmpint (new_rows, ==, 3);
  g_assert_true (seg_run_record_is_stale (stored, fixture->project, &new_rows));
  note = seg_run_record_describe_data (stored, fixture->project, &details);
  g_assert_cmpstr (note, ==, "3 new rows");
  g_assert_nonnull (strstr (details, "3 rows were added to “orders” since this run"));

  /* The run again on the current data is current, the old one stays stale. */
  {
    g_autoptr(SegRun) rerun = seg_run_new_like (fixture->project, stored, &error);
    const SegRunRecord *fresh;

    g_assert_no_error (error);
    g_assert_true (seg_run_execute (rerun, NULL, &error));
    g_assert_no_error (error);
    fresh = seg_run_get_record (rerun);
    g_assert_false (seg_run_record_is_stale ((SegRunRecord *) fresh, fixture->project, NULL));
    g_assert_true (seg_run_record_is_stale (stored, fixture->project, NULL));
  }

  /* The table imported anew: changed, without a count. */
  path = write_file (fixture, "orders.csv", ORDERS_CSV, -1);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_replace (importer, TRUE);
  again = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seg_run_record_check_data (stored, fixture->project, &new_rows, NULL), ==, SEG_RUN_DATA_CHANGED);
  g_assert_cmpint (new_rows, ==, 0);
  g_assert_true (seg_run_record_is_stale (stored, fixture->project, NULL));

  /* Gone. */
  g_assert_true (seg_project_drop_table (fixture->project, "orders", &error));
  g_assert_cmpint (seg_run_record_check_data (stored, fixture->project, NULL, NULL), ==, SEG_RUN_DATA_GONE);
  g_assert_false (seg_run_record_is_stale (stored, fixture->project, NULL));
}

/* A project of the schema before versions (6) opens and is brought up to
 * date: its tables at version 0, its runs current until their table
 * changes, then stale. */
static void
test_migrate_from_6 (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRunRecord) stored = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db;

  import_orders (fixture);
  record = run_popular (fixture);

  /* Take the project back to schema 6 as that version wrote it: no
   * versions in the catalog or in the runs' input. */
  db = seg_project_get_db (fixture->project);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TABLE seg_result_views;"
                                 "DROP TABLE seg_run_state;"
                                 "ALTER TABLE seg_tables DROP COLUMN data_version;"
                                 "ALTER TABLE seg_tables DROP COLUMN base_version;"
                                 "ALTER TABLE seg_rejects DROP COLUMN source_file;"
                                 "UPDATE seg_runs SET input = json_remove (input, '$.table-data');"
                                 "DELETE FROM seg_meta WHERE key = 'data_version';"
                                 "ALTER TABLE seg_run_maps DROP COLUMN layout;"
                                 "UPDATE seg_meta SET value = '6' WHERE key = 'schema_version';"
                                 "PRAGMA user_version = 6;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (g_steal_pointer (&fixture->project));

  fixture->project = seg_project_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  version = query_text (fixture->project, "SELECT value FROM seg_meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "10");
  g_assert_cmpint (query_int (fixture->project, "PRAGMA user_version"), ==, SEG_PROJECT_SCHEMA_VERSION);

  info = seg_project_get_table (fixture->project, "orders", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->data_version, ==, 0);
  g_assert_cmpint (info->rows, ==, 4);

  stored = seg_project_get_run (fixture->project, record->id, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (json_node_get_object (stored->input), SEG_RUN_INPUT_TABLE_DATA));
  g_assert_cmpint (seg_run_record_check_data (stored, fixture->project, NULL, NULL), ==, SEG_RUN_DATA_CURRENT);

  summary = append_text (fixture, "week.csv", "invoice\nB1\n", SEG_BAD_CELL_EMPTY, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (data_version (fixture, "orders"), >, 0);
  g_assert_cmpint (seg_run_record_check_data (stored, fixture->project, NULL, NULL), ==, SEG_RUN_DATA_CHANGED);
}

/* A project of schema 7, before runs kept the state of their models,
 * opens and gains the table for it; its runs are kept as they were. */
static void
test_migrate_from_7 (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRunRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  sqlite3 *db;

  import_orders (fixture);
  record = run_popular (fixture);

  db = seg_project_get_db (fixture->project);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TABLE seg_result_views;"
                                 "DROP TABLE seg_run_state;"
                                 "ALTER TABLE seg_run_maps DROP COLUMN layout;"
                                 "UPDATE seg_meta SET value = '7' WHERE key = 'schema_version';"
                                 "PRAGMA user_version = 7;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_finalize_object (g_steal_pointer (&fixture->project));

  fixture->project = seg_project_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  version = query_text (fixture->project, "SELECT value FROM seg_meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "10");
  g_assert_cmpint (query_int (fixture->project, "PRAGMA user_version"), ==, SEG_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (query_int (fixture->project, "SELECT count (*) FROM seg_run_state"), ==, 0);

  stored = seg_project_get_run (fixture->project, record->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->algorithm, ==, "popular");
  g_assert_cmpint (seg_run_record_check_data (stored, fixture->project, NULL, NULL), ==, SEG_RUN_DATA_CURRENT);
  g_assert_true (seg_project_delete_run (fixture->project, record->id, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/append/" name, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)

  ADD ("rows", test_append_rows);
  ADD ("bad-file", test_append_bad_file);
  ADD ("bad-cells", test_append_bad_cells);
  ADD ("missing-column", test_append_missing_column);
  ADD ("extra-column", test_append_extra_column);
  ADD ("targets", test_append_targets);
  ADD ("preview", test_append_preview);
  ADD ("data-versions", test_data_versions);
  ADD ("stale-runs", test_stale_runs);
  ADD ("migrate-from-6", test_migrate_from_6);
  ADD ("migrate-from-7", test_migrate_from_7);

  return g_test_run ();
}
