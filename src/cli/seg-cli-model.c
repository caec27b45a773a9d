/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-recommender-model.h"
#include "seg-table-rows.h"

/*
 * Running a model of one kind. The command's options are the roles and
 * parameters of every model of that kind, read from their GParamSpecs;
 * once the algorithm is known, each value goes to the model, which
 * refuses what it does not take. What the run found is printed by the
 * reporter of the model's kind.
 */

typedef struct
{
  SegModelKind  kind;
  const char   *default_algorithm;
  GPtrArray    *values;    /* name, value, name, value… */
  GArray       *entries;
  GPtrArray    *names;     /* the option names the entries point at */
  char         *algorithm;
  char         *output;
  gboolean      replace;
  SegModel     *model;
  gboolean      prediction;  /* the options of both prediction kinds */
} ModelOptions;

/* How evaluate-recommender splits and measures. */
static SegRecommenderEvaluation split_options;

/* Older option names that stay: the clustering's --log. */
static const struct
{
  const char *option;
  const char *property;
} aliases[] = {
  { "log", "log-columns" },
};

static const char *
property_for_option (const char *option)
{
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (option, aliases[i].option))
      return aliases[i].property;

  return option;
}

static gboolean
on_value (const char  *option_name,
          const char  *value,
          gpointer     user_data,
          GError     **error)
{
  ModelOptions *options = user_data;
  const char *name = option_name;

  while (*name == '-')
    name++;
  if (g_str_equal (name, "t"))
    name = "table";
  else if (g_str_equal (name, "c"))
    name = "columns";
  g_ptr_array_add (options->values, g_strdup (property_for_option (name)));
  g_ptr_array_add (options->values, g_strdup (value));

  return TRUE;
}

static char
short_name (const char *name)
{
  if (g_str_equal (name, "table"))
    return 't';
  if (g_str_equal (name, "columns"))
    return 'c';
  return 0;
}

static const char *
arg_description (GParamSpec *pspec)
{
  const SegRoleInfo *role = seg_param_spec_get_role (pspec);

  if (role != NULL && role->kind == SEG_ROLE_TABLE)
    return _("TABLE");
  if (role != NULL && role->kind == SEG_ROLE_COLUMN)
    return _("COLUMN");
  if (role != NULL && role->kind == SEG_ROLE_COLUMNS)
    return _("A,B,C");
  if (role != NULL && role->kind == SEG_ROLE_SEGMENT)
    return _("SEGMENT");
  if (G_TYPE_IS_ENUM (G_PARAM_SPEC_VALUE_TYPE (pspec)))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_autoptr(GString) nicks = g_string_new (NULL);

      for (guint i = 0; i < klass->n_values; i++)
        g_string_append_printf (nicks, "%s%s", i > 0 ? "|" : "", klass->values[i].value_nick);
      return g_intern_string (nicks->str);
    }
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_BOOLEAN)
    return "yes|no";
  if (G_IS_PARAM_SPEC_INT (pspec) || G_IS_PARAM_SPEC_UINT64 (pspec) || G_IS_PARAM_SPEC_INT64 (pspec)
      || G_IS_PARAM_SPEC_UINT (pspec))
    return _("N");
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    return _("NUMBER");
  if (G_IS_PARAM_SPEC_STRING (pspec))
    return _("NAME");
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
    return _("A,B,C");
  return _("VALUE");
}

static void
add_entry (ModelOptions *options,
           const char   *name,
           char          short_option,
           const char   *description,
           const char   *argument)
{
  GOptionEntry entry = { 0 };

  entry.long_name = g_intern_string (name);
  entry.short_name = short_option;
  entry.arg = G_OPTION_ARG_CALLBACK;
  entry.arg_data = (gpointer) on_value;
  entry.description = description;
  entry.arg_description = argument;
  g_array_append_val (options->entries, entry);
}

/* One option per input and parameter of any model of the kind, inputs
 * first, the table first of all. */
static void
add_model_options (ModelOptions   *options,
                   GOptionContext *context)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree GType *types = NULL;
  GOptionGroup *group;
  guint n_types;

  options->values = g_ptr_array_new_with_free_func (g_free);
  options->entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  if (options->prediction)
    types = seg_cli_prediction_types (&n_types);
  else
    types = seg_model_list_types (options->kind, &n_types);
  for (int pass = 0; pass < 2; pass++)
    for (guint t = 0; t < n_types; t++)
      {
        g_autoptr(SegModel) model = g_object_new (types[t], NULL);
        g_autoptr(GPtrArray) pspecs = pass == 0 ? seg_model_list_roles (model) : seg_model_list_params (model);

        for (guint i = 0; i < pspecs->len; i++)
          {
            GParamSpec *pspec = g_ptr_array_index (pspecs, i);

            if (!g_hash_table_add (seen, (gpointer) pspec->name))
              continue;
            /* Specs live as long as their classes, which stay. */
            add_entry (options, pspec->name, short_name (pspec->name),
                       g_param_spec_get_blurb (pspec), arg_description (pspec));
          }
      }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_hash_table_contains (seen, aliases[i].property))
      {
        GOptionEntry entry = { 0 };

        entry.long_name = aliases[i].option;
        entry.flags = G_OPTION_FLAG_HIDDEN;
        entry.arg = G_OPTION_ARG_CALLBACK;
        entry.arg_data = (gpointer) on_value;
        g_array_append_val (options->entries, entry);
      }

  group = g_option_group_new (NULL, NULL, NULL, options, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, (GOptionEntry *) options->entries->data);
  g_option_context_set_main_group (context, group);
}

/* The last value given for @name, or NULL. */
static const char *
given_value (ModelOptions *options,
             const char   *name)
{
  const char *value = NULL;

  for (guint i = 0; i + 1 < options->values->len; i += 2)
    if (g_str_equal (g_ptr_array_index (options->values, i), name))
      value = g_ptr_array_index (options->values, i + 1);

  return value;
}

static gboolean
was_given (ModelOptions *options,
           const char   *name)
{
  return given_value (options, name) != NULL;
}

/* The recommender used when none is named, before the table is read: the
 * best sellers of each segment with --segment-run, else the best by the
 * held-out figures for ratings or purchases (see
 * seg_recommender_default_algorithm ()); settle_default () may still
 * choose the best sellers for a small table. */
static const char *
default_algorithm_of (ModelOptions *options)
{
  const char *feedback = given_value (options, "feedback");

  if (options->kind != SEG_MODEL_KIND_RECOMMENDATION)
    return options->default_algorithm;
  if (was_given (options, "segment-run"))
    return "popular";
  return seg_recommender_default_algorithm (g_strcmp0 (feedback, "explicit") == 0 ? SEG_FEEDBACK_EXPLICIT
                                                                                  : SEG_FEEDBACK_IMPLICIT,
                                            G_MAXSIZE, G_MAXSIZE);
}

/* Gives @model the values given: with @lenient, only those it has (a
 * comparison passes each model its own), and with @shared_only only the
 * family's. The names taken go in @taken. */
static gboolean
apply_values (ModelOptions  *options,
              SegModel      *model,
              gboolean       lenient,
              gboolean       shared_only,
              GHashTable    *taken,
              GError       **error)
{
  for (guint i = 0; i + 1 < options->values->len; i += 2)
    {
      const char *name = g_ptr_array_index (options->values, i);
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (model), name);

      if (lenient && (pspec == NULL || (shared_only && pspec->owner_type != SEG_TYPE_RECOMMENDER_MODEL)))
        continue;
      if (!seg_model_set_param (model, name, g_ptr_array_index (options->values, i + 1), error))
        return FALSE;
      if (taken != NULL)
        g_hash_table_add (taken, (gpointer) name);
    }

  return TRUE;
}

/* With no algorithm named, a table too small for ALS gets the best
 * sellers, as seg_recommender_default_algorithm () says, unless a value
 * given is one only the chosen model takes. */
