/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-importer-private.h"
#include "seg-workbook.h"
#include "seg-utils.h"

/* The importer object: its settings, the person's choices per column,
 * the summary it hands back and its progress. Running an import is in
 * seg-import-run.c, storing rows in seg-import-writer.c, the table and
 * its catalog rows in seg-import-schema.c and the preview in
 * seg-import-preview.c. */

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_PATH,
  PROP_TABLE_NAME,
  PROP_ENCODING,
  PROP_DELIMITER,
  PROP_HEADER,
  PROP_DATE_ORDER,
  PROP_REPLACE,
  PROP_MAX_FIELD_SIZE,
  PROP_ON_BAD_CELL,
  PROP_SHEET,
  PROP_APPEND_TO,
  PROP_IGNORE_EXTRA_COLUMNS,
  PROP_FRACTION,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
column_option_clear (gpointer data)
{
  ColumnOption *option = data;

  g_clear_pointer (&option->name, g_free);
}

G_DEFINE_FINAL_TYPE (SegImporter, seg_importer, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SegImportSummary, seg_import_summary,
                     seg_import_summary_copy, seg_import_summary_free)

static SegColumnInfo *
column_info_copy (const SegColumnInfo *column)
{
  SegColumnInfo *copy = g_new0 (SegColumnInfo, 1);

  copy->name = g_strdup (column->name);
  copy->header = g_strdup (column->header);
  copy->type = column->type;
  copy->inferred_type = column->inferred_type;
  copy->percent = column->percent;

  return copy;
}

SegImportSummary *
seg_import_summary_new (void)
{
  SegImportSummary *summary = g_new0 (SegImportSummary, 1);

  summary->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_column_info_free);
  summary->warnings = g_ptr_array_new_with_free_func (g_free);

  return summary;
}

SegImportSummary *
seg_import_summary_copy (const SegImportSummary *summary)
{
  SegImportSummary *copy = seg_import_summary_new ();

  copy->table = g_strdup (summary->table);
  copy->source_file = g_strdup (summary->source_file);
  copy->rows = summary->rows;
  for (guint i = 0; i < summary->columns->len; i++)
    g_ptr_array_add (copy->columns, column_info_copy (g_ptr_array_index (summary->columns, i)));
  copy->encoding = g_strdup (summary->encoding);
  copy->delimiter = summary->delimiter;
  copy->header = summary->header;
  copy->date_order = summary->date_order;
  copy->padded = summary->padded;
  copy->rejected = summary->rejected;
  copy->emptied = summary->emptied;
  copy->blank = summary->blank;
  for (guint i = 0; i < summary->warnings->len; i++)
    g_ptr_array_add (copy->warnings, g_strdup (g_ptr_array_index (summary->warnings, i)));
  copy->seconds = summary->seconds;
  copy->appended = summary->appended;
  copy->table_rows = summary->table_rows;

  return copy;
}

void
seg_import_summary_free (SegImportSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->table);
  g_free (summary->source_file);
  g_clear_pointer (&summary->columns, g_ptr_array_unref);
  g_free (summary->encoding);
  g_clear_pointer (&summary->warnings, g_ptr_array_unref);
  g_free (summary);
}

static void
seg_importer_dispose (GObject *object)
{
  SegImporter *self = (SegImporter *)object;

  g_clear_object (&self->project);

  G_OBJECT_CLASS (seg_importer_parent_class)->dispose (object);
}

static void
seg_importer_finalize (GObject *object)
{
  SegImporter *self = (SegImporter *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->table_name, g_free);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->sheet, g_free);
  g_clear_pointer (&self->append_to, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->column_options, g_array_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_mutex_clear (&self->progress_mutex);

  G_OBJECT_CLASS (seg_importer_parent_class)->finalize (object);
}

