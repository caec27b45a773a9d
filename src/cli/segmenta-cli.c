/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "seg-cli-commands.h"

/* The commands, in the order --help lists them. */
static const SegCliCommand *const commands[] = {
  &seg_cli_import,
  &seg_cli_tables,
  &seg_cli_schema,
  &seg_cli_head,
  &seg_cli_rejects,
  &seg_cli_export,
  &seg_cli_rfm,
  &seg_cli_predict_table,
  &seg_cli_cluster,
  &seg_cli_recommend,
  &seg_cli_predict,
  &seg_cli_clv,
  &seg_cli_evaluate_model,
  &seg_cli_score,
  &seg_cli_what_if,
  &seg_cli_evaluate_recommender,
  &seg_cli_audience,
  &seg_cli_similar,
  &seg_cli_rules,
  &seg_cli_itemsets,
  &seg_cli_rule_audience,
  &seg_cli_together,
  &seg_cli_bundles,
  &seg_cli_suggest_k,
  &seg_cli_k_distance,
  &seg_cli_profile,
  &seg_cli_runs,
  &seg_cli_rerun,
  &seg_cli_refresh,
  &seg_cli_delete_run,
  &seg_cli_segments,
  &seg_cli_save_segment,
  &seg_cli_delete_segment,
  &seg_cli_plot,
};

static gboolean version;

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version"), NULL },
  { NULL }
};

static char *
commands_description (void)
{
  GString *s = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* gettext ("") is the catalogue's header, not an empty string. */
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i]->name,
                                                commands[i]->args[0] ? _(commands[i]->args) : "");
      int pad = MAX (1, 19 - seg_cli_display_width (usage));

      g_string_append_printf (s, "  %s%*s%s\n", usage, pad, "", _(commands[i]->summary));
    }
  g_string_append (s, _("\nRun “segmenta-cli COMMAND --help” for a command’s options.\n"
                        "Exit status: 0 success, 1 bad input (the message names the file, line,\n"
                        "column or option), 2 usage error."));

  return g_string_free (s, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [OPTIONS…] — Segmenta on the command line"));
  seg_cli_add_global_options (context);
  g_option_context_add_main_entries (context, main_entries, GETTEXT_PACKAGE);
  /* Stop at the command: what follows belongs to it. */
  g_option_context_set_strict_posix (context, TRUE);
  description = commands_description ();
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return seg_cli_fail (error);

  if (version)
    {
      g_print ("segmenta-cli %s\n", PACKAGE_VERSION);
      return SEG_CLI_EXIT_OK;
    }

  if (argc < 2)
    return seg_cli_usage_error (_("no command given"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i]->name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("segmenta-cli %s", commands[i]->name);

          g_set_prgname (prgname);
          return seg_cli_command_run (commands[i], argc - 1, argv + 1);
        }
    }

  return seg_cli_usage_error (_("unknown command “%s”"), argv[1]);
}
