/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>
#include <string.h>

G_BEGIN_DECLS

/*
 * Days of order lines, read without going through SQLite for the plain
 * forms an import writes. A day is kept as a key, the number YYYYMMDD,
 * which orders as SQLite's date() text does; seg_key_day() turns it into
 * a count of days that can be subtracted.
 */

/* Days since 1970-01-01 of a date in the proleptic Gregorian calendar,
 * counted by eras of 400 years (146,097 days) from 0000-03-01, so that a
 * leap day ends its year. */
static inline gint64
seg_day_number (int y,
                int m,
                int d)
{
  gint64 era, year_of_era, day_of_year, day_of_era;

  if (m <= 2)
    y--;
  era = (y >= 0 ? y : y - 399) / 400;
  year_of_era = y - era * 400;
  day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

/* A day as SQLite's date() writes it, “YYYY-MM-DD”, kept as the number
 * YYYYMMDD, which orders as the text does. date() repeats the day of the
 * month it read, so a key may name a day past the end of its month (the
 * 30th of February); julianday(), and so seg_key_day(), counts on into the
 * next month, as SQLite does. */
static inline gint64
seg_day_key (int y,
             int m,
             int d)
{
  return (gint64) y * 10000 + m * 100 + d;
}

static inline gint64
seg_key_day (gint64 key)
{
  return seg_day_number (key / 10000, key / 100 % 100, 1) + key % 100 - 1;
}

/* “YYYY-MM-DD” into @out, for a year from 0 to 9999, without printf:
 * such text is written a million times over in a run. */
static inline void
seg_day_write (int  y,
               int  m,
               int  d,
               char out[11])
{
  out[0] = '0' + y / 1000;
  out[1] = '0' + y / 100 % 10;
  out[2] = '0' + y / 10 % 10;
  out[3] = '0' + y % 10;
  out[4] = '-';
  out[5] = '0' + m / 10;
  out[6] = '0' + m % 10;
  out[7] = '-';
  out[8] = '0' + d / 10;
  out[9] = '0' + d % 10;
  out[10] = '\0';
}

static inline void
seg_day_key_format (gint64  key,
                    char    out[16])
{
  int y = (int) (key / 10000), m = (int) (key / 100 % 100), d = (int) (key % 100);

  if (y < 0 || y > 9999)
    g_snprintf (out, 16, "%04d-%02d-%02d", y, m, d);
  else
    seg_day_write (y, m, d, out);
}

static inline gboolean
seg_day_digits (const char *s,
                int         n,
                int        *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *value = v;
  return TRUE;
}

/* The day of the plain forms an import writes, “YYYY-MM-DD” with an
 * optional “ HH:MM”, “ HH:MM:SS” or “ HH:MM:SS.fff” (or “T” for the
 * space), where SQLite's date() gives that same day. FALSE for anything
 * else, which date() itself then reads. */
static inline gboolean
seg_day_parse_plain (const char *s,
                     gsize       n,
                     gint64     *day)
{
  int y, m, d, hh, mm, ss;

  if (n < 10 || s[4] != '-' || s[7] != '-' ||
      !seg_day_digits (s, 4, &y) || !seg_day_digits (s + 5, 2, &m) || !seg_day_digits (s + 8, 2, &d) ||
      m < 1 || m > 12 || d < 1 || d > g_date_get_days_in_month (m, y == 0 ? 2000 : y))
    return FALSE;

  if (n > 10)
    {
      if ((s[10] != ' ' && s[10] != 'T') || n < 16 || s[13] != ':' ||
          !seg_day_digits (s + 11, 2, &hh) || !seg_day_digits (s + 14, 2, &mm) || hh > 23 || mm > 59)
        return FALSE;
      if (n > 16)
        {
          if (n < 19 || s[16] != ':' || !seg_day_digits (s + 17, 2, &ss) || ss > 59)
            return FALSE;
          if (n > 19)
            {
              if (s[19] != '.' || n == 20)
                return FALSE;
              for (gsize i = 20; i < n; i++)
                if (!g_ascii_isdigit (s[i]))
                  return FALSE;
            }
        }
    }

  *day = seg_day_key (y, m, d);
  return TRUE;
}

/* The key of SQLite's date() text “YYYY-MM-DD”, or FALSE for anything
 * else (such as NULL, when date() could not read a value). */
static inline gboolean
seg_day_key_of_date_text (const char *text,
                          gint64     *key)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || !seg_day_digits (text, 4, &y) ||
      !seg_day_digits (text + 5, 2, &m) || !seg_day_digits (text + 8, 2, &d))
    return FALSE;
  *key = seg_day_key (y, m, d);
  return TRUE;
}

/* The day of column @column of @stmt's row: the plain forms directly,
 * anything else as SQLite's date() reads it, through @date_stmt, a
 * prepared “SELECT date (?1)”. FALSE for a value that is no day. */
static inline gboolean
seg_day_of_column (sqlite3_stmt *stmt,
                   int           column,
                   sqlite3_stmt *date_stmt,
                   gint64       *key)
{
  gboolean ok;

  if (sqlite3_column_type (stmt, column) == SQLITE_TEXT &&
      seg_day_parse_plain ((const char *) sqlite3_column_text (stmt, column),
                           sqlite3_column_bytes (stmt, column), key))
    return TRUE;

  sqlite3_bind_value (date_stmt, 1, sqlite3_column_value (stmt, column));
  ok = sqlite3_step (date_stmt) == SQLITE_ROW &&
       seg_day_key_of_date_text ((const char *) sqlite3_column_text (date_stmt, 0), key);
  sqlite3_reset (date_stmt);
  return ok;
}

G_END_DECLS
