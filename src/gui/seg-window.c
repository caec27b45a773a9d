/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "seg-window-private.h"

/* The shell of the window: the start page or the open project's pages
 * behind a view switcher, the rows that show work under way (an import,
 * opening or copying a project, an analysis), and the toasts. The pages
 * get the project and the session by binding; the actions live in
 * seg-window-actions.c. */

/* One schema for the stable and the development build. */
#define SETTINGS_SCHEMA "io.github.segmenta.Segmenta"

G_DEFINE_FINAL_TYPE (SegWindow, seg_window, ADW_TYPE_APPLICATION_WINDOW)

void
seg_window_show_toast (SegWindow  *self,
                       const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
seg_window_show_error (SegWindow    *self,
                       const char   *heading,
                       const GError *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Work under way on a project as a whole ----------------------------------- */

/**
 * seg_window_begin_task:
 * @text: what the window is doing, for the progress row
 * @can_cancel: whether to offer Cancel
 *
 * Shows a spinner with @text until seg_window_end_task(); the window
 * counts as busy meanwhile.
 *
 * Returns: (transfer none): the cancellable for the work
 */
GCancellable *
seg_window_begin_task (SegWindow  *self,
                       const char *text,
                       gboolean    can_cancel)
{
  g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  self->task_cancellable = g_cancellable_new ();

  gtk_label_set_label (self->task_label, text);
  gtk_widget_set_visible (self->task_cancel, can_cancel);
  gtk_spinner_set_spinning (self->task_spinner, TRUE);
  gtk_revealer_set_reveal_child (self->task_revealer, TRUE);
  seg_window_update_actions (self);

  return self->task_cancellable;
}

/* Returns whether @cancellable was the task shown, which has now ended. */
gboolean
seg_window_end_task (SegWindow    *self,
                     GCancellable *cancellable)
{
  if (self->task_cancellable == NULL || self->task_cancellable != cancellable)
    return FALSE;

  g_clear_object (&self->task_cancellable);
  gtk_spinner_set_spinning (self->task_spinner, FALSE);
  gtk_revealer_set_reveal_child (self->task_revealer, FALSE);
  seg_window_update_actions (self);
  return TRUE;
}

/* Import progress ----------------------------------------------------------- */

static void
on_import_progress (SegImporter *importer,
                    GParamSpec  *pspec,
                    SegWindow   *self)
{
  g_autofree char *message = seg_importer_dup_message (importer);
  g_autofree char *text = g_strdup_printf ("%s — %s", seg_importer_get_table_name (importer),
                                           message ? message : "");

  gtk_progress_bar_set_fraction (self->import_progress, seg_importer_get_fraction (importer));
  gtk_progress_bar_set_text (self->import_progress, text);
}

static void
on_importer_changed (SegWindow *self)
{
  SegImporter *importer = seg_data_page_get_importer (self->data_page);

  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);
  g_set_object (&self->importer, importer);
  if (importer != NULL)
    {
      g_signal_connect_object (importer, "notify::fraction", G_CALLBACK (on_import_progress), self, 0);
      g_signal_connect_object (importer, "notify::message", G_CALLBACK (on_import_progress), self, 0);
      on_import_progress (importer, NULL, self);
    }
  gtk_revealer_set_reveal_child (self->import_revealer, importer != NULL);
  seg_window_update_actions (self);
}

/* The analysis under way ------------------------------------------------- */

static gboolean
status_or_starting (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      data)
{
  const char *status = g_value_get_string (from);

  g_value_set_string (to, status != NULL && status[0] != '\0' ? status : _("Starting"));
  return TRUE;
}

/* One row for the run under way, whichever page started it: its status
 * and progress are bound to the run's own properties. */
static void
on_run_changed (SegWindow *self)
{
  SegRun *run = seg_run_manager_get_run (seg_session_get_run_manager (self->session));

  g_clear_pointer (&self->run_progress_binding, g_binding_unbind);
  g_clear_pointer (&self->run_status_binding, g_binding_unbind);
  if (run != NULL)
    {
      self->run_progress_binding = g_object_bind_property (run, "progress", self->run_progress, "fraction",
                                                           G_BINDING_SYNC_CREATE);
      self->run_status_binding = g_object_bind_property_full (run, "status-text", self->run_status, "label",
                                                              G_BINDING_SYNC_CREATE, status_or_starting,
                                                              NULL, NULL, NULL);
    }
  gtk_revealer_set_reveal_child (self->run_revealer, run != NULL);
  seg_window_update_actions (self);
}

/* Projects ------------------------------------------------------------------- */

void
seg_window_set_project (SegWindow  *self,
                        SegProject *project)
{
  seg_session_set_project (self->session, project);
  seg_window_hide_customer (self);

  if (project != NULL)
    {
      g_autofree char *base = g_path_get_basename (seg_project_get_path (project));
      g_autofree char *title = NULL;

      if (g_str_has_suffix (base, ".segmenta"))
        base[strlen (base) - strlen (".segmenta")] = '\0';
      title = g_strdup_printf ("%s — %s", base, _("Segmenta"));
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_stack_set_visible_child_name (self->main_stack, "project");
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Segmenta"));
      /* The project just closed changed on disk: show it as it is now. */
      seg_project_store_refresh (self->store);
      gtk_stack_set_visible_child_name (self->main_stack, "start");
    }

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-project",
                           project != NULL ? seg_project_get_path (project) : "");

  seg_window_update_actions (self);
}

