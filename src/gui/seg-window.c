/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "seg-column-sorter.h"
#include "seg-export.h"
#include "seg-import-dialog.h"
#include "seg-importer.h"
#include "seg-runs-page.h"
#include "seg-segments-page.h"
#include "seg-table-model.h"
#include "seg-window-private.h"

struct _SegWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkListBox           *projects_list;
  GtkWidget            *projects_heading;
  GtkListBox           *tables_list;
  GtkStack             *table_stack;
  GtkLabel             *table_title;
  GtkSearchEntry       *search_entry;
  GtkColumnView        *column_view;
  GtkRevealer          *import_revealer;
  GtkProgressBar       *import_progress;
  AdwViewStack         *view_stack;
  SegSegmentsPage      *segments_page;
  SegRunsPage          *runs_page;

  GSettings            *settings;    /* NULL when the schema is not installed */

  SegProject           *project;
  SegTableModel        *table_model;
  GCancellable         *query_cancellable; /* the sort or search under way */
  int                   order_column;
  gboolean              descending;
  char                 *selected_table;

  /* The import under way, the importers waiting for it, and the files
   * still to be shown in the import dialog, one at a time. */
  SegImporter          *importer;
  GCancellable         *import_cancellable;
  GQueue                import_queue;
  GQueue                preview_queue;
  SegImportDialog      *import_dialog;
};

/* One schema for the stable and the development build. */
#define SETTINGS_SCHEMA "io.github.segmenta.Segmenta"

G_DEFINE_FINAL_TYPE (SegWindow, seg_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_next_import (SegWindow *self);

static void
show_toast (SegWindow  *self,
            const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
show_error (SegWindow    *self,
            const char   *heading,
            const GError *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_actions (SegWindow *self)
{
  gboolean busy = self->importer != NULL;
  gboolean open = self->project != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-file", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preview-file", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-project", open && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-project", open && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-project", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-project", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sample-shop", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-project", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-table", open && self->selected_table != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", open && self->selected_table != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-table", open && !busy && self->selected_table != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-table", open && !busy && self->selected_table != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-table-rejects", open && self->selected_table != NULL);
}

/* The start page */

static char *
format_relative_time (GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GTimeSpan span = g_date_time_difference (now, when);

  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  if (span < G_TIME_SPAN_HOUR)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", (int)(span / G_TIME_SPAN_MINUTE)),
                            (int)(span / G_TIME_SPAN_MINUTE));
  if (span < G_TIME_SPAN_DAY)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", (int)(span / G_TIME_SPAN_HOUR)),
                            (int)(span / G_TIME_SPAN_HOUR));
  return g_date_time_format (when, "%x");
}

static void
reload_projects (SegWindow *self)
{
  g_autofree char *dir_path = seg_application_get_projects_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *child;
  const char *name;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->projects_list))) != NULL)
    gtk_list_box_remove (self->projects_list, child);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".segmenta"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      g_autofree char *title = g_strndup (g_ptr_array_index (names, i),
                                          strlen (g_ptr_array_index (names, i)) - strlen (".segmenta"));
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
      g_autoptr(GDateTime) modified = info != NULL ? g_file_info_get_modification_date_time (info) : NULL;
      g_autofree char *when = modified != NULL ? format_relative_time (modified) : g_strdup ("");
      gint64 n_tables = seg_project_peek_table_count (path);
      g_autofree char *tables = n_tables >= 0
                                ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d table", "%d tables", n_tables), (int)n_tables)
                                : g_strdup (_("cannot be read"));
      g_autofree char *subtitle = g_strdup_printf (_("%s · changed %s"), tables, when);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      {
        GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

        gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (delete, _("Delete Project"));
        gtk_widget_add_css_class (delete, "flat");
        gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "win.delete-project");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "s", path);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_steal_pointer (&path), g_free);
      gtk_list_box_append (self->projects_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->projects_list), names->len > 0);
  gtk_widget_set_visible (self->projects_heading, names->len > 0);
}

