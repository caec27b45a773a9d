/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "seg-start-page.h"

/* The page shown with no project open: the projects in the app's folder,
 * newest changes named, each to open or delete (with Undo), and the way
 * to start a new one or try the sample shop. */

struct _SegStartPage
{
  AdwBin           parent_instance;

  GtkListBox      *projects_list;
  GtkWidget       *projects_heading;

  SegProjectStore *store;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegStartPage, seg_start_page, ADW_TYPE_BIN)

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

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SegProjectFile *file = item;
  const char *path = seg_project_file_get_path (file);
  GDateTime *modified = seg_project_file_get_modified (file);
  g_autoptr(GDateTime) local = modified != NULL ? g_date_time_to_local (modified) : NULL;
  g_autofree char *when = local != NULL ? format_relative_time (local) : g_strdup ("");
  gint64 n_tables = seg_project_peek_table_count (path);
  g_autofree char *tables = n_tables >= 0
                            ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d table", "%d tables", n_tables), (int)n_tables)
                            : g_strdup (_("cannot be read"));
  g_autofree char *subtitle = g_strdup_printf (_("%s · changed %s"), tables, when);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), seg_project_file_get_name (file));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (delete, _("Delete Project"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Delete Project"), -1);
  gtk_widget_add_css_class (delete, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "win.delete-project");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "s", path);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);

  return row;
}

static void
update_visibility (SegStartPage *self)
{
  gboolean any = self->store != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->projects_list), any);
  gtk_widget_set_visible (self->projects_heading, any);
}

static void
on_project_activated (GtkListBox    *list,
                      GtkListBoxRow *row,
                      SegStartPage  *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-project", "s", path);
}

/* The Undo went by: the files go for good. */
static void
on_delete_toast_dismissed (AdwToast     *toast,
                           SegStartPage *self)
{
  const char *path = g_object_get_data (G_OBJECT (toast), "path");

  if (self->store != NULL)
    seg_project_store_purge (self->store, path);
}

/**
 * seg_start_page_delete_project:
 * @path: a project of the store, closed
 * @error: return location for an error
 *
 * Deletes a project, offering Undo in a toast for as long as it shows.
 *
 * Returns: whether the project was deleted
 */
gboolean
seg_start_page_delete_project (SegStartPage  *self,
                               const char    *path,
                               GError       **error)
{
  GtkWidget *overlay;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_val_if_fail (SEG_IS_START_PAGE (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (!seg_project_store_delete (self->store, path, error))
    return FALSE;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return TRUE;

  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".segmenta"))
    base[strlen (base) - strlen (".segmenta")] = '\0';
  title = g_strdup_printf (_("“%s” deleted"), base);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (path));
  g_object_set_data_full (G_OBJECT (toast), "path", g_strdup (path), g_free);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}

/* Brings back a project deleted a moment ago. */
gboolean
seg_start_page_undo_delete (SegStartPage  *self,
                            const char    *path,
                            GError       **error)
{
  g_return_val_if_fail (SEG_IS_START_PAGE (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  return seg_project_store_restore (self->store, path, error);
}

/**
 * seg_start_page_get_store:
 *
 * Returns: (transfer none) (nullable): the projects listed
 */
SegProjectStore *
seg_start_page_get_store (SegStartPage *self)
{
  g_return_val_if_fail (SEG_IS_START_PAGE (self), NULL);

  return self->store;
}

void
seg_start_page_set_store (SegStartPage    *self,
                          SegProjectStore *store)
{
  g_return_if_fail (SEG_IS_START_PAGE (self));
  g_return_if_fail (store == NULL || SEG_IS_PROJECT_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;

  gtk_list_box_bind_model (self->projects_list, G_LIST_MODEL (store), create_row, NULL, NULL);
  if (store != NULL)
    g_signal_connect_object (store, "items-changed", G_CALLBACK (update_visibility), self, G_CONNECT_SWAPPED);
  update_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

GtkListBox *
seg_start_page_get_list (SegStartPage *self)
{
  g_return_val_if_fail (SEG_IS_START_PAGE (self), NULL);

  return self->projects_list;
}

static void
seg_start_page_dispose (GObject *object)
{
  SegStartPage *self = SEG_START_PAGE (object);

  if (self->projects_list != NULL)
    gtk_list_box_bind_model (self->projects_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_START_PAGE);

  G_OBJECT_CLASS (seg_start_page_parent_class)->dispose (object);
}

static void
seg_start_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, SEG_START_PAGE (object)->store); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_start_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE: seg_start_page_set_store (SEG_START_PAGE (object), g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_start_page_class_init (SegStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_start_page_dispose;
  object_class->get_property = seg_start_page_get_property;
  object_class->set_property = seg_start_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SEG_TYPE_PROJECT_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SegStartPage, projects_list);
  gtk_widget_class_bind_template_child (widget_class, SegStartPage, projects_heading);
  gtk_widget_class_bind_template_callback (widget_class, on_project_activated);
}

static void
seg_start_page_init (SegStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_visibility (self);
}
