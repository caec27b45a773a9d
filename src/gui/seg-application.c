/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "seg-application.h"
#include "seg-window.h"

struct _SegApplication
{
  AdwApplication  parent_instance;
  gboolean        sample_shop;
};

G_DEFINE_FINAL_TYPE (SegApplication, seg_application, ADW_TYPE_APPLICATION)

/**
 * seg_application_get_projects_dir:
 *
 * SQLite must not run on the document portal's file system, so live
 * projects stay in the application's own data folder.
 *
 * Returns: (transfer full): the folder, created if needed
 */
char *
seg_application_get_projects_dir (void)
{
  char *dir = g_build_filename (g_get_user_data_dir (), "segmenta", "projects", NULL);

  g_mkdir_with_parents (dir, 0700);
  return dir;
}

/**
 * seg_application_find_samples_dir:
 *
 * Returns: (transfer full) (nullable): the installed sample shop, or the
 *   one in the source tree when running from the build folder
 */
char *
seg_application_find_samples_dir (void)
{
  const char *env = g_getenv ("SEGMENTA_SAMPLES_DIR");
  g_autofree char *installed = g_build_filename (PACKAGE_DATADIR, "segmenta", "samples", NULL);

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  if (g_file_test (SOURCE_SAMPLES_DIR, G_FILE_TEST_IS_DIR))
    return g_strdup (SOURCE_SAMPLES_DIR);

  return NULL;
}

static SegWindow *
get_window (SegApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (seg_window_new (self));

  return SEG_WINDOW (window);
}

static void
seg_application_activate (GApplication *app)
{
  SegApplication *self = SEG_APPLICATION (app);
  SegWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->sample_shop)
    {
      self->sample_shop = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.sample-shop", NULL);
    }
  else
    seg_window_reopen_last_project (window);
}

/* Files given on the command line or from the file manager: spreadsheets
 * go to the import dialog, projects are opened as a copy. */
static void
seg_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  SegWindow *window = get_window (SEG_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        continue;
      if (g_str_has_suffix (path, ".segmenta"))
        gtk_widget_activate_action (GTK_WIDGET (window), "win.open-copy", "s", path);
      else
        gtk_widget_activate_action (GTK_WIDGET (window), "win.preview-file", "s", path);
    }
}

static int
seg_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  SegApplication *self = SEG_APPLICATION (app);

  if (g_variant_dict_contains (options, "sample-shop"))
    self->sample_shop = TRUE;

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Closing the windows lets each one ask before it stops its work. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  const char *developers[] = { _("The Segmenta developers"), NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Segmenta"),
                        "application-icon", "io.github.segmenta.Segmenta",
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Segmenta developers"),
                        "developers", developers,
                        "comments", _("Know your customers: segments, recommendations and campaigns from the spreadsheets you already have."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
seg_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *import_accels[] = { "<Control>i", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (seg_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-project", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import", import_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", shortcuts_accels);
}

static void
seg_application_class_init (SegApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = seg_application_activate;
  app_class->open = seg_application_open;
  app_class->startup = seg_application_startup;
  app_class->handle_local_options = seg_application_handle_local_options;
}

static void
seg_application_init (SegApplication *self)
{
  static const GOptionEntry entries[] = {
    { "sample-shop", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the bundled sample shop"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

SegApplication *
seg_application_new (void)
{
  return g_object_new (SEG_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/segmenta/Segmenta",
                       NULL);
}
