/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "seg-test-utils.h"
#include "seg-table-model.h"
#include "seg-model-dialog.h"
#include "seg-param-row.h"
#include "seg-rejects-dialog.h"
#include "seg-rfm-dialog.h"
#include "seg-data-page-private.h"
#include "seg-window-private.h"
#include "seg-test-gui.h"

static gboolean
not_busy (gpointer data)
{
  return !seg_window_get_busy (data);
}

static gboolean
not_querying (gpointer data)
{
  return !seg_window_get_querying (data);
}

/* This run's own folder: g_get_tmp_dir () is fixed before main () can
 * change TMPDIR, and test runs may go on side by side. */
static char *test_dir;

static char *
write_csv (const char *name,
           const char *contents)
{
  char *path = g_build_filename (test_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static char *
write_big_csv (guint rows)
{
  g_autoptr(GString) csv = g_string_new ("invoice,day,customer,qty,price\n");

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (csv, "INV-%u,2024-%02u-%02u,C%04u,%u,%u.%02u\n",
                            i, i % 12 + 1, i % 28 + 1, i % 5000, i % 7 + 1, i % 300, i % 100);

  return write_csv ("big.csv", csv->str);
}

static SegWindow *
new_window (void)
{
  SegWindow *window = g_object_new (SEG_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  /* A list's headers are children too, but not rows. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_BOX_ROW (child))
      n++;

  return n;
}

/* The pages that act on a project are out of reach until one is open,
 * and again once it is closed. */
static void
test_pages_need_project (void)
{
  SegWindow *window = new_window ();
  GtkWidget *segments, *runs;

  g_object_ref_sink (window);
  segments = GTK_WIDGET (seg_window_get_segments_page (window));
  runs = GTK_WIDGET (seg_window_get_runs_page (window));
  g_assert_false (gtk_widget_get_sensitive (segments));
  g_assert_false (gtk_widget_get_sensitive (runs));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_get_sensitive (segments));
  g_assert_true (gtk_widget_get_sensitive (runs));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-project", NULL));
  g_assert_false (gtk_widget_get_sensitive (segments));
  g_assert_false (gtk_widget_get_sensitive (runs));

  destroy_window (window);
}

static void
test_new_project_and_import (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_csv ("orders.csv",
                                     "invoice;date;customer;amount\n"
                                     "1;05.01.2024;王芳;12,50\n"
                                     "2;06.01.2024;Bob;7\n"
                                     "3;07.01.2024;Ann;3,25\n");
  g_autofree char *projects = g_build_filename (g_get_user_data_dir (), "segmenta", "projects", NULL);
  GListModel *rows;
  g_autoptr(SegRow) first = NULL;

  g_object_ref_sink (window);
  g_assert_cmpstr (seg_window_get_page (window), ==, "start");
  g_assert_null (seg_window_get_project (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_nonnull (seg_window_get_project (window));
  g_assert_cmpstr (seg_window_get_page (window), ==, "project");
  g_assert_true (g_str_has_prefix (seg_project_get_path (seg_window_get_project (window)), projects));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  g_assert_true (seg_window_get_busy (window));
  wait_until (not_busy, window, 30);

  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "orders");
  g_assert_cmpuint (count_children (GTK_WIDGET (seg_window_get_tables_list (window))), ==, 1);
  rows = seg_window_get_table_model (window);
  g_assert_nonnull (rows);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  first = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (seg_row_get_cell (first, 2), ==, "王芳");
  g_assert_cmpstr (seg_row_get_cell (first, 3), ==, "12.5");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (seg_window_get_column_view (window))), ==, 4);

  destroy_window (window);
}

static void
test_sort_and_search (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_big_csv (5000);
  GtkColumnView *view;
  GListModel *columns;
  GListModel *rows;
  g_autoptr(GtkColumnViewColumn) qty = NULL;

  g_object_ref_sink (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path);
  wait_until (not_busy, window, 30);
  rows = seg_window_get_table_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5000);

  /* Sorting is SQLite's: the first row is the largest after a
   * descending sort on a column header. */
  view = seg_window_get_column_view (window);
  columns = gtk_column_view_get_columns (view);
  qty = g_list_model_get_item (columns, 4);
  gtk_column_view_sort_by_column (view, qty, GTK_SORT_DESCENDING);
  wait_until (not_querying, window, 30);
  {
    g_autoptr(SegRow) top = g_list_model_get_item (rows, 0);
    g_autoptr(SegRow) bottom = g_list_model_get_item (rows, 4999);

    g_assert_cmpstr (seg_row_get_cell (top, 4), ==, "299.99");
    g_assert_cmpstr (seg_row_get_cell (bottom, 4), ==, "0");
  }
  gtk_column_view_sort_by_column (view, qty, GTK_SORT_ASCENDING);
  wait_until (not_querying, window, 30);
  {
    g_autoptr(SegRow) top = g_list_model_get_item (rows, 0);

    g_assert_cmpstr (seg_row_get_cell (top, 4), ==, "0");
  }

  gtk_editable_set_text (seg_window_get_search_entry (window), "INV-4999");
  /* The search entry waits a moment before it searches. */
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (seg_window_get_search_entry (window)), 0);
  g_signal_emit_by_name (seg_window_get_search_entry (window), "search-changed");
  wait_until (not_querying, window, 30);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);

  destroy_window (window);
}

static void
test_cancel_import (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_big_csv (300000);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SegProject *project;

  g_object_ref_sink (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  project = seg_window_get_project (window);
  before = project_state (project);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path);
  g_assert_true (seg_window_get_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-import", NULL));
  wait_until (not_busy, window, 30);

  after = project_state (project);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (seg_window_get_selected_table (window));

  destroy_window (window);
}

static gboolean
has_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return TRUE;
    }

  return FALSE;
}

static void
close_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        gtk_window_destroy (toplevel);
    }
}

static void
test_damaged_project (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_csv ("damaged.segmenta", "SQLite format 3\0 this is not really a database");

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-project", "s", path));
  wait_until (has_dialog, NULL, 10);
  g_assert_null (seg_window_get_project (window));
  g_assert_cmpstr (seg_window_get_page (window), ==, "start");
  close_dialogs ();

  destroy_window (window);
}

static void
test_close_during_import (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_big_csv (300000);
  g_autofree char *project_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SegProject) reopened = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  project_path = g_strdup (seg_project_get_path (seg_window_get_project (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path);
  g_assert_true (seg_window_get_busy (window));

  /* The worker holds the window until it has stopped; then it goes. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_destroy (GTK_WINDOW (window));
  {
    gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (window != NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }

  reopened = seg_project_open (project_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (seg_project_has_table (reopened, "big"));
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closing asks first while an import is under way; Cancel keeps the
 * window and the import, Stop and Close ends both. */
static void
test_close_asks (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_big_csv (300000);
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path);
  g_assert_true (seg_window_get_busy (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);

  gtk_window_close (GTK_WINDOW (window));
  dialog = seg_window_get_close_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop the Analysis and Close?");
  adw_message_dialog_response (dialog, "cancel");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_nonnull (window);
  g_assert_null (seg_window_get_close_dialog (window));
  /* Cancel kept the import: it is still under way, or on a fast machine
   * it has already brought in every row. */
  if (seg_data_page_get_importer (seg_window_get_data_page (window)) == NULL)
    {
      g_assert_false (seg_window_get_busy (window));
      g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM big"), ==, 300000);
      gtk_window_close (GTK_WINDOW (window));
      wait_until (window_gone, &window, 30);
      return;
    }

  gtk_window_close (GTK_WINDOW (window));
  dialog = seg_window_get_close_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "close");
  wait_until (window_gone, &window, 30);
}

/* With nothing under way, the window closes without asking. */
static void
test_close_idle (void)
{
  SegWindow *window = new_window ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_window_close (GTK_WINDOW (window));
  wait_until (window_gone, &window, 30);
}

static gboolean
has_import_dialog (gpointer data)
{
  return seg_window_get_import_dialog (data) != NULL;
}

/* The person's path: a GBK file with semicolons, a misdetected column
 * fixed in the preview, then imported. */
static void
test_import_dialog (void)
{
  SegWindow *window = new_window ();
  g_autofree char *utf8 = g_strdup ("编号;名称;金额;日期\n"
                                    "0001;紫砂壶;268,00;05.01.2024\n"
                                    "0002;龙井;88,50;06.01.2024\n"
                                    "0003;白茶;待定;07.01.2024\n");
  g_autofree char *gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, NULL, NULL);
  g_autofree char *path = write_csv ("茶.csv", gbk);
  SegImportDialog *dialog;
  SegImportPreview *preview;
  SegImporter *importer;
  GListModel *rows;
  g_autoptr(SegRow) row = NULL;

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preview-file", "s", path));
  wait_until (has_import_dialog, window, 10);
  dialog = seg_window_get_import_dialog (window);
  preview = seg_import_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpstr (preview->encoding, ==, "GB18030");
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_cmpuint (preview->n_columns, ==, 4);
  g_assert_cmpuint (preview->rows->len, ==, 3);
  g_assert_cmpstr (((SegPreviewColumn *)g_ptr_array_index (preview->columns, 1))->name, ==, "名称");
  /* One word among two amounts: text in so short a file. */
  g_assert_cmpint (((SegPreviewColumn *)g_ptr_array_index (preview->columns, 2))->type, ==, SEG_COLUMN_TEXT);

  /* Fix the type; the preview marks the word's row as rejected. */
  importer = seg_import_dialog_get_importer (dialog);
  seg_importer_set_column_type (importer, 2, SEG_COLUMN_REAL);
  seg_importer_set_table_name (importer, "tea");
  seg_import_dialog_refresh (dialog);
  preview = seg_import_dialog_get_preview (dialog);
  g_assert_cmpint (((SegPreviewColumn *)g_ptr_array_index (preview->columns, 2))->type, ==, SEG_COLUMN_REAL);
  g_assert_cmpint (((SegPreviewRow *)g_ptr_array_index (preview->rows, 2))->status[2], ==, SEG_PREVIEW_CELL_REJECTED);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.import", NULL));
  g_assert_null (seg_window_get_import_dialog (window));
  wait_until (not_busy, window, 30);

  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "tea");
  rows = seg_window_get_table_model (window);
  /* The word's cell is emptied and its row kept. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  row = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (seg_row_get_cell (row, 0), ==, "0001");
  g_assert_cmpstr (seg_row_get_cell (row, 2), ==, "268");
  g_assert_cmpstr (seg_row_get_cell (row, 3), ==, "2024-01-05");
  g_clear_object (&row);
  row = g_list_model_get_item (rows, 2);
  g_assert_true (seg_row_get_cell (row, 2) == NULL || seg_row_get_cell (row, 2)[0] == '\0');

  destroy_window (window);
}

static gint64 table_rows (SegProject *project, const char *table);

static gboolean
has_all_sheets (gpointer data)
{
  SegProject *project = seg_window_get_project (data);

  return !seg_window_get_busy (data) && project != NULL &&
         seg_project_has_table (project, "Orders") && seg_project_has_table (project, "Kunden_2");
}

/* A workbook through the import dialog: the sheet chosen in the dialog
 * becomes a table named after it, its cells keeping their types. */
