/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-form.h"

#include <glib/gi18n.h>

/**
 * seg_form_setup:
 * @accept_label: the mnemonic label of the button that does the work
 * @accept_action: the action that button runs
 * @toasts: (out): where the form tells what is missing
 *
 * Makes @window a modal form: Cancel and the accept button in the header
 * bar, Escape to close, and a preferences page to fill with groups.
 *
 * Returns: (transfer none): the page
 */
AdwPreferencesPage *
seg_form_setup (AdwWindow         *window,
                const char        *title,
                int                width,
                int                height,
                const char        *accept_label,
                const char        *accept_action,
                AdwToastOverlay  **toasts)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *accept = gtk_button_new_with_mnemonic (accept_label);
  GtkWidget *page = adw_preferences_page_new ();

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (accept), accept_action);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), accept);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_vexpand (page, TRUE);
  *toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (*toasts, page);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*toasts));
  adw_window_set_content (window, box);

  return ADW_PREFERENCES_PAGE (page);
}

/**
 * seg_form_combo_row:
 * @subtitle: (nullable): help under the title
 * @model: (transfer none): the choices, usually a GtkStringList
 *
 * Returns: (transfer floating): a row to choose one of @model
 */
AdwComboRow *
seg_form_combo_row (const char *title,
                    const char *subtitle,
                    GListModel *model)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (row, model);
  return row;
}
