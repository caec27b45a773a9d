/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seg-cancel.h"
#include "seg-dataset.h"
#include "seg-error.h"
#include "seg-metrics.h"
#include "seg-predict-model.h"
#include "seg-run-context-private.h"
#include "seg-run-record.h"

/* The curves kept in the metrics are thinned to about this many points. */
#define CURVE_POINTS 200

typedef enum
{
  SPLIT_NONE = -1,
  SPLIT_TRAIN,
  SPLIT_TEST,
  SPLIT_SCORE,
} Split;

static const char *const split_names[] = { "train", "test", "score" };

typedef struct
{
  char      *table;
  char      *target;
  GStrv      features;
  char      *key;
  char      *split;
  char      *baseline;
  int        folds;
} SegPredictModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SegPredictModel, seg_predict_model, SEG_TYPE_MODEL)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_TARGET,
  PROP_FEATURES,
  PROP_KEY,
  PROP_SPLIT,
  PROP_FOLDS,
  PROP_BASELINE,
};

/* The rows as read: per feature column either numbers (NAN for missing)
 * or texts (NULL for missing). */
typedef struct
{
  size_t    n;
  gint64   *rowids;
  char    **keys;     /* nullable */
  double   *target;   /* nullable; NAN where missing */
  int      *split;    /* nullable */
  double   *previous; /* nullable: the baseline column; NAN where missing */
  guint     n_columns;
  double  **numbers;
  char   ***texts;
} Raw;

static void
raw_free (Raw *raw)
{
  if (raw == NULL)
    return;
  for (size_t i = 0; raw->keys != NULL && i < raw->n; i++)
    g_free (raw->keys[i]);
  g_free (raw->keys);
  for (guint c = 0; c < raw->n_columns; c++)
    {
      g_free (raw->numbers[c]);
      for (size_t i = 0; raw->texts[c] != NULL && i < raw->n; i++)
        g_free (raw->texts[c][i]);
      g_free (raw->texts[c]);
    }
  g_free (raw->numbers);
  g_free (raw->texts);
  g_free (raw->rowids);
  g_free (raw->target);
  g_free (raw->split);
  g_free (raw->previous);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Raw, raw_free)

/* How one feature column becomes features: fitted on the training rows. */
typedef struct
{
  char      *column;
  gboolean   text;
  double     mean;       /* numbers: what a missing value becomes */
  gboolean   indicator;  /* numbers: a 0/1 missing feature follows */
  double     center;
  double     scale;
  GPtrArray *levels;     /* text: sorted */
  gboolean   codes;      /* text: one code feature, not one-hot */
} Prep;

static void
prep_clear (Prep *prep)
{
  g_clear_pointer (&prep->column, g_free);
  g_clear_pointer (&prep->levels, g_ptr_array_unref);
}

typedef struct
{
  double    *x;
  size_t     n;
  size_t     p;
  GPtrArray *names;
  gboolean  *categorical;
  size_t    *levels;
} Design;

static void
design_clear (Design *design)
{
  g_clear_pointer (&design->x, g_free);
  g_clear_pointer (&design->names, g_ptr_array_unref);
  g_clear_pointer (&design->categorical, g_free);
  g_clear_pointer (&design->levels, g_free);
}

static SegDesign
design_view (const Design *design,
             size_t        from,
             size_t        n)
{
  SegDesign view = {
    .x = design->x + from * design->p,
    .n = n,
    .p = design->p,
    .names = (const char *const *) design->names->pdata,
    .categorical = design->categorical,
    .levels = design->levels,
  };

  return view;
}

/* What the phases compute, kept until it is written. */
typedef struct
{
  Raw        *raw;
  GArray     *preps;      /* of Prep */
  Design      design;
  char       *classes[2]; /* classification: the target's two values, 0 then 1 */
  double     *y;          /* n: the target as fitted, NAN where missing */
  int        *fold;       /* n: -1 where not in a fold */
  double     *prediction; /* n */
  double     *held_out;   /* n: the evaluation's prediction, NAN where not evaluated */
  double     *baseline;   /* n: the baseline's prediction, NAN where not evaluated */
  gpointer    fitted;
  GDestroyNotify free_fitted;
  gboolean    cross_validated;
  size_t      n_train;
} Work;

static void
work_free (Work *work)
{
  if (work->fitted != NULL)
    work->free_fitted (work->fitted);
  raw_free (work->raw);
  if (work->preps != NULL)
    g_array_unref (work->preps);
  design_clear (&work->design);
  g_free (work->classes[0]);
  g_free (work->classes[1]);
  g_free (work->y);
  g_free (work->fold);
  g_free (work->prediction);
  g_free (work->held_out);
  g_free (work->baseline);
  g_free (work);
}

static gboolean
is_classification (SegPredictModel *self)
{
  return SEG_MODEL_GET_CLASS (self)->kind == SEG_MODEL_KIND_CLASSIFICATION;
}

static const SegFigure classification_figures[] = {
  { "auc", N_("AUC"), 3 },
  { "log_loss", N_("Log loss"), 3 },
  { NULL, NULL, 0 },
};

static const SegFigure regression_figures[] = {
  { "r2", N_("R²"), 3 },
  { "rmse", N_("RMSE"), 3 },
  { NULL, NULL, 0 },
};

static const char *const key_guesses[] = {
  "customer_id", "customer", "client_id", "user_id", "id", "客户", "客户id", "客户编号", NULL
};

static const char *const split_guesses[] = { "split", NULL };

static const char *const baseline_guesses[] = { "previous", NULL };

/* The feature columns while they are read. */
typedef struct
{
  guint       n;
  GArray    **numbers;
  GPtrArray **texts;
} Columns;

static void
columns_free (Columns *columns)
{
  for (guint c = 0; c < columns->n; c++)
    {
      g_clear_pointer (&columns->numbers[c], g_array_unref);
      g_clear_pointer (&columns->texts[c], g_ptr_array_unref);
    }
  g_free (columns->numbers);
  g_free (columns->texts);
  g_free (columns);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Columns, columns_free)

static void
add_column (GString    *select,
            const char *name)
{
  g_autofree char *quoted = seg_quote_identifier (name);

  g_string_append_printf (select, ", %s", quoted);
}

/* Reads the rows of @table: the key, target and split when given, and
 * the feature columns, each checked against the catalog. */
