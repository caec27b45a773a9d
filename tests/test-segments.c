/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-error.h"
#include "seg-run.h"
#include "seg-segment.h"
#include "seg-test-utils.h"

static JsonNode *
source_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static SegSegment *
save (ProjectFixture    *fixture,
      const char        *name,
      const char *const *keys)
{
  g_autoptr(JsonNode) source = source_of ("{\"table\":\"customers\",\"key\":\"customer\"}");
  g_autoptr(GError) error = NULL;
  SegSegment *segment = seg_project_save_segment (fixture->project, name, keys, source, &error);

  g_assert_no_error (error);
  g_assert_nonnull (segment);
  return segment;
}

/* The list as "name:size,…". */
static char *
segment_names (GListModel *segments)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);

      g_string_append_printf (text, "%s%s:%" G_GINT64_FORMAT, i ? "," : "",
                              seg_segment_get_name (segment), seg_segment_get_size (segment));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A new project has the segment tables, added at schema version 4. */
static void
test_schema (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autofree char *version = query_text (fixture->project, "SELECT value FROM seg_meta WHERE key = 'schema_version'");

  g_assert_cmpstr (version, ==, "5");
  g_assert_cmpint (query_int (fixture->project, "PRAGMA user_version"), ==, 5);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                              " AND name IN ('seg_segments', 'seg_segment_members')"), ==, 2);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_segments"), ==, 0);
}

/* A segment reads back as saved: its keys once each in the order given,
 * its source, its time; it is found by number and by name in any case,
 * renamed, and deleted with its members. */
