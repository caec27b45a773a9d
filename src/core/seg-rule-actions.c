/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-cancel.h"
#include "seg-day-private.h"
#include "seg-error.h"
#include "seg-export.h"
#include "seg-project-private.h"
#include "seg-rule-actions.h"
#include "seg-rules-model.h"
#include "seg-task-private.h"

/*
 * Rules put to use. A rules run keeps its rules, its itemsets and its
 * items as tables, and its record says which baskets it read: each
 * question here reads those baskets again (a second or two for a million
 * order lines) rather than storing them, and finds items by name, so an
 * answer is right for the order lines as they are now.
 */

/* The run's record, its model and its baskets read again. */
typedef struct
{
  SegRunRecord  *record;
  SegBasketData *data;
  const char    *items_table;    /* the run's table of items */
  const char    *itemsets_table;
  const char    *rules_table;    /* nullable for a run of itemsets alone */
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->record);
  g_clear_pointer (&run->data, seg_basket_data_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static gboolean
open_run (SegProject          *project,
          gint64               id,
          Run                 *run,
          const volatile int  *cancel,
          GError             **error)
{
  g_autoptr(SegRulesModel) model = NULL;
  SegBasketSource source;
  guint n_tables;

  run->record = seg_project_get_run (project, id, NULL);
  if (run->record == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                   _("--run: the project has no run %" PRId64 "; list the runs with “runs”"), id);
      return FALSE;
    }
  model = seg_rules_model_new_for_record (run->record, error);
  if (model == NULL)
    return FALSE;
  n_tables = run->record->result_tables != NULL ? g_strv_length (run->record->result_tables) : 0;
  if (n_tables < 2)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: run %" PRId64 " has lost its result tables; run it again"), id);
      return FALSE;
    }
  run->items_table = run->record->result_tables[n_tables - 1];
  run->itemsets_table = run->record->result_tables[n_tables - 2];
  run->rules_table = n_tables >= 3 ? run->record->result_tables[0] : NULL;
  for (guint t = 0; t < n_tables; t++)
    if (!seg_project_has_table (project, run->record->result_tables[t]))
      {
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("--run: the table “%s” of run %" PRId64 " is gone; run it again"),
                     run->record->result_tables[t], id);
        return FALSE;
      }

  seg_rules_model_get_source (model, &source);
  source.table = run->record->input_table;
  run->data = seg_project_read_baskets (project, &source, cancel, error);
  return run->data != NULL;
}

/* The item of the run's items table with @id, as an item of the baskets
 * read again; FALSE when no basket holds it any more. */
static gboolean
map_item (SegProject     *project,
          Run            *run,
          sqlite3_stmt  **stmt,
          gint64          id,
          uint32_t       *item,
          GError        **error)
{
  gboolean found = FALSE;
  int rc;

  if (*stmt == NULL)
    {
      g_autofree char *table_q = seg_quote_identifier (run->items_table);
      g_autofree char *sql = g_strdup_printf ("SELECT item FROM %s WHERE item_id = ?1", table_q);

      if (!seg_project_prepare (project, sql, stmt, error))
        return FALSE;
    }
  sqlite3_bind_int64 (*stmt, 1, id);
  rc = sqlite3_step (*stmt);
  if (rc == SQLITE_ROW)
    found = seg_basket_data_find_item (run->data, (const char *) sqlite3_column_text (*stmt, 0), item);
  sqlite3_reset (*stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);
  if (!found)
    g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                 _("The orders of run %" PRId64 " have changed and no longer hold an item of its rules; run it again"),
                 run->record->id);
  return found;
}

/* The item ids in @text, "3,17", as items of the baskets read again. */
static GArray *
map_items (SegProject  *project,
           Run         *run,
           const char  *text,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) ids = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (uint32_t));

  for (guint i = 0; ids[i] != NULL; i++)
    {
      uint32_t item;

      if (ids[i][0] == '\0')
        continue;
      if (!map_item (project, run, &stmt, g_ascii_strtoll (ids[i], NULL, 10), &item, error))
        return NULL;
      g_array_append_val (items, item);
    }
  return g_steal_pointer (&items);
}