/**
 * seg_window_open_project:
 * @path: a project file
 * @error: return location for an error
 *
 * Opens a project at once, checking it on the calling thread; the window
 * itself opens projects with seg_window_open_project_async().
 *
 * Returns: whether the project is open
 */
gboolean
seg_window_open_project (SegWindow   *self,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(SegProject) project = NULL;

  g_return_val_if_fail (SEG_IS_WINDOW (self), FALSE);

  project = seg_project_open (path, TRUE, error);
  if (project == NULL)
    return FALSE;

  seg_window_set_project (self, project);
  return TRUE;
}

typedef struct
{
  SegWindow    *self;
  GCancellable *cancellable;
  gboolean      sample_shop;
  gboolean      reset;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_object_unref (request->self);
  g_object_unref (request->cancellable);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenRequest, open_request_free)

/**
 * seg_window_dup_sample_files:
 *
 * Returns: (transfer full) (nullable): the sample shop's files in the
 *   order they are imported, or %NULL when the sample shop is not
 *   installed
 */
GStrv
seg_window_dup_sample_files (void)
{
  static const char *names[] = { "customers.csv", "products.csv", "orders.csv" };
  g_autofree char *samples = seg_application_find_samples_dir ();
  g_autoptr(GStrvBuilder) files = NULL;

  if (samples == NULL)
    return NULL;

  files = g_strv_builder_new ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (samples, names[i], NULL);

      g_strv_builder_add (files, file);
    }

  return g_strv_builder_end (files);
}

static void
import_sample_shop (SegWindow *self)
{
  g_auto(GStrv) files = seg_window_dup_sample_files ();
  SegProject *project = seg_window_get_project (self);

  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autofree char *table = seg_table_name_from_path (files[i]);

      if (!seg_project_has_table (project, table))
        seg_data_page_import_file (self->data_page, files[i]);
    }
}

static void
show_pending_previews (SegWindow *self)
{
  g_autoptr(GPtrArray) paths = g_steal_pointer (&self->pending_previews);

  self->pending_previews = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < paths->len; i++)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.preview-file", "s", g_ptr_array_index (paths, i));
}

