/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-test-value.h"

/* Guessing the type of a column. */

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

  /* Forty in two thousand is still within two in a hundred. */
  for (guint i = 0; i < 39; i++)
    values[i * 50 + 7] = "n/a?";
  expect.n_misfits = 40;
  check_guess (values, 2000, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* Forty-one is not. */
  values[78] = "see notes";
  expect.type = SEG_COLUMN_TEXT;
  expect.n_misfits = 0;
  check_guess (values, 2000, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* In five hundred values ten strays are allowed, eleven are not. */
  g_free (values);
  values = repeat_values (pattern, G_N_ELEMENTS (pattern), 500);
  for (guint i = 0; i < 10; i++)
    values[i * 40 + 3] = "unknown";
  expect.type = SEG_COLUMN_INTEGER;
  expect.n_values = 500;
  expect.n_misfits = 10;
  check_guess (values, 500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);
  values[499] = "unknown";
  expect.type = SEG_COLUMN_TEXT;
  expect.n_misfits = 0;
  check_guess (values, 500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* A column of a few values allows no stray at all. */
  g_free (values);
  values = repeat_values (pattern, G_N_ELEMENTS (pattern), 40);
  values[20] = "unknown";
  expect.n_values = 40;
  check_guess (values, 40, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

  /* Missing markers never count against a type. */
  g_free (values);
  values = repeat_values (pattern, G_N_ELEMENTS (pattern), 500);
  values[10] = "NA";
  values[20] = "";
  values[30] = "-";
  expect.type = SEG_COLUMN_INTEGER;
  expect.n_values = 497;
  expect.n_missing = 3;
  expect.n_misfits = 0;
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

    /* Thirty in fifteen hundred are still strays; thirty-one are not. */
    for (guint i = 0; i < 29; i++)
      values[i * 50 + 1] = "2023-05-14 24:00";
    expect.n_misfits = 30;
    check_guess (values, 1500, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO, &expect);

    values[702] = "2023-05-14 24:00";
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
  static const char *const mostly_dates[] = {
    "25/12/2023", "26/12/2023", "", "27/12/2023 18:30", "28/12/2023", "29/12/2023",
  };
  static const char *const only_dates[] = { "2024-01-05", "2024-01-06", "2024-02-29" };

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

  /* Dates among date-times are read as midnight, whichever is commoner. */
  CHECK_GUESS (with_dates, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_YMD, FALSE, 2, 0, 0);
  CHECK_GUESS (mostly_dates, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATETIME, 0, SEG_DATE_ORDER_DMY, FALSE, 5, 1, 0);
  /* Without a time anywhere, the column stays a date column. */
  CHECK_GUESS (only_dates, SEG_DECIMAL_DOT, SEG_DATE_ORDER_AUTO,
               SEG_COLUMN_DATE, 0, SEG_DATE_ORDER_YMD, FALSE, 3, 0, 0);
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
