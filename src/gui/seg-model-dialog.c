/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-model-dialog.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "seg-cluster-model.h"
#include "seg-enums.h"
#include "seg-model-choices.h"
#include "seg-param-row.h"
#include "seg-run.h"

/*
 * One dialog for every kind of model. It knows no algorithm: the rows
 * come from the chosen model's inputs and parameters (their GParamSpecs
 * give the title, the help, the range and the default), the model holds
 * what the rows show, and seg_model_check_roles () says whether the
 * choices can run. What a first run should use is proposed by
 * seg-model-choices.c.
 */

struct _SegModelDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toasts;
  AdwComboRow          *algorithm_row;
  AdwPreferencesGroup  *inputs_group;
  GtkLabel             *message_label;
  AdwPreferencesGroup  *params_group;
  GtkWidget            *suggest_button;
  AdwExpanderRow       *advanced_row;

  SegProject           *project;
  SegSession           *session;       /* nullable: the segment in use */
  SegModelKind          kind;
  GType                *types;
  guint                 n_types;
  SegModel             *model;
  gulong                notify_handler;
  GPtrArray            *tables;        /* of SegTableInfo */
  SegTableInfo         *table;         /* the chosen one, in @tables */
  GtkStringList        *table_names;
  GtkWidget            *table_row;     /* nullable: the model's table input */
  GtkDropDown          *table_drop;
  GPtrArray            *input_rows;    /* the rows of column inputs */
  GPtrArray            *param_rows;
  GPtrArray            *advanced_rows;
  GHashTable           *rows;          /* property name → row */
  char                 *message;
  GCancellable         *suggesting;
  gboolean              syncing;
  gboolean              recalling;
  guint                 recall_source; /* recalling after a change of table */
};

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_KIND,
  N_PROPS
};

enum {
  RUN_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SegModelDialog, seg_model_dialog, ADW_TYPE_WINDOW)

static void refresh (SegModelDialog *self);
static void recall_choices (SegModelDialog *self);

static gboolean
recall_later (gpointer data)
{
  SegModelDialog *self = data;

  self->recall_source = 0;
  recall_choices (self);
  return G_SOURCE_REMOVE;
}

static const char *
kind_title (SegModelKind kind)
{
  switch (kind)
    {
    case SEG_MODEL_KIND_SEGMENTATION: return _("New Segmentation");
    case SEG_MODEL_KIND_RECOMMENDATION: return _("New Recommendations");
    case SEG_MODEL_KIND_CLASSIFICATION: return _("New Prediction");
    case SEG_MODEL_KIND_REGRESSION: return _("New Estimate");
    case SEG_MODEL_KIND_LIFETIME: return _("New Lifetime Value");
    case SEG_MODEL_KIND_RULES: return _("New Bundles");
    case SEG_MODEL_KIND_TEST: return _("New Campaign Test");
    default: return "";
    }
}

static void
remove_rows (GPtrArray *rows,
             GtkWidget *parent)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (ADW_IS_EXPANDER_ROW (parent))
        adw_expander_row_remove (ADW_EXPANDER_ROW (parent), row);
      else
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (parent), row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GParamSpec *
row_pspec (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "pspec");
}

/* Inputs ---------------------------------------------------------------- */

static void
on_segment_chosen (AdwComboRow    *row,
                   GParamSpec     *unused,
                   SegModelDialog *self)
{
  GPtrArray *names = g_object_get_data (G_OBJECT (row), "names");
  GParamSpec *pspec = g_object_get_data (G_OBJECT (row), "pspec");
  guint selected = adw_combo_row_get_selected (row);

  g_object_set (self->model, pspec->name,
                selected > 0 && selected <= names->len ? g_ptr_array_index (names, selected - 1) : NULL, NULL);
}