static void
on_project_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(OpenRequest) request = data;
  SegWindow *self = request->self;
  g_autoptr(SegProject) project = NULL;
  g_autoptr(GError) error = NULL;

  if (source != NULL)
    project = seg_project_store_open_copy_finish (SEG_PROJECT_STORE (source), result, &error);
  else
    project = seg_project_open_finish (result, &error);

  /* A later request, or a closed window, has taken over. */
  if (!seg_window_end_task (self, request->cancellable) || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;

  if (project == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        seg_window_show_error (self, request->sample_shop ? _("Could Not Open the Sample Shop")
                                                          : _("Could Not Open the Project"), error);
      g_ptr_array_set_size (self->pending_previews, 0);
      return;
    }

  seg_window_set_project (self, project);
  if (request->reset)
    seg_window_reset_sample_shop (self);
  else if (request->sample_shop)
    import_sample_shop (self);
  show_pending_previews (self);
}

static void
open_project_async (SegWindow  *self,
                    const char *path,
                    gboolean    create,
                    gboolean    sample_shop,
                    gboolean    reset)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;
  OpenRequest *request;

  if (g_str_has_suffix (base, ".segmenta"))
    base[strlen (base) - strlen (".segmenta")] = '\0';
  text = g_strdup_printf (_("Opening “%s”…"), base);

  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (seg_window_begin_task (self, text, TRUE));
  request->sample_shop = sample_shop;
  request->reset = reset;
  seg_project_open_async (path, create, request->cancellable, on_project_opened, request);
}

/**
 * seg_window_open_project_async:
 * @path: a project file; with @copy, one to copy into the app's folder
 * @create: whether to create @path when it does not exist
 * @sample_shop: whether to import the sample shop's missing tables
 *
 * Opens a project in a worker: a large project's integrity check reads
 * the whole file. The window shows a spinner with Cancel meanwhile.
 */
void
seg_window_open_project_async (SegWindow  *self,
                               const char *path,
                               gboolean    create,
                               gboolean    sample_shop)
{
  open_project_async (self, path, create, sample_shop, FALSE);
}

/* Opens the sample shop, to reset it once it is open. */
void
seg_window_open_sample_shop_to_reset (SegWindow  *self,
                                      const char *path)
{
  open_project_async (self, path, FALSE, TRUE, TRUE);
}

/* Opens a copy of a project from elsewhere, in a worker. */
void
seg_window_open_copy_async (SegWindow  *self,
                            const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = g_strdup_printf (_("Copying “%s” into your projects…"), base);
  OpenRequest *request;

  request = g_new0 (OpenRequest, 1);
  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (seg_window_begin_task (self, text, TRUE));
  seg_project_store_open_copy_async (self->store, path, request->cancellable, on_project_opened, request);
}

/**
 * seg_window_reopen_last_project:
 * @self: a #SegWindow
 *
 * Opens the project that was open when the app last closed, if it is
 * still there.
 */
void
seg_window_reopen_last_project (SegWindow *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SEG_IS_WINDOW (self));

  if (self->settings == NULL || seg_window_get_project (self) != NULL)
    return;

  path = g_settings_get_string (self->settings, "last-project");
  if (path[0] != '\0' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    seg_window_open_project_async (self, path, FALSE, FALSE);
}

/* Drag and drop ------------------------------------------------------------ */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SegWindow     *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.preview-file", "s", path);
    }

  return files != NULL;
}

/* Runs page requests ------------------------------------------------------- */

/* The end of a run of a kind without a page of its own: the Segments
 * page tells of its runs itself. */
