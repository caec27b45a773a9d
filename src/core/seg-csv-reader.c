/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "seg-csv-reader.h"
#include "seg-decoder.h"
#include "seg-error.h"
#include "seg-sniff.h"
#include "seg-workbook.h"

#define READ_CHUNK   (256 * 1024)
#define DETECT_BYTES (1024 * 1024)

/* libcsv keeps these states private; the parser struct is public, and we
 * need to know whether a record or a quoted field is open. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN   2

/* Turns decoded UTF-8 text into records. Text is pushed in pieces of any
 * size; lines are counted here because libcsv does not count them. */
typedef struct
{
  struct csv_parser   parser;
  const char         *filename;     /* for messages */
  char                delimiter;
  gsize               max_field;

  SegCsvRecordFunc    func;
  gpointer            func_data;

  /* The record being assembled. Plain arrays grown by doubling: this runs
   * for every field of the file. */
  char               *arena;
  gsize               arena_len;
  gsize               arena_size;
  gsize              *offsets;      /* start of each field in arena */
  gsize              *lengths;
  const char        **pointers;
  guint               n_fields;
  guint               fields_size;

  guint64             line;         /* the line being fed, from 1 */
  guint64             record_line;  /* where the open record began */
  guint64             field_line;   /* where the open field began */
  guint64             n_records;
  guint64             n_blank;
  guint64             partial_chars; /* characters of the current line fed so far */
  gboolean            at_line_start;
  gboolean            last_was_cr;
  gboolean            stopped;      /* the consumer asked to stop */
  GError             *error;        /* the consumer's error */
} Splitter;

static int
never_space (unsigned char c)
{
  /* Spaces inside fields are data: keep every one of them. */
  return 0;
}

static void
on_field (void   *data,
          size_t  len,
          void   *user_data)
{
  Splitter *s = user_data;

  if (s->stopped)
    return;

  if (G_UNLIKELY (s->n_fields == s->fields_size))
    {
      s->fields_size = MAX (16, s->fields_size * 2);
      s->offsets = g_renew (gsize, s->offsets, s->fields_size);
      s->lengths = g_renew (gsize, s->lengths, s->fields_size);
      s->pointers = g_renew (const char *, s->pointers, s->fields_size);
    }

  if (G_UNLIKELY (s->arena_len + len + 1 > s->arena_size))
    {
      while (s->arena_len + len + 1 > s->arena_size)
        s->arena_size = MAX (4096, s->arena_size * 2);
      s->arena = g_realloc (s->arena, s->arena_size);
    }

  s->offsets[s->n_fields] = s->arena_len;
  s->lengths[s->n_fields] = len;
  s->n_fields++;
  if (len > 0)
    memcpy (s->arena + s->arena_len, data, len);
  s->arena[s->arena_len + len] = '\0';
  s->arena_len += len + 1;
  s->field_line = s->line;
}

static gboolean
record_is_blank (Splitter *s)
{
  for (guint i = 0; i < s->n_fields; i++)
    {
      const char *field = s->arena + s->offsets[i];
      gsize len = s->lengths[i];

      for (gsize j = 0; j < len; j++)
        if (field[j] != ' ' && field[j] != '\t')
          return FALSE;
    }

  return TRUE;
}

static void
on_record (int   c,
           void *user_data)
{
  Splitter *s = user_data;
  SegCsvRecord record;

  if (s->stopped)
    return;

  /* Rows with nothing in them (blank lines, a row of empty cells at the end
   * of a spreadsheet) carry no data; they are counted, not imported. */
  if (record_is_blank (s))
    {
      s->n_blank++;
      goto reset;
    }

  for (guint i = 0; i < s->n_fields; i++)
    s->pointers[i] = s->arena + s->offsets[i];

  record.n_fields = s->n_fields;
  record.fields = s->pointers;
  record.lengths = s->lengths;
  record.line = s->record_line;
  record.index = s->n_records++;

  if (!s->func (&record, s->func_data, &s->error))
    s->stopped = TRUE;

reset:
  s->arena_len = 0;
  s->n_fields = 0;
}

