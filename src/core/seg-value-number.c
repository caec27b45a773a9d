/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-value-private.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Numbers as spreadsheets write them: thousands separators and decimal
 * commas, signs and accounting parentheses, currency signs and codes,
 * exponents and percentages; and the shortest text that reads back as the
 * same double. */

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

/* Scans the digits of a number into @ns, which seg_scan_number() has just
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
gboolean
seg_scan_number (const char     *s,
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

gboolean
seg_num_to_integer (const NumScan *ns,
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
gboolean
seg_num_fits_real (const NumScan *ns)
{
  int exp10 = ns->exponent - (int) ns->n_frac_digits - (ns->percent ? 2 : 0);
  double r;

  if ((int) ns->n_digits + exp10 <= DBL_MAX_10_EXP)
    return TRUE;

  return num_to_real (ns, &r);
}

/* A run of digits reads the same whether or not blanks surround it, and
 * seg_scan_number() reads it exactly as scan_plain() does, so trimming first
 * and then trying the plain form gives the same answer as trying it on the
 * untrimmed cell. */
gboolean
seg_parse_integer_trimmed (const char     *s,
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

  if (!seg_scan_number (s, e, mark, &ns))
    return FALSE;

  return seg_num_to_integer (&ns, out);
}

gboolean
seg_parse_real_trimmed (const char     *s,
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

  if (!seg_scan_number (s, e, mark, &ns))
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
  return seg_parse_integer_trimmed (s, e, mark, out);
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
  return seg_parse_real_trimmed (s, e, mark, out);
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

/**
 * seg_format_percent:
 * @value: a fraction
 * @buf: where to write it as a percentage
 *
 * Writes @value times a hundred with a percent sign, moving the decimal
 * point of its shortest text rather than multiplying, so that 0.07 is
 * `7%` and not `7.000000000000001%`, and reading it back gives @value.
 */
void
seg_format_percent (double value,
                    char   buf[48])
{
  char text[32];
  GString *out;
  gboolean negative;
  const char *digits, *point;
  gsize int_len, frac_len;

  seg_format_double (value, text);
  if (strpbrk (text, "eEni") != NULL)
    {
      seg_format_double (value * 100.0, text);
      g_snprintf (buf, 48, "%s%%", text);
      return;
    }

  negative = text[0] == '-';
  digits = text + negative;
  point = strchr (digits, '.');
  int_len = point != NULL ? (gsize) (point - digits) : strlen (digits);
  frac_len = point != NULL ? strlen (point + 1) : 0;

  out = g_string_new (NULL);
  g_string_append_len (out, digits, int_len);
  for (gsize i = 0; i < 2; i++)
    g_string_append_c (out, i < frac_len ? point[1 + i] : '0');
  if (frac_len > 2)
    {
      g_string_append_c (out, '.');
      g_string_append (out, point + 3);
    }
  while (out->len > 1 && out->str[0] == '0' && out->str[1] != '.')
    g_string_erase (out, 0, 1);
  /* "12.50" has no trailing zeros to drop: the shortest text had none. */
  g_snprintf (buf, 48, "%s%s%%", negative ? "-" : "", out->str);
  g_string_free (out, TRUE);
}
