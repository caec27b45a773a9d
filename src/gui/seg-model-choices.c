/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "seg-model-choices.h"

#include "seg-cluster-model.h"

/*
 * What the model dialog proposes before anyone touches it. A shop owner
 * must get a good first run without thinking, so the dialog fills every
 * input from the table's column names: the generic part follows the
 * guesses each role declares, and the part that knows segmentation (the
 * RFM scores first, spend and order counts compared by their logarithm,
 * identifiers left out) is kept here, apart from the dialog that shows
 * the choices.
 */

static const char *const rfm_columns[] = { "recency", "frequency", "monetary", NULL };
static const char *const skewed_columns[] = { "frequency", "monetary", NULL };

static const SegColumnInfo *
find_column (const SegTableInfo *table,
             const char         *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      const SegColumnInfo *column = g_ptr_array_index (table->columns, i);

      if (g_ascii_strcasecmp (column->name, name) == 0)
        return column;
    }

  return NULL;
}

static gboolean
has_rfm (const SegTableInfo *table)
{
  for (guint i = 0; rfm_columns[i] != NULL; i++)
    if (find_column (table, rfm_columns[i]) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
is_segmentation_columns (SegModel   *model,
                         GParamSpec *pspec)
{
  return SEG_IS_CLUSTER_MODEL (model) && g_str_equal (pspec->name, "columns");
}

static gboolean
is_segmentation_logs (SegModel   *model,
                      GParamSpec *pspec)
{
  return SEG_IS_CLUSTER_MODEL (model) && g_str_equal (pspec->name, "log-columns");
}

/* Identifiers are numbers that mean nothing as amounts: clustering on a
 * customer number would only sort customers by when they signed up. */
static gboolean
looks_like_identifier (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, "id") || g_str_has_suffix (lower, "_no") || g_str_equal (lower, "row");
}

/* The columns a first segmentation compares rows by: the RFM scores when
 * the table has them, or the number columns that are not identifiers. */
static GStrv
segmentation_columns (const SegTableInfo *table,
                      gboolean            logs)
{
  g_autoptr(GStrvBuilder) chosen = g_strv_builder_new ();
  gboolean rfm = has_rfm (table);

  for (guint i = 0; i < table->columns->len; i++)
    {
      const SegColumnInfo *column = g_ptr_array_index (table->columns, i);
      g_autofree char *lower = g_ascii_strdown (column->name, -1);
      gboolean use;

      if (rfm)
        use = g_strv_contains (logs ? skewed_columns : rfm_columns, lower);
      else
        use = !logs && seg_column_kinds_accept (SEG_COLUMN_KINDS_NUMBER, column->type) &&
              !looks_like_identifier (column->name);
      if (use)
        g_strv_builder_add (chosen, column->name);
    }

  return g_strv_builder_end (chosen);
}

/**
 * seg_model_choices_column:
 * @pspec: a column input
 *
 * Returns: (transfer full) (nullable): the first of the input's guesses
 *   that @table has with a type the input accepts, as the table names it
 */
char *
seg_model_choices_column (GParamSpec         *pspec,
                          const SegTableInfo *table)
{
  const SegRoleInfo *role = seg_param_spec_get_role (pspec);

  g_return_val_if_fail (role != NULL, NULL);

  for (guint g = 0; role->guesses != NULL && role->guesses[g] != NULL; g++)
    {
      const SegColumnInfo *column = find_column (table, role->guesses[g]);

      if (column != NULL && seg_column_kinds_accept (role->accepts, column->type))
        return g_strdup (column->name);
    }

  return NULL;
}

/**
 * seg_model_choices_table:
 * @tables: (element-type SegTableInfo): the project's tables
 *
 * Returns: the index in @tables of the table the model most likely reads:
 *   the one where most of its column inputs find a guessed name, and for
 *   a segmentation one with RFM scores; on a tie the user's own table
 *   before one a run wrote, then the first
 */
guint
seg_model_choices_table (SegModel  *model,
                         GPtrArray *tables)
{
  g_autoptr(GPtrArray) roles = seg_model_list_roles (model);
  guint best = 0;
  int best_score = -1;

  for (guint t = 0; t < tables->len; t++)
    {
      const SegTableInfo *table = g_ptr_array_index (tables, t);
      int score = 0;

      for (guint r = 0; r < roles->len; r++)
        {
          GParamSpec *pspec = g_ptr_array_index (roles, r);
          g_autofree char *guess = NULL;

          if (seg_param_spec_get_role (pspec)->kind != SEG_ROLE_COLUMN)
            continue;
          guess = seg_model_choices_column (pspec, table);
          score += guess != NULL ? 2 : 0;
        }
      /* A run's results, such as earlier offers, are seldom the input of
       * a new analysis. */
      if (table->origin == NULL || strstr (table->origin, "\"run\"") == NULL)
        score += 1;
      if (SEG_IS_CLUSTER_MODEL (model) && has_rfm (table))
        score += 20;
      if (score > best_score)
        {
          best = t;
          best_score = score;
        }
    }

  return best;
}

/**
 * seg_model_choices_apply:
 * @table: the table the model now reads
 *
 * Sets every column input of @model to its first choice for @table. A
 * required input that no guess fills takes the first column it accepts
 * that no other input took; a list takes every column it accepts when it
 * is required and none when it is not.
 */
void
seg_model_choices_apply (SegModel           *model,
                         const SegTableInfo *table)
{
  g_autoptr(GPtrArray) roles = seg_model_list_roles (model);
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < roles->len; r++)
    {
      GParamSpec *pspec = g_ptr_array_index (roles, r);
      const SegRoleInfo *role = seg_param_spec_get_role (pspec);

      if (role->kind == SEG_ROLE_COLUMN)
        {
          g_autofree char *name = seg_model_choices_column (pspec, table);

          for (guint i = 0; name == NULL && !role->optional && i < table->columns->len; i++)
            {
              const SegColumnInfo *column = g_ptr_array_index (table->columns, i);

              if (seg_column_kinds_accept (role->accepts, column->type) &&
                  !g_ptr_array_find_with_equal_func (taken, column->name, g_str_equal, NULL))
                name = g_strdup (column->name);
            }
          g_object_set (model, pspec->name, name, NULL);
          if (name != NULL)
            g_ptr_array_add (taken, g_steal_pointer (&name));
        }
      else if (role->kind == SEG_ROLE_COLUMNS)
        {
          g_auto(GStrv) names = NULL;

          if (is_segmentation_columns (model, pspec) || is_segmentation_logs (model, pspec))
            names = segmentation_columns (table, is_segmentation_logs (model, pspec));
          else
            {
              g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

              for (guint i = 0; !role->optional && i < table->columns->len; i++)
                {
                  const SegColumnInfo *column = g_ptr_array_index (table->columns, i);

                  if (seg_column_kinds_accept (role->accepts, column->type))
                    g_strv_builder_add (builder, column->name);
                }
              names = g_strv_builder_end (builder);
            }
          g_object_set (model, pspec->name, names, NULL);
        }
    }

  seg_model_choices_tidy (model);
}

