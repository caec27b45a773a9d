/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-column-sorter.h"
#include "seg-customer.h"
#include "seg-data-page-private.h"
#include "seg-run.h"
#include "seg-export.h"
#include "seg-table.h"
#include "seg-table-model.h"

/* The Data page: the project's tables in a sidebar, and the one chosen in
 * a column view that pages its rows from SQLite, sorted and searched in a
 * worker. Imports and exports are in seg-data-page-io.c. */

GParamSpec *seg_data_page_properties[SEG_DATA_PAGE_N_PROPS];
#define properties seg_data_page_properties

static SegProject *
get_project (SegDataPage *self)
{
  return seg_page_get_project (SEG_PAGE (self));
}

G_DEFINE_FINAL_TYPE (SegDataPage, seg_data_page, SEG_TYPE_PAGE)



static void
set_selected_table (SegDataPage *self,
                    const char  *name)
{
  if (g_strcmp0 (self->selected_table, name) == 0)
    return;

  g_free (self->selected_table);
  self->selected_table = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[SEG_DATA_PAGE_PROP_SELECTED_TABLE]);
}

/* The table browser ------------------------------------------------------ */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  SegRow *row = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  SegColumnType type = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "type"));
  const char *text = seg_row_get_cell (row, column);
  gboolean numeric = type == SEG_COLUMN_INTEGER || type == SEG_COLUMN_REAL;

  if (text == NULL)
    {
      gtk_label_set_text (GTK_LABEL (label), _("empty"));
      gtk_widget_add_css_class (label, "null-cell");
    }
  else
    {
      gtk_widget_remove_css_class (label, "null-cell");
      if (numeric)
        {
          /* Numbers in the reader's locale, right-aligned. */
          double value = g_ascii_strtod (text, NULL);
          g_autofree char *formatted = type == SEG_COLUMN_INTEGER
                                       ? g_strdup_printf ("%'" PRId64, g_ascii_strtoll (text, NULL, 10))
                                       : g_strdup_printf ("%'.15g", value);

          gtk_label_set_text (GTK_LABEL (label), formatted);
        }
      else
        gtk_label_set_text (GTK_LABEL (label), text);
    }

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
}

/* The title counts the rows a search or a segment keeps out of all of
 * them, and a search that keeps none says so instead of showing an empty
 * grid. */
static void
update_rows_shown (SegDataPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  SegSegment *segment = NULL;
  g_autofree char *title = NULL;
  SegTableInfo *info;
  guint shown;

  if (self->table_model == NULL)
    return;

  info = seg_table_model_get_info (self->table_model);
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->table_model));
  if (session != NULL && seg_table_model_get_segment (self->table_model) > 0)
    segment = seg_session_get_segment (session);
  if (search[0] == '\0' && segment == NULL)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %'" PRId64 " row from %s",
                                          "%s — %'" PRId64 " rows from %s", info->rows),
                             info->name, info->rows, info->source_file ? info->source_file : "?");
  else
    /* Translators: a table's name, then how many of its rows match a search. */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %'u of %'" PRId64 " row",
                                          "%s — %'u of %'" PRId64 " rows", info->rows),
                             info->name, shown, info->rows);
  gtk_label_set_text (self->table_title, title);

  if (search[0] != '\0' && shown == 0)
    {
      g_autofree char *heading = g_strdup_printf (_("No rows match “%s”"), search);

      adw_status_page_set_title (self->no_match_page, heading);
      adw_status_page_set_description (self->no_match_page,
                                       _("Try other words, or clear the search to see every row."));
      gtk_stack_set_visible_child_name (self->rows_stack, "no-match");
    }
  else if (segment != NULL && shown == 0)
    {
      g_autofree char *heading = g_strdup_printf (_("No Rows of “%s”"), seg_segment_get_name (segment));
      g_autofree char *description = g_strdup_printf (_("None of the segment’s customers is named in the column “%s” of this table. Choose “All rows” to see every row."),
                                                      self->filter_key != NULL ? self->filter_key : "");

      adw_status_page_set_title (self->no_match_page, heading);
      adw_status_page_set_description (self->no_match_page, description);
      gtk_stack_set_visible_child_name (self->rows_stack, "no-match");
    }
  else
    gtk_stack_set_visible_child_name (self->rows_stack, "rows");
}