static Raw *
read_rows (SegProject          *project,
           SegTableInfo        *info,
           const char          *key,
           const char          *target,
           const char          *split,
           const char          *baseline,
           const char *const   *features,
           const volatile int  *cancel,
           GError             **error)
{
  g_autoptr(Raw) raw = g_new0 (Raw, 1);
  g_autoptr(GString) select = g_string_new ("SELECT rowid");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *table_q = seg_quote_identifier (info->name);
  /* Sized from the catalog's count, so that the arrays do not grow by
   * copying on a large table; the count is only a hint. */
  guint hint = (guint) CLAMP (info->rows, 0, G_MAXUINT / 2);
  g_autoptr(GArray) rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), hint);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_full (key != NULL ? hint : 0, g_free);
  g_autoptr(GArray) targets = g_array_sized_new (FALSE, FALSE, sizeof (double), target != NULL ? hint : 0);
  g_autoptr(GArray) splits = g_array_sized_new (FALSE, FALSE, sizeof (int), split != NULL ? hint : 0);
  g_autoptr(GArray) previous = g_array_sized_new (FALSE, FALSE, sizeof (double), baseline != NULL ? hint : 0);
  g_autofree gboolean *text = NULL;
  g_autoptr(Columns) values = g_new0 (Columns, 1);
  guint n_columns = features != NULL ? g_strv_length ((GStrv) features) : 0;
  int rc;

  if (n_columns == 0)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--features: name at least one column to predict from"));
      return NULL;
    }
  if (key != NULL)
    {
      if (seg_table_find_column (info, "--key", key, error) == NULL)
        return NULL;
      add_column (select, key);
    }
  if (target != NULL)
    {
      if (seg_table_find_column (info, "--target", target, error) == NULL)
        return NULL;
      add_column (select, target);
    }
  if (split != NULL)
    {
      if (seg_table_find_column (info, "--split-column", split, error) == NULL)
        return NULL;
      add_column (select, split);
    }
  if (baseline != NULL)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--baseline-column", baseline, error);

      if (column == NULL)
        return NULL;
      if (column->type != SEG_COLUMN_INTEGER && column->type != SEG_COLUMN_REAL)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--baseline-column: “%s” does not hold numbers; name the column with last period’s value"),
                       column->name);
          return NULL;
        }
      add_column (select, baseline);
    }
  text = g_new0 (gboolean, n_columns);
  values->n = n_columns;
  values->numbers = g_new0 (GArray *, n_columns);
  values->texts = g_new0 (GPtrArray *, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--features", features[c], error);

      if (column == NULL)
        return NULL;
      if (target != NULL && g_ascii_strcasecmp (column->name, target) == 0)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--features: “%s” is the target; a model cannot predict a column from itself"),
                       column->name);
          return NULL;
        }
      if (column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--features: “%s” holds dates; turn it into a number first, such as days since"),
                       column->name);
          return NULL;
        }
      text[c] = column->type == SEG_COLUMN_TEXT;
      add_column (select, column->name);
      if (text[c])
        values->texts[c] = g_ptr_array_new_full (hint, g_free);
      else
        values->numbers[c] = g_array_sized_new (FALSE, FALSE, sizeof (double), hint);
    }
  g_string_append_printf (select, " FROM %s ORDER BY rowid", table_q);

  if (!seg_project_prepare (project, select->str, &stmt, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      int at = 1;

      if ((rowids->len & 0xfff) == 0 && seg_cancel_take_error (cancel, error))
        return NULL;
      g_array_append_val (rowids, rowid);
      if (key != NULL)
        {
          g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, at)));
          at++;
        }
      if (target != NULL)
        {
          int type = sqlite3_column_type (stmt, at);
          /* Text targets are coded later; numbers are read as such. */
          double value = type == SQLITE_INTEGER || type == SQLITE_FLOAT ? sqlite3_column_double (stmt, at) : NAN;

          g_array_append_val (targets, value);
          at++;
        }
      if (split != NULL)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, at);
          int which = SPLIT_SCORE;

          if (value == NULL)
            which = SPLIT_SCORE;
          else
            {
              which = -2;
              for (int s = 0; s < (int) G_N_ELEMENTS (split_names); s++)
                if (g_ascii_strcasecmp (value, split_names[s]) == 0)
                  which = s;
            }
          if (which == -2)
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--split-column: row %" PRId64 " of “%s” has “%s” in “%s”; "
                             "the column must say train, test or score"),
                           rowid, info->name, value, split);
              return NULL;
            }
          g_array_append_val (splits, which);
          at++;
        }
      if (baseline != NULL)
        {
          double value = sqlite3_column_type (stmt, at) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, at);

          g_array_append_val (previous, value);
          at++;
        }
      for (guint c = 0; c < n_columns; c++, at++)
        {
          int type = sqlite3_column_type (stmt, at);

          if (text[c])
            g_ptr_array_add (values->texts[c], type == SQLITE_NULL ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, at)));
          else
            {
              double value = type == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, at);

              g_array_append_val (values->numbers[c], value);
            }
        }
    }
  if (rc != SQLITE_DONE)
    {
      seg_project_set_sqlite_error (project, rc, error);
      return NULL;
    }

  raw->n = rowids->len;
  raw->rowids = (gint64 *) g_array_free (g_steal_pointer (&rowids), FALSE);
  if (key != NULL)
    raw->keys = (char **) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
  if (target != NULL)
    raw->target = (double *) g_array_free (g_steal_pointer (&targets), FALSE);
  if (split != NULL)
    raw->split = (int *) g_array_free (g_steal_pointer (&splits), FALSE);
  if (baseline != NULL)
    raw->previous = (double *) g_array_free (g_steal_pointer (&previous), FALSE);
  raw->n_columns = n_columns;
  raw->numbers = g_new0 (double *, n_columns);
  raw->texts = g_new0 (char **, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      if (text[c])
        raw->texts[c] = (char **) g_ptr_array_free (g_steal_pointer (&values->texts[c]), FALSE);
      else
        raw->numbers[c] = (double *) g_array_free (g_steal_pointer (&values->numbers[c]), FALSE);
    }

  return g_steal_pointer (&raw);
}

/* The target's text values for classification, read apart since they
 * are not numbers. */
static char **
read_target_texts (SegProject    *project,
                   SegTableInfo  *info,
                   const char    *target,
                   size_t         n,
                   GError       **error)
{
  g_autofree char *table_q = seg_quote_identifier (info->name);
  g_autofree char *target_q = seg_quote_identifier (target);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY rowid", target_q, table_q);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char **values = g_new0 (char *, n + 1);
  size_t i = 0;
  int rc;

  if (!seg_project_prepare (project, sql, &stmt, error))
    return g_strfreev (values), NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && i < n)
    values[i++] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      seg_project_set_sqlite_error (project, rc, error);
      g_strfreev (values);
      return NULL;
    }

  return values;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The target as 0/1 for classification: two distinct values, the first in
 * order (numbers by value, texts by their bytes) is 0. */