static void
test_import_workbook (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = g_build_filename (test_dir, "shop.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *orders = workbook_add_worksheet (workbook, "Orders");
  lxw_worksheet *customers = workbook_add_worksheet (workbook, "Kunden");
  lxw_format *date_format = workbook_add_format (workbook);
  SegImportDialog *dialog;
  SegImportPreview *preview;
  GListModel *rows;
  g_autoptr(SegRow) row = NULL;

  format_set_num_format (date_format, "yyyy-mm-dd");
  worksheet_write_string (orders, 0, 0, "order", NULL);
  worksheet_write_number (orders, 1, 0, 1, NULL);
  worksheet_write_string (customers, 0, 0, "name", NULL);
  worksheet_write_string (customers, 0, 1, "since", NULL);
  worksheet_write_string (customers, 0, 2, "spend", NULL);
  for (guint i = 1; i <= 3; i++)
    {
      lxw_datetime since = { 2023, (int) i, 15, 0, 0, 0 };

      worksheet_write_string (customers, i, 0, i == 2 ? "Jürgen" : "Ada", NULL);
      worksheet_write_datetime (customers, i, 1, &since, date_format);
      worksheet_write_number (customers, i, 2, 10.5 * i, NULL);
    }
  g_assert_cmpint (workbook_close (workbook), ==, LXW_NO_ERROR);

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preview-file", "s", path));
  wait_until (has_import_dialog, window, 10);
  dialog = seg_window_get_import_dialog (window);
  preview = seg_import_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->n_columns, ==, 1);
  g_assert_cmpstr (seg_importer_get_table_name (seg_import_dialog_get_importer (dialog)), ==, "Orders");

  g_assert_true (seg_import_dialog_select_sheet (dialog, "Kunden"));
  preview = seg_import_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->n_columns, ==, 3);
  g_assert_cmpuint (preview->rows->len, ==, 3);
  g_assert_cmpint (((SegPreviewColumn *)g_ptr_array_index (preview->columns, 1))->type, ==, SEG_COLUMN_DATE);
  g_assert_cmpint (((SegPreviewColumn *)g_ptr_array_index (preview->columns, 2))->type, ==, SEG_COLUMN_REAL);
  g_assert_cmpstr (seg_importer_get_table_name (seg_import_dialog_get_importer (dialog)), ==, "Kunden");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.import", NULL));
  g_assert_null (seg_window_get_import_dialog (window));
  wait_until (not_busy, window, 30);

  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "Kunden");
  rows = seg_window_get_table_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  row = g_list_model_get_item (rows, 1);
  g_assert_cmpstr (seg_row_get_cell (row, 0), ==, "Jürgen");
  g_assert_cmpstr (seg_row_get_cell (row, 1), ==, "2023-02-15");
  g_assert_cmpstr (seg_row_get_cell (row, 2), ==, "21");

  /* Every sheet at once: each a table after its sheet, a taken name
   * numbered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preview-file", "s", path));
  wait_until (has_import_dialog, window, 10);
  dialog = seg_window_get_import_dialog (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.import-all", NULL));
  g_assert_null (seg_window_get_import_dialog (window));
  wait_until (has_all_sheets, window, 30);
  g_assert_cmpint (table_rows (seg_window_get_project (window), "Orders"), ==, 1);
  g_assert_cmpint (table_rows (seg_window_get_project (window), "Kunden_2"), ==, 3);

  destroy_window (window);
}

static gboolean
sample_shop_ready (gpointer data)
{
  SegProject *project = seg_window_get_project (data);

  return !seg_window_get_busy (data) && project != NULL &&
         seg_project_has_table (project, "customers") && seg_project_has_table (project, "products") &&
         seg_project_has_table (project, "orders");
}

static gint64
table_rows (SegProject *project,
            const char *table)
{
  g_autoptr(SegTableInfo) info = seg_project_get_table (project, table, NULL);

  return info != NULL ? info->rows : -1;
}

static void
test_delete_and_undo (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = NULL;
  g_autofree char *exported = g_build_filename (test_dir, "exported.segmenta", NULL);
  g_autofree char *csv = write_csv ("t.csv", "a,b\n1,2\n");

  g_object_ref_sink (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", csv);
  wait_until (not_busy, window, 30);
  wait_until (not_querying, window, 30);
  path = g_strdup (seg_project_get_path (seg_window_get_project (window)));
  {
    g_autoptr(GError) error = NULL;

    seg_project_export_copy (seg_window_get_project (window), exported, &error);
    g_assert_no_error (error);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-project", "s", path));
  g_assert_null (seg_window_get_project (window));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-delete", "s", path));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A project from elsewhere opens as a copy in the app's folder. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-copy", "s", exported));
  /* The copy is made in a worker; the window is busy until it is open. */
  g_assert_true (seg_window_get_busy (window));
  wait_until (not_busy, window, 30);
  g_assert_nonnull (seg_window_get_project (window));
  g_assert_cmpstr (seg_project_get_path (seg_window_get_project (window)), !=, exported);
  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "t");

  destroy_window (window);
}

static gboolean
has_rejects_window (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      const char *title = gtk_window_get_title (toplevel);

      if (title != NULL && strstr (title, "Rejected Row") != NULL)
        {
          gtk_window_destroy (toplevel);
          return TRUE;
        }
    }

  return FALSE;
}

static SegRejectsDialog *
find_rejects_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (SEG_IS_REJECTS_DIALOG (toplevel))
        return SEG_REJECTS_DIALOG (toplevel);
    }

  return NULL;
}

/* Show Rejected Rows is offered only for a table whose import set rows
 * aside, and the dialog says so plainly when there are none. */
static void
test_rejects_states (void)
{
  SegWindow *window = new_window ();
  g_autofree char *clean = write_csv ("clean.csv", "a,b\n1,2\n3,4\n");
  g_autofree char *faulty = write_csv ("faulty.csv", "a,b\n1,2\n3,4,5\n");
  SegRejectsDialog *dialog;
  GtkListBox *tables;

  g_object_ref_sink (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", clean);
  wait_until (not_busy, window, 30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", faulty);
  wait_until (not_busy, window, 30);
  tables = seg_window_get_tables_list (window);

  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "faulty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-table-rejects", NULL));
  dialog = find_rejects_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (seg_rejects_dialog_get_n_rows (dialog), ==, 1);
  g_assert_cmpstr (seg_rejects_dialog_get_shown (dialog), ==, "rows");
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_list_box_select_row (tables, gtk_list_box_get_row_at_index (tables, 0));
  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "clean");
  /* The action is there but disabled: it opens nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-table-rejects", NULL);
  g_assert_null (find_rejects_dialog ());

  /* Asked for all the same, the dialog shows a status page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-rejects", "s", "clean"));
  dialog = find_rejects_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (seg_rejects_dialog_get_n_rows (dialog), ==, 0);
  g_assert_cmpstr (seg_rejects_dialog_get_shown (dialog), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (dialog));

  destroy_window (window);
}

static void
test_rename_delete_rejects (void)
{
  SegWindow *window = new_window ();
  g_autofree char *csv = write_csv ("sales.csv", "a,b\n1,2\n3,4,5\n");
  SegProject *project;

  g_object_ref_sink (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", csv);
  wait_until (not_busy, window, 30);
  project = seg_window_get_project (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-rejects", "s", "sales"));
  wait_until (has_rejects_window, NULL, 10);

  g_assert_true (seg_project_rename_table (project, "sales", "verkäufe", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-project", NULL));
  g_assert_cmpstr (seg_window_get_page (window), ==, "start");

  destroy_window (window);
  (void)project;
}

static void
test_delete_table (void)
{
  SegWindow *window = new_window ();
  g_autofree char *csv = write_csv ("gone.csv", "a\n1\n");

  g_object_ref_sink (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", csv);
  wait_until (not_busy, window, 30);
  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "gone");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-table", "b", TRUE));
  g_assert_null (seg_window_get_selected_table (window));
  g_assert_false (seg_project_has_table (seg_window_get_project (window), "gone"));
  g_assert_cmpuint (count_children (GTK_WIDGET (seg_window_get_tables_list (window))), ==, 0);

  destroy_window (window);
}

static gboolean
page_idle (gpointer data)
{
  return !seg_segments_page_get_busy (data) && !seg_segments_page_get_loading (data);
}

static gboolean
not_comparing (gpointer data)
{
  return !seg_segments_page_get_comparing (data);
}

static gboolean
map_laid_out (gpointer data)
{
  SegPlotFrame frame;

  return gtk_widget_get_width (data) > 0 && seg_map_view_get_frame (data, &frame);
}

static gboolean
eps_found (gpointer data)
{
  return !seg_model_dialog_get_suggesting (data);
}

static gboolean
rfm_dialog_gone (gpointer data)
{
  return find_toplevel (SEG_TYPE_RFM_DIALOG) == NULL;
}

static SegModelDialog *
find_model_dialog (void)
{
  return find_toplevel (SEG_TYPE_MODEL_DIALOG);
}

/* Scoring customers from order lines: the form guesses the columns, the
 * table appears on the Data page and the segmentation form opens on it. */
static void
test_score_customers (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_csv ("lines.csv",
                                     "invoice,invoice_date,customer_id,sku,quantity,unit_price\n"
                                     "A1,2024-01-05,C1,TEA,2,5.00\n"
                                     "A1,2024-01-05,C1,CUP,1,12.00\n"
                                     "A2,2024-02-01,C2,TEA,1,5.00\n"
                                     "A3,2024-03-01,C1,TEA,-1,5.00\n"
                                     "A4,2024-03-09,C3,POT,1,30.00\n");
  SegSegmentsPage *page;
  SegRfmDialog *rfm;
  SegModelDialog *dialog;
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) logs = NULL;

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  g_assert_cmpuint (count_children (GTK_WIDGET (seg_window_get_tables_list (window))), ==, 1);

  seg_window_set_view (window, "segments");
  page = seg_window_get_segments_page (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.score-customers", NULL));
  rfm = find_toplevel (SEG_TYPE_RFM_DIALOG);
  g_assert_nonnull (rfm);
  g_assert_cmpstr (seg_rfm_dialog_get_column (rfm, "customer"), ==, "customer_id");
  g_assert_cmpstr (seg_rfm_dialog_get_column (rfm, "date"), ==, "invoice_date");
  g_assert_null (seg_rfm_dialog_get_column (rfm, "amount"));
  g_assert_cmpstr (seg_rfm_dialog_get_column (rfm, "quantity"), ==, "quantity");
  g_assert_cmpstr (seg_rfm_dialog_get_column (rfm, "price"), ==, "unit_price");
  g_assert_cmpstr (seg_rfm_dialog_get_column (rfm, "invoice"), ==, "invoice");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (rfm), "rfm.score", NULL));
  wait_until (rfm_dialog_gone, NULL, 30);

  g_assert_cmpuint (count_children (GTK_WIDGET (seg_window_get_tables_list (window))), ==, 2);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM rfm"), ==, 3);
  gtk_window_destroy (GTK_WINDOW (find_model_dialog ()));

  /* Scoring again replaces the scores; a table named rfm that someone
   * imported is theirs and stays, and the scores take another name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.score-customers", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_toplevel (SEG_TYPE_RFM_DIALOG)), "rfm.score", NULL));
  wait_until (rfm_dialog_gone, NULL, 30);
  g_assert_cmpuint (count_children (GTK_WIDGET (seg_window_get_tables_list (window))), ==, 2);
  gtk_window_destroy (GTK_WINDOW (find_model_dialog ()));
  {
    g_autofree char *mine = write_csv ("rfm.csv", "note\nkeep me\n");

    g_assert_true (seg_project_drop_table (seg_window_get_project (window), "rfm", NULL));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", mine));
    wait_until (not_busy, window, 30);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.score-customers", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_toplevel (SEG_TYPE_RFM_DIALOG)), "rfm.score", NULL));
  wait_until (rfm_dialog_gone, NULL, 30);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM rfm"), ==, 1);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM rfm_2"), ==, 3);
  dialog = find_model_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (seg_model_get_table (seg_model_dialog_get_model (dialog)), ==, "rfm_2");
  g_object_get (seg_model_dialog_get_model (dialog), "columns", &columns, "log-columns", &logs, NULL);
  g_assert_cmpstrv (columns, ((const char *const[]) { "recency", "frequency", "monetary", NULL }));
  g_assert_cmpstrv (logs, ((const char *const[]) { "frequency", "monetary", NULL }));
  gtk_window_destroy (GTK_WINDOW (dialog));

  destroy_window (window);
}

/* The Segments page: the form built from the model's parameters, a run
 * with progress, the map with its zoom, hover and lasso, the profiles,
 * cancelling, and the chart export. */
