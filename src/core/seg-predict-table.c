/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "seg-cancel.h"
#include "seg-customer.h"
#include "seg-dataset.h"
#include "seg-day-private.h"
#include "seg-error.h"
#include "seg-intern-private.h"
#include "seg-model.h"
#include "seg-predict-table.h"
#include "seg-profile.h"
#include "seg-project-private.h"
#include "seg-run-record.h"
#include "seg-task-private.h"

/* The features every row has, before the item shares, in table order. */
static const struct
{
  const char    *name;
  SegColumnType  type;
} base_features[] = {
  { "recency", SEG_COLUMN_INTEGER },
  { "frequency", SEG_COLUMN_INTEGER },
  { "monetary", SEG_COLUMN_REAL },
  { "avg_order_value", SEG_COLUMN_REAL },
  { "tenure", SEG_COLUMN_INTEGER },
  { "gap_mean", SEG_COLUMN_REAL },
  { "gap_sd", SEG_COLUMN_REAL },
  { "overdue", SEG_COLUMN_REAL },
  { "return_line_share", SEG_COLUMN_REAL },
  { "return_value_share", SEG_COLUMN_REAL },
  { "spend_30d", SEG_COLUMN_REAL },
  { "orders_30d", SEG_COLUMN_INTEGER },
  { "spend_90d", SEG_COLUMN_REAL },
  { "orders_90d", SEG_COLUMN_INTEGER },
};

#define SHARE_PREFIX "share_"
#define DEFAULT_TOP_ITEMS 10

void
seg_predict_table_summary_free (SegPredictTableSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->table);
  g_free (summary->cutoff);
  g_free (summary->score_as_of);
  g_clear_pointer (&summary->features, g_ptr_array_unref);
  g_free (summary->target_description);
  g_free (summary->baseline);
  g_free (summary);
}

static const char *const target_names[] = {
  [SEG_PREDICT_BUYS_AGAIN] = "buys-again",
  [SEG_PREDICT_CHURN] = "churn",
  [SEG_PREDICT_BUYS_ITEM] = "buys-item",
  [SEG_PREDICT_SPEND] = "spend",
};

gboolean
seg_predict_target_from_string (const char       *text,
                                SegPredictTarget *target)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (target_names); i++)
    if (g_str_equal (text, target_names[i]))
      {
        *target = i;
        return TRUE;
      }
  return FALSE;
}

const char *
seg_predict_target_to_string (SegPredictTarget target)
{
  g_return_val_if_fail ((guint) target < G_N_ELEMENTS (target_names), NULL);
  return target_names[target];
}

static const char *const split_names[] = { "train", "test", "score" };

/**
 * seg_predict_splits_from_string:
 * @text: names joined by commas, such as “train,test”
 *
 * Returns: whether @text names splits; @error names --splits otherwise
 */
gboolean
seg_predict_splits_from_string (const char  *text,
                                guint       *splits,
                                GError     **error)
{
  g_auto(GStrv) names = g_strsplit (text, ",", -1);

  *splits = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      guint s;

      for (s = 0; s < G_N_ELEMENTS (split_names) && !g_str_equal (name, split_names[s]); s++)
        ;
      if (s == G_N_ELEMENTS (split_names))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--splits: “%s” is not one of train, test, score"), name);
          return FALSE;
        }
      *splits |= 1u << s;
    }
  if (*splits == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--splits: name at least one of train, test, score"));
      return FALSE;
    }
  return TRUE;
}

/* An ISO date as people read it, “1 Oct 2011”, in the user's language. */
static char *
format_day (const char *iso)
{
  g_autoptr(GDateTime) when = NULL;
  int y = 0, m = 0, d = 0;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      (when = g_date_time_new_utc (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (iso != NULL ? iso : "");
  /* Translators: a day in the sentences that describe a prediction, such
   * as “1 Oct 2011”; see g_date_time_format() for the codes. */
  return g_date_time_format (when, C_("predict day", "%-d %b %Y"));
}

/**
 * seg_predict_describe_day:
 * @iso: (nullable): a day, YYYY-MM-DD
 *
 * Returns: (transfer full): the day as the sentences of a prediction
 *   say it, such as “1 Oct 2011”
 */
char *
seg_predict_describe_day (const char *iso)
{
  return format_day (iso);
}

/**
 * seg_predict_describe_target:
 * @item: (nullable): the item of %SEG_PREDICT_BUYS_ITEM
 * @cutoff: ISO date the window starts on
 *
 * Returns: (transfer full): the target in plain words, such as “Buys
 *   again within 30 days of 1 Oct 2011”
 */
char *
seg_predict_describe_target (SegPredictTarget  target,
                             const char       *item,
                             const char       *cutoff,
                             int               horizon)
{
  g_autofree char *day = format_day (cutoff);

  switch (target)
    {
    case SEG_PREDICT_BUYS_AGAIN:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Buys again within %d day of %s",
                                           "Buys again within %d days of %s", horizon),
                              horizon, day);
    case SEG_PREDICT_CHURN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Does not buy within %d day of %s",
                                           "Does not buy within %d days of %s", horizon),
                              horizon, day);
    case SEG_PREDICT_BUYS_ITEM:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Buys “%s” within %d day of %s",
                                           "Buys “%s” within %d days of %s", horizon),
                              item != NULL ? item : "", horizon, day);
    case SEG_PREDICT_SPEND:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Spend within %d day of %s",
                                           "Spend within %d days of %s", horizon),
                              horizon, day);
    }
}

/**
 * seg_predict_describe_feature:
 * @feature: a column of a labelled customer table
 * @cutoff: ISO date the features are as of
 *
 * Returns: (transfer full) (nullable): the feature in plain words, such
 *   as “Days since the last order before 1 Oct 2011”, or %NULL for a
 *   column that is not one of the computed features
 */
char *
seg_predict_describe_feature (const char *feature,
                              const char *cutoff)
{
  return seg_predict_describe_feature_named (feature, cutoff, NULL);
}

/**
 * seg_predict_feature_item:
 * @feature: a column of a labelled customer table
 *
 * Returns: (nullable): the item whose share of spend @feature is, or
 *   %NULL for another column
 */
const char *
seg_predict_feature_item (const char *feature)
{
  g_return_val_if_fail (feature != NULL, NULL);

  return g_str_has_prefix (feature, SHARE_PREFIX) && feature[strlen (SHARE_PREFIX)] != '\0'
         ? feature + strlen (SHARE_PREFIX) : NULL;
}

/**
 * seg_predict_describe_feature_named:
 * @feature: a column of a labelled customer table
 * @cutoff: ISO date the features are as of
 * @item_names: (nullable) (element-type utf8 utf8): items' names, as
 *   seg_predict_item_names() finds them
 *
 * As seg_predict_describe_feature(), with a share of spend on an item
 * named by its name when @item_names has it, else by the item.
 *
 * Returns: (transfer full) (nullable): the feature in plain words
 */
