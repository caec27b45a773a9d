/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "seg-error.h"
#include "seg-recommender-model.h"
#include "seg-recommender-refresh.h"
#include "seg-run.h"
#include "seg-run-record.h"
#include "seg-test-utils.h"

/* Recommendation runs brought up to date after order lines were added,
 * on the sample shop: only the customers with new lines get new offers,
 * and those are what the kept model gives them. */

#define TOP 5

/* Lines for five customers of the shop, three new ones, and one product
 * the shop never sold; one line returns what was bought. */
#define NEW_LINES \
  "invoice,invoice_date,customer_id,sku,quantity,unit_price,discount\n" \
  "N1,2024-06-01 10:00,C00001,TEA-0002,2,16.50,0\n" \
  "N2,2024-06-01 10:05,C00002,ACC-0003,1,4.90,0\n" \
  "N3,2024-06-01 10:10,CNEW1,TEA-0001,1,38.00,0\n" \
  "N4,2024-06-01 10:10,CNEW1,ACC-0003,3,4.90,0\n" \
  "N5,2024-06-01 10:20,C00082,GFT-0005,1,138.00,0\n" \
  "N6,2024-06-01 10:30,CNEW2,NEW-0001,1,12.00,0\n" \
  "N7,2024-06-01 10:40,CNEW3,TEA-0002,1,16.50,0\n" \
  "N8,2024-06-01 10:50,C00010,TEA-0001,4,38.00,0\n" \
  "N9,2024-06-01 11:00,C00082,ACC-0003,-3,4.90,0\n" \
  "N10,2024-06-01 11:10,C00685,TEA-0002,1,16.50,0\n"

static const char *const touched[] = { "C00001", "C00002", "CNEW1", "C00082", "CNEW2", "CNEW3", "C00010", "C00685", NULL };

