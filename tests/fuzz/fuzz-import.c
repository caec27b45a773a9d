/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/*
 * libFuzzer harness for the import path: charset detection and decoding,
 * delimiter and header sniffing, type guessing and value conversion, and a
 * full SegImporter run into a project. Built with -fsanitize=fuzzer it is
 * a fuzzer; linked with replay.c it replays the seed corpus as a test.
 *
 * Errors reported through GError are what bad input is supposed to get.
 * A crash, a sanitizer report, a GLib critical or warning, or a broken
 * invariant (see fuzz_check()) is a bug.
 *
 * Environment:
 *   SEG_FUZZ_TMPDIR     where the temporary project goes (default /dev/shm
 *                       if usable, else the usual temporary directory)
 *   SEG_FUZZ_VERBOSE    print each new kind of GError the import reports
 *   SEG_FUZZ_NO_ORACLES only look for crashes, skip the invariant checks
 *   SEG_FUZZ_SKIP       comma-separated tags of checks to skip, for bugs
 *                       already reported, so that fuzzing gets past them
 */

#include <glib/gstdio.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seg-csv-reader.h"
#include "seg-decoder.h"
#include "seg-error.h"
#include "seg-importer.h"
#include "seg-project-private.h"
#include "seg-sniff.h"
#include "seg-value.h"

/* Bigger inputs only make each run slower without reaching new code. */
#define FUZZ_MAX_INPUT (64 * 1024)

/* How much of the text the value checks look at. */
#define MAX_VALUE_RECORDS 64
#define MAX_VALUE_COLUMNS 64

/* The table every input is imported into. */
#define TABLE_NAME "fuzz"

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static char *fuzz_dir;
static char *input_path;
static char *project_path;
static SegProject *project;
static gboolean verbose;
static gboolean oracles = TRUE;
static GHashTable *seen_errors;
static char **skip_tags;

/* ---------------------------------------------------------------------- */
/* Failing loudly                                                         */
/* ---------------------------------------------------------------------- */

static void G_GNUC_NORETURN
fuzz_fail (const char *location,
           const char *condition,
           const char *detail)
{
  fprintf (stderr, "\n%s: invariant broken: %s%s%s\n", location, condition,
           detail != NULL ? ": " : "", detail != NULL ? detail : "");
  fflush (stderr);
  abort ();
}

/* An invariant of the code under test. abort() rather than a GLib
 * assertion so that libFuzzer sees a crash and saves the input. */
#define fuzz_check(cond, detail) \
  G_STMT_START \
    { \
      if (G_UNLIKELY (oracles && !(cond))) \
        fuzz_fail (G_STRLOC, #cond, (detail)); \
    } \
  G_STMT_END

/* A check that SEG_FUZZ_SKIP can name by @tag. */
#define fuzz_check_tagged(tag, cond, detail) \
  G_STMT_START \
    { \
      if (skip_tags == NULL || !g_strv_contains ((const char * const *) skip_tags, (tag))) \
        fuzz_check (cond, detail); \
    } \
  G_STMT_END

/* GLib turns a fatal message into SIGTRAP, which libFuzzer does not treat
 * as a crash, and G_DEBUG is read when GLib is loaded, before any code of
 * ours runs. So every warning and critical ends here and aborts. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      fflush (stderr);
      abort ();
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */
/* ---------------------------------------------------------------------- */

/* UTF-8 validity where NUL counts as a character, as for the decoder. */
static gboolean
utf8_valid_with_nul (const char *text,
                     gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul != NULL ? nul : end;

      if (!g_utf8_validate_len (p, stop - p, NULL))
        return FALSE;
      p = nul != NULL ? nul + 1 : end;
    }

  return TRUE;
}

/* A few bits from the end of the input choose the options of the second
 * import, so that mutations near the end explore them while most of the
 * input keeps its meaning. */
static guint32
input_bits (const guint8 *data,
            gsize         size)
{
  guint32 h = 2166136261u;

  for (gsize i = size > 4 ? size - 4 : 0; i < size; i++)
    h = (h ^ data[i]) * 16777619u;
  h ^= (guint32) size;

  return h ^ (h >> 15);
}

static void
note_error (const char   *what,
            const GError *error)
{
  g_autofree char *key = NULL;

  if (!verbose || error == NULL)
    return;

  key = g_strdup_printf ("%s/%s/%d", what, g_quark_to_string (error->domain), error->code);
  if (g_hash_table_contains (seen_errors, key))
    return;

  fprintf (stderr, "[fuzz-import] new error kind %s: %s\n", key, error->message);
  g_hash_table_add (seen_errors, g_steal_pointer (&key));
}

/* ---------------------------------------------------------------------- */
/* Decoding                                                               */
/* ---------------------------------------------------------------------- */

typedef enum
{
  CHUNK_WHOLE,
  CHUNK_ONE,
  CHUNK_SEVEN,
  CHUNK_BLOCK,
  CHUNK_MIXED,
  N_CHUNK_MODES
} ChunkMode;

/* The size of the next chunk. Tiny chunks are kept to the start of the
 * stream so that a large input does not take a second per run. */
