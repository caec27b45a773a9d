/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-segments-page.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-charts.h"
#include "seg-dendrogram-view.h"
#include "seg-explore.h"
#include "seg-export.h"
#include "seg-how-many.h"
#include "seg-map-panel.h"
#include "seg-model-dialog.h"
#include "seg-profile.h"
#include "seg-profile-card.h"
#include "seg-rfm-dialog.h"
#include "seg-run-manager.h"
#include "seg-run-points.h"
#include "seg-view-helpers.h"

struct _SegSegmentsPage
{
  SegPage         parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkDropDown    *runs_dropdown;
  GtkLabel       *selection_label;
  GtkActionBar   *selection_bar;
  SegMapPanel    *map_panel;
  SegMapView     *map_view;        /* the panel's */
  GtkStack       *chart_stack;
  GtkDrawingArea *silhouette_area;
  GtkStackPage   *tree_page;
  SegDendrogramView *dendrogram_view;
  SegHowMany     *how_many;
  GtkLabel       *quality_label;
  GtkListBox     *profile_list;
  AdwFlap        *flap;

  SegProject     *project;
  GListModel     *runs;            /* the project's, followed */
  GArray         *run_ids;         /* gint64, as the drop-down lists them */
  gint64          shown;           /* 0: none */
  GStrv           segment_names;   /* of the run shown, by cluster from 1 */
  gboolean        export_figures;  /* the export dialog's choice */
  char           *noise_name;      /* nullable: of its rows in no segment */
  gboolean        reloading;

  GCancellable   *load_cancellable; /* the run being loaded to be shown */
  GCancellable   *rfm_cancellable;  /* its RFM segments being counted */
  GCancellable   *segment_cancellable; /* a saved segment being profiled */

  GStrv           members;         /* customers to select once their run shows */
};

G_DEFINE_FINAL_TYPE (SegSegmentsPage, seg_segments_page, SEG_TYPE_PAGE)

static void
show_toast (SegSegmentsPage *self,
            const char      *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
show_error (SegSegmentsPage *self,
            const char      *heading,
            const GError    *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_actions (SegSegmentsPage *self)
{
  gboolean have_points = seg_map_view_get_points (self->map_view) != NULL;
  gboolean running = seg_segments_page_get_busy (self);
  gboolean on_map = have_points && g_strcmp0 (gtk_stack_get_visible_child_name (self->chart_stack), "map") == 0;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "segments.new", self->project != NULL && !running);
  gtk_widget_action_set_enabled (widget, "segments.score-customers", self->project != NULL && !running);
  gtk_widget_action_set_enabled (widget, "segments.new-for", self->project != NULL && !running);
  gtk_widget_action_set_enabled (widget, "segments.cancel", running);
  gtk_widget_action_set_enabled (widget, "segments.zoom-in", on_map);
  gtk_widget_action_set_enabled (widget, "segments.zoom-out", on_map);
  gtk_widget_action_set_enabled (widget, "segments.reset-view", on_map);
  gtk_widget_action_set_enabled (widget, "segments.export-chart", have_points);
  gtk_widget_action_set_enabled (widget, "segments.export-selection",
                                 have_points && seg_map_view_get_n_selected (self->map_view) > 0);
  gtk_widget_action_set_enabled (widget, "segments.save-segment",
                                 have_points && seg_map_view_get_n_selected (self->map_view) > 0);
  gtk_widget_action_set_enabled (widget, "segments.compare-k",
                                 have_points && !seg_how_many_get_comparing (self->how_many));
  gtk_widget_action_set_enabled (widget, "segments.delete-run", self->shown > 0 && !running);
  gtk_widget_action_set_enabled (widget, "segments.cancel-compare", seg_how_many_get_comparing (self->how_many));
}

/* The customers selected on the map are the window's selection: other
 * pages filter by it. */
static void
share_selection (SegSegmentsPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  const SegRunPoints *points = seg_map_view_get_points (self->map_view);
  const guint8 *selection = seg_map_view_get_selection (self->map_view);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  if (session == NULL)
    return;
  for (gsize i = 0; points != NULL && selection != NULL && i < points->n; i++)
    if (selection[i] && points->keys[i] != NULL)
      g_ptr_array_add (keys, points->keys[i]);
  g_ptr_array_add (keys, NULL);
  seg_session_set_selection (session, (const char *const *)keys->pdata);
}

static void
on_selection_changed (SegMapView      *view,
                      GParamSpec      *pspec,
                      SegSegmentsPage *self)
{
  gsize selected = seg_map_view_get_n_selected (view);
  const SegRunPoints *points = seg_map_view_get_points (view);
  g_autofree char *text = NULL;

  if (selected > 0 && points != NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'zu of %'zu row selected", "%'zu of %'zu rows selected",
                                         points->n),
                            selected, points->n);
  gtk_label_set_label (self->selection_label, text != NULL ? text : "");
  gtk_action_bar_set_revealed (self->selection_bar, selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segments.export-selection", selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segments.save-segment", selected > 0);
  share_selection (self);
}

/* Profiles ------------------------------------------------------------- */

