/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-value-private.h"

#include <string.h>

/* Dates and date-times in the forms that exports and people write them,
 * read into ISO 8601 text. */

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

/* Scans the date at the start of @p (already trimmed at the front) and
 * returns where it ends, or %NULL. The calendar is checked later, when the
 * order is known. */
const char *
seg_scan_date (const char *p,
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

gboolean
seg_resolve_date (const DateScan *ds,
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
gboolean
seg_scan_time (const char *p,
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
const char *
seg_time_start (const char     *p,
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

gboolean
seg_parse_date_trimmed (const char   *s,
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

  if (s == e || seg_scan_date (s, e, &ds) != e)
    return FALSE;
  if (!seg_resolve_date (&ds, order, &y, &m, &d))
    return FALSE;

  write_date (out, y, m, d);
  return TRUE;
}

gboolean
seg_parse_datetime_trimmed (const char   *s,
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

  if (s == e || (p = seg_scan_date (s, e, &ds)) == NULL)
    return FALSE;
  if ((p = seg_time_start (p, e, &ds)) == NULL)
    return FALSE;
  if (!seg_scan_time (p, e, &h, &mi, &sec))
    return FALSE;
  if (!seg_resolve_date (&ds, order, &y, &mo, &d))
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
  return seg_parse_date_trimmed (s, e, order, out);
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
  return seg_parse_datetime_trimmed (s, e, order, out);
}
