/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "seg-cancel.h"
#include "seg-dataset.h"
#include "seg-day-private.h"
#include "seg-intern-private.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-rfm.h"
#include "seg-segment.h"
#include "seg-task-private.h"

void
seg_rfm_summary_free (SegRfmSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->table);
  g_free (summary->as_of);
  g_clear_pointer (&summary->segments, g_ptr_array_unref);
  g_clear_pointer (&summary->counts, g_array_unref);
  g_free (summary);
}

static gboolean
require_type (SegColumnInfo  *column,
              const char     *option,
              gboolean        numeric,
              GError        **error)
{
  gboolean ok = numeric
                ? column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL
                : column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME;

  if (!ok)
    g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                 numeric ? _("%s: the column “%s” holds %s, not numbers")
                         : _("%s: the column “%s” holds %s, not dates"),
                 option, column->name, seg_column_type_to_string (column->type));

  return ok;
}

/* SQLite's round (X, 2): its own printf to two places, read back. The
 * results table was made by SQL before, and keeps its exact values. */
static double
round_cents (double value)
{
  char buffer[96];

  if (value < -4503599627370496.0 || value > 4503599627370496.0)
    return value;
  sqlite3_snprintf (sizeof buffer, buffer, "%!.*f", 2, value);
  return g_ascii_strtod (buffer, NULL);
}

/* The RFM segment from the R and F scores: the usual map of the 5 × 5
 * grid, with the bottom corner as its own "Lost" cell. */
static const char *
segment_of (int r,
            int f)
{
  if (r == 1 && f == 1)
    return "Lost";
  if (r <= 2 && f <= 2)
    return "Hibernating";
  if (r <= 2 && f <= 4)
    return "At risk";
  if (r <= 2)
    return "Can't lose them";
  if (r == 3 && f <= 2)
    return "About to sleep";
  if (r == 3 && f == 3)
    return "Need attention";
  if (r <= 4 && f >= 4)
    return "Loyal";
  if (r == 4 && f == 1)
    return "Promising";
  if (r == 5 && f == 1)
    return "New";
  if (f <= 3)
    return "Potential loyalist";
  return "Champions";
}

/* The largest value of the date column as SQLite's max() sees it:
 * numbers before text before blobs, text byte by byte. */
typedef struct
{
  int         kind;      /* 0 none, 1 integer, 2 real, 3 text, 4 blob */
  gint64      integer;
  double      real;
  GByteArray *bytes;
} RawMax;

static int
value_class (int type)
{
  switch (type)
    {
    case SQLITE_INTEGER: return 1;
    case SQLITE_FLOAT: return 2;
    case SQLITE_TEXT: return 3;
    case SQLITE_BLOB: return 4;
    default: return 0;
    }
}

/* @text (nullable) and @len: the value's text, when it is text and the
 * caller has it already. */
static void
raw_max_offer (RawMax        *self,
               sqlite3_stmt  *stmt,
               int            column,
               int            type,
               const char    *text,
               gsize          len)
{
  int kind = value_class (type);
  int rank = kind >= 3 ? kind : 1;
  int self_rank = self->kind >= 3 ? self->kind : (self->kind == 0 ? 0 : 1);

  if (kind == 0 || rank < self_rank)
    return;

  /* Text the caller read already, as most dates are: one comparison, and
   * a copy only when it is the latest so far. */
  if (text != NULL && kind == 3)
    {
      if (rank == self_rank)
        {
          gsize common = MIN (len, self->bytes->len);
          int c = common > 0 ? memcmp (text, self->bytes->data, common) : 0;

          if (c < 0 || (c == 0 && len <= self->bytes->len))
            return;
        }
      self->kind = kind;
      g_byte_array_set_size (self->bytes, len);
      if (len > 0)
        memcpy (self->bytes->data, text, len);
      return;
    }

  if (rank == self_rank)
    {
      if (rank == 1)
        {
          long double a = kind == 1 ? (long double) sqlite3_column_int64 (stmt, column)
                                    : (long double) sqlite3_column_double (stmt, column);
          long double b = self->kind == 1 ? (long double) self->integer : (long double) self->real;

          if (a <= b)
            return;
        }
      else
        {
          const void *p = kind == 3 ? (const void *) sqlite3_column_text (stmt, column)
                                    : sqlite3_column_blob (stmt, column);
          gsize n = sqlite3_column_bytes (stmt, column);
          gsize common = MIN (n, self->bytes->len);
          int c = common > 0 ? memcmp (p, self->bytes->data, common) : 0;

          if (c < 0 || (c == 0 && n <= self->bytes->len))
            return;
        }
    }

  self->kind = kind;
  if (kind == 1)
    self->integer = sqlite3_column_int64 (stmt, column);
  else if (kind == 2)
    self->real = sqlite3_column_double (stmt, column);
  else
    {
      const void *p = kind == 3 ? (const void *) sqlite3_column_text (stmt, column)
                                : sqlite3_column_blob (stmt, column);

      g_byte_array_set_size (self->bytes, 0);
      g_byte_array_append (self->bytes, p, sqlite3_column_bytes (stmt, column));
    }
}

/* @value in decimal, as SQLite writes an integer as text; the count of
 * bytes, with no nul. */
