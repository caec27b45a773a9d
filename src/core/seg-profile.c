/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-measure.h"
#include "seg-memory.h"
#include "seg-preprocess.h"
#include "seg-profile.h"
#include "seg-profile-private.h"
#include "seg-project-private.h"
#include "seg-run.h"
#include "seg-segment.h"
#include "seg-task-private.h"

static void
top_product_free (SegTopProduct *product)
{
  g_free (product->product);
  g_free (product->label);
  g_free (product);
}

static void
cluster_profile_free (SegClusterProfile *cluster)
{
  g_free (cluster->name);
  g_clear_pointer (&cluster->features, g_array_unref);
  g_clear_pointer (&cluster->products, g_ptr_array_unref);
  g_free (cluster);
}

void
seg_profile_free (SegProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->table);
  g_strfreev (profile->features);
  g_free (profile->overall_mean);
  g_free (profile->overall_sd);
  g_free (profile->revenue);
  g_free (profile->orders);
  g_free (profile->product);
  g_clear_pointer (&profile->clusters, g_ptr_array_unref);
  g_free (profile);
}

/* The z-score of the feature in @role, or NAN when the run has none. */
static double
z_of (SegProfile        *profile,
      SegClusterProfile *cluster,
      SegMeasure         role)
{
  for (guint j = 0; profile->features[j] != NULL; j++)
    if (seg_measure_of_column (profile->features[j]) == role)
      return g_array_index (cluster->features, SegFeatureStat, j).z;

  return NAN;
}

#define HIGH 0.5

/* @text with its first letter in upper case, for the start of a name. */
static char *
capitalized (char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buffer[8];
  int length;

  if (!g_unichar_islower (first))
    return text;
  length = g_unichar_to_utf8 (g_unichar_toupper (first), buffer);
  buffer[length] = '\0';
  {
    char *result = g_strconcat (buffer, g_utf8_next_char (text), NULL);

    g_free (text);
    return result;
  }
}

/* A name a shop owner reads at a glance. Customer measures (recency,
 * frequency, spend) give the familiar names; other features give "High
 * x · low y" from the two that differ most from the whole. */
static char *
name_cluster (SegProfile        *profile,
              SegClusterProfile *cluster)
{
  double r = -z_of (profile, cluster, SEG_MEASURE_RECENCY);  /* higher is more recent */
  double f = z_of (profile, cluster, SEG_MEASURE_FREQUENCY);
  double v = z_of (profile, cluster, SEG_MEASURE_MONETARY);
  double t = z_of (profile, cluster, SEG_MEASURE_TENURE);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  if (cluster->cluster == 0)
    return g_strdup (_("Outliers"));

  if (isnan (v))
    v = z_of (profile, cluster, SEG_MEASURE_ORDER_VALUE);

  if (!isnan (r) && (!isnan (f) || !isnan (v)))
    {
      if (!isnan (v) && v > HIGH && r < -HIGH)
        return g_strdup (_("Lapsing big spenders"));
      if (r > HIGH && (isnan (f) || f < 0) && (isnan (v) || v < HIGH) && (isnan (t) || t < -HIGH))
        return g_strdup (_("New customers"));
      if (r < -2 * HIGH && (isnan (v) || v < 0) && (isnan (f) || f < 0))
        return g_strdup (_("Lost low spenders"));

      if (!isnan (v))
        g_ptr_array_add (words, v > HIGH ? _("High value") : v < -HIGH ? _("Low value") : _("Mid value"));
      if (!isnan (f))
        g_ptr_array_add (words, f > HIGH ? _("frequent") : f < -HIGH ? _("rare") : _("regular"));
      g_ptr_array_add (words, r > HIGH ? _("recent") : r < -2 * HIGH ? _("long gone") : r < -HIGH ? _("lapsing") : _("active"));
      g_ptr_array_add (words, NULL);
      return g_strjoinv (" · ", (char **) words->pdata);
    }

  /* Any other features: the two that set the cluster apart most. */
  {
    guint best = G_MAXUINT, second = G_MAXUINT;
    g_autofree char *first_text = NULL;
    g_autofree char *second_text = NULL;

    for (guint j = 0; profile->features[j] != NULL; j++)
      {
        double z = fabs (g_array_index (cluster->features, SegFeatureStat, j).z);

        if (best == G_MAXUINT || z > fabs (g_array_index (cluster->features, SegFeatureStat, best).z))
          {
            second = best;
            best = j;
          }
        else if (second == G_MAXUINT || z > fabs (g_array_index (cluster->features, SegFeatureStat, second).z))
          second = j;
      }

    if (best == G_MAXUINT || fabs (g_array_index (cluster->features, SegFeatureStat, best).z) < 0.25)
      return g_strdup (_("Typical"));

    first_text = capitalized (seg_measure_compare (profile->features[best],
                                                   g_array_index (cluster->features, SegFeatureStat, best).z > 0));
    if (second == G_MAXUINT || fabs (g_array_index (cluster->features, SegFeatureStat, second).z) < 0.25)
      return g_steal_pointer (&first_text);
    second_text = seg_measure_compare (profile->features[second],
                                       g_array_index (cluster->features, SegFeatureStat, second).z > 0);
    return g_strdup_printf ("%s · %s", first_text, second_text);
  }
}

/* How far @cluster stands from the mean of the other clusters of
 * @group in feature @j, in standard deviations of the whole. */
static double
distance_from_others (SegProfile *profile,
                      GPtrArray  *group,
                      guint       member,
                      guint       j)
{
  SegClusterProfile *cluster = g_ptr_array_index (group, member);
  double sum = 0;
  guint count = 0;

  for (guint o = 0; o < group->len; o++)
    {
      SegClusterProfile *other = g_ptr_array_index (group, o);
      double z = g_array_index (other->features, SegFeatureStat, j).z;

      if (o != member && isfinite (z))
        {
          sum += z;
          count++;
        }
    }
  if (count == 0 || !isfinite (g_array_index (cluster->features, SegFeatureStat, j).z))
    return 0;

  return g_array_index (cluster->features, SegFeatureStat, j).z - sum / count;
}

/* The names of a group of clusters that the plain naming called alike,
 * each told apart by the @depth features in which it differs most from
 * the others of the group: "New customers · more orders" and "New
 * customers · fewer orders". */
static GStrv
qualified_names (SegProfile *profile,
                 GPtrArray  *group,
                 guint       depth)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  guint n_features = g_strv_length (profile->features);

  for (guint m = 0; m < group->len; m++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (group, m);
      g_autoptr(GString) name = g_string_new (cluster->name);
      g_autofree gboolean *used = g_new0 (gboolean, MAX (n_features, 1));

      for (guint level = 0; level < depth && level < n_features; level++)
        {
          guint best = G_MAXUINT;
          g_autofree char *words = NULL;

          for (guint j = 0; j < n_features; j++)
            if (!used[j] && (best == G_MAXUINT ||
                             fabs (distance_from_others (profile, group, m, j)) >
                             fabs (distance_from_others (profile, group, m, best))))
              best = j;
          if (best == G_MAXUINT)
            break;
          used[best] = TRUE;
          words = seg_measure_compare (profile->features[best], distance_from_others (profile, group, m, best) > 0);
          g_string_append_printf (name, level == 0 ? " · %s" : ", %s", words);
        }
      g_strv_builder_add (names, name->str);
    }

  return g_strv_builder_end (names);
}

