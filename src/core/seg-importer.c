/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seg-csv-reader.h"
#include "seg-error.h"
#include "seg-importer.h"
#include "seg-project-private.h"
#include "seg-sniff.h"
#include "seg-utils.h"

/* SQLite's default SQLITE_MAX_COLUMN. */
#define MAX_COLUMNS 2000
/* The start of the file that the dialect and the first guess of the
 * column types come from. */
#define SAMPLE_BYTES (256 * 1024)
/* The share of the progress bar that the type scan takes. */
#define SCAN_SHARE 0.4

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
  PROP_FRACTION,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the person chose for one column of the file. */
typedef struct
{
  int       type;  /* a SegColumnType, or -1 to keep the detected one */
  char     *name;  /* NULL to name it after its header */
  gboolean  skip;  /* leave the column out of the table */
} ColumnOption;

static void
column_option_clear (gpointer data)
{
  ColumnOption *option = data;

  g_clear_pointer (&option->name, g_free);
}

G_DEFINE_FINAL_TYPE (SegImporter, seg_importer, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SegImportSummary, seg_import_summary,
                     seg_import_summary_copy, seg_import_summary_free)

GType
seg_header_mode_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SEG_HEADER_AUTO, "SEG_HEADER_AUTO", "auto" },
        { SEG_HEADER_YES, "SEG_HEADER_YES", "yes" },
        { SEG_HEADER_NO, "SEG_HEADER_NO", "no" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("SegHeaderMode"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

GType
seg_date_order_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SEG_DATE_ORDER_AUTO, "SEG_DATE_ORDER_AUTO", "auto" },
        { SEG_DATE_ORDER_DMY, "SEG_DATE_ORDER_DMY", "dmy" },
        { SEG_DATE_ORDER_MDY, "SEG_DATE_ORDER_MDY", "mdy" },
        { SEG_DATE_ORDER_YMD, "SEG_DATE_ORDER_YMD", "ymd" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("SegDateOrder"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static SegColumnInfo *
column_info_copy (const SegColumnInfo *column)
{
  SegColumnInfo *copy = g_new0 (SegColumnInfo, 1);

  copy->name = g_strdup (column->name);
  copy->header = g_strdup (column->header);
  copy->type = column->type;
  copy->inferred_type = column->inferred_type;

  return copy;
}

static SegImportSummary *
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
  copy->blank = summary->blank;
  for (guint i = 0; i < summary->warnings->len; i++)
    g_ptr_array_add (copy->warnings, g_strdup (g_ptr_array_index (summary->warnings, i)));
  copy->seconds = summary->seconds;

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

static const ColumnOption *
peek_column_option (SegImporter *self,
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
static void
set_progress (SegImporter *self,
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
  GString *name;

  if (dot != NULL && dot != base)
    *dot = '\0';

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
  GString            *raw;
  GString            *reason;

  double              progress_base;
  double              progress_span;
  Pipeline           *pipeline;
} ImportState;

static void
import_state_clear (ImportState *state)
{
  g_clear_pointer (&state->headers, g_ptr_array_unref);
  g_clear_pointer (&state->guesses, g_ptr_array_unref);
  g_clear_pointer (&state->formats, g_free);
  g_clear_pointer (&state->names, g_ptr_array_unref);
  g_clear_pointer (&state->keep, g_free);
  g_clear_pointer (&state->insert, sqlite3_finalize);
  g_clear_pointer (&state->insert_reject, sqlite3_finalize);
  g_clear_object (&state->writer);
  if (state->raw != NULL)
    g_string_free (state->raw, TRUE);
  if (state->reason != NULL)
    g_string_free (state->reason, TRUE);
}

static void
on_read_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  ImportState *state = user_data;
  double part = total > 0 ? (double)done / total : 1.0;

  set_progress (state->self, state->progress_base + state->progress_span * part, NULL);
}

/* Fields past the header's count are often nothing but the empty cells a
 * spreadsheet writes after the last column: those fit. */
static guint
meaningful_fields (const SegCsvRecord *record,
                   guint               n_columns)
{
  guint n = record->n_fields;

  while (n > n_columns && record->lengths[n - 1] == 0)
    n--;

  return n;
}

static gboolean
scan_record (const SegCsvRecord  *record,
             gpointer             user_data,
             GError             **error)
{
  ImportState *state = user_data;
  guint n;

  if (record->index == 0)
    {
      state->n_columns = record->n_fields;
      if (state->n_columns > MAX_COLUMNS)
        {
          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION,
                       _("%s: line %" PRIu64 ": %u columns, but a table can have at most %d"),
                       seg_csv_reader_get_path (state->reader), record->line,
                       record->n_fields, MAX_COLUMNS);
          return FALSE;
        }

      for (guint i = 0; i < record->n_fields; i++)
        {
          g_ptr_array_add (state->guesses, seg_type_guess_new ());
          if (state->header)
            g_ptr_array_add (state->headers, g_strndup (record->fields[i], record->lengths[i]));
          else
            g_ptr_array_add (state->headers, g_strdup (""));
        }

      if (state->header)
        return TRUE;
    }

  state->n_data_rows++;
  n = meaningful_fields (record, state->n_columns);
  if (n > state->n_columns)
    return TRUE; /* rejected in the second pass */

  for (guint i = 0; i < n; i++)
    seg_type_guess_add (g_ptr_array_index (state->guesses, i),
                        record->fields[i], record->lengths[i]);

  return TRUE;
}

static const char *
type_label (SegColumnType type)
{
  switch (type)
    {
    case SEG_COLUMN_INTEGER: return _("a whole number");
    case SEG_COLUMN_REAL: return _("a number");
    case SEG_COLUMN_BOOLEAN: return _("yes or no");
    case SEG_COLUMN_DATE: return _("a date");
    case SEG_COLUMN_DATETIME: return _("a date and time");
    case SEG_COLUMN_TEXT:
    default: return _("text");
    }
}

/* Rows travel from the reading thread to the writing thread in batches
 * of encoded values, so that parsing and SQLite's inserts use both cores.
 * A few batches circulate; the reader waits when all of them are full. */
#define BATCH_BYTES (512 * 1024)
#define N_BATCHES   4

enum {
  TAG_NULL,
  TAG_INT,
  TAG_REAL,
  TAG_TEXT,
};

enum {
  ENTRY_ROW = 'R',
  ENTRY_REJECT = 'J',
};

typedef struct
{
  guint8  *data;
  gsize    len;
  gsize    size;
  gboolean last;  /* nothing comes after this batch */
} Batch;

struct _Pipeline
{
  GThread     *thread;
  GAsyncQueue *full;
  GAsyncQueue *empty;
  Batch       *current;
  ImportState *state;
  GError      *error;   /* the writer's, read after the join */
  int          failed;
};

static inline void
batch_reserve (Batch *batch,
               gsize  extra)
{
  if (G_UNLIKELY (batch->len + extra > batch->size))
    {
      while (batch->len + extra > batch->size)
        batch->size *= 2;
      batch->data = g_realloc (batch->data, batch->size);
    }
}

static inline void
batch_put (Batch      *batch,
           const void *data,
           gsize       len)
{
  batch_reserve (batch, len);
  memcpy (batch->data + batch->len, data, len);
  batch->len += len;
}

static inline void
batch_put_byte (Batch *batch,
                guint8 byte)
{
  batch_reserve (batch, 1);
  batch->data[batch->len++] = byte;
}

static inline void
batch_put_text (Batch      *batch,
                const char *text,
                gsize       len)
{
  guint64 n = len;

  batch_put (batch, &n, sizeof n);
  batch_put (batch, text, len);
}

static inline const guint8 *
batch_get_text (const guint8  *p,
                const char   **text,
                gsize         *len)
{
  guint64 n;

  memcpy (&n, p, sizeof n);
  *text = (const char *)p + sizeof n;
  *len = n;

  return p + sizeof n + n;
}

static int
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text,
           gsize         len)
{
  return sqlite3_bind_text64 (stmt, index, text, len, SQLITE_STATIC, SQLITE_UTF8);
}

/* Runs the inserts of one batch; returns FALSE at the first failure. */
static gboolean
write_batch (ImportState  *state,
             Batch        *batch,
             GError      **error)
{
  const guint8 *p = batch->data;
  const guint8 *end = batch->data + batch->len;
  sqlite3_stmt *stmt = state->insert;
  int rc;

  while (p < end)
    {
      guint8 kind = *p++;

      if (kind == ENTRY_ROW)
        {
          for (guint i = 0; i < state->n_stored; i++)
            {
              guint8 tag = *p++;

              switch (tag)
                {
                case TAG_INT:
                  {
                    gint64 v;

                    memcpy (&v, p, sizeof v);
                    p += sizeof v;
                    sqlite3_bind_int64 (stmt, i + 1, v);
                  }
                  break;

                case TAG_REAL:
                  {
                    double v;

                    memcpy (&v, p, sizeof v);
                    p += sizeof v;
                    sqlite3_bind_double (stmt, i + 1, v);
                  }
                  break;

                case TAG_TEXT:
                  {
                    const char *text;
                    gsize len;

                    p = batch_get_text (p, &text, &len);
                    bind_text (stmt, i + 1, text, len);
                  }
                  break;

                case TAG_NULL:
                default:
                  sqlite3_bind_null (stmt, i + 1);
                }
            }

          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return seg_project_set_sqlite_error (state->writer, rc, error);
        }
      else
        {
          gint64 line;
          guint32 column;
          const char *reason;
          const char *raw;
          gsize reason_len;
          gsize raw_len;

          g_assert (kind == ENTRY_REJECT);
          memcpy (&line, p, sizeof line);
          p += sizeof line;
          memcpy (&column, p, sizeof column);
          p += sizeof column;
          p = batch_get_text (p, &reason, &reason_len);
          p = batch_get_text (p, &raw, &raw_len);

          sqlite3_bind_int64 (state->insert_reject, 1, state->table_id);
          sqlite3_bind_int64 (state->insert_reject, 2, line);
          if (column > 0)
            sqlite3_bind_int (state->insert_reject, 3, column);
          else
            sqlite3_bind_null (state->insert_reject, 3);
          bind_text (state->insert_reject, 4, reason, reason_len);
          bind_text (state->insert_reject, 5, raw, raw_len);
          rc = sqlite3_step (state->insert_reject);
          sqlite3_reset (state->insert_reject);
          if (rc != SQLITE_DONE)
            return seg_project_set_sqlite_error (state->writer, rc, error);
        }
    }

  return TRUE;
}

static gpointer
pipeline_writer (gpointer data)
{
  Pipeline *pipeline = data;

  for (;;)
    {
      Batch *batch = g_async_queue_pop (pipeline->full);
      gboolean last = batch->last;

      /* After a failure keep taking batches, so the reader never waits
       * for one that does not come back. */
      if (!g_atomic_int_get (&pipeline->failed) &&
          !write_batch (pipeline->state, batch, &pipeline->error))
        g_atomic_int_set (&pipeline->failed, 1);

      batch->len = 0;
      g_async_queue_push (pipeline->empty, batch);

      if (last)
        return NULL;
    }
}

static Pipeline *
pipeline_start (ImportState *state)
{
  Pipeline *pipeline = g_new0 (Pipeline, 1);

  pipeline->state = state;
  pipeline->full = g_async_queue_new ();
  pipeline->empty = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    {
      Batch *batch = g_new0 (Batch, 1);

      batch->size = BATCH_BYTES + 4096;
      batch->data = g_malloc (batch->size);
      g_async_queue_push (pipeline->empty, batch);
    }
  pipeline->current = g_async_queue_pop (pipeline->empty);
  pipeline->thread = g_thread_new ("segmenta-import-writer", pipeline_writer, pipeline);

  return pipeline;
}

static void
pipeline_send (Pipeline *pipeline)
{
  g_async_queue_push (pipeline->full, pipeline->current);
  pipeline->current = g_async_queue_pop (pipeline->empty);
}

/* Ends the stream, waits for the writer and frees everything. */
static gboolean
pipeline_finish (Pipeline  *pipeline,
                 GError   **error)
{
  gboolean ok;
  Batch *batch;

  pipeline->current->last = TRUE;
  g_async_queue_push (pipeline->full, g_steal_pointer (&pipeline->current));
  g_thread_join (pipeline->thread);

  ok = pipeline->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&pipeline->error));

  while ((batch = g_async_queue_try_pop (pipeline->empty)) != NULL)
    {
      g_free (batch->data);
      g_free (batch);
    }
  g_async_queue_unref (pipeline->full);
  g_async_queue_unref (pipeline->empty);
  g_free (pipeline);

  return ok;
}