static void
on_profile_activated (GtkListBox      *list,
                      GtkListBoxRow   *row,
                      SegSegmentsPage *self)
{
  seg_map_view_select_cluster (self->map_view, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cluster")));
}

static void
cancel_profiles (SegSegmentsPage *self)
{
  if (self->rfm_cancellable != NULL)
    g_cancellable_cancel (self->rfm_cancellable);
  g_clear_object (&self->rfm_cancellable);
  if (self->segment_cancellable != NULL)
    g_cancellable_cancel (self->segment_cancellable);
  g_clear_object (&self->segment_cancellable);
}

static void
clear_profiles (SegSegmentsPage *self)
{
  GtkWidget *child;

  cancel_profiles (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->profile_list))) != NULL)
    gtk_list_box_remove (self->profile_list, child);
}

/* A table scored from orders: its RFM segments' sizes head the cards. */
static void
on_rfm_counted (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(SegSegmentsPage) self = data;
  g_autoptr(SegRfmSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = seg_project_count_rfm_segments_finish (SEG_PROJECT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->rfm_cancellable);
  /* The cards say enough without it. */
  if (summary == NULL)
    g_debug ("Could not count the RFM segments: %s", error->message);
  else if (summary->segments->len > 0)
    gtk_list_box_prepend (self->profile_list, seg_profile_card_new_rfm (summary));
}

static void
on_segment_profiled (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(SegSegmentsPage) self = data;
  g_autoptr(SegProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = seg_project_profile_segment_finish (SEG_PROJECT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->segment_cancellable);
  if (profile == NULL)
    gtk_label_set_label (self->quality_label, error->message);
  else
    seg_profile_card_fill_segment (self->profile_list, profile);
}

/**
 * seg_segments_page_show_segment:
 * @segment: (nullable): a saved segment of the page's project
 *
 * Describes a saved segment in the side panel with the cards of a run's
 * segments: how it differs from the rest of the table it was taken
 * from. %NULL shows the run's segments again.
 */
void
seg_segments_page_show_segment (SegSegmentsPage *self,
                                SegSegment      *segment)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SEG_IS_SEGMENTS_PAGE (self));
  g_return_if_fail (segment == NULL || SEG_IS_SEGMENT (segment));

  if (segment == NULL || self->project == NULL)
    {
      seg_segments_page_reload (self, self->shown);
      return;
    }

  clear_profiles (self);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Saved segment “%s”: %'" PRId64 " customer, against everyone else",
                                       "Saved segment “%s”: %'" PRId64 " customers, against everyone else",
                                       seg_segment_get_size (segment)),
                          seg_segment_get_name (segment), seg_segment_get_size (segment));
  gtk_label_set_label (self->quality_label, text);
  self->segment_cancellable = g_cancellable_new ();
  seg_project_profile_segment_async (self->project, seg_segment_get_id (segment), self->segment_cancellable,
                                     on_segment_profiled, g_object_ref (self));
}

/* After Show on Map: the segment in use, whose customers were just
 * selected, described in the side panel. */
static void
show_segment_in_use (SegSegmentsPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  SegSegment *segment = session != NULL ? seg_session_get_segment (session) : NULL;

  if (segment != NULL)
    seg_segments_page_show_segment (self, segment);
}

/* The segments' names, for a target list: the profile's plain names, or
 * "Segment 2" without one. */
