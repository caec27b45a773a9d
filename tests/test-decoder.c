/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-decoder.h"
#include "seg-error.h"

/* The chunk sizes every stream is fed in: single bytes split everything,
 * 2 and 3 split UTF-16 surrogate pairs and GBK characters in both
 * phases, 7 is coprime to all sequence lengths, 4096 is a real read. */
static const gsize chunk_sizes[] = { 1, 2, 3, 7, 4096 };

typedef struct
{
  const char *name;
  const char *charset;  /* what the stream is decoded as */
  const char *detected; /* what seg_encoding_detect() must say */
  char       *text;     /* the expected UTF-8 */
  GBytes     *bytes;    /* the encoded stream */
} DecodeCase;

static GPtrArray *cases;

static char *
repeat (const char *s,
        guint       times)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < times; i++)
    g_string_append (out, s);

  return g_string_free (out, FALSE);
}

/* Encodes UTF-16 by hand rather than through iconv, so that the decoder
 * (which uses iconv) is not checked against itself. */
static GBytes *
utf16_bytes (const char *utf8,
             gboolean    little_endian,
             gboolean    with_bom)
{
  g_autofree gunichar2 *units = NULL;
  GByteArray *bytes = g_byte_array_new ();
  glong n_units = 0;
  glong i;

  units = g_utf8_to_utf16 (utf8, -1, NULL, &n_units, NULL);
  g_assert_nonnull (units);

  if (with_bom)
    {
      static const guint8 le[] = { 0xFF, 0xFE };
      static const guint8 be[] = { 0xFE, 0xFF };

      g_byte_array_append (bytes, little_endian ? le : be, 2);
    }

  for (i = 0; i < n_units; i++)
    {
      guint8 pair[2];

      pair[little_endian ? 0 : 1] = units[i] & 0xFF;
      pair[little_endian ? 1 : 0] = units[i] >> 8;
      g_byte_array_append (bytes, pair, 2);
    }

  return g_byte_array_free_to_bytes (bytes);
}

static void
add_case (const char *name,
          const char *charset,
          const char *detected,
          char       *text,
          GBytes     *bytes)
{
  DecodeCase *c = g_new0 (DecodeCase, 1);

  c->name = name;
  c->charset = charset;
  c->detected = detected;
  c->text = text;
  c->bytes = bytes;
  g_ptr_array_add (cases, c);
}

static void
decode_case_free (gpointer data)
{
  DecodeCase *c = data;

  g_free (c->text);
  g_bytes_unref (c->bytes);
  g_free (c);
}

