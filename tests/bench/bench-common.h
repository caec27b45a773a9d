/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every benchmark needs: running a program and measuring it,
 * medians, the machine's load, and cleaning up after itself. */

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

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
  long   base_kib;     /* a reference's peak before its timed call */
} RunResult;

static inline double
now (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* Reaps a child with wait4, for its peak RSS (KiB on Linux). */
static inline gboolean
wait_child (pid_t           pid,
            int            *status,
            struct rusage  *usage,
            GError        **error)
{
  while (wait4 (pid, status, 0, usage) < 0)
    {
      if (errno != EINTR)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "wait4: %s", g_strerror (errno));
          return FALSE;
        }
    }

  return TRUE;
}

/* Whether Debian's Python has the modules a reference script imports. */
static inline gboolean
python_has (const char *imports)
{
  g_autofree char *code = g_strdup_printf ("import %s", imports);
  const char *argv[] = { "/usr/bin/python3", "-c", code, NULL };
  int status = 1;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* Runs a reference script that prints one line, “SECONDS BASE_KIB”: the
 * time of its timed call and its peak before that call. */
static inline gboolean
run_reference_script (const char *const  *argv,
                      const char          *name,
                      RunResult           *result,
                      GError             **error)
{
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *output = NULL;
  struct rusage usage;
  GPid pid;
  int out_fd;
  int status;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, error))
    return FALSE;

  /* Read to the end before reaping, so the child never blocks on a full
   * pipe. */
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_to_end (channel, &output, NULL, error) != G_IO_STATUS_NORMAL)
    {
      waitpid (pid, NULL, 0);
      return FALSE;
    }
  if (!wait_child (pid, &status, &usage, error) ||
      !g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s reference: ", name);
      return FALSE;
    }
  if (sscanf (output, "%lf %ld", &result->seconds, &result->base_kib) != 2)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s reference printed “%s”", name, output);
      return FALSE;
    }
  result->maxrss_kib = usage.ru_maxrss;

  return TRUE;
}

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
  if (!wait_child (pid, &status, &usage, error))
    return FALSE;

  result->seconds = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  result->cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                        usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  /* On Linux ru_maxrss is in KiB. */
  result->maxrss_kib = usage.ru_maxrss;
  result->base_kib = 0;

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

/* A kernel run in a child: it writes its answer into @shared and
 * returns 0 on success. */
typedef int (*ChildWork) (void *shared, void *data);

typedef struct
{
  double seconds;
  int    status;
  char   payload[] __attribute__ ((aligned (64)));
} ChildMemory;

/* Runs @work in a forked child on two threads, so that its peak RSS is
 * that of the kernel alone and the parent never starts OpenMP threads,
 * which would not survive a fork. The child sees @bytes of memory shared
 * with the parent; their address comes back, for child_memory_free(), or
 * NULL with @error set. result->seconds times @work alone. */
static inline void *
run_in_child (gsize        bytes,
              ChildWork    work,
              void        *data,
              const char  *name,
              RunResult   *result,
              GError     **error)
{
  ChildMemory *memory = mmap (NULL, sizeof (ChildMemory) + bytes, PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  struct rusage usage;
  pid_t pid;
  int status;

  if (memory == MAP_FAILED)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "mmap: %s", g_strerror (errno));
      return NULL;
    }

  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    {
      int saved = errno;

      munmap (memory, sizeof (ChildMemory) + bytes);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FORK, "fork: %s", g_strerror (saved));
      return NULL;
    }
  if (pid == 0)
    {
      double start;

#ifdef _OPENMP
      omp_set_num_threads (2);
#endif
      start = now ();
      memory->status = work (memory->payload, data);
      memory->seconds = now () - start;
      _exit (memory->status == 0 ? 0 : 1);
    }

  if (!wait_child (pid, &status, &usage, error) || !g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s (status %d): ", name, memory->status);
      munmap (memory, sizeof (ChildMemory) + bytes);
      return NULL;
    }
  result->seconds = memory->seconds;
  result->cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                        usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  result->maxrss_kib = usage.ru_maxrss;
  result->base_kib = 0;

  return memory->payload;
}

static inline void
child_memory_free (void  *shared,
                   gsize  bytes)
{
  munmap ((char *) shared - G_STRUCT_OFFSET (ChildMemory, payload), sizeof (ChildMemory) + bytes);
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
