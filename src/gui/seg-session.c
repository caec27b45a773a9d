/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "seg-run-record.h"
#include "seg-session.h"

/* What the pages of one window share: the open project, the analysis
 * under way, the customers selected on any page and the segments saved
 * from such selections. The project's tables, runs and segments are list
 * models that follow every change, wherever it was made, so no page
 * reloads another. */

/* Something deleted while Undo is still offered: it is hidden from the
 * pages and deleted for good once the offer ends. The serial tells one
 * such offer from the next. */
typedef struct
{
  gint64 id;
  guint  serial;
} PendingDelete;

struct _SegSession
{
  GObject        parent_instance;

  SegProject    *project;
  SegRunManager *run_manager;
  GHashTable    *selection;   /* customer keys, as a set */

  /* A run, and a saved segment, deleted while Undo is still offered. */
  PendingDelete  pending[SEG_N_DELETABLES];

  /* The segment in use: the Data page's filter, the analyses' input. */
  SegSegment    *segment;
  GListModel    *segments;    /* the project's, followed */
};

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_RUN_MANAGER,
  PROP_SEGMENTS,
  PROP_N_SELECTED,
  PROP_HIDDEN_RUN,
  PROP_HIDDEN_SEGMENT,
  PROP_SEGMENT,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  SHOW_ON_MAP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegSession, seg_session, G_TYPE_OBJECT)

static void
seg_session_dispose (GObject *object)
{
  SegSession *self = SEG_SESSION (object);

  for (guint what = 0; what < SEG_N_DELETABLES; what++)
    seg_session_finish_delete (self, what, self->pending[what].serial, NULL);
  if (self->segments != NULL)
    g_signal_handlers_disconnect_by_data (self->segments, self);
  g_clear_object (&self->segments);
  g_clear_object (&self->segment);
  if (self->run_manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run_manager, self);
      seg_run_manager_cancel (self->run_manager);
    }
  g_clear_object (&self->run_manager);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (seg_session_parent_class)->dispose (object);
}

static void
seg_session_finalize (GObject *object)
{
  g_hash_table_unref (SEG_SESSION (object)->selection);

  G_OBJECT_CLASS (seg_session_parent_class)->finalize (object);
}