/* Rule audience ------------------------------------------------------------ */

void
seg_rule_audience_free (SegRuleAudience *audience)
{
  if (audience == NULL)
    return;
  g_free (audience->lhs);
  g_free (audience->rhs);
  g_clear_pointer (&audience->customers, g_ptr_array_unref);
  g_free (audience);
}

static void
rule_customer_free (SegRuleCustomer *customer)
{
  g_free (customer->customer);
  g_free (customer->last_order);
  g_free (customer);
}

static int
compare_customers (gconstpointer a,
                   gconstpointer b)
{
  const SegRuleCustomer *x = *(SegRuleCustomer *const *) a;
  const SegRuleCustomer *y = *(SegRuleCustomer *const *) b;

  if (x->orders != y->orders)
    return x->orders > y->orders ? -1 : 1;
  if (isfinite (x->spend) && isfinite (y->spend) && x->spend != y->spend)
    return x->spend > y->spend ? -1 : 1;
  return strcmp (x->customer, y->customer);
}

static SegRuleAudience *
find_audience (SegProject          *project,
               gint64               id,
               gint64               rule,
               const volatile int  *cancel,
               GError             **error)
{
  g_auto(Run) run = { 0 };
  g_autoptr(SegRuleAudience) audience = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) lhs = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  g_autofree guint8 *bought = NULL;
  g_autofree gint64 *orders = NULL;
  g_autofree double *spend = NULL;
  g_autofree gint64 *last = NULL;
  g_autofree char *lhs_ids = NULL;
  const SegBaskets *baskets;
  uint32_t rhs;
  gint64 rhs_id;
  size_t n_customers, width;
  int rc;

  if (!open_run (project, id, &run, cancel, error))
    return NULL;
  if (run.rules_table == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: run %" PRId64 " lists itemsets, not rules"), id);
      return NULL;
    }
  if (run.data->customers == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: run %" PRId64 " read no customer column; run the rules again with --customer"), id);
      return NULL;
    }

  table_q = seg_quote_identifier (run.rules_table);
  sql = g_strdup_printf ("SELECT lhs, rhs, lhs_ids, rhs_id FROM %s WHERE rule = ?1", table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rule);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return seg_project_set_sqlite_error (project, rc, error), NULL;
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--rule: run %" PRId64 " has no rule %" PRId64 "; its rules are in the table “%s”"),
                   id, rule, run.rules_table);
      return NULL;
    }
  audience = g_new0 (SegRuleAudience, 1);
  audience->run = id;
  audience->rule = rule;
  audience->lhs = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  audience->rhs = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  audience->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_customer_free);
  lhs_ids = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  rhs_id = sqlite3_column_int64 (stmt, 3);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if ((lhs = map_items (project, &run, lhs_ids, error)) == NULL ||
      !map_item (project, &run, &stmt, rhs_id, &rhs, error))
    return NULL;

  /* Which of the rule's items each customer ever bought: the left-hand
   * ones, then the right-hand one. */
  baskets = &run.data->baskets;
  n_customers = run.data->customer_names->len;
  width = lhs->len + 1;
  bought = g_new0 (guint8, MAX (n_customers * width, 1));
  orders = g_new0 (gint64, MAX (n_customers, 1));
  spend = g_new0 (double, MAX (n_customers, 1));
  last = g_new0 (gint64, MAX (n_customers, 1));
  for (size_t b = 0; b < baskets->n_baskets; b++)
    {
      uint32_t c = run.data->customers[b];

      if ((b & 0xffff) == 0 && cancel != NULL && g_atomic_int_get (cancel))
        return seg_cancel_take_error (cancel, error), NULL;
      orders[c]++;
      if (run.data->days != NULL)
        last[c] = MAX (last[c], run.data->days[b]);
      for (size_t e = baskets->offsets[b]; e < baskets->offsets[b + 1]; e++)
        {
          if (run.data->values != NULL)
            spend[c] += run.data->values[e];
          if (baskets->items[e] == rhs)
            bought[c * width + lhs->len] = 1;
        }
      for (guint i = 0; i < lhs->len; i++)
        if (seg_baskets_find (baskets, b, g_array_index (lhs, uint32_t, i)) >= 0)
          bought[c * width + i] = 1;
    }

  for (size_t c = 0; c < n_customers; c++)
    {
      SegRuleCustomer *customer;
      gboolean all = !bought[c * width + lhs->len];

      for (guint i = 0; i < lhs->len && all; i++)
        all = bought[c * width + i];
      if (!all)
        continue;
      customer = g_new0 (SegRuleCustomer, 1);
      customer->customer = g_strdup (g_ptr_array_index (run.data->customer_names, c));
      customer->orders = orders[c];
      customer->spend = run.data->values != NULL ? spend[c] : NAN;
      if (last[c] > 0)
        {
          char day[16];

          seg_day_key_format (last[c], day);
          customer->last_order = g_strdup (day);
        }
      g_ptr_array_add (audience->customers, customer);
    }
  g_ptr_array_sort (audience->customers, compare_customers);

  return g_steal_pointer (&audience);
}

