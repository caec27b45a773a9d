/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <stdint.h>

#include "seg-itemsets.h"
#include "seg-project.h"

G_BEGIN_DECLS

/**
 * SegItemLevel:
 * @SEG_ITEM_LEVEL_PRODUCT: each product is an item
 * @SEG_ITEM_LEVEL_CATEGORY: each product's category is an item
 *
 * What the items of the baskets are.
 */
typedef enum
{
  SEG_ITEM_LEVEL_PRODUCT,
  SEG_ITEM_LEVEL_CATEGORY,
} SegItemLevel;

/**
 * SegBasketSource:
 * @table: the order-lines table
 * @basket: (nullable): the column that lines of one order share; without
 *   one, a basket is what a customer bought on one day
 * @item: the column of products
 * @customer: (nullable): the column of customers; needed without @basket
 * @date: (nullable): the column of dates; needed without @basket
 * @quantity: (nullable): lines with a quantity of zero or less are left out
 * @amount: (nullable): lines with a negative amount are left out; the
 *   amounts are the lines' values
 * @price: (nullable): without @amount, the value of a line is @quantity
 *   times @price
 * @level: products or their categories
 * @items_table: (nullable): the products table, for categories
 * @items_key: (nullable): its column of products (default: the column
 *   named as @item, else the one seg_project_find_products() finds)
 * @category: (nullable): its column of categories (default: one named
 *   as categories usually are, such as “category” or “类别”)
 * @exclude: (nullable): items (at @level) left out of every basket
 * @keep_categories: (nullable): only products of these categories
 *
 * Where the baskets come from: the names of the project's table and
 * columns, as a person gives them.
 */
typedef struct
{
  const char        *table;
  const char        *basket;
  const char        *item;
  const char        *customer;
  const char        *date;
  const char        *quantity;
  const char        *amount;
  const char        *price;
  SegItemLevel       level;
  const char        *items_table;
  const char        *items_key;
  const char        *category;
  const char *const *exclude;
  const char *const *keep_categories;
} SegBasketSource;

/**
 * SegBasketData:
 * @baskets: the baskets for the kernel; points into this structure
 * @item_names: (element-type utf8): the name of each item id
 * @customers: (nullable): by basket, the index in @customer_names of the
 *   customer of its first line
 * @customer_names: (nullable) (element-type utf8): the customers
 * @days: (nullable): by basket, its latest day as the number YYYYMMDD,
 *   0 when none of its lines has one
 * @values: (nullable): by entry of @baskets.items, the summed value of
 *   the basket's lines of that item
 * @lines: order lines read
 * @returns: lines left out as returns or zero quantities
 * @excluded: lines left out by the item filters
 * @skipped: lines without a basket or an item
 *
 * Baskets read from the project: every basket's items sorted and
 * unique, with no empty basket.
 */
typedef struct
{
  SegBaskets  baskets;
  GPtrArray  *item_names;
  uint32_t   *customers;
  GPtrArray  *customer_names;
  gint64     *days;
  double     *values;
  gint64      lines;
  gint64      returns;
  gint64      excluded;
  gint64      skipped;

  /*< private >*/
  SegBasketList *list;
  GHashTable    *item_index;
} SegBasketData;

SegBasketData *seg_project_read_baskets (SegProject            *project,
                                         const SegBasketSource *source,
                                         const volatile int    *cancel,
                                         GError               **error);
void           seg_basket_data_free     (SegBasketData         *data);
gboolean       seg_basket_data_find_item (SegBasketData        *data,
                                          const char           *name,
                                          uint32_t             *item);
size_t        *seg_baskets_count_items   (const SegBaskets     *baskets);
gssize         seg_baskets_find          (const SegBaskets     *baskets,
                                          size_t                basket,
                                          uint32_t              item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegBasketData, seg_basket_data_free)

G_END_DECLS