static int
settle_default (ModelOptions *options,
                SegProject   *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) other = NULL;
  gint64 customers, products;
  int feedback;
  const char *chosen;

  if (options->algorithm != NULL || options->kind != SEG_MODEL_KIND_RECOMMENDATION ||
      !g_str_equal (seg_model_get_id (options->model), "als"))
    return SEG_CLI_EXIT_OK;
  if (!seg_recommender_model_count (SEG_RECOMMENDER_MODEL (options->model), project, &customers, &products, &error))
    return seg_cli_fail (error);
  g_object_get (options->model, "feedback", &feedback, NULL);
  chosen = seg_recommender_default_algorithm (feedback, (size_t) customers, (size_t) products);
  if (g_str_equal (chosen, "als"))
    return SEG_CLI_EXIT_OK;
  other = seg_model_new_for_id (chosen, NULL);
  if (other == NULL || !apply_values (options, other, FALSE, FALSE, NULL, NULL))
    return SEG_CLI_EXIT_OK;
  if (seg_recommender_model_is_evaluation (SEG_RECOMMENDER_MODEL (options->model)))
    seg_recommender_model_set_evaluation (SEG_RECOMMENDER_MODEL (other), &split_options);
  g_set_object (&options->model, other);

  return SEG_CLI_EXIT_OK;
}

/* The ids of the models of @kind, for a message: "popular, item-knn". */
static char *
algorithms_of (SegModelKind kind)
{
  g_autofree GType *types = NULL;
  GString *known = g_string_new (NULL);
  guint n_types;

  types = seg_model_list_types (kind, &n_types);
  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(SegModel) model = g_object_new (types[t], NULL);

      g_string_append_printf (known, "%s%s", t > 0 ? ", " : "", seg_model_get_id (model));
    }

  return g_string_free (known, FALSE);
}

static gboolean
is_algorithm_of (SegModelKind  kind,
                 const char   *id)
{
  g_autofree GType *types = NULL;
  gboolean found = FALSE;
  guint n_types;

  types = seg_model_list_types (kind, &n_types);
  for (guint t = 0; t < n_types && !found; t++)
    {
      g_autoptr(SegModel) model = g_object_new (types[t], NULL);

      found = g_strcmp0 (seg_model_get_id (model), id) == 0;
    }

  return found;
}

/* The model with the values given; a value it refuses is a usage error,
 * and so is a missing table or list of columns. */
static int
check_model_options (ModelOptions  *options,
                     const char    *command,
                     int            argc,
                     char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) roles = NULL;

  if (argc != 1)
    return seg_cli_usage_error (_("%s: unexpected argument “%s”"), command, argv[1]);

  if (options->kind == SEG_MODEL_KIND_RECOMMENDATION && options->algorithm != NULL &&
      !is_algorithm_of (options->kind, options->algorithm))
    {
      g_autofree char *known = algorithms_of (options->kind);

      return seg_cli_usage_error (_("--algorithm: “%s” is not a recommender here; choose one of %s"),
                                  options->algorithm, known);
    }
  options->model = seg_model_new_for_id (options->algorithm != NULL ? options->algorithm
                                                                     : default_algorithm_of (options), &error);
  if (options->model != NULL && seg_model_get_kind (options->model) != options->kind)
    {
      g_clear_error (&error);
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--algorithm: “%s” does not answer what %s asks; see “%s --help”"),
                   options->algorithm, command, command);
      g_clear_object (&options->model);
    }
  if (options->model != NULL)
    apply_values (options, options->model, FALSE, FALSE, NULL, &error);
  if (error != NULL)
    {
      seg_cli_as_option_error (&error);
      return seg_cli_fail (error);
    }

  roles = seg_model_list_roles (options->model);
  for (guint i = 0; i < roles->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, i);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);

      if ((role->kind == SEG_ROLE_TABLE || (role->kind == SEG_ROLE_COLUMNS && !role->optional)) &&
          !was_given (options, pspec->name))
        return seg_cli_usage_error (_("%s: --%s is needed"), command, pspec->name);
    }

  return SEG_CLI_EXIT_OK;
}

/* Guesses the columns not given, runs, and reports. */
static int
run_model (ModelOptions *options,
           SegProject   *project)
{
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  const char *table = seg_model_get_table (options->model);

  int status;

  if (table != NULL && (info = seg_project_get_table (project, table, NULL)) != NULL)
    seg_model_guess_roles (options->model, info);
  status = settle_default (options, project);
  if (status != SEG_CLI_EXIT_OK)
    return status;
  if (options->model != NULL && info != NULL)
    seg_model_guess_roles (options->model, info);

  run = seg_run_new_for_model (project, options->model);
  g_object_set (run, "output-table", options->output, "replace", options->replace, NULL);

  return seg_cli_execute_and_report (run);
}

/* A run restricted to a saved segment says so. */
static void
print_segment (const SegRunRecord *record)
{
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  JsonNode *segment = input != NULL ? json_object_get_member (input, "segment") : NULL;

  if (segment != NULL && JSON_NODE_HOLDS_VALUE (segment) && json_node_get_value_type (segment) == G_TYPE_STRING)
    g_print (_("Only the customers of the saved segment “%s” were read.\n"), json_node_get_string (segment));
}

/* Segmentation: the clusters with their sizes and measures. */
static void
report_segmentation (SegProject         *project,
                     const SegRunRecord *record,
                     JsonBuilder        *builder)
{
  JsonObject *metrics = json_node_get_object (record->metrics);

  if (builder != NULL)
    {
      JsonArray *sizes = json_object_get_array_member (metrics, "sizes");

      seg_cli_json_add_int (builder, "k", json_object_get_int_member (metrics, "k"));
      seg_cli_json_add_node (builder, "sizes", json_node_init_array (json_node_alloc (), sizes));
      seg_cli_json_add_node (builder, "inertia", seg_cli_json_double_or_null (seg_cli_metric (metrics, "inertia")));
      seg_cli_json_add_node (builder, "silhouette", seg_cli_json_double_or_null (seg_cli_metric (metrics, "silhouette")));
      seg_cli_json_add_node (builder, "silhouette_sample", json_object_dup_member (metrics, "silhouette_sample"));
      seg_cli_json_add_node (builder, "calinski_harabasz", seg_cli_json_double_or_null (seg_cli_metric (metrics, "calinski_harabasz")));
      seg_cli_json_add_node (builder, "davies_bouldin", seg_cli_json_double_or_null (seg_cli_metric (metrics, "davies_bouldin")));
      seg_cli_json_add_node (builder, "iterations", json_object_dup_member (metrics, "iterations"));
      if (json_object_has_member (metrics, "noise"))
        seg_cli_json_add_int (builder, "noise", json_object_get_int_member (metrics, "noise"));
      seg_cli_json_add_int (builder, "rows", json_object_get_int_member (metrics, "rows"));
      seg_cli_json_add_int (builder, "dropped", json_object_get_int_member (metrics, "dropped"));
    }
  else
    {
      JsonArray *sizes = json_object_get_array_member (metrics, "sizes");
      gint64 rows = json_object_get_int_member (metrics, "rows");
      g_autoptr(SegCliTable) table = seg_cli_table_new (_("cluster|rows|share"), "cluster|rows|share", "rrr");
      static const struct { const char *metric; const char *label; } measures[] = {
        { "silhouette", N_("Silhouette") },
        { "calinski_harabasz", N_("Calinski–Harabasz") },
        { "davies_bouldin", N_("Davies–Bouldin") },
        { "inertia", N_("inertia") },
      };
      g_autoptr(GString) figures = g_string_new (NULL);
      guint n_sizes = json_array_get_length (sizes);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Run %" PRId64 ": %s found %u cluster among %" PRId64 " rows of “%s” in %.2f s\n\n",
                            "Run %" PRId64 ": %s found %u clusters among %" PRId64 " rows of “%s” in %.2f s\n\n",
                            n_sizes),
               record->id, record->algorithm, n_sizes, rows, record->input_table, record->seconds);
      for (guint c = 0; c <= n_sizes; c++)
        {
          gboolean noise = c == n_sizes;
          gint64 size;

          if (noise && !json_object_has_member (metrics, "noise"))
            break;
          size = noise ? json_object_get_int_member (metrics, "noise") : json_array_get_int_element (sizes, c);
          seg_cli_table_begin_row (table, NULL);
          seg_cli_table_add (table, "cluster", NULL, noise ? g_strdup (_("noise")) : g_strdup_printf ("%u", c + 1));
          seg_cli_table_add (table, "rows", NULL, g_strdup_printf ("%" PRId64, size));
          seg_cli_table_add (table, "share", NULL, g_strdup_printf ("%.1f%%", rows > 0 ? 100.0 * size / rows : 0.0));
        }
      seg_cli_table_print_text (table);
      /* Only the measures the algorithm has: DBSCAN and hierarchical
       * clustering have no inertia, and a single cluster no silhouette. */
      for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
        {
          double value = seg_cli_metric (metrics, measures[m].metric);
          g_autofree char *number = NULL;

          if (!isfinite (value))
            continue;
          number = seg_cli_format_metric (value);
          g_string_append_printf (figures, "%s%s %s", figures->len > 0 ? " · " : "", _(measures[m].label), number);
        }
      if (figures->len > 0)
        g_print ("\n%s\n", figures->str);
      if (json_object_has_member (metrics, "silhouette_sample") &&
          !json_object_get_null_member (metrics, "silhouette_sample"))
        g_print (_("(silhouette measured on a sample of %" PRId64 " rows)\n"),
                 json_object_get_int_member (metrics, "silhouette_sample"));
      print_segment (record);
      g_print (_("Results are in the table “%s”; describe the clusters with: segmenta-cli -p %s profile %" PRId64 "\n"),
               record->result_tables[0], seg_cli_global.project_path, record->id);
    }
}

