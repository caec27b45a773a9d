/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* posix_openpt() and ptsname() */
#include "config.h"

#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seg-test-utils.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;


/* Rounds of the iterative recommenders where a test runs them: ALS's own
 * default and a few epochs of the neural model; fewer without
 * optimisation in the sanitizer build, where each costs ten times more. */
#if defined(__SANITIZE_ADDRESS__)
#define ALS_ROUNDS "2"
#define NEURAL_EPOCHS "1"
#else
#define ALS_ROUNDS "15"
#define NEURAL_EPOCHS "3"
#endif

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs the built segmenta-cli with the arguments in @args, NULL-terminated. */
static void
cli_argv (Run               *run,
          const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("SEGMENTA_CLI");
  int wait_status = 0;

  g_assert_nonnull (binary);
  run_clear (run);
  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);

  /* Whatever failed, the message ends its line, once. */
  if (run->status != 0)
    {
      g_assert_true (g_str_has_suffix (run->err, "\n"));
      g_assert_false (g_str_has_suffix (run->err, "\n\n"));
    }
}

/* Runs segmenta-cli with standard error on a terminal, where it draws its
 * progress bar, and returns what it wrote there. */
static char *
cli_on_terminal (const char *const *args,
                 int               *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) err = g_string_new (NULL);
  const char *binary = g_getenv ("SEGMENTA_CLI");
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int terminal;
  int null_fd = open ("/dev/null", O_RDWR);
  GPid pid;
  int wait_status = 0;
  char buf[4096];
  ssize_t n;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  terminal = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (terminal, >=, 0);

  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async_with_fds (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                          NULL, NULL, &pid, null_fd, null_fd, terminal, &error);
  g_assert_no_error (error);
  close (terminal);
  close (null_fd);

  /* The terminal reads back as EIO once the program has closed it. */
  while ((n = read (master, buf, sizeof buf)) > 0)
    g_string_append_len (err, buf, n);
  close (master);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);

  return g_string_free (g_steal_pointer (&err), FALSE);
}

/* The same with the arguments given, NULL-terminated. */
static void
cli (Run        *run,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  cli_argv (run, (const char *const *) args->pdata);
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

/* The node at a path such as "clusters[0].top_products" or "[2].line";
 * the empty path is the root. NULL where there is none. */
static JsonNode *
json_at (JsonNode   *root,
         const char *path)
{
  JsonNode *node = root;
  const char *p = path;

  while (node != NULL && *p != '\0')
    {
      if (*p == '.')
        p++;
      if (*p == '[')
        {
          char *end = NULL;
          guint64 index = g_ascii_strtoull (p + 1, &end, 10);

          g_assert_true (end != NULL && *end == ']');
          p = end + 1;
          if (!JSON_NODE_HOLDS_ARRAY (node) || index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), index);
        }
      else
        {
          gsize len = strcspn (p, ".[");
          g_autofree char *name = g_strndup (p, len);

          p += len;
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), name);
        }
    }

  return node;
}

/* Checks one expectation on JSON: "PATH=VALUE", "PATH#=LENGTH" (of an
 * array or object), "PATH>N", "PATH>=N", "PATH<=N", or "PATH?" for a
 * member that is there. */
static void
check_json (JsonNode   *root,
            const char *expectation)
{
  gsize len = strcspn (expectation, "#=<>?");
  g_autofree char *path = g_strndup (expectation, len);
  const char *op = expectation + len;
  JsonNode *node = json_at (root, path);
  const char *value;

  if (node == NULL)
    g_error ("no JSON member at “%s”", path);
  if (g_str_equal (op, "?"))
    return;

  if (g_str_has_prefix (op, "#="))
    {
      guint length = JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node))
                                                  : json_object_get_size (json_node_get_object (node));

      g_assert_cmpuint (length, ==, strtoul (op + 2, NULL, 10));
      return;
    }

  value = op + (g_str_has_prefix (op, ">=") || g_str_has_prefix (op, "<=") ? 2 : 1);
  if (g_str_has_prefix (op, ">="))
    g_assert_cmpfloat (json_node_get_double (node), >=, g_ascii_strtod (value, NULL));
  else if (g_str_has_prefix (op, "<="))
    g_assert_cmpfloat (json_node_get_double (node), <=, g_ascii_strtod (value, NULL));
  else if (*op == '>')
    g_assert_cmpfloat (json_node_get_double (node), >, g_ascii_strtod (value, NULL));
  else if (JSON_NODE_HOLDS_NULL (node))
    g_assert_cmpstr ("null", ==, value);
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    g_assert_cmpstr (json_node_get_string (node), ==, value);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_assert_cmpint (json_node_get_int (node), ==, g_ascii_strtoll (value, NULL, 10));
  else
    g_assert_cmpfloat (json_node_get_double (node), ==, g_ascii_strtod (value, NULL));
}

/* One command line and what it must do. In the arguments, "@" begins a
 * path in the shared folder ("@shop.segmenta"), and "@@" names the
 * sample shop's orders. An expectation is "out:TEXT" or "err:TEXT" (in
 * standard output or error), "!out:TEXT", or "json:…" (see check_json()). */
typedef struct
{
  const char *argv[20];
  int         status;
  const char *expect[8];
} CliCase;

#define P "-p", "@shop.segmenta"