static void
keep_segment_names (SegSegmentsPage    *self,
                    const SegRunPoints *points,
                    const SegProfile   *profile)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_clear_pointer (&self->segment_names, g_strfreev);
  g_clear_pointer (&self->noise_name, g_free);
  for (guint c = 0; c < points->n_clusters; c++)
    {
      g_autofree char *name = NULL;

      for (guint i = 0; profile != NULL && i < profile->clusters->len && name == NULL; i++)
        if (((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->cluster == (int) c + 1)
          name = g_strdup (((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->name);
      if (name == NULL)
        name = g_strdup_printf (_("Segment %u"), c + 1);
      g_strv_builder_add (names, name);
    }
  self->segment_names = g_strv_builder_end (names);
  for (guint i = 0; profile != NULL && i < profile->clusters->len; i++)
    if (((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->cluster == 0)
      self->noise_name = g_strdup (((SegClusterProfile *) g_ptr_array_index (profile->clusters, i))->name);
}

/* Shows a loaded run: its map, its profiles and how well it separates. */
static void
apply_view (SegSegmentsPage *self,
            SegRunView      *view)
{
  SegRunRecord *record = view->record;
  SegRunPoints *points = view->points;
  g_autofree char *title = NULL;
  g_autofree char *quality = NULL;
  GStrv names;

  for (guint i = 0; view->profile != NULL && i < view->profile->clusters->len; i++)
    {
      SegClusterProfile *cluster = g_ptr_array_index (view->profile->clusters, i);

      if (cluster->size > 0)
        gtk_list_box_append (self->profile_list, seg_profile_card_new (view->profile, cluster));
    }

  if (isfinite (points->silhouette_mean))
    quality = g_strdup_printf (_("%s on “%s”, %'zu rows, silhouette %.3f"),
                               seg_run_record_get_title (record), record->input_table, points->n, points->silhouette_mean);
  else
    quality = g_strdup_printf (_("%s on “%s”, %'zu rows"), seg_run_record_get_title (record), record->input_table, points->n);
  gtk_label_set_label (self->quality_label, quality);

  title = g_strdup_printf (_("Run %" PRId64 " · %s"), record->id, record->input_table);
  names = seg_run_points_legend (points, view->profile, FALSE);
  keep_segment_names (self, points, view->profile);
  self->rfm_cancellable = g_cancellable_new ();
  seg_project_count_rfm_segments_async (self->project, record->id, self->rfm_cancellable, on_rfm_counted,
                                        g_object_ref (self));
  self->shown = record->id;
  seg_how_many_set_run (self->how_many, self->project, record->id);
  seg_map_view_set_points (self->map_view, g_steal_pointer (&view->points), names, title);
  seg_map_panel_set_run (self->map_panel, self->project, record->id);
  gtk_stack_page_set_visible (self->tree_page,
                              seg_dendrogram_view_set_run (self->dendrogram_view, self->project, record->id,
                                                           seg_map_view_get_points (self->map_view), NULL));
  if (self->members != NULL)
    {
      g_auto(GStrv) members = g_steal_pointer (&self->members);

      seg_map_view_select_keys (self->map_view, (const char *const *) members);
      show_segment_in_use (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->silhouette_area));
}

/* The page stays alive while its load runs: the load holds a reference
 * on it, given back here. */
static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(SegSegmentsPage) self = data;
  g_autoptr(SegRunView) view = NULL;
  g_autoptr(GError) error = NULL;

  view = seg_project_load_run_view_finish (SEG_PROJECT (source), result, &error);
  /* Only a newer choice of run, or the page going away, cancels a load;
   * the newer load shows its own run. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);

  if (view == NULL)
    {
      seg_map_view_set_points (self->map_view, NULL, NULL, NULL);
      gtk_label_set_label (self->quality_label, error->message);
    }
  else
    apply_view (self, view);
  update_actions (self);
}

/* Loads and shows a run, or nothing for 0. The profile of a large shop
 * takes seconds, so the run loads in a worker; the map empties at once
 * and fills when it is ready. */
static void
show_run (SegSegmentsPage *self,
          gint64           id)
{
  clear_profiles (self);
  if (id != self->shown)
    seg_how_many_set_run (self->how_many, self->project, 0);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->shown = 0;
  seg_map_view_set_points (self->map_view, NULL, NULL, NULL);
  seg_map_panel_set_run (self->map_panel, NULL, 0);
  seg_dendrogram_view_set_run (self->dendrogram_view, NULL, 0, NULL, NULL);
  gtk_stack_page_set_visible (self->tree_page, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self->silhouette_area));
  gtk_label_set_label (self->quality_label, "");
  update_actions (self);
  if (id <= 0 || self->project == NULL)
    return;

  /* A newer choice stops this load, inside its queries if need be. */
  self->load_cancellable = g_cancellable_new ();
  gtk_label_set_label (self->quality_label, _("Loading…"));
  seg_project_load_run_view_async (self->project, id, self->load_cancellable, on_loaded, g_object_ref (self));
}

/**
 * seg_segments_page_get_loading:
 *
 * Returns: whether a run is being loaded to be shown
 */
gboolean
seg_segments_page_get_loading (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  return self->load_cancellable != NULL || self->rfm_cancellable != NULL || self->segment_cancellable != NULL;
}

/* The silhouette plot of the run on the map. */
static gboolean
silhouette_plot (SegSegmentsPage   *self,
                 SegSilhouettePlot *plot,
                 char             **title)
{
  const SegRunPoints *points = seg_map_view_get_points (self->map_view);

  if (points == NULL)
    return FALSE;
  *title = isfinite (points->silhouette_mean)
           ? g_strdup_printf (_("Run %" PRId64 " · average silhouette %.3f"), points->run, points->silhouette_mean)
           : g_strdup_printf (_("Run %" PRId64 " · no silhouette"), points->run);
  *plot = (SegSilhouettePlot) {
    .n = points->n,
    .values = points->silhouette,
    .labels = points->labels,
    .n_clusters = points->n_clusters,
    .average = points->silhouette_mean,
    .axes = { *title, _("Silhouette: how much nearer each row is to its own segment than to the next"),
              _("Segment"), NULL, TRUE },
    .colors = points->colors,
  };
  return TRUE;
}

static void
draw_silhouette (cairo_t  *cr,
                 double    width,
                 double    height,
                 gpointer  data)
{
  SegSegmentsPage *self = data;
  g_autofree char *title = NULL;
  SegSilhouettePlot plot;

  if (silhouette_plot (self, &plot, &title))
    seg_silhouette_plot_draw (cr, &plot, width, height);
}

static void
draw_silhouette_area (GtkDrawingArea *area,
                      cairo_t        *cr,
                      int             width,
                      int             height,
                      gpointer        data)
{
  draw_silhouette (cr, width, height, data);
}

/* How many segments ----------------------------------------------------- */

static void
compare_k_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);

  if (self->shown > 0)
    seg_how_many_compare (self->how_many);
}

static void
select_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  seg_map_view_clear_selection (SEG_SEGMENTS_PAGE (widget)->map_view);
}

static void
cancel_compare_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  seg_how_many_cancel (SEG_SEGMENTS_PAGE (widget)->how_many);
}

gboolean
seg_segments_page_get_comparing (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  return seg_how_many_get_comparing (self->how_many);
}

/**
 * seg_segments_page_get_suggestion:
 *
 * Returns: (nullable) (transfer none): the comparison of numbers of
 *   segments for the run shown, once made
 */
const SegKSuggestion *
seg_segments_page_get_suggestion (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), NULL);

  return seg_how_many_get_suggestion (self->how_many);
}

/* Runs ----------------------------------------------------------------- */

