/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-run-points.h"
#include "seg-run-points-private.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "seg-cancel.h"
#include "seg-error.h"
#include "seg-palette.h"
#include "seg-project-private.h"
#include "seg-result-view-private.h"
#include "seg-run.h"
#include "seg-task-private.h"

/* Clusters beyond this are taken for a damaged table, not drawn. */
#define MAX_CLUSTERS 100000

void
seg_run_points_free (SegRunPoints *points)
{
  if (points == NULL)
    return;
  g_free (points->table);
  g_free (points->key_name);
  if (points->keys_block != NULL)
    g_free (points->keys);
  else
    g_strfreev (points->keys);
  g_free (points->keys_block);
  g_strfreev (points->names);
  g_free (points->people);
  g_free (points->people_key);
  g_free (points->x);
  g_free (points->y);
  g_free (points->labels);
  g_free (points->silhouette);
  g_free (points->sizes);
  g_free (points->centroids);
  g_free (points->colors);
  g_free (points);
}

static double
metric (JsonObject *metrics,
        const char *name)
{
  JsonNode *node = metrics != NULL ? json_object_get_member (metrics, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
}

/* The keys, one after the other with a nul after each, as points. */
static void
set_keys (SegRunPoints *points,
          char         *block,
          gsize         len)
{
  gsize at = 0;

  points->keys_block = block;
  points->keys = g_new (char *, points->n + 1);
  for (size_t i = 0; i < points->n; i++)
    {
      points->keys[i] = block + at;
      at += strlen (block + at) + 1;
    }
  points->keys[points->n] = NULL;
  g_assert (at <= len);
}

/* The rows as the result table has them. */
static gboolean
read_table_rows (SegProject    *project,
                 SegRunPoints  *points,
                 gboolean       with_keys,
                 GError       **error)
{
  g_autoptr(GByteArray) key_bytes = g_byte_array_new ();
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (int32_t));
  g_autoptr(GArray) silhouette = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *table_q = seg_quote_identifier (points->table);
  g_autofree char *key_q = seg_quote_identifier (points->key_name);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT %s, cluster, pc1, pc2, silhouette FROM %s ORDER BY rowid",
                         with_keys ? key_q : "NULL", table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int32_t label = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 1) - 1;
      double px = sqlite3_column_double (stmt, 2);
      double py = sqlite3_column_double (stmt, 3);
      double s = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 4);

      if (with_keys)
        {
          const char *key = (const char *) sqlite3_column_text (stmt, 0);

          /* Up to a nul, as C strings read it. */
          if (key != NULL)
            g_byte_array_append (key_bytes, (const guint8 *) key, strlen (key));
          g_byte_array_append (key_bytes, (const guint8 *) "", 1);
        }
      g_array_append_val (x, px);
      g_array_append_val (y, py);
      g_array_append_val (labels, label);
      g_array_append_val (silhouette, s);
    }
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  points->n = x->len;
  points->x = (double *) g_array_steal (x, NULL);
  points->y = (double *) g_array_steal (y, NULL);
  points->labels = (int32_t *) g_array_steal (labels, NULL);
  points->silhouette = (double *) g_array_steal (silhouette, NULL);
  if (with_keys)
    {
      gsize len = key_bytes->len;

      set_keys (points, (char *) g_byte_array_steal (key_bytes, NULL), len);
    }
  return TRUE;
}

/* Swaps @n values of @size bytes (2, 4 or 8) between little-endian and
 * the machine's order, in place; nothing to do on a little-endian one. */
static void
swap_little_endian (gpointer data,
                    size_t   n,
                    size_t   size)
{
#if G_BYTE_ORDER != G_LITTLE_ENDIAN
  guint8 *at = data;

  for (size_t i = 0; i < n; i++, at += size)
    for (size_t b = 0; b < size / 2; b++)
      {
        guint8 t = at[b];

        at[b] = at[size - 1 - b];
        at[size - 1 - b] = t;
      }
#endif
}

/* A stored column of seg_run_maps, read straight into memory of its own
 * (sqlite3_blob_read copies from the pages once); @n_bytes is what it
 * must hold, or 0 for any size, which then comes back there. */
static gpointer
read_stored_blob (sqlite3    *db,
                  gint64      run,
                  const char *column,
                  gsize      *n_bytes)
{
  sqlite3_blob *blob = NULL;
  gpointer data = NULL;
  gsize size;

  if (sqlite3_blob_open (db, "main", "seg_run_maps", column, run, 0, &blob) != SQLITE_OK)
    {
      sqlite3_blob_close (blob);
      return NULL;
    }
  size = (gsize) sqlite3_blob_bytes (blob);
  if (*n_bytes == 0 || size == *n_bytes)
    {
      data = g_malloc (MAX (size, 1));
      if (size > 0 && sqlite3_blob_read (blob, data, (int) size, 0) != SQLITE_OK)
        g_clear_pointer (&data, g_free);
    }
  sqlite3_blob_close (blob);
  *n_bytes = size;
  return data;
}

