/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "seg-test-utils.h"
#include "seg-test-gui.h"
#include "seg-how-many.h"
#include "seg-model-dialog.h"
#include "seg-profile-card.h"
#include "seg-rfm-dialog.h"
#include "seg-window-private.h"

/*
 * The words and numbers of the Segments page: the cards, the RFM summary,
 * a saved segment's card, How Many, the form's memory and the names of
 * what is exported. With SEGMENTA_SCREENSHOTS set to a folder, the tests
 * also save what they show there as PNG images, for a person to look at.
 */

static char *test_dir;

static gboolean
not_busy (gpointer data)
{
  return !seg_window_get_busy (data);
}

static gboolean
page_idle (gpointer data)
{
  return !seg_segments_page_get_busy (data) && !seg_segments_page_get_loading (data);
}

static char *
write_csv (const char *name,
           const char *contents)
{
  char *path = g_build_filename (test_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static gboolean
rfm_dialog_gone (gpointer data)
{
  return find_toplevel (SEG_TYPE_RFM_DIALOG) == NULL;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static SegWindow *
new_window (int width,
            int height)
{
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Order lines of 120 customers in three kinds: frequent big spenders,
 * occasional ones, and some who bought once long ago. */
static char *
write_orders (void)
{
  g_autoptr(GString) csv = g_string_new ("invoice,invoice_date,customer_id,sku,quantity,unit_price\n");
  guint invoice = 0;

  for (guint c = 0; c < 120; c++)
    {
      guint kind = c % 3;
      guint orders = kind == 0 ? 8 + c % 5 : kind == 1 ? 2 + c % 2 : 1;

      for (guint o = 0; o < orders; o++)
        {
          guint month = kind == 2 ? 1 + c % 3 : 12 - (o + c) % 6;
          guint day = 1 + (c + o) % 27;

          g_string_append_printf (csv, "A%u,2024-%02u-%02u,C%03u,%s,%u,%u.%02u\n", invoice++, month, day, c,
                                  kind == 0 ? "TEA" : kind == 1 ? "CUP" : "POT", 1 + o % 3,
                                  kind == 0 ? 40 + c % 7 : kind == 1 ? 15 : 8, (c * 7) % 100);
        }
    }
  return write_csv ("lines.csv", csv->str);
}

/* A project with RFM scores of the orders and a k-means run of 3 on them. */
static SegSegmentsPage *
scored_and_segmented (SegWindow *window)
{
  g_autofree char *path = write_orders ();
  SegSegmentsPage *page;
  SegModelDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);

  seg_window_set_view (window, "segments");
  page = seg_window_get_segments_page (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.score-customers", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_toplevel (SEG_TYPE_RFM_DIALOG)), "rfm.score", NULL));
  wait_until (rfm_dialog_gone, NULL, 30);

  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "kmeans"));
  g_object_set (seg_model_dialog_get_model (dialog), "k", 3, "seed", (guint64) 7, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  wait_until (page_idle, page, 60);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 1);
  return page;
}

static GtkDropDown *
find_drop_down (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    return GTK_DROP_DOWN (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_drop_down (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The cards say figures with units and segments by distinct names, and
 * an RFM summary heads them for a table scored from orders. */
static void
test_cards (void)
{
  SegWindow *window = new_window (1280, 800);
  SegSegmentsPage *page = scored_and_segmented (window);
  GtkWidget *list = GTK_WIDGET (seg_segments_page_get_profile_list (page));
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *row;

  /* The summary, then one card a segment. */
  g_assert_cmpuint (count_children (list), ==, 4);
  row = gtk_widget_get_first_child (list);
  g_assert_cmpstr (gtk_widget_get_name (row), ==, "rfm-summary");
  text = text_of (row);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "RFM Segments"));
  g_assert_nonnull (strstr (text, "120 customers"));
  g_assert_nonnull (strstr (text, "Champions"));
  g_clear_pointer (&text, g_free);

  for (row = gtk_widget_get_next_sibling (row); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *card = text_of (row);
      g_auto(GStrv) lines = g_strsplit (card, "\n", -1);

      g_test_message ("%s", card);
      /* Units, not column names, and no six-digit floats. */
      g_assert_nonnull (strstr (card, " days"));
      g_assert_nonnull (strstr (card, " orders"));
      g_assert_nonnull (strstr (card, " spent"));
      g_assert_null (strstr (card, "frequency"));
      g_assert_null (strstr (card, "monetary"));
      g_assert_null (strstr (card, "_"));
      g_assert_false (g_regex_match_simple ("[0-9]\\.[0-9]{4,}", card, 0, 0));
      for (guint i = 0; i < titles->len; i++)
        g_assert_cmpstr (g_ptr_array_index (titles, i), !=, lines[0]);
      g_assert_false (g_regex_match_simple ("\\([0-9]+\\)$", lines[0], 0, 0));
      g_ptr_array_add (titles, g_strdup (lines[0]));
    }
  screenshot (GTK_WIDGET (window), "segments-cards.png");

  /* A target list names each row's segment as the cards do, and keeps
   * the map's figures only when asked, rounded. */
  {
    SegMapView *map = seg_segments_page_get_map_view (page);
    g_autofree char *path = g_build_filename (test_dir, "targets.csv", NULL);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *card = text_of (gtk_widget_get_next_sibling (gtk_widget_get_first_child (list)));
    g_auto(GStrv) card_lines = g_strsplit (card, "\n", 2);
    const char *name = card_lines[0] + strlen ("1 · ");

    seg_map_view_select_cluster (map, 0);
    g_assert_true (seg_segments_page_export_target_list (page, path, FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\r\n", -1);
    g_test_message ("%s\n%s", lines[0], lines[1]);
    g_assert_true (g_str_has_suffix (lines[0], ",segment"));
    g_assert_null (strstr (lines[0], "pc1"));
    g_assert_null (strstr (lines[0], "silhouette"));
    for (guint i = 1; lines[i][0] != '\0'; i++)
      g_assert_true (g_str_has_suffix (lines[i], name));
    g_clear_pointer (&contents, g_free);
    g_clear_pointer (&lines, g_strfreev);

    g_assert_true (seg_segments_page_export_target_list (page, path, TRUE, &error));
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\r\n", -1);
    g_test_message ("%s\n%s", lines[0], lines[1]);
    g_assert_nonnull (strstr (lines[0], ",segment,pc1,pc2,silhouette"));
    g_assert_false (g_regex_match_simple ("[0-9]\\.[0-9]{4,}", lines[1], 0, 0));
    seg_map_view_clear_selection (map);
  }

  /* The run picker dates each run, with the time, as the locale does. */
  {
    GtkDropDown *picker = find_drop_down (GTK_WIDGET (page));
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%x");
    const char *label;

    g_assert_nonnull (picker);
    label = gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (picker)), 0);
    g_test_message ("%s", label);
    g_assert_nonnull (strstr (label, today));
    g_assert_true (g_regex_match_simple (" [0-9]{2}:[0-9]{2}$", label, 0, 0));
  }

  destroy_window (window);
}

/* A saved segment shows with the same cards: itself against everyone
 * else in its table. */
static void
test_saved_segment_card (void)
{
  SegWindow *window = new_window (1280, 800);
  SegSegmentsPage *page = scored_and_segmented (window);
  SegProject *project = seg_window_get_project (window);
  GtkWidget *list = GTK_WIDGET (seg_segments_page_get_profile_list (page));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) source = json_from_string ("{\"run\":1,\"cluster\":1}", NULL);
  g_auto(GStrv) keys = seg_project_read_cluster_keys (project, 1, 1, &error);
  g_autoptr(SegSegment) segment = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  segment = seg_project_save_segment (project, "Spring offer", (const char *const *) keys, source, &error);
  g_assert_no_error (error);

  seg_segments_page_show_segment (page, segment);
  g_assert_true (seg_segments_page_get_loading (page));
  wait_until (page_idle, page, 30);
  g_assert_cmpuint (count_children (list), ==, 2);
  first = text_of (gtk_widget_get_first_child (list));
  second = text_of (gtk_widget_get_last_child (list));
  g_test_message ("%s\n%s", first, second);
  g_assert_true (g_str_has_prefix (first, "Spring offer\n"));
  g_assert_nonnull (strstr (first, " spent"));
  g_assert_true (g_str_has_prefix (second, "Everyone else\n"));
  screenshot (GTK_WIDGET (window), "saved-segment-card.png");

  /* The run's cards come back. */
  seg_segments_page_show_segment (page, NULL);
  wait_until (page_idle, page, 30);
  g_assert_cmpuint (count_children (list), ==, 4);

  destroy_window (window);
}

static gboolean
not_comparing (gpointer data)
{
  return !seg_segments_page_get_comparing (data);
}

static SegHowMany *
find_how_many (GtkWidget *widget)
{
  if (SEG_IS_HOW_MANY (widget))
    return SEG_HOW_MANY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      SegHowMany *found = find_how_many (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button under the chart, by its action. */
static GtkButton *
find_use_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "how-many.use") == 0)
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_use_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How Many compares numbers of segments in plain words, and "Use k = N"
 * runs the same analysis with that number in one click. */
static void
test_how_many (void)
{
  SegWindow *window = new_window (1280, 800);
  SegSegmentsPage *page = scored_and_segmented (window);
  SegHowMany *how_many = find_how_many (GTK_WIDGET (page));
  const SegKSuggestion *suggestion;
  g_autoptr(SegRunRecord) record = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  GtkButton *use;
  int recommended;

  g_assert_nonnull (how_many);
  seg_segments_page_set_chart (page, "k");
  text = text_of (GTK_WIDGET (how_many));
  g_assert_null (strstr (text, "nertia"));
  g_assert_nonnull (strstr (text, "spread within segments"));
  g_clear_pointer (&text, g_free);
  screenshot (GTK_WIDGET (window), "how-many-idle.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.compare-k", NULL));
  wait_until (not_comparing, page, 60);
  suggestion = seg_segments_page_get_suggestion (page);
  g_assert_nonnull (suggestion);
  recommended = suggestion->recommended;
  g_assert_cmpint (recommended, >=, 2);
  g_assert_cmpint (recommended, <=, 10);
  use = find_use_button (GTK_WIDGET (how_many));
  g_assert_nonnull (use);
  label = g_strdup_printf ("Use k = %d", suggestion->recommended);
  g_assert_cmpstr (gtk_button_get_label (use), ==, label);
  text = text_of (GTK_WIDGET (how_many));
  g_assert_null (strstr (text, "nertia"));
  screenshot (GTK_WIDGET (window), "how-many-segments.png");

  /* A chart's file is named after it. */
  {
    static const char *const charts[][2] = {
      { "k", "how-many-segments.png" }, { "map", "segments-map.png" }, { "silhouette", "silhouette.png" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
      {
        g_autofree char *name = NULL;

        seg_segments_page_set_chart (page, charts[i][0]);
        name = seg_segments_page_dup_chart_file_name (page);
        g_assert_cmpstr (name, ==, charts[i][1]);
      }
    seg_segments_page_set_chart (page, "k");
  }

  /* One click runs k-means again with that k, through the window's run
   * manager, and the page shows the new run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (use), "how-many.use", NULL));
  g_assert_true (seg_segments_page_get_busy (page));
  wait_until (page_idle, page, 60);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 2);
  record = seg_project_get_run (seg_window_get_project (window), 2, NULL);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->algorithm, ==, "kmeans");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->parameters), "k"), ==, recommended);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->parameters), "seed"), ==, 7);

  destroy_window (window);
}

/* For DBSCAN, How Many explains the radius and shows the k-distance
 * curve; the button runs DBSCAN again with the radius at its bend. */
static void
test_how_many_density (void)
{
  SegWindow *window = new_window (1280, 800);
  SegSegmentsPage *page = scored_and_segmented (window);
  SegHowMany *how_many = find_how_many (GTK_WIDGET (page));
  SegModelDialog *dialog;
  const SegKDistance *curve;
  g_autoptr(SegRunRecord) record = NULL;
  g_autofree char *text = NULL;
  GtkButton *use;
  double eps;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_true (seg_model_dialog_set_table (dialog, "rfm"));
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "dbscan"));
  g_object_set (seg_model_dialog_get_model (dialog), "eps", 0.3, "min-points", 4, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  wait_until (page_idle, page, 60);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 2);

  seg_segments_page_set_chart (page, "k");
  text = text_of (GTK_WIDGET (how_many));
  g_assert_nonnull (strstr (text, "radius (its “eps”)"));
  g_assert_null (strstr (text, "nertia"));
  g_clear_pointer (&text, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.compare-k", NULL));
  wait_until (not_comparing, page, 60);
  g_assert_null (seg_segments_page_get_suggestion (page));
  curve = seg_how_many_get_curve (how_many);
  g_assert_nonnull (curve);
  g_assert_cmpuint (curve->n, ==, 120);
  g_assert_cmpfloat (curve->eps, >, 0);
  for (gsize i = 1; i < curve->n; i++)
    g_assert_cmpfloat (curve->distances[i], >=, curve->distances[i - 1]);
  eps = curve->eps;
  use = find_use_button (GTK_WIDGET (how_many));
  g_assert_true (g_str_has_prefix (gtk_button_get_label (use), "Use Radius "));
  screenshot (GTK_WIDGET (window), "how-many-radius.png");
  {
    g_autofree char *name = seg_segments_page_dup_chart_file_name (page);

    g_assert_cmpstr (name, ==, "k-distance.png");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (use), "how-many.use", NULL));
  wait_until (page_idle, page, 60);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 3);
  record = seg_project_get_run (seg_window_get_project (window), 3, NULL);
  g_assert_cmpstr (record->algorithm, ==, "dbscan");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (record->parameters), "eps"),
                                  eps, 1e-12);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (record->parameters), "min-points"), ==, 4);

  destroy_window (window);
}

