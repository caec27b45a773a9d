/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "seg-bayes-net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-pack.h"
#include "seg-prob-private.h"

#define BN_MAGIC   "SGBN"
#define BN_VERSION 1

/* States of one variable are stored as bytes; 255 marks a missing one. */
#define MAX_STATES 255
#define MAX_NODES  4096
/* The largest table a node may get, in cells, and the largest factor
 * variable elimination may build. */
#define MAX_CPT_CELLS    (1u << 22)
#define MAX_FACTOR_CELLS ((size_t) 1 << 26)

struct _SegBayesNet
{
  size_t    n_nodes;
  size_t    class_node;
  char    **names;
  size_t   *n_states;
  char   ***labels;       /* per node, n_states labels */
  double  **cuts;         /* per node; NULL for a category variable */
  size_t   *n_cuts;
  guint8   *arrow;        /* n_nodes × n_nodes: arrow[from * n + to] */
  size_t  **parents;      /* increasing node numbers */
  size_t   *n_parents;
  double  **cpt;          /* n_configs × n_states */
  size_t   *n_configs;
  double   *mutual_info;  /* (n_nodes - 1)², or NULL */
  double    alpha;
  SegBayesPrior prior;

  /* The training data, coded, so that an edit can re-estimate tables. */
  size_t    n_rows;
  guint8   *codes;        /* n_rows × n_nodes */
  double   *weight;       /* n_rows, or NULL */
};