char *
seg_predict_describe_feature_named (const char *feature,
                                    const char *cutoff,
                                    GHashTable *item_names)
{
  static const struct { const char *name; const char *sentence; } sentences[] = {
    { "recency", N_("Days since the last order before %s") },
    { "frequency", N_("Orders before %s") },
    { "monetary", N_("Spend before %s") },
    { "avg_order_value", N_("Mean order value before %s") },
    { "tenure", N_("Days since the first order, as of %s") },
    { "gap_mean", N_("Mean days between order days before %s") },
    { "gap_sd", N_("Standard deviation of the days between order days before %s") },
    { "overdue", N_("Days past the mean gap since the last order, as of %s") },
    { "return_line_share", N_("Share of order lines that were returns, before %s") },
    { "return_value_share", N_("Value returned for each unit of value bought, before %s") },
    { "spend_30d", N_("Spend in the 30 days before %s") },
    { "orders_30d", N_("Orders in the 30 days before %s") },
    { "spend_90d", N_("Spend in the 90 days before %s") },
    { "orders_90d", N_("Orders in the 90 days before %s") },
    { "items", N_("Distinct items bought before %s") },
  };
  g_autofree char *day = NULL;

  g_return_val_if_fail (feature != NULL, NULL);

  day = format_day (cutoff);
  if (seg_predict_feature_item (feature) != NULL)
    {
      const char *item = seg_predict_feature_item (feature);
      const char *name = item_names != NULL ? g_hash_table_lookup (item_names, item) : NULL;

      return g_strdup_printf (_("Share of spend on “%s” before %s"), name != NULL ? name : item, day);
    }
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    if (g_str_equal (feature, sentences[i].name))
      {
        /* The sentences above are formats of one “%s”, the day. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        return g_strdup_printf (_(sentences[i].sentence), day);
#pragma GCC diagnostic pop
      }
  return NULL;
}

/**
 * seg_predict_item_names:
 * @table: a labelled customer table
 *
 * The names of the items whose shares of spend @table has, from the
 * imported table of products that names the items of the order lines
 * @table was made from (as the customer profile finds it). Items it does
 * not name are left out, as is everything when there is no such table.
 *
 * Returns: (transfer full) (element-type utf8 utf8): item to name
 */
GHashTable *
seg_predict_item_names (SegProject *project,
                        const char *table)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(JsonNode) origin = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GString) sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *products = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  JsonObject *object;
  JsonArray *features;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  info = seg_project_get_table (project, table, NULL);
  if (info == NULL || info->origin == NULL || (origin = json_from_string (info->origin, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (origin))
    return g_steal_pointer (&names);
  object = json_node_get_object (origin);
  features = json_object_has_member (object, "features") ? json_object_get_array_member (object, "features") : NULL;
  for (guint i = 0; features != NULL && i < json_array_get_length (features); i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      const char *item = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? seg_predict_feature_item (json_node_get_string (node)) : NULL;

      if (item != NULL)
        g_ptr_array_add (items, (gpointer) item);
    }
  if (items->len == 0 ||
      !seg_project_find_products (project, json_object_get_string_member_with_default (object, "orders", NULL),
                                  json_object_get_string_member_with_default (object, "item", NULL),
                                  &products, &key, &name))
    return g_steal_pointer (&names);

  {
    g_autofree char *products_q = seg_quote_identifier (products);
    g_autofree char *key_q = seg_quote_identifier (key);
    g_autofree char *name_q = seg_quote_identifier (name);

    sql = g_string_new (NULL);
    g_string_printf (sql, "SELECT CAST (%s AS TEXT), CAST (%s AS TEXT) FROM %s WHERE CAST (%s AS TEXT) IN (",
                     key_q, name_q, products_q, key_q);
    for (guint i = 0; i < items->len; i++)
      g_string_append (sql, i == 0 ? "?" : ", ?");
    g_string_append (sql, ")");
  }
  if (!seg_project_prepare (project, sql->str, &stmt, NULL))
    return g_steal_pointer (&names);
  for (guint i = 0; i < items->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, g_ptr_array_index (items, i), -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *item = (const char *) sqlite3_column_text (stmt, 0);
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      char *trimmed = text != NULL ? g_strstrip (g_strdup (text)) : NULL;

      /* The first name of an item, and never an empty one. */
      if (item != NULL && trimmed != NULL && *trimmed != '\0' && !g_hash_table_contains (names, item))
        g_hash_table_insert (names, g_strdup (item), g_steal_pointer (&trimmed));
      g_free (trimmed);
    }

  return g_steal_pointer (&names);
}

/**
 * seg_predict_describe_previous:
 * @cutoff: the cut-off, an ISO date
 * @horizon: the days of the target's window
 *
 * Describes the “previous” column of a spend target's table: the spend
 * in the @horizon days before the cut-off, the baseline a spend model is
 * judged against.
 *
 * Returns: (transfer full): the sentence
 */
char *
seg_predict_describe_previous (const char *cutoff,
                               int         horizon)
{
  g_autofree char *day = format_day (cutoff);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Spend in the %d day before %s: last period’s value, the baseline",
                                       "Spend in the %d days before %s: last period’s value, the baseline",
                                       horizon),
                          horizon, day);
}

/**
 * seg_predict_base_features:
 *
 * Returns: (transfer none) (array zero-terminated=1): the features every
 *   labelled table has, whatever its order lines, in table order
 */
const char *const *
seg_predict_base_features (void)
{
  static const char *names[G_N_ELEMENTS (base_features) + 1];
  static gsize filled;

  if (g_once_init_enter (&filled))
    {
      for (guint i = 0; i < G_N_ELEMENTS (base_features); i++)
        names[i] = base_features[i].name;
      g_once_init_leave (&filled, 1);
    }

  return names;
}

/* Whether a column of the customers table can be learnt from: a date
 * cannot, nor a text with more values than a model takes (a name, an
 * e-mail address); both are still written to the table. */
static gboolean
joined_is_feature (SegProject   *project,
                   SegTableInfo *info,
                   SegColumnInfo *column)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *column_q = NULL;
  g_autofree char *sql = NULL;

  if (column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME)
    return FALSE;
  if (column->type != SEG_COLUMN_TEXT)
    return TRUE;
  table_q = seg_quote_identifier (info->name);
  column_q = seg_quote_identifier (column->name);
  sql = g_strdup_printf ("SELECT count (*) FROM (SELECT DISTINCT %s FROM %s WHERE %s IS NOT NULL LIMIT %d)",
                         column_q, table_q, column_q, SEG_MAX_CATEGORIES + 1);
  if (!seg_project_prepare (project, sql, &stmt, NULL) || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  return sqlite3_column_int (stmt, 0) <= SEG_MAX_CATEGORIES;
}

/* One order line, as kept in memory: days are counted from 1970. */
typedef struct
{
  guint32 customer;
  guint32 order;     /* id of the order key, G_MAXUINT32 for none */
  guint32 item;      /* id of the item, G_MAXUINT32 for none */
  gint32  day;
  double  value;
} Line;

typedef struct
{
  SegIntern  customers;
  SegIntern  orders;
  SegIntern  items;
  GArray    *lines;      /* of Line: in table order, then grouped by customer */
  guint32   *start;      /* per customer + 1: where its lines start once grouped */
  gint32     first_day;
  gint32     last_day;
} Orders;

/* @hint: the lines to expect, from the catalog; only a hint. */
static void
orders_init (Orders *self,
             gint64  hint)
{
  memset (self, 0, sizeof *self);
  seg_intern_init (&self->customers);
  seg_intern_init (&self->orders);
  seg_intern_init (&self->items);
  self->lines = g_array_sized_new (FALSE, FALSE, sizeof (Line), (guint) CLAMP (hint, 0, G_MAXUINT / 64));
  self->first_day = G_MAXINT32;
  self->last_day = G_MININT32;
}

