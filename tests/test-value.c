/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-test-value.h"

/* Names, missing values, booleans and conversion. */

/* ---------------------------------------------------------------------- */

static void
test_type_names (void)
{
  static const struct
  {
    const char    *name;
    SegColumnType  type;
  } names[] = {
    { "text", SEG_COLUMN_TEXT },
    { "integer", SEG_COLUMN_INTEGER },
    { "real", SEG_COLUMN_REAL },
    { "boolean", SEG_COLUMN_BOOLEAN },
    { "date", SEG_COLUMN_DATE },
    { "datetime", SEG_COLUMN_DATETIME },
  };
  static const char *const bad[] = { "", "int", "texts", "date time", "number", " text" };
  SegColumnType type;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *upper = g_ascii_strup (names[i].name, -1);

      g_assert_cmpstr (seg_column_type_to_string (names[i].type), ==, names[i].name);

      type = (SegColumnType) -1;
      g_assert_true (seg_column_type_from_string (names[i].name, &type));
      g_assert_cmpint (type, ==, names[i].type);

      type = (SegColumnType) -1;
      g_assert_true (seg_column_type_from_string (upper, &type));
      g_assert_cmpint (type, ==, names[i].type);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      type = SEG_COLUMN_REAL;
      g_assert_false (seg_column_type_from_string (bad[i], &type));
      g_assert_cmpint (type, ==, SEG_COLUMN_REAL);
    }
  g_assert_false (seg_column_type_from_string (NULL, &type));
  g_assert_null (seg_column_type_to_string ((SegColumnType) 99));
}

static void
test_date_order_names (void)
{
  static const struct
  {
    const char   *name;
    SegDateOrder  order;
  } names[] = {
    { "auto", SEG_DATE_ORDER_AUTO },
    { "dmy", SEG_DATE_ORDER_DMY },
    { "mdy", SEG_DATE_ORDER_MDY },
    { "ymd", SEG_DATE_ORDER_YMD },
  };
  SegDateOrder order;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *upper = g_ascii_strup (names[i].name, -1);

      g_assert_cmpstr (seg_date_order_to_string (names[i].order), ==, names[i].name);

      order = (SegDateOrder) -1;
      g_assert_true (seg_date_order_from_string (names[i].name, &order));
      g_assert_cmpint (order, ==, names[i].order);

      order = (SegDateOrder) -1;
      g_assert_true (seg_date_order_from_string (upper, &order));
      g_assert_cmpint (order, ==, names[i].order);
    }

  order = SEG_DATE_ORDER_MDY;
  g_assert_false (seg_date_order_from_string ("dym", &order));
  g_assert_false (seg_date_order_from_string ("", &order));
  g_assert_false (seg_date_order_from_string (NULL, &order));
  g_assert_cmpint (order, ==, SEG_DATE_ORDER_MDY);
  g_assert_null (seg_date_order_to_string ((SegDateOrder) 42));
}

/* ---------------------------------------------------------------------- */

