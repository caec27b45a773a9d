/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "seg-value.h"

G_BEGIN_DECLS

/*
 * The value parsers live in one file per kind of value: seg-value.c (names,
 * missing values, booleans and conversion), seg-value-number.c,
 * seg-value-date.c and seg-value-guess.c. This header holds what they
 * share. Everything in them runs once per cell of files with millions of
 * rows, so the parsers never allocate and work on (pointer, length) pairs
 * that need not be NUL-terminated. Numbers are cleaned into a small stack
 * buffer; dates are written straight into the caller's buffer. The small
 * helpers that nearly every cell meets are inline here, so that keeping
 * the kinds apart costs the per-cell paths no calls.
 */

/* Most mantissa digits a number may have. Spreadsheets write at most 17
 * significant digits and people fewer still; the limit is generous so that
 * it only bounds the stack buffer, never rejects a real-world value. */
#define NUM_MAX_DIGITS 60

/* Digit strings longer than this are order numbers or card-like ids, not
 * quantities, and a double could not hold them exactly anyway. */
#define NUM_MAX_PLAIN_DIGITS 15

/* ---------------------------------------------------------------------- */
/* Scanning helpers                                                       */
/* ---------------------------------------------------------------------- */

/* Returns the byte length of the space character at @p, or 0. Besides the
 * ASCII blanks this knows the no-break, figure and thin spaces that
 * spreadsheets put around and inside numbers, and the ideographic space
 * that Chinese text is often padded with. The input is valid UTF-8. */
static inline gsize
space_length (const char *p,
              const char *end)
{
  guchar c = (guchar) p[0];

  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
    return 1;
  if (G_LIKELY (c < 0xC2))
    return 0;
  if (c == 0xC2)
    return (end - p >= 2 && (guchar) p[1] == 0xA0) ? 2 : 0;
  if (c == 0xE2 && end - p >= 3 && (guchar) p[1] == 0x80 &&
      ((guchar) p[2] == 0xAF || (guchar) p[2] == 0x89 || (guchar) p[2] == 0x87))
    return 3;
  if (c == 0xE3 && end - p >= 3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x80)
    return 3;

  return 0;
}

/* The same as space_length(), for the character that ends just before
 * @end. The lead bytes C2, E2 and E3 can never be continuation bytes, so
 * matching the tail bytes backwards is unambiguous in valid UTF-8. */
static inline gsize
space_length_before (const char *start,
                     const char *end)
{
  guchar c = (guchar) end[-1];

  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
    return 1;
  if (G_LIKELY (c < 0x80))
    return 0;
  if (c == 0xA0 && end - start >= 2 && (guchar) end[-2] == 0xC2)
    return 2;
  if (end - start >= 3 && (guchar) end[-2] == 0x80)
    {
      guchar lead = (guchar) end[-3];

      if (lead == 0xE2 && (c == 0xAF || c == 0x89 || c == 0x87))
        return 3;
      if (lead == 0xE3 && c == 0x80)
        return 3;
    }

  return 0;
}

static inline const char *
skip_spaces (const char *p,
             const char *end)
{
  gsize n;

  while (p < end && (n = space_length (p, end)) > 0)
    p += n;

  return p;
}

static inline void
trim (const char **start,
      const char **end)
{
  gsize n;

  *start = skip_spaces (*start, *end);
  while (*end > *start && (n = space_length_before (*start, *end)) > 0)
    *end -= n;
}

static inline gboolean
is_ascii_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* g_ascii_tolower(), inline. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Compares @n bytes at @p with the ASCII word @word, ignoring case. This
 * runs for many short cells, and comparing in place is much cheaper than
 * calling g_ascii_strncasecmp() for words this short. */
static inline gboolean
word_equal (const char *p,
            gsize       n,
            const char *word)
{
  if (strlen (word) != n)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      if (ascii_lower (p[i]) != ascii_lower (word[i]))
        return FALSE;
    }

  return TRUE;
}

/* Whether @end - @p bytes at @p start with the UTF-8 text @utf8. */
static inline gboolean
has_prefix (const char *p,
            const char *end,
            const char *utf8,
            gsize       n)
{
  return (gsize) (end - p) >= n && memcmp (p, utf8, n) == 0;
}

