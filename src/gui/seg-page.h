/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "seg-model.h"
#include "seg-model-dialog.h"
#include "seg-project.h"
#include "seg-session.h"

G_BEGIN_DECLS

#define SEG_TYPE_PAGE (seg_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (SegPage, seg_page, SEG, PAGE, AdwBin)

/**
 * SegPageClass:
 * @project_changed: the page shows another project, or none
 * @session_changed: the page belongs to another session
 * @show_run: show the run with this id, if the page shows runs
 * @kinds: the kinds of run the page shows, as bits 1 << SegModelKind
 * @run_started: the run the page asked for is under way
 * @run_finished: the run the page started is over, with @run its id, or
 *   0 when it made nothing: it failed, was cancelled or could not start,
 *   or the model dialog closed without one
 * @busy_changed: the session's run manager started or finished a run
 *   that is not the page's
 */
struct _SegPageClass
{
  AdwBinClass parent_class;

  void (*project_changed) (SegPage *self,
                           SegProject *project);
  void (*session_changed) (SegPage *self,
                           SegSession *session);
  void (*show_run)        (SegPage *self,
                           gint64   run);

  guint kinds;

  void (*run_started)     (SegPage *self);
  void (*run_finished)    (SegPage *self,
                           gint64   run);
  void (*busy_changed)    (SegPage *self);

  gpointer padding[5];
};

SegProject *seg_page_get_project (SegPage      *self);
void        seg_page_set_project (SegPage      *self,
                                  SegProject   *project);
SegSession *seg_page_get_session (SegPage      *self);
void        seg_page_set_session (SegPage      *self,
                                  SegSession   *session);
void        seg_page_show_run    (SegPage      *self,
                                  gint64        run);
gboolean    seg_page_shows_kind  (SegPage      *self,
                                  SegModelKind  kind);
void        seg_page_show_toast  (SegPage      *self,
                                  const char   *title);
void        seg_page_show_error  (SegPage      *self,
                                  const char   *heading,
                                  const GError *error);
gboolean    seg_page_delete_later (SegPage     *self,
                                   SegDeletable what,
                                   gint64       id,
                                   const char  *title,
                                   const char  *error_heading);
AdwToast   *seg_page_get_undo_toast (SegPage   *self);
AdwMessageDialog *seg_page_ask_segment_name (SegPage    *self,
                                             const char *body,
                                             const char *example,
                                             GCallback   on_response);

/* Keeps customers as a segment named @name: the segment, or NULL with
 * @error set. */
typedef SegSegment *(*SegPageSaveSegment) (gpointer     page,
                                           const char  *name,
                                           GError     **error);

AdwMessageDialog *seg_page_ask_to_save_segment (SegPage            *self,
                                                const char         *body,
                                                const char         *example,
                                                SegPageSaveSegment  save);

void        seg_page_set_run_progress (SegPage        *self,
                                       GtkLabel       *label,
                                       GtkProgressBar *bar,
                                       const char     *starting,
                                       const char     *working,
                                       const char     *error_heading);
void        seg_page_set_progress    (SegPage        *self,
                                      const char     *text,
                                      double          fraction);
void        seg_page_start_run       (SegPage        *self,
                                      SegRun         *run);
SegRun     *seg_page_get_run         (SegPage        *self);
void        seg_page_forget_run      (SegPage        *self);
void        seg_page_cancel_run      (SegPage        *self);
void        seg_page_present_model_dialog (SegPage        *self,
                                           SegModelDialog *dialog);
void        seg_page_close_model_dialog   (SegPage        *self);

G_END_DECLS