/* @n values of @size bytes from a stored little-endian array. */
static gpointer
stored_array (sqlite3    *db,
              gint64      run,
              const char *column,
              size_t      n,
              size_t      size)
{
  gsize n_bytes = n * size;
  gpointer values;

  if (n == 0)
    return g_malloc (size);
  values = read_stored_blob (db, run, column, &n_bytes);
  if (values != NULL)
    swap_little_endian (values, n, size);
  return values;
}

/*
 * How a run's map is stored in seg_run_maps, by its column “layout”:
 *
 * 0  keys: each row's key and a nul; labels: int32 per row; x, y and
 *    silhouette: a double per row (NaN for none). Projects before
 *    schema 10.
 * 1  keys: each row's key as the count of its first bytes it shares
 *    with the key before (an unsigned LEB128 number), the rest of its
 *    bytes and a nul; labels: one signed integer per row, of 1, 2 or
 *    4 bytes as the blob's length tells; x and y: a float per row;
 *    silhouette: (row, value) pairs of a uint32 and a float, for the
 *    rows that have one, by row.
 *
 * All numbers are little-endian. The map is drawn at float precision;
 * the result table keeps the doubles.
 */
#define MAP_LAYOUT 1

/* Keys as seg_run_points_add_key() gathers them, front-coded; @size
 * comes back with the bytes used. */
static guint8 *
encode_keys (const GByteArray *keys,
             size_t            n,
             gsize            *size)
{
  /* At most the keys themselves and a count of ten bytes each. */
  guint8 *out = g_malloc (keys->len + 10 * n + 1);
  guint8 *to = out;
  const char *prev = "";
  gsize prev_len = 0;
  gsize at = 0;

  for (size_t i = 0; i < n && at < keys->len; i++)
    {
      const char *key = (const char *) keys->data + at;
      gsize len = strnlen (key, keys->len - at);
      gsize shared = 0, count;

      while (shared < len && shared < prev_len && key[shared] == prev[shared])
        shared++;
      count = shared;
      do
        {
          *to = count & 0x7f;
          count >>= 7;
          *to++ |= count != 0 ? 0x80 : 0;
        }
      while (count != 0);
      memcpy (to, key + shared, len - shared);
      to += len - shared;
      *to++ = '\0';
      prev = key;
      prev_len = len;
      at += len + 1;
    }

  *size = to - out;
  return g_realloc (out, MAX (*size, 1));
}

/* The count of bytes a key shares with the one before, from @data at
 * *@at; FALSE when it runs past @size. */
static gboolean
read_leb128 (const guint8 *data,
             gsize         size,
             gsize        *at,
             gsize        *value)
{
  guint shift = 0;

  *value = 0;
  do
    {
      if (*at >= size || shift > 56)
        return FALSE;
      *value |= (gsize) (data[*at] & 0x7f) << shift;
      shift += 7;
    }
  while (data[(*at)++] & 0x80);
  return TRUE;
}

/* The keys back, each followed by a nul, in one block of @len bytes;
 * NULL when the stored bytes do not make @n keys. */
static char *
decode_keys (const guint8 *data,
             gsize         size,
             size_t        n,
             gsize        *len)
{
  g_autofree char *out = NULL;
  gsize at = 0, total = 0, prev_len = 0;
  char *to, *prev;

  /* Once to check and to count the bytes, once to write them. */
  for (size_t i = 0; i < n; i++)
    {
      gsize shared;
      const guint8 *end;

      if (!read_leb128 (data, size, &at, &shared) || shared > prev_len ||
          (end = memchr (data + at, '\0', size - at)) == NULL)
        return NULL;
      prev_len = shared + (end - (data + at));
      total += prev_len + 1;
      at = end - data + 1;
    }
  if (at != size)
    return NULL;

  out = g_malloc (MAX (total, 1));
  to = prev = out;
  at = 0;
  for (size_t i = 0; i < n; i++)
    {
      gsize shared, rest;

      read_leb128 (data, size, &at, &shared);
      rest = strlen ((const char *) data + at);
      memmove (to, prev, shared);
      memcpy (to + shared, data + at, rest + 1);
      prev = to;
      to += shared + rest + 1;
      at += rest + 1;
    }

  *len = total;
  return g_steal_pointer (&out);
}

/* Layout 1's labels, floats and silhouettes as the loader wants them;
 * FALSE when a blob is not what @n rows make. */