static gboolean
all_different (const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = 0; j < i; j++)
      if (g_str_equal (names[i], names[j]))
        return FALSE;

  return TRUE;
}

/**
 * seg_profile_name_clusters:
 * @profile: a profile whose clusters have their figures
 *
 * Names every cluster in plain words, and no two alike: clusters that
 * would share a name are told apart by what sets each apart from the
 * others of that name ("New customers · more orders", "New customers ·
 * fewer orders"), and only where even that fails, by their numbers.
 */
void
seg_profile_name_clusters (SegProfile *profile)
{
  guint n_features;

  g_return_if_fail (profile != NULL && profile->features != NULL && profile->clusters != NULL);

  n_features = g_strv_length (profile->features);

  for (guint c = 0; c < profile->clusters->len; c++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);

      g_free (cluster->name);
      cluster->name = name_cluster (profile, cluster);
    }

  for (guint c = 0; c < profile->clusters->len; c++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);
      g_autoptr(GPtrArray) group = g_ptr_array_new ();
      g_auto(GStrv) names = NULL;

      for (guint e = c; e < profile->clusters->len; e++)
        {
          SegClusterProfile *other = g_ptr_array_index (profile->clusters, e);

          if (g_str_equal (other->name, cluster->name))
            g_ptr_array_add (group, other);
        }
      if (group->len < 2)
        continue;

      for (guint depth = 1; depth <= MAX (n_features, 1u); depth++)
        {
          g_clear_pointer (&names, g_strfreev);
          names = qualified_names (profile, group, depth);
          if (all_different ((const char *const *) names))
            break;
        }
      for (guint m = 0; m < group->len; m++)
        {
          SegClusterProfile *member = g_ptr_array_index (group, m);

          g_free (member->name);
          member->name = g_strdup (names[m]);
        }
    }

  /* Clusters alike in every feature, or a qualified name that happens to
   * be another's plain one: only the number is left to tell them apart. */
  for (guint c = 0; c < profile->clusters->len; c++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);

      for (guint e = 0; e < c; e++)
        if (g_str_equal (((SegClusterProfile *) g_ptr_array_index (profile->clusters, e))->name, cluster->name))
          {
            char *numbered = g_strdup_printf ("%s (%d)", cluster->name, cluster->cluster);

            g_free (cluster->name);
            cluster->name = numbered;
            break;
          }
    }
}

static JsonObject *
parse_object (const char *text,
              JsonNode  **holder)
{
  *holder = text != NULL ? json_from_string (text, NULL) : NULL;

  return *holder != NULL && JSON_NODE_HOLDS_OBJECT (*holder) ? json_node_get_object (*holder) : NULL;
}

/* A statement that reads a product's name from another table keyed by the
 * same column (a products table next to the orders), or NULL. */
static sqlite3_stmt *
prepare_label_lookup (SegProject *project,
                      const char *orders,
                      const char *product)
{
  static const char *const names[] = { "name", "name_en", "product_name", "title", "description", NULL };
  g_autoptr(GPtrArray) tables = seg_project_list_tables (project, NULL);

  for (guint t = 0; tables != NULL && t < tables->len; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      SegColumnInfo *key, *name = NULL;

      if (g_ascii_strcasecmp (info->name, orders) == 0 ||
          (key = seg_table_find_column (info, "", product, NULL)) == NULL)
        continue;
      for (guint n = 0; names[n] != NULL && name == NULL; n++)
        name = seg_table_find_column (info, "", names[n], NULL);
      if (name != NULL && name->type == SEG_COLUMN_TEXT)
        {
          g_autofree char *table_q = seg_quote_identifier (info->name);
          g_autofree char *key_q = seg_quote_identifier (key->name);
          g_autofree char *name_q = seg_quote_identifier (name->name);
          g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE CAST (%s AS TEXT) = ? LIMIT 1",
                                                  name_q, table_q, key_q);
          g_autoptr(sqlite3_stmt) stmt = NULL;

          if (seg_project_prepare (project, sql, &stmt, NULL))
            return g_steal_pointer (&stmt);
        }
    }

  return NULL;
}

/* The top products of each cluster, when the run's table was made by RFM
 * from order lines that have a product column. */
