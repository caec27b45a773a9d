/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SegDecoder:
 *
 * Streams bytes in any charset to UTF-8. Chunks may split a multi-byte
 * sequence anywhere: the incomplete tail is kept for the next call.
 */
typedef struct _SegDecoder SegDecoder;

const char *seg_encoding_detect        (const guint8  *buf,
                                        gsize          len,
                                        gboolean       at_eof);
const char *seg_encoding_guess_legacy  (const guint8  *buf,
                                        gsize          len);
gsize       seg_encoding_bom_length    (const guint8  *buf,
                                        gsize          len,
                                        const char    *charset);

SegDecoder *seg_decoder_new            (const char    *charset,
                                        GError       **error);
const char *seg_decoder_get_charset    (SegDecoder    *decoder);
gboolean    seg_decoder_feed           (SegDecoder    *decoder,
                                        const guint8  *in,
                                        gsize          len,
                                        GString       *out,
                                        GError       **error);
gboolean    seg_decoder_finish         (SegDecoder    *decoder,
                                        GString       *out,
                                        GError       **error);
void        seg_decoder_free           (SegDecoder    *decoder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SegDecoder, seg_decoder_free)

G_END_DECLS
