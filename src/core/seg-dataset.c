/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-memory.h"
#include "seg-project-private.h"

void
seg_dataset_free (SegDataset *dataset)
{
  if (dataset == NULL)
    return;

  g_free (dataset->x);
  g_free (dataset->rowids);
  g_clear_pointer (&dataset->columns, g_ptr_array_unref);
  g_clear_pointer (&dataset->features, g_ptr_array_unref);
  g_clear_pointer (&dataset->steps, json_node_unref);
  g_free (dataset->table);
  g_free (dataset->numeric);
  g_free (dataset->first_feature);
  g_free (dataset->raw);
  g_clear_pointer (&dataset->keys, g_byte_array_unref);
  g_free (dataset);
}

/**
 * seg_column_holds:
 * @value_type: the type SQLite gives a value read from a column of @type
 * @as_number: whether an integer in a REAL column counts as the same number
 *
 * Returns: whether the value is the one a STRICT column of @type stores,
 *   so that what is worked out from it is what reading the value back
 *   from such a column would give
 */
gboolean
seg_column_holds (SegColumnType type,
                  int           value_type,
                  gboolean      as_number)
{
  if (value_type == SQLITE_NULL)
    return TRUE;

  switch (type)
    {
    case SEG_COLUMN_INTEGER:
    case SEG_COLUMN_BOOLEAN:
      return value_type == SQLITE_INTEGER;
    case SEG_COLUMN_REAL:
      return value_type == SQLITE_FLOAT || (as_number && value_type == SQLITE_INTEGER);
    case SEG_COLUMN_TEXT:
    case SEG_COLUMN_DATE:
    case SEG_COLUMN_DATETIME:
    default:
      return value_type == SQLITE_TEXT;
    }
}

/**
 * seg_table_find_column:
 * @option: the option that named the column, for the message
 *
 * Returns: (transfer none): the catalog column @name of @info (in any
 *   case), or %NULL with @error naming the option
 */
SegColumnInfo *
seg_table_find_column (SegTableInfo  *info,
                       const char    *option,
                       const char    *name,
                       GError       **error)
{
  for (guint i = 0; i < info->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, i);

      if (g_ascii_strcasecmp (column->name, name) == 0)
        return column;
    }

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("%s: the table “%s” has no column “%s”"), option, info->name, name);
  return NULL;
}

static SegColumnInfo *
column_copy (const SegColumnInfo *column)
{
  SegColumnInfo *copy = g_new0 (SegColumnInfo, 1);

  copy->name = g_strdup (column->name);
  copy->header = g_strdup (column->header);
  copy->type = column->type;
  copy->inferred_type = column->inferred_type;

  return copy;
}

static gboolean
is_categorical (const SegColumnInfo *column)
{
  return column->type == SEG_COLUMN_TEXT;
}

/* The distinct values of a text column, sorted, or an error when there
 * are too many to encode one column each. */
static GPtrArray *
load_categories (SegProject  *project,
                 const char  *table_q,
                 const char  *column,
                 const char  *members,
                 gint64       segment,
                 GError     **error)
{
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *column_q = seg_quote_identifier (column);
  g_autofree char *sql = g_strdup_printf ("SELECT DISTINCT %s FROM %s WHERE %s IS NOT NULL%s%s"
                                          " ORDER BY 1 LIMIT %d",
                                          column_q, table_q, column_q,
                                          members != NULL ? " AND " : "", members != NULL ? members : "",
                                          SEG_MAX_CATEGORIES + 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  if (members != NULL)
    sqlite3_bind_int64 (stmt, 1, segment);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (categories, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  if (categories->len > SEG_MAX_CATEGORIES)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--columns: the text column “%s” has more than %d different values, "
                     "too many to compare as categories; leave it out, or choose a column of numbers"),
                   column, SEG_MAX_CATEGORIES);
      return NULL;
    }

  return g_steal_pointer (&categories);
}

