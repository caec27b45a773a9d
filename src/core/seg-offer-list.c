/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-export.h"
#include "seg-offer-list-private.h"
#include "seg-project-private.h"
#include "seg-run-record.h"
#include "seg-segment.h"
#include "seg-row-cache-private.h"

/*
 * The offers of a recommendation run, as a list a view pages through:
 * like the table browser's model, only the row ids of the rows shown,
 * in their order, live in memory, and rows are read from SQLite a page
 * at a time. Filters by customer (a search, a saved segment, a cluster,
 * the map's selection) work on an index of each customer's run of rows,
 * read once in a worker; the result table keeps a customer's offers
 * together, best first.
 */

#define PAGE_SIZE SEG_ROW_PAGE_SIZE
#define EARLY_ROWS PAGE_SIZE

struct _SegOfferRow
{
  GObject  parent_instance;
  gint64   rowid;
  char    *customer;
  char    *item;
  char    *item_name;
  char    *reason;
  char    *name;
  double   score;
  int      rank;
};

G_DEFINE_FINAL_TYPE (SegOfferRow, seg_offer_row, G_TYPE_OBJECT)

static void
seg_offer_row_finalize (GObject *object)
{
  SegOfferRow *self = (SegOfferRow *) object;

  g_free (self->customer);
  g_free (self->item);
  g_free (self->item_name);
  g_free (self->reason);
  g_free (self->name);

  G_OBJECT_CLASS (seg_offer_row_parent_class)->finalize (object);
}

static void
seg_offer_row_class_init (SegOfferRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = seg_offer_row_finalize;
}

static void
seg_offer_row_init (SegOfferRow *self)
{
}

const char *
seg_offer_row_get_customer (SegOfferRow *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_ROW (self), NULL);
  return self->customer;
}

/* The customer's name from the customers table, or NULL. */
const char *
seg_offer_row_get_name (SegOfferRow *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_ROW (self), NULL);
  return self->name;
}

int
seg_offer_row_get_rank (SegOfferRow *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_ROW (self), 0);
  return self->rank;
}

const char *
seg_offer_row_get_item (SegOfferRow *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_ROW (self), NULL);
  return self->item;
}

const char *
seg_offer_row_get_item_name (SegOfferRow *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_ROW (self), NULL);
  return self->item_name;
}

double
seg_offer_row_get_score (SegOfferRow *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_ROW (self), 0);
  return self->score;
}

const char *
seg_offer_row_get_reason (SegOfferRow *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_ROW (self), NULL);
  return self->reason;
}

/* One customer's consecutive rows. */
typedef struct
{
  char       *key;
  const char *name;    /* in the list's names, or NULL */
  char       *folded;  /* key and name, case-folded, for the search */
  gint64      first;   /* rowid */
  guint       n;
} Block;

struct _SegOfferList
{
  GObject       parent_instance;
  SegProject   *project;
  gint64        run;
  char         *table;
  char         *quoted;
  char         *people;       /* the customers table, or NULL */
  char         *people_key;
  GStrv         contacts;     /* its name, e-mail, phone and address columns */
  GHashTable   *names;        /* customer key → name, read with the index;
                               * read-only once made */
  gint64        min_rowid;
  gint64        max_rowid;
  guint         n_total;
  gboolean      dense;        /* the rowids run from min to max without gaps */
  gboolean      item_names;   /* the run was given a products table */
  gboolean      by_customer;  /* the run indexed its text customer keys */

  GMutex        index_lock;
  GArray       *blocks;       /* of Block, in stored order; NULL until read */
  gboolean      unique;       /* each customer has one block */
  gboolean      folded;       /* the blocks' search texts are made */
  double        max_score;
  double        told_max;     /* the max-score last notified */

  GArray       *rowids;       /* gint64, in display order */
  guint         n_customers;
  gboolean      filtered;

  guint         generation;   /* of the last query asked for */
  guint         n_early;      /* rows shown before the query completed */
  gboolean      complete;     /* the last query's rows are all shown */
  gboolean      by_score;     /* the result table has an index on the score */
  guint         early_limit;  /* how many rows a query shows early */

  sqlite3_stmt *fetch;
  sqlite3_stmt *fetch_names;  /* one page's customers' names */
  SegRowCache   cache;
};

enum {
  PROP_0,
  PROP_MAX_SCORE,
  PROP_N_CUSTOMERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SegOfferList, seg_offer_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
block_clear (Block *block)
{
  g_free (block->key);
  g_free (block->folded);
}

static void
seg_offer_list_dispose (GObject *object)
{
  SegOfferList *self = (SegOfferList *) object;

  seg_row_cache_clear (&self->cache);
  g_clear_pointer (&self->fetch, sqlite3_finalize);
  g_clear_pointer (&self->fetch_names, sqlite3_finalize);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (seg_offer_list_parent_class)->dispose (object);
}

static void
seg_offer_list_finalize (GObject *object)
{
  SegOfferList *self = (SegOfferList *) object;

  g_free (self->table);
  g_free (self->quoted);
  g_free (self->people);
  g_free (self->people_key);
  g_strfreev (self->contacts);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_mutex_clear (&self->index_lock);

  G_OBJECT_CLASS (seg_offer_list_parent_class)->finalize (object);
}

static void
seg_offer_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SegOfferList *self = SEG_OFFER_LIST (object);

