/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-error.h"
#include "seg-model-private.h"

/* Parameters as text and JSON ------------------------------------------ */

static gboolean
parse_number (const char *text,
              gboolean    integer,
              double     *value)
{
  char *end = NULL;

  errno = 0;
  if (integer)
    *value = (double) g_ascii_strtoll (text, &end, 10);
  else
    *value = g_ascii_strtod (text, &end);

  return errno == 0 && end != text && *end == '\0' && isfinite (*value);
}

/* Sets @value from @text by the type of @pspec; FALSE when it does not
 * parse. A list is written with commas between its items. */
static gboolean
value_from_text (GParamSpec *pspec,
                 const char *text,
                 GValue     *value)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);
  double number;

  g_value_init (value, type);

  if (G_TYPE_IS_ENUM (type))
    {
      int v;

      if (!seg_enum_from_nick (type, text, &v))
        return FALSE;
      g_value_set_enum (value, v);
      return TRUE;
    }
  if (type == G_TYPE_STRV)
    {
      g_auto(GStrv) items = g_strsplit (text, ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; items[i] != NULL; i++)
        {
          g_strstrip (items[i]);
          if (items[i][0] != '\0')
            g_strv_builder_add (builder, items[i]);
        }
      g_value_take_boxed (value, g_strv_builder_end (builder));
      return TRUE;
    }

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING:
      g_value_set_string (value, text[0] != '\0' ? text : NULL);
      return TRUE;

    case G_TYPE_BOOLEAN:
      if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0 ||
          g_ascii_strcasecmp (text, "yes") == 0)
        g_value_set_boolean (value, TRUE);
      else if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0 ||
               g_ascii_strcasecmp (text, "no") == 0)
        g_value_set_boolean (value, FALSE);
      else
        return FALSE;
      return TRUE;

    case G_TYPE_INT:
      if (!parse_number (text, TRUE, &number) || number < G_MININT || number > G_MAXINT)
        return FALSE;
      g_value_set_int (value, (int) number);
      return TRUE;

    case G_TYPE_UINT64:
      {
        char *end = NULL;
        guint64 v;

        errno = 0;
        if (text[0] == '-')
          return FALSE;
        v = g_ascii_strtoull (text, &end, 10);
        if (errno != 0 || end == text || *end != '\0')
          return FALSE;
        g_value_set_uint64 (value, v);
        return TRUE;
      }

    case G_TYPE_DOUBLE:
      if (!parse_number (text, FALSE, &number))
        return FALSE;
      g_value_set_double (value, number);
      return TRUE;

    default:
      return FALSE;
    }
}

/* The allowed values of @pspec, for an error message. */
static char *
describe_range (GParamSpec *pspec)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  if (G_TYPE_IS_ENUM (type))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (type);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < klass->n_values; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", klass->values[i].value_nick);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (G_IS_PARAM_SPEC_INT (pspec))
    return g_strdup_printf (_("a whole number from %d to %d"),
                            G_PARAM_SPEC_INT (pspec)->minimum, G_PARAM_SPEC_INT (pspec)->maximum);
  if (G_IS_PARAM_SPEC_DOUBLE (pspec))
    return g_strdup_printf (_("a number from %g to %g"),
                            G_PARAM_SPEC_DOUBLE (pspec)->minimum, G_PARAM_SPEC_DOUBLE (pspec)->maximum);
  if (G_IS_PARAM_SPEC_UINT64 (pspec))
    return g_strdup (_("a whole number from 0"));
  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    return g_strdup ("true|false");

  return g_strdup ("?");
}

/**
 * seg_model_set_param:
 * @name: an input or parameter (property) name, such as "n-init"
 * @text: its value as written on a command line
 *
 * Returns: %TRUE, or %FALSE with @error naming the option and what it
 *   accepts
 */
gboolean
seg_model_set_param (SegModel    *self,
                     const char  *name,
                     const char  *text,
                     GError     **error)
{
  GParamSpec *pspec;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) checked = G_VALUE_INIT;

  g_return_val_if_fail (SEG_IS_MODEL (self), FALSE);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
  if (pspec == NULL || !seg_model_spec_is_stored (pspec))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--%s does not apply to %s"), name, seg_model_get_id (self));
      return FALSE;
    }

  if (!value_from_text (pspec, text, &value))
    goto invalid;

  g_value_init (&checked, G_VALUE_TYPE (&value));
  g_value_copy (&value, &checked);
  if (g_param_value_validate (pspec, &checked))
    goto invalid;

  g_object_set_property (G_OBJECT (self), pspec->name, &value);
  return TRUE;

invalid:
  {
    g_autofree char *range = describe_range (pspec);

    g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                 _("--%s: “%s” is not valid; give %s"), name, text, range);
    return FALSE;
  }
}