static gsize
next_chunk (ChunkMode mode,
            gsize     pos,
            guint     k)
{
  static const gsize mixed[] = { 0, 1, 2, 3, 5, 8, 13, 2, 1, 4, 17 };

  switch (mode)
    {
    case CHUNK_ONE:
      return pos < 2048 ? 1 : 4093;
    case CHUNK_SEVEN:
      return pos < 16384 ? 7 : 4099;
    case CHUNK_BLOCK:
      return 4096;
    case CHUNK_MIXED:
      return pos < 8192 ? mixed[k % G_N_ELEMENTS (mixed)] : 1021;
    case CHUNK_WHOLE:
    case N_CHUNK_MODES:
    default:
      return G_MAXSIZE;
    }
}

typedef struct
{
  gboolean  ok;
  GString  *text;
  char     *message; /* the error, if any */
} Decoded;

static void
decoded_clear (Decoded *decoded)
{
  if (decoded->text != NULL)
    g_string_free (decoded->text, TRUE);
  g_free (decoded->message);
  memset (decoded, 0, sizeof *decoded);
}

static void
check_decoder_error (const GError *error)
{
  fuzz_check (error != NULL, "a failing decoder must set an error");
  if (error == NULL)
    return;
  fuzz_check (error->domain == SEG_IMPORT_ERROR && error->code == SEG_IMPORT_ERROR_ENCODING,
              error->message);
  fuzz_check (g_utf8_validate (error->message, -1, NULL), "error message is not UTF-8");
}

/* Runs one stream through @decoder in chunks of the given mode. The
 * decoder is left ready for the next stream. */
static void
decode_stream (SegDecoder   *decoder,
               const guint8 *data,
               gsize         size,
               ChunkMode     mode,
               Decoded      *result)
{
  GError *error = NULL;
  gsize pos = 0;
  guint k = 0;

  result->ok = TRUE;
  result->text = g_string_new (NULL);
  result->message = NULL;

  while (pos < size)
    {
      gsize n = next_chunk (mode, pos, k++);

      n = MIN (n, size - pos);

      if (!seg_decoder_feed (decoder, data + pos, n, result->text, &error))
        {
          check_decoder_error (error);
          result->ok = FALSE;
          break;
        }
      pos += n;
    }

  if (result->ok)
    {
      if (!seg_decoder_finish (decoder, result->text, &error))
        {
          check_decoder_error (error);
          result->ok = FALSE;
        }
    }
  else
    {
      /* After a failed feed, finish only makes the decoder reusable. */
      fuzz_check (seg_decoder_finish (decoder, result->text, NULL),
                  "finish after a failed feed must succeed");
    }

  if (error != NULL)
    result->message = g_strdup (error->message);
  g_clear_error (&error);

  fuzz_check (utf8_valid_with_nul (result->text->str, result->text->len),
              "the decoder produced invalid UTF-8");
}

/* Stateful iconv charsets consume the start of a character into their
 * state, so when it turns out invalid iconv can point back at its start
 * only within one call: after a chunk boundary the reported offset is a
 * few bytes later (UTF-7 "+36t" fails at 0 whole, at 2 or 3 in pieces).
 * The output and the failure itself still may not depend on chunking. */
static gboolean
charset_is_stateful (const char *charset)
{
  return g_ascii_strncasecmp (charset, "UTF-7", 5) == 0 ||
         g_ascii_strncasecmp (charset, "UTF7", 4) == 0 ||
         g_ascii_strncasecmp (charset, "ISO-2022", 8) == 0;
}

/* Decodes @data as @charset in every chunking @modes asks for, with one
 * decoder reused across the streams, and checks that the chunking changes
 * nothing. The whole-stream result goes to @whole_out unless it is NULL. */
static void
decode_all_ways (const char   *charset,
                 const guint8 *data,
                 gsize         size,
                 const guint   modes,
                 gboolean      must_open,
                 Decoded      *whole_out)
{
  g_autoptr(SegDecoder) decoder = NULL;
  g_autoptr(GError) error = NULL;
  Decoded whole = { 0 };

  decoder = seg_decoder_new (charset, &error);
  if (decoder == NULL)
    {
      fuzz_check (!must_open, charset);
      fuzz_check (error != NULL && error->domain == SEG_IMPORT_ERROR, charset);
      return;
    }
  fuzz_check (seg_decoder_get_charset (decoder) != NULL, charset);

  decode_stream (decoder, data, size, CHUNK_WHOLE, &whole);

  for (ChunkMode mode = CHUNK_ONE; mode < N_CHUNK_MODES; mode++)
    {
      Decoded chunked = { 0 };

      if ((modes & (1u << mode)) == 0)
        continue;

      decode_stream (decoder, data, size, mode, &chunked);

      fuzz_check (chunked.ok == whole.ok, charset);
      fuzz_check (g_string_equal (chunked.text, whole.text), charset);
      if (!charset_is_stateful (charset))
        fuzz_check (g_strcmp0 (chunked.message, whole.message) == 0, chunked.message);

      decoded_clear (&chunked);
    }

  if (whole_out != NULL)
    *whole_out = whole;
  else
    decoded_clear (&whole);
}

static const char *const fuzz_charsets[] = {
  "UTF-8",
  "utf8",
  "UTF-16LE",
  "UTF-16BE",
  "UTF-16",
  "GB18030",
  "gbk",
  "WINDOWS-1252",
  "ISO-8859-1",
  "SHIFT_JIS",
  "BIG5",
  "ISO-2022-JP",
  "UTF-7",
};

