/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "seg-interactions.h"
#include "seg-progress.h"
#include "seg-recommend.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Content-based recommendations: items are alike when their texts (name,
 * description) share words. Each item's text becomes a TF-IDF vector as
 * scikit-learn's TfidfVectorizer makes it with sublinear_tf, smooth_idf
 * and the l2 norm:
 *   w(t, i) = (1 + ln tf(t, i)) · (ln ((1 + n) / (1 + df(t))) + 1),
 * then each vector divided by its length; two items' similarity is the
 * cosine (the dot product) of their vectors.
 *
 * Tokens: Latin (and other alphabetic) text is split on anything that is
 * not a letter or a digit, lower-cased, with accents folded (é → e,
 * ß → ss, œ → oe); Chinese, Japanese and Korean characters (ideographs,
 * kana, hangul) give one token each, and each two adjacent ones give one
 * more (龙井茶 → 龙, 井, 茶, 龙井, 井茶).
 */

/* Calls @token (@length bytes of UTF-8, not NUL-terminated) for each token
 * of @text, in order. Invalid UTF-8 bytes separate tokens. */
typedef void (*SegTokenFunc) (const char *token,
                              size_t      length,
                              void       *data);

void seg_tokenize (const char   *text,
                   SegTokenFunc  token,
                   void         *data);

typedef struct
{
  size_t neighbours;   /* most similar items kept per item, default 50 */
  size_t min_df;       /* terms in fewer items are dropped, default 1 */
} SegTfidfOptions;

void seg_tfidf_options_init (SegTfidfOptions *options);

typedef struct _SegTfidf SegTfidf;

/* Builds the item vectors from texts[n_items] (UTF-8, NULL for none) and
 * each item's most similar items, on every core; the result does not
 * depend on their number. Returns NULL and sets *rc to -1 when cancelled,
 * -2 when out of memory, -3 for bad input (no items). */
SegTfidf *seg_tfidf_fit     (const char *const     *texts,
                             size_t                 n_items,
                             const SegTfidfOptions *options,
                             const SegMonitor      *monitor,
                             int                   *rc);

/* score(u, i) = Σ over the customer's items j of x_uj · cos(j, i), over
 * j's kept neighbours; an item with no sales gets a score as soon as its
 * text is like that of something the customer bought. similarity (for
 * reasons) is the exact cos(from, to). */
void      seg_tfidf_scorer  (const SegTfidf        *model,
                             SegScorer             *scorer);

/* The cosine of two items' vectors. */
double    seg_tfidf_cosine  (const SegTfidf        *model,
                             size_t                 a,
                             size_t                 b);

/* The weight of @term (UTF-8, as the tokenizer gives it) in @item's
 * vector; 0 when absent. */
double    seg_tfidf_weight  (const SegTfidf        *model,
                             size_t                 item,
                             const char            *term);

size_t    seg_tfidf_n_terms (const SegTfidf        *model);

/* The kept neighbours of @item, most similar first (ties to the lower
 * index); returns their number. */
size_t    seg_tfidf_neighbours (const SegTfidf     *model,
                                size_t              item,
                                const int32_t     **indices,
                                const double      **similarities);

void      seg_tfidf_free    (SegTfidf              *model);

#ifdef __cplusplus
}
#endif
