/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>

#include "seg-day-private.h"
#include "seg-error.h"
#include "seg-value.h"
#include "seg-workbook.h"

/* Spreadsheet workbooks (.xlsx and .ods) read as rows of text, the way the
 * CSV reader hands out records, so that one import machinery types, checks
 * and stores both.
 *
 * Nothing here holds a sheet in memory: the zip entries are decompressed
 * as streams (libarchive) into libxml2's pull parser, one row at a time.
 * What a sheet's cells refer to is read once when the workbook is opened:
 * the sheet names, the number formats of the cell styles (to tell dates
 * and percentages from plain numbers) and, for .xlsx, the shared strings
 * table, which holds each distinct text of the workbook once.
 *
 * Cells become the text the value parser reads back as their own type:
 * numbers as their shortest decimal text, dates and date-times (serial day
 * numbers in either date system) as ISO 8601, percentages with a percent
 * sign, booleans as true/false. */

#define READ_BLOCK (64 * 1024)
/* The widest sheet either format allows. */
#define MAX_SHEET_COLUMNS 16384
/* Repeated rows and cells (.ods) past these are trailing filler. */
#define MAX_REPEAT_ROWS 1048576

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE  "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT   "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

typedef enum
{
  FORMAT_NUMBER,
  FORMAT_PERCENT,
  FORMAT_DATE,
  FORMAT_DATETIME,
  FORMAT_TIME,
} FormatKind;

typedef struct
{
  char *name;
  char *target; /* the zip entry of an .xlsx sheet */
} Sheet;

struct _SegWorkbook
{
  SegWorkbookKind  kind;
  char            *path;
  char            *display_name;
  GArray          *sheets;        /* of Sheet */
  gboolean         date1904;

  /* .xlsx: the shared strings, one arena with offsets */
  GString         *strings;
  GArray          *string_offsets; /* gsize; one past the last too */
  GArray          *style_kinds;    /* guint8 FormatKind per cellXfs entry */
};

static void
sheet_clear (gpointer data)
{
  Sheet *sheet = data;

  g_free (sheet->name);
  g_free (sheet->target);
}

SegWorkbookKind
seg_workbook_kind_for_path (const char *path)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, SEG_WORKBOOK_NONE);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return SEG_WORKBOOK_NONE;
  if (g_ascii_strcasecmp (dot, ".xlsx") == 0 || g_ascii_strcasecmp (dot, ".xlsm") == 0)
    return SEG_WORKBOOK_XLSX;
  if (g_ascii_strcasecmp (dot, ".ods") == 0)
    return SEG_WORKBOOK_ODS;

  return SEG_WORKBOOK_NONE;
}

/* Zip entries ------------------------------------------------------------- */

/* One archive opened for reading, positioned on an entry whose data the
 * XML parser pulls. */
typedef struct
{
  struct archive     *archive;
  SegWorkbook        *book;
  gint64              entry_size;
  guint64             done;
  SegCsvProgressFunc  progress;
  gpointer            progress_data;
  GError             *error;
} Entry;

static void
entry_close (Entry *entry)
{
  g_clear_pointer (&entry->archive, archive_read_free);
  g_clear_error (&entry->error);
}

static void
set_damaged (GError     **error,
             SegWorkbook *book,
             const char  *detail)
{
  g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_WORKBOOK,
               _("%s: not a readable workbook (the file is damaged, truncated or not a spreadsheet): %s"),
               book->display_name, detail);
}

static gboolean
entry_open_archive (Entry        *entry,
                    SegWorkbook  *book,
                    GError      **error)
{
  memset (entry, 0, sizeof *entry);
  entry->book = book;
  entry->archive = archive_read_new ();
  archive_read_support_format_zip_seekable (entry->archive);

  if (archive_read_open_filename (entry->archive, book->path, READ_BLOCK) != ARCHIVE_OK)
    {
      set_damaged (error, book, archive_error_string (entry->archive) ?: _("unknown error"));
      entry_close (entry);
      return FALSE;
    }

  return TRUE;
}

/* Moves to the next entry; returns its name, or NULL at the end or on an
 * error (then @error is set). */
static const char *
entry_next (Entry   *entry,
            GError **error)
{
  struct archive_entry *header;
  int r = archive_read_next_header (entry->archive, &header);

  if (r == ARCHIVE_EOF)
    return NULL;
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
    {
      set_damaged (error, entry->book, archive_error_string (entry->archive) ?: _("unknown error"));
      return NULL;
    }

  entry->entry_size = archive_entry_size_is_set (header) ? archive_entry_size (header) : 0;
  entry->done = 0;

  return archive_entry_pathname (header);
}

static int
entry_read (void *context,
            char *buffer,
            int   len)
{
  Entry *entry = context;
  la_ssize_t n = archive_read_data (entry->archive, buffer, len);

  if (n < 0)
    {
      if (entry->error == NULL)
        set_damaged (&entry->error, entry->book, archive_error_string (entry->archive) ?: _("unknown error"));
      return -1;
    }

  entry->done += n;
  if (entry->progress != NULL && entry->entry_size > 0)
    entry->progress (MIN (entry->done, (guint64) entry->entry_size), entry->entry_size, entry->progress_data);

  return (int) n;
}

/* XML --------------------------------------------------------------------- */

typedef struct
{
  xmlTextReaderPtr  reader;
  Entry            *entry;
  char             *entry_name;
  char             *message;  /* the parser's first complaint */
} Xml;

#if LIBXML_VERSION >= 21200
static void
on_xml_error (void           *data,
              const xmlError *error)
#else
static void
on_xml_error (void       *data,
              xmlErrorPtr error)
#endif
{
  Xml *xml = data;

  if (xml->message == NULL && error != NULL && error->message != NULL)
    xml->message = g_strdup_printf (_("%s, line %d: %s"), xml->entry_name, error->line,
                                    g_strstrip (g_strdup (error->message)));
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

static gboolean
xml_open (Xml         *xml,
          Entry       *entry,
          const char  *entry_name)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_libxml, NULL);

  memset (xml, 0, sizeof *xml);
  xml->entry = entry;
  xml->entry_name = g_strdup (entry_name);
  /* No network, no entity expansion, no DTD loading. */
  xml->reader = xmlReaderForIO (entry_read, NULL, entry, entry_name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
  if (xml->reader == NULL)
    return FALSE;
  xmlTextReaderSetStructuredErrorHandler (xml->reader, on_xml_error, xml);

  return TRUE;
}

static void
xml_close (Xml *xml)
{
  g_clear_pointer (&xml->reader, xmlFreeTextReader);
  g_clear_pointer (&xml->entry_name, g_free);
  g_clear_pointer (&xml->message, g_free);
}

/* The error after xmlTextReaderRead() returned -1. */
static void
xml_set_error (Xml         *xml,
               SegWorkbook *book,
               GError     **error)
{
  if (xml->entry->error != NULL)
    g_propagate_error (error, g_steal_pointer (&xml->entry->error));
  else
    set_damaged (error, book, xml->message != NULL ? xml->message : xml->entry_name);
}

static inline gboolean
is_element (xmlTextReaderPtr reader)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT;
}

static inline gboolean
is_end_element (xmlTextReaderPtr reader)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT;
}

