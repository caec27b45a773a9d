/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SEG_CSV_DEFAULT_MAX_FIELD (16 * 1024 * 1024)

/**
 * SegCsvRecord:
 *
 * One record as the reader hands it out. The strings belong to the reader
 * and are valid until the callback returns.
 */
typedef struct
{
  guint         n_fields;
  const char  **fields;   /* NUL-terminated UTF-8 */
  const gsize  *lengths;
  guint64       line;     /* the line the record starts on, from 1 */
  guint64       index;    /* records before this one, blank ones not counted */
} SegCsvRecord;

/* Return FALSE to stop: with @error set the read fails, without it the
 * read ends early and successfully. */
typedef gboolean (*SegCsvRecordFunc)   (const SegCsvRecord  *record,
                                        gpointer             user_data,
                                        GError             **error);
typedef void     (*SegCsvProgressFunc) (guint64              bytes_done,
                                        guint64              bytes_total,
                                        gpointer             user_data);

typedef struct _SegCsvReader SegCsvReader;

SegCsvReader *seg_csv_reader_new                (const char          *path,
                                                 const char          *charset,
                                                 GError             **error);
SegCsvReader *seg_csv_reader_new_for_sheet      (const char          *path,
                                                 const char          *sheet,
                                                 GError             **error);
const char   *seg_csv_reader_get_sheet          (SegCsvReader        *reader);
void          seg_csv_reader_free               (SegCsvReader        *reader);
const char   *seg_csv_reader_get_path           (SegCsvReader        *reader);
const char   *seg_csv_reader_get_charset        (SegCsvReader        *reader);
gboolean      seg_csv_reader_get_charset_detected (SegCsvReader      *reader);
guint64       seg_csv_reader_get_size           (SegCsvReader        *reader);
void          seg_csv_reader_set_delimiter      (SegCsvReader        *reader,
                                                 char                 delimiter);
char          seg_csv_reader_get_delimiter      (SegCsvReader        *reader);
void          seg_csv_reader_set_aligned        (SegCsvReader        *reader,
                                                 const GArray        *starts);
void          seg_csv_reader_set_max_field_size (SegCsvReader        *reader,
                                                 gsize                max_field_size);
guint64       seg_csv_reader_get_blank_records  (SegCsvReader        *reader);
char         *seg_csv_reader_read_sample        (SegCsvReader        *reader,
                                                 gsize                max_bytes,
                                                 GError             **error);
gboolean      seg_csv_reader_read               (SegCsvReader        *reader,
                                                 SegCsvRecordFunc     func,
                                                 gpointer             func_data,
                                                 SegCsvProgressFunc   progress,
                                                 gpointer             progress_data,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

void          seg_csv_append_field              (GString             *out,
                                                 const char          *field,
                                                 gsize                len,
                                                 char                 delimiter);
void          seg_csv_format_record             (const SegCsvRecord  *record,
                                                 char                 delimiter,
                                                 GString             *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegCsvReader, seg_csv_reader_free)

G_END_DECLS

G_BEGIN_DECLS
gboolean      seg_csv_parse_text                (const char          *text,
                                                 gsize                len,
                                                 char                 delimiter,
                                                 SegCsvRecordFunc     func,
                                                 gpointer             func_data,
                                                 GError             **error);
G_END_DECLS
