/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "seg-param-row.h"

#include <glib/gi18n.h>
#include <math.h>

#include "seg-model.h"

/*
 * A row for one property of a model, built from its GParamSpec: the
 * nick is the title, the blurb the help under it, the range and default
 * those of the spin button. The editor is bound to the property both
 * ways, so the row shows whatever sets the property (a suggestion, a
 * test) and the property follows the row.
 *
 * Drop-downs are suffixes of an action row rather than combo rows: a
 * combo row squeezes the chosen value to a few letters next to a long
 * help text, where a drop-down keeps it whole and lets the help wrap.
 */

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

static GtkWidget *
drop_down (GListModel *labels)
{
  GtkWidget *editor = gtk_drop_down_new (g_object_ref (labels), NULL);

  gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (editor, "flat");

  return editor;
}

/* Enums ---------------------------------------------------------------- */

static gboolean
enum_to_index (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  GEnumClass *enum_class = data;

  for (guint i = 0; i < enum_class->n_values; i++)
    if (enum_class->values[i].value == g_value_get_enum (from))
      {
        g_value_set_uint (to, i);
        return TRUE;
      }

  return FALSE;
}

static gboolean
index_to_enum (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  GEnumClass *enum_class = data;
  guint index = g_value_get_uint (from);

  if (index >= enum_class->n_values)
    return FALSE;
  g_value_set_enum (to, enum_class->values[index].value);

  return TRUE;
}

static GtkWidget *
enum_editor (GObject    *object,
             GParamSpec *pspec)
{
  GEnumClass *enum_class = G_PARAM_SPEC_ENUM (pspec)->enum_class;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *editor;

  for (guint i = 0; i < enum_class->n_values; i++)
    {
      g_autofree char *label = enum_label (G_PARAM_SPEC_VALUE_TYPE (pspec), enum_class->values[i].value_nick);

      gtk_string_list_append (labels, label);
    }
  editor = drop_down (G_LIST_MODEL (labels));
  g_object_bind_property_full (object, pspec->name, editor, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               enum_to_index, index_to_enum,
                               g_type_class_ref (G_PARAM_SPEC_VALUE_TYPE (pspec)), g_type_class_unref);

  return editor;
}

/* Numbers ---------------------------------------------------------------- */

static GtkWidget *
number_editor (GObject    *object,
               GParamSpec *pspec)
{
  GtkAdjustment *adjustment;
  GtkWidget *editor;
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
      /* Small defaults, such as a tolerance, need their small digits,
       * and so do shares that may be tiny, such as a rule's support. */
      digits = (fallback != 0 && fabs (fallback) < 0.01) || (lower > 0 && lower < 1e-3 && upper <= 1) ? 6 : 3;
    }
  else
    return NULL;

  adjustment = gtk_adjustment_new (lower, lower, upper,
                                   digits == 6 ? 1e-5 : digits == 3 ? 0.05 : 1,
                                   digits > 0 ? 1 : 10, 0);
  editor = gtk_spin_button_new (adjustment, 1, digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (editor), TRUE);
  gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
  /* GValue transforms between the property's number type and the
   * adjustment's double. */
  g_object_bind_property (object, pspec->name, adjustment, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  return editor;
}

/* Texts ------------------------------------------------------------------ */

static gboolean
string_to_text (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

static gboolean
text_to_string (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL && *text != '\0' ? text : NULL);
  return TRUE;
}

/* A list of names is edited as one text, the names separated by commas,
 * as the command line takes it. */
static gboolean
list_to_text (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      data)
{
  const char *const *items = g_value_get_boxed (from);

  g_value_take_string (to, items != NULL ? g_strjoinv (", ", (char **) items) : g_strdup (""));
  return TRUE;
}

static gboolean
text_to_list (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      data)
{
  const char *text = g_value_get_string (from);
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  g_value_take_boxed (to, g_strv_builder_end (builder));
  return TRUE;
}

static GtkWidget *
text_editor (GObject    *object,
             GParamSpec *pspec)
{
  gboolean list = G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV;
  GtkWidget *editor = gtk_entry_new ();

  gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (editor), 16);
  g_object_bind_property_full (object, pspec->name, editor, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               list ? list_to_text : string_to_text, list ? text_to_list : text_to_string,
                               NULL, NULL);
  return editor;
}