static void
seg_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SegSession *self = SEG_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_RUN_MANAGER: g_value_set_object (value, self->run_manager); break;
    case PROP_SEGMENTS: g_value_set_object (value, seg_session_get_segments (self)); break;
    case PROP_N_SELECTED: g_value_set_uint (value, g_hash_table_size (self->selection)); break;
    case PROP_HIDDEN_RUN: g_value_set_int64 (value, self->pending[SEG_DELETABLE_RUN].id); break;
    case PROP_HIDDEN_SEGMENT: g_value_set_int64 (value, self->pending[SEG_DELETABLE_SEGMENT].id); break;
    case PROP_SEGMENT: g_value_set_object (value, self->segment); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SegSession *self = SEG_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROJECT: seg_session_set_project (self, g_value_get_object (value)); break;
    case PROP_SEGMENT: seg_session_set_segment (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_session_class_init (SegSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = seg_session_dispose;
  object_class->finalize = seg_session_finalize;
  object_class->get_property = seg_session_get_property;
  object_class->set_property = seg_session_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN_MANAGER] =
    g_param_spec_object ("run-manager", NULL, NULL, SEG_TYPE_RUN_MANAGER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEGMENTS] =
    g_param_spec_object ("segments", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDDEN_RUN] =
    g_param_spec_int64 ("hidden-run", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIDDEN_SEGMENT] =
    g_param_spec_int64 ("hidden-segment", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEGMENT] =
    g_param_spec_object ("segment", NULL, NULL, SEG_TYPE_SEGMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegSession::show-on-map:
   * @run: the run to show, or 0 for the one shown
   * @keys: the customers to select on its map
   *
   * A page asks for a saved segment to be shown on the map.
   */
  signals[SHOW_ON_MAP] = g_signal_new ("show-on-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRV);

  /**
   * SegSession::selection-changed:
   *
   * Other customers are selected.
   */
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
seg_session_init (SegSession *self)
{
  self->selection = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->run_manager = seg_run_manager_new ();
}

SegSession *
seg_session_new (void)
{
  return g_object_new (SEG_TYPE_SESSION, NULL);
}

/**
 * seg_session_get_project:
 *
 * Returns: (transfer none) (nullable): the open project
 */
SegProject *
seg_session_get_project (SegSession *self)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  return self->project;
}

/* A segment renamed is a new item of the list: the one in use follows
 * it, and a segment deleted is no longer in use. */
static void
on_segments_changed (SegSession *self)
{
  g_autoptr(SegSegment) now = NULL;

  if (self->segment == NULL)
    return;
  now = seg_session_find_segment (self, seg_segment_get_id (self->segment));
  seg_session_set_segment (self, now);
}

/**
 * seg_session_forget:
 *
 * Ends what belongs to the project's contents as they are now, for a
 * project about to be closed or emptied: a run or a segment deleted with
 * Undo on offer goes for good, the analysis under way is cancelled, and
 * no customers or segment stay selected.
 */
void
seg_session_forget (SegSession *self)
{
  g_return_if_fail (SEG_IS_SESSION (self));

  for (guint what = 0; what < SEG_N_DELETABLES; what++)
    seg_session_finish_delete (self, what, self->pending[what].serial, NULL);
  seg_run_manager_cancel (self->run_manager);
  seg_session_set_selection (self, NULL);
  seg_session_set_segment (self, NULL);
}

void
seg_session_set_project (SegSession *self,
                         SegProject *project)
{
  g_return_if_fail (SEG_IS_SESSION (self));
  g_return_if_fail (project == NULL || SEG_IS_PROJECT (project));

  if (self->project == project)
    return;

  seg_session_forget (self);
  if (self->segments != NULL)
    g_signal_handlers_disconnect_by_data (self->segments, self);
  g_clear_object (&self->segments);
  g_set_object (&self->project, project);
  if (project != NULL)
    {
      self->segments = g_object_ref (seg_project_get_segments (project));
      g_signal_connect_object (self->segments, "items-changed", G_CALLBACK (on_segments_changed), self,
                               G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENTS]);
}

/* Deleting with Undo ------------------------------------------------------ */

/* How each kind of thing goes for good, and the property that names the
 * one hidden. */
static gboolean (*const delete_funcs[SEG_N_DELETABLES]) (SegProject *, gint64, GError **) = {
  [SEG_DELETABLE_RUN] = seg_project_delete_run,
  [SEG_DELETABLE_SEGMENT] = seg_project_delete_segment,
};
static const guint hidden_props[SEG_N_DELETABLES] = {
  [SEG_DELETABLE_RUN] = PROP_HIDDEN_RUN,
  [SEG_DELETABLE_SEGMENT] = PROP_HIDDEN_SEGMENT,
};

/**
 * seg_session_get_hidden:
 * @what: a run or a saved segment
 *
 * Returns: the one of @what deleted while Undo is on offer, which the
 *   pages leave out, or 0
 */
gint64
seg_session_get_hidden (SegSession   *self,
                        SegDeletable  what)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), 0);
  g_return_val_if_fail (what < SEG_N_DELETABLES, 0);

  return self->pending[what].id;
}

gint64
seg_session_get_hidden_run (SegSession *self)
{
  return seg_session_get_hidden (self, SEG_DELETABLE_RUN);
}

gint64
seg_session_get_hidden_segment (SegSession *self)
{
  return seg_session_get_hidden (self, SEG_DELETABLE_SEGMENT);
}

static void
set_hidden (SegSession   *self,
            SegDeletable  what,
            gint64        id)
{
  if (self->pending[what].id == id)
    return;
  self->pending[what].id = id;
  /* A segment hidden is no longer the one in use. */
  if (what == SEG_DELETABLE_SEGMENT && id != 0 && self->segment != NULL && seg_segment_get_id (self->segment) == id)
    seg_session_set_segment (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[hidden_props[what]]);
}

/**
 * seg_session_delete_later:
 * @what: a run or a saved segment
 * @id: one of the project's
 *
 * Hides @id from the pages until seg_session_finish_delete() deletes it
 * or seg_session_undo_delete() brings it back. One still hidden from
 * before is deleted first: one Undo is on offer at a time for each kind.
 *
 * Returns: the serial to finish or undo this delete with
 */
guint
seg_session_delete_later (SegSession   *self,
                          SegDeletable  what,
                          gint64        id)
{
  g_autoptr(GError) error = NULL;
  gint64 before;

  g_return_val_if_fail (SEG_IS_SESSION (self), 0);
  g_return_val_if_fail (what < SEG_N_DELETABLES, 0);

  before = self->pending[what].id;
  if (!seg_session_finish_delete (self, what, self->pending[what].serial, &error))
    g_warning ("Could not delete %s %" G_GINT64_FORMAT ": %s",
               what == SEG_DELETABLE_RUN ? "run" : "segment", before, error->message);

  self->pending[what].serial++;
  set_hidden (self, what, self->project != NULL ? id : 0);
  return self->pending[what].serial;
}

