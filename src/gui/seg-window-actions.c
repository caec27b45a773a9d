/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "seg-model-dialog.h"
#include "seg-rejects-dialog.h"
#include "seg-window-private.h"

/* The window's actions, and their sensitivity in one place. */

void
seg_window_update_actions (SegWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean busy = seg_window_get_busy (self);
  gboolean open = seg_window_get_project (self) != NULL;
  gboolean table = open && seg_window_get_selected_table (self) != NULL;
  gboolean importing = seg_data_page_get_importer (self->data_page) != NULL;

  gtk_widget_action_set_enabled (widget, "win.import", !busy);
  gtk_widget_action_set_enabled (widget, "win.import-file", !busy);
  gtk_widget_action_set_enabled (widget, "win.preview-file", TRUE);
  gtk_widget_action_set_enabled (widget, "win.cancel-import", importing);
  gtk_widget_action_set_enabled (widget, "win.cancel-task", self->task_cancellable != NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel-run",
                                 seg_run_manager_get_busy (seg_session_get_run_manager (self->session)));
  gtk_widget_action_set_enabled (widget, "win.new-analysis",
                                 open && !seg_run_manager_get_busy (seg_session_get_run_manager (self->session)));
  gtk_widget_action_set_enabled (widget, "win.close-project", open && !busy);
  gtk_widget_action_set_enabled (widget, "win.export-project", open && !busy);
  gtk_widget_action_set_enabled (widget, "win.delete-project", !busy);
  gtk_widget_action_set_enabled (widget, "win.new-project", !busy);
  gtk_widget_action_set_enabled (widget, "win.sample-shop", !busy);
  gtk_widget_action_set_enabled (widget, "win.reset-sample-shop", !busy);
  gtk_widget_action_set_enabled (widget, "win.open-project", !busy);
  gtk_widget_action_set_enabled (widget, "win.open-copy", !busy);
  gtk_widget_action_set_enabled (widget, "win.choose-copy", !busy);
  gtk_widget_action_set_enabled (widget, "win.export-table", table);
  gtk_widget_action_set_enabled (widget, "win.search", table);
  gtk_widget_action_set_enabled (widget, "win.rename-table", table && !busy);
  gtk_widget_action_set_enabled (widget, "win.delete-table", table && !busy);
  /* A table whose import kept every row has no rejects to show. */
  gtk_widget_action_set_enabled (widget, "win.show-table-rejects",
                                 table && seg_data_page_get_selected_rejected (self->data_page) > 0);
}

/* Projects ------------------------------------------------------------------- */

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GError) error = NULL;

  /* A new file has nothing to check: it opens at once. */
  project = seg_project_store_create (self->store, _("New Project"), &error);
  if (project == NULL)
    seg_window_show_error (self, _("Could Not Create the Project"), error);
  else
    seg_window_set_project (self, project);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  seg_window_open_project_async (SEG_WINDOW (widget), g_variant_get_string (parameter, NULL), TRUE, FALSE);
}

static void
close_project_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  seg_window_set_project (SEG_WINDOW (widget), NULL);
}

/* Projects live in the app's own folder: SQLite must not work on a file
 * behind the document portal, so a project from elsewhere is copied in. */
static void
open_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  seg_window_open_copy_async (SEG_WINDOW (widget), g_variant_get_string (parameter, NULL));
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
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_open_copy_chosen), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_project_exported (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(SegWindow) self = data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  gboolean ok = seg_project_export_copy_finish (SEG_PROJECT (source), result, &error);

  if (!seg_window_end_task (self, cancellable) || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;

  if (ok)
    seg_window_show_toast (self, _("Project exported"));
  else
    seg_window_show_error (self, _("Could Not Export the Project"), error);
}

static void
on_export_project_chosen (GtkNativeDialog *dialog,
                          int              response,
                          SegWindow       *self)
{
  SegProject *project = seg_window_get_project (self);

  if (response == GTK_RESPONSE_ACCEPT && project != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *base = NULL;
      g_autofree char *text = NULL;

      if (path == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                         _("Choose a local folder."));

          seg_window_show_error (self, _("Could Not Export the Project"), error);
        }
      else
        {
          GCancellable *cancellable;

          base = g_path_get_basename (path);
          text = g_strdup_printf (_("Exporting the project as “%s”…"), base);
          /* SQLite writes the copy in one step: there is nothing to
           * cancel half-way. */
          cancellable = seg_window_begin_task (self, text, FALSE);
          seg_project_export_copy_async (project, path, cancellable, on_project_exported, g_object_ref (self));
        }
    }

  g_object_unref (dialog);
}