static void
close_model_dialogs (void)
{
  SegModelDialog *dialog;

  while ((dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The form opens with the last choices made for a table, kept in the
 * project; another table starts afresh. The settings a shop owner rarely
 * needs are folded under Advanced. */
static void
test_form_memory (void)
{
  SegWindow *window = new_window (1280, 800);
  SegSegmentsPage *page = scored_and_segmented (window);
  SegProject *project = seg_window_get_project (window);
  SegModelDialog *dialog;
  g_autofree char *path = write_csv ("people.csv", "id,age,income\n1,30,100\n2,40,200\n3,50,300\n4,60,400\n");
  g_auto(GStrv) columns = NULL;
  g_autofree char *kept = NULL;
  gint64 min_points = 0;
  double eps = 0;

  /* Advanced: tolerance, most iterations and the seed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_true (seg_model_dialog_set_table (dialog, "rfm"));
  g_assert_cmpstr (seg_model_get_id (seg_model_dialog_get_model (dialog)), ==, "kmeans");
  g_assert_cmpint (seg_model_dialog_get_param (dialog, "k"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const folded[] = { "tol", "max-iter", "seed" };

      g_assert_nonnull (gtk_widget_get_ancestor (seg_model_dialog_get_row (dialog, folded[i]), ADW_TYPE_EXPANDER_ROW));
    }
  g_assert_null (gtk_widget_get_ancestor (seg_model_dialog_get_row (dialog, "k"), ADW_TYPE_EXPANDER_ROW));
  screenshot (GTK_WIDGET (dialog), "analysis-form.png");

  /* DBSCAN on two columns, run: next time the form says so again. */
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "dbscan"));
  g_object_set (seg_model_dialog_get_model (dialog), "columns", (const char *const[]) { "recency", "monetary", NULL },
                "eps", 0.25, "min-points", 6, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  wait_until (page_idle, page, 60);
  kept = seg_project_get_setting (project, "form.segmentation.rfm", NULL);
  g_assert_nonnull (kept);
  g_assert_nonnull (strstr (kept, "\"dbscan\""));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_cmpstr (seg_model_get_table (seg_model_dialog_get_model (dialog)), ==, "rfm");
  g_assert_cmpstr (seg_model_get_id (seg_model_dialog_get_model (dialog)), ==, "dbscan");
  g_object_get (seg_model_dialog_get_model (dialog), "columns", &columns, "eps", &eps, NULL);
  g_assert_cmpstrv (columns, ((const char *const[]) { "recency", "monetary", NULL }));
  g_assert_cmpfloat (eps, ==, 0.25);
  g_assert_cmpfloat (seg_model_dialog_get_param (dialog, "eps"), ==, 0.25);
  g_assert_cmpfloat (seg_model_dialog_get_param (dialog, "min-points"), ==, 6);
  g_object_get (seg_model_dialog_get_model (dialog), "min-points", &min_points, NULL);
  g_assert_cmpint (min_points, ==, 6);
  g_assert_true (seg_model_dialog_get_can_run (dialog));
  close_model_dialogs ();

  /* The choices are the table's: another table gets its own columns,
   * and coming back to this one brings its choices back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
  dialog = find_toplevel (SEG_TYPE_MODEL_DIALOG);
  g_assert_true (seg_model_dialog_set_table (dialog, "people"));
  g_clear_pointer (&columns, g_strfreev);
  g_object_get (seg_model_dialog_get_model (dialog), "columns", &columns, NULL);
  g_assert_cmpstrv (columns, ((const char *const[]) { "age", "income", NULL }));
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "kmeans"));
  g_assert_true (seg_model_dialog_set_table (dialog, "rfm"));
  g_assert_cmpstr (seg_model_get_id (seg_model_dialog_get_model (dialog)), ==, "dbscan");
  g_clear_pointer (&columns, g_strfreev);
  g_object_get (seg_model_dialog_get_model (dialog), "columns", &columns, NULL);
  g_assert_cmpstrv (columns, ((const char *const[]) { "recency", "monetary", NULL }));
  close_model_dialogs ();

  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("segmenta-gui-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  test_dir = home;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/segments-page/cards", test_cards);
  g_test_add_func ("/segments-page/saved-segment-card", test_saved_segment_card);
  g_test_add_func ("/segments-page/how-many", test_how_many);
  g_test_add_func ("/segments-page/form-memory", test_form_memory);
  g_test_add_func ("/segments-page/how-many-density", test_how_many_density);

  status = g_test_run ();
  remove_tree (home);

  return status;
}
