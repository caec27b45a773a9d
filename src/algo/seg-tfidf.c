/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-tfidf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-topk-private.h"

/* ---- Tokens ---------------------------------------------------------- */

/* Latin-1 letters and Latin Extended-A, folded to plain lower-case
 * letters: each range of code points reads as one string. */
typedef struct
{
  uint32_t    first;
  uint32_t    last;
  const char *folded;
} Fold;

static const Fold folds[] = {
  { 0x00C0, 0x00C5, "a" }, { 0x00C6, 0x00C6, "ae" }, { 0x00C7, 0x00C7, "c" },
  { 0x00C8, 0x00CB, "e" }, { 0x00CC, 0x00CF, "i" }, { 0x00D0, 0x00D0, "d" },
  { 0x00D1, 0x00D1, "n" }, { 0x00D2, 0x00D6, "o" }, { 0x00D8, 0x00D8, "o" },
  { 0x00D9, 0x00DC, "u" }, { 0x00DD, 0x00DD, "y" }, { 0x00DE, 0x00DE, "th" },
  { 0x00DF, 0x00DF, "ss" }, { 0x00E0, 0x00E5, "a" }, { 0x00E6, 0x00E6, "ae" },
  { 0x00E7, 0x00E7, "c" }, { 0x00E8, 0x00EB, "e" }, { 0x00EC, 0x00EF, "i" },
  { 0x00F0, 0x00F0, "d" }, { 0x00F1, 0x00F1, "n" }, { 0x00F2, 0x00F6, "o" },
  { 0x00F8, 0x00F8, "o" }, { 0x00F9, 0x00FC, "u" }, { 0x00FD, 0x00FD, "y" },
  { 0x00FE, 0x00FE, "th" }, { 0x00FF, 0x00FF, "y" },
  { 0x0100, 0x0105, "a" }, { 0x0106, 0x010D, "c" }, { 0x010E, 0x0111, "d" },
  { 0x0112, 0x011B, "e" }, { 0x011C, 0x0123, "g" }, { 0x0124, 0x0127, "h" },
  { 0x0128, 0x0131, "i" }, { 0x0132, 0x0133, "ij" }, { 0x0134, 0x0135, "j" },
  { 0x0136, 0x0138, "k" }, { 0x0139, 0x0142, "l" }, { 0x0143, 0x014B, "n" },
  { 0x014C, 0x0151, "o" }, { 0x0152, 0x0153, "oe" }, { 0x0154, 0x0159, "r" },
  { 0x015A, 0x0161, "s" }, { 0x0162, 0x0167, "t" }, { 0x0168, 0x0173, "u" },
  { 0x0174, 0x0175, "w" }, { 0x0176, 0x0178, "y" }, { 0x0179, 0x017E, "z" },
  { 0x017F, 0x017F, "s" },
};

/* Decodes one UTF-8 character at @s (of @left bytes); returns it and its
 * length, or UINT32_MAX and 1 for a byte that does not start a valid
 * character. */
static uint32_t
decode (const unsigned char *s,
        size_t               left,
        size_t              *length)
{
  uint32_t c = s[0], min;
  size_t n;

  *length = 1;
  if (c < 0x80)
    return c;
  if ((c & 0xE0) == 0xC0)
    n = 2, c &= 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    n = 3, c &= 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    n = 4, c &= 0x07, min = 0x10000;
  else
    return UINT32_MAX;
  if (n > left)
    return UINT32_MAX;
  for (size_t k = 1; k < n; k++)
    {
      if ((s[k] & 0xC0) != 0x80)
        return UINT32_MAX;
      c = (c << 6) | (s[k] & 0x3F);
    }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return UINT32_MAX;
  *length = n;

  return c;
}