/**
 * seg_project_rule_audience:
 * @run: a rules run
 * @rule: the number of one of its rules
 *
 * The customers who bought every left-hand item of the rule, in any of
 * their orders, and never its right-hand item: the ones to offer it to.
 *
 * Returns: (transfer full): the audience, or %NULL with @error set
 */
SegRuleAudience *
seg_project_rule_audience (SegProject    *project,
                           gint64         run,
                           gint64         rule,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_auto(SegCancelFlag) cancel = { 0 };

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  seg_cancel_flag_init (&cancel, cancellable);
  return find_audience (project, run, rule, seg_cancel_flag_get (&cancel), error);
}

/**
 * seg_project_save_rule_audience:
 * @name: the segment's name
 *
 * Saves the audience's customers as a segment, with the run and rule as
 * where it came from.
 *
 * Returns: (transfer full): the segment, or %NULL with @error set
 */
SegSegment *
seg_project_save_rule_audience (SegProject       *project,
                                SegRuleAudience  *audience,
                                const char       *name,
                                GError          **error)
{
  g_autoptr(JsonNode) source = json_node_new (JSON_NODE_OBJECT);
  g_autofree const char **keys = NULL;
  JsonObject *where = json_object_new ();

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (audience != NULL, NULL);

  json_object_set_int_member (where, "run", audience->run);
  json_object_set_int_member (where, "rule", audience->rule);
  json_node_take_object (source, where);
  keys = g_new0 (const char *, audience->customers->len + 1);
  for (guint i = 0; i < audience->customers->len; i++)
    keys[i] = ((SegRuleCustomer *) g_ptr_array_index (audience->customers, i))->customer;

  return seg_project_save_segment (project, name, keys, source, error);
}

/**
 * seg_rule_audience_export:
 * @file: the CSV file to write
 *
 * Writes the audience as a target list: customer, orders, spend and the
 * day of the last order.
 *
 * Returns: whether the file was written
 */
