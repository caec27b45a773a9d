/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-value-private.h"

#include <string.h>

/* The type of a column, guessed from all of its values at the cost of a
 * few counters per column. */

/* The readings a column may have. Each counts how many values fit it. The
 * three of a kind are in SegDateOrder order minus one, so that
 * DATE_DMY + (order - 1) names the right one. */
enum
{
  CAND_INT_DOT,
  CAND_INT_COMMA,
  CAND_REAL_DOT,
  CAND_REAL_COMMA,
  CAND_BOOLEAN,
  CAND_DATE_DMY,
  CAND_DATE_MDY,
  CAND_DATE_YMD,
  CAND_DATETIME_DMY,
  CAND_DATETIME_MDY,
  CAND_DATETIME_YMD,
  N_CANDIDATES
};

/* seg_type_guess_add() copies DOT results to COMMA by shifting. */
G_STATIC_ASSERT (CAND_INT_COMMA - CAND_INT_DOT == CAND_REAL_COMMA - CAND_REAL_DOT);

#define BIT(c) (1u << (c))
#define NUMERIC_ALL (BIT (CAND_INT_DOT) | BIT (CAND_INT_COMMA) | \
                     BIT (CAND_REAL_DOT) | BIT (CAND_REAL_COMMA))
#define DATE_ALL (BIT (CAND_DATE_DMY) | BIT (CAND_DATE_MDY) | BIT (CAND_DATE_YMD))
#define DATETIME_ALL (BIT (CAND_DATETIME_DMY) | BIT (CAND_DATETIME_MDY) | BIT (CAND_DATETIME_YMD))

struct _SegTypeGuess
{
  guint64 n_values;
  guint64 n_missing;
  guint64 n_compact;           /* values that are eight-digit compact dates */
  guint64 n_identifiers;       /* digit strings with a leading zero or too long */
  guint64 n_percent;           /* values that end in a percent sign */
  guint64 fits[N_CANDIDATES];  /* see flush_run() */

  /* The values of a column nearly all fit the same candidates, so they
   * are counted as runs of equal masks and added to @fits when the mask
   * changes, rather than one candidate at a time for every value. */
  guint   run_mask;
  guint64 run_length;
};

/**
 * seg_type_guess_new:
 *
 * Returns: (transfer full): a guess that has seen no values
 */
SegTypeGuess *
seg_type_guess_new (void)
{
  return g_new0 (SegTypeGuess, 1);
}

/**
 * seg_type_guess_free:
 * @guess: (nullable): a guess
 */
void
seg_type_guess_free (SegTypeGuess *guess)
{
  g_free (guess);
}

/* Adds the current run of values to the candidates they fit. */
static void
flush_run (SegTypeGuess *guess)
{
  for (guint i = 0; i < N_CANDIDATES; i++)
    guess->fits[i] += ((guess->run_mask >> i) & 1) * guess->run_length;

  guess->run_length = 0;
}

/* What a byte can be in a number, for may_be_number(). */
enum
{
  /* Starts a number that does not start with a digit or a letter: a
   * sign, an accounting parenthesis, a bare decimal mark or a currency
   * sign (the UTF-8 ones start with C2, E2 or EF). */
  NUM_START = 1 << 0,
  /* Follows the leading digits of a number: a thousands separator or
   * decimal mark, an exponent, a space (the UTF-8 ones start with C2, E2
   * or E3), a percent sign, or a currency sign or code (元 starts with
   * E5, ￥ with EF). */
  NUM_AFTER_DIGITS = 1 << 1,
  /* Follows a currency code that starts a number: a space, a sign, a
   * digit or a bare decimal mark. */
  NUM_AFTER_CODE = 1 << 2,
};

#define NUM_CODE_LETTER(c) [c] = NUM_AFTER_DIGITS, [(c) + 'a' - 'A'] = NUM_AFTER_DIGITS
#define NUM_DIGIT(c) [c] = NUM_AFTER_CODE

