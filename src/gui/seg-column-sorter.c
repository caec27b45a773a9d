/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-column-sorter.h"

/* A sorter that never sorts anything itself: tables are sorted by SQLite.
 * It only lets the column headers show and toggle a sort order, and tells
 * which column the view's sorter puts first. */
struct _SegColumnSorter
{
  GtkSorter parent_instance;
  int       column;
};

G_DEFINE_FINAL_TYPE (SegColumnSorter, seg_column_sorter, GTK_TYPE_SORTER)

/* Set by compare() while seg_column_sorter_get_primary() asks. */
static int asked_column = -1;

static GtkOrdering
seg_column_sorter_compare (GtkSorter *sorter,
                           gpointer   item1,
                           gpointer   item2)
{
  asked_column = SEG_COLUMN_SORTER (sorter)->column;

  return GTK_ORDERING_LARGER;
}

static GtkSorterOrder
seg_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
seg_column_sorter_class_init (SegColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = seg_column_sorter_compare;
  sorter_class->get_order = seg_column_sorter_get_order;
}

static void
seg_column_sorter_init (SegColumnSorter *self)
{
}

GtkSorter *
seg_column_sorter_new (int column)
{
  SegColumnSorter *self = g_object_new (SEG_TYPE_COLUMN_SORTER, NULL);

  self->column = column;
  return GTK_SORTER (self);
}

/**
 * seg_column_sorter_get_primary:
 * @view_sorter: the sorter of a #GtkColumnView whose columns use
 *   #SegColumnSorter
 * @column: (out): the column sorted by
 * @descending: (out): whether in descending order
 *
 * GTK 4.8 has no call that names the primary sort column, but the view's
 * sorter asks the primary column's sorter first and inverts its answer
 * for a descending order: one comparison tells both.
 *
 * Returns: whether any column is sorted by
 */
gboolean
seg_column_sorter_get_primary (GtkSorter *view_sorter,
                               int       *column,
                               gboolean  *descending)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering ordering;

  asked_column = -1;
  ordering = gtk_sorter_compare (view_sorter, a, b);
  *column = asked_column;
  *descending = ordering == GTK_ORDERING_SMALLER;

  return asked_column >= 0 && ordering != GTK_ORDERING_EQUAL;
}
