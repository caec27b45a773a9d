/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-recommend-page.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "seg-audience-view.h"
#include "seg-column-sorter.h"
#include "seg-recommender-refresh.h"
#include "seg-evaluation-view.h"
#include "seg-run-record.h"
#include "seg-session.h"
#include "seg-view-helpers.h"

/*
 * The Recommendations page: which products to offer each customer, from
 * a recommendation run picked at the top. The Offers view pages through
 * the run's result table (100,000 customers are a million rows), sorted
 * by any column and kept to a search, a group of customers (a saved
 * segment, a segment of a segmentation, the map's selection), and writes
 * what it shows as a target list or keeps its customers as a segment.
 * The other views of the run, who buys a product and how good the
 * offers are, sit beside it.
 */

typedef enum
{
  FILTER_ALL,
  FILTER_SELECTION,
  FILTER_SEGMENT,
  FILTER_CLUSTER,
} FilterKind;

typedef struct
{
  FilterKind kind;
  gint64     id;       /* the segment, or the segmentation run */
  int        cluster;
} FilterChoice;

enum {
  COLUMN_CUSTOMER,
  COLUMN_NAME,
  COLUMN_RANK,
  COLUMN_ITEM,
  COLUMN_ITEM_NAME,
  COLUMN_SCORE,
  COLUMN_REASON,
  N_COLUMNS
};

struct _SegRecommendPage
{
  SegPage               parent_instance;

  GtkStack             *stack;
  AdwStatusPage        *empty_status;
  GtkRevealer          *stale_revealer;
  GtkLabel             *stale_label;
  GtkWidget            *refresh_button;
  GtkDropDown          *run_drop;
  GtkStack             *body;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *filter_drop;
  GtkLabel             *count_label;
  GtkStack             *offers_stack;
  GtkColumnView        *column_view;
  GtkWidget            *audience_view;
  GtkWidget            *evaluation_view;
  GtkColumnViewColumn  *columns[N_COLUMNS];

  SegProject           *project;
  GListModel           *runs;        /* the project's, observed */
  GArray               *run_ids;     /* gint64 by run_drop position */
  GArray               *choices;     /* FilterChoice by filter_drop position */
  FilterChoice          choice;      /* the one in force */
  gint64                shown;
  SegOfferList         *offers;
  GCancellable         *query_cancellable;
  gboolean              querying;
  gboolean              updating;    /* filling the drop-downs */
  guint                 search_source;
  GStrv                 selection;   /* the map's selection when filtered by it */
  GCancellable         *refresh_cancellable; /* while a refresh runs */
};

G_DEFINE_FINAL_TYPE (SegRecommendPage, seg_recommend_page, SEG_TYPE_PAGE)

static void query        (SegRecommendPage *self);
static void fill_filters (SegRecommendPage *self);

/* Words ------------------------------------------------------------------ */

/* “1st”, “2nd” … for an offer's place among a customer's offers. */
static char *
format_place (int rank)
{
  int tens = rank % 100;

  if (tens < 11 || tens > 13)
    switch (rank % 10)
      {
      case 1: return g_strdup_printf (_("%dst"), rank);
      case 2: return g_strdup_printf (_("%dnd"), rank);
      case 3: return g_strdup_printf (_("%drd"), rank);
      default: break;
      }
  return g_strdup_printf (_("%dth"), rank);
}