static void
seg_importer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SegImporter *self = SEG_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_TABLE_NAME:
      g_value_set_string (value, self->table_name);
      break;

    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;

    case PROP_DELIMITER:
      g_value_set_schar (value, self->delimiter);
      break;

    case PROP_HEADER:
      g_value_set_enum (value, self->header);
      break;

    case PROP_DATE_ORDER:
      g_value_set_enum (value, self->date_order);
      break;

    case PROP_REPLACE:
      g_value_set_boolean (value, self->replace);
      break;

    case PROP_MAX_FIELD_SIZE:
      g_value_set_uint64 (value, self->max_field_size);
      break;

    case PROP_ON_BAD_CELL:
      g_value_set_enum (value, self->on_bad_cell);
      break;

    case PROP_SHEET:
      g_value_set_string (value, self->sheet);
      break;

    case PROP_APPEND_TO:
      g_value_set_string (value, self->append_to);
      break;

    case PROP_IGNORE_EXTRA_COLUMNS:
      g_value_set_boolean (value, self->ignore_extra_columns);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, seg_importer_get_fraction (self));
      break;

    case PROP_MESSAGE:
      g_value_take_string (value, seg_importer_dup_message (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_importer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SegImporter *self = SEG_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;

    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_TABLE_NAME:
      seg_importer_set_table_name (self, g_value_get_string (value));
      break;

    case PROP_ENCODING:
      seg_importer_set_encoding (self, g_value_get_string (value));
      break;

    case PROP_DELIMITER:
      seg_importer_set_delimiter (self, g_value_get_schar (value));
      break;

    case PROP_HEADER:
      seg_importer_set_header (self, g_value_get_enum (value));
      break;

    case PROP_DATE_ORDER:
      seg_importer_set_date_order (self, g_value_get_enum (value));
      break;

    case PROP_REPLACE:
      seg_importer_set_replace (self, g_value_get_boolean (value));
      break;

    case PROP_MAX_FIELD_SIZE:
      seg_importer_set_max_field_size (self, g_value_get_uint64 (value));
      break;

    case PROP_ON_BAD_CELL:
      seg_importer_set_on_bad_cell (self, g_value_get_enum (value));
      break;

    case PROP_SHEET:
      seg_importer_set_sheet (self, g_value_get_string (value));
      break;

    case PROP_APPEND_TO:
      seg_importer_set_append_to (self, g_value_get_string (value));
      break;

    case PROP_IGNORE_EXTRA_COLUMNS:
      seg_importer_set_ignore_extra_columns (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_importer_constructed (GObject *object)
{
  SegImporter *self = SEG_IMPORTER (object);

  G_OBJECT_CLASS (seg_importer_parent_class)->constructed (object);

  if (self->table_name == NULL && self->path != NULL)
    self->table_name = seg_table_name_from_path (self->path);
}

static void
seg_importer_class_init (SegImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = seg_importer_constructed;
  object_class->dispose = seg_importer_dispose;
  object_class->finalize = seg_importer_finalize;
  object_class->get_property = seg_importer_get_property;
  object_class->set_property = seg_importer_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         SEG_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TABLE_NAME] =
    g_param_spec_string ("table-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DELIMITER] =
    g_param_spec_char ("delimiter", NULL, NULL,
                       0, G_MAXINT8, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HEADER] =
    g_param_spec_enum ("header", NULL, NULL,
                       SEG_TYPE_HEADER_MODE, SEG_HEADER_AUTO,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DATE_ORDER] =
    g_param_spec_enum ("date-order", NULL, NULL,
                       SEG_TYPE_DATE_ORDER, SEG_DATE_ORDER_AUTO,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REPLACE] =
    g_param_spec_boolean ("replace", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_FIELD_SIZE] =
    g_param_spec_uint64 ("max-field-size", NULL, NULL,
                         1, G_MAXUINT32, SEG_CSV_DEFAULT_MAX_FIELD,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SegImporter:on-bad-cell:
   *
   * Whether a value that does not fit its column's type empties that
   * cell and keeps the row (the default, everywhere), or sends the whole
   * row to the rejects list.
   */
  properties[PROP_ON_BAD_CELL] =
    g_param_spec_enum ("on-bad-cell", NULL, NULL,
                       SEG_TYPE_BAD_CELL_POLICY, SEG_BAD_CELL_EMPTY,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SegImporter:sheet:
   *
   * For a workbook (.xlsx, .ods), the sheet to import; %NULL for the
   * first. Ignored for text files.
   */
  properties[PROP_SHEET] =
    g_param_spec_string ("sheet", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SegImporter:append-to:
   *
   * An existing table of the project to add the file's rows to, rather
   * than a new table: the file's columns are matched to the table's by
   * name and read with the table's types. %NULL for a new table.
   */
  properties[PROP_APPEND_TO] =
    g_param_spec_string ("append-to", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SegImporter:ignore-extra-columns:
   *
   * When adding rows to a table, whether columns of the file that the
   * table does not have are left out; otherwise they stop the import.
   */
  properties[PROP_IGNORE_EXTRA_COLUMNS] =
    g_param_spec_boolean ("ignore-extra-columns", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_importer_init (SegImporter *self)
{
  g_mutex_init (&self->progress_mutex);
  self->max_field_size = SEG_CSV_DEFAULT_MAX_FIELD;
  self->on_bad_cell = SEG_BAD_CELL_EMPTY;
  self->column_options = g_array_new (FALSE, TRUE, sizeof (ColumnOption));
  g_array_set_clear_func (self->column_options, column_option_clear);
  self->owner_thread = g_thread_self ();
  self->owner_context = g_main_context_ref_thread_default ();
}

/**
 * seg_importer_new:
 * @project: the project to import into
 * @path: the file to import
 *
 * Returns: (transfer full): a new importer; the table is named after the
 *   file until seg_importer_set_table_name() says otherwise
 */
SegImporter *
seg_importer_new (SegProject *project,
                  const char *path)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (SEG_TYPE_IMPORTER,
                       "project", project,
                       "path", path,
                       NULL);
}

SegProject *
seg_importer_get_project (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  return self->project;
}

const char *
seg_importer_get_path (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  return self->path;
}

const char *
seg_importer_get_table_name (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  return self->table_name;
}

void
seg_importer_set_table_name (SegImporter *self,
                             const char  *table_name)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  if (seg_set_str (&self->table_name, table_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE_NAME]);
}

const char *
seg_importer_get_sheet (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  return self->sheet;
}

/**
 * seg_importer_set_sheet:
 * @self: a #SegImporter
 * @sheet: (nullable): a sheet's name, or %NULL for the first sheet
 *
 * Chooses the sheet of a workbook to import.
 */
void
seg_importer_set_sheet (SegImporter *self,
                        const char  *sheet)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  if (seg_set_str (&self->sheet, sheet))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHEET]);
}

const char *
seg_importer_get_append_to (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  return self->append_to;
}

/**
 * seg_importer_set_append_to:
 * @self: a #SegImporter
 * @table: (nullable): an existing table to add the rows to, or %NULL to
 *   import into a new table
 *
 * Makes the import add the file's rows to @table, in one transaction:
 * columns are matched by name without regard to case or surrounding
 * spaces, values read with the table's column types, and columns of the
 * table that the file lacks are left empty in the new rows.
 */
void
seg_importer_set_append_to (SegImporter *self,
                            const char  *table)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  if (table != NULL && *table == '\0')
    table = NULL;
  if (seg_set_str (&self->append_to, table))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPEND_TO]);
}

SegImportLayout
seg_importer_get_layout (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), SEG_IMPORT_LAYOUT_AUTO);
  return self->layout;
}