void
seg_bayes_net_params_init (SegBayesNetParams *params)
{
  memset (params, 0, sizeof *params);
  params->bins = 4;
  params->alpha = 1.0;
  params->prior = SEG_BAYES_PRIOR_UNIFORM;
  params->structure = SEG_BAYES_STRUCTURE_TAN;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

size_t
seg_bins_equal_frequency (const double *column,
                          size_t        n,
                          size_t        stride,
                          size_t        bins,
                          double       *cuts)
{
  g_autofree double *sorted = g_new (double, MAX (n, 1));
  size_t m = 0, n_cuts = 0;

  for (size_t i = 0; i < n; i++)
    if (!isnan (column[i * stride]))
      sorted[m++] = column[i * stride];
  if (m == 0 || bins < 2)
    return 0;
  qsort (sorted, m, sizeof (double), compare_double);

  /* Bin b holds the values up to the one at rank ⌈(b + 1) m / bins⌉. */
  for (size_t b = 0; b + 1 < bins; b++)
    {
      size_t rank = ((b + 1) * m + bins - 1) / bins;
      double cut = sorted[MAX (rank, 1) - 1];

      if (cut >= sorted[m - 1])
        break;
      if (n_cuts > 0 && cut <= cuts[n_cuts - 1])
        continue;
      cuts[n_cuts++] = cut;
    }

  return n_cuts;
}

size_t
seg_bins_find (const double *cuts,
               size_t        n_cuts,
               double        value)
{
  size_t lo = 0, hi = n_cuts;

  /* The first cut at or above the value. */
  while (lo < hi)
    {
      size_t mid = (lo + hi) / 2;

      if (cuts[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static char **
bin_labels (const double *cuts,
            size_t        n_cuts)
{
  char **labels = g_new0 (char *, n_cuts + 2);

  if (n_cuts == 0)
    {
      labels[0] = g_strdup ("all");
      return labels;
    }
  labels[0] = g_strdup_printf ("≤ %g", cuts[0]);
  for (size_t b = 1; b < n_cuts; b++)
    labels[b] = g_strdup_printf ("%g–%g", cuts[b - 1], cuts[b]);
  labels[n_cuts] = g_strdup_printf ("> %g", cuts[n_cuts - 1]);

  return labels;
}

static char **
code_labels (size_t             n_states,
             const char *const *given)
{
  char **labels = g_new0 (char *, n_states + 1);
  size_t n_given = given != NULL ? g_strv_length ((char **) given) : 0;

  for (size_t k = 0; k < n_states; k++)
    labels[k] = k < n_given ? g_strdup (given[k]) : g_strdup_printf ("%zu", k);

  return labels;
}

static SegBayesNet *
bayes_net_alloc (size_t n_nodes)
{
  SegBayesNet *net = g_new0 (SegBayesNet, 1);

  net->n_nodes = n_nodes;
  net->class_node = n_nodes - 1;
  net->names = g_new0 (char *, n_nodes + 1);
  net->n_states = g_new0 (size_t, n_nodes);
  net->labels = g_new0 (char **, n_nodes);
  net->cuts = g_new0 (double *, n_nodes);
  net->n_cuts = g_new0 (size_t, n_nodes);
  net->arrow = g_new0 (guint8, n_nodes * n_nodes);
  net->parents = g_new0 (size_t *, n_nodes);
  net->n_parents = g_new0 (size_t, n_nodes);
  net->cpt = g_new0 (double *, n_nodes);
  net->n_configs = g_new0 (size_t, n_nodes);
  net->alpha = 1.0;

  return net;
}

void
seg_bayes_net_free (SegBayesNet *net)
{
  if (net == NULL)
    return;
  for (size_t v = 0; v < net->n_nodes; v++)
    {
      g_strfreev (net->labels[v]);
      g_free (net->cuts[v]);
      g_free (net->parents[v]);
      g_free (net->cpt[v]);
    }
  g_strfreev (net->names);
  g_free (net->n_states);
  g_free (net->labels);
  g_free (net->cuts);
  g_free (net->n_cuts);
  g_free (net->arrow);
  g_free (net->parents);
  g_free (net->n_parents);
  g_free (net->cpt);
  g_free (net->n_configs);
  g_free (net->mutual_info);
  g_free (net->codes);
  g_free (net->weight);
  g_free (net);
}

/* Rebuilds a node's parent list from the arrows and sizes its table. */
static void
update_parents (SegBayesNet *net,
                size_t       v)
{
  size_t n = net->n_nodes, k = 0, q = 1;

  g_free (net->parents[v]);
  net->parents[v] = g_new0 (size_t, n);
  for (size_t u = 0; u < n; u++)
    if (net->arrow[u * n + v])
      {
        net->parents[v][k++] = u;
        q *= net->n_states[u];
      }
  net->n_parents[v] = k;
  net->n_configs[v] = q;
}

static size_t
table_cells (const SegBayesNet *net,
             size_t             v,
             size_t             extra_parent)
{
  size_t cells = net->n_states[v];

  for (size_t u = 0; u < net->n_nodes; u++)
    if (net->arrow[u * net->n_nodes + v] || u == extra_parent)
      {
        cells *= net->n_states[u];
        if (cells > MAX_CPT_CELLS)
          return cells;
      }

  return cells;
}

/* Counts the node's family in the training data and turns the counts
 * into conditional probabilities with the Dirichlet prior. */
static void
estimate_cpt (SegBayesNet *net,
              size_t       v)
{
  size_t n = net->n_nodes, r = net->n_states[v], q, np;
  const size_t *pa;
  double *cpt;

  update_parents (net, v);
  q = net->n_configs[v];
  np = net->n_parents[v];
  pa = net->parents[v];
  g_free (net->cpt[v]);
  cpt = net->cpt[v] = g_new0 (double, q * r);

  for (size_t i = 0; i < net->n_rows; i++)
    {
      const guint8 *row = net->codes + i * n;
      size_t config = 0;

      for (size_t k = 0; k < np; k++)
        config = config * net->n_states[pa[k]] + row[pa[k]];
      cpt[config * r + row[v]] += net->weight != NULL ? net->weight[i] : 1.0;
    }

  for (size_t j = 0; j < q; j++)
    {
      double *cell = cpt + j * r;
      double a = net->prior == SEG_BAYES_PRIOR_BDEU ? net->alpha / (q * r) : net->alpha;
      double sum = 0;

      for (size_t k = 0; k < r; k++)
        sum += cell[k] + a;
      for (size_t k = 0; k < r; k++)
        cell[k] = sum > 0 ? (cell[k] + a) / sum : 1.0 / r;
    }
}

SegBayesNet *
seg_bayes_net_new (size_t             n_nodes,
                   const size_t      *n_states,
                   const char *const *names)
{
  SegBayesNet *net;

  g_return_val_if_fail (n_nodes > 0 && n_nodes <= MAX_NODES, NULL);

  net = bayes_net_alloc (n_nodes);
  for (size_t v = 0; v < n_nodes; v++)
    {
      g_return_val_if_fail (n_states[v] > 0 && n_states[v] <= MAX_STATES, NULL);
      net->n_states[v] = n_states[v];
      net->names[v] = names != NULL ? g_strdup (names[v]) : g_strdup_printf ("X%zu", v + 1);
      net->labels[v] = code_labels (n_states[v], NULL);
      estimate_cpt (net, v);
    }

  return net;
}

gboolean
seg_bayes_net_set_cpt (SegBayesNet   *net,
                       size_t         node,
                       const double  *cpt,
                       GError       **error)
{
  size_t r, q;

  g_return_val_if_fail (net != NULL && node < net->n_nodes, FALSE);

  r = net->n_states[node];
  q = net->n_configs[node];
  for (size_t j = 0; j < q; j++)
    {
      double sum = 0;

      for (size_t k = 0; k < r; k++)
        {
          if (!(cpt[j * r + k] >= 0 && cpt[j * r + k] <= 1))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The table of “%s”: %g is not a probability",
                           net->names[node], cpt[j * r + k]);
              return FALSE;
            }
          sum += cpt[j * r + k];
        }
      if (fabs (sum - 1.0) > 1e-9)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The table of “%s”: row %zu sums to %g, not 1",
                       net->names[node], j + 1, sum);
          return FALSE;
        }
    }
  memcpy (net->cpt[node], cpt, q * r * sizeof (double));

  return TRUE;
}

/* Codes the training data: number columns into their bins, categories
 * and classes as they are. */
static gboolean
code_data (SegBayesNet             *net,
           const double            *x,
           size_t                   n,
           size_t                   p,
           const double            *y,
           const gboolean          *categorical,
           const SegBayesNetParams *params,
           GError                 **error)
{
  size_t nn = p + 1;

  net->codes = g_new (guint8, n * nn);

  /* The cuts of the number columns, a column per thread; a value that
   * cannot be binned is refused below. */
#pragma omp parallel for schedule(dynamic, 1)
  for (size_t j = 0; j < p; j++)
    if (categorical == NULL || !categorical[j])
      {
        net->cuts[j] = g_new0 (double, MAX (params->bins, 1));
        net->n_cuts[j] = seg_bins_equal_frequency (x + j, n, p, params->bins, net->cuts[j]);
      }

  for (size_t j = 0; j < p; j++)
    {
      gboolean is_cat = categorical != NULL && categorical[j];
      size_t max_code = 0;

      net->names[j] = params->names != NULL ? g_strdup (params->names[j])
                                            : g_strdup_printf ("Column %zu", j + 1);
      if (!is_cat)
        {
          net->n_states[j] = net->n_cuts[j] + 1;
          net->labels[j] = bin_labels (net->cuts[j], net->n_cuts[j]);
        }
      for (size_t i = 0; i < n; i++)
        {
          double v = x[i * p + j];

          if (is_cat ? !(v >= 0 && v < MAX_STATES && v == floor (v)) : !isfinite (v))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           is_cat ? "Row %zu, column %zu: the category code %g is not a whole number from 0 to 254"
                                  : "Row %zu, column %zu: the value %g is missing or not finite",
                           i + 1, j + 1, v);
              return FALSE;
            }
          if (is_cat)
            {
              net->codes[i * nn + j] = (guint8) v;
              max_code = MAX (max_code, (size_t) v);
            }
          else
            net->codes[i * nn + j] = (guint8) seg_bins_find (net->cuts[j], net->n_cuts[j], v);
        }
      if (is_cat)
        {
          const char *const *given = params->category_labels != NULL ? params->category_labels[j] : NULL;
          size_t n_given = given != NULL ? g_strv_length ((char **) given) : 0;

          net->n_states[j] = MIN (MAX (max_code + 1, n_given), MAX_STATES);
          net->labels[j] = code_labels (net->n_states[j], given);
        }
    }

  {
    size_t max_class = 0;
    size_t n_given = params->class_labels != NULL ? g_strv_length ((char **) params->class_labels) : 0;

    for (size_t i = 0; i < n; i++)
      {
        if (!(y[i] >= 0 && y[i] < MAX_STATES && y[i] == floor (y[i])))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "Row %zu: the class %g is not a whole number from 0 to 254", i + 1, y[i]);
            return FALSE;
          }
        net->codes[i * nn + p] = (guint8) y[i];
        max_class = MAX (max_class, (size_t) y[i]);
      }
    net->names[p] = g_strdup (params->class_name != NULL ? params->class_name : "Class");
    net->n_states[p] = MIN (MAX (max_class + 1, n_given), MAX_STATES);
    net->labels[p] = code_labels (net->n_states[p], params->class_labels);
  }

  return TRUE;
}