/**
 * seg_session_finish_delete:
 * @what: what seg_session_delete_later() was given
 * @serial: from seg_session_delete_later()
 *
 * Deletes the hidden one of @what for good, if @serial still names it.
 *
 * Returns: %FALSE with @error when the delete failed; it then shows again
 */
gboolean
seg_session_finish_delete (SegSession    *self,
                           SegDeletable   what,
                           guint          serial,
                           GError       **error)
{
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (SEG_IS_SESSION (self), FALSE);
  g_return_val_if_fail (what < SEG_N_DELETABLES, FALSE);

  if (serial != self->pending[what].serial || self->pending[what].id == 0 || self->project == NULL)
    return TRUE;

  id = self->pending[what].id;
  /* The pages hear of the delete through the project's own lists; a
   * failed delete shows it again. */
  ok = delete_funcs[what] (self->project, id, error);
  set_hidden (self, what, 0);
  return ok;
}

/**
 * seg_session_undo_delete:
 * @what: what seg_session_delete_later() was given
 * @serial: from seg_session_delete_later()
 *
 * Shows the hidden one of @what again, if @serial still names it.
 *
 * Returns: whether it is back
 */
gboolean
seg_session_undo_delete (SegSession   *self,
                         SegDeletable  what,
                         guint         serial)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), FALSE);
  g_return_val_if_fail (what < SEG_N_DELETABLES, FALSE);

  if (serial != self->pending[what].serial || self->pending[what].id == 0)
    return FALSE;

  set_hidden (self, what, 0);
  return TRUE;
}

/**
 * seg_session_get_segments:
 *
 * Returns: (transfer none) (nullable): the project's saved segments, a
 *   list model of SegSegment kept up to date, or %NULL without a project
 */
GListModel *
seg_session_get_segments (SegSession *self)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  return self->project != NULL ? seg_project_get_segments (self->project) : NULL;
}

/**
 * seg_session_save_selection:
 * @name: what the segment is called
 * @source: (transfer none): where the selection was made, such as
 *   {"run": 3, "selection": true}
 *
 * Keeps the customers selected now as a named segment of the project.
 *
 * Returns: (transfer full) (nullable): the segment, or %NULL with @error
 *   naming what is wrong
 */
SegSegment *
seg_session_save_selection (SegSession  *self,
                            const char  *name,
                            JsonNode    *source,
                            GError     **error)
{
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  if (self->project == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No project is open"));
      return NULL;
    }
  keys = seg_session_dup_selection (self);

  return seg_project_save_segment (self->project, name, (const char *const *) keys, source, error);
}

/**
 * seg_session_get_run_manager:
 *
 * Returns: (transfer none): the window's analyses under way
 */
SegRunManager *
seg_session_get_run_manager (SegSession *self)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  return self->run_manager;
}

/**
 * seg_session_set_selection:
 * @keys: (nullable) (array zero-terminated=1): the selected customers'
 *   keys, or %NULL for none
 */
void
seg_session_set_selection (SegSession        *self,
                           const char *const *keys)
{
  g_autoptr(GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean same;

  g_return_if_fail (SEG_IS_SESSION (self));

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_add (next, g_strdup (keys[i]));

  same = g_hash_table_size (next) == g_hash_table_size (self->selection);
  if (same)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, next);
      while (same && g_hash_table_iter_next (&iter, &key, NULL))
        same = g_hash_table_contains (self->selection, key);
    }
  if (same)
    return;

  g_hash_table_unref (self->selection);
  self->selection = g_steal_pointer (&next);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

/**
 * seg_session_dup_selection:
 *
 * Returns: (transfer full): the selected customers' keys, sorted
 */
GStrv
seg_session_dup_selection (SegSession *self)
{
  g_autofree gpointer *keys = NULL;
  guint n;
  GStrv copy;

  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  keys = g_hash_table_get_keys_as_array (self->selection, &n);
  copy = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (keys[i]);
  qsort (copy, n, sizeof (char *), compare_strings);
  return copy;
}

guint
seg_session_get_n_selected (SegSession *self)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), 0);

  return g_hash_table_size (self->selection);
}

