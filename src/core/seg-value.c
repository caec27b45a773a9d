/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-value-private.h"

/* The names of types and date orders, missing values, booleans, and the
 * conversion of a cell for storage, which calls on the number and date
 * parsers of seg-value-number.c and seg-value-date.c. */

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

/* ---------------------------------------------------------------------- */
/* Missing values                                                         */
/* ---------------------------------------------------------------------- */

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
/* Booleans                                                               */
/* ---------------------------------------------------------------------- */

/* Works on an already trimmed value. 0 and 1 are deliberately not here:
 * a column of them is a column of integers. */
gboolean
seg_scan_boolean (const char *s,
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
  return seg_scan_boolean (s, e - s, out);
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
      if (!seg_parse_integer_trimmed (s, e, format->decimal, &value->i))
        return SEG_CONVERT_FAIL;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_REAL:
      if (!seg_parse_real_trimmed (s, e, format->decimal, &value->r))
        return SEG_CONVERT_FAIL;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_BOOLEAN:
      if (!seg_scan_boolean (s, e - s, &b))
        return SEG_CONVERT_FAIL;
      value->i = b ? 1 : 0;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_DATE:
      if (!seg_parse_date_trimmed (s, e, format->date_order, value->buf))
        return SEG_CONVERT_FAIL;
      value->text = value->buf;
      value->len = 10;
      return SEG_CONVERT_OK;

    case SEG_COLUMN_DATETIME:
      /* A date without a time in a date-time column is the start of its
       * day, so that columns mixing the two keep every value. */
      if (!seg_parse_datetime_trimmed (s, e, format->date_order, value->buf))
        {
          if (!seg_parse_date_trimmed (s, e, format->date_order, value->buf))
            return SEG_CONVERT_FAIL;
          memcpy (value->buf + 10, " 00:00:00", sizeof " 00:00:00");
        }
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