static gboolean
code_target (SegPredictModel  *self,
             SegRunContext    *context,
             Work             *work,
             GError          **error)
{
  SegPredictModelPrivate *priv = seg_predict_model_get_instance_private (self);
  SegTableInfo *info = seg_run_context_get_table (context);
  SegColumnInfo *column = seg_table_find_column (info, "--target", priv->target, error);
  Raw *raw = work->raw;
  size_t n = raw->n;

  if (column == NULL)
    return FALSE;
  work->y = g_new (double, MAX (n, 1));

  if (SEG_MODEL_GET_CLASS (self)->kind == SEG_MODEL_KIND_REGRESSION)
    {
      if (column->type == SEG_COLUMN_TEXT || column->type == SEG_COLUMN_DATE || column->type == SEG_COLUMN_DATETIME)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--target: “%s” is not a number column; a regression predicts numbers"), column->name);
          return FALSE;
        }
      memcpy (work->y, raw->target, n * sizeof (double));
      return TRUE;
    }

  if (column->type == SEG_COLUMN_TEXT)
    {
      g_auto(GStrv) values = read_target_texts (seg_run_context_get_writer (context), info, column->name, n, error);
      g_autoptr(GPtrArray) distinct = g_ptr_array_new ();

      if (values == NULL)
        return FALSE;
      for (size_t i = 0; i < n; i++)
        if (values[i] != NULL && !g_ptr_array_find_with_equal_func (distinct, values[i], g_str_equal, NULL))
          g_ptr_array_add (distinct, values[i]);
      if (distinct->len != 2)
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--target: “%s” has %u different values; a classification needs exactly two, such as yes and no"),
                       column->name, distinct->len);
          return FALSE;
        }
      g_ptr_array_sort (distinct, compare_strings);
      work->classes[0] = g_strdup (g_ptr_array_index (distinct, 0));
      work->classes[1] = g_strdup (g_ptr_array_index (distinct, 1));
      for (size_t i = 0; i < n; i++)
        work->y[i] = values[i] == NULL ? NAN : strcmp (values[i], work->classes[1]) == 0 ? 1.0 : 0.0;
    }
  else
    {
      double low = NAN, high = NAN;

      for (size_t i = 0; i < n; i++)
        {
          double v = raw->target[i];

          if (isnan (v) || v == low || v == high)
            continue;
          if (isnan (low))
            low = v;
          else if (isnan (high))
            {
              high = MAX (low, v);
              low = MIN (low, v);
            }
          else
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--target: “%s” has more than two different values; a classification needs exactly two, such as 0 and 1"),
                           column->name);
              return FALSE;
            }
        }
      if (isnan (high))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--target: “%s” has fewer than two different values; there is nothing to tell apart"),
                       column->name);
          return FALSE;
        }
      work->classes[0] = g_strdup_printf ("%.17g", low);
      work->classes[1] = g_strdup_printf ("%.17g", high);
      for (size_t i = 0; i < n; i++)
        work->y[i] = isnan (raw->target[i]) ? NAN : raw->target[i] == high ? 1.0 : 0.0;
    }

  return TRUE;
}

/* Fits each column's preparation on the rows marked in @train. */
static gboolean
fit_preps (SegPredictModelClass  *klass,
           Raw                   *raw,
           const char *const     *columns,
           const gboolean        *train,
           GArray                *preps,
           GError               **error)
{
  for (guint c = 0; c < raw->n_columns; c++)
    {
      Prep prep = { .column = g_strdup (columns[c]), .center = 0.0, .scale = 1.0 };

      if (raw->texts[c] != NULL)
        {
          g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

          prep.text = TRUE;
          prep.codes = klass->categorical_codes;
          prep.levels = g_ptr_array_new_with_free_func (g_free);
          for (size_t i = 0; i < raw->n; i++)
            if (train[i] && raw->texts[c][i] != NULL && g_hash_table_add (seen, raw->texts[c][i]))
              g_ptr_array_add (prep.levels, g_strdup (raw->texts[c][i]));
          g_ptr_array_sort (prep.levels, compare_strings);
          if (prep.levels->len > SEG_MAX_CATEGORIES)
            {
              g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--features: “%s” has %u different values, more than %d; leave it out or group its values first"),
                           columns[c], prep.levels->len, SEG_MAX_CATEGORIES);
              g_array_append_val (preps, prep);
              return FALSE;
            }
        }
      else
        {
          double sum = 0, count = 0, spread = 0;

          for (size_t i = 0; i < raw->n; i++)
            if (train[i])
              {
                if (isnan (raw->numbers[c][i]))
                  prep.indicator = TRUE;
                else
                  {
                    sum += raw->numbers[c][i];
                    count++;
                  }
              }
          prep.mean = count > 0 ? sum / count : 0.0;
          if (klass->standardize)
            {
              double total = 0;

              /* Of the values as filled in, over every training row. */
              for (size_t i = 0; i < raw->n; i++)
                if (train[i])
                  {
                    double v = isnan (raw->numbers[c][i]) ? prep.mean : raw->numbers[c][i];

                    spread += (v - prep.mean) * (v - prep.mean);
                    total++;
                  }
              prep.center = prep.mean;
              prep.scale = total > 0 && spread > 0 ? sqrt (spread / total) : 1.0;
            }
        }
      g_array_append_val (preps, prep);
    }

  return TRUE;
}

/* The design matrix of @raw's rows under @preps, with the features' names. */
static gboolean
apply_preps (GArray   *preps,
             Raw      *raw,
             Design   *design,
             GError  **error)
{
  size_t p = 0, n = raw->n;
  g_autofree size_t *offset = NULL;
  g_autofree GHashTable **index = NULL;

  if (preps->len != raw->n_columns)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("The run's preparation does not match its feature columns"));
      return FALSE;
    }
  design->names = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < preps->len; c++)
    {
      Prep *prep = &g_array_index (preps, Prep, c);

      if ((prep->text && raw->texts[c] == NULL) || (!prep->text && raw->numbers[c] == NULL))
        {
          g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("--table: the column “%s” holds %s here but %s where the model learnt"),
                       prep->column, prep->text ? _("numbers") : _("text"), prep->text ? _("text") : _("numbers"));
          return FALSE;
        }
      if (prep->text && !prep->codes)
        for (guint l = 1; l < prep->levels->len; l++)
          g_ptr_array_add (design->names, g_strdup_printf ("%s=%s", prep->column, (char *) g_ptr_array_index (prep->levels, l)));
      else
        g_ptr_array_add (design->names, g_strdup (prep->column));
      if (!prep->text && prep->indicator)
        g_ptr_array_add (design->names, g_strdup_printf ("%s=missing", prep->column));
    }
  p = design->names->len;
  design->n = n;
  design->p = p;
  design->x = g_new0 (double, MAX (n * p, 1));
  design->categorical = g_new0 (gboolean, MAX (p, 1));
  design->levels = g_new0 (size_t, MAX (p, 1));

  /* Row by row, so that each row of the matrix is written in one go
   * rather than the whole matrix once per column. */
  offset = g_new (size_t, MAX (preps->len, 1));
  index = g_new0 (GHashTable *, MAX (preps->len, 1));
  for (guint c = 0, j = 0; c < preps->len; c++)
    {
      Prep *prep = &g_array_index (preps, Prep, c);

      offset[c] = j;
      if (prep->text)
        {
          index[c] = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint l = 0; l < prep->levels->len; l++)
            g_hash_table_insert (index[c], g_ptr_array_index (prep->levels, l), GUINT_TO_POINTER (l + 1));
          if (prep->codes)
            {
              design->categorical[j] = TRUE;
              design->levels[j] = prep->levels->len;
            }
          j += prep->codes ? 1 : prep->levels->len > 0 ? prep->levels->len - 1 : 0;
        }
      else
        j += prep->indicator ? 2 : 1;
    }

  for (size_t i = 0; i < n; i++)
    {
      double *row = design->x + i * p;

      for (guint c = 0; c < preps->len; c++)
        {
          Prep *prep = &g_array_index (preps, Prep, c);
          size_t j = offset[c];

          if (prep->text)
            {
              const char *value = raw->texts[c][i];
              guint level = value != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (index[c], value)) : 0;

              if (prep->codes)
                row[j] = level > 0 ? (double) (level - 1) : -1.0;
              else if (level > 1)
                row[j + level - 2] = 1.0;
            }
          else
            {
              double v = raw->numbers[c][i];

              row[j] = ((isnan (v) ? prep->mean : v) - prep->center) / prep->scale;
              if (prep->indicator)
                row[j + 1] = isnan (v) ? 1.0 : 0.0;
            }
        }
    }
  for (guint c = 0; c < preps->len; c++)
    g_clear_pointer (&index[c], g_hash_table_unref);

  return TRUE;
}

