/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-project-private.h"
#include "seg-rfm.h"

static struct
{
  char     *orders;
  char     *customer;
  char     *date;
  char     *amount;
  char     *quantity;
  char     *price;
  char     *invoice;
  char     *as_of;
  char     *returns;
  char     *segment;
  char     *output;
  gboolean  replace;
} rfm;

static const GOptionEntry rfm_entries[] = {
  { "orders", 0, 0, G_OPTION_ARG_STRING, &rfm.orders, N_("The table of order lines"), N_("TABLE") },
  { "customer", 0, 0, G_OPTION_ARG_STRING, &rfm.customer, N_("Its customer column"), N_("COLUMN") },
  { "date", 0, 0, G_OPTION_ARG_STRING, &rfm.date, N_("Its date column"), N_("COLUMN") },
  { "amount", 0, 0, G_OPTION_ARG_STRING, &rfm.amount, N_("The value of a line"), N_("COLUMN") },
  { "quantity", 0, 0, G_OPTION_ARG_STRING, &rfm.quantity, N_("The quantity, with --price"), N_("COLUMN") },
  { "price", 0, 0, G_OPTION_ARG_STRING, &rfm.price, N_("The unit price, with --quantity"), N_("COLUMN") },
  { "invoice", 0, 0, G_OPTION_ARG_STRING, &rfm.invoice, N_("The order number (default: one order per customer and day)"), N_("COLUMN") },
  { "as-of", 0, 0, G_OPTION_ARG_STRING, &rfm.as_of, N_("The day recency counts from (default: the day after the last order)"), N_("DATE") },
  { "returns", 0, 0, G_OPTION_ARG_STRING, &rfm.returns, N_("Lines with a negative value: left out, or subtracted from spend"), N_("exclude|net") },
  { "segment", 0, 0, G_OPTION_ARG_STRING, &rfm.segment, N_("Score only the customers of this saved segment"), N_("SEGMENT") },
  { "output-table", 'o', 0, G_OPTION_ARG_STRING, &rfm.output, N_("The customer table to write (default rfm)"), N_("NAME") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &rfm.replace, N_("Replace a table of that name"), NULL },
  { NULL }
};

static int
rfm_check (int    argc,
           char **argv)
{
  if (argc != 1)
    return seg_cli_usage_error (_("rfm: unexpected argument “%s”"), argv[1]);
  if (rfm.orders == NULL || rfm.customer == NULL || rfm.date == NULL)
    return seg_cli_usage_error (_("rfm: --orders, --customer and --date are needed"));
  if (rfm.amount == NULL && (rfm.quantity == NULL || rfm.price == NULL))
    return seg_cli_usage_error (_("rfm: give --amount, or --quantity and --price"));
  if (rfm.returns != NULL && g_strcmp0 (rfm.returns, "exclude") != 0 && g_strcmp0 (rfm.returns, "net") != 0)
    return seg_cli_usage_error (_("--returns: “%s” is not one of exclude, net"), rfm.returns);

  return SEG_CLI_EXIT_OK;
}

static int
rfm_run (SegProject  *project,
         int          argc,
         char       **argv)
{
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  SegRfmOptions options = {
    .orders = rfm.orders,
    .customer = rfm.customer,
    .date = rfm.date,
    .amount = rfm.amount,
    .quantity = rfm.quantity,
    .price = rfm.price,
    .invoice = rfm.invoice,
    .as_of = rfm.as_of,
    .net_returns = g_strcmp0 (rfm.returns, "net") == 0,
    .segment = rfm.segment,
    .output = rfm.output,
    .replace = rfm.replace,
  };

  g_autoptr(SegProject) writer = NULL;

  /* A connection of one thread, without SQLite's lock around each of
   * the tens of millions of calls that read the lines. */
  writer = seg_project_open_writer (project, &error);
  if (writer == NULL)
    return seg_cli_fail (error);
  summary = seg_project_rfm (writer, &options, &error);
  if (summary == NULL)
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_string (builder, "table", summary->table);
      seg_cli_json_add_int (builder, "customers", summary->customers);
      seg_cli_json_add_string (builder, "as_of", summary->as_of);
      seg_cli_json_add_int (builder, "lines", summary->lines);
      json_builder_set_member_name (builder, "timings");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "read");
      json_builder_add_double_value (builder, summary->read_seconds);
      json_builder_set_member_name (builder, "write");
      json_builder_add_double_value (builder, summary->write_seconds);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "segments");
      json_builder_begin_object (builder);
      for (guint i = 0; i < summary->segments->len; i++)
        seg_cli_json_add_int (builder, g_ptr_array_index (summary->segments, i),
                              g_array_index (summary->counts, gint64, i));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    {
      g_print (_("%" PRId64 " customers as of %s in table “%s”\n"),
               summary->customers, summary->as_of, summary->table);
      for (guint i = 0; i < summary->segments->len; i++)
        {
          g_print ("  ");
          seg_cli_print_padded (g_ptr_array_index (summary->segments, i), 20, FALSE);
          g_print (" %6" PRId64 "\n", g_array_index (summary->counts, gint64, i));
        }
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_rfm = {
  "rfm", "", N_("Score every customer by recency, frequency and spend"),
  N_("— recency, frequency and monetary value of every customer"),
  N_("Writes one row per customer: recency in days, frequency (distinct orders), monetary value, first and last purchase, tenure, average order value, R/F/M scores 1–5 by quintile and the RFM segment (Champions, Loyal, Potential loyalist, New, Promising, Need attention, About to sleep, At risk, Can’t lose them, Hibernating, Lost)."),
  rfm_entries, FALSE, NULL, rfm_check, rfm_run,
};