static size_t
encode (uint32_t  c,
        char     *out)
{
  if (c < 0x80)
    {
      out[0] = (char) c;
      return 1;
    }
  if (c < 0x800)
    {
      out[0] = (char) (0xC0 | (c >> 6));
      out[1] = (char) (0x80 | (c & 0x3F));
      return 2;
    }
  if (c < 0x10000)
    {
      out[0] = (char) (0xE0 | (c >> 12));
      out[1] = (char) (0x80 | ((c >> 6) & 0x3F));
      out[2] = (char) (0x80 | (c & 0x3F));
      return 3;
    }
  out[0] = (char) (0xF0 | (c >> 18));
  out[1] = (char) (0x80 | ((c >> 12) & 0x3F));
  out[2] = (char) (0x80 | ((c >> 6) & 0x3F));
  out[3] = (char) (0x80 | (c & 0x3F));
  return 4;
}

/* Characters written without spaces between words: each is a token. */
static int
is_cjk (uint32_t c)
{
  return (c >= 0x3040 && c <= 0x309F)                   /* hiragana */
         || (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) /* katakana */
         || (c >= 0x31F0 && c <= 0x31FF)
         || (c >= 0x3400 && c <= 0x4DBF)                /* ideographs */
         || (c >= 0x4E00 && c <= 0x9FFF)
         || (c >= 0xF900 && c <= 0xFAFF)
         || (c >= 0x20000 && c <= 0x3134F)
         || (c >= 0x1100 && c <= 0x11FF)                /* hangul */
         || (c >= 0x3130 && c <= 0x318F)
         || (c >= 0xAC00 && c <= 0xD7AF)
         || (c >= 0xFF66 && c <= 0xFF9F);               /* half-width kana */
}

/* Marks that belong to the letter before them and are dropped, so that a
 * decomposed "é" folds as the composed one does. */
static int
is_ignorable (uint32_t c)
{
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x00AD;
}

/* Characters that are neither letters nor digits: punctuation, symbols,
 * spaces and controls. Anything else outside ASCII counts as a letter. */
static int
is_separator (uint32_t c)
{
  if (c < 0x80)
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  return c == UINT32_MAX
         || c <= 0xBF || c == 0xD7 || c == 0xF7
         || (c >= 0x2000 && c <= 0x2BFF)
         || (c >= 0x2E00 && c <= 0x2E7F)
         || (c >= 0x3000 && c <= 0x303F)
         || c == 0x30FB
         || (c >= 0xE000 && c <= 0xF8FF)
         || (c >= 0xFE30 && c <= 0xFE4F)
         || (c >= 0xFF00 && c <= 0xFF0F)
         || (c >= 0xFF1A && c <= 0xFF20)
         || (c >= 0xFF3B && c <= 0xFF40)
         || (c >= 0xFF5B && c <= 0xFF65)
         || (c >= 0xFFF0 && c <= 0xFFFF)
         || (c >= 0x1F000 && c <= 0x1FAFF);
}