  switch (prop_id)
    {
    case PROP_MAX_SCORE: g_value_set_double (value, self->told_max); break;
    case PROP_N_CUSTOMERS: g_value_set_uint (value, self->n_customers); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_offer_list_class_init (SegOfferListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = seg_offer_list_dispose;
  object_class->finalize = seg_offer_list_finalize;
  object_class->get_property = seg_offer_list_get_property;

  /* The best score of the run, for drawing scores as bars; known once
   * the first query is done, and 0 until then. */
  properties[PROP_MAX_SCORE] =
    g_param_spec_double ("max-score", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CUSTOMERS] =
    g_param_spec_uint ("n-customers", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_offer_list_init (SegOfferList *self)
{
  g_mutex_init (&self->index_lock);
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->complete = TRUE;
  self->early_limit = EARLY_ROWS;
  seg_row_cache_init (&self->cache);
}

static GType
get_item_type (GListModel *model)
{
  return SEG_TYPE_OFFER_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return SEG_OFFER_LIST (model)->rowids->len;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static GHashTable *load_page_names (SegOfferList  *self,
                                    SegOfferRow  **rows,
                                    guint          n_rows);

static void
load_page (SegOfferList *self,
           guint         index)
{
  SegOfferRow **rows;
  guint first = index * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->rowids->len - first);
  g_autoptr(GHashTable) by_rowid = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) names = NULL;

  rows = g_new0 (SegOfferRow *, n);
  for (guint i = 0; i < n; i++)
    {
      SegOfferRow *row = g_object_new (SEG_TYPE_OFFER_ROW, NULL);

      row->rowid = g_array_index (self->rowids, gint64, first + i);
      rows[i] = row;
      g_hash_table_insert (by_rowid, &row->rowid, row);
    }

  sqlite3_reset (self->fetch);
  for (guint i = 0; i < PAGE_SIZE; i++)
    {
      if (i < n)
        sqlite3_bind_int64 (self->fetch, i + 1, rows[i]->rowid);
      else
        sqlite3_bind_null (self->fetch, i + 1);
    }
  while (sqlite3_step (self->fetch) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (self->fetch, 0);
      SegOfferRow *row = g_hash_table_lookup (by_rowid, &rowid);

      if (row == NULL)
        continue;
      row->customer = column_dup (self->fetch, 1);
      row->rank = sqlite3_column_int (self->fetch, 2);
      row->item = column_dup (self->fetch, 3);
      row->item_name = column_dup (self->fetch, 4);
      row->score = sqlite3_column_double (self->fetch, 5);
      row->reason = column_dup (self->fetch, 6);
    }
  sqlite3_reset (self->fetch);

  /* A worker reading the index holds the lock for as long as that takes:
   * the page then reads its own customers' names rather than wait. */
  if (g_mutex_trylock (&self->index_lock))
    {
      names = self->names != NULL ? g_hash_table_ref (self->names) : NULL;
      g_mutex_unlock (&self->index_lock);
    }
  if (names == NULL && self->fetch_names != NULL)
    names = load_page_names (self, rows, n);
  for (guint i = 0; names != NULL && i < n; i++)
    if (rows[i]->customer != NULL)
      rows[i]->name = g_strdup (g_hash_table_lookup (names, rows[i]->customer));

  seg_row_cache_add (&self->cache, index, (gpointer *) rows, n);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SegOfferList *self = SEG_OFFER_LIST (model);
  gpointer row;

  if (position >= self->rowids->len || self->fetch == NULL)
    return NULL;

  row = seg_row_cache_get (&self->cache, position);
  if (row == NULL)
    {
      load_page (self, position / PAGE_SIZE);
      row = seg_row_cache_get (&self->cache, position);
    }
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* The customers table -------------------------------------------------- */

/* Column names that tell a customer's name and how to reach them, in
 * English and Chinese. */
static const char *const name_columns[] = {
  "name", "customer_name", "full_name", "display_name", "company", "contact",
  "姓名", "客户名称", "客户姓名", "名称", "名字", "联系人", NULL
};
static const char *const reach_columns[] = {
  "email", "e-mail", "e_mail", "mail", "email_address",
  "phone", "telephone", "tel", "mobile", "phone_number", "mobile_phone",
  "address", "street", "street_address", "city", "town", "state", "province", "region",
  "postcode", "postal_code", "zip", "zip_code", "country",
  "邮箱", "电子邮件", "电子邮箱", "电话", "手机", "手机号", "联系电话", "电话号码",
  "地址", "收货地址", "街道", "城市", "省份", "省", "地区", "邮编", "邮政编码", "国家", NULL
};

static gboolean
is_one_of (const char        *name,
           const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0 || g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

/* A table the user imported with the run's customer column and at least
 * a name or a way to reach them: its name, key and contact columns. */
static void
find_people (SegOfferList *self,
             SegRunRecord *record)
{
  g_autoptr(GPtrArray) tables = seg_project_list_tables (self->project, NULL);
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  const char *keys[3] = { NULL, "customer_id", NULL };
  guint best_score = 0;

  if (input != NULL)
    keys[0] = json_object_get_string_member_with_default (input, "user", NULL);
  if (keys[0] == NULL)
    keys[0] = "customer";

  for (guint t = 0; tables != NULL && t < tables->len; t++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, t);
      g_autoptr(GStrvBuilder) contacts = g_strv_builder_new ();
      SegColumnInfo *key = NULL;
      guint score = 0;

      /* Tables an analysis made hold results, not people; the order
       * lines name customers but are not about them. */
      if (info->origin != NULL || g_strcmp0 (info->name, record->input_table) == 0)
        continue;
      for (guint k = 0; keys[k] != NULL && key == NULL; k++)
        key = seg_table_find_column (info, "", keys[k], NULL);
      if (key == NULL)
        continue;
      for (guint c = 0; c < info->columns->len; c++)
        {
          SegColumnInfo *column = g_ptr_array_index (info->columns, c);

          if (column == key)
            continue;
          if (is_one_of (column->name, name_columns) && column->type == SEG_COLUMN_TEXT)
            {
              g_strv_builder_add (contacts, column->name);
              score += 2;
            }
          else if (is_one_of (column->name, reach_columns))
            {
              g_strv_builder_add (contacts, column->name);
              score++;
            }
        }
      if (score <= best_score)
        continue;
      best_score = score;
      g_free (self->people);
      g_free (self->people_key);
      g_strfreev (self->contacts);
      self->people = g_strdup (info->name);
      self->people_key = g_strdup (key->name);
      self->contacts = g_strv_builder_end (contacts);
    }
}

/* The query for the customers' names, or NULL when the customers table
 * has no name column. */
static char *
names_query (SegOfferList *self,
             gboolean      for_page)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autofree char *name_q = NULL;
  const char *name = NULL;

  for (guint i = 0; self->contacts != NULL && self->contacts[i] != NULL && name == NULL; i++)
    if (is_one_of (self->contacts[i], name_columns))
      name = self->contacts[i];
  if (name == NULL)
    return NULL;

  table_q = seg_quote_identifier (self->people);
  key_q = seg_quote_identifier (self->people_key);
  name_q = seg_quote_identifier (name);
  g_string_printf (sql, "SELECT CAST (%s AS TEXT), %s FROM %s WHERE %s IS NOT NULL", key_q, name_q, table_q, name_q);
  if (for_page)
    {
      g_string_append_printf (sql, " AND CAST (%s AS TEXT) IN (", key_q);
      for (guint i = 0; i < PAGE_SIZE; i++)
        g_string_append (sql, i ? ", ?" : "?");
      g_string_append (sql, ")");
    }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Every customer's name, read with the index in a worker. */
static GHashTable *
load_names (SegOfferList *self,
            SegProject   *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = names_query (self, FALSE);
  GHashTable *names;

  if (sql == NULL || !seg_project_prepare (db, sql, &stmt, NULL))
    return NULL;
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) != SQLITE_NULL && !g_hash_table_contains (names, sqlite3_column_text (stmt, 0)))
      g_hash_table_insert (names, column_dup (stmt, 0), column_dup (stmt, 1));
  return names;
}

/* The names of one page's customers, before all are read. */
static GHashTable *
load_page_names (SegOfferList  *self,
                 SegOfferRow  **rows,
                 guint          n_rows)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint bound = 0;

  sqlite3_reset (self->fetch_names);
  for (guint i = 0; i < n_rows && bound < PAGE_SIZE; i++)
    if (rows[i]->customer != NULL && !g_hash_table_contains (names, rows[i]->customer))
      {
        g_hash_table_insert (names, g_strdup (rows[i]->customer), NULL);
        sqlite3_bind_text (self->fetch_names, ++bound, rows[i]->customer, -1, SQLITE_TRANSIENT);
      }
  while (bound < PAGE_SIZE)
    sqlite3_bind_null (self->fetch_names, ++bound);
  while (sqlite3_step (self->fetch_names) == SQLITE_ROW)
    if (sqlite3_column_type (self->fetch_names, 0) != SQLITE_NULL &&
        g_hash_table_lookup (names, sqlite3_column_text (self->fetch_names, 0)) == NULL)
      g_hash_table_insert (names, column_dup (self->fetch_names, 0), column_dup (self->fetch_names, 1));
  sqlite3_reset (self->fetch_names);
  return names;
}

/* Queries -------------------------------------------------------------- */

/* Reads each customer's run of rows and the best score: once, in
 * whichever thread asks first. */
static gboolean
ensure_index (SegOfferList  *self,
              SegProject    *db,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) blocks = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->index_lock);
  gboolean unique = TRUE;
  double max_score = -INFINITY;
  gint64 previous = G_MININT64;
  int rc;

  if (self->blocks != NULL)
    return TRUE;

  if (self->names == NULL && self->people != NULL)
    self->names = load_names (self, db);
  blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (blocks, (GDestroyNotify) block_clear);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* A run writes each customer's offers together, best first: where the
   * rowids have no gaps, the first offers alone tell where each customer's
   * rows start and end, and the best score. */
  if (self->dense && self->n_total > 0)
    {
      sql = g_strdup_printf ("SELECT rowid, CAST (customer AS TEXT), score FROM %s WHERE rank = 1 ORDER BY rowid",
                             self->quoted);
      if (!seg_project_prepare (db, sql, &stmt, error))
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *key = (const char *) sqlite3_column_text (stmt, 1);
          Block block = { g_strdup (key != NULL ? key : ""), NULL, NULL, sqlite3_column_int64 (stmt, 0), 0 };

          if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
            max_score = MAX (max_score, sqlite3_column_double (stmt, 2));
          block.name = self->names != NULL ? g_hash_table_lookup (self->names, block.key) : NULL;
          if (blocks->len > 0)
            g_array_index (blocks, Block, blocks->len - 1).n = (guint) (block.first - g_array_index (blocks, Block, blocks->len - 1).first);
          g_array_append_val (blocks, block);
          if (!g_hash_table_add (seen, g_array_index (blocks, Block, blocks->len - 1).key))
            unique = FALSE;
          if ((blocks->len & 0x3fff) == 0 && g_cancellable_is_cancelled (cancellable))
            break;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (db, rc, error);
      if (blocks->len > 0 && g_array_index (blocks, Block, 0).first == self->min_rowid)
        {
          Block *last = &g_array_index (blocks, Block, blocks->len - 1);

          last->n = (guint) (self->max_rowid - last->first + 1);
          self->unique = unique;
          self->max_score = isfinite (max_score) ? max_score : 0;
          self->blocks = g_steal_pointer (&blocks);
          return TRUE;
        }
      /* Not as a run writes them: every row is read. */
      g_array_set_size (blocks, 0);
      g_hash_table_remove_all (seen);
      g_clear_pointer (&stmt, sqlite3_finalize);
      g_clear_pointer (&sql, g_free);
      unique = TRUE;
      max_score = -INFINITY;
    }

  sql = g_strdup_printf ("SELECT rowid, CAST (customer AS TEXT), score FROM %s ORDER BY rowid", self->quoted);
  if (!seg_project_prepare (db, sql, &stmt, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 1);
      Block *last = blocks->len > 0 ? &g_array_index (blocks, Block, blocks->len - 1) : NULL;

      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        max_score = MAX (max_score, sqlite3_column_double (stmt, 2));
      if (key == NULL)
        key = "";
      if (last != NULL && rowid == previous + 1 && strcmp (last->key, key) == 0)
        last->n++;
      else
        {
          Block block = { g_strdup (key), NULL, NULL, rowid, 1 };

          block.name = self->names != NULL ? g_hash_table_lookup (self->names, key) : NULL;
          g_array_append_val (blocks, block);
          last = &g_array_index (blocks, Block, blocks->len - 1);
          if (!g_hash_table_add (seen, last->key))
            unique = FALSE;
        }
      previous = rowid;
      if ((rowid & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (db, rc, error);

  self->unique = unique;
  self->max_score = isfinite (max_score) ? max_score : 0;
  self->blocks = g_steal_pointer (&blocks);
  return TRUE;
}

/* @text case-folded; plain ASCII, the most common, without the tables. */
static char *
fold (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return g_utf8_casefold (text, -1);
  return g_ascii_strdown (text, -1);
}

/* What a search looks in for a customer: key and name, case-folded. */
static char *
search_text (const char *key,
             const char *name)
{
  g_autofree char *folded_key = fold (key);
  g_autofree char *folded_name = NULL;

  if (name == NULL)
    return g_steal_pointer (&folded_key);
  folded_name = fold (name);
  return g_strconcat (folded_key, "\n", folded_name, NULL);
}

/* The customers' keys and names case-folded, for the first search. */
static void
ensure_folded (SegOfferList *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->index_lock);

  if (self->folded)
    return;
  for (guint b = 0; b < self->blocks->len; b++)
    {
      Block *block = &g_array_index (self->blocks, Block, b);

      block->folded = search_text (block->key, block->name);
    }
  self->folded = TRUE;
}

typedef struct
{
  char         *search;    /* case-folded */
  gint64        segment;
  gint64        cluster_run;
  int           cluster;
  GHashTable   *keys;      /* the selection, or NULL */
  SegOfferSort  sort;
  gboolean      descending;
  guint         generation;
  GHashTable   *kept;      /* the keys all key filters keep, once read */
} Query;

static void
query_free (Query *query)
{
  g_free (query->search);
  g_clear_pointer (&query->keys, g_hash_table_unref);
  g_clear_pointer (&query->kept, g_hash_table_unref);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

static Query *
query_new (const SegOfferFilter *filter)
{
  Query *query = g_new0 (Query, 1);

  if (filter->search != NULL && filter->search[0] != '\0')
    query->search = fold (filter->search);
  query->segment = MAX (filter->segment, 0);
  query->cluster_run = filter->cluster > 0 ? filter->cluster_run : 0;
  query->cluster = query->cluster_run > 0 ? filter->cluster : 0;
  if (filter->keys != NULL)
    {
      query->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; filter->keys[i] != NULL; i++)
        g_hash_table_add (query->keys, g_strdup (filter->keys[i]));
    }
  query->sort = filter->sort;
  query->descending = filter->descending;
  return query;
}

static gboolean
query_is_filtered (const Query *query)
{
  return query->search != NULL || query->segment > 0 || query->cluster > 0 || query->keys != NULL;
}

static GHashTable *
key_set (GStrv keys)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_add (set, g_steal_pointer (&keys[i]));
  g_free (keys);
  return set;
}