static void
splitter_init (Splitter         *s,
               const char       *filename,
               char              delimiter,
               gsize             max_field,
               SegCsvRecordFunc  func,
               gpointer          func_data)
{
  memset (s, 0, sizeof *s);
  csv_init (&s->parser, 0);
  csv_set_delim (&s->parser, (unsigned char)delimiter);
  csv_set_space_func (&s->parser, never_space);
  csv_set_blk_size (&s->parser, 64 * 1024);
  s->filename = filename;
  s->delimiter = delimiter;
  s->max_field = max_field;
  s->func = func;
  s->func_data = func_data;
  s->line = 1;
  s->record_line = 1;
  s->field_line = 1;
  s->at_line_start = TRUE;
}

static void
splitter_clear (Splitter *s)
{
  csv_free (&s->parser);
  g_clear_pointer (&s->arena, g_free);
  g_clear_pointer (&s->offsets, g_free);
  g_clear_pointer (&s->lengths, g_free);
  g_clear_pointer (&s->pointers, g_free);
  g_clear_error (&s->error);
}

static guint64
count_chars (const char *text,
             gsize       len)
{
  return g_utf8_strlen (text, len);
}

/* Splits a line without quotes (and without its line end) at the
 * delimiter. An empty line is no record, as in libcsv. */
static gboolean
split_plain_line (Splitter    *s,
                  const char  *line,
                  gsize        len,
                  GError     **error)
{
  const char *p = line;
  const char *end = line + len;

  if (len == 0)
    return TRUE;

  for (;;)
    {
      const char *d = memchr (p, s->delimiter, end - p);
      const char *field_end = d != NULL ? d : end;

      if (G_UNLIKELY ((gsize)(field_end - p) > s->max_field))
        {
          g_autofree char *limit = g_format_size_full (s->max_field, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_FIELD_TOO_LARGE,
                       _("%s: line %" PRIu64 ", column %u: field too large (over %s)"),
                       s->filename, s->line, s->n_fields + 1, limit);
          return FALSE;
        }

      on_field ((void *)p, field_end - p, s);
      if (d == NULL)
        break;
      p = d + 1;
    }

  on_record ('\n', s);
  return TRUE;
}

/* Hands one piece of at most one line to libcsv; @len includes the line
 * end if the piece has one. */
static gboolean
feed_piece (Splitter    *s,
            const char  *piece,
            gsize        len,
            gboolean     ends_line,
            GError     **error)
{
  const char *nul;

  if (len == 0)
    return TRUE;

  /* A lone LF right after a CR is the second half of a CRLF line end. */
  if (len == 1 && piece[0] == '\n' && s->last_was_cr)
    {
      s->last_was_cr = FALSE;
      csv_parse (&s->parser, piece, len, on_field, on_record, s);
      return TRUE;
    }

  nul = memchr (piece, '\0', len);
  if (G_UNLIKELY (nul != NULL))
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NUL_BYTE,
                   _("%s: line %" PRIu64 ", column %" PRIu64 ": the text contains a NUL character; the file may be binary or in another encoding"),
                   s->filename, s->line,
                   s->partial_chars + count_chars (piece, nul - piece) + 1);
      return FALSE;
    }

  if (s->at_line_start && s->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
    {
      s->record_line = s->line;
      s->field_line = s->line;

      /* Most lines of an export hold no quote at all; those split exactly
       * as libcsv would split them, without its byte-at-a-time state
       * machine. */
      if (ends_line && memchr (piece, '"', len) == NULL)
        {
          if (!split_plain_line (s, piece, len - 1, error))
            return FALSE;
          goto fed;
        }
    }

  if (csv_parse (&s->parser, piece, len, on_field, on_record, s) != len)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_FIELD_TOO_LARGE,
                   _("%s: line %" PRIu64 ": out of memory while reading a field"),
                   s->filename, s->field_line);
      return FALSE;
    }