/* ---------------------------------------------------------------------- */
/* Missing values                                                         */
/* ---------------------------------------------------------------------- */

/* Works on an already trimmed value. Besides the usual markers, the error
 * values that Excel writes into exported cells (#N/A, #DIV/0! and friends)
 * count as missing: they stand for "no usable value" in any column. */
static inline gboolean
is_missing_trimmed (const char *s,
                    gsize       n)
{
  switch (n)
    {
    case 0:
      return TRUE;
    case 1:
      return s[0] == '-' || s[0] == '?';
    default:
      break;
    }

  /* Every longer marker starts with N or #. Checking that first spares
   * nearly every real value the case-insensitive comparisons below, which
   * would otherwise run for each short price, code and word. */
  if (s[0] != 'N' && s[0] != 'n' && s[0] != '#')
    return FALSE;

  switch (n)
    {
    case 2:
      return word_equal (s, n, "NA");
    case 3:
      return word_equal (s, n, "N/A") || word_equal (s, n, "NaN");
    case 4:
      return word_equal (s, n, "NULL") || word_equal (s, n, "None") ||
             word_equal (s, n, "#N/A");
    case 5:
      return word_equal (s, n, "#REF!") || word_equal (s, n, "#NUM!");
    case 6:
      return word_equal (s, n, "#NAME?") || word_equal (s, n, "#NULL!");
    case 7:
      return word_equal (s, n, "#DIV/0!") || word_equal (s, n, "#VALUE!");
    default:
      return FALSE;
    }
}

/* ---------------------------------------------------------------------- */
/* Numbers (seg-value-number.c)                                           */
/* ---------------------------------------------------------------------- */

/* What seg_scan_number() found. The digits are kept without separators so that
 * the value can be computed exactly afterwards. */
typedef struct
{
  char     digits[NUM_MAX_DIGITS];
  guint    n_digits;      /* integer and fraction digits in @digits */
  guint    n_frac_digits; /* the last so many of them are the fraction */
  guint64  int_value;     /* the integer part, unless @int_overflow */
  gboolean int_overflow;
  gboolean negative;
  gboolean has_point;
  gboolean has_exponent;
  gboolean percent;
  int      exponent;      /* the written exponent, saturated */
} NumScan;

typedef enum
{
  PLAIN_OTHER,  /* not a run of ASCII digits: use the full scanner */
  PLAIN_NUMBER, /* a run of digits that is a number */
  PLAIN_REJECT, /* a run of digits that looks like an identifier */
} PlainKind;

/* Nearly every numeric cell is a short run of ASCII digits, so that case
 * is decided here in one pass without the full grammar. */
static inline PlainKind
scan_plain (const char *s,
            gsize       n,
            guint64    *value)
{
  guint64 v = 0;

  if (n == 0)
    return PLAIN_OTHER;

  for (gsize i = 0; i < n; i++)
    {
      if (!is_ascii_digit (s[i]))
        return PLAIN_OTHER;
      if (i < NUM_MAX_PLAIN_DIGITS)
        v = v * 10 + (guint) (s[i] - '0');
    }

  if (n > NUM_MAX_PLAIN_DIGITS || (n > 1 && s[0] == '0'))
    return PLAIN_REJECT;

  *value = v;
  return PLAIN_NUMBER;
}

/* Three lower-case ASCII letters packed into one number, for matching
 * currency codes in a single comparison. */
#define PACK3(a, b, c) (((guint32) (a) << 16) | ((guint32) (b) << 8) | (guint32) (c))

/* Whether the three bytes at @p are one of the currency codes USD, RMB,
 * CNY, EUR, GBP, JPY or HKD, in any case. Setting bit 0x20 lower-cases an
 * ASCII letter, and the only bytes it turns into a given lower-case letter
 * are that letter in either case, so one packed comparison per code does
 * what a case-insensitive string comparison would. Most text starts with
 * one of these letters now and then (`C01234`, `United Kingdom`), so this
 * runs often; the comparisons are combined without branches because in a
 * column of varied words, branches would be mispredicted. */