static void
add_step_columns (JsonBuilder *builder,
                  GPtrArray   *features,
                  const char  *member,
                  const double *values,
                  const gboolean *which)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint j = 0; j < features->len; j++)
    if (which[j])
      {
        json_builder_set_member_name (builder, g_ptr_array_index (features, j));
        json_builder_add_double_value (builder, values[j]);
      }
  json_builder_end_object (builder);
}

/**
 * seg_dataset_read:
 * @project: the connection to read with (a worker's own, off the main thread)
 * @table: a table of the project
 * @columns: the columns to use, by name
 * @cancel: (nullable): a flag that stops the read
 *
 * Reads the columns as numbers: numbers, booleans and dates (as days)
 * as they are, text columns as one 0/1 column per value, missing numbers
 * as NaN. The categories are recorded as the first steps.
 *
 * Returns: (transfer full): the data set, or %NULL with @error naming the
 *   option at fault
 */
SegDataset *
seg_dataset_read (SegProject          *project,
                  const char          *table,
                  const char *const   *columns,
                  const volatile int  *cancel,
                  GError             **error)
{
  return seg_dataset_read_members (project, table, columns, NULL, 0, cancel, error);
}

/* The rows of @table, and with @keep what seg_dataset_read_kept () keeps. */
static SegDataset *
read_rows (SegProject          *project,
           const char          *table,
           const char *const   *columns,
           const char          *key,
           gint64               segment,
           gboolean             keep,
           const volatile int  *cancel,
           GError             **error)
{
  g_autoptr(SegDataset) dataset = g_new0 (SegDataset, 1);
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) category_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(JsonBuilder) steps = json_builder_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT rowid");
  g_autofree char *table_q = NULL;
  g_autofree char *members = NULL;
  g_autofree gboolean *numeric = NULL;
  g_autofree gsize *first_feature = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree SegColumnType *types = NULL;
  SegColumnType key_type = SEG_COLUMN_TEXT;
  guint n_columns;
  gsize capacity = 0;
  int rc;

  info = seg_project_get_table (project, table, error);
  if (info == NULL)
    return NULL;
  table_q = seg_quote_identifier (info->name);

  /* The segment's customers, as a condition on the rows: the members'
   * keys are text, so the key is compared as text. */
  if (segment > 0)
    {
      SegColumnInfo *key_column = key != NULL ? seg_table_find_column (info, "--key", key, error) : NULL;
      g_autofree char *key_q = NULL;

      if (key == NULL)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--segment: the table “%s” has no column naming its customers; choose one with --key"),
                     info->name);
      if (key_column == NULL)
        return NULL;
      key_q = seg_quote_identifier (key_column->name);
      members = g_strdup_printf ("CAST (%s AS TEXT) IN (SELECT key FROM seg_segment_members WHERE segment_id = ?1)",
                                 key_q);
    }

  n_columns = columns != NULL ? g_strv_length ((char **) columns) : 0;
  if (n_columns == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--columns: name at least one column of “%s”"), info->name);
      return NULL;
    }

  dataset->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  dataset->features = g_ptr_array_new_with_free_func (g_free);
  first_feature = g_new0 (gsize, n_columns + 1);
  types = g_new0 (SegColumnType, n_columns);

  json_builder_begin_array (steps);

  /* Which columns, in which role; the one-hot steps come first. */
  for (guint c = 0; c < n_columns; c++)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--columns", columns[c], error);
      g_autofree char *quoted = NULL;

      if (column == NULL)
        return NULL;
      for (guint e = 0; e < dataset->columns->len; e++)
        if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (dataset->columns, e))->name, column->name) == 0)
          {
            g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                         _("--columns: “%s” is named twice"), column->name);
            return NULL;
          }
      g_ptr_array_add (dataset->columns, column_copy (column));
      types[c] = column->type;
      quoted = seg_quote_identifier (column->name);
      first_feature[c] = dataset->features->len;

      if (is_categorical (column))
        {
          GPtrArray *values = load_categories (project, table_q, column->name, members, segment, error);
          GHashTable *index;

          if (values == NULL)
            return NULL;
          index = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint v = 0; v < values->len; v++)
            {
              g_hash_table_insert (index, g_ptr_array_index (values, v), GUINT_TO_POINTER (v + 1));
              g_ptr_array_add (dataset->features,
                               g_strdup_printf ("%s=%s", column->name, (char *) g_ptr_array_index (values, v)));
            }
          g_ptr_array_add (categories, index);
          g_ptr_array_add (category_lists, values);
          g_string_append_printf (sql, ", %s", quoted);

          json_builder_begin_object (steps);
          json_builder_set_member_name (steps, "step");
          json_builder_add_string_value (steps, "one-hot");
          json_builder_set_member_name (steps, "column");
          json_builder_add_string_value (steps, column->name);
          json_builder_set_member_name (steps, "categories");
          json_builder_begin_array (steps);
          for (guint v = 0; v < values->len; v++)
            json_builder_add_string_value (steps, g_ptr_array_index (values, v));
          json_builder_end_array (steps);
          json_builder_end_object (steps);
        }
      else
        {
          g_ptr_array_add (categories, g_hash_table_new (NULL, NULL));
          g_ptr_array_add (category_lists, g_ptr_array_new ());
          g_ptr_array_add (dataset->features, g_strdup (column->name));
          /* Dates count as days since 1970, so that they can be compared. */
          if (column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME)
            g_string_append_printf (sql, ", julianday (%s) - 2440587.5", quoted);
          else
            g_string_append_printf (sql, ", %s", quoted);
        }
    }
  first_feature[n_columns] = dataset->features->len;
  dataset->d = dataset->features->len;
  if (dataset->d == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--columns: the chosen text columns have no values"));
      return NULL;
    }

  numeric = g_new0 (gboolean, dataset->d);
  for (guint c = 0; c < n_columns; c++)
    if (!is_categorical (g_ptr_array_index (dataset->columns, c)))
      numeric[first_feature[c]] = TRUE;

  /* The key's text of each row comes last. */
  if (keep && key != NULL)
    {
      SegColumnInfo *key_column = seg_table_find_column (info, "--key", key, error);
      g_autofree char *key_q = NULL;

      if (key_column == NULL)
        return NULL;
      key_q = seg_quote_identifier (key_column->name);
      key_type = key_column->type;
      g_string_append_printf (sql, ", %s", key_q);
    }
  if (keep)
    {
      dataset->keys = g_byte_array_new ();
      dataset->as_stored = TRUE;
    }

  /* The rows. */
  g_string_append_printf (sql, " FROM %s", table_q);
  if (members != NULL)
    g_string_append_printf (sql, " WHERE %s", members);
  g_string_append (sql, " ORDER BY rowid");
  if (!seg_project_prepare (project, sql->str, &stmt, error))
    return NULL;
  if (members != NULL)
    sqlite3_bind_int64 (stmt, 1, segment);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double *row;

      if (dataset->n == capacity)
        {
          /* The catalog's count of the table's rows, when it holds, spares
           * copying the rows read so far over and over. */
          capacity = capacity == 0 && info->rows > 0 && (guint64) info->rows < G_MAXSIZE / 16 / MAX (dataset->d, 1)
                     ? (gsize) info->rows + 1 : MAX (1024, capacity * 2);
          if (dataset->x == NULL)
            {
              dataset->x = seg_large_alloc (capacity * dataset->d * sizeof (double));
              dataset->rowids = seg_large_alloc (capacity * sizeof (gint64));
              if (dataset->x == NULL || dataset->rowids == NULL)
                g_error ("%s: out of memory for %" G_GSIZE_FORMAT " rows", G_STRLOC, capacity);
            }
          else
            {
              dataset->x = g_renew (double, dataset->x, capacity * dataset->d);
              dataset->rowids = g_renew (gint64, dataset->rowids, capacity);
            }
        }
      if (cancel != NULL && *cancel && (dataset->n & 0xffff) == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
          return NULL;
        }

      row = dataset->x + dataset->n * dataset->d;
      dataset->rowids[dataset->n] = sqlite3_column_int64 (stmt, 0);
      for (guint c = 0; c < n_columns; c++)
        {
          gsize f = first_feature[c];

          if (numeric[f])
            {
              int value_type = sqlite3_column_type (stmt, c + 1);

              row[f] = value_type == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, c + 1);
              /* Dates are read as days, not as the text stored. */
              if (keep && dataset->as_stored && types[c] != SEG_COLUMN_DATE && types[c] != SEG_COLUMN_DATETIME)
                dataset->as_stored = seg_column_holds (types[c], value_type, TRUE);
            }
          else
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c + 1);
              guint which = text != NULL
                            ? GPOINTER_TO_UINT (g_hash_table_lookup (g_ptr_array_index (categories, c), text))
                            : 0;

              /* A missing value has no category: all its columns are 0. */
              for (gsize j = f; j < first_feature[c + 1]; j++)
                row[j] = 0.0;
              if (which > 0)
                row[f + which - 1] = 1.0;
            }
        }
      if (keep)
        {
          if (key != NULL)
            {
              /* The type is asked first: reading the text converts it. */
              gboolean held = seg_column_holds (key_type, sqlite3_column_type (stmt, n_columns + 1), FALSE);
              const char *text = (const char *) sqlite3_column_text (stmt, n_columns + 1);

              dataset->as_stored = dataset->as_stored && held;
              if (text != NULL)
                g_byte_array_append (dataset->keys, (const guint8 *) text, strlen (text));
            }
          else
            {
              char text[24];

              g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, dataset->rowids[dataset->n]);
              g_byte_array_append (dataset->keys, (const guint8 *) text, strlen (text));
            }
          g_byte_array_append (dataset->keys, (const guint8 *) "", 1);
        }
      dataset->n++;
    }
  /* Finalized here rather than on return, so that the read ends before
   * the work on the matrix. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }
  if (dataset->n == 0 && members != NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment: no row of “%s” names a customer of the segment in its column “%s”"),
                   info->name, key);
      return NULL;
    }
  if (dataset->n == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--table: the table “%s” has no rows"), info->name);
      return NULL;
    }
  dataset->segment = segment;

  /* What preparing needs to know of the columns. */
  dataset->table = g_strdup (info->name);
  dataset->n_columns = n_columns;
  dataset->numeric = g_steal_pointer (&numeric);
  dataset->first_feature = g_steal_pointer (&first_feature);
  json_builder_end_array (steps);
  dataset->steps = json_builder_get_root (steps);
  if (keep)
    {
      dataset->raw = seg_large_alloc (dataset->n * dataset->d * sizeof (double));
      if (dataset->raw == NULL)
        g_error ("%s: out of memory for %" G_GSIZE_FORMAT " rows", G_STRLOC, dataset->n);
      memcpy (dataset->raw, dataset->x, dataset->n * dataset->d * sizeof (double));
    }

  return g_steal_pointer (&dataset);
}