static gboolean
add_top_products (SegProject  *project,
                  SegProfile  *profile,
                  const char  *input_table,
                  const char  *key,
                  const char  *product,
                  GError     **error)
{
  g_autoptr(SegTableInfo) input = NULL;
  g_autoptr(SegTableInfo) orders = NULL;
  g_autoptr(JsonNode) holder = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *orders_q = NULL;
  g_autofree char *customer_q = NULL;
  g_autofree char *product_q = NULL;
  g_autofree char *value = NULL;
  g_autofree char *result_q = seg_quote_identifier (profile->table);
  g_autofree char *key_q = NULL;
  JsonObject *origin;
  SegColumnInfo *column;
  const char *orders_name, *amount, *quantity, *price;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3_stmt *labels = NULL;
  int rc;

  input = seg_project_get_table (project, input_table, NULL);
  origin = input != NULL ? parse_object (input->origin, &holder) : NULL;
  if (origin == NULL || g_strcmp0 (json_object_get_string_member_with_default (origin, "kind", ""), "rfm") != 0 ||
      key == NULL)
    {
      if (product == NULL)
        return TRUE;
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--product: the run’s table “%s” was not made from order lines, so it has no products"),
                   input_table);
      return FALSE;
    }

  orders_name = json_object_get_string_member_with_default (origin, "orders", NULL);
  orders = orders_name != NULL ? seg_project_get_table (project, orders_name, NULL) : NULL;
  if (orders == NULL)
    {
      if (product == NULL)
        return TRUE;
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("--product: the order lines “%s” are no longer in the project"),
                   orders_name != NULL ? orders_name : "");
      return FALSE;
    }

  if (product != NULL)
    {
      if ((column = seg_table_find_column (orders, "--product", product, error)) == NULL)
        return FALSE;
    }
  else
    {
      static const char *const names[] = {
        "sku", "product", "product_id", "product_code", "item", "item_id", "stockcode", "stock_code", "article", NULL
      };

      column = NULL;
      for (guint i = 0; names[i] != NULL && column == NULL; i++)
        column = seg_table_find_column (orders, "--product", names[i], NULL);
      if (column == NULL)
        return TRUE;
    }
  profile->product = g_strdup (column->name);
  profile->orders = g_strdup (orders->name);
  product_q = seg_quote_identifier (column->name);

  if ((column = seg_table_find_column (orders, "--customer", json_object_get_string_member_with_default (origin, "customer", ""), NULL)) == NULL)
    return TRUE;
  customer_q = seg_quote_identifier (column->name);

  amount = json_object_get_string_member_with_default (origin, "amount", NULL);
  quantity = json_object_get_string_member_with_default (origin, "quantity", NULL);
  price = json_object_get_string_member_with_default (origin, "price", NULL);
  if (amount != NULL && (column = seg_table_find_column (orders, "--amount", amount, NULL)) != NULL)
    value = seg_quote_identifier (column->name);
  else if (quantity != NULL && price != NULL)
    {
      g_autofree char *q = NULL;
      g_autofree char *p = NULL;

      if ((column = seg_table_find_column (orders, "--quantity", quantity, NULL)) == NULL)
        return TRUE;
      q = seg_quote_identifier (column->name);
      if ((column = seg_table_find_column (orders, "--price", price, NULL)) == NULL)
        return TRUE;
      p = seg_quote_identifier (column->name);
      value = g_strdup_printf ("(%s * %s)", q, p);
    }
  else
    return TRUE;

  orders_q = seg_quote_identifier (orders->name);
  key_q = seg_quote_identifier (key);

  /* Buyers per product and cluster, ranked; lift compares a product's
   * reach in the cluster with its reach among all clustered customers.
   * The members are materialized so that SQLite indexes them for the
   * join: compared through CAST, neither side has an index of its own,
   * and a nested scan of every order against every member takes seconds. */
  g_string_printf (sql,
                   "WITH seg_members AS MATERIALIZED ("
                   "  SELECT CAST (%s AS TEXT) AS customer, cluster FROM %s WHERE cluster IS NOT NULL),"
                   " seg_lines AS MATERIALIZED ("
                   "  SELECT m.cluster AS cluster, CAST (o.%s AS TEXT) AS product,"
                   "         m.customer AS customer, CAST (%s AS REAL) AS value"
                   "  FROM %s o JOIN seg_members m ON m.customer = CAST (o.%s AS TEXT)"
                   "  WHERE o.%s IS NOT NULL AND %s > 0),"
                   " seg_per_cluster AS ("
                   "  SELECT cluster, product, count (DISTINCT customer) AS buyers, total (value) AS revenue"
                   "  FROM seg_lines GROUP BY cluster, product),"
                   " seg_overall AS ("
                   "  SELECT product, count (DISTINCT customer) AS buyers FROM seg_lines GROUP BY product),"
                   " seg_ranked AS ("
                   "  SELECT p.*, o.buyers AS all_buyers,"
                   "         row_number () OVER (PARTITION BY p.cluster"
                   "                             ORDER BY p.buyers DESC, p.revenue DESC, p.product) AS rank"
                   "  FROM seg_per_cluster p JOIN seg_overall o USING (product))"
                   " SELECT cluster, product, buyers, revenue, all_buyers FROM seg_ranked"
                   " WHERE rank <= %d ORDER BY cluster, rank",
                   key_q, result_q, product_q, value, orders_q, customer_q,
                   product_q, value, SEG_PROFILE_TOP_PRODUCTS);

  if (!seg_project_prepare (project, sql->str, &stmt, error))
    return FALSE;
  labels = prepare_label_lookup (project, orders->name, profile->product);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int cluster = sqlite3_column_int (stmt, 0);
      gint64 clustered = 0;
      SegTopProduct *top;

      if (cluster < 1 || (guint) cluster > profile->clusters->len)
        continue;
      for (guint c = 0; c < profile->clusters->len; c++)
        {
          SegClusterProfile *each = g_ptr_array_index (profile->clusters, c);

          if (each->cluster > 0)
            clustered += each->size;
        }

      top = g_new0 (SegTopProduct, 1);
      top->product = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (labels != NULL)
        {
          sqlite3_bind_text (labels, 1, top->product, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (labels) == SQLITE_ROW && sqlite3_column_type (labels, 0) == SQLITE_TEXT)
            top->label = g_strdup ((const char *) sqlite3_column_text (labels, 0));
          sqlite3_reset (labels);
        }
      top->buyers = sqlite3_column_int64 (stmt, 2);
      top->revenue = sqlite3_column_double (stmt, 3);
      for (guint c = 0; c < profile->clusters->len; c++)
        {
          SegClusterProfile *each = g_ptr_array_index (profile->clusters, c);

          if (each->cluster == cluster)
            {
              top->share = each->size > 0 ? (double) top->buyers / each->size : 0.0;
              top->lift = clustered > 0 && sqlite3_column_int64 (stmt, 4) > 0
                          ? top->share / ((double) sqlite3_column_int64 (stmt, 4) / clustered) : NAN;
              g_ptr_array_add (each->products, top);
              top = NULL;
              break;
            }
        }
      if (top != NULL)
        top_product_free (top);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_finalize (labels);

  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  return TRUE;
}

/* Moves the @k-th smallest of @v[0..n) to v[k], the smaller ones before
 * it and the others after: Hoare's selection, in linear time on average,
 * where sorting a million values took most of a profile. */
static void
select_kth (double *v,
            size_t  n,
            size_t  k)
{
  size_t lo = 0, hi = n - 1;

  while (hi > lo)
    {
      size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
      double a = v[lo], b = v[mid], c = v[hi];
      double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));

      /* The pivot is one of the values, so both scans stop in range. */
      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];

              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;
    }
}

/* The median by linear interpolation between the closest ranks, as
 * seg_quantile() gives it, without sorting. */
static double
median_of (double *v,
           size_t  n)
{
  size_t lo;
  double at, frac, next;

  if (n == 0)
    return NAN;

  at = 0.5 * (n - 1);
  lo = (size_t) floor (at);
  frac = at - lo;
  select_kth (v, n, lo);
  if (lo + 1 >= n)
    return v[lo];
  next = v[lo + 1];
  for (size_t i = lo + 2; i < n; i++)
    next = MIN (next, v[i]);
  return v[lo] + frac * (next - v[lo]);
}

/* The rows of a profile, gathered one at a time: per slot (a cluster
 * from 1, 0 for the rows no cluster took), the count, the spend and, per
 * feature, the values that are not NULL in the order the rows came. */
struct _SegProfileTally
{
  SegProfile *profile;  /* nullable: the profile it makes, when it owns one */
  guint       n_features;
  gboolean    with_revenue;
  GPtrArray  *values;   /* per slot, per feature: GArray of double */
  GArray     *revenue;
  GArray     *counts;
  guint       n_slots;
  double      total_revenue;
  gint64      total_rows;
  gboolean    finished;  /* its profile worked out */

  /* Rows given all at once (seg_profile_tally_add_rows()), read in place
   * one feature at a time instead of gathered into @values. */
  size_t         m_rows;
  const int32_t *m_labels;
  const double  *m_raw;
  size_t         m_stride;
  gsize         *m_columns;
};

static SegProfileTally *
tally_new (SegProfile *profile)
{
  SegProfileTally *tally = g_new0 (SegProfileTally, 1);

  tally->n_features = g_strv_length (profile->features);
  tally->with_revenue = profile->revenue != NULL;
  tally->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  tally->revenue = g_array_new (FALSE, TRUE, sizeof (double));
  tally->counts = g_array_new (FALSE, TRUE, sizeof (gint64));

  return tally;
}

void
seg_profile_tally_free (SegProfileTally *tally)
{
  if (tally == NULL)
    return;

  g_clear_pointer (&tally->profile, seg_profile_free);
  g_ptr_array_unref (tally->values);
  g_free (tally->m_columns);
  g_array_unref (tally->revenue);
  g_array_unref (tally->counts);
  g_free (tally);
}