static void
test_save_and_read (ProjectFixture *fixture,
                    gconstpointer   data)
{
  static const char *const keys[] = { "C2", "C1", "C2", "C3", "C1", NULL };
  g_autoptr(SegSegment) segment = save (fixture, "  Loyal buyers ", keys);
  g_autoptr(SegSegment) found = NULL;
  g_autoptr(SegSegment) by_id = NULL;
  g_autoptr(SegSegment) renamed = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stored = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *name = NULL;
  JsonObject *source;
  gint64 id, size;

  id = seg_segment_get_id (segment);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (seg_segment_get_name (segment), ==, "Loyal buyers");
  g_assert_cmpint (seg_segment_get_size (segment), ==, 3);
  g_object_get (segment, "name", &name, "size", &size, NULL);
  g_assert_cmpstr (name, ==, "Loyal buyers");
  g_assert_cmpint (size, ==, 3);
  created = g_date_time_new_from_iso8601 (seg_segment_get_created_at (segment), NULL);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_get_utc_offset (created), ==, 0);
  source = json_node_get_object (seg_segment_get_source (segment));
  g_assert_cmpstr (json_object_get_string_member (source, "table"), ==, "customers");
  g_assert_cmpstr (json_object_get_string_member (source, "key"), ==, "customer");

  stored = seg_project_get_segment_keys (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (stored, ((const char *const[]) { "C2", "C1", "C3", NULL }));

  found = seg_project_find_segment (fixture->project, "LOYAL BUYERS", &error);
  g_assert_no_error (error);
  g_assert_cmpint (seg_segment_get_id (found), ==, id);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  by_id = seg_project_find_segment (fixture->project, id_text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seg_segment_get_name (by_id), ==, "Loyal buyers");
  g_assert_null (seg_project_find_segment (fixture->project, "nobody", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT);
  g_clear_error (&error);

  /* A segment may take its own name in another case. */
  g_assert_true (seg_project_rename_segment (fixture->project, id, "LOYAL buyers", &error));
  g_assert_no_error (error);
  g_assert_true (seg_project_rename_segment (fixture->project, id, " Regulars ", &error));
  g_assert_no_error (error);
  renamed = seg_project_find_segment (fixture->project, "regulars", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seg_segment_get_name (renamed), ==, "Regulars");
  g_assert_cmpint (seg_segment_get_size (renamed), ==, 3);
  g_assert_cmpstr (seg_segment_get_created_at (renamed), ==, seg_segment_get_created_at (segment));

  g_assert_true (seg_project_delete_segment (fixture->project, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_segments"), ==, 0);
  g_assert_cmpint (query_int (fixture->project, "SELECT count(*) FROM seg_segment_members"), ==, 0);
  g_assert_null (seg_project_get_segment_keys (fixture->project, id, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT);
}

typedef struct
{
  GMainLoop *loop;
  guint      changes;
} Watch;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  watch->changes++;
  g_main_loop_quit (watch->loop);
}

static void
wait_for_change (Watch *watch,
                 guint  before)
{
  while (watch->changes == before)
    g_main_loop_run (watch->loop);
}

/* The project's list follows each save, rename and delete, in order of
 * name, and keeps the items of segments that did not change. */
static void
test_list_follows (ProjectFixture *fixture,
                   gconstpointer   data)
{
  static const char *const some[] = { "a", "b", NULL };
  static const char *const one[] = { "c", NULL };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GListModel *segments = seg_project_get_segments (fixture->project);
  g_autoptr(SegSegment) vip = NULL;
  g_autoptr(SegSegment) lapsed = NULL;
  g_autoptr(SegSegment) kept = NULL;
  g_autoptr(SegSegment) still = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  Watch watch = { loop, 0 };
  guint before;

  g_assert_true (seg_project_get_segments (fixture->project) == segments);
  g_assert_cmpuint (g_list_model_get_n_items (segments), ==, 0);
  g_assert_true (g_list_model_get_item_type (segments) == SEG_TYPE_SEGMENT);
  g_signal_connect (segments, "items-changed", G_CALLBACK (on_items_changed), &watch);

  before = watch.changes;
  vip = save (fixture, "VIP", some);
  wait_for_change (&watch, before);
  names = segment_names (segments);
  g_assert_cmpstr (names, ==, "VIP:2");
  kept = g_list_model_get_item (segments, 0);

  before = watch.changes;
  lapsed = save (fixture, "lapsed", one);
  wait_for_change (&watch, before);
  g_clear_pointer (&names, g_free);
  names = segment_names (segments);
  g_assert_cmpstr (names, ==, "lapsed:1,VIP:2");
  /* An unchanged segment keeps its item. */
  still = g_list_model_get_item (segments, 1);
  g_assert_true (still == kept);

  before = watch.changes;
  g_assert_true (seg_project_rename_segment (fixture->project, seg_segment_get_id (lapsed), "Winback", &error));
  g_assert_no_error (error);
  wait_for_change (&watch, before);
  g_clear_pointer (&names, g_free);
  names = segment_names (segments);
  g_assert_cmpstr (names, ==, "VIP:2,Winback:1");

  before = watch.changes;
  g_assert_true (seg_project_delete_segment (fixture->project, seg_segment_get_id (vip), &error));
  g_assert_no_error (error);
  wait_for_change (&watch, before);
  g_clear_pointer (&names, g_free);
  names = segment_names (segments);
  g_assert_cmpstr (names, ==, "Winback:1");
  g_signal_handlers_disconnect_by_data (segments, &watch);
}

/* Names that cannot be used and empty lists are refused with their
 * error, and leave the project exactly as it was. */
static void
test_refusals (ProjectFixture *fixture,
               gconstpointer   data)
{
  static const char *const keys[] = { "C1", NULL };
  static const char *const none[] = { NULL };
  g_autoptr(SegSegment) vip = save (fixture, "VIP", keys);
  g_autoptr(SegSegment) other = save (fixture, "Other", keys);
  g_autoptr(JsonNode) source = source_of ("{\"run\":1,\"selection\":true}");
  g_autofree char *before = project_state (fixture->project);
  g_autofree char *long_name = g_strnfill (SEG_SEGMENT_MAX_NAME + 1, 'x');
  g_autofree char *longest = g_strnfill (SEG_SEGMENT_MAX_NAME, 'x');
  static const char *const bad_names[] = { "vip", "  VIP ", "", "   ", NULL };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; bad_names[i] != NULL; i++)
    {
      g_autofree char *after = NULL;

      g_assert_null (seg_project_save_segment (fixture->project, bad_names[i], keys, source, &error));
      g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME);
      g_assert_nonnull (strstr (error->message, "--name"));
      if (i < 2)
        g_assert_nonnull (strstr (error->message, "VIP"));
      g_clear_error (&error);

      g_assert_false (seg_project_rename_segment (fixture->project, seg_segment_get_id (other), bad_names[i], &error));
      g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME);
      g_clear_error (&error);

      after = project_state (fixture->project);
      g_assert_cmpstr (after, ==, before);
    }

  g_assert_null (seg_project_save_segment (fixture->project, long_name, keys, source, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME);
  g_clear_error (&error);

  g_assert_null (seg_project_save_segment (fixture->project, "Nobody", none, source, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_clear_error (&error);
  g_assert_null (seg_project_save_segment (fixture->project, "Nobody", NULL, source, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_clear_error (&error);

  g_assert_false (seg_project_delete_segment (fixture->project, 999, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT);
  g_clear_error (&error);
  g_assert_false (seg_project_rename_segment (fixture->project, 999, "Fine", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT);
  g_clear_error (&error);

  {
    g_autofree char *after = project_state (fixture->project);

    g_assert_cmpstr (after, ==, before);
  }

  /* The longest name allowed is allowed, and the source is kept as given. */
  {
    g_autoptr(SegSegment) last = seg_project_save_segment (fixture->project, longest, keys, source, &error);

    g_assert_no_error (error);
    g_assert_true (json_node_equal (seg_segment_get_source (last), source));
  }
}

/* The customers of a cluster are the key column of the run's result
 * table for its rows; a cluster the run lacks, an emptied cluster, a run
 * or table that is not there and a column the table lacks are refused
 * with the option named. */
static void
test_read_keys (ProjectFixture *fixture,
                gconstpointer   data)
{
  static const char *const columns[] = { "spend", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) listed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *empty_sql = NULL;
  const char *result;

  summary = import_text (fixture, "customers",
                         "customer,spend\nC1,10\nC2,11\nC3,12\nC4,500\nC5,510\nC6,9000\n", -1, &error);
  g_assert_no_error (error);
  run = seg_run_new (fixture->project, model, "customers", columns);
  g_object_set (seg_run_get_model (run), "k", 3, "key", "customer", NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  result = seg_run_get_record (run)->result_tables[0];

  first = seg_project_read_cluster_keys (fixture->project, 1, 1, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT group_concat (customer, ',') FROM (SELECT customer FROM \"%s\""
                         " WHERE cluster = 1 ORDER BY rowid)", result);
  expected = query_text (fixture->project, sql);
  joined = g_strjoinv (",", first);
  g_assert_cmpstr (joined, ==, expected);

  g_assert_null (seg_project_read_cluster_keys (fixture->project, 1, 4, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--cluster"));
  g_clear_error (&error);
  g_assert_null (seg_project_read_cluster_keys (fixture->project, 7, 1, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
  g_assert_nonnull (strstr (error->message, "--run"));
  g_clear_error (&error);

  /* A cluster whose rows name no customer has nobody to save. */
  empty_sql = g_strdup_printf ("UPDATE \"%s\" SET customer = NULL WHERE cluster = 2", result);
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->project), empty_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (seg_project_read_cluster_keys (fixture->project, 1, 2, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "no customers"));
  g_clear_error (&error);

  listed = seg_project_read_column_keys (fixture->project, "CUSTOMERS", "Customer", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (listed, ((const char *const[]) { "C1", "C2", "C3", "C4", "C5", "C6", NULL }));
  g_clear_pointer (&listed, g_strfreev);
  /* Numbers are keys too, as text. */
  listed = seg_project_read_column_keys (fixture->project, "customers", "spend", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (listed[5], ==, "9000");

  g_assert_null (seg_project_read_column_keys (fixture->project, "nowhere", "customer", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
  g_assert_nonnull (strstr (error->message, "--from-table"));
  g_clear_error (&error);
  g_assert_null (seg_project_read_column_keys (fixture->project, "customers", "shoe_size", &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "--key"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/segments/schema", ProjectFixture, NULL,
              project_fixture_set_up, test_schema, project_fixture_tear_down);
  g_test_add ("/segments/save-and-read", ProjectFixture, NULL,
              project_fixture_set_up, test_save_and_read, project_fixture_tear_down);
  g_test_add ("/segments/list-follows", ProjectFixture, NULL,
              project_fixture_set_up, test_list_follows, project_fixture_tear_down);
  g_test_add ("/segments/refusals", ProjectFixture, NULL,
              project_fixture_set_up, test_refusals, project_fixture_tear_down);
  g_test_add ("/segments/read-keys", ProjectFixture, NULL,
              project_fixture_set_up, test_read_keys, project_fixture_tear_down);

  return g_test_run ();
}