typedef struct
{
  GArray *rowids;
  guint   n_customers;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->rowids, g_array_unref);
  g_free (answer);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const Block *x = *(const Block **) a;
  const Block *y = *(const Block **) b;

  return strcmp (x->key, y->key);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const Block *x = *(const Block **) a;
  const Block *y = *(const Block **) b;
  int order;

  /* Customers without a name come last, by key. */
  if ((x->name == NULL) != (y->name == NULL))
    return x->name == NULL ? 1 : -1;
  order = x->name != NULL ? strcmp (x->name, y->name) : 0;
  return order != 0 ? order : strcmp (x->key, y->key);
}

static const char *
sort_column (SegOfferSort sort)
{
  switch (sort)
    {
    case SEG_OFFER_SORT_RANK: return "rank";
    case SEG_OFFER_SORT_ITEM: return "CAST (item AS TEXT)";
    case SEG_OFFER_SORT_ITEM_NAME: return "item_name";
    case SEG_OFFER_SORT_SCORE: return "score";
    case SEG_OFFER_SORT_REASON: return "reason";
    case SEG_OFFER_SORT_STORED:
    case SEG_OFFER_SORT_CUSTOMER:
    case SEG_OFFER_SORT_NAME:
    default:
      return NULL;
    }
}

/* The keys all the key filters of @query keep; it has at least one.
 * They are read once a query, for its first rows and for all. */
