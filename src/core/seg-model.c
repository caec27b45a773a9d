/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seg-enums.h"
#include "seg-error.h"
#include "seg-model-private.h"

const char *
seg_enum_to_nick (GType type,
                  int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found != NULL ? found->value_nick : NULL;
}

gboolean
seg_enum_from_nick (GType       type,
                    const char *nick,
                    int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value_by_nick (klass, nick);

  if (found == NULL)
    return FALSE;
  *value = found->value;

  return TRUE;
}

/* A measure that may be undefined (a silhouette of one cluster): JSON
 * has no NaN, so it is written as null. */
void
seg_json_add_double_or_null (JsonBuilder *builder,
                             const char  *name,
                             double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Roles and storage ---------------------------------------------------- */

static G_DEFINE_QUARK (seg-model-role, role)
static G_DEFINE_QUARK (seg-model-offset, offset)

/* Where a stored property lives, from the instance pointer: negative for
 * a field of a class's private data. */
typedef struct
{
  gssize offset;
} Storage;
static G_DEFINE_QUARK (seg-model-advanced, advanced)

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static GParamSpec *
with_role (GParamSpec        *pspec,
           SegRoleKind        kind,
           SegColumnKinds     accepts,
           gboolean           optional,
           const char *const *guesses)
{
  SegRoleInfo *info = g_new0 (SegRoleInfo, 1);

  info->kind = kind;
  info->accepts = accepts;
  info->optional = optional;
  info->guesses = guesses;
  g_param_spec_set_qdata_full (pspec, role_quark (), info, g_free);

  return pspec;
}

/**
 * seg_param_spec_table:
 *
 * The input table of a model; by convention the property is "table".
 *
 * Returns: (transfer floating): the spec
 */
GParamSpec *
seg_param_spec_table (const char *name,
                      const char *nick,
                      const char *blurb)
{
  return with_role (g_param_spec_string (name, nick, blurb, NULL, PARAM_FLAGS),
                    SEG_ROLE_TABLE, 0, FALSE, NULL);
}

/**
 * seg_param_spec_column:
 * @accepts: the column types that can fill the role
 * @optional: whether the model can do without it
 * @guesses: (nullable) (array zero-terminated=1): lower-case column names
 *   that most likely fill the role, in order, for dialogs and defaults
 *
 * One column of the model's table.
 *
 * Returns: (transfer floating): the spec
 */
GParamSpec *
seg_param_spec_column (const char        *name,
                       const char        *nick,
                       const char        *blurb,
                       SegColumnKinds     accepts,
                       gboolean           optional,
                       const char *const *guesses)
{
  return with_role (g_param_spec_string (name, nick, blurb, NULL, PARAM_FLAGS),
                    SEG_ROLE_COLUMN, accepts, optional, guesses);
}

/**
 * seg_param_spec_columns:
 *
 * A list of columns of the model's table.
 *
 * Returns: (transfer floating): the spec
 */
GParamSpec *
seg_param_spec_columns (const char     *name,
                        const char     *nick,
                        const char     *blurb,
                        SegColumnKinds  accepts,
                        gboolean        optional)
{
  return with_role (g_param_spec_boxed (name, nick, blurb, G_TYPE_STRV, PARAM_FLAGS),
                    SEG_ROLE_COLUMNS, accepts, optional, NULL);
}

/**
 * seg_param_spec_segment:
 *
 * A saved segment, by name or number, whose customers alone the model
 * reads; unset, it reads every row. By convention the property is
 * "segment"; the model finds the segment when it loads its rows, since
 * only then does it hold the project.
 *
 * Returns: (transfer floating): the spec
 */
GParamSpec *
seg_param_spec_segment (const char *name,
                        const char *nick,
                        const char *blurb)
{
  return with_role (g_param_spec_string (name, nick, blurb, NULL, PARAM_FLAGS),
                    SEG_ROLE_SEGMENT, 0, TRUE, NULL);
}

/**
 * seg_param_spec_get_role:
 *
 * Returns: (nullable): what the input names, or %NULL for a parameter
 */
const SegRoleInfo *
seg_param_spec_get_role (GParamSpec *pspec)
{
  return g_param_spec_get_qdata (pspec, role_quark ());
}

/**
 * seg_param_spec_set_advanced:
 *
 * Marks a parameter that dialogs keep folded away until asked for.
 *
 * Returns: (transfer none): @pspec
 */
GParamSpec *
seg_param_spec_set_advanced (GParamSpec *pspec)
{
  g_param_spec_set_qdata (pspec, advanced_quark (), GINT_TO_POINTER (TRUE));

  return pspec;
}

gboolean
seg_param_spec_is_advanced (GParamSpec *pspec)
{
  return g_param_spec_get_qdata (pspec, advanced_quark ()) != NULL;
}

gboolean
seg_column_kinds_accept (SegColumnKinds accepts,
                         SegColumnType  type)
{
  switch (type)
    {
    case SEG_COLUMN_TEXT: return (accepts & SEG_COLUMN_KINDS_TEXT) != 0;
    case SEG_COLUMN_INTEGER: return (accepts & SEG_COLUMN_KINDS_INTEGER) != 0;
    case SEG_COLUMN_REAL: return (accepts & SEG_COLUMN_KINDS_REAL) != 0;
    case SEG_COLUMN_BOOLEAN: return (accepts & SEG_COLUMN_KINDS_BOOLEAN) != 0;
    case SEG_COLUMN_DATE:
    case SEG_COLUMN_DATETIME: return (accepts & SEG_COLUMN_KINDS_DATE) != 0;
    default: return FALSE;
    }
}

gpointer
seg_model_spec_field (GObject    *object,
          GParamSpec *pspec)
{
  Storage *storage = g_param_spec_get_qdata (pspec, offset_quark ());

  g_assert (storage != NULL);
  return (char *) object + storage->offset;
}

/* Every model's properties live at their struct offsets: one accessor
 * pair serves all of them. */
static void
stored_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  gpointer field = seg_model_spec_field (object, pspec);
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  if (G_TYPE_IS_ENUM (type))
    g_value_set_enum (value, *(int *) field);
  else if (type == G_TYPE_INT)
    g_value_set_int (value, *(int *) field);
  else if (type == G_TYPE_UINT64)
    g_value_set_uint64 (value, *(guint64 *) field);
  else if (type == G_TYPE_DOUBLE)
    g_value_set_double (value, *(double *) field);
  else if (type == G_TYPE_BOOLEAN)
    g_value_set_boolean (value, *(gboolean *) field);
  else if (type == G_TYPE_STRING)
    g_value_set_string (value, *(char **) field);
  else if (type == G_TYPE_STRV)
    g_value_set_boxed (value, *(GStrv *) field);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
stored_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  gpointer field = seg_model_spec_field (object, pspec);
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);
  gboolean changed = FALSE;