/* I(Xa; Xb | C) from the weighted counts of the three. */
static double
conditional_mutual_information (const SegBayesNet *net,
                                size_t             a,
                                size_t             b)
{
  size_t n = net->n_nodes, c = net->class_node;
  size_t ra = net->n_states[a], rb = net->n_states[b], rc = net->n_states[c];
  g_autofree double *joint = g_new0 (double, ra * rb * rc);
  g_autofree double *ac = g_new0 (double, ra * rc);
  g_autofree double *bc = g_new0 (double, rb * rc);
  g_autofree double *cc = g_new0 (double, rc);
  double total = 0, mi = 0;

  for (size_t i = 0; i < net->n_rows; i++)
    {
      const guint8 *row = net->codes + i * n;

      joint[((size_t) row[a] * rb + row[b]) * rc + row[c]] += net->weight != NULL ? net->weight[i] : 1.0;
    }
  for (size_t xa = 0; xa < ra; xa++)
    for (size_t xb = 0; xb < rb; xb++)
      for (size_t k = 0; k < rc; k++)
        {
          double w = joint[(xa * rb + xb) * rc + k];

          ac[xa * rc + k] += w;
          bc[xb * rc + k] += w;
          cc[k] += w;
          total += w;
        }
  if (!(total > 0))
    return 0.0;
  for (size_t xa = 0; xa < ra; xa++)
    for (size_t xb = 0; xb < rb; xb++)
      for (size_t k = 0; k < rc; k++)
        {
          double w = joint[(xa * rb + xb) * rc + k];

          if (w > 0)
            mi += w / total * log (w * cc[k] / (ac[xa * rc + k] * bc[xb * rc + k]));
        }

  return MAX (mi, 0.0);
}

/* The maximum-weight spanning tree of the features (Prim's, from the
 * first feature, the lower number winning ties), with its arrows
 * pointing away from the first feature. */
static void
chow_liu_tree (SegBayesNet *net,
               size_t       p)
{
  g_autofree gboolean *in_tree = g_new0 (gboolean, p);
  g_autofree double *best = g_new (double, p);
  g_autofree size_t *from = g_new0 (size_t, p);

  in_tree[0] = TRUE;
  for (size_t j = 1; j < p; j++)
    best[j] = net->mutual_info[j];
  for (size_t step = 1; step < p; step++)
    {
      size_t next = p;

      for (size_t j = 1; j < p; j++)
        if (!in_tree[j] && (next == p || best[j] > best[next]))
          next = j;
      in_tree[next] = TRUE;
      net->arrow[from[next] * net->n_nodes + next] = 1;
      for (size_t j = 1; j < p; j++)
        if (!in_tree[j] && net->mutual_info[next * p + j] > best[j])
          {
            best[j] = net->mutual_info[next * p + j];
            from[j] = next;
          }
    }
}

SegBayesNet *
seg_bayes_net_fit (const double            *x,
                   size_t                   n,
                   size_t                   p,
                   const double            *y,
                   const double            *weight,
                   const gboolean          *categorical,
                   const SegBayesNetParams *params,
                   const SegMonitor        *monitor,
                   GError                 **error)
{
  g_autoptr(SegBayesNet) net = NULL;
  size_t nn = p + 1, n_pairs = p * (p - 1) / 2;
  SegStage stage;
  int stopped = 0;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n == 0 || p == 0 || nn > MAX_NODES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A Bayesian network needs at least one row and 1 to %d columns (it got %zu × %zu)",
                   MAX_NODES - 1, n, p);
      return NULL;
    }
  if (params->bins < 2 || params->bins > MAX_STATES || !(params->alpha >= 0 && isfinite (params->alpha)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The option bins (%zu) must be from 2 to %d and alpha (%g) at least 0",
                   params->bins, MAX_STATES, params->alpha);
      return NULL;
    }

  net = bayes_net_alloc (nn);
  net->alpha = params->alpha;
  net->prior = params->prior;
  net->n_rows = n;
  if (weight != NULL)
    {
      for (size_t i = 0; i < n; i++)
        if (!(weight[i] >= 0 && isfinite (weight[i])))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "Row %zu: the weight %g is not a finite number of at least 0", i + 1, weight[i]);
            return NULL;
          }
      net->weight = g_memdup2 (weight, n * sizeof (double));
    }
  if (!code_data (net, x, n, p, y, categorical, params, error))
    return NULL;
  if (seg_monitor_report (monitor, 0.1) != 0)
    goto cancelled;

  /* The mutual information of every pair, the pairs shared by the
   * threads; each is summed alone, so the result does not depend on
   * how many threads there are. */
  net->mutual_info = g_new0 (double, p * p);
  seg_stage_init (&stage, monitor, 0.1, 0.9, n_pairs);
  if (params->structure == SEG_BAYES_STRUCTURE_TAN && p > 1)
    {
#pragma omp parallel for schedule(dynamic, 1)
      for (size_t a = 0; a < p; a++)
        for (size_t b = a + 1; b < p; b++)
          {
            double mi;

            if (seg_stage_step (&stage, 1) != 0)
              {
#pragma omp atomic write
                stopped = 1;
                continue;
              }
            mi = conditional_mutual_information (net, a, b);
            net->mutual_info[a * p + b] = mi;
            net->mutual_info[b * p + a] = mi;
          }
      if (stopped)
        goto cancelled;
      chow_liu_tree (net, p);
    }
  for (size_t j = 0; j < p; j++)
    net->arrow[p * nn + j] = 1;
  for (size_t v = 0; v < nn; v++)
    estimate_cpt (net, v);
  if (seg_monitor_report (monitor, 1.0) != 0)
    goto cancelled;

  return g_steal_pointer (&net);

