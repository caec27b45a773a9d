/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-data-page.h"
#include "seg-table-model.h"

G_BEGIN_DECLS

/* Shared by seg-data-page.c (the table browser, renaming and deleting)
 * and seg-data-page-io.c (imports and exports). */
struct _SegDataPage
{
  SegPage          parent_instance;

  /* Template widgets */
  GtkListBox      *tables_list;
  GtkStack        *table_stack;
  GtkLabel        *table_title;
  GtkSearchEntry  *search_entry;
  GtkStack        *rows_stack;
  GtkScrolledWindow *rows_scroll;
  GtkColumnView   *column_view;
  AdwStatusPage   *no_match_page;
  GtkRevealer     *export_revealer;
  GtkSpinner      *export_spinner;
  GtkLabel        *export_label;
  GtkDropDown     *filter_drop;

  SegTableModel   *table_model;
  GCancellable    *query_cancellable; /* the sort or search under way */
  int              order_column;
  gboolean         descending;
  char            *selected_table;
  int              customer_column;   /* the column of customer keys, or -1 */
  GListModel      *tables;            /* the project's, followed */
  GListModel      *runs;              /* the project's, for their tables */
  GListModel      *segments;          /* the project's, followed */
  GtkStringList   *filter_names;      /* "All rows", then the segments */
  GArray          *filter_ids;        /* gint64: the segment of each name but the first */
  gint64           selected_segment;  /* the segment whose row is chosen, or 0 */
  char            *filter_key;        /* the column the segment filter matches */
  gint64           filter_segment;    /* the segment whose rows to keep, or 0 */
  AdwMessageDialog *rename_segment_dialog;
  gboolean         listing;
  gboolean         selecting;         /* the page chooses a row, not the person */

  /* The import under way, the importers waiting for it, and the files
   * still to be shown in the import dialog, one at a time. */
  SegImporter     *importer;
  GCancellable    *import_cancellable;
  GQueue           import_queue;
  GQueue           preview_queue;
  SegImportDialog *import_dialog;

  GCancellable    *export_cancellable; /* the table export under way */
};

enum {
  SEG_DATA_PAGE_PROP_0,
  SEG_DATA_PAGE_PROP_SELECTED_TABLE,
  SEG_DATA_PAGE_PROP_IMPORTER,
  SEG_DATA_PAGE_PROP_EXPORTING,
  SEG_DATA_PAGE_N_PROPS
};

extern GParamSpec *seg_data_page_properties[SEG_DATA_PAGE_N_PROPS];

void seg_data_page_install_io        (GtkWidgetClass *widget_class);
void seg_data_page_install_segments  (GtkWidgetClass *widget_class);
void seg_data_page_list_tables       (SegDataPage    *self,
                                      const char     *select);
void seg_data_page_show_table        (SegDataPage    *self,
                                      const char     *name);
void seg_data_page_apply_filter      (SegDataPage    *self);

G_END_DECLS
