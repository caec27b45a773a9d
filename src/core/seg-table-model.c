/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-table-model.h"
#include "seg-row-cache-private.h"

/* Rows are read from SQLite a page at a time when a view asks for them;
 * only the row ids of the current order live in memory (8 bytes a row). */
#define PAGE_SIZE SEG_ROW_PAGE_SIZE

struct _SegRow
{
  GObject   parent_instance;
  gint64    rowid;
  guint     n_cells;
  char    **cells;   /* NULL for SQL NULL */
};

G_DEFINE_FINAL_TYPE (SegRow, seg_row, G_TYPE_OBJECT)

static void
seg_row_finalize (GObject *object)
{
  SegRow *self = (SegRow *)object;

  for (guint i = 0; i < self->n_cells; i++)
    g_free (self->cells[i]);
  g_free (self->cells);

  G_OBJECT_CLASS (seg_row_parent_class)->finalize (object);
}

static void
seg_row_class_init (SegRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seg_row_finalize;
}

static void
seg_row_init (SegRow *self)
{
}

guint
seg_row_get_n_cells (SegRow *self)
{
  g_return_val_if_fail (SEG_IS_ROW (self), 0);
  return self->n_cells;
}

/**
 * seg_row_get_cell:
 * @self: a #SegRow
 * @column: a column index
 *
 * Returns: (nullable): the value as text, numbers in their shortest exact
 *   form, or %NULL for a missing value
 */
const char *
seg_row_get_cell (SegRow *self,
                  guint   column)
{
  g_return_val_if_fail (SEG_IS_ROW (self), NULL);
  g_return_val_if_fail (column < self->n_cells, NULL);
  return self->cells[column];
}

gboolean
seg_row_get_is_null (SegRow *self,
                     guint   column)
{
  return seg_row_get_cell (self, column) == NULL;
}

gint64
seg_row_get_rowid (SegRow *self)
{
  g_return_val_if_fail (SEG_IS_ROW (self), 0);
  return self->rowid;
}

struct _SegTableModel
{
  GObject       parent_instance;
  SegProject   *project;
  SegTableInfo *info;
  char         *quoted;
  GArray       *rowids;      /* gint64, in display order */
  int           order_column; /* -1: file order */
  gboolean      descending;
  char         *search;
  char         *members_key; /* with @segment: the column naming customers */
  gint64        segment;     /* a saved segment whose rows alone show, or 0 */
  sqlite3_stmt *fetch;       /* SELECT … WHERE rowid IN (PAGE_SIZE ?s) */
  SegRowCache   cache;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SegTableModel, seg_table_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
seg_table_model_dispose (GObject *object)
{
  SegTableModel *self = (SegTableModel *)object;

  seg_row_cache_clear (&self->cache);
  g_clear_pointer (&self->fetch, sqlite3_finalize);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (seg_table_model_parent_class)->dispose (object);
}

static void
seg_table_model_finalize (GObject *object)
{
  SegTableModel *self = (SegTableModel *)object;

  g_clear_pointer (&self->info, seg_table_info_free);
  g_clear_pointer (&self->quoted, g_free);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->members_key, g_free);

  G_OBJECT_CLASS (seg_table_model_parent_class)->finalize (object);
}

static void
seg_table_model_class_init (SegTableModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = seg_table_model_dispose;
  object_class->finalize = seg_table_model_finalize;
}

static void
seg_table_model_init (SegTableModel *self)
{
  self->order_column = -1;
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  seg_row_cache_init (&self->cache);
}

static GType
get_item_type (GListModel *model)
{
  return SEG_TYPE_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return SEG_TABLE_MODEL (model)->rowids->len;
}

static char *
cell_text (sqlite3_stmt        *stmt,
           int                  column,
           const SegColumnInfo *info)
{
  SegColumnType type = info->type;
  char number[48];

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return NULL;
    case SQLITE_INTEGER:
      if (type == SEG_COLUMN_BOOLEAN)
        return g_strdup (sqlite3_column_int64 (stmt, column) ? _("yes") : _("no"));
      return g_strdup_printf ("%" PRId64, (gint64)sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      /* A column imported from percentages shows them as such. */
      if (info->percent)
        seg_format_percent (sqlite3_column_double (stmt, column), number);
      else
        seg_format_double (sqlite3_column_double (stmt, column), number);
      return g_strdup (number);
    default:
      return g_strdup ((const char *)sqlite3_column_text (stmt, column));
    }
}