static void
test_segments (void)
{
  SegWindow *window = new_window ();
  g_autoptr(GString) csv = g_string_new ("customer,spend,visits,channel\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autofree char *path = NULL;
  g_autofree char *chart = g_build_filename (test_dir, "map.png", NULL);
  g_autofree char *head = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) columns = NULL;
  static const double centres[3][2] = { { 20, 2 }, { 400, 12 }, { 120, 30 } };
  SegSegmentsPage *page;
  SegModelDialog *dialog;
  SegMapView *map;
  const SegRunPoints *points;
  SegRange xr, yr, zoomed_x, zoomed_y;
  SegPlotFrame frame;
  double everything[8];
  gssize picked;
  gsize size_of_first = 0;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (csv, "C%03u,%.2f,%.1f,%s\n", i,
                            centres[i % 3][0] * g_rand_double_range (rand, 0.8, 1.2),
                            centres[i % 3][1] * g_rand_double_range (rand, 0.8, 1.2),
                            i % 2 ? "web" : "app");
  path = write_csv ("customers.csv", csv->str);

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);

  seg_window_set_view (window, "segments");
  page = seg_window_get_segments_page (window);
  map = seg_segments_page_get_map_view (page);
  g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 0);
  g_assert_null (seg_map_view_get_points (map));

  /* The form: number columns that are not identifiers are ticked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
  dialog = find_model_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (seg_model_dialog_set_table (dialog, "customers"));
  g_object_get (seg_model_dialog_get_model (dialog), "columns", &columns, NULL);
  g_assert_cmpuint (g_strv_length (columns), ==, 2);
  g_assert_cmpstr (columns[0], ==, "spend");
  g_assert_cmpstr (columns[1], ==, "visits");
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "dbscan"));
  g_assert_true (g_str_equal (seg_model_get_id (seg_model_dialog_get_model (dialog)), "dbscan"));
  /* eps from the data: the knee of the k-distance curve, in the form and
   * in the model. */
  {
    double eps;

    g_assert_cmpfloat (seg_model_dialog_get_param (dialog, "eps"), ==, 0.5);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.suggest", NULL));
    wait_until (eps_found, dialog, 30);
    eps = seg_model_dialog_get_param (dialog, "eps");
    g_assert_cmpfloat (eps, !=, 0.5);
    g_assert_cmpfloat (eps, >, 0);
    g_object_get (seg_model_dialog_get_model (dialog), "eps", &eps, NULL);
    g_assert_cmpfloat (fabs (eps - seg_model_dialog_get_param (dialog, "eps")), <, 1e-3);
  }
  g_assert_true (seg_model_dialog_set_algorithm (dialog, "kmeans"));
  g_assert_true (g_str_equal (seg_model_get_id (seg_model_dialog_get_model (dialog)), "kmeans"));
  g_object_set (seg_model_dialog_get_model (dialog), "k", 3, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  g_assert_true (seg_segments_page_get_busy (page));
  wait_until (page_idle, page, 60);

  g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 1);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 1);
  points = seg_map_view_get_points (map);
  g_assert_nonnull (points);
  g_assert_cmpuint (points->n, ==, 300);
  g_assert_cmpuint (points->n_clusters, ==, 3);
  g_assert_cmpuint (count_children (GTK_WIDGET (seg_segments_page_get_profile_list (page))), ==, 3);
  /* The three groups are found whole. */
  for (guint c = 0; c < 3; c++)
    g_assert_cmpint (points->sizes[c], ==, 100);

  /* Clicking a profile selects its segment; a lasso around everything
   * selects every row. */
  seg_map_view_select_cluster (map, 0);
  for (gsize i = 0; i < points->n; i++)
    size_of_first += points->labels[i] == 0;
  g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, size_of_first);
  /* The selection is the window's: the session has the customers' keys. */
  g_assert_cmpuint (seg_session_get_n_selected (seg_window_get_session (window)), ==, size_of_first);
  for (gsize i = 0; i < points->n; i++)
    g_assert_true (seg_session_is_selected (seg_window_get_session (window), points->keys[i]) == (points->labels[i] == 0));

  /* The selection goes out as a target list: its rows, each with its
   * segment's name, without the map's figures. */
  {
    g_autofree char *list = g_build_filename (test_dir, "target.csv", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (seg_segments_page_export_selection (page, list, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (list, &text, NULL, NULL));
    lines = g_strsplit (text, "\r\n", -1);
    /* A byte order mark, the header, the rows and the empty rest. */
    g_assert_cmpstr (lines[0], ==, "\xef\xbb\xbf" "customer,spend,visits,segment");
    g_assert_cmpuint (g_strv_length (lines), ==, size_of_first + 2);
    for (guint i = 1; lines[i][0] != '\0'; i++)
      {
        g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
        g_auto(GStrv) first = g_strsplit (lines[1], ",", -1);

        g_assert_cmpstr (fields[3], !=, "1");
        g_assert_cmpstr (fields[3], !=, "");
        g_assert_cmpstr (fields[3], ==, first[3]);
      }
  }
  /* The selection is kept as a named segment: the session's list of
   * segments has it with every selected customer; a name taken is
   * refused and keeps the list as it was. */
  {
    GListModel *segments = seg_session_get_segments (seg_window_get_session (window));
    g_autoptr(SegSegment) saved = NULL;
    g_auto(GStrv) keys = NULL;
    AdwMessageDialog *ask;
    GtkWidget *entry;

    g_assert_nonnull (segments);
    g_assert_cmpuint (g_list_model_get_n_items (segments), ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.save-segment", NULL));
    ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (ask);
    entry = g_object_get_data (G_OBJECT (ask), "entry");
    g_assert_false (adw_message_dialog_get_response_enabled (ask, "save"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "  Big spenders ");
    g_assert_true (adw_message_dialog_get_response_enabled (ask, "save"));
    adw_message_dialog_response (ask, "save");
    gtk_window_destroy (GTK_WINDOW (ask));
    g_assert_cmpuint (g_list_model_get_n_items (segments), ==, 1);
    saved = g_list_model_get_item (segments, 0);
    g_assert_cmpstr (seg_segment_get_name (saved), ==, "Big spenders");
    g_assert_cmpint (seg_segment_get_size (saved), ==, size_of_first);
    keys = seg_project_get_segment_keys (seg_window_get_project (window), seg_segment_get_id (saved), &error);
    g_assert_no_error (error);
    for (guint i = 0; keys[i] != NULL; i++)
      g_assert_true (seg_session_is_selected (seg_window_get_session (window), keys[i]));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.save-segment", NULL));
    ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    entry = g_object_get_data (G_OBJECT (ask), "entry");
    /* A name taken is explained under the entry before Save is asked;
     * asked anyway, the project refuses it and says why. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "big SPENDERS");
    g_assert_false (adw_message_dialog_get_response_enabled (ask, "save"));
    {
      GtkLabel *problem = g_object_get_data (G_OBJECT (ask), "problem");

      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
      g_assert_cmpstr (gtk_label_get_label (problem), ==, "Another segment is already called “Big spenders”.");
    }
    adw_message_dialog_response (ask, "save");
    gtk_window_destroy (GTK_WINDOW (ask));
    g_assert_true (has_dialog (NULL));
    close_dialogs ();
    g_assert_cmpuint (g_list_model_get_n_items (segments), ==, 1);
  }

  seg_map_view_get_range (map, &xr, &yr);
  everything[0] = xr.lo, everything[1] = yr.lo;
  everything[2] = xr.hi, everything[3] = yr.lo;
  everything[4] = xr.hi, everything[5] = yr.hi;
  everything[6] = xr.lo, everything[7] = yr.hi;
  g_assert_cmpuint (seg_map_view_select_polygon (map, everything, 4), ==, 300);
  seg_map_view_clear_selection (map);
  g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, 0);
  g_assert_cmpuint (seg_session_get_n_selected (seg_window_get_session (window)), ==, 0);
  g_assert_false (seg_segments_page_export_selection (page, chart, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Zoom and pan change the view, never the data; Show All comes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.zoom-in", NULL));
  seg_map_view_get_range (map, &zoomed_x, &zoomed_y);
  g_assert_cmpfloat (zoomed_x.hi - zoomed_x.lo, <, (xr.hi - xr.lo) * 0.7);
  {
    SegRange panned_x, panned_y;

    seg_map_view_pan (map, 0.1, -0.1);
    seg_map_view_get_range (map, &panned_x, &panned_y);
    g_assert_cmpfloat (panned_x.lo, >, zoomed_x.lo);
    g_assert_cmpfloat (panned_y.hi, <, zoomed_y.hi);
    g_assert_cmpfloat_with_epsilon (panned_x.hi - panned_x.lo, zoomed_x.hi - zoomed_x.lo, 1e-9);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.reset-view", NULL));
  seg_map_view_get_range (map, &zoomed_x, &zoomed_y);
  g_assert_cmpfloat (zoomed_x.lo, ==, xr.lo);
  g_assert_cmpfloat (zoomed_y.hi, ==, yr.hi);

  /* The point under the pointer is found through the index. */
  wait_until (map_laid_out, map, 10);
  g_assert_true (seg_map_view_get_frame (map, &frame));
  picked = seg_map_view_point_at (map, seg_plot_frame_sx (&frame, points->x[17]), seg_plot_frame_sy (&frame, points->y[17]));
  g_assert_cmpint (picked, >=, 0);
  g_assert_cmpfloat (fabs (seg_plot_frame_sx (&frame, points->x[picked]) - seg_plot_frame_sx (&frame, points->x[17])), <=, 8);
  g_assert_cmpint (seg_map_view_point_at (map, frame.x - 20, frame.y), ==, -1);

  g_assert_true (seg_segments_page_export_chart (page, chart, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (chart, &head, NULL, NULL));
  g_assert_true (g_str_has_prefix (head, "\x89PNG"));

  /* The silhouettes, in view and exported as they are drawn. */
  {
    g_autofree char *pdf = g_build_filename (test_dir, "silhouette.pdf", NULL);
    g_autofree char *contents = NULL;

    seg_segments_page_set_chart (page, "silhouette");
    g_assert_true (seg_segments_page_export_chart (page, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    seg_segments_page_set_chart (page, "map");
  }

  /* How many segments: compared in a worker on the run's own rows. */
  {
    g_autofree char *elbow = g_build_filename (test_dir, "elbow.svg", NULL);
    const SegKSuggestion *suggestion;

    seg_segments_page_set_chart (page, "k");
    g_assert_false (seg_segments_page_export_chart (page, elbow, &error));
    g_clear_error (&error);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.compare-k", NULL));
    g_assert_true (seg_segments_page_get_comparing (page));
    wait_until (not_comparing, page, 60);
    suggestion = seg_segments_page_get_suggestion (page);
    g_assert_nonnull (suggestion);
    g_assert_cmpuint (suggestion->scores->len, ==, 9);
    g_assert_cmpint (suggestion->recommended, ==, 3);
    g_assert_true (seg_segments_page_export_chart (page, elbow, &error));
    g_assert_no_error (error);
    seg_segments_page_set_chart (page, "map");
  }

  /* A cancelled run leaves the project as it was. Its table is large
   * enough that the run is still going when the cancel comes: measuring
   * the silhouette of 20,000 sampled rows alone takes a good second. */
  g_string_assign (csv, "visit,minutes,pages\n");
  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (csv, "%u,%.1f,%u\n", i, g_rand_double_range (rand, 0, 90), g_rand_int_range (rand, 1, 40));
  g_free (path);
  path = write_csv ("visits.csv", csv->str);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
  dialog = find_model_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (seg_model_dialog_set_table (dialog, "visits"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  g_assert_true (seg_segments_page_get_busy (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.cancel", NULL));
  wait_until (page_idle, page, 60);
  g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 1);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_runs"), ==, 1);

  /* Deleting the run takes its table off the Data page too. */
  {
    guint tables = count_children (GTK_WIDGET (seg_window_get_tables_list (window)));

    g_assert_true (seg_segments_page_delete_run (page, seg_segments_page_get_shown_run (page), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 0);
    g_assert_null (seg_map_view_get_points (map));
    g_assert_cmpuint (count_children (GTK_WIDGET (seg_window_get_tables_list (window))), ==, tables - 1);
    g_assert_false (seg_segments_page_delete_run (page, seg_segments_page_get_shown_run (page), &error));
    g_clear_error (&error);
  }

  destroy_window (window);
}

/* Every check button inside @widget, in order. */
static void
collect_checks (GtkWidget *widget,
                GPtrArray *checks)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    g_ptr_array_add (checks, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_checks (child, checks);
}

static void
on_run_requested (SegModelDialog *dialog,
                  SegRun         *run,
                  SegRun        **out)
{
  g_set_object (out, run);
}

/* The one model dialog: the rows come from the chosen model's inputs and
 * parameters, the columns are guessed and filtered by type, a choice that
 * cannot run says why and turns Run off, and Run hands on the model as
 * the rows left it. */
static void
test_model_dialog (void)
{
  SegWindow *window = new_window ();
  g_autofree char *orders = write_csv ("orders.csv",
                                       "invoice,order_date,customer_id,product_id,quantity,price\n"
                                       "A1,2024-01-05,C1,TEA,2,5.00\n"
                                       "A1,2024-01-05,C1,CUP,1,12.00\n"
                                       "A2,2024-02-01,C2,TEA,1,5.00\n"
                                       "A3,2024-03-09,C3,POT,1,30.00\n");
  g_autofree char *people = write_csv ("people.csv",
                                       "customer_id,spend,visits\n"
                                       "C1,10.5,2\nC2,300,9\nC3,42,4\nC4,7,1\n");
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_auto(GStrv) offered = NULL;
  g_autofree char *user = NULL;
  g_autofree char *item = NULL;
  SegProject *project;
  SegModelDialog *dialog;
  SegModel *model;
  GtkWidget *editor;
  int top = 0;

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", people));
  wait_until (not_busy, window, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", orders));
  wait_until (not_busy, window, 30);
  project = seg_window_get_project (window);

  /* Recommendations: the order lines are found among the tables, the
   * customer and product columns by their names, and only text and
   * whole-number columns are offered for them. The form starts on the
   * recommender that did best on held-out orders. */
  dialog = seg_model_dialog_new (GTK_WINDOW (window), project, SEG_MODEL_KIND_RECOMMENDATION);
  gtk_window_present (GTK_WINDOW (dialog));
  model = seg_model_dialog_get_model (dialog);
  g_assert_cmpstr (seg_model_get_id (model), ==, "als");
  g_assert_false (seg_model_dialog_set_algorithm (dialog, "kmeans"));
  g_assert_cmpstr (seg_model_get_table (model), ==, "orders");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (seg_model_dialog_get_row (dialog, "table"))), ==, "Orders");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (seg_model_dialog_get_row (dialog, "user"))), ==, "Customer column");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (seg_model_dialog_get_row (dialog, "item"))), ==, "Product column");
  g_object_get (model, "user", &user, "item", &item, NULL);
  g_assert_cmpstr (user, ==, "customer_id");
  g_assert_cmpstr (item, ==, "product_id");
  offered = seg_model_dialog_get_offered (dialog, "user");
  g_assert_cmpstrv (offered, ((const char *const[]) { "invoice", "customer_id", "product_id", "quantity", NULL }));
  g_assert_true (seg_model_dialog_get_can_run (dialog));
  g_assert_null (seg_model_dialog_get_message (dialog));

  /* Choices made in the rows are the model's. */
  editor = seg_param_row_get_editor (seg_model_dialog_get_row (dialog, "item"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (editor), 0);
  editor = seg_param_row_get_editor (seg_model_dialog_get_row (dialog, "top"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), 3);
  g_signal_connect (dialog, "run-requested", G_CALLBACK (on_run_requested), &run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  g_assert_nonnull (run);
  g_assert_null (find_model_dialog ());
  model = seg_run_get_model (run);
  g_clear_pointer (&user, g_free);
  g_clear_pointer (&item, g_free);
  g_object_get (model, "user", &user, "item", &item, "top", &top, NULL);
  g_assert_cmpstr (seg_model_get_table (model), ==, "orders");
  g_assert_cmpstr (user, ==, "customer_id");
  g_assert_cmpstr (item, ==, "invoice");
  g_assert_cmpint (top, ==, 3);
  g_clear_object (&run);

  /* Segmentation: the advanced parameters and the seed are folded away,
   * the preparation reads as such. */
  dialog = seg_model_dialog_new (GTK_WINDOW (window), project, SEG_MODEL_KIND_SEGMENTATION);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (seg_model_dialog_set_table (dialog, "people"));
  g_assert_null (gtk_widget_get_ancestor (seg_model_dialog_get_row (dialog, "k"), ADW_TYPE_EXPANDER_ROW));
  g_assert_null (gtk_widget_get_ancestor (seg_model_dialog_get_row (dialog, "scale"), ADW_TYPE_EXPANDER_ROW));
  g_assert_nonnull (gtk_widget_get_ancestor (seg_model_dialog_get_row (dialog, "max-iter"), ADW_TYPE_EXPANDER_ROW));
  g_assert_nonnull (gtk_widget_get_ancestor (seg_model_dialog_get_row (dialog, "seed"), ADW_TYPE_EXPANDER_ROW));
  g_assert_nonnull (gtk_widget_get_ancestor (seg_model_dialog_get_row (dialog, "silhouette-sample"), ADW_TYPE_EXPANDER_ROW));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (seg_model_dialog_get_row (dialog, "log-columns"))), ==, "Logarithm of");
  g_assert_true (seg_model_dialog_get_can_run (dialog));

  /* No columns to compare by: Run is off, and the message says which
   * choice is missing. */
  collect_checks (seg_model_dialog_get_row (dialog, "columns"), checks);
  g_assert_cmpuint (checks->len, ==, 3);
  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i), FALSE);
  g_assert_false (seg_model_dialog_get_can_run (dialog));
  g_assert_true (g_str_has_prefix (seg_model_dialog_get_message (dialog), "Columns:"));
  g_signal_connect (dialog, "run-requested", G_CALLBACK (on_run_requested), &run);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL);
  g_assert_null (run);
  g_assert_true (find_model_dialog () == dialog);
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
  g_assert_true (seg_model_dialog_get_can_run (dialog));
  g_assert_null (seg_model_dialog_get_message (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  destroy_window (window);
}

/* The shortcuts window builds: a bad property there aborts the app when
 * someone asks for it. */
static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *overlay;

  g_assert_true (gtk_builder_add_from_resource (builder, "/io/github/segmenta/Segmenta/gtk/help-overlay.ui", &error));
  g_assert_no_error (error);
  overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (overlay);
}

/* The history: every run listed, shown again, run again on the current
 * data with the same settings, and deleted after a confirmation. */
static void
test_runs_page (void)
{
  SegWindow *window = new_window ();
  g_autoptr(GString) csv = g_string_new ("customer,spend,visits\n");
  g_autofree char *path = NULL;
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  SegSegmentsPage *page;
  SegRunsPage *runs;
  AdwMessageDialog *confirm;
  AdwToast *toast;

  for (guint i = 0; i < 90; i++)
    g_string_append_printf (csv, "C%02u,%u,%u\n", i, (i % 3) * 100 + i % 7, (i % 3) * 10 + i % 5);
  path = write_csv ("people.csv", csv->str);

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  page = seg_window_get_segments_page (window);
  runs = seg_window_get_runs_page (window);
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs), ==, 0);

  g_object_set (model, "k", 3, NULL);
  run = seg_run_new (seg_window_get_project (window), model, "people", columns);
  seg_segments_page_start (page, run);
  wait_until (page_idle, page, 60);
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs), ==, 1);

  g_signal_emit_by_name (runs, "run-again", (gint64) 1);
  g_assert_cmpstr (seg_window_get_view (window), ==, "segments");
  wait_until (page_idle, page, 60);
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs), ==, 2);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 2);
  {
    g_autofree char *again = query_text (seg_window_get_project (window), "SELECT parameters FROM seg_runs WHERE id = 2");
    g_autofree char *first = query_text (seg_window_get_project (window), "SELECT parameters FROM seg_runs WHERE id = 1");

    g_assert_cmpstr (again, ==, first);
  }

  seg_window_set_view (window, "runs");
  g_signal_emit_by_name (runs, "show-run", (gint64) 1);
  wait_until (page_idle, page, 30);
  g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 1);

  /* A confirmed delete hides the run at once and offers Undo; Undo
   * brings it back, and nothing was deleted meanwhile. */
  g_signal_emit_by_name (runs, "delete-run", (gint64) 2);
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "delete");
  gtk_window_destroy (GTK_WINDOW (confirm));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs), ==, 1);
  g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 1);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_runs"), ==, 2);
  toast = seg_page_get_undo_toast (SEG_PAGE (page));
  g_assert_nonnull (toast);
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (seg_page_get_undo_toast (SEG_PAGE (page)));
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs), ==, 2);
  g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 2);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_runs"), ==, 2);
  g_assert_true (seg_project_has_table (seg_window_get_project (window), "run_2"));

  /* Without Undo, the run goes for good when the toast does. */
  g_signal_emit_by_name (runs, "delete-run", (gint64) 2);
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "delete");
  gtk_window_destroy (GTK_WINDOW (confirm));
  toast = seg_page_get_undo_toast (SEG_PAGE (page));
  g_assert_nonnull (toast);
  adw_toast_dismiss (toast);
  /* The page follows the project's list of runs, told of the commit. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs), ==, 1);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_runs"), ==, 1);
  g_assert_false (seg_project_has_table (seg_window_get_project (window), "run_2"));

  /* Run numbers start at 1 in every project: what was compared for one
   * project's run 1 may not show for another's. */
  {
    g_autofree char *first = g_strdup (seg_project_get_path (seg_window_get_project (window)));
    g_autoptr(SegModel) other_model = seg_model_new_for_id ("kmeans", NULL);
    g_autoptr(SegRun) other = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
    g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
    wait_until (not_busy, window, 30);
    other = seg_run_new (seg_window_get_project (window), other_model, "people", columns);
    seg_segments_page_start (page, other);
    wait_until (page_idle, page, 60);
    g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.compare-k", NULL));
    wait_until (not_comparing, page, 60);
    g_assert_nonnull (seg_segments_page_get_suggestion (page));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-project", "s", first));
    wait_until (not_busy, window, 30);
    wait_until (page_idle, page, 30);
    g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 1);
    g_assert_null (seg_segments_page_get_suggestion (page));
  }

  destroy_window (window);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
