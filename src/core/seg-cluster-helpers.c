/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seg-cluster-model-private.h"
#include "seg-enums.h"
#include "seg-error.h"

/* What the clustering models share: their common parameters, the check
 * that there are rows enough for the clusters asked for, the kernels'
 * view of a fit, and reading back a run's preparation. */

gboolean
seg_cluster_cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
  return FALSE;
}

/* How many different rows there are, counting no further than @most. */
static size_t
count_distinct (const double *x,
                size_t        n,
                size_t        d,
                size_t        most)
{
  g_autofree size_t *seen = g_new (size_t, most);
  size_t found = 0;

  for (size_t i = 0; i < n && found < most; i++)
    {
      gboolean known = FALSE;

      for (size_t j = 0; j < found && !known; j++)
        known = memcmp (x + i * d, x + seen[j] * d, d * sizeof (double)) == 0;
      if (!known)
        seen[found++] = i;
    }

  return found;
}

/* k clusters need k rows, and k different ones: identical rows cannot be
 * told apart. */
gboolean
seg_cluster_check_rows (const double *x,
            size_t        n,
            size_t        d,
            size_t        k,
            GError      **error)
{
  size_t distinct;

  if (n < k)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--k: %zu clusters need at least as many rows, and there are %zu"),
                   k, n);
      return FALSE;
    }

  distinct = count_distinct (x, n, d, k);
  if (distinct < k)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   g_dngettext (GETTEXT_PACKAGE,
                                "--k: %zu clusters need at least as many different rows, and in the chosen columns "
                                "the rows take only %zu different value",
                                "--k: %zu clusters need at least as many different rows, and in the chosen columns "
                                "the rows take only %zu different values",
                                distinct),
                   k, distinct);
      return FALSE;
    }

  return TRUE;
}

GParamSpec *
seg_cluster_param_k (int default_k)
{
  return g_param_spec_int ("k", _("Clusters"),
                           _("How many segments to find"),
                           2, 200, default_k, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

GParamSpec *
seg_cluster_param_seed (void)
{
  return seg_param_spec_set_advanced (
    g_param_spec_uint64 ("seed", _("Seed"),
                         _("Starts the random choices; the same seed gives the same result"),
                         0, G_MAXINT64, 0, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

static int
fit_progress (double  fraction,
              void   *data)
{
  const SegFitContext *context = data;

  if (context->report != NULL)
    context->report (fraction, context->report_data);

  return context->cancel == NULL || !*context->cancel;
}

/* The kernels' view of a fit's context. */
SegMonitor
seg_cluster_fit_monitor (const SegFitContext *context)
{
  return (SegMonitor) {
    .progress = fit_progress,
    .progress_data = (void *) context,
    .cancel = context->cancel,
  };
}

/**
 * seg_run_record_get_prep:
 * @prep: (out): the preparation the run recorded
 *
 * Reads back how a run prepared its rows, to prepare them again the same
 * way.
 *
 * Returns: (transfer full): the columns it took the log of, which
 *   @prep->log_columns points into while they live
 */
GStrv
seg_run_record_get_prep (const SegRunRecord *record,
                         SegPrepOptions     *prep)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (record->preprocessing) ? json_node_get_array (record->preprocessing) : NULL;
  JsonObject *input = JSON_NODE_HOLDS_OBJECT (record->input) ? json_node_get_object (record->input) : NULL;
  g_autoptr(GStrvBuilder) logs = g_strv_builder_new ();
  GStrv log_list;
  int chosen;

  prep->scale = SEG_SCALE_NONE;
  prep->impute = SEG_IMPUTE_MEDIAN;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *step = json_array_get_object_element (array, i);
      const char *kind = step != NULL ? json_object_get_string_member_with_default (step, "step", "") : "";
      int value;

      if (g_str_equal (kind, "scale") &&
          seg_enum_from_nick (SEG_TYPE_SCALE, json_object_get_string_member_with_default (step, "method", ""), &value))
        prep->scale = value;
      else if (g_str_equal (kind, "impute") &&
               seg_enum_from_nick (SEG_TYPE_IMPUTE, json_object_get_string_member_with_default (step, "method", ""), &value))
        prep->impute = value;
      else if (g_str_equal (kind, "drop-missing"))
        prep->impute = SEG_IMPUTE_DROP;
      else if (g_str_equal (kind, "log1p") && json_object_has_member (step, "columns"))
        {
          JsonArray *columns = json_object_get_array_member (step, "columns");

          for (guint c = 0; columns != NULL && c < json_array_get_length (columns); c++)
            g_strv_builder_add (logs, json_array_get_string_element (columns, c));
        }
    }

  /* Runs record their choices with their input; older ones only the
   * steps that changed something, read above. */
  if (input != NULL &&
      seg_enum_from_nick (SEG_TYPE_SCALE, json_object_get_string_member_with_default (input, "scale", ""), &chosen))
    prep->scale = chosen;
  if (input != NULL &&
      seg_enum_from_nick (SEG_TYPE_IMPUTE, json_object_get_string_member_with_default (input, "impute", ""), &chosen))
    prep->impute = chosen;

  log_list = g_strv_builder_end (logs);
  prep->log_columns = log_list[0] != NULL ? (const char *const *) log_list : NULL;
  return log_list;
}