static const CliCase cases[] = {
  /* The program. */
  { { "--help" }, 0, { "out:import", "out:tables", "out:schema", "out:head", "out:rejects", "out:export", "out:rfm", "out:delete-run" } },
  { { "--help" }, 0, { "out:cluster", "out:suggest-k", "out:k-distance", "out:profile", "out:runs", "out:rerun", "out:plot", "out:Exit status" } },
  { { "--help" }, 0, { "out:segments", "out:save-segment", "out:delete-segment" } },
  { { "--version" }, 0, { "out:segmenta-cli " PACKAGE_VERSION } },
  { { NULL }, 2, { "err:no command" } },
  { { "frobnicate" }, 2, { "err:frobnicate" } },
  { { "--frobnicate" }, 2, { "err:--frobnicate" } },
  { { "tables" }, 2, { "err:-p" } },

  /* import */
  { { "import", "--help" }, 0, { "out:--json", "out:--delimiter", "out:--replace" } },
  { { P, "import", "@x.csv", "--no-such-option" }, 2, { "err:--no-such-option", "err:--help" } },
  { { P, "import", "@x.csv", "--dates", "ydm" }, 2, { "err:--dates" } },
  { { P, "import", "@x.csv", "--delimiter", "ab" }, 2, { "err:--delimiter" } },
  { { P, "import", "@x.csv", "--header", "maybe" }, 2, { "err:--header" } },
  { { P, "import", "@x.csv", "--type", "0=text" }, 2, { "err:--type" } },
  { { P, "import", "@x.csv", "--type", "=text" }, 2, { "err:--type" } },
  { { P, "import", "@x.csv", "--type", "amount=money" }, 2, { "err:--type", "err:amount=money" } },
  { { "import", "--help" }, 0, { "out:by name" } },
  { { P, "import", "@x.csv", "--max-field-mib", "0" }, 2, { "err:--max-field-mib" } },
  { { P, "import", "@x.csv", "--on-bad-cell", "drop" }, 2, { "err:--on-bad-cell", "err:drop" } },
  { { "import", "--help" }, 0, { "out:--on-bad-cell", "out:reject-row" } },
  { { P, "import" }, 2, { "err:no FILE" } },
  { { P, "import", "@a.csv", "@b.csv" }, 2, { "err:one FILE" } },
  { { P, "import", "@quote.csv" }, 1, { "err:quote.csv: line 2, column 2", "!err:--help" } },
  { { P, "import", "@missing.csv" }, 1, { "err:missing.csv" } },
  { { P, "import", "@@" }, 1, { "err:orders" } },

  /* tables */
  { { "tables", "--help" }, 0, { "out:--json" } },
  { { P, "tables", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "tables", "extra" }, 2, { "err:extra" } },
  { { "-p", "@fake.segmenta", "tables" }, 1, { "err:fake.segmenta" } },
  { { "-p", "@empty.segmenta", "--json", "tables" }, 0, { "json:#=0" } },
  { { P, "--json", "tables" }, 0, { "json:#=3", "json:[0].name=orders", "json:[0].rows=50884", "json:[0].columns=7", "json:[1].name=rfm", "json:[2].source?" } },
  { { P, "tables" }, 0, { "out:NAME", "out:orders", "out:segments" } },

  /* schema */
  { { "schema", "--help" }, 0, { "out:--json" } },
  { { P, "schema", "orders", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "schema" }, 2, { "err:give one TABLE" } },
  { { P, "schema", "nope" }, 1, { "err:nope" } },
  { { P, "--json", "schema", "orders" }, 0, { "json:table=orders", "json:columns#=7", "json:columns[0].name=invoice", "json:delimiter=," } },
  { { P, "schema", "orders" }, 0, { "out:Table “orders”", "out:quantity", "out:integer" } },

  /* head */
  { { "head", "--help" }, 0, { "out:--json", "out:--lines" } },
  { { P, "head", "orders", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "head", "orders", "-n", "-1" }, 2, { "err:-n" } },
  { { P, "head" }, 2, { "err:give one TABLE" } },
  { { P, "head", "nope" }, 1, { "err:nope" } },
  { { P, "--json", "head", "segments", "-n", "2" }, 0, { "json:table=segments", "json:columns[0]=customer", "json:rows#=2", "json:rows[0]#=8" } },
  { { P, "head", "orders", "-n", "1" }, 0, { "out:invoice", "out:customer_id" } },

  /* import --append-to: usage errors change nothing. */
  { { "import", "--help" }, 0, { "out:--append-to", "out:--ignore-extra-columns" } },
  { { P, "import", "@@", "--append-to", "orders", "--replace" }, 2, { "err:--append-to and --replace" } },
  { { P, "import", "@@", "--append-to", "orders", "--table", "x" }, 2, { "err:--append-to", "err:--table" } },
  { { P, "import", "@@", "--append-to", "orders", "--type", "2=integer" }, 2, { "err:--append-to", "err:--type" } },
  { { P, "import", "@@", "--append-to", "" }, 2, { "err:--append-to" } },
  { { P, "import", "@@", "--ignore-extra-columns" }, 2, { "err:--ignore-extra-columns", "err:--append-to" } },
  { { P, "import", "@@", "--append-to", "nope" }, 1, { "err:no table “nope”" } },
  { { P, "import", "@@", "--append-to", "rfm" }, 1, { "err:“rfm”", "err:analysis" } },
  { { P, "import", "@quote.csv", "--append-to", "orders" }, 1, { "err:quote.csv" } },

  /* rejects */
  { { "rejects", "--help" }, 0, { "out:--json" } },
  { { P, "rejects", "orders", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "rejects" }, 2, { "err:give one TABLE" } },
  { { P, "rejects", "nope" }, 1, { "err:nope" } },
  { { P, "--json", "rejects", "orders" }, 0, { "json:#=0" } },
  { { P, "rejects", "orders" }, 0, { "out:No rejected rows in “orders”" } },

  /* export */
  { { "export", "--help" }, 0, { "out:--json", "out:--bom", "out:--cluster" } },
  { { P, "export", "orders", "-o", "-", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "export", "orders" }, 2, { "err:-o FILE" } },
  { { P, "export", "segments", "--cluster", "-1", "-o", "-" }, 2, { "err:--cluster" } },
  { { P, "export", "segments", "--figures", "-o", "-" }, 2, { "err:--figures" } },
  { { P, "export", "nope", "-o", "-" }, 1, { "err:nope" } },
  { { P, "export", "orders", "--cluster", "2", "-o", "-" }, 1, { "err:--cluster" } },
  { { P, "export", "segments", "-o", "@nowhere/list.csv" }, 1, { "err:list.csv" } },
  { { "export", "--help" }, 0, { "out:--segment=SEGMENT", "out:--key=COLUMN" } },
  { { P, "export", "orders", "--segment", "nobody", "-o", "-" }, 1, { "err:--segment", "err:nobody" } },
  { { P, "export", "orders", "--key", "customer_id", "-o", "-" }, 2, { "err:--key" } },
  { { P, "export", "segments", "--cluster", "1", "--segment", "Loyal", "-o", "-" }, 2, { "err:not both" } },
  { { P, "export", "orders", "--segment", "Loyal", "--key", "shoe_size", "-o", "-" }, 1, { "err:--key", "err:shoe_size" } },
  { { P, "export", "orders", "--segment", "Loyal", "-o", "-" }, 0, { "out:invoice", "out:C0" } },
  { { P, "export", "rfm", "-o", "-" }, 0, { "out:customer,recency," } },

  /* rfm */
  { { "rfm", "--help" }, 0, { "out:--json", "out:--orders", "out:--returns" } },
  { { P, "rfm", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "rfm", "--orders", "orders", "--customer", "customer_id", "--date", "invoice_date" }, 2, { "err:--amount" } },
  { { P, "rfm", "--orders", "orders", "--customer", "c", "--date", "d", "--amount", "a", "--returns", "sometimes" }, 2, { "err:--returns" } },
  { { P, "rfm", "extra" }, 2, { "err:extra" } },
  { { P, "rfm", "--orders", "orders", "--customer", "nobody", "--date", "invoice_date", "--amount", "unit_price", "-o", "other" }, 1, { "err:--customer" } },

  /* predict-table */
  { { "predict-table", "--help" }, 0, { "out:--cutoff", "out:--horizon", "out:--target", "out:--splits" } },
  { { P, "predict-table", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "predict-table", "--orders", "orders", "--cutoff", "2024-09-01", "--horizon", "30" }, 2, { "err:--target" } },
  { { P, "predict-table", "--orders", "orders", "--cutoff", "2024-09-01", "--horizon", "30", "--target", "maybe" }, 2, { "err:--target", "err:maybe" } },
  { { P, "predict-table", "--orders", "orders", "--cutoff", "2024-09-01", "--horizon", "30", "--target", "buys-item" }, 2, { "err:--target-item" } },
  { { P, "predict-table", "--orders", "orders", "--cutoff", "2024-09-01", "--horizon", "30", "--target", "churn", "--splits", "train,later" }, 2, { "err:--splits", "err:later" } },
  { { P, "predict-table", "--orders", "orders", "--cutoff", "2024-09-01", "--horizon", "30", "--target", "churn", "extra" }, 2, { "err:extra" } },

  /* cluster */
  { { "cluster", "--help" }, 0, { "out:--json", "out:--columns", "out:--eps", "out:--linkage" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "cluster", "--table", "rfm" }, 2, { "err:--columns" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--eps", "0.5" }, 2, { "err:--eps", "err:--help" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--k", "one" }, 2, { "err:--k" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--algorithm", "magic" }, 2, { "err:--algorithm" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--scale", "huge" }, 2, { "err:--scale" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency,shoe_size" }, 1, { "err:shoe_size", "!err:--help" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--output-table", "rfm" }, 1, { "err:--output-table" } },
  { { "cluster", "--help" }, 0, { "out:--segment=SEGMENT" } },
  { { "rfm", "--help" }, 0, { "out:--segment=SEGMENT" } },
  { { P, "rfm", "--orders", "orders", "--customer", "customer_id", "--date", "invoice_date", "--amount", "unit_price",
      "--segment", "nobody", "-o", "rfm_nobody" }, 1, { "err:--segment", "err:nobody", "!err:--help" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--segment", "nobody" }, 1, { "err:--segment", "err:nobody", "!err:--help" } },
  { { P, "cluster", "--table", "rfm", "--columns", "recency", "--key", "shoe_size", "--segment", "Loyal" }, 1, { "err:--key", "err:shoe_size" } },

  /* suggest-k */
  { { "suggest-k", "--help" }, 0, { "out:--json", "out:--k-min", "out:--plot" } },
  { { P, "suggest-k", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "suggest-k", "--table", "rfm", "--columns", "recency", "--k-min", "1" }, 2, { "err:--k-min" } },
  { { P, "suggest-k", "--table", "rfm", "--columns", "shoe_size" }, 1, { "err:shoe_size" } },
  { { P, "--json", "suggest-k", "--table", "rfm", "--columns", "recency,frequency,monetary", "--log", "frequency,monetary" }, 0,
    { "json:scores#=9", "json:scores[0].k=2", "json:recommended_k>=2", "json:recommended_k<=10", "json:rows=2348" } },
  { { P, "suggest-k", "--table", "rfm", "--columns", "recency,frequency", "--k-max", "3" }, 0, { "out:Recommended: k =", "out:silhouette" } },

  /* k-distance */
  { { "k-distance", "--help" }, 0, { "out:--json", "out:--min-points" } },
  { { P, "k-distance", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "k-distance", "--table", "rfm", "--columns", "recency", "--min-points", "0" }, 2, { "err:--min-points" } },
  { { P, "k-distance", "--table", "rfm", "--columns", "shoe_size" }, 1, { "err:shoe_size" } },
  { { P, "--json", "k-distance", "--table", "rfm", "--columns", "recency,frequency", "--min-points", "8" }, 0,
    { "json:eps>0", "json:rows=2348", "json:min_points=8", "json:curve#=21" } },
  { { P, "k-distance", "--table", "rfm", "--columns", "recency,frequency" }, 0, { "out:← knee", "out:--eps" } },

  /* profile */
  { { "profile", "--help" }, 0, { "out:--json", "out:--product" } },
  { { P, "profile", "1", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "profile", "first" }, 2, { "err:first" } },
  { { P, "profile" }, 2, { "err:run number" } },
  { { P, "profile", "99" }, 1, { "err:99" } },
  { { P, "profile", "1", "--product", "colour" }, 1, { "err:--product" } },
  { { P, "--json", "profile", "1" }, 0,
    { "json:run=1", "json:clusters#=4", "json:clusters[0].top_products#=5", "json:clusters[0].name?", "json:clusters[0].features#=3", "json:overall.recency.mean>0" } },
  { { P, "profile", "1" }, 0, { "out:Cluster 1 · ", "out:Bought most" } },

  /* runs */
  { { "runs", "--help" }, 0, { "out:--json" } },
  { { P, "runs", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "runs", "extra" }, 2, { "err:extra" } },
  { { "-p", "@fake.segmenta", "runs" }, 1, { "err:fake.segmenta" } },
  { { P, "--json", "runs" }, 0, { "json:#=1", "json:[0].run=1", "json:[0].algorithm=kmeans", "json:[0].tables[0]=segments", "json:[0].metrics.k=4" } },
  { { P, "runs" }, 0, { "out:kmeans", "out:segments" } },
  { { "-p", "@empty.segmenta", "runs" }, 0, { "out:No runs yet" } },

  /* recommend */
  { { "recommend", "--help" }, 0, { "out:--json", "out:--table", "out:--user", "out:--item", "out:--top" } },
  { { "recommend", "--help" }, 0, { "out:--value", "out:--date", "out:--feedback", "out:--for", "out:--items-table", "out:--segment-run", "out:item-knn" } },
  { { "evaluate-recommender", "--help" }, 0, { "out:--protocol", "out:--folds", "out:--k", "out:--test-share", "out:--last-n" } },
  { { "evaluate-recommender", "--help" }, 0, { "out:--compare", "out:als,ease,neural", "out:als (the default for purchases)" } },
  { { "recommend", "--help" }, 0, { "out:als (the default for purchases)", "out:svdpp (the default for ratings)" } },
  { { "audience", "--help" }, 0, { "out:--run", "out:--item", "out:--top" } },
  { { "similar", "--help" }, 0, { "out:--run", "out:--item" } },
  { { P, "recommend", "--table", "orders", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "recommend" }, 2, { "err:--table" } },
  { { P, "recommend", "--table", "orders", "--top", "0" }, 2, { "err:--top" } },
  { { P, "recommend", "--table", "orders", "--algorithm", "kmeans" }, 2, { "err:--algorithm" } },
  { { P, "recommend", "--table", "orders", "--k", "3" }, 2, { "err:--k" } },
  { { P, "recommend", "--table", "orders", "--user", "unit_price" }, 1, { "err:--user", "err:unit_price" } },
  { { P, "recommend", "--table", "orders", "--item", "colour" }, 1, { "err:--item", "err:colour" } },
  { { P, "recommend", "--table", "nowhere" }, 1, { "err:nowhere" } },
  { { "recommend", "--help" }, 0, { "out:--segment=SEGMENT" } },
  { { P, "recommend", "--table", "orders", "--segment", "nobody" }, 1, { "err:--segment", "err:nobody", "!err:--help" } },

  /* rerun */
  { { "rerun", "--help" }, 0, { "out:--json" } },
  { { P, "rerun", "1", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "rerun", "x" }, 2, { "err:“x”" } },
  { { P, "rerun", "42" }, 1, { "err:42" } },

  /* delete-run */
  { { "delete-run", "--help" }, 0, { "out:--json" } },
  { { P, "delete-run", "1", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "delete-run", "three" }, 2, { "err:three" } },
  { { P, "delete-run", "42" }, 1, { "err:42" } },

  /* segments */
  { { "segments", "--help" }, 0, { "out:--json" } },
  { { P, "segments", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "segments", "extra" }, 2, { "err:extra" } },
  { { "-p", "@fake.segmenta", "segments" }, 1, { "err:fake.segmenta" } },
  { { P, "--json", "segments" }, 0,
    { "json:#=1", "json:[0].id=1", "json:[0].name=Loyal", "json:[0].customers>0", "json:[0].source.run=1", "json:[0].source.cluster=1", "json:[0].created_at?" } },
  { { P, "segments" }, 0, { "out:customers", "out:Loyal", "out:run 1, cluster 1" } },
  { { "-p", "@empty.segmenta", "segments" }, 0, { "out:No segments yet" } },

  /* save-segment */
  { { "save-segment", "--help" }, 0, { "out:--json", "out:--name", "out:--run", "out:--cluster", "out:--from-table", "out:--key" } },
  { { P, "save-segment", "--name", "x", "--run", "1", "--cluster", "1", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "save-segment", "--run", "1", "--cluster", "1" }, 2, { "err:--name" } },
  { { P, "save-segment", "--name", "x" }, 2, { "err:--run", "err:--from-table" } },
  { { P, "save-segment", "--name", "x", "--run", "1", "--cluster", "1", "--from-table", "rfm", "--key", "customer" }, 2, { "err:not both" } },
  { { P, "save-segment", "--name", "x", "--run", "1" }, 2, { "err:--cluster" } },
  { { P, "save-segment", "--name", "x", "--run", "one", "--cluster", "1" }, 2, { "err:--run", "err:“one”" } },
  { { P, "save-segment", "--name", "x", "--from-table", "rfm" }, 2, { "err:--key" } },
  { { P, "save-segment", "--name", "x", "--run", "1", "--cluster", "1", "--key", "customer" }, 2, { "err:--key" } },
  { { P, "save-segment", "extra", "--name", "x", "--run", "1", "--cluster", "1" }, 2, { "err:extra" } },
  { { P, "save-segment", "--name", "x", "--run", "42", "--cluster", "1" }, 1, { "err:--run", "err:42", "!err:--help" } },
  { { P, "save-segment", "--name", "x", "--run", "1", "--cluster", "9" }, 1, { "err:--cluster", "err:9" } },
  { { P, "save-segment", "--name", "x", "--from-table", "nowhere", "--key", "customer" }, 1, { "err:--from-table", "err:nowhere" } },
  { { P, "save-segment", "--name", "x", "--from-table", "rfm", "--key", "shoe_size" }, 1, { "err:--key", "err:shoe_size" } },
  { { P, "save-segment", "--name", "LOYAL", "--run", "1", "--cluster", "2" }, 1, { "err:--name", "err:Loyal" } },
  { { P, "save-segment", "--name", "  ", "--run", "1", "--cluster", "2" }, 1, { "err:--name" } },

  /* delete-segment */
  { { "delete-segment", "--help" }, 0, { "out:--json", "out:SEGMENT" } },
  { { P, "delete-segment", "Loyal", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "delete-segment" }, 2, { "err:give one SEGMENT" } },
  { { P, "delete-segment", "Loyal", "extra" }, 2, { "err:give one SEGMENT" } },
  { { P, "delete-segment", "nobody" }, 1, { "err:nobody" } },
  { { P, "delete-segment", "42" }, 1, { "err:42" } },

  /* plot */
  { { "plot", "--help" }, 0, { "out:--json", "out:--kind", "out:--width" } },
  { { P, "plot", "1", "-o", "@map.png", "--bogus" }, 2, { "err:--bogus" } },
  { { P, "plot", "1" }, 2, { "err:--output" } },
  { { P, "plot", "1", "--width", "5", "-o", "@kept.png" }, 2, { "err:--width" } },
  { { P, "plot", "1", "--kind", "pie", "-o", "@kept.png" }, 2, { "err:--kind" } },
  { { P, "plot", "99", "-o", "@kept.png" }, 1, { "err:99" } },
  { { P, "plot", "1", "-o", "chart.jpg" }, 1, { "err:chart.jpg" } },
  { { P, "--json", "plot", "1", "--kind", "silhouette", "-o", "@silhouette.svg" }, 0, { "json:run=1", "json:kind=silhouette", "json:rows=2348" } },
};

#undef P

/* The folder the table's cases share: the sample shop imported, scored
 * by RFM and clustered once (run 1, table "segments") with its first
 * cluster saved as the segment "Loyal", an empty project,
 * a file that is no project and a file with a quote that never ends. */
static char *shared_dir;

static char *
shared_path (const char *name)
{
  return g_build_filename (shared_dir, name, NULL);
}

static void
shared_set_up (void)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *project = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *fake = NULL;
  Run run = { 0 };

  if (shared_dir != NULL)
    return;

  shared_dir = g_dir_make_tmp ("segmenta-cli-shared-XXXXXX", NULL);
  project = shared_path ("shop.segmenta");
  empty = shared_path ("empty.segmenta");
  quote = shared_path ("quote.csv");
  fake = shared_path ("fake.segmenta");
  g_assert_true (g_file_set_contents (quote, "a,b\n1,\"2\n3,4\n", -1, NULL));
  g_assert_true (g_file_set_contents (fake, "this is no database, just text\n", -1, NULL));

  cli (&run, "-p", project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", project, "--quiet", "rfm", "--orders", "orders", "--customer", "customer_id",
       "--date", "invoice_date", "--quantity", "quantity", "--price", "unit_price", "--invoice", "invoice", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", project, "--quiet", "cluster", "--table", "rfm", "--columns", "recency,frequency,monetary",
       "--k", "4", "--log", "frequency,monetary", "--seed", "3", "--output-table", "segments", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", project, "--quiet", "save-segment", "--name", "Loyal", "--run", "1", "--cluster", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* A failed import still leaves the project it created, empty. */
  cli (&run, "-p", empty, "import", quote, NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
}

/* Runs one case of the table. */
static void
test_case (gconstpointer data)
{
  const CliCase *c = data;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(JsonNode) json = NULL;
  Run run = { 0 };

  shared_set_up ();
  for (guint i = 0; c->argv[i] != NULL; i++)
    {
      const char *arg = c->argv[i];

      if (g_str_equal (arg, "@@"))
        g_ptr_array_add (paths, g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL));
      else if (arg[0] == '@')
        g_ptr_array_add (paths, shared_path (arg + 1));
      if (arg[0] == '@')
        arg = g_ptr_array_index (paths, paths->len - 1);
      g_ptr_array_add (args, (gpointer) arg);
    }
  g_ptr_array_add (args, NULL);

  cli_argv (&run, (const char *const *) args->pdata);
  if (run.status != c->status)
    g_test_message ("stdout: %s\nstderr: %s", run.out, run.err);
  g_assert_cmpint (run.status, ==, c->status);

  for (guint i = 0; i < G_N_ELEMENTS (c->expect) && c->expect[i] != NULL; i++)
    {
      const char *expect = c->expect[i];
      gboolean negated = expect[0] == '!';

      if (negated)
        expect++;
      if (g_str_has_prefix (expect, "json:"))
        {
          if (json == NULL)
            json = parse_json (run.out);
          check_json (json, expect + 5);
        }
      else if (g_str_has_prefix (expect, "out:") || g_str_has_prefix (expect, "err:"))
        {
          const char *text = expect[0] == 'o' ? run.out : run.err;

          if (negated)
            g_assert_null (strstr (text, expect + 4));
          else if (strstr (text, expect + 4) == NULL)
            g_error ("“%s” is not in: %s", expect + 4, text);
        }
      else
        g_assert_not_reached ();
    }
  run_clear (&run);
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

/* A usage error touches nothing: the project is not even created. */
static void
test_usage_creates_nothing (CliFixture    *fixture,
                            gconstpointer  data)
{
  static const char *const commands[][4] = {
    { "import", "x.csv", "--dates", "ydm" },
    { "import", "x.csv", "--delimiter", "ab" },
    { "import", "x.csv", "--type", "x=y" },
    { "tables", "extra", NULL },
    { "cluster", "--table", "rfm", NULL },
    { "save-segment", "--run", "1", NULL },
    { "delete-segment", NULL, NULL, NULL },
  };
  Run run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      cli (&run, "-p", fixture->project, commands[i][0], commands[i][1], commands[i][2], commands[i][3], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_false (g_file_test (fixture->project, G_FILE_TEST_EXISTS));
    }
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

  run_clear (&run);
}

/* A value that does not fit its column empties its cell by default, and
 * leaves its whole row out when asked. */
static void
test_import_bad_cells (CliFixture    *fixture,
                       gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "scores.csv",
                                       "name,score\n"
                                       "Ann,12\n"
                                       "Bob,lots\n"
                                       "Cy,7\n");
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) rejects = NULL;
  JsonObject *object;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--json", "import", csv, "--type", "2=integer", NULL);
  g_assert_cmpint (run.status, ==, 0);
  summary = parse_json (run.out);
  object = json_node_get_object (summary);
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "emptied"), ==, 1);

  cli (&run, "-p", fixture->project, "--json", "rejects", "scores", NULL);
  g_assert_cmpint (run.status, ==, 0);
  rejects = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rejects)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (rejects), 0);
  g_assert_cmpint (json_object_get_int_member (object, "line"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "column"), ==, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "reason"), "emptied"));

  /* The column may be named instead of numbered, in any case. */
  cli (&run, "-p", fixture->project, "import", csv, "--type", "SCORE=integer", "--replace", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "1 value did not fit"));
  g_assert_nonnull (strstr (run.out, "rejects"));

  cli (&run, "-p", fixture->project, "--json", "import", csv, "--type", "score=integer",
       "--on-bad-cell", "reject-row", "--replace", NULL);
  g_assert_cmpint (run.status, ==, 0);
  again = parse_json (run.out);
  object = json_node_get_object (again);
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "emptied"), ==, 0);

  run_clear (&run);
}