/* Appends the folded, lower-case form of letter or digit @c to @out. */
static size_t
fold (uint32_t  c,
      char     *out)
{
  if (c < 0x80)
    {
      out[0] = (char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      return 1;
    }
  if (c >= 0xC0 && c <= 0x17F)
    {
      size_t lo = 0, hi = sizeof (folds) / sizeof (folds[0]);

      while (lo < hi)
        {
          size_t mid = (lo + hi) / 2;

          if (folds[mid].last < c)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo < sizeof (folds) / sizeof (folds[0]) && folds[lo].first <= c)
        {
          size_t n = strlen (folds[lo].folded);

          memcpy (out, folds[lo].folded, n);
          return n;
        }
    }
  /* Full-width digits and Latin letters, as typed with a CJK keyboard. */
  if (c >= 0xFF10 && c <= 0xFF19)
    return fold (c - 0xFF10 + '0', out);
  if (c >= 0xFF21 && c <= 0xFF3A)
    return fold (c - 0xFF21 + 'a', out);
  if (c >= 0xFF41 && c <= 0xFF5A)
    return fold (c - 0xFF41 + 'a', out);
  /* Greek and Cyrillic capitals. */
  if (c >= 0x0391 && c <= 0x03AB && c != 0x03A2)
    c += 0x20;
  else if (c >= 0x0410 && c <= 0x042F)
    c += 0x20;
  else if (c >= 0x0400 && c <= 0x040F)
    c += 0x50;

  return encode (c, out);
}

void
seg_tokenize (const char   *text,
              SegTokenFunc  token,
              void         *data)
{
  const unsigned char *s = (const unsigned char *) text;
  size_t left, word_length = 0, n;
  char *word;
  /* The CJK character before, for the pairs. */
  char previous[4];
  size_t previous_length = 0;

  if (text == NULL)
    return;
  left = strlen (text);
  /* Folding never lengthens a character. */
  word = malloc (left + 1);
  if (word == NULL)
    return;

  while (left > 0)
    {
      uint32_t c = decode (s, left, &n);

      if (c != UINT32_MAX && is_ignorable (c))
        ;
      else if (c != UINT32_MAX && is_cjk (c))
        {
          char pair[8];

          if (word_length > 0)
            token (word, word_length, data);
          word_length = 0;
          token ((const char *) s, n, data);
          if (previous_length > 0)
            {
              memcpy (pair, previous, previous_length);
              memcpy (pair + previous_length, s, n);
              token (pair, previous_length + n, data);
            }
          memcpy (previous, s, n);
          previous_length = n;
        }
      else if (is_separator (c))
        {
          if (word_length > 0)
            token (word, word_length, data);
          word_length = 0;
          previous_length = 0;
        }
      else
        {
          previous_length = 0;
          word_length += fold (c, word + word_length);
        }
      s += n;
      left -= n;
    }
  if (word_length > 0)
    token (word, word_length, data);
  free (word);
}

/* ---- Terms ----------------------------------------------------------- */

/* The vocabulary: an open-addressing table of term ids over one arena of
 * term bytes. */
typedef struct
{
  char     *bytes;
  size_t    bytes_used;
  size_t    bytes_size;
  size_t   *offset;       /* of each term in bytes */
  uint32_t *length;
  size_t    n_terms;
  size_t    terms_size;
  int32_t  *slots;        /* term id + 1, 0 for empty */
  size_t    n_slots;      /* a power of 2 */
} Vocabulary;

static uint64_t
hash_bytes (const char *s,
            size_t      n)
{
  uint64_t h = 1469598103934665603ULL;

  for (size_t k = 0; k < n; k++)
    {
      h ^= (unsigned char) s[k];
      h *= 1099511628211ULL;
    }

  return h;
}

static void
vocabulary_clear (Vocabulary *v)
{
  free (v->bytes);
  free (v->offset);
  free (v->length);
  free (v->slots);
  memset (v, 0, sizeof (*v));
}

/* The id of a term, or -1 when it is not known. */
static int32_t
vocabulary_find (const Vocabulary *v,
                 const char       *s,
                 size_t            n)
{
  size_t mask = v->n_slots - 1;

  if (v->n_slots == 0)
    return -1;
  for (size_t at = hash_bytes (s, n) & mask;; at = (at + 1) & mask)
    {
      int32_t id = v->slots[at] - 1;

      if (id < 0)
        return -1;
      if (v->length[id] == n && memcmp (v->bytes + v->offset[id], s, n) == 0)
        return id;
    }
}

static int
vocabulary_grow_slots (Vocabulary *v)
{
  size_t n_slots = v->n_slots > 0 ? v->n_slots * 2 : 1024;
  int32_t *slots = calloc (n_slots, sizeof (int32_t));

  if (slots == NULL)
    return -2;
  for (size_t id = 0; id < v->n_terms; id++)
    {
      size_t at = hash_bytes (v->bytes + v->offset[id], v->length[id]) & (n_slots - 1);

      while (slots[at] != 0)
        at = (at + 1) & (n_slots - 1);
      slots[at] = (int32_t) id + 1;
    }
  free (v->slots);
  v->slots = slots;
  v->n_slots = n_slots;

  return 0;
}

/* The id of a term, added when new; -2 when out of memory. */
static int32_t
vocabulary_add (Vocabulary *v,
                const char *s,
                size_t      n)
{
  int32_t id = vocabulary_find (v, s, n);
  size_t at;

  if (id >= 0)
    return id;
  if ((v->n_terms + 1) * 2 > v->n_slots && vocabulary_grow_slots (v) != 0)
    return -2;
  if (v->n_terms == v->terms_size)
    {
      size_t size = v->terms_size > 0 ? v->terms_size * 2 : 1024;
      size_t *offset = realloc (v->offset, size * sizeof (size_t));
      uint32_t *length;

      if (offset == NULL)
        return -2;
      v->offset = offset;
      length = realloc (v->length, size * sizeof (uint32_t));
      if (length == NULL)
        return -2;
      v->length = length;
      v->terms_size = size;
    }
  if (v->bytes_used + n > v->bytes_size)
    {
      size_t size = (v->bytes_size + n) * 2 + 4096;
      char *bytes = realloc (v->bytes, size);

      if (bytes == NULL)
        return -2;
      v->bytes = bytes;
      v->bytes_size = size;
    }
  memcpy (v->bytes + v->bytes_used, s, n);
  v->offset[v->n_terms] = v->bytes_used;
  v->length[v->n_terms] = (uint32_t) n;
  v->bytes_used += n;
  id = (int32_t) v->n_terms++;
  for (at = hash_bytes (s, n) & (v->n_slots - 1); v->slots[at] != 0; at = (at + 1) & (v->n_slots - 1))
    ;
  v->slots[at] = id + 1;

  return id;
}

/* ---- The model ------------------------------------------------------- */

struct _SegTfidf
{
  size_t      n_items;
  Vocabulary  vocabulary;
  /* Item vectors, by ascending term id. */
  int64_t    *vec_ptr;
  int32_t    *vec_term;
  double     *vec_weight;
  /* Kept neighbours, most similar first. */
  int64_t    *nb_ptr;
  int32_t    *nb_idx;
  double     *nb_sim;
};

void
seg_tfidf_options_init (SegTfidfOptions *options)
{
  options->neighbours = 50;
  options->min_df = 1;
}

void
seg_tfidf_free (SegTfidf *model)
{
  if (model == NULL)
    return;
  vocabulary_clear (&model->vocabulary);
  free (model->vec_ptr);
  free (model->vec_term);
  free (model->vec_weight);
  free (model->nb_ptr);
  free (model->nb_idx);
  free (model->nb_sim);
  free (model);
}

/* The term ids of one text, as the tokenizer finds them. */
typedef struct
{
  Vocabulary *vocabulary;
  int32_t    *ids;
  size_t      n;
  size_t      size;
  int         failed;
} Collect;

static void
collect_token (const char *token,
               size_t      length,
               void       *data)
{
  Collect *collect = data;
  int32_t id;

  if (collect->failed)
    return;
  id = vocabulary_add (collect->vocabulary, token, length);
  if (id < 0)
    {
      collect->failed = 1;
      return;
    }
  if (collect->n == collect->size)
    {
      size_t size = collect->size > 0 ? collect->size * 2 : 256;
      int32_t *ids = realloc (collect->ids, size * sizeof (int32_t));

      if (ids == NULL)
        {
          collect->failed = 1;
          return;
        }
      collect->ids = ids;
      collect->size = size;
    }
  collect->ids[collect->n++] = id;
}

static int
compare_ids (const void *a,
             const void *b)
{
  int32_t x = *(const int32_t *) a, y = *(const int32_t *) b;

  return (x > y) - (x < y);
}

/* Counts every item's terms into the vectors (raw counts for now). */
static int
count_terms (SegTfidf          *model,
             const char *const *texts)
{
  Collect collect = { &model->vocabulary, NULL, 0, 0, 0 };
  size_t used = 0, size = 1024;

  model->vec_ptr = malloc ((model->n_items + 1) * sizeof (int64_t));
  model->vec_term = malloc (size * sizeof (int32_t));
  model->vec_weight = malloc (size * sizeof (double));
  if (model->vec_ptr == NULL || model->vec_term == NULL || model->vec_weight == NULL)
    return -2;

  for (size_t i = 0; i < model->n_items; i++)
    {
      model->vec_ptr[i] = (int64_t) used;
      collect.n = 0;
      seg_tokenize (texts[i], collect_token, &collect);
      if (collect.failed)
        {
          free (collect.ids);
          return -2;
        }
      qsort (collect.ids, collect.n, sizeof (int32_t), compare_ids);
      if (used + collect.n > size)
        {
          size_t grown = (used + collect.n) * 2;
          int32_t *terms = realloc (model->vec_term, grown * sizeof (int32_t));
          double *weights;

          if (terms == NULL)
            {
              free (collect.ids);
              return -2;
            }
          model->vec_term = terms;
          weights = realloc (model->vec_weight, grown * sizeof (double));
          if (weights == NULL)
            {
              free (collect.ids);
              return -2;
            }
          model->vec_weight = weights;
          size = grown;
        }
      for (size_t k = 0; k < collect.n; k++)
        {
          if (k > 0 && collect.ids[k] == collect.ids[k - 1])
            model->vec_weight[used - 1] += 1.0;
          else
            {
              model->vec_term[used] = collect.ids[k];
              model->vec_weight[used] = 1.0;
              used++;
            }
        }
    }
  model->vec_ptr[model->n_items] = (int64_t) used;
  free (collect.ids);

  return 0;
}

/* Turns the counts into l2-normalised TF-IDF weights, dropping terms in
 * fewer than min_df items. */
static int
weigh_terms (SegTfidf              *model,
             const SegTfidfOptions *options)
{
  size_t n_terms = model->vocabulary.n_terms;
  double *idf = calloc (n_terms + 1, sizeof (double));
  size_t at = 0;

  if (idf == NULL)
    return -2;
  for (int64_t k = 0; k < model->vec_ptr[model->n_items]; k++)
    idf[model->vec_term[k]] += 1.0;
  for (size_t t = 0; t < n_terms; t++)
    idf[t] = idf[t] >= (double) options->min_df && idf[t] > 0
               ? log ((1.0 + (double) model->n_items) / (1.0 + idf[t])) + 1.0
               : 0.0;

  for (size_t i = 0; i < model->n_items; i++)
    {
      int64_t from = model->vec_ptr[i], to = model->vec_ptr[i + 1];
      size_t start = at;
      double norm = 0.0;

      model->vec_ptr[i] = (int64_t) start;
      for (int64_t k = from; k < to; k++)
        {
          int32_t t = model->vec_term[k];

          if (idf[t] == 0.0)
            continue;
          model->vec_term[at] = t;
          model->vec_weight[at] = (1.0 + log (model->vec_weight[k])) * idf[t];
          norm += model->vec_weight[at] * model->vec_weight[at];
          at++;
        }
      norm = sqrt (norm);
      for (size_t k = start; k < at; k++)
        model->vec_weight[k] /= norm;
    }
  model->vec_ptr[model->n_items] = (int64_t) at;
  free (idf);

  return 0;
}

/* The kept neighbours of every item, through the items of each term. */
static int
find_neighbours (SegTfidf              *model,
                 const SegTfidfOptions *options,
                 const SegMonitor      *monitor)
{
  size_t n_items = model->n_items, n_terms = model->vocabulary.n_terms;
  size_t cap = options->neighbours > 0 ? options->neighbours : n_items;
  int64_t nnz = model->vec_ptr[n_items];
  int64_t *post_ptr = calloc (n_terms + 2, sizeof (int64_t));
  int32_t *post_item = malloc ((size_t) (nnz + 1) * sizeof (int32_t));
  double *post_weight = malloc ((size_t) (nnz + 1) * sizeof (double));
  SegCandidate **lists = calloc (n_items + 1, sizeof (SegCandidate *));
  size_t *list_sizes = calloc (n_items + 1, sizeof (size_t));
  SegStage stage;
  int failed = 0;

  if (post_ptr == NULL || post_item == NULL || post_weight == NULL || lists == NULL || list_sizes == NULL)
    failed = -2;
  else
    {
      for (int64_t k = 0; k < nnz; k++)
        post_ptr[model->vec_term[k] + 2]++;
      for (size_t t = 0; t < n_terms; t++)
        post_ptr[t + 2] += post_ptr[t + 1];
      for (size_t i = 0; i < n_items; i++)
        for (int64_t k = model->vec_ptr[i]; k < model->vec_ptr[i + 1]; k++)
          {
            int64_t at = post_ptr[model->vec_term[k] + 1]++;

            post_item[at] = (int32_t) i;
            post_weight[at] = model->vec_weight[k];
          }
    }

  seg_stage_init (&stage, monitor, 0.2, 1.0, n_items);

#pragma omp parallel if (failed == 0)
  {
    double *dot = calloc (n_items + 1, sizeof (double));
    int32_t *touched = malloc ((n_items + 1) * sizeof (int32_t));
    SegCandidate *heap = malloc ((cap + 1) * sizeof (SegCandidate));
    int mine_failed = dot == NULL || touched == NULL || heap == NULL;

    if (mine_failed)
      {
#pragma omp atomic write
        failed = -2;
      }

#pragma omp for schedule(dynamic, 16)
    for (size_t i = 0; i < n_items; i++)
      {
        size_t n_touched = 0, n_kept = 0;
        int stop;

#pragma omp atomic read
        stop = failed;
        if (stop != 0 || mine_failed)
          continue;

        for (int64_t k = model->vec_ptr[i]; k < model->vec_ptr[i + 1]; k++)
          {
            int32_t t = model->vec_term[k];
            double w = model->vec_weight[k];

            for (int64_t l = post_ptr[t]; l < post_ptr[t + 1]; l++)
              {
                int32_t j = post_item[l];

                if ((size_t) j == i)
                  continue;
                if (dot[j] == 0.0)
                  touched[n_touched++] = j;
                dot[j] += w * post_weight[l];
              }
          }
        for (size_t t = 0; t < n_touched; t++)
          {
            SegCandidate c = { dot[touched[t]], touched[t] };

            if (c.sim > 0)
              seg_candidate_offer (heap, &n_kept, cap, &c);
            dot[touched[t]] = 0.0;
          }
        if (n_kept > 0)
          {
            SegCandidate *list = malloc (n_kept * sizeof (SegCandidate));

            if (list == NULL)
              {
#pragma omp atomic write
                failed = -2;
                continue;
              }
            memcpy (list, heap, n_kept * sizeof (SegCandidate));
            qsort (list, n_kept, sizeof (SegCandidate), seg_candidate_compare);
            lists[i] = list;
            list_sizes[i] = n_kept;
          }
        if (seg_stage_step (&stage, 1) != 0)
          {
#pragma omp atomic write
            failed = -1;
          }
      }

    free (dot);
    free (touched);
    free (heap);
  }

  if (failed == 0)
    {
      size_t total = 0, at = 0;

      for (size_t i = 0; i < n_items; i++)
        total += list_sizes[i];
      model->nb_ptr = malloc ((n_items + 1) * sizeof (int64_t));
      model->nb_idx = malloc ((total + 1) * sizeof (int32_t));
      model->nb_sim = malloc ((total + 1) * sizeof (double));
      if (model->nb_ptr == NULL || model->nb_idx == NULL || model->nb_sim == NULL)
        failed = -2;
      else
        {
          for (size_t i = 0; i < n_items; i++)
            {
              model->nb_ptr[i] = (int64_t) at;
              for (size_t k = 0; k < list_sizes[i]; k++, at++)
                {
                  model->nb_idx[at] = lists[i][k].idx;
                  model->nb_sim[at] = lists[i][k].sim;
                }
            }
          model->nb_ptr[n_items] = (int64_t) at;
        }
    }

  if (lists != NULL)
    for (size_t i = 0; i < n_items; i++)
      free (lists[i]);
  free (lists);
  free (list_sizes);
  free (post_ptr);
  free (post_item);
  free (post_weight);

  return failed;
}

SegTfidf *
seg_tfidf_fit (const char *const     *texts,
               size_t                 n_items,
               const SegTfidfOptions *options,
               const SegMonitor      *monitor,
               int                   *rc)
{
  SegTfidfOptions defaults;
  SegTfidf *model;

  if (options == NULL)
    {
      seg_tfidf_options_init (&defaults);
      options = &defaults;
    }
  *rc = 0;
  if (texts == NULL || n_items == 0 || n_items > INT32_MAX)
    {
      *rc = -3;
      return NULL;
    }
  model = calloc (1, sizeof (SegTfidf));
  if (model == NULL)
    {
      *rc = -2;
      return NULL;
    }
  model->n_items = n_items;

  *rc = count_terms (model, texts);
  if (*rc == 0)
    *rc = weigh_terms (model, options);
  if (*rc == 0 && seg_monitor_report (monitor, 0.2))
    *rc = -1;
  if (*rc == 0)
    *rc = find_neighbours (model, options, monitor);
  if (*rc != 0)
    {
      seg_tfidf_free (model);
      return NULL;
    }

  return model;
}

double
seg_tfidf_cosine (const SegTfidf *model,
                  size_t          a,
                  size_t          b)
{
  int64_t p, q, p_end, q_end;
  double dot = 0.0;

  if (a >= model->n_items || b >= model->n_items)
    return 0.0;
  p = model->vec_ptr[a];
  p_end = model->vec_ptr[a + 1];
  q = model->vec_ptr[b];
  q_end = model->vec_ptr[b + 1];
  while (p < p_end && q < q_end)
    {
      if (model->vec_term[p] < model->vec_term[q])
        p++;
      else if (model->vec_term[p] > model->vec_term[q])
        q++;
      else
        dot += model->vec_weight[p++] * model->vec_weight[q++];
    }

  return dot;
}

double
seg_tfidf_weight (const SegTfidf *model,
                  size_t          item,
                  const char     *term)
{
  int32_t id;

  if (item >= model->n_items || term == NULL)
    return 0.0;
  id = vocabulary_find (&model->vocabulary, term, strlen (term));
  if (id < 0)
    return 0.0;
  for (int64_t k = model->vec_ptr[item]; k < model->vec_ptr[item + 1]; k++)
    if (model->vec_term[k] == id)
      return model->vec_weight[k];

  return 0.0;
}

size_t
seg_tfidf_n_terms (const SegTfidf *model)
{
  return model->vocabulary.n_terms;
}

size_t
seg_tfidf_neighbours (const SegTfidf *model,
                      size_t          item,
                      const int32_t **indices,
                      const double  **similarities)
{
  if (item >= model->n_items)
    {
      *indices = NULL;
      *similarities = NULL;
      return 0;
    }
  *indices = model->nb_idx + model->nb_ptr[item];
  *similarities = model->nb_sim + model->nb_ptr[item];

  return (size_t) (model->nb_ptr[item + 1] - model->nb_ptr[item]);
}

static void
tfidf_score (const void            *data,
             const SegInteractions *train,
             size_t                 user,
             double                *scores,
             void                  *scratch)
{
  const SegTfidf *model = data;

  (void) scratch;
  memset (scores, 0, train->n_items * sizeof (double));
  if (user >= train->n_users)
    return;
  for (int64_t k = train->row_ptr[user]; k < train->row_ptr[user + 1]; k++)
    {
      size_t j = (size_t) train->row_items[k];
      double value = train->row_values[k];

      if (j >= model->n_items)
        continue;
      for (int64_t l = model->nb_ptr[j]; l < model->nb_ptr[j + 1]; l++)
        if ((size_t) model->nb_idx[l] < train->n_items)
          scores[model->nb_idx[l]] += value * model->nb_sim[l];
    }
}

static double
tfidf_similarity (const void *model,
                  size_t      from,
                  size_t      to)
{
  return seg_tfidf_cosine (model, from, to);
}

void
seg_tfidf_scorer (const SegTfidf *model,
                  SegScorer      *scorer)
{
  scorer->model = model;
  scorer->scratch_bytes = 0;
  scorer->score = tfidf_score;
  scorer->similarity = tfidf_similarity;
}
