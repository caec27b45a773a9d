/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"

G_BEGIN_DECLS

/**
 * SegItemSales:
 * @months: (element-type utf8): each month with sales, YYYY-MM, in order
 * @baskets: (element-type double): the baskets holding the item that month
 *
 * How often an item of a rules run sold, month by month.
 */
typedef struct
{
  GPtrArray *months;
  GArray    *baskets;
} SegItemSales;

void          seg_item_sales_free     (SegItemSales  *sales);
SegItemSales *seg_project_item_sales  (SegProject    *project,
                                       gint64         run,
                                       const char    *item,
                                       GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegItemSales, seg_item_sales_free)

G_END_DECLS
