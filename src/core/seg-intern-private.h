/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * SegIntern:
 *
 * Gives each distinct byte string a small integer, 0, 1, 2… in order of
 * first sight: an open-addressing table of ids over one growing arena of
 * the strings' bytes, so that millions of short keys cost a few bytes of
 * bookkeeping each and no allocation apiece.
 */
typedef struct
{
  guint32  hash;
  guint32  id;       /* id + 1, 0 when free */
  guint64  offset;   /* of the string's length in the arena */
} SegInternSlot;

typedef struct
{
  SegInternSlot *slots;
  guint32        mask;
  guint32        n;
  guint32        capacity; /* ids that offsets holds */
  guint64       *offsets;  /* per id, as in its slot */
  char          *arena;    /* per string: its length (guint32), bytes, nul */
  gsize          arena_len;
  gsize          arena_size;
} SegIntern;

void        seg_intern_init   (SegIntern  *self);
void        seg_intern_clear  (SegIntern  *self);
guint32     seg_intern_add    (SegIntern  *self,
                               const void *bytes,
                               gsize       len,
                               gboolean   *added);
const char *seg_intern_get    (SegIntern  *self,
                               guint32     id,
                               gsize      *len);

/*
 * SegPairSet:
 *
 * A set of 64-bit values other than G_MAXUINT64, open addressing.
 */
typedef struct
{
  guint64 *slots;
  guint64  mask;
  guint64  n;
} SegPairSet;

void     seg_pair_set_init   (SegPairSet *self);
void     seg_pair_set_clear  (SegPairSet *self);
gboolean seg_pair_set_add    (SegPairSet *self,
                              guint64     value);

G_END_DECLS
