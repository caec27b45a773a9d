/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-decoder.h"

#include <errno.h>
#include <string.h>

#include "seg-error.h"

/* The longest incomplete sequence we keep between two feeds. UTF-8,
 * GB18030 and UTF-16 surrogate pairs need at most 4 bytes; the margin is
 * for the odd stateful charset iconv may be asked for. */
#define TAIL_MAX 16

/* How many bytes of a new chunk are glued to a kept tail to finish the
 * sequence it started. Together with TAIL_MAX this bounds the longest
 * sequence we can see across a chunk boundary. */
#define STITCH_MAX 16

typedef enum
{
  DECODER_UTF8,   /* validated and copied, no iconv */
  DECODER_CP1252, /* our own table, cannot fail */
  DECODER_ICONV,  /* everything else */
} DecoderKind;

/* What happened to one block of input. */
typedef enum
{
  BLOCK_COMPLETE,   /* all of it was decoded */
  BLOCK_INCOMPLETE, /* it ends inside a sequence that may still be valid */
  BLOCK_INVALID,    /* it holds a sequence that can never be valid */
} BlockStatus;

struct _SegDecoder
{
  DecoderKind   kind;
  char         *charset;     /* the name we report and put in messages */
  GIConv        cd;          /* only for DECODER_ICONV */

  const guint8 *bom;         /* the byte order mark of this charset, if any */
  gsize         bom_len;
  gboolean      bom_pending; /* still at the start, a BOM may be arriving */

  guint8        tail[TAIL_MAX]; /* undecoded bytes from the previous feed */
  gsize         tail_len;
  guint64       offset;      /* stream offset of tail[0], or of the next byte */

  gboolean      failed;      /* an error was reported, the stream is over */
};

static const guint8 utf8_bom[] = { 0xEF, 0xBB, 0xBF };
static const guint8 utf16le_bom[] = { 0xFF, 0xFE };
static const guint8 utf16be_bom[] = { 0xFE, 0xFF };

/* Windows-1252 above 0x7F. Windows leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D
 * undefined; like browsers we map them to the C1 controls of the same
 * value, so that this table is a total function and the fallback charset
 * can never fail on a file. From 0xA0 on it is ISO-8859-1. */
static const guint16 cp1252_high[128] =
{
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80 */
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, /* 88 */
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90 */
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178, /* 98 */
  0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, /* A0 */
  0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, /* A8 */
  0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, /* B0 */
  0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, /* B8 */
  0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, /* C0 */
  0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF, /* C8 */
  0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, /* D0 */
  0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF, /* D8 */
  0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, /* E0 */
  0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF, /* E8 */
  0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, /* F0 */
  0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF, /* F8 */
};

/* Charset names as people and programs write them. Keys are lower case
 * with everything but letters and digits removed, so that "UTF-8", "utf8"
 * and "Utf_8" all find the same entry. */
typedef struct
{
  const char  *key;
  const char  *name;
  DecoderKind  kind;
} CharsetAlias;

