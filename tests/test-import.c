/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-csv-reader.h"
#include "seg-error.h"
#include "seg-export.h"
#include "seg-sniff.h"
#include "seg-table-model.h"
#include "seg-test-utils.h"

static SegColumnType
column_type (SegImportSummary *summary,
             guint             i)
{
  g_assert_cmpuint (i, <, summary->columns->len);
  return ((SegColumnInfo *)g_ptr_array_index (summary->columns, i))->type;
}

static const char *
column_name (SegImportSummary *summary,
             guint             i)
{
  g_assert_cmpuint (i, <, summary->columns->len);
  return ((SegColumnInfo *)g_ptr_array_index (summary->columns, i))->name;
}

static void
test_sniff_delimiter (void)
{
  static const struct { const char *text; char delimiter; guint columns; } cases[] = {
    { "a,b,c\n1,2,3\n4,5,6\n", ',', 3 },
    { "a;b;c\n1,5;2,5;3\n4,25;5;6,75\n", ';', 3 },
    { "name\tprice\n\"tea, green\"\t12.5\nteapot\t30\n", '\t', 2 },
    { "id|name|city\n1|Ann|Paris\n2|Bo|Rome\n", '|', 3 },
    /* Commas inside quoted text must not win over the real delimiter. */
    { "sku;description\nT1;\"Green, fresh, light\"\nT2;\"Black, strong\"\n", ';', 2 },
    { "only\none\ncolumn\n", ',', 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint columns = 0;
      char d = seg_sniff_delimiter (cases[i].text, strlen (cases[i].text), &columns);

      g_assert_cmpint (d, ==, cases[i].delimiter);
      g_assert_cmpuint (columns, ==, cases[i].columns);
    }
}

static void
test_sniff_header (void)
{
  g_assert_true (seg_sniff_header ("id,price,date\n1,2.5,2024-01-05\n2,3.5,2024-01-06\n", 46, ','));
  g_assert_false (seg_sniff_header ("1,2.5,2024-01-05\n2,3.5,2024-01-06\n", 34, ','));
  g_assert_true (seg_sniff_header ("name,city\nAnn,Paris\nBo,Rome\n", 29, ','));
  g_assert_false (seg_sniff_header ("C001,12.5\nC002,13.5\n", 20, ','));
}

static void
test_basic_types (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  summary = import_text (fixture, "orders",
                         "invoice,date,when,customer,qty,price,share,vip,zip\n"
                         "INV-1,2024-01-05,2024-01-05 13:45,C001,2,\"1,234.50\",45%,yes,0123\n"
                         "INV-2,2024-02-10,2024-02-10 08:05,C002,-1,¥12.00,5%,no,0456\n"
                         "INV-3,2024-03-01,2024-03-01 23:59,C003,NA,$7,100%,yes,7890\n",
                         -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 3);
  g_assert_true (summary->header);
  g_assert_cmpint (summary->delimiter, ==, ',');
  g_assert_cmpstr (summary->encoding, ==, "UTF-8");
  g_assert_cmpint (column_type (summary, 0), ==, SEG_COLUMN_TEXT);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_DATE);
  g_assert_cmpint (column_type (summary, 2), ==, SEG_COLUMN_DATETIME);
  g_assert_cmpint (column_type (summary, 3), ==, SEG_COLUMN_TEXT);
  g_assert_cmpint (column_type (summary, 4), ==, SEG_COLUMN_INTEGER);
  g_assert_cmpint (column_type (summary, 5), ==, SEG_COLUMN_REAL);
  g_assert_cmpint (column_type (summary, 6), ==, SEG_COLUMN_REAL);
  g_assert_cmpint (column_type (summary, 7), ==, SEG_COLUMN_BOOLEAN);
  g_assert_cmpint (column_type (summary, 8), ==, SEG_COLUMN_TEXT);

  g_assert_cmpint (query_int (fixture->project, "SELECT sum(qty IS NULL) FROM orders"), ==, 1);
  text = query_text (fixture->project, "SELECT group_concat(price, ' ') FROM orders");
  g_assert_cmpstr (text, ==, "1234.5 12.0 7.0");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(share, ' ') FROM orders");
  g_assert_cmpstr (text, ==, "0.45 0.05 1.0");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT \"when\" FROM orders WHERE invoice = 'INV-2'");
  g_assert_cmpstr (text, ==, "2024-02-10 08:05:00");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(zip, ' ') FROM orders");
  g_assert_cmpstr (text, ==, "0123 0456 7890");
  g_assert_cmpint (query_int (fixture->project, "SELECT sum(vip) FROM orders"), ==, 2);
  g_assert_cmpint (query_int (fixture->project, "SELECT typeof(qty) = 'integer' FROM orders LIMIT 1"), ==, 1);

  /* The catalog knows where it came from. */
  g_assert_cmpint (query_int (fixture->project, "SELECT row_count FROM seg_tables WHERE name = 'orders'"), ==, 3);
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT source_file || '|' || encoding || '|' || delimiter FROM seg_tables");
  g_assert_cmpstr (text, ==, "orders.csv|UTF-8|,");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(type, ',') FROM (SELECT type FROM seg_columns ORDER BY position)");
  g_assert_cmpstr (text, ==, "text,date,datetime,text,integer,real,real,boolean,text");
}

static void
test_semicolon_decimal_comma (ProjectFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  summary = import_text (fixture, "prices",
                         "Artikel;Preis;Datum\r\n"
                         "Tee;12,50;05.01.2024\r\n"
                         "Kanne;1.234,00;31.12.2023\r\n"
                         "Tasse;3,5 €;01.02.2024\r\n",
                         -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->delimiter, ==, ';');
  g_assert_cmpint (summary->rows, ==, 3);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_REAL);
  g_assert_cmpint (column_type (summary, 2), ==, SEG_COLUMN_DATE);
  text = query_text (fixture->project, "SELECT group_concat(Preis, ' ') FROM prices");
  g_assert_cmpstr (text, ==, "12.5 1234.0 3.5");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(Datum, ' ') FROM prices");
  g_assert_cmpstr (text, ==, "2024-01-05 2023-12-31 2024-02-01");
}

