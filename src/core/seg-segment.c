/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-run-record.h"
#include "seg-segment.h"
#include "seg-value.h"

/*
 * A saved segment: a named group of customers, kept by their keys as text
 * so that a segment made from one table can be matched against any other
 * table that names the same customers. Items are read as the project had
 * them when its list was last brought up to date, and never change: a
 * rename or a new member count makes a new item.
 */

struct _SegSegment
{
  GObject   parent_instance;
  gint64    id;
  char     *name;
  gint64    size;
  char     *created_at;
  JsonNode *source;
};

G_DEFINE_FINAL_TYPE (SegSegment, seg_segment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SIZE,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
seg_segment_finalize (GObject *object)
{
  SegSegment *self = SEG_SEGMENT (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->source, json_node_unref);

  G_OBJECT_CLASS (seg_segment_parent_class)->finalize (object);
}

static void
seg_segment_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SegSegment *self = SEG_SEGMENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SIZE: g_value_set_int64 (value, self->size); break;
    case PROP_CREATED_AT: g_value_set_string (value, self->created_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_segment_class_init (SegSegmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = seg_segment_finalize;
  object_class->get_property = seg_segment_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] = g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_segment_init (SegSegment *self)
{
}

gint64
seg_segment_get_id (SegSegment *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENT (self), 0);

  return self->id;
}

const char *
seg_segment_get_name (SegSegment *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENT (self), NULL);

  return self->name;
}

/* How many customers the segment holds. */
gint64
seg_segment_get_size (SegSegment *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENT (self), 0);

  return self->size;
}

/* When the segment was saved, ISO 8601 in UTC. */
const char *
seg_segment_get_created_at (SegSegment *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENT (self), NULL);

  return self->created_at;
}

/**
 * seg_segment_get_source:
 *
 * Where the customers came from: `{"run":N,"cluster":K}` for a cluster
 * of a run, `{"run":N,"selection":true}` for a selection on a run's map,
 * `{"table":T,"key":C}` for a column of a table.
 *
 * Returns: (transfer none): a JSON object
 */
JsonNode *
seg_segment_get_source (SegSegment *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENT (self), NULL);

  return self->source;
}

/* Reading segments ------------------------------------------------------- */

#define SEGMENT_COLUMNS \
  "SELECT s.id, s.name, s.created_at, s.source," \
  " (SELECT count(*) FROM seg_segment_members m WHERE m.segment_id = s.id)" \
  " FROM seg_segments s"

static SegSegment *
segment_from_row (sqlite3_stmt *stmt)
{
  SegSegment *self = g_object_new (SEG_TYPE_SEGMENT, NULL);
  const char *source = (const char *) sqlite3_column_text (stmt, 3);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  self->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  self->source = source != NULL ? json_from_string (source, NULL) : NULL;
  /* A source another version wrote in a way we cannot read is still a
   * segment: its members matter more than where they came from. */
  if (self->source == NULL || !JSON_NODE_HOLDS_OBJECT (self->source))
    {
      g_clear_pointer (&self->source, json_node_unref);
      self->source = json_node_init_object (json_node_alloc (), json_object_new ());
    }
  self->size = sqlite3_column_int64 (stmt, 4);

  return self;
}

static GPtrArray *
list_segments (SegProject  *project,
               GError     **error)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, SEGMENT_COLUMNS " ORDER BY s.name COLLATE NOCASE, s.id", &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (segments, segment_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  return g_steal_pointer (&segments);
}

static void
set_no_such_segment (const char  *name_or_id,
                     GError     **error)
{
  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT,
               _("The project has no segment “%s”"), name_or_id);
}

/* The segment @id, or %NULL: with @error set only when SQLite failed. */
static SegSegment *
lookup_by_id (SegProject  *project,
              gint64       id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, SEGMENT_COLUMNS " WHERE s.id = ?", &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return segment_from_row (stmt);
  if (rc != SQLITE_DONE)
    seg_project_set_sqlite_error (project, rc, error);

  return NULL;
}

/* The segment called @name in any case, or %NULL: with @error set only
 * when SQLite failed. */