static void
on_query_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SegDataPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!seg_table_model_query_finish (SEG_TABLE_MODEL (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    seg_page_show_error (SEG_PAGE (self), _("Could Not Sort or Search the Table"), error);

  /* Only the latest request ends the waiting. */
  if (g_task_get_cancellable (G_TASK (result)) == self->query_cancellable)
    {
      g_clear_object (&self->query_cancellable);
      update_rows_shown (self);
    }
}

/* Sorting and searching a large table takes SQLite a moment: it runs in a
 * worker, and a newer request cancels the older one. */
static void
start_query (SegDataPage *self)
{
  if (self->table_model == NULL)
    return;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();
  seg_table_model_query_members_async (self->table_model, self->order_column, self->descending,
                                       gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                       self->filter_key, self->filter_segment,
                                       self->query_cancellable, on_query_done, g_object_ref (self));
}

static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   SegDataPage     *self)
{
  if (!seg_column_sorter_get_primary (sorter, &self->order_column, &self->descending))
    self->order_column = -1;

  start_query (self);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   SegDataPage    *self)
{
  start_query (self);
}

static const char *
type_name (SegColumnType type)
{
  switch (type)
    {
    case SEG_COLUMN_INTEGER: return _("integer");
    case SEG_COLUMN_REAL: return _("number");
    case SEG_COLUMN_BOOLEAN: return _("yes/no");
    case SEG_COLUMN_DATE: return _("date");
    case SEG_COLUMN_DATETIME: return _("date-time");
    case SEG_COLUMN_TEXT:
    default: return _("text");
    }
}

static void
clear_columns (SegDataPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

/* The column of @info naming customers, whose rows open a customer's
 * page, or -1. */
static int
find_customer_column (SegDataPage  *self,
                      SegTableInfo *info)
{
  g_autofree char *key = seg_project_find_customer_key_column (get_project (self), info->name);

  for (guint i = 0; key != NULL && i < info->columns->len; i++)
    if (g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (info->columns, i))->name, key) == 0)
      return (int) i;
  return -1;
}

/* A double-click on a row of customers, or of order lines, opens the
 * customer's page. */
static void
on_row_activated (SegDataPage *self,
                  guint        position)
{
  g_autoptr(SegRow) row = NULL;

  if (self->table_model == NULL || self->customer_column < 0)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->table_model), position);
  if (row == NULL || seg_row_get_is_null (row, self->customer_column))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-customer", "s",
                              seg_row_get_cell (row, self->customer_column));
}

