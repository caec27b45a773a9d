/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "seg-run-manager.h"

/* The window's analyses under way, as a list model. A fit takes both
 * cores and the project's writer for minutes: one at a time, and the
 * window shows it in one place, whichever page started it. */

struct _SegRunManager
{
  GObject       parent_instance;

  SegRun       *run;          /* the one under way, or NULL */
  GCancellable *cancellable;
};

enum {
  PROP_0,
  PROP_RUN,
  PROP_BUSY,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_QUARK (seg-run-manager-error-quark, seg_run_manager_error)

G_DEFINE_FINAL_TYPE_WITH_CODE (SegRunManager, seg_run_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return SEG_TYPE_RUN;
}

static guint
get_n_items (GListModel *model)
{
  return SEG_RUN_MANAGER (model)->run != NULL ? 1 : 0;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SegRunManager *self = SEG_RUN_MANAGER (model);

  return position == 0 && self->run != NULL ? g_object_ref (self->run) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(SegRunManager) self = data;
  g_autoptr(SegRun) run = g_object_ref (SEG_RUN (source));
  g_autoptr(GError) error = NULL;

  seg_run_start_finish (run, result, &error);

  if (self->run == run)
    {
      g_clear_object (&self->run);
      g_clear_object (&self->cancellable);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }

  g_signal_emit (self, signals[FINISHED], 0, run, error);
}

/**
 * seg_run_manager_start:
 * @run: (transfer none): a run that has not started
 * @error: return location for a #SegRunManagerError
 *
 * Starts @run in a worker. While another run is under way, @run is
 * refused, with a message that says what to do.
 *
 * Returns: whether @run started; #SegRunManager::finished follows
 */
gboolean
seg_run_manager_start (SegRunManager  *self,
                       SegRun         *run,
                       GError        **error)
{
  g_return_val_if_fail (SEG_IS_RUN_MANAGER (self), FALSE);
  g_return_val_if_fail (SEG_IS_RUN (run), FALSE);

  if (self->run != NULL)
    {
      g_set_error_literal (error, SEG_RUN_MANAGER_ERROR, SEG_RUN_MANAGER_ERROR_BUSY,
                           _("Another analysis is still running. Wait for it to finish, or cancel it, then start this one."));
      return FALSE;
    }

  self->run = g_object_ref (run);
  self->cancellable = g_cancellable_new ();
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  seg_run_start_async (run, self->cancellable, on_run_done, g_object_ref (self));
  return TRUE;
}

/**
 * seg_run_manager_cancel:
 *
 * Stops the run under way, if any; the project stays as it was.
 */
void
seg_run_manager_cancel (SegRunManager *self)
{
  g_return_if_fail (SEG_IS_RUN_MANAGER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * seg_run_manager_get_run:
 *
 * Returns: (transfer none) (nullable): the run under way
 */
SegRun *
seg_run_manager_get_run (SegRunManager *self)
{
  g_return_val_if_fail (SEG_IS_RUN_MANAGER (self), NULL);

  return self->run;
}

gboolean
seg_run_manager_get_busy (SegRunManager *self)
{
  g_return_val_if_fail (SEG_IS_RUN_MANAGER (self), FALSE);

  return self->run != NULL;
}

static void
seg_run_manager_dispose (GObject *object)
{
  SegRunManager *self = SEG_RUN_MANAGER (object);

  /* The worker holds a reference until it has stopped, so this runs only
   * once nothing is under way; cancelling here is for a forced end. */
  seg_run_manager_cancel (self);
  g_clear_object (&self->run);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (seg_run_manager_parent_class)->dispose (object);
}

static void
seg_run_manager_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SegRunManager *self = SEG_RUN_MANAGER (object);

  switch (prop_id)
    {
    case PROP_RUN: g_value_set_object (value, self->run); break;
    case PROP_BUSY: g_value_set_boolean (value, self->run != NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_run_manager_class_init (SegRunManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = seg_run_manager_dispose;
  object_class->get_property = seg_run_manager_get_property;

  properties[PROP_RUN] =
    g_param_spec_object ("run", NULL, NULL, SEG_TYPE_RUN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegRunManager::finished:
   * @run: the run that ended
   * @error: (nullable): why it failed or that it was cancelled; %NULL
   *   when it succeeded
   *
   * A run ended; the manager is free for the next one.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, SEG_TYPE_RUN, G_TYPE_ERROR);
}

static void
seg_run_manager_init (SegRunManager *self)
{
}

SegRunManager *
seg_run_manager_new (void)
{
  return g_object_new (SEG_TYPE_RUN_MANAGER, NULL);
}
