/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "seg-audience-view.h"
#include "seg-export.h"
#include "seg-recommender-model.h"
#include "seg-run-points.h"
#include "seg-run-record.h"
#include "seg-view-helpers.h"

/* Who to offer one product to, and which products are like it, from a
 * recommendation run's model. The model is fitted again from the run's
 * record in a worker, once per run while the view lives; the questions
 * about a product are asked in a worker too, one at a time. */
struct _SegAudienceView
{
  AdwBin             parent_instance;

  SegProject        *project;
  SegSession        *session;
  gint64             run;

  GHashTable        *fits;       /* run id → SegRecommenderFit */
  GPtrArray         *retired;    /* fits of another project, still asked */
  SegRecommenderFit *fit;        /* the run's, in fits */
  GCancellable      *fit_cancellable;
  GCancellable      *ask_cancellable;
  gboolean           asking;
  guint              top;

  GListStore        *items;      /* GtkStringObject: product keys, most bought first */
  GHashTable        *item_hits;  /* key → SegRecommenderHit (name, buyers) */
  GtkFilterListModel *filtered;
  guint              scroll_tick;
  GtkSingleSelection *selection;
  char              *item;       /* the product asked about */
  char              *answered;   /* the product the lists are for */
  GPtrArray         *audience;
  GPtrArray         *similar;
  GHashTable        *names;      /* customer key → name, for the audience */
  char              *user_column; /* the run's customer column */

  GtkStack          *stack;
  GtkSpinner        *fit_spinner;
  GtkLabel          *fit_label;
  AdwStatusPage     *error_page;
  GtkSearchEntry    *search_entry;
  GtkListView       *items_view;
  GtkLabel          *items_label;
  GtkLabel          *item_title;
  GtkLabel          *item_facts;
  GtkSpinner        *query_spinner;
  GtkSpinButton     *top_button;
  GtkListBox        *audience_list;
  GtkLabel          *similar_help;
  GtkListBox        *similar_list;
};

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SESSION,
  PROP_RUN,
  PROP_BUSY,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SegAudienceView, seg_audience_view, ADW_TYPE_BIN)

static void ask (SegAudienceView *self);

