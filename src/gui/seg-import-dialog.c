/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "seg-import-dialog.h"
#include "seg-sniff.h"
#include "seg-workbook.h"

#define PREVIEW_ROWS 100

struct _SegImportDialog
{
  AdwWindow          parent_instance;

  AdwWindowTitle    *window_title;
  GtkButton         *import_button;
  AdwActionRow      *append_row;
  GtkSwitch         *append_switch;
  AdwComboRow       *append_table_row;
  AdwActionRow      *extra_row;
  GtkSwitch         *extra_switch;
  AdwEntryRow       *table_row;
  AdwComboRow       *sheet_row;
  GtkButton         *import_all_button;
  AdwActionRow      *bad_cell_row;
  GtkSwitch         *reject_rows_switch;
  AdwComboRow       *encoding_row;
  AdwComboRow       *delimiter_row;
  AdwComboRow       *header_row;
  AdwComboRow       *dates_row;
  AdwPreferencesGroup *columns_group;
  GtkLabel          *status_label;
  GtkStack          *preview_stack;
  GtkColumnView     *preview_view;
  AdwStatusPage     *error_page;

  SegImporter       *importer;
  SegImportPreview  *preview;
  GPtrArray         *column_rows;
  GtkStringList     *sheets;  /* of a workbook; NULL for a text file */
  GtkStringList     *tables;  /* the imported tables rows can be added to */
  gboolean           name_valid;
  gboolean           can_import;
  gboolean           updating;
};

enum {
  SIGNAL_IMPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegImportDialog, seg_import_dialog, ADW_TYPE_WINDOW)

/* The encodings offered, after "Automatic"; the names go to iconv. */
static const struct { const char *charset; const char *label; } encodings[] = {
  { "UTF-8", N_("Unicode (UTF-8)") },
  { "GB18030", N_("Chinese Simplified (GBK, GB18030)") },
  { "UTF-16LE", N_("Unicode (UTF-16 little endian)") },
  { "UTF-16BE", N_("Unicode (UTF-16 big endian)") },
  { "WINDOWS-1252", N_("Western (Windows-1252)") },
  { "ISO-8859-1", N_("Western (ISO-8859-1)") },
  { "BIG5", N_("Chinese Traditional (Big5)") },
  { "SHIFT_JIS", N_("Japanese (Shift_JIS)") },
  { "EUC-KR", N_("Korean (EUC-KR)") },
};

static const char delimiters[] = { 0, ',', ';', '\t', '|' };

static const char *
type_label (SegColumnType type)
{
  switch (type)
    {
    case SEG_COLUMN_INTEGER: return _("Whole number");
    case SEG_COLUMN_REAL: return _("Number");
    case SEG_COLUMN_BOOLEAN: return _("Yes/no");
    case SEG_COLUMN_DATE: return _("Date");
    case SEG_COLUMN_DATETIME: return _("Date and time");
    case SEG_COLUMN_TEXT:
    default: return _("Text");
    }
}

static const char *
delimiter_label (char delimiter)
{
  switch (delimiter)
    {
    case ',': return _("comma");
    case ';': return _("semicolon");
    case '\t': return _("tab");
    case '|': return _("vertical bar");
    case ' ': return _("columns aligned with spaces");
    default: return seg_delimiter_to_string (delimiter);
    }
}

