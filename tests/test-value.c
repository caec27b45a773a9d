/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-value.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <string.h>

/* Every parser takes a length and must never read past it. Copying each
 * input into a buffer of exactly that size, without a terminating NUL,
 * lets AddressSanitizer catch any read beyond the end. */
static char *
exact_copy (const char *str,
            gsize      *len)
{
  gsize n = strlen (str);
  char *copy = g_malloc (n > 0 ? n : 1);

  memcpy (copy, str, n);
  *len = n;
  return copy;
}

static const char *
mark_name (SegDecimalMark mark)
{
  return mark == SEG_DECIMAL_DOT ? "DOT" : "COMMA";
}

static gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

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

typedef struct
{
  const char     *str;
  SegDecimalMark  mark;
  gboolean        ok;
  gint64          value;
} IntegerCase;

static const IntegerCase integer_cases[] = {
  /* Plain digits, signs and blanks. */
  { "0", SEG_DECIMAL_DOT, TRUE, 0 },
  { "7", SEG_DECIMAL_DOT, TRUE, 7 },
  { "12", SEG_DECIMAL_DOT, TRUE, 12 },
  { "-5", SEG_DECIMAL_DOT, TRUE, -5 },
  { "+5", SEG_DECIMAL_DOT, TRUE, 5 },
  { "-0", SEG_DECIMAL_DOT, TRUE, 0 },
  { "  42  ", SEG_DECIMAL_DOT, TRUE, 42 },
  { "\t7\r\n", SEG_DECIMAL_DOT, TRUE, 7 },
  { "\xC2\xA0" "8\xC2\xA0", SEG_DECIMAL_DOT, TRUE, 8 },
  { "12", SEG_DECIMAL_COMMA, TRUE, 12 },
  { "-5", SEG_DECIMAL_COMMA, TRUE, -5 },
  { "999999999999999", SEG_DECIMAL_DOT, TRUE, G_GINT64_CONSTANT (999999999999999) },
  { "-999999999999999", SEG_DECIMAL_DOT, TRUE, G_GINT64_CONSTANT (-999999999999999) },

  /* Thousands separators. */
  { "1,234", SEG_DECIMAL_DOT, TRUE, 1234 },
  { "1,234,567", SEG_DECIMAL_DOT, TRUE, 1234567 },
  { "-12,345", SEG_DECIMAL_DOT, TRUE, -12345 },
  { "123,456", SEG_DECIMAL_DOT, TRUE, 123456 },
  { "1.234", SEG_DECIMAL_COMMA, TRUE, 1234 },
  { "1.234.567", SEG_DECIMAL_COMMA, TRUE, 1234567 },
  { "1 234", SEG_DECIMAL_COMMA, TRUE, 1234 },
  { "1 234 567", SEG_DECIMAL_COMMA, TRUE, 1234567 },
  { "1\xC2\xA0" "234", SEG_DECIMAL_COMMA, TRUE, 1234 },
  { "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567", SEG_DECIMAL_COMMA, TRUE, 1234567 },
  { "9,223,372,036,854,775,807", SEG_DECIMAL_DOT, TRUE, G_MAXINT64 },
  { "-9,223,372,036,854,775,808", SEG_DECIMAL_DOT, TRUE, G_MININT64 },
  { "9.223.372.036.854.775.807", SEG_DECIMAL_COMMA, TRUE, G_MAXINT64 },

  /* Currencies and accounting negatives. */
  { "$1,200", SEG_DECIMAL_DOT, TRUE, 1200 },
  { "$ 1,200", SEG_DECIMAL_DOT, TRUE, 1200 },
  { "¥12", SEG_DECIMAL_DOT, TRUE, 12 },
  { "￥1,200", SEG_DECIMAL_DOT, TRUE, 1200 },
  { "€12", SEG_DECIMAL_DOT, TRUE, 12 },
  { "£5", SEG_DECIMAL_DOT, TRUE, 5 },
  { "12 €", SEG_DECIMAL_DOT, TRUE, 12 },
  { "1.234 €", SEG_DECIMAL_COMMA, TRUE, 1234 },
  { "1.234\xC2\xA0€", SEG_DECIMAL_COMMA, TRUE, 1234 },
  { "€ 1.234", SEG_DECIMAL_COMMA, TRUE, 1234 },
  { "12$", SEG_DECIMAL_DOT, TRUE, 12 },
  { "100元", SEG_DECIMAL_DOT, TRUE, 100 },
  { "100 元", SEG_DECIMAL_DOT, TRUE, 100 },
  { "USD 12", SEG_DECIMAL_DOT, TRUE, 12 },
  { "usd12", SEG_DECIMAL_DOT, TRUE, 12 },
  { "12 RMB", SEG_DECIMAL_DOT, TRUE, 12 },
  { "CNY100", SEG_DECIMAL_DOT, TRUE, 100 },
  { "12EUR", SEG_DECIMAL_DOT, TRUE, 12 },
  { "USD 5", SEG_DECIMAL_DOT, TRUE, 5 },
  { "EUR12", SEG_DECIMAL_DOT, TRUE, 12 },
  { "CNY 8", SEG_DECIMAL_DOT, TRUE, 8 },
  { "Eur-5", SEG_DECIMAL_DOT, TRUE, -5 },
  { "gbp +3", SEG_DECIMAL_DOT, TRUE, 3 },
  { "HKD\xC2\xA0" "7", SEG_DECIMAL_DOT, TRUE, 7 },
  { "JPY 1.000", SEG_DECIMAL_COMMA, TRUE, 1000 },
  { "rmb\t9", SEG_DECIMAL_DOT, TRUE, 9 },
  { "5 usd", SEG_DECIMAL_DOT, TRUE, 5 },
  { "5jpy", SEG_DECIMAL_DOT, TRUE, 5 },
  { "-$5", SEG_DECIMAL_DOT, TRUE, -5 },
  { "$-5", SEG_DECIMAL_DOT, TRUE, -5 },
  { "-¥1,200", SEG_DECIMAL_DOT, TRUE, -1200 },
  { "(12)", SEG_DECIMAL_DOT, TRUE, -12 },
  { "( 12 )", SEG_DECIMAL_DOT, TRUE, -12 },
  { "($1,200)", SEG_DECIMAL_DOT, TRUE, -1200 },
  { "(1.200 €)", SEG_DECIMAL_COMMA, TRUE, -1200 },

  /* Not integers: a fraction, exponent or percent makes a real. */
  { "12.0", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12.", SEG_DECIMAL_DOT, FALSE, 0 },
  { ".5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12,0", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1,234", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1e5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "45%", SEG_DECIMAL_DOT, FALSE, 0 },

  /* Bad thousands groups. */
  { "1,23", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1,2345", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12,34,567", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1234,567", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1,234,", SEG_DECIMAL_DOT, FALSE, 0 },
  { ",123", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1,,234", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1 234", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1.23", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1.234 567", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1  234", SEG_DECIMAL_COMMA, FALSE, 0 },

  /* Identifiers. */
  { "0001", SEG_DECIMAL_DOT, FALSE, 0 },
  { "007", SEG_DECIMAL_DOT, FALSE, 0 },
  { "-01", SEG_DECIMAL_DOT, FALSE, 0 },
  { "00", SEG_DECIMAL_DOT, FALSE, 0 },
  { "0,123", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1234567890123456", SEG_DECIMAL_DOT, FALSE, 0 },
  { "-1234567890123456", SEG_DECIMAL_DOT, FALSE, 0 },
  { "6222021234567890123", SEG_DECIMAL_DOT, FALSE, 0 },
  { " 1234567890123456 ", SEG_DECIMAL_COMMA, FALSE, 0 },

  /* Overflow. */
  { "9,223,372,036,854,775,808", SEG_DECIMAL_DOT, FALSE, 0 },
  { "-9,223,372,036,854,775,809", SEG_DECIMAL_DOT, FALSE, 0 },
  { "99,999,999,999,999,999,999", SEG_DECIMAL_DOT, FALSE, 0 },

  /* Not numbers at all. */
  { "", SEG_DECIMAL_DOT, FALSE, 0 },
  { "  ", SEG_DECIMAL_DOT, FALSE, 0 },
  { "-", SEG_DECIMAL_DOT, FALSE, 0 },
  { "+", SEG_DECIMAL_DOT, FALSE, 0 },
  { "$", SEG_DECIMAL_DOT, FALSE, 0 },
  { "abc", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12abc", SEG_DECIMAL_DOT, FALSE, 0 },
  { "0x1F", SEG_DECIMAL_DOT, FALSE, 0 },
  { "inf", SEG_DECIMAL_DOT, FALSE, 0 },
  { "--5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "+-5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "- 5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "5-", SEG_DECIMAL_DOT, FALSE, 0 },
  { "(-5)", SEG_DECIMAL_DOT, FALSE, 0 },
  { "-(5)", SEG_DECIMAL_DOT, FALSE, 0 },
  { "(5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "5)", SEG_DECIMAL_DOT, FALSE, 0 },
  { "()", SEG_DECIMAL_DOT, FALSE, 0 },
  { "$€5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "$5€", SEG_DECIMAL_DOT, FALSE, 0 },
  { "$5%", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1_000", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12 34", SEG_DECIMAL_DOT, FALSE, 0 },
  { "XYZ12", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12USDX", SEG_DECIMAL_DOT, FALSE, 0 },

  /* Words that start like currency codes. */
  { "USA", SEG_DECIMAL_DOT, FALSE, 0 },
  { "USA 5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "5 USA", SEG_DECIMAL_DOT, FALSE, 0 },
  { "Europe", SEG_DECIMAL_DOT, FALSE, 0 },
  { "EURO 5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "China", SEG_DECIMAL_DOT, FALSE, 0 },
  { "CN 8", SEG_DECIMAL_DOT, FALSE, 0 },
  { "EUR", SEG_DECIMAL_DOT, FALSE, 0 },
  { "USD ", SEG_DECIMAL_DOT, FALSE, 0 },
  { "USDX5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "C01234", SEG_DECIMAL_DOT, FALSE, 0 },
  { "United Kingdom", SEG_DECIMAL_DOT, FALSE, 0 },
  { "EIRE", SEG_DECIMAL_DOT, FALSE, 0 },
  { "HK$5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "１２", SEG_DECIMAL_DOT, FALSE, 0 },
};

static void
test_integer (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (integer_cases); i++)
    {
      const IntegerCase *c = &integer_cases[i];
      gsize len;
      g_autofree char *str = exact_copy (c->str, &len);
      gint64 value = -42;
      gboolean ok = seg_parse_integer (str, len, c->mark, &value);

      if (ok != c->ok)
        g_error ("seg_parse_integer (\"%s\", %s) returned %s", c->str,
                 mark_name (c->mark), ok ? "TRUE" : "FALSE");
      if (ok && value != c->value)
        g_error ("seg_parse_integer (\"%s\", %s) gave %" G_GINT64_FORMAT
                 ", expected %" G_GINT64_FORMAT,
                 c->str, mark_name (c->mark), value, c->value);
    }

  /* Only the given length counts. */
  {
    gint64 value;

    g_assert_true (seg_parse_integer ("12345", 3, SEG_DECIMAL_DOT, &value));
    g_assert_cmpint (value, ==, 123);
    g_assert_true (seg_parse_integer ("1,234.5", 5, SEG_DECIMAL_DOT, &value));
    g_assert_cmpint (value, ==, 1234);
  }
}

/* ---------------------------------------------------------------------- */

typedef struct
{
  const char     *str;
  SegDecimalMark  mark;
  gboolean        ok;
  double          value;
} RealCase;

static const RealCase real_cases[] = {
  /* Integers are reals. */
  { "0", SEG_DECIMAL_DOT, TRUE, 0.0 },
  { "12", SEG_DECIMAL_DOT, TRUE, 12.0 },
  { "-5", SEG_DECIMAL_COMMA, TRUE, -5.0 },
  { "1,234", SEG_DECIMAL_DOT, TRUE, 1234.0 },
  { "1.234", SEG_DECIMAL_COMMA, TRUE, 1234.0 },
  { "999999999999999", SEG_DECIMAL_DOT, TRUE, 999999999999999.0 },

  /* DOT. */
  { "12.50", SEG_DECIMAL_DOT, TRUE, 12.5 },
  { "12.0", SEG_DECIMAL_DOT, TRUE, 12.0 },
  { "0.5", SEG_DECIMAL_DOT, TRUE, 0.5 },
  { ".5", SEG_DECIMAL_DOT, TRUE, 0.5 },
  { "-.5", SEG_DECIMAL_DOT, TRUE, -0.5 },
  { "+.25", SEG_DECIMAL_DOT, TRUE, 0.25 },
  { "12.", SEG_DECIMAL_DOT, TRUE, 12.0 },
  { "0.1", SEG_DECIMAL_DOT, TRUE, 0.1 },
  { "1,234.50", SEG_DECIMAL_DOT, TRUE, 1234.5 },
  { "1,234,567.891", SEG_DECIMAL_DOT, TRUE, 1234567.891 },
  { "  -3.25\t", SEG_DECIMAL_DOT, TRUE, -3.25 },
  { "42.3599611", SEG_DECIMAL_DOT, TRUE, 42.3599611 },
  { "0.30000000000000004", SEG_DECIMAL_DOT, TRUE, 0.30000000000000004 },
  { "3.14159265358979323846264338", SEG_DECIMAL_DOT, TRUE, 3.14159265358979323846264338 },
  { "123456789012345.6", SEG_DECIMAL_DOT, TRUE, 123456789012345.6 },
  { "1,234,567,890,123,456.5", SEG_DECIMAL_DOT, TRUE, 1234567890123456.5 },
  { "0.000000000000000000000000001", SEG_DECIMAL_DOT, TRUE, 1e-27 },
  { "9.99", SEG_DECIMAL_DOT, TRUE, 9.99 },
  { "123456789012.345", SEG_DECIMAL_DOT, TRUE, 123456789012.345 },
  { "1234567890123.456", SEG_DECIMAL_DOT, TRUE, 1234567890123.456 },
  { "0.00000000000001", SEG_DECIMAL_DOT, TRUE, 1e-14 },
  { "0.000000000000001", SEG_DECIMAL_DOT, TRUE, 1e-15 },
  { "0.00", SEG_DECIMAL_DOT, TRUE, 0.0 },
  { "-0.00", SEG_DECIMAL_DOT, TRUE, -0.0 },

  /* Exponents. */
  { "1e5", SEG_DECIMAL_DOT, TRUE, 1e5 },
  { "1E5", SEG_DECIMAL_DOT, TRUE, 1e5 },
  { "1.5E-3", SEG_DECIMAL_DOT, TRUE, 1.5e-3 },
  { "-2.5e+10", SEG_DECIMAL_DOT, TRUE, -2.5e10 },
  { "1e22", SEG_DECIMAL_DOT, TRUE, 1e22 },
  { "1e23", SEG_DECIMAL_DOT, TRUE, 1e23 },
  { "8.5e-23", SEG_DECIMAL_DOT, TRUE, 8.5e-23 },
  { "1.7976931348623157e308", SEG_DECIMAL_DOT, TRUE, DBL_MAX },
  { "2.2250738585072014E-308", SEG_DECIMAL_DOT, TRUE, DBL_MIN },
  { "4.9e-324", SEG_DECIMAL_DOT, TRUE, 4.9e-324 },
  { "1e-400", SEG_DECIMAL_DOT, TRUE, 0.0 },
  { "1,5E-3", SEG_DECIMAL_COMMA, TRUE, 1.5e-3 },
  { "1.5e3EUR", SEG_DECIMAL_DOT, TRUE, 1500.0 },

  /* Percentages are scaled, and rounded once. */
  { "45%", SEG_DECIMAL_DOT, TRUE, 0.45 },
  { "45 %", SEG_DECIMAL_DOT, TRUE, 0.45 },
  { "100%", SEG_DECIMAL_DOT, TRUE, 1.0 },
  { "12.345%", SEG_DECIMAL_DOT, TRUE, 0.12345 },
  { "-3.5%", SEG_DECIMAL_DOT, TRUE, -0.035 },
  { "(5%)", SEG_DECIMAL_DOT, TRUE, -0.05 },
  { "45,5%", SEG_DECIMAL_COMMA, TRUE, 0.455 },
  { "45,5\xC2\xA0%", SEG_DECIMAL_COMMA, TRUE, 0.455 },
  { "1e2%", SEG_DECIMAL_DOT, TRUE, 1.0 },

  /* Currencies. */
  { "¥12.50", SEG_DECIMAL_DOT, TRUE, 12.5 },
  { "￥ 1,299.00", SEG_DECIMAL_DOT, TRUE, 1299.0 },
  { "12.50元", SEG_DECIMAL_DOT, TRUE, 12.5 },
  { "$ 1,234.56", SEG_DECIMAL_DOT, TRUE, 1234.56 },
  { "-$0.99", SEG_DECIMAL_DOT, TRUE, -0.99 },
  { "£3.20", SEG_DECIMAL_DOT, TRUE, 3.2 },
  { "RMB 88.8", SEG_DECIMAL_DOT, TRUE, 88.8 },
  { "(12.50)", SEG_DECIMAL_DOT, TRUE, -12.5 },
  { "($1,234.50)", SEG_DECIMAL_DOT, TRUE, -1234.5 },
  { "€1.234,50", SEG_DECIMAL_COMMA, TRUE, 1234.5 },
  { "1.234,50 €", SEG_DECIMAL_COMMA, TRUE, 1234.5 },
  { "(1.234,50 €)", SEG_DECIMAL_COMMA, TRUE, -1234.5 },

  /* COMMA. */
  { "12,50", SEG_DECIMAL_COMMA, TRUE, 12.5 },
  { "0,5", SEG_DECIMAL_COMMA, TRUE, 0.5 },
  { ",5", SEG_DECIMAL_COMMA, TRUE, 0.5 },
  { "12,", SEG_DECIMAL_COMMA, TRUE, 12.0 },
  { "1.234,50", SEG_DECIMAL_COMMA, TRUE, 1234.5 },
  { "1 234,50", SEG_DECIMAL_COMMA, TRUE, 1234.5 },
  { "1\xC2\xA0" "234,50", SEG_DECIMAL_COMMA, TRUE, 1234.5 },
  { "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567,25", SEG_DECIMAL_COMMA, TRUE, 1234567.25 },
  { "-0,001", SEG_DECIMAL_COMMA, TRUE, -0.001 },
  { "123456789012,345", SEG_DECIMAL_COMMA, TRUE, 123456789012.345 },
  { "1.234", SEG_DECIMAL_COMMA, TRUE, 1234.0 },

  /* Wrong mark. */
  { "12,50", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1,23", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1.234,50", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12.50", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1,234.50", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1 234.50", SEG_DECIMAL_DOT, FALSE, 0 },
  { "0.123", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1.2345", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1234.567", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "12.", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "0,123", SEG_DECIMAL_DOT, FALSE, 0 },

  /* Identifiers. */
  { "0001", SEG_DECIMAL_DOT, FALSE, 0 },
  { "007", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "-01", SEG_DECIMAL_DOT, FALSE, 0 },
  { "00.5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "012.50", SEG_DECIMAL_DOT, FALSE, 0 },
  { "00,5", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "01,5", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "1234567890123456", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1234567890123456.5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "4111111111111111", SEG_DECIMAL_COMMA, FALSE, 0 },

  /* Not numbers. */
  { "", SEG_DECIMAL_DOT, FALSE, 0 },
  { ".", SEG_DECIMAL_DOT, FALSE, 0 },
  { ",", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "-.", SEG_DECIMAL_DOT, FALSE, 0 },
  { "%", SEG_DECIMAL_DOT, FALSE, 0 },
  { "e5", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1e", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1e+", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1.2.3", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1e309", SEG_DECIMAL_DOT, FALSE, 0 },
  { "-1e99999999", SEG_DECIMAL_DOT, FALSE, 0 },
  { "inf", SEG_DECIMAL_DOT, FALSE, 0 },
  { "-inf", SEG_DECIMAL_DOT, FALSE, 0 },
  { "Infinity", SEG_DECIMAL_DOT, FALSE, 0 },
  { "nan", SEG_DECIMAL_DOT, FALSE, 0 },
  { "NaN", SEG_DECIMAL_COMMA, FALSE, 0 },
  { "0x10", SEG_DECIMAL_DOT, FALSE, 0 },
  { "0x1p3", SEG_DECIMAL_DOT, FALSE, 0 },
  { "$45%", SEG_DECIMAL_DOT, FALSE, 0 },
  { "45%%", SEG_DECIMAL_DOT, FALSE, 0 },
  { "%45", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12.5 kg", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1/2", SEG_DECIMAL_DOT, FALSE, 0 },
  { "2024-01-05", SEG_DECIMAL_DOT, FALSE, 0 },
  { "12:30", SEG_DECIMAL_DOT, FALSE, 0 },
  { "０.５", SEG_DECIMAL_DOT, FALSE, 0 },
  { "1" "00000000000000000000000000000000000000000000000000000000000000", SEG_DECIMAL_DOT, FALSE, 0 },
};

static void
test_real (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (real_cases); i++)
    {
      const RealCase *c = &real_cases[i];
      gsize len;
      g_autofree char *str = exact_copy (c->str, &len);
      double value = -42.0;
      gboolean ok = seg_parse_real (str, len, c->mark, &value);

      if (ok != c->ok)
        g_error ("seg_parse_real (\"%s\", %s) returned %s", c->str,
                 mark_name (c->mark), ok ? "TRUE" : "FALSE");
      if (ok && !same_double (value, c->value))
        g_error ("seg_parse_real (\"%s\", %s) gave %.17g, expected %.17g",
                 c->str, mark_name (c->mark), value, c->value);
    }

  /* Every integer is a real of the same value. */
  for (guint i = 0; i < G_N_ELEMENTS (integer_cases); i++)
    {
      const IntegerCase *c = &integer_cases[i];
      double value;

      if (!c->ok)
        continue;
      if (!seg_parse_real (c->str, strlen (c->str), c->mark, &value))
        g_error ("integer \"%s\" is not a real", c->str);
      g_assert_cmpfloat (value, ==, (double) c->value);
    }

  /* The sign of zero survives. */
  {
    double value;

    g_assert_true (seg_parse_real ("-0", 2, SEG_DECIMAL_DOT, &value));
    g_assert_true (signbit (value));
    g_assert_true (seg_parse_real ("-0.0", 4, SEG_DECIMAL_DOT, &value));
    g_assert_true (signbit (value));
    g_assert_true (seg_parse_real ("0.0", 3, SEG_DECIMAL_DOT, &value));
    g_assert_false (signbit (value));

    /* Only the given length counts. */
    g_assert_true (seg_parse_real ("12.5e3", 4, SEG_DECIMAL_DOT, &value));
    g_assert_cmpfloat (value, ==, 12.5);
  }
}

/* Random decimal texts, compared with the C library's correctly rounded
 * strtod(), so that both the exact fast path and the slow path are
 * exercised near their limits. */
static void
test_real_random (void)
{
  for (guint iter = 0; iter < 100000; iter++)
    {
      char text[64];
      char dot_text[64];
      char comma_text[64];
      double expected;
      double value;
      guint n_int = g_test_rand_int_range (0, 16);
      guint n_frac = g_test_rand_int_range (0, 20);
      gboolean negative = g_test_rand_bit ();
      int exponent = g_test_rand_bit () ? g_test_rand_int_range (-330, 310) : 0;
      guint n = 0;

      if (n_int + n_frac == 0)
        n_int = 1;

      if (negative)
        text[n++] = '-';
      for (guint i = 0; i < n_int; i++)
        {
          /* No leading zeros: they would make an identifier. */
          int lo = (i == 0 && n_int > 1) ? 1 : 0;

          text[n++] = (char) ('0' + g_test_rand_int_range (lo, 10));
        }
      if (n_frac > 0)
        {
          text[n++] = '.';
          for (guint i = 0; i < n_frac; i++)
            text[n++] = (char) ('0' + g_test_rand_int_range (0, 10));
        }
      text[n] = '\0';
      if (exponent != 0)
        g_snprintf (text + n, sizeof text - n, "e%d", exponent);

      expected = g_ascii_strtod (text, NULL);

      strcpy (dot_text, text);
      strcpy (comma_text, text);
      for (char *p = comma_text; *p != '\0'; p++)
        if (*p == '.')
          *p = ',';

      if (!isfinite (expected))
        {
          g_assert_false (seg_parse_real (dot_text, strlen (dot_text), SEG_DECIMAL_DOT, &value));
          continue;
        }

      if (!seg_parse_real (dot_text, strlen (dot_text), SEG_DECIMAL_DOT, &value))
        g_error ("seg_parse_real (\"%s\") failed", dot_text);
      if (!same_double (value, expected))
        g_error ("seg_parse_real (\"%s\") gave %.17g, strtod %.17g", dot_text, value, expected);

      if (!seg_parse_real (comma_text, strlen (comma_text), SEG_DECIMAL_COMMA, &value))
        g_error ("seg_parse_real (\"%s\", COMMA) failed", comma_text);
      if (!same_double (value, expected))
        g_error ("seg_parse_real (\"%s\", COMMA) gave %.17g, strtod %.17g", comma_text, value, expected);
    }
}

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

typedef struct
{
  const char   *str;
  SegDateOrder  order;
  const char   *expected; /* NULL: must be refused */
} DateCase;

#define ANY_ORDER ((SegDateOrder) -1)

static const DateCase date_cases[] = {
  /* Year first: the order does not matter. */
  { "2024-01-05", ANY_ORDER, "2024-01-05" },
  { "2024-1-5", ANY_ORDER, "2024-01-05" },
  { "2024/01/05", ANY_ORDER, "2024-01-05" },
  { "2024/1/5", ANY_ORDER, "2024-01-05" },
  { "2024.01.05", ANY_ORDER, "2024-01-05" },
  { "2024.1.5", ANY_ORDER, "2024-01-05" },
  { "  2024-12-31\t", ANY_ORDER, "2024-12-31" },
  { "1999-12-31", ANY_ORDER, "1999-12-31" },
  { "0001-01-01", ANY_ORDER, "0001-01-01" },
  { "9999-12-31", ANY_ORDER, "9999-12-31" },

  /* Dots with the year last are day first. */
  { "05.01.2024", ANY_ORDER, "2024-01-05" },
  { "5.1.2024", ANY_ORDER, "2024-01-05" },
  { "5.1.24", ANY_ORDER, "2024-01-05" },
  { "31.12.99", ANY_ORDER, "1999-12-31" },
  { "12.31.2024", ANY_ORDER, NULL },

  /* Slashes and dashes with the year last need an order. */
  { "01/05/2024", SEG_DATE_ORDER_DMY, "2024-05-01" },
  { "01/05/2024", SEG_DATE_ORDER_MDY, "2024-01-05" },
  { "01/05/2024", SEG_DATE_ORDER_AUTO, NULL },
  { "01/05/2024", SEG_DATE_ORDER_YMD, NULL },
  { "1/5/24", SEG_DATE_ORDER_MDY, "2024-01-05" },
  { "1/5/24", SEG_DATE_ORDER_DMY, "2024-05-01" },
  { "05-01-2024", SEG_DATE_ORDER_DMY, "2024-01-05" },
  { "05-01-2024", SEG_DATE_ORDER_MDY, "2024-05-01" },
  { "05-01-2024", SEG_DATE_ORDER_AUTO, NULL },
  { "25/12/2023", SEG_DATE_ORDER_DMY, "2023-12-25" },
  { "25/12/2023", SEG_DATE_ORDER_MDY, NULL },
  { "12/25/2023", SEG_DATE_ORDER_MDY, "2023-12-25" },
  { "12/25/2023", SEG_DATE_ORDER_DMY, NULL },

  /* Two-digit years. */
  { "1/1/00", SEG_DATE_ORDER_MDY, "2000-01-01" },
  { "1/1/68", SEG_DATE_ORDER_MDY, "2068-01-01" },
  { "1/1/69", SEG_DATE_ORDER_MDY, "1969-01-01" },
  { "12/31/99", SEG_DATE_ORDER_MDY, "1999-12-31" },
  { "29/2/00", SEG_DATE_ORDER_DMY, "2000-02-29" },
  { "1/1/024", SEG_DATE_ORDER_MDY, NULL },
  { "1/1/2", SEG_DATE_ORDER_MDY, NULL },

  /* Chinese. */
  { "2024年1月5日", ANY_ORDER, "2024-01-05" },
  { "2024年01月05日", ANY_ORDER, "2024-01-05" },
  { "2024 年 1 月 5 日", ANY_ORDER, "2024-01-05" },
  { "2024年1月5号", ANY_ORDER, "2024-01-05" },
  { "２０２４年１月５日", ANY_ORDER, "2024-01-05" },
  { "24年1月5日", ANY_ORDER, "2024-01-05" },
  { "2024年2月30日", ANY_ORDER, NULL },
  { "2024年13月1日", ANY_ORDER, NULL },
  { "2024年1月", ANY_ORDER, NULL },
  { "2024年1月5", ANY_ORDER, NULL },
  { "2024年1月5日晚", ANY_ORDER, NULL },
  { "202年1月5日", ANY_ORDER, NULL },

  /* Compact. */
  { "20240105", ANY_ORDER, "2024-01-05" },
  { "19000101", ANY_ORDER, "1900-01-01" },
  { "20991231", ANY_ORDER, "2099-12-31" },
  { "20240229", ANY_ORDER, "2024-02-29" },
  { "18991231", ANY_ORDER, NULL },
  { "21000101", ANY_ORDER, NULL },
  { "20230229", ANY_ORDER, NULL },
  { "20241301", ANY_ORDER, NULL },
  { "20240100", ANY_ORDER, NULL },
  { "2024010", ANY_ORDER, NULL },
  { "202401051", ANY_ORDER, NULL },
  { "12345678", ANY_ORDER, NULL },

  /* The calendar. */
  { "2024-02-29", ANY_ORDER, "2024-02-29" },
  { "2000-02-29", ANY_ORDER, "2000-02-29" },
  { "2023-02-29", ANY_ORDER, NULL },
  { "1900-02-29", ANY_ORDER, NULL },
  { "2100-02-29", ANY_ORDER, NULL },
  { "2024-02-30", ANY_ORDER, NULL },
  { "2024-04-31", ANY_ORDER, NULL },
  { "2024-06-31", ANY_ORDER, NULL },
  { "2024-09-31", ANY_ORDER, NULL },
  { "2024-11-31", ANY_ORDER, NULL },
  { "2024-01-31", ANY_ORDER, "2024-01-31" },
  { "2024-13-01", ANY_ORDER, NULL },
  { "2024-00-10", ANY_ORDER, NULL },
  { "2024-01-32", ANY_ORDER, NULL },
  { "2024-01-00", ANY_ORDER, NULL },
  { "0000-01-01", ANY_ORDER, NULL },
  { "31/04/2024", SEG_DATE_ORDER_DMY, NULL },
  { "29/02/2023", SEG_DATE_ORDER_DMY, NULL },
  { "02/29/2024", SEG_DATE_ORDER_MDY, "2024-02-29" },
  { "13/13/2024", SEG_DATE_ORDER_DMY, NULL },

  /* With a time, or otherwise not a date. */
  { "2024-01-05 13:45", ANY_ORDER, NULL },
  { "2024-01-05T13:45:00", ANY_ORDER, NULL },
  { "2024-01-05 00:00:00", ANY_ORDER, NULL },
  { "2024年1月5日 13:45", ANY_ORDER, NULL },
  { "", ANY_ORDER, NULL },
  { "   ", ANY_ORDER, NULL },
  { "2024", ANY_ORDER, NULL },
  { "2024-01", ANY_ORDER, NULL },
  { "2024/01-05", ANY_ORDER, NULL },
  { "2024-01/05", ANY_ORDER, NULL },
  { "2024-001-05", ANY_ORDER, NULL },
  { "2024-01-005", ANY_ORDER, NULL },
  { "024-01-05", ANY_ORDER, NULL },
  { "12024-01-05", ANY_ORDER, NULL },
  { "2024-01-05x", ANY_ORDER, NULL },
  { "2024-01-0x", ANY_ORDER, NULL },
  { "2024-0a-05", ANY_ORDER, NULL },
  { "2024_01_05", ANY_ORDER, NULL },
  { "2024-01-05-", ANY_ORDER, NULL },
  { "2024--01-05", ANY_ORDER, NULL },
  { "-2024-01-05", ANY_ORDER, NULL },
  { "123/5/2024", SEG_DATE_ORDER_MDY, NULL },
  { "1/5/2024/1", SEG_DATE_ORDER_MDY, NULL },
  { "1/5/202", SEG_DATE_ORDER_MDY, NULL },
  { "1/5", SEG_DATE_ORDER_MDY, NULL },
  { "2024-01-05.5", ANY_ORDER, NULL },
  { "20240105.5", ANY_ORDER, NULL },
  { "Jan 5, 2024", ANY_ORDER, NULL },
  { "12.50", ANY_ORDER, NULL },
  { "1,234", ANY_ORDER, NULL },
};

static void
test_date (void)
{
  static const SegDateOrder orders[] = {
    SEG_DATE_ORDER_AUTO, SEG_DATE_ORDER_DMY, SEG_DATE_ORDER_MDY, SEG_DATE_ORDER_YMD,
  };

  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      const DateCase *c = &date_cases[i];
      gsize len;
      g_autofree char *str = exact_copy (c->str, &len);

      for (guint j = 0; j < G_N_ELEMENTS (orders); j++)
        {
          char out[11];
          gboolean ok;

          if (c->order != ANY_ORDER && c->order != orders[j])
            continue;

          memset (out, 'X', sizeof out);
          ok = seg_parse_date (str, len, orders[j], out);
          if (ok != (c->expected != NULL))
            g_error ("seg_parse_date (\"%s\", %s) returned %s", c->str,
                     seg_date_order_to_string (orders[j]), ok ? "TRUE" : "FALSE");
          if (ok)
            g_assert_cmpstr (out, ==, c->expected);
        }
    }

  /* Only the given length counts. */
  {
    char out[11];

    g_assert_true (seg_parse_date ("2024-01-05 13:45", 10, SEG_DATE_ORDER_AUTO, out));
    g_assert_cmpstr (out, ==, "2024-01-05");
    g_assert_false (seg_parse_date ("2024-01-051", 9, SEG_DATE_ORDER_AUTO, out));
  }
}

/* ---------------------------------------------------------------------- */

static const DateCase datetime_cases[] = {
  { "2024-01-05 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05 13:45:30", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05 9:05", ANY_ORDER, "2024-01-05 09:05:00" },
  { "2024-01-05 00:00:00", ANY_ORDER, "2024-01-05 00:00:00" },
  { "2024-01-05 23:59:59", ANY_ORDER, "2024-01-05 23:59:59" },
  { "2024-01-05  13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { " 2024-01-05 13:45 ", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05T13:45:30", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05t13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "9999-12-31 23:59:59", ANY_ORDER, "9999-12-31 23:59:59" },
  { "2024-02-29 00:00", ANY_ORDER, "2024-02-29 00:00:00" },
  { "2024-1-5 8:00", ANY_ORDER, "2024-01-05 08:00:00" },
  { "2024/01/05 13:45:30", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024.01.05 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "05.01.2024 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "20240105 13:45", ANY_ORDER, "2024-01-05 13:45:00" },

  /* Fractions and zones: dropped, keeping the wall-clock time. */
  { "2024-01-05T13:45:30Z", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45:30.123Z", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45:30.999999+08:00", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05 13:45:30,5", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45:30-05:00", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05T13:45+0800", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05T13:45+08", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05 13:45:30 +0800", ANY_ORDER, "2024-01-05 13:45:30" },
  { "2024-01-05 13:45:30 Z", ANY_ORDER, "2024-01-05 13:45:30" },

  /* Twelve-hour clocks. */
  { "2024-01-05 1:05 PM", ANY_ORDER, "2024-01-05 13:05:00" },
  { "2024-01-05 1:05PM", ANY_ORDER, "2024-01-05 13:05:00" },
  { "2024-01-05 1:05 am", ANY_ORDER, "2024-01-05 01:05:00" },
  { "2024-01-05 12:00 AM", ANY_ORDER, "2024-01-05 00:00:00" },
  { "2024-01-05 12:30 pm", ANY_ORDER, "2024-01-05 12:30:00" },
  { "2024-01-05 11:59:59 p.m.", ANY_ORDER, "2024-01-05 23:59:59" },
  { "2024/1/5 下午 1:45:00", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024/1/5 上午 12:10", ANY_ORDER, "2024-01-05 00:10:00" },
  { "2024/1/5 1:45 下午", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024-01-05 13:45 PM", ANY_ORDER, NULL },
  { "2024-01-05 0:30 AM", ANY_ORDER, NULL },
  { "2024-01-05 下午 1:45 PM", ANY_ORDER, NULL },

  /* Chinese dates. */
  { "2024年1月5日 13:45", ANY_ORDER, "2024-01-05 13:45:00" },
  { "2024年1月5日13:45:10", ANY_ORDER, "2024-01-05 13:45:10" },
  { "2024年1月5日 下午3:00", ANY_ORDER, "2024-01-05 15:00:00" },

  /* Year last: spreadsheet style. */
  { "12/1/10 8:26", SEG_DATE_ORDER_MDY, "2010-12-01 08:26:00" },
  { "12/1/10 8:26", SEG_DATE_ORDER_DMY, "2010-01-12 08:26:00" },
  { "12/1/10 8:26", SEG_DATE_ORDER_AUTO, NULL },
  { "12/1/10 8:26", SEG_DATE_ORDER_YMD, NULL },
  { "25/12/2023 18:00", SEG_DATE_ORDER_DMY, "2023-12-25 18:00:00" },
  { "25/12/2023 18:00", SEG_DATE_ORDER_MDY, NULL },
  { "1/5/2024 3:07:09 PM", SEG_DATE_ORDER_MDY, "2024-01-05 15:07:09" },

  /* Bare dates and broken times. */
  { "2024-01-05", ANY_ORDER, NULL },
  { "2024-01-05 ", ANY_ORDER, NULL },
  { "20240105", ANY_ORDER, NULL },
  { "2024年1月5日", ANY_ORDER, NULL },
  { "2024-01-05 24:00", ANY_ORDER, NULL },
  { "2024-01-05 13:60", ANY_ORDER, NULL },
  { "2024-01-05 13:45:60", ANY_ORDER, NULL },
  { "2024-01-05 13:45:5", ANY_ORDER, NULL },
  { "2024-01-05 13-45", ANY_ORDER, NULL },
  { "2024-01-05_13:45", ANY_ORDER, NULL },
  { "2024-01-05 1a:45", ANY_ORDER, NULL },
  { "2024-01-05 13:45.30", ANY_ORDER, NULL },
  { "0000-01-01 00:00", ANY_ORDER, NULL },
  { "2024-01-05 13:5", ANY_ORDER, NULL },
  { "2024-01-05 13:456", ANY_ORDER, NULL },
  { "2024-01-05 123:45", ANY_ORDER, NULL },
  { "2024-01-05 13", ANY_ORDER, NULL },
  { "2024-01-05 13:", ANY_ORDER, NULL },
  { "2024-01-05 13:45:", ANY_ORDER, NULL },
  { "2024-01-05 13:45:30.", ANY_ORDER, NULL },
  { "2024-01-05 :45", ANY_ORDER, NULL },
  { "2024-01-0513:45", ANY_ORDER, NULL },
  { "2024-01-05T 13:45", ANY_ORDER, NULL },
  { "2024-01-05 13:45+25:00", ANY_ORDER, NULL },
  { "2024-01-05 13:45+08:60", ANY_ORDER, NULL },
  { "2024-01-05 13:45+08:", ANY_ORDER, NULL },
  { "2024-01-05 13:45+8", ANY_ORDER, NULL },
  { "2024-01-05 13:45 UTC", ANY_ORDER, NULL },
  { "2024-01-05 13:45 hello", ANY_ORDER, NULL },
  { "2024-02-30 10:00", ANY_ORDER, NULL },
  { "2023-02-29T10:00:00Z", ANY_ORDER, NULL },
  { "13:45", ANY_ORDER, NULL },
  { "", ANY_ORDER, NULL },
};

static void
test_datetime (void)
{
  static const SegDateOrder orders[] = {
    SEG_DATE_ORDER_AUTO, SEG_DATE_ORDER_DMY, SEG_DATE_ORDER_MDY, SEG_DATE_ORDER_YMD,
  };

  for (guint i = 0; i < G_N_ELEMENTS (datetime_cases); i++)
    {
      const DateCase *c = &datetime_cases[i];
      gsize len;
      g_autofree char *str = exact_copy (c->str, &len);

      for (guint j = 0; j < G_N_ELEMENTS (orders); j++)
        {
          char out[20];
          char date_out[11];
          gboolean ok;

          if (c->order != ANY_ORDER && c->order != orders[j])
            continue;

          memset (out, 'X', sizeof out);
          ok = seg_parse_datetime (str, len, orders[j], out);
          if (ok != (c->expected != NULL))
            g_error ("seg_parse_datetime (\"%s\", %s) returned %s", c->str,
                     seg_date_order_to_string (orders[j]), ok ? "TRUE" : "FALSE");
          if (ok)
            {
              g_assert_cmpstr (out, ==, c->expected);

              /* A value with a time is never a date. */
              g_assert_false (seg_parse_date (str, len, orders[j], date_out));
            }
        }
    }

  /* No date that seg_parse_date() accepts is a date-time. */
  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      char out[20];

      if (date_cases[i].expected == NULL)
        continue;
      g_assert_false (seg_parse_datetime (date_cases[i].str, strlen (date_cases[i].str),
                                          SEG_DATE_ORDER_DMY, out));
    }
}

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
    { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, "2024-01-05", SEG_CONVERT_FAIL, 0, 0, NULL },
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

/* ---------------------------------------------------------------------- */

static void
test_format_double (void)
{
  static const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 0.0, "0" },
    { 1.0, "1" },
    { 12.0, "12" },
    { -2.5, "-2.5" },
    { 100.0, "100" },
    { 0.1, "0.1" },
    { 0.45, "0.45" },
    { 42.3599611, "42.3599611" },
    { 123456.789, "123456.789" },
    { 0.30000000000000004, "0.30000000000000004" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 2.0 / 3.0, "0.6666666666666666" },
    { 1e15, "1e+15" },
    { 1e21, "1e+21" },
    { 1e-7, "1e-07" },
    { 123456789012345678.0, "1.2345678901234568e+17" },
    { 9007199254740992.0, "9007199254740992" },
    { DBL_MAX, "1.7976931348623157e+308" },
    { DBL_MIN, "2.2250738585072014e-308" },
    { 4.9406564584124654e-324, "4.94065645841247e-324" },
  };
  char buf[32];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      seg_format_double (cases[i].value, buf);
      g_assert_cmpstr (buf, ==, cases[i].text);
      g_assert_true (same_double (g_ascii_strtod (buf, NULL), cases[i].value));
    }

  seg_format_double (-0.0, buf);
  g_assert_cmpstr (buf, ==, "-0");
  seg_format_double (NAN, buf);
  g_assert_cmpstr (buf, ==, "nan");
  seg_format_double (INFINITY, buf);
  g_assert_cmpstr (buf, ==, "inf");
  seg_format_double (-INFINITY, buf);
  g_assert_cmpstr (buf, ==, "-inf");
}

static void
check_format_round_trip (double value)
{
  char buf[32];
  double back;

  /* The guard byte catches a write past the documented 32 bytes. */
  char guarded[33];

  guarded[32] = '!';
  seg_format_double (value, guarded);
  g_assert_cmpint (guarded[32], ==, '!');
  strcpy (buf, guarded);

  g_assert_null (strchr (buf, ','));
  back = g_ascii_strtod (buf, NULL);
  if (!same_double (back, value))
    g_error ("%.17g formatted as \"%s\" reads back as %.17g", value, buf, back);

  /* Whatever seg_parse_real() accepts of it must be the same double. */
  if (seg_parse_real (buf, strlen (buf), SEG_DECIMAL_DOT, &back) && !same_double (back, value))
    g_error ("\"%s\" parses as %.17g, not %.17g", buf, back, value);
}

static void
test_format_double_random (void)
{
  for (guint i = 0; i < 100000; i++)
    {
      guint64 bits;
      double value;

      /* Any bit pattern: every exponent, subnormals included. */
      bits = ((guint64) (guint32) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
      memcpy (&value, &bits, sizeof value);
      if (isfinite (value))
        check_format_round_trip (value);

      /* Values like those in real data, which seg_parse_real() must also
       * read back exactly. */
      value = g_test_rand_double_range (-1e6, 1e6);
      check_format_round_trip (value);
      {
        char buf[32];
        double back;

        seg_format_double (value, buf);
        g_assert_true (seg_parse_real (buf, strlen (buf), SEG_DECIMAL_DOT, &back));
        g_assert_true (same_double (back, value));
      }
    }
}

/* The decimal mark must not follow the locale. The test only runs where
 * a comma locale is installed. */
static void
test_format_double_locale (void)
{
  static const char *const locales[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8", "nl_NL.UTF-8",
  };
  g_autofree char *old = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *found = NULL;
  char buf[32];
  double value;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    if (setlocale (LC_NUMERIC, locales[i]) != NULL)
      found = locales[i];

  if (found == NULL)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }

  seg_format_double (1234.5, buf);
  g_assert_cmpstr (buf, ==, "1234.5");
  seg_format_double (0.1, buf);
  g_assert_cmpstr (buf, ==, "0.1");
  g_assert_true (seg_parse_real ("0.30000000000000004", 19, SEG_DECIMAL_DOT, &value));
  g_assert_true (same_double (value, 0.30000000000000004));
  g_assert_true (seg_parse_real ("1,234.5e300", 11, SEG_DECIMAL_DOT, &value));
  g_assert_true (same_double (value, 1234.5e300));

  setlocale (LC_NUMERIC, old);
}

/* ---------------------------------------------------------------------- */

typedef struct
{
  SegColumnType  type;
  SegDecimalMark decimal;
  SegDateOrder   date_order;
  gboolean       ambiguous;
  guint64        n_values;
  guint64        n_missing;
  guint64        n_misfits;
} GuessExpect;

/* Feeds @values to a new guess and checks the result. For a typed result
 * it also checks that seg_value_convert() with the guessed format fails on
 * exactly as many values as the guess says will be rejected. */
static void
check_guess (const char *const  *values,
             gsize               n_values,
             SegDecimalMark      preferred_mark,
             SegDateOrder        preferred_order,
             const GuessExpect  *expect)
{
  g_autoptr(SegTypeGuess) guess = seg_type_guess_new ();
  SegTypeGuessResult result;
  guint64 n_fail = 0;

  for (gsize i = 0; i < n_values; i++)
    {
      gsize len;
      g_autofree char *str = exact_copy (values[i], &len);

      seg_type_guess_add (guess, str, len);
    }

  memset (&result, 0x5A, sizeof result);
  seg_type_guess_result (guess, preferred_mark, preferred_order, &result);

  g_assert_cmpstr (seg_column_type_to_string (result.format.type), ==,
                   seg_column_type_to_string (expect->type));
  g_assert_cmpuint (result.n_values, ==, expect->n_values);
  g_assert_cmpuint (result.n_missing, ==, expect->n_missing);
  g_assert_cmpuint (result.n_misfits, ==, expect->n_misfits);

  if (expect->type == SEG_COLUMN_INTEGER || expect->type == SEG_COLUMN_REAL)
    g_assert_cmpint (result.format.decimal, ==, expect->decimal);

  if (expect->type == SEG_COLUMN_DATE || expect->type == SEG_COLUMN_DATETIME)
    {
      g_assert_cmpstr (seg_date_order_to_string (result.format.date_order), ==,
                       seg_date_order_to_string (expect->date_order));
      g_assert_cmpint (result.dates_ambiguous, ==, expect->ambiguous);
    }
  else
    g_assert_false (result.dates_ambiguous);
  g_assert_cmpint (result.format.date_order, !=, SEG_DATE_ORDER_AUTO);

  if (expect->type == SEG_COLUMN_TEXT)
    return;

  for (gsize i = 0; i < n_values; i++)
    {
      SegValue value;

      if (seg_value_convert (&result.format, values[i], strlen (values[i]), &value) == SEG_CONVERT_FAIL)
        n_fail++;
    }
  g_assert_cmpuint (n_fail, ==, result.n_misfits);
}

/* Repeats a short pattern of values to @n, so that columns of realistic
 * length can be described in a few lines. */
static const char **
repeat_values (const char *const *pattern,
               gsize              n_pattern,
               gsize              n)
{
  const char **values = g_new (const char *, n);

  for (gsize i = 0; i < n; i++)
    values[i] = pattern[i % n_pattern];

  return values;
}

#define CHECK_GUESS(values, mark, order, ...) \
  G_STMT_START { \
    GuessExpect expect_ = { __VA_ARGS__ }; \
    check_guess (values, G_N_ELEMENTS (values), mark, order, &expect_); \
  } G_STMT_END

static void
test_guess_numbers (void)
{
  static const char *const prices[] = {
    "¥12.50", "¥1,299.00", "¥8", "", "￥ 45.9", "¥0.99", "NA", "¥100",
  };
  static const char *const whole_prices[] = { "¥12", "¥1,299", "$8", "", "100元" };
  static const char *const integers[] = { "1", "-2", "30", "400", "5,000", "0" };
  static const char *const percents[] = { "12%", "45.5%", "-3%", "100%" };
  static const char *const comma_decimals[] = { "12,50", "3,75", "1.234,00", "0,5", "7" };
  static const char *const three_decimals[] = { "1.234", "2.500", "12.345" };
  static const char *const grouped[] = { "1,234", "5,678", "12,000" };
  static const char *const exponents[] = { "1e5", "2.5E-3", "7" };
  static const char *const long_ids[] = { "1234567890123456", "2234567890123456" };
  static const char *const words[] = { "apple", "banana", "12" };
  static const char *const mixed_dot_comma[] = { "12.5", "12,5" };
  static const char *const markless[] = { "-5", "¥12", "(3)", "+7", "€ 10" };
  static const char *const currency_codes[] = { "USD 5", "EUR12", "CNY 8", "usd 1,200", "5 HKD" };
  static const char *const currency_words[] = { "USA", "Europe", "China", "EUR", "CN 8" };
  static const char *const dot_prices[] = { "12.50", "0.99", "100.00", "3.5", "1.234", "12." };
  static const char *const comma_prices[] = { "12,50", "0,99", "100,00", "3,5", "1,234" };

  CHECK_GUESS (prices, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, FALSE, 6, 2, 0);
  CHECK_GUESS (whole_prices, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 4, 1, 0);
  CHECK_GUESS (integers, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 6, 0, 0);
  CHECK_GUESS (percents, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, FALSE, 4, 0, 0);

  /* A decimal comma column: under either preference, as only COMMA fits. */
  CHECK_GUESS (comma_decimals, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_COMMA, 0, FALSE, 5, 0, 0);
  CHECK_GUESS (comma_decimals, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_COMMA, 0, FALSE, 5, 0, 0);

  /* Both marks fit: the preference decides, integer or not. */
  CHECK_GUESS (three_decimals, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, FALSE, 3, 0, 0);
  CHECK_GUESS (three_decimals, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_COMMA, 0, FALSE, 3, 0, 0);
  CHECK_GUESS (grouped, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 3, 0, 0);
  CHECK_GUESS (grouped, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_COMMA, 0, FALSE, 3, 0, 0);

  /* Values without a mark or separator fit both marks alike. */
  CHECK_GUESS (markless, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_COMMA, 0, FALSE, 5, 0, 0);
  CHECK_GUESS (markless, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 5, 0, 0);

  /* Currency codes before or after the digits, but not words that start
   * with the same letters. */
  CHECK_GUESS (currency_codes, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 5, 0, 0);
  CHECK_GUESS (currency_words, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 5, 0, 0);

  /* Prices with one mark: `1.234` and `1,234` fit either, the rest only
   * one, whichever is preferred. */
  CHECK_GUESS (dot_prices, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, FALSE, 6, 0, 0);
  CHECK_GUESS (dot_prices, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, FALSE, 6, 0, 0);
  CHECK_GUESS (comma_prices, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_COMMA, 0, FALSE, 5, 0, 0);
  CHECK_GUESS (comma_prices, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_COMMA, 0, FALSE, 5, 0, 0);

  CHECK_GUESS (exponents, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_REAL, SEG_DECIMAL_DOT, 0, FALSE, 3, 0, 0);
  CHECK_GUESS (long_ids, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 2, 0, 0);
  CHECK_GUESS (words, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 3, 0, 0);
  CHECK_GUESS (mixed_dot_comma, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 2, 0, 0);
}

static void
test_guess_zip_codes (void)
{
  static const char *const zips[] = {
    "02134", "10001", "90210", "00501", "60614", "07030", "94105", "33101",
  };
  static const char *const chinese_zips[] = { "100000", "200000", "010000", "518000" };

  CHECK_GUESS (zips, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 8, 0, 0);
  CHECK_GUESS (chinese_zips, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 4, 0, 0);
}

static void
test_guess_strays (void)
{
  static const char *const pattern[] = { "17", "2,450", "-3", "88", "1000" };
  g_autofree const char **values = NULL;
  GuessExpect expect = { SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 2000, 0, 1 };

  /* One word in two thousand values is a stray: the column stays integer
   * and the word is the one value rejected. */
  values = repeat_values (pattern, G_N_ELEMENTS (pattern), 2000);
  values[1234] = "unknown";
  check_guess (values, 2000, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* Two in two thousand is still within one in a thousand. */
  values[77] = "n/a?";
  expect.n_misfits = 2;
  check_guess (values, 2000, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* Three is not. */
  values[78] = "see notes";
  expect.type = SEG_COLUMN_TEXT;
  expect.n_misfits = 0;
  check_guess (values, 2000, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* In five hundred values no stray is allowed. */
  g_free (values);
  values = repeat_values (pattern, G_N_ELEMENTS (pattern), 500);
  values[250] = "unknown";
  expect.type = SEG_COLUMN_TEXT;
  expect.n_values = 500;
  expect.n_misfits = 0;
  check_guess (values, 500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* Missing markers never count against a type. */
  g_free (values);
  values = repeat_values (pattern, G_N_ELEMENTS (pattern), 500);
  values[10] = "NA";
  values[20] = "";
  values[30] = "-";
  expect.type = SEG_COLUMN_INTEGER;
  expect.n_values = 497;
  expect.n_missing = 3;
  check_guess (values, 500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* Whole amounts with a few fractional ones are real, so that those are
   * not rejected. */
  g_free (values);
  values = repeat_values (pattern, G_N_ELEMENTS (pattern), 3000);
  values[5] = "12.5";
  values[6] = "0.25";
  expect.type = SEG_COLUMN_REAL;
  expect.n_values = 3000;
  expect.n_missing = 0;
  expect.n_misfits = 0;
  check_guess (values, 3000, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* A stray in a date column. */
  {
    static const char *const dates[] = { "2024-01-05", "2024-02-29", "2023-12-31" };

    g_free (values);
    values = repeat_values (dates, G_N_ELEMENTS (dates), 1500);
    values[100] = "2024-02-30";
    expect = (GuessExpect) { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 1500, 0, 1 };
    check_guess (values, 1500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

    /* One day-first date among year-first ones: YMD would reject it while
     * DMY reads every value, so DMY is taken. */
    values[100] = "25/12/2023";
    expect = (GuessExpect) { SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, FALSE, 1500, 0, 0 };
    check_guess (values, 1500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

    /* With one that reads either way, the order is a guess. */
    values[100] = "05/01/2024";
    expect.ambiguous = TRUE;
    check_guess (values, 1500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);
  }

  /* A stray in a date-time column, then one too many. */
  {
    static const char *const datetimes[] = {
      "2023-05-14 13:45", "2023-05-14T08:00:00", "2024-02-29 23:59", "2023-12-31 00:00:59",
    };

    g_free (values);
    values = repeat_values (datetimes, G_N_ELEMENTS (datetimes), 1500);
    values[700] = "2023-02-29 10:00";
    expect = (GuessExpect) { SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, FALSE, 1500, 0, 1 };
    check_guess (values, 1500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

    values[701] = "2023-05-14 24:00";
    expect = (GuessExpect) { SEG_COLUMN_TEXT, 0, 0, FALSE, 1500, 0, 0 };
    check_guess (values, 1500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);
  }
}

static void
test_guess_missing (void)
{
  static const char *const all_missing[] = { "", "NA", "-", "  ", "NULL", "#N/A" };
  static const char *const nothing[] = { NULL };
  g_autoptr(SegTypeGuess) guess = seg_type_guess_new ();
  SegTypeGuessResult result;

  CHECK_GUESS (all_missing, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 0, 6, 0);
  check_guess (nothing, 0, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_DMY,
               &(GuessExpect) { SEG_COLUMN_TEXT, 0, 0, FALSE, 0, 0, 0 });

  /* A fresh guess gives text as well. */
  seg_type_guess_result (guess, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &result);
  g_assert_cmpint (result.format.type, ==, SEG_COLUMN_TEXT);
  g_assert_cmpuint (result.n_values, ==, 0);
}

static void
test_guess_booleans (void)
{
  static const char *const english[] = { "yes", "no", "Yes", "NO", "", "y" };
  static const char *const chinese[] = { "是", "否", "是", "否" };
  static const char *const true_false[] = { "TRUE", "FALSE", "true", "F" };
  static const char *const zero_one[] = { "0", "1", "1", "0" };
  static const char *const letters[] = { "y", "n", "x" };

  CHECK_GUESS (english, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_BOOLEAN, 0, 0, FALSE, 5, 1, 0);
  CHECK_GUESS (chinese, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_BOOLEAN, 0, 0, FALSE, 4, 0, 0);
  CHECK_GUESS (true_false, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_BOOLEAN, 0, 0, FALSE, 4, 0, 0);
  CHECK_GUESS (zero_one, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 4, 0, 0);
  CHECK_GUESS (letters, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 3, 0, 0);
}

static void
test_guess_dates (void)
{
  static const char *const iso[] = { "2024-01-05", "2024-02-29", "", "2023-12-31" };
  static const char *const iso_and_dmy[] = {
    "2024-01-05", "25/12/2023", "05/01/2024", "2024/03/01", "31.01.2024",
  };
  static const char *const iso_and_mdy[] = { "2024-01-05", "12/25/2023", "05/01/2024" };
  static const char *const ambiguous[] = { "01/02/2024", "03/04/2024", "2024-01-05", "12/12/24" };
  static const char *const conflicting[] = { "25/12/2023", "12/25/2023" };
  static const char *const chinese[] = { "2024年1月5日", "2023年12月31日" };
  static const char *const compact[] = { "20240105", "20231231", "19991231", "NA" };
  static const char *const compact_bad[] = { "20240105", "20241301" };
  static const char *const dotted[] = { "05.01.2024", "5.1.24" };
  static const char *const padded[] = { " 2024-01-05", "2024-01-06\t", "\u00A02024-01-07 " };

  CHECK_GUESS (iso, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 3, 1, 0);
  /* A preferred order that fits is kept, even when the values do not
   * need one. */
  CHECK_GUESS (iso, SEG_DECIMAL_DOT, SEG_DATE_ORDER_DMY,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, FALSE, 3, 1, 0);

  CHECK_GUESS (iso_and_dmy, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, FALSE, 5, 0, 0);
  /* The preferred MDY does not fit 25/12/2023, so DMY is taken. */
  CHECK_GUESS (iso_and_dmy, SEG_DECIMAL_DOT, SEG_DATE_ORDER_MDY,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, FALSE, 5, 0, 0);
  CHECK_GUESS (iso_and_mdy, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_MDY, FALSE, 3, 0, 0);

  CHECK_GUESS (ambiguous, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, TRUE, 4, 0, 0);
  CHECK_GUESS (ambiguous, SEG_DECIMAL_DOT, SEG_DATE_ORDER_MDY,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_MDY, FALSE, 4, 0, 0);
  CHECK_GUESS (ambiguous, SEG_DECIMAL_DOT, SEG_DATE_ORDER_DMY,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, FALSE, 4, 0, 0);
  /* A preferred YMD that does not fit leaves day and month undecided. */
  CHECK_GUESS (ambiguous, SEG_DECIMAL_DOT, SEG_DATE_ORDER_YMD,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_DMY, TRUE, 4, 0, 0);

  CHECK_GUESS (conflicting, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 2, 0, 0);
  CHECK_GUESS (chinese, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 2, 0, 0);
  CHECK_GUESS (dotted, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 2, 0, 0);

  CHECK_GUESS (padded, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 3, 0, 0);

  /* Compact dates are integers too, but a column of nothing else is a
   * date column. */
  CHECK_GUESS (compact, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 3, 1, 0);
  CHECK_GUESS (compact, SEG_DECIMAL_COMMA, SEG_DATE_ORDER_MDY,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 3, 1, 0);
  CHECK_GUESS (compact_bad, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_INTEGER, SEG_DECIMAL_DOT, 0, FALSE, 2, 0, 0);
}

static void
test_guess_datetimes (void)
{
  static const char *const iso[] = {
    "2024-01-05 13:45:00", "2024-01-05T08:00:00Z", "2024-01-06 9:30", "",
  };
  static const char *const spreadsheet[] = { "12/1/10 8:26", "12/13/10 9:00", "1/5/11 17:45" };
  static const char *const ambiguous[] = { "1/2/24 8:00", "3/4/24 9:15 PM" };
  static const char *const chinese[] = { "2024年1月5日 13:45", "2024/1/5 下午 1:45:00" };
  static const char *const with_dates[] = { "2024-01-05 13:45", "2024-01-05" };

  CHECK_GUESS (iso, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, FALSE, 3, 1, 0);
  CHECK_GUESS (spreadsheet, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_MDY, FALSE, 3, 0, 0);
  CHECK_GUESS (ambiguous, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_DMY, TRUE, 2, 0, 0);
  CHECK_GUESS (ambiguous, SEG_DECIMAL_DOT, SEG_DATE_ORDER_MDY,
               SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_MDY, FALSE, 2, 0, 0);
  CHECK_GUESS (chinese, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, FALSE, 2, 0, 0);
  CHECK_GUESS (with_dates, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_TEXT, 0, 0, FALSE, 2, 0, 0);
}

/* The result may be asked for at any point, and values added afterwards
 * still count. */
static void
test_guess_incremental (void)
{
  g_autoptr(SegTypeGuess) guess = seg_type_guess_new ();
  SegTypeGuessResult result;

  for (guint i = 0; i < 3; i++)
    seg_type_guess_add (guess, "12", 2);
  seg_type_guess_result (guess, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &result);
  g_assert_cmpint (result.format.type, ==, SEG_COLUMN_INTEGER);
  g_assert_cmpuint (result.n_values, ==, 3);

  /* Asking twice gives the same answer. */
  seg_type_guess_result (guess, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &result);
  g_assert_cmpint (result.format.type, ==, SEG_COLUMN_INTEGER);
  g_assert_cmpuint (result.n_values, ==, 3);

  seg_type_guess_add (guess, "12.5", 4);
  seg_type_guess_add (guess, "7", 1);
  seg_type_guess_result (guess, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &result);
  g_assert_cmpint (result.format.type, ==, SEG_COLUMN_REAL);
  g_assert_cmpint (result.format.decimal, ==, SEG_DECIMAL_DOT);
  g_assert_cmpuint (result.n_values, ==, 5);
  g_assert_cmpuint (result.n_misfits, ==, 0);

  seg_type_guess_add (guess, "word", 4);
  seg_type_guess_result (guess, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &result);
  g_assert_cmpint (result.format.type, ==, SEG_COLUMN_TEXT);
  g_assert_cmpuint (result.n_values, ==, 6);
}

/* Random cells from every family, checking that the guess never counts a
 * value as fitting a type that seg_value_convert() then rejects. */
static void
test_guess_consistency (void)
{
  static const char *const cells[] = {
    "12", "-3", "1,234", "1.234", "12,50", "12.50", "¥8", "45%", "1e5", "007",
    "yes", "否", "2024-01-05", "05/01/2024", "25/12/2023", "12/25/2023",
    "05.01.2024", "20240105", "2024-01-05 13:45", "12/1/10 8:26", "NA", "",
    "word", "1234567890123456", "(12.50)", "2024年1月5日", "13/13/2024",
  };
  static const SegDecimalMark marks[] = { SEG_DECIMAL_DOT, SEG_DECIMAL_COMMA };
  static const SegDateOrder orders[] = {
    SEG_DATE_ORDER_AUTO, SEG_DATE_ORDER_DMY, SEG_DATE_ORDER_MDY, SEG_DATE_ORDER_YMD,
  };

  for (guint iter = 0; iter < 2000; iter++)
    {
      g_autoptr(SegTypeGuess) guess = seg_type_guess_new ();
      const char *column[8];
      guint n = g_test_rand_int_range (1, G_N_ELEMENTS (column) + 1);
      guint family = g_test_rand_int_range (0, G_N_ELEMENTS (cells) - 4);
      SegTypeGuessResult result;
      guint64 n_fail = 0;
      guint64 n_missing = 0;

      /* Mostly neighbours in the table, so that typed columns come up. */
      for (guint i = 0; i < n; i++)
        column[i] = cells[family + g_test_rand_int_range (0, 4)];
      for (guint i = 0; i < n; i++)
        seg_type_guess_add (guess, column[i], strlen (column[i]));

      seg_type_guess_result (guess,
                             marks[g_test_rand_int_range (0, 2)],
                             orders[g_test_rand_int_range (0, 4)],
                             &result);
      g_assert_cmpuint (result.n_values + result.n_missing, ==, n);
      if (result.format.type == SEG_COLUMN_TEXT)
        continue;

      for (guint i = 0; i < n; i++)
        {
          SegValue value;

          switch (seg_value_convert (&result.format, column[i], strlen (column[i]), &value))
            {
            case SEG_CONVERT_FAIL:
              n_fail++;
              break;
            case SEG_CONVERT_NULL:
              n_missing++;
              break;
            case SEG_CONVERT_OK:
            default:
              break;
            }
        }
      g_assert_cmpuint (n_fail, ==, result.n_misfits);
      g_assert_cmpuint (n_missing, ==, result.n_missing);
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
  g_test_add_func ("/value/integer", test_integer);
  g_test_add_func ("/value/real", test_real);
  g_test_add_func ("/value/real-random", test_real_random);
  g_test_add_func ("/value/boolean", test_boolean);
  g_test_add_func ("/value/date", test_date);
  g_test_add_func ("/value/datetime", test_datetime);
  g_test_add_func ("/value/convert", test_convert);
  g_test_add_func ("/value/format-double", test_format_double);
  g_test_add_func ("/value/format-double-random", test_format_double_random);
  g_test_add_func ("/value/format-double-locale", test_format_double_locale);
  g_test_add_func ("/value/guess/numbers", test_guess_numbers);
  g_test_add_func ("/value/guess/zip-codes", test_guess_zip_codes);
  g_test_add_func ("/value/guess/strays", test_guess_strays);
  g_test_add_func ("/value/guess/missing", test_guess_missing);
  g_test_add_func ("/value/guess/booleans", test_guess_booleans);
  g_test_add_func ("/value/guess/dates", test_guess_dates);
  g_test_add_func ("/value/guess/datetimes", test_guess_datetimes);
  g_test_add_func ("/value/guess/incremental", test_guess_incremental);
  g_test_add_func ("/value/guess/consistency", test_guess_consistency);

  return g_test_run ();
}
