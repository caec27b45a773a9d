/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "seg-test-utils.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs the built segmenta-cli with the arguments given, NULL-terminated. */
static void
cli (Run        *run,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("SEGMENTA_CLI");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (binary);
  run_clear (run);
  g_ptr_array_add (argv, (gpointer)binary);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

typedef struct
{
  char *dir;
  char *project;
} CliFixture;

static void
cli_set_up (CliFixture    *fixture,
            gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("segmenta-cli-XXXXXX", NULL);
  fixture->project = g_build_filename (fixture->dir, "shop.segmenta", NULL);
}

static void
cli_tear_down (CliFixture    *fixture,
               gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->project);
  g_free (fixture->dir);
}

static char *
fixture_file (CliFixture *fixture,
              const char *name,
              const char *contents)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_usage (CliFixture    *fixture,
            gconstpointer  data)
{
  Run run = { 0 };
  static const char *commands[] = { "import", "tables", "schema", "head", "rejects", "export", "rfm" };

  cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run.out, commands[i]));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      cli (&run, commands[i], "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "--json"));
    }

  cli (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "segmenta-cli " PACKAGE_VERSION));

  cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  cli (&run, "-p", fixture->project, "import", "x.csv", "--no-such-option", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--no-such-option"));
  cli (&run, "-p", fixture->project, "import", "x.csv", "--dates", "ydm", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--dates"));
  cli (&run, "-p", fixture->project, "import", "x.csv", "--delimiter", "ab", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--delimiter"));
  cli (&run, "tables", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "-p"));
  g_assert_false (g_file_test (fixture->project, G_FILE_TEST_EXISTS));
  run_clear (&run);
}

static void
test_import_and_browse (CliFixture    *fixture,
                        gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "orders.csv",
                                       "invoice;date;customer;amount\n"
                                       "1;05.01.2024;王芳;12,50\n"
                                       "2;06.01.2024;Bob;7\n"
                                       "3;07.01.2024;=cmd|' /C calc'!A0;3,25;extra\n"
                                       "4;08.01.2024;Ann\n");
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) tables = NULL;
  g_autoptr(JsonNode) head = NULL;
  g_autoptr(JsonNode) rejects = NULL;
  JsonObject *object;
  JsonArray *columns;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--json", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  summary = parse_json (run.out);
  object = json_node_get_object (summary);
  g_assert_cmpstr (json_object_get_string_member (object, "table"), ==, "orders");
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "encoding"), ==, "UTF-8");
  g_assert_cmpstr (json_object_get_string_member (object, "delimiter"), ==, ";");
  g_assert_cmpint (json_object_get_int_member (object, "padded"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "warnings")));
  columns = json_object_get_array_member (object, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 1), "type"), ==, "date");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 3), "type"), ==, "real");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 3), "header"), ==, "amount");

  /* A second import of the same name needs --replace. */
  cli (&run, "-p", fixture->project, "--quiet", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "orders"));
  cli (&run, "-p", fixture->project, "--quiet", "import", csv, "--replace", "--header", "yes", "--dates", "dmy", NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  g_assert_cmpint (run.status, ==, 0);
  tables = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (tables)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (tables), 0);
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "columns"), ==, 4);

  cli (&run, "-p", fixture->project, "tables", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "orders"));

  cli (&run, "-p", fixture->project, "schema", "orders", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "amount"));
  g_assert_nonnull (strstr (run.out, "real"));

  cli (&run, "-p", fixture->project, "--json", "head", "orders", "-n", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  head = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (head), "rows")), ==, 2);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (json_object_get_array_member (json_node_get_object (head), "rows"), 0), 3), ==, 12.5);

  cli (&run, "-p", fixture->project, "head", "orders", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "王芳"));
  g_assert_nonnull (strstr (run.out, "2024-01-05"));

  cli (&run, "-p", fixture->project, "--json", "rejects", "orders", NULL);
  g_assert_cmpint (run.status, ==, 0);
  rejects = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rejects)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (rejects), 0);
  g_assert_cmpint (json_object_get_int_member (object, "line"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (object, "column"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (object, "raw"), ==, "3;07.01.2024;=cmd|' /C calc'!A0;3,25;extra");

  cli (&run, "-p", fixture->project, "head", "nope", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "nope"));
  run_clear (&run);
}

