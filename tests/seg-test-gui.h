/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-model-dialog.h"
#include "seg-session.h"
#include "seg-window.h"

/* What the window tests share: waiting for the main loop, the text a
 * widget shows, screenshots for a person to look at, and a window
 * destroyed for good. */

static inline void
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            double     seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Lets the main loop run a little: layout, drawing. */
static inline void
settle (void)
{
  for (guint i = 0; i < 100; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Every label's text under @widget, one a line. */
static inline void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static inline char *
text_of (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

/* The first toplevel window of @type, or NULL. */
static inline gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

/* Saves @widget as drawn to SEGMENTA_SCREENSHOTS/@name, when set. */
static inline void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *folder = g_getenv ("SEGMENTA_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (folder == NULL)
    return;
  settle ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (folder, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Destroys a window the test holds a reference to, and waits until it
 * is finalized. */
static inline void
destroy_window (gpointer window)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  while (window != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Shows @view, a widget with "project", "session" and "run" properties,
 * alone in a window of @width × @height, on @run of @project with a
 * session of its own; returns the window (a reference the caller gives
 * to destroy_window ()) and the session in @session. */
static inline GtkWindow *
present_run_view (GtkWidget   *view,
                  SegProject  *project,
                  gint64       run,
                  int          width,
                  int          height,
                  SegSession **session)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());

  *session = seg_session_new ();
  seg_session_set_project (*session, project);
  g_object_ref_sink (window);
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  g_object_set (view, "project", project, "session", *session, "run", run, NULL);
  settle ();
  return window;
}

/* Gives the test a folder of its own, with the projects and settings
 * under it; returns its path, for remove_tree () once the tests ran.
 * @name_template ends in XXXXXX. */
static inline char *
make_test_home (const char *name_template)
{
  char *home = g_dir_make_tmp (name_template, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);

  g_assert_nonnull (home);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  return home;
}

/* Whether the window @data has the sample shop's customers and orders
 * in and is done reading. */
static inline gboolean
sample_shop_open (gpointer data)
{
  SegProject *project = seg_window_get_project (data);

  return !seg_window_get_busy (data) && project != NULL &&
         seg_project_has_table (project, "customers") && seg_project_has_table (project, "orders");
}

static inline gboolean
model_dialog_open (gpointer data)
{
  return find_toplevel (SEG_TYPE_MODEL_DIALOG) != NULL;
}

/* Takes a reference to @window (which the caller gives to
 * destroy_window ()), presents it at @width × @height and opens the
 * sample shop in it. */
static inline void
present_sample_shop (SegWindow *window,
                     int        width,
                     int        height)
{
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sample-shop", NULL));
  wait_until (sample_shop_open, window, 60);
}