static GHashTable *
filter_keys (SegOfferList  *self,
             SegProject    *db,
             Query         *query,
             GError       **error)
{
  GHashTable *kept = NULL;
  GHashTable *sets[3] = { NULL, NULL, NULL };

  if (query->kept != NULL)
    return g_hash_table_ref (query->kept);

  if (query->segment > 0)
    {
      GStrv keys = seg_project_get_segment_keys (db, query->segment, error);

      if (keys == NULL)
        return NULL;
      sets[0] = key_set (keys);
    }
  if (query->cluster > 0)
    {
      GStrv keys = seg_project_read_cluster_keys (db, query->cluster_run, query->cluster, error);

      if (keys == NULL)
        {
          g_clear_pointer (&sets[0], g_hash_table_unref);
          return NULL;
        }
      sets[1] = key_set (keys);
    }
  if (query->keys != NULL)
    sets[2] = g_hash_table_ref (query->keys);

  /* The smallest set, less the keys another leaves out. */
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    if (sets[i] != NULL && (kept == NULL || g_hash_table_size (sets[i]) < g_hash_table_size (kept)))
      kept = sets[i];
  kept = g_hash_table_ref (kept);
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    if (sets[i] != NULL && sets[i] != kept)
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, kept);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          if (!g_hash_table_contains (sets[i], key))
            g_hash_table_iter_remove (&iter);
      }
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    g_clear_pointer (&sets[i], g_hash_table_unref);
  query->kept = g_hash_table_ref (kept);
  return kept;
}

/* A filter by a set of customers on a run that indexed its customers:
 * their rows are looked up, not the whole table read. The rows and their
 * order are those of the full read: stored order is rowid order, and a
 * sort breaks ties by rowid. */
static Answer *
run_indexed_query (SegOfferList  *self,
                   SegProject    *db,
                   Query         *query,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GHashTable) keys = filter_keys (self, db, query, error);
  g_autoptr(GHashTable) customers = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sql = NULL;
  const char *column = sort_column (query->sort);
  GHashTableIter iter;
  gpointer key;
  Answer *answer;
  int rc;

  if (keys == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    json_builder_add_string_value (builder, key);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  sql = g_strdup_printf ("SELECT rowid, customer FROM %s WHERE customer IN (SELECT value FROM json_each (?))"
                         " ORDER BY %s%s rowid", self->quoted, column != NULL ? column : "",
                         column == NULL ? "" : query->descending ? " DESC," : " ASC,");
  if (!seg_project_prepare (db, sql, &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);

  answer = g_new0 (Answer, 1);
  answer->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const char *customer = (const char *) sqlite3_column_text (stmt, 1);

      g_array_append_val (answer->rowids, rowid);
      if (customer != NULL && !g_hash_table_contains (customers, customer))
        g_hash_table_add (customers, g_strdup (customer));
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (db, rc, error);
      answer_free (answer);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  answer->n_customers = g_hash_table_size (customers);

  /* The best score, from the score index. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT max (score) FROM %s", self->quoted);
  if (!seg_project_prepare (db, sql, &stmt, error))
    {
      answer_free (answer);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_mutex_lock (&self->index_lock);
      if (self->blocks == NULL)
        self->max_score = sqlite3_column_type (stmt, 0) != SQLITE_NULL ? sqlite3_column_double (stmt, 0) : 0;
      g_mutex_unlock (&self->index_lock);
    }
  return answer;
}

/* Whether @query's rows are looked up by customer in the customer index
 * rather than found in a pass over the table. */
static gboolean
takes_index (SegOfferList *self,
             const Query  *query)
{
  return self->by_customer && query->search == NULL &&
         (query->segment > 0 || query->cluster > 0 || query->keys != NULL) &&
         (sort_column (query->sort) != NULL || (query->sort == SEG_OFFER_SORT_STORED && !query->descending));
}

/* The rows shown for @query, in order; safe in a worker. */
static Answer *
run_query (SegOfferList  *self,
           SegProject    *db,
           Query         *query,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GHashTable) keys = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autoptr(GHashTable) customers = NULL;
  g_autofree guint8 *allowed = NULL;
  Answer *answer;
  const char *column = sort_column (query->sort);
  gboolean filtered = query_is_filtered (query);

  if (takes_index (self, query))
    return run_indexed_query (self, db, query, cancellable, error);

  if (!ensure_index (self, db, cancellable, error))
    return NULL;
  if (query->search != NULL)
    ensure_folded (self);

  if ((query->segment > 0 || query->cluster > 0 || query->keys != NULL) &&
      (keys = filter_keys (self, db, query, error)) == NULL)
    return NULL;

  for (guint b = 0; b < self->blocks->len; b++)
    {
      Block *block = &g_array_index (self->blocks, Block, b);

      if ((query->search != NULL && strstr (block->folded, query->search) == NULL) ||
          (keys != NULL && !g_hash_table_contains (keys, block->key)))
        continue;
      g_ptr_array_add (kept, block);
    }

  answer = g_new0 (Answer, 1);
  if (self->unique)
    answer->n_customers = kept->len;
  else
    {
      customers = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < kept->len; i++)
        g_hash_table_add (customers, ((Block *) g_ptr_array_index (kept, i))->key);
      answer->n_customers = g_hash_table_size (customers);
    }

  if (column == NULL)
    {
      guint n = 0;

      if (query->sort == SEG_OFFER_SORT_CUSTOMER)
        g_ptr_array_sort (kept, compare_keys);
      else if (query->sort == SEG_OFFER_SORT_NAME)
        g_ptr_array_sort (kept, compare_names);
      for (guint i = 0; i < kept->len; i++)
        n += ((Block *) g_ptr_array_index (kept, i))->n;
      answer->rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      for (guint i = 0; i < kept->len; i++)
        {
          Block *block = g_ptr_array_index (kept, query->descending ? kept->len - 1 - i : i);

          for (guint r = 0; r < block->n; r++)
            {
              gint64 rowid = block->first + r;

              g_array_append_val (answer->rowids, rowid);
            }
        }
      return answer;
    }

  /* Sorted by SQLite; the filter keeps the rows of the customers kept. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s ORDER BY %s %s, rowid", self->quoted, column,
                                            query->descending ? "DESC" : "ASC");
    gint64 span = self->max_rowid - self->min_rowid + 1;
    int rc;

    if (filtered)
      {
        allowed = g_new0 (guint8, MAX (span, 1));
        for (guint i = 0; i < kept->len; i++)
          {
            Block *block = g_ptr_array_index (kept, i);

            memset (allowed + (block->first - self->min_rowid), 1, block->n);
          }
      }
    if (!seg_project_prepare (db, sql, &stmt, error))
      {
        answer_free (answer);
        return NULL;
      }
    answer->rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), filtered ? 1024 : self->n_total);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 rowid = sqlite3_column_int64 (stmt, 0);

        if (allowed == NULL || (rowid >= self->min_rowid && rowid <= self->max_rowid && allowed[rowid - self->min_rowid]))
          g_array_append_val (answer->rowids, rowid);
      }
    if (rc != SQLITE_DONE)
      {
        seg_project_set_sqlite_error (db, rc, error);
        answer_free (answer);
        return NULL;
      }
  }
  return answer;
}

/* The first rows, early ----------------------------------------------- */

/* A query's first rows are shown before the whole answer is known: a
 * walk in the answer's own order, which SQLite can give from the table's
 * b-tree or one of its indexes, keeps the rows of the customers the
 * filters keep and stops at a page of rows or when its time is up. The
 * rows it keeps are the answer's first rows (the same order, the same
 * ties broken by rowid); the answer itself is then read as before, and
 * the rest of it appended. */

#define EARLY_BUDGET_US (50 * G_TIME_SPAN_MILLISECOND)
#define EARLY_FEW_KEYS  5000

typedef struct
{
  const Query *query;
  guint        limit;      /* rows enough */
  GHashTable  *keys;       /* those the key filters keep, or NULL */
  GHashTable  *named;      /* those whose name holds the search */
  char        *last_key;   /* the last customer tested */
  gboolean     last_kept;
} EarlyFilter;

static gboolean
early_keeps (EarlyFilter *filter,
             const char  *key)
{
  if (filter->last_key != NULL && strcmp (filter->last_key, key) == 0)
    return filter->last_kept;

  g_free (filter->last_key);
  filter->last_key = g_strdup (key);
  filter->last_kept = filter->keys == NULL || g_hash_table_contains (filter->keys, key);
  if (filter->last_kept && filter->query->search != NULL)
    {
      g_autofree char *folded = fold (key);

      filter->last_kept = strstr (folded, filter->query->search) != NULL ||
                          (filter->named != NULL && g_hash_table_contains (filter->named, key));
    }
  return filter->last_kept;
}

/* Whether a walk should stop: enough rows, or out of time with some
 * rows to show (a search that keeps few may need the whole walk), or
 * far out of time, or not wanted. */
static gboolean
early_done (EarlyFilter  *filter,
            GArray       *rowids,
            gint64        deadline,
            guint         steps,
            GCancellable *cancellable)
{
  gint64 now;

  if (rowids->len >= filter->limit)
    return TRUE;
  if ((steps & 0x3ff) != 0)
    return FALSE;
  now = g_get_monotonic_time ();
  return (now > deadline && rowids->len > 0) || now > deadline + 3 * EARLY_BUDGET_US ||
         g_cancellable_is_cancelled (cancellable);
}

/* Keeps the rows of @stmt (rowid, customer) the filter keeps, in its
 * order, until the walk is done. The answer names a customer without a
 * key ""; sorted by customer, the index puts those elsewhere, so such a
 * walk ends at the first (@end_at_null). */
static void
walk_rows (sqlite3_stmt *stmt,
           EarlyFilter  *filter,
           GArray       *rowids,
           gint64        deadline,
           guint        *steps,
           gboolean      end_at_null,
           GCancellable *cancellable)
{
  while (!early_done (filter, rowids, deadline, ++*steps, cancellable) && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 1);

      if (key == NULL && end_at_null)
        break;
      if (early_keeps (filter, key != NULL ? key : ""))
        g_array_append_val (rowids, rowid);
    }
}