/* Makes room for the slots up to @slot. */
static void
add_slots (SegProfileTally *tally,
           int              slot)
{
  while ((guint) slot >= tally->n_slots)
    {
      GPtrArray *arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

      for (guint j = 0; j < tally->n_features; j++)
        g_ptr_array_add (arrays, g_array_new (FALSE, FALSE, sizeof (double)));
      g_ptr_array_add (tally->values, arrays);
      g_array_set_size (tally->revenue, ++tally->n_slots);
      g_array_set_size (tally->counts, tally->n_slots);
    }
}

/* Adds one row: the features are @stmt's columns @columns[0 ..
 * n_features), the spend column @columns[n_features]. A slot past any
 * cluster a run makes is left out. */
static void
tally_add_values (SegProfileTally *tally,
                  int              slot,
                  const double    *values)
{
  GPtrArray *per_feature;

  if (slot < 0 || slot > 100000)
    return;
  add_slots (tally, slot);
  g_array_index (tally->counts, gint64, slot)++;
  per_feature = g_ptr_array_index (tally->values, slot);
  for (guint j = 0; j < tally->n_features; j++)
    if (!isnan (values[j]))
      g_array_append_val (g_ptr_array_index (per_feature, j), values[j]);
  if (tally->with_revenue)
    {
      /* A missing spend counts as none. */
      double v = isnan (values[tally->n_features]) ? 0.0 : values[tally->n_features];

      g_array_index (tally->revenue, double, slot) += v;
      tally->total_revenue += v;
    }
  tally->total_rows++;
}

static void
tally_add (SegProfileTally *tally,
           int              slot,
           sqlite3_stmt    *stmt,
           const int       *columns)
{
  double stack[16];
  g_autofree double *heap = NULL;
  double *values = stack;
  guint n = tally->n_features + 1;

  if (n > G_N_ELEMENTS (stack))
    values = heap = g_new (double, n);
  for (guint j = 0; j < tally->n_features + (tally->with_revenue ? 1 : 0); j++)
    values[j] = sqlite3_column_type (stmt, columns[j]) != SQLITE_NULL
                ? sqlite3_column_double (stmt, columns[j]) : NAN;
  tally_add_values (tally, slot, values);
}

/* The slot a row of cluster @label (from 0, -1 for none) goes to. */
static inline int
label_slot (int32_t label)
{
  return label >= 0 ? label + 1 : 0;
}

/* The values of feature @j that are not NULL, slot by slot, each slot's
 * in the order the rows came: @runs[s] points at slot s's @lengths[s]
 * values. Rows given all at once are laid out in @scratch, one slot
 * after the other. */
static void
feature_runs (SegProfileTally  *tally,
              guint             j,
              double           *scratch,
              double          **runs,
              size_t           *lengths)
{
  guint n_slots = tally->n_slots;
  size_t at = 0;

  if (tally->m_raw == NULL)
    {
      for (guint s = 0; s < n_slots; s++)
        {
          GArray *a = g_ptr_array_index ((GPtrArray *) g_ptr_array_index (tally->values, s), j);

          runs[s] = (double *) a->data;
          lengths[s] = a->len;
        }
      return;
    }

  memset (lengths, 0, n_slots * sizeof (size_t));
  for (size_t i = 0; i < tally->m_rows; i++)
    {
      int slot = label_slot (tally->m_labels[i]);

      if ((guint) slot < n_slots && !isnan (tally->m_raw[i * tally->m_stride + tally->m_columns[j]]))
        lengths[slot]++;
    }
  for (guint s = 0; s < n_slots; s++)
    {
      runs[s] = scratch + at;
      at += lengths[s];
      lengths[s] = 0;
    }
  for (size_t i = 0; i < tally->m_rows; i++)
    {
      int slot = label_slot (tally->m_labels[i]);
      double v = tally->m_raw[i * tally->m_stride + tally->m_columns[j]];

      if ((guint) slot < n_slots && !isnan (v))
        runs[slot][lengths[slot]++] = v;
    }
}

/* Describes each slot against the whole in @profile, whose features
 * the tally was made for; slot 0 comes last. One feature at a time. */
static void
tally_finish (SegProfileTally *tally,
              SegProfile      *profile)
{
  guint n_features = tally->n_features, n_slots = tally->n_slots;
  g_autofree double **runs = g_new0 (double *, MAX (n_slots, 1));
  g_autofree size_t *lengths = g_new0 (size_t, MAX (n_slots, 1));
  g_autofree SegClusterProfile **of_slot = g_new0 (SegClusterProfile *, MAX (n_slots, 1));
  double *scratch = tally->m_raw != NULL ? seg_large_alloc (MAX (tally->m_rows, 1) * sizeof (double)) : NULL;

  if (tally->m_raw != NULL && scratch == NULL)
    g_error ("%s: out of memory for %" G_GSIZE_FORMAT " values", G_STRLOC, tally->m_rows);

  profile->rows = tally->total_rows;
  profile->overall_mean = g_new0 (double, MAX (n_features, 1));
  profile->overall_sd = g_new0 (double, MAX (n_features, 1));

  /* Each cluster, then the noise. */
  profile->clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) cluster_profile_free);
  for (guint order = 1; order <= n_slots; order++)
    {
      guint s = order < n_slots ? order : 0;
      SegClusterProfile *cluster;
      gint64 size = g_array_index (tally->counts, gint64, s);

      if (size == 0)
        continue;

      cluster = g_new0 (SegClusterProfile, 1);
      cluster->cluster = (int) s;
      cluster->size = size;
      cluster->share = tally->total_rows > 0 ? (double) size / tally->total_rows : 0.0;
      cluster->revenue_share = tally->with_revenue && tally->total_revenue != 0
                               ? g_array_index (tally->revenue, double, s) / tally->total_revenue : NAN;
      cluster->features = g_array_sized_new (FALSE, TRUE, sizeof (SegFeatureStat), n_features);
      g_array_set_size (cluster->features, n_features);
      cluster->products = g_ptr_array_new_with_free_func ((GDestroyNotify) top_product_free);
      of_slot[s] = cluster;
      g_ptr_array_add (profile->clusters, cluster);
    }

  for (guint j = 0; j < n_features; j++)
    {
      double sum = 0, sum2 = 0, count = 0;

      feature_runs (tally, j, scratch, runs, lengths);

      /* The whole: mean and standard deviation over every row. */
      for (guint s = 0; s < n_slots; s++)
        for (size_t i = 0; i < lengths[s]; i++)
          {
            sum += runs[s][i];
            count += 1;
          }
      profile->overall_mean[j] = count > 0 ? sum / count : NAN;
      for (guint s = 0; s < n_slots; s++)
        for (size_t i = 0; i < lengths[s]; i++)
          {
            double dev = runs[s][i] - profile->overall_mean[j];

            sum2 += dev * dev;
          }
      profile->overall_sd[j] = count > 0 ? sqrt (sum2 / count) : NAN;

      for (guint s = 0; s < n_slots; s++)
        {
          SegFeatureStat stat = { NAN, NAN, NAN };
          double slot_sum = 0;

          if (of_slot[s] == NULL)
            continue;
          for (size_t i = 0; i < lengths[s]; i++)
            slot_sum += runs[s][i];
          if (lengths[s] > 0)
            {
              stat.mean = slot_sum / lengths[s];
              stat.median = median_of (runs[s], lengths[s]);
              stat.z = profile->overall_sd[j] > 0
                       ? (stat.mean - profile->overall_mean[j]) / profile->overall_sd[j] : 0.0;
            }
          g_array_index (of_slot[s]->features, SegFeatureStat, j) = stat;
        }
    }

  free (scratch);
}