static inline gboolean
is_text (xmlTextReaderPtr reader)
{
  int type = xmlTextReaderNodeType (reader);

  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

static inline gboolean
name_is (xmlTextReaderPtr  reader,
         const char       *name)
{
  const xmlChar *local = xmlTextReaderConstLocalName (reader);

  return local != NULL && strcmp ((const char *) local, name) == 0;
}

static char *
get_attribute (xmlTextReaderPtr  reader,
               const char       *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

static char *
get_attribute_ns (xmlTextReaderPtr  reader,
                  const char       *name,
                  const char       *ns)
{
  xmlChar *value = xmlTextReaderGetAttributeNs (reader, (const xmlChar *) name, (const xmlChar *) ns);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

/* Cell references --------------------------------------------------------- */

/**
 * seg_workbook_format_cell_ref:
 * @column: from 0
 * @row: from 1
 *
 * Returns: (transfer full): the A1-style reference of a cell, such as `C17`
 */
char *
seg_workbook_format_cell_ref (guint   column,
                              guint64 row)
{
  char letters[8];
  int n = 0;
  guint c = column + 1;
  GString *out = g_string_new (NULL);

  while (c > 0 && n < (int) sizeof letters)
    {
      letters[n++] = 'A' + (c - 1) % 26;
      c = (c - 1) / 26;
    }
  while (n > 0)
    g_string_append_c (out, letters[--n]);
  g_string_append_printf (out, "%" PRIu64, row);

  return g_string_free (out, FALSE);
}

/**
 * seg_workbook_parse_cell_ref:
 * @ref: an A1-style reference such as `C17`
 * @column: (out): its column, from 0
 * @row: (out): its row, from 1
 *
 * Returns: whether @ref is a reference to a cell within a sheet's bounds
 */
gboolean
seg_workbook_parse_cell_ref (const char *ref,
                             guint      *column,
                             guint64    *row)
{
  const char *p = ref;
  guint64 c = 0;
  guint64 r = 0;

  while (g_ascii_isalpha (*p))
    {
      c = c * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (c > MAX_SHEET_COLUMNS)
        return FALSE;
      p++;
    }
  if (c == 0 || !g_ascii_isdigit (*p) || *p == '0')
    return FALSE;
  while (g_ascii_isdigit (*p))
    {
      r = r * 10 + (*p - '0');
      if (r > MAX_REPEAT_ROWS)
        return FALSE;
      p++;
    }
  if (*p != '\0')
    return FALSE;

  *column = (guint) (c - 1);
  *row = r;
  return TRUE;
}

/* Values ------------------------------------------------------------------ */

/**
 * seg_workbook_serial_to_iso:
 * @serial: a spreadsheet date: days since the epoch, time as the fraction
 * @date1904: whether the workbook counts from 1904-01-01 (old Mac Excel)
 *   instead of 1900-01-01
 * @with_time: whether to add the time of day
 * @out: where to write `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`
 *
 * The 1900 system counts a 29 February 1900 that never was (as Lotus 1-2-3
 * did): serial 60 is that day, and 61 is 1 March 1900.
 *
 * Returns: %FALSE if @serial is outside years 1900 (1904) to 9999
 */
gboolean
seg_workbook_serial_to_iso (double   serial,
                            gboolean date1904,
                            gboolean with_time,
                            char     out[32])
{
  double days;
  gint64 seconds;
  gint64 day_number;
  gint64 z, era, doe, yoe, doy, mp, y;
  int year, month, day;

  if (!isfinite (serial) || serial < 0 || serial >= 2958466.0)
    return FALSE;

  days = floor (serial);
  seconds = (gint64) llround ((serial - days) * 86400.0);
  day_number = (gint64) days;
  if (seconds >= 86400)
    {
      seconds -= 86400;
      day_number++;
    }

  /* Days since 1970-01-01 of the epoch: 1904-01-01, or 1899-12-30 (with a
   * day more before the false leap day). */
  if (date1904)
    z = day_number - 24107;
  else
    z = day_number + (day_number < 61 ? 1 : 0) - 25569;

  /* The proleptic Gregorian date of day z (after Howard Hinnant's
   * days-to-civil algorithm); no library call, as this runs per cell. */
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = (int) (doy - (153 * mp + 2) / 5 + 1);
  month = (int) (mp < 10 ? mp + 3 : mp - 9);
  year = (int) (y + (month <= 2));

  if (year > 9999 || year < 1)
    return FALSE;

  seg_day_write (year, month, day, out);
  if (with_time)
    {
      int h = (int) (seconds / 3600), m = (int) (seconds / 60 % 60), sec = (int) (seconds % 60);

      out[10] = ' ';
      out[11] = '0' + h / 10;
      out[12] = '0' + h % 10;
      out[13] = ':';
      out[14] = '0' + m / 10;
      out[15] = '0' + m % 10;
      out[16] = ':';
      out[17] = '0' + sec / 10;
      out[18] = '0' + sec % 10;
      out[19] = '\0';
    }

  return TRUE;
}

/* A number times a hundred, with a percent sign, that reads back as the
 * same double. */
static void
append_percent (GString    *out,
                const char *number)
{
  char buf[48];

  seg_format_percent (g_ascii_strtod (number, NULL), buf);
  g_string_append (out, buf);
}

static void
append_time (GString *out,
             double   fraction)
{
  gint64 seconds = (gint64) llround ((fraction - floor (fraction)) * 86400.0) % 86400;

  g_string_append_printf (out, "%02d:%02d:%02d",
                          (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
}

/* Appends a number cell as the text the import reads back as its type. */
static void
append_number (GString    *out,
               const char *number,
               FormatKind  kind,
               gboolean    date1904)
{
  char buf[32];
  double value;
  char *end;

  while (g_ascii_isspace (*number))
    number++;

  /* A plain number is already the decimal text of its value, as the
   * writer put it: passed on as it is, without reading it. */
  if (kind == FORMAT_NUMBER)
    {
      const char *p = number;

      while (g_ascii_isdigit (*p) || *p == '.' || *p == '-' || *p == '+' || *p == 'E' || *p == 'e')
        p++;
      if (p > number && *p == '\0')
        {
          g_string_append_len (out, number, p - number);
          return;
        }
    }

  value = g_ascii_strtod (number, &end);
  if (end == number)
    {
      g_string_append (out, number);
      return;
    }

  switch (kind)
    {
    case FORMAT_PERCENT:
      append_percent (out, number);
      return;
    case FORMAT_DATE:
    case FORMAT_DATETIME:
      if (seg_workbook_serial_to_iso (value, date1904, kind == FORMAT_DATETIME, buf))
        {
          g_string_append (out, buf);
          return;
        }
      break;
    case FORMAT_TIME:
      if (value >= 0 && value < 1)
        {
          append_time (out, value);
          return;
        }
      break;
    case FORMAT_NUMBER:
    default:
      /* Already the decimal text of the number, as the writer put it. */
      if (*end == '\0' || g_ascii_isspace (*end))
        {
          g_string_append_len (out, number, end - number);
          return;
        }
      break;
    }

  seg_format_double (value, buf);
  g_string_append (out, buf);
}

/* Number formats ---------------------------------------------------------- */

static FormatKind
builtin_format_kind (guint id)
{
  switch (id)
    {
    case 9: case 10:
      return FORMAT_PERCENT;
    case 14: case 15: case 16: case 17:
    case 27: case 28: case 29: case 30: case 31:
    case 34: case 35: case 36:
    case 50: case 51: case 52: case 53: case 54:
    case 57: case 58:
      return FORMAT_DATE;
    case 22:
      return FORMAT_DATETIME;
    case 18: case 19: case 20: case 21:
    case 32: case 33:
    case 45: case 46: case 47:
    case 55: case 56:
      return FORMAT_TIME;
    default:
      return FORMAT_NUMBER;
    }
}

/* What a custom number format shows: its first section, without quoted
 * text, escaped characters and bracketed colours or locales. */
static FormatKind
format_code_kind (const char *code)
{
  gboolean date = FALSE, time = FALSE, percent = FALSE;

  for (const char *p = code; *p != '\0' && *p != ';'; p++)
    {
      switch (*p)
        {
        case '"':
          for (p++; *p != '\0' && *p != '"'; p++)
            ;
          if (*p == '\0')
            p--;
          break;
        case '\\':
        case '_':
        case '*':
          if (p[1] != '\0')
            p++;
          break;
        case '[':
          /* [h]:mm elapsed time; [Red], [$¥-804] are decoration. */
          if (g_ascii_tolower (p[1]) == 'h' || g_ascii_tolower (p[1]) == 'm' || g_ascii_tolower (p[1]) == 's')
            time = TRUE;
          for (p++; *p != '\0' && *p != ']'; p++)
            ;
          if (*p == '\0')
            p--;
          break;
        case 'y': case 'Y': case 'd': case 'D':
          date = TRUE;
          break;
        case 'h': case 'H': case 's': case 'S':
          time = TRUE;
          break;
        case 'm': case 'M':
          break;
        case '%':
          percent = TRUE;
          break;
        default:
          break;
        }
    }

  if (!date && !time)
    {
      /* "mmm" alone is a month. */
      for (const char *p = code; *p != '\0' && *p != ';'; p++)
        if (*p == '"')
          {
            for (p++; *p != '\0' && *p != '"'; p++)
              ;
            if (*p == '\0')
              break;
          }
        else if (*p == '[')
          {
            for (p++; *p != '\0' && *p != ']'; p++)
              ;
            if (*p == '\0')
              break;
          }
        else if (*p == 'm' || *p == 'M')
          date = TRUE;
    }

  if (date && time)
    return FORMAT_DATETIME;
  if (date)
    return FORMAT_DATE;
  if (time)
    return FORMAT_TIME;
  if (percent)
    return FORMAT_PERCENT;
  return FORMAT_NUMBER;
}

/* Opening an .xlsx -------------------------------------------------------- */

typedef struct
{
  char *id;
  char *target;
} Relationship;

static void
relationship_clear (gpointer data)
{
  Relationship *rel = data;

  g_free (rel->id);
  g_free (rel->target);
}

/* Called for every node of an XML part, in document order. */
typedef void (*NodeFunc) (xmlTextReaderPtr reader,
                          gpointer         data);

/* Reads the part @name of the archive from start to end, handing each node
 * to @func. */
static gboolean
walk_xml (SegWorkbook  *self,
          Entry        *entry,
          const char   *name,
          NodeFunc      func,
          gpointer      data,
          GError      **error)
{
  Xml xml;
  int r;

  if (!xml_open (&xml, entry, name))
    {
      set_damaged (error, self, name);
      return FALSE;
    }

  while ((r = xmlTextReaderRead (xml.reader)) == 1)
    func (xml.reader, data);

  if (r < 0)
    xml_set_error (&xml, self, error);
  xml_close (&xml);

  return r >= 0;
}

typedef struct
{
  SegWorkbook *book;
  GArray      *sheet_ids;
} WorkbookPart;

static void
workbook_node (xmlTextReaderPtr reader,
               gpointer         data)
{
  WorkbookPart *part = data;

  if (!is_element (reader))
    return;

  if (name_is (reader, "workbookPr"))
    {
      g_autofree char *d1904 = get_attribute (reader, "date1904");

      part->book->date1904 = d1904 != NULL && (strcmp (d1904, "1") == 0 || g_ascii_strcasecmp (d1904, "true") == 0);
    }
  else if (name_is (reader, "sheet"))
    {
      Sheet sheet = { 0 };
      Relationship rel = { 0 };

      sheet.name = get_attribute (reader, "name");
      rel.id = get_attribute_ns (reader, "id",
                                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
      if (rel.id == NULL)
        rel.id = get_attribute_ns (reader, "id",
                                   "http://purl.oclc.org/ooxml/officeDocument/relationships");
      if (sheet.name == NULL || rel.id == NULL)
        {
          g_free (sheet.name);
          g_free (rel.id);
          return;
        }
      g_array_append_val (part->book->sheets, sheet);
      g_array_append_val (part->sheet_ids, rel);
    }
}

static void
relationship_node (xmlTextReaderPtr reader,
                   gpointer         data)
{
  GArray *rels = data;
  Relationship rel = { 0 };

  if (!is_element (reader) || !name_is (reader, "Relationship"))
    return;

  rel.id = get_attribute (reader, "Id");
  rel.target = get_attribute (reader, "Target");
  if (rel.id != NULL && rel.target != NULL)
    g_array_append_val (rels, rel);
  else
    relationship_clear (&rel);
}

typedef struct
{
  SegWorkbook *book;
  GHashTable  *custom;  /* numFmtId → kind + 1 */
  gboolean     in_cell_xfs;
} StylesPart;

static void
styles_node (xmlTextReaderPtr reader,
             gpointer         data)
{
  StylesPart *part = data;

  if (is_end_element (reader) && name_is (reader, "cellXfs"))
    part->in_cell_xfs = FALSE;
  if (!is_element (reader))
    return;

  if (name_is (reader, "numFmt"))
    {
      g_autofree char *id = get_attribute (reader, "numFmtId");
      g_autofree char *code = get_attribute (reader, "formatCode");
      guint64 n;

      if (id != NULL && code != NULL && g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT, &n, NULL))
        g_hash_table_insert (part->custom, GUINT_TO_POINTER ((guint) n),
                             GUINT_TO_POINTER (format_code_kind (code) + 1));
    }
  else if (name_is (reader, "cellXfs"))
    part->in_cell_xfs = !xmlTextReaderIsEmptyElement (reader);
  else if (part->in_cell_xfs && name_is (reader, "xf"))
    {
      g_autofree char *id = get_attribute (reader, "numFmtId");
      guint64 n = 0;
      guint8 kind;
      gpointer found;

      if (id != NULL)
        g_ascii_string_to_unsigned (id, 10, 0, G_MAXUINT, &n, NULL);
      found = g_hash_table_lookup (part->custom, GUINT_TO_POINTER ((guint) n));
      kind = found != NULL ? GPOINTER_TO_UINT (found) - 1 : builtin_format_kind ((guint) n);
      g_array_append_val (part->book->style_kinds, kind);
    }
}

typedef struct
{
  SegWorkbook *book;
  gboolean     in_si;
  gboolean     in_t;
  int          skip_depth;  /* inside <rPh>: phonetic hints, not the text */
} StringsPart;

static void
end_shared_string (SegWorkbook *book)
{
  g_string_append_c (book->strings, '\0');
  g_array_append_val (book->string_offsets, book->strings->len);
}

static void
strings_node (xmlTextReaderPtr reader,
              gpointer         data)
{
  StringsPart *part = data;

  if (is_element (reader))
    {
      gboolean empty = xmlTextReaderIsEmptyElement (reader);

      if (name_is (reader, "si"))
        {
          part->in_si = !empty;
          if (empty)
            end_shared_string (part->book);
        }
      else if (name_is (reader, "rPh") && !empty && part->skip_depth < 0)
        part->skip_depth = xmlTextReaderDepth (reader);
      else if (name_is (reader, "t") && !empty)
        part->in_t = TRUE;
    }
  else if (is_end_element (reader))
    {
      if (name_is (reader, "si") && part->in_si)
        {
          part->in_si = FALSE;
          end_shared_string (part->book);
        }
      else if (name_is (reader, "rPh") && xmlTextReaderDepth (reader) == part->skip_depth)
        part->skip_depth = -1;
      else if (name_is (reader, "t"))
        part->in_t = FALSE;
    }
  else if (part->in_si && part->in_t && part->skip_depth < 0 && is_text (reader))
    g_string_append (part->book->strings, (const char *) xmlTextReaderConstValue (reader));
}

static char *
resolve_target (const char *target)
{
  if (target[0] == '/')
    return g_strdup (target + 1);
  if (g_str_has_prefix (target, "xl/"))
    return g_strdup (target);

  return g_strconcat ("xl/", target, NULL);
}

static gboolean
open_xlsx (SegWorkbook  *self,
           GError      **error)
{
  g_autoptr(GArray) sheet_ids = g_array_new (FALSE, TRUE, sizeof (Relationship));
  g_autoptr(GArray) rels = g_array_new (FALSE, TRUE, sizeof (Relationship));
  gboolean have_workbook = FALSE;
  g_autoptr(GError) local_error = NULL;
  const char *name;
  Entry entry;

  g_array_set_clear_func (sheet_ids, relationship_clear);
  g_array_set_clear_func (rels, relationship_clear);
  self->strings = g_string_new (NULL);
  self->string_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->style_kinds = g_array_new (FALSE, FALSE, sizeof (guint8));
  {
    gsize zero = 0;
    g_array_append_val (self->string_offsets, zero);
  }

  if (!entry_open_archive (&entry, self, error))
    return FALSE;

  while ((name = entry_next (&entry, &local_error)) != NULL)
    {
      gboolean ok = TRUE;

      if (strcmp (name, "xl/workbook.xml") == 0)
        {
          WorkbookPart part = { self, sheet_ids };

          have_workbook = TRUE;
          ok = walk_xml (self, &entry, name, workbook_node, &part, &local_error);
        }
      else if (strcmp (name, "xl/_rels/workbook.xml.rels") == 0)
        ok = walk_xml (self, &entry, name, relationship_node, rels, &local_error);
      else if (strcmp (name, "xl/styles.xml") == 0)
        {
          g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
          StylesPart part = { self, custom, FALSE };

          ok = walk_xml (self, &entry, name, styles_node, &part, &local_error);
        }
      else if (strcmp (name, "xl/sharedStrings.xml") == 0)
        {
          StringsPart part = { self, FALSE, FALSE, -1 };

          ok = walk_xml (self, &entry, name, strings_node, &part, &local_error);
        }

      if (!ok)
        break;
    }
  entry_close (&entry);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!have_workbook)
    {
      set_damaged (error, self, _("it has no xl/workbook.xml"));
      return FALSE;
    }

  for (guint i = 0; i < self->sheets->len; i++)
    {
      Sheet *sheet = &g_array_index (self->sheets, Sheet, i);
      const char *id = g_array_index (sheet_ids, Relationship, i).id;

      for (guint k = 0; k < rels->len && sheet->target == NULL; k++)
        {
          Relationship *rel = &g_array_index (rels, Relationship, k);

          if (strcmp (rel->id, id) == 0)
            sheet->target = resolve_target (rel->target);
        }
    }

  return TRUE;
}

/* Opening an .ods --------------------------------------------------------- */

static gboolean
open_ods (SegWorkbook  *self,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean have_content = FALSE;
  const char *name;
  Entry entry;

  if (!entry_open_archive (&entry, self, error))
    return FALSE;

  while ((name = entry_next (&entry, &local_error)) != NULL)
    {
      Xml xml;
      int r;

      if (strcmp (name, "content.xml") != 0)
        continue;

      have_content = TRUE;
      if (!xml_open (&xml, &entry, name))
        {
          set_damaged (&local_error, self, name);
          break;
        }
      for (gboolean advance = TRUE;;)
        {
          if (advance && (r = xmlTextReaderRead (xml.reader)) != 1)
            break;
          advance = TRUE;
          if (is_element (xml.reader) && name_is (xml.reader, "table"))
            {
              Sheet sheet = { 0 };

              sheet.name = get_attribute_ns (xml.reader, "name", NS_TABLE);
              if (sheet.name != NULL)
                g_array_append_val (self->sheets, sheet);
              /* Skip the rows: only the names are wanted now. */
              if ((r = xmlTextReaderNext (xml.reader)) != 1)
                break;
              advance = FALSE;
            }
        }
      if (r < 0)
        xml_set_error (&xml, self, &local_error);
      xml_close (&xml);
      break;
    }
  entry_close (&entry);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!have_content)
    {
      set_damaged (error, self, _("it has no content.xml"));
      return FALSE;
    }

  return TRUE;
}

/**
 * seg_workbook_open:
 * @path: an .xlsx or .ods file
 * @error: return location for a #SegImportError
 *
 * Reads what the sheets of the workbook refer to: the sheet names, the
 * date system, the cell formats and the shared strings. The sheets
 * themselves are read by seg_workbook_read_sheet().
 *
 * Returns: (transfer full): the workbook, or %NULL with @error set
 */
SegWorkbook *
seg_workbook_open (const char  *path,
                   GError     **error)
{
  g_autoptr(SegWorkbook) self = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (SegWorkbook, 1);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_basename (path);
  self->kind = seg_workbook_kind_for_path (path);
  self->sheets = g_array_new (FALSE, TRUE, sizeof (Sheet));
  g_array_set_clear_func (self->sheets, sheet_clear);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_IO,
                   _("%s: cannot be read: %s"), self->display_name,
                   g_file_test (path, G_FILE_TEST_EXISTS) ? _("not a regular file") : g_strerror (ENOENT));
      return NULL;
    }

  switch (self->kind)
    {
    case SEG_WORKBOOK_XLSX:
      ok = open_xlsx (self, error);
      break;
    case SEG_WORKBOOK_ODS:
      ok = open_ods (self, error);
      break;
    case SEG_WORKBOOK_NONE:
    default:
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_WORKBOOK,
                   _("%s: not an .xlsx or .ods workbook"), self->display_name);
      ok = FALSE;
    }
  if (!ok)
    return NULL;

  if (self->sheets->len == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET,
                   _("%s: the workbook has no sheets"), self->display_name);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
seg_workbook_free (SegWorkbook *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->display_name);
  g_clear_pointer (&self->sheets, g_array_unref);
  if (self->strings != NULL)
    g_string_free (self->strings, TRUE);
  g_clear_pointer (&self->string_offsets, g_array_unref);
  g_clear_pointer (&self->style_kinds, g_array_unref);
  g_free (self);
}

