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

  /* Nothing splits the lines evenly: perhaps the columns are aligned
   * with spaces. */
  if (best_share < 0.9)
    {
      g_autoptr(GArray) starts = seg_sniff_aligned (text, len);

      if (starts != NULL)
        {
          best = SEG_DELIMITER_ALIGNED;
          best_mode = starts->len;
        }
    }

  if (n_columns != NULL)
    *n_columns = best_mode;

  return best;
}

static inline guint
char_width (const char *p)
{
  if ((guchar) *p < 0x80)
    return 1;
  return g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
}

/**
 * seg_sniff_aligned:
 * @text: the first lines of a file, as UTF-8
 * @len: length of @text
 *
 * Finds the columns of text aligned with spaces: a column starts where a
 * character follows a position that is blank on every line (lines that
 * end sooner count as blank there). Values may hold single spaces
 * ("Ada Lovelace") and be aligned left or right, as long as some blank
 * position separates them from the next column on every line.
 *
 * Returns: (transfer full) (nullable): the start of each column, in
 *   characters from the line's start (guint), or %NULL when the lines do
 *   not line up in two columns or more
 */
GArray *
seg_sniff_aligned (const char *text,
                   gsize       len)
{
  g_autoptr(GArray) blank = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *starts;
  const char *p = text;
  const char *end = text + len;
  guint n_lines = 0;
  guint width = 0;
  gboolean any_tab = FALSE;

  while (p < end && n_lines < SNIFF_MAX_RECORDS)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;
      guint col = 0;

      if (line_end > p && line_end[-1] == '\r')
        line_end--;

      /* Blank lines say nothing. */
      {
        const char *q = p;

        while (q < line_end && (*q == ' ' || *q == '\t'))
          q++;
        if (q == line_end)
          {
            p = eol != NULL ? eol + 1 : end;
            continue;
          }
      }

      for (const char *q = p; q < line_end; q = g_utf8_next_char (q))
        {
          gboolean is_blank = *q == ' ';
          /* Chinese, Japanese and Korean characters take two positions,
           * as in the fixed-width files of the systems that write them. */
          guint w = char_width (q);

          if (*q == '\t')
            any_tab = TRUE;
          for (guint k = 0; k < w; k++, col++)
            {
              if (col >= blank->len)
                {
                  /* Positions no earlier line reached were blank on them. */
                  gboolean yes = TRUE;

                  g_array_append_val (blank, yes);
                }
              if (!is_blank)
                g_array_index (blank, gboolean, col) = FALSE;
            }
        }
      width = MAX (width, col);
      g_array_append_val (widths, col);
      n_lines++;
      p = eol != NULL ? eol + 1 : end;
    }

  if (n_lines < 2 || any_tab)
    return NULL;

  starts = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint c = 0; c < width; c++)
    if (!g_array_index (blank, gboolean, c) && (c == 0 || g_array_index (blank, gboolean, c - 1)))
      {
        guint reach = 0;

        /* A column is a column only if nearly every line reaches it: a
         * position past the end of short lines is blank on them only
         * because they ended. */
        for (guint l = 0; l < widths->len; l++)
          reach += g_array_index (widths, guint, l) > c;
        if (c == 0 || reach * 10 >= widths->len * 9)
          g_array_append_val (starts, c);
      }

  if (starts->len < 2)
    {
      g_array_unref (starts);
      return NULL;
    }

  /* The first column starts at the line's start, whatever its indent. */
  g_array_index (starts, guint, 0) = 0;

  return starts;
}

/**
 * seg_aligned_line_to_csv:
 * @line: one line, without its line end
 * @len: its length
 * @starts: the column starts from seg_sniff_aligned()
 * @out: where to append the line as comma-separated fields (no line end)
 *
 * Cuts a line of aligned text at the column starts, trims each field, and
 * writes it as CSV. Whatever runs past the last start belongs to the last
 * column.
 */
void
seg_aligned_line_to_csv (const char   *line,
                         gsize         len,
                         const GArray *starts,
                         GString      *out)
{
  const char *p = line;
  const char *end = line + len;
  guint col = 0;

  for (guint k = 0; k < starts->len; k++)
    {
      guint next = k + 1 < starts->len ? g_array_index (starts, guint, k + 1) : G_MAXUINT;
      const char *field_start, *field_end;

      field_start = p;
      while (p < end && col < next)
        {
          col += char_width (p);
          p = g_utf8_next_char (p);
        }
      field_end = MIN (p, end);

      while (field_start < field_end && (*field_start == ' ' || *field_start == '\t'))
        field_start++;
      while (field_end > field_start && (field_end[-1] == ' ' || field_end[-1] == '\t'))
        field_end--;

      if (k > 0)
        g_string_append_c (out, ',');
      seg_csv_append_field (out, field_start, field_end - field_start, ',');

      if (p >= end)
        {
          /* A short line: the fields it does not reach are left out. */
          break;
        }
    }
}

/**
 * seg_aligned_text_to_csv:
 * @text: lines of aligned text
 * @len: its length
 * @starts: the column starts from seg_sniff_aligned()
 *
 * Returns: (transfer full): @text as CSV, line for line
 */
char *
seg_aligned_text_to_csv (const char   *text,
                         gsize         len,
                         const GArray *starts)
{
  GString *out = g_string_sized_new (len + len / 4);
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;

      if (line_end > p && line_end[-1] == '\r')
        line_end--;
      seg_aligned_line_to_csv (p, line_end - p, starts, out);
      if (eol == NULL)
        break;
      g_string_append_c (out, '\n');
      p = eol + 1;
    }

  return g_string_free (out, FALSE);
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
