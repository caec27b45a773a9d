/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "seg-view-helpers.h"

/* Saving, errors and messages for the views a page embeds: they do not
 * know the page, so they find the window and its toast overlay from where
 * they sit. */

static GtkWindow *
parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/**
 * seg_view_show_error:
 * @heading: what could not be done
 *
 * Tells about @error in a dialog over the window.
 */
void
seg_view_show_error (GtkWidget    *widget,
                     const char   *heading,
                     const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (widget), heading,
                                              error != NULL ? error->message : NULL);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * seg_view_show_toast:
 *
 * Shows @title in the nearest toast overlay around @widget, if any.
 */
void
seg_view_show_toast (GtkWidget  *widget,
                     const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         data)
{
  g_autoptr(GtkWidget) widget = data;
  SegViewSaveFunc save = g_object_get_data (G_OBJECT (chooser), "save");
  g_autofree char *heading = g_strdup (g_object_get_data (G_OBJECT (chooser), "heading"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  g_object_unref (chooser);
  if (path == NULL)
    return;

  message = save (widget, path, &error);
  if (message == NULL)
    seg_view_show_error (widget, heading, error);
  else
    seg_view_show_toast (widget, message);
}

/**
 * seg_view_choose_and_save:
 * @name: the file name offered
 * @filter: (nullable): the kinds of file offered
 * @heading: titles a failure
 *
 * Asks where to save, then calls @save with the path chosen.
 */
void
seg_view_choose_and_save (GtkWidget       *widget,
                          const char      *title,
                          const char      *name,
                          GtkFileFilter   *filter,
                          SegViewSaveFunc  save,
                          const char      *heading)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, parent_window (widget), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "save", save);
  g_object_set_data_full (G_OBJECT (chooser), "heading", g_strdup (heading), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * seg_view_export_target_list:
 * @name: the file name offered
 * @save: writes the list to the path chosen
 *
 * Asks where to save a target list, as a CSV file.
 */
void
seg_view_export_target_list (GtkWidget       *widget,
                             const char      *name,
                             SegViewSaveFunc  save)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  seg_view_choose_and_save (widget, _("Export Target List"), name, filter, save,
                            _("Could Not Export the Target List"));
}

/**
 * seg_view_describe_target_list:
 * @n: the customers written
 * @path: where
 *
 * Returns: (transfer full): the toast that says a target list was saved
 */
char *
seg_view_describe_target_list (guint       n,
                               const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %'u customer as %s", "Saved %'u customers as %s", n),
                          n, base);
}

/**
 * seg_view_chart_filter:
 *
 * Returns: (transfer full): the picture files a chart exports to
 */
GtkFileFilter *
seg_view_chart_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PNG, SVG or PDF"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_filter_add_suffix (filter, "pdf");

  return filter;
}

/**
 * seg_view_describe_saved:
 * @segment: a segment just saved
 *
 * Returns: (transfer full): the toast that says so, with its name and
 *   how many customers it has
 */
char *
seg_view_describe_saved (SegSegment *segment)
{
  gint64 size = seg_segment_get_size (segment);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved “%s”: %'" PRId64 " customer",
                                       "Saved “%s”: %'" PRId64 " customers", (gulong) MIN (size, G_MAXLONG)),
                          seg_segment_get_name (segment), size);
}

static void
setup_choice (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (data));
  gtk_list_item_set_child (item, label);
}

static void
bind_choice (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (string));
  gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (string));
}

/**
 * seg_view_set_choice_factories:
 * @closed_chars: how many characters of the choice the closed drop-down
 *   shows at most
 *
 * A drop-down of strings whose long choices are cut short when closed
 * (and in full, up to 60 characters, in its list), so that a long name
 * does not widen the page; each choice's tooltip holds it whole.
 */
void
seg_view_set_choice_factories (GtkDropDown *drop,
                               int          closed_chars)
{
  g_autoptr(GtkListItemFactory) closed = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) open = gtk_signal_list_item_factory_new ();

  g_signal_connect (closed, "setup", G_CALLBACK (setup_choice), GINT_TO_POINTER (closed_chars));
  g_signal_connect (closed, "bind", G_CALLBACK (bind_choice), NULL);
  g_signal_connect (open, "setup", G_CALLBACK (setup_choice), GINT_TO_POINTER (60));
  g_signal_connect (open, "bind", G_CALLBACK (bind_choice), NULL);
  gtk_drop_down_set_factory (drop, closed);
  gtk_drop_down_set_list_factory (drop, open);
}

/**
 * seg_view_selected_string:
 * @row: a combo row of #GtkStringObject
 *
 * Returns: (nullable): the text of the item selected, or %NULL
 */
const char *
seg_view_selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/**
 * seg_view_fill_table_row:
 * @row: the combo row that picks a table
 * @project: (nullable): the project whose tables it lists
 * @kept: (nullable): the table to keep selected, or %NULL to guess one
 * @guess: whether a table is the one to guess
 * @updating: set while the row changes, for its handlers to ignore
 *
 * Lists the project's own tables in @row, the tables analyses made left
 * out, and selects @kept, or else the first table @guess takes, or else
 * the first.
 *
 * Returns: whether the table selected was guessed rather than kept
 */
gboolean
seg_view_fill_table_row (AdwComboRow  *row,
                         SegProject   *project,
                         const char   *kept,
                         gboolean    (*guess) (SegTableInfo *info),
                         gboolean     *updating)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION, n = 0;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), FALSE);
  g_return_val_if_fail (guess != NULL && updating != NULL, FALSE);

  tables = project != NULL ? seg_project_list_tables (project, NULL) : NULL;
  for (guint i = 0; tables != NULL && i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);

      /* The tables analyses made are no order lines. */
      if (info->origin != NULL)
        continue;
      gtk_string_list_append (list, info->name);
      if (g_strcmp0 (info->name, kept) == 0 || (kept == NULL && selected == GTK_INVALID_LIST_POSITION && guess (info)))
        selected = n;
      n++;
    }
  *updating = TRUE;
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (row, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  *updating = FALSE;
  return kept == NULL || selected == GTK_INVALID_LIST_POSITION;
}