static void
test_encodings (ProjectFixture *fixture,
                gconstpointer   data)
{
  const char *utf8 = "名称,价格,描述\n紫砂壶,268.00,\"宜兴紫砂, 手工\"\n西湖龙井,88.50,明前茶\n";
  static const struct { const char *charset; const char *bom; gsize bom_len; const char *expected; } cases[] = {
    { "GB18030", "", 0, "GB18030" },
    { "UTF-16LE", "\xff\xfe", 2, "UTF-16LE" },
    { "UTF-16BE", "\xfe\xff", 2, "UTF-16BE" },
    { "UTF-8", "\xef\xbb\xbf", 3, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SegImportSummary) summary = NULL;
      g_autofree char *converted = NULL;
      g_autofree char *table = g_strdup_printf ("t%u", i);
      g_autofree char *sql = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GString) bytes = g_string_new (NULL);
      gsize len = 0;

      converted = g_convert (utf8, -1, cases[i].charset, "UTF-8", NULL, &len, &error);
      g_assert_no_error (error);
      g_string_append_len (bytes, cases[i].bom, cases[i].bom_len);
      g_string_append_len (bytes, converted, len);

      summary = import_text (fixture, table, bytes->str, bytes->len, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (summary->encoding, ==, cases[i].expected);
      g_assert_cmpint (summary->rows, ==, 2);
      g_assert_cmpstr (column_name (summary, 0), ==, "名称");
      g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_REAL);
      sql = g_strdup_printf ("SELECT group_concat(描述, '/') FROM %s", table);
      text = query_text (fixture->project, sql);
      g_assert_cmpstr (text, ==, "宜兴紫砂, 手工/明前茶");
    }
}

static void
test_windows_1252 (ProjectFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  /* "Café Müller" and a euro sign, as Windows writes them. */
  summary = import_text (fixture, "west",
                         "name;amount\nCaf\xe9 M\xfcller;12,50 \x80\nNa\xefve;3\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->encoding, ==, "WINDOWS-1252");
  text = query_text (fixture->project, "SELECT group_concat(name, '/') FROM west");
  g_assert_cmpstr (text, ==, "Café Müller/Naïve");
}

static void
test_encoding_override (ProjectFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  /* Latin-1 bytes that are also valid GBK: only the user knows. */
  path = write_file (fixture, "latin.csv", "name\n\xc4\xe3\n", -1);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_encoding (importer, "ISO-8859-1");
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  text = query_text (fixture->project, "SELECT name FROM latin");
  g_assert_cmpstr (text, ==, "Äã");

  g_clear_object (&importer);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_table_name (importer, "other");
  seg_importer_set_encoding (importer, "NO-SUCH-CHARSET");
  g_assert_null (seg_importer_run (importer, NULL, &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "NO-SUCH-CHARSET"));
}

static void
test_line_ends_and_spaces (ProjectFixture *fixture,
                           gconstpointer   data)
{
  static const char *texts[] = {
    "name,note\n  Ann  , two spaces \n\nBo,\"multi\nline\"\n",
    "name,note\r\n  Ann  , two spaces \r\n\r\nBo,\"multi\nline\"\r\n",
    "name,note\r  Ann  , two spaces \r\rBo,\"multi\nline\"\r",
    "name,note\n  Ann  , two spaces \n\nBo,\"multi\nline\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SegImportSummary) summary = NULL;
      g_autofree char *table = g_strdup_printf ("ends%u", i);
      g_autofree char *sql = g_strdup_printf ("SELECT group_concat(name || '[' || note || ']', '|') FROM %s", table);
      g_autofree char *text = NULL;

      summary = import_text (fixture, table, texts[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (summary->rows, ==, 2);
      text = query_text (fixture->project, sql);
      g_assert_cmpstr (text, ==, "  Ann  [ two spaces ]|Bo[multi\nline]");
    }
}

static void
test_ragged_rows (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  summary = import_text (fixture, "ragged",
                         "a,b,c\n"
                         "1,\"x\ny\",3\n"   /* lines 2-3 */
                         "4,5\n"            /* line 4: short */
                         "6,7,8,9\n"        /* line 5: too long */
                         "10,11,12,,\n"     /* line 6: empty extras are fine */
                         ",,\n",            /* line 7: a row of empty cells */
                         -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 3);
  g_assert_cmpint (summary->blank, ==, 1);
  g_assert_cmpint (summary->padded, ==, 1);
  g_assert_cmpint (summary->rejected, ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM ragged WHERE c IS NULL"), ==, 1);
  text = query_text (fixture->project, "SELECT line || ':' || column || ':' || raw FROM seg_rejects");
  g_assert_cmpstr (text, ==, "5:4:6,7,8,9");
  g_assert_cmpint (query_int (fixture->project, "SELECT padded * 10 + rejected FROM seg_tables"), ==, 11);
}

static void
test_type_override_rejects (ProjectFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  path = write_file (fixture, "qty.csv", "sku,qty\nA,1\nB,two\nC,3\n", -1);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_column_type (importer, 1, SEG_COLUMN_INTEGER);
  seg_importer_set_on_bad_cell (importer, SEG_BAD_CELL_REJECT_ROW);
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_INTEGER);
  g_assert_cmpint (((SegColumnInfo *)g_ptr_array_index (summary->columns, 1))->inferred_type, ==, SEG_COLUMN_TEXT);
  g_assert_cmpint (summary->rows, ==, 2);
  g_assert_cmpint (summary->emptied, ==, 0);
  g_assert_cmpint (summary->rejected, ==, 1);
  text = query_text (fixture->project, "SELECT line || ':' || column || ':' || raw || ':' || reason FROM seg_rejects");
  g_assert_true (g_str_has_prefix (text, "3:2:B,two:"));
  g_assert_nonnull (strstr (text, "two"));
  g_assert_nonnull (strstr (text, "qty"));
}

static void
test_mostly_numbers_with_a_stray_word (ProjectFixture *fixture,
                                       gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GString) csv = g_string_new ("id,amount\n");

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "%u,%s\n", i, i == 1500 ? "unknown" : "12.5");

  summary = import_text (fixture, "stray", csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_REAL);
  /* By default the stray word's cell is emptied and its row kept. */
  g_assert_cmpint (summary->rows, ==, 3000);
  g_assert_cmpint (summary->rejected, ==, 0);
  g_assert_cmpint (summary->emptied, ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT line FROM seg_rejects"), ==, 1502);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM stray WHERE amount IS NULL"), ==, 1);
}

