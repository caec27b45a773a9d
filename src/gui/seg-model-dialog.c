/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-model-dialog.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "seg-cluster-model.h"
#include "seg-enums.h"
#include "seg-model-choices.h"
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
  SegModelKind          kind;
  GType                *types;
  guint                 n_types;
  SegModel             *model;
  gulong                notify_handler;
  GPtrArray            *tables;        /* of SegTableInfo */
  SegTableInfo         *table;         /* the chosen one, in @tables */
  GtkStringList        *table_names;
  AdwComboRow          *table_row;     /* nullable: the model's table input */
  GPtrArray            *input_rows;    /* the rows of column inputs */
  GPtrArray            *param_rows;
  GPtrArray            *advanced_rows;
  GHashTable           *rows;          /* property name → row */
  char                 *message;
  GCancellable         *suggesting;
  gboolean              syncing;
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

/* Enum values as people read them, by the enum's type name and the
 * value's nick; others show their nick. */
static const struct
{
  const char *type;
  const char *nick;
  const char *label;
} enum_labels[] = {
  { "SegScale", "standard", N_("Standardize") },
  { "SegScale", "robust", N_("Robust: median and quartiles") },
  { "SegScale", "minmax", N_("Min–max") },
  { "SegScale", "none", N_("None") },
  { "SegImpute", "median", N_("Fill with the median") },
  { "SegImpute", "mean", N_("Fill with the mean") },
  { "SegImpute", "drop", N_("Leave the row out") },
  { "SegLinkage", "ward", N_("Ward: compact groups") },
  { "SegLinkage", "average", N_("Average distance") },
  { "SegLinkage", "complete", N_("Farthest rows") },
  { "SegLinkage", "single", N_("Nearest rows") },
};

static char *
enum_label (GType       type,
            const char *nick)
{
  g_autofree char *label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (enum_labels); i++)
    if (g_str_equal (enum_labels[i].type, g_type_name (type)) && g_str_equal (enum_labels[i].nick, nick))
      return g_strdup (_(enum_labels[i].label));

  label = g_strdelimit (g_strdup (nick), "-_", ' ');
  label[0] = g_ascii_toupper (label[0]);
  return g_steal_pointer (&label);
}

static const char *
column_type_label (SegColumnType type)
{
  switch (type)
    {
    case SEG_COLUMN_TEXT: return _("Text");
    case SEG_COLUMN_INTEGER: return _("Whole numbers");
    case SEG_COLUMN_REAL: return _("Numbers");
    case SEG_COLUMN_BOOLEAN: return _("Yes or no");
    case SEG_COLUMN_DATE: return _("Dates");
    case SEG_COLUMN_DATETIME: return _("Dates and times");
    default: return "";
    }
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
on_column_selected (AdwComboRow    *row,
                    GParamSpec     *unused,
                    SegModelDialog *self)
{
  GPtrArray *names = g_object_get_data (G_OBJECT (row), "names");
  guint selected = adw_combo_row_get_selected (row);

  if (self->syncing || selected >= names->len)
    return;
  g_object_set (self->model, row_pspec (GTK_WIDGET (row))->name, g_ptr_array_index (names, selected), NULL);
}

static void
on_column_toggled (GtkCheckButton *check,
                   SegModelDialog *self)
{
  GParamSpec *pspec = row_pspec (GTK_WIDGET (check));
  const char *column = g_object_get_data (G_OBJECT (check), "column");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) chosen = NULL;

  if (self->syncing)
    return;

  /* The list keeps the order it had; a new column goes last. */
  g_object_get (self->model, pspec->name, &old, NULL);
  for (guint i = 0; old != NULL && old[i] != NULL; i++)
    if (g_ascii_strcasecmp (old[i], column) != 0)
      g_strv_builder_add (builder, old[i]);
  if (gtk_check_button_get_active (check))
    g_strv_builder_add (builder, column);
  chosen = g_strv_builder_end (builder);
  g_object_set (self->model, pspec->name, chosen, NULL);
}

static GtkWidget *
column_row (SegModelDialog *self,
            GParamSpec     *pspec)
{
  const SegRoleInfo *role = seg_param_spec_get_role (pspec);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *row = adw_combo_row_new ();

  if (role->optional)
    {
      gtk_string_list_append (labels, _("(none)"));
      g_ptr_array_add (names, NULL);
    }
  for (guint i = 0; i < self->table->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (self->table->columns, i);

      if (!seg_column_kinds_accept (role->accepts, column->type))
        continue;
      gtk_string_list_append (labels, column->name);
      g_ptr_array_add (names, g_strdup (column->name));
    }
  g_object_set_data_full (G_OBJECT (row), "names", names, (GDestroyNotify) g_ptr_array_unref);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_column_selected), self, 0);

  return row;
}