static gboolean
has_prefix_bytes (const guint8 *data,
                  gsize         size,
                  const char   *prefix,
                  gsize         n)
{
  return size >= n && memcmp (data, prefix, n) == 0;
}

static gboolean
starts_with_bom (const guint8 *data,
                 gsize         size)
{
  return has_prefix_bytes (data, size, "\xEF\xBB\xBF", 3) ||
         has_prefix_bytes (data, size, "\xFF\xFE", 2) ||
         has_prefix_bytes (data, size, "\xFE\xFF", 2);
}

/* Returns the text as the importer would see it, or NULL. */
static GString *
fuzz_decoding (const guint8 *data,
               gsize         size)
{
  const char *detected;
  const char *detected_partial;
  const char *legacy;
  Decoded whole = { 0 };

  detected = seg_encoding_detect (data, size, TRUE);
  detected_partial = seg_encoding_detect (data, size, FALSE);
  legacy = seg_encoding_guess_legacy (data, size);

  fuzz_check (g_strcmp0 (legacy, "GB18030") == 0 || g_strcmp0 (legacy, "WINDOWS-1252") == 0, legacy);
  /* Whether the buffer is the whole file matters only for a sequence cut
   * off at the end; it cannot turn text into binary. */
  fuzz_check ((detected == NULL) == (detected_partial == NULL), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fuzz_charsets); i++)
    {
      gsize bom = seg_encoding_bom_length (data, size, fuzz_charsets[i]);

      fuzz_check (bom == 0 || bom == 2 || bom == 3, fuzz_charsets[i]);
      fuzz_check (bom <= size, fuzz_charsets[i]);

      /* Every charset whole and in one other chunking, which rotates. */
      decode_all_ways (fuzz_charsets[i], data, size,
                       1u << (CHUNK_ONE + (size + i) % (N_CHUNK_MODES - 1)),
                       FALSE, NULL);
    }

  if (detected_partial != NULL && g_strcmp0 (detected_partial, detected) != 0)
    decode_all_ways (detected_partial, data, size, 1u << CHUNK_MIXED, TRUE, NULL);

  if (detected == NULL)
    return NULL;

  decode_all_ways (detected, data, size, ~0u, TRUE, &whole);

  /* What detection promises about the whole file. */
  if (!starts_with_bom (data, size))
    {
      if (g_strcmp0 (detected, "UTF-8") == 0)
        {
          fuzz_check (whole.ok, whole.message);
          fuzz_check (whole.text->len == size && memcmp (whole.text->str, data, size) == 0,
                      "UTF-8 is decoded as it is");
        }
      if ((g_strcmp0 (detected, "UTF-16LE") == 0 || g_strcmp0 (detected, "UTF-16BE") == 0) &&
          size % 2 == 0)
        {
          guint last = g_strcmp0 (detected, "UTF-16LE") == 0
                       ? data[size - 2] | (data[size - 1] << 8)
                       : (data[size - 2] << 8) | data[size - 1];

          if (last < 0xD800 || last > 0xDBFF)
            fuzz_check (whole.ok, whole.message);
        }
    }
  if (g_strcmp0 (detected, "WINDOWS-1252") == 0)
    fuzz_check (whole.ok, whole.message);

  if (!whole.ok)
    {
      decoded_clear (&whole);
      return NULL;
    }

  g_free (whole.message);
  return whole.text;
}

/* ---------------------------------------------------------------------- */
/* Sniffing                                                               */
/* ---------------------------------------------------------------------- */

static char
fuzz_sniffing (const char *text,
               gsize       len,
               guint32     bits)
{
  static const char other_delimiters[] = { ',', ';', '\t', '|', ' ', ':' };
  guint n_columns = 0;
  char delimiter;

  delimiter = seg_sniff_delimiter (text, len, &n_columns);
  fuzz_check (delimiter != '\0' &&
              (strchr (SEG_SNIFF_DELIMITERS, delimiter) != NULL || delimiter == SEG_DELIMITER_ALIGNED), NULL);
  fuzz_check (n_columns >= 1, NULL);
  fuzz_check (seg_sniff_delimiter (text, len, NULL) == delimiter, "sniffing is not repeatable");

  seg_sniff_header (text, len, delimiter);
  seg_sniff_header (text, len, other_delimiters[bits % G_N_ELEMENTS (other_delimiters)]);

  return delimiter;
}

/* ---------------------------------------------------------------------- */
/* Values                                                                 */
/* ---------------------------------------------------------------------- */

static const SegDateOrder concrete_orders[] = {
  SEG_DATE_ORDER_DMY,
  SEG_DATE_ORDER_MDY,
  SEG_DATE_ORDER_YMD,
};

static const SegDecimalMark marks[] = {
  SEG_DECIMAL_DOT,
  SEG_DECIMAL_COMMA,
};

static gboolean
is_digits (const char *s,
           gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;

  return TRUE;
}

