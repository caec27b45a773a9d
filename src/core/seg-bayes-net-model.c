/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "seg-bayes-net-model.h"
#include "seg-classifier-model.h"
#include "seg-error.h"
#include "seg-project-private.h"
#include "seg-run-context-private.h"
#include "seg-run-record.h"

/*
 * Bayesian network: a drawing of which columns depend on which, arrows
 * from the answer to every column and (with TAN) one more arrow into
 * most columns from the column that tells most about it, with a table of
 * chances for each. Numbers are cut into equally full bins; text columns
 * keep their levels (a missing text is a state of its own). The fitted
 * network stays with the run, and the page can ask it "what if" and add
 * or remove arrows, which re-estimates and keeps the edited network.
 */

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

#define SEG_TYPE_BAYES_NET_MODEL (seg_bayes_net_model_get_type ())
G_DECLARE_FINAL_TYPE (SegBayesNetModel, seg_bayes_net_model, SEG, BAYES_NET_MODEL, SegPredictModel)

struct _SegBayesNetModel
{
  SegPredictModel parent_instance;
  int             bins;
  double          alpha;
  int             structure;
};

G_DEFINE_FINAL_TYPE (SegBayesNetModel, seg_bayes_net_model, SEG_TYPE_PREDICT_MODEL)

enum {
  PROP_0,
  PROP_BINS,
  PROP_ALPHA,
  PROP_STRUCTURE,
};

static gpointer
bayes_net_fit (SegPredictModel   *model,
               const SegDesign   *design,
               const double      *y,
               const double      *weight,
               const SegMonitor  *monitor,
               GError           **error)
{
  SegBayesNetModel *self = SEG_BAYES_NET_MODEL (model);
  g_autofree double *x = seg_design_dense_codes (design);
  g_autofree char *target = NULL;
  SegBayesNetParams params;
  GError *local_error = NULL;
  SegBayesNet *fitted;

  g_object_get (model, "target", &target, NULL);
  seg_bayes_net_params_init (&params);
  params.bins = (size_t) self->bins;
  params.alpha = self->alpha;
  params.structure = self->structure == SEG_NET_STRUCTURE_NAIVE ? SEG_BAYES_STRUCTURE_NAIVE
                                                                : SEG_BAYES_STRUCTURE_TAN;
  params.names = design->names;
  params.class_name = target;
  fitted = seg_bayes_net_fit (x, design->n, design->p, y, weight, design->categorical, &params, monitor,
                              &local_error);
  if (fitted != NULL)
    return fitted;
  return seg_classifier_fit_error (error, local_error);
}

static void
bayes_net_predict (SegPredictModel *self,
                   gconstpointer    fitted,
                   const SegDesign *rows,
                   double          *out)
{
  g_autofree double *x = seg_design_dense_codes (rows);
  g_autoptr(GError) error = NULL;

  /* Scoring fails only for tables of chances too large to multiply out,
   * which the fit already had to build; say so rather than guess. */
  if (!seg_bayes_net_predict (fitted, x, rows->n, out, &error))
    {
      g_warning ("The Bayesian network cannot score these rows: %s", error->message);
      for (size_t i = 0; i < rows->n; i++)
        out[i] = NAN;
    }
}

static GBytes *
bayes_net_to_bytes (SegPredictModel *self,
                    gconstpointer    fitted)
{
  return seg_bayes_net_to_bytes (fitted);
}

static gpointer
bayes_net_from_bytes (SegPredictModel  *self,
                      GBytes           *bytes,
                      GError          **error)
{
  return seg_bayes_net_from_bytes (bytes, error);
}

