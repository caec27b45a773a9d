/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-cluster-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

#include "seg-explore.h"
#include "seg-form.h"
#include "seg-run.h"
#include "seg-segments-page.h"

/* The form follows the model: a row for each parameter the algorithm's
 * class declares, with the range, default, name and help text of its
 * GParamSpec, so a new algorithm needs no new dialog. */

struct _SegClusterDialog
{
  AdwWindow             parent_instance;

  SegProject           *project;
  SegSegmentsPage      *page;          /* weak */

  AdwToastOverlay      *toasts;
  AdwComboRow          *table_row;
  GtkStringList        *tables;
  AdwPreferencesGroup  *columns_group;
  GPtrArray            *column_rows;   /* AdwActionRow, with "use" and "log" checks */
  AdwComboRow          *scale_row;
  AdwComboRow          *impute_row;
  AdwComboRow          *algorithm_row;
  AdwPreferencesGroup  *params_group;
  GPtrArray            *param_rows;
  SegModel             *model;
  GtkSpinButton        *eps_spin;      /* DBSCAN's, while it is chosen */
  gboolean              finding_eps;
};

G_DEFINE_FINAL_TYPE (SegClusterDialog, seg_cluster_dialog, ADW_TYPE_WINDOW)

static const SegScale scales[] = { SEG_SCALE_STANDARD, SEG_SCALE_ROBUST, SEG_SCALE_MINMAX, SEG_SCALE_NONE };
static const SegImpute imputes[] = { SEG_IMPUTE_MEDIAN, SEG_IMPUTE_MEAN, SEG_IMPUTE_DROP };

static gboolean
is_number (SegColumnType type)
{
  return type == SEG_COLUMN_INTEGER || type == SEG_COLUMN_REAL || type == SEG_COLUMN_BOOLEAN;
}

/* Which columns a first run should use: the RFM scores when the table has
 * them, or the number columns that do not look like identifiers. */
static void
default_choice (const SegTableInfo *info,
                const SegColumnInfo *column,
                gboolean           *use,
                gboolean           *log)
{
  static const char *const rfm[] = { "recency", "frequency", "monetary", NULL };
  static const char *const skewed[] = { "frequency", "monetary", NULL };
  gboolean has_rfm = TRUE;
  g_autofree char *lower = g_ascii_strdown (column->name, -1);

  for (guint i = 0; rfm[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint c = 0; c < info->columns->len; c++)
        found |= g_ascii_strcasecmp (((SegColumnInfo *) g_ptr_array_index (info->columns, c))->name, rfm[i]) == 0;
      has_rfm &= found;
    }

  if (has_rfm)
    {
      *use = g_strv_contains (rfm, lower);
      *log = g_strv_contains (skewed, lower);
      return;
    }
  *use = is_number (column->type) && !g_str_has_suffix (lower, "id") && !g_str_has_suffix (lower, "_no") &&
         !g_str_equal (lower, "row");
  *log = FALSE;
}

static void
rebuild_columns (SegClusterDialog *self)
{
  const char *table = gtk_string_list_get_string (self->tables, adw_combo_row_get_selected (self->table_row));
  g_autoptr(SegTableInfo) info = table != NULL ? seg_project_get_table (self->project, table, NULL) : NULL;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
  if (info == NULL)
    return;

  for (guint c = 0; c < info->columns->len; c++)
    {
      SegColumnInfo *column = g_ptr_array_index (info->columns, c);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *use = gtk_check_button_new ();
      GtkWidget *log = gtk_check_button_new_with_label (_("Log"));
      gboolean use_it, log_it;

      default_choice (info, column, &use_it, &log_it);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), column->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   is_number (column->type) ? _("Numbers")
                                   : column->type == SEG_COLUMN_TEXT ? _("Text: one column per value")
                                   : _("Dates: days since the first"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (use), use_it);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (log), log_it);
      gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (log, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (log, is_number (column->type));
      gtk_widget_set_tooltip_text (log, _("Compare by log (1 + x), for skewed amounts such as spend or order counts"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), use);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), use);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), log);
      g_object_set_data_full (G_OBJECT (row), "column", g_strdup (column->name), g_free);
      g_object_set_data (G_OBJECT (row), "use", use);
      g_object_set_data (G_OBJECT (row), "log", log);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
}

/* Parameters ------------------------------------------------------------ */