gboolean
seg_session_is_selected (SegSession *self,
                         const char *key)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), FALSE);

  return key != NULL && g_hash_table_contains (self->selection, key);
}

/* Saved segments ---------------------------------------------------------- */

/**
 * seg_session_get_segment:
 *
 * Returns: (transfer none) (nullable): the saved segment in use: the Data
 *   page keeps to its rows and a new analysis reads its customers
 */
SegSegment *
seg_session_get_segment (SegSession *self)
{
  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  return self->segment;
}

void
seg_session_set_segment (SegSession *self,
                         SegSegment *segment)
{
  g_return_if_fail (SEG_IS_SESSION (self));
  g_return_if_fail (segment == NULL || SEG_IS_SEGMENT (segment));

  if (segment != NULL && seg_segment_get_id (segment) == self->pending[SEG_DELETABLE_SEGMENT].id)
    segment = NULL;
  if (!g_set_object (&self->segment, segment))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT]);
}

/**
 * seg_session_find_segment:
 * @id: a saved segment
 *
 * Returns: (transfer full) (nullable): the segment as the project's list
 *   has it now, or %NULL when it is gone or hidden for Undo
 */
SegSegment *
seg_session_find_segment (SegSession *self,
                          gint64      id)
{
  GListModel *segments;

  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  segments = seg_session_get_segments (self);
  if (segments == NULL || id == self->pending[SEG_DELETABLE_SEGMENT].id)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);

      if (seg_segment_get_id (segment) == id)
        return g_steal_pointer (&segment);
    }

  return NULL;
}

/**
 * seg_session_check_segment_name:
 * @id: the segment being renamed, or 0 for a new one
 * @name: the name as typed
 *
 * Says what the project would refuse in a segment name, before it is
 * asked: for a dialog to explain it under the entry.
 *
 * Returns: (transfer full) (nullable): why @name cannot be used, or %NULL
 */
char *
seg_session_check_segment_name (SegSession *self,
                                gint64      id,
                                const char *name)
{
  g_autofree char *trimmed = NULL;
  GListModel *segments;

  g_return_val_if_fail (SEG_IS_SESSION (self), NULL);

  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (trimmed[0] == '\0')
    return g_strdup (_("Give the segment a name."));
  if (g_utf8_strlen (trimmed, -1) > SEG_SEGMENT_MAX_NAME)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A segment name has at most %d character.",
                                         "A segment name has at most %d characters.", SEG_SEGMENT_MAX_NAME),
                            SEG_SEGMENT_MAX_NAME);

  /* As the project compares names: ignoring the case of ASCII letters.
   * A segment hidden for Undo still holds its name. */
  segments = seg_session_get_segments (self);
  for (guint i = 0; segments != NULL && i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) other = g_list_model_get_item (segments, i);

      if (seg_segment_get_id (other) != id && g_ascii_strcasecmp (seg_segment_get_name (other), trimmed) == 0)
        return g_strdup_printf (_("Another segment is already called “%s”."), seg_segment_get_name (other));
    }

  return NULL;
}

/**
 * seg_session_show_on_map:
 * @segment: a saved segment
 *
 * Asks for @segment's customers to be selected on the map of the run it
 * came from, or, for a segment read from a table or of a run that is
 * gone, on the map shown: emits SegSession::show-on-map.
 *
 * Returns: %FALSE with @error set when the customers could not be read
 */
gboolean
seg_session_show_on_map (SegSession  *self,
                         SegSegment  *segment,
                         GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_auto(GStrv) keys = NULL;
  JsonObject *source;
  gint64 run = 0;

  g_return_val_if_fail (SEG_IS_SESSION (self), FALSE);
  g_return_val_if_fail (SEG_IS_SEGMENT (segment), FALSE);

  if (self->project == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No project is open"));
      return FALSE;
    }
  keys = seg_project_get_segment_keys (self->project, seg_segment_get_id (segment), error);
  if (keys == NULL)
    return FALSE;

  source = json_node_get_object (seg_segment_get_source (segment));
  if (json_object_has_member (source, "run"))
    run = json_object_get_int_member (source, "run");
  if (run > 0 && (run == self->pending[SEG_DELETABLE_RUN].id || (record = seg_project_get_run (self->project, run, NULL)) == NULL))
    run = 0;

  seg_session_set_segment (self, segment);
  g_signal_emit (self, signals[SHOW_ON_MAP], 0, run, keys);
  return TRUE;
}