/* The longest prefix of @len bytes or fewer that ends on a character. */
static int
utf8_prefix (const char *text,
             gsize       len,
             gsize       max)
{
  const char *end;

  if (len <= max)
    return len;

  end = g_utf8_find_prev_char (text, text + max + 1);
  return end != NULL ? end - text : 0;
}

static gboolean
store_reject (ImportState         *state,
              const SegCsvRecord  *record,
              guint                column,
              const char          *reason,
              GError             **error)
{
  Batch *batch = state->pipeline->current;
  gint64 line = record->line;
  guint32 column32 = column;

  g_string_truncate (state->raw, 0);
  seg_csv_format_record (record, state->delimiter, state->raw);

  batch_put_byte (batch, ENTRY_REJECT);
  batch_put (batch, &line, sizeof line);
  batch_put (batch, &column32, sizeof column32);
  batch_put_text (batch, reason, strlen (reason));
  batch_put_text (batch, state->raw->str, state->raw->len);

  state->rejected++;
  return TRUE;
}

static gboolean
insert_record (const SegCsvRecord  *record,
               gpointer             user_data,
               GError             **error)
{
  ImportState *state = user_data;
  Pipeline *pipeline = state->pipeline;
  Batch *batch;
  gsize row_start;
  guint n;

  if (record->index == 0 && state->header)
    return TRUE;

  /* The writer failed: stop reading, its error is reported at the end. */
  if (G_UNLIKELY (g_atomic_int_get (&pipeline->failed)))
    return FALSE;

  if (pipeline->current->len >= BATCH_BYTES)
    pipeline_send (pipeline);
  batch = pipeline->current;

  n = meaningful_fields (record, state->n_columns);
  if (n > state->n_columns)
    {
      g_string_printf (state->reason,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u fields, but the table has %u column",
                                    "%u fields, but the table has %u columns",
                                    state->n_columns),
                       n, state->n_columns);
      return store_reject (state, record, state->n_columns + 1, state->reason->str, error);
    }

  row_start = batch->len;
  batch_put_byte (batch, ENTRY_ROW);

  for (guint i = 0; i < n; i++)
    {
      SegValue value;

      if (!state->keep[i])
        continue;

      switch (seg_value_convert (&state->formats[i], record->fields[i], record->lengths[i], &value))
        {
        case SEG_CONVERT_NULL:
          batch_put_byte (batch, TAG_NULL);
          break;

        case SEG_CONVERT_FAIL:
          batch->len = row_start;
          g_string_printf (state->reason, _("“%.*s” in column “%s” is not %s"),
                           utf8_prefix (record->fields[i], record->lengths[i], 80), record->fields[i],
                           (const char *)g_ptr_array_index (state->names, i),
                           type_label (state->formats[i].type));
          return store_reject (state, record, i + 1, state->reason->str, error);

        case SEG_CONVERT_OK:
        default:
          switch (state->formats[i].type)
            {
            case SEG_COLUMN_INTEGER:
            case SEG_COLUMN_BOOLEAN:
              batch_put_byte (batch, TAG_INT);
              batch_put (batch, &value.i, sizeof value.i);
              break;

            case SEG_COLUMN_REAL:
              batch_put_byte (batch, TAG_REAL);
              batch_put (batch, &value.r, sizeof value.r);
              break;

            case SEG_COLUMN_DATE:
            case SEG_COLUMN_DATETIME:
            case SEG_COLUMN_TEXT:
            default:
              batch_put_byte (batch, TAG_TEXT);
              batch_put_text (batch, value.text, value.len);
              break;
            }
        }
    }

  if (n < state->n_columns)
    {
      for (guint i = n; i < state->n_columns; i++)
        if (state->keep[i])
          batch_put_byte (batch, TAG_NULL);
      state->padded++;
    }

  state->rows++;
  return TRUE;
}