static const CharsetAlias charset_aliases[] =
{
  { "utf8", "UTF-8", DECODER_UTF8 },
  { "utf16le", "UTF-16LE", DECODER_ICONV },
  { "utf16be", "UTF-16BE", DECODER_ICONV },

  /* GBK and GB2312 files are decoded as GB18030, which contains both:
   * Windows says GBK but often writes the few GB18030-only characters,
   * and the one decoder accepts everything a Chinese export may hold. */
  { "gb18030", "GB18030", DECODER_ICONV },
  { "gbk", "GB18030", DECODER_ICONV },
  { "xgbk", "GB18030", DECODER_ICONV },
  { "gb2312", "GB18030", DECODER_ICONV },
  { "euccn", "GB18030", DECODER_ICONV },
  { "cp936", "GB18030", DECODER_ICONV },
  { "ms936", "GB18030", DECODER_ICONV },
  { "windows936", "GB18030", DECODER_ICONV },

  /* Files that claim Latin-1 or ASCII are nearly always Windows-1252 in
   * practice (the WHATWG encoding standard treats them so too), and
   * decoding them as such turns € and curly quotes into the right
   * characters instead of invisible C1 controls. */
  { "windows1252", "WINDOWS-1252", DECODER_CP1252 },
  { "cp1252", "WINDOWS-1252", DECODER_CP1252 },
  { "xcp1252", "WINDOWS-1252", DECODER_CP1252 },
  { "mscp1252", "WINDOWS-1252", DECODER_CP1252 },
  { "latin1", "WINDOWS-1252", DECODER_CP1252 },
  { "l1", "WINDOWS-1252", DECODER_CP1252 },
  { "iso88591", "WINDOWS-1252", DECODER_CP1252 },
  { "iso885911987", "WINDOWS-1252", DECODER_CP1252 },
  { "isoir100", "WINDOWS-1252", DECODER_CP1252 },
  { "cp819", "WINDOWS-1252", DECODER_CP1252 },
  { "ibm819", "WINDOWS-1252", DECODER_CP1252 },
  { "ascii", "WINDOWS-1252", DECODER_CP1252 },
  { "usascii", "WINDOWS-1252", DECODER_CP1252 },
  { "ansix341968", "WINDOWS-1252", DECODER_CP1252 },
};

/* Lower-cases @name and drops all but letters and digits. Returns FALSE
 * when the result does not fit, which no name we know of would need. */
static gboolean
charset_key (const char *name,
             char       *key,
             gsize       key_size)
{
  gsize n = 0;

  for (; *name != '\0'; name++)
    {
      if (!g_ascii_isalnum (*name))
        continue;
      if (n + 1 >= key_size)
        return FALSE;
      key[n++] = g_ascii_tolower (*name);
    }
  key[n] = '\0';

  return TRUE;
}

static const CharsetAlias *
charset_lookup (const char *name)
{
  char key[32];
  gsize i;

  if (!charset_key (name, key, sizeof key))
    return NULL;

  for (i = 0; i < G_N_ELEMENTS (charset_aliases); i++)
    if (strcmp (key, charset_aliases[i].key) == 0)
      return &charset_aliases[i];

  return NULL;
}

/* The BOM that a decoder for @name strips, or NULL. Only charsets whose
 * iconv decoder keeps the BOM as U+FEFF have one here: plain "UTF-16"
 * is left to iconv, which uses the BOM to choose the byte order. */
static const guint8 *
charset_bom (const char *name,
             gsize      *bom_len)
{
  const CharsetAlias *alias = charset_lookup (name);

  *bom_len = 0;
  if (alias == NULL)
    return NULL;

  if (strcmp (alias->name, "UTF-8") == 0)
    {
      *bom_len = sizeof utf8_bom;
      return utf8_bom;
    }
  if (strcmp (alias->name, "UTF-16LE") == 0)
    {
      *bom_len = sizeof utf16le_bom;
      return utf16le_bom;
    }
  if (strcmp (alias->name, "UTF-16BE") == 0)
    {
      *bom_len = sizeof utf16be_bom;
      return utf16be_bom;
    }

  return NULL;
}

/* The charset as a person calls it in a message: the byte order is a
 * detail of the file, a character is a "UTF-16 character" either way. */
static const char *
charset_display_name (const char *name)
{
  if (g_ascii_strcasecmp (name, "UTF-16LE") == 0 || g_ascii_strcasecmp (name, "UTF-16BE") == 0)
    return "UTF-16";

  return name;
}

/* Checks UTF-8 without copying it. Stops at the first sequence that is
 * invalid (overlong forms, surrogates and values above U+10FFFF included)
 * or that the block cuts short; *consumed is where it stopped. NUL is
 * valid here: whether a NUL belongs in the text is for the caller to say. */