/* Rows added to a table: the count, the matched columns, the failures
 * with their file, line and column and exit status 1, the table
 * unchanged by them; then the history says which runs are stale. */
static void
test_import_append (CliFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *orders = fixture_file (fixture, "orders.csv",
                                          "invoice,date,customer,sku,quantity,price\n"
                                          "A1,2024-01-05,C1,P1,2,9.50\n"
                                          "A2,2024-01-06,C2,P2,1,20\n"
                                          "A3,2024-01-07,C1,P2,3,20\n");
  g_autofree char *week = fixture_file (fixture, "week.csv",
                                        "Customer , SKU,quantity,invoice\n"
                                        "C3,P1,1,B1\n"
                                        "C1,P3,two,B2\n");
  g_autofree char *extra = fixture_file (fixture, "coupons.csv",
                                         "invoice,customer,sku,coupon\n"
                                         "B3,C2,P1,SPRING\n");
  g_autofree char *broken = fixture_file (fixture, "broken.csv",
                                          "invoice,customer\n"
                                          "B4,C1\n"
                                          "B5,\"C2\n");
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) runs = NULL;
  g_autoptr(JsonNode) tables = NULL;
  g_autoptr(JsonNode) rejects = NULL;
  JsonObject *object;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "recommend", "--table", "orders", "--user", "customer",
       "--item", "sku", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "runs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "stale"));

  cli (&run, "-p", fixture->project, "import", week, "--append-to", "ORDERS", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Added 2 rows to “orders” from week.csv"));
  g_assert_nonnull (strstr (run.out, "(now 5 rows)"));
  g_assert_nonnull (strstr (run.out, "week.csv: line 3, column 3: “two” in column “quantity” is not a whole number"));
  g_assert_nonnull (strstr (run.out, "The file has no columns “date” and “price”"));

  /* A column the table lacks, then a file that breaks off: nothing is added. */
  cli (&run, "-p", fixture->project, "import", extra, "--append-to", "orders", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "segmenta-cli: coupons.csv: the table “orders” has no column “coupon”; remove it"
                                " from the file or choose to leave out the columns the table does not have"
                                " (--ignore-extra-columns)\n");
  cli (&run, "-p", fixture->project, "import", broken, "--append-to", "orders", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "broken.csv: line 3, column 2"));
  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  tables = parse_json (run.out);
  object = json_array_get_object_element (json_node_get_array (tables), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "orders");
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 5);

  cli (&run, "-p", fixture->project, "--json", "import", extra, "--append-to", "orders", "--ignore-extra-columns", NULL);
  g_assert_cmpint (run.status, ==, 0);
  summary = parse_json (run.out);
  object = json_node_get_object (summary);
  g_assert_true (json_object_get_boolean_member (object, "appended"));
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "table_rows"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (object, "table"), ==, "orders");

  /* The rejects list names the file each row came from. */
  cli (&run, "-p", fixture->project, "--json", "rejects", "orders", NULL);
  rejects = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rejects)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (rejects), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, "week.csv");
  g_assert_cmpint (json_object_get_int_member (object, "line"), ==, 3);

  /* The run read 3 order lines; 3 were added since. */
  cli (&run, "-p", fixture->project, "runs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "stale: 3 new rows"));
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  runs = parse_json (run.out);
  object = json_array_get_object_element (json_node_get_array (runs), 0);
  g_assert_true (json_object_get_boolean_member (object, "stale"));
  g_assert_cmpint (json_object_get_int_member (object, "new_rows"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "data"), ==, "rows-added");

  /* Run again: the new run is current, the old one still stale. */
  cli (&run, "-p", fixture->project, "--quiet", "rerun", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&runs, json_node_unref);
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  runs = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (runs)), ==, 2);
  object = json_array_get_object_element (json_node_get_array (runs), 1);
  g_assert_false (json_object_get_boolean_member (object, "stale"));
  g_assert_cmpstr (json_object_get_string_member (object, "data"), ==, "current");
  object = json_array_get_object_element (json_node_get_array (runs), 0);
  g_assert_true (json_object_get_boolean_member (object, "stale"));

  run_clear (&run);
}

/* A sheet of a workbook adds its rows like a text file; a workbook of
 * several sheets needs the one named. */
static void
test_workbook_append (CliFixture    *fixture,
                      gconstpointer  data)
{
  g_autofree char *xlsx = g_test_build_filename (G_TEST_DIST, "data", "workbook.xlsx", NULL);
  g_autoptr(JsonNode) summary = NULL;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", xlsx, "--sheet", "Orders", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Like --table for several sheets, a usage error. */
  cli (&run, "-p", fixture->project, "import", xlsx, "--append-to", "Orders", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--sheet"));
  g_assert_nonnull (strstr (run.err, "workbook.xlsx has 2 sheets"));

  cli (&run, "-p", fixture->project, "import", xlsx, "--append-to", "Orders", "--sheet", "Orders", "--sheet", "Customers 2", NULL);
  g_assert_cmpint (run.status, ==, 2);

  cli (&run, "-p", fixture->project, "--json", "import", xlsx, "--append-to", "Orders", "--sheet", "Orders", NULL);
  g_assert_cmpint (run.status, ==, 0);
  summary = parse_json (run.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (summary), "rows"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (summary), "table_rows"), ==, 8);

  run_clear (&run);
}

/* Workbooks: every sheet a table named after it, or the sheets asked
 * for; a missing sheet or a damaged sheet changes nothing; a table
 * exported under a .xlsx name comes back the same. */
