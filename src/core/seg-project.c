/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "seg-error.h"
#include "seg-project-private.h"

/* "SEGM" in ASCII: lets us tell our files from other SQLite databases
 * before reading any table. */
#define SEG_APPLICATION_ID 0x5345474d

struct _SegProject
{
  GObject       parent_instance;
  char         *path;
  sqlite3      *db;

  /* A writer's commits are announced by the project it was opened from,
   * on the main context that project was opened on. */
  GWeakRef      owner;
  GMainContext *context;
  int           change_pending;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegProject, seg_project, G_TYPE_OBJECT)

/* Each entry brings the schema from the previous version to the next;
 * entry 0 creates version 1. Never edit a released entry: add one. */
static const char *migrations[] = {
  "CREATE TABLE seg_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE seg_tables ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  source_file TEXT,"
  "  encoding TEXT,"
  "  delimiter TEXT,"
  "  header INTEGER,"
  "  date_order TEXT,"
  "  imported_at TEXT NOT NULL,"
  "  row_count INTEGER NOT NULL DEFAULT 0,"
  "  padded INTEGER NOT NULL DEFAULT 0,"
  "  rejected INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE seg_columns ("
  "  table_id INTEGER NOT NULL REFERENCES seg_tables (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  header TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  inferred_type TEXT NOT NULL,"
  "  PRIMARY KEY (table_id, position)"
  ") STRICT;"
  "CREATE TABLE seg_rejects ("
  "  table_id INTEGER NOT NULL REFERENCES seg_tables (id) ON DELETE CASCADE,"
  "  line INTEGER NOT NULL,"
  "  column INTEGER,"
  "  reason TEXT NOT NULL,"
  "  raw TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX seg_rejects_by_table ON seg_rejects (table_id, line);",

  /* 2: model runs, and where a derived table came from. */
  "ALTER TABLE seg_tables ADD COLUMN origin TEXT;"
  "CREATE TABLE seg_runs ("
  "  id INTEGER PRIMARY KEY,"
  "  algorithm TEXT NOT NULL,"
  "  parameters TEXT NOT NULL,"
  "  input_table TEXT NOT NULL,"
  "  input TEXT NOT NULL,"
  "  preprocessing TEXT NOT NULL,"
  "  seed INTEGER,"
  "  status TEXT NOT NULL,"
  "  started_at TEXT NOT NULL,"
  "  seconds REAL NOT NULL,"
  "  metrics TEXT NOT NULL,"
  "  result_tables TEXT NOT NULL"
  ") STRICT;",

  /* 3: every kind of analysis, with the time each phase took. */
  "ALTER TABLE seg_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'segmentation';"
  "ALTER TABLE seg_runs ADD COLUMN timings TEXT NOT NULL DEFAULT '{}';",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SEG_PROJECT_SCHEMA_VERSION);

static void
seg_project_finalize (GObject *object)
{
  SegProject *self = (SegProject *)object;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_weak_ref_clear (&self->owner);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (seg_project_parent_class)->finalize (object);
}

static void
seg_project_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SegProject *self = SEG_PROJECT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_project_class_init (SegProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = seg_project_finalize;
  object_class->get_property = seg_project_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegProject::changed:
   *
   * The project's tables or runs changed, through this connection or a
   * writer opened from it.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
seg_project_init (SegProject *self)
{
  g_weak_ref_init (&self->owner, NULL);
}

/* Maps an SQLite result code to our error domain. Corruption and
 * "not a database" get their own codes because the UI offers different
 * ways out for them. */
static void
set_error_from_rc (sqlite3     *db,
                   const char  *path,
                   int          rc,
                   GError     **error)
{
  const char *msg = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Segmenta project: it is not a database file"),
                   path);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_DAMAGED,
                   _("The project “%s” is damaged (%s). Restore it from a backup or export its tables from a copy."),
                   path, msg);
      break;

    default:
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_FAILED,
                   _("The project “%s” could not be used: %s"),
                   path, msg);
    }
}