static void
show_table (SegDataPage *self,
            const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SegTableModel) model = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  SegTableInfo *info;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->order_column = -1;
  self->descending = FALSE;
  gtk_column_view_set_model (self->column_view, NULL);
  clear_columns (self);
  g_clear_object (&self->table_model);

  if (name == NULL || get_project (self) == NULL)
    {
      set_selected_table (self, NULL);
      gtk_stack_set_visible_child_name (self->table_stack, "empty");
      return;
    }

  model = seg_table_model_new (get_project (self), name, &error);
  if (model == NULL)
    {
      set_selected_table (self, NULL);
      seg_page_show_error (SEG_PAGE (self), _("Could Not Open the Table"), error);
      return;
    }

  info = seg_table_model_get_info (model);
  for (guint i = 0; i < info->columns->len; i++)
    {
      SegColumnInfo *column_info = g_ptr_array_index (info->columns, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *header = g_strdup_printf ("%s · %s", column_info->name, type_name (column_info->type));
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = seg_column_sorter_new (i);

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (factory), "type", GINT_TO_POINTER (column_info->type));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
      column = gtk_column_view_column_new (header, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (self->column_view, column);
    }

  self->table_model = g_steal_pointer (&model);
  self->customer_column = find_customer_column (self, info);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->table_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  set_selected_table (self, info->name);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  seg_data_page_apply_filter (self);
  update_rows_shown (self);
  /* Another table starts at its first column, not wherever the last one
   * was scrolled to. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->rows_scroll), 0);
  gtk_stack_set_visible_child_name (self->table_stack, "table");
  set_selected_table (self, info->name);
}

/* The filter shows the session's segment. */
static void
sync_filter_drop (SegDataPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  SegSegment *segment = session != NULL ? seg_session_get_segment (session) : NULL;
  guint position = 0;

  for (guint i = 0; segment != NULL && i < self->filter_ids->len; i++)
    if (g_array_index (self->filter_ids, gint64, i) == seg_segment_get_id (segment))
      position = i + 1;
  g_signal_handlers_block_matched (self->filter_drop, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_selected (self->filter_drop, position);
  g_signal_handlers_unblock_matched (self->filter_drop, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

void
seg_data_page_show_table (SegDataPage *self,
                          const char  *name)
{
  show_table (self, name);
}

/* The filter follows the session's segment: the rows of the table shown
 * that name one of its customers, in the column the segment was read
 * from, or else the one most likely to name customers. */
void
seg_data_page_apply_filter (SegDataPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  SegSegment *segment = session != NULL ? seg_session_get_segment (session) : NULL;
  g_autofree char *table = NULL;
  g_autofree char *key = NULL;
  const char *column = NULL;

  sync_filter_drop (self);
  g_clear_pointer (&self->filter_key, g_free);
  self->filter_segment = 0;
  if (self->table_model == NULL)
    return;
  if (segment != NULL)
    {
      SegTableInfo *info = seg_table_model_get_info (self->table_model);

      if (seg_project_locate_segment (get_project (self), segment, &table, &key, NULL) &&
          g_strcmp0 (table, info->name) == 0)
        column = key;
      else
        column = seg_segment_guess_column (segment, info);
      if (column == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("“%s” has no column naming customers to match “%s” in"),
                                                      info->name, seg_segment_get_name (segment));

          seg_page_show_toast (SEG_PAGE (self), message);
          segment = NULL;
        }
    }
  self->filter_key = g_strdup (column);
  self->filter_segment = segment != NULL ? seg_segment_get_id (segment) : 0;
  /* In a worker, as a search is: a segment of a large table takes SQLite
   * a moment to find. */
  if (seg_table_model_get_segment (self->table_model) != self->filter_segment || self->query_cancellable != NULL ||
      self->filter_segment != 0)
    start_query (self);
}

static void
on_table_selected (GtkListBox    *list,
                   GtkListBoxRow *row,
                   SegDataPage   *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  SegSegment *segment;

  if (row == NULL || self->listing)
    return;

  segment = g_object_get_data (G_OBJECT (row), "segment");
  if (segment != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *table = NULL;
      g_autofree char *key = NULL;

      /* A segment shows as its own table's rows, kept to its customers. */
      self->selected_segment = seg_segment_get_id (segment);
      if (!seg_project_locate_segment (get_project (self), segment, &table, &key, &error))
        {
          seg_page_show_error (SEG_PAGE (self), _("Could Not Show the Segment"), error);
          return;
        }
      if (session != NULL)
        seg_session_set_segment (session, segment);
      if (g_strcmp0 (table, self->selected_table) != 0 || self->table_model == NULL)
        show_table (self, table);
      else
        seg_data_page_apply_filter (self);
      return;
    }

  /* A table the person chooses is shown whole; one the page shows, such
   * as a table just imported, keeps to the segment in use. */
  self->selected_segment = 0;
  if (session != NULL && !self->selecting)
    seg_session_set_segment (session, NULL);
  show_table (self, g_object_get_data (G_OBJECT (row), "table"));
}

static void list_tables (SegDataPage *self,
                         const char  *select);

/* The project's tables changed, whoever changed them: keep the one in
 * view. */
static void
on_tables_changed (GListModel  *tables,
                   guint        position,
                   guint        removed,
                   guint        added,
                   SegDataPage *self)
{
  list_tables (self, NULL);
}

static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  const char *group = g_object_get_data (G_OBJECT (row), "group");
  GtkWidget *label;

  if (before != NULL && g_strcmp0 (group, g_object_get_data (G_OBJECT (before), "group")) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  label = gtk_label_new (group);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "sidebar-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_list_box_row_set_header (row, label);
}

static GtkWidget *
table_row (SegTable   *table,
           const char *group)
{
  gint64 rows = seg_table_get_rows (table);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " row", "%'" PRId64 " rows", rows),
                                               rows);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), seg_table_get_name (table));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "table", g_strdup (seg_table_get_name (table)), g_free);
  g_object_set_data_full (G_OBJECT (row), "group", g_strdup (group), g_free);
  return row;
}