static gsize
format_integer (gint64 value,
                char   out[24])
{
  char reversed[24];
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  gsize n = 0, at = 0;

  do
    {
      reversed[n++] = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    out[at++] = '-';
  while (n > 0)
    out[at++] = reversed[--n];
  return at;
}

static void
raw_max_bind (RawMax       *self,
              sqlite3_stmt *stmt,
              int           param)
{
  switch (self->kind)
    {
    case 1: sqlite3_bind_int64 (stmt, param, self->integer); break;
    case 2: sqlite3_bind_double (stmt, param, self->real); break;
    case 3: sqlite3_bind_text (stmt, param, (const char *) self->bytes->data, self->bytes->len, SQLITE_STATIC); break;
    case 4: sqlite3_bind_blob (stmt, param, self->bytes->data, self->bytes->len, SQLITE_STATIC); break;
    default: sqlite3_bind_null (stmt, param); break;
    }
}

/* One customer's figures, together so that a line touches one place. */
typedef struct
{
  gint64  first;       /* of purchases (value > 0), keys as seg_day_key() */
  gint64  last;
  double  gross;       /* sum of purchases */
  double  net;         /* sum of every line */
  guint32 frequency;   /* distinct order keys of purchases */
  guint32 last_order;  /* the order id last counted, a shortcut */
} Customer;

/* What is gathered of every customer while the lines stream by. */
typedef struct
{
  SegIntern   customers;
  SegIntern   orders;
  SegPairSet  pairs;       /* customer id << 32 | order id, of purchases */
  guint32     capacity;
  Customer   *figures;     /* per customer id */
  GByteArray *last_key;    /* the order key read last, and its id */
  guint32     last_key_id;
  guint32     last_customer;  /* the customer read last, G_MAXUINT32 if none */
  gint64      max_day;     /* the latest day counted, G_MININT64 if none */
  gint64      lines;       /* lines counted */
  RawMax      raw_max;
} Gathered;

static void
gathered_init (Gathered *self)
{
  memset (self, 0, sizeof *self);
  seg_intern_init (&self->customers);
  seg_intern_init (&self->orders);
  seg_pair_set_init (&self->pairs);
  self->max_day = G_MININT64;
  self->last_customer = G_MAXUINT32;
  self->raw_max.bytes = g_byte_array_new ();
  self->last_key = g_byte_array_new ();
}

static void
gathered_clear (Gathered *self)
{
  seg_intern_clear (&self->customers);
  seg_intern_clear (&self->orders);
  seg_pair_set_clear (&self->pairs);
  g_free (self->figures);
  if (self->raw_max.bytes != NULL)
    g_byte_array_unref (self->raw_max.bytes);
  if (self->last_key != NULL)
    g_byte_array_unref (self->last_key);
  memset (self, 0, sizeof *self);
}

static Customer *
gathered_customer (Gathered   *self,
                   const char *text,
                   gsize       len)
{
  gboolean added;
  guint32 id;
  Customer *customer;

  /* The lines of one order, one customer's, usually follow each other. */
  if (self->last_customer != G_MAXUINT32)
    {
      gsize last_len;
      const char *last = seg_intern_get (&self->customers, self->last_customer, &last_len);

      if (last_len == len && memcmp (last, text, len) == 0)
        return &self->figures[self->last_customer];
    }

  id = seg_intern_add (&self->customers, text, len, &added);
  self->last_customer = id;
  if (added)
    {
      if (id == self->capacity)
        {
          self->capacity = MAX (4096, self->capacity * 2);
          self->figures = g_renew (Customer, self->figures, self->capacity);
        }
      customer = &self->figures[id];
      customer->first = G_MAXINT64;
      customer->last = G_MININT64;
      customer->gross = 0.0;
      customer->net = 0.0;
      customer->frequency = 0;
      customer->last_order = G_MAXUINT32;
    }
  return &self->figures[id];
}

/* The id of an order key; the lines of one order usually follow each
 * other, so the key read last is tried first. */
static guint32
gathered_key (Gathered     *self,
              const guchar *key,
              gsize         len)
{
  if (self->last_key->len == len && self->last_key->len > 0 &&
      memcmp (self->last_key->data, key, len) == 0)
    return self->last_key_id;

  self->last_key_id = seg_intern_add (&self->orders, key, len, NULL);
  g_byte_array_set_size (self->last_key, 0);
  g_byte_array_append (self->last_key, key, len);
  return self->last_key_id;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Gathered, gathered_clear)

/* An order key as SQLite's DISTINCT tells them apart: integers and reals
 * of equal value are one key, text and blobs compare byte by byte. The
 * key's bytes go to the end of @bytes. */
static void
append_order_key (GByteArray   *bytes,
                  sqlite3_stmt *stmt,
                  int           column,
                  int           type)
{
  guchar key[9];
  gint64 integer;
  double real;

  switch (type)
    {
    case SQLITE_INTEGER:
      integer = sqlite3_column_int64 (stmt, column);
      break;

    case SQLITE_FLOAT:
      real = sqlite3_column_double (stmt, column);
      if (real >= -9223372036854775808.0 && real < 9223372036854775808.0 &&
          real == (double) (gint64) real)
        {
          integer = (gint64) real;
          break;
        }
      key[0] = 'r';
      memcpy (key + 1, &real, sizeof real);
      g_byte_array_append (bytes, key, sizeof key);
      return;

    case SQLITE_TEXT:
    case SQLITE_BLOB:
    default:
      {
        const guchar *p = type == SQLITE_TEXT ? sqlite3_column_text (stmt, column)
                                              : sqlite3_column_blob (stmt, column);
        gsize n = sqlite3_column_bytes (stmt, column);

        key[0] = type == SQLITE_TEXT ? 't' : 'b';
        g_byte_array_append (bytes, key, 1);
        if (n > 0)
          g_byte_array_append (bytes, p, n);
        return;
      }
    }

  key[0] = 'i';
  memcpy (key + 1, &integer, sizeof integer);
  g_byte_array_append (bytes, key, sizeof key);
}

/* The lines that count, as read from the table, handed from the thread
 * that steps through SQLite to the one that gathers them. */
typedef struct
{
  guint32 customer;   /* offset of the name in bytes */
  guint32 customer_len;
  guint32 key;        /* offset of the order key, or G_MAXUINT32 for none */
  guint32 key_len;
  gint64  day;
  double  value;
} Line;

#define BATCH_LINES 8192

typedef struct
{
  GByteArray *bytes;
  Line        lines[BATCH_LINES];
  guint       n;
  gboolean    last;       /* nothing comes after this one */
} Batch;

static void
batch_free (Batch *batch)
{
  g_byte_array_unref (batch->bytes);
  g_free (batch);
}

typedef struct
{
  Gathered    *gathered;
  GAsyncQueue *full;      /* batches to gather, in table order */
  GAsyncQueue *empty;     /* batches to fill again */
} Gatherer;

static void
gather_line (Gathered   *gathered,
             const Line *line,
             const char *bytes)
{
  Customer *customer = gathered_customer (gathered, bytes + line->customer, line->customer_len);

  customer->net += line->value;
  gathered->lines++;
  gathered->max_day = MAX (gathered->max_day, line->day);
  if (line->value > 0)
    {
      customer->gross += line->value;
      customer->first = MIN (customer->first, line->day);
      customer->last = MAX (customer->last, line->day);
      if (line->key != G_MAXUINT32)
        {
          guint32 order = gathered_key (gathered, (const guchar *) bytes + line->key, line->key_len);

          if (customer->last_order != order)
            {
              guint64 id = customer - gathered->figures;

              customer->last_order = order;
              if (seg_pair_set_add (&gathered->pairs, id << 32 | order))
                customer->frequency++;
            }
        }
    }
}

/* The gathering thread: batch after batch, in the order read, so that
 * every sum adds its lines in table order. */
static gpointer
gather_thread (gpointer data)
{
  Gatherer *gatherer = data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (gatherer->full);
      gboolean last = batch->last;

      for (guint i = 0; i < batch->n; i++)
        gather_line (gatherer->gathered, &batch->lines[i], (const char *) batch->bytes->data);
      g_async_queue_push (gatherer->empty, batch);
      if (last)
        return NULL;
    }
}