SegWorkbookKind
seg_workbook_get_kind (SegWorkbook *self)
{
  return self->kind;
}

const char *
seg_workbook_get_path (SegWorkbook *self)
{
  return self->path;
}

guint
seg_workbook_get_n_sheets (SegWorkbook *self)
{
  return self->sheets->len;
}

const char *
seg_workbook_get_sheet_name (SegWorkbook *self,
                             guint        index)
{
  g_return_val_if_fail (index < self->sheets->len, NULL);

  return g_array_index (self->sheets, Sheet, index).name;
}

static Sheet *
find_sheet (SegWorkbook *self,
            const char  *name)
{
  for (guint i = 0; i < self->sheets->len; i++)
    if (strcmp (g_array_index (self->sheets, Sheet, i).name, name) == 0)
      return &g_array_index (self->sheets, Sheet, i);

  return NULL;
}

gboolean
seg_workbook_has_sheet (SegWorkbook *self,
                        const char  *sheet)
{
  return find_sheet (self, sheet) != NULL;
}

gboolean
seg_workbook_get_date1904 (SegWorkbook *self)
{
  return self->date1904;
}

/* Rows -------------------------------------------------------------------- */

/* The row being assembled, handed out as a SegCsvRecord. */
typedef struct
{
  SegWorkbook        *book;
  const char         *sheet;
  SegCsvRecordFunc    func;
  gpointer            func_data;
  GCancellable       *cancellable;

  GPtrArray          *cells;     /* GString per column, reused */
  const char        **fields;
  gsize              *lengths;
  guint               n_fields;  /* columns with a cell so far */
  gboolean            any_value;
  guint64             n_records;
  guint64             n_blank;
  guint64             line;      /* the sheet's row number */
  guint               width;     /* fields of the first row */
  gboolean            stopped;
} Rows;

