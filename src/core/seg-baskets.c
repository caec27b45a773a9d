/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-baskets.h"
#include "seg-customer.h"
#include "seg-dataset.h"
#include "seg-day-private.h"
#include "seg-error.h"
#include "seg-intern-private.h"
#include "seg-project-private.h"

/*
 * Shopping baskets from order lines. A basket is an order (the lines
 * sharing an invoice number) or, in a table without one, what a customer
 * bought on one day. Returns and lines of nothing are not purchases and
 * stay out, and so do the items a person leaves out (postage, a carrier
 * bag). Keys are interned as they are read, so that a million lines
 * cost a few arrays and no allocation apiece.
 */

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

void
seg_basket_data_free (SegBasketData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->item_names, g_ptr_array_unref);
  g_clear_pointer (&data->customer_names, g_ptr_array_unref);
  g_clear_pointer (&data->item_index, g_hash_table_unref);
  g_free (data->customers);
  g_free (data->days);
  g_free (data->values);
  g_clear_pointer (&data->list, seg_basket_list_free);
  g_free (data);
}

/**
 * seg_baskets_find:
 * @basket: a basket of @baskets
 * @item: an item id
 *
 * Returns: the index in @baskets->items of @item in @basket, or -1 when
 *   the basket does not hold it
 */
gssize
seg_baskets_find (const SegBaskets *baskets,
                  size_t            basket,
                  uint32_t          item)
{
  size_t lo = baskets->offsets[basket], hi = baskets->offsets[basket + 1];

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (baskets->items[mid] == item)
        return (gssize) mid;
      if (baskets->items[mid] < item)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

/**
 * seg_baskets_count_items:
 *
 * Returns: (transfer full): by item, the baskets that hold it
 */
size_t *
seg_baskets_count_items (const SegBaskets *baskets)
{
  size_t *counts = g_new0 (size_t, MAX (baskets->n_items, 1));

  for (size_t e = 0; e < baskets->offsets[baskets->n_baskets]; e++)
    counts[baskets->items[e]]++;
  return counts;
}

/**
 * seg_basket_data_find_item:
 * @name: an item's name as a person typed it
 * @item: (out): its id
 *
 * Finds an item by its name; a name not found as given is tried without
 * the spaces around it, since some item names end in one.
 *
 * Returns: whether there is such an item
 */
gboolean
seg_basket_data_find_item (SegBasketData *data,
                           const char    *name,
                           uint32_t      *item)
{
  gpointer found;

  g_return_val_if_fail (data != NULL && name != NULL && item != NULL, FALSE);

  found = g_hash_table_lookup (data->item_index, name);
  if (found == NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (name));

      for (guint i = 0; i < data->item_names->len && found == NULL; i++)
        {
          g_autofree char *other = g_strstrip (g_strdup (g_ptr_array_index (data->item_names, i)));

          if (g_str_equal (other, stripped))
            found = GUINT_TO_POINTER (i + 1);
        }
    }
  if (found == NULL)
    return FALSE;
  *item = GPOINTER_TO_UINT (found) - 1;
  return TRUE;
}

/* The column @name of @info, quoted, or NULL with @error naming @option. */
static char *
quoted_column (SegTableInfo  *info,
               const char    *option,
               const char    *name,
               GError       **error)
{
  SegColumnInfo *column = seg_table_find_column (info, option, name, error);

  return column != NULL ? seg_quote_identifier (column->name) : NULL;
}

static GHashTable *
set_of (const char *const *names)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_hash_table_add (set, g_strdup (names[i]));
      g_hash_table_add (set, g_strstrip (g_strdup (names[i])));
    }
  return set;
}

static gboolean
in_set (GHashTable *set,
        const char *name)
{
  g_autofree char *stripped = NULL;

  if (set == NULL || g_hash_table_size (set) == 0)
    return FALSE;
  if (g_hash_table_contains (set, name))
    return TRUE;
  stripped = g_strstrip (g_strdup (name));
  return g_hash_table_contains (set, stripped);
}

