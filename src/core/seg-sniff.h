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

/* Columns aligned with spaces (fixed-width text, as many legacy systems
 * export) use this delimiter: fields are cut at the column starts found
 * in the first lines. */
#define SEG_DELIMITER_ALIGNED ' '

GArray  *seg_sniff_aligned   (const char *text,
                              gsize       len);
void     seg_aligned_line_to_csv (const char   *line,
                                  gsize         len,
                                  const GArray *starts,
                                  GString      *out);
char    *seg_aligned_text_to_csv (const char   *text,
                                  gsize         len,
                                  const GArray *starts);

const char *seg_delimiter_to_string   (char        delimiter);
gboolean    seg_delimiter_from_string (const char *str,
                                       char       *delimiter);

G_END_DECLS