static void
update_count (SegRecommendPage *self)
{
  g_autofree char *text = NULL;
  guint n, customers;

  if (self->offers == NULL)
    {
      gtk_label_set_label (self->count_label, "");
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->offers));
  customers = seg_offer_list_get_n_customers (self->offers);
  if (self->querying)
    text = g_strdup (_("Finding the offers…"));
  else if (customers > 0 || n == 0)
    {
      g_autofree char *offers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u offer", "%'u offers", n), n);

      /* TRANSLATORS: "12 offers for 3 customers" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s for %'u customer", "%s for %'u customers", customers),
                              offers, customers);
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u offer", "%'u offers", n), n);
  gtk_label_set_label (self->count_label, text);
}

static void
update_state (SegRecommendPage *self)
{
  gboolean have_rows = self->offers != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->offers)) > 0;
  GtkWidget *widget = GTK_WIDGET (self);
  SegRunManager *manager = seg_page_get_session (SEG_PAGE (self)) != NULL
                           ? seg_session_get_run_manager (seg_page_get_session (SEG_PAGE (self))) : NULL;
  gboolean busy = manager != NULL && seg_run_manager_get_busy (manager);

  gtk_stack_set_visible_child_name (self->stack, self->shown > 0 ? "run" : "empty");
  if (self->offers == NULL || have_rows)
    gtk_stack_set_visible_child_name (self->offers_stack, "list");
  else if (seg_offer_list_get_filtered (self->offers))
    gtk_stack_set_visible_child_name (self->offers_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->offers_stack, "no-rows");

  gtk_widget_action_set_enabled (widget, "recommend.new", self->project != NULL && !busy);
  gtk_widget_action_set_enabled (widget, "recommend.refit", self->shown > 0 && !busy && self->refresh_cancellable == NULL);
  gtk_widget_action_set_enabled (widget, "recommend.export", have_rows && !self->querying);
  gtk_widget_action_set_enabled (widget, "recommend.save-segment", have_rows && !self->querying);
  gtk_widget_action_set_enabled (widget, "recommend.clear-filters", self->offers != NULL);
  update_count (self);
}

/* The stale banner: the orders changed since the run read them. */
static void
update_stale (SegRecommendPage *self)
{
  g_autoptr(SegRunRecord) record = NULL;
  gint64 new_rows = 0;
  gboolean stale = FALSE;

  if (self->project != NULL && self->shown > 0)
    record = seg_project_get_run (self->project, self->shown, NULL);
  if (record != NULL)
    stale = seg_run_record_is_stale (record, self->project, &new_rows);
  /* Refresh where the run kept its model; Refit always. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommend.refresh",
                                 stale && self->refresh_cancellable == NULL &&
                                 seg_recommender_can_refresh (self->project, record, NULL));
  if (self->refresh_cancellable != NULL)
    gtk_label_set_label (self->stale_label, _("Bringing the offers up to date with the new orders…"));
  else if (stale)
    {
      g_autofree char *text = NULL;

      if (new_rows > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%'" PRId64 " new order line since these recommendations were made",
                                             "%'" PRId64 " new order lines since these recommendations were made",
                                             (gulong) MIN (new_rows, G_MAXLONG)),
                                new_rows);
      else
        text = g_strdup (_("The orders changed since these recommendations were made"));
      gtk_label_set_label (self->stale_label, text);
    }
  gtk_revealer_set_reveal_child (self->stale_revealer, stale || self->refresh_cancellable != NULL);
}

/* Runs ------------------------------------------------------------------- */

static gboolean
is_offer_run (SegRunRecord *record)
{
  return record->kind == SEG_MODEL_KIND_RECOMMENDATION && !seg_run_record_is_evaluation (record) &&
         g_strcmp0 (record->status, "succeeded") == 0;
}

static void show_run (SegRecommendPage *self,
                      gint64            id);

/* The run picker: the recommendation runs, newest first. */
static void
fill_runs (SegRecommendPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = self->runs != NULL ? g_list_model_get_n_items (self->runs) : 0;
  guint selected = GTK_INVALID_LIST_POSITION;
  gint64 keep = self->shown;

  g_array_set_size (self->run_ids, 0);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(SegRunRecord) record = g_list_model_get_item (self->runs, i - 1);
      g_autofree char *name = NULL;
      double customers;

      if (!is_offer_run (record))
        continue;
      customers = seg_run_record_get_metric (record, "customers");
      if (isfinite (customers))
        name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Run %" PRId64 " · %s · %'.0f customer",
                                             "Run %" PRId64 " · %s · %'.0f customers", (gulong) customers),
                                record->id, seg_run_record_get_title (record), customers);
      else
        name = g_strdup_printf (_("Run %" PRId64 " · %s"), record->id, seg_run_record_get_title (record));
      if (record->id == keep)
        selected = self->run_ids->len;
      g_array_append_val (self->run_ids, record->id);
      gtk_string_list_append (names, name);
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->run_drop, G_LIST_MODEL (names));
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->run_drop, selected);
  self->updating = FALSE;

  /* The run shown was deleted, or none was: the newest. */
  if (selected == GTK_INVALID_LIST_POSITION)
    show_run (self, self->run_ids->len > 0 ? g_array_index (self->run_ids, gint64, 0) : 0);
  else
    update_stale (self);
}

static void
on_runs_changed (GListModel       *runs,
                 guint             position,
                 guint             removed,
                 guint             added,
                 SegRecommendPage *self)
{
  fill_runs (self);
  /* A new segmentation brings its segments to filter by. */
  fill_filters (self);
}

static void
on_run_selected (GtkDropDown      *drop,
                 GParamSpec       *pspec,
                 SegRecommendPage *self)
{
  guint selected = gtk_drop_down_get_selected (drop);

  if (self->updating || selected >= self->run_ids->len)
    return;
  show_run (self, g_array_index (self->run_ids, gint64, selected));
}