cancelled:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       "The Bayesian network fit was cancelled");
  return NULL;
}

size_t
seg_bayes_net_n_nodes (const SegBayesNet *net)
{
  return net->n_nodes;
}

size_t
seg_bayes_net_class_node (const SegBayesNet *net)
{
  return net->class_node;
}

const char *
seg_bayes_net_node_name (const SegBayesNet *net,
                         size_t             node)
{
  g_return_val_if_fail (node < net->n_nodes, NULL);
  return net->names[node];
}

size_t
seg_bayes_net_n_states (const SegBayesNet *net,
                        size_t             node)
{
  g_return_val_if_fail (node < net->n_nodes, 0);
  return net->n_states[node];
}

const char *
seg_bayes_net_state_label (const SegBayesNet *net,
                           size_t             node,
                           size_t             state)
{
  g_return_val_if_fail (node < net->n_nodes && state < net->n_states[node], NULL);
  return net->labels[node][state];
}

/* The bin cuts of a number column; NULL for a category. */
const double *
seg_bayes_net_cuts (const SegBayesNet *net,
                    size_t             node,
                    size_t            *n_cuts)
{
  g_return_val_if_fail (node < net->n_nodes, NULL);
  *n_cuts = net->n_cuts[node];
  return net->cuts[node];
}

gboolean
seg_bayes_net_has_arrow (const SegBayesNet *net,
                         size_t             from,
                         size_t             to)
{
  g_return_val_if_fail (from < net->n_nodes && to < net->n_nodes, FALSE);
  return net->arrow[from * net->n_nodes + to];
}

const size_t *
seg_bayes_net_parents (const SegBayesNet *net,
                       size_t             node,
                       size_t            *n_parents)
{
  g_return_val_if_fail (node < net->n_nodes, NULL);
  *n_parents = net->n_parents[node];
  return net->parents[node];
}

/* Writes the arrows (when @from and @to are not NULL, room for
 * n_nodes² each) in order of tail then head; returns how many. */
size_t
seg_bayes_net_arrows (const SegBayesNet *net,
                      size_t            *from,
                      size_t            *to)
{
  size_t n = net->n_nodes, k = 0;

  for (size_t u = 0; u < n; u++)
    for (size_t v = 0; v < n; v++)
      if (net->arrow[u * n + v])
        {
          if (from != NULL)
            from[k] = u;
          if (to != NULL)
            to[k] = v;
          k++;
        }

  return k;
}

/* P(node | parents): n_configs rows of n_states, the parents in
 * increasing order with the last one changing fastest. */
const double *
seg_bayes_net_cpt (const SegBayesNet *net,
                   size_t             node,
                   size_t            *n_configs)
{
  g_return_val_if_fail (node < net->n_nodes, NULL);
  *n_configs = net->n_configs[node];
  return net->cpt[node];
}

/* I(a; b | class) of two column nodes, as the tree was learnt from. */
double
seg_bayes_net_mutual_information (const SegBayesNet *net,
                                  size_t             a,
                                  size_t             b)
{
  size_t p = net->n_nodes - 1;

  g_return_val_if_fail (a < p && b < p, NAN);
  if (net->mutual_info == NULL)
    return NAN;
  return net->mutual_info[a * p + b];
}

/* A path along the arrows from @from to @to as "A → B → C", or NULL. */
static char *
find_path (const SegBayesNet *net,
           size_t             from,
           size_t             to)
{
  size_t n = net->n_nodes, head = 0, tail = 0;
  g_autofree size_t *queue = g_new (size_t, n);
  g_autofree size_t *pred = g_new (size_t, n);
  g_autoptr(GPtrArray) names = NULL;

  for (size_t v = 0; v < n; v++)
    pred[v] = G_MAXSIZE;
  pred[from] = from;
  queue[tail++] = from;
  while (head < tail && pred[to] == G_MAXSIZE)
    {
      size_t u = queue[head++];

      for (size_t v = 0; v < n; v++)
        if (net->arrow[u * n + v] && pred[v] == G_MAXSIZE)
          {
            pred[v] = u;
            queue[tail++] = v;
          }
    }
  if (pred[to] == G_MAXSIZE)
    return NULL;

  names = g_ptr_array_new ();
  for (size_t v = to; ; v = pred[v])
    {
      g_ptr_array_insert (names, 0, net->names[v]);
      if (v == from)
        break;
    }
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" → ", (char **) names->pdata);
}

/**
 * seg_bayes_net_add_arrow:
 *
 * Adds the arrow @from → @to unless it would close a cycle, then
 * re-estimates the table of @to from the training data.
 */
gboolean
seg_bayes_net_add_arrow (SegBayesNet  *net,
                         size_t        from,
                         size_t        to,
                         GError      **error)
{
  g_autofree char *path = NULL;
  size_t cells;

  g_return_val_if_fail (net != NULL, FALSE);

  if (from >= net->n_nodes || to >= net->n_nodes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "There is no node %zu in a network of %zu nodes",
                   MAX (from, to), net->n_nodes);
      return FALSE;
    }
  if (from == to)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "An arrow from “%s” to itself would make a cycle", net->names[from]);
      return FALSE;
    }
  if (net->arrow[from * net->n_nodes + to])
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "There is already an arrow %s → %s", net->names[from], net->names[to]);
      return FALSE;
    }
  path = find_path (net, to, from);
  if (path != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Adding %s → %s would make a cycle: %s",
                   net->names[from], net->names[to], path);
      return FALSE;
    }
  cells = table_cells (net, to, from);
  if (cells > MAX_CPT_CELLS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "Adding %s → %s would give the table of %s more than %u cells; remove one of its other arrows first",
                   net->names[from], net->names[to], net->names[to], MAX_CPT_CELLS);
      return FALSE;
    }

  net->arrow[from * net->n_nodes + to] = 1;
  estimate_cpt (net, to);

  return TRUE;
}

