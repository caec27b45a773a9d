/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-itemsets.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The kernel counts in 32 bits: baskets, items and tree nodes. */
#define MAX_COUNT ((size_t) G_MAXUINT32 - 1)
/* Emitted itemsets are added to the shared tally in batches this big. */
#define TALLY_BATCH 256
/* Pair counts for Apriori's second level live in a triangle while it
 * takes no more than this many bytes; past it they come from bitsets. */
#define PAIR_TRIANGLE_BYTES ((size_t) 256 << 20)
/* The frequent pairs, for pruning the third level, as a bitmap up to
 * this size. */
#define PAIR_BITMAP_BYTES ((size_t) 32 << 20)
/* A counting pass that looks for the support to suggest goes on past
 * the limit up to this many times it, to measure the overshoot. */
#define ESTIMATE_REACH 16
/* Smaller jobs run on one thread: waking the second costs more. */
#define PARALLEL_NODES 65536
#define PARALLEL_WORDS ((size_t) 1 << 26)

struct SegItemsetResult
{
  size_t      n_baskets;
  size_t      n_items;
  size_t     *item_counts;   /* n_items */
  uint32_t   *item_pool;     /* the items of every itemset */
  SegItemset *itemsets;
  size_t      n_itemsets;
  uint32_t   *lhs_pool;      /* the left-hand sides of every rule */
  SegRule    *rules;
  size_t      n_rules;
};

void
seg_itemsets_params_init (SegItemsetsParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->algorithm = SEG_ITEMSETS_FPGROWTH;
  params->min_support = 0.01;
  params->min_count = 0;
  params->min_length = 1;
  params->max_length = 10;
  params->min_confidence = 0.8;
  params->rhs_items = NULL;
  params->n_rhs_items = 0;
  params->filter = SEG_ITEMSETS_ALL;
  params->correction = SEG_CORRECTION_NONE;
  params->max_itemsets = 0;
  params->max_bytes = (size_t) 1 << 30;
}

/* ------------------------------------------------------------------ */
/* Mined itemsets, as ranks, before they become a result. */

typedef struct
{
  size_t   offset;   /* into the pool's items */
  uint32_t length;
  uint32_t count;
} Entry;

typedef struct
{
  GArray *items;     /* uint32_t */
  GArray *entries;   /* Entry */
} Pool;

static void
pool_init (Pool *pool)
{
  pool->items = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  pool->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
}

static void
pool_clear (Pool *pool)
{
  g_clear_pointer (&pool->items, g_array_unref);
  g_clear_pointer (&pool->entries, g_array_unref);
}

static void
pool_add (Pool           *pool,
          const uint32_t *items,
          uint32_t        length,
          uint32_t        count)
{
  Entry entry = { pool->items->len, length, count };

  g_array_append_vals (pool->items, items, length);
  g_array_append_val (pool->entries, entry);
}

/* A stable merge sort of @Type with an inline comparison @before (a, b,
 * context): GLib's sorts call a function for every comparison and copy
 * elements byte-wise, which dominated the time on small data. */
#define DEFINE_MERGE_SORT(name, Type, Context, before)                    \
  static void                                                             \
  name##_merge (Type *items, Type *spare, size_t n, Context context)      \
  {                                                                       \
    size_t half = n / 2, i = 0, j = half, k = 0;                          \
                                                                          \
    if (n < 16)                                                           \
      {                                                                   \
        for (size_t a = 1; a < n; a++)                                    \
          {                                                               \
            Type item = items[a];                                         \
            size_t b = a;                                                 \
                                                                          \
            for (; b > 0 && before (&item, &items[b - 1], context); b--)  \
              items[b] = items[b - 1];                                    \
            items[b] = item;                                              \
          }                                                               \
        return;                                                           \
      }                                                                   \
    name##_merge (items, spare, half, context);                           \
    name##_merge (items + half, spare, n - half, context);                \
    if (!before (&items[half], &items[half - 1], context))                \
      return;                                                             \
    memcpy (spare, items, half * sizeof (Type));                          \
    while (i < half && j < n)                                             \
      items[k++] = before (&items[j], &spare[i], context)                 \
        ? items[j++] : spare[i++];                                        \
    while (i < half)                                                      \
      items[k++] = spare[i++];                                            \
  }                                                                       \
                                                                          \
  static void                                                             \
  name (Type *items, size_t n, Context context)                           \
  {                                                                       \
    Type *spare = n >= 16 ? g_new (Type, n / 2 + 1) : NULL;               \
                                                                          \
    name##_merge (items, spare, n, context);                              \
    g_free (spare);                                                       \
  }

static inline int
compare_items (const uint32_t *a,
               size_t          la,
               const uint32_t *b,
               size_t          lb)
{
  for (size_t k = 0; k < la && k < lb; k++)
    if (a[k] != b[k])
      return a[k] < b[k] ? -1 : 1;
  return (la > lb) - (la < lb);
}

/* What every miner shares: the frequent items, the thresholds and the
 * guards. Items are ranks: 0 is the most frequent item. */
typedef struct
{
  size_t            n_baskets;
  uint32_t          n_frequent;
  uint32_t         *rank_count;   /* n_frequent */
  const size_t     *offsets;      /* the baskets as ascending ranks */
  const uint32_t   *ranks;
  uint32_t          min_count;
  size_t            max_length;   /* 0: no limit */
  size_t            limit;        /* stop past this many itemsets */
  size_t            max_bytes;
  double            apriori_bytes;  /* > 0: what Apriori would need, refused */
  gboolean          store;
  SegStage          stage;
  size_t            tally;        /* itemsets found, in batches */
  size_t            tally_items;  /* and the items in them */
  int               stop;         /* cancelled, or past the limit */
  gboolean          overflow;
} Miner;

typedef struct Scratch Scratch;

/* One thread's part of a mine. */
typedef struct
{
  Miner  *miner;
  Pool    pool;
  size_t  pending;
  size_t  pending_items;
  Scratch *scratch;   /* FP-growth's */
} Worker;

static inline gboolean
miner_stopped (Miner *miner)
{
  int stop;

#pragma omp atomic read
  stop = miner->stop;
  return stop != 0;
}

static void
worker_flush (Worker *worker)
{
  Miner *miner = worker->miner;
  size_t tally;

  if (worker->pending == 0)
    return;
#pragma omp atomic capture
  {
    miner->tally += worker->pending;
    tally = miner->tally;
  }
#pragma omp atomic update
  miner->tally_items += worker->pending_items;
  worker->pending = 0;
  worker->pending_items = 0;
  if (miner->stage.monitor != NULL && miner->stage.monitor->cancel != NULL &&
      *miner->stage.monitor->cancel)
    {
#pragma omp atomic write
      miner->stop = 1;
    }
  if (tally > miner->limit)
    {
#pragma omp atomic write
      miner->overflow = TRUE;
#pragma omp atomic write
      miner->stop = 1;
    }
}

/* Records one frequent itemset; FALSE once the mine should stop. */
static inline gboolean
worker_emit (Worker         *worker,
             const uint32_t *items,
             uint32_t        length,
             uint32_t        count)
{
  if (worker->miner->store)
    pool_add (&worker->pool, items, length, count);
  worker->pending_items += length;
  if (++worker->pending >= TALLY_BATCH)
    {
      worker_flush (worker);
      return !miner_stopped (worker->miner);
    }
  return TRUE;
}

static inline gboolean
room_for (const Miner *miner,
          size_t       length)
{
  return miner->max_length == 0 || length <= miner->max_length;
}

/* ------------------------------------------------------------------ */
/* FP-growth. A tree holds weighted paths of local items in ascending
 * order (local items keep the order of the ranks); node 0 is the root.
 * The tree and its arrays are one block. */

typedef struct
{
  uint32_t  n_local;
  uint32_t *rank;      /* n_local: the rank of each local item */
  uint32_t *support;   /* n_local */
  uint32_t *head;      /* n_local: the item's first node, 0 for none */
  size_t    n_nodes;
  uint32_t *item;
  uint32_t *count;
  uint32_t *parent;
  uint32_t *next;      /* the next node of the same item */
  gboolean  single_path;
} FpTree;

static void
fp_tree_free (FpTree *tree)
{
  g_free (tree);
}

/* One weighted path of local items, in the scratch's items. */
typedef struct
{
  size_t   offset;
  uint32_t length;
  uint32_t weight;
} Path;

/* A thread's buffers for building trees, used again for every tree:
 * paths are only needed until their tree is built. */
struct Scratch
{
  GArray   *items;    /* uint32_t */
  GArray   *paths;    /* Path */
  uint32_t *count;    /* n_frequent, zero between uses */
  uint32_t *local;    /* n_frequent */
  uint32_t *rank;     /* n_frequent */
  uint32_t *support;  /* n_frequent */
  uint32_t *stack;    /* n_frequent + 1 */
};

static void
scratch_init (Scratch *scratch,
              uint32_t n_frequent)
{
  scratch->items = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  scratch->paths = g_array_new (FALSE, FALSE, sizeof (Path));
  scratch->count = g_new0 (uint32_t, (size_t) n_frequent + 1);
  scratch->local = g_new (uint32_t, (size_t) n_frequent + 1);
  scratch->rank = g_new (uint32_t, (size_t) n_frequent + 1);
  scratch->support = g_new (uint32_t, (size_t) n_frequent + 1);
  scratch->stack = g_new (uint32_t, (size_t) n_frequent + 1);
}

static void
scratch_clear (Scratch *scratch)
{
  g_clear_pointer (&scratch->items, g_array_unref);
  g_clear_pointer (&scratch->paths, g_array_unref);
  g_clear_pointer (&scratch->count, g_free);
  g_clear_pointer (&scratch->local, g_free);
  g_clear_pointer (&scratch->rank, g_free);
  g_clear_pointer (&scratch->support, g_free);
  g_clear_pointer (&scratch->stack, g_free);
}