static void
on_spin_changed (GtkSpinButton *spin,
                 GParamSpec    *pspec_unused,
                 gpointer       data)
{
  SegClusterDialog *self = data;
  GParamSpec *pspec = g_object_get_data (G_OBJECT (spin), "pspec");
  double value = gtk_spin_button_get_value (spin);

  if (G_IS_PARAM_SPEC_INT (pspec))
    g_object_set (self->model, pspec->name, (int) llround (value), NULL);
  else if (G_IS_PARAM_SPEC_UINT64 (pspec))
    g_object_set (self->model, pspec->name, (guint64) llround (value), NULL);
  else
    g_object_set (self->model, pspec->name, value, NULL);
}

static void
on_enum_changed (AdwComboRow *row,
                 GParamSpec  *pspec_unused,
                 gpointer     data)
{
  SegClusterDialog *self = data;
  GParamSpec *pspec = g_object_get_data (G_OBJECT (row), "pspec");
  GEnumClass *enum_class = G_PARAM_SPEC_ENUM (pspec)->enum_class;
  guint selected = adw_combo_row_get_selected (row);

  if (selected < enum_class->n_values)
    g_object_set (self->model, pspec->name, enum_class->values[selected].value, NULL);
}

static GtkWidget *
param_row (SegClusterDialog *self,
           GParamSpec       *pspec)
{
  const char *blurb = g_param_spec_get_blurb (pspec);
  GtkWidget *row;

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *enum_class = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      g_autoptr(GtkStringList) values = gtk_string_list_new (NULL);
      int current;
      guint selected = 0;

      g_object_get (self->model, pspec->name, &current, NULL);
      for (guint i = 0; i < enum_class->n_values; i++)
        {
          gtk_string_list_append (values, enum_class->values[i].value_nick);
          if (enum_class->values[i].value == current)
            selected = i;
        }
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (values));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_object_set_data (G_OBJECT (row), "pspec", pspec);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_enum_changed), self, 0);
    }
  else
    {
      GtkAdjustment *adjustment;
      GtkWidget *spin;
      double lower, upper, value;
      int digits = 0;

      if (G_IS_PARAM_SPEC_INT (pspec))
        {
          int v;

          g_object_get (self->model, pspec->name, &v, NULL);
          lower = G_PARAM_SPEC_INT (pspec)->minimum;
          upper = G_PARAM_SPEC_INT (pspec)->maximum;
          value = v;
        }
      else if (G_IS_PARAM_SPEC_UINT64 (pspec))
        {
          guint64 v;

          g_object_get (self->model, pspec->name, &v, NULL);
          lower = (double) G_PARAM_SPEC_UINT64 (pspec)->minimum;
          /* A spin button holds doubles: seeds beyond 2^53 stay for the command line. */
          upper = MIN ((double) G_PARAM_SPEC_UINT64 (pspec)->maximum, 9007199254740992.0);
          value = (double) v;
        }
      else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
        {
          double v;

          g_object_get (self->model, pspec->name, &v, NULL);
          lower = G_PARAM_SPEC_DOUBLE (pspec)->minimum;
          upper = MIN (G_PARAM_SPEC_DOUBLE (pspec)->maximum, 1e12);
          value = v;
          digits = v != 0 && fabs (v) < 0.01 ? 6 : 3;
        }
      else
        return NULL;

      adjustment = gtk_adjustment_new (value, lower, upper,
                                       digits == 6 ? 1e-5 : digits == 3 ? 0.05 : 1,
                                       digits > 0 ? 1 : 10, 0);
      spin = gtk_spin_button_new (adjustment, 1, (guint) digits);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (spin), "pspec", pspec);
      g_signal_connect_object (spin, "notify::value", G_CALLBACK (on_spin_changed), self, 0);
      row = adw_action_row_new ();
      if (g_str_equal (pspec->name, "eps"))
        {
          GtkWidget *suggest = gtk_button_new_with_label (_("From the Data"));

          gtk_widget_set_valign (suggest, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (suggest, _("Set eps where the distances to each row’s nearest neighbours bend upwards"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (suggest), "cluster.suggest-eps");
          gtk_widget_add_css_class (suggest, "flat");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), suggest);
          self->eps_spin = GTK_SPIN_BUTTON (spin);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      g_object_set_data (G_OBJECT (row), "spin", spin);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_param_spec_get_nick (pspec));
  if (blurb != NULL)
    {
      if (ADW_IS_ACTION_ROW (row))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), blurb);
      else
        gtk_widget_set_tooltip_text (row, blurb);
    }
  g_object_set_data (G_OBJECT (row), "param", (gpointer) pspec->name);
  return row;
}