static void
add_value (JsonBuilder *builder,
           const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  if (G_TYPE_IS_ENUM (type))
    json_builder_add_string_value (builder, seg_enum_to_nick (type, g_value_get_enum (value)));
  else if (type == G_TYPE_INT)
    json_builder_add_int_value (builder, g_value_get_int (value));
  else if (type == G_TYPE_UINT64)
    json_builder_add_int_value (builder, (gint64) g_value_get_uint64 (value));
  else if (type == G_TYPE_DOUBLE)
    json_builder_add_double_value (builder, g_value_get_double (value));
  else if (type == G_TYPE_BOOLEAN)
    json_builder_add_boolean_value (builder, g_value_get_boolean (value));
  else if (type == G_TYPE_STRING && g_value_get_string (value) != NULL)
    json_builder_add_string_value (builder, g_value_get_string (value));
  else if (type == G_TYPE_STRV && g_value_get_boxed (value) != NULL)
    {
      const char *const *items = g_value_get_boxed (value);

      json_builder_begin_array (builder);
      for (guint i = 0; items[i] != NULL; i++)
        json_builder_add_string_value (builder, items[i]);
      json_builder_end_array (builder);
    }
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
specs_to_json (SegModel  *self,
               GPtrArray *pspecs,
               gboolean   skip_table)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; i < pspecs->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (pspecs, i);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);
      g_auto(GValue) value = G_VALUE_INIT;

      if (skip_table && role != NULL && role->kind == SEG_ROLE_TABLE)
        continue;
      g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (G_OBJECT (self), pspec->name, &value);
      json_builder_set_member_name (builder, pspec->name);
      add_value (builder, &value);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * seg_model_params_to_json:
 *
 * Returns: (transfer full): an object of every parameter by name; enums
 *   by their nick, so that the record reads well and survives renumbering
 */
JsonNode *
seg_model_params_to_json (SegModel *self)
{
  g_autoptr(GPtrArray) params = NULL;

  g_return_val_if_fail (SEG_IS_MODEL (self), NULL);

  params = seg_model_list_params (self);
  return specs_to_json (self, params, FALSE);
}

/**
 * seg_model_roles_to_json:
 *
 * Returns: (transfer full): an object of every input but the table, which
 *   the run record keeps apart, by name
 */
JsonNode *
seg_model_roles_to_json (SegModel *self)
{
  g_autoptr(GPtrArray) roles = NULL;

  g_return_val_if_fail (SEG_IS_MODEL (self), NULL);

  roles = seg_model_list_roles (self);
  return specs_to_json (self, roles, TRUE);
}

/* Sets one property from a record's JSON value. */
static gboolean
set_from_json (SegModel    *self,
               GParamSpec  *pspec,
               JsonNode    *node,
               GError     **error)
{
  g_autofree char *text = NULL;

  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) items = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *item = json_node_get_string (json_array_get_element (array, i));

          if (item != NULL)
            g_strv_builder_add (builder, item);
        }
      items = g_strv_builder_end (builder);
      g_object_set (self, pspec->name, items, NULL);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRING || G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRV)
        {
          g_object_set (self, pspec->name, NULL, NULL);
          return TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (node));
      else if (type == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (type == G_TYPE_DOUBLE)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          text = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
        }
      else if (type == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
    }

  if (text == NULL)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--%s: the run record holds no usable value"), pspec->name);
      return FALSE;
    }

  return seg_model_set_param (self, pspec->name, text, error);
}

/**
 * seg_model_params_from_json:
 *
 * Sets the parameters a run record holds, to repeat the run. Unknown
 * members are refused: they would be silently lost.
 */
gboolean
seg_model_params_from_json (SegModel    *self,
                            JsonObject  *params,
                            GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (params);

  g_return_val_if_fail (SEG_IS_MODEL (self), FALSE);

  for (GList *l = members; l != NULL; l = l->next)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), l->data);

      if (pspec == NULL || !seg_model_spec_is_stored (pspec))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--%s does not apply to %s"), (const char *) l->data, seg_model_get_id (self));
          return FALSE;
        }
      if (!set_from_json (self, pspec, json_object_get_member (params, l->data), error))
        return FALSE;
    }

  return TRUE;
}

/**
 * seg_model_roles_from_json:
 * @input: a run record's input object
 *
 * Sets the inputs a run record holds. Members that are not inputs, such
 * as figures the model added to the record, are passed over.
 */
gboolean
seg_model_roles_from_json (SegModel    *self,
                           JsonObject  *input,
                           GError     **error)
{
  g_autoptr(GPtrArray) roles = NULL;

  g_return_val_if_fail (SEG_IS_MODEL (self), FALSE);

  roles = seg_model_list_roles (self);
  for (guint i = 0; i < roles->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, i);

      if (json_object_has_member (input, pspec->name) &&
          !set_from_json (self, pspec, json_object_get_member (input, pspec->name), error))
        return FALSE;
    }

  return TRUE;
}