static void
orders_clear (Orders *self)
{
  seg_intern_clear (&self->customers);
  seg_intern_clear (&self->orders);
  seg_intern_clear (&self->items);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->start, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Orders, orders_clear)

/* The lines of each customer together, each customer's in table order,
 * so that every sum adds its lines in the same order whatever else the
 * table holds, and the figures of one customer read one stretch of
 * memory rather than lines scattered over the whole table. */
static void
orders_group (Orders *self)
{
  guint32 n = self->customers.n;
  guint len = self->lines->len;
  Line *lines = (Line *) self->lines->data;
  g_autofree guint32 *fill = g_new0 (guint32, n + 1);
  g_autofree guint32 *dest = g_new (guint32, MAX (1, len));

  self->start = g_new0 (guint32, n + 1);
  for (guint i = 0; i < len; i++)
    self->start[lines[i].customer + 1]++;
  for (guint32 c = 0; c < n; c++)
    self->start[c + 1] += self->start[c];
  for (guint i = 0; i < len; i++)
    dest[i] = self->start[lines[i].customer] + fill[lines[i].customer]++;
  /* In place, cycle by cycle: each swap puts one line where it belongs. */
  for (guint i = 0; i < len; i++)
    while (dest[i] != i)
      {
        guint32 j = dest[i];
        Line line = lines[j];

        lines[j] = lines[i];
        lines[i] = line;
        dest[i] = dest[j];
        dest[j] = j;
      }
}

static gint32
day_of_key (gint64 key)
{
  return (gint32) seg_key_day (key);
}

static void
format_day_number (gint32 day,
                   char   out[16])
{
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (1970, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) when = g_date_time_add_days (epoch, day);

  g_snprintf (out, 16, "%04d-%02d-%02d", g_date_time_get_year (when),
              g_date_time_get_month (when), g_date_time_get_day_of_month (when));
}

/* A customer's features as of one day, and the target of the window
 * after it. */
typedef struct
{
  gint64  recency;
  gint64  frequency;
  double  monetary;
  gint64  tenure;
  double  gap_mean;      /* NAN with fewer than two order days */
  double  gap_sd;
  double  return_line_share;
  double  return_value_share;
  double  spend_30;
  gint64  orders_30;
  double  spend_90;
  gint64  orders_90;
  gint64  items;
  double *shares;        /* per top item, spend on it */
  gboolean bought;       /* in the window */
  gboolean bought_item;
  double   window_spend;
  double   previous_spend; /* in the @horizon days before as_of */
} Figures;

static int
compare_guint32 (const void *a,
                 const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

/* How many distinct values @values[0..n) holds; sorts them. */
static gint64
count_distinct (guint32 *values,
                gsize    n)
{
  gint64 count = 0;

  if (n == 0)
    return 0;
  qsort (values, n, sizeof (guint32), compare_guint32);
  for (gsize i = 0; i < n; i++)
    if (i == 0 || values[i] != values[i - 1])
      count++;
  return count;
}

typedef struct
{
  GArray *orders;   /* guint32 scratch arrays, reused customer after customer */
  GArray *orders_30;
  GArray *orders_90;
  GArray *days;
  GArray *items;
} Scratch;

static void
scratch_init (Scratch *self)
{
  self->orders = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->orders_30 = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->orders_90 = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->days = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->items = g_array_new (FALSE, FALSE, sizeof (guint32));
}

static void
scratch_clear (Scratch *self)
{
  g_clear_pointer (&self->orders, g_array_unref);
  g_clear_pointer (&self->orders_30, g_array_unref);
  g_clear_pointer (&self->orders_90, g_array_unref);
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scratch, scratch_clear)

/* The figures of customer @c as of @as_of (a day number): the features
 * from lines strictly before it, the target from [as_of, as_of + horizon).
 * FALSE for a customer without a purchase before @as_of. */
static gboolean
compute_figures (Orders         *orders,
                 guint32         c,
                 gint32          as_of,
                 int             horizon,
                 guint32         target_item,
                 const guint32  *top,
                 guint           n_top,
                 Scratch        *scratch,
                 Figures        *out)
{
  gint32 first = G_MAXINT32, last = G_MININT32;
  gint64 lines = 0, returned_lines = 0;
  double returned = 0.0;

  g_array_set_size (scratch->orders, 0);
  g_array_set_size (scratch->orders_30, 0);
  g_array_set_size (scratch->orders_90, 0);
  g_array_set_size (scratch->days, 0);
  g_array_set_size (scratch->items, 0);
  out->monetary = out->spend_30 = out->spend_90 = out->window_spend = out->previous_spend = 0.0;
  out->bought = out->bought_item = FALSE;
  for (guint t = 0; t < n_top; t++)
    out->shares[t] = 0.0;

  for (guint32 k = orders->start[c]; k < orders->start[c + 1]; k++)
    {
      const Line *line = &g_array_index (orders->lines, Line, k);

      if (line->day >= as_of)
        {
          if (line->day < (gint64) as_of + horizon && line->value > 0)
            {
              out->bought = TRUE;
              out->window_spend += line->value;
              if (target_item != G_MAXUINT32 && line->item == target_item)
                out->bought_item = TRUE;
            }
          continue;
        }

      lines++;
      if (line->value < 0)
        {
          returned_lines++;
          returned -= line->value;
        }
      if (!(line->value > 0))
        continue;

      out->monetary += line->value;
      if (line->day >= (gint64) as_of - horizon)
        out->previous_spend += line->value;
      first = MIN (first, line->day);
      last = MAX (last, line->day);
      {
        guint32 day = (guint32) line->day;

        g_array_append_val (scratch->days, day);
      }
      if (line->order != G_MAXUINT32)
        {
          g_array_append_val (scratch->orders, line->order);
          if (line->day >= as_of - 90)
            {
              out->spend_90 += line->value;
              g_array_append_val (scratch->orders_90, line->order);
            }
          if (line->day >= as_of - 30)
            {
              out->spend_30 += line->value;
              g_array_append_val (scratch->orders_30, line->order);
            }
        }
      else
        {
          if (line->day >= as_of - 90)
            out->spend_90 += line->value;
          if (line->day >= as_of - 30)
            out->spend_30 += line->value;
        }
      if (line->item != G_MAXUINT32)
        {
          g_array_append_val (scratch->items, line->item);
          for (guint t = 0; t < n_top; t++)
            if (top[t] == line->item)
              out->shares[t] += line->value;
        }
    }

  if (first == G_MAXINT32)
    return FALSE;

  out->recency = (gint64) as_of - last;
  out->tenure = (gint64) as_of - first;
  out->frequency = count_distinct ((guint32 *) scratch->orders->data, scratch->orders->len);
  out->orders_30 = count_distinct ((guint32 *) scratch->orders_30->data, scratch->orders_30->len);
  out->orders_90 = count_distinct ((guint32 *) scratch->orders_90->data, scratch->orders_90->len);
  out->items = count_distinct ((guint32 *) scratch->items->data, scratch->items->len);
  out->return_line_share = (double) returned_lines / lines;
  out->return_value_share = returned / out->monetary;
  for (guint t = 0; t < n_top; t++)
    out->shares[t] /= out->monetary;

  /* The gaps between distinct order days, in order. The days were
   * appended as signed numbers; they sort as such once offset. */
  {
    guint32 *days = (guint32 *) scratch->days->data;
    gsize n = scratch->days->len, n_days = 0;
    double sum = 0.0, sum_sq = 0.0, mean;
    gint32 previous = 0;

    for (gsize i = 0; i < n; i++)
      days[i] ^= 0x80000000u;
    if (n > 0)
      qsort (days, n, sizeof (guint32), compare_guint32);
    for (gsize i = 0; i < n; i++)
      {
        gint32 day = (gint32) (days[i] ^ 0x80000000u);

        if (i > 0 && day == previous)
          continue;
        if (n_days > 0)
          sum += day - previous;
        previous = day;
        n_days++;
      }
    if (n_days < 2)
      {
        out->gap_mean = NAN;
        out->gap_sd = NAN;
        return TRUE;
      }
    mean = sum / (n_days - 1);
    n_days = 0;
    for (gsize i = 0; i < n; i++)
      {
        gint32 day = (gint32) (days[i] ^ 0x80000000u);

        if (i > 0 && day == previous)
          continue;
        if (n_days > 0)
          sum_sq += (day - previous - mean) * (day - previous - mean);
        previous = day;
        n_days++;
      }
    out->gap_mean = mean;
    out->gap_sd = sqrt (sum_sq / (n_days - 1));
  }
  return TRUE;
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           param,
                     double        value)
{
  if (isnan (value) || isinf (value))
    sqlite3_bind_null (stmt, param);
  else
    sqlite3_bind_double (stmt, param, value);
}

static gboolean
parse_iso_day (const char  *text,
               const char  *option,
               gint32      *day,
               GError     **error)
{
  int y = 0, m = 0, d = 0;
  char end = 0;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
      strlen (text) != 10 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("%s: “%s” is not a date like 2024-12-31"), option, text != NULL ? text : "");
      return FALSE;
    }
  *day = day_of_key (seg_day_key (y, m, d));
  return TRUE;
}

