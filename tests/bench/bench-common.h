/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every benchmark needs: running a program and measuring it,
 * medians, the machine's load, and cleaning up after itself. */

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The exit status that meson (and automake) read as “skipped”. */
#define EXIT_SKIPPED 77

/* Removes a directory tree that this program made. */
static inline void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

typedef struct
{
  double seconds;
  double cpu_seconds;
  long   maxrss_kib;
} RunResult;

static inline void
child_fail (const char *message)
{
  /* Only async-signal-safe calls between fork and exec. */
  ssize_t ignored = write (STDERR_FILENO, message, strlen (message));

  (void)ignored;
  _exit (127);
}

/* Runs a program to completion with stdin and stdout on /dev/null and
 * stderr shared, so that errors show but nothing else costs time. The
 * clock spans fork to reaping, which is what a user waits for. */
static inline gboolean
run_timed (char *const  *argv,
           RunResult    *result,
           GError      **error)
{
  struct rusage usage;
  gint64 start;
  pid_t pid;
  int status;
  int null_fd;

  null_fd = open ("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot open /dev/null: %s", g_strerror (errno));
      return FALSE;
    }

  start = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    {
      int saved = errno;

      close (null_fd);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FORK, "fork: %s", g_strerror (saved));
      return FALSE;
    }

  if (pid == 0)
    {
      if (dup2 (null_fd, STDIN_FILENO) < 0 || dup2 (null_fd, STDOUT_FILENO) < 0)
        child_fail ("benchmark: dup2 failed\n");
      execv (argv[0], argv);
      child_fail ("benchmark: exec failed\n");
    }

  close (null_fd);
  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "wait4: %s", g_strerror (errno));
          return FALSE;
        }
    }

  result->seconds = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  result->cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                        usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  /* On Linux ru_maxrss is in KiB. */
  result->maxrss_kib = usage.ru_maxrss;

  if (WIFSIGNALED (status))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "%s was killed by signal %d (%s)", argv[0], WTERMSIG (status),
                   g_strsignal (WTERMSIG (status)));
      return FALSE;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "%s exited with status %d", argv[0], WEXITSTATUS (status));
      return FALSE;
    }

  return TRUE;
}

/* Runs a short command and returns what it printed; used for the checks
 * after each import, which are not timed. */
static inline char *
capture_output (char *const  *argv,
                GError      **error)
{
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &output, &errors, &status, error))
    return NULL;

  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", argv[0], errors != NULL ? g_strstrip (errors) : "");
      return NULL;
    }

  return g_steal_pointer (&output);
}

static inline int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The median resists one run disturbed by something else on the machine
 * better than the mean does. */
static inline double
median (const double *values,
        guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);

  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* The load average before the runs: other work on the machine shows up
 * as wall time well above CPU time, and this helps tell the two apart. */
static inline char *
load_average (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) parts = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return g_strdup ("unknown");

  parts = g_strsplit (g_strstrip (contents), " ", 4);
  if (g_strv_length (parts) < 3)
    return g_strdup ("unknown");

  return g_strdup_printf ("%s %s %s", parts[0], parts[1], parts[2]);
}
