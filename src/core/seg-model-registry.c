/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "seg-error.h"
#include "seg-model.h"
#include "seg-recommender-model.h"

#define SEG_MODEL(prefix) GType prefix##_get_type (void);
#include "seg-model-list.h"
#undef SEG_MODEL

static GType
nth_type (guint i)
{
  static GType (*const getters[]) (void) = {
#define SEG_MODEL(prefix) prefix##_get_type,
#include "seg-model-list.h"
#undef SEG_MODEL
  };

  return i < G_N_ELEMENTS (getters) ? getters[i] () : G_TYPE_INVALID;
}

static GType *
list_types (gboolean      any_kind,
            SegModelKind  kind,
            guint        *n_types)
{
  GArray *types = g_array_new (TRUE, FALSE, sizeof (GType));
  GType type;

  for (guint i = 0; (type = nth_type (i)) != G_TYPE_INVALID; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);

      if (any_kind || SEG_MODEL_CLASS (klass)->kind == kind)
        g_array_append_val (types, type);
    }

  *n_types = types->len;
  return (GType *) g_array_free (types, FALSE);
}

/**
 * seg_model_list_types:
 * @kind: the question the models answer
 * @n_types: (out): how many
 *
 * Returns: (transfer full): the models of @kind, in the order menus show them
 */
GType *
seg_model_list_types (SegModelKind  kind,
                      guint        *n_types)
{
  return list_types (FALSE, kind, n_types);
}

/**
 * seg_model_kind_default_id:
 * @kind: a kind of model
 *
 * The algorithm a form for @kind starts on before anyone chose: for
 * recommendations the one that did best on held-out orders
 * (seg_recommender_default_algorithm () for a shop of some size), for the
 * other kinds the first in the menu.
 *
 * Returns: (nullable): an algorithm's id, or %NULL for the first
 */
const char *
seg_model_kind_default_id (SegModelKind kind)
{
  if (kind == SEG_MODEL_KIND_RECOMMENDATION)
    return seg_recommender_default_algorithm (SEG_FEEDBACK_IMPLICIT, G_MAXSIZE, G_MAXSIZE);
  return NULL;
}

/**
 * seg_model_list_all_types:
 * @n_types: (out): how many
 *
 * Returns: (transfer full): every model, of every kind
 */
GType *
seg_model_list_all_types (guint *n_types)
{
  return list_types (TRUE, 0, n_types);
}

/**
 * seg_model_new_for_id:
 * @id: an algorithm's id, such as "kmeans"
 *
 * Returns: (transfer full): the model with its default parameters, or
 *   %NULL with @error naming the algorithms there are
 */
SegModel *
seg_model_new_for_id (const char  *id,
                      GError     **error)
{
  g_autoptr(GString) known = g_string_new (NULL);
  GType type;

  for (guint i = 0; (type = nth_type (i)) != G_TYPE_INVALID; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);
      const char *type_id = SEG_MODEL_CLASS (klass)->id;

      if (g_strcmp0 (id, type_id) == 0)
        return g_object_new (type, NULL);
      g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", type_id);
    }

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("--algorithm: “%s” is not an algorithm; choose one of %s"),
               id != NULL ? id : "", known->str);
  return NULL;
}