static void
load_page (SegTableModel *self,
           guint          index)
{
  SegRow **rows;
  guint first = index * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->rowids->len - first);
  g_autoptr(GHashTable) by_rowid = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint n_columns = self->info->columns->len;

  rows = g_new0 (SegRow *, n);

  for (guint i = 0; i < n; i++)
    {
      SegRow *row = g_object_new (SEG_TYPE_ROW, NULL);

      row->rowid = g_array_index (self->rowids, gint64, first + i);
      row->n_cells = n_columns;
      row->cells = g_new0 (char *, n_columns);
      rows[i] = row;
      g_hash_table_insert (by_rowid, &row->rowid, row);
    }

  sqlite3_reset (self->fetch);
  for (guint i = 0; i < PAGE_SIZE; i++)
    {
      if (i < n)
        sqlite3_bind_int64 (self->fetch, i + 1, rows[i]->rowid);
      else
        sqlite3_bind_null (self->fetch, i + 1);
    }

  while (sqlite3_step (self->fetch) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (self->fetch, 0);
      SegRow *row = g_hash_table_lookup (by_rowid, &rowid);

      if (row == NULL)
        continue;
      for (guint c = 0; c < n_columns; c++)
        row->cells[c] = cell_text (self->fetch, c + 1, g_ptr_array_index (self->info->columns, c));
    }
  sqlite3_reset (self->fetch);

  seg_row_cache_add (&self->cache, index, (gpointer *) rows, n);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SegTableModel *self = SEG_TABLE_MODEL (model);
  gpointer row;

  if (position >= self->rowids->len || self->fetch == NULL)
    return NULL;

  row = seg_row_cache_get (&self->cache, position);
  if (row == NULL)
    {
      load_page (self, position / PAGE_SIZE);
      row = seg_row_cache_get (&self->cache, position);
    }
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* The query for the row ids in an order and under a filter. */
static char *
build_query (SegTableModel *self,
             int            order_column,
             gboolean       descending,
             const char    *search,
             const char    *members_key,
             gint64         segment,
             char         **pattern_out)
{
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "SELECT rowid FROM %s", self->quoted);
  *pattern_out = NULL;

  /* A segment's rows: those naming one of its customers, compared as
   * text the way segments keep them. */
  if (segment > 0)
    {
      g_autofree char *key = seg_quote_identifier (members_key);

      g_string_append_printf (sql, " WHERE CAST (%s AS TEXT) IN"
                                   " (SELECT key FROM seg_segment_members WHERE segment_id = ?2)", key);
    }

  if (search != NULL && *search != '\0')
    {
      GString *pattern = g_string_new ("%");

      g_string_append (sql, segment > 0 ? " AND (" : " WHERE (");
      for (guint c = 0; c < self->info->columns->len; c++)
        {
          g_autofree char *column = seg_quote_identifier (((SegColumnInfo *)g_ptr_array_index (self->info->columns, c))->name);

          /* LIKE ignores ASCII case and is about twice as fast as
           * instr (lower (…)); the pattern's own % and _ are escaped. */
          g_string_append_printf (sql, "%s%s LIKE ?1 ESCAPE '\\'", c ? " OR " : "", column);
        }
      g_string_append_c (sql, ')');

      for (const char *p = search; *p; p++)
        {
          if (*p == '%' || *p == '_' || *p == '\\')
            g_string_append_c (pattern, '\\');
          g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '%');
      *pattern_out = g_string_free (pattern, FALSE);
    }

  if (order_column >= 0)
    {
      g_autofree char *column = seg_quote_identifier (((SegColumnInfo *)g_ptr_array_index (self->info->columns, order_column))->name);

      g_string_append_printf (sql, " ORDER BY %s %s, rowid", column, descending ? "DESC" : "ASC");
    }
  else
    g_string_append (sql, " ORDER BY rowid");

  return g_string_free (sql, FALSE);
}

/* Runs the query; safe on a worker thread, as the project's connection
 * serializes its calls. */
static GArray *
query_rowids (SegProject    *project,
              const char    *sql,
              const char    *pattern,
              gint64         segment,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  if (segment > 0)
    sqlite3_bind_int64 (stmt, 2, segment);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
      if (rowids->len % 65536 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rowids);
}

static void
apply_rowids (SegTableModel *self,
              GArray        *rowids)
{
  guint old_len = self->rowids->len;

  g_array_unref (self->rowids);
  self->rowids = g_array_ref (rowids);
  seg_row_cache_reset (&self->cache);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->rowids->len);
}