manager_idle (gpointer data)
{
  return !seg_run_manager_get_busy (data);
}

static void
on_run_finished (SegRunManager *manager,
                 SegRun        *run,
                 const GError  *error,
                 GError       **out)
{
  g_assert_null (*out);
  *out = error != NULL ? g_error_copy (error) : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "succeeded");
}

/* One analysis at a time, in one row of the window whichever page
 * started it; a second is refused, and Cancel in the row stops the
 * first and leaves the project as it was. */
static void
test_run_manager (void)
{
  SegWindow *window = new_window ();
  g_autoptr(GString) csv = g_string_new ("visit,minutes,pages\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *columns[] = { "minutes", "pages", NULL };
  g_autoptr(SegModel) first_model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegModel) second_model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) first = NULL;
  g_autoptr(SegRun) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) finished = NULL;
  SegRunManager *manager;
  SegSegmentsPage *page;
  GtkWidget *row;
  GtkWidget *cancel;

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (csv, "%u,%.1f,%u\n", i, g_rand_double_range (rand, 0, 90), g_rand_int_range (rand, 1, 40));
  path = write_csv ("visits-manager.csv", csv->str);

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  before = project_state (seg_window_get_project (window));

  manager = seg_window_get_run_manager (window);
  page = seg_window_get_segments_page (window);
  row = seg_window_get_run_row (window);
  g_signal_connect (manager, "finished", G_CALLBACK (on_run_finished), &finished);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (row)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);

  first = seg_run_new (seg_window_get_project (window), first_model, "visits-manager", columns);
  second = seg_run_new (seg_window_get_project (window), second_model, "visits-manager", columns);
  g_assert_true (seg_run_manager_start (manager, first, &error));
  g_assert_no_error (error);
  g_assert_true (seg_run_manager_get_busy (manager));
  g_assert_true (seg_segments_page_get_busy (page));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (row)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);

  /* The second is refused, with a message, and the first goes on. */
  g_assert_false (seg_run_manager_start (manager, second, &error));
  g_assert_error (error, SEG_RUN_MANAGER_ERROR, SEG_RUN_MANAGER_ERROR_BUSY);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  g_assert_true (seg_run_manager_get_run (manager) == first);
  /* Through the page, the refusal is a dialog that says why. */
  seg_segments_page_start (page, second);
  g_assert_true (has_dialog (NULL));
  close_dialogs ();
  /* The page offers no new segmentation meanwhile. */
  gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL);
  g_assert_null (find_model_dialog ());

  /* Cancel, from the row's own button. */
  cancel = find_button (row, "win.cancel-run");
  g_assert_nonnull (cancel);
  g_assert_true (gtk_widget_get_sensitive (cancel));
  g_signal_emit_by_name (cancel, "clicked");
  wait_until (manager_idle, manager, 60);
  g_assert_error (finished, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (row)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  after = project_state (seg_window_get_project (window));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_runs"), ==, 0);

  g_signal_handlers_disconnect_by_func (manager, on_run_finished, &finished);
  destroy_window (window);
}

