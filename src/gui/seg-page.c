/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "seg-page.h"
#include "seg-view-helpers.h"

/* A page of the project view. The window binds every page's project and
 * session; a page reacts to its own properties and to the session's
 * signals, and the window asks it to show a run through one vfunc. */

typedef struct
{
  SegProject *project;
  SegSession *session;
  AdwToast   *undo_toast;  /* offering Undo of the page's last delete */

  /* The run flow: the run the page started, the model dialog it opened,
   * and where and in which words the run's progress is shown. */
  SegRun         *run;
  GtkWindow      *dialog;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  char           *starting;
  char           *working;
  char           *error_heading;
} SegPagePrivate;

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (SegPage, seg_page, ADW_TYPE_BIN)

static void
seg_page_dispose (GObject *object)
{
  SegPage *self = SEG_PAGE (object);
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  seg_page_close_model_dialog (self);
  seg_page_forget_run (self);
  g_clear_object (&priv->undo_toast);
  g_clear_object (&priv->project);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (seg_page_parent_class)->dispose (object);
}

static void
seg_page_finalize (GObject *object)
{
  SegPage *self = SEG_PAGE (object);
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_free (priv->starting);
  g_free (priv->working);
  g_free (priv->error_heading);

  G_OBJECT_CLASS (seg_page_parent_class)->finalize (object);
}

static void
seg_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SegPage *self = SEG_PAGE (object);
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, priv->project); break;
    case PROP_SESSION: g_value_set_object (value, priv->session); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SegPage *self = SEG_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT: seg_page_set_project (self, g_value_get_object (value)); break;
    case PROP_SESSION: seg_page_set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_page_class_init (SegPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = seg_page_dispose;
  object_class->finalize = seg_page_finalize;
  object_class->get_property = seg_page_get_property;
  object_class->set_property = seg_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SEG_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_page_init (SegPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

/**
 * seg_page_get_project:
 *
 * Returns: (transfer none) (nullable): the project shown
 */
SegProject *
seg_page_get_project (SegPage *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_val_if_fail (SEG_IS_PAGE (self), NULL);

  return priv->project;
}

void
seg_page_set_project (SegPage    *self,
                      SegProject *project)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_if_fail (SEG_IS_PAGE (self));
  g_return_if_fail (project == NULL || SEG_IS_PROJECT (project));

  if (!g_set_object (&priv->project, project))
    return;

  /* A page without a project has nothing to act on: its buttons and
   * pickers stay out of reach until one is open. */
  gtk_widget_set_sensitive (GTK_WIDGET (self), project != NULL);
  if (SEG_PAGE_GET_CLASS (self)->project_changed != NULL)
    SEG_PAGE_GET_CLASS (self)->project_changed (self, project);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

/**
 * seg_page_get_session:
 *
 * Returns: (transfer none) (nullable): what the window's pages share
 */
SegSession *
seg_page_get_session (SegPage *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_val_if_fail (SEG_IS_PAGE (self), NULL);

  return priv->session;
}

static void on_run_finished (SegRunManager *manager,
                             SegRun        *run,
                             const GError  *error,
                             SegPage       *self);
static void on_busy_changed (SegRunManager *manager,
                             GParamSpec    *pspec,
                             SegPage       *self);

void
seg_page_set_session (SegPage    *self,
                      SegSession *session)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);
  SegPageClass *klass;

  g_return_if_fail (SEG_IS_PAGE (self));
  g_return_if_fail (session == NULL || SEG_IS_SESSION (session));

  if (!g_set_object (&priv->session, session))
    return;

  /* Only a page that starts runs hears of their end. */
  klass = SEG_PAGE_GET_CLASS (self);
  if (session != NULL && klass->run_finished != NULL)
    g_signal_connect_object (seg_session_get_run_manager (session), "finished", G_CALLBACK (on_run_finished),
                             self, 0);
  if (session != NULL && klass->busy_changed != NULL)
    g_signal_connect_object (seg_session_get_run_manager (session), "notify::run", G_CALLBACK (on_busy_changed),
                             self, 0);

  if (SEG_PAGE_GET_CLASS (self)->session_changed != NULL)
    SEG_PAGE_GET_CLASS (self)->session_changed (self, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * seg_page_show_run:
 * @run: a run of the project
 *
 * Asks the page to show @run; pages that show no runs ignore it.
 */
void
seg_page_show_run (SegPage *self,
                   gint64   run)
{
  g_return_if_fail (SEG_IS_PAGE (self));

  if (SEG_PAGE_GET_CLASS (self)->show_run != NULL)
    SEG_PAGE_GET_CLASS (self)->show_run (self, run);
}

void
seg_page_show_toast (SegPage    *self,
                     const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_return_if_fail (SEG_IS_PAGE (self));

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

void
seg_page_show_error (SegPage      *self,
                     const char   *heading,
                     const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  g_return_if_fail (SEG_IS_PAGE (self));

  /* A page already out of its window has nobody to tell. */
  if (!GTK_IS_WINDOW (root))
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root), heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * seg_page_shows_kind:
 *
 * Returns: whether the page is where runs of @kind are shown
 */
gboolean
seg_page_shows_kind (SegPage      *self,
                     SegModelKind  kind)
{
  g_return_val_if_fail (SEG_IS_PAGE (self), FALSE);

  return (SEG_PAGE_GET_CLASS (self)->kinds & (1u << kind)) != 0;
}

/* Deleting with Undo ------------------------------------------------------ */

static void
on_undo_clicked (AdwToast *toast,
                 SegPage  *self)
{
  SegSession *session = seg_page_get_session (self);
  SegDeletable what = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "what"));
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "serial"));

  if (session != NULL)
    seg_session_undo_delete (session, what, serial);
}