/* The preview grid */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SegImportDialog          *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GtkStringObject *object = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  guint index = g_ascii_strtoull (gtk_string_object_get_string (object), NULL, 10);
  SegPreviewRow *row;
  SegPreviewColumn *info;
  const char *text;

  if (self->preview == NULL || index >= self->preview->rows->len)
    return;

  row = g_ptr_array_index (self->preview->rows, index);
  info = g_ptr_array_index (self->preview->columns, column);
  text = row->cells[column];

  gtk_widget_remove_css_class (label, "null-cell");
  gtk_widget_remove_css_class (label, "rejected-cell");
  gtk_widget_remove_css_class (label, "skipped-cell");
  gtk_widget_set_tooltip_text (label, NULL);

  if (info->skip)
    gtk_widget_add_css_class (label, "skipped-cell");

  switch (row->status[column])
    {
    case SEG_PREVIEW_CELL_NULL:
      gtk_label_set_text (GTK_LABEL (label), text != NULL && *text != '\0' ? text : _("empty"));
      gtk_widget_add_css_class (label, "null-cell");
      gtk_widget_set_tooltip_text (label, _("Stored as a missing value"));
      break;

    case SEG_PREVIEW_CELL_REJECTED:
      gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
      if (!info->skip)
        {
          gtk_widget_add_css_class (label, "rejected-cell");
          gtk_widget_set_tooltip_text (label, row->too_many_fields
                                              ? _("This row has more fields than the header: it goes to the rejects list")
                                              : _("This value does not fit the column’s type: its row goes to the rejects list"));
        }
      break;

    case SEG_PREVIEW_CELL_OK:
    default:
      /* What will be stored, with the file's text beside it when the two
       * differ. */
      if (row->values[column] != NULL)
        {
          gtk_label_set_text (GTK_LABEL (label), row->values[column]);
          if (text != NULL && g_strcmp0 (text, row->values[column]) != 0)
            {
              g_autofree char *tooltip = g_strdup_printf (_("In the file: %s"), text);

              gtk_widget_set_tooltip_text (label, tooltip);
            }
        }
      else
        gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
    }
}

/* Terminal-style cells of @text: wide characters count two. */
static int
text_cells (const char *text)
{
  int n = 0;

  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    n += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  return n;
}

/* A width that shows the column's longest value (up to a limit): column
 * views size columns by their header otherwise. */
static int
column_width (SegImportDialog *self,
              guint            column,
              const char      *title)
{
  int cells = text_cells (title);

  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      SegPreviewRow *row = g_ptr_array_index (self->preview->rows, r);
      const char *text = row->values[column] != NULL ? row->values[column] : row->cells[column];

      cells = MAX (cells, text_cells (text));
    }

  return CLAMP (cells, 6, 36) * 8 + 24;
}

static void
rebuild_grid (SegImportDialog *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);
  g_autoptr(GtkStringList) rows = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_column_view_set_model (self->preview_view, NULL);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->preview_view, column);
    }

  for (guint i = 0; i < self->preview->n_columns; i++)
    {
      SegPreviewColumn *info = g_ptr_array_index (self->preview->columns, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *title = info->extra ? g_strdup_printf (_("%s (not in the table)"), info->header)
                               : info->skip ? g_strdup_printf (_("%s (left out)"), info->name)
                               : g_strdup_printf ("%s · %s", info->name, type_label (info->type));
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);
      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (self, i, title));
      gtk_column_view_append_column (self->preview_view, column);
    }

  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      char index[16];

      g_snprintf (index, sizeof index, "%u", r);
      gtk_string_list_append (rows, index);
    }

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (rows)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
}