static inline gboolean
path_before (const Path     *a,
             const Path     *b,
             const uint32_t *items)
{
  return compare_items (items + a->offset, a->length, items + b->offset, b->length) < 0;
}

DEFINE_MERGE_SORT (sort_paths, Path, const uint32_t *, path_before)

/* Builds the tree of the scratch's paths over @items: sorted, each path
 * shares with the one before it exactly the nodes of their common
 * prefix. */
static FpTree *
fp_tree_new (Scratch        *scratch,
             const uint32_t *items,
             size_t          n_items,
             gboolean        sorted,
             uint32_t        n_local,
             const uint32_t *rank,
             const uint32_t *support)
{
  Path *paths = (Path *) (void *) scratch->paths->data;
  size_t n_paths = scratch->paths->len, capacity = n_items + 1;
  size_t locals = MAX (n_local, 1);
  FpTree *tree;
  uint32_t *block;
  const uint32_t *previous = NULL;
  size_t previous_length = 0;
  uint32_t *stack = scratch->stack;

  if (!sorted)
    sort_paths (paths, n_paths, items);

  tree = g_malloc (sizeof (FpTree) + sizeof (uint32_t) * (3 * locals + 4 * capacity));
  block = (uint32_t *) (tree + 1);
  tree->n_local = n_local;
  tree->rank = block;
  tree->support = block + locals;
  tree->head = block + 2 * locals;
  tree->item = block + 3 * locals;
  tree->count = tree->item + capacity;
  tree->parent = tree->count + capacity;
  tree->next = tree->parent + capacity;
  memcpy (tree->rank, rank, sizeof (uint32_t) * n_local);
  memcpy (tree->support, support, sizeof (uint32_t) * n_local);
  memset (tree->head, 0, sizeof (uint32_t) * locals);
  tree->item[0] = G_MAXUINT32;
  tree->count[0] = 0;
  tree->parent[0] = 0;
  tree->next[0] = 0;
  tree->n_nodes = 1;

  for (size_t p = 0; p < n_paths; p++)
    {
      const uint32_t *sequence = items + paths[p].offset;
      size_t length = paths[p].length;
      uint32_t weight = paths[p].weight;
      size_t common = 0;

      while (common < length && common < previous_length && previous[common] == sequence[common])
        common++;
      for (size_t d = 0; d < common; d++)
        tree->count[stack[d]] += weight;
      for (size_t d = common; d < length; d++)
        {
          uint32_t node = (uint32_t) tree->n_nodes++;
          uint32_t item = sequence[d];

          tree->item[node] = item;
          tree->count[node] = weight;
          tree->parent[node] = d > 0 ? stack[d - 1] : 0;
          tree->next[node] = tree->head[item];
          tree->head[item] = node;
          stack[d] = node;
        }
      previous = sequence;
      previous_length = length;
    }

  tree->single_path = TRUE;
  for (size_t node = 1; node < tree->n_nodes; node++)
    if (tree->parent[node] != node - 1)
      {
        tree->single_path = FALSE;
        break;
      }

  g_array_set_size (scratch->items, 0);
  g_array_set_size (scratch->paths, 0);
  return tree;
}

static inline void
scratch_add_path (Scratch  *scratch,
                  size_t    start,
                  size_t    length,
                  uint32_t  weight)
{
  Path path = { start, (uint32_t) length, weight };

  g_array_append_val (scratch->paths, path);
}

/* The tree of every basket, over the frequent items. */
static FpTree *
fp_tree_of_baskets (const Miner *miner,
                    Scratch     *scratch)
{
  uint32_t n = miner->n_frequent;
  g_autofree uint32_t *rank = g_new (uint32_t, MAX (n, 1));
  g_autofree size_t *bucket = g_new0 (size_t, (size_t) n + 2);
  Path *paths;
  size_t n_paths = 0;

  for (uint32_t r = 0; r < n; r++)
    rank[r] = r;

  /* The baskets themselves are the paths, put in order of their first
   * item by counting, then sorted within each first item. */
  for (size_t b = 0; b < miner->n_baskets; b++)
    if (miner->offsets[b] < miner->offsets[b + 1])
      {
        bucket[miner->ranks[miner->offsets[b]] + 2]++;
        n_paths++;
      }
  for (size_t r = 2; r < (size_t) n + 2; r++)
    bucket[r] += bucket[r - 1];
  g_array_set_size (scratch->paths, n_paths);
  paths = (Path *) (void *) scratch->paths->data;
  for (size_t b = 0; b < miner->n_baskets; b++)
    {
      size_t from = miner->offsets[b], to = miner->offsets[b + 1];

      if (from < to)
        {
          Path path = { from, (uint32_t) (to - from), 1 };

          paths[bucket[miner->ranks[from] + 1]++] = path;
        }
    }
  /* Now bucket[r] is where first item r starts. */
  for (uint32_t r = 0; r < n; r++)
    sort_paths (paths + bucket[r], bucket[r + 1] - bucket[r], miner->ranks);

  return fp_tree_new (scratch, miner->ranks, miner->n_baskets > 0 ? miner->offsets[miner->n_baskets] : 0,
                      TRUE, n, rank, miner->rank_count);
}

/* The tree of the baskets that hold local item @item, over the items
 * before it that are frequent among them; NULL when there are none. */
static FpTree *
fp_tree_conditional (const FpTree *tree,
                     uint32_t      item,
                     uint32_t      min_count,
                     Scratch      *scratch)
{
  uint32_t *count = scratch->count, *local = scratch->local;
  uint32_t *rank = scratch->rank, *support = scratch->support;
  uint32_t n_local = 0, *items;
  size_t visits = 0, filled = 0;

  for (uint32_t node = tree->head[item]; node != 0; node = tree->next[node])
    for (uint32_t up = tree->parent[node]; up != 0; up = tree->parent[up])
      {
        count[tree->item[up]] += tree->count[node];
        visits++;
      }

  for (uint32_t i = 0; i < item; i++)
    {
      if (count[i] >= min_count)
        {
          rank[n_local] = tree->rank[i];
          support[n_local] = count[i];
          local[i] = n_local++;
        }
      else
        local[i] = G_MAXUINT32;
      count[i] = 0;
    }
  if (n_local == 0)
    return NULL;

  g_array_set_size (scratch->items, visits);
  items = (uint32_t *) (void *) scratch->items->data;
  for (uint32_t node = tree->head[item]; node != 0; node = tree->next[node])
    {
      size_t start = filled;

      for (uint32_t up = tree->parent[node]; up != 0; up = tree->parent[up])
        if (local[tree->item[up]] != G_MAXUINT32)
          items[filled++] = local[tree->item[up]];
      if (filled == start)
        continue;
      /* Walked leaf to root: turn the path round to ascending. */
      for (size_t i = start, j = filled - 1; i < j; i++, j--)
        {
          uint32_t swap = items[i];

          items[i] = items[j];
          items[j] = swap;
        }
      scratch_add_path (scratch, start, filled - start, tree->count[node]);
    }
  return fp_tree_new (scratch, items, filled, FALSE, n_local, rank, support);
}

/* Every non-empty subset of a single path, after the prefix. Counts
 * fall along the path, so a subset's count is its deepest node's. */
static gboolean
fp_single_path (Worker       *worker,
                const FpTree *tree,
                size_t        first,
                uint32_t     *prefix,
                size_t        length)
{
  for (size_t node = first; node < tree->n_nodes; node++)
    {
      prefix[length] = tree->rank[tree->item[node]];
      if (!worker_emit (worker, prefix, (uint32_t) length + 1, tree->count[node]))
        return FALSE;
      if (room_for (worker->miner, length + 2) &&
          !fp_single_path (worker, tree, node + 1, prefix, length + 1))
        return FALSE;
    }
  return TRUE;
}

static gboolean fp_grow (Worker       *worker,
                         const FpTree *tree,
                         uint32_t     *prefix,
                         size_t        length);

/* The itemsets that end in local item @item of @tree. */
static gboolean
fp_grow_item (Worker       *worker,
              const FpTree *tree,
              uint32_t      item,
              uint32_t     *prefix,
              size_t        length)
{
  Miner *miner = worker->miner;
  FpTree *conditional;
  gboolean go_on = TRUE;

  prefix[length] = tree->rank[item];
  if (!worker_emit (worker, prefix, (uint32_t) length + 1, tree->support[item]))
    return FALSE;
  if (!room_for (miner, length + 2))
    return TRUE;
  conditional = fp_tree_conditional (tree, item, miner->min_count, worker->scratch);
  if (conditional != NULL)
    go_on = fp_grow (worker, conditional, prefix, length + 1);
  fp_tree_free (conditional);

  return go_on;
}

static gboolean
fp_grow (Worker       *worker,
         const FpTree *tree,
         uint32_t     *prefix,
         size_t        length)
{
  if (miner_stopped (worker->miner))
    return FALSE;
  if (tree->single_path)
    return fp_single_path (worker, tree, 1, prefix, length);

  for (uint32_t item = tree->n_local; item-- > 0;)
    if (!fp_grow_item (worker, tree, item, prefix, length))
      return FALSE;
  return TRUE;
}

static void
worker_init (Worker *worker,
             Miner  *miner)
{
  worker->miner = miner;
  worker->pending = 0;
  worker->pending_items = 0;
  worker->scratch = NULL;
  pool_init (&worker->pool);
}

/* Mines with both cores: the first level's items are shared out one at
 * a time, as their conditional trees differ much in size. */