static void
notify_busy (SegAudienceView *self)
{
  gboolean busy = seg_audience_view_get_busy (self);

  gtk_spinner_set_spinning (self->fit_spinner, self->fit_cancellable != NULL);
  gtk_spinner_set_spinning (self->query_spinner, self->asking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audience.cancel", busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_actions (SegAudienceView *self)
{
  gboolean listed = self->audience != NULL && self->audience->len > 0 && !self->asking;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audience.export", listed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audience.save-segment", listed && self->session != NULL);
}

static const char *
item_name (SegAudienceView *self,
           const char      *key)
{
  SegRecommenderHit *hit = self->item_hits != NULL ? g_hash_table_lookup (self->item_hits, key) : NULL;

  return hit != NULL && hit->name != NULL ? hit->name : key;
}

static gint64
item_buyers (SegAudienceView *self,
             const char      *key)
{
  SegRecommenderHit *hit = self->item_hits != NULL ? g_hash_table_lookup (self->item_hits, key) : NULL;

  return hit != NULL ? (gint64) hit->score : 0;
}

/* Rows ------------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row of a list of hits: the name, a bar for the score against the
 * first one's, and the reason below. */
static GtkWidget *
hit_row (const char *title,
         const char *subtitle,
         double      share,
         const char *bar_tooltip,
         const char *reason)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  GtkWidget *why = gtk_label_new (reason);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 30);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_tooltip_text (name, title);
  gtk_grid_attach (GTK_GRID (grid), name, 0, 0, 1, 1);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (share, 0, 1));
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (bar, bar_tooltip);
  /* One colour however full: the bar compares, it does not warn. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_grid_attach (GTK_GRID (grid), bar, 1, 0, 1, 1);

  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_grid_attach (GTK_GRID (grid), sub, 0, 1, 2, 1);
    }

  gtk_label_set_xalign (GTK_LABEL (why), 0);
  gtk_label_set_wrap (GTK_LABEL (why), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (why), 45);
  gtk_label_set_wrap_mode (GTK_LABEL (why), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (why, "dim-label");
  gtk_grid_attach (GTK_GRID (grid), why, 0, 2, 2, 1);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);

  return row;
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 45);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static double
first_score (GPtrArray *hits)
{
  SegRecommenderHit *first = hits != NULL && hits->len > 0 ? g_ptr_array_index (hits, 0) : NULL;

  return first != NULL ? first->score : 0;
}

static void
show_answers (SegAudienceView *self)
{
  double best;

  clear_list (self->audience_list);
  clear_list (self->similar_list);
  if (self->answered == NULL)
    return;

  best = first_score (self->audience);
  for (guint i = 0; self->audience != NULL && i < self->audience->len; i++)
    {
      SegRecommenderHit *hit = g_ptr_array_index (self->audience, i);
      double share = best > 0 ? hit->score / best : 0;
      const char *name = self->names != NULL ? g_hash_table_lookup (self->names, hit->key) : NULL;
      /* Translators: a customer's place in the list of those to offer a product to, and their name. */
      g_autofree char *place = g_strdup_printf (_("%u. %s"), i + 1, name != NULL ? name : hit->key);
      g_autofree char *tip = g_strdup_printf (_("Expected to buy it %.0f%% as strongly as the first customer"),
                                              100 * CLAMP (share, 0, 1));
      GtkWidget *row = hit_row (place, name != NULL ? hit->key : NULL, share, tip, hit->reason);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->audience_list, row);
    }

  best = first_score (self->similar);
  for (guint i = 0; self->similar != NULL && i < self->similar->len; i++)
    {
      SegRecommenderHit *hit = g_ptr_array_index (self->similar, i);
      double share = best > 0 ? hit->score / best : 0;
      g_autofree char *tip = g_strdup_printf (_("%.0f%% as alike as the most alike product"),
                                              100 * CLAMP (share, 0, 1));
      const char *name = hit->name != NULL ? hit->name : hit->key;
      /* Translators: a product's code, under its name. */
      g_autofree char *code = g_strcmp0 (name, hit->key) != 0 ? g_strdup_printf (_("Code %s"), hit->key) : NULL;

      gtk_list_box_append (self->similar_list, hit_row (name, code, share, tip, hit->reason));
    }
}

/* The product list ------------------------------------------------------ */

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *facts = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (facts), 0);
  gtk_label_set_ellipsize (GTK_LABEL (facts), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (facts, "dim-label");
  gtk_widget_add_css_class (facts, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), facts);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           SegAudienceView          *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *facts = gtk_widget_get_next_sibling (name);
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
  gint64 buyers = item_buyers (self, key);
  g_autofree char *text = NULL;

  gtk_label_set_label (GTK_LABEL (name), item_name (self, key));
  gtk_widget_set_tooltip_text (name, item_name (self, key));
  if (g_strcmp0 (item_name (self, key), key) != 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Code %s · %'" PRId64 " buyer",
                                         "Code %s · %'" PRId64 " buyers", buyers), key, buyers);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " buyer", "%'" PRId64 " buyers", buyers),
                            buyers);
  gtk_label_set_label (GTK_LABEL (facts), text);
}

static gboolean
match_item (gpointer item,
            gpointer data)
{
  SegAudienceView *self = data;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *key = gtk_string_object_get_string (item);
  g_autofree char *needle = NULL;
  g_autofree char *in_key = NULL;
  g_autofree char *in_name = NULL;

  if (search == NULL || search[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (search, -1);
  in_key = g_utf8_casefold (key, -1);
  in_name = g_utf8_casefold (item_name (self, key), -1);

  return strstr (in_key, needle) != NULL || strstr (in_name, needle) != NULL;
}

static void
update_items_label (SegAudienceView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *text = NULL;

  if (shown == all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u product, most bought first",
                                         "%'u products, most bought first", all), all);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u product match",
                                         "%'u of %'u products match", all), shown, all);
  gtk_label_set_label (self->items_label, text);
}

static void
on_search_changed (SegAudienceView *self)
{
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered), GTK_FILTER_CHANGE_DIFFERENT);
  update_items_label (self);
}