static void
update_status (SegImportDialog *self)
{
  g_autoptr(GString) status = g_string_new (NULL);
  g_autoptr(GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  guint rejected_rows = 0;

  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      SegPreviewRow *row = g_ptr_array_index (self->preview->rows, r);

      for (guint i = 0; i < self->preview->n_columns; i++)
        if (row->status[i] == SEG_PREVIEW_CELL_REJECTED &&
            !((SegPreviewColumn *)g_ptr_array_index (self->preview->columns, i))->skip)
          {
            rejected_rows++;
            break;
          }
    }

  if (seg_importer_get_append_to (self->importer) != NULL)
    {
      g_autoptr(GPtrArray) extra = g_ptr_array_new ();

      g_ptr_array_add (sentences,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The first %u row as it will be added to “%s”.",
                                                     "The first %u rows as they will be added to “%s”.",
                                                     self->preview->rows->len),
                                        self->preview->rows->len, seg_importer_get_append_to (self->importer)));
      for (guint i = 0; i < self->preview->n_columns; i++)
        {
          SegPreviewColumn *info = g_ptr_array_index (self->preview->columns, i);

          if (info->extra)
            g_ptr_array_add (extra, info->header);
        }
      if (extra->len > 0)
        {
          guint n_extra = extra->len;
          g_autofree char *names = NULL;

          g_ptr_array_add (extra, NULL);
          names = g_strjoinv (_("”, “"), (char **) extra->pdata);
          if (seg_importer_get_ignore_extra_columns (self->importer))
            g_ptr_array_add (sentences,
                             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Left out, as the table has no such column: “%s”.",
                                                           "Left out, as the table has no such columns: “%s”.",
                                                           n_extra),
                                              names));
          else
            g_ptr_array_add (sentences,
                             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "The table has no column “%s”: leave it out to add the rest.",
                                                           "The table has no columns “%s”: leave them out to add the rest.",
                                                           n_extra),
                                              names));
        }
      if (self->preview->missing != NULL && self->preview->missing[0] != NULL)
        {
          g_autofree char *names = g_strjoinv (_("”, “"), self->preview->missing);

          g_ptr_array_add (sentences, g_strdup_printf (_("Not in the file, and empty in the new rows: “%s”."), names));
        }
    }
  else
    g_ptr_array_add (sentences,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The first %u row as it will be imported.",
                                                   "The first %u rows as they will be imported.",
                                                   self->preview->rows->len),
                                      self->preview->rows->len));
  if (self->preview->n_null > 0)
    g_ptr_array_add (sentences,
                     g_strdup (g_dngettext (GETTEXT_PACKAGE, "One cell will be empty (grey).",
                                            "Some cells will be empty (grey).", self->preview->n_null)));
  if (self->preview->n_emptied > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%'u cell does not fit its column (red): it will be emptied and listed as a reject.",
                                                   "%'u cells do not fit their columns (red): they will be emptied and listed as rejects.",
                                                   self->preview->n_emptied),
                                      self->preview->n_emptied));
  if (self->preview->n_emptied == 0 && rejected_rows > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%'u row does not fit (red) and will go to the rejects list.",
                                                   "%'u rows do not fit (red) and will go to the rejects list.",
                                                   rejected_rows),
                                      rejected_rows));

  for (guint i = 0; i < self->preview->n_columns; i++)
    {
      SegPreviewColumn *info = g_ptr_array_index (self->preview->columns, i);

      if (info->dates_ambiguous && !info->skip &&
          (info->type == SEG_COLUMN_DATE || info->type == SEG_COLUMN_DATETIME))
        {
          g_ptr_array_add (sentences,
                           g_strdup (_("Some dates read both as day/month and month/day: check the date order.")));
          break;
        }
    }

  for (guint i = 0; i < sentences->len; i++)
    {
      /* A space between sentences, except after full-width punctuation
       * such as "。", which carries its own. */
      if (i > 0 && status->len > 0 && (guchar)status->str[status->len - 1] < 0x80)
        g_string_append_c (status, ' ');
      g_string_append (status, g_ptr_array_index (sentences, i));
    }

  gtk_label_set_text (self->status_label, status->str);
}

/* The column list */

static void on_column_changed (SegImportDialog *self);