static GtkWidget *
segment_row (SegSegment *segment)
{
  gint64 size = seg_segment_get_size (segment);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " customer",
                                                            "%'" PRId64 " customers", size),
                                               size);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_menu_button_new ();
  gint64 id = seg_segment_get_id (segment);
  g_autoptr(GMenuItem) on_map = g_menu_item_new (_("Show on _Map"), NULL);
  g_autoptr(GMenuItem) rename = g_menu_item_new (_("_Rename…"), NULL);
  g_autoptr(GMenuItem) export = g_menu_item_new (_("_Export as CSV…"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);
  g_autofree char *label = g_strdup_printf (_("Segment Menu of “%s”"), seg_segment_get_name (segment));

  g_menu_item_set_action_and_target_value (on_map, "data.segment-on-map", g_variant_new_int64 (id));
  g_menu_item_set_action_and_target_value (rename, "data.rename-segment", g_variant_new_int64 (id));
  g_menu_item_set_action_and_target_value (export, "data.export-segment", g_variant_new_int64 (id));
  g_menu_item_set_action_and_target_value (delete, "data.delete-segment", g_variant_new_int64 (id));
  g_menu_append_item (menu, on_map);
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, export);
  g_menu_append_item (last, delete);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (last));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("Segment Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), seg_segment_get_name (segment));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* A long name ends in an ellipsis rather than widening the sidebar;
   * the tooltip has all of it. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  if (g_utf8_strlen (seg_segment_get_name (segment), -1) > 20)
    gtk_widget_set_tooltip_text (row, seg_segment_get_name (segment));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "segment", g_object_ref (segment), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "group", g_strdup (_("Segments")), g_free);
  return row;
}

/* The choices of the filter: every row, or a saved segment's. */
static void
list_filter_choices (SegDataPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  GListModel *segments = session != NULL ? seg_session_get_segments (session) : NULL;
  gint64 hidden = session != NULL ? seg_session_get_hidden_segment (session) : 0;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  g_array_set_size (self->filter_ids, 0);
  g_strv_builder_add (builder, _("All rows"));
  for (guint i = 0; segments != NULL && i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);
      gint64 id = seg_segment_get_id (segment);

      if (id == hidden)
        continue;
      g_array_append_val (self->filter_ids, id);
      g_strv_builder_add (builder, seg_segment_get_name (segment));
    }
  names = g_strv_builder_end (builder);

  g_signal_handlers_block_matched (self->filter_drop, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_string_list_splice (self->filter_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->filter_names)),
                          (const char *const *) names);
  g_signal_handlers_unblock_matched (self->filter_drop, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  sync_filter_drop (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_drop), self->filter_ids->len > 0);
}

/* Lists the tables as the project's list has them, the user's own first,
 * then each run's results under the run, then the saved segments;
 * showing @select, or what is in view, or the first table. */