static void
fp_growth (Miner *miner,
           Pool  *pools,
           int    n_threads)
{
  Scratch scratch;
  FpTree *tree;
  uint32_t n;

  scratch_init (&scratch, miner->n_frequent);
  tree = fp_tree_of_baskets (miner, &scratch);
  n = tree->n_local;
  scratch_clear (&scratch);

  seg_stage_init (&miner->stage, miner->stage.monitor, miner->stage.from, miner->stage.to, MAX (n, 1));
  if (tree->single_path)
    {
      Worker worker;
      g_autofree uint32_t *prefix = g_new (uint32_t, tree->n_nodes + 1);

      worker_init (&worker, miner);
      fp_single_path (&worker, tree, 1, prefix, 0);
      worker_flush (&worker);
      pools[0] = worker.pool;
      fp_tree_free (tree);
      return;
    }

#pragma omp parallel num_threads (n_threads) if (tree->n_nodes >= PARALLEL_NODES)
  {
    Worker worker;
    Scratch own;
    g_autofree uint32_t *prefix = g_new (uint32_t, (size_t) n + 1);
    int thread = 0;

#ifdef _OPENMP
    thread = omp_get_thread_num ();
#endif
    worker_init (&worker, miner);
    scratch_init (&own, n);
    worker.scratch = &own;
#pragma omp for schedule (dynamic, 1)
    for (uint32_t i = 0; i < n; i++)
      {
        if (miner_stopped (miner))
          continue;
        if (!fp_grow_item (&worker, tree, i, prefix, 0) ||
            seg_stage_step (&miner->stage, 1))
          {
#pragma omp atomic write
            miner->stop = 1;
          }
      }
    worker_flush (&worker);
    scratch_clear (&own);
    pools[thread] = worker.pool;
  }
  fp_tree_free (tree);
}

/* ------------------------------------------------------------------ */
/* A set of itemsets, to find one by its items. */

typedef struct
{
  const uint32_t *items;
  const Entry    *entries;
  size_t          mask;
  size_t         *slots;   /* entry index, or G_MAXSIZE when empty */
} TupleSet;

static inline guint64
hash_items (const uint32_t *items,
            size_t          length)
{
  guint64 hash = 0xcbf29ce484222325ull ^ length;

  for (size_t i = 0; i < length; i++)
    hash = (hash ^ items[i]) * 0x100000001b3ull;
  return hash ^ (hash >> 31);
}

static void
tuple_set_init (TupleSet       *set,
                const uint32_t *items,
                const Entry    *entries,
                size_t          n_entries)
{
  size_t capacity = 16;

  while (capacity < 2 * n_entries)
    capacity *= 2;
  set->items = items;
  set->entries = entries;
  set->mask = capacity - 1;
  set->slots = g_new (size_t, capacity);
  memset (set->slots, 0xff, capacity * sizeof (size_t));
  for (size_t e = 0; e < n_entries; e++)
    {
      size_t slot = hash_items (items + entries[e].offset, entries[e].length) & set->mask;

      while (set->slots[slot] != G_MAXSIZE)
        slot = (slot + 1) & set->mask;
      set->slots[slot] = e;
    }
}

static void
tuple_set_clear (TupleSet *set)
{
  g_clear_pointer (&set->slots, g_free);
}

/* The index of the entry with these items, or G_MAXSIZE. */
static size_t
tuple_set_find (const TupleSet *set,
                const uint32_t *items,
                size_t          length)
{
  size_t slot = hash_items (items, length) & set->mask;

  for (;; slot = (slot + 1) & set->mask)
    {
      size_t e = set->slots[slot];

      if (e == G_MAXSIZE)
        return G_MAXSIZE;
      if (set->entries[e].length == length)
        {
          const uint32_t *other = set->items + set->entries[e].offset;
          size_t k = 0;

          while (k < length && other[k] == items[k])
            k++;
          if (k == length)
            return e;
        }
    }
}

/* Copies @items without the one at @skip. */
static inline void
copy_without (uint32_t       *out,
              const uint32_t *items,
              size_t          length,
              size_t          skip)
{
  memcpy (out, items, skip * sizeof (uint32_t));
  memcpy (out + skip, items + skip + 1, (length - skip - 1) * sizeof (uint32_t));
}

/* ------------------------------------------------------------------ */
/* Apriori: level by level, candidates joined from two itemsets of the
 * level below that share all but their last item, dropped unless every
 * subset one shorter is frequent, and counted on bitsets of the baskets
 * that hold each item. */

typedef struct
{
  size_t    length;      /* items per itemset */
  GArray   *items;       /* uint32_t, sorted lexicographically */
  GArray   *entries;     /* Entry */
} Level;

static void
level_init (Level  *level,
            size_t  length)
{
  level->length = length;
  level->items = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  level->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
}

static void
level_clear (Level *level)
{
  g_clear_pointer (&level->items, g_array_unref);
  g_clear_pointer (&level->entries, g_array_unref);
}

static inline const uint32_t *
level_itemset (const Level *level,
               size_t       i)
{
  return (const uint32_t *) (void *) level->items->data + i * level->length;
}

static void
level_add (Level          *level,
           const uint32_t *items,
           uint32_t        count)
{
  Entry entry = { level->items->len, (uint32_t) level->length, count };

  g_array_append_vals (level->items, items, level->length);
  g_array_append_val (level->entries, entry);
}

/* One candidate: the itemset @first of the level below and @last. */
typedef struct
{
  uint32_t first;
  uint32_t last;
  uint32_t count;
} Candidate;

/* Whether both of two ranks are a frequent pair, from a bitmap of
 * n × n bits, for the pruning of the third level. */
static inline gboolean
pair_frequent (const guint8 *pairs,
               size_t        n,
               uint32_t      a,
               uint32_t      b)
{
  size_t bit = (size_t) a * n + b;

  return (pairs[bit / 8] >> (bit % 8)) & 1;
}

static GArray *
apriori_candidates (const Level  *below,
                    const guint8 *pairs,
                    size_t        n_frequent)
{
  size_t k = below->length + 1, n = below->entries->len;
  GArray *candidates = g_array_sized_new (FALSE, FALSE, sizeof (Candidate), n);
  TupleSet set = { 0 };
  g_autofree uint32_t *joined = g_new (uint32_t, k);
  g_autofree uint32_t *subset = g_new (uint32_t, k);
  gboolean by_pairs = k == 3 && pairs != NULL;

  if (!by_pairs)
    tuple_set_init (&set, (const uint32_t *) (void *) below->items->data,
                    (const Entry *) (void *) below->entries->data, n);
  for (size_t start = 0, end; start < n; start = end)
    {
      const uint32_t *head = level_itemset (below, start);

      for (end = start + 1; end < n; end++)
        if (memcmp (level_itemset (below, end), head, (k - 2) * sizeof (uint32_t)) != 0)
          break;
      for (size_t a = start; a < end; a++)
        {
          uint32_t last_a = level_itemset (below, a)[k - 2];

          for (size_t b = a + 1; b < end; b++)
            {
              Candidate candidate = { (uint32_t) a, level_itemset (below, b)[k - 2], 0 };
              gboolean frequent = TRUE;

              /* Dropping either of the last two items gives a or b. */
              if (by_pairs)
                frequent = pair_frequent (pairs, n_frequent, last_a, candidate.last);
              else
                {
                  memcpy (joined, level_itemset (below, a), (k - 1) * sizeof (uint32_t));
                  joined[k - 1] = candidate.last;
                  for (size_t d = 0; d + 2 < k && frequent; d++)
                    {
                      copy_without (subset, joined, k, d);
                      frequent = tuple_set_find (&set, subset, k - 1) != G_MAXSIZE;
                    }
                }
              if (frequent)
                g_array_append_val (candidates, candidate);
            }
        }
    }
  tuple_set_clear (&set);

  return candidates;
}

/* Baskets in both bitsets. The x86-64 baseline has no popcount
 * instruction; a second build of the loop uses it where it exists. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__ ((target_clones ("popcnt", "default")))
#endif
static uint32_t
count_both (const guint64 *a,
            const guint64 *b,
            size_t         words)
{
  uint32_t count = 0;

  for (size_t w = 0; w < words; w++)
    count += (uint32_t) __builtin_popcountll (a[w] & b[w]);
  return count;
}

/* Counts the candidates on the bitsets, both cores sharing the groups
 * of candidates that start with the same itemset. */
static void
apriori_count (Miner       *miner,
               const Level *below,
               GArray      *candidates,
               const guint64 *bits,
               size_t       words,
               int          n_threads)
{
  Candidate *c = (Candidate *) (void *) candidates->data;
  size_t n = candidates->len;
  g_autoptr (GArray) groups = g_array_new (FALSE, FALSE, sizeof (size_t));
  size_t n_groups;

  for (size_t i = 0; i < n; i++)
    if (i == 0 || c[i].first != c[i - 1].first)
      g_array_append_val (groups, i);
  n_groups = groups->len;
  g_array_append_val (groups, n);

#pragma omp parallel num_threads (n_threads) if (n * words >= PARALLEL_WORDS)
  {
    g_autofree guint64 *prefix = g_new (guint64, MAX (words, 1));

#pragma omp for schedule (dynamic, 4)
    for (size_t g = 0; g < n_groups; g++)
      {
        size_t from = g_array_index (groups, size_t, g), to = g_array_index (groups, size_t, g + 1);
        const uint32_t *first = level_itemset (below, c[from].first);

        if (miner_stopped (miner))
          continue;
        memcpy (prefix, bits + first[0] * words, words * sizeof (guint64));
        for (size_t i = 1; i < below->length; i++)
          {
            const guint64 *other = bits + first[i] * words;

            for (size_t w = 0; w < words; w++)
              prefix[w] &= other[w];
          }
        for (size_t i = from; i < to; i++)
          {
            c[i].count = count_both (prefix, bits + (size_t) c[i].last * words, words);
          }
        if (seg_stage_step (&miner->stage, to - from))
          {
#pragma omp atomic write
            miner->stop = 1;
          }
      }
  }
}

/* The second level from a triangle of pair counts, one pass over the
 * baskets. */
