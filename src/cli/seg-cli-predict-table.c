/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-model.h"
#include "seg-predict-table.h"
#include "seg-project-private.h"

#define NO_HORIZON G_MININT

static struct
{
  char     *orders;
  char     *customer;
  char     *date;
  char     *amount;
  char     *quantity;
  char     *price;
  char     *invoice;
  char     *item;
  char     *cutoff;
  int       horizon;
  char     *target;
  char     *target_item;
  int       top_items;
  char     *customers_table;
  char     *customers_key;
  gint64    segment_run;
  char     *splits;
  char     *output;
  gboolean  replace;
} predict = { .horizon = NO_HORIZON };

static const GOptionEntry predict_entries[] = {
  { "orders", 0, 0, G_OPTION_ARG_STRING, &predict.orders, N_("The table of order lines"), N_("TABLE") },
  { "customer", 0, 0, G_OPTION_ARG_STRING, &predict.customer, N_("Its customer column (default: found by name)"), N_("COLUMN") },
  { "date", 0, 0, G_OPTION_ARG_STRING, &predict.date, N_("Its date column (default: found by name)"), N_("COLUMN") },
  { "amount", 0, 0, G_OPTION_ARG_STRING, &predict.amount, N_("The value of a line"), N_("COLUMN") },
  { "quantity", 0, 0, G_OPTION_ARG_STRING, &predict.quantity, N_("The quantity, with --price"), N_("COLUMN") },
  { "price", 0, 0, G_OPTION_ARG_STRING, &predict.price, N_("The unit price, with --quantity"), N_("COLUMN") },
  { "invoice", 0, 0, G_OPTION_ARG_STRING, &predict.invoice, N_("The order number (default: found by name, else one order per customer and day)"), N_("COLUMN") },
  { "item", 0, 0, G_OPTION_ARG_STRING, &predict.item, N_("The item or category column, for item counts and shares"), N_("COLUMN") },
  { "cutoff", 0, 0, G_OPTION_ARG_STRING, &predict.cutoff, N_("The first day of the test window; features use the days before it"), N_("DATE") },
  { "horizon", 0, 0, G_OPTION_ARG_INT, &predict.horizon, N_("The days of a window"), N_("DAYS") },
  { "target", 0, 0, G_OPTION_ARG_STRING, &predict.target, N_("What to predict"), N_("buys-again|churn|buys-item|spend") },
  { "target-item", 0, 0, G_OPTION_ARG_STRING, &predict.target_item, N_("The item of buys-item"), N_("VALUE") },
  { "top-items", 0, 0, G_OPTION_ARG_INT, &predict.top_items, N_("Item shares to add (default 10; -1 for none)"), N_("N") },
  { "customers-table", 0, 0, G_OPTION_ARG_STRING, &predict.customers_table, N_("A table of customers whose columns to add"), N_("TABLE") },
  { "customers-key", 0, 0, G_OPTION_ARG_STRING, &predict.customers_key, N_("Its customer column (default: found by name)"), N_("COLUMN") },
  { "segment-run", 0, 0, G_OPTION_ARG_INT64, &predict.segment_run, N_("A clustering run whose segment to add"), N_("RUN") },
  { "splits", 0, 0, G_OPTION_ARG_STRING, &predict.splits, N_("The rows to write (default train,test)"), N_("train,test,score") },
  { "output", 'o', 0, G_OPTION_ARG_STRING, &predict.output, N_("The table to write (default predict)"), N_("NAME") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &predict.replace, N_("Replace a table of that name"), NULL },
  { NULL }
};

static int
predict_check (int    argc,
               char **argv)
{
  SegPredictTarget target;
  g_autoptr(GError) error = NULL;
  guint splits;

  if (argc != 1)
    return seg_cli_usage_error (_("predict-table: unexpected argument “%s”"), argv[1]);
  if (predict.orders == NULL || predict.cutoff == NULL || predict.horizon == NO_HORIZON || predict.target == NULL)
    return seg_cli_usage_error (_("predict-table: --orders, --cutoff, --horizon and --target are needed"));
  if (!seg_predict_target_from_string (predict.target, &target))
    return seg_cli_usage_error (_("--target: “%s” is not one of buys-again, churn, buys-item, spend"), predict.target);
  if (target == SEG_PREDICT_BUYS_ITEM && (predict.target_item == NULL || predict.item == NULL))
    return seg_cli_usage_error (_("--target: buys-item needs --item and --target-item"));
  if (predict.splits != NULL && !seg_predict_splits_from_string (predict.splits, &splits, &error))
    return seg_cli_usage_error ("%s", error->message);
  if ((predict.quantity == NULL) != (predict.price == NULL))
    return seg_cli_usage_error (_("predict-table: give --quantity and --price together"));

  return SEG_CLI_EXIT_OK;
}

