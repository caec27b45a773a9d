/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "seg-project.h"

G_BEGIN_DECLS

/* The longest name a saved segment may have, in characters. */
#define SEG_SEGMENT_MAX_NAME 100

#define SEG_TYPE_SEGMENT (seg_segment_get_type ())

G_DECLARE_FINAL_TYPE (SegSegment, seg_segment, SEG, SEGMENT, GObject)

gint64      seg_segment_get_id           (SegSegment         *self);
const char *seg_segment_get_name         (SegSegment         *self);
gint64      seg_segment_get_size         (SegSegment         *self);
const char *seg_segment_get_created_at   (SegSegment         *self);
JsonNode   *seg_segment_get_source       (SegSegment         *self);

GListModel *seg_project_get_segments     (SegProject         *project);
SegSegment *seg_project_save_segment     (SegProject         *project,
                                          const char         *name,
                                          const char *const  *keys,
                                          JsonNode           *source,
                                          GError            **error);
gboolean    seg_project_delete_segment   (SegProject         *project,
                                          gint64              id,
                                          GError            **error);
gboolean    seg_project_rename_segment   (SegProject         *project,
                                          gint64              id,
                                          const char         *name,
                                          GError            **error);
GStrv       seg_project_get_segment_keys (SegProject         *project,
                                          gint64              id,
                                          GError            **error);
SegSegment *seg_project_find_segment     (SegProject         *project,
                                          const char         *name_or_id,
                                          GError            **error);
SegSegment *seg_project_find_input_segment (SegProject    *project,
                                            const char    *name_or_id,
                                            GError       **error);
gboolean    seg_project_locate_segment   (SegProject         *project,
                                          SegSegment         *segment,
                                          char              **table,
                                          char              **key,
                                          GError            **error);
guint8     *seg_project_read_member_flags (SegProject        *project,
                                           const char        *table,
                                           const char        *key,
                                           gint64             segment,
                                           gsize             *n_rows,
                                           GError           **error);
const char *seg_segment_guess_column     (SegSegment         *self,
                                          SegTableInfo       *table);

/* Where the customers of a new segment come from. */
GStrv       seg_project_read_cluster_keys (SegProject        *project,
                                           gint64             run,
                                           int                cluster,
                                           GError           **error);
GStrv       seg_project_read_column_keys  (SegProject        *project,
                                           const char        *table,
                                           const char        *column,
                                           GError           **error);

G_END_DECLS
