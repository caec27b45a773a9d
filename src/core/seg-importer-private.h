/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-csv-reader.h"
#include "seg-importer.h"
#include "seg-project-private.h"

G_BEGIN_DECLS

/* SQLite's default SQLITE_MAX_COLUMN. */
#define MAX_COLUMNS 2000

struct _SegImporter
{
  GObject        parent_instance;

  SegProject    *project;
  char          *path;
  char          *table_name;
  char          *encoding;
  char           delimiter;
  SegHeaderMode  header;
  SegDateOrder   date_order;
  gboolean       replace;
  guint64        max_field_size;
  SegBadCellPolicy on_bad_cell;
  char          *sheet;
  char          *append_to;
  gboolean       ignore_extra_columns;
  SegImportLayout layout;
  GArray        *column_options; /* ColumnOption per column of the file */

  /* Progress, written by the worker, read on the main thread. */
  GMutex         progress_mutex;
  double         fraction;
  char          *message;
  GThread       *owner_thread;
  GMainContext  *owner_context;
  guint          notify_pending : 1;
  gboolean       running;
};

/* What the person chose for one column of the file. */
typedef struct
{
  int       type;  /* a SegColumnType, or -1 to keep the detected one */
  char     *name;  /* NULL to name it after its header */
  gboolean  skip;  /* leave the column out of the table */
} ColumnOption;

typedef struct _Pipeline Pipeline;

/* State shared by the two passes over the file. */
typedef struct
{
  SegImporter        *self;
  SegCsvReader       *reader;
  GCancellable       *cancellable;
  gboolean            header;
  char                delimiter;

  /* Pass 1 */
  GPtrArray          *headers;       /* char*, as found */
  GPtrArray          *guesses;       /* SegTypeGuess per column */
  guint               n_columns;
  guint64             n_data_rows;

  /* Pass 2 */
  SegValueFormat     *formats;
  GPtrArray          *names;         /* stored column names */
  gboolean           *keep;          /* per column of the file */
  guint               n_stored;      /* columns kept */
  SegProject         *writer;
  sqlite3_stmt       *insert;
  sqlite3_stmt       *insert_reject;
  gint64              table_id;
  gint64              rows;
  gint64              padded;
  gint64              rejected;
  gint64              emptied;
  GArray             *bad_cells;     /* guint, columns emptied in this row */
  GString            *raw;
  GString            *reason;

  /* Adding to an existing table */
  gint64              table_rows;    /* the table's rows before */
  SegDateOrder        table_date_order;

  double              progress_base;
  double              progress_span;
  Pipeline           *pipeline;
} ImportState;

/* The delimiter the records are read with: text aligned in columns is
 * read as comma-separated text. */
static inline char
seg_import_parse_delimiter (char delimiter)
{
  return delimiter == ' ' ? ',' : delimiter;
}

/* Fields past the header's count are often nothing but the empty cells a
 * spreadsheet writes after the last column: those fit. */
static inline guint
meaningful_fields (const SegCsvRecord *record,
                   guint               n_columns)
{
  guint n = record->n_fields;

  while (n > n_columns && record->lengths[n - 1] == 0)
    n--;

  return n;
}

/* seg-importer.c */
SegImportSummary   *seg_import_summary_new            (void);
const ColumnOption *seg_importer_peek_column_option   (SegImporter           *self,
                                                       guint                  column);
void                seg_importer_set_progress         (SegImporter           *self,
                                                       double                 fraction,
                                                       const char            *message);
SegCsvReader       *seg_importer_open_reader          (SegImporter           *self,
                                                       GError               **error);

/* seg-import-run.c */
SegImportSummary   *seg_importer_run_in_transaction   (SegImporter           *self,
                                                       SegProject            *writer,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
void                seg_import_state_clear            (ImportState           *state);
void                seg_import_on_read_progress       (guint64                done,
                                                       guint64                total,
                                                       gpointer               user_data);
gboolean            seg_importer_decide_dialect       (SegImporter           *self,
                                                       ImportState           *state,
                                                       char                 **sample_out,
                                                       GError               **error);

/* seg-import-schema.c */
gboolean            seg_import_scan_record            (const SegCsvRecord    *record,
                                                       gpointer               user_data,
                                                       GError               **error);
const char         *seg_import_type_label             (SegColumnType          type);
void                seg_importer_decide_types         (SegImporter           *self,
                                                       ImportState           *state,
                                                       SegImportSummary      *summary);
gboolean            seg_import_formats_equal          (const SegValueFormat  *a,
                                                       guint                  n_a,
                                                       const SegValueFormat  *b,
                                                       guint                  n_b);
gboolean            seg_import_create_table           (ImportState           *state,
                                                       SegImportSummary      *summary,
                                                       GError               **error);
gboolean            seg_import_finish_catalog         (ImportState           *state,
                                                       GError               **error);

/* seg-import-append.c */
gboolean            seg_import_check_has_rows         (const ImportState     *state,
                                                       const char            *source_file,
                                                       GError               **error);
void                seg_import_summary_warn_counts    (SegImportSummary      *summary);
SegImportSummary   *seg_importer_run_append           (SegImporter           *self,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
gboolean            seg_import_match_columns          (SegImporter           *self,
                                                       ImportState           *state,
                                                       const SegTableInfo    *target,
                                                       gboolean               lenient,
                                                       SegImportSummary      *summary,
                                                       GStrv                 *missing,
                                                       GError               **error);
gboolean            seg_import_lookup_target          (SegProject            *project,
                                                       const char            *name,
                                                       gint64                *id,
                                                       SegDateOrder          *date_order,
                                                       GError               **error);

/* seg-import-baskets.c */
gboolean            seg_importer_reads_baskets        (SegImporter           *self,
                                                       const ImportState     *state,
                                                       const char            *sample);
gboolean            seg_import_store_baskets          (ImportState           *state,
                                                       SegImportSummary      *summary,
                                                       GCancellable          *cancellable,
                                                       GError               **error);

/* seg-import-writer.c */
gboolean            seg_import_insert_record          (const SegCsvRecord    *record,
                                                       gpointer               user_data,
                                                       GError               **error);
gboolean            seg_import_scan_and_insert_record (const SegCsvRecord    *record,
                                                       gpointer               user_data,
                                                       GError               **error);
gboolean            seg_import_read_and_store         (ImportState           *state,
                                                       SegCsvRecordFunc       func,
                                                       GCancellable          *cancellable,
                                                       GError               **error);

G_END_DECLS