static const guint8 number_bytes[256] = {
  ['+'] = NUM_START | NUM_AFTER_CODE,
  ['-'] = NUM_START | NUM_AFTER_CODE,
  ['('] = NUM_START,
  ['$'] = NUM_START | NUM_AFTER_DIGITS,
  ['.'] = NUM_START | NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  [','] = NUM_START | NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  [' '] = NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  ['\t'] = NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  ['\n'] = NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  ['\v'] = NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  ['\f'] = NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  ['\r'] = NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  ['%'] = NUM_AFTER_DIGITS,
  [0xC2] = NUM_START | NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  [0xE2] = NUM_START | NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  [0xE3] = NUM_AFTER_DIGITS | NUM_AFTER_CODE,
  [0xE5] = NUM_AFTER_DIGITS,
  [0xEF] = NUM_START | NUM_AFTER_DIGITS,
  NUM_DIGIT ('0'), NUM_DIGIT ('1'), NUM_DIGIT ('2'), NUM_DIGIT ('3'), NUM_DIGIT ('4'),
  NUM_DIGIT ('5'), NUM_DIGIT ('6'), NUM_DIGIT ('7'), NUM_DIGIT ('8'), NUM_DIGIT ('9'),
  /* The exponent, and the first letters of the currency codes. */
  NUM_CODE_LETTER ('E'), NUM_CODE_LETTER ('U'), NUM_CODE_LETTER ('R'), NUM_CODE_LETTER ('C'),
  NUM_CODE_LETTER ('G'), NUM_CODE_LETTER ('J'), NUM_CODE_LETTER ('H'),
};

#undef NUM_CODE_LETTER
#undef NUM_DIGIT

/* Whether seg_scan_number() might read the trimmed, non-empty @s to @e under
 * either mark. This looks only at the first byte, at the leading digits
 * and the byte after them, or at a leading currency code and the byte
 * after it, and says no only where the scanner would certainly refuse: so
 * most text and most dates skip the scanner (twice over, once per mark)
 * for the cost of a table lookup. */
static inline gboolean
may_be_number (const char *s,
               const char *e)
{
  guchar c = (guchar) s[0];
  const char *p;

  if (is_ascii_digit ((char) c))
    {
      /* Leading digits are followed by the end, more of the number, or
       * something that ends it being one, such as the '-', '/' and ':'
       * of dates and times. */
      for (p = s + 1; p < e && is_ascii_digit (*p); p++)
        ;
      return p == e || (number_bytes[(guchar) *p] & NUM_AFTER_DIGITS) != 0;
    }

  /* The only numbers that start with a letter start with a currency code,
   * which blanks, a sign or the digits follow: so `USD 5` and `EUR12`, but
   * neither `USA` nor `Europe`. */
  if (g_ascii_isalpha (c))
    return is_currency_code (s, e) && e - s > 3 &&
           (number_bytes[(guchar) s[3]] & NUM_AFTER_CODE) != 0;

  return (number_bytes[c] & NUM_START) != 0;
}

/* Whether the mark can change how @s reads: without '.', ',' or a space
 * that could separate thousands, DOT and COMMA give the same answer. */
static inline gboolean
mark_matters (const char *s,
              const char *e)
{
  for (const char *p = s; p < e; p++)
    {
      guchar c = (guchar) *p;

      if (c == '.' || c == ',' || c == ' ' || c == 0xC2 || c == 0xE2)
        return TRUE;
    }

  return FALSE;
}

static guint
number_fits (const char     *s,
             const char     *e,
             SegDecimalMark  mark,
             guint           int_bit,
             guint           real_bit)
{
  NumScan ns;
  gint64 i;
  guint mask = 0;

  if (!seg_scan_number (s, e, mark, &ns))
    return 0;
  if (seg_num_fits_real (&ns))
    mask |= real_bit;
  if (seg_num_to_integer (&ns, &i))
    mask |= int_bit;

  return mask;
}

/* Whether seg_scan_date() might read the trimmed @s to @e, which starts with
 * an ASCII digit. Like may_be_number(), this says no only where the
 * scanner would certainly refuse, so that prices and other numbers skip
 * it. */
static inline gboolean
may_be_date (const char *s,
             const char *e)
{
  const char *p = s + 1;

  while (p < e && is_ascii_digit (*p))
    p++;

  /* Eight digits are a compact date, which a time may follow; more are
   * never a date; fewer are its first part, and something must follow. */
  if (p - s >= 8)
    return p - s == 8;
  if (p == e)
    return FALSE;

  switch ((guchar) *p)
    {
    case '-':
    case '/':
    case '.':
      /* The same separator comes again after the second part, so that
       * `12.50` and `3-4` are not dates. */
      return memchr (p + 1, *p, e - p - 1) != NULL;

    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case 0xC2: case 0xE2: case 0xE3: /* spaces before 年 */
    case 0xE5:                       /* 年 */
    case 0xEF:                       /* full-width digits */
      return TRUE;

    default:
      return FALSE;
    }
}

/* The number readings, under both marks, of the trimmed, non-empty @s to
 * @e that is not a plain run of digits. */