static int
digits_value (const char *s,
              gsize       n)
{
  int v = 0;

  for (gsize i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');

  return v;
}

/* `YYYY-MM-DD`, a real calendar date. */
static gboolean
is_iso_date (const char *s)
{
  int y, m, d;

  if (strlen (s) != 10 || s[4] != '-' || s[7] != '-' ||
      !is_digits (s, 4) || !is_digits (s + 5, 2) || !is_digits (s + 8, 2))
    return FALSE;

  y = digits_value (s, 4);
  m = digits_value (s + 5, 2);
  d = digits_value (s + 8, 2);

  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && g_date_valid_dmy (d, m, y);
}

/* `YYYY-MM-DD HH:MM:SS`. */
static gboolean
is_iso_datetime (const char *s)
{
  char date[11];

  if (strlen (s) != 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':' ||
      !is_digits (s + 11, 2) || !is_digits (s + 14, 2) || !is_digits (s + 17, 2))
    return FALSE;

  memcpy (date, s, 10);
  date[10] = '\0';

  return is_iso_date (date) &&
         digits_value (s + 11, 2) <= 23 &&
         digits_value (s + 14, 2) <= 59 &&
         digits_value (s + 17, 2) <= 59;
}

/* Every parser on one cell, and seg_value_convert() against them. */
static void
check_cell (const char *str,
            gsize       len)
{
  gboolean missing = seg_value_is_missing (str, len);
  gboolean b;
  gboolean b_ok;
  char dates[G_N_ELEMENTS (concrete_orders)][11];
  char datetimes[G_N_ELEMENTS (concrete_orders)][20];
  gboolean date_ok[G_N_ELEMENTS (concrete_orders)];
  gboolean datetime_ok[G_N_ELEMENTS (concrete_orders)];

  fuzz_check (len > 0 || missing, "an empty cell is missing");

  b_ok = seg_parse_boolean (str, len, &b);

  for (guint o = 0; o < G_N_ELEMENTS (concrete_orders); o++)
    {
      date_ok[o] = seg_parse_date (str, len, concrete_orders[o], dates[o]);
      datetime_ok[o] = seg_parse_datetime (str, len, concrete_orders[o], datetimes[o]);

      if (date_ok[o])
        fuzz_check (is_iso_date (dates[o]), dates[o]);
      if (datetime_ok[o])
        fuzz_check (is_iso_datetime (datetimes[o]), datetimes[o]);
      fuzz_check (!(date_ok[o] && datetime_ok[o]), "a date is never also a date-time");
    }

  /* What reads year-first needs no order: it reads the same in all. */
  for (guint o = 0; o < 2; o++)
    {
      if (date_ok[2])
        fuzz_check (date_ok[o] && strcmp (dates[o], dates[2]) == 0, dates[2]);
      if (datetime_ok[2])
        fuzz_check (datetime_ok[o] && strcmp (datetimes[o], datetimes[2]) == 0, datetimes[2]);
    }

  for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
    {
      gint64 i = 0;
      double r = 0.0;
      gboolean i_ok = seg_parse_integer (str, len, marks[m], &i);
      gboolean r_ok = seg_parse_real (str, len, marks[m], &r);

      if (i_ok)
        {
          fuzz_check (r_ok, "an integer is also a real");
          fuzz_check (!r_ok || r == (double) i, "an integer reads as the same real");
          fuzz_check (!b_ok, "numbers are never booleans");
        }
      if (r_ok)
        {
          char buf[32];

          fuzz_check (isfinite (r), NULL);
          seg_format_double (r, buf);
          fuzz_check (g_ascii_strtod (buf, NULL) == r, buf);
        }

      for (SegColumnType type = SEG_COLUMN_TEXT; type < SEG_N_COLUMN_TYPES; type++)
        {
          for (guint o = 0; o < G_N_ELEMENTS (concrete_orders); o++)
            {
              SegValueFormat format = { type, marks[m], concrete_orders[o] };
              SegValue value;
              SegConvertResult res;

              /* Only dates depend on the order. */
              if (o > 0 && type != SEG_COLUMN_DATE && type != SEG_COLUMN_DATETIME)
                break;

              memset (&value, 0xAA, sizeof value);
              res = seg_value_convert (&format, str, len, &value);

              if (type == SEG_COLUMN_TEXT)
                {
                  fuzz_check (res == (len == 0 ? SEG_CONVERT_NULL : SEG_CONVERT_OK), NULL);
                  if (res == SEG_CONVERT_OK)
                    fuzz_check (value.text == str && value.len == len, NULL);
                  continue;
                }

              if (missing)
                {
                  fuzz_check (res == SEG_CONVERT_NULL, "missing markers convert to NULL");
                  continue;
                }

              switch (type)
                {
                case SEG_COLUMN_INTEGER:
                  fuzz_check ((res == SEG_CONVERT_OK) == i_ok, "convert agrees with seg_parse_integer");
                  if (res == SEG_CONVERT_OK)
                    fuzz_check (value.i == i, NULL);
                  break;

                case SEG_COLUMN_REAL:
                  fuzz_check ((res == SEG_CONVERT_OK) == r_ok, "convert agrees with seg_parse_real");
                  if (res == SEG_CONVERT_OK)
                    fuzz_check (value.r == r, NULL);
                  break;

                case SEG_COLUMN_BOOLEAN:
                  fuzz_check ((res == SEG_CONVERT_OK) == b_ok, "convert agrees with seg_parse_boolean");
                  if (res == SEG_CONVERT_OK)
                    fuzz_check (value.i == (b ? 1 : 0), NULL);
                  break;

                case SEG_COLUMN_DATE:
                  fuzz_check ((res == SEG_CONVERT_OK) == date_ok[o], "convert agrees with seg_parse_date");
                  if (res == SEG_CONVERT_OK)
                    fuzz_check (value.len == 10 && memcmp (value.text, dates[o], 10) == 0, dates[o]);
                  break;

                case SEG_COLUMN_DATETIME:
                  /* A date alone is a date-time at midnight. */
                  fuzz_check ((res == SEG_CONVERT_OK) == (datetime_ok[o] || date_ok[o]),
                              "convert agrees with seg_parse_datetime and seg_parse_date");
                  if (res == SEG_CONVERT_OK && datetime_ok[o])
                    fuzz_check (value.len == 19 && memcmp (value.text, datetimes[o], 19) == 0, datetimes[o]);
                  else if (res == SEG_CONVERT_OK)
                    fuzz_check (value.len == 19 && memcmp (value.text, dates[o], 10) == 0 &&
                                strcmp (value.text + 10, " 00:00:00") == 0, dates[o]);
                  break;

                case SEG_COLUMN_TEXT:
                default:
                  break;
                }
            }
        }
    }
}

typedef struct
{
  char       delimiter;
  guint      n_records;
  guint      n_columns;
  GPtrArray *guesses; /* SegTypeGuess per column */
  GPtrArray *values;  /* per column, a GPtrArray of the cells added */
} ValueData;

typedef struct
{
  const SegCsvRecord *original;
  guint               n_records;
} ReparseData;

/* A record written back out must read back as the same record. */
static gboolean
reparse_record (const SegCsvRecord  *record,
                gpointer             user_data,
                GError             **error)
{
  ReparseData *data = user_data;
  const SegCsvRecord *original = data->original;

  fuzz_check (data->n_records++ == 0, "a formatted record reads back as one record");
  if (data->n_records > 1)
    return FALSE;

  fuzz_check (record->n_fields == original->n_fields, "the field count survives formatting");
  for (guint i = 0; i < MIN (record->n_fields, original->n_fields); i++)
    fuzz_check (record->lengths[i] == original->lengths[i] &&
                memcmp (record->fields[i], original->fields[i], record->lengths[i]) == 0,
                original->fields[i]);

  return TRUE;
}

static gboolean
value_record (const SegCsvRecord  *record,
              gpointer             user_data,
              GError             **error)
{
  ValueData *data = user_data;
  g_autoptr(GString) formatted = g_string_new (NULL);
  ReparseData reparse = { record, 0 };

  fuzz_check (record->index == data->n_records, "records are counted without gaps");
  fuzz_check (record->line >= 1, NULL);

  if (data->n_records == 0)
    {
      data->n_columns = MIN (record->n_fields, MAX_VALUE_COLUMNS);
      for (guint i = 0; i < data->n_columns; i++)
        {
          g_ptr_array_add (data->guesses, seg_type_guess_new ());
          g_ptr_array_add (data->values, g_ptr_array_new_with_free_func (g_free));
        }
    }

  for (guint i = 0; i < record->n_fields; i++)
    {
      fuzz_check (record->fields[i][record->lengths[i]] == '\0', "fields are NUL-terminated");
      fuzz_check (g_utf8_validate_len (record->fields[i], record->lengths[i], NULL),
                  "fields are UTF-8 without NUL");

      if (i >= data->n_columns)
        continue;

      check_cell (record->fields[i], record->lengths[i]);
      seg_type_guess_add (g_ptr_array_index (data->guesses, i),
                          record->fields[i], record->lengths[i]);
      g_ptr_array_add (g_ptr_array_index (data->values, i),
                       g_strndup (record->fields[i], record->lengths[i]));
    }

  seg_csv_format_record (record, data->delimiter, formatted);
  fuzz_check (seg_csv_parse_text (formatted->str, formatted->len, data->delimiter,
                                  reparse_record, &reparse, NULL),
              formatted->str);
  fuzz_check (reparse.n_records == 1, formatted->str);

  return ++data->n_records < MAX_VALUE_RECORDS;
}

static void
check_guess (SegTypeGuess *guess,
             GPtrArray    *values)
{
  static const SegDateOrder preferred_orders[] = {
    SEG_DATE_ORDER_AUTO,
    SEG_DATE_ORDER_DMY,
    SEG_DATE_ORDER_MDY,
    SEG_DATE_ORDER_YMD,
  };

  for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
    {
      for (guint o = 0; o < G_N_ELEMENTS (preferred_orders); o++)
        {
          SegTypeGuessResult result;
          guint64 fails = 0;
          g_autofree char *detail = NULL;

          seg_type_guess_result (guess, marks[m], preferred_orders[o], &result);

          fuzz_check (result.format.type < SEG_N_COLUMN_TYPES, NULL);
          fuzz_check (result.format.date_order != SEG_DATE_ORDER_AUTO, "a format never has order AUTO");
          fuzz_check (result.n_values + result.n_missing == values->len, "every value is counted once");
          fuzz_check (result.format.type != SEG_COLUMN_TEXT || result.n_misfits == 0, NULL);
          fuzz_check (result.n_misfits <= result.n_values * (100 - SEG_TYPE_GUESS_MIN_FIT_PERCENT) / 100,
                      "a type fits all but two in a hundred");
          fuzz_check (result.format.type != SEG_COLUMN_BOOLEAN || result.n_misfits <= result.n_values / 1000,
                      "a boolean type fits all but one in a thousand");

          for (guint v = 0; v < values->len; v++)
            {
              const char *cell = g_ptr_array_index (values, v);
              SegValue value;

              if (seg_value_convert (&result.format, cell, strlen (cell), &value) == SEG_CONVERT_FAIL)
                fails++;
            }

          if (fails != result.n_misfits)
            detail = g_strdup_printf ("type %s, %" G_GUINT64_FORMAT " misfits predicted,"
                                      " %" G_GUINT64_FORMAT " values fail to convert",
                                      seg_column_type_to_string (result.format.type),
                                      result.n_misfits, fails);
          fuzz_check (fails == result.n_misfits, detail);
        }
    }
}

static void
fuzz_values (const char *text,
             gsize       len,
             char        delimiter)
{
  ValueData data = { 0 };

  data.delimiter = delimiter;
  data.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_type_guess_free);
  data.values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  seg_csv_parse_text (text, len, delimiter, value_record, &data, NULL);

  for (guint i = 0; i < data.n_columns; i++)
    check_guess (g_ptr_array_index (data.guesses, i), g_ptr_array_index (data.values, i));

  g_ptr_array_unref (data.guesses);
  g_ptr_array_unref (data.values);
}