/**
 * seg_predict_bayes_net_describe:
 *
 * The network for people: its nodes with their states and tables of
 * chances (one row per combination of the parents' states), and its
 * arrows.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
seg_predict_bayes_net_describe (const SegBayesNet *net)
{
  size_t n = seg_bayes_net_n_nodes (net);
  g_autofree size_t *from = g_new (size_t, n * n);
  g_autofree size_t *to = g_new (size_t, n * n);
  size_t n_arrows = seg_bayes_net_arrows (net, from, to);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "class");
  json_builder_add_string_value (builder, seg_bayes_net_node_name (net, seg_bayes_net_class_node (net)));
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (size_t v = 0; v < n; v++)
    {
      size_t n_states = seg_bayes_net_n_states (net, v), n_parents = 0, n_configs = 0;
      const size_t *parents = seg_bayes_net_parents (net, v, &n_parents);
      const double *cpt = seg_bayes_net_cpt (net, v, &n_configs);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, seg_bayes_net_node_name (net, v));
      json_builder_set_member_name (builder, "states");
      json_builder_begin_array (builder);
      for (size_t s = 0; s < n_states; s++)
        json_builder_add_string_value (builder, seg_bayes_net_state_label (net, v, s));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "parents");
      json_builder_begin_array (builder);
      for (size_t k = 0; k < n_parents; k++)
        json_builder_add_string_value (builder, seg_bayes_net_node_name (net, parents[k]));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "cpt");
      json_builder_begin_array (builder);
      for (size_t q = 0; q < n_configs; q++)
        {
          json_builder_begin_array (builder);
          for (size_t s = 0; s < n_states; s++)
            json_builder_add_double_value (builder, cpt[q * n_states + s]);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "arrows");
  json_builder_begin_array (builder);
  for (size_t a = 0; a < n_arrows; a++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, seg_bayes_net_node_name (net, from[a]));
      json_builder_add_string_value (builder, seg_bayes_net_node_name (net, to[a]));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
bayes_net_describe (SegPredictModel *self,
                    gconstpointer    fitted,
                    const SegDesign *design)
{
  return seg_predict_bayes_net_describe (fitted);
}

static SegRunRecord *
bayes_net_run (SegProject  *project,
               gint64       run_id,
               GError     **error)
{
  g_autoptr(SegRunRecord) record = seg_project_get_run (project, run_id, error);

  if (record == NULL)
    return NULL;
  if (g_strcmp0 (record->algorithm, "bayes-net") != 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("Run %" PRId64 " is not a Bayesian network run (it is “%s”)"),
                   run_id, record->algorithm);
      return NULL;
    }
  return g_steal_pointer (&record);
}

static SegBayesNet *
load_net (SegProject  *project,
          gint64       run_id,
          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  GError *local_error = NULL;

  bytes = seg_project_read_run_state (project, run_id, "model", &local_error);
  if (bytes == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                     _("Run %" PRId64 " kept no fitted model; run it again"), run_id);
      return NULL;
    }
  return seg_bayes_net_from_bytes (bytes, error);
}

/**
 * seg_predict_bayes_net_load:
 * @run_id: a "bayes-net" run
 *
 * Reads the run's fitted (and perhaps edited) network.
 *
 * Returns: (transfer full) (nullable): the network, or NULL with @error
 */
SegBayesNet *
seg_predict_bayes_net_load (SegProject  *project,
                            gint64       run_id,
                            GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;

  g_return_val_if_fail (SEG_IS_PROJECT (project), NULL);

  record = bayes_net_run (project, run_id, error);
  if (record == NULL)
    return NULL;
  return load_net (project, run_id, error);
}

static gboolean
find_node (const SegBayesNet  *net,
           const char         *name,
           size_t             *node,
           GError            **error)
{
  for (size_t v = 0; v < seg_bayes_net_n_nodes (net); v++)
    if (g_strcmp0 (seg_bayes_net_node_name (net, v), name) == 0)
      {
        *node = v;
        return TRUE;
      }
  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("The network has no node “%s”"), name);
  return FALSE;
}

/**
 * seg_predict_record_levels:
 * @record: a prediction run's record
 * @column: a text column of its features
 *
 * Returns: (transfer none) (nullable): the column's levels in the order
 *   of their codes, as the run's preparation found them
 */
JsonArray *
seg_predict_record_levels (const SegRunRecord *record,
                           const char         *column)
{
  JsonArray *steps;

  if (record->preprocessing == NULL || !JSON_NODE_HOLDS_ARRAY (record->preprocessing))
    return NULL;
  steps = json_node_get_array (record->preprocessing);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      if (step != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (step, "step", ""), "codes") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (step, "column", ""), column) == 0 &&
          json_object_has_member (step, "levels"))
        return json_object_get_array_member (step, "levels");
    }
  return NULL;
}

/* A state by its label: a text column's level as in the data, the
 * label the network gives it (a bin such as "≤ 3.5", a code), or for a
 * number column a value. */