static JsonNode *
preps_to_json (GArray *preps)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint c = 0; c < preps->len; c++)
    {
      Prep *prep = &g_array_index (preps, Prep, c);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "step");
      json_builder_add_string_value (builder, prep->text ? (prep->codes ? "codes" : "one-hot") : "number");
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, prep->column);
      if (prep->text)
        {
          json_builder_set_member_name (builder, "levels");
          json_builder_begin_array (builder);
          for (guint l = 0; l < prep->levels->len; l++)
            json_builder_add_string_value (builder, g_ptr_array_index (prep->levels, l));
          json_builder_end_array (builder);
        }
      else
        {
          json_builder_set_member_name (builder, "impute_mean");
          json_builder_add_double_value (builder, prep->mean);
          json_builder_set_member_name (builder, "indicator");
          json_builder_add_boolean_value (builder, prep->indicator);
          json_builder_set_member_name (builder, "center");
          json_builder_add_double_value (builder, prep->center);
          json_builder_set_member_name (builder, "scale");
          json_builder_add_double_value (builder, prep->scale);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static GArray *
preps_from_json (JsonNode  *node,
                 GError   **error)
{
  g_autoptr(GArray) preps = g_array_new (FALSE, TRUE, sizeof (Prep));
  JsonArray *steps;

  g_array_set_clear_func (preps, (GDestroyNotify) prep_clear);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    goto corrupt;
  steps = json_node_get_array (node);
  for (guint s = 0; s < json_array_get_length (steps); s++)
    {
      JsonNode *element = json_array_get_element (steps, s);
      JsonObject *step;
      const char *kind, *column;
      Prep prep = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto corrupt;
      step = json_node_get_object (element);
      kind = json_object_get_string_member_with_default (step, "step", NULL);
      column = json_object_get_string_member_with_default (step, "column", NULL);
      if (kind == NULL || column == NULL)
        goto corrupt;
      prep.column = g_strdup (column);
      if (g_str_equal (kind, "number"))
        {
          prep.mean = json_object_get_double_member_with_default (step, "impute_mean", 0.0);
          prep.indicator = json_object_get_boolean_member_with_default (step, "indicator", FALSE);
          prep.center = json_object_get_double_member_with_default (step, "center", 0.0);
          prep.scale = json_object_get_double_member_with_default (step, "scale", 1.0);
          if (!(prep.scale > 0))
            prep.scale = 1.0;
        }
      else
        {
          JsonArray *levels = json_object_has_member (step, "levels")
            ? json_object_get_array_member (step, "levels") : NULL;

          prep.text = TRUE;
          prep.codes = g_str_equal (kind, "codes");
          prep.levels = g_ptr_array_new_with_free_func (g_free);
          for (guint l = 0; levels != NULL && l < json_array_get_length (levels); l++)
            g_ptr_array_add (prep.levels, g_strdup (json_array_get_string_element (levels, l)));
        }
      g_array_append_val (preps, prep);
    }

  return g_steal_pointer (&preps);

corrupt:
  g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                       _("The run's record of its preparation is damaged; run the model again"));
  return NULL;
}

static gboolean
predict_load (SegModel       *model,
              SegRunContext  *context,
              GError        **error)
{
  SegPredictModel *self = SEG_PREDICT_MODEL (model);
  SegPredictModelPrivate *priv = seg_predict_model_get_instance_private (self);
  Work *work = g_new0 (Work, 1);

  seg_run_context_set_work (context, work, (GDestroyNotify) work_free);
  if (priv->target == NULL)
    {
      g_set_error_literal (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                           _("--target: name the column to predict"));
      return FALSE;
    }
  seg_run_context_report (context, 0.0, _("Reading the rows"));
  work->raw = read_rows (seg_run_context_get_writer (context), seg_run_context_get_table (context),
                         priv->key, priv->target, priv->split, priv->baseline, (const char *const *) priv->features,
                         seg_run_context_get_cancel (context), error);
  if (work->raw == NULL)
    return FALSE;

  return code_target (self, context, work, error);
}

static gboolean
predict_prepare (SegModel       *model,
                 SegRunContext  *context,
                 GError        **error)
{
  SegPredictModel *self = SEG_PREDICT_MODEL (model);
  SegPredictModelPrivate *priv = seg_predict_model_get_instance_private (self);
  SegPredictModelClass *klass = SEG_PREDICT_MODEL_GET_CLASS (self);
  Work *work = seg_run_context_get_work (context);
  Raw *raw = work->raw;
  JsonObject *input = seg_run_context_get_input (context);
  g_autofree gboolean *train = g_new0 (gboolean, MAX (raw->n, 1));
  g_autoptr(JsonNode) steps = NULL;
  size_t n_test = 0;

  work->cross_validated = raw->split == NULL;
  for (size_t i = 0; i < raw->n; i++)
    {
      gboolean labelled = !isnan (work->y[i]);

      train[i] = labelled && (raw->split == NULL || raw->split[i] == SPLIT_TRAIN);
      work->n_train += train[i];
      n_test += labelled && raw->split != NULL && raw->split[i] == SPLIT_TEST;
    }
  if (work->n_train < 2)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--target: only %zu rows have a target to learn from; a model needs more"),
                   work->n_train);
      return FALSE;
    }
  if (!work->cross_validated && n_test == 0)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--split-column: no row of “%s” is marked test with a target, so the model cannot be judged"),
                   priv->split);
      return FALSE;
    }
  if (work->cross_validated && work->n_train < (size_t) priv->folds)
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--folds: %d folds need at least as many rows with a target; there are %zu"),
                   priv->folds, work->n_train);
      return FALSE;
    }

  work->preps = g_array_new (FALSE, TRUE, sizeof (Prep));
  g_array_set_clear_func (work->preps, (GDestroyNotify) prep_clear);
  if (!fit_preps (klass, raw, (const char *const *) priv->features, train, work->preps, error) ||
      !apply_preps (work->preps, raw, &work->design, error))
    return FALSE;

  steps = preps_to_json (work->preps);
  seg_run_context_set_steps (context, steps);
  json_object_set_string_member (input, "evaluation", work->cross_validated ? "cross-validation" : "split");
  if (work->classes[0] != NULL)
    {
      JsonArray *classes = json_array_new ();

      json_array_add_string_element (classes, work->classes[0]);
      json_array_add_string_element (classes, work->classes[1]);
      json_object_set_array_member (input, "classes", classes);
    }

  return TRUE;
}

/* The rows of @design marked in @rows, as a design of their own. */
static void
gather_rows (const Design   *design,
             const gboolean *rows,
             const double   *y,
             Design         *out,
             double         *y_out)
{
  size_t m = 0, p = design->p;

  out->p = p;
  out->names = g_ptr_array_ref (design->names);
  out->categorical = g_memdup2 (design->categorical, MAX (p, 1) * sizeof (gboolean));
  out->levels = g_memdup2 (design->levels, MAX (p, 1) * sizeof (size_t));
  out->x = g_new (double, MAX (design->n * p, 1));
  for (size_t i = 0; i < design->n; i++)
    if (rows[i])
      {
        memcpy (out->x + m * p, design->x + i * p, p * sizeof (double));
        y_out[m++] = y[i];
      }
  out->n = m;
}