static BlockStatus
utf8_scan (const guint8 *in,
           gsize         len,
           gsize        *consumed)
{
  const guint8 *p = in;
  const guint8 *end = in + len;
  BlockStatus status = BLOCK_COMPLETE;

  while (p < end)
    {
      guint8 lead;
      guint8 lo = 0x80;
      guint8 hi = 0xBF;
      gsize need;
      gsize avail;
      gsize i;

      /* Most bytes of a CSV export are ASCII even in Chinese files, so
       * skip them eight at a time before looking at single bytes. */
      while (end - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, sizeof word);
          if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
            break;
          p += 8;
        }
      while (p < end && *p < 0x80)
        p++;
      if (p == end)
        break;

      /* The ranges of the second byte come from table 3-7 of the Unicode
       * standard; later bytes are plain continuation bytes. */
      lead = *p;
      if (lead >= 0xC2 && lead <= 0xDF)
        need = 2;
      else if (lead == 0xE0)
        {
          need = 3;
          lo = 0xA0;
        }
      else if (lead == 0xED)
        {
          need = 3;
          hi = 0x9F;
        }
      else if (lead >= 0xE1 && lead <= 0xEF)
        need = 3;
      else if (lead == 0xF0)
        {
          need = 4;
          lo = 0x90;
        }
      else if (lead >= 0xF1 && lead <= 0xF3)
        need = 4;
      else if (lead == 0xF4)
        {
          need = 4;
          hi = 0x8F;
        }
      else
        {
          status = BLOCK_INVALID;
          break;
        }

      avail = end - p;
      if (avail >= 2 && (p[1] < lo || p[1] > hi))
        {
          status = BLOCK_INVALID;
          break;
        }
      for (i = 2; i < need && i < avail; i++)
        if ((p[i] & 0xC0) != 0x80)
          break;
      if (i < need && i < avail)
        {
          status = BLOCK_INVALID;
          break;
        }
      if (avail < need)
        {
          status = BLOCK_INCOMPLETE;
          break;
        }

      p += need;
    }

  *consumed = p - in;

  return status;
}

static BlockStatus
decode_utf8 (const guint8 *in,
             gsize         len,
             GString      *out,
             gsize        *consumed)
{
  BlockStatus status = utf8_scan (in, len, consumed);

  g_string_append_len (out, (const char *) in, *consumed);

  return status;
}

static BlockStatus
decode_cp1252 (const guint8 *in,
               gsize         len,
               GString      *out,
               gsize        *consumed)
{
  gsize old_len = out->len;
  char *q;
  gsize i;

  /* Every byte becomes at most three bytes of UTF-8 (U+20AC and the
   * other punctuation above U+07FF), so one resize is enough. */
  g_string_set_size (out, old_len + 3 * len);
  q = out->str + old_len;

  for (i = 0; i < len; i++)
    {
      guint8 b = in[i];
      guint16 c;

      if (b < 0x80)
        {
          *q++ = b;
          continue;
        }

      c = cp1252_high[b - 0x80];
      if (c < 0x800)
        {
          *q++ = 0xC0 | (c >> 6);
          *q++ = 0x80 | (c & 0x3F);
        }
      else
        {
          *q++ = 0xE0 | (c >> 12);
          *q++ = 0x80 | ((c >> 6) & 0x3F);
          *q++ = 0x80 | (c & 0x3F);
        }
    }

  g_string_truncate (out, q - out->str);
  *consumed = len;

  return BLOCK_COMPLETE;
}

/* Converts with iconv straight into @out. iconv stops in front of an
 * invalid or cut-off sequence and has written everything before it,
 * which is exactly the partial output the caller wants. */