gboolean
seg_bayes_net_remove_arrow (SegBayesNet  *net,
                            size_t        from,
                            size_t        to,
                            GError      **error)
{
  g_return_val_if_fail (net != NULL, FALSE);

  if (from >= net->n_nodes || to >= net->n_nodes || !net->arrow[from * net->n_nodes + to])
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "There is no arrow from node %zu to node %zu", from, to);
      return FALSE;
    }
  net->arrow[from * net->n_nodes + to] = 0;
  estimate_cpt (net, to);

  return TRUE;
}

/* Variable elimination. A factor is a table over a few variables in
 * increasing order, the last changing fastest. */
typedef struct
{
  size_t  n_vars;
  size_t *vars;
  size_t *card;
  size_t  size;
  double *val;
} Factor;

static Factor *
factor_new (const SegBayesNet *net,
            const size_t      *vars,
            size_t             n_vars)
{
  Factor *f = g_new0 (Factor, 1);

  f->n_vars = n_vars;
  f->vars = g_memdup2 (vars, MAX (n_vars, 1) * sizeof (size_t));
  f->card = g_new (size_t, MAX (n_vars, 1));
  f->size = 1;
  for (size_t k = 0; k < n_vars; k++)
    {
      f->card[k] = net->n_states[vars[k]];
      f->size *= f->card[k];
    }
  f->val = g_new0 (double, f->size);

  return f;
}

static void
factor_free (gpointer data)
{
  Factor *f = data;

  g_free (f->vars);
  g_free (f->card);
  g_free (f->val);
  g_free (f);
}

static gboolean
factor_has (const Factor *f,
            size_t        v)
{
  for (size_t k = 0; k < f->n_vars; k++)
    if (f->vars[k] == v)
      return TRUE;
  return FALSE;
}

/* The table of a node restricted to the evidence: a factor over the
 * unobserved variables of its family. */
static Factor *
factor_from_cpt (const SegBayesNet *net,
                 size_t             v,
                 const int         *evidence)
{
  size_t n = net->n_nodes, nf = 0;
  g_autofree size_t *free_vars = NULL;
  g_autofree size_t *state = g_new0 (size_t, n);
  Factor *f;

  free_vars = g_new (size_t, net->n_parents[v] + 1);
  for (size_t u = 0; u < n; u++)
    if ((u == v || net->arrow[u * n + v]) && evidence[u] < 0)
      free_vars[nf++] = u;
  f = factor_new (net, free_vars, nf);
  for (size_t u = 0; u < n; u++)
    if (evidence[u] >= 0)
      state[u] = (size_t) evidence[u];

  for (size_t idx = 0; idx < f->size; idx++)
    {
      size_t rest = idx, config = 0;

      for (size_t k = nf; k-- > 0;)
        {
          state[f->vars[k]] = rest % f->card[k];
          rest /= f->card[k];
        }
      for (size_t k = 0; k < net->n_parents[v]; k++)
        {
          size_t u = net->parents[v][k];

          config = config * net->n_states[u] + state[u];
        }
      f->val[idx] = net->cpt[v][config * net->n_states[v] + state[v]];
    }

  return f;
}

/* Multiplies the factors and sums @z out of the product (@z = G_MAXSIZE
 * sums nothing out). Returns NULL when the product would be too large. */
static Factor *
factor_product (const SegBayesNet *net,
                Factor           **factors,
                size_t             n_factors,
                size_t             z)
{
  size_t n = net->n_nodes, n_union = 0, n_out = 0, size = 1;
  g_autofree gboolean *in_union = g_new0 (gboolean, n);
  g_autofree size_t *uvars = g_new (size_t, n);
  g_autofree size_t *ovars = g_new (size_t, n);
  g_autofree size_t *ucard = g_new (size_t, n);
  g_autofree size_t *digit = NULL;
  g_autofree size_t *strides = NULL;   /* n_factors × n_union */
  g_autofree size_t *out_stride = NULL;
  g_autofree size_t *at = NULL;
  Factor *out;
  double max = 0;

  for (size_t i = 0; i < n_factors; i++)
    for (size_t k = 0; k < factors[i]->n_vars; k++)
      in_union[factors[i]->vars[k]] = TRUE;
  for (size_t v = 0; v < n; v++)
    if (in_union[v])
      {
        ucard[n_union] = net->n_states[v];
        size *= ucard[n_union];
        if (size > MAX_FACTOR_CELLS)
          return NULL;
        uvars[n_union++] = v;
        if (v != z)
          ovars[n_out++] = v;
      }
  out = factor_new (net, ovars, n_out);

  /* How far each factor's index and the result's move per step of each
   * variable of the union. */
  strides = g_new0 (size_t, MAX (n_factors * n_union, 1));
  out_stride = g_new0 (size_t, MAX (n_union, 1));
  for (size_t i = 0; i < n_factors; i++)
    {
      size_t s = 1;

      for (size_t k = factors[i]->n_vars; k-- > 0;)
        {
          for (size_t u = 0; u < n_union; u++)
            if (uvars[u] == factors[i]->vars[k])
              strides[i * n_union + u] = s;
          s *= factors[i]->card[k];
        }
    }
  {
    size_t s = 1;

    for (size_t u = n_union; u-- > 0;)
      if (uvars[u] != z)
        {
          out_stride[u] = s;
          s *= ucard[u];
        }
  }

  /* An odometer over the union, each index moved as a digit turns. */
  digit = g_new0 (size_t, MAX (n_union, 1));
  at = g_new0 (size_t, n_factors + 1);
  for (size_t cell = 0; cell < size; cell++)
    {
      double prod = 1.0;

      for (size_t i = 0; i < n_factors; i++)
        prod *= factors[i]->val[at[i]];
      out->val[at[n_factors]] += prod;

      for (size_t u = n_union; u-- > 0;)
        {
          digit[u]++;
          for (size_t i = 0; i < n_factors; i++)
            at[i] += strides[i * n_union + u];
          at[n_factors] += out_stride[u];
          if (digit[u] < ucard[u])
            break;
          for (size_t i = 0; i < n_factors; i++)
            at[i] -= ucard[u] * strides[i * n_union + u];
          at[n_factors] -= ucard[u] * out_stride[u];
          digit[u] = 0;
        }
    }

  /* Scaled so that long chains of small probabilities cannot underflow;
   * the answer is normalised at the end. */
  for (size_t k = 0; k < out->size; k++)
    max = MAX (max, out->val[k]);
  if (max > 0)
    for (size_t k = 0; k < out->size; k++)
      out->val[k] /= max;

  return out;
}