static void
export_project_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  SegProject *project = seg_window_get_project (self);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (project == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_path_get_basename (seg_project_get_path (project));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_project_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
delete_project_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  SegProject *project = seg_window_get_project (self);
  g_autoptr(GError) error = NULL;

  if (project != NULL && g_strcmp0 (seg_project_get_path (project), path) == 0)
    seg_window_set_project (self, NULL);

  if (!seg_start_page_delete_project (self->start_page, path, &error))
    seg_window_show_error (self, _("Could Not Delete the Project"), error);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!seg_start_page_undo_delete (self->start_page, g_variant_get_string (parameter, NULL), &error))
    seg_window_show_error (self, _("Could Not Restore the Project"), error);
}

/* One sample project whatever the language: the file name is fixed. */
static char *
sample_shop_path (SegWindow *self)
{
  return g_build_filename (seg_project_store_get_dir (self->store), "Sample Shop.segmenta", NULL);
}

static void
sample_shop_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  g_autofree char *samples = seg_application_find_samples_dir ();
  g_autofree char *path = NULL;

  if (samples == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     _("The sample shop is not installed."));

      seg_window_show_error (self, _("Could Not Open the Sample Shop"), error);
      return;
    }

  path = sample_shop_path (self);
  seg_window_open_project_async (self, path, TRUE, TRUE);
}

static void
on_sample_shop_reset (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(SegWindow) self = data;
  SegProject *project = SEG_PROJECT (source);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *shown = NULL;
  gboolean ok = seg_project_reset_finish (project, result, &error);

  if (!seg_window_end_task (self, cancellable) || gtk_widget_get_root (GTK_WIDGET (self)) == NULL ||
      seg_window_get_project (self) != project)
    return;

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        seg_window_show_toast (self, _("Reset cancelled; the sample shop is as it was"));
      else
        seg_window_show_error (self, _("Could Not Reset the Sample Shop"), error);
      return;
    }

  /* The pages follow the project's lists; the table in view is read
   * again, since one of the same name may now hold other rows. As after
   * the first import, the last sample table is shown. */
  files = seg_window_dup_sample_files ();
  if (files != NULL && files[0] != NULL)
    shown = seg_table_name_from_path (files[g_strv_length (files) - 1]);
  seg_data_page_reopen (self->data_page, shown);
  seg_window_show_toast (self, _("The sample shop is back as it was first made"));
}

/**
 * seg_window_reset_sample_shop:
 * @self: a #SegWindow
 *
 * Puts the sample shop back as it was first made: its tables, analyses,
 * saved segments and remembered choices are replaced by the sample data,
 * in one transaction, in the project as it stays open. A sample shop
 * not open yet is opened first.
 */
void
seg_window_reset_sample_shop (SegWindow *self)
{
  g_autofree char *path = sample_shop_path (self);
  g_auto(GStrv) files = seg_window_dup_sample_files ();
  SegProject *project = seg_window_get_project (self);
  GCancellable *cancellable;

  if (files == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     _("The sample shop is not installed."));

      seg_window_show_error (self, _("Could Not Reset the Sample Shop"), error);
      return;
    }

  if (project == NULL || g_strcmp0 (seg_project_get_path (project), path) != 0)
    {
      /* A sample shop never made is made as it was first made. */
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        seg_window_open_sample_shop_to_reset (self, path);
      else
        seg_window_open_project_async (self, path, TRUE, TRUE);
      return;
    }

  /* What was under way, selected or offered for Undo belongs to the
   * contents that go. */
  seg_session_forget (self->session);
  cancellable = seg_window_begin_task (self, _("Resetting the sample shop…"), TRUE);
  seg_project_reset_async (project, (const char *const *) files, cancellable, on_sample_shop_reset,
                           g_object_ref (self));
}