static guint
numbers_fit (const char *s,
             const char *e)
{
  guint64 digits;
  guint n_int, n_frac;
  guint mask;

  if (!may_be_number (s, e))
    return 0;

  /* `12.50` and `12,50` are read once instead of once per mark; see
   * scan_simple_decimal() for what each mark makes of them. */
  if (scan_simple_decimal (s, e, '.', &digits, &n_int, &n_frac))
    {
      mask = BIT (CAND_REAL_DOT);
      if (n_int <= 3 && n_frac == 3 && s[0] != '0')
        mask |= BIT (CAND_INT_COMMA) | BIT (CAND_REAL_COMMA);
      return mask;
    }
  if (scan_simple_decimal (s, e, ',', &digits, &n_int, &n_frac))
    {
      mask = BIT (CAND_REAL_COMMA);
      if (n_int <= 3 && n_frac == 3 && s[0] != '0')
        mask |= BIT (CAND_INT_DOT) | BIT (CAND_REAL_DOT);
      return mask;
    }

  mask = number_fits (s, e, SEG_DECIMAL_DOT, BIT (CAND_INT_DOT), BIT (CAND_REAL_DOT));
  if (mark_matters (s, e))
    mask |= number_fits (s, e, SEG_DECIMAL_COMMA, BIT (CAND_INT_COMMA), BIT (CAND_REAL_COMMA));
  else if (mask != 0)
    mask |= mask << (CAND_INT_COMMA - CAND_INT_DOT);

  return mask;
}

/* The readings of a value that scan_iso() read as @n_fields fields @f.
 * It reads them as a date or date-time, which is the same in every order;
 * they are not numbers, as four digits and a '-' start no number, and not
 * booleans, which never start with a digit. */
static inline guint
iso_fits (const int f[6],
          int       n_fields)
{
  if (!valid_date (f[0], f[1], f[2]))
    return 0;
  if (n_fields == 3)
    return DATE_ALL;

  return valid_time (f[3], f[4], f[5]) ? DATETIME_ALL : 0;
}

/* The date readings of a trimmed value that scan_iso() did not read. */
static guint
date_fits (const char *s,
           const char *e)
{
  const char *p;
  const char *t;
  DateScan ds;
  int y, mo, d, h, mi, sec;
  guint base;
  guint mask = 0;

  if ((p = seg_scan_date (s, e, &ds)) == NULL)
    return 0;

  if (p == e)
    base = CAND_DATE_DMY;
  else if ((t = seg_time_start (p, e, &ds)) != NULL && seg_scan_time (t, e, &h, &mi, &sec))
    base = CAND_DATETIME_DMY;
  else
    return 0;

  /* A date whose form fixes the order fits all three or none. */
  if (ds.kind == DATE_FIXED)
    return valid_date (ds.year, ds.a, ds.b) ? 7u << base : 0;

  if (seg_resolve_date (&ds, SEG_DATE_ORDER_DMY, &y, &mo, &d))
    mask |= BIT (base);
  if (seg_resolve_date (&ds, SEG_DATE_ORDER_MDY, &y, &mo, &d))
    mask |= BIT (base + 1);
  if (seg_resolve_date (&ds, SEG_DATE_ORDER_YMD, &y, &mo, &d))
    mask |= BIT (base + 2);

  return mask;
}

/**
 * seg_type_guess_add:
 * @guess: a guess
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 *
 * Counts one value of the column. Only counters are kept, and only the
 * readings the first byte allows are tried, so this is cheap enough to
 * call for every cell of a large file.
 */