static GtkWidget *
columns_row (SegModelDialog *self,
             GParamSpec     *pspec)
{
  const SegRoleInfo *role = seg_param_spec_get_role (pspec);
  GtkWidget *row = adw_expander_row_new ();
  GPtrArray *checks = g_ptr_array_new ();
  g_auto(GStrv) chosen = NULL;

  g_object_get (self->model, pspec->name, &chosen, NULL);
  /* The list to fill is open; an optional one opens when it holds
   * something, so that a first run shows what it does. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                 !role->optional || (chosen != NULL && chosen[0] != NULL));
  for (guint i = 0; i < self->table->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (self->table->columns, i);
      GtkWidget *item, *check;

      if (!seg_column_kinds_accept (role->accepts, column->type))
        continue;
      item = adw_action_row_new ();
      check = gtk_check_button_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item), column->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (item), column_type_label (column->type));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (check), "pspec", pspec);
      g_object_set_data_full (G_OBJECT (check), "column", g_strdup (column->name), g_free);
      adw_action_row_add_prefix (ADW_ACTION_ROW (item), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (item), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_column_toggled), self, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), item);
      g_ptr_array_add (checks, check);
    }
  g_object_set_data_full (G_OBJECT (row), "checks", checks, (GDestroyNotify) g_ptr_array_unref);

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

  roles = seg_model_list_roles (self->model);
  for (guint i = 0; i < roles->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, i);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);
      const char *blurb = g_param_spec_get_blurb (pspec);
      GtkWidget *row;

      if (role->kind == SEG_ROLE_COLUMN)
        row = column_row (self, pspec);
      else if (role->kind == SEG_ROLE_COLUMNS)
        row = columns_row (self, pspec);
      else
        continue;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_param_spec_get_nick (pspec));
      if (blurb != NULL && ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), blurb);
      else if (blurb != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), blurb);
      g_object_set_data (G_OBJECT (row), "pspec", pspec);
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
  selected = adw_combo_row_get_selected (self->table_row);

  return selected < self->tables->len ? g_ptr_array_index (self->tables, selected) : NULL;
}

static void
on_table_selected (AdwComboRow    *row,
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
      self->table_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->table_row), g_param_spec_get_nick (pspec));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->table_row), g_param_spec_get_blurb (pspec));
      g_object_set_data (G_OBJECT (self->table_row), "pspec", pspec);
      adw_combo_row_set_model (self->table_row, G_LIST_MODEL (self->table_names));
      adw_preferences_group_add (self->inputs_group, GTK_WIDGET (self->table_row));
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
  adw_combo_row_set_selected (self->table_row, selected);
  g_signal_connect_object (self->table_row, "notify::selected", G_CALLBACK (on_table_selected), self, 0);
}

/* Shows the model's inputs in the rows. */
static void
sync_inputs (SegModelDialog *self)
{
  for (guint i = 0; i < self->input_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->input_rows, i);
      GParamSpec *pspec = row_pspec (row);

      if (ADW_IS_COMBO_ROW (row))
        {
          GPtrArray *names = g_object_get_data (G_OBJECT (row), "names");
          g_autofree char *value = NULL;
          guint selected = GTK_INVALID_LIST_POSITION;

          g_object_get (self->model, pspec->name, &value, NULL);
          for (guint n = 0; n < names->len && selected == GTK_INVALID_LIST_POSITION; n++)
            {
              const char *name = g_ptr_array_index (names, n);

              if ((name == NULL && (value == NULL || *value == '\0')) ||
                  (name != NULL && value != NULL && g_ascii_strcasecmp (name, value) == 0))
                selected = n;
            }
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
        }
      else
        {
          GPtrArray *checks = g_object_get_data (G_OBJECT (row), "checks");
          g_auto(GStrv) chosen = NULL;

          g_object_get (self->model, pspec->name, &chosen, NULL);
          for (guint c = 0; c < checks->len; c++)
            {
              GtkCheckButton *check = g_ptr_array_index (checks, c);
              const char *column = g_object_get_data (G_OBJECT (check), "column");
              gboolean active = FALSE;

              for (guint n = 0; chosen != NULL && chosen[n] != NULL; n++)
                active |= g_ascii_strcasecmp (chosen[n], column) == 0;
              gtk_check_button_set_active (check, active);
              gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW),
                                        seg_model_choices_usable (self->model, pspec, column));
            }
        }
    }
}

