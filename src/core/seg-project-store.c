/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "seg-project-store.h"

/* The projects in one folder, as a list model: what the start page lists
 * and what a script could list too. Every change made through the store
 * refreshes it at once; a monitor on the folder catches the others (a
 * file copied in by hand, say) a moment later. */

#define SUFFIX ".segmenta"

/* A project is its file and, while open, SQLite's journal beside it. */
static const char *const project_suffixes[] = { "", "-wal", "-shm" };

struct _SegProjectFile
{
  GObject    parent_instance;

  char      *name;
  char      *path;
  GDateTime *modified;
  guint64    size;
};

enum {
  FILE_PROP_0,
  FILE_PROP_NAME,
  FILE_PROP_PATH,
  FILE_PROP_MODIFIED,
  FILE_PROP_SIZE,
  N_FILE_PROPS
};

static GParamSpec *file_properties[N_FILE_PROPS];

G_DEFINE_FINAL_TYPE (SegProjectFile, seg_project_file, G_TYPE_OBJECT)

static void
seg_project_file_finalize (GObject *object)
{
  SegProjectFile *self = SEG_PROJECT_FILE (object);

  g_free (self->name);
  g_free (self->path);
  g_clear_pointer (&self->modified, g_date_time_unref);

  G_OBJECT_CLASS (seg_project_file_parent_class)->finalize (object);
}

