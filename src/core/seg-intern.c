/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-intern-private.h"

#define EMPTY_PAIR G_MAXUINT64

static inline guint64
mix64 (guint64 x)
{
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return x;
}

/* Eight bytes at a time, then the tail; keys are short (customer codes,
 * invoice numbers), so this is mostly one or two multiplications. */
static guint32
hash_bytes (const guchar *p,
            gsize         len)
{
  guint64 h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ len;

  while (len >= 8)
    {
      guint64 w;

      memcpy (&w, p, 8);
      h = mix64 (h ^ w);
      p += 8;
      len -= 8;
    }
  if (len > 0)
    {
      guint64 w = 0;

      memcpy (&w, p, len);
      h = mix64 (h ^ w ^ ((guint64) len << 56));
    }
  return (guint32) (h ^ (h >> 32));
}

void
seg_intern_init (SegIntern *self)
{
  memset (self, 0, sizeof *self);
  self->mask = 1023;
  self->slots = g_new0 (SegInternSlot, self->mask + 1);
}

void
seg_intern_clear (SegIntern *self)
{
  g_free (self->slots);
  g_free (self->offsets);
  g_free (self->arena);
  memset (self, 0, sizeof *self);
}

static void
grow_slots (SegIntern *self)
{
  guint32 mask = self->mask * 2 + 1;
  SegInternSlot *slots = g_new0 (SegInternSlot, (gsize) mask + 1);

  for (guint32 k = 0; k <= self->mask; k++)
    if (self->slots[k].id != 0)
      {
        guint32 i = self->slots[k].hash & mask;

        while (slots[i].id != 0)
          i = (i + 1) & mask;
        slots[i] = self->slots[k];
      }
  g_free (self->slots);
  self->slots = slots;
  self->mask = mask;
}

/* The id of @bytes, added if new; *@added says which. A lookup reads its
 * slot and, when the hashes agree, the string: two places in memory. */
guint32
seg_intern_add (SegIntern  *self,
                const void *bytes,
                gsize       len,
                gboolean   *added)
{
  guint32 h = hash_bytes (bytes, len);
  guint32 i = h & self->mask;
  guint32 id, len32;
  gsize need;

  for (SegInternSlot *slot; (slot = &self->slots[i])->id != 0; i = (i + 1) & self->mask)
    if (slot->hash == h)
      {
        const char *stored = self->arena + slot->offset;

        memcpy (&len32, stored, sizeof len32);
        if (len32 == len && memcmp (stored + sizeof len32, bytes, len) == 0)
          {
            if (added != NULL)
              *added = FALSE;
            return slot->id - 1;
          }
      }

  g_return_val_if_fail (self->n < G_MAXUINT32 - 1 && len < G_MAXUINT32, G_MAXUINT32);

  id = self->n++;
  if (id == self->capacity)
    {
      self->capacity = MAX (1024, self->capacity * 2);
      self->offsets = g_renew (guint64, self->offsets, self->capacity);
    }
  need = sizeof len32 + len + 1;
  if (self->arena_len + need > self->arena_size)
    {
      self->arena_size = MAX (self->arena_size * 2, self->arena_len + need);
      self->arena_size = MAX (self->arena_size, 65536);
      self->arena = g_realloc (self->arena, self->arena_size);
    }
  len32 = len;
  memcpy (self->arena + self->arena_len, &len32, sizeof len32);
  if (len > 0)
    memcpy (self->arena + self->arena_len + sizeof len32, bytes, len);
  self->arena[self->arena_len + sizeof len32 + len] = '\0';
  self->offsets[id] = self->arena_len;
  self->slots[i].hash = h;
  self->slots[i].id = id + 1;
  self->slots[i].offset = self->arena_len;
  self->arena_len += need;

  /* At most 70 % full. */
  if ((guint64) self->n * 10 > (guint64) self->mask * 7)
    grow_slots (self);

  if (added != NULL)
    *added = TRUE;
  return id;
}

/* The bytes of @id, nul-terminated; valid until the next addition. */
const char *
seg_intern_get (SegIntern *self,
                guint32    id,
                gsize     *len)
{
  const char *stored;
  guint32 len32;

  g_return_val_if_fail (id < self->n, NULL);

  stored = self->arena + self->offsets[id];
  memcpy (&len32, stored, sizeof len32);
  if (len != NULL)
    *len = len32;
  return stored + sizeof len32;
}

void
seg_pair_set_init (SegPairSet *self)
{
  self->mask = 4095;
  self->n = 0;
  self->slots = g_new (guint64, self->mask + 1);
  memset (self->slots, 0xff, (self->mask + 1) * sizeof (guint64));
}

void
seg_pair_set_clear (SegPairSet *self)
{
  g_clear_pointer (&self->slots, g_free);
  self->mask = self->n = 0;
}

/* Whether @value was new. */
gboolean
seg_pair_set_add (SegPairSet *self,
                  guint64     value)
{
  guint64 i;

  g_return_val_if_fail (value != EMPTY_PAIR, FALSE);

  for (i = mix64 (value) & self->mask; self->slots[i] != EMPTY_PAIR; i = (i + 1) & self->mask)
    if (self->slots[i] == value)
      return FALSE;
  self->slots[i] = value;
  self->n++;

  if (self->n * 10 > self->mask * 7)
    {
      guint64 mask = self->mask * 2 + 1;
      guint64 *slots = g_new (guint64, mask + 1);

      memset (slots, 0xff, (mask + 1) * sizeof (guint64));
      for (guint64 k = 0; k <= self->mask; k++)
        if (self->slots[k] != EMPTY_PAIR)
          {
            guint64 j = mix64 (self->slots[k]) & mask;

            while (slots[j] != EMPTY_PAIR)
              j = (j + 1) & mask;
            slots[j] = self->slots[k];
          }
      g_free (self->slots);
      self->slots = slots;
      self->mask = mask;
    }
  return TRUE;
}
