/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-recommender-refresh.h"

/* The history of analyses: list, run again, delete. */

/* runs */

static int
runs_check (int    argc,
            char **argv)
{
  return argc == 1 ? SEG_CLI_EXIT_OK : seg_cli_usage_error (_("runs: unexpected argument “%s”"), argv[1]);
}

static const char *
data_state_nick (SegRunDataState state)
{
  switch (state)
    {
    case SEG_RUN_DATA_ROWS_ADDED: return "rows-added";
    case SEG_RUN_DATA_CHANGED: return "changed";
    case SEG_RUN_DATA_GONE: return "gone";
    case SEG_RUN_DATA_CURRENT:
    default: return "current";
    }
}

static void
add_run_row (SegCliTable  *table,
             SegProject   *project,
             SegRunRecord *record)
{
  JsonArray *tables = json_array_new ();
  gint64 new_rows = 0;
  SegRunDataState state = seg_run_record_check_data (record, project, &new_rows, NULL);
  g_autofree char *note = NULL;

  for (guint t = 0; record->result_tables[t] != NULL; t++)
    json_array_add_string_element (tables, record->result_tables[t]);

  seg_cli_table_begin_row (table, NULL);
  seg_cli_table_add_int (table, "run", record->id);
  seg_cli_table_add_string (table, "algorithm", record->algorithm);
  seg_cli_table_add (table, "kind", seg_cli_json_string (seg_enum_to_nick (SEG_TYPE_MODEL_KIND, record->kind)),
                     g_strdup (seg_run_record_is_evaluation (record) ? _("Evaluation")
                                                                     : seg_model_kind_get_title (record->kind)));
  seg_cli_table_add_string (table, "input_table", record->input_table);
  seg_cli_table_add (table, "input", json_node_copy (record->input), NULL);
  seg_cli_table_add (table, "parameters", json_node_copy (record->parameters), NULL);
  seg_cli_table_add (table, "preprocessing", json_node_copy (record->preprocessing), NULL);
  seg_cli_table_add (table, "seed", seg_cli_json_int ((gint64) record->seed), NULL);
  seg_cli_table_add (table, "status", seg_cli_json_string (record->status), NULL);
  seg_cli_table_add (table, "started_at", seg_cli_json_string (record->started_at), seg_cli_local_minute (record->started_at));
  seg_cli_table_add (table, "seconds", seg_cli_json_double (record->seconds), NULL);
  seg_cli_table_add (table, "timings", json_node_copy (record->timings), NULL);
  seg_cli_table_add (table, "metrics", json_node_copy (record->metrics), NULL);
  seg_cli_table_add (table, "tables", json_node_init_array (json_node_alloc (), tables),
                     g_strjoinv (", ", record->result_tables));
  json_array_unref (tables);
  seg_cli_table_add (table, "figures", NULL, seg_run_record_format_figures (record));
  /* Whether the input changed since: “12 new rows” and the like. */
  note = seg_run_record_describe_data (record, project, NULL);
  seg_cli_table_add (table, "data", seg_cli_json_string (data_state_nick (state)),
                     note == NULL ? NULL
                     : state == SEG_RUN_DATA_GONE ? g_steal_pointer (&note)
                     : g_strdup_printf (_("stale: %s"), note));
  seg_cli_table_add (table, "stale", json_node_init_boolean (json_node_alloc (),
                                                             state == SEG_RUN_DATA_ROWS_ADDED ||
                                                             state == SEG_RUN_DATA_CHANGED),
                     NULL);
  seg_cli_table_add (table, "new_rows", seg_cli_json_int (new_rows), NULL);
}

static int
runs_run (SegProject  *project,
          int          argc,
          char       **argv)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (_("run|kind|algorithm|table|result|started|data|figures"),
                                                    "run|kind|algorithm|input_table|tables|started_at|data|figures",
                                                    "rlllllll");
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  runs = seg_project_list_runs (project, &error);
  if (runs == NULL)
    return seg_cli_fail (error);

  for (guint i = 0; i < runs->len; i++)
    add_run_row (table, project, g_ptr_array_index (runs, i));

  if (seg_cli_global.json)
    seg_cli_table_print (table);
  else if (seg_cli_global.quiet)
    ;
  else if (runs->len == 0)
    g_print (_("No runs yet: try “segmenta-cli -p %s cluster --help”\n"), seg_cli_global.project_path);
  else
    seg_cli_table_print_text (table);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_runs = {
  "runs", "", N_("List the analyses run in the project"),
  N_("— the history of analyses"),
  N_("Lists every run kept in the project: its algorithm, input, parameters, measures and result tables."),
  NULL, FALSE, NULL, runs_check, runs_run,
};

/* rerun */

static int
rerun_check (int    argc,
             char **argv)
{
  return seg_cli_check_run_id (argc, argv, _("rerun: give one run number (see “runs”)"),
                               _("rerun: “%s” is not a run number"));
}