/* Reads the file once more with @func storing rows through the writer
 * thread; the reader's error comes first, then the writer's. */
static gboolean
read_and_store (ImportState       *state,
                SegCsvRecordFunc   func,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(GError) write_error = NULL;
  gboolean read_ok;
  gboolean write_ok;

  state->pipeline = pipeline_start (state);
  read_ok = seg_csv_reader_read (state->reader, func, state, on_read_progress, state,
                                 cancellable, error);
  write_ok = pipeline_finish (g_steal_pointer (&state->pipeline), &write_error);

  if (!read_ok)
    return FALSE;
  if (!write_ok)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }

  return TRUE;
}

/* The single pass: every value feeds the whole-file type guess and is
 * stored under the types guessed from the sample. */
static gboolean
scan_and_insert_record (const SegCsvRecord  *record,
                        gpointer             user_data,
                        GError             **error)
{
  return scan_record (record, user_data, error) &&
         insert_record (record, user_data, error);
}

static gboolean
formats_equal (const SegValueFormat *a,
               guint                 n_a,
               const SegValueFormat *b,
               guint                 n_b)
{
  if (a == NULL || b == NULL || n_a != n_b)
    return FALSE;

  for (guint i = 0; i < n_a; i++)
    {
      if (a[i].type != b[i].type)
        return FALSE;
      if ((a[i].type == SEG_COLUMN_INTEGER || a[i].type == SEG_COLUMN_REAL) &&
          a[i].decimal != b[i].decimal)
        return FALSE;
      if ((a[i].type == SEG_COLUMN_DATE || a[i].type == SEG_COLUMN_DATETIME) &&
          a[i].date_order != b[i].date_order)
        return FALSE;
    }

  return TRUE;
}

