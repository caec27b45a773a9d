/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-csv-reader.h"
#include "seg-sniff.h"
#include "seg-value.h"

/* Enough rows to see a pattern, few enough to stay instant. */
#define SNIFF_MAX_RECORDS 200

typedef struct
{
  GArray *counts; /* guint, fields per record */
} CountData;

static gboolean
count_fields (const SegCsvRecord  *record,
              gpointer             user_data,
              GError             **error)
{
  CountData *data = user_data;

  g_array_append_val (data->counts, record->n_fields);

  return data->counts->len < SNIFF_MAX_RECORDS;
}

/* The most common field count and the share of records that have it. */
static void
consistency (GArray *counts,
             guint  *mode,
             double *share)
{
  g_autoptr(GHashTable) tally = g_hash_table_new (NULL, NULL);
  guint best = 0;
  guint best_n = 0;

  for (guint i = 0; i < counts->len; i++)
    {
      guint c = g_array_index (counts, guint, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (tally, GUINT_TO_POINTER (c))) + 1;

      g_hash_table_insert (tally, GUINT_TO_POINTER (c), GUINT_TO_POINTER (n));
      if (n > best_n || (n == best_n && c > best))
        {
          best = c;
          best_n = n;
        }
    }

  *mode = best;
  *share = counts->len > 0 ? (double)best_n / counts->len : 0.0;
}

/**
 * seg_sniff_delimiter:
 * @text: the first lines of a file, as UTF-8
 * @len: length of @text
 * @n_columns: (out) (optional): the usual number of fields per record
 *
 * Tries each delimiter by parsing the sample with it: the right one splits
 * every record, the header included, into the same number of fields. A
 * comma inside decimal numbers of a semicolon file splits rows unevenly and
 * the header not at all, so it loses.
 *
 * Returns: the delimiter; a comma when nothing splits the text
 */
char
seg_sniff_delimiter (const char *text,
                     gsize       len,
                     guint      *n_columns)
{
  char best = ',';
  guint best_mode = 1;
  double best_share = -1.0;

  for (const char *d = SEG_SNIFF_DELIMITERS; *d; d++)
    {
      CountData data;
      guint mode = 0;
      double share = 0.0;

      data.counts = g_array_new (FALSE, FALSE, sizeof (guint));
      seg_csv_parse_text (text, len, *d, count_fields, &data, NULL);
      consistency (data.counts, &mode, &share);
      g_array_unref (data.counts);

      if (mode < 2)
        continue;

      if (share > best_share + 1e-9 ||
          (share > best_share - 1e-9 && mode > best_mode))
        {
          best = *d;
          best_mode = mode;
          best_share = share;
        }
    }

  if (n_columns != NULL)
    *n_columns = best_mode;

  return best;
}

typedef struct
{
  GPtrArray *first;   /* of char*, the first record */
  GPtrArray *guesses; /* SegTypeGuess per column over the other records */
  guint      n;
} HeaderData;

static gboolean
collect_rows (const SegCsvRecord  *record,
              gpointer             user_data,
              GError             **error)
{
  HeaderData *data = user_data;

  if (data->n++ == 0)
    {
      for (guint i = 0; i < record->n_fields; i++)
        {
          g_ptr_array_add (data->first, g_strndup (record->fields[i], record->lengths[i]));
          g_ptr_array_add (data->guesses, seg_type_guess_new ());
        }
      return TRUE;
    }

  for (guint i = 0; i < MIN (record->n_fields, data->guesses->len); i++)
    seg_type_guess_add (g_ptr_array_index (data->guesses, i),
                        record->fields[i], record->lengths[i]);

  return data->n < SNIFF_MAX_RECORDS;
}

/**
 * seg_sniff_header:
 * @text: the first lines of a file, as UTF-8
 * @len: length of @text
 * @delimiter: its delimiter
 *
 * Decides whether the first record names the columns: a column whose values
 * are numbers or dates but whose first cell is not one votes for a header;
 * a first cell that fits like the rest votes against. Without any vote, a
 * first row of distinct non-empty words is taken as a header, as nearly all
 * spreadsheet exports have one.
 *
 * Returns: whether the first record is a header
 */
gboolean
seg_sniff_header (const char *text,
                  gsize       len,
                  char        delimiter)
{
  HeaderData data;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean all_words = TRUE;
  int votes = 0;

  data.first = g_ptr_array_new_with_free_func (g_free);
  data.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  data.n = 0;

  seg_csv_parse_text (text, len, delimiter, collect_rows, &data, NULL);

  for (guint i = 0; i < data.first->len; i++)
    {
      const char *cell = g_ptr_array_index (data.first, i);
      gsize cell_len = strlen (cell);
      SegTypeGuessResult result;
      SegValue value;

      if (seg_value_is_missing (cell, cell_len) ||
          g_hash_table_contains (seen, cell))
        all_words = FALSE;
      else
        {
          double number;

          g_hash_table_add (seen, (gpointer)cell);
          if (seg_parse_real (cell, cell_len, SEG_DECIMAL_DOT, &number) ||
              seg_parse_real (cell, cell_len, SEG_DECIMAL_COMMA, &number))
            all_words = FALSE;
        }

      if (data.n < 2)
        continue;

      seg_type_guess_result (g_ptr_array_index (data.guesses, i),
                             delimiter == ';' ? SEG_DECIMAL_COMMA : SEG_DECIMAL_DOT,
                             SEG_DATE_ORDER_AUTO, &result);
      if (result.format.type == SEG_COLUMN_TEXT || seg_value_is_missing (cell, cell_len))
        continue;

      if (seg_value_convert (&result.format, cell, cell_len, &value) == SEG_CONVERT_OK)
        votes--;
      else
        votes++;
    }

  g_ptr_array_unref (data.first);
  g_ptr_array_unref (data.guesses);

  if (votes != 0)
    return votes > 0;

  return all_words;
}

const char *
seg_delimiter_to_string (char delimiter)
{
  char buf[2] = { delimiter, '\0' };

  return g_intern_string (buf);
}

/**
 * seg_delimiter_from_string:
 * @str: a single ASCII punctuation character, or "tab", "comma",
 *   "semicolon", "pipe", "space"
 * @delimiter: (out): the delimiter
 *
 * Returns: whether @str names a usable delimiter
 */
gboolean
seg_delimiter_from_string (const char *str,
                           char       *delimiter)
{
  static const struct { const char *name; char c; } names[] = {
    { "tab", '\t' }, { "\\t", '\t' }, { "comma", ',' }, { "semicolon", ';' },
    { "pipe", '|' }, { "space", ' ' },
  };

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (str, names[i].name) == 0)
      {
        *delimiter = names[i].c;
        return TRUE;
      }

  if (strlen (str) == 1 && (g_ascii_ispunct (str[0]) || str[0] == '\t' || str[0] == ' ') &&
      str[0] != '"')
    {
      *delimiter = str[0];
      return TRUE;
    }

  return FALSE;
}