static void
on_run_finished (SegRunManager *manager,
                 SegRun        *run,
                 const GError  *error,
                 SegWindow     *self)
{
  if (seg_model_get_kind (seg_run_get_model (run)) == SEG_MODEL_KIND_SEGMENTATION ||
      seg_run_get_project (run) != seg_window_get_project (self))
    return;

  if (error == NULL)
    {
      const SegRunRecord *record = seg_run_get_record (run);
      g_autofree char *figures = seg_run_record_format_figures ((SegRunRecord *) record);
      g_autofree char *message = g_strdup_printf (_("Run %" PRId64 " is done: %s"), record->id, figures);

      seg_window_show_toast (self, message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    seg_window_show_toast (self, _("Analysis cancelled; the project is as it was"));
  else
    seg_window_show_error (self, _("Could Not Finish the Analysis"), error);
}

/* A run is shown on the page of its kind: segmentations on the map,
 * other kinds, until they have pages of their own, as their result
 * tables. */
static void
on_show_run (SegWindow *self,
             gint64     id)
{
  SegProject *project = seg_window_get_project (self);
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  SegPage *page;

  if (project == NULL)
    return;
  record = seg_project_get_run (project, id, &error);
  if (record == NULL)
    {
      seg_window_show_error (self, _("Could Not Show the Run"), error);
      return;
    }
  page = seg_page_shows_kind (SEG_PAGE (self->segments_page), record->kind)
         ? SEG_PAGE (self->segments_page) : SEG_PAGE (self->data_page);
  if (seg_page_shows_kind (SEG_PAGE (self->recommend_page), record->kind) && !seg_run_record_is_evaluation (record))
    page = SEG_PAGE (self->recommend_page);
  if (seg_page_shows_kind (SEG_PAGE (self->predict_page), record->kind))
    page = SEG_PAGE (self->predict_page);
  if (seg_page_shows_kind (SEG_PAGE (self->baskets_page), record->kind))
    page = SEG_PAGE (self->baskets_page);
  seg_window_set_view (self, page == SEG_PAGE (self->segments_page) ? "segments"
                             : page == SEG_PAGE (self->recommend_page) ? "recommendations"
                             : page == SEG_PAGE (self->predict_page) ? "predict"
                             : page == SEG_PAGE (self->baskets_page) ? "baskets" : "data");
  seg_page_show_run (page, id);
}

/* A saved segment shown on the map: its run, its customers selected. */
static void
on_show_on_map (SegWindow  *self,
                gint64      run,
                GStrv       keys)
{
  seg_window_set_view (self, "segments");
  seg_segments_page_show_members (self->segments_page, run, (const char *const *) keys);
}

static void
on_run_again (SegWindow *self,
              gint64     id)
{
  SegProject *project = seg_window_get_project (self);
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegRun) run = NULL;
  g_autoptr(GError) error = NULL;

  if (project == NULL)
    return;
  record = seg_project_get_run (project, id, &error);
  if (record != NULL)
    run = seg_run_new_like (project, record, &error);
  if (run == NULL)
    {
      seg_window_show_error (self, _("Could Not Run It Again"), error);
      return;
    }
  if (!seg_run_manager_start (seg_session_get_run_manager (self->session), run, &error))
    {
      seg_window_show_toast (self, error->message);
      return;
    }
  if (record->kind == SEG_MODEL_KIND_SEGMENTATION)
    seg_window_set_view (self, "segments");
}

static void
on_delete_run (SegWindow *self,
               gint64     id)
{
  seg_segments_page_confirm_delete (self->segments_page, id);
}

/* The window -------------------------------------------------------------- */

/* Whether closing would stop an analysis or an import half-way. */
static gboolean
get_working (SegWindow *self)
{
  return seg_data_page_get_importer (self->data_page) != NULL ||
         seg_run_manager_get_busy (seg_session_get_run_manager (self->session));
}

static void
on_close_confirmed (AdwMessageDialog *dialog,
                    const char       *response,
                    SegWindow        *self)
{
  g_clear_weak_pointer (&self->close_dialog);
  if (g_strcmp0 (response, "close") != 0)
    return;

  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* An analysis or an import may have taken a while: closing asks before
 * it throws that work away. */
static gboolean
seg_window_close_request (GtkWindow *window)
{
  SegWindow *self = SEG_WINDOW (window);
  AdwMessageDialog *dialog;

  if (self->close_confirmed || !get_working (self))
    return GTK_WINDOW_CLASS (seg_window_parent_class)->close_request (window);
  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return TRUE;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Stop the Analysis and Close?"),
                                                       _("The work under way is lost; the project stays "
                                                         "as it was before it started.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "close", _("_Stop and Close"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_confirmed), self, 0);
  self->close_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
seg_window_unrealize (GtkWidget *widget)
{
  SegWindow *self = SEG_WINDOW (widget);

  /* A closed window stops its work. */
  g_cancellable_cancel (self->task_cancellable);
  seg_run_manager_cancel (seg_session_get_run_manager (self->session));

  GTK_WIDGET_CLASS (seg_window_parent_class)->unrealize (widget);
}

static void
seg_window_dispose (GObject *object)
{
  SegWindow *self = (SegWindow *)object;

  g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  g_clear_weak_pointer (&self->close_dialog);
  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);
  g_clear_object (&self->importer);
  g_clear_pointer (&self->run_progress_binding, g_binding_unbind);
  g_clear_pointer (&self->run_status_binding, g_binding_unbind);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (seg_session_get_run_manager (self->session), self);
      seg_session_set_project (self->session, NULL);
    }
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_WINDOW);

  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->pending_previews, g_ptr_array_unref);

  G_OBJECT_CLASS (seg_window_parent_class)->dispose (object);
}