static void
rebuild_column_rows (SegImportDialog *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  for (int t = 0; t < SEG_N_COLUMN_TYPES; t++)
    gtk_string_list_append (types, type_label (t));

  for (guint i = 0; i < self->preview->n_columns; i++)
    {
      SegPreviewColumn *info = g_ptr_array_index (self->preview->columns, i);
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *types_drop = gtk_drop_down_new (g_object_ref (G_LIST_MODEL (types)), NULL);
      g_autofree char *title = info->header != NULL && *info->header != '\0'
                               ? g_strdup (info->header)
                               : g_strdup_printf (_("Column %u"), i + 1);
      g_autofree char *tooltip = g_strdup_printf (_("Detected: %s"), type_label (info->inferred_type));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), info->name);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !info->skip);
      gtk_widget_set_tooltip_text (check, _("Import this column"));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (types_drop), info->type);
      gtk_widget_set_valign (types_drop, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (types_drop, tooltip);
      adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), check);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), types_drop);

      g_object_set_data (G_OBJECT (row), "check", check);
      g_object_set_data (G_OBJECT (row), "types", types_drop);
      g_signal_connect_object (row, "changed", G_CALLBACK (on_column_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_column_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (types_drop, "notify::selected", G_CALLBACK (on_column_changed), self, G_CONNECT_SWAPPED);

      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
}

static void refresh (SegImportDialog *self,
                     gboolean         rebuild);

/* Whether the file can be imported as the settings are: it reads, and
 * either its table name is free to use or, added to a table, every
 * column it has goes somewhere. */
static void
update_actions (SegImportDialog *self)
{
  gboolean append = seg_importer_get_append_to (self->importer) != NULL;
  gboolean ok = self->preview != NULL;

  if (ok && append && !seg_importer_get_ignore_extra_columns (self->importer))
    for (guint i = 0; i < self->preview->n_columns; i++)
      ok &= !((SegPreviewColumn *) g_ptr_array_index (self->preview->columns, i))->extra;
  if (!append)
    ok &= self->name_valid;

  self->can_import = ok;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.import", ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.import-all", !append);
}

/* Shows the rows that go with importing into a new table or adding to
 * one, and tells the importer which. */
static void
apply_append_choice (SegImportDialog *self)
{
  gboolean append = gtk_switch_get_active (self->append_switch);
  guint selected = adw_combo_row_get_selected (self->append_table_row);
  const char *table = append && self->tables != NULL ? gtk_string_list_get_string (self->tables, selected) : NULL;

  seg_importer_set_append_to (self->importer, table);
  gtk_widget_set_visible (GTK_WIDGET (self->append_table_row), append);
  gtk_widget_set_visible (GTK_WIDGET (self->table_row), !append);
  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), !append);
  gtk_widget_set_visible (GTK_WIDGET (self->import_all_button),
                          !append && self->sheets != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->sheets)) > 1);
  gtk_button_set_label (self->import_button, append ? _("_Add Rows") : _("_Import"));
}

static void
on_append_changed (SegImportDialog *self)
{
  if (self->updating)
    return;

  apply_append_choice (self);
  /* The table's columns decide names and types; the choices made for a
   * new table would not apply. */
  seg_importer_reset_columns (self->importer);
  refresh (self, TRUE);
}

static void
on_extra_changed (SegImportDialog *self)
{
  if (self->updating)
    return;

  seg_importer_set_ignore_extra_columns (self->importer, gtk_switch_get_active (self->extra_switch));
  refresh (self, FALSE);
}

/* Reads the preview again; with @rebuild the column list is made anew
 * because the columns themselves may have changed. */