static void
import_shop (ProjectFixture *fixture)
{
  static const char *const files[] = { "orders.csv", "products.csv" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", files[f], NULL);
      g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
      g_autoptr(SegImportSummary) summary = NULL;
      g_autoptr(GError) error = NULL;

      summary = seg_importer_run (importer, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
append_lines (ProjectFixture *fixture,
              const char     *contents)
{
  g_autofree char *path = write_file (fixture, "week.csv", contents, -1);
  g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  seg_importer_set_append_to (importer, "orders");
  summary = seg_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
}

/* A recommendation run of @algorithm on the orders, with the products'
 * names, and the properties given after it (NULL-ended). */
static gint64
run_model (ProjectFixture *fixture,
           const char     *algorithm,
           const char     *first_property,
           ...)
{
  g_autoptr(SegModel) model = seg_model_new_for_id (algorithm, NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_assert_nonnull (model);
  g_object_set (model, "table", "orders", "user", "customer_id", "item", "sku", "value", "quantity",
                "items-table", "products", "item-name", "name_en", "top", TOP, NULL);
  va_start (ap, first_property);
  if (first_property != NULL)
    g_object_set_valist (G_OBJECT (model), first_property, ap);
  va_end (ap);
  run = seg_run_new_for_model (fixture->project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);

  return seg_run_get_record (run)->id;
}

static char *
result_table (ProjectFixture *fixture,
              gint64          id)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = seg_project_get_run (fixture->project, id, &error);
  g_assert_no_error (error);
  return g_strdup (record->result_tables[0]);
}

/* Each customer's rows of a result table, every value exactly (scores
 * in hexadecimal), in the table's order. */
static GHashTable *
rows_by_customer (ProjectFixture *fixture,
                  const char     *table)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT CAST (customer AS TEXT), rank, CAST (item AS TEXT), item_name, score, reason,"
                                          " typeof (customer), typeof (item) FROM \"%s\" ORDER BY rowid", table);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (fixture->project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *customer = (const char *) sqlite3_column_text (stmt, 0);
      char *old = g_hash_table_lookup (rows, customer);
      char *row = g_strdup_printf ("%s%d|%s|%s|%a|%s|%s|%s\n", old != NULL ? old : "",
                                   sqlite3_column_int (stmt, 1), sqlite3_column_text (stmt, 2),
                                   sqlite3_column_text (stmt, 3), sqlite3_column_double (stmt, 4),
                                   sqlite3_column_text (stmt, 5), sqlite3_column_text (stmt, 6),
                                   sqlite3_column_text (stmt, 7));

      g_hash_table_replace (rows, g_strdup (customer), row);
    }
  sqlite3_finalize (stmt);

  return rows;
}

/* Every value of a table, in its order, reals exactly. */
static char *
table_text (ProjectFixture *fixture,
            const char     *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", table);
  GString *text = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (fixture->project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
          g_string_append_printf (text, "%a|", sqlite3_column_double (stmt, c));
        else
          g_string_append_printf (text, "%d:%s|", sqlite3_column_type (stmt, c), sqlite3_column_text (stmt, c));
      g_string_append_c (text, '\n');
    }
  sqlite3_finalize (stmt);

  return g_string_free (text, FALSE);
}

/* Everything a refused or cancelled refresh must leave alone. */
static char *
project_dump (ProjectFixture *fixture)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *runs = query_text (fixture->project,
                                      "SELECT group_concat (id || input || metrics || result_tables, '|')"
                                      " FROM (SELECT * FROM seg_runs ORDER BY id)");
  g_autofree char *state = query_text (fixture->project,
                                       "SELECT group_concat (run_id || name || hex (data), '|')"
                                       " FROM (SELECT * FROM seg_run_state ORDER BY run_id, name)");
  g_autofree char *catalog = query_text (fixture->project,
                                         "SELECT group_concat (name || ':' || row_count || ':' || data_version || ':' || base_version, '|')"
                                         " FROM (SELECT * FROM seg_tables ORDER BY name)");
  g_autofree char *meta = query_text (fixture->project, "SELECT group_concat (key || value, '|') FROM seg_meta");

  g_string_append_printf (dump, "%s\n%s\n%s\n%s\n", runs, state, catalog, meta);
  tables = seg_project_list_tables (fixture->project, &error);
  g_assert_no_error (error);
  for (guint t = 0; t < tables->len; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      g_autofree char *rows = NULL;

      if (g_str_has_prefix (info->name, "orders") || g_str_has_prefix (info->name, "products"))
        {
          g_autofree char *count = g_strdup_printf ("SELECT count (*) || ':' || max (rowid) FROM \"%s\"", info->name);

          rows = query_text (fixture->project, count);
        }
      else
        rows = table_text (fixture, info->name);
      g_string_append_printf (dump, "%s=%s\n", info->name, rows);
    }

  return g_string_free (g_steal_pointer (&dump), FALSE);
}

static gboolean
is_touched (const char *customer)
{
  return g_strv_contains (touched, customer);
}

/* Every untouched customer's rows as they were, byte for byte. */
static void
assert_untouched_kept (GHashTable *before,
                       GHashTable *after)
{
  GHashTableIter iter;
  gpointer key, value;
  guint kept = 0;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!is_touched (key))
      {
        g_assert_cmpstr (g_hash_table_lookup (after, key), ==, value);
        kept++;
      }
  for (guint c = 0; touched[c] != NULL; c++)
    kept += g_hash_table_contains (before, touched[c]);
  g_assert_cmpuint (kept, ==, g_hash_table_size (before));
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before) + 3);
}

static GBytes *
read_state (ProjectFixture *fixture,
            gint64          id,
            const char     *name)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = seg_recommender_read_state (fixture->project, id, name, &error);

  g_assert_no_error (error);
  return bytes;
}