typedef struct
{
  SegRunContext *context;
  double         from;
  double         to;
} FoldProgress;

static int
fold_progress (double  fraction,
               void   *data)
{
  FoldProgress *progress = data;

  seg_run_context_report (progress->context, progress->from + fraction * (progress->to - progress->from), NULL);
  return !*seg_run_context_get_cancel (progress->context);
}

/* Fits on the rows marked in @rows; their mean target goes to @mean. */
static gpointer
fit_on (SegPredictModel  *self,
        SegRunContext    *context,
        Work             *work,
        const gboolean   *rows,
        double            from,
        double            to,
        double           *mean,
        GError          **error)
{
  SegPredictModelClass *klass = SEG_PREDICT_MODEL_GET_CLASS (self);
  Design part = { 0 };
  g_autofree double *y = g_new (double, MAX (work->design.n, 1));
  FoldProgress progress = { context, from, to };
  SegMonitor monitor = { fold_progress, &progress, seg_run_context_get_cancel (context) };
  SegDesign view;
  gpointer fitted;
  double sum = 0;

  gather_rows (&work->design, rows, work->y, &part, y);
  view = design_view (&part, 0, part.n);
  for (size_t i = 0; i < part.n; i++)
    sum += y[i];
  *mean = part.n > 0 ? sum / (double) part.n : NAN;
  fitted = klass->fit (self, &view, y, NULL, &monitor, error);
  design_clear (&part);

  return fitted;
}

/* What the baseline predicts for row @i: last period's value when the
 * run names a baseline column and the row has one, else the training
 * rows' rate or mean. */
static double
baseline_of (const Raw *raw,
             size_t     i,
             double     mean)
{
  if (raw->previous != NULL && !isnan (raw->previous[i]))
    return raw->previous[i];
  return mean;
}

static gboolean
predict_fit (SegModel       *model,
             SegRunContext  *context,
             GError        **error)
{
  SegPredictModel *self = SEG_PREDICT_MODEL (model);
  SegPredictModelPrivate *priv = seg_predict_model_get_instance_private (self);
  SegPredictModelClass *klass = SEG_PREDICT_MODEL_GET_CLASS (self);
  Work *work = seg_run_context_get_work (context);
  size_t n = work->design.n;
  g_autofree gboolean *rows = g_new0 (gboolean, MAX (n, 1));
  SegDesign all = design_view (&work->design, 0, n);
  int folds = work->cross_validated ? priv->folds : 0;
  double mean;

  work->fold = g_new (int, MAX (n, 1));
  work->prediction = g_new (double, MAX (n, 1));
  work->held_out = g_new (double, MAX (n, 1));
  work->baseline = g_new (double, MAX (n, 1));
  for (size_t i = 0; i < n; i++)
    {
      work->fold[i] = -1;
      work->held_out[i] = work->baseline[i] = NAN;
    }

  if (work->cross_validated)
    {
      g_autofree size_t *labelled = g_new (size_t, MAX (n, 1));
      g_autofree double *y = g_new (double, MAX (n, 1));
      g_autofree int *fold = g_new (int, MAX (n, 1));
      g_autofree double *scores = g_new (double, MAX (n, 1));
      size_t m = 0;

      for (size_t i = 0; i < n; i++)
        if (!isnan (work->y[i]))
          {
            labelled[m] = i;
            y[m++] = work->y[i];
          }
      if (is_classification (self))
        seg_stratified_kfold (y, m, (unsigned) folds, seg_model_get_seed (model), fold);
      else
        seg_kfold (m, (unsigned) folds, seg_model_get_seed (model), fold);
      for (size_t r = 0; r < m; r++)
        work->fold[labelled[r]] = fold[r];

      for (int f = 0; f < folds; f++)
        {
          gpointer fitted;

          seg_run_context_report (context, (double) f / (folds + 1), _("Judging the model on held-out rows"));
          for (size_t i = 0; i < n; i++)
            rows[i] = work->fold[i] >= 0 && work->fold[i] != f;
          fitted = fit_on (self, context, work, rows, (double) f / (folds + 1), (double) (f + 1) / (folds + 1),
                           &mean, error);
          if (fitted == NULL)
            return FALSE;
          klass->predict (self, fitted, &all, scores);
          klass->free_fitted (fitted);
          for (size_t i = 0; i < n; i++)
            if (work->fold[i] == f)
              {
                work->held_out[i] = scores[i];
                work->baseline[i] = baseline_of (work->raw, i, mean);
              }
        }
    }

  seg_run_context_report (context, (double) folds / (folds + 1), _("Fitting the model"));
  for (size_t i = 0; i < n; i++)
    rows[i] = !isnan (work->y[i]) && (work->raw->split == NULL || work->raw->split[i] == SPLIT_TRAIN);
  work->fitted = fit_on (self, context, work, rows, (double) folds / (folds + 1), 1.0, &mean, error);
  work->free_fitted = klass->free_fitted;
  if (work->fitted == NULL)
    return FALSE;
  klass->predict (self, work->fitted, &all, work->prediction);
  if (!work->cross_validated)
    for (size_t i = 0; i < n; i++)
      if (!isnan (work->y[i]) && work->raw->split[i] == SPLIT_TEST)
        {
          work->held_out[i] = work->prediction[i];
          work->baseline[i] = baseline_of (work->raw, i, mean);
        }

  return TRUE;
}

/* Every point of a long curve would bloat the run record: about
 * CURVE_POINTS of them, evenly spaced, the ends always kept. */
static gboolean
keep_point (guint i,
            guint len)
{
  guint step = len > CURVE_POINTS ? (len + CURVE_POINTS - 1) / CURVE_POINTS : 1;

  return i % step == 0 || i + 1 == len;
}