/* Filters --------------------------------------------------------------- */

static gboolean
same_choice (const FilterChoice *a,
             const FilterChoice *b)
{
  return a->kind == b->kind && a->id == b->id && a->cluster == b->cluster;
}

static void
add_choice (SegRecommendPage   *self,
            GtkStringList      *names,
            const FilterChoice *choice,
            const char         *name)
{
  g_array_append_val (self->choices, *choice);
  gtk_string_list_append (names, name);
}

/* The groups of customers to keep to: every customer, the map's
 * selection, each saved segment, each segment of each segmentation. */
static void
fill_filters (SegRecommendPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  GListModel *segments = session != NULL ? seg_session_get_segments (session) : NULL;
  guint selected = 0;
  FilterChoice choice = { FILTER_ALL, 0, 0 };
  guint n_selected = session != NULL ? seg_session_get_n_selected (session) : 0;

  g_array_set_size (self->choices, 0);
  add_choice (self, names, &choice, _("Every customer"));
  if (n_selected > 0 || self->choice.kind == FILTER_SELECTION)
    {
      g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Selected on the map (%'u customer)",
                                                            "Selected on the map (%'u customers)", n_selected),
                                               n_selected);

      choice = (FilterChoice) { FILTER_SELECTION, 0, 0 };
      add_choice (self, names, &choice, name);
    }
  for (guint i = 0; segments != NULL && i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);
      g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%'" PRId64 " customer)",
                                                            "%s (%'" PRId64 " customers)",
                                                            (gulong) MIN (seg_segment_get_size (segment), G_MAXLONG)),
                                               seg_segment_get_name (segment), seg_segment_get_size (segment));

      choice = (FilterChoice) { FILTER_SEGMENT, seg_segment_get_id (segment), 0 };
      add_choice (self, names, &choice, name);
    }
  for (guint i = self->runs != NULL ? g_list_model_get_n_items (self->runs) : 0; i > 0; i--)
    {
      g_autoptr(SegRunRecord) record = g_list_model_get_item (self->runs, i - 1);
      double k = seg_run_record_get_metric (record, "k");

      if (record->kind != SEG_MODEL_KIND_SEGMENTATION || g_strcmp0 (record->status, "succeeded") != 0 ||
          !isfinite (k) || k < 1)
        continue;
      for (int c = 1; c <= (int) k && c <= 64; c++)
        {
          /* TRANSLATORS: a segment found by a segmentation run */
          g_autofree char *name = g_strdup_printf (_("Segment %d of run %" PRId64), c, record->id);

          choice = (FilterChoice) { FILTER_CLUSTER, record->id, c };
          add_choice (self, names, &choice, name);
        }
    }
  for (guint i = 0; i < self->choices->len; i++)
    if (same_choice (&g_array_index (self->choices, FilterChoice, i), &self->choice))
      selected = i;

  self->updating = TRUE;
  gtk_drop_down_set_model (self->filter_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->filter_drop, selected);
  self->updating = FALSE;

  /* A group that is gone no longer filters. */
  if (!same_choice (&g_array_index (self->choices, FilterChoice, selected), &self->choice))
    {
      self->choice = g_array_index (self->choices, FilterChoice, selected);
      query (self);
    }
}

static void
on_filter_selected (GtkDropDown      *drop,
                    GParamSpec       *pspec,
                    SegRecommendPage *self)
{
  guint selected = gtk_drop_down_get_selected (drop);
  SegSession *session = seg_page_get_session (SEG_PAGE (self));

  if (self->updating || selected >= self->choices->len)
    return;
  self->choice = g_array_index (self->choices, FilterChoice, selected);
  g_clear_pointer (&self->selection, g_strfreev);
  if (self->choice.kind == FILTER_SELECTION && session != NULL)
    self->selection = seg_session_dup_selection (session);
  query (self);
}

static void
on_segments_changed (GListModel       *segments,
                     guint             position,
                     guint             removed,
                     guint             added,
                     SegRecommendPage *self)
{
  fill_filters (self);
}

static void
on_selection_changed (SegSession       *session,
                      GParamSpec       *pspec,
                      SegRecommendPage *self)
{
  fill_filters (self);
}

/* Queries ---------------------------------------------------------------- */