void
seg_type_guess_add (SegTypeGuess *guess,
                    const char   *str,
                    gsize         len)
{
  const char *s = str;
  const char *e = str + len;
  guint64 plain;
  guint mask = 0;
  int f[6];
  int n_fields;
  gsize n;
  guchar c;

  if (len > 0)
    trim (&s, &e);
  n = e - s;

  if (is_missing_trimmed (s, n))
    {
      guess->n_missing++;
      return;
    }
  guess->n_values++;
  if (s[n - 1] == '%')
    guess->n_percent++;

  switch (scan_plain (s, n, &plain))
    {
    case PLAIN_NUMBER:
      /* Plain digits read the same under both marks, and can only be a
       * date when they are a compact one. */
      mask = NUMERIC_ALL;
      if (n == 8)
        {
          int y, m, d;

          if (compact_date ((int) plain, &y, &m, &d))
            {
              mask |= DATE_ALL;
              guess->n_compact++;
            }
        }
      break;

    case PLAIN_REJECT:
      /* An identifier: no compact date has a leading zero or more than
       * eight digits, so nothing fits. */
      guess->n_identifiers++;
      break;

    case PLAIN_OTHER:
    default:
      /* ISO dates and date-times, by far the commonest, are read in one
       * pass, and iso_fits() says why nothing else needs trying. */
      c = (guchar) s[0];
      if (is_ascii_digit ((char) c) && (n_fields = scan_iso (s, e, f)) > 0)
        {
          mask = iso_fits (f, n_fields);
          break;
        }

      mask = numbers_fit (s, e);
      if ((g_ascii_isalpha (c) || c >= 0xE0) && n <= 5)
        {
          gboolean b;

          if (seg_scan_boolean (s, n, &b))
            mask |= BIT (CAND_BOOLEAN);
        }
      if ((is_ascii_digit ((char) c) && may_be_date (s, e)) || c == 0xEF)
        mask |= date_fits (s, e);
      break;
    }

  /* A date is also a date-time at midnight, so that a column mixing the
   * two can be read as date-times. */
  mask |= (mask & DATE_ALL) << (CAND_DATETIME_DMY - CAND_DATE_DMY);

  /* Most text fits nothing, and then there is nothing to count. */
  if (mask == 0)
    return;

  if (mask != guess->run_mask)
    {
      flush_run (guess);
      guess->run_mask = mask;
    }
  guess->run_length++;
}

static inline guint64
misfits (const SegTypeGuess *guess,
         int                 candidate)
{
  return guess->n_values - guess->fits[candidate];
}

/* Picks the date order for the date or date-time candidates starting at
 * @base. Returns FALSE when no order fits. */
static gboolean
choose_date_order (const SegTypeGuess *guess,
                   int                 base,
                   guint64             limit,
                   SegDateOrder        preferred,
                   SegDateOrder       *order,
                   gboolean           *ambiguous,
                   guint64            *n_misfits)
{
  guint64 dmy = misfits (guess, base);
  guint64 mdy = misfits (guess, base + 1);
  guint64 ymd = misfits (guess, base + 2);
  gboolean fit_dmy = dmy <= limit;
  gboolean fit_mdy = mdy <= limit;
  gboolean fit_ymd = ymd <= limit;

  *ambiguous = FALSE;

  if (!fit_dmy && !fit_mdy && !fit_ymd)
    return FALSE;

  if (preferred != SEG_DATE_ORDER_AUTO && misfits (guess, base + preferred - 1) <= limit)
    {
      *order = preferred;
      *n_misfits = misfits (guess, base + preferred - 1);
      return TRUE;
    }

  /* Whatever reads as year-first also reads under DMY and MDY, so when
   * YMD does as well as both, no value needed a day/month order. */
  if (fit_ymd && ymd == dmy && ymd == mdy)
    {
      *order = SEG_DATE_ORDER_YMD;
      *n_misfits = ymd;
      return TRUE;
    }

  if (fit_dmy && fit_mdy)
    {
      if (dmy == mdy)
        {
          /* Every value had a day and month of at most 12. Day-first is
           * the more common convention worldwide; the caller reports the
           * guess so the user can correct it. */
          *order = SEG_DATE_ORDER_DMY;
          *ambiguous = TRUE;
        }
      else
        *order = dmy < mdy ? SEG_DATE_ORDER_DMY : SEG_DATE_ORDER_MDY;
    }
  else
    *order = fit_dmy ? SEG_DATE_ORDER_DMY : SEG_DATE_ORDER_MDY;

  *n_misfits = *order == SEG_DATE_ORDER_DMY ? dmy : mdy;
  return TRUE;
}

/**
 * seg_type_guess_result:
 * @guess: a guess
 * @preferred_mark: the decimal mark to use when both fit, usually COMMA
 *   for files delimited by ';'
 * @preferred_order: the date order to use when it fits, or AUTO
 * @result: (out caller-allocates): the type and how well it fits
 *
 * Names the type that fits the column. A number or date type fits when
 * at least %SEG_TYPE_GUESS_MIN_FIT_PERCENT percent of the non-missing
 * values read as it, the boolean type when at most one value in a
 * thousand does not; among those
 * that fit, boolean comes before integer, real, date and date-time, and
 * the column is text when none fits.
 *
 * Integer is taken over real only when it fits exactly the same values,
 * so that a column of whole amounts with a few fractional ones is real
 * rather than an integer column that rejects them. The preferred decimal
 * mark is taken whenever a number type fits under it. A column that
 * mixes dates and date-times is a date-time column, its dates read as
 * midnight. A column where
 * every value is a compact date such as `20240105` is a date column. When
 * every date reads both day-first and month-first and @preferred_order
 * does not decide, day-first is taken and `dates_ambiguous` is set.
 */