/* Parameters ------------------------------------------------------------ */

static void
on_spin_changed (GtkSpinButton  *spin,
                 GParamSpec     *unused,
                 SegModelDialog *self)
{
  GParamSpec *pspec = row_pspec (GTK_WIDGET (spin));
  double value = gtk_spin_button_get_value (spin);

  if (self->syncing)
    return;
  if (G_IS_PARAM_SPEC_INT (pspec))
    g_object_set (self->model, pspec->name, (int) llround (value), NULL);
  else if (G_IS_PARAM_SPEC_UINT64 (pspec))
    g_object_set (self->model, pspec->name, (guint64) llround (value), NULL);
  else
    g_object_set (self->model, pspec->name, value, NULL);
}

static void
on_switch_changed (GtkSwitch      *toggle,
                   GParamSpec     *unused,
                   SegModelDialog *self)
{
  if (!self->syncing)
    g_object_set (self->model, row_pspec (GTK_WIDGET (toggle))->name, gtk_switch_get_active (toggle), NULL);
}

static void
on_enum_selected (AdwComboRow    *row,
                  GParamSpec     *unused,
                  SegModelDialog *self)
{
  GParamSpec *pspec = row_pspec (GTK_WIDGET (row));
  GEnumClass *enum_class = G_PARAM_SPEC_ENUM (pspec)->enum_class;
  guint selected = adw_combo_row_get_selected (row);

  if (!self->syncing && selected < enum_class->n_values)
    g_object_set (self->model, pspec->name, enum_class->values[selected].value, NULL);
}

static GtkWidget *
spin_for (GParamSpec *pspec)
{
  GtkAdjustment *adjustment;
  GtkWidget *spin;
  double lower, upper;
  guint digits = 0;

  if (G_IS_PARAM_SPEC_INT (pspec))
    {
      lower = G_PARAM_SPEC_INT (pspec)->minimum;
      upper = G_PARAM_SPEC_INT (pspec)->maximum;
    }
  else if (G_IS_PARAM_SPEC_UINT64 (pspec))
    {
      lower = (double) G_PARAM_SPEC_UINT64 (pspec)->minimum;
      /* A spin button holds doubles: seeds beyond 2^53 stay for the command line. */
      upper = MIN ((double) G_PARAM_SPEC_UINT64 (pspec)->maximum, 9007199254740992.0);
    }
  else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    {
      double fallback = G_PARAM_SPEC_DOUBLE (pspec)->default_value;

      lower = G_PARAM_SPEC_DOUBLE (pspec)->minimum;
      upper = MIN (G_PARAM_SPEC_DOUBLE (pspec)->maximum, 1e12);
      digits = fallback != 0 && fabs (fallback) < 0.01 ? 6 : 3;
    }
  else
    return NULL;

  adjustment = gtk_adjustment_new (lower, lower, upper,
                                   digits == 6 ? 1e-5 : digits == 3 ? 0.05 : 1,
                                   digits > 0 ? 1 : 10, 0);
  spin = gtk_spin_button_new (adjustment, 1, digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);

  return spin;
}

static GtkWidget *
param_row (SegModelDialog *self,
           GParamSpec     *pspec)
{
  GtkWidget *row, *editor;

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *enum_class = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

      for (guint i = 0; i < enum_class->n_values; i++)
        {
          g_autofree char *label = enum_label (G_PARAM_SPEC_VALUE_TYPE (pspec), enum_class->values[i].value_nick);

          gtk_string_list_append (labels, label);
        }
      row = editor = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_enum_selected), self, 0);
    }
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      row = adw_action_row_new ();
      editor = gtk_switch_new ();
      gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
      g_signal_connect_object (editor, "notify::active", G_CALLBACK (on_switch_changed), self, 0);
    }
  else if ((editor = spin_for (pspec)) != NULL)
    {
      row = adw_action_row_new ();
      g_signal_connect_object (editor, "notify::value", G_CALLBACK (on_spin_changed), self, 0);
    }
  else
    return NULL;

  if (editor != row)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), editor);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_param_spec_get_nick (pspec));
  if (g_param_spec_get_blurb (pspec) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_param_spec_get_blurb (pspec));
  g_object_set_data (G_OBJECT (row), "pspec", pspec);
  g_object_set_data (G_OBJECT (editor), "pspec", pspec);
  g_object_set_data (G_OBJECT (row), "editor", editor);

  return row;
}