static SegOfferSort
view_sort (SegRecommendPage *self,
           gboolean         *descending)
{
  static const SegOfferSort sorts[N_COLUMNS] = {
    SEG_OFFER_SORT_CUSTOMER, SEG_OFFER_SORT_NAME, SEG_OFFER_SORT_RANK, SEG_OFFER_SORT_ITEM,
    SEG_OFFER_SORT_ITEM_NAME, SEG_OFFER_SORT_SCORE, SEG_OFFER_SORT_REASON,
  };
  int column = -1;

  *descending = FALSE;
  if (!seg_column_sorter_get_primary (gtk_column_view_get_sorter (self->column_view), &column, descending) ||
      column < 0 || column >= N_COLUMNS)
    return SEG_OFFER_SORT_STORED;
  return sorts[column];
}

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SegRecommendPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!seg_offer_list_query_finish (SEG_OFFER_LIST (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (SEG_OFFER_LIST (source) != self->offers)
    return;
  self->querying = FALSE;
  g_clear_object (&self->query_cancellable);
  if (error != NULL)
    seg_page_show_error (SEG_PAGE (self), _("Could Not Show the Offers"), error);
  update_state (self);
}

/* Asks the list for the offers the search, the group and the order of
 * the columns keep; the last one wins: a query still running is
 * cancelled, so that the new one's first rows show at once. Until a
 * query completes, only its first rows may show, so the export and the
 * saved segment wait for it. */
static void
query (SegRecommendPage *self)
{
  SegOfferFilter filter = { 0 };
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->offers == NULL)
    return;
  if (self->querying)
    {
      g_cancellable_cancel (self->query_cancellable);
      g_clear_object (&self->query_cancellable);
      self->querying = FALSE;
    }
  filter.search = search;
  filter.sort = view_sort (self, &filter.descending);
  switch (self->choice.kind)
    {
    case FILTER_SELECTION:
      filter.keys = (const char *const *) (self->selection != NULL ? self->selection : (GStrv) (const char *[]) { NULL });
      break;
    case FILTER_SEGMENT:
      filter.segment = self->choice.id;
      break;
    case FILTER_CLUSTER:
      filter.cluster_run = self->choice.id;
      filter.cluster = self->choice.cluster;
      break;
    case FILTER_ALL:
    default:
      break;
    }
  self->querying = TRUE;
  self->query_cancellable = g_cancellable_new ();
  seg_offer_list_query_async (self->offers, &filter, self->query_cancellable, on_queried, g_object_ref (self));
  update_state (self);
}

static gboolean
search_now (gpointer data)
{
  SegRecommendPage *self = data;

  self->search_source = 0;
  query (self);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (GtkSearchEntry   *entry,
                   SegRecommendPage *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_timeout_add (150, search_now, self);
}

static void
on_sorter_changed (GtkSorter        *sorter,
                   GtkSorterChange   change,
                   SegRecommendPage *self)
{
  query (self);
}

static void
on_max_score (SegOfferList     *offers,
              GParamSpec       *pspec,
              SegRecommendPage *self)
{
  /* The bars are drawn against the best score: redraw those shown. */
  gtk_widget_queue_draw (GTK_WIDGET (self->column_view));
}

static void
drop_offers (SegRecommendPage *self)
{
  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->querying = FALSE;
  if (self->offers != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->offers, on_max_score, self);
      g_signal_handlers_disconnect_by_func (self->offers, update_state, self);
    }
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->offers);
}

/* The views beside the offers follow the page's project, session and
 * run, once they are there. */
static void
set_view_object (GtkWidget  *view,
                 const char *name,
                 gpointer    value)
{
  g_object_set (view, name, value, NULL);
}

static void
set_view_run (GtkWidget *view,
              gint64     run)
{
  g_object_set (view, "run", run, NULL);
}

static void
show_run (SegRecommendPage *self,
          gint64            id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;

  if (id == self->shown && self->offers != NULL)
    return;
  drop_offers (self);
  self->shown = 0;
  if (self->project != NULL && id > 0)
    {
      self->offers = seg_offer_list_new (self->project, id, &error);
      if (self->offers == NULL)
        seg_page_show_error (SEG_PAGE (self), _("Could Not Show the Recommendations"), error);
      else
        self->shown = id;
    }
  if (self->offers != NULL)
    {
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->offers)));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
      gtk_column_view_column_set_visible (self->columns[COLUMN_NAME], seg_offer_list_get_people (self->offers) != NULL);
      gtk_column_view_column_set_visible (self->columns[COLUMN_ITEM_NAME], seg_offer_list_get_has_item_names (self->offers));
      g_signal_connect_object (self->offers, "notify::max-score", G_CALLBACK (on_max_score), self, 0);
      /* A query's first rows arrive before it completes. */
      g_signal_connect_object (self->offers, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      for (guint i = 0; i < self->run_ids->len; i++)
        if (g_array_index (self->run_ids, gint64, i) == id)
          {
            self->updating = TRUE;
            gtk_drop_down_set_selected (self->run_drop, i);
            self->updating = FALSE;
          }
      /* The first screen shows at once; the query counts the
       * customers, finds the best score and applies the filters. */
      query (self);
    }
  set_view_run (self->audience_view, self->shown);
  set_view_run (self->evaluation_view, self->shown);
  update_stale (self);
  update_state (self);
}

