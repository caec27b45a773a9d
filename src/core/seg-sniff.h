/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The delimiters we try, in the order that wins a tie. */
#define SEG_SNIFF_DELIMITERS ",;\t|"

char     seg_sniff_delimiter (const char *text,
                              gsize       len,
                              guint      *n_columns);
gboolean seg_sniff_header    (const char *text,
                              gsize       len,
                              char        delimiter);

const char *seg_delimiter_to_string   (char        delimiter);
gboolean    seg_delimiter_from_string (const char *str,
                                       char       *delimiter);

G_END_DECLS