static void
test_bad_files (CliFixture    *fixture,
                gconstpointer  data)
{
  g_autofree char *quote = fixture_file (fixture, "quote.csv", "a,b\n1,\"2\n3,4\n");
  g_autofree char *text_project = fixture_file (fixture, "fake.segmenta", "this is no database, just text\n");
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "import", quote, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "quote.csv: line 2, column 2"));

  cli (&run, "-p", fixture->project, "import", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "missing.csv"));

  cli (&run, "-p", text_project, "tables", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "fake.segmenta"));

  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (g_strstrip (run.out), ==, "[]");
  run_clear (&run);
}

static void
test_export_round_trip (CliFixture    *fixture,
                        gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "people.csv",
                                       "name,score,joined,zip\n"
                                       "\"Smith, Ann\",42.3599611,2024-01-05,0123\n"
                                       "-minus,0.1,2024-02-29,4567\n"
                                       "\"quote \"\"q\"\"\",1e-7,2023-12-31,\n");
  g_autofree char *out_path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *written = NULL;
  g_autofree char *first = NULL;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "export", "people", "-o", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "name,score,joined,zip\r\n"
                   "\"Smith, Ann\",42.3599611,2024-01-05,0123\r\n"
                   "'-minus,0.1,2024-02-29,4567\r\n"
                   "\"quote \"\"q\"\"\",1e-07,2023-12-31,\r\n");

  cli (&run, "-p", fixture->project, "export", "people", "--raw", "--bom", "-o", out_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (out_path, &written, NULL, NULL));
  g_assert_true (g_str_has_prefix (written, "\xef\xbb\xbfname,score"));
  g_assert_nonnull (strstr (written, "\r\n-minus,"));

  cli (&run, "-p", fixture->project, "--quiet", "import", out_path, "--table", "again", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "export", "people", "--raw", "-o", "-", NULL);
  first = g_strdup (run.out);
  cli (&run, "-p", fixture->project, "export", "again", "--raw", "-o", "-", NULL);
  g_assert_cmpstr (first, ==, run.out);

  cli (&run, "-p", fixture->project, "export", "people", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "-p", fixture->project, "export", "nope", "-o", out_path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
}