static SegSegment *
lookup_by_name (SegProject  *project,
                const char  *name,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, SEGMENT_COLUMNS " WHERE s.name = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return segment_from_row (stmt);
  if (rc != SQLITE_DONE)
    seg_project_set_sqlite_error (project, rc, error);

  return NULL;
}

static SegSegment *
get_segment (SegProject  *project,
             gint64       id,
             GError     **error)
{
  GError *local_error = NULL;
  SegSegment *segment = lookup_by_id (project, id, &local_error);

  if (segment == NULL && local_error == NULL)
    g_set_error (&local_error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT,
                 _("The project has no segment %" PRId64), id);
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return segment;
}

/**
 * seg_project_find_segment:
 * @name_or_id: a segment's number, or its name in any case
 *
 * Finds a segment the way a person names it. A number is taken as an id
 * first, so that a segment whose name is a number can still be reached by
 * that name when no segment has that id.
 *
 * Returns: (transfer full): the segment, or %NULL with @error set
 */
SegSegment *
seg_project_find_segment (SegProject  *project,
                          const char  *name_or_id,
                          GError     **error)
{
  g_autofree char *text = NULL;
  GError *local_error = NULL;
  SegSegment *segment = NULL;
  guint64 id;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (name_or_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = g_strstrip (g_strdup (name_or_id));
  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    segment = lookup_by_id (project, (gint64) id, &local_error);
  if (segment == NULL && local_error == NULL)
    segment = lookup_by_name (project, text, &local_error);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (segment == NULL)
    set_no_such_segment (name_or_id, error);

  return segment;
}

/**
 * seg_project_find_input_segment:
 * @name_or_id: (nullable): what a model's "segment" input holds
 *
 * Finds the saved segment a run is restricted to, as
 * seg_project_find_segment () does, with errors naming --segment.
 *
 * Returns: (transfer full) (nullable): the segment; %NULL without @error
 *   set when @name_or_id is empty: the run reads every row
 */
SegSegment *
seg_project_find_input_segment (SegProject  *project,
                                const char  *name_or_id,
                                GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (name_or_id != NULL ? name_or_id : ""));
  GError *local_error = NULL;
  SegSegment *segment;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text[0] == '\0')
    return NULL;
  segment = seg_project_find_segment (project, name_or_id, &local_error);
  if (g_error_matches (local_error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT,
                   _("--segment: the project has no segment “%s”; see “segments”"), name_or_id);
      g_clear_error (&local_error);
    }
  else if (local_error != NULL)
    g_propagate_error (error, local_error);

  return segment;
}

/**
 * seg_project_get_segment_keys:
 * @id: a segment
 *
 * Returns: (transfer full): the keys of the segment's customers in the
 *   order they were saved, or %NULL with @error set
 */
