/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-data-page-private.h"
#include "seg-export.h"

/* What goes into the Data page and out of it: imports, one at a time,
 * with the files still to preview waiting their turn, and a table
 * written out as CSV in a worker. */

#define properties seg_data_page_properties

static void start_next_import (SegDataPage *self);
static void show_next_preview (SegDataPage *self);

static SegProject *
get_project (SegDataPage *self)
{
  return seg_page_get_project (SEG_PAGE (self));
}

/* Import ------------------------------------------------------------------ */

static void
finish_import (SegDataPage *self)
{
  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);
  g_clear_object (&self->importer);
  g_clear_object (&self->import_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[SEG_DATA_PAGE_PROP_IMPORTER]);
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SegDataPage) self = user_data;
  /* The window, held since the import started: see start_next_import(). */
  g_autoptr(GObject) window = g_object_steal_data (G_OBJECT (object), "seg-window");
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget *overlay;

  summary = seg_importer_run_finish (SEG_IMPORTER (object), result, &error);

  /* The window was closed meanwhile, or the project: nothing to show. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL || get_project (self) == NULL ||
      seg_importer_get_project (SEG_IMPORTER (object)) != get_project (self))
    {
      if (self->importer == SEG_IMPORTER (object))
        finish_import (self);
      return;
    }

  finish_import (self);

  if (summary == NULL)
    {
      g_queue_clear_full (&self->import_queue, g_object_unref);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        seg_page_show_toast (SEG_PAGE (self), _("Import cancelled; the project is unchanged"));
      else
        seg_page_show_error (SEG_PAGE (self), _("Could Not Import the File"), error);
      return;
    }

  seg_data_page_reload (self, summary->table);

  /* Files imported one after another speak once, at the end, unless one
   * of them has rows to look at. */
  if (!g_queue_is_empty (&self->import_queue) && summary->rejected == 0 && summary->emptied == 0)
    {
      start_next_import (self);
      return;
    }

  if (summary->appended && summary->emptied > 0 && summary->rejected == 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Added %'" PRId64 " rows to %s; %'" PRId64 " value did not fit and was left empty",
                                          "Added %'" PRId64 " rows to %s; %'" PRId64 " values did not fit and were left empty",
                                          summary->emptied),
                             summary->rows, summary->table, summary->emptied);
  else if (summary->appended && summary->rejected > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Added %'" PRId64 " rows to %s; %'" PRId64 " row rejected",
                                          "Added %'" PRId64 " rows to %s; %'" PRId64 " rows rejected",
                                          summary->rejected),
                             summary->rows, summary->table, summary->rejected);
  else if (summary->appended)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Added %'" PRId64 " row to %s",
                                          "Added %'" PRId64 " rows to %s",
                                          summary->rows),
                             summary->rows, summary->table);
  else if (summary->emptied > 0 && summary->rejected == 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Imported %'" PRId64 " rows into %s; %'" PRId64 " value did not fit and was left empty",
                                          "Imported %'" PRId64 " rows into %s; %'" PRId64 " values did not fit and were left empty",
                                          summary->emptied),
                             summary->rows, summary->table, summary->emptied);
  else if (summary->rejected > 0)
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

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (title);

      if (summary->rejected > 0 || summary->emptied > 0)
        {
          adw_toast_set_button_label (toast, _("_View"));
          adw_toast_set_action_name (toast, "win.show-rejects");
          adw_toast_set_action_target_value (toast, g_variant_new_string (summary->table));
          adw_toast_set_timeout (toast, 10);
        }
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }

  start_next_import (self);
}

static void
start_next_import (SegDataPage *self)
{
  /* One import at a time; the others wait in the queue. */
  if (get_project (self) == NULL || self->importer != NULL || g_queue_is_empty (&self->import_queue))
    return;

  self->importer = g_queue_pop_head (&self->import_queue);
  self->import_cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[SEG_DATA_PAGE_PROP_IMPORTER]);

  /* A window closed during an import goes only once the worker has
   * rolled back: whoever reopens the project then finds it as it was. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    g_object_set_data_full (G_OBJECT (self->importer), "seg-window",
                            g_object_ref (gtk_widget_get_root (GTK_WIDGET (self))), g_object_unref);
  seg_importer_run_async (self->importer, self->import_cancellable, on_import_done, g_object_ref (self));
}

static void
queue_importer (SegDataPage *self,
                SegImporter *importer)
{
  g_queue_push_tail (&self->import_queue, g_object_ref (importer));
  start_next_import (self);
}

/**
 * seg_data_page_import_file:
 * @path: a CSV or text file
 *
 * Imports @path with what detection finds, after the imports waiting.
 */