static void
on_selected_changed (SegAudienceView *self)
{
  GtkStringObject *chosen = gtk_single_selection_get_selected_item (self->selection);

  if (chosen == NULL)
    return;
  seg_audience_view_select_item (self, gtk_string_object_get_string (chosen));
}

static int
by_buyers (gconstpointer a,
           gconstpointer b)
{
  const SegRecommenderHit *x = *(SegRecommenderHit **) a, *y = *(SegRecommenderHit **) b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return g_utf8_collate (x->name != NULL ? x->name : x->key, y->name != NULL ? y->name : y->key);
}

static void
fill_items (SegAudienceView *self)
{
  g_autoptr(GPtrArray) items = seg_recommender_fit_list_items (self->fit);
  g_autoptr(GtkStringList) keys = gtk_string_list_new (NULL);

  g_ptr_array_sort (items, by_buyers);
  g_clear_pointer (&self->item_hits, g_hash_table_unref);
  self->item_hits = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) seg_recommender_hit_free);
  for (guint i = 0; i < items->len; i++)
    {
      SegRecommenderHit *hit = g_ptr_array_index (items, i);

      gtk_string_list_append (keys, hit->key);
    }
  /* The table owns the hits from here; the array only lends them. */
  g_ptr_array_set_free_func (items, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      SegRecommenderHit *hit = g_ptr_array_index (items, i);

      g_hash_table_replace (self->item_hits, hit->key, hit);
    }
  g_list_store_remove_all (self->items);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (keys)); i++)
    {
      g_autoptr(GObject) key = g_list_model_get_item (G_LIST_MODEL (keys), i);

      g_list_store_append (self->items, key);
    }
  update_items_label (self);
}

/* Asking about a product -------------------------------------------------- */

typedef struct
{
  SegRecommenderFit *fit;  /* borrowed: the view keeps it while the task lives */
  SegProject        *project;
  char              *user_column;
  char              *item;
  guint              top;
  GPtrArray         *audience;
  GPtrArray         *similar;
  GHashTable        *names;
} Question;

static void
question_free (Question *question)
{
  g_clear_object (&question->project);
  g_free (question->user_column);
  g_clear_pointer (&question->names, g_hash_table_unref);
  g_free (question->item);
  g_clear_pointer (&question->audience, g_ptr_array_unref);
  g_clear_pointer (&question->similar, g_ptr_array_unref);
  g_free (question);
}

static void
ask_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Question *question = task_data;
  GError *error = NULL;

  question->audience = seg_recommender_fit_audience (question->fit, question->item, question->top, &error);
  if (question->audience != NULL && !g_cancellable_set_error_if_cancelled (cancellable, &error))
    question->similar = seg_recommender_fit_similar (question->fit, question->item, 20, &error);
  if (question->similar == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The customers' names, where a table of the project gives them; the
   * keys do without. */
  if (question->user_column != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) keys = NULL;

      for (guint i = 0; i < question->audience->len; i++)
        g_strv_builder_add (builder, ((SegRecommenderHit *) g_ptr_array_index (question->audience, i))->key);
      keys = g_strv_builder_end (builder);
      question->names = seg_project_read_names (question->project, question->user_column,
                                                (const char *const *) keys, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_asked (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (source);
  Question *question = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->asking = FALSE;
  g_clear_object (&self->ask_cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        seg_view_show_error (GTK_WIDGET (self), _("Could Not List the Customers"), error);
    }
  else if (question->fit == self->fit)
    {
      g_clear_pointer (&self->audience, g_ptr_array_unref);
      g_clear_pointer (&self->similar, g_ptr_array_unref);
      self->audience = g_steal_pointer (&question->audience);
      self->similar = g_steal_pointer (&question->similar);
      g_clear_pointer (&self->names, g_hash_table_unref);
      self->names = g_steal_pointer (&question->names);
      g_free (self->answered);
      self->answered = g_strdup (question->item);
      show_answers (self);
    }
  notify_busy (self);
  update_actions (self);

  /* Another product was chosen, or the list made longer, meanwhile. */
  if (self->fit != NULL && self->item != NULL &&
      (question->fit != self->fit || g_strcmp0 (question->item, self->item) != 0 || question->top != self->top))
    ask (self);
}

static void
ask (SegAudienceView *self)
{
  g_autoptr(GTask) task = NULL;
  Question *question;
  gint64 buyers;
  g_autofree char *facts = NULL;

  if (self->fit == NULL || self->item == NULL)
    return;

  gtk_label_set_label (self->item_title, item_name (self, self->item));
  buyers = item_buyers (self, self->item);
  if (g_strcmp0 (item_name (self, self->item), self->item) != 0)
    facts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Code %s · bought by %'" PRId64 " customer",
                                          "Code %s · bought by %'" PRId64 " customers", buyers),
                             self->item, buyers);
  else
    facts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Bought by %'" PRId64 " customer",
                                          "Bought by %'" PRId64 " customers", buyers), buyers);
  gtk_label_set_label (self->item_facts, facts);

  if (self->asking)
    return;  /* on_asked asks again */

  question = g_new0 (Question, 1);
  question->fit = self->fit;
  question->project = g_object_ref (self->project);
  question->user_column = g_strdup (self->user_column);
  question->item = g_strdup (self->item);
  question->top = self->top;
  self->asking = TRUE;
  self->ask_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->ask_cancellable, on_asked, NULL);
  g_task_set_source_tag (task, ask);
  g_task_set_task_data (task, question, (GDestroyNotify) question_free);
  g_task_run_in_thread (task, ask_thread);
  notify_busy (self);
  update_actions (self);
}