/* The customer --for asks about, when given. */
static char *for_customer;

/* The offers of the result table: the first rows, or one customer's. */
static void
print_offers (SegProject         *project,
              const SegRunRecord *record,
              const char         *customer,
              JsonBuilder        *builder)
{
  g_autoptr(SegCliTable) table = NULL;
  g_autoptr(GPtrArray) offers = seg_recommender_read_offers (project, record, customer,
                                                             customer != NULL ? 1000 : 10, NULL);

  if (offers == NULL)
    return;
  table = seg_cli_table_new (_("customer|rank|product|score|reason"), "customer|rank|item|score|reason", "lrlrl");
  for (guint i = 0; i < offers->len; i++)
    {
      SegOffer *offer = g_ptr_array_index (offers, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_string (table, "customer", offer->customer);
      seg_cli_table_add_int (table, "rank", offer->rank);
      seg_cli_table_add (table, "item", seg_cli_json_string (offer->item),
                         offer->item_name != NULL ? g_strdup_printf ("%s %s", offer->item, offer->item_name)
                                                  : g_strdup (offer->item));
      seg_cli_table_add (table, "score", seg_cli_json_double (offer->score), g_strdup_printf ("%.3f", offer->score));
      seg_cli_table_add_string (table, "reason", offer->reason);
    }
  if (builder != NULL)
    seg_cli_json_add_node (builder, "offers", seg_cli_table_to_json (table));
  else
    seg_cli_table_print_text (table);
}

/* The measures of an evaluation, as its record names them. */
static const struct { const char *name; const char *label; } measures[] = {
  { "precision", N_("precision") },
  { "recall", N_("recall") },
  { "ndcg", N_("NDCG") },
  { "map", N_("MAP") },
  { "hit_rate", N_("hit rate") },
  { "coverage", N_("coverage") },
  { "rmse", N_("RMSE") },
  { "mae", N_("MAE") },
};

/* A measure's label: at k for the offers' measures; ratings' errors are
 * over every held-out rating. */
static char *
measure_label (guint m,
               int   k)
{
  return m < 6 ? g_strdup_printf ("%s@%d", _(measures[m].label), k) : g_strdup (_(measures[m].label));
}

/* How a sentence names a recommender. */
static const char *
recommender_name (const char *id)
{
  static const struct { const char *id; const char *name; } names[] = {
    { "als", "ALS" },
    { "ease", "EASE" },
    { "bpr", "BPR" },
    { "svd", "SVD" },
    { "svdpp", "SVD++" },
    /* Translators: these name recommenders inside a sentence. */
    { "item-knn", N_("item-kNN") },
    { "user-knn", N_("user-kNN") },
    { "neural", N_("the neural model") },
    { "popular", N_("the best sellers") },
    { "content", N_("the content model") },
    { "hybrid", N_("the hybrid model") },
  };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    if (g_str_equal (names[n].id, id))
      return _(names[n].name);

  return id;
}

/* @text with its first letter upper case, to begin a sentence. */
static char *
sentence_case (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char start[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), start);
  return g_strconcat (start, g_utf8_next_char (text), NULL);
}

/* "ALS", "ALS and EASE", "ALS, EASE and BPR". */
static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) head = g_string_new (NULL);

  if (names->len == 1)
    return g_strdup (g_ptr_array_index (names, 0));
  for (guint n = 0; n + 1 < names->len; n++)
    g_string_append_printf (head, "%s%s", n > 0 ? _(", ") : "", (const char *) g_ptr_array_index (names, n));
  /* Translators: the end of a list of recommenders, "ALS, EASE and BPR". */
  return g_strdup_printf (_("%s and %s"), head->str, (const char *) g_ptr_array_index (names, names->len - 1));
}

/* The comparison in one plain sentence: which model wins by the main
 * measure and by how much over the baseline; and, as the issue that
 * asked for the comparison wants it said, where the neural model stands
 * when it does not win. */
static char *
comparison_sentence (JsonObject *metrics)
{
  JsonArray *models = json_object_get_array_member (metrics, "models");
  JsonObject *baseline = json_object_get_object_member (json_object_get_object_member (metrics, "baseline"), "mean");
  const char *main = json_object_get_string_member (metrics, "main_measure");
  gboolean ratings = g_str_equal (main, "rmse");
  int k = (int) json_object_get_int_member_with_default (metrics, "k", 0);
  JsonObject *best = json_array_get_object_element (models, 0);
  const char *winner = json_object_get_string_member (best, "algorithm");
  double ours = seg_cli_metric (json_object_get_object_member (best, "mean"), main);
  double theirs = seg_cli_metric (baseline, main);
  g_autofree char *label = measure_label (ratings ? 6 : 2, k);
  g_autofree char *name = sentence_case (recommender_name (winner));
  g_autoptr(GString) sentence = g_string_new (NULL);

  if (ratings && ours < theirs)
    /* Translators: RMSE 0.910, 3% below each product's mean rating. */
    g_string_printf (sentence, _("%s predicts the ratings best here (%s %.3f, %.0f%% below the products’ mean ratings)"),
                     name, label, ours, 100.0 * (theirs - ours) / theirs);
  else if (!ratings && ours > theirs && theirs > 0)
    /* Translators: NDCG@10 0.121, +52% over best sellers. */
    g_string_printf (sentence, _("%s gives the best offers here (%s %.3f, %+.0f%% over best sellers)"),
                     name, label, ours, 100.0 * (ours - theirs) / theirs);
  else if (ratings)
    g_string_printf (sentence, _("No recommender predicts the ratings better than the products’ mean ratings here "
                                 "(%s %.3f); the closest is %s at %.3f"),
                     label, theirs, recommender_name (winner), ours);
  else
    g_string_printf (sentence, _("No recommender beats the best sellers here (%s %.3f); the closest is %s at %.3f"),
                     label, theirs, recommender_name (winner), ours);

  for (guint r = 1; r < json_array_get_length (models); r++)
    {
      JsonObject *model = json_array_get_object_element (models, r);
      g_autoptr(GPtrArray) above = g_ptr_array_new ();
      g_autofree char *names = NULL;
      double score = seg_cli_metric (json_object_get_object_member (model, "mean"), main);

      if (!g_str_equal (json_object_get_string_member (model, "algorithm"), "neural"))
        continue;
      for (guint b = 0; b < r && above->len < 3; b++)
        {
          JsonObject *better = json_array_get_object_element (models, b);
          double figure = seg_cli_metric (json_object_get_object_member (better, "mean"), main);

          if (figure != score)
            g_ptr_array_add (above, (gpointer) recommender_name (json_object_get_string_member (better, "algorithm")));
        }
      if (above->len == 0)
        break;
      names = join_names (above);
      /* Translators: "; the neural model scores 0.100, below ALS and EASE". */
      g_string_append_printf (sentence, _("; %s scores %.3f, below %s"), recommender_name ("neural"), score, names);
    }
  /* Translators: the full stop that ends the sentence saying which
   * recommender does best. */
  g_string_append (sentence, C_("end of sentence", "."));

  return g_string_free (g_steal_pointer (&sentence), FALSE);
}

/* A comparison: every model's measures, best first, then the baseline,
 * and the sentence that says which to use. */