static void
list_tables (SegDataPage *self,
             const char  *select)
{
  g_autofree char *wanted = g_strdup (select != NULL ? select : self->selected_table);
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  gint64 hidden_run = session != NULL ? seg_session_get_hidden_run (session) : 0;
  gint64 hidden_segment = session != NULL ? seg_session_get_hidden_segment (session) : 0;
  GtkListBoxRow *to_select = NULL;
  GListModel *tables, *runs, *segments;
  GtkWidget *child;
  gboolean same;

  self->listing = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tables_list))) != NULL)
    gtk_list_box_remove (self->tables_list, child);
  self->listing = FALSE;
  list_filter_choices (self);

  if (get_project (self) == NULL)
    {
      show_table (self, NULL);
      return;
    }

  if (select != NULL)
    self->selected_segment = 0;
  tables = seg_project_get_tables (get_project (self));
  runs = seg_project_get_runs (get_project (self));
  segments = seg_project_get_segments (get_project (self));

  /* The user's own tables; then, under each run, what it wrote. */
  for (guint r = 0; r <= g_list_model_get_n_items (runs); r++)
    {
      g_autoptr(SegRunRecord) record = r > 0 ? g_list_model_get_item (runs, r - 1) : NULL;
      g_autofree char *group = NULL;

      if (record != NULL && record->id == hidden_run)
        continue;
      group = record == NULL ? g_strdup (_("Tables"))
                             : g_strdup_printf (_("Run %" PRId64 " · %s"), record->id, seg_run_record_get_title (record));
      for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
        {
          g_autoptr(SegTable) table = g_list_model_get_item (tables, i);
          gint64 run = seg_table_get_run (table);
          GtkWidget *row;

          if (record != NULL && run != record->id)
            continue;
          if (record == NULL && run != 0)
            {
              /* A table of a run no longer listed stays with the user's. */
              gboolean listed = FALSE;

              for (guint o = 0; o < g_list_model_get_n_items (runs) && !listed; o++)
                {
                  g_autoptr(SegRunRecord) other = g_list_model_get_item (runs, o);

                  listed = other->id == run;
                }
              if (listed)
                continue;
            }
          row = table_row (table, group);
          gtk_list_box_append (self->tables_list, row);
          if (self->selected_segment == 0 &&
              (to_select == NULL || g_strcmp0 (seg_table_get_name (table), wanted) == 0))
            to_select = GTK_LIST_BOX_ROW (row);
        }
    }

  for (guint i = 0; i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);
      GtkWidget *row;

      if (seg_segment_get_id (segment) == hidden_segment)
        continue;
      row = segment_row (segment);
      gtk_list_box_append (self->tables_list, row);
      if (seg_segment_get_id (segment) == self->selected_segment)
        to_select = GTK_LIST_BOX_ROW (row);
    }

  /* What is in view stays in view as long as it is there, its rows as
   * they were. */
  if (to_select != NULL && g_object_get_data (G_OBJECT (to_select), "segment") != NULL)
    same = self->table_model != NULL;
  else
    same = to_select != NULL && self->table_model != NULL &&
           g_strcmp0 (g_object_get_data (G_OBJECT (to_select), "table"), self->selected_table) == 0;
  if (to_select == NULL && self->selected_segment != 0)
    {
      /* The segment in view is gone: its table, whole. */
      self->selected_segment = 0;
      list_tables (self, NULL);
      return;
    }
  if (same)
    {
      g_signal_handlers_block_by_func (self->tables_list, on_table_selected, self);
      gtk_list_box_select_row (self->tables_list, to_select);
      g_signal_handlers_unblock_by_func (self->tables_list, on_table_selected, self);
    }
  else if (to_select != NULL)
    {
      self->selecting = TRUE;
      gtk_list_box_select_row (self->tables_list, to_select);
      self->selecting = FALSE;
    }
  else
    show_table (self, NULL);
}

void
seg_data_page_list_tables (SegDataPage *self,
                           const char  *select)
{
  list_tables (self, select);
}

/**
 * seg_data_page_reload:
 * @select: (nullable): the table to show; the one in view, or the first,
 *   when %NULL or gone
 *
 * Lists the project's tables as they are now and shows @select: for a
 * caller that just made it.
 */
void
seg_data_page_reload (SegDataPage *self,
                      const char  *select)
{
  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  /* Brought up to date now, the list tells this page at once. */
  if (get_project (self) != NULL)
    {
      g_signal_handlers_block_by_func (seg_project_get_tables (get_project (self)), on_tables_changed, self);
      seg_project_refresh (get_project (self));
      g_signal_handlers_unblock_by_func (seg_project_get_tables (get_project (self)), on_tables_changed, self);
    }
  list_tables (self, select);
}

/**
 * seg_data_page_reopen:
 * @select: (nullable): the table to show; the first when %NULL or gone
 *
 * Lists the project's tables as they are now and shows @select with its
 * rows read again, even when a table of that name was in view: for a
 * caller that replaced the project's contents.
 */