static void
build_cases (void)
{
  char *text;
  GByteArray *bytes;
  gsize gb_len = 0;
  char *line;
  char *gb;

  cases = g_ptr_array_new_with_free_func (decode_case_free);

  /* Lines are repeated to several kilobytes so that the 4096-byte chunks
   * also end inside characters, not only the small ones. */

  text = repeat ("order_id,customer,total\r\n1001,Alice,12.50\r\n", 200);
  add_case ("ascii", "UTF-8", "UTF-8", text, g_bytes_new (text, strlen (text)));

  text = repeat ("订单号,商品,备注\n1001,茶壶,好评👍\n1002,绿茶,🍵 送礼\n", 200);
  add_case ("utf8-cjk", "UTF-8", "UTF-8", text, g_bytes_new (text, strlen (text)));

  text = repeat ("name,city\nZoë,Zürich\n", 200);
  bytes = g_byte_array_new ();
  g_byte_array_append (bytes, (const guint8 *) "\xEF\xBB\xBF", 3);
  g_byte_array_append (bytes, (const guint8 *) text, strlen (text));
  add_case ("utf8-bom", "UTF-8", "UTF-8", text, g_byte_array_free_to_bytes (bytes));

  text = repeat ("商品,价格\r\nTea 🍵,￥38.50\r\n", 200);
  add_case ("utf16le-bom", "UTF-16LE", "UTF-16LE", text, utf16_bytes (text, TRUE, TRUE));

  text = repeat ("商品,价格\r\nTea 🍵,￥38.50\r\n", 200);
  add_case ("utf16be-bom", "UTF-16BE", "UTF-16BE", text, utf16_bytes (text, FALSE, TRUE));

  text = repeat ("order,qty,name\r\n1001,2,Zoë 🍵\r\n", 200);
  add_case ("utf16le", "UTF-16LE", "UTF-16LE", text, utf16_bytes (text, TRUE, FALSE));

  text = repeat ("order,qty,name\r\n1001,2,Zoë 🍵\r\n", 200);
  add_case ("utf16be", "UTF-16BE", "UTF-16BE", text, utf16_bytes (text, FALSE, FALSE));

  text = repeat ("订单号,商品,数量,金额\r\n1001,茶壶,2,￥59.00\r\n1002,绿茶（250克）,1,￥38.50\r\n", 200);
  gb = g_convert (text, -1, "GB18030", "UTF-8", NULL, &gb_len, NULL);
  g_assert_nonnull (gb);
  add_case ("gbk", "GB18030", "GB18030", text, g_bytes_new_take (gb, gb_len));

  text = repeat ("Café Müller; 12,50 €\r\n", 200);
  line = repeat ("Caf\xE9 M\xFCller; 12,50 \x80\r\n", 200);
  add_case ("cp1252", "WINDOWS-1252", "WINDOWS-1252", text, g_bytes_new_take (line, strlen (line)));

  /* Every byte pair here is valid GBK and decodes to ideographs, so only
   * the shape check keeps this German text out of GB18030. */
  text = g_strdup ("Name;Ort\r\nJürgen Müller;Köln\r\nGrößer;Düsseldorf\r\n");
  line = g_strdup ("Name;Ort\r\nJ\xFCrgen M\xFCller;K\xF6ln\r\nGr\xF6\xDF" "er;D\xFCsseldorf\r\n");
  add_case ("cp1252-german", "WINDOWS-1252", "WINDOWS-1252", text, g_bytes_new_take (line, strlen (line)));
}

/* Decodes @len bytes fed in pieces of @chunk. Like the CSV reader, it
 * empties the output string before each call and collects the pieces
 * itself, so the decoder must not rely on what @out held before. */
static gboolean
decode_chunked (const char    *charset,
                const guint8  *buf,
                gsize          len,
                gsize          chunk,
                GString       *result,
                GError       **error)
{
  g_autoptr(SegDecoder) decoder = NULL;
  g_autoptr(GString) out = g_string_new ("left over from an earlier call");
  gsize pos = 0;
  gboolean ok;

  decoder = seg_decoder_new (charset, error);
  if (decoder == NULL)
    return FALSE;

  while (pos < len)
    {
      gsize n = MIN (chunk, len - pos);

      g_string_truncate (out, 0);
      ok = seg_decoder_feed (decoder, buf + pos, n, out, error);
      g_string_append_len (result, out->str, out->len);
      if (!ok)
        return FALSE;
      pos += n;
    }

  g_string_truncate (out, 0);
  ok = seg_decoder_finish (decoder, out, error);
  g_string_append_len (result, out->str, out->len);

  return ok;
}

static char *
decode_all (const char    *charset,
            const guint8  *buf,
            gsize          len,
            gsize          chunk)
{
  g_autoptr(GError) error = NULL;
  GString *result = g_string_new (NULL);

  decode_chunked (charset, buf, len, MAX (chunk, 1), result, &error);
  g_assert_no_error (error);

  return g_string_free (result, FALSE);
}

static void
test_decode_case (gconstpointer data)
{
  const DecodeCase *c = data;
  gsize len;
  const guint8 *buf = g_bytes_get_data (c->bytes, &len);
  g_autofree char *whole = decode_all (c->charset, buf, len, len);
  gsize i;

  g_assert_cmpuint (strlen (whole), ==, strlen (c->text));
  g_assert_cmpstr (whole, ==, c->text);

  for (i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autofree char *chunked = decode_all (c->charset, buf, len, chunk_sizes[i]);

      if (g_test_verbose ())
        g_test_message ("chunk size %" G_GSIZE_FORMAT, chunk_sizes[i]);
      g_assert_cmpstr (chunked, ==, whole);
    }
}