/* Fitting the run's model ------------------------------------------------- */

static void
show_fit (SegAudienceView *self)
{
  g_clear_pointer (&self->audience, g_ptr_array_unref);
  g_clear_pointer (&self->similar, g_ptr_array_unref);
  g_clear_pointer (&self->answered, g_free);
  g_clear_pointer (&self->item, g_free);
  show_answers (self);
  gtk_label_set_label (self->item_title, "");
  gtk_label_set_label (self->item_facts, "");
  fill_items (self);
  gtk_stack_set_visible_child_name (self->stack, "ready");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
  on_selected_changed (self);
}

static void
on_fitted (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(SegAudienceView) self = data;
  g_autoptr(GError) error = NULL;
  SegRecommenderFit *fit = seg_recommender_fit_new_finish (SEG_PROJECT (source), result, &error);

  /* A fit for a run or a project no longer shown. */
  if (g_task_get_cancellable (G_TASK (result)) != self->fit_cancellable)
    {
      g_clear_pointer (&fit, seg_recommender_fit_free);
      return;
    }
  g_clear_object (&self->fit_cancellable);
  if (fit == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_title (self->error_page, _("The Model Could Not Be Prepared"));
          adw_status_page_set_description (self->error_page, error->message);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Choose “Try Again” to prepare the model of analysis %" PRId64 "."),
                                                   self->run);

          adw_status_page_set_title (self->error_page, _("Stopped"));
          adw_status_page_set_description (self->error_page, text);
        }
      gtk_stack_set_visible_child_name (self->stack, "error");
      notify_busy (self);
      return;
    }
  g_hash_table_insert (self->fits, g_memdup2 (&self->run, sizeof self->run), fit);
  self->fit = fit;
  notify_busy (self);
  show_fit (self);
}