static gboolean
read_compact_rows (sqlite3   *db,
                   gint64     run,
                   size_t     n,
                   int32_t  **labels_out,
                   double   **x_out,
                   double   **y_out,
                   double   **silhouette_out)
{
  g_autofree guint8 *label_bytes = NULL;
  g_autofree float *fx = NULL, *fy = NULL;
  g_autofree guint8 *pairs = NULL;
  g_autofree int32_t *labels = g_new (int32_t, MAX (n, 1));
  g_autofree double *x = g_new (double, MAX (n, 1));
  g_autofree double *y = g_new (double, MAX (n, 1));
  g_autofree double *silhouette = g_new (double, MAX (n, 1));
  gsize label_size = 0, pair_size = 0;
  size_t width;
  guint32 last = 0;

  if (n == 0)
    label_bytes = g_malloc (1);
  else if ((label_bytes = read_stored_blob (db, run, "labels", &label_size)) == NULL ||
           (label_size != n && label_size != 2 * n && label_size != 4 * n))
    return FALSE;
  width = n > 0 ? label_size / n : 1;
  if ((fx = stored_array (db, run, "x", n, sizeof (float))) == NULL ||
      (fy = stored_array (db, run, "y", n, sizeof (float))) == NULL ||
      (pairs = read_stored_blob (db, run, "silhouette", &pair_size)) == NULL ||
      pair_size % 8 != 0 || pair_size / 8 > n)
    return FALSE;

  swap_little_endian (label_bytes, n, width);
  for (size_t i = 0; i < n; i++)
    {
      if (width == 1)
        labels[i] = ((const gint8 *) label_bytes)[i];
      else if (width == 2)
        labels[i] = ((const gint16 *) label_bytes)[i];
      else
        labels[i] = ((const gint32 *) label_bytes)[i];
      x[i] = fx[i];
      y[i] = fy[i];
      silhouette[i] = NAN;
    }
  swap_little_endian (pairs, 2 * (pair_size / 8), 4);
  for (gsize p = 0; p < pair_size / 8; p++)
    {
      guint32 row;
      float value;

      memcpy (&row, pairs + 8 * p, 4);
      memcpy (&value, pairs + 8 * p + 4, 4);
      if (row >= n || (p > 0 && row <= last))
        return FALSE;
      silhouette[row] = value;
      last = row;
    }

  *labels_out = g_steal_pointer (&labels);
  *x_out = g_steal_pointer (&x);
  *y_out = g_steal_pointer (&y);
  *silhouette_out = g_steal_pointer (&silhouette);
  return TRUE;
}

/* The largest rowid of @table: a result table's rows are numbered from 1
 * as they are written, so rows added behind the catalog's back show
 * here, where the catalog's count does not see them. -1 on failure. */
static gint64
last_rowid (SegProject *project,
            const char *table)
{
  g_autofree char *rows_table = seg_result_view_rows_table (project, table);
  g_autofree char *table_q = seg_quote_identifier (rows_table != NULL ? rows_table : table);
  /* A result view's rows are those of its rows table, numbered alike,
   * found there without joining the input. */
  g_autofree char *sql = g_strdup_printf ("SELECT max (rowid) FROM %s", table_q);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!seg_project_prepare (project, sql, &stmt, NULL) || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
}

/* The rows as the run stored them for its map, when it did and they
 * still fit the result table. */
static gboolean
read_stored_rows (SegProject   *project,
                  SegRunPoints *points,
                  gint64        rows,
                  gboolean      with_keys)
{
  sqlite3 *db = seg_project_get_db (project);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  g_autofree int32_t *labels = NULL;
  g_autofree double *silhouette = NULL;
  g_autofree char *block = NULL;
  gsize len = 0;
  gint64 layout;
  size_t n;

  if (!seg_project_prepare (project, "SELECT rows, layout FROM seg_run_maps WHERE run_id = ?", &stmt, NULL))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, points->run);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int64 (stmt, 0) != rows || rows < 0 ||
      last_rowid (project, points->table) != rows)
    return FALSE;
  layout = sqlite3_column_int64 (stmt, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);
  n = (size_t) rows;
  if (layout == 0)
    {
      if ((labels = stored_array (db, points->run, "labels", n, sizeof (int32_t))) == NULL ||
          (x = stored_array (db, points->run, "x", n, sizeof (double))) == NULL ||
          (y = stored_array (db, points->run, "y", n, sizeof (double))) == NULL ||
          (silhouette = stored_array (db, points->run, "silhouette", n, sizeof (double))) == NULL)
        return FALSE;
    }
  else if (layout != MAP_LAYOUT ||
           !read_compact_rows (db, points->run, n, &labels, &x, &y, &silhouette))
    return FALSE;

  if (with_keys)
    {
      gsize size = 0, nuls = 0;

      block = read_stored_blob (db, points->run, "keys", &size);
      if (block == NULL)
        return FALSE;
      if (layout == 0)
        {
          len = size;
          for (const char *at = block; (at = memchr (at, '\0', block + len - at)) != NULL; at++)
            nuls++;
          if (nuls != n || (len > 0 && block[len - 1] != '\0'))
            return FALSE;
        }
      else
        {
          char *decoded = decode_keys ((const guint8 *) block, size, n, &len);

          if (decoded == NULL)
            return FALSE;
          g_free (block);
          block = decoded;
        }
      points->n = n;
      set_keys (points, g_steal_pointer (&block), len);
    }

  points->n = n;
  points->x = g_steal_pointer (&x);
  points->y = g_steal_pointer (&y);
  points->labels = g_steal_pointer (&labels);
  points->silhouette = g_steal_pointer (&silhouette);
  return TRUE;
}