/**
 * seg_dataset_read_members:
 * @key: (nullable): the column of @table naming each row's customer
 * @segment: a saved segment, or 0 for every row
 *
 * Reads as seg_dataset_read () does, keeping only the rows whose @key is
 * one of @segment's customers; a key is compared as text, the way the
 * segment keeps it. The categories of text columns are those of the rows
 * kept, so that a run on a segment encodes no value it never sees.
 *
 * Returns: (transfer full): the data set, or %NULL with @error naming the
 *   option at fault: --segment when no row of @table is in @segment
 */
SegDataset *
seg_dataset_read_members (SegProject          *project,
                          const char          *table,
                          const char *const   *columns,
                          const char          *key,
                          gint64               segment,
                          const volatile int  *cancel,
                          GError             **error)
{
  return read_rows (project, table, columns, key, segment, FALSE, cancel, error);
}

/**
 * seg_dataset_read_kept:
 * @key: (nullable): the column naming each row; its rowid when %NULL
 *
 * Reads as seg_dataset_read_members () does, and keeps what a result
 * table built from the rows needs, so that it is not read again: the
 * values as read (@raw), the text of each row's key (@keys) and whether
 * every value was of its column's type (@as_stored). Preparing leaves
 * @raw as it is, but for the rows it drops.
 *
 * Returns: (transfer full): the data set, or %NULL with @error set
 */
