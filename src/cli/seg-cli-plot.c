/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-cli-commands.h"
#include "seg-charts.h"
#include "seg-palette.h"
#include "seg-profile.h"
#include "seg-run-points.h"
#include "seg-scatter.h"

/* A run drawn as a chart. */

typedef struct
{
  SegScatter         scatter;
  SegSilhouettePlot  silhouette;
} Chart;

static void
draw_map (cairo_t  *cr,
          double    width,
          double    height,
          gpointer  user_data)
{
  seg_scatter_draw (cr, &((Chart *) user_data)->scatter, width, height, NULL);
}

static void
draw_silhouette (cairo_t  *cr,
                 double    width,
                 double    height,
                 gpointer  user_data)
{
  seg_silhouette_plot_draw (cr, &((Chart *) user_data)->silhouette, width, height);
}

static struct
{
  char *kind;
  char *output;
  int   width;
  int   height;
} plot = { NULL, NULL, 900, 600 };

static const GOptionEntry plot_entries[] = {
  { "kind", 'k', 0, G_OPTION_ARG_STRING, &plot.kind, N_("The chart: the clusters on the 2-D map, or each row’s silhouette (default map)"), N_("map|silhouette") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &plot.output, N_("The file to write: .png, .svg or .pdf"), N_("FILE") },
  { "width", 0, 0, G_OPTION_ARG_INT, &plot.width, N_("Width in pixels, or points for SVG and PDF (default 900)"), N_("N") },
  { "height", 0, 0, G_OPTION_ARG_INT, &plot.height, N_("Height (default 600)"), N_("N") },
  { NULL }
};

static int
plot_check (int    argc,
            char **argv)
{
  int status = seg_cli_check_run_id (argc, argv, _("plot: give one run number (see “runs”)"),
                                     _("plot: “%s” is not a run number"));

  if (status != SEG_CLI_EXIT_OK)
    return status;
  if (plot.output == NULL)
    return seg_cli_usage_error (_("plot: --output is required"));
  if (plot.kind != NULL && !g_str_equal (plot.kind, "map") && !g_str_equal (plot.kind, "silhouette"))
    return seg_cli_usage_error (_("--kind: “%s” is not map or silhouette"), plot.kind);
  if (plot.width < 200 || plot.width > 10000 || plot.height < 150 || plot.height > 10000)
    return seg_cli_usage_error (_("--width and --height: give 200 to 10000 and 150 to 10000"));

  return SEG_CLI_EXIT_OK;
}

/* Seconds spent reading the rows, the clusters' names, and drawing and
 * writing the file, for --json. */
static double timing_load, timing_profile, timing_draw;

static gboolean
export_map (SegProject    *project,
            SegRunPoints  *points,
            SegRunRecord  *record,
            GError       **error)
{
  gint64 start = g_get_monotonic_time ();
  /* The names only, from the figures the run stored: no order lines. */
  g_autoptr(SegProfile) profile = seg_project_profile_full (project, record->id, NULL, FALSE, NULL);
  g_auto(GStrv) names = seg_run_points_legend (points, profile, TRUE);
  g_autofree char *x_label = seg_run_points_axis_label (points, 1);
  g_autofree char *y_label = seg_run_points_axis_label (points, 2);
  g_autofree char *title = NULL;
  /* The colours the window gives the segments, from their profiles. */
  g_autofree guint *colors = profile != NULL ? seg_profile_palette (profile, points->n_clusters) : NULL;
  gboolean noise = FALSE;
  Chart chart = { 0 };

  for (size_t i = 0; i < points->n && !noise; i++)
    noise = points->labels[i] < 0;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Run %" PRId64 " · %s · %u cluster",
                                        "Run %" PRId64 " · %s · %u clusters",
                                        points->n_clusters),
                           record->id, record->algorithm, points->n_clusters);
  chart.scatter = (SegScatter) {
    .n = points->n,
    .x = points->x,
    .y = points->y,
    .labels = points->labels,
    .n_clusters = points->n_clusters,
    .names = (const char *const *) names,
    .noise_name = noise ? _("Noise") : NULL,
    .centroids = points->centroids,
    .axes = { title, x_label, y_label, NULL, FALSE },
    .legend = TRUE,
    .colors = colors,
  };
  seg_scatter_fit (&chart.scatter);
  timing_profile = (g_get_monotonic_time () - start) / 1e6;

  return seg_plot_export (plot.output, plot.width, plot.height, draw_map, &chart, error);
}

static gboolean
export_silhouette (SegRunPoints  *points,
                   gint64         id,
                   GError       **error)
{
  g_autofree char *title = g_strdup_printf (_("Silhouette of run %" PRId64 " · average %.3f"), id, points->silhouette_mean);
  Chart chart = { 0 };

  chart.silhouette = (SegSilhouettePlot) {
    .n = points->n,
    .values = points->silhouette,
    .labels = points->labels,
    .n_clusters = points->n_clusters,
    .average = points->silhouette_mean,
    .axes = { title, _("Silhouette: how much nearer each row is to its own cluster than to the next"), _("Cluster"), NULL, TRUE },
  };

  return seg_plot_export (plot.output, plot.width, plot.height, draw_silhouette, &chart, error);
}

static int
plot_run (SegProject  *project,
          int          argc,
          char       **argv)
{
  g_autoptr(SegRunPoints) points = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean map = plot.kind == NULL || g_str_equal (plot.kind, "map");
  gint64 id, start = g_get_monotonic_time (), loaded;

  seg_cli_parse_run_id (argv[1], &id);
  points = seg_project_load_run_map (project, id, &error);
  if (points != NULL)
    record = seg_project_get_run (project, id, &error);
  loaded = g_get_monotonic_time ();
  timing_load = (loaded - start) / 1e6;
  if (record == NULL ||
      !(map ? export_map (project, points, record, &error) : export_silhouette (points, id, &error)))
    return seg_cli_fail (error);
  timing_draw = (g_get_monotonic_time () - loaded) / 1e6 - timing_profile;

  if (seg_cli_global.json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      seg_cli_json_add_int (builder, "run", id);
      seg_cli_json_add_string (builder, "kind", plot.kind != NULL ? plot.kind : "map");
      seg_cli_json_add_string (builder, "output", plot.output);
      seg_cli_json_add_int (builder, "rows", (gint64) points->n);
      json_builder_set_member_name (builder, "timings");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "load");
      json_builder_add_double_value (builder, timing_load);
      json_builder_set_member_name (builder, "profile");
      json_builder_add_double_value (builder, timing_profile);
      json_builder_set_member_name (builder, "draw");
      json_builder_add_double_value (builder, timing_draw);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      seg_cli_print_builder (builder);
    }
  else if (!seg_cli_global.quiet)
    g_print (_("Wrote %s\n"), plot.output);

  return SEG_CLI_EXIT_OK;
}

const SegCliCommand seg_cli_plot = {
  "plot", N_("RUN"), N_("Draw a run’s clusters or silhouettes as PNG, SVG or PDF"),
  N_("RUN — draw a run as a chart"),
  N_("Draws a clustering run: its rows on the map of the first two principal components, coloured by cluster with each cluster’s centre, or the silhouette plot."),
  plot_entries, FALSE, NULL, plot_check, plot_run,
};