/* Reads the rows of @sql, whose first column is each row's slot (its
 * cluster; NULL for none) and whose next columns are @profile's features
 * and then its spend column; and describes each slot against the whole.
 * @sql's parameter 1, if it has one, is bound to @parameter. */
static gboolean
tally_rows (SegProject  *project,
            SegProfile  *profile,
            const char  *sql,
            gint64       parameter,
            GError     **error)
{
  g_autoptr(SegProfileTally) tally = NULL;
  g_autofree int *columns = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!seg_project_prepare (project, sql, &stmt, error))
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, parameter);

  tally = tally_new (profile);
  columns = g_new (int, tally->n_features + 1);
  for (guint j = 0; j <= tally->n_features; j++)
    columns[j] = (int) j + 1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    tally_add (tally, sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int (stmt, 0),
               stmt, columns);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return FALSE;
    }
  tally_finish (tally, profile);

  return TRUE;
}

/* A profile's number columns, as @result has them: those the run
 * clustered on, then its spend column. No figures yet. */
static SegProfile *
profile_for_result (SegTableInfo *result,
                    JsonObject   *input)
{
  g_autoptr(SegProfile) profile = g_new0 (SegProfile, 1);
  g_autoptr(GStrvBuilder) features = g_strv_builder_new ();
  JsonArray *columns;

  profile->table = g_strdup (result->name);

  columns = input != NULL && json_object_has_member (input, "columns")
            ? json_object_get_array_member (input, "columns") : NULL;
  if (input != NULL && json_object_has_member (input, "revenue") && !json_object_get_null_member (input, "revenue"))
    {
      SegColumnInfo *column = seg_table_find_column (result, "revenue", json_object_get_string_member (input, "revenue"), NULL);

      if (column != NULL)
        profile->revenue = g_strdup (column->name);
    }
  for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
    {
      const char *name = json_array_get_string_element (columns, i);
      SegColumnInfo *column = name != NULL ? seg_table_find_column (result, "--columns", name, NULL) : NULL;

      if (column == NULL ||
          !(column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL || column->type == SEG_COLUMN_BOOLEAN))
        continue;
      g_strv_builder_add (features, column->name);
    }
  profile->features = g_strv_builder_end (features);

  return g_steal_pointer (&profile);
}

/* The figures of a run's clusters, worked out from its result table:
 * what a profile falls back to for runs stored without them, and what
 * the figures a run stores are checked against. No names, no products. */
static SegProfile *
compute_profile (SegProject    *project,
                 SegTableInfo  *result,
                 JsonObject    *input,
                 GError       **error)
{
  g_autoptr(SegProfile) profile = profile_for_result (result, input);
  g_autoptr(GString) sql = g_string_new ("SELECT cluster");
  g_autofree char *result_q = seg_quote_identifier (result->name);

  for (guint j = 0; profile->features[j] != NULL; j++)
    {
      g_autofree char *quoted = seg_quote_identifier (profile->features[j]);

      g_string_append_printf (sql, ", %s", quoted);
    }
  if (profile->revenue != NULL)
    {
      g_autofree char *quoted = seg_quote_identifier (profile->revenue);

      g_string_append_printf (sql, ", %s", quoted);
    }
  g_string_append_printf (sql, " FROM %s", result_q);

  if (!tally_rows (project, profile, sql->str, 0, error))
    return NULL;

  return g_steal_pointer (&profile);
}

static void
add_number (JsonBuilder *builder,
            double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static double
number_at (JsonArray *array,
           guint      i)
{
  JsonNode *node = i < json_array_get_length (array) ? json_array_get_element (array, i) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

/* The figures as JSON; a number that is not one is null. */
static char *
profile_to_json (SegProfile *profile)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_features = g_strv_length (profile->features);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, profile->rows);
  json_builder_set_member_name (builder, "revenue");
  if (profile->revenue != NULL)
    json_builder_add_string_value (builder, profile->revenue);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint j = 0; j < n_features; j++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, profile->features[j]);
      add_number (builder, profile->overall_mean[j]);
      add_number (builder, profile->overall_sd[j]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "clusters");
  json_builder_begin_array (builder);
  for (guint c = 0; c < profile->clusters->len; c++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, cluster->cluster);
      json_builder_add_int_value (builder, cluster->size);
      add_number (builder, cluster->share);
      add_number (builder, cluster->revenue_share);
      for (guint j = 0; j < cluster->features->len; j++)
        {
          SegFeatureStat *stat = &g_array_index (cluster->features, SegFeatureStat, j);

          add_number (builder, stat->mean);
          add_number (builder, stat->median);
          add_number (builder, stat->z);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* The largest rowid of @table: a result table's rows are numbered from 1
 * as they are written, so rows added behind the catalog's back show
 * here, where the catalog's count does not see them. -1 on failure. */
static gint64
last_rowid (SegProject *project,
            const char *table)
{
  g_autofree char *table_q = seg_quote_identifier (table);
  g_autofree char *sql = g_strdup_printf ("SELECT max (rowid) FROM %s", table_q);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!seg_project_prepare (project, sql, &stmt, NULL) || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
}

/* The figures stored with @run, or NULL when it has none, or none that
 * still fit its result table. */
static SegProfile *
load_stored (SegProject   *project,
             gint64        run,
             SegTableInfo *result)
{
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonObject *object;
  JsonArray *features, *clusters;
  guint n_features;

  if (!seg_project_prepare (project, "SELECT profile FROM seg_run_profiles WHERE run_id = ?", &stmt, NULL))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      (root = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (json_object_get_int_member_with_default (object, "rows", -1) != result->rows ||
      last_rowid (project, result->name) != result->rows ||
      (features = json_object_get_array_member (object, "features")) == NULL ||
      (clusters = json_object_get_array_member (object, "clusters")) == NULL)
    return NULL;

  profile = g_new0 (SegProfile, 1);
  profile->table = g_strdup (result->name);
  profile->rows = result->rows;
  profile->revenue = g_strdup (json_object_get_string_member_with_default (object, "revenue", NULL));
  n_features = json_array_get_length (features);
  profile->overall_mean = g_new0 (double, MAX (n_features, 1));
  profile->overall_sd = g_new0 (double, MAX (n_features, 1));
  for (guint j = 0; j < n_features; j++)
    {
      JsonArray *feature = json_array_get_array_element (features, j);
      const char *name = feature != NULL && json_array_get_length (feature) == 3
                         ? json_array_get_string_element (feature, 0) : NULL;

      if (name == NULL)
        return NULL;
      g_strv_builder_add (names, name);
      profile->overall_mean[j] = number_at (feature, 1);
      profile->overall_sd[j] = number_at (feature, 2);
    }
  profile->features = g_strv_builder_end (names);

  profile->clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) cluster_profile_free);
  for (guint c = 0; c < json_array_get_length (clusters); c++)
    {
      JsonArray *figures = json_array_get_array_element (clusters, c);
      SegClusterProfile *cluster;

      if (figures == NULL || json_array_get_length (figures) != 4 + 3 * n_features)
        return NULL;
      cluster = g_new0 (SegClusterProfile, 1);
      cluster->cluster = (int) json_array_get_int_element (figures, 0);
      cluster->size = json_array_get_int_element (figures, 1);
      cluster->share = number_at (figures, 2);
      cluster->revenue_share = number_at (figures, 3);
      cluster->features = g_array_sized_new (FALSE, TRUE, sizeof (SegFeatureStat), n_features);
      cluster->products = g_ptr_array_new_with_free_func ((GDestroyNotify) top_product_free);
      for (guint j = 0; j < n_features; j++)
        {
          SegFeatureStat stat = {
            number_at (figures, 4 + 3 * j), number_at (figures, 5 + 3 * j), number_at (figures, 6 + 3 * j)
          };

          g_array_append_val (cluster->features, stat);
        }
      g_ptr_array_add (profile->clusters, cluster);
    }

  return g_steal_pointer (&profile);
}