/* Whose rows the model reads: every customer, or a saved segment's. */
static GtkWidget *
segment_row (SegModelDialog *self,
             GParamSpec     *pspec)
{
  GListModel *segments = seg_project_get_segments (self->project);
  gint64 hidden = self->session != NULL ? seg_session_get_hidden_segment (self->session) : 0;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = NULL;
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;

  g_object_get (self->model, pspec->name, &current, NULL);
  gtk_string_list_append (labels, _("All customers"));
  for (guint i = 0; i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(SegSegment) segment = g_list_model_get_item (segments, i);
      const char *name = seg_segment_get_name (segment);
      gint64 size = seg_segment_get_size (segment);
      g_autofree char *label = NULL;

      if (seg_segment_get_id (segment) == hidden)
        continue;
      /* Translators: a saved segment's name and how many customers it has. */
      label = g_strdup_printf (_("%s (%'" PRId64 ")"), name, size);
      gtk_string_list_append (labels, label);
      g_ptr_array_add (names, g_strdup (name));
      if (current != NULL && g_ascii_strcasecmp (current, name) == 0)
        selected = names->len;
    }
  /* A segment gone since it was chosen is no choice. */
  if (selected == 0 && current != NULL)
    g_object_set (self->model, pspec->name, NULL, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_param_spec_get_nick (pspec));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_param_spec_get_blurb (pspec));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  gtk_widget_set_sensitive (row, names->len > 0);
  g_object_set_data (G_OBJECT (row), "pspec", pspec);
  g_object_set_data_full (G_OBJECT (row), "names", names, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_segment_chosen), self, 0);

  return row;
}

/* The rows of the column inputs, for the chosen table. */
static void
rebuild_inputs (SegModelDialog *self)
{
  g_autoptr(GPtrArray) roles = NULL;

  remove_rows (self->input_rows, GTK_WIDGET (self->inputs_group));
  if (self->model == NULL || self->table == NULL)
    return;

  /* Whose rows comes right under the table, before its columns. */
  roles = seg_model_list_roles (self->model);
  for (guint n = 0; n < 2 * roles->len; n++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, n % roles->len);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);
      gboolean first_pass = n < roles->len;
      GtkWidget *row;

      if ((role->kind == SEG_ROLE_SEGMENT) != first_pass)
        continue;
      if (role->kind == SEG_ROLE_COLUMN)
        row = seg_param_row_new_column (G_OBJECT (self->model), pspec, self->table);
      else if (role->kind == SEG_ROLE_COLUMNS)
        row = seg_param_row_new_columns (G_OBJECT (self->model), pspec, self->table);
      else if (role->kind == SEG_ROLE_SEGMENT)
        row = segment_row (self, pspec);
      else
        continue;

      adw_preferences_group_add (self->inputs_group, row);
      g_ptr_array_add (self->input_rows, row);
      g_hash_table_insert (self->rows, (gpointer) pspec->name, row);
    }
}

/* The chosen table's catalog record, or NULL. */
static SegTableInfo *
chosen_table (SegModelDialog *self)
{
  guint selected;

  if (self->table_row == NULL)
    return NULL;
  selected = gtk_drop_down_get_selected (self->table_drop);

  return selected < self->tables->len ? g_ptr_array_index (self->tables, selected) : NULL;
}

static void
on_table_selected (GtkDropDown    *drop,
                   GParamSpec     *unused,
                   SegModelDialog *self)
{
  self->table = chosen_table (self);

  self->syncing = TRUE;
  g_object_set (self->model, "table", self->table != NULL ? self->table->name : NULL, NULL);
  if (self->table != NULL)
    seg_model_choices_apply (self->model, self->table);
  rebuild_inputs (self);
  self->syncing = FALSE;
  refresh (self);
  /* Recalling may change the algorithm, which rebuilds the table's
   * drop-down: not while it tells of its change. */
  g_clear_handle_id (&self->recall_source, g_source_remove);
  self->recall_source = g_idle_add (recall_later, self);
}