static void
test_rfm (CliFixture    *fixture,
          gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "orders.csv",
                                       "invoice,day,customer,amount\n"
                                       "1,2024-01-10,A,100\n"
                                       "2,2024-03-01,A,50\n"
                                       "3,2024-02-15,B,200\n"
                                       "4,2024-03-09,C,500\n");
  g_autoptr(JsonNode) summary = NULL;
  JsonObject *object;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "--json", "rfm", "--orders", "orders", "--customer", "customer",
       "--date", "day", "--amount", "amount", "--invoice", "invoice", NULL);
  g_assert_cmpint (run.status, ==, 0);
  summary = parse_json (run.out);
  object = json_node_get_object (summary);
  g_assert_cmpstr (json_object_get_string_member (object, "table"), ==, "rfm");
  g_assert_cmpint (json_object_get_int_member (object, "customers"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "as_of"), ==, "2024-03-10");
  g_assert_true (json_object_has_member (object, "segments"));

  cli (&run, "-p", fixture->project, "rfm", "--orders", "orders", "--customer", "customer", "--date", "day", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "-p", fixture->project, "rfm", "--orders", "orders", "--customer", "nobody", "--date", "day",
       "--amount", "amount", "--output-table", "other", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--customer"));
  cli (&run, "-p", fixture->project, "rfm", "--orders", "orders", "--customer", "customer", "--date", "day",
       "--amount", "amount", "--returns", "sometimes", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--returns"));
  run_clear (&run);
}

/* The sample shop end to end: RFM, then the analyses, as a script would
 * run them; every JSON answer has the members the documentation names. */
static void
test_segmentation (CliFixture    *fixture,
                   gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  static const char *const cluster_members[] = {
    "run", "algorithm", "k", "sizes", "inertia", "silhouette", "calinski_harabasz",
    "davies_bouldin", "iterations", "seconds", "output_table", NULL
  };
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 total = 0;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "rfm", "--orders", "orders", "--customer", "customer_id",
       "--date", "invoice_date", "--quantity", "quantity", "--price", "unit_price", "--invoice", "invoice", NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "--json", "suggest-k", "--table", "rfm",
       "--columns", "recency,frequency,monetary", "--log", "frequency,monetary", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  array = json_object_get_array_member (object, "scores");
  g_assert_cmpuint (json_array_get_length (array), ==, 9);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "k"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "recommended_k"), >=, 2);
  g_assert_cmpint (json_object_get_int_member (object, "recommended_k"), <=, 10);
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "cluster", "--table", "rfm", "--columns", "recency,frequency,monetary",
       "--algorithm", "kmeans", "--k", "4", "--scale", "standard", "--log", "frequency,monetary",
       "--seed", "3", "--n-init", "5", "--max-iter", "200", "--output-table", "segments", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  for (guint i = 0; cluster_members[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, cluster_members[i]));
  g_assert_cmpint (json_object_get_int_member (object, "run"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "k"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "output_table"), ==, "segments");
  array = json_object_get_array_member (object, "sizes");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      total += json_array_get_int_element (array, i);
      if (i > 0)
        g_assert_cmpint (json_array_get_int_element (array, i), <=, json_array_get_int_element (array, i - 1));
    }
  g_assert_cmpint (total, ==, 2348);
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "cluster", "--table", "rfm", "--columns", "recency,frequency",
       "--algorithm", "dbscan", "--eps", "0.3", "--min-points", "8", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "cluster", "--table", "rfm", "--columns", "recency,monetary",
       "--algorithm", "hierarchical", "--linkage", "complete", "--k", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency",
       "--algorithm", "minibatch-kmeans", "--k", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Run 4"));

  cli (&run, "-p", fixture->project, "--json", "k-distance", "--table", "rfm", "--columns", "recency,frequency",
       "--min-points", "8", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  g_assert_cmpfloat (json_object_get_double_member (object, "eps"), >, 0);
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 2348);
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "profile", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  array = json_object_get_array_member (object, "clusters");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (array, 0), "top_products")), ==, 5);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (array, 0), "name"));
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 4);
  g_clear_pointer (&answer, json_node_unref);
  cli (&run, "-p", fixture->project, "runs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "hierarchical"));

  /* Charts: each format is what its name says; a bad request writes
   * nothing and keeps what was there. */
  {
    static const char *const files[][2] = {
      { "map.png", "map" }, { "map.svg", "map" }, { "map.pdf", "map" }, { "silhouette.png", "silhouette" },
    };
    g_autofree char *elbow = g_build_filename (fixture->dir, "elbow.png", NULL);
    g_autofree char *kept = g_build_filename (fixture->dir, "kept.png", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = g_build_filename (fixture->dir, files[i][0], NULL);
        g_autofree char *head = NULL;

        cli (&run, "-p", fixture->project, "plot", "1", "--kind", files[i][1], "-o", path, NULL);
        g_assert_cmpint (run.status, ==, 0);
        g_assert_true (g_file_get_contents (path, &head, &length, NULL));
        if (g_str_has_suffix (path, ".png"))
          g_assert_true (length > 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0);
        else if (g_str_has_suffix (path, ".svg"))
          g_assert_nonnull (strstr (head, "<svg"));
        else
          g_assert_true (g_str_has_prefix (head, "%PDF-"));
      }

    cli (&run, "-p", fixture->project, "suggest-k", "--table", "rfm", "--columns", "recency,frequency",
         "--k-max", "4", "--plot", elbow, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_test (elbow, G_FILE_TEST_IS_REGULAR));

    g_assert_true (g_file_set_contents (kept, "mine", -1, NULL));
    cli (&run, "-p", fixture->project, "plot", "1", "--width", "5", "-o", kept, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--width"));
    cli (&run, "-p", fixture->project, "plot", "1", "--kind", "pie", "-o", kept, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--kind"));
    cli (&run, "-p", fixture->project, "plot", "99", "-o", kept, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "mine");
    cli (&run, "-p", fixture->project, "plot", "1", "-o", "chart.jpg", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "chart.jpg"));
  }

  /* One cluster as a target list: its rows and no others. */
  {
    g_autofree char *list = g_build_filename (fixture->dir, "cluster2.csv", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(JsonNode) profile = NULL;
    gint64 size;

    cli (&run, "-p", fixture->project, "--json", "profile", "1", NULL);
    profile = parse_json (run.out);
    size = json_object_get_int_member (json_array_get_object_element (
             json_object_get_array_member (json_node_get_object (profile), "clusters"), 1), "size");
    cli (&run, "-p", fixture->project, "export", "segments", "--cluster", "2", "-o", list, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (list, &text, NULL, NULL));
    lines = g_strsplit (text, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, size + 2);
    g_assert_true (g_str_has_prefix (lines[0], "customer,"));
    cli (&run, "-p", fixture->project, "export", "orders", "--cluster", "2", "-o", list, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "--cluster"));
  }

  /* Run again: the same figures under a new number. */
  cli (&run, "-p", fixture->project, "--json", "rerun", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  g_assert_cmpint (json_object_get_int_member (object, "run"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (object, "k"), ==, 4);
  {
    g_autoptr(JsonNode) first = NULL;

    cli (&run, "-p", fixture->project, "--json", "runs", NULL);
    first = parse_json (run.out);
    g_assert_cmpfloat (json_object_get_double_member (object, "inertia"), ==,
                       json_object_get_double_member (json_object_get_object_member (
                         json_array_get_object_element (json_node_get_array (first), 0), "metrics"), "inertia"));
  }
  g_clear_pointer (&answer, json_node_unref);
  cli (&run, "-p", fixture->project, "delete-run", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "rerun", "42", NULL);
  g_assert_cmpint (run.status, ==, 1);

  /* Deleting a run takes its tables; a second time it is not there. */
  cli (&run, "-p", fixture->project, "--json", "delete-run", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  answer = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 3);
  g_clear_pointer (&answer, json_node_unref);
  cli (&run, "-p", fixture->project, "schema", "run_3", NULL);
  g_assert_cmpint (run.status, ==, 1);
  cli (&run, "-p", fixture->project, "delete-run", "3", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "3"));
  cli (&run, "-p", fixture->project, "delete-run", "three", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* Usage errors name the option and exit with 2; bad input exits with 1. */
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency", "--eps", "0.5", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--eps"));
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency", "--k", "one", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--k"));
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency", "--algorithm", "magic", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency,shoe_size", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "shoe_size"));
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency", "--output-table", "rfm", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--output-table"));
  cli (&run, "-p", fixture->project, "profile", "99", NULL);
  g_assert_cmpint (run.status, ==, 1);
  cli (&run, "-p", fixture->project, "profile", "first", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "-p", fixture->project, "suggest-k", "--table", "rfm", "--columns", "recency", "--k-min", "1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/usage", CliFixture, NULL, cli_set_up, test_usage, cli_tear_down);
  g_test_add ("/cli/import-and-browse", CliFixture, NULL, cli_set_up, test_import_and_browse, cli_tear_down);
  g_test_add ("/cli/bad-files", CliFixture, NULL, cli_set_up, test_bad_files, cli_tear_down);
  g_test_add ("/cli/rfm", CliFixture, NULL, cli_set_up, test_rfm, cli_tear_down);
  g_test_add ("/cli/segmentation", CliFixture, NULL, cli_set_up, test_segmentation, cli_tear_down);
  g_test_add ("/cli/export-round-trip", CliFixture, NULL, cli_set_up, test_export_round_trip, cli_tear_down);

  return g_test_run ();
}