/* ---------------------------------------------------------------------- */
/* Names                                                                  */
/* ---------------------------------------------------------------------- */

/* The first line taken as a file name: the table named after it must be
 * usable as it is. Linux names have at most 255 bytes. */
static void
fuzz_names (const guint8 *data,
            gsize         size)
{
  g_autofree char *line = NULL;
  g_autofree char *path = NULL;
  g_autofree char *table = NULL;
  g_autoptr(GError) error = NULL;
  char delimiter;
  SegColumnType type;
  SegDateOrder order;
  gsize n = 0;

  while (n < size && n < 512 && data[n] != '\n' && data[n] != '\0')
    n++;
  line = g_strndup ((const char *) data, n);

  /* Any text may be proposed as a table name; a refusal says why in
   * UTF-8, which the app shows as it is. */
  if (g_utf8_validate (line, -1, NULL))
    {
      if (!seg_project_check_table_name (line, &error))
        {
          fuzz_check (error != NULL && error->domain == SEG_PROJECT_ERROR, NULL);
          fuzz_check_tagged ("table-name-message", g_utf8_validate (error->message, -1, NULL),
                             "the message of seg_project_check_table_name() is not UTF-8");
        }
      g_clear_error (&error);
      g_free (seg_quote_identifier (line));
    }

  if (seg_delimiter_from_string (line, &delimiter))
    fuzz_check (delimiter != '"' && delimiter != '\0', NULL);
  if (seg_column_type_from_string (line, &type))
    fuzz_check (type < SEG_N_COLUMN_TYPES && seg_column_type_to_string (type) != NULL, NULL);
  if (seg_date_order_from_string (line, &order))
    fuzz_check (seg_date_order_to_string (order) != NULL, NULL);

  /* As a file name: a single path component of at most 255 bytes. */
  n = 0;
  while (line[n] != '\0' && line[n] != '/' && n < 255)
    n++;
  line[n] = '\0';

  path = g_build_filename ("/nonexistent", line, NULL);
  table = seg_table_name_from_path (path);
  fuzz_check (table != NULL && g_utf8_validate (table, -1, NULL), NULL);
  fuzz_check_tagged ("table-name-length", seg_project_check_table_name (table, &error),
                     error != NULL ? error->message : NULL);
}