static void
report_comparison (SegProject         *project,
                   const SegRunRecord *record,
                   JsonBuilder        *builder)
{
  JsonObject *metrics = json_node_get_object (record->metrics);
  JsonArray *models = json_object_get_array_member (metrics, "models");
  JsonObject *baseline = json_object_get_object_member (metrics, "baseline");
  JsonObject *baseline_mean = json_object_get_object_member (baseline, "mean");
  const char *protocol = json_object_get_string_member_with_default (metrics, "protocol", "");
  const char *main = json_object_get_string_member (metrics, "main_measure");
  gboolean ratings = g_str_equal (main, "rmse");
  int k = (int) json_object_get_int_member_with_default (metrics, "k", 0);
  guint first = ratings ? 6 : 0, last = ratings ? 8 : 6;
  guint n_models = json_array_get_length (models);
  g_autofree char *sentence = comparison_sentence (metrics);
  g_autoptr(SegCliTable) table = NULL;

  if (builder != NULL)
    {
      JsonArray *listed = json_array_new ();

      for (guint r = 0; r < n_models; r++)
        {
          JsonObject *model = json_object_ref (json_array_get_object_element (models, r));
          g_autoptr(SegModel) instance = seg_model_new_for_id (json_object_get_string_member (model, "algorithm"), NULL);

          if (instance != NULL && !json_object_has_member (model, "title"))
            json_object_set_string_member (model, "title", seg_model_get_title (instance));
          json_array_add_object_element (listed, model);
        }
      seg_cli_json_add_string (builder, "protocol", protocol);
      seg_cli_json_add_int (builder, "folds", json_object_get_int_member (metrics, "folds"));
      if (k > 0)
        seg_cli_json_add_int (builder, "k", k);
      seg_cli_json_add_string (builder, "main_measure", main);
      seg_cli_json_add_string (builder, "winner", json_object_get_string_member (metrics, "winner"));
      seg_cli_json_add_node (builder, "models", json_node_init_array (json_node_alloc (), listed));
      json_array_unref (listed);
      seg_cli_json_add_node (builder, "model", json_object_dup_member (metrics, "model"));
      seg_cli_json_add_node (builder, "baseline", json_node_init_object (json_node_alloc (), baseline));
      seg_cli_json_add_string (builder, "sentence", sentence);
      return;
    }

  if (g_str_equal (protocol, "kfold"))
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Run %" PRId64 ": %u recommender compared on “%s” by %s with %" PRId64 " folds in %.2f s\n\n",
                          "Run %" PRId64 ": %u recommenders compared on “%s” by %s with %" PRId64 " folds in %.2f s\n\n",
                          n_models),
             record->id, n_models, record->input_table, protocol, json_object_get_int_member (metrics, "folds"),
             record->seconds);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Run %" PRId64 ": %u recommender compared on “%s” by %s in %.2f s\n\n",
                          "Run %" PRId64 ": %u recommenders compared on “%s” by %s in %.2f s\n\n",
                          n_models),
             record->id, n_models, record->input_table, protocol, record->seconds);

  table = seg_cli_table_new (_("algorithm|recommender"), "algorithm|model", "ll");
  for (guint m = first; m < last; m++)
    {
      g_autofree char *label = measure_label (m, k);

      seg_cli_table_add_column (table, measures[m].name, label, TRUE);
    }
  {
    g_autofree char *main_label = measure_label (ratings ? 6 : 2, k);
    /* Translators: a column heading: "NDCG@10 vs best sellers". */
    g_autofree char *heading = g_strdup_printf (ratings ? _("%s vs mean ratings") : _("%s vs best sellers"), main_label);

    seg_cli_table_add_column (table, "change", heading, TRUE);
  }
  for (guint r = 0; r <= n_models; r++)
    {
      gboolean is_baseline = r == n_models;
      JsonObject *model = is_baseline ? NULL : json_array_get_object_element (models, r);
      JsonObject *mean = is_baseline ? baseline_mean : json_object_get_object_member (model, "mean");
      g_autoptr(SegModel) instance = is_baseline ? NULL : seg_model_new_for_id (json_object_get_string_member (model, "algorithm"), NULL);
      double ours = seg_cli_metric (mean, main), theirs = seg_cli_metric (baseline_mean, main);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_string (table, "algorithm", is_baseline ? "" : json_object_get_string_member (model, "algorithm"));
      if (is_baseline)
        seg_cli_table_add_string (table, "model", ratings ? _("Each product’s mean rating (baseline)")
                                                          : _("Best sellers (baseline)"));
      else
        seg_cli_table_add_string (table, "model", instance != NULL ? seg_model_get_title (instance) : "");
      for (guint m = first; m < last; m++)
        seg_cli_table_add (table, measures[m].name, NULL, g_strdup_printf ("%.4f", seg_cli_metric (mean, measures[m].name)));
      seg_cli_table_add (table, "change", NULL,
                         !is_baseline && isfinite (ours) && isfinite (theirs) && theirs != 0
                           ? g_strdup_printf ("%+.1f%%", 100.0 * (ours - theirs) / theirs) : g_strdup ("—"));
    }
  seg_cli_table_print_text (table);
  g_print ("\n%s\n", sentence);
  g_print (_("\nCustomers measured per fold: %" PRId64 "; the figures of each model and fold are in the table “%s”\n"),
           json_object_get_int_member (baseline_mean, "customers"), record->result_tables[0]);
}

/* An evaluation: the model's measures next to the baseline's. */
static void
report_evaluation (SegProject         *project,
                   const SegRunRecord *record,
                   JsonObject         *evaluation,
                   JsonBuilder        *builder)
{
  JsonObject *metrics = json_node_get_object (record->metrics);
  JsonObject *model = json_object_get_object_member (metrics, "model");
  JsonObject *baseline = json_object_get_object_member (metrics, "baseline");
  JsonObject *model_mean = json_object_get_object_member (model, "mean");
  JsonObject *baseline_mean = json_object_get_object_member (baseline, "mean");
  const char *protocol = json_object_get_string_member_with_default (metrics, "protocol", "");
  int k = (int) json_object_get_int_member_with_default (metrics, "k", 0);
  g_autoptr(SegCliTable) table = NULL;

  if (builder != NULL)
    {
      seg_cli_json_add_string (builder, "protocol", protocol);
      seg_cli_json_add_int (builder, "folds", json_object_get_int_member (metrics, "folds"));
      if (k > 0)
        seg_cli_json_add_int (builder, "k", k);
      seg_cli_json_add_node (builder, "model", json_node_init_object (json_node_alloc (), model));
      seg_cli_json_add_node (builder, "baseline", json_node_init_object (json_node_alloc (), baseline));
      return;
    }

  if (g_str_equal (protocol, "kfold"))
    g_print (_("Run %" PRId64 ": %s measured on “%s” by %s with %" PRId64 " folds in %.2f s, next to the best sellers\n\n"),
             record->id, seg_run_record_get_title ((SegRunRecord *) record), record->input_table, protocol,
             json_object_get_int_member (metrics, "folds"), record->seconds);
  else
    g_print (_("Run %" PRId64 ": %s measured on “%s” by %s in %.2f s, next to the best sellers\n\n"),
             record->id, seg_run_record_get_title ((SegRunRecord *) record), record->input_table, protocol,
             record->seconds);
  table = seg_cli_table_new (_("measure|model|best sellers|change"), "measure|model|baseline|change", "lrrr");
  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    {
      double ours, theirs;
      g_autofree char *label = NULL;

      if (!json_object_has_member (model_mean, measures[m].name))
        continue;
      ours = seg_cli_metric (model_mean, measures[m].name);
      theirs = seg_cli_metric (baseline_mean, measures[m].name);
      label = measure_label (m, k);
      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_string (table, "measure", label);
      seg_cli_table_add (table, "model", NULL, g_strdup_printf ("%.4f", ours));
      seg_cli_table_add (table, "baseline", NULL, g_strdup_printf ("%.4f", theirs));
      seg_cli_table_add (table, "change", NULL,
                         isfinite (ours) && isfinite (theirs) && theirs != 0
                           ? g_strdup_printf ("%+.1f%%", 100.0 * (ours - theirs) / theirs) : g_strdup ("—"));
    }
  seg_cli_table_print_text (table);
  g_print (_("\nCustomers measured per fold: %" PRId64 "; the figures of each fold are in the table “%s”\n"),
           json_object_get_int_member (model_mean, "customers"), record->result_tables[0]);
}

/* Recommendation: how many offers, and the first customers' lists, or
 * the one customer's asked for. */
