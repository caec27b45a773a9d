/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-elbow-plot.h"
#include "seg-plot.h"
#include "seg-explore.h"
#include "seg-model.h"
#include "seg-profile.h"

/* The analyses: which data, prepared how, and what is found in it. */

/* The options every analysis shares. */
static struct
{
  char           *table;
  char           *columns;
  char           *scale;
  char           *log;
  char           *impute;
  GStrv           column_list;
  GStrv           log_list;
  SegPrepOptions  prep;
} data;

#define DATA_ENTRIES \
  { "table", 't', 0, G_OPTION_ARG_STRING, &data.table, N_("The table whose rows are analysed, such as the RFM table"), N_("TABLE") }, \
  { "columns", 'c', 0, G_OPTION_ARG_STRING, &data.columns, N_("The columns to use, separated by commas; text columns are one-hot encoded"), N_("A,B,C") }, \
  { "scale", 0, 0, G_OPTION_ARG_STRING, &data.scale, N_("How to bring the columns to comparable ranges (default standard)"), N_("standard|robust|minmax|none") }, \
  { "log", 0, 0, G_OPTION_ARG_STRING, &data.log, N_("Skewed columns to compare by log (1 + x), separated by commas"), N_("A,B") }, \
  { "impute", 0, 0, G_OPTION_ARG_STRING, &data.impute, N_("Missing numbers: fill with the column’s mean or median, or leave the row out (default median)"), N_("mean|median|drop") }

/* Splits "a, b,c" into names, dropping empty ones. */
static GStrv
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

/* Checks the shared options and the lack of arguments. */
static int
check_data_options (const char  *command,
                    int          argc,
                    char       **argv)
{
  int value;

  if (argc != 1)
    {
      /* The messages are spelled out for the translators. */
      if (g_str_equal (command, "cluster"))
        return seg_cli_usage_error (_("cluster: unexpected argument “%s”"), argv[1]);
      if (g_str_equal (command, "suggest-k"))
        return seg_cli_usage_error (_("suggest-k: unexpected argument “%s”"), argv[1]);
      return seg_cli_usage_error (_("k-distance: unexpected argument “%s”"), argv[1]);
    }
  if (data.table == NULL || data.columns == NULL)
    return seg_cli_usage_error (_("%s: --table and --columns are needed"), command);
  data.column_list = split_list (data.columns);
  if (data.column_list[0] == NULL)
    return seg_cli_usage_error (_("--columns: name at least one column"));
  data.log_list = split_list (data.log);
  data.prep.log_columns = (const char *const *) data.log_list;

  data.prep.scale = SEG_SCALE_STANDARD;
  if (data.scale != NULL)
    {
      if (!seg_enum_from_nick (SEG_TYPE_SCALE, data.scale, &value))
        return seg_cli_usage_error (_("--scale: “%s” is not one of standard, robust, minmax, none"), data.scale);
      data.prep.scale = value;
    }

  data.prep.impute = SEG_IMPUTE_MEDIAN;
  if (data.impute != NULL)
    {
      if (!seg_enum_from_nick (SEG_TYPE_IMPUTE, data.impute, &value))
        return seg_cli_usage_error (_("--impute: “%s” is not one of mean, median, drop"), data.impute);
      data.prep.impute = value;
    }

  return SEG_CLI_EXIT_OK;
}

/* The data the shared options name, prepared. */
static SegDataset *
load_dataset (SegProject  *project,
              GError     **error)
{
  return seg_dataset_load (project, data.table, (const char *const *) data.column_list, &data.prep, NULL, error);
}

/* suggest-k */

static struct
{
  char   *plot;
  int     k_min;
  int     k_max;
  int     n_init;
  int     silhouette_sample;
  gint64  seed;
} suggest = { NULL, 2, 10, 10, SEG_SILHOUETTE_SAMPLE, 0 };