static void
rows_init (Rows              *rows,
           SegWorkbook       *book,
           const char        *sheet,
           SegCsvRecordFunc   func,
           gpointer           func_data,
           GCancellable      *cancellable)
{
  memset (rows, 0, sizeof *rows);
  rows->book = book;
  rows->sheet = sheet;
  rows->func = func;
  rows->func_data = func_data;
  rows->cancellable = cancellable;
  rows->cells = g_ptr_array_new ();
}

static void
rows_clear (Rows *rows)
{
  for (guint i = 0; i < rows->cells->len; i++)
    g_string_free (g_ptr_array_index (rows->cells, i), TRUE);
  g_ptr_array_unref (rows->cells);
  g_free (rows->fields);
  g_free (rows->lengths);
}

/* The cell at @column of the current row, empty, with any cells before it
 * that the row skipped emptied too. */
static GString *
rows_cell (Rows  *rows,
           guint  column)
{
  while (rows->cells->len <= column)
    g_ptr_array_add (rows->cells, g_string_sized_new (16));
  while (rows->n_fields <= column)
    g_string_truncate (g_ptr_array_index (rows->cells, rows->n_fields++), 0);

  return g_ptr_array_index (rows->cells, column);
}

static void
rows_begin (Rows    *rows,
            guint64  line)
{
  rows->n_fields = 0;
  rows->any_value = FALSE;
  rows->line = line;
}

