/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-row-cache-private.h"

typedef struct
{
  GObject **rows;
  guint     n_rows;
  guint64   last_used;
} Page;

static void
page_free (Page *page)
{
  for (guint i = 0; i < page->n_rows; i++)
    g_clear_object (&page->rows[i]);
  g_free (page->rows);
  g_free (page);
}

void
seg_row_cache_init (SegRowCache *cache)
{
  cache->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  cache->clock = 0;
}

void
seg_row_cache_clear (SegRowCache *cache)
{
  g_clear_pointer (&cache->pages, g_hash_table_unref);
}

/* Forgets every page, as when the rows shown change. */
void
seg_row_cache_reset (SegRowCache *cache)
{
  if (cache->pages != NULL)
    g_hash_table_remove_all (cache->pages);
}

/**
 * seg_row_cache_get:
 * @position: a row's place in the list
 *
 * Returns: (transfer full) (nullable): the row, or %NULL when its page is
 *   not kept
 */
gpointer
seg_row_cache_get (SegRowCache *cache,
                   guint        position)
{
  Page *page = g_hash_table_lookup (cache->pages, GUINT_TO_POINTER (position / SEG_ROW_PAGE_SIZE));

  if (page == NULL || position % SEG_ROW_PAGE_SIZE >= page->n_rows)
    return NULL;
  page->last_used = ++cache->clock;
  return g_object_ref (page->rows[position % SEG_ROW_PAGE_SIZE]);
}

/**
 * seg_row_cache_add:
 * @index: the page's index
 * @rows: (transfer full): its rows, a g_new () array of new references
 * @n_rows: how many
 *
 * Keeps a page just read, letting go of the one used longest ago when
 * the cache is full.
 */
void
seg_row_cache_add (SegRowCache *cache,
                   guint        index,
                   gpointer    *rows,
                   guint        n_rows)
{
  Page *page = g_new0 (Page, 1);

  if (g_hash_table_size (cache->pages) >= SEG_ROW_CACHE_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value, oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, cache->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((Page *) value)->last_used < oldest)
          {
            oldest = ((Page *) value)->last_used;
            oldest_key = key;
          }
      g_hash_table_remove (cache->pages, oldest_key);
    }

  page->rows = (GObject **) rows;
  page->n_rows = n_rows;
  page->last_used = ++cache->clock;
  g_hash_table_insert (cache->pages, GUINT_TO_POINTER (index), page);
}