static void
build_table_row (SegModelDialog *self)
{
  g_autoptr(GPtrArray) roles = seg_model_list_roles (self->model);
  const char *current = seg_model_get_table (self->model);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_assert (self->table_row == NULL);
  for (guint i = 0; i < roles->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, i);

      if (seg_param_spec_get_role (pspec)->kind != SEG_ROLE_TABLE)
        continue;
      self->table_row = adw_action_row_new ();
      self->table_drop = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->table_names)), NULL));
      gtk_widget_set_valign (GTK_WIDGET (self->table_drop), GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (GTK_WIDGET (self->table_drop), "flat");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->table_row), g_param_spec_get_nick (pspec));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->table_row), g_param_spec_get_blurb (pspec));
      adw_action_row_add_suffix (ADW_ACTION_ROW (self->table_row), GTK_WIDGET (self->table_drop));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->table_row), GTK_WIDGET (self->table_drop));
      g_object_set_data (G_OBJECT (self->table_row), "pspec", pspec);
      g_object_set_data (G_OBJECT (self->table_row), "editor", self->table_drop);
      adw_preferences_group_add (self->inputs_group, self->table_row);
      g_hash_table_insert (self->rows, (gpointer) pspec->name, self->table_row);
      break;
    }
  if (self->table_row == NULL)
    return;

  for (guint i = 0; current != NULL && i < self->tables->len; i++)
    if (g_str_equal (((SegTableInfo *) g_ptr_array_index (self->tables, i))->name, current))
      selected = i;
  if (selected == GTK_INVALID_LIST_POSITION && self->tables->len > 0)
    selected = seg_model_choices_table (self->model, self->tables);
  gtk_drop_down_set_selected (self->table_drop, selected);
  g_signal_connect_object (self->table_drop, "notify::selected", G_CALLBACK (on_table_selected), self, 0);
}

/* Greys out the columns a list cannot take given the other inputs. */
static void
sync_inputs (SegModelDialog *self)
{
  for (guint i = 0; i < self->input_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->input_rows, i);
      GParamSpec *pspec = row_pspec (row);
      g_auto(GStrv) columns = NULL;

      if (!ADW_IS_EXPANDER_ROW (row))
        continue;
      columns = seg_param_row_get_choices (row);
      for (guint c = 0; columns[c] != NULL; c++)
        seg_param_row_set_usable (row, columns[c], seg_model_choices_usable (self->model, pspec, columns[c]));
    }
}

/* Parameters ------------------------------------------------------------ */

static void
rebuild_params (SegModelDialog *self)
{
  g_autoptr(GPtrArray) params = seg_model_list_params (self->model);

  remove_rows (self->param_rows, GTK_WIDGET (self->params_group));
  remove_rows (self->advanced_rows, GTK_WIDGET (self->advanced_row));

  for (guint i = 0; i < params->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (params, i);
      GtkWidget *row = seg_param_row_new (G_OBJECT (self->model), pspec);

      if (row == NULL)
        continue;
      /* The seed only repeats a run: it is never a first choice. */
      if (seg_param_spec_is_advanced (pspec) || g_str_equal (pspec->name, "seed"))
        {
          adw_expander_row_add_row (self->advanced_row, row);
          g_ptr_array_add (self->advanced_rows, row);
        }
      else
        {
          adw_preferences_group_add (self->params_group, row);
          g_ptr_array_add (self->param_rows, row);
        }
      g_hash_table_insert (self->rows, (gpointer) pspec->name, row);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->advanced_row))),
                          self->advanced_rows->len > 0);
}


/* Checking and syncing ---------------------------------------------------- */

/* The core names an input as its command-line option; here it goes by
 * the title of its row. */
static char *
readable_message (SegModelDialog *self,
                  const char     *message)
{
  const char *colon = strstr (message, ": ");
  g_autofree char *name = NULL;
  GParamSpec *pspec;

  if (!g_str_has_prefix (message, "--") || colon == NULL || self->model == NULL)
    return g_strdup (message);
  name = g_strndup (message + 2, colon - message - 2);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self->model), name);
  if (pspec == NULL)
    return g_strdup (message);

  /* TRANSLATORS: an option's title, then what is wrong with it. */
  return g_strdup_printf (_("%s: %s"), g_param_spec_get_nick (pspec), colon + 2);
}