gboolean
seg_rule_audience_export (SegRuleAudience  *audience,
                          GFile            *file,
                          GCancellable     *cancellable,
                          GError          **error)
{
  static const char *const header[] = { "customer", "orders", "spend", "last_order", NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_return_val_if_fail (audience != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  for (guint i = 0; i < audience->customers->len; i++)
    {
      SegRuleCustomer *customer = g_ptr_array_index (audience->customers, i);
      char **row = g_new0 (char *, 5);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      row[0] = g_strdup (customer->customer);
      row[1] = g_strdup_printf ("%" PRId64, customer->orders);
      row[2] = isfinite (customer->spend) ? g_strdup (g_ascii_formatd (number, sizeof number, "%.2f", customer->spend))
                                          : NULL;
      row[3] = g_strdup (customer->last_order);
      g_ptr_array_add (rows, row);
    }
  return seg_export_cells_file (file, header, rows, SEG_EXPORT_NONE, cancellable, error);
}

/* Bought together ---------------------------------------------------------- */

void
seg_together_free (SegTogether *together)
{
  if (together == NULL)
    return;
  g_free (together->item);
  g_free (together);
}

static int
compare_together (gconstpointer a,
                  gconstpointer b)
{
  const SegTogether *x = *(SegTogether *const *) a;
  const SegTogether *y = *(SegTogether *const *) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if (x->lift != y->lift)
    return x->lift > y->lift ? -1 : 1;
  return strcmp (x->item, y->item);
}

static GPtrArray *
find_together (SegProject          *project,
               gint64               id,
               const char          *name,
               guint                top,
               const volatile int  *cancel,
               GError             **error)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_together_free);
  g_autofree size_t *counts = NULL;
  g_autofree size_t *both = NULL;
  const SegBaskets *baskets;
  uint32_t item;

  if (!open_run (project, id, &run, cancel, error))
    return NULL;
  if (!seg_basket_data_find_item (run.data, name, &item))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--item: no basket of run %" PRId64 " holds “%s”"), id, name);
      return NULL;
    }

  /* One pass: every item's baskets, and those it shares with @item. */
  baskets = &run.data->baskets;
  counts = seg_baskets_count_items (baskets);
  both = g_new0 (size_t, MAX (baskets->n_items, 1));
  for (size_t b = 0; b < baskets->n_baskets; b++)
    {
      if ((b & 0xffff) == 0 && cancel != NULL && g_atomic_int_get (cancel))
        return seg_cancel_take_error (cancel, error), NULL;
      if (seg_baskets_find (baskets, b, item) < 0)
        continue;
      for (size_t e = baskets->offsets[b]; e < baskets->offsets[b + 1]; e++)
        both[baskets->items[e]]++;
    }
  for (size_t j = 0; j < baskets->n_items; j++)
    {
      SegTogether *together;

      if (j == item || both[j] == 0)
        continue;
      together = g_new0 (SegTogether, 1);
      together->item = g_strdup (g_ptr_array_index (run.data->item_names, j));
      together->count = (gint64) both[j];
      together->confidence = (double) both[j] / (double) counts[item];
      together->lift = together->confidence / ((double) counts[j] / (double) baskets->n_baskets);
      g_ptr_array_add (found, together);
    }
  g_ptr_array_sort (found, compare_together);
  if (top > 0 && found->len > top)
    g_ptr_array_set_size (found, top);

  return g_steal_pointer (&found);
}

/**
 * seg_project_bought_together:
 * @run: a rules run
 * @item: an item's name
 * @top: how many to list; 0 for all
 *
 * The items most often in the same baskets as @item, counted over every
 * basket the run read, not only the frequent itemsets.
 *
 * Returns: (transfer full) (element-type SegTogether): the items, most
 *   shared baskets first, or %NULL with @error set
 */
GPtrArray *
seg_project_bought_together (SegProject    *project,
                             gint64         run,
                             const char    *item,
                             guint          top,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_auto(SegCancelFlag) cancel = { 0 };

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  seg_cancel_flag_init (&cancel, cancellable);
  return find_together (project, run, item, top, seg_cancel_flag_get (&cancel), error);
}

/* Bundles ------------------------------------------------------------------ */

void
seg_bundle_free (SegBundle *bundle)
{
  if (bundle == NULL)
    return;
  g_free (bundle->items);
  g_free (bundle);
}

typedef struct
{
  SegBundle *bundle;
  GArray    *items;  /* uint32_t, sorted */
} Candidate;

static int
compare_candidates (const void *a,
                    const void *b)
{
  const Candidate *x = a, *y = b;

  if (x->bundle->score != y->bundle->score)
    return x->bundle->score > y->bundle->score ? -1 : 1;
  return strcmp (x->bundle->items, y->bundle->items);
}