fed:
  if (s->stopped)
    {
      if (s->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&s->error));
          return FALSE;
        }
      return TRUE;
    }

  if (G_UNLIKELY (s->parser.entry_pos > s->max_field))
    {
      g_autofree char *limit = g_format_size_full (s->max_field, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_FIELD_TOO_LARGE,
                   _("%s: line %" PRIu64 ", column %u: field too large (over %s)%s"),
                   s->filename, s->field_line, s->n_fields + 1, limit,
                   s->parser.quoted ? _("; a quote may be missing its closing quote") : "");
      return FALSE;
    }

  if (ends_line)
    {
      s->last_was_cr = piece[len - 1] == '\r';
      s->line++;
      s->partial_chars = 0;
      s->at_line_start = TRUE;
    }
  else
    {
      s->partial_chars += count_chars (piece, len);
      s->at_line_start = FALSE;
      s->last_was_cr = FALSE;
    }

  return TRUE;
}

/* Feeds decoded text of any length, cut into lines. */
static gboolean
splitter_push (Splitter    *s,
               const char  *text,
               gsize        len,
               GError     **error)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end && !s->stopped)
    {
      const char *q = p;

      /* memchr is much faster than a byte loop on long lines. */
      const char *lf = memchr (p, '\n', end - p);
      const char *cr = memchr (p, '\r', (lf != NULL ? lf : end) - p);
      const char *eol = cr != NULL ? cr : lf;

      if (eol == NULL)
        return feed_piece (s, p, end - p, FALSE, error);

      q = eol + 1;
      if (!feed_piece (s, p, q - p, TRUE, error))
        return FALSE;
      p = q;
    }

  return TRUE;
}

static gboolean
splitter_finish (Splitter    *s,
                 GError     **error)
{
  if (s->stopped)
    return TRUE;

  if (s->parser.pstate == LIBCSV_FIELD_BEGUN && s->parser.quoted)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_UNTERMINATED_QUOTE,
                   _("%s: line %" PRIu64 ", column %u: a quoted field is never closed (the file ends inside quotes)"),
                   s->filename, s->field_line, s->n_fields + 1);
      return FALSE;
    }

  csv_fini (&s->parser, on_field, on_record, s);

  if (s->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&s->error));
      return FALSE;
    }

  return TRUE;
}

gboolean
seg_csv_parse_text (const char        *text,
                    gsize              len,
                    char               delimiter,
                    SegCsvRecordFunc   func,
                    gpointer           func_data,
                    GError           **error)
{
  Splitter s;
  gboolean ret;

  splitter_init (&s, _("text"), delimiter, SEG_CSV_DEFAULT_MAX_FIELD, func, func_data);
  ret = splitter_push (&s, text, len, error) && splitter_finish (&s, error);
  splitter_clear (&s);

  return ret;
}

struct _SegCsvReader
{
  char    *path;
  char    *display_name;
  char    *charset;
  gboolean charset_detected;
  guint64  size;
  char     delimiter;
  gsize    max_field;
  guint64  n_blank;

  /* A sheet of a workbook read as records instead of a text file. */
  SegWorkbook *book;
  char        *sheet;

  /* Text aligned in columns with spaces: where each column starts. */
  GArray      *aligned;
};

static int
open_file (const char  *path,
           const char  *display_name,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_IO,
                   _("%s: cannot be read: %s"), display_name, g_strerror (saved));
    }

  return fd;
}

static gssize
read_full (int          fd,
           guint8      *buf,
           gsize        len,
           const char  *display_name,
           GError     **error)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, buf + done, len - done);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_IO,
                       _("%s: cannot be read: %s"), display_name, g_strerror (saved));
          return -1;
        }
      if (n == 0)
        break;
      done += n;
    }

  return done;
}