static GArray *
apriori_pairs (const Miner *miner)
{
  size_t n = miner->n_frequent;
  g_autofree uint32_t *triangle = g_new0 (uint32_t, MAX (n * (n - 1) / 2, 1));
  GArray *candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));

  for (size_t b = 0; b < miner->n_baskets; b++)
    {
      const uint32_t *ranks = miner->ranks + miner->offsets[b];
      size_t length = miner->offsets[b + 1] - miner->offsets[b];

      for (size_t i = 0; i < length; i++)
        {
          size_t row = (size_t) ranks[i] * (2 * n - ranks[i] - 1) / 2 - ranks[i] - 1;

          for (size_t j = i + 1; j < length; j++)
            triangle[row + ranks[j]]++;
        }
    }
  for (size_t a = 0; a + 1 < n; a++)
    {
      size_t row = a * (2 * n - a - 1) / 2 - a - 1;

      for (size_t b = a + 1; b < n; b++)
        {
          Candidate candidate = { (uint32_t) a, (uint32_t) b, triangle[row + b] };

          g_array_append_val (candidates, candidate);
        }
    }

  return candidates;
}

static void
apriori (Miner *miner,
         Pool  *pools,
         int    n_threads)
{
  size_t n = miner->n_frequent, words = (miner->n_baskets + 63) / 64;
  g_autofree guint64 *bits = NULL;
  g_autofree guint8 *pairs = NULL;
  double from = miner->stage.from, to = miner->stage.to;
  Worker worker;
  Level below;

  /* Apriori's own memory: the pair triangle, else every pair as a
   * candidate, and the bitsets for the levels past two. */
  {
    gboolean triangle = n * (n - 1) / 2 * sizeof (uint32_t) <= PAIR_TRIANGLE_BYTES;
    double need = triangle ? n * (n - 1) / 2.0 * sizeof (uint32_t) : n * (n - 1) / 2.0 * sizeof (Candidate);

    if (!triangle || room_for (miner, 3))
      need += (double) n * words * sizeof (guint64);
    if (n >= 2 && room_for (miner, 2) && need > miner->max_bytes)
      {
        miner->apriori_bytes = need;
        miner->stop = 1;
        return;
      }
  }

  worker_init (&worker, miner);
  level_init (&below, 1);
  for (uint32_t r = 0; r < n; r++)
    {
      level_add (&below, &r, miner->rank_count[r]);
      worker_emit (&worker, &r, 1, miner->rank_count[r]);
    }
  worker_flush (&worker);

  for (size_t k = 2; below.entries->len > 1 && room_for (miner, k) && !miner_stopped (miner); k++)
    {
      g_autoptr (GArray) candidates = NULL;
      g_autofree uint32_t *joined = g_new (uint32_t, k);
      Level level;
      /* Level k takes the stretch from 1 - 1/(k-1) to 1 - 1/k. */
      double start = to - (to - from) / (k - 1), end = to - (to - from) / k;

      seg_stage_init (&miner->stage, miner->stage.monitor, start, end, 1);
      if (seg_stage_step (&miner->stage, 0))
        break;
      if (k == 2 && n * (n - 1) / 2 * sizeof (uint32_t) <= PAIR_TRIANGLE_BYTES)
        candidates = apriori_pairs (miner);
      else
        {
          candidates = apriori_candidates (&below, pairs, n);
          if (bits == NULL)
            {
              bits = g_new0 (guint64, MAX (n * words, 1));
              for (size_t b = 0; b < miner->n_baskets; b++)
                for (size_t i = miner->offsets[b]; i < miner->offsets[b + 1]; i++)
                  bits[miner->ranks[i] * words + b / 64] |= (guint64) 1 << (b % 64);
            }
          seg_stage_init (&miner->stage, miner->stage.monitor, start, end, candidates->len);
          apriori_count (miner, &below, candidates, bits, words, n_threads);
        }

      level_init (&level, k);
      for (size_t i = 0; i < candidates->len && !miner_stopped (miner); i++)
        {
          const Candidate *candidate = &g_array_index (candidates, Candidate, i);

          if (candidate->count < miner->min_count)
            continue;
          memcpy (joined, level_itemset (&below, candidate->first), (k - 1) * sizeof (uint32_t));
          joined[k - 1] = candidate->last;
          level_add (&level, joined, candidate->count);
          if (!worker_emit (&worker, joined, (uint32_t) k, candidate->count))
            break;
        }
      worker_flush (&worker);
      level_clear (&below);
      below = level;
      if (k == 2 && n * n / 8 <= PAIR_BITMAP_BYTES)
        {
          pairs = g_new0 (guint8, n * n / 8 + 1);
          for (size_t i = 0; i < below.entries->len; i++)
            {
              const uint32_t *pair = level_itemset (&below, i);
              size_t bit = (size_t) pair[0] * n + pair[1];

              pairs[bit / 8] |= (guint8) (1u << (bit % 8));
            }
        }
    }
  level_clear (&below);
  pools[0] = worker.pool;
}

/* ------------------------------------------------------------------ */
/* Fisher's exact test. */

/* The probability that a hypergeometric draw of @draws from @total, of
 * which @marked are marked, holds @x marked, in log space. */
static double
log_hypergeometric (double x,
                    double total,
                    double marked,
                    double draws)
{
  return lgamma (marked + 1) - lgamma (x + 1) - lgamma (marked - x + 1)
    + lgamma (total - marked + 1) - lgamma (draws - x + 1) - lgamma (total - marked - draws + x + 1)
    - lgamma (total + 1) + lgamma (draws + 1) + lgamma (total - draws + 1);
}

/* Sums a tail of terms that fall away from @x in @direction (+1 or -1),
 * each from the last by the exact ratio of neighbouring terms. */
static double
hypergeometric_tail (double x,
                     double lowest,
                     double highest,
                     int    direction,
                     double total,
                     double marked,
                     double draws)
{
  double term = exp (log_hypergeometric (x, total, marked, draws));
  double sum = 0.0;

  while (x >= lowest && x <= highest && term > 0.0)
    {
      sum += term;
      if (term < sum * 1e-17)
        break;
      if (direction > 0)
        term *= (marked - x) * (draws - x) / ((x + 1) * (total - marked - draws + x + 1));
      else
        term *= x * (total - marked - draws + x) / ((marked - x + 1) * (draws - x + 1));
      x += direction;
    }
  return sum;
}

/* One-sided p-value of Fisher's exact test for a positive association:
 * the chance of @both or more baskets with both sides among @lhs baskets
 * with the left side, @rhs with the right, @total in all. */
static double
fisher_greater (size_t both,
                size_t lhs,
                size_t rhs,
                size_t total)
{
  double n = (double) total, m = (double) rhs, k = (double) lhs;
  double lowest = MAX (0.0, k + m - n), highest = MIN (k, m);
  double mode = floor ((k + 1) * (m + 1) / (n + 2));
  double x = (double) both;

  if (x <= lowest)
    return 1.0;
  /* Past the mode the upper tail's terms fall; before it the lower
   * tail's terms fall from x - 1 down, and the p-value is near one. */
  if (x >= mode)
    return MIN (1.0, hypergeometric_tail (x, lowest, highest, +1, n, m, k));
  return MAX (0.0, MIN (1.0, 1.0 - hypergeometric_tail (x - 1, lowest, highest, -1, n, m, k)));
}

static int
compare_p (gconstpointer a,
           gconstpointer b,
           gpointer      data)
{
  const SegRule *rules = data;
  double pa = rules[*(const size_t *) a].p_value, pb = rules[*(const size_t *) b].p_value;

  return (pa > pb) - (pa < pb);
}

static void
correct_p_values (SegRule       *rules,
                  size_t         n,
                  SegCorrection  correction)
{
  g_autofree size_t *order = NULL;
  double running;

  for (size_t i = 0; i < n; i++)
    rules[i].p_adjusted = rules[i].p_value;
  if (correction == SEG_CORRECTION_NONE || n == 0)
    return;
  if (correction == SEG_CORRECTION_BONFERRONI)
    {
      for (size_t i = 0; i < n; i++)
        rules[i].p_adjusted = MIN (1.0, rules[i].p_value * n);
      return;
    }

  order = g_new (size_t, n);
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (size_t), compare_p, rules);
  if (correction == SEG_CORRECTION_HOLM)
    {
      /* (n - j) p of the j-th smallest, never below the one before. */
      running = 0.0;
      for (size_t j = 0; j < n; j++)
        {
          SegRule *rule = &rules[order[j]];

          running = MAX (running, MIN (1.0, (double) (n - j) * rule->p_value));
          rule->p_adjusted = running;
        }
    }
  else
    {
      /* n p / j of the j-th smallest, never above the one after. */
      running = 1.0;
      for (size_t j = n; j-- > 0;)
        {
          SegRule *rule = &rules[order[j]];

          running = MIN (running, (double) n * rule->p_value / (double) (j + 1));
          rule->p_adjusted = running;
        }
    }
}

/* ------------------------------------------------------------------ */
/* From mined ranks to a result. */

/* By count, the highest first, then by items. */
static inline gboolean
entry_before (const Entry    *a,
              const Entry    *b,
              const uint32_t *items)
{
  if (a->count != b->count)
    return a->count > b->count;
  return compare_items (items + a->offset, a->length, items + b->offset, b->length) < 0;
}

DEFINE_MERGE_SORT (sort_entries, Entry, const uint32_t *, entry_before)

static int
compare_rules (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const SegRule *ra = a, *rb = b;
  int order;

  if (ra->lift != rb->lift)
    return ra->lift > rb->lift ? -1 : 1;
  if (ra->confidence != rb->confidence)
    return ra->confidence > rb->confidence ? -1 : 1;
  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  order = compare_items (ra->lhs, ra->n_lhs, rb->lhs, rb->n_lhs);
  if (order != 0)
    return order;
  return (ra->rhs > rb->rhs) - (ra->rhs < rb->rhs);
}