static int
compare_ids (const void *a,
             const void *b)
{
  uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;

  return (x > y) - (x < y);
}

/* What the lines of @items were worth in the baskets holding them all. */
static double
bundle_revenue (const SegBasketData *data,
                GArray              *items)
{
  const SegBaskets *baskets = &data->baskets;
  double revenue = 0.0;

  for (size_t b = 0; b < baskets->n_baskets; b++)
    {
      size_t e = baskets->offsets[b], end = baskets->offsets[b + 1];
      double sum = 0.0;
      guint i = 0;

      /* Both lists are sorted: walk them together. */
      while (e < end && i < items->len)
        {
          uint32_t want = g_array_index (items, uint32_t, i);

          if (baskets->items[e] < want)
            e++;
          else if (baskets->items[e] > want)
            break;
          else
            {
              sum += data->values[e];
              e++;
              i++;
            }
        }
      if (i == items->len)
        revenue += sum;
    }
  return revenue;
}

static GPtrArray *
find_bundles (SegProject          *project,
              gint64               id,
              guint                top,
              const volatile int  *cancel,
              GError             **error)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_bundle_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  g_autofree size_t *counts = NULL;
  double n;
  int rc;

  if (!open_run (project, id, &run, cancel, error))
    return NULL;
  counts = seg_baskets_count_items (&run.data->baskets);
  n = (double) run.data->baskets.n_baskets;

  table_q = seg_quote_identifier (run.itemsets_table);
  sql = g_strdup_printf ("SELECT items, item_ids, count FROM %s WHERE length >= 2", table_q);
  if (!seg_project_prepare (project, sql, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate candidate;
      double expected = 1.0;

      candidate.items = map_items (project, &run, (const char *) sqlite3_column_text (stmt, 1), error);
      if (candidate.items == NULL)
        break;
      g_array_sort (candidate.items, compare_ids);
      candidate.bundle = g_new0 (SegBundle, 1);
      candidate.bundle->items = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      candidate.bundle->length = candidate.items->len;
      candidate.bundle->count = sqlite3_column_int64 (stmt, 2);
      candidate.bundle->support = (double) candidate.bundle->count / n;
      for (guint i = 0; i < candidate.items->len; i++)
        expected *= (double) counts[g_array_index (candidate.items, uint32_t, i)] / n;
      candidate.bundle->lift = expected > 0.0 ? candidate.bundle->support / expected : NAN;
      candidate.bundle->score = candidate.bundle->lift * candidate.bundle->support;
      candidate.bundle->revenue = NAN;
      g_array_append_val (candidates, candidate);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    seg_project_set_sqlite_error (project, rc, error);

  if (rc == SQLITE_DONE)
    {
      qsort (candidates->data, candidates->len, sizeof (Candidate), compare_candidates);
      for (guint c = 0; c < candidates->len; c++)
        {
          Candidate *candidate = &g_array_index (candidates, Candidate, c);

          if (top > 0 && found->len >= top)
            break;
          if (cancel != NULL && g_atomic_int_get (cancel))
            {
              seg_cancel_take_error (cancel, error);
              rc = SQLITE_ABORT;
              break;
            }
          if (run.data->values != NULL)
            candidate->bundle->revenue = bundle_revenue (run.data, candidate->items);
          g_ptr_array_add (found, g_steal_pointer (&candidate->bundle));
        }
    }
  for (guint c = 0; c < candidates->len; c++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, c);

      seg_bundle_free (candidate->bundle);
      g_array_unref (candidate->items);
    }

  return rc == SQLITE_DONE ? g_steal_pointer (&found) : NULL;
}

/**
 * seg_project_bundles:
 * @run: a rules run
 * @top: how many to list; 0 for all
 *
 * The run's itemsets of two or more items as bundles, ranked by lift
 * times support: items that sell together far more often than chance
 * and often enough to matter.
 *
 * Returns: (transfer full) (element-type SegBundle): the bundles, best
 *   first, or %NULL with @error set
 */