typedef struct
{
  SegProject          *project;
  const char          *select;      /* customer, date, order key or NULL, value */
  gboolean             has_invoice;
  gboolean             has_as_of;
  gint64               as_of;       /* lines before this day count */
  gint64               total_rows;  /* for progress */
  SegRfmProgressFunc   progress;
  gpointer             progress_data;
  const volatile int  *cancel;
} Stream;

/* Batches in flight: enough (about 800,000 lines, 40 MB) that neither
 * thread waits long while the other grows a table of customers or
 * orders to twice its size. */
#define N_BATCHES 96

/* Reads every order line once, in table order, into @gathered: this
 * thread steps through SQLite and picks out the lines that count, while
 * another gathers them. */
static gboolean
stream_lines (Stream    *stream,
              Gathered  *gathered,
              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) date_stmt = NULL;
  Gatherer gatherer = { gathered, NULL, NULL };
  GThread *thread;
  Batch *batch;
  gboolean ok = TRUE;
  gint64 rows = 0;
  int rc = SQLITE_DONE;

  if (!seg_project_prepare (stream->project, stream->select, &stmt, error) ||
      !seg_project_prepare (stream->project, "SELECT date (?1)", &date_stmt, error))
    return FALSE;

  gatherer.full = g_async_queue_new ();
  gatherer.empty = g_async_queue_new_full ((GDestroyNotify) batch_free);
  for (guint i = 0; i < N_BATCHES; i++)
    {
      batch = g_new0 (Batch, 1);
      batch->bytes = g_byte_array_sized_new (BATCH_LINES * 24);
      g_async_queue_push (gatherer.empty, batch);
    }
  thread = g_thread_new ("segmenta-rfm", gather_thread, &gatherer);
  batch = g_async_queue_pop (gatherer.empty);
  batch->n = 0;
  g_byte_array_set_size (batch->bytes, 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int date_type = sqlite3_column_type (stmt, 1);
      const char *date_text = NULL;
      gsize date_len = 0;
      int customer_type;
      gint64 day;
      Line *line;

      if ((++rows & 0xfff) == 0)
        {
          if (seg_cancel_take_error (stream->cancel, error))
            {
              ok = FALSE;
              break;
            }
          if (stream->progress != NULL && (rows & 0xffff) == 0 && stream->total_rows > 0)
            stream->progress (0.9 * MIN (1.0, (double) rows / stream->total_rows), stream->progress_data);
        }

      /* The date's text once, for the latest date and for its day. */
      if (date_type == SQLITE_TEXT)
        {
          date_text = (const char *) sqlite3_column_text (stmt, 1);
          date_len = sqlite3_column_bytes (stmt, 1);
        }
      if (!stream->has_as_of)
        raw_max_offer (&gathered->raw_max, stmt, 1, date_type, date_text, date_len);

      customer_type = sqlite3_column_type (stmt, 0);
      if (date_type == SQLITE_NULL || customer_type == SQLITE_NULL ||
          sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        continue;

      if (!(date_text != NULL && seg_day_parse_plain (date_text, date_len, &day)) &&
          !seg_day_of_column (stmt, 1, date_stmt, &day))
        continue;

      if (stream->has_as_of && day >= stream->as_of)
        continue;

      line = &batch->lines[batch->n++];
      line->day = day;
      line->value = sqlite3_column_double (stmt, 3);
      line->customer = batch->bytes->len;
      if (customer_type == SQLITE_INTEGER)
        {
          /* The text CAST (customer AS TEXT) would give, without
           * SQLite's printf for each line. */
          char digits[24];
          gsize n = format_integer (sqlite3_column_int64 (stmt, 0), digits);

          line->customer_len = n;
          g_byte_array_append (batch->bytes, (const guint8 *) digits, n);
        }
      else
        {
          const guint8 *name = sqlite3_column_text (stmt, 0);

          line->customer_len = sqlite3_column_bytes (stmt, 0);
          g_byte_array_append (batch->bytes, name, line->customer_len);
        }
      line->key = G_MAXUINT32;
      line->key_len = 0;
      if (line->value > 0)
        {
          int key_type = sqlite3_column_type (stmt, 2);

          if (!stream->has_invoice)
            {
              guchar key[9] = { 'i' };

              memcpy (key + 1, &day, sizeof day);
              line->key = batch->bytes->len;
              g_byte_array_append (batch->bytes, key, sizeof key);
            }
          else if (key_type != SQLITE_NULL)
            {
              line->key = batch->bytes->len;
              append_order_key (batch->bytes, stmt, 2, key_type);
            }
          if (line->key != G_MAXUINT32)
            line->key_len = batch->bytes->len - line->key;
        }

      if (batch->n == BATCH_LINES || batch->bytes->len > G_MAXUINT32 / 2)
        {
          g_async_queue_push (gatherer.full, batch);
          batch = g_async_queue_pop (gatherer.empty);
          batch->n = 0;
          g_byte_array_set_size (batch->bytes, 0);
        }
    }

  /* The last batch, ended, also when the reading stopped early. */
  batch->last = TRUE;
  if (!ok)
    batch->n = 0;
  g_async_queue_push (gatherer.full, batch);
  g_thread_join (thread);
  g_async_queue_unref (gatherer.full);
  g_async_queue_unref (gatherer.empty);

  if (!ok)
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      if (!seg_cancel_take_error (stream->cancel, error))
        seg_project_set_sqlite_error (stream->project, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* A customer's name in the sort: its first eight bytes as a number
 * settle most comparisons without reading the name. */
typedef struct
{
  guint64 prefix;
  guint32 id;
} NameKey;

/* Text as SQLite's BINARY collation orders it. */
static int
compare_names (const void *a,
               const void *b,
               void       *data)
{
  const NameKey *x = a, *y = b;
  SegIntern *customers = data;
  gsize la, lb;
  const char *sa, *sb;
  int c;

  if (x->prefix != y->prefix)
    return x->prefix < y->prefix ? -1 : 1;
  sa = seg_intern_get (customers, x->id, &la);
  sb = seg_intern_get (customers, y->id, &lb);
  c = memcmp (sa, sb, MIN (la, lb));
  return c != 0 ? c : (la > lb) - (la < lb);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* How many of @sorted[0..n) are less than @value. */
static gsize
count_below_double (const double *sorted,
                    gsize         n,
                    double        value)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (sorted[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* SQL's rank () over @values in ascending order. */
static void
rank_double (const double *values,
             gsize         n,
             gsize        *ranks)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_double);
  for (gsize i = 0; i < n; i++)
    ranks[i] = 1 + count_below_double (sorted, n, values[i]);
}

/* SQL's rank () over @values, ascending or descending: 1 + how many come
 * strictly before, so that ties share the rank of the first of them.
 * Days and order counts span a small range, so they are counted. */
static void
rank_int64 (const gint64 *values,
            gsize         n,
            gboolean      descending,
            gsize        *ranks)
{
  gint64 lo = G_MAXINT64, hi = G_MININT64;
  g_autofree gsize *below = NULL;
  gsize span, sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      lo = MIN (lo, values[i]);
      hi = MAX (hi, values[i]);
    }
  if (n == 0)
    return;

  if ((guint64) (hi - lo) > 4 * (guint64) n + 4096)
    {
      g_autofree double *sorted = g_new (double, n);

      /* Wide ranges are rare; rank as reals, negated when descending.
       * Integers of this size are exact as doubles. */
      for (gsize i = 0; i < n; i++)
        sorted[i] = descending ? -(double) values[i] : (double) values[i];
      rank_double (sorted, n, ranks);
      return;
    }

  span = (gsize) (hi - lo) + 1;
  below = g_new0 (gsize, span);
  for (gsize i = 0; i < n; i++)
    below[descending ? (gsize) (hi - values[i]) : (gsize) (values[i] - lo)]++;
  for (gsize v = 0; v < span; v++)
    {
      gsize count = below[v];

      below[v] = sum;
      sum += count;
    }
  for (gsize i = 0; i < n; i++)
    ranks[i] = 1 + below[descending ? (gsize) (hi - values[i]) : (gsize) (values[i] - lo)];
}

/* A score from 1 to 5 by quintile of rank; equal values share the rank of
 * the first of them, so ties always get the same score. */
static inline int
score_of (gsize rank,
          gsize n)
{
  return 1 + (int) ((5 * (gint64) (rank - 1)) / (gint64) n);
}

typedef struct
{
  const char *name;
  gint64      count;
} SegmentCount;

static int
compare_segment_counts (const void *a,
                        const void *b)
{
  const SegmentCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp (x->name, y->name);
}

/**
 * seg_project_rfm_full:
 * @project: a #SegProject
 * @options: the order lines and how to read them
 * @progress: (nullable) (scope call): called now and then with the part
 *   done, from 0 to 1, on the calling thread
 * @progress_data: for @progress
 * @cancel: (nullable): stops the work soon after it is set, with
 *   %G_IO_ERROR_CANCELLED, leaving the project as it was
 * @error: return location for an error naming the option at fault
 *
 * Computes recency (days since the last purchase), frequency (distinct
 * orders), monetary value, first and last purchase, tenure, average order
 * value, R/F/M scores and the named RFM segment of every customer with a
 * purchase, into a new table, in one transaction.
 *
 * The order lines are read once, in table order, and every customer's
 * figures gathered in memory by an integer id given to each customer
 * and order key, so that the time and memory grow with the lines and
 * the customers, not with sorting the lines.
 *
 * Returns: (transfer full): what was computed, or %NULL with @error set
 */
SegRfmSummary *
seg_project_rfm_full (SegProject           *project,
                      const SegRfmOptions  *options,
                      SegRfmProgressFunc    progress,
                      gpointer              progress_data,
                      const volatile int   *cancel,
                      GError              **error)
{
  g_autoptr(SegRfmSummary) summary = g_new0 (SegRfmSummary, 1);
  g_autoptr(SegTableInfo) info = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *customer_q = NULL;
  g_autofree char *date_q = NULL;
  g_autofree char *value = NULL;
  g_autofree char *order_key = NULL;
  g_autofree char *out_q = NULL;
  g_autofree char *create = NULL;
  g_autofree char *catalog = NULL;
  g_autoptr(SegSegment) segment = NULL;
  GError *local_error = NULL;
  g_autofree char *select = NULL;
  g_autofree char *insert = NULL;
  g_autofree guint32 *kept = NULL;
  g_autofree gint64 *recency = NULL;
  g_autofree gint64 *frequency = NULL;
  g_autofree double *monetary = NULL;
  g_autofree gsize *r_rank = NULL;
  g_autofree gsize *f_rank = NULL;
  g_autofree gsize *m_rank = NULL;
  g_auto(Gathered) gathered = { 0 };
  SegColumnInfo *column;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Stream stream = { 0 };
  gsize n_kept = 0;
  gint64 as_of_day = 0;      /* a key, as seg_day_key() */
  SegmentCount counts[11] = { { 0 } };
  guint n_counts = 0;
  gint64 t0 = g_get_monotonic_time (), t1, t2;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL && options->orders != NULL, NULL);

  info = seg_project_get_table (project, options->orders, error);
  if (info == NULL)
    return NULL;
  table_q = seg_quote_identifier (info->name);

  if (options->customer == NULL || options->date == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--customer and --date are needed"));
      return NULL;
    }

  if ((column = seg_table_find_column (info, "--customer", options->customer, error)) == NULL)
    return NULL;
  customer_q = seg_quote_identifier (column->name);

  if ((column = seg_table_find_column (info, "--date", options->date, error)) == NULL ||
      !require_type (column, "--date", FALSE, error))
    return NULL;
  date_q = seg_quote_identifier (column->name);

  if (options->amount != NULL)
    {
      if ((column = seg_table_find_column (info, "--amount", options->amount, error)) == NULL ||
          !require_type (column, "--amount", TRUE, error))
        return NULL;
      value = seg_quote_identifier (column->name);
    }
  else if (options->quantity != NULL && options->price != NULL)
    {
      g_autofree char *quantity_q = NULL;
      g_autofree char *price_q = NULL;

      if ((column = seg_table_find_column (info, "--quantity", options->quantity, error)) == NULL ||
          !require_type (column, "--quantity", TRUE, error))
        return NULL;
      quantity_q = seg_quote_identifier (column->name);
      if ((column = seg_table_find_column (info, "--price", options->price, error)) == NULL ||
          !require_type (column, "--price", TRUE, error))
        return NULL;
      price_q = seg_quote_identifier (column->name);
      value = g_strdup_printf ("(%s * %s)", quantity_q, price_q);
    }
  else
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("Give --amount, or --quantity and --price"));
      return NULL;
    }

  /* Without invoice numbers, a customer's purchases on one day are one
   * order. */
  if (options->invoice != NULL)
    {
      if ((column = seg_table_find_column (info, "--invoice", options->invoice, error)) == NULL)
        return NULL;
      order_key = seg_quote_identifier (column->name);
    }

  /* Only the order lines of a saved segment's customers, if asked. */
  segment = seg_project_find_input_segment (project, options->segment, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  summary->table = g_strdup (options->output != NULL ? options->output : "rfm");
  if (!seg_project_check_table_name (summary->table, error))
    return NULL;
  out_q = seg_quote_identifier (summary->table);

  if (options->as_of != NULL)
    {
      int y = 0, m = 0, d = 0;
      char end = 0;

      if (sscanf (options->as_of, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
          strlen (options->as_of) != 10 ||
          !g_date_valid_dmy (d, m, y))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("--as-of: “%s” is not a date like 2024-12-31"), options->as_of);
          return NULL;
        }
      summary->as_of = g_strdup (options->as_of);
      as_of_day = seg_day_key (y, m, d);
    }

  create = g_strdup_printf ("CREATE TABLE %s ("
                            " customer TEXT, recency INTEGER, frequency INTEGER, monetary REAL,"
                            " first_purchase TEXT, last_purchase TEXT, tenure INTEGER,"
                            " avg_order_value REAL, r_score INTEGER, f_score INTEGER,"
                            " m_score INTEGER, rfm_score INTEGER, segment TEXT) STRICT",
                            out_q);
  insert = g_strdup_printf ("INSERT INTO %s VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                            out_q);
  /* Only the order lines of a saved segment's customers, if asked. */
  if (segment != NULL)
    select = g_strdup_printf ("SELECT %s, %s, %s, CAST (%s AS REAL) FROM %s"
                              " WHERE CAST (%s AS TEXT) IN"
                              " (SELECT key FROM seg_segment_members WHERE segment_id = %" PRId64 ")",
                              customer_q, date_q, order_key != NULL ? order_key : "NULL", value, table_q,
                              customer_q, seg_segment_get_id (segment));
  else
    select = g_strdup_printf ("SELECT %s, %s, %s, CAST (%s AS REAL) FROM %s",
                              customer_q, date_q, order_key != NULL ? order_key : "NULL", value, table_q);

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return NULL;

  if (seg_project_has_table (project, summary->table))
    {
      if (!options->replace)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("--output-table: the project already has a table “%s”; choose another name or replace it"),
                       summary->table);
          goto failed;
        }
    }

  /* On a segment, recency still counts from the day after the last order
   * of all, which its customers' lines alone may not reach. */
  if (segment != NULL && summary->as_of == NULL)
    {
      g_autofree char *query = g_strdup_printf ("SELECT date (max (%s), '+1 day') FROM %s", date_q, table_q);
      const char *text;

      if (!seg_project_prepare (project, query, &stmt, error))
        goto failed;
      if (sqlite3_step (stmt) == SQLITE_ROW &&
          seg_day_key_of_date_text ((text = (const char *) sqlite3_column_text (stmt, 0)), &as_of_day))
        summary->as_of = g_strdup (text);
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  stream.project = project;
  stream.select = select;
  stream.has_invoice = order_key != NULL;
  stream.has_as_of = summary->as_of != NULL;
  stream.as_of = as_of_day;
  stream.total_rows = info->rows;
  stream.progress = progress;
  stream.progress_data = progress_data;
  stream.cancel = cancel;

  gathered_init (&gathered);
  if (!stream_lines (&stream, &gathered, error))
    goto failed;

  /* By default recency counts from the day after the last order, which
   * SQLite works out from the column's largest value. Every line read is
   * nearly always before it; when one is not, the lines are read again
   * with the day known. */
  if (summary->as_of == NULL)
    {
      const char *text;

      if (!seg_project_prepare (project, "SELECT date (?1, '+1 day')", &stmt, error))
        goto failed;
      raw_max_bind (&gathered.raw_max, stmt, 1);
      if (sqlite3_step (stmt) == SQLITE_ROW &&
          seg_day_key_of_date_text ((text = (const char *) sqlite3_column_text (stmt, 0)), &as_of_day))
        summary->as_of = g_strdup (text);
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (summary->as_of == NULL)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("The table “%s” has no dated orders"), info->name);
          goto failed;
        }
      if (gathered.lines > 0 && gathered.max_day >= as_of_day)
        {
          gathered_clear (&gathered);
          gathered_init (&gathered);
          stream.has_as_of = TRUE;
          stream.as_of = as_of_day;
          if (!stream_lines (&stream, &gathered, error))
            goto failed;
        }
    }
  t1 = g_get_monotonic_time ();

  /* The customers with a purchase, in the order of their names. */
  {
    g_autofree NameKey *names = g_new (NameKey, MAX (1, gathered.customers.n));

    for (guint32 c = 0; c < gathered.customers.n; c++)
      if (gathered.figures[c].frequency > 0)
        {
          gsize len;
          const char *name = seg_intern_get (&gathered.customers, c, &len);
          guchar head[8] = { 0 };
          guint64 prefix;

          memcpy (head, name, MIN (len, sizeof head));
          memcpy (&prefix, head, sizeof prefix);
          names[n_kept].prefix = GUINT64_FROM_BE (prefix);
          names[n_kept].id = c;
          n_kept++;
        }
    g_qsort_with_data (names, n_kept, sizeof (NameKey), compare_names, &gathered.customers);
    kept = g_new (guint32, MAX (1, n_kept));
    for (gsize i = 0; i < n_kept; i++)
      kept[i] = names[i].id;
  }

  recency = g_new (gint64, MAX (1, n_kept));
  frequency = g_new (gint64, MAX (1, n_kept));
  monetary = g_new (double, MAX (1, n_kept));
  r_rank = g_new (gsize, MAX (1, n_kept));
  f_rank = g_new (gsize, MAX (1, n_kept));
  m_rank = g_new (gsize, MAX (1, n_kept));
  for (gsize i = 0; i < n_kept; i++)
    {
      Customer *customer = &gathered.figures[kept[i]];

      /* Recency ranks from the most recent down: negated, it ranks up. */
      recency[i] = seg_key_day (as_of_day) - seg_key_day (customer->last);
      frequency[i] = customer->frequency;
      monetary[i] = round_cents (options->net_returns ? customer->net : customer->gross);
    }
  rank_int64 (recency, n_kept, TRUE, r_rank);
  rank_int64 (frequency, n_kept, FALSE, f_rank);
  rank_double (monetary, n_kept, m_rank);

  if (cancel != NULL && seg_cancel_take_error (cancel, error))
    goto failed;
  if (progress != NULL)
    progress (0.92, progress_data);

  if ((seg_project_has_table (project, summary->table) &&
       !seg_project_drop_table_in_transaction (project, summary->table, error)) ||
      !seg_project_exec (project, create, error) ||
      !seg_project_prepare (project, insert, &stmt, error))
    goto failed;

  for (gsize i = 0; i < n_kept; i++)
    {
      Customer *customer = &gathered.figures[kept[i]];
      gsize name_len;
      const char *name = seg_intern_get (&gathered.customers, kept[i], &name_len);
      int r = score_of (r_rank[i], n_kept);
      int f = score_of (f_rank[i], n_kept);
      int m = score_of (m_rank[i], n_kept);
      const char *label = segment_of (r, f);
      char first[16], last[16];
      guint k;

      if ((i & 0xfff) == 0xfff)
        {
          if (seg_cancel_take_error (cancel, error))
            goto failed;
          if (progress != NULL && (i & 0xffff) == 0xffff)
            progress (0.92 + 0.08 * (double) i / n_kept, progress_data);
        }

      seg_day_key_format (customer->first, first);
      seg_day_key_format (customer->last, last);
      sqlite3_bind_text (stmt, 1, name, name_len, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, recency[i]);
      sqlite3_bind_int64 (stmt, 3, frequency[i]);
      sqlite3_bind_double (stmt, 4, monetary[i]);
      sqlite3_bind_text (stmt, 5, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, last, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, seg_key_day (as_of_day) - seg_key_day (customer->first));
      sqlite3_bind_double (stmt, 8, round_cents (monetary[i] / frequency[i]));
      sqlite3_bind_int (stmt, 9, r);
      sqlite3_bind_int (stmt, 10, f);
      sqlite3_bind_int (stmt, 11, m);
      sqlite3_bind_int (stmt, 12, r * 100 + f * 10 + m);
      sqlite3_bind_text (stmt, 13, label, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          if (!seg_cancel_take_error (cancel, error))
            seg_project_set_sqlite_error (project, rc, error);
          goto failed;
        }

      for (k = 0; k < n_counts && counts[k].name != label; k++)
        ;
      if (k == n_counts)
        counts[n_counts++].name = label;
      counts[k].count++;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  summary->customers = n_kept;

  /* The result is a table like any other: the browser and export see it.
   * Its origin lets a later profile go back to the order lines. */
  {
    static const struct { const char *name; SegColumnType type; } columns[] = {
      { "customer", SEG_COLUMN_TEXT }, { "recency", SEG_COLUMN_INTEGER },
      { "frequency", SEG_COLUMN_INTEGER }, { "monetary", SEG_COLUMN_REAL },
      { "first_purchase", SEG_COLUMN_DATE }, { "last_purchase", SEG_COLUMN_DATE },
      { "tenure", SEG_COLUMN_INTEGER }, { "avg_order_value", SEG_COLUMN_REAL },
      { "r_score", SEG_COLUMN_INTEGER }, { "f_score", SEG_COLUMN_INTEGER },
      { "m_score", SEG_COLUMN_INTEGER }, { "rfm_score", SEG_COLUMN_INTEGER },
      { "segment", SEG_COLUMN_TEXT },
    };
    g_autoptr(GPtrArray) catalog_columns = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_column_info_free);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *origin = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      {
        SegColumnInfo *column_info = g_new0 (SegColumnInfo, 1);

        column_info->name = g_strdup (columns[i].name);
        column_info->type = columns[i].type;
        g_ptr_array_add (catalog_columns, column_info);
      }

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "kind");
    json_builder_add_string_value (builder, "rfm");
    json_builder_set_member_name (builder, "orders");
    json_builder_add_string_value (builder, info->name);
    json_builder_set_member_name (builder, "customer");
    json_builder_add_string_value (builder, options->customer);
    /* Column names only, never SQL: a project file may come from anyone. */
    if (options->amount != NULL)
      {
        json_builder_set_member_name (builder, "amount");
        json_builder_add_string_value (builder, options->amount);
      }
    else
      {
        json_builder_set_member_name (builder, "quantity");
        json_builder_add_string_value (builder, options->quantity);
        json_builder_set_member_name (builder, "price");
        json_builder_add_string_value (builder, options->price);
      }
    json_builder_set_member_name (builder, "as_of");
    json_builder_add_string_value (builder, summary->as_of);
    if (segment != NULL)
      {
        json_builder_set_member_name (builder, "segment");
        json_builder_add_string_value (builder, seg_segment_get_name (segment));
      }
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    origin = json_to_string (root, FALSE);

    catalog = g_strdup_printf ("rfm(%s)", info->name);
    if (!seg_project_catalog_table (project, summary->table, catalog, origin,
                                    summary->customers, catalog_columns, error))
      goto failed;
  }

  /* The segment sizes, for the report: largest first, then by name. */
  qsort (counts, n_counts, sizeof (SegmentCount), compare_segment_counts);
  summary->segments = g_ptr_array_new_with_free_func (g_free);
  summary->counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint k = 0; k < n_counts; k++)
    {
      g_ptr_array_add (summary->segments, g_strdup (counts[k].name));
      g_array_append_val (summary->counts, counts[k].count);
    }

  if (seg_cancel_take_error (cancel, error) ||
      !seg_project_exec (project, "COMMIT", error))
    goto failed;

  t2 = g_get_monotonic_time ();
  summary->read_seconds = (t1 - t0) / 1e6;
  summary->write_seconds = (t2 - t1) / 1e6;
  summary->lines = gathered.lines;
  if (progress != NULL)
    progress (1.0, progress_data);

  return g_steal_pointer (&summary);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  seg_project_exec (project, "ROLLBACK", NULL);
  return NULL;
}