static void
set_cell_error (GError     **error,
                Rows        *rows,
                guint        column,
                guint64      row,
                const char  *message)
{
  g_autofree char *ref = seg_workbook_format_cell_ref (column, row);

  g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_WORKBOOK,
               _("%s: sheet “%s”, cell %s: %s"),
               rows->book->display_name, rows->sheet, ref, message);
}

/* Hands the finished row on @repeat times; blank rows only count. */
static gboolean
rows_emit (Rows     *rows,
           guint64   repeat,
           GError  **error)
{
  SegCsvRecord record;
  guint n = rows->n_fields;

  if (!rows->any_value)
    {
      rows->n_blank += repeat;
      return TRUE;
    }

  /* Trailing empty cells are formatting, not columns. */
  while (n > 0 && ((GString *) g_ptr_array_index (rows->cells, n - 1))->len == 0)
    n--;
  /* A sheet leaves out the empty cells at the end of a row, where a text
   * file would have written empty fields: the row is as wide as the first. */
  if (rows->n_records == 0)
    rows->width = n;
  else if (n < rows->width)
    {
      rows_cell (rows, rows->width - 1);
      n = rows->width;
    }

  rows->fields = g_renew (const char *, rows->fields, MAX (n, 1));
  rows->lengths = g_renew (gsize, rows->lengths, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      GString *cell = g_ptr_array_index (rows->cells, i);

      rows->fields[i] = cell->str;
      rows->lengths[i] = cell->len;
    }

  record.n_fields = n;
  record.fields = rows->fields;
  record.lengths = rows->lengths;

  for (guint64 k = 0; k < repeat; k++)
    {
      if ((rows->n_records & 1023) == 0 &&
          g_cancellable_set_error_if_cancelled (rows->cancellable, error))
        return FALSE;

      record.line = rows->line + k;
      record.index = rows->n_records++;
      if (!rows->func (&record, rows->func_data, error))
        {
          rows->stopped = TRUE;
          return FALSE;
        }
    }

  return TRUE;
}

/* The text of a shared string. */
static gboolean
shared_string (SegWorkbook  *book,
               const char   *index_text,
               const char  **text,
               gsize        *len)
{
  guint64 index;
  gsize start, end;

  while (g_ascii_isspace (*index_text))
    index_text++;
  if (!g_ascii_string_to_unsigned (index_text, 10, 0, G_MAXUINT64, &index, NULL) ||
      index + 1 >= book->string_offsets->len)
    return FALSE;

  start = g_array_index (book->string_offsets, gsize, index);
  end = g_array_index (book->string_offsets, gsize, index + 1) - 1;
  *text = book->strings->str + start;
  *len = end - start;

  return TRUE;
}

typedef enum
{
  XLSX_NUMBER,
  XLSX_SHARED,
  XLSX_INLINE,
  XLSX_STRING,
  XLSX_BOOLEAN,
  XLSX_ERROR,
  XLSX_DATE,
} XlsxCellType;

static XlsxCellType
xlsx_cell_type (const char *t)
{
  if (t == NULL || strcmp (t, "n") == 0)
    return XLSX_NUMBER;
  if (strcmp (t, "s") == 0)
    return XLSX_SHARED;
  if (strcmp (t, "inlineStr") == 0)
    return XLSX_INLINE;
  if (strcmp (t, "b") == 0)
    return XLSX_BOOLEAN;
  if (strcmp (t, "e") == 0)
    return XLSX_ERROR;
  if (strcmp (t, "d") == 0)
    return XLSX_DATE;
  return XLSX_STRING;
}

/* Writes the value of a finished cell into its field. */
static gboolean
xlsx_finish_cell (Rows          *rows,
                  guint          column,
                  XlsxCellType   type,
                  guint          style,
                  GString       *value,
                  GError       **error)
{
  GString *cell = rows_cell (rows, column);
  const char *text;
  gsize len;

  g_string_truncate (cell, 0);

  switch (type)
    {
    case XLSX_SHARED:
      if (value->len == 0)
        break;
      if (!shared_string (rows->book, value->str, &text, &len))
        {
          set_cell_error (error, rows, column, rows->line,
                          _("refers to a shared string that the workbook does not have"));
          return FALSE;
        }
      g_string_append_len (cell, text, len);
      break;
    case XLSX_BOOLEAN:
      if (value->len > 0)
        g_string_append (cell, strtod (value->str, NULL) != 0 ? "true" : "false");
      break;
    case XLSX_DATE:
      g_string_append (cell, value->str);
      for (gsize i = 0; i < cell->len; i++)
        if (cell->str[i] == 'T')
          cell->str[i] = ' ';
      /* Drop fractions of a second and a zone: the date-time is local. */
      if (cell->len > 19 && cell->str[10] == ' ')
        g_string_truncate (cell, 19);
      break;
    case XLSX_NUMBER:
      if (value->len > 0)
        {
          FormatKind kind = style < rows->book->style_kinds->len
                            ? g_array_index (rows->book->style_kinds, guint8, style)
                            : FORMAT_NUMBER;

          append_number (cell, value->str, kind, rows->book->date1904);
        }
      break;
    case XLSX_INLINE:
    case XLSX_STRING:
    case XLSX_ERROR:
    default:
      g_string_append_len (cell, value->str, value->len);
    }

  if (cell->len > 0)
    rows->any_value = TRUE;

  return TRUE;
}

