/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "seg-enums.h"
#include "seg-model.h"
#include "seg-project-private.h"

/*
 * Settings that belong to a project rather than to the person: kept in
 * the project file's seg_meta table, so that they travel with it. The
 * analysis form keeps there the last choices made for each table.
 */

/**
 * seg_project_get_setting:
 * @key: the setting's name
 *
 * Returns: (transfer full) (nullable): its value, or %NULL when the
 *   project has none (or with @error set when it cannot be read)
 */
char *
seg_project_get_setting (SegProject  *project,
                         const char  *key,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!seg_project_prepare (project, "SELECT value FROM seg_meta WHERE key = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    seg_project_set_sqlite_error (project, rc, error);

  return NULL;
}

/**
 * seg_project_set_setting:
 * @key: the setting's name
 * @value: (nullable): its new value; %NULL removes it
 *
 * Returns: whether the project keeps the new value
 */
gboolean
seg_project_set_setting (SegProject  *project,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!seg_project_prepare (project,
                            value != NULL ? "INSERT OR REPLACE INTO seg_meta (key, value) VALUES (?1, ?2)"
                                          : "DELETE FROM seg_meta WHERE key = ?1",
                            &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return seg_project_set_sqlite_error (project, rc, error);

  return TRUE;
}

/* The setting that holds the choices for a kind of model on a table;
 * tables are named in any case. */
static char *
choices_key (SegModelKind  kind,
             const char   *table)
{
  g_autofree char *folded = g_utf8_casefold (table, -1);

  return g_strdup_printf ("form.%s.%s", seg_enum_to_nick (SEG_TYPE_MODEL_KIND, kind), folded);
}

/**
 * seg_project_remember_model:
 * @model: a model with its table, inputs and parameters chosen
 *
 * Keeps the model's choices in the project, for the next analysis of the
 * same kind on the same table: seg_project_recall_model() gives them back.
 *
 * Returns: whether they were kept
 */
gboolean
seg_project_remember_model (SegProject  *project,
                            SegModel    *model,
                            GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (SEG_IS_MODEL (model), FALSE);

  if (seg_model_get_table (model) == NULL)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, seg_model_get_id (model));
  json_builder_set_member_name (builder, "input");
  json_builder_add_value (builder, seg_model_roles_to_json (model));
  json_builder_set_member_name (builder, "parameters");
  json_builder_add_value (builder, seg_model_params_to_json (model));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  key = choices_key (seg_model_get_kind (model), seg_model_get_table (model));

  return seg_project_set_setting (project, key, text, error);
}

/**
 * seg_project_recall_model:
 * @kind: the kind of model
 * @table: the table to analyse
 *
 * Returns: (transfer full) (nullable): a model with the choices last
 *   kept for @kind on @table, or %NULL when none were (or they no longer
 *   apply: an algorithm gone, a parameter out of range)
 */
SegModel *
seg_project_recall_model (SegProject   *project,
                          SegModelKind  kind,
                          const char   *table)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SegModel) model = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  key = choices_key (kind, table);
  text = seg_project_get_setting (project, key, &error);
  if (text == NULL || (root = json_from_string (text, &error)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (error != NULL)
        g_debug ("Not recalling the choices for %s: %s", table, error->message);
      return NULL;
    }
  object = json_node_get_object (root);

  model = seg_model_new_for_id (json_object_get_string_member_with_default (object, "algorithm", ""), &error);
  if (model == NULL || seg_model_get_kind (model) != kind)
    return NULL;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "table") != NULL)
    g_object_set (model, "table", table, NULL);
  if ((json_object_has_member (object, "input") &&
       JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "input")) &&
       !seg_model_roles_from_json (model, json_object_get_object_member (object, "input"), &error)) ||
      (json_object_has_member (object, "parameters") &&
       JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "parameters")) &&
       !seg_model_params_from_json (model, json_object_get_object_member (object, "parameters"), &error)))
    {
      g_debug ("Not recalling the choices for %s: %s", table, error->message);
      return NULL;
    }

  return g_steal_pointer (&model);
}