/* Stored names: the person's or the header's, trimmed, never empty, and
 * unique without regard to case among the columns kept. */
static GPtrArray *
make_column_names (SegImporter    *self,
                   GPtrArray      *headers,
                   const gboolean *keep)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < headers->len; i++)
    {
      const ColumnOption *option = peek_column_option (self, i);
      g_autofree char *base = g_strstrip (g_strdup (option->name != NULL ? option->name
                                                                          : g_ptr_array_index (headers, i)));
      char *name = NULL;

      for (char *p = base; *p; p++)
        if ((guchar)*p < 0x20)
          *p = ' ';

      if (*base == '\0')
        {
          g_free (base);
          base = g_strdup_printf ("column_%u", i + 1);
        }

      for (guint k = 1; name == NULL; k++)
        {
          g_autofree char *candidate = k == 1 ? g_strdup (base) : g_strdup_printf ("%s_%u", base, k);
          g_autofree char *folded = g_utf8_casefold (candidate, -1);

          if (!keep[i])
            name = g_steal_pointer (&candidate);
          else if (!g_hash_table_contains (used, folded))
            {
              g_hash_table_add (used, g_steal_pointer (&folded));
              name = g_steal_pointer (&candidate);
            }
        }

      g_ptr_array_add (names, name);
    }

  return names;
}