/* An .xlsx sheet is read with libxml2's SAX2 push parser, fed from the
 * zip entry chunk by chunk: the sheet is by far the largest part of a
 * workbook, and unlike the pull reader the push parser builds no node for
 * the cells it reports, which makes it several times faster. */
typedef struct
{
  Rows              *rows;
  xmlParserCtxtPtr   ctxt;
  GString           *value;
  GError            *error;
  gboolean           stopped;   /* by an error or by the consumer */
  gboolean           in_sheet_data, in_row, in_cell, in_value, in_text;
  int                depth;
  int                skip_depth; /* inside <rPh>: phonetic hints */
  XlsxCellType       type;
  guint              style;
  guint              column, next_column;
  guint64            next_row;
} XlsxSax;

static inline gboolean
local_is (const xmlChar *name,
          const char    *wanted)
{
  return name[0] == (xmlChar) wanted[0] && strcmp ((const char *) name, wanted) == 0;
}

static void
sax_stop (XlsxSax *sax)
{
  sax->stopped = TRUE;
  xmlStopParser (sax->ctxt);
}

/* An attribute's value, which SAX2 hands out as a start and an end. */
static char *
sax_attribute (const xmlChar **attributes,
               int             n,
               const char     *name,
               char           *buf,
               gsize           size)
{
  for (int i = 0; i < n; i++)
    {
      const xmlChar **a = attributes + 5 * i;

      if (local_is (a[0], name))
        {
          gsize len = MIN ((gsize) (a[4] - a[3]), size - 1);

          memcpy (buf, a[3], len);
          buf[len] = '\0';
          return buf;
        }
    }

  return NULL;
}

static void
sax_start (void           *data,
           const xmlChar  *localname,
           const xmlChar  *prefix,
           const xmlChar  *uri,
           int             n_namespaces,
           const xmlChar **namespaces,
           int             n_attributes,
           int             n_defaulted,
           const xmlChar **attributes)
{
  XlsxSax *sax = data;
  Rows *rows = sax->rows;
  char buf[64];
  const char *text;

  sax->depth++;
  if (sax->stopped)
    return;

  if (!sax->in_sheet_data)
    {
      sax->in_sheet_data = local_is (localname, "sheetData");
      return;
    }

  if (sax->in_row && localname[0] == 'c' && localname[1] == '\0')
    {
      guint64 n;

      sax->column = sax->next_column;
      text = sax_attribute (attributes, n_attributes, "r", buf, sizeof buf);
      if (text != NULL)
        {
          guint64 ref_row;

          if (!seg_workbook_parse_cell_ref (text, &sax->column, &ref_row) || ref_row != rows->line ||
              sax->column < sax->next_column)
            {
              g_autofree char *message = g_strdup_printf (_("“%s” is not a valid cell reference here"), text);

              set_cell_error (&sax->error, rows, sax->next_column, rows->line, message);
              sax_stop (sax);
              return;
            }
        }
      if (sax->column >= MAX_SHEET_COLUMNS)
        {
          set_cell_error (&sax->error, rows, sax->column, rows->line, _("the sheet is wider than a sheet can be"));
          sax_stop (sax);
          return;
        }
      sax->next_column = sax->column + 1;
      sax->type = xlsx_cell_type (sax_attribute (attributes, n_attributes, "t", buf, sizeof buf));
      text = sax_attribute (attributes, n_attributes, "s", buf, sizeof buf);
      sax->style = text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &n, NULL) ? (guint) n : 0;
      g_string_truncate (sax->value, 0);
      sax->in_cell = TRUE;
    }
  else if (sax->in_cell)
    {
      if (localname[0] == 'v' && localname[1] == '\0')
        sax->in_value = TRUE;
      else if (localname[0] == 't' && localname[1] == '\0')
        sax->in_text = TRUE;
      else if (local_is (localname, "rPh") && sax->skip_depth < 0)
        sax->skip_depth = sax->depth;
    }
  else if (local_is (localname, "row"))
    {
      guint64 line = sax->next_row;

      text = sax_attribute (attributes, n_attributes, "r", buf, sizeof buf);
      if (text != NULL &&
          (!g_ascii_string_to_unsigned (text, 10, 1, MAX_REPEAT_ROWS, &line, NULL) || line < sax->next_row))
        {
          g_autofree char *message = g_strdup_printf (_("row number “%s” is not valid here"), text);

          set_cell_error (&sax->error, rows, 0, sax->next_row, message);
          sax_stop (sax);
          return;
        }
      rows->n_blank += line - sax->next_row;
      rows_begin (rows, line);
      sax->next_row = line + 1;
      sax->next_column = 0;
      sax->in_row = TRUE;
    }
}

static void
sax_end (void          *data,
         const xmlChar *localname,
         const xmlChar *prefix,
         const xmlChar *uri)
{
  XlsxSax *sax = data;

  sax->depth--;
  if (sax->stopped || !sax->in_sheet_data)
    return;

  if (localname[0] == 'v' && localname[1] == '\0')
    sax->in_value = FALSE;
  else if (localname[0] == 'c' && localname[1] == '\0')
    {
      if (sax->in_cell)
        {
          sax->in_cell = FALSE;
          if (!xlsx_finish_cell (sax->rows, sax->column, sax->type, sax->style, sax->value, &sax->error))
            sax_stop (sax);
        }
    }
  else if (localname[0] == 't' && localname[1] == '\0')
    sax->in_text = FALSE;
  else if (local_is (localname, "row"))
    {
      if (sax->in_row)
        {
          sax->in_row = FALSE;
          if (!rows_emit (sax->rows, 1, &sax->error))
            sax_stop (sax);
        }
    }
  else if (sax->skip_depth == sax->depth + 1 && local_is (localname, "rPh"))
    sax->skip_depth = -1;
  else if (local_is (localname, "sheetData"))
    {
      sax->in_sheet_data = FALSE;
      sax_stop (sax);
    }
}

static void
sax_characters (void          *data,
                const xmlChar *ch,
                int            len)
{
  XlsxSax *sax = data;

  /* A value is <v>; an inline string is <is><t> (or rich text runs of
   * <t>); a formula's <f> is left out. */
  if (!sax->stopped && sax->in_cell && sax->skip_depth < 0 &&
      (sax->in_value || (sax->in_text && sax->type == XLSX_INLINE)))
    g_string_append_len (sax->value, (const char *) ch, len);
}

/* The sheet's XML is inflated on a thread of its own while the parser
 * reads the blocks before: on two cores that hides most of zlib's time. */
#define INFLATE_BLOCKS 4