#define STORE(ctype, getter) \
  G_STMT_START { \
    ctype v = getter (value); \
    changed = *(ctype *) field != v; \
    *(ctype *) field = v; \
  } G_STMT_END

  if (G_TYPE_IS_ENUM (type))
    STORE (int, g_value_get_enum);
  else if (type == G_TYPE_INT)
    STORE (int, g_value_get_int);
  else if (type == G_TYPE_UINT64)
    STORE (guint64, g_value_get_uint64);
  else if (type == G_TYPE_DOUBLE)
    STORE (double, g_value_get_double);
  else if (type == G_TYPE_BOOLEAN)
    STORE (gboolean, g_value_get_boolean);
  else if (type == G_TYPE_STRING)
    {
      const char *v = g_value_get_string (value);

      changed = g_strcmp0 (*(char **) field, v) != 0;
      if (changed)
        {
          g_free (*(char **) field);
          *(char **) field = g_strdup (v);
        }
    }
  else if (type == G_TYPE_STRV)
    {
      const char *const *v = g_value_get_boxed (value);
      GStrv *list = field;

      changed = !(*list == NULL && v == NULL) &&
                (*list == NULL || v == NULL || !g_strv_equal ((const char *const *) *list, v));
      if (changed)
        {
          g_strfreev (*list);
          *list = g_strdupv ((char **) v);
        }
    }
  else
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
#undef STORE

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

