/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-test-value.h"

#include <float.h>
#include <locale.h>
#include <math.h>

/* Numbers: parsing and formatting. */

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/value/integer", test_integer);
  g_test_add_func ("/value/real", test_real);
  g_test_add_func ("/value/real-random", test_real_random);
  g_test_add_func ("/value/format-double", test_format_double);
  g_test_add_func ("/value/format-double-random", test_format_double_random);
  g_test_add_func ("/value/format-double-locale", test_format_double_locale);

  return g_test_run ();
}