static void
on_run_chosen (GtkDropDown     *dropdown,
               GParamSpec      *pspec,
               SegSegmentsPage *self)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (self->reloading)
    return;
  if (position < self->run_ids->len)
    show_run (self, g_array_index (self->run_ids, gint64, position));
  else
    show_run (self, 0);
}

/**
 * seg_segments_page_reload:
 * @select: the run to show, or 0 for the newest
 *
 * Lists the project's clustering runs again.
 */
void
seg_segments_page_reload (SegSegmentsPage *self,
                          gint64           select)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) runs = NULL;
  gint64 hidden = 0;
  guint chosen = 0;

  g_return_if_fail (SEG_IS_SEGMENTS_PAGE (self));

  g_array_set_size (self->run_ids, 0);
  if (self->project != NULL)
    runs = seg_project_list_runs (self->project, NULL);
  if (seg_page_get_session (SEG_PAGE (self)) != NULL)
    hidden = seg_session_get_hidden_run (seg_page_get_session (SEG_PAGE (self)));

  /* Newest first. */
  for (guint i = runs != NULL ? runs->len : 0; i-- > 0;)
    {
      SegRunRecord *record = g_ptr_array_index (runs, i);
      JsonObject *metrics = JSON_NODE_HOLDS_OBJECT (record->metrics) ? json_node_get_object (record->metrics) : NULL;
      gint64 k = metrics != NULL && json_object_has_member (metrics, "k") ? json_object_get_int_member (metrics, "k") : 0;
      g_autofree char *label = NULL;
      g_autoptr(GDateTime) when = NULL;
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *started = NULL;

      if (record->kind != SEG_MODEL_KIND_SEGMENTATION || record->id == hidden ||
          g_strcmp0 (record->status, "succeeded") != 0 || record->result_tables == NULL)
        continue;
      when = g_date_time_new_from_iso8601 (record->started_at, NULL);
      local = when != NULL ? g_date_time_to_local (when) : NULL;
      /* The locale's date, with the time: runs of one day differ by it. */
      started = local != NULL ? g_date_time_format (local, "%x %H:%M") : g_strdup ("");
      /* TRANSLATORS: run number, algorithm, number of segments, table, when it ran */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Run %" PRId64 " · %s · %" PRId64 " segment · %s · %s",
                                            "Run %" PRId64 " · %s · %" PRId64 " segments · %s · %s", k),
                               record->id, seg_run_record_get_title (record), k, record->input_table, started);
      if (record->id == select)
        chosen = self->run_ids->len;
      g_array_append_val (self->run_ids, record->id);
      gtk_string_list_append (labels, label);
    }

  self->reloading = TRUE;
  gtk_drop_down_set_model (self->runs_dropdown, G_LIST_MODEL (labels));
  if (self->run_ids->len > 0)
    gtk_drop_down_set_selected (self->runs_dropdown, chosen);
  self->reloading = FALSE;

  gtk_stack_set_visible_child_name (self->stack, self->run_ids->len > 0 ? "runs" : "empty");
  show_run (self, self->run_ids->len > 0 ? g_array_index (self->run_ids, gint64, chosen) : 0);
}

void
seg_segments_page_set_project (SegSegmentsPage *self,
                               SegProject      *project)
{
  g_return_if_fail (SEG_IS_SEGMENTS_PAGE (self));

  seg_page_set_project (SEG_PAGE (self), project);
}

/* The project's runs changed, wherever from: list the segmentations
 * again when they are not the ones listed, keeping the one shown. */
static void
on_runs_changed (GListModel      *runs,
                 guint            position,
                 guint            removed,
                 guint            added,
                 SegSegmentsPage *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = g_list_model_get_n_items (runs); i-- > 0;)
    {
      g_autoptr(SegRunRecord) record = g_list_model_get_item (runs, i);

      if (record->kind == SEG_MODEL_KIND_SEGMENTATION && g_strcmp0 (record->status, "succeeded") == 0 &&
          record->result_tables != NULL)
        g_array_append_val (ids, record->id);
    }
  if (ids->len == self->run_ids->len &&
      (ids->len == 0 || memcmp (ids->data, self->run_ids->data, ids->len * sizeof (gint64)) == 0))
    return;

  seg_segments_page_reload (self, self->shown);
}

static void
seg_segments_page_project_changed (SegPage    *page,
                                   SegProject *project)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (page);

  /* Run numbers start at 1 in every project: nothing shown or compared
   * for the last one may pass for this one's. */
  seg_how_many_set_run (self->how_many, NULL, 0);
  self->shown = 0;
  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
  g_clear_object (&self->runs);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      self->runs = g_object_ref (seg_project_get_runs (project));
      g_signal_connect_object (self->runs, "items-changed", G_CALLBACK (on_runs_changed), self, 0);
    }
  seg_segments_page_reload (self, 0);
}

gint64
seg_segments_page_get_shown_run (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), 0);

  return self->shown;
}

guint
seg_segments_page_get_n_runs (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), 0);

  return self->run_ids->len;
}

static SegRunManager *
get_run_manager (SegSegmentsPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));

  return session != NULL ? seg_session_get_run_manager (session) : NULL;
}

/* Whether an analysis is under way in the window: one at a time. */
gboolean
seg_segments_page_get_busy (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  return get_run_manager (self) != NULL && seg_run_manager_get_busy (get_run_manager (self));
}