/* A column mixing dates and date-times keeps all of them as date-times. */
static void
test_dates_among_datetimes (ProjectFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  summary = import_text (fixture, "visits",
                         "id,seen,day\n"
                         "1,2024-01-05 13:45,2024-01-05\n"
                         "2,2024-01-06,2024-01-06\n"
                         "3,,2024-01-07\n"
                         "4,2024-01-07T08:00:00,2024-01-08\n",
                         -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_DATETIME);
  g_assert_cmpint (column_type (summary, 2), ==, SEG_COLUMN_DATE);
  g_assert_cmpint (summary->rows, ==, 4);
  g_assert_cmpint (summary->rejected, ==, 0);
  g_assert_cmpint (summary->emptied, ==, 0);
  text = query_text (fixture->project, "SELECT group_concat(seen, '|') FROM (SELECT seen FROM visits ORDER BY id)");
  g_assert_cmpstr (text, ==, "2024-01-05 13:45:00|2024-01-06 00:00:00|2024-01-07 08:00:00");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(day, '|') FROM (SELECT day FROM visits ORDER BY id)");
  g_assert_cmpstr (text, ==, "2024-01-05|2024-01-06|2024-01-07|2024-01-08");
}

static void
test_bad_cells_emptied (ProjectFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) whole_rows = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportPreview) preview = NULL;
  g_autoptr(GString) csv = g_string_new ("id,amount,day\n");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gboolean found_warning = FALSE;

  /* Two in a hundred values of each typed column do not fit; row 7 has
   * a bad cell in both. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (csv, "%u,%s,%s\n", i,
                            i == 7 || i == 40 ? "lots" : "12.5",
                            i == 7 || i == 90 ? "soon" : "2024-03-05");
  path = write_file (fixture, "cells.csv", csv->str, csv->len);

  importer = seg_importer_new (fixture->project, path);
  /* Callers that do not choose empty the cell and keep the row, as the
   * command line and the window do. */
  g_assert_cmpint (seg_importer_get_on_bad_cell (importer), ==, SEG_BAD_CELL_EMPTY);

  preview = seg_importer_preview (importer, 200, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_rejected, ==, 4);
  g_assert_cmpuint (preview->n_emptied, ==, 4);

  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_REAL);
  g_assert_cmpint (column_type (summary, 2), ==, SEG_COLUMN_DATE);
  g_assert_cmpint (summary->rows, ==, 100);
  g_assert_cmpint (summary->rejected, ==, 0);
  g_assert_cmpint (summary->emptied, ==, 4);
  for (guint i = 0; i < summary->warnings->len; i++)
    found_warning |= strstr (g_ptr_array_index (summary->warnings, i), "4 values did not fit") != NULL;
  g_assert_true (found_warning);

  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM cells WHERE amount IS NULL AND day IS NULL"), ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT id FROM cells WHERE amount IS NULL AND day IS NULL"), ==, 7);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM cells WHERE amount = 12.5"), ==, 98);
  text = query_text (fixture->project,
                     "SELECT group_concat(line || ':' || column, ' ') FROM"
                     " (SELECT line, column FROM seg_rejects ORDER BY line, column)");
  g_assert_cmpstr (text, ==, "9:2 9:3 42:2 92:3");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT reason FROM seg_rejects WHERE line = 42");
  g_assert_nonnull (strstr (text, "lots"));
  g_assert_nonnull (strstr (text, "amount"));
  g_assert_nonnull (strstr (text, "emptied"));
  g_assert_cmpint (query_int (fixture->project, "SELECT rejected FROM seg_tables WHERE name = 'cells'"), ==, 0);

  /* The other choice leaves out every row with a bad cell, and names the
   * first bad cell of each. */
  g_clear_object (&importer);
  g_clear_pointer (&preview, seg_import_preview_free);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_table_name (importer, "whole");
  seg_importer_set_on_bad_cell (importer, SEG_BAD_CELL_REJECT_ROW);
  preview = seg_importer_preview (importer, 200, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_rejected, ==, 4);
  g_assert_cmpuint (preview->n_emptied, ==, 0);
  whole_rows = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (whole_rows->rows, ==, 97);
  g_assert_cmpint (whole_rows->rejected, ==, 3);
  g_assert_cmpint (whole_rows->emptied, ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM whole WHERE amount IS NULL OR day IS NULL"), ==, 0);
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project,
                     "SELECT group_concat(r.line || ':' || r.column, ' ') FROM"
                     " (SELECT line, column FROM seg_rejects JOIN seg_tables t ON t.id = table_id"
                     "  WHERE t.name = 'whole' ORDER BY line) AS r");
  g_assert_cmpstr (text, ==, "9:2 42:2 92:3");
}