typedef struct
{
  char *data;
  int   len;   /* < 0: the entry could not be read; 0: its end */
} Block;

typedef struct
{
  Entry       *entry;
  GAsyncQueue *full;
  GAsyncQueue *empty;
  int          stop;
} Inflater;

static gpointer
inflate_thread (gpointer data)
{
  Inflater *inflater = data;

  for (;;)
    {
      Block *block = g_async_queue_pop (inflater->empty);

      if (g_atomic_int_get (&inflater->stop))
        {
          g_async_queue_push (inflater->empty, block);
          break;
        }
      block->len = entry_read (inflater->entry, block->data, READ_BLOCK);
      g_async_queue_push (inflater->full, block);
      if (block->len <= 0)
        break;
    }

  return NULL;
}

static void
free_block (gpointer data)
{
  Block *block = data;

  g_free (block->data);
  g_free (block);
}

static gboolean
read_xlsx_sheet (Rows        *rows,
                 Entry       *entry,
                 const char  *entry_name,
                 GError     **error)
{
  xmlSAXHandler handler = { 0 };
  XlsxSax sax = { 0 };
  Inflater inflater = { 0 };
  GThread *thread;
  gboolean ok = TRUE;

  handler.initialized = XML_SAX2_MAGIC;
  handler.startElementNs = sax_start;
  handler.endElementNs = sax_end;
  handler.characters = sax_characters;
  handler.cdataBlock = sax_characters;

  sax.rows = rows;
  sax.value = g_string_sized_new (64);
  sax.skip_depth = -1;
  sax.next_row = 1;
  sax.ctxt = xmlCreatePushParserCtxt (&handler, &sax, NULL, 0, entry_name);
  if (sax.ctxt == NULL)
    {
      set_damaged (error, rows->book, entry_name);
      g_string_free (sax.value, TRUE);
      return FALSE;
    }
  /* No network, no entity expansion, no DTD loading. */
  xmlCtxtUseOptions (sax.ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);

  inflater.entry = entry;
  inflater.full = g_async_queue_new ();
  inflater.empty = g_async_queue_new ();
  for (guint i = 0; i < INFLATE_BLOCKS; i++)
    {
      Block *block = g_new0 (Block, 1);

      block->data = g_malloc (READ_BLOCK);
      g_async_queue_push (inflater.empty, block);
    }
  thread = g_thread_new ("segmenta-inflate", inflate_thread, &inflater);

  for (;;)
    {
      Block *block = g_async_queue_pop (inflater.full);
      int n = block->len;
      int rc;

      if (n < 0)
        {
          g_async_queue_push (inflater.empty, block);
          g_propagate_error (error, g_steal_pointer (&entry->error));
          ok = FALSE;
          break;
        }
      rc = xmlParseChunk (sax.ctxt, block->data, n, n == 0);
      g_async_queue_push (inflater.empty, block);
      if (sax.stopped)
        break;
      if (rc != XML_ERR_OK)
        {
          const xmlError *xml_error = xmlCtxtGetLastError (sax.ctxt);
          g_autofree char *detail = NULL;

          if (xml_error != NULL && xml_error->message != NULL)
            detail = g_strdup_printf (_("%s, line %d: %s"), entry_name, xml_error->line,
                                      g_strstrip (g_strdup (xml_error->message)));
          set_damaged (error, rows->book, detail != NULL ? detail : entry_name);
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
    }

  /* Done, early or not: the inflater stops at its next block. */
  g_atomic_int_set (&inflater.stop, 1);
  {
    Block *spare = g_async_queue_try_pop (inflater.full);

    if (spare != NULL)
      g_async_queue_push (inflater.empty, spare);
  }
  g_thread_join (thread);
  {
    Block *block;

    while ((block = g_async_queue_try_pop (inflater.full)) != NULL)
      free_block (block);
    while ((block = g_async_queue_try_pop (inflater.empty)) != NULL)
      free_block (block);
  }
  g_async_queue_unref (inflater.full);
  g_async_queue_unref (inflater.empty);

  if (sax.error != NULL)
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&sax.error));
      ok = FALSE;
    }
  /* The consumer stopping early without an error is a good end. */

  xmlFreeParserCtxt (sax.ctxt);
  g_string_free (sax.value, TRUE);

  return ok;
}

/* .ods rows ----------------------------------------------------------------- */

static guint64
repeat_count (xmlTextReaderPtr  reader,
              const char       *name,
              guint64           max)
{
  g_autofree char *text = get_attribute_ns (reader, name, NS_TABLE);
  guint64 n;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, &n, NULL))
    return 1;

  return MIN (n, max);
}

/* Writes an .ods cell's value from its attributes; FALSE when the cell is
 * text, whose value is its paragraphs. */
static gboolean
ods_typed_value (xmlTextReaderPtr  reader,
                 GString          *cell)
{
  g_autofree char *type = get_attribute_ns (reader, "value-type", NS_OFFICE);
  g_autofree char *value = NULL;

  if (type == NULL || strcmp (type, "string") == 0)
    return FALSE;

  if (strcmp (type, "float") == 0 || strcmp (type, "currency") == 0 || strcmp (type, "percentage") == 0)
    {
      value = get_attribute_ns (reader, "value", NS_OFFICE);
      if (value != NULL)
        append_number (cell, value, strcmp (type, "percentage") == 0 ? FORMAT_PERCENT : FORMAT_NUMBER, FALSE);
    }
  else if (strcmp (type, "date") == 0)
    {
      value = get_attribute_ns (reader, "date-value", NS_OFFICE);
      if (value != NULL)
        {
          g_string_append (cell, value);
          for (gsize i = 0; i < cell->len; i++)
            if (cell->str[i] == 'T')
              cell->str[i] = ' ';
          if (cell->len > 19)
            g_string_truncate (cell, 19);
          /* Midnight written out is a plain date. */
          if (cell->len == 19 && g_str_has_suffix (cell->str, " 00:00:00"))
            g_string_truncate (cell, 10);
        }
    }
  else if (strcmp (type, "time") == 0)
    {
      /* PT13H45M00S */
      value = get_attribute_ns (reader, "time-value", NS_OFFICE);
      if (value != NULL)
        {
          int h = 0, m = 0;
          double s = 0;

          if (sscanf (value, "PT%dH%dM%lfS", &h, &m, &s) == 3)
            g_string_append_printf (cell, "%02d:%02d:%02d", h, m, (int) s);
          else
            g_string_append (cell, value);
        }
    }
  else if (strcmp (type, "boolean") == 0)
    {
      value = get_attribute_ns (reader, "boolean-value", NS_OFFICE);
      if (value != NULL)
        g_string_append (cell, value);
    }
  else
    return FALSE;

  return TRUE;
}

typedef struct
{
  GString *text;
  guint    column;
  guint64  cell_repeat;
  guint    pending_empty; /* repeated empty cells not yet written */
} OdsRow;

/* Writes the finished cell @repeat times; empty cells wait until a cell
 * with a value follows, so that filler to the sheet's edge costs nothing. */