/**
 * seg_project_rfm:
 *
 * seg_project_rfm_full() without progress or cancellation.
 */
SegRfmSummary *
seg_project_rfm (SegProject           *project,
                 const SegRfmOptions  *options,
                 GError              **error)
{
  return seg_project_rfm_full (project, options, NULL, NULL, NULL, error);
}

/* The options with strings of their own, for a worker thread. */
typedef struct
{
  SegRfmOptions       options;
  GPtrArray          *strings;   /* the copies the options point to */
  SegRfmProgressFunc  progress;
  gpointer            progress_data;
} RfmJob;

static void
rfm_job_free (RfmJob *job)
{
  g_ptr_array_unref (job->strings);
  g_free (job);
}

static gpointer
rfm_work (SegProject          *project,
          gpointer             data,
          const volatile int  *cancel,
          GError             **error)
{
  RfmJob *job = data;
  g_autoptr(SegProject) writer = seg_project_open_reader (project, cancel, error);

  if (writer == NULL)
    return NULL;
  return seg_project_rfm_full (writer, &job->options, job->progress, job->progress_data, cancel, error);
}

/**
 * seg_project_rfm_async:
 * @options: copied; need not outlive the call
 * @cancellable: (nullable): stops the scoring, leaving the project as it
 *   was; the task then fails with %G_IO_ERROR_CANCELLED
 *
 * Scores customers as seg_project_rfm() does, in a worker thread with a
 * connection of its own: ten million order lines take seconds.
 */
