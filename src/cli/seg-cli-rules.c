/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-rule-actions.h"
#include "seg-rules-model.h"

/*
 * Association rules: rules and itemsets find them (a run of the rules
 * family), rule-audience, together and bundles put a run's rules to
 * use. The options of rules and itemsets are the model's inputs and
 * parameters under the names its GParamSpecs give them.
 */

/* How many rules the report of a run lists. */
static int rules_top = 20;

static char *opt_table;
static char *opt_basket;
static char *opt_item;
static char *opt_customer;
static char *opt_date;
static char *opt_quantity;
static char *opt_amount;
static char *opt_price;
static char *opt_item_level;
static char *opt_items_table;
static char *opt_items_key;
static char *opt_category;
static char *opt_keep_categories;
static char *opt_exclude;
static char *opt_min_support;
static char *opt_min_confidence;
static char *opt_min_length;
static char *opt_max_length;
static char *opt_rhs;
static char *opt_correction;
static char *opt_algorithm;
static char *opt_output;
static gboolean opt_hide_redundant;
static gboolean opt_replace;
static gboolean opt_closed;
static gboolean opt_maximal;
static SegModel *rules_model;

#define SOURCE_ENTRIES \
  { "table", 't', 0, G_OPTION_ARG_STRING, &opt_table, N_("The table of order lines"), N_("TABLE") }, \
  { "basket", 0, 0, G_OPTION_ARG_STRING, &opt_basket, N_("The column that the lines of one order share (guessed; without one, a basket is a customer’s day)"), N_("COLUMN") }, \
  { "item", 0, 0, G_OPTION_ARG_STRING, &opt_item, N_("The column of products (guessed)"), N_("COLUMN") }, \
  { "customer", 0, 0, G_OPTION_ARG_STRING, &opt_customer, N_("The column of customers (guessed)"), N_("COLUMN") }, \
  { "date", 0, 0, G_OPTION_ARG_STRING, &opt_date, N_("The column of dates (guessed)"), N_("COLUMN") }, \
  { "quantity", 0, 0, G_OPTION_ARG_STRING, &opt_quantity, N_("The column of quantities; returns stay out (guessed)"), N_("COLUMN") }, \
  { "amount", 0, 0, G_OPTION_ARG_STRING, &opt_amount, N_("The column of line values; returns stay out (guessed)"), N_("COLUMN") }, \
  { "price", 0, 0, G_OPTION_ARG_STRING, &opt_price, N_("The column of unit prices (guessed)"), N_("COLUMN") }, \
  { "item-level", 0, 0, G_OPTION_ARG_STRING, &opt_item_level, N_("Whether the items are products or their categories"), "product|category" }, \
  { "items-table", 0, 0, G_OPTION_ARG_STRING, &opt_items_table, N_("The products table, for categories"), N_("TABLE") }, \
  { "items-key", 0, 0, G_OPTION_ARG_STRING, &opt_items_key, N_("Its column of products (default: named as --item)"), N_("COLUMN") }, \
  { "category", 0, 0, G_OPTION_ARG_STRING, &opt_category, N_("Its column of categories"), N_("COLUMN") }, \
  { "keep-categories", 0, 0, G_OPTION_ARG_STRING, &opt_keep_categories, N_("Only products of these categories"), N_("A,B,C") }, \
  { "exclude", 0, 0, G_OPTION_ARG_STRING, &opt_exclude, N_("Items left out of every basket, such as postage"), N_("A,B,C") }, \
  { "min-support", 's', 0, G_OPTION_ARG_STRING, &opt_min_support, N_("The share of baskets that must hold all the items (default 0.01)"), N_("NUMBER") }, \
  { "min-length", 0, 0, G_OPTION_ARG_STRING, &opt_min_length, N_("The fewest items (default 2)"), N_("N") }, \
  { "max-length", 0, 0, G_OPTION_ARG_STRING, &opt_max_length, N_("The most items; 0 for no limit (default 10)"), N_("N") }, \
  { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &opt_algorithm, N_("The algorithm (default fpgrowth); both find the same"), "fpgrowth|apriori" }, \
  { "output-table", 'o', 0, G_OPTION_ARG_STRING, &opt_output, N_("The result table (default run_N)"), N_("NAME") }, \
  { "replace", 0, 0, G_OPTION_ARG_NONE, &opt_replace, N_("Replace tables of that name"), NULL }