/* The offer of Undo is over: the deleted thing goes for good, unless Undo
 * brought it back or another delete finished it already. */
static void
on_undo_dismissed (AdwToast *toast,
                   SegPage  *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);
  SegSession *session = seg_page_get_session (self);
  SegDeletable what = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "what"));
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "serial"));
  g_autoptr(GError) error = NULL;

  if (priv->undo_toast == toast)
    g_clear_object (&priv->undo_toast);
  if (session != NULL && !seg_session_finish_delete (session, what, serial, &error))
    seg_page_show_error (self, g_object_get_data (G_OBJECT (toast), "error-heading"), error);
}

/**
 * seg_page_delete_later:
 * @what: a run or a saved segment
 * @id: one of the project's
 * @title: what the toast says, such as “Run 3 deleted”
 * @error_heading: the heading of the dialog shown if the delete fails
 *   once the toast has gone
 *
 * Hides @id from every page through the session and offers Undo in a
 * toast; it is deleted once the toast goes.
 *
 * Returns: %FALSE, having done nothing, when the page has no window to
 *   show the toast in or no session: the caller then deletes at once
 */
gboolean
seg_page_delete_later (SegPage      *self,
                       SegDeletable  what,
                       gint64        id,
                       const char   *title,
                       const char   *error_heading)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);
  GtkWidget *overlay;
  AdwToast *toast;
  guint serial;

  g_return_val_if_fail (SEG_IS_PAGE (self), FALSE);
  g_return_val_if_fail (what < SEG_N_DELETABLES, FALSE);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL || priv->session == NULL)
    return FALSE;

  serial = seg_session_delete_later (priv->session, what, id);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data (G_OBJECT (toast), "what", GUINT_TO_POINTER (what));
  g_object_set_data (G_OBJECT (toast), "serial", GUINT_TO_POINTER (serial));
  g_object_set_data_full (G_OBJECT (toast), "error-heading", g_strdup (error_heading), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_dismissed), self, 0);
  g_set_object (&priv->undo_toast, toast);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}

/**
 * seg_page_get_undo_toast:
 *
 * Returns: (transfer none) (nullable): the toast offering Undo of the
 *   page's last delete, while it is shown
 */
AdwToast *
seg_page_get_undo_toast (SegPage *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_val_if_fail (SEG_IS_PAGE (self), NULL);

  return priv->undo_toast;
}

static void
check_segment_name (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  SegPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  GtkWidget *problem_label = g_object_get_data (G_OBJECT (dialog), "problem");
  SegSession *session = seg_page_get_session (self);
  g_autofree char *problem = NULL;

  if (session != NULL)
    problem = seg_session_check_segment_name (session, 0, gtk_editable_get_text (entry));
  gtk_label_set_label (GTK_LABEL (problem_label), problem != NULL ? problem : "");
  gtk_widget_set_visible (problem_label, problem != NULL);
  adw_message_dialog_set_response_enabled (dialog, "save", problem == NULL);
}

/**
 * seg_page_ask_segment_name:
 * @body: what is kept, such as "Give the 12 selected customers a name …"
 * @example: the entry's placeholder
 * @on_response: the dialog's "response" handler, called with the page;
 *   the name is the text of the #GtkEditable in the dialog's data "entry"
 *
 * Asks for the name of a new saved segment, explaining a name that
 * cannot be used as it is typed.
 *
 * Returns: (transfer none): the dialog, presented
 */