void
seg_data_page_reopen (SegDataPage *self,
                      const char  *select)
{
  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  self->selected_segment = 0;
  show_table (self, NULL);
  seg_data_page_reload (self, select);
}


/* Renaming and deleting tables -------------------------------------------- */

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SegDataPage      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "table");
  g_autofree char *new_name = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || get_project (self) == NULL)
    return;

  new_name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (!seg_project_rename_table (get_project (self), old_name, new_name, &error))
    {
      seg_page_show_error (SEG_PAGE (self), _("Could Not Rename the Table"), error);
      return;
    }

  seg_data_page_reload (self, new_name);
}

/* Asks for a new name for the table shown. */
void
seg_data_page_rename_table (SegDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  if (self->selected_table == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Rename Table"), NULL));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), self->selected_table);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "table", g_strdup (self->selected_table), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_table_now (SegDataPage *self,
                  const char  *table)
{
  g_autoptr(GError) error = NULL;

  if (!seg_project_drop_table (get_project (self), table, &error))
    seg_page_show_error (SEG_PAGE (self), _("Could Not Delete the Table"), error);
  seg_data_page_reload (self, NULL);
}

static void
on_delete_table_response (AdwMessageDialog *dialog,
                          const char       *response,
                          SegDataPage      *self)
{
  if (g_strcmp0 (response, "delete") == 0 && get_project (self) != NULL)
    delete_table_now (self, g_object_get_data (G_OBJECT (dialog), "table"));
}

/**
 * seg_data_page_delete_table:
 * @confirmed: whether to delete without asking
 *
 * Deletes the table shown, once the person agrees.
 */
void
seg_data_page_delete_table (SegDataPage *self,
                            gboolean     confirmed)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  g_return_if_fail (SEG_IS_DATA_PAGE (self));

  if (self->selected_table == NULL)
    return;

  if (confirmed)
    {
      g_autofree char *table = g_strdup (self->selected_table);

      delete_table_now (self, table);
      return;
    }

  heading = g_strdup_printf (_("Delete “%s”?"), self->selected_table);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       _("The table and its rejected rows are removed from the project. The file it came from is not touched.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "table", g_strdup (self->selected_table), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_table_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The page ---------------------------------------------------------------- */

static void
unfollow_lists (SegDataPage *self)
{
  if (self->tables != NULL)
    g_signal_handlers_disconnect_by_func (self->tables, on_tables_changed, self);
  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_tables_changed, self);
  if (self->segments != NULL)
    g_signal_handlers_disconnect_by_func (self->segments, on_tables_changed, self);
  g_clear_object (&self->tables);
  g_clear_object (&self->runs);
  g_clear_object (&self->segments);
}

/* The project's tables, runs and segments, whoever changes them. */
static void
follow_lists (SegDataPage *self,
              SegProject  *project)
{
  unfollow_lists (self);
  if (project == NULL)
    return;
  self->tables = g_object_ref (seg_project_get_tables (project));
  self->runs = g_object_ref (seg_project_get_runs (project));
  self->segments = g_object_ref (seg_project_get_segments (project));
  g_signal_connect_object (self->tables, "items-changed", G_CALLBACK (on_tables_changed), self, 0);
  g_signal_connect_object (self->runs, "items-changed", G_CALLBACK (on_tables_changed), self, 0);
  g_signal_connect_object (self->segments, "items-changed", G_CALLBACK (on_tables_changed), self, 0);
}

static void
seg_data_page_project_changed (SegPage    *page,
                               SegProject *project)
{
  SegDataPage *self = SEG_DATA_PAGE (page);

  /* Imports and previews belong to the project they were asked for. */
  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_queue_clear_full (&self->preview_queue, g_free);
  g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  follow_lists (self, project);
  g_clear_pointer (&self->selected_table, g_free);
  self->selected_segment = 0;
  seg_data_page_reload (self, NULL);
}

/* The segment in use changed, on this page or another. */
static void
on_session_segment_changed (SegDataPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  SegSegment *segment = seg_session_get_segment (session);

  /* The row of a segment stays chosen only while it is the one in use. */
  if (self->selected_segment != 0 && (segment == NULL || seg_segment_get_id (segment) != self->selected_segment))
    {
      self->selected_segment = 0;
      list_tables (self, NULL);
    }
  seg_data_page_apply_filter (self);
}

static void
on_hidden_changed (SegDataPage *self)
{
  list_tables (self, NULL);
}

static void
seg_data_page_session_changed (SegPage    *page,
                               SegSession *session)
{
  SegDataPage *self = SEG_DATA_PAGE (page);

  if (session == NULL)
    return;
  g_signal_connect_object (session, "notify::segment", G_CALLBACK (on_session_segment_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::hidden-run", G_CALLBACK (on_hidden_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::hidden-segment", G_CALLBACK (on_hidden_changed), self,
                           G_CONNECT_SWAPPED);
}

/* The filter's choices end in an ellipsis: a segment's name may be long,
 * and the toolbar must not widen the window. */
static void
setup_filter_item (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  max_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (max_chars));
  gtk_list_item_set_child (item, label);
}

static void
bind_filter_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  max_chars)
{
  GtkStringObject *name = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (name));
  gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (name));
}