static gboolean
not_exporting (gpointer data)
{
  return !seg_data_page_get_exporting (data);
}

/* The Data page on its own: imports, the browser, a full-table export in
 * a worker, and other pages' changes arriving through the session. */
static gboolean
has_model_dialog (gpointer data)
{
  return find_model_dialog () != NULL;
}

static gboolean
runs_listed (gpointer data)
{
  return seg_runs_page_get_n_runs (data) == 1;
}

/* The second kind from the window: the Runs page offers it, its dialog
 * guesses the columns, the window's run manager runs it, the Runs page
 * lists it with its kind, and "show" opens its results on the Data page. */
static void
test_recommendation_run (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_csv ("orders.csv",
                                     "invoice,customer_id,product_id,quantity\n"
                                     "1,C1,TEA,2\n2,C1,CUP,1\n3,C2,TEA,1\n4,C3,POT,1\n5,C3,TEA,3\n");
  SegRunsPage *runs;
  SegModelDialog *dialog;
  SegRunManager *manager;
  g_autoptr(SegRunRecord) record = NULL;

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  runs = seg_window_get_runs_page (window);
  manager = seg_session_get_run_manager (seg_page_get_session (SEG_PAGE (runs)));
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs), ==, 0);

  seg_window_set_view (window, "runs");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-analysis", "s", "recommendation"));
  wait_until (has_model_dialog, NULL, 10);
  dialog = find_model_dialog ();
  g_assert_true (seg_model_dialog_set_table (dialog, "orders"));
  g_assert_true (seg_model_dialog_get_can_run (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
  wait_until (manager_idle, manager, 60);
  wait_until (runs_listed, runs, 10);

  record = seg_project_get_run (seg_window_get_project (window), 1, NULL);
  g_assert_nonnull (record);
  g_assert_cmpint (record->kind, ==, SEG_MODEL_KIND_RECOMMENDATION);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record->input), "item"), ==, "product_id");
  g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM run_1 WHERE customer = 'C2'"), ==, 2);

  /* Shown where its kind is shown: a recommendation on its page. */
  g_signal_emit_by_name (runs, "show-run", (gint64) 1);
  g_assert_cmpstr (seg_window_get_view (window), ==, "recommendations");
  g_assert_cmpint (seg_recommend_page_get_shown_run (seg_window_get_recommend_page (window)), ==, 1);

  destroy_window (window);
}

static gboolean
two_runs_listed (gpointer data)
{
  return seg_runs_page_get_n_runs (data) == 2;
}

static gboolean
has_data_note (gpointer data)
{
  return seg_runs_page_get_data_note (data, 1) != NULL;
}

/* This week's orders added to the orders table from the import dialog:
 * the run that read the table before says on its row how many lines are
 * new, and a run again from there is current. */
static void
test_append_and_stale (void)
{
  SegWindow *window = new_window ();
  g_autofree char *orders = write_csv ("orders.csv",
                                       "invoice,customer,sku,quantity,price\n"
                                       "1,C1,TEA,2,9.5\n2,C1,CUP,1,4\n3,C2,TEA,1,9.5\n4,C3,POT,1,30\n");
  g_autofree char *week = write_csv ("week.csv",
                                     "SKU,Customer,Quantity,invoice,coupon\n"
                                     "CUP,C4,1,5,SPRING\nTEA,C2,2,6,\n");
  g_autoptr(SegModel) model = seg_model_new_for_id ("popular", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;
  SegProject *project;
  SegImportDialog *dialog;
  SegImportPreview *preview;
  SegRunsPage *runs;

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", orders));
  wait_until (not_busy, window, 30);
  project = seg_window_get_project (window);
  runs = seg_window_get_runs_page (window);

  g_object_set (model, "table", "orders", "user", "customer", "item", "sku", NULL);
  run = seg_run_new_for_model (project, model);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  wait_until (runs_listed, runs, 10);
  seg_window_set_view (window, "runs");
  g_assert_null (seg_runs_page_get_data_note (runs, 1));

  /* The dialog matches the file's columns to the table's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preview-file", "s", week));
  wait_until (has_import_dialog, window, 10);
  dialog = seg_window_get_import_dialog (window);
  g_assert_false (seg_import_dialog_set_append_to (dialog, "nope"));
  g_assert_true (seg_import_dialog_set_append_to (dialog, "ORDERS"));
  g_assert_cmpstr (seg_importer_get_append_to (seg_import_dialog_get_importer (dialog)), ==, "orders");
  preview = seg_import_dialog_get_preview (dialog);
  g_assert_nonnull (preview);
  g_assert_cmpstr (((SegPreviewColumn *) g_ptr_array_index (preview->columns, 0))->name, ==, "sku");
  g_assert_cmpint (((SegPreviewColumn *) g_ptr_array_index (preview->columns, 2))->type, ==, SEG_COLUMN_INTEGER);
  g_assert_cmpstrv (preview->missing, ((const char *const[]) { "price", NULL }));

  /* The coupon column has no place in the table: nothing is added until
   * it is left out. */
  g_assert_true (((SegPreviewColumn *) g_ptr_array_index (preview->columns, 4))->extra);
  g_assert_false (seg_import_dialog_get_can_import (dialog));
  seg_importer_set_ignore_extra_columns (seg_import_dialog_get_importer (dialog), TRUE);
  seg_import_dialog_refresh (dialog);
  g_assert_true (seg_import_dialog_get_can_import (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.import", NULL));
  g_assert_null (seg_window_get_import_dialog (window));
  wait_until (not_busy, window, 30);
  g_assert_cmpint (table_rows (project, "orders"), ==, 6);

  /* The Runs page notes it on the run's row, with Run Again beside. */
  wait_until (has_data_note, runs, 10);
  g_assert_cmpstr (seg_runs_page_get_data_note (runs, 1), ==, "2 new rows");
  /* The Recommendations page says so above the offers. */
  g_assert_true (seg_recommend_page_get_stale (seg_window_get_recommend_page (window)));
  g_assert_cmpstr (seg_recommend_page_get_stale_text (seg_window_get_recommend_page (window)), ==,
                   "2 new order lines since these recommendations were made");

  g_signal_emit_by_name (runs, "run-again", (gint64) 1);
  wait_until (two_runs_listed, runs, 60);
  g_assert_null (seg_runs_page_get_data_note (runs, 2));
  g_assert_cmpstr (seg_runs_page_get_data_note (runs, 1), ==, "2 new rows");

  destroy_window (window);
}

static void
test_data_page (void)
{
  SegWindow *window = new_window ();
  g_autofree char *first = write_csv ("first.csv", "a,b\n1,x\n2,y\n");
  g_autofree char *second = write_csv ("second.csv", "c\n3\n");
  g_autofree char *out = g_build_filename (test_dir, "second-out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autofree char *contents = NULL;
  SegDataPage *page;
  GtkListBox *tables;

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  page = seg_window_get_data_page (window);
  g_assert_true (seg_page_get_project (SEG_PAGE (page)) == seg_window_get_project (window));
  g_assert_true (seg_page_get_session (SEG_PAGE (page)) == seg_window_get_session (window));
  tables = seg_data_page_get_tables_list (page);

  /* Two files queue up and import one after the other. */
  seg_data_page_import_file (page, first);
  seg_data_page_import_file (page, second);
  g_assert_nonnull (seg_data_page_get_importer (page));
  wait_until (not_busy, window, 30);
  g_assert_cmpuint (count_children (GTK_WIDGET (tables)), ==, 2);
  g_assert_cmpstr (seg_data_page_get_selected_table (page), ==, "second");
  g_assert_cmpuint (g_list_model_get_n_items (seg_data_page_get_table_model (page)), ==, 1);

  seg_data_page_export_table (page, file);
  g_assert_true (seg_data_page_get_exporting (page));
  wait_until (not_exporting, page, 30);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "\xef\xbb\xbf" "c\r\n3\r\n");

  /* A table renamed elsewhere, here straight through the core: the page
   * follows the project's list of tables and keeps the table in view. */
  g_assert_true (seg_project_rename_table (seg_window_get_project (window), "first", "renamed", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (seg_data_page_get_selected_table (page), ==, "second");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (tables, 0))),
                   ==, "renamed");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-table", "b", TRUE));
  g_assert_cmpuint (count_children (GTK_WIDGET (tables)), ==, 1);
  g_assert_cmpstr (seg_data_page_get_selected_table (page), ==, "renamed");

  /* Closing the project empties the page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-project", NULL));
  g_assert_null (seg_page_get_project (SEG_PAGE (page)));
  g_assert_cmpuint (count_children (GTK_WIDGET (tables)), ==, 0);
  g_assert_null (seg_data_page_get_selected_table (page));

  destroy_window (window);
}

static gboolean
is_scrollable (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) > 100;
}

static void
search_for (SegWindow  *window,
            const char *text)
{
  GtkEditable *entry = seg_window_get_search_entry (window);

  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "search-changed");
  wait_until (not_querying, window, 30);
}

/* A search counts the rows it keeps, says so when it keeps none, and
 * another table starts scrolled to its first column. */
static void
test_search_states (void)
{
  SegWindow *window = new_window ();
  g_autofree char *path = write_big_csv (1500);
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autofree char *wide_path = NULL;
  g_autofree char *expected = NULL;
  SegDataPage *page;
  GtkAdjustment *hadjustment;
  GtkLabel *title;
  AdwStatusPage *status;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (wide, "%sa_rather_long_column_name_%u", i > 0 ? "," : "", i);
  g_string_append_c (wide, '\n');
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (wide, "%s%u", i > 0 ? "," : "", i);
  g_string_append_c (wide, '\n');
  wide_path = write_csv ("wide.csv", wide->str);

  g_object_ref_sink (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path);
  wait_until (not_busy, window, 30);
  page = seg_window_get_data_page (window);
  title = page->table_title;
  g_assert_true (g_str_has_suffix (gtk_label_get_label (title), "rows from big.csv"));

  /* INV-100 to INV-109 and INV-1000 to INV-1099, with the grouping the
   * locale has. */
  search_for (window, "INV-10");
  g_assert_cmpuint (g_list_model_get_n_items (seg_window_get_table_model (window)), ==, 111);
  expected = g_strdup_printf ("big — %'u of %'u rows", 111, 1500);
  g_assert_cmpstr (gtk_label_get_label (title), ==, expected);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->rows_stack), ==, "rows");

  search_for (window, "no such invoice");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->rows_stack), ==, "no-match");
  status = page->no_match_page;
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No rows match “no such invoice”");

  search_for (window, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->rows_stack), ==, "rows");
  g_assert_true (g_str_has_suffix (gtk_label_get_label (title), "rows from big.csv"));

  /* Scrolled to the right in a wide table, then back to the other. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", wide_path);
  wait_until (not_busy, window, 30);
  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "wide");
  hadjustment = gtk_scrolled_window_get_hadjustment (page->rows_scroll);
  wait_until (is_scrollable, hadjustment, 30);
  gtk_adjustment_set_value (hadjustment, 100);
  g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), >, 0);
  gtk_list_box_select_row (seg_window_get_tables_list (window),
                           gtk_list_box_get_row_at_index (seg_window_get_tables_list (window), 0));
  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "big");
  g_assert_cmpfloat (gtk_adjustment_get_value (hadjustment), ==, 0);

  destroy_window (window);
}

/* Every button showing only an icon inside @widget, checked to have a
 * tooltip and an accessible label; returns how many there were. */