AdwMessageDialog *
seg_page_ask_segment_name (SegPage    *self,
                           const char *body,
                           const char *example,
                           GCallback   on_response)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *entry, *box, *problem;

  g_return_val_if_fail (SEG_IS_PAGE (self), NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Save as Segment"), body));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), example);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0.0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_add_css_class (problem, "caption");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  /* A name that cannot be used is explained as it is typed. */
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  g_object_set_data (G_OBJECT (dialog), "page", self);
  g_signal_connect_object (entry, "changed", G_CALLBACK (check_segment_name), dialog, 0);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", on_response, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_save_segment_response (AdwMessageDialog *dialog,
                          const char       *response,
                          SegPage          *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  SegPageSaveSegment save = g_object_get_data (G_OBJECT (dialog), "save");
  g_autoptr(SegSegment) segment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  segment = save (self, gtk_editable_get_text (entry), &error);
  if (segment == NULL)
    {
      seg_page_show_error (self, _("Could Not Save the Segment"), error);
      return;
    }
  message = seg_view_describe_saved (segment);
  seg_page_show_toast (self, message);
}

/**
 * seg_page_ask_to_save_segment:
 * @save: keeps the customers under the name given
 *
 * Asks for a segment's name as seg_page_ask_segment_name () does, then
 * saves it with @save and says how it went.
 *
 * Returns: (transfer none): the dialog, presented
 */
AdwMessageDialog *
seg_page_ask_to_save_segment (SegPage            *self,
                              const char         *body,
                              const char         *example,
                              SegPageSaveSegment  save)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (SEG_IS_PAGE (self), NULL);
  g_return_val_if_fail (save != NULL, NULL);

  dialog = seg_page_ask_segment_name (self, body, example, G_CALLBACK (on_save_segment_response));
  g_object_set_data (G_OBJECT (dialog), "save", save);
  return dialog;
}

/* The run flow ------------------------------------------------------------------ */

/**
 * seg_page_set_run_progress:
 * @label: where the run's progress is said
 * @bar: where it is shown
 * @starting: what @label says as a run starts
 * @working: what it says while the run itself says nothing
 * @error_heading: the heading of the dialog shown when a run cannot start
 *
 * Readies the page to start runs with seg_page_start_run () and to follow
 * them; the page learns how they went through its @run_started and
 * @run_finished vfuncs.
 */
void
seg_page_set_run_progress (SegPage        *self,
                           GtkLabel       *label,
                           GtkProgressBar *bar,
                           const char     *starting,
                           const char     *working,
                           const char     *error_heading)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_if_fail (SEG_IS_PAGE (self));
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (GTK_IS_PROGRESS_BAR (bar));

  priv->progress_label = label;
  priv->progress_bar = bar;
  g_free (priv->starting);
  priv->starting = g_strdup (starting);
  g_free (priv->working);
  priv->working = g_strdup (working);
  g_free (priv->error_heading);
  priv->error_heading = g_strdup (error_heading);
}

/**
 * seg_page_set_progress:
 * @text: what the page is doing
 * @fraction: how far it got, from 0 to 1
 *
 * Shows progress in the label and the bar given to
 * seg_page_set_run_progress ().
 */
void
seg_page_set_progress (SegPage    *self,
                       const char *text,
                       double      fraction)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_if_fail (SEG_IS_PAGE (self));
  g_return_if_fail (priv->progress_label != NULL);

  gtk_label_set_label (priv->progress_label, text);
  gtk_progress_bar_set_fraction (priv->progress_bar, CLAMP (fraction, 0, 1));
}

static void
on_run_progress (SegRun     *run,
                 GParamSpec *pspec,
                 SegPage    *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);
  const char *status = seg_run_get_status_text (run);

  seg_page_set_progress (self, status != NULL && *status != '\0' ? status : priv->working,
                         seg_run_get_progress (run));
}

/**
 * seg_page_start_run:
 * @run: a run of the page's project, not started
 *
 * Starts @run through the session's run manager and follows its
 * progress. Once it is under way the page's @run_started is called;
 * if it cannot start, @run_finished is called with 0, then a dialog
 * says why.
 */