gboolean
seg_project_set_sqlite_error (SegProject  *self,
                              int          rc,
                              GError     **error)
{
  set_error_from_rc (self->db, self->path, rc, error);
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *path,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error_from_rc (db, path, rc, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
seg_project_exec (SegProject  *self,
                  const char  *sql,
                  GError     **error)
{
  if (!exec_sql (self->db, self->path, sql, error))
    return FALSE;

  if (g_ascii_strcasecmp (sql, "COMMIT") == 0)
    seg_project_changed (self);

  return TRUE;
}

static gboolean
emit_changed (gpointer data)
{
  g_autoptr(SegProject) self = g_weak_ref_get (data);

  if (self != NULL)
    {
      g_atomic_int_set (&self->change_pending, FALSE);
      g_signal_emit (self, signals[CHANGED], 0);
    }

  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/**
 * seg_project_observe:
 * @key: names the list among the project's lists
 * @refresh: brings @store up to date from the project
 *
 * A list the project keeps up to date: made and filled the first time it
 * is asked for, and refreshed each time the project changes.
 *
 * Returns: (transfer none): the list
 */
GListModel *
seg_project_observe (SegProject        *self,
                     const char        *key,
                     GType              item_type,
                     SegProjectRefresh  refresh)
{
  GListStore *store = g_object_get_data (G_OBJECT (self), key);

  if (store == NULL)
    {
      store = g_list_store_new (item_type);
      g_object_set_data_full (G_OBJECT (self), key, store, g_object_unref);
      refresh (self, store);
      g_signal_connect_object (self, "changed", G_CALLBACK (refresh), store, 0);
    }

  return G_LIST_MODEL (store);
}

/**
 * seg_project_changed:
 *
 * Announces that the project's tables or runs changed: the project that
 * @self was opened from (or @self) emits #SegProject::changed on its main
 * context. Every commit through seg_project_exec () does so.
 */
void
seg_project_changed (SegProject *self)
{
  g_autoptr(SegProject) owner = g_weak_ref_get (&self->owner);
  SegProject *target = owner != NULL ? owner : self;
  GSource *source;
  GWeakRef *ref;

  /* A project that has gone away, or a burst of commits, needs no more
   * than the one announcement already on its way. */
  if (target->context == NULL || !g_atomic_int_compare_and_exchange (&target->change_pending, FALSE, TRUE))
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, target);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed, ref, (GDestroyNotify) weak_ref_free);
  g_source_set_static_name (source, "[segmenta] project changed");
  g_source_attach (source, target->context);
  g_source_unref (source);
}

gboolean
seg_project_prepare (SegProject    *self,
                     const char    *sql,
                     sqlite3_stmt **stmt,
                     GError       **error)
{
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    return seg_project_set_sqlite_error (self, rc, error);

  return TRUE;
}

/* Runs a query that returns one integer, or fails. */
static gboolean
query_int (sqlite3     *db,
           const char  *path,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          *value = 0;
          rc = SQLITE_OK;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_OK)
    {
      set_error_from_rc (db, path, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_integrity (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *problem = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *text = (const char *)sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (text, "ok") != 0)
            problem = g_strdup (text != NULL ? text : "?");
          rc = SQLITE_OK;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_NOTADB)
    rc = SQLITE_CORRUPT;

  if (rc != SQLITE_OK)
    {
      set_error_from_rc (db, path, rc, error);
      return FALSE;
    }

  if (problem != NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_DAMAGED,
                   _("The project “%s” is damaged (%s). Restore it from a backup or export its tables from a copy."),
                   path, problem);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (sqlite3     *db,
         const char  *path,
         gint64       from_version,
         GError     **error)
{
  g_autofree char *set_version = NULL;

  if (!exec_sql (db, path, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (gint64 v = from_version; v < SEG_PROJECT_SCHEMA_VERSION; v++)
    {
      if (!exec_sql (db, path, migrations[v], error))
        goto failed;
    }

  set_version = g_strdup_printf ("PRAGMA application_id = %d;"
                                 "PRAGMA user_version = %d;"
                                 "INSERT OR REPLACE INTO seg_meta (key, value)"
                                 "  VALUES ('schema_version', '%d'),"
                                 "         ('created_by', 'segmenta " PACKAGE_VERSION "');",
                                 SEG_APPLICATION_ID,
                                 SEG_PROJECT_SCHEMA_VERSION,
                                 SEG_PROJECT_SCHEMA_VERSION);
  if (!exec_sql (db, path, set_version, error))
    goto failed;

  return exec_sql (db, path, "COMMIT", error);

failed:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/**
 * seg_project_open:
 * @path: the project file
 * @create: whether to create a new project when @path does not exist
 * @error: return location for a #SegProjectError
 *
 * Opens a project. A file that is not a Segmenta project is left exactly as
 * it was: nothing is written before it has been recognized.
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
static SegProject *
open_project (const char  *path,
              gboolean     create,
              gboolean     check,
              gboolean     one_thread,
              GError     **error)
{
  g_autoptr(SegProject) self = NULL;
  gboolean exists;
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 n_objects = 0;
  int flags;
  int rc;

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!exists && !create)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The project “%s” does not exist"), path);
      return NULL;
    }
  if (exists && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a project file"), path);
      return NULL;
    }

  self = g_object_new (SEG_TYPE_PROJECT, NULL);
  self->path = g_strdup (path);

  /* A connection that only one thread uses needs no lock around every
   * call; that is a few percent of an import. */
  flags = SQLITE_OPEN_READWRITE | (one_thread ? SQLITE_OPEN_NOMUTEX : SQLITE_OPEN_FULLMUTEX);
  if (!exists)
    flags |= SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The project “%s” cannot be opened: %s"),
                     path, sqlite3_errmsg (self->db));
      else
        set_error_from_rc (self->db, path, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);

  /* Recognize the file before changing anything in it. */
  if (!query_int (self->db, path, "SELECT count(*) FROM sqlite_schema", &n_objects, error) ||
      !query_int (self->db, path, "PRAGMA application_id", &app_id, error) ||
      !query_int (self->db, path, "PRAGMA user_version", &version, error))
    return NULL;

  if (exists && n_objects == 0 && app_id == 0)
    {
      /* An existing empty database is something someone made on purpose;
       * only a file we create ourselves becomes a project silently. */
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NOT_A_PROJECT,
                   _("“%s” is an empty database, not a Segmenta project"), path);
      return NULL;
    }

  if (exists && app_id != SEG_APPLICATION_ID)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NOT_A_PROJECT,
                   _("“%s” is a database, but not a Segmenta project"), path);
      return NULL;
    }

  if (version > SEG_PROJECT_SCHEMA_VERSION)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_NEW,
                   _("The project “%s” was made by a newer version of Segmenta (format %d; this version reads up to %d). Update Segmenta to open it."),
                   path, (int)version, SEG_PROJECT_SCHEMA_VERSION);
      return NULL;
    }

  if (exists && check && !check_integrity (self->db, path, error))
    return NULL;

  if (!exec_sql (self->db, path,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = FULL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA trusted_schema = OFF;",
                 error))
    return NULL;

  if (version < SEG_PROJECT_SCHEMA_VERSION &&
      !migrate (self->db, path, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

SegProject *
seg_project_open (const char  *path,
                  gboolean     create,
                  GError     **error)
{
  SegProject *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = open_project (path, create, TRUE, FALSE, error);
  if (self != NULL)
    self->context = g_main_context_ref_thread_default ();

  return self;
}

/* A second connection to the same file, for one worker thread: its
 * transaction stays its own while the first connection keeps reading. */
SegProject *
seg_project_open_writer (SegProject  *self,
                         GError     **error)
{
  SegProject *writer;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);

  writer = open_project (self->path, FALSE, FALSE, TRUE, error);
  if (writer != NULL)
    g_weak_ref_set (&writer->owner, self);

  return writer;
}

const char *
seg_project_get_path (SegProject *self)
{
  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);

  return self->path;
}