/**
 * seg_model_choices_usable:
 * @pspec: a list input of @model
 * @column: a column the list may hold
 *
 * Returns: whether @column can be ticked in @pspec given the other
 *   inputs: a segmentation takes the logarithm only of columns it
 *   compares rows by
 */
gboolean
seg_model_choices_usable (SegModel   *model,
                          GParamSpec *pspec,
                          const char *column)
{
  g_auto(GStrv) columns = NULL;

  if (!is_segmentation_logs (model, pspec))
    return TRUE;

  g_object_get (model, "columns", &columns, NULL);
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    if (g_ascii_strcasecmp (columns[i], column) == 0)
      return TRUE;

  return FALSE;
}

/**
 * seg_model_choices_tidy:
 *
 * Drops from the inputs what another input has made unusable, such as
 * the logarithm of a column no longer compared.
 */
void
seg_model_choices_tidy (SegModel *model)
{
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) logs = NULL;
  g_auto(GStrv) tidy = NULL;
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (model), "log-columns");
  if (pspec == NULL || !is_segmentation_logs (model, pspec))
    return;

  g_object_get (model, "log-columns", &logs, NULL);
  for (guint i = 0; logs != NULL && logs[i] != NULL; i++)
    if (seg_model_choices_usable (model, pspec, logs[i]))
      g_strv_builder_add (kept, logs[i]);
  tidy = g_strv_builder_end (kept);
  g_object_set (model, "log-columns", tidy, NULL);
}