static void
on_project_activated (GtkListBox    *list,
                      GtkListBoxRow *row,
                      SegWindow     *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-project", "s", path);
}

/* The table browser */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  SegRow *row = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  SegColumnType type = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "type"));
  const char *text = seg_row_get_cell (row, column);
  gboolean numeric = type == SEG_COLUMN_INTEGER || type == SEG_COLUMN_REAL;

  if (text == NULL)
    {
      gtk_label_set_text (GTK_LABEL (label), _("empty"));
      gtk_widget_add_css_class (label, "null-cell");
    }
  else
    {
      gtk_widget_remove_css_class (label, "null-cell");
      if (numeric)
        {
          /* Numbers in the reader's locale, right-aligned. */
          double value = g_ascii_strtod (text, NULL);
          g_autofree char *formatted = type == SEG_COLUMN_INTEGER
                                       ? g_strdup_printf ("%'" PRId64, g_ascii_strtoll (text, NULL, 10))
                                       : g_strdup_printf ("%'.15g", value);

          gtk_label_set_text (GTK_LABEL (label), formatted);
        }
      else
        gtk_label_set_text (GTK_LABEL (label), text);
    }

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
}

static void
on_query_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SegWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!seg_table_model_query_finish (SEG_TABLE_MODEL (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_error (self, _("Could Not Sort or Search the Table"), error);

  /* Only the latest request ends the waiting. */
  if (g_task_get_cancellable (G_TASK (result)) == self->query_cancellable)
    g_clear_object (&self->query_cancellable);
}

/* Sorting and searching a large table takes SQLite a moment: it runs in a
 * worker, and a newer request cancels the older one. */
static void
start_query (SegWindow *self)
{
  if (self->table_model == NULL)
    return;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();
  seg_table_model_query_async (self->table_model, self->order_column, self->descending,
                               gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                               self->query_cancellable, on_query_done, g_object_ref (self));
}

static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   SegWindow       *self)
{
  if (!seg_column_sorter_get_primary (sorter, &self->order_column, &self->descending))
    self->order_column = -1;

  start_query (self);
}

static const char *
type_name (SegColumnType type)
{
  switch (type)
    {
    case SEG_COLUMN_INTEGER: return _("integer");
    case SEG_COLUMN_REAL: return _("number");
    case SEG_COLUMN_BOOLEAN: return _("yes/no");
    case SEG_COLUMN_DATE: return _("date");
    case SEG_COLUMN_DATETIME: return _("date-time");
    case SEG_COLUMN_TEXT:
    default: return _("text");
    }
}

static void
clear_columns (SegWindow *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

static void
show_table (SegWindow  *self,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegTableModel) model = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *title = NULL;
  SegTableInfo *info;

  g_clear_pointer (&self->selected_table, g_free);
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->order_column = -1;
  self->descending = FALSE;
  gtk_column_view_set_model (self->column_view, NULL);
  clear_columns (self);
  g_clear_object (&self->table_model);

  if (name == NULL)
    {
      gtk_stack_set_visible_child_name (self->table_stack, "empty");
      update_actions (self);
      return;
    }

  model = seg_table_model_new (self->project, name, &error);
  if (model == NULL)
    {
      show_error (self, _("Could Not Open the Table"), error);
      return;
    }

  info = seg_table_model_get_info (model);
  for (guint i = 0; i < info->columns->len; i++)
    {
      SegColumnInfo *column_info = g_ptr_array_index (info->columns, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *header = g_strdup_printf ("%s · %s", column_info->name, type_name (column_info->type));
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = seg_column_sorter_new (i);

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (factory), "type", GINT_TO_POINTER (column_info->type));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
      column = gtk_column_view_column_new (header, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (self->column_view, column);
    }

  self->table_model = g_steal_pointer (&model);
  self->selected_table = g_strdup (info->name);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->table_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %'" PRId64 " row from %s",
                                        "%s — %'" PRId64 " rows from %s", info->rows),
                           info->name, info->rows, info->source_file ? info->source_file : "?");
  gtk_label_set_text (self->table_title, title);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_stack_set_visible_child_name (self->table_stack, "table");
  update_actions (self);
}