static gboolean
require_numbers (SegColumnInfo  *column,
                 const char     *option,
                 GError        **error)
{
  if (column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL)
    return TRUE;
  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("%s: the column “%s” holds %s, not numbers"),
               option, column->name, seg_column_type_to_string (column->type));
  return FALSE;
}

/* The column an option names, or the one with a usual name for @role. */
static SegColumnInfo *
order_column (SegTableInfo  *info,
              const char    *option,
              const char    *name,
              SegOrderRole   role,
              gboolean       needed,
              GError       **error)
{
  if (name == NULL)
    name = seg_orders_guess_column (info, role);
  if (name == NULL)
    {
      if (needed)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("%s: the table “%s” has no column with a usual name for it; name one"),
                     option, info->name);
      return NULL;
    }
  return seg_table_find_column (info, option, name, error);
}

/* A customer's key of a clustering run: their cluster's name where the
 * Segments page has one, else the cluster's number. */
static GHashTable *
read_segments (SegProject  *project,
               gint64       run,
               GError     **error)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, run, NULL);
  g_autoptr(SegTableInfo) result = NULL;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) segments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  SegColumnInfo *key;
  int rc;

  if (record == NULL || record->kind != SEG_MODEL_KIND_SEGMENTATION ||
            (result = seg_run_record_get_result (record, project, NULL)) == NULL ||
      result->columns->len == 0 || seg_table_find_column (result, "", "cluster", NULL) == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment-run: the project has no clustering run %" PRId64 " with its clusters"),
                   run);
      return NULL;
    }
  key = g_ptr_array_index (result->columns, 0);
  if (g_str_equal (key->name, "row") || g_str_equal (key->name, "cluster"))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--segment-run: run %" PRId64 " clustered rows without a customer key"), run);
      return NULL;
    }

  profile = seg_project_profile_full (project, run, NULL, FALSE, NULL);
  table_q = seg_quote_identifier (result->name);
  key_q = seg_quote_identifier (key->name);
  sql = g_strdup_printf ("SELECT CAST (%s AS TEXT), cluster FROM %s", key_q, table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *customer = (const char *) sqlite3_column_text (stmt, 0);
      int cluster = sqlite3_column_int (stmt, 1);
      char *name = NULL;

      if (customer == NULL || sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;
      for (guint c = 0; profile != NULL && c < profile->clusters->len && name == NULL; c++)
        {
          SegClusterProfile *described = g_ptr_array_index (profile->clusters, c);

          if (described->cluster == cluster && described->name != NULL)
            name = g_strdup (described->name);
        }
      if (name == NULL)
        name = g_strdup_printf ("%d", cluster);
      g_hash_table_replace (segments, g_strdup (customer), name);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }
  return g_steal_pointer (&segments);
}

typedef struct
{
  guint32 item;
  gint64  lines;
} ItemCount;

static int
compare_item_counts (const void *a,
                     const void *b,
                     gpointer    data)
{
  const ItemCount *x = a, *y = b;
  SegIntern *items = data;
  gsize la, lb;
  const char *sa, *sb;
  int c;

  if (x->lines != y->lines)
    return x->lines > y->lines ? -1 : 1;
  sa = seg_intern_get (items, x->item, &la);
  sb = seg_intern_get (items, y->item, &lb);
  c = memcmp (sa, sb, MIN (la, lb));
  return c != 0 ? c : (la > lb) - (la < lb);
}

static int
compare_customer_names (const void *a,
                        const void *b,
                        gpointer    data)
{
  SegIntern *customers = data;
  gsize la, lb;
  const char *sa = seg_intern_get (customers, *(const guint32 *) a, &la);
  const char *sb = seg_intern_get (customers, *(const guint32 *) b, &lb);
  int c = memcmp (sa, sb, MIN (la, lb));

  return c != 0 ? c : (la > lb) - (la < lb);
}

static void
add_column (GPtrArray     *columns,
            const char    *name,
            SegColumnType  type)
{
  SegColumnInfo *info = g_new0 (SegColumnInfo, 1);

  info->name = g_strdup (name);
  info->type = type;
  g_ptr_array_add (columns, info);
}

static gboolean
has_column (GPtrArray  *columns,
            const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (columns, i))->name, name) == 0)
      return TRUE;
  return FALSE;
}

/**
 * seg_project_predict_table_full:
 * @project: a #SegProject
 * @options: the order lines, the cut-off, the horizon and the target
 * @progress: (nullable) (scope call): called now and then with the part
 *   done, from 0 to 1, on the calling thread
 * @cancel: (nullable): stops the work soon after it is set, with
 *   %G_IO_ERROR_CANCELLED, leaving the project as it was
 * @error: return location for an error naming the option at fault
 *
 * Writes a labelled customer table: a row per customer with a purchase
 * before the day a split is computed as of, with features from the order
 * lines strictly before that day and the target of the window that
 * starts on it, so that no feature knows anything of the window. The
 * table's catalog entry records the cut-off, the horizon, the target and
 * the columns in plain words (“descriptions”), all in one transaction.
 *
 * Returns: (transfer full): what was written, or %NULL with @error set
 */