/* A text file with a stray NUL byte or two is damaged text, not binary:
 * the person is better served by the line and column of the NUL. */
static gboolean
looks_like_text_with_stray_nul (const guint8 *buf,
                                gsize         len)
{
  gsize nul = 0;
  gsize control = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (buf[i] == 0)
        nul++;
      else if (buf[i] < 0x20 && buf[i] != '\t' && buf[i] != '\n' && buf[i] != '\r')
        control++;
    }

  if (nul == 0 || (nul > 2 && nul * 100 >= len) || control * 100 >= len || memchr (buf, 0, MIN (len, 8)) != NULL)
    return FALSE;

  {
    g_autofree char *copy = g_memdup2 (buf, len);
    const char *end = NULL;

    for (gsize i = 0; i < len; i++)
      if (copy[i] == '\0')
        copy[i] = ' ';

    /* A character cut off by the end of the buffer is fine. */
    g_utf8_validate_len (copy, len, &end);
    return (gsize)(end - copy) + 4 > len;
  }
}

/* Decides the charset from the start of the file and, when that looks like
 * UTF-8, checks the rest too: one stray byte deep in a large export is
 * enough to make it another encoding. */
static gboolean
detect_charset (SegCsvReader  *self,
                GError       **error)
{
  g_autofree guint8 *buf = g_malloc (DETECT_BYTES);
  g_autoptr(GString) scratch = NULL;
  g_autoptr(SegDecoder) decoder = NULL;
  const char *charset;
  gssize n;
  int fd;

  fd = open_file (self->path, self->display_name, error);
  if (fd < 0)
    return FALSE;

  n = read_full (fd, buf, DETECT_BYTES, self->display_name, error);
  if (n < 0)
    {
      close (fd);
      return FALSE;
    }

  charset = seg_encoding_detect (buf, n, (guint64)n == self->size);
  if (charset == NULL && looks_like_text_with_stray_nul (buf, n))
    charset = "UTF-8";
  if (charset == NULL)
    {
      close (fd);
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_BINARY,
                   _("%s: this is not a text file (it contains binary data). Choose a CSV or tab-separated text file."),
                   self->display_name);
      return FALSE;
    }

  if (g_ascii_strcasecmp (charset, "UTF-8") == 0 && seg_encoding_bom_length (buf, n, charset) == 0)
    {
      decoder = seg_decoder_new ("UTF-8", NULL);
      scratch = g_string_sized_new (READ_CHUNK);

      while (n > 0)
        {
          g_autoptr(GError) local_error = NULL;

          g_string_truncate (scratch, 0);
          if (!seg_decoder_feed (decoder, buf, n, scratch, &local_error))
            {
              charset = seg_encoding_guess_legacy (buf, n);
              break;
            }
          n = read_full (fd, buf, READ_CHUNK, self->display_name, error);
          if (n < 0)
            {
              close (fd);
              return FALSE;
            }
        }
    }

  close (fd);
  self->charset = g_strdup (charset);
  self->charset_detected = TRUE;

  return TRUE;
}

/**
 * seg_csv_reader_new:
 * @path: the file to read
 * @charset: (nullable): the file's encoding, or %NULL to detect it
 * @error: return location for a #SegImportError
 *
 * Returns: (transfer full): a reader, or %NULL if the file cannot be read,
 *   is binary, or @charset is unknown
 */