/* The next variable to eliminate: the one whose elimination adds the
 * fewest new edges to the graph of the factors (min-fill), then the
 * smallest product, then the lowest number. */
static size_t
pick_min_fill (const SegBayesNet *net,
               GPtrArray         *factors,
               size_t             query)
{
  size_t n = net->n_nodes, best = G_MAXSIZE, best_fill = G_MAXSIZE;
  double best_size = INFINITY;
  g_autofree guint8 *adj = g_new0 (guint8, n * n);
  g_autofree gboolean *present = g_new0 (gboolean, n);
  g_autofree size_t *nb = g_new (size_t, n);

  for (guint i = 0; i < factors->len; i++)
    {
      Factor *f = g_ptr_array_index (factors, i);

      for (size_t a = 0; a < f->n_vars; a++)
        {
          present[f->vars[a]] = TRUE;
          for (size_t b = 0; b < f->n_vars; b++)
            adj[f->vars[a] * n + f->vars[b]] = 1;
        }
    }
  for (size_t z = 0; z < n; z++)
    {
      size_t k = 0, fill = 0;
      double size = net->n_states[z];

      if (!present[z] || z == query)
        continue;
      for (size_t v = 0; v < n; v++)
        if (v != z && adj[z * n + v])
          {
            nb[k++] = v;
            size *= net->n_states[v];
          }
      for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++)
          fill += !adj[nb[a] * n + nb[b]];
      if (fill < best_fill || (fill == best_fill && size < best_size))
        {
          best = z;
          best_fill = fill;
          best_size = size;
        }
    }

  return best;
}

typedef enum
{
  VE_OK,
  VE_IMPOSSIBLE,
  VE_TOO_LARGE,
} VeStatus;

static VeStatus
eliminate (const SegBayesNet *net,
           size_t             query,
           const int         *evidence,
           double            *posterior)
{
  g_autoptr(GPtrArray) factors = g_ptr_array_new_with_free_func (factor_free);
  size_t r = net->n_states[query];
  double sum = 0;

  /* An observed query is known; the evidence is not weighed. */
  if (evidence[query] >= 0)
    {
      for (size_t k = 0; k < r; k++)
        posterior[k] = k == (size_t) evidence[query];
      return VE_OK;
    }
  for (size_t v = 0; v < net->n_nodes; v++)
    g_ptr_array_add (factors, factor_from_cpt (net, v, evidence));

  for (;;)
    {
      size_t z = pick_min_fill (net, factors, query);
      g_autoptr(GPtrArray) with = g_ptr_array_new_with_free_func (factor_free);
      Factor *product;

      if (z == G_MAXSIZE)
        break;
      for (guint i = factors->len; i-- > 0;)
        if (factor_has (g_ptr_array_index (factors, i), z))
          g_ptr_array_add (with, g_ptr_array_steal_index (factors, i));
      product = factor_product (net, (Factor **) with->pdata, with->len, z);
      if (product == NULL)
        return VE_TOO_LARGE;
      g_ptr_array_add (factors, product);
    }

  {
    Factor *last = factor_product (net, (Factor **) factors->pdata, factors->len, G_MAXSIZE);

    if (last == NULL)
      return VE_TOO_LARGE;
    /* Only the query is left. */
    for (size_t k = 0; k < r; k++)
      {
        posterior[k] = last->n_vars == 1 ? last->val[k] : 0.0;
        sum += posterior[k];
      }
    factor_free (last);
  }
  if (!(sum > 0))
    return VE_IMPOSSIBLE;
  for (size_t k = 0; k < r; k++)
    posterior[k] /= sum;

  return VE_OK;
}

/**
 * seg_bayes_net_query:
 * @net: a network
 * @query: the node asked about
 * @evidence: n_nodes observed states, -1 where not observed
 * @posterior: (out caller-allocates): n_states of @query probabilities
 *
 * P(query | evidence) by variable elimination in min-fill order.
 */
gboolean
seg_bayes_net_query (const SegBayesNet *net,
                     size_t             query,
                     const int         *evidence,
                     double            *posterior,
                     GError           **error)
{
  g_return_val_if_fail (net != NULL && evidence != NULL && posterior != NULL, FALSE);

  if (query >= net->n_nodes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "There is no node %zu in a network of %zu nodes", query, net->n_nodes);
      return FALSE;
    }
  for (size_t v = 0; v < net->n_nodes; v++)
    if (evidence[v] < -1 || evidence[v] >= (int) net->n_states[v])
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "“%s” has no state %d (it has %zu)", net->names[v], evidence[v], net->n_states[v]);
        return FALSE;
      }

  switch (eliminate (net, query, evidence, posterior))
    {
    case VE_OK:
      return TRUE;
    case VE_IMPOSSIBLE:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The observed states have probability 0 in this network");
      return FALSE;
    case VE_TOO_LARGE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "Answering this needs a table of more than %zu cells; observe more variables or remove arrows",
                   MAX_FACTOR_CELLS);
      return FALSE;
    }
}

/**
 * seg_bayes_net_encode_row:
 * @row: the p column values of one row (the class is not read)
 * @states: (out caller-allocates): n_nodes states; -1 for the class,
 *   a missing value (NaN) and a category not seen in training
 *
 * Puts a row's values into the states the network was learnt with,
 * through the same bin cuts.
 */
gboolean
seg_bayes_net_encode_row (const SegBayesNet *net,
                          const double      *row,
                          int               *states,
                          GError           **error)
{
  for (size_t v = 0; v < net->n_nodes; v++)
    {
      double value;

      states[v] = -1;
      if (v == net->class_node)
        continue;
      value = row[v < net->class_node ? v : v - 1];
      if (isnan (value))
        continue;
      if (net->cuts[v] != NULL)
        {
          if (!isfinite (value))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Column %zu (“%s”): the value %g is not finite", v + 1, net->names[v], value);
              return FALSE;
            }
          states[v] = (int) seg_bins_find (net->cuts[v], net->n_cuts[v], value);
        }
      else if (value != floor (value))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Column %zu (“%s”): the category code %g is not a whole number", v + 1, net->names[v], value);
          return FALSE;
        }
      else if (value >= 0 && value < net->n_states[v])
        states[v] = (int) value;
    }

  return TRUE;
}

