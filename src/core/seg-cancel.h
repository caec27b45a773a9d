/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SegCancelFlag:
 * @flag: non-zero once the cancellable has fired; what the kernels'
 *   `cancel` pointers and the core's loops watch
 *
 * Bridges a #GCancellable to the plain flag that the numerical kernels
 * poll, so that a worker thread can hand `&flag` to code that knows
 * nothing of GIO. It lives where the work lives, usually on the worker's
 * stack: seg_cancel_flag_init() before the work, seg_cancel_flag_clear()
 * after it.
 */
typedef struct
{
  volatile int  flag;

  /*< private >*/
  GCancellable *cancellable;
  gulong        handler;
} SegCancelFlag;

void                seg_cancel_flag_init      (SegCancelFlag  *self,
                                               GCancellable   *cancellable);
void                seg_cancel_flag_clear     (SegCancelFlag  *self);
const volatile int *seg_cancel_flag_get       (SegCancelFlag  *self);
gboolean            seg_cancel_flag_is_set    (SegCancelFlag  *self);

gboolean            seg_cancel_take_error     (const volatile int  *cancel,
                                               GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SegCancelFlag, seg_cancel_flag_clear)

G_END_DECLS
