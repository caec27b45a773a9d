/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-pack.h"

#include <string.h>

void
seg_pack_writer_init (SegPackWriter *writer,
                      const char    *magic,
                      guint32        version)
{
  g_assert (strlen (magic) == 4);

  writer->data = g_byte_array_new ();
  g_byte_array_append (writer->data, (const guint8 *) magic, 4);
  seg_pack_put_u32 (writer, version);
}

void
seg_pack_put_u32 (SegPackWriter *writer,
                  guint32        value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (writer->data, (const guint8 *) &le, sizeof le);
}

void
seg_pack_put_f64 (SegPackWriter *writer,
                  double         value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  bits = GUINT64_TO_LE (bits);
  g_byte_array_append (writer->data, (const guint8 *) &bits, sizeof bits);
}

void
seg_pack_put_f64s (SegPackWriter *writer,
                   const double  *values,
                   gsize          n)
{
  for (gsize i = 0; i < n; i++)
    seg_pack_put_f64 (writer, values[i]);
}

void
seg_pack_put_string (SegPackWriter *writer,
                     const char    *value)
{
  gsize len = value != NULL ? strlen (value) : 0;

  seg_pack_put_u32 (writer, (guint32) len);
  g_byte_array_append (writer->data, (const guint8 *) (value != NULL ? value : ""), len);
}

void
seg_pack_put_raw (SegPackWriter *writer,
                  const guint8  *values,
                  gsize          n)
{
  g_byte_array_append (writer->data, values, n);
}

GBytes *
seg_pack_writer_finish (SegPackWriter *writer)
{
  return g_byte_array_free_to_bytes (g_steal_pointer (&writer->data));
}

void
seg_pack_fail (SegPackReader *reader,
               const char    *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (reader->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  reader->error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The %s is damaged at byte %" G_GSIZE_FORMAT ": %s",
                               reader->what, reader->offset, message);
}

gboolean
seg_pack_reader_init (SegPackReader *reader,
                      GBytes        *bytes,
                      const char    *what,
                      const char    *magic,
                      guint32        version,
                      GError       **error)
{
  guint32 found;

  reader->data = g_bytes_get_data (bytes, &reader->size);
  reader->offset = 0;
  reader->what = what;
  reader->error = NULL;

  if (reader->size < 8 || memcmp (reader->data, magic, 4) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The data is not a %s (it does not start with “%s”)", what, magic);
      return FALSE;
    }
  reader->offset = 4;
  found = seg_pack_get_u32 (reader);
  if (found != version)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The %s has format version %u; this build reads version %u",
                   what, found, version);
      return FALSE;
    }

  return TRUE;
}

gboolean
seg_pack_fits (SegPackReader *reader,
               gsize          n_items,
               gsize          item_size)
{
  if (reader->error != NULL)
    return FALSE;
  if (item_size != 0 && n_items > (reader->size - reader->offset) / item_size)
    {
      seg_pack_fail (reader, "%" G_GSIZE_FORMAT " more bytes were expected, %" G_GSIZE_FORMAT " are left",
                     n_items * item_size, reader->size - reader->offset);
      return FALSE;
    }

  return TRUE;
}

const guint8 *
seg_pack_get_raw (SegPackReader *reader,
                  gsize          n)
{
  const guint8 *at;

  if (!seg_pack_fits (reader, n, 1))
    return NULL;
  at = reader->data + reader->offset;
  reader->offset += n;

  return at;
}

guint32
seg_pack_get_u32 (SegPackReader *reader)
{
  const guint8 *at = seg_pack_get_raw (reader, 4);
  guint32 le;

  if (at == NULL)
    return 0;
  memcpy (&le, at, sizeof le);

  return GUINT32_FROM_LE (le);
}

/* A size, refused above @max. */
guint32
seg_pack_get_count (SegPackReader *reader,
                    guint32        max)
{
  gsize at = reader->offset;
  guint32 value = seg_pack_get_u32 (reader);

  if (reader->error == NULL && value > max)
    {
      reader->offset = at;
      seg_pack_fail (reader, "a count of %u is above the limit of %u", value, max);
      return 0;
    }

  return value;
}

double
seg_pack_get_f64 (SegPackReader *reader)
{
  const guint8 *at = seg_pack_get_raw (reader, 8);
  guint64 bits;
  double value;

  if (at == NULL)
    return 0.0;
  memcpy (&bits, at, sizeof bits);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, sizeof value);

  return value;
}

gboolean
seg_pack_get_f64s (SegPackReader *reader,
                   double        *values,
                   gsize          n)
{
  if (!seg_pack_fits (reader, n, 8))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    values[i] = seg_pack_get_f64 (reader);

  return reader->error == NULL;
}

/* A UTF-8 string, or NULL with the reader failed. */
char *
seg_pack_get_string (SegPackReader *reader)
{
  guint32 len = seg_pack_get_u32 (reader);
  const guint8 *at;

  if (reader->error != NULL)
    return NULL;
  at = seg_pack_get_raw (reader, len);
  if (at == NULL)
    return NULL;
  if (!g_utf8_validate ((const char *) at, len, NULL))
    {
      seg_pack_fail (reader, "a name is not valid UTF-8");
      return NULL;
    }

  return g_strndup ((const char *) at, len);
}

gboolean
seg_pack_reader_finish (SegPackReader *reader,
                        GError       **error)
{
  if (reader->error == NULL && reader->offset != reader->size)
    seg_pack_fail (reader, "%" G_GSIZE_FORMAT " bytes follow the end of the data",
                   reader->size - reader->offset);
  if (reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return FALSE;
    }

  return TRUE;
}