static void
test_workbook (CliFixture    *fixture,
               gconstpointer  data)
{
  g_autofree char *xlsx = g_test_build_filename (G_TEST_DIST, "data", "workbook.xlsx", NULL);
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "workbook-missing-part.xlsx", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "orders out.xlsx", NULL);
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) tables = NULL;
  g_autoptr(JsonNode) back = NULL;
  JsonArray *array;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--json", "import", xlsx, NULL);
  g_assert_cmpint (run.status, ==, 0);
  summary = parse_json (run.out);
  array = json_node_get_array (summary);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "table"), ==, "Orders");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "sheet"), ==, "Customers 2");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "rows"), ==, 4);

  /* Again: the names are made unique. */
  cli (&run, "-p", fixture->project, "import", xlsx, "--sheet", "Orders", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "“Orders_2”"));

  cli (&run, "-p", fixture->project, "import", xlsx, "--sheet", "Nope", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "segmenta-cli: --sheet: workbook.xlsx has no sheet “Nope”\n");

  /* The first sheet imports, the second is missing: neither stays. */
  cli (&run, "-p", fixture->project, "import", bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_suffix (run.err, "is listed but its part is missing from the workbook\n"));
  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  tables = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (tables)), ==, 3);

  cli (&run, "-p", fixture->project, "export", "Orders", "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "import", out, "--table", "back", NULL);
  g_assert_cmpint (run.status, ==, 0);
  back = parse_json (run.out);
  array = json_node_get_array (back);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "rows"), ==, 4);

  /* One --table for two sheets is a usage error. */
  cli (&run, "-p", fixture->project, "import", xlsx, "--table", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "segmenta-cli: --table: "));

  run_clear (&run);
}

/* A command that fails while its progress bar is up still ends standard
 * error with its message and a newline, not with the bar's wiping. */
static void
test_error_after_progress (void)
{
  g_autofree char *project = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "-p", NULL, "cluster", "--table", "rfm", "--columns", "recency,shoe_size", NULL };
  int status;

  shared_set_up ();
  project = shared_path ("shop.segmenta");
  args[1] = project;
  err = cli_on_terminal (args, &status);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "shoe_size"));
  /* A terminal turns each newline into a carriage return and newline. */
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_null (strstr (strstr (err, "segmenta-cli: "), "\r\n\r"));
}

/* --type names a column by its number or its header. */
static void
test_import_type_by_name (CliFixture    *fixture,
                          gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "codes.csv",
                                       "id,post code,a=b\n"
                                       "1,12345,7\n"
                                       "2,23456,8\n");
  g_autoptr(JsonNode) summary = NULL;
  JsonArray *columns;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--json", "import", csv,
       "--type", "post code=text", "--type", "a=b=real", "--type", "1=text", NULL);
  g_assert_cmpint (run.status, ==, 0);
  summary = parse_json (run.out);
  columns = json_object_get_array_member (json_node_get_object (summary), "columns");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 0), "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 1), "type"), ==, "text");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, 2), "type"), ==, "real");

  /* An unknown name is a usage error that names the option and the
   * column, and imports nothing. */
  cli (&run, "-p", fixture->project, "import", csv, "--table", "other", "--type", "zip=text", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--type"));
  g_assert_nonnull (strstr (run.err, "“zip”"));
  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "other"));

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

/* Labelled customer tables of the sample shop: the train and test rows
 * of a cut-off, score rows, a clustering run's segments, and bad input
 * refused with the option named and the project as it was. */
static void
test_predict_table (CliFixture    *fixture,
                    gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *tables_before = NULL;
  g_autoptr(JsonNode) answer = NULL;
  static const struct { const char *option; const char *value; const char *words; } bad[] = {
    { "--cutoff", "2022-12-01", "--cutoff" },
    { "--cutoff", "2025-02-01", "--cutoff" },
    { "--cutoff", "2024-12-20", "needs orders up to 2025-01-18" },
    { "--horizon", "0", "--horizon" },
    { "--customer", "shoe_size", "--customer" },
    { "--target-item", "TEA-9999", "--target-item" },
  };
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "--json", "predict-table", "--orders", "orders", "--item", "sku",
       "--cutoff", "2024-09-01", "--horizon", "30", "--target", "buys-again", "--splits", "train,test,score", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "table=predict");
  check_json (answer, "cutoff=2024-09-01");
  check_json (answer, "target_description=Buys again within 30 days of 1 Sep 2024");
  check_json (answer, "rows.train=2035");
  check_json (answer, "rows.test=2067");
  check_json (answer, "rows.score=2348");
  check_json (answer, "score_as_of=2025-01-01");
  check_json (answer, "lines=50884");
  check_json (answer, "features#=25");
  check_json (answer, "target_mean.test>0.1");
  g_clear_pointer (&answer, json_node_unref);

  /* Segments from a clustering run of the RFM scores. */
  cli (&run, "-p", fixture->project, "--quiet", "rfm", "--orders", "orders", "--customer", "customer_id",
       "--date", "invoice_date", "--quantity", "quantity", "--price", "unit_price", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "cluster", "--table", "rfm", "--columns", "recency,frequency,monetary",
       "--k", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "predict-table", "--orders", "orders", "--cutoff", "2024-09-01",
       "--horizon", "30", "--target", "spend", "--segment-run", "1", "--output", "spend", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "features[14]=segment");
  check_json (answer, "target_mean.train>1");
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  g_assert_cmpint (run.status, ==, 0);
  tables_before = g_strdup (run.out);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *option = g_str_equal (bad[i].option, "--customer") ? "--customer" : "--invoice";
      const char *value = g_str_equal (bad[i].option, "--customer") ? bad[i].value : "invoice";

      cli (&run, "-p", fixture->project, "predict-table", "--orders", "orders", "--item", "sku",
           "--cutoff", g_str_equal (bad[i].option, "--cutoff") ? bad[i].value : "2024-09-01",
           "--horizon", g_str_equal (bad[i].option, "--horizon") ? bad[i].value : "30",
           "--target", g_str_equal (bad[i].option, "--target-item") ? "buys-item" : "churn",
           "--target-item", g_str_equal (bad[i].option, "--target-item") ? bad[i].value : "TEA-0001",
           option, value, "-o", "refused", NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, bad[i].words));
    }
  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  g_assert_cmpstr (run.out, ==, tables_before);
  run_clear (&run);
}

/* The second kind through the same machinery: run, report, list, run
 * again and delete, with the answers every kind shares. */
static void
test_recommend (CliFixture    *fixture,
                gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  static const char *const members[] = {
    "run", "algorithm", "kind", "customers", "products", "recommendations", "catalog_coverage", "seconds",
    "timings", "output_table", "tables", "input_table", "input", "parameters", "metrics", NULL
  };
  static const char *const phases[] = { "load", "prepare", "fit", "measure", "write", NULL };
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) listed = NULL;
  JsonObject *object, *timings;
  double phase_sum = 0;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* The columns are guessed from their names when not given, and so is
   * the recommender: ALS, the best on held-out purchases. */
  cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "orders", "--top", "3",
       "--iterations", ALS_ROUNDS, "-o", "offers", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  for (guint i = 0; members[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, members[i]));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "recommendation");
  g_assert_cmpstr (json_object_get_string_member (object, "algorithm"), ==, "als");
  g_assert_cmpint (json_object_get_int_member (object, "customers"), ==, 2348);
  g_assert_cmpint (json_object_get_int_member (object, "recommendations"), ==, 2348 * 3);
  g_assert_cmpstr (json_object_get_string_member (object, "output_table"), ==, "offers");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "input"), "user"), ==, "customer_id");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "input"), "item"), ==, "sku");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "parameters"), "top"), ==, 3);
  timings = json_object_get_object_member (object, "timings");
  for (guint i = 0; phases[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (timings, phases[i]));
      g_assert_cmpfloat (json_object_get_double_member (timings, phases[i]), >=, 0.0);
      phase_sum += json_object_get_double_member (timings, phases[i]);
    }
  g_assert_cmpfloat (phase_sum, <=, json_object_get_double_member (object, "seconds"));

  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--user", "customer_id", "--item", "sku",
       "--iterations", ALS_ROUNDS, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ALS (purchases)"));
  g_assert_nonnull (strstr (run.out, "run_2"));

  /* The history lists it with its kind and figures, and the kind's
   * figures in place of the clusters' measures. */
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  listed = parse_json (run.out);
  object = json_array_get_object_element (json_node_get_array (listed), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "recommendation");
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "timings"), "fit"));
  cli (&run, "-p", fixture->project, "runs", NULL);
  g_assert_nonnull (strstr (run.out, "Recommendation"));
  g_assert_nonnull (strstr (run.out, "Offers 7044"));

  /* Run again: the same lists, in a table of its own. */
  cli (&run, "-p", fixture->project, "--json", "rerun", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&answer, json_node_unref);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  g_assert_cmpint (json_object_get_int_member (object, "run"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "recommendations"), ==, 2348 * 3);
  g_assert_cmpstr (json_object_get_string_member (object, "output_table"), ==, "run_3");

  cli (&run, "-p", fixture->project, "delete-run", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "schema", "offers", NULL);
  g_assert_cmpint (run.status, ==, 1);
  cli (&run, "-p", fixture->project, "--json", "head", "run_3", "-n", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* A table an analysis made says so, without an import's file details. */
  cli (&run, "-p", fixture->project, "schema", "run_3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "rows, made by"));
  g_assert_null (strstr (run.out, "?"));
  run_clear (&run);
}

/* The tables and runs of a project, to compare before and after. */
static char *
project_listing (CliFixture *fixture)
{
  Run run = { 0 };
  char *listing;

  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  g_assert_cmpint (run.status, ==, 0);
  listing = g_strdup (run.out);
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    char *both = g_strconcat (listing, run.out, NULL);

    g_free (listing);
    listing = both;
  }
  run_clear (&run);

  return listing;
}

/* Recommendations with names and reasons, one customer's offers, the
 * best sellers of each segment, and the evaluation with its baseline. */
static void
test_recommend_family (CliFixture    *fixture,
                       gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *products = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "products.csv", NULL);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object, *offer;
  JsonArray *offers;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", products, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "--json", "recommend", "--algorithm", "popular", "--table", "orders", "--top", "2",
       "--items-table", "products", "--item-key", "sku", "--item-name", "name_en", "--for", "C00082", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  g_assert_cmpstr (json_object_get_string_member (object, "for"), ==, "C00082");
  offers = json_object_get_array_member (object, "offers");
  g_assert_cmpuint (json_array_get_length (offers), ==, 2);
  offer = json_array_get_object_element (offers, 0);
  g_assert_cmpstr (json_object_get_string_member (offer, "customer"), ==, "C00082");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (offer, "reason"), "A best seller: "));
  g_assert_cmpint (json_object_get_int_member (object, "recommendations"), ==, 2348 * 2);
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "head", "run_1", "-n", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "item_name"));
  g_assert_nonnull (strstr (run.out, "reason"));

  /* Who to offer a product to, and what is like it, by key or name. */
  cli (&run, "-p", fixture->project, "--json", "audience", "--run", "1", "--item", "Longjing Dragon Well 100 g",
       "--top", "4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "customers#=4");
  check_json (answer, "customers[0].customer?");
  check_json (answer, "customers[0].reason?");
  g_clear_pointer (&answer, json_node_unref);
  cli (&run, "-p", fixture->project, "--json", "similar", "--run", "1", "--item", "TEA-0002", "--top", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "similar#=3");
  check_json (answer, "similar[0].name?");
  g_assert_nonnull (strstr (run.out, "customers bought both"));
  g_clear_pointer (&answer, json_node_unref);
  cli (&run, "-p", fixture->project, "similar", "--run", "1", "--item", "TEA-0002", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "similarity"));

  /* Within each customer's segment. */
  cli (&run, "-p", fixture->project, "--quiet", "rfm", "--orders", "orders", "--customer", "customer_id",
       "--date", "invoice_date", "--quantity", "quantity", "--price", "unit_price", "--invoice", "invoice", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "cluster", "--table", "rfm", "--columns", "recency,frequency,monetary",
       "--k", "3", "--seed", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--segment-run", "2", "--top", "1",
       "--for", "C00082", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Popular in your segment “"));

  /* The evaluation: last-n by the guessed date, next to the baseline. */
  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--algorithm", "popular", "--table", "orders",
       "--k", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "protocol=last-n");
  check_json (answer, "k=5");
  check_json (answer, "model.folds#=1");
  check_json (answer, "model.mean.precision?");
  check_json (answer, "model.mean.customers>=2000");
  check_json (answer, "baseline.mean.ndcg?");
  check_json (answer, "metrics.baseline_ndcg?");
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--algorithm", "popular", "--table", "orders",
       "--protocol", "kfold", "--folds", "3", "--seed", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "protocol=kfold");
  check_json (answer, "model.folds#=3");
  check_json (answer, "baseline.folds#=3");
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "evaluate-recommender", "--algorithm", "popular", "--table", "orders",
       "--protocol", "holdout", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "precision@10"));
  g_assert_nonnull (strstr (run.out, "best sellers"));

  cli (&run, "-p", fixture->project, "runs", NULL);
  g_assert_nonnull (strstr (run.out, "Best sellers’ NDCG"));
  run_clear (&run);
}

