/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "seg-project-private.h"
#include "seg-table.h"

/*
 * A table of the project as an item of a list model: its catalog record,
 * read when the list was last brought up to date, and the run that made
 * it, if a run did.
 */

struct _SegTable
{
  GObject       parent_instance;
  SegTableInfo *info;
  gint64        run;
};

G_DEFINE_FINAL_TYPE (SegTable, seg_table, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_ROWS,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
seg_table_finalize (GObject *object)
{
  SegTable *self = SEG_TABLE (object);

  g_clear_pointer (&self->info, seg_table_info_free);

  G_OBJECT_CLASS (seg_table_parent_class)->finalize (object);
}

static void
seg_table_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SegTable *self = SEG_TABLE (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->info->name); break;
    case PROP_ROWS: g_value_set_int64 (value, self->info->rows); break;
    case PROP_RUN: g_value_set_int64 (value, self->run); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seg_table_class_init (SegTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = seg_table_finalize;
  object_class->get_property = seg_table_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_ROWS] = g_param_spec_int64 ("rows", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RUN] = g_param_spec_int64 ("run", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
seg_table_init (SegTable *self)
{
}

/* The run a result table came from, by its recorded origin; 0 for the
 * user's own tables. */
static gint64
run_of (const SegTableInfo *info)
{
  g_autoptr(JsonNode) origin = info->origin != NULL ? json_from_string (info->origin, NULL) : NULL;

  if (origin == NULL || !JSON_NODE_HOLDS_OBJECT (origin))
    return 0;

  return json_object_get_int_member_with_default (json_node_get_object (origin), "run", 0);
}

static SegTable *
seg_table_new (SegTableInfo *info)
{
  SegTable *self = g_object_new (SEG_TYPE_TABLE, NULL);

  self->info = info;
  self->run = run_of (info);

  return self;
}

const char *
seg_table_get_name (SegTable *self)
{
  g_return_val_if_fail (SEG_IS_TABLE (self), NULL);

  return self->info->name;
}

gint64
seg_table_get_rows (SegTable *self)
{
  g_return_val_if_fail (SEG_IS_TABLE (self), 0);

  return self->info->rows;
}

/* The run that wrote the table, or 0. */
gint64
seg_table_get_run (SegTable *self)
{
  g_return_val_if_fail (SEG_IS_TABLE (self), 0);

  return self->run;
}

/**
 * seg_table_get_info:
 *
 * Returns: (transfer none): the catalog record, with the columns
 */
SegTableInfo *
seg_table_get_info (SegTable *self)
{
  g_return_val_if_fail (SEG_IS_TABLE (self), NULL);

  return self->info;
}

static gboolean
same_record (const SegTableInfo *a,
             const SegTableInfo *b)
{
  if (a->rows != b->rows || a->data_version != b->data_version || a->columns->len != b->columns->len ||
      g_strcmp0 (a->imported_at, b->imported_at) != 0 || g_strcmp0 (a->origin, b->origin) != 0)
    return FALSE;
  for (guint i = 0; i < a->columns->len; i++)
    {
      const SegColumnInfo *ca = g_ptr_array_index (a->columns, i);
      const SegColumnInfo *cb = g_ptr_array_index (b->columns, i);

      if (g_strcmp0 (ca->name, cb->name) != 0 || ca->type != cb->type)
        return FALSE;
    }

  return TRUE;
}

/* Brings the list to the catalog's tables in the catalog's order, keeping
 * the items of tables that did not change, so views keep their rows. */
static void
refresh_tables (SegProject *project,
                GListStore *store)
{
  g_autoptr(GPtrArray) tables = seg_project_list_tables (project, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  if (tables == NULL)
    return;

  /* First the tables that are gone; what stays is then in the catalog's
   * order, and the rest is a walk through both. */
  for (guint i = 0; i < tables->len; i++)
    g_hash_table_add (names, ((SegTableInfo *) g_ptr_array_index (tables, i))->name);
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (store)); i > 0; i--)
    {
      g_autoptr(SegTable) item = g_list_model_get_item (G_LIST_MODEL (store), i - 1);

      if (!g_hash_table_contains (names, item->info->name))
        g_list_store_remove (store, i - 1);
    }

  g_ptr_array_set_free_func (tables, NULL);
  for (guint i = 0; i < tables->len; i++)
    {
      SegTableInfo *info = g_ptr_array_index (tables, i);
      g_autoptr(SegTable) item = g_list_model_get_item (G_LIST_MODEL (store), i);
      gboolean same_name = item != NULL && g_strcmp0 (item->info->name, info->name) == 0;

      if (same_name && same_record (item->info, info))
        seg_table_info_free (info);
      else
        {
          g_autoptr(SegTable) fresh = seg_table_new (info);

          g_list_store_splice (store, i, same_name ? 1 : 0, (gpointer *) &fresh, 1);
        }
    }
}

/**
 * seg_project_get_tables:
 *
 * The project's tables, kept up to date: an import, a run, a rename or a
 * delete through any of the project's connections shows here once its
 * transaction is committed.
 *
 * Returns: (transfer none): a list model of SegTable
 */
GListModel *
seg_project_get_tables (SegProject *project)
{
  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  return seg_project_observe (project, "seg-tables", SEG_TYPE_TABLE, refresh_tables);
}