/* The category of each product, from the products table. */
static GHashTable *
read_categories (SegProject             *project,
                 const SegBasketSource  *source,
                 GError                **error)
{
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *category_q = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *found_table = NULL;
  g_autofree char *found_key = NULL;
  g_autofree char *found_name = NULL;
  static const char *const category_guesses[] = {
    "category", "category_name", "product_category", "department", "类别", "分类", "品类", "类目", NULL
  };
  const char *key = source->items_key;
  const char *category = source->category;
  int rc;

  info = seg_project_get_table (project, source->items_table, NULL);
  if (info == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--items-table: the project has no table “%s”"), source->items_table);
      return NULL;
    }
  for (guint g = 0; !has_text (category) && category_guesses[g] != NULL; g++)
    if (seg_table_find_column (info, "", category_guesses[g], NULL) != NULL)
      category = category_guesses[g];
  if (!has_text (category))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--category: name the column of “%s” that holds each product’s category"),
                   source->items_table);
      return NULL;
    }

  /* The products' key: as given, else named as the order lines' product
   * column, else the one the customer profile finds. */
  if (!has_text (key) && seg_table_find_column (info, "", source->item, NULL) != NULL)
    key = source->item;
  if (!has_text (key) &&
      seg_project_find_products (project, source->table, source->item, &found_table, &found_key, &found_name) &&
      g_strcmp0 (found_table, info->name) == 0)
    key = found_key;
  if (!has_text (key))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--items-key: the table “%s” has no column named as “%s”; name its column of products"),
                   info->name, source->item);
      return NULL;
    }
  if ((key_q = quoted_column (info, "--items-key", key, error)) == NULL ||
      (category_q = quoted_column (info, "--category", category, error)) == NULL)
    return NULL;

  table_q = seg_quote_identifier (info->name);
  sql = g_strdup_printf ("SELECT CAST (%s AS TEXT), CAST (%s AS TEXT) FROM %s"
                         " WHERE %s IS NOT NULL AND %s IS NOT NULL",
                         key_q, category_q, table_q, key_q, category_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (categories, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }
  return g_steal_pointer (&categories);
}

static GPtrArray *
names_of (SegIntern *intern)
{
  GPtrArray *names = g_ptr_array_new_full (intern->n, g_free);

  for (guint32 i = 0; i < intern->n; i++)
    g_ptr_array_add (names, g_strdup (seg_intern_get (intern, i, NULL)));
  return names;
}

/**
 * seg_project_read_baskets:
 * @source: the table and columns to read
 * @cancel: (nullable): set to non-zero to stop
 * @error: %SEG_PROJECT_ERROR_INVALID_OPTION naming the option of a column
 *   or table that is not there, or %G_IO_ERROR_CANCELLED
 *
 * Reads the baskets of an order-lines table.
 *
 * Returns: (transfer full): the baskets, or %NULL with @error set
 */
