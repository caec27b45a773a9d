/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <inttypes.h>
#include <math.h>

#include "seg-dbscan.h"
#include "seg-error.h"
#include "seg-kmeans.h"
#include "seg-model.h"
#include "seg-quality.h"

G_DEFINE_ENUM_TYPE (SegLinkage, seg_linkage,
  G_DEFINE_ENUM_VALUE (SEG_LINKAGE_WARD, "ward"),
  G_DEFINE_ENUM_VALUE (SEG_LINKAGE_AVERAGE, "average"),
  G_DEFINE_ENUM_VALUE (SEG_LINKAGE_COMPLETE, "complete"),
  G_DEFINE_ENUM_VALUE (SEG_LINKAGE_SINGLE, "single"))

G_DEFINE_ENUM_TYPE (SegScale, seg_scale,
  G_DEFINE_ENUM_VALUE (SEG_SCALE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SEG_SCALE_STANDARD, "standard"),
  G_DEFINE_ENUM_VALUE (SEG_SCALE_ROBUST, "robust"),
  G_DEFINE_ENUM_VALUE (SEG_SCALE_MINMAX, "minmax"))

G_DEFINE_ENUM_TYPE (SegImpute, seg_impute,
  G_DEFINE_ENUM_VALUE (SEG_IMPUTE_MEAN, "mean"),
  G_DEFINE_ENUM_VALUE (SEG_IMPUTE_MEDIAN, "median"),
  G_DEFINE_ENUM_VALUE (SEG_IMPUTE_DROP, "drop"))

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

void
seg_fit_clear (SegFit *fit)
{
  g_clear_pointer (&fit->merges, g_array_unref);
  g_clear_pointer (&fit->extra, json_object_unref);
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

G_DEFINE_ABSTRACT_TYPE (SegModel, seg_model, G_TYPE_OBJECT)

static void
seg_model_class_init (SegModelClass *klass)
{
}

static void
seg_model_init (SegModel *self)
{
}

/**
 * seg_model_list_types:
 * @n_types: (out): how many
 *
 * Returns: (transfer full): the algorithms, in the order menus show them
 */
GType *
seg_model_list_types (guint *n_types)
{
  GType types[] = {
    SEG_TYPE_KMEANS_MODEL,
    SEG_TYPE_MINIBATCH_MODEL,
    SEG_TYPE_DBSCAN_MODEL,
    SEG_TYPE_HIERARCHICAL_MODEL,
  };

  *n_types = G_N_ELEMENTS (types);

  return g_memdup2 (types, sizeof types);
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
  g_autofree GType *types = NULL;
  g_autoptr(GString) known = g_string_new (NULL);
  guint n_types;

  types = seg_model_list_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);
      const char *type_id = SEG_MODEL_CLASS (klass)->id;

      if (g_strcmp0 (id, type_id) == 0)
        return g_object_new (types[i], NULL);
      g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", type_id);
    }

  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
               _("--algorithm: “%s” is not an algorithm; choose one of %s"),
               id != NULL ? id : "", known->str);
  return NULL;
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

/* The seed, for models that have one; 0 otherwise. */
guint64
seg_model_get_seed (SegModel *self)
{
  guint64 seed = 0;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self), "seed") != NULL)
    g_object_get (self, "seed", &seed, NULL);

  return seed;
}

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

/* Sets @value from @text by the type of @pspec; FALSE when it does not parse. */
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

  switch (G_TYPE_FUNDAMENTAL (type))
    {
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
 * @name: a parameter (property) name, such as "n-init"
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
  if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE))
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

  g_object_set_property (G_OBJECT (self), name, &value);
  return TRUE;