static GtkWidget *
make_row (GParamSpec *pspec,
          GtkWidget  *editor)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_param_spec_get_nick (pspec));
  if (g_param_spec_get_blurb (pspec) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_param_spec_get_blurb (pspec));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), editor);
  g_object_set_data (G_OBJECT (row), "editor", editor);
  g_object_set_data (G_OBJECT (row), "pspec", pspec);

  return row;
}

/**
 * seg_param_row_new:
 * @object: whose property the row edits
 * @pspec: an int, uint64, double, boolean, enum, string or string list
 *   property of @object
 *
 * Returns: (transfer floating) (nullable): a spin button, a switch, a
 *   drop-down or an entry (a list as names separated by commas) in a
 *   row, or %NULL for a property of another type
 */
GtkWidget *
seg_param_row_new (GObject    *object,
                   GParamSpec *pspec)
{
  GtkWidget *editor;

  g_return_val_if_fail (G_IS_OBJECT (object), NULL);

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    editor = enum_editor (object, pspec);
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      editor = gtk_switch_new ();
      gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
      g_object_bind_property (object, pspec->name, editor, "active",
                              G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    }
  else if (G_IS_PARAM_SPEC_STRING (pspec) || G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
    editor = text_editor (object, pspec);
  else
    editor = number_editor (object, pspec);

  return editor != NULL ? make_row (pspec, editor) : NULL;
}

/* Columns ----------------------------------------------------------------- */

static gboolean
name_to_index (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  GPtrArray *names = data;
  const char *value = g_value_get_string (from);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if ((name == NULL && (value == NULL || *value == '\0')) ||
          (name != NULL && value != NULL && g_ascii_strcasecmp (name, value) == 0))
        {
          g_value_set_uint (to, i);
          return TRUE;
        }
    }
  g_value_set_uint (to, GTK_INVALID_LIST_POSITION);

  return TRUE;
}

static gboolean
index_to_name (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  GPtrArray *names = data;
  guint index = g_value_get_uint (from);

  if (index >= names->len)
    return FALSE;
  g_value_set_string (to, g_ptr_array_index (names, index));

  return TRUE;
}

/**
 * seg_param_row_new_column:
 * @pspec: a column input of @object
 * @table: the table whose columns the input may name
 *
 * Returns: (transfer floating): a row with a drop-down of the columns of
 *   @table that the input accepts, after “(none)” where it is optional
 */
GtkWidget *
seg_param_row_new_column (GObject            *object,
                          GParamSpec         *pspec,
                          const SegTableInfo *table)
{
  const SegRoleInfo *role = seg_param_spec_get_role (pspec);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *editor;

  g_return_val_if_fail (role != NULL && role->kind == SEG_ROLE_COLUMN, NULL);

  if (role->optional)
    {
      gtk_string_list_append (labels, _("(none)"));
      g_ptr_array_add (names, NULL);
    }
  for (guint i = 0; i < table->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (table->columns, i);

      if (!seg_column_kinds_accept (role->accepts, column->type))
        continue;
      gtk_string_list_append (labels, column->name);
      g_ptr_array_add (names, g_strdup (column->name));
    }

  editor = drop_down (G_LIST_MODEL (labels));
  g_object_set_data_full (G_OBJECT (editor), "names", g_ptr_array_ref (names), (GDestroyNotify) g_ptr_array_unref);
  g_object_bind_property_full (object, pspec->name, editor, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               name_to_index, index_to_name,
                               names, (GDestroyNotify) g_ptr_array_unref);

  return make_row (pspec, editor);
}

/* Lists of columns ------------------------------------------------------ */

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

static gboolean
list_has (const char *const *list,
          const char        *name)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    if (g_ascii_strcasecmp (list[i], name) == 0)
      return TRUE;

  return FALSE;
}

/* Ticking adds the column at the end of the list and unticking takes it
 * out; the rest keeps its order. Ticking what the list holds changes
 * nothing, so that showing the list cannot write it back. */
static void
on_column_toggled (GtkCheckButton *check,
                   GObject        *object)
{
  GParamSpec *pspec = g_object_get_data (G_OBJECT (check), "pspec");
  const char *column = g_object_get_data (G_OBJECT (check), "column");
  gboolean active = gtk_check_button_get_active (check);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) chosen = NULL;

  g_object_get (object, pspec->name, &old, NULL);
  if (active == list_has ((const char *const *) old, column))
    return;
  for (guint i = 0; old != NULL && old[i] != NULL; i++)
    if (g_ascii_strcasecmp (old[i], column) != 0)
      g_strv_builder_add (builder, old[i]);
  if (active)
    g_strv_builder_add (builder, column);
  chosen = g_strv_builder_end (builder);
  g_object_set (object, pspec->name, chosen, NULL);
}