static void
on_table_selected (GtkListBox    *list,
                   GtkListBoxRow *row,
                   SegWindow     *self)
{
  if (row == NULL)
    return;

  show_table (self, g_object_get_data (G_OBJECT (row), "table"));
}

static void
reload_tables (SegWindow  *self,
               const char *select)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  GtkListBoxRow *to_select = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tables_list))) != NULL)
    gtk_list_box_remove (self->tables_list, child);

  if (self->project == NULL)
    return;

  tables = seg_project_list_tables (self->project, &error);
  if (tables == NULL)
    {
      show_error (self, _("Could Not Read the Project"), error);
      return;
    }

  for (guint i = 0; i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " row", "%'" PRId64 " rows", info->rows),
                                                   info->rows);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (row), "table", g_strdup (info->name), g_free);
      gtk_list_box_append (self->tables_list, row);

      if (to_select == NULL || g_strcmp0 (info->name, select) == 0)
        to_select = GTK_LIST_BOX_ROW (row);
    }

  if (to_select != NULL)
    gtk_list_box_select_row (self->tables_list, to_select);
  else
    show_table (self, NULL);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   SegWindow      *self)
{
  start_query (self);
}

/* A segmentation or a scoring added tables. */
static void
on_segment_tables_changed (SegWindow *self)
{
  /* Reloading clears the selection, and the name with it. */
  g_autofree char *selected = g_strdup (self->selected_table);

  reload_tables (self, selected);
  seg_runs_page_reload (self->runs_page);
}

static void
on_show_run (SegWindow *self,
             gint64     id)
{
  seg_window_set_view (self, "segments");
  seg_segments_page_reload (self->segments_page, id);
}

static void
on_run_again (SegWindow *self,
              gint64     id)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  if (self->project == NULL)
    return;
  if (seg_segments_page_get_busy (self->segments_page))
    {
      show_toast (self, _("Another segmentation is still running"));
      return;
    }
  record = seg_project_get_run (self->project, id, &error);
  if (record != NULL)
    run = seg_run_new_like (self->project, record, &error);
  if (run == NULL)
    {
      show_error (self, _("Could Not Run It Again"), error);
      return;
    }
  seg_window_set_view (self, "segments");
  seg_segments_page_start (self->segments_page, run);
}

static void
on_delete_run (SegWindow *self,
               gint64     id)
{
  seg_segments_page_confirm_delete (self->segments_page, id);
}

/* Projects */

static void
set_project (SegWindow  *self,
             SegProject *project)
{
  g_autofree char *title = NULL;

  show_table (self, NULL);
  g_set_object (&self->project, project);
  seg_segments_page_set_project (self->segments_page, project);
  seg_runs_page_set_project (self->runs_page, project);

  if (project != NULL)
    {
      g_autofree char *base = g_path_get_basename (seg_project_get_path (project));

      if (g_str_has_suffix (base, ".segmenta"))
        base[strlen (base) - strlen (".segmenta")] = '\0';
      title = g_strdup_printf ("%s — %s", base, _("Segmenta"));
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_stack_set_visible_child_name (self->main_stack, "project");
      reload_tables (self, NULL);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Segmenta"));
      reload_projects (self);
      gtk_stack_set_visible_child_name (self->main_stack, "start");
    }

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-project",
                           project != NULL ? seg_project_get_path (project) : "");

  update_actions (self);
}

gboolean
seg_window_open_project (SegWindow   *self,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(SegProject) project = seg_project_open (path, TRUE, error);

  if (project == NULL)
    return FALSE;

  set_project (self, project);
  return TRUE;
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!seg_window_open_project (self, g_variant_get_string (parameter, NULL), &error))
    show_error (self, _("Could Not Open the Project"), error);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  g_autofree char *dir = seg_application_get_projects_dir ();
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i < 10000; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s.segmenta", _("New Project"))
                                     : g_strdup_printf ("%s %u.segmenta", _("New Project"), i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      if (!seg_window_open_project (self, path, &error))
        show_error (self, _("Could Not Create the Project"), error);
      return;
    }
}