static void
seg_window_class_init (SegWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_window_dispose;
  widget_class->unrealize = seg_window_unrealize;
  GTK_WINDOW_CLASS (klass)->close_request = seg_window_close_request;

  g_type_ensure (SEG_TYPE_START_PAGE);
  g_type_ensure (SEG_TYPE_DATA_PAGE);
  g_type_ensure (SEG_TYPE_SEGMENTS_PAGE);
  g_type_ensure (SEG_TYPE_RUNS_PAGE);
  g_type_ensure (SEG_TYPE_CUSTOMER_VIEW);
  g_type_ensure (SEG_TYPE_RECOMMEND_PAGE);
  g_type_ensure (SEG_TYPE_PREDICT_PAGE);
  g_type_ensure (SEG_TYPE_BASKETS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SegWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, task_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, task_spinner);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, task_label);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, task_cancel);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, run_revealer);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, run_status);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, run_progress);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, data_page);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, segments_page);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, runs_page);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, customer_view);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, recommend_page);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, predict_page);
  gtk_widget_class_bind_template_child (widget_class, SegWindow, baskets_page);

  seg_window_class_add_actions (klass);
}

static void
seg_window_init (SegWindow *self)
{
  g_autofree char *dir = seg_application_get_projects_dir ();
  SegPage *pages[6];
  GSettingsSchemaSource *source;
  GSettingsSchema *schema;
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->pending_previews = g_ptr_array_new_with_free_func (g_free);

  self->store = seg_project_store_new (dir);
  seg_start_page_set_store (self->start_page, self->store);

  /* Every page follows the session's project; none reloads another. */
  self->session = seg_session_new ();
  pages[0] = SEG_PAGE (self->data_page);
  pages[1] = SEG_PAGE (self->segments_page);
  pages[2] = SEG_PAGE (self->runs_page);
  pages[3] = SEG_PAGE (self->recommend_page);
  pages[4] = SEG_PAGE (self->predict_page);
  pages[5] = SEG_PAGE (self->baskets_page);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_object_set (pages[i], "session", self->session, NULL);
      g_object_bind_property (self->session, "project", pages[i], "project", G_BINDING_SYNC_CREATE);
    }

  g_signal_connect_object (self->data_page, "notify::importer", G_CALLBACK (on_importer_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->customer_view, "back", G_CALLBACK (seg_window_hide_customer), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->data_page, "notify::selected-table", G_CALLBACK (seg_window_update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (seg_session_get_run_manager (self->session), "finished", G_CALLBACK (on_run_finished),
                           self, 0);
  g_signal_connect_object (seg_session_get_run_manager (self->session), "notify::run", G_CALLBACK (on_run_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_page, "show-run", G_CALLBACK (on_show_run), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "show-on-map", G_CALLBACK (on_show_on_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_page, "run-again", G_CALLBACK (on_run_again), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_page, "delete-run", G_CALLBACK (on_delete_run), self, G_CONNECT_SWAPPED);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  /* The size and the last project are remembered where the schema is
   * installed; a build run from its folder simply forgets them. */
  source = g_settings_schema_source_get_default ();
  schema = source != NULL ? g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE) : NULL;
  if (schema != NULL)
    {
      self->settings = g_settings_new (SETTINGS_SCHEMA);
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_schema_unref (schema);
    }

  seg_window_set_project (self, NULL);
}

SegWindow *
seg_window_new (SegApplication *application)
{
  return g_object_new (SEG_TYPE_WINDOW, "application", application, NULL);
}

/* Accessors ------------------------------------------------------------------ */

SegProject *
seg_window_get_project (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), NULL);
  return self->session != NULL ? seg_session_get_project (self->session) : NULL;
}

/* Whether an import, or opening, copying or exporting a project, is
 * under way. */
gboolean
seg_window_get_busy (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), FALSE);
  return seg_data_page_get_importer (self->data_page) != NULL || self->task_cancellable != NULL;
}