static gboolean
store_profile (SegProject  *writer,
               gint64       run,
               SegProfile  *profile,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = profile_to_json (profile);
  int rc;

  if (!seg_project_prepare (writer, "INSERT OR REPLACE INTO seg_run_profiles (run_id, profile) VALUES (?, ?)",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);
  return TRUE;
}

/*
 * seg_profile_store_for_run:
 * @writer: the connection inside the run's transaction
 * @run: the run's id
 * @table: its result table, written already
 * @input: the run's input record (columns, key, revenue)
 *
 * Works out the figures of the run's clusters once from its result
 * table, so that the map and the Segments page read them instead of
 * going through every row again.
 */
gboolean
seg_profile_store_for_run (SegProject  *writer,
                           gint64       run,
                           const char  *table,
                           JsonObject  *input,
                           GError     **error)
{
  g_autoptr(SegTableInfo) result = seg_project_get_table (writer, table, error);
  g_autoptr(SegProfile) profile = NULL;

  if (result == NULL ||
      (profile = compute_profile (writer, result, input, error)) == NULL)
    return FALSE;
  return store_profile (writer, run, profile, error);
}

/*
 * seg_profile_tally_new:
 * @result: the run's result table as it will be catalogued
 * @input: the run's input record (columns, key, revenue)
 *
 * Gathers the figures seg_profile_store_for_run() works out, from the
 * rows as they are written, in the order they are written, so that the
 * result table need not be read back.
 *
 * Returns: (transfer full): the tally
 */
SegProfileTally *
seg_profile_tally_new (SegTableInfo *result,
                       JsonObject   *input)
{
  SegProfile *profile = profile_for_result (result, input);
  SegProfileTally *tally = tally_new (profile);

  tally->profile = profile;
  return tally;
}

/* Returns: (transfer full): the columns of the result table the tally
 * reads, in the order seg_profile_tally_add() takes them: the features,
 * then the spend column if there is one */
GStrv
seg_profile_tally_get_columns (SegProfileTally *tally)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (tally->profile != NULL, NULL);

  g_strv_builder_addv (builder, (const char **) tally->profile->features);
  if (tally->profile->revenue != NULL)
    g_strv_builder_add (builder, tally->profile->revenue);
  return g_strv_builder_end (builder);
}

/*
 * seg_profile_tally_reserve:
 * @cluster: a cluster from 1, 0 for none
 * @rows: how many rows of it will come
 *
 * Sets memory aside for the values of @cluster's rows, so that a large
 * table's are not copied again and again as they grow.
 */
void
seg_profile_tally_reserve (SegProfileTally *tally,
                           int              cluster,
                           gsize            rows)
{
  GPtrArray *per_feature;

  if (cluster < 0 || cluster > 100000 || rows == 0)
    return;
  add_slots (tally, cluster);
  per_feature = g_ptr_array_index (tally->values, cluster);
  for (guint j = 0; j < tally->n_features; j++)
    {
      GArray *values = g_ptr_array_index (per_feature, j);
      guint len = values->len;

      /* GArray keeps what it has allocated when it is made shorter. */
      g_array_set_size (values, len + rows);
      g_array_set_size (values, len);
    }
}

/*
 * seg_profile_tally_add:
 * @cluster: the row's cluster from 1, 0 for none
 * @stmt: a statement on the row
 * @columns: where in @stmt the columns seg_profile_tally_get_columns()
 *   names are; their values must be the ones the result table stores
 *
 * Adds one row of the result table, in table order.
 */
void
seg_profile_tally_add (SegProfileTally *tally,
                       int              cluster,
                       sqlite3_stmt    *stmt,
                       const int       *columns)
{
  tally_add (tally, cluster, stmt, columns);
}

/*
 * seg_profile_tally_add_rows:
 * @n: the count of rows
 * @labels: each row's cluster from 0, -1 for none
 * @raw: the rows' values, @stride to a row, NAN for none; they must be
 *   the ones the result table stores
 * @columns: where in a row each of the columns
 *   seg_profile_tally_get_columns() names is
 *
 * Adds all the rows of the result table at once, in table order, as
 * seg_profile_tally_add() would one by one from a statement, for a
 * tally that has none yet. The rows are read where they are, one feature at a time,
 * until the tally is finished: they must stay until then.
 */
void
seg_profile_tally_add_rows (SegProfileTally *tally,
                            size_t           n,
                            const int32_t   *labels,
                            const double    *raw,
                            size_t           stride,
                            const gsize     *columns)
{
  guint n_columns = tally->n_features + (tally->with_revenue ? 1 : 0);

  g_return_if_fail (tally->total_rows == 0 && tally->m_raw == NULL);

  tally->m_rows = n;
  tally->m_labels = labels;
  tally->m_raw = raw;
  tally->m_stride = stride;
  tally->m_columns = g_memdup2 (columns, MAX (n_columns, 1) * sizeof (gsize));
  for (size_t i = 0; i < n; i++)
    {
      int slot = label_slot (labels[i]);

      if (slot > 100000)
        continue;
      add_slots (tally, slot);
      g_array_index (tally->counts, gint64, slot)++;
      if (tally->with_revenue)
        {
          double v = raw[i * stride + columns[tally->n_features]];

          /* A missing spend counts as none. */
          v = isnan (v) ? 0.0 : v;
          g_array_index (tally->revenue, double, slot) += v;
          tally->total_revenue += v;
        }
      tally->total_rows++;
    }
}

/*
 * seg_profile_tally_store:
 * @writer: the connection inside the run's transaction
 * @run: the run's id
 *
 * Stores the figures of the rows added, as seg_profile_store_for_run()
 * would have worked them out from the table.
 */
gboolean
seg_profile_tally_store (SegProfileTally  *tally,
                         SegProject       *writer,
                         gint64            run,
                         GError          **error)
{
  g_return_val_if_fail (tally->profile != NULL, FALSE);

  seg_profile_tally_finish (tally);
  return store_profile (writer, run, tally->profile, error);
}

/*
 * seg_profile_tally_finish:
 *
 * Works out the figures of the rows added, once, touching no project:
 * what seg_profile_tally_store() stores, ready beforehand.
 */
void
seg_profile_tally_finish (SegProfileTally *tally)
{
  g_return_if_fail (tally->profile != NULL);

  if (!tally->finished)
    tally_finish (tally, tally->profile);
  tally->finished = TRUE;
}