static void
on_reset_sample_shop_response (AdwMessageDialog *dialog,
                               const char       *response,
                               SegWindow        *self)
{
  if (g_strcmp0 (response, "reset") == 0)
    seg_window_reset_sample_shop (self);
}

static void
reset_sample_shop_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Reset the Sample Shop?"),
                                                       _("The sample shop’s tables, analyses and saved segments are replaced by the original sample data. Your own projects are not touched.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reset", _("_Reset"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reset", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_sample_shop_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_cancellable_cancel (SEG_WINDOW (widget)->task_cancellable);
}

/* Import --------------------------------------------------------------------- */

static void
preview_file_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);

  /* A project on its way: the file waits for it. */
  if (self->task_cancellable != NULL)
    {
      g_ptr_array_add (self->pending_previews, g_strdup (path));
      return;
    }
  if (seg_window_get_project (self) == NULL)
    gtk_widget_activate_action (widget, "win.new-project", NULL);
  if (seg_window_get_project (self) == NULL)
    return;

  seg_data_page_preview_file (self->data_page, path);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);

  if (seg_window_get_project (self) == NULL)
    gtk_widget_activate_action (widget, "win.new-project", NULL);
  if (seg_window_get_project (self) != NULL)
    seg_data_page_import_file (self->data_page, g_variant_get_string (parameter, NULL));
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
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) workbooks = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Files"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV, text and spreadsheet files"));
  gtk_file_filter_add_mime_type (csv, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_filter_add_mime_type (csv, "application/vnd.oasis.opendocument.spreadsheet");
  gtk_file_filter_add_suffix (csv, "xlsx");
  gtk_file_filter_add_suffix (csv, "ods");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (workbooks, _("Excel and OpenDocument spreadsheets"));
  gtk_file_filter_add_mime_type (workbooks, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_filter_add_mime_type (workbooks, "application/vnd.oasis.opendocument.spreadsheet");
  gtk_file_filter_add_suffix (workbooks, "xlsx");
  gtk_file_filter_add_suffix (workbooks, "ods");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), workbooks);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_import_chosen), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  seg_data_page_cancel_import (SEG_WINDOW (widget)->data_page);
}

/* Tables --------------------------------------------------------------------- */

static void
export_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  seg_data_page_choose_export (SEG_WINDOW (widget)->data_page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  seg_data_page_focus_search (SEG_WINDOW (widget)->data_page);
}

static void
show_rejects_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  SegProject *project = seg_window_get_project (self);
  g_autoptr(GError) error = NULL;
  SegRejectsDialog *dialog;

  if (project == NULL)
    return;

  dialog = seg_rejects_dialog_new (GTK_WINDOW (self), project, g_variant_get_string (parameter, NULL), &error);
  if (dialog == NULL)
    seg_window_show_error (self, _("Could Not Read the Rejected Rows"), error);
  else
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_selected_rejects_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  const char *table = seg_window_get_selected_table (SEG_WINDOW (widget));

  if (table != NULL)
    gtk_widget_activate_action (widget, "win.show-rejects", "s", table);
}

static void
rename_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  seg_data_page_rename_table (SEG_WINDOW (widget)->data_page);
}

static void
delete_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  /* The tests confirm without the dialog. */
  seg_data_page_delete_table (SEG_WINDOW (widget)->data_page,
                              parameter != NULL && g_variant_get_boolean (parameter));
}

/* Analyses ------------------------------------------------------------------- */

static void
cancel_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  seg_run_manager_cancel (seg_session_get_run_manager (SEG_WINDOW (widget)->session));
}

static void
on_run_requested (SegWindow *self,
                  SegRun    *run)
{
  g_autoptr(GError) error = NULL;

  if (!seg_run_manager_start (seg_session_get_run_manager (self->session), run, &error))
    seg_window_show_toast (self, error->message);
}

/* A new analysis of the kind named: its models' one dialog, and the run
 * in the window's run manager. A segmentation goes through its page,
 * which shows the map once the run is done. */