GStrv
seg_project_get_segment_keys (SegProject  *project,
                              gint64       id,
                              GError     **error)
{
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  segment = get_segment (project, id, error);
  if (segment == NULL)
    return NULL;

  if (!seg_project_prepare (project,
                            "SELECT key FROM seg_segment_members WHERE segment_id = ? ORDER BY rowid",
                            &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (keys, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  return g_strv_builder_end (keys);
}

/* Where a segment's customers are ------------------------------------------ */

/* The key column of a run's result table: the key the run was given, or
 * the table's first column. */
static SegColumnInfo *
run_key_column (SegRunRecord *record,
                SegTableInfo *result)
{
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  SegColumnInfo *column = NULL;

  if (input != NULL && json_object_has_member (input, "key") && !json_object_get_null_member (input, "key"))
    column = seg_table_find_column (result, "--run", json_object_get_string_member (input, "key"), NULL);

  return column != NULL ? column : g_ptr_array_index (result->columns, 0);
}

/**
 * seg_project_locate_segment:
 * @table: (out): the table the segment's customers came from
 * @key: (out): its column naming them
 *
 * Finds the rows a segment was made from: the result table of the run
 * for a segment of a run's map or cluster, the table and column it was
 * read from for one saved from a table.
 *
 * Returns: %TRUE, or %FALSE with @error set when that table or run is
 *   gone, or the segment does not say where it came from
 */
gboolean
seg_project_locate_segment (SegProject  *project,
                            SegSegment  *segment,
                            char       **table,
                            char       **key,
                            GError     **error)
{
  JsonObject *source;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (SEG_IS_SEGMENT (segment), FALSE);
  g_return_val_if_fail (table != NULL && key != NULL, FALSE);

  source = json_node_get_object (segment->source);
  if (json_object_has_member (source, "table") && json_object_has_member (source, "key"))
    {
      g_autoptr(SegTableInfo) info = seg_project_get_table (project, json_object_get_string_member (source, "table"), NULL);
      SegColumnInfo *column = NULL;

      if (info != NULL)
        column = seg_table_find_column (info, "--key", json_object_get_string_member (source, "key"), NULL);
      if (column == NULL)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                       _("The table “%s” that “%s” was saved from is no longer in the project"),
                       json_object_get_string_member (source, "table"), segment->name);
          return FALSE;
        }
      *table = g_strdup (info->name);
      *key = g_strdup (column->name);
      return TRUE;
    }

  if (json_object_has_member (source, "run"))
    {
      gint64 run = json_object_get_int_member (source, "run");
      g_autoptr(SegRunRecord) record = seg_project_get_run (project, run, NULL);
      g_autoptr(SegTableInfo) result = NULL;

      if (record != NULL)
        result = seg_run_record_get_result (record, project, NULL);
      if (result == NULL)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                       _("Run %" PRId64 ", where “%s” was saved from, is no longer in the project"),
                       run, segment->name);
          return FALSE;
        }
      *table = g_strdup (result->name);
      *key = g_strdup (run_key_column (record, result)->name);
      return TRUE;
    }

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
               _("“%s” does not say which table its customers came from"), segment->name);
  return FALSE;
}

/**
 * seg_project_read_member_flags:
 * @table: a table of the project
 * @key: its column naming customers
 * @segment: a saved segment
 * @n_rows: (out): how many rows @table has
 *
 * Which rows of @table name a customer of @segment, for exporting them
 * with seg_project_export_rows (); keys are compared as text, the way
 * segments keep them.
 *
 * Returns: (transfer full) (array length=n_rows): a flag per row in the
 *   order they were stored, or %NULL with @error set
 */
guint8 *
seg_project_read_member_flags (SegProject  *project,
                               const char  *table,
                               const char  *key,
                               gint64       segment,
                               gsize       *n_rows,
                               GError     **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GByteArray) flags = g_byte_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *sql = NULL;
  SegColumnInfo *column;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL && key != NULL && n_rows != NULL, NULL);

  info = seg_project_get_table (project, table, error);
  if (info == NULL)
    return NULL;
  column = seg_table_find_column (info, "--key", key, error);
  if (column == NULL)
    return NULL;

  table_q = seg_quote_identifier (info->name);
  key_q = seg_quote_identifier (column->name);
  sql = g_strdup_printf ("SELECT CAST (%s AS TEXT) IN (SELECT key FROM seg_segment_members WHERE segment_id = ?1)"
                         " FROM %s ORDER BY rowid", key_q, table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, segment);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint8 flag = sqlite3_column_int (stmt, 0) != 0;

      g_byte_array_append (flags, &flag, 1);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  *n_rows = flags->len;
  return g_byte_array_steal (flags, NULL);
}

/**
 * seg_segment_guess_column:
 * @table: a table to match the segment's customers in
 *
 * The column of @table most likely to name the segment's customers: the
 * one named as the column the segment was read from, else the first
 * whose name says it holds customers, else the first column of text or
 * whole numbers.
 *
 * Returns: (nullable): a column name of @table, or %NULL when none fits
 */