static char *
unique_project_path (const char *dir,
                     const char *base)
{
  for (guint i = 1; ; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s.segmenta", base)
                                     : g_strdup_printf ("%s %u.segmenta", base, i);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

static void
open_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  const char *source = g_variant_get_string (parameter, NULL);
  g_autofree char *dir = seg_application_get_projects_dir ();
  g_autofree char *base = g_path_get_basename (source);
  g_autofree char *dest = NULL;
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_has_suffix (base, ".segmenta"))
    base[strlen (base) - strlen (".segmenta")] = '\0';
  dest = unique_project_path (dir, base);

  /* Projects live in the app's own folder: SQLite must not work on a file
   * behind the document portal, so a project from elsewhere is copied in. */
  project = seg_project_open_copy (source, dest, &error);
  if (project == NULL)
    {
      show_error (self, _("Could Not Open the Project"), error);
      return;
    }

  set_project (self, project);
}

static void
on_open_copy_chosen (GtkNativeDialog *dialog,
                     int              response,
                     SegWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.open-copy", "s", path);
    }

  g_object_unref (dialog);
}

static void
choose_copy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open a Copy of a Project"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Segmenta projects"));
  gtk_file_filter_add_mime_type (filter, "application/x-segmenta-project");
  gtk_file_filter_add_suffix (filter, "segmenta");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_open_copy_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_project_chosen (GtkNativeDialog *dialog,
                          int              response,
                          SegWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->project != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !seg_project_export_copy (self->project, path, &error))
        {
          if (error == NULL)
            g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Choose a local folder."));
          show_error (self, _("Could Not Export the Project"), error);
        }
      else
        show_toast (self, _("Project exported"));
    }

  g_object_unref (dialog);
}

static void
export_project_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->project == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_path_get_basename (seg_project_get_path (self->project));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_project_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Deleting a project hides its files first; they go for good when the
 * toast that offers Undo goes away. */
static const char *project_suffixes[] = { "", "-wal", "-shm" };

static void
move_project_files (const char *from,
                    const char *to)
{
  for (guint i = 0; i < G_N_ELEMENTS (project_suffixes); i++)
    {
      g_autofree char *a = g_strconcat (from, project_suffixes[i], NULL);
      g_autofree char *b = g_strconcat (to, project_suffixes[i], NULL);

      if (g_file_test (a, G_FILE_TEST_EXISTS))
        g_rename (a, b);
    }
}

static char *
hidden_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *hidden = g_strdup_printf (".%s.deleted", base);

  return g_build_filename (dir, hidden, NULL);
}

static void
on_delete_toast_dismissed (AdwToast  *toast,
                           SegWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (toast), "path");
  g_autofree char *hidden = hidden_path (path);

  for (guint i = 0; i < G_N_ELEMENTS (project_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (hidden, project_suffixes[i], NULL);

      g_remove (file);
    }
}

static void
delete_project_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autofree char *hidden = hidden_path (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->project != NULL && g_strcmp0 (seg_project_get_path (self->project), path) == 0)
    set_project (self, NULL);

  move_project_files (path, hidden);
  reload_projects (self);

  if (g_str_has_suffix (base, ".segmenta"))
    base[strlen (base) - strlen (".segmenta")] = '\0';
  title = g_strdup_printf (_("“%s” deleted"), base);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (path));
  g_object_set_data_full (G_OBJECT (toast), "path", g_strdup (path), g_free);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *path = g_variant_get_string (parameter, NULL);
  g_autofree char *hidden = hidden_path (path);

  move_project_files (hidden, path);
  reload_projects (SEG_WINDOW (widget));
}

static void
close_project_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  set_project (SEG_WINDOW (widget), NULL);
}

/* Import */

static void
on_import_progress (SegImporter *importer,
                    GParamSpec  *pspec,
                    SegWindow   *self)
{
  g_autofree char *message = seg_importer_dup_message (importer);
  g_autofree char *text = g_strdup_printf ("%s — %s", seg_importer_get_table_name (importer),
                                           message ? message : "");

  gtk_progress_bar_set_fraction (self->import_progress, seg_importer_get_fraction (importer));
  gtk_progress_bar_set_text (self->import_progress, text);
}