SegCsvReader *
seg_csv_reader_new (const char  *path,
                    const char  *charset,
                    GError     **error)
{
  g_autoptr(SegCsvReader) self = g_new0 (SegCsvReader, 1);
  GStatBuf st;

  self->path = g_strdup (path);
  self->display_name = g_filename_display_basename (path);
  self->delimiter = ',';
  self->max_field = SEG_CSV_DEFAULT_MAX_FIELD;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_IO,
                   _("%s: cannot be read: %s"), self->display_name, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_IO,
                   _("%s: not a regular file"), self->display_name);
      return NULL;
    }
  self->size = st.st_size;

  if (charset == NULL || *charset == '\0' || g_ascii_strcasecmp (charset, "auto") == 0)
    {
      if (!detect_charset (self, error))
        return NULL;
    }
  else
    {
      g_autoptr(SegDecoder) probe = seg_decoder_new (charset, error);

      if (probe == NULL)
        return NULL;
      self->charset = g_strdup (seg_decoder_get_charset (probe));
    }

  return g_steal_pointer (&self);
}

/**
 * seg_csv_reader_new_for_sheet:
 * @path: an .xlsx or .ods workbook
 * @sheet: (nullable): the name of the sheet to read, or %NULL for the first
 * @error: return location for a #SegImportError
 *
 * A reader that hands out the rows of one sheet of a workbook as records,
 * streaming, the way it does the lines of a text file: the cells' own
 * types come out as text that the import reads back as those types. The
 * sample is the first rows written as comma-separated text.
 *
 * Returns: (transfer full): a reader, or %NULL if the workbook cannot be
 *   read or has no such sheet
 */
SegCsvReader *
seg_csv_reader_new_for_sheet (const char  *path,
                              const char  *sheet,
                              GError     **error)
{
  g_autoptr(SegCsvReader) self = g_new0 (SegCsvReader, 1);

  self->path = g_strdup (path);
  self->display_name = g_filename_display_basename (path);
  self->delimiter = ',';
  self->max_field = SEG_CSV_DEFAULT_MAX_FIELD;
  self->charset = g_strdup ("UTF-8");

  self->book = seg_workbook_open (path, error);
  if (self->book == NULL)
    return NULL;

  if (sheet == NULL)
    sheet = seg_workbook_get_sheet_name (self->book, 0);
  else if (!seg_workbook_has_sheet (self->book, sheet))
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET,
                   _("%s: the workbook has no sheet “%s”"), self->display_name, sheet);
      return NULL;
    }
  self->sheet = g_strdup (sheet);
  self->size = g_file_test (path, G_FILE_TEST_EXISTS) ? 1 : 0;

  return g_steal_pointer (&self);
}

/* The sheet a workbook reader reads, or %NULL for a text file. */
const char *
seg_csv_reader_get_sheet (SegCsvReader *self)
{
  return self->sheet;
}

void
seg_csv_reader_free (SegCsvReader *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->book, seg_workbook_free);
  g_clear_pointer (&self->aligned, g_array_unref);
  g_free (self->sheet);

  g_free (self->path);
  g_free (self->display_name);
  g_free (self->charset);
  g_free (self);
}

const char *
seg_csv_reader_get_path (SegCsvReader *self)
{
  return self->path;
}

const char *
seg_csv_reader_get_charset (SegCsvReader *self)
{
  return self->charset;
}

gboolean
seg_csv_reader_get_charset_detected (SegCsvReader *self)
{
  return self->charset_detected;
}

guint64
seg_csv_reader_get_size (SegCsvReader *self)
{
  return self->size;
}

void
seg_csv_reader_set_delimiter (SegCsvReader *self,
                              char          delimiter)
{
  self->delimiter = delimiter;
}

char
seg_csv_reader_get_delimiter (SegCsvReader *self)
{
  return self->delimiter;
}

/**
 * seg_csv_reader_set_aligned:
 * @self: a reader
 * @starts: (nullable): the column starts from seg_sniff_aligned(), or
 *   %NULL for delimited text
 *
 * Reads the file as text aligned in columns with spaces: each line is cut
 * at @starts and its fields trimmed.
 */
void
seg_csv_reader_set_aligned (SegCsvReader *self,
                            const GArray *starts)
{
  g_clear_pointer (&self->aligned, g_array_unref);
  if (starts != NULL)
    {
      self->aligned = g_array_sized_new (FALSE, FALSE, sizeof (guint), starts->len);
      g_array_append_vals (self->aligned, starts->data, starts->len);
    }
}

