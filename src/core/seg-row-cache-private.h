/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The pages of rows a list model that pages from SQLite keeps: rows are
 * read SEG_ROW_PAGE_SIZE at a time, and at most SEG_ROW_CACHE_PAGES pages
 * are kept, the one used longest ago making room for a new one.
 */
#define SEG_ROW_PAGE_SIZE   128
#define SEG_ROW_CACHE_PAGES 64

typedef struct
{
  GHashTable *pages;   /* page index → its rows */
  guint64     clock;
} SegRowCache;

void     seg_row_cache_init  (SegRowCache *cache);
void     seg_row_cache_clear (SegRowCache *cache);
void     seg_row_cache_reset (SegRowCache *cache);
gpointer seg_row_cache_get   (SegRowCache *cache,
                              guint        position);
void     seg_row_cache_add   (SegRowCache *cache,
                              guint        index,
                              gpointer    *rows,
                              guint        n_rows);

G_END_DECLS
