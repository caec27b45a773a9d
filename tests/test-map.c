/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "seg-dendrogram-view.h"
#include "seg-error.h"
#include "seg-map-panel.h"
#include "seg-palette.h"
#include "seg-run.h"
#include "seg-run-axes.h"
#include "seg-run-points.h"
#include "seg-test-utils.h"
#include "seg-window.h"
#include "seg-window-private.h"

/*
 * The map at scale: the legend, adding to and taking from a selection,
 * other columns as axes, the tree of a hierarchical run and the colours
 * that follow a segment's profile.
 */

/* Three groups far apart in (spend, visits), sizes 40, 25 and 15; the
 * biggest spenders are the fewest. A returns column, left out of the
 * clustering, has zeros, so it cannot go on a log scale. */
static char *
groups_csv (void)
{
  GString *csv = g_string_new ("customer,spend,visits,returns,channel\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  static const struct { double spend, visits; int size; } groups[] = {
    { 100, 2, 40 }, { 1000, 20, 25 }, { 6000, 6, 15 },
  };
  int id = 1;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (int i = 0; i < groups[g].size; i++, id++)
      g_string_append_printf (csv, "C%03d,%.2f,%.2f,%d,%s\n", id,
                              groups[g].spend * (1 + g_rand_double_range (rand, -0.1, 0.1)),
                              groups[g].visits + g_rand_double_range (rand, -1, 1),
                              id % 4, id % 2 ? "web" : "shop");
  return g_string_free (csv, FALSE);
}