/* P(class | every other node), from the tables of the nodes whose family
 * holds the class: the rest of the joint does not depend on it. */
static void
class_posterior_direct (const SegBayesNet *net,
                        int               *states,
                        double            *out)
{
  size_t c = net->class_node, n = net->n_nodes, K = net->n_states[c];

  for (size_t k = 0; k < K; k++)
    {
      double lp = 0;

      states[c] = (int) k;
      for (size_t v = 0; v < n; v++)
        {
          size_t config = 0;

          if (v != c && !net->arrow[c * n + v])
            continue;
          for (size_t i = 0; i < net->n_parents[v]; i++)
            {
              size_t u = net->parents[v][i];

              config = config * net->n_states[u] + (size_t) states[u];
            }
          lp += log (net->cpt[v][config * net->n_states[v] + (size_t) states[v]]);
        }
      out[k] = lp;
    }
  states[c] = -1;
  seg_log_normalise (out, K);
}

/**
 * seg_bayes_net_predict_proba:
 * @x: m rows of the p columns
 * @proba: (out caller-allocates): m × n_classes probabilities
 *
 * The class given each row. A row with missing values is answered by
 * variable elimination over them; a row the network finds impossible
 * gets equal probabilities.
 */
gboolean
seg_bayes_net_predict_proba (const SegBayesNet *net,
                             const double      *x,
                             size_t             m,
                             double            *proba,
                             GError           **error)
{
  size_t n = net->n_nodes, p = n - 1, K = net->n_states[net->class_node];
  g_autofree int *all = g_new (int, MAX (m * n, 1));
  gboolean too_large = FALSE;

  g_return_val_if_fail (net != NULL, FALSE);

  for (size_t i = 0; i < m; i++)
    if (!seg_bayes_net_encode_row (net, x + i * p, all + i * n, error))
      {
        g_prefix_error (error, "Row %zu: ", i + 1);
        return FALSE;
      }

#pragma omp parallel for schedule(dynamic, 256) if (m > 1024)
  for (size_t i = 0; i < m; i++)
    {
      int *states = all + i * n;
      gboolean complete = TRUE;
      VeStatus status;

      for (size_t v = 0; v < n; v++)
        complete &= v == net->class_node || states[v] >= 0;
      if (complete)
        {
          class_posterior_direct (net, states, proba + i * K);
          continue;
        }
      status = eliminate (net, net->class_node, states, proba + i * K);
      if (status == VE_TOO_LARGE)
        {
#pragma omp atomic write
          too_large = TRUE;
        }
      if (status != VE_OK)
        for (size_t k = 0; k < K; k++)
          proba[i * K + k] = 1.0 / K;
    }
  if (too_large)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "Scoring rows with missing values needs tables of more than %zu cells; remove arrows",
                   MAX_FACTOR_CELLS);
      return FALSE;
    }

  return TRUE;
}

/**
 * seg_bayes_net_predict:
 * @proba1: (out caller-allocates): m probabilities of class 1
 */
gboolean
seg_bayes_net_predict (const SegBayesNet *net,
                       const double      *x,
                       size_t             m,
                       double            *proba1,
                       GError           **error)
{
  size_t K = net->n_states[net->class_node], c = K > 1 ? 1 : 0;
  g_autofree double *all = g_new (double, MAX (m * K, 1));

  if (!seg_bayes_net_predict_proba (net, x, m, all, error))
    return FALSE;
  for (size_t i = 0; i < m; i++)
    proba1[i] = all[i * K + c];

  return TRUE;
}

GBytes *
seg_bayes_net_to_bytes (const SegBayesNet *net)
{
  SegPackWriter w;
  size_t n = net->n_nodes;

  seg_pack_writer_init (&w, BN_MAGIC, BN_VERSION);
  seg_pack_put_u32 (&w, n);
  seg_pack_put_u32 (&w, net->class_node);
  seg_pack_put_u32 (&w, net->prior);
  seg_pack_put_f64 (&w, net->alpha);
  for (size_t v = 0; v < n; v++)
    {
      seg_pack_put_string (&w, net->names[v]);
      seg_pack_put_u32 (&w, net->n_states[v]);
      for (size_t k = 0; k < net->n_states[v]; k++)
        seg_pack_put_string (&w, net->labels[v][k]);
      seg_pack_put_u32 (&w, net->cuts[v] != NULL ? net->n_cuts[v] + 1 : 0);
      if (net->cuts[v] != NULL)
        seg_pack_put_f64s (&w, net->cuts[v], net->n_cuts[v]);
    }
  seg_pack_put_raw (&w, net->arrow, n * n);
  for (size_t v = 0; v < n; v++)
    seg_pack_put_f64s (&w, net->cpt[v], net->n_configs[v] * net->n_states[v]);
  seg_pack_put_u32 (&w, net->mutual_info != NULL);
  if (net->mutual_info != NULL)
    seg_pack_put_f64s (&w, net->mutual_info, (n - 1) * (n - 1));
  seg_pack_put_u32 (&w, net->n_rows);
  seg_pack_put_u32 (&w, net->weight != NULL);
  seg_pack_put_raw (&w, net->codes, net->n_rows * n);
  if (net->weight != NULL)
    seg_pack_put_f64s (&w, net->weight, net->n_rows);

  return seg_pack_writer_finish (&w);
}

/* Whether the arrows leave no cycle (Kahn's order reaches every node). */
static gboolean
is_acyclic (const SegBayesNet *net)
{
  size_t n = net->n_nodes, done = 0;
  g_autofree size_t *indegree = g_new0 (size_t, n);
  g_autofree size_t *stack = g_new (size_t, n);
  size_t top = 0;

  for (size_t u = 0; u < n; u++)
    for (size_t v = 0; v < n; v++)
      indegree[v] += net->arrow[u * n + v];
  for (size_t v = 0; v < n; v++)
    if (indegree[v] == 0)
      stack[top++] = v;
  while (top > 0)
    {
      size_t u = stack[--top];

      done++;
      for (size_t v = 0; v < n; v++)
        if (net->arrow[u * n + v] && --indegree[v] == 0)
          stack[top++] = v;
    }

  return done == n;
}