static gboolean
reload (SegTableModel  *self,
        GError        **error)
{
  g_autofree char *pattern = NULL;
  g_autofree char *sql = build_query (self, self->order_column, self->descending, self->search,
                                      self->members_key, self->segment, &pattern);
  g_autoptr(GArray) rowids = query_rowids (self->project, sql, pattern, self->segment, NULL, error);

  if (rowids == NULL)
    return FALSE;

  apply_rowids (self, rowids);
  return TRUE;
}

typedef struct
{
  SegProject *project;
  char       *sql;
  char       *pattern;
  int         order_column;
  gboolean    descending;
  char       *search;
  char       *members_key;
  gint64      segment;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_clear_object (&data->project);
  g_free (data->sql);
  g_free (data->pattern);
  g_free (data->search);
  g_free (data->members_key);
  g_free (data);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  GArray *rowids = query_rowids (data->project, data->sql, data->pattern, data->segment, cancellable, &error);

  if (rowids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rowids, (GDestroyNotify)g_array_unref);
}

/* The column of the table called @key in any case, or %NULL with @error
 * naming --key. */
static SegColumnInfo *
find_key (SegTableModel  *self,
          const char     *key,
          GError        **error)
{
  for (guint c = 0; key != NULL && c < self->info->columns->len; c++)
    if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (self->info->columns, c))->name, key) == 0)
      return g_ptr_array_index (self->info->columns, c);

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("--key: the table “%s” has no column “%s”"), self->info->name, key != NULL ? key : "");
  return NULL;
}

/**
 * seg_table_model_query_async:
 * @self: a #SegTableModel
 * @order_column: the column to sort by, or -1 for file order
 * @descending: whether the largest value comes first
 * @search: (nullable): keep the rows with this text in any column
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the model shows the new rows
 * @user_data: data for @callback
 *
 * Sorts and filters in a worker thread, so that the window stays
 * responsive on a large table; the model changes when it is done. The
 * rows stay kept to the segment they were kept to.
 */
void
seg_table_model_query_async (SegTableModel       *self,
                             int                  order_column,
                             gboolean             descending,
                             const char          *search,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SEG_IS_TABLE_MODEL (self));

  seg_table_model_query_members_async (self, order_column, descending, search, self->members_key, self->segment,
                                       cancellable, callback, user_data);
}

/**
 * seg_table_model_query_members_async:
 * @key: (nullable): with @segment, the column naming each row's customer
 * @segment: a saved segment whose customers' rows alone to keep, or 0
 *
 * As seg_table_model_query_async (), keeping the rows of @segment's
 * customers; a @key the table lacks fails with %SEG_PROJECT_ERROR_INVALID_OPTION.
 */