SegPredictTableSummary *
seg_project_predict_table_full (SegProject                    *project,
                                const SegPredictTableOptions  *options,
                                SegPredictProgressFunc         progress,
                                gpointer                       progress_data,
                                const volatile int            *cancel,
                                GError                       **error)
{
  g_autoptr(SegPredictTableSummary) summary = g_new0 (SegPredictTableSummary, 1);
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(SegTableInfo) customers_info = NULL;
  g_autoptr(GHashTable) segments = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);
  g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func (g_free);  /* customers' columns, as named there */
  g_autoptr(GPtrArray) joined_as = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) date_stmt = NULL;
  g_auto(Orders) orders = { 0 };
  g_autofree char *table_q = NULL;
  g_autofree char *value = NULL;
  g_autofree char *customer_name = NULL;
  g_autofree char *date_name = NULL;
  g_autofree char *invoice_name = NULL;
  g_autofree char *item_name = NULL;
  g_autofree char *amount_name = NULL;
  g_autofree char *quantity_name = NULL;
  g_autofree char *price_name = NULL;
  g_autofree char *customers_key_name = NULL;
  g_autofree char *out_q = NULL;
  g_autofree guint32 *top = NULL;
  g_autofree double *shares = NULL;
  g_autofree guint32 *sorted = NULL;
  SegColumnInfo *column;
  guint32 target_item = G_MAXUINT32;
  guint n_top = 0, splits, n_features, target_at;
  g_autoptr(GHashTable) not_features = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint32 cutoff = 0, as_of[3];
  int horizon = options != NULL ? options->horizon : 0;
  gint64 t0 = g_get_monotonic_time ();
  gint64 rows = 0, total_rows;
  g_auto(Scratch) scratch = { 0 };
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL && options->orders != NULL, NULL);

  info = seg_project_get_table (project, options->orders, error);
  if (info == NULL)
    return NULL;
  table_q = seg_quote_identifier (info->name);

  /* The columns: named, else recognised by their usual names. */
  if ((column = order_column (info, "--customer", options->customer, SEG_ORDER_ROLE_CUSTOMER, TRUE, error)) == NULL)
    return NULL;
  customer_name = g_strdup (column->name);
  if ((column = order_column (info, "--date", options->date, SEG_ORDER_ROLE_DATE, TRUE, error)) == NULL)
    return NULL;
  if (column->type != SEG_COLUMN_DATE && column->type != SEG_COLUMN_DATETIME)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("%s: the column “%s” holds %s, not dates"),
                   "--date", column->name, seg_column_type_to_string (column->type));
      return NULL;
    }
  date_name = g_strdup (column->name);

  if (options->amount != NULL ||
      (options->quantity == NULL && options->price == NULL &&
       (seg_orders_guess_column (info, SEG_ORDER_ROLE_QUANTITY) == NULL ||
        seg_orders_guess_column (info, SEG_ORDER_ROLE_PRICE) == NULL)))
    {
      if ((column = order_column (info, "--amount", options->amount, SEG_ORDER_ROLE_AMOUNT, TRUE, error)) == NULL ||
          !require_numbers (column, "--amount", error))
        return NULL;
      amount_name = g_strdup (column->name);
      value = seg_quote_identifier (column->name);
    }
  else
    {
      g_autofree char *quantity_q = NULL;
      g_autofree char *price_q = NULL;

      if ((column = order_column (info, "--quantity", options->quantity, SEG_ORDER_ROLE_QUANTITY, TRUE, error)) == NULL ||
          !require_numbers (column, "--quantity", error))
        return NULL;
      quantity_name = g_strdup (column->name);
      quantity_q = seg_quote_identifier (column->name);
      if ((column = order_column (info, "--price", options->price, SEG_ORDER_ROLE_PRICE, TRUE, error)) == NULL ||
          !require_numbers (column, "--price", error))
        return NULL;
      price_name = g_strdup (column->name);
      price_q = seg_quote_identifier (column->name);
      value = g_strdup_printf ("(%s * %s)", quantity_q, price_q);
    }

  /* Without invoice numbers, a customer's purchases on one day are one
   * order. */
  column = order_column (info, "--invoice", options->invoice, SEG_ORDER_ROLE_INVOICE, FALSE, error);
  if (column == NULL && options->invoice != NULL)
    return NULL;
  if (column != NULL)
    invoice_name = g_strdup (column->name);

  if (options->item != NULL)
    {
      if ((column = seg_table_find_column (info, "--item", options->item, error)) == NULL)
        return NULL;
      item_name = g_strdup (column->name);
    }

  if (!parse_iso_day (options->cutoff, "--cutoff", &cutoff, error))
    return NULL;
  if (horizon <= 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--horizon: %d is not a number of days above 0"), horizon);
      return NULL;
    }
  if (horizon > 36600)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--horizon: %d days is more than a century"), horizon);
      return NULL;
    }
  if ((guint) options->target >= G_N_ELEMENTS (target_names))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--target: not one of buys-again, churn, buys-item, spend"));
      return NULL;
    }
  if (options->target == SEG_PREDICT_BUYS_ITEM && (item_name == NULL || options->target_item == NULL))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--target-item: buys-item needs an item value, and --item its column"));
      return NULL;
    }
  splits = options->splits != 0 ? options->splits : SEG_PREDICT_SPLIT_TRAIN | SEG_PREDICT_SPLIT_TEST;

  if (options->customers_table != NULL)
    {
      customers_info = seg_project_get_table (project, options->customers_table, error);
      if (customers_info == NULL)
        {
          g_prefix_error (error, "--customers-table: ");
          return NULL;
        }
      column = options->customers_key != NULL
               ? seg_table_find_column (customers_info, "--customers-key", options->customers_key, error)
               : order_column (customers_info, "--customers-key", NULL, SEG_ORDER_ROLE_CUSTOMER, TRUE, error);
      if (column == NULL)
        return NULL;
      customers_key_name = g_strdup (column->name);
    }
  else if (options->customers_key != NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--customers-key: give --customers-table too"));
      return NULL;
    }

  if (options->segment_run != 0 &&
      (segments = read_segments (project, options->segment_run, error)) == NULL)
    return NULL;

  summary->table = g_strdup (options->output != NULL ? options->output : "predict");
  if (!seg_project_check_table_name (summary->table, error))
    {
      g_prefix_error (error, "--output: ");
      return NULL;
    }
  if (seg_project_has_table (project, summary->table) && !options->replace)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--output: the project already has a table “%s”; choose another name or replace it"),
                   summary->table);
      return NULL;
    }
  if (g_str_equal (summary->table, info->name) ||
      (customers_info != NULL && g_str_equal (summary->table, customers_info->name)))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--output: “%s” is an input of this table; choose another name"), summary->table);
      return NULL;
    }
  out_q = seg_quote_identifier (summary->table);

  /* Every order line once, into memory. */
  {
    g_autofree char *customer_q = seg_quote_identifier (customer_name);
    g_autofree char *date_q = seg_quote_identifier (date_name);
    g_autofree char *invoice_q = invoice_name != NULL ? seg_quote_identifier (invoice_name) : g_strdup ("NULL");
    g_autofree char *item_q = item_name != NULL ? seg_quote_identifier (item_name) : g_strdup ("NULL");

    g_string_printf (sql, "SELECT CAST (%s AS TEXT), %s, CAST (%s AS TEXT), CAST (%s AS REAL), CAST (%s AS TEXT) FROM %s",
                     customer_q, date_q, invoice_q, value, item_q, table_q);
  }
  if (!seg_project_prepare (project, sql->str, &stmt, error) ||
      !seg_project_prepare (project, "SELECT date (?1)", &date_stmt, error))
    return NULL;

  orders_init (&orders, info->rows);
  total_rows = MAX (1, info->rows);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Line line;
      gint64 key;

      if ((++rows & 0xfff) == 0)
        {
          if (seg_cancel_take_error (cancel, error))
            return NULL;
          if (progress != NULL && (rows & 0xffff) == 0)
            progress (0.6 * MIN (1.0, (double) rows / total_rows), progress_data);
        }
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL || sqlite3_column_type (stmt, 1) == SQLITE_NULL ||
          sqlite3_column_type (stmt, 3) == SQLITE_NULL || !seg_day_of_column (stmt, 1, date_stmt, &key))
        continue;

      line.day = day_of_key (key);
      line.value = sqlite3_column_double (stmt, 3);
      line.customer = seg_intern_add (&orders.customers, sqlite3_column_text (stmt, 0),
                                      sqlite3_column_bytes (stmt, 0), NULL);
      if (invoice_name == NULL)
        line.order = seg_intern_add (&orders.orders, &line.day, sizeof line.day, NULL);
      else if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        line.order = seg_intern_add (&orders.orders, sqlite3_column_text (stmt, 2), sqlite3_column_bytes (stmt, 2), NULL);
      else
        line.order = G_MAXUINT32;
      line.item = sqlite3_column_type (stmt, 4) != SQLITE_NULL
                  ? seg_intern_add (&orders.items, sqlite3_column_text (stmt, 4), sqlite3_column_bytes (stmt, 4), NULL)
                  : G_MAXUINT32;
      orders.first_day = MIN (orders.first_day, line.day);
      orders.last_day = MAX (orders.last_day, line.day);
      g_array_append_val (orders.lines, line);
    }
  if (rc != SQLITE_DONE)
    {
      if (!seg_cancel_take_error (cancel, error))
        seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  summary->lines = orders.lines->len;

  /* The cut-off and the windows against the days the orders span. */
  {
    char first[16], last[16], need[16], start[16];

    if (orders.lines->len == 0)
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--orders: the table “%s” has no dated order lines"), info->name);
        return NULL;
      }
    format_day_number (orders.first_day, first);
    format_day_number (orders.last_day, last);
    if (cutoff <= orders.first_day)
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--cutoff: the orders start on %s; a cut-off on %s leaves nothing before it"),
                     first, options->cutoff);
        return NULL;
      }
    if (cutoff > orders.last_day)
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--cutoff: the orders end on %s; a cut-off on %s is after the last order"),
                     last, options->cutoff);
        return NULL;
      }
    format_day_number (cutoff + horizon - 1, need);
    if ((splits & SEG_PREDICT_SPLIT_TEST) && (gint64) cutoff + horizon - 1 > orders.last_day)
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--cutoff: the orders end on %s; a %d-day window after %s needs orders up to %s"),
                     last, horizon, options->cutoff, need);
        return NULL;
      }
    format_day_number (cutoff - horizon, start);
    if ((splits & SEG_PREDICT_SPLIT_TRAIN) && (gint64) cutoff - horizon <= orders.first_day)
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--horizon: the orders start on %s; the train rows, as of %s, need orders before that day"),
                     first, start);
        return NULL;
      }
  }
  as_of[0] = cutoff - horizon;
  as_of[1] = cutoff;
  as_of[2] = orders.last_day + 1;
  summary->cutoff = g_strdup (options->cutoff);
  if (splits & SEG_PREDICT_SPLIT_SCORE)
    {
      char day[16];

      format_day_number (as_of[2], day);
      summary->score_as_of = g_strdup (day);
    }

  if (options->target == SEG_PREDICT_BUYS_ITEM)
    {
      for (guint32 i = 0; i < orders.items.n && target_item == G_MAXUINT32; i++)
        if (g_str_equal (seg_intern_get (&orders.items, i, NULL), options->target_item))
          target_item = i;
      if (target_item == G_MAXUINT32)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--target-item: no order line has “%s” in the column “%s”"),
                       options->target_item, item_name);
          return NULL;
        }
    }

  /* The items bought on most lines before the earliest day any row is
   * computed as of, so that no split's columns depend on a window. */
  if (item_name != NULL && options->top_items >= 0)
    {
      guint wanted = options->top_items == 0 ? DEFAULT_TOP_ITEMS : (guint) options->top_items;
      gint32 earliest = (splits & SEG_PREDICT_SPLIT_TRAIN) ? as_of[0]
                        : (splits & SEG_PREDICT_SPLIT_TEST) ? as_of[1] : as_of[2];
      g_autofree ItemCount *counts = g_new0 (ItemCount, MAX (1, orders.items.n));

      for (guint32 i = 0; i < orders.items.n; i++)
        counts[i].item = i;
      for (guint i = 0; i < orders.lines->len; i++)
        {
          const Line *line = &g_array_index (orders.lines, Line, i);

          if (line->item != G_MAXUINT32 && line->value > 0 && line->day < earliest)
            counts[line->item].lines++;
        }
      g_qsort_with_data (counts, orders.items.n, sizeof (ItemCount), compare_item_counts, &orders.items);
      top = g_new (guint32, MAX (1, wanted));
      for (guint32 i = 0; i < orders.items.n && n_top < wanted && counts[i].lines > 0; i++)
        top[n_top++] = counts[i].item;
    }

  /* The columns of the table. */
  add_column (columns, "customer", SEG_COLUMN_TEXT);
  add_column (columns, "split", SEG_COLUMN_TEXT);
  add_column (columns, "as_of", SEG_COLUMN_DATE);
  for (guint i = 0; i < G_N_ELEMENTS (base_features); i++)
    add_column (columns, base_features[i].name, base_features[i].type);
  if (item_name != NULL)
    add_column (columns, "items", SEG_COLUMN_INTEGER);
  for (guint t = 0; t < n_top; t++)
    {
      g_autofree char *name = g_strconcat (SHARE_PREFIX, seg_intern_get (&orders.items, top[t], NULL), NULL);

      if (!has_column (columns, name))
        add_column (columns, name, SEG_COLUMN_REAL);
      else
        top[t] = G_MAXUINT32;  /* two items only a letter's case apart: the first keeps the column */
    }
  n_features = columns->len;
  if (customers_info != NULL)
    for (guint i = 0; i < customers_info->columns->len; i++)
      {
        SegColumnInfo *c = g_ptr_array_index (customers_info->columns, i);
        g_autofree char *name = NULL;

        if (g_str_equal (c->name, customers_key_name))
          continue;
        name = has_column (columns, c->name) || g_ascii_strcasecmp (c->name, "segment") == 0 ||
               g_ascii_strcasecmp (c->name, "target") == 0
               ? g_strconcat ("customer_", c->name, NULL) : g_strdup (c->name);
        if (has_column (columns, name))
          continue;
        add_column (columns, name, c->type);
        g_ptr_array_add (joined, g_strdup (c->name));
        g_ptr_array_add (joined_as, g_strdup (name));
        if (!joined_is_feature (project, customers_info, c))
          g_hash_table_add (not_features, g_strdup (name));
      }
  if (segments != NULL)
    add_column (columns, "segment", SEG_COLUMN_TEXT);
  add_column (columns, "target", options->target == SEG_PREDICT_SPEND ? SEG_COLUMN_REAL : SEG_COLUMN_INTEGER);
  /* The parameter of the target; last period's spend, the baseline of
   * a spend target, comes after it and is not a feature. */
  target_at = columns->len;
  if (options->target == SEG_PREDICT_SPEND)
    {
      add_column (columns, "previous", SEG_COLUMN_REAL);
      summary->baseline = g_strdup ("previous");
    }

  summary->features = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 3; i < target_at - 1; i++)
    {
      const char *name = ((SegColumnInfo *) g_ptr_array_index (columns, i))->name;

      if (!g_hash_table_contains (not_features, name))
        g_ptr_array_add (summary->features, g_strdup (name));
    }
  summary->target_description = seg_predict_describe_target (options->target, options->target_item,
                                                             options->cutoff, horizon);

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return NULL;

  if (seg_project_has_table (project, summary->table) &&
      !seg_project_drop_table_in_transaction (project, summary->table, error))
    goto failed;

  g_string_printf (sql, "CREATE TABLE %s (", out_q);
  for (guint i = 0; i < columns->len; i++)
    {
      SegColumnInfo *c = g_ptr_array_index (columns, i);
      g_autofree char *q = seg_quote_identifier (c->name);

      g_string_append_printf (sql, "%s%s %s", i > 0 ? ", " : "", q, seg_column_type_to_sql (c->type));
    }
  g_string_append (sql, ")");
  if (!seg_project_exec (project, sql->str, error))
    goto failed;

  /* The computed columns are bound; the customers' columns come after. */
  g_string_printf (sql, "INSERT INTO %s VALUES (", out_q);
  for (guint i = 0; i < columns->len; i++)
    {
      if (i >= n_features && i < target_at - 1 - (segments != NULL))
        g_string_append_printf (sql, "%sNULL", i > 0 ? ", " : "");
      else
        g_string_append_printf (sql, "%s?%u", i > 0 ? ", " : "", i + 1);
    }
  g_string_append (sql, ")");
  if (!seg_project_prepare (project, sql->str, &stmt, error))
    goto failed;

  sorted = g_new (guint32, MAX (1, orders.customers.n));
  for (guint32 c = 0; c < orders.customers.n; c++)
    sorted[c] = c;
  g_qsort_with_data (sorted, orders.customers.n, sizeof (guint32), compare_customer_names, &orders.customers);
  orders_group (&orders);

  shares = g_new0 (double, MAX (1, n_top));
  scratch_init (&scratch);

  for (guint s = 0; s < 3; s++)
    {
      double positives = 0.0;
      gint64 written = 0;
      char day[16];

      if (!(splits & (1u << s)))
        continue;
      format_day_number (as_of[s], day);
      for (guint32 i = 0; i < orders.customers.n; i++)
        {
          Figures figures = { .shares = shares };
          gsize name_len;
          const char *name = seg_intern_get (&orders.customers, sorted[i], &name_len);
          int p;

          if ((i & 0xfff) == 0xfff)
            {
              if (seg_cancel_take_error (cancel, error))
                goto failed;
              if (progress != NULL)
                progress (0.6 + 0.35 * (s + (double) i / orders.customers.n) / 3, progress_data);
            }
          if (!compute_figures (&orders, sorted[i], as_of[s], horizon, target_item, top, n_top, &scratch, &figures))
            continue;

          sqlite3_bind_text (stmt, 1, name, name_len, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, split_names[s], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, day, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 4, figures.recency);
          sqlite3_bind_int64 (stmt, 5, figures.frequency);
          sqlite3_bind_double (stmt, 6, figures.monetary);
          bind_double_or_null (stmt, 7, figures.frequency > 0 ? figures.monetary / figures.frequency : NAN);
          sqlite3_bind_int64 (stmt, 8, figures.tenure);
          bind_double_or_null (stmt, 9, figures.gap_mean);
          bind_double_or_null (stmt, 10, figures.gap_sd);
          bind_double_or_null (stmt, 11, figures.recency - figures.gap_mean);
          sqlite3_bind_double (stmt, 12, figures.return_line_share);
          sqlite3_bind_double (stmt, 13, figures.return_value_share);
          sqlite3_bind_double (stmt, 14, figures.spend_30);
          sqlite3_bind_int64 (stmt, 15, figures.orders_30);
          sqlite3_bind_double (stmt, 16, figures.spend_90);
          sqlite3_bind_int64 (stmt, 17, figures.orders_90);
          p = 18;
          if (item_name != NULL)
            sqlite3_bind_int64 (stmt, p++, figures.items);
          for (guint t = 0; t < n_top; t++)
            if (top[t] != G_MAXUINT32)
              sqlite3_bind_double (stmt, p++, shares[t]);
          if (segments != NULL)
            {
              const char *segment = g_hash_table_lookup (segments, name);

              if (segment != NULL)
                sqlite3_bind_text (stmt, target_at - 1, segment, -1, SQLITE_STATIC);
              else
                sqlite3_bind_null (stmt, target_at - 1);
            }

          if (options->target == SEG_PREDICT_SPEND)
            sqlite3_bind_double (stmt, target_at + 1, figures.previous_spend);
          if (s == 2)
            sqlite3_bind_null (stmt, target_at);
          else
            {
              switch (options->target)
                {
                case SEG_PREDICT_BUYS_AGAIN:
                  sqlite3_bind_int (stmt, target_at, figures.bought);
                  positives += figures.bought;
                  break;
                case SEG_PREDICT_CHURN:
                  sqlite3_bind_int (stmt, target_at, !figures.bought);
                  positives += !figures.bought;
                  break;
                case SEG_PREDICT_BUYS_ITEM:
                  sqlite3_bind_int (stmt, target_at, figures.bought_item);
                  positives += figures.bought_item;
                  break;
                case SEG_PREDICT_SPEND:
                default:
                  sqlite3_bind_double (stmt, target_at, figures.window_spend);
                  positives += figures.window_spend;
                  break;
                }
            }

          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            {
              if (!seg_cancel_take_error (cancel, error))
                seg_project_set_sqlite_error (project, rc, error);
              goto failed;
            }
          written++;
        }
      if (s == 0)
        {
          summary->train_rows = written;
          summary->train_positive = written > 0 ? positives / written : NAN;
        }
      else if (s == 1)
        {
          summary->test_rows = written;
          summary->test_positive = written > 0 ? positives / written : NAN;
        }
      else
        summary->score_rows = written;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!(splits & SEG_PREDICT_SPLIT_TRAIN))
    summary->train_positive = NAN;
  if (!(splits & SEG_PREDICT_SPLIT_TEST))
    summary->test_positive = NAN;

  /* The customers' own columns, joined on their key. A key met twice
   * gives the columns of its first row. */
  if (joined->len > 0)
    {
      g_autofree char *customers_q = seg_quote_identifier (customers_info->name);
      g_autofree char *key_q = seg_quote_identifier (customers_key_name);

      g_string_printf (sql, "UPDATE %s SET ", out_q);
      for (guint i = 0; i < joined->len; i++)
        {
          g_autofree char *as_q = seg_quote_identifier (g_ptr_array_index (joined_as, i));

          g_string_append_printf (sql, "%s%s = c.c%u", i > 0 ? ", " : "", as_q, i);
        }
      g_string_append (sql, " FROM (SELECT CAST (");
      g_string_append (sql, key_q);
      g_string_append (sql, " AS TEXT) AS seg_key");
      for (guint i = 0; i < joined->len; i++)
        {
          g_autofree char *from_q = seg_quote_identifier (g_ptr_array_index (joined, i));

          g_string_append_printf (sql, ", %s AS c%u", from_q, i);
        }
      g_string_append_printf (sql, " FROM %s WHERE rowid IN (SELECT min (rowid) FROM %s GROUP BY CAST (%s AS TEXT)))"
                              " AS c WHERE c.seg_key = %s.customer",
                              customers_q, customers_q, key_q, out_q);
      if (!seg_project_exec (project, sql->str, error))
        goto failed;
    }

  /* The catalog entry: where the rows came from, and what each column
   * and the target mean, for the Predict page. */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *origin = NULL;
    g_autofree char *catalog = g_strdup_printf ("predict(%s)", info->name);
    g_autofree char *previous_description = NULL;
    const struct { const char *name; const char *value; } members[] = {
      { "orders", info->name }, { "customer", customer_name }, { "date", date_name },
      { "amount", amount_name }, { "quantity", quantity_name }, { "price", price_name },
      { "invoice", invoice_name }, { "item", item_name }, { "cutoff", options->cutoff },
      { "target", target_names[options->target] }, { "target_item", options->target_item },
      { "customers_table", customers_info != NULL ? customers_info->name : NULL },
      { "customers_key", customers_key_name }, { "score_as_of", summary->score_as_of },
      { "target_description", summary->target_description },
    };

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "kind");
    json_builder_add_string_value (builder, "predict-table");
    /* Column names only, never SQL: a project file may come from anyone. */
    for (guint i = 0; i < G_N_ELEMENTS (members); i++)
      if (members[i].value != NULL)
        {
          json_builder_set_member_name (builder, members[i].name);
          json_builder_add_string_value (builder, members[i].value);
        }
    json_builder_set_member_name (builder, "horizon");
    json_builder_add_int_value (builder, horizon);
    if (options->segment_run != 0)
      {
        json_builder_set_member_name (builder, "segment_run");
        json_builder_add_int_value (builder, options->segment_run);
      }
    json_builder_set_member_name (builder, "splits");
    json_builder_begin_array (builder);
    for (guint s = 0; s < 3; s++)
      if (splits & (1u << s))
        json_builder_add_string_value (builder, split_names[s]);
    json_builder_end_array (builder);
    json_builder_set_member_name (builder, "features");
    json_builder_begin_array (builder);
    for (guint i = 0; i < summary->features->len; i++)
      json_builder_add_string_value (builder, g_ptr_array_index (summary->features, i));
    json_builder_end_array (builder);
    json_builder_set_member_name (builder, "descriptions");
    json_builder_begin_object (builder);
    previous_description = seg_predict_describe_previous (options->cutoff, horizon);
    for (guint i = 0; i < summary->features->len; i++)
      {
        const char *name = g_ptr_array_index (summary->features, i);
        g_autofree char *sentence = seg_predict_describe_feature (name, options->cutoff);

        if (sentence == NULL && g_str_equal (name, "segment"))
          sentence = g_strdup_printf (_("The customer’s segment in clustering run %" PRId64),
                                      options->segment_run);
        if (sentence == NULL && customers_info != NULL)
          for (guint j = 0; j < joined_as->len && sentence == NULL; j++)
            if (g_str_equal (name, g_ptr_array_index (joined_as, j)))
              sentence = g_strdup_printf (_("“%s” of the customers table “%s”"),
                                          (char *) g_ptr_array_index (joined, j), customers_info->name);
        json_builder_set_member_name (builder, name);
        json_builder_add_string_value (builder, sentence != NULL ? sentence : name);
      }
    if (options->target == SEG_PREDICT_SPEND)
      {
        json_builder_set_member_name (builder, "previous");
        json_builder_add_string_value (builder, previous_description);
      }
    json_builder_set_member_name (builder, "target");
    json_builder_add_string_value (builder, summary->target_description);
    json_builder_end_object (builder);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    origin = json_to_string (root, FALSE);

    if (!seg_project_catalog_table (project, summary->table, catalog, origin,
                                    summary->train_rows + summary->test_rows + summary->score_rows,
                                    columns, error))
      goto failed;
  }

  if (seg_cancel_take_error (cancel, error) ||
      !seg_project_exec (project, "COMMIT", error))
    goto failed;

  summary->seconds = (g_get_monotonic_time () - t0) / 1e6;
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&summary);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  seg_project_exec (project, "ROLLBACK", NULL);
  return NULL;
}