static BlockStatus
decode_iconv (GIConv        cd,
              const guint8 *in,
              gsize         len,
              GString      *out,
              gsize        *consumed)
{
  gchar *inbuf = (gchar *) in;
  gsize inleft = len;
  BlockStatus status = BLOCK_COMPLETE;

  while (inleft > 0)
    {
      gsize old_len = out->len;
      /* Twice the input covers UTF-16 and the two-byte GB18030 forms
       * (three bytes of UTF-8 for two); anything else grows on E2BIG. */
      gsize room = 2 * inleft + 16;
      gchar *outbuf;
      gsize outleft = room;
      gsize ret;
      int saved_errno;

      g_string_set_size (out, old_len + room);
      outbuf = out->str + old_len;

      ret = g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft);
      saved_errno = errno;

      g_string_truncate (out, outbuf - out->str);

      if (ret != (gsize) -1)
        break;
      if (saved_errno == E2BIG)
        continue;

      status = saved_errno == EINVAL ? BLOCK_INCOMPLETE : BLOCK_INVALID;
      break;
    }

  *consumed = len - inleft;

  return status;
}

static BlockStatus
decode_block (SegDecoder   *self,
              const guint8 *in,
              gsize         len,
              GString      *out,
              gsize        *consumed)
{
  switch (self->kind)
    {
    case DECODER_UTF8:
      return decode_utf8 (in, len, out, consumed);
    case DECODER_CP1252:
      return decode_cp1252 (in, len, out, consumed);
    case DECODER_ICONV:
    default:
      return decode_iconv (self->cd, in, len, out, consumed);
    }
}

static void
set_invalid_error (SegDecoder  *self,
                   guint64      offset,
                   GError     **error)
{
  self->failed = TRUE;
  g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_ENCODING,
               /* Translators: %s is a charset such as UTF-8 or GB18030, the
                * number a position in the file counted in bytes from 0. */
               _("Bytes that are not valid %s at byte offset %llu"),
               charset_display_name (self->charset), (unsigned long long) offset);
}

static void
set_truncated_error (SegDecoder  *self,
                     GError     **error)
{
  self->failed = TRUE;
  g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_ENCODING,
               /* Translators: %s is a charset such as UTF-16 or GB18030, the
                * number a position in the file counted in bytes from 0. */
               _("The file ends inside a %s character that starts at byte offset %llu"),
               charset_display_name (self->charset), (unsigned long long) self->offset);
}

/* Keeps @len bytes that form the start of a sequence for the next feed. */
static gboolean
keep_tail (SegDecoder    *self,
           const guint8  *bytes,
           gsize          len,
           GError       **error)
{
  /* A "sequence" longer than we can keep is not one any charset we
   * decode has; calling it invalid beats growing without bound. */
  if (len > TAIL_MAX)
    {
      set_invalid_error (self, self->offset, error);
      return FALSE;
    }

  memmove (self->tail, bytes, len);
  self->tail_len = len;

  return TRUE;
}

static void
decoder_reset (SegDecoder *self)
{
  self->bom_pending = self->bom_len > 0;
  self->tail_len = 0;
  self->offset = 0;
  self->failed = FALSE;
  if (self->kind == DECODER_ICONV)
    g_iconv (self->cd, NULL, NULL, NULL, NULL);
}

/**
 * seg_encoding_bom_length:
 * @buf: the first bytes of a file
 * @len: the number of bytes in @buf
 * @charset: the charset the file is read as
 *
 * Returns: the length of the byte order mark of @charset at the start of
 *   @buf (3 for UTF-8, 2 for UTF-16LE and UTF-16BE), or 0 if there is none
 */
gsize
seg_encoding_bom_length (const guint8 *buf,
                         gsize         len,
                         const char   *charset)
{
  const guint8 *bom;
  gsize bom_len;

  g_return_val_if_fail (buf != NULL || len == 0, 0);
  g_return_val_if_fail (charset != NULL, 0);

  bom = charset_bom (charset, &bom_len);
  if (bom == NULL || len < bom_len || memcmp (buf, bom, bom_len) != 0)
    return 0;

  return bom_len;
}

/* Counts the control characters that have no business in a text file;
 * TAB, LF, FF and CR are what text files are made of. */
static inline gboolean
is_stray_control (guint c)
{
  return c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r';
}

/* Too many stray controls for text: more than a tenth of the characters. */
static inline gboolean
too_many_controls (gsize n_controls,
                   gsize n_chars)
{
  return n_controls > n_chars / 10;
}

