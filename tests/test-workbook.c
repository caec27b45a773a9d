/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-error.h"
#include "seg-export.h"
#include "seg-workbook.h"
#include "seg-test-utils.h"

/* Spreadsheet workbooks in and out: the cells' own types, the date
 * systems, damaged files, and a table written as .xlsx and read back. */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static SegImportSummary *
import_sheet (ProjectFixture  *fixture,
              const char      *path,
              const char      *sheet,
              const char      *table,
              GError         **error)
{
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);

  seg_importer_set_sheet (importer, sheet);
  seg_importer_set_table_name (importer, table);

  return seg_importer_run (importer, NULL, error);
}

static char *
unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\\' && p[1] == 'n')
      {
        g_string_append_c (out, '\n');
        p++;
      }
    else if (*p == '\\' && p[1] == '\\')
      {
        g_string_append_c (out, '\\');
        p++;
      }
    else
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* Compares the table imported from @sheet with what the golden file
 * says, value by value and type by type. */
static void
check_against_golden (SegProject *project,
                      const char *table,
                      const char *sheet)
{
  g_autofree char *golden_path = data_path ("workbook-golden.txt");
  g_autofree char *golden = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *table_q = seg_quote_identifier (table);
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", table_q);
  sqlite3_stmt *stmt = NULL;
  gboolean in_sheet = FALSE;
  guint n_columns = 0, n_rows = 0;

  g_file_get_contents (golden_path, &golden, NULL, &error);
  g_assert_no_error (error);
  info = seg_project_get_table (project, table, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (project), sql, -1, &stmt, NULL), ==, SQLITE_OK);

  lines = g_strsplit (golden, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[l], "\t", -1);

      if (fields[0] == NULL || lines[l][0] == '#')
        continue;
      if (strcmp (fields[0], "sheet") == 0)
        {
          in_sheet = strcmp (fields[1], sheet) == 0;
          continue;
        }
      if (!in_sheet)
        continue;

      if (strcmp (fields[0], "column") == 0)
        {
          SegColumnInfo *column;
          SegColumnType type;

          g_assert_cmpuint (n_columns, <, info->columns->len);
          column = g_ptr_array_index (info->columns, n_columns);
          g_assert_cmpstr (column->name, ==, fields[1]);
          g_assert_true (seg_column_type_from_string (fields[2], &type));
          g_assert_cmpstr (seg_column_type_to_string (column->type), ==, fields[2]);
          n_columns++;
        }
      else if (strcmp (fields[0], "row") == 0)
        {
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpuint (g_strv_length (fields), ==, n_columns + 1);
          for (guint c = 0; c < n_columns; c++)
            {
              SegColumnInfo *column = g_ptr_array_index (info->columns, c);
              const char *want = fields[c + 1];

              if (strcmp (want, "NULL") == 0)
                g_assert_cmpint (sqlite3_column_type (stmt, c), ==, SQLITE_NULL);
              else if (column->type == SEG_COLUMN_REAL)
                g_assert_cmpfloat (sqlite3_column_double (stmt, c), ==, g_ascii_strtod (want, NULL));
              else
                {
                  g_autofree char *expected = unescape (want);

                  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, c), ==, expected);
                }
            }
          n_rows++;
        }
    }
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_columns, ==, info->columns->len);
  g_assert_cmpuint (n_rows, >, 0);
  g_assert_cmpint (info->rows, ==, n_rows);
}