SegDataset *
seg_dataset_read_kept (SegProject          *project,
                       const char          *table,
                       const char *const   *columns,
                       const char          *key,
                       gint64               segment,
                       const volatile int  *cancel,
                       GError             **error)
{
  return read_rows (project, table, columns, key, segment, TRUE, cancel, error);
}

/**
 * seg_dataset_prepare:
 * @options: the preprocessing
 *
 * Fills or drops missing numbers, takes the log of skewed columns and
 * scales, recording every fitted value (fills, centres, scales) in the
 * steps, so that a run's input can be rebuilt exactly.
 *
 * Returns: %TRUE, or %FALSE with @error naming the option at fault
 */
gboolean
seg_dataset_prepare (SegDataset            *dataset,
                     const SegPrepOptions  *options,
                     GError               **error)
{
  g_autoptr(JsonBuilder) steps = json_builder_new ();
  g_autoptr(JsonNode) added = NULL;
  g_autofree gboolean *logged = NULL;
  const gboolean *numeric = dataset->numeric;
  const gsize *first_feature = dataset->first_feature;
  guint n_columns = dataset->n_columns;
  JsonArray *all = json_node_get_array (dataset->steps);

  g_return_val_if_fail (dataset != NULL, FALSE);

  json_builder_begin_array (steps);

  /* Missing numbers: fill them, or leave their rows out. */
  {
    g_autofree gboolean *gaps = g_new0 (gboolean, dataset->d);
    gboolean any = FALSE;

    for (size_t i = 0; i < dataset->n; i++)
      for (size_t j = 0; j < dataset->d; j++)
        if (isnan (dataset->x[i * dataset->d + j]))
          gaps[j] = any = TRUE;

    if (any && options->impute == SEG_IMPUTE_DROP)
      {
        size_t kept = 0;
        guint from = 0, to = 0;

        for (size_t i = 0; i < dataset->n; i++)
          {
            gboolean complete = TRUE;
            guint key_length = 0;

            for (size_t j = 0; j < dataset->d && complete; j++)
              complete = !isnan (dataset->x[i * dataset->d + j]);
            if (dataset->keys != NULL)
              key_length = (guint) strlen ((const char *) dataset->keys->data + from) + 1;
            if (!complete)
              {
                from += key_length;
                continue;
              }
            if (kept != i)
              {
                memmove (dataset->x + kept * dataset->d, dataset->x + i * dataset->d,
                         dataset->d * sizeof (double));
                if (dataset->raw != NULL)
                  memcpy (dataset->raw + kept * dataset->d, dataset->raw + i * dataset->d,
                          dataset->d * sizeof (double));
                dataset->rowids[kept] = dataset->rowids[i];
              }
            if (dataset->keys != NULL && to != from)
              memmove (dataset->keys->data + to, dataset->keys->data + from, key_length);
            from += key_length;
            to += key_length;
            kept++;
          }
        if (dataset->keys != NULL)
          g_byte_array_set_size (dataset->keys, to);
        dataset->dropped = (gint64) (dataset->n - kept);
        dataset->n = kept;
        if (kept == 0)
          {
            g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                         _("--impute: every row of “%s” misses a value in the chosen columns"),
                         dataset->table);
            return FALSE;
          }

        json_builder_begin_object (steps);
        json_builder_set_member_name (steps, "step");
        json_builder_add_string_value (steps, "drop-missing");
        json_builder_set_member_name (steps, "rows");
        json_builder_add_int_value (steps, dataset->dropped);
        json_builder_end_object (steps);
      }
    else if (any)
      {
        g_autofree double *fill = g_new (double, dataset->d);

        seg_impute (dataset->x, dataset->n, dataset->d, options->impute, fill);
        for (size_t j = 0; j < dataset->d; j++)
          if (gaps[j] && isnan (fill[j]))
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--columns: the column “%s” has no values at all"),
                           (char *) g_ptr_array_index (dataset->features, j));
              return FALSE;
            }

        json_builder_begin_object (steps);
        json_builder_set_member_name (steps, "step");
        json_builder_add_string_value (steps, "impute");
        json_builder_set_member_name (steps, "method");
        json_builder_add_string_value (steps, seg_enum_to_nick (SEG_TYPE_IMPUTE, options->impute));
        add_step_columns (steps, dataset->features, "fill", fill, gaps);
        json_builder_end_object (steps);
      }
  }

  /* log1p of the skewed columns. */
  logged = g_new0 (gboolean, dataset->d);
  if (options->log_columns != NULL && options->log_columns[0] != NULL)
    {
      json_builder_begin_object (steps);
      json_builder_set_member_name (steps, "step");
      json_builder_add_string_value (steps, "log1p");
      json_builder_set_member_name (steps, "columns");
      json_builder_begin_array (steps);
      for (guint l = 0; options->log_columns[l] != NULL; l++)
        {
          const char *name = options->log_columns[l];
          gssize found = -1;

          for (guint c = 0; c < n_columns; c++)
            if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (dataset->columns, c))->name, name) == 0)
              found = c;
          if (found < 0 || !numeric[first_feature[found]])
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           found < 0 ? _("--log: “%s” is not one of the chosen columns")
                                     : _("--log: “%s” is a text column; only numbers can be logged"),
                           name);
              return FALSE;
            }
          if (logged[first_feature[found]])
            continue;
          if (seg_log1p_column (dataset->x, dataset->n, dataset->d, first_feature[found]) != 0)
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--log: the column “%s” has values of −1 or less, which have no logarithm"),
                           name);
              return FALSE;
            }
          logged[first_feature[found]] = TRUE;
          json_builder_add_string_value (steps, g_ptr_array_index (dataset->features, first_feature[found]));
        }
      json_builder_end_array (steps);
      json_builder_end_object (steps);
    }

  /* Scaling, of the number columns only: one-hot columns stay 0 or 1. */
  if (options->scale != SEG_SCALE_NONE)
    {
      g_autofree SegScaleParams *params = g_new (SegScaleParams, dataset->d);
      g_autofree double *centers = g_new (double, dataset->d);
      g_autofree double *scales = g_new (double, dataset->d);

      seg_scale_fit (dataset->x, dataset->n, dataset->d, options->scale, params);
      for (size_t j = 0; j < dataset->d; j++)
        {
          if (!numeric[j])
            {
              params[j].center = 0.0;
              params[j].scale = 1.0;
            }
          centers[j] = params[j].center;
          scales[j] = params[j].scale;
        }
      seg_scale_apply (dataset->x, dataset->n, dataset->d, params);

      json_builder_begin_object (steps);
      json_builder_set_member_name (steps, "step");
      json_builder_add_string_value (steps, "scale");
      json_builder_set_member_name (steps, "method");
      json_builder_add_string_value (steps, seg_enum_to_nick (SEG_TYPE_SCALE, options->scale));
      add_step_columns (steps, dataset->features, "center", centers, numeric);
      add_step_columns (steps, dataset->features, "scale", scales, numeric);
      json_builder_end_object (steps);
    }

  json_builder_end_array (steps);
  added = json_builder_get_root (steps);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (added)); i++)
    json_array_add_element (all, json_array_dup_element (json_node_get_array (added), i));

  return TRUE;
}

/**
 * seg_dataset_load:
 * @project: the connection to read with (a worker's own, off the main thread)
 * @table: a table of the project
 * @columns: the columns to use, by name
 * @options: the preprocessing
 * @cancel: (nullable): a flag that stops the load
 *
 * Reads the columns and prepares them: seg_dataset_read () and
 * seg_dataset_prepare ().
 *
 * Returns: (transfer full): the data set, or %NULL with @error naming the
 *   option at fault
 */
SegDataset *
seg_dataset_load (SegProject           *project,
                  const char           *table,
                  const char *const    *columns,
                  const SegPrepOptions *options,
                  const volatile int   *cancel,
                  GError              **error)
{
  g_autoptr(SegDataset) dataset = seg_dataset_read (project, table, columns, cancel, error);

  if (dataset == NULL || !seg_dataset_prepare (dataset, options, error))
    return NULL;

  return g_steal_pointer (&dataset);
}
