/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "seg-baskets-page.h"
#include "seg-customer-view.h"
#include "seg-data-page.h"
#include "seg-import-dialog.h"
#include "seg-project-store.h"
#include "seg-recommend-page.h"
#include "seg-predict-page.h"
#include "seg-run-manager.h"
#include "seg-runs-page.h"
#include "seg-segments-page.h"
#include "seg-session.h"
#include "seg-start-page.h"
#include "seg-window.h"

G_BEGIN_DECLS

/* What the window's files share: seg-window.c is the shell (pages,
 * progress rows, toasts, the open project), seg-window-actions.c the
 * actions. */
struct _SegWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkRevealer          *import_revealer;
  GtkProgressBar       *import_progress;
  GtkRevealer          *task_revealer;
  GtkSpinner           *task_spinner;
  GtkLabel             *task_label;
  GtkWidget            *task_cancel;
  GtkRevealer          *run_revealer;
  GtkLabel             *run_status;
  GtkProgressBar       *run_progress;
  AdwViewStack         *view_stack;
  SegStartPage         *start_page;
  SegDataPage          *data_page;
  SegSegmentsPage      *segments_page;
  SegRunsPage          *runs_page;
  AdwLeaflet           *leaflet;
  SegCustomerView      *customer_view;
  SegRecommendPage     *recommend_page;
  SegPredictPage       *predict_page;
  SegBasketsPage       *baskets_page;

  GSettings            *settings;    /* NULL when the schema is not installed */
  SegProjectStore      *store;
  SegSession           *session;

  SegImporter          *importer;    /* the import whose progress is shown */
  GBinding             *run_progress_binding;
  GBinding             *run_status_binding;

  /* Opening, copying or exporting a project, in a worker. */
  GCancellable         *task_cancellable;
  GPtrArray            *pending_previews; /* files dropped while opening */

  AdwMessageDialog     *close_dialog;     /* asking to stop work and close */
  gboolean              close_confirmed;
};

void        seg_window_class_add_actions (SegWindowClass *klass);
void        seg_window_update_actions    (SegWindow      *self);
void        seg_window_set_project       (SegWindow      *self,
                                          SegProject     *project);
void        seg_window_show_toast        (SegWindow      *self,
                                          const char     *title);
void        seg_window_show_error        (SegWindow      *self,
                                          const char     *heading,
                                          const GError   *error);
GCancellable *seg_window_begin_task      (SegWindow      *self,
                                          const char     *text,
                                          gboolean        can_cancel);
gboolean    seg_window_end_task          (SegWindow      *self,
                                          GCancellable   *cancellable);
void        seg_window_open_copy_async   (SegWindow      *self,
                                          const char     *path);
void        seg_window_open_project_async (SegWindow     *self,
                                           const char    *path,
                                           gboolean       create,
                                           gboolean       sample_shop);
void        seg_window_open_sample_shop_to_reset (SegWindow  *self,
                                                  const char *path);
GStrv       seg_window_dup_sample_files  (void);
void        seg_window_reset_sample_shop (SegWindow      *self);
void        seg_window_hide_customer     (SegWindow      *self);

/* For the tests. */
GtkColumnView *seg_window_get_column_view   (SegWindow  *self);
GtkListBox    *seg_window_get_tables_list   (SegWindow  *self);
GtkEditable   *seg_window_get_search_entry  (SegWindow  *self);
const char    *seg_window_get_page          (SegWindow  *self);
SegImportDialog *seg_window_get_import_dialog (SegWindow *self);
gboolean       seg_window_get_querying      (SegWindow  *self);
void           seg_window_set_view          (SegWindow  *self,
                                             const char *name);
SegSegmentsPage *seg_window_get_segments_page (SegWindow *self);
SegRunsPage   *seg_window_get_runs_page     (SegWindow  *self);
SegRecommendPage *seg_window_get_recommend_page (SegWindow *self);
SegPredictPage *seg_window_get_predict_page  (SegWindow  *self);
SegBasketsPage *seg_window_get_baskets_page  (SegWindow  *self);
SegDataPage   *seg_window_get_data_page     (SegWindow  *self);
SegStartPage  *seg_window_get_start_page    (SegWindow  *self);
SegSession    *seg_window_get_session       (SegWindow  *self);
SegRunManager *seg_window_get_run_manager   (SegWindow  *self);
const char    *seg_window_get_view          (SegWindow  *self);
GtkWidget     *seg_window_get_run_row       (SegWindow  *self);
AdwMessageDialog *seg_window_get_close_dialog (SegWindow *self);
SegCustomerView *seg_window_get_customer_view (SegWindow *self);
gboolean       seg_window_get_customer_shown (SegWindow *self);

G_END_DECLS