/* Sorted by name: the customers table in the order of the names, each
 * customer's rows looked up in the customer index. Customers without a
 * name come after all those with one, so the walk stops there; it also
 * stops at a customer listed twice, whose name is the one read first. */
static void
walk_by_name (SegOfferList *self,
              SegProject   *db,
              EarlyFilter  *filter,
              GArray       *rowids,
              gint64        deadline,
              GCancellable *cancellable)
{
  g_autoptr(sqlite3_stmt) people = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *sql = names_query (self, FALSE);
  g_autofree char *rows_sql = NULL;
  guint steps = 0;

  if (sql == NULL)
    return;
  /* names_query () reads key and name; ordered as compare_names (), and
   * the first thousand only, which SQLite finds without sorting all. */
  {
    char *base = g_steal_pointer (&sql);

    sql = g_strconcat (base, " ORDER BY 2, 1 LIMIT 1024", NULL);
    g_free (base);
  }
  rows_sql = g_strdup_printf ("SELECT rowid FROM %s WHERE customer = ?1 ORDER BY rowid", self->quoted);
  if (!seg_project_prepare (db, sql, &people, NULL) ||
      !seg_project_prepare (db, rows_sql, &rows, NULL))
    return;
  while (!early_done (filter, rowids, deadline, ++steps, cancellable) && sqlite3_step (people) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (people, 0);

      if (key == NULL || !g_hash_table_add (seen, g_strdup (key)))
        break;
      if (!early_keeps (filter, key))
        continue;
      sqlite3_reset (rows);
      sqlite3_bind_text (rows, 1, key, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (rows, 0);

          g_array_append_val (rowids, rowid);
        }
    }
}

/* The customers whose name holds @search, in one pass over the
 * customers table: with the keys that hold it, those a search keeps. A
 * search text never holds the line break that joins key and name. */
static GHashTable *
named_keys (SegOfferList *self,
            SegProject   *db,
            const char   *search)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = names_query (self, FALSE);
  GHashTable *named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (sql == NULL || !seg_project_prepare (db, sql, &stmt, NULL))
    return named;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *folded = NULL;

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL || name == NULL)
        continue;
      folded = fold (name);
      if (strstr (folded, search) != NULL)
        g_hash_table_add (named, column_dup (stmt, 0));
    }
  return named;
}

/* Sorted by score, which has an index: the index gives each score's
 * rows in rowid order, the ties' order, so the walk goes from one score
 * to the next, best first or worst first. Rows without a score come
 * after all others, or before them. */
static void
walk_by_score (SegOfferList *self,
               SegProject   *db,
               EarlyFilter  *filter,
               GArray       *rowids,
               gint64        deadline,
               GCancellable *cancellable)
{
  gboolean descending = filter->query->descending;
  g_autoptr(sqlite3_stmt) next = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) nulls = NULL;
  g_autofree char *next_sql = NULL;
  g_autofree char *rows_sql = NULL;
  g_autofree char *nulls_sql = NULL;
  guint steps = 0;

  next_sql = g_strdup_printf (descending ? "SELECT max (score) FROM %s WHERE score < ?1"
                                         : "SELECT min (score) FROM %s WHERE score > ?1", self->quoted);
  rows_sql = g_strdup_printf ("SELECT rowid, CAST (customer AS TEXT) FROM %s WHERE score = ?1 ORDER BY rowid",
                              self->quoted);
  nulls_sql = g_strdup_printf ("SELECT rowid, CAST (customer AS TEXT) FROM %s WHERE score IS NULL ORDER BY rowid",
                               self->quoted);
  if (!seg_project_prepare (db, next_sql, &next, NULL) || !seg_project_prepare (db, rows_sql, &rows, NULL) ||
      !seg_project_prepare (db, nulls_sql, &nulls, NULL))
    return;

  for (guint part = 0; part < 2 && !early_done (filter, rowids, deadline, 0, cancellable); part++)
    {
      gboolean scores = descending ? part == 0 : part == 1;
      double score = descending ? INFINITY : -INFINITY;

      if (!scores)
        {
          walk_rows (nulls, filter, rowids, deadline, &steps, FALSE, cancellable);
          continue;
        }
      while (!early_done (filter, rowids, deadline, 0, cancellable))
        {
          sqlite3_reset (next);
          sqlite3_bind_double (next, 1, score);
          if (sqlite3_step (next) != SQLITE_ROW || sqlite3_column_type (next, 0) == SQLITE_NULL)
            break;
          score = sqlite3_column_double (next, 0);
          sqlite3_reset (rows);
          sqlite3_bind_double (rows, 1, score);
          walk_rows (rows, filter, rowids, deadline, &steps, FALSE, cancellable);
        }
    }
}