static void
rebuild_params (SegClusterDialog *self)
{
  guint n_types = 0;
  g_autofree GType *types = seg_model_list_types (SEG_MODEL_KIND_SEGMENTATION, &n_types);
  guint selected = adw_combo_row_get_selected (self->algorithm_row);
  g_autoptr(GPtrArray) pspecs = NULL;

  for (guint i = 0; i < self->param_rows->len; i++)
    adw_preferences_group_remove (self->params_group, g_ptr_array_index (self->param_rows, i));
  g_ptr_array_set_size (self->param_rows, 0);
  g_clear_object (&self->model);
  self->eps_spin = NULL;
  if (selected >= n_types)
    return;

  self->model = g_object_new (types[selected], NULL);
  /* The preparation the form asks for itself; the algorithm's own
   * parameters here. */
  pspecs = seg_model_list_params (self->model);
  for (guint i = 0; i < pspecs->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (pspecs, i);
      GtkWidget *row;

      if (pspec->owner_type == SEG_TYPE_CLUSTER_MODEL)
        continue;
      row = param_row (self, pspec);
      if (row == NULL)
        continue;
      adw_preferences_group_add (self->params_group, row);
      g_ptr_array_add (self->param_rows, row);
    }
}

static void
on_table_changed (AdwComboRow      *row,
                  GParamSpec       *pspec,
                  SegClusterDialog *self)
{
  rebuild_columns (self);
}

static void
on_algorithm_changed (AdwComboRow      *row,
                      GParamSpec       *pspec,
                      SegClusterDialog *self)
{
  rebuild_params (self);
}

/* Running ------------------------------------------------------------------ */

static GStrv
checked_columns (SegClusterDialog *self,
                 const char       *check)
{
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->column_rows, i);
      GtkCheckButton *use = g_object_get_data (row, "use");
      GtkCheckButton *button = g_object_get_data (row, check);

      if (gtk_check_button_get_active (use) && gtk_check_button_get_active (button) &&
          gtk_widget_get_sensitive (GTK_WIDGET (button)))
        g_strv_builder_add (columns, g_object_get_data (row, "column"));
    }
  return g_strv_builder_end (columns);
}

GStrv
seg_cluster_dialog_get_columns (SegClusterDialog *self)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_DIALOG (self), NULL);

  return checked_columns (self, "use");
}

GStrv
seg_cluster_dialog_get_log_columns (SegClusterDialog *self)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_DIALOG (self), NULL);

  return checked_columns (self, "log");
}

/* What the form says to prepare: the table, its columns, those to log
 * and how to scale and fill; FALSE, with a toast, when nothing is ticked. */
static gboolean
read_form (SegClusterDialog *self,
           const char      **table,
           GStrv            *columns,
           GStrv            *logs,
           SegPrepOptions   *prep)
{
  *table = gtk_string_list_get_string (self->tables, adw_combo_row_get_selected (self->table_row));
  if (*table == NULL || self->model == NULL)
    return FALSE;
  *columns = seg_cluster_dialog_get_columns (self);
  if ((*columns)[0] == NULL)
    {
      g_clear_pointer (columns, g_strfreev);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Choose at least one column to compare rows by")));
      return FALSE;
    }
  *logs = seg_cluster_dialog_get_log_columns (self);
  prep->scale = scales[MIN (adw_combo_row_get_selected (self->scale_row), G_N_ELEMENTS (scales) - 1)];
  prep->impute = imputes[MIN (adw_combo_row_get_selected (self->impute_row), G_N_ELEMENTS (imputes) - 1)];
  prep->log_columns = (*logs)[0] != NULL ? (const char *const *) *logs : NULL;
  return TRUE;
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SegClusterDialog *self = SEG_CLUSTER_DIALOG (widget);
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) logs = NULL;
  g_autoptr(SegRun) run = NULL;
  const char *table;
  SegPrepOptions prep;

  if (!read_form (self, &table, &columns, &logs, &prep))
    return;
  if (self->page == NULL || seg_segments_page_get_busy (self->page))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Another segmentation is still running")));
      return;
    }

  seg_cluster_model_set_prep (SEG_CLUSTER_MODEL (self->model), &prep);
  run = seg_run_new (self->project, self->model, table, (const char *const *) columns);
  seg_segments_page_start (self->page, run);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* DBSCAN's eps from the data --------------------------------------------- */

typedef struct
{
  SegProject     *project;
  char           *table;
  GStrv           columns;
  GStrv           logs;
  SegPrepOptions  prep;
  int             min_points;
} EpsJob;