void
seg_table_model_query_members_async (SegTableModel       *self,
                                     int                  order_column,
                                     gboolean             descending,
                                     const char          *search,
                                     const char          *key,
                                     gint64               segment,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SegColumnInfo *column = NULL;
  QueryData *data;

  g_return_if_fail (SEG_IS_TABLE_MODEL (self));
  g_return_if_fail (order_column < (int)self->info->columns->len);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_table_model_query_async);
  if (segment > 0 && (column = find_key (self, key, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (QueryData, 1);
  data->project = g_object_ref (self->project);
  data->members_key = segment > 0 ? g_strdup (column->name) : NULL;
  data->segment = MAX (segment, 0);
  data->sql = build_query (self, order_column, descending, search, data->members_key, data->segment,
                           &data->pattern);
  data->order_column = order_column;
  data->descending = descending;
  data->search = g_strdup (search);

  g_task_set_task_data (task, data, (GDestroyNotify)query_data_free);
  g_task_run_in_thread (task, query_thread);
}

gboolean
seg_table_model_query_finish (SegTableModel  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_autoptr(GArray) rowids = NULL;
  QueryData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  rowids = g_task_propagate_pointer (G_TASK (result), error);
  if (rowids == NULL)
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  self->order_column = data->order_column;
  self->descending = data->descending;
  g_free (self->search);
  self->search = g_strdup (data->search);
  g_free (self->members_key);
  self->members_key = g_strdup (data->members_key);
  self->segment = data->segment;
  apply_rowids (self, rowids);

  return TRUE;
}

/* Used by tests that want to know what the model shows. */
const char *
seg_table_model_get_search (SegTableModel *self)
{
  g_return_val_if_fail (SEG_IS_TABLE_MODEL (self), NULL);
  return self->search;
}

/**
 * seg_table_model_new:
 * @project: a #SegProject
 * @table: a table of @project
 * @error: return location for an error
 *
 * Returns: (transfer full): a list of #SegRow, in file order
 */
SegTableModel *
seg_table_model_new (SegProject  *project,
                     const char  *table,
                     GError     **error)
{
  g_autoptr(SegTableModel) self = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT rowid");

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (SEG_TYPE_TABLE_MODEL, NULL);
  self->project = g_object_ref (project);
  self->info = seg_project_get_table (project, table, error);
  if (self->info == NULL)
    return NULL;
  self->quoted = seg_quote_identifier (self->info->name);

  for (guint c = 0; c < self->info->columns->len; c++)
    {
      g_autofree char *column = seg_quote_identifier (((SegColumnInfo *)g_ptr_array_index (self->info->columns, c))->name);

      g_string_append_printf (sql, ", %s", column);
    }
  g_string_append_printf (sql, " FROM %s WHERE rowid IN (", self->quoted);
  for (guint i = 0; i < PAGE_SIZE; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ")");

  if (!seg_project_prepare (project, sql->str, &self->fetch, error))
    return NULL;

  if (!reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

SegTableInfo *
seg_table_model_get_info (SegTableModel *self)
{
  g_return_val_if_fail (SEG_IS_TABLE_MODEL (self), NULL);
  return self->info;
}

/**
 * seg_table_model_set_order:
 * @self: a #SegTableModel
 * @column: the column to sort by, or -1 for file order
 * @descending: whether the largest value comes first
 * @error: return location for an error
 *
 * SQLite does the sorting; the view sees one items-changed.
 */
gboolean
seg_table_model_set_order (SegTableModel  *self,
                           int             column,
                           gboolean        descending,
                           GError        **error)
{
  g_return_val_if_fail (SEG_IS_TABLE_MODEL (self), FALSE);
  g_return_val_if_fail (column < (int)self->info->columns->len, FALSE);

  if (self->order_column == column && self->descending == descending)
    return TRUE;

  self->order_column = column;
  self->descending = descending;
  return reload (self, error);
}

/**
 * seg_table_model_set_search:
 * @self: a #SegTableModel
 * @text: (nullable): keep the rows with this text in any column
 * @error: return location for an error
 */
gboolean
seg_table_model_set_search (SegTableModel  *self,
                            const char     *text,
                            GError        **error)
{
  g_return_val_if_fail (SEG_IS_TABLE_MODEL (self), FALSE);

  if (g_strcmp0 (self->search, text) == 0)
    return TRUE;

  g_free (self->search);
  self->search = g_strdup (text);
  return reload (self, error);
}

/**
 * seg_table_model_set_members:
 * @key: (nullable): the column naming each row's customer
 * @segment: a saved segment, or 0 for every row
 * @error: return location for an error
 *
 * Shows only the rows of @segment's customers, searched and sorted as
 * before; the next seg_table_model_query_async () keeps to them too.
 *
 * Returns: whether the model shows them; on failure it shows what it did
 */
gboolean
seg_table_model_set_members (SegTableModel  *self,
                             const char     *key,
                             gint64          segment,
                             GError        **error)
{
  g_autofree char *old_key = NULL;
  gint64 old_segment;
  SegColumnInfo *column = NULL;

  g_return_val_if_fail (SEG_IS_TABLE_MODEL (self), FALSE);

  if (segment > 0 && (column = find_key (self, key, error)) == NULL)
    return FALSE;
  if (self->segment == segment &&
      g_strcmp0 (self->members_key, column != NULL ? column->name : NULL) == 0)
    return TRUE;

  old_key = g_steal_pointer (&self->members_key);
  old_segment = self->segment;
  self->members_key = column != NULL ? g_strdup (column->name) : NULL;
  self->segment = segment;
  if (reload (self, error))
    return TRUE;

  g_free (self->members_key);
  self->members_key = g_steal_pointer (&old_key);
  self->segment = old_segment;
  return FALSE;
}

/* The saved segment the rows are kept to, or 0. */
gint64
seg_table_model_get_segment (SegTableModel *self)
{
  g_return_val_if_fail (SEG_IS_TABLE_MODEL (self), 0);
  return self->segment;
}