/* The neighbourhood, content and hybrid recommenders through the command
 * line, each with its own kind of reason. */
static void
test_recommend_neighbours (CliFixture    *fixture,
                           gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *products = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "products.csv", NULL);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;
  JsonArray *offers;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", products, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--algorithm", "item-knn", "--top", "2",
       "--items-table", "products", "--item-key", "sku", "--item-name", "name_en", "--for", "C00082", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Similar products (item-kNN)"));
  g_assert_nonnull (strstr (run.out, "Because you bought "));

  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--algorithm", "user-knn", "--top", "2",
       "--for", "C00082", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, " like you bought it"));

  /* Parameters of the model's own, and a bad one. */
  cli (&run, "-p", fixture->project, "--quiet", "recommend", "--table", "orders", "--algorithm", "item-knn",
       "--similarity", "jaccard", "--neighbours", "10", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--algorithm", "item-knn",
       "--similarity", "closeness", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "similarity"));

  /* Content and hybrid read the products' texts, Chinese too. */
  cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "orders", "--algorithm", "content",
       "--top", "2", "--items-table", "products", "--item-key", "sku", "--item-name", "name_en",
       "--text", "name_en,description_en,name_zh", "--for", "C00082", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  offers = json_object_get_array_member (object, "offers");
  g_assert_cmpuint (json_array_get_length (offers), ==, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (offers, 0), "reason"),
                                   "Its description is like that of "));
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "orders", "--algorithm", "hybrid",
       "--top", "2", "--items-table", "products", "--item-key", "sku", "--text", "name_en,description_en",
       "--content-weight", "0.3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "algorithm=hybrid");
  check_json (answer, "recommendations>=4000");
  g_clear_pointer (&answer, json_node_unref);

  /* Without texts the content models refuse, naming the option. */
  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--algorithm", "content", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--text"));
  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--algorithm", "hybrid", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--text"));

  /* Measured next to the best sellers on the same split. */
  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--table", "orders",
       "--algorithm", "item-knn", "--protocol", "holdout", "--seed", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "protocol=holdout");
  check_json (answer, "model.mean.precision?");
  check_json (answer, "baseline.mean.precision?");
  g_clear_pointer (&answer, json_node_unref);
  run_clear (&run);
}

/* The rating models and the neural network through the command line:
 * offers from predicted ratings, a k-fold evaluation with RMSE and MAE
 * next to the item means, the network's own parameters. */
static void
test_recommend_models (CliFixture    *fixture,
                       gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("customer,product,stars\n");
  g_autofree char *ratings = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;
  Run run = { 0 };

  /* 30 customers in three tastes, 12 products in three kinds. */
  for (int u = 0; u < 30; u++)
    for (int i = 0; i < 12; i++)
      if ((u * 7 + i * 3) % 5 < 3)
        g_string_append_printf (csv, "c%d,p%d,%d\n", u, i, 1 + 2 * ((u + i) % 3));
  ratings = fixture_file (fixture, "ratings.csv", csv->str);
  cli (&run, "-p", fixture->project, "--quiet", "import", ratings, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "ratings", "--user", "customer",
       "--item", "product", "--value", "stars", "--feedback", "explicit", "--algorithm", "svd", "--top", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  object = json_node_get_object (answer);
  g_assert_cmpstr (json_object_get_string_member (object, "algorithm"), ==, "svd");
  g_assert_cmpint (json_object_get_int_member (object, "recommendations"), ==, 30 * 2);
  check_json (answer, "parameters.feedback=explicit");
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--table", "ratings", "--user", "customer",
       "--item", "product", "--value", "stars", "--feedback", "explicit", "--algorithm", "svdpp",
       "--protocol", "kfold", "--folds", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "algorithm=svdpp");
  check_json (answer, "model.folds#=3");
  check_json (answer, "model.mean.rmse?");
  check_json (answer, "model.mean.mae?");
  check_json (answer, "baseline.mean.rmse?");
  /* The tastes are plain to see: the factors predict them better than
   * the products' mean ratings do. */
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
                       json_object_get_object_member (json_node_get_object (answer), "model"), "mean"), "rmse"), <,
                     json_object_get_double_member (json_object_get_object_member (
                       json_object_get_object_member (json_node_get_object (answer), "baseline"), "mean"), "rmse"));
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "ratings", "--user", "customer",
       "--item", "product", "--algorithm", "neural", "--factors", "4", "--epochs", "3", "--top", "2",
       "--for", "c4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "algorithm=neural");
  check_json (answer, "parameters.factors=4");
  check_json (answer, "parameters.epochs=3");
  check_json (answer, "offers#=2");
  g_clear_pointer (&answer, json_node_unref);

  /* A value out of range names the option and changes nothing. */
  before = project_listing (fixture);
  cli (&run, "-p", fixture->project, "recommend", "--table", "ratings", "--user", "customer",
       "--item", "product", "--algorithm", "svd", "--factors", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--factors"));
  after = project_listing (fixture);
  g_assert_cmpstr (after, ==, before);
  run_clear (&run);
}

/* Each bad input: its message names the option, the exit status is 1
 * (2 for a malformed option), and the project is left as it was. */
static void
test_recommend_refusals (CliFixture    *fixture,
                         gconstpointer  data)
{
  static const struct
  {
    const char *args[12];
    int         status;
    const char *message;
  } refusals[] = {
    { { "recommend", "--table", "orders", "--user", "nope" }, 1, "--user" },
    { { "recommend", "--table", "orders", "--value", "product" }, 1, "--value" },
    { { "recommend", "--table", "orders", "--feedback", "explicit" }, 1, "--value" },
    { { "recommend", "--table", "orders", "--value", "grade", "--feedback", "explicit" }, 1, "grade" },
    { { "recommend", "--table", "orders", "--for", "nobody" }, 1, "--for" },
    { { "recommend", "--table", "orders", "--items-table", "nope" }, 1, "--items-table" },
    { { "recommend", "--table", "orders", "--segment-run", "99" }, 1, "--segment-run" },
    { { "recommend", "--table", "orders", "--half-life", "30" }, 1, "--half-life" },
    { { "recommend", "--table", "one_customer" }, 1, "--user" },
    { { "recommend", "--table", "one_item" }, 1, "--item" },
    { { "recommend", "--table", "empty" }, 1, "--user" },
    { { "recommend", "--table", "orders", "--algorithm", "magic" }, 2, "popular" },
    { { "evaluate-recommender", "--table", "orders", "--protocol", "test-table", "--test-table", "nope" }, 1, "--test-table" },
    { { "evaluate-recommender", "--table", "orders", "--protocol", "last-n" }, 1, "--date" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "popular", "--value", "qty", "--feedback", "explicit" }, 1, "--algorithm" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "als,magic" }, 1, "magic" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "magic,als" }, 1, "magic" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "als,ease,als" }, 1, "als" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "als,,ease" }, 2, "--algorithm" },
    { { "evaluate-recommender", "--table", "orders", "--compare", "--algorithm", "als" }, 2, "--compare" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "als,ease", "--linkage", "ward" }, 2, "--linkage" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "popular,item-knn", "--factors", "8" }, 2, "--factors" },
    { { "evaluate-recommender", "--table", "orders", "--algorithm", "als,svd", "--value", "qty", "--feedback", "explicit" }, 1, "als" },
    { { "evaluate-recommender", "--table", "orders", "--protocol", "bogus" }, 2, "--protocol" },
    { { "evaluate-recommender", "--table", "orders", "--folds", "1" }, 2, "--folds" },
    { { "evaluate-recommender", "--table", "orders", "--test-share", "1.5" }, 2, "--test-share" },
    { { "audience", "--run", "9", "--item", "apple" }, 1, "--run" },
    { { "audience", "--run", "1", "--item", "melon" }, 1, "--item" },
    { { "similar", "--run", "1", "--item", "melon" }, 1, "--item" },
    { { "similar", "--run", "1" }, 2, "--item" },
    { { "audience", "--item", "apple" }, 2, "--run" },
  };
  g_autofree char *orders = fixture_file (fixture, "orders.csv",
                                          "customer,product,qty,grade\n"
                                          "c1,apple,1,good\nc2,apple,2,bad\nc2,pear,1,good\nc3,plum,1,good\n");
  g_autofree char *one_customer = fixture_file (fixture, "one_customer.csv", "customer,product\nc1,apple\nc1,pear\n");
  g_autofree char *one_item = fixture_file (fixture, "one_item.csv", "customer,product\nc1,apple\nc2,apple\n");
  g_autofree char *empty = fixture_file (fixture, "empty.csv", "customer,product,note\n,apple,x\n,pear,y\n");
  g_autofree char *before = NULL;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", one_customer, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", one_item, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", empty, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "recommend", "--table", "orders", NULL);
  g_assert_cmpint (run.status, ==, 0);
  before = project_listing (fixture);

  for (guint c = 0; c < G_N_ELEMENTS (refusals); c++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *after = NULL;

      g_ptr_array_add (args, (gpointer) "-p");
      g_ptr_array_add (args, fixture->project);
      for (guint a = 0; refusals[c].args[a] != NULL; a++)
        g_ptr_array_add (args, (gpointer) refusals[c].args[a]);
      g_ptr_array_add (args, NULL);
      cli_argv (&run, (const char *const *) args->pdata);
      g_test_message ("%s: %s", refusals[c].args[0], run.err);
      g_assert_cmpint (run.status, ==, refusals[c].status);
      g_assert_nonnull (strstr (run.err, refusals[c].message));
      after = project_listing (fixture);
      g_assert_cmpstr (after, ==, before);
    }
  run_clear (&run);
}

/* The mean figures of @id in a comparison's answer. */
static JsonObject *
compared_mean (JsonNode   *answer,
               const char *id)
{
  JsonArray *models = json_object_get_array_member (json_node_get_object (answer), "models");

  for (guint m = 0; m < json_array_get_length (models); m++)
    {
      JsonObject *model = json_array_get_object_element (models, m);

      if (g_str_equal (json_object_get_string_member (model, "algorithm"), id))
        return json_object_get_object_member (model, "mean");
    }
  g_error ("no model “%s” in the comparison", id);
}

/* Several recommenders on one split of the sample shop: each with the
 * figures it gets alone with the same seed, best first, the winner said
 * in a sentence; --compare takes every one that suits; with no algorithm
 * named, purchases get ALS, and a table of a few customers the best
 * sellers. */
static void
test_recommend_compare (CliFixture    *fixture,
                        gconstpointer  data)
{
  static const char *const ids[] = { "als", "ease", "neural", NULL };
  static const char *const measures[] = { "precision", "recall", "ndcg", "map", "hit_rate", "coverage", NULL };
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *few = fixture_file (fixture, "few.csv", "customer,product\nc1,apple\nc1,pear\nc2,apple\nc3,plum\n");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) every = NULL;
  g_autoptr(JsonNode) chosen = NULL;
  JsonArray *models;
  double best = -1;
  const char *winner = NULL;
  Run run = { 0 };

  /* The fits are the same on any number of threads; one keeps the
   * neural model's batches from waiting on a core busy with other work. */
  g_setenv ("OMP_NUM_THREADS", "1", TRUE);
  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* The neural model with few epochs keeps the test quick; the others
   * do not take --epochs, and are not given it. */
  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--table", "orders",
       "--algorithm", "als,ease,neural", "--epochs", NEURAL_EPOCHS, "--iterations", ALS_ROUNDS,
       "--protocol", "holdout", "--seed", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "algorithm=als");
  check_json (answer, "protocol=holdout");
  check_json (answer, "k=10");
  check_json (answer, "main_measure=ndcg");
  check_json (answer, "models#=3");
  check_json (answer, "models[0].folds#=1");
  check_json (answer, "models[0].title?");
  check_json (answer, "baseline.mean.ndcg?");
  check_json (answer, "model.mean.ndcg?");
  check_json (answer, "metrics.models#=3");
  check_json (answer, "input.evaluation.compare#=2");
  check_json (answer, "sentence?");
  models = json_object_get_array_member (json_node_get_object (answer), "models");
  for (guint m = 0; m < json_array_get_length (models); m++)
    {
      JsonObject *model = json_array_get_object_element (models, m);
      double ndcg = json_object_get_double_member (json_object_get_object_member (model, "mean"), "ndcg");

      if (ndcg > best)
        {
          best = ndcg;
          winner = json_object_get_string_member (model, "algorithm");
        }
    }
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "winner"), ==, winner);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (models, 0), "algorithm"), ==, winner);
  g_assert_cmpstr (winner, !=, "neural");