static void
refresh (SegImportDialog *self,
         gboolean         rebuild)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (seg_importer_get_path (self->importer));
  SegImportPreview *preview;

  preview = seg_importer_preview (self->importer, PREVIEW_ROWS, NULL, &error);
  self->updating = TRUE;

  if (preview == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->preview_stack, "error");
      gtk_label_set_text (self->status_label, "");
      g_clear_pointer (&self->preview, seg_import_preview_free);
      gtk_widget_set_visible (GTK_WIDGET (self->extra_row), FALSE);
      update_actions (self);
      self->updating = FALSE;
      return;
    }

  g_clear_pointer (&self->preview, seg_import_preview_free);
  self->preview = preview;
  gtk_stack_set_visible_child_name (self->preview_stack, "grid");

  {
    g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %u columns"),
                                                 name, preview->encoding, preview->n_columns);
    g_autofree char *encoding = g_strdup_printf (_("Detected: %s"), preview->encoding);
    g_autofree char *delimiter = g_strdup_printf (_("Detected: %s"), delimiter_label (preview->delimiter));

    adw_window_title_set_subtitle (self->window_title, subtitle);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row),
                                 seg_importer_get_encoding (self->importer) == NULL ? encoding : "");
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->delimiter_row),
                                 seg_importer_get_delimiter (self->importer) == 0 ? delimiter : "");
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->header_row),
                                 seg_importer_get_header (self->importer) != SEG_HEADER_AUTO ? ""
                                 : preview->header ? _("Detected: yes")
                                 : _("Detected: no"));
  }

  adw_action_row_set_subtitle (self->bad_cell_row,
                               seg_importer_get_on_bad_cell (self->importer) == SEG_BAD_CELL_EMPTY
                               ? _("Cells that do not fit their column’s type are emptied and listed as rejects; the rest of the row is kept.")
                               : _("A row with a cell that does not fit its column’s type is left out and listed as a reject."));

  {
    gboolean extra = FALSE;

    for (guint i = 0; i < preview->n_columns; i++)
      extra |= ((SegPreviewColumn *) g_ptr_array_index (preview->columns, i))->extra;
    gtk_widget_set_visible (GTK_WIDGET (self->extra_row), extra || seg_importer_get_ignore_extra_columns (self->importer));
    gtk_switch_set_active (self->extra_switch, seg_importer_get_ignore_extra_columns (self->importer));
  }

  if (rebuild)
    rebuild_column_rows (self);
  rebuild_grid (self);
  update_status (self);
  update_actions (self);
  self->updating = FALSE;
}

static void
on_bad_cell_changed (SegImportDialog *self)
{
  if (self->updating)
    return;

  seg_importer_set_on_bad_cell (self->importer, gtk_switch_get_active (self->reject_rows_switch)
                                                ? SEG_BAD_CELL_REJECT_ROW : SEG_BAD_CELL_EMPTY);
  refresh (self, FALSE);
}

/* A table name for a sheet, unused in the project and, with @taken, by
 * the other sheets of the same import. */
static char *
table_name_for_sheet_among (SegImportDialog *self,
                            const char      *sheet,
                            GHashTable      *taken)
{
  SegProject *project = seg_importer_get_project (self->importer);
  g_autofree char *base = seg_table_name_from_text (sheet);
  char *name = g_strdup (base);

  for (guint n = 2;
       (seg_project_has_table (project, name) ||
        (taken != NULL && g_hash_table_contains (taken, name))) && n < 1000;
       n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s_%u", base, n);
    }

  return name;
}

static char *
table_name_for_sheet (SegImportDialog *self,
                      const char      *sheet)
{
  return table_name_for_sheet_among (self, sheet, NULL);
}

static void
on_sheet_changed (SegImportDialog *self)
{
  guint selected;
  const char *sheet;
  g_autofree char *table = NULL;

  if (self->updating || self->sheets == NULL)
    return;

  selected = adw_combo_row_get_selected (self->sheet_row);
  sheet = gtk_string_list_get_string (self->sheets, selected);
  if (sheet == NULL)
    return;

  seg_importer_set_sheet (self->importer, sheet);
  seg_importer_reset_columns (self->importer);
  table = table_name_for_sheet (self, sheet);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->table_row), table);
  self->updating = FALSE;
  seg_importer_set_table_name (self->importer, table);
  refresh (self, TRUE);
}

static void
on_column_changed (SegImportDialog *self)
{
  if (self->updating)
    return;

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->column_rows, i);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
      GtkDropDown *types = g_object_get_data (G_OBJECT (row), "types");
      SegPreviewColumn *info = g_ptr_array_index (self->preview->columns, i);
      SegColumnType type = gtk_drop_down_get_selected (types);

      seg_importer_set_column_name (self->importer, i, gtk_editable_get_text (GTK_EDITABLE (row)));
      seg_importer_set_column_skip (self->importer, i, !gtk_check_button_get_active (check));
      if (type != info->type)
        seg_importer_set_column_type (self->importer, i, type);
    }

  refresh (self, FALSE);
}