/* The text of the first column of @table's rows, in table order, each
 * followed by a NUL; NULL with @error set, also when there are not @n. */
static GByteArray *
read_keys (SegProject  *writer,
           const char  *table,
           size_t       n,
           GError     **error)
{
  g_autoptr(SegTableInfo) info = seg_project_get_table (writer, table, error);
  g_autoptr(GByteArray) keys = g_byte_array_new ();
  g_autofree char *sql = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *key_q = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  size_t rows = 0;
  int rc;

  if (info == NULL)
    return NULL;
  table_q = seg_quote_identifier (info->name);
  key_q = seg_quote_identifier (((SegColumnInfo *) g_ptr_array_index (info->columns, 0))->name);
  sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid", key_q, table_q);
  if (!seg_project_prepare (writer, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      seg_run_points_add_key (keys, (const char *) sqlite3_column_text (stmt, 0));
      rows++;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (writer, rc, error);
      return NULL;
    }
  if (rows != n)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The result table “%s” has %zu rows, not the %zu written"), info->name, rows, n);
      return NULL;
    }

  return g_steal_pointer (&keys);
}

/*
 * seg_run_points_add_key:
 * @keys: the keys so far
 * @key: (nullable): the text of the next row's first column
 *
 * Adds a row's key as seg_run_points_store_for_run() stores it.
 */
void
seg_run_points_add_key (GByteArray *keys,
                        const char *key)
{
  if (key != NULL)
    g_byte_array_append (keys, (const guint8 *) key, strlen (key));
  g_byte_array_append (keys, (const guint8 *) "", 1);
}

/* A run's map, ready to store but for the silhouettes. */
struct _SegRunMapCode
{
  size_t  n;
  guint8 *keys;
  gsize   keys_size;
  guint8 *labels;
  size_t  width;
  float  *x;
  float  *y;
};

void
seg_run_map_code_free (SegRunMapCode *code)
{
  if (code == NULL)
    return;
  g_free (code->keys);
  g_free (code->labels);
  g_free (code->x);
  g_free (code->y);
  g_free (code);
}

/*
 * seg_run_map_code_new:
 * @keys: the text of the rows' first column, row by row as
 *   seg_run_points_add_key() adds them
 * @labels: n clusters from 0, -1 for noise
 * @coords: n (pc1, pc2) pairs
 *
 * Puts what a run's map shows in the form it is stored in, touching no
 * project, so that it can be done on any thread.
 */
SegRunMapCode *
seg_run_map_code_new (const GByteArray *keys,
                      size_t            n,
                      const int32_t    *labels,
                      const double     *coords)
{
  SegRunMapCode *code = g_new0 (SegRunMapCode, 1);
  int32_t high = 0;

  code->n = n;
  code->keys = encode_keys (keys, n, &code->keys_size);
  code->x = g_new (float, MAX (n, 1));
  code->y = g_new (float, MAX (n, 1));

  /* As the loader reads the table back: labels in the fewest bytes that
   * hold them all. */
  for (size_t i = 0; i < n; i++)
    {
      high = MAX (high, labels[i] < MAX_CLUSTERS ? labels[i] : -1);
      code->x[i] = (float) coords[2 * i];
      code->y[i] = (float) coords[2 * i + 1];
    }
  code->width = high <= G_MAXINT8 ? 1 : high <= G_MAXINT16 ? 2 : 4;
  code->labels = g_malloc (MAX (n * code->width, 1));
  for (size_t i = 0; i < n; i++)
    {
      int32_t label = labels[i] >= 0 && labels[i] < MAX_CLUSTERS ? labels[i] : -1;

      if (code->width == 1)
        ((gint8 *) code->labels)[i] = (gint8) label;
      else if (code->width == 2)
        ((gint16 *) code->labels)[i] = (gint16) label;
      else
        ((gint32 *) code->labels)[i] = label;
    }
  swap_little_endian (code->labels, n, code->width);
  swap_little_endian (code->x, n, sizeof (float));
  swap_little_endian (code->y, n, sizeof (float));

  return code;
}