void
seg_type_guess_result (SegTypeGuess       *guess,
                       SegDecimalMark      preferred_mark,
                       SegDateOrder        preferred_order,
                       SegTypeGuessResult *result)
{
  /* Dates come before date-times, each with the candidates of its three
   * orders starting at @base. */
  static const struct { int base; SegColumnType type; } dated[] = {
    { CAND_DATE_DMY, SEG_COLUMN_DATE },
    { CAND_DATETIME_DMY, SEG_COLUMN_DATETIME },
  };
  SegDecimalMark marks[2];
  guint64 limit;
  SegDateOrder order;
  gboolean ambiguous;
  guint64 n_misfits;

  result->format.type = SEG_COLUMN_TEXT;
  result->format.decimal = preferred_mark;
  result->format.date_order = preferred_order == SEG_DATE_ORDER_AUTO ? SEG_DATE_ORDER_YMD : preferred_order;
  result->dates_ambiguous = FALSE;
  result->n_values = guess->n_values;
  result->n_missing = guess->n_missing;
  result->n_misfits = 0;
  result->percent = FALSE;

  flush_run (guess);
  if (guess->n_values == 0)
    return;

  /* Yes or no is rarely written by hand among other values, so a boolean
   * column must fit all but one value in a thousand; numbers and dates
   * keep a column when 98% of its values read as them, and the few that
   * do not are emptied or rejected by the import. */
  limit = guess->n_values / 1000;

  /* Compact dates are also plain integers, which would otherwise win. */
  if (guess->n_compact == guess->n_values)
    {
      result->format.type = SEG_COLUMN_DATE;
      result->format.date_order = SEG_DATE_ORDER_YMD;
      return;
    }

  if (misfits (guess, CAND_BOOLEAN) <= limit)
    {
      result->format.type = SEG_COLUMN_BOOLEAN;
      result->n_misfits = misfits (guess, CAND_BOOLEAN);
      return;
    }

  limit = guess->n_values * (100 - SEG_TYPE_GUESS_MIN_FIT_PERCENT) / 100;

  marks[0] = preferred_mark;
  marks[1] = preferred_mark == SEG_DECIMAL_DOT ? SEG_DECIMAL_COMMA : SEG_DECIMAL_DOT;
  /* One code like 010000 among numbers makes the column a code column:
   * as numbers, such codes would lose their zeros or their rows. */
  for (guint i = 0; guess->n_identifiers == 0 && i < G_N_ELEMENTS (marks); i++)
    {
      int int_cand = marks[i] == SEG_DECIMAL_DOT ? CAND_INT_DOT : CAND_INT_COMMA;
      int real_cand = marks[i] == SEG_DECIMAL_DOT ? CAND_REAL_DOT : CAND_REAL_COMMA;

      /* Every integer is also a real, so real misfits never outnumber
       * integer ones. */
      if (misfits (guess, real_cand) > limit)
        continue;

      result->format.decimal = marks[i];
      if (misfits (guess, int_cand) == misfits (guess, real_cand))
        {
          result->format.type = SEG_COLUMN_INTEGER;
          result->n_misfits = misfits (guess, int_cand);
        }
      else
        {
          result->format.type = SEG_COLUMN_REAL;
          result->n_misfits = misfits (guess, real_cand);
          /* Percentages are stored as fractions (12.5% as 0.125) and
           * keep being shown as percentages. */
          result->percent = guess->n_percent * 2 > guess->n_values;
        }
      return;
    }

  /* Every date also fits as a date-time, so date-times are taken only
   * when they read more values than dates do: when the column has times
   * in it. */
  for (guint i = 0; i < G_N_ELEMENTS (dated); i++)
    {
      SegDateOrder other_order;
      gboolean other_ambiguous;
      guint64 other_misfits;

      if (!choose_date_order (guess, dated[i].base, limit, preferred_order,
                              &order, &ambiguous, &n_misfits))
        continue;

      if (dated[i].type == SEG_COLUMN_DATE &&
          choose_date_order (guess, CAND_DATETIME_DMY, limit, preferred_order,
                             &other_order, &other_ambiguous, &other_misfits) &&
          other_misfits < n_misfits)
        continue;

      result->format.type = dated[i].type;
      result->format.date_order = order;
      result->dates_ambiguous = ambiguous;
      result->n_misfits = n_misfits;
      return;
    }
}