static void
add_triples (JsonBuilder  *builder,
             const char   *name,
             GArray       *points,
             gsize         offset_a,
             gsize         offset_b,
             gsize         offset_c)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < points->len; i++)
    {
      const char *point = points->data + (gsize) i * g_array_get_element_size (points);
      const gsize offsets[3] = { offset_a, offset_b, offset_c };

      if (!keep_point (i, points->len))
        continue;
      json_builder_begin_array (builder);
      for (guint k = 0; k < 3; k++)
        {
          double value;

          memcpy (&value, point + offsets[k], sizeof value);
          if (isfinite (value))
            json_builder_add_double_value (builder, value);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

static void
measure_classification (JsonBuilder  *builder,
                        const double *y,
                        const double *p,
                        const double *base,
                        size_t        m)
{
  g_autoptr(GArray) roc = seg_metrics_roc_curve (y, p, NULL, m);
  g_autoptr(GArray) pr = seg_metrics_pr_curve (y, p, NULL, m);
  g_autoptr(GArray) gains = seg_metrics_gains (y, p, NULL, m, 10);
  g_autoptr(GArray) calibration = seg_metrics_calibration (y, p, m, 10);
  g_autoptr(GArray) calibration_points = g_array_new (FALSE, FALSE, 3 * sizeof (double));
  SegConfusion confusion;

  seg_metrics_confusion (y, p, NULL, m, 0.5, &confusion);
  seg_json_add_double_or_null (builder, "auc", seg_metrics_roc_auc (y, p, NULL, m));
  seg_json_add_double_or_null (builder, "log_loss", seg_metrics_log_loss (y, p, NULL, m));
  seg_json_add_double_or_null (builder, "brier", seg_metrics_brier (y, p, NULL, m));
  seg_json_add_double_or_null (builder, "average_precision", seg_metrics_average_precision (y, p, NULL, m));
  seg_json_add_double_or_null (builder, "accuracy", confusion.accuracy);
  seg_json_add_double_or_null (builder, "precision", confusion.precision);
  seg_json_add_double_or_null (builder, "recall", confusion.recall);
  seg_json_add_double_or_null (builder, "f1", confusion.f1);
  seg_json_add_double_or_null (builder, "base_rate", seg_metrics_base_rate (y, NULL, m));
  seg_json_add_double_or_null (builder, "baseline_auc", seg_metrics_roc_auc (y, base, NULL, m));
  seg_json_add_double_or_null (builder, "baseline_log_loss", seg_metrics_log_loss (y, base, NULL, m));
  seg_json_add_double_or_null (builder, "baseline_brier", seg_metrics_brier (y, base, NULL, m));

  for (guint b = 0; b < calibration->len; b++)
    {
      SegCalibrationBin *bin = &g_array_index (calibration, SegCalibrationBin, b);
      double point[3] = { bin->mean_predicted, bin->fraction_positive, (double) bin->count };

      g_array_append_vals (calibration_points, point, 1);
    }
  json_builder_set_member_name (builder, "curves");
  json_builder_begin_object (builder);
  add_triples (builder, "roc", roc, G_STRUCT_OFFSET (SegRocPoint, fpr),
               G_STRUCT_OFFSET (SegRocPoint, tpr), G_STRUCT_OFFSET (SegRocPoint, threshold));
  add_triples (builder, "pr", pr, G_STRUCT_OFFSET (SegPrPoint, recall),
               G_STRUCT_OFFSET (SegPrPoint, precision), G_STRUCT_OFFSET (SegPrPoint, threshold));
  add_triples (builder, "gains", gains, G_STRUCT_OFFSET (SegGainsPoint, share),
               G_STRUCT_OFFSET (SegGainsPoint, gain), G_STRUCT_OFFSET (SegGainsPoint, lift));
  add_triples (builder, "calibration", calibration_points, 0, sizeof (double), 2 * sizeof (double));
  json_builder_end_object (builder);
}

static void
measure_regression (JsonBuilder  *builder,
                    const double *y,
                    const double *p,
                    const double *base,
                    size_t        m)
{
  SegRegressionMetrics ours, baseline;

  seg_metrics_regression (y, p, NULL, m, &ours);
  seg_metrics_regression (y, base, NULL, m, &baseline);
  seg_json_add_double_or_null (builder, "rmse", ours.rmse);
  seg_json_add_double_or_null (builder, "mae", ours.mae);
  seg_json_add_double_or_null (builder, "r2", ours.r2);
  seg_json_add_double_or_null (builder, "baseline_rmse", baseline.rmse);
  seg_json_add_double_or_null (builder, "baseline_mae", baseline.mae);
  seg_json_add_double_or_null (builder, "baseline_r2", baseline.r2);
}

static gboolean
predict_measure (SegModel       *model,
                 SegRunContext  *context,
                 GError        **error)
{
  SegPredictModel *self = SEG_PREDICT_MODEL (model);
  SegPredictModelPrivate *priv = seg_predict_model_get_instance_private (self);
  SegPredictModelClass *klass = SEG_PREDICT_MODEL_GET_CLASS (self);
  Work *work = seg_run_context_get_work (context);
  size_t n = work->design.n, m = 0;
  g_autofree double *y = g_new (double, MAX (n, 1));
  g_autofree double *p = g_new (double, MAX (n, 1));
  g_autofree double *base = g_new (double, MAX (n, 1));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *metrics = seg_run_context_get_metrics (context);
  JsonObject *figures;
  g_autoptr(GList) names = NULL;

  for (size_t i = 0; i < n; i++)
    if (!isnan (work->held_out[i]))
      {
        y[m] = work->y[i];
        p[m] = work->held_out[i];
        base[m++] = work->baseline[i];
      }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) n);
  json_builder_set_member_name (builder, "rows_trained");
  json_builder_add_int_value (builder, (gint64) work->n_train);
  json_builder_set_member_name (builder, "rows_evaluated");
  json_builder_add_int_value (builder, (gint64) m);
  json_builder_set_member_name (builder, "evaluation");
  json_builder_add_string_value (builder, work->cross_validated ? "cross-validation" : "split");
  json_builder_set_member_name (builder, "baseline");
  json_builder_add_string_value (builder, priv->baseline != NULL ? priv->baseline
                                          : is_classification (self) ? "rate" : "mean");
  json_builder_set_member_name (builder, "folds");
  if (work->cross_validated)
    json_builder_add_int_value (builder, priv->folds);
  else
    json_builder_add_null_value (builder);
  if (is_classification (self))
    measure_classification (builder, y, p, base, m);
  else
    measure_regression (builder, y, p, base, m);
  if (klass->describe != NULL)
    {
      SegDesign view = design_view (&work->design, 0, n);

      json_builder_set_member_name (builder, "model");
      json_builder_add_value (builder, klass->describe (self, work->fitted, &view));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  figures = json_node_get_object (root);
  names = json_object_get_members (figures);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (metrics, l->data, json_object_dup_member (figures, l->data));

  return seg_run_context_check_cancelled (context, error) == FALSE;
}

static void
put_doubles (GByteArray   *bytes,
             const double *values,
             size_t        n)
{
  for (size_t i = 0; i < n; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      bits = GUINT64_TO_LE (bits);
      g_byte_array_append (bytes, (const guint8 *) &bits, sizeof bits);
    }
}

/* The held-out rows: their count (64 bits), then the targets, the
 * predictions and the baseline's, m doubles each, little-endian. */
static GBytes *
evaluation_to_bytes (Work *work)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) p = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 m;

  for (size_t i = 0; i < work->design.n; i++)
    if (!isnan (work->held_out[i]))
      {
        g_array_append_val (y, work->y[i]);
        g_array_append_val (p, work->held_out[i]);
        g_array_append_val (base, work->baseline[i]);
      }
  m = GUINT64_TO_LE ((guint64) y->len);
  g_byte_array_append (bytes, (const guint8 *) &m, sizeof m);
  put_doubles (bytes, (double *) y->data, y->len);
  put_doubles (bytes, (double *) p->data, p->len);
  put_doubles (bytes, (double *) base->data, base->len);

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * seg_predict_read_evaluation:
 * @y: (out) (transfer full): the held-out rows' targets
 * @prediction: (out) (transfer full): the model's predictions of them
 * @baseline: (out) (transfer full): the baseline's
 * @n: (out): how many rows were held out
 *
 * Reads back the held-out predictions a prediction run kept.
 */