/* Spots UTF-16 without a BOM by the zero high bytes of its ASCII
 * characters, then checks that the code units read as text: no NUL
 * characters, paired surrogates, few controls. Binary data with many
 * zeros fails the second part. Returns NULL if it is not UTF-16. */
static const char *
detect_utf16_without_bom (const guint8 *buf,
                          gsize         len)
{
  gsize n_units = len / 2;
  gsize even_zeros = 0;
  gsize odd_zeros = 0;
  gsize n_controls = 0;
  gboolean little_endian;
  gboolean want_low = FALSE;
  gsize i;

  if (n_units == 0)
    return NULL;

  for (i = 0; i < 2 * n_units; i += 2)
    {
      even_zeros += buf[i] == 0;
      odd_zeros += buf[i + 1] == 0;
    }

  /* A quarter of the characters being ASCII is little for a CSV file,
   * which is full of delimiters, digits and line ends, but enough to
   * tell the byte order: ASCII puts its zero on one side only. */
  little_endian = odd_zeros > even_zeros;
  if (MAX (odd_zeros, even_zeros) * 4 < n_units)
    return NULL;

  for (i = 0; i < n_units; i++)
    {
      guint unit;

      if (little_endian)
        unit = buf[2 * i] | (buf[2 * i + 1] << 8);
      else
        unit = (buf[2 * i] << 8) | buf[2 * i + 1];

      if (want_low)
        {
          if (unit < 0xDC00 || unit > 0xDFFF)
            return NULL;
          want_low = FALSE;
          continue;
        }

      if (unit == 0 || unit == 0xFFFE || unit == 0xFFFF)
        return NULL;
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        return NULL;
      if (unit >= 0xD800 && unit <= 0xDBFF)
        want_low = TRUE;
      n_controls += is_stray_control (unit);
    }

  /* A high surrogate in the last unit is fine: the buffer may end inside
   * the pair, and if the file does too the decoder says so precisely. */
  if (too_many_controls (n_controls, n_units))
    return NULL;

  return little_endian ? "UTF-16LE" : "UTF-16BE";
}

static gboolean
looks_binary (const guint8 *buf,
              gsize         len)
{
  gsize n_controls = 0;
  gsize i;

  /* Text in a single-byte or multi-byte charset never holds a zero byte:
   * only UTF-16 and UTF-32 do, and those were ruled out before. */
  if (memchr (buf, 0, len) != NULL)
    return TRUE;

  for (i = 0; i < len; i++)
    n_controls += is_stray_control (buf[i]);

  return too_many_controls (n_controls, len);
}

/**
 * seg_encoding_detect:
 * @buf: the first bytes of a file
 * @len: the number of bytes in @buf
 * @at_eof: whether @buf is the whole file
 *
 * Guesses the charset of a file from its first bytes: a byte order mark,
 * the zero bytes of BOM-less UTF-16, valid UTF-8, or failing all of those
 * GB18030 or Windows-1252 (see seg_encoding_guess_legacy()).
 *
 * Returns: (nullable): a charset name for seg_decoder_new(), or %NULL if
 *   the bytes are not text at all
 */
const char *
seg_encoding_detect (const guint8 *buf,
                     gsize         len,
                     gboolean      at_eof)
{
  const char *utf16;
  BlockStatus status;
  gsize consumed;

  g_return_val_if_fail (buf != NULL || len == 0, NULL);

  if (len >= 3 && memcmp (buf, utf8_bom, 3) == 0)
    return "UTF-8";
  if (len >= 2 && memcmp (buf, utf16le_bom, 2) == 0)
    return "UTF-16LE";
  if (len >= 2 && memcmp (buf, utf16be_bom, 2) == 0)
    return "UTF-16BE";

  utf16 = detect_utf16_without_bom (buf, len);
  if (utf16 != NULL)
    return utf16;

  if (looks_binary (buf, len))
    return NULL;

  /* The caller's buffer may stop inside a character; only at the end of
   * the file is a cut-off sequence a sign of another charset. */
  status = utf8_scan (buf, len, &consumed);
  if (status == BLOCK_COMPLETE || (status == BLOCK_INCOMPLETE && !at_eof))
    return "UTF-8";

  return seg_encoding_guess_legacy (buf, len);
}