const char *
seg_segment_guess_column (SegSegment   *self,
                          SegTableInfo *table)
{
  static const char *const guesses[] = {
    "customer_id", "customer", "client_id", "client", "user_id", "user", "buyer", "id",
    "客户", "客户id", "客户编号", "会员", NULL
  };
  JsonObject *source;
  SegColumnInfo *column;

  g_return_val_if_fail (SEG_IS_SEGMENT (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  source = json_node_get_object (self->source);
  if (json_object_has_member (source, "key") && JSON_NODE_HOLDS_VALUE (json_object_get_member (source, "key")) &&
      (column = seg_table_find_column (table, "--key", json_object_get_string_member (source, "key"), NULL)) != NULL)
    return column->name;
  for (guint g = 0; guesses[g] != NULL; g++)
    if ((column = seg_table_find_column (table, "--key", guesses[g], NULL)) != NULL &&
        (column->type == SEG_COLUMN_TEXT || column->type == SEG_COLUMN_INTEGER))
      return column->name;
  for (guint i = 0; i < table->columns->len; i++)
    {
      column = g_ptr_array_index (table->columns, i);
      if (column->type == SEG_COLUMN_TEXT || column->type == SEG_COLUMN_INTEGER)
        return column->name;
    }

  return NULL;
}

/* Changing segments ------------------------------------------------------ */

/* Checks a segment name as a person typed it, and gives it back trimmed;
 * @id is the segment being renamed, which may keep its own name in
 * another case. Runs inside the transaction that uses the name, so that
 * no other connection can take it in between. */
static char *
check_name (SegProject  *project,
            const char  *name,
            gint64       id,
            GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(SegSegment) other = NULL;
  GError *local_error = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--name: give a segment name"));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (name));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--name: give a segment name"));
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > SEG_SEGMENT_MAX_NAME)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--name: a segment name has at most %d characters"), SEG_SEGMENT_MAX_NAME);
      return NULL;
    }

  other = lookup_by_name (project, trimmed, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (other != NULL && other->id != id)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--name: the project already has a segment “%s”; choose another name"),
                   other->name);
      return NULL;
    }

  return g_steal_pointer (&trimmed);
}

static gboolean
step_done (SegProject    *project,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  return TRUE;
}