SegBasketData *
seg_project_read_baskets (SegProject             *project,
                          const SegBasketSource  *source,
                          const volatile int     *cancel,
                          GError                **error)
{
  g_autoptr(SegBasketData) data = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GHashTable) categories = NULL;
  g_autoptr(GHashTable) excluded = NULL;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT CAST (");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) date_stmt = NULL;
  g_autoptr(GArray) line_basket = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr(GArray) line_item = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr(GArray) line_value = NULL;
  g_autoptr(GArray) basket_customer = NULL;
  g_autoptr(GArray) basket_day = NULL;
  g_autofree char *item_q = NULL;
  g_autofree char *basket_q = NULL;
  g_autofree char *customer_q = NULL;
  g_autofree char *date_q = NULL;
  g_autofree char *quantity_q = NULL;
  g_autofree char *amount_q = NULL;
  g_autofree char *price_q = NULL;
  g_autofree char *table_q = NULL;
  SegIntern baskets, items, customers;
  GByteArray *key = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (!has_text (source->table) || (info = seg_project_get_table (project, source->table, NULL)) == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--table: the project has no table “%s”"), source->table != NULL ? source->table : "");
      return NULL;
    }
  if (!has_text (source->item))
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--item: name the column of products"));
      return NULL;
    }
  if (!has_text (source->basket) && (!has_text (source->customer) || !has_text (source->date)))
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--basket: name the column that the lines of one order share, or give --customer "
                             "and --date to make a basket of what each customer bought on one day"));
      return NULL;
    }
  if ((item_q = quoted_column (info, "--item", source->item, error)) == NULL ||
      (has_text (source->basket) && (basket_q = quoted_column (info, "--basket", source->basket, error)) == NULL) ||
      (has_text (source->customer) &&
       (customer_q = quoted_column (info, "--customer", source->customer, error)) == NULL) ||
      (has_text (source->date) && (date_q = quoted_column (info, "--date", source->date, error)) == NULL) ||
      (has_text (source->quantity) &&
       (quantity_q = quoted_column (info, "--quantity", source->quantity, error)) == NULL) ||
      (has_text (source->amount) && (amount_q = quoted_column (info, "--amount", source->amount, error)) == NULL) ||
      (has_text (source->price) && (price_q = quoted_column (info, "--price", source->price, error)) == NULL))
    return NULL;

  if (source->level == SEG_ITEM_LEVEL_CATEGORY && !has_text (source->items_table))
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--items-table: name the products table whose categories are the items"));
      return NULL;
    }
  if (source->keep_categories != NULL && source->keep_categories[0] != NULL && !has_text (source->items_table))
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--items-table: name the products table whose categories are kept"));
      return NULL;
    }
  if (has_text (source->items_table) && (categories = read_categories (project, source, error)) == NULL)
    return NULL;
  excluded = set_of (source->exclude);
  kept = set_of (source->keep_categories);

  /* Item, basket, customer, date, quantity, value. */
  g_string_append_printf (sql, "%s AS TEXT), ", item_q);
  if (basket_q != NULL)
    g_string_append_printf (sql, "CAST (%s AS TEXT), ", basket_q);
  else
    g_string_append (sql, "NULL, ");
  if (customer_q != NULL)
    g_string_append_printf (sql, "CAST (%s AS TEXT), ", customer_q);
  else
    g_string_append (sql, "NULL, ");
  g_string_append_printf (sql, "%s, %s, ", date_q != NULL ? date_q : "NULL",
                          quantity_q != NULL ? quantity_q : "NULL");
  if (amount_q != NULL)
    g_string_append (sql, amount_q);
  else if (quantity_q != NULL && price_q != NULL)
    g_string_append_printf (sql, "%s * %s", quantity_q, price_q);
  else
    g_string_append (sql, "NULL");
  table_q = seg_quote_identifier (info->name);
  g_string_append_printf (sql, " FROM %s", table_q);
  if (!seg_project_prepare (project, sql->str, &stmt, error) ||
      !seg_project_prepare (project, "SELECT date (?1)", &date_stmt, error))
    return NULL;

  data = g_new0 (SegBasketData, 1);
  if (amount_q != NULL || (quantity_q != NULL && price_q != NULL))
    line_value = g_array_new (FALSE, FALSE, sizeof (double));
  if (customer_q != NULL)
    basket_customer = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  if (date_q != NULL)
    basket_day = g_array_new (FALSE, TRUE, sizeof (gint64));
  seg_intern_init (&baskets);
  seg_intern_init (&items);
  seg_intern_init (&customers);
  key = g_byte_array_new ();

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *item = (const char *) sqlite3_column_text (stmt, 0);
      const char *customer = NULL;
      guint32 basket_id, item_id, customer_id = 0;
      gboolean added, dated = FALSE;
      double value = 0.0;
      gint64 day = 0;

      if ((++data->lines & 0xffff) == 0 && cancel != NULL && g_atomic_int_get (cancel))
        break;
      if (item == NULL || *item == '\0')
        {
          data->skipped++;
          continue;
        }
      if (quantity_q != NULL && sqlite3_column_type (stmt, 4) != SQLITE_NULL &&
          !(sqlite3_column_double (stmt, 4) > 0.0))
        {
          data->returns++;
          continue;
        }
      if (line_value != NULL)
        {
          value = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? 0.0 : sqlite3_column_double (stmt, 5);
          if (value < 0.0)
            {
              data->returns++;
              continue;
            }
          if (!isfinite (value))
            value = 0.0;
        }
      if (categories != NULL)
        {
          const char *category = g_hash_table_lookup (categories, item);

          if (g_hash_table_size (kept) > 0 && (category == NULL || !in_set (kept, category)))
            {
              data->excluded++;
              continue;
            }
          if (source->level == SEG_ITEM_LEVEL_CATEGORY)
            {
              if (category == NULL)
                {
                  data->skipped++;
                  continue;
                }
              item = category;
            }
        }
      if (in_set (excluded, item))
        {
          data->excluded++;
          continue;
        }

      /* The basket's key: the order, or the customer and the day. */
      g_byte_array_set_size (key, 0);
      if (customer_q != NULL)
        customer = (const char *) sqlite3_column_text (stmt, 2);
      if (basket_q != NULL)
        {
          const char *order = (const char *) sqlite3_column_text (stmt, 1);

          if (order == NULL || *order == '\0')
            {
              data->skipped++;
              continue;
            }
          g_byte_array_append (key, (const guint8 *) order, (guint) strlen (order));
        }
      if (date_q != NULL)
        dated = seg_day_of_column (stmt, 3, date_stmt, &day);
      if (basket_q == NULL)
        {
          if (customer == NULL || *customer == '\0' || !dated)
            {
              data->skipped++;
              continue;
            }
          g_byte_array_append (key, (const guint8 *) customer, (guint) strlen (customer) + 1);
          g_byte_array_append (key, (const guint8 *) &day, sizeof day);
        }

      if (customer_q != NULL)
        customer_id = seg_intern_add (&customers, customer != NULL ? customer : "",
                                      customer != NULL ? strlen (customer) : 0, NULL);
      basket_id = seg_intern_add (&baskets, key->data, key->len, &added);
      if (added && basket_customer != NULL)
        g_array_append_val (basket_customer, customer_id);
      if (basket_day != NULL)
        {
          if (added)
            g_array_set_size (basket_day, basket_day->len + 1);
          if (dated && day > g_array_index (basket_day, gint64, basket_id))
            g_array_index (basket_day, gint64, basket_id) = day;
        }
      item_id = seg_intern_add (&items, item, strlen (item), NULL);
      g_array_append_val (line_basket, basket_id);
      g_array_append_val (line_item, item_id);
      if (line_value != NULL)
        g_array_append_val (line_value, value);
    }
  g_byte_array_unref (key);

  if (rc == SQLITE_ROW)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      goto out;
    }

  /* Lines into baskets, each sorted by item with repeats merged, and
   * the values of merged lines summed. */
  data->list = seg_basket_list_new_from_pairs ((const uint32_t *) (gpointer) line_basket->data,
                                               (const uint32_t *) (gpointer) line_item->data, line_basket->len,
                                               baskets.n, items.n, error);
  if (data->list == NULL)
    goto out;
  if (line_value != NULL)
    {
      data->values = g_new0 (double, MAX (data->list->offsets[baskets.n], 1));
      for (guint i = 0; i < line_basket->len; i++)
        data->values[seg_baskets_find (&data->list->baskets, g_array_index (line_basket, uint32_t, i),
                                       g_array_index (line_item, uint32_t, i))] +=
          g_array_index (line_value, double, i);
    }

  data->item_names = names_of (&items);
  data->item_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < data->item_names->len; i++)
    g_hash_table_insert (data->item_index, g_ptr_array_index (data->item_names, i), GUINT_TO_POINTER (i + 1));
  if (basket_customer != NULL)
    {
      data->customer_names = names_of (&customers);
      data->customers = (uint32_t *) g_array_free (g_steal_pointer (&basket_customer), FALSE);
    }
  if (basket_day != NULL)
    data->days = (gint64 *) g_array_free (g_steal_pointer (&basket_day), FALSE);
  data->baskets = data->list->baskets;
  ok = TRUE;

out:
  seg_intern_clear (&baskets);
  seg_intern_clear (&items);
  seg_intern_clear (&customers);
  return ok ? g_steal_pointer (&data) : NULL;
}