static void
finish_import (SegWindow *self)
{
  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);
  g_clear_object (&self->importer);
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  update_actions (self);
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SegWindow) self = user_data;
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  summary = seg_importer_run_finish (SEG_IMPORTER (object), result, &error);

  /* The window was closed meanwhile: nothing to show. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL || self->project == NULL)
    return;

  finish_import (self);

  if (summary == NULL)
    {
      g_queue_clear_full (&self->import_queue, g_object_unref);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Import cancelled; the project is unchanged"));
      else
        show_error (self, _("Could Not Import the File"), error);
      return;
    }

  if (summary->rejected > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Imported %'" PRId64 " rows into %s; %'" PRId64 " row rejected",
                                          "Imported %'" PRId64 " rows into %s; %'" PRId64 " rows rejected",
                                          summary->rejected),
                             summary->rows, summary->table, summary->rejected);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Imported %'" PRId64 " row into %s",
                                          "Imported %'" PRId64 " rows into %s",
                                          summary->rows),
                             summary->rows, summary->table);
  /* Files imported one after another speak once, at the end, unless one
   * of them has rows to look at. */
  if (!g_queue_is_empty (&self->import_queue) && summary->rejected == 0)
    {
      reload_tables (self, summary->table);
      start_next_import (self);
      return;
    }

  {
    AdwToast *toast = adw_toast_new (title);

    if (summary->rejected > 0)
      {
        adw_toast_set_button_label (toast, _("_View"));
        adw_toast_set_action_name (toast, "win.show-rejects");
        adw_toast_set_action_target_value (toast, g_variant_new_string (summary->table));
        adw_toast_set_timeout (toast, 10);
      }
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
  reload_tables (self, summary->table);

  start_next_import (self);
}

static void
start_next_import (SegWindow *self)
{
  /* One import at a time; the others wait in the queue. */
  if (self->project == NULL || self->importer != NULL || g_queue_is_empty (&self->import_queue))
    return;

  self->importer = g_queue_pop_head (&self->import_queue);
  self->import_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->importer, "notify::fraction", G_CALLBACK (on_import_progress), self, 0);
  g_signal_connect_object (self->importer, "notify::message", G_CALLBACK (on_import_progress), self, 0);
  on_import_progress (self->importer, NULL, self);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  update_actions (self);

  seg_importer_run_async (self->importer, self->import_cancellable, on_import_done, g_object_ref (self));
}

static void
queue_importer (SegWindow   *self,
                SegImporter *importer)
{
  g_queue_push_tail (&self->import_queue, g_object_ref (importer));
  start_next_import (self);
}

static void
queue_import (SegWindow  *self,
              const char *path)
{
  g_autoptr(SegImporter) importer = seg_importer_new (self->project, path);

  queue_importer (self, importer);
}

static void
on_dialog_import (SegImportDialog *dialog,
                  SegImporter     *importer,
                  SegWindow       *self)
{
  if (self->project != NULL && seg_importer_get_project (importer) == self->project)
    queue_importer (self, importer);
}

static void show_next_preview (SegWindow *self);

static void
on_dialog_destroyed (SegImportDialog *dialog,
                     SegWindow       *self)
{
  if (self->import_dialog == dialog)
    self->import_dialog = NULL;
  show_next_preview (self);
}

static void
show_next_preview (SegWindow *self)
{
  g_autofree char *path = NULL;

  if (self->import_dialog != NULL || self->project == NULL)
    return;

  path = g_queue_pop_head (&self->preview_queue);
  if (path == NULL)
    return;

  self->import_dialog = seg_import_dialog_new (GTK_WINDOW (self), self->project, path);
  g_signal_connect_object (self->import_dialog, "import", G_CALLBACK (on_dialog_import), self, 0);
  g_signal_connect_object (self->import_dialog, "destroy", G_CALLBACK (on_dialog_destroyed), self, 0);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

static void
preview_file_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);

  if (self->project == NULL)
    gtk_widget_activate_action (widget, "win.new-project", NULL);
  if (self->project == NULL)
    return;

  g_queue_push_tail (&self->preview_queue, g_strdup (g_variant_get_string (parameter, NULL)));
  show_next_preview (self);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);

  if (self->project == NULL)
    gtk_widget_activate_action (widget, "win.new-project", NULL);
  if (self->project != NULL)
    queue_import (self, g_variant_get_string (parameter, NULL));
}