static void
test_detect_case (gconstpointer data)
{
  const DecodeCase *c = data;
  gsize len;
  const guint8 *buf = g_bytes_get_data (c->bytes, &len);
  g_autofree char *decoded = NULL;
  const char *detected;

  g_assert_cmpstr (seg_encoding_detect (buf, len, TRUE), ==, c->detected);
  g_assert_cmpstr (seg_encoding_detect (buf, len, FALSE), ==, c->detected);

  /* A prefix cut at an odd place, as the caller's 1 MiB window would. */
  g_assert_cmpstr (seg_encoding_detect (buf, len / 2 + 1, FALSE), ==, c->detected);

  /* What detection says must decode the file. */
  detected = seg_encoding_detect (buf, len, TRUE);
  decoded = decode_all (detected, buf, len, 4096);
  g_assert_cmpstr (decoded, ==, c->text);
}

static void
test_detect_binary (void)
{
  static const guint8 png[] =
  {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x5C, 0x72, 0xA8, 0x66,
  };
  static const guint8 controls[] = "\x01\x02\x03 abc\x04\x05\x06\x07\x1b";
  guint8 noise[4096];
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240105);
  gsize i;

  g_assert_null (seg_encoding_detect (png, sizeof png, TRUE));
  g_assert_null (seg_encoding_detect (png, sizeof png, FALSE));

  for (i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  noise[100] = 0;
  noise[201] = 0;
  g_assert_null (seg_encoding_detect (noise, sizeof noise, FALSE));

  /* One NUL is enough in a file that is not UTF-16. */
  g_assert_null (seg_encoding_detect ((const guint8 *) "id,name\n1,a\0b\n", 14, TRUE));

  g_assert_null (seg_encoding_detect (controls, sizeof controls - 1, TRUE));

  /* TAB, CR, LF and FF are text. */
  g_assert_cmpstr (seg_encoding_detect ((const guint8 *) "a\tb\r\n\f", 6, TRUE), ==, "UTF-8");
  g_assert_cmpstr (seg_encoding_detect ((const guint8 *) "", 0, TRUE), ==, "UTF-8");
}

static void
test_detect_truncated_utf8 (void)
{
  const char *text = "商品,价格\n茶壶";
  gsize len = strlen (text);

  /* Cut one and two bytes into the last character. */
  g_assert_cmpstr (seg_encoding_detect ((const guint8 *) text, len - 1, FALSE), ==, "UTF-8");
  g_assert_cmpstr (seg_encoding_detect ((const guint8 *) text, len - 2, FALSE), ==, "UTF-8");
  g_assert_cmpstr (seg_encoding_detect ((const guint8 *) text, len, TRUE), ==, "UTF-8");

  /* At the end of the file a cut-off character is not UTF-8. */
  g_assert_cmpstr (seg_encoding_detect ((const guint8 *) text, len - 1, TRUE), !=, "UTF-8");

  /* A partial BOM at the end of a short buffer. */
  g_assert_cmpstr (seg_encoding_detect ((const guint8 *) "\xEF\xBB", 2, FALSE), ==, "UTF-8");
}

static void
test_guess_legacy (void)
{
  /* 茶壶 in GBK, then cut inside the second character. */
  static const guint8 teapot[] = { 0xB2, 0xE8, 0xBA, 0xF8 };
  static const guint8 cafe[] = "Caf\xE9 M\xFCller; 12,50 \x80";

  g_assert_cmpstr (seg_encoding_guess_legacy (teapot, 4), ==, "GB18030");
  g_assert_cmpstr (seg_encoding_guess_legacy (teapot, 3), ==, "GB18030");
  g_assert_cmpstr (seg_encoding_detect (teapot, 4, TRUE), ==, "GB18030");
  g_assert_cmpstr (seg_encoding_guess_legacy (cafe, sizeof cafe - 1), ==, "WINDOWS-1252");
  g_assert_cmpstr (seg_encoding_detect (cafe, sizeof cafe - 1, TRUE), ==, "WINDOWS-1252");

  /* Valid GBK, but Cyrillic letters are not what Chinese text is made of. */
  g_assert_cmpstr (seg_encoding_guess_legacy ((const guint8 *) "\xA7\xA1\xA7\xA2\xA7\xA3", 6), ==, "WINDOWS-1252");

  /* Pure ASCII gives no evidence for GB18030. */
  g_assert_cmpstr (seg_encoding_guess_legacy ((const guint8 *) "abc", 3), ==, "WINDOWS-1252");
  g_assert_cmpstr (seg_encoding_guess_legacy (NULL, 0), ==, "WINDOWS-1252");
}