static void
on_file_setting_changed (SegImportDialog *self)
{
  guint encoding;
  guint header;

  if (self->updating)
    return;

  encoding = adw_combo_row_get_selected (self->encoding_row);
  seg_importer_set_encoding (self->importer, encoding == 0 || encoding > G_N_ELEMENTS (encodings)
                                             ? NULL : encodings[encoding - 1].charset);
  seg_importer_set_delimiter (self->importer, delimiters[MIN (adw_combo_row_get_selected (self->delimiter_row),
                                                              G_N_ELEMENTS (delimiters) - 1)]);
  header = adw_combo_row_get_selected (self->header_row);
  seg_importer_set_header (self->importer, header == 1 ? SEG_HEADER_YES : header == 2 ? SEG_HEADER_NO : SEG_HEADER_AUTO);

  /* Other settings can split the file into other columns. */
  seg_importer_reset_columns (self->importer);
  refresh (self, TRUE);
}

static void
on_dates_changed (SegImportDialog *self)
{
  static const SegDateOrder orders[] = {
    SEG_DATE_ORDER_AUTO, SEG_DATE_ORDER_DMY, SEG_DATE_ORDER_MDY, SEG_DATE_ORDER_YMD,
  };

  if (self->updating)
    return;

  seg_importer_set_date_order (self->importer,
                               orders[MIN (adw_combo_row_get_selected (self->dates_row), G_N_ELEMENTS (orders) - 1)]);
  refresh (self, FALSE);
}

static void
on_table_name_changed (SegImportDialog *self)
{
  GError *error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->table_row));
  gboolean valid = seg_project_check_table_name (name, &error);

  self->name_valid = valid;
  if (valid)
    {
      seg_importer_set_table_name (self->importer, name);
      gtk_widget_remove_css_class (GTK_WIDGET (self->table_row), "error");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->table_row), "error");
      g_clear_error (&error);
    }

  update_actions (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SegImportDialog *self = SEG_IMPORT_DIALOG (widget);
  g_autoptr(SegImportDialog) hold = g_object_ref (self);

  g_signal_emit (self, signals[SIGNAL_IMPORT], 0, self->importer);
  gtk_window_close (GTK_WINDOW (self));
}

/* Every sheet of the workbook, each as a table named after it, with the
 * choice made for cells that do not fit; the rest is found per sheet. */
static void
import_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SegImportDialog *self = SEG_IMPORT_DIALOG (widget);
  g_autoptr(SegImportDialog) hold = g_object_ref (self);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  SegProject *project = seg_importer_get_project (self->importer);
  guint n = self->sheets != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sheets)) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *sheet = gtk_string_list_get_string (self->sheets, i);
      g_autoptr(SegImporter) importer = seg_importer_new (project, seg_importer_get_path (self->importer));
      char *table = table_name_for_sheet_among (self, sheet, taken);

      seg_importer_set_sheet (importer, sheet);
      seg_importer_set_table_name (importer, table);
      seg_importer_set_on_bad_cell (importer, seg_importer_get_on_bad_cell (self->importer));
      g_hash_table_add (taken, table);
      g_signal_emit (self, signals[SIGNAL_IMPORT], 0, importer);
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
seg_import_dialog_dispose (GObject *object)
{
  SegImportDialog *self = (SegImportDialog *)object;

  g_clear_pointer (&self->preview, seg_import_preview_free);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_object (&self->importer);
  g_clear_object (&self->sheets);
  g_clear_object (&self->tables);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (seg_import_dialog_parent_class)->dispose (object);
}