/**
 * seg_importer_set_layout:
 * @layout: a table, baskets, or %SEG_IMPORT_LAYOUT_AUTO to read ragged
 *   lines of item names without numbers as baskets
 *
 * How the file's lines are laid out.
 */
void
seg_importer_set_layout (SegImporter     *self,
                         SegImportLayout  layout)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));
  self->layout = layout;
}

gboolean
seg_importer_get_ignore_extra_columns (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), FALSE);
  return self->ignore_extra_columns;
}

void
seg_importer_set_ignore_extra_columns (SegImporter *self,
                                       gboolean     ignore)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  ignore = !!ignore;
  if (self->ignore_extra_columns != ignore)
    {
      self->ignore_extra_columns = ignore;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IGNORE_EXTRA_COLUMNS]);
    }
}

/* The reader for the importer's file: a text file, or a sheet of a
 * workbook. */
SegCsvReader *
seg_importer_open_reader (SegImporter  *self,
                          GError      **error)
{
  if (seg_workbook_kind_for_path (self->path) != SEG_WORKBOOK_NONE)
    return seg_csv_reader_new_for_sheet (self->path, self->sheet, error);

  return seg_csv_reader_new (self->path, self->encoding, error);
}

const char *
seg_importer_get_encoding (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  return self->encoding;
}

void
seg_importer_set_encoding (SegImporter *self,
                           const char  *encoding)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  if (encoding != NULL && (*encoding == '\0' || g_ascii_strcasecmp (encoding, "auto") == 0))
    encoding = NULL;

  if (seg_set_str (&self->encoding, encoding))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