static void
test_bom_length (void)
{
  static const guint8 utf8[] = { 0xEF, 0xBB, 0xBF, 'a' };
  static const guint8 le[] = { 0xFF, 0xFE, 'a', 0 };
  static const guint8 be[] = { 0xFE, 0xFF, 0, 'a' };

  g_assert_cmpuint (seg_encoding_bom_length (utf8, 4, "UTF-8"), ==, 3);
  g_assert_cmpuint (seg_encoding_bom_length (utf8, 4, "utf8"), ==, 3);
  g_assert_cmpuint (seg_encoding_bom_length (utf8, 4, "utf-8"), ==, 3);
  g_assert_cmpuint (seg_encoding_bom_length (utf8, 2, "UTF-8"), ==, 0);
  g_assert_cmpuint (seg_encoding_bom_length (utf8, 4, "UTF-16LE"), ==, 0);
  g_assert_cmpuint (seg_encoding_bom_length (le, 4, "UTF-16LE"), ==, 2);
  g_assert_cmpuint (seg_encoding_bom_length (le, 4, "utf16le"), ==, 2);
  g_assert_cmpuint (seg_encoding_bom_length (le, 4, "utf-16le"), ==, 2);
  g_assert_cmpuint (seg_encoding_bom_length (le, 4, "UTF-16BE"), ==, 0);
  g_assert_cmpuint (seg_encoding_bom_length (le, 1, "UTF-16LE"), ==, 0);
  g_assert_cmpuint (seg_encoding_bom_length (be, 4, "UTF-16BE"), ==, 2);
  g_assert_cmpuint (seg_encoding_bom_length (be, 4, "utf16be"), ==, 2);
  g_assert_cmpuint (seg_encoding_bom_length (be, 4, "UTF-8"), ==, 0);
  g_assert_cmpuint (seg_encoding_bom_length (utf8, 4, "GB18030"), ==, 0);
  g_assert_cmpuint (seg_encoding_bom_length (le, 4, "WINDOWS-1252"), ==, 0);
  g_assert_cmpuint (seg_encoding_bom_length (NULL, 0, "UTF-8"), ==, 0);
}

/* Feeds @input in every chunk size and checks that decoding stops with
 * exactly @message and, before that, exactly @partial as output. */
static void
assert_decode_error (const char   *charset,
                     const guint8 *input,
                     gsize         len,
                     const char   *partial,
                     const char   *message)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) result = g_string_new (NULL);

      if (g_test_verbose ())
        g_test_message ("chunk size %" G_GSIZE_FORMAT, chunk_sizes[i]);
      g_assert_false (decode_chunked (charset, input, len, chunk_sizes[i], result, &error));
      g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_ENCODING);
      g_assert_cmpstr (error->message, ==, message);
      g_assert_cmpstr (result->str, ==, partial);
    }
}

