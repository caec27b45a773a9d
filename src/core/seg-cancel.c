/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-cancel.h"

static void
on_cancelled (GCancellable  *cancellable,
              SegCancelFlag *self)
{
  g_atomic_int_set (&self->flag, 1);
}

/**
 * seg_cancel_flag_init:
 * @self: a flag, such as one on the stack
 * @cancellable: (nullable): what sets the flag
 *
 * Clears the flag and has @cancellable set it, from whichever thread
 * cancels. A cancellable that was cancelled already sets it at once, so
 * that work asked to stop before it began never starts.
 */
void
seg_cancel_flag_init (SegCancelFlag *self,
                      GCancellable  *cancellable)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  self->flag = 0;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->handler = 0;
  /* GCancellable runs the handler here and now, and returns 0, when it
   * was cancelled before. */
  if (cancellable != NULL)
    self->handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
}

/**
 * seg_cancel_flag_clear:
 *
 * Disconnects the flag from its cancellable; after it returns the
 * cancellable no longer touches the flag, so its memory may go. The flag
 * keeps the value it had. Clearing a zeroed or cleared flag does nothing.
 */
void
seg_cancel_flag_clear (SegCancelFlag *self)
{
  g_return_if_fail (self != NULL);

  if (self->cancellable == NULL)
    return;
  /* This waits for a handler running on another thread to finish. */
  g_cancellable_disconnect (self->cancellable, self->handler);
  self->handler = 0;
  g_clear_object (&self->cancellable);
}

/**
 * seg_cancel_flag_get:
 *
 * Returns: the flag, for a kernel's `cancel` or a #SegMonitor; it lives
 *   as long as @self
 */
const volatile int *
seg_cancel_flag_get (SegCancelFlag *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->flag;
}

gboolean
seg_cancel_flag_is_set (SegCancelFlag *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_int_get (&self->flag) != 0;
}

/**
 * seg_cancel_take_error:
 * @cancel: (nullable): a cancel flag
 * @error: (nullable): where an error goes, possibly set already
 *
 * When @cancel is set, the work stopped because it was asked to: whatever
 * else went wrong on the way out, such as a query that SQLite interrupted,
 * is a consequence. The error then becomes %G_IO_ERROR_CANCELLED.
 *
 * Returns: whether @cancel was set
 */
gboolean
seg_cancel_take_error (const volatile int  *cancel,
                       GError             **error)
{
  if (cancel == NULL || *cancel == 0)
    return FALSE;

  if (error != NULL)
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The work was cancelled"));
    }
  return TRUE;
}