/* The kept product keys, in the model's numbering. */
static GPtrArray *
read_keys (ProjectFixture *fixture,
           gint64          id,
           const char     *name)
{
  g_autoptr(GBytes) bytes = read_state (fixture, id, name);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (gsize at = 0; at < size; at += strlen (data + at) + 1)
    g_ptr_array_add (keys, g_strdup (data + at));
  return keys;
}

static int
key_index (GPtrArray  *keys,
           const char *key)
{
  for (guint k = 0; k < keys->len; k++)
    if (strcmp (g_ptr_array_index (keys, k), key) == 0)
      return (int) k;
  return -1;
}

/* A customer's net quantity of each kept product, from all their lines. */
static double *
net_quantities (ProjectFixture *fixture,
                GPtrArray      *products,
                const char     *customer)
{
  double *net = g_new0 (double, products->len);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (fixture->project),
                                       "SELECT sku, quantity FROM orders WHERE customer_id = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int i = key_index (products, (const char *) sqlite3_column_text (stmt, 0));

      if (i >= 0)
        net[i] += sqlite3_column_double (stmt, 1);
    }
  sqlite3_finalize (stmt);

  return net;
}

/* The best TOP of @scores not bought, as the result table has them:
 * highest first, ties to the lower index. Compared with the customer's
 * rows in the result table. */
static void
assert_offers (ProjectFixture *fixture,
               const char     *table,
               const char     *customer,
               GPtrArray      *products,
               const double   *scores,
               const double   *net,
               double          tolerance)
{
  g_autofree guint8 *taken = g_new0 (guint8, products->len);
  g_autofree char *sql = g_strdup_printf ("SELECT CAST (item AS TEXT), score FROM \"%s\" WHERE customer = ? ORDER BY rank",
                                          table);
  sqlite3_stmt *stmt = NULL;
  int rank = 0;

  for (guint i = 0; i < products->len; i++)
    taken[i] = net[i] > 0;
  g_assert_cmpint (sqlite3_prepare_v2 (seg_project_get_db (fixture->project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int best = -1;

      for (guint i = 0; i < products->len; i++)
        if (!taken[i] && (best < 0 || scores[i] > scores[best]))
          best = (int) i;
      g_assert_cmpint (best, >=, 0);
      taken[best] = 1;
      /* Scores this close may come in either order. */
      if (strcmp ((const char *) sqlite3_column_text (stmt, 0), g_ptr_array_index (products, best)) != 0)
        {
          int other = key_index (products, (const char *) sqlite3_column_text (stmt, 0));

          g_assert_cmpint (other, >=, 0);
          g_assert_cmpfloat_with_epsilon (scores[other], scores[best], tolerance);
          taken[best] = 0;
          taken[other] = 1;
          best = other;
        }
      g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 1), scores[best], tolerance);
      rank++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (rank, ==, TOP);
}

static void
refresh_ok (ProjectFixture    *fixture,
            gint64             id,
            SegRefreshSummary *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seg_recommender_refresh (fixture->project, id, NULL, summary, &error));
  g_assert_no_error (error);
}

static void
assert_current (ProjectFixture *fixture,
                gint64          id)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = seg_project_get_run (fixture->project, id, &error);
  g_assert_no_error (error);
  g_assert_false (seg_run_record_is_stale (record, fixture->project, NULL));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->input), "max-rowid"), ==,
                   query_int (fixture->project, "SELECT max (rowid) FROM orders"));
}

static void
assert_summary (const SegRefreshSummary *summary)
{
  g_assert_cmpint (summary->new_lines, ==, 10);
  g_assert_cmpint (summary->unknown_lines, ==, 1);
  g_assert_cmpint (summary->customers, ==, 8);
  g_assert_cmpint (summary->new_customers, ==, 3);
  g_assert_cmpint (summary->offers, ==, 8 * TOP);
  g_assert_cmpfloat (summary->seconds, >=, summary->load_seconds + summary->fit_seconds);
}

/* Appends the new lines, refreshes run @id and checks what every
 * refresh of them does; returns the run's result table. */