static void
load (SegAudienceView *self)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->fit_cancellable != NULL)
    g_cancellable_cancel (self->fit_cancellable);
  g_clear_object (&self->fit_cancellable);
  self->fit = NULL;
  g_list_store_remove_all (self->items);
  g_clear_pointer (&self->item, g_free);
  g_clear_pointer (&self->answered, g_free);
  g_clear_pointer (&self->audience, g_ptr_array_unref);
  g_clear_pointer (&self->similar, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->user_column, g_free);
  show_answers (self);
  update_actions (self);

  if (self->project == NULL || self->run <= 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      notify_busy (self);
      return;
    }
  record = seg_project_get_run (self->project, self->run, &error);
  if (record != NULL && record->kind != SEG_MODEL_KIND_RECOMMENDATION)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      notify_busy (self);
      return;
    }
  if (record != NULL && JSON_NODE_HOLDS_OBJECT (record->input))
    self->user_column = g_strdup (json_object_get_string_member_with_default (json_node_get_object (record->input),
                                                                              "user", NULL));
  self->fit = g_hash_table_lookup (self->fits, &self->run);
  if (self->fit != NULL)
    {
      notify_busy (self);
      show_fit (self);
      return;
    }
  if (record == NULL)
    {
      adw_status_page_set_title (self->error_page, _("The Model Could Not Be Prepared"));
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      notify_busy (self);
      return;
    }
  /* Translators: the model's name, the analysis's number, the order table. */
  text = g_strdup_printf (_("Preparing the %s model of analysis %" PRId64 " from the orders in “%s”. "
                            "This takes a moment the first time."),
                          seg_run_record_get_title (record), record->id, record->input_table);
  gtk_label_set_label (self->fit_label, text);
  gtk_stack_set_visible_child_name (self->stack, "fitting");
  self->fit_cancellable = g_cancellable_new ();
  seg_recommender_fit_new_async (self->project, record, self->fit_cancellable, on_fitted, g_object_ref (self));
  notify_busy (self);
}

/* Target lists ------------------------------------------------------------ */

/**
 * seg_audience_view_export_target_list:
 * @path: the CSV file to write
 *
 * Writes the customers listed for the product, best first, with the
 * product, their place in the list, the score and the reason: a CSV file
 * with a byte order mark, guarded against spreadsheet formulas.
 *
 * Returns: whether the file was written
 */
gboolean
seg_audience_view_export_target_list (SegAudienceView  *self,
                                      const char       *path,
                                      GError          **error)
{
  static const char *const header[] = {
    "customer", "customer_name", "rank", "item", "item_name", "score", "reason", NULL
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->audience == NULL || self->audience->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a product first: there are no customers listed to export"));
      return FALSE;
    }
  for (guint i = 0; i < self->audience->len; i++)
    {
      SegRecommenderHit *hit = g_ptr_array_index (self->audience, i);
      char **cells = g_new0 (char *, G_N_ELEMENTS (header));
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      cells[0] = g_strdup (hit->key);
      cells[1] = g_strdup (seg_audience_view_get_customer_name (self, hit->key));
      cells[2] = g_strdup_printf ("%u", i + 1);
      cells[3] = g_strdup (self->answered);
      cells[4] = g_strdup (item_name (self, self->answered));
      cells[5] = g_strdup (g_ascii_dtostr (number, sizeof number, hit->score));
      cells[6] = g_strdup (hit->reason);
      g_ptr_array_add (rows, cells);
    }
  file = g_file_new_for_path (path);

  return seg_export_cells_file (file, header, rows, SEG_EXPORT_BOM, NULL, error);
}

static char *
save_target_list (GtkWidget   *widget,
                  const char  *path,
                  GError     **error)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (widget);
  guint n = self->audience != NULL ? self->audience->len : 0;

  if (!seg_audience_view_export_target_list (self, path, error))
    return NULL;
  return seg_view_describe_target_list (n, path);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (widget);
  g_autofree char *name = NULL;

  if (self->answered == NULL)
    return;
  /* Translators: a file name; keep it to letters, digits and dashes. */
  name = g_strdup_printf (_("target-list-%s.csv"), self->answered);
  g_strdelimit (name, "/\\:*?\"<>| ", '-');
  seg_view_export_target_list (widget, name, save_target_list);
}

/**
 * seg_audience_view_save_segment:
 * @name: the segment's name
 *
 * Keeps the customers listed for the product as a saved segment; they
 * become the selection too, as when a segment is saved from the map.
 *
 * Returns: (transfer full): the segment, or %NULL with @error set
 */
SegSegment *
seg_audience_view_save_segment (SegAudienceView  *self,
                                const char       *name,
                                GError          **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;
  g_autoptr(JsonNode) source = json_node_new (JSON_NODE_OBJECT);
  JsonObject *where;

  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->session == NULL || self->audience == NULL || self->audience->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a product first: there are no customers listed to save"));
      return NULL;
    }
  for (guint i = 0; i < self->audience->len; i++)
    g_strv_builder_add (builder, ((SegRecommenderHit *) g_ptr_array_index (self->audience, i))->key);
  keys = g_strv_builder_end (builder);

  where = json_object_new ();
  json_object_set_int_member (where, "run", self->run);
  json_object_set_string_member (where, "audience", self->answered);
  json_node_take_object (source, where);
  seg_session_set_selection (self->session, (const char *const *) keys);

  return seg_session_save_selection (self->session, name, source, error);
}