/* The highest confidence of a rule with right-hand side @rhs and a
 * non-empty left-hand side within the rest of an itemset, as a fraction
 * kept exact. */
typedef struct
{
  uint32_t numerator;
  uint32_t denominator;
} Ratio;

static inline gboolean
ratio_at_least (Ratio a,
                Ratio b)
{
  return (guint64) a.numerator * b.denominator >= (guint64) b.numerator * a.denominator;
}

static inline size_t
position_of (const uint32_t *items,
             size_t          length,
             uint32_t        item)
{
  size_t k = 0;

  while (items[k] != item)
    k++;
  g_assert (k < length);
  return k;
}

/* The highest confidences of shorter rules, worked out when a rule
 * asks: memo[entry.offset + k] for an itemset and its item k (a zero
 * denominator until known). */
typedef struct
{
  const uint32_t *items;
  const Entry    *entries;
  const TupleSet *set;
  Ratio          *memo;
} Best;

/* The best confidence of a rule z[k] ⇐ X with X a non-empty subset of
 * the rest of itemset @e. */
static Ratio
best_confidence (Best   *best,
                 size_t  e,
                 size_t  k)
{
  const Entry *entry = &best->entries[e];
  const uint32_t *z = best->items + entry->offset;
  size_t length = entry->length;
  Ratio ratio = best->memo[entry->offset + k];
  uint32_t rest[length];

  if (ratio.denominator != 0)
    return ratio;
  copy_without (rest, z, length, k);
  ratio.numerator = entry->count;
  ratio.denominator = best->entries[tuple_set_find (best->set, rest, length - 1)].count;
  if (length > 2)
    for (size_t x = 0; x < length; x++)
      {
        size_t sub;
        Ratio other;

        if (x == k)
          continue;
        copy_without (rest, z, length, x);
        sub = tuple_set_find (best->set, rest, length - 1);
        other = best_confidence (best, sub, position_of (rest, length - 1, z[k]));
        if (!ratio_at_least (ratio, other))
          ratio = other;
      }
  best->memo[entry->offset + k] = ratio;
  return ratio;
}

typedef struct
{
  const SegBaskets        *baskets;
  const SegItemsetsParams *params;
  size_t                   n_baskets;
  size_t                   min_count;
  size_t                  *item_counts;
  uint32_t                 n_frequent;
  uint32_t                *frequent;     /* the item of each rank */
} Setup;

/* The rules of every itemset, with their measures. */
static void
make_rules (SegItemsetResult *result,
            const Setup      *setup,
            const Entry      *entries,
            size_t            n,
            const TupleSet   *set)
{
  const SegItemsetsParams *params = setup->params;
  const uint32_t *items = result->item_pool;
  size_t n_pool = 0, shortest = MAX (params->min_length, 2), total = setup->n_baskets;
  g_autofree guint8 *allowed = NULL;
  g_autofree Ratio *memo = NULL;
  Best best = { items, entries, set, NULL };
  g_autoptr (GArray) rules = g_array_new (FALSE, FALSE, sizeof (SegRule));
  g_autoptr (GArray) lhs_pool = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  size_t longest = 1;
  g_autofree uint32_t *left = NULL;

  for (size_t e = 0; e < n; e++)
    {
      n_pool = MAX (n_pool, entries[e].offset + entries[e].length);
      longest = MAX (longest, entries[e].length);
    }
  left = g_new (uint32_t, longest);
  if (params->rhs_items != NULL && params->n_rhs_items > 0)
    {
      allowed = g_new0 (guint8, MAX (result->n_items, 1));
      for (size_t i = 0; i < params->n_rhs_items; i++)
        allowed[params->rhs_items[i]] = 1;
    }
  memo = g_new0 (Ratio, MAX (n_pool, 1));
  best.memo = memo;

  for (size_t e = 0; e < n; e++)
    {
      const Entry *entry = &entries[e];
      const uint32_t *z = items + entry->offset;
      size_t length = entry->length;

      if (length < shortest)
        continue;
      for (size_t k = 0; k < length; k++)
        {
          SegRule rule = { 0 };
          uint32_t rhs = z[k];
          size_t lhs_count, rhs_count;
          double rhs_support;

          if (allowed != NULL && !allowed[rhs])
            continue;
          copy_without (left, z, length, k);
          lhs_count = entries[tuple_set_find (set, left, length - 1)].count;
          rule.confidence = (double) entry->count / (double) lhs_count;
          if (!(rule.confidence >= params->min_confidence))
            continue;

          rhs_count = result->item_counts[rhs];
          rhs_support = (double) rhs_count / (double) total;
          rule.lhs = GSIZE_TO_POINTER (lhs_pool->len);
          rule.n_lhs = length - 1;
          rule.rhs = rhs;
          rule.count = entry->count;
          rule.support = (double) entry->count / (double) total;
          rule.coverage = (double) lhs_count / (double) total;
          rule.lift = rule.confidence / rhs_support;
          rule.leverage = rule.support - rule.coverage * rhs_support;
          rule.conviction = entry->count == lhs_count ? INFINITY
            : (1.0 - rhs_support) / (1.0 - rule.confidence);
          rule.p_value = fisher_greater (entry->count, lhs_count, rhs_count, total);
          /* Left-hand sides of one item have no shorter non-empty one. */
          if (length > 2)
            {
              Ratio own = { entry->count, (uint32_t) lhs_count };

              for (size_t x = 0; x < length && !rule.redundant; x++)
                {
                  size_t sub;

                  if (x == k)
                    continue;
                  copy_without (left, z, length, x);
                  sub = tuple_set_find (set, left, length - 1);
                  rule.redundant = ratio_at_least (best_confidence (&best, sub, position_of (left, length - 1, rhs)),
                                                   own);
                }
              copy_without (left, z, length, k);
            }
          g_array_append_vals (lhs_pool, left, length - 1);
          g_array_append_val (rules, rule);
        }
    }

  result->n_rules = rules->len;
  result->lhs_pool = (uint32_t *) (void *) g_array_free (g_steal_pointer (&lhs_pool), FALSE);
  result->rules = (SegRule *) (void *) g_array_free (g_steal_pointer (&rules), FALSE);
  for (size_t r = 0; r < result->n_rules; r++)
    result->rules[r].lhs = result->lhs_pool + GPOINTER_TO_SIZE (result->rules[r].lhs);
  correct_p_values (result->rules, result->n_rules, params->correction);
  g_qsort_with_data (result->rules, (gint) result->n_rules, sizeof (SegRule), compare_rules, NULL);
}

static gboolean
check_input (const SegBaskets        *baskets,
             const SegItemsetsParams *params,
             GError                 **error)
{
  if (params->algorithm != SEG_ITEMSETS_FPGROWTH && params->algorithm != SEG_ITEMSETS_APRIORI)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option algorithm: unknown value %d"), (int) params->algorithm);
      return FALSE;
    }
  if (params->filter != SEG_ITEMSETS_ALL && params->filter != SEG_ITEMSETS_CLOSED &&
      params->filter != SEG_ITEMSETS_MAXIMAL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option filter: unknown value %d"), (int) params->filter);
      return FALSE;
    }
  if (params->correction != SEG_CORRECTION_NONE && params->correction != SEG_CORRECTION_BONFERRONI &&
      params->correction != SEG_CORRECTION_HOLM && params->correction != SEG_CORRECTION_BH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option correction: unknown value %d"), (int) params->correction);
      return FALSE;
    }
  if (params->min_count == 0 && !(params->min_support > 0.0 && params->min_support <= 1.0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option min_support must be more than 0 and at most 1, not %g"),
                   params->min_support);
      return FALSE;
    }
  if (!(params->min_confidence >= 0.0 && params->min_confidence <= 1.0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option min_confidence must be from 0 to 1, not %g"), params->min_confidence);
      return FALSE;
    }
  if (params->max_length != 0 && params->min_length > params->max_length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option min_length (%zu) must not be more than max_length (%zu)"),
                   params->min_length, params->max_length);
      return FALSE;
    }
  if (params->n_rhs_items > 0 && params->rhs_items == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Option rhs_items is missing for its %zu items"), params->n_rhs_items);
      return FALSE;
    }
  for (size_t i = 0; i < params->n_rhs_items; i++)
    if (params->rhs_items[i] >= baskets->n_items)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Option rhs_items: item %u is not one of the %zu items"),
                     params->rhs_items[i], baskets->n_items);
        return FALSE;
      }

  if (baskets->n_baskets > MAX_COUNT || baskets->n_items > MAX_COUNT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Too many baskets or items (%zu baskets of %zu items)"),
                   baskets->n_baskets, baskets->n_items);
      return FALSE;
    }
  if (baskets->n_baskets > 0 && (baskets->offsets == NULL || baskets->offsets[0] != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Basket 1: its items must start at 0"));
      return FALSE;
    }
  for (size_t b = 0; b < baskets->n_baskets; b++)
    {
      size_t from = baskets->offsets[b], to = baskets->offsets[b + 1];

      if (to < from)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Basket %zu: its items end (%zu) before they start (%zu)"), b + 1, to, from);
          return FALSE;
        }
      for (size_t k = from; k < to; k++)
        {
          if (baskets->items[k] >= baskets->n_items)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Basket %zu: item %u is not one of the %zu items"),
                           b + 1, baskets->items[k], baskets->n_items);
              return FALSE;
            }
          if (k > from && baskets->items[k] <= baskets->items[k - 1])
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Basket %zu: items %u and %u are not in ascending order without repeats"),
                           b + 1, baskets->items[k - 1], baskets->items[k]);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* The smallest count that makes an itemset frequent, as arules has it. */
