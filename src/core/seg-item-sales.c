/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-item-sales.h"

#include <glib/gi18n-lib.h>

#include "seg-customer.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-rules-model.h"

void
seg_item_sales_free (SegItemSales *sales)
{
  if (sales == NULL)
    return;
  g_ptr_array_unref (sales->months);
  g_array_unref (sales->baskets);
  g_free (sales);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/**
 * seg_project_item_sales:
 * @run: a run of kind rules
 * @item: one of its items: a product, or a category when the run looked
 *   at categories
 *
 * Counts, month by month, the baskets of the run's order lines that hold
 * @item, a basket being what the run took it to be: one order, or what a
 * customer bought on one day.
 *
 * Returns: (transfer full): the sales, or %NULL with @error set
 */
SegItemSales *
seg_project_item_sales (SegProject  *project,
                        gint64       run,
                        const char  *item,
                        GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRulesModel) model = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(SegItemSales) sales = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *item_q = NULL;
  g_autofree char *date_q = NULL;
  g_autofree char *basket = NULL;
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  SegBasketSource source;
  const char *date;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  if ((record = seg_project_get_run (project, run, error)) == NULL ||
      (model = seg_rules_model_new_for_record (record, error)) == NULL)
    return NULL;
  seg_rules_model_get_source (model, &source);
  if ((info = seg_project_get_table (project, source.table, error)) == NULL)
    return NULL;
  date = has_text (source.date) ? source.date : seg_orders_guess_column (info, SEG_ORDER_ROLE_DATE);
  if (!has_text (date))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--date: the table “%s” has no column of order dates to count the sales by month"),
                   info->name);
      return NULL;
    }

  table_q = seg_quote_identifier (info->name);
  item_q = seg_quote_identifier (source.item);
  date_q = seg_quote_identifier (date);
  if (has_text (source.basket))
    {
      g_autofree char *basket_q = seg_quote_identifier (source.basket);

      basket = g_strdup_printf ("count (DISTINCT %s)", basket_q);
    }
  else if (has_text (source.customer))
    {
      g_autofree char *customer_q = seg_quote_identifier (source.customer);

      basket = g_strdup_printf ("count (DISTINCT CAST (%s AS TEXT) || '|' || substr (CAST (%s AS TEXT), 1, 10))",
                                customer_q, date_q);
    }
  else
    basket = g_strdup ("count (*)");

  if (source.level == SEG_ITEM_LEVEL_CATEGORY && has_text (source.items_table) && has_text (source.category))
    {
      g_autofree char *products_q = seg_quote_identifier (source.items_table);
      g_autofree char *key_q = seg_quote_identifier (has_text (source.items_key) ? source.items_key : source.item);
      g_autofree char *category_q = seg_quote_identifier (source.category);

      where = g_strdup_printf ("CAST (%s AS TEXT) IN (SELECT CAST (%s AS TEXT) FROM %s WHERE CAST (%s AS TEXT) = ?1)",
                               item_q, key_q, products_q, category_q);
    }
  else
    where = g_strdup_printf ("CAST (%s AS TEXT) = ?1", item_q);

  sql = g_strdup_printf ("SELECT substr (CAST (%s AS TEXT), 1, 7) AS month, %s FROM %s"
                         " WHERE %s AND %s IS NOT NULL GROUP BY month ORDER BY month",
                         date_q, basket, table_q, where, date_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, item, -1, SQLITE_TRANSIENT);

  sales = g_new0 (SegItemSales, 1);
  sales->months = g_ptr_array_new_with_free_func (g_free);
  sales->baskets = g_array_new (FALSE, FALSE, sizeof (double));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double count = sqlite3_column_double (stmt, 1);

      g_ptr_array_add (sales->months, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (sales->baskets, count);
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }
  return g_steal_pointer (&sales);
}