static char *
append_and_refresh (ProjectFixture *fixture,
                    gint64          id)
{
  char *table = result_table (fixture, id);
  g_autoptr(GHashTable) before = rows_by_customer (fixture, table);
  g_autoptr(GHashTable) after = NULL;
  SegRefreshSummary summary = { 0 };

  append_lines (fixture, NEW_LINES);
  refresh_ok (fixture, id, &summary);
  assert_summary (&summary);
  assert_current (fixture, id);
  after = rows_by_customer (fixture, table);
  assert_untouched_kept (before, after);

  return table;
}

/* Item-kNN: the refreshed customers' offers are the sums over their
 * purchases of the kept neighbour lists' similarities. */
static void
test_refresh_item_knn (ProjectFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GBytes) model = NULL;
  g_autofree char *table = NULL;
  g_autofree char *reason = NULL;
  const guint8 *bytes;
  guint64 n_items, total;
  gint64 id;

  import_shop (fixture);
  id = run_model (fixture, "item-knn", "weighting", SEG_IMPLICIT_COUNT, NULL);
  table = append_and_refresh (fixture, id);
  g_assert_cmpint (query_int (fixture->project, "SELECT row_count FROM seg_tables WHERE name = 'run_1'"), ==,
                   query_int (fixture->project, "SELECT count (*) FROM run_1"));

  /* The new customers join the kept list, in the order of their lines. */
  customers = read_keys (fixture, id, "customers");
  g_assert_cmpuint (customers->len, ==, 2348 + 3);
  g_assert_cmpstr (g_ptr_array_index (customers, 2348), ==, "CNEW1");
  g_assert_cmpstr (g_ptr_array_index (customers, 2350), ==, "CNEW3");

  /* The neighbour lists, read independently of the code under test. */
  products = read_keys (fixture, id, "products");
  model = read_state (fixture, id, "model");
  bytes = g_bytes_get_data (model, NULL);
  memcpy (&n_items, bytes, 8);
  memcpy (&total, bytes + 8, 8);
  n_items = GUINT64_FROM_LE (n_items);
  total = GUINT64_FROM_LE (total);
  g_assert_cmpuint (n_items, ==, products->len);

  for (guint c = 0; touched[c] != NULL; c++)
    {
      g_autofree double *net = net_quantities (fixture, products, touched[c]);
      g_autofree double *scores = g_new0 (double, n_items);
      const guint8 *counts = bytes + 16, *indices = counts + 4 * n_items, *sims = indices + 4 * total;
      guint64 at = 0;

      for (guint64 j = 0; j < n_items; j++)
        {
          guint32 count;

          memcpy (&count, counts + 4 * j, 4);
          count = GUINT32_FROM_LE (count);
          for (guint32 l = 0; l < count; l++, at++)
            {
              guint32 to;
              guint64 bits;
              double sim;

              memcpy (&to, indices + 4 * at, 4);
              memcpy (&bits, sims + 8 * at, 8);
              bits = GUINT64_FROM_LE (bits);
              memcpy (&sim, &bits, 8);
              /* Count weighting: the net quantity of what is kept. */
              if (net[j] > 0)
                scores[GUINT32_FROM_LE (to)] += sim * net[j];
            }
        }
      assert_offers (fixture, table, touched[c], products, scores, net, 1e-9);
    }

  /* A reason quotes the customer's own purchase by its name. */
  reason = query_text (fixture->project, "SELECT reason FROM run_1 WHERE customer = 'CNEW1' AND rank = 1");
  g_assert_true (g_str_has_prefix (reason, "Because you bought "));
  {
    g_autofree char *tea = query_text (fixture->project, "SELECT name_en FROM products WHERE sku = 'TEA-0001'");
    g_autofree char *cups = query_text (fixture->project, "SELECT name_en FROM products WHERE sku = 'ACC-0003'");

    g_assert_true (strstr (reason, tea) != NULL || strstr (reason, cups) != NULL);
  }
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM run_1 WHERE customer = 'CNEW2'"), ==, TOP);
  g_assert_cmpint (query_int (fixture->project,
                              "SELECT count (*) FROM run_1 WHERE item = 'NEW-0001'"), ==, 0);

  /* Nothing added since: nothing to do, nothing changed. */
  {
    g_autofree char *dump = project_dump (fixture);
    g_autofree char *again = NULL;
    SegRefreshSummary none = { 0 };

    refresh_ok (fixture, id, &none);
    g_assert_cmpint (none.new_lines, ==, 0);
    g_assert_cmpint (none.customers, ==, 0);
    again = project_dump (fixture);
    g_assert_cmpstr (again, ==, dump);
  }
}