static size_t
min_count_of (const SegItemsetsParams *params,
              size_t                   n_baskets)
{
  double count;

  if (params->min_count > 0)
    return params->min_count;
  count = ceil (params->min_support * (double) n_baskets - 1e-9);
  return MAX ((size_t) count, 1);
}

static void
setup_clear (Setup *setup)
{
  g_clear_pointer (&setup->item_counts, g_free);
  g_clear_pointer (&setup->frequent, g_free);
}

static int
compare_by_count (gconstpointer a,
                  gconstpointer b,
                  gpointer      data)
{
  const size_t *counts = data;
  uint32_t ia = *(const uint32_t *) a, ib = *(const uint32_t *) b;

  if (counts[ia] != counts[ib])
    return counts[ia] > counts[ib] ? -1 : 1;
  return (ia > ib) - (ia < ib);
}

/* Counts the items and ranks the frequent ones, the most frequent
 * first; then rewrites the baskets as ascending ranks. */
static void
setup_init (Setup                   *setup,
            const SegBaskets        *baskets,
            const SegItemsetsParams *params,
            size_t                 **offsets,
            uint32_t               **ranks)
{
  size_t n_items = baskets->n_items, n = baskets->n_baskets;
  g_autofree uint32_t *rank_of = g_new (uint32_t, MAX (n_items, 1));
  size_t total = n > 0 ? baskets->offsets[n] : 0, filled = 0;

  setup->baskets = baskets;
  setup->params = params;
  setup->n_baskets = n;
  setup->min_count = min_count_of (params, n);
  setup->item_counts = g_new0 (size_t, MAX (n_items, 1));
  for (size_t k = 0; k < total; k++)
    setup->item_counts[baskets->items[k]]++;

  setup->frequent = g_new (uint32_t, MAX (n_items, 1));
  setup->n_frequent = 0;
  for (uint32_t i = 0; i < n_items; i++)
    if (setup->item_counts[i] >= setup->min_count)
      setup->frequent[setup->n_frequent++] = i;
  g_qsort_with_data (setup->frequent, (gint) setup->n_frequent, sizeof (uint32_t),
                     compare_by_count, setup->item_counts);
  memset (rank_of, 0xff, MAX (n_items, 1) * sizeof (uint32_t));
  for (uint32_t r = 0; r < setup->n_frequent; r++)
    rank_of[setup->frequent[r]] = r;

  *offsets = g_new (size_t, n + 1);
  *ranks = g_new (uint32_t, MAX (total, 1));
  (*offsets)[0] = 0;
  for (size_t b = 0; b < n; b++)
    {
      size_t start = filled;

      for (size_t k = baskets->offsets[b]; k < baskets->offsets[b + 1]; k++)
        {
          uint32_t r = rank_of[baskets->items[k]], j = (uint32_t) filled++;

          if (r == G_MAXUINT32)
            {
              filled--;
              continue;
            }
          /* Insertion keeps the basket's ranks ascending. */
          while (j > start && (*ranks)[j - 1] > r)
            {
              (*ranks)[j] = (*ranks)[j - 1];
              j--;
            }
          (*ranks)[j] = r;
        }
      (*offsets)[b + 1] = filled;
    }
}

/* Memory that one kept itemset of @length items takes: its entries
 * while mining and in the result, its items twice and its hash slot. */
static double
itemset_bytes (double length)
{
  return sizeof (SegItemset) + sizeof (Entry) + 2 * sizeof (size_t) + 2 * sizeof (uint32_t) * length;
}

static int
n_threads_to_use (void)
{
#ifdef _OPENMP
  return MIN (2, omp_get_max_threads ());
#else
  return 1;
#endif
}

/* Mines into @pools (one per thread); FALSE when stopped. */
static gboolean
run_miner (Miner                *miner,
           SegItemsetsAlgorithm  algorithm,
           Pool                 *pools,
           int                   n_threads)
{
  if (miner->n_frequent == 0)
    return TRUE;
  if (algorithm == SEG_ITEMSETS_APRIORI)
    apriori (miner, pools, n_threads);
  else
    fp_growth (miner, pools, n_threads);
  return !miner->stop;
}

/* How many itemsets (and items in them) a count of @min_count gives,
 * counted without keeping them; G_MAXSIZE when past @limit. */
static size_t
count_itemsets (const Miner *model,
                uint32_t     min_count,
                size_t       limit,
                size_t      *n_items,
                gboolean    *cancelled)
{
  Miner miner = *model;
  g_autofree Pool *pools = g_new0 (Pool, 2);
  size_t count = 0;

  miner.min_count = min_count;
  miner.limit = limit;
  miner.store = FALSE;
  miner.tally = 0;
  miner.tally_items = 0;
  miner.stop = 0;
  miner.overflow = FALSE;
  /* Only the items frequent at this count: ranks are by count. */
  while (miner.n_frequent > 0 && miner.rank_count[miner.n_frequent - 1] < min_count)
    miner.n_frequent--;
  {
    g_autofree size_t *offsets = g_new (size_t, miner.n_baskets + 1);
    g_autofree uint32_t *ranks = g_new (uint32_t, MAX (model->offsets[model->n_baskets], 1));
    size_t filled = 0;

    offsets[0] = 0;
    for (size_t b = 0; b < miner.n_baskets; b++)
      {
        for (size_t k = model->offsets[b]; k < model->offsets[b + 1]; k++)
          if (model->ranks[k] < miner.n_frequent)
            ranks[filled++] = model->ranks[k];
        offsets[b + 1] = filled;
      }
    miner.offsets = offsets;
    miner.ranks = ranks;
    fp_growth (&miner, pools, n_threads_to_use ());
  }
  for (int t = 0; t < 2; t++)
    if (pools[t].items != NULL)
      pool_clear (&pools[t]);
  *cancelled = miner.stop && !miner.overflow;
  if (miner.overflow || *cancelled)
    return G_MAXSIZE;
  count = miner.tally;
  *n_items = miner.tally_items;
  return count;
}

/* A size in decimal units with one decimal, as "3.2 GB", with a plain
 * space (g_format_size () puts a no-break space there). */
static char *
format_bytes (double bytes)
{
  static const char *units[] = { "kB", "MB", "GB", "TB", "PB" };
  size_t unit = 0;

  if (bytes < 1000.0)
    return g_strdup_printf ("%.0f bytes", bytes);
  bytes /= 1000.0;
  while (bytes >= 999.95 && unit + 1 < G_N_ELEMENTS (units))
    {
      bytes /= 1000.0;
      unit++;
    }
  return g_strdup_printf ("%.1f %s", bytes, units[unit]);
}

/* Rounds a support up to two significant digits. */
static double
round_support_up (double support)
{
  double unit = pow (10.0, floor (log10 (support)) - 1);

  return MIN (1.0, ceil (support / unit - 1e-6) * unit);
}

/* After the mine went past its limit: finds the smallest count at which
 * the itemsets fit, by counting without keeping them (doubling, then
 * halving the gap), and estimates the memory that the asked-for count
 * would need from the counts seen, exact where a count finished within
 * ESTIMATE_REACH times the limit and else on the power law through the
 * two lowest counts measured. */
static void
refuse_for_memory (const Miner  *miner,
                   const Setup  *setup,
                   GError      **error)
{
  size_t limit = miner->limit, reach = limit * ESTIMATE_REACH;
  size_t n = setup->n_baskets, items = 0, fit_count, n_at_fit, fit_items = 0;
  double low_count = miner->min_count, high_count, estimate, mean_length;
  double support, suggestion;
  size_t seen[64];
  double seen_at[64];
  size_t n_seen = 0;
  gboolean cancelled = FALSE;
  size_t count, lowest_failing = miner->min_count;
  g_autofree char *asked = NULL;
  g_autofree char *size = NULL;
  g_autofree char *suggested = NULL;

  /* The asked-for count itself, then doubled until the itemsets fit. */
  count = count_itemsets (miner, miner->min_count, reach, &items, &cancelled);
  if (count != G_MAXSIZE)
    {
      seen[n_seen] = count;
      seen_at[n_seen++] = miner->min_count;
    }
  fit_count = miner->min_count;
  n_at_fit = count;
  while (!cancelled && (n_at_fit == G_MAXSIZE || n_at_fit > limit))
    {
      lowest_failing = fit_count;
      fit_count = MIN (fit_count * 2, n);
      n_at_fit = count_itemsets (miner, (uint32_t) fit_count, reach, &fit_items, &cancelled);
      if (n_at_fit != G_MAXSIZE && n_seen < G_N_ELEMENTS (seen))
        {
          seen[n_seen] = n_at_fit;
          seen_at[n_seen++] = fit_count;
        }
      if (fit_count == n)
        break;
    }
  /* The smallest count between the last that failed and the first that
   * fits. */
  while (!cancelled && fit_count - lowest_failing > 1)
    {
      size_t middle = lowest_failing + (fit_count - lowest_failing) / 2, middle_items = 0;
      size_t at_middle = count_itemsets (miner, (uint32_t) middle, reach, &middle_items, &cancelled);

      if (at_middle != G_MAXSIZE && n_seen < G_N_ELEMENTS (seen))
        {
          seen[n_seen] = at_middle;
          seen_at[n_seen++] = middle;
        }
      if (at_middle != G_MAXSIZE && at_middle <= limit)
        {
          fit_count = middle;
          n_at_fit = at_middle;
          fit_items = middle_items;
        }
      else
        lowest_failing = middle;
    }
  if (cancelled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The mining was cancelled"));
      return;
    }

  if (count != G_MAXSIZE)
    {
      estimate = count;
      mean_length = count > 0 ? (double) items / count : 1.0;
    }
  else
    {
      /* The two lowest counts measured: a power law through them. */
      double c1 = G_MAXDOUBLE, c2 = G_MAXDOUBLE, n1 = 0, n2 = 0;

      for (size_t i = 0; i < n_seen; i++)
        if (seen_at[i] < c1)
          {
            c2 = c1;
            n2 = n1;
            c1 = seen_at[i];
            n1 = seen[i];
          }
        else if (seen_at[i] < c2)
          {
            c2 = seen_at[i];
            n2 = seen[i];
          }
      high_count = c1;
      if (n_seen >= 2 && n1 > n2 && n2 > 0)
        estimate = n1 * pow (low_count / high_count, log (n1 / n2) / log (c1 / c2));
      else
        estimate = reach;
      estimate = MAX (estimate, (double) reach);
      mean_length = n_at_fit != G_MAXSIZE && n_at_fit > 0 ? (double) fit_items / n_at_fit : 1.0;
    }

  support = (double) miner->min_count / (double) n;
  suggestion = round_support_up ((double) fit_count / (double) n);
  asked = g_strdup_printf ("%g", setup->params->min_count > 0 ? support : setup->params->min_support);
  size = format_bytes (estimate * itemset_bytes (mean_length));
  suggested = g_strdup_printf ("%g", suggestion);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("At a support of %s the itemsets would need about %s; try a support of %s or more"),
               asked, size, suggested);
}