static void
ods_finish_cell (Rows   *rows,
                 OdsRow *row)
{
  guint repeat;

  if (row->text->len == 0)
    {
      row->pending_empty = (guint) MIN ((guint64) row->pending_empty + row->cell_repeat, MAX_SHEET_COLUMNS);
      return;
    }

  row->column += row->pending_empty;
  row->pending_empty = 0;
  repeat = (guint) MIN (row->cell_repeat, (guint64) (MAX_SHEET_COLUMNS - MIN (row->column, MAX_SHEET_COLUMNS)));
  for (guint k = 0; k < repeat; k++)
    g_string_assign (rows_cell (rows, row->column++), row->text->str);
  rows->any_value = TRUE;
}

static gboolean
is_ods_cell (xmlTextReaderPtr reader)
{
  return name_is (reader, "table-cell") || name_is (reader, "covered-table-cell");
}

static gboolean
read_ods_sheet (Rows    *rows,
                Xml     *xml,
                GError **error)
{
  xmlTextReaderPtr reader = xml->reader;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean in_table = FALSE, in_row = FALSE, in_cell = FALSE, typed = FALSE;
  gboolean in_paragraph = FALSE;
  int table_depth = -1;
  guint paragraphs = 0;
  guint64 row_repeat = 1;
  guint64 next_row = 1;
  OdsRow row = { text, 0, 1, 0 };
  gboolean advance = TRUE;
  int r = 1;

  for (;;)
    {
      if (advance && (r = xmlTextReaderRead (reader)) != 1)
        break;
      advance = TRUE;

      if (is_element (reader))
        {
          gboolean empty = xmlTextReaderIsEmptyElement (reader);

          if (!in_table)
            {
              if (name_is (reader, "table"))
                {
                  g_autofree char *name = get_attribute_ns (reader, "name", NS_TABLE);

                  if (name != NULL && strcmp (name, rows->sheet) == 0)
                    {
                      if (empty)
                        break;
                      in_table = TRUE;
                      table_depth = xmlTextReaderDepth (reader);
                    }
                  else
                    {
                      /* Another sheet: step over it. */
                      if ((r = xmlTextReaderNext (reader)) != 1)
                        break;
                      advance = FALSE;
                    }
                }
              continue;
            }

          if (name_is (reader, "annotation"))
            {
              /* A comment is not the cell's value. */
              if (!empty)
                {
                  if ((r = xmlTextReaderNext (reader)) != 1)
                    break;
                  advance = FALSE;
                }
            }
          else if (name_is (reader, "table-row"))
            {
              row_repeat = repeat_count (reader, "number-rows-repeated", MAX_REPEAT_ROWS);
              rows_begin (rows, next_row);
              row.column = 0;
              row.pending_empty = 0;
              in_row = !empty;
              if (empty)
                {
                  rows->n_blank += row_repeat;
                  next_row += row_repeat;
                }
            }
          else if (in_row && is_ods_cell (reader))
            {
              row.cell_repeat = repeat_count (reader, "number-columns-repeated", MAX_SHEET_COLUMNS);
              g_string_truncate (text, 0);
              paragraphs = 0;
              typed = ods_typed_value (reader, text);
              in_cell = !empty;
              if (empty)
                ods_finish_cell (rows, &row);
            }
          else if (in_cell && !typed)
            {
              if (name_is (reader, "p"))
                {
                  in_paragraph = !empty;
                  if (paragraphs++ > 0)
                    g_string_append_c (text, '\n');
                }
              else if (name_is (reader, "s"))
                {
                  g_autofree char *count = get_attribute_ns (reader, "c", NS_TEXT);
                  guint64 n = 1;

                  if (count != NULL)
                    g_ascii_string_to_unsigned (count, 10, 1, 1024, &n, NULL);
                  for (guint64 i = 0; i < n; i++)
                    g_string_append_c (text, ' ');
                }
              else if (name_is (reader, "tab"))
                g_string_append_c (text, '\t');
              else if (name_is (reader, "line-break"))
                g_string_append_c (text, '\n');
            }
        }
      else if (is_end_element (reader))
        {
          if (!in_table)
            continue;
          if (name_is (reader, "table") && xmlTextReaderDepth (reader) == table_depth)
            break;
          if (name_is (reader, "table-row") && in_row)
            {
              in_row = FALSE;
              if (!rows_emit (rows, row_repeat, error))
                return FALSE;
              next_row += row_repeat;
            }
          else if (in_cell && is_ods_cell (reader))
            {
              in_cell = FALSE;
              ods_finish_cell (rows, &row);
            }
          else if (name_is (reader, "p"))
            in_paragraph = FALSE;
        }
      else if (in_cell && in_paragraph && !typed && is_text (reader))
        g_string_append (text, (const char *) xmlTextReaderConstValue (reader));
    }

  if (r < 0)
    {
      xml_set_error (xml, rows->book, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * seg_workbook_read_sheet:
 * @self: a workbook
 * @sheet: the sheet's name
 * @func: called for every row that is not blank
 * @func_data: data for @func
 * @progress: (nullable): called as the sheet's XML is read
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @n_blank: (out) (optional): blank rows skipped
 * @error: return location for a #SegImportError
 *
 * Reads one sheet from its start, streaming, as records whose line is the
 * sheet's row number. Can be called again for another pass.
 *
 * Returns: %TRUE if the sheet was read to its end or @func stopped early
 *   without an error
 */
gboolean
seg_workbook_read_sheet (SegWorkbook         *self,
                         const char          *sheet,
                         SegCsvRecordFunc     func,
                         gpointer             func_data,
                         SegCsvProgressFunc   progress,
                         gpointer             progress_data,
                         GCancellable        *cancellable,
                         guint64             *n_blank,
                         GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  Sheet *found;
  const char *wanted;
  const char *name;
  gboolean ok = FALSE;
  gboolean seen = FALSE;
  Entry entry;
  Rows rows;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sheet != NULL, FALSE);

  found = find_sheet (self, sheet);
  if (found == NULL)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET,
                   _("%s: the workbook has no sheet “%s”"), self->display_name, sheet);
      return FALSE;
    }
  if (self->kind == SEG_WORKBOOK_XLSX && found->target == NULL)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET,
                   _("%s: sheet “%s” is listed but its part is missing from the workbook"),
                   self->display_name, sheet);
      return FALSE;
    }
  wanted = self->kind == SEG_WORKBOOK_XLSX ? found->target : "content.xml";

  if (!entry_open_archive (&entry, self, error))
    return FALSE;
  entry.progress = progress;
  entry.progress_data = progress_data;

  rows_init (&rows, self, sheet, func, func_data, cancellable);

  while ((name = entry_next (&entry, &local_error)) != NULL)
    {
      Xml xml;

      if (strcmp (name, wanted) != 0)
        continue;

      seen = TRUE;
      if (self->kind == SEG_WORKBOOK_XLSX)
        {
          ok = read_xlsx_sheet (&rows, &entry, name, &local_error);
          break;
        }
      if (!xml_open (&xml, &entry, name))
        {
          set_damaged (&local_error, self, name);
          break;
        }
      ok = read_ods_sheet (&rows, &xml, &local_error);
      xml_close (&xml);
      break;
    }

  if (local_error == NULL && !seen)
    g_set_error (&local_error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_NO_SHEET,
                 _("%s: sheet “%s” is listed but its part is missing from the workbook"),
                 self->display_name, sheet);

  /* A consumer that stopped without an error ends the read well. */
  if (!ok && rows.stopped && local_error == NULL)
    ok = TRUE;

  if (ok && local_error == NULL && n_blank != NULL)
    *n_blank = rows.n_blank;

  entry_close (&entry);
  rows_clear (&rows);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return ok;
}