static gboolean
find_state (const SegBayesNet   *net,
            const SegRunRecord  *record,
            size_t               node,
            const char          *name,
            int                 *state,
            GError             **error)
{
  JsonArray *levels = seg_predict_record_levels (record, seg_bayes_net_node_name (net, node));
  size_t n_states = seg_bayes_net_n_states (net, node), n_cuts = 0;
  const double *cuts;
  double value;
  char *end = NULL;

  for (guint l = 0; levels != NULL && l < json_array_get_length (levels) && l < n_states; l++)
    if (g_strcmp0 (json_array_get_string_element (levels, l), name) == 0)
      {
        *state = (int) l;
        return TRUE;
      }
  for (size_t s = 0; s < n_states; s++)
    if (g_strcmp0 (seg_bayes_net_state_label (net, node, s), name) == 0)
      {
        *state = (int) s;
        return TRUE;
      }
  /* A number column also takes a value, put into its bin. */
  cuts = seg_bayes_net_cuts (net, node, &n_cuts);
  value = g_ascii_strtod (name, &end);
  if (cuts != NULL && end != name && *end == '\0' && isfinite (value))
    {
      *state = (int) seg_bins_find (cuts, n_cuts, value);
      return TRUE;
    }
  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("--set: the node “%s” has no state “%s”"), seg_bayes_net_node_name (net, node), name);
  return FALSE;
}

/**
 * seg_predict_bayes_net_what_if:
 * @run_id: a "bayes-net" run
 * @nodes: (array zero-terminated=1) (nullable): the nodes observed
 * @states: (array zero-terminated=1) (nullable): their states, by the
 *   text value or the network's state label (a bin such as "3.5–7")
 * @probability: (out): P(class = 1 | the states)
 *
 * With no evidence, the answer is the network's prior chance of a yes.
 */
gboolean
seg_predict_bayes_net_what_if (SegProject         *project,
                               gint64              run_id,
                               const char *const  *nodes,
                               const char *const  *states,
                               double             *probability,
                               GError            **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegBayesNet) net = NULL;
  g_autofree int *evidence = NULL;
  g_autofree double *posterior = NULL;
  size_t n, class_node;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail ((nodes == NULL) == (states == NULL), FALSE);

  record = bayes_net_run (project, run_id, error);
  if (record == NULL)
    return FALSE;
  net = load_net (project, run_id, error);
  if (net == NULL)
    return FALSE;
  n = seg_bayes_net_n_nodes (net);
  class_node = seg_bayes_net_class_node (net);
  evidence = g_new (int, n);
  for (size_t v = 0; v < n; v++)
    evidence[v] = -1;
  for (size_t i = 0; nodes != NULL && nodes[i] != NULL; i++)
    {
      size_t node;

      g_return_val_if_fail (states[i] != NULL, FALSE);
      if (!find_node (net, nodes[i], &node, error))
        {
          g_prefix_error (error, "--set: ");
          return FALSE;
        }
      if (node == class_node)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--set: “%s” is what the network predicts; set the other nodes"), nodes[i]);
          return FALSE;
        }
      if (!find_state (net, record, node, states[i], &evidence[node], error))
        return FALSE;
    }
  posterior = g_new (double, seg_bayes_net_n_states (net, class_node));
  if (!seg_bayes_net_query (net, class_node, evidence, posterior, error))
    return FALSE;
  *probability = seg_bayes_net_n_states (net, class_node) > 1 ? posterior[1] : 0.0;

  return TRUE;
}