/**
 * seg_model_class_install:
 * @prop_id: the property's id, unique in @klass
 * @pspec: (transfer floating): an input or a parameter
 * @offset: where the value lives from the instance pointer (a struct
 *   offset, or a class's private offset plus the field's offset in its
 *   private struct, see SEG_PRIVATE_FIELD ()): an
 *   int for int and enum specs, guint64, double, gboolean, char * or GStrv
 *
 * Installs a property stored at @offset, so that the subclass writes no
 * accessors for it; its default value is set on each new instance.
 */
void
seg_model_class_install (SegModelClass *klass,
                         guint          prop_id,
                         GParamSpec    *pspec,
                         gssize         offset)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  Storage *storage = g_new (Storage, 1);

  g_return_if_fail (offset != 0);

  object_class->get_property = stored_get_property;
  object_class->set_property = stored_set_property;
  storage->offset = offset;
  g_param_spec_set_qdata_full (pspec, offset_quark (), storage, g_free);
  g_object_class_install_property (object_class, prop_id, pspec);
}

G_DEFINE_ABSTRACT_TYPE (SegModel, seg_model, G_TYPE_OBJECT)

gboolean
seg_model_spec_is_stored (GParamSpec *pspec)
{
  return g_param_spec_get_qdata (pspec, offset_quark ()) != NULL;
}

static void
seg_model_finalize (GObject *object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    if (seg_model_spec_is_stored (pspecs[i]))
      {
        GType type = G_PARAM_SPEC_VALUE_TYPE (pspecs[i]);

        if (type == G_TYPE_STRING)
          g_clear_pointer ((char **) seg_model_spec_field (object, pspecs[i]), g_free);
        else if (type == G_TYPE_STRV)
          g_clear_pointer ((GStrv *) seg_model_spec_field (object, pspecs[i]), g_strfreev);
      }

  G_OBJECT_CLASS (seg_model_parent_class)->finalize (object);
}

/* Stored fields start from their specs' defaults, so that the class's
 * specs are the one place a default is written. */
static void
seg_model_constructed (GObject *object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  G_OBJECT_CLASS (seg_model_parent_class)->constructed (object);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    if (seg_model_spec_is_stored (pspecs[i]))
      {
        gpointer field = seg_model_spec_field (object, pspecs[i]);
        const GValue *value = g_param_spec_get_default_value (pspecs[i]);
        GType type = G_PARAM_SPEC_VALUE_TYPE (pspecs[i]);

        /* Only where construction set nothing: the field is still zero. */
        if (G_TYPE_IS_ENUM (type) && *(int *) field == 0)
          *(int *) field = g_value_get_enum (value);
        else if (type == G_TYPE_INT && *(int *) field == 0)
          *(int *) field = g_value_get_int (value);
        else if (type == G_TYPE_UINT64 && *(guint64 *) field == 0)
          *(guint64 *) field = g_value_get_uint64 (value);
        else if (type == G_TYPE_DOUBLE && *(double *) field == 0)
          *(double *) field = g_value_get_double (value);
        else if (type == G_TYPE_BOOLEAN && *(gboolean *) field == FALSE)
          *(gboolean *) field = g_value_get_boolean (value);
        else if (type == G_TYPE_STRING && *(char **) field == NULL)
          *(char **) field = g_value_dup_string (value);
      }
}

static void
seg_model_class_init (SegModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = seg_model_finalize;
  object_class->constructed = seg_model_constructed;
}