static const GOptionEntry suggest_k_entries[] = {
  DATA_ENTRIES,
  { "plot", 0, 0, G_OPTION_ARG_FILENAME, &suggest.plot, N_("Also draw the inertia (the elbow) and the silhouette against k into a .png, .svg or .pdf file"), N_("FILE") },
  { "k-min", 0, 0, G_OPTION_ARG_INT, &suggest.k_min, N_("The fewest clusters to try (default 2)"), N_("N") },
  { "k-max", 0, 0, G_OPTION_ARG_INT, &suggest.k_max, N_("The most clusters to try (default 10)"), N_("N") },
  { "n-init", 0, 0, G_OPTION_ARG_INT, &suggest.n_init, N_("k-means restarts for each k (default 10)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &suggest.seed, N_("Starts the random choices (default 0)"), N_("S") },
  { "silhouette-sample", 0, 0, G_OPTION_ARG_INT, &suggest.silhouette_sample, N_("Measure the silhouette on a sample of this many rows when there are more (default 20000; 0 for all)"), N_("N") },
  { NULL }
};

static int
suggest_k_check (int    argc,
                 char **argv)
{
  int status;

  if ((status = check_data_options ("suggest-k", argc, argv)) != SEG_CLI_EXIT_OK)
    return status;
  if (suggest.k_min < 2 || suggest.k_max < suggest.k_min || suggest.k_max > 200)
    return seg_cli_usage_error (_("--k-min and --k-max: give 2 ≤ k-min ≤ k-max ≤ 200"));
  if (suggest.n_init < 1 || suggest.silhouette_sample < 0 || suggest.seed < 0)
    return seg_cli_usage_error (_("--n-init must be 1 or more, --seed and --silhouette-sample 0 or more"));

  return SEG_CLI_EXIT_OK;
}

/* The elbow chart: inertia on the left, silhouette on the right. */
typedef struct
{
  const SegKSuggestion *suggestion;
  const char           *title;
} Elbow;

static void
draw_elbow (cairo_t  *cr,
            double    width,
            double    height,
            gpointer  user_data)
{
  const Elbow *elbow = user_data;

  seg_elbow_plot_draw (cr, elbow->suggestion, elbow->title, width, height);
}

static gboolean
plot_suggestion (const SegKSuggestion  *suggestion,
                 const char            *table,
                 const char            *path,
                 GError               **error)
{
  g_autofree char *title = g_strdup_printf (_("Clusters of “%s”: recommended k = %d"), table, suggestion->recommended);
  Elbow elbow = { suggestion, title };

  return seg_plot_export (path, 900, 540, draw_elbow, &elbow, error);
}

static int
suggest_k_run (SegProject  *project,
               int          argc,
               char       **argv)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (_("k|inertia|silhouette|Calinski–Harabasz|Davies–Bouldin| "),
                                                    "k|inertia|silhouette|calinski_harabasz|davies_bouldin|mark",
                                                    "rrrrrl");
  g_autoptr(SegDataset) dataset = NULL;
  g_autoptr(SegKSuggestion) suggestion = NULL;
  g_autoptr(GError) error = NULL;

  dataset = load_dataset (project, &error);
  if (dataset != NULL)
    suggestion = seg_dataset_suggest_k (dataset, suggest.k_min, suggest.k_max, suggest.n_init,
                                        (guint64) suggest.seed, (size_t) suggest.silhouette_sample,
                                        NULL, &error);
  if (suggestion == NULL ||
      (suggest.plot != NULL && !plot_suggestion (suggestion, data.table, suggest.plot, &error)))
    return seg_cli_fail (error);

  for (guint i = 0; i < suggestion->scores->len; i++)
    {
      SegKScore *score = &g_array_index (suggestion->scores, SegKScore, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add (table, "k", seg_cli_json_int (score->k), g_strdup_printf ("%d", score->k));
      seg_cli_table_add (table, "inertia", seg_cli_json_double_or_null (score->inertia),
                         g_strdup_printf ("%.1f", score->inertia));
      seg_cli_table_add (table, "silhouette", seg_cli_json_double_or_null (score->silhouette),
                         g_strdup_printf ("%.4f", score->silhouette));
      seg_cli_table_add (table, "calinski_harabasz", seg_cli_json_double_or_null (score->calinski_harabasz),
                         g_strdup_printf ("%.1f", score->calinski_harabasz));
      seg_cli_table_add (table, "davies_bouldin", seg_cli_json_double_or_null (score->davies_bouldin),
                         g_strdup_printf ("%.4f", score->davies_bouldin));
      seg_cli_table_add (table, "mark", NULL,
                         g_strdup (score->k == suggestion->recommended ? _("← recommended") : ""));
    }

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_string (builder, "table", data.table);
      seg_cli_json_add_int (builder, "rows", (gint64) suggestion->rows);
      seg_cli_json_add_node (builder, "silhouette_sample",
                             suggestion->silhouette_sample > 0 ? seg_cli_json_int ((gint64) suggestion->silhouette_sample) : NULL);
      seg_cli_json_add_node (builder, "scores", seg_cli_table_to_json (table));
      seg_cli_json_add_int (builder, "recommended_k", suggestion->recommended);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    {
      seg_cli_table_print_text (table);
      if (suggestion->silhouette_sample > 0)
        g_print (_("(silhouettes measured on a sample of %zu of the %zu rows)\n"),
                 suggestion->silhouette_sample, suggestion->rows);
      g_print (_("Recommended: k = %d, the best silhouette\n"), suggestion->recommended);
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_suggest_k = {
  "suggest-k", "", N_("Compare numbers of clusters and recommend one"),
  N_("— compare numbers of clusters"),
  N_("Runs k-means for each k from --k-min to --k-max and prints the inertia (for the elbow plot), the silhouette, the Calinski–Harabasz and the Davies–Bouldin index of each, and recommends the k with the best silhouette. Nothing is written to the project."),
  suggest_k_entries, FALSE, NULL, suggest_k_check, suggest_k_run,
};

/* k-distance */

static int k_distance_min_points = 5;
static int k_distance_points = 20;

static const GOptionEntry k_distance_entries[] = {
  DATA_ENTRIES,
  { "min-points", 0, 0, G_OPTION_ARG_INT, &k_distance_min_points, N_("DBSCAN’s min-points, the row itself counted (default 5)"), N_("M") },
  { "points", 0, 0, G_OPTION_ARG_INT, &k_distance_points, N_("How many points of the curve to print (default 20; 0 for all)"), N_("N") },
  { NULL }
};

static int
k_distance_check (int    argc,
                  char **argv)
{
  int status;

  if ((status = check_data_options ("k-distance", argc, argv)) != SEG_CLI_EXIT_OK)
    return status;
  if (k_distance_min_points < 1 || k_distance_points < 0)
    return seg_cli_usage_error (_("--min-points must be 1 or more and --points 0 or more"));

  return SEG_CLI_EXIT_OK;
}

/* Evenly spaced points of the curve, and the knee among them. */
static GArray *
curve_points (const SegKDistance *curve,
              int                 points)
{
  GArray *shown = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize count = points == 0 || (gsize) points >= curve->n ? curve->n : (gsize) points;
  gboolean knee_added = FALSE;

  for (gsize i = 0; i < count; i++)
    {
      gsize index = count > 1 ? i * (curve->n - 1) / (count - 1) : 0;

      if (!knee_added && index >= curve->knee)
        {
          if (index != curve->knee)
            g_array_append_val (shown, curve->knee);
          knee_added = TRUE;
        }
      g_array_append_val (shown, index);
    }

  return shown;
}

static int
k_distance_run (SegProject  *project,
                int          argc,
                char       **argv)
{
  g_autoptr(SegCliTable) table = seg_cli_table_new (_("row|distance| "), "index|distance|mark", "rrl");
  g_autoptr(SegDataset) dataset = NULL;
  g_autoptr(SegKDistance) curve = NULL;
  g_autoptr(GArray) shown = NULL;
  g_autoptr(GError) error = NULL;

  dataset = load_dataset (project, &error);
  if (dataset != NULL)
    curve = seg_dataset_k_distance (dataset, k_distance_min_points, NULL, &error);
  if (curve == NULL)
    return seg_cli_fail (error);

  shown = curve_points (curve, k_distance_points);
  for (guint i = 0; i < shown->len; i++)
    {
      gsize index = g_array_index (shown, gsize, i);

      seg_cli_table_begin_row (table, NULL);
      seg_cli_table_add (table, "index", seg_cli_json_int ((gint64) index), g_strdup_printf ("%zu", index + 1));
      seg_cli_table_add (table, "distance", seg_cli_json_double (curve->distances[index]),
                         g_strdup_printf ("%.4f", curve->distances[index]));
      seg_cli_table_add (table, "mark", NULL, g_strdup (index == curve->knee ? _("← knee") : ""));
    }

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_string (builder, "table", data.table);
      seg_cli_json_add_int (builder, "rows", (gint64) curve->n);
      seg_cli_json_add_int (builder, "min_points", k_distance_min_points);
      seg_cli_json_add_int (builder, "knee", (gint64) curve->knee);
      seg_cli_json_add_double (builder, "eps", curve->eps);
      seg_cli_json_add_node (builder, "curve", seg_cli_table_to_json (table));
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    {
      seg_cli_table_print_text (table);
      g_print (_("Knee at row %zu of %zu: try --eps %.4g with --min-points %d\n"),
               curve->knee + 1, curve->n, curve->eps, k_distance_min_points);
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_k_distance = {
  "k-distance", "", N_("Show the k-distance curve that helps choose DBSCAN’s eps"),
  N_("— the k-distance curve, to choose DBSCAN’s eps"),
  N_("Sorts every row’s distance to its min-points-th nearest row (itself the first), after the same preprocessing as cluster, and finds the knee of that curve: a good eps to start DBSCAN from."),
  k_distance_entries, FALSE, NULL, k_distance_check, k_distance_run,
};

/* profile */

static char *profile_product;

static const GOptionEntry profile_entries[] = {
  { "product", 0, 0, G_OPTION_ARG_STRING, &profile_product, N_("The product column of the order lines (default: one named like sku or product_id)"), N_("COLUMN") },
  { NULL }
};

static int
profile_check (int    argc,
               char **argv)
{
  return seg_cli_check_run_id (argc, argv, _("profile: give one run number (see “runs”)"),
                               _("profile: “%s” is not a run number"));
}

/* A cluster's features: a row each, an object by name in JSON. */
static SegCliTable *
feature_table (SegProfile        *profile,
               SegClusterProfile *cluster)
{
  SegCliTable *table = seg_cli_table_new (_("  column|mean|median|z"), "column|mean|median|z", "lrrr");

  seg_cli_table_set_shape (table, SEG_CLI_ROWS_BY_NAME);
  for (guint j = 0; profile->features[j] != NULL; j++)
    {
      SegFeatureStat *stat = &g_array_index (cluster->features, SegFeatureStat, j);

      seg_cli_table_begin_row (table, profile->features[j]);
      seg_cli_table_add (table, "column", NULL, g_strdup_printf ("  %s", profile->features[j]));
      seg_cli_table_add (table, "mean", seg_cli_json_double_or_null (stat->mean), g_strdup_printf ("%.2f", stat->mean));
      seg_cli_table_add (table, "median", seg_cli_json_double_or_null (stat->median), g_strdup_printf ("%.2f", stat->median));
      seg_cli_table_add (table, "z", seg_cli_json_double_or_null (stat->z), g_strdup_printf ("%+.2f", stat->z));
    }

  return table;
}

static void
add_cluster_json (JsonBuilder       *builder,
                  SegProfile        *profile,
                  SegClusterProfile *cluster)
{
  g_autoptr(SegCliTable) features = feature_table (profile, cluster);

  json_builder_begin_object (builder);
  seg_cli_json_add_node (builder, "cluster", cluster->cluster > 0 ? seg_cli_json_int (cluster->cluster) : NULL);
  seg_cli_json_add_string (builder, "name", cluster->name);
  seg_cli_json_add_int (builder, "size", cluster->size);
  seg_cli_json_add_double (builder, "share", cluster->share);
  seg_cli_json_add_node (builder, "revenue_share", seg_cli_json_double_or_null (cluster->revenue_share));
  seg_cli_json_add_node (builder, "features", seg_cli_table_to_json (features));
  json_builder_set_member_name (builder, "top_products");
  json_builder_begin_array (builder);
  for (guint p = 0; p < cluster->products->len; p++)
    {
      SegTopProduct *top = g_ptr_array_index (cluster->products, p);

      json_builder_begin_object (builder);
      seg_cli_json_add_string (builder, "product", top->product);
      seg_cli_json_add_node (builder, "name", top->label != NULL ? seg_cli_json_string (top->label) : NULL);
      seg_cli_json_add_int (builder, "buyers", top->buyers);
      seg_cli_json_add_double (builder, "share", top->share);
      seg_cli_json_add_node (builder, "lift", seg_cli_json_double_or_null (top->lift));
      seg_cli_json_add_double (builder, "revenue", top->revenue);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_cluster (SegProfile        *profile,
               SegClusterProfile *cluster)
{
  g_autoptr(SegCliTable) features = feature_table (profile, cluster);

  g_print ("\n");
  if (cluster->cluster > 0)
    g_print (_("Cluster %d · %s\n"), cluster->cluster, cluster->name);
  else
    g_print ("%s\n", cluster->name);
  g_print (_("  %" PRId64 " rows (%.1f%%)"), cluster->size, 100 * cluster->share);
  if (isfinite (cluster->revenue_share))
    g_print (_(", %.1f%% of revenue"), 100 * cluster->revenue_share);
  g_print ("\n");
  seg_cli_table_print_text (features);

  if (cluster->products->len == 0)
    return;
  g_print (_("  Bought most (share of the cluster’s customers, lift against everyone):\n"));
  for (guint p = 0; p < cluster->products->len; p++)
    {
      SegTopProduct *top = g_ptr_array_index (cluster->products, p);

      g_print ("    %s%s%s  %.0f%%  ×%.1f\n", top->product,
               top->label != NULL ? " " : "", top->label != NULL ? top->label : "",
               100 * top->share, top->lift);
    }
}

static int
profile_run (SegProject  *project,
             int          argc,
             char       **argv)
{
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  seg_cli_parse_run_id (argv[1], &id);
  profile = seg_project_profile (project, id, profile_product, &error);
  if (profile == NULL)
    return seg_cli_fail (error);

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", profile->run);
      seg_cli_json_add_string (builder, "table", profile->table);
      seg_cli_json_add_node (builder, "revenue_column", profile->revenue != NULL ? seg_cli_json_string (profile->revenue) : NULL);
      json_builder_set_member_name (builder, "overall");
      json_builder_begin_object (builder);
      for (guint j = 0; profile->features[j] != NULL; j++)
        {
          json_builder_set_member_name (builder, profile->features[j]);
          json_builder_begin_object (builder);
          seg_cli_json_add_node (builder, "mean", seg_cli_json_double_or_null (profile->overall_mean[j]));
          seg_cli_json_add_node (builder, "sd", seg_cli_json_double_or_null (profile->overall_sd[j]));
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "clusters");
      json_builder_begin_array (builder);
      for (guint c = 0; c < profile->clusters->len; c++)
        add_cluster_json (builder, profile, g_ptr_array_index (profile->clusters, c));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    {
      g_print (_("Run %" PRId64 ", table “%s”\n"), profile->run, profile->table);
      for (guint c = 0; c < profile->clusters->len; c++)
        print_cluster (profile, g_ptr_array_index (profile->clusters, c));
    }

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_profile = {
  "profile", N_("RUN"), N_("Describe the clusters of a run"),
  N_("RUN — describe the clusters of a run"),
  N_("For each cluster: its size and share, the mean, median and z-score of each number column, its share of revenue, a plain name and, for customers scored from order lines, the products they buy most."),
  profile_entries, FALSE, NULL, profile_check, profile_run,
};