static void
eps_job_free (EpsJob *job)
{
  g_object_unref (job->project);
  g_free (job->table);
  g_strfreev (job->columns);
  g_strfreev (job->logs);
  g_free (job);
}

static void
eps_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  EpsJob *job = data;
  GError *error = NULL;
  SegKDistance *curve;

  job->prep.log_columns = job->logs[0] != NULL ? (const char *const *) job->logs : NULL;
  curve = seg_project_k_distance (job->project, job->table, (const char *const *) job->columns, &job->prep,
                                  job->min_points, NULL, &error);
  if (curve == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, curve, (GDestroyNotify) seg_k_distance_free);
}

static void
on_eps_found (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SegClusterDialog *self = SEG_CLUSTER_DIALOG (source);
  g_autoptr(SegKDistance) curve = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  curve = g_task_propagate_pointer (G_TASK (result), &error);
  self->finding_eps = FALSE;
  /* Closed meanwhile: nothing left to fill in. */
  if (self->toasts == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cluster.suggest-eps", TRUE);
  if (curve == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (self->eps_spin != NULL && curve->eps > 0)
    {
      gtk_spin_button_set_value (self->eps_spin, curve->eps);
      message = g_strdup_printf (_("eps %.3g: where the distances to each row’s neighbours bend upwards"), curve->eps);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
    }
}

static void
suggest_eps_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SegClusterDialog *self = SEG_CLUSTER_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) logs = NULL;
  const char *table;
  SegPrepOptions prep;
  EpsJob *job;

  if (self->finding_eps || !read_form (self, &table, &columns, &logs, &prep))
    return;

  job = g_new0 (EpsJob, 1);
  job->project = g_object_ref (self->project);
  job->table = g_strdup (table);
  job->columns = g_steal_pointer (&columns);
  job->logs = g_steal_pointer (&logs);
  job->prep = prep;
  job->prep.log_columns = NULL;
  g_object_get (self->model, "min-points", &job->min_points, NULL);

  self->finding_eps = TRUE;
  gtk_widget_action_set_enabled (widget, "cluster.suggest-eps", FALSE);
  task = g_task_new (self, NULL, on_eps_found, NULL);
  g_task_set_source_tag (task, suggest_eps_action);
  g_task_set_task_data (task, job, (GDestroyNotify) eps_job_free);
  g_task_run_in_thread (task, eps_thread);
}

gboolean
seg_cluster_dialog_get_finding_eps (SegClusterDialog *self)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_DIALOG (self), FALSE);

  return self->finding_eps;
}

/**
 * seg_cluster_dialog_get_param:
 * @name: a parameter of the chosen algorithm
 *
 * Returns: the value its spin button shows, or NAN
 */
double
seg_cluster_dialog_get_param (SegClusterDialog *self,
                              const char       *name)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_DIALOG (self), NAN);

  for (guint i = 0; i < self->param_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->param_rows, i);
      GtkSpinButton *spin = g_object_get_data (row, "spin");

      if (spin != NULL && g_strcmp0 (g_object_get_data (row, "param"), name) == 0)
        return gtk_spin_button_get_value (spin);
    }
  return NAN;
}