static GtkListItemFactory *
filter_factory (int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_filter_item), GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_filter_item), GINT_TO_POINTER (max_chars));
  return factory;
}

static void
on_filter_chosen (GtkDropDown *drop,
                  GParamSpec  *pspec,
                  SegDataPage *self)
{
  SegSession *session = seg_page_get_session (SEG_PAGE (self));
  guint position = gtk_drop_down_get_selected (drop);
  g_autoptr(SegSegment) segment = NULL;

  if (session == NULL)
    return;
  if (position > 0 && position <= self->filter_ids->len)
    segment = seg_session_find_segment (session, g_array_index (self->filter_ids, gint64, position - 1));
  seg_session_set_segment (session, segment);
}

static void
seg_data_page_unrealize (GtkWidget *widget)
{
  SegDataPage *self = SEG_DATA_PAGE (widget);

  /* A closed window stops its work: the workers hold a reference to the
   * page until they have rolled back, so dispose would come too late. */
  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_queue_clear_full (&self->preview_queue, g_free);
  g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->query_cancellable);
  g_cancellable_cancel (self->export_cancellable);

  GTK_WIDGET_CLASS (seg_data_page_parent_class)->unrealize (widget);
}

static void
seg_data_page_dispose (GObject *object)
{
  SegDataPage *self = SEG_DATA_PAGE (object);

  g_cancellable_cancel (self->import_cancellable);
  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);
  g_clear_object (&self->importer);
  g_clear_object (&self->import_cancellable);
  g_queue_clear_full (&self->import_queue, g_object_unref);
  g_queue_clear_full (&self->preview_queue, g_free);
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->import_dialog)));

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->table_model);
  g_clear_pointer (&self->selected_table, g_free);
  g_clear_pointer (&self->filter_key, g_free);
  unfollow_lists (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_DATA_PAGE);

  G_OBJECT_CLASS (seg_data_page_parent_class)->dispose (object);
}