SegMapView *
seg_segments_page_get_map_view (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), NULL);

  return self->map_view;
}

GtkListBox *
seg_segments_page_get_profile_list (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), NULL);

  return self->profile_list;
}

/* Whether the side panel of segment cards lies over the map, hidden until
 * its toggle is pressed, because the window is too narrow for both. */
gboolean
seg_segments_page_get_panel_folded (SegSegmentsPage *self)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  return adw_flap_get_folded (self->flap);
}

static void
on_run_finished (SegRunManager   *manager,
                 SegRun          *run,
                 const GError    *error,
                 SegSegmentsPage *self)
{
  update_actions (self);

  /* Other kinds are told of by the window. */
  if (seg_model_get_kind (seg_run_get_model (run)) != SEG_MODEL_KIND_SEGMENTATION)
    return;

  /* The run belongs to a project closed since: its news are not this
   * one's. */
  {
    g_autoptr(SegProject) project = NULL;

    g_object_get (run, "project", &project, NULL);
    if (project != self->project)
      return;
  }

  if (error == NULL)
    {
      const SegRunRecord *record = seg_run_get_record (run);
      g_autofree char *message = g_strdup_printf (_("Run %" PRId64 " found its segments"), record->id);

      seg_segments_page_reload (self, record->id);
      show_toast (self, message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, _("Segmentation cancelled; the project is as it was"));
  else if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_error (self, _("Could Not Find Segments"), error);
}

/**
 * seg_segments_page_start:
 * @run: (transfer none): a run to start
 *
 * Asks the window's run manager to run a segmentation; it shows the
 * progress and a Cancel button, and when the run succeeds the page shows
 * it. While another run is under way, the page says so instead.
 */
void
seg_segments_page_start (SegSegmentsPage *self,
                         SegRun          *run)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SEG_IS_SEGMENTS_PAGE (self));
  g_return_if_fail (SEG_IS_RUN (run));
  g_return_if_fail (get_run_manager (self) != NULL);

  if (!seg_run_manager_start (get_run_manager (self), run, &error))
    show_error (self, _("Could Not Start the Analysis"), error);
}

/* The tree's cut let go at another number of segments: a new run of
 * the same model, data and parameters finds them. */
static void
on_cut_chosen (SegDendrogramView *view,
               guint              k,
               SegSegmentsPage   *self)
{
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  if (self->project == NULL || get_run_manager (self) == NULL)
    return;
  run = seg_dendrogram_new_run (self->project, seg_dendrogram_view_get_run (view), k, &error);
  if (run == NULL)
    show_error (self, _("Could Not Cut the Tree"), error);
  else
    seg_segments_page_start (self, run);
}

/* A run deleted with Undo on offer leaves the picker, and comes back
 * with Undo. */
static void
on_hidden_run_changed (SegSegmentsPage *self)
{
  gint64 hidden = seg_session_get_hidden_run (seg_page_get_session (SEG_PAGE (self)));

  seg_segments_page_reload (self, self->shown == hidden ? 0 : self->shown);
}

static void
seg_segments_page_session_changed (SegPage    *page,
                                   SegSession *session)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (page);

  if (session != NULL)
    {
      SegRunManager *manager = seg_session_get_run_manager (session);

      g_signal_connect_object (manager, "notify::busy", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (manager, "finished", G_CALLBACK (on_run_finished), self, 0);
      g_signal_connect_object (session, "notify::hidden-run", G_CALLBACK (on_hidden_run_changed), self,
                               G_CONNECT_SWAPPED);
    }
  update_actions (self);
}

static void
seg_segments_page_show_run (SegPage *page,
                            gint64   run)
{
  seg_segments_page_reload (SEG_SEGMENTS_PAGE (page), run);
}

/* Actions -------------------------------------------------------------- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SegModelDialog *dialog;

  if (self->project == NULL)
    return;
  dialog = seg_model_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->project,
                                 SEG_MODEL_KIND_SEGMENTATION);
  seg_model_dialog_set_session (dialog, seg_page_get_session (SEG_PAGE (self)));
  if (parameter != NULL)
    seg_model_dialog_set_table (dialog, g_variant_get_string (parameter, NULL));
  /* The dialog is modal and New Segmentation is off while a run goes on,
   * so the page is free when the run is asked for. */
  g_signal_connect_object (dialog, "run-requested", G_CALLBACK (seg_segments_page_start), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Scored: the Data page lists the new table, and the segmentation form
 * opens on it, the next step. */
static void
on_scored (SegRfmDialog    *dialog,
           const char      *table,
           gint64           customers,
           SegSegmentsPage *self)
{
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Scored %" PRId64 " customer into %s",
                                                           "Scored %" PRId64 " customers into %s", customers),
                                              customers, table);

  show_toast (self, message);
  gtk_widget_activate_action (GTK_WIDGET (self), "segments.new-for", "s", table);
}

static void
score_customers_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SegRfmDialog *dialog;

  if (self->project == NULL)
    return;
  dialog = seg_rfm_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->project);
  if (seg_page_get_session (SEG_PAGE (self)) != NULL &&
      seg_session_get_segment (seg_page_get_session (SEG_PAGE (self))) != NULL)
    seg_rfm_dialog_set_segment (dialog, seg_segment_get_name (seg_session_get_segment (seg_page_get_session (SEG_PAGE (self)))));
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_scored), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegRunManager *manager = get_run_manager (SEG_SEGMENTS_PAGE (widget));

  if (manager != NULL)
    seg_run_manager_cancel (manager);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);

  if (g_str_equal (action_name, "segments.zoom-in"))
    seg_map_view_zoom (self->map_view, 1.5);
  else if (g_str_equal (action_name, "segments.zoom-out"))
    seg_map_view_zoom (self->map_view, 1 / 1.5);
  else
    seg_map_view_reset_view (self->map_view);
}