/**
 * seg_window_get_table_model:
 * @self: a #SegWindow
 *
 * Returns: (transfer none) (nullable): the rows of the table shown
 */
GListModel *
seg_window_get_table_model (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), NULL);
  return seg_data_page_get_table_model (self->data_page);
}

const char *
seg_window_get_selected_table (SegWindow *self)
{
  g_return_val_if_fail (SEG_IS_WINDOW (self), NULL);
  return seg_data_page_get_selected_table (self->data_page);
}

/* Whether a sort or search is still running. */
gboolean
seg_window_get_querying (SegWindow *self)
{
  return seg_data_page_get_querying (self->data_page);
}

GtkColumnView *
seg_window_get_column_view (SegWindow *self)
{
  return seg_data_page_get_column_view (self->data_page);
}

GtkListBox *
seg_window_get_tables_list (SegWindow *self)
{
  return seg_data_page_get_tables_list (self->data_page);
}

/* The import dialog on show, if any. */
SegImportDialog *
seg_window_get_import_dialog (SegWindow *self)
{
  return seg_data_page_get_import_dialog (self->data_page);
}

GtkEditable *
seg_window_get_search_entry (SegWindow *self)
{
  return seg_data_page_get_search_entry (self->data_page);
}

/* "start" or "project". */
const char *
seg_window_get_page (SegWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* The page of an open project in view: "data", "segments" or "runs". */
void
seg_window_set_view (SegWindow  *self,
                     const char *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
seg_window_get_view (SegWindow *self)
{
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

SegSegmentsPage *
seg_window_get_segments_page (SegWindow *self)
{
  return self->segments_page;
}

SegPredictPage *
seg_window_get_predict_page (SegWindow *self)
{
  return self->predict_page;
}

SegBasketsPage *
seg_window_get_baskets_page (SegWindow *self)
{
  return self->baskets_page;
}

SegRecommendPage *
seg_window_get_recommend_page (SegWindow *self)
{
  return self->recommend_page;
}

SegRunsPage *
seg_window_get_runs_page (SegWindow *self)
{
  return self->runs_page;
}

SegDataPage *
seg_window_get_data_page (SegWindow *self)
{
  return self->data_page;
}

SegStartPage *
seg_window_get_start_page (SegWindow *self)
{
  return self->start_page;
}

SegSession *
seg_window_get_session (SegWindow *self)
{
  return self->session;
}

SegRunManager *
seg_window_get_run_manager (SegWindow *self)
{
  return seg_session_get_run_manager (self->session);
}

/* The dialog asking whether to stop the work under way and close, while
 * it is shown. */
AdwMessageDialog *
seg_window_get_close_dialog (SegWindow *self)
{
  return self->close_dialog;
}

/* The row that shows the run under way. */
GtkWidget *
seg_window_get_run_row (SegWindow *self)
{
  return GTK_WIDGET (self->run_revealer);
}