static void
report_recommendation (SegProject         *project,
                       const SegRunRecord *record,
                       JsonBuilder        *builder)
{
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  JsonObject *metrics = json_node_get_object (record->metrics);
  gint64 customers = (gint64) seg_run_record_get_metric ((SegRunRecord *) record, "customers");
  gint64 offers = (gint64) seg_run_record_get_metric ((SegRunRecord *) record, "recommendations");
  double coverage = seg_run_record_get_metric ((SegRunRecord *) record, "catalog_coverage");

  if (input != NULL && json_object_has_member (input, "evaluation") && json_object_has_member (metrics, "models"))
    {
      report_comparison (project, record, builder);
      return;
    }
  if (input != NULL && json_object_has_member (input, "evaluation") && json_object_has_member (metrics, "model"))
    {
      report_evaluation (project, record, json_object_get_object_member (input, "evaluation"), builder);
      return;
    }

  if (builder != NULL)
    {
      seg_cli_json_add_int (builder, "customers", customers);
      seg_cli_json_add_int (builder, "products", (gint64) seg_run_record_get_metric ((SegRunRecord *) record, "products"));
      seg_cli_json_add_int (builder, "recommendations", offers);
      seg_cli_json_add_node (builder, "catalog_coverage", seg_cli_json_double_or_null (coverage));
      if (for_customer != NULL)
        {
          seg_cli_json_add_string (builder, "for", for_customer);
          print_offers (project, record, for_customer, builder);
        }
      return;
    }

  g_print (_("Run %" PRId64 ": %s made %" PRId64 " offers to %" PRId64 " customers of “%s” in %.2f s; "
             "%.0f%% of the products are offered to someone\n\n"),
           record->id, seg_run_record_get_title ((SegRunRecord *) record), offers, customers,
           record->input_table, record->seconds, 100.0 * coverage);
  if (for_customer != NULL)
    /* Translators: before the list of one customer's offers. */
    g_print (_("The offers for %s:\n"), for_customer);
  print_offers (project, record, for_customer, NULL);
  print_segment (record);
  g_print (_("\nAll offers are in the table “%s”; export them with: segmenta-cli -p %s export %s\n"),
           record->result_tables[0], seg_cli_global.project_path, record->result_tables[0]);
}

/* Any other kind: the figures its models declare. */
static void
report_figures (SegProject         *project,
                const SegRunRecord *record,
                JsonBuilder        *builder)
{
  g_autofree char *figures = NULL;

  if (builder != NULL)
    return;

  figures = seg_run_record_format_figures ((SegRunRecord *) record);
  g_print (_("Run %" PRId64 ": %s of “%s” in %.2f s\n%s\n"),
           record->id, seg_run_record_get_title ((SegRunRecord *) record), record->input_table,
           record->seconds, figures);
  g_print (_("Results are in the table “%s”\n"), record->result_tables[0]);
}

/* Lifetime value: the fitted parameters, the spend model's check, the
 * total, the top customers and, with a holdout, predicted against
 * actual purchases. */
static void
report_lifetime (SegProject         *project,
                 const SegRunRecord *record,
                 JsonBuilder        *builder)
{
  JsonObject *metrics = json_node_get_object (record->metrics);
  gboolean pareto = g_strcmp0 (json_object_get_string_member_with_default (metrics, "purchase_model", ""),
                               "pareto-nbd") == 0;
  g_autofree char *table = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  if (builder != NULL)
    return;

  report_figures (project, record, NULL);
  if (pareto)
    g_print (_("Pareto/NBD: r %.4f, alpha %.4f, s %.4f, beta %.4f; log-likelihood %.2f\n"),
             json_object_get_double_member_with_default (metrics, "r", NAN),
             json_object_get_double_member_with_default (metrics, "alpha", NAN),
             json_object_get_double_member_with_default (metrics, "s", NAN),
             json_object_get_double_member_with_default (metrics, "beta", NAN),
             json_object_get_double_member_with_default (metrics, "log_likelihood", NAN));
  else
    g_print (_("BG/NBD: r %.4f, alpha %.4f, a %.4f, b %.4f; log-likelihood %.2f\n"),
             json_object_get_double_member_with_default (metrics, "r", NAN),
             json_object_get_double_member_with_default (metrics, "alpha", NAN),
             json_object_get_double_member_with_default (metrics, "a", NAN),
             json_object_get_double_member_with_default (metrics, "b", NAN),
             json_object_get_double_member_with_default (metrics, "log_likelihood", NAN));
  g_print (_("Gamma–Gamma: p %.4f, q %.4f, v %.4f\n"),
           json_object_get_double_member_with_default (metrics, "p", NAN),
           json_object_get_double_member_with_default (metrics, "q", NAN),
           json_object_get_double_member_with_default (metrics, "v", NAN));
  g_print ("%s\n", json_object_get_string_member_with_default (metrics, "independence_text", ""));
  g_print (_("Total lifetime value: %.2f\n"), json_object_get_double_member_with_default (metrics, "total_clv", NAN));

  table = seg_quote_identifier (record->result_tables[0]);
  sql = g_strdup_printf ("SELECT * FROM %s ORDER BY clv DESC LIMIT 10", table);
  if (sqlite3_prepare_v2 (seg_project_get_db (project), sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      g_print (_("Top customers: customer, P(alive), expected purchases, expected spend, lifetime value\n"));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_print ("  %s\t%.3f\t%.3f\t%.2f\t%.2f\n", (const char *) sqlite3_column_text (stmt, 0),
                 sqlite3_column_double (stmt, 5), sqlite3_column_double (stmt, 6),
                 sqlite3_column_double (stmt, 7), sqlite3_column_double (stmt, 8));
    }
  sqlite3_finalize (stmt);

  if (json_object_has_member (metrics, "holdout"))
    {
      JsonObject *holdout = json_object_get_object_member (metrics, "holdout");
      JsonArray *groups = json_object_get_array_member (holdout, "groups");

      g_print (_("Holdout of %.1f time units: repeat purchases in calibration, customers, actual, predicted purchases\n"),
               json_object_get_double_member (holdout, "duration"));
      for (guint g = 0; g < json_array_get_length (groups); g++)
        {
          JsonObject *group = json_array_get_object_element (groups, g);

          g_print ("  %" G_GINT64_FORMAT "%s\t%" G_GINT64_FORMAT "\t%.0f\t%.1f\n",
                   json_object_get_int_member (group, "frequency"),
                   json_object_get_boolean_member (group, "or_more") ? "+" : "",
                   json_object_get_int_member (group, "customers"),
                   json_object_get_double_member (group, "actual"),
                   json_object_get_double_member (group, "predicted"));
        }
    }
}

typedef void (*Reporter) (SegProject         *project,
                          const SegRunRecord *record,
                          JsonBuilder        *builder);

static Reporter
reporter_for (SegModelKind kind)
{
  switch (kind)
    {
    case SEG_MODEL_KIND_SEGMENTATION: return report_segmentation;
    case SEG_MODEL_KIND_RECOMMENDATION: return report_recommendation;
    case SEG_MODEL_KIND_CLASSIFICATION:
    case SEG_MODEL_KIND_REGRESSION: return seg_cli_report_prediction;
    case SEG_MODEL_KIND_LIFETIME: return report_lifetime;
    case SEG_MODEL_KIND_RULES: return seg_cli_report_rules;
    default: return report_figures;
    }
}

/**
 * seg_cli_execute_and_report:
 *
 * Runs any run set up, with the progress bar, and prints what it found
 * through the reporter of its kind: as text, or with --json as an object
 * with the run record's members and the kind's own.
 */
int
seg_cli_execute_and_report (SegRun *run)
{
  g_autoptr(GError) error = NULL;
  const SegRunRecord *record;
  Reporter report;

  {
    g_autoptr(SegCliProgress) progress = seg_cli_progress_new (run, "progress", "status-text");

    if (!seg_run_execute (run, NULL, &error))
      return seg_cli_fail (error);
  }

  record = seg_run_get_record (run);
  report = reporter_for (record->kind);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", record->id);
      seg_cli_json_add_string (builder, "algorithm", record->algorithm);
      seg_cli_json_add_string (builder, "kind", seg_enum_to_nick (SEG_TYPE_MODEL_KIND, record->kind));
      report (seg_run_get_project (run), record, builder);
      seg_cli_json_add_double (builder, "seconds", record->seconds);
      seg_cli_json_add_node (builder, "timings", json_node_copy (record->timings));
      seg_cli_json_add_string (builder, "output_table", record->result_tables[0]);
      json_builder_set_member_name (builder, "tables");
      json_builder_begin_array (builder);
      for (guint i = 0; record->result_tables[i] != NULL; i++)
        json_builder_add_string_value (builder, record->result_tables[i]);
      json_builder_end_array (builder);
      seg_cli_json_add_string (builder, "input_table", record->input_table);
      seg_cli_json_add_node (builder, "input", json_node_copy (record->input));
      seg_cli_json_add_node (builder, "parameters", json_node_copy (record->parameters));
      seg_cli_json_add_node (builder, "preprocessing", json_node_copy (record->preprocessing));
      seg_cli_json_add_node (builder, "metrics", json_node_copy (record->metrics));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    report (seg_run_get_project (run), record, NULL);

  return SEG_CLI_EXIT_OK;
}

/* cluster */

static ModelOptions clustering = { SEG_MODEL_KIND_SEGMENTATION, "kmeans" };

static const GOptionEntry cluster_entries[] = {
  { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &clustering.algorithm, N_("The algorithm (default kmeans)"), N_("kmeans|minibatch-kmeans|dbscan|hierarchical") },
  { "output-table", 'o', 0, G_OPTION_ARG_STRING, &clustering.output, N_("The result table (default run_N)"), N_("NAME") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &clustering.replace, N_("Replace a table of that name"), NULL },
  { NULL }
};

static void
cluster_add_options (GOptionContext *context)
{
  add_model_options (&clustering, context);
}

static int
cluster_check (int    argc,
               char **argv)
{
  return check_model_options (&clustering, "cluster", argc, argv);
}

static int
cluster_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  return run_model (&clustering, project);
}

