/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-segment.h"

/* Saved segments: list, save, delete. */

/* Where a segment's customers came from, as a person reads it. */
static char *
describe_source (JsonNode *source)
{
  JsonObject *object = source != NULL && JSON_NODE_HOLDS_OBJECT (source) ? json_node_get_object (source) : NULL;

  if (object == NULL)
    return g_strdup ("—");
  if (json_object_has_member (object, "run") && json_object_has_member (object, "cluster"))
    return g_strdup_printf (_("run %" PRId64 ", cluster %" PRId64),
                            json_object_get_int_member (object, "run"),
                            json_object_get_int_member (object, "cluster"));
  if (json_object_has_member (object, "run") && json_object_get_boolean_member_with_default (object, "selection", FALSE))
    return g_strdup_printf (_("run %" PRId64 ", a selection on the map"),
                            json_object_get_int_member (object, "run"));
  if (json_object_has_member (object, "table") && json_object_has_member (object, "key"))
    return g_strdup_printf (_("table %s, column %s"),
                            json_object_get_string_member (object, "table"),
                            json_object_get_string_member (object, "key"));

  return g_strdup ("—");
}

static void
add_segment_row (SegCliTable *table,
                 SegSegment  *segment)
{
  JsonNode *source = seg_segment_get_source (segment);

  seg_cli_table_begin_row (table, NULL);
  seg_cli_table_add_int (table, "id", seg_segment_get_id (segment));
  seg_cli_table_add_string (table, "name", seg_segment_get_name (segment));
  seg_cli_table_add_int (table, "customers", seg_segment_get_size (segment));
  seg_cli_table_add (table, "source", json_node_copy (source), describe_source (source));
  seg_cli_table_add (table, "created_at", seg_cli_json_string (seg_segment_get_created_at (segment)),
                     seg_cli_local_minute (seg_segment_get_created_at (segment)));
}

static void
print_segment_json (SegSegment *segment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  seg_cli_json_add_int (builder, "id", seg_segment_get_id (segment));
  seg_cli_json_add_string (builder, "name", seg_segment_get_name (segment));
  seg_cli_json_add_int (builder, "customers", seg_segment_get_size (segment));
  seg_cli_json_add_node (builder, "source", json_node_copy (seg_segment_get_source (segment)));
  seg_cli_json_add_string (builder, "created_at", seg_segment_get_created_at (segment));
  json_builder_end_object (builder);
  seg_cli_print_builder (builder);
}

/* segments */

static int
segments_check (int    argc,
                char **argv)
{
  return argc == 1 ? SEG_CLI_EXIT_OK : seg_cli_usage_error (_("segments: unexpected argument “%s”"), argv[1]);
}

static int
segments_run (SegProject  *project,
              int          argc,
              char       **argv)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (_("id|name|customers|made from|created"),
                                                    "id|name|customers|source|created_at",
                                                    "rlrll");
  GListModel *segments = seg_project_get_segments (project);
  guint n = g_list_model_get_n_items (segments);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);

      add_segment_row (table, segment);
    }

  if (seg_cli_global.json)
    seg_cli_table_print (table);
  else if (seg_cli_global.quiet)
    ;
  else if (n == 0)
    g_print (_("No segments yet: try “segmenta-cli -p %s save-segment --help”\n"), seg_cli_global.project_path);
  else
    seg_cli_table_print_text (table);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_segments = {
  "segments", "", N_("List the saved segments"),
  N_("— the saved groups of customers"),
  N_("Lists every segment saved in the project: its number, name, how many customers it holds, what it was made from and when."),
  NULL, FALSE, NULL, segments_check, segments_run,
};

/* save-segment */

static struct
{
  char *name;
  char *run;
  int   cluster;
  char *table;
  char *key;
} save;

static const GOptionEntry save_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &save.name, N_("The segment’s name, unique in the project"), N_("NAME") },
  { "run", 0, 0, G_OPTION_ARG_STRING, &save.run, N_("A segmentation run, with --cluster"), N_("RUN") },
  { "cluster", 0, 0, G_OPTION_ARG_INT, &save.cluster, N_("The cluster of that run whose customers to keep"), N_("N") },
  { "from-table", 0, 0, G_OPTION_ARG_STRING, &save.table, N_("A table listing the customers, with --key"), N_("TABLE") },
  { "key", 0, 0, G_OPTION_ARG_STRING, &save.key, N_("Its column naming the customers"), N_("COLUMN") },
  { NULL }
};