/* Solves the k × k system a x = b in place (a is row-major), by Gaussian
 * elimination with partial pivoting. */
static void
solve (double *a,
       double *b,
       size_t  k)
{
  for (size_t c = 0; c < k; c++)
    {
      size_t pivot = c;

      for (size_t r = c + 1; r < k; r++)
        if (fabs (a[r * k + c]) > fabs (a[pivot * k + c]))
          pivot = r;
      for (size_t j = 0; j < k; j++)
        {
          double t = a[c * k + j];

          a[c * k + j] = a[pivot * k + j];
          a[pivot * k + j] = t;
        }
      {
        double t = b[c];

        b[c] = b[pivot];
        b[pivot] = t;
      }
      for (size_t r = c + 1; r < k; r++)
        {
          double f = a[r * k + c] / a[c * k + c];

          for (size_t j = c; j < k; j++)
            a[r * k + j] -= f * a[c * k + j];
          b[r] -= f * b[c];
        }
    }
  for (size_t c = k; c-- > 0;)
    {
      for (size_t j = c + 1; j < k; j++)
        b[c] -= a[c * k + j] * b[j];
      b[c] /= a[c * k + c];
    }
}

/* ALS: a refreshed customer's factors solve the regularised least
 * squares against the kept product factors, (YᵀC_uY + λI) x = YᵀC_u p_u
 * with the confidences 1 + alpha × quantity, and the offers are x · y_i. */
static void
test_refresh_als (ProjectFixture *fixture,
                  gconstpointer   data)
{
  const size_t k = 4;
  const double lambda = 5.0, alpha = 10.0;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GBytes) model = NULL;
  g_autofree char *table = NULL;
  g_autofree double *y = NULL;
  const guint8 *bytes;
  guint64 n_items, factors;
  gint64 id;

  import_shop (fixture);
  id = run_model (fixture, "als", "factors", (int) k, "regularization", lambda, "alpha", alpha, NULL);
  table = append_and_refresh (fixture, id);

  products = read_keys (fixture, id, "products");
  model = read_state (fixture, id, "model");
  bytes = g_bytes_get_data (model, NULL);
  memcpy (&n_items, bytes, 8);
  memcpy (&factors, bytes + 8, 8);
  g_assert_cmpuint (GUINT64_FROM_LE (n_items), ==, products->len);
  g_assert_cmpuint (GUINT64_FROM_LE (factors), ==, k);
  y = g_new (double, products->len * k);
  for (guint v = 0; v < products->len * k; v++)
    {
      guint64 bits;

      memcpy (&bits, bytes + 16 + 8 * v, 8);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&y[v], &bits, 8);
    }

  for (guint c = 0; touched[c] != NULL; c++)
    {
      g_autofree double *net = net_quantities (fixture, products, touched[c]);
      g_autofree double *scores = g_new0 (double, products->len);
      double a[16] = { 0 }, x[4] = { 0 };
      double largest = 0;

      /* YᵀY + λI, plus (c − 1) y yᵀ and c y for each product bought. */
      for (guint i = 0; i < products->len; i++)
        {
          double weight = 1.0;

          if (net[i] > 0)
            {
              double confidence = 1.0 + alpha * net[i];

              weight = confidence;
              for (size_t r = 0; r < k; r++)
                x[r] += confidence * y[i * k + r];
            }
          for (size_t r = 0; r < k; r++)
            for (size_t s = 0; s < k; s++)
              a[r * k + s] += weight * y[i * k + r] * y[i * k + s];
        }
      for (size_t r = 0; r < k; r++)
        a[r * k + r] += lambda;
      solve (a, x, k);
      for (guint i = 0; i < products->len; i++)
        {
          for (size_t r = 0; r < k; r++)
            scores[i] += x[r] * y[i * k + r];
          largest = MAX (largest, fabs (scores[i]));
        }
      assert_offers (fixture, table, touched[c], products, scores, net, 1e-7 * MAX (largest, 1.0));
    }

  /* The run's figures count the new customers. */
  {
    g_autoptr(SegRunRecord) record = seg_project_get_run (fixture->project, id, NULL);

    g_assert_cmpfloat (seg_run_record_get_metric (record, "customers"), ==, 2351);
    g_assert_cmpfloat (seg_run_record_get_metric (record, "recommendations"), ==, 2351 * TOP);
  }
}