const SegCliCommand seg_cli_cluster = {
  "cluster", "", N_("Find segments among the rows of a table"),
  N_("— find segments among the rows of a table"),
  N_("Clusters the rows of a table on the chosen columns and writes a result table with each row’s cluster (from 1; empty for noise), its place on a 2-D map (pc1, pc2) and its silhouette. The run is kept in the project’s history. Algorithm parameters: --k, --n-init, --max-iter, --tol and --seed (kmeans); --k, --batch-size, --max-epochs, --n-init and --seed (minibatch-kmeans); --eps and --min-points (dbscan); --k, --height and --linkage ward|average|complete|single (hierarchical)."),
  cluster_entries, FALSE, cluster_add_options, cluster_check, cluster_run,
};

/* predict */

static ModelOptions predicting = { SEG_MODEL_KIND_REGRESSION, NULL, .prediction = TRUE };
static char *predict_kind;

static const GOptionEntry predict_entries[] = {
  { "kind", 0, 0, G_OPTION_ARG_STRING, &predict_kind, N_("What to predict: a yes/no outcome (classification) or a number (regression)"), N_("classification|regression") },
  { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &predicting.algorithm, N_("The model (default: the first of the kind; linear for regression)"), N_("ALGORITHM") },
  { "output-table", 'o', 0, G_OPTION_ARG_STRING, &predicting.output, N_("The result table (default run_N)"), N_("NAME") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &predicting.replace, N_("Replace a table of that name"), NULL },
  { NULL }
};

static void
predict_add_options (GOptionContext *context)
{
  add_model_options (&predicting, context);
}

static int
predict_check (int    argc,
               char **argv)
{
  int kind;

  if (predict_kind == NULL)
    return seg_cli_usage_error (_("predict: --kind is needed: classification or regression"));
  if (!seg_enum_from_nick (SEG_TYPE_MODEL_KIND, predict_kind, &kind) ||
      (kind != SEG_MODEL_KIND_CLASSIFICATION && kind != SEG_MODEL_KIND_REGRESSION))
    return seg_cli_usage_error (_("--kind: “%s” is not a kind of prediction; choose classification or regression"),
                                predict_kind);
  predicting.kind = kind;
  if (predicting.algorithm == NULL)
    {
      g_autofree GType *types = NULL;
      guint n_types;

      types = seg_model_list_types (kind, &n_types);
      if (n_types == 0)
        return seg_cli_usage_error (_("--kind: this Segmenta has no %s model yet"), predict_kind);
      {
        g_autoptr(SegModel) first = g_object_new (types[0], NULL);

        predicting.default_algorithm = g_intern_string (seg_model_get_id (first));
      }
    }

  return check_model_options (&predicting, "predict", argc, argv);
}

static int
predict_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  return run_model (&predicting, project);
}

const SegCliCommand seg_cli_predict = {
  "predict", "", N_("Learn to predict a column from others"),
  N_("— learn to predict a column from others"),
  N_("Fits a model that predicts --target from the --features columns of --table: the chance of a yes/no outcome (--kind classification) or a number (--kind regression), and writes a result table with every row’s prediction (key or row, target, split, fold, prediction, and for classification the label at 0.5). With --split-column (values train, test, score) the model learns from the train rows and is judged on the test rows; without one it is judged by --folds-fold cross-validation and then fitted on every row. Text features are one-hot encoded, missing numbers filled with the training mean. The figures are shown next to a baseline that always predicts the training rows’ rate or mean. Models: logistic (--penalty, --c, --class-weight; weights with odds ratios), tree (--max-depth, --min-samples-leaf, --prune; the rules of its leaves), naive-bayes (--alpha) and bayes-net (--bins, --structure; see what-if) for classification; linear (least squares, with the coefficient table) and ridge (--alpha) for regression. Naive Bayes and the Bayesian network take text features as categories rather than one-hot. See also evaluate-model, score and what-if."),
  predict_entries, FALSE, predict_add_options, predict_check, predict_run,
};

/* recommend */

static ModelOptions recommending = { SEG_MODEL_KIND_RECOMMENDATION, NULL };

static const GOptionEntry recommend_entries[] = {
  { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &recommending.algorithm, N_("The recommender: als (the default for purchases), svdpp (the default for ratings), popular (the default with --segment-run or for fewer than 30 customers), item-knn, user-knn, svd, bpr, ease, neural, content or hybrid"), N_("ALGORITHM") },
  { "for", 0, 0, G_OPTION_ARG_STRING, &for_customer, N_("Print this customer’s offers with their reasons"), N_("CUSTOMER") },
  { "output-table", 'o', 0, G_OPTION_ARG_STRING, &recommending.output, N_("The result table (default run_N)"), N_("NAME") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &recommending.replace, N_("Replace a table of that name"), NULL },
  { NULL }
};

static void
recommend_add_options (GOptionContext *context)
{
  add_model_options (&recommending, context);
}

static int
recommend_check (int    argc,
                 char **argv)
{
  return check_model_options (&recommending, "recommend", argc, argv);
}

/* With --for the run is made and kept as ever, its table holding every
 * customer's offers; only what is printed narrows to the one customer. */
static int
recommend_run (SegProject  *project,
               int          argc,
               char       **argv)
{
  if (for_customer != NULL)
    {
      g_autoptr(GError) error = NULL;
      const char *table = seg_model_get_table (recommending.model);
      g_autoptr(SegTableInfo) info = table != NULL ? seg_project_get_table (project, table, NULL) : NULL;

      if (info != NULL)
        seg_model_guess_roles (recommending.model, info);
      if (!seg_recommender_model_has_customer (SEG_RECOMMENDER_MODEL (recommending.model), project,
                                               for_customer, &error))
        return seg_cli_fail (error);
    }

  return run_model (&recommending, project);
}

const SegCliCommand seg_cli_recommend = {
  "recommend", "", N_("Choose the products to offer each customer"),
  N_("— choose the products to offer each customer"),
  N_("Reads an order table (who bought which product) and writes a result table with, for every customer, the products to offer, ranked, with the reason for each (customer, rank, item, item_name, score, reason). The customer and product columns are guessed from their names when not given; --value names a quantity (returns negative, netted) or, with --feedback explicit, a rating; --date enables --half-life. --items-table with --item-key, --item-name and --text gives the products’ names for the offers and reasons and their texts to the content recommender. Without --algorithm the recommender is the best on held-out data: als for purchases, svdpp for ratings (--feedback explicit), and popular with --segment-run or for fewer than 30 customers or 5 products; evaluate-recommender --compare measures them all on your own orders. popular offers the best sellers each customer has not bought yet, with --segment-run RUN those of the customer’s segment; its score is the share of customers who bought the product. With --for CUSTOMER the run is made and kept as usual and that customer’s offers are printed."),
  recommend_entries, FALSE, recommend_add_options, recommend_check, recommend_run,
};