/* The first rows of @query's answer, or NULL where no walk gives them
 * in the answer's order. */
static GArray *
early_rows (SegOfferList  *self,
            SegProject    *db,
            Query         *query,
            gint64         deadline,
            GCancellable  *cancellable)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  EarlyFilter filter = { query, self->early_limit, NULL, NULL, NULL, FALSE };
  const char *direction = query->descending ? "DESC" : "ASC";
  gboolean by_customer = FALSE;
  guint steps = 0;

  switch (query->sort)
    {
    case SEG_OFFER_SORT_STORED:
      if (query->descending)
        return NULL;
      sql = g_strdup_printf ("SELECT rowid, CAST (customer AS TEXT) FROM %s ORDER BY rowid", self->quoted);
      break;
    case SEG_OFFER_SORT_CUSTOMER:
      if (!self->by_customer)
        return NULL;
      by_customer = TRUE;
      sql = g_strdup_printf ("SELECT rowid, customer FROM %s ORDER BY customer %s, rowid", self->quoted, direction);
      break;
    case SEG_OFFER_SORT_SCORE:
      if (!self->by_score)
        return NULL;
      break;
    case SEG_OFFER_SORT_NAME:
      /* Descending, the customers without a name come first. */
      if (query->descending || !self->by_customer || self->people == NULL)
        return NULL;
      break;
    case SEG_OFFER_SORT_RANK:
    case SEG_OFFER_SORT_ITEM:
    case SEG_OFFER_SORT_ITEM_NAME:
    case SEG_OFFER_SORT_REASON:
    default:
      return NULL;
    }

  if ((query->segment > 0 || query->cluster > 0 || query->keys != NULL) &&
      (filter.keys = filter_keys (self, db, query, NULL)) == NULL)
    return NULL;
  /* A few customers' rows are all looked up sooner than a walk through
   * everyone's finds a page of them. */
  if (filter.keys != NULL && takes_index (self, query) && g_hash_table_size (filter.keys) <= EARLY_FEW_KEYS)
    {
      g_hash_table_unref (filter.keys);
      return NULL;
    }
  if (query->search != NULL && strchr (query->search, '\n') != NULL)
    {
      g_clear_pointer (&filter.keys, g_hash_table_unref);
      return NULL;
    }
  if (query->search != NULL && self->people != NULL)
    filter.named = named_keys (self, db, query->search);

  if (query->sort == SEG_OFFER_SORT_NAME)
    walk_by_name (self, db, &filter, rowids, deadline, cancellable);
  else if (query->sort == SEG_OFFER_SORT_SCORE)
    walk_by_score (self, db, &filter, rowids, deadline, cancellable);
  else if (seg_project_prepare (db, sql, &stmt, NULL))
    walk_rows (stmt, &filter, rowids, deadline, &steps, by_customer, cancellable);

  g_clear_pointer (&filter.keys, g_hash_table_unref);
  g_clear_pointer (&filter.named, g_hash_table_unref);
  g_free (filter.last_key);
  if (rowids->len == 0 || g_cancellable_is_cancelled (cancellable))
    return NULL;
  return g_steal_pointer (&rowids);
}

typedef struct
{
  SegOfferList *self;
  GArray       *rowids;
  guint         generation;
  gboolean      filtered;
} Early;

static void
early_free (Early *early)
{
  g_object_unref (early->self);
  g_array_unref (early->rowids);
  g_free (early);
}

/* On the list's thread: shows the first rows, unless another query was
 * asked for or this one completed meanwhile. */
static gboolean
show_early (gpointer data)
{
  Early *early = data;
  SegOfferList *self = early->self;
  guint old_len = self->rowids->len;

  if (early->generation != self->generation || self->complete)
    return G_SOURCE_REMOVE;
  g_array_unref (self->rowids);
  self->rowids = g_array_ref (early->rowids);
  self->n_early = self->rowids->len;
  self->filtered = early->filtered;
  seg_row_cache_reset (&self->cache);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->rowids->len);
  return G_SOURCE_REMOVE;
}

static void
apply_answer (SegOfferList *self,
              Answer       *answer,
              gboolean      filtered)
{
  guint old_len = self->rowids->len;
  guint n_early = self->n_early;
  double max_score;

  /* The rows shown early stay where they are when the answer starts
   * with them, as it should; otherwise all are replaced. */
  if (n_early > 0 && n_early == old_len && n_early <= answer->rowids->len &&
      memcmp (self->rowids->data, answer->rowids->data, n_early * sizeof (gint64)) == 0)
    old_len = n_early;
  else
    n_early = 0;

  g_array_unref (self->rowids);
  self->rowids = g_steal_pointer (&answer->rowids);
  self->filtered = filtered;
  self->n_early = 0;
  self->complete = TRUE;
  seg_row_cache_reset (&self->cache);
  g_list_model_items_changed (G_LIST_MODEL (self), n_early, old_len - n_early, self->rowids->len - n_early);
  if (self->n_customers != answer->n_customers)
    {
      self->n_customers = answer->n_customers;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CUSTOMERS]);
    }
  g_mutex_lock (&self->index_lock);
  max_score = self->max_score;
  g_mutex_unlock (&self->index_lock);
  if (self->told_max != max_score)
    {
      self->told_max = max_score;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SCORE]);
    }
}

/**
 * seg_offer_list_query:
 * @filter: which offers to show, and their order
 *
 * Shows the offers @filter keeps; on failure the list shows what it did.
 */
gboolean
seg_offer_list_query (SegOfferList          *self,
                      const SegOfferFilter  *filter,
                      GError               **error)
{
  g_autoptr(Query) query = NULL;
  Answer *answer;

  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  query = query_new (filter);
  /* Whatever an earlier asynchronous query finds is no longer wanted. */
  query->generation = ++self->generation;
  self->n_early = 0;
  self->complete = TRUE;
  answer = run_query (self, self->project, query, NULL, error);
  if (answer == NULL)
    return FALSE;
  apply_answer (self, answer, query_is_filtered (query));
  answer_free (answer);
  return TRUE;
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SegOfferList *self = source_object;
  Query *query = task_data;
  g_autoptr(SegProject) reader = NULL;
  GError *error = NULL;
  SegProject *db;
  GArray *first;
  Answer *answer;

  /* A connection of the worker's own: a long sort here does not hold
   * the connection the window reads its rows from. Without one, the
   * shared connection serves, only more slowly. */
  reader = seg_project_open_writer (self->project, NULL);
  db = reader != NULL ? reader : self->project;

  first = early_rows (self, db, query, g_get_monotonic_time () + EARLY_BUDGET_US, cancellable);

  if (first != NULL)
    {
      Early *early = g_new0 (Early, 1);
      GSource *source = g_idle_source_new ();

      early->self = g_object_ref (self);
      early->rowids = first;
      early->generation = query->generation;
      early->filtered = query_is_filtered (query);
      /* Always from the list's own context: g_main_context_invoke ()
       * would run it here, on this worker, whenever no thread held that
       * context at the moment, and the views would hear of the change
       * from the wrong thread. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, show_early, early, (GDestroyNotify) early_free);
      g_source_set_static_name (source, "[segmenta] first offers");
      g_source_attach (source, g_task_get_context (task));
      g_source_unref (source);
    }

  answer = run_query (self, db, query, cancellable, &error);
  /* Closed before the caller hears of it, so that it may close the
   * project at once. */
  g_clear_object (&reader);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) answer_free);
}

