/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEG_IMPORT_ERROR (seg_import_error_quark ())
#define SEG_PROJECT_ERROR (seg_project_error_quark ())

/**
 * SegImportError:
 *
 * Why reading or importing a delimited text file failed. Messages always
 * name the file and, where there is one, the line and column.
 */
typedef enum
{
  SEG_IMPORT_ERROR_IO,                 /* the file cannot be read */
  SEG_IMPORT_ERROR_ENCODING,           /* unknown charset, or bytes that do not decode */
  SEG_IMPORT_ERROR_BINARY,             /* the file is not text */
  SEG_IMPORT_ERROR_EMPTY,              /* no rows at all */
  SEG_IMPORT_ERROR_HEADER_ONLY,        /* a header and no data */
  SEG_IMPORT_ERROR_NUL_BYTE,           /* a NUL character inside text */
  SEG_IMPORT_ERROR_UNTERMINATED_QUOTE, /* a quoted field never closes */
  SEG_IMPORT_ERROR_FIELD_TOO_LARGE,    /* one field is larger than the cap */
  SEG_IMPORT_ERROR_TABLE_EXISTS,       /* the target table exists and replace was not asked */
  SEG_IMPORT_ERROR_INVALID_OPTION,     /* an option value makes no sense */
  SEG_IMPORT_ERROR_WORKBOOK,           /* a spreadsheet workbook is damaged or not one */
  SEG_IMPORT_ERROR_NO_SHEET,           /* the workbook has no sheet of that name */
  SEG_IMPORT_ERROR_COLUMNS,            /* the file's columns do not match the table it is added to */
  SEG_IMPORT_ERROR_EXTRA_COLUMNS,      /* the file has columns that the table it is added to lacks */
} SegImportError;

/**
 * SegProjectError:
 *
 * Why a project file could not be opened or changed.
 */
typedef enum
{
  SEG_PROJECT_ERROR_NOT_A_DATABASE, /* the file is not an SQLite database */
  SEG_PROJECT_ERROR_NOT_A_PROJECT,  /* a database, but not a Segmenta project */
  SEG_PROJECT_ERROR_TOO_NEW,        /* made by a newer version of Segmenta */
  SEG_PROJECT_ERROR_DAMAGED,        /* the integrity check failed */
  SEG_PROJECT_ERROR_NO_SUCH_TABLE,  /* a table name that the project does not have */
  SEG_PROJECT_ERROR_INVALID_NAME,   /* a table name that cannot be used */
  SEG_PROJECT_ERROR_FAILED,         /* SQLite reported an error */
  SEG_PROJECT_ERROR_INVALID_OPTION, /* an analysis option that cannot be used */
  SEG_PROJECT_ERROR_TOO_LARGE,      /* more data than an algorithm can take */
  SEG_PROJECT_ERROR_NO_SUCH_RUN,    /* a run id that the project does not have */
  SEG_PROJECT_ERROR_NO_SUCH_SEGMENT, /* a saved segment that the project does not have */
} SegProjectError;

GQuark seg_import_error_quark  (void);
GQuark seg_project_error_quark (void);

G_END_DECLS