/*
 * seg_run_map_code_store:
 * @writer: the connection inside the run's transaction
 * @code: the map, from seg_run_map_code_new()
 * @silhouette: n values, not finite where a row has none
 *
 * Stores what the run's map shows, as the result table holds it, so that
 * the map opens without reading the table row by row.
 */
gboolean
seg_run_map_code_store (SegRunMapCode  *code,
                        SegProject     *writer,
                        gint64          run,
                        const double   *silhouette,
                        GError        **error)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  size_t n = code->n;
  int rc;

  g_return_val_if_fail (n <= G_MAXUINT32, FALSE);

  for (size_t i = 0; i < n; i++)
    if (isfinite (silhouette[i]))
      {
        float value = (float) silhouette[i];
        guint32 pair[2] = { (guint32) i, 0 };

        memcpy (&pair[1], &value, 4);
        g_array_append_vals (pairs, pair, 2);
      }
  swap_little_endian (pairs->data, pairs->len, sizeof (guint32));

  if (!seg_project_prepare (writer,
                            "INSERT OR REPLACE INTO seg_run_maps (run_id, rows, keys, labels, x, y, silhouette, layout)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, " G_STRINGIFY (MAP_LAYOUT) ")",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run);
  sqlite3_bind_int64 (stmt, 2, (gint64) n);
  sqlite3_bind_blob64 (stmt, 3, code->keys, code->keys_size, SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 4, code->labels, n * code->width, SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 5, code->x, n * sizeof (float), SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 6, code->y, n * sizeof (float), SQLITE_STATIC);
  sqlite3_bind_blob64 (stmt, 7, pairs->len > 0 ? pairs->data : (gpointer) "", pairs->len * sizeof (guint32), SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (writer, rc, error);
  return TRUE;
}

/*
 * seg_run_points_store_for_run:
 * @writer: the connection inside the run's transaction
 * @table: the run's result table, written already; its first column
 *   names the rows
 * @keys: (nullable): the text of that first column, row by row as
 *   seg_run_points_add_key() adds them, gathered as the rows were
 *   written; read from @table when %NULL
 * @labels: n clusters from 0, -1 for noise
 * @coords: n (pc1, pc2) pairs
 * @silhouette: n values, not finite where a row has none
 *
 * seg_run_map_code_new() and seg_run_map_code_store() in one.
 */
gboolean
seg_run_points_store_for_run (SegProject     *writer,
                              gint64          run,
                              const char     *table,
                              GByteArray     *keys,
                              size_t          n,
                              const int32_t  *labels,
                              const double   *coords,
                              const double   *silhouette,
                              GError        **error)
{
  g_autoptr(GByteArray) read = NULL;
  g_autoptr(SegRunMapCode) code = NULL;

  if (keys == NULL)
    {
      read = read_keys (writer, table, n, error);
      if (read == NULL)
        return FALSE;
      keys = read;
    }
  code = seg_run_map_code_new (keys, n, labels, coords);
  return seg_run_map_code_store (code, writer, run, silhouette, error);
}

/* The rows of a run's result table in table order, from what the run
 * stored for its map or else from the table; the keys only when
 * @with_keys, all in one block. */
static SegRunPoints *
load_points (SegProject  *project,
             gint64       run,
             gboolean     with_keys,
             gboolean     stored,
             GError     **error)
{
  g_autoptr(SegRunPoints) points = g_new0 (SegRunPoints, 1);
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegTableInfo) table = NULL;
  JsonObject *metrics;
  int max_label = -1;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = seg_project_get_run (project, run, error);
  if (record == NULL)
    return NULL;
  if ((table = seg_run_record_get_result (record, project, error)) == NULL)
    return NULL;
  if (table->columns->len < 5)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE,
                   _("The result table of run %" PRId64 " is no longer in the project"), run);
      return NULL;
    }

  points->run = run;
  points->table = g_strdup (table->name);
  points->key_name = g_strdup (((SegColumnInfo *) g_ptr_array_index (table->columns, 0))->name);
  if (!(stored && read_stored_rows (project, points, table->rows, with_keys)) &&
      !read_table_rows (project, points, with_keys, error))
    return NULL;

  for (size_t i = 0; i < points->n; i++)
    {
      if (points->labels[i] >= MAX_CLUSTERS || points->labels[i] < -1)
        points->labels[i] = -1;
      max_label = MAX (max_label, points->labels[i]);
    }

  metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
  points->n_clusters = (guint) (max_label + 1);
  if (metrics != NULL && json_object_has_member (metrics, "sizes"))
    points->n_clusters = MAX (points->n_clusters, json_array_get_length (json_object_get_array_member (metrics, "sizes")));
  points->silhouette_mean = metric (metrics, "silhouette");
  points->explained[0] = points->explained[1] = NAN;
  if (metrics != NULL && json_object_has_member (metrics, "explained_variance_ratio"))
    {
      JsonArray *ratio = json_object_get_array_member (metrics, "explained_variance_ratio");

      for (guint i = 0; ratio != NULL && i < 2 && i < json_array_get_length (ratio); i++)
        points->explained[i] = json_array_get_double_element (ratio, i);
    }

  points->sizes = g_new0 (gint64, MAX (points->n_clusters, 1));
  points->centroids = g_new0 (double, 2 * MAX (points->n_clusters, 1));
  for (size_t i = 0; i < points->n; i++)
    if (points->labels[i] >= 0)
      {
        points->sizes[points->labels[i]]++;
        points->centroids[2 * points->labels[i]] += points->x[i];
        points->centroids[2 * points->labels[i] + 1] += points->y[i];
      }
  for (guint c = 0; c < points->n_clusters; c++)
    {
      points->centroids[2 * c] = points->sizes[c] > 0 ? points->centroids[2 * c] / points->sizes[c] : NAN;
      points->centroids[2 * c + 1] = points->sizes[c] > 0 ? points->centroids[2 * c + 1] / points->sizes[c] : NAN;
    }

  return g_steal_pointer (&points);
}