static gint64
run_model (ProjectFixture *fixture,
           const char     *algorithm,
           const char     *k,
           const char     *seed)
{
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id (algorithm, NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (model);
  run = seg_run_new (fixture->project, model, "customers", columns);
  g_assert_true (seg_model_set_param (seg_run_get_model (run), "k", k, &error));
  if (seed != NULL)
    g_assert_true (seg_model_set_param (seg_run_get_model (run), "seed", seed, &error));
  g_assert_no_error (error);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return seg_run_get_record (run)->id;
}

static void
import_groups (ProjectFixture *fixture)
{
  g_autoptr(SegImportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = groups_csv ();

  summary = import_text (fixture, "customers", csv, -1, &error);
  g_assert_no_error (error);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
done (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Activates a button as the keyboard does (Space or Enter): GTK shows it
 * pressed for a moment, then clicks it. */
static void
press (GtkWidget *button)
{
  gboolean over = FALSE;

  g_assert_true (gtk_widget_activate (button));
  g_timeout_add (400, done, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

/* A window with the map panel showing a run. */
static GtkWidget *
show_run (ProjectFixture *fixture,
          gint64          id,
          SegMapPanel   **panel_out)
{
  g_autoptr(SegRunView) view = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  SegMapPanel *panel = g_object_new (SEG_TYPE_MAP_PANEL, NULL);
  GStrv names;

  view = seg_project_load_run_view (fixture->project, id, NULL, &error);
  g_assert_no_error (error);
  names = seg_run_points_legend (view->points, view->profile, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  seg_map_view_set_points (seg_map_panel_get_map_view (panel), g_steal_pointer (&view->points), names, "Map");
  seg_map_panel_set_run (panel, fixture->project, id);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  *panel_out = panel;
  return window;
}

static gsize
cluster_size (const SegRunPoints *points,
              int                 cluster)
{
  gsize size = 0;

  for (gsize i = 0; i < points->n; i++)
    size += points->labels[i] == cluster;
  return size;
}

/* A rectangle around every point of the view, in data coordinates. */
static gsize
select_everything (SegMapView    *map,
                   SegSelectMode  mode)
{
  SegRange xr, yr;

  seg_map_view_get_range (map, &xr, &yr);
  return seg_map_view_select_rectangle (map, xr.lo, yr.lo, xr.hi, yr.hi, mode);
}

static void
test_legend_toggle (ProjectFixture *fixture,
                    gconstpointer   data)
{
  SegMapPanel *panel;
  GtkWidget *window;
  SegMapView *map;
  SegMapLegend *legend;
  const SegRunPoints *points;
  GtkWidget *toggle, *select;
  gsize first, second;

  import_groups (fixture);
  window = show_run (fixture, run_model (fixture, "kmeans", "3", NULL), &panel);
  map = seg_map_panel_get_map_view (panel);
  legend = seg_map_panel_get_legend (panel);
  points = seg_map_view_get_points (map);
  first = cluster_size (points, 0);
  second = cluster_size (points, 1);

  /* A toggle per segment, reachable from the keyboard, with its name. */
  toggle = seg_map_legend_get_toggle (legend, 0);
  g_assert_nonnull (toggle);
  g_assert_nonnull (seg_map_legend_get_toggle (legend, 2));
  g_assert_null (seg_map_legend_get_toggle (legend, 3));
  g_assert_true (gtk_widget_get_focusable (toggle));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));

  /* Switching it off hides the segment: not drawn, not selectable. */
  press (toggle);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_false (seg_map_view_get_cluster_visible (map, 0));
  g_assert_true (seg_map_view_get_cluster_visible (map, 1));
  g_assert_cmpuint (select_everything (map, SEG_SELECT_REPLACE), ==, points->n - first);
  g_assert_cmpuint (seg_map_view_select_cluster_with (map, 0, SEG_SELECT_ADD), ==, points->n - first);
  for (gsize i = 0; i < points->n; i++)
    if (points->labels[i] == 0)
      {
        SegPlotFrame frame;

        g_assert_true (seg_map_view_get_frame (map, &frame));
        g_assert_cmpint (seg_map_view_point_at (map, seg_plot_frame_sx (&frame, points->x[i]),
                                                seg_plot_frame_sy (&frame, points->y[i])), !=, (gssize) i);
        break;
      }

  /* Shown again, and hiding a selected segment takes it out of the
   * selection. */
  press (toggle);
  g_assert_true (seg_map_view_get_cluster_visible (map, 0));
  g_assert_cmpuint (select_everything (map, SEG_SELECT_REPLACE), ==, points->n);
  seg_map_view_set_cluster_visible (map, 1, FALSE);
  g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, points->n - second);
  /* The legend follows a change made elsewhere. */
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (seg_map_legend_get_toggle (legend, 1))));
  seg_map_view_set_cluster_visible (map, 1, TRUE);

  /* A legend entry's select button selects its segment. */
  seg_map_view_clear_selection (map);
  select = seg_map_legend_get_select (legend, 1);
  g_assert_nonnull (select);
  press (select);
  g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, second);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_add_subtract (ProjectFixture *fixture,
                   gconstpointer   data)
{
  SegMapPanel *panel;
  GtkWidget *window;
  SegMapView *map;
  SegMapLegend *legend;
  const SegRunPoints *points;
  GtkToggleButton *add, *subtract, *replace;
  gsize first, second, third;
  guint notified = 0;
  SegRange xr, yr;
  double mid;

  import_groups (fixture);
  window = show_run (fixture, run_model (fixture, "kmeans", "3", NULL), &panel);
  map = seg_map_panel_get_map_view (panel);
  legend = seg_map_panel_get_legend (panel);
  points = seg_map_view_get_points (map);
  first = cluster_size (points, 0);
  second = cluster_size (points, 1);
  third = cluster_size (points, 2);
  g_signal_connect_swapped (map, "notify::n-selected", G_CALLBACK (g_atomic_int_inc), &notified);

  /* Explicit modes, as Shift and Ctrl give them. */
  g_assert_cmpuint (seg_map_view_select_cluster_with (map, 0, SEG_SELECT_REPLACE), ==, first);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (seg_map_view_select_cluster_with (map, 1, SEG_SELECT_ADD), ==, first + second);
  g_assert_cmpuint (seg_map_view_select_cluster_with (map, 1, SEG_SELECT_ADD), ==, first + second);
  g_assert_cmpuint (seg_map_view_select_cluster_with (map, 0, SEG_SELECT_SUBTRACT), ==, second);
  g_assert_cmpuint (seg_map_view_select_cluster_with (map, 2, SEG_SELECT_SUBTRACT), ==, second);
  g_assert_cmpuint (notified, ==, 5);
  for (gsize i = 0; i < points->n; i++)
    g_assert_true (!!seg_map_view_get_selection (map)[i] == (points->labels[i] == 1));

  /* Lassos too: everything, then the left half away. */
  g_assert_cmpuint (select_everything (map, SEG_SELECT_ADD), ==, points->n);
  seg_map_view_get_range (map, &xr, &yr);
  mid = (xr.lo + xr.hi) / 2;
  {
    gsize left = 0, count;

    for (gsize i = 0; i < points->n; i++)
      left += points->x[i] < mid;
    count = seg_map_view_select_rectangle (map, xr.lo, yr.lo, mid, yr.hi, SEG_SELECT_SUBTRACT);
    g_assert_cmpuint (count, ==, points->n - left);
    g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, count);
  }

  /* The toolbar's mode buttons, for touchpads: the legend and a plain
   * lasso then add or take away without a key held. */
  replace = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "replace_button"));
  add = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "add_button"));
  subtract = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "subtract_button"));
  g_assert_true (gtk_toggle_button_get_active (replace));
  seg_map_view_clear_selection (map);
  gtk_toggle_button_set_active (add, TRUE);
  g_assert_cmpint (seg_map_view_get_select_mode (map), ==, SEG_SELECT_ADD);
  press (seg_map_legend_get_select (legend, 0));
  press (seg_map_legend_get_select (legend, 2));
  g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, first + third);
  gtk_toggle_button_set_active (subtract, TRUE);
  g_assert_cmpint (seg_map_view_get_select_mode (map), ==, SEG_SELECT_SUBTRACT);
  press (seg_map_legend_get_select (legend, 0));
  g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, third);
  {
    SegRange all_x, all_y;
    double everything[8];

    seg_map_view_get_range (map, &all_x, &all_y);
    everything[0] = all_x.lo, everything[1] = all_y.lo, everything[2] = all_x.hi, everything[3] = all_y.lo;
    everything[4] = all_x.hi, everything[5] = all_y.hi, everything[6] = all_x.lo, everything[7] = all_y.hi;
    g_assert_cmpuint (seg_map_view_select_polygon (map, everything, 4), ==, 0);
  }
  /* The buttons follow the view. */
  seg_map_view_set_select_mode (map, SEG_SELECT_REPLACE);
  g_assert_true (gtk_toggle_button_get_active (replace));
  seg_map_view_set_tool (map, SEG_MAP_TOOL_RECTANGLE);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "rectangle_button"))));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_axes (ProjectFixture *fixture,
           gconstpointer   data)
{
  SegMapPanel *panel;
  GtkWidget *window;
  SegMapView *map;
  const SegRunPoints *points;
  g_auto(GStrv) columns = NULL;
  g_autoptr(GError) error = NULL;
  GtkDropDown *x_dropdown, *y_dropdown;
  GtkCheckButton *x_log;
  GtkLabel *note;
  SegRange xr, yr;
  double lo = INFINITY, hi = -INFINITY;
  gsize selected;

  import_groups (fixture);
  window = show_run (fixture, run_model (fixture, "kmeans", "3", NULL), &panel);
  map = seg_map_panel_get_map_view (panel);
  points = seg_map_view_get_points (map);

  /* The columns clustered on, and the other number columns of the
   * input; not the text, the key or the run's own. */
  columns = seg_map_panel_get_columns (panel);
  g_assert_true (g_strv_contains ((const char *const *) columns, "spend"));
  g_assert_true (g_strv_contains ((const char *const *) columns, "visits"));
  g_assert_true (g_strv_contains ((const char *const *) columns, "returns"));
  g_assert_false (g_strv_contains ((const char *const *) columns, "channel"));
  g_assert_false (g_strv_contains ((const char *const *) columns, "pc1"));
  g_assert_false (g_strv_contains ((const char *const *) columns, "cluster"));

  /* Spend on a log scale across, returns up. */
  g_assert_true (seg_map_panel_set_axes (panel, "spend", "returns", TRUE, FALSE, &error));
  g_assert_no_error (error);
  seg_map_view_get_range (map, &xr, &yr);
  /* Spend runs from about 90 to 6,600: 1.95 to 3.82 in logarithms. */
  g_assert_cmpfloat (xr.lo, >, 1.7);
  g_assert_cmpfloat (xr.lo, <, 2.0);
  g_assert_cmpfloat (xr.hi, >, 3.8);
  g_assert_cmpfloat (xr.hi, <, 4.0);
  g_assert_cmpfloat (yr.lo, <, 0);
  g_assert_cmpfloat (yr.hi, >, 3);
  /* Selection works on the axes shown: returns ≥ 2.5 is a quarter. */
  selected = seg_map_view_select_rectangle (map, xr.lo, 2.5, xr.hi, yr.hi, SEG_SELECT_REPLACE);
  g_assert_cmpuint (selected, ==, 20);

  /* Returns has zeros: no log scale, with the reason. */
  g_assert_false (seg_map_panel_set_axes (panel, "spend", "returns", FALSE, TRUE, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION);
  g_assert_nonnull (strstr (error->message, "above zero"));
  g_assert_nonnull (strstr (error->message, "returns"));
  g_clear_error (&error);
  /* And the axes as they were. */
  seg_map_view_get_range (map, &xr, &yr);
  g_assert_cmpfloat (xr.hi, <, 4.0);

  /* Through the drop-downs: the log switch of returns is off, and says
   * why. */
  x_dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "x_dropdown"));
  y_dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "y_dropdown"));
  x_log = GTK_CHECK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "x_log"));
  note = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (panel), SEG_TYPE_MAP_PANEL, "axes_note"));
  for (guint i = 0; columns[i] != NULL; i++)
    if (g_str_equal (columns[i], "returns"))
      gtk_drop_down_set_selected (x_dropdown, i + 1);
  for (guint i = 0; columns[i] != NULL; i++)
    if (g_str_equal (columns[i], "visits"))
      gtk_drop_down_set_selected (y_dropdown, i + 1);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (x_log)));
  g_assert_nonnull (strstr (gtk_label_get_label (note), "above zero"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  for (gsize i = 0; i < points->n; i++)
    {
      lo = MIN (lo, points->x[i]);
      hi = MAX (hi, points->x[i]);
    }
  seg_map_view_get_range (map, &xr, &yr);
  g_assert_cmpfloat (xr.lo, <, 0);
  g_assert_cmpfloat (xr.hi, >, 3);
  g_assert_cmpfloat (xr.hi, <, 3.5);

  /* Back to the map. */
  gtk_drop_down_set_selected (x_dropdown, 0);
  seg_map_view_get_range (map, &xr, &yr);
  g_assert_cmpfloat (xr.lo, <=, lo);
  g_assert_cmpfloat (xr.hi, >=, hi);
  g_assert_cmpfloat (xr.hi - xr.lo, <, (hi - lo) * 1.2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_cut (SegDendrogramView *view,
        guint              k,
        guint             *chosen)
{
  *chosen = k;
}

static void
test_dendrogram_cut (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegRun) again = NULL;
  g_autoptr(SegRunPoints) points = NULL;
  g_autoptr(SegRunRecord) record = NULL;
  GtkWidget *window = gtk_window_new ();
  SegDendrogramView *view = SEG_DENDROGRAM_VIEW (seg_dendrogram_view_new ());
  gint64 kmeans, hierarchical;
  guint chosen = 0;
  double h5, y;

  import_groups (fixture);
  kmeans = run_model (fixture, "kmeans", "3", NULL);
  hierarchical = run_model (fixture, "hierarchical", "3", NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (view, "cut-chosen", G_CALLBACK (on_cut), &chosen);

  /* A k-means run has no tree. */
  points = seg_project_load_run_points (fixture->project, kmeans, &error);
  g_assert_false (seg_dendrogram_view_set_run (view, fixture->project, kmeans, points, &error));
  g_assert_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_TABLE);
  g_clear_error (&error);
  g_clear_pointer (&points, seg_run_points_free);

  points = seg_project_load_run_points (fixture->project, hierarchical, &error);
  g_assert_true (seg_dendrogram_view_set_run (view, fixture->project, hierarchical, points, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpuint (seg_dendrogram_view_get_k (view), ==, 3);
  g_assert_cmpuint (seg_dendrogram_view_get_run_k (view), ==, 3);
  /* Each row is in its own segment; the root joins all three; the
   * three nodes just below the run's cut are one segment each. */
  for (gsize i = 0; i < points->n; i++)
    g_assert_cmpint (seg_dendrogram_view_get_node_segment (view, (gint64) i), ==, points->labels[i]);
  g_assert_cmpint (seg_dendrogram_view_get_node_segment (view, 2 * (gint64) points->n - 2), ==, -1);
  g_assert_cmpint (seg_dendrogram_view_get_node_segment (view, 2 * (gint64) points->n - 3), ==, -1);
  g_assert_cmpint (seg_dendrogram_view_get_node_segment (view, 2 * (gint64) points->n - 4), >=, 0);
  g_clear_pointer (&points, seg_run_points_free);
  /* Letting go where the run cut asks for nothing. */
  seg_dendrogram_view_apply (view);
  g_assert_cmpuint (chosen, ==, 0);

  /* Dragging the cut down makes more segments, up fewer. */
  seg_dendrogram_view_set_k (view, 5);
  g_assert_cmpuint (seg_dendrogram_view_get_k (view), ==, 5);
  h5 = seg_dendrogram_view_get_cut_height (view);
  seg_dendrogram_view_set_cut_height (view, h5 * 1000);
  g_assert_cmpuint (seg_dendrogram_view_get_k (view), ==, 2);
  seg_dendrogram_view_set_cut_height (view, 0);
  g_assert_cmpuint (seg_dendrogram_view_get_k (view), >, 5);
  g_assert_true (seg_dendrogram_view_get_cut_y (view, h5, &y));
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (y, <, 600);

  /* One fewer, as Up gives. */
  seg_dendrogram_view_set_k (view, 5);
  seg_dendrogram_view_set_k (view, seg_dendrogram_view_get_k (view) - 1);
  g_assert_cmpuint (seg_dendrogram_view_get_k (view), ==, 4);
  seg_dendrogram_view_set_k (view, 5);

  /* Letting go at 5 asks for 5, as a new run of the same model. */
  seg_dendrogram_view_apply (view);
  g_assert_cmpuint (chosen, ==, 5);
  again = seg_dendrogram_new_run (fixture->project, hierarchical, chosen, &error);
  g_assert_no_error (error);
  g_assert_true (seg_run_execute (again, NULL, &error));
  g_assert_no_error (error);
  points = seg_project_load_run_points (fixture->project, seg_run_get_record (again)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->n_clusters, ==, 5);
  g_assert_cmpuint (points->n, ==, 80);
  record = seg_project_get_run (fixture->project, seg_run_get_record (again)->id, &error);
  g_assert_cmpstr (record->algorithm, ==, "hierarchical");
  g_assert_cmpstr (record->input_table, ==, "customers");
  /* The run it came from is as it was. */
  g_clear_pointer (&points, seg_run_points_free);
  points = seg_project_load_run_points (fixture->project, hierarchical, &error);
  g_assert_cmpuint (points->n_clusters, ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_idle (SegSegmentsPage *page)
{
  return !seg_segments_page_get_busy (page) && !seg_segments_page_get_loading (page);
}

static void
wait_for_page (SegSegmentsPage *page)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!page_idle (page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  iterate ();
}

/* In the window: a hierarchical run has a Tree page, a k-means run none;
 * letting the cut go at five runs the model again through the window's
 * run manager and shows the new run. */
static void
test_tree_in_window (ProjectFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  SegWindow *window;
  SegSegmentsPage *page;
  SegDendrogramView *tree;
  GtkStackPage *tree_page;
  const SegRunPoints *points;

  import_groups (fixture);
  run_model (fixture, "kmeans", "3", NULL);
  run_model (fixture, "hierarchical", "3", NULL);

  window = g_object_new (SEG_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (seg_window_open_project (window, fixture->path, &error));
  g_assert_no_error (error);
  seg_window_set_view (window, "segments");
  page = seg_window_get_segments_page (window);
  wait_for_page (page);
  tree = SEG_DENDROGRAM_VIEW (gtk_widget_get_template_child (GTK_WIDGET (page), SEG_TYPE_SEGMENTS_PAGE,
                                                             "dendrogram_view"));
  tree_page = GTK_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (page), SEG_TYPE_SEGMENTS_PAGE, "tree_page"));

  /* The newest run, the hierarchical one, is shown with its tree. */
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 2);
  g_assert_true (gtk_stack_page_get_visible (tree_page));
  g_assert_cmpint (seg_dendrogram_view_get_run (tree), ==, 2);
  g_assert_cmpuint (seg_dendrogram_view_get_k (tree), ==, 3);

  seg_page_show_run (SEG_PAGE (page), 1);
  wait_for_page (page);
  g_assert_false (gtk_stack_page_get_visible (tree_page));
  seg_page_show_run (SEG_PAGE (page), 2);
  wait_for_page (page);
  g_assert_true (gtk_stack_page_get_visible (tree_page));

  seg_dendrogram_view_set_k (tree, 5);
  seg_dendrogram_view_apply (tree);
  g_assert_true (seg_segments_page_get_busy (page));
  wait_for_page (page);
  g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 3);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 3);
  points = seg_map_view_get_points (seg_segments_page_get_map_view (page));
  g_assert_cmpuint (points->n_clusters, ==, 5);
  g_assert_cmpuint (seg_dendrogram_view_get_k (tree), ==, 5);
  g_assert_cmpuint (seg_dendrogram_view_get_run_k (tree), ==, 5);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* Shift adds and Ctrl takes away, whatever the toolbar says; without
 * either, the toolbar's mode holds. */
static void
test_modifiers (void)
{
  g_assert_cmpint (seg_select_mode_for_modifiers (0, SEG_SELECT_REPLACE), ==, SEG_SELECT_REPLACE);
  g_assert_cmpint (seg_select_mode_for_modifiers (0, SEG_SELECT_SUBTRACT), ==, SEG_SELECT_SUBTRACT);
  g_assert_cmpint (seg_select_mode_for_modifiers (GDK_SHIFT_MASK, SEG_SELECT_REPLACE), ==, SEG_SELECT_ADD);
  g_assert_cmpint (seg_select_mode_for_modifiers (GDK_SHIFT_MASK, SEG_SELECT_SUBTRACT), ==, SEG_SELECT_ADD);
  g_assert_cmpint (seg_select_mode_for_modifiers (GDK_CONTROL_MASK, SEG_SELECT_REPLACE), ==, SEG_SELECT_SUBTRACT);
  g_assert_cmpint (seg_select_mode_for_modifiers (GDK_CONTROL_MASK, SEG_SELECT_ADD), ==, SEG_SELECT_SUBTRACT);
  g_assert_cmpint (seg_select_mode_for_modifiers (GDK_ALT_MASK, SEG_SELECT_ADD), ==, SEG_SELECT_ADD);
}

/* Two runs of the same data, numbered differently, give each group the
 * same colour; the biggest spenders, the smallest group, get the first. */
static void
test_colors_follow_profile (ProjectFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  gint64 runs[2];
  guint spender_slot[2], thrifty_slot[2];

  import_groups (fixture);
  runs[0] = run_model (fixture, "kmeans", "3", "1");
  runs[1] = run_model (fixture, "hierarchical", "3", NULL);

  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(SegRunView) view = seg_project_load_run_view (fixture->project, runs[r], NULL, &error);
      const SegRunPoints *points;
      int spender = -1, thrifty = -1;

      g_assert_no_error (error);
      points = view->points;
      g_assert_nonnull (points->colors);
      /* Customer C001 spends least, C080 most. */
      for (gsize i = 0; i < points->n; i++)
        {
          if (g_str_equal (points->keys[i], "C080"))
            spender = points->labels[i];
          if (g_str_equal (points->keys[i], "C001"))
            thrifty = points->labels[i];
        }
      g_assert_cmpint (spender, >=, 0);
      g_assert_cmpint (thrifty, >=, 0);
      /* Size numbers the clusters: the spenders are the last. */
      g_assert_cmpint (spender, ==, 2);
      spender_slot[r] = points->colors[spender];
      thrifty_slot[r] = points->colors[thrifty];
      g_assert_cmpint (seg_profile_palette_key (view->profile), ==, 0);
    }
  g_assert_cmpuint (spender_slot[0], ==, 0);
  g_assert_cmpuint (spender_slot[1], ==, 0);
  g_assert_cmpuint (thrifty_slot[0], ==, 2);
  g_assert_cmpuint (thrifty_slot[1], ==, 2);
}

/* The palette from a profile alone: by the spend column's mean, whatever
 * the clusters' numbers, with ties going to the next column. */
static void
test_palette_order (void)
{
  char *features[] = { "visits", "spend", NULL };
  double means[4][2] = { { 5, 10 }, { 9, 300 }, { 1, 300 }, { 2, 50 } };
  g_autoptr(GPtrArray) clusters = g_ptr_array_new_with_free_func (g_free);
  SegProfile profile = { .features = features, .revenue = "spend" };
  g_autofree guint *slots = NULL;
  g_autofree guint *shuffled_slots = NULL;
  GArray *stats[4];

  for (int c = 0; c < 4; c++)
    {
      SegClusterProfile *cluster = g_new0 (SegClusterProfile, 1);

      stats[c] = g_array_new (FALSE, TRUE, sizeof (SegFeatureStat));
      for (int j = 0; j < 2; j++)
        {
          SegFeatureStat stat = { means[c][j], means[c][j], 0 };

          g_array_append_val (stats[c], stat);
        }
      cluster->cluster = c + 1;
      cluster->size = 10 + c;
      cluster->features = stats[c];
      g_ptr_array_add (clusters, cluster);
    }
  profile.clusters = clusters;
  g_assert_cmpint (seg_profile_palette_key (&profile), ==, 1);
  slots = seg_profile_palette (&profile, 4);
  /* 300 (visits 9), 300 (visits 1), 50, 10. */
  g_assert_cmpuint (slots[1], ==, 0);
  g_assert_cmpuint (slots[2], ==, 1);
  g_assert_cmpuint (slots[3], ==, 2);
  g_assert_cmpuint (slots[0], ==, 3);

  /* The same segments numbered the other way round keep their colours. */
  for (int c = 0; c < 4; c++)
    ((SegClusterProfile *) g_ptr_array_index (clusters, c))->cluster = 4 - c;
  shuffled_slots = seg_profile_palette (&profile, 4);
  for (int c = 0; c < 4; c++)
    g_assert_cmpuint (shuffled_slots[3 - c], ==, slots[c]);

  /* Without a spend column, a column named like one; else the first. */
  profile.revenue = NULL;
  g_assert_cmpint (seg_profile_palette_key (&profile), ==, 1);
  features[1] = "weight";
  g_assert_cmpint (seg_profile_palette_key (&profile), ==, 0);

  for (int c = 0; c < 4; c++)
    g_array_unref (stats[c]);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("segmenta-map-XXXXXX", NULL);
  g_autofree char *xdg_data = g_build_filename (home, "data", NULL);
  g_autofree char *xdg_config = g_build_filename (home, "config", NULL);
  int status;

  /* The window keeps projects and settings in the user's folders: keep
   * the tests' own. */
  g_setenv ("XDG_DATA_HOME", xdg_data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", xdg_config, TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/map/legend-toggle", ProjectFixture, NULL,
              project_fixture_set_up, test_legend_toggle, project_fixture_tear_down);
  g_test_add ("/map/add-subtract", ProjectFixture, NULL,
              project_fixture_set_up, test_add_subtract, project_fixture_tear_down);
  g_test_add ("/map/axes", ProjectFixture, NULL,
              project_fixture_set_up, test_axes, project_fixture_tear_down);
  g_test_add ("/map/dendrogram-cut", ProjectFixture, NULL,
              project_fixture_set_up, test_dendrogram_cut, project_fixture_tear_down);
  g_test_add ("/map/colors-follow-profile", ProjectFixture, NULL,
              project_fixture_set_up, test_colors_follow_profile, project_fixture_tear_down);
  g_test_add_func ("/map/palette-order", test_palette_order);
  g_test_add_func ("/map/modifiers", test_modifiers);
  g_test_add ("/map/tree-in-window", ProjectFixture, NULL,
              project_fixture_set_up, test_tree_in_window, project_fixture_tear_down);

  status = g_test_run ();
  remove_tree (home);
  return status;
}
