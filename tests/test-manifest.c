/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* The Flatpak manifest cannot be built without the network; these checks
 * keep what it promises: the app, libcsv as a module pinned to a commit,
 * and a sandbox with no network and no file system. */

static JsonObject *
load_manifest (JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "flatpak",
                                                 "io.github.segmenta.Segmenta.json", NULL);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_sandbox (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *args = json_object_get_array_member (manifest, "finish-args");
  static const char *allowed[] = { "--socket=wayland", "--socket=fallback-x11", "--share=ipc", "--device=dri" };

  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, "io.github.segmenta.Segmenta");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "segmenta");
  g_assert_cmpuint (json_array_get_length (args), ==, G_N_ELEMENTS (allowed));
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    g_assert_cmpstr (json_array_get_string_element (args, i), ==, allowed[i]);
}

static void
test_modules (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *manifest = load_manifest (parser);
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  JsonObject *libcsv = json_array_get_object_element (modules, 0);
  JsonObject *app = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  JsonObject *source = json_array_get_object_element (json_object_get_array_member (libcsv, "sources"), 0);

  g_assert_cmpstr (json_object_get_string_member (libcsv, "name"), ==, "libcsv");
  g_assert_cmpuint (strlen (json_object_get_string_member (source, "commit")), ==, 40);
  g_assert_cmpstr (json_object_get_string_member (app, "name"), ==, "segmenta");
  g_assert_cmpstr (json_object_get_string_member (app, "buildsystem"), ==, "meson");

  /* GSL, which the GNOME runtime lacks, from a release checked by hash. */
  {
    JsonObject *gsl = NULL;

    for (guint i = 0; i < json_array_get_length (modules); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (modules, i), "name"), "gsl"))
        gsl = json_array_get_object_element (modules, i);
    g_assert_nonnull (gsl);
    source = json_array_get_object_element (json_object_get_array_member (gsl, "sources"), 0);
    g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "archive");
    g_assert_cmpuint (strlen (json_object_get_string_member (source, "sha256")), ==, 64);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/manifest/sandbox", test_sandbox);
  g_test_add_func ("/manifest/modules", test_modules);

  return g_test_run ();
}