gboolean
seg_predict_read_evaluation (SegProject  *project,
                             gint64       run_id,
                             double     **y,
                             double     **prediction,
                             double     **baseline,
                             size_t      *n,
                             GError     **error)
{
  GError *local_error = NULL;
  g_autoptr(GBytes) bytes = seg_project_read_run_state (project, run_id, "evaluation", &local_error);
  double **out[3] = { y, prediction, baseline };
  const guint8 *data;
  gsize size;
  guint64 m;

  if (bytes == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                     _("Run %" PRId64 " is not a prediction run, or kept no evaluation"), run_id);
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size < 8)
    goto corrupt;
  memcpy (&m, data, 8);
  m = GUINT64_FROM_LE (m);
  if (m > (size - 8) / 24 || size != 8 + 24 * m)
    goto corrupt;
  for (guint k = 0; k < 3; k++)
    {
      *out[k] = g_new (double, MAX (m, 1));
      for (guint64 i = 0; i < m; i++)
        {
          guint64 bits;

          memcpy (&bits, data + 8 + (k * m + i) * 8, 8);
          bits = GUINT64_FROM_LE (bits);
          memcpy (&(*out[k])[i], &bits, 8);
        }
    }
  *n = (size_t) m;
  return TRUE;

corrupt:
  g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
               _("Run %" PRId64 " kept a damaged evaluation; run it again"), run_id);
  return FALSE;
}

/* The result table's columns: the key or the row, the target, the split,
 * the fold, the prediction and, for classification, the label. */
static GPtrArray *
result_columns (SegTableInfo *info,
                const char   *key,
                gboolean      with_target,
                gboolean      classification)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_column_info_free);

  if (key != NULL)
    {
      SegColumnInfo *column = seg_table_find_column (info, "--key", key, NULL);

      g_ptr_array_add (columns, seg_column_info_new (column->name, column->type));
    }
  else
    g_ptr_array_add (columns, seg_column_info_new ("row", SEG_COLUMN_INTEGER));
  if (with_target)
    {
      g_ptr_array_add (columns, seg_column_info_new ("target", SEG_COLUMN_REAL));
      g_ptr_array_add (columns, seg_column_info_new ("split", SEG_COLUMN_TEXT));
      g_ptr_array_add (columns, seg_column_info_new ("fold", SEG_COLUMN_INTEGER));
    }
  g_ptr_array_add (columns, seg_column_info_new ("prediction", SEG_COLUMN_REAL));
  if (classification)
    g_ptr_array_add (columns, seg_column_info_new ("label", SEG_COLUMN_INTEGER));

  return columns;
}

static void
bind_key (sqlite3_stmt  *stmt,
          SegColumnType  type,
          const Raw     *raw,
          size_t         i)
{
  if (raw->keys == NULL)
    sqlite3_bind_int64 (stmt, 1, raw->rowids[i]);
  else if (raw->keys[i] == NULL)
    sqlite3_bind_null (stmt, 1);
  else if (type == SEG_COLUMN_INTEGER)
    sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (raw->keys[i], NULL, 10));
  else
    sqlite3_bind_text (stmt, 1, raw->keys[i], -1, SQLITE_TRANSIENT);
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           column,
                     double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
predict_write (SegModel       *model,
               SegRunContext  *context,
               GError        **error)
{
  SegPredictModel *self = SEG_PREDICT_MODEL (model);
  SegPredictModelPrivate *priv = seg_predict_model_get_instance_private (self);
  SegPredictModelClass *klass = SEG_PREDICT_MODEL_GET_CLASS (self);
  Work *work = seg_run_context_get_work (context);
  Raw *raw = work->raw;
  gboolean classification = is_classification (self);
  g_autoptr(GPtrArray) columns = result_columns (seg_run_context_get_table (context), priv->key, TRUE, classification);
  g_autoptr(SegTableWriter) writer = NULL;
  g_autoptr(GBytes) fitted = NULL;
  g_autoptr(GBytes) evaluation = NULL;
  SegColumnType key_type = ((SegColumnInfo *) g_ptr_array_index (columns, 0))->type;
  sqlite3_stmt *stmt;

  writer = seg_run_context_create_table (context, NULL, is_classification (self) ? "classification" : "regression",
                                         columns, (gint64) raw->n, error);
  if (writer == NULL)
    return FALSE;
  stmt = seg_table_writer_get_statement (writer);
  for (size_t i = 0; i < raw->n; i++)
    {
      const char *split = raw->split != NULL ? split_names[raw->split[i]] : isnan (work->y[i]) ? "score" : "train";

      bind_key (stmt, key_type, raw, i);
      bind_double_or_null (stmt, 2, work->y[i]);
      sqlite3_bind_text (stmt, 3, split, -1, SQLITE_STATIC);
      if (work->fold[i] >= 0)
        sqlite3_bind_int64 (stmt, 4, work->fold[i]);
      else
        sqlite3_bind_null (stmt, 4);
      bind_double_or_null (stmt, 5, work->prediction[i]);
      if (classification)
        sqlite3_bind_int (stmt, 6, work->prediction[i] >= 0.5);
      if (!seg_table_writer_step (writer, error))
        return FALSE;
    }
  if (!seg_table_writer_finish (writer, error))
    return FALSE;

  fitted = klass->to_bytes (self, work->fitted);
  evaluation = evaluation_to_bytes (work);

  return seg_run_context_save_state (context, "model", fitted, error) &&
         seg_run_context_save_state (context, "evaluation", evaluation, error);
}

/* The model a run fitted, with its inputs and parameters as recorded. */
static SegPredictModel *
model_of_run (SegRunRecord  *record,
              GError       **error)
{
  g_autoptr(SegModel) model = seg_model_new_for_id (record->algorithm, error);

  if (model == NULL)
    return NULL;
  if (!SEG_IS_PREDICT_MODEL (model))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("Run %" PRId64 " is not a prediction run; it cannot score rows"), record->id);
      return NULL;
    }
  if (record->input != NULL && !seg_model_roles_from_json (model, json_node_get_object (record->input), error))
    return NULL;
  if (record->parameters != NULL &&
      !seg_model_params_from_json (model, json_node_get_object (record->parameters), error))
    return NULL;

  return SEG_PREDICT_MODEL (g_steal_pointer (&model));
}

/**
 * seg_predict_score:
 * @run_id: a classification or regression run
 * @table: the table whose rows to score; it has the run's feature columns
 * @output: (nullable): the name of the table to write, by default
 *   `TABLE_scored_RUN`
 * @output_name: (out) (optional): the table written
 * @rows: (out) (optional): how many rows it has
 *
 * Scores the rows of @table with the model a run fitted, prepared as
 * the run prepared its own (the same imputation, encoding and scaling),
 * and writes the predictions, with the key column when the run had one,
 * as a new table in one transaction: on failure the project is as it was.
 */