void
seg_csv_reader_set_max_field_size (SegCsvReader *self,
                                   gsize         max_field_size)
{
  self->max_field = max_field_size;
}

guint64
seg_csv_reader_get_blank_records (SegCsvReader *self)
{
  return self->n_blank;
}

/* Adds "line L, column C" to a decoding error: the decoder knows only
 * bytes, a person looks for lines. */
static void
locate_decoding_error (Splitter *s,
                       GError   *error)
{
  char *located;

  if (error == NULL || error->domain != SEG_IMPORT_ERROR)
    return;

  located = g_strdup_printf (_("%s: line %" PRIu64 ", column %" PRIu64 ": %s"),
                             s->filename, s->line, s->partial_chars + 1, error->message);
  g_free (error->message);
  error->message = located;
}

/**
 * seg_csv_reader_read_sample:
 * @self: a reader
 * @max_bytes: about how much text to return
 * @error: return location for a #SegImportError
 *
 * Returns the first lines of the file as UTF-8, ending at a line end unless
 * the file ends first: the sniffer looks at this.
 *
 * Returns: (transfer full): the text, or %NULL on error
 */
typedef struct
{
  GString *text;
  gsize    max_bytes;
} SheetSample;

static gboolean
append_sample_record (const SegCsvRecord  *record,
                      gpointer             user_data,
                      GError             **error)
{
  SheetSample *sample = user_data;

  seg_csv_format_record (record, ',', sample->text);
  g_string_append_c (sample->text, '\n');

  return sample->text->len < sample->max_bytes;
}