/* evaluate-recommender */

static ModelOptions evaluating = { SEG_MODEL_KIND_RECOMMENDATION, NULL };
static gboolean eval_compare;
static char *protocol_nick;
static int eval_folds = 5;
static int eval_k = 10;
static double eval_test_share = 0.2;
static int eval_last_n = 1;
static char *eval_test_table;

static const GOptionEntry evaluate_entries[] = {
  { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &evaluating.algorithm, N_("The recommender, or several separated by commas to compare them (als,ease,neural): als (the default for purchases), svdpp (the default for ratings), popular (the default with --segment-run or for fewer than 30 customers), item-knn, user-knn, svd, bpr, ease, neural, content or hybrid"), N_("ALGORITHM") },
  { "compare", 0, 0, G_OPTION_ARG_NONE, &eval_compare, N_("Compare every recommender that suits the purchases or ratings on the same split, best first"), NULL },
  { "protocol", 0, 0, G_OPTION_ARG_STRING, &protocol_nick, N_("How to hold purchases out (default: kfold for ratings, last-n with a date column, else holdout)"), N_("kfold|holdout|last-n|test-table") },
  { "folds", 0, 0, G_OPTION_ARG_INT, &eval_folds, N_("kfold: how many folds (default 5)"), N_("N") },
  { "k", 0, 0, G_OPTION_ARG_INT, &eval_k, N_("The offers measured per customer (default 10)"), N_("K") },
  { "test-share", 0, 0, G_OPTION_ARG_DOUBLE, &eval_test_share, N_("holdout: the share of purchases held out (default 0.2)"), N_("F") },
  { "last-n", 0, 0, G_OPTION_ARG_INT, &eval_last_n, N_("last-n: the latest products held out per customer (default 1)"), N_("N") },
  { "test-table", 0, 0, G_OPTION_ARG_STRING, &eval_test_table, N_("test-table: the table of later purchases to test on"), N_("TABLE") },
  { "output-table", 'o', 0, G_OPTION_ARG_STRING, &evaluating.output, N_("The table of figures per fold (default run_N)"), N_("NAME") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &evaluating.replace, N_("Replace a table of that name"), NULL },
  { NULL }
};

static void
evaluate_add_options (GOptionContext *context)
{
  add_model_options (&evaluating, context);
}

static gboolean is_comparison (void);

static int
evaluate_check (int    argc,
                char **argv)
{
  int status;
  int protocol = SEG_PROTOCOL_AUTO;

  if (protocol_nick != NULL &&
      (!seg_enum_from_nick (SEG_TYPE_RECOMMENDER_PROTOCOL, protocol_nick, &protocol) || protocol == SEG_PROTOCOL_AUTO))
    return seg_cli_usage_error (_("--protocol: “%s” is not a protocol; choose kfold, holdout, last-n or test-table"),
                                protocol_nick);
  if (eval_folds < 2 || eval_folds > 100)
    return seg_cli_usage_error (_("--folds: give a whole number from 2 to 100"));
  if (eval_k < 1 || eval_k > 1000)
    return seg_cli_usage_error (_("--k: give a whole number from 1 to 1000"));
  if (!(eval_test_share > 0 && eval_test_share < 1))
    return seg_cli_usage_error (_("--test-share: give a share between 0 and 1, such as 0.2"));
  if (eval_last_n < 1)
    return seg_cli_usage_error (_("--last-n: give a whole number from 1"));
  if (protocol == SEG_PROTOCOL_TEST_TABLE && eval_test_table == NULL)
    return seg_cli_usage_error (_("--test-table: the test-table protocol needs the table to test on"));
  if (eval_test_table != NULL && protocol != SEG_PROTOCOL_TEST_TABLE)
    return seg_cli_usage_error (_("--test-table: give it with --protocol test-table"));

  if (eval_compare && evaluating.algorithm != NULL)
    return seg_cli_usage_error (_("--compare: it takes every recommender that suits; to choose them, "
                                  "list them with --algorithm instead, as als,ease,neural"));
  if (is_comparison ())
    {
      if (argc != 1)
        return seg_cli_usage_error (_("%s: unexpected argument “%s”"), "evaluate-recommender", argv[1]);
      if (!was_given (&evaluating, "table"))
        return seg_cli_usage_error (_("%s: --%s is needed"), "evaluate-recommender", "table");
    }
  else
    {
      status = check_model_options (&evaluating, "evaluate-recommender", argc, argv);
      if (status != SEG_CLI_EXIT_OK)
        return status;
    }

  seg_recommender_evaluation_init (&split_options);
  split_options.protocol = protocol;
  split_options.folds = eval_folds;
  split_options.k = eval_k;
  split_options.test_share = eval_test_share;
  split_options.last_n = eval_last_n;
  split_options.test_table = eval_test_table;

  return SEG_CLI_EXIT_OK;
}

/* Several recommenders, by --compare or a list given to --algorithm. */
static gboolean
is_comparison (void)
{
  return eval_compare || (evaluating.algorithm != NULL && strchr (evaluating.algorithm, ',') != NULL);
}

/* The ids of a list given to --algorithm, or NULL after printing why not. */
static GStrv
listed_algorithms (void)
{
  g_auto(GStrv) parts = g_strsplit (evaluating.algorithm, ",", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint p = 0; parts[p] != NULL; p++)
    {
      g_strstrip (parts[p]);
      if (*parts[p] == '\0')
        {
          seg_cli_usage_error (_("--algorithm: “%s” names an empty recommender; separate the names by single commas"),
                               evaluating.algorithm);
          return NULL;
        }
      g_strv_builder_add (ids, parts[p]);
    }

  return g_strv_builder_end (ids);
}

/* The comparison: each recommender gets the values it takes, the first
 * its inputs for all; a value none takes is a usage error. */
static int
compare_run (SegProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegModel) probe = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rivals = g_ptr_array_new ();
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) ids = NULL;
  const char *table;

  if (!eval_compare && (ids = listed_algorithms ()) == NULL)
    return SEG_CLI_EXIT_USAGE;
  /* The inputs and shared values first, on the first model listed (whose
   * feedback is then the default) or, for --compare, the best sellers. */
  probe = seg_model_new_for_id (ids != NULL ? ids[0] : "popular", NULL);
  if (probe == NULL || !SEG_IS_RECOMMENDER_MODEL (probe))
    {
      g_autofree char *known = algorithms_of (SEG_MODEL_KIND_RECOMMENDATION);

      g_set_error (&error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--algorithm: “%s” is not a recommender here; choose one of %s"), ids[0], known);
      return seg_cli_fail (error);
    }
  if (!apply_values (&evaluating, probe, TRUE, TRUE, NULL, &error))
    return seg_cli_fail (error);
  table = seg_model_get_table (probe);
  if (table != NULL && (info = seg_project_get_table (project, table, NULL)) != NULL)
    seg_model_guess_roles (probe, info);

  if (eval_compare)
    {
      gint64 customers, products;
      int feedback;

      if (!seg_recommender_model_count (SEG_RECOMMENDER_MODEL (probe), project, &customers, &products, &error))
        return seg_cli_fail (error);
      g_object_get (probe, "feedback", &feedback, NULL);
      ids = seg_recommender_comparable_algorithms (feedback, (size_t) products, was_given (&evaluating, "text"));
    }

  for (guint i = 0; ids[i] != NULL; i++)
    {
      SegRecommenderModel *model = seg_recommender_model_new_like (SEG_RECOMMENDER_MODEL (probe), ids[i], &error);

      if (model == NULL)
        return seg_cli_fail (error);
      g_ptr_array_add (models, model);
      if (!apply_values (&evaluating, SEG_MODEL (model), TRUE, FALSE, taken, &error))
        return seg_cli_fail (error);
      if (i > 0)
        g_ptr_array_add (rivals, model);
    }
  for (guint i = 0; i + 1 < evaluating.values->len; i += 2)
    if (!g_hash_table_contains (taken, g_ptr_array_index (evaluating.values, i)))
      return seg_cli_usage_error (_("--%s: none of the recommenders compared takes it"),
                                  (const char *) g_ptr_array_index (evaluating.values, i));

  g_set_object (&evaluating.model, g_ptr_array_index (models, 0));
  seg_recommender_model_set_evaluation (SEG_RECOMMENDER_MODEL (evaluating.model), &split_options);
  if (!seg_recommender_model_set_rivals (SEG_RECOMMENDER_MODEL (evaluating.model), rivals, &error))
    return seg_cli_fail (error);

  return run_model (&evaluating, project);
}