gboolean
seg_predict_score (SegProject    *project,
                   gint64         run_id,
                   const char    *table,
                   const char    *output,
                   GCancellable  *cancellable,
                   char         **output_name,
                   gint64        *rows,
                   GError       **error)
{
  g_autoptr(SegRunRecord) record = NULL;
  g_autoptr(SegPredictModel) model = NULL;
  g_autoptr(SegTableInfo) info = NULL;
  g_autoptr(GArray) preps = NULL;
  g_autoptr(Raw) raw = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *name_q = NULL;
  g_autofree double *out = NULL;
  g_autofree char *source = NULL;
  g_autofree char *origin = NULL;
  SegPredictModelClass *klass;
  SegPredictModelPrivate *priv;
  Design design = { 0 };
  SegDesign view;
  GError *local_error = NULL;
  gpointer fitted;
  gboolean classification, ok = TRUE;

  g_return_val_if_fail (SEG_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  record = seg_project_get_run (project, run_id, error);
  if (record == NULL)
    return FALSE;
  model = model_of_run (record, error);
  if (model == NULL)
    return FALSE;
  klass = SEG_PREDICT_MODEL_GET_CLASS (model);
  priv = seg_predict_model_get_instance_private (model);
  classification = is_classification (model);

  info = seg_project_get_table (project, table, error);
  if (info == NULL)
    {
      g_prefix_error (error, "--table: ");
      return FALSE;
    }
  /* The key goes with the rows when the table has it, else the rowid. */
  raw = read_rows (project, info,
                   priv->key != NULL && seg_table_find_column (info, "--key", priv->key, NULL) != NULL ? priv->key : NULL,
                   NULL, NULL, NULL, (const char *const *) priv->features, NULL, error);
  if (raw == NULL)
    return FALSE;
  preps = preps_from_json (record->preprocessing, error);
  if (preps == NULL || !apply_preps (preps, raw, &design, error))
    {
      design_clear (&design);
      return FALSE;
    }

  bytes = seg_project_read_run_state (project, run_id, "model", &local_error);
  if (bytes == NULL)
    {
      design_clear (&design);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_NO_SUCH_RUN,
                     _("Run %" PRId64 " kept no fitted model; run it again"), run_id);
      return FALSE;
    }
  fitted = klass->from_bytes (model, bytes, error);
  if (fitted == NULL)
    {
      design_clear (&design);
      return FALSE;
    }
  out = g_new (double, MAX (raw->n, 1));
  view = design_view (&design, 0, design.n);
  klass->predict (model, fitted, &view, out);
  klass->free_fitted (fitted);
  design_clear (&design);

  name = output != NULL ? g_strdup (output) : g_strdup_printf ("%s_scored_%" G_GINT64_FORMAT, info->name, run_id);
  if (!seg_project_check_table_name (name, error))
    return FALSE;
  if (seg_project_has_table (project, name))
    {
      g_set_error (error, SEG_PROJECT_ERROR, SEG_PROJECT_ERROR_INVALID_OPTION,
                   _("--output: the project already has a table “%s”; choose another name"), name);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  columns = result_columns (info, raw->keys != NULL ? priv->key : NULL, FALSE, classification);
  name_q = seg_quote_identifier (name);
  g_string_append_printf (create, "CREATE TABLE %s (", name_q);
  g_string_append_printf (insert, "INSERT INTO %s VALUES (", name_q);
  for (guint c = 0; c < columns->len; c++)
    {
      SegColumnInfo *column = g_ptr_array_index (columns, c);
      g_autofree char *quoted = seg_quote_identifier (column->name);

      g_string_append_printf (create, "%s%s %s", c > 0 ? ", " : "", quoted, seg_column_type_to_sql (column->type));
      g_string_append (insert, c > 0 ? ", ?" : "?");
    }
  g_string_append (create, ") STRICT");
  g_string_append (insert, ")");

  if (!seg_project_exec (project, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = seg_project_exec (project, create->str, error) &&
       seg_project_prepare (project, insert->str, &stmt, error);
  for (size_t i = 0; ok && i < raw->n; i++)
    {
      int rc;

      bind_key (stmt, ((SegColumnInfo *) g_ptr_array_index (columns, 0))->type, raw, i);
      bind_double_or_null (stmt, 2, out[i]);
      if (classification)
        sqlite3_bind_int (stmt, 3, out[i] >= 0.5);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        ok = seg_project_set_sqlite_error (project, rc, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  source = g_strdup_printf (_("run %" PRId64 " (%s) scoring %s"), run_id, record->algorithm, info->name);
  origin = g_strdup_printf ("{\"kind\":\"scores\",\"run\":%" G_GINT64_FORMAT "}", run_id);
  ok = ok && seg_project_catalog_table (project, name, source, origin, (gint64) raw->n, columns, error);
  ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error);
  if (!ok)
    {
      seg_project_exec (project, "ROLLBACK", NULL);
      return FALSE;
    }
  if (!seg_project_exec (project, "COMMIT", error))
    {
      seg_project_exec (project, "ROLLBACK", NULL);
      return FALSE;
    }
  seg_project_changed (project);

  if (output_name != NULL)
    *output_name = g_steal_pointer (&name);
  if (rows != NULL)
    *rows = (gint64) raw->n;
  return TRUE;
}

static void
seg_predict_model_class_init (SegPredictModelClass *klass)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->load = predict_load;
  model_class->prepare = predict_prepare;
  model_class->fit = predict_fit;
  model_class->measure = predict_measure;
  model_class->write = predict_write;

#define FIELD(name) SEG_PRIVATE_FIELD (SegPredictModel, SegPredictModelPrivate, name)
  seg_model_class_install (model_class, PROP_TABLE,
    seg_param_spec_table ("table", _("Table"), _("The table with one row per customer (or case) to learn from")),
    FIELD (table));
  seg_model_class_install (model_class, PROP_TARGET,
    seg_param_spec_column ("target", _("Target"),
                           _("The column to predict: a yes/no outcome for a classification, a number for a regression"),
                           SEG_COLUMN_KINDS_NUMBER | SEG_COLUMN_KINDS_TEXT, FALSE, NULL),
    FIELD (target));
  seg_model_class_install (model_class, PROP_FEATURES,
    seg_param_spec_columns ("features", _("Features"),
                            _("The columns to predict from; text columns are split into one yes/no feature per value"),
                            SEG_COLUMN_KINDS_NUMBER | SEG_COLUMN_KINDS_TEXT, FALSE),
    FIELD (features));
  seg_model_class_install (model_class, PROP_KEY,
    seg_param_spec_column ("key", _("Key column"),
                           _("The column that names each row in the result, such as the customer; by default the row number"),
                           SEG_COLUMN_KINDS_KEY, TRUE, key_guesses),
    FIELD (key));
  seg_model_class_install (model_class, PROP_SPLIT,
    seg_param_spec_column ("split-column", _("Split column"),
                           _("A column saying train, test or score for each row; without one the model is judged by cross-validation"),
                           SEG_COLUMN_KINDS_TEXT, TRUE, split_guesses),
    FIELD (split));
  seg_model_class_install (model_class, PROP_BASELINE,
    seg_param_spec_column ("baseline-column", _("Last period"),
                           _("A column with last period’s value of the target, such as the spend in the same number of days before the cut-off: the baseline the model is judged against; by default the training rows’ rate or mean"),
                           SEG_COLUMN_KINDS_NUMBER, TRUE, baseline_guesses),
    FIELD (baseline));
  seg_model_class_install (model_class, PROP_FOLDS,
    seg_param_spec_set_advanced (
      g_param_spec_int ("folds", _("Folds"),
                        _("Without a split column: into how many parts the rows are cut to judge the model on each in turn"),
                        2, 100, 5, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)),
    FIELD (folds));
#undef FIELD
}

static void
seg_predict_model_init (SegPredictModel *self)
{
}

/* Called by each concrete class_init after setting its kind. */
void
seg_predict_model_class_set_kind (SegPredictModelClass *klass,
                                  SegModelKind          kind)
{
  SegModelClass *model_class = SEG_MODEL_CLASS (klass);

  model_class->kind = kind;
  model_class->figures = kind == SEG_MODEL_KIND_CLASSIFICATION ? classification_figures : regression_figures;
}