/* Characters that fill Chinese text: ideographs, CJK and full-width
 * punctuation, and the symbols GB2312 carries for shop and office use
 * (¥ ° × ÷, general punctuation like “” and …, ℃ and №, circled numbers,
 * arrows, box drawing, shapes such as ★ and ■). */
static gboolean
is_plausible_chinese (gunichar c)
{
  switch (c)
    {
    case 0x00A4: case 0x00A5: case 0x00A7: case 0x00A8: case 0x00B0:
    case 0x00B1: case 0x00B7: case 0x00D7: case 0x00F7:
      return TRUE;
    default:
      break;
    }

  return (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0x3200 && c <= 0x32FF) ||
         (c >= 0x2010 && c <= 0x203F) ||
         (c >= 0x2100 && c <= 0x22FF) ||
         (c >= 0x2460 && c <= 0x26FF);
}

/* Windows-1252 text with accented letters is often valid GBK: "ü" then
 * "l" is a rare ideograph from the GBK extension area. Real Chinese text
 * is made mostly of GB2312 characters, whose two bytes are both 0xA1 or
 * above, while a Latin letter after an accented one gives a second byte
 * below 0x80. So at least half the two-byte sequences must have the
 * GB2312 shape. Also rejects bytes GB18030 never uses as a lead. */
static gboolean
gb18030_shape_plausible (const guint8 *buf,
                         gsize         len)
{
  gsize gb2312_shaped = 0;
  gsize other = 0;
  gsize i = 0;

  while (i < len)
    {
      guint8 lead = buf[i];
      guint8 trail;

      if (lead < 0x80)
        {
          i++;
          continue;
        }
      if (lead == 0x80 || lead == 0xFF)
        return FALSE;
      if (i + 1 >= len)
        break;

      trail = buf[i + 1];
      if (trail >= 0x30 && trail <= 0x39)
        {
          /* A four-byte sequence; iconv checks the rest of it. */
          i += 4;
          continue;
        }

      if (lead >= 0xA1 && lead <= 0xF7 && trail >= 0xA1 && trail <= 0xFE)
        gb2312_shaped++;
      else
        other++;
      i += 2;
    }

  return other <= gb2312_shaped;
}

/**
 * seg_encoding_guess_legacy:
 * @buf: bytes that are not UTF-8
 * @len: the number of bytes in @buf
 *
 * Chooses between the two legacy charsets shop exports come in: GB18030
 * (GBK) from Chinese Windows and Windows-1252 from Western Windows.
 * GB18030 wins only if the bytes decode as GB18030 (a sequence cut off by
 * the end of @buf is allowed) and the result reads like Chinese text.
 *
 * Returns: "GB18030" or "WINDOWS-1252"
 */
const char *
seg_encoding_guess_legacy (const guint8 *buf,
                           gsize         len)
{
  gchar *inbuf = (gchar *) buf;
  gsize inleft = len;
  gsize n_non_ascii = 0;
  gsize n_plausible = 0;
  GIConv cd;

  g_return_val_if_fail (buf != NULL || len == 0, "WINDOWS-1252");

  if (!gb18030_shape_plausible (buf, len))
    return "WINDOWS-1252";

  cd = g_iconv_open ("UTF-8", "GB18030");
  if (cd == (GIConv) -1)
    return "WINDOWS-1252";

  /* Convert in pieces through a small buffer: only the counts matter and
   * a caller may pass a whole mebibyte. */
  while (inleft > 0)
    {
      gchar text[4096];
      gchar *outbuf = text;
      gsize outleft = sizeof text;
      const gchar *p;
      gsize ret;
      int saved_errno;

      ret = g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft);
      saved_errno = errno;

      for (p = text; p < outbuf; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c < 0x80)
            continue;
          n_non_ascii++;
          n_plausible += is_plausible_chinese (c);
        }

      if (ret != (gsize) -1 || saved_errno == E2BIG)
        continue;

      if (saved_errno != EINVAL)
        n_non_ascii = 0; /* not GB18030 at all */
      break;
    }

  g_iconv_close (cd);

  /* Four in five, so that a Chinese file may hold some Latin or Greek
   * letters, while mojibake from a Western file does not pass. */
  if (n_non_ascii > 0 && n_plausible * 5 >= n_non_ascii * 4)
    return "GB18030";

  return "WINDOWS-1252";
}