/**
 * seg_project_predict_table:
 *
 * seg_project_predict_table_full() without progress or cancellation.
 */
SegPredictTableSummary *
seg_project_predict_table (SegProject                    *project,
                           const SegPredictTableOptions  *options,
                           GError                       **error)
{
  return seg_project_predict_table_full (project, options, NULL, NULL, NULL, error);
}

/* The options with strings of their own, for a worker thread. */
typedef struct
{
  SegPredictTableOptions  options;
  GPtrArray              *strings;   /* the copies the options point to */
  SegPredictProgressFunc  progress;
  gpointer                progress_data;
} PredictJob;

static void
predict_job_free (PredictJob *job)
{
  g_ptr_array_unref (job->strings);
  g_free (job);
}

static gpointer
predict_work (SegProject          *project,
              gpointer             data,
              const volatile int  *cancel,
              GError             **error)
{
  PredictJob *job = data;
  g_autoptr(SegProject) writer = seg_project_open_reader (project, cancel, error);

  if (writer == NULL)
    return NULL;
  return seg_project_predict_table_full (writer, &job->options, job->progress, job->progress_data, cancel, error);
}

/**
 * seg_project_predict_table_async:
 * @options: copied; need not outlive the call
 * @progress: (nullable): called now and then with the part done, from 0
 *   to 1, on the worker thread
 * @progress_data: for @progress; must stay valid until @callback runs
 * @cancellable: (nullable): stops the work, leaving the project as it
 *   was; the task then fails with %G_IO_ERROR_CANCELLED
 *
 * Builds the table as seg_project_predict_table() does, in a worker
 * thread with a connection of its own; finish it with
 * seg_project_predict_table_finish().
 */
