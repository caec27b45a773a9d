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
  GThread      *thread;
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

  /* 4: saved segments, the named groups of customers an owner keeps. */
  "CREATE TABLE seg_segments ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  created_at TEXT NOT NULL,"
  "  source TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE seg_segment_members ("
  "  segment_id INTEGER NOT NULL REFERENCES seg_segments (id) ON DELETE CASCADE,"
  "  key TEXT NOT NULL,"
  "  PRIMARY KEY (segment_id, key)"
  ") STRICT;",

  /* 5: how a column is shown: 'percent' for fractions imported as
   * percentages (12.5% stored as 0.125). */
  "ALTER TABLE seg_columns ADD COLUMN display TEXT;",

  /* 6: what a clustering run's map and profile show, stored once as the
   * run is written, so that they open without going through every row
   * again: the clusters' figures, and the rows' keys, clusters, places
   * and silhouettes as little-endian arrays in table order. */
  "CREATE TABLE seg_run_profiles ("
  "  run_id INTEGER PRIMARY KEY REFERENCES seg_runs (id) ON DELETE CASCADE,"
  "  profile TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE seg_run_maps ("
  "  run_id INTEGER PRIMARY KEY REFERENCES seg_runs (id) ON DELETE CASCADE,"
  "  rows INTEGER NOT NULL,"
  "  keys BLOB NOT NULL,"
  "  labels BLOB NOT NULL,"
  "  x BLOB NOT NULL,"
  "  y BLOB NOT NULL,"
  "  silhouette BLOB NOT NULL"
  ") STRICT;",

  /* 7: the version of each table's rows. Every change of a table's rows
   * (an import, rows added, a result table written) takes the next number
   * of one counter kept in seg_meta; base_version is the number of the
   * change that last replaced the rows as a whole, so that a run can tell
   * rows added since it from a table made anew. Tables of older projects
   * stay at 0: any later change is after every run of theirs. Rejected
   * rows now say which file they came from, as rows can come from
   * several. */
  "ALTER TABLE seg_tables ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE seg_tables ADD COLUMN base_version INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE seg_rejects ADD COLUMN source_file TEXT;",

  /* 8: what a run's model keeps of its fit, by name, so that it can be
   * brought up to date with new rows without fitting it again (a
   * recommender's product factors or neighbour lists, and its customer
   * and product keys). Goes with the run. */
  "CREATE TABLE seg_run_state ("
  "  run_id INTEGER NOT NULL REFERENCES seg_runs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  PRIMARY KEY (run_id, name)"
  ") STRICT;",

  /* 9: result tables kept as views: a run stores per input row only what
   * it adds, in a rows table of its own, and the result table people
   * read is a view joining the input's rows back in. Each view's rows
   * table, its input, whether its first column is the input's row
   * number, and how many of its last columns the rows table gives.
   * Result tables written before stay tables. */
  "CREATE TABLE seg_result_views ("
  "  name TEXT PRIMARY KEY COLLATE NOCASE,"
  "  rows_table TEXT NOT NULL,"
  "  input_table TEXT NOT NULL COLLATE NOCASE,"
  "  numbered INTEGER NOT NULL,"
  "  own_columns INTEGER NOT NULL"
  ") STRICT;",

  /* 10: a run's map stored in fewer bytes (see seg-run-points.c): keys
   * front-coded, labels as narrow as they fit, places as floats, and
   * silhouettes only for the rows that have one. Maps stored before keep
   * layout 0. */
  "ALTER TABLE seg_run_maps ADD COLUMN layout INTEGER NOT NULL DEFAULT 0;",
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
void
seg_sqlite_set_error (sqlite3     *db,
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
  seg_sqlite_set_error (self->db, self->path, rc, error);
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
      seg_sqlite_set_error (db, path, rc, error);
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
 * seg_project_refresh:
 *
 * Brings the project's lists (its tables, its runs) up to date now, on
 * the calling thread, rather than when the announcement of the last
 * commit arrives: for a caller that goes on to show what it just made.
 */
void
seg_project_refresh (SegProject *self)
{
  g_return_if_fail (SEG_IS_PROJECT (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * seg_project_changed:
 *
 * Announces that the project's tables or runs changed: the project that
 * @self was opened from (or @self) emits #SegProject::changed, at once on
 * the thread that opened it, and from its main context when a worker
 * committed. Every commit through seg_project_exec () does so.
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
  if (target->context == NULL)
    return;
  /* On the project's own thread, at once: whoever changed it may go on
   * to show the change. */
  if (g_thread_self () == target->thread)
    {
      g_signal_emit (target, signals[CHANGED], 0);
      return;
    }
  if (!g_atomic_int_compare_and_exchange (&target->change_pending, FALSE, TRUE))
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
      seg_sqlite_set_error (db, path, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Above this size a project's own tables are checked on opening, not
 * every page: the check reads the whole file, seconds for a shop's ten
 * million order lines, on every command. A damaged page in a data table
 * is still reported as damage, when a query reads it. */
#define CHECK_WHOLE_FILE_BELOW (64 * 1024 * 1024)

static gboolean
check_integrity (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  static const char *const whole[] = { "PRAGMA quick_check", NULL };
  static const char *const catalog[] = {
    "PRAGMA quick_check (sqlite_schema)", "PRAGMA quick_check (seg_meta)",
    "PRAGMA quick_check (seg_tables)", "PRAGMA quick_check (seg_columns)",
    "PRAGMA quick_check (seg_runs)", NULL
  };
  GStatBuf buf;
  const char *const *checks = g_stat (path, &buf) == 0 && buf.st_size >= CHECK_WHOLE_FILE_BELOW
                              ? catalog : whole;
  g_autofree char *problem = NULL;
  int rc = SQLITE_OK;

  for (guint i = 0; checks[i] != NULL && rc == SQLITE_OK && problem == NULL; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      rc = sqlite3_prepare_v2 (db, checks[i], -1, &stmt, NULL);
      /* A table that an older project does not have yet. */
      if (rc == SQLITE_ERROR && checks == catalog)
        {
          rc = SQLITE_OK;
          continue;
        }
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
    }

  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_NOTADB)
    rc = SQLITE_CORRUPT;

  if (rc != SQLITE_OK)
    {
      seg_sqlite_set_error (db, path, rc, error);
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
        seg_sqlite_set_error (self->db, path, rc, error);
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

  /* A new project's pages are 16 KiB: its work is reading and writing
   * whole tables, where four times fewer pages mean fewer calls to the
   * system and a shallower tree, and a run's write and its checkpoint
   * move a quarter as many pages. An existing file keeps its size. */
  if (!exists && !exec_sql (self->db, path, "PRAGMA page_size = 16384;", error))
    return NULL;

  if (!exec_sql (self->db, path,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA secure_delete = FAST;"
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
    {
      self->context = g_main_context_ref_thread_default ();
      self->thread = g_thread_self ();
    }

  return self;
}

/**
 * seg_project_adopt:
 *
 * Makes the calling thread the project's own, for a project opened in a
 * worker and handed to it: #SegProject::changed is then emitted on this
 * thread, at once for its own commits and from its main context for a
 * writer's. Without it the worker that opened the project would count as
 * its thread, and another task that happened to run on that worker would
 * announce its commit there, to widgets that only the main thread may
 * touch.
 */
void
seg_project_adopt (SegProject *self)
{
  g_return_if_fail (SEG_IS_PROJECT (self));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_self ();
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