GPtrArray *
seg_project_bundles (SegProject    *project,
                     gint64         run,
                     guint          top,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_auto(SegCancelFlag) cancel = { 0 };

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  seg_cancel_flag_init (&cancel, cancellable);
  return find_bundles (project, run, top, seg_cancel_flag_get (&cancel), error);
}

/* In a worker thread ------------------------------------------------------- */

typedef enum
{
  JOB_AUDIENCE,
  JOB_TOGETHER,
  JOB_BUNDLES,
} JobKind;

typedef struct
{
  JobKind  kind;
  gint64   run;
  gint64   rule;
  char    *item;
  guint    top;
} Job;

static void
job_free (Job *job)
{
  g_free (job->item);
  g_free (job);
}

static gpointer
job_func (SegProject          *project,
          gpointer             data,
          const volatile int  *cancel,
          GError             **error)
{
  Job *job = data;
  g_autoptr(SegProject) reader = seg_project_open_reader (project, cancel, error);

  if (reader == NULL)
    return NULL;
  switch (job->kind)
    {
    case JOB_AUDIENCE:
      return find_audience (reader, job->run, job->rule, cancel, error);
    case JOB_TOGETHER:
      return find_together (reader, job->run, job->item, job->top, cancel, error);
    case JOB_BUNDLES:
    default:
      return find_bundles (reader, job->run, job->top, cancel, error);
    }
}

static Job *
job_new (JobKind     kind,
         gint64      run,
         gint64      rule,
         const char *item,
         guint       top)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->run = run;
  job->rule = rule;
  job->item = g_strdup (item);
  job->top = top;
  return job;
}

/**
 * seg_project_rule_audience_async:
 *
 * seg_project_rule_audience () in a worker thread.
 */
void
seg_project_rule_audience_async (SegProject          *project,
                                 gint64               run,
                                 gint64               rule,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_rule_audience_async, job_func, job_new (JOB_AUDIENCE, run, rule, NULL, 0),
                (GDestroyNotify) job_free, (GDestroyNotify) seg_rule_audience_free, cancellable, callback,
                user_data);
}

/**
 * seg_project_rule_audience_finish:
 *
 * Returns: (transfer full): the audience, or %NULL with @error set
 */
SegRuleAudience *
seg_project_rule_audience_finish (SegProject    *project,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return seg_task_finish (project, result, seg_project_rule_audience_async, error);
}

/**
 * seg_project_bought_together_async:
 *
 * seg_project_bought_together () in a worker thread.
 */
void
seg_project_bought_together_async (SegProject          *project,
                                   gint64               run,
                                   const char          *item,
                                   guint                top,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (item != NULL);

  seg_task_run (project, seg_project_bought_together_async, job_func, job_new (JOB_TOGETHER, run, 0, item, top),
                (GDestroyNotify) job_free, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * seg_project_bought_together_finish:
 *
 * Returns: (transfer full) (element-type SegTogether): the items, or
 *   %NULL with @error set
 */
GPtrArray *
seg_project_bought_together_finish (SegProject    *project,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return seg_task_finish (project, result, seg_project_bought_together_async, error);
}

/**
 * seg_project_bundles_async:
 *
 * seg_project_bundles () in a worker thread.
 */
void
seg_project_bundles_async (SegProject          *project,
                           gint64               run,
                           guint                top,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (SEG_IS_PROJECT (project));

  seg_task_run (project, seg_project_bundles_async, job_func, job_new (JOB_BUNDLES, run, 0, NULL, top),
                (GDestroyNotify) job_free, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * seg_project_bundles_finish:
 *
 * Returns: (transfer full) (element-type SegBundle): the bundles, or
 *   %NULL with @error set
 */
GPtrArray *
seg_project_bundles_finish (SegProject    *project,
                            GAsyncResult  *result,
                            GError       **error)
{
  return seg_task_finish (project, result, seg_project_bundles_async, error);
}