static int
rerun_run (SegProject  *project,
           int          argc,
           char       **argv)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  seg_cli_parse_run_id (argv[1], &id);
  record = seg_project_get_run (project, id, &error);
  if (record != NULL)
    run = seg_run_new_like (project, record, &error);
  if (run == NULL)
    return seg_cli_fail (error);

  return seg_cli_execute_and_report (run);
}

const SegCliCommand seg_cli_rerun = {
  "rerun", N_("RUN"), N_("Run an analysis again on the current data"),
  N_("RUN — run an analysis again on the current data"),
  N_("Runs a clustering again as it was run, with the same table, columns, preparation, parameters and seed, on the table as it is now, for instance after adding new orders with “import FILE --append-to TABLE” (“runs” marks the runs whose table changed since). The new run gets its own number and result table."),
  NULL, FALSE, NULL, rerun_check, rerun_run,
};

/* refresh */

static int
refresh_check (int    argc,
               char **argv)
{
  return seg_cli_check_run_id (argc, argv, _("refresh: give one run number (see “runs”)"),
                               _("refresh: “%s” is not a run number"));
}

static int
refresh_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  SegRefreshSummary summary = { 0 };
  gint64 id;

  seg_cli_parse_run_id (argv[1], &id);
  if (!seg_recommender_refresh (project, id, NULL, &summary, &error))
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", id);
      seg_cli_json_add_int (builder, "new_lines", summary.new_lines);
      seg_cli_json_add_int (builder, "unknown_product_lines", summary.unknown_lines);
      seg_cli_json_add_int (builder, "customers", summary.customers);
      seg_cli_json_add_int (builder, "new_customers", summary.new_customers);
      seg_cli_json_add_int (builder, "offers", summary.offers);
      seg_cli_json_add_double (builder, "seconds", summary.seconds);
      json_builder_set_member_name (builder, "timings");
      json_builder_begin_object (builder);
      seg_cli_json_add_double (builder, "load", summary.load_seconds);
      seg_cli_json_add_double (builder, "fit", summary.fit_seconds);
      seg_cli_json_add_double (builder, "write", summary.write_seconds);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (seg_cli_global.quiet)
    ;
  else if (summary.new_lines == 0)
    g_print (_("Run %" PRId64 " is up to date: no order lines were added since\n"), id);
  else
    {
      /* Translators: the first line of a refresh's report. */
      g_print (g_dngettext (GETTEXT_PACKAGE, "Run %" PRId64 ": %'" PRId64 " new order line",
                            "Run %" PRId64 ": %'" PRId64 " new order lines", summary.new_lines),
               id, summary.new_lines);
      g_print (g_dngettext (GETTEXT_PACKAGE, ", offers made again for %'" PRId64 " customer",
                            ", offers made again for %'" PRId64 " customers", summary.customers),
               summary.customers);
      g_print (g_dngettext (GETTEXT_PACKAGE, " (%'" PRId64 " new)", " (%'" PRId64 " new)", summary.new_customers),
               summary.new_customers);
      g_print (_(" in %.2f s\n"), summary.seconds);
      if (summary.unknown_lines > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%'" PRId64 " line names a product the model does not know yet; "
                              "it is offered once the run is made again (rerun %" PRId64 ")\n",
                              "%'" PRId64 " lines name products the model does not know yet; "
                              "they are offered once the run is made again (rerun %" PRId64 ")\n",
                              summary.unknown_lines),
                 summary.unknown_lines, id);
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_refresh = {
  "refresh", N_("RUN"), N_("Bring a recommendation run up to date with new orders"),
  N_("RUN — bring a recommendation run up to date with new orders"),
  N_("Gives the customers who have order lines added since the run (with “import FILE --append-to TABLE”) new offers from the model the run kept, without fitting it again; everyone else’s offers stay as they are, and the run is no longer marked stale. Works for ALS and item-kNN runs; products the model does not know yet are offered once the run is made again with “rerun”."),
  NULL, FALSE, NULL, refresh_check, refresh_run,
};

/* delete-run */

static int
delete_run_check (int    argc,
                  char **argv)
{
  return seg_cli_check_run_id (argc, argv, _("delete-run: give one run number (see “runs”)"),
                               _("delete-run: “%s” is not a run number"));
}

static int
delete_run_run (SegProject  *project,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  seg_cli_parse_run_id (argv[1], &id);
  if (!seg_project_delete_run (project, id, &error))
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "deleted", id);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    g_print (_("Deleted run %" PRId64 "\n"), id);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_delete_run = {
  "delete-run", N_("RUN"), N_("Delete a run and the tables it wrote"),
  N_("RUN — delete a run and its result tables"),
  N_("Deletes a run from the history with the tables it wrote. The tables it read stay."),
  NULL, FALSE, NULL, delete_run_check, delete_run_run,
};