void
seg_data_page_import_file (SegDataPage *self,
                           const char  *path)
{
  g_autoptr(SegImporter) importer = NULL;

  g_return_if_fail (SEG_IS_DATA_PAGE (self));
  g_return_if_fail (get_project (self) != NULL);

  importer = seg_importer_new (get_project (self), path);
  /* A value that does not fit empties its cell, and the row is kept. */
  seg_importer_set_on_bad_cell (importer, SEG_BAD_CELL_EMPTY);
  queue_importer (self, importer);
}

static void
on_dialog_import (SegImportDialog *dialog,
                  SegImporter     *importer,
                  SegDataPage     *self)
{
  if (get_project (self) != NULL && seg_importer_get_project (importer) == get_project (self))
    queue_importer (self, importer);
}

static void
on_dialog_destroyed (SegImportDialog *dialog,
                     SegDataPage     *self)
{
  if (self->import_dialog == dialog)
    self->import_dialog = NULL;
  show_next_preview (self);
}

static void
show_next_preview (SegDataPage *self)
{
  g_autofree char *path = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->import_dialog != NULL || get_project (self) == NULL)
    return;

  path = g_queue_pop_head (&self->preview_queue);
  if (path == NULL)
    return;

  self->import_dialog = seg_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               get_project (self), path);
  g_signal_connect_object (self->import_dialog, "import", G_CALLBACK (on_dialog_import), self, 0);
  g_signal_connect_object (self->import_dialog, "destroy", G_CALLBACK (on_dialog_destroyed), self, 0);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

/**
 * seg_data_page_preview_file:
 * @path: a CSV or text file
 *
 * Shows @path in the import dialog, once the dialogs before it are done.
 */
void
seg_data_page_preview_file (SegDataPage *self,
                            const char  *path)
{
  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  g_queue_push_tail (&self->preview_queue, g_strdup (path));
  show_next_preview (self);
}

/* Stops the import under way and drops those waiting. */
void
seg_data_page_cancel_import (SegDataPage *self)
{
  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_cancellable_cancel (self->import_cancellable);
}

/* Export ------------------------------------------------------------------ */

static void
set_exporting (SegDataPage *self,
               GCancellable *cancellable)
{
  g_set_object (&self->export_cancellable, cancellable);
  gtk_revealer_set_reveal_child (self->export_revealer, cancellable != NULL);
  gtk_spinner_set_spinning (self->export_spinner, cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.cancel-export", cancellable != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[SEG_DATA_PAGE_PROP_EXPORTING]);
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SegDataPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = seg_project_export_csv_file_finish (SEG_PROJECT (object), result, &error);

  if (g_task_get_cancellable (G_TASK (result)) == self->export_cancellable)
    set_exporting (self, NULL);

  if (ok)
    seg_page_show_toast (SEG_PAGE (self), _("Table exported"));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    seg_page_show_toast (SEG_PAGE (self), _("Export cancelled"));
  else
    seg_page_show_error (SEG_PAGE (self), _("Could Not Export the Table"), error);
}

/**
 * seg_data_page_export_table:
 * @file: where to write the table shown: as an Excel workbook when it is
 *   named .xlsx, as CSV otherwise
 *
 * Writes the whole table in a worker; the page shows that it is busy and
 * offers to cancel.
 */
void
seg_data_page_export_table (SegDataPage *self,
                            GFile       *file)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (SEG_IS_DATA_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (get_project (self) == NULL || self->selected_table == NULL || self->export_cancellable != NULL)
    return;

  cancellable = g_cancellable_new ();
  set_exporting (self, cancellable);
  text = g_strdup_printf (_("Exporting “%s”…"), self->selected_table);
  gtk_label_set_label (self->export_label, text);
  seg_project_export_csv_file_async (get_project (self), self->selected_table, file, SEG_EXPORT_BOM,
                                     cancellable, on_exported, g_object_ref (self));
}

gboolean
seg_data_page_get_exporting (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), FALSE);

  return self->export_cancellable != NULL;
}

static void
on_export_chosen (GtkNativeDialog *dialog,
                  int              response,
                  SegDataPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      seg_data_page_export_table (self, file);
    }

  g_object_unref (dialog);
}

/* Asks where to write the table shown, then writes it. */
void
seg_data_page_choose_export (SegDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  if (self->selected_table == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Table"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.csv", self->selected_table);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  /* The file's extension chooses the format: .xlsx for an Excel
   * workbook, anything else CSV. */
  {
    g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
    g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();

    gtk_file_filter_set_name (csv, _("CSV (.csv)"));
    gtk_file_filter_add_suffix (csv, "csv");
    gtk_file_filter_set_name (xlsx, _("Excel workbook (.xlsx)"));
    gtk_file_filter_add_suffix (xlsx, "xlsx");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xlsx);
  }
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_cancellable_cancel (SEG_DATA_PAGE (widget)->export_cancellable);
}

void
seg_data_page_install_io (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "data.cancel-export", NULL, cancel_export_action);
}