invalid:
  {
    g_autofree char *range = describe_range (pspec);

    g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                 _("--%s: “%s” is not valid; give %s"), name, text, range);
    return FALSE;
  }
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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (self), &n_pspecs);
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      GType type = G_PARAM_SPEC_VALUE_TYPE (pspecs[i]);

      g_value_init (&value, type);
      g_object_get_property (G_OBJECT (self), pspecs[i]->name, &value);
      json_builder_set_member_name (builder, pspecs[i]->name);

      if (G_TYPE_IS_ENUM (type))
        json_builder_add_string_value (builder, seg_enum_to_nick (type, g_value_get_enum (&value)));
      else if (type == G_TYPE_INT)
        json_builder_add_int_value (builder, g_value_get_int (&value));
      else if (type == G_TYPE_UINT64)
        json_builder_add_int_value (builder, (gint64) g_value_get_uint64 (&value));
      else if (type == G_TYPE_DOUBLE)
        json_builder_add_double_value (builder, g_value_get_double (&value));
      else if (type == G_TYPE_BOOLEAN)
        json_builder_add_boolean_value (builder, g_value_get_boolean (&value));
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
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

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (params, l->data);
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (node))
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
                       _("--%s: the run record holds no usable value"), (const char *) l->data);
          return FALSE;
        }
      if (!seg_model_set_param (self, l->data, text, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
seg_model_fit (SegModel            *self,
               const double        *x,
               size_t               n,
               size_t               d,
               const SegFitContext *context,
               SegFit              *fit,
               GError             **error)
{
  g_return_val_if_fail (SEG_IS_MODEL (self), FALSE);
  g_return_val_if_fail (fit->labels != NULL, FALSE);

  fit->inertia = NAN;
  fit->iterations = -1;
  fit->n_clusters = 0;

  return SEG_MODEL_GET_CLASS (self)->fit (self, x, n, d, context, fit, error);
}

static gboolean
set_cancelled (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
  return FALSE;
}

/* Too few rows for the clusters asked for. */
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
static gboolean
check_rows (const double *x,
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

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/* k-means ------------------------------------------------------------- */

struct _SegKmeansModel
{
  SegModel parent_instance;
  int      k;
  int      n_init;
  int      max_iter;
  double   tol;
  guint64  seed;
};

G_DEFINE_FINAL_TYPE (SegKmeansModel, seg_kmeans_model, SEG_TYPE_MODEL)

enum {
  KMEANS_PROP_0,
  KMEANS_PROP_K,
  KMEANS_PROP_N_INIT,
  KMEANS_PROP_MAX_ITER,
  KMEANS_PROP_TOL,
  KMEANS_PROP_SEED,
};

static void
kmeans_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  SegKmeansModel *self = SEG_KMEANS_MODEL (object);

  switch (prop_id)
    {
    case KMEANS_PROP_K: g_value_set_int (value, self->k); break;
    case KMEANS_PROP_N_INIT: g_value_set_int (value, self->n_init); break;
    case KMEANS_PROP_MAX_ITER: g_value_set_int (value, self->max_iter); break;
    case KMEANS_PROP_TOL: g_value_set_double (value, self->tol); break;
    case KMEANS_PROP_SEED: g_value_set_uint64 (value, self->seed); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kmeans_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  SegKmeansModel *self = SEG_KMEANS_MODEL (object);

  switch (prop_id)
    {
    case KMEANS_PROP_K: self->k = g_value_get_int (value); break;
    case KMEANS_PROP_N_INIT: self->n_init = g_value_get_int (value); break;
    case KMEANS_PROP_MAX_ITER: self->max_iter = g_value_get_int (value); break;
    case KMEANS_PROP_TOL: self->tol = g_value_get_double (value); break;
    case KMEANS_PROP_SEED: self->seed = g_value_get_uint64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static GParamSpec *
k_param (int default_k)
{
  return g_param_spec_int ("k", _("Clusters"),
                           _("How many segments to find"),
                           2, 200, default_k, PARAM_FLAGS);
}

static GParamSpec *
seed_param (void)
{
  return g_param_spec_uint64 ("seed", _("Seed"),
                              _("Starts the random choices; the same seed gives the same result"),
                              0, G_MAXINT64, 0, PARAM_FLAGS);
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
static SegMonitor
fit_monitor (const SegFitContext *context)
{
  return (SegMonitor) {
    .progress = fit_progress,
    .progress_data = (void *) context,
    .cancel = context->cancel,
  };
}

static gboolean
kmeans_fit (SegModel            *model,
            const double        *x,
            size_t               n,
            size_t               d,
            const SegFitContext *context,
            SegFit              *fit,
            GError             **error)
{
  SegKmeansModel *self = SEG_KMEANS_MODEL (model);
  g_autofree double *centers = NULL;
  SegKmeansOptions options = {
    .k = (size_t) self->k,
    .n_init = self->n_init,
    .max_iter = self->max_iter,
    .tol = self->tol,
    .seed = self->seed,
    .monitor = fit_monitor (context),
  };

  if (!check_rows (x, n, d, options.k, error))
    return FALSE;

  centers = g_new (double, options.k * d);
  if (seg_kmeans (x, n, d, &options, centers, fit->labels, &fit->inertia, &fit->iterations) != 0)
    return set_cancelled (error);

  fit->n_clusters = options.k;
  return TRUE;
}

static void
seg_kmeans_model_class_init (SegKmeansModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  object_class->get_property = kmeans_get_property;
  object_class->set_property = kmeans_set_property;
  model_class->id = "kmeans";
  model_class->title = N_("k-means");
  model_class->fit = kmeans_fit;

  g_object_class_install_property (object_class, KMEANS_PROP_K, k_param (4));
  g_object_class_install_property (object_class, KMEANS_PROP_N_INIT,
    g_param_spec_int ("n-init", _("Restarts"),
                      _("Runs from different starting points; the tightest clusters win"),
                      1, 1000, 10, PARAM_FLAGS));
  g_object_class_install_property (object_class, KMEANS_PROP_MAX_ITER,
    g_param_spec_int ("max-iter", _("Most iterations"),
                      _("Stops a run that has not settled after this many steps"),
                      1, 100000, 300, PARAM_FLAGS));
  g_object_class_install_property (object_class, KMEANS_PROP_TOL,
    g_param_spec_double ("tol", _("Tolerance"),
                         _("A run has settled when the centres move less than this, relative to the data's spread"),
                         0.0, 1.0, 1e-4, PARAM_FLAGS));
  g_object_class_install_property (object_class, KMEANS_PROP_SEED, seed_param ());
}

static void
seg_kmeans_model_init (SegKmeansModel *self)
{
  self->k = 4;
  self->n_init = 10;
  self->max_iter = 300;
  self->tol = 1e-4;
}

/* Mini-batch k-means -------------------------------------------------- */

struct _SegMinibatchModel
{
  SegModel parent_instance;
  int      k;
  int      batch_size;
  int      max_epochs;
  int      n_init;
  guint64  seed;
};

G_DEFINE_FINAL_TYPE (SegMinibatchModel, seg_minibatch_model, SEG_TYPE_MODEL)

enum {
  MINIBATCH_PROP_0,
  MINIBATCH_PROP_K,
  MINIBATCH_PROP_BATCH_SIZE,
  MINIBATCH_PROP_MAX_EPOCHS,
  MINIBATCH_PROP_N_INIT,
  MINIBATCH_PROP_SEED,
};

static void
minibatch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SegMinibatchModel *self = SEG_MINIBATCH_MODEL (object);

  switch (prop_id)
    {
    case MINIBATCH_PROP_K: g_value_set_int (value, self->k); break;
    case MINIBATCH_PROP_BATCH_SIZE: g_value_set_int (value, self->batch_size); break;
    case MINIBATCH_PROP_MAX_EPOCHS: g_value_set_int (value, self->max_epochs); break;
    case MINIBATCH_PROP_N_INIT: g_value_set_int (value, self->n_init); break;
    case MINIBATCH_PROP_SEED: g_value_set_uint64 (value, self->seed); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
minibatch_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SegMinibatchModel *self = SEG_MINIBATCH_MODEL (object);

  switch (prop_id)
    {
    case MINIBATCH_PROP_K: self->k = g_value_get_int (value); break;
    case MINIBATCH_PROP_BATCH_SIZE: self->batch_size = g_value_get_int (value); break;
    case MINIBATCH_PROP_MAX_EPOCHS: self->max_epochs = g_value_get_int (value); break;
    case MINIBATCH_PROP_N_INIT: self->n_init = g_value_get_int (value); break;
    case MINIBATCH_PROP_SEED: self->seed = g_value_get_uint64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static gboolean
minibatch_fit (SegModel            *model,
               const double        *x,
               size_t               n,
               size_t               d,
               const SegFitContext *context,
               SegFit              *fit,
               GError             **error)
{
  SegMinibatchModel *self = SEG_MINIBATCH_MODEL (model);
  g_autofree double *centers = NULL;
  SegMiniBatchOptions options = {
    .k = (size_t) self->k,
    .batch_size = (size_t) self->batch_size,
    .max_epochs = self->max_epochs,
    .n_init = self->n_init,
    .seed = self->seed,
    .monitor = fit_monitor (context),
  };

  if (!check_rows (x, n, d, options.k, error))
    return FALSE;

  centers = g_new (double, options.k * d);
  if (seg_minibatch_kmeans (x, n, d, &options, centers, fit->labels, &fit->inertia, &fit->iterations) != 0)
    return set_cancelled (error);

  fit->n_clusters = options.k;
  return TRUE;
}

static void
seg_minibatch_model_class_init (SegMinibatchModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  object_class->get_property = minibatch_get_property;
  object_class->set_property = minibatch_set_property;
  model_class->id = "minibatch-kmeans";
  model_class->title = N_("Mini-batch k-means");
  model_class->fit = minibatch_fit;

  g_object_class_install_property (object_class, MINIBATCH_PROP_K, k_param (4));
  g_object_class_install_property (object_class, MINIBATCH_PROP_BATCH_SIZE,
    g_param_spec_int ("batch-size", _("Batch size"),
                      _("Rows drawn at each step; larger batches are steadier and slower"),
                      16, 1 << 20, 1024, PARAM_FLAGS));
  g_object_class_install_property (object_class, MINIBATCH_PROP_MAX_EPOCHS,
    g_param_spec_int ("max-epochs", _("Most passes"),
                      _("Stops after drawing this many times the number of rows"),
                      1, 10000, 100, PARAM_FLAGS));
  g_object_class_install_property (object_class, MINIBATCH_PROP_N_INIT,
    g_param_spec_int ("n-init", _("Restarts"),
                      _("Whole runs from different starting points; the tightest clusters win"),
                      1, 100, 3, PARAM_FLAGS));
  g_object_class_install_property (object_class, MINIBATCH_PROP_SEED, seed_param ());
}

static void
seg_minibatch_model_init (SegMinibatchModel *self)
{
  self->k = 4;
  self->batch_size = 1024;
  self->max_epochs = 100;
  self->n_init = 3;
}

/* DBSCAN --------------------------------------------------------------- */

struct _SegDbscanModel
{
  SegModel parent_instance;
  double   eps;
  int      min_points;
};

G_DEFINE_FINAL_TYPE (SegDbscanModel, seg_dbscan_model, SEG_TYPE_MODEL)

enum {
  DBSCAN_PROP_0,
  DBSCAN_PROP_EPS,
  DBSCAN_PROP_MIN_POINTS,
};

static void
dbscan_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  SegDbscanModel *self = SEG_DBSCAN_MODEL (object);

  switch (prop_id)
    {
    case DBSCAN_PROP_EPS: g_value_set_double (value, self->eps); break;
    case DBSCAN_PROP_MIN_POINTS: g_value_set_int (value, self->min_points); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dbscan_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  SegDbscanModel *self = SEG_DBSCAN_MODEL (object);

  switch (prop_id)
    {
    case DBSCAN_PROP_EPS: self->eps = g_value_get_double (value); break;
    case DBSCAN_PROP_MIN_POINTS: self->min_points = g_value_get_int (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static gboolean
dbscan_fit (SegModel            *model,
            const double        *x,
            size_t               n,
            size_t               d,
            const SegFitContext *context,
            SegFit              *fit,
            GError             **error)
{
  SegDbscanModel *self = SEG_DBSCAN_MODEL (model);
  g_autofree uint8_t *is_core = g_new (uint8_t, n);
  SegMonitor monitor = fit_monitor (context);
  size_t n_core = 0, n_noise = 0;

  if (seg_dbscan (x, n, d, self->eps, (size_t) self->min_points,
                  fit->labels, is_core, &fit->n_clusters, &monitor) != 0)
    return set_cancelled (error);

  seg_labels_by_size (fit->labels, n, fit->n_clusters);
  for (size_t i = 0; i < n; i++)
    {
      n_core += is_core[i] != 0;
      n_noise += fit->labels[i] == SEG_DBSCAN_NOISE;
    }

  fit->extra = json_object_new ();
  json_object_set_int_member (fit->extra, "core_points", (gint64) n_core);
  json_object_set_int_member (fit->extra, "noise", (gint64) n_noise);
  return TRUE;
}

static void
seg_dbscan_model_class_init (SegDbscanModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  object_class->get_property = dbscan_get_property;
  object_class->set_property = dbscan_set_property;
  model_class->id = "dbscan";
  model_class->title = N_("DBSCAN (density)");
  model_class->fit = dbscan_fit;

  g_object_class_install_property (object_class, DBSCAN_PROP_EPS,
    g_param_spec_double ("eps", _("Neighbourhood radius"),
                         _("How close, after scaling, two rows must be to count as neighbours; the k-distance curve helps choose it"),
                         1e-12, G_MAXDOUBLE, 0.5, PARAM_FLAGS));
  g_object_class_install_property (object_class, DBSCAN_PROP_MIN_POINTS,
    g_param_spec_int ("min-points", _("Smallest dense neighbourhood"),
                      _("Rows within the radius, the row itself included, that make a row the core of a cluster"),
                      1, 100000, 5, PARAM_FLAGS));
}

static void
seg_dbscan_model_init (SegDbscanModel *self)
{
  self->eps = 0.5;
  self->min_points = 5;
}

/* Agglomerative clustering -------------------------------------------- */

struct _SegHierarchicalModel
{
  SegModel   parent_instance;
  int        k;
  double     height;
  SegLinkage linkage;
};

G_DEFINE_FINAL_TYPE (SegHierarchicalModel, seg_hierarchical_model, SEG_TYPE_MODEL)

enum {
  HIERARCHICAL_PROP_0,
  HIERARCHICAL_PROP_K,
  HIERARCHICAL_PROP_HEIGHT,
  HIERARCHICAL_PROP_LINKAGE,
};

static void
hierarchical_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SegHierarchicalModel *self = SEG_HIERARCHICAL_MODEL (object);

  switch (prop_id)
    {
    case HIERARCHICAL_PROP_K: g_value_set_int (value, self->k); break;
    case HIERARCHICAL_PROP_HEIGHT: g_value_set_double (value, self->height); break;
    case HIERARCHICAL_PROP_LINKAGE: g_value_set_enum (value, self->linkage); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hierarchical_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SegHierarchicalModel *self = SEG_HIERARCHICAL_MODEL (object);

  switch (prop_id)
    {
    case HIERARCHICAL_PROP_K: self->k = g_value_get_int (value); break;
    case HIERARCHICAL_PROP_HEIGHT: self->height = g_value_get_double (value); break;
    case HIERARCHICAL_PROP_LINKAGE: self->linkage = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  g_object_notify_by_pspec (object, pspec);
}

static gboolean
hierarchical_fit (SegModel            *model,
                  const double        *x,
                  size_t               n,
                  size_t               d,
                  const SegFitContext *context,
                  SegFit              *fit,
                  GError             **error)
{
  SegHierarchicalModel *self = SEG_HIERARCHICAL_MODEL (model);
  SegMonitor monitor = fit_monitor (context);
  size_t k = (size_t) self->k;
  int rc;

  if (n < 2 || seg_hierarchy_bytes (n) > SEG_HIERARCHY_MAX_BYTES)
    {
      if (n < 2)
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                     _("Hierarchical clustering needs at least two rows"));
      else
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                     _("Hierarchical clustering of %zu rows would need %.1f GiB for the distances "
                       "between them, more than the %.0f GiB allowed. Cluster a sample of the rows, "
                       "or use k-means, which handles any number of rows."),
                     n, seg_hierarchy_bytes (n) / (double) (1 << 30),
                     SEG_HIERARCHY_MAX_BYTES / (double) (1 << 30));
      return FALSE;
    }

  fit->merges = g_array_sized_new (FALSE, FALSE, sizeof (SegMerge), n - 1);
  g_array_set_size (fit->merges, n - 1);
  rc = seg_hierarchy_build (x, n, d, self->linkage, (SegMerge *) fit->merges->data, &monitor);
  if (rc == -2)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_TOO_LARGE,
                   _("There is not enough memory to cluster %zu rows hierarchically. "
                     "Cluster a sample of the rows, or use k-means."), n);
      return FALSE;
    }
  if (rc != 0)
    return set_cancelled (error);

  /* A cut at a height keeps the merges at or below it; the merges come in
   * order of height, so that is a cut into n − (merges kept) clusters. */
  if (self->height > 0)
    {
      size_t kept = 0;

      while (kept < n - 1 && g_array_index (fit->merges, SegMerge, kept).height <= self->height)
        kept++;
      k = n - kept;
    }
  else if (!check_rows (x, n, d, k, error))
    return FALSE;

  seg_hierarchy_cut ((const SegMerge *) fit->merges->data, n, k, fit->labels);
  seg_labels_by_size (fit->labels, n, k);
  fit->n_clusters = k;
  if (self->height > 0)
    {
      fit->extra = json_object_new ();
      json_object_set_double_member (fit->extra, "cut_height", self->height);
    }
  return TRUE;
}

static void
seg_hierarchical_model_class_init (SegHierarchicalModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  object_class->get_property = hierarchical_get_property;
  object_class->set_property = hierarchical_set_property;
  model_class->id = "hierarchical";
  model_class->title = N_("Hierarchical (agglomerative)");
  model_class->fit = hierarchical_fit;

  g_object_class_install_property (object_class, HIERARCHICAL_PROP_K, k_param (4));
  g_object_class_install_property (object_class, HIERARCHICAL_PROP_HEIGHT,
    g_param_spec_double ("height", _("Cut height"),
                         _("Cut the tree at this merge distance instead of into k clusters; 0 cuts by k"),
                         0.0, G_MAXDOUBLE, 0.0, PARAM_FLAGS));
  g_object_class_install_property (object_class, HIERARCHICAL_PROP_LINKAGE,
    g_param_spec_enum ("linkage", _("Linkage"),
                       _("How the distance between two groups is measured: ward keeps groups compact"),
                       SEG_TYPE_LINKAGE, SEG_LINKAGE_WARD, PARAM_FLAGS));
}

static void
seg_hierarchical_model_init (SegHierarchicalModel *self)
{
  self->k = 4;
  self->linkage = SEG_LINKAGE_WARD;
}