static int
save_check (int    argc,
            char **argv)
{
  gint64 run;

  if (argc != 1)
    return seg_cli_usage_error (_("save-segment: unexpected argument “%s”"), argv[1]);
  if (save.name == NULL)
    return seg_cli_usage_error (_("save-segment: --name is needed"));
  if (save.run != NULL && save.table != NULL)
    return seg_cli_usage_error (_("save-segment: give --run or --from-table, not both"));
  if (save.run == NULL && save.table == NULL)
    return seg_cli_usage_error (_("save-segment: give --run and --cluster, or --from-table and --key"));

  if (save.run != NULL)
    {
      if (!seg_cli_parse_run_id (save.run, &run))
        return seg_cli_usage_error (_("--run: “%s” is not a run number"), save.run);
      if (save.cluster < 1)
        return seg_cli_usage_error (_("--cluster: give a cluster number from 1"));
      if (save.key != NULL)
        return seg_cli_usage_error (_("--key: goes with --from-table, not with --run"));
    }
  else
    {
      if (save.key == NULL)
        return seg_cli_usage_error (_("save-segment: --from-table needs --key"));
      if (save.cluster != 0)
        return seg_cli_usage_error (_("--cluster: goes with --run, not with --from-table"));
    }

  return SEG_CLI_EXIT_OK;
}

static int
save_run (SegProject  *project,
          int          argc,
          char       **argv)
{
  g_autoptr(JsonObject) source = json_object_new ();
  g_autoptr(JsonNode) source_node = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;

  if (save.run != NULL)
    {
      gint64 run = 0;

      seg_cli_parse_run_id (save.run, &run);
      keys = seg_project_read_cluster_keys (project, run, save.cluster, &error);
      json_object_set_int_member (source, "run", run);
      json_object_set_int_member (source, "cluster", save.cluster);
    }
  else
    {
      keys = seg_project_read_column_keys (project, save.table, save.key, &error);
      json_object_set_string_member (source, "table", save.table);
      json_object_set_string_member (source, "key", save.key);
    }
  if (keys == NULL)
    return seg_cli_fail (error);

  source_node = json_node_init_object (json_node_alloc (), source);
  segment = seg_project_save_segment (project, save.name, (const char *const *) keys, source_node, &error);
  if (segment == NULL)
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    print_segment_json (segment);
  else if (!seg_cli_global.quiet)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Saved segment %" PRId64 " “%s” with %" PRId64 " customer\n",
                          "Saved segment %" PRId64 " “%s” with %" PRId64 " customers\n",
                          (gulong) seg_segment_get_size (segment)),
             seg_segment_get_id (segment), seg_segment_get_name (segment), seg_segment_get_size (segment));

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_save_segment = {
  "save-segment", "", N_("Save a group of customers as a segment"),
  N_("— save a group of customers under a name"),
  N_("Saves the customers of one cluster of a run (--run and --cluster; the run’s key column names them) or the customers a table lists (--from-table and --key) as a named segment, to target, compare or export later."),
  save_entries, FALSE, NULL, save_check, save_run,
};

/* delete-segment */

static int
delete_check (int    argc,
              char **argv)
{
  if (argc != 2)
    return seg_cli_usage_error (_("delete-segment: give one SEGMENT, by number or name (see “segments”)"));

  return SEG_CLI_EXIT_OK;
}

static int
delete_run (SegProject  *project,
            int          argc,
            char       **argv)
{
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) error = NULL;

  segment = seg_project_find_segment (project, argv[1], &error);
  if (segment == NULL || !seg_project_delete_segment (project, seg_segment_get_id (segment), &error))
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "deleted", seg_segment_get_id (segment));
      seg_cli_json_add_string (builder, "name", seg_segment_get_name (segment));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    g_print (_("Deleted segment %" PRId64 " “%s”\n"), seg_segment_get_id (segment), seg_segment_get_name (segment));

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_delete_segment = {
  "delete-segment", N_("SEGMENT"), N_("Delete a saved segment"),
  N_("SEGMENT — delete a saved segment, by number or name"),
  N_("Deletes a saved segment. The tables and runs its customers came from stay."),
  NULL, FALSE, NULL, delete_check, delete_run,
};