/* ---------------------------------------------------------------------- */
/* Importing                                                              */
/* ---------------------------------------------------------------------- */

typedef struct
{
  const char    *encoding;
  char           delimiter;
  SegHeaderMode  header;
  SegDateOrder   date_order;
  guint64        max_field_size;
  int            override_column; /* -1 for none */
  SegColumnType  override_type;
} ImportOptions;

static gint64
count_rows (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (seg_project_get_db (project), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

/* What the import stored, read back with SQL. */
static void
check_stored (const SegImportSummary *summary)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n_rejects = 0;

  fuzz_check (count_rows ("SELECT count(*) FROM \"" TABLE_NAME "\"") == summary->rows,
              "the table has the rows the summary counts");

  if (sqlite3_prepare_v2 (seg_project_get_db (project),
                          "SELECT reason, raw FROM seg_rejects WHERE table_id ="
                          " (SELECT id FROM seg_tables WHERE name = '" TABLE_NAME "')",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      fuzz_check (FALSE, sqlite3_errmsg (seg_project_get_db (project)));
      return;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *reason = (const char *) sqlite3_column_text (stmt, 0);
      const char *raw = (const char *) sqlite3_column_text (stmt, 1);

      n_rejects++;
      fuzz_check_tagged ("reject-reason-utf8", reason != NULL && g_utf8_validate (reason, -1, NULL),
                         "a reject reason is not UTF-8");
      fuzz_check (raw != NULL && g_utf8_validate (raw, -1, NULL), "a rejected row is not UTF-8");
    }
  sqlite3_finalize (stmt);

  fuzz_check (n_rejects == summary->rejected + summary->emptied,
              "the rejects list has the rows and cells the summary counts");
}

static void
check_summary (const SegImportSummary *summary,
               const ImportOptions    *options)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  fuzz_check (g_strcmp0 (summary->table, TABLE_NAME) == 0, summary->table);
  fuzz_check (summary->encoding != NULL, NULL);
  fuzz_check (summary->columns->len >= 1 && summary->columns->len <= 2000, NULL);
  fuzz_check (summary->rows >= 0 && summary->padded >= 0 && summary->rejected >= 0 &&
              summary->emptied >= 0, NULL);
  fuzz_check (summary->padded <= summary->rows, "padded rows are stored rows");
  if (options->delimiter == '\0')
    fuzz_check (strchr (SEG_SNIFF_DELIMITERS, summary->delimiter) != NULL, NULL);
  else
    fuzz_check (summary->delimiter == options->delimiter, NULL);

  for (guint i = 0; i < summary->columns->len; i++)
    {
      const SegColumnInfo *column = g_ptr_array_index (summary->columns, i);
      g_autofree char *lower = NULL;

      fuzz_check (column->name != NULL && *column->name != '\0', "column names are never empty");
      fuzz_check (g_utf8_validate (column->name, -1, NULL), NULL);
      fuzz_check (column->header != NULL, NULL);
      lower = g_ascii_strdown (column->name, -1);
      fuzz_check (!g_hash_table_contains (names, lower), column->name);
      g_hash_table_add (names, g_steal_pointer (&lower));
    }

  for (guint i = 0; i < summary->warnings->len; i++)
    fuzz_check (g_utf8_validate (g_ptr_array_index (summary->warnings, i), -1, NULL),
                "warnings are UTF-8");

  /* The catalog says what the summary says. */
  info = seg_project_get_table (project, TABLE_NAME, &error);
  fuzz_check (info != NULL, error != NULL ? error->message : NULL);
  if (info == NULL)
    return;

  fuzz_check (info->rows == summary->rows, NULL);
  fuzz_check (info->padded == summary->padded, NULL);
  fuzz_check (info->rejected == summary->rejected, NULL);
  fuzz_check (g_strcmp0 (info->encoding, summary->encoding) == 0, NULL);
  fuzz_check (info->columns->len == summary->columns->len, NULL);
  for (guint i = 0; i < MIN (info->columns->len, summary->columns->len); i++)
    {
      const SegColumnInfo *stored = g_ptr_array_index (info->columns, i);
      const SegColumnInfo *column = g_ptr_array_index (summary->columns, i);

      fuzz_check (g_strcmp0 (stored->name, column->name) == 0, column->name);
      fuzz_check (g_strcmp0 (stored->header, column->header) == 0, column->header);
      fuzz_check (stored->type == column->type, column->name);
    }

  check_stored (summary);
}

static void
run_import (const ImportOptions *options)
{
  g_autoptr(SegImporter) importer = NULL;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegTableInfo) before = NULL;
  g_autoptr(SegTableInfo) after = NULL;
  g_autoptr(GError) error = NULL;

  before = seg_project_get_table (project, TABLE_NAME, NULL);

  importer = seg_importer_new (project, input_path);
  seg_importer_set_table_name (importer, TABLE_NAME);
  seg_importer_set_replace (importer, TRUE);
  seg_importer_set_encoding (importer, options->encoding);
  seg_importer_set_delimiter (importer, options->delimiter);
  seg_importer_set_header (importer, options->header);
  seg_importer_set_date_order (importer, options->date_order);
  seg_importer_set_max_field_size (importer, options->max_field_size);
  if (options->override_column >= 0)
    seg_importer_set_column_type (importer, options->override_column, options->override_type);

  summary = seg_importer_run (importer, NULL, &error);

  fuzz_check ((summary == NULL) == (error != NULL), "an import fails exactly when it sets an error");
  fuzz_check (seg_importer_get_fraction (importer) >= 0.0 && seg_importer_get_fraction (importer) <= 1.0, NULL);

  if (summary != NULL)
    {
      check_summary (summary, options);
      return;
    }

  if (error == NULL)
    return;

  note_error ("import", error);
  fuzz_check (error->domain == SEG_IMPORT_ERROR || error->domain == SEG_PROJECT_ERROR ||
              error->domain == G_IO_ERROR, error->message);
  fuzz_check (error->message != NULL && *error->message != '\0', NULL);
  fuzz_check (g_utf8_validate (error->message, -1, NULL), "error messages are UTF-8");

  /* A failed import leaves the project as it was. */
  after = seg_project_get_table (project, TABLE_NAME, NULL);
  fuzz_check ((before == NULL) == (after == NULL), "a failed import keeps the table");
  if (before != NULL && after != NULL)
    {
      fuzz_check (before->rows == after->rows, "a failed import keeps the rows");
      fuzz_check (g_strcmp0 (before->imported_at, after->imported_at) == 0, NULL);
    }
}

