/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-measure.h"
#include "seg-model.h"
#include "seg-profile.h"
#include "seg-rfm.h"
#include "seg-cluster-model.h"
#include "seg-export.h"
#include "seg-table-model.h"
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

/* A new project has the segment tables (added at schema version 4). */
static void
test_schema (ProjectFixture *fixture,
             gconstpointer   data)
{
  g_autofree char *version = query_text (fixture->project, "SELECT value FROM seg_meta WHERE key = 'schema_version'");

  g_assert_cmpstr (version, ==, "10");
  g_assert_cmpint (query_int (fixture->project, "PRAGMA user_version"), ==, SEG_PROJECT_SCHEMA_VERSION);
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
  /* The result table is a view: its customers are the input's. */
  empty_sql = g_strdup_printf ("UPDATE customers SET customer = NULL"
                               " WHERE rowid IN (SELECT source FROM seg_run_rows_1 WHERE cluster = 2)");
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->project), empty_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (seg_project_read_cluster_keys (fixture->project, 1, 2, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "no customers"));
  g_clear_error (&error);
  /* The customers as imported, C1 to C6 in row order. */
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->project),
                                 "UPDATE customers SET customer = 'C' || rowid WHERE customer IS NULL",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

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

/* Figures read with their units, in the locale's formats; columns read
 * as words. */