static void
on_import_chosen (GtkNativeDialog *dialog,
                  int              response,
                  SegWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            gtk_widget_activate_action (GTK_WIDGET (self), "win.preview-file", "s", path);
        }
    }

  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV and text files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);

  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_cancellable_cancel (self->import_cancellable);
}

static void
sample_shop_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  g_autofree char *samples = seg_application_find_samples_dir ();
  g_autofree char *dir = seg_application_get_projects_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  static const char *tables[] = { "customers", "products", "orders" };

  if (samples == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The sample shop is not installed."));
      show_error (self, _("Could Not Open the Sample Shop"), error);
      return;
    }

  /* One sample project whatever the language: the file name is fixed. */
  path = g_build_filename (dir, "Sample Shop.segmenta", NULL);
  if (!seg_window_open_project (self, path, &error))
    {
      show_error (self, _("Could Not Open the Sample Shop"), error);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.csv", tables[i]);
      g_autofree char *csv = g_build_filename (samples, name, NULL);

      if (!seg_project_has_table (self->project, tables[i]))
        queue_import (self, csv);
    }
}

/* Export */

static void
on_export_chosen (GtkNativeDialog *dialog,
                  int              response,
                  SegWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->project != NULL && self->selected_table != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!seg_project_export_csv_file (self->project, self->selected_table, NULL, 0, NULL, file,
                                        SEG_EXPORT_BOM, &error))
        show_error (self, _("Could Not Export the Table"), error);
      else
        show_toast (self, _("Table exported"));
    }

  g_object_unref (dialog);
}

static void
export_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->selected_table == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Table"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.csv", self->selected_table);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Rejected rows */

static void
setup_reject_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_reject_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  GPtrArray                *rejects)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  guint index = g_ascii_strtoull (gtk_string_object_get_string (gtk_list_item_get_item (item)), NULL, 10);
  guint field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "field"));
  SegReject *reject = g_ptr_array_index (rejects, index);
  g_autofree char *text = NULL;

  switch (field)
    {
    case 0:
      text = g_strdup_printf ("%" PRId64, reject->line);
      break;
    case 1:
      text = reject->column > 0 ? g_strdup_printf ("%d", reject->column) : g_strdup ("");
      break;
    case 2:
      text = g_strdup (reject->reason);
      break;
    default:
      text = g_strdup (reject->raw);
      g_strdelimit (text, "\r\n", ' ');
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, field >= 2 ? text : NULL);
}

static void
show_rejects_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  const char *table = g_variant_get_string (parameter, NULL);
  static const char *titles[] = { N_("Line"), N_("Column"), N_("Reason"), N_("Row in the file") };
  static const int widths[] = { 70, 70, 360, 360 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejects = NULL;
  g_autoptr(GtkStringList) indices = gtk_string_list_new (NULL);
  g_autofree char *title = NULL;
  GtkWidget *window, *box, *header, *scrolled, *view;

  if (self->project == NULL)
    return;

  rejects = seg_project_list_rejects (self->project, table, &error);
  if (rejects == NULL)
    {
      show_error (self, _("Could Not Read the Rejected Rows"), error);
      return;
    }

  for (guint i = 0; i < rejects->len; i++)
    {
      char index[16];

      g_snprintf (index, sizeof index, "%u", i);
      gtk_string_list_append (indices, index);
    }

  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (indices)))));
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  for (guint f = 0; f < G_N_ELEMENTS (titles); f++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "field", GUINT_TO_POINTER (f));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_reject_cell), NULL);
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_reject_cell),
                             g_ptr_array_ref (rejects), (GClosureNotify)(void (*) (void))g_ptr_array_unref, 0);
      column = gtk_column_view_column_new (_(titles[f]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, widths[f]);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Rejected Row of “%s”",
                                        "%u Rejected Rows of “%s”", rejects->len),
                           rejects->len, table);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