static const GOptionEntry rules_entries[] = {
  SOURCE_ENTRIES,
  { "min-confidence", 'c', 0, G_OPTION_ARG_STRING, &opt_min_confidence, N_("Of the baskets with the left-hand items, the share that must hold the right-hand one (default 0.8)"), N_("NUMBER") },
  { "rhs", 0, 0, G_OPTION_ARG_STRING, &opt_rhs, N_("Only rules that lead to one of these items"), N_("A,B,C") },
  { "hide-redundant", 0, 0, G_OPTION_ARG_NONE, &opt_hide_redundant, N_("Leave out rules no more confident than a shorter one"), NULL },
  { "correction", 0, 0, G_OPTION_ARG_STRING, &opt_correction, N_("How the p-values allow for many rules"), "none|bonferroni|holm|bh" },
  { "top", 'n', 0, G_OPTION_ARG_INT, &rules_top, N_("How many rules to print (default 20)"), N_("N") },
  { NULL }
};

static const GOptionEntry itemsets_entries[] = {
  SOURCE_ENTRIES,
  { "closed", 0, 0, G_OPTION_ARG_NONE, &opt_closed, N_("Only itemsets with no superset in as many baskets"), NULL },
  { "maximal", 0, 0, G_OPTION_ARG_NONE, &opt_maximal, N_("Only itemsets with no frequent superset"), NULL },
  { "top", 'n', 0, G_OPTION_ARG_INT, &rules_top, N_("How many itemsets to print (default 20)"), N_("N") },
  { NULL }
};

/* The model with the options given; a value it refuses names its option. */
static int
make_model (const char  *command,
            gboolean     rules,
            int          argc,
            char       **argv)
{
  g_autoptr(GError) error = NULL;
  const struct
  {
    const char *name;
    const char *value;
  } values[] = {
    { "table", opt_table }, { "basket", opt_basket }, { "item", opt_item }, { "customer", opt_customer },
    { "date", opt_date }, { "quantity", opt_quantity }, { "amount", opt_amount }, { "price", opt_price },
    { "item-level", opt_item_level }, { "items-table", opt_items_table }, { "items-key", opt_items_key },
    { "category", opt_category }, { "keep-categories", opt_keep_categories }, { "exclude", opt_exclude },
    { "min-support", opt_min_support }, { "min-confidence", opt_min_confidence },
    { "min-length", opt_min_length }, { "max-length", opt_max_length }, { "rhs", opt_rhs },
    { "correction", opt_correction },
    { "hide-redundant", opt_hide_redundant ? "yes" : NULL },
    { "rules", rules ? NULL : "no" },
    { "itemsets", opt_maximal ? "maximal" : opt_closed ? "closed" : NULL },
  };

  if (argc != 1)
    return seg_cli_usage_error (_("%s: unexpected argument “%s”"), command, argv[1]);
  if (opt_table == NULL)
    return seg_cli_usage_error (_("%s: --table is needed"), command);
  if (opt_closed && opt_maximal)
    return seg_cli_usage_error (_("%s: give --closed or --maximal, not both"), command);
  if (rules_top < 0)
    return seg_cli_usage_error (_("--top: give a whole number of 0 or more"));

  rules_model = seg_model_new_for_id (opt_algorithm != NULL ? opt_algorithm : "fpgrowth", &error);
  if (rules_model != NULL && !SEG_IS_RULES_MODEL (rules_model))
    g_clear_object (&rules_model);
  if (rules_model == NULL)
    return seg_cli_usage_error (_("--algorithm: “%s” does not find rules; choose fpgrowth or apriori"), opt_algorithm);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (values[i].value != NULL && !seg_model_set_param (rules_model, values[i].name, values[i].value, &error))
      return seg_cli_fail (error);

  return SEG_CLI_EXIT_OK;
}