char *
seg_csv_reader_read_sample (SegCsvReader  *self,
                            gsize          max_bytes,
                            GError       **error)
{
  g_autoptr(SegDecoder) decoder = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree guint8 *buf = NULL;
  gboolean eof = FALSE;
  int fd;

  if (self->book != NULL)
    {
      SheetSample sample = { text, max_bytes };

      if (!seg_workbook_read_sheet (self->book, self->sheet, append_sample_record, &sample,
                                    NULL, NULL, NULL, NULL, error))
        return NULL;
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  buf = g_malloc (READ_CHUNK);
  decoder = seg_decoder_new (self->charset, error);
  if (decoder == NULL)
    return NULL;

  fd = open_file (self->path, self->display_name, error);
  if (fd < 0)
    return NULL;

  while (text->len < max_bytes)
    {
      gssize n = read_full (fd, buf, MIN (READ_CHUNK, max_bytes), self->display_name, error);

      if (n < 0)
        {
          close (fd);
          return NULL;
        }
      if (n == 0)
        {
          eof = TRUE;
          break;
        }
      if (!seg_decoder_feed (decoder, buf, n, text, NULL))
        break;
    }
  close (fd);

  if (!eof)
    {
      /* Cut after the last line end so that no record is half there. */
      gssize i;

      for (i = (gssize)text->len - 1; i >= 0; i--)
        if (text->str[i] == '\n' || text->str[i] == '\r')
          break;
      if (i >= 0)
        g_string_truncate (text, i + 1);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * seg_csv_reader_read:
 * @self: a reader
 * @func: called for every record that is not blank
 * @func_data: data for @func
 * @progress: (nullable): called after every chunk read
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads the whole file from its start. Can be called again for another pass.
 *
 * Returns: %TRUE if the file was read to its end or @func stopped early
 *   without an error
 */
gboolean
seg_csv_reader_read (SegCsvReader        *self,
                     SegCsvRecordFunc     func,
                     gpointer             func_data,
                     SegCsvProgressFunc   progress,
                     gpointer             progress_data,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(SegDecoder) decoder = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GString) pending = NULL;
  g_autoptr(GString) converted = NULL;
  g_autofree guint8 *buf = NULL;
  guint64 done = 0;
  gboolean ret = FALSE;
  Splitter s;
  int fd;

  if (self->book != NULL)
    return seg_workbook_read_sheet (self->book, self->sheet, func, func_data, progress, progress_data,
                                    cancellable, &self->n_blank, error);

  decoder = seg_decoder_new (self->charset, error);
  if (decoder == NULL)
    return FALSE;

  fd = open_file (self->path, self->display_name, error);
  if (fd < 0)
    return FALSE;

  buf = g_malloc (READ_CHUNK);
  text = g_string_sized_new (READ_CHUNK + 16);
  if (self->aligned != NULL)
    {
      pending = g_string_new (NULL);
      converted = g_string_sized_new (READ_CHUNK + READ_CHUNK / 4);
    }
  splitter_init (&s, self->display_name, self->aligned != NULL ? ',' : self->delimiter,
                 self->max_field, func, func_data);

  for (;;)
    {
      GError *decode_error = NULL;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      n = read_full (fd, buf, READ_CHUNK, self->display_name, error);
      if (n < 0)
        goto out;

      g_string_truncate (text, 0);
      if (n == 0)
        seg_decoder_finish (decoder, text, &decode_error);
      else
        seg_decoder_feed (decoder, buf, n, text, &decode_error);

      if (self->aligned != NULL)
        {
          /* Whole lines, cut into columns, become comma-separated lines:
           * line for line, so that the line numbers stay true. */
          const char *last_end;
          gsize whole;

          g_string_append_len (pending, text->str, text->len);
          last_end = NULL;
          if (n == 0)
            last_end = pending->str + pending->len;
          else
            for (gsize i = pending->len; i > 0 && last_end == NULL; i--)
              if (pending->str[i - 1] == '\n')
                last_end = pending->str + i - 1;
          whole = last_end != NULL ? (gsize) (last_end - pending->str) + (n == 0 ? 0 : 1) : 0;
          g_string_truncate (converted, 0);
          if (whole > 0)
            {
              g_autofree char *csv = seg_aligned_text_to_csv (pending->str, whole, self->aligned);

              g_string_append (converted, csv);
              g_string_erase (pending, 0, whole);
            }
          g_string_assign (text, converted->str);
        }

      if (!splitter_push (&s, text->str, text->len, error))
        {
          g_clear_error (&decode_error);
          goto out;
        }

      if (decode_error != NULL)
        {
          locate_decoding_error (&s, decode_error);
          g_propagate_error (error, decode_error);
          goto out;
        }

      if (s.stopped)
        break;

      done += n;
      if (progress != NULL)
        progress (done, self->size, progress_data);

      if (n == 0)
        {
          if (!splitter_finish (&s, error))
            goto out;
          break;
        }
    }

  ret = TRUE;
  self->n_blank = s.n_blank;

out:
  close (fd);
  splitter_clear (&s);

  return ret;
}

/**
 * seg_csv_append_field:
 * @out: where to write
 * @field: the value
 * @len: its length
 * @delimiter: the delimiter of the file being written
 *
 * Writes one field as RFC 4180 asks: quoted only when it holds the
 * delimiter, a quote or a line end, with quotes doubled.
 */
void
seg_csv_append_field (GString    *out,
                      const char *field,
                      gsize       len,
                      char        delimiter)
{
  gboolean needs_quotes = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = field[i];

      if (c == delimiter || c == '"' || c == '\n' || c == '\r')
        {
          needs_quotes = TRUE;
          break;
        }
    }

  if (!needs_quotes)
    {
      g_string_append_len (out, field, len);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (field[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, field[i]);
    }
  g_string_append_c (out, '"');
}

void
seg_csv_format_record (const SegCsvRecord *record,
                       char                delimiter,
                       GString            *out)
{
  for (guint i = 0; i < record->n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, delimiter);
      seg_csv_append_field (out, record->fields[i], record->lengths[i], delimiter);
    }
}