/**
 * seg_segments_page_export_target_list:
 * @path: the CSV file to write
 * @figures: whether to keep the map coordinates and silhouettes
 *
 * Writes the rows selected on the map as a CSV target list that Excel
 * opens: every column of the run's result table, each row's segment by
 * its name, the map's figures left out unless asked for (then rounded),
 * and the customers' names and addresses when the project has them.
 *
 * Returns: whether the file was written
 */
gboolean
seg_segments_page_export_target_list (SegSegmentsPage  *self,
                                      const char       *path,
                                      gboolean          figures,
                                      GError          **error)
{
  const SegRunPoints *points;
  g_autoptr(GFile) file = NULL;
  SegTargetList target = { NULL, NULL, figures };
  SegExportJoin join = { NULL, NULL, NULL, NULL };
  SegExportRows rows;

  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  points = seg_map_view_get_points (self->map_view);
  if (points == NULL || seg_map_view_get_n_selected (self->map_view) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Select rows on the map first: hold Shift and drag around them"));
      return FALSE;
    }
  file = g_file_new_for_path (path);
  target.names = (const char *const *) self->segment_names;
  target.noise = self->noise_name;
  /* With the customers' names and addresses, when the project has them:
   * a list to hand on. */
  if (points->people != NULL)
    join = (SegExportJoin) { points->people, points->key_name, points->people_key, NULL };

  rows = (SegExportRows) {
    points->table, seg_map_view_get_selection (self->map_view), points->n,
    points->people != NULL ? &join : NULL, &target,
  };

  return seg_project_export_file (self->project, &rows, file, SEG_EXPORT_BOM, NULL, error);
}

/**
 * seg_segments_page_export_selection:
 * @path: the CSV file to write
 *
 * Writes the rows selected on the map as a target list, without the
 * map's figures: see seg_segments_page_export_target_list().
 *
 * Returns: whether the file was written
 */
gboolean
seg_segments_page_export_selection (SegSegmentsPage  *self,
                                    const char       *path,
                                    GError          **error)
{
  return seg_segments_page_export_target_list (self, path, FALSE, error);
}

/* Deleting a run --------------------------------------------------------- */

/**
 * seg_segments_page_delete_run:
 * @id: a run of the project
 *
 * Deletes a run and its result tables; the page then shows the run it
 * showed, or the newest left if that was the one.
 *
 * Returns: whether it was deleted
 */
gboolean
seg_segments_page_delete_run (SegSegmentsPage  *self,
                              gint64            id,
                              GError          **error)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  if (self->project == NULL || id <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("No segmentation is shown"));
      return FALSE;
    }
  if (!seg_project_delete_run (self->project, id, error))
    return FALSE;
  seg_segments_page_reload (self, self->shown == id ? 0 : self->shown);
  return TRUE;
}

/**
 * seg_segments_page_delete_run_with_undo:
 * @id: a run of the project
 *
 * Hides a run from the pages and offers Undo in a toast; the run and its
 * tables are deleted once the toast goes. Without a window to show the
 * toast in, the run is deleted at once.
 *
 * Returns: whether the run is gone from view
 */
gboolean
seg_segments_page_delete_run_with_undo (SegSegmentsPage  *self,
                                        gint64            id,
                                        GError          **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  title = g_strdup_printf (_("Run %" PRId64 " deleted"), id);
  if (self->project == NULL || id <= 0 ||
      !seg_page_delete_later (SEG_PAGE (self), SEG_DELETABLE_RUN, id, title, _("Could Not Delete the Segmentation")))
    return seg_segments_page_delete_run (self, id, error);

  return TRUE;
}

/**
 * seg_segments_page_show_members:
 * @run: the run whose map to show, or 0 for the one shown
 * @keys: (array zero-terminated=1): the customers to select on it
 *
 * Shows a saved segment on the map: its run, once loaded, with its
 * customers selected.
 */
void
seg_segments_page_show_members (SegSegmentsPage   *self,
                                gint64             run,
                                const char *const *keys)
{
  g_return_if_fail (SEG_IS_SEGMENTS_PAGE (self));

  g_strfreev (self->members);
  self->members = g_strdupv ((char **) keys);
  if ((run <= 0 || run == self->shown) && self->load_cancellable == NULL)
    {
      g_auto(GStrv) members = g_steal_pointer (&self->members);

      seg_map_view_select_keys (self->map_view, (const char *const *) members);
      show_segment_in_use (self);
    }
  else if (run > 0 && run != self->shown)
    seg_segments_page_reload (self, run);
}

static void
on_delete_confirmed (AdwMessageDialog *dialog,
                     const char       *response,
                     SegSegmentsPage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "run"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!seg_segments_page_delete_run_with_undo (self, id, &error))
    show_error (self, _("Could Not Delete the Segmentation"), error);
}

/**
 * seg_segments_page_confirm_delete:
 * @id: a run of the project
 *
 * Asks, naming the tables that go with it, before deleting a run.
 */