static void
seg_import_dialog_class_init (SegImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_import_dialog_dispose;

  /**
   * SegImportDialog::import:
   * @self: the dialog
   * @importer: the importer with every setting the person chose
   *
   * The person asked to import; the receiver runs @importer.
   */
  signals[SIGNAL_IMPORT] =
    g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SEG_TYPE_IMPORTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, append_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, append_switch);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, append_table_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, extra_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, extra_switch);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, table_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, import_all_button);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, bad_cell_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, reject_rows_switch);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, header_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, dates_row);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, SegImportDialog, error_page);

  gtk_widget_class_install_action (widget_class, "dialog.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "dialog.import-all", NULL, import_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
seg_import_dialog_init (SegImportDialog *self)
{
  g_autoptr(GtkStringList) encoding_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->column_rows = g_ptr_array_new ();

  gtk_string_list_append (encoding_names, _("Automatic"));
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    gtk_string_list_append (encoding_names, _(encodings[i].label));
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encoding_names));

  g_signal_connect_object (self->encoding_row, "notify::selected", G_CALLBACK (on_file_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->delimiter_row, "notify::selected", G_CALLBACK (on_file_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->header_row, "notify::selected", G_CALLBACK (on_file_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dates_row, "notify::selected", G_CALLBACK (on_dates_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->table_row, "changed", G_CALLBACK (on_table_name_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sheet_row, "notify::selected", G_CALLBACK (on_sheet_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reject_rows_switch, "notify::active", G_CALLBACK (on_bad_cell_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->append_switch, "notify::active", G_CALLBACK (on_append_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->append_table_row, "notify::selected", G_CALLBACK (on_append_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->extra_switch, "notify::active", G_CALLBACK (on_extra_changed), self, G_CONNECT_SWAPPED);
}

/**
 * seg_import_dialog_new:
 * @parent: the window it belongs to
 * @project: the project to import into
 * @path: the file to import
 *
 * Returns: (transfer full): the dialog, showing the file as detected
 */
SegImportDialog *
seg_import_dialog_new (GtkWindow  *parent,
                       SegProject *project,
                       const char *path)
{
  SegImportDialog *self;
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *title = g_strdup_printf (_("Import “%s”"), name);

  self = g_object_new (SEG_TYPE_IMPORT_DIALOG, "transient-for", parent, "title", title, NULL);
  self->importer = seg_importer_new (project, path);
  /* A value that does not fit empties its cell, and the row is kept. */
  seg_importer_set_on_bad_cell (self->importer, SEG_BAD_CELL_EMPTY);
  adw_window_title_set_title (self->window_title, title);

  /* A workbook: one of its sheets, each a table named after it; its cells
   * bring their own types, so there is no encoding or delimiter. */
  if (seg_workbook_kind_for_path (path) != SEG_WORKBOOK_NONE)
    {
      g_autoptr(SegWorkbook) book = seg_workbook_open (path, NULL);

      gtk_widget_set_visible (GTK_WIDGET (self->encoding_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->delimiter_row), FALSE);
      if (book != NULL)
        {
          g_autofree char *table = NULL;

          self->sheets = gtk_string_list_new (NULL);
          for (guint i = 0; i < seg_workbook_get_n_sheets (book); i++)
            gtk_string_list_append (self->sheets, seg_workbook_get_sheet_name (book, i));
          self->updating = TRUE;
          adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (self->sheets));
          adw_combo_row_set_selected (self->sheet_row, 0);
          self->updating = FALSE;
          gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->import_all_button), seg_workbook_get_n_sheets (book) > 1);
          seg_importer_set_sheet (self->importer, seg_workbook_get_sheet_name (book, 0));
          table = table_name_for_sheet (self, seg_workbook_get_sheet_name (book, 0));
          seg_importer_set_table_name (self->importer, table);
        }
    }

  /* The tables an import made can take more rows; those an analysis
   * wrote cannot. */
  {
    g_autoptr(GPtrArray) tables = seg_project_list_tables (project, NULL);

    self->tables = gtk_string_list_new (NULL);
    for (guint i = 0; tables != NULL && i < tables->len; i++)
      {
        SegTableInfo *info = g_ptr_array_index (tables, i);

        if (info->origin == NULL)
          gtk_string_list_append (self->tables, info->name);
      }
    self->updating = TRUE;
    adw_combo_row_set_model (self->append_table_row, G_LIST_MODEL (self->tables));
    self->updating = FALSE;
    gtk_widget_set_visible (GTK_WIDGET (self->append_row), g_list_model_get_n_items (G_LIST_MODEL (self->tables)) > 0);
  }

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->table_row), seg_importer_get_table_name (self->importer));
  self->updating = FALSE;
  self->name_valid = seg_project_check_table_name (seg_importer_get_table_name (self->importer), NULL);

  refresh (self, TRUE);

  return self;
}

SegImporter *
seg_import_dialog_get_importer (SegImportDialog *self)
{
  g_return_val_if_fail (SEG_IS_IMPORT_DIALOG (self), NULL);
  return self->importer;
}

/**
 * seg_import_dialog_get_preview:
 * @self: a #SegImportDialog
 *
 * Returns: (transfer none) (nullable): the preview on show, %NULL when the
 *   file cannot be read with the current settings
 */
SegImportPreview *
seg_import_dialog_get_preview (SegImportDialog *self)
{
  g_return_val_if_fail (SEG_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->preview_stack) != NULL &&
         g_str_equal (gtk_stack_get_visible_child_name (self->preview_stack), "grid") ? self->preview : NULL;
}

/**
 * seg_import_dialog_select_sheet:
 * @self: a #SegImportDialog
 * @sheet: a sheet of the workbook on show
 *
 * Shows @sheet as choosing it in the sheet row does.
 *
 * Returns: whether the workbook has @sheet
 */
gboolean
seg_import_dialog_select_sheet (SegImportDialog *self,
                                const char      *sheet)
{
  g_return_val_if_fail (SEG_IS_IMPORT_DIALOG (self), FALSE);

  for (guint i = 0; self->sheets != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->sheets)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->sheets, i), sheet) == 0)
      {
        adw_combo_row_set_selected (self->sheet_row, i);
        return TRUE;
      }

  return FALSE;
}