/**
 * seg_offer_list_query_async:
 *
 * As seg_offer_list_query (), reading in a worker so that the window
 * stays responsive. Where the order and the filters allow, the first
 * rows show as soon as they are found (items-changed from 0), and the
 * rest are appended when the answer is complete, just before @callback
 * runs; until then seg_offer_list_get_complete () is %FALSE and the
 * number of items is not yet final. A later query makes this one's rows
 * stale: they are never shown, and its finish changes nothing.
 */
void
seg_offer_list_query_async (SegOfferList         *self,
                            const SegOfferFilter *filter,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (SEG_IS_OFFER_LIST (self));
  g_return_if_fail (filter != NULL);

  query = query_new (filter);
  query->generation = ++self->generation;
  self->complete = FALSE;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_offer_list_query_async);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_task_run_in_thread (task, query_thread);
}

gboolean
seg_offer_list_query_finish (SegOfferList  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  Query *query;
  Answer *answer;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  query = g_task_get_task_data (G_TASK (result));
  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return FALSE;
  if (query->generation == self->generation && !self->complete)
    apply_answer (self, answer, query_is_filtered (query));
  answer_free (answer);
  return TRUE;
}

/* How many rows a query shows before its answer is complete, for the
 * tests to make the early rows fewer than all. */
void
seg_offer_list_set_early_rows (SegOfferList *self,
                               guint         n_rows)
{
  g_return_if_fail (SEG_IS_OFFER_LIST (self));
  g_return_if_fail (n_rows > 0);
  self->early_limit = n_rows;
}

/* The rows @filter's query shows early, in a walk given all the time it
 * needs, or NULL where it shows none before the answer is complete. */
GArray *
seg_offer_list_dup_early (SegOfferList         *self,
                          const SegOfferFilter *filter)
{
  g_autoptr(Query) query = NULL;

  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  query = query_new (filter);
  return early_rows (self, self->project, query, G_MAXINT64 / 2, NULL);
}

/**
 * seg_offer_list_get_complete:
 *
 * Whether the list shows every row of the last query: %FALSE from
 * seg_offer_list_query_async () until its answer is in, while only the
 * first rows may show.
 */
gboolean
seg_offer_list_get_complete (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), FALSE);
  return self->complete;
}

/* Opening ------------------------------------------------------------------ */

/* Whether the result table has an index that starts with @column: runs
 * made before there was one have not. */
static gboolean
has_index_on (SegOfferList *self,
              const char   *column)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!seg_project_prepare (self->project,
                            "SELECT 1 FROM pragma_index_list (?1) AS l, pragma_index_info (l.name) AS i"
                            " WHERE i.seqno = 0 AND i.name = ?2 AND l.partial = 0",
                            &stmt, NULL))
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * seg_offer_list_new:
 * @run: a recommendation run of @project
 *
 * Opens the run's offers in the order it wrote them; fast, whatever the
 * size, as nothing but the first rows a view asks for is read.
 *
 * Returns: (transfer full): the list, or %NULL with @error naming the run
 */
SegOfferList *
seg_offer_list_new (SegProject  *project,
                    gint64       run,
                    GError     **error)
{
  static const char *const needed[] = { "customer", "rank", "item", "item_name", "score", "reason" };
  g_autoptr(SegOfferList) self = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  double written;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;
  if (record->kind != SEG_MODEL_KIND_RECOMMENDATION || seg_run_record_is_evaluation (record))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("Run %" PRId64 " made no recommendations"), run);
      return NULL;
    }
  if ((info = seg_run_record_get_result (record, project, error)) == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (seg_table_find_column (info, "", needed[i], NULL) == NULL)
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("The result table “%s” of run %" PRId64 " has no column “%s”"), info->name, run, needed[i]);
        return NULL;
      }

  self = g_object_new (SEG_TYPE_OFFER_LIST, NULL);
  self->project = g_object_ref (project);
  self->run = run;
  self->table = g_strdup (info->name);
  self->quoted = seg_quote_identifier (info->name);

  /* The ends of the rowids are read from the table's b-tree at once;
   * with as many rows as the run wrote between them, there are no gaps
   * and the rows need not be counted. */
  sql = g_string_new (NULL);
  /* Apart, each is one step down the b-tree; together, a full scan. */
  g_string_printf (sql, "SELECT (SELECT min (rowid) FROM %s), (SELECT max (rowid) FROM %s)", self->quoted,
                   self->quoted);
  if (!seg_project_prepare (project, sql->str, &stmt, error))
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      self->min_rowid = sqlite3_column_int64 (stmt, 0);
      self->max_rowid = sqlite3_column_int64 (stmt, 1);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  written = seg_run_record_get_metric (record, "recommendations");
  if (self->max_rowid < self->min_rowid + 1 && self->max_rowid == 0)
    self->dense = TRUE;   /* no rows */
  else if (isfinite (written) && (gint64) written == self->max_rowid - self->min_rowid + 1 && written <= G_MAXUINT &&
           info->rows == (gint64) written)
    self->dense = TRUE;
  else
    {
      gint64 count = 0;

      g_string_printf (sql, "SELECT count (*) FROM %s", self->quoted);
      if (!seg_project_prepare (project, sql->str, &stmt, error))
        return NULL;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
      self->dense = count == self->max_rowid - self->min_rowid + 1;
    }

  self->item_names = JSON_NODE_HOLDS_OBJECT (record->parameters) &&
                     json_object_get_string_member_with_default (json_node_get_object (record->parameters),
                                                                 "items-table", NULL) != NULL;
  find_people (self, record);
  {
    SegColumnInfo *customer = seg_table_find_column (info, "", "customer", NULL);

    self->by_customer = customer->type == SEG_COLUMN_TEXT && has_index_on (self, "customer");
    self->by_score = has_index_on (self, "score");
  }
  /* The names are read with the index, after the first screen; until
   * then a page reads its own customers' names. */
  {
    g_autofree char *names = self->people != NULL ? names_query (self, TRUE) : NULL;

    if (names != NULL && !seg_project_prepare (project, names, &self->fetch_names, error))
      return NULL;
  }

  g_string_printf (sql, "SELECT rowid, CAST (customer AS TEXT), rank, CAST (item AS TEXT), item_name, score, reason"
                        " FROM %s WHERE rowid IN (", self->quoted);
  for (guint i = 0; i < PAGE_SIZE; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ")");
  if (!seg_project_prepare (project, sql->str, &self->fetch, error))
    return NULL;

  if (self->dense && self->max_rowid >= self->min_rowid && self->max_rowid > 0)
    {
      guint n = (guint) (self->max_rowid - self->min_rowid + 1);

      g_array_set_size (self->rowids, n);
      for (guint i = 0; i < n; i++)
        g_array_index (self->rowids, gint64, i) = self->min_rowid + i;
    }
  else if (!self->dense)
    {
      SegOfferFilter all = { 0 };
      g_autoptr(Query) query = query_new (&all);
      Answer *answer = run_query (self, self->project, query, NULL, error);

      if (answer == NULL)
        return NULL;
      g_array_unref (self->rowids);
      self->rowids = g_steal_pointer (&answer->rowids);
      self->n_customers = answer->n_customers;
      answer_free (answer);
    }
  self->n_total = self->rowids->len;

  return g_steal_pointer (&self);
}

