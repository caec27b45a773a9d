/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Adding a model
 * ==============
 *
 * Every analysis Segmenta runs, of whatever kind, is a SegModel subclass
 * that a SegRun drives through the same phases. To add one:
 *
 * 1. Write the numerical kernel in src/algo (plain arrays in, caller-owned
 *    buffers out, a SegMonitor for progress and cancellation).
 * 2. Write one model file in src/core: a final subclass of SegModel (or of
 *    an abstract family such as SegClusterModel) whose class_init sets
 *    `id`, `title`, `kind` and the phase vfuncs, and installs its inputs
 *    and parameters with seg_model_class_install ():
 *    - inputs as roles, made with seg_param_spec_table (),
 *      seg_param_spec_column (), seg_param_spec_columns () and
 *      seg_param_spec_segment (): "the table", "the customer column, text
 *      or whole numbers", "the feature columns", optional or not, and
 *      "only the customers of this saved segment";
 *    - parameters as ordinary int/double/boolean/enum/uint64 GParamSpecs,
 *      marked with seg_param_spec_set_advanced () where a shop owner need
 *      not see them at first.
 *    Each spec is stored at a struct offset, so the subclass writes no
 *    get_property/set_property switch.
 * 3. Add one line for its type to the registry in seg-model-registry.c.
 *
 * In the worker thread, the run calls `load`, `prepare`, `fit`, `measure`
 * and `write` in turn (any but `write` may be NULL), timing each, with a
 * SegRunContext (seg-run-context.h) that gives the writer connection, the
 * input table, progress and cancellation, and helpers to create result
 * tables, add metrics to the run record and record preparation steps.
 * `write` runs inside the run's transaction: on failure or cancel the
 * project is left exactly as it was.
 *
 * From that one description, the model dialog builds its column pickers
 * and parameter widgets, the command line its options, the run record
 * its parameters and inputs, and the Runs page its entry (with the
 * figures listed in `figures`); rerun and delete need nothing more.
 */

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdint.h>

#include "seg-hierarchy.h"
#include "seg-preprocess.h"
#include "seg-project.h"
#include "seg-enums.h"

G_BEGIN_DECLS

/**
 * SegModelKind:
 *
 * What question a model answers; pages and reporters are chosen by kind.
 */
typedef enum
{
  SEG_MODEL_KIND_SEGMENTATION,
  SEG_MODEL_KIND_RECOMMENDATION,
  SEG_MODEL_KIND_CLASSIFICATION,
  SEG_MODEL_KIND_REGRESSION,
  SEG_MODEL_KIND_LIFETIME,
  SEG_MODEL_KIND_RULES,
  SEG_MODEL_KIND_TEST,
} SegModelKind;

/**
 * SegRoleKind:
 *
 * What an input property of a model names.
 */
typedef enum
{
  SEG_ROLE_NONE,     /* not an input: a parameter */
  SEG_ROLE_TABLE,    /* a table of the project */
  SEG_ROLE_COLUMN,   /* one column of the model's table */
  SEG_ROLE_COLUMNS,  /* a list of columns of the model's table */
  SEG_ROLE_SEGMENT,  /* a saved segment whose customers alone are read */
} SegRoleKind;

/**
 * SegColumnKinds:
 *
 * Which column types a role accepts.
 */
typedef enum /*< flags >*/
{
  SEG_COLUMN_KINDS_TEXT    = 1 << 0,
  SEG_COLUMN_KINDS_INTEGER = 1 << 1,
  SEG_COLUMN_KINDS_REAL    = 1 << 2,
  SEG_COLUMN_KINDS_DATE    = 1 << 3,
  SEG_COLUMN_KINDS_BOOLEAN = 1 << 4,
  SEG_COLUMN_KINDS_NUMBER  = SEG_COLUMN_KINDS_INTEGER | SEG_COLUMN_KINDS_REAL | SEG_COLUMN_KINDS_BOOLEAN,
  SEG_COLUMN_KINDS_KEY     = SEG_COLUMN_KINDS_TEXT | SEG_COLUMN_KINDS_INTEGER,
  SEG_COLUMN_KINDS_ANY     = 0x1f,
} SegColumnKinds;

/**
 * SegRoleInfo:
 *
 * What the dialog and the command line need to know of an input.
 */
typedef struct
{
  SegRoleKind        kind;
  SegColumnKinds     accepts;
  gboolean           optional;
  const char *const *guesses;  /* nullable: column names to try first, lower case */
} SegRoleInfo;

/**
 * SegFigure:
 *
 * A number of the run record's metrics that the Runs page and the
 * command line's summary show for runs of a model.
 */
typedef struct
{
  const char *metric;  /* member of the metrics object */
  const char *label;   /* translatable, marked with N_() */
  int         digits;  /* decimals; -1 for a whole number */
} SegFigure;

typedef struct _SegRunContext SegRunContext;

/* The offset from an instance of a field of TypeName's private data, for
 * seg_model_class_install () in TypeName's class_init. */