static void
seg_model_init (SegModel *self)
{
}

const char *
seg_model_get_id (SegModel *self)
{
  g_return_val_if_fail (SEG_IS_MODEL (self), NULL);

  return SEG_MODEL_GET_CLASS (self)->id;
}

const char *
seg_model_get_title (SegModel *self)
{
  g_return_val_if_fail (SEG_IS_MODEL (self), NULL);

  return _(SEG_MODEL_GET_CLASS (self)->title);
}

SegModelKind
seg_model_get_kind (SegModel *self)
{
  g_return_val_if_fail (SEG_IS_MODEL (self), SEG_MODEL_KIND_SEGMENTATION);

  return SEG_MODEL_GET_CLASS (self)->kind;
}

/**
 * seg_model_kind_get_title:
 *
 * Returns: the kind's name for people, translated
 */
const char *
seg_model_kind_get_title (SegModelKind kind)
{
  switch (kind)
    {
    case SEG_MODEL_KIND_SEGMENTATION: return _("Segmentation");
    case SEG_MODEL_KIND_RECOMMENDATION: return _("Recommendation");
    case SEG_MODEL_KIND_CLASSIFICATION: return _("Prediction");
    case SEG_MODEL_KIND_REGRESSION: return _("Estimate");
    case SEG_MODEL_KIND_LIFETIME: return _("Lifetime value");
    case SEG_MODEL_KIND_RULES: return _("Bundles");
    case SEG_MODEL_KIND_TEST: return _("Campaign test");
    default: return "";
    }
}

/* The seed, for models that have one; 0 otherwise. */
guint64
seg_model_get_seed (SegModel *self)
{
  guint64 seed = 0;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self), "seed") != NULL)
    g_object_get (self, "seed", &seed, NULL);

  return seed;
}

static GPtrArray *
list_specs (SegModel *self,
            gboolean  roles)
{
  g_autofree GParamSpec **pspecs = NULL;
  GPtrArray *found = g_ptr_array_new ();
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    if (seg_model_spec_is_stored (pspecs[i]) && (seg_param_spec_get_role (pspecs[i]) != NULL) == roles)
      g_ptr_array_add (found, pspecs[i]);

  return found;
}

/**
 * seg_model_list_roles:
 *
 * Returns: (transfer container) (element-type GParamSpec): the inputs, the
 *   table first, in the order the class installed them
 */
GPtrArray *
seg_model_list_roles (SegModel *self)
{
  g_return_val_if_fail (SEG_IS_MODEL (self), NULL);

  return list_specs (self, TRUE);
}

/**
 * seg_model_list_params:
 *
 * Returns: (transfer container) (element-type GParamSpec): the parameters
 */
GPtrArray *
seg_model_list_params (SegModel *self)
{
  g_return_val_if_fail (SEG_IS_MODEL (self), NULL);

  return list_specs (self, FALSE);
}

/**
 * seg_model_get_table:
 *
 * Returns: (nullable): the table the model reads, its "table" input
 */
const char *
seg_model_get_table (SegModel *self)
{
  GParamSpec *pspec;

  g_return_val_if_fail (SEG_IS_MODEL (self), NULL);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), "table");
  if (pspec == NULL || !seg_model_spec_is_stored (pspec))
    return NULL;

  return *(char **) seg_model_spec_field (G_OBJECT (self), pspec);
}

static const char *
column_kinds_text (SegColumnKinds accepts)
{
  if ((accepts & SEG_COLUMN_KINDS_ANY) == SEG_COLUMN_KINDS_ANY)
    return _("any column");
  if (accepts == SEG_COLUMN_KINDS_KEY)
    return _("a text or whole-number column");
  if ((accepts & ~SEG_COLUMN_KINDS_BOOLEAN) == (SEG_COLUMN_KINDS_NUMBER & ~SEG_COLUMN_KINDS_BOOLEAN))
    return _("a number column");
  if (accepts == SEG_COLUMN_KINDS_DATE)
    return _("a date column");
  if (accepts == SEG_COLUMN_KINDS_TEXT)
    return _("a text column");

  return _("a column of another type");
}

