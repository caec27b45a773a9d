/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-value.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Everything in this file runs once per cell of files with millions of
 * rows, so the parsers never allocate and work on (pointer, length) pairs
 * that need not be NUL-terminated. Numbers are cleaned into a small stack
 * buffer; dates are written straight into the caller's buffer.
 */

/* Most mantissa digits a number may have. Spreadsheets write at most 17
 * significant digits and people fewer still; the limit is generous so that
 * it only bounds the stack buffer, never rejects a real-world value. */
#define NUM_MAX_DIGITS 60

/* Digit strings longer than this are order numbers or card-like ids, not
 * quantities, and a double could not hold them exactly anyway. */
#define NUM_MAX_PLAIN_DIGITS 15

/* ---------------------------------------------------------------------- */
/* Names                                                                  */
/* ---------------------------------------------------------------------- */

static const char *const column_type_names[SEG_N_COLUMN_TYPES] = {
  [SEG_COLUMN_TEXT] = "text",
  [SEG_COLUMN_INTEGER] = "integer",
  [SEG_COLUMN_REAL] = "real",
  [SEG_COLUMN_BOOLEAN] = "boolean",
  [SEG_COLUMN_DATE] = "date",
  [SEG_COLUMN_DATETIME] = "datetime",
};

static const char *const date_order_names[] = {
  [SEG_DATE_ORDER_AUTO] = "auto",
  [SEG_DATE_ORDER_DMY] = "dmy",
  [SEG_DATE_ORDER_MDY] = "mdy",
  [SEG_DATE_ORDER_YMD] = "ymd",
};

/**
 * seg_column_type_to_string:
 * @type: a column type
 *
 * Returns: the name stored in project files and accepted on the command
 *   line, or %NULL for a value outside the enumeration
 */
const char *
seg_column_type_to_string (SegColumnType type)
{
  if ((guint) type >= G_N_ELEMENTS (column_type_names))
    return NULL;

  return column_type_names[type];
}

/**
 * seg_column_type_from_string:
 * @str: (nullable): a name from seg_column_type_to_string(), in any case
 * @type: (out): where to store the type
 *
 * Returns: whether @str named a column type; @type is untouched otherwise
 */