#if !defined(__SANITIZE_ADDRESS__)
  /* On the sample shop, ALS fully fitted is ahead of EASE and the neural
   * model. */
  g_assert_cmpstr (winner, ==, "als");
#endif

  /* The same split as each evaluated alone with the seed. Without
   * optimisation the sanitizer build leaves the neural model's epochs to
   * the optimised build. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *args[] = { "-p", fixture->project, "--json", "evaluate-recommender", "--table", "orders",
                             "--algorithm", ids[i], "--protocol", "holdout", "--seed", "5", NULL, NULL, NULL };
      g_autoptr(JsonNode) alone = NULL;
      JsonObject *mean, *listed = compared_mean (answer, ids[i]);

#if defined(__SANITIZE_ADDRESS__)
      if (g_str_equal (ids[i], "neural"))
        continue;
#endif
      if (g_str_equal (ids[i], "neural"))
        {
          args[12] = "--epochs";
          args[13] = NEURAL_EPOCHS;
        }
      else if (g_str_equal (ids[i], "als"))
        {
          args[12] = "--iterations";
          args[13] = ALS_ROUNDS;
        }
      cli_argv (&run, args);
      g_assert_cmpint (run.status, ==, 0);
      alone = parse_json (run.out);
      mean = json_object_get_object_member (json_object_get_object_member (json_node_get_object (alone), "model"), "mean");
      g_assert_cmpint (json_object_get_int_member (mean, "customers"), ==, json_object_get_int_member (listed, "customers"));
      for (guint m = 0; measures[m] != NULL; m++)
        g_assert_cmpfloat (json_object_get_double_member (mean, measures[m]), ==,
                           json_object_get_double_member (listed, measures[m]));
    }

  /* As text: the table best first, the baseline, and the sentence. */
  cli (&run, "-p", fixture->project, "evaluate-recommender", "--table", "orders",
       "--algorithm", "neural,ease,als", "--epochs", NEURAL_EPOCHS, "--iterations", ALS_ROUNDS,
       "--protocol", "holdout", "--seed", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3 recommenders compared on “orders” by holdout"));
  g_assert_nonnull (strstr (run.out, "Best sellers (baseline)"));
  {
    g_autofree char *said = g_strdup_printf ("%s gives the best offers here (NDCG@10 %.3f, ",
                                             g_str_equal (winner, "als") ? "ALS" : "EASE", best);

    g_assert_nonnull (strstr (run.out, said));
  }
  g_assert_nonnull (strstr (run.out, "over best sellers)"));
  g_assert_nonnull (strstr (run.out, "the neural model scores "));
  g_assert_true (strstr (run.out, "ALS (purchases)") < strstr (run.out, "Neural network"));
  g_assert_true (strstr (run.out, "EASE (product to product)") < strstr (run.out, "Neural network"));
  g_assert_true (strstr (run.out, "Neural network") < strstr (run.out, "Best sellers (baseline)"));

  /* Every recommender that suits purchases (seven fits: the optimised
   * build's). */
#if !defined(__SANITIZE_ADDRESS__)
  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--table", "orders", "--compare",
       "--epochs", "2", "--iterations", ALS_ROUNDS, "--protocol", "holdout", "--seed", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  every = parse_json (run.out);
  check_json (every, "models#=7");
  g_assert_nonnull (compared_mean (every, "bpr"));
  g_assert_nonnull (compared_mean (every, "popular"));
  g_assert_nonnull (compared_mean (every, "item-knn"));
  g_assert_cmpfloat (json_object_get_double_member (compared_mean (every, "als"), "ndcg"), ==,
                     json_object_get_double_member (compared_mean (answer, "als"), "ndcg"));
#endif

  /* With no algorithm named: ALS for the shop's purchases, evaluated on
   * the same split again; the best sellers for a few customers. */
  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--table", "orders", "--protocol", "holdout",
       "--seed", "5", "--iterations", ALS_ROUNDS, NULL);
  g_assert_cmpint (run.status, ==, 0);
  chosen = parse_json (run.out);
  check_json (chosen, "algorithm=als");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (json_object_get_object_member (
                       json_node_get_object (chosen), "model"), "mean"), "ndcg"), ==,
                     json_object_get_double_member (compared_mean (answer, "als"), "ndcg"));
  g_clear_pointer (&chosen, json_node_unref);
  cli (&run, "-p", fixture->project, "--quiet", "import", few, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "few", NULL);
  g_assert_cmpint (run.status, ==, 0);
  chosen = parse_json (run.out);
  check_json (chosen, "algorithm=popular");
  run_clear (&run);
  g_unsetenv ("OMP_NUM_THREADS");
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

  /* DBSCAN and hierarchical clustering have no inertia: the report
   * leaves it out rather than saying "inertia nan" or a dash. */
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency,frequency",
       "--algorithm", "dbscan", "--eps", "0.3", "--min-points", "8", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "inertia"));
  g_assert_null (strstr (run.out, "nan"));
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency,monetary",
       "--algorithm", "hierarchical", "--linkage", "complete", "--k", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "inertia"));
  g_assert_null (strstr (run.out, "nan"));
  cli (&run, "-p", fixture->project, "cluster", "--table", "rfm", "--columns", "recency",
       "--algorithm", "minibatch-kmeans", "--k", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Run 4"));

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
    const char *name;
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
    /* Each row's segment by its name; the map's figures left out. */
    g_assert_true (g_str_has_suffix (lines[0], ",segment"));
    g_assert_null (strstr (lines[0], "pc1"));
    g_assert_null (strstr (lines[0], "silhouette"));
    g_assert_null (strstr (lines[0], "cluster"));
    name = json_object_get_string_member (json_array_get_object_element (
             json_object_get_array_member (json_node_get_object (profile), "clusters"), 1), "name");
    g_assert_nonnull (name);
    for (guint i = 1; lines[i][0] != '\0'; i++)
      g_assert_true (g_str_has_suffix (lines[i], name));

    /* Asked for, they are there, rounded to three decimals. */
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&lines, g_strfreev);
    cli (&run, "-p", fixture->project, "export", "segments", "--cluster", "2", "--figures", "-o", list, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (list, &text, NULL, NULL));
    lines = g_strsplit (text, "\r\n", -1);
    g_assert_nonnull (strstr (lines[0], ",pc1,pc2,silhouette"));
    g_assert_false (g_regex_match_simple ("[0-9]\\.[0-9]{4,}", strstr (text, "\r\n"), 0, 0));
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

  run_clear (&run);
}

static void
shared_tear_down (void)
{
  if (shared_dir != NULL)
    remove_tree (shared_dir);
  g_clear_pointer (&shared_dir, g_free);
}

/* A cluster and a table's customers saved as segments, listed with their
 * sizes and sources, and one deleted by name. */
/* The first field of every line of a CSV text, one to a line: the rows'
 * keys, whatever other columns each export writes. */
static char *
first_fields (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  GString *keys = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      {
        const char *comma = strchr (lines[i], ',');

        g_string_append_len (keys, lines[i], comma != NULL ? comma - lines[i] : (gssize) strlen (lines[i]));
        g_string_append_c (keys, '\n');
      }
  return g_string_free (keys, FALSE);
}

static void
test_segments (CliFixture    *fixture,
               gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "customers.csv",
                                       "customer,spend\n"
                                       "C1,10\nC2,11\nC3,12\nC4,13\nC5,900\nC6,910\n");
  g_autofree char *vip = fixture_file (fixture, "vip.csv", "who,since\nC5,2024\nC6,2023\nC5,2025\n");
  g_autofree char *orders = fixture_file (fixture, "orders.csv",
                                          "customer,product\nC1,tea\nC2,cake\nC5,tea\nC5,cake\nC6,jam\nC3,jam\n");
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *list;
  gint64 first_size;
  gint64 cluster_id;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", vip, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "cluster", "--table", "customers", "--columns", "spend",
       "--key", "customer", "--k", "2", "--seed", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  first_size = json_array_get_int_element (json_object_get_array_member (json_node_get_object (answer), "sizes"), 0);
  g_assert_cmpint (first_size, ==, 4);
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "--json", "save-segment", "--name", "Small spenders",
       "--run", "1", "--cluster", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "name=Small spenders");
  check_json (answer, "customers=4");
  check_json (answer, "source.run=1");
  check_json (answer, "source.cluster=1");
  cluster_id = json_object_get_int_member (json_node_get_object (answer), "id");
  g_clear_pointer (&answer, json_node_unref);

  /* The same name again, in another case, changes nothing. */
  cli (&run, "-p", fixture->project, "save-segment", "--name", "small SPENDERS", "--run", "1", "--cluster", "2", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--name"));

  /* A segmentation of the segment alone: its four customers. */
  cli (&run, "-p", fixture->project, "--json", "cluster", "--table", "customers", "--columns", "spend",
       "--key", "customer", "--k", "2", "--segment", "small spenders", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "input.segment=Small spenders");
  check_json (answer, "sizes#=2");
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (json_node_get_object (answer), "sizes"), 0) +
                   json_array_get_int_element (json_object_get_array_member (json_node_get_object (answer), "sizes"), 1),
                   ==, 4);
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "save-segment", "--name", "VIP", "--from-table", "vip", "--key", "who", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "“VIP” with 2 customers"));

  /* A segment's rows: of the run it came from, the customers of its
   * cluster's target list; of any table, by the column named or guessed. */
  {
    g_autofree char *by_cluster = NULL;
    g_autofree char *by_segment = NULL;

    cli (&run, "-p", fixture->project, "export", "run_1", "--cluster", "1", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    by_cluster = first_fields (run.out);
    cli (&run, "-p", fixture->project, "export", "run_1", "--segment", "Small spenders", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    by_segment = first_fields (run.out);
    g_assert_cmpstr (by_segment, ==, by_cluster);
    g_assert_nonnull (strstr (by_segment, "C1\n"));
    cli (&run, "-p", fixture->project, "export", "vip", "--segment", "VIP", "--key", "WHO", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "who,since\r\nC5,2024\r\nC6,2023\r\nC5,2025\r\n");
    cli (&run, "-p", fixture->project, "export", "customers", "--segment", "VIP", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "customer,spend\r\nC5,900\r\nC6,910\r\n");
  }

  /* Best sellers among the segment's customers, offered to them alone. */
  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "orders", "--user", "customer",
       "--item", "product", "--segment", "VIP", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "customers=2");
  check_json (answer, "input.segment=VIP");
  g_clear_pointer (&answer, json_node_unref);
  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--segment", "vip", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Only the customers of the saved segment “VIP” were read."));

  cli (&run, "-p", fixture->project, "--json", "segments", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  list = json_node_get_array (answer);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  check_json (answer, "[0].name=Small spenders");
  check_json (answer, "[0].customers=4");
  check_json (answer, "[1].name=VIP");
  check_json (answer, "[1].customers=2");
  check_json (answer, "[1].source.table=vip");
  check_json (answer, "[1].source.key=who");
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "segments", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "table vip, column who"));
  g_assert_nonnull (strstr (run.out, "run 1, cluster 1"));

  cli (&run, "-p", fixture->project, "delete-segment", "vip", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "VIP"));
  cli (&run, "-p", fixture->project, "delete-segment", "vip", NULL);
  g_assert_cmpint (run.status, ==, 1);

  cli (&run, "-p", fixture->project, "--json", "segments", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "#=1");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (answer), 0), "id"),
                   ==, cluster_id);
  run_clear (&run);
}