/* Cells ------------------------------------------------------------------ */

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (data) == COLUMN_RANK ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (GPOINTER_TO_INT (data) == COLUMN_RANK)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  SegOfferRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *place = NULL;
  const char *text = NULL;

  if (row == NULL)
    return;
  switch (GPOINTER_TO_INT (data))
    {
    case COLUMN_CUSTOMER: text = seg_offer_row_get_customer (row); break;
    case COLUMN_NAME: text = seg_offer_row_get_name (row); break;
    case COLUMN_RANK: text = place = format_place (seg_offer_row_get_rank (row)); break;
    case COLUMN_ITEM: text = seg_offer_row_get_item (row); break;
    case COLUMN_ITEM_NAME: text = seg_offer_row_get_item_name (row); break;
    case COLUMN_REASON: text = seg_offer_row_get_reason (row); break;
    default: break;
    }
  gtk_label_set_label (label, text != NULL ? text : "");
  /* Long reasons and names are cut short: the whole on hovering. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
setup_bar (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *bar = gtk_level_bar_new ();

  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 80, -1);
  gtk_list_item_set_child (item, bar);
}

static void
bind_bar (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  data)
{
  SegRecommendPage *self = data;
  SegOfferRow *row = gtk_list_item_get_item (item);
  GtkLevelBar *bar = GTK_LEVEL_BAR (gtk_list_item_get_child (item));
  double best = self->offers != NULL ? seg_offer_list_get_max_score (self->offers) : 0;
  double share;
  g_autofree char *tip = NULL;

  if (row == NULL)
    return;
  /* Until the best score is known, each bar is full. */
  share = best > 0 ? CLAMP (seg_offer_row_get_score (row) / best, 0, 1) : 1;
  gtk_level_bar_set_value (bar, share);
  tip = g_strdup_printf (_("%.0f%% of the best offer’s score (%.3g)"), share * 100, seg_offer_row_get_score (row));
  gtk_widget_set_tooltip_text (GTK_WIDGET (bar), tip);
}

static GtkColumnViewColumn *
add_column (SegRecommendPage *self,
            int               column,
            const char       *title,
            int               width,
            gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;
  g_autoptr(GtkSorter) sorter = seg_column_sorter_new (column);

  if (column == COLUMN_SCORE)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_bar), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_bar), self);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (column));
    }
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->column_view, view_column);
  self->columns[column] = view_column;
  g_object_unref (view_column);
  return view_column;
}

static void
on_activate (GtkColumnView    *view,
             guint             position,
             SegRecommendPage *self)
{
  g_autoptr(SegOfferRow) row = NULL;

  if (self->offers == NULL)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->offers), position);
  /* The customer's own view belongs to the window; without it, nothing. */
  if (row != NULL && seg_offer_row_get_customer (row) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "s", seg_offer_row_get_customer (row));
}

/* Actions ---------------------------------------------------------------- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "win.new-analysis", "s", "recommendation");
}

/* Makes the run shown again from the orders now in the project. */
static void
refit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (widget);
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  if (self->project == NULL || self->shown <= 0 || session == NULL)
    return;
  record = seg_project_get_run (self->project, self->shown, &error);
  if (record != NULL)
    run = seg_run_new_like (self->project, record, &error);
  if (run == NULL || !seg_run_manager_start (seg_session_get_run_manager (session), run, &error))
    seg_page_show_error (SEG_PAGE (self), _("Could Not Make the Recommendations Again"), error);
  update_state (self);
}

