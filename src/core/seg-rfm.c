/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-rfm.h"
#include "seg-segment.h"

void
seg_rfm_summary_free (SegRfmSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->table);
  g_free (summary->as_of);
  g_clear_pointer (&summary->segments, g_ptr_array_unref);
  g_clear_pointer (&summary->counts, g_array_unref);
  g_free (summary);
}

static gboolean
require_type (SegColumnInfo  *column,
              const char     *option,
              gboolean        numeric,
              GError        **error)
{
  gboolean ok = numeric
                ? column->type == SEG_COLUMN_INTEGER || column->type == SEG_COLUMN_REAL
                : column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME;

  if (!ok)
    g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                 numeric ? _("%s: the column “%s” holds %s, not numbers")
                         : _("%s: the column “%s” holds %s, not dates"),
                 option, column->name, seg_column_type_to_string (column->type));

  return ok;
}

/* The RFM segment from the R and F scores: the usual map of the 5 × 5
 * grid, with the bottom corner as its own "Lost" cell. */
#define SEGMENT_CASE \
  "CASE" \
  " WHEN r_score = 1 AND f_score = 1 THEN 'Lost'" \
  " WHEN r_score <= 2 AND f_score <= 2 THEN 'Hibernating'" \
  " WHEN r_score <= 2 AND f_score <= 4 THEN 'At risk'" \
  " WHEN r_score <= 2 THEN 'Can''t lose them'" \
  " WHEN r_score = 3 AND f_score <= 2 THEN 'About to sleep'" \
  " WHEN r_score = 3 AND f_score = 3 THEN 'Need attention'" \
  " WHEN r_score <= 4 AND f_score >= 4 THEN 'Loyal'" \
  " WHEN r_score = 4 AND f_score = 1 THEN 'Promising'" \
  " WHEN r_score = 5 AND f_score = 1 THEN 'New'" \
  " WHEN f_score <= 3 THEN 'Potential loyalist'" \
  " ELSE 'Champions' END"

/* A score from 1 to 5 by quintile of rank; equal values share the rank of
 * the first of them, so ties always get the same score. */
#define SCORE(order) "1 + (5 * (rank () OVER (ORDER BY " order ") - 1)) / count (*) OVER ()"

/**
 * seg_project_rfm:
 * @project: a #SegProject
 * @options: the order lines and how to read them
 * @error: return location for an error naming the option at fault
 *
 * Computes recency (days since the last purchase), frequency (distinct
 * orders), monetary value, first and last purchase, tenure, average order
 * value, R/F/M scores and the named RFM segment of every customer with a
 * purchase, into a new table, in one transaction.
 *
 * Returns: (transfer full): what was computed, or %NULL with @error set
 */