static void
test_measure_format (void)
{
  static const struct { const char *column; double value; const char *expected; } figures[] = {
    { "recency", 103.4, "recency 103 days" },
    { "recency", 1, "recency 1 day" },
    { "frequency", 7.714285, "7.7 orders" },
    { "frequency", 1, "1.0 order" },
    { "monetary", 615.9, "615.90 spent" },
    { "avg_order_value", 88.2, "88.20 per order" },
    { "tenure_days", 412.2, "customer for 412 days" },
    { "age", 34.3, "age 34.3" },
    { "age_years", 1234.5678, "age 1235" },
    { "visits", 0.4166, "visits 0.42" },
    { "TotalIncome", 5, "total income 5.00" },
    { "days_on_site", 3, "days on site 3 days" },
    { "r_score", 4.25, "R score 4.2" },
    { "monetary", NAN, "— spent" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *text = seg_measure_format (figures[i].column, figures[i].value);

      g_assert_cmpstr (text, ==, figures[i].expected);
      /* Never a float as printf gives it by default. */
      g_assert_null (strstr (text, "000"));
    }

  g_assert_cmpint (seg_measure_of_column ("Recency"), ==, SEG_MEASURE_RECENCY);
  g_assert_cmpint (seg_measure_of_column ("days_since_last_order"), ==, SEG_MEASURE_RECENCY);
  g_assert_cmpint (seg_measure_of_column ("unit_price"), ==, SEG_MEASURE_MONEY);
  g_assert_cmpint (seg_measure_of_column ("spend"), ==, SEG_MEASURE_MONETARY);
  g_assert_cmpint (seg_measure_of_column ("priceless"), ==, SEG_MEASURE_OTHER);

  {
    static const char *const labels[][2] = {
      { "tenure_days", "tenure" }, { "LifetimeValue", "lifetime value" }, { "age_years", "age" },
      { "r_score", "R score" }, { "num-visits", "num visits" }, { "frequency", "orders" }, { "days", "days" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      {
        g_autofree char *label = seg_measure_column_label (labels[i][0]);

        g_assert_cmpstr (label, ==, labels[i][1]);
      }
  }
  {
    g_autofree char *shorter = seg_measure_compare ("tenure_days", FALSE);
    g_autofree char *more = seg_measure_compare ("frequency", TRUE);
    g_autofree char *older = seg_measure_compare ("age_years", TRUE);

    g_assert_cmpstr (shorter, ==, "short tenure");
    g_assert_cmpstr (more, ==, "more orders");
    g_assert_cmpstr (older, ==, "high age");
  }

  g_assert_cmpstr (seg_measure_rfm_segment_label ("At risk"), ==, "At risk");
  g_assert_cmpstr (seg_measure_rfm_segment_label ("Can't lose them"), ==, "Can't lose them");
  g_assert_cmpstr (seg_measure_rfm_segment_label ("Someone's own"), ==, "Someone's own");
}

static void
free_cluster (gpointer data)
{
  SegClusterProfile *cluster = data;

  g_free (cluster->name);
  g_array_unref (cluster->features);
  g_ptr_array_unref (cluster->products);
  g_free (cluster);
}

/* A cluster of a profile made by hand, with its z-scores. */
static void
add_cluster (SegProfile   *profile,
             int           number,
             const double *z)
{
  SegClusterProfile *cluster = g_new0 (SegClusterProfile, 1);
  guint n = g_strv_length (profile->features);

  cluster->cluster = number;
  cluster->size = 10;
  cluster->features = g_array_new (FALSE, TRUE, sizeof (SegFeatureStat));
  cluster->products = g_ptr_array_new ();
  for (guint j = 0; j < n; j++)
    {
      SegFeatureStat stat = { z[j], z[j], z[j] };

      g_array_append_val (cluster->features, stat);
    }
  g_ptr_array_add (profile->clusters, cluster);
}

/* Names never repeat and never show a column's raw name; what tells two
 * alike clusters apart is said in words. */
static void
test_profile_names (void)
{
  static const char *const rfm[] = { "recency", "frequency", "monetary", "tenure_days", NULL };
  static const char *const others[] = { "tenure_days", "age_years", NULL };
  g_autoptr(SegProfile) profile = g_new0 (SegProfile, 1);
  g_autoptr(SegProfile) plain = g_new0 (SegProfile, 1);
  g_autoptr(SegProfile) twins = g_new0 (SegProfile, 1);
  SegClusterProfile *cluster;

  /* Two groups of new customers, one ordering more, and a third kind. */
  profile->features = g_strdupv ((char **) rfm);
  profile->clusters = g_ptr_array_new_with_free_func (free_cluster);
  add_cluster (profile, 1, (double[]) { -1.0, -0.9, -0.2, -1.0 });
  add_cluster (profile, 2, (double[]) { -1.2, -0.1, 0.1, -0.9 });
  add_cluster (profile, 3, (double[]) { 1.5, -0.5, 1.0, 0.5 });
  seg_profile_name_clusters (profile);
  g_assert_cmpstr (((SegClusterProfile *) g_ptr_array_index (profile->clusters, 0))->name, ==,
                   "New customers · fewer orders");
  g_assert_cmpstr (((SegClusterProfile *) g_ptr_array_index (profile->clusters, 1))->name, ==,
                   "New customers · more orders");
  g_assert_cmpstr (((SegClusterProfile *) g_ptr_array_index (profile->clusters, 2))->name, ==,
                   "Lapsing big spenders");

  /* No customer measures: the columns in words, not as named. */
  plain->features = g_strdupv ((char **) others);
  plain->clusters = g_ptr_array_new_with_free_func (free_cluster);
  add_cluster (plain, 1, (double[]) { -1.5, 0.3 });
  add_cluster (plain, 2, (double[]) { 1.0, 1.2 });
  seg_profile_name_clusters (plain);
  cluster = g_ptr_array_index (plain->clusters, 0);
  g_assert_cmpstr (cluster->name, ==, "Short tenure · high age");
  g_assert_null (strstr (cluster->name, "_"));
  cluster = g_ptr_array_index (plain->clusters, 1);
  g_assert_cmpstr (cluster->name, ==, "High age · long tenure");

  /* Alike in every figure: only then their numbers tell them apart. */
  twins->features = g_strdupv ((char **) others);
  twins->clusters = g_ptr_array_new_with_free_func (free_cluster);
  add_cluster (twins, 1, (double[]) { 0.1, 0.1 });
  add_cluster (twins, 2, (double[]) { 0.1, 0.1 });
  seg_profile_name_clusters (twins);
  g_assert_cmpstr (((SegClusterProfile *) g_ptr_array_index (twins->clusters, 0))->name, !=,
                   ((SegClusterProfile *) g_ptr_array_index (twins->clusters, 1))->name);
}

/* A saved segment is described against the rest of its table, with the
 * same figures as a run's clusters. */
static void
test_segment_profile (ProjectFixture *fixture,
                      gconstpointer   data)
{
  static const char *const vips[] = { "C1", "C2", NULL };
  static const char *const gone[] = { "C9", NULL };
  const char *csv =
    "customer,recency,frequency,monetary,note\n"
    "C1,5,10,1000,a\n"
    "C2,7,12,1200,b\n"
    "C3,300,1,20,c\n"
    "C4,320,1,40,d\n"
    "C5,310,2,30,e\n";
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegSegment) stranger = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  SegClusterProfile *inside, *rest;
  SegFeatureStat *stat;
  double mean = (5 + 7 + 300 + 320 + 310) / 5.0, sd = 0;

  summary = import_text (fixture, "customers", csv, -1, &error);
  g_assert_no_error (error);
  segment = save (fixture, "VIPs", vips);

  profile = seg_project_profile_segment (fixture->project, seg_segment_get_id (segment), &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpstr (profile->table, ==, "customers");
  g_assert_cmpstrv (profile->features, ((const char *const[]) { "recency", "frequency", "monetary", NULL }));
  g_assert_cmpstr (profile->revenue, ==, "monetary");
  g_assert_cmpuint (profile->clusters->len, ==, 2);
  inside = g_ptr_array_index (profile->clusters, 0);
  rest = g_ptr_array_index (profile->clusters, 1);
  g_assert_cmpint (inside->cluster, ==, 1);
  g_assert_cmpstr (inside->name, ==, "VIPs");
  g_assert_cmpint (inside->size, ==, 2);
  g_assert_cmpfloat_with_epsilon (inside->share, 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (inside->revenue_share, 2200 / 2290.0, 1e-12);
  g_assert_cmpint (rest->cluster, ==, 2);
  g_assert_cmpstr (rest->name, ==, "Everyone else");
  g_assert_cmpint (rest->size, ==, 3);

  stat = &g_array_index (inside->features, SegFeatureStat, 0);
  g_assert_cmpfloat_with_epsilon (stat->mean, 6.0, 1e-12);
  for (int i = 0; i < 5; i++)
    {
      static const double r[] = { 5, 7, 300, 320, 310 };

      sd += (r[i] - mean) * (r[i] - mean);
    }
  sd = sqrt (sd / 5);
  g_assert_cmpfloat_with_epsilon (stat->z, (6.0 - mean) / sd, 1e-12);
  stat = &g_array_index (rest->features, SegFeatureStat, 2);
  g_assert_cmpfloat_with_epsilon (stat->mean, 30.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stat->median, 30.0, 1e-12);

  /* A segment none of whose customers the table holds says so. */
  stranger = save (fixture, "Strangers", gone);
  g_clear_pointer (&profile, seg_profile_free);
  profile = seg_project_profile_segment (fixture->project, seg_segment_get_id (stranger), &error);
  g_assert_null (profile);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "Strangers"));
  g_clear_error (&error);

  g_assert_null (seg_project_profile_segment (fixture->project, 999, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT);
}

/* A segment taken from a run is compared on the run's columns within its
 * result table. */
static void
test_segment_profile_of_run (ProjectFixture *fixture,
                             gconstpointer   data)
{
  const char *csv =
    "customer,recency,frequency,monetary\n"
    "A,5,10,1000\n"
    "B,7,12,1200\n"
    "C,6,11,1400\n"
    "D,300,1,20\n"
    "E,320,1,40\n"
    "F,310,2,30\n"
    "G,330,1,10\n";
  const char *columns[] = { "recency", "frequency", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(JsonNode) source = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(SegProfile) clusters = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *json = NULL;
  SegClusterProfile *inside, *cluster = NULL;
  gint64 id;

  summary = import_text (fixture, "customers", csv, -1, &error);
  g_assert_no_error (error);
  run = seg_run_new (fixture->project, model, "customers", columns);
  g_object_set (seg_run_get_model (run), "k", 2, NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  id = seg_run_get_record (run)->id;

  keys = seg_project_read_cluster_keys (fixture->project, id, 1, &error);
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"run\":%" G_GINT64_FORMAT ",\"cluster\":1}", id);
  source = source_of (json);
  segment = seg_project_save_segment (fixture->project, "First", (const char *const *) keys, source, &error);
  g_assert_no_error (error);

  profile = seg_project_profile_segment (fixture->project, seg_segment_get_id (segment), &error);
  g_assert_no_error (error);
  g_assert_cmpint (profile->run, ==, id);
  g_assert_cmpstrv (profile->features, columns);
  inside = g_ptr_array_index (profile->clusters, 0);
  g_assert_cmpstr (inside->name, ==, "First");

  /* The same figures as the run's own cluster 1. */
  clusters = seg_project_profile (fixture->project, id, NULL, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < clusters->clusters->len; c++)
    if (((SegClusterProfile *) g_ptr_array_index (clusters->clusters, c))->cluster == 1)
      cluster = g_ptr_array_index (clusters->clusters, c);
  g_assert_nonnull (cluster);
  g_assert_cmpint (inside->size, ==, cluster->size);
  for (guint j = 0; j < 2; j++)
    {
      g_assert_cmpfloat_with_epsilon (g_array_index (inside->features, SegFeatureStat, j).mean,
                                      g_array_index (cluster->features, SegFeatureStat, j).mean, 1e-9);
      g_assert_cmpfloat_with_epsilon (g_array_index (inside->features, SegFeatureStat, j).z,
                                      g_array_index (cluster->features, SegFeatureStat, j).z, 1e-9);
    }
}

/* A run on a table scored from orders counts its customers' RFM
 * segments; a run on any other table has none to count. */
static void
test_rfm_counts (ProjectFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GString) orders = g_string_new ("invoice,day,customer,amount\n");
  const char *columns[] = { "recency", "frequency", "monetary", NULL };
  SegRfmOptions options = { .orders = "orders", .customer = "customer", .date = "day", .amount = "amount",
                            .invoice = "invoice" };
  g_autoptr(SegImportSummary) imported = NULL;
  g_autoptr(SegRfmSummary) scored = NULL;
  g_autoptr(SegRfmSummary) counts = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) other = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) plain = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  for (guint c = 0; c < 40; c++)
    for (guint o = 0; o <= c % 6; o++)
      g_string_append_printf (orders, "I%u-%u,2024-%02u-%02u,C%02u,%u.50\n", c, o, 1 + (c + o) % 12, 1 + c % 28, c,
                              10 + c * 3 + o);
  imported = import_text (fixture, "orders", orders->str, -1, &error);
  g_assert_no_error (error);
  scored = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);

  run = seg_run_new (fixture->project, model, "rfm", columns);
  g_object_set (seg_run_get_model (run), "k", 3, NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  counts = seg_project_count_rfm_segments (fixture->project, seg_run_get_record (run)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (counts->table, ==, "rfm");
  g_assert_cmpint (counts->customers, ==, 40);
  g_assert_cmpuint (counts->segments->len, ==, scored->segments->len);
  for (guint i = 0; i < counts->segments->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (counts->segments, i), ==, g_ptr_array_index (scored->segments, i));
      g_assert_cmpint (g_array_index (counts->counts, gint64, i), ==, g_array_index (scored->counts, gint64, i));
      total += g_array_index (counts->counts, gint64, i);
      if (i > 0)
        g_assert_cmpint (g_array_index (counts->counts, gint64, i), <=, g_array_index (counts->counts, gint64, i - 1));
    }
  g_assert_cmpint (total, ==, 40);

  /* The order lines themselves are no scored table. */
  g_clear_pointer (&counts, seg_rfm_summary_free);
  plain = seg_run_new (fixture->project, other, "orders", (const char *const[]) { "amount", NULL });
  g_object_set (seg_run_get_model (plain), "k", 2, NULL);
  g_assert_true (seg_run_execute (plain, NULL, &error));
  g_assert_no_error (error);
  counts = seg_project_count_rfm_segments (fixture->project, seg_run_get_record (plain)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->segments->len, ==, 0);

  g_assert_null (seg_project_count_rfm_segments (fixture->project, 99, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
}

/* The form's choices are kept in the project by table and kind of
 * analysis, and come back as a model set up the same way. */
static void
test_form_choices (ProjectFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(SegModel) model = seg_model_new_for_id ("dbscan", NULL);
  g_autoptr(SegModel) recalled = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) columns = NULL;
  double eps = 0;
  int min_points = 0;

  g_assert_null (seg_project_recall_model (fixture->project, SEG_MODEL_KIND_SEGMENTATION, "customers"));
  g_object_set (model, "table", "customers", "columns", (const char *const[]) { "spend", "visits", NULL },
                "eps", 0.75, "min-points", 9, NULL);
  g_assert_true (seg_project_remember_model (fixture->project, model, &error));
  g_assert_no_error (error);

  /* Tables are named in any case. */
  recalled = seg_project_recall_model (fixture->project, SEG_MODEL_KIND_SEGMENTATION, "CUSTOMERS");
  g_assert_nonnull (recalled);
  g_assert_cmpstr (seg_model_get_id (recalled), ==, "dbscan");
  g_assert_cmpstr (seg_model_get_table (recalled), ==, "CUSTOMERS");
  g_object_get (recalled, "columns", &columns, "eps", &eps, "min-points", &min_points, NULL);
  g_assert_cmpstrv (columns, ((const char *const[]) { "spend", "visits", NULL }));
  g_assert_cmpfloat (eps, ==, 0.75);
  g_assert_cmpint (min_points, ==, 9);

  g_assert_null (seg_project_recall_model (fixture->project, SEG_MODEL_KIND_SEGMENTATION, "orders"));
  g_assert_null (seg_project_recall_model (fixture->project, SEG_MODEL_KIND_RECOMMENDATION, "customers"));

  /* Choices that no longer make sense are forgotten, not fatal. */
  g_assert_true (seg_project_set_setting (fixture->project, "form.segmentation.customers",
                                          "{\"algorithm\":\"dbscan\",\"parameters\":{\"eps\":-4}}", &error));
  g_assert_null (seg_project_recall_model (fixture->project, SEG_MODEL_KIND_SEGMENTATION, "customers"));
  g_assert_true (seg_project_set_setting (fixture->project, "form.segmentation.customers", "not json", &error));
  g_assert_null (seg_project_recall_model (fixture->project, SEG_MODEL_KIND_SEGMENTATION, "customers"));
  g_assert_true (seg_project_set_setting (fixture->project, "form.segmentation.customers", NULL, &error));
  g_assert_null (seg_project_get_setting (fixture->project, "form.segmentation.customers", &error));
  g_assert_no_error (error);
}

/* Reading a table restricted to a saved segment keeps exactly the rows
 * whose key is one of its customers, whether the key column holds text
 * or whole numbers; a text column's categories are those of the rows
 * kept. Nothing of the table's own rows changes. */
static void
test_read_members (ProjectFixture *fixture,
                   gconstpointer   data)
{
  static const char *const members[] = { "C2", "C4", "C6", "C9", NULL };
  static const char *const numbers[] = { "2", "5", NULL };
  static const char *const columns[] = { "spend", "channel", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegSegment) by_number = NULL;
  g_autoptr(SegDataset) all = NULL;
  g_autoptr(SegDataset) some = NULL;
  g_autoptr(SegDataset) numbered = NULL;
  g_autoptr(GError) error = NULL;

  summary = import_text (fixture, "customers",
                         "customer,id,spend,channel\n"
                         "C1,1,10,shop\nC2,2,20,app\nC3,3,30,web\nC4,4,40,app\nC5,5,50,shop\nC6,6,60,app\n",
                         -1, &error);
  g_assert_no_error (error);
  segment = save (fixture, "App buyers", members);
  by_number = save (fixture, "By number", numbers);

  all = seg_dataset_read (fixture->project, "customers", columns, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->n, ==, 6);
  g_assert_cmpuint (all->d, ==, 4);
  g_assert_cmpint (all->segment, ==, 0);

  some = seg_dataset_read_members (fixture->project, "customers", columns, "CUSTOMER",
                                   seg_segment_get_id (segment), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->n, ==, 3);
  g_assert_cmpint (some->segment, ==, seg_segment_get_id (segment));
  /* Only "app" is left of the channels, so one column of 0/1 values. */
  g_assert_cmpuint (some->d, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (some->features, 1), ==, "channel=app");
  g_assert_cmpfloat (some->x[0], ==, 20.0);
  g_assert_cmpfloat (some->x[2], ==, 40.0);
  g_assert_cmpfloat (some->x[4], ==, 60.0);
  g_assert_cmpint (some->rowids[0], ==, 2);
  g_assert_cmpint (some->rowids[2], ==, 6);

  numbered = seg_dataset_read_members (fixture->project, "customers", columns, "id",
                                       seg_segment_get_id (by_number), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (numbered->n, ==, 2);
  g_assert_cmpfloat (numbered->x[0], ==, 20.0);
  g_assert_cmpfloat (numbered->x[numbered->d], ==, 50.0);

  /* No key column, a key column the table lacks, or a segment none of
   * whose customers the table names: refused, naming the option. */
  g_assert_null (seg_dataset_read_members (fixture->project, "customers", columns, NULL,
                                           seg_segment_get_id (segment), NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_true (g_str_has_prefix (error->message, "--segment: "));
  g_clear_error (&error);
  g_assert_null (seg_dataset_read_members (fixture->project, "customers", columns, "shoe_size",
                                           seg_segment_get_id (segment), NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_true (g_str_has_prefix (error->message, "--key: "));
  g_clear_error (&error);
  g_assert_null (seg_dataset_read_members (fixture->project, "customers", columns, "id",
                                           seg_segment_get_id (segment), NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_true (g_str_has_prefix (error->message, "--segment: "));
}

/* Whether every key of @table's column @key is one of @keys, and how many
 * rows it has. */
static gint64
count_rows_outside (ProjectFixture    *fixture,
                    const char        *table,
                    const char        *key,
                    const char *const *keys,
                    gint64            *rows)
{
  g_autofree char *sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\"", key, table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 outside = 0;

  *rows = 0;
  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (fixture->project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      (*rows)++;
      if (!g_strv_contains (keys, (const char *) sqlite3_column_text (stmt, 0)))
        outside++;
    }

  return outside;
}

/* A segmentation run on a saved segment sees its members only: its
 * result has their rows and no other, its record names the segment, and
 * running it again does the same. A segment the project lacks is refused
 * before anything is written. */
static void
test_cluster_on_segment (ProjectFixture *fixture,
                         gconstpointer   data)
{
  static const char *const members[] = { "C1", "C2", "C3", "C7", "C8", NULL };
  static const char *const columns[] = { "spend", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) missing = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const SegRunRecord *record;
  JsonObject *input;
  gint64 rows;

  summary = import_text (fixture, "customers",
                         "customer,spend\nC1,10\nC2,11\nC3,500\nC4,12\nC5,510\nC6,9000\nC7,9100\nC8,20\n",
                         -1, &error);
  g_assert_no_error (error);
  segment = save (fixture, "Picked", members);

  run = seg_run_new (fixture->project, model, "customers", columns);
  g_object_set (seg_run_get_model (run), "k", 2, "segment", "picked", NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  record = seg_run_get_record (run);
  g_assert_cmpint (count_rows_outside (fixture, record->result_tables[0], "customer", members, &rows), ==, 0);
  g_assert_cmpint (rows, ==, 5);
  input = json_node_get_object (record->input);
  g_assert_cmpstr (json_object_get_string_member (input, "segment"), ==, "Picked");
  g_assert_cmpint (json_object_get_int_member (input, "segment_id"), ==, seg_segment_get_id (segment));
  g_assert_cmpstr (json_object_get_string_member (input, "key"), ==, "customer");

  /* A run of the same record reads the same customers. */
  {
    g_autoptr(SegModel) again = seg_model_new_for_id ("kmeans", NULL);
    g_autoptr(SegRun) rerun = NULL;

    g_assert_true (seg_model_roles_from_json (again, input, &error));
    g_assert_no_error (error);
    rerun = seg_run_new (fixture->project, again, "customers", columns);
    g_object_set (seg_run_get_model (rerun), "k", 2, NULL);
    g_assert_true (seg_run_execute (rerun, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows_outside (fixture, seg_run_get_record (rerun)->result_tables[0],
                                         "customer", members, &rows), ==, 0);
    g_assert_cmpint (rows, ==, 5);
  }

  before = project_state (fixture->project);
  refused = seg_run_new (fixture->project, missing, "customers", columns);
  g_object_set (seg_run_get_model (refused), "segment", "Nobody", NULL);
  g_assert_false (seg_run_execute (refused, NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT);
  g_assert_true (g_str_has_prefix (error->message, "--segment: "));
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);
}

/* Best sellers on a saved segment count only its customers' order lines
 * and offer to them alone. */
static void
test_popular_on_segment (ProjectFixture *fixture,
                         gconstpointer   data)
{
  static const char *const members[] = { "c1", "c3", NULL };
  static const char *const strangers[] = { "zz", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegSegment) outside = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegModel) empty = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegRun) refused = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *metrics;
  gint64 rows;

  summary = import_text (fixture, "orders",
                         "customer,product\nc1,apple\nc2,pear\nc2,plum\nc3,apple\nc3,fig\nc4,pear\nc4,kiwi\n",
                         -1, &error);
  g_assert_no_error (error);
  segment = save (fixture, "Fruit fans", members);
  outside = save (fixture, "Strangers", strangers);

  run = seg_run_new (fixture->project, model, "orders", NULL);
  g_object_set (seg_run_get_model (run), "user", "customer", "item", "product", "segment", "Fruit fans", NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  metrics = json_node_get_object (seg_run_get_record (run)->metrics);
  g_assert_cmpint (json_object_get_int_member (metrics, "customers"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (metrics, "products"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (metrics, "purchases"), ==, 3);
  g_assert_cmpint (count_rows_outside (fixture, seg_run_get_record (run)->result_tables[0],
                                       "customer", members, &rows), ==, 0);
  g_assert_cmpint (rows, >, 0);

  refused = seg_run_new (fixture->project, empty, "orders", NULL);
  g_object_set (seg_run_get_model (refused), "user", "customer", "item", "product", "segment", "Strangers", NULL);
  g_assert_false (seg_run_execute (refused, NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_true (g_str_has_prefix (error->message, "--segment: "));
}

typedef struct
{
  GError  *error;
  gboolean done;
  gpointer task;  /* weak: the worker may hold it a moment longer */
} Queried;

static void
on_queried (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Queried *queried = data;

  seg_table_model_query_finish (SEG_TABLE_MODEL (object), result, &queried->error);
  queried->done = TRUE;
  if (queried->task != NULL)
    g_object_remove_weak_pointer (queried->task, &queried->task);
  queried->task = result;
  g_object_add_weak_pointer (G_OBJECT (result), &queried->task);
}

/* A saved segment is found again in the rows it came from: the table and
 * column it was read from, or the result table of its run; those rows
 * alone show in a table model, searched and sorted as any, and are
 * exported alone. */
static void
test_members_of_table (ProjectFixture *fixture,
                       gconstpointer   data)
{
  static const char *const members[] = { "C2", "C4", "C5", NULL };
  static const char *const columns[] = { "spend", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegSegment) from_run = NULL;
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegTableModel) rows = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) run_source = NULL;
  g_autofree char *table = NULL;
  g_autofree char *key = NULL;
  g_autofree guint8 *flags = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  gsize n_rows = 0;

  summary = import_text (fixture, "customers",
                         "who,spend,city\nC1,10,Rome\nC2,20,Oslo\nC3,30,Rome\nC4,40,Rome\nC5,50,Oslo\n", -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) source = source_of ("{\"table\":\"customers\",\"key\":\"WHO\"}");

    segment = seg_project_save_segment (fixture->project, "Some", members, source, &error);
    g_assert_no_error (error);
  }

  g_assert_true (seg_project_locate_segment (fixture->project, segment, &table, &key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (table, ==, "customers");
  g_assert_cmpstr (key, ==, "who");

  info = seg_project_get_table (fixture->project, "customers", &error);
  g_assert_cmpstr (seg_segment_guess_column (segment, info), ==, "who");

  flags = seg_project_read_member_flags (fixture->project, table, key, seg_segment_get_id (segment), &n_rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 5);
  g_assert_cmpmem (flags, 5, ((const guint8[]) { 0, 1, 0, 1, 1 }), 5);
  out = g_memory_output_stream_new_resizable ();
  g_assert_true (seg_project_export_rows (fixture->project, &(SegExportRows) { table, flags, n_rows, NULL, NULL },
                                          out, SEG_EXPORT_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  csv = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  g_assert_cmpstr (csv, ==, "who,spend,city\r\nC2,20,Oslo\r\nC4,40,Rome\r\nC5,50,Oslo\r\n");

  rows = seg_table_model_new (fixture->project, "customers", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 5);
  g_assert_true (seg_table_model_set_members (rows, "WHO", seg_segment_get_id (segment), &error));
  g_assert_no_error (error);
  g_assert_cmpint (seg_table_model_get_segment (rows), ==, seg_segment_get_id (segment));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 3);
  g_assert_true (seg_table_model_set_search (rows, "Oslo", &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 2);
  g_assert_true (seg_table_model_set_order (rows, 1, TRUE, &error));
  {
    g_autoptr(SegRow) first = g_list_model_get_item (G_LIST_MODEL (rows), 0);

    g_assert_cmpstr (seg_row_get_cell (first, 0), ==, "C5");
  }
  /* A column the table lacks changes nothing. */
  g_assert_false (seg_table_model_set_members (rows, "shoe_size", seg_segment_get_id (segment), &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 2);
  g_assert_true (seg_table_model_set_members (rows, NULL, 0, &error));
  g_assert_true (seg_table_model_set_search (rows, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 5);

  /* The same in a worker, as the table browser asks; a search keeps to
   * the segment it was asked with. */
  {
    Queried queried = { NULL, FALSE, NULL };

    seg_table_model_query_members_async (rows, -1, FALSE, "Rome", "who", seg_segment_get_id (segment), NULL,
                                         on_queried, &queried);
    while (!queried.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_no_error (queried.error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 1);
    g_assert_cmpint (seg_table_model_get_segment (rows), ==, seg_segment_get_id (segment));

    queried.done = FALSE;
    seg_table_model_query_async (rows, -1, FALSE, NULL, NULL, on_queried, &queried);
    while (!queried.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_no_error (queried.error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 3);

    queried.done = FALSE;
    seg_table_model_query_members_async (rows, -1, FALSE, NULL, "shoe_size", seg_segment_get_id (segment), NULL,
                                         on_queried, &queried);
    while (!queried.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (queried.error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
    g_clear_error (&queried.error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 3);

    queried.done = FALSE;
    seg_table_model_query_members_async (rows, -1, FALSE, NULL, NULL, 0, NULL, on_queried, &queried);
    while (!queried.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_no_error (queried.error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 5);
    /* The workers let go of their tasks, and of the project with them. */
    while (queried.task != NULL)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }

  /* A segment of a run's map is in the run's result table. */
  run = seg_run_new (fixture->project, model, "customers", columns);
  g_object_set (seg_run_get_model (run), "k", 2, "key", "who", NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  run_source = source_of ("{\"run\":1,\"selection\":true}");
  from_run = seg_project_save_segment (fixture->project, "Picked", members, run_source, &error);
  g_assert_no_error (error);
  g_clear_pointer (&table, g_free);
  g_clear_pointer (&key, g_free);
  g_assert_true (seg_project_locate_segment (fixture->project, from_run, &table, &key, &error));
  g_assert_cmpstr (table, ==, seg_run_get_record (run)->result_tables[0]);
  g_assert_cmpstr (key, ==, "who");

  /* Once the run is gone, so is the way to its rows. */
  g_clear_pointer (&table, g_free);
  g_clear_pointer (&key, g_free);
  g_assert_true (seg_project_delete_run (fixture->project, 1, &error));
  g_assert_false (seg_project_locate_segment (fixture->project, from_run, &table, &key, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
}

/* RFM on a saved segment scores its customers alone, from their order
 * lines; the day it counts from stays the day after the last order of
 * all. A segment the project lacks is refused, naming --segment. */
static void
test_rfm_on_segment (ProjectFixture *fixture,
                     gconstpointer   data)
{
  static const char *const members[] = { "b", "d", "z", NULL };
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(SegRfmSummary) scored = NULL;
  g_autoptr(SegRfmSummary) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *customers = NULL;
  SegRfmOptions options = {
    .orders = "lines", .customer = "who", .date = "day", .amount = "paid",
    .segment = "Few", .output = "few_rfm",
  };

  summary = import_text (fixture, "lines",
                         "who,day,paid\na,2024-01-02,10\nb,2024-01-05,20\nb,2024-02-01,5\nc,2024-03-01,7\n"
                         "d,2024-02-10,30\ne,2024-03-20,1\n", -1, &error);
  g_assert_no_error (error);
  segment = save (fixture, "Few", members);

  scored = seg_project_rfm (fixture->project, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scored->customers, ==, 2);
  g_assert_cmpstr (scored->as_of, ==, "2024-03-21");
  customers = query_text (fixture->project, "SELECT group_concat (customer, ',') FROM few_rfm");
  g_assert_cmpstr (customers, ==, "b,d");
  g_assert_cmpint (query_int (fixture->project, "SELECT frequency FROM few_rfm WHERE customer = 'b'"), ==, 2);

  before = project_state (fixture->project);
  options.segment = "Many";
  options.output = "many_rfm";
  refused = seg_project_rfm (fixture->project, &options, &error);
  g_assert_null (refused);
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_SEGMENT);
  g_assert_true (g_str_has_prefix (error->message, "--segment: "));
  after = project_state (fixture->project);
  g_assert_cmpstr (after, ==, before);
}

typedef struct
{
  GError  *error;
  gboolean done;
  gpointer task;  /* weak: the worker may hold it a moment longer */
} Suggested;

static void
on_suggested (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Suggested *suggested = data;
  g_autofree char *explanation = seg_cluster_model_suggest_finish (SEG_CLUSTER_MODEL (object), result,
                                                                   &suggested->error);

  g_assert_true ((explanation != NULL) == (suggested->error == NULL));
  suggested->done = TRUE;
  suggested->task = result;
  g_object_add_weak_pointer (G_OBJECT (result), &suggested->task);
}

/* DBSCAN's radius, worked out on a saved segment, comes from its
 * customers' rows: the same as from a table of their rows alone, and not
 * the whole table's. */
static double
suggest_eps (ProjectFixture *fixture,
             const char     *table,
             const char     *segment)
{
  static const char *const columns[] = { "spend", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id ("dbscan", NULL);
  Suggested suggested = { NULL, FALSE, NULL };
  double eps;

  g_object_set (model, "table", table, "columns", columns, "key", "customer", "segment", segment,
                "scale", SEG_SCALE_NONE, "min-points", 2, NULL);
  seg_cluster_model_suggest_async (SEG_CLUSTER_MODEL (model), fixture->project, NULL, on_suggested, &suggested);
  while (!suggested.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (suggested.error);
  /* The worker lets go of the task, and of the project with it. */
  while (suggested.task != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_object_get (model, "eps", &eps, NULL);
  return eps;
}

static void
test_suggest_on_segment (ProjectFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GString) csv = g_string_new ("customer,spend\n");
  g_autoptr(GString) own = g_string_new ("customer,spend\n");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(SegImportSummary) own_summary = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) members = NULL;
  double all, some, alone;

  /* Twenty customers a step of 1 apart, and the segment's twenty a step
   * of 37 apart. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *key = g_strdup_printf ("C%02u", i);
      guint spend = i < 20 ? 100 + i : 5000 + 37 * i;

      g_string_append_printf (csv, "%s,%u\n", key, spend);
      if (i >= 20)
        {
          g_strv_builder_add (builder, key);
          g_string_append_printf (own, "%s,%u\n", key, spend);
        }
    }
  members = g_strv_builder_end (builder);
  summary = import_text (fixture, "customers", csv->str, -1, &error);
  g_assert_no_error (error);
  own_summary = import_text (fixture, "wide", own->str, -1, &error);
  g_assert_no_error (error);
  segment = save (fixture, "Wide", (const char *const *) members);

  all = suggest_eps (fixture, "customers", NULL);
  some = suggest_eps (fixture, "customers", "Wide");
  alone = suggest_eps (fixture, "wide", NULL);
  g_assert_cmpfloat (some, ==, alone);
  g_assert_cmpfloat (some, !=, all);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/segments/measure-format", test_measure_format);
  g_test_add_func ("/segments/profile-names", test_profile_names);
  g_test_add ("/segments/segment-profile", ProjectFixture, NULL,
              project_fixture_set_up, test_segment_profile, project_fixture_tear_down);
  g_test_add ("/segments/rfm-counts", ProjectFixture, NULL,
              project_fixture_set_up, test_rfm_counts, project_fixture_tear_down);
  g_test_add ("/segments/form-choices", ProjectFixture, NULL,
              project_fixture_set_up, test_form_choices, project_fixture_tear_down);
  g_test_add ("/segments/segment-profile-of-run", ProjectFixture, NULL,
              project_fixture_set_up, test_segment_profile_of_run, project_fixture_tear_down);

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

  g_test_add ("/segments/read-members", ProjectFixture, NULL,
              project_fixture_set_up, test_read_members, project_fixture_tear_down);
  g_test_add ("/segments/cluster-on-segment", ProjectFixture, NULL,
              project_fixture_set_up, test_cluster_on_segment, project_fixture_tear_down);
  g_test_add ("/segments/popular-on-segment", ProjectFixture, NULL,
              project_fixture_set_up, test_popular_on_segment, project_fixture_tear_down);

  g_test_add ("/segments/members-of-table", ProjectFixture, NULL,
              project_fixture_set_up, test_members_of_table, project_fixture_tear_down);

  g_test_add ("/segments/rfm-on-segment", ProjectFixture, NULL,
              project_fixture_set_up, test_rfm_on_segment, project_fixture_tear_down);

  g_test_add ("/segments/suggest-on-segment", ProjectFixture, NULL,
              project_fixture_set_up, test_suggest_on_segment, project_fixture_tear_down);

  return g_test_run ();
}
