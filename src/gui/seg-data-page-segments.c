/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-data-page-private.h"
#include "seg-error.h"
#include "seg-export.h"

/* The saved segments of the Data page's sidebar: showing one's rows, on
 * the map, renaming, exporting and deleting with Undo. The list itself
 * and the filter are in seg-data-page.c. */

static SegProject *
get_project (SegDataPage *self)
{
  return seg_page_get_project (SEG_PAGE (self));
}

static SegSegment *
find_segment (SegDataPage *self,
              gint64       id)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));

  return session != NULL ? seg_session_find_segment (session, id) : NULL;
}

/**
 * seg_data_page_show_segment:
 * @id: a saved segment
 *
 * Chooses the segment in the sidebar: the rows of its customers show in
 * the table they came from.
 */
void
seg_data_page_show_segment (SegDataPage *self,
                            gint64       id)
{
  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tables_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      SegSegment *segment = g_object_get_data (G_OBJECT (child), "segment");

      if (segment != NULL && seg_segment_get_id (segment) == id)
        {
          gtk_list_box_select_row (self->tables_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

/* The segment whose row is chosen in the sidebar, or 0. */
gint64
seg_data_page_get_selected_segment (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), 0);

  return self->selected_segment;
}

GtkDropDown *
seg_data_page_get_filter_drop (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);

  return self->filter_drop;
}

/* On the map ---------------------------------------------------------------- */

/**
 * seg_data_page_show_segment_on_map:
 * @id: a saved segment
 *
 * Shows the segment's customers selected on the map of the run they came
 * from, through the session.
 *
 * Returns: %FALSE with @error set when they could not be read
 */
gboolean
seg_data_page_show_segment_on_map (SegDataPage  *self,
                                   gint64        id,
                                   GError      **error)
{
  g_autoptr(SegSegment) segment = NULL;

  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), FALSE);

  segment = find_segment (self, id);
  if (segment == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT,
                   _("The project has no segment %" PRId64), id);
      return FALSE;
    }

  return seg_session_show_on_map (seg_page_get_session (SEG_PAGE (self)), segment, error);
}

static void
segment_on_map_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!seg_data_page_show_segment_on_map (SEG_DATA_PAGE (widget), g_variant_get_int64 (parameter), &error))
    seg_page_show_error (SEG_PAGE (widget), _("Could Not Show the Segment on the Map"), error);
}

/* Renaming ------------------------------------------------------------------ */

/* Says under the entry what is wrong with the name typed, and lets the
 * dialog rename only when nothing is. */
static void
check_new_name (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  SegDataPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  GtkLabel *problem_label = g_object_get_data (G_OBJECT (dialog), "problem");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  g_autofree char *problem = NULL;

  if (session != NULL)
    problem = seg_session_check_segment_name (session, id, gtk_editable_get_text (entry));
  gtk_label_set_label (problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (problem_label), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  adw_message_dialog_set_response_enabled (dialog, "rename", problem == NULL);
}

static void
on_rename_segment_response (AdwMessageDialog *dialog,
                            const char       *response,
                            SegDataPage      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));
  g_autoptr(GError) error = NULL;

  if (self->rename_segment_dialog == dialog)
    self->rename_segment_dialog = NULL;
  if (g_strcmp0 (response, "rename") != 0 || get_project (self) == NULL)
    return;

  if (!seg_project_rename_segment (get_project (self), id, gtk_editable_get_text (entry), &error))
    {
      seg_page_show_error (SEG_PAGE (self), _("Could Not Rename the Segment"), error);
      return;
    }
  /* Every page hears of the new name through the project's list. */
  seg_project_refresh (get_project (self));
}

/**
 * seg_data_page_rename_segment:
 * @id: a saved segment
 *
 * Asks for a new name for the segment, explaining under the entry a name
 * that cannot be used.
 *
 * Returns: (transfer none) (nullable): the dialog asking
 */