/**
 * seg_project_load_run_points:
 * @run: a clustering run
 *
 * Reads the run's result table: each row's key, map coordinates, cluster
 * and silhouette, with each cluster's size and centre on the map.
 *
 * Returns: (transfer full): the points, or NULL with @error set
 */
SegRunPoints *
seg_project_load_run_points (SegProject  *project,
                             gint64       run,
                             GError     **error)
{
  return load_points (project, run, TRUE, TRUE, error);
}

/**
 * seg_project_load_run_map:
 * @run: a clustering run
 *
 * Reads what drawing a run's map or silhouettes needs: its rows' places,
 * clusters and silhouettes, without their keys (@keys is %NULL).
 *
 * Returns: (transfer full): the points, or NULL with @error set
 */
SegRunPoints *
seg_project_load_run_map (SegProject  *project,
                          gint64       run,
                          GError     **error)
{
  return load_points (project, run, FALSE, TRUE, error);
}

/*
 * seg_run_points_load_from_table:
 *
 * The points read from the run's result table, never from what the run
 * stored: for checking that the two are the same.
 */
SegRunPoints *
seg_run_points_load_from_table (SegProject  *project,
                                gint64       run,
                                GError     **error)
{
  return load_points (project, run, TRUE, FALSE, error);
}

/**
 * seg_run_points_axis_label:
 * @component: 1 or 2
 *
 * Returns: (transfer full): the map axis's name, with its share of the
 *   variance when known, such as “PC1 (77% of the variance)”
 */
char *
seg_run_points_axis_label (const SegRunPoints *points,
                           int                 component)
{
  double explained;

  g_return_val_if_fail (points != NULL && (component == 1 || component == 2), NULL);

  explained = points->explained[component - 1];
  if (isfinite (explained))
    return g_strdup_printf (_("PC%d (%.0f%% of the variance)"), component, explained * 100);
  return g_strdup_printf (_("PC%d"), component);
}

/**
 * seg_run_points_legend:
 * @profile: (nullable): the run's profile, for the clusters' names
 * @sizes: whether to add each cluster's number of rows
 *
 * Returns: (transfer full): a name per cluster, such as
 *   “2 · Lapsing big spenders (412)”
 */
GStrv
seg_run_points_legend (const SegRunPoints *points,
                       const SegProfile   *profile,
                       gboolean            sizes)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (points != NULL, NULL);

  for (guint c = 0; c < points->n_clusters; c++)
    {
      g_autoptr(GString) label = g_string_new (NULL);
      const char *name = NULL;

      for (guint i = 0; profile != NULL && i < profile->clusters->len; i++)
        {
          SegClusterProfile *cluster = g_ptr_array_index (profile->clusters, i);

          if (cluster->cluster == (int) c + 1)
            name = cluster->name;
        }
      g_string_append_printf (label, "%u", c + 1);
      if (name != NULL)
        g_string_append_printf (label, " · %s", name);
      if (sizes)
        g_string_append_printf (label, " (%" PRId64 ")", points->sizes[c]);
      g_strv_builder_add (names, label->str);
    }
  return g_strv_builder_end (names);
}

static const char *const name_columns[] = {
  "name", "customer_name", "full_name", "display_name", "company", "姓名", "客户名称", "名称", "名字", NULL
};

/* From the table at *@t on, the next that names rows by one of @keys in a
 * text column: the customers table next to the RFM scores, say. Tables an
 * analysis made hold scores, not names; @skip is left out too. */