static void
update_actions (SegModelDialog *self)
{
  gboolean can_suggest = self->model != NULL && SEG_IS_CLUSTER_MODEL (self->model) &&
                         seg_cluster_model_can_suggest (SEG_CLUSTER_MODEL (self->model));
  gboolean can_run = self->model != NULL && self->message == NULL;

  gtk_widget_set_visible (self->suggest_button, can_suggest);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "model.suggest",
                                 can_suggest && can_run && self->suggesting == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "model.run", can_run);
}

/* After any change: tidies the inputs, shows the model in the rows and
 * says under the inputs what keeps it from running. */
static void
refresh (SegModelDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->model == NULL)
    return;

  self->syncing = TRUE;
  seg_model_choices_tidy (self->model);
  sync_inputs (self);
  self->syncing = FALSE;

  g_clear_pointer (&self->message, g_free);
  if (self->table_row != NULL && self->table == NULL)
    self->message = g_strdup (_("The project has no table yet: import one on the Data page first."));
  else if (self->table != NULL && !seg_model_check_roles (self->model, self->table, &error))
    self->message = readable_message (self, error->message);
  gtk_label_set_label (self->message_label, self->message != NULL ? self->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), self->message != NULL);
  update_actions (self);
}

static void
on_model_notify (SegModel       *model,
                 GParamSpec     *pspec,
                 SegModelDialog *self)
{
  refresh (self);
}

/* Algorithms -------------------------------------------------------------- */

/* Copies the inputs @to shares with @from, so that changing the
 * algorithm keeps the columns someone chose. */
static void
carry_inputs (SegModel *from,
              SegModel *to)
{
  g_autoptr(GPtrArray) roles = seg_model_list_roles (to);

  for (guint i = 0; i < roles->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, i);
      GParamSpec *old = g_object_class_find_property (G_OBJECT_GET_CLASS (from), pspec->name);
      g_auto(GValue) value = G_VALUE_INIT;

      if (old == NULL || seg_param_spec_get_role (old) == NULL ||
          G_PARAM_SPEC_VALUE_TYPE (old) != G_PARAM_SPEC_VALUE_TYPE (pspec))
        continue;
      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (G_OBJECT (from), pspec->name, &value);
      g_object_set_property (G_OBJECT (to), pspec->name, &value);
    }
}

static void
cancel_suggestion (SegModelDialog *self)
{
  if (self->suggesting != NULL)
    g_cancellable_cancel (self->suggesting);
  g_clear_object (&self->suggesting);
}

static void
choose_algorithm (SegModelDialog *self,
                  guint           index)
{
  g_autoptr(SegModel) old = g_steal_pointer (&self->model);

  if (old != NULL)
    g_clear_signal_handler (&self->notify_handler, old);
  cancel_suggestion (self);
  g_hash_table_remove_all (self->rows);
  remove_rows (self->input_rows, GTK_WIDGET (self->inputs_group));
  if (self->table_row != NULL)
    adw_preferences_group_remove (self->inputs_group, self->table_row);
  self->table_row = NULL;
  self->table_drop = NULL;
  self->table = NULL;
  if (index >= self->n_types)
    {
      remove_rows (self->param_rows, GTK_WIDGET (self->params_group));
      remove_rows (self->advanced_rows, GTK_WIDGET (self->advanced_row));
      update_actions (self);
      return;
    }

  self->model = g_object_new (self->types[index], NULL);
  self->syncing = TRUE;
  if (old != NULL && seg_model_get_table (old) != NULL &&
      g_object_class_find_property (G_OBJECT_GET_CLASS (self->model), "table") != NULL)
    g_object_set (self->model, "table", seg_model_get_table (old), NULL);
  build_table_row (self);
  self->table = chosen_table (self);
  if (self->table != NULL)
    {
      g_object_set (self->model, "table", self->table->name, NULL);
      seg_model_choices_apply (self->model, self->table);
      if (old != NULL)
        carry_inputs (old, self->model);
    }
  rebuild_inputs (self);
  rebuild_params (self);
  self->syncing = FALSE;

  self->notify_handler = g_signal_connect_object (self->model, "notify", G_CALLBACK (on_model_notify), self, 0);
  refresh (self);
}

