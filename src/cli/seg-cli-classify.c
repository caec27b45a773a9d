/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "seg-bayes-net-model.h"
#include "seg-cli-commands.h"
#include "seg-error.h"
#include "seg-run-record.h"

/*
 * What a classifier learnt, in a few lines (the weights and odds ratios,
 * a tree's best rules, the answers' shares, a network's arrows), and the
 * "what if" questions to a Bayesian network run, with edits to its
 * arrows.
 */

#define TOP_RULES 5

static void
print_logistic (JsonObject *model)
{
  JsonArray *rows = json_object_get_array_member (model, "coefficients");

  g_print ("\n  %-24s %12s %12s  %s\n", _("Feature"), _("Weight"), _("Odds ratio"), _("Effect"));
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);
      g_autofree char *estimate = seg_cli_format_metric (seg_cli_metric (row, "estimate"));
      g_autofree char *odds = seg_cli_format_metric (seg_cli_metric (row, "odds_ratio"));
      const char *effect = json_object_get_string_member_with_default (row, "effect", "none");

      g_print ("  %-24s %12s %12s  %s\n", json_object_get_string_member (row, "feature"), estimate, odds,
               g_str_equal (effect, "more") ? _("more likely") : g_str_equal (effect, "less") ? _("less likely") : _("no effect"));
    }
}

static int
compare_share (gconstpointer a,
               gconstpointer b)
{
  double sa = json_object_get_double_member (*(JsonObject **) a, "share");
  double sb = json_object_get_double_member (*(JsonObject **) b, "share");

  return sa < sb ? 1 : sa > sb ? -1 : 0;
}

static void
print_tree (JsonObject *model)
{
  JsonArray *nodes = json_object_get_array_member (model, "nodes");
  g_autoptr(GPtrArray) leaves = g_ptr_array_new ();

  for (guint k = 0; k < json_array_get_length (nodes); k++)
    {
      JsonObject *node = json_array_get_object_element (nodes, k);

      if (json_object_has_member (node, "rule"))
        g_ptr_array_add (leaves, node);
    }
  g_ptr_array_sort (leaves, compare_share);
  g_print (_("\n  A tree of depth %" PRId64 " with %" PRId64 " leaves; the likeliest groups:\n"),
           json_object_get_int_member (model, "depth"), json_object_get_int_member (model, "leaves"));
  for (guint l = 0; l < MIN (leaves->len, TOP_RULES); l++)
    {
      JsonObject *leaf = g_ptr_array_index (leaves, l);

      g_print (_("  %5.1f%% of %" PRId64 ": %s\n"), 100 * json_object_get_double_member (leaf, "share"),
               json_object_get_int_member (leaf, "n"), json_object_get_string_member (leaf, "rule"));
    }
}

static void
print_naive_bayes (JsonObject *model)
{
  JsonArray *priors = json_object_get_array_member (model, "priors");

  for (guint c = 0; c < json_array_get_length (priors); c++)
    g_print (_("  Prior P(class %u)   %.4g\n"), c, json_array_get_double_element (priors, c));
}

static void
print_bayes_net (JsonObject *model)
{
  JsonArray *arrows = json_object_get_array_member (model, "arrows");

  g_print (_("\n  Arrows of the network:\n"));
  for (guint a = 0; a < json_array_get_length (arrows); a++)
    {
      JsonArray *arrow = json_array_get_array_element (arrows, a);

      g_print ("  %s → %s\n", json_array_get_string_element (arrow, 0), json_array_get_string_element (arrow, 1));
    }
}

/**
 * seg_cli_report_classifier:
 *
 * The accuracy next to always giving the commoner answer, and the
 * summary of the model a classification run fitted.
 */
void
seg_cli_report_classifier (const SegRunRecord *record)
{
  JsonObject *metrics = json_node_get_object (record->metrics);
  JsonObject *model = json_object_has_member (metrics, "model") ? json_object_get_object_member (metrics, "model") : NULL;
  double rate = seg_cli_metric (metrics, "base_rate");
  g_autofree char *accuracy = seg_cli_format_metric (seg_cli_metric (metrics, "accuracy"));
  g_autofree char *commoner = seg_cli_format_metric (isnan (rate) ? NAN : MAX (rate, 1 - rate));

  g_print ("  %-18s %10s %10s\n", _("Accuracy"), accuracy, commoner);
  if (model == NULL)
    return;
  if (g_str_equal (record->algorithm, "logistic"))
    print_logistic (model);
  else if (g_str_equal (record->algorithm, "tree"))
    print_tree (model);
  else if (g_str_equal (record->algorithm, "naive-bayes"))
    print_naive_bayes (model);
  else if (g_str_equal (record->algorithm, "bayes-net"))
    print_bayes_net (model);
}

/* what-if */