AdwMessageDialog *
seg_data_page_rename_segment (SegDataPage *self,
                              gint64       id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(SegSegment) segment = NULL;
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *problem;

  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);

  segment = find_segment (self, id);
  if (segment == NULL)
    return NULL;

  heading = g_strdup_printf (_("Rename “%s”"), seg_segment_get_name (segment));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, NULL));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), seg_segment_get_name (segment));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Segment name"), -1);
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0.0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_add_css_class (problem, "caption");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  g_object_set_data (G_OBJECT (dialog), "page", self);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (entry, "changed", G_CALLBACK (check_new_name), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_segment_response), self, 0);
  self->rename_segment_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
rename_segment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  seg_data_page_rename_segment (SEG_DATA_PAGE (widget), g_variant_get_int64 (parameter));
}

/* Exporting ----------------------------------------------------------------- */

/**
 * seg_data_page_export_segment:
 * @id: a saved segment
 * @file: where to write
 *
 * Writes the rows of the segment's customers, from the table they came
 * from, as CSV.
 *
 * Returns: whether the file was written
 */
gboolean
seg_data_page_export_segment (SegDataPage  *self,
                              gint64        id,
                              GFile        *file,
                              GError      **error)
{
  g_autoptr(SegSegment) segment = NULL;
  g_autofree char *table = NULL;
  g_autofree char *key = NULL;
  g_autofree guint8 *flags = NULL;
  gsize n_rows = 0;

  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  segment = find_segment (self, id);
  if (segment == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT,
                   _("The project has no segment %" PRId64), id);
      return FALSE;
    }
  if (!seg_project_locate_segment (get_project (self), segment, &table, &key, error))
    return FALSE;
  flags = seg_project_read_member_flags (get_project (self), table, key, id, &n_rows, error);
  if (flags == NULL)
    return FALSE;

  return seg_project_export_file (get_project (self), &(SegExportRows) { table, flags, n_rows, NULL, NULL }, file,
                                  SEG_EXPORT_BOM, NULL, error);
}

static void
on_export_segment_chosen (GtkNativeDialog *chooser,
                          int              response,
                          SegDataPage     *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "id"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (seg_data_page_export_segment (self, id, file, &error))
        seg_page_show_toast (SEG_PAGE (self), _("Segment exported"));
      else
        seg_page_show_error (SEG_PAGE (self), _("Could Not Export the Segment"), error);
    }

  g_object_unref (chooser);
}

static void
export_segment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SegDataPage *self = SEG_DATA_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(SegSegment) segment = find_segment (self, id);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (segment == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Segment"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.csv", seg_segment_get_name (segment));
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_segment_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Deleting with Undo -------------------------------------------------------- */

/**
 * seg_data_page_delete_segment_with_undo:
 * @id: a saved segment
 *
 * Hides the segment from every page and offers Undo in a toast; it is
 * deleted once the toast goes. Without a window to show the toast in, it
 * is deleted at once.
 *
 * Returns: whether the segment is gone from view
 */
gboolean
seg_data_page_delete_segment_with_undo (SegDataPage  *self,
                                        gint64        id,
                                        GError      **error)
{
  g_autoptr(SegSegment) segment = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), FALSE);

  segment = find_segment (self, id);
  if (segment == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT,
                   _("The project has no segment %" PRId64), id);
      return FALSE;
    }

  title = g_strdup_printf (_("“%s” deleted"), seg_segment_get_name (segment));
  if (!seg_page_delete_later (SEG_PAGE (self), SEG_DELETABLE_SEGMENT, id, title, _("Could Not Delete the Segment")))
    return seg_project_delete_segment (get_project (self), id, error);

  return TRUE;
}

static void
delete_segment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!seg_data_page_delete_segment_with_undo (SEG_DATA_PAGE (widget), g_variant_get_int64 (parameter), &error))
    seg_page_show_error (SEG_PAGE (widget), _("Could Not Delete the Segment"), error);
}

void
seg_data_page_install_segments (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "data.segment-on-map", "x", segment_on_map_action);
  gtk_widget_class_install_action (widget_class, "data.rename-segment", "x", rename_segment_action);
  gtk_widget_class_install_action (widget_class, "data.export-segment", "x", export_segment_action);
  gtk_widget_class_install_action (widget_class, "data.delete-segment", "x", delete_segment_action);
}
