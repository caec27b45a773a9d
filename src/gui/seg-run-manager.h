/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "seg-gui-enums.h"
#include "seg-run.h"

G_BEGIN_DECLS

#define SEG_RUN_MANAGER_ERROR (seg_run_manager_error_quark ())

typedef enum
{
  SEG_RUN_MANAGER_ERROR_BUSY, /* another run is under way */
} SegRunManagerError;

GQuark seg_run_manager_error_quark (void);

#define SEG_TYPE_RUN_MANAGER (seg_run_manager_get_type ())

G_DECLARE_FINAL_TYPE (SegRunManager, seg_run_manager, SEG, RUN_MANAGER, GObject)

SegRunManager *seg_run_manager_new      (void);
gboolean       seg_run_manager_start    (SegRunManager  *self,
                                         SegRun         *run,
                                         GError        **error);
void           seg_run_manager_cancel   (SegRunManager  *self);
SegRun        *seg_run_manager_get_run  (SegRunManager  *self);
gboolean       seg_run_manager_get_busy (SegRunManager  *self);

G_END_DECLS