static void
rebuild_params (SegModelDialog *self)
{
  g_autoptr(GPtrArray) params = seg_model_list_params (self->model);

  remove_rows (self->param_rows, GTK_WIDGET (self->params_group));
  remove_rows (self->advanced_rows, GTK_WIDGET (self->advanced_row));

  for (guint i = 0; i < params->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (params, i);
      GtkWidget *row = param_row (self, pspec);

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

/* Shows the model's parameters in the rows. */
static void
sync_params (SegModelDialog *self)
{
  GPtrArray *lists[] = { self->param_rows, self->advanced_rows };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        GtkWidget *row = g_ptr_array_index (lists[l], i);
        GtkWidget *editor = g_object_get_data (G_OBJECT (row), "editor");
        GParamSpec *pspec = row_pspec (row);
        g_auto(GValue) value = G_VALUE_INIT;

        g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
        g_object_get_property (G_OBJECT (self->model), pspec->name, &value);
        if (G_IS_PARAM_SPEC_ENUM (pspec))
          {
            GEnumClass *enum_class = G_PARAM_SPEC_ENUM (pspec)->enum_class;

            for (guint v = 0; v < enum_class->n_values; v++)
              if (enum_class->values[v].value == g_value_get_enum (&value))
                adw_combo_row_set_selected (ADW_COMBO_ROW (editor), v);
          }
        else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
          gtk_switch_set_active (GTK_SWITCH (editor), g_value_get_boolean (&value));
        else if (G_IS_PARAM_SPEC_INT (pspec))
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), g_value_get_int (&value));
        else if (G_IS_PARAM_SPEC_UINT64 (pspec))
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), (double) g_value_get_uint64 (&value));
        else if (G_IS_PARAM_SPEC_DOUBLE (pspec))
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), g_value_get_double (&value));
      }
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
  sync_params (self);
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
    adw_preferences_group_remove (self->inputs_group, GTK_WIDGET (self->table_row));
  self->table_row = NULL;
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

gboolean
seg_model_dialog_set_table (SegModelDialog *self,
                            const char     *table)
{
  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), FALSE);

  for (guint i = 0; self->table_row != NULL && i < self->tables->len; i++)
    if (g_strcmp0 (((SegTableInfo *) g_ptr_array_index (self->tables, i))->name, table) == 0)
      {
        adw_combo_row_set_selected (self->table_row, i);
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
  GPtrArray *items;
  g_autoptr(GStrvBuilder) offered = g_strv_builder_new ();

  g_return_val_if_fail (SEG_IS_MODEL_DIALOG (self), NULL);

  row = g_hash_table_lookup (self->rows, name);
  if (row == NULL || g_ptr_array_find (self->input_rows, row, NULL) == FALSE)
    return NULL;
  if ((items = g_object_get_data (G_OBJECT (row), "names")) != NULL)
    {
      for (guint i = 0; i < items->len; i++)
        if (g_ptr_array_index (items, i) != NULL)
          g_strv_builder_add (offered, g_ptr_array_index (items, i));
    }
  else if ((items = g_object_get_data (G_OBJECT (row), "checks")) != NULL)
    {
      for (guint i = 0; i < items->len; i++)
        g_strv_builder_add (offered, g_object_get_data (g_ptr_array_index (items, i), "column"));
    }

  return g_strv_builder_end (offered);
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
  editor = row != NULL ? g_object_get_data (G_OBJECT (row), "editor") : NULL;

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
  choose_algorithm (self, 0);
  g_signal_connect_object (self->algorithm_row, "notify::selected", G_CALLBACK (on_algorithm_selected), self, 0);
}

static void
seg_model_dialog_dispose (GObject *object)
{
  SegModelDialog *self = SEG_MODEL_DIALOG (object);

  cancel_suggestion (self);
  if (self->model != NULL)
    g_clear_signal_handler (&self->notify_handler, self->model);
  g_clear_object (&self->model);
  g_clear_object (&self->project);
  self->table_row = NULL;
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