static guint
check_icon_buttons (GtkWidget *widget)
{
  guint n = 0;
  const char *icon = NULL;

  /* The toolkit's own buttons, closing the window or a toast and
   * stepping a spin button, are its to label. */
  if (GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_SPIN_BUTTON (widget) || g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget") == 0)
    return 0;

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  else if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL)
    icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));

  if (icon != NULL)
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      if (tooltip == NULL || !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                                GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("The %s button (%s in %s) has no %s", icon, G_OBJECT_TYPE_NAME (widget),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                 tooltip == NULL ? "tooltip" : "accessible label");
      n++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += check_icon_buttons (child);

  return n;
}

/* Buttons with only an icon say what they do, to the eye and to a
 * screen reader: those of the window and of the rows made in code. */
static void
test_icon_buttons (void)
{
  SegWindow *window = new_window ();
  g_autoptr(GString) csv = g_string_new ("customer,spend,visits\n");
  g_autofree char *path = NULL;
  const char *columns[] = { "spend", "visits", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  SegSegmentsPage *page;
  GtkWidget *runs_list;
  GtkWidget *projects_list;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (csv, "C%02u,%u,%u\n", i, (i % 3) * 100 + i % 7, (i % 3) * 10 + i % 5);
  path = write_csv ("icons.csv", csv->str);

  g_object_ref_sink (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  page = seg_window_get_segments_page (window);
  g_object_set (model, "k", 3, NULL);
  run = seg_run_new (seg_window_get_project (window), model, "icons", columns);
  seg_segments_page_start (page, run);
  wait_until (page_idle, page, 60);
  g_assert_cmpuint (seg_runs_page_get_n_runs (seg_window_get_runs_page (window)), ==, 1);

  /* The rows of the Runs page have three buttons each. */
  runs_list = GTK_WIDGET (seg_window_get_runs_page (window));
  g_assert_cmpuint (check_icon_buttons (runs_list), >=, 3);
  g_assert_cmpuint (check_icon_buttons (GTK_WIDGET (window)), >=, 9);

  /* The start page lists the project, with its delete button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-project", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  projects_list = GTK_WIDGET (seg_window_get_start_page (window));
  g_assert_cmpuint (check_icon_buttons (projects_list), >=, 1);

  destroy_window (window);
}

/* The start page lists the projects folder through the store: a project
 * appears, opens from its row, goes with Undo, and a copy being made
 * can be cancelled without leaving a file. */
static void
test_start_page (void)
{
  SegWindow *window = new_window ();
  SegStartPage *start;
  SegProjectStore *store;
  GtkListBox *list;
  g_autofree char *path = NULL;
  g_autofree char *elsewhere = g_build_filename (test_dir, "elsewhere.segmenta", NULL);
  guint before;

  g_object_ref_sink (window);
  start = seg_window_get_start_page (window);
  store = seg_start_page_get_store (start);
  list = seg_start_page_get_list (start);
  before = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (count_children (GTK_WIDGET (list)), ==, before);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  path = g_strdup (seg_project_get_path (seg_window_get_project (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-project", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, before + 1);
  g_assert_cmpuint (count_children (GTK_WIDGET (list)), ==, before + 1);
  g_assert_nonnull (seg_project_store_find (store, path));

  /* A row opens its project, in a worker. */
  for (guint i = 0; i < before + 1; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "path"), path) == 0)
        g_signal_emit_by_name (list, "row-activated", row);
    }
  g_assert_true (seg_window_get_busy (window));
  wait_until (not_busy, window, 30);
  g_assert_cmpstr (seg_project_get_path (seg_window_get_project (window)), ==, path);

  /* Deleting the open project closes it; Undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-project", "s", path));
  g_assert_null (seg_window_get_project (window));
  g_assert_cmpuint (count_children (GTK_WIDGET (list)), ==, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-delete", "s", path));
  g_assert_cmpuint (count_children (GTK_WIDGET (list)), ==, before + 1);

  /* Opening cancelled at once leaves the start page in view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-project", "s", path));
  g_assert_true (seg_window_get_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-task", NULL));
  wait_until (not_busy, window, 30);
  g_assert_null (seg_window_get_project (window));
  g_assert_cmpstr (seg_window_get_page (window), ==, "start");

  /* A copy cancelled at once leaves nothing in the folder. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    {
      g_autoptr(SegProject) source = seg_project_open (path, FALSE, &error);

      g_assert_no_error (error);
      g_assert_true (seg_project_export_copy (source, elsewhere, &error));
    }
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-copy", "s", elsewhere));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-task", NULL));
  wait_until (not_busy, window, 30);
  g_assert_null (seg_window_get_project (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, before + 1);

  destroy_window (window);
}

/* Whether the window, measured and laid out, stays within @width. */
static void
assert_fits (SegWindow *window,
             int        width)
{
  int minimum, natural;

  /* Let the page switch reach the layout. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("%s: minimum width %d, natural %d, allocated %d", seg_window_get_view (window), minimum,
                  natural, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (minimum, <=, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
}

/* At 1024 × 700 every page fits, even with a long table name in the run
 * picker: the window never widens itself past what it was given. */
static void
test_fits_1024 (void)
{
  static const char *const views[] = { "data", "segments", "runs", "predict", "segments", "data" };
  SegWindow *window = new_window ();
  g_autoptr(GString) csv = g_string_new ("customer,spend,visits\n");
  g_autofree char *path = NULL;
  SegSegmentsPage *page;
  SegModelDialog *dialog;
  const char *table = "customers_of_the_spring_and_summer_catalogue_campaign_in_every_region";

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (csv, "C%03u,%u.50,%u\n", i, i % 3 * 100 + i, i % 3 * 10 + i % 4);
  {
    g_autofree char *name = g_strconcat (table, ".csv", NULL);

    path = write_csv (name, csv->str);
  }

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);

  seg_window_set_view (window, "segments");
  page = seg_window_get_segments_page (window);
  for (guint run = 0; run < 2; run++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
      dialog = find_model_dialog ();
      g_assert_nonnull (dialog);
      g_assert_true (seg_model_dialog_set_table (dialog, table));
      g_assert_true (seg_model_dialog_set_algorithm (dialog, "kmeans"));
      g_object_set (seg_model_dialog_get_model (dialog), "k", run + 2, NULL);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
      wait_until (page_idle, page, 60);
      close_dialogs ();
    }
  g_assert_cmpuint (seg_segments_page_get_n_runs (page), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      seg_window_set_view (window, views[i]);
      assert_fits (window, 1024);
    }

  /* Showing the other run keeps the width. */
  seg_window_set_view (window, "segments");
  {
    gint64 other = seg_segments_page_get_shown_run (page) - 1;

    seg_page_show_run (SEG_PAGE (page), other);
    wait_until (page_idle, page, 30);
    g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, other);
  }
  assert_fits (window, 1024);

  /* At 1024 pixels the cards fold away beside the map; a wide window
   * shows both side by side. */
  g_assert_true (seg_segments_page_get_panel_folded (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 900);
  for (guint i = 0; i < 200 && seg_segments_page_get_panel_folded (page); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_false (seg_segments_page_get_panel_folded (page));

  destroy_window (window);
}

/* The titles of the Data sidebar's rows, each after its heading, as
 * "heading:title|…". */
static char *
sidebar_text (SegWindow *window)
{
  GtkListBox *list = seg_window_get_tables_list (window);
  g_autoptr(GString) text = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      g_string_append_printf (text, "%s%s:%s", text->len > 0 ? "|" : "",
                              (const char *) g_object_get_data (G_OBJECT (child), "group"),
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static SegSegment *
save_segment (SegWindow         *window,
              const char        *name,
              const char        *source,
              const char *const *keys)
{
  g_autoptr(JsonNode) where = json_from_string (source, NULL);
  g_autoptr(GError) error = NULL;
  SegSegment *segment = seg_project_save_segment (seg_window_get_project (window), name, keys, where, &error);

  g_assert_no_error (error);
  seg_project_refresh (seg_window_get_project (window));
  return segment;
}

/* Saved segments on the Data page: listed under their own heading apart
 * from the tables, and each run's tables under the run; one chosen shows
 * its customers' rows; the filter keeps any table to a segment; renaming
 * explains a name that cannot be used before it is tried; deleting
 * offers Undo; Show on Map selects the customers on their run's map; an
 * analysis on the segment reads its customers only; an export writes
 * their rows. */
static void
test_saved_segments (void)
{
  SegWindow *window = new_window ();
  g_autoptr(GString) csv = g_string_new ("customer,spend,visits\n");
  g_autoptr(GString) orders = g_string_new ("customer,product\n");
  g_autoptr(GStrvBuilder) picked_keys = g_strv_builder_new ();
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegSegment) picked = NULL;
  g_autoptr(SegSegment) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *path = NULL;
  g_autofree char *orders_path = NULL;
  g_autofree char *text = NULL;
  static const char *const columns[] = { "spend", "visits", NULL };
  static const char *const vip[] = { "C001", "C002", "C003", "C005", "C008", NULL };
  SegDataPage *data;
  SegSession *session;
  GListModel *rows;
  const char *result;

  for (guint i = 0; i < 60; i++)
    {
      g_string_append_printf (csv, "C%03u,%u,%u\n", i, i % 3 == 0 ? 500 + i : 20 + i, 1 + i % 7);
      g_string_append_printf (orders, "C%03u,%s\n", i, i % 2 ? "tea" : "jam");
      if (i % 4 == 0)
        g_strv_builder_add (picked_keys, g_strdup_printf ("C%03u", i));
    }
  keys = g_strv_builder_end (picked_keys);
  path = write_csv ("customers.csv", csv->str);
  orders_path = write_csv ("lines.csv", orders->str);

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-project", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", path));
  wait_until (not_busy, window, 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", orders_path));
  wait_until (not_busy, window, 30);
  data = seg_window_get_data_page (window);
  session = seg_window_get_session (window);

  run = seg_run_new (seg_window_get_project (window), model, "customers", columns);
  g_object_set (seg_run_get_model (run), "k", 2, "key", "customer", NULL);
  g_assert_true (seg_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  result = seg_run_get_record (run)->result_tables[0];
  picked = save_segment (window, "Picked", "{\"run\":1,\"selection\":true}", (const char *const *) keys);
  listed = save_segment (window, "VIP", "{\"table\":\"customers\",\"key\":\"customer\"}", vip);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The user's tables, the run's under the run, then the segments. */
  text = sidebar_text (window);
  {
    g_autofree char *expected = g_strdup_printf ("Tables:customers|Tables:lines|Run 1 · k-means:%s|Segments:Picked|Segments:VIP",
                                                 result);

    g_assert_cmpstr (text, ==, expected);
  }
  g_clear_pointer (&text, g_free);
  /* Each segment's menu button is named for screen readers. */
  g_assert_cmpuint (check_icon_buttons (GTK_WIDGET (seg_window_get_tables_list (window))), ==, 2);
  /* A run deleted with Undo on offer takes its tables along, and Undo
   * brings them back. */
  {
    guint serial = seg_session_delete_later (session, SEG_DELETABLE_RUN, 1);

    text = sidebar_text (window);
    g_assert_cmpstr (text, ==, "Tables:customers|Tables:lines|Segments:Picked|Segments:VIP");
    g_clear_pointer (&text, g_free);
    g_assert_true (seg_session_undo_delete (session, SEG_DELETABLE_RUN, serial));
    text = sidebar_text (window);
    g_assert_nonnull (strstr (text, result));
    g_clear_pointer (&text, g_free);
  }

  /* A segment chosen: its run's rows, kept to its fifteen customers. */
  seg_data_page_show_segment (data, seg_segment_get_id (picked));
  /* Found in a worker, as a search is. */
  wait_until (not_querying, window, 10);
  g_assert_cmpint (seg_data_page_get_selected_segment (data), ==, seg_segment_get_id (picked));
  g_assert_cmpstr (seg_data_page_get_selected_table (data), ==, result);
  g_assert_cmpint (seg_segment_get_id (seg_session_get_segment (session)), ==, seg_segment_get_id (picked));
  rows = seg_data_page_get_table_model (data);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 15);
  g_assert_nonnull (strstr (gtk_label_get_label (data->table_title), "15 of 60"));
  g_assert_cmpuint (gtk_drop_down_get_selected (seg_data_page_get_filter_drop (data)), ==, 1);

  /* The filter keeps another table to a segment, by its customer column;
   * All rows shows every row again. */
  seg_data_page_reload (data, "lines");
  g_assert_cmpstr (seg_data_page_get_selected_table (data), ==, "lines");
  gtk_drop_down_set_selected (seg_data_page_get_filter_drop (data), 2);
  g_assert_cmpint (seg_segment_get_id (seg_session_get_segment (session)), ==, seg_segment_get_id (listed));
  rows = seg_data_page_get_table_model (data);
  wait_until (not_querying, window, 10);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);
  gtk_drop_down_set_selected (seg_data_page_get_filter_drop (data), 0);
  g_assert_null (seg_session_get_segment (session));
  wait_until (not_querying, window, 10);
  g_assert_cmpuint (g_list_model_get_n_items (seg_data_page_get_table_model (data)), ==, 60);

  /* Renaming: an empty name or one taken is explained under the entry
   * and cannot be asked for; a free one renames, and the list follows. */
  {
    AdwMessageDialog *ask = seg_data_page_rename_segment (data, seg_segment_get_id (picked));
    GtkEditable *entry = g_object_get_data (G_OBJECT (ask), "entry");
    GtkLabel *problem = g_object_get_data (G_OBJECT (ask), "problem");

    g_assert_nonnull (ask);
    g_assert_true (adw_message_dialog_get_response_enabled (ask, "rename"));
    gtk_editable_set_text (entry, "   ");
    g_assert_false (adw_message_dialog_get_response_enabled (ask, "rename"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
    g_assert_cmpstr (gtk_label_get_label (problem), ==, "Give the segment a name.");
    gtk_editable_set_text (entry, "vip");
    g_assert_false (adw_message_dialog_get_response_enabled (ask, "rename"));
    g_assert_cmpstr (gtk_label_get_label (problem), ==, "Another segment is already called “VIP”.");
    gtk_editable_set_text (entry, "PICKED");
    g_assert_true (adw_message_dialog_get_response_enabled (ask, "rename"));
    gtk_editable_set_text (entry, " Spring offer ");
    g_assert_true (adw_message_dialog_get_response_enabled (ask, "rename"));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));
    adw_message_dialog_response (ask, "rename");
    gtk_window_destroy (GTK_WINDOW (ask));
    while (g_main_context_iteration (NULL, FALSE))
      ;
    text = sidebar_text (window);
    g_assert_nonnull (strstr (text, "Segments:Spring offer|Segments:VIP"));
    g_clear_pointer (&text, g_free);
  }

  /* The filter keeps showing the segment in use as the list changes. */
  seg_data_page_show_segment (data, seg_segment_get_id (picked));
  wait_until (not_querying, window, 10);
  {
    static const char *const one[] = { "C010", NULL };
    g_autoptr(SegSegment) extra = save_segment (window, "Extra", "{\"table\":\"customers\",\"key\":\"customer\"}", one);

    while (g_main_context_iteration (NULL, FALSE))
      ;
    wait_until (not_querying, window, 10);
    g_assert_cmpuint (gtk_drop_down_get_selected (seg_data_page_get_filter_drop (data)), ==, 2);
    g_assert_cmpint (seg_data_page_get_selected_segment (data), ==, seg_segment_get_id (picked));
    g_assert_cmpuint (g_list_model_get_n_items (seg_data_page_get_table_model (data)), ==, 15);
    g_assert_true (seg_project_delete_segment (seg_window_get_project (window), seg_segment_get_id (extra), &error));
    seg_project_refresh (seg_window_get_project (window));
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpuint (gtk_drop_down_get_selected (seg_data_page_get_filter_drop (data)), ==, 1);
  }

  /* Deleting hides the segment at once and offers Undo; Undo brings it
   * back; without Undo it goes for good with the toast. */
  {
    AdwToast *toast;

    g_assert_true (seg_data_page_delete_segment_with_undo (data, seg_segment_get_id (listed), &error));
    g_assert_no_error (error);
    text = sidebar_text (window);
    g_assert_null (strstr (text, "VIP"));
    g_clear_pointer (&text, g_free);
    g_assert_null (seg_session_find_segment (session, seg_segment_get_id (listed)));
    g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_segments"), ==, 2);
    toast = seg_page_get_undo_toast (SEG_PAGE (data));
    g_assert_nonnull (toast);
    g_signal_emit_by_name (toast, "button-clicked");
    adw_toast_dismiss (toast);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_null (seg_page_get_undo_toast (SEG_PAGE (data)));
    text = sidebar_text (window);
    g_assert_nonnull (strstr (text, "Segments:VIP"));
    g_clear_pointer (&text, g_free);
    g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_segments"), ==, 2);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (data), "data.delete-segment", "x",
                                               seg_segment_get_id (listed)));
    toast = seg_page_get_undo_toast (SEG_PAGE (data));
    g_assert_nonnull (toast);
    adw_toast_dismiss (toast);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM seg_segments"), ==, 1);
    text = sidebar_text (window);
    g_assert_null (strstr (text, "VIP"));
    g_clear_pointer (&text, g_free);
  }

  /* Exported: the run's rows of its customers, every column. */
  {
    g_autofree char *list = g_build_filename (test_dir, "spring.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (list);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (seg_data_page_export_segment (data, seg_segment_get_id (picked), file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (list, &contents, NULL, NULL));
    lines = g_strsplit (contents, "\r\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "\xef\xbb\xbf" "customer,spend,visits,cluster"));
    g_assert_cmpuint (g_strv_length (lines), ==, 15 + 2);
    g_assert_true (g_str_has_prefix (lines[1], "C000,"));
  }

  /* Show on Map: the Segments page, the run, the customers selected. */
  {
    SegSegmentsPage *page = seg_window_get_segments_page (window);
    SegMapView *map = seg_segments_page_get_map_view (page);
    const SegRunPoints *points;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (data), "data.segment-on-map", "x",
                                               seg_segment_get_id (picked)));
    g_assert_cmpstr (seg_window_get_view (window), ==, "segments");
    wait_until (page_idle, page, 30);
    g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 1);
    g_assert_cmpuint (seg_map_view_get_n_selected (map), ==, 15);
    points = seg_map_view_get_points (map);
    for (gsize i = 0; i < points->n; i++)
      g_assert_true ((seg_map_view_get_selection (map)[i] != 0) == g_strv_contains ((const char *const *) keys, points->keys[i]));
    g_assert_cmpuint (seg_session_get_n_selected (session), ==, 15);
    g_assert_cmpstr (seg_segment_get_name (seg_session_get_segment (session)), ==, "Spring offer");

    /* The segment in use is the form's choice of customers, and the run
     * reads theirs alone. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.new", NULL));
    {
      SegModelDialog *dialog = find_model_dialog ();
      g_autofree char *chosen = NULL;
      GtkWidget *row;

      g_assert_nonnull (dialog);
      g_assert_true (seg_model_dialog_set_table (dialog, "customers"));
      row = seg_model_dialog_get_row (dialog, "segment");
      g_assert_true (ADW_IS_COMBO_ROW (row));
      g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);
      g_object_get (seg_model_dialog_get_model (dialog), "segment", &chosen, NULL);
      g_assert_cmpstr (chosen, ==, "Spring offer");
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
      g_clear_pointer (&chosen, g_free);
      g_object_get (seg_model_dialog_get_model (dialog), "segment", &chosen, NULL);
      g_assert_null (chosen);
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
      g_object_set (seg_model_dialog_get_model (dialog), "k", 2, "key", "customer", NULL);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "model.run", NULL));
      wait_until (page_idle, page, 60);
    }
    g_assert_cmpint (seg_segments_page_get_shown_run (page), ==, 2);
    g_assert_cmpuint (seg_map_view_get_points (map)->n, ==, 15);

    /* Scoring customers proposes the segment in use, and scores its
     * customers alone. */
    {
      g_autoptr(GString) dated = g_string_new ("invoice_date,customer_id,quantity,unit_price\n");
      g_autofree char *dated_path = NULL;
      SegRfmDialog *rfm;

      for (guint i = 0; i < 10; i++)
        g_string_append_printf (dated, "2024-01-%02u,C%03u,1,%u.50\n", i + 1, i, i + 3);
      dated_path = write_csv ("dated.csv", dated->str);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", dated_path));
      wait_until (not_busy, window, 30);
      seg_window_set_view (window, "segments");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "segments.score-customers", NULL));
      rfm = find_toplevel (SEG_TYPE_RFM_DIALOG);
      g_assert_nonnull (rfm);
      g_assert_true (seg_rfm_dialog_set_table (rfm, "dated"));
      g_assert_cmpstr (seg_rfm_dialog_get_segment (rfm), ==, "Spring offer");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (rfm), "rfm.score", NULL));
      wait_until (rfm_dialog_gone, NULL, 30);
      g_assert_cmpint (query_int (seg_window_get_project (window), "SELECT count (*) FROM rfm"), ==, 3);
      gtk_window_destroy (GTK_WINDOW (find_model_dialog ()));
    }
  }

  destroy_window (window);
}