sqlite3 *
seg_project_get_db (SegProject *self)
{
  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);

  return self->db;
}

/**
 * seg_quote_identifier:
 * @name: any text
 *
 * Quotes @name as an SQL identifier, so that any header text a user's file
 * brings can name a table or column.
 *
 * Returns: (transfer full): the quoted identifier
 */
char *
seg_quote_identifier (const char *name)
{
  GString *s = g_string_sized_new (strlen (name) + 2);

  g_string_append_c (s, '"');
  for (const char *p = name; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');

  return g_string_free (s, FALSE);
}

/**
 * seg_project_check_table_name:
 * @name: a proposed table name
 * @error: return location for a #SegProjectError
 *
 * Any text can name a table except an empty one, one with control
 * characters, and the prefixes that belong to SQLite and to the catalog.
 *
 * Returns: whether @name can be used
 */
gboolean
seg_project_check_table_name (const char  *name,
                              GError     **error)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("A table needs a name"));
      return FALSE;
    }

  for (const char *p = name; *p; p++)
    {
      if ((guchar)*p < 0x20)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("The table name “%s” contains a control character"), name);
          return FALSE;
        }
    }

  if (g_ascii_strncasecmp (name, "sqlite_", 7) == 0 ||
      g_ascii_strncasecmp (name, "seg_", 4) == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("Table names may not begin with “sqlite_” or “seg_”: “%s”"), name);
      return FALSE;
    }

  if (strlen (name) > SEG_PROJECT_MAX_NAME)
    {
      g_autofree char *start = g_utf8_substring (name, 0, 40);

      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("The table name “%s…” is longer than %d bytes"), start, SEG_PROJECT_MAX_NAME);
      return FALSE;
    }

  return TRUE;
}