static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(SegRecommendPage) self = data;
  g_autoptr(GError) error = NULL;
  SegRefreshSummary summary = { 0 };
  gboolean done;

  done = seg_recommender_refresh_finish (SEG_PROJECT (source), result, &summary, &error);
  g_clear_object (&self->refresh_cancellable);
  if (self->project != SEG_PROJECT (source))
    return;

  if (!done)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        seg_page_show_error (SEG_PAGE (self), _("Could Not Bring the Offers up to Date"), error);
    }
  else
    {
      g_autofree char *title = NULL;

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Offers made again for %'u customer",
                                            "Offers made again for %'u customers",
                                            (gulong) MIN (summary.customers, G_MAXUINT)),
                               (guint) MIN (summary.customers, G_MAXUINT));
      seg_page_show_toast (SEG_PAGE (self), title);
      /* The run's offers changed under the list: read them again. */
      if (self->shown == summary.run)
        {
          drop_offers (self);
          show_run (self, summary.run);
        }
    }
  update_stale (self);
  update_state (self);
}

/* Brings the offers up to date with the order lines added since the
 * run, without fitting the model again: the customers with new orders
 * get their offers made anew from the model the run kept. */
static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (widget);

  if (self->project == NULL || self->shown <= 0 || self->refresh_cancellable != NULL)
    return;
  self->refresh_cancellable = g_cancellable_new ();
  seg_recommender_refresh_async (self->project, self->shown, self->refresh_cancellable,
                                 on_refreshed, g_object_ref (self));
  update_stale (self);
  update_state (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (widget);

  self->choice = (FilterChoice) { FILTER_ALL, 0, 0 };
  g_clear_pointer (&self->selection, g_strfreev);
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->filter_drop, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->updating = FALSE;
  g_clear_handle_id (&self->search_source, g_source_remove);
  query (self);
}

typedef struct
{
  SegRecommendPage *page;
  GFile            *file;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->page);
  g_object_unref (export->file);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(Export) export = data;
  SegRecommendPage *self = export->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (export->file);

  if (seg_offer_list_export_finish (SEG_OFFER_LIST (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Saved the target list as “%s”"), name);

      seg_page_show_toast (SEG_PAGE (self), message);
    }
  else
    {
      g_prefix_error (&error, _("Could not write “%s”: "), name);
      seg_page_show_error (SEG_PAGE (self), _("Could Not Export the Target List"), error);
    }
}

static void
on_export_response (GtkNativeDialog  *chooser,
                    int               response,
                    SegRecommendPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && self->offers != NULL)
    {
      Export *export = g_new0 (Export, 1);

      export->page = g_object_ref (self);
      export->file = g_object_ref (file);
      seg_offer_list_export_async (self->offers, file, NULL, on_exported, export);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = g_strdup_printf (_("offers-run-%" PRId64 ".csv"), self->shown);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Target List"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (widget);
  guint n = self->offers != NULL ? seg_offer_list_get_n_customers (self->offers) : 0;
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Give the %'u customer shown a name to find them again, on every page.",
                                                        "Give the %'u customers shown a name to find them again, on every page.",
                                                        n), n);

  seg_page_ask_to_save_segment (SEG_PAGE (self), body, _("For example: Tea lovers for the spring offer"),
                                (SegPageSaveSegment) seg_recommend_page_save_segment);
}

/* The page ---------------------------------------------------------------- */

static void
on_run_finished (SegRunManager    *manager,
                 SegRun           *run,
                 const GError     *error,
                 SegRecommendPage *self)
{
  const SegRunRecord *record = error == NULL ? seg_run_get_record (run) : NULL;

  /* New recommendations are shown as soon as they are made. */
  if (record != NULL && seg_run_get_project (run) == self->project && is_offer_run ((SegRunRecord *) record))
    {
      fill_runs (self);
      show_run (self, record->id);
    }
  update_stale (self);
  update_state (self);
}

static void
seg_recommend_page_busy_changed (SegPage *page)
{
  update_state (SEG_RECOMMEND_PAGE (page));
}

static void
seg_recommend_page_project_changed (SegPage    *page,
                                    SegProject *project)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (page);
  GListModel *segments;

  drop_offers (self);
  self->shown = 0;
  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
  g_clear_object (&self->runs);
  segments = self->project != NULL ? seg_project_get_segments (self->project) : NULL;
  if (segments != NULL)
    g_signal_handlers_disconnect_by_func (segments, on_segments_changed, self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (self->project, update_stale, self);
  g_set_object (&self->project, project);
  self->choice = (FilterChoice) { FILTER_ALL, 0, 0 };
  g_clear_pointer (&self->selection, g_strfreev);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_clear_handle_id (&self->search_source, g_source_remove);

  if (project != NULL)
    {
      self->runs = g_object_ref (seg_project_get_runs (project));
      g_signal_connect_object (self->runs, "items-changed", G_CALLBACK (on_runs_changed), self, 0);
      g_signal_connect_object (seg_project_get_segments (project), "items-changed",
                               G_CALLBACK (on_segments_changed), self, 0);
      /* New order lines make the offers stale. */
      g_signal_connect_object (project, "changed", G_CALLBACK (update_stale), self, G_CONNECT_SWAPPED);
    }
  adw_status_page_set_title (self->empty_status, project != NULL ? _("No Recommendations Yet") : _("No Project Open"));
  set_view_object (self->audience_view, "project", project);
  set_view_object (self->evaluation_view, "project", project);
  fill_filters (self);
  fill_runs (self);
  update_state (self);
}