static gboolean
insert_segment (SegProject         *project,
                const char         *name,
                const char *const  *keys,
                JsonNode           *source,
                gint64             *id,
                GError            **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created_at = g_date_time_format_iso8601 (now);
  g_autofree char *source_text = json_to_string (source, FALSE);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!seg_project_prepare (project,
                            "INSERT INTO seg_segments (name, created_at, source) VALUES (?, ?, ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, source_text, -1, SQLITE_TRANSIENT);
  if (!step_done (project, stmt, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (seg_project_get_db (project));
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The same customer twice in a cluster's rows or a table is still one
   * member. */
  if (!seg_project_prepare (project,
                            "INSERT OR IGNORE INTO seg_segment_members (segment_id, key) VALUES (?, ?)",
                            &stmt, error))
    return FALSE;
  for (gsize i = 0; keys[i] != NULL; i++)
    {
      sqlite3_bind_int64 (stmt, 1, *id);
      sqlite3_bind_text (stmt, 2, keys[i], -1, SQLITE_STATIC);
      if (!step_done (project, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

/**
 * seg_project_save_segment:
 * @name: the segment's name; spaces around it are dropped
 * @keys: the keys of its customers, at least one; repeated keys count once
 * @source: a JSON object saying where the customers came from (see
 *   seg_segment_get_source ())
 *
 * Saves a new segment in one transaction. A name that is empty, longer
 * than %SEG_SEGMENT_MAX_NAME characters or already taken in any case is
 * refused with %SEG_PROJECT_ERROR_INVALID_NAME, an empty list of keys
 * with %SEG_PROJECT_ERROR_INVALID_OPTION; on any failure the project is
 * left as it was.
 *
 * Returns: (transfer full): the new segment, or %NULL with @error set
 */
SegSegment *
seg_project_save_segment (SegProject         *project,
                          const char         *name,
                          const char *const  *keys,
                          JsonNode           *source,
                          GError            **error)
{
  g_autofree char *trimmed = NULL;
  gint64 id = 0;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (source != NULL && JSON_NODE_HOLDS_OBJECT (source), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (keys == NULL || keys[0] == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("A segment needs at least one customer"));
      return NULL;
    }

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return NULL;
  trimmed = check_name (project, name, 0, error);
  if (trimmed == NULL ||
      !insert_segment (project, trimmed, keys, source, &id, error))
    goto failed;
  if (!seg_project_exec (project, "COMMIT", error))
    goto failed;

  return get_segment (project, id, error);

failed:
  seg_project_exec (project, "ROLLBACK", NULL);
  return NULL;
}

/**
 * seg_project_rename_segment:
 * @id: the segment
 * @name: its new name, checked as seg_project_save_segment () checks one
 *
 * Returns: whether the segment was renamed; on failure nothing changed
 */
gboolean
seg_project_rename_segment (SegProject  *project,
                            gint64       id,
                            const char  *name,
                            GError     **error)
{
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return FALSE;
  segment = get_segment (project, id, error);
  if (segment == NULL)
    goto failed;
  trimmed = check_name (project, name, id, error);
  if (trimmed == NULL)
    goto failed;
  if (!seg_project_prepare (project, "UPDATE seg_segments SET name = ? WHERE id = ?", &stmt, error))
    goto failed;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!step_done (project, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  return seg_project_exec (project, "COMMIT", error);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  seg_project_exec (project, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * seg_project_delete_segment:
 * @id: the segment
 *
 * Deletes a segment and its list of members. The tables its customers
 * came from stay.
 *
 * Returns: whether the segment was deleted; on failure nothing changed
 */
gboolean
seg_project_delete_segment (SegProject  *project,
                            gint64       id,
                            GError     **error)
{
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return FALSE;
  segment = get_segment (project, id, error);
  if (segment == NULL)
    goto failed;
  /* The members go with it: their foreign key cascades. */
  if (!seg_project_prepare (project, "DELETE FROM seg_segments WHERE id = ?", &stmt, error))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (project, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  return seg_project_exec (project, "COMMIT", error);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  seg_project_exec (project, "ROLLBACK", NULL);
  return FALSE;
}

/* Where customers come from ---------------------------------------------- */

/* A key as text, whatever type its column stores: the same customer must
 * give the same text whichever table it is read from. */
static char *
key_text (sqlite3_stmt *stmt,
          int           column)
{
  char number[32];

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      return g_strdup_printf ("%" PRId64, (gint64) sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      seg_format_double (sqlite3_column_double (stmt, column), number);
      return g_strdup (number);
    case SQLITE_TEXT:
      return g_strdup ((const char *) sqlite3_column_text (stmt, column));
    default:
      return NULL;
    }
}

/**
 * seg_project_read_cluster_keys:
 * @run: a segmentation run
 * @cluster: one of its clusters, from 1
 *
 * Reads the customers of one cluster: the key column of the run's result
 * table (the key the run was given, or the table's first column) for the
 * rows in @cluster, in the order they were stored. Errors name the option
 * at fault: --run for a run that is gone or wrote no clusters, --cluster
 * for a cluster the run does not have or that holds no customers.
 *
 * Returns: (transfer full): at least one key, or %NULL with @error set
 */
GStrv
seg_project_read_cluster_keys (SegProject  *project,
                               gint64       run,
                               int          cluster,
                               GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) result = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *sql = NULL;
  GError *local_error = NULL;
  const char *key = NULL;
  JsonObject *input;
  SegColumnInfo *column;
  gint64 n_clusters = 0;
  guint n_keys = 0;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record = seg_project_get_run (project, run, &local_error);
  if (g_error_matches (local_error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                   _("--run: the project has no run %" PRId64 "; see “runs”"), run);
    }
  if (record == NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  result = seg_run_record_get_result (record, project, NULL);
  if (result == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("--run: the result table of run %" PRId64 " is no longer in the project"), run);
      return NULL;
    }
  if (seg_table_find_column (result, "--run", "cluster", NULL) == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: run %" PRId64 " made no clusters"), run);
      return NULL;
    }

  input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  if (input != NULL && json_object_has_member (input, "key") && !json_object_get_null_member (input, "key"))
    key = json_object_get_string_member (input, "key");
  column = key != NULL ? seg_table_find_column (result, "--run", key, NULL) : NULL;
  if (column == NULL)
    column = g_ptr_array_index (result->columns, 0);

  table_q = seg_quote_identifier (result->name);
  key_q = seg_quote_identifier (column->name);
  sql = g_strdup_printf ("SELECT %s, cluster FROM %s ORDER BY rowid", key_q, table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 label = sqlite3_column_int64 (stmt, 1);
      g_autofree char *text = NULL;

      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;
      n_clusters = MAX (n_clusters, label);
      if (label != cluster || (text = key_text (stmt, 0)) == NULL)
        continue;
      g_strv_builder_add (keys, text);
      n_keys++;
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  if (cluster < 1 || cluster > n_clusters)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--cluster: run %" PRId64 " has no cluster %d; its clusters are 1 to %" PRId64),
                   run, cluster, n_clusters);
      return NULL;
    }
  if (n_keys == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--cluster: cluster %d of run %" PRId64 " holds no customers"), cluster, run);
      return NULL;
    }

  return g_strv_builder_end (keys);
}

/**
 * seg_project_read_column_keys:
 * @table: a table of the project
 * @column: its column naming the customers, in any case
 *
 * Reads the customers a table names, in the order its rows were stored,
 * leaving out empty cells. Errors name --from-table or --key.
 *
 * Returns: (transfer full): at least one key, or %NULL with @error set
 */
GStrv
seg_project_read_column_keys (SegProject  *project,
                              const char  *table,
                              const char  *column,
                              GError     **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *sql = NULL;
  GError *local_error = NULL;
  SegColumnInfo *found;
  guint n_keys = 0;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL && column != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = seg_project_get_table (project, table, &local_error);
  if (g_error_matches (local_error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("--from-table: the project has no table “%s”"), table);
    }
  if (info == NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  found = seg_table_find_column (info, "--key", column, error);
  if (found == NULL)
    return NULL;

  table_q = seg_quote_identifier (info->name);
  key_q = seg_quote_identifier (found->name);
  sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid", key_q, table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *text = key_text (stmt, 0);

      if (text == NULL || text[0] == '\0')
        continue;
      g_strv_builder_add (keys, text);
      n_keys++;
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }
  if (n_keys == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--key: the column “%s” of the table “%s” holds no values"),
                   found->name, info->name);
      return NULL;
    }

  return g_strv_builder_end (keys);
}

/* The segments as a list model ------------------------------------------- */

static gboolean
same_segment (SegSegment *a,
              SegSegment *b)
{
  return a->id == b->id && a->size == b->size && g_strcmp0 (a->name, b->name) == 0;
}

/* Brings the list to the project's segments in order of name, keeping the
 * items of segments that did not change so that views keep their rows. */
static void
refresh_segments (SegProject *project,
                  GListStore *store)
{
  g_autoptr(GPtrArray) segments = list_segments (project, NULL);
  GListModel *model = G_LIST_MODEL (store);

  if (segments == NULL)
    return;

  /* What stays unchanged is then in the new order already, since the
   * order is by name: the rest is a walk through both lists. */
  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(SegSegment) item = g_list_model_get_item (model, i - 1);
      gboolean kept = FALSE;

      for (guint s = 0; s < segments->len && !kept; s++)
        kept = same_segment (item, g_ptr_array_index (segments, s));
      if (!kept)
        g_list_store_remove (store, i - 1);
    }

  for (guint s = 0; s < segments->len; s++)
    {
      SegSegment *segment = g_ptr_array_index (segments, s);
      g_autoptr(SegSegment) item = g_list_model_get_item (model, s);

      if (item == NULL || !same_segment (item, segment))
        g_list_store_insert (store, s, segment);
    }
}

/**
 * seg_project_get_segments:
 *
 * The project's saved segments in order of name, kept up to date: a
 * segment saved, renamed or deleted through any of the project's
 * connections shows here once its transaction is committed.
 *
 * Returns: (transfer none): a list model of SegSegment
 */
GListModel *
seg_project_get_segments (SegProject *project)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  return seg_project_observe (project, "seg-segments", SEG_TYPE_SEGMENT, refresh_segments);
}