/**
 * seg_project_profile:
 * @run: a clustering run's id
 * @product: (nullable): the product column of the order lines; by default
 *   one named like sku or product_id
 *
 * Describes each cluster of a run: its size and share, the mean, median
 * and z-score of each number column, its share of revenue, a plain name
 * and, when the run's table was scored from order lines, the products
 * its customers buy most. The figures come from what the run stored when
 * it was written; a run stored without them has them worked out from its
 * result table.
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
SegProfile *
seg_project_profile (SegProject  *project,
                     gint64       run,
                     const char  *product,
                     GError     **error)
{
  return seg_project_profile_full (project, run, product, TRUE, error);
}

/**
 * seg_project_profile_full:
 * @products: whether to look up the clusters' top products, which reads
 *   the order lines; without, the products are left empty
 *
 * seg_project_profile(), or the clusters' figures and names alone.
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
SegProfile *
seg_project_profile_full (SegProject  *project,
                          gint64       run,
                          const char  *product,
                          gboolean     products,
                          GError     **error)
{
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) result = NULL;
  JsonObject *input;
  const char *key = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;

  if ((result = seg_run_record_get_result (record, project, error)) == NULL)
    return NULL;

  input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  if (input != NULL && json_object_has_member (input, "key") && !json_object_get_null_member (input, "key"))
    key = json_object_get_string_member (input, "key");

  profile = load_stored (project, run, result);
  if (profile == NULL)
    profile = compute_profile (project, result, input, error);
  if (profile == NULL)
    return NULL;
  profile->run = run;
  seg_profile_name_clusters (profile);

  if (products && !add_top_products (project, profile, record->input_table, key, product, error))
    return NULL;

  return g_steal_pointer (&profile);
}

/*
 * seg_profile_compute_for_run:
 *
 * The figures of a run's clusters worked out from its result table now,
 * never the stored ones: for checking that those are the same.
 */
SegProfile *
seg_profile_compute_for_run (SegProject  *project,
                             gint64       run,
                             GError     **error)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, run, error);
  g_autoptr(SegTableInfo) result = NULL;
  SegProfile *profile;

  if (record == NULL)
    return NULL;
  if ((result = seg_run_record_get_result (record, project, error)) == NULL)
    return NULL;
  profile = compute_profile (project, result,
                             JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL,
                             error);
  if (profile != NULL)
    {
      profile->run = run;
      seg_profile_name_clusters (profile);
    }
  return profile;
}

typedef struct
{
  gint64  run;
  char   *product;
} ProfileJob;

static void
profile_job_free (ProfileJob *job)
{
  g_free (job->product);
  g_free (job);
}

static gpointer
profile_func (SegProject          *project,
              gpointer             data,
              const volatile int  *cancel,
              GError             **error)
{
  ProfileJob *job = data;
  g_autoptr(SegProject) reader = seg_project_open_reader (project, cancel, error);

  return reader != NULL ? seg_project_profile (reader, job->run, job->product, error) : NULL;
}

/**
 * seg_project_profile_async:
 * @run: a clustering run's id
 * @product: (nullable): as for seg_project_profile()
 * @cancellable: (nullable): stops the work, even inside a query
 *
 * Describes a run's clusters as seg_project_profile() does, in a worker
 * thread through a connection of its own: with order lines to read for
 * the products, that takes seconds on a large shop.
 */
void
seg_project_profile_async (SegProject          *project,
                           gint64               run,
                           const char          *product,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ProfileJob *job;

  g_return_if_fail (SEG_IS_PROJECT (project));

  job = g_new0 (ProfileJob, 1);
  job->run = run;
  job->product = g_strdup (product);
  seg_task_run (project, seg_project_profile_async, profile_func,
                job, (GDestroyNotify) profile_job_free, (GDestroyNotify) seg_profile_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_profile_finish:
 *
 * Returns: (transfer full): the profile, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegProfile *
seg_project_profile_finish (SegProject    *project,
                            GAsyncResult  *result,
                            GError       **error)
{
  return seg_task_finish (project, result, seg_project_profile_async, error);
}

/* Saved segments ---------------------------------------------------------- */

/* The map coordinates a run writes, pc1, pc2…: not a customer's figures. */
static gboolean
is_map_column (const char *name)
{
  if (g_ascii_strncasecmp (name, "pc", 2) != 0 || name[2] == '\0')
    return FALSE;
  for (const char *p = name + 2; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* The number columns of @table other than @key: what a segment of its
 * rows is described by. */
static GStrv
number_columns (SegTableInfo *table,
                const char   *key)
{
  g_autoptr(GStrvBuilder) features = g_strv_builder_new ();

  for (guint i = 0; i < table->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (table->columns, i);

      if ((column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL) &&
          g_ascii_strcasecmp (column->name, key) != 0 && g_ascii_strcasecmp (column->name, "cluster") != 0 &&
          !is_map_column (column->name) && g_ascii_strcasecmp (column->name, "silhouette") != 0)
        g_strv_builder_add (features, column->name);
    }

  return g_strv_builder_end (features);
}

/**
 * seg_project_profile_segment:
 * @segment: the id of a saved segment
 *
 * Describes a saved segment against the rest of the table it was taken
 * from, as seg_project_profile() describes a run's clusters: cluster 1 is
 * the segment, under its own name, and cluster 2 everyone else in the
 * table. A segment taken from a run is compared on the columns the run
 * clustered on, within the run's result table; one taken from a table,
 * on that table's number columns.
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
SegProfile *
seg_project_profile_segment (SegProject  *project,
                             gint64       segment,
                             GError     **error)
{
  g_autoptr(SegProfile) profile = g_new0 (SegProfile, 1);
  g_autoptr(SegSegment) saved = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) table = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *id_text = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_auto(GStrv) candidates = NULL;
  g_autoptr(GStrvBuilder) features = g_strv_builder_new ();
  const char *key = NULL;
  JsonObject *source;
  SegColumnInfo *key_column;
  guint n_features;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id_text = g_strdup_printf ("%" PRId64, segment);
  saved = seg_project_find_segment (project, id_text, error);
  if (saved == NULL)
    return NULL;
  source = JSON_NODE_HOLDS_OBJECT (seg_segment_get_source (saved))
           ? json_node_get_object (seg_segment_get_source (saved)) : NULL;

  if (source != NULL && json_object_has_member (source, "run"))
    {
      gint64 run = json_object_get_int_member (source, "run");
      JsonObject *input;
      JsonArray *columns;

      record = seg_project_get_run (project, run, error);
      if (record == NULL)
        return NULL;
      table = seg_run_record_get_result (record, project, NULL);
      if (table == NULL)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                       _("The result table of run %" PRId64 ", where the segment “%s” was taken from, "
                         "is no longer in the project"), run, seg_segment_get_name (saved));
          return NULL;
        }
      profile->run = run;
      input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
      if (input != NULL && json_object_has_member (input, "key") && !json_object_get_null_member (input, "key"))
        key = json_object_get_string_member (input, "key");
      columns = input != NULL && json_object_has_member (input, "columns")
                ? json_object_get_array_member (input, "columns") : NULL;
      for (guint i = 0; columns != NULL && i < json_array_get_length (columns); i++)
        {
          const char *name = json_array_get_string_element (columns, i);
          SegColumnInfo *column = name != NULL ? seg_table_find_column (table, "--columns", name, NULL) : NULL;

          if (column != NULL && (column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL ||
                                 column->type == SEG_COLUMN_BOOLEAN))
            g_strv_builder_add (features, column->name);
        }
      if (input != NULL && json_object_has_member (input, "revenue") && !json_object_get_null_member (input, "revenue"))
        {
          SegColumnInfo *column = seg_table_find_column (table, "revenue", json_object_get_string_member (input, "revenue"), NULL);

          if (column != NULL)
            profile->revenue = g_strdup (column->name);
        }
    }
  else if (source != NULL && json_object_has_member (source, "table") && json_object_has_member (source, "key"))
    {
      table = seg_project_get_table (project, json_object_get_string_member (source, "table"), error);
      if (table == NULL)
        return NULL;
      key = json_object_get_string_member (source, "key");
    }
  else
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("The segment “%s” does not say which table it was taken from"), seg_segment_get_name (saved));
      return NULL;
    }

  key_column = key != NULL ? seg_table_find_column (table, "--key", key, NULL) : NULL;
  if (key_column == NULL)
    key_column = g_ptr_array_index (table->columns, 0);
  profile->table = g_strdup (table->name);

  /* A table's segment is described by all its numbers. */
  if (record == NULL)
    {
      candidates = number_columns (table, key_column->name);
      for (guint i = 0; candidates[i] != NULL; i++)
        {
          g_strv_builder_add (features, candidates[i]);
          if (profile->revenue == NULL && seg_measure_of_column (candidates[i]) == SEG_MEASURE_MONETARY)
            profile->revenue = g_strdup (candidates[i]);
        }
    }
  profile->features = g_strv_builder_end (features);
  n_features = g_strv_length (profile->features);

  /* The members are matched as text, as they were saved. */
  table_q = seg_quote_identifier (table->name);
  key_q = seg_quote_identifier (key_column->name);
  g_string_printf (sql, "SELECT CASE WHEN CAST (%s AS TEXT) IN"
                        " (SELECT key FROM seg_segment_members WHERE segment_id = ?1) THEN 1 ELSE 2 END",
                   key_q);
  for (guint j = 0; j < n_features; j++)
    {
      g_autofree char *quoted = seg_quote_identifier (profile->features[j]);

      g_string_append_printf (sql, ", %s", quoted);
    }
  if (profile->revenue != NULL)
    {
      g_autofree char *quoted = seg_quote_identifier (profile->revenue);

      g_string_append_printf (sql, ", %s", quoted);
    }
  g_string_append_printf (sql, " FROM %s", table_q);

  if (!tally_rows (project, profile, sql->str, segment, error))
    return NULL;

  for (guint c = 0; c < profile->clusters->len; c++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, c);

      cluster->name = g_strdup (cluster->cluster == 1 ? seg_segment_get_name (saved) : _("Everyone else"));
    }
  if (profile->clusters->len == 0 || ((SegClusterProfile *) g_ptr_array_index (profile->clusters, 0))->cluster != 1)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("None of the customers of the segment “%s” are in the table “%s” any more"),
                   seg_segment_get_name (saved), table->name);
      return NULL;
    }

  return g_steal_pointer (&profile);
}