static void
test_missing (void)
{
  static const struct
  {
    const char *str;
    gboolean    missing;
  } cases[] = {
    { "", TRUE },
    { " ", TRUE },
    { "\t \t", TRUE },
    { "\xC2\xA0", TRUE },
    { "\xE3\x80\x80", TRUE },
    { "NA", TRUE },
    { "na", TRUE },
    { "Na", TRUE },
    { " NA ", TRUE },
    { "N/A", TRUE },
    { "n/a", TRUE },
    { "NULL", TRUE },
    { "null", TRUE },
    { "Null", TRUE },
    { "-", TRUE },
    { " - ", TRUE },
    { "?", TRUE },
    { "#N/A", TRUE },
    { "#n/a", TRUE },
    { "nan", TRUE },
    { "NaN", TRUE },
    { "None", TRUE },
    { "NONE", TRUE },
    { "#DIV/0!", TRUE },
    { "#VALUE!", TRUE },
    { "#REF!", TRUE },
    { "#NAME?", TRUE },
    { "#NUM!", TRUE },
    { "#NULL!", TRUE },
    { "0", FALSE },
    { "-1", FALSE },
    { "--", FALSE },
    { "??", FALSE },
    { "N", FALSE },
    { "NAN1", FALSE },
    { "N.A.", FALSE },
    { "Nonee", FALSE },
    { "NA NA", FALSE },
    { "nil", FALSE },
    { "text", FALSE },
    { "无", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len;
      g_autofree char *str = exact_copy (cases[i].str, &len);

      if (seg_value_is_missing (str, len) != cases[i].missing)
        g_error ("seg_value_is_missing (\"%s\") should be %s", cases[i].str,
                 cases[i].missing ? "TRUE" : "FALSE");
    }

  /* Only the given length counts. */
  g_assert_true (seg_value_is_missing ("NAME", 2));
  g_assert_false (seg_value_is_missing ("NA", 1));
}

/* ---------------------------------------------------------------------- */
/* ---------------------------------------------------------------------- */

static void
test_boolean (void)
{
  static const struct
  {
    const char *str;
    gboolean    ok;
    gboolean    value;
  } cases[] = {
    { "true", TRUE, TRUE },
    { "TRUE", TRUE, TRUE },
    { "True", TRUE, TRUE },
    { "false", TRUE, FALSE },
    { "FALSE", TRUE, FALSE },
    { "yes", TRUE, TRUE },
    { "YES", TRUE, TRUE },
    { "No", TRUE, FALSE },
    { "no", TRUE, FALSE },
    { "t", TRUE, TRUE },
    { "T", TRUE, TRUE },
    { "f", TRUE, FALSE },
    { "F", TRUE, FALSE },
    { "y", TRUE, TRUE },
    { "Y", TRUE, TRUE },
    { "n", TRUE, FALSE },
    { "N", TRUE, FALSE },
    { "是", TRUE, TRUE },
    { "否", TRUE, FALSE },
    { "真", TRUE, TRUE },
    { "假", TRUE, FALSE },
    { " yes ", TRUE, TRUE },
    { "\t否\xE3\x80\x80", TRUE, FALSE },
    { "0", FALSE, FALSE },
    { "1", FALSE, FALSE },
    { "-1", FALSE, FALSE },
    { "", FALSE, FALSE },
    { "maybe", FALSE, FALSE },
    { "tru", FALSE, FALSE },
    { "yess", FALSE, FALSE },
    { "falsey", FALSE, FALSE },
    { "ye", FALSE, FALSE },
    { "是的", FALSE, FALSE },
    { "对", FALSE, FALSE },
    { "on", FALSE, FALSE },
    { "x", FALSE, FALSE },
    { "NA", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len;
      g_autofree char *str = exact_copy (cases[i].str, &len);
      gboolean value = 42;
      gboolean ok = seg_parse_boolean (str, len, &value);

      if (ok != cases[i].ok)
        g_error ("seg_parse_boolean (\"%s\") returned %s", cases[i].str, ok ? "TRUE" : "FALSE");
      if (ok && value != cases[i].value)
        g_error ("seg_parse_boolean (\"%s\") gave %d", cases[i].str, value);
    }
}

/* ---------------------------------------------------------------------- */

/* ---------------------------------------------------------------------- */

typedef struct
{
  SegColumnType     type;
  SegDecimalMark    mark;
  SegDateOrder      order;
  const char       *str;
  SegConvertResult  result;
  gint64            i;
  double            r;
  const char       *text;
} ConvertCase;

static void
test_convert (void)
{
  static const ConvertCase cases[] = {
    { SEG_COLUMN_TEXT, 0, 0, "", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_TEXT, 0, 0, "hello", SEG_CONVERT_OK, 0, 0, "hello" },
    { SEG_COLUMN_TEXT, 0, 0, "NA", SEG_CONVERT_OK, 0, 0, "NA" },
    { SEG_COLUMN_TEXT, 0, 0, "NULL", SEG_CONVERT_OK, 0, 0, "NULL" },
    { SEG_COLUMN_TEXT, 0, 0, "-", SEG_CONVERT_OK, 0, 0, "-" },
    { SEG_COLUMN_TEXT, 0, 0, " ", SEG_CONVERT_OK, 0, 0, " " },
    { SEG_COLUMN_TEXT, 0, 0, "  padded  ", SEG_CONVERT_OK, 0, 0, "  padded  " },
    { SEG_COLUMN_TEXT, 0, 0, "007", SEG_CONVERT_OK, 0, 0, "007" },

    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "1,234", SEG_CONVERT_OK, 1234, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, " -5 ", SEG_CONVERT_OK, -5, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "$1,200", SEG_CONVERT_OK, 1200, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_COMMA, 0, "1.234", SEG_CONVERT_OK, 1234, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "   ", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "NA", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "-", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "#N/A", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "12.5", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "007", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, "abc", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_INTEGER, SEG_DECIMAL_COMMA, 0, "1,5", SEG_CONVERT_FAIL, 0, 0, NULL },

    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "12", SEG_CONVERT_OK, 0, 12.0, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "1,234.5", SEG_CONVERT_OK, 0, 1234.5, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "45%", SEG_CONVERT_OK, 0, 0.45, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "¥12.50", SEG_CONVERT_OK, 0, 12.5, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_COMMA, 0, "12,5", SEG_CONVERT_OK, 0, 12.5, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_COMMA, 0, "1.234,5 €", SEG_CONVERT_OK, 0, 1234.5, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "nan", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "?", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "#DIV/0!", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "12,5", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, "inf", SEG_CONVERT_FAIL, 0, 0, NULL },

    { SEG_COLUMN_BOOLEAN, 0, 0, "yes", SEG_CONVERT_OK, 1, 0, NULL },
    { SEG_COLUMN_BOOLEAN, 0, 0, "FALSE", SEG_CONVERT_OK, 0, 0, NULL },
    { SEG_COLUMN_BOOLEAN, 0, 0, "是", SEG_CONVERT_OK, 1, 0, NULL },
    { SEG_COLUMN_BOOLEAN, 0, 0, "否", SEG_CONVERT_OK, 0, 0, NULL },
    { SEG_COLUMN_BOOLEAN, 0, 0, "NULL", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_BOOLEAN, 0, 0, "", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_BOOLEAN, 0, 0, "1", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_BOOLEAN, 0, 0, "maybe", SEG_CONVERT_FAIL, 0, 0, NULL },

    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, "05/01/2024", SEG_CONVERT_OK, 0, 0, "2024-01-05" },
    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_MDY, "05/01/2024", SEG_CONVERT_OK, 0, 0, "2024-05-01" },
    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, "2024年1月5日", SEG_CONVERT_OK, 0, 0, "2024-01-05" },
    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, "20240105", SEG_CONVERT_OK, 0, 0, "2024-01-05" },
    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, "N/A", SEG_CONVERT_NULL, 0, 0, NULL },
    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, "05/01/2024", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, "2024-01-05 10:00", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, "2024-02-30", SEG_CONVERT_FAIL, 0, 0, NULL },

    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, "2024-01-05T10:00:00Z", SEG_CONVERT_OK, 0, 0, "2024-01-05 10:00:00" },
    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_MDY, "12/1/10 8:26", SEG_CONVERT_OK, 0, 0, "2010-12-01 08:26:00" },
    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_DMY, "NULL", SEG_CONVERT_NULL, 0, 0, NULL },
    /* A date alone is midnight of its day. */
    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, "2024-01-05", SEG_CONVERT_OK, 0, 0, "2024-01-05 00:00:00" },
    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_MDY, "12/1/2010", SEG_CONVERT_OK, 0, 0, "2010-12-01 00:00:00" },
    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, "2024-02-30", SEG_CONVERT_FAIL, 0, 0, NULL },
    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, "2024-01-05 25:00", SEG_CONVERT_FAIL, 0, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ConvertCase *c = &cases[i];
      SegValueFormat format = { c->type, c->mark, c->order };
      gsize len;
      g_autofree char *str = exact_copy (c->str, &len);
      SegValue value;
      SegConvertResult result;

      memset (&value, 0x5A, sizeof value);
      result = seg_value_convert (&format, str, len, &value);
      if (result != c->result)
        g_error ("converting \"%s\" to %s gave %d, expected %d", c->str,
                 seg_column_type_to_string (c->type), result, c->result);
      if (result != SEG_CONVERT_OK)
        continue;

      switch (c->type)
        {
        case SEG_COLUMN_TEXT:
          /* Text points into the input, every byte kept. */
          g_assert_true (value.text == str);
          g_assert_cmpuint (value.len, ==, len);
          g_assert_cmpmem (value.text, value.len, c->text, strlen (c->text));
          break;
        case SEG_COLUMN_INTEGER:
        case SEG_COLUMN_BOOLEAN:
          g_assert_cmpint (value.i, ==, c->i);
          break;
        case SEG_COLUMN_REAL:
          g_assert_true (same_double (value.r, c->r));
          break;
        case SEG_COLUMN_DATE:
        case SEG_COLUMN_DATETIME:
          g_assert_true (value.text == value.buf);
          g_assert_cmpuint (value.len, ==, strlen (c->text));
          g_assert_cmpstr (value.text, ==, c->text);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/value/type-names", test_type_names);
  g_test_add_func ("/value/date-order-names", test_date_order_names);
  g_test_add_func ("/value/missing", test_missing);
  g_test_add_func ("/value/boolean", test_boolean);
  g_test_add_func ("/value/convert", test_convert);

  return g_test_run ();
}