/**
 * seg_import_dialog_set_append_to:
 * @self: a #SegImportDialog
 * @table: (nullable): a table of the project to add the rows to, or %NULL
 *   to import into a new table
 *
 * Makes the choice as the “Add to an existing table” row does.
 *
 * Returns: whether @table is one the dialog offers
 */
gboolean
seg_import_dialog_set_append_to (SegImportDialog *self,
                                 const char      *table)
{
  guint n;

  g_return_val_if_fail (SEG_IS_IMPORT_DIALOG (self), FALSE);

  if (table == NULL)
    {
      gtk_switch_set_active (self->append_switch, FALSE);
      return TRUE;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->tables));
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (gtk_string_list_get_string (self->tables, i), table) == 0)
      {
        self->updating = TRUE;
        adw_combo_row_set_selected (self->append_table_row, i);
        self->updating = FALSE;
        if (gtk_switch_get_active (self->append_switch))
          on_append_changed (self);
        else
          gtk_switch_set_active (self->append_switch, TRUE);
        return TRUE;
      }

  return FALSE;
}

/**
 * seg_import_dialog_get_can_import:
 *
 * Returns: whether Import (or Add Rows) would go ahead with the settings
 *   as they are
 */
gboolean
seg_import_dialog_get_can_import (SegImportDialog *self)
{
  g_return_val_if_fail (SEG_IS_IMPORT_DIALOG (self), FALSE);
  return self->can_import;
}

/* Reads the file again after its settings were changed through the
 * importer directly. */
void
seg_import_dialog_refresh (SegImportDialog *self)
{
  g_return_if_fail (SEG_IS_IMPORT_DIALOG (self));
  refresh (self, TRUE);
}