static SegItemsetResult *
result_new (Setup *setup)
{
  SegItemsetResult *result = g_new0 (SegItemsetResult, 1);

  result->n_baskets = setup->n_baskets;
  result->n_items = setup->baskets->n_items;
  result->item_counts = g_steal_pointer (&setup->item_counts);

  return result;
}

/* Marks the itemsets with a frequent superset one longer (not maximal)
 * and those with one as frequent (not closed): a longer superset with
 * the same count always has such a superset between them. */
static void
mark_supersets (const uint32_t *items,
                const Entry    *entries,
                size_t          n,
                const TupleSet *set,
                guint8         *has_superset,
                guint8         *has_equal_superset)
{
  size_t longest = 1;
  g_autofree uint32_t *subset = NULL;

  for (size_t e = 0; e < n; e++)
    longest = MAX (longest, entries[e].length);
  subset = g_new (uint32_t, longest);
  for (size_t e = 0; e < n; e++)
    {
      const uint32_t *z = items + entries[e].offset;
      size_t length = entries[e].length;

      if (length < 2)
        continue;
      for (size_t k = 0; k < length; k++)
        {
          size_t sub;

          copy_without (subset, z, length, k);
          sub = tuple_set_find (set, subset, length - 1);
          g_assert (sub != G_MAXSIZE);
          has_superset[sub] = 1;
          if (entries[sub].count == entries[e].count)
            has_equal_superset[sub] = 1;
        }
    }
}

static SegItemsetResult *
mine (const SegBaskets        *baskets,
      const SegItemsetsParams *params,
      gboolean                 with_rules,
      const SegMonitor        *monitor,
      GError                 **error)
{
  Setup setup = { 0 };
  g_autofree size_t *offsets = NULL;
  g_autofree uint32_t *ranks = NULL;
  g_autofree uint32_t *rank_count = NULL;
  g_autofree Pool *pools = g_new0 (Pool, 2);
  g_autofree Entry *entries = NULL;
  g_autofree guint8 *has_superset = NULL;
  g_autofree guint8 *has_equal_superset = NULL;
  int n_threads = n_threads_to_use ();
  Miner miner = { 0 };
  SegItemsetResult *result;
  size_t n_entries = 0, n_pool = 0, kept = 0, shortest;
  TupleSet set;

  if (!check_input (baskets, params, error))
    return NULL;
  setup_init (&setup, baskets, params, &offsets, &ranks);
  rank_count = g_new (uint32_t, MAX (setup.n_frequent, 1));
  for (uint32_t r = 0; r < setup.n_frequent; r++)
    rank_count[r] = (uint32_t) setup.item_counts[setup.frequent[r]];

  miner.n_baskets = setup.n_baskets;
  miner.n_frequent = setup.n_frequent;
  miner.rank_count = rank_count;
  miner.offsets = offsets;
  miner.ranks = ranks;
  miner.min_count = (uint32_t) MIN (setup.min_count, MAX_COUNT);
  miner.max_length = params->max_length;
  /* Without either limit, no limit. */
  miner.limit = params->max_itemsets > 0 ? params->max_itemsets
    : params->max_bytes > 0 ? (size_t) (params->max_bytes / itemset_bytes (4.0)) : G_MAXSIZE;
  miner.store = TRUE;
  miner.max_bytes = params->max_bytes > 0 ? params->max_bytes : G_MAXSIZE;
  seg_stage_init (&miner.stage, monitor, 0.0, with_rules ? 0.8 : 0.95, 1);
  if (!run_miner (&miner, params->algorithm, pools, n_threads))
    {
      for (int t = 0; t < 2; t++)
        if (pools[t].items != NULL)
          pool_clear (&pools[t]);
      if (miner.apriori_bytes > 0)
        {
          g_autofree char *size = format_bytes (miner.apriori_bytes);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("Apriori would need about %s for %u frequent items in %zu baskets; "
                         "FP-growth needs far less, or try a higher support"),
                       size, miner.n_frequent, miner.n_baskets);
        }
      else if (miner.overflow)
        refuse_for_memory (&miner, &setup, error);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The mining was cancelled"));
      setup_clear (&setup);
      return NULL;
    }

  /* One pool of item ids, each itemset ascending. */
  for (int t = 0; t < 2; t++)
    if (pools[t].items != NULL)
      {
        n_entries += pools[t].entries->len;
        n_pool += pools[t].items->len;
      }
  result = result_new (&setup);
  result->item_pool = g_new (uint32_t, MAX (n_pool, 1));
  entries = g_new (Entry, MAX (n_entries, 1));
  n_entries = n_pool = 0;
  for (int t = 0; t < 2; t++)
    {
      if (pools[t].items == NULL)
        continue;
      for (guint e = 0; e < pools[t].entries->len; e++)
        {
          Entry entry = g_array_index (pools[t].entries, Entry, e);
          const uint32_t *from = &g_array_index (pools[t].items, uint32_t, entry.offset);
          uint32_t *to = result->item_pool + n_pool;

          for (uint32_t k = 0; k < entry.length; k++)
            {
              uint32_t item = setup.frequent[from[k]], j = k;

              while (j > 0 && to[j - 1] > item)
                {
                  to[j] = to[j - 1];
                  j--;
                }
              to[j] = item;
            }
          entry.offset = n_pool;
          n_pool += entry.length;
          entries[n_entries++] = entry;
        }
      pool_clear (&pools[t]);
    }
  sort_entries (entries, n_entries, result->item_pool);
  tuple_set_init (&set, result->item_pool, entries, n_entries);
  if (seg_monitor_report (monitor, with_rules ? 0.8 : 0.95))
    goto cancelled;

  has_superset = g_new0 (guint8, MAX (n_entries, 1));
  has_equal_superset = g_new0 (guint8, MAX (n_entries, 1));
  if (params->filter != SEG_ITEMSETS_ALL)
    mark_supersets (result->item_pool, entries, n_entries, &set, has_superset, has_equal_superset);
  shortest = MAX (params->min_length, 1);
  result->itemsets = g_new (SegItemset, MAX (n_entries, 1));
  for (size_t e = 0; e < n_entries; e++)
    {
      SegItemset *itemset = &result->itemsets[kept];

      if (entries[e].length < shortest ||
          (params->filter == SEG_ITEMSETS_CLOSED && has_equal_superset[e]) ||
          (params->filter == SEG_ITEMSETS_MAXIMAL && has_superset[e]))
        continue;
      itemset->items = result->item_pool + entries[e].offset;
      itemset->length = entries[e].length;
      itemset->count = entries[e].count;
      itemset->support = (double) entries[e].count / (double) setup.n_baskets;
      kept++;
    }
  result->n_itemsets = kept;

  if (with_rules)
    make_rules (result, &setup, entries, n_entries, &set);
  if (seg_monitor_report (monitor, 1.0))
    goto cancelled;
  tuple_set_clear (&set);
  setup_clear (&setup);

  return result;

cancelled:
  tuple_set_clear (&set);
  setup_clear (&setup);
  seg_itemset_result_free (result);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The mining was cancelled"));
  return NULL;
}

/**
 * seg_itemsets_mine:
 * @baskets: the baskets
 * @params: thresholds and choices; see #SegItemsetsParams
 * @monitor: (nullable): progress and cancelling
 * @error: a #GError: %G_IO_ERROR_INVALID_ARGUMENT for bad parameters,
 *   %G_IO_ERROR_INVALID_DATA for baskets out of order,
 *   %G_IO_ERROR_NO_SPACE when the itemsets would not fit in
 *   @params->max_bytes (the message suggests a support at which they
 *   would), %G_IO_ERROR_CANCELLED
 *
 * Finds the frequent itemsets of at least @params->min_length and at most
 * @params->max_length items, all of them or only the closed ones (no
 * superset as frequent) or the maximal ones (no frequent superset; a
 * superset longer than max_length does not count), sorted by support
 * (most frequent first), then by their items.
 *
 * The memory guard counts the itemsets as they are found and stops
 * past @params->max_itemsets, or, when that is 0, past as many as fit in
 * @params->max_bytes at about 100 bytes each (0 for both: no limit). The
 * error then says how much memory the itemsets would take and the
 * lowest support (two significant digits) at which they fit, both found
 * by counting itemsets without keeping them.
 *
 * Returns: (transfer full) (nullable): the itemsets, or %NULL with @error set
 */
