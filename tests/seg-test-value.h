/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "seg-value.h"

/* What the tests of the value parsers share. */

/* Every parser takes a length and must never read past it. Copying each
 * input into a buffer of exactly that size, without a terminating NUL,
 * lets AddressSanitizer catch any read beyond the end. */
static inline char *
exact_copy (const char *str,
            gsize      *len)
{
  gsize n = strlen (str);
  char *copy = g_malloc (n > 0 ? n : 1);

  memcpy (copy, str, n);
  *len = n;
  return copy;
}

static inline const char *
mark_name (SegDecimalMark mark)
{
  return mark == SEG_DECIMAL_DOT ? "DOT" : "COMMA";
}

static inline gboolean
same_double (double a,
             double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}