void
seg_table_info_free (SegTableInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->source_file);
  g_free (info->encoding);
  g_free (info->delimiter);
  g_free (info->imported_at);
  g_free (info->origin);
  g_clear_pointer (&info->columns, g_ptr_array_unref);
  g_free (info);
}

void
seg_column_info_free (SegColumnInfo *column)
{
  g_free (column->name);
  g_free (column->header);
  g_free (column);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static gboolean
load_columns (SegProject    *self,
              gint64         table_id,
              SegTableInfo  *info,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (self,
                            "SELECT name, header, type, inferred_type FROM seg_columns"
                            " WHERE table_id = ? ORDER BY position",
                            &stmt, error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, table_id);
  info->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_column_info_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegColumnInfo *column = g_new0 (SegColumnInfo, 1);

      column->name = dup_column_text (stmt, 0);
      column->header = dup_column_text (stmt, 1);
      if (!seg_column_type_from_string ((const char *)sqlite3_column_text (stmt, 2), &column->type))
        column->type = SEG_COLUMN_TEXT;
      if (!seg_column_type_from_string ((const char *)sqlite3_column_text (stmt, 3), &column->inferred_type))
        column->inferred_type = column->type;
      g_ptr_array_add (info->columns, column);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);

  return TRUE;
}

#define TABLE_INFO_COLUMNS \
  "SELECT id, name, row_count, source_file, encoding, delimiter, imported_at," \
  " padded, rejected, origin FROM seg_tables"

static SegTableInfo *
table_info_from_row (sqlite3_stmt *stmt)
{
  SegTableInfo *info = g_new0 (SegTableInfo, 1);

  info->name = dup_column_text (stmt, 1);
  info->rows = sqlite3_column_int64 (stmt, 2);
  info->source_file = dup_column_text (stmt, 3);
  info->encoding = dup_column_text (stmt, 4);
  info->delimiter = dup_column_text (stmt, 5);
  info->imported_at = dup_column_text (stmt, 6);
  info->padded = sqlite3_column_int64 (stmt, 7);
  info->rejected = sqlite3_column_int64 (stmt, 8);
  info->origin = dup_column_text (stmt, 9);

  return info;
}

/**
 * seg_project_list_tables:
 * @self: a #SegProject
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type SegTableInfo): every table of the
 *   catalog with its columns, by name
 */
GPtrArray *
seg_project_list_tables (SegProject  *self,
                         GError     **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);

  if (!seg_project_prepare (self, TABLE_INFO_COLUMNS " ORDER BY name COLLATE NOCASE", &stmt, error))
    return NULL;

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_table_info_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegTableInfo *info = table_info_from_row (stmt);

      g_ptr_array_add (tables, info);
      if (!load_columns (self, sqlite3_column_int64 (stmt, 0), info, error))
        {
          g_clear_pointer (&stmt, sqlite3_finalize);
          return NULL;
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&tables);
}

/**
 * seg_project_get_table:
 * @self: a #SegProject
 * @name: a table name (compared without regard to ASCII case, as SQL does)
 * @error: return location for an error
 *
 * Returns: (transfer full): the table's catalog record, or %NULL with
 *   %SEG_PROJECT_ERROR_NO_SUCH_TABLE
 */