static int
mine_run (SegProject *project)
{
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegTableInfo) info = seg_project_get_table (project, opt_table, NULL);

  if (info == NULL)
    {
      g_autoptr(GError) error = g_error_new (SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                                             _("--table: the project has no table “%s”"), opt_table);
      return seg_cli_fail (error);
    }
  seg_model_guess_roles (rules_model, info);
  run = seg_run_new_for_model (project, rules_model);
  g_object_set (run, "output-table", opt_output, "replace", opt_replace, NULL);

  return seg_cli_execute_and_report (run);
}

static int
rules_check (int    argc,
             char **argv)
{
  return make_model ("rules", TRUE, argc, argv);
}

static int
itemsets_check (int    argc,
                char **argv)
{
  return make_model ("itemsets", FALSE, argc, argv);
}

static int
rules_run (SegProject  *project,
           int          argc,
           char       **argv)
{
  return mine_run (project);
}

const SegCliCommand seg_cli_rules = {
  "rules", "", N_("Find what sells together, as rules"),
  N_("— find what sells together, as rules"),
  N_("Reads the baskets of --table (the lines sharing --basket, or without one each customer’s day from --customer and --date; lines with a quantity of zero or less or a negative amount are returns and stay out; the columns are guessed from the headers when not given) and finds every rule “who buys A and B also buys C” that at least --min-support of the baskets hold and that holds in at least --min-confidence of the baskets with A and B, with its lift, leverage, conviction and a Fisher p-value (--correction for many rules). --item-level category with --items-table and --category finds rules between categories; --exclude leaves items out and --keep-categories keeps only some. Writes the rules (run_N), the itemsets (run_N_itemsets) and the items (run_N_items) and prints the rules of highest lift."),
  rules_entries, FALSE, NULL, rules_check, rules_run,
};

const SegCliCommand seg_cli_itemsets = {
  "itemsets", "", N_("Find the items often bought together"),
  N_("— find the items often bought together"),
  N_("Reads the baskets as rules does and lists every set of items that at least --min-support of the baskets hold, or only the closed (--closed) or maximal (--maximal) ones. Writes the itemsets (run_N) and the items (run_N_items)."),
  itemsets_entries, FALSE, NULL, itemsets_check, rules_run,
};

/* The report of a rules run ----------------------------------------------- */

static JsonNode *
real_or_null (double value)
{
  return isfinite (value) ? seg_cli_json_double (value) : json_node_init_null (json_node_alloc ());
}

/* @value with @digits decimals, or with two significant digits for -1. */
static char *
format_real (double value,
             int    digits)
{
  if (isinf (value))
    return g_strdup ("∞");
  if (isnan (value))
    return g_strdup ("");
  if (digits < 0)
    return g_strdup_printf ("%.2g", value);
  return g_strdup_printf ("%.*f", digits, value);
}

/**
 * seg_cli_report_rules:
 *
 * Prints a rules run: its figures and its first rules (or itemsets), by
 * lift, as a table, or adds them to @builder as "rules" or "itemsets".
 */