static void
on_algorithm_selected (AdwComboRow    *row,
                       GParamSpec     *unused,
                       SegModelDialog *self)
{
  choose_algorithm (self, adw_combo_row_get_selected (row));
}

/* The choices made last time for this table, in the project: the same
 * algorithm, columns and parameters, ready to run again or adjust. */
static void
recall_choices (SegModelDialog *self)
{
  g_autoptr(SegModel) remembered = NULL;
  g_autoptr(JsonNode) roles = NULL;
  g_autoptr(JsonNode) params = NULL;
  g_autoptr(GError) error = NULL;

  if (self->recalling || self->table == NULL || self->model == NULL)
    return;
  remembered = seg_project_recall_model (self->project, self->kind, self->table->name);
  if (remembered == NULL)
    return;

  self->recalling = TRUE;
  for (guint i = 0; i < self->n_types; i++)
    if (self->types[i] == G_OBJECT_TYPE (remembered))
      {
        if (adw_combo_row_get_selected (self->algorithm_row) != i)
          adw_combo_row_set_selected (self->algorithm_row, i);
        /* While the dialog is built, the row does not yet tell. */
        if (G_OBJECT_TYPE (self->model) != self->types[i])
          choose_algorithm (self, i);
      }

  if (G_OBJECT_TYPE (self->model) == G_OBJECT_TYPE (remembered))
    {
      roles = seg_model_roles_to_json (remembered);
      params = seg_model_params_to_json (remembered);
      self->syncing = TRUE;
      if (!seg_model_roles_from_json (self->model, json_node_get_object (roles), &error) ||
          !seg_model_params_from_json (self->model, json_node_get_object (params), &error))
        g_debug ("Could not recall the last choices: %s", error->message);
      rebuild_inputs (self);
      rebuild_params (self);
      self->syncing = FALSE;
      refresh (self);
    }
  self->recalling = FALSE;
}

/* Actions ------------------------------------------------------------------ */

static void
on_suggested (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(SegModelDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *message = NULL;

  explanation = seg_cluster_model_suggest_finish (SEG_CLUSTER_MODEL (source), result, &error);
  /* Cancelled when the dialog closed or the algorithm changed: whoever
   * cancelled has let the suggestion go. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->suggesting);
  update_actions (self);
  message = explanation != NULL ? g_steal_pointer (&explanation) : readable_message (self, error->message);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
suggest_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (widget);

  if (self->suggesting != NULL || self->message != NULL || !SEG_IS_CLUSTER_MODEL (self->model) ||
      !seg_cluster_model_can_suggest (SEG_CLUSTER_MODEL (self->model)))
    return;

  self->suggesting = g_cancellable_new ();
  seg_cluster_model_suggest_async (SEG_CLUSTER_MODEL (self->model), self->project, self->suggesting,
                                   on_suggested, g_object_ref (self));
  update_actions (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (widget);
  g_autoptr(SegRun) run = NULL;

  if (self->model == NULL || self->message != NULL)
    return;

  /* Next time, the form opens on this table with these choices. */
  {
    g_autoptr(GError) error = NULL;

    if (!seg_project_remember_model (self->project, self->model, &error))
      g_debug ("Could not keep the choices: %s", error->message);
  }
  run = seg_run_new_for_model (self->project, self->model);
  g_signal_emit (self, signals[RUN_REQUESTED], 0, run);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Accessors -------------------------------------------------------------- */

SegModelKind
seg_model_dialog_get_kind (SegModelDialog *self)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), SEG_MODEL_KIND_SEGMENTATION);

  return self->kind;
}

/**
 * seg_model_dialog_set_session:
 * @session: the window's session
 *
 * Proposes the session's segment in use as the model's customers, and
 * leaves out a segment deleted while Undo is on offer.
 */