static void
on_save_segment_response (AdwMessageDialog *dialog,
                          const char       *response,
                          SegAudienceView  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  segment = seg_audience_view_save_segment (self, gtk_editable_get_text (entry), &error);
  if (segment == NULL)
    {
      seg_view_show_error (GTK_WIDGET (self), _("Could Not Save the Segment"), error);
      return;
    }
  message = seg_view_describe_saved (segment);
  seg_view_show_toast (GTK_WIDGET (self), message);
}

static void
check_segment_name (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  SegAudienceView *self = g_object_get_data (G_OBJECT (dialog), "view");
  g_autofree char *problem = seg_session_check_segment_name (self->session, 0, gtk_editable_get_text (entry));

  adw_message_dialog_set_body (dialog, problem != NULL ? problem : g_object_get_data (G_OBJECT (dialog), "body"));
  adw_message_dialog_set_response_enabled (dialog, "save", problem == NULL);
}

static void
save_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autofree char *body = NULL;
  g_autofree char *suggested = NULL;
  guint n;

  if (self->audience == NULL || self->audience->len == 0 || self->session == NULL)
    return;
  n = self->audience->len;
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Give the %'u customer listed for this product a name to find them again, on every page.",
                                       "Give the %'u customers listed for this product a name to find them again, on every page.",
                                       n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Save as Segment"), body));
  entry = gtk_entry_new ();
  /* Translators: the name offered for a segment of a product's likely buyers. */
  suggested = g_strdup_printf (_("Likely buyers of %s"), item_name (self, self->answered));
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "view", self);
  g_object_set_data_full (G_OBJECT (dialog), "body", g_steal_pointer (&body), g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (check_segment_name), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_segment_response), self, 0);
  check_segment_name (GTK_EDITABLE (entry), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions and signals ----------------------------------------------------- */

static void
on_customer_activated (SegAudienceView *self,
                       GtkListBoxRow   *row)
{
  int index = gtk_list_box_row_get_index (row);
  SegRecommenderHit *hit;

  if (self->audience == NULL || index < 0 || (guint) index >= self->audience->len)
    return;
  hit = g_ptr_array_index (self->audience, index);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "s", hit->key);
}

static void
on_top_changed (SegAudienceView *self)
{
  seg_audience_view_set_top (self, (guint) gtk_spin_button_get_value_as_int (self->top_button));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  seg_audience_view_cancel (SEG_AUDIENCE_VIEW (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  load (SEG_AUDIENCE_VIEW (widget));
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
seg_audience_view_new (void)
{
  return g_object_new (SEG_TYPE_AUDIENCE_VIEW, NULL);
}

SegProject *
seg_audience_view_get_project (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);

  return self->project;
}

/**
 * seg_audience_view_set_project:
 *
 * Shows another project: the fitted models of the last are dropped.
 */
void
seg_audience_view_set_project (SegAudienceView *self,
                               SegProject      *project)
{
  g_return_if_fail (SEG_IS_AUDIENCE_VIEW (self));
  g_return_if_fail (project == NULL || SEG_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->fit_cancellable != NULL)
    g_cancellable_cancel (self->fit_cancellable);
  self->fit = NULL;
  /* A question under way holds its fit: those go when the view does. */
  if (self->asking)
    {
      g_ptr_array_add (self->retired, g_steal_pointer (&self->fits));
      self->fits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) seg_recommender_fit_free);
    }
  else
    g_hash_table_remove_all (self->fits);
  g_set_object (&self->project, project);
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

SegSession *
seg_audience_view_get_session (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);

  return self->session;
}