/* The implicit-feedback models through the command line: each makes ten
 * offers per customer with reasons, the evaluation puts ALS next to the
 * baseline, and bad parameters are refused. */
static void
test_recommend_implicit (CliFixture    *fixture,
                         gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  static const char *const algorithms[] = { "als", "bpr", "ease" };
  g_autoptr(JsonNode) answer = NULL;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);

  for (size_t a = 0; a < G_N_ELEMENTS (algorithms); a++)
    {
      JsonObject *object, *offer;
      JsonArray *offers;

      cli (&run, "-p", fixture->project, "--json", "recommend", "--table", "orders", "--top", "3",
           "--algorithm", algorithms[a], "--for", "C00082", NULL);
      g_assert_cmpint (run.status, ==, 0);
      answer = parse_json (run.out);
      object = json_node_get_object (answer);
      g_assert_cmpstr (json_object_get_string_member (object, "algorithm"), ==, algorithms[a]);
      g_assert_cmpint (json_object_get_int_member (object, "recommendations"), ==, 2348 * 3);
      offers = json_object_get_array_member (object, "offers");
      g_assert_cmpuint (json_array_get_length (offers), ==, 3);
      offer = json_array_get_object_element (offers, 0);
      g_assert_cmpstr (json_object_get_string_member (offer, "customer"), ==, "C00082");
      g_assert_cmpstr (json_object_get_string_member (offer, "reason"), !=, "");
      g_clear_pointer (&answer, json_node_unref);
    }

  cli (&run, "-p", fixture->project, "--json", "evaluate-recommender", "--table", "orders",
       "--algorithm", "als", "--protocol", "holdout", "--seed", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "model.mean.precision?");
  check_json (answer, "baseline.mean.precision?");
  g_clear_pointer (&answer, json_node_unref);

  /* A parameter out of range names itself. */
  cli (&run, "-p", fixture->project, "recommend", "--table", "orders", "--algorithm", "als",
       "--factors", "0", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "--factors"));
  run_clear (&run);
}

/* predict, evaluate-model and score: a linear model on generated
 * customers, its figures against the baseline, its coefficients, its
 * evaluation read back, and its model scoring another table. */
static void
test_predict (CliFixture    *fixture,
              gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("customer,spend,visits,channel,revenue\n");
  g_autofree char *csv = NULL;
  g_autofree char *other = NULL;
  g_autofree char *narrow = NULL;
  g_autofree char *tables_before = NULL;
  g_autoptr(JsonNode) fit = NULL;
  g_autoptr(JsonNode) evaluation = NULL;
  g_autoptr(JsonNode) scored = NULL;
  JsonObject *metrics;
  JsonArray *coefficients;
  Run run = { 0 };

  for (int i = 0; i < 80; i++)
    g_string_append_printf (text, "c%d,%d,%d,%s,%.3f\n", i, 10 + (i * 37) % 90, (i * 7) % 10,
                            i % 3 == 0 ? "web" : "app",
                            5 + 1.5 * (10 + (i * 37) % 90) - 2 * ((i * 7) % 10) + (i % 3 == 0 ? 8 : 0) + ((i * 13) % 7 - 3) / 3.0);
  csv = fixture_file (fixture, "customers.csv", text->str);
  other = fixture_file (fixture, "newcomers.csv", "customer,spend,visits,channel\nn1,50,2,web\nn2,,3,phone\n");
  narrow = fixture_file (fixture, "narrow.csv", "customer,spend\nn1,50\n");
  cli (&run, "-p", fixture->project, "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "import", other, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "import", narrow, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (&run, "-p", fixture->project, "predict", "--kind", "regression", "--table", "customers",
       "--target", "revenue", "--features", "spend,visits,channel", "--folds", "4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "baseline"));
  g_assert_nonnull (strstr (run.out, "channel=web"));

  cli (&run, "-p", fixture->project, "--json", "predict", "--kind", "regression", "--algorithm", "ridge",
       "--alpha", "0.5", "--table", "customers", "--target", "revenue", "--features", "spend,visits,channel", NULL);
  g_assert_cmpint (run.status, ==, 0);
  fit = parse_json (run.out);
  metrics = json_object_get_object_member (json_node_get_object (fit), "metrics");
  g_assert_cmpfloat (json_object_get_double_member (metrics, "r2"), >, 0.99);
  g_assert_cmpfloat (json_object_get_double_member (metrics, "baseline_r2"), <=, 0.0);
  coefficients = json_object_get_array_member (json_object_get_object_member (metrics, "model"), "coefficients");
  g_assert_cmpuint (json_array_get_length (coefficients), ==, 4);

  cli (&run, "-p", fixture->project, "--json", "evaluate-model", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  evaluation = parse_json (run.out);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (evaluation), "rmse"), ==,
                     json_object_get_double_member (metrics, "rmse"));
  cli (&run, "-p", fixture->project, "evaluate-model", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "RMSE"));

  cli (&run, "-p", fixture->project, "--json", "score", "1", "--table", "newcomers", "--output", "scores", NULL);
  g_assert_cmpint (run.status, ==, 0);
  scored = parse_json (run.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (scored), "rows"), ==, 2);
  cli (&run, "-p", fixture->project, "--json", "head", "scores", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "n2"));

  /* Bad input: the option named, exit 1, the project as it was. */
  cli (&run, "-p", fixture->project, "tables", NULL);
  tables_before = g_strdup (run.out);
  cli (&run, "-p", fixture->project, "score", "1", "--table", "narrow", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "visits"));
  cli (&run, "-p", fixture->project, "predict", "--kind", "regression", "--table", "customers",
       "--target", "revenue", "--features", "spend,nope", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--features"));
  cli (&run, "-p", fixture->project, "predict", "--kind", "regression", "--table", "customers",
       "--target", "channel", "--features", "spend", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--target"));
  cli (&run, "-p", fixture->project, "evaluate-model", "9", NULL);
  g_assert_cmpint (run.status, ==, 1);
  cli (&run, "-p", fixture->project, "tables", NULL);
  g_assert_cmpstr (run.out, ==, tables_before);

  /* Usage errors. */
  cli (&run, "-p", fixture->project, "predict", "--kind", "clustering", "--table", "customers", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--kind"));
  cli (&run, "-p", fixture->project, "evaluate-model", "1", "--cost", "2", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "-p", fixture->project, "score", "1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

/* The four classifiers on the sample shop's labelled customers, each
 * judged well above a coin, their summaries, and what-if questions and
 * arrow edits on the Bayesian network's run. */
static void
test_classify (CliFixture    *fixture,
               gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  static const char *const algorithms[] = { "logistic", "tree", "naive-bayes", "bayes-net" };
  static const char *const summaries[] = { "Odds ratio", "leaves", "Prior", "Arrows" };
  const char *features = "recency,frequency,monetary,tenure,gap_mean,spend_90d,orders_90d";
  g_autofree char *tables_before = NULL;
  g_autofree char *net_run = NULL;
  g_autofree char *logistic_run = NULL;
  g_autoptr(JsonNode) answer = NULL;
  double before, after;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "predict-table", "--orders", "orders", "--cutoff", "2024-09-01",
       "--horizon", "30", "--target", "buys-again", "--splits", "train,test", NULL);
  g_assert_cmpint (run.status, ==, 0);

  for (guint a = 0; a < G_N_ELEMENTS (algorithms); a++)
    {
      JsonObject *object;
      g_autofree char *id = NULL;

      cli (&run, "-p", fixture->project, "--json", "predict", "--kind", "classification", "--algorithm", algorithms[a],
           "--table", "predict", "--target", "target", "--features", features, "--key", "customer",
           "--split-column", "split", NULL);
      g_assert_cmpint (run.status, ==, 0);
      answer = parse_json (run.out);
      check_json (answer, "metrics.auc>0.78");
      check_json (answer, "metrics.baseline_auc=0.5");
      check_json (answer, "metrics.model?");
      object = json_node_get_object (answer);
      g_assert_cmpstr (json_object_get_string_member (object, "algorithm"), ==, algorithms[a]);
      id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "run"));
      g_clear_pointer (&answer, json_node_unref);

      cli (&run, "-p", fixture->project, "predict", "--kind", "classification", "--algorithm", algorithms[a],
           "--table", "predict", "--target", "target", "--features", features, "--split-column", "split", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "AUC"));
      g_assert_nonnull (strstr (run.out, "Accuracy"));
      g_assert_nonnull (strstr (run.out, summaries[a]));
      if (g_str_equal (algorithms[a], "bayes-net"))
        net_run = g_steal_pointer (&id);
      else if (g_str_equal (algorithms[a], "logistic"))
        logistic_run = g_steal_pointer (&id);
    }

  /* What if: a long-quiet customer with few recent orders. */
  cli (&run, "-p", fixture->project, "--json", "what-if", net_run, "--set", "recency=200,orders_90d=0",
       "--add-arrow", "recency:spend_90d", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "added_arrow=recency:spend_90d");
  before = json_object_get_double_member (json_node_get_object (answer), "probability");
  after = json_object_get_double_member (json_node_get_object (answer), "probability_after");
  g_assert_cmpfloat (before, <, 0.2);
  g_assert_cmpfloat (after, >, 0);
  g_clear_pointer (&answer, json_node_unref);
  cli (&run, "-p", fixture->project, "what-if", net_run, "--set", "recency=200", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "P(yes)"));

  /* Bad input: exit 1, the message names what is wrong, nothing changed. */
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  tables_before = g_strdup (run.out);
  cli (&run, "-p", fixture->project, "what-if", net_run, "--add-arrow", "spend_90d:recency", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cycle"));
  cli (&run, "-p", fixture->project, "what-if", net_run, "--set", "recency=lots", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "lots"));
  cli (&run, "-p", fixture->project, "what-if", net_run, "--set", "shoe_size=3", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "shoe_size"));
  cli (&run, "-p", fixture->project, "what-if", logistic_run, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not a Bayesian network"));
  cli (&run, "-p", fixture->project, "predict", "--kind", "classification", "--algorithm", "tree",
       "--table", "predict", "--target", "target", "--features", "recency,shoe_size", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--features"));
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  g_assert_cmpstr (run.out, ==, tables_before);

  /* Usage errors. */
  cli (&run, "-p", fixture->project, "what-if", NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "-p", fixture->project, "what-if", net_run, "--add-arrow", "recency", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--add-arrow"));
  cli (&run, "-p", fixture->project, "predict", "--kind", "classification", "--algorithm", "logistic",
       "--penalty", "l3", "--table", "predict", "--target", "target", "--features", "recency", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--penalty"));
  run_clear (&run);
}

/* clv: a lifetime value run on the sample shop from guessed columns,
 * its text report with the holdout table, and bad options that name
 * themselves and change nothing. */
static void
test_clv (CliFixture    *fixture,
          gconstpointer  data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *tables_before = NULL;
  g_autoptr(JsonNode) answer = NULL;
  static const struct { const char *option; const char *value; int status; } bad[] = {
    { "--margin", "1.5", 2 },
    { "--margin", "0", 1 },
    { "--discount", "-0.1", 2 },
    { "--horizon", "0", 2 },
    { "--customer", "shoe_size", 1 },
    { "--calibration-end", "1 May", 1 },
  };
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "clv", "--orders", "orders", "--model", "pareto-nbd",
       "--horizon", "6", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_json (run.out);
  check_json (answer, "algorithm=clv");
  check_json (answer, "kind=lifetime");
  check_json (answer, "metrics.purchase_model=pareto-nbd");
  check_json (answer, "metrics.customers>1000");
  check_json (answer, "metrics.total_clv>0");
  check_json (answer, "metrics.s>0");
  check_json (answer, "metrics.grid.p_alive#=20");
  g_clear_pointer (&answer, json_node_unref);

  cli (&run, "-p", fixture->project, "clv", "--orders", "orders", "--customer", "customer_id",
       "--date", "invoice_date", "--quantity", "quantity", "--price", "unit_price",
       "--calibration-end", "2024-06-30", "--output", "worth", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "BG/NBD: r "));
  g_assert_nonnull (strstr (run.out, "Gamma–Gamma: p "));
  g_assert_nonnull (strstr (run.out, "correlate at"));
  g_assert_nonnull (strstr (run.out, "Top customers"));
  g_assert_nonnull (strstr (run.out, "Holdout of"));
  g_assert_nonnull (strstr (run.out, "“worth”"));

  cli (&run, "-p", fixture->project, "--json", "tables", NULL);
  g_assert_cmpint (run.status, ==, 0);
  tables_before = g_strdup (run.out);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      cli (&run, "-p", fixture->project, "clv", "--orders", "orders", bad[i].option, bad[i].value, NULL);
      g_assert_cmpint (run.status, ==, bad[i].status);
      g_assert_nonnull (strstr (run.err, bad[i].option + 2));
      cli (&run, "-p", fixture->project, "--json", "tables", NULL);
      g_assert_cmpstr (run.out, ==, tables_before);
    }
  run_clear (&run);
}

/* Association rules on seven baskets worked out by hand (see
 * test-rules.c): the rules in JSON, the items bought with A, the
 * bundles with their revenue, and a rule's audience saved and
 * exported. */
static const char rules_orders[] =
  "invoice,date,customer,product,quantity,price\n"
  "1,2024-01-01,c1,A,1,10\n1,2024-01-01,c1,B,2,5\n"
  "2,2024-01-02,c1,A,1,10\n2,2024-01-02,c1,B,1,5\n2,2024-01-02,c1,C,1,3\n"
  "3,2024-01-03,c2,A,1,10\n3,2024-01-03,c2,B,1,5\n"
  "4,2024-01-03,c2,B,1,5\n4,2024-01-03,c2,C,1,3\n"
  "5,2024-01-04,c3,A,1,10\n5,2024-01-04,c3,POST,1,4\n"
  "6,2024-01-04,c3,C,-1,3\n"
  "7,2024-01-05,c4,A,2,10\n7,2024-01-05,c4,B,0,5\n"
  "8,2024-01-06,c4,A,1,10\n8,2024-01-06,c4,B,1,5\n";

static void
test_rules (CliFixture    *fixture,
            gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "orders.csv", rules_orders);
  g_autofree char *export = g_build_filename (fixture->dir, "audience.csv", NULL);
  g_autofree char *exported = NULL;
  g_autoptr(JsonNode) rules = NULL;
  g_autoptr(JsonNode) together = NULL;
  g_autoptr(JsonNode) bundles = NULL;
  g_autoptr(JsonNode) audience = NULL;
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* The columns are guessed: invoice, product, customer, date, quantity
   * and price. */
  cli (&run, "-p", fixture->project, "--json", "rules", "--table", "orders", "--min-support", "0.25",
       "--min-confidence", "0.5", "--exclude", "POST", NULL);
  g_assert_cmpint (run.status, ==, 0);
  rules = parse_json (run.out);
  check_json (rules, "kind=rules");
  check_json (rules, "algorithm=fpgrowth");
  check_json (rules, "metrics.rules=3");
  check_json (rules, "metrics.baskets=7");
  check_json (rules, "metrics.returns=2");
  check_json (rules, "input.basket=invoice");
  check_json (rules, "rules#=3");
  check_json (rules, "rules[0].lhs=C");
  check_json (rules, "rules[0].rhs=B");
  check_json (rules, "rules[0].lift>=1.3999");
  check_json (rules, "rules[0].lift<=1.4001");
  check_json (rules, "tables#=3");

  cli (&run, "-p", fixture->project, "rules", "--table", "orders", "--min-support", "0.25", "--min-confidence",
       "0.5", "--exclude", "POST", "--algorithm", "apriori", "--hide-redundant", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Apriori"));
  g_assert_nonnull (strstr (run.out, "if bought"));
  g_assert_nonnull (strstr (run.out, "run_2"));

  cli (&run, "-p", fixture->project, "--json", "itemsets", "--table", "orders", "--min-support", "0.25",
       "--exclude", "POST", "--min-length", "1", "--maximal", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(JsonNode) itemsets = parse_json (run.out);

    /* A+B and B+C hold every other frequent itemset. */
    check_json (itemsets, "itemsets#=2");
    check_json (itemsets, "tables#=2");
  }

  cli (&run, "-p", fixture->project, "--json", "together", "--run", "1", "--item", "A", NULL);
  g_assert_cmpint (run.status, ==, 0);
  together = parse_json (run.out);
  check_json (together, "together#=2");
  check_json (together, "together[0].item=B");
  check_json (together, "together[0].count=4");

  cli (&run, "-p", fixture->project, "--json", "bundles", "--run", "1", "--top", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  bundles = parse_json (run.out);
  check_json (bundles, "bundles#=1");
  check_json (bundles, "bundles[0].items=A + B");
  check_json (bundles, "bundles[0].revenue=65");

  cli (&run, "-p", fixture->project, "--json", "rule-audience", "1", "--rule", "3", "--output-segment", "A not B",
       "--export", export, NULL);
  g_assert_cmpint (run.status, ==, 0);
  audience = parse_json (run.out);
  check_json (audience, "size=1");
  check_json (audience, "customers[0].customer=c3");
  check_json (audience, "customers[0].orders=1");
  check_json (audience, "customers[0].last_order=2024-01-04");
  g_assert_true (g_file_get_contents (export, &exported, NULL, NULL));
  g_assert_cmpstr (exported, ==, "customer,orders,spend,last_order\r\nc3,1,10.00,2024-01-04\r\n");
  cli (&run, "-p", fixture->project, "segments", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "A not B"));

  cli (&run, "-p", fixture->project, "rule-audience", "1", "--rule", "8", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--rule"));
  run_clear (&run);
}

/* Bad input names its option, exits with 1 and leaves the project file
 * byte for byte as it was. */
static void
test_rules_refusals (CliFixture    *fixture,
                     gconstpointer  data)
{
  g_autofree char *csv = fixture_file (fixture, "orders.csv", rules_orders);
  g_autofree char *one = fixture_file (fixture, "one.csv", "order_id,item\n1,tea\n1,cup\n1,pot\n");
  g_autofree char *once = fixture_file (fixture, "once.csv", "order_id,item\n1,tea\n2,cup\n3,pot\n");
  static const char *const refusals[][7] = {
    { "--min-support", "0", NULL, NULL, NULL, NULL, "--min-support" },
    { "--min-confidence", "1.5", NULL, NULL, NULL, NULL, "--min-confidence" },
    { "--rhs", "D", NULL, NULL, NULL, NULL, "--rhs" },
    { "--item", "sku", NULL, NULL, NULL, NULL, "--item" },
    { "--basket", "nope", NULL, NULL, NULL, NULL, "--basket" },
    { "--table", "one", "--min-support", "0.5", NULL, NULL, "--basket" },
    { "--table", "once", "--min-support", "0.5", NULL, NULL, "--item" },
    { "--table", "nope", NULL, NULL, NULL, NULL, "--table" },
  };
  Run run = { 0 };

  cli (&run, "-p", fixture->project, "--quiet", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", one, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--quiet", "import", once, NULL);
  g_assert_cmpint (run.status, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      gsize before_len = 0, after_len = 0;
      const char *table = g_str_equal (refusals[i][0], "--table") ? refusals[i][1] : "orders";
      const char *first = g_str_equal (refusals[i][0], "--table") ? refusals[i][2] : refusals[i][0];
      const char *value = g_str_equal (refusals[i][0], "--table") ? refusals[i][3] : refusals[i][1];

      g_assert_true (g_file_get_contents (fixture->project, &before, &before_len, NULL));
      cli (&run, "-p", fixture->project, "rules", "--table", table, first, value, NULL);
      if (run.status != 1)
        g_test_message ("case %u: %s", i, run.err);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, refusals[i][6]));
      g_assert_true (g_file_get_contents (fixture->project, &after, &after_len, NULL));
      g_assert_cmpmem (before, before_len, after, after_len);
    }
  cli (&run, "-p", fixture->project, "--json", "runs", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "[]"));
  run_clear (&run);
}

