/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-project.h"
#include "seg-run-manager.h"
#include "seg-segment.h"

G_BEGIN_DECLS

/* What can be deleted with Undo on offer. */
typedef enum
{
  SEG_DELETABLE_RUN,
  SEG_DELETABLE_SEGMENT,
  SEG_N_DELETABLES
} SegDeletable;

#define SEG_TYPE_SESSION (seg_session_get_type ())

G_DECLARE_FINAL_TYPE (SegSession, seg_session, SEG, SESSION, GObject)

SegSession    *seg_session_new             (void);
SegProject    *seg_session_get_project     (SegSession         *self);
void           seg_session_set_project     (SegSession         *self,
                                            SegProject         *project);
SegRunManager *seg_session_get_run_manager (SegSession         *self);
void           seg_session_forget          (SegSession         *self);
void           seg_session_set_selection   (SegSession         *self,
                                            const char *const  *keys);
GStrv          seg_session_dup_selection   (SegSession         *self);
guint          seg_session_get_n_selected  (SegSession         *self);
gboolean       seg_session_is_selected     (SegSession         *self,
                                            const char         *key);
GListModel    *seg_session_get_segments    (SegSession         *self);
gint64         seg_session_get_hidden      (SegSession         *self,
                                            SegDeletable        what);
gint64         seg_session_get_hidden_run  (SegSession         *self);
gint64         seg_session_get_hidden_segment (SegSession      *self);
guint          seg_session_delete_later    (SegSession         *self,
                                            SegDeletable        what,
                                            gint64              id);
gboolean       seg_session_finish_delete   (SegSession         *self,
                                            SegDeletable        what,
                                            guint               serial,
                                            GError            **error);
gboolean       seg_session_undo_delete     (SegSession         *self,
                                            SegDeletable        what,
                                            guint               serial);
SegSegment    *seg_session_save_selection  (SegSession         *self,
                                            const char         *name,
                                            JsonNode           *source,
                                            GError            **error);
SegSegment    *seg_session_get_segment     (SegSession         *self);
void           seg_session_set_segment     (SegSession         *self,
                                            SegSegment         *segment);
SegSegment    *seg_session_find_segment    (SegSession         *self,
                                            gint64              id);
char          *seg_session_check_segment_name (SegSession      *self,
                                               gint64           id,
                                               const char      *name);
gboolean       seg_session_show_on_map     (SegSession         *self,
                                            SegSegment         *segment,
                                            GError            **error);

G_END_DECLS