static void
new_analysis_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  SegProject *project = seg_window_get_project (self);
  SegModelDialog *dialog;
  int kind;

  if (project == NULL ||
      !seg_enum_from_nick (SEG_TYPE_MODEL_KIND, g_variant_get_string (parameter, NULL), &kind))
    return;
  if (kind == SEG_MODEL_KIND_SEGMENTATION)
    {
      seg_window_set_view (self, "segments");
      gtk_widget_activate_action (GTK_WIDGET (self->segments_page), "segments.new", NULL);
      return;
    }

  dialog = seg_model_dialog_new (GTK_WINDOW (self), project, kind);
  seg_model_dialog_set_session (dialog, self->session);
  g_signal_connect_object (dialog, "run-requested", G_CALLBACK (on_run_requested), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The Recommendations page, kept to the customers selected on the map. */
static void
recommend_selection_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);

  if (seg_window_get_project (self) == NULL)
    return;
  seg_window_set_view (self, "recommendations");
  seg_recommend_page_show_selection (self->recommend_page);
}

/* Alt+1 to 6 go to the Data, Segments, Recommendations, Predict, Baskets
 * and Runs pages; a page that
 * needs a project does nothing without one. */
static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);

  if (seg_window_get_project (self) == NULL)
    return;
  /* The page asked for, not a customer's page over it. */
  seg_window_hide_customer (self);
  seg_window_set_view (self, g_variant_get_string (parameter, NULL));
}

/* Customers --------------------------------------------------------------- */

/* A customer's page slides over the window's pages, with a way back; the
 * key is the one the order lines and the customers table hold. */
static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SegWindow *self = SEG_WINDOW (widget);
  SegProject *project = seg_window_get_project (self);
  const char *key = NULL;
  gint64 run = 0;

  if (project == NULL)
    return;
  /* win.show-customer-in-run also names the recommendation run whose
   * offers to show, as a page showing that run's offers wants. */
  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE ("(sx)")))
    g_variant_get (parameter, "(&sx)", &key, &run);
  else
    key = g_variant_get_string (parameter, NULL);
  seg_customer_view_show (self->customer_view, project, key, run);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->customer_view));
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_view));
}

/**
 * seg_window_hide_customer:
 *
 * Goes back from a customer's page to the page it was opened from, and
 * forgets the customer.
 */
void
seg_window_hide_customer (SegWindow *self)
{
  g_autoptr(GListModel) pages = G_LIST_MODEL (adw_leaflet_get_pages (self->leaflet));
  g_autoptr(AdwLeafletPage) first = g_list_model_get_item (pages, 0);

  adw_leaflet_set_visible_child (self->leaflet, adw_leaflet_page_get_child (first));
  seg_customer_view_clear (self->customer_view);
}

SegCustomerView *
seg_window_get_customer_view (SegWindow *self)
{
  return self->customer_view;
}

/* Whether a customer's page is what the window shows. */
gboolean
seg_window_get_customer_shown (SegWindow *self)
{
  return adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->customer_view);
}

void
seg_window_class_add_actions (SegWindowClass *klass)
{
  static const char *views[] = { "data", "segments", "recommendations", "predict", "baskets", "runs" };

  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", "s", open_project_action);
  gtk_widget_class_install_action (widget_class, "win.close-project", NULL, close_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-copy", "s", open_copy_action);
  gtk_widget_class_install_action (widget_class, "win.choose-copy", NULL, choose_copy_action);
  gtk_widget_class_install_action (widget_class, "win.export-project", NULL, export_project_action);
  gtk_widget_class_install_action (widget_class, "win.delete-project", "s", delete_project_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.sample-shop", NULL, sample_shop_action);
  gtk_widget_class_install_action (widget_class, "win.reset-sample-shop", NULL, reset_sample_shop_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action);
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
  gtk_widget_class_install_action (widget_class, "win.cancel-run", NULL, cancel_run_action);
  gtk_widget_class_install_action (widget_class, "win.new-analysis", "s", new_analysis_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-customer", "s", show_customer_action);
  gtk_widget_class_install_action (widget_class, "win.show-customer-in-run", "(sx)", show_customer_action);
  gtk_widget_class_install_action (widget_class, "win.recommend-selection", NULL, recommend_selection_action);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-view", "s", views[i]);
}