static void
test_golden (ProjectFixture *fixture,
             gconstpointer   data)
{
  const char *file = data;
  g_autofree char *path = data_path (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(SegWorkbook) book = seg_workbook_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (seg_workbook_get_n_sheets (book), ==, 2);
  g_assert_cmpstr (seg_workbook_get_sheet_name (book, 0), ==, "Orders");
  g_assert_cmpstr (seg_workbook_get_sheet_name (book, 1), ==, "Customers 2");
  g_assert_cmpint (seg_workbook_get_date1904 (book), ==, strstr (file, "1904") != NULL);

  for (guint i = 0; i < 2; i++)
    {
      const char *sheet = seg_workbook_get_sheet_name (book, i);
      g_autofree char *table = g_strdup_printf ("t%u", i);
      g_autoptr(SegImportSummary) summary = import_sheet (fixture, path, sheet, table, &error);

      g_assert_no_error (error);
      g_assert_cmpint (summary->rejected, ==, 0);
      g_assert_cmpint (summary->emptied, ==, 0);
      g_assert_cmpint (summary->padded, ==, 0);
      g_assert_true (summary->header);
      check_against_golden (fixture->project, table, sheet);
    }
}

static void
test_preview (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autofree char *path = data_path ("workbook.ods");
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
  g_autoptr(SegImportPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  SegPreviewRow *row;

  /* The first sheet unless told. */
  preview = seg_importer_preview (importer, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (preview->header);
  g_assert_cmpuint (preview->n_columns, ==, 8);
  g_assert_cmpuint (preview->rows->len, ==, 4);
  g_assert_cmpint (((SegPreviewColumn *) g_ptr_array_index (preview->columns, 2))->type, ==, SEG_COLUMN_DATE);
  g_assert_cmpint (((SegPreviewColumn *) g_ptr_array_index (preview->columns, 3))->type, ==, SEG_COLUMN_DATETIME);
  row = g_ptr_array_index (preview->rows, 0);
  /* A comment on a cell is not its text. */
  g_assert_cmpstr (row->cells[1], ==, "Ada Lovelace");
  g_assert_cmpstr (row->cells[5], ==, "12.5%");

  seg_importer_set_sheet (importer, "Customers 2");
  g_clear_pointer (&preview, seg_import_preview_free);
  preview = seg_importer_preview (importer, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_columns, ==, 3);
  g_assert_cmpuint (preview->rows->len, ==, 2);
}

static void
test_serial_dates (void)
{
  char out[32];

  /* The 1900 system, with its 29 February 1900 that never was. */
  g_assert_true (seg_workbook_serial_to_iso (1, FALSE, FALSE, out));
  g_assert_cmpstr (out, ==, "1900-01-01");
  g_assert_true (seg_workbook_serial_to_iso (59, FALSE, FALSE, out));
  g_assert_cmpstr (out, ==, "1900-02-28");
  g_assert_true (seg_workbook_serial_to_iso (61, FALSE, FALSE, out));
  g_assert_cmpstr (out, ==, "1900-03-01");
  g_assert_true (seg_workbook_serial_to_iso (45296.5, FALSE, TRUE, out));
  g_assert_cmpstr (out, ==, "2024-01-05 12:00:00");
  /* Rounded to the second, carrying into the next day. */
  g_assert_true (seg_workbook_serial_to_iso (45296.9999999, FALSE, TRUE, out));
  g_assert_cmpstr (out, ==, "2024-01-06 00:00:00");
  /* The 1904 system counts from 1 January 1904. */
  g_assert_true (seg_workbook_serial_to_iso (0, TRUE, FALSE, out));
  g_assert_cmpstr (out, ==, "1904-01-01");
  g_assert_true (seg_workbook_serial_to_iso (43834, TRUE, FALSE, out));
  g_assert_cmpstr (out, ==, "2024-01-05");
  g_assert_false (seg_workbook_serial_to_iso (-1, FALSE, FALSE, out));
  g_assert_false (seg_workbook_serial_to_iso (3e6, FALSE, FALSE, out));
}

static void
test_cell_refs (void)
{
  guint column;
  guint64 row;
  g_autofree char *c17 = seg_workbook_format_cell_ref (2, 17);
  g_autofree char *aa1 = seg_workbook_format_cell_ref (26, 1);
  g_autofree char *xfd = seg_workbook_format_cell_ref (16383, 1048576);

  g_assert_cmpstr (c17, ==, "C17");
  g_assert_cmpstr (aa1, ==, "AA1");
  g_assert_cmpstr (xfd, ==, "XFD1048576");

  g_assert_true (seg_workbook_parse_cell_ref ("C17", &column, &row));
  g_assert_cmpuint (column, ==, 2);
  g_assert_cmpuint (row, ==, 17);
  g_assert_true (seg_workbook_parse_cell_ref ("XFD1048576", &column, &row));
  g_assert_cmpuint (column, ==, 16383);
  g_assert_false (seg_workbook_parse_cell_ref ("C0", &column, &row));
  g_assert_false (seg_workbook_parse_cell_ref ("1A", &column, &row));
  g_assert_false (seg_workbook_parse_cell_ref ("XFE1", &column, &row));
  g_assert_false (seg_workbook_parse_cell_ref ("A1x", &column, &row));
  g_assert_false (seg_workbook_parse_cell_ref ("", &column, &row));
}

/* A damaged workbook fails with a message naming the file (and the
 * sheet and cell where there is one) and leaves the project as it was. */
static void
test_damaged (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autofree char *good = data_path ("workbook.xlsx");
  g_autofree char *bad_ref = data_path ("workbook-bad-ref.xlsx");
  g_autofree char *missing = data_path ("workbook-missing-part.xlsx");
  g_autofree char *contents = NULL;
  g_autofree char *truncated = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) first = NULL;
  gsize len;

  first = import_sheet (fixture, good, "Customers 2", "kept", &error);
  g_assert_no_error (error);
  before = project_state (fixture->project);

  g_file_get_contents (good, &contents, &len, &error);
  g_assert_no_error (error);
  truncated = write_file (fixture, "orders.xlsx", contents, len / 2);
  g_assert_null (import_sheet (fixture, truncated, NULL, "t", &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_WORKBOOK);
  g_assert_true (g_str_has_prefix (error->message, "orders.xlsx: "));
  g_clear_error (&error);

  g_assert_null (import_sheet (fixture, bad_ref, "Orders", "t", &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_WORKBOOK);
  g_assert_cmpstr (error->message, ==,
                   "workbook-bad-ref.xlsx: sheet “Orders”, cell C5: “C0” is not a valid cell reference here");
  g_clear_error (&error);

  g_assert_null (import_sheet (fixture, missing, "Customers 2", "t", &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET);
  g_assert_nonnull (strstr (error->message, "“Customers 2”"));
  g_clear_error (&error);

  g_assert_null (import_sheet (fixture, good, "Nope", "t", &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET);
  g_assert_cmpstr (error->message, ==, "workbook.xlsx: the workbook has no sheet “Nope”");
  g_clear_error (&error);

  /* Not a zip at all. */
  truncated = (g_free (truncated), write_file (fixture, "text.xlsx", "id,name\n1,a\n", -1));
  g_assert_null (import_sheet (fixture, truncated, NULL, "t", &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_WORKBOOK);
  g_clear_error (&error);

  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);
}

/* A table written as .xlsx and read back has the same values and types. */
static void
test_round_trip (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) first = NULL;
  g_autoptr(SegImportSummary) second = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *types_a = NULL;
  g_autofree char *types_b = NULL;
  g_autoptr(GString) text = g_string_new ("id,name,joined,last_seen,spend,vip,code\n");

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "%u,%s %u,2023-%02u-%02u,2024-01-%02u %02u:%02u:%02u,%u.%02u,%s,%s\n",
                            i, i % 7 ? "Kunde" : "=SUM(A1) 客户", i,
                            1 + i % 12, 1 + i % 28, 1 + i % 28, i % 24, i % 60, (i * 7) % 60,
                            i * 3, i % 100, i % 3 ? "yes" : "no",
                            i == 5 ? "" : "0042");
  csv = write_file (fixture, "people.csv", text->str, text->len);
  {
    g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, csv);

    first = seg_importer_run (importer, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (first->rows, ==, 3000);

  xlsx = g_build_filename (fixture->dir, "people.xlsx", NULL);
  file = g_file_new_for_path (xlsx);
  g_assert_true (seg_project_export_file (fixture->project, &(SegExportRows) { "people" }, file, SEG_EXPORT_NONE, NULL, &error));
  g_assert_no_error (error);
  /* Nothing left beside it. */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".people.xlsx"));
  }

  second = import_sheet (fixture, xlsx, NULL, "back", &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->rows, ==, 3000);
  g_assert_cmpint (second->rejected + second->emptied + second->padded, ==, 0);

  types_a = query_text (fixture->project, "SELECT group_concat(name || ':' || type, ',') FROM seg_columns WHERE table_id = (SELECT id FROM seg_tables WHERE name = 'people') ORDER BY position");
  types_b = query_text (fixture->project, "SELECT group_concat(name || ':' || type, ',') FROM seg_columns WHERE table_id = (SELECT id FROM seg_tables WHERE name = 'back') ORDER BY position");
  g_assert_cmpstr (types_a, ==, "id:integer,name:text,joined:date,last_seen:datetime,spend:real,vip:boolean,code:text");
  g_assert_cmpstr (types_b, ==, types_a);

  a = query_text (fixture->project, "SELECT group_concat(quote(id) || quote(name) || quote(joined) || quote(last_seen) || quote(spend) || quote(vip) || quote(code), '|') FROM people");
  b = query_text (fixture->project, "SELECT group_concat(quote(id) || quote(name) || quote(joined) || quote(last_seen) || quote(spend) || quote(vip) || quote(code), '|') FROM back");
  g_assert_cmpstr (a, ==, b);
}

/* An export that fails leaves the file that was there. */
static void
test_export_failure_keeps_file (ProjectFixture *fixture,
                                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *xlsx = write_file (fixture, "old.xlsx", "old contents", -1);
  g_autofree char *contents = NULL;

  file = g_file_new_for_path (xlsx);
  g_assert_false (seg_project_export_xlsx_file (fixture->project, &(SegExportRows) { "nope" }, file, NULL, &error));
  g_assert_nonnull (error);
  g_file_get_contents (xlsx, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "old contents");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) \
  g_test_add ("/workbook/" name, ProjectFixture, data, project_fixture_set_up, func, project_fixture_tear_down)

  g_test_add_func ("/workbook/serial-dates", test_serial_dates);
  g_test_add_func ("/workbook/cell-refs", test_cell_refs);
  ADD ("golden-xlsx", test_golden, "workbook.xlsx");
  ADD ("golden-xlsx-1904", test_golden, "workbook-1904.xlsx");
  ADD ("golden-ods", test_golden, "workbook.ods");
  ADD ("preview", test_preview, NULL);
  ADD ("damaged", test_damaged, NULL);
  ADD ("round-trip", test_round_trip, NULL);
  ADD ("export-failure-keeps-file", test_export_failure_keeps_file, NULL);

  return g_test_run ();
}