SegRfmSummary *
seg_project_rfm (SegProject           *project,
                 const SegRfmOptions  *options,
                 GError              **error)
{
  g_autoptr(SegRfmSummary) summary = g_new0 (SegRfmSummary, 1);
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *table_q = NULL;
  g_autofree char *customer_q = NULL;
  g_autofree char *date_q = NULL;
  g_autofree char *value = NULL;
  g_autofree char *order_key = NULL;
  g_autofree char *out_q = NULL;
  g_autofree char *create = NULL;
  g_autofree char *catalog = NULL;
  g_autoptr(SegSegment) segment = NULL;
  GError *local_error = NULL;
  SegColumnInfo *column;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL && options->orders != NULL, NULL);

  info = seg_project_get_table (project, options->orders, error);
  if (info == NULL)
    return NULL;
  table_q = seg_quote_identifier (info->name);

  if (options->customer == NULL || options->date == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("--customer and --date are needed"));
      return NULL;
    }

  if ((column = seg_table_find_column (info, "--customer", options->customer, error)) == NULL)
    return NULL;
  customer_q = seg_quote_identifier (column->name);

  if ((column = seg_table_find_column (info, "--date", options->date, error)) == NULL ||
      !require_type (column, "--date", FALSE, error))
    return NULL;
  date_q = seg_quote_identifier (column->name);

  if (options->amount != NULL)
    {
      if ((column = seg_table_find_column (info, "--amount", options->amount, error)) == NULL ||
          !require_type (column, "--amount", TRUE, error))
        return NULL;
      value = seg_quote_identifier (column->name);
    }
  else if (options->quantity != NULL && options->price != NULL)
    {
      g_autofree char *quantity_q = NULL;
      g_autofree char *price_q = NULL;

      if ((column = seg_table_find_column (info, "--quantity", options->quantity, error)) == NULL ||
          !require_type (column, "--quantity", TRUE, error))
        return NULL;
      quantity_q = seg_quote_identifier (column->name);
      if ((column = seg_table_find_column (info, "--price", options->price, error)) == NULL ||
          !require_type (column, "--price", TRUE, error))
        return NULL;
      price_q = seg_quote_identifier (column->name);
      value = g_strdup_printf ("(%s * %s)", quantity_q, price_q);
    }
  else
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                   _("Give --amount, or --quantity and --price"));
      return NULL;
    }

  /* Without invoice numbers, a customer's purchases on one day are one
   * order. */
  if (options->invoice != NULL)
    {
      if ((column = seg_table_find_column (info, "--invoice", options->invoice, error)) == NULL)
        return NULL;
      order_key = seg_quote_identifier (column->name);
    }
  else
    order_key = g_strdup_printf ("date (%s)", date_q);

  /* Only the order lines of a saved segment's customers, if asked. */
  segment = seg_project_find_input_segment (project, options->segment, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  summary->table = g_strdup (options->output != NULL ? options->output : "rfm");
  if (!seg_project_check_table_name (summary->table, error))
    return NULL;
  out_q = seg_quote_identifier (summary->table);

  if (options->as_of != NULL)
    {
      int y = 0, m = 0, d = 0;
      char end = 0;

      if (sscanf (options->as_of, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
          strlen (options->as_of) != 10 ||
          !g_date_valid_dmy (d, m, y))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("--as-of: “%s” is not a date like 2024-12-31"), options->as_of);
          return NULL;
        }
      summary->as_of = g_strdup (options->as_of);
    }
  else
    {
      g_autofree char *query = g_strdup_printf ("SELECT date (max (%s), '+1 day') FROM %s", date_q, table_q);

      if (!seg_project_prepare (project, query, &stmt, error))
        return NULL;
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        summary->as_of = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (summary->as_of == NULL)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("The table “%s” has no dated orders"), info->name);
          return NULL;
        }
    }

  create = g_strdup_printf ("CREATE TABLE %s ("
                            " customer TEXT, recency INTEGER, frequency INTEGER, monetary REAL,"
                            " first_purchase TEXT, last_purchase TEXT, tenure INTEGER,"
                            " avg_order_value REAL, r_score INTEGER, f_score INTEGER,"
                            " m_score INTEGER, rfm_score INTEGER, segment TEXT) STRICT",
                            out_q);

  /* The common tables are named in the prefix no imported table may
   * have, so that an order table called “lines” stays itself. */
  g_string_printf (sql,
                   "INSERT INTO %s "
                   "WITH seg_lines AS ("
                   "  SELECT CAST (%s AS TEXT) AS customer, date (%s) AS day, %s AS order_key,"
                   "         CAST (%s AS REAL) AS value"
                   "  FROM %s"
                   "  WHERE %s IS NOT NULL AND date (%s) IS NOT NULL AND %s IS NOT NULL"
                   "    AND date (%s) < ?1"
                   "    AND (?3 = 0 OR CAST (%s AS TEXT) IN (SELECT key FROM seg_segment_members WHERE segment_id = ?3))),"
                   " seg_customers AS ("
                   "  SELECT customer,"
                   "         min (day) FILTER (WHERE value > 0) AS first_purchase,"
                   "         max (day) FILTER (WHERE value > 0) AS last_purchase,"
                   "         count (DISTINCT order_key) FILTER (WHERE value > 0) AS frequency,"
                   "         total (value) FILTER (WHERE value > 0) AS gross,"
                   "         total (value) AS net"
                   "  FROM seg_lines GROUP BY customer),"
                   " seg_measured AS ("
                   "  SELECT customer, first_purchase, last_purchase, frequency,"
                   "         round (CASE WHEN ?2 THEN net ELSE gross END, 2) AS monetary,"
                   "         CAST (julianday (?1) - julianday (last_purchase) AS INTEGER) AS recency,"
                   "         CAST (julianday (?1) - julianday (first_purchase) AS INTEGER) AS tenure"
                   "  FROM seg_customers WHERE frequency > 0),"
                   " seg_scored AS ("
                   "  SELECT *, " SCORE ("recency DESC") " AS r_score,"
                   "         " SCORE ("frequency") " AS f_score,"
                   "         " SCORE ("monetary") " AS m_score"
                   "  FROM seg_measured)"
                   " SELECT customer, recency, frequency, monetary, first_purchase, last_purchase,"
                   "        tenure, round (monetary / frequency, 2), r_score, f_score, m_score,"
                   "        r_score * 100 + f_score * 10 + m_score, " SEGMENT_CASE
                   " FROM seg_scored ORDER BY customer",
                   out_q, customer_q, date_q, order_key, value, table_q,
                   customer_q, date_q, value, date_q, customer_q);

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return NULL;

  if (seg_project_has_table (project, summary->table))
    {
      if (!options->replace)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_NAME,
                       _("--output-table: the project already has a table “%s”; choose another name or replace it"),
                       summary->table);
          goto failed;
        }
      if (!seg_project_drop_table_in_transaction (project, summary->table, error))
        goto failed;
    }

  if (!seg_project_exec (project, create, error) ||
      !seg_project_prepare (project, sql->str, &stmt, error))
    goto failed;
  sqlite3_bind_text (stmt, 1, summary->as_of, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, options->net_returns);
  sqlite3_bind_int64 (stmt, 3, segment != NULL ? seg_segment_get_id (segment) : 0);
  rc = sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      goto failed;
    }
  summary->customers = sqlite3_changes (seg_project_get_db (project));

  /* The result is a table like any other: the browser and export see it.
   * Its origin lets a later profile go back to the order lines. */
  {
    static const struct { const char *name; SegColumnType type; } columns[] = {
      { "customer", SEG_COLUMN_TEXT }, { "recency", SEG_COLUMN_INTEGER },
      { "frequency", SEG_COLUMN_INTEGER }, { "monetary", SEG_COLUMN_REAL },
      { "first_purchase", SEG_COLUMN_DATE }, { "last_purchase", SEG_COLUMN_DATE },
      { "tenure", SEG_COLUMN_INTEGER }, { "avg_order_value", SEG_COLUMN_REAL },
      { "r_score", SEG_COLUMN_INTEGER }, { "f_score", SEG_COLUMN_INTEGER },
      { "m_score", SEG_COLUMN_INTEGER }, { "rfm_score", SEG_COLUMN_INTEGER },
      { "segment", SEG_COLUMN_TEXT },
    };
    g_autoptr(GPtrArray) catalog_columns = g_ptr_array_new_with_free_func ((GDestroyNotify)seg_column_info_free);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *origin = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      {
        SegColumnInfo *column_info = g_new0 (SegColumnInfo, 1);

        column_info->name = g_strdup (columns[i].name);
        column_info->type = columns[i].type;
        g_ptr_array_add (catalog_columns, column_info);
      }

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "kind");
    json_builder_add_string_value (builder, "rfm");
    json_builder_set_member_name (builder, "orders");
    json_builder_add_string_value (builder, info->name);
    json_builder_set_member_name (builder, "customer");
    json_builder_add_string_value (builder, options->customer);
    /* Column names only, never SQL: a project file may come from anyone. */
    if (options->amount != NULL)
      {
        json_builder_set_member_name (builder, "amount");
        json_builder_add_string_value (builder, options->amount);
      }
    else
      {
        json_builder_set_member_name (builder, "quantity");
        json_builder_add_string_value (builder, options->quantity);
        json_builder_set_member_name (builder, "price");
        json_builder_add_string_value (builder, options->price);
      }
    json_builder_set_member_name (builder, "as_of");
    json_builder_add_string_value (builder, summary->as_of);
    if (segment != NULL)
      {
        json_builder_set_member_name (builder, "segment");
        json_builder_add_string_value (builder, seg_segment_get_name (segment));
      }
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    origin = json_to_string (root, FALSE);

    catalog = g_strdup_printf ("rfm(%s)", info->name);
    if (!seg_project_catalog_table (project, summary->table, catalog, origin,
                                    summary->customers, catalog_columns, error))
      goto failed;
  }

  /* The segment sizes, for the report. */
  {
    g_autofree char *counts = g_strdup_printf ("SELECT segment, count (*) FROM %s"
                                               " GROUP BY segment ORDER BY count (*) DESC, segment",
                                               out_q);

    if (!seg_project_prepare (project, counts, &stmt, error))
      goto failed;
    summary->segments = g_ptr_array_new_with_free_func (g_free);
    summary->counts = g_array_new (FALSE, FALSE, sizeof (gint64));
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 n = sqlite3_column_int64 (stmt, 1);

        g_ptr_array_add (summary->segments, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
        g_array_append_val (summary->counts, n);
      }
    g_clear_pointer (&stmt, sqlite3_finalize);
  }

  if (!seg_project_exec (project, "COMMIT", error))
    goto failed;

  return g_steal_pointer (&summary);