static gboolean
create_table (ImportState       *state,
              SegImportSummary  *summary,
              GError           **error)
{
  g_autofree char *quoted_table = seg_quote_identifier (summary->table);
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (state->n_stored == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_INVALID_OPTION,
                   _("Every column is left out: choose at least one column to import"));
      return FALSE;
    }

  g_string_append_printf (create, "CREATE TABLE %s (", quoted_table);
  g_string_append_printf (insert, "INSERT INTO %s VALUES (", quoted_table);
  for (guint i = 0, k = 0; i < state->n_columns; i++)
    {
      g_autofree char *quoted = NULL;

      if (!state->keep[i])
        continue;
      quoted = seg_quote_identifier (g_ptr_array_index (state->names, i));
      g_string_append_printf (create, "%s%s %s", k ? ", " : "", quoted, seg_column_type_to_sql (state->formats[i].type));
      g_string_append (insert, k ? ", ?" : "?");
      k++;
    }
  g_string_append (create, ") STRICT");
  g_string_append (insert, ")");

  if (!seg_project_exec (state->writer, create->str, error))
    return FALSE;

  now = g_date_time_format_iso8601 (utc);
  if (!seg_project_prepare (state->writer,
                            "INSERT INTO seg_tables (name, source_file, encoding, delimiter,"
                            " header, date_order, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, summary->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, summary->source_file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, summary->encoding, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, seg_delimiter_to_string (summary->delimiter), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, summary->header);
  sqlite3_bind_text (stmt, 6, seg_date_order_to_string (summary->date_order), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (state->writer, rc, error);
  state->table_id = sqlite3_last_insert_rowid (seg_project_get_db (state->writer));

  if (!seg_project_prepare (state->writer,
                            "INSERT INTO seg_columns (table_id, position, name, header, type,"
                            " inferred_type) VALUES (?, ?, ?, ?, ?, ?)",
                            &stmt, error))
    return FALSE;
  for (guint i = 0; i < summary->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (summary->columns, i);

      sqlite3_bind_int64 (stmt, 1, state->table_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, column->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, column->header, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, seg_column_type_to_string (column->type), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, seg_column_type_to_string (column->inferred_type), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return seg_project_set_sqlite_error (state->writer, rc, error);
        }
    }
  sqlite3_finalize (stmt);

  if (!seg_project_prepare (state->writer, insert->str, &state->insert, error) ||
      !seg_project_prepare (state->writer,
                            "INSERT INTO seg_rejects (table_id, line, column, reason, raw)"
                            " VALUES (?, ?, ?, ?, ?)",
                            &state->insert_reject, error))
    return FALSE;

  return TRUE;
}

static gboolean
finish_catalog (ImportState  *state,
                GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!seg_project_prepare (state->writer,
                            "UPDATE seg_tables SET row_count = ?, padded = ?, rejected = ?"
                            " WHERE id = ?",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, state->rows);
  sqlite3_bind_int64 (stmt, 2, state->padded);
  sqlite3_bind_int64 (stmt, 3, state->rejected);
  sqlite3_bind_int64 (stmt, 4, state->table_id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (state->writer, rc, error);

  return TRUE;
}

static gboolean
decide_dialect (SegImporter   *self,
                ImportState   *state,
                char         **sample_out,
                GError       **error)
{
  g_autofree char *sample = seg_csv_reader_read_sample (state->reader, SAMPLE_BYTES, error);

  if (sample == NULL)
    return FALSE;

  state->delimiter = self->delimiter != 0
                     ? self->delimiter
                     : seg_sniff_delimiter (sample, strlen (sample), NULL);

  switch (self->header)
    {
    case SEG_HEADER_YES:
      state->header = TRUE;
      break;
    case SEG_HEADER_NO:
      state->header = FALSE;
      break;
    case SEG_HEADER_AUTO:
    default:
      state->header = seg_sniff_header (sample, strlen (sample), state->delimiter);
    }

  *sample_out = g_steal_pointer (&sample);
  return TRUE;
}

static void
decide_types (SegImporter      *self,
              ImportState      *state,
              SegImportSummary *summary)
{
  SegDecimalMark mark = state->delimiter == ';' ? SEG_DECIMAL_COMMA : SEG_DECIMAL_DOT;
  /* Without a choice, an ambiguous column is read day first, as most of
   * the world writes dates; the summary says so. */
  SegDateOrder fallback = self->date_order != SEG_DATE_ORDER_AUTO ? self->date_order
                                                                   : SEG_DATE_ORDER_AUTO;

  state->formats = g_new0 (SegValueFormat, state->n_columns);
  g_clear_pointer (&state->keep, g_free);
  state->keep = g_new0 (gboolean, state->n_columns);
  state->n_stored = 0;
  for (guint i = 0; i < state->n_columns; i++)
    {
      state->keep[i] = !peek_column_option (self, i)->skip;
      state->n_stored += state->keep[i];
    }
  state->names = make_column_names (self, state->headers, state->keep);
  summary->date_order = self->date_order != SEG_DATE_ORDER_AUTO ? self->date_order : SEG_DATE_ORDER_DMY;

  for (guint i = 0; i < state->n_columns; i++)
    {
      const ColumnOption *option = peek_column_option (self, i);
      SegColumnInfo *column;
      SegTypeGuessResult result;

      seg_type_guess_result (g_ptr_array_index (state->guesses, i), mark, fallback, &result);
      state->formats[i] = result.format;

      if (option->type >= 0)
        {
          gboolean was_date = result.format.type == SEG_COLUMN_DATE ||
                              result.format.type == SEG_COLUMN_DATETIME;

          /* A column made a date by hand reads its dates in the chosen
           * order; only a detected date column knows its own. */
          state->formats[i].type = option->type;
          if (!was_date)
            state->formats[i].date_order = summary->date_order;
        }

      if (!state->keep[i])
        continue;

      column = g_new0 (SegColumnInfo, 1);
      column->inferred_type = result.format.type;
      column->type = state->formats[i].type;
      column->name = g_strdup (g_ptr_array_index (state->names, i));
      column->header = g_strdup (g_ptr_array_index (state->headers, i));
      g_ptr_array_add (summary->columns, column);

      if (result.dates_ambiguous &&
          (column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME))
        g_ptr_array_add (summary->warnings,
                         g_strdup_printf (_("Every date in column “%s” reads both as day/month and as month/day; it was read as %s. Choose the date order to change this."),
                                          column->name,
                                          state->formats[i].date_order == SEG_DATE_ORDER_MDY
                                          ? _("month/day/year") : _("day/month/year")));
    }
}

/**
 * seg_importer_run:
 * @self: a #SegImporter
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #SegImportError, #SegProjectError or
 *   %G_IO_ERROR_CANCELLED
 *
 * Imports the file: reads it once to settle every column's type over all
 * rows, then again to store it, all in one transaction. On any failure or
 * cancellation the project is left as it was.
 *
 * Returns: (transfer full): what was imported, or %NULL with @error set
 */
SegImportSummary *
seg_importer_run (SegImporter   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(SegImportSummary) summary = seg_import_summary_new ();
  g_autoptr(SegCsvReader) reader = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *sample = NULL;
  g_autofree SegValueFormat *guessed_formats = NULL;
  ImportState state = { 0 };
  ImportState spec = { 0 };
  gboolean have_guess = FALSE;
  gboolean in_transaction = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (self->project != NULL, NULL);

  state.self = self;
  state.cancellable = cancellable;
  state.headers = g_ptr_array_new_with_free_func (g_free);
  state.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  state.raw = g_string_new (NULL);
  state.reason = g_string_new (NULL);

  summary->table = g_strdup (self->table_name);
  summary->source_file = g_filename_display_basename (self->path);

  if (!seg_project_check_table_name (self->table_name, error))
    goto out;

  if (!self->replace && seg_project_has_table (self->project, self->table_name))
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_TABLE_EXISTS,
                   _("The project already has a table “%s”. Choose another name or replace it."),
                   self->table_name);
      goto out;
    }

  set_progress (self, 0.0, _("Detecting the file’s format…"));

  reader = seg_csv_reader_new (self->path, self->encoding, error);
  if (reader == NULL)
    goto out;
  state.reader = reader;
  seg_csv_reader_set_max_field_size (reader, self->max_field_size);
  summary->encoding = g_strdup (seg_csv_reader_get_charset (reader));

  if (!decide_dialect (self, &state, &sample, error))
    goto out;
  seg_csv_reader_set_delimiter (reader, state.delimiter);
  summary->delimiter = state.delimiter;
  summary->header = state.header;

  /* A first guess of the types from the sample, so that most files are
   * read only once; the guess is checked against every value. */
  spec.self = self;
  spec.reader = reader;
  spec.delimiter = state.delimiter;
  spec.header = state.header;
  spec.headers = g_ptr_array_new_with_free_func (g_free);
  spec.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  seg_csv_parse_text (sample, strlen (sample), state.delimiter, scan_record, &spec, NULL);
  have_guess = spec.n_columns > 0 && spec.n_columns <= MAX_COLUMNS &&
               (spec.n_data_rows > 0 || !state.header);

  /* Writes go through a connection of their own, so that readers of the
   * project never see a half-imported table. */
  state.writer = seg_project_open_writer (self->project, error);
  if (state.writer == NULL)
    goto out;

  if (!seg_project_exec (state.writer, "PRAGMA cache_size = -32768; BEGIN IMMEDIATE", error))
    goto out;
  in_transaction = TRUE;

  if (seg_project_has_table (state.writer, self->table_name))
    {
      if (!self->replace)
        {
          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_TABLE_EXISTS,
                       _("The project already has a table “%s”. Choose another name or replace it."),
                       self->table_name);
          goto out;
        }
      if (!seg_project_drop_table_in_transaction (state.writer, self->table_name, error))
        goto out;
    }

  if (have_guess)
    {
      g_autoptr(SegImportSummary) guessed = seg_import_summary_new ();

      guessed->table = g_strdup (summary->table);
      guessed->source_file = g_strdup (summary->source_file);
      guessed->encoding = g_strdup (summary->encoding);
      guessed->delimiter = summary->delimiter;
      guessed->header = summary->header;
      decide_types (self, &spec, guessed);
      state.formats = g_steal_pointer (&spec.formats);
      state.names = g_steal_pointer (&spec.names);
      state.keep = g_steal_pointer (&spec.keep);
      state.n_stored = spec.n_stored;
      state.n_columns = spec.n_columns;

      if (!seg_project_exec (state.writer, "SAVEPOINT guessed_types", error) ||
          !create_table (&state, guessed, error))
        goto out;

      set_progress (self, 0.0, _("Reading and storing rows…"));
      state.progress_base = 0.0;
      state.progress_span = 0.9;
      if (!read_and_store (&state, scan_and_insert_record, cancellable, error))
        goto out;
    }
  else
    {
      set_progress (self, 0.0, _("Reading every value to find the column types…"));
      state.progress_base = 0.0;
      state.progress_span = SCAN_SHARE;
      if (!seg_csv_reader_read (reader, scan_record, &state, on_read_progress, &state,
                                cancellable, error))
        goto out;
    }

  if (state.n_columns == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EMPTY,
                   _("%s: the file is empty"), summary->source_file);
      goto out;
    }
  if (state.n_data_rows == 0)
    {
      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_HEADER_ONLY,
                   _("%s: the file has a header line but no data rows"), summary->source_file);
      goto out;
    }

  guessed_formats = g_steal_pointer (&state.formats);
  g_clear_pointer (&state.names, g_ptr_array_unref);
  decide_types (self, &state, summary);

  if (have_guess && formats_equal (guessed_formats, spec.n_columns, state.formats, state.n_columns))
    {
      if (!seg_project_exec (state.writer, "RELEASE guessed_types", error))
        goto out;
    }
  else
    {
      /* The sample misled the guess (or there was none): store again
       * with the types that fit the whole file. */
      if (have_guess &&
          !seg_project_exec (state.writer, "ROLLBACK TO guessed_types; RELEASE guessed_types", error))
        goto out;
      g_clear_pointer (&state.insert, sqlite3_finalize);
      g_clear_pointer (&state.insert_reject, sqlite3_finalize);
      state.rows = state.padded = state.rejected = 0;

      if (!create_table (&state, summary, error))
        goto out;

      set_progress (self, have_guess ? 0.9 : SCAN_SHARE, _("Storing rows…"));
      state.progress_base = have_guess ? 0.9 : SCAN_SHARE;
      state.progress_span = 1.0 - state.progress_base;
      if (!read_and_store (&state, insert_record, cancellable, error))
        goto out;
    }

  if (!finish_catalog (&state, error))
    goto out;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  g_clear_pointer (&state.insert, sqlite3_finalize);
  g_clear_pointer (&state.insert_reject, sqlite3_finalize);
  if (!seg_project_exec (state.writer, "COMMIT", error))
    goto out;
  in_transaction = FALSE;

  summary->rows = state.rows;
  summary->padded = state.padded;
  summary->rejected = state.rejected;
  summary->blank = seg_csv_reader_get_blank_records (reader);
  summary->seconds = g_timer_elapsed (timer, NULL);

  if (summary->padded > 0)
    g_ptr_array_add (summary->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%" PRId64 " row had fewer fields than the header; its missing values are empty.",
                                                   "%" PRId64 " rows had fewer fields than the header; their missing values are empty.",
                                                   summary->padded),
                                      summary->padded));
  if (summary->rejected > 0)
    g_ptr_array_add (summary->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%" PRId64 " row did not fit and is kept in the rejects list.",
                                                   "%" PRId64 " rows did not fit and are kept in the rejects list.",
                                                   summary->rejected),
                                      summary->rejected));

  set_progress (self, 1.0, _("Done"));
  ok = TRUE;