gboolean
seg_cluster_dialog_set_table (SegClusterDialog *self,
                              const char       *table)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_DIALOG (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tables)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->tables, i), table) == 0)
      {
        adw_combo_row_set_selected (self->table_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
seg_cluster_dialog_set_algorithm (SegClusterDialog *self,
                                  const char       *id)
{
  guint n_types = 0;
  g_autofree GType *types = seg_model_list_types (SEG_MODEL_KIND_SEGMENTATION, &n_types);

  g_return_val_if_fail (SEG_IS_CLUSTER_DIALOG (self), FALSE);

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(SegModel) model = g_object_new (types[i], NULL);

      if (g_str_equal (seg_model_get_id (model), id))
        {
          adw_combo_row_set_selected (self->algorithm_row, i);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * seg_cluster_dialog_get_model:
 *
 * Returns: (transfer none): the model the form edits
 */
SegModel *
seg_cluster_dialog_get_model (SegClusterDialog *self)
{
  g_return_val_if_fail (SEG_IS_CLUSTER_DIALOG (self), NULL);

  return self->model;
}

/* Building ---------------------------------------------------------------- */

static void
build (SegClusterDialog *self)
{
  const char *scale_names[] = { _("Standardize"), _("Robust: median and quartiles"), _("Min–max"), _("None"), NULL };
  const char *impute_names[] = { _("Fill with the median"), _("Fill with the mean"), _("Leave the row out"), NULL };
  g_autoptr(GPtrArray) tables = seg_project_list_tables (self->project, NULL);
  g_autoptr(GtkStringList) algorithms = gtk_string_list_new (NULL);
  g_autofree GType *types = NULL;
  g_autoptr(GtkStringList) scale_list = NULL;
  g_autoptr(GtkStringList) impute_list = NULL;
  GtkWidget *page, *group;
  guint n_types = 0, chosen = 0;

  page = GTK_WIDGET (seg_form_setup (ADW_WINDOW (self), _("New Segmentation"), 560, 720,
                                     _("_Find Segments"), "cluster.run", &self->toasts));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Rows"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The table whose rows to group, such as the RFM scores of your customers."));
  self->tables = gtk_string_list_new (NULL);
  for (guint i = 0; tables != NULL && i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);

      gtk_string_list_append (self->tables, info->name);
      if (g_ascii_strcasecmp (info->name, "rfm") == 0)
        chosen = i;
    }
  self->table_row = seg_form_combo_row (_("Table"), NULL, G_LIST_MODEL (self->tables));
  adw_combo_row_set_selected (self->table_row, chosen);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->table_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->columns_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->columns_group, _("Columns"));
  adw_preferences_group_set_description (self->columns_group,
                                         _("What to compare rows by. Tick Log for skewed amounts, so that a few big spenders do not outweigh everyone else."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->columns_group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Preparation"));
  scale_list = gtk_string_list_new (scale_names);
  impute_list = gtk_string_list_new (impute_names);
  self->scale_row = seg_form_combo_row (_("Scaling"), _("Brings the columns to comparable ranges"),
                                        G_LIST_MODEL (scale_list));
  self->impute_row = seg_form_combo_row (_("Missing numbers"), NULL, G_LIST_MODEL (impute_list));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->scale_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->impute_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->params_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->params_group, _("Algorithm"));
  types = seg_model_list_types (SEG_MODEL_KIND_SEGMENTATION, &n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(SegModel) model = g_object_new (types[i], NULL);

      gtk_string_list_append (algorithms, seg_model_get_title (model));
    }
  self->algorithm_row = seg_form_combo_row (_("Method"), NULL, G_LIST_MODEL (algorithms));
  adw_preferences_group_add (self->params_group, GTK_WIDGET (self->algorithm_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->params_group);

  rebuild_columns (self);
  rebuild_params (self);
  g_signal_connect_object (self->table_row, "notify::selected", G_CALLBACK (on_table_changed), self, 0);
  g_signal_connect_object (self->algorithm_row, "notify::selected", G_CALLBACK (on_algorithm_changed), self, 0);
}

static void
seg_cluster_dialog_dispose (GObject *object)
{
  SegClusterDialog *self = SEG_CLUSTER_DIALOG (object);

  g_clear_weak_pointer (&self->page);
  self->eps_spin = NULL;
  self->toasts = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->project);
  g_clear_object (&self->tables);

  G_OBJECT_CLASS (seg_cluster_dialog_parent_class)->dispose (object);
}

static void
seg_cluster_dialog_finalize (GObject *object)
{
  SegClusterDialog *self = SEG_CLUSTER_DIALOG (object);

  g_ptr_array_unref (self->column_rows);
  g_ptr_array_unref (self->param_rows);

  G_OBJECT_CLASS (seg_cluster_dialog_parent_class)->finalize (object);
}

static void
seg_cluster_dialog_class_init (SegClusterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seg_cluster_dialog_dispose;
  object_class->finalize = seg_cluster_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "cluster.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "cluster.suggest-eps", NULL, suggest_eps_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
seg_cluster_dialog_init (SegClusterDialog *self)
{
  self->column_rows = g_ptr_array_new ();
  self->param_rows = g_ptr_array_new ();
}

/**
 * seg_cluster_dialog_new:
 * @page: where the run goes once started
 *
 * Returns: (transfer none): the form for a new segmentation, which GTK
 *   keeps until it is closed
 */
SegClusterDialog *
seg_cluster_dialog_new (GtkWindow       *parent,
                        SegProject      *project,
                        SegSegmentsPage *page)
{
  SegClusterDialog *self = g_object_new (SEG_TYPE_CLUSTER_DIALOG, "transient-for", parent, NULL);

  self->project = g_object_ref (project);
  g_set_weak_pointer (&self->page, page);
  build (self);
  return self;
}