void
seg_cli_report_rules (SegProject         *project,
                      const SegRunRecord *record,
                      JsonBuilder        *builder)
{
  g_autoptr(SegCliTable) table = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *figures = NULL;
  guint n_tables = record->result_tables != NULL ? g_strv_length (record->result_tables) : 0;
  gboolean rules = n_tables >= 3;

  if (n_tables == 0)
    return;
  table_q = seg_quote_identifier (record->result_tables[0]);
  if (rules)
    {
      sql = g_strdup_printf ("SELECT rule, lhs, rhs, count, support, confidence, lift, p_adjusted FROM %s"
                             " ORDER BY rule LIMIT ?1", table_q);
      table = seg_cli_table_new (_("rule|if bought|then|baskets|support|confidence|lift|p"),
                                 "rule|lhs|rhs|count|support|confidence|lift|p", "rllrrrrr");
    }
  else
    {
      sql = g_strdup_printf ("SELECT itemset, items, length, count, support FROM %s ORDER BY itemset LIMIT ?1",
                             table_q);
      table = seg_cli_table_new (_("itemset|items|length|baskets|support"), "itemset|items|length|count|support",
                                 "rlrrr");
    }
  if (sqlite3_prepare_v2 (seg_project_get_db (project), sql, -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int (stmt, 1, rules_top);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      seg_cli_table_begin_row (table, NULL);
      if (rules)
        {
          double values[] = {
            sqlite3_column_double (stmt, 4), sqlite3_column_double (stmt, 5), sqlite3_column_double (stmt, 6),
            sqlite3_column_type (stmt, 7) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 7),
          };

          seg_cli_table_add_int (table, "rule", sqlite3_column_int64 (stmt, 0));
          seg_cli_table_add_string (table, "lhs", (const char *) sqlite3_column_text (stmt, 1));
          seg_cli_table_add_string (table, "rhs", (const char *) sqlite3_column_text (stmt, 2));
          seg_cli_table_add_int (table, "count", sqlite3_column_int64 (stmt, 3));
          seg_cli_table_add (table, "support", real_or_null (values[0]), format_real (values[0], 4));
          seg_cli_table_add (table, "confidence", real_or_null (values[1]), format_real (values[1], 3));
          seg_cli_table_add (table, "lift", real_or_null (values[2]), format_real (values[2], 2));
          seg_cli_table_add (table, "p", real_or_null (values[3]), format_real (values[3], -1));
        }
      else
        {
          double support = sqlite3_column_double (stmt, 4);

          seg_cli_table_add_int (table, "itemset", sqlite3_column_int64 (stmt, 0));
          seg_cli_table_add_string (table, "items", (const char *) sqlite3_column_text (stmt, 1));
          seg_cli_table_add_int (table, "length", sqlite3_column_int64 (stmt, 2));
          seg_cli_table_add_int (table, "count", sqlite3_column_int64 (stmt, 3));
          seg_cli_table_add (table, "support", real_or_null (support), format_real (support, 4));
        }
    }

  if (builder != NULL)
    {
      seg_cli_json_add_node (builder, rules ? "rules" : "itemsets", seg_cli_table_to_json (table));
      return;
    }
  figures = seg_run_record_format_figures ((SegRunRecord *) record);
  g_print (_("Run %" PRId64 ": %s of “%s” in %.2f s\n%s\n"),
           record->id, seg_run_record_get_title ((SegRunRecord *) record), record->input_table,
           record->seconds, figures);
  if (seg_cli_table_get_n_rows (table) > 0)
    seg_cli_table_print_text (table);
  g_print (_("Results are in the table “%s”\n"), record->result_tables[0]);
}

/* rule-audience ------------------------------------------------------------ */

static int audience_rule = -1;
static char *audience_segment;
static char *audience_export;
static gint64 audience_run_id;

static const GOptionEntry rule_audience_entries[] = {
  { "rule", 0, 0, G_OPTION_ARG_INT, &audience_rule, N_("The rule’s number in the run’s rules"), N_("N") },
  { "output-segment", 0, 0, G_OPTION_ARG_STRING, &audience_segment, N_("Save the customers as a segment of this name"), N_("NAME") },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, &audience_export, N_("Write the customers to this CSV file"), N_("FILE") },
  { NULL }
};

