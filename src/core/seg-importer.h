/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"
#include "seg-value.h"
#include "seg-enums.h"

G_BEGIN_DECLS

typedef enum
{
  SEG_HEADER_AUTO,
  SEG_HEADER_YES,
  SEG_HEADER_NO,
} SegHeaderMode;

/* What an import does with a value that does not fit its column's type:
 * EMPTY stores NULL in that cell and keeps the row, REJECT_ROW sends the
 * whole row to the rejects list. Either way the rejects list names the
 * cell. */
/* How the lines of a file are laid out: a table with a column per
 * field, or shopping baskets, one a line with its items in the fields
 * (ragged lines of item names), stored as a table of (basket, item). */
typedef enum
{
  SEG_IMPORT_LAYOUT_AUTO,
  SEG_IMPORT_LAYOUT_TABLE,
  SEG_IMPORT_LAYOUT_BASKETS,
} SegImportLayout;

typedef enum
{
  SEG_BAD_CELL_EMPTY,
  SEG_BAD_CELL_REJECT_ROW,
} SegBadCellPolicy;

#define SEG_TYPE_IMPORT_SUMMARY (seg_import_summary_get_type ())

/**
 * SegImportSummary:
 *
 * What an import did, for the toast, the CLI's report and the tests.
 */
typedef struct
{
  char         *table;
  char         *source_file;
  gint64        rows;
  GPtrArray    *columns;     /* of SegColumnInfo */
  char         *encoding;
  char          delimiter;
  gboolean      header;
  SegDateOrder  date_order;  /* the order used for ambiguous dates */
  gint64        padded;      /* short rows filled with NULL */
  gint64        rejected;    /* rows stored in the rejects list instead */
  gint64        emptied;     /* cells stored as NULL because they did not fit */
  gint64        blank;       /* empty rows skipped */
  GPtrArray    *warnings;    /* of char*, sentences for a person */
  double        seconds;
  gboolean      appended;    /* rows added to an existing table */
  gint64        table_rows;  /* the table's rows after the import */
} SegImportSummary;

GType             seg_import_summary_get_type (void) G_GNUC_CONST;
SegImportSummary *seg_import_summary_copy     (const SegImportSummary *summary);
void              seg_import_summary_free     (SegImportSummary       *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegImportSummary, seg_import_summary_free)

/* A cell of the preview as the import would store it. */
typedef enum
{
  SEG_PREVIEW_CELL_OK,
  SEG_PREVIEW_CELL_NULL,     /* stored as a missing value */
  SEG_PREVIEW_CELL_REJECTED, /* does not fit: goes to the rejects list, and
                              * either the cell is emptied or the row left
                              * out, as SegImporter:on-bad-cell says */
} SegPreviewCell;

typedef struct
{
  char          *name;           /* the name it will be stored under */
  char          *header;
  SegColumnType  type;
  SegColumnType  inferred_type;
  gboolean       skip;
  gboolean       dates_ambiguous;
  gboolean       extra;          /* adding to a table that lacks this column */
} SegPreviewColumn;

typedef struct
{
  guint64         line;
  char          **cells;   /* n_columns raw texts, NULL past the row's end */
  char          **values;  /* n_columns, as they will be stored; NULL if not */
  guint           n_values;
  SegPreviewCell *status;  /* n_columns */
  gboolean        too_many_fields;
} SegPreviewRow;

/**
 * SegImportPreview:
 *
 * The first rows of a file as an import with the current settings would
 * read them. Types come from the start of the file; the import itself
 * checks every row.
 */
typedef struct
{
  char         *encoding;
  gboolean      encoding_detected;
  char          delimiter;
  gboolean      header;
  SegDateOrder  date_order;
  guint         n_columns;
  GPtrArray    *columns;   /* of SegPreviewColumn */
  GPtrArray    *rows;      /* of SegPreviewRow */
  guint         n_rejected;
  guint         n_null;
  guint         n_emptied; /* of the rejected cells, those that would be
                            * emptied with their rows kept */
  GStrv         missing;   /* adding to a table: its columns that the file
                            * lacks, left empty in the new rows */
  gboolean      baskets;   /* read as baskets: the rows are (basket, item) */
} SegImportPreview;

