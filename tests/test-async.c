/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "seg-cancel.h"
#include "seg-error.h"
#include "seg-explore.h"
#include "seg-profile.h"
#include "seg-run.h"
#include "seg-run-points.h"
#include "seg-test-utils.h"

/* The bridge --------------------------------------------------------------- */

static gpointer
cancel_in_thread (gpointer data)
{
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel_flag (void)
{
  g_autoptr(GError) error = NULL;

  /* No cancellable: never set. */
  {
    g_auto(SegCancelFlag) flag = { 0 };

    seg_cancel_flag_init (&flag, NULL);
    g_assert_false (seg_cancel_flag_is_set (&flag));
    g_assert_true (seg_cancel_flag_get (&flag) == &flag.flag);
  }

  /* Cancelled before connecting: set at once. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_auto(SegCancelFlag) flag = { 0 };

    g_cancellable_cancel (cancellable);
    seg_cancel_flag_init (&flag, cancellable);
    g_assert_true (seg_cancel_flag_is_set (&flag));
    g_assert_cmpint (*seg_cancel_flag_get (&flag), !=, 0);
  }

  /* Cancelled after connecting, here or from another thread. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GCancellable) elsewhere = g_cancellable_new ();
    SegCancelFlag flag, other;

    seg_cancel_flag_init (&flag, cancellable);
    seg_cancel_flag_init (&other, elsewhere);
    g_assert_false (seg_cancel_flag_is_set (&flag));
    g_cancellable_cancel (cancellable);
    g_assert_true (seg_cancel_flag_is_set (&flag));

    g_assert_false (seg_cancel_flag_is_set (&other));
    g_thread_join (g_thread_new ("cancel", cancel_in_thread, elsewhere));
    g_assert_true (seg_cancel_flag_is_set (&other));

    seg_cancel_flag_clear (&flag);
    seg_cancel_flag_clear (&other);
    /* Clearing keeps the value and may be repeated. */
    g_assert_true (seg_cancel_flag_is_set (&flag));
    seg_cancel_flag_clear (&flag);
  }

  /* Cleared, the flag is no longer the cancellable's to touch. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    SegCancelFlag flag;

    seg_cancel_flag_init (&flag, cancellable);
    seg_cancel_flag_clear (&flag);
    g_cancellable_cancel (cancellable);
    g_assert_false (seg_cancel_flag_is_set (&flag));
  }

  /* A set flag makes whatever error came of it a cancel. */
  {
    volatile int off = 0, on = 1;

    g_assert_false (seg_cancel_take_error (NULL, &error));
    g_assert_false (seg_cancel_take_error (&off, &error));
    g_assert_no_error (error);
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "interrupted");
    g_assert_false (seg_cancel_take_error (&off, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_assert_true (seg_cancel_take_error (&on, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_true (seg_cancel_take_error (&on, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_true (seg_cancel_take_error (&on, NULL));
  }
}

/* Helpers ------------------------------------------------------------------ */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* A worker lets go of its task, and the task of the project, a moment
 * after the callback ran: the fixture checks that the project goes. */
static void
wait_for_workers (ProjectFixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (fixture->project)->ref_count) > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The project file's bytes, and its write-ahead log's, as a checksum:
 * work that only reads must not change a byte of either. */
static char *
file_state (ProjectFixture *fixture)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL))
        g_checksum_update (checksum, (const guchar *) contents, length);
      g_checksum_update (checksum, (const guchar *) "|", 1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static char *
full_state (ProjectFixture *fixture)
{
  g_autofree char *files = file_state (fixture);
  g_autofree char *catalog = project_state (fixture->project);
  gint64 runs = query_int (fixture->project, "SELECT count (*) FROM seg_runs");

  return g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT, files, catalog, runs);
}

/* Groups of customers with a spend and a visit count, seeded. */
static void
import_customers (ProjectFixture *fixture,
                  guint           rows)
{
  g_autoptr(GString) csv = g_string_new ("customer,spend,visits\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  static const double centres[][2] = { { 100, 2 }, { 1000, 20 }, { 5000, 5 } };

  for (guint i = 0; i < rows; i++)
    {
      const double *centre = centres[i % G_N_ELEMENTS (centres)];

      g_string_append_printf (csv, "C%06u,%.2f,%.2f\n", i,
                              centre[0] * (1 + g_rand_double_range (rand, -0.2, 0.2)),
                              centre[1] + g_rand_double_range (rand, -2, 2));
    }
  summary = import_text (fixture, "customers", csv->str, -1, &error);
  g_assert_no_error (error);
}

static gint64
run_kmeans (ProjectFixture *fixture)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = seg_run_new (fixture->project, model, "customers", columns);
  g_autoptr(GError) error = NULL;

  /* A small silhouette sample keeps a large run quick. */
  g_object_set (model, "k", 3, "seed", (guint64) 3, NULL);
  g_object_set (model, "silhouette-sample", 1000, NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return seg_run_get_record (run)->id;
}

/* Each async call, started the same way for the tests below. */
typedef enum
{
  CALL_POINTS,
  CALL_VIEW,
  CALL_PROFILE,
  CALL_SUGGEST_K,
  CALL_K_DISTANCE,
  N_CALLS
} Call;

static const char *const call_names[] = { "points", "view", "profile", "suggest-k", "k-distance" };

/* @table: what the k-distance reads */
static void
start_call (ProjectFixture *fixture,
            Call            call,
            gint64          run,
            const char     *table,
            GCancellable   *cancellable,
            GAsyncResult  **result)
{
  const char *columns[] = { "spend", "visits", NULL };
  SegPrepOptions prep = { SEG_SCALE_STANDARD, NULL, SEG_IMPUTE_MEDIAN };

  switch (call)
    {
    case CALL_POINTS:
      seg_project_load_run_points_async (fixture->project, run, cancellable, on_done, result);
      break;
    case CALL_VIEW:
      seg_project_load_run_view_async (fixture->project, run, cancellable, on_done, result);
      break;
    case CALL_PROFILE:
      seg_project_profile_async (fixture->project, run, NULL, cancellable, on_done, result);
      break;
    case CALL_SUGGEST_K:
      seg_project_suggest_k_for_run_async (fixture->project, run, 2, 10, cancellable, on_done, result);
      break;
    case CALL_K_DISTANCE:
      seg_project_k_distance_async (fixture->project, table, columns, &prep, 5, cancellable, on_done, result);
      break;
    case N_CALLS:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
finish_call (ProjectFixture *fixture,
             Call            call,
             GAsyncResult   *result,
             GError        **error)
{
  switch (call)
    {
    case CALL_POINTS: return seg_project_load_run_points_finish (fixture->project, result, error);
    case CALL_VIEW: return seg_project_load_run_view_finish (fixture->project, result, error);
    case CALL_PROFILE: return seg_project_profile_finish (fixture->project, result, error);
    case CALL_SUGGEST_K: return seg_project_suggest_k_for_run_finish (fixture->project, result, error);
    case CALL_K_DISTANCE: return seg_project_k_distance_finish (fixture->project, result, error);
    case N_CALLS:
    default: g_assert_not_reached ();
    }
}

static GDestroyNotify
value_free_func (Call call)
{
  static const GDestroyNotify funcs[] = {
    (GDestroyNotify) seg_run_points_free,
    (GDestroyNotify) seg_run_view_free,
    (GDestroyNotify) seg_profile_free,
    (GDestroyNotify) seg_k_suggestion_free,
    (GDestroyNotify) seg_k_distance_free,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (funcs) == N_CALLS);
  return funcs[call];
}

/* Finishes a call that must fail; returns whether it was cancelled. */
static gboolean
finish_failed_call (ProjectFixture *fixture,
                    Call            call,
                    GAsyncResult   *result,
                    GError        **error)
{
  g_assert_null (finish_call (fixture, call, result, error));
  return g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The same results as the synchronous calls ------------------------------- */

static void
assert_same_points (const SegRunPoints *a,
                    const SegRunPoints *b)
{
  g_assert_cmpint (a->run, ==, b->run);
  g_assert_cmpstr (a->table, ==, b->table);
  g_assert_cmpuint (a->n, ==, b->n);
  g_assert_cmpuint (a->n_clusters, ==, b->n_clusters);
  for (size_t i = 0; i < a->n; i++)
    {
      g_assert_cmpstr (a->keys[i], ==, b->keys[i]);
      g_assert_cmpfloat (a->x[i], ==, b->x[i]);
      g_assert_cmpfloat (a->y[i], ==, b->y[i]);
      g_assert_cmpint (a->labels[i], ==, b->labels[i]);
    }
  for (guint c = 0; c < a->n_clusters; c++)
    g_assert_cmpint (a->sizes[c], ==, b->sizes[c]);
}

static void
assert_same_profile (const SegProfile *a,
                     const SegProfile *b)
{
  g_assert_cmpint (a->run, ==, b->run);
  g_assert_true (g_strv_equal ((const char *const *) a->features, (const char *const *) b->features));
  g_assert_cmpuint (a->clusters->len, ==, b->clusters->len);
  for (guint c = 0; c < a->clusters->len; c++)
    {
      SegClusterProfile *x = g_ptr_array_index (a->clusters, c);
      SegClusterProfile *y = g_ptr_array_index (b->clusters, c);

      g_assert_cmpint (x->cluster, ==, y->cluster);
      g_assert_cmpint (x->size, ==, y->size);
      g_assert_cmpstr (x->name, ==, y->name);
      for (guint j = 0; j < x->features->len; j++)
        g_assert_cmpfloat (g_array_index (x->features, SegFeatureStat, j).mean, ==,
                           g_array_index (y->features, SegFeatureStat, j).mean);
    }
}

static void
test_same_as_sync (ProjectFixture *fixture,
                   gconstpointer   data)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 run;

  import_customers (fixture, 300);
  run = run_kmeans (fixture);
  before = full_state (fixture);

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SegRunPoints) sync = seg_project_load_run_points (fixture->project, run, &error);
    g_autoptr(SegRunPoints) async = NULL;

    g_assert_no_error (error);
    start_call (fixture, CALL_POINTS, run, "customers", NULL, &result);
    async = seg_project_load_run_points_finish (fixture->project, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (async->n, ==, 300);
    assert_same_points (sync, async);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SegRunView) sync = seg_project_load_run_view (fixture->project, run, NULL, &error);
    g_autoptr(SegRunView) async = NULL;

    g_assert_no_error (error);
    start_call (fixture, CALL_VIEW, run, "customers", NULL, &result);
    async = seg_project_load_run_view_finish (fixture->project, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (async->record->id, ==, sync->record->id);
    assert_same_points (sync->points, async->points);
    assert_same_profile (sync->profile, async->profile);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SegProfile) sync = seg_project_profile (fixture->project, run, NULL, &error);
    g_autoptr(SegProfile) async = NULL;

    g_assert_no_error (error);
    start_call (fixture, CALL_PROFILE, run, "customers", NULL, &result);
    async = seg_project_profile_finish (fixture->project, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (async->clusters->len, ==, 3);
    assert_same_profile (sync, async);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SegKSuggestion) sync = seg_project_suggest_k_for_run (fixture->project, run, 2, 10, NULL, &error);
    g_autoptr(SegKSuggestion) async = NULL;

    g_assert_no_error (error);
    start_call (fixture, CALL_SUGGEST_K, run, "customers", NULL, &result);
    async = seg_project_suggest_k_for_run_finish (fixture->project, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (async->recommended, ==, 3);
    g_assert_cmpint (async->recommended, ==, sync->recommended);
    g_assert_cmpuint (async->scores->len, ==, sync->scores->len);
    for (guint i = 0; i < async->scores->len; i++)
      {
        SegKScore *a = &g_array_index (async->scores, SegKScore, i);
        SegKScore *b = &g_array_index (sync->scores, SegKScore, i);

        g_assert_cmpint (a->k, ==, b->k);
        g_assert_cmpfloat (a->inertia, ==, b->inertia);
        g_assert_cmpfloat (a->silhouette, ==, b->silhouette);
      }
  }

  /* The options are copied: the caller's may go as soon as the call
   * returns. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    const char *logs[] = { "spend", NULL };
    SegPrepOptions prep = { SEG_SCALE_ROBUST, logs, SEG_IMPUTE_MEAN };
    g_autoptr(SegKDistance) sync = seg_project_k_distance (fixture->project, "customers", columns, &prep, 4,
                                                           NULL, &error);
    g_autoptr(SegKDistance) async = NULL;
    g_auto(GStrv) table = g_strdupv ((GStrv) columns);
    g_auto(GStrv) log_copy = g_strdupv ((GStrv) logs);
    g_autofree char *table_name = g_strdup ("customers");
    SegPrepOptions prep_copy = { SEG_SCALE_ROBUST, (const char *const *) log_copy, SEG_IMPUTE_MEAN };

    g_assert_no_error (error);
    seg_project_k_distance_async (fixture->project, table_name, (const char *const *) table, &prep_copy, 4,
                                  NULL, on_done, &result);
    g_clear_pointer (&table, g_strfreev);
    g_clear_pointer (&log_copy, g_strfreev);
    g_clear_pointer (&table_name, g_free);
    prep_copy.log_columns = NULL;

    async = seg_project_k_distance_finish (fixture->project, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (async->n, ==, 300);
    g_assert_cmpuint (async->n, ==, sync->n);
    g_assert_cmpuint (async->knee, ==, sync->knee);
    g_assert_cmpfloat (async->eps, ==, sync->eps);
    g_assert_cmpfloat (async->eps, >, 0);
    for (size_t i = 0; i < async->n; i++)
      g_assert_cmpfloat (async->distances[i], ==, sync->distances[i]);
  }

  /* Failures come back as the synchronous calls report them. */
  for (Call call = CALL_POINTS; call < CALL_K_DISTANCE; call++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      start_call (fixture, call, 99, "customers", NULL, &result);
      g_assert_false (finish_failed_call (fixture, call, wait_for (&result), &error));
      g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
      g_clear_error (&error);
    }

  after = full_state (fixture);
  g_assert_cmpstr (before, ==, after);
  wait_for_workers (fixture);
}

/* Cancelled ---------------------------------------------------------------- */

static void
test_cancel_before (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 run;

  import_customers (fixture, 300);
  run = run_kmeans (fixture);
  before = full_state (fixture);

  for (Call call = 0; call < N_CALLS; call++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", call_names[call]);
      g_cancellable_cancel (cancellable);
      start_call (fixture, call, run, "customers", cancellable, &result);
      g_assert_true (finish_failed_call (fixture, call, wait_for (&result), &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }

  after = full_state (fixture);
  g_assert_cmpstr (before, ==, after);
  wait_for_workers (fixture);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* How long the call takes when left alone, in microseconds. */
static gint64
time_call (ProjectFixture *fixture,
           Call            call,
           gint64          run,
           const char     *table)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gpointer value = NULL;

  start_call (fixture, call, run, table, NULL, &result);
  value = finish_call (fixture, call, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  value_free_func (call) (value);
  return g_get_monotonic_time () - start;
}

/* Cancelled while it works, each call stops early and leaves the project
 * as it was. The tables are large enough that each call, left alone,
 * runs for a good while: the cancel comes at a quarter of that time. */
static void
test_cancel_midway (ProjectFixture *fixture,
                    gconstpointer   data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *table = NULL;
  gint64 run;

  import_customers (fixture, 60000);
  run = run_kmeans (fixture);
  /* Many more rows for the loaders to read, and for the k-distance; the
   * run's input stays as it was, so comparing k reads the 60,000. */
  table = g_strdup_printf ("run_%" G_GINT64_FORMAT, run);
  /* The result table is a view of its rows table, which grows. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO seg_run_rows_%" G_GINT64_FORMAT
                                              " SELECT row + (SELECT max (row) FROM seg_run_rows_%" G_GINT64_FORMAT "),"
                                              " source, cluster, pc1, pc2, silhouette FROM seg_run_rows_%" G_GINT64_FORMAT,
                                              run, run, run);

      g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->project), sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (seg_project_get_db (fixture->project), NULL,
                                              SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL), ==, SQLITE_OK);
  before = full_state (fixture);

  for (Call call = 0; call < N_CALLS; call++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gint64 alone = time_call (fixture, call, run, table);
      gint64 start, took;

      start = g_get_monotonic_time ();
      start_call (fixture, call, run, table, cancellable, &result);
      g_timeout_add_full (G_PRIORITY_DEFAULT, alone / 4000, cancel_later, g_object_ref (cancellable), g_object_unref);
      wait_for (&result);
      took = g_get_monotonic_time () - start;
      g_test_message ("%s: %.3f s alone, %.3f s cancelled", call_names[call], alone / 1e6, took / 1e6);

      g_assert_true (finish_failed_call (fixture, call, result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      /* Stopped well before the end it would have reached. */
      g_assert_cmpint (took, <, alone * 3 / 4);
    }

  after = full_state (fixture);
  g_assert_cmpstr (before, ==, after);
  wait_for_workers (fixture);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)

  g_test_add_func ("/async/cancel-flag", test_cancel_flag);
  ADD ("/async/same-as-sync", test_same_as_sync);
  ADD ("/async/cancel-before", test_cancel_before);
  ADD ("/async/cancel-midway", test_cancel_midway);

  return g_test_run ();
}