static void
fuzz_import (const guint8 *data,
             gsize         size,
             guint32       bits)
{
  static const char *const encodings[] = {
    NULL, "UTF-8", "GBK", "UTF-16", "latin1", "UTF-16BE", "auto", "SHIFT_JIS",
  };
  static const char delimiters[] = { '\0', ',', ';', '\t', '|', ' ', ':', '\0' };
  static const guint64 field_sizes[] = { SEG_CSV_DEFAULT_MAX_FIELD, 1, 16, 1024 };
  ImportOptions automatic = {
    NULL, '\0', SEG_HEADER_AUTO, SEG_DATE_ORDER_AUTO, SEG_CSV_DEFAULT_MAX_FIELD, -1, SEG_COLUMN_TEXT,
  };
  ImportOptions chosen;
  FILE *f;

  f = fopen (input_path, "wb");
  if (f == NULL || (size > 0 && fwrite (data, 1, size, f) != size) || fclose (f) != 0)
    {
      /* Not a bug of the code under test; say so and carry on. */
      fprintf (stderr, "[fuzz-import] cannot write %s\n", input_path);
      return;
    }

  /* What the app does by default: detect everything. */
  run_import (&automatic);

  /* And with options a user may choose. */
  chosen.encoding = encodings[bits & 7];
  chosen.delimiter = delimiters[(bits >> 3) & 7];
  chosen.header = ((bits >> 6) & 3) % 3;
  chosen.date_order = (bits >> 8) & 3;
  chosen.max_field_size = field_sizes[(bits >> 10) & 3];
  chosen.override_column = ((bits >> 12) & 7) < 4 ? (int) ((bits >> 12) & 7) : -1;
  chosen.override_type = ((bits >> 15) & 7) % SEG_N_COLUMN_TYPES;
  run_import (&chosen);
}