static void
test_invalid_utf8 (void)
{
  static const struct
  {
    const char *input;
    const char *partial;
    const char *message;
  } tests[] =
  {
    { "id,name\n1,Zoë\n2,\xC3\x28" "bad\n3,ok\n", "id,name\n1,Zoë\n2,",
      "Bytes that are not valid UTF-8 at byte offset 17" },
    { "\xEF\xBB\xBF" "ab\xFF" "cd", "ab", "Bytes that are not valid UTF-8 at byte offset 5" },
    { "ab\x80" "cd", "ab", "Bytes that are not valid UTF-8 at byte offset 2" },
    { "ab\xC0\xAF" "cd", "ab", "Bytes that are not valid UTF-8 at byte offset 2" },
    { "ab\xE0\x80\xAF" "cd", "ab", "Bytes that are not valid UTF-8 at byte offset 2" },
    { "ab\xED\xA0\x80" "cd", "ab", "Bytes that are not valid UTF-8 at byte offset 2" },
    { "ab\xF4\x90\x80\x80" "cd", "ab", "Bytes that are not valid UTF-8 at byte offset 2" },
    { "ab\xF5\x80\x80\x80" "cd", "ab", "Bytes that are not valid UTF-8 at byte offset 2" },
    { "ab\xE8\x8C\xB6\xE5\xA3" "cd", "ab茶", "Bytes that are not valid UTF-8 at byte offset 5" },
    { "茶\xF0\x9F\x8D" "x", "茶", "Bytes that are not valid UTF-8 at byte offset 3" },
    { "ab\xE5\xA3", "ab", "The file ends inside a UTF-8 character that starts at byte offset 2" },
    { "\xEF\xBB", "", "The file ends inside a UTF-8 character that starts at byte offset 0" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (tests); i++)
    assert_decode_error ("UTF-8", (const guint8 *) tests[i].input, strlen (tests[i].input),
                         tests[i].partial, tests[i].message);
}

static void
test_invalid_utf16 (void)
{
  /* BOM, "ab", then a high surrogate that the file ends in. */
  static const guint8 cut_pair[] = { 0xFF, 0xFE, 'a', 0, 'b', 0, 0x3D, 0xD8 };
  /* BOM, "ab", then half a code unit. */
  static const guint8 odd[] = { 0xFF, 0xFE, 'a', 0, 'b', 0, 'c' };
  /* "a", a lone low surrogate, "b". */
  static const guint8 lone_low[] = { 'a', 0, 0x00, 0xDC, 'b', 0 };
  /* Big-endian "a", a high surrogate followed by "b". */
  static const guint8 unpaired[] = { 0xFE, 0xFF, 0, 'a', 0xD8, 0x3D, 0, 'b' };

  assert_decode_error ("UTF-16LE", cut_pair, sizeof cut_pair, "ab",
                       "The file ends inside a UTF-16 character that starts at byte offset 6");
  assert_decode_error ("UTF-16LE", odd, sizeof odd, "ab",
                       "The file ends inside a UTF-16 character that starts at byte offset 6");
  assert_decode_error ("UTF-16LE", lone_low, sizeof lone_low, "a",
                       "Bytes that are not valid UTF-16 at byte offset 2");
  assert_decode_error ("UTF-16BE", unpaired, sizeof unpaired, "a",
                       "Bytes that are not valid UTF-16 at byte offset 4");
  assert_decode_error ("UTF-16LE", (const guint8 *) "\xFF", 1, "",
                       "The file ends inside a UTF-16 character that starts at byte offset 0");
}

static void
test_utf16_literal (void)
{
  /* "a😀\n" with a BOM, written out by hand. */
  static const guint8 le[] = { 0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8, 0x00, 0xDE, 0x0A, 0x00 };
  static const guint8 be[] = { 0xFE, 0xFF, 0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x00, 0x00, 0x0A };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autofree char *from_le = decode_all ("UTF-16LE", le, sizeof le, chunk_sizes[i]);
      g_autofree char *from_be = decode_all ("utf-16be", be, sizeof be, chunk_sizes[i]);

      g_assert_cmpstr (from_le, ==, "a\xF0\x9F\x98\x80\n");
      g_assert_cmpstr (from_be, ==, "a\xF0\x9F\x98\x80\n");
    }
}

static void
test_unknown_charset (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegDecoder) decoder = NULL;

  decoder = seg_decoder_new ("foo", &error);
  g_assert_null (decoder);
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==, "Unknown text encoding “foo”");
}