gboolean
seg_column_type_from_string (const char    *str,
                             SegColumnType *type)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (column_type_names); i++)
    {
      if (g_ascii_strcasecmp (str, column_type_names[i]) == 0)
        {
          if (type != NULL)
            *type = (SegColumnType) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * seg_date_order_to_string:
 * @order: a date order
 *
 * Returns: "auto", "dmy", "mdy" or "ymd", or %NULL for a value outside the
 *   enumeration
 */
const char *
seg_date_order_to_string (SegDateOrder order)
{
  if ((guint) order >= G_N_ELEMENTS (date_order_names))
    return NULL;

  return date_order_names[order];
}

/**
 * seg_date_order_from_string:
 * @str: (nullable): a name from seg_date_order_to_string(), in any case
 * @order: (out): where to store the order
 *
 * Returns: whether @str named a date order; @order is untouched otherwise
 */
gboolean
seg_date_order_from_string (const char   *str,
                            SegDateOrder *order)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (date_order_names); i++)
    {
      if (g_ascii_strcasecmp (str, date_order_names[i]) == 0)
        {
          if (order != NULL)
            *order = (SegDateOrder) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Shared scanning helpers                                                */
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
static gboolean
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

/**
 * seg_value_is_missing:
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 *
 * Tells whether a cell stands for "no value": after trimming blanks it is
 * empty, or one of `NA`, `N/A`, `NULL`, `-`, `?`, `#N/A`, `NaN`, `None`
 * (in any case) or another spreadsheet error value such as `#DIV/0!`.
 *
 * Returns: whether the cell is a missing-value marker
 */
gboolean
seg_value_is_missing (const char *str,
                      gsize       len)
{
  const char *s = str;
  const char *e = str + len;

  if (len == 0)
    return TRUE;

  trim (&s, &e);
  return is_missing_trimmed (s, e - s);
}

/* ---------------------------------------------------------------------- */
/* Numbers                                                                */
/* ---------------------------------------------------------------------- */

/* What scan_number() found. The digits are kept without separators so that
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

/* Returns the length of a currency sign or code at @p that may come before
 * the digits, or 0. */
static gsize
currency_prefix_length (const char *p,
                        const char *end)
{
  guchar c;

  if (p >= end)
    return 0;

  c = (guchar) p[0];
  if (c == '$')
    return 1;
  if (c < 0x80)
    return is_currency_code (p, end) ? 3 : 0;
  if (c == 0xC2 && end - p >= 2 && ((guchar) p[1] == 0xA5 || (guchar) p[1] == 0xA3))
    return 2; /* ¥ £ */
  if (has_prefix (p, end, "\xE2\x82\xAC", 3))
    return 3; /* € */
  if (has_prefix (p, end, "\xEF\xBF\xA5", 3))
    return 3; /* full-width ￥ */

  return 0;
}

/* Currency after the digits: the same signs and codes, and also 元, which
 * Chinese price lists write after the amount. */
static gsize
currency_suffix_length (const char *p,
                        const char *end)
{
  if (has_prefix (p, end, "\xE5\x85\x83", 3))
    return 3; /* 元 */

  return currency_prefix_length (p, end);
}

/* Returns the length of a thousands separator at @p when the next byte is
 * a digit, or 0. Under DOT only ',' groups; under COMMA '.' and the spaces
 * that European locales use do. */
static inline gsize
group_separator_length (const char     *p,
                        const char     *end,
                        SegDecimalMark  mark)
{
  gsize n = 0;

  if (p >= end)
    return 0;

  if (mark == SEG_DECIMAL_DOT)
    n = p[0] == ',' ? 1 : 0;
  else if (p[0] == '.' || p[0] == ' ')
    n = 1;
  else if (has_prefix (p, end, "\xC2\xA0", 2))
    n = 2;
  else if (has_prefix (p, end, "\xE2\x80\xAF", 3) || has_prefix (p, end, "\xE2\x80\x89", 3))
    n = 3;

  if (n == 0 || end - p <= (gssize) n || !is_ascii_digit (p[n]))
    return 0;

  return n;
}

/* Appends the digit @c to the integer part being read, noting whether
 * the value no longer fits in 64 bits. */
static inline void
add_int_digit (guint64  *value,
               gboolean *overflow,
               char      c)
{
  guint d = (guint) (c - '0');

  if (*value > (G_MAXUINT64 - d) / 10)
    *overflow = TRUE;
  else
    *value = *value * 10 + d;
}

/* Scans the digits of a number into @ns, which scan_number() has just
 * cleared: an integer part, grouped or not, and a fraction. Leading zeros
 * and long ungrouped digit runs are refused, as those are how identifiers
 * look. The counts and the value are kept in locals and stored once at the
 * end: updating them in @ns digit by digit made every digit wait for the
 * previous store. */
static gboolean
scan_mantissa (const char     **pp,
               const char      *end,
               SegDecimalMark   mark,
               NumScan         *ns)
{
  const char *p = *pp;
  const char *start = p;
  char decimal = mark == SEG_DECIMAL_DOT ? '.' : ',';
  gboolean grouped = FALSE;
  guint64 value = 0;
  gboolean overflow = FALSE;
  guint n_digits;
  gsize n_first;
  gsize sep_len;

  while (p < end && is_ascii_digit (*p))
    p++;
  n_first = p - start;

  /* A longer first run is refused below in any case: it is too long for a
   * first group, and too long to be a quantity without groups. Refusing it
   * now bounds the run, so that it fits the digit buffer and its value
   * cannot overflow. */
  if (n_first > NUM_MAX_PLAIN_DIGITS)
    return FALSE;
  for (gsize i = 0; i < n_first; i++)
    {
      ns->digits[i] = start[i];
      value = value * 10 + (guint) (start[i] - '0');
    }
  n_digits = n_first;

  if (n_first > 0 && (sep_len = group_separator_length (p, end, mark)) > 0)
    {
      const char *first_sep = p;
      gsize first_len = sep_len;

      /* The first group has one to three digits and, like any number,
       * does not start with a zero. */
      if (n_first > 3 || start[0] == '0')
        return FALSE;

      grouped = TRUE;
      do
        {
          /* Every later group has exactly three digits. */
          p += sep_len;
          if (end - p < 3 || !is_ascii_digit (p[0]) || !is_ascii_digit (p[1]) ||
              !is_ascii_digit (p[2]) || (end - p > 3 && is_ascii_digit (p[3])))
            return FALSE;
          if (n_digits + 3 > NUM_MAX_DIGITS)
            return FALSE;
          for (int i = 0; i < 3; i++)
            add_int_digit (&value, &overflow, p[i]);
          memcpy (ns->digits + n_digits, p, 3);
          n_digits += 3;
          p += 3;

          /* A number uses one kind of separator throughout; a different
           * one following a group means this is not one number. */
          sep_len = group_separator_length (p, end, mark);
          if (sep_len > 0 && (sep_len != first_len || memcmp (p, first_sep, sep_len) != 0))
            return FALSE;
        }
      while (sep_len > 0);
    }

  if (!grouped)
    {
      if (n_first > 1 && start[0] == '0')
        return FALSE;
      if (n_first > NUM_MAX_PLAIN_DIGITS)
        return FALSE;
    }

  ns->int_value = value;
  ns->int_overflow = overflow;

  if (p < end && *p == decimal)
    {
      const char *frac = ++p;
      gsize n_frac;

      ns->has_point = TRUE;
      while (p < end && is_ascii_digit (*p))
        p++;
      n_frac = p - frac;
      if (n_digits + n_frac > NUM_MAX_DIGITS)
        return FALSE;
      for (gsize i = 0; i < n_frac; i++)
        ns->digits[n_digits + i] = frac[i];
      n_digits += n_frac;
      ns->n_frac_digits = n_frac;
    }

  ns->n_digits = n_digits;
  if (n_digits == 0)
    return FALSE;

  *pp = p;
  return TRUE;
}

/* Scans an exponent such as `e5` or `E-03` if there is one. A lone `e`
 * followed by anything else is left alone, so that a currency code like
 * `EUR` right after the digits still reads as a suffix. */
static void
scan_exponent (const char **pp,
               const char  *end,
               NumScan     *ns)
{
  const char *p = *pp;
  gboolean negative = FALSE;
  int value = 0;

  if (p >= end || (*p != 'e' && *p != 'E'))
    return;
  p++;
  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';
  if (p >= end || !is_ascii_digit (*p))
    return;

  while (p < end && is_ascii_digit (*p))
    {
      /* Saturating keeps the arithmetic defined; such exponents give zero
       * or infinity either way. */
      if (value < 100000)
        value = value * 10 + (*p - '0');
      p++;
    }

  ns->has_exponent = TRUE;
  ns->exponent = negative ? -value : value;
  *pp = p;
}

/* The grammar, around the digits:
 *
 *   value  := '(' body ')' | body           parentheses mean negative
 *   body   := sign? prefix? sign? digits exponent? suffix?
 *   prefix := currency space?
 *   suffix := space? (currency | '%')
 *
 * with at most one sign, no sign inside parentheses, and no currency
 * together with a percent sign. @s to @e must already be trimmed: every
 * caller has trimmed the cell before, and doing it again here for each
 * mark would be wasted. */
static gboolean
scan_number (const char     *s,
             const char     *e,
             SegDecimalMark  mark,
             NumScan        *ns)
{
  gboolean parens = FALSE;
  gboolean signed_ = FALSE;
  gboolean currency = FALSE;
  const char *p;
  gsize n;

  ns->n_digits = 0;
  ns->n_frac_digits = 0;
  ns->int_value = 0;
  ns->int_overflow = FALSE;
  ns->negative = FALSE;
  ns->has_point = FALSE;
  ns->has_exponent = FALSE;
  ns->percent = FALSE;
  ns->exponent = 0;

  if (s == e)
    return FALSE;

  if (*s == '(')
    {
      if (e - s < 3 || e[-1] != ')')
        return FALSE;
      parens = TRUE;
      ns->negative = TRUE;
      s++;
      e--;
      trim (&s, &e);
    }

  p = s;
  if (!parens && p < e && (*p == '-' || *p == '+'))
    {
      ns->negative = *p++ == '-';
      signed_ = TRUE;
    }
  if (p < e && !is_ascii_digit (*p) && (n = currency_prefix_length (p, e)) > 0)
    {
      currency = TRUE;
      p = skip_spaces (p + n, e);
      if (!parens && !signed_ && p < e && (*p == '-' || *p == '+'))
        ns->negative = *p++ == '-';
    }

  if (!scan_mantissa (&p, e, mark, ns))
    return FALSE;
  scan_exponent (&p, e, ns);

  if (p < e)
    {
      p = skip_spaces (p, e);
      if (p < e && *p == '%' && !currency)
        {
          ns->percent = TRUE;
          p++;
        }
      else if (!currency && (n = currency_suffix_length (p, e)) > 0)
        p += n;
      else
        return FALSE;
    }

  return p == e;
}

/* Whether double arithmetic rounds each operation to double precision, so
 * that dividing two exact doubles gives the correctly rounded quotient. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define EXACT_DOUBLE_ARITHMETIC 1

/* Powers of ten that a double holds exactly. */
static const double exact_powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
#else
#define EXACT_DOUBLE_ARITHMETIC 0
#endif

/* Reads the commonest number with a fraction, the kind in every price
 * column: ASCII digits, the decimal mark @decimal and optionally more
 * digits, such as `12.50` or `0.5`, with at most fifteen digits in all and
 * no leading zero before other integer digits. Returns FALSE for anything
 * else, which scan_number() then reads. Sets @digits to all the digits
 * read as one number, and the lengths of the two parts.
 *
 * Under the mark @decimal, scan_number() reads these as the same digits
 * with @n_frac of them after the point, so num_to_real() gives @digits
 * divided by 10^@n_frac, and num_to_integer() fails. Under the other mark,
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

static gboolean
num_to_integer (const NumScan *ns,
                gint64        *out)
{
  if (ns->has_point || ns->has_exponent || ns->percent || ns->int_overflow)
    return FALSE;

  if (ns->negative)
    {
      if (ns->int_value > (guint64) G_MAXINT64 + 1)
        return FALSE;
      *out = ns->int_value == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) ns->int_value;
    }
  else
    {
      if (ns->int_value > (guint64) G_MAXINT64)
        return FALSE;
      *out = (gint64) ns->int_value;
    }

  return TRUE;
}

static gboolean
num_to_real (const NumScan *ns,
             double        *out)
{
  const char *sig = ns->digits;
  guint n_sig = ns->n_digits;
  int exp10;
  double value;

  /* The value is the digits read as a whole number, times 10^exp10. A
   * percent sign moves the exponent instead of dividing afterwards, so
   * that `12.345%` is rounded once, exactly like the literal 0.12345. */
  exp10 = ns->exponent - (int) ns->n_frac_digits - (ns->percent ? 2 : 0);

  while (n_sig > 0 && *sig == '0')
    {
      sig++;
      n_sig--;
    }

  if (n_sig == 0)
    {
      *out = ns->negative ? -0.0 : 0.0;
      return TRUE;
    }

#if EXACT_DOUBLE_ARITHMETIC
  /* When both the digits and the power of ten are exact doubles, one
   * multiplication or division rounds correctly, which covers nearly all
   * prices and measurements without calling strtod(). */
  if (n_sig <= NUM_MAX_PLAIN_DIGITS && exp10 >= -22 && exp10 <= 22)
    {
      guint64 m = 0;

      for (guint i = 0; i < n_sig; i++)
        m = m * 10 + (guint) (sig[i] - '0');

      value = (double) m;
      if (exp10 < 0)
        value /= exact_powers_of_ten[-exp10];
      else
        value *= exact_powers_of_ten[exp10];

      *out = ns->negative ? -value : value;
      return TRUE;
    }
#endif

  {
    /* Sign, digits, 'e', a sign and up to seven exponent digits. */
    char buf[NUM_MAX_DIGITS + 16];
    char *q = buf;
    char exp_digits[12];
    int n_exp = 0;
    guint e = (guint) (exp10 < 0 ? -exp10 : exp10);

    if (ns->negative)
      *q++ = '-';
    memcpy (q, sig, n_sig);
    q += n_sig;
    *q++ = 'e';
    if (exp10 < 0)
      *q++ = '-';
    do
      {
        exp_digits[n_exp++] = (char) ('0' + e % 10);
        e /= 10;
      }
    while (e > 0);
    while (n_exp > 0)
      *q++ = exp_digits[--n_exp];
    *q = '\0';

    /* The cleaned text has no decimal point, so the locale's one cannot
     * get in the way and plain strtod() is as exact as g_ascii_strtod(),
     * without the copy that the latter makes in decimal-comma locales. */
    value = strtod (buf, NULL);
  }

  if (!isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

/* Whether num_to_real() would succeed, without computing the value. The
 * value is below 10^(n_digits + exp10), so when that is at most 10^308 it
 * is below DBL_MAX and finite however it is rounded; only the rare rest
 * needs the full conversion. */
static gboolean
num_fits_real (const NumScan *ns)
{
  int exp10 = ns->exponent - (int) ns->n_frac_digits - (ns->percent ? 2 : 0);
  double r;

  if ((int) ns->n_digits + exp10 <= DBL_MAX_10_EXP)
    return TRUE;

  return num_to_real (ns, &r);
}

/* A run of digits reads the same whether or not blanks surround it, and
 * scan_number() reads it exactly as scan_plain() does, so trimming first
 * and then trying the plain form gives the same answer as trying it on the
 * untrimmed cell. */
static gboolean
parse_integer_trimmed (const char     *s,
                       const char     *e,
                       SegDecimalMark  mark,
                       gint64         *out)
{
  NumScan ns;
  guint64 plain;

  switch (scan_plain (s, e - s, &plain))
    {
    case PLAIN_NUMBER:
      *out = (gint64) plain;
      return TRUE;
    case PLAIN_REJECT:
      return FALSE;
    case PLAIN_OTHER:
    default:
      break;
    }

  if (!scan_number (s, e, mark, &ns))
    return FALSE;

  return num_to_integer (&ns, out);
}

static gboolean
parse_real_trimmed (const char     *s,
                    const char     *e,
                    SegDecimalMark  mark,
                    double         *out)
{
  NumScan ns;
  guint64 plain;
#if EXACT_DOUBLE_ARITHMETIC
  guint64 digits;
  guint n_int, n_frac;
#endif

  switch (scan_plain (s, e - s, &plain))
    {
    case PLAIN_NUMBER:
      *out = (double) plain;
      return TRUE;
    case PLAIN_REJECT:
      return FALSE;
    case PLAIN_OTHER:
    default:
      break;
    }

#if EXACT_DOUBLE_ARITHMETIC
  /* What num_to_real() computes for these, without the full scan. */
  if (scan_simple_decimal (s, e, mark == SEG_DECIMAL_DOT ? '.' : ',', &digits, &n_int, &n_frac))
    {
      *out = (double) digits / exact_powers_of_ten[n_frac];
      return TRUE;
    }
#endif

  if (!scan_number (s, e, mark, &ns))
    return FALSE;

  return num_to_real (&ns, out);
}

/**
 * seg_parse_integer:
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 * @mark: the decimal mark, which decides the thousands separators
 * @out: (out): the value
 *
 * Reads a whole number as spreadsheets write it: `12`, `-5`, `+5`,
 * `1,234` (DOT) or `1.234` and `1 234` (COMMA), `(12)` for −12, with a
 * currency sign or code before or after. Values with a fraction, exponent
 * or percent sign are reals even when integral (`12.0`), and identifiers
 * are refused: leading zeros (`007`) and plain runs of more than fifteen
 * digits.
 *
 * Returns: whether @str is an integer that fits in 64 bits
 */
gboolean
seg_parse_integer (const char     *str,
                   gsize           len,
                   SegDecimalMark  mark,
                   gint64         *out)
{
  const char *s = str;
  const char *e = str + len;

  trim (&s, &e);
  return parse_integer_trimmed (s, e, mark, out);
}

/**
 * seg_parse_real:
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 * @mark: the decimal mark
 * @out: (out): the value
 *
 * Reads any number that seg_parse_integer() reads, and also fractions
 * (`1,234.50` or `.5` under DOT, `1.234,50` or `12,50` under COMMA),
 * exponents (`1.5E-3`) and percentages (`45%` is 0.45). The result is the
 * double nearest to the written decimal. `inf`, `nan` and hexadecimal are
 * not numbers here.
 *
 * Returns: whether @str is a finite number
 */
gboolean
seg_parse_real (const char     *str,
                gsize           len,
                SegDecimalMark  mark,
                double         *out)
{
  const char *s = str;
  const char *e = str + len;

  trim (&s, &e);
  return parse_real_trimmed (s, e, mark, out);
}

/* ---------------------------------------------------------------------- */
/* Booleans                                                               */
/* ---------------------------------------------------------------------- */

/* Works on an already trimmed value. 0 and 1 are deliberately not here:
 * a column of them is a column of integers. */
static gboolean
scan_boolean (const char *s,
              gsize       n,
              gboolean   *out)
{
  switch (n)
    {
    case 1:
      switch (s[0])
        {
        case 't': case 'T': case 'y': case 'Y':
          *out = TRUE;
          return TRUE;
        case 'f': case 'F': case 'n': case 'N':
          *out = FALSE;
          return TRUE;
        default:
          return FALSE;
        }
    case 2:
      if (word_equal (s, n, "no"))
        {
          *out = FALSE;
          return TRUE;
        }
      return FALSE;
    case 3:
      if (word_equal (s, n, "yes") ||
          memcmp (s, "\xE6\x98\xAF", 3) == 0 ||  /* 是 */
          memcmp (s, "\xE7\x9C\x9F", 3) == 0)    /* 真 */
        {
          *out = TRUE;
          return TRUE;
        }
      if (memcmp (s, "\xE5\x90\xA6", 3) == 0 ||  /* 否 */
          memcmp (s, "\xE5\x81\x87", 3) == 0)    /* 假 */
        {
          *out = FALSE;
          return TRUE;
        }
      return FALSE;
    case 4:
      if (word_equal (s, n, "true"))
        {
          *out = TRUE;
          return TRUE;
        }
      return FALSE;
    case 5:
      if (word_equal (s, n, "false"))
        {
          *out = FALSE;
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

/**
 * seg_parse_boolean:
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 * @out: (out): the value
 *
 * Reads `true`/`false`, `yes`/`no`, `t`/`f`, `y`/`n` in any case, and
 * 是/否 and 真/假. Numbers are never booleans.
 *
 * Returns: whether @str is a boolean
 */
gboolean
seg_parse_boolean (const char *str,
                   gsize       len,
                   gboolean   *out)
{
  const char *s = str;
  const char *e = str + len;

  trim (&s, &e);
  return scan_boolean (s, e - s, out);
}

/* ---------------------------------------------------------------------- */
/* Dates and times                                                        */
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

/* Returns the byte length of an ASCII or full-width digit at @p and its
 * value, or 0. Chinese text sometimes uses full-width digits in dates. */
static inline gsize
digit_length (const char *p,
              const char *end,
              int        *value)
{
  if (is_ascii_digit (*p))
    {
      *value = *p - '0';
      return 1;
    }
  if ((guchar) p[0] == 0xEF && end - p >= 3 && (guchar) p[1] == 0xBC &&
      (guchar) p[2] >= 0x90 && (guchar) p[2] <= 0x99)
    {
      *value = (guchar) p[2] - 0x90;
      return 3;
    }

  return 0;
}

/* Reads a run of digits into @value. Returns how many digits there were,
 * or -1 when there are more than @max. */
static int
read_uint (const char **pp,
           const char  *end,
           int          max,
           int         *value)
{
  const char *p = *pp;
  int n = 0;
  int v = 0;
  int d;
  gsize len;

  while (p < end && (len = digit_length (p, end, &d)) > 0)
    {
      if (++n > max)
        return -1;
      v = v * 10 + d;
      p += len;
    }

  *pp = p;
  *value = v;
  return n;
}

/* Reads exactly @n digits, for fields such as a zone offset that may be
 * followed directly by more digits. */
static gboolean
read_fixed (const char **pp,
            const char  *end,
            int          n,
            int         *value)
{
  const char *p = *pp;
  int v = 0;
  int d;
  gsize len;

  for (int i = 0; i < n; i++)
    {
      if (p >= end || (len = digit_length (p, end, &d)) == 0)
        return FALSE;
      v = v * 10 + d;
      p += len;
    }

  *pp = p;
  *value = v;
  return TRUE;
}

/* Two-digit years follow the POSIX strptime() pivot: 69–99 are 19xx. */
static inline int
expand_year (int year,
             int n_digits)
{
  if (n_digits != 2)
    return year;

  return year < 69 ? 2000 + year : 1900 + year;
}

static gboolean
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

/* Scans the date at the start of @p (already trimmed at the front) and
 * returns where it ends, or %NULL. The calendar is checked later, when the
 * order is known. */
static const char *
scan_date (const char *p,
           const char *end,
           DateScan   *ds)
{
  int n1, n2, n3;
  int v1, v2, v3;
  char sep;
  const char *q;

  ds->cjk = FALSE;

  n1 = read_uint (&p, end, 8, &v1);
  if (n1 <= 0)
    return NULL;

  if (n1 == 8)
    {
      int y, m, d;

      if (!compact_date (v1, &y, &m, &d))
        return NULL;
      ds->kind = DATE_FIXED;
      ds->year = y;
      ds->a = m;
      ds->b = d;
      return p;
    }

  /* 2024年1月5日, with optional spaces around each part. */
  q = skip_spaces (p, end);
  if (has_prefix (q, end, "\xE5\xB9\xB4", 3)) /* 年 */
    {
      if (n1 != 4 && n1 != 2)
        return NULL;
      q = skip_spaces (q + 3, end);
      n2 = read_uint (&q, end, 2, &v2);
      q = skip_spaces (q, end);
      if (n2 <= 0 || !has_prefix (q, end, "\xE6\x9C\x88", 3)) /* 月 */
        return NULL;
      q = skip_spaces (q + 3, end);
      n3 = read_uint (&q, end, 2, &v3);
      q = skip_spaces (q, end);
      if (n3 <= 0)
        return NULL;
      if (has_prefix (q, end, "\xE6\x97\xA5", 3) ||  /* 日 */
          has_prefix (q, end, "\xE5\x8F\xB7", 3))    /* 号 */
        q += 3;
      else
        return NULL;

      ds->kind = DATE_FIXED;
      ds->year = expand_year (v1, n1);
      ds->a = v2;
      ds->b = v3;
      ds->cjk = TRUE;
      return q;
    }

  if (p >= end || (*p != '-' && *p != '/' && *p != '.'))
    return NULL;
  sep = *p++;
  n2 = read_uint (&p, end, 2, &v2);
  if (n2 <= 0 || p >= end || *p != sep)
    return NULL;
  p++;
  n3 = read_uint (&p, end, 4, &v3);
  if (n3 <= 0)
    return NULL;

  if (n1 == 4)
    {
      /* A four-digit first part is a year, whatever the separator. */
      if (n3 > 2)
        return NULL;
      ds->kind = DATE_FIXED;
      ds->year = v1;
      ds->a = v2;
      ds->b = v3;
      return p;
    }

  if (n1 > 2 || (n3 != 2 && n3 != 4))
    return NULL;

  ds->year = expand_year (v3, n3);
  if (sep == '.')
    {
      /* Dotted dates with the year last are day-first in every locale
       * that writes them. */
      ds->kind = DATE_FIXED;
      ds->a = v2;
      ds->b = v1;
    }
  else
    {
      ds->kind = DATE_YEAR_LAST;
      ds->a = v1;
      ds->b = v2;
    }

  return p;
}

static gboolean
resolve_date (const DateScan *ds,
              SegDateOrder    order,
              int            *year,
              int            *month,
              int            *day)
{
  *year = ds->year;

  if (ds->kind == DATE_FIXED)
    {
      *month = ds->a;
      *day = ds->b;
    }
  else if (order == SEG_DATE_ORDER_DMY)
    {
      *day = ds->a;
      *month = ds->b;
    }
  else if (order == SEG_DATE_ORDER_MDY)
    {
      *month = ds->a;
      *day = ds->b;
    }
  else
    {
      /* A year-last date with slashes or dashes cannot be read without
       * knowing whether the day or the month comes first. */
      return FALSE;
    }

  return valid_date (*year, *month, *day);
}

/* Returns the length of an AM/PM marker at @p and sets @pm, or 0. */
static gsize
meridiem_length (const char *p,
                 const char *end,
                 gboolean   *pm)
{
  gsize avail = end - p;

  if (has_prefix (p, end, "\xE4\xB8\x8A\xE5\x8D\x88", 6)) /* 上午 */
    {
      *pm = FALSE;
      return 6;
    }
  if (has_prefix (p, end, "\xE4\xB8\x8B\xE5\x8D\x88", 6)) /* 下午 */
    {
      *pm = TRUE;
      return 6;
    }

  if (avail < 2)
    return 0;
  if (p[0] == 'a' || p[0] == 'A')
    *pm = FALSE;
  else if (p[0] == 'p' || p[0] == 'P')
    *pm = TRUE;
  else
    return 0;

  if (p[1] == 'm' || p[1] == 'M')
    return 2;
  if (avail >= 4 && p[1] == '.' && (p[2] == 'm' || p[2] == 'M') && p[3] == '.')
    return 4;

  return 0;
}

/* Scans the time that follows a date: `H:MM`, `HH:MM:SS`, fractional
 * seconds, a 12-hour marker and a zone. Fractions are dropped and the zone
 * is ignored: the stored value is the wall-clock time as written. */
static gboolean
scan_time (const char *p,
           const char *end,
           int        *hour,
           int        *minute,
           int        *second)
{
  gboolean has_meridiem = FALSE;
  gboolean pm = FALSE;
  const char *q;
  gsize n;
  int h, m, s = 0;

  /* Chinese puts 上午/下午 before the time. */
  if ((n = meridiem_length (p, end, &pm)) == 6)
    {
      has_meridiem = TRUE;
      p = skip_spaces (p + n, end);
    }

  if (read_uint (&p, end, 2, &h) <= 0)
    return FALSE;
  if (p >= end || *p != ':')
    return FALSE;
  p++;
  if (read_uint (&p, end, 2, &m) != 2)
    return FALSE;
  if (p < end && *p == ':')
    {
      p++;
      if (read_uint (&p, end, 2, &s) != 2)
        return FALSE;
      if (p < end && (*p == '.' || *p == ','))
        {
          p++;
          if (p >= end || !is_ascii_digit (*p))
            return FALSE;
          while (p < end && is_ascii_digit (*p))
            p++;
        }
    }

  q = skip_spaces (p, end);
  if (!has_meridiem && q < end && (n = meridiem_length (q, end, &pm)) > 0)
    {
      has_meridiem = TRUE;
      p = q + n;
      q = skip_spaces (p, end);
    }

  if (q < end && (*q == 'Z' || *q == 'z'))
    p = q + 1;
  else if (q < end && (*q == '+' || *q == '-'))
    {
      int oh, om = 0;

      /* +08, +0800 or +08:00. */
      q++;
      if (!read_fixed (&q, end, 2, &oh) || oh > 14)
        return FALSE;
      if (q < end && *q == ':')
        {
          q++;
          if (!read_fixed (&q, end, 2, &om))
            return FALSE;
        }
      else if (q < end && !read_fixed (&q, end, 2, &om))
        return FALSE;
      if (om > 59)
        return FALSE;
      p = q;
    }

  if (p != end)
    return FALSE;

  if (has_meridiem)
    {
      if (h < 1 || h > 12)
        return FALSE;
      h = h % 12 + (pm ? 12 : 0);
    }
  if (h > 23 || m > 59 || s > 59)
    return FALSE;

  *hour = h;
  *minute = m;
  *second = s;
  return TRUE;
}

/* Where the time starts after a date that ended at @p, or %NULL when
 * what follows cannot be a time. */
static const char *
time_start (const char     *p,
            const char     *end,
            const DateScan *ds)
{
  const char *q;

  if (p >= end)
    return NULL;
  if (*p == 'T' || *p == 't')
    return p + 1;

  q = skip_spaces (p, end);
  if (q == p && !ds->cjk)
    return NULL;

  return q;
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
 * Whatever this reads, scan_date() reads as the same year-first date,
 * which is the same under every order, and time_start() and scan_time()
 * as the same time, so the callers may check the calendar and the clock
 * themselves and skip the general scanners. As every field has a fixed
 * width, the ISO text of a valid value is the input's own digits: see
 * write_iso(). */
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

/* Writes what write_date() or write_datetime() would for the values that
 * scan_iso() read from @s to @e (@n_fields of them): the same digits, with
 * a space between date and time and `:00` for seconds not written. */
static inline void
write_iso (char       *out,
           const char *s,
           const char *e,
           int         n_fields)
{
  memcpy (out, s, 10);
  if (n_fields == 3)
    {
      out[10] = '\0';
      return;
    }

  out[10] = ' ';
  if (e - s == 19)
    memcpy (out + 11, s + 11, 8);
  else
    {
      memcpy (out + 11, s + 11, 5);
      memcpy (out + 16, ":00", 3);
    }
  out[19] = '\0';
}

/* The clock check of scan_time() for a time without an AM/PM marker. */
static inline gboolean
valid_time (int hour,
            int minute,
            int second)
{
  return hour <= 23 && minute <= 59 && second <= 59;
}

static inline void
put_digits (char *out,
            int   value,
            int   n)
{
  while (n-- > 0)
    {
      out[n] = (char) ('0' + value % 10);
      value /= 10;
    }
}

static void
write_date (char out[11],
            int  year,
            int  month,
            int  day)
{
  put_digits (out, year, 4);
  out[4] = '-';
  put_digits (out + 5, month, 2);
  out[7] = '-';
  put_digits (out + 8, day, 2);
  out[10] = '\0';
}

static void
write_datetime (char out[20],
                int  year,
                int  month,
                int  day,
                int  hour,
                int  minute,
                int  second)
{
  write_date (out, year, month, day);
  out[10] = ' ';
  put_digits (out + 11, hour, 2);
  out[13] = ':';
  put_digits (out + 14, minute, 2);
  out[16] = ':';
  put_digits (out + 17, second, 2);
  out[19] = '\0';
}

static gboolean
parse_date_trimmed (const char   *s,
                    const char   *e,
                    SegDateOrder  order,
                    char          out[11])
{
  DateScan ds;
  int f[6];
  int y, m, d;

  switch (scan_iso (s, e, f))
    {
    case 3:
      if (!valid_date (f[0], f[1], f[2]))
        return FALSE;
      write_iso (out, s, e, 3);
      return TRUE;
    case 6:
      return FALSE;
    default:
      break;
    }

  if (s == e || scan_date (s, e, &ds) != e)
    return FALSE;
  if (!resolve_date (&ds, order, &y, &m, &d))
    return FALSE;

  write_date (out, y, m, d);
  return TRUE;
}

static gboolean
parse_datetime_trimmed (const char   *s,
                        const char   *e,
                        SegDateOrder  order,
                        char          out[20])
{
  const char *p;
  DateScan ds;
  int f[6];
  int y, mo, d, h, mi, sec;

  switch (scan_iso (s, e, f))
    {
    case 3:
      return FALSE;
    case 6:
      if (!valid_date (f[0], f[1], f[2]) || !valid_time (f[3], f[4], f[5]))
        return FALSE;
      write_iso (out, s, e, 6);
      return TRUE;
    default:
      break;
    }

  if (s == e || (p = scan_date (s, e, &ds)) == NULL)
    return FALSE;
  if ((p = time_start (p, e, &ds)) == NULL)
    return FALSE;
  if (!scan_time (p, e, &h, &mi, &sec))
    return FALSE;
  if (!resolve_date (&ds, order, &y, &mo, &d))
    return FALSE;

  write_datetime (out, y, mo, d, h, mi, sec);
  return TRUE;
}

/**
 * seg_parse_date:
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 * @order: how to read dates with the year last and slashes or dashes
 * @out: (out): the date as `YYYY-MM-DD`, NUL-terminated
 *
 * Reads a date without a time. Year-first dates (`2024-01-05`, `2024/1/5`,
 * `2024.01.05`), dotted dates with the year last (`05.01.2024`, always
 * day first), `2024年1月5日` and compact `20240105` read the same in any
 * order; `01/05/2024` and `05-01-24` need @order to be DMY or MDY. Two-digit
 * years 00–68 are 20xx, 69–99 are 19xx. The calendar is checked.
 *
 * Returns: whether @str is a valid date
 */
gboolean
seg_parse_date (const char   *str,
                gsize         len,
                SegDateOrder  order,
                char          out[11])
{
  const char *s = str;
  const char *e = str + len;

  trim (&s, &e);
  return parse_date_trimmed (s, e, order, out);
}

/**
 * seg_parse_datetime:
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 * @order: as for seg_parse_date()
 * @out: (out): the date-time as `YYYY-MM-DD HH:MM:SS`, NUL-terminated
 *
 * Reads any date that seg_parse_date() reads followed by a space or `T`
 * and a time: `H:MM` or `HH:MM:SS`, optional fractional seconds (dropped),
 * AM/PM or 上午/下午, and an optional `Z` or `+08:00` zone (ignored: the
 * wall-clock time is kept). A date without a time is not a date-time.
 *
 * Returns: whether @str is a valid date-time
 */
gboolean
seg_parse_datetime (const char   *str,
                    gsize         len,
                    SegDateOrder  order,
                    char          out[20])
{
  const char *s = str;
  const char *e = str + len;

  trim (&s, &e);
  return parse_datetime_trimmed (s, e, order, out);
}

/* ---------------------------------------------------------------------- */
/* Conversion                                                             */
/* ---------------------------------------------------------------------- */

/* seg_value_convert() for every type but text. Kept apart so that the
 * text columns, which need nothing of this, pay nothing for it. */
static SegConvertResult
convert_typed (const SegValueFormat *format,
               const char           *str,
               gsize                 len,
               SegValue             *value)
{
  const char *s = str;
  const char *e = str + len;
  gboolean b;

  /* Trimmed once here rather than by both the missing-value test and the
   * parser. */
  trim (&s, &e);
  if (is_missing_trimmed (s, e - s))
    return SEG_CONVERT_NULL;

  switch (format->type)
    {
    case SEG_COLUMN_INTEGER:
      if (!parse_integer_trimmed (s, e, format->decimal, &value->i))
        return SEG_CONVERT_FAIL;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_REAL:
      if (!parse_real_trimmed (s, e, format->decimal, &value->r))
        return SEG_CONVERT_FAIL;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_BOOLEAN:
      if (!scan_boolean (s, e - s, &b))
        return SEG_CONVERT_FAIL;
      value->i = b ? 1 : 0;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_DATE:
      if (!parse_date_trimmed (s, e, format->date_order, value->buf))
        return SEG_CONVERT_FAIL;
      value->text = value->buf;
      value->len = 10;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_DATETIME:
      if (!parse_datetime_trimmed (s, e, format->date_order, value->buf))
        return SEG_CONVERT_FAIL;
      value->text = value->buf;
      value->len = 19;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_TEXT:
    default:
      return SEG_CONVERT_FAIL;
    }
}

/**
 * seg_value_convert:
 * @format: how the column is read
 * @str: a cell, not necessarily NUL-terminated
 * @len: its length in bytes
 * @value: (out caller-allocates): the converted value
 *
 * Converts one cell for storage. In a text column only an empty cell is
 * missing and every byte is kept; in other columns the missing markers of
 * seg_value_is_missing() are. A real column also takes integers. Dates and
 * date-times are written into @value's buffer.
 *
 * Returns: %SEG_CONVERT_NULL, %SEG_CONVERT_OK or %SEG_CONVERT_FAIL
 */
SegConvertResult
seg_value_convert (const SegValueFormat *format,
                   const char           *str,
                   gsize                 len,
                   SegValue             *value)
{
  value->text = NULL;
  value->len = 0;

  if (format->type == SEG_COLUMN_TEXT)
    {
      if (len == 0)
        return SEG_CONVERT_NULL;
      value->text = str;
      value->len = len;
      return SEG_CONVERT_OK;
    }

  return convert_typed (format, str, len, value);
}

/**
 * seg_format_double:
 * @value: a double
 * @buf: (out): at least 32 bytes for the text
 *
 * Writes the shortest of 15, 16 and 17 significant digits that reads back
 * as exactly @value, always with a '.' whatever the locale: `0.1`,
 * `42.3599611`, `12`, `1e+21`. Non-finite values are written as `nan`,
 * `inf` and `-inf`.
 */
void
seg_format_double (double value,
                   char   buf[32])
{
  static const char *const formats[] = { "%.15g", "%.16g" };

  if (isnan (value))
    {
      strcpy (buf, "nan");
      return;
    }
  if (isinf (value))
    {
      strcpy (buf, value > 0 ? "inf" : "-inf");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, 32, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }

  /* Seventeen significant digits always identify a double. */
  g_ascii_formatd (buf, 32, "%.17g", value);
}

/* ---------------------------------------------------------------------- */
/* Type guessing                                                          */
/* ---------------------------------------------------------------------- */

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

/* Whether scan_number() might read the trimmed, non-empty @s to @e under
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

  if (!scan_number (s, e, mark, &ns))
    return 0;
  if (num_fits_real (&ns))
    mask |= real_bit;
  if (num_to_integer (&ns, &i))
    mask |= int_bit;

  return mask;
}

/* Whether scan_date() might read the trimmed @s to @e, which starts with
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

  if ((p = scan_date (s, e, &ds)) == NULL)
    return 0;

  if (p == e)
    base = CAND_DATE_DMY;
  else if ((t = time_start (p, e, &ds)) != NULL && scan_time (t, e, &h, &mi, &sec))
    base = CAND_DATETIME_DMY;
  else
    return 0;

  /* A date whose form fixes the order fits all three or none. */
  if (ds.kind == DATE_FIXED)
    return valid_date (ds.year, ds.a, ds.b) ? 7u << base : 0;

  if (resolve_date (&ds, SEG_DATE_ORDER_DMY, &y, &mo, &d))
    mask |= BIT (base);
  if (resolve_date (&ds, SEG_DATE_ORDER_MDY, &y, &mo, &d))
    mask |= BIT (base + 1);
  if (resolve_date (&ds, SEG_DATE_ORDER_YMD, &y, &mo, &d))
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

          if (scan_boolean (s, n, &b))
            mask |= BIT (CAND_BOOLEAN);
        }
      if ((is_ascii_digit ((char) c) && may_be_date (s, e)) || c == 0xEF)
        mask |= date_fits (s, e);
      break;
    }

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
 * Names the type that fits the column. A type fits when at most one value
 * in a thousand of the non-missing ones does not read as it; among those
 * that fit, boolean comes before integer, real, date and date-time, and
 * the column is text when none fits.
 *
 * Integer is taken over real only when it fits exactly the same values,
 * so that a column of whole amounts with a few fractional ones is real
 * rather than an integer column that rejects them. The preferred decimal
 * mark is taken whenever a number type fits under it. A column where
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

  flush_run (guess);
  if (guess->n_values == 0)
    return;

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
        }
      return;
    }

  if (choose_date_order (guess, CAND_DATE_DMY, limit, preferred_order,
                         &order, &ambiguous, &n_misfits))
    {
      result->format.type = SEG_COLUMN_DATE;
      result->format.date_order = order;
      result->dates_ambiguous = ambiguous;
      result->n_misfits = n_misfits;
      return;
    }

  if (choose_date_order (guess, CAND_DATETIME_DMY, limit, preferred_order,
                         &order, &ambiguous, &n_misfits))
    {
      result->format.type = SEG_COLUMN_DATETIME;
      result->format.date_order = order;
      result->dates_ambiguous = ambiguous;
      result->n_misfits = n_misfits;
      return;
    }
}

/* The storage class a column of @type gets in a STRICT table. */
const char *
seg_column_type_to_sql (SegColumnType type)
{
  switch (type)
    {
    case SEG_COLUMN_INTEGER:
    case SEG_COLUMN_BOOLEAN:
      return "INTEGER";
    case SEG_COLUMN_REAL:
      return "REAL";
    case SEG_COLUMN_TEXT:
    case SEG_COLUMN_DATE:
    case SEG_COLUMN_DATETIME:
    default:
      return "TEXT";
    }
}