char
seg_importer_get_delimiter (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), 0);
  return self->delimiter;
}

/**
 * seg_importer_set_delimiter:
 * @self: a #SegImporter
 * @delimiter: the delimiter, or 0 to detect it
 */
void
seg_importer_set_delimiter (SegImporter *self,
                            char         delimiter)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  if (self->delimiter != delimiter)
    {
      self->delimiter = delimiter;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIMITER]);
    }
}

SegHeaderMode
seg_importer_get_header (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), SEG_HEADER_AUTO);
  return self->header;
}

void
seg_importer_set_header (SegImporter   *self,
                         SegHeaderMode  header)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  if (self->header != header)
    {
      self->header = header;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADER]);
    }
}

SegDateOrder
seg_importer_get_date_order (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), SEG_DATE_ORDER_AUTO);
  return self->date_order;
}

void
seg_importer_set_date_order (SegImporter  *self,
                             SegDateOrder  order)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  if (self->date_order != order)
    {
      self->date_order = order;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_ORDER]);
    }
}

gboolean
seg_importer_get_replace (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), FALSE);
  return self->replace;
}

void
seg_importer_set_replace (SegImporter *self,
                          gboolean     replace)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  replace = !!replace;
  if (self->replace != replace)
    {
      self->replace = replace;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLACE]);
    }
}

guint64
seg_importer_get_max_field_size (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), 0);
  return self->max_field_size;
}

void
seg_importer_set_max_field_size (SegImporter *self,
                                 guint64      max_field_size)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));
  g_return_if_fail (max_field_size > 0);

  if (self->max_field_size != max_field_size)
    {
      self->max_field_size = max_field_size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_FIELD_SIZE]);
    }
}

SegBadCellPolicy
seg_importer_get_on_bad_cell (SegImporter *self)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), SEG_BAD_CELL_EMPTY);
  return self->on_bad_cell;
}

/**
 * seg_importer_set_on_bad_cell:
 * @self: a #SegImporter
 * @policy: what to do with a value that does not fit its column
 *
 * Chooses whether such a value is stored as NULL with the rest of its row
 * kept (the default), or its whole row goes to the rejects list.
 */
void
seg_importer_set_on_bad_cell (SegImporter      *self,
                              SegBadCellPolicy  policy)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));
  g_return_if_fail (policy == SEG_BAD_CELL_EMPTY || policy == SEG_BAD_CELL_REJECT_ROW);

  if (self->on_bad_cell != policy)
    {
      self->on_bad_cell = policy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_BAD_CELL]);
    }
}

/**
 * seg_importer_set_column_type:
 * @self: a #SegImporter
 * @column: a column index, from 0
 * @type: the type to store the column as, overriding detection
 *
 * Values that do not fit @type are not lost: their rows go to the rejects
 * list with the reason.
 */
static ColumnOption *
column_option (SegImporter *self,
               guint        column)
{
  if (self->column_options->len <= column)
    {
      guint old_len = self->column_options->len;

      g_array_set_size (self->column_options, column + 1);
      for (guint i = old_len; i <= column; i++)
        g_array_index (self->column_options, ColumnOption, i).type = -1;
    }

  return &g_array_index (self->column_options, ColumnOption, column);
}

const ColumnOption *
seg_importer_peek_column_option (SegImporter *self,
                                 guint        column)
{
  static const ColumnOption none = { -1, NULL, FALSE };

  if (column >= self->column_options->len)
    return &none;

  return &g_array_index (self->column_options, ColumnOption, column);
}

void
seg_importer_set_column_type (SegImporter   *self,
                              guint          column,
                              SegColumnType  type)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));
  g_return_if_fail (type < SEG_N_COLUMN_TYPES);

  column_option (self, column)->type = type;
}

/**
 * seg_importer_set_column_name:
 * @self: a #SegImporter
 * @column: a column index, from 0
 * @name: (nullable): the name to store the column under, or %NULL for a
 *   name made from its header
 *
 * A name that another column already has gets a number added.
 */
void
seg_importer_set_column_name (SegImporter *self,
                              guint        column,
                              const char  *name)
{
  ColumnOption *option;

  g_return_if_fail (SEG_IS_IMPORTER (self));

  option = column_option (self, column);
  seg_set_str (&option->name, name != NULL && *name != '\0' ? name : NULL);
}