SegItemsetResult *
seg_itemsets_mine (const SegBaskets        *baskets,
                   const SegItemsetsParams *params,
                   const SegMonitor        *monitor,
                   GError                 **error)
{
  g_return_val_if_fail (baskets != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return mine (baskets, params, FALSE, monitor, error);
}

/**
 * seg_rules_mine:
 * @baskets: the baskets
 * @params: thresholds and choices; see #SegItemsetsParams
 * @monitor: (nullable): progress and cancelling
 * @error: a #GError, as for seg_itemsets_mine()
 *
 * Finds the itemsets as seg_itemsets_mine() does and the rules
 * X ⇒ y of every frequent itemset X ∪ {y} of min_length (at least 2) to
 * max_length items with a confidence of min_confidence or more, y one
 * of @params->rhs_items when given. The filter (closed, maximal) applies
 * to the itemsets returned, not to the rules.
 *
 * A rule is redundant when a rule with the same right-hand side and a
 * non-empty proper subset of its left-hand side has at least its
 * confidence. The shorter rules count whether or not they are returned
 * (they may be shorter than min_length, or have a right-hand side left
 * out), and the empty left-hand side does not count, so rules with one
 * item on the left are never redundant. Confidences are compared as
 * exact fractions.
 *
 * p-values are those of Fisher's exact test, one-sided (a positive
 * association), on the 2 × 2 table of the left-hand side against the
 * right over all baskets; p_adjusted corrects them for the number of
 * rules returned. Rules come sorted by lift, highest first, then by
 * confidence, support, left-hand side and right-hand side.
 *
 * Returns: (transfer full) (nullable): the itemsets and rules, or %NULL
 *   with @error set
 */
SegItemsetResult *
seg_rules_mine (const SegBaskets        *baskets,
                const SegItemsetsParams *params,
                const SegMonitor        *monitor,
                GError                 **error)
{
  g_return_val_if_fail (baskets != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return mine (baskets, params, TRUE, monitor, error);
}

size_t
seg_itemset_result_n_itemsets (const SegItemsetResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_itemsets;
}

const SegItemset *
seg_itemset_result_itemset (const SegItemsetResult *result,
                            size_t                  i)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (i < result->n_itemsets, NULL);
  return &result->itemsets[i];
}

size_t
seg_itemset_result_n_rules (const SegItemsetResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_rules;
}

const SegRule *
seg_itemset_result_rule (const SegItemsetResult *result,
                         size_t                  i)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (i < result->n_rules, NULL);
  return &result->rules[i];
}

/**
 * seg_itemset_result_item_count:
 * @result: a result
 * @item: an item id
 *
 * Returns: how many baskets hold @item, frequent or not
 */
size_t
seg_itemset_result_item_count (const SegItemsetResult *result,
                               uint32_t                item)
{
  g_return_val_if_fail (result != NULL, 0);
  g_return_val_if_fail (item < result->n_items, 0);
  return result->item_counts[item];
}

void
seg_itemset_result_free (SegItemsetResult *result)
{
  if (result == NULL)
    return;
  g_free (result->item_counts);
  g_free (result->item_pool);
  g_free (result->itemsets);
  g_free (result->lhs_pool);
  g_free (result->rules);
  g_free (result);
}

/* ------------------------------------------------------------------ */
/* Baskets from pairs, and from lines of text. */

static inline gboolean
id_before (const uint32_t *a,
           const uint32_t *b,
           gpointer        unused)
{
  (void) unused;
  return *a < *b;
}

DEFINE_MERGE_SORT (sort_ids, uint32_t, gpointer, id_before)

/**
 * seg_basket_list_new_from_pairs:
 * @basket_of: (array length=n_pairs): the basket of each pair, 0 to n_baskets - 1
 * @item_of: (array length=n_pairs): the item of each pair, 0 to n_items - 1
 * @n_pairs: how many (basket, item) pairs, in any order
 * @n_baskets: how many baskets, empty ones included
 * @n_items: how many items
 * @error: a #GError, %G_IO_ERROR_INVALID_DATA naming the first pair out of range
 *
 * Gathers order lines into baskets: each basket's items come out
 * ascending, an item bought twice in a basket once.
 *
 * Returns: (transfer full) (nullable): the baskets, or %NULL with @error set
 */
SegBasketList *
seg_basket_list_new_from_pairs (const uint32_t *basket_of,
                                const uint32_t *item_of,
                                size_t          n_pairs,
                                size_t          n_baskets,
                                size_t          n_items,
                                GError        **error)
{
  g_autoptr (SegBasketList) list = NULL;
  g_autofree size_t *start = NULL;
  size_t filled = 0;

  g_return_val_if_fail (n_pairs == 0 || (basket_of != NULL && item_of != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_baskets > MAX_COUNT || n_items > MAX_COUNT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Too many baskets or items (%zu baskets of %zu items)"), n_baskets, n_items);
      return NULL;
    }
  for (size_t i = 0; i < n_pairs; i++)
    if (basket_of[i] >= n_baskets || item_of[i] >= n_items)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("Pair %zu: basket %u of %zu or item %u of %zu is out of range"),
                     i + 1, basket_of[i], n_baskets, item_of[i], n_items);
        return NULL;
      }

  list = g_new0 (SegBasketList, 1);
  list->offsets = g_new0 (size_t, n_baskets + 1);
  list->items = g_new (uint32_t, MAX (n_pairs, 1));
  start = g_new (size_t, n_baskets + 1);
  for (size_t i = 0; i < n_pairs; i++)
    list->offsets[basket_of[i] + 1]++;
  for (size_t b = 0; b < n_baskets; b++)
    list->offsets[b + 1] += list->offsets[b];
  memcpy (start, list->offsets, (n_baskets + 1) * sizeof (size_t));
  for (size_t i = 0; i < n_pairs; i++)
    list->items[start[basket_of[i]]++] = item_of[i];

  /* Sort each basket and drop repeats, closing the gaps. */
  for (size_t b = 0; b < n_baskets; b++)
    {
      size_t from = list->offsets[b], to = list->offsets[b + 1];

      sort_ids (list->items + from, to - from, NULL);
      list->offsets[b] = filled;
      for (size_t k = from; k < to; k++)
        if (k == from || list->items[k] != list->items[k - 1])
          list->items[filled++] = list->items[k];
    }
  list->offsets[n_baskets] = filled;

  list->baskets.n_baskets = n_baskets;
  list->baskets.n_items = n_items;
  list->baskets.offsets = list->offsets;
  list->baskets.items = list->items;

  return g_steal_pointer (&list);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  char **names = data;

  return strcmp (names[*(const uint32_t *) a], names[*(const uint32_t *) b]);
}

/**
 * seg_baskets_read_lines:
 * @text: (array length=length): the text, UTF-8
 * @length: its length in bytes
 * @error: a #GError, %G_IO_ERROR_INVALID_DATA naming the line and column
 *
 * Reads baskets written one per line, the items' names separated by
 * commas, as arules' read.transactions (format "basket") does. Names are
 * kept exactly, spaces included; an empty line is an empty basket but
 * the end of the last line is no new one. Item ids follow the names'
 * byte order.
 *
 * Returns: (transfer full) (nullable): the baskets with names, or %NULL
 *   with @error set
 */
SegBasketList *
seg_baskets_read_lines (const char  *text,
                        size_t       length,
                        GError     **error)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) basket_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autoptr (GArray) item_of = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  g_autofree uint32_t *order = NULL;
  g_autofree uint32_t *new_id = NULL;
  SegBasketList *list;
  size_t line = 0, position = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (position < length)
    {
      const char *begin = text + position;
      const char *end = memchr (begin, '\n', length - position);
      size_t line_length = end != NULL ? (size_t) (end - begin) : length - position;
      size_t field = 0;

      position += line_length + (end != NULL);
      if (line_length > 0 && begin[line_length - 1] == '\r')
        line_length--;
      if (line >= MAX_COUNT)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Line %zu: too many baskets"), line + 1);
          return NULL;
        }
      while (line_length > 0 && field <= line_length)
        {
          const char *comma = memchr (begin + field, ',', line_length - field);
          size_t stop = comma != NULL ? (size_t) (comma - begin) : line_length;
          g_autofree char *name = g_strndup (begin + field, stop - field);
          gpointer id;
          uint32_t basket = (uint32_t) line, item;

          if (stop == field || !g_utf8_validate (name, -1, NULL) || strlen (name) != stop - field)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           stop == field ? _("Line %zu, column %zu: an empty item name")
                                         : _("Line %zu, column %zu: the item name is not valid UTF-8 text"),
                           line + 1, field + 1);
              return NULL;
            }
          if (!g_hash_table_lookup_extended (ids, name, NULL, &id))
            {
              id = GUINT_TO_POINTER (names->len);
              g_hash_table_insert (ids, name, id);
              g_ptr_array_add (names, g_steal_pointer (&name));
            }
          item = GPOINTER_TO_UINT (id);
          g_array_append_val (basket_of, basket);
          g_array_append_val (item_of, item);
          field = stop + 1;
        }
      line++;
    }

  /* Ids in the order of the names. */
  order = g_new (uint32_t, MAX (names->len, 1));
  new_id = g_new (uint32_t, MAX (names->len, 1));
  for (guint i = 0; i < names->len; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) names->len, sizeof (uint32_t), compare_names, names->pdata);
  for (guint i = 0; i < names->len; i++)
    new_id[order[i]] = i;
  for (guint i = 0; i < item_of->len; i++)
    g_array_index (item_of, uint32_t, i) = new_id[g_array_index (item_of, uint32_t, i)];

  list = seg_basket_list_new_from_pairs ((const uint32_t *) (void *) basket_of->data,
                                         (const uint32_t *) (void *) item_of->data,
                                         item_of->len, line, names->len, error);
  if (list == NULL)
    return NULL;
  list->names = g_new0 (char *, names->len + 1);
  for (guint i = 0; i < names->len; i++)
    list->names[i] = g_strdup (g_ptr_array_index (names, order[i]));

  return list;
}

void
seg_basket_list_free (SegBasketList *list)
{
  if (list == NULL)
    return;
  g_free (list->offsets);
  g_free (list->items);
  g_strfreev (list->names);
  g_free (list);
}