static void
seg_project_file_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SegProjectFile *self = SEG_PROJECT_FILE (object);

  switch (prop_id)
    {
    case FILE_PROP_NAME: g_value_set_string (value, self->name); break;
    case FILE_PROP_PATH: g_value_set_string (value, self->path); break;
    case FILE_PROP_MODIFIED: g_value_set_boxed (value, self->modified); break;
    case FILE_PROP_SIZE: g_value_set_uint64 (value, self->size); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_project_file_class_init (SegProjectFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = seg_project_file_finalize;
  object_class->get_property = seg_project_file_get_property;

  file_properties[FILE_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  file_properties[FILE_PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  file_properties[FILE_PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  file_properties[FILE_PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_FILE_PROPS, file_properties);
}

static void
seg_project_file_init (SegProjectFile *self)
{
}

/* The name a person sees: the file name without its extension. */
const char *
seg_project_file_get_name (SegProjectFile *self)
{
  g_return_val_if_fail (SEG_IS_PROJECT_FILE (self), NULL);
  return self->name;
}

const char *
seg_project_file_get_path (SegProjectFile *self)
{
  g_return_val_if_fail (SEG_IS_PROJECT_FILE (self), NULL);
  return self->path;
}

/**
 * seg_project_file_get_modified:
 *
 * Returns: (transfer none) (nullable): when the project last changed
 */
GDateTime *
seg_project_file_get_modified (SegProjectFile *self)
{
  g_return_val_if_fail (SEG_IS_PROJECT_FILE (self), NULL);
  return self->modified;
}

/* The bytes on disk, with SQLite's journal. */
guint64
seg_project_file_get_size (SegProjectFile *self)
{
  g_return_val_if_fail (SEG_IS_PROJECT_FILE (self), 0);
  return self->size;
}

static gboolean
project_file_equal (SegProjectFile *a,
                    SegProjectFile *b)
{
  return g_str_equal (a->path, b->path) && a->size == b->size &&
         (a->modified == NULL) == (b->modified == NULL) &&
         (a->modified == NULL || g_date_time_equal (a->modified, b->modified));
}

/* The store ------------------------------------------------------------- */

struct _SegProjectStore
{
  GObject       parent_instance;

  char         *dir;
  GPtrArray    *files;    /* of SegProjectFile, by name */
  GFileMonitor *monitor;  /* NULL where the folder cannot be watched */
  guint         refresh_source;
};

enum {
  PROP_0,
  PROP_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SegProjectStore, seg_project_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return SEG_TYPE_PROJECT_FILE;
}

static guint
get_n_items (GListModel *model)
{
  return SEG_PROJECT_STORE (model)->files->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SegProjectStore *self = SEG_PROJECT_STORE (model);

  if (position >= self->files->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->files, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static SegProjectFile *
read_project_file (const char *dir,
                   const char *base)
{
  g_autofree char *path = g_build_filename (dir, base, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  SegProjectFile *project;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return NULL;

  project = g_object_new (SEG_TYPE_PROJECT_FILE, NULL);
  project->name = g_strndup (base, strlen (base) - strlen (SUFFIX));
  project->modified = g_file_info_get_modification_date_time (info);
  project->size = g_file_info_get_size (info);
  for (guint i = 1; i < G_N_ELEMENTS (project_suffixes); i++)
    {
      g_autofree char *journal = g_strconcat (path, project_suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (journal, &st) == 0)
        project->size += st.st_size;
    }
  project->path = g_steal_pointer (&path);

  return project;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate ((*(SegProjectFile **)a)->name, (*(SegProjectFile **)b)->name);
}

/**
 * seg_project_store_refresh:
 * @self: a #SegProjectStore
 *
 * Reads the folder again. The model changes only where the folder did.
 */
void
seg_project_store_refresh (SegProjectStore *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDir) dir = NULL;
  guint old_len;
  guint first = 0;
  guint tail = 0;
  const char *base;

  g_return_if_fail (SEG_IS_PROJECT_STORE (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (base = g_dir_read_name (dir)) != NULL)
    {
      SegProjectFile *file;

      /* Hidden files are deleted projects waiting for Undo. */
      if (base[0] == '.' || !g_str_has_suffix (base, SUFFIX) || strlen (base) == strlen (SUFFIX))
        continue;
      if ((file = read_project_file (self->dir, base)) != NULL)
        g_ptr_array_add (files, file);
    }
  g_ptr_array_sort (files, compare_names);

  /* Tell the views about the changed middle only, so a list that shows
   * the model keeps its rows, and its focus, where nothing changed. */
  old_len = self->files->len;
  while (first < old_len && first < files->len &&
         project_file_equal (g_ptr_array_index (self->files, first), g_ptr_array_index (files, first)))
    first++;
  while (tail < old_len - first && tail < files->len - first &&
         project_file_equal (g_ptr_array_index (self->files, old_len - 1 - tail),
                             g_ptr_array_index (files, files->len - 1 - tail)))
    tail++;
  if (first == old_len && first == files->len)
    return;

  g_ptr_array_unref (self->files);
  self->files = g_steal_pointer (&files);
  g_list_model_items_changed (G_LIST_MODEL (self), first, old_len - first - tail,
                              self->files->len - first - tail);
}

static gboolean
refresh_later (gpointer data)
{
  SegProjectStore *self = data;

  self->refresh_source = 0;
  seg_project_store_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_folder_changed (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   SegProjectStore   *self)
{
  /* An open project writes its journal often: one look at the folder
   * for a burst of changes is enough. */
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (250, refresh_later, self);
}

static void
seg_project_store_constructed (GObject *object)
{
  SegProjectStore *self = SEG_PROJECT_STORE (object);
  g_autoptr(GFile) folder = g_file_new_for_path (self->dir);

  G_OBJECT_CLASS (seg_project_store_parent_class)->constructed (object);

  g_mkdir_with_parents (self->dir, 0700);
  self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (on_folder_changed), self);
  seg_project_store_refresh (self);
}

static void
seg_project_store_dispose (GObject *object)
{
  SegProjectStore *self = SEG_PROJECT_STORE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (seg_project_store_parent_class)->dispose (object);
}

static void
seg_project_store_finalize (GObject *object)
{
  SegProjectStore *self = SEG_PROJECT_STORE (object);

  g_free (self->dir);
  g_ptr_array_unref (self->files);

  G_OBJECT_CLASS (seg_project_store_parent_class)->finalize (object);
}

static void
seg_project_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SegProjectStore *self = SEG_PROJECT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIR: g_value_set_string (value, self->dir); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_project_store_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SegProjectStore *self = SEG_PROJECT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIR: self->dir = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_project_store_class_init (SegProjectStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = seg_project_store_constructed;
  object_class->dispose = seg_project_store_dispose;
  object_class->finalize = seg_project_store_finalize;
  object_class->get_property = seg_project_store_get_property;
  object_class->set_property = seg_project_store_set_property;

  /**
   * SegProjectStore:dir:
   *
   * The folder of the projects, created if needed.
   */
  properties[PROP_DIR] =
    g_param_spec_string ("dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_project_store_init (SegProjectStore *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * seg_project_store_new:
 * @dir: the folder of the projects
 *
 * Returns: (transfer full): a store listing the projects in @dir
 */
SegProjectStore *
seg_project_store_new (const char *dir)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_object_new (SEG_TYPE_PROJECT_STORE, "dir", dir, NULL);
}

const char *
seg_project_store_get_dir (SegProjectStore *self)
{
  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), NULL);

  return self->dir;
}

/**
 * seg_project_store_find:
 * @path: a project file
 *
 * Returns: (transfer none) (nullable): the store's entry for @path
 */
SegProjectFile *
seg_project_store_find (SegProjectStore *self,
                        const char      *path)
{
  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < self->files->len; i++)
    {
      SegProjectFile *file = g_ptr_array_index (self->files, i);

      if (g_str_equal (file->path, path))
        return file;
    }
  return NULL;
}

static gboolean
taken (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *hidden_base = g_strdup_printf (".%s.deleted", base);
  g_autofree char *hidden = g_build_filename (dir, hidden_base, NULL);

  /* A name whose deletion can still be undone is not free either. */
  return g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (hidden, G_FILE_TEST_EXISTS);
}

/**
 * seg_project_store_unique_path:
 * @name: the name wanted, without extension
 *
 * Returns: (transfer full): a path in the folder that no project uses:
 *   “@name.segmenta”, or “@name 2.segmenta”, and so on
 */
char *
seg_project_store_unique_path (SegProjectStore *self,
                               const char      *name)
{
  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 1; ; i++)
    {
      g_autofree char *base = i == 1 ? g_strdup_printf ("%s" SUFFIX, name)
                                     : g_strdup_printf ("%s %u" SUFFIX, name, i);
      g_autofree char *path = g_build_filename (self->dir, base, NULL);

      if (!taken (path))
        return g_steal_pointer (&path);
    }
}

/**
 * seg_project_store_create:
 * @name: the name wanted; a number is added if it is taken
 * @error: return location for an error
 *
 * Returns: (transfer full): the new, empty project, open
 */
SegProject *
seg_project_store_create (SegProjectStore  *self,
                          const char       *name,
                          GError          **error)
{
  g_autofree char *path = NULL;
  SegProject *project;

  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  path = seg_project_store_unique_path (self, name);
  project = seg_project_open (path, TRUE, error);
  seg_project_store_refresh (self);
  return project;
}

static char *
hidden_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *hidden = g_strdup_printf (".%s.deleted", base);

  return g_build_filename (dir, hidden, NULL);
}

static gboolean
move_project_files (const char  *from,
                    const char  *to,
                    GError     **error)
{
  if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The project “%s” does not exist"), from);
      return FALSE;
    }
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("A project “%s” exists already"), to);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (project_suffixes); i++)
    {
      g_autofree char *a = g_strconcat (from, project_suffixes[i], NULL);
      g_autofree char *b = g_strconcat (to, project_suffixes[i], NULL);

      if (g_file_test (a, G_FILE_TEST_EXISTS) && g_rename (a, b) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("“%s” could not be moved: %s"), a, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * seg_project_store_delete:
 * @path: a project in the folder, closed
 * @error: return location for an error
 *
 * Hides the project's files under a name the store does not list, so
 * that seg_project_store_restore() can bring them back; they go for good
 * with seg_project_store_purge().
 *
 * Returns: whether the project was hidden
 */
gboolean
seg_project_store_delete (SegProjectStore  *self,
                          const char       *path,
                          GError          **error)
{
  g_autofree char *hidden = NULL;
  gboolean moved;

  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  hidden = hidden_path (path);
  /* A project deleted before, under the same name, and not restored. */
  seg_project_store_purge (self, path);
  moved = move_project_files (path, hidden, error);
  seg_project_store_refresh (self);
  return moved;
}

/**
 * seg_project_store_restore:
 * @path: the path of a project deleted through the store
 * @error: return location for an error
 *
 * Undoes seg_project_store_delete().
 *
 * Returns: whether the project is back
 */
gboolean
seg_project_store_restore (SegProjectStore  *self,
                           const char       *path,
                           GError          **error)
{
  g_autofree char *hidden = NULL;
  gboolean moved;

  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  hidden = hidden_path (path);
  moved = move_project_files (hidden, path, error);
  seg_project_store_refresh (self);
  return moved;
}

/**
 * seg_project_store_purge:
 * @path: the path of a project deleted through the store
 *
 * Removes a deleted project's files for good; Undo is no longer possible.
 */
void
seg_project_store_purge (SegProjectStore *self,
                         const char      *path)
{
  g_autofree char *hidden = NULL;

  g_return_if_fail (SEG_IS_PROJECT_STORE (self));
  g_return_if_fail (path != NULL);

  hidden = hidden_path (path);
  for (guint i = 0; i < G_N_ELEMENTS (project_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (hidden, project_suffixes[i], NULL);

      g_remove (file);
    }
}

static char *
copy_destination (SegProjectStore *self,
                  const char      *source_path)
{
  g_autofree char *base = g_path_get_basename (source_path);

  if (g_str_has_suffix (base, SUFFIX))
    base[strlen (base) - strlen (SUFFIX)] = '\0';
  return seg_project_store_unique_path (self, base);
}

/**
 * seg_project_store_open_copy:
 * @source_path: a project file anywhere, left untouched
 * @error: return location for an error
 *
 * Copies a project into the folder, under its own name or the next free
 * one, and opens the copy. SQLite must not work on a file behind the
 * document portal, so projects from elsewhere come in this way.
 *
 * Returns: (transfer full): the copy, open
 */
SegProject *
seg_project_store_open_copy (SegProjectStore  *self,
                             const char       *source_path,
                             GError          **error)
{
  g_autofree char *dest = NULL;
  SegProject *project;

  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), NULL);
  g_return_val_if_fail (source_path != NULL, NULL);

  dest = copy_destination (self, source_path);
  project = seg_project_open_copy (source_path, dest, error);
  seg_project_store_refresh (self);
  return project;
}

static void
on_copy_opened (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  SegProject *project = seg_project_open_copy_finish (result, &error);

  /* Cancelled after the worker finished: nobody wants the copy now. */
  if (project != NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autofree char *path = g_strdup (seg_project_get_path (project));

      g_clear_object (&project);
      for (guint i = 0; i < G_N_ELEMENTS (project_suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, project_suffixes[i], NULL);

          g_remove (file);
        }
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Copying the project was cancelled"));
    }

  seg_project_store_refresh (g_task_get_source_object (task));
  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

/**
 * seg_project_store_open_copy_async:
 * @source_path: a project file anywhere, left untouched
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the copy is open
 * @user_data: data for @callback
 *
 * Copies and opens a project in a worker, as
 * seg_project_store_open_copy() does.
 */
void
seg_project_store_open_copy_async (SegProjectStore     *self,
                                   const char          *source_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *dest = NULL;
  GTask *task;

  g_return_if_fail (SEG_IS_PROJECT_STORE (self));
  g_return_if_fail (source_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_project_store_open_copy_async);
  dest = copy_destination (self, source_path);
  seg_project_open_copy_async (source_path, dest, cancellable, on_copy_opened, task);
}

SegProject *
seg_project_store_open_copy_finish (SegProjectStore  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (SEG_IS_PROJECT_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