SegTableInfo *
seg_project_get_table (SegProject  *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!seg_project_prepare (self, TABLE_INFO_COLUMNS " WHERE name = ?", &stmt, error))
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      info = table_info_from_row (stmt);
      id = sqlite3_column_int64 (stmt, 0);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      seg_project_set_sqlite_error (self, rc, error);
      return NULL;
    }

  if (!load_columns (self, id, info, error))
    return NULL;

  return g_steal_pointer (&info);
}

gboolean
seg_project_has_table (SegProject *self,
                       const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view')"
                          " AND name = ? COLLATE NOCASE",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  g_clear_pointer (&stmt, sqlite3_finalize);

  return found;
}

/**
 * seg_project_catalog_table:
 * @self: a #SegProject
 * @name: a table just created in the current transaction
 * @source: what made it, shown where an import shows its file
 * @origin: (nullable): how it was made, as JSON, for later analyses
 * @rows: its row count
 * @columns: (element-type SegColumnInfo): its columns in order
 * @error: return location for an error
 *
 * Records a table that an analysis made, so that the browser, the
 * export and every later analysis see it like an imported one. The
 * caller holds a transaction.
 */
gboolean
seg_project_catalog_table (SegProject  *self,
                           const char  *name,
                           const char  *source,
                           const char  *origin,
                           gint64       rows,
                           GPtrArray   *columns,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 table_id;
  int rc;

  if (!seg_project_prepare (self,
                            "INSERT INTO seg_tables (name, source_file, origin, imported_at, row_count)"
                            " VALUES (?, ?, ?, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, origin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, rows);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);
  table_id = sqlite3_last_insert_rowid (self->db);

  if (!seg_project_prepare (self,
                            "INSERT INTO seg_columns (table_id, position, name, header, type, inferred_type)"
                            " VALUES (?, ?, ?, ?, ?, ?)",
                            &stmt, error))
    return FALSE;
  for (guint i = 0; i < columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (columns, i);
      const char *type = seg_column_type_to_string (column->type);

      sqlite3_bind_int64 (stmt, 1, table_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, column->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, column->header != NULL ? column->header : column->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, type, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, type, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          g_clear_pointer (&stmt, sqlite3_finalize);
          return seg_project_set_sqlite_error (self, rc, error);
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return TRUE;
}

/* Drops a table and its catalog rows; the caller holds a transaction. */
gboolean
seg_project_drop_table_in_transaction (SegProject  *self,
                                       const char  *name,
                                       GError     **error)
{
  g_autofree char *quoted = seg_quote_identifier (name);
  g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS %s", quoted);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_exec (self, sql, error))
    return FALSE;

  if (!seg_project_prepare (self, "DELETE FROM seg_tables WHERE name = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (self, rc, error);

  return TRUE;
}

gboolean
seg_project_drop_table (SegProject  *self,
                        const char  *name,
                        GError     **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!seg_project_has_table (self, name))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), name);
      return FALSE;
    }

  if (!seg_project_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!seg_project_drop_table_in_transaction (self, name, error))
    {
      seg_project_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  return seg_project_exec (self, "COMMIT", error);
}

gboolean
seg_project_rename_table (SegProject  *self,
                          const char  *name,
                          const char  *new_name,
                          GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *new_quoted = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!seg_project_check_table_name (new_name, error))
    return FALSE;

  if (!seg_project_has_table (self, name))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The project has no table “%s”"), name);
      return FALSE;
    }

  if (g_ascii_strcasecmp (name, new_name) != 0 && seg_project_has_table (self, new_name))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("The project already has a table “%s”"), new_name);
      return FALSE;
    }

  quoted = seg_quote_identifier (name);
  new_quoted = seg_quote_identifier (new_name);
  sql = g_strdup_printf ("ALTER TABLE %s RENAME TO %s", quoted, new_quoted);

  if (!seg_project_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!seg_project_exec (self, sql, error))
    goto failed;

  if (!seg_project_prepare (self, "UPDATE seg_tables SET name = ? WHERE name = ?", &stmt, error))
    goto failed;
  sqlite3_bind_text (stmt, 1, new_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (self, rc, error);
      goto failed;
    }

  return seg_project_exec (self, "COMMIT", error);

failed:
  seg_project_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * seg_project_export_copy:
 * @self: a #SegProject
 * @dest_path: where to write the copy; replaced if it exists
 * @error: return location for an error
 *
 * Writes a consistent, compact copy of the project (VACUUM INTO) next to
 * @dest_path and moves it into place only when it is complete.
 *
 * Returns: whether the copy was written
 */