static inline gboolean
is_currency_code (const char *p,
                  const char *end)
{
  guint32 code;

  if (end - p < 3)
    return FALSE;

  code = PACK3 ((guchar) p[0] | 0x20, (guchar) p[1] | 0x20, (guchar) p[2] | 0x20);
  return (code == PACK3 ('u', 's', 'd')) | (code == PACK3 ('r', 'm', 'b')) |
         (code == PACK3 ('c', 'n', 'y')) | (code == PACK3 ('e', 'u', 'r')) |
         (code == PACK3 ('g', 'b', 'p')) | (code == PACK3 ('j', 'p', 'y')) |
         (code == PACK3 ('h', 'k', 'd'));
}

/* Reads the commonest number with a fraction, the kind in every price
 * column: ASCII digits, the decimal mark @decimal and optionally more
 * digits, such as `12.50` or `0.5`, with at most fifteen digits in all and
 * no leading zero before other integer digits. Returns FALSE for anything
 * else, which seg_scan_number() then reads. Sets @digits to all the digits
 * read as one number, and the lengths of the two parts.
 *
 * Under the mark @decimal, seg_scan_number() reads these as the same digits
 * with @n_frac of them after the point, so num_to_real() gives @digits
 * divided by 10^@n_frac, and seg_num_to_integer() fails. Under the other mark,
 * the mark is a thousands separator: the value reads as the integer
 * @digits when exactly three digits follow a first group of one to three
 * that does not start with 0 (`1.234`), and not at all otherwise. */
static inline gboolean
scan_simple_decimal (const char *s,
                     const char *e,
                     char        decimal,
                     guint64    *digits,
                     guint      *n_int,
                     guint      *n_frac)
{
  const char *point = s;
  const char *p;
  guint64 m = 0;

  while (point < e && is_ascii_digit (*point))
    point++;
  if (point == s || point == e || *point != decimal || (point - s > 1 && s[0] == '0'))
    return FALSE;
  for (p = point + 1; p < e && is_ascii_digit (*p); p++)
    ;
  if (p != e || e - s - 1 > NUM_MAX_PLAIN_DIGITS)
    return FALSE;

  for (p = s; p < e; p++)
    {
      if (p != point)
        m = m * 10 + (guint) (*p - '0');
    }

  *digits = m;
  *n_int = point - s;
  *n_frac = e - point - 1;
  return TRUE;
}

gboolean seg_scan_number           (const char     *s,
                                   const char     *e,
                                   SegDecimalMark  mark,
                                   NumScan        *ns);
gboolean seg_num_to_integer        (const NumScan  *ns,
                                   gint64         *out);
gboolean seg_num_fits_real         (const NumScan  *ns);
gboolean seg_parse_integer_trimmed (const char     *s,
                                   const char     *e,
                                   SegDecimalMark  mark,
                                   gint64         *out);
gboolean seg_parse_real_trimmed    (const char     *s,
                                   const char     *e,
                                   SegDecimalMark  mark,
                                   double         *out);

/* ---------------------------------------------------------------------- */
/* Booleans (seg-value.c)                                                 */
/* ---------------------------------------------------------------------- */

gboolean seg_scan_boolean (const char *s,
                           gsize       n,
                           gboolean   *out);

/* ---------------------------------------------------------------------- */
/* Dates and times (seg-value-date.c)                                     */
/* ---------------------------------------------------------------------- */

typedef enum
{
  DATE_FIXED,     /* year, month and day are known from the form */
  DATE_YEAR_LAST, /* a/b/year with slashes or dashes: needs an order */
} DateKind;

typedef struct
{
  DateKind kind;
  int      year;
  int      a;      /* DATE_FIXED: the month */
  int      b;      /* DATE_FIXED: the day */
  gboolean cjk;    /* written with 年月日, so a time may follow directly */
} DateScan;

