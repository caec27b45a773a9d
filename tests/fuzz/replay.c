/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/*
 * Runs a libFuzzer harness over files without libFuzzer: every file in the
 * directories (and every file) named on the command line is passed to
 * LLVMFuzzerTestOneInput() once, in name order, and reported as TAP. A bug
 * the harness finds aborts the process, which fails the test.
 */

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Adds the regular files under @path, or @path itself if it is one.
 * Hidden files (.gitkeep and the like) are not inputs. */
static gboolean
collect (const char  *path,
         GPtrArray   *files,
         GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                       "%s: not a file or directory", path);
          return FALSE;
        }
      g_ptr_array_add (files, g_strdup (path));
      return TRUE;
    }

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] != '.')
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!collect (child, files, error))
            return FALSE;
        }
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_strdup (child));
    }

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  int status = EXIT_SUCCESS;

  if (argc < 2)
    {
      fprintf (stderr, "Usage: %s DIRECTORY-OR-FILE…\n", argv[0]);
      return EXIT_FAILURE;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!collect (argv[i], files, &error))
        {
          printf ("Bail out! %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  LLVMFuzzerInitialize (&argc, &argv);

  printf ("1..%u\n", files->len);
  fflush (stdout);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          printf ("not ok %u - %s # %s\n", i + 1, name, error->message);
          status = EXIT_FAILURE;
          continue;
        }

      /* If the harness aborts, the log says which input did it. */
      fprintf (stderr, "# running %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);

      printf ("ok %u - %s\n", i + 1, name);
      fflush (stdout);
    }

  return status;
}