out:
  if (in_transaction)
    {
      g_clear_pointer (&state.insert, sqlite3_finalize);
      g_clear_pointer (&state.insert_reject, sqlite3_finalize);
      seg_project_exec (state.writer, "ROLLBACK", NULL);
    }
  import_state_clear (&state);
  import_state_clear (&spec);

  return ok ? g_steal_pointer (&summary) : NULL;
}

void
seg_import_preview_free (SegImportPreview *preview)
{
  if (preview == NULL)
    return;

  g_free (preview->encoding);
  g_clear_pointer (&preview->columns, g_ptr_array_unref);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview);
}

static void
preview_column_free (SegPreviewColumn *column)
{
  g_free (column->name);
  g_free (column->header);
  g_free (column);
}

typedef struct
{
  guint      n_columns;
  gboolean   header;
  guint      max_rows;
  GPtrArray *rows;
} PreviewRows;

static void
preview_row_free (SegPreviewRow *row)
{
  for (guint i = 0; row->values != NULL && i < row->n_values; i++)
    g_free (row->values[i]);
  g_free (row->values);
  g_strfreev (row->cells);
  g_free (row->status);
  g_free (row);
}

static gboolean
collect_preview_row (const SegCsvRecord  *record,
                     gpointer             user_data,
                     GError             **error)
{
  PreviewRows *rows = user_data;
  SegPreviewRow *row;

  if (record->index == 0)
    {
      rows->n_columns = record->n_fields;
      if (rows->header)
        return TRUE;
    }

  row = g_new0 (SegPreviewRow, 1);
  row->line = record->line;
  row->cells = g_new0 (char *, MAX (rows->n_columns, record->n_fields) + 1);
  row->status = g_new0 (SegPreviewCell, rows->n_columns);
  row->values = g_new0 (char *, rows->n_columns);
  row->n_values = rows->n_columns;
  for (guint i = 0; i < record->n_fields; i++)
    row->cells[i] = g_strndup (record->fields[i], record->lengths[i]);
  row->too_many_fields = meaningful_fields (record, rows->n_columns) > rows->n_columns;
  g_ptr_array_add (rows->rows, row);

  return rows->rows->len < rows->max_rows;
}