void
seg_audience_view_set_session (SegAudienceView *self,
                               SegSession      *session)
{
  g_return_if_fail (SEG_IS_AUDIENCE_VIEW (self));
  g_return_if_fail (session == NULL || SEG_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    {
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

gint64
seg_audience_view_get_run (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), 0);

  return self->run;
}

/**
 * seg_audience_view_set_run:
 * @run: a recommendation run of the project, or 0 for none
 *
 * Fits the run's model in a worker unless the view fitted it before,
 * then lists its products.
 */
void
seg_audience_view_set_run (SegAudienceView *self,
                           gint64           run)
{
  g_return_if_fail (SEG_IS_AUDIENCE_VIEW (self));

  if (self->run == run)
    return;
  self->run = run;
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

/**
 * seg_audience_view_get_busy:
 *
 * Returns: whether the model is being fitted or a product asked about
 */
gboolean
seg_audience_view_get_busy (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), FALSE);

  return self->fit_cancellable != NULL || self->asking;
}

/**
 * seg_audience_view_cancel:
 *
 * Stops fitting the model; the view then offers to try again.
 */
void
seg_audience_view_cancel (SegAudienceView *self)
{
  g_return_if_fail (SEG_IS_AUDIENCE_VIEW (self));

  if (self->fit_cancellable != NULL)
    g_cancellable_cancel (self->fit_cancellable);
  if (self->ask_cancellable != NULL)
    g_cancellable_cancel (self->ask_cancellable);
}

/**
 * seg_audience_view_get_items:
 *
 * Returns: (transfer none): the products of the run's model, as
 *   GtkStringObject keys, most bought first
 */
GListModel *
seg_audience_view_get_items (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);

  return G_LIST_MODEL (self->items);
}

/**
 * seg_audience_view_get_item:
 *
 * Returns: (nullable): the key of the product chosen
 */
const char *
seg_audience_view_get_item (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);

  return self->item;
}

static gboolean
scroll_on_tick (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (data);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  guint position = gtk_single_selection_get_selected (self->selection);

  /* Not laid out yet: next frame. */
  if (gtk_adjustment_get_upper (adjustment) <= 0 || gtk_adjustment_get_page_size (adjustment) <= 0)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;
  /* The list's own way there, which places its rows as it goes. */
  if (position != GTK_INVALID_LIST_POSITION && position < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    gtk_widget_activate_action (widget, "list.scroll-to-item", "u", position);

  return G_SOURCE_REMOVE;
}

/* Brings the chosen product into view once the list is laid out: a
 * search may just have changed it. */
static void
scroll_to_selected (SegAudienceView *self)
{
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->items_view), scroll_on_tick, self, NULL);
}

/**
 * seg_audience_view_select_item:
 * @key: a product's key
 *
 * Asks the model who to offer the product to and which products are like
 * it, in a worker; the lists follow when it is done.
 *
 * Returns: whether the model knows the product
 */
gboolean
seg_audience_view_select_item (SegAudienceView *self,
                               const char      *key)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->fit == NULL || self->item_hits == NULL || !g_hash_table_contains (self->item_hits, key))
    return FALSE;
  if (g_strcmp0 (self->item, key) == 0)
    return TRUE;
  g_free (self->item);
  self->item = g_strdup (key);
  /* The list shows which product the answers are for. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)); i++)
    {
      g_autoptr(GtkStringObject) shown = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_strcmp0 (gtk_string_object_get_string (shown), key) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          scroll_to_selected (self);
          break;
        }
    }
  ask (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);

  return TRUE;
}

/**
 * seg_audience_view_set_top:
 * @top: how many customers to list
 */
void
seg_audience_view_set_top (SegAudienceView *self,
                           guint            top)
{
  g_return_if_fail (SEG_IS_AUDIENCE_VIEW (self));

  top = CLAMP (top, 1, 10000);
  if (self->top == top)
    return;
  self->top = top;
  if ((guint) gtk_spin_button_get_value_as_int (self->top_button) != top)
    gtk_spin_button_set_value (self->top_button, top);
  ask (self);
}

/**
 * seg_audience_view_get_audience:
 *
 * Returns: (transfer none) (nullable) (element-type SegRecommenderHit):
 *   the customers listed for the product, best first
 */