/**
 * seg_importer_set_column_skip:
 * @self: a #SegImporter
 * @column: a column index, from 0
 * @skip: whether to leave the column out of the table
 */
void
seg_importer_set_column_skip (SegImporter *self,
                              guint        column,
                              gboolean     skip)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  column_option (self, column)->skip = !!skip;
}

/* Forgets every per-column choice: after a change of delimiter or header
 * the columns are not the same ones. */
void
seg_importer_reset_columns (SegImporter *self)
{
  g_return_if_fail (SEG_IS_IMPORTER (self));

  g_array_set_size (self->column_options, 0);
}

double
seg_importer_get_fraction (SegImporter *self)
{
  double fraction;

  g_return_val_if_fail (SEG_IS_IMPORTER (self), 0.0);

  g_mutex_lock (&self->progress_mutex);
  fraction = self->fraction;
  g_mutex_unlock (&self->progress_mutex);

  return fraction;
}

char *
seg_importer_dup_message (SegImporter *self)
{
  char *message;

  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);

  g_mutex_lock (&self->progress_mutex);
  message = g_strdup (self->message);
  g_mutex_unlock (&self->progress_mutex);

  return message;
}

static gboolean
notify_progress_cb (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(SegImporter) self = g_weak_ref_get (ref);

  if (self != NULL)
    {
      g_mutex_lock (&self->progress_mutex);
      self->notify_pending = FALSE;
      g_mutex_unlock (&self->progress_mutex);

      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Called from the worker. Widgets bind to the properties, so they are
 * notified on the thread that made the importer, at low priority, at most
 * once per main loop turn. */
void
seg_importer_set_progress (SegImporter *self,
                           double       fraction,
                           const char  *message)
{
  gboolean schedule = FALSE;
  gboolean changed;

  g_mutex_lock (&self->progress_mutex);
  changed = fraction - self->fraction >= 0.002 || fraction == 1.0 || fraction == 0.0 ||
            (message != NULL && g_strcmp0 (message, self->message) != 0);
  if (changed)
    {
      self->fraction = CLAMP (fraction, 0.0, 1.0);
      if (message != NULL)
        seg_set_str (&self->message, message);
      if (!self->notify_pending && g_thread_self () != self->owner_thread)
        schedule = self->notify_pending = TRUE;
    }
  g_mutex_unlock (&self->progress_mutex);

  if (!changed)
    return;

  if (g_thread_self () == self->owner_thread)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  else if (schedule)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);
      GSource *source = g_idle_source_new ();

      g_weak_ref_init (ref, self);
      g_source_set_priority (source, G_PRIORITY_LOW);
      g_source_set_callback (source, notify_progress_cb, ref, free_weak_ref);
      g_source_set_static_name (source, "[segmenta] import progress");
      g_source_attach (source, self->owner_context);
      g_source_unref (source);
    }
}

/**
 * seg_table_name_from_path:
 * @path: a file name
 *
 * Returns: (transfer full): a table name made from the file's base name
 *   without its extension, usable as it is
 */
char *
seg_table_name_from_path (const char *path)
{
  g_autofree char *base = g_filename_display_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';

  return seg_table_name_from_text (base);
}

/**
 * seg_table_name_from_text:
 * @text: a name such as a sheet's
 *
 * Returns: (transfer full): a table name made from @text, usable as it is
 */
char *
seg_table_name_from_text (const char *text)
{
  g_autofree char *base = g_strdup (text);
  GString *name;

  name = g_string_new (g_strstrip (base));
  for (gsize i = 0; i < name->len; i++)
    if ((guchar)name->str[i] < 0x20)
      name->str[i] = '_';

  /* Keep whole characters within the longest name a table may have. */
  if (name->len > SEG_PROJECT_MAX_NAME - 2)
    {
      const char *end = g_utf8_find_prev_char (name->str, name->str + SEG_PROJECT_MAX_NAME - 1);

      g_string_truncate (name, end != NULL ? (gsize)(end - name->str) : 0);
    }

  if (name->len == 0)
    g_string_assign (name, "data");
  if (g_ascii_strncasecmp (name->str, "sqlite_", 7) == 0 ||
      g_ascii_strncasecmp (name->str, "seg_", 4) == 0)
    g_string_prepend (name, "t_");

  return g_string_free (name, FALSE);
}