failed:
  seg_project_exec (project, "ROLLBACK", NULL);
  return NULL;
}

/* The options with strings of their own, for a worker thread. */
typedef struct
{
  SegProject    *project;
  SegRfmOptions  options;
  GPtrArray     *strings;   /* the copies the options point to */
} RfmJob;

static void
rfm_job_free (RfmJob *job)
{
  g_object_unref (job->project);
  g_ptr_array_unref (job->strings);
  g_free (job);
}

static void
rfm_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  RfmJob *job = data;
  g_autoptr(SegProject) writer = NULL;
  GError *error = NULL;
  SegRfmSummary *summary = NULL;

  writer = seg_project_open_writer (job->project, &error);
  if (writer != NULL)
    summary = seg_project_rfm (writer, &job->options, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) seg_rfm_summary_free);
}

/**
 * seg_project_rfm_async:
 * @options: copied; need not outlive the call
 *
 * Scores customers as seg_project_rfm() does, in a worker thread with a
 * connection of its own: a million order lines take seconds.
 */
void
seg_project_rfm_async (SegProject          *project,
                       const SegRfmOptions *options,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RfmJob *job;

  g_return_if_fail (SEG_IS_PROJECT (project));
  g_return_if_fail (options != NULL);

  job = g_new0 (RfmJob, 1);
  job->project = g_object_ref (project);
  job->options = *options;
  job->strings = g_ptr_array_new_with_free_func (g_free);
  {
    const char **fields[] = {
      &job->options.orders, &job->options.customer, &job->options.date, &job->options.amount,
      &job->options.quantity, &job->options.price, &job->options.invoice, &job->options.as_of,
      &job->options.output, &job->options.segment,
    };

    /* The caller's strings may be gone before the worker reads them. */
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      if (*fields[i] != NULL)
        {
          char *copy = g_strdup (*fields[i]);

          g_ptr_array_add (job->strings, copy);
          *fields[i] = copy;
        }
  }

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, seg_project_rfm_async);
  g_task_set_task_data (task, job, (GDestroyNotify) rfm_job_free);
  g_task_run_in_thread (task, rfm_thread);
}

/**
 * seg_project_rfm_finish:
 *
 * Returns: (transfer full): what was written, or NULL with @error set
 */
SegRfmSummary *
seg_project_rfm_finish (SegProject    *project,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
