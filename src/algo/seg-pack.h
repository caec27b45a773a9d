/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Little-endian writing and checked reading of a fitted model's bytes.
 * The reader never reads past the end: once a read fails every later
 * one fails too, and seg_pack_reader_finish() reports the first place
 * that went wrong, naming @what (such as "naive Bayes model"). */

typedef struct
{
  GByteArray *data;
} SegPackWriter;

void    seg_pack_writer_init   (SegPackWriter *writer,
                                const char    *magic,
                                guint32        version);
void    seg_pack_put_u32       (SegPackWriter *writer,
                                guint32        value);
void    seg_pack_put_f64       (SegPackWriter *writer,
                                double         value);
void    seg_pack_put_f64s      (SegPackWriter *writer,
                                const double  *values,
                                gsize          n);
void    seg_pack_put_string    (SegPackWriter *writer,
                                const char    *value);
void    seg_pack_put_raw       (SegPackWriter *writer,
                                const guint8  *values,
                                gsize          n);
GBytes *seg_pack_writer_finish (SegPackWriter *writer);

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
  const char   *what;
  GError       *error;
} SegPackReader;

gboolean seg_pack_reader_init   (SegPackReader *reader,
                                 GBytes        *bytes,
                                 const char    *what,
                                 const char    *magic,
                                 guint32        version,
                                 GError       **error);
guint32  seg_pack_get_u32       (SegPackReader *reader);
guint32  seg_pack_get_count     (SegPackReader *reader,
                                 guint32        max);
double   seg_pack_get_f64       (SegPackReader *reader);
gboolean seg_pack_get_f64s      (SegPackReader *reader,
                                 double        *values,
                                 gsize          n);
char    *seg_pack_get_string    (SegPackReader *reader);
const guint8 *seg_pack_get_raw  (SegPackReader *reader,
                                 gsize          n);
gboolean seg_pack_fits          (SegPackReader *reader,
                                 gsize          n_items,
                                 gsize          item_size);
void     seg_pack_fail          (SegPackReader *reader,
                                 const char    *format,
                                 ...) G_GNUC_PRINTF (2, 3);
gboolean seg_pack_reader_finish (SegPackReader *reader,
                                 GError       **error);

G_END_DECLS