static char *
value_to_text (SegColumnType  type,
               SegValue      *value)
{
  char number[32];

  switch (type)
    {
    case SEG_COLUMN_INTEGER:
      return g_strdup_printf ("%" PRId64, value->i);
    case SEG_COLUMN_BOOLEAN:
      return g_strdup (value->i ? _("yes") : _("no"));
    case SEG_COLUMN_REAL:
      seg_format_double (value->r, number);
      return g_strdup (number);
    case SEG_COLUMN_DATE:
    case SEG_COLUMN_DATETIME:
    case SEG_COLUMN_TEXT:
    default:
      return g_strndup (value->text, value->len);
    }
}

/**
 * seg_importer_preview:
 * @self: a #SegImporter
 * @max_rows: how many data rows to show
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #SegImportError
 *
 * Reads the start of the file with the importer's settings, for a person
 * to check and correct before importing. Cheap enough to run again after
 * every change of a setting.
 *
 * Returns: (transfer full): the preview, or %NULL with @error set
 */
SegImportPreview *
seg_importer_preview (SegImporter   *self,
                      guint          max_rows,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SegImportPreview) preview = g_new0 (SegImportPreview, 1);
  g_autoptr(SegImportSummary) summary = seg_import_summary_new ();
  g_autoptr(SegCsvReader) reader = NULL;
  g_autofree char *sample = NULL;
  ImportState state = { 0 };
  PreviewRows rows = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);

  reader = seg_csv_reader_new (self->path, self->encoding, error);
  if (reader == NULL)
    return NULL;

  state.self = self;
  state.reader = reader;
  state.headers = g_ptr_array_new_with_free_func (g_free);
  state.guesses = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_type_guess_free);
  if (!decide_dialect (self, &state, &sample, error))
    goto out;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  seg_csv_parse_text (sample, strlen (sample), state.delimiter, scan_record, &state, NULL);
  if (state.n_columns == 0)
    {
      g_autofree char *name = g_filename_display_basename (self->path);

      g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_EMPTY,
                   _("%s: the file is empty"), name);
      goto out;
    }
  decide_types (self, &state, summary);

  preview->encoding = g_strdup (seg_csv_reader_get_charset (reader));
  preview->encoding_detected = seg_csv_reader_get_charset_detected (reader);
  preview->delimiter = state.delimiter;
  preview->header = state.header;
  preview->date_order = summary->date_order;
  preview->n_columns = state.n_columns;
  preview->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)preview_column_free);

  for (guint i = 0; i < state.n_columns; i++)
    {
      SegPreviewColumn *column = g_new0 (SegPreviewColumn, 1);
      SegTypeGuessResult result;

      seg_type_guess_result (g_ptr_array_index (state.guesses, i),
                             state.delimiter == ';' ? SEG_DECIMAL_COMMA : SEG_DECIMAL_DOT,
                             self->date_order, &result);
      column->name = g_strdup (g_ptr_array_index (state.names, i));
      column->header = g_strdup (g_ptr_array_index (state.headers, i));
      column->type = state.formats[i].type;
      column->inferred_type = result.format.type;
      column->skip = !state.keep[i];
      column->dates_ambiguous = result.dates_ambiguous && self->date_order == SEG_DATE_ORDER_AUTO;
      g_ptr_array_add (preview->columns, column);
    }

  rows.header = state.header;
  rows.max_rows = MAX (max_rows, 1);
  rows.rows = g_ptr_array_new_with_free_func ((GDestroyNotify)preview_row_free);
  seg_csv_parse_text (sample, strlen (sample), state.delimiter, collect_preview_row, &rows, NULL);

  for (guint r = 0; r < rows.rows->len; r++)
    {
      SegPreviewRow *row = g_ptr_array_index (rows.rows, r);

      for (guint i = 0; i < state.n_columns; i++)
        {
          SegValue value;

          if (row->too_many_fields)
            row->status[i] = SEG_PREVIEW_CELL_REJECTED;
          else if (row->cells[i] == NULL)
            row->status[i] = SEG_PREVIEW_CELL_NULL;
          else if (!state.keep[i])
            row->status[i] = SEG_PREVIEW_CELL_OK;
          else
            switch (seg_value_convert (&state.formats[i], row->cells[i], strlen (row->cells[i]), &value))
              {
              case SEG_CONVERT_NULL:
                row->status[i] = SEG_PREVIEW_CELL_NULL;
                break;
              case SEG_CONVERT_FAIL:
                row->status[i] = SEG_PREVIEW_CELL_REJECTED;
                break;
              case SEG_CONVERT_OK:
              default:
                row->status[i] = SEG_PREVIEW_CELL_OK;
                row->values[i] = value_to_text (state.formats[i].type, &value);
              }

          preview->n_rejected += row->status[i] == SEG_PREVIEW_CELL_REJECTED && state.keep[i];
          preview->n_null += row->status[i] == SEG_PREVIEW_CELL_NULL && state.keep[i];
        }
    }
  preview->rows = g_steal_pointer (&rows.rows);
  ok = TRUE;

out:
  if (rows.rows != NULL)
    g_ptr_array_unref (rows.rows);
  import_state_clear (&state);

  return ok ? g_steal_pointer (&preview) : NULL;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SegImporter *self = source_object;
  GError *error = NULL;
  SegImportSummary *summary;

  summary = seg_importer_run (self, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify)seg_import_summary_free);
}

/**
 * seg_importer_run_async:
 * @self: a #SegImporter
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Runs seg_importer_run() in a worker thread. Change no setting until it
 * is done.
 */
void
seg_importer_run_async (SegImporter         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEG_IS_IMPORTER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_importer_run_async);
  g_task_set_name (task, "[segmenta] import");
  g_task_run_in_thread (task, run_thread);
}

SegImportSummary *
seg_importer_run_finish (SegImporter   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (SEG_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == seg_importer_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