static gpointer
profile_segment_func (SegProject          *project,
                      gpointer             data,
                      const volatile int  *cancel,
                      GError             **error)
{
  g_autoptr(SegProject) reader = seg_project_open_reader (project, cancel, error);

  return reader != NULL ? seg_project_profile_segment (reader, *(gint64 *) data, error) : NULL;
}

/**
 * seg_project_profile_segment_async:
 * @segment: the id of a saved segment
 * @cancellable: (nullable): stops the work, even inside a query
 *
 * Describes a saved segment as seg_project_profile_segment() does, in a
 * worker thread through a connection of its own.
 */
void
seg_project_profile_segment_async (SegProject          *project,
                                   gint64               segment,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_profile_segment_async, profile_segment_func,
                g_memdup2 (&segment, sizeof segment), g_free, (GDestroyNotify) seg_profile_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_profile_segment_finish:
 *
 * Returns: (transfer full): the profile, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegProfile *
seg_project_profile_segment_finish (SegProject    *project,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return seg_task_finish (project, result, seg_project_profile_segment_async, error);
}

/* RFM segments ------------------------------------------------------------ */

/**
 * seg_project_count_rfm_segments:
 * @run: a clustering run
 *
 * Counts the customers of each RFM segment (Champions, At risk…) in the
 * table the run read, when that table was scored from order lines.
 *
 * Returns: (transfer full): the counts, largest first, with no segments
 *   when the run's table has no RFM segments; %NULL with @error set
 */
SegRfmSummary *
seg_project_count_rfm_segments (SegProject  *project,
                                gint64       run,
                                GError     **error)
{
  g_autoptr(SegRfmSummary) summary = g_new0 (SegRfmSummary, 1);
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) input = NULL;
  g_autoptr(JsonNode) holder = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *segment_q = NULL;
  g_autofree char *sql = NULL;
  SegColumnInfo *column;
  JsonObject *origin;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  summary->segments = g_ptr_array_new_with_free_func (g_free);
  summary->counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;
  input = seg_project_get_table (project, record->input_table, NULL);
  origin = input != NULL ? parse_object (input->origin, &holder) : NULL;
  if (origin == NULL || g_strcmp0 (json_object_get_string_member_with_default (origin, "kind", ""), "rfm") != 0 ||
      (column = seg_table_find_column (input, "segment", "segment", NULL)) == NULL ||
      column->type != SEG_COLUMN_TEXT)
    return g_steal_pointer (&summary);

  summary->table = g_strdup (input->name);
  table_q = seg_quote_identifier (input->name);
  segment_q = seg_quote_identifier (column->name);
  sql = g_strdup_printf ("SELECT %s, count (*) FROM %s WHERE %s IS NOT NULL"
                         " GROUP BY %s ORDER BY count (*) DESC, %s",
                         segment_q, table_q, segment_q, segment_q, segment_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 1);

      g_ptr_array_add (summary->segments, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (summary->counts, n);
      summary->customers += n;
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  return g_steal_pointer (&summary);
}

static gpointer
count_rfm_func (SegProject          *project,
                gpointer             data,
                const volatile int  *cancel,
                GError             **error)
{
  g_autoptr(SegProject) reader = seg_project_open_reader (project, cancel, error);

  return reader != NULL ? seg_project_count_rfm_segments (reader, *(gint64 *) data, error) : NULL;
}

/**
 * seg_project_count_rfm_segments_async:
 * @run: a clustering run
 * @cancellable: (nullable): stops the work, even inside a query
 *
 * Counts as seg_project_count_rfm_segments() does, in a worker thread:
 * grouping a million customers takes a moment.
 */
void
seg_project_count_rfm_segments_async (SegProject          *project,
                                      gint64               run,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_count_rfm_segments_async, count_rfm_func,
                g_memdup2 (&run, sizeof run), g_free, (GDestroyNotify) seg_rfm_summary_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_count_rfm_segments_finish:
 *
 * Returns: (transfer full): the counts, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegRfmSummary *
seg_project_count_rfm_segments_finish (SegProject    *project,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return seg_task_finish (project, result, seg_project_count_rfm_segments_async, error);
}