void
seg_segments_page_confirm_delete (SegSegmentsPage *self,
                                  gint64           id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(SegRunRecord) record = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_if_fail (SEG_IS_SEGMENTS_PAGE (self));

  if (self->project == NULL || (record = seg_project_get_run (self->project, id, NULL)) == NULL)
    return;

  heading = g_strdup_printf (_("Delete Run %" PRId64 "?"), record->id);
  tables = record->result_tables != NULL ? g_strjoinv (", ", record->result_tables) : g_strdup ("");
  body = g_strdup_printf (_("The segments it found and its tables (%s) are deleted for good. "
                            "The table it read, “%s”, stays."),
                          tables, record->input_table);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "run", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);

  if (self->shown > 0)
    seg_segments_page_confirm_delete (self, self->shown);
}

/* Saving to a file the user names ---------------------------------------- */

/* Writes to @path and returns the toast to show, or NULL with @error. */
typedef char *(*SaveFunc) (SegSegmentsPage  *self,
                           const char       *path,
                           GError          **error);

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         data)
{
  g_autoptr(SegSegmentsPage) self = data;
  SaveFunc save = g_object_get_data (G_OBJECT (chooser), "save");
  g_autofree char *heading = g_strdup (g_object_get_data (G_OBJECT (chooser), "heading"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      const char *figures = g_object_get_data (G_OBJECT (chooser), "figures") != NULL
                            ? gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "figures") : NULL;

      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      self->export_figures = g_strcmp0 (figures, "true") == 0;
    }
  g_object_unref (chooser);
  if (path == NULL)
    return;

  message = save (self, path, &error);
  if (message == NULL)
    show_error (self, heading, error);
  else
    show_toast (self, message);
}

/* Asks where to save, then saves there; @heading titles a failure.
 * With @figures, the dialog offers to keep the map's figures. */
static void
choose_and_save (SegSegmentsPage *self,
                 const char      *title,
                 const char      *name,
                 GtkFileFilter   *filter,
                 gboolean         figures,
                 SaveFunc         save,
                 const char      *heading)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (figures)
    {
      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "figures",
                                   _("Include the map coordinates and silhouettes"), NULL, NULL);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "figures", "false");
      g_object_set_data (G_OBJECT (chooser), "figures", GINT_TO_POINTER (TRUE));
    }
  g_object_set_data (G_OBJECT (chooser), "save", save);
  g_object_set_data_full (G_OBJECT (chooser), "heading", g_strdup (heading), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * seg_segments_page_set_chart:
 * @name: "map" or "silhouette"
 */
void
seg_segments_page_set_chart (SegSegmentsPage *self,
                             const char      *name)
{
  g_return_if_fail (SEG_IS_SEGMENTS_PAGE (self));

  gtk_stack_set_visible_child_name (self->chart_stack, name);
}

/**
 * seg_segments_page_export_chart:
 * @path: a .png, .svg or .pdf file
 *
 * Writes the chart in view: the map as it is zoomed, or the silhouettes.
 *
 * Returns: whether the file was written
 */
gboolean
seg_segments_page_export_chart (SegSegmentsPage  *self,
                                const char       *path,
                                GError          **error)
{
  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), FALSE);

  if (seg_map_view_get_points (self->map_view) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("There is no chart to export yet"));
      return FALSE;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->chart_stack), "silhouette") == 0)
    return seg_plot_export (path, 900, 600, draw_silhouette, self, error);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->chart_stack), "k") == 0)
    return seg_how_many_export (self->how_many, path, error);
  return seg_map_view_export (self->map_view, path, error);
}

/**
 * seg_segments_page_dup_chart_file_name:
 *
 * Returns: (transfer full): the file name the chart in view is offered
 *   under, saying which chart it is: "segments-map.png", "silhouette.png",
 *   "how-many-segments.png" or, for DBSCAN, "k-distance.png"
 */
char *
seg_segments_page_dup_chart_file_name (SegSegmentsPage *self)
{
  const char *chart;

  g_return_val_if_fail (SEG_IS_SEGMENTS_PAGE (self), NULL);

  chart = gtk_stack_get_visible_child_name (self->chart_stack);
  /* TRANSLATORS: file names; keep them to letters, digits and dashes */
  if (g_strcmp0 (chart, "silhouette") == 0)
    return g_strdup (_("silhouette.png"));
  if (g_strcmp0 (chart, "k") == 0)
    return g_strdup (seg_how_many_get_curve (self->how_many) != NULL ? _("k-distance.png")
                                                                     : _("how-many-segments.png"));
  return g_strdup (_("segments-map.png"));
}

static char *
save_chart (SegSegmentsPage  *self,
            const char       *path,
            GError          **error)
{
  g_autofree char *base = g_path_get_basename (path);

  if (!seg_segments_page_export_chart (self, path, error))
    return NULL;
  return g_strdup_printf (_("Saved the chart as %s"), base);
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);
  g_autofree char *name = seg_segments_page_dup_chart_file_name (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PNG, SVG or PDF"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_filter_add_suffix (filter, "pdf");
  choose_and_save (self, _("Export Chart"), name, filter, FALSE, save_chart, _("Could Not Export the Chart"));
}

static char *
save_selection (SegSegmentsPage  *self,
                const char       *path,
                GError          **error)
{
  g_autofree char *base = g_path_get_basename (path);
  gsize selected = seg_map_view_get_n_selected (self->map_view);

  if (!seg_segments_page_export_target_list (self, path, self->export_figures, error))
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %'zu row as %s", "Saved %'zu rows as %s", selected),
                          selected, base);
}