static void
test_codes_with_leading_zeros (ProjectFixture *fixture,
                               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GString) csv = g_string_new ("customer,postcode\n");
  g_autofree char *text = NULL;

  /* One code with a leading zero among thousands: the column is codes. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (csv, "C%u,%s\n", i, i == 4321 ? "010000" : "200000");

  summary = import_text (fixture, "codes", csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_TEXT);
  g_assert_cmpint (summary->rejected, ==, 0);
  text = query_text (fixture->project, "SELECT postcode FROM codes WHERE customer = 'C4321'");
  g_assert_cmpstr (text, ==, "010000");
}

static void
test_dates (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) ambiguous = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  summary = import_text (fixture, "d",
                         "us,eu,cn,compact,excel\n"
                         "12/31/2023,31/12/2023,2024年1月5日,20240105,12/1/10 8:26\n"
                         "1/5/2024,5/1/2024,2023年12月31日,20231231,12/13/10 17:05\n",
                         -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (column_type (summary, i), ==, SEG_COLUMN_DATE);
  g_assert_cmpint (column_type (summary, 4), ==, SEG_COLUMN_DATETIME);
  text = query_text (fixture->project, "SELECT group_concat(us || ' ' || eu || ' ' || cn || ' ' || compact || ' ' || excel, '|') FROM d");
  g_assert_cmpstr (text, ==,
                   "2023-12-31 2023-12-31 2024-01-05 2024-01-05 2010-12-01 08:26:00|"
                   "2024-01-05 2024-01-05 2023-12-31 2023-12-31 2010-12-13 17:05:00");
  g_assert_cmpuint (summary->warnings->len, ==, 0);

  /* Every date fits both orders: the user's choice decides, and without
   * one the summary says which was taken. */
  ambiguous = import_text (fixture, "amb", "day\n01/02/2024\n03/04/2024\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ambiguous->warnings->len, ==, 1);
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(day, ' ') FROM amb");
  g_assert_cmpstr (text, ==, "2024-02-01 2024-04-03");

  path = write_file (fixture, "amb2.csv", "day\n01/02/2024\n03/04/2024\n", -1);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_date_order (importer, SEG_DATE_ORDER_MDY);
  g_clear_pointer (&ambiguous, seg_import_summary_free);
  ambiguous = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(day, ' ') FROM amb2");
  g_assert_cmpstr (text, ==, "2024-01-02 2024-03-04");
}

static void
test_missing_markers (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  summary = import_text (fixture, "m",
                         "n,d,t\n1,2024-01-01,NA\nNA,N/A,-\nNULL,?,x\n-,,y\n4,2024-01-04,\n",
                         -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (column_type (summary, 0), ==, SEG_COLUMN_INTEGER);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_DATE);
  g_assert_cmpint (column_type (summary, 2), ==, SEG_COLUMN_TEXT);
  g_assert_cmpint (query_int (fixture->project, "SELECT sum(n IS NULL) * 10 + sum(d IS NULL) FROM m"), ==, 33);
  /* In text, markers are text; only an empty cell is missing. */
  text = query_text (fixture->project, "SELECT group_concat(coalesce(t, '<null>'), ' ') FROM m");
  g_assert_cmpstr (text, ==, "NA - x y <null>");
}