void
seg_model_dialog_set_session (SegModelDialog *self,
                              SegSession     *session)
{
  SegSegment *segment;

  g_return_if_fail (SEG_IS_MODEL_DIALOG (self));
  g_return_if_fail (session == NULL || SEG_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  segment = session != NULL ? seg_session_get_segment (session) : NULL;
  if (self->model != NULL && segment != NULL &&
      g_object_class_find_property (G_OBJECT_GET_CLASS (self->model), "segment") != NULL)
    g_object_set (self->model, "segment", seg_segment_get_name (segment), NULL);
  self->syncing = TRUE;
  rebuild_inputs (self);
  self->syncing = FALSE;
  refresh (self);
}

gboolean
seg_model_dialog_set_table (SegModelDialog *self,
                            const char     *table)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), FALSE);

  for (guint i = 0; self->table_row != NULL && i < self->tables->len; i++)
    if (g_strcmp0 (((SegTableInfo *) g_ptr_array_index (self->tables, i))->name, table) == 0)
      {
        gtk_drop_down_set_selected (self->table_drop, i);
        /* The drop-down has told of its change: recall at once. */
        if (self->recall_source != 0)
          {
            g_clear_handle_id (&self->recall_source, g_source_remove);
            recall_choices (self);
          }
        return TRUE;
      }

  return FALSE;
}

gboolean
seg_model_dialog_set_algorithm (SegModelDialog *self,
                                const char     *id)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), FALSE);

  for (guint i = 0; i < self->n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (self->types[i]);

      if (g_strcmp0 (SEG_MODEL_CLASS (klass)->id, id) == 0)
        {
          adw_combo_row_set_selected (self->algorithm_row, i);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * seg_model_dialog_get_model:
 *
 * Returns: (transfer none) (nullable): the model the rows edit
 */
SegModel *
seg_model_dialog_get_model (SegModelDialog *self)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), NULL);

  return self->model;
}

/**
 * seg_model_dialog_get_row:
 * @name: an input or parameter of the chosen model
 *
 * Returns: (transfer none) (nullable): the row that shows it
 */
GtkWidget *
seg_model_dialog_get_row (SegModelDialog *self,
                          const char     *name)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), NULL);

  return g_hash_table_lookup (self->rows, name);
}

/**
 * seg_model_dialog_get_offered:
 * @name: a column input of the chosen model
 *
 * Returns: (transfer full) (nullable): the columns its row offers
 */
GStrv
seg_model_dialog_get_offered (SegModelDialog *self,
                              const char     *name)
{
  GtkWidget *row;

  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), NULL);

  row = g_hash_table_lookup (self->rows, name);
  if (row == NULL || g_ptr_array_find (self->input_rows, row, NULL) == FALSE)
    return NULL;
  return seg_param_row_get_choices (row);
}

/**
 * seg_model_dialog_get_param:
 * @name: a number parameter of the chosen model
 *
 * Returns: the value its spin button shows, or NAN
 */
double
seg_model_dialog_get_param (SegModelDialog *self,
                            const char     *name)
{
  GtkWidget *row;
  GtkWidget *editor;

  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), NAN);

  row = g_hash_table_lookup (self->rows, name);
  editor = row != NULL ? seg_param_row_get_editor (row) : NULL;

  return GTK_IS_SPIN_BUTTON (editor) ? gtk_spin_button_get_value (GTK_SPIN_BUTTON (editor)) : NAN;
}

/**
 * seg_model_dialog_get_message:
 *
 * Returns: (nullable): what keeps the choices from running
 */
const char *
seg_model_dialog_get_message (SegModelDialog *self)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), NULL);

  return self->message;
}

gboolean
seg_model_dialog_get_can_run (SegModelDialog *self)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), FALSE);

  return self->model != NULL && self->message == NULL;
}

gboolean
seg_model_dialog_get_suggesting (SegModelDialog *self)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), FALSE);

  return self->suggesting != NULL;
}

/* Object ------------------------------------------------------------------ */