/**
 * seg_decoder_new:
 * @charset: a charset name that iconv knows, in any spelling
 * @error: return location for a %SEG_IMPORT_ERROR_ENCODING error
 *
 * Creates a decoder to UTF-8. UTF-8 is only validated; GBK, GB2312 and
 * CP936 are decoded as GB18030; Windows-1252, Latin-1 and ASCII as
 * Windows-1252, which cannot fail. A byte order mark of @charset at the
 * start of the stream is dropped.
 *
 * Returns: (transfer full) (nullable): the decoder, or %NULL if the
 *   charset is unknown
 */
SegDecoder *
seg_decoder_new (const char  *charset,
                 GError     **error)
{
  const CharsetAlias *alias;
  SegDecoder *self;

  g_return_val_if_fail (charset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SegDecoder, 1);
  self->cd = (GIConv) -1;

  alias = charset_lookup (charset);
  if (alias != NULL)
    {
      self->kind = alias->kind;
      self->charset = g_strdup (alias->name);
    }
  else
    {
      self->kind = DECODER_ICONV;
      self->charset = g_ascii_strup (charset, -1);
    }

  if (self->kind == DECODER_ICONV)
    {
      /* Known names go to iconv in the spelling it certainly accepts,
       * others as the caller wrote them. */
      self->cd = g_iconv_open ("UTF-8", alias != NULL ? alias->name : charset);
      if (self->cd == (GIConv) -1)
        {
          g_set_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_ENCODING,
                       _("Unknown text encoding “%s”"), charset);
          seg_decoder_free (self);
          return NULL;
        }
    }

  self->bom = charset_bom (self->charset, &self->bom_len);
  decoder_reset (self);

  return self;
}

/**
 * seg_decoder_get_charset:
 * @decoder: a decoder
 *
 * Returns: the charset actually decoded, in a canonical spelling
 *   ("GB18030" for a decoder made for "GBK")
 */
const char *
seg_decoder_get_charset (SegDecoder *decoder)
{
  g_return_val_if_fail (decoder != NULL, NULL);

  return decoder->charset;
}

/**
 * seg_decoder_feed:
 * @decoder: a decoder
 * @in: (array length=len): the next bytes of the stream
 * @len: the number of bytes in @in
 * @out: UTF-8 is appended here
 * @error: return location for a %SEG_IMPORT_ERROR_ENCODING error
 *
 * Decodes the next chunk of the stream. A sequence that the chunk cuts
 * short is kept and finished by the next call.
 *
 * On an invalid sequence, everything before it has been appended to @out
 * and the message gives its byte offset from the start of the stream. The
 * decoder must not be fed again until seg_decoder_finish() resets it.
 *
 * Returns: %TRUE on success
 */