static inline gboolean
valid_date (int year,
            int month,
            int day)
{
  static const guint8 days_in_month[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
    return FALSE;
  if (day > days_in_month[month - 1])
    return FALSE;
  if (month == 2 && day == 29)
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return TRUE;
}

/* An eight-digit compact date, YYYYMMDD. Only 1900–2099 so that ordinary
 * eight-digit numbers are not taken for dates. */
static inline gboolean
compact_date (int  value,
              int *year,
              int *month,
              int *day)
{
  *year = value / 10000;
  *month = value / 100 % 100;
  *day = value % 100;

  return *year >= 1900 && *year <= 2099 && valid_date (*year, *month, *day);
}

/* 1 when @c is not an ASCII digit, for checking many positions with one
 * branch. */
#define NOT_DIGIT(c) ((guint) ((guchar) (c) - '0') > 9)

/* The value of the two ASCII digits at @p. */
#define TWO_DIGITS(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))

/* Reads the forms that databases and most exports write, `YYYY-MM-DD` and
 * `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` (with a space or `T`), in
 * one pass over fixed positions. Returns 3 for a date, 6 for a date-time
 * (with @f[5], the seconds, zero when not written) or 0 for any other
 * form, which the general scanners then read. The values are not checked.
 *
 * Whatever this reads, seg_scan_date() reads as the same year-first date,
 * which is the same under every order, and seg_time_start() and
 * seg_scan_time() as the same time, so the callers may check the calendar
 * and the clock themselves and skip the general scanners. As every field
 * has a fixed width, the ISO text of a valid value is the input's own
 * digits: see write_iso() in seg-value-date.c. */
static inline int
scan_iso (const char *s,
          const char *e,
          int         f[6])
{
  gsize n = e - s;

  if (n != 10 && n != 16 && n != 19)
    return 0;
  if (NOT_DIGIT (s[0]) | NOT_DIGIT (s[1]) | NOT_DIGIT (s[2]) | NOT_DIGIT (s[3]) |
      (s[4] != '-') | NOT_DIGIT (s[5]) | NOT_DIGIT (s[6]) | (s[7] != '-') |
      NOT_DIGIT (s[8]) | NOT_DIGIT (s[9]))
    return 0;
  f[0] = TWO_DIGITS (s) * 100 + TWO_DIGITS (s + 2);
  f[1] = TWO_DIGITS (s + 5);
  f[2] = TWO_DIGITS (s + 8);
  if (n == 10)
    return 3;

  if (((s[10] != ' ') & (s[10] != 'T')) | NOT_DIGIT (s[11]) | NOT_DIGIT (s[12]) |
      (s[13] != ':') | NOT_DIGIT (s[14]) | NOT_DIGIT (s[15]))
    return 0;
  f[3] = TWO_DIGITS (s + 11);
  f[4] = TWO_DIGITS (s + 14);
  f[5] = 0;
  if (n == 19)
    {
      if ((s[16] != ':') | NOT_DIGIT (s[17]) | NOT_DIGIT (s[18]))
        return 0;
      f[5] = TWO_DIGITS (s + 17);
    }

  return 6;
}

#undef NOT_DIGIT
#undef TWO_DIGITS

/* The clock check of seg_scan_time() for a time without an AM/PM marker. */
static inline gboolean
valid_time (int hour,
            int minute,
            int second)
{
  return hour <= 23 && minute <= 59 && second <= 59;
}

const char *seg_scan_date              (const char     *p,
                                        const char     *end,
                                        DateScan       *ds);
gboolean    seg_resolve_date           (const DateScan *ds,
                                        SegDateOrder    order,
                                        int            *year,
                                        int            *month,
                                        int            *day);
gboolean    seg_scan_time              (const char     *p,
                                        const char     *end,
                                        int            *hour,
                                        int            *minute,
                                        int            *second);
const char *seg_time_start             (const char     *p,
                                        const char     *end,
                                        const DateScan *ds);
gboolean    seg_parse_date_trimmed     (const char     *s,
                                        const char     *e,
                                        SegDateOrder    order,
                                        char            out[11]);
gboolean    seg_parse_datetime_trimmed (const char     *s,
                                        const char     *e,
                                        SegDateOrder    order,
                                        char            out[20]);

G_END_DECLS