/* Keeps the edited network and its description, in one transaction. */
static gboolean
save_net (SegProject         *project,
          const SegRunRecord *record,
          const SegBayesNet  *net,
          GError            **error)
{
  g_autoptr(GBytes) bytes = seg_bayes_net_to_bytes (net);
  g_autoptr(JsonNode) description = seg_predict_bayes_net_describe (net);
  g_autoptr(JsonNode) metrics = record->metrics != NULL ? json_node_copy (record->metrics)
                                                        : json_node_init_object (json_node_alloc (), json_object_new ());
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *metrics_text = NULL;
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (bytes, &size);
  gboolean ok;
  int rc;

  json_object_set_member (json_node_get_object (metrics), "model", g_steal_pointer (&description));
  metrics_text = json_to_string (metrics, FALSE);

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = seg_project_prepare (project, "UPDATE seg_run_state SET data = ? WHERE run_id = ? AND name = 'model'",
                            &stmt, error);
  if (ok)
    {
      sqlite3_bind_blob64 (stmt, 1, data, size, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, record->id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        ok = seg_project_set_sqlite_error (project, rc, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  ok = ok && seg_project_prepare (project, "UPDATE seg_runs SET metrics = ? WHERE id = ?", &stmt, error);
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, metrics_text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, record->id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        ok = seg_project_set_sqlite_error (project, rc, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!ok || !seg_project_exec (project, "COMMIT", error))
    {
      seg_project_exec (project, "ROLLBACK", NULL);
      return FALSE;
    }
  seg_project_changed (project);

  return TRUE;
}

static gboolean
edit_arrow (SegProject  *project,
            gint64       run_id,
            const char  *from,
            const char  *to,
            gboolean     add,
            GError     **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegBayesNet) net = NULL;
  const char *option = add ? "--add-arrow" : "--remove-arrow";
  GError *local_error = NULL;
  size_t u, v;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  record = bayes_net_run (project, run_id, error);
  if (record == NULL)
    return FALSE;
  net = load_net (project, run_id, error);
  if (net == NULL)
    return FALSE;
  if (!find_node (net, from, &u, error) || !find_node (net, to, &v, error))
    {
      g_prefix_error (error, "%s: ", option);
      return FALSE;
    }
  if (!(add ? seg_bayes_net_add_arrow (net, u, v, &local_error)
            : seg_bayes_net_remove_arrow (net, u, v, &local_error)))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   "%s: %s", option, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return save_net (project, record, net, error);
}

/**
 * seg_predict_bayes_net_add_arrow:
 * @run_id: a "bayes-net" run
 * @from: a node's name
 * @to: another node's name
 *
 * Adds the arrow, re-estimates @to's table of chances from the training
 * rows the network keeps, and saves the edited network with the run. An
 * arrow that would close a cycle, or that the network already has, is
 * refused with @error and the project is left as it was.
 */
gboolean
seg_predict_bayes_net_add_arrow (SegProject  *project,
                                 gint64       run_id,
                                 const char  *from,
                                 const char  *to,
                                 GError     **error)
{
  return edit_arrow (project, run_id, from, to, TRUE, error);
}

/**
 * seg_predict_bayes_net_remove_arrow:
 *
 * As seg_predict_bayes_net_add_arrow (), taking the arrow away.
 */
gboolean
seg_predict_bayes_net_remove_arrow (SegProject  *project,
                                    gint64       run_id,
                                    const char  *from,
                                    const char  *to,
                                    GError     **error)
{
  return edit_arrow (project, run_id, from, to, FALSE, error);
}

static void
seg_bayes_net_model_class_init (SegBayesNetModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);
  SegPredictModelClass *predict_class = SEG_PREDICT_MODEL_CLASS (klass);

  model_class->id = "bayes-net";
  model_class->title = N_("Bayesian network");
  seg_predict_model_class_set_kind (predict_class, SEG_MODEL_KIND_CLASSIFICATION);
  predict_class->categorical_codes = TRUE;
  predict_class->fit = bayes_net_fit;
  predict_class->predict = bayes_net_predict;
  predict_class->to_bytes = bayes_net_to_bytes;
  predict_class->from_bytes = bayes_net_from_bytes;
  predict_class->free_fitted = (void (*) (gpointer)) seg_bayes_net_free;
  predict_class->describe = bayes_net_describe;

  seg_model_class_install (model_class, PROP_BINS,
    g_param_spec_int ("bins", _("Bins"),
                      _("Number columns are cut into this many equally full groups, such as low, middle and high"),
                      2, 32, 4, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegBayesNetModel, bins));
  seg_model_class_install (model_class, PROP_ALPHA,
    g_param_spec_double ("alpha", _("Prior count"),
                         _("Pretend every combination was seen this many more times, so that rare ones "
                           "do not get chances of 0 or 1"),
                         0.0, 1e6, 1.0, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegBayesNetModel, alpha));
  seg_model_class_install (model_class, PROP_STRUCTURE,
    g_param_spec_enum ("structure", _("Structure"),
                       _("tan also links each column to the column that tells most about it; "
                         "naive links every column to the answer only"),
                       SEG_TYPE_NET_STRUCTURE, SEG_NET_STRUCTURE_TAN, PARAM_FLAGS),
    G_STRUCT_OFFSET (SegBayesNetModel, structure));
}

static void
seg_bayes_net_model_init (SegBayesNetModel *self)
{
}