static void
test_gbk_alias (void)
{
  static const char *names[] = { "GBK", "gbk", "GB2312", "gb-2312", "CP936", "GB18030" };
  /* 茶壶, then ¥ (U+00A5), which only GB18030 has, as four bytes. */
  static const guint8 input[] = { 0xB2, 0xE8, 0xBA, 0xF8, 0x81, 0x30, 0x84, 0x36 };
  gsize i;
  gsize j;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SegDecoder) decoder = seg_decoder_new (names[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (seg_decoder_get_charset (decoder), ==, "GB18030");

      for (j = 0; j < G_N_ELEMENTS (chunk_sizes); j++)
        {
          g_autofree char *text = decode_all (names[i], input, sizeof input, chunk_sizes[j]);

          g_assert_cmpstr (text, ==, "茶壶¥");
        }
    }

  /* An invalid GBK pair reports its offset, after the good output. */
  assert_decode_error ("GBK", (const guint8 *) "\xB2\xE8" "a\x80" "b", 5, "茶a",
                       "Bytes that are not valid GB18030 at byte offset 3");
  assert_decode_error ("GBK", (const guint8 *) "\xB2\xE8\xBA", 3, "茶",
                       "The file ends inside a GB18030 character that starts at byte offset 2");
}

static void
test_cp1252_all_bytes (void)
{
  static const char *names[] = { "WINDOWS-1252", "cp1252", "latin1", "ISO-8859-1", "iso_8859-1", "US-ASCII" };
  g_autoptr(GString) expected = g_string_new (NULL);
  guint8 all[256];
  gsize i;
  gsize j;

  /* The expected text comes from the system's iconv, except for the five
   * bytes that Windows leaves undefined and that we map to C1 controls. */
  for (i = 0; i < 256; i++)
    {
      all[i] = i;
      if (i == 0x81 || i == 0x8D || i == 0x8F || i == 0x90 || i == 0x9D)
        {
          g_string_append_unichar (expected, i);
        }
      else
        {
          g_autofree char *c = NULL;
          gsize c_len = 0;

          c = g_convert ((const char *) &all[i], 1, "UTF-8", "WINDOWS-1252", NULL, &c_len, NULL);
          g_assert_nonnull (c);
          g_string_append_len (expected, c, c_len);
        }
    }

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SegDecoder) decoder = seg_decoder_new (names[i], NULL);

      g_assert_nonnull (decoder);
      g_assert_cmpstr (seg_decoder_get_charset (decoder), ==, "WINDOWS-1252");

      for (j = 0; j < G_N_ELEMENTS (chunk_sizes); j++)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GError) error = NULL;

          /* The text starts with U+0000, so compare it as memory. */
          g_assert_true (decode_chunked (names[i], all, sizeof all, chunk_sizes[j], text, &error));
          g_assert_no_error (error);
          g_assert_cmpmem (text->str, text->len, expected->str, expected->len);
        }
    }

  /* A few by heart, in case iconv and we share a mistake. */
  {
    g_autofree char *text = decode_all ("WINDOWS-1252", (const guint8 *) "\x80\x9F\xE9\x81\x93", 5, 1);

    g_assert_cmpstr (text, ==, "€Ÿé\xC2\x81“");
  }
}

static void
test_bom_handling (void)
{
  static const struct
  {
    const char *charset;
    const char *input;
    gsize       len;
    const char *expected;
  } tests[] =
  {
    /* Only one BOM and only at the start is dropped. */
    { "UTF-8", "a\xEF\xBB\xBF" "b", 5, "a\xEF\xBB\xBF" "b" },
    { "UTF-8", "\xEF\xBB\xBF\xEF\xBB\xBF" "x", 7, "\xEF\xBB\xBF" "x" },
    /* The first two bytes of a BOM, then something else: U+FEFE. */
    { "UTF-8", "\xEF\xBB\xBE" "x", 4, "\xEF\xBB\xBE" "x" },
    { "UTF-8", "\xEF\xBB\xBF", 3, "" },
    { "UTF-16LE", "\xFF\xFE", 2, "" },
    { "UTF-16LE", "\xFF\xFE\xFF\xFE", 4, "\xEF\xBB\xBF" },
    { "UTF-16BE", "\xFE\xFF\x00" "a", 4, "a" },
    /* A BOM of another charset is text. */
    { "WINDOWS-1252", "\xEF\xBB\xBF", 3, "ï»¿" },
  };
  gsize i;
  gsize j;

  for (i = 0; i < G_N_ELEMENTS (tests); i++)
    for (j = 0; j < G_N_ELEMENTS (chunk_sizes); j++)
      {
        g_autofree char *text = decode_all (tests[i].charset, (const guint8 *) tests[i].input,
                                            tests[i].len, chunk_sizes[j]);

        g_assert_cmpstr (text, ==, tests[i].expected);
      }
}