static void
export_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);
  g_autofree char *name = g_strdup_printf (_("target-list-run-%" PRId64 ".csv"), self->shown);

  choose_and_save (self, _("Export Selection"), name, NULL, TRUE, save_selection, _("Could Not Export the Selection"));
}

static void
on_save_segment_response (AdwMessageDialog *dialog,
                          const char       *response,
                          SegSegmentsPage  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  g_autoptr(JsonNode) source = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JsonObject *where = json_object_new ();

  if (g_strcmp0 (response, "save") != 0 || session == NULL)
    {
      json_object_unref (where);
      return;
    }

  json_object_set_int_member (where, "run", self->shown);
  json_object_set_boolean_member (where, "selection", TRUE);
  json_node_take_object (source, where);
  segment = seg_session_save_selection (session, gtk_editable_get_text (entry), source, &error);
  if (segment == NULL)
    {
      show_error (self, _("Could Not Save the Segment"), error);
      return;
    }
  message = seg_view_describe_saved (segment);
  show_toast (self, message);
}

/* Keeps the customers selected on the map as a named segment, to find
 * again on every page. */
static void
save_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (widget);
  g_autofree char *body = NULL;
  gsize selected = seg_map_view_get_n_selected (self->map_view);

  if (selected == 0)
    return;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Give the %'zu selected customer a name to find them again, on every page.",
                                       "Give the %'zu selected customers a name to find them again, on every page.",
                                       selected),
                          selected);
  seg_page_ask_segment_name (SEG_PAGE (self), body, _("For example: VIPs for the spring offer"),
                             G_CALLBACK (on_save_segment_response));
}

static void
seg_segments_page_dispose (GObject *object)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  cancel_profiles (self);
  g_clear_pointer (&self->segment_names, g_strfreev);
  g_clear_pointer (&self->noise_name, g_free);
  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
  g_clear_object (&self->runs);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_SEGMENTS_PAGE);

  G_OBJECT_CLASS (seg_segments_page_parent_class)->dispose (object);
}

static void
seg_segments_page_finalize (GObject *object)
{
  SegSegmentsPage *self = SEG_SEGMENTS_PAGE (object);

  g_array_unref (self->run_ids);
  g_strfreev (self->members);

  G_OBJECT_CLASS (seg_segments_page_parent_class)->finalize (object);
}

static void
seg_segments_page_class_init (SegSegmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_segments_page_dispose;
  object_class->finalize = seg_segments_page_finalize;
  SEG_PAGE_CLASS (klass)->project_changed = seg_segments_page_project_changed;
  SEG_PAGE_CLASS (klass)->session_changed = seg_segments_page_session_changed;
  SEG_PAGE_CLASS (klass)->show_run = seg_segments_page_show_run;
  SEG_PAGE_CLASS (klass)->kinds = 1u << SEG_MODEL_KIND_SEGMENTATION;

  g_type_ensure (SEG_TYPE_MAP_PANEL);
  g_type_ensure (SEG_TYPE_DENDROGRAM_VIEW);
  g_type_ensure (SEG_TYPE_HOW_MANY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-segments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, flap);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, runs_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, map_panel);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, tree_page);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, dendrogram_view);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, silhouette_area);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, how_many);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, quality_label);
  gtk_widget_class_bind_template_child (widget_class, SegSegmentsPage, profile_list);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_activated);

  gtk_widget_class_install_action (widget_class, "segments.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "segments.new-for", "s", new_action);
  gtk_widget_class_install_action (widget_class, "segments.score-customers", NULL, score_customers_action);
  gtk_widget_class_install_action (widget_class, "segments.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "segments.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "segments.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "segments.reset-view", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "segments.export-chart", NULL, export_chart_action);
  gtk_widget_class_install_action (widget_class, "segments.export-selection", NULL, export_selection_action);
  gtk_widget_class_install_action (widget_class, "segments.save-segment", NULL, save_segment_action);
  gtk_widget_class_install_action (widget_class, "segments.compare-k", NULL, compare_k_action);
  gtk_widget_class_install_action (widget_class, "segments.select-none", NULL, select_none_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "segments.select-none", NULL);
  gtk_widget_class_install_action (widget_class, "segments.delete-run", NULL, delete_run_action);
  gtk_widget_class_install_action (widget_class, "segments.cancel-compare", NULL, cancel_compare_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "segments.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "segments.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "segments.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "segments.reset-view", NULL);
}

static void
seg_segments_page_init (SegSegmentsPage *self)
{
  self->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  self->map_view = seg_map_panel_get_map_view (self->map_panel);
  g_signal_connect_object (self->dendrogram_view, "cut-chosen", G_CALLBACK (on_cut_chosen), self, 0);

  g_signal_connect_object (self->runs_dropdown, "notify::selected", G_CALLBACK (on_run_chosen), self, 0);
  gtk_drawing_area_set_draw_func (self->silhouette_area, draw_silhouette_area, self, NULL);
  g_signal_connect_object (self->how_many, "notify::comparing", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->how_many, "run-requested", G_CALLBACK (seg_segments_page_start), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_stack, "notify::visible-child-name", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "notify::n-selected", G_CALLBACK (on_selection_changed), self, 0);
  update_actions (self);
}