#define SEG_PRIVATE_FIELD(TypeName, Private, field) \
  (TypeName##_private_offset + (gssize) G_STRUCT_OFFSET (Private, field))

const char *seg_enum_to_nick   (GType        type,
                                int          value);
gboolean    seg_enum_from_nick (GType        type,
                                const char  *nick,
                                int         *value);

void seg_json_add_double_or_null (JsonBuilder *builder,
                                  const char  *name,
                                  double       value);

GParamSpec        *seg_param_spec_table        (const char        *name,
                                                const char        *nick,
                                                const char        *blurb);
GParamSpec        *seg_param_spec_column       (const char        *name,
                                                const char        *nick,
                                                const char        *blurb,
                                                SegColumnKinds     accepts,
                                                gboolean           optional,
                                                const char *const *guesses);
GParamSpec        *seg_param_spec_columns      (const char        *name,
                                                const char        *nick,
                                                const char        *blurb,
                                                SegColumnKinds     accepts,
                                                gboolean           optional);
GParamSpec        *seg_param_spec_segment      (const char        *name,
                                                const char        *nick,
                                                const char        *blurb);
const SegRoleInfo *seg_param_spec_get_role     (GParamSpec        *pspec);
GParamSpec        *seg_param_spec_set_advanced (GParamSpec        *pspec);
gboolean           seg_param_spec_is_advanced  (GParamSpec        *pspec);
gboolean           seg_column_kinds_accept     (SegColumnKinds     accepts,
                                                SegColumnType      type);

#define SEG_TYPE_MODEL (seg_model_get_type ())

G_DECLARE_DERIVABLE_TYPE (SegModel, seg_model, SEG, MODEL, GObject)

/**
 * SegModelClass:
 * @id: the name runs and the command line know the algorithm by
 * @title: a translatable name for people
 * @kind: the question the model answers
 * @figures: (nullable): the metrics worth showing, ended by a zeroed entry
 * @load: reads the input from the project
 * @prepare: turns it into what the fit takes, recording the steps
 * @fit: the algorithm itself
 * @measure: how good the fit is, as metrics
 * @write: the result tables, inside the run's transaction
 *
 * A model. Its inputs and parameters are the subclass's GObject
 * properties, installed with seg_model_class_install (): their specs give
 * the type, range, default and help that dialogs, the command line and the
 * run record share. The phase vfuncs run on the run's worker thread and
 * keep what they compute between phases with seg_run_context_set_work ().
 */
struct _SegModelClass
{
  GObjectClass parent_class;

  const char      *id;
  const char      *title;
  SegModelKind     kind;
  const SegFigure *figures;

  gboolean (*load)    (SegModel       *self,
                       SegRunContext  *context,
                       GError        **error);
  gboolean (*prepare) (SegModel       *self,
                       SegRunContext  *context,
                       GError        **error);
  gboolean (*fit)     (SegModel       *self,
                       SegRunContext  *context,
                       GError        **error);
  gboolean (*measure) (SegModel       *self,
                       SegRunContext  *context,
                       GError        **error);
  gboolean (*write)   (SegModel       *self,
                       SegRunContext  *context,
                       GError        **error);

  /*< private >*/
  gpointer padding[8];
};

void          seg_model_class_install      (SegModelClass  *klass,
                                            guint           prop_id,
                                            GParamSpec     *pspec,
                                            gssize          offset);

GType        *seg_model_list_types         (SegModelKind   kind,
                                            guint         *n_types);
GType        *seg_model_list_all_types     (guint         *n_types);
const char   *seg_model_kind_default_id    (SegModelKind   kind);
SegModel     *seg_model_new_for_id         (const char    *id,
                                            GError       **error);
const char   *seg_model_get_id             (SegModel      *self);
const char   *seg_model_get_title          (SegModel      *self);
SegModelKind  seg_model_get_kind           (SegModel      *self);
guint64       seg_model_get_seed           (SegModel      *self);
GPtrArray    *seg_model_list_roles         (SegModel      *self);
GPtrArray    *seg_model_list_params        (SegModel      *self);
const char   *seg_model_get_table          (SegModel      *self);
void          seg_model_guess_roles        (SegModel      *self,
                                            SegTableInfo  *table);
gboolean      seg_model_check_roles        (SegModel      *self,
                                            SegTableInfo  *table,
                                            GError       **error);
gboolean      seg_model_set_param          (SegModel      *self,
                                            const char    *name,
                                            const char    *text,
                                            GError       **error);
JsonNode     *seg_model_params_to_json     (SegModel      *self);
JsonNode     *seg_model_roles_to_json      (SegModel      *self);
gboolean      seg_model_params_from_json   (SegModel      *self,
                                            JsonObject    *params,
                                            GError       **error);
gboolean      seg_model_roles_from_json    (SegModel      *self,
                                            JsonObject    *input,
                                            GError       **error);

const char   *seg_model_kind_get_title     (SegModelKind   kind);

gboolean      seg_project_remember_model   (SegProject    *project,
                                            SegModel      *model,
                                            GError       **error);
SegModel     *seg_project_recall_model     (SegProject    *project,
                                            SegModelKind   kind,
                                            const char    *table);

G_END_DECLS