/* Renaming and deleting tables */

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SegWindow        *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "table");
  g_autofree char *new_name = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || self->project == NULL)
    return;

  new_name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (!seg_project_rename_table (self->project, old_name, new_name, &error))
    {
      show_error (self, _("Could Not Rename the Table"), error);
      return;
    }

  reload_tables (self, new_name);
}

static void
rename_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->selected_table == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Rename Table"), NULL));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), self->selected_table);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "table", g_strdup (self->selected_table), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_table_now (SegWindow  *self,
                  const char *table)
{
  g_autoptr(GError) error = NULL;

  if (!seg_project_drop_table (self->project, table, &error))
    show_error (self, _("Could Not Delete the Table"), error);
  reload_tables (self, NULL);
}

static void
on_delete_table_response (AdwMessageDialog *dialog,
                          const char       *response,
                          SegWindow        *self)
{
  if (g_strcmp0 (response, "delete") == 0 && self->project != NULL)
    delete_table_now (self, g_object_get_data (G_OBJECT (dialog), "table"));
}

static void
delete_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (self->selected_table == NULL)
    return;

  /* The tests confirm without the dialog. */
  if (parameter != NULL && g_variant_get_boolean (parameter))
    {
      g_autofree char *table = g_strdup (self->selected_table);

      delete_table_now (self, table);
      return;
    }

  heading = g_strdup_printf (_("Delete “%s”?"), self->selected_table);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("The table and its rejected rows are removed from the project. The file it came from is not touched.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "table", g_strdup (self->selected_table), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_table_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_selected_rejects_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);

  if (self->selected_table != NULL)
    gtk_widget_activate_action (widget, "win.show-rejects", "s", self->selected_table);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (SEG_WINDOW (widget)->search_entry));
}

/* Drag and drop */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SegWindow     *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.preview-file", "s", path);
    }

  return files != NULL;
}

/* A closed window stops its import: the worker holds a reference to the
 * window until it has rolled back, so dispose would come too late. */
static void
seg_window_unrealize (GtkWidget *widget)
{
  SegWindow *self = SEG_WINDOW (widget);

  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_queue_clear_full (&self->preview_queue, g_free);
  g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->query_cancellable);

  GTK_WIDGET_CLASS (seg_window_parent_class)->unrealize (widget);
}

static void
seg_window_dispose (GObject *object)
{
  SegWindow *self = (SegWindow *)object;

  /* An import still running is cancelled; its callback holds a reference
   * and finds the window gone. */
  g_cancellable_cancel (self->import_cancellable);
  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);
  g_clear_object (&self->importer);
  g_clear_object (&self->import_cancellable);
  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_queue_clear_full (&self->preview_queue, g_free);
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->import_dialog)));

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->table_model);
  g_clear_object (&self->project);
  g_clear_pointer (&self->selected_table, g_free);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_WINDOW);

  G_OBJECT_CLASS (seg_window_parent_class)->dispose (object);
}