static void
seg_data_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SegDataPage *self = SEG_DATA_PAGE (object);

  switch (prop_id)
    {
    case SEG_DATA_PAGE_PROP_SELECTED_TABLE: g_value_set_string (value, self->selected_table); break;
    case SEG_DATA_PAGE_PROP_IMPORTER: g_value_set_object (value, self->importer); break;
    case SEG_DATA_PAGE_PROP_EXPORTING: g_value_set_boolean (value, self->export_cancellable != NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A run of a kind no other page shows: its results, as a table. */
static void
seg_data_page_show_run (SegPage *page,
                        gint64   run)
{
  SegDataPage *self = SEG_DATA_PAGE (page);
  SegProject *project = seg_page_get_project (page);
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (project == NULL)
    return;
  record = seg_project_get_run (project, run, &error);
  if (record == NULL)
    {
      seg_page_show_error (page, _("Could Not Show the Results"), error);
      return;
    }
  if (record->result_tables != NULL && record->result_tables[0] != NULL)
    seg_data_page_reload (self, record->result_tables[0]);
}

static void
seg_data_page_finalize (GObject *object)
{
  SegDataPage *self = SEG_DATA_PAGE (object);

  g_clear_pointer (&self->filter_ids, g_array_unref);
  g_clear_object (&self->filter_names);

  G_OBJECT_CLASS (seg_data_page_parent_class)->finalize (object);
}

static void
seg_data_page_class_init (SegDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SegPageClass *page_class = SEG_PAGE_CLASS (klass);

  object_class->dispose = seg_data_page_dispose;
  object_class->finalize = seg_data_page_finalize;
  object_class->get_property = seg_data_page_get_property;
  widget_class->unrealize = seg_data_page_unrealize;
  page_class->project_changed = seg_data_page_project_changed;
  page_class->session_changed = seg_data_page_session_changed;
  page_class->show_run = seg_data_page_show_run;
  page_class->kinds = ~0u;

  properties[SEG_DATA_PAGE_PROP_SELECTED_TABLE] =
    g_param_spec_string ("selected-table", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[SEG_DATA_PAGE_PROP_IMPORTER] =
    g_param_spec_object ("importer", NULL, NULL, SEG_TYPE_IMPORTER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[SEG_DATA_PAGE_PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SEG_DATA_PAGE_N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-data-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, tables_list);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, table_stack);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, table_title);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, rows_stack);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, rows_scroll);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, export_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, export_spinner);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, export_label);
  gtk_widget_class_bind_template_child (widget_class, SegDataPage, filter_drop);
  gtk_widget_class_bind_template_callback (widget_class, on_table_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  seg_data_page_install_io (widget_class);
  seg_data_page_install_segments (widget_class);
}

static void
seg_data_page_init (SegDataPage *self)
{
  g_queue_init (&self->import_queue);
  g_queue_init (&self->preview_queue);
  self->order_column = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filter_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->filter_drop, G_LIST_MODEL (self->filter_names));
  {
    g_autoptr(GtkListItemFactory) button = filter_factory (12);
    g_autoptr(GtkListItemFactory) list = filter_factory (40);

    gtk_drop_down_set_factory (self->filter_drop, button);
    gtk_drop_down_set_list_factory (self->filter_drop, list);
  }
  g_signal_connect_object (self->filter_drop, "notify::selected", G_CALLBACK (on_filter_chosen), self, 0);
  gtk_list_box_set_header_func (self->tables_list, update_header, NULL, NULL);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, 0);
  self->customer_column = -1;
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data.cancel-export", FALSE);
}

/* Accessors ------------------------------------------------------------------ */

const char *
seg_data_page_get_selected_table (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);
  return self->selected_table;
}

/* How many rows the import of the table shown set aside. */
gint64
seg_data_page_get_selected_rejected (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), 0);

  if (self->table_model == NULL || self->selected_table == NULL)
    return 0;
  return seg_table_model_get_info (self->table_model)->rejected;
}

/**
 * seg_data_page_get_table_model:
 *
 * Returns: (transfer none) (nullable): the rows of the table shown
 */
GListModel *
seg_data_page_get_table_model (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);
  return self->table_model != NULL ? G_LIST_MODEL (self->table_model) : NULL;
}

GtkColumnView *
seg_data_page_get_column_view (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);
  return self->column_view;
}

GtkListBox *
seg_data_page_get_tables_list (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);
  return self->tables_list;
}

GtkEditable *
seg_data_page_get_search_entry (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

/* Whether a sort or search is still running. */
gboolean
seg_data_page_get_querying (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), FALSE);
  return self->query_cancellable != NULL;
}

void
seg_data_page_focus_search (SegDataPage *self)
{
  g_return_if_fail (SEG_IS_DATA_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * seg_data_page_get_importer:
 *
 * Returns: (transfer none) (nullable): the import under way
 */
SegImporter *
seg_data_page_get_importer (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);
  return self->importer;
}

/**
 * seg_data_page_get_import_dialog:
 *
 * Returns: (transfer none) (nullable): the import dialog on show
 */
SegImportDialog *
seg_data_page_get_import_dialog (SegDataPage *self)
{
  g_return_val_if_fail (SEG_IS_DATA_PAGE (self), NULL);
  return self->import_dialog;
}