static SegTableInfo *
next_names_table (GPtrArray          *tables,
                  guint              *t,
                  const char *const  *keys,
                  const char         *skip,
                  SegColumnInfo     **key,
                  SegColumnInfo     **name)
{
  for (; tables != NULL && *t < tables->len; (*t)++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, *t);

      *key = *name = NULL;
      if (info->origin != NULL || (skip != NULL && g_ascii_strcasecmp (info->name, skip) == 0))
        continue;
      for (guint k = 0; keys[k] != NULL && *key == NULL; k++)
        *key = seg_table_find_column (info, "", keys[k], NULL);
      for (guint n = 0; name_columns[n] != NULL && *name == NULL; n++)
        *name = seg_table_find_column (info, "", name_columns[n], NULL);
      if (*key != NULL && *name != NULL && (*name)->type == SEG_COLUMN_TEXT)
        return g_ptr_array_index (tables, (*t)++);
    }

  return NULL;
}

/* The name of each row, from a table that has the rows' key and a name
 * beside it. The key is the result's first column or, for scores made
 * from order lines, the customer column of those lines. */
static void
load_names (SegProject         *project,
            SegRunPoints       *points,
            const SegRunRecord *record)
{
  g_autoptr(GPtrArray) tables = seg_project_list_tables (project, NULL);
  g_autoptr(SegTableInfo) input = seg_project_get_table (project, record->input_table, NULL);
  g_autoptr(JsonNode) origin = NULL;
  const char *keys[3] = { points->key_name, NULL, NULL };
  SegColumnInfo *key, *name;
  SegTableInfo *info;
  guint t = 0;

  if (input != NULL && input->origin != NULL && (origin = json_from_string (input->origin, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (origin))
    keys[1] = json_object_get_string_member_with_default (json_node_get_object (origin), "customer", NULL);

  while ((info = next_names_table (tables, &t, keys, points->table, &key, &name)) != NULL)
    {
      g_autofree char *sql = NULL;
      g_autofree char *table_q = NULL;
      g_autofree char *key_q = NULL;
      g_autofree char *name_q = NULL;
      g_autofree char *result_q = NULL;
      g_autofree char *result_key_q = NULL;
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      table_q = seg_quote_identifier (info->name);
      key_q = seg_quote_identifier (key->name);
      name_q = seg_quote_identifier (name->name);
      result_q = seg_quote_identifier (points->table);
      result_key_q = seg_quote_identifier (points->key_name);
      /* Materialized, the names get an index for the join. */
      sql = g_strdup_printf ("WITH seg_names AS MATERIALIZED ("
                             "  SELECT CAST (%s AS TEXT) AS k, min (%s) AS name FROM %s GROUP BY 1)"
                             " SELECT n.name FROM %s r LEFT JOIN seg_names n ON n.k = CAST (r.%s AS TEXT)"
                             " ORDER BY r.rowid",
                             key_q, name_q, table_q, result_q, result_key_q);
      if (!seg_project_prepare (project, sql, &stmt, NULL))
        continue;
      names = g_ptr_array_new_with_free_func (g_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, 0);

          g_ptr_array_add (names, g_strdup (text != NULL ? text : ""));
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (rc != SQLITE_DONE || names->len != points->n)
        continue;
      g_ptr_array_add (names, NULL);
      g_ptr_array_set_free_func (names, NULL);
      points->names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
      points->people = g_strdup (info->name);
      points->people_key = g_strdup (key->name);
      return;
    }
}

/**
 * seg_project_read_names:
 * @key_column: the name of the column the keys come from, such as
 *   "customer_id"
 * @keys: (array zero-terminated=1): the keys to name
 *
 * The names of @keys from the first table (not one an analysis made)
 * that has a column called @key_column and a text column of names
 * ("name", "customer_name", "姓名", …) and names any of them. Reads
 * through a connection of its own, so that a worker thread may ask.
 *
 * Returns: (transfer full): key → name for the keys named; empty when no
 *   table names them
 */
GHashTable *
seg_project_read_names (SegProject         *project,
                        const char         *key_column,
                        const char *const  *keys,
                        GError            **error)
{
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(SegProject) reader = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  const char *columns[] = { key_column, NULL };
  SegColumnInfo *key, *name;
  SegTableInfo *info;
  guint t = 0;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (key_column != NULL && keys != NULL, NULL);

  if (keys[0] == NULL)
    return g_steal_pointer (&found);
  reader = seg_project_open_writer (project, error);
  if (reader == NULL || (tables = seg_project_list_tables (reader, error)) == NULL)
    return NULL;

  while (g_hash_table_size (found) == 0 &&
         (info = next_names_table (tables, &t, columns, NULL, &key, &name)) != NULL)
    {
      g_autoptr(GString) sql = g_string_new (NULL);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *table_q = seg_quote_identifier (info->name);
      g_autofree char *key_q = seg_quote_identifier (key->name);
      g_autofree char *name_q = seg_quote_identifier (name->name);
      guint n = g_strv_length ((char **) keys);
      int rc;

      g_string_append_printf (sql, "SELECT CAST (%s AS TEXT), min (%s) FROM %s WHERE CAST (%s AS TEXT) IN (",
                              key_q, name_q, table_q, key_q);
      for (guint i = 0; i < n; i++)
        g_string_append (sql, i > 0 ? ", ?" : "?");
      g_string_append (sql, ") GROUP BY 1");
      if (!seg_project_prepare (reader, sql->str, &stmt, error))
        return NULL;
      for (guint i = 0; i < n; i++)
        sqlite3_bind_text (stmt, (int) i + 1, keys[i], -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *k = (const char *) sqlite3_column_text (stmt, 0);
          const char *text = (const char *) sqlite3_column_text (stmt, 1);

          if (k != NULL && text != NULL && text[0] != '\0')
            g_hash_table_replace (found, g_strdup (k), g_strdup (text));
        }
      if (rc != SQLITE_DONE)
        {
          seg_project_set_sqlite_error (reader, rc, error);
          return NULL;
        }
    }

  return g_steal_pointer (&found);
}

void
seg_run_view_free (SegRunView *view)
{
  if (view == NULL)
    return;
  g_clear_object (&view->record);
  g_clear_pointer (&view->points, seg_run_points_free);
  g_clear_pointer (&view->profile, seg_profile_free);
  g_free (view);
}

/**
 * seg_project_load_run_view:
 * @run: a clustering run
 * @cancel: (nullable): set from another thread to stop, even inside a query
 *
 * Loads a run's record, rows and profile through a connection of its
 * own, so that a worker thread can do it while the window goes on: the
 * profile of a large shop joins every order line.
 *
 * Returns: (transfer full): the run, or NULL with @error set
 */
SegRunView *
seg_project_load_run_view (SegProject          *project,
                           gint64               run,
                           const volatile int  *cancel,
                           GError             **error)
{
  g_autoptr(SegProject) reader = NULL;
  g_autoptr(SegRunView) view = g_new0 (SegRunView, 1);

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  reader = seg_project_open_reader (project, cancel, error);
  if (reader == NULL)
    return NULL;
  view->record = seg_project_get_run (reader, run, error);
  if (view->record != NULL)
    view->points = seg_project_load_run_points (reader, run, error);
  /* A query that the flag interrupted fails; the failure is the cancel. */
  if (seg_cancel_take_error (cancel, error) || view->points == NULL)
    return NULL;
  load_names (reader, view->points, view->record);
  view->profile = seg_project_profile (reader, run, NULL, NULL);
  if (seg_cancel_take_error (cancel, error))
    return NULL;
  if (view->profile != NULL)
    view->points->colors = seg_profile_palette (view->profile, view->points->n_clusters);

  return g_steal_pointer (&view);
}

static gpointer
load_view_func (SegProject          *project,
                gpointer             data,
                const volatile int  *cancel,
                GError             **error)
{
  return seg_project_load_run_view (project, *(gint64 *) data, cancel, error);
}

/**
 * seg_project_load_run_view_async:
 * @run: a clustering run
 * @cancellable: (nullable): stops the load, even inside a query
 *
 * Loads what seg_project_load_run_view() loads, in a worker thread.
 */
void
seg_project_load_run_view_async (SegProject          *project,
                                 gint64               run,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_load_run_view_async, load_view_func,
                g_memdup2 (&run, sizeof run), g_free, (GDestroyNotify) seg_run_view_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_load_run_view_finish:
 *
 * Returns: (transfer full): the run, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegRunView *
seg_project_load_run_view_finish (SegProject    *project,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return seg_task_finish (project, result, seg_project_load_run_view_async, error);
}

static gpointer
load_points_func (SegProject          *project,
                  gpointer             data,
                  const volatile int  *cancel,
                  GError             **error)
{
  g_autoptr(SegProject) reader = seg_project_open_reader (project, cancel, error);

  return reader != NULL ? seg_project_load_run_points (reader, *(gint64 *) data, error) : NULL;
}

/**
 * seg_project_load_run_points_async:
 * @run: a clustering run
 * @cancellable: (nullable): stops the load, even inside its query
 *
 * Reads what seg_project_load_run_points() reads, in a worker thread
 * through a connection of its own.
 */
void
seg_project_load_run_points_async (SegProject          *project,
                                   gint64               run,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_load_run_points_async, load_points_func,
                g_memdup2 (&run, sizeof run), g_free, (GDestroyNotify) seg_run_points_free,
                cancellable, callback, user_data);
}

/**
 * seg_project_load_run_points_finish:
 *
 * Returns: (transfer full): the points, or NULL with @error set;
 *   %G_IO_ERROR_CANCELLED once cancelled
 */
SegRunPoints *
seg_project_load_run_points_finish (SegProject    *project,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return seg_task_finish (project, result, seg_project_load_run_points_async, error);
}