gboolean
seg_project_export_copy (SegProject  *self,
                         const char  *dest_path,
                         GError     **error)
{
  g_autoptr(SegProject) reader = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  partial = g_strconcat (dest_path, ".partial", NULL);
  g_remove (partial);

  /* A connection of its own: VACUUM refuses to run while this one has a
   * statement in progress, such as a search in a worker thread. */
  reader = open_project (self->path, FALSE, FALSE, TRUE, error);
  if (reader == NULL)
    return FALSE;

  if (!seg_project_prepare (reader, "VACUUM INTO ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, partial, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    {
      g_remove (partial);
      return seg_project_set_sqlite_error (reader, rc, error);
    }

  if (g_rename (partial, dest_path) != 0)
    {
      int saved = errno;

      g_remove (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The copy could not be saved as “%s”: %s"), dest_path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/**
 * seg_project_open_copy:
 * @source_path: a project file anywhere, left untouched
 * @dest_path: where the copy goes; must not exist
 * @error: return location for an error
 *
 * Copies a project with SQLite's backup, reading the source without
 * writing to it, then opens the copy. A file that is not a project leaves
 * no copy behind.
 *
 * Returns: (transfer full): the copy, opened, or %NULL with @error set
 */
SegProject *
seg_project_open_copy (const char  *source_path,
                       const char  *dest_path,
                       GError     **error)
{
  sqlite3 *source = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  SegProject *project;
  int rc;

  g_return_val_if_fail (source_path != NULL, NULL);
  g_return_val_if_fail (dest_path != NULL, NULL);

  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("A project “%s” exists already"), dest_path);
      return NULL;
    }

  rc = sqlite3_open_v2 (source_path, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", source, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }

  if (rc != SQLITE_OK)
    set_error_from_rc (source, source_path, rc, error);

  sqlite3_close (source);
  sqlite3_close (dest);

  if (rc != SQLITE_OK)
    {
      g_remove (dest_path);
      return NULL;
    }

  project = seg_project_open (dest_path, FALSE, error);
  if (project == NULL)
    {
      g_autofree char *wal = g_strconcat (dest_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (dest_path, "-shm", NULL);

      /* Name the file the person chose, not our copy of it. */
      if (error != NULL && *error != NULL)
        {
          g_autofree char *message = g_strdup ((*error)->message);
          char *at = strstr (message, dest_path);

          if (at != NULL)
            {
              g_autoptr(GString) fixed = g_string_new (NULL);

              g_string_append_len (fixed, message, at - message);
              g_string_append (fixed, source_path);
              g_string_append (fixed, at + strlen (dest_path));
              g_free ((*error)->message);
              (*error)->message = g_string_free (g_steal_pointer (&fixed), FALSE);
            }
        }
      g_remove (dest_path);
      g_remove (wal);
      g_remove (shm);
    }

  return project;
}

void
seg_reject_free (SegReject *reject)
{
  if (reject == NULL)
    return;

  g_free (reject->reason);
  g_free (reject->raw);
  g_free (reject);
}

/**
 * seg_project_list_rejects:
 * @self: a #SegProject
 * @table: a table made by an import
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type SegReject): the rows the import
 *   of @table set aside, by line
 */
GPtrArray *
seg_project_list_rejects (SegProject  *self,
                          const char  *table,
                          GError     **error)
{
  g_autoptr(GPtrArray) rejects = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_reject_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!seg_project_prepare (self,
                            "SELECT r.line, r.column, r.reason, r.raw FROM seg_rejects r"
                            " JOIN seg_tables t ON t.id = r.table_id"
                            " WHERE t.name = ? ORDER BY r.line",
                            &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SegReject *reject = g_new0 (SegReject, 1);

      reject->line = sqlite3_column_int64 (stmt, 0);
      reject->column = sqlite3_column_int (stmt, 1);
      reject->reason = dup_column_text (stmt, 2);
      reject->raw = dup_column_text (stmt, 3);
      g_ptr_array_add (rejects, reject);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rejects);
}

/**
 * seg_project_peek_table_count:
 * @path: a project file
 *
 * Counts a project's tables without opening it for writing, for lists of
 * projects.
 *
 * Returns: the number of tables, or -1 if @path cannot be read as a project
 */
gint64
seg_project_peek_table_count (const char *path)
{
  sqlite3 *db = NULL;
  gint64 count = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      gint64 app_id = 0;

      if (query_int (db, path, "PRAGMA application_id", &app_id, NULL) &&
          app_id == SEG_APPLICATION_ID &&
          !query_int (db, path, "SELECT count(*) FROM seg_tables", &count, NULL))
        count = -1;
    }
  sqlite3_close (db);

  return count;
}

/* Asynchronous variants ---------------------------------------------------
 *
 * Checking a large project's integrity or copying it reads every page of
 * the file: seconds on a slow disk. These run the synchronous calls above
 * in a worker, so that a window stays responsive; a cancelled task drops
 * what the worker produced, and a cancelled copy is removed. */

typedef struct
{
  char     *path;
  char     *dest_path;
  gboolean  create;
} ProjectTaskData;

static void
project_task_data_free (ProjectTaskData *data)
{
  g_free (data->path);
  g_free (data->dest_path);
  g_free (data);
}

static void
remove_project_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ProjectTaskData *data = task_data;
  GError *error = NULL;
  SegProject *project;

  if (g_task_return_error_if_cancelled (task))
    return;

  project = seg_project_open (data->path, data->create, &error);
  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

/**
 * seg_project_open_async:
 * @path: the project file
 * @create: whether to create a new project when @path does not exist
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the caller's main context when the project is open
 * @user_data: data for @callback
 *
 * Opens a project, with its integrity check, in a worker thread.
 */
void
seg_project_open_async (const char          *path,
                        gboolean             create,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProjectTaskData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (ProjectTaskData, 1);
  data->path = g_strdup (path);
  data->create = create;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_project_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify)project_task_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * seg_project_open_finish:
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
SegProject *
seg_project_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == seg_project_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_copy_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ProjectTaskData *data = task_data;
  GError *error = NULL;
  SegProject *project;

  if (g_task_return_error_if_cancelled (task))
    return;

  project = seg_project_open_copy (data->path, data->dest_path, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Cancelled while copying: the copy nobody waits for goes again. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_object_unref (project);
      remove_project_files (data->dest_path);
      g_task_return_error_if_cancelled (task);
      return;
    }

  g_task_return_pointer (task, project, g_object_unref);
}

/**
 * seg_project_open_copy_async:
 * @source_path: a project file anywhere, left untouched
 * @dest_path: where the copy goes; must not exist
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the copy is open
 * @user_data: data for @callback
 *
 * Copies and opens a project in a worker thread, as
 * seg_project_open_copy() does. A cancelled copy leaves no file behind.
 */
void
seg_project_open_copy_async (const char          *source_path,
                             const char          *dest_path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProjectTaskData *data;

  g_return_if_fail (source_path != NULL);
  g_return_if_fail (dest_path != NULL);

  data = g_new0 (ProjectTaskData, 1);
  data->path = g_strdup (source_path);
  data->dest_path = g_strdup (dest_path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_project_open_copy_async);
  g_task_set_task_data (task, data, (GDestroyNotify)project_task_data_free);
  g_task_run_in_thread (task, open_copy_thread);
}

/**
 * seg_project_open_copy_finish:
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the copy, opened, or %NULL with @error set
 */
SegProject *
seg_project_open_copy_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == seg_project_open_copy_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
export_copy_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ProjectTaskData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!seg_project_export_copy (source_object, data->dest_path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * seg_project_export_copy_async:
 * @self: a #SegProject
 * @dest_path: where to write the copy; replaced if it exists
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the copy is written
 * @user_data: data for @callback
 *
 * Writes a consistent copy of the project in a worker thread, through a
 * connection of its own, as seg_project_export_copy() does.
 */
void
seg_project_export_copy_async (SegProject          *self,
                               const char          *dest_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProjectTaskData *data;

  g_return_if_fail (SEG_IS_PROJECT (self));
  g_return_if_fail (dest_path != NULL);

  data = g_new0 (ProjectTaskData, 1);
  data->dest_path = g_strdup (dest_path);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_project_export_copy_async);
  /* SQLite writes the copy in one step that cannot be interrupted: once it
   * has started, the result says what happened, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify)project_task_data_free);
  g_task_run_in_thread (task, export_copy_thread);
}

gboolean
seg_project_export_copy_finish (SegProject    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