static int
rule_audience_check (int    argc,
                     char **argv)
{
  int status = seg_cli_check_run_id (argc, argv, _("rule-audience: give one run number (see “runs”)"),
                                     _("rule-audience: “%s” is not a run number"));

  if (status != SEG_CLI_EXIT_OK)
    return status;
  seg_cli_parse_run_id (argv[1], &audience_run_id);
  if (audience_rule < 1)
    return seg_cli_usage_error (_("--rule: give the number of one of the run’s rules"));
  return SEG_CLI_EXIT_OK;
}

static int
rule_audience_run (SegProject  *project,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRuleAudience) audience = NULL;
  g_autoptr(SegCliTable) table = NULL;

  audience = seg_project_rule_audience (project, audience_run_id, audience_rule, NULL, &error);
  if (audience == NULL)
    return seg_cli_fail (error);
  if (audience_export != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (audience_export);

      if (!seg_rule_audience_export (audience, file, NULL, &error))
        return seg_cli_fail (error);
    }
  if (audience_segment != NULL)
    {
      g_autoptr(SegSegment) segment = seg_project_save_rule_audience (project, audience, audience_segment, &error);

      if (segment == NULL)
        return seg_cli_fail (error);
    }

  table = seg_cli_table_new (_("customer|orders|spend|last order"), "customer|orders|spend|last_order", "lrrl");
  for (guint i = 0; i < audience->customers->len; i++)
    {
      SegRuleCustomer *customer = g_ptr_array_index (audience->customers, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_string (table, "customer", customer->customer);
      seg_cli_table_add_int (table, "orders", customer->orders);
      seg_cli_table_add (table, "spend", real_or_null (customer->spend), format_real (customer->spend, 2));
      seg_cli_table_add_string (table, "last_order", customer->last_order);
    }
  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", audience->run);
      seg_cli_json_add_int (builder, "rule", audience->rule);
      seg_cli_json_add_string (builder, "lhs", audience->lhs);
      seg_cli_json_add_string (builder, "rhs", audience->rhs);
      seg_cli_json_add_int (builder, "size", audience->customers->len);
      seg_cli_json_add_node (builder, "customers", seg_cli_table_to_json (table));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u customer bought %s and never %s\n",
                            "%u customers bought %s and never %s\n", audience->customers->len),
               audience->customers->len, audience->lhs, audience->rhs);
      seg_cli_table_print_text (table);
    }
  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_rule_audience = {
  "rule-audience", N_("RUN"), N_("List the customers a rule points to"),
  N_("RUN — list the customers a rule points to"),
  N_("Lists the customers who bought every left-hand item of rule --rule of the rules run RUN, in any of their orders, and never its right-hand item, with their orders, spend and last order. --output-segment saves them as a segment; --export writes them to a CSV file."),
  rule_audience_entries, FALSE, NULL, rule_audience_check, rule_audience_run,
};

/* together and bundles ----------------------------------------------------- */

static char *ask_run;
static char *ask_item;
static int ask_top = 10;
static gint64 ask_run_id;

static const GOptionEntry together_entries[] = {
  { "run", 'r', 0, G_OPTION_ARG_STRING, &ask_run, N_("The rules run"), N_("RUN") },
  { "item", 'i', 0, G_OPTION_ARG_STRING, &ask_item, N_("The item, by its name"), N_("ITEM") },
  { "top", 'n', 0, G_OPTION_ARG_INT, &ask_top, N_("How many to list (default 10)"), N_("N") },
  { NULL }
};

static const GOptionEntry bundles_entries[] = {
  { "run", 'r', 0, G_OPTION_ARG_STRING, &ask_run, N_("The rules run"), N_("RUN") },
  { "top", 'n', 0, G_OPTION_ARG_INT, &ask_top, N_("How many to list (default 10)"), N_("N") },
  { NULL }
};