void seg_import_preview_free (SegImportPreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegImportPreview, seg_import_preview_free)

#define SEG_TYPE_IMPORTER (seg_importer_get_type ())

G_DECLARE_FINAL_TYPE (SegImporter, seg_importer, SEG, IMPORTER, GObject)

SegImporter      *seg_importer_new                 (SegProject           *project,
                                                    const char           *path);
SegProject       *seg_importer_get_project         (SegImporter          *self);
const char       *seg_importer_get_path            (SegImporter          *self);
const char       *seg_importer_get_table_name      (SegImporter          *self);
void              seg_importer_set_table_name      (SegImporter          *self,
                                                    const char           *table_name);
const char       *seg_importer_get_sheet           (SegImporter          *self);
void              seg_importer_set_sheet           (SegImporter          *self,
                                                    const char           *sheet);
const char       *seg_importer_get_append_to       (SegImporter          *self);
void              seg_importer_set_append_to       (SegImporter          *self,
                                                    const char           *table);
gboolean          seg_importer_get_ignore_extra_columns (SegImporter     *self);
void              seg_importer_set_ignore_extra_columns (SegImporter     *self,
                                                    gboolean              ignore);
const char       *seg_importer_get_encoding        (SegImporter          *self);
void              seg_importer_set_encoding        (SegImporter          *self,
                                                    const char           *encoding);
char              seg_importer_get_delimiter       (SegImporter          *self);
void              seg_importer_set_delimiter       (SegImporter          *self,
                                                    char                  delimiter);
SegHeaderMode     seg_importer_get_header          (SegImporter          *self);
void              seg_importer_set_header          (SegImporter          *self,
                                                    SegHeaderMode         header);
SegDateOrder      seg_importer_get_date_order      (SegImporter          *self);
void              seg_importer_set_date_order      (SegImporter          *self,
                                                    SegDateOrder          order);
gboolean          seg_importer_get_replace         (SegImporter          *self);
void              seg_importer_set_replace         (SegImporter          *self,
                                                    gboolean              replace);
SegBadCellPolicy  seg_importer_get_on_bad_cell     (SegImporter          *self);
void              seg_importer_set_on_bad_cell     (SegImporter          *self,
                                                    SegBadCellPolicy      policy);
SegImportLayout   seg_importer_get_layout          (SegImporter          *self);
void              seg_importer_set_layout          (SegImporter          *self,
                                                    SegImportLayout       layout);
guint64           seg_importer_get_max_field_size  (SegImporter          *self);
void              seg_importer_set_max_field_size  (SegImporter          *self,
                                                    guint64               max_field_size);
void              seg_importer_set_column_type     (SegImporter          *self,
                                                    guint                 column,
                                                    SegColumnType         type);
void              seg_importer_set_column_name     (SegImporter          *self,
                                                    guint                 column,
                                                    const char           *name);
void              seg_importer_set_column_skip     (SegImporter          *self,
                                                    guint                 column,
                                                    gboolean              skip);
void              seg_importer_reset_columns       (SegImporter          *self);
double            seg_importer_get_fraction        (SegImporter          *self);
char             *seg_importer_dup_message         (SegImporter          *self);

SegImportSummary *seg_importer_run                 (SegImporter          *self,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
void              seg_importer_run_async           (SegImporter          *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
SegImportSummary *seg_importer_run_finish          (SegImporter          *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

SegImportPreview *seg_importer_preview             (SegImporter          *self,
                                                    guint                 max_rows,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

char             *seg_table_name_from_path         (const char           *path);
char             *seg_table_name_from_text         (const char           *text);

G_END_DECLS