/* Groceries through import --baskets: arules' 410 rules. */
static void
test_rules_groceries (CliFixture    *fixture,
                      gconstpointer  data)
{
  const char *shared = g_getenv ("SEGMENTA_SHARED_DATA");
  g_autofree char *path = g_build_filename (shared != NULL ? shared : "", "groceries", "groceries.csv", NULL);
  g_autoptr(JsonNode) rules = NULL;
  Run run = { 0 };

  if (shared == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("skipped: data not found");
      return;
    }
  cli (&run, "-p", fixture->project, "--quiet", "import", "--baskets", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "-p", fixture->project, "--json", "rules", "--table", "groceries", "--min-support", "0.001",
       "--min-confidence", "0.8", "--top", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  rules = parse_json (run.out);
  check_json (rules, "metrics.rules=410");
  check_json (rules, "metrics.baskets=9835");
  check_json (rules, "rules[0].rhs=bottled beer");
  check_json (rules, "rules[0].lift>=11.235");
  check_json (rules, "rules[0].lift<=11.2353");
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *joined = g_strjoinv (" ", (char **) cases[i].argv);
      g_autofree char *path = NULL;

      g_strdelimit (joined, "/", '_');
      path = g_strdup_printf ("/cli/case/%03u %s", i, joined);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add ("/cli/usage-creates-nothing", CliFixture, NULL, cli_set_up, test_usage_creates_nothing, cli_tear_down);
  g_test_add ("/cli/import-and-browse", CliFixture, NULL, cli_set_up, test_import_and_browse, cli_tear_down);
  g_test_add ("/cli/import-bad-cells", CliFixture, NULL, cli_set_up, test_import_bad_cells, cli_tear_down);
  g_test_add ("/cli/import-type-by-name", CliFixture, NULL, cli_set_up, test_import_type_by_name, cli_tear_down);
  g_test_add ("/cli/workbook", CliFixture, NULL, cli_set_up, test_workbook, cli_tear_down);
  g_test_add ("/cli/import-append", CliFixture, NULL, cli_set_up, test_import_append, cli_tear_down);
  g_test_add ("/cli/workbook-append", CliFixture, NULL, cli_set_up, test_workbook_append, cli_tear_down);
  g_test_add_func ("/cli/error-after-progress", test_error_after_progress);
  g_test_add ("/cli/rfm", CliFixture, NULL, cli_set_up, test_rfm, cli_tear_down);
  g_test_add ("/cli/predict-table", CliFixture, NULL, cli_set_up, test_predict_table, cli_tear_down);
  g_test_add ("/cli/segmentation", CliFixture, NULL, cli_set_up, test_segmentation, cli_tear_down);
  g_test_add ("/cli/recommend", CliFixture, NULL, cli_set_up, test_recommend, cli_tear_down);
  g_test_add ("/cli/recommend-family", CliFixture, NULL, cli_set_up, test_recommend_family, cli_tear_down);
  g_test_add ("/cli/recommend-refusals", CliFixture, NULL, cli_set_up, test_recommend_refusals, cli_tear_down);
  g_test_add ("/cli/recommend-compare", CliFixture, NULL, cli_set_up, test_recommend_compare, cli_tear_down);
  g_test_add ("/cli/recommend-neighbours", CliFixture, NULL, cli_set_up, test_recommend_neighbours, cli_tear_down);
  g_test_add ("/cli/recommend-implicit", CliFixture, NULL, cli_set_up, test_recommend_implicit, cli_tear_down);
  g_test_add ("/cli/recommend-models", CliFixture, NULL, cli_set_up, test_recommend_models, cli_tear_down);
  g_test_add ("/cli/export-round-trip", CliFixture, NULL, cli_set_up, test_export_round_trip, cli_tear_down);
  g_test_add ("/cli/segments", CliFixture, NULL, cli_set_up, test_segments, cli_tear_down);
  g_test_add ("/cli/predict/linear", CliFixture, NULL, cli_set_up, test_predict, cli_tear_down);
  g_test_add ("/cli/predict/classify", CliFixture, NULL, cli_set_up, test_classify, cli_tear_down);
  g_test_add ("/cli/predict/clv", CliFixture, NULL, cli_set_up, test_clv, cli_tear_down);
  g_test_add ("/cli/rules/run", CliFixture, NULL, cli_set_up, test_rules, cli_tear_down);
  g_test_add ("/cli/rules/refusals", CliFixture, NULL, cli_set_up, test_rules_refusals, cli_tear_down);
  g_test_add ("/cli/rules/groceries", CliFixture, NULL, cli_set_up, test_rules_groceries, cli_tear_down);

  status = g_test_run ();
  shared_tear_down ();

  return status;
}