gboolean
seg_decoder_feed (SegDecoder    *decoder,
                  const guint8  *in,
                  gsize          len,
                  GString       *out,
                  GError       **error)
{
  SegDecoder *self = decoder;
  BlockStatus status;
  gsize consumed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (in != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (!self->failed, FALSE);

  /* The BOM may arrive a byte at a time. Its bytes wait in the tail until
   * it is complete and dropped, or until one differs and they turn out to
   * be ordinary text, decoded below. */
  while (self->bom_pending && len > 0)
    {
      if (in[0] != self->bom[self->tail_len])
        {
          self->bom_pending = FALSE;
          break;
        }

      self->tail[self->tail_len++] = in[0];
      in++;
      len--;

      if (self->tail_len == self->bom_len)
        {
          self->bom_pending = FALSE;
          self->tail_len = 0;
          self->offset += self->bom_len;
        }
    }
  if (len == 0)
    return TRUE;

  /* Finish the sequence the last chunk cut short by decoding the kept
   * bytes together with the first few new ones. Copying only those few
   * keeps large chunks from being copied as a whole. */
  if (self->tail_len > 0)
    {
      guint8 joint[TAIL_MAX + STITCH_MAX];
      gsize take = MIN (len, STITCH_MAX);
      gsize joint_len = self->tail_len + take;

      memcpy (joint, self->tail, self->tail_len);
      memcpy (joint + self->tail_len, in, take);

      status = decode_block (self, joint, joint_len, out, &consumed);
      if (status == BLOCK_INVALID)
        {
          set_invalid_error (self, self->offset + consumed, error);
          return FALSE;
        }

      if (consumed < self->tail_len)
        {
          /* Still incomplete. If all of the new chunk was in the joint,
           * wait for more; otherwise the sequence is too long to be one. */
          self->offset += consumed;
          if (take < len)
            {
              set_invalid_error (self, self->offset, error);
              return FALSE;
            }
          return keep_tail (self, joint + consumed, joint_len - consumed, error);
        }

      in += consumed - self->tail_len;
      len -= consumed - self->tail_len;
      self->offset += consumed;
      self->tail_len = 0;
    }

  status = decode_block (self, in, len, out, &consumed);
  self->offset += consumed;

  switch (status)
    {
    case BLOCK_COMPLETE:
      return TRUE;
    case BLOCK_INCOMPLETE:
      return keep_tail (self, in + consumed, len - consumed, error);
    case BLOCK_INVALID:
    default:
      set_invalid_error (self, self->offset, error);
      return FALSE;
    }
}

/**
 * seg_decoder_finish:
 * @decoder: a decoder
 * @out: UTF-8 is appended here
 * @error: return location for a %SEG_IMPORT_ERROR_ENCODING error
 *
 * Ends the stream. It is an error if the stream ended inside a sequence.
 * Either way the decoder is ready for a new stream afterwards.
 *
 * Returns: %TRUE on success
 */
gboolean
seg_decoder_finish (SegDecoder  *decoder,
                    GString     *out,
                    GError     **error)
{
  SegDecoder *self = decoder;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (self->failed)
    {
      /* The error was reported already; just make the decoder reusable. */
      decoder_reset (self);
      return TRUE;
    }

  if (self->tail_len > 0)
    {
      BlockStatus status;
      gsize consumed;

      /* Normally only a cut-off sequence is left, but the start of a BOM
       * that the stream ended in is ordinary text and decoded here. */
      status = decode_block (self, self->tail, self->tail_len, out, &consumed);
      self->offset += consumed;
      if (status == BLOCK_INVALID)
        {
          set_invalid_error (self, self->offset, error);
          ok = FALSE;
        }
      else if (status == BLOCK_INCOMPLETE)
        {
          set_truncated_error (self, error);
          ok = FALSE;
        }
    }

  /* Stateful charsets may owe a final character or shift sequence. */
  if (ok && self->kind == DECODER_ICONV)
    {
      gchar flush[32];
      gchar *outbuf = flush;
      gsize outleft = sizeof flush;

      if (g_iconv (self->cd, NULL, NULL, &outbuf, &outleft) != (gsize) -1)
        g_string_append_len (out, flush, outbuf - flush);
    }

  decoder_reset (self);

  return ok;
}

/**
 * seg_decoder_free:
 * @decoder: (nullable): a decoder
 */
void
seg_decoder_free (SegDecoder *decoder)
{
  if (decoder == NULL)
    return;

  if (decoder->cd != (GIConv) -1)
    g_iconv_close (decoder->cd);
  g_free (decoder->charset);
  g_free (decoder);
}