/* ---------------------------------------------------------------------- */
/* libFuzzer entry points                                                 */
/* ---------------------------------------------------------------------- */

static void
fuzz_cleanup (void)
{
  const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_clear_object (&project);

  if (project_path != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (project_path, suffixes[i], NULL);

          g_unlink (file);
        }
    }
  if (input_path != NULL)
    g_unlink (input_path);
  if (fuzz_dir != NULL)
    g_rmdir (fuzz_dir);

  g_clear_pointer (&project_path, g_free);
  g_clear_pointer (&input_path, g_free);
  g_clear_pointer (&fuzz_dir, g_free);
  g_clear_pointer (&seen_errors, g_hash_table_unref);
  g_clear_pointer (&skip_tags, g_strfreev);
}

static const char *
choose_tmp_base (void)
{
  const char *base = g_getenv ("SEG_FUZZ_TMPDIR");

  if (base != NULL && *base != '\0')
    return base;

  /* SQLite syncs every commit; on tmpfs that costs nothing. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    return "/dev/shm";

  return g_get_tmp_dir ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = NULL;
  FILE *f;

  /* For processes started from here (libFuzzer's -fork mode); this one
   * read G_DEBUG when GLib was loaded, hence the writer below. */
  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);

  verbose = g_getenv ("SEG_FUZZ_VERBOSE") != NULL;
  if (g_getenv ("SEG_FUZZ_SKIP") != NULL)
    skip_tags = g_strsplit (g_getenv ("SEG_FUZZ_SKIP"), ",", -1);
  oracles = g_getenv ("SEG_FUZZ_NO_ORACLES") == NULL;
  seen_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  tmpl = g_build_filename (choose_tmp_base (), "segmenta-fuzz-XXXXXX", NULL);
  fuzz_dir = g_mkdtemp (g_steal_pointer (&tmpl));
  if (fuzz_dir == NULL)
    {
      fprintf (stderr, "[fuzz-import] cannot make a temporary directory\n");
      abort ();
    }
  input_path = g_build_filename (fuzz_dir, "input.csv", NULL);
  project_path = g_build_filename (fuzz_dir, "fuzz.segmenta", NULL);
  atexit (fuzz_cleanup);

  project = seg_project_open (project_path, TRUE, &error);
  if (project == NULL)
    {
      fprintf (stderr, "[fuzz-import] cannot create a project: %s\n", error->message);
      abort ();
    }

  /* Start with a table to replace, so that every successful import takes
   * the replacing path and every failed one can be seen to keep it. */
  f = fopen (input_path, "wb");
  if (f == NULL || fputs ("id,name\n1,first\n", f) < 0 || fclose (f) != 0)
    {
      fprintf (stderr, "[fuzz-import] cannot write %s\n", input_path);
      abort ();
    }
  {
    g_autoptr(SegImporter) importer = seg_importer_new (project, input_path);
    g_autoptr(SegImportSummary) summary = NULL;

    seg_importer_set_table_name (importer, TABLE_NAME);
    summary = seg_importer_run (importer, NULL, &error);
    if (summary == NULL)
      {
        fprintf (stderr, "[fuzz-import] the first import failed: %s\n", error->message);
        abort ();
      }
  }

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint32 bits;
  GString *text;

  if (size > FUZZ_MAX_INPUT)
    return 0;

  bits = input_bits (data, size);

  text = fuzz_decoding (data, size);

  /* The raw bytes, when they are UTF-8 already, and the decoded text. */
  if (utf8_valid_with_nul ((const char *) data, size))
    fuzz_sniffing ((const char *) data, size, bits);
  if (text != NULL)
    {
      char delimiter;

      if (text->len != size || memcmp (text->str, data, size) != 0)
        fuzz_sniffing (text->str, text->len, bits);

      /* Like the importer, which sniffs the sample as a C string. */
      delimiter = seg_sniff_delimiter (text->str, strlen (text->str), NULL);
      fuzz_values (text->str, text->len, delimiter);
      g_string_free (text, TRUE);
    }

  fuzz_names (data, size);
  fuzz_import (data, size, bits);

  return 0;
}