static int
predict_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  g_autoptr(SegPredictTableSummary) summary = NULL;
  g_autoptr(SegProject) writer = NULL;
  g_autoptr(GError) error = NULL;
  SegPredictTableOptions options = {
    .orders = predict.orders,
    .customer = predict.customer,
    .date = predict.date,
    .amount = predict.amount,
    .quantity = predict.quantity,
    .price = predict.price,
    .invoice = predict.invoice,
    .item = predict.item,
    .cutoff = predict.cutoff,
    .horizon = predict.horizon,
    .target_item = predict.target_item,
    .top_items = predict.top_items,
    .customers_table = predict.customers_table,
    .customers_key = predict.customers_key,
    .segment_run = predict.segment_run,
    .output = predict.output,
    .replace = predict.replace,
  };

  seg_predict_target_from_string (predict.target, &options.target);
  if (predict.splits != NULL)
    seg_predict_splits_from_string (predict.splits, &options.splits, NULL);

  writer = seg_project_open_writer (project, &error);
  if (writer == NULL)
    return seg_cli_fail (error);
  summary = seg_project_predict_table (writer, &options, &error);
  if (summary == NULL)
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_string (builder, "table", summary->table);
      seg_cli_json_add_string (builder, "cutoff", summary->cutoff);
      seg_cli_json_add_int (builder, "horizon", predict.horizon);
      seg_cli_json_add_string (builder, "target", predict.target);
      seg_cli_json_add_string (builder, "target_description", summary->target_description);
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "train", summary->train_rows);
      seg_cli_json_add_int (builder, "test", summary->test_rows);
      seg_cli_json_add_int (builder, "score", summary->score_rows);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "target_mean");
      json_builder_begin_object (builder);
      seg_json_add_double_or_null (builder, "train", summary->train_positive);
      seg_json_add_double_or_null (builder, "test", summary->test_positive);
      json_builder_end_object (builder);
      if (summary->score_as_of != NULL)
        seg_cli_json_add_string (builder, "score_as_of", summary->score_as_of);
      json_builder_set_member_name (builder, "features");
      json_builder_begin_array (builder);
      for (guint i = 0; i < summary->features->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (summary->features, i));
      json_builder_end_array (builder);
      seg_cli_json_add_int (builder, "lines", summary->lines);
      seg_cli_json_add_double (builder, "seconds", summary->seconds);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    {
      g_print (_("Table “%s”: %s\n"), summary->table, summary->target_description);
      if (summary->train_rows > 0)
        g_print (_("  train  %8" PRId64 " customers, target mean %.4g\n"), summary->train_rows, summary->train_positive);
      if (summary->test_rows > 0)
        g_print (_("  test   %8" PRId64 " customers, target mean %.4g\n"), summary->test_rows, summary->test_positive);
      if (summary->score_as_of != NULL)
        g_print (_("  score  %8" PRId64 " customers as of %s\n"), summary->score_rows, summary->score_as_of);
      g_print (_("  %u features\n"), summary->features->len);
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_predict_table = {
  "predict-table", "", N_("Build a labelled customer table for prediction"),
  N_("— customer features before a cut-off, labelled by what follows"),
  N_("Writes one row per customer with features computed from the orders strictly before a day (recency, frequency, spend, tenure, gaps between orders, returns, recent spend and orders, item shares) and the target of the following window: buys-again, churn (no order), buys-item or spend. Train rows are as of the cut-off less the horizon, test rows as of the cut-off, score rows as of the day after the last order, without a target."),
  predict_entries, FALSE, NULL, predict_check, predict_run,
};