static int
ask_check (const char  *command,
           gboolean     item,
           int          argc,
           char       **argv)
{
  if (argc != 1)
    return seg_cli_usage_error (_("%s: unexpected argument “%s”"), command, argv[1]);
  if (ask_run == NULL)
    return seg_cli_usage_error (_("--run: give the rules run to ask"));
  if (!seg_cli_parse_run_id (ask_run, &ask_run_id))
    return seg_cli_usage_error (_("--run: “%s” is not a run number"), ask_run);
  if (item && ask_item == NULL)
    return seg_cli_usage_error (_("--item: give the item, by its name"));
  if (ask_top < 1 || ask_top > 100000)
    return seg_cli_usage_error (_("--top: give a whole number from 1 to 100000"));
  return SEG_CLI_EXIT_OK;
}

static int
together_check (int    argc,
                char **argv)
{
  return ask_check ("together", TRUE, argc, argv);
}

static int
bundles_check (int    argc,
               char **argv)
{
  return ask_check ("bundles", FALSE, argc, argv);
}

static void
print_table (SegCliTable *table,
             const char  *member)
{
  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", ask_run_id);
      if (ask_item != NULL)
        seg_cli_json_add_string (builder, "item", ask_item);
      seg_cli_json_add_node (builder, member, seg_cli_table_to_json (table));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    seg_cli_table_print_text (table);
}

static int
together_run (SegProject  *project,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = seg_project_bought_together (project, ask_run_id, ask_item, (guint) ask_top,
                                                            NULL, &error);
  g_autoptr(SegCliTable) table = NULL;

  if (found == NULL)
    return seg_cli_fail (error);
  table = seg_cli_table_new (_("rank|item|baskets|confidence|lift"), "rank|item|count|confidence|lift", "rlrrr");
  for (guint i = 0; i < found->len; i++)
    {
      SegTogether *together = g_ptr_array_index (found, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_int (table, "rank", i + 1);
      seg_cli_table_add_string (table, "item", together->item);
      seg_cli_table_add_int (table, "count", together->count);
      seg_cli_table_add (table, "confidence", real_or_null (together->confidence),
                         format_real (together->confidence, 3));
      seg_cli_table_add (table, "lift", real_or_null (together->lift), format_real (together->lift, 2));
    }
  print_table (table, "together");
  return SEG_CLI_EXIT_OK;
}

static int
bundles_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = seg_project_bundles (project, ask_run_id, (guint) ask_top, NULL, &error);
  g_autoptr(SegCliTable) table = NULL;

  if (found == NULL)
    return seg_cli_fail (error);
  table = seg_cli_table_new (_("rank|items|baskets|support|lift|score|revenue"),
                             "rank|items|count|support|lift|score|revenue", "rlrrrrr");
  for (guint i = 0; i < found->len; i++)
    {
      SegBundle *bundle = g_ptr_array_index (found, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_int (table, "rank", i + 1);
      seg_cli_table_add_string (table, "items", bundle->items);
      seg_cli_table_add_int (table, "count", bundle->count);
      seg_cli_table_add (table, "support", real_or_null (bundle->support), format_real (bundle->support, 4));
      seg_cli_table_add (table, "lift", real_or_null (bundle->lift), format_real (bundle->lift, 2));
      seg_cli_table_add (table, "score", real_or_null (bundle->score), format_real (bundle->score, 4));
      seg_cli_table_add (table, "revenue", real_or_null (bundle->revenue), format_real (bundle->revenue, 2));
    }
  print_table (table, "bundles");
  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_together = {
  "together", "", N_("List the items bought with an item"),
  N_("— list the items bought with an item"),
  N_("Reads the baskets of the rules run --run again and lists the items most often in the same baskets as --item, with the baskets they share, the confidence (of the baskets with --item, the share with the other) and the lift."),
  together_entries, FALSE, NULL, together_check, together_run,
};

const SegCliCommand seg_cli_bundles = {
  "bundles", "", N_("Suggest bundles of items that sell together"),
  N_("— suggest bundles of items that sell together"),
  N_("Ranks the itemsets of two or more items of the rules run --run by lift times support and lists the best, with what their lines were worth in the baskets holding the whole bundle (with an amount or a price column)."),
  bundles_entries, FALSE, NULL, bundles_check, bundles_run,
};