static int
evaluate_run (SegProject  *project,
              int          argc,
              char       **argv)
{
  if (is_comparison ())
    return compare_run (project);

  seg_recommender_model_set_evaluation (SEG_RECOMMENDER_MODEL (evaluating.model), &split_options);

  return run_model (&evaluating, project);
}

const SegCliCommand seg_cli_evaluate_recommender = {
  "evaluate-recommender", "", N_("Measure a recommender on held-out purchases"),
  N_("— measure a recommender on held-out purchases"),
  N_("Takes the same options as recommend, holds part of the purchases out, fits the recommender on the rest and measures its offers on what was held out, next to the best sellers on the same split: precision, recall, NDCG, MAP and hit rate at k, and catalogue coverage; for ratings (--feedback explicit, k-fold) RMSE and MAE, next to each product’s mean rating. Protocols: kfold (--folds), holdout (a random --test-share), last-n (each customer’s --last-n latest products by --date; the default for purchases with a date), test-table (trained on the whole table, tested on --test-table). The splits follow --seed. The evaluation is kept as a run with its figures, and a small table of the figures per fold is written; --json prints every measure per fold, their mean and the baseline’s. With several recommenders (--algorithm als,ease,neural) or --compare (every one that suits: for ratings svdpp, svd, item-knn and user-knn; for purchases als, ease unless the catalogue is too large for it, item-knn, user-knn, bpr, neural and popular, and content and hybrid with --text), each is measured on the same split, fitted on the same purchases, and the table lists them best first by NDCG (RMSE for ratings), with a sentence saying which to use; each takes the options it has."),
  evaluate_entries, FALSE, evaluate_add_options, evaluate_check, evaluate_run,
};

/* audience and similar */

static char *ask_run;
static char *ask_item;
static int ask_top = 20;
static gint64 ask_run_id;

static const GOptionEntry audience_entries[] = {
  { "run", 'r', 0, G_OPTION_ARG_STRING, &ask_run, N_("The recommendation run whose model to ask"), N_("RUN") },
  { "item", 'i', 0, G_OPTION_ARG_STRING, &ask_item, N_("The product, by its key or its name"), N_("ITEM") },
  { "top", 'n', 0, G_OPTION_ARG_INT, &ask_top, N_("How many to list (default 20)"), N_("N") },
  { NULL }
};

static int
ask_check (int    argc,
           char **argv)
{
  if (argc != 1)
    return seg_cli_usage_error (_("%s: unexpected argument “%s”"), argv[0], argv[1]);
  if (ask_run == NULL)
    return seg_cli_usage_error (_("--run: give the recommendation run to ask"));
  if (!seg_cli_parse_run_id (ask_run, &ask_run_id))
    return seg_cli_usage_error (_("--run: “%s” is not a run number"), ask_run);
  if (ask_item == NULL)
    return seg_cli_usage_error (_("--item: give the product, by its key or its name"));
  if (ask_top < 1 || ask_top > 100000)
    return seg_cli_usage_error (_("--top: give a whole number from 1 to 100000"));

  return SEG_CLI_EXIT_OK;
}

/* The run's model fitted again, with the progress bar. */
static SegRecommenderFit *
refit (SegProject  *project,
       GError     **error)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, ask_run_id, NULL);

  if (record == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--run: the project has no run %" PRId64 "; list them with “runs”"), ask_run_id);
      return NULL;
    }

  return seg_recommender_fit_new (project, record, NULL, error);
}

/* The hits as a table; @keys names its columns: rank, key, name (left
 * out for customers), score and reason. */
static void
print_hits (GPtrArray  *hits,
            const char *headings,
            const char *keys,
            const char *alignment,
            const char *question)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (headings, keys, alignment);
  g_auto(GStrv) key = g_strsplit (keys, "|", -1);
  gboolean names = g_strv_length (key) == 5;
  guint last = names ? 4 : 3;

  for (guint i = 0; i < hits->len; i++)
    {
      SegRecommenderHit *hit = g_ptr_array_index (hits, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add_int (table, key[0], i + 1);
      seg_cli_table_add_string (table, key[1], hit->key);
      if (names)
        seg_cli_table_add (table, key[2],
                           hit->name != NULL ? seg_cli_json_string (hit->name) : json_node_init_null (json_node_alloc ()),
                           g_strdup (hit->name != NULL ? hit->name : ""));
      seg_cli_table_add (table, key[last - 1], seg_cli_json_double (hit->score), g_strdup_printf ("%.4f", hit->score));
      seg_cli_table_add_string (table, key[last], hit->reason);
    }

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", ask_run_id);
      seg_cli_json_add_string (builder, "item", ask_item);
      seg_cli_json_add_node (builder, question, seg_cli_table_to_json (table));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    seg_cli_table_print_text (table);
}

static int
audience_run (SegProject  *project,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRecommenderFit) fit = refit (project, &error);
  g_autoptr(GPtrArray) hits = NULL;

  if (fit == NULL || (hits = seg_recommender_fit_audience (fit, ask_item, (guint) ask_top, &error)) == NULL)
    return seg_cli_fail (error);
  print_hits (hits, _("rank|customer|score|reason"), "rank|customer|score|reason", "rlrl", "customers");

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_audience = {
  "audience", "", N_("List the customers to offer a product to"),
  N_("— list the customers to offer a product to"),
  N_("Fits the model of a recommendation run again from its record (the same inputs, parameters and seed, so the same model while the table is unchanged) and ranks the customers who have not bought the product by its score for them, with the reason. Nothing is written to the project."),
  audience_entries, FALSE, NULL, ask_check, audience_run,
};

static int
similar_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRecommenderFit) fit = refit (project, &error);
  g_autoptr(GPtrArray) hits = NULL;

  if (fit == NULL || (hits = seg_recommender_fit_similar (fit, ask_item, (guint) ask_top, &error)) == NULL)
    return seg_cli_fail (error);
  print_hits (hits, _("rank|product|name|similarity|why"), "rank|item|name|similarity|why", "rllrl", "similar");

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_similar = {
  "similar", "", N_("List the products most like a product"),
  N_("— list the products most like a product"),
  N_("Fits the model of a recommendation run again from its record and lists the products most similar to the one given in that model (for a model without an item similarity, such as the best sellers, by the overlap of their buyers), with how many customers bought both. Nothing is written to the project."),
  audience_entries, FALSE, NULL, ask_check, similar_run,
};

/* clv */

static ModelOptions valuing = { SEG_MODEL_KIND_LIFETIME, "clv" };
static char *clv_orders;

static const GOptionEntry clv_entries[] = {
  { "orders", 0, 0, G_OPTION_ARG_STRING, &clv_orders, N_("The order-lines table (the same as --table)"), N_("TABLE") },
  { "output", 'o', 0, G_OPTION_ARG_STRING, &valuing.output, N_("The result table (default run_N)"), N_("NAME") },
  { "replace", 0, 0, G_OPTION_ARG_NONE, &valuing.replace, N_("Replace a table of that name"), NULL },
  { NULL }
};

static void
clv_add_options (GOptionContext *context)
{
  add_model_options (&valuing, context);
}

static int
clv_check (int    argc,
           char **argv)
{
  if (clv_orders != NULL)
    {
      g_ptr_array_add (valuing.values, g_strdup ("table"));
      g_ptr_array_add (valuing.values, g_strdup (clv_orders));
    }
  return check_model_options (&valuing, "clv", argc, argv);
}

static int
clv_run (SegProject  *project,
         int          argc,
         char       **argv)
{
  return run_model (&valuing, project);
}

const SegCliCommand seg_cli_clv = {
  "clv", "", N_("Work out what each customer is worth"),
  N_("— work out what each customer is worth"),
  N_("Fits a purchase model (--model bgnbd or pareto-nbd) and a Gamma–Gamma spend model to the order lines of --orders (--customer, --date and --amount, or --quantity and --price; guessed from the headers when not given), and writes a table with every customer’s frequency, recency, age T, mean repeat spend, chance of still being a customer, expected purchases and spend over --horizon months, and lifetime value (times --margin, discounted by --discount a month). With --calibration-end before the last order, the later orders check the predicted purchases, by number of repeat purchases."),
  clv_entries, FALSE, clv_add_options, clv_check, clv_run,
};