static void
on_list_changed (GObject    *object,
                 GParamSpec *pspec,
                 GtkWidget  *row)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (row), "checks");
  g_auto(GStrv) chosen = NULL;

  g_object_get (object, pspec->name, &chosen, NULL);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (checks, i);

      gtk_check_button_set_active (check, list_has ((const char *const *) chosen,
                                                    g_object_get_data (G_OBJECT (check), "column")));
    }
}

/**
 * seg_param_row_new_columns:
 * @pspec: a list-of-columns input of @object
 * @table: the table whose columns the input may name
 *
 * Returns: (transfer floating): an expander row with a check row for each
 *   column of @table that the input accepts
 */
GtkWidget *
seg_param_row_new_columns (GObject            *object,
                           GParamSpec         *pspec,
                           const SegTableInfo *table)
{
  const SegRoleInfo *role = seg_param_spec_get_role (pspec);
  GtkWidget *row = adw_expander_row_new ();
  GPtrArray *checks = g_ptr_array_new ();
  g_autofree char *signal = g_strdup_printf ("notify::%s", pspec->name);
  g_auto(GStrv) chosen = NULL;

  g_return_val_if_fail (role != NULL && role->kind == SEG_ROLE_COLUMNS, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_param_spec_get_nick (pspec));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), g_param_spec_get_blurb (pspec));
  g_object_set_data (G_OBJECT (row), "pspec", pspec);
  g_object_get (object, pspec->name, &chosen, NULL);
  /* The list to fill is open; an optional one opens when it holds
   * something, so that a first run shows what it does. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), !role->optional || (chosen != NULL && chosen[0] != NULL));
  for (guint i = 0; i < table->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (table->columns, i);
      GtkWidget *item, *check;

      if (!seg_column_kinds_accept (role->accepts, column->type))
        continue;
      item = adw_action_row_new ();
      check = gtk_check_button_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item), column->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (item), column_type_label (column->type));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), list_has ((const char *const *) chosen, column->name));
      g_object_set_data (G_OBJECT (check), "pspec", pspec);
      g_object_set_data_full (G_OBJECT (check), "column", g_strdup (column->name), g_free);
      g_object_set_data (G_OBJECT (check), "item", item);
      adw_action_row_add_prefix (ADW_ACTION_ROW (item), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (item), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_column_toggled), object, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), item);
      g_ptr_array_add (checks, check);
    }
  g_object_set_data_full (G_OBJECT (row), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (object, signal, G_CALLBACK (on_list_changed), row, 0);

  return row;
}

/**
 * seg_param_row_set_usable:
 * @row: a row made by seg_param_row_new_columns ()
 *
 * Greys out, or brings back, the check row of @column.
 */
void
seg_param_row_set_usable (GtkWidget  *row,
                          const char *column,
                          gboolean    usable)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (row), "checks");

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      GObject *check = g_ptr_array_index (checks, i);

      if (g_ascii_strcasecmp (g_object_get_data (check, "column"), column) == 0)
        gtk_widget_set_sensitive (g_object_get_data (check, "item"), usable);
    }
}

/**
 * seg_param_row_get_editor:
 *
 * Returns: (transfer none): the spin button, switch or drop-down of a row
 *   made here
 */
GtkWidget *
seg_param_row_get_editor (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "editor");
}

/**
 * seg_param_row_get_choices:
 *
 * Returns: (transfer full) (nullable): the columns a column or list row
 *   offers, without “(none)”
 */
GStrv
seg_param_row_get_choices (GtkWidget *row)
{
  GtkWidget *editor = seg_param_row_get_editor (row);
  GPtrArray *names = editor != NULL ? g_object_get_data (G_OBJECT (editor), "names") : NULL;
  GPtrArray *checks = g_object_get_data (G_OBJECT (row), "checks");
  g_autoptr(GStrvBuilder) choices = g_strv_builder_new ();

  if (names == NULL && checks == NULL)
    return NULL;
  for (guint i = 0; names != NULL && i < names->len; i++)
    if (g_ptr_array_index (names, i) != NULL)
      g_strv_builder_add (choices, g_ptr_array_index (names, i));
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    g_strv_builder_add (choices, g_object_get_data (g_ptr_array_index (checks, i), "column"));

  return g_strv_builder_end (choices);
}