SegBayesNet *
seg_bayes_net_from_bytes (GBytes  *bytes,
                          GError **error)
{
  g_autoptr(SegBayesNet) net = NULL;
  SegPackReader r;
  size_t n, has_mi, has_weight;
  const guint8 *raw;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!seg_pack_reader_init (&r, bytes, "Bayesian network", BN_MAGIC, BN_VERSION, error))
    return NULL;
  n = seg_pack_get_count (&r, MAX_NODES);
  if (r.error == NULL && n < 1)
    seg_pack_fail (&r, "it has no nodes");
  if (r.error != NULL)
    goto failed;

  net = bayes_net_alloc (n);
  net->class_node = seg_pack_get_u32 (&r);
  net->prior = seg_pack_get_count (&r, SEG_BAYES_PRIOR_BDEU);
  net->alpha = seg_pack_get_f64 (&r);
  if (r.error == NULL && (net->class_node >= n || !(net->alpha >= 0 && isfinite (net->alpha))))
    seg_pack_fail (&r, "the class node or the prior is out of range");
  for (size_t v = 0; v < n && r.error == NULL; v++)
    {
      size_t nc;

      net->names[v] = seg_pack_get_string (&r);
      net->n_states[v] = seg_pack_get_count (&r, MAX_STATES);
      if (r.error == NULL && net->n_states[v] == 0)
        seg_pack_fail (&r, "node %zu has no states", v + 1);
      if (r.error != NULL)
        break;
      net->labels[v] = g_new0 (char *, net->n_states[v] + 1);
      for (size_t k = 0; k < net->n_states[v] && r.error == NULL; k++)
        net->labels[v][k] = seg_pack_get_string (&r);
      if (r.error != NULL)
        {
          /* A NULL-terminated list even when cut short. */
          for (size_t k = 0; k < net->n_states[v]; k++)
            if (net->labels[v][k] == NULL)
              net->labels[v][k] = g_strdup ("");
          break;
        }
      nc = seg_pack_get_count (&r, MAX_STATES);
      if (nc > 0)
        {
          net->n_cuts[v] = nc - 1;
          if (net->n_cuts[v] + 1 != net->n_states[v])
            seg_pack_fail (&r, "node %zu has %zu cuts for %zu states", v + 1, net->n_cuts[v], net->n_states[v]);
          net->cuts[v] = g_new0 (double, MAX (net->n_cuts[v], 1));
          seg_pack_get_f64s (&r, net->cuts[v], net->n_cuts[v]);
          for (size_t k = 1; k < net->n_cuts[v] && r.error == NULL; k++)
            if (!(net->cuts[v][k] > net->cuts[v][k - 1]))
              seg_pack_fail (&r, "the cuts of node %zu do not increase", v + 1);
        }
    }
  if (r.error != NULL)
    goto failed;

  raw = seg_pack_get_raw (&r, n * n);
  if (raw == NULL)
    goto failed;
  for (size_t k = 0; k < n * n; k++)
    if (raw[k] > 1 || (raw[k] && k / n == k % n))
      {
        seg_pack_fail (&r, "the arrows are garbled");
        goto failed;
      }
  memcpy (net->arrow, raw, n * n);
  if (!is_acyclic (net))
    {
      seg_pack_fail (&r, "the arrows make a cycle");
      goto failed;
    }
  for (size_t v = 0; v < n; v++)
    {
      size_t cells = table_cells (net, v, G_MAXSIZE);

      if (cells > MAX_CPT_CELLS || !seg_pack_fits (&r, cells, 8))
        {
          seg_pack_fail (&r, "the table of node %zu is too large or cut short", v + 1);
          goto failed;
        }
      update_parents (net, v);
      net->cpt[v] = g_new (double, cells);
      seg_pack_get_f64s (&r, net->cpt[v], cells);
      for (size_t j = 0; j < net->n_configs[v]; j++)
        {
          double sum = 0;

          for (size_t k = 0; k < net->n_states[v]; k++)
            {
              double pr = net->cpt[v][j * net->n_states[v] + k];

              if (!(pr >= 0 && pr <= 1))
                sum = NAN;
              sum += pr;
            }
          if (!(fabs (sum - 1.0) < 1e-6))
            {
              seg_pack_fail (&r, "a row of the table of node %zu does not sum to 1", v + 1);
              goto failed;
            }
        }
    }

  has_mi = seg_pack_get_count (&r, 1);
  if (has_mi && r.error == NULL)
    {
      if (!seg_pack_fits (&r, (n - 1) * (n - 1), 8))
        goto failed;
      net->mutual_info = g_new (double, MAX ((n - 1) * (n - 1), 1));
      seg_pack_get_f64s (&r, net->mutual_info, (n - 1) * (n - 1));
    }
  net->n_rows = seg_pack_get_u32 (&r);
  has_weight = seg_pack_get_count (&r, 1);
  if (r.error != NULL || !seg_pack_fits (&r, net->n_rows, n))
    goto failed;
  raw = seg_pack_get_raw (&r, net->n_rows * n);
  for (size_t i = 0; i < net->n_rows * n; i++)
    if (raw[i] >= net->n_states[i % n])
      {
        seg_pack_fail (&r, "the stored data has a state out of range");
        goto failed;
      }
  net->codes = g_memdup2 (raw, MAX (net->n_rows * n, 1));
  if (has_weight)
    {
      if (!seg_pack_fits (&r, net->n_rows, 8))
        goto failed;
      net->weight = g_new (double, MAX (net->n_rows, 1));
      seg_pack_get_f64s (&r, net->weight, net->n_rows);
      for (size_t i = 0; i < net->n_rows; i++)
        if (!(net->weight[i] >= 0 && isfinite (net->weight[i])))
          {
            seg_pack_fail (&r, "a stored weight is negative or not finite");
            goto failed;
          }
    }
  if (!seg_pack_reader_finish (&r, error))
    return NULL;

  return g_steal_pointer (&net);

failed:
  seg_pack_reader_finish (&r, error);
  return NULL;
}