static void
test_no_header (ProjectFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;

  summary = import_text (fixture, "bare", "C001,12.5,2024-01-05\nC002,13,2024-01-06\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (summary->header);
  g_assert_cmpint (summary->rows, ==, 2);
  g_assert_cmpstr (column_name (summary, 0), ==, "column_1");
  g_assert_cmpstr (column_name (summary, 2), ==, "column_3");
}

static void
test_hostile_headers (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *text = NULL;

  summary = import_text (fixture, "x\"; DROP TABLE seg_tables; --",
                         "\"x\"\"; DROP TABLE seg_tables; --\",,Name,NAME,name , ,\"a\nb\"\n1,2,3,4,5,6,7\n",
                         -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (column_name (summary, 0), ==, "x\"; DROP TABLE seg_tables; --");
  g_assert_cmpstr (column_name (summary, 1), ==, "column_2");
  g_assert_cmpstr (column_name (summary, 2), ==, "Name");
  g_assert_cmpstr (column_name (summary, 3), ==, "NAME_2");
  g_assert_cmpstr (column_name (summary, 4), ==, "name_3");
  g_assert_cmpstr (column_name (summary, 5), ==, "column_6");
  g_assert_cmpstr (column_name (summary, 6), ==, "a b");
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_tables"), ==, 1);
  text = query_text (fixture->project, "SELECT \"x\"\"; DROP TABLE seg_tables; --\" FROM \"x\"\"; DROP TABLE seg_tables; --\"");
  g_assert_cmpstr (text, ==, "1");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT header FROM seg_columns WHERE position = 4");
  g_assert_cmpstr (text, ==, "name ");
}

static void
test_wide_tables (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint n = 2000; n <= 2001; n++)
    {
      g_string_truncate (csv, 0);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (csv, "%sc%u", i ? "," : "", i);
      g_string_append_c (csv, '\n');
      for (guint i = 0; i < n; i++)
        g_string_append_printf (csv, "%s%u", i ? "," : "", i);
      g_string_append_c (csv, '\n');

      if (n == 2000)
        {
          summary = import_text (fixture, "wide", csv->str, csv->len, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (summary->columns->len, ==, 2000);
          g_assert_cmpint (query_int (fixture->project, "SELECT c1999 FROM wide"), ==, 1999);
          before = project_state (fixture->project);
        }
      else
        {
          g_assert_null (import_text (fixture, "wider", csv->str, csv->len, &error));
          g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION);
          g_assert_nonnull (strstr (error->message, "2001"));
          after = project_state (fixture->project);
          g_assert_cmpstr (before, ==, after);
        }
    }
}

typedef struct
{
  const char *name;
  const char *contents;
  gssize      len;
  int         code;
  const char *location; /* a part of the message that must be there */
} BadInput;

static void
test_bad_input (ProjectFixture *fixture,
                gconstpointer   data)
{
  static const BadInput cases[] = {
    { "unterminated", "a,b\n1,2\n3,\"open\n4,5\n", -1, SEG_IMPORT_ERROR_UNTERMINATED_QUOTE, "line 3, column 2" },
    { "nul", "a,b\n1,2\n3,x\0y\n", 14, SEG_IMPORT_ERROR_NUL_BYTE, "line 3, column 4" },
    { "empty", "", 0, SEG_IMPORT_ERROR_EMPTY, "empty.csv" },
    { "blank", "\n\n  \n", -1, SEG_IMPORT_ERROR_EMPTY, "blank.csv" },
    { "header", "name,price,date\n", -1, SEG_IMPORT_ERROR_HEADER_ONLY, "header.csv" },
    { "binary", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0", 29, SEG_IMPORT_ERROR_BINARY, "binary.csv" },
    { "badutf16", "\xff\xfe" "a\0,\0b\0\n\0" "1\0,\0" "\x00\xd8" "2\0\n\0", 20, SEG_IMPORT_ERROR_ENCODING, "line 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = project_state (fixture->project);
      g_autofree char *after = NULL;

      g_test_message ("bad input: %s", cases[i].name);
      g_assert_null (import_text (fixture, cases[i].name, cases[i].contents, cases[i].len, &error));
      g_assert_error (error, SEG_IMPORT_ERROR, cases[i].code);
      g_test_message ("  %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_nonnull (strstr (error->message, cases[i].location));
      after = project_state (fixture->project);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_field_too_large (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(GString) csv = g_string_new ("a,b\n1,2\n3,\"");
  g_autofree char *path = NULL;
  g_autofree char *before = project_state (fixture->project);
  g_autofree char *after = NULL;

  for (guint i = 0; i < 3 * 1024 * 1024 / 8; i++)
    g_string_append (csv, "abcdefg\n");
  g_string_append (csv, "\"\n");

  path = write_file (fixture, "huge.csv", csv->str, csv->len);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_max_field_size (importer, 1024 * 1024);
  g_assert_null (seg_importer_run (importer, NULL, &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_FIELD_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.csv: line 3, column 2"));
  g_assert_nonnull (strstr (error->message, "too large"));
  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
}

static void
test_invalid_utf8_deep_in_file (ProjectFixture *fixture,
                                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GString) csv = g_string_new ("name,city\n");
  g_autofree char *text = NULL;

  /* Two megabytes of ASCII, then one GBK row: the whole file is GBK. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (csv, "n%06u,Paris\n", i);
  g_string_append (csv, "\xcd\xf5\xb7\xbc,\xc9\xcf\xba\xa3\n");

  summary = import_text (fixture, "late", csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->encoding, ==, "GB18030");
  g_assert_cmpint (summary->rows, ==, 100001);
  text = query_text (fixture->project, "SELECT name || city FROM late WHERE rowid = 100001");
  g_assert_cmpstr (text, ==, "王芳上海");
}

/* Many batches of rows whose last byte is any value at all, rejects among
 * them: every row arrives, in order. */
static void
test_many_batches (ProjectFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GString) csv = g_string_new ("id,amount,country\n");

  for (guint i = 0; i < 150000; i++)
    {
      if (i % 50000 == 7)
        g_string_append_printf (csv, "%u,%u,EIRE,extra\n", i, i);
      else
        g_string_append_printf (csv, "%u,%u,%s\n", i, i, i % 2 ? "EIRE" : "\xc3\x89");
    }

  summary = import_text (fixture, "batches", csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 149997);
  g_assert_cmpint (summary->rejected, ==, 3);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_rejects"), ==, 3);
  g_assert_cmpint (query_int (fixture->project, "SELECT sum(id = amount) FROM batches"), ==, 149997);
  g_assert_cmpint (query_int (fixture->project, "SELECT max(id) FROM batches"), ==, 149999);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM batches a JOIN batches b ON b.rowid = a.rowid + 1 WHERE b.id < a.id"), ==, 0);
}

static void
test_preview_and_column_choices (ProjectFixture *fixture,
                                 gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportPreview) preview = NULL;
  g_autoptr(SegImportPreview) again = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  SegPreviewColumn *column;
  SegPreviewRow *row;

  path = write_file (fixture, "kunden.csv",
                     "Kunde;Betrag;Datum;Notiz\n"
                     "K1;12,50;05.01.2024;a\n"
                     "K2;;06.01.2024;b\n"
                     "K3;abc;07.01.2024;c\n"
                     "K4;3;08.01.2024;d;e\n", -1);
  importer = seg_importer_new (fixture->project, path);

  preview = seg_importer_preview (importer, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->encoding, ==, "UTF-8");
  g_assert_true (preview->encoding_detected);
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_true (preview->header);
  g_assert_cmpuint (preview->n_columns, ==, 4);
  g_assert_cmpuint (preview->rows->len, ==, 4);
  column = g_ptr_array_index (preview->columns, 1);
  g_assert_cmpstr (column->name, ==, "Betrag");
  /* One word among three numbers: text in so small a sample. */
  g_assert_cmpint (column->type, ==, SEG_COLUMN_TEXT);
  row = g_ptr_array_index (preview->rows, 3);
  g_assert_true (row->too_many_fields);
  g_assert_cmpint (row->line, ==, 5);
  g_assert_cmpint (row->status[0], ==, SEG_PREVIEW_CELL_REJECTED);

  /* The person makes it a number, renames two columns, drops one. */
  seg_importer_set_column_type (importer, 1, SEG_COLUMN_REAL);
  seg_importer_set_column_name (importer, 0, "customer");
  seg_importer_set_column_name (importer, 2, "Customer");
  seg_importer_set_column_skip (importer, 3, TRUE);
  again = seg_importer_preview (importer, 100, NULL, &error);
  g_assert_no_error (error);
  column = g_ptr_array_index (again->columns, 1);
  g_assert_cmpint (column->type, ==, SEG_COLUMN_REAL);
  g_assert_cmpint (column->inferred_type, ==, SEG_COLUMN_TEXT);
  g_assert_cmpstr (((SegPreviewColumn *)g_ptr_array_index (again->columns, 2))->name, ==, "Customer_2");
  g_assert_true (((SegPreviewColumn *)g_ptr_array_index (again->columns, 3))->skip);
  g_assert_cmpint (((SegPreviewRow *)g_ptr_array_index (again->rows, 1))->status[1], ==, SEG_PREVIEW_CELL_NULL);
  g_assert_cmpint (((SegPreviewRow *)g_ptr_array_index (again->rows, 2))->status[1], ==, SEG_PREVIEW_CELL_REJECTED);
  g_assert_cmpuint (again->n_rejected, ==, 1 + 3);

  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->columns->len, ==, 3);
  /* "abc" is emptied with its row kept; the row with a field too many
   * goes to the rejects list whole. */
  g_assert_cmpint (summary->rows, ==, 3);
  g_assert_cmpint (summary->rejected, ==, 1);
  g_assert_cmpint (summary->emptied, ==, 1);
  text = query_text (fixture->project, "SELECT group_concat(customer || ':' || coalesce(Betrag, 'null') || ':' || Customer_2, ' ') FROM kunden");
  g_assert_cmpstr (text, ==, "K1:12.5:2024-01-05 K2:null:2024-01-06 K3:null:2024-01-07");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(name, ',') FROM (SELECT name FROM seg_columns ORDER BY position)");
  g_assert_cmpstr (text, ==, "customer,Betrag,Customer_2");

  /* Leaving out every column is refused. */
  for (guint i = 0; i < 4; i++)
    seg_importer_set_column_skip (importer, i, TRUE);
  seg_importer_set_table_name (importer, "none");
  g_assert_null (seg_importer_run (importer, NULL, &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION);
  g_assert_false (seg_project_has_table (fixture->project, "none"));
}

/* A text column made a date by hand reads day first unless told. */
static void
test_date_override (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *path = write_file (fixture, "when.csv", "id,when\n1,05/01/2024\n2,06/01/2024\n3,soon\n", -1);
  g_autofree char *text = NULL;

  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_column_type (importer, 1, SEG_COLUMN_DATE);
  seg_importer_set_on_bad_cell (importer, SEG_BAD_CELL_REJECT_ROW);
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 2);
  g_assert_cmpint (summary->rejected, ==, 1);
  text = query_text (fixture->project, "SELECT group_concat(\"when\", ' ') FROM \"when\"");
  g_assert_cmpstr (text, ==, "2024-01-05 2024-01-06");
}

static void
test_replace (ProjectFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) first = NULL;
  g_autoptr(SegImportSummary) second = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autofree char *path = NULL;

  first = import_text (fixture, "t", "a,b\n1,2\n3,4,5\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->rejected, ==, 1);

  g_assert_null (import_text (fixture, "t", "a\n1\n", -1, &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_TABLE_EXISTS);
  g_clear_error (&error);

  path = write_file (fixture, "t2.csv", "x,y,z\n1,2,3\n4,5,6\n", -1);
  importer = seg_importer_new (fixture->project, path);
  seg_importer_set_table_name (importer, "T");
  seg_importer_set_replace (importer, TRUE);
  second = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_tables"), ==, 1);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_columns"), ==, 3);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_rejects"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT sum(z) FROM t"), ==, 9);
}

static char *
export_to_string (SegProject     *project,
                  const char     *table,
                  SegExportFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  char *data;

  g_assert_true (seg_project_export_csv (project, table, out, flags, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));

  return data;
}

static void
test_export (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autofree char *guarded = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *bom = NULL;

  summary = import_text (fixture, "e",
                         "name,lat,ok,when\n"
                         "=HYPERLINK(\"x\"),42.3599611,true,2024-01-05\n"
                         "+1 call,0.1,false,05/01/2024\n"
                         "\"a,b\",1e21,yes,\n"
                         "@home,-7,no,2024-01-07\n",
                         -1, &error);
  g_assert_no_error (error);
  guarded = export_to_string (fixture->project, "e", SEG_EXPORT_NONE);
  g_assert_cmpstr (guarded, ==,
                   "name,lat,ok,when\r\n"
                   "\"'=HYPERLINK(\"\"x\"\")\",42.3599611,true,2024-01-05\r\n"
                   "'+1 call,0.1,false,2024-01-05\r\n"
                   "\"a,b\",1e+21,true,\r\n"
                   "'@home,-7,false,2024-01-07\r\n");
  raw = export_to_string (fixture->project, "e", SEG_EXPORT_RAW);
  g_assert_true (g_str_has_prefix (raw, "name,lat,ok,when\r\n\"=HYPERLINK(\"\"x\"\")\",42.3599611,"));
  bom = export_to_string (fixture->project, "e", SEG_EXPORT_BOM);
  g_assert_true (g_str_has_prefix (bom, "\xef\xbb\xbfname,"));

  /* Chosen rows only, to a file; a failed export keeps the old file. */
  {
    g_autofree char *path = g_build_filename (fixture->dir, "chosen.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *all = export_to_string (fixture->project, "e", SEG_EXPORT_RAW);
    g_autofree char *written = NULL;
    g_auto(GStrv) rows = g_strsplit (all, "\r\n", -1);
    const guint8 keep[] = { 0, 1 };

    g_assert_true (seg_project_export_file (fixture->project, &(SegExportRows) { "e", keep, G_N_ELEMENTS (keep) },
                                            file, SEG_EXPORT_RAW, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
    g_free (all);
    all = g_strconcat (rows[0], "\r\n", rows[2], "\r\n", NULL);
    g_assert_cmpstr (written, ==, all);

    g_assert_false (seg_project_export_file (fixture->project, &(SegExportRows) { "missing" }, file,
                                             SEG_EXPORT_NONE, NULL, &error));
    g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
    g_clear_pointer (&written, g_free);
    g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
    g_assert_cmpstr (written, ==, all);
    {
      g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        g_assert_false (g_str_has_prefix (name, ".goutputstream"));
    }
  }
}

/* Import, export raw, import again: every cell comes back. */
static void
test_round_trip (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) first = NULL;
  g_autoptr(SegImportSummary) second = NULL;
  g_autoptr(GString) csv = g_string_new ("id,name,price,qty,day,at,flag,zip\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *exported = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      double price = g_rand_double_range (rand, -1000, 1000);

      g_string_append_printf (csv, "C%05u,\"名字 %u, \"\"q\"\" \n next\",%.17g,%d,2024-%02d-%02d,2023-05-%02d %02d:%02d,%s,%05u\n",
                              i, i, price, g_rand_int_range (rand, -5, 50),
                              g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                              g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 0, 24),
                              g_rand_int_range (rand, 0, 60),
                              g_rand_boolean (rand) ? "true" : "false",
                              g_rand_int_range (rand, 0, 99999));
    }

  first = import_text (fixture, "one", csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->rows, ==, 2000);
  exported = export_to_string (fixture->project, "one", SEG_EXPORT_RAW);
  second = import_text (fixture, "two", exported, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->rows, ==, 2000);

  for (guint i = 0; i < first->columns->len; i++)
    g_assert_cmpint (column_type (first, i), ==, column_type (second, i));

  /* Every value, compared by SQLite including its storage class. */
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count(*) FROM one JOIN two ON one.rowid = two.rowid"
                              " WHERE one.id IS two.id AND one.name IS two.name"
                              " AND one.price IS two.price AND typeof(one.price) = typeof(two.price)"
                              " AND one.qty IS two.qty AND one.day IS two.day AND one.at IS two.at"
                              " AND one.flag IS two.flag AND one.zip IS two.zip"),
                   ==, 2000);
  a = query_text (fixture->project, "SELECT sum(price) FROM one");
  b = query_text (fixture->project, "SELECT sum(price) FROM two");
  g_assert_cmpstr (a, ==, b);
}

static void
test_progress_and_cancel (ProjectFixture *fixture,
                          gconstpointer   data);

typedef struct
{
  GCancellable *cancellable;
  double        last;
  guint         notifications;
  double        cancel_at;
} ProgressWatch;

static void
on_fraction (SegImporter *importer,
             GParamSpec  *pspec,
             gpointer     user_data)
{
  ProgressWatch *watch = user_data;
  double fraction = seg_importer_get_fraction (importer);

  g_assert_cmpfloat (fraction, >=, watch->last);
  watch->last = fraction;
  watch->notifications++;
  if (watch->cancellable != NULL && fraction >= watch->cancel_at)
    g_cancellable_cancel (watch->cancellable);
}

static char *
big_csv (ProjectFixture *fixture,
         guint           rows)
{
  g_autoptr(GString) csv = g_string_new ("invoice,day,customer,qty,price\n");

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (csv, "INV-%u,2024-%02u-%02u,C%04u,%u,%u.%02u\n",
                            i, i % 12 + 1, i % 28 + 1, i % 5000, i % 7 + 1, i % 300, i % 100);

  return write_file (fixture, "big.csv", csv->str, csv->len);
}

static void
test_progress_and_cancel (ProjectFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = big_csv (fixture, 200000);
  g_autofree char *before = project_state (fixture->project);
  g_autofree char *after = NULL;
  ProgressWatch watch = { cancellable, 0.0, 0, 0.7 };

  /* Cancelled while storing rows: nothing of it stays. */
  importer = seg_importer_new (fixture->project, path);
  g_signal_connect (importer, "notify::fraction", G_CALLBACK (on_fraction), &watch);
  g_assert_null (seg_importer_run (importer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (watch.notifications, >, 10);
  after = project_state (fixture->project);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (seg_project_has_table (fixture->project, "big"));
  g_clear_error (&error);

  /* The same importer then runs to the end. */
  watch = (ProgressWatch) { NULL, 0.0, 0, 2.0 };
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 200000);
  g_assert_cmpfloat (seg_importer_get_fraction (importer), ==, 1.0);
  g_assert_cmpfloat (watch.last, ==, 1.0);
  g_signal_handlers_disconnect_by_data (importer, &watch);
}

typedef struct
{
  GMainLoop        *loop;
  SegImportSummary *summary;
  GError           *error;
  guint             notifications;
  gboolean          main_thread_only;
} AsyncWait;

static void
on_async_fraction (SegImporter *importer,
                   GParamSpec  *pspec,
                   gpointer     user_data)
{
  AsyncWait *wait = user_data;

  /* Progress arrives on the thread that owns the main context. */
  if (!g_main_context_is_owner (g_main_context_default ()))
    wait->main_thread_only = FALSE;
  wait->notifications++;
}

static void
on_async_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->summary = seg_importer_run_finish (SEG_IMPORTER (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_async (ProjectFixture *fixture,
            gconstpointer   data)
{
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *path = big_csv (fixture, 100000);
  AsyncWait wait = { loop, NULL, NULL, 0, TRUE };

  importer = seg_importer_new (fixture->project, path);
  g_signal_connect (importer, "notify::fraction", G_CALLBACK (on_async_fraction), &wait);
  seg_importer_run_async (importer, NULL, on_async_done, &wait);
  g_main_loop_run (loop);

  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.summary);
  g_assert_cmpint (wait.summary->rows, ==, 100000);
  g_assert_true (wait.main_thread_only);
  g_assert_cmpuint (wait.notifications, >, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM big"), ==, 100000);
  seg_import_summary_free (wait.summary);
  g_signal_handlers_disconnect_by_data (importer, &wait);

  /* The worker thread lets go of the task a moment after it returns; let
   * it and the last low-priority notifications finish. */
  for (guint i = 0; i < 500 && G_OBJECT (importer)->ref_count > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_finalize_object (g_steal_pointer (&importer));
}

/* Reads of the reader with every chunk size give the same records. */
static gboolean
collect (const SegCsvRecord  *record,
         gpointer             user_data,
         GError             **error)
{
  GString *out = user_data;

  g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", record->line);
  seg_csv_format_record (record, '|', out);
  g_string_append_c (out, '\n');

  return TRUE;
}

/* A fixed-width export, columns aligned with spaces: values with single
 * spaces inside, numbers aligned right, Chinese two positions wide. */
static void
test_aligned_columns (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "aligned-legacy.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GString) big = g_string_new ("ID      LABEL           SCORE\n");
  g_autofree char *text = NULL;
  guint n_columns = 0;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  g_assert_cmpint (seg_sniff_delimiter (contents, strlen (contents), &n_columns), ==, ' ');
  g_assert_cmpuint (n_columns, ==, 5);
  /* Ordinary CSV stays CSV. */
  g_assert_cmpint (seg_sniff_delimiter ("a,b\n1,2\n3,4\n", 12, NULL), ==, ',');

  summary = import_text (fixture, "legacy", contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->delimiter, ==, ' ');
  g_assert_true (summary->header);
  g_assert_cmpint (summary->rows, ==, 5);
  g_assert_cmpstr (column_name (summary, 1), ==, "NAME");
  g_assert_cmpint (column_type (summary, 0), ==, SEG_COLUMN_INTEGER);
  g_assert_cmpint (column_type (summary, 2), ==, SEG_COLUMN_TEXT);
  g_assert_cmpint (column_type (summary, 4), ==, SEG_COLUMN_DATE);
  text = query_text (fixture->project, "SELECT group_concat(CUSTNO || ':' || NAME || ':' || CITY, '|') FROM legacy");
  g_assert_cmpstr (text, ==, "17:Ada Lovelace:London|204:Grace Hopper:New York|3311:王小明:上海|"
                             "9:Bartholomew Ashcroft:Bath|42:Zhang Wei:Beijing");
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(coalesce(BALANCE, 'null'), ' ') FROM legacy");
  g_assert_cmpstr (text, ==, "1250.5 -3.75 88.0 0.1 null");
  g_clear_pointer (&summary, seg_import_summary_free);

  /* Longer than the sample, so that lines are cut across read chunks. */
  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (big, "%-6u  %-14s  %5u\n", i, i % 2 ? "odd one" : "even", i % 1000);
  summary = import_text (fixture, "big", big->str, big->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->rows, ==, 60000);
  g_assert_cmpint (summary->rejected + summary->emptied, ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT sum(SCORE) FROM big"), ==, 60 * 499500);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM big WHERE LABEL = 'odd one'"), ==, 30000);
}

/* Percentages are stored as fractions and keep being shown as
 * percentages, also after an export to .xlsx and back. */
static void
test_percentages (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) again = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(SegTableModel) model = NULL;
  g_autoptr(SegRow) row = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  g_autofree char *xlsx = NULL;
  char buf[48];

  seg_format_percent (0.07, buf);
  g_assert_cmpstr (buf, ==, "7%");
  seg_format_percent (0.125, buf);
  g_assert_cmpstr (buf, ==, "12.5%");
  seg_format_percent (-1.5, buf);
  g_assert_cmpstr (buf, ==, "-150%");
  seg_format_percent (0.0001, buf);
  g_assert_cmpstr (buf, ==, "0.01%");

  summary = import_text (fixture, "rates", "name,rate,share\na,12.5%,0.5\nb,7%,0.25\nc,,1\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (column_type (summary, 1), ==, SEG_COLUMN_REAL);
  g_assert_true (((SegColumnInfo *) g_ptr_array_index (summary->columns, 1))->percent);
  g_assert_false (((SegColumnInfo *) g_ptr_array_index (summary->columns, 2))->percent);
  text = query_text (fixture->project, "SELECT group_concat(rate, ' ') FROM rates");
  g_assert_cmpstr (text, ==, "0.125 0.07");

  info = seg_project_get_table (fixture->project, "rates", &error);
  g_assert_no_error (error);
  g_assert_true (((SegColumnInfo *) g_ptr_array_index (info->columns, 1))->percent);
  model = seg_table_model_new (fixture->project, "rates", &error);
  g_assert_no_error (error);
  row = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (seg_row_get_cell (row, 1), ==, "7%");
  g_assert_cmpstr (seg_row_get_cell (row, 2), ==, "0.25");

  xlsx = g_build_filename (fixture->dir, "rates.xlsx", NULL);
  file = g_file_new_for_path (xlsx);
  g_assert_true (seg_project_export_xlsx_file (fixture->project, &(SegExportRows) { "rates" }, file, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, xlsx);

    seg_importer_set_table_name (importer, "rates_back");
    again = seg_importer_run (importer, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (((SegColumnInfo *) g_ptr_array_index (again->columns, 1))->percent);
  g_clear_pointer (&text, g_free);
  text = query_text (fixture->project, "SELECT group_concat(rate, ' ') FROM rates_back");
  g_assert_cmpstr (text, ==, "0.125 0.07");
}

static void
test_reader_lines (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *text = "a,b\r\n\"x\r\ny\",2\r\n\r\n3,4\n5,\"6\"\r7,8";

  g_assert_true (seg_csv_parse_text (text, strlen (text), ',', collect, out, NULL));
  g_assert_cmpstr (out->str, ==, "1:a|b\n2:\"x\r\ny\"|2\n5:3|4\n6:5|6\n7:7|8\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/import/" name, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)

  g_test_add_func ("/import/sniff-delimiter", test_sniff_delimiter);
  g_test_add_func ("/import/sniff-header", test_sniff_header);
  g_test_add_func ("/import/reader-lines", test_reader_lines);
  ADD ("aligned-columns", test_aligned_columns);
  ADD ("percentages", test_percentages);
  ADD ("basic-types", test_basic_types);
  ADD ("semicolon-decimal-comma", test_semicolon_decimal_comma);
  ADD ("encodings", test_encodings);
  ADD ("windows-1252", test_windows_1252);
  ADD ("encoding-override", test_encoding_override);
  ADD ("line-ends-and-spaces", test_line_ends_and_spaces);
  ADD ("ragged-rows", test_ragged_rows);
  ADD ("type-override-rejects", test_type_override_rejects);
  ADD ("stray-word", test_mostly_numbers_with_a_stray_word);
  ADD ("bad-cells-emptied", test_bad_cells_emptied);
  ADD ("dates-among-datetimes", test_dates_among_datetimes);
  ADD ("dates", test_dates);
  ADD ("codes-with-leading-zeros", test_codes_with_leading_zeros);
  ADD ("missing-markers", test_missing_markers);
  ADD ("no-header", test_no_header);
  ADD ("hostile-headers", test_hostile_headers);
  ADD ("wide-tables", test_wide_tables);
  ADD ("bad-input", test_bad_input);
  ADD ("field-too-large", test_field_too_large);
  ADD ("invalid-utf8-deep", test_invalid_utf8_deep_in_file);
  ADD ("replace", test_replace);
  ADD ("date-override", test_date_override);
  ADD ("preview-and-column-choices", test_preview_and_column_choices);
  ADD ("many-batches", test_many_batches);
  ADD ("export", test_export);
  ADD ("round-trip", test_round_trip);
  ADD ("progress-and-cancel", test_progress_and_cancel);
  ADD ("async", test_async);

  return g_test_run ();
}