static void
seg_recommend_page_session_changed (SegPage    *page,
                                    SegSession *session)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (page);

  if (session == NULL)
    return;
  g_signal_connect_object (session, "notify::n-selected", G_CALLBACK (on_selection_changed), self, 0);
  g_signal_connect_object (seg_session_get_run_manager (session), "finished", G_CALLBACK (on_run_finished), self, 0);
  set_view_object (self->audience_view, "session", session);
  set_view_object (self->evaluation_view, "session", session);
}

static void
seg_recommend_page_show_run (SegPage *page,
                             gint64   run)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (page);

  gtk_stack_set_visible_child_name (self->body, "offers");
  show_run (self, run);
}

static void
seg_recommend_page_dispose (GObject *object)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (object);

  drop_offers (self);
  g_clear_handle_id (&self->search_source, g_source_remove);
  g_cancellable_cancel (self->refresh_cancellable);
  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_runs_changed, self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_func (seg_project_get_segments (self->project), on_segments_changed, self);
  g_clear_object (&self->runs);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (seg_recommend_page_parent_class)->dispose (object);
}

static void
seg_recommend_page_finalize (GObject *object)
{
  SegRecommendPage *self = SEG_RECOMMEND_PAGE (object);

  g_array_unref (self->run_ids);
  g_array_unref (self->choices);
  g_strfreev (self->selection);

  G_OBJECT_CLASS (seg_recommend_page_parent_class)->finalize (object);
}

static void
seg_recommend_page_class_init (SegRecommendPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SegPageClass *page_class = SEG_PAGE_CLASS (klass);

  object_class->dispose = seg_recommend_page_dispose;
  object_class->finalize = seg_recommend_page_finalize;
  page_class->project_changed = seg_recommend_page_project_changed;
  page_class->session_changed = seg_recommend_page_session_changed;
  page_class->show_run = seg_recommend_page_show_run;
  page_class->busy_changed = seg_recommend_page_busy_changed;
  page_class->kinds = 1 << SEG_MODEL_KIND_RECOMMENDATION;

  g_type_ensure (SEG_TYPE_AUDIENCE_VIEW);
  g_type_ensure (SEG_TYPE_EVALUATION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-recommend-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, stale_label);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, run_drop);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, body);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, filter_drop);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, offers_stack);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, audience_view);
  gtk_widget_class_bind_template_child (widget_class, SegRecommendPage, evaluation_view);

  gtk_widget_class_install_action (widget_class, "recommend.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "recommend.refit", NULL, refit_action);
  /* Bringing offers up to date without fitting again comes later; its
   * button shows once the action is enabled. */
  gtk_widget_class_install_action (widget_class, "recommend.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "recommend.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "recommend.save-segment", NULL, save_segment_action);
  gtk_widget_class_install_action (widget_class, "recommend.clear-filters", NULL, clear_filters_action);
}

static void
seg_recommend_page_init (SegRecommendPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->run_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->choices = g_array_new (FALSE, FALSE, sizeof (FilterChoice));

  seg_view_set_choice_factories (self->run_drop, 38);
  seg_view_set_choice_factories (self->filter_drop, 24);

  add_column (self, COLUMN_CUSTOMER, _("Customer"), 110, FALSE);
  add_column (self, COLUMN_NAME, _("Name"), 150, FALSE);
  add_column (self, COLUMN_RANK, _("Offer"), 64, FALSE);
  add_column (self, COLUMN_ITEM, _("Product"), 100, FALSE);
  add_column (self, COLUMN_ITEM_NAME, _("Product Name"), 180, FALSE);
  add_column (self, COLUMN_SCORE, _("How Likely"), 110, FALSE);
  add_column (self, COLUMN_REASON, _("Why"), 360, TRUE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommend.refresh", FALSE);
  g_object_bind_property (self->refresh_button, "sensitive", self->refresh_button, "visible", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->run_drop, "notify::selected", G_CALLBACK (on_run_selected), self, 0);
  g_signal_connect_object (self->filter_drop, "notify::selected", G_CALLBACK (on_filter_selected), self, 0);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self, 0);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, 0);
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (on_activate), self, 0);
  update_state (self);
}