static char **what_if_set = NULL;
static char *what_if_add = NULL;
static char *what_if_remove = NULL;

static const GOptionEntry what_if_entries[] = {
  { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &what_if_set, N_("Observe a column’s state, such as channel=web or recency=≤ 30; repeat or separate by commas"), N_("FEATURE=STATE[,…]") },
  { "add-arrow", 0, 0, G_OPTION_ARG_STRING, &what_if_add, N_("Add the arrow from column A to column B and keep the edited network"), N_("A:B") },
  { "remove-arrow", 0, 0, G_OPTION_ARG_STRING, &what_if_remove, N_("Remove the arrow from column A to column B and keep the edited network"), N_("A:B") },
  { NULL }
};

static gboolean
split_pair (const char  *text,
            char         separator,
            char       **a,
            char       **b)
{
  const char *at = strchr (text, separator);

  if (at == NULL || at == text || at[1] == '\0')
    return FALSE;
  *a = g_strndup (text, (gsize) (at - text));
  *b = g_strdup (at + 1);
  return TRUE;
}

static int
what_if_check (int    argc,
               char **argv)
{
  int status = seg_cli_check_run_id (argc, argv, _("what-if: give one run number (see “runs”)"),
                                     _("what-if: “%s” is not a run number"));

  if (status != SEG_CLI_EXIT_OK)
    return status;
  if (what_if_add != NULL && what_if_remove != NULL)
    return seg_cli_usage_error (_("what-if: give --add-arrow or --remove-arrow, not both"));
  if (what_if_add != NULL && strchr (what_if_add, ':') == NULL)
    return seg_cli_usage_error (_("--add-arrow: give two columns as A:B"));
  if (what_if_remove != NULL && strchr (what_if_remove, ':') == NULL)
    return seg_cli_usage_error (_("--remove-arrow: give two columns as A:B"));

  return SEG_CLI_EXIT_OK;
}

static int
what_if_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  const char *edit = what_if_add != NULL ? what_if_add : what_if_remove;
  double before = NAN, after = NAN;
  gint64 id;

  seg_cli_parse_run_id (argv[1], &id);
  for (guint i = 0; what_if_set != NULL && what_if_set[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (what_if_set[i], ",", -1);

      for (guint k = 0; parts[k] != NULL; k++)
        {
          char *node = NULL, *state = NULL;

          if (!split_pair (parts[k], '=', &node, &state))
            {
              g_set_error (&error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--set: “%s” is not FEATURE=STATE"), parts[k]);
              return seg_cli_fail (error);
            }
          g_ptr_array_add (nodes, node);
          g_ptr_array_add (states, state);
        }
    }
  g_ptr_array_add (nodes, NULL);
  g_ptr_array_add (states, NULL);

  if (!seg_predict_bayes_net_what_if (project, id, (const char *const *) nodes->pdata,
                                      (const char *const *) states->pdata, &before, &error))
    return seg_cli_fail (error);
  if (edit != NULL)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      gboolean ok;

      if (!split_pair (edit, ':', &from, &to))
        {
          g_set_error (&error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("%s: “%s” is not A:B"), what_if_add != NULL ? "--add-arrow" : "--remove-arrow", edit);
          return seg_cli_fail (error);
        }
      ok = what_if_add != NULL ? seg_predict_bayes_net_add_arrow (project, id, from, to, &error)
                               : seg_predict_bayes_net_remove_arrow (project, id, from, to, &error);
      if (!ok || !seg_predict_bayes_net_what_if (project, id, (const char *const *) nodes->pdata,
                                                 (const char *const *) states->pdata, &after, &error))
        return seg_cli_fail (error);
    }

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", id);
      seg_cli_json_add_double (builder, "probability", before);
      if (edit != NULL)
        {
          seg_cli_json_add_string (builder, what_if_add != NULL ? "added_arrow" : "removed_arrow", edit);
          seg_cli_json_add_double (builder, "probability_after", after);
        }
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else
    {
      g_print (_("P(yes) = %.4f\n"), before);
      if (edit != NULL)
        g_print (what_if_add != NULL ? _("With the arrow %s added: P(yes) = %.4f\n")
                                     : _("With the arrow %s removed: P(yes) = %.4f\n"), edit, after);
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_what_if = {
  "what-if", "RUN", N_("Ask a Bayesian network run what if, and edit its arrows"),
  N_("RUN — the chance of yes when some columns are in given states"),
  N_("Prints the chance of yes of a bayes-net run given the states set with --set (a text value, or a number column’s bin as the network labels it), and with --add-arrow or --remove-arrow edits the network, keeps it with the run, and prints the chance again. An arrow that would close a cycle is refused and nothing is changed."),
  what_if_entries, FALSE, NULL, what_if_check, what_if_run,
};