void
seg_page_start_run (SegPage *self,
                    SegRun  *run)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SEG_IS_PAGE (self));
  g_return_if_fail (SEG_IS_RUN (run));

  if (priv->session == NULL || !seg_run_manager_start (seg_session_get_run_manager (priv->session), run, &error))
    {
      if (SEG_PAGE_GET_CLASS (self)->run_finished != NULL)
        SEG_PAGE_GET_CLASS (self)->run_finished (self, 0);
      if (error != NULL)
        seg_page_show_error (self, priv->error_heading, error);
      return;
    }
  g_set_object (&priv->run, run);
  g_signal_connect_object (run, "notify::progress", G_CALLBACK (on_run_progress), self, 0);
  g_signal_connect_object (run, "notify::status-text", G_CALLBACK (on_run_progress), self, 0);
  seg_page_set_progress (self, priv->starting, 0);
  if (SEG_PAGE_GET_CLASS (self)->run_started != NULL)
    SEG_PAGE_GET_CLASS (self)->run_started (self);
}

/**
 * seg_page_get_run:
 *
 * Returns: (transfer none) (nullable): the run the page started and
 *   still follows
 */
SegRun *
seg_page_get_run (SegPage *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_val_if_fail (SEG_IS_PAGE (self), NULL);

  return priv->run;
}

/**
 * seg_page_forget_run:
 *
 * Stops following the run the page started; the run goes on, and its
 * end is no longer the page's.
 */
void
seg_page_forget_run (SegPage *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_if_fail (SEG_IS_PAGE (self));

  if (priv->run != NULL)
    g_signal_handlers_disconnect_by_data (priv->run, self);
  g_clear_object (&priv->run);
}

/**
 * seg_page_cancel_run:
 *
 * Cancels the run the page started, if the run manager is still on it.
 */
void
seg_page_cancel_run (SegPage *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_if_fail (SEG_IS_PAGE (self));

  if (priv->run != NULL && priv->session != NULL &&
      seg_run_manager_get_run (seg_session_get_run_manager (priv->session)) == priv->run)
    seg_run_manager_cancel (seg_session_get_run_manager (priv->session));
}

static void
on_run_finished (SegRunManager *manager,
                 SegRun        *run,
                 const GError  *error,
                 SegPage       *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);
  SegPageClass *klass = SEG_PAGE_GET_CLASS (self);
  gint64 id;

  if (run != priv->run)
    {
      if (klass->busy_changed != NULL)
        klass->busy_changed (self);
      return;
    }
  /* The window tells of a failure or a cancel; nothing was written. */
  id = error == NULL ? seg_run_get_record (run)->id : 0;
  seg_page_forget_run (self);
  if (klass->run_finished != NULL)
    klass->run_finished (self, id);
}

static void
on_busy_changed (SegRunManager *manager,
                 GParamSpec    *pspec,
                 SegPage       *self)
{
  if (SEG_PAGE_GET_CLASS (self)->busy_changed != NULL)
    SEG_PAGE_GET_CLASS (self)->busy_changed (self);
}

static void
on_dialog_run (SegModelDialog *dialog,
               SegRun         *run,
               SegPage        *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  priv->dialog = NULL;
  seg_page_start_run (self, run);
}

/* The model dialog closed without a run: nothing was asked. */
static void
on_dialog_destroyed (GtkWidget *dialog,
                     SegPage   *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  if (priv->dialog != GTK_WINDOW (dialog))
    return;
  priv->dialog = NULL;
  if (SEG_PAGE_GET_CLASS (self)->run_finished != NULL)
    SEG_PAGE_GET_CLASS (self)->run_finished (self, 0);
}

/**
 * seg_page_present_model_dialog:
 * @dialog: the shared model dialog, set up for the page's run
 *
 * Presents @dialog; the run it asks for starts as seg_page_start_run ()
 * starts it, and the dialog closed without a run ends in the page's
 * @run_finished with 0.
 */
void
seg_page_present_model_dialog (SegPage        *self,
                               SegModelDialog *dialog)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);

  g_return_if_fail (SEG_IS_PAGE (self));
  g_return_if_fail (SEG_IS_MODEL_DIALOG (dialog));

  seg_page_close_model_dialog (self);
  priv->dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "run-requested", G_CALLBACK (on_dialog_run), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroyed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * seg_page_close_model_dialog:
 *
 * Closes the model dialog the page opened, if it is still open, without
 * telling the page.
 */
void
seg_page_close_model_dialog (SegPage *self)
{
  SegPagePrivate *priv = seg_page_get_instance_private (self);
  GtkWindow *dialog;

  g_return_if_fail (SEG_IS_PAGE (self));

  if (priv->dialog == NULL)
    return;
  dialog = priv->dialog;
  priv->dialog = NULL;
  gtk_window_destroy (dialog);
}