static void
seg_window_class_init (SegWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_window_dispose;
  widget_class->unrealize = seg_window_unrealize;

  g_type_ensure (SEG_TYPE_SEGMENTS_PAGE);
  g_type_ensure (SEG_TYPE_RUNS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SegWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, projects_list);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, projects_heading);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, tables_list);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, table_stack);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, table_title);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, segments_page);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, runs_page);
  gtk_widget_class_bind_template_callback (widget_class, on_project_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_table_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", "s", open_project_action);
  gtk_widget_class_install_action (widget_class, "win.close-project", NULL, close_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-copy", "s", open_copy_action);
  gtk_widget_class_install_action (widget_class, "win.choose-copy", NULL, choose_copy_action);
  gtk_widget_class_install_action (widget_class, "win.export-project", NULL, export_project_action);
  gtk_widget_class_install_action (widget_class, "win.delete-project", "s", delete_project_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.sample-shop", NULL, sample_shop_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-file", "s", import_file_action);
  gtk_widget_class_install_action (widget_class, "win.preview-file", "s", preview_file_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.export-table", NULL, export_table_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-rejects", "s", show_rejects_action);
  gtk_widget_class_install_action (widget_class, "win.show-table-rejects", NULL, show_selected_rejects_action);
  gtk_widget_class_install_action (widget_class, "win.rename-table", NULL, rename_table_action);
  gtk_widget_class_install_action (widget_class, "win.delete-table", "b", delete_table_action);
}

static void
seg_window_init (SegWindow *self)
{
  GSettingsSchemaSource *source;
  GSettingsSchema *schema;
  GtkDropTarget *target;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->segments_page, "tables-changed", G_CALLBACK (on_segment_tables_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_page, "show-run", G_CALLBACK (on_show_run), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_page, "run-again", G_CALLBACK (on_run_again), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_page, "delete-run", G_CALLBACK (on_delete_run), self, G_CONNECT_SWAPPED);
  g_queue_init (&self->import_queue);
  g_queue_init (&self->preview_queue);
  self->order_column = -1;

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed), self, 0);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  /* The size and the last project are remembered where the schema is
   * installed; a build run from its folder simply forgets them. */
  source = g_settings_schema_source_get_default ();
  schema = source != NULL ? g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new (SETTINGS_SCHEMA);
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_schema_unref (schema);
    }

  set_project (self, NULL);
}

/**
 * seg_window_reopen_last_project:
 * @self: a #SegWindow
 *
 * Opens the project that was open when the app last closed, if it is
 * still there.
 */
void
seg_window_reopen_last_project (SegWindow *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SEG_IS_WINDOW (self));

  if (self->settings == NULL || self->project != NULL)
    return;

  path = g_settings_get_string (self->settings, "last-project");
  if (path[0] != '\0' && g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      !seg_window_open_project (self, path, &error))
    show_error (self, _("Could Not Open the Project"), error);
}

SegWindow *
seg_window_new (SegApplication *application)
{
  return g_object_new (SEG_TYPE_WINDOW, "application", application, NULL);
}

SegProject *
seg_window_get_project (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), NULL);
  return self->project;
}

/* Whether a sort or search is still running. */
gboolean
seg_window_get_querying (SegWindow *self)
{
  return self->query_cancellable != NULL;
}

gboolean
seg_window_get_busy (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), FALSE);
  return self->importer != NULL;
}

/**
 * seg_window_get_table_model:
 * @self: a #SegWindow
 *
 * Returns: (transfer none) (nullable): the rows of the table shown
 */
GListModel *
seg_window_get_table_model (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), NULL);
  return self->table_model != NULL ? G_LIST_MODEL (self->table_model) : NULL;
}

const char *
seg_window_get_selected_table (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), NULL);
  return self->selected_table;
}

GtkColumnView *
seg_window_get_column_view (SegWindow *self)
{
  return self->column_view;
}

GtkListBox *
seg_window_get_tables_list (SegWindow *self)
{
  return self->tables_list;
}

/* The import dialog on show, if any. */
SegImportDialog *
seg_window_get_import_dialog (SegWindow *self)
{
  return self->import_dialog;
}

GtkEditable *
seg_window_get_search_entry (SegWindow *self)
{
  return GTK_EDITABLE (self->search_entry);
}

/* "start" or "project". */
const char *
seg_window_get_page (SegWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* The page of an open project in view: "data" or "segments". */
void
seg_window_set_view (SegWindow  *self,
                     const char *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

SegSegmentsPage *
seg_window_get_segments_page (SegWindow *self)
{
  return self->segments_page;
}

SegRunsPage *
seg_window_get_runs_page (SegWindow *self)
{
  return self->runs_page;
}

const char *
seg_window_get_view (SegWindow *self)
{
  return adw_view_stack_get_visible_child_name (self->view_stack);
}
