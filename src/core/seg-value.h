/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SegColumnType:
 *
 * The storage type of an imported column. Dates and date-times are stored
 * as ISO 8601 text (`2024-01-05`, `2024-01-05 13:45:00`), booleans as 0/1.
 */
typedef enum
{
  SEG_COLUMN_TEXT,
  SEG_COLUMN_INTEGER,
  SEG_COLUMN_REAL,
  SEG_COLUMN_BOOLEAN,
  SEG_COLUMN_DATE,
  SEG_COLUMN_DATETIME,
} SegColumnType;

#define SEG_N_COLUMN_TYPES (SEG_COLUMN_DATETIME + 1)

/* Which of day, month and year comes first in a date written with
 * slashes, dashes or dots. AUTO means "decide from the column". */
typedef enum
{
  SEG_DATE_ORDER_AUTO,
  SEG_DATE_ORDER_DMY,
  SEG_DATE_ORDER_MDY,
  SEG_DATE_ORDER_YMD,
} SegDateOrder;

/* DOT: `1,234.50`; COMMA: `1.234,50` (and `12,50`). */
typedef enum
{
  SEG_DECIMAL_DOT,
  SEG_DECIMAL_COMMA,
} SegDecimalMark;

/* How the values of one column are read. */
typedef struct
{
  SegColumnType  type;
  SegDecimalMark decimal;    /* integer and real columns */
  SegDateOrder   date_order; /* date and date-time columns; never AUTO here */
} SegValueFormat;

typedef enum
{
  SEG_CONVERT_NULL,  /* a missing value: store NULL */
  SEG_CONVERT_OK,    /* converted, see SegValue */
  SEG_CONVERT_FAIL,  /* does not fit the column's type */
} SegConvertResult;

/* A converted value. For text, `text`/`len` point into the input; for
 * dates and date-times they point into `buf` (NUL-terminated ISO text). */
typedef struct
{
  gint64      i;       /* integer and boolean */
  double      r;       /* real */
  const char *text;    /* text, date, date-time */
  gsize       len;
  char        buf[32];
} SegValue;

const char       *seg_column_type_to_string   (SegColumnType          type);
const char       *seg_column_type_to_sql      (SegColumnType          type);
gboolean          seg_column_type_from_string (const char            *str,
                                               SegColumnType         *type);
const char       *seg_date_order_to_string    (SegDateOrder           order);
gboolean          seg_date_order_from_string  (const char            *str,
                                               SegDateOrder          *order);

gboolean          seg_value_is_missing        (const char            *str,
                                               gsize                  len);
gboolean          seg_parse_integer           (const char            *str,
                                               gsize                  len,
                                               SegDecimalMark         mark,
                                               gint64                *out);
gboolean          seg_parse_real              (const char            *str,
                                               gsize                  len,
                                               SegDecimalMark         mark,
                                               double                *out);
gboolean          seg_parse_boolean           (const char            *str,
                                               gsize                  len,
                                               gboolean              *out);
gboolean          seg_parse_date              (const char            *str,
                                               gsize                  len,
                                               SegDateOrder           order,
                                               char                   out[11]);
gboolean          seg_parse_datetime          (const char            *str,
                                               gsize                  len,
                                               SegDateOrder           order,
                                               char                   out[20]);

SegConvertResult  seg_value_convert           (const SegValueFormat  *format,
                                               const char            *str,
                                               gsize                  len,
                                               SegValue              *value);

/* Shortest decimal text that reads back as the same double. */
void              seg_format_double           (double                 value,
                                               char                   buf[32]);
/* The same for a fraction shown as a percentage: 0.125 is `12.5%`. */
void              seg_format_percent          (double                 value,
                                               char                   buf[48]);

/**
 * SegTypeGuess:
 *
 * Accumulates every value of one column and then names the type that fits
 * the whole column. Missing markers count for nothing. A numeric or date
 * type wins when at least SEG_TYPE_GUESS_MIN_FIT_PERCENT percent of the
 * non-missing values fit it, a boolean one when at most one value in a
 * thousand does not; otherwise the column is text.
 */
#define SEG_TYPE_GUESS_MIN_FIT_PERCENT 98

typedef struct _SegTypeGuess SegTypeGuess;

typedef struct
{
  SegValueFormat format;
  gboolean       dates_ambiguous; /* every date fitted both D/M and M/D */
  guint64        n_values;        /* non-missing values seen */
  guint64        n_missing;
  guint64        n_misfits;       /* non-missing values that will be rejected */
  gboolean       percent;         /* a number column written mostly with % */
} SegTypeGuessResult;

SegTypeGuess *seg_type_guess_new    (void);
void          seg_type_guess_free   (SegTypeGuess        *guess);
void          seg_type_guess_add    (SegTypeGuess        *guess,
                                     const char          *str,
                                     gsize                len);
void          seg_type_guess_result (SegTypeGuess        *guess,
                                     SegDecimalMark       preferred_mark,
                                     SegDateOrder         preferred_order,
                                     SegTypeGuessResult  *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegTypeGuess, seg_type_guess_free)

G_END_DECLS