void
seg_project_predict_table_async (SegProject                   *project,
                                 const SegPredictTableOptions *options,
                                 SegPredictProgressFunc        progress,
                                 gpointer                      progress_data,
                                 GCancellable                 *cancellable,
                                 GAsyncReadyCallback           callback,
                                 gpointer                      user_data)
{
  PredictJob *job;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (options != NULL);

  job = g_new0 (PredictJob, 1);
  job->options = *options;
  job->progress = progress;
  job->progress_data = progress_data;
  {
    const char **fields[] = {
      &job->options.orders, &job->options.customer, &job->options.date, &job->options.amount,
      &job->options.quantity, &job->options.price, &job->options.invoice, &job->options.item,
      &job->options.cutoff, &job->options.target_item, &job->options.customers_table,
      &job->options.customers_key, &job->options.output,
    };

    job->strings = seg_task_copy_strings (fields, G_N_ELEMENTS (fields));
  }

  seg_task_run (project, seg_project_predict_table_async, predict_work, job, (GDestroyNotify) predict_job_free,
                (GDestroyNotify) seg_predict_table_summary_free, cancellable, callback, user_data);
}

/**
 * seg_project_predict_table_finish:
 *
 * Returns: (transfer full): what was written, or %NULL with @error set
 */
SegPredictTableSummary *
seg_project_predict_table_finish (SegProject    *project,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return seg_task_finish (project, result, seg_project_predict_table_async, error);
}