void
seg_project_rfm_async (SegProject          *project,
                       const SegRfmOptions *options,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  seg_project_rfm_progress_async (project, options, NULL, NULL, cancellable, callback, user_data);
}

/**
 * seg_project_rfm_progress_async:
 * @progress: (nullable): called now and then with the part done, from 0
 *   to 1, on the worker thread
 * @progress_data: for @progress; must stay valid until @callback runs
 *
 * seg_project_rfm_async() telling how far it got; finish it with
 * seg_project_rfm_finish().
 */
void
seg_project_rfm_progress_async (SegProject          *project,
                                const SegRfmOptions *options,
                                SegRfmProgressFunc   progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  RfmJob *job;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (options != NULL);

  job = g_new0 (RfmJob, 1);
  job->options = *options;
  job->progress = progress;
  job->progress_data = progress_data;
  {
    const char **fields[] = {
      &job->options.orders, &job->options.customer, &job->options.date, &job->options.amount,
      &job->options.quantity, &job->options.price, &job->options.invoice, &job->options.as_of,
      &job->options.output, &job->options.segment,
    };

    job->strings = seg_task_copy_strings (fields, G_N_ELEMENTS (fields));
  }

  seg_task_run (project, seg_project_rfm_async, rfm_work, job, (GDestroyNotify) rfm_job_free,
                (GDestroyNotify) seg_rfm_summary_free, cancellable, callback, user_data);
}

/**
 * seg_project_rfm_finish:
 *
 * Returns: (transfer full): what was written, or NULL with @error set
 */
SegRfmSummary *
seg_project_rfm_finish (SegProject    *project,
                        GAsyncResult  *result,
                        GError       **error)
{
  return seg_task_finish (project, result, seg_project_rfm_async, error);
}