static gboolean
check_column (SegTableInfo       *table,
              GParamSpec         *pspec,
              const SegRoleInfo  *role,
              const char         *name,
              GError            **error)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      SegColumnInfo *column = g_ptr_array_index (table->columns, i);

      if (g_ascii_strcasecmp (column->name, name) != 0)
        continue;
      if (!seg_column_kinds_accept (role->accepts, column->type))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--%s: the column “%s” of “%s” holds %s values; choose %s"),
                       pspec->name, column->name, table->name,
                       seg_column_type_to_string (column->type),
                       column_kinds_text (role->accepts));
          return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("--%s: the table “%s” has no column “%s”"), pspec->name, table->name, name);
  return FALSE;
}

/**
 * seg_model_check_roles:
 * @table: the model's input table
 *
 * Checks that every input the model needs is given and that each column
 * exists in @table with a type the input accepts.
 *
 * Returns: %TRUE, or %FALSE with @error naming the option
 */
gboolean
seg_model_check_roles (SegModel      *self,
                       SegTableInfo  *table,
                       GError       **error)
{
  g_autoptr(GPtrArray) roles = NULL;

  g_return_val_if_fail (SEG_IS_MODEL (self), FALSE);

  roles = seg_model_list_roles (self);
  for (guint i = 0; i < roles->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, i);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);
      gpointer field = seg_model_spec_field (G_OBJECT (self), pspec);

      if (role->kind == SEG_ROLE_TABLE)
        continue;
      if (role->kind == SEG_ROLE_COLUMN)
        {
          const char *name = *(char **) field;

          if (name == NULL || *name == '\0')
            {
              if (role->optional)
                continue;
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--%s: choose %s of “%s” for %s"), pspec->name,
                           column_kinds_text (role->accepts), table->name, g_param_spec_get_nick (pspec));
              return FALSE;
            }
          if (!check_column (table, pspec, role, name, error))
            return FALSE;
        }
      else if (role->kind == SEG_ROLE_COLUMNS)
        {
          GStrv names = *(GStrv *) field;

          if ((names == NULL || names[0] == NULL) && !role->optional)
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--%s: choose at least one column of “%s”"), pspec->name, table->name);
              return FALSE;
            }
          for (guint c = 0; names != NULL && names[c] != NULL; c++)
            if (!check_column (table, pspec, role, names[c], error))
              return FALSE;
        }
    }

  return TRUE;
}

/**
 * seg_model_guess_roles:
 * @table: the model's input table
 *
 * Fills each column input that is not set yet with the first of its
 * guessed names that @table has, with a type the input accepts: the
 * customer column of an order table is nearly always "customer_id".
 */
void
seg_model_guess_roles (SegModel     *self,
                       SegTableInfo *table)
{
  g_autoptr(GPtrArray) roles = NULL;

  g_return_if_fail (SEG_IS_MODEL (self));

  roles = seg_model_list_roles (self);
  for (guint i = 0; i < roles->len; i++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, i);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);
      char **field = seg_model_spec_field (G_OBJECT (self), pspec);

      if (role->kind != SEG_ROLE_COLUMN || role->guesses == NULL || *field != NULL)
        continue;
      for (guint g = 0; role->guesses[g] != NULL && *field == NULL; g++)
        for (guint c = 0; c < table->columns->len; c++)
          {
            SegColumnInfo *column = g_ptr_array_index (table->columns, c);

            if (g_utf8_collate (column->name, role->guesses[g]) == 0 ||
                g_ascii_strcasecmp (column->name, role->guesses[g]) == 0)
              {
                if (seg_column_kinds_accept (role->accepts, column->type))
                  g_object_set (self, pspec->name, column->name, NULL);
                break;
              }
          }
    }
}