/* The message dialog the window shows, if any. */
static AdwMessageDialog *
find_message_dialog (SegWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (window))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Answers the window's question as the person would, and lets the dialog
 * go. */
static void
answer_dialog (SegWindow  *window,
               const char *response)
{
  AdwMessageDialog *dialog = find_message_dialog (window);

  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The names of the tables the Data page lists, in order, and the number
 * of saved segments it lists after them. */
static char *
listed_tables (SegWindow *window,
               guint     *n_segments)
{
  GtkWidget *list = GTK_WIDGET (seg_window_get_tables_list (window));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  *n_segments = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      if (g_object_get_data (G_OBJECT (row), "segment") != NULL)
        (*n_segments)++;
      else if (g_object_get_data (G_OBJECT (row), "table") != NULL)
        g_strv_builder_add (names, g_object_get_data (G_OBJECT (row), "table"));
    }
  strv = g_strv_builder_end (names);

  return g_strjoinv (",", strv);
}

/* The sample shop, changed, is put back as it was after a confirmation,
 * in the project as it stays open; a reset that fails leaves it as it
 * was and says why. */
static void
test_reset_sample_shop (void)
{
  SegWindow *window;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) people = g_string_new ("customer,spend,visits\n");
  g_autofree char *mine = NULL;
  g_autofree char *path = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *bad_samples = g_build_filename (test_dir, "bad-samples", NULL);
  g_autofree char *good_samples = NULL;
  const char *columns[] = { "spend", "visits", NULL };
  const char *keys[] = { "C01", "C02", NULL };
  g_autoptr(SegModel) model = seg_model_new_for_id ("kmeans", NULL);
  g_autoptr(SegRun) run = NULL;
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(JsonNode) source = json_from_string ("{\"table\":\"mine\",\"key\":\"customer\"}", NULL);
  SegProject *project;
  SegSegmentsPage *segments_page;
  SegRunsPage *runs_page;
  SegSession *session;
  AdwToast *toast;
  gint64 orders;
  guint n_segments;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (people, "C%02u,%u,%u\n", i, (i % 3) * 100 + i % 7, (i % 3) * 10 + i % 5);
  mine = write_csv ("mine.csv", people->str);

  window = new_window ();
  g_object_ref_sink (window);
  segments_page = seg_window_get_segments_page (window);
  runs_page = seg_window_get_runs_page (window);
  session = seg_window_get_session (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sample-shop", NULL));
  wait_until (sample_shop_ready, window, 60);
  project = seg_window_get_project (window);
  path = g_strdup (seg_project_get_path (project));
  g_assert_true (g_str_has_suffix (path, "Sample Shop.segmenta"));
  orders = table_rows (project, "orders");
  g_assert_cmpint (orders, >, 0);

  /* The person drops a table, adds one of their own, segments it, saves
   * a segment, and deletes it with Undo still on offer. */
  g_assert_true (seg_project_drop_table (project, "products", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", mine));
  wait_until (not_busy, window, 30);
  g_assert_true (seg_project_has_table (project, "mine"));
  g_object_set (model, "k", 3, NULL);
  run = seg_run_new (project, model, "mine", columns);
  seg_segments_page_start (segments_page, run);
  wait_until (page_idle, segments_page, 60);
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs_page), ==, 1);
  g_assert_true (seg_project_remember_model (project, seg_run_get_model (run), &error));
  g_assert_no_error (error);
  segment = seg_project_save_segment (project, "Kept", keys, source, &error);
  g_assert_no_error (error);
  g_clear_object (&segment);
  segment = seg_project_save_segment (project, "Thrown", keys, source, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (seg_data_page_delete_segment_with_undo (seg_window_get_data_page (window),
                                                         seg_segment_get_id (segment), &error));
  g_assert_no_error (error);
  toast = seg_page_get_undo_toast (SEG_PAGE (seg_window_get_data_page (window)));
  g_assert_nonnull (toast);
  g_object_ref (toast);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  listed = listed_tables (window, &n_segments);
  g_assert_cmpstr (listed, ==, "customers,mine,orders,run_1");
  g_assert_cmpuint (n_segments, ==, 1);
  g_clear_pointer (&listed, g_free);

  /* The action asks first; Cancel changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-sample-shop", NULL));
  answer_dialog (window, "cancel");
  g_assert_false (seg_window_get_busy (window));
  g_assert_true (seg_project_has_table (project, "mine"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-sample-shop", NULL));
  answer_dialog (window, "reset");
  wait_until (sample_shop_ready, window, 60);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The same project, open all along, holding the sample and nothing
   * else; every page shows it so. */
  g_assert_true (seg_window_get_project (window) == project);
  g_assert_cmpstr (seg_project_get_path (project), ==, path);
  g_assert_cmpint (table_rows (project, "orders"), ==, orders);
  g_assert_cmpint (table_rows (project, "products"), >, 0);
  listed = listed_tables (window, &n_segments);
  g_assert_cmpstr (listed, ==, "customers,orders,products");
  g_assert_cmpuint (n_segments, ==, 0);
  g_clear_pointer (&listed, g_free);
  g_assert_cmpstr (seg_window_get_selected_table (window), ==, "orders");
  g_assert_cmpuint (g_list_model_get_n_items (seg_window_get_table_model (window)), ==, orders);
  g_assert_cmpuint (seg_runs_page_get_n_runs (runs_page), ==, 0);
  g_assert_cmpuint (seg_segments_page_get_n_runs (segments_page), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (seg_session_get_segments (session)), ==, 0);
  g_assert_cmpint (seg_session_get_hidden_segment (session), ==, 0);
  g_assert_cmpint (query_int (project, "SELECT count (*) FROM seg_meta WHERE key GLOB 'form.*'"), ==, 0);
  g_assert_null (find_message_dialog (window));

  /* The Undo offered before the reset has nothing left to delete. */
  adw_toast_dismiss (toast);
  g_object_unref (toast);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (find_message_dialog (window));
  g_assert_cmpint (query_int (project, "SELECT count (*) FROM seg_tables"), ==, 3);

  /* Sample files that cannot be imported: the error says which, and the
   * project stays as it was, the person's own table included. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-file", "s", mine));
  wait_until (not_busy, window, 30);
  g_assert_cmpint (g_mkdir_with_parents (bad_samples, 0700), ==, 0);
  {
    g_autofree char *customers = g_build_filename (bad_samples, "customers.csv", NULL);
    g_autofree char *products = g_build_filename (bad_samples, "products.csv", NULL);
    g_autofree char *bad_orders = g_build_filename (bad_samples, "orders.csv", NULL);
    AdwMessageDialog *shown;

    g_assert_true (g_file_set_contents (customers, "customer\nC1\n", -1, NULL));
    g_assert_true (g_file_set_contents (products, "product\nP1\n", -1, NULL));
    g_assert_true (g_file_set_contents (bad_orders, "order,customer\n", -1, NULL));
    /* main () set the variable: replacing its value is safe with the
     * window's threads running, adding or removing it would not be. */
    g_assert_nonnull (g_getenv ("SEGMENTA_SAMPLES_DIR"));
    good_samples = g_strdup (g_getenv ("SEGMENTA_SAMPLES_DIR"));
    g_setenv ("SEGMENTA_SAMPLES_DIR", bad_samples, TRUE);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-sample-shop", NULL));
    answer_dialog (window, "reset");
    wait_until (not_busy, window, 60);
    g_setenv ("SEGMENTA_SAMPLES_DIR", good_samples, TRUE);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    shown = find_message_dialog (window);
    g_assert_nonnull (shown);
    g_assert_cmpstr (adw_message_dialog_get_heading (shown), ==, "Could Not Reset the Sample Shop");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (shown), "orders.csv"));
    gtk_window_destroy (GTK_WINDOW (shown));
  }
  g_assert_true (seg_window_get_project (window) == project);
  g_assert_true (seg_project_has_table (project, "mine"));
  g_assert_cmpint (table_rows (project, "orders"), ==, orders);
  listed = listed_tables (window, &n_segments);
  g_assert_cmpstr (listed, ==, "customers,mine,orders,products");

  destroy_window (window);

  /* The tests after this one list the projects as they found them. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("segmenta-gui-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *samples = NULL;
  int status;

  /* Projects go to the user data folder: keep the tests' own. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  /* The test accessibility backend keeps the properties set, so that
   * the tests can read labels back; it talks to no screen reader. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  test_dir = home;
  /* The sample shop as the app finds it, named here before any thread
   * starts, so that a test can point it elsewhere for a while. */
  samples = seg_application_find_samples_dir ();
  if (samples != NULL)
    g_setenv ("SEGMENTA_SAMPLES_DIR", samples, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/pages-need-project", test_pages_need_project);
  g_test_add_func ("/window/new-project-and-import", test_new_project_and_import);
  g_test_add_func ("/window/sort-and-search", test_sort_and_search);
  g_test_add_func ("/window/cancel-import", test_cancel_import);
  g_test_add_func ("/window/damaged-project", test_damaged_project);
  g_test_add_func ("/window/close-during-import", test_close_during_import);
  g_test_add_func ("/window/close-asks", test_close_asks);
  g_test_add_func ("/window/close-idle", test_close_idle);
  g_test_add_func ("/window/import-dialog", test_import_dialog);
  g_test_add_func ("/window/import-workbook", test_import_workbook);
  g_test_add_func ("/window/reset-sample-shop", test_reset_sample_shop);
  g_test_add_func ("/window/delete-and-undo", test_delete_and_undo);
  g_test_add_func ("/window/rejects-window", test_rename_delete_rejects);
  g_test_add_func ("/window/rejects-states", test_rejects_states);
  g_test_add_func ("/window/delete-table", test_delete_table);
  g_test_add_func ("/window/segments", test_segments);
  g_test_add_func ("/window/saved-segments", test_saved_segments);
  g_test_add_func ("/window/score-customers", test_score_customers);
  g_test_add_func ("/window/model-dialog", test_model_dialog);
  g_test_add_func ("/window/help-overlay", test_help_overlay);
  g_test_add_func ("/window/runs-page", test_runs_page);
  g_test_add_func ("/window/run-manager", test_run_manager);
  g_test_add_func ("/window/recommendation-run", test_recommendation_run);
  g_test_add_func ("/window/data-page", test_data_page);
  g_test_add_func ("/window/append-and-stale", test_append_and_stale);
  g_test_add_func ("/window/search-states", test_search_states);
  g_test_add_func ("/window/icon-buttons", test_icon_buttons);
  g_test_add_func ("/window/start-page", test_start_page);
  g_test_add_func ("/window/fits-1024", test_fits_1024);

  status = g_test_run ();
  remove_tree (home);

  return status;
}