static void
seg_model_dialog_constructed (GObject *object)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (object);
  g_autoptr(GtkStringList) algorithms = gtk_string_list_new (NULL);
  guint first = 0;

  G_OBJECT_CLASS (seg_model_dialog_parent_class)->constructed (object);

  gtk_window_set_title (GTK_WINDOW (self), kind_title (self->kind));

  self->tables = seg_project_list_tables (self->project, NULL);
  if (self->tables == NULL)
    self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_table_info_free);
  for (guint i = 0; i < self->tables->len; i++)
    gtk_string_list_append (self->table_names, ((SegTableInfo *) g_ptr_array_index (self->tables, i))->name);

  self->types = seg_model_list_types (self->kind, &self->n_types);
  for (guint i = 0; i < self->n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (self->types[i]);

      gtk_string_list_append (algorithms, _(SEG_MODEL_CLASS (klass)->title));
    }
  adw_combo_row_set_model (self->algorithm_row, G_LIST_MODEL (algorithms));
  for (guint i = 0; i < self->n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (self->types[i]);

      if (g_strcmp0 (SEG_MODEL_CLASS (klass)->id, seg_model_kind_default_id (self->kind)) == 0)
        first = i;
    }
  adw_combo_row_set_selected (self->algorithm_row, first);
  choose_algorithm (self, first);
  recall_choices (self);
  g_signal_connect_object (self->algorithm_row, "notify::selected", G_CALLBACK (on_algorithm_selected), self, 0);
}

static void
seg_model_dialog_dispose (GObject *object)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (object);

  cancel_suggestion (self);
  g_clear_handle_id (&self->recall_source, g_source_remove);
  if (self->model != NULL)
    g_clear_signal_handler (&self->notify_handler, self->model);
  g_clear_object (&self->model);
  g_clear_object (&self->project);
  g_clear_object (&self->session);
  self->table_row = NULL;
  self->table_drop = NULL;
  self->table = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), SEG_TYPE_MODEL_DIALOG);

  G_OBJECT_CLASS (seg_model_dialog_parent_class)->dispose (object);
}

static void
seg_model_dialog_finalize (GObject *object)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (object);

  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_object (&self->table_names);
  g_clear_pointer (&self->input_rows, g_ptr_array_unref);
  g_clear_pointer (&self->param_rows, g_ptr_array_unref);
  g_clear_pointer (&self->advanced_rows, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->types, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (seg_model_dialog_parent_class)->finalize (object);
}

static void
seg_model_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_model_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_model_dialog_class_init (SegModelDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = seg_model_dialog_constructed;
  object_class->dispose = seg_model_dialog_dispose;
  object_class->finalize = seg_model_dialog_finalize;
  object_class->get_property = seg_model_dialog_get_property;
  object_class->set_property = seg_model_dialog_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SEG_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SEG_TYPE_MODEL_KIND, SEG_MODEL_KIND_SEGMENTATION,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SegModelDialog::run-requested:
   * @run: the run of the chosen model, not started
   *
   * Someone asked for the run; the dialog closes right after.
   */
  signals[RUN_REQUESTED] =
    g_signal_new ("run-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SEG_TYPE_RUN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/segmenta/Segmenta/seg-model-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SegModelDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, SegModelDialog, algorithm_row);
  gtk_widget_class_bind_template_child (widget_class, SegModelDialog, inputs_group);
  gtk_widget_class_bind_template_child (widget_class, SegModelDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SegModelDialog, params_group);
  gtk_widget_class_bind_template_child (widget_class, SegModelDialog, suggest_button);
  gtk_widget_class_bind_template_child (widget_class, SegModelDialog, advanced_row);

  gtk_widget_class_install_action (widget_class, "model.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "model.suggest", NULL, suggest_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
seg_model_dialog_init (SegModelDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->table_names = gtk_string_list_new (NULL);
  self->input_rows = g_ptr_array_new ();
  self->param_rows = g_ptr_array_new ();
  self->advanced_rows = g_ptr_array_new ();
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * seg_model_dialog_new:
 * @kind: the kind of model to choose among
 *
 * Returns: (transfer none): the dialog, which GTK keeps until it is closed
 */
SegModelDialog *
seg_model_dialog_new (GtkWindow    *parent,
                      SegProject   *project,
                      SegModelKind  kind)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  return g_object_new (SEG_TYPE_MODEL_DIALOG,
                       "transient-for", parent,
                       "project", project,
                       "kind", kind,
                       NULL);
}