static void
test_reuse_after_finish (void)
{
  g_autoptr(SegDecoder) decoder = seg_decoder_new ("UTF-16LE", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  static const guint8 stream[] = { 0xFF, 0xFE, 'o', 0, 'k', 0 };

  g_assert_true (seg_decoder_feed (decoder, stream, 3, out, &error));
  g_assert_false (seg_decoder_finish (decoder, out, &error));
  g_assert_error (error, SEG_IMPORT_ERROR, SEG_IMPORT_ERROR_ENCODING);
  g_clear_error (&error);

  /* A new stream: the BOM is dropped again and offsets start at 0. */
  g_string_truncate (out, 0);
  g_assert_true (seg_decoder_feed (decoder, stream, sizeof stream, out, &error));
  g_assert_true (seg_decoder_finish (decoder, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "ok");
}

static void
test_other_iconv_charset (void)
{
  g_autoptr(SegDecoder) decoder = seg_decoder_new ("iso-8859-15", NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (decoder);
  g_assert_cmpstr (seg_decoder_get_charset (decoder), ==, "ISO-8859-15");

  text = decode_all ("iso-8859-15", (const guint8 *) "12\xA4", 3, 1);
  g_assert_cmpstr (text, ==, "12€");
}

/* Decodes "x" @seq "y" as UTF-8 and returns whether that worked. */
static gboolean
utf8_decoder_accepts (SegDecoder   *decoder,
                      const guint8 *seq,
                      gsize         len)
{
  guint8 buf[8];
  GString *out = g_string_sized_new (16);
  gboolean ok;

  buf[0] = 'x';
  memcpy (buf + 1, seq, len);
  buf[len + 1] = 'y';

  ok = seg_decoder_feed (decoder, buf, len + 2, out, NULL);
  /* finish() also makes the decoder ready for the next input, which after
   * a failed feed is the only thing it is good for. */
  ok = seg_decoder_finish (decoder, out, NULL) && ok;
  if (ok)
    g_assert_cmpmem (out->str, out->len, buf, len + 2);
  g_string_free (out, TRUE);

  return ok;
}

static void
check_against_glib (SegDecoder   *decoder,
                    const guint8 *seq,
                    gsize         len)
{
  gboolean ours;
  gboolean glibs;

  /* GLib refuses NUL, we pass it on: compare only where they agree on
   * what the question is. */
  if (memchr (seq, 0, len) != NULL)
    return;

  ours = utf8_decoder_accepts (decoder, seq, len);
  glibs = g_utf8_validate_len ((const char *) seq, len, NULL);
  if (ours != glibs)
    {
      g_autofree char *hex = g_strdup_printf ("%02X %02X %02X %02X", seq[0],
                                              len > 1 ? seq[1] : 0, len > 2 ? seq[2] : 0,
                                              len > 3 ? seq[3] : 0);

      g_error ("UTF-8 validation differs from GLib for %s (length %" G_GSIZE_FORMAT "): ours %d",
               hex, len, ours);
    }
}

static void
test_utf8_matches_glib (void)
{
  static const guint8 probes[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
  g_autoptr(SegDecoder) decoder = seg_decoder_new ("UTF-8", NULL);
  guint8 seq[4];
  guint a;
  guint b;
  guint c;
  guint d;

  for (a = 0; a < 256; a++)
    {
      seq[0] = a;
      check_against_glib (decoder, seq, 1);
      for (b = 0; b < 256; b++)
        {
          seq[1] = b;
          check_against_glib (decoder, seq, 2);
        }
    }

  for (a = 0xE0; a <= 0xEF; a++)
    for (b = 0; b < 256; b++)
      for (c = 0; c < 256; c++)
        {
          seq[0] = a;
          seq[1] = b;
          seq[2] = c;
          check_against_glib (decoder, seq, 3);
        }

  for (a = 0xF0; a <= 0xF7; a++)
    for (b = 0; b < 256; b++)
      for (c = 0; c < G_N_ELEMENTS (probes); c++)
        for (d = 0; d < G_N_ELEMENTS (probes); d++)
          {
            seq[0] = a;
            seq[1] = b;
            seq[2] = probes[c];
            seq[3] = probes[d];
            check_against_glib (decoder, seq, 4);
          }
}

/* The ASCII fast path reads eight bytes at once: put a non-ASCII
 * character at every position relative to those words. */
static void
test_utf8_word_boundaries (void)
{
  gsize pos;

  for (pos = 0; pos < 24; pos++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      g_autoptr(GString) bad = NULL;
      g_autofree char *text = NULL;
      g_autofree char *message = NULL;
      g_autofree char *partial = NULL;

      g_string_append_len (input, "abcdefghijklmnopqrstuvwxyz", pos);
      g_string_append (input, "é");
      g_string_append (input, "0123456789ABCDEFGHIJ");

      text = decode_all ("UTF-8", (const guint8 *) input->str, input->len, 4096);
      g_assert_cmpstr (text, ==, input->str);

      bad = g_string_new_len (input->str, pos);
      g_string_append_c (bad, '\xE9');
      g_string_append (bad, "0123456789ABCDEFGHIJ");
      message = g_strdup_printf ("Bytes that are not valid UTF-8 at byte offset %" G_GSIZE_FORMAT, pos);
      partial = g_strndup (input->str, pos);
      assert_decode_error ("UTF-8", (const guint8 *) bad->str, bad->len, partial, message);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint i;
  int ret;

  g_test_init (&argc, &argv, NULL);

  build_cases ();
  for (i = 0; i < cases->len; i++)
    {
      DecodeCase *c = g_ptr_array_index (cases, i);
      g_autofree char *decode_path = g_strdup_printf ("/decoder/decode/%s", c->name);
      g_autofree char *detect_path = g_strdup_printf ("/decoder/detect/%s", c->name);

      g_test_add_data_func (decode_path, c, test_decode_case);
      g_test_add_data_func (detect_path, c, test_detect_case);
    }

  g_test_add_func ("/decoder/detect/binary", test_detect_binary);
  g_test_add_func ("/decoder/detect/truncated-utf8", test_detect_truncated_utf8);
  g_test_add_func ("/decoder/detect/guess-legacy", test_guess_legacy);
  g_test_add_func ("/decoder/bom-length", test_bom_length);
  g_test_add_func ("/decoder/bom-handling", test_bom_handling);
  g_test_add_func ("/decoder/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/decoder/invalid-utf16", test_invalid_utf16);
  g_test_add_func ("/decoder/utf16-literal", test_utf16_literal);
  g_test_add_func ("/decoder/unknown-charset", test_unknown_charset);
  g_test_add_func ("/decoder/gbk-alias", test_gbk_alias);
  g_test_add_func ("/decoder/cp1252-all-bytes", test_cp1252_all_bytes);
  g_test_add_func ("/decoder/other-iconv-charset", test_other_iconv_charset);
  g_test_add_func ("/decoder/reuse-after-finish", test_reuse_after_finish);
  g_test_add_func ("/decoder/utf8-matches-glib", test_utf8_matches_glib);
  g_test_add_func ("/decoder/utf8-word-boundaries", test_utf8_word_boundaries);

  ret = g_test_run ();
  g_ptr_array_unref (cases);

  return ret;
}