gint64
seg_offer_list_get_run (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), 0);
  return self->run;
}

/* The table the customers' names and contacts come from, or NULL. */
const char *
seg_offer_list_get_people (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), NULL);
  return self->people;
}

/**
 * seg_offer_list_get_contacts:
 *
 * Returns: (transfer none) (nullable): the customers table's columns
 *   with a name or a way to reach the customer, in its order
 */
GStrv
seg_offer_list_get_contacts (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), NULL);
  return self->contacts;
}

/* How many offers the run made, shown or not. */
guint
seg_offer_list_get_n_total (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), 0);
  return self->n_total;
}

/* How many customers the rows shown are for; 0 until the first query. */
guint
seg_offer_list_get_n_customers (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), 0);
  return self->n_customers;
}

double
seg_offer_list_get_max_score (SegOfferList *self)
{
  double max_score;

  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), 0);
  /* While a worker reads the index, the best score last told. */
  if (!g_mutex_trylock (&self->index_lock))
    return self->told_max;
  max_score = self->max_score;
  g_mutex_unlock (&self->index_lock);
  return max_score;
}

/* Whether the offers name their products: the run was given a table of
 * products. */
gboolean
seg_offer_list_get_has_item_names (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), FALSE);
  return self->item_names;
}

/* Whether a filter leaves rows out. */
gboolean
seg_offer_list_get_filtered (SegOfferList *self)
{
  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), FALSE);
  return self->filtered;
}

/**
 * seg_offer_list_dup_customers:
 *
 * Returns: (transfer full): the customers of the rows shown, each once,
 *   in the order they first show
 */
GStrv
seg_offer_list_dup_customers (SegOfferList *self)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), NULL);

  if (!ensure_index (self, self->project, NULL, NULL))
    return g_strv_builder_end (keys);
  for (guint i = 0; i < self->rowids->len; i++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, i);
      guint low = 0, high = self->blocks->len;

      /* The blocks are in rowid order: the last starting at or before it. */
      while (high - low > 1)
        {
          guint middle = low + (high - low) / 2;

          if (g_array_index (self->blocks, Block, middle).first <= rowid)
            low = middle;
          else
            high = middle;
        }
      if (low < self->blocks->len && g_hash_table_add (seen, g_array_index (self->blocks, Block, low).key))
        g_strv_builder_add (keys, g_array_index (self->blocks, Block, low).key);
    }
  return g_strv_builder_end (keys);
}

/* What a target list needs of the list, copied so that a worker can
 * write it while the list changes. */
typedef struct
{
  char    *table;
  char    *quoted;
  char    *people;
  char    *people_key;
  GStrv    contacts;
  GArray  *rowids;
  gboolean dense;
  gint64   min_rowid;
  gint64   max_rowid;
  GFile   *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->table);
  g_free (data->quoted);
  g_free (data->people);
  g_free (data->people_key);
  g_strfreev (data->contacts);
  g_clear_pointer (&data->rowids, g_array_unref);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static ExportData *
export_data_new (SegOfferList *self,
                 GFile        *file)
{
  ExportData *data = g_new0 (ExportData, 1);

  data->table = g_strdup (self->table);
  data->quoted = g_strdup (self->quoted);
  data->people = g_strdup (self->people);
  data->people_key = g_strdup (self->people_key);
  data->contacts = g_strdupv (self->contacts);
  data->rowids = g_array_copy (self->rowids);
  data->dense = self->dense;
  data->min_rowid = self->min_rowid;
  data->max_rowid = self->max_rowid;
  data->file = g_object_ref (file);
  return data;
}

static gboolean
export_target_list (SegProject    *project,
                    ExportData    *data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gsize n_keep = 0;
  g_autofree guint8 *keep = NULL;
  SegExportJoin join = { NULL, NULL, NULL, NULL };
  SegExportRows rows = { NULL, NULL, 0, NULL, NULL };

  /* A flag per row in stored order: with the rowids without gaps, a
   * row's place is its rowid's distance from the first. */
  if (data->dense)
    {
      n_keep = data->max_rowid >= data->min_rowid && data->max_rowid > 0
               ? (gsize) (data->max_rowid - data->min_rowid + 1) : 0;
      keep = g_new0 (guint8, MAX (n_keep, 1));
      for (guint i = 0; i < data->rowids->len; i++)
        keep[g_array_index (data->rowids, gint64, i) - data->min_rowid] = 1;
    }
  else
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s ORDER BY rowid", data->quoted);
      g_autoptr(GHashTable) shown = g_hash_table_new (g_int64_hash, g_int64_equal);
      GArray *order = g_array_new (FALSE, FALSE, sizeof (gint64));
      int rc;

      for (guint i = 0; i < data->rowids->len; i++)
        g_hash_table_add (shown, &g_array_index (data->rowids, gint64, i));
      if (!seg_project_prepare (project, sql, &stmt, error))
        {
          g_array_unref (order);
          return FALSE;
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (order, rowid);
        }
      n_keep = order->len;
      keep = g_new0 (guint8, MAX (n_keep, 1));
      for (guint i = 0; i < order->len; i++)
        keep[i] = g_hash_table_contains (shown, &g_array_index (order, gint64, i));
      g_array_unref (order);
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (project, rc, error);
    }

  rows.table = data->table;
  rows.keep = keep;
  rows.n_keep = n_keep;
  if (data->people != NULL && data->contacts != NULL && data->contacts[0] != NULL)
    {
      join.table = data->people;
      join.key = "customer";
      join.other_key = data->people_key;
      join.columns = (const char *const *) data->contacts;
      rows.join = &join;
    }
  return seg_project_export_file (project, &rows, data->file, SEG_EXPORT_BOM, cancellable, error);
}

/**
 * seg_offer_list_export:
 * @file: the CSV file to write
 *
 * Writes the rows shown as a target list: each offer (customer, rank,
 * item, its name, score, reason) in the order the run wrote them, with
 * the customer's name and contacts from the customers table, as CSV
 * with a byte order mark for Excel and with text that a spreadsheet
 * would take for a formula guarded.
 */
gboolean
seg_offer_list_export (SegOfferList  *self,
                       GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(ExportData) data = NULL;

  g_return_val_if_fail (SEG_IS_OFFER_LIST (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = export_data_new (self, file);
  return export_target_list (self->project, data, cancellable, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SegOfferList *self = source_object;
  g_autoptr(SegProject) reader = NULL;
  GError *error = NULL;

  /* A connection of the worker's own: it reads one state of the tables
   * while the window goes on using the project. */
  gboolean done;

  reader = seg_project_open_writer (self->project, &error);
  done = reader != NULL && export_target_list (reader, task_data, cancellable, &error);
  /* Closed before the caller hears of it, so that it may close the
   * project at once. */
  g_clear_object (&reader);
  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * seg_offer_list_export_async:
 *
 * As seg_offer_list_export (), in a worker: the rows shown when it is
 * called are written.
 */
void
seg_offer_list_export_async (SegOfferList        *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SEG_IS_OFFER_LIST (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_offer_list_export_async);
  g_task_set_task_data (task, export_data_new (self, file), (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
seg_offer_list_export_finish (SegOfferList  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