/* API ---------------------------------------------------------------------- */

gint64
seg_recommend_page_get_shown_run (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), 0);
  return self->shown;
}

SegOfferList *
seg_recommend_page_get_offers (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), NULL);
  return self->offers;
}

/* Whether the offers are being read. */
gboolean
seg_recommend_page_get_busy (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), FALSE);
  return self->querying || self->search_source != 0 || self->refresh_cancellable != NULL;
}

void
seg_recommend_page_set_search (SegRecommendPage *self,
                               const char       *text)
{
  g_return_if_fail (SEG_IS_RECOMMEND_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_clear_handle_id (&self->search_source, g_source_remove);
  query (self);
}

static gboolean
choose (SegRecommendPage   *self,
        const FilterChoice *choice)
{
  for (guint i = 0; i < self->choices->len; i++)
    if (same_choice (&g_array_index (self->choices, FilterChoice, i), choice))
      {
        gtk_stack_set_visible_child_name (self->body, "offers");
        if (gtk_drop_down_get_selected (self->filter_drop) == i)
          on_filter_selected (self->filter_drop, NULL, self);
        else
          gtk_drop_down_set_selected (self->filter_drop, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * seg_recommend_page_show_selection:
 *
 * Keeps the offers to the customers selected on the map now.
 */
void
seg_recommend_page_show_selection (SegRecommendPage *self)
{
  FilterChoice choice = { FILTER_SELECTION, 0, 0 };

  g_return_if_fail (SEG_IS_RECOMMEND_PAGE (self));

  fill_filters (self);
  choose (self, &choice);
}

gboolean
seg_recommend_page_filter_segment (SegRecommendPage *self,
                                   gint64            segment)
{
  FilterChoice choice = { segment > 0 ? FILTER_SEGMENT : FILTER_ALL, MAX (segment, 0), 0 };

  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), FALSE);
  return choose (self, &choice);
}

gboolean
seg_recommend_page_filter_cluster (SegRecommendPage *self,
                                   gint64            run,
                                   int               cluster)
{
  FilterChoice choice = { FILTER_CLUSTER, run, cluster };

  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), FALSE);
  return choose (self, &choice);
}

/**
 * seg_recommend_page_export:
 * @file: a CSV file
 *
 * Writes the offers shown as a target list, with the customers' names
 * and contacts (see seg_offer_list_export ()).
 */
gboolean
seg_recommend_page_export (SegRecommendPage  *self,
                           GFile             *file,
                           GError           **error)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), FALSE);

  if (self->offers == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No recommendations are shown"));
      return FALSE;
    }
  return seg_offer_list_export (self->offers, file, NULL, error);
}

/**
 * seg_recommend_page_save_segment:
 * @name: the new segment's name
 *
 * Keeps the customers whose offers are shown as a saved segment.
 *
 * Returns: (transfer full): the segment, or %NULL with @error set
 */
SegSegment *
seg_recommend_page_save_segment (SegRecommendPage  *self,
                                 const char        *name,
                                 GError           **error)
{
  g_autoptr(JsonNode) source = json_node_new (JSON_NODE_OBJECT);
  g_auto(GStrv) keys = NULL;
  JsonObject *where = json_object_new ();

  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), NULL);

  json_object_set_int_member (where, "run", self->shown);
  json_object_set_boolean_member (where, "recommendations", TRUE);
  json_node_take_object (source, where);
  if (self->offers == NULL || self->project == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No recommendations are shown"));
      return NULL;
    }
  keys = seg_offer_list_dup_customers (self->offers);
  return seg_project_save_segment (self->project, name, (const char *const *) keys, source, error);
}

GtkColumnView *
seg_recommend_page_get_column_view (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), NULL);
  return self->column_view;
}

/* "empty", "list", "no-rows" or "no-match". */
const char *
seg_recommend_page_get_state (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    return "empty";
  return gtk_stack_get_visible_child_name (self->offers_stack);
}

const char *
seg_recommend_page_get_count_text (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), NULL);
  return gtk_label_get_label (self->count_label);
}

gboolean
seg_recommend_page_get_stale (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), FALSE);
  return gtk_revealer_get_reveal_child (self->stale_revealer);
}

const char *
seg_recommend_page_get_stale_text (SegRecommendPage *self)
{
  g_return_val_if_fail (SEG_IS_RECOMMEND_PAGE (self), NULL);
  return gtk_label_get_label (self->stale_label);
}