GPtrArray *
seg_audience_view_get_audience (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);

  return self->audience;
}

/**
 * seg_audience_view_get_customer_name:
 * @key: a customer listed for the product
 *
 * Returns: (nullable): the customer's name, when a table of the project
 *   gives it
 */
const char *
seg_audience_view_get_customer_name (SegAudienceView *self,
                                     const char      *key)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return self->names != NULL ? g_hash_table_lookup (self->names, key) : NULL;
}

/**
 * seg_audience_view_get_similar:
 *
 * Returns: (transfer none) (nullable) (element-type SegRecommenderHit):
 *   the products most like the one chosen, most alike first
 */
GPtrArray *
seg_audience_view_get_similar (SegAudienceView *self)
{
  g_return_val_if_fail (SEG_IS_AUDIENCE_VIEW (self), NULL);

  return self->similar;
}

/* GObject ----------------------------------------------------------------- */

static void
seg_audience_view_dispose (GObject *object)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (object);

  seg_audience_view_cancel (self);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->items_view), self->scroll_tick);
  self->scroll_tick = 0;
  /* The bin lets its child go first: the template's root is that child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_AUDIENCE_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->items);
  g_clear_object (&self->fit_cancellable);
  g_clear_object (&self->ask_cancellable);
  g_clear_object (&self->project);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (seg_audience_view_parent_class)->dispose (object);
}

static void
seg_audience_view_finalize (GObject *object)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (object);

  g_clear_pointer (&self->fits, g_hash_table_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->item_hits, g_hash_table_unref);
  g_clear_pointer (&self->audience, g_ptr_array_unref);
  g_clear_pointer (&self->similar, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_free (self->user_column);
  g_free (self->item);
  g_free (self->answered);

  G_OBJECT_CLASS (seg_audience_view_parent_class)->finalize (object);
}

static void
seg_audience_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_RUN: g_value_set_int64 (value, self->run); break;
    case PROP_BUSY: g_value_set_boolean (value, seg_audience_view_get_busy (self)); break;
    case PROP_ITEM: g_value_set_string (value, self->item); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_audience_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SegAudienceView *self = SEG_AUDIENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: seg_audience_view_set_project (self, g_value_get_object (value)); break;
    case PROP_SESSION: seg_audience_view_set_session (self, g_value_get_object (value)); break;
    case PROP_RUN: seg_audience_view_set_run (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_audience_view_class_init (SegAudienceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = seg_audience_view_dispose;
  object_class->finalize = seg_audience_view_finalize;
  object_class->get_property = seg_audience_view_get_property;
  object_class->set_property = seg_audience_view_set_property;

  properties[PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT, flags);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SEG_TYPE_SESSION, flags);
  properties[PROP_RUN] = g_param_spec_int64 ("run", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] = g_param_spec_string ("item", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-audience-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, stack);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, fit_spinner);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, fit_label);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, error_page);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, items_view);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, items_label);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, item_title);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, item_facts);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, query_spinner);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, top_button);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, audience_list);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, similar_help);
  gtk_widget_class_bind_template_child (widget_class, SegAudienceView, similar_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_top_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_activated);

  gtk_widget_class_install_action (widget_class, "audience.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "audience.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "audience.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audience.save-segment", NULL, save_segment_action);
}

static void
seg_audience_view_init (SegAudienceView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->top = 50;
  self->fits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) seg_recommender_fit_free);
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  self->items = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                              GTK_FILTER (gtk_custom_filter_new (match_item, self, NULL)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (on_selected_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_item), self, 0);
  gtk_list_view_set_factory (self->items_view, factory);
  gtk_list_view_set_model (self->items_view, GTK_SELECTION_MODEL (self->selection));

  gtk_label_set_label (self->similar_help,
                       _("Products the same customers buy, or whose descriptions read alike. "
                         "The bar shows how alike they are, next to the most alike one."));
  gtk_list_box_set_placeholder (self->audience_list, placeholder (_("No customer is left to offer it to: everyone who could buy it has.")));
  gtk_list_box_set_placeholder (self->similar_list, placeholder (_("No other product is bought by the same customers.")));
  update_actions (self);
  notify_busy (self);
}