static void
assert_refused (ProjectFixture *fixture,
                gint64          id,
                GQuark          domain,
                int             code,
                const char     *words)
{
  g_autofree char *dump = project_dump (fixture);
  g_autofree char *again = NULL;
  g_autofree char *run = g_strdup_printf ("Run %" PRId64 " ", id);
  g_autofree char *rerun = g_strdup_printf ("rerun %" PRId64, id);
  g_autoptr(GError) error = NULL;
  SegRefreshSummary summary = { 0 };

  g_assert_false (seg_recommender_refresh (fixture->project, id, NULL, &summary, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, run));
  g_assert_nonnull (strstr (error->message, rerun));
  g_assert_nonnull (strstr (error->message, words));
  again = project_dump (fixture);
  g_assert_cmpstr (again, ==, dump);
}

static void
exec_sql (ProjectFixture *fixture,
          const char     *sql)
{
  g_assert_cmpint (sqlite3_exec (seg_project_get_db (fixture->project), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* What cannot be brought up to date is refused, naming the run and the
 * reason, with the project left exactly as it was. */
static void
test_refresh_refused (ProjectFixture *fixture,
                      gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) evaluated = seg_model_new_for_id ("item-knn", NULL);
  g_autoptr(SegRun) evaluation = NULL;
  SegRecommenderEvaluation how;
  gint64 knn, popular, als;

  import_shop (fixture);
  knn = run_model (fixture, "item-knn", NULL);
  als = run_model (fixture, "als", "factors", 4, NULL);
  popular = run_model (fixture, "popular", NULL);
  g_object_set (evaluated, "table", "orders", "user", "customer_id", "item", "sku", NULL);
  seg_recommender_evaluation_init (&how);
  how.protocol = SEG_PROTOCOL_HOLDOUT;
  evaluation = seg_recommender_evaluate (fixture->project, SEG_RECOMMENDER_MODEL (evaluated), &how, NULL, &error);
  g_assert_no_error (error);
  append_lines (fixture, NEW_LINES);

  assert_refused (fixture, popular, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "keeps no model");
  assert_refused (fixture, seg_run_get_record (evaluation)->id, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                  "evaluation");
  g_assert_false (seg_recommender_refresh (fixture->project, 99, NULL, NULL, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN);
  g_clear_error (&error);

  /* An old row deleted, or the last rows the run read. */
  exec_sql (fixture, "CREATE TEMP TABLE saved AS SELECT rowid AS rid, * FROM orders WHERE rowid = 10 OR rowid > 50000;"
                     " DELETE FROM orders WHERE rowid = 10");
  assert_refused (fixture, knn, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "deleted");
  exec_sql (fixture, "DELETE FROM orders WHERE rowid > 50000");
  assert_refused (fixture, als, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "deleted");
  exec_sql (fixture, "INSERT INTO orders (rowid, invoice, invoice_date, customer_id, sku, quantity, unit_price, discount)"
                     " SELECT rid, invoice, invoice_date, customer_id, sku, quantity, unit_price, discount FROM saved;"
                     " DROP TABLE saved");

  /* An old line of a customer with new lines changed: another customer,
   * or another product. */
  exec_sql (fixture, "CREATE TEMP TABLE row10 AS SELECT customer_id FROM orders WHERE rowid = 10;"
                     " UPDATE orders SET customer_id = 'CNEW1' WHERE rowid = 10");
  assert_refused (fixture, knn, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "CNEW1");
  exec_sql (fixture, "UPDATE orders SET customer_id = (SELECT customer_id FROM row10) WHERE rowid = 10;"
                     " UPDATE orders SET sku = 'XYZ-0001'"
                     " WHERE rowid = (SELECT min (rowid) FROM orders WHERE customer_id = 'C00001')");
  assert_refused (fixture, als, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "XYZ-0001");

  /* A column renamed, or dropped. */
  exec_sql (fixture, "ALTER TABLE orders RENAME COLUMN sku TO product;"
                     " UPDATE seg_columns SET name = 'product' WHERE name = 'sku'"
                     " AND table_id = (SELECT id FROM seg_tables WHERE name = 'orders')");
  assert_refused (fixture, knn, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "sku");
  exec_sql (fixture, "ALTER TABLE orders RENAME COLUMN product TO sku;"
                     " UPDATE seg_columns SET name = 'sku' WHERE name = 'product'"
                     " AND table_id = (SELECT id FROM seg_tables WHERE name = 'orders');"
                     " ALTER TABLE orders DROP COLUMN quantity;"
                     " DELETE FROM seg_columns WHERE name = 'quantity'"
                     " AND table_id = (SELECT id FROM seg_tables WHERE name = 'orders')");
  assert_refused (fixture, als, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "quantity");

  /* The table imported anew. */
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
    g_autoptr(SegImporter) importer = seg_importer_new (fixture->project, path);
    g_autoptr(SegImportSummary) summary = NULL;

    seg_importer_set_replace (importer, TRUE);
    summary = seg_importer_run (importer, NULL, &error);
    g_assert_no_error (error);
    assert_refused (fixture, knn, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION, "replaced");
  }

  /* The table gone. */
  g_assert_true (seg_project_drop_table (fixture->project, "orders", &error));
  g_assert_no_error (error);
  assert_refused (fixture, als, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE, "orders");
}

static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Cancelled, before or while it works, the project stays as it was;
 * through the task the refresh is the same as at once. */
static void
test_refresh_cancel (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *again = NULL;
  SegRefreshSummary summary = { 0 };
  gint64 id;

  import_shop (fixture);
  id = run_model (fixture, "als", "factors", 8, NULL);
  append_lines (fixture, NEW_LINES);
  dump = project_dump (fixture);

  g_cancellable_cancel (cancellable);
  g_assert_false (seg_recommender_refresh (fixture->project, id, cancellable, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  again = project_dump (fixture);
  g_assert_cmpstr (again, ==, dump);

  /* Cancelled while the worker runs. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GCancellable) later = g_cancellable_new ();
      g_autoptr(GAsyncResult) result = NULL;

      seg_recommender_refresh_async (fixture->project, id, later, on_refreshed, &result);
      if (attempt == 0)
        g_cancellable_cancel (later);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (attempt == 0)
        {
          g_assert_false (seg_recommender_refresh_finish (fixture->project, result, &summary, &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_clear_error (&error);
          g_free (again);
          again = project_dump (fixture);
          g_assert_cmpstr (again, ==, dump);
        }
      else
        {
          g_assert_true (seg_recommender_refresh_finish (fixture->project, result, &summary, &error));
          g_assert_no_error (error);
          assert_summary (&summary);
          assert_current (fixture, id);
        }
    }

  /* A worker lets go of its task, and the task of the project, a moment
   * after the callback ran. */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       g_atomic_int_get (&G_OBJECT (fixture->project)->ref_count) > 1 && g_get_monotonic_time () < deadline;)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* `refresh RUN` on the command line. */
static void
cli (char      **out,
     char      **err,
     int        *status,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("SEGMENTA_CLI"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_free (*out);
  g_free (*err);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static gboolean
listed_stale (const char *json,
              gint64      id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *runs;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  runs = json_node_get_array (json_parser_get_root (parser));
  for (guint r = 0; r < json_array_get_length (runs); r++)
    {
      JsonObject *run = json_array_get_object_element (runs, r);

      if (json_object_get_int_member (run, "run") == id)
        return json_object_get_boolean_member (run, "stale");
    }
  g_assert_not_reached ();
}

static void
test_refresh_cli (ProjectFixture *fixture,
                  gconstpointer   data)
{
  g_autofree char *orders = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", "orders.csv", NULL);
  g_autofree char *project = g_build_filename (fixture->dir, "cli.segmenta", NULL);
  g_autofree char *week = write_file (fixture, "week.csv", NEW_LINES, -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  cli (&out, &err, &status, "-p", project, "--quiet", "import", orders, NULL);
  g_assert_cmpint (status, ==, 0);
  cli (&out, &err, &status, "-p", project, "--quiet", "recommend", "--table", "orders", "--algorithm", "item-knn", NULL);
  g_assert_cmpint (status, ==, 0);
  cli (&out, &err, &status, "-p", project, "--quiet", "recommend", "--table", "orders", "--algorithm", "popular", NULL);
  g_assert_cmpint (status, ==, 0);
  cli (&out, &err, &status, "-p", project, "--quiet", "import", week, "--append-to", "orders", NULL);
  g_assert_cmpint (status, ==, 0);
  cli (&out, &err, &status, "-p", project, "--json", "runs", NULL);
  g_assert_true (listed_stale (out, 1));

  cli (&out, &err, &status, "-p", project, "refresh", "1", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Run 1: 10 new order lines, offers made again for 8 customers (3 new) in "));
  g_assert_nonnull (strstr (out, "1 line names a product the model does not know yet"));
  cli (&out, &err, &status, "-p", project, "--json", "runs", NULL);
  g_assert_false (listed_stale (out, 1));
  g_assert_true (listed_stale (out, 2));

  cli (&out, &err, &status, "-p", project, "--json", "refresh", "1", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\"new_lines\" : 0"));
  cli (&out, &err, &status, "-p", project, "refresh", "1", NULL);
  g_assert_nonnull (strstr (out, "Run 1 is up to date"));

  /* Refused: a best-seller list, a run that is not there, no number. */
  cli (&out, &err, &status, "-p", project, "refresh", "2", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "Run 2 cannot be brought up to date"));
  g_assert_nonnull (strstr (err, "rerun 2"));
  cli (&out, &err, &status, "-p", project, "refresh", "7", NULL);
  g_assert_cmpint (status, ==, 1);
  cli (&out, &err, &status, "-p", project, "refresh", NULL);
  g_assert_cmpint (status, ==, 2);
  cli (&out, &err, &status, "refresh", "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "rerun"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/refresh/" name, ProjectFixture, NULL, project_fixture_set_up, func, project_fixture_tear_down)
  ADD ("item-knn", test_refresh_item_knn);
  ADD ("als", test_refresh_als);
  ADD ("refused", test_refresh_refused);
  ADD ("cancel", test_refresh_cancel);
  ADD ("cli", test_refresh_cli);
#undef ADD

  return g_test_run ();
}
